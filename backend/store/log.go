package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"sync"

	"github.com/cairn-community/cairn/backend/errs"
	"github.com/cairn-community/cairn/backend/oplog"
)

// LogState is what a replica needs to write its next operation and its next
// segment: the newest stamp seen, its own next sequence number, and the
// name of its last segment.
type LogState struct {
	WorkspaceID string
	Founder     string
	LastStamp   oplog.Stamp
	NextSeq     uint64
	LastSegment string
}

// authorityCache keeps the permission history in memory between batches:
// it changes only when a permission-changing op arrives.
type authorityCache struct {
	mu        sync.Mutex
	authority *oplog.Authority
}

// LogState reads where this replica's log stands.
func (db *DB) LogState(ctx context.Context, replica string) (LogState, error) {
	var s LogState
	err := db.read.QueryRowContext(ctx, `SELECT id, founder_key FROM workspace`).Scan(&s.WorkspaceID, &s.Founder)
	if errors.Is(err, sql.ErrNoRows) {
		return s, errs.New(errs.NotFound, "No workspace has been created in this data folder yet.")
	}
	if err != nil {
		return s, classify(err, db.path)
	}
	var wall, logical sql.NullInt64
	if err := db.read.QueryRowContext(ctx, `SELECT wall, logical FROM ops WHERE status != 'ahead' ORDER BY wall DESC, logical DESC LIMIT 1`).Scan(&wall, &logical); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return s, classify(err, db.path)
	}
	s.LastStamp = oplog.Stamp{Wall: wall.Int64, Logical: uint32(logical.Int64)}
	var seq sql.NullInt64
	if err := db.read.QueryRowContext(ctx, `SELECT max(seq) FROM ops WHERE replica = ?`, replica).Scan(&seq); err != nil {
		return s, classify(err, db.path)
	}
	s.NextSeq = uint64(seq.Int64) + 1
	err = db.read.QueryRowContext(ctx, `SELECT segment FROM replica_heads WHERE replica = ?`, replica).Scan(&s.LastSegment)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return s, classify(err, db.path)
	}
	return s, nil
}

// SetFounder records the key that created the workspace.
func (db *DB) SetFounder(ctx context.Context, key string) error {
	_, err := db.write.ExecContext(ctx, `UPDATE workspace SET founder_key = ?`, key)
	return classify(err, db.path)
}

// beginWrite takes the lock that guards the cached permission history and
// opens a write transaction; done rolls back whatever was not committed and
// releases the lock.
func (db *DB) beginWrite(ctx context.Context) (*stmtCache, func(), error) {
	db.authority.mu.Lock()
	raw, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		db.authority.mu.Unlock()
		return nil, nil, classify(err, db.path)
	}
	return newStmtCache(raw), func() {
		raw.Rollback()
		db.authority.mu.Unlock()
	}, nil
}

// loadAuthority replays every permission-changing op in replay order.
func loadAuthority(ctx context.Context, tx *stmtCache) (*oplog.Authority, error) {
	return loadAuthorityExcept(ctx, tx, nil)
}

func queryOps(ctx context.Context, tx *stmtCache, where string, args ...any) ([]oplog.Op, error) {
	ops, _, err := queryStoredOps(ctx, tx, where, args...)
	return ops, err
}

