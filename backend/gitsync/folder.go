package gitsync

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage/filesystem"

	"github.com/cairn-community/cairn/backend/durable"
)

// pushToFolder pushes a replica's ref to a folder remote without go-git's
// receive-pack, which writes a pack's index in place and a ref by
// truncating it: a kill at the wrong moment leaves a remote every member
// fails to read. Here the missing objects are written as one pack (a
// temporary file renamed into place after its index, then flushed: a
// file each was most of a push's time, and left the remote thousands of
// files to copy) and the ref last, the same way, after checking it only
// moves forward (see writeRef).
func (r *Repo) pushToFolder(path, replica string) error {
	remote, err := openGit(path)
	if err != nil {
		return err
	}
	defer closeGit(remote)
	removeOwnLitter(path, replica)
	head := r.ref(replicaRefs + replica)
	refFile := filepath.Join(path, "refs", "cairn", "replicas", replica)
	current := plumbing.ZeroHash
	if data, err := os.ReadFile(refFile); err == nil {
		current = plumbing.NewHash(strings.TrimSpace(string(data)))
	}
	known, err := objectsIn(path)
	if err != nil {
		return err
	}
	if current == head {
		if known.has(head) {
			return nil
		}
	} else if !current.IsZero() && !r.descends(head, current) {
		return &Refusal{Replica: replica, Reason: ForeignHistory}
	}
	// Objects the remote lacks, each before what refers to it.
	missing, err := objectsToCopy(r.git, head, known.has)
	if err != nil {
		return err
	}
	if len(missing) > 0 {
		st, ok := remote.Storer.(*filesystem.Storage)
		if !ok {
			return fmt.Errorf("the remote in %s cannot take a pack", path)
		}
		objects, err := readWholeObjects(r.git.Storer, missing)
		if err != nil {
			return err
		}
		sum, count, err := writePack(st, path, packInput{whole: objects, rediff: true})
		if err != nil {
			return err
		}
		if _, err := checkPack(path, sum, count); err != nil {
			return err
		}
	}
	return writeRef(path, refFile, replica, head)
}

// tmpFolder is where a folder remote's ref is written before it is renamed
// into place: a folder beside refs/, inside the bare repository, that no
// fetch lists, so a kill mid-write leaves nothing any member sees.
const tmpFolder = "cairn-tmp"

// beforeRename lets a test look at the remote at the moment a kill would
// hurt most: the new ref written, not yet in place.
var beforeRename = func(tmp string) {}

// writeRef replaces a folder remote's ref file with head: a temporary file
// in tmpFolder, flushed, then renamed over the ref, and both folders
// flushed. A kill leaves the old ref or the new one.
func writeRef(remote, refFile, replica string, head plumbing.Hash) error {
	tmpDir := filepath.Join(remote, tmpFolder)
	if err := os.MkdirAll(tmpDir, 0o755); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(refFile), 0o755); err != nil {
		return err
	}
	return durable.WriteFileVia(tmpDir, replica+".*.tmp", refFile, []byte(head.String()+"\n"), 0o644, beforeRename)
}

// removeOwnLitter deletes the temporary files a killed push of this
// replica left on a folder remote: in refs/ (where older versions wrote
// them, and where every member's fetch saw them) and in tmpFolder. Only
// this replica's own: another's may be in the middle of its push.
func removeOwnLitter(remote, replica string) {
	for _, pattern := range []string{
		filepath.Join(remote, "refs", "cairn", "replicas", "."+replica+".*.tmp"),
		filepath.Join(remote, tmpFolder, replica+".*.tmp"),
	} {
		litter, _ := filepath.Glob(pattern)
		for _, path := range litter {
			os.Remove(path)
		}
	}
}

// maxObjectsToCopy bounds what one fetch or push copies.
const maxObjectsToCopy = 1_000_000

