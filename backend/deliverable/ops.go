package deliverable

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/cairn-community/cairn/backend/oplog"
	"github.com/cairn-community/cairn/backend/textmerge"
)

// The operation types of the deliverable's parts.
const (
	PartAdd     = "part.add"
	PartMove    = "part.move"
	PartRetitle = "part.retitle"
	PartDelete  = "part.delete"
	PartRevise  = "part.revise"
	PartSet     = "part.set"
	PartSuggest = "part.suggest"
	PartDecline = "part.decline"
	CommentAdd  = "comment.add"
)

var noSuchPart = oplog.Refused("the part does not exist (or had not been added when this change was made)")

// label names a part for Activity: "§2 Methods", or its title when given.
func label(n oplog.Names, part, title string) string {
	if l := n.Label("part", part); l != "" {
		return l
	}
	if title != "" {
		return "“" + title + "”"
	}
	return "a part since deleted"
}

func init() {
	oplog.Define(oplog.Spec[PartAddPayload]{
		Type: PartAdd, Area: "deliverable", Permission: oplog.Contribute, ChangesPermissions: true,
		Valid: func(p PartAddPayload) error {
			return oplog.FirstError(oplog.CheckRef("part", p.Part), oplog.CheckName("title", p.Title, oplog.MaxTitleChars),
				oplog.CheckPosition(p.Position), checkPartSettings(&p.Brief, &p.Kind, &p.Mode, &p.Owner, &p.Writers))
		},
		Replay: func(a *oplog.Authority, op oplog.Op, p PartAddPayload) oplog.Verdict {
			r := rulesOf(a)
			if _, exists := r.parts[p.Part]; exists {
				return oplog.Refused("a part with this id already exists")
			}
			// The owner defaults to the author's key, resolved to its
			// member whenever the rules are read, as the view's is.
			owner := p.Owner
			if owner == "" {
				owner = op.Author
			}
			r.parts[p.Part] = []access{{from: op.Stamp, owner: owner, mode: p.Mode, writers: p.Writers}}
			return oplog.Stands
		},
		Project: func(w oplog.Projection, op oplog.Op, p PartAddPayload) {
			owner := p.Owner
			if owner == "" {
				owner = op.Author
			}
			entity := "part:" + p.Part
			w.Field(entity, "brief", p.Brief)
			w.Field(entity, "kind", p.Kind)
			w.Field(entity, "mode", p.Mode)
			w.Field(entity, "owner", owner)
			w.Field(entity, "writers", oplog.NonNil(p.Writers))
			w.Flag("part.added", p.Part)
			w.Register("part.title", p.Part, p.Part, p.Title)
			w.Register("part.position", p.Part, p.Part, p.Position)
		},
		Describe: func(n oplog.Names, _ oplog.Op, p PartAddPayload) (string, string) {
			return "added " + label(n, p.Part, p.Title), p.Part
		},
	})
	oplog.Define(oplog.Spec[PartMovePayload]{
		Type: PartMove, Area: "deliverable", Permission: oplog.Contribute,
		Valid: func(p PartMovePayload) error {
			return oplog.FirstError(oplog.CheckRef("part", p.Part), oplog.CheckPosition(p.Position))
		},
		Project: func(w oplog.Projection, _ oplog.Op, p PartMovePayload) {
			w.Register("part.position", p.Part, p.Part, p.Position)
		},
		Describe: func(n oplog.Names, _ oplog.Op, p PartMovePayload) (string, string) {
			return "moved " + label(n, p.Part, ""), p.Part
		},
	})
	oplog.Define(oplog.Spec[PartRetitlePayload]{
		Type: PartRetitle, Area: "deliverable", Permission: oplog.Contribute,
		Valid: func(p PartRetitlePayload) error {
			return oplog.FirstError(oplog.CheckRef("part", p.Part), oplog.CheckName("title", p.Title, oplog.MaxTitleChars))
		},
		Project: func(w oplog.Projection, _ oplog.Op, p PartRetitlePayload) {
			w.Register("part.title", p.Part, p.Part, p.Title)
		},
		Describe: func(_ oplog.Names, _ oplog.Op, p PartRetitlePayload) (string, string) {
			return fmt.Sprintf("retitled a part “%s”", p.Title), p.Part
		},
	})
	oplog.Define(oplog.Spec[PartPayload]{
		Type: PartDelete, Area: "deliverable", Permission: oplog.Coordinate,
		Valid:   func(p PartPayload) error { return oplog.CheckRef("part", p.Part) },
		Project: func(w oplog.Projection, _ oplog.Op, p PartPayload) { w.Flag("part.deleted", p.Part) },
		Describe: func(_ oplog.Names, _ oplog.Op, p PartPayload) (string, string) {
			return "deleted a part", p.Part
		},
	})
	oplog.Define(oplog.Spec[PartRevisePayload]{
		Type: PartRevise, Area: "deliverable", Permission: oplog.Contribute,
		Valid: func(p PartRevisePayload) error {
			if len(p.Text) > oplog.MaxTextBytes || !utf8.ValidString(p.Text) {
				return fmt.Errorf("text must be valid UTF-8 of at most %d bytes", oplog.MaxTextBytes)
			}
			if err := oplog.CheckOpIDs(p.Parents); err != nil {
				return err
			}
			if p.Suggestion != "" {
				if err := oplog.CheckOpIDs([]string{p.Suggestion}); err != nil {
					return err
				}
			}
			return oplog.CheckRef("part", p.Part)
		},
		Authorize: func(a *oplog.Authority, op oplog.Op, p PartRevisePayload) oplog.Verdict {
			rules, ok := rulesAt(a, p.Part, op.Stamp)
			if !ok {
				return noSuchPart
			}
			if Writes(rules, a.Member(op.Author)) {
				return oplog.Stands
			}
			if rules.Mode == Collaboration {
				return oplog.Forbidden("only the part's writers can write it; others can suggest a change")
			}
			return oplog.Forbidden("in cooperation mode only the part's owner writes it; others suggest a change")
		},
		Project: func(w oplog.Projection, op oplog.Op, p PartRevisePayload) {
			if p.Suggestion != "" {
				w.Field("suggestion:"+p.Suggestion, "accepted", op.ID)
			}
			w.Revision(p.Part, op.ID, p.Parents, p.Text)
		},
		Describe: func(n oplog.Names, _ oplog.Op, p PartRevisePayload) (string, string) {
			switch {
			case p.Suggestion != "":
				return "accepted a suggestion to " + label(n, p.Part, ""), p.Part
			case len(p.Parents) > 1:
				return "resolved a conflict in " + label(n, p.Part, ""), p.Part
			}
			return "revised " + label(n, p.Part, ""), p.Part
		},
	})
	oplog.Define(oplog.Spec[PartSetPayload]{
		Type: PartSet, Area: "deliverable", Permission: oplog.Contribute, ChangesPermissions: true,
		Valid: func(p PartSetPayload) error {
			return oplog.FirstError(oplog.CheckRef("part", p.Part), checkPartSettings(p.Brief, p.Kind, p.Mode, p.Owner, p.Writers))
		},
		Authorize: func(a *oplog.Authority, op oplog.Op, p PartSetPayload) oplog.Verdict {
			rules, ok := rulesAt(a, p.Part, op.Stamp)
			if !ok {
				return noSuchPart
			}
			author := a.Member(op.Author)
			if !ChangesSettings(rules, author, a.HoldsFor(op, oplog.Coordinate)) {
				return oplog.Forbidden("only the part's owner or a coordinator can change its settings")
			}
			return oplog.Stands
		},
		Replay: func(a *oplog.Authority, op oplog.Op, p PartSetPayload) oplog.Verdict {
			r := rulesOf(a)
			history := r.parts[p.Part]
			next := history[len(history)-1] // Authorize made sure it exists
			next.from = op.Stamp
			if p.Owner != nil && *p.Owner != "" {
				next.owner = *p.Owner
			}
			if p.Mode != nil {
				next.mode = *p.Mode
			}
			if p.Writers != nil {
				next.writers = slices.Clone(*p.Writers)
			}
			r.parts[p.Part] = append(history, next)
			return oplog.Stands
		},
		Project: func(w oplog.Projection, _ oplog.Op, p PartSetPayload) {
			entity := "part:" + p.Part
			if p.Brief != nil {
				w.Field(entity, "brief", *p.Brief)
			}
			if p.Kind != nil {
				w.Field(entity, "kind", *p.Kind)
			}
			if p.Mode != nil {
				w.Field(entity, "mode", *p.Mode)
			}
			if p.Owner != nil && *p.Owner != "" {
				w.Field(entity, "owner", *p.Owner)
			}
			if p.Writers != nil {
				w.Field(entity, "writers", oplog.NonNil(*p.Writers))
			}
		},
		Describe: func(n oplog.Names, _ oplog.Op, p PartSetPayload) (string, string) {
			return "changed the settings of " + label(n, p.Part, ""), p.Part
		},
	})
	oplog.Define(oplog.Spec[SuggestPayload]{
		Type: PartSuggest, Area: "deliverable", Permission: oplog.Contribute,
		Valid: func(p SuggestPayload) error {
			return oplog.FirstError(oplog.CheckRef("part", p.Part), oplog.CheckOpIDs(p.Parents),
				oplog.CheckOptionalText("text", p.Text, oplog.MaxTextBytes), oplog.CheckOptionalText("note", p.Note, oplog.MaxNoteBytes))
		},
		Project: func(w oplog.Projection, op oplog.Op, p SuggestPayload) {
			entity := w.Created("suggestion", op.ID)
			w.Field(entity, "part", p.Part)
			w.Field(entity, "parents", oplog.NonNil(p.Parents))
			w.Field(entity, "text", p.Text)
			w.Field(entity, "note", p.Note)
		},
		Describe: func(n oplog.Names, _ oplog.Op, p SuggestPayload) (string, string) {
			return "suggested a change to " + label(n, p.Part, ""), p.Part
		},
	})
	oplog.Define(oplog.Spec[DeclinePayload]{
		Type: PartDecline, Area: "deliverable", Permission: oplog.Contribute,
		Valid: func(p DeclinePayload) error {
			return oplog.FirstError(oplog.CheckRef("part", p.Part), oplog.CheckOpIDs([]string{p.Suggestion}),
				oplog.CheckOptionalText("note", p.Note, oplog.MaxNoteBytes))
		},
		Authorize: func(a *oplog.Authority, op oplog.Op, p DeclinePayload) oplog.Verdict {
			rules, ok := rulesAt(a, p.Part, op.Stamp)
			if !ok {
				return noSuchPart
			}
			if !Reviews(rules, a.Member(op.Author)) {
				return oplog.Forbidden("only the part's owner can decline a suggestion")
			}
			return oplog.Stands
		},
		Project: func(w oplog.Projection, op oplog.Op, p DeclinePayload) {
			w.Field("suggestion:"+p.Suggestion, "declined", Declined{Note: p.Note, By: op.Author})
		},
		Describe: func(n oplog.Names, _ oplog.Op, p DeclinePayload) (string, string) {
			return "declined a suggestion to " + label(n, p.Part, ""), p.Part
		},
	})
	oplog.Define(oplog.Spec[CommentPayload]{
		Type: CommentAdd, Area: "deliverable", Permission: oplog.Contribute, ObserversMay: true,
		Valid: func(p CommentPayload) error {
			if strings.TrimSpace(p.Body) == "" || len(p.Body) > oplog.MaxCommentBytes || !utf8.ValidString(p.Body) {
				return fmt.Errorf("a comment is 1 to %d bytes of text", oplog.MaxCommentBytes)
			}
			return oplog.CheckRef("target", p.Target)
		},
		Project: func(w oplog.Projection, op oplog.Op, p CommentPayload) {
			w.Add("comments", op.ID, p.Target, op.Author, p.Body, op.Stamp.Wall, op.Stamp.Logical)
		},
		Describe: func(n oplog.Names, _ oplog.Op, p CommentPayload) (string, string) {
			return "commented on " + label(n, p.Target, ""), p.Target
		},
	})
}

func init() {
	// A part whose edits went separate ways reads as the deterministic
	// fold of every head, merged three-way by line.
	oplog.DefineTextMerge(func(revisions []oplog.TextRevision) (oplog.TextView, error) {
		graph := make([]textmerge.Revision, len(revisions))
		for i, r := range revisions {
			graph[i] = textmerge.Revision{ID: r.ID, Parents: r.Parents, Text: r.Text}
		}
		view, err := textmerge.Resolve(graph)
		return oplog.TextView{Text: view.Text, Heads: view.Heads, Conflicted: len(view.Conflicts) > 0}, err
	})
}
