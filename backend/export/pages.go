package export

import (
	"fmt"
	"strings"
)

// Milestone is a milestone with its progress, for the front page.
type Milestone struct {
	Title           string
	Status          string
	Due             string
	Finished, Total int
}

// Overview is what the published front page tells a visitor.
type Overview struct {
	Title      string
	Vision     string
	Parts      int
	Steps      map[string]int // steps per status
	Milestones []Milestone
}

// ReadMe renders the front page of a published snapshot: the vision, where
// the work stands, the milestones, and what else the snapshot holds.
func ReadMe(o Overview) []byte {
	var b strings.Builder
	b.WriteString("# " + escapeInline(orDefault(o.Title, "Untitled")) + "\n\n")
	if v := strings.TrimSpace(o.Vision); v != "" {
		b.WriteString(memberText(v) + "\n")
	}
	b.WriteString("## Where we stand\n\n")
	var counts []string
	for _, status := range []string{"planned", "active", "blocked", "done", "validated"} {
		if n := o.Steps[status]; n > 0 {
			counts = append(counts, fmt.Sprintf("%d %s", n, status))
		}
	}
	fmt.Fprintf(&b, "%d part(s) in the deliverable; roadmap steps: %s.\n\n", o.Parts, orDefault(strings.Join(counts, ", "), "none yet"))
	if len(o.Milestones) > 0 {
		b.WriteString("## Milestones\n\n| Milestone | Status | Due | Progress |\n| --- | --- | --- | --- |\n")
		for _, m := range o.Milestones {
			fmt.Fprintf(&b, "| %s | %s | %s | %d/%d |\n", escapeInline(m.Title), escapeInline(m.Status), escapeInline(orDefault(m.Due, "-")), m.Finished, m.Total)
		}
		b.WriteString("\n")
	}
	b.WriteString("## In this snapshot\n\n- [The deliverable](deliverable.md) (also as [HTML](deliverable.html))\n- [The roadmap](roadmap.md)\n- [Roles](roles.md)\n- [Credits](CREDITS.md)\n\nPublished by Cairn from the community's shared workspace; each member's own copy holds the full history.\n")
	return []byte(b.String())
}

// RoadmapPage renders the roadmap as a Markdown table, in the given order.
func RoadmapPage(title string, steps []Step) []byte {
	var b strings.Builder
	b.WriteString("# Roadmap of " + escapeInline(orDefault(title, "Untitled")) + "\n\n")
	if len(steps) == 0 {
		b.WriteString("No steps yet.\n")
		return []byte(b.String())
	}
	b.WriteString("| Step | Status | Owner | Start | Due | After |\n| --- | --- | --- | --- | --- | --- |\n")
	for _, s := range steps {
		name := escapeInline(s.Title)
		if s.Milestone {
			name = "**" + name + "** (milestone)"
		}
		after := make([]string, len(s.After))
		for i, a := range s.After {
			after[i] = escapeInline(a)
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", name, escapeInline(s.Status), escapeInline(orDefault(s.Owner, "-")),
			escapeInline(orDefault(s.Start, "-")), escapeInline(orDefault(s.Due, "-")), orDefault(strings.Join(after, ", "), "-"))
	}
	return []byte(b.String())
}

// Role is a role as published: what it asks of whom.
type Role struct {
	Name, Who, When, How string
	Can, Members         []string
}

// RolesPage renders the roles: who does what, when and how.
func RolesPage(title string, roles []Role) []byte {
	var b strings.Builder
	b.WriteString("# Roles in " + escapeInline(orDefault(title, "Untitled")) + "\n\n")
	if len(roles) == 0 {
		b.WriteString("No roles yet.\n")
		return []byte(b.String())
	}
	for _, r := range roles {
		b.WriteString("## " + escapeInline(orDefault(r.Name, "Unnamed role")) + "\n\n")
		for _, line := range [][2]string{{"Who", r.Who}, {"When", r.When}, {"How", r.How}} {
			if strings.TrimSpace(line[1]) != "" {
				b.WriteString("- **" + line[0] + ":** " + escapeInline(line[1]) + "\n")
			}
		}
		b.WriteString("- **May:** " + escapeInline(orDefault(strings.Join(r.Can, ", "), "-")) + "\n")
		names := make([]string, len(r.Members))
		for i, m := range r.Members {
			names[i] = escapeInline(m)
		}
		b.WriteString("- **Held by:** " + orDefault(strings.Join(names, ", "), "nobody yet") + "\n\n")
	}
	return []byte(b.String())
}
