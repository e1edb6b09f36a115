package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/cairn-community/cairn/backend/oplog"
	"github.com/cairn-community/cairn/backend/textmerge"
)

// projectionTables are the tables the app reads, all derived from ops.
var projectionTables = []string{"p_workspace", "p_members", "p_access", "p_parts", "p_revisions", "p_revision_parents", "p_part_heads", "p_part_text", "p_comments", "p_votes"}

// project applies ops that replay judged Applied. Every rule commutes (a
// newer stamp wins, sets ignore duplicates, tombstones stay), so ops may be
// applied in any order and the tables come out the same.
func (db *DB) project(ctx context.Context, stmts *stmtCache, ops []oplog.Op) error {
	for _, op := range ops {
		if err := applyOp(ctx, stmts, op, stmts.touchedParts); err != nil {
			return fmt.Errorf("projecting %s %s: %w", op.Type, op.ID[:12], err)
		}
	}
	return nil
}

// finish brings derived text up to date before the transaction commits:
// each part whose revisions changed is resolved once per transaction, not
// once per segment.
func (c *stmtCache) finish(ctx context.Context) error {
	parts := make([]string, 0, len(c.touchedParts))
	for p := range c.touchedParts {
		parts = append(parts, p)
	}
	sort.Strings(parts)
	for _, part := range parts {
		if err := refreshPartText(ctx, c, part); err != nil {
			return err
		}
	}
	clear(c.touchedParts)
	return nil
}

// newer is the last-writer-wins condition for a table's stamp columns.
func newer(table, prefix string) string {
	return fmt.Sprintf("(excluded.%[2]swall, excluded.%[2]slogical, excluded.%[2]sreplica) > (%[1]s.%[2]swall, %[1]s.%[2]slogical, %[1]s.%[2]sreplica)", table, prefix)
}

func applyOp(ctx context.Context, tx *stmtCache, op oplog.Op, touchedParts map[string]bool) error {
	w, l, r := op.Stamp.Wall, op.Stamp.Logical, op.Replica
	exec := func(query string, args ...any) error {
		_, err := tx.ExecContext(ctx, query, args...)
		return err
	}
	switch op.Type {
	case oplog.WorkspaceCreate, oplog.WorkspaceRename:
		p, _ := oplog.Decode[oplog.NamePayload](op.Payload)
		return exec(`INSERT INTO p_workspace (singleton, name, wall, logical, replica) VALUES (1, ?, ?, ?, ?)
			ON CONFLICT (singleton) DO UPDATE SET name = excluded.name, wall = excluded.wall, logical = excluded.logical, replica = excluded.replica
			WHERE `+newer("p_workspace", ""), p.Name, w, l, r)
	case oplog.MemberJoin, oplog.MemberApprove:
		key, name := op.Author, ""
		if op.Type == oplog.MemberJoin {
			p, _ := oplog.Decode[oplog.NamePayload](op.Payload)
			name = p.Name
		} else {
			p, _ := oplog.Decode[oplog.ApprovePayload](op.Payload)
			key, name = p.Member, p.Name
		}
		return exec(`INSERT INTO p_members (key, name, name_wall, name_logical, name_replica) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (key) DO UPDATE SET name = excluded.name, name_wall = excluded.name_wall, name_logical = excluded.name_logical, name_replica = excluded.name_replica
			WHERE `+newer("p_members", "name_"), key, name, w, l, r)
	case oplog.PartAdd:
		p, _ := oplog.Decode[oplog.PartAddPayload](op.Payload)
		if err := exec(`INSERT INTO p_parts (id, added) VALUES (?, 1) ON CONFLICT (id) DO UPDATE SET added = 1`, p.Part); err != nil {
			return err
		}
		if err := setPartTitle(exec, p.Part, p.Title, w, l, r); err != nil {
			return err
		}
		return setPartPosition(exec, p.Part, p.Position, w, l, r)
	case oplog.PartMove:
		p, _ := oplog.Decode[oplog.PartMovePayload](op.Payload)
		return setPartPosition(exec, p.Part, p.Position, w, l, r)
	case oplog.PartRetitle:
		p, _ := oplog.Decode[oplog.PartRetitlePayload](op.Payload)
		return setPartTitle(exec, p.Part, p.Title, w, l, r)
	case oplog.PartDelete:
		p, _ := oplog.Decode[oplog.PartPayload](op.Payload)
		return exec(`INSERT INTO p_parts (id, deleted) VALUES (?, 1) ON CONFLICT (id) DO UPDATE SET deleted = 1`, p.Part)
	case oplog.PartRevise:
		p, _ := oplog.Decode[oplog.PartRevisePayload](op.Payload)
		return addRevision(ctx, tx, op, p, touchedParts)
	case oplog.CommentAdd:
		p, _ := oplog.Decode[oplog.CommentPayload](op.Payload)
		return exec(`INSERT OR IGNORE INTO p_comments (id, target, author, body, wall, logical) VALUES (?, ?, ?, ?, ?, ?)`,
			op.ID, p.Target, op.Author, p.Body, w, l)
	case oplog.VoteCast:
		p, _ := oplog.Decode[oplog.VotePayload](op.Payload)
		return exec(`INSERT INTO p_votes (decision, voter, choice, wall, logical, replica) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (decision, voter) DO UPDATE SET choice = excluded.choice, wall = excluded.wall, logical = excluded.logical, replica = excluded.replica
			WHERE `+newer("p_votes", ""), p.Decision, op.Author, p.Choice, w, l, r)
	}
	return nil // member.remove, role.*: p_access is written from the permission history
}

