package workspace

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"strings"

	"github.com/cairn-community/cairn/backend/contributions"
	"github.com/cairn-community/cairn/backend/decisions"
	"github.com/cairn-community/cairn/backend/oplog"
	"github.com/cairn-community/cairn/backend/roadmap"
	"github.com/cairn-community/cairn/backend/store"
)

// Snapshot reads the whole shared state.
func (w *Workspace) Snapshot(ctx context.Context) (*Snapshot, error) {
	return readSnapshot(ctx, w.db, NeedAll)
}

// SnapshotOf reads the shared state of some areas only; the others are
// left nil.
func (w *Workspace) SnapshotOf(ctx context.Context, reads Needs) (*Snapshot, error) {
	return readSnapshot(ctx, w.db, reads)
}

// ReadSnapshot reads the shared state without claiming the folder.
func ReadSnapshot(ctx context.Context, path string) (*Snapshot, error) {
	var s *Snapshot
	err := readOnly(ctx, path, func(_ string, db *store.DB) error {
		var err error
		s, err = readSnapshot(ctx, db, NeedAll)
		return err
	})
	return s, err
}

func readSnapshot(ctx context.Context, db *store.DB, reads Needs) (*Snapshot, error) {
	ws, _, err := db.Workspace(ctx)
	if err != nil {
		return nil, err
	}
	if reads&NeedSteps != 0 {
		reads |= NeedRoles
	}
	s := &Snapshot{Name: ws.Name, names: map[string]string{}, read: reads}
	if s.Vision, err = db.Vision(ctx); err != nil {
		return nil, err
	}
	if s.Members, err = readMembers(ctx, db); err != nil {
		return nil, err
	}
	for _, m := range s.Members {
		s.names[m.Key] = m.Name
	}
	if s.Devices, err = db.DeviceKeys(ctx); err != nil {
		return nil, err
	}
	for device, member := range s.Devices {
		s.names[device] = s.names[member]
	}
	readers := []struct {
		area Needs
		read func(context.Context, *store.DB) error
	}{
		{NeedRoles, s.readRoles}, {NeedSteps, s.readSteps}, {NeedParts, s.readParts},
		{NeedContributions, s.readContributions}, {NeedDecisions, s.readDecisions}, {NeedBoard, s.readCanvas},
	}
	for _, r := range readers {
		if reads&r.area != 0 {
			if err := r.read(ctx, db); err != nil {
				return nil, err
			}
		}
	}
	return s, nil
}

func (s *Snapshot) readCanvas(ctx context.Context, db *store.DB) (err error) {
	if s.Canvas.Questions, err = questions(ctx, db); err != nil {
		return err
	}
	s.Canvas.Answers, s.Canvas.Exchange, err = readBoard(ctx, db)
	return err
}

func (s *Snapshot) readRoles(ctx context.Context, db *store.DB) error {
	entities, err := db.Entities(ctx, "role")
	if err != nil {
		return err
	}
	s.Roles = []Role{}
	for _, e := range entities {
		r := Role{ID: e.ID, Can: []string{}, Members: []string{}, Names: []string{}}
		e.Field("name", &r.Name)
		e.Field("who", &r.Who)
		e.Field("when", &r.When)
		e.Field("how", &r.How)
		e.Field("can", &r.Can)
		for _, m := range s.Members {
			if !m.Removed && slices.Contains(m.Roles, r.ID) {
				r.Members, r.Names = append(r.Members, m.Key), append(r.Names, m.Name)
			}
		}
		s.names[r.ID] = r.Name
		s.Roles = append(s.Roles, r)
	}
	return nil
}

