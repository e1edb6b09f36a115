package gitsync

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"crypto/sha1"
	"encoding/binary"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/idxfile"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// Pack entry types, as git numbers them.
const (
	ofsDelta = 6
	refDelta = 7
)

// rediffUpTo is the most objects a merge of packs stores trees again as
// differences for: every object passes through small merges first, and
// a large merge only copies bytes, so its cost stays that of a copy.
const rediffUpTo = 4096

// maxChain is how many differences deep a tree may be stored: git's
// default, so reading the newest tree never applies hundreds.
const maxChain = 50

// stored is one object to write into a pack: its content when it was
// read whole, and where it sits when it comes from a pack.
type stored struct {
	typ     plumbing.ObjectType
	content []byte // nil until read (see resolve)
	src     *packSource
	offset  uint64        // in src
	end     uint64        // where the next entry of src starts
	whole   bool          // not stored as a difference
	base    plumbing.Hash // what its pack stores it as a difference from
	support bool          // read only to read others, not copied
}

// packSource is an existing pack being copied, read whole: one read
// instead of one per object.
type packSource struct {
	data     []byte
	byOffset map[uint64]plumbing.Hash
}

// wholeObject is an object read whole: its name, type and content.
type wholeObject struct {
	hash    plumbing.Hash
	typ     plumbing.ObjectType
	content []byte
}

// readWholeObjects reads objects from a repository's storage.
func readWholeObjects(from storer.EncodedObjectStorer, hashes []plumbing.Hash) ([]wholeObject, error) {
	list := make([]wholeObject, 0, len(hashes))
	for _, h := range hashes {
		obj, err := from.EncodedObject(plumbing.AnyObject, h)
		if err != nil {
			return nil, err
		}
		content, err := readContent(obj)
		if err != nil {
			return nil, err
		}
		list = append(list, wholeObject{h, obj.Type(), content})
	}
	return list, nil
}

// packInput is what a new pack holds.
type packInput struct {
	whole []wholeObject   // objects read whole
	dir   string          // the repository whose packs are copied: the pack's own when ""
	packs []plumbing.Hash // the packs whose objects are copied
	// only, when set, names the objects of those packs to copy; the
	// others serve only to read these.
	only map[plumbing.Hash]bool
	// rediff stores trees, segments and commits as differences from
	// their predecessors (see treeBases).
	rediff bool
	// verify refuses the pack unless every object's content hashes to
	// its name: for objects from another repository, which anyone may
	// have written.
	verify bool
}

