package workspace

import (
	"context"
	"slices"
	"strings"

	"github.com/cairn-community/cairn/backend/community"
	"github.com/cairn-community/cairn/backend/errs"
	"github.com/cairn-community/cairn/backend/oplog"
	"github.com/cairn-community/cairn/backend/roadmap"
	"github.com/cairn-community/cairn/backend/roles"
)

// StepInput is a new step as a member describes it. Owner, After and
// Parts take ids or exact names.
type StepInput struct {
	Title, Description string
	Start, Due         string // YYYY-MM-DD or ""
	Owner              string // a member or a role
	After, Parts       []string
	Milestone          bool
}

// StepChange names the fields to change; nil leaves a field as it is.
type StepChange struct {
	Title, Description, Start, Due, Owner, Status *string
	After, Parts                                  *[]string
	Milestone                                     *bool
}

// AddStep adds a step or milestone to the roadmap and returns its id.
func (w *Workspace) AddStep(ctx context.Context, in StepInput) (string, error) {
	id, err := community.NewID(w.dir.Random)
	if err != nil {
		return "", err
	}
	change := StepChange{Title: &in.Title, Description: &in.Description, Start: &in.Start, Due: &in.Due, Owner: &in.Owner,
		After: &in.After, Parts: &in.Parts}
	s, err := w.SnapshotOf(ctx, change.reads())
	if err != nil {
		return "", err
	}
	next, err := w.checkStepChange(s, Step{ID: id, After: []string{}, Parts: []string{}, Status: string(roadmap.Planned)}, change)
	if err != nil {
		return "", err
	}
	_, err = w.Write(ctx, roadmap.StepAdd, roadmap.StepAddPayload{Step: id, Title: next.Title, Description: next.Description,
		Start: next.Start, Due: next.Due, Owner: next.Owner, After: next.After, Parts: next.Parts, Milestone: in.Milestone})
	return id, err
}

// SetStep changes a step's fields.
func (w *Workspace) SetStep(ctx context.Context, ref string, change StepChange) error {
	s, err := w.SnapshotOf(ctx, change.reads())
	if err != nil {
		return err
	}
	var step Step
	if change.After != nil {
		step, err = s.Step(ref) // as the whole roadmap has it, loops broken
	} else {
		step, err = w.lookupStep(ctx, s, ref)
	}
	if err != nil {
		return err
	}
	next, err := w.checkStepChange(s, step, change)
	if err != nil {
		return err
	}
	p := roadmap.StepSetPayload{Step: step.ID, Title: change.Title, Description: change.Description, Start: change.Start,
		Due: change.Due, Milestone: change.Milestone, Status: change.Status}
	if change.Owner != nil {
		p.Owner = &next.Owner
	}
	if change.After != nil {
		p.After = &next.After
	}
	if change.Parts != nil {
		p.Parts = &next.Parts
	}
	if p == (roadmap.StepSetPayload{Step: step.ID}) {
		return errs.New(errs.Invalid, "Nothing to change: no field was given.").WithHint("Name a field to set, such as --status or --due.")
	}
	_, err = w.Write(ctx, roadmap.StepSet, p)
	return err
}

// reads is what checking the change needs to read beyond the members: the
// whole roadmap to find loops only when dependencies change, the parts
// when linked parts do, the roles when the owner does.
func (change StepChange) reads() Needs {
	var reads Needs
	if change.After != nil && len(*change.After) > 0 {
		reads |= NeedSteps
	}
	if change.Parts != nil && len(*change.Parts) > 0 {
		reads |= NeedParts
	}
	if change.Owner != nil && strings.TrimSpace(*change.Owner) != "" {
		reads |= NeedRoles
	}
	return reads
}