func (s *Snapshot) readSteps(ctx context.Context, db *store.DB) error {
	entities, err := db.Entities(ctx, "step")
	if err != nil {
		return err
	}
	s.Steps = []Step{}
	afterStamps := map[string]oplog.Stamp{}
	for _, e := range entities {
		st := s.stepOf(e)
		afterStamps[st.ID] = e.Stamps["after"]
		s.Steps = append(s.Steps, st)
	}
	breakLoops(s.Steps, afterStamps)
	plan := s.plan()
	for i := range s.Steps {
		if s.Steps[i].Milestone {
			s.Steps[i].Finished, s.Steps[i].Total = roadmap.Progress(s.Steps[i].ID, plan)
		}
	}
	return nil
}

// stepOf reads a step's fields, as its entity holds them: its
// dependencies before breakLoops, its progress not worked out.
func (s *Snapshot) stepOf(e store.Entity) Step {
	st := Step{ID: e.ID, After: []string{}, Parts: []string{}}
	e.Field("title", &st.Title)
	e.Field("description", &st.Description)
	e.Field("status", &st.Status)
	e.Field("start", &st.Start)
	e.Field("due", &st.Due)
	e.Field("owner", &st.Owner)
	e.Field("after", &st.After)
	e.Field("parts", &st.Parts)
	e.Field("milestone", &st.Milestone)
	st.OwnerName = s.names[st.Owner]
	return st
}

// breakLoops keeps the roadmap free of dependency loops that edits made
// apart can create together (each was refused locally when it made one):
// dependency lists are taken oldest edit first, and a dependency that
// would close a loop is dropped and reported. Every replica holding the
// same operations drops the same ones.
func breakLoops(steps []Step, stamps map[string]oplog.Stamp) {
	order := make([]int, len(steps))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		if c := stamps[steps[a].ID].Compare(stamps[steps[b].ID]); c != 0 {
			return c
		}
		return strings.Compare(steps[a].ID, steps[b].ID)
	})
	kept := map[string][]string{}
	reaches := func(from, to string) bool { // is to reachable from from?
		seen := map[string]bool{}
		stack := []string{from}
		for len(stack) > 0 {
			id := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if id == to {
				return true
			}
			if !seen[id] {
				seen[id] = true
				stack = append(stack, kept[id]...)
			}
		}
		return false
	}
	for _, i := range order {
		st := &steps[i]
		deps := slices.Sorted(slices.Values(st.After))
		st.After = []string{}
		for _, dep := range slices.Compact(deps) {
			if dep == st.ID || reaches(dep, st.ID) {
				st.Dropped = append(st.Dropped, dep)
				continue
			}
			st.After = append(st.After, dep)
			kept[st.ID] = append(kept[st.ID], dep)
		}
	}
}

// plan is the steps as the roadmap rules see them.
func (s *Snapshot) plan() []roadmap.Step {
	plan := make([]roadmap.Step, len(s.Steps))
	for i, st := range s.Steps {
		plan[i] = roadmap.Step{ID: st.ID, Title: st.Title, Status: roadmap.Status(st.Status), Owner: st.Owner, After: st.After, Milestone: st.Milestone}
	}
	return plan
}

func (s *Snapshot) readParts(ctx context.Context, db *store.DB) error {
	rows, err := db.Parts(ctx)
	if err != nil {
		return err
	}
	s.Parts = []Part{}
	for _, r := range rows {
		s.Parts = append(s.Parts, s.partOf(r))
	}
	entities, err := db.Entities(ctx, "suggestion")
	if err != nil {
		return err
	}
	s.Suggestions = []Suggestion{}
	for _, e := range entities {
		sg := Suggestion{ID: e.ID, Author: e.Author, Status: "open", Parents: []string{}}
		e.Field("part", &sg.Part)
		e.Field("text", &sg.Text)
		e.Field("note", &sg.Note)
		e.Field("parents", &sg.Parents)
		if _, ok := e.Fields["accepted"]; ok {
			sg.Status = "accepted"
		} else if _, ok := e.Fields["declined"]; ok {
			sg.Status = "declined"
		}
		s.Suggestions = append(s.Suggestions, sg)
	}
	return nil
}

