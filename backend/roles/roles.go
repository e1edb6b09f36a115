package roles

import (
	"slices"
	"strings"

	"github.com/cairn-community/cairn/backend/errs"
	"github.com/cairn-community/cairn/backend/oplog"
)

// Permission is what a role lets its members do; the kernel's authority
// judges every operation by it.
type Permission = oplog.Permission

const (
	Coordinate = oplog.Coordinate // plan, approve members, assign roles
	Validate   = oplog.Validate   // review contributions, validate steps
	Contribute = oplog.Contribute // write, suggest, log contributions
	Observe    = oplog.Observe    // read and comment only
)

// Permissions lists every permission, strongest first.
var Permissions = []Permission{Coordinate, Validate, Contribute, Observe}

// Role is a role as the community defines it.
type Role struct {
	ID          string
	Name        string
	Who         string // who holds it
	When        string // when they act
	How         string // how they work, and with whom
	Permissions []Permission
}

// MaxTextBytes bounds Who, When and How: a paragraph each.
const MaxTextBytes = oplog.MaxRoleTextBytes

// ParsePermissions reads "coordinate,validate,contribute" as typed on the
// command line; duplicates are dropped and the order is fixed.
func ParsePermissions(text string) ([]Permission, error) {
	var list []Permission
	for _, part := range strings.Split(text, ",") {
		p := Permission(strings.ToLower(strings.TrimSpace(part)))
		if p == "" {
			continue
		}
		if !slices.Contains(Permissions, p) {
			return nil, errs.OnField("can", "%q is not a permission. Use coordinate, validate, contribute or observe, separated by commas.", part)
		}
		if !slices.Contains(list, p) {
			list = append(list, p)
		}
	}
	slices.SortFunc(list, func(a, b Permission) int { return slices.Index(Permissions, a) - slices.Index(Permissions, b) })
	return list, nil
}

// CheckRole refuses a role without a name or with overlong texts.
func CheckRole(r Role) error {
	if oplog.FaultInName(strings.TrimSpace(r.Name), oplog.MaxNameChars) != oplog.NameFine {
		return errs.OnField("name", "A role needs a name of 1 to %d characters, on one line.", oplog.MaxNameChars)
	}
	for field, text := range map[string]string{"who": r.Who, "when": r.When, "how": r.How} {
		if len(text) > MaxTextBytes {
			return errs.OnField(field, "Keep %s under %d bytes: a paragraph, so everyone reads it.", strings.ToUpper(field[:1])+field[1:], MaxTextBytes)
		}
	}
	return nil
}

// CheckCoordinatorsRemain refuses a change that would leave the workspace
// with no coordinator: removing or demoting the last one.
func CheckCoordinatorsRemain(coordinators []string, losing string) error {
	if slices.Contains(coordinators, losing) && len(coordinators) == 1 {
		return errs.New(errs.Conflict, "This is the last coordinator. Make someone else a coordinator first, so the workspace keeps someone who can approve members and plan.")
	}
	return nil
}
