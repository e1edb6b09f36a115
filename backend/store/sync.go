package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// OwnSegment is one of this replica's sealed segments, as pushed.
type OwnSegment struct {
	Name     string
	FirstSeq uint64
	Raw      []byte
}

// OwnSegments lists a replica's sealed segments with their bytes, in chain
// order, from the one after the segment named after (all when "").
func (db *DB) OwnSegments(ctx context.Context, replica, after string) ([]OwnSegment, error) {
	from := uint64(0)
	if after != "" {
		if err := db.read.QueryRowContext(ctx, `SELECT last_seq FROM segments WHERE name = ? AND replica = ?`, after, replica).Scan(&from); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, classify(err, db.path)
		}
	}
	rows, err := db.read.QueryContext(ctx, `SELECT name, first_seq, raw FROM segments WHERE replica = ? AND first_seq > ? AND raw IS NOT NULL ORDER BY first_seq`, replica, from)
	if err != nil {
		return nil, classify(err, db.path)
	}
	defer rows.Close()
	var list []OwnSegment
	for rows.Next() {
		var s OwnSegment
		if err := rows.Scan(&s.Name, &s.FirstSeq, &s.Raw); err != nil {
			return nil, classify(err, db.path)
		}
		list = append(list, s)
	}
	return list, classify(rows.Err(), db.path)
}

// ImportedCommit is the last commit imported from a replica's ref, or "".
func (db *DB) ImportedCommit(ctx context.Context, ref string) (string, error) {
	var hash string
	err := db.read.QueryRowContext(ctx, `SELECT commit_hash FROM sync_imported WHERE ref = ?`, ref).Scan(&hash)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return hash, classify(err, db.path)
}

// SetImportedCommit records the last commit imported from a ref.
func (db *DB) SetImportedCommit(ctx context.Context, ref, hash string) error {
	_, err := db.write.ExecContext(ctx, `INSERT INTO sync_imported (ref, commit_hash) VALUES (?, ?)
		ON CONFLICT (ref) DO UPDATE SET commit_hash = excluded.commit_hash`, ref, hash)
	return classify(err, db.path)
}

// RecordSync keeps a sync's outcome (JSON) and the last 100 of them.
func (db *DB) RecordSync(ctx context.Context, at time.Time, summary []byte) error {
	if _, err := db.write.ExecContext(ctx, `INSERT INTO sync_runs (at, summary) VALUES (?, ?)`, at.UTC().Format(time.RFC3339), string(summary)); err != nil {
		return classify(err, db.path)
	}
	_, err := db.write.ExecContext(ctx, `DELETE FROM sync_runs WHERE id <= (SELECT max(id) - 100 FROM sync_runs)`)
	return classify(err, db.path)
}

// LastSync is the newest sync's time and summary, or "" when none ran.
func (db *DB) LastSync(ctx context.Context) (at, summary string, err error) {
	err = db.read.QueryRowContext(ctx, `SELECT at, summary FROM sync_runs ORDER BY id DESC LIMIT 1`).Scan(&at, &summary)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", nil
	}
	return at, summary, classify(err, db.path)
}

// ReplicaAuthor is the key that signs a replica's segments, or "" when
// none of them is here. (Not any op naming the replica: a carried change
// may name any.)
func (db *DB) ReplicaAuthor(ctx context.Context, replica string) (string, error) {
	var author string
	err := db.read.QueryRowContext(ctx, `SELECT author FROM segments WHERE replica = ? AND author != '' ORDER BY first_seq LIMIT 1`, replica).Scan(&author)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return author, classify(err, db.path)
}

