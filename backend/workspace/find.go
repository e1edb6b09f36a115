package workspace

import (
	"strings"

	"github.com/cairn-community/cairn/backend/errs"
)

// MemberOf is the member a key acts as: a device's member, or the key.
func (s *Snapshot) MemberOf(key string) string {
	if member := s.Devices[key]; member != "" {
		return member
	}
	return key
}

// NameOf is a member's or role's name, or a short key when unknown.
func (s *Snapshot) NameOf(id string) string {
	if name := s.names[id]; name != "" {
		return name
	}
	if len(id) > 8 {
		return id[:8]
	}
	return id
}

// find resolves a reference as people type it: an id, the start of an id
// (8 characters or more), or the exact title or name.
func find[T any](kind, ref string, items []T, id, name func(T) string) (T, error) {
	ref = strings.TrimSpace(ref)
	var zero T
	if ref == "" {
		return zero, errs.OnField(kind, "Name the %s: its id or its exact name.", kind)
	}
	var found []T
	for _, it := range items {
		if id(it) == ref {
			return it, nil
		}
		if name(it) == ref || (len(ref) >= 8 && strings.HasPrefix(id(it), ref)) {
			found = append(found, it)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return zero, errs.New(errs.NotFound, "There is no %s %q. Use its id or its exact name.", kind, ref)
	default:
		return zero, errs.New(errs.Invalid, "%d %ss match %q. Use the id instead.", len(found), kind, ref)
	}
}

// Step finds a step by id or exact title.
func (s *Snapshot) Step(ref string) (Step, error) {
	s.needs(NeedSteps)
	return find("step", ref, s.Steps, func(st Step) string { return st.ID }, func(st Step) string { return st.Title })
}

// Part finds a part by id or exact title.
func (s *Snapshot) Part(ref string) (Part, error) {
	s.needs(NeedParts)
	return find("part", ref, s.Parts, func(p Part) string { return p.ID }, func(p Part) string { return p.Title })
}

// Role finds a role by id or exact name.
func (s *Snapshot) Role(ref string) (Role, error) {
	s.needs(NeedRoles)
	return find("role", ref, s.Roles, func(r Role) string { return r.ID }, func(r Role) string { return r.Name })
}

// Member finds a member by key, key prefix or exact name.
func (s *Snapshot) Member(ref string) (Member, error) { return findMember(s.Members, ref) }

// Decision finds a decision by id or exact title.
func (s *Snapshot) Decision(ref string) (Decision, error) {
	s.needs(NeedDecisions)
	return find("decision", ref, s.Decisions, func(d Decision) string { return d.ID }, func(d Decision) string { return d.Title })
}

// Contribution finds a logged contribution by id.
func (s *Snapshot) Contribution(ref string) (Contribution, error) {
	s.needs(NeedContributions)
	return find("contribution", ref, s.Contributions, func(c Contribution) string { return c.ID }, func(Contribution) string { return "" })
}

// Suggestion finds a suggestion by id.
func (s *Snapshot) Suggestion(ref string) (Suggestion, error) {
	s.needs(NeedParts)
	return find("suggestion", ref, s.Suggestions, func(sg Suggestion) string { return sg.ID }, func(Suggestion) string { return "" })
}
