package gitsync

import (
	"bytes"
	"compress/zlib"
	"os"
	"path/filepath"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
)

// FuzzPackParsers feeds what a folder remote's files may hold, written by
// anyone, to the readers housekeeping uses on them: a pack entry's header
// and distance to its base, a tree's folders, a commit's first lines, a
// loose object's file. None may panic; a distance reads back as written;
// a loose object is taken only when its content hashes to its name.
func FuzzPackParsers(f *testing.F) {
	f.Add([]byte{0x95, 0x0a, 0x78, 0x9c}, uint64(100))
	f.Add([]byte{0x6a, 0x80, 0x05, 0x78}, uint64(700))
	f.Add([]byte("40000 abc\x00aaaaaaaaaaaaaaaaaaaa100644 f\x00bbbbbbbbbbbbbbbbbbbb"), uint64(0))
	f.Add([]byte("tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nparent 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n"), uint64(0))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte, offset uint64) {
		n := headerLength(data)
		if n > len(data) || n > 10 {
			t.Fatalf("header of %d bytes in %d", n, len(data))
		}
		src := &packSource{data: data, byOffset: map[uint64]plumbing.Hash{offset / 2: {1}}}
		if base, distance, err := deltaBase(data, offset, src); err == nil && distance != 0 {
			if distance > offset || base != (plumbing.Hash{1}) {
				t.Fatalf("base %s at distance %d from %d", base, distance, offset)
			}
			if entry, err := rebase(data, offset+5, 3); err == nil {
				got, _, err := readDeltaOffset(entry[headerLength(entry):])
				if err != nil || got != offset+2 {
					t.Fatalf("rebased to %d (%v), want %d", got, err, offset+2)
				}
			}
		}
		if got, m, err := readDeltaOffset(appendDeltaOffset(nil, offset)); err != nil || got != offset || m == 0 {
			t.Fatalf("distance %d reads back as %d (%v)", offset, got, err)
		}
		subtrees(data)
		commitTree(data)

		var buf bytes.Buffer
		z := zlib.NewWriter(&buf)
		z.Write(data)
		z.Close()
		h := plumbing.ComputeHash(plumbing.BlobObject, data)
		for _, file := range [][]byte{data, buf.Bytes()} {
			name := h.String()
			path := filepath.Join(dir, "objects", name[:2], name[2:])
			os.MkdirAll(filepath.Dir(path), 0o755)
			if err := os.WriteFile(path, file, 0o644); err != nil {
				t.Fatal(err)
			}
			var zr inflater
			if obj, err := readLoose(dir, h, &zr); err == nil {
				if plumbing.ComputeHash(obj.typ, obj.content) != h {
					t.Fatalf("a loose object was taken under another name")
				}
			}
		}
	})
}
