package workspace

import (
	"context"
	"time"

	"github.com/cairn-community/cairn/backend/contributions"
	"github.com/cairn-community/cairn/backend/errs"
	"github.com/cairn-community/cairn/backend/roles"
)

// ContributionInput is a contribution as its author logs it. Part and
// Step take ids or exact titles.
type ContributionInput struct {
	Type, Part, Step, Note string
}

// LogContribution submits a contribution for review and returns its id.
func (w *Workspace) LogContribution(ctx context.Context, in ContributionInput) (string, error) {
	kind, err := contributions.LookupKind(in.Type)
	if err != nil {
		return "", err
	}
	if err := contributions.CheckNote(in.Note); err != nil {
		return "", err
	}
	s, err := w.SnapshotOf(ctx, 0)
	if err != nil {
		return "", err
	}
	p := contributions.ContribPayload{Type: kind.Key, Note: in.Note}
	if in.Part != "" {
		part, err := w.lookupPart(ctx, s, in.Part)
		if err != nil {
			return "", errs.OnField("part", "%s", errs.Message(err))
		}
		p.Part = part.ID
	}
	if in.Step != "" {
		step, err := w.lookupStep(ctx, s, in.Step)
		if err != nil {
			return "", errs.OnField("step", "%s", errs.Message(err))
		}
		p.Step = step.ID
	}
	op, err := w.Write(ctx, contributions.ContribLog, p)
	return op.ID, err
}

// ReviewContribution accepts a submitted contribution or returns it with a
// note; validators only.
func (w *Workspace) ReviewContribution(ctx context.Context, ref string, accept bool, note string) error {
	s, err := w.SnapshotOf(ctx, 0)
	if err != nil {
		return err
	}
	c, err := w.lookupContribution(ctx, s, ref)
	if err != nil {
		return err
	}
	if !s.holds(w.Author(), roles.Validate) {
		return errs.New(errs.Unauthorized, "Only a validator reviews contributions. Ask a coordinator for a role that can validate.")
	}
	if err := contributions.CheckReview(contributions.Status(c.Status), contributions.Review{Accept: accept, Note: note}); err != nil {
		return err
	}
	_, err = w.Write(ctx, contributions.ContribReview, contributions.ReviewPayload{Contrib: c.ID, Accept: accept, Note: note})
	return err
}

// Credit is one member's credits, by name.
type Credit struct {
	Member string   `json:"member"`
	Name   string   `json:"name"`
	Kinds  []string `json:"kinds"`
}

// Credits adds up the accepted contributions.
func (s *Snapshot) Credits() []Credit {
	s.needs(NeedContributions)
	entries := make([]contributions.Entry, len(s.Contributions))
	for i, c := range s.Contributions {
		entries[i] = contributions.Entry{ID: c.ID, Member: c.Member, Kind: c.Type, Status: contributions.Status(c.Status)}
	}
	var list []Credit
	for _, c := range contributions.Credits(entries) {
		list = append(list, Credit{Member: c.Member, Name: s.NameOf(c.Member), Kinds: c.Kinds})
	}
	return list
}

// Now is the workspace's clock as a time, for deadlines and "today".
func (w *Workspace) Now() time.Time { return w.dir.Now() }
