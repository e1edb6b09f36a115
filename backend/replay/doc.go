// Package replay decides what every operation's verdict is and keeps the
// projections true to the verdicts: a local write, an import of other
// replicas' segments (each taken only where it continues its replica's
// chain), judging again what a late permission change affects, and the
// full rebuild verify compares against.
//
// It knows no area: each operation's rules come from its Definition. It
// imports the kernel (backend/oplog), the store it drives, and errs.
package replay
