package store

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/cairn-community/cairn/backend/oplog"
)

// projectionTables are the tables the app reads, all derived from ops.
var projectionTables = []string{"p_workspace", "p_members", "p_access", "p_parts", "p_revisions", "p_revision_parents", "p_part_heads", "p_part_text", "p_comments", "p_vision", "p_answers", "p_exchange", "p_exchange_matches", "p_entities", "p_fields", "p_devices"}

// project applies ops that replay judged Applied. Every rule commutes (a
// newer stamp wins, sets ignore duplicates, tombstones stay), so ops may be
// applied in any order and the tables come out the same.
func (db *DB) project(ctx context.Context, stmts *stmtCache, ops []oplog.Op) error {
	for _, op := range ops {
		if def, ok := oplog.Lookup(op.Type, op.Version); ok {
			parsed, err := def.Parse(op.Payload)
			if err != nil {
				return fmt.Errorf("an applied op %s has a bad payload: %w", op.ID, err)
			}
			stmts.pending.add(op, parsed)
		}
	}
	return nil
}

// finish writes what the transaction's ops changed in the projections and
// brings derived text up to date before it commits, and adds the keys of
// the ops it inserted. Writing once per transaction means a
// last-writer-wins field touched by a thousand ops is written once, and
// rows go in hundreds to a statement.
func (c *stmtCache) finish(ctx context.Context) error {
	if err := c.flushKeys(ctx); err != nil {
		return err
	}
	touched, err := c.pending.flush(ctx, c)
	if err != nil {
		return err
	}
	for _, part := range touched {
		if err := refreshPartText(ctx, c, part); err != nil {
			return err
		}
	}
	return nil
}

// A last-writer-wins write waiting to be flushed: the statement, the row's
// key, its stamp, and the statement's arguments.
type lwwKey struct{ query, row string }

type lwwWrite struct {
	stamp   oplog.Stamp
	replica string
	args    []any
}

func (w lwwWrite) newerThan(o lwwWrite) bool {
	if c := w.stamp.Compare(o.stamp); c != 0 {
		return c > 0
	}
	return w.replica > o.replica
}

// pendingProjection collects the projection writes of one transaction.
// Every rule commutes, so collecting and writing later gives the same
// tables as writing at once.
type pendingProjection struct {
	lww       map[lwwKey]lwwWrite
	flags     map[lwwKey][]any // idempotent writes: a part added, a part deleted
	comments  [][]any
	exchange  [][]any
	matches   [][]any
	revisions [][]any
	links     [][]any
	entities  map[string]lwwWrite // the earliest add of each entity
	devices   map[[2]string]bool  // member and replica
}

func (p *pendingProjection) reset() { *p = pendingProjection{} }

// Projected is what some ops change in the projections, worked out apart
// from any transaction (see ProjectAhead).
type Projected struct{ p pendingProjection }

// ProjectAhead works out what ops would change were they all applied,
// given their decoded payloads, without a transaction: an import does it
// on another core, then takes it whole (Tx.ProjectAll) when they all are.
func ProjectAhead(ops []oplog.Op, parsed []any) *Projected {
	var out Projected
	for i, op := range ops {
		out.p.add(op, parsed[i])
	}
	return &out
}

// merge adds what o collected, by the same rules as adding its ops one by
// one after p's: the newest write of a register stands (the first on a
// tie), the earliest add of an entity, and flags and sets add up.
func (p *pendingProjection) merge(o *pendingProjection) {
	if p.lww == nil && len(o.lww) > 0 {
		p.lww = map[lwwKey]lwwWrite{}
	}
	for k, w := range o.lww {
		if old, ok := p.lww[k]; !ok || w.newerThan(old) {
			p.lww[k] = w
		}
	}
	if p.flags == nil && len(o.flags) > 0 {
		p.flags = map[lwwKey][]any{}
	}
	for k, row := range o.flags {
		p.flags[k] = row
	}
	p.comments = append(p.comments, o.comments...)
	p.exchange = append(p.exchange, o.exchange...)
	p.matches = append(p.matches, o.matches...)
	p.revisions = append(p.revisions, o.revisions...)
	p.links = append(p.links, o.links...)
	if p.entities == nil && len(o.entities) > 0 {
		p.entities = map[string]lwwWrite{}
	}
	for e, w := range o.entities {
		if old, ok := p.entities[e]; !ok || old.newerThan(w) {
			p.entities[e] = w
		}
	}
	if p.devices == nil && len(o.devices) > 0 {
		p.devices = map[[2]string]bool{}
	}
	for d := range o.devices {
		p.devices[d] = true
	}
}

func (p *pendingProjection) setLWW(query, row string, op oplog.Op, args ...any) {
	if p.lww == nil {
		p.lww = map[lwwKey]lwwWrite{}
	}
	w := lwwWrite{stamp: op.Stamp, replica: op.Replica, args: append(args, op.Stamp.Wall, op.Stamp.Logical, op.Replica)}
	k := lwwKey{query, row}
	if old, ok := p.lww[k]; !ok || w.newerThan(old) {
		p.lww[k] = w
	}
}

