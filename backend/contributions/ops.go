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
	oplog.Define(oplog.Spec[ReviewPayload]{
		Type: ContribReview, Area: "contributions", Permission: oplog.Validate,
		Valid: func(p ReviewPayload) error {
			if !p.Accept && strings.TrimSpace(p.Note) == "" {
				return fmt.Errorf("a returned contribution needs a note")
			}
			return oplog.FirstError(oplog.CheckOpIDs([]string{p.Contrib}), oplog.CheckOptionalText("note", p.Note, oplog.MaxNoteBytes))
		},
		Project: func(w oplog.Projection, op oplog.Op, p ReviewPayload) {
			w.Field("contrib:"+p.Contrib, "review", Review{Accept: p.Accept, Note: p.Note, By: op.Author})
		},
		Describe: func(n oplog.Names, _ oplog.Op, p ReviewPayload) (string, string) {
			verb := "returned"
			if p.Accept {
				verb = "accepted"
			}
			whose := n.Label("contribution", p.Contrib)
			if whose == "" {
				whose = "a contribution"
			}
			return verb + " " + whose, p.Contrib
		},
	})
}
