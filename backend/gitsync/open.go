package gitsync

import (
	"bytes"
	"io"
	"strings"

	"github.com/go-git/go-billy/v5"
	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// openGit opens the repository at path (bare, or a folder holding .git),
// reading each pack index whole in one go: go-git reads an index four
// bytes at a time, a system call each, and reads every index of a
// repository on its first lookup, so opening a remote of a thousand
// pushes cost more than the push itself.
func openGit(path string) (*git.Repository, error) {
	plain, err := git.PlainOpen(path)
	if err != nil {
		return nil, err
	}
	st, ok := plain.Storer.(*filesystem.Storage)
	if !ok {
		return plain, nil
	}
	// Packs stay open between reads (go-git opens the pack again for
	// every object otherwise); housekeeping closes them before deleting
	// one, as Windows requires.
	return git.Open(filesystem.NewStorageWithOptions(indexesInMemory{st.Filesystem()}, cache.NewObjectLRUDefault(), filesystem.Options{KeepDescriptors: true}), nil)
}

// indexesInMemory is a repository's folder whose pack indexes open as
// their bytes in memory.
type indexesInMemory struct{ billy.Filesystem }

func (fs indexesInMemory) Open(name string) (billy.File, error) {
	f, err := fs.Filesystem.Open(name)
	if err != nil || !strings.HasSuffix(name, ".idx") {
		return f, err
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, err
	}
	return &fileInMemory{name: f.Name(), Reader: bytes.NewReader(data)}, nil
}

// fileInMemory is a file read whole, for reading only.
type fileInMemory struct {
	name string
	*bytes.Reader
}

func (f *fileInMemory) Name() string              { return f.name }
func (f *fileInMemory) Write([]byte) (int, error) { return 0, errReadOnly }
func (f *fileInMemory) Close() error              { return nil }
func (f *fileInMemory) Lock() error               { return nil }
func (f *fileInMemory) Unlock() error             { return nil }
func (f *fileInMemory) Truncate(int64) error      { return errReadOnly }

var errReadOnly = &readOnlyError{}

type readOnlyError struct{}

func (*readOnlyError) Error() string { return "a pack index is only read" }

// closeGit closes the pack files a repository holds open.
func closeGit(repo *git.Repository) {
	if c, ok := repo.Storer.(io.Closer); ok {
		c.Close()
	}
}
