package roles

import (
	"fmt"

	"github.com/cairn-community/cairn/backend/oplog"
)

// The operation types of roles and permissions.
const (
	RoleGrant    = "role.grant"
	RoleRevoke   = "role.revoke"
	RoleAdd      = "role.add"
	RoleAssign   = "role.assign"
	RoleUnassign = "role.unassign"
)

type (
	// GrantPayload gives or takes back one permission, directly.
	GrantPayload struct {
		Member     string     `json:"member"`
		Permission Permission `json:"permission"`
		Cut        oplog.Cut  `json:"cut,omitempty"` // version 2: see MemberPayload
	}
	// RolePayload defines a named role; its permissions never change, so
	// assignments can be judged from the role's first definition alone.
	RolePayload struct {
		Role string       `json:"role"`
		Name string       `json:"name"`
		Who  string       `json:"who,omitempty"`
		When string       `json:"when,omitempty"`
		How  string       `json:"how,omitempty"`
		Can  []Permission `json:"can"`
	}
	// RoleMemberPayload gives a role to a member, or takes it back.
	RoleMemberPayload struct {
		Role   string    `json:"role"`
		Member string    `json:"member"`
		Cut    oplog.Cut `json:"cut,omitempty"` // version 2: see GrantPayload
	}
)

func checkGrant(p GrantPayload) error {
	if !oplog.Grantable[p.Permission] {
		return fmt.Errorf("permission %q is not one of observe, contribute, validate, coordinate", p.Permission)
	}
	return oplog.CheckKey(p.Member)
}

func checkRoleMember(p RoleMemberPayload) error {
	return oplog.FirstError(oplog.CheckRef("role", p.Role), oplog.CheckKey(p.Member))
}

func checkRolePayload(p RolePayload) error {
	if err := oplog.FirstError(oplog.CheckRef("role", p.Role), oplog.CheckName("name", p.Name, oplog.MaxNameChars),
		oplog.CheckOptionalText("who", p.Who, MaxTextBytes), oplog.CheckOptionalText("when", p.When, MaxTextBytes),
		oplog.CheckOptionalText("how", p.How, MaxTextBytes)); err != nil {
		return err
	}
	if len(p.Can) == 0 {
		return fmt.Errorf("a role gives at least one permission")
	}
	seen := map[Permission]bool{}
	for _, c := range p.Can {
		if !oplog.Grantable[c] || seen[c] {
			return fmt.Errorf("permission %q is unknown or repeated", c)
		}
		seen[c] = true
	}
	return nil
}

func init() {
	defineStanding(RoleGrant, checkGrant,
		func(a *oplog.Authority, p GrantPayload, at oplog.Edge) oplog.Verdict {
			return a.Grant(p.Member, p.Permission, at)
		},
		func(n oplog.Names, _ oplog.Op, p GrantPayload) (string, string) {
			return fmt.Sprintf("gave %s the %s permission", n.Name(p.Member), p.Permission), p.Member
		})
	defineStanding(RoleRevoke, checkGrant,
		func(a *oplog.Authority, p GrantPayload, at oplog.Edge) oplog.Verdict {
			return a.Revoke(p.Member, p.Permission, at)
		},
		func(n oplog.Names, _ oplog.Op, p GrantPayload) (string, string) {
			return fmt.Sprintf("took the %s permission from %s", p.Permission, n.Name(p.Member)), p.Member
		})
	oplog.Define(oplog.Spec[RolePayload]{
		Type: RoleAdd, Area: "roles", Permission: oplog.Coordinate, ChangesPermissions: true,
		Valid:  checkRolePayload,
		Replay: func(a *oplog.Authority, _ oplog.Op, p RolePayload) oplog.Verdict { return a.AddRole(p.Role, p.Can) },
		Project: func(w oplog.Projection, _ oplog.Op, p RolePayload) {
			entity := w.Created("role", p.Role)
			w.Field(entity, "name", p.Name)
			w.Field(entity, "who", p.Who)
			w.Field(entity, "when", p.When)
			w.Field(entity, "how", p.How)
			w.Field(entity, "can", p.Can)
		},
		Describe: func(_ oplog.Names, _ oplog.Op, p RolePayload) (string, string) {
			return fmt.Sprintf("added the role “%s”", p.Name), p.Role
		},
	})
	defineStanding(RoleAssign, checkRoleMember,
		func(a *oplog.Authority, p RoleMemberPayload, at oplog.Edge) oplog.Verdict {
			return a.AssignRole(p.Role, p.Member, at)
		},
		func(n oplog.Names, _ oplog.Op, p RoleMemberPayload) (string, string) {
			return fmt.Sprintf("gave %s the role “%s”", n.Name(p.Member), n.Label("role", p.Role)), p.Role
		})
	defineStanding(RoleUnassign, checkRoleMember,
		func(a *oplog.Authority, p RoleMemberPayload, at oplog.Edge) oplog.Verdict {
			return a.UnassignRole(p.Role, p.Member, at)
		},
		func(n oplog.Names, _ oplog.Op, p RoleMemberPayload) (string, string) {
			return fmt.Sprintf("took the role “%s” from %s", n.Label("role", p.Role), n.Name(p.Member)), p.Role
		})
}

