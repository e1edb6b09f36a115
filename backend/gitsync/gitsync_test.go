package gitsync

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

var when = time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)

// segment is a file name and bytes as a replica would push them.
func segment(replica string, seq uint64, body string) File {
	name := fmt.Sprintf("%064x", seq)
	return File{Path: SegmentPath(replica, seq, name), Data: []byte(body)}
}

type fixture struct {
	t      *testing.T
	remote string
}

func newFixture(t *testing.T) *fixture {
	t.Setenv("PATH", "") // no git binary: the in-process file server serves
	return &fixture{t: t, remote: filepath.Join(t.TempDir(), "remote.git")}
}

// repo opens a fresh local repository pointed at the remote.
func (f *fixture) repo() *Repo {
	r, err := Open(filepath.Join(f.t.TempDir(), "git"))
	if err != nil {
		f.t.Fatal(err)
	}
	if err := r.SetRemote(f.remote); err != nil {
		f.t.Fatal(err)
	}
	return r
}

func (f *fixture) push(r *Repo, replica string, files ...File) {
	f.t.Helper()
	if err := r.Append(replica, files, when); err != nil {
		f.t.Fatal(err)
	}
	if err := r.Push(context.Background(), replica, Auth{}); err != nil {
		f.t.Fatal(err)
	}
}

// forcePush writes a hand-made commit of tree entries straight to a
// replica's ref on the remote, as a hostile remote could hold.
func (f *fixture) forcePush(r *Repo, replica string, parent plumbing.Hash, entries []object.TreeEntry) plumbing.Hash {
	f.t.Helper()
	tree, err := r.writeTree(entries)
	if err != nil {
		f.t.Fatal(err)
	}
	commit, err := r.commit(tree, parent, "hostile", when)
	if err != nil {
		f.t.Fatal(err)
	}
	name := plumbing.ReferenceName(replicaRefs + replica)
	if err := r.git.Storer.SetReference(plumbing.NewHashReference(name, commit)); err != nil {
		f.t.Fatal(err)
	}
	err = r.git.Push(&git.PushOptions{RemoteName: remoteName, RefSpecs: []config.RefSpec{config.RefSpec("+" + name + ":" + name)}})
	if err != nil && !errors.Is(err, git.NoErrAlreadyUpToDate) {
		f.t.Fatal(err)
	}
	return commit
}

// remoteRepo opens the remote itself, to write into it what a hostile
// remote could hold, without going through go-git's checks on push.
func (f *fixture) remoteRepo() *Repo {
	f.t.Helper()
	r, err := git.PlainOpen(f.remote)
	if err != nil {
		f.t.Fatal(err)
	}
	return &Repo{git: r, dir: f.remote}
}

// setRef points a replica's ref on the remote at a commit of tree.
func (f *fixture) setRef(remote *Repo, replica string, tree plumbing.Hash) {
	f.t.Helper()
	commit, err := remote.commit(tree, plumbing.ZeroHash, "hostile", when)
	if err != nil {
		f.t.Fatal(err)
	}
	if err := remote.git.Storer.SetReference(plumbing.NewHashReference(plumbing.ReferenceName(replicaRefs+replica), commit)); err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) fetch(r *Repo) {
	f.t.Helper()
	if err := r.Fetch(context.Background(), Auth{}); err != nil {
		f.t.Fatal(err)
	}
}

func TestReplicasExchangeOnlyWhatIsNew(t *testing.T) {
	f := newFixture(t)
	ana, bo := f.repo(), f.repo()
	f.push(ana, "ana", segment("ana", 1, "one"))
	f.fetch(bo)
	files, head, err := bo.Incoming("ana", "")
	if err != nil || len(files) != 1 || string(files[0].Data) != "one" {
		t.Fatalf("first fetch: %v %+v", err, files)
	}
	f.push(ana, "ana", segment("ana", 2, "two"), segment("ana", 3, "three"))
	f.fetch(bo)
	files, next, err := bo.Incoming("ana", head)
	if err != nil || len(files) != 2 || string(files[0].Data) != "two" || string(files[1].Data) != "three" {
		t.Fatalf("second fetch: %v %+v", err, files)
	}
	if files, _, _ := bo.Incoming("ana", next); len(files) != 0 {
		t.Fatalf("nothing new, yet %d files", len(files))
	}
	// The remote holds the replica's ref at what Bo read.
	remote, err := git.PlainOpen(f.remote)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := remote.Reference(plumbing.ReferenceName(replicaRefs+"ana"), true)
	if err != nil || ref.Hash().String() != next {
		t.Fatalf("the remote's ana ref is %v (%v), want %s", ref, err, next)
	}
}

