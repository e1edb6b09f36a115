// Package durable writes files so that a crash or a power cut leaves the
// old bytes or the new ones, never a part: a temporary file beside the
// target, fsync, rename, and an fsync of the folder.
package durable

import (
	"os"
	"path/filepath"
)

// WriteFile replaces path with data, with the given permissions.
func WriteFile(path string, data []byte, perm os.FileMode) error {
	return WriteFileVia(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp", path, data, perm, nil)
}

// WriteFileVia is WriteFile with the temporary file made in tmpDir (on the
// same file system) under a name of pattern (see os.CreateTemp): for a
// folder whose readers must never meet a temporary file, such as a git
// remote's refs. beforeRename, when not nil, is given the temporary file's
// name just before the rename, for tests.
func WriteFileVia(tmpDir, pattern, path string, data []byte, perm os.FileMode, beforeRename func(string)) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(tmpDir, pattern)
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // gone already once renamed
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(perm); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if beforeRename != nil {
		beforeRename(tmp.Name())
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	if err := SyncDir(dir); err != nil {
		return err
	}
	if tmpDir != dir {
		return SyncDir(tmpDir)
	}
	return nil
}

// SyncDir flushes a folder's entries, so a rename or a new file in it
// survives a power cut.
func SyncDir(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}
