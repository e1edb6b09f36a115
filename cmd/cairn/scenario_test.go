package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cairn-community/cairn/backend/gitsync"
	"github.com/cairn-community/cairn/backend/workspace"
)

// ok runs a command that must succeed and returns its output.
func (c *cli) ok(args ...string) string {
	c.t.Helper()
	out, errOut, code := c.run(args...)
	if code != 0 {
		c.t.Fatalf("cairn %s: exit %d: %s", strings.Join(args, " "), code, errOut)
	}
	return out
}

// id runs a command that creates something and returns the new id: the
// last line of its output.
func (c *cli) id(args ...string) string {
	c.t.Helper()
	lines := strings.Split(strings.TrimSpace(c.ok(args...)), "\n")
	return lines[len(lines)-1]
}

// refused runs a command that must be refused, with a reason on stderr
// that mentions want, and no change to the shared state.
func (c *cli) refused(want string, args ...string) {
	c.t.Helper()
	before := c.ok("state", "--json")
	out, errOut, code := c.run(args...)
	if code != 1 {
		c.t.Errorf("cairn %s: exit %d, want 1 (stdout %q, stderr %q)", strings.Join(args, " "), code, out, errOut)
	}
	if !strings.Contains(errOut, want) || strings.Count(strings.TrimSpace(errOut), "\n") > 0 {
		c.t.Errorf("cairn %s: stderr %q, want one line mentioning %q", strings.Join(args, " "), errOut, want)
	}
	if after := c.ok("state", "--json"); after != before {
		c.t.Errorf("cairn %s was refused but changed the state", strings.Join(args, " "))
	}
}

// file writes text to a file in the test's folder and returns its path.
func (c *cli) file(name, text string) string {
	c.t.Helper()
	path := filepath.Join(filepath.Dir(c.data), name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		c.t.Fatal(err)
	}
	return path
}

// community is several members, each on a replica of their own, syncing
// through a bare repository in a folder, as a USB stick or shared drive.
type community struct {
	t       *testing.T
	members map[string]*cli
	order   []string
}

func newCommunity(t *testing.T, founder string, others ...string) *community {
	t.Setenv("PATH", "") // Cairn syncs with no git binary
	remote := filepath.Join(t.TempDir(), "remote.git")
	cm := &community{t: t, members: map[string]*cli{}}
	first := newCLI(t)
	first.ok("init", "River Guide", "--as", founder)
	first.ok("remote", "set", remote)
	first.ok("sync")
	cm.add(founder, first)
	for i, name := range others {
		c := newCLI(t)
		c.runs = byte(100 + 10*i) // another computer: other random ids
		c.ok("join", remote, "--as", name)
		cm.add(name, c)
	}
	return cm
}

func (cm *community) add(name string, c *cli) {
	cm.members[name] = c
	cm.order = append(cm.order, name)
}

// sync has everyone sync twice in turn, so each has everything.
func (cm *community) sync() {
	for round := 0; round < 2; round++ {
		for _, name := range cm.order {
			out := cm.members[name].ok("sync", "--json")
			var summary workspace.SyncSummary
			if err := json.Unmarshal([]byte(out), &summary); err != nil {
				cm.t.Fatal(err)
			}
			if len(summary.Problems) > 0 {
				cm.t.Fatalf("%s's sync met problems: %+v", name, summary.Problems)
			}
		}
	}
}

