package gitsync

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// packIncrementally is the housekeeping after pushes, as git's
// `repack --geometric=2` does it: the loose objects go into one new pack,
// then the smallest packs are merged until each pack left holds at least
// twice the objects of the next smaller one. Most runs write a pack of the
// last few pushes and nothing else; a merge copies the packs' stored bytes
// without decompressing them, so its cost follows what it merges, and the
// largest pack is rewritten only when the history has doubled since.
//
// Every step keeps every object readable: a new pack and its index are
// saved, flushed and checked before the loose objects or packs it holds
// are deleted, so a kill at any step leaves at worst two copies (the next
// run clears them).
func packIncrementally(repo *git.Repository, gitDir string) error {
	st, ok := repo.Storer.(*filesystem.Storage)
	if !ok {
		return fmt.Errorf("the repository in %s cannot be repacked", gitDir)
	}
	removeLitter(gitDir)
	if err := packLoose(st, gitDir); err != nil {
		return err
	}
	return mergeSmallPacks(st, gitDir)
}

// packLoose writes the loose objects into one pack, then deletes them.
func packLoose(st *filesystem.Storage, gitDir string) error {
	loose, err := looseObjects(gitDir)
	if err != nil || len(loose) == 0 {
		return err
	}
	objects := make([]wholeObject, 0, len(loose))
	var zr inflater
	for _, h := range loose {
		obj, err := readLoose(gitDir, h, &zr)
		if errors.Is(err, fs.ErrNotExist) {
			continue // another member's housekeeping packed it meanwhile
		}
		if err != nil {
			return err
		}
		objects = append(objects, obj)
	}
	if len(objects) == 0 {
		return nil
	}
	sum, count, err := writePack(st, gitDir, packInput{whole: objects, rediff: true})
	if err != nil {
		return err
	}
	if _, err := checkPack(gitDir, sum, count); err != nil {
		return err
	}
	for _, o := range objects {
		if err := st.DeleteLooseObject(o.hash); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	// Empty folders go, as git's prune-packed does: the next listing
	// reads only the folders that hold something.
	for _, o := range objects {
		os.Remove(filepath.Join(gitDir, "objects", o.hash.String()[:2]))
	}
	return nil
}

// readLoose reads a loose object's file: compressed, a header ("blob 12"
// and a zero byte), then the content, which must hash to its name.
func readLoose(gitDir string, h plumbing.Hash, zr *inflater) (wholeObject, error) {
	name := h.String()
	data, err := os.ReadFile(filepath.Join(gitDir, "objects", name[:2], name[2:]))
	if err != nil {
		return wholeObject{}, err
	}
	raw, err := zr.inflate(data)
	if err != nil {
		return wholeObject{}, fmt.Errorf("object %s: %w", h, err)
	}
	header, content, ok := bytes.Cut(raw, []byte{0})
	kind, size, ok2 := strings.Cut(string(header), " ")
	typ, err := plumbing.ParseObjectType(kind)
	if !ok || !ok2 || err != nil || size != strconv.Itoa(len(content)) || plumbing.ComputeHash(typ, content) != h {
		return wholeObject{}, fmt.Errorf("object %s does not match its content", h)
	}
	return wholeObject{h, typ, content}, nil
}

// looseObjects lists the loose objects of the repository in gitDir.
func looseObjects(gitDir string) ([]plumbing.Hash, error) {
	root := filepath.Join(gitDir, "objects")
	dirs, err := os.ReadDir(root)
	if err != nil {
		return nil, err
	}
	var hashes []plumbing.Hash
	for _, d := range dirs {
		if !d.IsDir() || len(d.Name()) != 2 || !isHex(d.Name()) {
			continue
		}
		files, err := os.ReadDir(filepath.Join(root, d.Name()))
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			if name := d.Name() + f.Name(); len(name) == 40 && isHex(name) {
				hashes = append(hashes, plumbing.NewHash(name))
			}
		}
	}
	return hashes, nil
}