// writePack writes into st one pack holding what in names, each object
// once, and returns its name and how many objects it holds. What a pack
// stores is copied as stored (compressed, or as a difference from another
// object), so a merge costs a copy, except where in.rediff finds a better
// base, or an object's base is not copied (then it is written whole). The
// pack is saved with its index, not yet flushed (checkPack).
func writePack(st *filesystem.Storage, gitDir string, in packInput) (plumbing.Hash, int, error) {
	objects := map[plumbing.Hash]*stored{}
	var order []plumbing.Hash
	dir := in.dir
	if dir == "" {
		dir = gitDir
	}
	for _, h := range in.packs {
		index, err := readIndex(dir, h)
		if err != nil {
			return plumbing.ZeroHash, 0, err
		}
		data, err := os.ReadFile(filepath.Join(dir, "objects", "pack", "pack-"+h.String()+".pack"))
		if err != nil {
			return plumbing.ZeroHash, 0, err
		}
		src := &packSource{data: data, byOffset: map[uint64]plumbing.Hash{}}
		iter, err := index.EntriesByOffset()
		if err != nil {
			return plumbing.ZeroHash, 0, err
		}
		var entries []*idxfile.Entry
		for {
			e, err := iter.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				return plumbing.ZeroHash, 0, err
			}
			entries = append(entries, e)
			src.byOffset[e.Offset] = e.Hash
		}
		for i, e := range entries {
			end := uint64(len(data) - sha1.Size)
			if i+1 < len(entries) {
				end = entries[i+1].Offset
			}
			if end <= e.Offset || len(data) < sha1.Size {
				return plumbing.ZeroHash, 0, fmt.Errorf("pack %s: the object at %d has no room", h, e.Offset)
			}
			if _, seen := objects[e.Hash]; !seen {
				objects[e.Hash] = &stored{src: src, offset: e.Offset, end: end, support: in.only != nil && !in.only[e.Hash]}
				if !objects[e.Hash].support {
					order = append(order, e.Hash)
				}
			}
		}
	}
	for _, w := range in.whole {
		if o, seen := objects[w.hash]; !seen || o.support {
			objects[w.hash] = &stored{typ: w.typ, content: w.content, whole: true}
			order = append(order, w.hash)
		}
	}
	if len(order) == 0 {
		return plumbing.ZeroHash, 0, nil
	}
	if in.rediff || in.verify || in.only != nil {
		if err := resolve(objects, order); err != nil {
			return plumbing.ZeroHash, 0, err
		}
	}
	if in.verify {
		for _, h := range order {
			if o := objects[h]; plumbing.ComputeHash(o.typ, o.content) != h {
				return plumbing.ZeroHash, 0, fmt.Errorf("object %s does not match its content", h)
			}
		}
	}
	bases := map[plumbing.Hash]plumbing.Hash{}
	if in.rediff {
		bases = treeBases(objects)
	}

	out, err := newPackOut(st, len(order))
	if err != nil {
		return plumbing.ZeroHash, 0, err
	}
	var write func(h plumbing.Hash) error
	write = func(h plumbing.Hash) error {
		if _, done := out.at[h]; done {
			return nil
		}
		o := objects[h]
		if base, ok := bases[h]; ok {
			if err := write(base); err != nil {
				return err
			}
			if delta := packfile.DiffDelta(objects[base].content, o.content); len(delta) < len(o.content)*3/4 {
				return out.object(h, ofsDelta, delta, out.at[base])
			}
		}
		if o.src == nil {
			return out.object(h, o.typ, o.content, 0)
		}
		buf := o.src.data[o.offset:o.end]
		base, distance, err := deltaBase(buf, o.offset, o.src)
		if err != nil {
			return fmt.Errorf("object %s: %w", h, err)
		}
		if (distance != 0 || !o.whole) && (objects[o.base] == nil || objects[o.base].support) && o.content != nil {
			return out.object(h, o.typ, o.content, 0) // its base is not copied
		}
		if distance == 0 {
			out.raw(h, buf)
			return out.err
		}
		if _, done := out.at[base]; !done {
			if err := write(base); err != nil { // its base comes first
				return err
			}
		}
		entry, err := rebase(buf, out.offset, out.at[base])
		if err != nil {
			return fmt.Errorf("object %s: %w", h, err)
		}
		out.raw(h, entry)
		return out.err
	}
	for _, h := range order {
		if err := write(h); err != nil {
			out.abandon()
			return plumbing.ZeroHash, 0, err
		}
	}
	sum, err := out.save()
	return sum, len(order), err
}

// resolve reads the content of the objects named, applying the
// differences their packs store (reading the bases those need), so that
// treeBases can follow commits and trees and pair any of them, and so
// that each can be checked against its name.
func resolve(objects map[plumbing.Hash]*stored, names []plumbing.Hash) error {
	var zr inflater
	inflate := zr.inflate
	visiting := map[plumbing.Hash]bool{}
	var read func(h plumbing.Hash) (*stored, error)
	read = func(h plumbing.Hash) (*stored, error) {
		o, ok := objects[h]
		if !ok {
			return nil, fmt.Errorf("its base %s is not among the objects", h)
		}
		if o.content != nil {
			return o, nil
		}
		if visiting[h] {
			return nil, fmt.Errorf("object %s is its own base", h)
		}
		visiting[h] = true
		defer delete(visiting, h)
		buf := o.src.data[o.offset:o.end]
		n := headerLength(buf)
		if n == 0 {
			return nil, fmt.Errorf("object %s: its header is cut short", h)
		}
		typ := plumbing.ObjectType((buf[0] >> 4) & 7)
		switch typ {
		case plumbing.CommitObject, plumbing.TreeObject, plumbing.BlobObject, plumbing.TagObject:
			content, err := inflate(buf[n:])
			if err != nil {
				return nil, fmt.Errorf("object %s: %w", h, err)
			}
			o.typ, o.content, o.whole = typ, content, true
			return o, nil
		}
		var base plumbing.Hash
		data := buf[n:]
		if typ == ofsDelta {
			b, _, err := deltaBase(buf, o.offset, o.src)
			if err != nil {
				return nil, fmt.Errorf("object %s: %w", h, err)
			}
			_, m, _ := readDeltaOffset(data)
			base, data = b, data[m:]
		} else if typ == refDelta && len(data) >= 20 {
			base, data = plumbing.Hash(data[:20]), data[20:]
		} else {
			return nil, fmt.Errorf("object %s: unknown kind %d", h, typ)
		}
		b, err := read(base)
		if err != nil {
			return nil, err
		}
		delta, err := inflate(data)
		if err != nil {
			return nil, fmt.Errorf("object %s: %w", h, err)
		}
		content, err := packfile.PatchDelta(b.content, delta)
		if err != nil {
			return nil, fmt.Errorf("object %s: %w", h, err)
		}
		o.typ, o.content, o.base = b.typ, content, base
		return o, nil
	}
	for _, h := range names {
		if _, err := read(h); err != nil {
			return err
		}
	}
	return nil
}

