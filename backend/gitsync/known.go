package gitsync

import (
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
)

// knownObjects answers whether a repository (a folder remote, or the
// local mirror) holds an object from the names its pack indexes list,
// each index read once per process and kept while its file is unchanged,
// and from the list of its loose files: asking go-git reads every index of the
// repository whenever it is opened again, which grew with the history
// (about half a sync at 10,000 syncs).
type knownObjects struct {
	packs []map[plumbing.Hash]bool
	loose map[plumbing.Hash]bool
}

type indexKey struct {
	path string
	size int64
	mod  time.Time
}

var indexCache = struct {
	sync.Mutex
	names map[indexKey]map[plumbing.Hash]bool
}{names: map[indexKey]map[plumbing.Hash]bool{}}

// objectsIn reads what the packs of the repository at dir list.
func objectsIn(dir string) (*knownObjects, error) {
	packs, err := listPacks(dir)
	if err != nil {
		return nil, err
	}
	// The loose objects are listed once: a join asks about every object
	// of the remote, and a look for a file each was most of its time.
	loose, err := looseObjects(dir)
	if err != nil && !os.IsNotExist(err) {
		return nil, err
	}
	known := &knownObjects{loose: make(map[plumbing.Hash]bool, len(loose))}
	for _, h := range loose {
		known.loose[h] = true
	}
	indexCache.Lock()
	defer indexCache.Unlock()
	seen := map[indexKey]bool{}
	for _, pack := range packs {
		path := filepath.Join(dir, "objects", "pack", "pack-"+pack.String()+".idx")
		info, err := os.Stat(path)
		if err != nil {
			continue // gone meanwhile: its objects are in the pack that replaced it
		}
		key := indexKey{path, info.Size(), info.ModTime()}
		seen[key] = true
		names, ok := indexCache.names[key]
		if !ok {
			index, err := readIndex(dir, pack)
			if err != nil {
				return nil, err
			}
			n, _ := index.Count()
			names = make(map[plumbing.Hash]bool, n)
			iter, err := index.Entries()
			if err != nil {
				return nil, err
			}
			for e, err := iter.Next(); err == nil; e, err = iter.Next() {
				names[e.Hash] = true
			}
			indexCache.names[key] = names
		}
		known.packs = append(known.packs, names)
	}
	// Indexes of packs merged away are forgotten.
	for key := range indexCache.names {
		if filepath.Dir(filepath.Dir(filepath.Dir(key.path))) == dir && !seen[key] {
			delete(indexCache.names, key)
		}
	}
	return known, nil
}

// has says whether the repository held the object, packed or loose, when
// objectsIn read it.
func (k *knownObjects) has(h plumbing.Hash) bool { return k.inPacks(h) || k.loose[h] }

// inPacks says whether one of the repository's packs held the object.
func (k *knownObjects) inPacks(h plumbing.Hash) bool {
	for _, names := range k.packs {
		if names[h] {
			return true
		}
	}
	return false
}
