package workspace

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/cairn-community/cairn/backend/community"
	"github.com/cairn-community/cairn/backend/errs"
	"github.com/cairn-community/cairn/backend/oplog"
	"github.com/cairn-community/cairn/backend/roles"
)

// RoleInput is a role as a coordinator describes it.
type RoleInput struct {
	Name, Who, When, How string
	Can                  []roles.Permission
}

// AddRole defines a named role and returns its id; coordinators only.
func (w *Workspace) AddRole(ctx context.Context, in RoleInput) (string, error) {
	in.Name = strings.TrimSpace(in.Name)
	if err := roles.CheckRole(roles.Role{Name: in.Name, Who: in.Who, When: in.When, How: in.How}); err != nil {
		return "", err
	}
	if err := checkName("name", in.Name, oplog.MaxNameChars); err != nil {
		return "", err
	}
	if len(in.Can) == 0 {
		return "", errs.OnField("can", "Say what the role may do: coordinate, validate, contribute or observe, separated by commas.")
	}
	s, err := w.SnapshotOf(ctx, NeedRoles)
	if err != nil {
		return "", err
	}
	if slices.ContainsFunc(s.Roles, func(r Role) bool { return strings.EqualFold(r.Name, in.Name) }) {
		return "", errs.OnField("name", "There is already a role called %q. Choose another name.", in.Name)
	}
	id, err := community.NewID(w.dir.Random)
	if err != nil {
		return "", err
	}
	can := make([]oplog.Permission, len(in.Can))
	for i, p := range in.Can {
		can[i] = oplog.Permission(p)
	}
	_, err = w.Write(ctx, roles.RoleAdd, roles.RolePayload{Role: id, Name: in.Name, Who: in.Who, When: in.When, How: in.How, Can: can})
	return id, err
}

// AssignRole gives a member a role; coordinators only.
func (w *Workspace) AssignRole(ctx context.Context, roleRef, memberRef string) error {
	return w.changeRole(ctx, roleRef, memberRef, true)
}

// UnassignRole takes a role back. The last coordinator keeps theirs.
func (w *Workspace) UnassignRole(ctx context.Context, roleRef, memberRef string) error {
	return w.changeRole(ctx, roleRef, memberRef, false)
}

func (w *Workspace) changeRole(ctx context.Context, roleRef, memberRef string, assign bool) error {
	s, err := w.SnapshotOf(ctx, NeedRoles)
	if err != nil {
		return err
	}
	role, err := s.Role(roleRef)
	if err != nil {
		return err
	}
	m, err := s.Member(memberRef)
	if err != nil {
		return err
	}
	if !m.Approved || m.Removed {
		return errs.OnField("member", "%s is not a current member; approve them first.", s.NameOf(m.Key))
	}
	holds := slices.Contains(m.Roles, role.ID)
	switch {
	case assign && holds:
		return errs.New(errs.Conflict, "%s already holds the role %s.", s.NameOf(m.Key), role.Name)
	case !assign && !holds:
		return errs.New(errs.Conflict, "%s does not hold the role %s.", s.NameOf(m.Key), role.Name)
	}
	typ := roles.RoleAssign
	if !assign {
		typ = roles.RoleUnassign
	}
	_, err = w.Write(ctx, typ, roles.RoleMemberPayload{Role: role.ID, Member: m.Key})
	return err
}

// checkName refuses an empty, multi-line or overlong name or title, by the
// rule every payload is checked with, in words for the form.
func checkName(field, value string, max int) error {
	value = strings.TrimSpace(value)
	switch oplog.FaultInName(value, max) {
	case oplog.NameNotText:
		return errs.OnField(field, "The %s is not valid UTF-8 text.", field)
	case oplog.NameEmpty:
		return errs.OnField(field, "The %s is empty. Write 1 to %d characters.", field, max)
	case oplog.NameTooLong:
		return errs.OnField(field, "The %s is %d characters long; keep it to %d.", field, utf8.RuneCountInString(value), max)
	case oplog.NameNotOneLine:
		return errs.OnField(field, "The %s must be one line, without control characters.", field)
	}
	return nil
}
