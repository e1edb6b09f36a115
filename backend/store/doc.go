// Package store is Cairn's SQLite database: the schema, its embedded and
// versioned migrations, and every SQL statement of the project.
//
// It keeps one writer connection (immediate transactions, so a
// read-then-write never fails with "database is locked") beside a pool of
// read-only connections, in WAL mode. It imports the domain packages and
// errs; it never touches git, Wails or the network.
package store
