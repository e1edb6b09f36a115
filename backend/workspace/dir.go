package workspace

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/adrg/xdg"
	"github.com/gofrs/flock"

	"github.com/cairn-community/cairn/backend/durable"
	"github.com/cairn-community/cairn/backend/errs"
)

// DataDirEnv names the environment variable that overrides the data folder,
// for tests and for portable installs (a USB stick, say).
const DataDirEnv = "CAIRN_DATA"

// Files inside a data folder.
const (
	databaseFile = "cairn.db"
	keyFile      = "member.key"
	lockFile     = "cairn.lock"
)

// DefaultDataDir is $CAIRN_DATA when set, else the user's XDG data folder
// (~/.local/share/cairn on Linux).
func DefaultDataDir() string {
	if dir := os.Getenv(DataDirEnv); dir != "" {
		return dir
	}
	return filepath.Join(xdg.DataHome, "cairn")
}

// Dir is a data folder claimed by this process. While a process holds it,
// no other Cairn (app or command line) can write there, so two processes
// never write one database.
type Dir struct {
	path string
	lock *flock.Flock

	// Random and Now are the sources of keys, ids and timestamps; tests set
	// them to get repeatable output.
	Random io.Reader
	Now    func() time.Time
}

// Claim creates the data folder if needed and takes its lock. It fails with
// a Busy error at once, rather than waiting, when another Cairn holds it.
func Claim(path string) (*Dir, error) {
	if strings.TrimSpace(path) == "" {
		return nil, errs.New(errs.Invalid, "No data folder was given. Name a folder, or leave it out to use the usual one.")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, errs.Wrap(err, errs.Invalid, "The data folder %q is not a usable path.", path)
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return nil, unwritable(abs, err)
	}
	lock := flock.New(filepath.Join(abs, lockFile))
	held, err := lock.TryLock()
	if err != nil {
		return nil, unwritable(abs, err)
	}
	if !held {
		return nil, errs.New(errs.Busy, "Cairn is already running with the data folder %s. Close the other Cairn (the app or a command still running) and try again.", abs)
	}
	return &Dir{path: abs, lock: lock, Random: rand.Reader, Now: time.Now}, nil
}

// Path is the data folder's absolute path.
func (d *Dir) Path() string { return d.path }

// Release gives the folder back to other processes.
func (d *Dir) Release() error { return d.lock.Unlock() }

// MoveAside renames a damaged database (and its key file) with the current
// time, so nothing is overwritten or deleted and a new workspace can be
// created. It returns the new name of the database.
func (d *Dir) MoveAside() (string, error) {
	stamp := d.Now().UTC().Format("20060102T150405Z")
	var moved string
	for _, name := range []string{databaseFile, databaseFile + "-wal", databaseFile + "-shm", keyFile} {
		from := filepath.Join(d.path, name)
		to := filepath.Join(d.path, fmt.Sprintf("%s.damaged-%s", name, stamp))
		if err := os.Rename(from, to); errors.Is(err, fs.ErrNotExist) {
			continue
		} else if err != nil {
			return "", errs.Wrap(err, errs.Unwritable, "Cairn could not rename %s. Nothing was deleted; check the folder's permissions.", from)
		}
		if name == databaseFile {
			moved = to
		}
	}
	if moved == "" {
		return "", errs.New(errs.NotFound, "There is no workspace database in %s to move aside.", d.path)
	}
	return moved, durable.SyncDir(d.path)
}

func (d *Dir) databasePath() string { return filepath.Join(d.path, databaseFile) }

func unwritable(path string, err error) error {
	return errs.Wrap(err, errs.Unwritable, "Cairn cannot write to its data folder %s. Check that it is a folder you may write to, or choose another one with %s.", path, DataDirEnv)
}