// TestCommunityScenario runs a whole community through the command line:
// a coordinator and two members, each on a replica of their own, set a
// vision, roles, a roadmap and a deliverable, write in both modes, review
// contributions, decide, and export. Every replica ends in the same state.
func TestCommunityScenario(t *testing.T) {
	cm := newCommunity(t, "Ana", "Bo", "Cleo")
	ana, bo, cleo := cm.members["Ana"], cm.members["Bo"], cm.members["Cleo"]
	cm.sync()

	// Join requests wait until the coordinator approves them.
	if !strings.Contains(ana.ok("member", "list"), "asks to join") {
		t.Fatal("Ana does not see the join requests")
	}
	// What a newcomer writes while waiting is kept, said so, and applies
	// once they are let in; what needs more than they will hold is refused
	// at once.
	if _, stderr, code := bo.run("step", "add", "Too early"); code != 0 || !strings.Contains(stderr, "Kept") {
		t.Fatalf("a waiting newcomer's step: exit %d, stderr %q", code, stderr)
	}
	bo.refused("coordinate permission", "vision", "set", "Bo's own vision")
	if out := bo.ok("changes"); !strings.Contains(out, "waiting: you added the step “Too early”") || !strings.Contains(out, "lets you in") {
		t.Fatalf("Bo's changes not in force read:\n%s", out)
	}
	ana.ok("member", "approve", "Bo")
	ana.ok("member", "approve", "Cleo")

	// Vision and roles.
	ana.ok("vision", "set", "A field guide any river group can use to sample water.")
	ana.id("role", "add", "Editor", "--who", "One experienced member", "--when", "Each Friday", "--how", "Reviews and validates", "--can", "validate,contribute")
	ana.id("role", "add", "Writer", "--who", "Anyone writing a part", "--when", "Any time", "--how", "Drafts and suggests", "--can", "contribute")
	ana.ok("role", "assign", "Editor", "Bo")
	ana.ok("role", "assign", "Writer", "Cleo")
	ana.refused("last coordinator", "member", "remove", "Ana")

	// A roadmap of five steps with dependencies, ending in a milestone.
	survey := ana.id("step", "add", "Survey the rivers", "--due", "2026-12-10", "--owner", "Cleo")
	analyse := ana.id("step", "add", "Analyse samples", "--after", survey, "--due", "2026-12-20", "--owner", "Editor")
	draft := ana.id("step", "add", "Draft the guide", "--after", "Analyse samples", "--start", "2026-12-15", "--due", "2027-01-10")
	review := ana.id("step", "add", "Review the guide", "--after", draft, "--due", "2027-01-20", "--owner", "Bo")
	ready := ana.id("step", "add", "Guide ready", "--milestone", "--after", review, "--due", "2027-01-31")
	ana.refused("would wait for each other forever", "step", "set", survey, "--after", analyse)

	// Three parts: cooperation (the default) and collaboration.
	why := ana.id("part", "add", "Why rivers", "--kind", "synthesise")
	methods := ana.id("part", "add", "Methods", "--kind", "co-create", "--mode", "collaboration", "--writer", "Bo", "--writer", "Cleo")
	outcome := ana.id("part", "add", "Outcome", "--kind", "curate", "--owner", "Cleo")
	ana.ok("part", "write", why, "--file", ana.file("why.md", "Rivers carry the story of a valley.\n\nWe sample them to read it.\n"))
	ana.ok("part", "write", methods, "--file", ana.file("methods.md", "Sample weekly.\nUse clean bottles.\nLabel every bottle.\n"))
	cm.sync()

	// Cooperation: Cleo may not write Ana's part, but suggests; Ana accepts.
	cleo.refused("only the part's owner writes", "part", "write", why, "--file", cleo.file("why2.md", "Rivers!\n"))
	suggestion := cleo.id("part", "suggest", "Why rivers", "--file", cleo.file("why3.md", "Rivers carry the story of a valley.\n\nWe sample them, season after season, to read it.\n"), "--note", "Say how often")
	cleo.ok("part", "write", outcome, "--file", cleo.file("outcome.md", "A printed guide and a dataset.\n"))
	cm.sync()
	ana.ok("part", "accept", suggestion)
	ana.refused("already accepted", "part", "accept", suggestion)

	// Collaboration: Bo and Cleo edit the same line while apart.
	bo.ok("part", "write", "Methods", "--file", bo.file("m-bo.md", "Sample every Monday.\nUse clean bottles.\nLabel every bottle.\n"))
	cleo.ok("part", "write", "Methods", "--file", cleo.file("m-cleo.md", "Sample twice a week.\nUse clean bottles.\nLabel every bottle.\n"))
	cm.sync()
	for _, name := range cm.order {
		var shown struct {
			Text     string
			Conflict *struct {
				Base  string
				Sides []struct{ Author, Text string }
			}
		}
		if err := json.Unmarshal([]byte(cm.members[name].ok("part", "show", methods, "--json")), &shown); err != nil {
			t.Fatal(err)
		}
		if shown.Conflict == nil || len(shown.Conflict.Sides) != 2 || shown.Conflict.Base != "Sample weekly.\nUse clean bottles.\nLabel every bottle.\n" {
			t.Fatalf("%s does not see the conflict with both sides and their base: %+v", name, shown.Conflict)
		}
	}
	bo.refused("in conflict", "part", "write", methods, "--file", bo.file("m-bo2.md", "Sample.\n"))
	bo.ok("part", "resolve", methods, "--file", bo.file("m-resolved.md", "Sample every Monday and Thursday.\nUse clean bottles.\nLabel every bottle.\n"))
	cm.sync()
	for _, name := range cm.order {
		if out := cm.members[name].ok("part", "show", methods, "--json"); !strings.Contains(out, `"conflict": null`) || !strings.Contains(out, "Monday and Thursday") {
			t.Fatalf("%s still sees a conflict after the resolution", name)
		}
	}

	// Contributions: Cleo logs, Bo (validator) reviews; Cleo may not review.
	first := cleo.id("contrib", "log", "--type", "content", "--part", "Methods", "--note", "Wrote the sampling schedule")
	second := cleo.id("contrib", "log", "--type", "design", "--part", "Outcome", "--note", "Drew a map")
	cleo.refused("Only a validator", "contrib", "review", first, "--accept")
	cm.sync()
	bo.ok("contrib", "review", first, "--accept")
	bo.refused("Say why you return it", "contrib", "review", second, "--return")
	bo.ok("contrib", "review", second, "--return", "--note", "Which map? Add it to Outcome first.")
	bo.refused("already accepted", "contrib", "review", first, "--return", "--note", "Changed my mind")
	for _, step := range []string{survey, analyse, draft, review} {
		ana.ok("step", "set", step, "--status", "done")
	}
	cleo.refused("Only a validator", "step", "set", survey, "--status", "validated")
	cm.sync()

	// A consent decision validates the milestone.
	decision := ana.id("decision", "propose", "Publish the guide", "--method", "consent", "--quorum", "2", "--closes", "2027-02-15")
	cm.sync()
	bo.ok("decision", "vote", decision, "object", "--reason", "The map is missing")
	bo.ok("decision", "vote", decision, "consent") // a change, not a second ballot
	cleo.ok("decision", "vote", "Publish the guide", "consent")
	cm.sync()
	ana.ok("decision", "close", decision, "--outcome", "We publish in February.", "--validates", "Guide ready")
	ana.refused("closed", "decision", "vote", decision, "consent")
	cm.sync()
	cleo.refused("closed", "decision", "vote", decision, "object", "--reason", "late")

	// Every replica holds the same state, verifies, and exports the same.
	var state, md string
	for _, name := range cm.order {
		c := cm.members[name]
		c.ok("verify")
		if s := c.ok("state", "--json"); state == "" {
			state = s
		} else if s != state {
			t.Fatalf("%s's state differs from Ana's", name)
		}
		if m := c.ok("export", "--format", "md", "--out", "-"); md == "" {
			md = m
		} else if m != md {
			t.Fatalf("%s's deliverable differs from Ana's", name)
		}
	}
	var steps []workspace.Step
	if err := json.Unmarshal([]byte(cleo.ok("step", "list", "--json")), &steps); err != nil {
		t.Fatal(err)
	}
	for _, st := range steps {
		if st.ID == ready && (st.Status != "validated" || st.Finished != 4 || st.Total != 4) {
			t.Fatalf("the milestone is %s with %d/%d steps done, want validated and 4/4", st.Status, st.Finished, st.Total)
		}
	}

	checkExports(t, ana)

	// A coordinator publishes; a plain clone of the remote shows it.
	bo.refused("Only a coordinator", "publish")
	ana.ok("publish")
	mirror, err := gitsync.Open(filepath.Join(t.TempDir(), "mirror"))
	if err != nil {
		t.Fatal(err)
	}
	var remote workspace.RemoteSettings
	json.Unmarshal([]byte(ana.ok("remote", "show", "--json")), &struct{ Remote *workspace.RemoteSettings }{&remote})
	if err := mirror.SetRemote(remote.URL); err != nil {
		t.Fatal(err)
	}
	if err := mirror.Fetch(context.Background(), gitsync.Auth{}); err != nil {
		t.Fatal(err)
	}
	for file, want := range map[string]string{"deliverable.md": "Monday and Thursday", "README.md": "Guide ready", "roles.md": "Editor", "CREDITS.md": "Cleo", "roadmap.md": "Survey the rivers"} {
		if data, err := mirror.Published(file); err != nil || !strings.Contains(string(data), want) {
			t.Errorf("published %s lacks %q: %v\n%s", file, want, err, data)
		}
	}
	if activity := bo.ok("activity", "--member", "Cleo", "--area", "deliverable"); !strings.Contains(activity, "Cleo suggested a change to §1 Why rivers") || strings.Contains(activity, "Ana") {
		t.Fatalf("Cleo's deliverable activity reads:\n%s", activity)
	}
}

