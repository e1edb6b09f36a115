package gitsync

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/idxfile"
	"github.com/go-git/go-git/v5/plumbing/transport"

	"github.com/cairn-community/cairn/backend/durable"
)

// RepackEvery is how many pushes pass between housekeeping runs: each
// push leaves a few loose objects behind, and thousands of loose files or
// hundreds of small packs make every later read slower, and a copy of a
// shared folder longer.
const RepackEvery = 1

// Housekeep counts pushes and, every RepackEvery, packs the local
// repository's loose objects and, when the remote is a folder, the
// remote's too (see packIncrementally).
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

// Repack packs the local repository's loose objects and merges its small
// packs, and the remote's when it is a folder.
func (r *Repo) Repack() error {
	err := packIncrementally(r.git, r.dir)
	r.reopen() // go-git keeps the indexes of the packs it has read
	if err != nil {
		return err
	}
	ep, err := transport.NewEndpoint(r.RemoteURL())
	if err != nil || ep.Protocol != "file" {
		return nil
	}
	remote, err := openGit(ep.Path)
	if err != nil {
		return err
	}
	defer closeGit(remote)
	return packIncrementally(remote, ep.Path)
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
	// Buffered: the decoder reads four bytes at a time.
	if err := idxfile.NewDecoder(bufio.NewReaderSize(f, 1<<16)).Decode(index); err != nil {
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
	for _, pattern := range []string{"tmp_obj_*", "tmp_pack_*", "tmp_idx_*"} {
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
