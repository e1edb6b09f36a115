package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/cairn-community/cairn/backend/oplog"
)

// Unexported returns this replica's ops not yet sealed into a segment, in
// sequence order, at most limit of them.
func (db *DB) Unexported(ctx context.Context, workspaceID, replica string, limit int) ([]oplog.Op, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, seq, author, wall, logical, type, version, payload, line
		FROM ops WHERE replica = ? AND segment IS NULL ORDER BY seq LIMIT ?`, replica, limit)
	if err != nil {
		return nil, classify(err, db.path)
	}
	defer rows.Close()
	var ops []oplog.Op
	for rows.Next() {
		op := oplog.Op{Workspace: workspaceID, Replica: replica}
		var payload, line string
		if err := rows.Scan(&op.ID, &op.Seq, &op.Author, &op.Stamp.Wall, &op.Stamp.Logical, &op.Type, &op.Version, &payload, &line); err != nil {
			return nil, classify(err, db.path)
		}
		op.Payload, op.Line = []byte(payload), []byte(line)
		ops = append(ops, op)
	}
	return ops, classify(rows.Err(), db.path)
}

// RecordExport marks a segment this replica sealed as its newest.
func (db *DB) RecordExport(ctx context.Context, seg *oplog.Segment) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return classify(err, db.path)
	}
	defer tx.Rollback()
	if err := recordSegment(ctx, tx, seg); err != nil {
		return classify(err, db.path)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE segments SET raw = ? WHERE name = ?`, seg.Raw, seg.Name); err != nil {
		return classify(err, db.path)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE ops SET segment = ? WHERE replica = ? AND seq BETWEEN ? AND ?`,
		seg.Name, seg.Replica, seg.FirstSeq(), seg.LastSeq()); err != nil {
		return classify(err, db.path)
	}
	return classify(tx.Commit(), db.path)
}

func recordSegment(ctx context.Context, tx interface {
	ExecContext(context.Context, string, ...any) (sql.Result, error)
}, seg *oplog.Segment) error {
	var seen any // NULL: a format 1 segment says nothing of what was seen
	if seg.Seen != nil {
		raw, _ := json.Marshal(seg.Seen)
		seen = string(raw)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO segments (name, replica, prev, first_seq, last_seq, author, seen) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		seg.Name, seg.Replica, seg.Prev, seg.FirstSeq(), seg.LastSeq(), seg.Author, seen); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO replica_heads (replica, segment, last_seq) VALUES (?, ?, ?)
		ON CONFLICT (replica) DO UPDATE SET segment = excluded.segment, last_seq = excluded.last_seq`,
		seg.Replica, seg.Name, seg.LastSeq())
	return err
}

// Outcome says what an import did with one segment: for an applied one,
// also which of its operations did not apply, and why.
type Outcome struct {
	Name    string
	Kind    string // applied, duplicate, held, refused
	Reason  string
	Ops     int
	NotDone []StoredOp `json:"-"` // its ops refused or waiting, with the reason
}

// Refusal is a segment that failed to decode or verify before reaching the
// store; it is kept aside to be shown.
type Refusal struct {
	Name   string
	Raw    []byte
	Reason string
}

// Head is where a replica's chain stands here: its last segment and that
// segment's last sequence number; zero before its first.
type Head struct {
	Segment string
	LastSeq uint64
}