func (p *pendingProjection) setFlag(query, row string) {
	if p.flags == nil {
		p.flags = map[lwwKey][]any{}
	}
	p.flags[lwwKey{query, row}] = []any{row}
}

// flush writes the collected changes and returns the parts whose revision
// graph grew, sorted.
func (p *pendingProjection) flush(ctx context.Context, tx *stmtCache) ([]string, error) {
	defer p.reset()
	keys := make([]lwwKey, 0, len(p.flags)+len(p.lww))
	for k := range p.flags {
		keys = append(keys, k)
	}
	sortKeys(keys)
	for _, k := range keys {
		if _, err := tx.ExecContext(ctx, k.query, p.flags[k]...); err != nil {
			return nil, err
		}
	}
	keys = keys[:0]
	for k := range p.lww {
		keys = append(keys, k)
	}
	sortKeys(keys)
	for _, k := range keys {
		if _, err := tx.ExecContext(ctx, k.query, p.lww[k].args...); err != nil {
			return nil, err
		}
	}
	for _, entity := range slices.Sorted(maps.Keys(p.entities)) {
		if _, err := tx.ExecContext(ctx, upsertEntity, p.entities[entity].args...); err != nil {
			return nil, err
		}
	}
	var devices [][]any
	for d := range p.devices {
		devices = append(devices, []any{d[0], d[1]})
	}
	if err := insertRows(ctx, tx, `INSERT OR IGNORE INTO p_devices (member, replica) VALUES `, devices); err != nil {
		return nil, err
	}
	if err := insertRows(ctx, tx, `INSERT OR IGNORE INTO p_comments (id, target, author, body, wall, logical) VALUES `, p.comments); err != nil {
		return nil, err
	}
	if err := insertRows(ctx, tx, `INSERT OR IGNORE INTO p_exchange (item, side, member, text, part, step, wall, logical) VALUES `, p.exchange); err != nil {
		return nil, err
	}
	if err := insertRows(ctx, tx, `INSERT OR IGNORE INTO p_exchange_matches (item, member, wall, logical, replica) VALUES `, p.matches); err != nil {
		return nil, err
	}
	return p.flushRevisions(ctx, tx)
}

// flushRevisions stores new revisions and their parent links, then keeps
// the heads: the revisions they continue stop being heads, and each new
// one becomes a head unless something already continues it.
func (p *pendingProjection) flushRevisions(ctx context.Context, tx *stmtCache) ([]string, error) {
	if len(p.revisions) == 0 {
		return nil, nil
	}
	if err := insertRows(ctx, tx, `INSERT OR IGNORE INTO p_revisions (id, part, parents, text, author, wall, logical) VALUES `, p.revisions); err != nil {
		return nil, err
	}
	if err := insertRows(ctx, tx, `INSERT OR IGNORE INTO p_revision_parents (parent, child) VALUES `, p.links); err != nil {
		return nil, err
	}
	// A head that a new link continues stops being one; a new revision
	// that nothing continues becomes one. Both are worked out from the
	// few heads and the links in hand, not by asking SQLite about every
	// revision: a revision a new link continues is no head whatever else
	// is stored.
	continued := make(map[string]bool, len(p.links))
	for _, l := range p.links {
		continued[l[0].(string)] = true
	}
	ended, err := headsAmong(ctx, tx, continued)
	if err != nil {
		return nil, err
	}
	if len(ended) > 0 {
		endedJSON, _ := json.Marshal(ended)
		if _, err := tx.ExecContext(ctx, `DELETE FROM p_part_heads WHERE revision IN (SELECT value FROM json_each(?))`, string(endedJSON)); err != nil {
			return nil, err
		}
	}
	var candidates []string
	touched := map[string]bool{}
	for _, r := range p.revisions {
		if id := r[0].(string); !continued[id] {
			candidates = append(candidates, id)
		}
		touched[r[1].(string)] = true
	}
	candidatesJSON, _ := json.Marshal(candidates)
	if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO p_part_heads (part, revision)
		SELECT r.part, r.id FROM p_revisions r WHERE r.id IN (SELECT value FROM json_each(?))
		AND NOT EXISTS (SELECT 1 FROM p_revision_parents l WHERE l.parent = r.id)`, string(candidatesJSON)); err != nil {
		return nil, err
	}
	parts := make([]string, 0, len(touched))
	for part := range touched {
		parts = append(parts, part)
	}
	sort.Strings(parts)
	return parts, nil
}

// headsAmong lists the stored heads in set.
func headsAmong(ctx context.Context, tx *stmtCache, set map[string]bool) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT revision FROM p_part_heads`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var in []string
	for rows.Next() {
		var revision string
		if err := rows.Scan(&revision); err != nil {
			return nil, err
		}
		if set[revision] {
			in = append(in, revision)
		}
	}
	return in, rows.Err()
}

