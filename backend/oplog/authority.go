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
)

// Verdict is a Status with its reason in words for people.
type Verdict struct {
	Status Status
	Reason string
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
	parts    map[string][]partAccess // each part's writing rules over time
	verdicts map[string]Verdict      // of the permission-changing ops replayed
	asked    map[string]string       // device key -> the member it asked to be
	devices  map[string]string       // approved device key -> its member
}

// partAccess is who may write a part from a stamp on.
type partAccess struct {
	from    Stamp
	owner   string
	mode    string
	writers []string
}

// NewAuthority starts with the founder: the key that created the workspace
// holds every permission from the beginning.
func NewAuthority(founder string) *Authority {
	a := &Authority{founder: founder, members: map[string]*memberState{}, roles: map[string][]Permission{},
		parts: map[string][]partAccess{}, verdicts: map[string]Verdict{}, asked: map[string]string{}, devices: map[string]string{}}
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
	if v := a.judge(op, def); v.Status != Applied {
		return v
	}
	switch op.Type {
	case MemberApprove:
		p, _ := Decode[ApprovePayload](op.Payload)
		m := a.member(p.Member)
		if m.approved && !m.removedNow() {
			return Verdict{Status: Applied}
		}
		// A first approval covers what the newcomer wrote while waiting; a
		// return after removal counts from the approval on.
		from := Stamp{}
		if m.approved {
			from = op.Stamp
		}
		m.approved = true
		m.events = append(m.events, membership{at: op.Stamp, member: true})
		m.grants = append(m.grants, grant{permission: Contribute, from: from})
	case MemberRemove:
		p, _ := Decode[MemberPayload](op.Payload)
		if p.Member == a.founder {
			return Verdict{Status: Rejected, Reason: "the workspace's founder cannot be removed"}
		}
		m := a.member(p.Member)
		if !m.removedNow() {
			return a.demote(m, op.Stamp, func() {
				stamp := op.Stamp
				m.events = append(m.events, membership{at: stamp, member: false})
				m.closeGrants(stamp, func(grant) bool { return true })
			})
		}
	case RoleGrant:
		p, _ := Decode[GrantPayload](op.Payload)
		m := a.member(p.Member)
		if !m.approved || m.removedNow() {
			return Verdict{Status: Rejected, Reason: "a permission can only be given to a current member"}
		}
		if !m.holdsOpen(p.Permission) {
			m.grants = append(m.grants, grant{permission: p.Permission, from: op.Stamp})
		}
	case RoleRevoke:
		p, _ := Decode[GrantPayload](op.Payload)
		m := a.member(p.Member)
		return a.demote(m, op.Stamp, func() {
			m.closeGrants(op.Stamp, func(g grant) bool { return g.role == "" && g.permission == p.Permission })
		})
	case RoleAdd:
		p, _ := Decode[RolePayload](op.Payload)
		if _, exists := a.roles[p.Role]; exists {
			return Verdict{Status: Rejected, Reason: "a role with this id already exists"}
		}
		a.roles[p.Role] = slices.Clone(p.Can)
	case RoleAssign:
		p, _ := Decode[RoleMemberPayload](op.Payload)
		perms, ok := a.roles[p.Role]
		if !ok {
			return Verdict{Status: Rejected, Reason: "the role does not exist"}
		}
		m := a.member(p.Member)
		if !m.approved || m.removedNow() {
			return Verdict{Status: Rejected, Reason: "a role can only be given to a current member"}
		}
		if !slices.ContainsFunc(m.grants, func(g grant) bool { return g.role == p.Role && g.until == nil }) {
			for _, perm := range perms {
				m.grants = append(m.grants, grant{permission: perm, from: op.Stamp, role: p.Role})
			}
		}
	case RoleUnassign:
		p, _ := Decode[RoleMemberPayload](op.Payload)
		m := a.member(p.Member)
		return a.demote(m, op.Stamp, func() {
			m.closeGrants(op.Stamp, func(g grant) bool { return g.role == p.Role })
		})
	case DeviceRequest:
		p, _ := Decode[DeviceRequestPayload](op.Payload)
		if _, isMember := a.members[op.Author]; isMember || a.devices[op.Author] != "" {
			return Verdict{Status: Rejected, Reason: "this key already belongs to a member"}
		}
		if _, asked := a.asked[op.Author]; !asked {
			a.asked[op.Author] = p.Member
		}
	case DeviceApprove:
		p, _ := Decode[DeviceApprovePayload](op.Payload)
		owner := a.Member(op.Author)
		if a.asked[p.Device] != owner {
			return Verdict{Status: Rejected, Reason: "that key did not ask to be a device of this member"}
		}
		if _, isMember := a.members[p.Device]; isMember {
			return Verdict{Status: Rejected, Reason: "that key already belongs to a member"}
		}
		a.devices[p.Device] = owner
	case PartAdd:
		p, _ := Decode[PartAddPayload](op.Payload)
		if _, exists := a.parts[p.Part]; exists {
			return Verdict{Status: Rejected, Reason: "a part with this id already exists"}
		}
		access := partAccess{from: op.Stamp, owner: p.Owner, mode: p.Mode, writers: p.Writers}
		if access.owner == "" {
			access.owner = a.Member(op.Author)
		}
		a.parts[p.Part] = []partAccess{access}
	case PartSet:
		p, _ := Decode[PartSetPayload](op.Payload)
		history := a.parts[p.Part]
		access := history[len(history)-1] // judge made sure it exists
		access.from = op.Stamp
		if p.Owner != nil && *p.Owner != "" {
			access.owner = *p.Owner
		}
		if p.Mode != nil {
			access.mode = *p.Mode
		}
		if p.Writers != nil {
			access.writers = slices.Clone(*p.Writers)
		}
		a.parts[p.Part] = append(history, access)
	}
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

// closeGrants ends, at stamp, the open grants that match.
func (m *memberState) closeGrants(stamp Stamp, match func(grant) bool) {
	for i := range m.grants {
		if m.grants[i].until == nil && match(m.grants[i]) {
			m.grants[i].until = &stamp
		}
	}
}

// demote applies a change that can take the coordinate permission away
// (a removal, a revocation, a role taken back) and undoes it when nobody
// would be left to coordinate: the workspace always keeps a coordinator.
func (a *Authority) demote(m *memberState, at Stamp, change func()) Verdict {
	saved := memberState{approved: m.approved, events: slices.Clone(m.events), grants: slices.Clone(m.grants)}
	change()
	if !a.coordinatorAt(at) {
		*m = saved
		return Verdict{Status: Rejected, Reason: "it would leave the workspace without a coordinator; make someone else a coordinator first"}
	}
	return Verdict{Status: Applied}
}

// coordinatorAt reports whether some current member holds coordinate at.
func (a *Authority) coordinatorAt(at Stamp) bool {
	for _, m := range a.members {
		if m.approved && !m.removedAt(at) && m.holdsAt(Coordinate, at) {
			return true
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

func (a *Authority) judge(op Op, def Definition) Verdict {
	parsed, err := def.Parse(op.Payload)
	if err != nil {
		return malformed(err)
	}
	return a.judgeParsed(op, def, parsed)
}

// judgeParsed judges an op whose payload is valid.
func (a *Authority) judgeParsed(op Op, def Definition, parsed any) Verdict {
	if op.Type == WorkspaceCreate && op.Author != a.founder {
		return Verdict{Status: Rejected, Reason: "only the founder's key can create the workspace"}
	}
	need := def.Needs(parsed)
	if need == Anyone {
		return Verdict{Status: Applied}
	}
	m, ok := a.members[a.Member(op.Author)]
	if ok && !m.approved && m.removedNow() {
		return Verdict{Status: Rejected, Reason: "its author's request to join was refused"}
	}
	if !ok || !m.approved {
		return Verdict{Status: Waiting, Reason: "signed by a key that is not an approved member; kept until a coordinator approves it"}
	}
	if m.removedAt(op.Stamp) {
		return Verdict{Status: Rejected, Reason: "the author had been removed from the workspace when this change was made"}
	}
	if !m.holdsAt(need, op.Stamp) && !(op.Type == DeviceApprove && m.approved) {
		return Verdict{Status: Rejected, Reason: fmt.Sprintf("this change needs the %s permission, which its author did not hold at the time", need)}
	}
	return a.judgePart(op, parsed)
}

// judgePart applies the writing rules of parts: in cooperation mode only
// the owner writes and the others suggest; in collaboration mode the named
// writers (or, with none named, every contributor) write. Settings change
// at the hands of the owner or a coordinator.
func (a *Authority) judgePart(op Op, parsed any) Verdict {
	var part string
	switch p := parsed.(type) {
	case PartRevisePayload:
		part = p.Part
	case PartSetPayload:
		part = p.Part
	case DeclinePayload:
		part = p.Part
	default:
		return Verdict{Status: Applied}
	}
	access, ok := a.partAt(part, op.Stamp)
	if !ok {
		return Verdict{Status: Rejected, Reason: "the part does not exist (or had not been added when this change was made)"}
	}
	author := a.Member(op.Author)
	owner := access.owner == author
	switch parsed.(type) {
	case PartSetPayload:
		if !owner && !a.Holds(author, Coordinate, op.Stamp) {
			return Verdict{Status: Rejected, Reason: "only the part's owner or a coordinator can change its settings"}
		}
	case DeclinePayload:
		if !owner {
			return Verdict{Status: Rejected, Reason: "only the part's owner can decline a suggestion"}
		}
	case PartRevisePayload:
		if access.mode == "collaboration" {
			if !owner && len(access.writers) > 0 && !slices.Contains(access.writers, author) {
				return Verdict{Status: Rejected, Reason: "only the part's writers can write it; others can suggest a change"}
			}
		} else if !owner {
			return Verdict{Status: Rejected, Reason: "in cooperation mode only the part's owner writes it; others suggest a change"}
		}
	}
	return Verdict{Status: Applied}
}

// partAt is a part's writing rules in force at a stamp.
func (a *Authority) partAt(part string, at Stamp) (partAccess, bool) {
	history := a.parts[part]
	for i := len(history) - 1; i >= 0; i-- {
		if history[i].from.Compare(at) <= 0 {
			return history[i], true
		}
	}
	return partAccess{}, false
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
	sortStrings(keys)
	return keys
}