// treeBases pairs each tree stored whole among objects with the tree at
// the same path in its commit's parent, when that one is among them too;
// and each new segment with the newest one before it in its folder, whose
// header it repeats.
func treeBases(objects map[plumbing.Hash]*stored) map[plumbing.Hash]plumbing.Hash {
	bases := map[plumbing.Hash]plumbing.Hash{}
	// next is what h is written as a difference from: its new base, else
	// the one its pack stores it against.
	next := func(h plumbing.Hash) (plumbing.Hash, bool) {
		if b, ok := bases[h]; ok {
			return b, true
		}
		if o := objects[h]; o != nil && !o.whole {
			return o.base, true
		}
		return plumbing.ZeroHash, false
	}
	// A base is taken when writing it never needs h first (no loop) and
	// the chain from h stays within maxChain.
	based := func(h, base plumbing.Hash) {
		o, ok := objects[h]
		if _, taken := bases[h]; taken || !ok || !o.whole {
			return
		}
		if b, ok := objects[base]; !ok || b.content == nil {
			return
		}
		x := base
		for depth := 1; ; depth++ {
			if x == h || depth >= maxChain {
				return
			}
			nx, more := next(x)
			if !more {
				break
			}
			x = nx
		}
		bases[h] = base
	}
	content := func(h plumbing.Hash, typ plumbing.ObjectType) []byte {
		if o, ok := objects[h]; ok && o.typ == typ {
			return o.content
		}
		return nil
	}
	var pair func(h, base plumbing.Hash)
	pair = func(h, base plumbing.Hash) {
		t, b := content(h, plumbing.TreeObject), content(base, plumbing.TreeObject)
		if h == base || t == nil || b == nil {
			return // below a tree packed before, everything was too
		}
		based(h, base)
		below, last := subtrees(b)
		entries, _ := subtrees(t)
		for name, sub := range entries {
			if was, ok := below[name]; ok {
				pair(sub, was)
			}
		}
		if !last.IsZero() {
			for _, file := range newFiles(t, b) {
				based(file, last)
			}
		}
	}
	for h, o := range objects {
		if o.typ != plumbing.CommitObject || o.content == nil {
			continue
		}
		tree, parent := commitTree(o.content)
		if parentContent := content(parent, plumbing.CommitObject); parentContent != nil {
			parentTree, _ := commitTree(parentContent)
			pair(tree, parentTree)
			based(h, parent) // the same lines but for the names and times
		}
	}
	return bases
}

// commitTree reads a commit's tree and first parent from its first lines.
func commitTree(commit []byte) (tree, parent plumbing.Hash) {
	line := func(key string) (plumbing.Hash, bool) {
		if len(commit) < len(key)+41 || string(commit[:len(key)]) != key || commit[len(key)+40] != '\n' {
			return plumbing.ZeroHash, false
		}
		h := plumbing.NewHash(string(commit[len(key) : len(key)+40]))
		commit = commit[len(key)+41:]
		return h, true
	}
	tree, ok := line("tree ")
	if ok {
		parent, _ = line("parent ")
	}
	return tree, parent
}

// eachEntry calls each with the mode, name and object of every entry a
// tree's content lists, stopping at the first that does not read.
func eachEntry(tree []byte, each func(mode, name string, h plumbing.Hash)) {
	for len(tree) > 0 {
		space := bytes.IndexByte(tree, ' ')
		nul := bytes.IndexByte(tree, 0)
		if space < 0 || nul < space || len(tree) < nul+21 {
			return
		}
		each(string(tree[:space]), string(tree[space+1:nul]), plumbing.Hash(tree[nul+1:nul+21]))
		tree = tree[nul+21:]
	}
}

