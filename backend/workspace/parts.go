package workspace

import (
	"context"
	"encoding/hex"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cairn-community/cairn/backend/community"
	"github.com/cairn-community/cairn/backend/deliverable"
	"github.com/cairn-community/cairn/backend/errs"
	"github.com/cairn-community/cairn/backend/export"
	"github.com/cairn-community/cairn/backend/oplog"
	"github.com/cairn-community/cairn/backend/roles"
	"github.com/cairn-community/cairn/backend/store"
	"github.com/cairn-community/cairn/backend/textmerge"
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

// checkPartText refuses text that is not UTF-8 or is over the limit.
func checkPartText(text string) error {
	if !utf8.ValidString(text) {
		return errs.OnField("text", "The text is not UTF-8. Save the file as UTF-8 (most editors offer it under \"Save as\") and try again.")
	}
	if len(text) > oplog.MaxTextBytes {
		return errs.OnField("text", "The text is %d bytes; a part holds at most %d. Split it into several parts.", len(text), oplog.MaxTextBytes)
	}
	return nil
}

// WritePart makes text the part's new revision and returns its id. A part
// in conflict is written through ResolvePart, so nobody overwrites a
// conflict without seeing it.
func (w *Workspace) WritePart(ctx context.Context, ref, text string) (string, error) {
	part, err := w.partToWrite(ctx, ref, text)
	if err != nil {
		return "", err
	}
	if part.Conflicted {
		return "", errs.New(errs.Conflict, "The part %q is in conflict: two edits made apart collide. Look at both and write the text that ends the conflict.", part.Title).
			WithHint("Look with: cairn part show; end it with: cairn part resolve")
	}
	if part.Text == text && len(part.Heads) > 0 {
		return "", errs.New(errs.Unchanged, "The part %q already has this text; nothing to save.", part.Title)
	}
	op, err := w.Write(ctx, deliverable.PartRevise, deliverable.PartRevisePayload{Part: part.ID, Parents: part.Heads, Text: text})
	return op.ID, err
}

// ResolvePart ends a conflict with the text given, continuing every side.
func (w *Workspace) ResolvePart(ctx context.Context, ref, text string) (string, error) {
	part, err := w.partToWrite(ctx, ref, text)
	if err != nil {
		return "", err
	}
	if !part.Conflicted {
		return "", errs.New(errs.Conflict, "The part %q is not in conflict, so there is nothing to resolve; write it as usual.", part.Title).
			WithHint("Write it with: cairn part write")
	}
	op, err := w.Write(ctx, deliverable.PartRevise, deliverable.PartRevisePayload{Part: part.ID, Parents: part.Heads, Text: text})
	return op.ID, err
}

func (w *Workspace) partToWrite(ctx context.Context, ref, text string) (Part, error) {
	if err := checkPartText(text); err != nil {
		return Part{}, err
	}
	s, err := w.SnapshotOf(ctx, NeedParts)
	if err != nil {
		return Part{}, err
	}
	return s.Part(ref)
}

// Suggest proposes a new text for a part, for its owner to accept or
// decline, and returns the suggestion's id.
func (w *Workspace) Suggest(ctx context.Context, ref, text, note string) (string, error) {
	part, err := w.partToWrite(ctx, ref, text)
	if err != nil {
		return "", err
	}
	if len(note) > oplog.MaxNoteBytes || !utf8.ValidString(note) {
		return "", errs.OnField("note", "The note must be text of at most %d bytes.", oplog.MaxNoteBytes)
	}
	if part.Text == text {
		return "", errs.New(errs.Conflict, "This suggestion is the part's current text; change something first.")
	}
	op, err := w.Write(ctx, deliverable.PartSuggest, deliverable.SuggestPayload{Part: part.ID, Parents: part.Heads, Text: text, Note: note})
	return op.ID, err
}

// AcceptSuggestion makes a suggestion the part's new revision. When the
// part changed since it was suggested, the suggestion's changes are merged
// into the current text; a collision is refused, and the owner edits by
// hand.
func (w *Workspace) AcceptSuggestion(ctx context.Context, ref string) (string, error) {
	s, sg, part, err := w.openSuggestion(ctx, ref)
	if err != nil {
		return "", err
	}
	text := sg.Text
	if !slices.Equal(part.Heads, sg.Parents) {
		base, err := w.revisionText(ctx, part.ID, sg.Parents)
		if err != nil {
			return "", err
		}
		merged := textmerge.Merge(base, part.Text, sg.Text)
		if len(merged.Conflicts) > 0 {
			return "", errs.New(errs.Conflict, "The part changed since %s suggested this, and the changes collide. Edit the part by hand, then decline the suggestion.", s.NameOf(sg.Author))
		}
		text = merged.Text
	}
	op, err := w.Write(ctx, deliverable.PartRevise, deliverable.PartRevisePayload{Part: part.ID, Parents: part.Heads, Text: text, Suggestion: sg.ID})
	return op.ID, err
}

// DeclineSuggestion turns a suggestion down, with an optional note.
func (w *Workspace) DeclineSuggestion(ctx context.Context, ref, note string) error {
	_, sg, part, err := w.openSuggestion(ctx, ref)
	if err != nil {
		return err
	}
	_, err = w.Write(ctx, deliverable.PartDecline, deliverable.DeclinePayload{Part: part.ID, Suggestion: sg.ID, Note: note})
	return err
}

func (w *Workspace) openSuggestion(ctx context.Context, ref string) (*Snapshot, Suggestion, Part, error) {
	s, err := w.SnapshotOf(ctx, NeedParts)
	if err != nil {
		return nil, Suggestion{}, Part{}, err
	}
	sg, err := s.Suggestion(ref)
	if err != nil {
		return nil, sg, Part{}, err
	}
	if sg.Status != "open" {
		return nil, sg, Part{}, errs.New(errs.Conflict, "This suggestion was already %s.", sg.Status)
	}
	part, err := s.Part(sg.Part)
	if err != nil {
		return nil, sg, part, err
	}
	if part.Conflicted {
		return nil, sg, part, errs.New(errs.Conflict, "The part %q is in conflict; resolve it before taking suggestions.", part.Title)
	}
	return s, sg, part, nil
}

// revisionText is the text of a part at the given heads ("" for none).
func (w *Workspace) revisionText(ctx context.Context, part string, heads []string) (string, error) {
	revisions, err := w.db.Revisions(ctx, part)
	if err != nil {
		return "", err
	}
	var graph []textmerge.Revision
	for _, r := range revisions {
		graph = append(graph, textmerge.Revision{ID: r.ID, Parents: r.Parents, Text: r.Text})
	}
	view, err := textmerge.Resolve(ancestorsOf(graph, heads))
	return view.Text, err
}

// ancestorsOf keeps the revisions the heads descend from, heads included.
func ancestorsOf(graph []textmerge.Revision, heads []string) []textmerge.Revision {
	byID := map[string]textmerge.Revision{}
	for _, r := range graph {
		byID[r.ID] = r
	}
	keep := map[string]bool{}
	stack := slices.Clone(heads)
	for len(stack) > 0 {
		id := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		r, ok := byID[id]
		if !ok || keep[id] {
			continue
		}
		keep[id] = true
		stack = append(stack, r.Parents...)
	}
	var out []textmerge.Revision
	for _, r := range graph {
		if keep[r.ID] {
			out = append(out, r)
		}
	}
	return out
}

// PartView is a part with its history, its suggestions, and its conflict,
// and what the person reading it may do with it.
type PartView struct {
	Part
	May         deliverable.May     `json:"may"`
	Revisions   []store.RevisionRow `json:"revisions"`
	Suggestions []Suggestion        `json:"suggestions"`
	Comments    []store.Comment     `json:"comments"`
	Conflict    *Conflict           `json:"conflict"`
}

// Conflict is what collides in a part: the text its sides last shared and
// each side's text.
type Conflict struct {
	Base  string         `json:"base"`
	Sides []ConflictSide `json:"sides"`
}

// ConflictSide is one head of a conflicted part.
type ConflictSide struct {
	Revision string `json:"revision"`
	Author   string `json:"author"`
	Text     string `json:"text"`
}

// ShowPart reads a part with its revisions, suggestions and conflict.
func (w *Workspace) ShowPart(ctx context.Context, ref string) (PartView, error) {
	return showPart(ctx, w.db, ref, w.Author())
}

// ReadPart is ShowPart without claiming the folder.
func ReadPart(ctx context.Context, path, ref string) (PartView, error) {
	var view PartView
	err := readOnly(ctx, path, func(_ string, db *store.DB) error {
		_, me, err := db.Workspace(ctx)
		if err != nil {
			return err
		}
		view, err = showPart(ctx, db, ref, hex.EncodeToString(me.PublicKey))
		return err
	})
	return view, err
}

// showPart reads a part as the person with key reader sees it.
func showPart(ctx context.Context, db *store.DB, ref, reader string) (PartView, error) {
	s, err := readSnapshot(ctx, db, NeedParts)
	if err != nil {
		return PartView{}, err
	}
	part, err := s.Part(ref)
	if err != nil {
		return PartView{}, err
	}
	view := PartView{Part: part, May: s.mayOnPart(part, reader), Suggestions: []Suggestion{}}
	for _, sg := range s.Suggestions {
		if sg.Part == part.ID {
			view.Suggestions = append(view.Suggestions, sg)
		}
	}
	if view.Revisions, err = db.Revisions(ctx, part.ID); err != nil {
		return view, err
	}
	if view.Comments, err = db.Comments(ctx, part.ID); err != nil {
		return view, err
	}
	if view.Revisions == nil {
		view.Revisions = []store.RevisionRow{}
	}
	if !part.Conflicted {
		return view, nil
	}
	var graph []textmerge.Revision
	byID := map[string]store.RevisionRow{}
	for _, r := range view.Revisions {
		graph = append(graph, textmerge.Revision{ID: r.ID, Parents: r.Parents, Text: r.Text})
		byID[r.ID] = r
	}
	base, _, err := textmerge.Base(graph)
	if err != nil {
		return view, errs.Wrap(err, errs.Corrupt, "The revisions of part %q do not form a history.", part.Title)
	}
	view.Conflict = &Conflict{Base: base.Text}
	for _, head := range part.Heads {
		r := byID[head]
		view.Conflict.Sides = append(view.Conflict.Sides, ConflictSide{Revision: r.ID, Author: r.Author, Text: r.Text})
	}
	return view, nil
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
	s, err := w.SnapshotOf(ctx, NeedParts)
	if err != nil {
		return err
	}
	part, err := s.Part(ref)
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

// Preview renders Markdown as the HTML export renders it: sanitized, so
// what members write never runs as script.
func Preview(markdown string) string { return export.RenderFragment(markdown) }

// RevisionText is one revision of a part with its text, for history and
// diffs.
type RevisionText struct {
	ID      string    `json:"id"`
	Parents []string  `json:"parents"`
	Author  string    `json:"author"`
	At      time.Time `json:"at"`
	Text    string    `json:"text"`
}

// History lists a part's revisions with their texts, oldest first.
func (w *Workspace) History(ctx context.Context, ref string) ([]RevisionText, error) {
	s, err := w.SnapshotOf(ctx, NeedParts)
	if err != nil {
		return nil, err
	}
	part, err := s.Part(ref)
	if err != nil {
		return nil, err
	}
	rows, err := w.db.Revisions(ctx, part.ID)
	if err != nil {
		return nil, err
	}
	list := make([]RevisionText, len(rows))
	for i, r := range rows {
		list[i] = RevisionText{ID: r.ID, Parents: r.Parents, Author: s.MemberOf(r.Author), At: time.UnixMilli(r.Stamp.Wall).UTC(), Text: r.Text}
	}
	return list, nil
}

// RestoreRevision makes an earlier revision's text the part's new revision.
func (w *Workspace) RestoreRevision(ctx context.Context, ref, revision string) (string, error) {
	history, err := w.History(ctx, ref)
	if err != nil {
		return "", err
	}
	i := slices.IndexFunc(history, func(r RevisionText) bool { return r.ID == revision })
	if i < 0 {
		return "", errs.New(errs.NotFound, "This part has no revision %.12s.", revision)
	}
	return w.WritePart(ctx, ref, history[i].Text)
}

// mayOnPart is what the person with key reader may do with the part, by
// the writing rules replay judges with.
func (s *Snapshot) mayOnPart(p Part, reader string) deliverable.May {
	rules := deliverable.Part{Mode: deliverable.Mode(p.Mode), Owner: p.Owner, Writers: p.Writers}
	member := s.MemberOf(reader)
	return deliverable.MayOf(rules, member, s.holds(member, roles.Contribute), s.holds(member, roles.Coordinate))
}