// EvictSquatters makes room for a segment's ops: an op that holds one of
// their places (replica and sequence number) under another id can only
// have come carried (change.carry), and a segment's own op wins its place
// on every replica, whatever arrived first. It reports whether any went;
// the caller then judges everything again.
func (tx *Tx) EvictSquatters(ctx context.Context, seg *oplog.Segment) (bool, error) {
	// Nearly always the places are free: asked first, cheaply.
	var taken bool
	if err := tx.c.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM ops WHERE replica = ? AND seq BETWEEN ? AND ?)`,
		seg.Replica, seg.FirstSeq(), seg.LastSeq()).Scan(&taken); err != nil || !taken {
		return false, tx.fail(err)
	}
	ids := make([]string, len(seg.Ops))
	for i, op := range seg.Ops {
		ids[i] = op.ID
	}
	list, _ := json.Marshal(ids)
	rows, err := tx.c.QueryContext(ctx, `DELETE FROM ops WHERE replica = ? AND seq BETWEEN ? AND ? AND id NOT IN (SELECT value FROM json_each(?)) RETURNING pos`,
		seg.Replica, seg.FirstSeq(), seg.LastSeq(), string(list))
	if err != nil {
		return false, tx.fail(err)
	}
	var gone []int64
	for rows.Next() {
		var pos int64
		if err := rows.Scan(&pos); err != nil {
			rows.Close()
			return false, tx.fail(err)
		}
		gone = append(gone, pos)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return false, tx.fail(err)
	}
	tx.c.forgetPending(gone)
	return len(gone) > 0, nil
}

// SegmentKnown reports whether a segment is stored.
func (tx *Tx) SegmentKnown(ctx context.Context, name string) (bool, error) {
	var n int
	err := tx.c.QueryRowContext(ctx, `SELECT count(*) FROM segments WHERE name = ?`, name).Scan(&n)
	return n > 0, tx.fail(err)
}

// HeadOf is where a replica's chain stands here.
func (tx *Tx) HeadOf(ctx context.Context, replica string) (Head, error) {
	var h Head
	err := tx.c.QueryRowContext(ctx, `SELECT segment, last_seq FROM replica_heads WHERE replica = ?`, replica).Scan(&h.Segment, &h.LastSeq)
	if errors.Is(err, sql.ErrNoRows) {
		return Head{}, nil
	}
	return h, tx.fail(err)
}

// SeenBy is what a stored segment's author had seen when sealing it: nil
// for a format 1 segment, or for none ("" names none).
func (tx *Tx) SeenBy(ctx context.Context, name string) (oplog.Cut, error) {
	seen, err := seenBy(ctx, tx.c, name)
	return seen, tx.fail(err)
}

// SeenBy is Tx.SeenBy outside a transaction.
func (db *DB) SeenBy(ctx context.Context, name string) (oplog.Cut, error) {
	seen, err := seenBy(ctx, db.read, name)
	return seen, classify(err, db.path)
}

func seenBy(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, name string) (oplog.Cut, error) {
	if name == "" {
		return nil, nil
	}
	var raw sql.NullString
	err := q.QueryRowContext(ctx, `SELECT seen FROM segments WHERE name = ?`, name).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !raw.Valid) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var seen oplog.Cut
	if err := json.Unmarshal([]byte(raw.String), &seen); err != nil {
		return nil, fmt.Errorf("segment %s: what it saw is unreadable: %w", name, err)
	}
	return seen, nil
}

// RecordSegment stores a segment as its replica's new head.
func (tx *Tx) RecordSegment(ctx context.Context, seg *oplog.Segment) error {
	return tx.fail(recordSegment(ctx, tx.c, seg))
}

// SetAside keeps a segment aside, held or refused, with its reason; seen
// is when, as RFC 3339.
func (tx *Tx) SetAside(ctx context.Context, name, kind, reason string, raw []byte, seen string) error {
	_, err := tx.c.ExecContext(ctx, `INSERT INTO set_aside (name, kind, reason, raw, seen_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, reason = excluded.reason`, name, kind, reason, raw, seen)
	return tx.fail(err)
}

// Unset takes a segment out of the set-aside list.
func (tx *Tx) Unset(ctx context.Context, name string) error {
	_, err := tx.c.ExecContext(ctx, `DELETE FROM set_aside WHERE name = ?`, name)
	return tx.fail(err)
}

// PlaceTaken reports whether a stored segment of the same replica already
// follows the one seg names: seg would fork the chain.
func (tx *Tx) PlaceTaken(ctx context.Context, seg *oplog.Segment) (bool, error) {
	var n int
	err := tx.c.QueryRowContext(ctx, `SELECT count(*) FROM segments WHERE replica = ? AND prev = ?`, seg.Replica, seg.Prev).Scan(&n)
	return n > 0, tx.fail(err)
}

// Held lists the segments held by earlier imports, by name.
func (tx *Tx) Held(ctx context.Context) ([]*oplog.Segment, error) {
	rows, err := tx.c.QueryContext(ctx, `SELECT raw FROM set_aside WHERE kind = 'held' ORDER BY name`)
	if err != nil {
		return nil, tx.fail(err)
	}
	defer rows.Close()
	var list []*oplog.Segment
	for rows.Next() {
		var raw []byte
		if err := rows.Scan(&raw); err != nil {
			return nil, tx.fail(err)
		}
		if seg, err := oplog.Open(raw); err == nil {
			list = append(list, seg)
		}
	}
	return list, tx.fail(rows.Err())
}

// SetAside lists segments held or refused, newest reason first.
func (db *DB) SetAside(ctx context.Context) ([]Outcome, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT name, kind, reason FROM set_aside ORDER BY kind, name`)
	if err != nil {
		return nil, classify(err, db.path)
	}
	defer rows.Close()
	var list []Outcome
	for rows.Next() {
		var o Outcome
		if err := rows.Scan(&o.Name, &o.Kind, &o.Reason); err != nil {
			return nil, classify(err, db.path)
		}
		list = append(list, o)
	}
	return list, classify(rows.Err(), db.path)
}
