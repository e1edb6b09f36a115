package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"

	"github.com/cairn-community/cairn/backend/oplog"
)

// Seen answers what this replica holds, for a change whose record must say
// what its author had seen (see oplog.Seen). The first error it meets is
// kept in Err; the answers after it are empty.
type Seen struct {
	ctx context.Context
	db  *DB
	Err error
}

// Seen reads what this replica holds now.
func (db *DB) Seen(ctx context.Context) *Seen { return &Seen{ctx: ctx, db: db} }

var _ oplog.Seen = (*Seen)(nil)

// keysOf lists member's key and their devices' keys.
func (s *Seen) keysOf(member string) []string {
	keys, err := s.db.KeysOf(s.ctx, member)
	if err != nil {
		s.fail(err)
	}
	return keys
}

func (s *Seen) fail(err error) {
	if s.Err == nil {
		s.Err = err
	}
}

// CutOf is the last op held of each replica that member's keys wrote.
func (s *Seen) CutOf(member string) oplog.Cut {
	keys, _ := json.Marshal(s.keysOf(member))
	return s.cut(`WHERE author IN (SELECT value FROM json_each(?))`, string(keys))
}

// Everything is the last op held of every replica.
func (s *Seen) Everything() oplog.Cut { return s.cut(``) }

func (s *Seen) cut(where string, args ...any) oplog.Cut {
	cut := oplog.Cut{}
	if s.Err != nil {
		return cut
	}
	// A change carried by a copied folder (change.carry) was seen too,
	// under its own replica, though it is stored as the carrying one's.
	carriedWhere := `WHERE type = 'change.carry'`
	if where != "" {
		carriedWhere = where + ` AND type = 'change.carry'`
	}
	rows, err := s.db.read.QueryContext(s.ctx, `SELECT replica, MAX(seq) FROM ops `+where+` GROUP BY replica
		UNION ALL SELECT json_extract(payload, '$.replica'), MAX(json_extract(json_extract(payload, '$.line'), '$.seq'))
		FROM ops `+carriedWhere+` GROUP BY 1`, append(args, args...)...)
	if err != nil {
		s.fail(classify(err, s.db.path))
		return cut
	}
	defer rows.Close()
	for rows.Next() {
		var replica string
		var seq uint64
		if err := rows.Scan(&replica, &seq); err != nil {
			s.fail(classify(err, s.db.path))
			return cut
		}
		cut[replica] = max(cut[replica], seq)
	}
	s.fail(classify(rows.Err(), s.db.path))
	return cut
}

// Ballots are the ids of the ballots in force on decision: the newest
// applied one of each member, from any of their devices.
func (s *Seen) Ballots(decision string) []string {
	if s.Err != nil {
		return nil
	}
	devices, err := s.db.DeviceKeys(s.ctx)
	if err != nil {
		s.fail(err)
		return nil
	}
	rows, err := s.db.read.QueryContext(s.ctx, `SELECT id, author FROM ops
		WHERE type = 'vote.cast' AND status = 'applied' AND json_extract(payload, '$.decision') = ?
		ORDER BY wall, logical, replica, seq`, decision)
	if err != nil {
		s.fail(classify(err, s.db.path))
		return nil
	}
	defer rows.Close()
	newest := map[string]string{} // member -> their newest ballot, in replay order
	for rows.Next() {
		var id, author string
		if err := rows.Scan(&id, &author); err != nil {
			s.fail(classify(err, s.db.path))
			return nil
		}
		if owner := devices[author]; owner != "" {
			author = owner
		}
		newest[author] = id
	}
	s.fail(classify(rows.Err(), s.db.path))
	ballots := []string{}
	for _, id := range newest {
		ballots = append(ballots, id)
	}
	slices.Sort(ballots)
	return ballots
}

// AuthorOf is the key that wrote op, "" when it is not held.
func (s *Seen) AuthorOf(op string) string {
	if s.Err != nil {
		return ""
	}
	var author string
	err := s.db.read.QueryRowContext(s.ctx, `SELECT author FROM ops WHERE `+byID("1"), op).Scan(&author)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		s.fail(classify(err, s.db.path))
	}
	return author
}
