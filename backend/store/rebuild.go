package store

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/cairn-community/cairn/backend/errs"
	"github.com/cairn-community/cairn/backend/oplog"
)

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
	var buf bytes.Buffer
	if err := db.WriteState(ctx, &buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// WriteState writes State to w a table at a time, so at most one table's
// rows are held at once, not the whole state twice over.
func (db *DB) WriteState(ctx context.Context, w io.Writer) error {
	tables := append([]string{"ops"}, projectionTables...)
	sort.Strings(tables) // the keys of a JSON object, as encoding/json sorts them
	bw := bufio.NewWriter(w)
	bw.WriteByte('{')
	for i, table := range tables {
		lines, err := dumpRows(ctx, db.read, dumpQuery(table))
		if err != nil {
			return classify(err, db.path)
		}
		sort.Strings(lines)
		if i > 0 {
			bw.WriteByte(',')
		}
		key, _ := json.Marshal(table)
		bw.Write(key)
		bw.WriteString(":[")
		for j, line := range lines {
			if j > 0 {
				bw.WriteByte(',')
			}
			bw.WriteString(line)
		}
		bw.WriteByte(']')
	}
	bw.WriteByte('}')
	return bw.Flush()
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

// FirstDifference names where two dumps first differ: a table, or their
// number of rows.
func FirstDifference(a, b string) string {
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
