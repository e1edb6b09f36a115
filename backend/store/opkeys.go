package store

import (
	"bytes"
	"cmp"
	"context"
	"encoding/binary"
	"encoding/hex"
	"slices"
)

// Ops are found by id through op_keys (see migration 0009): an op's key and
// its row. A write transaction collects the keys of the ops it inserts and
// adds them in one sorted run before anything asks for an op by id alone
// and before it commits, instead of a unique index updated at a random
// place for every row.

// opKey is an op's key in op_keys: the first 16 hex digits of its id as 8
// bytes, or the id's own bytes when those are not hex. It must say what
// the SQL in migration 0009 says: coalesce(unhex(substr(id, 1, 16)),
// CAST(id AS BLOB)).
func opKey(id string) []byte {
	if key, err := hex.DecodeString(id[:min(16, len(id))]); err == nil {
		return key
	}
	return []byte(id)
}

// opKeySQL is opKey in SQL, of the column or parameter expr.
func opKeySQL(expr string) string {
	return "coalesce(unhex(substr(" + expr + ", 1, 16)), CAST(" + expr + " AS BLOB))"
}

// byID is the condition that finds the op whose id is the parameter ?n
// (an index, so one parameter serves both uses), through op_keys.
func byID(n string) string {
	return "pos IN (SELECT op FROM op_keys WHERE key = " + opKeySQL("?"+n) + ") AND id = ?" + n
}

// pendingKey is the key of an op inserted by this transaction, not yet in
// op_keys: as a number when it is 8 bytes (every op id), so sorting a
// million of them costs little, and as bytes otherwise.
type pendingKey struct {
	short uint64 // the key's 8 bytes, big-endian, when other is nil
	other []byte
	pos   int64
}

func newPendingKey(id string, pos int64) pendingKey {
	if len(id) >= 16 {
		var n uint64
		for i := 0; i < 16; i++ {
			d, ok := hexDigit(id[i])
			if !ok {
				return pendingKey{other: opKey(id), pos: pos}
			}
			n = n<<4 | uint64(d)
		}
		return pendingKey{short: n, pos: pos}
	}
	return pendingKey{other: opKey(id), pos: pos}
}

func hexDigit(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// bytes is the key as op_keys stores it.
func (k pendingKey) bytes(buf []byte) []byte {
	if k.other != nil {
		return k.other
	}
	binary.BigEndian.PutUint64(buf, k.short)
	return buf[:8:8]
}

// compare orders keys as SQLite orders their bytes.
func (k pendingKey) compare(o pendingKey) int {
	if k.other == nil && o.other == nil {
		if c := cmp.Compare(k.short, o.short); c != 0 {
			return c
		}
	} else {
		var a, b [8]byte
		if c := bytes.Compare(k.bytes(a[:]), o.bytes(b[:])); c != 0 {
			return c
		}
	}
	return cmp.Compare(k.pos, o.pos)
}

// keysPerInsert is how many keys one INSERT statement carries.
const keysPerInsert = 400

// flushKeys adds the keys of the ops inserted since the last flush, in key
// order: a sorted run costs SQLite far less than random inserts, and for a
// large import into a small log it is an append.
func (c *stmtCache) flushKeys(ctx context.Context) error {
	keys := c.pendingKeys
	c.pendingKeys = nil
	if len(keys) == 0 {
		return nil
	}
	slices.SortFunc(keys, pendingKey.compare)
	buf := make([]byte, 8*len(keys))
	var args []any
	for start := 0; start < len(keys); start += keysPerInsert {
		chunk := keys[start:min(start+keysPerInsert, len(keys))]
		args = args[:0]
		for i, k := range chunk {
			args = append(args, k.bytes(buf[8*(start+i):]), k.pos)
		}
		stmt, err := c.rowsStmt(ctx, `INSERT OR IGNORE INTO op_keys (key, op) VALUES `, len(chunk), 2)
		if err != nil {
			return err
		}
		// OR IGNORE: an op deleted and inserted again in one transaction
		// at the same row leaves the same key twice.
		rows, err := stmt.QueryContext(ctx, args...)
		if err != nil {
			return err
		}
		if err := rows.Close(); err != nil {
			return err
		}
	}
	return nil
}

// forgetPending drops the keys of ops deleted before their keys were added
// (a squatter evicted by the import that stored it), at once: a row may be
// used again by the next insert.
func (c *stmtCache) forgetPending(positions []int64) {
	if len(positions) == 0 || len(c.pendingKeys) == 0 {
		return
	}
	c.pendingKeys = slices.DeleteFunc(c.pendingKeys, func(k pendingKey) bool { return slices.Contains(positions, k.pos) })
}
