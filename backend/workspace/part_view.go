package workspace

import (
	"context"
	"encoding/hex"

	"github.com/cairn-community/cairn/backend/deliverable"
	"github.com/cairn-community/cairn/backend/errs"
	"github.com/cairn-community/cairn/backend/roles"
	"github.com/cairn-community/cairn/backend/store"
	"github.com/cairn-community/cairn/backend/textmerge"
)

// PartView is a part with its history, its suggestions, and its conflict,
// and what the person reading it may do with it.
type PartView struct {
	Part
	May         deliverable.May `json:"may"`
	Revisions   []Revision      `json:"revisions"`
	Suggestions []Suggestion    `json:"suggestions"`
	Comments    []Comment       `json:"comments"`
	Conflict    *Conflict       `json:"conflict"`
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
	rows, err := db.Revisions(ctx, part.ID)
	if err != nil {
		return view, err
	}
	view.Revisions = viewAll(rows, revisionView)
	comments, err := db.Comments(ctx, part.ID)
	if err != nil {
		return view, err
	}
	view.Comments = viewAll(comments, commentView)
	if !part.Conflicted {
		return view, nil
	}
	var graph []textmerge.Revision
	byID := map[string]store.RevisionRow{}
	for _, r := range rows {
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

// mayOnPart is what the person with key reader may do with the part, by
// the writing rules replay judges with.
func (s *Snapshot) mayOnPart(p Part, reader string) deliverable.May {
	rules := deliverable.Part{Mode: deliverable.Mode(p.Mode), Owner: p.Owner, Writers: p.Writers}
	member := s.MemberOf(reader)
	return deliverable.MayOf(rules, member, s.holds(member, roles.Contribute), s.holds(member, roles.Coordinate))
}
