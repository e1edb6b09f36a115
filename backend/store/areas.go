package store

import (
	"context"
	"encoding/json"

	"github.com/cairn-community/cairn/backend/oplog"
)

// setField records one last-writer-wins field of an entity.
func (p *pendingProjection) setField(op oplog.Op, entity, field string, value any) {
	encoded, _ := json.Marshal(value)
	p.setLWW(upsertField, entity+"\x00"+field, op, entity, field, string(encoded))
}

func (p *pendingProjection) setFields(op oplog.Op, entity string, fields map[string]any) {
	for field, value := range fields {
		p.setField(op, entity, field, value)
	}
}

// created records who added an entity and when; the earliest add stands.
func (p *pendingProjection) created(op oplog.Op, kind, id string) string {
	entity := kind + ":" + id
	w := lwwWrite{stamp: op.Stamp, replica: op.Replica, args: []any{entity, kind, op.Author, op.Stamp.Wall, op.Stamp.Logical, op.Replica}}
	if p.entities == nil {
		p.entities = map[string]lwwWrite{}
	}
	if old, ok := p.entities[entity]; !ok || old.newerThan(w) {
		p.entities[entity] = w
	}
	return entity
}

// Entity is one thing of an area with its fields; a field's stamp says
// when it was last written.
type Entity struct {
	ID      string
	Author  string
	Created oplog.Stamp
	Fields  map[string]json.RawMessage
	Stamps  map[string]oplog.Stamp
}

// Field decodes one field into v, leaving v as it is when the field is
// absent.
func (e Entity) Field(name string, v any) {
	if raw, ok := e.Fields[name]; ok {
		_ = json.Unmarshal(raw, v)
	}
}

// Entities lists the entities of a kind ("step", "role"…) in the order
// they were added.
func (db *DB) Entities(ctx context.Context, kind string) ([]Entity, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT e.entity, e.author, e.wall, e.logical, f.field, f.value, f.wall, f.logical
		FROM p_entities e LEFT JOIN p_fields f ON f.entity = e.entity
		WHERE e.kind = ? ORDER BY e.wall, e.logical, e.replica, e.entity`, kind)
	if err != nil {
		return nil, classify(err, db.path)
	}
	defer rows.Close()
	var list []Entity
	prefix := len(kind) + 1
	for rows.Next() {
		var entity, author string
		var created oplog.Stamp
		var field, value *string
		var fieldWall *int64
		var fieldLogical *uint32
		if err := rows.Scan(&entity, &author, &created.Wall, &created.Logical, &field, &value, &fieldWall, &fieldLogical); err != nil {
			return nil, classify(err, db.path)
		}
		if len(list) == 0 || list[len(list)-1].ID != entity[prefix:] {
			list = append(list, Entity{ID: entity[prefix:], Author: author, Created: created,
				Fields: map[string]json.RawMessage{}, Stamps: map[string]oplog.Stamp{}})
		}
		if field != nil {
			e := &list[len(list)-1]
			e.Fields[*field] = json.RawMessage(*value)
			e.Stamps[*field] = oplog.Stamp{Wall: *fieldWall, Logical: *fieldLogical}
		}
	}
	return list, classify(rows.Err(), db.path)
}

// PartRow is a part of the deliverable as the projections hold it.
type PartRow struct {
	ID         string
	Title      string
	Position   string
	Text       string
	Heads      []string
	Conflicted bool
	Fields     map[string]json.RawMessage // brief, kind, mode, owner, writers, validated
}

// Parts lists the parts added and not deleted, in document order.
func (db *DB) Parts(ctx context.Context) ([]PartRow, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT p.id, p.title, p.position, coalesce(t.text, ''), coalesce(t.heads, '[]'), coalesce(t.conflicted, 0)
		FROM p_parts p LEFT JOIN p_part_text t ON t.part = p.id
		WHERE p.added = 1 AND p.deleted = 0 ORDER BY p.position, p.id`)
	if err != nil {
		return nil, classify(err, db.path)
	}
	var list []PartRow
	for rows.Next() {
		var p PartRow
		var heads string
		if err := rows.Scan(&p.ID, &p.Title, &p.Position, &p.Text, &heads, &p.Conflicted); err != nil {
			rows.Close()
			return nil, classify(err, db.path)
		}
		if err := json.Unmarshal([]byte(heads), &p.Heads); err != nil {
			rows.Close()
			return nil, classify(err, db.path)
		}
		list = append(list, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, classify(err, db.path)
	}
	// Every part's settings in one query, not one query a part.
	fields, err := db.read.QueryContext(ctx, `SELECT substr(entity, 6), field, value FROM p_fields WHERE entity >= 'part:' AND entity < 'part;'`)
	if err != nil {
		return nil, classify(err, db.path)
	}
	defer fields.Close()
	byPart := map[string]map[string]json.RawMessage{}
	for fields.Next() {
		var part, field, value string
		if err := fields.Scan(&part, &field, &value); err != nil {
			return nil, classify(err, db.path)
		}
		if byPart[part] == nil {
			byPart[part] = map[string]json.RawMessage{}
		}
		byPart[part][field] = json.RawMessage(value)
	}
	if err := fields.Err(); err != nil {
		return nil, classify(err, db.path)
	}
	for i := range list {
		list[i].Fields = byPart[list[i].ID]
		if list[i].Fields == nil {
			list[i].Fields = map[string]json.RawMessage{}
		}
	}
	return list, nil
}

