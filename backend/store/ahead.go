package store

import (
	"context"
	"encoding/json"

	"github.com/cairn-community/cairn/backend/oplog"
)

// SettleClock keeps the ops stamped more than MaxClockLead past now, and
// only those, aside as ahead: it sets aside the ones now too far ahead
// (this computer's clock was set back, or ran ahead when they applied) and
// lets go those whose time has come, marked waiting to be judged again.
// It returns how many changed status; the caller then judges and projects
// everything again.
func (tx *Tx) SettleClock(ctx context.Context, limit int64) (int, error) {
	rows, err := tx.c.QueryContext(ctx, `SELECT pos, wall, logical FROM ops WHERE wall > ? AND status != 'ahead'`, limit)
	if err != nil {
		return 0, tx.fail(err)
	}
	type early struct {
		pos   int64
		stamp oplog.Stamp
	}
	var demote []early
	for rows.Next() {
		var e early
		if err := rows.Scan(&e.pos, &e.stamp.Wall, &e.stamp.Logical); err != nil {
			rows.Close()
			return 0, tx.fail(err)
		}
		demote = append(demote, e)
	}
	rows.Close()
	for _, e := range demote {
		if _, err := tx.c.ExecContext(ctx, `UPDATE ops SET status = 'ahead', reason = ? WHERE pos = ?`, oplog.AheadReason(e.stamp), e.pos); err != nil {
			return 0, tx.fail(err)
		}
	}
	res, err := tx.c.ExecContext(ctx, `UPDATE ops SET status = 'waiting', reason = '' WHERE status = 'ahead' AND wall <= ?`, limit)
	if err != nil {
		return 0, tx.fail(err)
	}
	released, _ := res.RowsAffected()
	return len(demote) + int(released), nil
}

// RecordClaims keeps a change.release's claims on the ops it names, in
// force or not; ApplyClaims works out what they do.
func (tx *Tx) RecordClaims(ctx context.Context, release oplog.Op, author string, ids []string) error {
	list, _ := json.Marshal(ids)
	_, err := tx.c.ExecContext(ctx, `INSERT OR IGNORE INTO release_claims (op, release, author, wall, logical)
		SELECT value, ?, ?, ?, ? FROM json_each(?)`, release.ID, author, release.Stamp.Wall, release.Stamp.Logical, string(list))
	tx.c.claimsKnown = false
	return tx.fail(err)
}