// KnownKey reports whether a key has had a change applied here: it joined,
// or at least asked to.
func (db *DB) KnownKey(ctx context.Context, key string) (bool, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM p_devices WHERE member = ? LIMIT 1)`, key).Scan(&n)
	return n > 0, classify(err, db.path)
}

// AheadOf counts a replica's ops stamped after the wall time given (Unix
// milliseconds), and the newest stamp among them.
func (db *DB) AheadOf(ctx context.Context, replica string, wall int64) (int, int64, error) {
	var n int
	var newest sql.NullInt64
	err := db.read.QueryRowContext(ctx, `SELECT count(*), max(wall) FROM ops WHERE replica = ? AND wall > ?`, replica, wall).Scan(&n, &newest)
	return n, newest.Int64, classify(err, db.path)
}

// Forked finds this replica's own work that the remote never received
// because another computer, working as this replica from a copied data
// folder, sent different work first: the segments from the first one the
// remote lacks (onRemote names those it holds), and the ops not sealed yet.
// It returns those ops, oldest first, and the last sequence number the
// remote and this computer share.
func (db *DB) Forked(ctx context.Context, replica string, onRemote map[string]bool) ([]StoredOp, uint64, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT name, last_seq FROM segments WHERE replica = ? ORDER BY first_seq`, replica)
	if err != nil {
		return nil, 0, classify(err, db.path)
	}
	var common uint64
	for rows.Next() {
		var name string
		var last uint64
		if err := rows.Scan(&name, &last); err != nil {
			rows.Close()
			return nil, 0, classify(err, db.path)
		}
		if !onRemote[name] {
			break
		}
		common = last
	}
	rows.Close()
	taken, err := db.read.QueryContext(ctx, `SELECT id, replica, seq, author, wall, logical, type, version, payload, status, reason FROM ops
		WHERE replica = ? AND seq > ? ORDER BY seq`, replica, common)
	if err != nil {
		return nil, 0, classify(err, db.path)
	}
	defer taken.Close()
	var ops []StoredOp
	for taken.Next() {
		var s StoredOp
		var payload string
		if err := taken.Scan(&s.ID, &s.Replica, &s.Seq, &s.Author, &s.Stamp.Wall, &s.Stamp.Logical, &s.Type, &s.Version, &payload, &s.Status, &s.Reason); err != nil {
			return nil, 0, classify(err, db.path)
		}
		s.Payload = []byte(payload)
		ops = append(ops, s)
	}
	return ops, common, classify(taken.Err(), db.path)
}

// TakeBackFork deletes a replica's ops and segments after sequence number
// common (see Forked), so the other computer's segments can follow the
// last common one. Doing it twice changes nothing. The caller then
// rebuilds the projections.
func (db *DB) TakeBackFork(ctx context.Context, replica string, common uint64) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return classify(err, db.path)
	}
	defer tx.Rollback()
	var head string
	if err := tx.QueryRowContext(ctx, `SELECT name FROM segments WHERE replica = ? AND last_seq = ?`, replica, common).Scan(&head); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return classify(err, db.path)
	}
	for _, stmt := range []struct {
		sql  string
		args []any
	}{
		{`DELETE FROM ops WHERE replica = ? AND seq > ?`, []any{replica, common}},
		{`DELETE FROM segments WHERE replica = ? AND first_seq > ?`, []any{replica, common}},
		{`DELETE FROM replica_heads WHERE replica = ?`, []any{replica}},
		// What the other computer sent as this replica was refused for
		// breaking the chain: it is read again, whole.
		{`DELETE FROM set_aside WHERE instr(raw, ?) > 0`, []any{"\nreplica: " + replica + "\n"}},
		{`DELETE FROM sync_imported WHERE ref = ?`, []any{replica}},
	} {
		if _, err := tx.ExecContext(ctx, stmt.sql, stmt.args...); err != nil {
			return classify(err, db.path)
		}
	}
	if head != "" {
		if _, err := tx.ExecContext(ctx, `INSERT INTO replica_heads (replica, segment, last_seq) VALUES (?, ?, ?)`, replica, head, common); err != nil {
			return classify(err, db.path)
		}
	}
	return classify(tx.Commit(), db.path)
}

// OpLike finds an op by author with this type and payload (nil: any)
// ("" for none): whether a change was made already, when a crash leaves
// that in doubt.
func (db *DB) OpLike(ctx context.Context, author, typ string, payload []byte) (string, error) {
	var match any // NULL: any payload
	if payload != nil {
		match = string(payload)
	}
	var id string
	err := db.read.QueryRowContext(ctx, `SELECT id FROM ops WHERE author = ?1 AND type = ?2 AND (?3 IS NULL OR payload = ?3) LIMIT 1`, author, typ, match).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return id, classify(err, db.path)
}
