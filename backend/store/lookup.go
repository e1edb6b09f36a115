package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"github.com/cairn-community/cairn/backend/oplog"
)

// Entity reads one entity of a kind by its id, with its fields: a change
// to one thing reads that thing, not its whole area. found is false when
// there is none.
func (db *DB) Entity(ctx context.Context, kind, id string) (e Entity, found bool, err error) {
	rows, err := db.read.QueryContext(ctx, `SELECT e.author, e.wall, e.logical, f.field, f.value, f.wall, f.logical
		FROM p_entities e LEFT JOIN p_fields f ON f.entity = e.entity
		WHERE e.entity = ? AND e.kind = ?`, kind+":"+id, kind)
	if err != nil {
		return e, false, classify(err, db.path)
	}
	defer rows.Close()
	e = Entity{ID: id, Fields: map[string]json.RawMessage{}, Stamps: map[string]oplog.Stamp{}}
	for rows.Next() {
		var field, value *string
		var fieldWall *int64
		var fieldLogical *uint32
		if err := rows.Scan(&e.Author, &e.Created.Wall, &e.Created.Logical, &field, &value, &fieldWall, &fieldLogical); err != nil {
			return e, false, classify(err, db.path)
		}
		found = true
		if field != nil {
			e.Fields[*field] = json.RawMessage(*value)
			e.Stamps[*field] = oplog.Stamp{Wall: *fieldWall, Logical: *fieldLogical}
		}
	}
	return e, found, classify(rows.Err(), db.path)
}

// Part reads one part added and not deleted, as Parts lists it. found is
// false when there is none.
func (db *DB) Part(ctx context.Context, id string) (p PartRow, found bool, err error) {
	var heads string
	err = db.read.QueryRowContext(ctx, `SELECT p.id, p.title, p.position, coalesce(t.text, ''), coalesce(t.heads, '[]'), coalesce(t.conflicted, 0)
		FROM p_parts p LEFT JOIN p_part_text t ON t.part = p.id
		WHERE p.id = ? AND p.added = 1 AND p.deleted = 0`, id).Scan(&p.ID, &p.Title, &p.Position, &p.Text, &heads, &p.Conflicted)
	if errors.Is(err, sql.ErrNoRows) {
		return p, false, nil
	}
	if err != nil {
		return p, false, classify(err, db.path)
	}
	if err := json.Unmarshal([]byte(heads), &p.Heads); err != nil {
		return p, false, classify(err, db.path)
	}
	fields, err := db.read.QueryContext(ctx, `SELECT field, value FROM p_fields WHERE entity = ?`, "part:"+id)
	if err != nil {
		return p, false, classify(err, db.path)
	}
	defer fields.Close()
	p.Fields = map[string]json.RawMessage{}
	for fields.Next() {
		var field, value string
		if err := fields.Scan(&field, &value); err != nil {
			return p, false, classify(err, db.path)
		}
		p.Fields[field] = json.RawMessage(value)
	}
	return p, true, classify(fields.Err(), db.path)
}
