package workspace

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/cairn-community/cairn/backend/community"
	"github.com/cairn-community/cairn/backend/deliverable"
	"github.com/cairn-community/cairn/backend/errs"
	"github.com/cairn-community/cairn/backend/oplog"
)

// PartInput is a new part of the deliverable. Owner and Writers take
// member names or keys; the owner defaults to you.
type PartInput struct {
	Title, Brief, Kind, Mode, Owner string
	Writers                         []string
}

// AddPart adds a part at the end of the deliverable and returns its id.
func (w *Workspace) AddPart(ctx context.Context, in PartInput) (string, error) {
	in.Title = strings.TrimSpace(in.Title)
	if err := checkName("title", in.Title, oplog.MaxTitleChars); err != nil {
		return "", err
	}
	if len(in.Brief) > oplog.MaxCommentBytes || !utf8.ValidString(in.Brief) {
		return "", errs.OnField("brief", "The brief must be text of at most %d bytes.", oplog.MaxCommentBytes)
	}
	p := deliverable.PartAddPayload{Title: in.Title, Brief: in.Brief}
	if in.Kind != "" {
		kind, err := deliverable.ParseKind(in.Kind)
		if err != nil {
			return "", err
		}
		p.Kind = string(kind)
	}
	if in.Mode != "" {
		mode, err := deliverable.ParseMode(in.Mode)
		if err != nil {
			return "", err
		}
		p.Mode = string(mode)
	}
	s, err := w.SnapshotOf(ctx, NeedParts)
	if err != nil {
		return "", err
	}
	if in.Owner != "" {
		owner, err := s.currentMember("owner", in.Owner)
		if err != nil {
			return "", err
		}
		p.Owner = owner
	}
	for _, ref := range in.Writers {
		writer, err := s.currentMember("writer", ref)
		if err != nil {
			return "", err
		}
		if !slices.Contains(p.Writers, writer) {
			p.Writers = append(p.Writers, writer)
		}
	}
	last := ""
	for _, part := range s.Parts {
		last = max(last, part.Position)
	}
	if p.Position, err = oplog.Between(last, ""); err != nil {
		return "", errs.Wrap(err, errs.Internal, "Cairn could not place the new part.")
	}
	if p.Part, err = community.NewID(w.dir.Random); err != nil {
		return "", err
	}
	_, err = w.Write(ctx, deliverable.PartAdd, p)
	return p.Part, err
}

// currentMember resolves a member who is in the workspace now.
func (s *Snapshot) currentMember(field, ref string) (string, error) {
	m, err := s.Member(ref)
	if err != nil {
		return "", errs.OnField(field, "%s", errs.Message(err))
	}
	if !m.Approved || m.Removed {
		return "", errs.OnField(field, "%s is not a current member.", s.NameOf(m.Key))
	}
	return m.Key, nil
}

// PartChange names the settings to change; nil leaves one as it is.
type PartChange struct {
	Brief, Kind, Mode, Owner *string
	Writers                  *[]string
}

// SetPart changes a part's settings; its owner or a coordinator may.
func (w *Workspace) SetPart(ctx context.Context, ref string, change PartChange) error {
	s, err := w.SnapshotOf(ctx, NeedParts)
	if err != nil {
		return err
	}
	part, err := s.Part(ref)
	if err != nil {
		return err
	}
	p := deliverable.PartSetPayload{Part: part.ID, Brief: change.Brief}
	if change.Brief != nil && (len(*change.Brief) > oplog.MaxCommentBytes || !utf8.ValidString(*change.Brief)) {
		return errs.OnField("brief", "The brief must be text of at most %d bytes.", oplog.MaxCommentBytes)
	}
	if change.Kind != nil {
		kind, err := deliverable.ParseKind(*change.Kind)
		if err != nil {
			return err
		}
		p.Kind = ptr(string(kind))
	}
	if change.Mode != nil {
		mode, err := deliverable.ParseMode(*change.Mode)
		if err != nil {
			return err
		}
		p.Mode = ptr(string(mode))
	}
	if change.Owner != nil {
		owner, err := s.currentMember("owner", *change.Owner)
		if err != nil {
			return err
		}
		p.Owner = &owner
	}
	if change.Writers != nil {
		writers := []string{}
		for _, ref := range *change.Writers {
			writer, err := s.currentMember("writer", ref)
			if err != nil {
				return err
			}
			if !slices.Contains(writers, writer) {
				writers = append(writers, writer)
			}
		}
		p.Writers = &writers
	}
	if p == (deliverable.PartSetPayload{Part: part.ID}) {
		return errs.New(errs.Invalid, "Nothing to change: no setting was given.").WithHint("Name a setting, such as --mode or --owner.")
	}
	_, err = w.Write(ctx, deliverable.PartSet, p)
	return err
}

func ptr[T any](v T) *T { return &v }

// Comment adds a comment to a part.
func (w *Workspace) Comment(ctx context.Context, ref, body string) error {
	if strings.TrimSpace(body) == "" || len(body) > oplog.MaxCommentBytes || !utf8.ValidString(body) {
		return errs.OnField("body", "Write the comment in 1 to %d bytes of text.", oplog.MaxCommentBytes)
	}
	s, err := w.SnapshotOf(ctx, 0)
	if err != nil {
		return err
	}
	part, err := w.lookupPart(ctx, s, ref)
	if err != nil {
		return err
	}
	_, err = w.Write(ctx, deliverable.CommentAdd, deliverable.CommentPayload{Target: part.ID, Body: body})
	return err
}

// MovePart puts a part before the part named before ("" for the end).
func (w *Workspace) MovePart(ctx context.Context, ref, before string) error {
	s, err := w.SnapshotOf(ctx, NeedParts)
	if err != nil {
		return err
	}
	part, err := s.Part(ref)
	if err != nil {
		return err
	}
	var others []Part
	for _, p := range s.Parts {
		if p.ID != part.ID {
			others = append(others, p)
		}
	}
	at := len(others)
	if before != "" {
		next, err := s.Part(before)
		if err != nil {
			return err
		}
		at = slices.IndexFunc(others, func(p Part) bool { return p.ID == next.ID })
	}
	low, high := "", ""
	if at > 0 {
		low = others[at-1].Position
	}
	if at < len(others) {
		high = others[at].Position
	}
	position, err := oplog.Between(low, high)
	if err != nil {
		// Parts added apart can share a position; there is then no room
		// between them, and the move says so rather than guess.
		return errs.New(errs.Conflict, "There is no room to put %q there; move a neighbouring part first.", part.Title)
	}
	_, err = w.Write(ctx, deliverable.PartMove, deliverable.PartMovePayload{Part: part.ID, Position: position})
	return err
}
