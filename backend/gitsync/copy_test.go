package gitsync

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage/filesystem"
	"github.com/go-git/go-git/v5/storage/memory"
)

// TestCopiesListEachObjectOnceChildrenFirst: a history of commits that
// each add one file under shared folders lists each object once, and
// every object before anything that refers to it, so a copy cut short
// never leaves a tree without its children. It is what keeps a join
// linear in the history instead of quadratic.
func TestCopiesListEachObjectOnceChildrenFirst(t *testing.T) {
	src, err := git.Init(memory.NewStorage(), nil)
	if err != nil {
		t.Fatal(err)
	}
	store := src.Storer
	put := func(o interface {
		Encode(plumbing.EncodedObject) error
	}) plumbing.Hash {
		obj := store.NewEncodedObject()
		if err := o.Encode(obj); err != nil {
			t.Fatal(err)
		}
		h, err := store.SetEncodedObject(obj)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	blob := func(text string) plumbing.Hash {
		obj := store.NewEncodedObject()
		obj.SetType(plumbing.BlobObject)
		w, _ := obj.Writer()
		w.Write([]byte(text))
		w.Close()
		h, err := store.SetEncodedObject(obj)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	// Each commit adds one file to a folder of its own group of ten, so
	// most folders are shared with the commit before.
	var files [][]object.TreeEntry
	parent := plumbing.ZeroHash
	var heads []plumbing.Hash
	for i := 0; i < 60; i++ {
		if i%10 == 0 {
			files = append(files, nil)
		}
		files[len(files)-1] = append(files[len(files)-1], object.TreeEntry{Name: fmt.Sprintf("f%03d", i), Mode: filemode.Regular, Hash: blob(fmt.Sprint(i))})
		var root object.Tree
		for g, entries := range files {
			root.Entries = append(root.Entries, object.TreeEntry{Name: fmt.Sprintf("g%d", g), Mode: filemode.Dir, Hash: put(&object.Tree{Entries: entries})})
		}
		c := &object.Commit{Author: object.Signature{When: time.Unix(0, 0)}, Committer: object.Signature{When: time.Unix(0, 0)},
			Message: fmt.Sprint(i), TreeHash: put(&root)}
		if !parent.IsZero() {
			c.ParentHashes = []plumbing.Hash{parent}
		}
		parent = put(c)
		heads = append(heads, parent)
	}
	// From nothing, and from a copy that has the first 25 commits.
	for _, haveUpTo := range []int{-1, 24} {
		have := map[plumbing.Hash]bool{}
		if haveUpTo >= 0 {
			list, err := objectsToCopy(src, heads[haveUpTo], func(plumbing.Hash) bool { return false })
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range list {
				have[h] = true
			}
		}
		list, err := objectsToCopy(src, heads[len(heads)-1], func(h plumbing.Hash) bool { return have[h] })
		if err != nil {
			t.Fatal(err)
		}
		at := map[plumbing.Hash]int{}
		for i, h := range list {
			if _, twice := at[h]; twice || have[h] {
				t.Fatalf("object %s listed twice or already there", h)
			}
			at[h] = i
		}
		present := func(h plumbing.Hash, before int) {
			t.Helper()
			if i, listed := at[h]; !have[h] && (!listed || i > before) {
				t.Fatalf("object %s is not there before what refers to it", h)
			}
		}
		for _, h := range list {
			if c, err := src.CommitObject(h); err == nil {
				present(c.TreeHash, at[h])
				for _, p := range c.ParentHashes {
					present(p, at[h])
				}
			} else if tree, err := src.TreeObject(h); err == nil {
				for _, e := range tree.Entries {
					present(e.Hash, at[h])
				}
			}
		}
		present(heads[len(heads)-1], len(list))
	}
}

// A fetch of many objects (a join, a catch-up after weeks away) takes
// them as one pack, and reads back every segment; a remote object whose
// content does not match its name is refused there too, and nothing of
// that replica is taken.
func TestALargeFetchTakesOnePackAndRefusesForgedObjects(t *testing.T) {
	f := newFixture(t)
	w := f.repo()
	const pushes = 80
	for i := 1; i <= pushes; i++ {
		f.push(w, "ana", segment("ana", uint64(i), fmt.Sprintf("segment %d", i)))
	}
	reader := f.repo()
	f.fetch(reader)
	packs, _ := filepath.Glob(filepath.Join(reader.dir, "objects", "pack", "*.pack"))
	if len(packs) != 1 {
		t.Fatalf("a fetch of %d pushes left %d packs", pushes, len(packs))
	}
	if files, _, err := reader.Incoming("ana", ""); err != nil || len(files) != pushes {
		t.Fatalf("read back %d of %d segments (%v)", len(files), pushes, err)
	}

	// Forge one segment's blob on the remote: same name, other content,
	// in a pack holding everything the remote holds, which replaces its
	// packs.
	forged := segment("ana", 7, "segment 7")
	blob := plumbing.ComputeHash(plumbing.BlobObject, forged.Data)
	remote, err := git.PlainOpen(f.remote)
	if err != nil {
		t.Fatal(err)
	}
	st := remote.Storer.(*filesystem.Storage)
	old, _ := st.ObjectPacks()
	var all []plumbing.Hash
	iter, _ := st.IterEncodedObjects(plumbing.AnyObject)
	iter.ForEach(func(o plumbing.EncodedObject) error { all = append(all, o.Hash()); return nil })
	out, err := newPackOut(st, len(all))
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range all {
		obj, _ := st.EncodedObject(plumbing.AnyObject, h)
		content, _ := readContent(obj)
		if h == blob {
			content = []byte("forged!!!")
		}
		if err := out.object(h, obj.Type(), content, 0); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := out.save(); err != nil {
		t.Fatal(err)
	}
	for _, h := range old {
		st.DeleteOldObjectPackAndIndex(h, time.Time{})
	}
	newcomer := f.repo()
	f.fetch(newcomer)
	heads, refused, err := newcomer.Fetched()
	if err != nil || heads["ana"] != "" || len(refused) != 1 || !strings.Contains(refused[0].Reason, "does not match its content") {
		t.Fatalf("a forged object was taken: heads %v, refused %+v, %v", heads, refused, err)
	}
	if packs, _ := filepath.Glob(filepath.Join(newcomer.dir, "objects", "pack", "*.pack")); len(packs) != 0 {
		t.Fatalf("the refused fetch left %d packs behind", len(packs))
	}
}
