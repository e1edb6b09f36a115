package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"sync"
	"unsafe"

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

// opColumns are the columns an insert writes, in its arguments' order (see
// opArgs).
const opColumns = `(pos, id, replica, seq, author, wall, logical, type, version, line, payload_own, status, reason, changes_permissions)`

const opColumnCount = 14

// opArgs are an op's values for opColumns, as the driver takes them
// without converting them by reflection. The line is passed without a
// copy: SQLite copies it, and an op's bytes never change.
func opArgs(args []any, pos int64, op oplog.Op, v oplog.Verdict, changesPermissions bool) []any {
	var seq any = op.Seq // beyond int64, the driver refuses it, as it always has
	if op.Seq <= math.MaxInt64 {
		seq = int64(op.Seq)
	}
	return append(args, pos, op.ID, op.Replica, seq, op.Author, op.Stamp.Wall, int64(op.Stamp.Logical),
		op.Type, int64(op.Version), unsafe.String(unsafe.SliceData(op.Line), len(op.Line)), payloadOwn(op), string(v.Status), v.Reason, changesPermissions)
}

// payloadOwn is what the payload_own column keeps of an op: NULL when the
// payload is the line's own, read back through the payload column
// (migration 0009), as it is for every op parsed or made by oplog.
func payloadOwn(op oplog.Op) any {
	line := op.Line
	if i := bytes.Index(line, []byte(`"payload":`)); i >= 0 && i+10 <= len(line)-1 && bytes.Equal(line[i+10:len(line)-1], op.Payload) {
		return nil
	}
	return string(op.Payload)
}

// insertOps stores ops with their verdicts (verdicts[i] is ops[i]'s),
// skipping ops already stored, and reports which it inserted: inserted[i]
// when an op with ops[i]'s id went in.
//
// Each row is given its place (pos) here, after the last one stored, so
// the statement needs no RETURNING: when every row of a statement went in,
// their places are known; when some were skipped, the places are read
// back. The transaction is the only writer, so no other row can take them.
func insertOps(ctx context.Context, stmts *stmtCache, ops []oplog.Op, verdicts []oplog.Verdict) ([]bool, error) {
	inserted := make([]bool, len(ops))
	if len(ops) == 0 {
		return inserted, nil
	}
	var last sql.NullInt64
	if err := stmts.QueryRowContext(ctx, `SELECT max(pos) FROM ops`).Scan(&last); err != nil {
		return nil, err
	}
	next := last.Int64 + 1
	var args []any
	for start := 0; start < len(ops); start += opsPerInsert {
		chunk := ops[start:min(start+opsPerInsert, len(ops))]
		args = args[:0]
		for i, op := range chunk {
			def, known := oplog.Lookup(op.Type, op.Version)
			args = opArgs(args, next+int64(i), op, verdicts[start+i], known && def.ChangesPermissions)
		}
		stmt, err := stmts.insertStmt(ctx, len(chunk))
		if err != nil {
			return nil, err
		}
		// Query, not Exec: the driver binds and steps in one call then.
		rows, err := stmt.QueryContext(ctx, args...)
		if err != nil {
			return nil, err
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		var changed int
		if err := stmts.QueryRowContext(ctx, `SELECT changes()`).Scan(&changed); err != nil {
			return nil, err
		}
		if changed == len(chunk) {
			for i, op := range chunk {
				inserted[start+i] = true
				stmts.pendingKeys = append(stmts.pendingKeys, newPendingKey(op.ID, next+int64(i)))
			}
		} else if err := readBackInserted(ctx, stmts, chunk, next, inserted[start:start+len(chunk)]); err != nil {
			return nil, err
		}
		next += int64(len(chunk))
	}
	// An op given twice went in once: both say it did, as its id did.
	if !allTrue(inserted) {
		ids := map[string]bool{}
		for i, op := range ops {
			if inserted[i] {
				ids[op.ID] = true
			}
		}
		for i, op := range ops {
			inserted[i] = ids[op.ID]
		}
	}
	return inserted, nil
}

// readBackInserted finds which of chunk, given the places from first on,
// went in: the rows now at those places with those ids.
func readBackInserted(ctx context.Context, stmts *stmtCache, chunk []oplog.Op, first int64, inserted []bool) error {
	rows, err := stmts.QueryContext(ctx, `SELECT pos, id FROM ops WHERE pos BETWEEN ? AND ?`, first, first+int64(len(chunk))-1)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var pos int64
		var id string
		if err := rows.Scan(&pos, &id); err != nil {
			return err
		}
		if i := pos - first; chunk[i].ID == id {
			inserted[i] = true
			stmts.pendingKeys = append(stmts.pendingKeys, newPendingKey(id, pos))
		}
	}
	return rows.Err()
}