// AnyClaims reports whether any release claim is recorded.
func (tx *Tx) AnyClaims(ctx context.Context) (bool, error) {
	if !tx.c.claimsKnown {
		var any int
		if err := tx.c.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM release_claims)`).Scan(&any); err != nil {
			return false, tx.fail(err)
		}
		tx.c.claimsKnown, tx.c.claimsAny = true, any == 1
	}
	return tx.c.claimsAny, nil
}

// Claimed reports whether a release names any of ops: then everything is
// judged again once they are stored.
func (tx *Tx) Claimed(ctx context.Context, ops []oplog.Op) (bool, error) {
	if any, err := tx.AnyClaims(ctx); err != nil || !any || len(ops) == 0 {
		return false, err
	}
	ids := make([]string, len(ops))
	for i, op := range ops {
		ids[i] = op.ID
	}
	list, _ := json.Marshal(ids)
	var n int
	err := tx.c.QueryRowContext(ctx, `SELECT count(*) FROM release_claims WHERE op IN (SELECT value FROM json_each(?))`, string(list)).Scan(&n)
	return n > 0, tx.fail(err)
}

// ApplyClaims gives every op a release names its stamp from the claims:
// the earliest among those whose release inForce accepts (not ahead, by
// its author or a coordinator) and that name the op's real author and run
// earlier than the op's own stamp; with none, its own stamp, read from its
// line. An op set aside as ahead that moves is marked waiting, to be
// judged. It returns how many ops moved.
func (tx *Tx) ApplyClaims(ctx context.Context, inForce func(release oplog.Op) bool) (int, error) {
	if any, err := tx.AnyClaims(ctx); err != nil || !any {
		return 0, err
	}
	// Ops are looked up by id alone below: their keys must all be in.
	if err := tx.c.flushKeys(ctx); err != nil {
		return 0, tx.fail(err)
	}
	releases, _, err := queryStoredOps(ctx, tx.c, `WHERE status != 'ahead' AND id IN (SELECT release FROM release_claims)
		AND pos IN (SELECT k.op FROM release_claims c JOIN op_keys k ON k.key = `+opKeySQL("c.release")+`)`)
	if err != nil {
		return 0, tx.fail(err)
	}
	valid := map[string]bool{}
	for _, r := range releases {
		valid[r.ID] = inForce(r)
	}
	// A claim takes its release's stamp as it stands now: a release that
	// another release brought to the present brings its own changes along.
	// Every op a claim names is looked at, even when none of its claims
	// counts now (its release was set aside since): it goes back to its
	// own stamp.
	rows, err := tx.c.QueryContext(ctx, `SELECT c.op, c.release, c.author, coalesce(r.wall, 0), coalesce(r.logical, 0), o.author, o.wall, o.logical, o.line, o.pos
		FROM release_claims c
		JOIN ops o ON o.pos IN (SELECT op FROM op_keys WHERE key = `+opKeySQL("c.op")+`) AND o.id = c.op
		LEFT JOIN ops r ON r.pos IN (SELECT op FROM op_keys WHERE key = `+opKeySQL("c.release")+`) AND r.id = c.release AND r.status != 'ahead'
		ORDER BY c.op`)
	if err != nil {
		return 0, tx.fail(err)
	}
	type target struct {
		pos                int64
		current, effective oplog.Stamp
	}
	targets := map[string]*target{}
	var order []string
	for rows.Next() {
		var op, release, claimAuthor, author, line string
		var claim, current oplog.Stamp
		var pos int64
		if err := rows.Scan(&op, &release, &claimAuthor, &claim.Wall, &claim.Logical, &author, &current.Wall, &current.Logical, &line, &pos); err != nil {
			rows.Close()
			return 0, tx.fail(err)
		}
		t := targets[op]
		if t == nil {
			own, err := oplog.LineStamp([]byte(line))
			if err != nil {
				rows.Close()
				return 0, tx.fail(err)
			}
			t = &target{pos: pos, current: current, effective: own}
			targets[op] = t
			order = append(order, op)
		}
		if valid[release] && claimAuthor == author && claim.Compare(t.effective) < 0 {
			t.effective = claim
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, tx.fail(err)
	}
	moved := 0
	for _, op := range order {
		t := targets[op]
		if t.effective == t.current {
			continue
		}
		if _, err := tx.c.ExecContext(ctx, `UPDATE ops SET wall = ?, logical = ?,
			status = CASE status WHEN 'ahead' THEN 'waiting' ELSE status END,
			reason = CASE status WHEN 'ahead' THEN '' ELSE reason END WHERE pos = ?`,
			t.effective.Wall, t.effective.Logical, t.pos); err != nil {
			return 0, tx.fail(err)
		}
		moved++
	}
	return moved, nil
}

// Verdicts reads the stored verdicts of ops.
func (tx *Tx) Verdicts(ctx context.Context, ops []oplog.Op) (map[string]oplog.Verdict, error) {
	stmt, err := tx.c.prepared(ctx, `SELECT status, reason FROM ops WHERE `+byPlace)
	if err != nil {
		return nil, tx.fail(err)
	}
	out := make(map[string]oplog.Verdict, len(ops))
	for _, op := range ops {
		var v oplog.Verdict
		if err := stmt.QueryRowContext(ctx, op.Replica, op.Seq, op.ID).Scan(&v.Status, &v.Reason); err != nil {
			return nil, tx.fail(err)
		}
		out[op.ID] = v
	}
	return out, nil
}