// objectsToCopy lists the objects of the commits from head back to the
// first one has reports, with the trees and files among them that has
// does not report: oldest commit first, and each object before what
// refers to it, so a copy cut short never leaves a tree without its
// children (a tree the other side has is complete there, as git
// guarantees). Each object is listed once however many commits share it,
// so the work grows with what is new, not with the number of commits
// times the size of the tree.
func objectsToCopy(src *git.Repository, head plumbing.Hash, has func(plumbing.Hash) bool) ([]plumbing.Hash, error) {
	var chain []*object.Commit
	for hash := head; !hash.IsZero() && !has(hash); {
		c, err := src.CommitObject(hash)
		if err != nil {
			return nil, err
		}
		chain = append(chain, c)
		if len(chain) > maxObjectsToCopy {
			return nil, fmt.Errorf("the history is too large to take in one sync")
		}
		if len(c.ParentHashes) == 0 {
			break
		}
		hash = c.ParentHashes[0]
	}
	listed := map[plumbing.Hash]bool{}
	var out []plumbing.Hash
	var walk func(hash plumbing.Hash) error
	walk = func(hash plumbing.Hash) error {
		if listed[hash] || has(hash) {
			return nil
		}
		tree, err := src.TreeObject(hash)
		if err != nil {
			return err
		}
		for _, e := range tree.Entries {
			switch {
			case e.Mode == filemode.Submodule:
				// a submodule names a commit elsewhere: nothing to copy
			case e.Mode == filemode.Dir:
				if err := walk(e.Hash); err != nil {
					return err
				}
			case !listed[e.Hash] && !has(e.Hash):
				listed[e.Hash] = true
				out = append(out, e.Hash)
			}
		}
		listed[hash] = true
		out = append(out, hash)
		if len(out) > maxObjectsToCopy {
			return fmt.Errorf("the history is too large to take in one sync")
		}
		return nil
	}
	for i := len(chain) - 1; i >= 0; i-- {
		if err := walk(chain[i].TreeHash); err != nil {
			return nil, err
		}
		out = append(out, chain[i].Hash)
	}
	return out, nil
}

// descends reports whether ancestor is head or on its first-parent line.
func (r *Repo) descends(head, ancestor plumbing.Hash) bool {
	for hash := head; !hash.IsZero(); {
		if hash == ancestor {
			return true
		}
		c, err := r.git.CommitObject(hash)
		if err != nil || len(c.ParentHashes) == 0 {
			return false
		}
		hash = c.ParentHashes[0]
	}
	return false
}

// removeBrokenPacks deletes pack indexes that cannot be read (go-git
// writes them in place, so a kill leaves them short), with their packs:
// an unreadable index makes the whole repository unreadable, and go-git
// never rewrites an index that exists. The objects come back with the next
// push of whoever pushed them.
func removeBrokenPacks(gitDir string) error {
	indexes, _ := filepath.Glob(filepath.Join(gitDir, "objects", "pack", "*.idx"))
	for _, path := range indexes {
		if readableIndex(path) {
			continue
		}
		if err := os.Remove(path); err != nil {
			return err
		}
		os.Remove(strings.TrimSuffix(path, ".idx") + ".pack")
	}
	return nil
}

// readableIndex checks what a kill leaves of an index written in place:
// a short file. Its header gives how many objects it lists, and so its
// length (each object's name, check and place, the large places of a
// pack over 2 GiB, and two checksums); reading the whole of every index
// at every sync cost more as the history grew.
func readableIndex(path string) bool {
	objects, size, err := indexHeader(path)
	least := indexHeaderBytes + objects*(20+4+4) + 2*20
	return err == nil && size >= least && size <= least+objects*8
}

