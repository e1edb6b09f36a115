package app

import (
	"context"

	"github.com/cairn-community/cairn/backend/canvas"
	"github.com/cairn-community/cairn/backend/roles"
	"github.com/cairn-community/cairn/backend/workspace"
)

// EventChanged tells the window that the shared state changed (a write
// here, or a sync brought something): it fetches what it shows again
// through a bound call. The payload is the area, never the data, because
// large event payloads leak in WebKitGTK.
const EventChanged = "changed"

// AreasService serves the workspace's areas: reads of the shared state and
// the changes a person makes in them.
type AreasService struct {
	session *Session
	emit    func(event string, data ...any)
}

// NewAreasService binds to session; emit sends events to the window (nil:
// none, as in tests).
func NewAreasService(session *Session, emit func(event string, data ...any)) *AreasService {
	if emit == nil {
		emit = func(string, ...any) {}
	}
	return &AreasService{session: session, emit: emit}
}

// do runs a change on the open workspace and tells the window.
func (s *AreasService) do(area string, change func(context.Context, *workspace.Workspace) error) error {
	if err := s.session.use(change); err != nil {
		return err
	}
	s.emit(EventChanged, area)
	return nil
}

// Activity is the timeline of accepted changes, newest first, filtered.
func (s *AreasService) Activity(filter workspace.ActivityFilter) ([]workspace.ActivityEntry, error) {
	var list []workspace.ActivityEntry
	err := s.session.use(func(ctx context.Context, ws *workspace.Workspace) (err error) {
		list, err = ws.Activity(ctx, filter)
		return err
	})
	return list, err
}

// Snapshot is the whole shared state, read in one go.
func (s *AreasService) Snapshot() (snap *workspace.Snapshot, err error) {
	err = s.session.use(func(ctx context.Context, ws *workspace.Workspace) error {
		snap, err = ws.Snapshot(ctx)
		return err
	})
	return snap, err
}

// SnapshotOf reads what a change to one area (as the "changed" event names
// it) may have changed: the workspace's name, the vision and the members
// always, and that area's lists; the lists of other areas come back null,
// and the window keeps what it had for them.
func (s *AreasService) SnapshotOf(area string) (snap *workspace.Snapshot, err error) {
	err = s.session.use(func(ctx context.Context, ws *workspace.Workspace) error {
		snap, err = ws.SnapshotOf(ctx, workspace.NeedsAfter(area))
		return err
	})
	return snap, err
}

// MeView is who you are here and what you may do now.
type MeView struct {
	Key string              `json:"key"` // your member key, whichever computer this is
	May workspace.MemberMay `json:"may"`
}

// Me is who you are and what you may do now; it changes when roles or
// membership do.
func (s *AreasService) Me() (view MeView, err error) {
	err = s.session.use(func(ctx context.Context, ws *workspace.Workspace) error {
		snap, err := ws.SnapshotOf(ctx, 0)
		if err == nil {
			view = MeView{Key: snap.MemberOf(ws.Author()), May: snap.MayOf(ws.Author())}
		}
		return err
	})
	return view, err
}

// MyChanges lists your changes not in force: kept until a coordinator lets
// you in, or refused, each with the reason and what you can do.
func (s *AreasService) MyChanges() (list []workspace.Change, err error) {
	err = s.session.use(func(ctx context.Context, ws *workspace.Workspace) error {
		list, err = ws.MyChanges(ctx)
		return err
	})
	return list, err
}

// Resubmit sends on one of your changes not in force: a refused one again,
// judged by today's rules; one made while your clock ran ahead, now.
func (s *AreasService) Resubmit(id string) (newID string, err error) {
	err = s.do("sync", func(ctx context.Context, ws *workspace.Workspace) error {
		newID, err = ws.Resubmit(ctx, id)
		return err
	})
	return newID, err
}

// Release applies now changes made while a computer's clock ran ahead:
// yours, or as a coordinator anyone's (a change whose action is send-now).
func (s *AreasService) Release(ids []string) (released []string, err error) {
	err = s.do("sync", func(ctx context.Context, ws *workspace.Workspace) error {
		released, err = ws.Release(ctx, ids)
		return err
	})
	return released, err
}

// Accept lets in, as a coordinator, changes a member made after their
// removal before it reached them (a change whose action is accept).
func (s *AreasService) Accept(ids []string) (accepted []string, err error) {
	err = s.do("sync", func(ctx context.Context, ws *workspace.Workspace) error {
		accepted, err = ws.Accept(ctx, ids)
		return err
	})
	return accepted, err
}

// HomeView is Home with who you are.
type HomeView struct {
	Home workspace.Home `json:"home"`
	Me   string         `json:"me"`
}

// Home is what waits for you today.
func (s *AreasService) Home() (view HomeView, err error) {
	err = s.session.use(func(ctx context.Context, ws *workspace.Workspace) error {
		snap, err := ws.Snapshot(ctx)
		if err == nil {
			view = HomeView{Home: snap.Home(ws.Author(), ws.Now()), Me: snap.MemberOf(ws.Author())}
		}
		return err
	})
	return view, err
}

