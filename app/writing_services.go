package app

import (
	"context"

	"github.com/cairn-community/cairn/backend/contributions"
	"github.com/cairn-community/cairn/backend/workspace"
)

// DeliverableService serves the deliverable: parts, their text (autosaved
// as revisions), history, suggestions, conflicts and comments.
type DeliverableService struct{ areas *AreasService }

// ContributionsService serves the contribution log, reviews and credits.
type ContributionsService struct{ areas *AreasService }

// DecisionsService serves proposals, votes and outcomes.
type DecisionsService struct{ areas *AreasService }

// Part reads a part with its revisions, suggestions, comments and conflict.
func (s *DeliverableService) Part(ref string) (workspace.PartView, error) {
	var view workspace.PartView
	err := s.areas.session.use(func(ctx context.Context, ws *workspace.Workspace) (err error) {
		view, err = ws.ShowPart(ctx, ref)
		return err
	})
	return view, err
}

// History lists a part's revisions with their texts, oldest first.
func (s *DeliverableService) History(ref string) ([]workspace.RevisionText, error) {
	var list []workspace.RevisionText
	err := s.areas.session.use(func(ctx context.Context, ws *workspace.Workspace) (err error) {
		list, err = ws.History(ctx, ref)
		return err
	})
	return list, err
}

// Preview renders Markdown sanitized, as the export does.
func (s *DeliverableService) Preview(markdown string) string { return workspace.Preview(markdown) }

// PartForm is a new part as the Deliverable screen sends it.
type PartForm struct {
	Title   string   `json:"title"`
	Brief   string   `json:"brief"`
	Kind    string   `json:"kind"`
	Mode    string   `json:"mode"`
	Owner   string   `json:"owner"`
	Writers []string `json:"writers"`
}

// AddPart adds a part at the end and returns its id.
func (s *DeliverableService) AddPart(form PartForm) (string, error) {
	var id string
	err := s.areas.do("deliverable", func(ctx context.Context, ws *workspace.Workspace) (err error) {
		id, err = ws.AddPart(ctx, workspace.PartInput{Title: form.Title, Brief: form.Brief, Kind: form.Kind, Mode: form.Mode, Owner: form.Owner, Writers: form.Writers})
		return err
	})
	return id, err
}

// PartEdit names the settings to change; absent fields stay.
type PartEdit struct {
	Brief   *string   `json:"brief,omitempty"`
	Kind    *string   `json:"kind,omitempty"`
	Mode    *string   `json:"mode,omitempty"`
	Owner   *string   `json:"owner,omitempty"`
	Writers *[]string `json:"writers,omitempty"`
}

// SetPart changes a part's settings (its owner or a coordinator).
func (s *DeliverableService) SetPart(ref string, edit PartEdit) error {
	return s.areas.do("deliverable", func(ctx context.Context, ws *workspace.Workspace) error {
		return ws.SetPart(ctx, ref, workspace.PartChange{Brief: edit.Brief, Kind: edit.Kind, Mode: edit.Mode, Owner: edit.Owner, Writers: edit.Writers})
	})
}

// MovePart puts a part before another ("" for the end).
func (s *DeliverableService) MovePart(ref, before string) error {
	return s.areas.do("deliverable", func(ctx context.Context, ws *workspace.Workspace) error { return ws.MovePart(ctx, ref, before) })
}

// Write saves text as the part's new revision (the editor's autosave) and
// returns the revision's id.
func (s *DeliverableService) Write(ref, text string) (string, error) {
	var id string
	err := s.areas.do("deliverable", func(ctx context.Context, ws *workspace.Workspace) (err error) {
		id, err = ws.WritePart(ctx, ref, text)
		return err
	})
	return id, err
}

// Resolve ends a conflict with the text given.
func (s *DeliverableService) Resolve(ref, text string) (string, error) {
	var id string
	err := s.areas.do("deliverable", func(ctx context.Context, ws *workspace.Workspace) (err error) {
		id, err = ws.ResolvePart(ctx, ref, text)
		return err
	})
	return id, err
}

// Restore makes an earlier revision's text the part's new revision.
func (s *DeliverableService) Restore(ref, revision string) (string, error) {
	var id string
	err := s.areas.do("deliverable", func(ctx context.Context, ws *workspace.Workspace) (err error) {
		id, err = ws.RestoreRevision(ctx, ref, revision)
		return err
	})
	return id, err
}

// Suggest proposes a new text to the part's owner.
func (s *DeliverableService) Suggest(ref, text, note string) (string, error) {
	var id string
	err := s.areas.do("deliverable", func(ctx context.Context, ws *workspace.Workspace) (err error) {
		id, err = ws.Suggest(ctx, ref, text, note)
		return err
	})
	return id, err
}

