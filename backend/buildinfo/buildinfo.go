// Package buildinfo says which Cairn this is. Version is set at link time
// (-ldflags "-X github.com/cairn-community/cairn/backend/buildinfo.Version=…").
package buildinfo

import "runtime"

// Version is Cairn's release, or "dev" for a build from source.
var Version = "dev"

// GoVersion is the Go toolchain Cairn was built with, for bug reports.
func GoVersion() string { return runtime.Version() }
