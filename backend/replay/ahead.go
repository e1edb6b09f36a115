package replay

import (
	"context"
	"slices"
	"time"

	"github.com/cairn-community/cairn/backend/oplog"
	"github.com/cairn-community/cairn/backend/store"
)

// A computer whose clock runs ahead stamps its changes in the future. Such
// a change must not win every last-writer-wins field until the world
// catches up, so every computer, its author's included once the clock is
// set right, keeps it aside as ahead: stored and passed on, not applied,
// and not counted by the clock, so what its computer writes next flows as
// usual. It applies when local time reaches it, or at once when its author
// or a coordinator sends it on (a change.release), at the release's time.

// Settle brings the ops set aside as ahead in line with now (see settle),
// in its own transaction. It reports whether anything changed, so that the
// caller can start its clock again from what applies.
func Settle(ctx context.Context, db *store.DB, now time.Time) (bool, error) {
	changed := false
	err := db.Write(ctx, func(tx *store.Tx) error {
		var err error
		changed, err = settle(ctx, tx, now)
		return err
	})
	return changed, err
}

// settle sets aside the ops now too far ahead, lets go those whose time
// has come, and when either happened judges and projects everything again.
func settle(ctx context.Context, tx *store.Tx, now time.Time) (bool, error) {
	n, err := tx.SettleClock(ctx, oplog.AheadLimit(now))
	if err != nil || n == 0 {
		return false, err
	}
	return true, rejudgeAll(ctx, tx, now)
}

// rejudgeAll judges every op again and rebuilds the projections: after ops
// changed stamps or left or joined the ones in force, which is rare. A
// rebuild does not know the time, so an op a release no longer moves, back
// at its own stamp, may be too far ahead: set aside again, with one more
// rebuild.
func rejudgeAll(ctx context.Context, tx *store.Tx, now time.Time) error {
	for pass := 0; pass < maxClaimPasses; pass++ {
		tx.KeepAuthority(nil)
		authority, err := rebuildIn(ctx, tx)
		if err != nil {
			return err
		}
		tx.KeepAuthority(authority)
		n, err := tx.SettleClock(ctx, oplog.AheadLimit(now))
		if err != nil || n == 0 {
			return err
		}
	}
	return nil
}

// splitAhead sorts ops (with their decoded payloads, when given) into
// those to judge now and those too far ahead, which it stores aside with
// their reason, and returns those it stored.
func splitAhead(ctx context.Context, tx *store.Tx, ops []oplog.Op, decoded []oplog.Decoded, now time.Time) ([]oplog.Op, []oplog.Decoded, []store.StoredOp, error) {
	if !slices.ContainsFunc(ops, func(op oplog.Op) bool { return oplog.TooFarAhead(op.Stamp, now) }) {
		return ops, decoded, nil, nil // nearly always: nothing to set aside
	}
	var present, aheadOps []oplog.Op
	var presentDecoded []oplog.Decoded
	var ahead []store.StoredOp
	var verdicts []oplog.Verdict
	for i, op := range ops {
		if !oplog.TooFarAhead(op.Stamp, now) {
			present = append(present, op)
			if decoded != nil {
				presentDecoded = append(presentDecoded, decoded[i])
			}
			continue
		}
		v := oplog.Verdict{Status: oplog.Ahead, Reason: oplog.AheadReason(op.Stamp)}
		verdicts = append(verdicts, v)
		aheadOps = append(aheadOps, op)
		ahead = append(ahead, store.StoredOp{Op: op, Status: v.Status, Reason: v.Reason})
	}
	if len(aheadOps) == 0 {
		return present, presentDecoded, nil, nil
	}
	inserted, err := tx.InsertJudged(ctx, aheadOps, verdicts)
	if err != nil {
		return nil, nil, nil, err
	}
	fresh := ahead[:0]
	for i, op := range ahead {
		if inserted[i] {
			fresh = append(fresh, op)
		}
	}
	return present, presentDecoded, fresh, nil
}

// withCarried adds to ops the changes their change.carry ops hold (see
// oplog.Carried): stored under their own identity, so the original's own
// copy of one, arriving before or after, is the same change.
func withCarried(ops []oplog.Op) []oplog.Op {
	out := ops
	for _, op := range ops {
		if carried, ok := oplog.Carried(op); ok {
			if len(out) == len(ops) {
				out = append([]oplog.Op(nil), ops...)
			}
			out = append(out, carried)
		}
	}
	return out
}

// noteReleases records the claims of the change.release ops among ops
// (whatever their verdict: one may come into force later) and reports
// whether everything must be judged again: a release came, or an op that
// a release named earlier.
func noteReleases(ctx context.Context, tx *store.Tx, ops []oplog.Op) (bool, error) {
	rejudge := false
	for _, op := range ops {
		if op.Type != oplog.Release {
			continue
		}
		p, err := oplog.Decode[oplog.ReleasePayload](op.Payload)
		if err != nil {
			continue // malformed: judged so, and claims nothing
		}
		if err := tx.RecordClaims(ctx, op, p.Author, p.Ops); err != nil {
			return false, err
		}
		rejudge = true
	}
	if rejudge {
		return true, nil
	}
	return tx.Claimed(ctx, ops)
}
