package store

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"database/sql"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/cairn-community/cairn/backend/community"
	"github.com/cairn-community/cairn/backend/errs"
	"github.com/cairn-community/cairn/backend/oplog"
)

var ctx = context.Background()

func sampleWorkspace() (community.Workspace, community.Identity) {
	pub := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, 32)).Public().(ed25519.PublicKey)
	return community.Workspace{ID: "ws1", Name: "Field Guide", CreatedAt: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)},
		community.Identity{MemberName: "Ana", PublicKey: pub, ReplicaID: "rep1"}
}

func TestOpenFreshCreatesSchemaAtLatestVersion(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cairn.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	list, _ := loadMigrations(embeddedMigrations)
	if v, _ := userVersion(ctx, db.write); v != len(list) || v == 0 {
		t.Fatalf("user_version = %d, want %d", v, len(list))
	}
	var mode string
	db.write.QueryRow("PRAGMA journal_mode").Scan(&mode)
	var fk int
	db.write.QueryRow("PRAGMA foreign_keys").Scan(&fk)
	if mode != "wal" || fk != 1 {
		t.Fatalf("journal_mode=%q foreign_keys=%d, want wal and 1", mode, fk)
	}
	if _, _, err := db.Workspace(ctx); errs.Code(err) != errs.NotFound {
		t.Fatalf("empty database: got %v, want not found", err)
	}
	ws, me := sampleWorkspace()
	if err := db.CreateWorkspace(ctx, ws, me); err != nil {
		t.Fatal(err)
	}
	gotWS, gotMe, err := db.Workspace(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if gotWS != ws || gotMe.MemberName != me.MemberName || !gotMe.PublicKey.Equal(me.PublicKey) || gotMe.ReplicaID != me.ReplicaID {
		t.Fatalf("read back %+v %+v, want %+v %+v", gotWS, gotMe, ws, me)
	}
	if err := db.CreateWorkspace(ctx, ws, me); errs.Code(err) != errs.Conflict {
		t.Fatalf("second create: got %v, want conflict", err)
	}
}

func TestReadPoolCannotWrite(t *testing.T) {
	db, err := Open(ctx, filepath.Join(t.TempDir(), "cairn.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.read.Exec("INSERT INTO workspace VALUES (1, 'x', 'y', 'z')"); err == nil {
		t.Fatal("a write through the read pool succeeded")
	}
}

func TestUpgradeAppliesOnlyNewMigrationsAndKeepsData(t *testing.T) {
	v1 := fstest.MapFS{"migrations/0001_a.sql": {Data: []byte("CREATE TABLE note (body TEXT);")}}
	v2 := fstest.MapFS{
		"migrations/0001_a.sql": v1["migrations/0001_a.sql"],
		"migrations/0002_b.sql": {Data: []byte("ALTER TABLE note ADD COLUMN author TEXT NOT NULL DEFAULT 'unknown';")},
	}
	path := filepath.Join(t.TempDir(), "cairn.db")
	db, err := open(ctx, path, v1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.write.Exec("INSERT INTO note (body) VALUES ('kept')"); err != nil {
		t.Fatal(err)
	}
	db.Close()

	db, err = open(ctx, path, v2)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var body, author string
	if err := db.read.QueryRow("SELECT body, author FROM note").Scan(&body, &author); err != nil {
		t.Fatal(err)
	}
	if body != "kept" || author != "unknown" {
		t.Fatalf("after upgrade: %q %q", body, author)
	}
	if v, _ := userVersion(ctx, db.read); v != 2 {
		t.Fatalf("user_version = %d, want 2", v)
	}
}

func TestFailedMigrationLeavesPreviousVersion(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cairn.db")
	broken := fstest.MapFS{
		"migrations/0001_a.sql": {Data: []byte("CREATE TABLE note (body TEXT);")},
		"migrations/0002_b.sql": {Data: []byte("CREATE TABLE half (x TEXT); THIS IS NOT SQL;")},
	}
	if _, err := open(ctx, path, broken); err == nil {
		t.Fatal("a broken migration was accepted")
	}
	raw, _ := sql.Open("sqlite3", path)
	defer raw.Close()
	var v, halves int
	raw.QueryRow("PRAGMA user_version").Scan(&v)
	raw.QueryRow("SELECT count(*) FROM sqlite_master WHERE name = 'half'").Scan(&halves)
	if v != 1 || halves != 0 {
		t.Fatalf("user_version=%d, half tables=%d; want 1 and 0", v, halves)
	}
}

func TestMigrationsMustNumberWithoutGaps(t *testing.T) {
	gap := fstest.MapFS{
		"migrations/0001_a.sql": {Data: []byte("SELECT 1;")},
		"migrations/0003_c.sql": {Data: []byte("SELECT 1;")},
	}
	if _, err := loadMigrations(gap); err == nil {
		t.Fatal("a gap in migration numbers was accepted")
	}
}

func TestNewerDatabaseIsRefusedAndUntouched(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cairn.db")
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec("CREATE TABLE future (x); PRAGMA user_version = 999;"); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	before, _ := os.ReadFile(path)

	_, err = Open(ctx, path)
	if errs.Code(err) != errs.TooNew {
		t.Fatalf("got %v, want too_new", err)
	}
	if _, err := OpenReadOnly(ctx, path); errs.Code(err) != errs.TooNew {
		t.Fatalf("read-only: got %v, want too_new", err)
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Fatal("the newer database was modified")
	}
	if _, err := os.Stat(path + "-wal"); err == nil {
		t.Fatal("a WAL file was created next to the newer database")
	}
}

func TestCorruptDatabaseIsRefusedAndUntouched(t *testing.T) {
	cases := map[string]func(path string) []byte{
		"garbage": func(string) []byte { return bytes.Repeat([]byte("not a database "), 400) },
		"truncated": func(path string) []byte {
			db, err := Open(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			for i := 0; i < 200; i++ {
				db.write.Exec("CREATE TABLE t" + string(rune('a'+i%26)) + string(rune('a'+i/26)) + " (x TEXT)")
			}
			db.Close()
			data, _ := os.ReadFile(path)
			return data[:len(data)/2]
		},
	}
	for name, make := range cases {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "cairn.db")
			data := make(path)
			os.Remove(path + "-wal")
			os.Remove(path + "-shm")
			if err := os.WriteFile(path, data, 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := Open(ctx, path)
			if errs.Code(err) != errs.Corrupt {
				t.Fatalf("got %v (code %q), want corrupt", err, errs.Code(err))
			}
			if after, _ := os.ReadFile(path); !bytes.Equal(data, after) {
				t.Fatal("the damaged database was modified")
			}
		})
	}
}

func TestPathsWithURICharactersWork(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a?b#c%20d")
	os.MkdirAll(dir, 0o700)
	path := filepath.Join(dir, "cairn.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("database not at %s: %v", path, err)
	}
}

// A data folder written before changes could wait for their time keeps
// every op, status and index through the upgrade, and takes the new
// status.
func TestUpgradeToChangesAheadKeepsTheLog(t *testing.T) {
	v6 := fstest.MapFS{}
	for i := 1; i <= 6; i++ {
		names, _ := fs.Glob(embeddedMigrations, fmt.Sprintf("migrations/%04d_*.sql", i))
		data, _ := fs.ReadFile(embeddedMigrations, names[0])
		v6[names[0]] = &fstest.MapFile{Data: data}
	}
	path := filepath.Join(t.TempDir(), "cairn.db")
	db, err := open(ctx, path, v6)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.write.Exec(`INSERT INTO ops (id, replica, seq, author, wall, logical, type, version, payload, line, segment, status, reason, changes_permissions)
		VALUES ('a', 'r', 1, 'k', 5, 0, 'vision.set', 1, '{}', 'line', 'seg', 'waiting', 'why', 1)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var status, reason, segment string
	var perms int
	if err := db.read.QueryRow(`SELECT status, reason, segment, changes_permissions FROM ops WHERE id = 'a'`).Scan(&status, &reason, &segment, &perms); err != nil {
		t.Fatal(err)
	}
	if status != "waiting" || reason != "why" || segment != "seg" || perms != 1 {
		t.Fatalf("after the upgrade: %q %q %q %d", status, reason, segment, perms)
	}
	if _, err := db.write.Exec(`UPDATE ops SET status = 'ahead' WHERE id = 'a'`); err != nil {
		t.Fatalf("the upgraded log refuses the status ahead: %v", err)
	}
	var indexes int
	db.read.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'ops' AND name LIKE 'ops_%'`).Scan(&indexes)
	if indexes != 6 {
		t.Fatalf("the upgraded log has %d of its 6 indexes", indexes)
	}
}

// TestOpeningChecksTheWholeFileOnlyAfterAnUncleanClose: a database its
// last writer closed is opened without reading every page; one left open
// by a crash, or shorter than its header says, is checked whole first, so
// a page damaged meanwhile is found before anything is written.
func TestOpeningChecksTheWholeFileOnlyAfterAnUncleanClose(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cairn.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 300; i++ {
		if _, err := db.write.Exec("CREATE TABLE IF NOT EXISTS filler (x TEXT)"); err != nil {
			t.Fatal(err)
		}
		db.write.Exec("INSERT INTO filler VALUES (?)", strings.Repeat("river ", 200))
	}
	if closedCleanly(path) {
		t.Fatal("a database open for writing looks closed")
	}
	db.Close()
	if !closedCleanly(path) {
		t.Fatal("a database closed cleanly is checked whole at every open")
	}
	data, _ := os.ReadFile(path)
	short := filepath.Join(t.TempDir(), "cairn.db")
	os.WriteFile(short, data[:len(data)-4096], 0o600)
	if closedCleanly(short) {
		t.Fatal("a database shorter than its header says is not checked")
	}
	// A crash leaves the marker; a page scribbled since is found at open.
	os.WriteFile(openMarker(path), nil, 0o600)
	for i := len(data) / 2; i < len(data)/2+4096; i++ {
		data[i] = 0xff
	}
	os.WriteFile(path, data, 0o600)
	if _, err := Open(ctx, path); errs.Code(err) != errs.Corrupt {
		t.Fatalf("after an unclean close, a damaged page was not found: %v", err)
	}
}

// WriteState streams exactly the bytes of the whole state marshalled at
// once (as State did before it streamed): scripts compare them.
func TestWriteStateGivesTheCanonicalBytes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cairn.db")
	data, err := os.ReadFile("../workspace/testdata/v1-history/cairn.db")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(path, data, 0o600)
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	whole := map[string][]json.RawMessage{}
	for _, table := range append([]string{"ops"}, projectionTables...) {
		lines, err := dumpRows(ctx, db.read, dumpQuery(table))
		if err != nil {
			t.Fatal(err)
		}
		sort.Strings(lines)
		rows := make([]json.RawMessage, len(lines))
		for i, l := range lines {
			rows[i] = json.RawMessage(l)
		}
		whole[table] = rows
	}
	want, _ := json.Marshal(whole)
	got, err := db.State(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) || len(got) < 1000 {
		t.Fatalf("the streamed state differs (%d bytes against %d)", len(got), len(want))
	}
}

// Every sync asks twice for the ops not in force: each of those statuses
// is found through its own index, never by reading the whole log.
func TestOpsNotInForceAreFoundByIndex(t *testing.T) {
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "cairn.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, status := range []oplog.Status{oplog.Waiting, oplog.Rejected, oplog.Ahead} {
		rows, err := db.read.Query(`EXPLAIN QUERY PLAN `+opsWithStatusQuery(status), nil)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			rows.Scan(&id, &parent, &unused, &detail)
			plan = append(plan, detail)
		}
		rows.Close()
		if !slices.ContainsFunc(plan, func(d string) bool { return strings.Contains(d, "USING INDEX ops_"+string(status)) }) {
			t.Errorf("ops %s are found by %q", status, plan)
		}
	}
}