func checkExports(t *testing.T, c *cli) {
	dir := filepath.Dir(c.data)
	read := func(format string) string {
		path := filepath.Join(dir, "export."+format)
		c.ok("export", "--format", format, "--out", path)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	md := read("md")
	i, j, k := strings.Index(md, "## Why rivers"), strings.Index(md, "## Methods"), strings.Index(md, "## Outcome")
	if i < 0 || j < i || k < j || !strings.Contains(md, "season after season") || !strings.Contains(md, "Monday and Thursday") {
		t.Fatalf("the Markdown export lacks the parts in order:\n%s", md)
	}
	if html := read("html"); !strings.Contains(html, "<h2") || !strings.Contains(html, "season after season") {
		t.Fatalf("the HTML export lacks the deliverable:\n%s", html)
	}
	rows, err := csv.NewReader(strings.NewReader(read("csv"))).ReadAll()
	if err != nil || len(rows) != 7 || rows[0][1] != "title" {
		t.Fatalf("the roadmap CSV has %d rows (%v), want a header, 5 steps and Bo's early one", len(rows), err)
	}
	if ics := read("ics"); strings.Count(ics, "BEGIN:VEVENT") != 5 || !strings.Contains(ics, "SUMMARY:Milestone: Guide ready") {
		t.Fatalf("the calendar lacks the 5 steps:\n%s", ics)
	}
	credits := read("credits")
	if !strings.Contains(credits, "Cleo") || !strings.Contains(credits, "Content") || strings.Contains(credits, "map") {
		t.Fatalf("the credits do not show Cleo's accepted contribution only:\n%s", credits)
	}
	if !strings.HasPrefix(md, "# River Guide\n") {
		t.Fatal("the deliverable has no title")
	}
}

// TestRemovalKeepsOfflineWorkForACoordinator: what a member wrote offline
// after a coordinator removed them is kept aside, not lost; both hear of
// it in words, and the coordinator's cairn accept lets it in everywhere.
func TestRemovalKeepsOfflineWorkForACoordinator(t *testing.T) {
	cm := newCommunity(t, "Ana", "Bo")
	ana, bo := cm.members["Ana"], cm.members["Bo"]
	cm.sync()
	ana.ok("member", "approve", "Bo")
	cm.sync()
	ana.ok("member", "remove", "Bo")
	ana.ok("sync")
	bo.ok("offer", "add", "Field photographs")
	bo.ok("sync")
	if out := bo.ok("changes"); !strings.Contains(out, "Field photographs") || !strings.Contains(out, "removed") {
		t.Fatalf("Bo's changes not in force read:\n%s", out)
	}
	var summary workspace.SyncSummary
	if err := json.Unmarshal([]byte(ana.ok("sync", "--json")), &summary); err != nil {
		t.Fatal(err)
	}
	if len(summary.Changes) != 1 || summary.Changes[0].Kind != "removed" || summary.Changes[0].Action != "accept" {
		t.Fatalf("Ana's sync does not offer to accept Bo's change: %+v", summary.Changes)
	}
	if out := ana.ok("changes", "--all"); !strings.Contains(out, "Field photographs") || !strings.Contains(out, "To accept it: cairn accept "+summary.Changes[0].ID[:12]) {
		t.Fatalf("Ana's list of everyone's changes not in force reads:\n%s", out)
	}
	bo.refused("no longer a member", "accept", summary.Changes[0].ID)
	ana.refused("No change made after its author's removal", "accept", "0123456789abcdef")
	ana.ok("accept", summary.Changes[0].ID[:12])
	ana.ok("sync")
	bo.ok("sync")
	for name, c := range map[string]*cli{"Ana": ana, "Bo": bo} {
		if out := c.ok("canvas", "show"); !strings.Contains(out, "Field photographs") {
			t.Fatalf("%s does not see the accepted offer:\n%s", name, out)
		}
	}
}
