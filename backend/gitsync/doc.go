// Package gitsync carries segments through any git remote, with go-git
// alone: no git binary, no SQL. Each replica writes one ref of its own,
// refs/cairn/replicas/<replica>, whose commits only ever add segment files
// under the folder named after it, so every push is a fast-forward and no
// sync ever needs a textual merge. A remote is not trusted: every ref and
// every commit read from it is checked before a byte of it is returned.
package gitsync