// checkStepChange applies change to step, resolving names to ids, and
// refuses what the roadmap rules refuse: bad titles and dates, unknown
// owners, steps or parts, loops, and "validated" without the right.
func (w *Workspace) checkStepChange(s *Snapshot, step Step, change StepChange) (Step, error) {
	if change.Title != nil {
		*change.Title = strings.TrimSpace(*change.Title)
		if err := checkName("title", *change.Title, oplog.MaxTitleChars); err != nil {
			return step, err
		}
		step.Title = *change.Title
	}
	if change.Description != nil {
		if len(*change.Description) > oplog.MaxCommentBytes {
			return step, errs.OnField("description", "The description is over %d bytes; keep it to a few paragraphs.", oplog.MaxCommentBytes)
		}
		step.Description = *change.Description
	}
	for _, date := range []struct {
		field string
		value *string
		into  *string
	}{{"start", change.Start, &step.Start}, {"due", change.Due, &step.Due}} {
		if date.value == nil {
			continue
		}
		*date.value = strings.TrimSpace(*date.value)
		if *date.value != "" {
			if _, err := roadmap.ParseDate(date.field, *date.value); err != nil {
				return step, err
			}
		}
		*date.into = *date.value
	}
	start, due := optionalDate(step.Start), optionalDate(step.Due)
	if err := roadmap.CheckDates(start, due); err != nil {
		return step, err
	}
	if change.Owner != nil {
		step.Owner = ""
		if ref := strings.TrimSpace(*change.Owner); ref != "" {
			owner, err := s.ownerID(ref)
			if err != nil {
				return step, err
			}
			step.Owner = owner
		}
	}
	if change.After != nil {
		step.After = []string{}
		for _, ref := range *change.After {
			dep, err := s.Step(ref)
			if err != nil {
				return step, errs.OnField("after", "%s", errs.Message(err))
			}
			if !slices.Contains(step.After, dep.ID) {
				step.After = append(step.After, dep.ID)
			}
		}
		plan := s.plan()
		i := slices.IndexFunc(plan, func(p roadmap.Step) bool { return p.ID == step.ID })
		if i < 0 {
			plan = append(plan, roadmap.Step{ID: step.ID, Title: step.Title})
			i = len(plan) - 1
		}
		plan[i].After = step.After
		if err := roadmap.CheckDependencies(plan); err != nil {
			return step, err
		}
	}
	if change.Parts != nil {
		step.Parts = []string{}
		for _, ref := range *change.Parts {
			part, err := s.Part(ref)
			if err != nil {
				return step, errs.OnField("parts", "%s", errs.Message(err))
			}
			step.Parts = append(step.Parts, part.ID)
		}
	}
	if change.Status != nil {
		status, err := roadmap.ParseStatus(*change.Status)
		if err != nil {
			return step, err
		}
		*change.Status = string(status)
		if err := roadmap.CheckStatusChange(status, roadmap.Authority{Validate: s.holds(w.Author(), roles.Validate)}); err != nil {
			return step, err
		}
		step.Status = string(status)
	}
	return step, nil
}

func optionalDate(text string) *roadmap.Date {
	if text == "" {
		return nil
	}
	d, err := roadmap.ParseDate("date", text)
	if err != nil {
		return nil
	}
	return &d
}

// ownerID resolves a step's owner: a member, else a role.
func (s *Snapshot) ownerID(ref string) (string, error) {
	if m, err := s.Member(ref); err == nil {
		return m.Key, nil
	}
	if r, err := s.Role(ref); err == nil {
		return r.ID, nil
	}
	return "", errs.OnField("owner", "Nobody and no role called %q is known here. Name a member or a role.", ref).
		WithHint("List them with: cairn member list, cairn role list")
}

// MemberMay is what a person may do in the workspace now, as the rules of
// the shared record say: the app shows or hides its controls by it and
// never works a permission out for itself.
type MemberMay struct {
	Coordinate bool `json:"coordinate"` // plan, define and give roles, let members in, close decisions
	Validate   bool `json:"validate"`   // accept or return contributions, validate steps
	Contribute bool `json:"contribute"` // write, suggest, log contributions, vote
}

// MayOf is what the person with key may do now.
func (s *Snapshot) MayOf(key string) MemberMay {
	return MemberMay{Coordinate: s.holds(key, roles.Coordinate), Validate: s.holds(key, roles.Validate), Contribute: s.holds(key, roles.Contribute)}
}

// holds reports whether a member holds a permission now.
func (s *Snapshot) holds(key string, p roles.Permission) bool {
	key = s.MemberOf(key)
	for _, m := range s.Members {
		if m.Key == key {
			return !m.Removed && slices.Contains(m.Permissions, string(p))
		}
	}
	return false
}
