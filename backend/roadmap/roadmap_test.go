package roadmap

import (
	"strings"
	"testing"

	"github.com/cairn-community/cairn/backend/errs"
)

func TestCycleIsNamedByTitles(t *testing.T) {
	steps := []Step{
		{ID: "a", Title: "Survey", After: []string{"c"}},
		{ID: "b", Title: "Analyse", After: []string{"a"}},
		{ID: "c", Title: "Write up", After: []string{"b"}},
		{ID: "d", Title: "Publish", After: []string{"c", "gone"}},
	}
	err := CheckDependencies(steps)
	if errs.Code(err) != errs.Invalid || !strings.Contains(errs.Message(err), "Survey → Write up → Analyse → Survey") {
		t.Fatalf("got %v", err)
	}
	steps[0].After = nil
	if err := CheckDependencies(steps); err != nil {
		t.Fatalf("no loop, yet: %v", err)
	}
	if cycle := FindCycle([]Step{{ID: "x", After: []string{"x"}}}); strings.Join(cycle, ",") != "x,x" {
		t.Fatalf("self-dependency: %v", cycle)
	}
}

func TestValidatedNeedsAValidatorOrADecision(t *testing.T) {
	if err := CheckStatusChange(Validated, Authority{}); errs.Code(err) != errs.Unauthorized {
		t.Fatalf("anyone validated a step: %v", err)
	}
	for _, who := range []Authority{{Validate: true}, {ByDecision: true}} {
		if err := CheckStatusChange(Validated, who); err != nil {
			t.Fatalf("%+v: %v", who, err)
		}
	}
	if err := CheckStatusChange(Done, Authority{}); err != nil {
		t.Fatal(err)
	}
	if _, err := ParseStatus("Finished"); errs.Field(err) != "status" {
		t.Fatalf("bad status: %v", err)
	}
	if s, err := ParseStatus(" Active "); err != nil || s != Active {
		t.Fatalf("got %q %v", s, err)
	}
}

func TestDates(t *testing.T) {
	start, err := ParseDate("start", "2026-03-01")
	if err != nil {
		t.Fatal(err)
	}
	due, _ := ParseDate("due", "2026-02-01")
	if err := CheckDates(&start, &due); errs.Field(err) != "due" {
		t.Fatalf("due before start: %v", err)
	}
	for _, bad := range []string{"", "31/03/2026", "2026-02-30", "0001-01-01", "2026-3-1"} {
		if _, err := ParseDate("due", bad); errs.Code(err) != errs.Invalid {
			t.Errorf("ParseDate(%q) accepted", bad)
		}
	}
}

func TestMilestoneProgressCountsWhatItWaitsFor(t *testing.T) {
	steps := []Step{
		{ID: "m", Title: "Guide ready", Milestone: true, After: []string{"w", "r"}},
		{ID: "w", Status: Done, After: []string{"s"}},
		{ID: "r", Status: Active, After: []string{"s"}},
		{ID: "s", Status: Validated},
		{ID: "other", Status: Done},
	}
	if done, total := Progress("m", steps); done != 2 || total != 3 {
		t.Fatalf("progress %d/%d, want 2/3", done, total)
	}
}

func FuzzParseDate(f *testing.F) {
	for _, seed := range []string{"2026-03-31", "2026-02-29", "x", "9999-12-31"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		d, err := ParseDate("due", text)
		if err != nil {
			return
		}
		again, err := ParseDate("due", d.String())
		if err != nil || again != d {
			t.Fatalf("%q parsed to %s, which does not parse back", text, d)
		}
	})
}
