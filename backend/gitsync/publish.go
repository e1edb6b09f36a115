package gitsync

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/transport"
)

// Publish writes a readable snapshot to the remote's main branch: one
// commit whose tree is exactly files, on top of what main holds. When
// someone published first, the push is refused as not a fast-forward;
// Publish then fetches, asks build for the files again (the state may have
// changed with what came in), and retries. Text is never merged.
func (r *Repo) Publish(ctx context.Context, a Auth, when time.Time, build func() ([]File, error)) error {
	auth, err := r.authMethod(a)
	if err != nil {
		return err
	}
	for attempt := 0; attempt < 5; attempt++ {
		if err := r.Fetch(ctx, a); err != nil {
			return err
		}
		files, err := build()
		if err != nil {
			return err
		}
		if len(files) > MaxPublishFiles {
			return fmt.Errorf("a snapshot has at most %d files", MaxPublishFiles)
		}
		var entries []object.TreeEntry
		sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
		for _, f := range files {
			if !safePath(f.Path) || strings.Contains(f.Path, "/") {
				return fmt.Errorf("snapshot file name %q is not a plain file name", f.Path)
			}
			blob, err := r.writeBlob(f.Data)
			if err != nil {
				return err
			}
			entries = append(entries, object.TreeEntry{Name: f.Path, Mode: filemode.Regular, Hash: blob})
		}
		tree, err := r.writeTree(entries)
		if err != nil {
			return err
		}
		parent := r.ref(fetchedMain)
		if !parent.IsZero() {
			if c, err := r.git.CommitObject(parent); err == nil && c.TreeHash == tree {
				return nil // already published as is
			}
		}
		commit, err := r.commit(tree, parent, "Cairn: publish the workspace as it stands", when)
		if err != nil {
			return err
		}
		if err := r.git.Storer.SetReference(plumbing.NewHashReference(publishRef, commit)); err != nil {
			return err
		}
		err = r.git.PushContext(ctx, &git.PushOptions{RemoteName: remoteName, Auth: auth,
			RefSpecs: []config.RefSpec{config.RefSpec(publishRef + ":refs/heads/main")}})
		if err == nil || errors.Is(err, git.NoErrAlreadyUpToDate) {
			return r.pointFolderHeadAtMain()
		}
		if !notFastForward(err) {
			return explain(err)
		}
	}
	return &Refusal{Reason: "others kept publishing at the same moment; try again in a minute"}
}

// Published reads a file of the published main branch as fetched, for
// tests and for showing what a plain clone shows.
func (r *Repo) Published(path string) ([]byte, error) {
	head := r.ref(fetchedMain)
	if head.IsZero() {
		return nil, errors.New("nothing is published yet")
	}
	c, err := r.git.CommitObject(head)
	if err != nil {
		return nil, err
	}
	f, err := c.File(path)
	if err != nil {
		return nil, err
	}
	text, err := f.Contents()
	return []byte(text), err
}

// pointFolderHeadAtMain makes a folder remote's HEAD name main when it
// names a branch that does not exist (a bare repository made with an older
// default), so that a plain git clone checks the snapshot out.
func (r *Repo) pointFolderHeadAtMain() error {
	ep, err := transport.NewEndpoint(r.RemoteURL())
	if err != nil || ep.Protocol != "file" {
		return nil
	}
	remote, err := openGit(ep.Path)
	if err != nil {
		return nil
	}
	defer closeGit(remote)
	head, err := remote.Storer.Reference(plumbing.HEAD)
	if err != nil || head.Type() != plumbing.SymbolicReference {
		return nil
	}
	if _, err := remote.Storer.Reference(head.Target()); err == nil {
		return nil
	}
	return remote.Storer.SetReference(plumbing.NewSymbolicReference(plumbing.HEAD, plumbing.Main))
}
