package store

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/cairn-community/cairn/backend/oplog"
)

// TestOpKeyAgreesWithSQL: the key Go gives an op is the key migration 0009
// and the trigger that forgets it compute in SQL, whatever the id.
func TestOpKeyAgreesWithSQL(t *testing.T) {
	db, err := Open(ctx, filepath.Join(t.TempDir(), "cairn.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	hex64 := strings.Repeat("0123456789abcdef", 4)
	for _, id := range []string{"", "a", "ab", "abc", "0123456789abcde", "0123456789abcdef", hex64, strings.ToUpper(hex64),
		"0123456789abcdeg" + hex64[16:], "é0123456789abcdef", "0123456789abcdefé", "zz", "a\x00b", "\xff\xfe"} {
		var same bool
		if err := db.write.QueryRow(`SELECT ?1 = `+opKeySQL("?2"), opKey(id), id).Scan(&same); err != nil {
			t.Fatal(err)
		}
		if !same {
			t.Errorf("id %q: Go and SQL give different keys", id)
		}
		var buf [8]byte
		if k := newPendingKey(id, 1); !bytes.Equal(k.bytes(buf[:]), opKey(id)) {
			t.Errorf("id %q: the key kept for later is not its key", id)
		}
	}
}

// v8 opens a database with the migrations up to 0008: the op log as it
// was before it was made leaner.
func v8(t *testing.T, path string) *DB {
	t.Helper()
	old := fstest.MapFS{}
	for i := 1; i <= 8; i++ {
		names, _ := fs.Glob(embeddedMigrations, fmt.Sprintf("migrations/%04d_*.sql", i))
		data, _ := fs.ReadFile(embeddedMigrations, names[0])
		old[names[0]] = &fstest.MapFile{Data: data}
	}
	db, err := open(ctx, path, old)
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// TestLeanOpsKeepEveryPayload: after migration 0009 every op reads back
// the payload it was stored with, including one whose payload is not its
// line's (which only a hand-made row has), and is found by its id; an
// op deleted takes its key along.
func TestLeanOpsKeepEveryPayload(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cairn.db")
	db := v8(t, path)
	canonical, err := oplog.NewOp("ws1", strings.Repeat("ab", 32), "rep1", 1, oplog.Stamp{Wall: 5}, "vision.set", 1, map[string]string{"text": "é <b> \u2028 \" \\ \n"})
	if err != nil {
		t.Fatal(err)
	}
	rows := []struct{ id, payload, line string }{
		{canonical.ID, string(canonical.Payload), string(canonical.Line)},
		{"other", `{"a":1}`, `{"seq":2,"hlc":"5.1","type":"x","v":1,"payload":{"a":2}}`},
		{"short", `{}`, `line`},
		{"ends", `{}`, `{"payload":`},
		{"bad-utf8", "{\"t\":\"\xff\"}", "{\"seq\":3,\"hlc\":\"5.2\",\"type\":\"x\",\"v\":1,\"payload\":{\"t\":\"\xff\"}}"},
	}
	for i, r := range rows {
		if _, err := db.write.Exec(`INSERT INTO ops (id, replica, seq, author, wall, logical, type, version, payload, line, status)
			VALUES (?, 'rep1', ?, 'k', 5, ?, 'x', 1, ?, ?, 'applied')`, r.id, i+1, i, r.payload, r.line); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	db, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	own := 0
	for _, r := range rows {
		var payload string
		var kept sql.NullString
		if err := db.read.QueryRow(`SELECT payload, payload_own FROM ops WHERE `+byID("1"), r.id).Scan(&payload, &kept); err != nil {
			t.Fatalf("op %s after the upgrade: %v", r.id, err)
		}
		if payload != r.payload {
			t.Errorf("op %s reads payload %q, stored %q", r.id, payload, r.payload)
		}
		if kept.Valid {
			own++
		}
		if has, err := db.HasOp(ctx, r.id); err != nil || !has {
			t.Errorf("op %s not found by id: %v", r.id, err)
		}
	}
	if own != len(rows)-2 {
		t.Errorf("%d payloads stored on their own, want %d (all but the ones their lines hold)", own, len(rows)-2)
	}
	if _, err := db.write.Exec(`DELETE FROM ops WHERE id = 'other'`); err != nil {
		t.Fatal(err)
	}
	var keys, ops int
	db.read.QueryRow(`SELECT count(*) FROM op_keys`).Scan(&keys)
	db.read.QueryRow(`SELECT count(*) FROM ops`).Scan(&ops)
	if keys != ops || ops != len(rows)-1 {
		t.Fatalf("%d keys for %d ops after a delete", keys, ops)
	}
}

// TestOpsAreFoundByIDInTheirTransaction: ops stored by a transaction are
// found by id once it commits, each with the payload it came with, and an
// op evicted in the same transaction leaves no key behind.
func TestOpsAreFoundByIDInTheirTransaction(t *testing.T) {
	db, err := Open(ctx, filepath.Join(t.TempDir(), "cairn.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	author := strings.Repeat("cd", 32)
	var ops []oplog.Op
	for seq := uint64(1); seq <= 500; seq++ {
		op, err := oplog.NewOp("ws1", author, "rep1", seq, oplog.Stamp{Wall: int64(seq)}, "x", 1, map[string]uint64{"n": seq})
		if err != nil {
			t.Fatal(err)
		}
		ops = append(ops, op)
	}
	odd := ops[1]
	odd.Payload = []byte(`{"not":"the line's"}`) // only a hand-made op says so
	ops[1] = odd
	squatter, _ := oplog.NewOp("ws1", author, "rep1", 501, oplog.Stamp{Wall: 501}, "x", 1, map[string]string{"squat": "yes"})
	owner, _ := oplog.NewOp("ws1", author, "rep1", 501, oplog.Stamp{Wall: 502}, "x", 1, map[string]string{"own": "yes"})
	err = db.Write(ctx, func(tx *Tx) error {
		verdicts := make([]oplog.Verdict, len(ops))
		for i := range verdicts {
			verdicts[i] = oplog.Verdict{Status: oplog.Applied}
		}
		if _, err := tx.InsertJudged(ctx, ops, verdicts); err != nil {
			return err
		}
		if ok, err := tx.InsertWaiting(ctx, squatter); err != nil || !ok {
			return fmt.Errorf("squatter not stored: %v", err)
		}
		if evicted, err := tx.EvictSquatters(ctx, &oplog.Segment{Replica: "rep1", Ops: []oplog.Op{owner}}); err != nil || !evicted {
			return fmt.Errorf("squatter not evicted: %v", err)
		}
		_, err := tx.InsertWaiting(ctx, owner)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, op := range append(ops, owner) {
		if has, err := db.HasOp(ctx, op.ID); err != nil || !has {
			t.Fatalf("op %d not found by id: %v", op.Seq, err)
		}
		var payload []byte
		db.read.QueryRow(`SELECT payload FROM ops WHERE `+byID("1"), op.ID).Scan(&payload)
		if !bytes.Equal(payload, op.Payload) {
			t.Fatalf("op %d reads payload %s, stored %s", op.Seq, payload, op.Payload)
		}
	}
	if has, _ := db.HasOp(ctx, squatter.ID); has {
		t.Fatal("the evicted squatter is still found")
	}
	var keys, stored int
	db.read.QueryRow(`SELECT count(*) FROM op_keys`).Scan(&keys)
	db.read.QueryRow(`SELECT count(*) FROM ops`).Scan(&stored)
	if keys != stored || stored != len(ops)+1 {
		t.Fatalf("%d keys for %d ops", keys, stored)
	}
}

// TestIDsJSONIsJSON: a revision's parents read as json.Marshal writes them,
// whatever the ids.
func TestIDsJSONIsJSON(t *testing.T) {
	hex64 := strings.Repeat("0123456789abcdef", 4)
	for _, ids := range [][]string{nil, {}, {hex64}, {hex64, strings.Repeat("f", 64)}, {""}, {"ABC"}, {"<b>&"}, {"a\"b", "\xff", "\u2028"}} {
		want, _ := json.Marshal(ids)
		if got := idsJSON(ids); got != string(want) {
			t.Errorf("%q: %s, want %s", ids, got, want)
		}
	}
}