// subtrees reads the folders a tree lists, by name, and the last file
// it lists (in a segment folder, the newest segment).
func subtrees(tree []byte) (map[string]plumbing.Hash, plumbing.Hash) {
	dirs := map[string]plumbing.Hash{}
	var last plumbing.Hash
	eachEntry(tree, func(mode, name string, h plumbing.Hash) {
		if mode == "40000" {
			dirs[name] = h
		} else {
			last = h
		}
	})
	return dirs, last
}

// newFiles lists the files tree holds that before does not.
func newFiles(tree, before []byte) []plumbing.Hash {
	had := map[plumbing.Hash]bool{}
	eachEntry(before, func(_, _ string, h plumbing.Hash) { had[h] = true })
	var added []plumbing.Hash
	eachEntry(tree, func(mode, _ string, h plumbing.Hash) {
		if mode != "40000" && !had[h] {
			added = append(added, h)
		}
	})
	return added
}

// inflater decompresses one zlib stream after another with one reader:
// a new reader each time costs more than the small objects it reads.
type inflater struct{ zr io.ReadCloser }

func (z *inflater) inflate(data []byte) ([]byte, error) {
	var err error
	if z.zr == nil {
		z.zr, err = zlib.NewReader(bytes.NewReader(data))
	} else {
		err = z.zr.(zlib.Resetter).Reset(bytes.NewReader(data), nil)
	}
	if err != nil {
		return nil, err
	}
	return io.ReadAll(z.zr)
}

func readContent(obj plumbing.EncodedObject) ([]byte, error) {
	rd, err := obj.Reader()
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	return io.ReadAll(rd)
}

// headerLength is how many bytes a pack entry's header takes: the type in
// bits 4-6 of the first byte, the size in the rest, seven bits per byte
// while the top bit is set. 0 when it is cut short.
func headerLength(entry []byte) int {
	for n := 0; n < len(entry) && n < 10; n++ {
		if entry[n]&0x80 == 0 {
			return n + 1
		}
	}
	return 0
}

// deltaBase reads which object a pack entry, read at offset in src, is a
// difference from when it gives that object by its distance back (0 when
// it does not).
func deltaBase(entry []byte, offset uint64, src *packSource) (plumbing.Hash, uint64, error) {
	n := headerLength(entry)
	if n == 0 {
		return plumbing.ZeroHash, 0, fmt.Errorf("its header is cut short")
	}
	if (entry[0]>>4)&7 != ofsDelta {
		return plumbing.ZeroHash, 0, nil
	}
	distance, _, err := readDeltaOffset(entry[n:])
	if err != nil {
		return plumbing.ZeroHash, 0, err
	}
	base, ok := src.byOffset[offset-distance]
	if distance == 0 || distance > offset || !ok {
		return plumbing.ZeroHash, 0, fmt.Errorf("its base is not in its pack")
	}
	return base, distance, nil
}

// rebase returns a pack entry that is a difference given by its distance
// back to its base, as written at to in another pack whose base is at
// base.
func rebase(entry []byte, to, base uint64) ([]byte, error) {
	n := headerLength(entry)
	_, m, err := readDeltaOffset(entry[n:])
	if err != nil {
		return nil, err
	}
	if base >= to {
		return nil, fmt.Errorf("its base is not written before it")
	}
	rebased := append([]byte(nil), entry[:n]...)
	rebased = appendDeltaOffset(rebased, to-base)
	return append(rebased, entry[n+m:]...), nil
}

// readDeltaOffset reads git's encoding of the distance from a difference
// back to its base, returning it and how many bytes it took.
func readDeltaOffset(b []byte) (uint64, int, error) {
	if len(b) == 0 {
		return 0, 0, fmt.Errorf("its base is cut short")
	}
	c := b[0]
	off := uint64(c & 0x7f)
	i := 1
	for c&0x80 != 0 {
		if i >= len(b) || i >= 9 {
			return 0, 0, fmt.Errorf("its base is cut short")
		}
		c = b[i]
		off = ((off + 1) << 7) | uint64(c&0x7f)
		i++
	}
	return off, i, nil
}

// appendDeltaOffset writes a distance as readDeltaOffset reads it.
func appendDeltaOffset(dst []byte, off uint64) []byte {
	var tmp [10]byte
	i := len(tmp) - 1
	tmp[i] = byte(off & 0x7f)
	for off >>= 7; off != 0; off >>= 7 {
		off--
		i--
		tmp[i] = 0x80 | byte(off&0x7f)
	}
	return append(dst, tmp[i:]...)
}

