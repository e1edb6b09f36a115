package store

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"io"
	"io/fs"
	"os"
	"runtime"
	"strings"

	"github.com/mattn/go-sqlite3"

	"github.com/cairn-community/cairn/backend/errs"
)

// DB is an open Cairn database: one writer connection and a read-only pool.
type DB struct {
	path      string
	write     *sql.DB
	read      *sql.DB
	authority authorityCache
}

// Open opens the database at path, creating it if it does not exist, and
// brings its schema up to date. A damaged database or one written by a
// newer Cairn is refused before anything is written to it.
func Open(ctx context.Context, path string) (*DB, error) {
	return open(ctx, path, embeddedMigrations)
}

func open(ctx context.Context, path string, migrationsFS fs.FS) (*DB, error) {
	list, err := loadMigrations(migrationsFS)
	if err != nil {
		return nil, errs.Wrap(err, errs.Internal, "This build of Cairn is broken: its database migrations are out of order.")
	}
	if err := inspect(ctx, path, len(list)); err != nil && errs.Code(err) != errs.NotFound {
		return nil, err
	}
	// From here until Close, the marker says a writer has the file open:
	// found at the next open, it says this one did not close cleanly.
	if err := os.WriteFile(openMarker(path), nil, 0o600); err != nil {
		return nil, classify(err, path)
	}
	write, err := sql.Open("sqlite3", dsn(path, "_journal_mode=WAL&_foreign_keys=on&_synchronous=FULL&_busy_timeout=5000&_txlock=immediate&_cache_size=-65536"))
	if err != nil {
		return nil, classify(err, path)
	}
	// One writer: a pool of writers doing read-then-write transactions fails
	// with "database is locked" whatever busy_timeout says.
	write.SetMaxOpenConns(1)
	if err := migrate(ctx, write, list); err != nil {
		write.Close()
		return nil, classify(err, path)
	}
	read, err := openReadPool(path)
	if err != nil {
		write.Close()
		return nil, classify(err, path)
	}
	return &DB{path: path, write: write, read: read}, nil
}

// OpenReadOnly opens an existing database for reading only, without
// migrating it, so another process can read while the app holds the data
// folder.
func OpenReadOnly(ctx context.Context, path string) (*DB, error) {
	list, err := loadMigrations(embeddedMigrations)
	if err != nil {
		return nil, errs.Wrap(err, errs.Internal, "This build of Cairn is broken: its database migrations are out of order.")
	}
	if err := inspect(ctx, path, len(list)); err != nil {
		return nil, err
	}
	read, err := openReadPool(path)
	if err != nil {
		return nil, classify(err, path)
	}
	version, err := userVersion(ctx, read)
	if err != nil {
		read.Close()
		return nil, classify(err, path)
	}
	if version < len(list) {
		read.Close()
		return nil, errs.New(errs.Invalid, "The workspace at %s needs a one-time upgrade. Open it once with this version of Cairn (the app or any write command), then try again.", path)
	}
	return &DB{path: path, read: read}, nil
}

func openReadPool(path string) (*sql.DB, error) {
	read, err := sql.Open("sqlite3", dsn(path, "mode=ro&_foreign_keys=on&_busy_timeout=5000"))
	if err != nil {
		return nil, err
	}
	read.SetMaxOpenConns(max(2, runtime.NumCPU()))
	return read, nil
}

// Inspect checks, without writing anything, that path holds a database this
// Cairn can open. It returns a NotFound error when there is no file, Corrupt
// when the file is damaged, and TooNew when a newer Cairn wrote it.
func Inspect(ctx context.Context, path string) error {
	list, err := loadMigrations(embeddedMigrations)
	if err != nil {
		return err
	}
	return inspect(ctx, path, len(list))
}

