package gitsync

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/revlist"
	"github.com/go-git/go-git/v5/storage/filesystem"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-billy/v5/osfs"
)

// stepFS is a repository's folder that calls step before each file it
// removes or renames: what is on disk at that moment is what a kill
// landing there leaves (a kill loses no write already made, only the
// steps not taken yet).
type stepFS struct {
	billy.Filesystem
	step func(op, name string)
}

func (s *stepFS) Remove(name string) error {
	s.step("remove", name)
	return s.Filesystem.Remove(name)
}

func (s *stepFS) Rename(from, to string) error {
	s.step("rename", from+" -> "+to)
	return s.Filesystem.Rename(from, to)
}

// openStepped opens the bare repository at dir through a stepFS.
func openStepped(t *testing.T, dir string, step func(op, name string)) *git.Repository {
	t.Helper()
	repo, err := git.Open(filesystem.NewStorage(&stepFS{Filesystem: osfs.New(dir), step: step}, cache.NewObjectLRUDefault()), nil)
	if err != nil {
		t.Fatal(err)
	}
	return repo
}

// copyTree copies the folder from to to, which must not exist.
func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		target := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		in, err := os.Open(path)
		if err != nil {
			return err
		}
		defer in.Close()
		out, err := os.Create(target)
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, in); err != nil {
			out.Close()
			return err
		}
		return out.Close()
	})
	if err != nil {
		t.Fatal(err)
	}
}

// complete says what of a repository cannot be read: every object every
// ref reaches must be there.
func complete(dir string) error {
	repo, err := git.PlainOpen(dir)
	if err != nil {
		return err
	}
	refs, err := repo.Storer.IterReferences()
	if err != nil {
		return err
	}
	var tips []plumbing.Hash
	refs.ForEach(func(ref *plumbing.Reference) error {
		if ref.Type() == plumbing.HashReference {
			tips = append(tips, ref.Hash())
		}
		return nil
	})
	objects, err := revlist.Objects(repo.Storer, tips, nil)
	if err != nil {
		return err
	}
	for _, hash := range objects {
		if err := repo.Storer.HasEncodedObject(hash); err != nil {
			return fmt.Errorf("object %s: %v", hash, err)
		}
	}
	return nil
}

