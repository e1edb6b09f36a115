package export

import (
	"strings"
	"testing"
)

func TestPagesKeepHostileNamesInTheirCells(t *testing.T) {
	steps := []Step{{Title: "Survey | <script>alert(1)</script>", Status: "done", Owner: "Bo\n# Owned", After: []string{"A|B"}, Milestone: true}}
	page := string(RoadmapPage("River # Guide", steps))
	lines := strings.Split(strings.TrimSpace(page), "\n")
	row := lines[len(lines)-1]
	if strings.Count(row, "|")-strings.Count(row, `\|`) != 7 || strings.Contains(strings.ReplaceAll(page, `\<`, ""), "<script") || strings.Contains(page, "\n# Owned") {
		t.Fatalf("a hostile name broke the roadmap table:\n%s", page)
	}
	roles := string(RolesPage("Guide", []Role{{Name: "Editor\n## Admin", Who: "<b>x</b>", Can: []string{"validate"}, Members: []string{"Ana"}}}))
	if strings.Contains(roles, "\n## Admin") || strings.Contains(strings.ReplaceAll(roles, `\<`, ""), "<b>") || !strings.Contains(roles, "Held by:** Ana") {
		t.Fatalf("roles page:\n%s", roles)
	}
	readme := string(ReadMe(Overview{Title: "Guide", Vision: "Rivers.", Parts: 2, Steps: map[string]int{"done": 1, "planned": 2},
		Milestones: []Milestone{{Title: "Ready", Status: "planned", Finished: 1, Total: 3}}}))
	for _, want := range []string{"# Guide\n\nRivers.\n", "2 part(s)", "2 planned, 1 done", "| Ready | planned | - | 1/3 |", "(deliverable.md)"} {
		if !strings.Contains(readme, want) {
			t.Fatalf("README lacks %q:\n%s", want, readme)
		}
	}
	if !strings.Contains(string(RoadmapPage("G", nil)), "No steps yet") || !strings.Contains(string(RolesPage("G", nil)), "No roles yet") {
		t.Fatal("empty pages say nothing")
	}
}
