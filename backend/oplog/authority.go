package oplog

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Status is what replay decided for one operation.
type Status string

const (
	Applied  Status = "applied"  // in force: the projections show it
	Rejected Status = "rejected" // its author lacked the permission, or it is malformed
	Waiting  Status = "waiting"  // its author is not an approved member yet
	Unknown  Status = "unknown"  // a newer Cairn wrote it: kept and passed on, never applied
	// Ahead: stamped more than MaxClockLead past this computer's time (its
	// author's clock ran ahead). Stored and passed on, neither judged nor
	// applied until local time reaches it or a change.release moves it to
	// the present; it never counts towards the clock or the permissions.
	Ahead Status = "ahead"
)

// Verdict is a Status with its reason in words for people.
type Verdict struct {
	Status Status
	Reason string
	// Denied says the op was refused for who made it: its author lacked
	// the membership or the permission it needs. Never stored: a local
	// write reads it to tell the person they may not, not that the change
	// is wrong.
	Denied bool
}

// grant is one permission held over a span of replay time: from its stamp
// (inclusive) until the stamp that ended it (exclusive), or still open.
type grant struct {
	permission Permission
	from       Stamp
	until      *Stamp
	role       string // the role that gives it; "" for a direct grant
}

// memberState is one key's history: whether it was ever approved, its
// approvals and removals in replay order, and its grants.
type memberState struct {
	approved bool
	events   []membership
	grants   []grant
}

type membership struct {
	at     Stamp
	member bool // approved (true) or removed (false) at this stamp
}

// removedAt reports whether the last approval or removal at or before at
// was a removal. A verdict depends only on history up to its op's stamp
// (and on whether the author was ever approved), so a late permission
// change needs to re-judge only what follows it.
func (m *memberState) removedAt(at Stamp) bool {
	removed := false
	for _, e := range m.events {
		if e.at.Compare(at) > 0 {
			break
		}
		removed = !e.member
	}
	return removed
}

func (m *memberState) removedNow() bool {
	return len(m.events) > 0 && !m.events[len(m.events)-1].member
}

// Authority answers "may this author do this, at that moment?" It is built
// by replaying the operations that change permissions in replay order, each
// judged by the permissions in force just before it, so every replica that
// holds the same operations reaches the same answers.
type Authority struct {
	founder  string
	members  map[string]*memberState
	roles    map[string][]Permission // named roles: the permissions each gives
	verdicts map[string]Verdict      // of the permission-changing ops replayed
	asked    map[string]string       // device key -> the member it asked to be
	devices  map[string]string       // approved device key -> its member
	areas    map[string]any          // each area's own record, kept by its Replay
}

// NewAuthority starts with the founder: the key that created the workspace
// holds every permission from the beginning.
func NewAuthority(founder string) *Authority {
	a := &Authority{founder: founder, members: map[string]*memberState{}, roles: map[string][]Permission{},
		verdicts: map[string]Verdict{}, asked: map[string]string{}, devices: map[string]string{}, areas: map[string]any{}}
	a.members[founder] = &memberState{approved: true, grants: []grant{
		{permission: Coordinate}, {permission: Validate}, {permission: Contribute},
	}}
	return a
}

// Replay applies the permission-changing ops, which must be sorted by Less.
func (a *Authority) Replay(ops []Op) {
	for _, op := range ops {
		a.verdicts[op.ID] = a.apply(op)
	}
}

func (a *Authority) apply(op Op) Verdict {
	def, ok := Lookup(op.Type, op.Version)
	if !ok {
		return unknownVerdict(op)
	}
	parsed, err := def.Parse(op.Payload)
	if err != nil {
		return malformed(err)
	}
	if v := a.judgeParsed(op, def, parsed); v.Status != Applied {
		return v
	}
	if def.replay != nil {
		return def.replay(a, op, parsed)
	}
	return Verdict{Status: Applied}
}

// Stands is the verdict of a change that applies.
var Stands = Verdict{Status: Applied}

// Refused is the verdict of a change that does not apply, with its reason
// in words for people.
func Refused(reason string) Verdict { return Verdict{Status: Rejected, Reason: reason} }

// Forbidden is the verdict of a change its author may not make: refused for
// who made it (a permission or a membership they lack), not for what it says.
func Forbidden(reason string) Verdict { return Verdict{Status: Rejected, Reason: reason, Denied: true} }

func (m *memberState) holdsAt(p Permission, at Stamp) bool {
	for _, g := range m.grants {
		if g.permission == p && g.from.Compare(at) <= 0 && (g.until == nil || at.Compare(*g.until) < 0) {
			return true
		}
	}
	return false
}

// Judge gives an operation's verdict against the full permission history.
// Permission-changing ops get the verdict their replay gave.
func (a *Authority) Judge(op Op) Verdict {
	v, _ := a.JudgeParsed(op)
	return v
}

// JudgeParsed is Judge that also returns the decoded payload (nil when the
// op does not apply), so callers decode each payload once.
func (a *Authority) JudgeParsed(op Op) (Verdict, any) {
	def, ok := Lookup(op.Type, op.Version)
	if !ok {
		return unknownVerdict(op), nil
	}
	parsed, err := def.Parse(op.Payload)
	if v, ok := a.verdicts[op.ID]; ok {
		return v, parsed
	}
	if err != nil {
		return malformed(err), nil
	}
	return a.judgeParsed(op, def, parsed), parsed
}

