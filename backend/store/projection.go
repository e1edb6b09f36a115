package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/cairn-community/cairn/backend/errs"
	"github.com/cairn-community/cairn/backend/oplog"
	"github.com/cairn-community/cairn/backend/textmerge"
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
// brings derived text up to date before it commits. Writing once per
// transaction means a last-writer-wins field touched by a thousand ops is
// written once, and rows go in hundreds to a statement.
func (c *stmtCache) finish(ctx context.Context) error {
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

// add records what an applied op changes, given its decoded payload.
func (p *pendingProjection) add(op oplog.Op, parsed any) {
	if p.devices == nil {
		p.devices = map[[2]string]bool{}
	}
	p.devices[[2]string{op.Author, op.Replica}] = true
	switch pl := parsed.(type) {
	case oplog.NamePayload:
		switch op.Type {
		case oplog.WorkspaceCreate, oplog.WorkspaceRename:
			p.setLWW(upsertWorkspaceName, "", op, pl.Name)
		case oplog.MemberJoin:
			p.setLWW(upsertMemberName, op.Author, op, op.Author, pl.Name)
		}
	case oplog.ApprovePayload:
		p.setLWW(upsertMemberName, pl.Member, op, pl.Member, pl.Name)
	case oplog.DeviceRequestPayload:
		p.setLWW(upsertMemberName, op.Author, op, op.Author, pl.Name)
	case oplog.PartAddPayload:
		owner := pl.Owner
		if owner == "" {
			owner = op.Author
		}
		p.setFields(op, "part:"+pl.Part, map[string]any{"brief": pl.Brief, "kind": pl.Kind, "mode": pl.Mode, "owner": owner, "writers": nonNil(pl.Writers)})
		p.setFlag(markPartAdded, pl.Part)
		p.setLWW(upsertPartTitle, pl.Part, op, pl.Part, pl.Title)
		p.setLWW(upsertPartPosition, pl.Part, op, pl.Part, pl.Position)
	case oplog.PartMovePayload:
		p.setLWW(upsertPartPosition, pl.Part, op, pl.Part, pl.Position)
	case oplog.PartRetitlePayload:
		p.setLWW(upsertPartTitle, pl.Part, op, pl.Part, pl.Title)
	case oplog.PartPayload:
		p.setFlag(markPartDeleted, pl.Part)
	case oplog.PartRevisePayload:
		if pl.Suggestion != "" {
			p.setField(op, "suggestion:"+pl.Suggestion, "accepted", op.ID)
		}
		parents := sortedCopy(pl.Parents)
		parentsJSON, _ := json.Marshal(parents)
		p.revisions = append(p.revisions, []any{op.ID, pl.Part, string(parentsJSON), pl.Text, op.Author, op.Stamp.Wall, op.Stamp.Logical})
		for _, parent := range parents {
			p.links = append(p.links, []any{parent, op.ID})
		}
	case oplog.CommentPayload:
		p.comments = append(p.comments, []any{op.ID, pl.Target, op.Author, pl.Body, op.Stamp.Wall, op.Stamp.Logical})
	case oplog.VotePayload:
		p.setField(op, "decision:"+pl.Decision, "vote:"+op.Author, Ballot{Choice: pl.Choice, Reason: pl.Reason, Scores: pl.Scores})
	case oplog.VisionPayload:
		p.setLWW(upsertVision, "", op, pl.Text)
	case oplog.AnswerPayload:
		p.setLWW(upsertAnswer, pl.Question+"\x00"+op.Author, op, pl.Question, op.Author, pl.Text)
	case oplog.ExchangePayload:
		p.exchange = append(p.exchange, []any{op.ID, pl.Side, op.Author, pl.Text, pl.Part, pl.Step, op.Stamp.Wall, op.Stamp.Logical})
	case oplog.ItemPayload:
		p.matches = append(p.matches, []any{pl.Item, op.Author, op.Stamp.Wall, op.Stamp.Logical, op.Replica})
	default:
		p.addArea(op, parsed)
	}
	// member.remove and role.grant/revoke/assign/unassign: p_access is
	// written from the permission history.
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
	ids := make([]string, len(p.revisions))
	touched := map[string]bool{}
	for i, r := range p.revisions {
		ids[i] = r[0].(string)
		touched[r[1].(string)] = true
	}
	parents := make([]string, len(p.links))
	for i, l := range p.links {
		parents[i] = l[0].(string)
	}
	idsJSON, _ := json.Marshal(ids)
	parentsJSON, _ := json.Marshal(parents)
	if _, err := tx.ExecContext(ctx, `DELETE FROM p_part_heads WHERE revision IN (SELECT value FROM json_each(?))`, string(parentsJSON)); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO p_part_heads (part, revision)
		SELECT r.part, r.id FROM p_revisions r WHERE r.id IN (SELECT value FROM json_each(?))
		AND NOT EXISTS (SELECT 1 FROM p_revision_parents l WHERE l.parent = r.id)`, string(idsJSON)); err != nil {
		return nil, err
	}
	parts := make([]string, 0, len(touched))
	for part := range touched {
		parts = append(parts, part)
	}
	sort.Strings(parts)
	return parts, nil
}

// rowsPerInsert bounds one multi-row INSERT well under SQLite's limit of
// bound parameters.
const rowsPerInsert = 200

func insertRows(ctx context.Context, tx *stmtCache, prefix string, rows [][]any) error {
	for start := 0; start < len(rows); start += rowsPerInsert {
		chunk := rows[start:min(start+rowsPerInsert, len(rows))]
		var b strings.Builder
		b.WriteString(prefix)
		args := make([]any, 0, len(chunk)*len(chunk[0]))
		placeholder := "(" + strings.TrimSuffix(strings.Repeat("?,", len(chunk[0])), ",") + ")"
		for i, row := range chunk {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(placeholder)
			args = append(args, row...)
		}
		if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
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
	view := textmerge.View{Heads: heads}
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
		part, view.Text, string(headsJSON), len(view.Conflicts) > 0)
	return err
}

// resolvePart folds a part's whole revision graph into one text.
func resolvePart(ctx context.Context, tx *stmtCache, part string) (textmerge.View, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, parents, text FROM p_revisions WHERE part = ?`, part)
	if err != nil {
		return textmerge.View{}, err
	}
	defer rows.Close()
	var revisions []textmerge.Revision
	for rows.Next() {
		var rev textmerge.Revision
		var parents string
		if err := rows.Scan(&rev.ID, &parents, &rev.Text); err != nil {
			return textmerge.View{}, err
		}
		if err := json.Unmarshal([]byte(parents), &rev.Parents); err != nil {
			return textmerge.View{}, err
		}
		revisions = append(revisions, rev)
	}
	if err := rows.Err(); err != nil {
		return textmerge.View{}, err
	}
	view, err := textmerge.Resolve(revisions)
	if err != nil {
		return view, fmt.Errorf("part %s: %w", part, err)
	}
	return view, nil
}