// RevisionRow is one revision of a part's text.
type RevisionRow struct {
	ID      string      `json:"id"`
	Parents []string    `json:"parents"`
	Author  string      `json:"author"`
	Stamp   oplog.Stamp `json:"-"`
	Text    string      `json:"-"`
}

// Revisions lists a part's revisions, oldest first.
func (db *DB) Revisions(ctx context.Context, part string) ([]RevisionRow, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, parents, author, wall, logical, text FROM p_revisions WHERE part = ? ORDER BY wall, logical, id`, part)
	if err != nil {
		return nil, classify(err, db.path)
	}
	defer rows.Close()
	var list []RevisionRow
	for rows.Next() {
		var r RevisionRow
		var parents string
		if err := rows.Scan(&r.ID, &parents, &r.Author, &r.Stamp.Wall, &r.Stamp.Logical, &r.Text); err != nil {
			return nil, classify(err, db.path)
		}
		if err := json.Unmarshal([]byte(parents), &r.Parents); err != nil {
			return nil, classify(err, db.path)
		}
		r.Parents = oplog.NonNil(r.Parents)
		list = append(list, r)
	}
	return list, classify(rows.Err(), db.path)
}

// AppliedOps lists the operations in force, newest first: the activity.
func (db *DB) AppliedOps(ctx context.Context, limit int) ([]oplog.Op, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, replica, seq, author, wall, logical, type, version, payload FROM ops
		WHERE status = 'applied' ORDER BY wall DESC, logical DESC, replica DESC, seq DESC LIMIT ?`, limit)
	if err != nil {
		return nil, classify(err, db.path)
	}
	defer rows.Close()
	var list []oplog.Op
	for rows.Next() {
		var op oplog.Op
		var payload string
		if err := rows.Scan(&op.ID, &op.Replica, &op.Seq, &op.Author, &op.Stamp.Wall, &op.Stamp.Logical, &op.Type, &op.Version, &payload); err != nil {
			return nil, classify(err, db.path)
		}
		op.Payload = []byte(payload)
		list = append(list, op)
	}
	return list, classify(rows.Err(), db.path)
}

// Comment is a comment on a part (or another thing with an id).
type Comment struct {
	ID     string `json:"id"`
	Author string `json:"author"`
	Body   string `json:"body"`
	At     int64  `json:"at"` // Unix milliseconds
}

// Comments lists the comments on a target, oldest first.
func (db *DB) Comments(ctx context.Context, target string) ([]Comment, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, author, body, wall FROM p_comments WHERE target = ? ORDER BY wall, logical, id`, target)
	if err != nil {
		return nil, classify(err, db.path)
	}
	defer rows.Close()
	list := []Comment{}
	for rows.Next() {
		var c Comment
		if err := rows.Scan(&c.ID, &c.Author, &c.Body, &c.At); err != nil {
			return nil, classify(err, db.path)
		}
		list = append(list, c)
	}
	return list, classify(rows.Err(), db.path)
}