// fetchFromFolder copies what a folder remote's replica refs and main
// branch hold that the local repository lacks, reading the remote's files
// directly: go-git's upload-pack walks the whole history on every fetch,
// which makes a sync slower with every sync; this walks only what is new.
func (r *Repo) fetchFromFolder(path string) error {
	remote, err := openGit(path)
	if err != nil {
		return err
	}
	defer closeGit(remote)
	refs, err := remote.Storer.IterReferences()
	if err != nil {
		return err
	}
	type target struct {
		local string
		head  plumbing.Hash
	}
	var targets []target
	held := map[string]bool{} // the replica refs the remote holds
	err = refs.ForEach(func(ref *plumbing.Reference) error {
		name := ref.Name().String()
		if ref.Type() != plumbing.HashReference {
			return nil
		}
		if replica, ok := strings.CutPrefix(name, replicaRefs); ok {
			if cairnTemporary(replica) {
				return nil
			}
			if !replicaName.MatchString(replica) {
				r.fetchRefused = append(r.fetchRefused, Refusal{Replica: printable(replica), Head: ref.Hash().String(), Reason: "its ref name is not a replica id (only a-z, 0-9, - and _ are allowed); it was not read"})
				return nil
			}
			held[replica] = true
			targets = append(targets, target{fetchedRefs + replica, ref.Hash()})
		} else if name == "refs/heads/main" {
			targets = append(targets, target{fetchedMain, ref.Hash()})
		}
		return nil
	})
	if err != nil {
		return err
	}
	// Refs the remote no longer holds are dropped, as git's fetch --prune
	// does; Fetch notes them.
	for replica := range r.fetchedTips() {
		if !held[replica] {
			if err := r.git.Storer.RemoveReference(plumbing.ReferenceName(fetchedRefs + replica)); err != nil {
				return err
			}
		}
	}
	for _, t := range targets {
		replica := strings.TrimPrefix(t.local, fetchedRefs)
		if err := r.copyHistory(remote, path, t.head); err != nil {
			r.fetchRefused = append(r.fetchRefused, Refusal{Replica: printable(replica), Head: t.head.String(), Reason: "its ref cannot be fetched (" + printable(err.Error()) + "); nothing of it was taken"})
			continue
		}
		if err := r.git.Storer.SetReference(plumbing.NewHashReference(plumbing.ReferenceName(t.local), t.head)); err != nil {
			return err
		}
	}
	return nil
}

// copyHistory copies the commits from head back to the first one the
// local repository has, with their trees and files, each object checked
// against its hash as it is stored.
func (r *Repo) copyHistory(remote *git.Repository, remoteDir string, head plumbing.Hash) error {
	known, err := objectsIn(r.dir)
	if err != nil {
		return err
	}
	missing, err := objectsToCopy(remote, head, known.has)
	if err != nil {
		return err
	}
	if len(missing) >= packAtLeast {
		return r.copyAsPack(remote, remoteDir, missing)
	}
	for _, hash := range missing {
		obj, err := remote.Storer.EncodedObject(plumbing.AnyObject, hash)
		if err != nil {
			return err
		}
		stored, err := r.git.Storer.SetEncodedObject(obj)
		if err != nil {
			return err
		}
		if stored != hash {
			return fmt.Errorf("object %s does not match its content", hash)
		}
	}
	return nil
}

// packAtLeast is how many objects a fetch copies into one pack rather
// than one file each: a join or a catch-up after weeks away writes
// thousands, and a file each is most of its time.
const packAtLeast = 256

// copyAsPack writes the objects into one new local pack, copying what
// the remote's packs store for them (a difference stays a difference,
// nothing is compressed again; go-git's encoder, used before, rebuilt
// every object and was most of a join's time), and reading whole those
// the remote holds loose. Every object is read back whole and must hash
// to its name: one that does not refuses the whole copy, and nothing was
// taken.
func (r *Repo) copyAsPack(remote *git.Repository, remoteDir string, objects []plumbing.Hash) error {
	st, ok := r.git.Storer.(*filesystem.Storage)
	if !ok {
		return fmt.Errorf("the local repository cannot take a pack")
	}
	packs, err := listPacks(remoteDir)
	if err != nil {
		return err
	}
	// The names the remote's indexes list, as the push and the fetch
	// read them (once per process while an index is unchanged).
	known, err := objectsIn(remoteDir)
	if err != nil {
		return err
	}
	want := make(map[plumbing.Hash]bool, len(objects))
	var loose []plumbing.Hash
	for _, h := range objects {
		want[h] = true
		if !known.inPacks(h) {
			loose = append(loose, h)
		}
	}
	whole, err := readWholeObjects(remote.Storer, loose)
	if err != nil {
		return err
	}
	sum, count, err := writePack(st, r.dir, packInput{whole: whole, dir: remoteDir, packs: packs, only: want, verify: true})
	if err == nil && count != len(want) {
		err = fmt.Errorf("%d objects of %d were copied", count, len(want))
	}
	if err == nil {
		_, err = checkPack(r.dir, sum, count)
	}
	if err != nil {
		if !sum.IsZero() {
			st.DeleteOldObjectPackAndIndex(sum, time.Time{})
		}
		r.reopen()
		return err
	}
	r.reopen() // to read the new pack
	return nil
}

// reopen opens the local repository afresh: go-git keeps the indexes of
// the packs it has read, deleted ones too.
func (r *Repo) reopen() {
	if fresh, err := openGit(r.dir); err == nil {
		closeGit(r.git)
		r.git = fresh
	}
}