func inspect(ctx context.Context, path string, known int) error {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return errs.New(errs.NotFound, "There is no workspace database at %s.", path)
	} else if err != nil {
		return classify(err, path)
	}
	probe, err := sql.Open("sqlite3", dsn(path, "mode=ro"))
	if err != nil {
		return classify(err, path)
	}
	defer probe.Close()
	version, err := userVersion(ctx, probe)
	if err != nil {
		return classify(err, path)
	}
	if version > known {
		return errs.New(errs.TooNew, "This workspace was saved by a newer version of Cairn (database version %d; this Cairn knows up to %d). Install the newest Cairn to open it. Nothing was changed.", version, known)
	}
	// quick_check reads every page once: it finds a truncated or scribbled
	// file before Cairn writes anything to it. It runs when the last
	// writer did not close cleanly, or the file is not as long as it says;
	// verify runs it always (DB.Check).
	if closedCleanly(path) {
		return nil
	}
	rows, err := probe.QueryContext(ctx, "PRAGMA quick_check")
	if err != nil {
		return classify(err, path)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return classify(err, path)
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return classify(err, path)
	}
	if len(problems) > 0 {
		return corrupt(path, errors.New(strings.Join(problems, "; ")))
	}
	return nil
}

// Path is the database file's path.
func (db *DB) Path() string { return db.path }

// Close closes every connection. The WAL is checkpointed by SQLite when the
// last connection closes; then a writer's open marker goes.
func (db *DB) Close() error {
	var first error
	for _, c := range []*sql.DB{db.read, db.write} {
		if c == nil {
			continue
		}
		if err := c.Close(); err != nil && first == nil {
			first = err
		}
	}
	if db.write != nil && first == nil {
		os.Remove(openMarker(db.path))
	}
	return first
}

// openMarker is the file beside the database while a writer has it open.
func openMarker(path string) string { return path + "-open" }

// closedCleanly reports whether the database at path looks whole without
// reading it: no writer left it open (a crash, a kill, a power cut), and
// the file is as long as its header says. Only then does opening skip the
// check that reads every page, which takes seconds on a large workspace.
func closedCleanly(path string) bool {
	if _, err := os.Stat(openMarker(path)); !errors.Is(err, fs.ErrNotExist) {
		return false
	}
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	header := make([]byte, 100)
	if _, err := io.ReadFull(f, header); err != nil {
		return false
	}
	info, err := f.Stat()
	if err != nil {
		return false
	}
	pageSize := int64(binary.BigEndian.Uint16(header[16:18]))
	if pageSize == 1 {
		pageSize = 65536
	}
	pages := int64(binary.BigEndian.Uint32(header[28:32]))
	// The header's page count holds only when the change counter matches
	// the number that vouches for it (see SQLite's file format, 1.3.8).
	valid := binary.BigEndian.Uint32(header[24:28]) == binary.BigEndian.Uint32(header[92:96])
	if pageSize < 512 || info.Size()%pageSize != 0 || (valid && pages > 0 && info.Size() < pages*pageSize) {
		return false
	}
	return true
}

// dsn builds a mattn/go-sqlite3 URI. Characters that mean something in a
// URI are escaped, so any folder name works.
func dsn(path, params string) string {
	escaped := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
	return "file:" + escaped + "?" + params
}

// classify turns a driver or file-system error into an Error a person can
// act on.
func classify(err error, path string) error {
	if err == nil {
		return nil
	}
	var already *errs.Error
	if errors.As(err, &already) {
		return err
	}
	var sqlErr sqlite3.Error
	if errors.As(err, &sqlErr) {
		switch sqlErr.Code {
		case sqlite3.ErrCorrupt, sqlite3.ErrNotADB:
			return corrupt(path, err)
		case sqlite3.ErrReadonly, sqlite3.ErrCantOpen, sqlite3.ErrPerm:
			return errs.Wrap(err, errs.Unwritable, "Cairn cannot open or write its database at %s. Check that the folder exists and that you may write to it, or choose another folder.", path)
		case sqlite3.ErrFull:
			return errs.Wrap(err, errs.Unwritable, "The disk holding %s is full. Free some space and try again; nothing was lost.", path)
		case sqlite3.ErrBusy, sqlite3.ErrLocked:
			return errs.Wrap(err, errs.Busy, "Another program is using the database at %s. Close it and try again.", path)
		}
	}
	if errors.Is(err, fs.ErrPermission) {
		return errs.Wrap(err, errs.Unwritable, "Cairn may not read or write %s. Fix the folder's permissions or choose another folder.", path)
	}
	return errs.Wrap(err, errs.Internal, "Cairn could not use its database at %s.", path)
}

func corrupt(path string, err error) error {
	return errs.Wrap(err, errs.Corrupt, "The workspace database at %s is damaged, so Cairn has not changed it. You can move it aside (it is kept, renamed with the date) and start again, or restore it from a backup.", path)
}