// partOf reads a part as the projections hold it.
func (s *Snapshot) partOf(r store.PartRow) Part {
	p := Part{ID: r.ID, Title: r.Title, Position: r.Position, Text: r.Text, Heads: r.Heads, Conflicted: r.Conflicted, Writers: []string{}}
	if p.Heads == nil {
		p.Heads = []string{}
	}
	e := store.Entity{Fields: r.Fields}
	e.Field("brief", &p.Brief)
	e.Field("kind", &p.Kind)
	e.Field("mode", &p.Mode)
	e.Field("owner", &p.Owner)
	e.Field("writers", &p.Writers)
	e.Field("validated", &p.Validated)
	p.Owner = s.MemberOf(p.Owner)
	for i, w := range p.Writers {
		p.Writers[i] = s.MemberOf(w)
	}
	if p.Mode == "" {
		p.Mode = "cooperation"
	}
	return p
}

func (s *Snapshot) readContributions(ctx context.Context, db *store.DB) error {
	entities, err := db.Entities(ctx, "contrib")
	if err != nil {
		return err
	}
	s.Contributions = []Contribution{}
	for _, e := range entities {
		s.Contributions = append(s.Contributions, s.contributionOf(e))
	}
	return nil
}

// contributionOf reads a logged contribution with its review.
func (s *Snapshot) contributionOf(e store.Entity) Contribution {
	c := Contribution{ID: e.ID, Member: s.MemberOf(e.Author), Status: "submitted"}
	e.Field("type", &c.Type)
	e.Field("part", &c.Part)
	e.Field("step", &c.Step)
	e.Field("note", &c.Note)
	var review *contributions.Review
	e.Field("review", &review)
	if review != nil && (review.For == "" || s.MemberOf(review.For) == c.Member) {
		c.Status, c.ReviewNote, c.ReviewedBy = "returned", review.Note, review.By
		if review.Accept {
			c.Status = "accepted"
		}
	}
	return c
}

func (s *Snapshot) readDecisions(ctx context.Context, db *store.DB) error {
	entities, err := db.Entities(ctx, "decision")
	if err != nil {
		return err
	}
	s.Decisions = []Decision{}
	for _, e := range entities {
		d := Decision{ID: e.ID, ProposedBy: s.MemberOf(e.Author), Options: []string{}, Votes: []Vote{}}
		e.Field("title", &d.Title)
		e.Field("description", &d.Description)
		e.Field("method", &d.Method)
		e.Field("options", &d.Options)
		e.Field("closes", &d.Closes)
		e.Field("quorum", &d.Quorum)
		e.Field("close", &d.Closed)
		closedAt, closed := e.Stamps["close"]
		// One ballot per member: the newest of those cast from any of
		// their devices, and none cast after the close.
		newest := map[string]string{} // member -> field of their newest ballot
		for _, field := range slices.Sorted(maps.Keys(e.Fields)) {
			key, ok := strings.CutPrefix(field, "vote:")
			if !ok || (closed && e.Stamps[field].Compare(closedAt) > 0) {
				continue
			}
			member := s.MemberOf(key)
			if old, seen := newest[member]; !seen || e.Stamps[field].Compare(e.Stamps[old]) > 0 {
				newest[member] = field
			}
		}
		var ballots []decisions.Vote
		for _, member := range slices.Sorted(maps.Keys(newest)) {
			var b decisions.Ballot
			if json.Unmarshal(e.Fields[newest[member]], &b) != nil {
				continue
			}
			d.Votes = append(d.Votes, Vote{Member: member, Choice: b.Choice, Reason: b.Reason, Scores: b.Scores})
			ballots = append(ballots, decisions.Vote{Member: member, Choice: b.Choice, Scores: b.Scores, Reason: b.Reason})
		}
		d.Tally = decisions.Count(d.proposal(), ballots)
		s.Decisions = append(s.Decisions, d)
	}
	return nil
}
