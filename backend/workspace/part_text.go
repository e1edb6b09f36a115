package workspace

import (
	"context"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/cairn-community/cairn/backend/deliverable"
	"github.com/cairn-community/cairn/backend/errs"
	"github.com/cairn-community/cairn/backend/export"
	"github.com/cairn-community/cairn/backend/oplog"
	"github.com/cairn-community/cairn/backend/textmerge"
)

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
	s, err := w.SnapshotOf(ctx, 0)
	if err != nil {
		return Part{}, err
	}
	return w.lookupPart(ctx, s, ref)
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
