package gitsync

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/utils/merkletrie"
)

// Committed reports which of a replica's segment paths its own ref holds.
func (r *Repo) Committed(replica string, paths []string) (map[string]bool, error) {
	held := map[string]bool{}
	head := r.ref(replicaRefs + replica)
	if head.IsZero() {
		return held, nil
	}
	c, err := r.git.CommitObject(head)
	if err != nil {
		return nil, err
	}
	tree, err := c.Tree()
	if err != nil {
		return nil, err
	}
	for _, p := range paths {
		if _, err := tree.FindEntry(p); err == nil {
			held[p] = true
		}
	}
	return held, nil
}

// Append commits files onto this replica's own ref: one commit per sync,
// only additions, so the push that follows is a fast-forward.
func (r *Repo) Append(replica string, files []File, when time.Time) error {
	if len(files) == 0 {
		return nil
	}
	name := plumbing.ReferenceName(replicaRefs + replica)
	parent := r.ref(string(name))
	tree := plumbing.ZeroHash
	if !parent.IsZero() {
		c, err := r.git.CommitObject(parent)
		if err != nil {
			return err
		}
		tree = c.TreeHash
	}
	for _, f := range files {
		blob, err := r.writeBlob(f.Data)
		if err != nil {
			return err
		}
		if tree, err = r.insert(tree, strings.Split(f.Path, "/"), blob); err != nil {
			return err
		}
	}
	last := files[len(files)-1].Path
	commit, err := r.commit(tree, parent, fmt.Sprintf("%d segment(s) from replica %s\n\n%s%s\n", len(files), replica, lastTrailer, last), when)
	if err != nil {
		return err
	}
	var old *plumbing.Reference
	if !parent.IsZero() {
		old = plumbing.NewHashReference(name, parent)
	}
	return r.git.Storer.CheckAndSetReference(plumbing.NewHashReference(name, commit), old)
}

const lastTrailer = "Cairn-Last: "

// LastCommitted is the path of the newest file on this replica's own ref,
// as its head commit records it, or "" when unknown: a sync then looks
// only at segments after it.
func (r *Repo) LastCommitted(replica string) string {
	head := r.ref(replicaRefs + replica)
	if head.IsZero() {
		return ""
	}
	c, err := r.git.CommitObject(head)
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(c.Message, "\n") {
		if path, ok := strings.CutPrefix(line, lastTrailer); ok {
			return path
		}
	}
	return ""
}

// Fetched lists the replica refs the last fetch brought, by replica, with
// their heads. A ref whose name is not a replica id is refused.
func (r *Repo) Fetched() (map[string]string, []Refusal, error) {
	refs, err := r.git.Storer.IterReferences()
	if err != nil {
		return nil, nil, err
	}
	heads := map[string]string{}
	refused := append([]Refusal(nil), r.fetchRefused...)
	err = refs.ForEach(func(ref *plumbing.Reference) error {
		replica, ok := strings.CutPrefix(ref.Name().String(), fetchedRefs)
		if !ok {
			return nil
		}
		if !replicaName.MatchString(replica) {
			refused = append(refused, Refusal{Replica: printable(replica), Reason: "its ref name is not a replica id (only a-z, 0-9, - and _ are allowed); it was not read"})
			return nil
		}
		if ref.Type() == plumbing.HashReference {
			heads[replica] = ref.Hash().String()
		}
		return nil
	})
	return heads, refused, err
}

// Incoming returns the files a replica's fetched ref added since the
// commit last imported ("" for none), oldest first, with the new head. It
// refuses the whole ref, with its reason, when its history was rewritten,
// or any new commit does more than add segment files to the replica's own
// folder.
func (r *Repo) Incoming(replica, since string) ([]File, string, error) {
	head := r.ref(fetchedRefs + replica)
	refuse := func(format string, args ...any) ([]File, string, error) {
		return nil, "", &Refusal{Replica: replica, Reason: fmt.Sprintf(format, args...)}
	}
	if head.IsZero() || head.String() == since {
		return nil, since, nil
	}
	var chain []*object.Commit
	for hash := head; hash.String() != since; {
		c, err := r.git.CommitObject(hash)
		if err != nil {
			return refuse("its history cannot be read: %v", err)
		}
		if len(c.ParentHashes) > 1 {
			return refuse("its history has a merge; a replica's ref only ever grows by single commits")
		}
		chain = append(chain, c)
		if len(c.ParentHashes) == 0 {
			if since != "" {
				return refuse("its history was rewritten on the remote (it no longer continues what was imported); nothing of it was taken")
			}
			break
		}
		hash = c.ParentHashes[0]
	}
	var files []File
	for i := len(chain) - 1; i >= 0; i-- {
		added, err := r.added(replica, chain[i])
		if err != nil {
			return nil, "", err
		}
		files = append(files, added...)
	}
	return files, head.String(), nil
}