// writeAccess rewrites p_access from the permission history.
func (db *DB) writeAccess(ctx context.Context, tx *stmtCache, authority *oplog.Authority) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM p_access`); err != nil {
		return classify(err, db.path)
	}
	for _, m := range authority.Members() {
		perms := make([]string, len(m.Permissions))
		for i, p := range m.Permissions {
			perms[i] = string(p)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO p_access (key, approved, removed, permissions, roles, device_of, asks_device_of) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			m.Key, m.Approved, m.Removed, strings.Join(perms, ","), strings.Join(m.Roles, ","), m.DeviceOf, m.AsksDeviceOf); err != nil {
			return classify(err, db.path)
		}
	}
	return nil
}

// rebuildProjections empties every projection and applies the ops whose
// status is applied.
func (db *DB) rebuildProjections(ctx context.Context, tx *stmtCache, authority *oplog.Authority) error {
	if err := db.clearProjections(ctx, tx, authority); err != nil {
		return err
	}
	ops, err := queryOps(ctx, tx, `WHERE status = 'applied'`)
	if err != nil {
		return classify(err, db.path)
	}
	return db.project(ctx, tx, ops)
}

// clearProjections empties every projection but p_access, which it writes
// from the permission history.
func (db *DB) clearProjections(ctx context.Context, tx *stmtCache, authority *oplog.Authority) error {
	tx.pending.reset() // everything applied is projected again
	for _, table := range projectionTables {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+table); err != nil {
			return classify(err, db.path)
		}
	}
	return db.writeAccess(ctx, tx, authority)
}

// Rebuild recomputes every verdict and every projection from the op log
// alone. Incremental updates must leave the same tables: Dump compares them.
func (db *DB) Rebuild(ctx context.Context) error {
	tx, done, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer done()
	db.authority.authority = nil
	authority, err := db.rebuildIn(ctx, tx)
	if err != nil {
		return err
	}
	if err := tx.commit(ctx); err != nil {
		return classify(err, db.path)
	}
	db.authority.authority = authority
	return nil
}

// rebuildIn re-judges every op and recomputes every projection inside tx.
func (db *DB) rebuildIn(ctx context.Context, tx *stmtCache) (*oplog.Authority, error) {
	authority, err := loadAuthority(ctx, tx)
	if err != nil {
		return nil, classify(err, db.path)
	}
	all, stored, err := queryStoredOps(ctx, tx, ``)
	if err != nil {
		return nil, classify(err, db.path)
	}
	if err := db.clearProjections(ctx, tx, authority); err != nil {
		return nil, err
	}
	for i, op := range all {
		v, parsed := authority.JudgeParsed(op)
		if v != stored[i] {
			if _, err := tx.ExecContext(ctx, `UPDATE ops SET status = ?, reason = ? WHERE id = ?`, v.Status, v.Reason, op.ID); err != nil {
				return nil, classify(err, db.path)
			}
		}
		if v.Status == oplog.Applied {
			tx.pending.add(op, parsed)
		}
	}
	if err := tx.finish(ctx); err != nil {
		return nil, classify(err, db.path)
	}
	return authority, nil
}

// Verify checks a replica end to end and changes nothing: the file's
// integrity and every op's id (Check), every replica's segment chain, and
// that a rebuild from the log alone gives exactly the stored projections
// (done in a transaction that is rolled back).
func (db *DB) Verify(ctx context.Context) error {
	if err := db.Check(ctx); err != nil {
		return err
	}
	tx, done, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer done() // verify changes nothing: everything is rolled back
	if err := checkChains(ctx, tx); err != nil {
		return err
	}
	stored, err := dump(ctx, tx)
	if err != nil {
		return classify(err, db.path)
	}
	if _, err := db.rebuildIn(ctx, tx); err != nil {
		return err
	}
	rebuilt, err := dump(ctx, tx)
	if err != nil {
		return classify(err, db.path)
	}
	if rebuilt != stored {
		return errs.New(errs.Corrupt, "The stored state differs from a rebuild of the operation log in %s. Nothing was changed; `cairn rebuild` can recompute it.", firstDifference(stored, rebuilt))
	}
	return nil
}

// checkChains walks each replica's segments back from its head: every
// segment must be reached, with sequence numbers running on without gaps.
func checkChains(ctx context.Context, tx *stmtCache) error {
	rows, err := tx.QueryContext(ctx, `SELECT name, replica, prev, first_seq, last_seq FROM segments`)
	if err != nil {
		return err
	}
	type segment struct {
		replica, prev string
		first, last   uint64
	}
	byName := map[string]segment{}
	for rows.Next() {
		var name string
		var s segment
		if err := rows.Scan(&name, &s.replica, &s.prev, &s.first, &s.last); err != nil {
			rows.Close()
			return err
		}
		byName[name] = s
	}
	rows.Close()
	heads, err := tx.QueryContext(ctx, `SELECT replica, segment FROM replica_heads ORDER BY replica`)
	if err != nil {
		return err
	}
	reached := 0
	for heads.Next() {
		var replica, name string
		if err := heads.Scan(&replica, &name); err != nil {
			heads.Close()
			return err
		}
		for name != "" {
			s, ok := byName[name]
			if !ok || s.replica != replica {
				heads.Close()
				return errs.New(errs.Corrupt, "Replica %s's chain names segment %.12s, which is not stored.", replica, name)
			}
			if prev, ok := byName[s.prev]; s.prev != "" && (!ok || prev.last+1 != s.first) {
				heads.Close()
				return errs.New(errs.Corrupt, "Replica %s's chain has a gap before segment %.12s.", replica, name)
			}
			if s.prev == "" && s.first != 1 {
				heads.Close()
				return errs.New(errs.Corrupt, "Replica %s's first segment does not start at sequence 1.", replica)
			}
			reached++
			name = s.prev
		}
	}
	heads.Close()
	if reached != len(byName) {
		return errs.New(errs.Corrupt, "%d stored segments belong to no replica's chain.", len(byName)-reached)
	}
	return nil
}

// Dump writes the converged state canonically: every projection row and
// every op's verdict, sorted, one JSON array per line. Two replicas holding
// the same ops give byte-identical dumps.
func (db *DB) Dump(ctx context.Context) (string, error) {
	text, err := dump(ctx, db.read)
	return text, classify(err, db.path)
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// State is the shared state as JSON: each table (ops with their verdicts,
// then every projection) as a sorted list of rows. Replicas holding the
// same operations give the same bytes.
func (db *DB) State(ctx context.Context) ([]byte, error) {
	state := map[string][]json.RawMessage{}
	for _, table := range append([]string{"ops"}, projectionTables...) {
		lines, err := dumpRows(ctx, db.read, dumpQuery(table))
		if err != nil {
			return nil, classify(err, db.path)
		}
		sort.Strings(lines)
		rows := make([]json.RawMessage, len(lines))
		for i, l := range lines {
			rows[i] = json.RawMessage(l)
		}
		state[table] = rows
	}
	return json.Marshal(state) // map keys come out sorted
}

func dumpQuery(table string) string {
	if table == "ops" {
		return `SELECT id, status, reason FROM ops`
	}
	return `SELECT * FROM ` + table
}

func dump(ctx context.Context, q querier) (string, error) {
	var out strings.Builder
	tables := append([]string{"ops"}, projectionTables...)
	for _, table := range tables {
		lines, err := dumpRows(ctx, q, dumpQuery(table))
		if err != nil {
			return "", err
		}
		// Sorted in Go: every column takes part, so rows that share their
		// first columns still come out in one order everywhere.
		sort.Strings(lines)
		fmt.Fprintf(&out, "# %s\n", table)
		for _, line := range lines {
			out.WriteString(line)
			out.WriteByte('\n')
		}
	}
	return out.String(), nil
}

func firstDifference(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	table := ""
	for i := 0; i < min(len(al), len(bl)); i++ {
		if strings.HasPrefix(al[i], "# ") {
			table = strings.TrimPrefix(al[i], "# ")
		}
		if al[i] != bl[i] {
			return "table " + table
		}
	}
	return "the number of rows"
}

func dumpRows(ctx context.Context, q querier, query string) ([]string, error) {
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	values := make([]any, len(cols))
	pointers := make([]any, len(cols))
	for i := range values {
		pointers[i] = &values[i]
	}
	var lines []string
	for rows.Next() {
		if err := rows.Scan(pointers...); err != nil {
			return nil, err
		}
		for i, v := range values {
			if b, ok := v.([]byte); ok {
				values[i] = string(b)
			}
		}
		line, _ := json.Marshal(values)
		lines = append(lines, string(line))
	}
	return lines, rows.Err()
}

func sortedCopy(list []string) []string {
	c := append([]string(nil), list...)
	sort.Strings(c)
	return c
}

// PartText is a part's text as its revision graph resolves, the current
// heads a new revision should name as parents, and whether it is in
// conflict. A part with no revision yet has empty text and no heads.
func (db *DB) PartText(ctx context.Context, part string) (text string, heads []string, conflicted bool, err error) {
	var headsJSON string
	err = db.read.QueryRowContext(ctx, `SELECT text, heads, conflicted FROM p_part_text WHERE part = ?`, part).Scan(&text, &headsJSON, &conflicted)
	if err == sql.ErrNoRows {
		return "", nil, false, nil
	}
	if err != nil {
		return "", nil, false, classify(err, db.path)
	}
	err = json.Unmarshal([]byte(headsJSON), &heads)
	return text, heads, conflicted, err
}

// stmtCache prepares each statement once per transaction: an import runs
// the same few statements for thousands of operations, and preparing a
// many-row INSERT costs more than running it.
type stmtCache struct {
	*sql.Tx
	stmts   map[string]*sql.Stmt
	pending pendingProjection // projection writes finish makes
}

func newStmtCache(tx *sql.Tx) *stmtCache {
	return &stmtCache{Tx: tx, stmts: map[string]*sql.Stmt{}}
}

// commit finishes derived tables and commits.
func (c *stmtCache) commit(ctx context.Context) error {
	if err := c.finish(ctx); err != nil {
		return err
	}
	return c.Tx.Commit()
}

func (c *stmtCache) prepared(ctx context.Context, query string) (*sql.Stmt, error) {
	if stmt, ok := c.stmts[query]; ok {
		return stmt, nil
	}
	stmt, err := c.Tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	c.stmts[query] = stmt
	return stmt, nil
}

// ExecContext runs a prepared statement.
func (c *stmtCache) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	stmt, err := c.prepared(ctx, query)
	if err != nil {
		return nil, err
	}
	return stmt.ExecContext(ctx, args...)
}

// QueryContext runs a prepared query.
func (c *stmtCache) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	stmt, err := c.prepared(ctx, query)
	if err != nil {
		return nil, err
	}
	return stmt.QueryContext(ctx, args...)
}

// QueryRowContext runs a prepared query for one row.
func (c *stmtCache) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	stmt, err := c.prepared(ctx, query)
	if err != nil {
		return c.Tx.QueryRowContext(ctx, query, args...) // reports the same error
	}
	return stmt.QueryRowContext(ctx, args...)
}

// Vision is the shared vision, or "" before a coordinator writes one.
func (db *DB) Vision(ctx context.Context) (string, error) {
	var text string
	err := db.read.QueryRowContext(ctx, `SELECT text FROM p_vision`).Scan(&text)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return text, classify(err, db.path)
}

// Answer is one member's answer to one of the board's questions.
type Answer struct {
	Question string `json:"question"`
	Member   string `json:"member"`
	Text     string `json:"text"`
}

// ExchangeItem is an offer or a need, with who took it up.
type ExchangeItem struct {
	Item      string `json:"item"`
	Side      string `json:"side"`
	Member    string `json:"member"`
	Text      string `json:"text"`
	Part      string `json:"part,omitempty"`
	Step      string `json:"step,omitempty"`
	MatchedBy string `json:"matchedBy,omitempty"`
}

// Canvas reads the board: every answer, and every offer and need with the
// member who took it up (the earliest match by someone else than its
// author, in replay order).
func (db *DB) Canvas(ctx context.Context) ([]Answer, []ExchangeItem, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT question, member, text FROM p_answers ORDER BY question, wall, logical, replica`)
	if err != nil {
		return nil, nil, classify(err, db.path)
	}
	var answers []Answer
	for rows.Next() {
		var a Answer
		if err := rows.Scan(&a.Question, &a.Member, &a.Text); err != nil {
			rows.Close()
			return nil, nil, classify(err, db.path)
		}
		answers = append(answers, a)
	}
	rows.Close()
	rows, err = db.read.QueryContext(ctx, `SELECT e.item, e.side, e.member, e.text, e.part, e.step,
		coalesce((SELECT m.member FROM p_exchange_matches m WHERE m.item = e.item AND m.member != e.member
			ORDER BY m.wall, m.logical, m.replica LIMIT 1), '')
		FROM p_exchange e ORDER BY e.wall, e.logical, e.item`)
	if err != nil {
		return nil, nil, classify(err, db.path)
	}
	defer rows.Close()
	var items []ExchangeItem
	for rows.Next() {
		var it ExchangeItem
		if err := rows.Scan(&it.Item, &it.Side, &it.Member, &it.Text, &it.Part, &it.Step, &it.MatchedBy); err != nil {
			return nil, nil, classify(err, db.path)
		}
		items = append(items, it)
	}
	return answers, items, classify(rows.Err(), db.path)
}

