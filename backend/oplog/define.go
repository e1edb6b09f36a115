package oplog

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
)

// Permission is what an author must hold for an operation to apply.
type Permission string

const (
	// Anyone may ask: a join request comes from a key that is not a member yet.
	Anyone Permission = "anyone"
	// AnyMember is any approved member not removed, whatever they hold:
	// a member approving a second computer of their own, for instance.
	AnyMember  Permission = "member"
	Observe    Permission = "observe"
	Contribute Permission = "contribute"
	Validate   Permission = "validate"
	Coordinate Permission = "coordinate"
)

// Grantable are the permissions a role.grant or a role may give.
var Grantable = map[Permission]bool{Observe: true, Contribute: true, Validate: true, Coordinate: true}

// Spec is one operation type as its area defines it: the payload's rules,
// the permission it needs, who may do it beyond that permission, what it
// changes in the projections, and how Activity puts it in words. Every
// function gets the payload already decoded and checked.
type Spec[P any] struct {
	Type    string
	Version int // 1 when 0
	// Area is where Activity files it: "deliverable", "roadmap"…
	Area       string
	Permission Permission
	// ChangesPermissions marks a type that changes who may do what, so a
	// late arrival of it makes later operations be judged again.
	ChangesPermissions bool
	// Valid checks the payload: every replica refuses the same bad values.
	Valid func(P) error
	// Needs, when set, raises the permission for some payloads: marking a
	// step validated needs validate, where editing it needs contribute.
	Needs func(P) Permission
	// Authorize, when set, is the type's own rule once its author holds the
	// permission (only a part's owner declines its suggestions), judged
	// against the authority at the op's place in the replay.
	Authorize func(a *Authority, op Op, p P) Verdict
	// Replay, for a type that changes permissions, records the change in
	// the authority once the op is judged Applied; its verdict stands.
	Replay func(a *Authority, op Op, p P) Verdict
	// Project writes what an applied op changes.
	Project func(w Projection, op Op, p P)
	// Describe puts the op in words for Activity, after the author's name:
	// "revised §2 Methods", and names the thing it changed.
	Describe func(n Names, op Op, p P) (text, target string)
	// ObserversMay lets a member who only observes make this change (a
	// comment): see Authority.judgeMember.
	ObserversMay bool
	// Seen, when set, completes a payload being written with what this
	// replica had seen (a removal's cut, the ballots a close counts), so
	// the record says what its author knew, not what a clock claimed.
	Seen func(p P, seen Seen) P
	// Reaches, when set, names what a late arrival of this op can change
	// at any stamp, beyond the ops stamped after it: the ops of these
	// members' keys, and every op of these types.
	Reaches func(a *Authority, p P) (keys, types []string)
	// WrittenUntil is the newest segment format that may carry this
	// version (0: any). A type whose rule changed gets a new version;
	// the old one keeps its meaning for what earlier Cairns wrote, and a
	// newer segment may not use it to dodge the new rule.
	WrittenUntil int
}

// Definition is a defined operation type, with its payload type erased so
// the kernel can hold every area's types in one table.
type Definition struct {
	Type               string
	Version            int
	Area               string
	Permission         Permission
	ChangesPermissions bool
	ObserversMay       bool
	WrittenUntil       int

	seen      func(payload any, seen Seen) any
	reaches   func(a *Authority, parsed any) (keys, types []string)
	parse     func(json.RawMessage) (any, error)
	needs     func(parsed any) Permission
	authorize func(a *Authority, op Op, parsed any) Verdict
	replay    func(a *Authority, op Op, parsed any) Verdict
	project   func(w Projection, op Op, parsed any)
	describe  func(n Names, op Op, parsed any) (string, string)
}

type typeVersion struct {
	typ     string
	version int
}

var (
	definitions = map[typeVersion]Definition{}
	current     = map[string]int{} // each type's newest version: what this Cairn writes
	// Each defined type's name, so decoded ops share the string.
	definitionsByName = map[string]string{}
)

