package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestAreasRefuseBadInput: each bad input is refused with a one-line
// reason that says what to fix, and the state does not change.
func TestAreasRefuseBadInput(t *testing.T) {
	c := newCLI(t)
	c.ok("init", "Guide", "--as", "Ana")
	step := c.id("step", "add", "Survey", "--due", "2026-12-10")
	part := c.id("part", "add", "Intro")
	decision := c.id("decision", "propose", "Venue", "--method", "poll", "--option", "Lyon", "--option", "Porto")

	for _, bad := range []struct {
		want string
		args []string
	}{
		{"title is empty", []string{"step", "add", ""}},
		{"title is empty", []string{"step", "add", "   "}},
		{"keep it to 200", []string{"part", "add", strings.Repeat("x", 201)}},
		{"one line", []string{"part", "add", "Two\nlines"}},
		{"1 to 80 characters", []string{"role", "add", strings.Repeat("r", 81), "--can", "contribute"}},
		{"Say what the role may do", []string{"role", "add", "Reader"}},
		{"not a permission", []string{"role", "add", "Reader", "--can", "read"}},
		{"is not a date", []string{"step", "add", "Analyse", "--due", "2026-13-01"}},
		{"is not a date", []string{"step", "set", step, "--due", "next week"}},
		{"comes before the start date", []string{"step", "add", "Analyse", "--start", "2026-12-20", "--due", "2026-12-01"}},
		{"comes before the start date", []string{"step", "set", step, "--start", "2027-01-01"}},
		{"no step", []string{"step", "set", "nosuchstep", "--status", "done"}},
		{"no step", []string{"step", "add", "Analyse", "--after", "nosuchstep"}},
		{"no part", []string{"part", "show", "nosuchpart"}},
		{"no part", []string{"part", "write", "nosuchpart", "--file", c.file("a.md", "text\n")}},
		{"Nobody and no role", []string{"step", "add", "Analyse", "--owner", "Zed"}},
		{"not a status", []string{"step", "set", step, "--status", "finished"}},
		{"wait for each other forever: Survey → Survey", []string{"step", "set", step, "--after", step}},
		{"not a working mode", []string{"part", "add", "Methods", "--mode", "solo"}},
		{"not a contribution type", []string{"contrib", "log", "--type", "cooking", "--note", "Soup"}},
		{"Say in a few words", []string{"contrib", "log", "--type", "content", "--note", " "}},
		{"not one of the options", []string{"decision", "vote", decision, "Paris"}},
		{"not a method", []string{"decision", "propose", "Food", "--method", "lottery"}},
		{"has already passed", []string{"decision", "propose", "Food", "--method", "consent", "--closes", "2020-01-01"}},
		{"at least two options", []string{"decision", "propose", "Food", "--method", "poll", "--option", "Soup"}},
		{"no decision", []string{"decision", "vote", "nosuchdecision", "yes"}},
		{"no contribution", []string{"contrib", "review", "nosuchcontrib", "--accept"}},
		{"not UTF-8", []string{"part", "write", part, "--file", c.file("latin1.md", "caf\xe9\n")}},
		{"a part holds at most", []string{"part", "write", part, "--file", c.file("huge.md", strings.Repeat("a", 1<<20+1))}},
		{"cannot read", []string{"part", "write", part, "--file", "/nonexistent/file.md"}},
		{"not an export format", []string{"export", "--format", "pdf", "--out", "-"}},
		{"not an area", []string{"activity", "--area", "gossip"}},
		{"last coordinator", []string{"member", "remove", "Ana"}},
		{"Nothing to change", []string{"step", "set", step}},
		{"No remote is set", []string{"sync"}},
		{"not a remote Cairn can use", []string{"remote", "set", "::"}},
	} {
		c.refused(bad.want, bad.args...)
	}
}

// TestReadCommandsTakeJSON: every read command prints JSON with --json.
func TestReadCommandsTakeJSON(t *testing.T) {
	c := newCLI(t)
	c.ok("init", "Guide", "--as", "Ana")
	part := c.id("part", "add", "Intro")
	for _, args := range [][]string{
		{"whoami"}, {"vision", "show"}, {"canvas", "show"}, {"member", "list"}, {"role", "list"}, {"step", "list"},
		{"part", "list"}, {"part", "show", part}, {"contrib", "list"}, {"contrib", "credits"}, {"decision", "list"},
		{"activity"}, {"state"},
	} {
		out := c.ok(append(args, "--json")...)
		if !json.Valid([]byte(out)) {
			t.Errorf("cairn %s --json printed no JSON: %q", strings.Join(args, " "), out)
		}
	}
}

// TestPartShowJSONContract: scripts rely on "text", "revisions" and
// "conflict" being there.
func TestPartShowJSONContract(t *testing.T) {
	c := newCLI(t)
	c.ok("init", "Guide", "--as", "Ana")
	part := c.id("part", "add", "Intro")
	c.ok("part", "write", part, "--file", c.file("intro.md", "Hello.\n"))
	c.in = "Hello, rivers.\n"
	c.ok("part", "write", "Intro", "--file", "-")
	var shown map[string]json.RawMessage
	if err := json.Unmarshal([]byte(c.ok("part", "show", part, "--json")), &shown); err != nil {
		t.Fatal(err)
	}
	var revisions []any
	json.Unmarshal(shown["revisions"], &revisions)
	if string(shown["text"]) != `"Hello, rivers.\n"` || len(revisions) != 2 || string(shown["conflict"]) != "null" {
		t.Fatalf("part show --json = text %s, %d revisions, conflict %s", shown["text"], len(revisions), shown["conflict"])
	}
}

func TestJoinRefusals(t *testing.T) {
	t.Setenv("PATH", "")
	empty := filepath.Join(t.TempDir(), "empty.git")
	c := newCLI(t)
	c.ok("init", "Guide", "--as", "Ana")
	c.ok("remote", "set", empty)
	newcomer := newCLI(t)
	newcomer.runs = 50
	if _, errOut, code := newcomer.run("join", empty, "--as", "Bo"); code != 1 || !strings.Contains(errOut, "holds no Cairn workspace yet") {
		t.Fatalf("joining an empty remote: exit %d, %q", code, errOut)
	}
	c.ok("sync")
	if _, errOut, code := newcomer.run("join", empty, "--as", "ana"); code != 1 || !strings.Contains(errOut, "already in this workspace") {
		t.Fatalf("joining under a member's name: exit %d, %q", code, errOut)
	}
	newcomer.ok("join", empty, "--as", "Bo")
	if _, errOut, code := newcomer.run("join", empty, "--as", "Bo"); code != 1 || !strings.Contains(errOut, "already holds a workspace") {
		t.Fatalf("joining twice: exit %d, %q", code, errOut)
	}
}
