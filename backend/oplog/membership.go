package oplog

import (
	"slices"
)

// State is an area's own record in the authority (the writing rules of
// parts over time, say), made on first use. Only the area's Replay changes
// it, in replay order, and its Authorize reads it, so it is the same on
// every replica that holds the same operations.
func State[T any](a *Authority, area string) *T {
	if s, ok := a.areas[area].(*T); ok {
		return s
	}
	s := new(T)
	a.areas[area] = s
	return s
}

// Founder is the key that created the workspace.
func (a *Authority) Founder() string { return a.founder }

// Approve lets key in as a member at stamp at. A first approval covers
// what the newcomer wrote while waiting; a return after removal counts from
// the approval on.
func (a *Authority) Approve(key string, at Stamp) Verdict {
	m := a.member(key)
	if m.approved && !m.removedNow() {
		return Verdict{Status: Applied}
	}
	from := Stamp{}
	if m.approved {
		from = at
	}
	m.approved = true
	m.events = append(m.events, membership{edge: StampEdge(at), member: true})
	m.grants = append(m.grants, grant{permission: Contribute, from: StampEdge(from), membership: true})
	return Verdict{Status: Applied}
}

// Remove takes key out of the workspace from edge at, with every
// permission.
func (a *Authority) Remove(key string, at Edge) Verdict {
	if key == a.founder {
		return Refused("the workspace's founder cannot be removed")
	}
	if at.Causal && a.devices[key] != "" {
		// Version 1 took such a key out as if it were a member, which
		// changed nothing for the member it acts as.
		return Refused("that key is one of a member's computers: remove the member instead")
	}
	m := a.member(key)
	if m.removedNow() {
		return Verdict{Status: Applied}
	}
	return a.demote(m, at, func() {
		m.events = append(m.events, membership{edge: at, member: false})
		m.closeGrants(at, func(grant) bool { return true })
	})
}

// Grant gives a current member a permission directly, from edge at.
func (a *Authority) Grant(key string, p Permission, at Edge) Verdict {
	m := a.member(key)
	if !m.approved || m.removedNow() {
		return Refused("a permission can only be given to a current member")
	}
	a.causal = a.causal || at.Causal
	m.observer = m.observer || (p == Observe && at.Causal)
	if !m.holdsOpen(p) {
		m.grants = append(m.grants, grant{permission: p, from: at})
	}
	return Verdict{Status: Applied}
}

// Revoke takes a directly given permission back from edge at.
func (a *Authority) Revoke(key string, p Permission, at Edge) Verdict {
	m := a.member(key)
	return a.demote(m, at, func() {
		m.closeGrants(at, func(g grant) bool { return g.role == "" && g.permission == p })
	})
}

// AddRole defines a named role and the permissions it gives; they never
// change, so assignments are judged from the role's first definition.
func (a *Authority) AddRole(role string, can []Permission) Verdict {
	if _, exists := a.roles[role]; exists {
		return Refused("a role with this id already exists")
	}
	a.roles[role] = slices.Clone(can)
	return Verdict{Status: Applied}
}

// AssignRole gives a current member a role's permissions from edge at.
func (a *Authority) AssignRole(role, key string, at Edge) Verdict {
	perms, ok := a.roles[role]
	if !ok {
		return Refused("the role does not exist")
	}
	m := a.member(key)
	if !m.approved || m.removedNow() {
		return Refused("a role can only be given to a current member")
	}
	a.causal = a.causal || at.Causal
	if !slices.ContainsFunc(m.grants, func(g grant) bool { return g.role == role && g.until == nil }) {
		for _, perm := range perms {
			m.observer = m.observer || (perm == Observe && at.Causal)
			m.grants = append(m.grants, grant{permission: perm, from: at, role: role})
		}
	}
	return Verdict{Status: Applied}
}

// UnassignRole takes a role and its permissions back from edge at.
func (a *Authority) UnassignRole(role, key string, at Edge) Verdict {
	m := a.member(key)
	return a.demote(m, at, func() {
		m.closeGrants(at, func(g grant) bool { return g.role == role })
	})
}

// AskDevice records that device asks to act as member.
func (a *Authority) AskDevice(device, member string) Verdict {
	if _, isMember := a.members[device]; isMember || a.devices[device] != "" {
		return Refused("this key already belongs to a member")
	}
	if _, asked := a.asked[device]; !asked {
		a.asked[device] = member
	}
	return Verdict{Status: Applied}
}

// ApproveDevice lets device act as the member whose key (or device) by is.
func (a *Authority) ApproveDevice(by, device string) Verdict {
	owner := a.Member(by)
	if a.asked[device] != owner {
		return Refused("that key did not ask to be a device of this member")
	}
	if _, isMember := a.members[device]; isMember {
		return Refused("that key already belongs to a member")
	}
	a.devices[device] = owner
	return Verdict{Status: Applied}
}

func (a *Authority) member(key string) *memberState {
	m, ok := a.members[key]
	if !ok {
		m = &memberState{}
		a.members[key] = m
	}
	return m
}

// closeGrants ends, from edge at, the open grants that match.
func (m *memberState) closeGrants(at Edge, match func(grant) bool) {
	for i := range m.grants {
		if m.grants[i].until == nil && match(m.grants[i]) {
			m.grants[i].until = &at
		}
	}
}

// demote applies a change that can take the coordinate permission away
// (a removal, a revocation, a role taken back) and undoes it when nobody
// would be left to coordinate: the workspace always keeps a coordinator.
func (a *Authority) demote(m *memberState, at Edge, change func()) Verdict {
	a.causal = a.causal || at.Causal
	saved := memberState{approved: m.approved, events: slices.Clone(m.events), grants: slices.Clone(m.grants), observer: m.observer}
	change()
	if !a.coordinatorNow() {
		*m = saved
		return Verdict{Status: Rejected, Reason: "it would leave the workspace without a coordinator; make someone else a coordinator first"}
	}
	return Verdict{Status: Applied}
}

// coordinatorNow reports whether some current member holds coordinate
// once the changes replayed so far apply. Changes are replayed in stamp
// order, so for those that name no cut this is the state at the latest
// stamp; for those that do, it is what stays whichever way their cuts
// fall, so two coordinators removing each other leave one.
func (a *Authority) coordinatorNow() bool {
	for _, m := range a.members {
		if !m.approved || m.removedNow() {
			continue
		}
		for _, g := range m.grants {
			if g.permission == Coordinate && g.until == nil {
				return true
			}
		}
	}
	return false
}

func (m *memberState) holdsOpen(p Permission) bool {
	for _, g := range m.grants {
		if g.permission == p && g.until == nil && g.role == "" {
			return true
		}
	}
	return false
}
