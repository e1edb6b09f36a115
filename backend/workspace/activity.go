package workspace

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/cairn-community/cairn/backend/canvas"
	"github.com/cairn-community/cairn/backend/errs"
	"github.com/cairn-community/cairn/backend/oplog"
	"github.com/cairn-community/cairn/backend/roadmap"
	"github.com/cairn-community/cairn/backend/store"
)

// Areas are the parts of a workspace the activity can be filtered by.
var Areas = []string{"workspace", "members", "roles", "vision", "roadmap", "deliverable", "contributions", "decisions"}

// ActivityEntry is one accepted change, in words.
type ActivityEntry struct {
	ID     string    `json:"id"`
	At     time.Time `json:"at"`
	Member string    `json:"member"`
	Name   string    `json:"name"`
	Area   string    `json:"area"`
	Text   string    `json:"text"`
	Target string    `json:"target,omitempty"` // the id of the thing changed
}

// ActivityFilter narrows the timeline; empty fields do not filter. Since
// and Until are YYYY-MM-DD, both days included.
type ActivityFilter struct {
	Member, Area, Since, Until string
	Limit                      int
}

// MaxActivity is how many entries one read returns at most.
const MaxActivity = 10_000

// Activity reads the timeline without claiming the folder, newest first.
func ReadActivity(ctx context.Context, path string, f ActivityFilter) ([]ActivityEntry, error) {
	var list []ActivityEntry
	err := readOnly(ctx, path, func(_ string, db *store.DB) error {
		var err error
		list, err = activity(ctx, db, f)
		return err
	})
	return list, err
}

// Activity is the timeline of every accepted change, newest first.
func (w *Workspace) Activity(ctx context.Context, f ActivityFilter) ([]ActivityEntry, error) {
	return activity(ctx, w.db, f)
}

func activity(ctx context.Context, db *store.DB, f ActivityFilter) ([]ActivityEntry, error) {
	s, err := readSnapshot(ctx, db)
	if err != nil {
		return nil, err
	}
	var since, until time.Time
	if f.Since != "" {
		d, err := roadmap.ParseDate("since", f.Since)
		if err != nil {
			return nil, err
		}
		since = d.Time
	}
	if f.Until != "" {
		d, err := roadmap.ParseDate("until", f.Until)
		if err != nil {
			return nil, err
		}
		until = d.AddDate(0, 0, 1)
	}
	if f.Area != "" && !slices.Contains(Areas, f.Area) {
		return nil, errs.OnField("area", "%q is not an area. Use one of: %s.", f.Area, strings.Join(Areas, ", "))
	}
	member := ""
	if f.Member != "" {
		m, err := s.Member(f.Member)
		if err != nil {
			return nil, err
		}
		member = m.Key
	}
	limit := f.Limit
	if limit <= 0 || limit > MaxActivity {
		limit = MaxActivity
	}
	ops, err := db.AppliedOps(ctx, MaxActivity)
	if err != nil {
		return nil, err
	}
	list := []ActivityEntry{}
	for _, op := range ops {
		at := time.UnixMilli(op.Stamp.Wall).UTC()
		if (member != "" && op.Author != member) || (!since.IsZero() && at.Before(since)) || (!until.IsZero() && !at.Before(until)) {
			continue
		}
		e := s.describe(op)
		e.At = at
		if f.Area != "" && e.Area != f.Area {
			continue
		}
		list = append(list, e)
		if len(list) == limit {
			break
		}
	}
	return list, nil
}

// describe puts one op in words, as "Ana revised §2 Methods".
func (s *Snapshot) describe(op oplog.Op) ActivityEntry {
	e := ActivityEntry{ID: op.ID, Member: op.Author, Name: s.NameOf(op.Author)}
	def, ok := oplog.Lookup(op.Type, op.Version)
	if !ok {
		e.Area, e.Text = "workspace", fmt.Sprintf("%s made a change this Cairn does not know (%s)", e.Name, op.Type)
		return e
	}
	parsed, err := def.Parse(op.Payload)
	if err != nil {
		e.Area, e.Text = "workspace", e.Name+" made a malformed change"
		return e
	}
	area, text, target := s.words(op, parsed)
	e.Area, e.Text, e.Target = area, e.Name+" "+text, target
	return e
}

