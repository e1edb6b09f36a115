package workspace

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/cairn-community/cairn/backend/contributions"
	"github.com/cairn-community/cairn/backend/decisions"
	"github.com/cairn-community/cairn/backend/errs"
	"github.com/cairn-community/cairn/backend/oplog"
	"github.com/cairn-community/cairn/backend/roadmap"
	"github.com/cairn-community/cairn/backend/store"
)

// Snapshot is the shared state of every area as this replica sees it,
// read in one go: a community's workspace holds tens of steps and parts,
// so reading it whole is cheap, and every view is computed from one
// consistent picture.
type Snapshot struct {
	Name          string         `json:"name"`
	Vision        string         `json:"vision"`
	Members       []store.Member `json:"members"`
	Roles         []Role         `json:"roles"`
	Steps         []Step         `json:"steps"`
	Parts         []Part         `json:"parts"`
	Suggestions   []Suggestion   `json:"suggestions"`
	Contributions []Contribution `json:"contributions"`
	Decisions     []Decision     `json:"decisions"`
	Canvas        Canvas         `json:"canvas"`
	// Devices maps the key of each approved extra device to the key of
	// the member it acts as.
	Devices map[string]string `json:"devices"`
	names   map[string]string // member key or role id -> name
	read    Needs             // the areas read; the others stay nil
}

// Needs names the areas a use case reads, so that none reads the whole
// workspace to change one thing. The workspace's name, the vision, the
// members and their devices are always read: every view names people.
type Needs uint

const (
	NeedRoles Needs = 1 << iota
	NeedSteps       // with the roles: a step's owner may be one
	NeedParts       // with their suggestions
	NeedContributions
	NeedDecisions
	NeedBoard // the board: questions, answers, offers and needs
	NeedAll   = NeedRoles | NeedSteps | NeedParts | NeedContributions | NeedDecisions | NeedBoard
)

// NeedsAfter is what must be read again after a change to an area (as
// the app names them), so that a window refreshes only what changed.
func NeedsAfter(area string) Needs {
	switch area {
	case "roles":
		return NeedRoles | NeedSteps // steps name their owners, roles among them
	case "roadmap":
		return NeedSteps
	case "deliverable":
		return NeedParts
	case "contributions":
		return NeedContributions
	case "decisions":
		return NeedDecisions | NeedSteps | NeedParts // a close validates a step or a part
	case "vision":
		return NeedBoard
	}
	return NeedAll
}

// needs panics when a use case reaches an area it did not read: a bug to
// fix where the use case names what it reads, never a refusal.
func (s *Snapshot) needs(r Needs) {
	if s.read&r != r {
		panic(fmt.Sprintf("workspace: a use case reached an area it did not read (%b of %b)", r, s.read))
	}
}

// Role is a named role with what it asks of its members.
type Role struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Who     string   `json:"who"`
	When    string   `json:"when"`
	How     string   `json:"how"`
	Can     []string `json:"can"`
	Members []string `json:"members"` // keys of the current members holding it
	Names   []string `json:"names"`   // their names, in the same order
}

// Step is a step or milestone of the roadmap.
type Step struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Status      string   `json:"status"`
	Start       string   `json:"start"`
	Due         string   `json:"due"`
	Owner       string   `json:"owner"`     // a member key or a role id
	OwnerName   string   `json:"ownerName"` // its name, for people
	After       []string `json:"after"`
	Parts       []string `json:"parts"`
	Milestone   bool     `json:"milestone"`
	// Progress of a milestone: finished steps of those it waits for.
	Finished int `json:"finished"`
	Total    int `json:"total"`
	// Dependencies dropped because concurrent edits made a loop.
	Dropped []string `json:"dropped,omitempty"`
}

// Part is a part of the deliverable with its settings and text.
type Part struct {
	ID         string   `json:"id"`
	Title      string   `json:"title"`
	Position   string   `json:"position"`
	Brief      string   `json:"brief"`
	Kind       string   `json:"kind"`
	Mode       string   `json:"mode"`
	Owner      string   `json:"owner"`
	Writers    []string `json:"writers"`
	Text       string   `json:"text"`
	Heads      []string `json:"heads"`
	Conflicted bool     `json:"conflicted"`
	Validated  string   `json:"validated,omitempty"` // the decision that validated it
}

// Suggestion is a proposed revision of a cooperation part.
type Suggestion struct {
	ID      string   `json:"id"`
	Part    string   `json:"part"`
	Author  string   `json:"author"`
	Text    string   `json:"text"`
	Note    string   `json:"note"`
	Parents []string `json:"parents"`
	Status  string   `json:"status"` // open, accepted, declined
}

// Contribution is a logged contribution and where its review stands.
type Contribution struct {
	ID         string `json:"id"`
	Member     string `json:"member"`
	Type       string `json:"type"`
	Part       string `json:"part,omitempty"`
	Step       string `json:"step,omitempty"`
	Note       string `json:"note"`
	Status     string `json:"status"` // submitted, accepted, returned
	ReviewNote string `json:"reviewNote,omitempty"`
	ReviewedBy string `json:"reviewedBy,omitempty"`
}