// A kill can land at any step of housekeeping, locally or on the folder
// remote (Housekeep packs both every RepackEvery pushes): while it packs
// loose objects and while it merges packs. Whatever step it lands on, both
// repositories still hold every object their refs reach, the writer's
// next sync completes, and a newcomer fetching from the remote then reads
// every segment, with nothing to report.
func TestAKillAtAnyStepOfARepackLosesNothing(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	w := f.repo()
	const pushes = 6
	var files []File
	for i := 1; i <= pushes; i++ {
		file := segment("ana", uint64(i), fmt.Sprintf("segment %d", i))
		files = append(files, file)
		f.push(w, "ana", file)
		// Packs of two pushes, then of one, then loose objects of three:
		// the stepped run below packs them and merges all three packs.
		switch i {
		case 2:
			if err := w.Repack(); err != nil {
				t.Fatal(err)
			}
		case 3:
			for _, dir := range []string{w.dir, f.remote} {
				repo, err := git.PlainOpen(dir)
				if err != nil {
					t.Fatal(err)
				}
				if err := packLoose(repo.Storer.(*filesystem.Storage), dir); err != nil {
					t.Fatal(err)
				}
			}
			w.reopen() // its loose objects moved into a pack it has not read
		}
	}

	// Repack both, as Repack does, taking a copy of both folders before
	// every step.
	// Every step is checked where it lands; every fourth is also
	// copied, to follow the recovery through.
	snaps := t.TempDir()
	type snapshot struct{ dir, where string }
	var taken []snapshot
	steps := 0
	step := func(where string) func(op, name string) {
		return func(op, name string) {
			steps++
			at := fmt.Sprintf("%s: before %s %s", where, op, name)
			for _, dir := range []string{w.dir, f.remote} {
				if err := complete(dir); err != nil {
					t.Errorf("killed %s, %s lost data: %v", at, dir, err)
				}
			}
			if steps%4 != 1 {
				return
			}
			dir := filepath.Join(snaps, fmt.Sprint(len(taken)))
			copyTree(t, w.dir, filepath.Join(dir, "local"))
			copyTree(t, f.remote, filepath.Join(dir, "remote"))
			taken = append(taken, snapshot{dir, at})
		}
	}
	for _, dir := range []string{w.dir, f.remote} {
		before := len(packSizes(t, dir))
		if err := packIncrementally(openStepped(t, dir, step(dir)), dir); err != nil {
			t.Fatal(err)
		}
		if after := len(packSizes(t, dir)); before < 2 || after != 1 {
			t.Fatalf("%s held %d packs before, %d after: the merge was not under test", dir, before, after)
		}
	}
	if steps < 2*pushes {
		t.Fatalf("only %d steps seen: the repack did not run through the folders under test", steps)
	}

	next := segment("ana", pushes+1, "after the kill")
	for _, snap := range taken {
		// The writer's next sync, with the remote where it always is.
		if err := os.RemoveAll(f.remote); err != nil {
			t.Fatal(err)
		}
		copyTree(t, filepath.Join(snap.dir, "remote"), f.remote)
		r, err := Open(filepath.Join(snap.dir, "local"))
		if err != nil {
			t.Fatal(err)
		}
		err = r.Repair()
		if err == nil {
			err = r.Fetch(ctx, Auth{})
		}
		if err == nil {
			if r.OwnChecked("ana") {
				err = r.Append("ana", []File{next}, when)
			} else {
				_, err = r.Restore("ana", append(append([]File(nil), files...), next), when, func(File) (bool, error) { return false, nil })
			}
		}
		if err == nil {
			err = r.Push(ctx, "ana", Auth{})
		}
		if err != nil {
			t.Errorf("killed %s, the next sync failed: %v", snap.where, err)
			continue
		}
		// A newcomer reads everything from the remote.
		reader := f.repo()
		f.fetch(reader)
		heads, refused, err := reader.Fetched()
		if err != nil || len(refused) > 0 || heads["ana"] == "" {
			t.Errorf("killed %s, a newcomer's fetch refused %v (%v)", snap.where, refused, err)
			continue
		}
		in, err := reader.Read("ana", "")
		if err != nil || in.Damage != nil || len(in.Files) != pushes+1 || strings.HasPrefix(in.Head, unreadMark) {
			t.Errorf("killed %s, a newcomer read %d of %d segments (%v, %v)", snap.where, len(in.Files), pushes+1, in.Damage, err)
		}
	}
	t.Logf("%d steps at which a kill could land, each checked; %d followed through a sync and a newcomer", steps, len(taken))
}