// SetVision writes the shared vision (coordinators).
func (s *AreasService) SetVision(text string) error {
	return s.do("vision", func(ctx context.Context, ws *workspace.Workspace) error { return ws.SetVision(ctx, text) })
}

// AnswerQuestion gives your answer to one of the board's questions.
func (s *AreasService) AnswerQuestion(question, text string) error {
	return s.do("vision", func(ctx context.Context, ws *workspace.Workspace) error {
		return ws.AnswerQuestion(ctx, question, text)
	})
}

// AddExchange puts an offer or a need on the board, linked to a part or a
// step if given, and returns its id.
func (s *AreasService) AddExchange(side, text, part, step string) (string, error) {
	var id string
	err := s.do("vision", func(ctx context.Context, ws *workspace.Workspace) error {
		var err error
		id, err = ws.AddExchange(ctx, canvas.Side(side), text, part, step)
		return err
	})
	return id, err
}

// MatchExchange takes up someone's offer or need.
func (s *AreasService) MatchExchange(item string) error {
	return s.do("vision", func(ctx context.Context, ws *workspace.Workspace) error { return ws.MatchExchange(ctx, item) })
}

// RoleForm is a new role as the Roles screen sends it.
type RoleForm struct {
	Name string   `json:"name"`
	Who  string   `json:"who"`
	When string   `json:"when"`
	How  string   `json:"how"`
	Can  []string `json:"can"`
}

// AddRole defines a role (coordinators) and returns its id.
func (s *AreasService) AddRole(form RoleForm) (string, error) {
	var id string
	err := s.do("roles", func(ctx context.Context, ws *workspace.Workspace) error {
		in := workspace.RoleInput{Name: form.Name, Who: form.Who, When: form.When, How: form.How}
		for _, c := range form.Can {
			in.Can = append(in.Can, roles.Permission(c))
		}
		var err error
		id, err = ws.AddRole(ctx, in)
		return err
	})
	return id, err
}

// AssignRole gives a member a role; UnassignRole takes it back.
func (s *AreasService) AssignRole(role, member string) error {
	return s.do("roles", func(ctx context.Context, ws *workspace.Workspace) error { return ws.AssignRole(ctx, role, member) })
}

// UnassignRole takes a role back; the last coordinator keeps theirs.
func (s *AreasService) UnassignRole(role, member string) error {
	return s.do("roles", func(ctx context.Context, ws *workspace.Workspace) error { return ws.UnassignRole(ctx, role, member) })
}

// ApproveMember lets someone who asked to join in (coordinators).
func (s *AreasService) ApproveMember(member string) error {
	return s.do("roles", func(ctx context.Context, ws *workspace.Workspace) error {
		_, err := ws.ApproveMember(ctx, member)
		return err
	})
}

// RefuseMember turns a join request down (coordinators).
func (s *AreasService) RefuseMember(member string) error {
	return s.do("roles", func(ctx context.Context, ws *workspace.Workspace) error {
		_, err := ws.RefuseMember(ctx, member)
		return err
	})
}

// ApproveDevice lets another computer of yours act as you.
func (s *AreasService) ApproveDevice(device string) error {
	return s.do("roles", func(ctx context.Context, ws *workspace.Workspace) error {
		_, err := ws.ApproveDevice(ctx, device)
		return err
	})
}

// StepForm is a step as the Roadmap screen sends it; Owner, After and
// Parts take ids or names.
type StepForm struct {
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Start       string   `json:"start"`
	Due         string   `json:"due"`
	Owner       string   `json:"owner"`
	After       []string `json:"after"`
	Parts       []string `json:"parts"`
	Milestone   bool     `json:"milestone"`
}

// AddStep adds a step or milestone and returns its id.
func (s *AreasService) AddStep(form StepForm) (string, error) {
	var id string
	err := s.do("roadmap", func(ctx context.Context, ws *workspace.Workspace) error {
		var err error
		id, err = ws.AddStep(ctx, workspace.StepInput{Title: form.Title, Description: form.Description, Start: form.Start,
			Due: form.Due, Owner: form.Owner, After: form.After, Parts: form.Parts, Milestone: form.Milestone})
		return err
	})
	return id, err
}

// StepEdit names the fields to change; absent (null) fields stay.
type StepEdit struct {
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

// SetStep changes a step: its status, dates (drag to reschedule), owner,
// dependencies. A loop is refused with the steps named.
func (s *AreasService) SetStep(step string, edit StepEdit) error {
	return s.do("roadmap", func(ctx context.Context, ws *workspace.Workspace) error {
		return ws.SetStep(ctx, step, workspace.StepChange{Title: edit.Title, Description: edit.Description, Start: edit.Start,
			Due: edit.Due, Owner: edit.Owner, Status: edit.Status, After: edit.After, Parts: edit.Parts, Milestone: edit.Milestone})
	})
}