// standing is a payload that changes one member's permissions and, from
// version 2, names its cut.
type standing[P any] interface {
	subject() (member string, cut oplog.Cut)
	withCut(oplog.Cut) P
}

func (p GrantPayload) subject() (string, oplog.Cut)               { return p.Member, p.Cut }
func (p GrantPayload) withCut(c oplog.Cut) GrantPayload           { p.Cut = c; return p }
func (p RoleMemberPayload) subject() (string, oplog.Cut)          { return p.Member, p.Cut }
func (p RoleMemberPayload) withCut(c oplog.Cut) RoleMemberPayload { p.Cut = c; return p }

// defineStanding defines both versions of a change to one member's
// permissions. Version 1 begins at its stamp, which a member could dodge
// by setting their clock back, and keeps that meaning for what earlier
// Cairns wrote. Version 2 names its cut, what its coordinator had seen of
// the member's replicas, and begins for exactly the member's operations
// beyond it.
func defineStanding[P standing[P]](typ string, check func(P) error,
	change func(a *oplog.Authority, p P, at oplog.Edge) oplog.Verdict, describe func(oplog.Names, oplog.Op, P) (string, string)) {
	oplog.Define(oplog.Spec[P]{
		Type: typ, Area: "roles", Permission: oplog.Coordinate, ChangesPermissions: true, WrittenUntil: 1,
		Valid: func(p P) error {
			_, cut := p.subject()
			return oplog.FirstError(check(p), oplog.NoCut(cut))
		},
		Replay: func(a *oplog.Authority, op oplog.Op, p P) oplog.Verdict {
			return change(a, p, oplog.StampEdge(op.Stamp))
		},
		Describe: describe,
	})
	oplog.Define(oplog.Spec[P]{
		Type: typ, Version: 2, Area: "roles", Permission: oplog.Coordinate, ChangesPermissions: true,
		Valid: func(p P) error {
			_, cut := p.subject()
			return oplog.FirstError(check(p), oplog.CheckCut(cut))
		},
		Seen: func(p P, seen oplog.Seen) P {
			if member, cut := p.subject(); cut == nil {
				return p.withCut(seen.CutOf(member))
			}
			return p
		},
		Replay: func(a *oplog.Authority, op oplog.Op, p P) oplog.Verdict {
			_, cut := p.subject()
			return change(a, p, oplog.CutEdge(op, cut))
		},
		Reaches: func(a *oplog.Authority, p P) ([]string, []string) {
			member, _ := p.subject()
			return a.KeysOf(member), nil
		},
		Describe: describe,
	})
}
