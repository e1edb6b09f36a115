package store

import (
	"encoding/json"

	"github.com/cairn-community/cairn/backend/oplog"
)

const (
	upsertWorkspaceName = `INSERT INTO p_workspace (singleton, name, wall, logical, replica) VALUES (1, ?, ?, ?, ?)
		ON CONFLICT (singleton) DO UPDATE SET name = excluded.name, wall = excluded.wall, logical = excluded.logical, replica = excluded.replica
		WHERE (excluded.wall, excluded.logical, excluded.replica) > (p_workspace.wall, p_workspace.logical, p_workspace.replica)`
	upsertMemberName = `INSERT INTO p_members (key, name, name_wall, name_logical, name_replica) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET name = excluded.name, name_wall = excluded.name_wall, name_logical = excluded.name_logical, name_replica = excluded.name_replica
		WHERE (excluded.name_wall, excluded.name_logical, excluded.name_replica) > (p_members.name_wall, p_members.name_logical, p_members.name_replica)`
	upsertPartTitle = `INSERT INTO p_parts (id, title, title_wall, title_logical, title_replica) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET title = excluded.title, title_wall = excluded.title_wall, title_logical = excluded.title_logical, title_replica = excluded.title_replica
		WHERE (excluded.title_wall, excluded.title_logical, excluded.title_replica) > (p_parts.title_wall, p_parts.title_logical, p_parts.title_replica)`
	upsertPartPosition = `INSERT INTO p_parts (id, position, pos_wall, pos_logical, pos_replica) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET position = excluded.position, pos_wall = excluded.pos_wall, pos_logical = excluded.pos_logical, pos_replica = excluded.pos_replica
		WHERE (excluded.pos_wall, excluded.pos_logical, excluded.pos_replica) > (p_parts.pos_wall, p_parts.pos_logical, p_parts.pos_replica)`
	upsertField = `INSERT INTO p_fields (entity, field, value, wall, logical, replica) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (entity, field) DO UPDATE SET value = excluded.value, wall = excluded.wall, logical = excluded.logical, replica = excluded.replica
		WHERE (excluded.wall, excluded.logical, excluded.replica) > (p_fields.wall, p_fields.logical, p_fields.replica)`
	// The earliest add of an id stands: an upsert that keeps the older stamp.
	upsertEntity = `INSERT INTO p_entities (entity, kind, author, wall, logical, replica) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (entity) DO UPDATE SET kind = excluded.kind, author = excluded.author, wall = excluded.wall, logical = excluded.logical, replica = excluded.replica
		WHERE (excluded.wall, excluded.logical, excluded.replica) < (p_entities.wall, p_entities.logical, p_entities.replica)`
	upsertVision = `INSERT INTO p_vision (singleton, text, wall, logical, replica) VALUES (1, ?, ?, ?, ?)
		ON CONFLICT (singleton) DO UPDATE SET text = excluded.text, wall = excluded.wall, logical = excluded.logical, replica = excluded.replica
		WHERE (excluded.wall, excluded.logical, excluded.replica) > (p_vision.wall, p_vision.logical, p_vision.replica)`
	upsertAnswer = `INSERT INTO p_answers (question, member, text, wall, logical, replica) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (question, member) DO UPDATE SET text = excluded.text, wall = excluded.wall, logical = excluded.logical, replica = excluded.replica
		WHERE (excluded.wall, excluded.logical, excluded.replica) > (p_answers.wall, p_answers.logical, p_answers.replica)`
	markPartAdded   = `INSERT INTO p_parts (id, added) VALUES (?, 1) ON CONFLICT (id) DO UPDATE SET added = 1`
	markPartDeleted = `INSERT INTO p_parts (id, deleted) VALUES (?, 1) ON CONFLICT (id) DO UPDATE SET deleted = 1`
)

// The store's named registers, flags and sets: where an area's Project
// writes. Each name is one table's columns; the areas choose which.
var (
	registers = map[string]string{
		"workspace.name": upsertWorkspaceName,
		"member.name":    upsertMemberName,
		"part.title":     upsertPartTitle,
		"part.position":  upsertPartPosition,
		"vision":         upsertVision,
		"answer":         upsertAnswer,
	}
	flags = map[string]string{
		"part.added":   markPartAdded,
		"part.deleted": markPartDeleted,
	}
	sets = map[string]int{"comments": 0, "exchange": 1, "exchange.matches": 2}
)

// add records what an applied op changes, given its decoded payload: the
// device it came from, then whatever its area's Project writes.
func (p *pendingProjection) add(op oplog.Op, parsed any) {
	if p.devices == nil {
		p.devices = map[[2]string]bool{}
	}
	p.devices[[2]string{op.Author, op.Replica}] = true
	if def, ok := oplog.Lookup(op.Type, op.Version); ok {
		def.Project(opProjection{p, op}, op, parsed)
	}
}

// opProjection is the Projection one op writes through: each write is
// stamped with that op's stamp.
type opProjection struct {
	p  *pendingProjection
	op oplog.Op
}

func (w opProjection) Register(name, key string, args ...any) {
	query, ok := registers[name]
	if !ok {
		panic("store: no register " + name)
	}
	w.p.setLWW(query, key, w.op, args...)
}

func (w opProjection) Field(entity, field string, value any) {
	w.p.setField(w.op, entity, field, value)
}

func (w opProjection) Created(kind, id string) string { return w.p.created(w.op, kind, id) }

func (w opProjection) Flag(name, key string) {
	query, ok := flags[name]
	if !ok {
		panic("store: no flag " + name)
	}
	w.p.setFlag(query, key)
}

func (w opProjection) Add(set string, row ...any) {
	which, ok := sets[set]
	if !ok {
		panic("store: no set " + set)
	}
	p := w.p
	switch which {
	case 0:
		p.comments = append(p.comments, row)
	case 1:
		p.exchange = append(p.exchange, row)
	default:
		p.matches = append(p.matches, row)
	}
}

func (w opProjection) Revision(text, id string, parents []string, body string) {
	parents = sortedCopy(parents)
	w.p.revisions = append(w.p.revisions, []any{id, text, idsJSON(parents), body, w.op.Author, w.op.Stamp.Wall, w.op.Stamp.Logical})
	for _, parent := range parents {
		w.p.links = append(w.p.links, []any{parent, id})
	}
}

// idsJSON is json.Marshal of a list of ids, written directly when every id
// is lowercase hex (an op id: a revision's parents), which JSON writes as
// it is; any other list goes through json.Marshal.
func idsJSON(ids []string) string {
	if ids == nil {
		return "null"
	}
	n := 2
	for _, id := range ids {
		for i := 0; i < len(id); i++ {
			if c := id[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
				encoded, _ := json.Marshal(ids)
				return string(encoded)
			}
		}
		n += len(id) + 3
	}
	b := make([]byte, 0, n)
	b = append(b, '[')
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '"')
		b = append(b, id...)
		b = append(b, '"')
	}
	return string(append(b, ']'))
}
