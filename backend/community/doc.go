// Package community holds what a workspace is and who "you" are in it: the
// workspace's id and name, your member name, your ed25519 key and your
// replica id, and the rules their names follow.
//
// It is a domain package: standard library and backend/errs only, no SQL, no
// git, no Wails.
package community