func malformed(err error) Verdict {
	return Verdict{Status: Rejected, Reason: "the change is malformed: " + err.Error()}
}

// judgeParsed judges an op whose payload is valid: its author must be a
// current member holding the permission the op needs at its stamp, and
// then pass the type's own rule, if it has one.
func (a *Authority) judgeParsed(op Op, def Definition, parsed any) Verdict {
	need := def.Needs(parsed)
	if need != Anyone {
		if v := a.judgeMember(op, need); v.Status != Applied {
			return v
		}
	}
	if def.authorize != nil {
		return def.authorize(a, op, parsed)
	}
	return Verdict{Status: Applied}
}

func (a *Authority) judgeMember(op Op, need Permission) Verdict {
	m, ok := a.members[a.Member(op.Author)]
	if ok && !m.approved && m.removedNow() {
		return Forbidden("its author's request to join was refused")
	}
	if !ok || !m.approved {
		return Verdict{Status: Waiting, Reason: "signed by a key that is not an approved member; kept until a coordinator approves it", Denied: true}
	}
	if m.removedAt(op.Stamp) {
		return Forbidden("the author had been removed from the workspace when this change was made")
	}
	if need != AnyMember && !m.holdsAt(need, op.Stamp) {
		return Forbidden(fmt.Sprintf("this change needs the %s permission, which its author did not hold at the time", need))
	}
	return Verdict{Status: Applied}
}

// MayWait says whether an op whose author is not approved yet is kept to
// wait for the approval: it needs no more than the author will hold once
// let in (a newcomer contributes; a computer asking to join a member acts
// as that member). When it would be refused even then, the reason says why,
// so the author hears it now rather than after the approval.
func (a *Authority) MayWait(op Op) (bool, string) {
	def, ok := Lookup(op.Type, op.Version)
	if !ok {
		return false, "this Cairn does not know the change"
	}
	parsed, err := def.Parse(op.Payload)
	if err != nil {
		return false, err.Error()
	}
	need := def.Needs(parsed)
	switch need {
	case Anyone, AnyMember, Observe, Contribute:
		return true, ""
	}
	if member := a.asked[op.Author]; member != "" && a.Holds(member, need, Stamp{Wall: 1 << 62}) {
		return true, ""
	}
	return false, fmt.Sprintf("this change needs the %s permission, which a coordinator gives once you are let in", need)
}

func unknownVerdict(op Op) Verdict {
	return Verdict{Status: Unknown, Reason: fmt.Sprintf("a newer Cairn wrote this %s change (version %d); it is kept and passed on, and applies once Cairn is updated", op.Type, op.Version)}
}

// Member describes one key as the permission history leaves it.
type Member struct {
	Key          string
	Approved     bool
	Removed      bool
	Permissions  []Permission // open now, directly or through a role, sorted
	Roles        []string     // the named roles held now, sorted
	DeviceOf     string       // for a device key: the member it acts as
	AsksDeviceOf string       // for a key waiting to be a device: of whom
}

// Members lists every key the history mentions, sorted by key.
func (a *Authority) Members() []Member {
	var list []Member
	for _, k := range slices.Sorted(maps.Keys(a.members)) {
		if _, device := a.devices[k]; device {
			continue // it acts as its member: listed as a device below
		}
		m := a.members[k]
		mem := Member{Key: k, Approved: m.approved, Removed: m.removedNow()}
		for _, g := range m.grants {
			if g.until != nil {
				continue
			}
			if !slices.Contains(mem.Permissions, g.permission) {
				mem.Permissions = append(mem.Permissions, g.permission)
			}
			if g.role != "" && !slices.Contains(mem.Roles, g.role) {
				mem.Roles = append(mem.Roles, g.role)
			}
		}
		slices.Sort(mem.Permissions)
		slices.Sort(mem.Roles)
		list = append(list, mem)
	}
	for _, device := range slices.Sorted(maps.Keys(a.devices)) {
		list = append(list, Member{Key: device, DeviceOf: a.devices[device]})
	}
	for _, device := range slices.Sorted(maps.Keys(a.asked)) {
		_, approved := a.devices[device]
		if _, member := a.members[device]; !approved && !member {
			list = append(list, Member{Key: device, AsksDeviceOf: a.asked[device]})
		}
	}
	slices.SortFunc(list, func(x, y Member) int { return strings.Compare(x.Key, y.Key) })
	return list
}

// Member is the member a key acts as: the member whose device it is, or
// the key itself.
func (a *Authority) Member(key string) string {
	if owner := a.devices[key]; owner != "" {
		return owner
	}
	return key
}

// Holds reports whether key holds permission p at stamp at.
func (a *Authority) Holds(key string, p Permission, at Stamp) bool {
	m, ok := a.members[a.Member(key)]
	return ok && m.approved && m.holdsAt(p, at)
}

// EverApproved lists the keys approved at some point, sorted. An op by a key
// outside it waits; so a change of this set changes verdicts at any stamp.
func (a *Authority) EverApproved() []string {
	var keys []string
	for k, m := range a.members {
		if m.approved {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}
