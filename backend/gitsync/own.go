package gitsync

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// checkedRefs holds, in the local repository only, the last commit of each
// of this computer's replica refs that this replica made or checked itself.
// It is never pushed.
const checkedRefs = "refs/cairn/checked/"

// What Restore found someone else had done to this replica's ref.
const (
	Changed = "changed" // files added, changed or removed, or its history rewritten
	Removed = "removed" // the whole ref deleted from the remote
)

// OwnChecked reports whether this replica's ref can simply be continued
// with new segments: the local ref is the replica's own last commit, and
// the remote holds that commit, one before it, or nothing (it never had
// one). Otherwise someone else wrote there, or a crash lost the local ref,
// and Restore must look at the whole tree first. It costs a look at the
// commits not pushed yet.
func (r *Repo) OwnChecked(replica string) bool {
	local := r.ref(replicaRefs + replica)
	if r.ref(checkedRefs+replica) != local || r.gone[replica] {
		return false
	}
	remote := r.ref(fetchedRefs + replica)
	if remote.IsZero() || remote == local {
		return true
	}
	if before := r.before[replica]; !before.IsZero() && before != remote && r.descends(before, remote) {
		return false // moved back to an older commit
	}
	return r.descends(local, remote)
}

// Restore makes this replica's ref hold exactly files, all its sealed
// segments, continuing what the remote holds: when the tree differs, one
// commit whose tree is exactly files, on top of the local ref when that
// continues the remote's tip, else on top of the remote's tip; never a
// rewrite, so the push that follows is a fast-forward. keep is asked about each file of the
// replica's own folder, named as a segment, that files lack: true keeps it
// (a segment sealed before Cairn kept their bytes), false drops it, an
// error stops everything. Restore returns how many of files the tree
// lacked, and records for Repaired whether someone else had added,
// changed or removed anything.
func (r *Repo) Restore(replica string, files []File, when time.Time, keep func(File) (bool, error)) (int, error) {
	remote, local := r.ref(fetchedRefs+replica), r.ref(replicaRefs+replica)
	base := remote
	if remote.IsZero() || (!local.IsZero() && r.descends(local, remote)) {
		base = local // continues the remote's tip already (or there is none)
	}
	damaged := r.gone[replica]
	baseTree := plumbing.ZeroHash
	if !base.IsZero() {
		c, err := r.git.CommitObject(base)
		if err != nil {
			return 0, err
		}
		baseTree = c.TreeHash
	}
	if before := r.before[replica]; !before.IsZero() && before != remote && !remote.IsZero() && r.descends(before, remote) {
		damaged = true // moved back to an older commit
	}
	want, err := r.buildTree(files)
	if err != nil {
		return 0, err
	}
	diff := r.diffTrees(baseTree, want)
	if len(diff.oldUnreadable) > 0 {
		damaged = true
	}
	// What the remote held at the last fetch: anything of it now missing
	// was removed by someone else.
	var previous *object.Tree
	if before := r.before[replica]; !before.IsZero() && before != base {
		if c, err := r.git.CommitObject(before); err == nil {
			previous, _ = c.Tree()
		}
	}
	added := 0
	kept := append([]File(nil), files...)
	for _, ch := range diff.changes {
		switch {
		case ch.From == nil:
			added++
			if previous != nil {
				if _, err := previous.FindEntry(ch.To.Path); err == nil {
					damaged = true
				}
			}
		case ch.To != nil:
			damaged = true
		default:
			path, mode := ch.From.Path, ch.From.Mode
			if m := segmentPath.FindStringSubmatch(path); m != nil && m[1] == replica && (mode == filemode.Regular || mode == filemode.Deprecated) {
				if data, err := r.readBlob(ch.From.Hash); err == nil {
					ok, err := keep(File{Path: path, Data: data})
					if err != nil {
						return 0, err
					}
					if ok {
						kept = append(kept, File{Path: path, Data: data})
						continue
					}
				}
			}
			damaged = true
		}
	}
	if len(kept) > len(files) {
		if want, err = r.buildTree(kept); err != nil {
			return 0, err
		}
	}
	head := base
	if want != baseTree || base.IsZero() {
		if len(kept) == 0 {
			head = plumbing.ZeroHash // nothing of this replica's, nothing to write
		} else {
			last := kept[0].Path
			for _, f := range kept {
				last = max(last, f.Path)
			}
			msg := fmt.Sprintf("%d segment(s) from replica %s, put back as they were sealed\n\n%s%s\n", len(kept), replica, lastTrailer, last)
			if head, err = r.commit(want, base, msg, when); err != nil {
				return 0, err
			}
		}
	}
	if err := r.setOwn(replica, head); err != nil {
		return 0, err
	}
	if r.repaired == nil {
		r.repaired = map[string]string{}
	}
	switch {
	case r.gone[replica]:
		r.repaired[replica] = Removed
	case damaged:
		r.repaired[replica] = Changed
	}
	return added, nil
}

