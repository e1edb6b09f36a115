package store

import (
	"context"
	"time"

	"github.com/cairn-community/cairn/backend/oplog"
)

// InsertCeiling measures the raw rate SQLite takes op-log rows at here: a
// fresh database at path, every op inserted in one transaction, the same
// way an import inserts them, with no judging and no projection. Import speed is reported against it.
func InsertCeiling(ctx context.Context, path string, ops []oplog.Op) (time.Duration, error) {
	db, err := Open(ctx, path)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	verdicts := make([]oplog.Verdict, len(ops))
	for i := range verdicts {
		verdicts[i] = oplog.Verdict{Status: oplog.Applied}
	}
	start := time.Now()
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return 0, classify(err, path)
	}
	defer tx.Rollback()
	stmts := newStmtCache(tx)
	if _, err := insertOps(ctx, stmts, ops, verdicts); err != nil {
		return 0, classify(err, path)
	}
	if err := stmts.flushKeys(ctx); err != nil { // as every commit does
		return 0, classify(err, path)
	}
	if err := tx.Commit(); err != nil {
		return 0, classify(err, path)
	}
	return time.Since(start), nil
}
