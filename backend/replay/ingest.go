package replay

import (
	"context"
	"time"

	"github.com/cairn-community/cairn/backend/errs"
	"github.com/cairn-community/cairn/backend/oplog"
	"github.com/cairn-community/cairn/backend/store"
)

// Append stores one operation written on this replica, judged and
// projected, in one transaction: when it returns nil the operation is on
// disk. An operation its author may not make is refused with the reason
// and not stored; one written while its author waits to be let in is kept
// and applies once they are.
func Append(ctx context.Context, db *store.DB, op oplog.Op, now time.Time) (kept bool, err error) {
	err = db.Write(ctx, func(tx *store.Tx) error {
		verdicts, err := ingest(ctx, tx, []oplog.Op{op}, nil, nil, now)
		if err != nil {
			return err
		}
		v := verdicts[op.ID]
		if again, err := noteReleases(ctx, tx, []oplog.Op{op}); err != nil {
			return err
		} else if again {
			if err := rejudgeAll(ctx, tx, now); err != nil {
				return err
			}
		}
		if v.Status == oplog.Waiting && tx.Authority().Removed(op.Author) {
			// Its author knows of the removal now: nothing to keep aside.
			return errs.New(errs.Unauthorized, "Cairn did not make this change: you are no longer a member of this workspace.")
		}
		if v.Status == oplog.Waiting {
			// Written while its author waits to be let in: kept, sent with
			// the next sync, and applied once a coordinator approves them,
			// unless it needs more than they will then hold.
			if ok, reason := tx.Authority().MayWait(op); !ok {
				return errs.New(errs.Unauthorized, "Cairn did not make this change: %s.", reason)
			}
			kept = true
			return nil
		}
		if v.Status != oplog.Applied {
			code := errs.Invalid
			if v.Denied {
				code = errs.Unauthorized
			}
			return errs.New(code, "Cairn did not make this change: %s.", v.Reason)
		}
		return nil
	})
	return kept && err == nil, err
}

// ingest stores new ops, judges them (and, when permissions changed, every
// op the change can affect), and brings the projections up to date. Ops
// already stored are skipped, so a batch can be ingested twice. decoded,
// when not nil, holds each op's payload decoded already, and projected,
// when not nil, what the batch changes in the projections if it all
// applies.
func ingest(ctx context.Context, tx *store.Tx, batch []oplog.Op, decoded []oplog.Decoded, projected *store.Projected, now time.Time) (map[string]oplog.Verdict, error) {
	// The common case: nothing in the batch changes permissions and the
	// history is in memory, so each op is judged before it is stored and
	// written once, with its verdict.
	if tx.Authority() != nil && !changesPermissions(batch) {
		return ingestJudged(ctx, tx, batch, decoded, projected)
	}
	var fresh []oplog.Op
	var permissionChange *oplog.Stamp
	for _, op := range batch {
		def, known := oplog.Lookup(op.Type, op.Version)
		changes := known && def.ChangesPermissions
		inserted, err := tx.InsertWaiting(ctx, op)
		if err != nil {
			return nil, err
		}
		if !inserted {
			continue
		}
		fresh = append(fresh, op)
		if changes && (permissionChange == nil || op.Stamp.Compare(*permissionChange) < 0) {
			stamp := op.Stamp
			permissionChange = &stamp
		}
	}
	if len(fresh) == 0 {
		return map[string]oplog.Verdict{}, nil
	}

	authority := tx.Authority()
	rejudge := fresh
	var approvedBefore []string
	if authority != nil {
		approvedBefore = authority.EverApproved()
	} else if permissionChange != nil {
		// Without the history in memory, compare against the stored one.
		previous, err := tx.LoadAuthority(ctx, fresh)
		if err != nil {
			return nil, err
		}
		approvedBefore = previous.EverApproved()
	}
	if authority == nil || permissionChange != nil {
		var err error
		if authority, err = tx.LoadAuthority(ctx, nil); err != nil {
			return nil, err
		}
		tx.KeepAuthority(authority)
		if err := tx.WriteAccess(ctx, authority); err != nil {
			return nil, err
		}
	}
	if permissionChange != nil {
		if released, err := tx.AnyClaims(ctx); err != nil {
			return nil, err
		} else if released {
			// Whether a coordinator's release is in force can change too,
			// and with it the stamps of the changes it names.
			if err := rejudgeAll(ctx, tx, now); err != nil {
				return nil, err
			}
			return tx.Verdicts(ctx, fresh)
		}
		// A permission change can alter the verdict of every op from its
		// stamp on, of every op still waiting for its author's approval,
		// of every op by a key whose approval came or went, and of what
		// the change reaches whatever its stamp (a removal, the member's
		// ops beyond its cut; a close, the ballots).
		keys, types := reached(authority, fresh)
		var err error
		rejudge, err = tx.OpsToRejudge(ctx, *permissionChange, append(symmetricDifference(approvedBefore, authority.EverApproved()), keys...), types)
		if err != nil {
			return nil, err
		}
	}

	isFresh := make(map[string]bool, len(fresh))
	for _, op := range fresh {
		isFresh[op.ID] = true
	}
	verdicts := make(map[string]oplog.Verdict, len(rejudge))
	var toApply []oplog.Op
	unapplied := false
	previous, err := tx.Statuses(ctx, rejudge, isFresh)
	if err != nil {
		return nil, err
	}
	for _, op := range rejudge {
		v := authority.Judge(op)
		verdicts[op.ID] = v
		was := previous[op.ID]
		if !isFresh[op.ID] && was == oplog.Applied && v.Status != oplog.Applied {
			unapplied = true
		}
		if v.Status == oplog.Applied && (isFresh[op.ID] || was != oplog.Applied) {
			toApply = append(toApply, op)
		}
		if err := tx.SetVerdict(ctx, op, v); err != nil {
			return nil, err
		}
	}
	if unapplied {
		// Last-writer-wins cannot be undone field by field: recompute every
		// projection from the ops that now apply.
		return verdicts, tx.RebuildProjections(ctx, authority)
	}
	return verdicts, tx.ProjectOps(ctx, toApply)
}