// Define adds an operation type. Each area calls it from its own init, so
// the kernel holds no list of types; a type defined twice is a bug.
func Define[P any](s Spec[P]) {
	key := typeVersion{s.Type, max(s.Version, 1)}
	if _, taken := definitions[key]; taken {
		panic(fmt.Sprintf("oplog: operation type %s version %d defined twice", s.Type, key.version))
	}
	if s.Valid == nil || s.Area == "" || s.Permission == "" {
		panic("oplog: operation type " + s.Type + " needs an area, a permission and a payload check")
	}
	if s.Replay != nil && !s.ChangesPermissions {
		panic("oplog: operation type " + s.Type + " replays into the authority but does not say it changes permissions")
	}
	d := Definition{Type: s.Type, Version: key.version, Area: s.Area, Permission: s.Permission, ChangesPermissions: s.ChangesPermissions,
		ObserversMay: s.ObserversMay, WrittenUntil: s.WrittenUntil}
	if s.Seen != nil {
		d.seen = func(payload any, seen Seen) any {
			p, ok := payload.(P)
			if !ok { // a payload as JSON, from a script or sent again
				raw, err := json.Marshal(payload)
				if err != nil {
					return payload
				}
				if p, err = Decode[P](raw); err != nil {
					return payload
				}
			}
			return s.Seen(p, seen)
		}
	}
	if s.Reaches != nil {
		d.reaches = func(a *Authority, parsed any) ([]string, []string) { return s.Reaches(a, parsed.(P)) }
	}
	d.parse = func(raw json.RawMessage) (any, error) {
		p, err := Decode[P](raw)
		if err != nil {
			return nil, err
		}
		if err := s.Valid(p); err != nil {
			return nil, err
		}
		return p, nil
	}
	if s.Needs != nil {
		d.needs = func(parsed any) Permission { return s.Needs(parsed.(P)) }
	}
	if s.Authorize != nil {
		d.authorize = func(a *Authority, op Op, parsed any) Verdict { return s.Authorize(a, op, parsed.(P)) }
	}
	if s.Replay != nil {
		d.replay = func(a *Authority, op Op, parsed any) Verdict { return s.Replay(a, op, parsed.(P)) }
	}
	if s.Project != nil {
		d.project = func(w Projection, op Op, parsed any) { s.Project(w, op, parsed.(P)) }
	}
	if s.Describe != nil {
		d.describe = func(n Names, op Op, parsed any) (string, string) { return s.Describe(n, op, parsed.(P)) }
	}
	definitions[key] = d
	definitionsByName[s.Type] = s.Type
	if key.version > current[s.Type] {
		current[s.Type] = key.version
	}
}

// Complete fills in, for a payload about to be written, what this replica
// had seen (see Spec.Seen). Other payloads come back as they are.
func (d Definition) Complete(payload any, seen Seen) any {
	if d.seen == nil || seen == nil {
		return payload
	}
	return d.seen(payload, seen)
}

// Reaches names what a late arrival of an op with this decoded payload
// can change at any stamp (see Spec.Reaches).
func (d Definition) Reaches(a *Authority, parsed any) (keys, types []string) {
	if d.reaches == nil || parsed == nil {
		return nil, nil
	}
	return d.reaches(a, parsed)
}

// Needs is the permission an op with this decoded payload needs.
func (d Definition) Needs(parsed any) Permission {
	if d.needs != nil {
		return d.needs(parsed)
	}
	return d.Permission
}

// Check validates a payload against the type's schema.
func (d Definition) Check(payload json.RawMessage) error {
	_, err := d.parse(payload)
	return err
}

// Parse decodes and validates a payload, returning the area's payload
// struct, so it is decoded once per op.
func (d Definition) Parse(payload json.RawMessage) (any, error) { return d.parse(payload) }

// Project writes what an applied op with this decoded payload changes.
func (d Definition) Project(w Projection, op Op, parsed any) {
	if d.project != nil {
		d.project(w, op, parsed)
	}
}

