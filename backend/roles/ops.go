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
		Role   string `json:"role"`
		Member string `json:"member"`
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
	oplog.Define(oplog.Spec[GrantPayload]{
		Type: RoleGrant, Area: "roles", Permission: oplog.Coordinate, ChangesPermissions: true,
		Valid: checkGrant,
		Replay: func(a *oplog.Authority, op oplog.Op, p GrantPayload) oplog.Verdict {
			return a.Grant(p.Member, p.Permission, op.Stamp)
		},
		Describe: func(n oplog.Names, _ oplog.Op, p GrantPayload) (string, string) {
			return fmt.Sprintf("gave %s the %s permission", n.Name(p.Member), p.Permission), p.Member
		},
	})
	oplog.Define(oplog.Spec[GrantPayload]{
		Type: RoleRevoke, Area: "roles", Permission: oplog.Coordinate, ChangesPermissions: true,
		Valid: checkGrant,
		Replay: func(a *oplog.Authority, op oplog.Op, p GrantPayload) oplog.Verdict {
			return a.Revoke(p.Member, p.Permission, op.Stamp)
		},
		Describe: func(n oplog.Names, _ oplog.Op, p GrantPayload) (string, string) {
			return fmt.Sprintf("took the %s permission from %s", p.Permission, n.Name(p.Member)), p.Member
		},
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
	oplog.Define(oplog.Spec[RoleMemberPayload]{
		Type: RoleAssign, Area: "roles", Permission: oplog.Coordinate, ChangesPermissions: true,
		Valid: checkRoleMember,
		Replay: func(a *oplog.Authority, op oplog.Op, p RoleMemberPayload) oplog.Verdict {
			return a.AssignRole(p.Role, p.Member, op.Stamp)
		},
		Describe: func(n oplog.Names, _ oplog.Op, p RoleMemberPayload) (string, string) {
			return fmt.Sprintf("gave %s the role “%s”", n.Name(p.Member), n.Label("role", p.Role)), p.Role
		},
	})
	oplog.Define(oplog.Spec[RoleMemberPayload]{
		Type: RoleUnassign, Area: "roles", Permission: oplog.Coordinate, ChangesPermissions: true,
		Valid: checkRoleMember,
		Replay: func(a *oplog.Authority, op oplog.Op, p RoleMemberPayload) oplog.Verdict {
			return a.UnassignRole(p.Role, p.Member, op.Stamp)
		},
		Describe: func(n oplog.Names, _ oplog.Op, p RoleMemberPayload) (string, string) {
			return fmt.Sprintf("took the role “%s” from %s", n.Label("role", p.Role), n.Name(p.Member)), p.Role
		},
	})
}