// Repaired says what Restore put back on this replica's ref during this
// sync: "" (nothing), Changed or Removed.
func (r *Repo) Repaired(replica string) string { return r.repaired[replica] }

// setOwn points this replica's local ref, and the record that it is the
// replica's own, at head (zero: none).
func (r *Repo) setOwn(replica string, head plumbing.Hash) error {
	for _, name := range []string{replicaRefs + replica, checkedRefs + replica} {
		var err error
		if head.IsZero() {
			if !r.ref(name).IsZero() {
				err = r.git.Storer.RemoveReference(plumbing.ReferenceName(name))
			}
		} else {
			err = r.git.Storer.SetReference(plumbing.NewHashReference(plumbing.ReferenceName(name), head))
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// buildTree stores the tree holding exactly files, each tree written once,
// and returns its hash. A file already stored is not written again.
func (r *Repo) buildTree(files []File) (plumbing.Hash, error) {
	type dir struct {
		files map[string]plumbing.Hash
		dirs  map[string]*dir
	}
	newDir := func() *dir { return &dir{files: map[string]plumbing.Hash{}, dirs: map[string]*dir{}} }
	root := newDir()
	for _, f := range files {
		hash := plumbing.ComputeHash(plumbing.BlobObject, f.Data)
		if r.git.Storer.HasEncodedObject(hash) != nil {
			var err error
			if hash, err = r.writeBlob(f.Data); err != nil {
				return plumbing.ZeroHash, err
			}
		}
		parts := strings.Split(f.Path, "/")
		d := root
		for _, p := range parts[:len(parts)-1] {
			if d.dirs[p] == nil {
				d.dirs[p] = newDir()
			}
			d = d.dirs[p]
		}
		d.files[parts[len(parts)-1]] = hash
	}
	var write func(d *dir) (plumbing.Hash, error)
	write = func(d *dir) (plumbing.Hash, error) {
		var entries []object.TreeEntry
		for name, hash := range d.files {
			entries = append(entries, object.TreeEntry{Name: name, Mode: filemode.Regular, Hash: hash})
		}
		names := make([]string, 0, len(d.dirs))
		for name := range d.dirs {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			hash, err := write(d.dirs[name])
			if err != nil {
				return plumbing.ZeroHash, err
			}
			entries = append(entries, object.TreeEntry{Name: name, Mode: filemode.Dir, Hash: hash})
		}
		return r.writeTree(entries)
	}
	return write(root)
}

// ForgetOwn drops this computer's local refs for a replica it no longer
// writes as (its work was taken back to be made again under a new one):
// nothing then tries to push them.
func (r *Repo) ForgetOwn(replica string) error { return r.setOwn(replica, plumbing.ZeroHash) }

// OnRemote gives the segment files the remote's ref for a replica holds,
// as the last fetch brought them, by segment name.
func (r *Repo) OnRemote(replica string) (map[string][]byte, error) {
	in, err := r.Read(replica, "")
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{}
	for _, f := range in.Files {
		if m := segmentName.FindStringSubmatch(f.Path); m != nil {
			files[m[1]] = f.Data
		}
	}
	return files, nil
}