// addRevision stores a revision and keeps its part's heads: the revisions
// it continues stop being heads, and it becomes one unless a revision that
// arrived earlier already continues it.
func addRevision(ctx context.Context, tx *stmtCache, op oplog.Op, p oplog.PartRevisePayload, touchedParts map[string]bool) error {
	parents := sortedCopy(p.Parents)
	parentsJSON, _ := json.Marshal(parents)
	res, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO p_revisions (id, part, parents, text, author, wall, logical) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		op.ID, p.Part, string(parentsJSON), p.Text, op.Author, op.Stamp.Wall, op.Stamp.Logical)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil
	}
	touchedParts[p.Part] = true
	for _, parent := range parents {
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO p_revision_parents (parent, child) VALUES (?, ?)`, parent, op.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM p_part_heads WHERE part = ? AND revision = ?`, p.Part, parent); err != nil {
			return err
		}
	}
	_, err = tx.ExecContext(ctx, `INSERT OR IGNORE INTO p_part_heads (part, revision)
		SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM p_revision_parents WHERE parent = ?)`, p.Part, op.ID, op.ID)
	return err
}

func setPartTitle(exec func(string, ...any) error, part, title string, w int64, l uint32, r string) error {
	return exec(`INSERT INTO p_parts (id, title, title_wall, title_logical, title_replica) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET title = excluded.title, title_wall = excluded.title_wall, title_logical = excluded.title_logical, title_replica = excluded.title_replica
		WHERE `+newer("p_parts", "title_"), part, title, w, l, r)
}

func setPartPosition(exec func(string, ...any) error, part, position string, w int64, l uint32, r string) error {
	return exec(`INSERT INTO p_parts (id, position, pos_wall, pos_logical, pos_replica) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET position = excluded.position, pos_wall = excluded.pos_wall, pos_logical = excluded.pos_logical, pos_replica = excluded.pos_replica
		WHERE `+newer("p_parts", "pos_"), part, position, w, l, r)
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
		if _, err := tx.ExecContext(ctx, `INSERT INTO p_access (key, approved, removed, permissions) VALUES (?, ?, ?, ?)`,
			m.Key, m.Approved, m.Removed, strings.Join(perms, ",")); err != nil {
			return classify(err, db.path)
		}
	}
	return nil
}

// rebuildProjections empties every projection and applies the ops whose
// status is applied.
func (db *DB) rebuildProjections(ctx context.Context, tx *stmtCache, authority *oplog.Authority) error {
	for _, table := range projectionTables {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+table); err != nil {
			return classify(err, db.path)
		}
	}
	if err := db.writeAccess(ctx, tx, authority); err != nil {
		return err
	}
	ops, err := queryOps(ctx, tx, `WHERE status = 'applied' ORDER BY wall, logical, replica, seq`)
	if err != nil {
		return classify(err, db.path)
	}
	return db.project(ctx, tx, ops)
}

// Rebuild recomputes every verdict and every projection from the op log
// alone. Incremental updates must leave the same tables: Dump compares them.
func (db *DB) Rebuild(ctx context.Context) error {
	db.authority.mu.Lock()
	defer db.authority.mu.Unlock()
	db.authority.authority = nil
	raw, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return classify(err, db.path)
	}
	defer raw.Rollback()
	tx := newStmtCache(raw)
	authority, err := loadAuthority(ctx, tx)
	if err != nil {
		return classify(err, db.path)
	}
	all, err := queryOps(ctx, tx, `ORDER BY wall, logical, replica, seq`)
	if err != nil {
		return classify(err, db.path)
	}
	for _, op := range all {
		v := authority.Judge(op)
		if _, err := tx.ExecContext(ctx, `UPDATE ops SET status = ?, reason = ? WHERE id = ?`, v.Status, v.Reason, op.ID); err != nil {
			return classify(err, db.path)
		}
	}
	if err := db.rebuildProjections(ctx, tx, authority); err != nil {
		return err
	}
	if err := tx.commit(ctx); err != nil {
		return classify(err, db.path)
	}
	db.authority.authority = authority
	return nil
}

// Dump writes the converged state canonically: every projection row and
// every op's verdict, sorted, one JSON array per line. Two replicas holding
// the same ops give byte-identical dumps.
func (db *DB) Dump(ctx context.Context) (string, error) {
	var out strings.Builder
	queries := []string{`SELECT id, status, reason FROM ops ORDER BY id`}
	for _, table := range projectionTables {
		queries = append(queries, `SELECT * FROM `+table+` ORDER BY 1, 2`)
	}
	for i, q := range queries {
		name := "ops"
		if i > 0 {
			name = projectionTables[i-1]
		}
		fmt.Fprintf(&out, "# %s\n", name)
		if err := dumpRows(ctx, db.read, q, &out); err != nil {
			return "", classify(err, db.path)
		}
	}
	return out.String(), nil
}

func dumpRows(ctx context.Context, q *sql.DB, query string, out *strings.Builder) error {
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	values := make([]any, len(cols))
	pointers := make([]any, len(cols))
	for i := range values {
		pointers[i] = &values[i]
	}
	for rows.Next() {
		if err := rows.Scan(pointers...); err != nil {
			return err
		}
		for i, v := range values {
			if b, ok := v.([]byte); ok {
				values[i] = string(b)
			}
		}
		line, _ := json.Marshal(values)
		out.Write(line)
		out.WriteByte('\n')
	}
	return rows.Err()
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
	stmts        map[string]*sql.Stmt
	touchedParts map[string]bool // parts whose text finish must recompute
}

func newStmtCache(tx *sql.Tx) *stmtCache {
	return &stmtCache{Tx: tx, stmts: map[string]*sql.Stmt{}, touchedParts: map[string]bool{}}
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
