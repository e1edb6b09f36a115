package roadmap

import (
	"slices"
	"strings"
	"time"

	"github.com/cairn-community/cairn/backend/errs"
)

// Status is where a step stands.
type Status string

const (
	Planned   Status = "planned"
	Active    Status = "active"
	Blocked   Status = "blocked"
	Done      Status = "done"
	Validated Status = "validated"
)

// Statuses lists every status in the order a step usually moves through them.
var Statuses = []Status{Planned, Active, Blocked, Done, Validated}

// ParseStatus reads a status as a person types it.
func ParseStatus(text string) (Status, error) {
	s := Status(strings.ToLower(strings.TrimSpace(text)))
	if slices.Contains(Statuses, s) {
		return s, nil
	}
	return "", errs.OnField("status", "%q is not a status. Use planned, active, blocked, done or validated.", text)
}

// Step is one piece of the plan; a milestone is a step that marks an
// outcome rather than work.
type Step struct {
	ID        string
	Title     string
	Status    Status
	Start     *Date
	Due       *Date
	Owner     string   // a member or a role id, or ""
	After     []string // ids of the steps that must come first
	Milestone bool
}

// Authority is what the author of a status change holds.
type Authority struct {
	Validate   bool // holds the validate permission
	ByDecision bool // the change is a decision's recorded outcome
}

// CheckStatusChange says whether a step may move to status: "validated" is
// reached only by a validator or through a decision's outcome.
func CheckStatusChange(to Status, who Authority) error {
	if to == Validated && !who.Validate && !who.ByDecision {
		return errs.New(errs.Unauthorized, "Only a validator, or a decision's outcome, can mark a step validated. Mark it done and ask a validator to review it.")
	}
	return nil
}

// Date is a calendar day, as YYYY-MM-DD, with no time or zone: a due date
// means the same day for every member wherever they are.
type Date struct{ time.Time }

// ParseDate reads YYYY-MM-DD.
func ParseDate(field, text string) (Date, error) {
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(text))
	if err != nil {
		return Date{}, errs.OnField(field, "%q is not a date. Write it as YYYY-MM-DD, for example 2026-03-31.", text)
	}
	if t.Year() < 1900 || t.Year() > 2200 {
		return Date{}, errs.OnField(field, "%s is outside the years 1900 to 2200. Check the year.", text)
	}
	return Date{t}, nil
}

func (d Date) String() string { return d.Format(time.DateOnly) }

// CheckDates refuses a due date before the start date.
func CheckDates(start, due *Date) error {
	if start != nil && due != nil && due.Before(start.Time) {
		return errs.OnField("due", "The due date %s comes before the start date %s.", due, start)
	}
	return nil
}

// CheckDependencies refuses dependencies that would make a loop, naming it
// by the steps' titles: "Survey → Analyse → Survey".
func CheckDependencies(steps []Step) error {
	cycle := FindCycle(steps)
	if cycle == nil {
		return nil
	}
	titles := map[string]string{}
	for _, s := range steps {
		titles[s.ID] = s.Title
	}
	names := make([]string, len(cycle))
	for i, id := range cycle {
		names[i] = titles[id]
		if names[i] == "" {
			names[i] = id
		}
	}
	return errs.OnField("after", "These steps would wait for each other forever: %s. Remove one of these dependencies.", strings.Join(names, " → "))
}

// FindCycle returns a dependency loop as step ids, first id repeated at the
// end, or nil. Steps are visited in id order, so the same plan always
// reports the same loop.
func FindCycle(steps []Step) []string {
	after := map[string][]string{}
	var ids []string
	for _, s := range steps {
		after[s.ID] = slices.Sorted(slices.Values(s.After))
		ids = append(ids, s.ID)
	}
	slices.Sort(ids)
	const (
		unseen = iota
		onPath
		finished
	)
	state := map[string]int{}
	var path []string
	var visit func(id string) []string
	visit = func(id string) []string {
		state[id] = onPath
		path = append(path, id)
		for _, next := range after[id] {
			switch state[next] {
			case onPath:
				start := slices.Index(path, next)
				return append(slices.Clone(path[start:]), next)
			case unseen:
				if _, known := after[next]; !known {
					continue // a step not in this plan (deleted, or not arrived)
				}
				if cycle := visit(next); cycle != nil {
					return cycle
				}
			}
		}
		path = path[:len(path)-1]
		state[id] = finished
		return nil
	}
	for _, id := range ids {
		if state[id] == unseen {
			if cycle := visit(id); cycle != nil {
				return cycle
			}
		}
	}
	return nil
}

// Progress is how much of what a milestone waits for is finished: the steps
// it depends on, directly or through others, that are done or validated.
func Progress(milestone string, steps []Step) (finished, total int) {
	byID := map[string]Step{}
	for _, s := range steps {
		byID[s.ID] = s
	}
	seen := map[string]bool{milestone: true}
	queue := slices.Clone(byID[milestone].After)
	for len(queue) > 0 {
		id := queue[0]
		queue = queue[1:]
		s, ok := byID[id]
		if seen[id] || !ok {
			continue
		}
		seen[id] = true
		total++
		if s.Status == Done || s.Status == Validated {
			finished++
		}
		queue = append(queue, s.After...)
	}
	return finished, total
}
