package gitsync

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// genuineSegment is a file named by its content, as real segments are.
func genuineSegment(replica string, seq uint64, body string) File {
	sum := sha256.Sum256([]byte(body))
	return File{Path: SegmentPath(replica, seq, hex.EncodeToString(sum[:])), Data: []byte(body)}
}

// vandalise commits, on the remote, a change to a replica's ref on top of
// its tip: files set (nil data: removed), and extra root entries.
func (f *fixture) vandalise(replica string, set map[string][]byte, extra ...object.TreeEntry) {
	f.t.Helper()
	remote := f.remoteRepo()
	tip := remote.ref(replicaRefs + replica)
	var files []File
	if !tip.IsZero() {
		c, err := remote.git.CommitObject(tip)
		if err != nil {
			f.t.Fatal(err)
		}
		tree, _ := c.Tree()
		for _, e := range tree.Entries {
			if e.Mode != filemode.Dir && e.Mode != filemode.Regular {
				extra = append(extra, e) // links and such, kept as they are
			}
		}
		tree.Files().ForEach(func(file *object.File) error {
			data, _ := file.Contents()
			if _, changed := set[file.Name]; !changed && file.Mode == filemode.Regular {
				files = append(files, File{Path: file.Name, Data: []byte(data)})
			}
			return nil
		})
	}
	for path, data := range set {
		if data != nil {
			files = append(files, File{Path: path, Data: data})
		}
	}
	root, err := remote.buildTree(files)
	if err != nil {
		f.t.Fatal(err)
	}
	if len(extra) > 0 {
		t, _ := remote.git.TreeObject(root)
		if root, err = remote.writeTree(append(slices.Clone(t.Entries), extra...)); err != nil {
			f.t.Fatal(err)
		}
	}
	commit, err := remote.commit(root, tip, "vandal", when)
	if err != nil {
		f.t.Fatal(err)
	}
	if err := remote.git.Storer.SetReference(plumbing.NewHashReference(plumbing.ReferenceName(replicaRefs+replica), commit)); err != nil {
		f.t.Fatal(err)
	}
}

// Garbage beside a replica's segments is left aside and reported, in one
// report; every valid segment around it is taken; the oversized file is
// never read; and the same tip is neither read nor reported again.
func TestGarbageBesideSegmentsIsLeftAsideOnce(t *testing.T) {
	f := newFixture(t)
	ana, bo := f.repo(), f.repo()
	f.push(ana, "ana", segment("ana", 1, "one"))
	remote := f.remoteRepo()
	link, _ := remote.writeBlob([]byte("/etc/passwd"))
	deep, _ := remote.buildTree([]File{{Path: strings.Repeat("d/", 30) + "file", Data: []byte("deep")}})
	f.vandalise("ana", map[string][]byte{
		"notes.txt": []byte("hello from someone with push access"),
		SegmentPath("ana", 2, strings.Repeat("2", 64)): bytes.Repeat([]byte("x"), MaxFileBytes+1),
		SegmentPath("bo", 1, strings.Repeat("b", 64)):  []byte("in bo's folder"),
		segment("ana", 3, "three").Path:                []byte("three"),
	}, object.TreeEntry{Name: "link", Mode: filemode.Symlink, Hash: link}, object.TreeEntry{Name: "deep", Mode: filemode.Dir, Hash: deep})
	f.fetch(bo)
	in, err := bo.Read("ana", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Files) != 2 || string(in.Files[0].Data) != "one" || string(in.Files[1].Data) != "three" {
		t.Fatalf("took %d files: %+v", len(in.Files), in.Files)
	}
	if in.Damage == nil {
		t.Fatal("the garbage was not reported")
	}
	for _, want := range []string{"5 files", "/d/d (folders nested deeper", "notes.txt (not a segment file name)", "link (a symbolic link", "in bo's folder", "a segment file is at most", "everything else on it was read"} {
		if !strings.Contains(in.Damage.Reason, want) {
			t.Errorf("the report %q lacks %q", in.Damage.Reason, want)
		}
	}
	if bo.blobReads != 2 {
		t.Errorf("%d files read in full; the oversized one must never be", bo.blobReads)
	}
	// The tip read is not read, nor reported, again.
	again, err := bo.Read("ana", in.Head)
	if err != nil || again.Damage != nil || len(again.Files) != 0 || again.Head != in.Head || bo.blobReads != 2 {
		t.Fatalf("the same tip again: %+v, %v, %d reads", again, err, bo.blobReads)
	}
	// What comes next on top of the garbage is read, and only that.
	f.vandalise("ana", map[string][]byte{segment("ana", 4, "four").Path: []byte("four")})
	f.fetch(bo)
	next, err := bo.Read("ana", in.Head)
	if err != nil || next.Damage != nil || len(next.Files) != 1 || string(next.Files[0].Data) != "four" {
		t.Fatalf("after the garbage: %+v, %v", next, err)
	}
}

