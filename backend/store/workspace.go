package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/cairn-community/cairn/backend/community"
	"github.com/cairn-community/cairn/backend/errs"
	"github.com/cairn-community/cairn/backend/oplog"
)

// CreateWorkspace records the workspace and the local identity in one
// transaction, so a crash leaves either both or neither.
func (db *DB) CreateWorkspace(ctx context.Context, ws community.Workspace, me community.Identity) error {
	if db.write == nil {
		return errs.New(errs.Internal, "The database was opened for reading only.")
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return classify(err, db.path)
	}
	defer tx.Rollback()
	var existing int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM workspace").Scan(&existing); err != nil {
		return classify(err, db.path)
	}
	if existing > 0 {
		return errs.New(errs.Conflict, "This data folder already holds a workspace. Use another folder to create a second one.")
	}
	if _, err := tx.ExecContext(ctx,
		"INSERT INTO workspace (singleton, id, name, created_at) VALUES (1, ?, ?, ?)",
		ws.ID, ws.Name, ws.CreatedAt.UTC().Format(time.RFC3339Nano)); err != nil {
		return classify(err, db.path)
	}
	if _, err := tx.ExecContext(ctx,
		"INSERT INTO local_identity (singleton, member_name, public_key, replica_id) VALUES (1, ?, ?, ?)",
		me.MemberName, []byte(me.PublicKey), me.ReplicaID); err != nil {
		return classify(err, db.path)
	}
	return classify(tx.Commit(), db.path)
}

// Workspace returns the workspace and the local identity, or a NotFound
// error when none was created yet.
func (db *DB) Workspace(ctx context.Context) (community.Workspace, community.Identity, error) {
	var (
		ws      community.Workspace
		me      community.Identity
		created string
		key     []byte
	)
	err := db.read.QueryRowContext(ctx, `
		SELECT w.id, w.name, w.created_at, i.member_name, i.public_key, i.replica_id
		FROM workspace w JOIN local_identity i ON i.singleton = w.singleton`).
		Scan(&ws.ID, &ws.Name, &created, &me.MemberName, &key, &me.ReplicaID)
	if errors.Is(err, sql.ErrNoRows) {
		return ws, me, errs.New(errs.NotFound, "No workspace has been created in this data folder yet.")
	}
	if err != nil {
		return ws, me, classify(err, db.path)
	}
	if ws.CreatedAt, err = time.Parse(time.RFC3339Nano, created); err != nil {
		return ws, me, corrupt(db.path, err)
	}
	me.PublicKey = key
	return ws, me, nil
}

// MoveIdentity makes this data folder's replica a new one, with a new key:
// a copied data folder going on as another device of the same member.
// Everything stored stays; the old replica's ops are simply no longer
// this folder's to send.
func (db *DB) MoveIdentity(ctx context.Context, publicKey []byte, replica string) error {
	_, err := db.write.ExecContext(ctx, `UPDATE local_identity SET public_key = ?, replica_id = ?`, publicKey, replica)
	return classify(err, db.path)
}

// UnsharedOps lists a replica's ops not yet sealed into a segment, oldest
// first.
func (db *DB) UnsharedOps(ctx context.Context, replica string) ([]oplog.Op, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, author, line FROM ops WHERE replica = ? AND segment IS NULL ORDER BY seq`, replica)
	if err != nil {
		return nil, classify(err, db.path)
	}
	defer rows.Close()
	var ops []oplog.Op
	for rows.Next() {
		var op oplog.Op
		var line string
		if err := rows.Scan(&op.ID, &op.Author, &line); err != nil {
			return nil, classify(err, db.path)
		}
		op.Replica, op.Line = replica, []byte(line)
		ops = append(ops, op)
	}
	return ops, classify(rows.Err(), db.path)
}
