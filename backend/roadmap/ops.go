package roadmap

import (
	"fmt"
	"strings"

	"github.com/cairn-community/cairn/backend/oplog"
)

// The operation types of the roadmap.
const (
	StepAdd = "step.add"
	StepSet = "step.set"
)

type (
	// StepAddPayload adds a step or milestone to the roadmap. Owner is a
	// member key or a role id.
	StepAddPayload struct {
		Step        string   `json:"step"`
		Title       string   `json:"title"`
		Description string   `json:"description,omitempty"`
		Start       string   `json:"start,omitempty"`
		Due         string   `json:"due,omitempty"`
		Owner       string   `json:"owner,omitempty"`
		After       []string `json:"after,omitempty"`
		Parts       []string `json:"parts,omitempty"`
		Milestone   bool     `json:"milestone,omitempty"`
	}
	// StepSetPayload changes the fields it names; each field is its own
	// last-writer-wins value, so concurrent edits of different fields both
	// stand. An empty string clears a date or the owner.
	StepSetPayload struct {
		Step        string    `json:"step"`
		Title       *string   `json:"title,omitempty"`
		Description *string   `json:"description,omitempty"`
		Start       *string   `json:"start,omitempty"`
		Due         *string   `json:"due,omitempty"`
		Owner       *string   `json:"owner,omitempty"`
		Status      *string   `json:"status,omitempty"`
		After       *[]string `json:"after,omitempty"`
		Parts       *[]string `json:"parts,omitempty"`
		Milestone   *bool     `json:"milestone,omitempty"`
	}
)

// CheckDateTexts refuses dates in a payload that are not YYYY-MM-DD, or a
// due date before the start; an empty one is absent. Every area with dates
// uses it.
func CheckDateTexts(start, due string) error {
	var parsed [2]*Date
	for i, text := range []string{start, due} {
		if text == "" {
			continue
		}
		d, err := ParseDate("date", text)
		if err != nil || d.String() != text {
			return fmt.Errorf("date %q is not YYYY-MM-DD", text)
		}
		parsed[i] = &d
	}
	if err := CheckDates(parsed[0], parsed[1]); err != nil {
		return fmt.Errorf("the due date comes before the start")
	}
	return nil
}

func checkStepSet(p StepSetPayload) error {
	errs := []error{oplog.CheckRef("step", p.Step)}
	if p.Title != nil {
		errs = append(errs, oplog.CheckName("title", *p.Title, oplog.MaxTitleChars))
	}
	if p.Description != nil && *p.Description != "" {
		errs = append(errs, oplog.CheckOptionalText("description", *p.Description, oplog.MaxCommentBytes))
	}
	if p.Start != nil {
		errs = append(errs, CheckDateTexts(*p.Start, ""))
	}
	if p.Due != nil {
		errs = append(errs, CheckDateTexts("", *p.Due))
	}
	if p.Owner != nil {
		errs = append(errs, oplog.CheckOptionalRef("owner", *p.Owner))
	}
	if p.Status != nil {
		if _, err := ParseStatus(*p.Status); err != nil || *p.Status != strings.ToLower(*p.Status) {
			errs = append(errs, fmt.Errorf("status %q is not a status", *p.Status))
		}
	}
	if p.After != nil {
		errs = append(errs, oplog.CheckRefs("after", *p.After))
	}
	if p.Parts != nil {
		errs = append(errs, oplog.CheckRefs("parts", *p.Parts))
	}
	return oplog.FirstError(errs...)
}

func init() {
	oplog.Define(oplog.Spec[StepAddPayload]{
		Type: StepAdd, Area: "roadmap", Permission: oplog.Contribute,
		Valid: func(p StepAddPayload) error {
			return oplog.FirstError(oplog.CheckRef("step", p.Step), oplog.CheckName("title", p.Title, oplog.MaxTitleChars),
				oplog.CheckOptionalText("description", p.Description, oplog.MaxCommentBytes), CheckDateTexts(p.Start, p.Due),
				oplog.CheckOptionalRef("owner", p.Owner), oplog.CheckRefs("after", p.After), oplog.CheckRefs("parts", p.Parts))
		},
		Project: func(w oplog.Projection, _ oplog.Op, p StepAddPayload) {
			entity := w.Created("step", p.Step)
			w.Field(entity, "title", p.Title)
			w.Field(entity, "description", p.Description)
			w.Field(entity, "start", p.Start)
			w.Field(entity, "due", p.Due)
			w.Field(entity, "owner", p.Owner)
			w.Field(entity, "after", oplog.NonNil(p.After))
			w.Field(entity, "parts", oplog.NonNil(p.Parts))
			w.Field(entity, "milestone", p.Milestone)
			w.Field(entity, "status", string(Planned))
		},
		Describe: func(_ oplog.Names, _ oplog.Op, p StepAddPayload) (string, string) {
			what := "step"
			if p.Milestone {
				what = "milestone"
			}
			return fmt.Sprintf("added the %s “%s”", what, p.Title), p.Step
		},
	})
	oplog.Define(oplog.Spec[StepSetPayload]{
		Type: StepSet, Area: "roadmap", Permission: oplog.Contribute,
		Valid: checkStepSet,
		// Marking a step validated needs validate; other edits contribute.
		Needs: func(p StepSetPayload) oplog.Permission {
			if p.Status != nil && *p.Status == string(Validated) {
				return oplog.Validate
			}
			return oplog.Contribute
		},
		Project: func(w oplog.Projection, _ oplog.Op, p StepSetPayload) {
			entity := "step:" + p.Step
			if p.Title != nil {
				w.Field(entity, "title", *p.Title)
			}
			if p.Description != nil {
				w.Field(entity, "description", *p.Description)
			}
			if p.Start != nil {
				w.Field(entity, "start", *p.Start)
			}
			if p.Due != nil {
				w.Field(entity, "due", *p.Due)
			}
			if p.Owner != nil {
				w.Field(entity, "owner", *p.Owner)
			}
			if p.Status != nil {
				w.Field(entity, "status", *p.Status)
			}
			if p.After != nil {
				w.Field(entity, "after", oplog.NonNil(*p.After))
			}
			if p.Parts != nil {
				w.Field(entity, "parts", oplog.NonNil(*p.Parts))
			}
			if p.Milestone != nil {
				w.Field(entity, "milestone", *p.Milestone)
			}
		},
		Describe: func(n oplog.Names, _ oplog.Op, p StepSetPayload) (string, string) {
			title := n.Label("step", p.Step)
			if title == "" {
				title = p.Step
			}
			if p.Status != nil {
				return fmt.Sprintf("marked “%s” %s", title, *p.Status), p.Step
			}
			return fmt.Sprintf("changed the step “%s”", title), p.Step
		},
	})
}
