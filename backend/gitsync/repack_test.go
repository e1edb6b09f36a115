package gitsync

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
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

// A kill can land at any step of a repack, locally or on the folder
// remote (Housekeep repacks both every RepackEvery pushes). Whatever step
// it lands on, both repositories still hold every object their refs
// reach, the writer's next sync completes, and a newcomer fetching from
// the remote then reads every segment, with nothing to report.
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
	if err := repack(openStepped(t, w.dir, step("local")), w.dir); err != nil {
		t.Fatal(err)
	}
	if err := repack(openStepped(t, f.remote, step("remote")), f.remote); err != nil {
		t.Fatal(err)
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
