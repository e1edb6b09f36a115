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
	s, err := readSnapshot(ctx, db, NeedAll)
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
	text, target := def.Describe(snapshotNames{s}, op, parsed)
	e.Area, e.Text, e.Target = def.Area, e.Name+" "+text, target
	return e
}

// snapshotNames names things for Activity from the snapshot.
type snapshotNames struct{ s *Snapshot }

func (n snapshotNames) Name(key string) string { return n.s.NameOf(key) }

func (n snapshotNames) Label(kind, id string) string {
	s := n.s
	switch kind {
	case "part":
		for i, p := range s.Parts {
			if p.ID == id {
				return fmt.Sprintf("§%d %s", i+1, p.Title)
			}
		}
	case "step":
		if st, err := s.Step(id); err == nil {
			return st.Title
		}
	case "role":
		return s.NameOf(id)
	case "decision":
		for _, d := range s.Decisions {
			if d.ID == id {
				return d.Title
			}
		}
	case "contribution":
		if c, err := s.Contribution(id); err == nil {
			return s.NameOf(c.Member) + "’s contribution"
		}
	case "question":
		for _, q := range canvas.BoardQuestions {
			if q.ID == id {
				return q.Text
			}
		}
		for _, q := range s.Canvas.Questions {
			if q.ID == id {
				return q.Text
			}
		}
		return id
	}
	return ""
}
