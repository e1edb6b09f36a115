package replay

import (
	"context"

	"github.com/cairn-community/cairn/backend/errs"
	"github.com/cairn-community/cairn/backend/oplog"
	"github.com/cairn-community/cairn/backend/store"
)

// Rebuild recomputes every verdict and every projection from the op log
// alone. Incremental updates must leave the same tables: Verify compares
// them.
func Rebuild(ctx context.Context, db *store.DB) error {
	return db.Write(ctx, func(tx *store.Tx) error {
		tx.KeepAuthority(nil)
		authority, err := rebuildIn(ctx, tx)
		if err != nil {
			return err
		}
		tx.KeepAuthority(authority)
		return nil
	})
}

// maxClaimPasses bounds the passes over release claims: each pass is
// cheap, and releases that undo each other in a loop stop here.
const maxClaimPasses = 16

// rebuildIn re-judges every op and recomputes every projection inside tx.
func rebuildIn(ctx context.Context, tx *store.Tx) (*oplog.Authority, error) {
	authority, err := tx.LoadAuthority(ctx, nil)
	if err != nil {
		return nil, err
	}
	// Changes sent on by a release take its time first: the permission
	// history and every verdict follow from the stamps they leave. A move
	// can bring another release into force (a release of a release, a
	// role a release applied), so this goes on until nothing moves.
	for pass := 0; pass < maxClaimPasses; pass++ {
		moved, err := tx.ApplyClaims(ctx, func(release oplog.Op) bool { return authority.Judge(release).Status == oplog.Applied })
		if err != nil {
			return nil, err
		}
		if moved == 0 {
			break
		}
		if authority, err = tx.LoadAuthority(ctx, nil); err != nil {
			return nil, err
		}
	}
	all, stored, err := tx.AllOps(ctx)
	if err != nil {
		return nil, err
	}
	if err := tx.ClearProjections(ctx, authority); err != nil {
		return nil, err
	}
	for i, op := range all {
		if stored[i].Status == oplog.Ahead {
			continue // stays aside until its time comes (see settle)
		}
		v, parsed := authority.JudgeParsed(op)
		if v.Status != stored[i].Status || v.Reason != stored[i].Reason {
			if err := tx.SetVerdict(ctx, op, v); err != nil {
				return nil, err
			}
		}
		if v.Status == oplog.Applied {
			tx.Project(op, parsed)
		}
	}
	if err := tx.Flush(ctx); err != nil {
		return nil, err
	}
	return authority, nil
}

// Verify checks a replica end to end and changes nothing: the file's
// integrity and every op's id, every replica's segment chain, and that a
// rebuild from the log alone gives exactly the stored projections (done in
// a transaction that is rolled back).
func Verify(ctx context.Context, db *store.DB) error {
	if err := db.Check(ctx); err != nil {
		return err
	}
	return db.Inspect(ctx, func(tx *store.Tx) error {
		if err := tx.CheckChains(ctx); err != nil {
			return err
		}
		stored, err := tx.Dump(ctx)
		if err != nil {
			return err
		}
		if _, err := rebuildIn(ctx, tx); err != nil {
			return err
		}
		rebuilt, err := tx.Dump(ctx)
		if err != nil {
			return err
		}
		if rebuilt != stored {
			return errs.New(errs.Corrupt, "The stored state differs from a rebuild of the operation log in %s. Nothing was changed.", store.FirstDifference(stored, rebuilt)).
				WithHint("Recompute it with: cairn rebuild")
		}
		return nil
	})
}
