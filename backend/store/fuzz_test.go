package store

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// FuzzOpenArbitraryFile: whatever bytes sit where the database should be,
// Open either opens them or refuses with a code, and a refused file is left
// exactly as it was.
func FuzzOpenArbitraryFile(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte("SQLite format 3\x00"))
	f.Add(append([]byte("SQLite format 3\x00"), bytes.Repeat([]byte{0xff}, 4096)...))
	f.Add(bytes.Repeat([]byte("junk"), 1024))
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "cairn.db")
		os.WriteFile(path, data, 0o600)
		db, err := Open(ctx, path)
		if err == nil {
			db.Close()
			return
		}
		if after, _ := os.ReadFile(path); !bytes.Equal(after, data) {
			t.Fatalf("refused (%v) yet modified", err)
		}
	})
}