// Member is one key the workspace knows: from a join request, an approval,
// or the founding.
type Member struct {
	Key         string   `json:"key"`
	Name        string   `json:"name"`
	Approved    bool     `json:"approved"`
	Removed     bool     `json:"removed"`
	Permissions []string `json:"permissions"`
	Roles       []string `json:"roles"`
	Devices     []string `json:"devices"` // replicas their changes came from
	// AsksDeviceOf: this key asks to be another device of that member.
	AsksDeviceOf string `json:"asksDeviceOf,omitempty"`
}

// Members lists every known member, by name then key. A key approved as
// another device of a member is not listed apart: its replicas count among
// that member's devices, and Keys maps it to the member.
func (db *DB) Members(ctx context.Context) ([]Member, error) {
	rows, err := db.read.QueryContext(ctx, `
		SELECT k.key, coalesce(m.name, ''), coalesce(a.approved, 0), coalesce(a.removed, 0), coalesce(a.permissions, ''), coalesce(a.roles, ''),
			coalesce((SELECT group_concat(replica, ',') FROM (SELECT d.replica FROM p_devices d
				WHERE d.member = k.key OR d.member IN (SELECT x.key FROM p_access x WHERE x.device_of = k.key) ORDER BY d.replica)), ''),
			coalesce(a.device_of, ''), coalesce(a.asks_device_of, '')
		FROM (SELECT key FROM p_members UNION SELECT key FROM p_access) k
		LEFT JOIN p_members m ON m.key = k.key
		LEFT JOIN p_access a ON a.key = k.key
		ORDER BY 2, 1`)
	if err != nil {
		return nil, classify(err, db.path)
	}
	defer rows.Close()
	var list []Member
	for rows.Next() {
		var m Member
		var perms, roles, devices, deviceOf string
		if err := rows.Scan(&m.Key, &m.Name, &m.Approved, &m.Removed, &perms, &roles, &devices, &deviceOf, &m.AsksDeviceOf); err != nil {
			return nil, classify(err, db.path)
		}
		if deviceOf != "" {
			continue
		}
		m.Permissions, m.Roles, m.Devices = splitList(perms), splitList(roles), splitList(devices)
		list = append(list, m)
	}
	return list, classify(rows.Err(), db.path)
}

// DeviceKeys maps each key approved as a device to its member's key.
func (db *DB) DeviceKeys(ctx context.Context) (map[string]string, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT key, device_of FROM p_access WHERE device_of != ''`)
	if err != nil {
		return nil, classify(err, db.path)
	}
	defer rows.Close()
	keys := map[string]string{}
	for rows.Next() {
		var key, member string
		if err := rows.Scan(&key, &member); err != nil {
			return nil, classify(err, db.path)
		}
		keys[key] = member
	}
	return keys, classify(rows.Err(), db.path)
}

// splitList reads a comma-joined column as a list, [] when empty.
func splitList(joined string) []string {
	if joined == "" {
		return []string{}
	}
	return strings.Split(joined, ",")
}
