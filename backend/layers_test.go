// Package backend_test holds the test that keeps Cairn's layers in order:
// each package imports only the layers below it (DESIGN.md, "Layers").
package backend_test

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/cairn-community/cairn/"

// allowed lists, for each package of the module, the packages of the
// module it may import. A package missing here fails the test, so a new
// package states its place in the layers when it is added.
var allowed = map[string][]string{
	"backend/errs":      {},
	"backend/buildinfo": {},
	"backend/durable":   {},
	"backend/textmerge": {},

	// The kernel: operations, stamps, segments, signing, positions and
	// membership authority. It knows no area.
	"backend/oplog": {"backend/errs"},

	// The areas' own vocabularies and rules.
	"backend/community":     {"backend/errs", "backend/oplog"},
	"backend/canvas":        {"backend/errs", "backend/oplog"},
	"backend/contributions": {"backend/errs", "backend/oplog"},
	"backend/decisions":     {"backend/errs", "backend/oplog", "backend/roadmap"}, // a close validates a step
	"backend/deliverable":   {"backend/errs", "backend/oplog", "backend/textmerge"},
	"backend/members":       {"backend/errs", "backend/oplog"},
	"backend/roadmap":       {"backend/errs", "backend/oplog"},
	"backend/roles":         {"backend/errs", "backend/oplog"},

	// Plain storage and the git remote: no area rule.
	"backend/store":   {"backend/errs", "backend/oplog", "backend/community"},
	"backend/gitsync": {"backend/errs", "backend/durable"},

	// Verdicts and chains: judges each op by its area's Definition and
	// drives the store.
	"backend/replay":      {"backend/errs", "backend/oplog", "backend/store"},
	"backend/credentials": {"backend/errs"},
	"backend/export":      {"backend/errs", "backend/contributions", "backend/decisions", "backend/deliverable", "backend/roadmap", "backend/roles", "backend/canvas"},

	// Use cases over everything below.
	"backend/workspace": {"backend/errs", "backend/oplog", "backend/community", "backend/canvas", "backend/contributions", "backend/members",
		"backend/decisions", "backend/deliverable", "backend/roadmap", "backend/roles", "backend/store", "backend/replay", "backend/gitsync",
		"backend/credentials", "backend/export", "backend/durable", "backend/textmerge"},
	"backend/bench": {"backend/oplog", "backend/store", "backend/workspace", "backend/members", "backend/roles", "backend/deliverable",
		"backend/canvas", "backend/roadmap", "backend/contributions", "backend/decisions"},

	// The two front doors: never each other.
	"app":       {"backend/*"},
	"cmd/cairn": {"backend/*"},
}

// TestLayers reads the module's import graph and checks every import
// between its packages against the layers, and that nothing below the
// app depends on Wails or webkit.
func TestLayers(t *testing.T) {
	cmd := exec.Command("go", "list", "-json", "-deps=false", "./...")
	cmd.Dir = ".."
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	dec := json.NewDecoder(&out)
	seen := map[string]bool{}
	for dec.More() {
		var pkg struct {
			ImportPath string
			Imports    []string
		}
		if err := dec.Decode(&pkg); err != nil {
			t.Fatal(err)
		}
		name := strings.TrimPrefix(pkg.ImportPath, module)
		if name == pkg.ImportPath || name == "" || name == "github.com/cairn-community/cairn" {
			continue // the root main package wires everything
		}
		if strings.HasPrefix(name, "backend/") || name == "app" || name == "cmd/cairn" {
			seen[name] = true
		} else {
			continue
		}
		rules, ok := allowed[name]
		if !ok {
			t.Errorf("%s has no place in the layers: add it to allowed in backend/layers_test.go", name)
			continue
		}
		for _, imp := range pkg.Imports {
			if strings.Contains(imp, "wailsapp") && name != "app" {
				t.Errorf("%s imports %s: only app and main may depend on Wails", name, imp)
			}
			dep, ours := strings.CutPrefix(imp, module)
			if !ours {
				continue
			}
			if permitted(rules, dep) {
				continue
			}
			t.Errorf("%s imports %s, which is not below it in the layers", name, dep)
		}
	}
	for name := range allowed {
		if !seen[name] {
			t.Errorf("allowed names %s, which is not a package of the module any more", name)
		}
	}
}

func permitted(rules []string, dep string) bool {
	for _, r := range rules {
		if r == dep || (strings.HasSuffix(r, "/*") && strings.HasPrefix(dep, strings.TrimSuffix(r, "*"))) {
			return true
		}
	}
	return false
}
