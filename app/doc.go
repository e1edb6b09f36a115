// Package app holds the thin services the Wails window binds: each method
// turns a click into one call of backend/workspace and its answer into a
// small value for the frontend. Rules live below, in backend/.
//
// Only main.go wires this package; nothing in backend/ imports it.
package app