// added checks what one commit changed and returns the files it added.
func (r *Repo) added(replica string, c *object.Commit) ([]File, error) {
	refuse := func(format string, args ...any) ([]File, error) {
		return nil, &Refusal{Replica: replica, Reason: fmt.Sprintf("commit %.10s ", c.Hash) + fmt.Sprintf(format, args...)}
	}
	tree, err := c.Tree()
	if err != nil {
		return refuse("cannot be read: %v", err)
	}
	parent := &object.Tree{}
	if len(c.ParentHashes) == 1 {
		p, err := r.git.CommitObject(c.ParentHashes[0])
		if err != nil {
			return refuse("has a parent that cannot be read: %v", err)
		}
		if parent, err = p.Tree(); err != nil {
			return refuse("has a parent tree that cannot be read: %v", err)
		}
	}
	changes, err := object.DiffTree(parent, tree)
	if err != nil {
		return refuse("cannot be compared with its parent: %v", err)
	}
	if len(changes) > MaxFilesPerCommit {
		return refuse("changes %d files; a sync adds at most %d", len(changes), MaxFilesPerCommit)
	}
	var files []File
	for _, ch := range changes {
		action, err := ch.Action()
		if err != nil {
			return refuse("cannot be read: %v", err)
		}
		path := ch.To.Name
		if action != merkletrie.Insert {
			return refuse("changes or deletes %s; a replica's ref only ever adds files", printable(ch.From.Name))
		}
		if !safePath(path) {
			return refuse("adds a file with an unsafe name (%s): an absolute path, .., or control characters", printable(path))
		}
		switch ch.To.TreeEntry.Mode {
		case filemode.Regular, filemode.Deprecated:
		case filemode.Symlink:
			return refuse("adds a symbolic link (%s); only segment files are allowed", path)
		case filemode.Submodule:
			return refuse("adds a submodule (%s); only segment files are allowed", path)
		default:
			return refuse("adds %s with file mode %s; only plain segment files are allowed", path, ch.To.TreeEntry.Mode)
		}
		m := segmentPath.FindStringSubmatch(path)
		if m == nil {
			return refuse("adds %s, which is not a segment file name", path)
		}
		if m[1] != replica {
			return refuse("writes into %s's folder; a replica writes only its own", m[1])
		}
		blob, err := r.git.BlobObject(ch.To.TreeEntry.Hash)
		if err != nil {
			return refuse("has a file that cannot be read: %v", err)
		}
		if blob.Size > MaxFileBytes {
			return refuse("adds %s of %d bytes; a segment file is at most %d", path, blob.Size, MaxFileBytes)
		}
		reader, err := blob.Reader()
		if err != nil {
			return refuse("has a file that cannot be read: %v", err)
		}
		data, err := io.ReadAll(io.LimitReader(reader, MaxFileBytes+1))
		reader.Close()
		if err != nil {
			return refuse("has a file that cannot be read: %v", err)
		}
		files = append(files, File{Path: path, Data: data})
	}
	return files, nil
}

// safePath accepts relative slash paths of plain names.
func safePath(p string) bool {
	if p == "" || strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\") {
		return false
	}
	for _, part := range strings.Split(p, "/") {
		if part == "" || part == "." || part == ".." {
			return false
		}
	}
	return !strings.ContainsFunc(p, unicode.IsControl)
}

// printable shows a hostile name without its control characters.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return '?'
		}
		return r
	}, s)
}
