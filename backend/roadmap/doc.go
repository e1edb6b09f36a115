// Package roadmap holds the community's plan: steps and milestones, their
// dates, status, owners and dependencies, and the rules they follow (no
// dependency loops, "validated" only by a validator or a decision).
//
// It is a domain package: standard library and backend/errs only. The op
// types that change a step, and their projections, are wired elsewhere.
package roadmap
