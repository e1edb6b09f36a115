package store

import (
	"context"
	"database/sql"
	"strings"
)

// stmtCache prepares each statement once per transaction: an import runs
// the same few statements for thousands of operations, and preparing a
// many-row INSERT costs more than running it.
type stmtCache struct {
	*sql.Tx
	stmts   map[string]*sql.Stmt
	inserts map[int]*sql.Stmt // op inserts, by their number of rows
	rows    map[rowsKey]*sql.Stmt
	pending pendingProjection // projection writes finish makes
	// Whether any change.release claim is recorded, asked once per
	// transaction (see Claimed): nearly always none, and then nothing more
	// is asked.
	claimsKnown, claimsAny bool
	workspaceID            string       // read once, for the ops read back
	pendingKeys            []pendingKey // of the ops inserted, for op_keys (see flushKeys)
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

// rowsKey names a multi-row INSERT: its text up to VALUES, and its number
// of rows.
type rowsKey struct {
	prefix string
	rows   int
}

// rowsStmt is the prepared INSERT of rows rows of columns values after
// prefix, kept by its prefix and size so the cache is not asked with a
// query of thousands of characters.
func (c *stmtCache) rowsStmt(ctx context.Context, prefix string, rows, columns int) (*sql.Stmt, error) {
	k := rowsKey{prefix, rows}
	if stmt, ok := c.rows[k]; ok {
		return stmt, nil
	}
	row := "(" + strings.TrimSuffix(strings.Repeat("?,", columns), ",") + ")"
	stmt, err := c.Tx.PrepareContext(ctx, prefix+strings.TrimSuffix(strings.Repeat(row+",", rows), ","))
	if err != nil {
		return nil, err
	}
	if c.rows == nil {
		c.rows = map[rowsKey]*sql.Stmt{}
	}
	c.rows[k] = stmt
	return stmt, nil
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