func (s *Snapshot) words(op oplog.Op, parsed any) (area, text, target string) {
	switch p := parsed.(type) {
	case oplog.NamePayload:
		switch op.Type {
		case oplog.WorkspaceCreate:
			return "workspace", fmt.Sprintf("created the workspace “%s”", p.Name), ""
		case oplog.WorkspaceRename:
			return "workspace", fmt.Sprintf("renamed the workspace “%s”", p.Name), ""
		default:
			return "members", "asked to join as " + p.Name, op.Author
		}
	case oplog.ApprovePayload:
		return "members", "approved " + s.NameOf(p.Member), p.Member
	case oplog.MemberPayload:
		return "members", "removed " + s.NameOf(p.Member), p.Member
	case oplog.GrantPayload:
		if op.Type == oplog.RoleRevoke {
			return "roles", fmt.Sprintf("took the %s permission from %s", p.Permission, s.NameOf(p.Member)), p.Member
		}
		return "roles", fmt.Sprintf("gave %s the %s permission", s.NameOf(p.Member), p.Permission), p.Member
	case oplog.RolePayload:
		return "roles", fmt.Sprintf("added the role “%s”", p.Name), p.Role
	case oplog.RoleMemberPayload:
		if op.Type == oplog.RoleUnassign {
			return "roles", fmt.Sprintf("took the role “%s” from %s", s.NameOf(p.Role), s.NameOf(p.Member)), p.Role
		}
		return "roles", fmt.Sprintf("gave %s the role “%s”", s.NameOf(p.Member), s.NameOf(p.Role)), p.Role
	case oplog.VisionPayload:
		return "vision", "set the vision", ""
	case oplog.AnswerPayload:
		return "vision", fmt.Sprintf("answered “%s”", questionText(p.Question)), p.Question
	case oplog.ExchangePayload:
		verb := "offered"
		if p.Side == string(canvas.Need) {
			verb = "asked for"
		}
		return "vision", fmt.Sprintf("%s: %s", verb, firstLine(p.Text)), op.ID
	case oplog.ItemPayload:
		return "vision", "took up an offer or need", p.Item
	case oplog.StepAddPayload:
		what := "step"
		if p.Milestone {
			what = "milestone"
		}
		return "roadmap", fmt.Sprintf("added the %s “%s”", what, p.Title), p.Step
	case oplog.StepSetPayload:
		if p.Status != nil {
			return "roadmap", fmt.Sprintf("marked “%s” %s", s.stepTitle(p.Step), *p.Status), p.Step
		}
		return "roadmap", fmt.Sprintf("changed the step “%s”", s.stepTitle(p.Step)), p.Step
	case oplog.PartAddPayload:
		return "deliverable", "added " + s.partLabel(p.Part, p.Title), p.Part
	case oplog.PartRevisePayload:
		switch {
		case p.Suggestion != "":
			return "deliverable", "accepted a suggestion to " + s.partLabel(p.Part, ""), p.Part
		case len(p.Parents) > 1:
			return "deliverable", "resolved a conflict in " + s.partLabel(p.Part, ""), p.Part
		}
		return "deliverable", "revised " + s.partLabel(p.Part, ""), p.Part
	case oplog.PartMovePayload:
		return "deliverable", "moved " + s.partLabel(p.Part, ""), p.Part
	case oplog.PartRetitlePayload:
		return "deliverable", fmt.Sprintf("retitled a part “%s”", p.Title), p.Part
	case oplog.PartPayload:
		return "deliverable", "deleted a part", p.Part
	case oplog.PartSetPayload:
		return "deliverable", "changed the settings of " + s.partLabel(p.Part, ""), p.Part
	case oplog.SuggestPayload:
		return "deliverable", "suggested a change to " + s.partLabel(p.Part, ""), p.Part
	case oplog.DeclinePayload:
		return "deliverable", "declined a suggestion to " + s.partLabel(p.Part, ""), p.Part
	case oplog.CommentPayload:
		return "deliverable", "commented on " + s.partLabel(p.Target, ""), p.Target
	case oplog.ContribPayload:
		return "contributions", fmt.Sprintf("logged a contribution (%s): %s", p.Type, firstLine(p.Note)), op.ID
	case oplog.ReviewPayload:
		verb := "returned"
		if p.Accept {
			verb = "accepted"
		}
		owner := "a"
		if c, err := s.Contribution(p.Contrib); err == nil {
			owner = s.NameOf(c.Member) + "’s"
		}
		return "contributions", fmt.Sprintf("%s %s contribution", verb, owner), p.Contrib
	case oplog.ProposePayload:
		return "decisions", fmt.Sprintf("proposed “%s” (%s)", p.Title, p.Method), op.ID
	case oplog.VotePayload:
		return "decisions", fmt.Sprintf("voted on “%s”", s.decisionTitle(p.Decision)), p.Decision
	case oplog.ClosePayload:
		return "decisions", fmt.Sprintf("closed “%s”: %s", s.decisionTitle(p.Decision), firstLine(p.Outcome)), p.Decision
	}
	return "workspace", "made a change (" + op.Type + ")", ""
}

// partLabel names a part as "§2 Methods", by its place in the deliverable.
func (s *Snapshot) partLabel(id, fallback string) string {
	for i, p := range s.Parts {
		if p.ID == id {
			return fmt.Sprintf("§%d %s", i+1, p.Title)
		}
	}
	if fallback != "" {
		return "“" + fallback + "”"
	}
	return "a part since deleted"
}

func (s *Snapshot) stepTitle(id string) string {
	if st, err := s.Step(id); err == nil {
		return st.Title
	}
	return id
}

func (s *Snapshot) decisionTitle(id string) string {
	for _, d := range s.Decisions {
		if d.ID == id {
			return d.Title
		}
	}
	return "a decision"
}

func questionText(id string) string {
	for _, q := range canvas.BoardQuestions {
		if q.ID == id {
			return q.Text
		}
	}
	return id
}

// firstLine shortens a text to its first line, at most 80 characters.
func firstLine(text string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(text), "\n")
	if r := []rune(line); len(r) > 80 {
		return string(r[:79]) + "…"
	}
	return line
}