func isHex(s string) bool {
	for _, c := range s {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// packSize is one pack of a repository and how many objects it holds.
type packSize struct {
	hash    plumbing.Hash
	objects int64
}

// mergeSmallPacks merges the packs that break the geometric progression
// into one.
func mergeSmallPacks(st *filesystem.Storage, gitDir string) error {
	names, err := listPacks(gitDir)
	if err != nil {
		return err
	}
	packs := make([]packSize, 0, len(names))
	for _, h := range names {
		n, err := packObjects(gitDir, h)
		if err != nil {
			return nil // another member's housekeeping deleted it meanwhile: next time
		}
		packs = append(packs, packSize{h, n})
	}
	slices.SortFunc(packs, func(a, b packSize) int {
		if a.objects != b.objects {
			return int(a.objects - b.objects)
		}
		return bytes.Compare(a.hash[:], b.hash[:])
	})
	sizes := make([]int64, len(packs))
	for i, p := range packs {
		sizes[i] = p.objects
	}
	n := packsToMerge(sizes)
	if n < 2 {
		return nil
	}
	merge := make([]plumbing.Hash, n)
	for i, p := range packs[:n] {
		merge[i] = p.hash
	}
	var total int64
	for _, p := range packs[:n] {
		total += p.objects
	}
	sum, count, err := writePack(st, gitDir, packInput{packs: merge, rediff: total <= rediffUpTo})
	if errors.Is(err, fs.ErrNotExist) {
		return nil // a pack went meanwhile (another member merged it): next time
	}
	if err != nil {
		return err
	}
	if _, err := checkPack(gitDir, sum, count); err != nil {
		return err
	}
	st.Close() // the packs it holds open: Windows deletes no open file
	for _, h := range merge {
		if h == sum {
			continue // the same objects as before: that pack is the new one
		}
		if err := st.DeleteOldObjectPackAndIndex(h, time.Time{}); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

// listPacks names the packs in the repository at gitDir as the folder
// holds them now (go-git's own list may be one it kept from before the
// pack just written).
func listPacks(gitDir string) ([]plumbing.Hash, error) {
	files, err := os.ReadDir(filepath.Join(gitDir, "objects", "pack"))
	if err != nil {
		return nil, err
	}
	var packs []plumbing.Hash
	for _, f := range files {
		name, ok := strings.CutSuffix(f.Name(), ".pack")
		if hex, ok2 := strings.CutPrefix(name, "pack-"); ok && ok2 && len(hex) == 40 && isHex(hex) {
			packs = append(packs, plumbing.NewHash(hex))
		}
	}
	return packs, nil
}

// packObjects reads how many objects a pack holds from its index's
// header, without reading the index: the last of the 256 counts after
// the version is the total.
func packObjects(gitDir string, pack plumbing.Hash) (int64, error) {
	objects, _, err := indexHeader(filepath.Join(gitDir, "objects", "pack", "pack-"+pack.String()+".idx"))
	return objects, err
}

// indexHeader reads a version 2 pack index's header: how many objects it
// lists (the last of the 256 counts after the version), and the file's
// length.
func indexHeader(path string) (objects, size int64, err error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return 0, 0, err
	}
	var head [indexHeaderBytes]byte
	if _, err := io.ReadFull(f, head[:]); err != nil {
		return 0, 0, err
	}
	if !bytes.Equal(head[:8], []byte{0xff, 't', 'O', 'c', 0, 0, 0, 2}) {
		return 0, 0, fmt.Errorf("%s is not a version 2 pack index", filepath.Base(path))
	}
	return int64(binary.BigEndian.Uint32(head[len(head)-4:])), info.Size(), nil
}

// indexHeaderBytes is the length of a pack index's header: the version,
// then 256 counts.
const indexHeaderBytes = 8 + 256*4

// packsToMerge says how many of the smallest packs, whose object counts
// are given in ascending order, to merge into one so that the packs left
// and the merged one each hold at least twice the objects of the next
// smaller one (git's geometric repack, factor 2).
func packsToMerge(sizes []int64) int {
	split := 0
	for i := len(sizes) - 1; i > 0; i-- {
		if sizes[i] < 2*sizes[i-1] {
			split = i + 1
			break
		}
	}
	var merged int64
	for _, s := range sizes[:split] {
		merged += s
	}
	for split < len(sizes) && sizes[split] < 2*merged {
		merged += sizes[split]
		split++
	}
	return split
}