// What a kill leaves in objects/pack (go-git's temporary files, an index
// whose pack was deleted) goes at the next repack once it is an hour old;
// a newer one may be another member's write in progress, and stays.
func TestARepackClearsOldLitter(t *testing.T) {
	f := newFixture(t)
	w := f.repo()
	f.push(w, "ana", segment("ana", 1, "one"))
	pack := filepath.Join(f.remote, "objects", "pack")
	old := []string{"tmp_obj_1", "tmp_pack_2", "pack-" + strings.Repeat("ab", 20) + ".idx"}
	recent := []string{"tmp_obj_3", "tmp_pack_4", "pack-" + strings.Repeat("cd", 20) + ".idx"}
	for _, name := range append(old, recent...) {
		if err := os.WriteFile(filepath.Join(pack, name), []byte("litter"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	then := time.Now().Add(-2 * time.Hour)
	for _, name := range old {
		if err := os.Chtimes(filepath.Join(pack, name), then, then); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Repack(); err != nil {
		t.Fatal(err)
	}
	for _, name := range old {
		if _, err := os.Stat(filepath.Join(pack, name)); !os.IsNotExist(err) {
			t.Errorf("%s, two hours old, is still there", name)
		}
	}
	for _, name := range recent {
		if _, err := os.Stat(filepath.Join(pack, name)); err != nil {
			t.Errorf("%s, just written, was removed: %v", name, err)
		}
	}
	if err := complete(f.remote); err != nil {
		t.Fatal(err)
	}
}

// Packs that share objects (a housekeeping killed after its new pack was
// saved, or two members housekeeping a folder remote at once) merge into
// one holding each object once: a difference stored as a distance back to
// its base is given the distance in the new pack, where the copies it
// skipped no longer sit between them.
func TestMergedPacksThatShareObjectsReadBack(t *testing.T) {
	dir := t.TempDir()
	repo, err := git.PlainInit(dir, true)
	if err != nil {
		t.Fatal(err)
	}
	st := repo.Storer.(*filesystem.Storage)
	var hashes []plumbing.Hash
	for i := 0; i < 60; i++ {
		obj := st.NewEncodedObject()
		obj.SetType(plumbing.BlobObject)
		w, _ := obj.Writer()
		for line := 0; line < 80; line++ {
			fmt.Fprintf(w, "line %d of a text that changes a little from one version to the next\n", line)
		}
		fmt.Fprintf(w, "version %d\n", i)
		w.Close()
		h, err := st.SetEncodedObject(obj)
		if err != nil {
			t.Fatal(err)
		}
		hashes = append(hashes, h)
	}
	pack := func(objects []plumbing.Hash) plumbing.Hash {
		w, err := st.PackfileWriter()
		if err != nil {
			t.Fatal(err)
		}
		sum, err := packfile.NewEncoder(w, st, false).Encode(objects, 10)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		return sum
	}
	first := pack(hashes[:20])
	second := pack(hashes) // holds the first's objects too, between its own
	sum, count, err := writePack(st, dir, packInput{packs: []plumbing.Hash{first, second}})
	if err != nil {
		t.Fatal(err)
	}
	if count != len(hashes) {
		t.Fatalf("the merged pack holds %d objects, want %d", count, len(hashes))
	}
	for _, h := range []plumbing.Hash{first, second} {
		if err := st.DeleteOldObjectPackAndIndex(h, time.Time{}); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.ForEachObjectHash(func(h plumbing.Hash) error { return st.DeleteLooseObject(h) }); err != nil {
		t.Fatal(err)
	}
	if sizes := packSizes(t, dir); len(sizes) != 1 || sizes[0] != int64(len(hashes)) {
		t.Fatalf("packs %v, want one of %d (%s)", sizes, len(hashes), sum)
	}
	fresh, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hashes {
		obj, err := fresh.Storer.EncodedObject(plumbing.AnyObject, h)
		if err != nil {
			t.Fatal(err)
		}
		rd, _ := obj.Reader()
		content, err := io.ReadAll(rd)
		rd.Close()
		if err != nil || plumbing.ComputeHash(obj.Type(), content) != h {
			t.Fatalf("object %s does not read back as itself (%v)", h, err)
		}
	}
	if gitBin, err := exec.LookPath("git"); err == nil {
		out, err := exec.Command(gitBin, "-C", dir, "verify-pack", "-v", filepath.Join(dir, "objects", "pack", "pack-"+sum.String()+".idx")).CombinedOutput()
		if err != nil {
			t.Fatalf("git verify-pack: %v\n%s", err, out)
		}
		if !strings.Contains(string(out), "chain length = 1") {
			t.Fatalf("the merged pack holds no differences, so this test tests nothing:\n%s", out)
		}
	}
}

// A pack index cut short (go-git writes a fetched pack's index in place,
// so a kill leaves it short) makes every read of the repository fail:
// Repair deletes it with its pack, keeps sound ones, and the next fetch
// takes the objects again.
func TestRepairRemovesAPackIndexCutShort(t *testing.T) {
	for _, cut := range []int64{0, 7, 1000, -1} {
		f := newFixture(t)
		w := f.repo()
		for i := 1; i <= 3; i++ {
			f.push(w, "ana", segment("ana", uint64(i), fmt.Sprintf("segment %d", i)))
		}
		reader := f.repo()
		f.fetch(reader)
		f.push(w, "ana", segment("ana", 4, "segment 4"))
		if err := w.Repack(); err != nil {
			t.Fatal(err)
		}
		indexes, _ := filepath.Glob(filepath.Join(f.remote, "objects", "pack", "*.idx"))
		if len(indexes) != 1 {
			t.Fatalf("%d packs on the remote", len(indexes))
		}
		// A sound index beside the one cut short stays.
		sound := filepath.Join(reader.dir, "objects", "pack", filepath.Base(indexes[0]))
		data, _ := os.ReadFile(indexes[0])
		pack, _ := os.ReadFile(strings.TrimSuffix(indexes[0], ".idx") + ".pack")
		os.WriteFile(strings.TrimSuffix(sound, ".idx")+".pack", pack, 0o644)
		os.WriteFile(sound, data, 0o644)
		broken := filepath.Join(reader.dir, "objects", "pack", "pack-"+strings.Repeat("ab", 20))
		n := cut
		if n < 0 {
			n = int64(len(data)) + n
		}
		os.WriteFile(broken+".idx", data[:n], 0o644)
		os.WriteFile(broken+".pack", pack, 0o644)
		r, err := Open(reader.dir)
		if err != nil {
			t.Fatal(err)
		}
		if err := r.Repair(); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(broken + ".idx"); !os.IsNotExist(err) {
			t.Errorf("an index cut to %d bytes is still there", n)
		}
		if _, err := os.Stat(sound); err != nil {
			t.Errorf("a sound index was removed: %v", err)
		}
		f.fetch(r)
		if files, _, err := r.Incoming("ana", ""); err != nil || len(files) != 4 {
			t.Errorf("cut to %d bytes: read back %d of 4 segments (%v)", n, len(files), err)
		}
	}
}

// A tree can come back: a replica's ref put back after someone changed it
// holds the tree it held before. Pairing that tree with its parent's,
// stored as a difference from it, would make each the other's base; the
// pack is written all the same, each object once, and reads back.
func TestATreeThatComesBackIsNotItsOwnBase(t *testing.T) {
	dir := t.TempDir()
	repo, err := git.PlainInit(dir, true)
	if err != nil {
		t.Fatal(err)
	}
	st := repo.Storer.(*filesystem.Storage)
	encode := func(o interface {
		Encode(plumbing.EncodedObject) error
	}) wholeObject {
		obj := st.NewEncodedObject()
		if err := o.Encode(obj); err != nil {
			t.Fatal(err)
		}
		content, _ := readContent(obj)
		return wholeObject{obj.Hash(), obj.Type(), content}
	}
	tree := func(files int) wholeObject {
		var entries []object.TreeEntry
		for i := range files {
			entries = append(entries, object.TreeEntry{Name: fmt.Sprintf("%012d-segment.seg", i), Mode: filemode.Regular, Hash: plumbing.ComputeHash(plumbing.BlobObject, []byte(fmt.Sprint(i)))})
		}
		return encode(&object.Tree{Entries: entries})
	}
	commit := func(tree wholeObject, parent plumbing.Hash) wholeObject {
		c := &object.Commit{TreeHash: tree.hash, Message: "m", Author: object.Signature{Name: "a", When: when}, Committer: object.Signature{Name: "a", When: when}}
		if !parent.IsZero() {
			c.ParentHashes = []plumbing.Hash{parent}
		}
		return encode(c)
	}
	x, y := tree(40), tree(41)
	c1 := commit(x, plumbing.ZeroHash)
	c2 := commit(y, c1.hash)
	c3 := commit(x, c2.hash) // back to the tree of c1
	first, _, err := writePack(st, dir, packInput{whole: []wholeObject{x, y, c1, c2}, rediff: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := checkPack(dir, first, 4); err != nil {
		t.Fatal(err)
	}
	sum, count, err := writePack(st, dir, packInput{whole: []wholeObject{c3}, packs: []plumbing.Hash{first}, rediff: true})
	if err != nil || count != 5 {
		t.Fatalf("wrote %d objects (%v)", count, err)
	}
	if err := st.DeleteOldObjectPackAndIndex(first, time.Time{}); err != nil {
		t.Fatal(err)
	}
	fresh, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range []plumbing.Hash{x.hash, y.hash, c1.hash, c2.hash, c3.hash} {
		obj, err := fresh.Storer.EncodedObject(plumbing.AnyObject, h)
		if err != nil {
			t.Fatalf("object %s in pack %s: %v", h, sum, err)
		}
		content, _ := readContent(obj)
		if plumbing.ComputeHash(obj.Type(), content) != h {
			t.Fatalf("object %s does not read back as itself", h)
		}
	}
}