// queryStoredOps reads ops with the verdicts stored for them.
func queryStoredOps(ctx context.Context, tx *stmtCache, where string, args ...any) ([]oplog.Op, []oplog.Verdict, error) {
	if tx.workspaceID == "" {
		// Ops name their workspace: a proof inside one (oplog.Carried)
		// is checked against it.
		if err := tx.QueryRowContext(ctx, `SELECT id FROM workspace`).Scan(&tx.workspaceID); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, nil, err
		}
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, replica, seq, author, wall, logical, type, version, payload, status, reason FROM ops `+where, args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var ops []oplog.Op
	var verdicts []oplog.Verdict
	for rows.Next() {
		var op oplog.Op
		var v oplog.Verdict
		var payload string
		if err := rows.Scan(&op.ID, &op.Replica, &op.Seq, &op.Author, &op.Stamp.Wall, &op.Stamp.Logical, &op.Type, &op.Version, &payload, &v.Status, &v.Reason); err != nil {
			return nil, nil, err
		}
		op.Payload, op.Workspace = []byte(payload), tx.workspaceID
		ops = append(ops, op)
		verdicts = append(verdicts, v)
	}
	return ops, verdicts, rows.Err()
}

// loadAuthorityExcept replays the permission history without the given
// ops: with some, the history as it stood before they arrived.
func loadAuthorityExcept(ctx context.Context, tx *stmtCache, without []oplog.Op) (*oplog.Authority, error) {
	skip := make(map[string]bool, len(without))
	for _, op := range without {
		skip[op.ID] = true
	}
	var founder string
	if err := tx.QueryRowContext(ctx, `SELECT founder_key FROM workspace`).Scan(&founder); err != nil {
		return nil, err
	}
	ops, err := queryOps(ctx, tx, `WHERE changes_permissions = 1 AND status != 'ahead' ORDER BY wall, logical, replica, seq`)
	if err != nil {
		return nil, err
	}
	kept := ops[:0]
	for _, op := range ops {
		if !skip[op.ID] {
			kept = append(kept, op)
		}
	}
	a := oplog.NewAuthority(founder)
	a.Replay(kept)
	return a, nil
}

// opsPerInsert is how many rows one INSERT statement carries: one call into
// SQLite per few hundred rows instead of one per row.
const opsPerInsert = 200

// insertOps stores ops with their verdicts, skipping ops already stored,
// and returns the ids it inserted.
func insertOps(ctx context.Context, stmts *stmtCache, ops []oplog.Op, verdicts map[string]oplog.Verdict) (map[string]bool, error) {
	inserted := make(map[string]bool, len(ops))
	for start := 0; start < len(ops); start += opsPerInsert {
		chunk := ops[start:min(start+opsPerInsert, len(ops))]
		args := make([]any, 0, len(chunk)*13)
		for _, op := range chunk {
			v := verdicts[op.ID]
			def, known := oplog.Lookup(op.Type, op.Version)
			args = append(args, op.ID, op.Replica, op.Seq, op.Author, op.Stamp.Wall, op.Stamp.Logical,
				op.Type, op.Version, string(op.Payload), string(op.Line), v.Status, v.Reason, known && def.ChangesPermissions)
		}
		rows, err := stmts.QueryContext(ctx, insertOpsQuery(len(chunk)), args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, err
			}
			inserted[id] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return inserted, nil
}

func insertOpsQuery(rows int) string {
	var b strings.Builder
	b.WriteString(`INSERT OR IGNORE INTO ops
		(id, replica, seq, author, wall, logical, type, version, payload, line, status, reason, changes_permissions) VALUES `)
	for i := 0; i < rows; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("(?,?,?,?,?,?,?,?,?,?,?,?,?)")
	}
	b.WriteString(" RETURNING id")
	return b.String()
}

// statusesOf reads the stored status of ops that are not fresh.
func statusesOf(ctx context.Context, tx *stmtCache, ops []oplog.Op, fresh map[string]bool) (map[string]oplog.Status, error) {
	statuses := map[string]oplog.Status{}
	stmt, err := tx.prepared(ctx, `SELECT status FROM ops WHERE id = ?`)
	if err != nil {
		return nil, err
	}
	for _, op := range ops {
		if fresh[op.ID] {
			continue
		}
		var s string
		if err := stmt.QueryRowContext(ctx, op.ID).Scan(&s); err != nil {
			return nil, err
		}
		statuses[op.ID] = oplog.Status(s)
	}
	return statuses, nil
}

// Check verifies the database file (PRAGMA integrity_check) and that every
// stored op is whole: its id is the hash of its identity and line.
func (db *DB) Check(ctx context.Context) error {
	var result string
	if err := db.read.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&result); err != nil {
		return classify(err, db.path)
	}
	if result != "ok" {
		return corrupt(db.path, errors.New(result))
	}
	var workspaceID string
	if err := db.read.QueryRowContext(ctx, `SELECT id FROM workspace`).Scan(&workspaceID); err != nil {
		return classify(err, db.path)
	}
	rows, err := db.read.QueryContext(ctx, `SELECT id, author, replica, line FROM ops`)
	if err != nil {
		return classify(err, db.path)
	}
	defer rows.Close()
	for rows.Next() {
		var id, author, replica, line string
		if err := rows.Scan(&id, &author, &replica, &line); err != nil {
			return classify(err, db.path)
		}
		if oplog.OpID(workspaceID, author, replica, []byte(line)) != id {
			return corrupt(db.path, errors.New("operation "+id+" does not match its content"))
		}
	}
	return classify(rows.Err(), db.path)
}

// HasOp reports whether the op is stored.
func (db *DB) HasOp(ctx context.Context, id string) (bool, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM ops WHERE id = ?`, id).Scan(&n)
	return n > 0, classify(err, db.path)
}

// OpsWithStatus lists the ops by any of the given authors (nil: by
// anyone) whose verdict is status, oldest first, with their reasons.
func (db *DB) OpsWithStatus(ctx context.Context, authors []string, status oplog.Status) ([]StoredOp, error) {
	var keys any // NULL: anyone
	if authors != nil {
		list, _ := json.Marshal(authors)
		keys = string(list)
	}
	rows, err := db.read.QueryContext(ctx, `SELECT id, replica, seq, author, wall, logical, type, version, payload, status, reason FROM ops
		WHERE status = ? AND (?2 IS NULL OR author IN (SELECT value FROM json_each(?2))) ORDER BY wall, logical, replica, seq`, status, keys)
	if err != nil {
		return nil, classify(err, db.path)
	}
	defer rows.Close()
	var list []StoredOp
	for rows.Next() {
		var s StoredOp
		var payload string
		if err := rows.Scan(&s.ID, &s.Replica, &s.Seq, &s.Author, &s.Stamp.Wall, &s.Stamp.Logical, &s.Type, &s.Version, &payload, &s.Status, &s.Reason); err != nil {
			return nil, classify(err, db.path)
		}
		s.Payload = []byte(payload)
		list = append(list, s)
	}
	return list, classify(rows.Err(), db.path)
}

// StoredOp is an op with its verdict and the verdict's reason.
type StoredOp struct {
	oplog.Op
	Status oplog.Status
	Reason string
}