func TestAReplicaCannotOverwriteAnothersHistory(t *testing.T) {
	f := newFixture(t)
	first, copy := f.repo(), f.repo()
	f.push(first, "ana", segment("ana", 1, "one"))
	// A second computer claiming the same replica pushes another history.
	if err := copy.Append("ana", []File{segment("ana", 1, "other")}, when); err != nil {
		t.Fatal(err)
	}
	var refusal *Refusal
	if err := copy.Push(context.Background(), "ana", Auth{}); !errors.As(err, &refusal) || !strings.Contains(refusal.Reason, "never overwrites") {
		t.Fatalf("a non-fast-forward push: %v", err)
	}
}

// Each hostile shape of a replica's ref is left aside with its own reason,
// or, for what the remote cannot even hand over, refused at fetch.
func TestHostileEntriesAreLeftAsideWithTheirReason(t *testing.T) {
	blob := func(r *Repo, data []byte) plumbing.Hash {
		h, err := r.writeBlob(data)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	// tree writes entries as raw bytes: go-git refuses to encode names
	// like "..", but a hostile remote is not go-git.
	tree := func(r *Repo, entries ...object.TreeEntry) plumbing.Hash {
		var raw bytes.Buffer
		for _, e := range entries {
			fmt.Fprintf(&raw, "%o %s\x00", e.Mode, e.Name)
			raw.Write(e.Hash[:])
		}
		obj := r.git.Storer.NewEncodedObject()
		obj.SetType(plumbing.TreeObject)
		w, _ := obj.Writer()
		w.Write(raw.Bytes())
		w.Close()
		h, err := r.git.Storer.SetEncodedObject(obj)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	// nest puts entries in a replica's folder as SegmentPath lays it out.
	nest := func(r *Repo, replica string, entries ...object.TreeEntry) []object.TreeEntry {
		h := tree(r, entries...)
		for _, name := range []string{"00", "00", "0000"} {
			h = tree(r, object.TreeEntry{Name: name, Mode: filemode.Dir, Hash: h})
		}
		return []object.TreeEntry{{Name: replica, Mode: filemode.Dir, Hash: h}}
	}
	inFolder := func(r *Repo, entries ...object.TreeEntry) []object.TreeEntry { return nest(r, "evil", entries...) }
	good := fmt.Sprintf("%012d-%064x.seg", 1, 1)
	for _, c := range []struct {
		name, want string
		entries    func(r *Repo) []object.TreeEntry
	}{
		{"dot-dot name", "evil/0000/00/00/.. (an unsafe name", func(r *Repo) []object.TreeEntry {
			return inFolder(r, object.TreeEntry{Name: "..", Mode: filemode.Regular, Hash: blob(r, []byte("x"))})
		}},
		{"control character", "evil/0000/00/00/a?[31mred (an unsafe name", func(r *Repo) []object.TreeEntry {
			return inFolder(r, object.TreeEntry{Name: "a\x1b[31mred", Mode: filemode.Regular, Hash: blob(r, []byte("x"))})
		}},
		{"symlink", "symbolic link", func(r *Repo) []object.TreeEntry {
			return inFolder(r, object.TreeEntry{Name: good, Mode: filemode.Symlink, Hash: blob(r, []byte("/etc/passwd"))})
		}},
		{"submodule", "submodule", func(r *Repo) []object.TreeEntry {
			return inFolder(r, object.TreeEntry{Name: good, Mode: filemode.Submodule, Hash: plumbing.NewHash(strings.Repeat("ab", 20))})
		}},
		{"oversized", "segment file is at most", func(r *Repo) []object.TreeEntry {
			return inFolder(r, object.TreeEntry{Name: good, Mode: filemode.Regular, Hash: blob(r, bytes.Repeat([]byte("x"), MaxFileBytes+1))})
		}},
		{"another replica's folder", "in ana's folder", func(r *Repo) []object.TreeEntry {
			return nest(r, "ana", object.TreeEntry{Name: fmt.Sprintf("%012d-%064x.seg", 1, 1), Mode: filemode.Regular, Hash: blob(r, []byte("x"))})
		}},
		{"not a segment", "not a segment file name", func(r *Repo) []object.TreeEntry {
			return inFolder(r, object.TreeEntry{Name: "notes.txt", Mode: filemode.Regular, Hash: blob(r, []byte("x"))})
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t)
			victim := f.repo()
			hostile := f.remoteRepo()
			f.push(f.repo(), "bo", segment("bo", 1, "good"))
			f.setRef(hostile, "evil", tree(hostile, c.entries(hostile)...))
			f.fetch(victim)
			if reason := refusalOf(victim, "evil"); !strings.Contains(reason, c.want) {
				t.Fatalf("got %q, want a refusal mentioning %q", reason, c.want)
			}
			// The hostile ref stops nobody else's work.
			if files, _, err := victim.Incoming("bo", ""); err != nil || len(files) != 1 {
				t.Fatalf("the good replica's files: %v %v", files, err)
			}
		})
	}
}

// refusalOf is why a replica's ref was refused at fetch (a ref even the
// remote cannot pack), or what reading it left aside.
func refusalOf(r *Repo, replica string) string {
	_, refused, _ := r.Fetched()
	for _, ref := range refused {
		if ref.Replica == replica {
			return ref.Reason
		}
	}
	if in, err := r.Read(replica, ""); err == nil && in.Damage != nil {
		return in.Damage.Reason
	}
	return ""
}

// A ref whose history was rewritten is compared with what was read, its
// new files taken and the rewrite reported; the new tip, once read, is
// not read again.
func TestARewrittenRefIsReadAndReportedOnce(t *testing.T) {
	f := newFixture(t)
	ana, bo := f.repo(), f.repo()
	f.push(ana, "ana", segment("ana", 1, "one"))
	f.fetch(bo)
	_, head, err := bo.Incoming("ana", "")
	if err != nil {
		t.Fatal(err)
	}
	// The remote now holds another history for ana, without the first.
	remote := f.remoteRepo()
	blob, _ := remote.writeBlob([]byte("forged"))
	forged, _ := remote.insert(plumbing.ZeroHash, strings.Split(SegmentPath("ana", 1, fmt.Sprintf("%064x", 9)), "/"), blob)
	f.setRef(remote, "ana", forged)
	f.fetch(bo)
	in, err := bo.Read("ana", head)
	if err != nil || in.Damage == nil || !strings.Contains(in.Damage.Reason, "rewritten") || len(in.Files) != 1 || string(in.Files[0].Data) != "forged" {
		t.Fatalf("a rewritten ref: %+v, %v", in, err)
	}
	if again, err := bo.Read("ana", in.Head); err != nil || again.Damage != nil || len(again.Files) != 0 {
		t.Fatalf("the rewritten tip, read again: %+v, %v", again, err)
	}
}

func TestAnUnsafeRefNameIsRefused(t *testing.T) {
	f := newFixture(t)
	hostile, victim := f.repo(), f.repo()
	blob, _ := hostile.writeBlob([]byte("x"))
	f.forcePush(hostile, "EVIL.name", plumbing.ZeroHash, []object.TreeEntry{{Name: "x", Mode: filemode.Regular, Hash: blob}})
	f.fetch(victim)
	heads, refused, err := victim.Fetched()
	if err != nil || len(heads) != 0 || len(refused) != 1 || !strings.Contains(refused[0].Reason, "not a replica id") {
		t.Fatalf("heads %v, refused %+v, %v", heads, refused, err)
	}
}

// Two coordinators publish at the same moment: the one whose push comes
// second is refused as not a fast-forward, fetches, rebuilds and retries;
// main is never forced and no text is merged.
func TestPublishRetriesWhenSomeonePublishedFirst(t *testing.T) {
	f := newFixture(t)
	ana, bo := f.repo(), f.repo()
	f.push(ana, "ana", segment("ana", 1, "one"))
	calls := 0
	err := ana.Publish(context.Background(), Auth{}, when, func() ([]File, error) {
		calls++
		if calls == 1 {
			// Bo publishes between Ana's fetch and her push.
			if err := bo.Publish(context.Background(), Auth{}, when, func() ([]File, error) {
				return []File{{Path: "README.md", Data: []byte("Bo's snapshot\n")}}, nil
			}); err != nil {
				t.Fatal(err)
			}
		}
		return []File{{Path: "README.md", Data: []byte(fmt.Sprintf("Ana's snapshot, attempt %d\n", calls))}}, nil
	})
	if err != nil || calls != 2 {
		t.Fatalf("publish: %v after %d builds", err, calls)
	}
	f.fetch(bo)
	if readme, err := bo.Published("README.md"); err != nil || string(readme) != "Ana's snapshot, attempt 2\n" {
		t.Fatalf("main shows %q, %v", readme, err)
	}
	main := bo.ref(fetchedMain)
	c, _ := bo.git.CommitObject(main)
	parent, _ := c.Parent(0)
	if parent == nil {
		t.Fatal("Ana's snapshot does not continue Bo's: main was forced")
	}
}

// A push leaves a pack on a folder remote and loose objects locally. Every
// RepackEvery pushes, the local loose objects go into a pack, and the
// small packs of both are merged so that
// each pack left holds at least twice the objects of the next smaller one:
// a long history keeps a handful of packs, every object still reads back
// as itself (real git checks the packs too, when it is installed), and
// a newcomer reads every segment.
func TestHousekeepingKeepsFewPacksAndEveryObject(t *testing.T) {
	f := newFixture(t)
	r := f.repo()
	loose := func(dir string) int {
		n := 0
		filepath.WalkDir(filepath.Join(dir, "objects"), func(path string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && len(filepath.Base(filepath.Dir(path))) == 2 {
				n++
			}
			return nil
		})
		return n
	}
	const pushes = 30 * RepackEvery
	for i := 1; i <= pushes; i++ {
		f.push(r, "ana", segment("ana", uint64(i), fmt.Sprintf("segment %d", i)))
		if i == RepackEvery-1 && (loose(r.dir) < RepackEvery || len(packSizes(t, f.remote)) != RepackEvery-1) {
			t.Fatalf("before housekeeping the local copy holds %d loose objects and the remote %d packs", loose(r.dir), len(packSizes(t, f.remote)))
		}
		if err := r.Housekeep(); err != nil {
			t.Fatal(err)
		}
		if i%RepackEvery != 0 {
			continue
		}
		for _, dir := range []string{r.dir, f.remote} {
			if n := loose(dir); n > 0 {
				t.Fatalf("after %d pushes %s still holds %d loose objects", i, dir, n)
			}
			sizes := packSizes(t, dir)
			for j := 1; j < len(sizes); j++ {
				if sizes[j] < 2*sizes[j-1] {
					t.Fatalf("after %d pushes the packs of %s hold %v objects: not each twice the one before", i, dir, sizes)
				}
			}
		}
	}
	// Most of what each push adds is stored as a difference from what
	// the push before added: the trees on the path to the new segment,
	// the segment's header, the commit.
	if share := storedAsDifferences(t, f.remote); share < 0.2 {
		t.Errorf("only %.0f%% of the remote's objects are stored as differences", 100*share)
	}
	for _, dir := range []string{r.dir, f.remote} {
		if sizes := packSizes(t, dir); len(sizes) > 10 {
			t.Errorf("%s holds %d packs after %d pushes", dir, len(sizes), pushes)
		}
		if err := intact(dir); err != nil {
			t.Fatal(err)
		}
		if git, err := exec.LookPath("git"); err == nil {
			if out, err := exec.Command(git, "-C", dir, "fsck", "--full", "--strict").CombinedOutput(); err != nil {
				t.Fatalf("git fsck of %s: %v\n%s", dir, err, out)
			}
		}
	}
	reader := f.repo()
	f.fetch(reader)
	if files, _, err := reader.Incoming("ana", ""); err != nil || len(files) != pushes {
		t.Fatalf("after repacking, %d files read back (%v)", len(files), err)
	}
}

// storedAsDifferences is the share of the objects in the packs of the
// repository in dir that are stored as a difference from another.
func storedAsDifferences(t *testing.T, dir string) float64 {
	t.Helper()
	indexes, _ := filepath.Glob(filepath.Join(dir, "objects", "pack", "pack-*.idx"))
	deltas, all := 0, 0
	for _, path := range indexes {
		index, err := readIndex(dir, plumbing.NewHash(strings.TrimSuffix(strings.TrimPrefix(filepath.Base(path), "pack-"), ".idx")))
		if err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(strings.TrimSuffix(path, ".idx") + ".pack")
		if err != nil {
			t.Fatal(err)
		}
		iter, _ := index.Entries()
		for e, err := iter.Next(); err == nil; e, err = iter.Next() {
			all++
			if (data[e.Offset]>>4)&7 == ofsDelta {
				deltas++
			}
		}
	}
	return float64(deltas) / float64(all)
}

// packSizes lists how many objects each pack of the repository in dir
// holds, smallest first.
func packSizes(t *testing.T, dir string) []int64 {
	t.Helper()
	indexes, _ := filepath.Glob(filepath.Join(dir, "objects", "pack", "pack-*.idx"))
	var sizes []int64
	for _, path := range indexes {
		index, err := readIndex(dir, plumbing.NewHash(strings.TrimSuffix(strings.TrimPrefix(filepath.Base(path), "pack-"), ".idx")))
		if err != nil {
			t.Fatal(err)
		}
		n, _ := index.Count()
		sizes = append(sizes, n)
	}
	slices.Sort(sizes)
	return sizes
}

// intact reads back every object the refs of the repository in dir reach
// and checks that its content hashes to its name.
func intact(dir string) error {
	repo, err := git.PlainOpen(dir)
	if err != nil {
		return err
	}
	if err := complete(dir); err != nil {
		return err
	}
	iter, err := repo.Storer.IterEncodedObjects(plumbing.AnyObject)
	if err != nil {
		return err
	}
	return iter.ForEach(func(obj plumbing.EncodedObject) error {
		rd, err := obj.Reader()
		if err != nil {
			return err
		}
		defer rd.Close()
		content, err := io.ReadAll(rd)
		if err != nil {
			return err
		}
		if got := plumbing.ComputeHash(obj.Type(), content); got != obj.Hash() {
			return fmt.Errorf("object %s reads back as %s", obj.Hash(), got)
		}
		return nil
	})
}

// packsToMerge keeps a geometric progression: the smallest packs merge
// until each pack left holds at least twice the next smaller one.
func TestPacksToMergeKeepsAGeometricProgression(t *testing.T) {
	for _, c := range []struct {
		sizes []int64
		want  int
	}{
		{nil, 0},
		{[]int64{7}, 0},
		{[]int64{7, 70}, 0},
		{[]int64{7, 10}, 2},
		{[]int64{7, 14, 28}, 0},
		{[]int64{7, 8, 100}, 2},
		{[]int64{7, 8, 20, 100}, 3},      // 7+8 = 15, and 20 < 30
		{[]int64{7, 30, 31, 1000}, 3},    // 31 < 60: all below 1000 merge
		{[]int64{70, 70, 70, 70, 70}, 5}, // a new big batch rolls everything up
	} {
		if got := packsToMerge(c.sizes); got != c.want {
			t.Errorf("packsToMerge(%v) = %d, want %d", c.sizes, got, c.want)
		}
	}
}
