package gitsync

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/idxfile"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"
	"github.com/go-git/go-git/v5/plumbing/revlist"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/plumbing/transport"

	"github.com/cairn-community/cairn/backend/durable"
)

// RepackEvery is how many pushes pass between repacks: each push leaves a
// pack or loose objects behind, and hundreds of small packs make every
// later read slower.
const RepackEvery = 100

// Housekeep counts pushes and, every RepackEvery, repacks the local
// repository and, when the remote is a folder, the remote's too.
func (r *Repo) Housekeep() error {
	counter := filepath.Join(r.dir, "cairn-pushes")
	data, _ := os.ReadFile(counter)
	n, _ := strconv.Atoi(strings.TrimSpace(string(data)))
	n++
	if err := os.WriteFile(counter, []byte(strconv.Itoa(n%RepackEvery)), 0o644); err != nil {
		return err
	}
	if n < RepackEvery {
		return nil
	}
	return r.Repack()
}

// Repack packs the local repository's objects into one pack, and the
// remote's when it is a folder.
func (r *Repo) Repack() error {
	if err := repack(r.git, r.dir); err != nil {
		return err
	}
	ep, err := transport.NewEndpoint(r.RemoteURL())
	if err != nil || ep.Protocol != "file" {
		return nil
	}
	remote, err := git.PlainOpen(ep.Path)
	if err != nil {
		return err
	}
	return repack(remote, ep.Path)
}

// repack packs every object the refs of the repository in gitDir reach
// into one new pack, then deletes their loose copies and the older packs.
//
// Not go-git's RepackObjects: it deletes the loose objects before the new
// pack is in place (its pack writer saves the pack only when closed,
// after the deletions), so a kill in between loses them. On a folder
// remote the loss is silent: the member who pushed them holds them
// locally and never looks again, and a newcomer finds the history broken
// and cannot join. Here the new pack and its index are saved, flushed and
// checked first; a kill at any step leaves every object readable, at
// worst twice (the next repack clears the copies).
func repack(repo *git.Repository, gitDir string) error {
	st := repo.Storer
	packed, ok1 := st.(storer.PackedObjectStorer)
	loose, ok2 := st.(storer.LooseObjectStorer)
	writer, ok3 := st.(storer.PackfileWriter)
	if !ok1 || !ok2 || !ok3 {
		return fmt.Errorf("the repository in %s cannot be repacked", gitDir)
	}
	removeLitter(gitDir)
	old, err := packed.ObjectPacks()
	if err != nil {
		return err
	}
	refs, err := st.IterReferences()
	if err != nil {
		return err
	}
	var tips []plumbing.Hash
	err = refs.ForEach(func(ref *plumbing.Reference) error {
		if ref.Type() == plumbing.HashReference {
			tips = append(tips, ref.Hash())
		}
		return nil
	})
	if err != nil {
		return err
	}
	// A ref reaching an object that is not here fails the walk, and
	// nothing is deleted.
	objects, err := revlist.Objects(st, tips, nil)
	if err != nil || len(objects) == 0 {
		return err
	}
	cfg, err := repo.Config()
	if err != nil {
		return err
	}
	w, err := writer.PackfileWriter()
	if err != nil {
		return err
	}
	hash, err := packfile.NewEncoder(w, st, false).Encode(objects, cfg.Pack.Window)
	if err != nil {
		w.Close()
		return err
	}
	if err := w.Close(); err != nil { // saves the index, then the pack
		return err
	}
	if _, err := checkPack(gitDir, hash, len(objects)); err != nil {
		return err
	}
	// Every object is in the new pack, on disk: the copies can go.
	inPack := make(map[plumbing.Hash]bool, len(objects))
	for _, h := range objects {
		inPack[h] = true
	}
	err = loose.ForEachObjectHash(func(h plumbing.Hash) error {
		if inPack[h] {
			return loose.DeleteLooseObject(h)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, h := range old {
		if h == hash {
			continue // the same objects as before: that pack is the new one
		}
		if err := packed.DeleteOldObjectPackAndIndex(h, time.Time{}); err != nil {
			return err
		}
	}
	return nil
}

// checkPack flushes a new pack and its index to disk and checks that the
// index reads back and lists every object: only then may anything else
// holding those objects be deleted. It returns the index it read.
func checkPack(gitDir string, hash plumbing.Hash, objects int) (*idxfile.MemoryIndex, error) {
	base := filepath.Join(gitDir, "objects", "pack", "pack-"+hash.String())
	for _, path := range []string{base + ".pack", base + ".idx"} {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		err = f.Sync()
		f.Close()
		if err != nil {
			return nil, err
		}
	}
	if err := durable.SyncDir(filepath.Dir(base)); err != nil {
		return nil, err
	}
	index, err := readIndex(gitDir, hash)
	if err != nil {
		return nil, err
	}
	if n, err := index.Count(); err != nil || n != int64(objects) {
		return nil, fmt.Errorf("the new pack's index lists %d objects of %d (%v)", n, objects, err)
	}
	return index, nil
}

// readIndex reads the index of the pack named hash in gitDir.
func readIndex(gitDir string, hash plumbing.Hash) (*idxfile.MemoryIndex, error) {
	f, err := os.Open(filepath.Join(gitDir, "objects", "pack", "pack-"+hash.String()+".idx"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	index := idxfile.NewMemoryIndex()
	if err := idxfile.NewDecoder(f).Decode(index); err != nil {
		return nil, fmt.Errorf("the new pack's index cannot be read: %w", err)
	}
	return index, nil
}

// removeLitter deletes what a kill in the middle of writing a loose
// object or a pack, or of deleting an old pack, leaves in objects/pack:
// go-git's temporary files (a pack's can be as large as the repository)
// and indexes whose pack is gone. Nobody reads them. Only old ones: on a
// folder remote, another member may be writing one now (a pack's index is
// saved before the pack is renamed beside it).
func removeLitter(gitDir string) {
	dir := filepath.Join(gitDir, "objects", "pack")
	old := func(path string) bool {
		info, err := os.Stat(path)
		return err == nil && time.Since(info.ModTime()) > time.Hour
	}
	for _, pattern := range []string{"tmp_obj_*", "tmp_pack_*"} {
		litter, _ := filepath.Glob(filepath.Join(dir, pattern))
		for _, path := range litter {
			if old(path) {
				os.Remove(path)
			}
		}
	}
	indexes, _ := filepath.Glob(filepath.Join(dir, "pack-*.idx"))
	for _, path := range indexes {
		if _, err := os.Stat(strings.TrimSuffix(path, ".idx") + ".pack"); os.IsNotExist(err) && old(path) {
			os.Remove(path)
		}
	}
}
