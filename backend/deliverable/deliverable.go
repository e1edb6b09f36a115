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

// The writing rules of parts live here and only here: replay judges every
// operation by them, and the views tell the app what a person may do from
// them, so the app never works a permission out for itself.

// Writes reports whether member's revisions become the part's text. In
// cooperation mode only the owner writes and the others suggest; in
// collaboration mode the owner and the named writers write, or every
// contributor when no writer is named. It does not check that member
// holds the contribute permission: the caller does.
func Writes(p Part, member string) bool {
	if p.Owner == member {
		return true
	}
	if p.Mode == Collaboration {
		return len(p.Writers) == 0 || slices.Contains(p.Writers, member)
	}
	return p.Owner == ""
}

// Reviews reports whether member decides on the part's suggestions: its
// owner.
func Reviews(p Part, member string) bool { return p.Owner != "" && p.Owner == member }

// ChangesSettings reports whether member may change the part's settings:
// its owner or a coordinator.
func ChangesSettings(p Part, member string, coordinates bool) bool {
	return coordinates || Reviews(p, member)
}

// May is what one person may do with one part, worked out by the rules
// above for the app, which shows or hides its controls by it.
type May struct {
	Write          bool `json:"write"`          // their edits become the text
	Suggest        bool `json:"suggest"`        // they may send the owner a suggestion
	Review         bool `json:"review"`         // they accept or decline suggestions
	ChangeSettings bool `json:"changeSettings"` // they change brief, kind, mode, owner, writers
}

// MayOf is what member, holding the contribute and coordinate permissions
// as given, may do with the part.
func MayOf(p Part, member string, contributes, coordinates bool) May {
	if !contributes {
		return May{ChangeSettings: ChangesSettings(p, member, coordinates)}
	}
	writes := Writes(p, member)
	return May{Write: writes, Suggest: !writes, Review: Reviews(p, member), ChangeSettings: ChangesSettings(p, member, coordinates)}
}

// Access tells how member may change the part's text, given whether they
// hold the contribute permission.
func Access(p Part, member string, contributes bool) (Writer, error) {
	if !contributes {
		return MaySuggest, errs.New(errs.Unauthorized, "You need the contribute permission to write or suggest. Ask a coordinator for it.")
	}
	if Writes(p, member) {
		return MayWrite, nil
	}
	return MaySuggest, nil
}
