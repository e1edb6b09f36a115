package deliverable

import (
	"slices"
	"strings"

	"github.com/cairn-community/cairn/backend/errs"
)

// Kind is the kind of content a part asks for, in the board's words.
type Kind string

const (
	Curate     Kind = "curate"
	Synthesise Kind = "synthesise"
	CoCreate   Kind = "co-create"
)

// Kinds lists every kind of content.
var Kinds = []Kind{Curate, Synthesise, CoCreate}

// Mode is how a part is written.
type Mode string

const (
	// Cooperation: one owner writes; the others suggest, and the owner
	// takes or leaves each suggestion. The default.
	Cooperation Mode = "cooperation"
	// Collaboration: every writer writes, and concurrent revisions merge.
	Collaboration Mode = "collaboration"
)

// Modes lists every working mode.
var Modes = []Mode{Cooperation, Collaboration}

// ParseKind reads a kind of content; "synthesize" is accepted too.
func ParseKind(text string) (Kind, error) {
	k := Kind(strings.ToLower(strings.TrimSpace(text)))
	if k == "synthesize" {
		k = Synthesise
	}
	if slices.Contains(Kinds, k) {
		return k, nil
	}
	return "", errs.OnField("kind", "%q is not a kind of content. Use curate, synthesise or co-create.", text)
}

// ParseMode reads a working mode; empty means cooperation.
func ParseMode(text string) (Mode, error) {
	m := Mode(strings.ToLower(strings.TrimSpace(text)))
	if m == "" {
		return Cooperation, nil
	}
	if slices.Contains(Modes, m) {
		return m, nil
	}
	return "", errs.OnField("mode", "%q is not a working mode. Use cooperation (one owner writes, others suggest) or collaboration (every writer writes).", text)
}

// Part is what the writing rules need to know of a part.
type Part struct {
	Mode    Mode
	Owner   string   // member key; "" when nobody owns it yet
	Writers []string // member keys; collaboration only
}

// Writer says how a member may change a part's text.
type Writer int

const (
	// MaySuggest: the member proposes a revision the owner takes or leaves.
	MaySuggest Writer = iota
	// MayWrite: the member's revisions become the text.
	MayWrite
)

// Access tells how member may change the part's text, given whether they
// hold the contribute permission.
func Access(p Part, member string, contributes bool) (Writer, error) {
	if !contributes {
		return MaySuggest, errs.New(errs.Invalid, "You need the contribute permission to write or suggest. Ask a coordinator for it.")
	}
	switch p.Mode {
	case Collaboration:
		// A part with no writers named is open to every contributor.
		if len(p.Writers) == 0 || slices.Contains(p.Writers, member) || p.Owner == member {
			return MayWrite, nil
		}
		return MaySuggest, nil
	default:
		if p.Owner == member || p.Owner == "" {
			return MayWrite, nil
		}
		return MaySuggest, nil
	}
}