// packOut is a pack being written to a temporary file: where it stands,
// where each object went, and the checksum of what is written so far.
type packOut struct {
	fsys   billy.Filesystem
	tmp    billy.File
	w      *bufio.Writer
	hash   hash.Hash
	offset uint64
	at     map[plumbing.Hash]uint64
	index  idxfile.Writer
	zw     *zlib.Writer
	zbuf   bytes.Buffer
	err    error
}

// newPackOut starts a pack of count objects in the repository's pack
// folder.
func newPackOut(st *filesystem.Storage, count int) (*packOut, error) {
	fsys := st.Filesystem()
	tmp, err := fsys.TempFile(filepath.Join("objects", "pack"), "tmp_pack_")
	if err != nil {
		return nil, err
	}
	p := &packOut{fsys: fsys, tmp: tmp, hash: sha1.New(), at: make(map[plumbing.Hash]uint64, count)}
	p.w = bufio.NewWriterSize(io.MultiWriter(tmp, p.hash), 1<<16)
	p.zw, _ = zlib.NewWriterLevel(&p.zbuf, zlib.BestSpeed)
	p.write([]byte("PACK"))
	p.write(binary.BigEndian.AppendUint32(nil, 2))
	p.write(binary.BigEndian.AppendUint32(nil, uint32(count)))
	p.index.OnHeader(uint32(count))
	return p, nil
}

func (p *packOut) write(b []byte) {
	if p.err != nil {
		return
	}
	_, p.err = p.w.Write(b)
	p.offset += uint64(len(b))
}

// raw writes an entry as a pack stores it: header, then compressed data.
func (p *packOut) raw(h plumbing.Hash, entry []byte) {
	p.at[h] = p.offset
	p.index.Add(h, p.offset, crc32.ChecksumIEEE(entry))
	p.write(entry)
}

// object writes an object's content, or its difference from the object
// written at base when typ is ofsDelta, compressed.
func (p *packOut) object(h plumbing.Hash, typ plumbing.ObjectType, content []byte, base uint64) error {
	size := uint64(len(content))
	entry := []byte{byte(typ)<<4 | byte(size&0x0f)}
	for size >>= 4; size != 0; size >>= 7 {
		entry[len(entry)-1] |= 0x80
		entry = append(entry, byte(size&0x7f))
	}
	if typ == ofsDelta {
		entry = appendDeltaOffset(entry, p.offset-base)
	}
	p.zbuf.Reset()
	p.zw.Reset(&p.zbuf)
	if _, err := p.zw.Write(content); err != nil {
		return err
	}
	if err := p.zw.Close(); err != nil {
		return err
	}
	p.raw(h, append(entry, p.zbuf.Bytes()...))
	return p.err
}

// abandon deletes the unfinished pack.
func (p *packOut) abandon() {
	p.tmp.Close()
	p.fsys.Remove(p.tmp.Name())
}

// save ends the pack with its checksum, saves its index, then the pack
// beside it, as go-git does (a pack is read only once it has an index),
// and returns the pack's name.
func (p *packOut) save() (plumbing.Hash, error) {
	if p.err == nil {
		p.err = p.w.Flush()
	}
	if p.err != nil {
		p.abandon()
		return plumbing.ZeroHash, p.err
	}
	sum := plumbing.Hash(p.hash.Sum(nil))
	if _, err := p.tmp.Write(sum[:]); err != nil {
		p.abandon()
		return plumbing.ZeroHash, err
	}
	if err := p.tmp.Close(); err != nil {
		p.fsys.Remove(p.tmp.Name())
		return plumbing.ZeroHash, err
	}
	fail := func(err error) (plumbing.Hash, error) {
		p.fsys.Remove(p.tmp.Name())
		return plumbing.ZeroHash, err
	}
	if err := p.index.OnFooter(sum); err != nil {
		return fail(err)
	}
	idx, err := p.index.Index()
	if err != nil {
		return fail(err)
	}
	base := filepath.Join("objects", "pack", "pack-"+sum.String())
	idxTmp, err := p.fsys.TempFile(filepath.Join("objects", "pack"), "tmp_idx_")
	if err != nil {
		return fail(err)
	}
	_, err = idxfile.NewEncoder(idxTmp).Encode(idx)
	if cerr := idxTmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = p.fsys.Rename(idxTmp.Name(), base+".idx")
	}
	if err != nil {
		p.fsys.Remove(idxTmp.Name())
		return fail(err)
	}
	if err := p.fsys.Rename(p.tmp.Name(), base+".pack"); err != nil {
		return fail(err)
	}
	return sum, nil
}