// Describe puts an op with this decoded payload in words for Activity.
func (d Definition) Describe(n Names, op Op, parsed any) (text, target string) {
	if d.describe == nil {
		return "made a change (" + op.Type + ")", ""
	}
	return d.describe(n, op, parsed)
}

// Lookup finds the definition of a type at a version. Types or versions a
// newer Cairn wrote are not found: such operations are kept and passed on,
// never applied.
func Lookup(typ string, version int) (Definition, bool) {
	d, ok := definitions[typeVersion{typ, version}]
	return d, ok
}

// Current is the version of a type this Cairn writes: its newest.
func Current(typ string) (Definition, bool) {
	return Lookup(typ, current[typ])
}

// Types lists every type this build knows, sorted.
func Types() []string {
	var list []string
	for t := range current {
		list = append(list, t)
	}
	slices.Sort(list)
	return list
}

// Areas lists the areas the defined types belong to, sorted.
func Areas() []string {
	var list []string
	for _, d := range definitions {
		if !slices.Contains(list, d.Area) {
			list = append(list, d.Area)
		}
	}
	slices.Sort(list)
	return list
}

// Decode reads a payload strictly: unknown fields are an error, so a typo
// never passes as an empty value.
func Decode[P any](raw json.RawMessage) (P, error) {
	var p P
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return p, fmt.Errorf("payload does not match its type: %v", err)
	}
	return p, nil
}

// Projection is where an applied operation's effects are written. The
// store implements it; each type's Project uses it, so the store knows no
// payload. Every write is one of a few rules that commute, so ops may be
// projected in any order and the tables come out the same:
//   - a register (Register, Field) keeps the value with the newest stamp,
//     ties broken by replica;
//   - Created keeps the earliest add of an id;
//   - a flag, once set, stays set; a set (Add, Revision) ignores duplicates.
type Projection interface {
	// Register sets one of the store's named registers ("vision",
	// "part.title"…) for key; args are the register's own columns.
	Register(name, key string, args ...any)
	// Field sets a field of an entity ("step:<id>", "title").
	Field(entity, field string, value any)
	// Created records who added an entity of a kind, and returns the
	// entity's name ("step:<id>").
	Created(kind, id string) string
	// Flag marks a row of a named flag ("part.added", "part.deleted").
	Flag(name, key string)
	// Add adds a row to a named add-only set ("comments"…).
	Add(set string, row ...any)
	// Revision adds a revision of a text to its graph.
	Revision(text, id string, parents []string, body string)
}

// Names lets Describe name what an op touched as people know it.
type Names interface {
	// Name is a member's name, from any of their keys.
	Name(key string) string
	// Label is how a thing of a kind ("part", "step", "role",
	// "decision", "contribution", "question") is called now, or "" when
	// it is not known here.
	Label(kind, id string) string
}

// TextRevision is one revision of a text in a revision graph, as the store
// keeps it.
type TextRevision struct {
	ID      string
	Parents []string
	Text    string
}

// TextView is what a revision graph reads as: its text, its heads (the
// revisions nothing continues), and whether edits made apart collide.
type TextView struct {
	Text       string
	Heads      []string
	Conflicted bool
}

var mergeTexts func([]TextRevision) (TextView, error)

// DefineTextMerge sets how a revision graph with several heads reads as
// one text. The deliverable area defines it, so that the store that keeps
// the graphs knows no merge rule.
func DefineTextMerge(merge func([]TextRevision) (TextView, error)) {
	if mergeTexts != nil {
		panic("oplog: the text merge is defined twice")
	}
	mergeTexts = merge
}

// MergeTexts reads a whole revision graph as one text.
func MergeTexts(revisions []TextRevision) (TextView, error) {
	if mergeTexts == nil {
		return TextView{}, fmt.Errorf("no text merge is defined: import the deliverable area")
	}
	return mergeTexts(revisions)
}
