package contributions

import (
	"fmt"
	"strings"

	"github.com/cairn-community/cairn/backend/oplog"
)

// The operation types of contributions.
const (
	ContribLog    = "contrib.log"
	ContribReview = "contrib.review"
)

type (
	// ContribPayload logs a contribution; its id is the op's id.
	ContribPayload struct {
		Type string `json:"type"`
		Part string `json:"part,omitempty"`
		Step string `json:"step,omitempty"`
		Note string `json:"note"`
	}
	ReviewPayload struct {
		Contrib string `json:"contrib"`
		Accept  bool   `json:"accept"`
		Note    string `json:"note,omitempty"`
		// Author is the contribution's author (version 2), so a review of
		// one's own is refused; a review naming the wrong author counts
		// for nothing.
		Author string `json:"author,omitempty"`
	}
)

func init() {
	oplog.Define(oplog.Spec[ContribPayload]{
		Type: ContribLog, Area: "contributions", Permission: oplog.Contribute,
		Valid: func(p ContribPayload) error {
			if _, err := LookupKind(p.Type); err != nil || p.Type != strings.ToLower(p.Type) {
				return fmt.Errorf("type %q is not a contribution type", p.Type)
			}
			return oplog.FirstError(oplog.CheckOptionalRef("part", p.Part), oplog.CheckOptionalRef("step", p.Step),
				oplog.CheckText("note", p.Note, oplog.MaxNoteBytes))
		},
		Project: func(w oplog.Projection, op oplog.Op, p ContribPayload) {
			entity := w.Created("contrib", op.ID)
			w.Field(entity, "type", p.Type)
			w.Field(entity, "part", p.Part)
			w.Field(entity, "step", p.Step)
			w.Field(entity, "note", p.Note)
		},
		Describe: func(_ oplog.Names, op oplog.Op, p ContribPayload) (string, string) {
			return fmt.Sprintf("logged a contribution (%s): %s", p.Type, oplog.FirstLine(p.Note)), op.ID
		},
	})
	checkReview := func(p ReviewPayload) error {
		if !p.Accept && strings.TrimSpace(p.Note) == "" {
			return fmt.Errorf("a returned contribution needs a note")
		}
		return oplog.FirstError(oplog.CheckOpIDs([]string{p.Contrib}), oplog.CheckOptionalText("note", p.Note, oplog.MaxNoteBytes))
	}
	projectReview := func(w oplog.Projection, op oplog.Op, p ReviewPayload) {
		w.Field("contrib:"+p.Contrib, "review", Review{Accept: p.Accept, Note: p.Note, By: op.Author, For: p.Author})
	}
	describeReview := func(n oplog.Names, _ oplog.Op, p ReviewPayload) (string, string) {
		verb := "returned"
		if p.Accept {
			verb = "accepted"
		}
		whose := n.Label("contribution", p.Contrib)
		if whose == "" {
			whose = "a contribution"
		}
		return verb + " " + whose, p.Contrib
	}
	// Version 1 let a validator review their own contribution; it keeps
	// that meaning for what earlier Cairns wrote.
	oplog.Define(oplog.Spec[ReviewPayload]{
		Type: ContribReview, Area: "contributions", Permission: oplog.Validate, WrittenUntil: 1,
		Valid: func(p ReviewPayload) error {
			if p.Author != "" {
				return fmt.Errorf("this version of a review names no author")
			}
			return checkReview(p)
		},
		Project:  projectReview,
		Describe: describeReview,
	})
	oplog.Define(oplog.Spec[ReviewPayload]{
		Type: ContribReview, Version: 2, Area: "contributions", Permission: oplog.Validate,
		Valid: func(p ReviewPayload) error { return oplog.FirstError(checkReview(p), oplog.CheckKey(p.Author)) },
		Seen: func(p ReviewPayload, seen oplog.Seen) ReviewPayload {
			if p.Author == "" {
				p.Author = seen.AuthorOf(p.Contrib)
			}
			return p
		},
		Authorize: func(a *oplog.Authority, op oplog.Op, p ReviewPayload) oplog.Verdict {
			if a.Member(p.Author) == a.Member(op.Author) {
				return oplog.Forbidden(ReasonOwnWork)
			}
			return oplog.Stands
		},
		Project:  projectReview,
		Describe: describeReview,
	})
}

// ReasonOwnWork is why a review of one's own contribution is refused.
const ReasonOwnWork = "nobody reviews their own contribution: another validator does"
