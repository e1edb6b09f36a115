package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"sort"
	"time"

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
	if _, err := tx.ExecContext(ctx, `INSERT INTO segments (name, replica, prev, first_seq, last_seq) VALUES (?, ?, ?, ?, ?)`,
		seg.Name, seg.Replica, seg.Prev, seg.FirstSeq(), seg.LastSeq()); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO replica_heads (replica, segment, last_seq) VALUES (?, ?, ?)
		ON CONFLICT (replica) DO UPDATE SET segment = excluded.segment, last_seq = excluded.last_seq`,
		seg.Replica, seg.Name, seg.LastSeq())
	return err
}

// Outcome says what an import did with one segment.
type Outcome struct {
	Name   string
	Kind   string // applied, duplicate, held, refused
	Reason string
	Ops    int
}

// Refusal is a segment that failed to decode or verify before reaching the
// store; it is kept aside to be shown.
type Refusal struct {
	Name   string
	Raw    []byte
	Reason string
}

// Import applies verified segments in one transaction: each must continue
// its replica's chain; one whose clock runs ahead of now, or whose earlier
// segment has not arrived, is held and examined again on the next import;
// refusals are kept aside. Segments already imported change nothing.
func (db *DB) Import(ctx context.Context, workspaceID string, segments []*oplog.Segment, refused []Refusal, now time.Time) ([]Outcome, oplog.Stamp, error) {
	tx, done, err := db.beginWrite(ctx)
	if err != nil {
		return nil, oplog.Stamp{}, err
	}
	defer done()
	outcomes, newest, err := db.importSegments(ctx, tx, workspaceID, segments, refused, now)
	if err != nil {
		db.authority.authority = nil
		return nil, oplog.Stamp{}, err
	}
	if err := tx.commit(ctx); err != nil {
		db.authority.authority = nil
		return nil, oplog.Stamp{}, classify(err, db.path)
	}
	return outcomes, newest, nil
}

type head struct {
	segment string
	lastSeq uint64
}

func (db *DB) importSegments(ctx context.Context, tx *stmtCache, workspaceID string, segments []*oplog.Segment, refused []Refusal, now time.Time) ([]Outcome, oplog.Stamp, error) {
	stamp := now.UTC().Format(time.RFC3339)
	var outcomes []Outcome
	var newest oplog.Stamp
	setAside := func(name, kind, reason string, raw []byte) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO set_aside (name, kind, reason, raw, seen_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, reason = excluded.reason`, name, kind, reason, raw, stamp)
		outcomes = append(outcomes, Outcome{Name: name, Kind: kind, Reason: reason})
		return err
	}
	for _, r := range refused {
		if err := setAside(r.Name, "refused", r.Reason, r.Raw); err != nil {
			return nil, newest, classify(err, db.path)
		}
	}
	// Segments held by earlier imports get another look.
	held, err := heldSegments(ctx, tx)
	if err != nil {
		return nil, newest, classify(err, db.path)
	}
	pending := append(held, segments...)
	// Within one import, segments are examined in name order, so two
	// replicas given the same files decide the same way.
	sort.Slice(pending, func(i, j int) bool { return pending[i].Name < pending[j].Name })

	known := func(name string) (bool, error) {
		var n int
		err := tx.QueryRowContext(ctx, `SELECT count(*) FROM segments WHERE name = ?`, name).Scan(&n)
		return n > 0, err
	}
	headOf := func(replica string) (head, error) {
		var h head
		err := tx.QueryRowContext(ctx, `SELECT segment, last_seq FROM replica_heads WHERE replica = ?`, replica).Scan(&h.segment, &h.lastSeq)
		if errors.Is(err, sql.ErrNoRows) {
			return head{}, nil
		}
		return h, err
	}
	// Index what is new by the segment each one says it follows.
	type link struct{ replica, prev string }
	next := map[link][]*oplog.Segment{}
	var replicas []string
	seen := map[string]bool{}
	for _, seg := range pending {
		if seen[seg.Name] {
			outcomes = append(outcomes, Outcome{Name: seg.Name, Kind: "duplicate", Reason: "given twice"})
			continue
		}
		seen[seg.Name] = true
		dup, err := known(seg.Name)
		if err != nil {
			return nil, newest, classify(err, db.path)
		}
		if dup {
			outcomes = append(outcomes, Outcome{Name: seg.Name, Kind: "duplicate", Reason: "already imported"})
			continue
		}
		if seg.Workspace != workspaceID {
			if err := setAside(seg.Name, "refused", "it belongs to another workspace", seg.Raw); err != nil {
				return nil, newest, classify(err, db.path)
			}
			continue
		}
		k := link{seg.Replica, seg.Prev}
		if _, ok := next[k]; !ok && !slices.Contains(replicas, seg.Replica) {
			replicas = append(replicas, seg.Replica)
		}
		next[k] = append(next[k], seg)
	}
	sort.Strings(replicas)

	// Follow each replica's chain from its head, so a thousand segments
	// take one pass whatever order they came in.
	for _, replica := range replicas {
		h, err := headOf(replica)
		if err != nil {
			return nil, newest, classify(err, db.path)
		}
		for {
			k := link{replica, h.segment}
			candidates := next[k]
			if len(candidates) == 0 {
				break
			}
			seg := candidates[0]
			next[k] = candidates[1:]
			if seg.FirstSeq() != h.lastSeq+1 {
				if err := setAside(seg.Name, "refused", "its sequence numbers do not continue its replica's chain", seg.Raw); err != nil {
					return nil, newest, classify(err, db.path)
				}
				continue
			}
			if oplog.TooFarAhead(seg.MaxStamp(), now) {
				if err := setAside(seg.Name, "held", "its clock runs more than 5 minutes ahead of this computer's; it applies once local time catches up", seg.Raw); err != nil {
					return nil, newest, classify(err, db.path)
				}
				break
			}
			if err := recordSegment(ctx, tx, seg); err != nil {
				return nil, newest, classify(err, db.path)
			}
			if _, err := db.ingest(ctx, tx, seg.Ops); err != nil {
				return nil, newest, err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM set_aside WHERE name = ?`, seg.Name); err != nil {
				return nil, newest, classify(err, db.path)
			}
			if s := seg.MaxStamp(); s.Compare(newest) > 0 {
				newest = s
			}
			outcomes = append(outcomes, Outcome{Name: seg.Name, Kind: "applied", Ops: len(seg.Ops)})
			h = head{segment: seg.Name, lastSeq: seg.LastSeq()}
		}
	}

	// What is left either forks a chain (it claims a place already taken)
	// or waits for a predecessor that has not arrived.
	var left []*oplog.Segment
	for _, list := range next {
		left = append(left, list...)
	}
	sort.Slice(left, func(i, j int) bool { return left[i].Name < left[j].Name })
	for _, seg := range left {
		taken, err := placeTaken(ctx, tx, seg)
		if err != nil {
			return nil, newest, classify(err, db.path)
		}
		kind, reason := "held", "it follows a segment of the same replica that has not arrived yet"
		if taken {
			kind, reason = "refused", "it breaks its replica's chain: another segment already follows the one it names"
		}
		if err := setAside(seg.Name, kind, reason, seg.Raw); err != nil {
			return nil, newest, classify(err, db.path)
		}
	}
	return outcomes, newest, nil
}

// placeTaken reports whether a stored segment of the same replica already
// follows the one seg names: seg would fork the chain.
func placeTaken(ctx context.Context, tx *stmtCache, seg *oplog.Segment) (bool, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM segments WHERE replica = ? AND prev = ?`, seg.Replica, seg.Prev).Scan(&n)
	return n > 0, err
}

func heldSegments(ctx context.Context, tx *stmtCache) ([]*oplog.Segment, error) {
	rows, err := tx.QueryContext(ctx, `SELECT raw FROM set_aside WHERE kind = 'held' ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []*oplog.Segment
	for rows.Next() {
		var raw []byte
		if err := rows.Scan(&raw); err != nil {
			return nil, err
		}
		if seg, err := oplog.Open(raw); err == nil {
			list = append(list, seg)
		}
	}
	return list, rows.Err()
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