// A changed segment file is read again (the import judges it); a removed
// genuine segment is reported, removed garbage is not.
func TestChangedAndRemovedFilesOfARef(t *testing.T) {
	f := newFixture(t)
	ana, bo := f.repo(), f.repo()
	one := genuineSegment("ana", 1, "one")
	f.push(ana, "ana", one)
	f.fetch(bo)
	first, _ := bo.Read("ana", "")

	f.vandalise("ana", map[string][]byte{one.Path: []byte("tampered"), "notes.txt": []byte("x")})
	f.fetch(bo)
	changed, err := bo.Read("ana", first.Head)
	if err != nil || len(changed.Files) != 1 || changed.Files[0].Path != one.Path || string(changed.Files[0].Data) != "tampered" {
		t.Fatalf("a changed segment: %+v, %v", changed, err)
	}
	if changed.Damage == nil || !strings.Contains(changed.Damage.Reason, "notes.txt") || strings.Contains(changed.Damage.Reason, one.Path) {
		t.Fatalf("the changed segment is the import's to judge, the notes are reported: %+v", changed.Damage)
	}

	f.vandalise("ana", map[string][]byte{"notes.txt": nil}) // garbage goes
	f.fetch(bo)
	if quiet, _ := bo.Read("ana", changed.Head); quiet.Damage != nil || len(quiet.Files) != 0 {
		t.Fatalf("removing garbage is worth no report: %+v", quiet)
	}
	f.vandalise("ana", map[string][]byte{one.Path: []byte("one")}) // put back
	f.fetch(bo)
	back, _ := bo.Read("ana", changed.Head)
	if len(back.Files) != 1 || string(back.Files[0].Data) != "one" || back.Damage != nil {
		t.Fatalf("the segment put back: %+v", back)
	}
	f.vandalise("ana", map[string][]byte{one.Path: nil})
	f.fetch(bo)
	removed, _ := bo.Read("ana", back.Head)
	if removed.Damage == nil || !strings.Contains(removed.Damage.Reason, "1 file was removed") || !strings.Contains(removed.Damage.Reason, one.Path) {
		t.Fatalf("a removed segment: %+v", removed.Damage)
	}
}

// A ref removed from the remote is dropped at the next fetch and said to
// be gone once.
func TestARemovedRefIsNotedOnce(t *testing.T) {
	f := newFixture(t)
	ana, bo := f.repo(), f.repo()
	f.push(ana, "ana", segment("ana", 1, "one"))
	f.fetch(bo)
	if err := os.Remove(filepath.Join(f.remote, "refs", "cairn", "replicas", "ana")); err != nil {
		t.Fatal(err)
	}
	f.fetch(bo)
	if gone := bo.Gone(); !slices.Equal(gone, []string{"ana"}) {
		t.Fatalf("gone %v", gone)
	}
	if heads, _, _ := bo.Fetched(); len(heads) != 0 {
		t.Fatalf("the removed ref is still listed: %v", heads)
	}
	f.fetch(bo)
	if gone := bo.Gone(); len(gone) != 0 {
		t.Fatalf("said twice: %v", gone)
	}
}

// Cairn's own temporary ref files are never shown as refused refs; a push
// writes none inside refs/ and removes its own old ones, never another's.
func TestTemporaryRefFilesAreNoOnesProblem(t *testing.T) {
	f := newFixture(t)
	ana, reader := f.repo(), f.repo()
	f.push(ana, "ana", segment("ana", 1, "one"))
	replicas := filepath.Join(f.remote, "refs", "cairn", "replicas")
	tip, _ := os.ReadFile(filepath.Join(replicas, "ana"))
	for _, litter := range []string{
		filepath.Join(replicas, ".ana.7.tmp"),
		filepath.Join(replicas, ".bo.123.tmp"),
		filepath.Join(f.remote, tmpFolder, "ana.99.tmp"),
	} {
		os.MkdirAll(filepath.Dir(litter), 0o755)
		if err := os.WriteFile(litter, tip, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f.fetch(reader)
	heads, refused, err := reader.Fetched()
	if err != nil || len(refused) != 0 || len(heads) != 1 {
		t.Fatalf("heads %v, refused %+v, %v", heads, refused, err)
	}
	f.push(ana, "ana", segment("ana", 2, "two"))
	var left []string
	filepath.WalkDir(filepath.Join(f.remote, "refs"), func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(f.remote, path)
			left = append(left, rel)
		}
		return nil
	})
	tmps, _ := os.ReadDir(filepath.Join(f.remote, tmpFolder))
	if want := []string{"refs/cairn/replicas/.bo.123.tmp", "refs/cairn/replicas/ana"}; !slices.Equal(left, want) || len(tmps) != 0 {
		t.Fatalf("refs left %v (want %v), %d temporary files", left, want, len(tmps))
	}
	f.fetch(reader)
	if _, refused, _ := reader.Fetched(); len(refused) != 0 {
		t.Fatalf("refused %+v", refused)
	}
}