func allTrue(list []bool) bool {
	for _, b := range list {
		if !b {
			return false
		}
	}
	return true
}

// insertStmt is the prepared INSERT for rows ops, kept by their number so
// the cache is not asked with a query of thousands of characters.
func (c *stmtCache) insertStmt(ctx context.Context, rows int) (*sql.Stmt, error) {
	if stmt, ok := c.inserts[rows]; ok {
		return stmt, nil
	}
	stmt, err := c.Tx.PrepareContext(ctx, insertOpsQuery(rows))
	if err != nil {
		return nil, err
	}
	if c.inserts == nil {
		c.inserts = map[int]*sql.Stmt{}
	}
	c.inserts[rows] = stmt
	return stmt, nil
}

func insertOpsQuery(rows int) string {
	row := "(" + strings.TrimSuffix(strings.Repeat("?,", opColumnCount), ",") + ")"
	return `INSERT OR IGNORE INTO ops ` + opColumns + ` VALUES ` + strings.TrimSuffix(strings.Repeat(row+",", rows), ",")
}

// statusesOf reads the stored status of ops that are not fresh.
func statusesOf(ctx context.Context, tx *stmtCache, ops []oplog.Op, fresh map[string]bool) (map[string]oplog.Status, error) {
	statuses := map[string]oplog.Status{}
	stmt, err := tx.prepared(ctx, `SELECT status FROM ops WHERE `+byPlace)
	if err != nil {
		return nil, err
	}
	for _, op := range ops {
		if fresh[op.ID] {
			continue
		}
		var s string
		if err := stmt.QueryRowContext(ctx, op.Replica, op.Seq, op.ID).Scan(&s); err != nil {
			return nil, err
		}
		statuses[op.ID] = oplog.Status(s)
	}
	return statuses, nil
}

// byPlace finds an op held in hand by its place, with its id (parameters
// replica, seq, id): through the unique index on (replica, seq), and never
// another op that holds the place.
const byPlace = `replica = ? AND seq = ? AND id = ?`

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
	err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM ops WHERE `+byID("1"), id).Scan(&n)
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
	// The status is written into the query, not bound: SQLite uses an
	// index limited to one status (ops_waiting, ops_rejected, ops_ahead)
	// only when the query names that status itself, and every sync asks
	// twice for each, which otherwise read the whole log.
	switch status {
	case oplog.Applied, oplog.Rejected, oplog.Waiting, oplog.Unknown, oplog.Ahead:
	default:
		return nil, errs.New(errs.Internal, "There is no verdict %q.", status)
	}
	rows, err := db.read.QueryContext(ctx, opsWithStatusQuery(status), keys)
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

func opsWithStatusQuery(status oplog.Status) string {
	return `SELECT id, replica, seq, author, wall, logical, type, version, payload, status, reason FROM ops
		WHERE status = '` + string(status) + `' AND (?1 IS NULL OR author IN (SELECT value FROM json_each(?1))) ORDER BY wall, logical, replica, seq`
}

// StoredOp is an op with its verdict and the verdict's reason.
type StoredOp struct {
	oplog.Op
	Status oplog.Status
	Reason string
}