func ingestJudged(ctx context.Context, tx *store.Tx, batch []oplog.Op, decoded []oplog.Decoded, projected *store.Projected) (map[string]oplog.Verdict, error) {
	judged := make([]oplog.Verdict, len(batch))
	parsed := make([]any, len(batch))
	authority := tx.Authority()
	for i, op := range batch {
		if decoded != nil {
			judged[i], parsed[i] = authority.JudgeDecoded(op, decoded[i])
		} else {
			judged[i], parsed[i] = authority.JudgeParsed(op)
		}
	}
	inserted, err := tx.InsertJudged(ctx, batch, judged)
	if err != nil {
		return nil, err
	}
	verdicts := make(map[string]oplog.Verdict, len(batch))
	all := projected != nil
	for i, op := range batch {
		verdicts[op.ID] = judged[i]
		all = all && inserted[i] && judged[i].Status == oplog.Applied
	}
	if all {
		tx.ProjectAll(projected) // worked out ahead, for exactly these
		return verdicts, nil
	}
	for i, op := range batch {
		if inserted[i] && judged[i].Status == oplog.Applied {
			tx.Project(op, parsed[i])
		}
	}
	return verdicts, nil
}

// reached gathers what the permission changes in batch reach beyond
// their stamps (see oplog.Spec.Reaches).
func reached(a *oplog.Authority, batch []oplog.Op) (keys, types []string) {
	for _, op := range batch {
		def, ok := oplog.Lookup(op.Type, op.Version)
		if !ok || !def.ChangesPermissions {
			continue
		}
		parsed, err := def.Parse(op.Payload)
		if err != nil {
			continue
		}
		k, t := def.Reaches(a, parsed)
		keys, types = append(keys, k...), append(types, t...)
	}
	return keys, types
}

func changesPermissions(batch []oplog.Op) bool {
	for _, op := range batch {
		if def, ok := oplog.Lookup(op.Type, op.Version); ok && def.ChangesPermissions {
			return true
		}
	}
	return false
}

func symmetricDifference(a, b []string) []string {
	in := map[string]int{}
	for _, k := range a {
		in[k]++
	}
	for _, k := range b {
		in[k]--
	}
	diff := []string{}
	for k, n := range in {
		if n != 0 {
			diff = append(diff, k)
		}
	}
	return diff
}