// Restore puts exactly a replica's segments back on top of whatever the
// remote holds, once, as a fast-forward.
func TestRestoreContinuesTheRemote(t *testing.T) {
	f := newFixture(t)
	ana := f.repo()
	one, two := genuineSegment("ana", 1, "one"), genuineSegment("ana", 2, "two")
	f.push(ana, "ana", one)
	f.vandalise("ana", map[string][]byte{"notes.txt": []byte("x")})
	f.fetch(ana)
	if ana.OwnChecked("ana") {
		t.Fatal("a ref someone else wrote on is taken as the replica's own")
	}
	vandal := ana.ref(fetchedRefs + "ana")
	keep := func(File) (bool, error) { return false, nil }
	sent, err := ana.Restore("ana", []File{one, two}, when, keep)
	if err != nil || sent != 1 || ana.Repaired("ana") != Changed {
		t.Fatalf("restore: sent %d, %v, repaired %q", sent, err, ana.Repaired("ana"))
	}
	head := ana.ref(replicaRefs + "ana")
	c, _ := ana.git.CommitObject(head)
	if len(c.ParentHashes) != 1 || c.ParentHashes[0] != vandal {
		t.Fatalf("the repair does not continue the remote's tip")
	}
	if err := ana.Push(t.Context(), "ana", Auth{}); err != nil {
		t.Fatal(err)
	}
	reader := f.repo()
	f.fetch(reader)
	in, _ := reader.Read("ana", "")
	if in.Damage != nil || len(in.Files) != 2 {
		t.Fatalf("after the repair a reader finds %+v", in)
	}
	// Nothing more to do at the next sync.
	f.fetch(ana)
	if !ana.OwnChecked("ana") {
		t.Fatal("the repaired ref is not taken as the replica's own")
	}
}

// A push killed between writing a ref and putting it in place leaves the
// new ref outside refs/, where no fetch lists it.
func TestARefIsWrittenOutsideRefs(t *testing.T) {
	f := newFixture(t)
	ana := f.repo()
	var seen []string
	beforeRename = func(tmp string) {
		rel, _ := filepath.Rel(f.remote, tmp)
		seen = append(seen, rel)
		filepath.WalkDir(filepath.Join(f.remote, "refs"), func(path string, d os.DirEntry, err error) error {
			if err == nil && strings.HasSuffix(path, ".tmp") {
				t.Errorf("a temporary file inside refs/: %s", path)
			}
			return nil
		})
	}
	defer func() { beforeRename = func(string) {} }()
	f.push(ana, "ana", segment("ana", 1, "one"))
	f.push(ana, "ana", segment("ana", 2, "two"))
	if len(seen) != 2 || !strings.HasPrefix(seen[0], tmpFolder+string(filepath.Separator)+"ana.") {
		t.Fatalf("temporary refs written at %v", seen)
	}
}

// A folder that cannot be read is reported and the rest taken; the tip is
// not read again, and what comes after it is read whole, so what was in
// that folder is not skipped as if it had been read.
func TestAFolderThatCannotBeReadIsNotSkippedForGood(t *testing.T) {
	f := newFixture(t)
	ana, bo := f.repo(), f.repo()
	f.push(ana, "ana", segment("ana", 1, "one"), segment("ana", 150, "one fifty"))
	f.fetch(bo)
	// One folder of the tree goes missing from Bo's copy.
	c, _ := bo.git.CommitObject(bo.ref(fetchedRefs + "ana"))
	tree, _ := c.Tree()
	folder, err := tree.FindEntry("ana/0000/00/01")
	if err != nil {
		t.Fatal(err)
	}
	h := folder.Hash.String()
	if err := os.Remove(filepath.Join(bo.dir, "objects", h[:2], h[2:])); err != nil {
		t.Fatal(err)
	}
	first, err := bo.Read("ana", "")
	if err != nil || first.Damage == nil || len(first.Files) != 1 || !strings.Contains(first.Damage.Reason, "ana/0000/00/01 (a folder that cannot be read)") {
		t.Fatalf("a folder that cannot be read: %+v, %v", first, err)
	}
	if again, _ := bo.Read("ana", first.Head); again.Damage != nil || len(again.Files) != 0 {
		t.Fatalf("the same tip read again: %+v", again)
	}
	f.push(ana, "ana", segment("ana", 300, "three hundred"))
	f.fetch(bo) // brings the missing folder again
	next, err := bo.Read("ana", first.Head)
	if err != nil || next.Damage != nil || len(next.Files) != 3 {
		t.Fatalf("after it: %+v, %v", next, err)
	}
	if last, _ := bo.Read("ana", next.Head); last.Damage != nil || len(last.Files) != 0 || last.Head != next.Head {
		t.Fatalf("a tip read whole is read: %+v", last)
	}
}
