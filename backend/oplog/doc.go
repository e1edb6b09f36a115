// Package oplog is the core every replica agrees on: operations, hybrid
// logical clocks, signed segments, the operation types with the permission
// each needs, and the keys that order the deliverable's parts.
//
// It is pure: standard library and backend/errs only. It never touches SQL,
// git, the network or the clock on the wall (time is passed in), so every
// replica computes the same answers from the same bytes. The byte format is
// specified in docs/format.md.
package oplog
