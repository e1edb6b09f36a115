package store

import (
	"context"
	"encoding/json"

	"github.com/cairn-community/cairn/backend/errs"
	"github.com/cairn-community/cairn/backend/oplog"
)

// Tx is one write transaction, as backend/replay drives it: plain storage
// of ops, verdicts, segments and projections, with no judgement of its own.
// The store runs one writer at a time, so a Tx also holds the permission
// history kept in memory between transactions.
type Tx struct {
	c  *stmtCache
	db *DB
}

// Write runs fn in a write transaction and commits it, projections and
// derived text brought up to date, when fn returns nil. When fn or the
// commit fails, nothing is kept, and neither is the history in memory.
func (db *DB) Write(ctx context.Context, fn func(tx *Tx) error) error {
	c, done, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer done()
	tx := &Tx{c: c, db: db}
	if err := fn(tx); err != nil {
		db.authority.authority = nil
		return err
	}
	if err := c.commit(ctx); err != nil {
		db.authority.authority = nil
		return classify(err, db.path)
	}
	return nil
}

// Inspect runs fn in a write transaction that is always rolled back:
// verify recomputes everything there and changes nothing.
func (db *DB) Inspect(ctx context.Context, fn func(tx *Tx) error) error {
	c, done, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer done()
	err = fn(&Tx{c: c, db: db})
	db.authority.authority = nil // whatever fn replayed is rolled back
	return err
}

func (tx *Tx) fail(err error) error {
	if err == nil {
		return nil
	}
	if _, ours := err.(*errs.Error); ours {
		return err
	}
	return classify(err, tx.db.path)
}

// Authority is the permission history kept in memory, or nil when it must
// be replayed from the log.
func (tx *Tx) Authority() *oplog.Authority { return tx.db.authority.authority }

// KeepAuthority keeps a permission history in memory for the next
// transactions; nil drops it.
func (tx *Tx) KeepAuthority(a *oplog.Authority) { tx.db.authority.authority = a }

// LoadAuthority replays the stored permission-changing ops in replay order,
// leaving out the ones given: with some, the history as it stood before
// they arrived.
func (tx *Tx) LoadAuthority(ctx context.Context, without []oplog.Op) (*oplog.Authority, error) {
	a, err := loadAuthorityExcept(ctx, tx.c, without)
	return a, tx.fail(err)
}

// InsertWaiting stores an op not judged yet; it reports false when the op
// was stored already.
func (tx *Tx) InsertWaiting(ctx context.Context, op oplog.Op) (bool, error) {
	inserted, err := insertOps(ctx, tx.c, []oplog.Op{op}, []oplog.Verdict{{Status: oplog.Waiting}})
	if err != nil {
		return false, tx.fail(err)
	}
	return inserted[0], nil
}

// InsertJudged stores ops with their verdicts (verdicts[i] is ops[i]'s),
// skipping ops already stored, and reports which it inserted.
func (tx *Tx) InsertJudged(ctx context.Context, ops []oplog.Op, verdicts []oplog.Verdict) ([]bool, error) {
	inserted, err := insertOps(ctx, tx.c, ops, verdicts)
	return inserted, tx.fail(err)
}

// OpsToRejudge reads the ops a permission change at stamp from can affect:
// every op from that stamp on, every op still waiting, every op by one of
// the given keys, and every op of one of the given types.
func (tx *Tx) OpsToRejudge(ctx context.Context, from oplog.Stamp, authors, types []string) ([]oplog.Op, error) {
	changed, _ := json.Marshal(authors)
	reached, _ := json.Marshal(types)
	ops, err := queryOps(ctx, tx.c, `WHERE status != 'ahead' AND ((wall, logical) >= (?, ?) OR status = 'waiting'
		OR author IN (SELECT value FROM json_each(?)) OR type IN (SELECT value FROM json_each(?)))`,
		from.Wall, from.Logical, string(changed), string(reached))
	return ops, tx.fail(err)
}

// AllOps reads every stored op with its stored verdict.
func (tx *Tx) AllOps(ctx context.Context) ([]oplog.Op, []oplog.Verdict, error) {
	ops, verdicts, err := queryStoredOps(ctx, tx.c, ``)
	return ops, verdicts, tx.fail(err)
}

// Statuses reads the stored status of the ops not in fresh.
func (tx *Tx) Statuses(ctx context.Context, ops []oplog.Op, fresh map[string]bool) (map[string]oplog.Status, error) {
	s, err := statusesOf(ctx, tx.c, ops, fresh)
	return s, tx.fail(err)
}

// SetVerdict stores an op's verdict; it writes only when it changed.
func (tx *Tx) SetVerdict(ctx context.Context, op oplog.Op, v oplog.Verdict) error {
	_, err := tx.c.ExecContext(ctx, `UPDATE ops SET status = ?, reason = ? WHERE `+byPlace+` AND (status != ? OR reason != ?)`,
		v.Status, v.Reason, op.Replica, op.Seq, op.ID, v.Status, v.Reason)
	return tx.fail(err)
}

// Project records what applied ops change in the projections, their
// payloads already decoded; the writes go in when the Tx commits.
func (tx *Tx) Project(op oplog.Op, parsed any) { tx.c.pending.add(op, parsed) }

// ProjectAll records what ProjectAhead worked out, for ops all applied.
func (tx *Tx) ProjectAll(p *Projected) { tx.c.pending.merge(&p.p) }

// ProjectOps decodes applied ops and records what they change.
func (tx *Tx) ProjectOps(ctx context.Context, ops []oplog.Op) error {
	return tx.fail(tx.db.project(ctx, tx.c, ops))
}

// RebuildProjections empties every projection and projects again every op
// stored as applied; the members' access is written from a.
func (tx *Tx) RebuildProjections(ctx context.Context, a *oplog.Authority) error {
	return tx.fail(tx.db.rebuildProjections(ctx, tx.c, a))
}

// ClearProjections empties every projection but the members' access, which
// it writes from a.
func (tx *Tx) ClearProjections(ctx context.Context, a *oplog.Authority) error {
	return tx.fail(tx.db.clearProjections(ctx, tx.c, a))
}

// WriteAccess writes the members' access from the permission history.
func (tx *Tx) WriteAccess(ctx context.Context, a *oplog.Authority) error {
	return tx.fail(tx.db.writeAccess(ctx, tx.c, a))
}

// Flush writes the projections recorded so far, before the commit does.
func (tx *Tx) Flush(ctx context.Context) error { return tx.fail(tx.c.finish(ctx)) }

// Dump is the canonical text of the state as this transaction sees it.
func (tx *Tx) Dump(ctx context.Context) (string, error) {
	text, err := dump(ctx, tx.c)
	return text, tx.fail(err)
}

// CheckChains walks each replica's segments back from its head.
func (tx *Tx) CheckChains(ctx context.Context) error { return tx.fail(checkChains(ctx, tx.c)) }