// Decision is a proposal, its ballots and, once closed, its outcome.
type Decision struct {
	ID          string             `json:"id"`
	Title       string             `json:"title"`
	Description string             `json:"description"`
	Method      string             `json:"method"`
	Options     []string           `json:"options"`
	Closes      string             `json:"closes"`
	Quorum      int                `json:"quorum"`
	ProposedBy  string             `json:"proposedBy"`
	Votes       []Vote             `json:"votes"`
	Tally       decisions.Tally    `json:"tally"`
	Closed      *decisions.Closing `json:"closed"`
}

// Vote is one member's standing ballot.
type Vote struct {
	Member string         `json:"member"`
	Choice string         `json:"choice"`
	Reason string         `json:"reason,omitempty"`
	Scores map[string]int `json:"scores,omitempty"`
}

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
	if s.Members, err = db.Members(ctx); err != nil {
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
		s.Parts = append(s.Parts, p)
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

func (s *Snapshot) readContributions(ctx context.Context, db *store.DB) error {
	entities, err := db.Entities(ctx, "contrib")
	if err != nil {
		return err
	}
	s.Contributions = []Contribution{}
	for _, e := range entities {
		c := Contribution{ID: e.ID, Member: s.MemberOf(e.Author), Status: "submitted"}
		e.Field("type", &c.Type)
		e.Field("part", &c.Part)
		e.Field("step", &c.Step)
		e.Field("note", &c.Note)
		var review *contributions.Review
		e.Field("review", &review)
		if review != nil {
			c.Status, c.ReviewNote, c.ReviewedBy = "returned", review.Note, review.By
			if review.Accept {
				c.Status = "accepted"
			}
		}
		s.Contributions = append(s.Contributions, c)
	}
	return nil
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

// MemberOf is the member a key acts as: a device's member, or the key.
func (s *Snapshot) MemberOf(key string) string {
	if member := s.Devices[key]; member != "" {
		return member
	}
	return key
}

// NameOf is a member's or role's name, or a short key when unknown.
func (s *Snapshot) NameOf(id string) string {
	if name := s.names[id]; name != "" {
		return name
	}
	if len(id) > 8 {
		return id[:8]
	}
	return id
}

// find resolves a reference as people type it: an id, the start of an id
// (8 characters or more), or the exact title or name.
func find[T any](kind, ref string, items []T, id, name func(T) string) (T, error) {
	ref = strings.TrimSpace(ref)
	var zero T
	if ref == "" {
		return zero, errs.OnField(kind, "Name the %s: its id or its exact name.", kind)
	}
	var found []T
	for _, it := range items {
		if id(it) == ref {
			return it, nil
		}
		if name(it) == ref || (len(ref) >= 8 && strings.HasPrefix(id(it), ref)) {
			found = append(found, it)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return zero, errs.New(errs.NotFound, "There is no %s %q. Use its id or its exact name.", kind, ref)
	default:
		return zero, errs.New(errs.Invalid, "%d %ss match %q. Use the id instead.", len(found), kind, ref)
	}
}

// Step finds a step by id or exact title.
func (s *Snapshot) Step(ref string) (Step, error) {
	s.needs(NeedSteps)
	return find("step", ref, s.Steps, func(st Step) string { return st.ID }, func(st Step) string { return st.Title })
}

// Part finds a part by id or exact title.
func (s *Snapshot) Part(ref string) (Part, error) {
	s.needs(NeedParts)
	return find("part", ref, s.Parts, func(p Part) string { return p.ID }, func(p Part) string { return p.Title })
}

// Role finds a role by id or exact name.
func (s *Snapshot) Role(ref string) (Role, error) {
	s.needs(NeedRoles)
	return find("role", ref, s.Roles, func(r Role) string { return r.ID }, func(r Role) string { return r.Name })
}

// Member finds a member by key, key prefix or exact name.
func (s *Snapshot) Member(ref string) (store.Member, error) { return findMember(s.Members, ref) }

// Decision finds a decision by id or exact title.
func (s *Snapshot) Decision(ref string) (Decision, error) {
	s.needs(NeedDecisions)
	return find("decision", ref, s.Decisions, func(d Decision) string { return d.ID }, func(d Decision) string { return d.Title })
}

// Contribution finds a logged contribution by id.
func (s *Snapshot) Contribution(ref string) (Contribution, error) {
	s.needs(NeedContributions)
	return find("contribution", ref, s.Contributions, func(c Contribution) string { return c.ID }, func(Contribution) string { return "" })
}

// Suggestion finds a suggestion by id.
func (s *Snapshot) Suggestion(ref string) (Suggestion, error) {
	s.needs(NeedParts)
	return find("suggestion", ref, s.Suggestions, func(sg Suggestion) string { return sg.ID }, func(Suggestion) string { return "" })
}

// proposal is the decision as the decision rules see it.
func (d Decision) proposal() decisions.Proposal {
	p := decisions.Proposal{Title: d.Title, Method: decisions.Method(d.Method), Options: d.Options, Quorum: d.Quorum}
	if d.Closes != "" {
		if date, err := roadmap.ParseDate("closes", d.Closes); err == nil {
			end := date.AddDate(0, 0, 1) // open through the closing day
			p.Closes = &end
		}
	}
	return p
}