// Accept takes a suggestion into the part.
func (s *DeliverableService) Accept(suggestion string) (string, error) {
	var id string
	err := s.areas.do("deliverable", func(ctx context.Context, ws *workspace.Workspace) (err error) {
		id, err = ws.AcceptSuggestion(ctx, suggestion)
		return err
	})
	return id, err
}

// Decline turns a suggestion down with a note.
func (s *DeliverableService) Decline(suggestion, note string) error {
	return s.areas.do("deliverable", func(ctx context.Context, ws *workspace.Workspace) error {
		return ws.DeclineSuggestion(ctx, suggestion, note)
	})
}

// Comment adds a comment to a part.
func (s *DeliverableService) Comment(ref, body string) error {
	return s.areas.do("deliverable", func(ctx context.Context, ws *workspace.Workspace) error { return ws.Comment(ctx, ref, body) })
}

// Kind is a contribution type as the log form offers it.
type Kind struct {
	Key    string `json:"key"`
	Label  string `json:"label"`
	Emoji  string `json:"emoji"`
	CRediT bool   `json:"credit"`
}

// Kinds lists the all-contributors types, then the CRediT roles.
func (s *ContributionsService) Kinds() []Kind {
	var list []Kind
	for _, group := range [][]contributions.Kind{contributions.AllContributors, contributions.CRediTRoles} {
		for _, k := range group {
			list = append(list, Kind{Key: k.Key, Label: k.Label, Emoji: k.Emoji, CRediT: k.CRediT})
		}
	}
	return list
}

// ContributionForm is a contribution as logged; Part and Step take ids.
type ContributionForm struct {
	Type string `json:"type"`
	Part string `json:"part"`
	Step string `json:"step"`
	Note string `json:"note"`
}

// Log submits a contribution for review and returns its id.
func (s *ContributionsService) Log(form ContributionForm) (string, error) {
	var id string
	err := s.areas.do("contributions", func(ctx context.Context, ws *workspace.Workspace) (err error) {
		id, err = ws.LogContribution(ctx, workspace.ContributionInput{Type: form.Type, Part: form.Part, Step: form.Step, Note: form.Note})
		return err
	})
	return id, err
}

// Review accepts a contribution, or returns it with a note (validators).
func (s *ContributionsService) Review(id string, accept bool, note string) error {
	return s.areas.do("contributions", func(ctx context.Context, ws *workspace.Workspace) error {
		return ws.ReviewContribution(ctx, id, accept, note)
	})
}

// Credits adds up the accepted contributions, member by member.
func (s *ContributionsService) Credits() ([]workspace.Credit, error) {
	var list []workspace.Credit
	err := s.areas.session.use(func(ctx context.Context, ws *workspace.Workspace) error {
		snap, err := ws.Snapshot(ctx)
		if err == nil {
			list = snap.Credits()
		}
		return err
	})
	return list, err
}

// ProposalForm is a proposal as the Decisions screen sends it.
type ProposalForm struct {
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Method      string   `json:"method"`
	Options     []string `json:"options"`
	Closes      string   `json:"closes"`
	Quorum      int      `json:"quorum"`
}

// Propose opens a decision and returns its id.
func (s *DecisionsService) Propose(form ProposalForm) (string, error) {
	var id string
	err := s.areas.do("decisions", func(ctx context.Context, ws *workspace.Workspace) (err error) {
		id, err = ws.Propose(ctx, workspace.ProposalInput{Title: form.Title, Description: form.Description, Method: form.Method,
			Options: form.Options, Closes: form.Closes, Quorum: form.Quorum})
		return err
	})
	return id, err
}

// Vote casts or changes your ballot; it says whether it replaced one.
func (s *DecisionsService) Vote(decision, choice, reason string) (bool, error) {
	var changed bool
	err := s.areas.do("decisions", func(ctx context.Context, ws *workspace.Workspace) (err error) {
		changed, err = ws.Vote(ctx, decision, choice, reason)
		return err
	})
	return changed, err
}

// CloseForm is a decision's outcome.
type CloseForm struct {
	Outcome   string `json:"outcome"`
	Review    string `json:"review"`
	Validates string `json:"validates"`
}

// Close records a decision's outcome (coordinators).
func (s *DecisionsService) Close(decision string, form CloseForm) error {
	return s.areas.do("decisions", func(ctx context.Context, ws *workspace.Workspace) error {
		return ws.CloseDecision(ctx, decision, workspace.CloseInput{Outcome: form.Outcome, Review: form.Review, Validates: form.Validates})
	})
}