// sortByKey puts rows in the order of their first column, a key made of an
// op id in every table written so: rows in arrival order land at random
// places in a table's index, sorted ones side by side, which at a million
// ops halves the time. Rows that share a whole key are one op's, the same
// row, and the other tables' keys are whole rows, so the order never
// changes what is stored.
func sortByKey(rows [][]any) {
	if len(rows) < 2 {
		return
	}
	type keyed struct {
		key string
		row []any
	}
	list := make([]keyed, len(rows))
	for i, row := range rows {
		key, ok := row[0].(string)
		if !ok {
			return
		}
		list[i] = keyed{key, row}
	}
	slices.SortFunc(list, func(a, b keyed) int { return strings.Compare(a.key, b.key) })
	for i := range list {
		rows[i] = list[i].row
	}
}

// plainValue gives the driver the integers areas pass as int64, which it
// takes as they are instead of converting them by reflection.
func plainValue(v any) any {
	switch n := v.(type) {
	case uint32:
		return int64(n)
	case int:
		return int64(n)
	}
	return v
}

// rowsPerInsert bounds one multi-row INSERT well under SQLite's limit of
// bound parameters.
const rowsPerInsert = 200

func insertRows(ctx context.Context, tx *stmtCache, prefix string, rows [][]any) error {
	sortByKey(rows)
	var args []any
	for start := 0; start < len(rows); start += rowsPerInsert {
		chunk := rows[start:min(start+rowsPerInsert, len(rows))]
		args = args[:0]
		for _, row := range chunk {
			for _, v := range row {
				args = append(args, plainValue(v))
			}
		}
		stmt, err := tx.rowsStmt(ctx, prefix, len(chunk), len(chunk[0]))
		if err != nil {
			return err
		}
		// Query, not Exec: the driver binds every argument and steps in
		// one call into SQLite then, where Exec makes a call per argument.
		r, err := stmt.QueryContext(ctx, args...)
		if err != nil {
			return err
		}
		if err := r.Close(); err != nil {
			return err
		}
	}
	return nil
}

func sortKeys(keys []lwwKey) {
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].query != keys[j].query {
			return keys[i].query < keys[j].query
		}
		return keys[i].row < keys[j].row
	})
}

// refreshPartText recomputes a part's text: the text of its one head, or,
// when edits went separate ways, the merge of every head.
func refreshPartText(ctx context.Context, tx *stmtCache, part string) error {
	rows, err := tx.QueryContext(ctx, `SELECT h.revision, r.text FROM p_part_heads h JOIN p_revisions r ON r.id = h.revision
		WHERE h.part = ? ORDER BY h.revision`, part)
	if err != nil {
		return err
	}
	var heads, texts []string
	for rows.Next() {
		var id, text string
		if err := rows.Scan(&id, &text); err != nil {
			rows.Close()
			return err
		}
		heads, texts = append(heads, id), append(texts, text)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	view := oplog.TextView{Heads: heads}
	switch len(heads) {
	case 0:
		return nil
	case 1:
		view.Text = texts[0]
	default:
		if view, err = resolvePart(ctx, tx, part); err != nil {
			return err
		}
	}
	headsJSON, _ := json.Marshal(view.Heads)
	_, err = tx.ExecContext(ctx, `INSERT INTO p_part_text (part, text, heads, conflicted) VALUES (?, ?, ?, ?)
		ON CONFLICT (part) DO UPDATE SET text = excluded.text, heads = excluded.heads, conflicted = excluded.conflicted`,
		part, view.Text, string(headsJSON), view.Conflicted)
	return err
}

// resolvePart reads a part's whole revision graph as one text, by the
// merge its area defines.
func resolvePart(ctx context.Context, tx *stmtCache, part string) (oplog.TextView, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, parents, text FROM p_revisions WHERE part = ?`, part)
	if err != nil {
		return oplog.TextView{}, err
	}
	defer rows.Close()
	var revisions []oplog.TextRevision
	for rows.Next() {
		var rev oplog.TextRevision
		var parents string
		if err := rows.Scan(&rev.ID, &parents, &rev.Text); err != nil {
			return oplog.TextView{}, err
		}
		if err := json.Unmarshal([]byte(parents), &rev.Parents); err != nil {
			return oplog.TextView{}, err
		}
		revisions = append(revisions, rev)
	}
	if err := rows.Err(); err != nil {
		return oplog.TextView{}, err
	}
	view, err := oplog.MergeTexts(revisions)
	if err != nil {
		return view, fmt.Errorf("part %s: %w", part, err)
	}
	return view, nil
}

func sortedCopy(list []string) []string {
	c := append([]string(nil), list...)
	sort.Strings(c)
	return c
}
