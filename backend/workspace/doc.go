// Package workspace is an open Cairn workspace and its use cases: claim a
// data folder, create or open the workspace in it, say who you are, close.
//
// It composes the domain packages, backend/store and (later) backend/gitsync.
// It never runs SQL or git itself and never imports Wails, so the command
// line and the app share every rule.
package workspace
