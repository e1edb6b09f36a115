package oplog

import "fmt"

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
	verdicts map[string]Verdict // of the permission-changing ops replayed
}

// NewAuthority starts with the founder: the key that created the workspace
// holds every permission from the beginning.
func NewAuthority(founder string) *Authority {
	a := &Authority{founder: founder, members: map[string]*memberState{}, verdicts: map[string]Verdict{}}
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
			stamp := op.Stamp
			m.events = append(m.events, membership{at: stamp, member: false})
			for i := range m.grants {
				if m.grants[i].until == nil {
					m.grants[i].until = &stamp
				}
			}
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
		for i := range m.grants {
			if m.grants[i].permission == p.Permission && m.grants[i].until == nil {
				stamp := op.Stamp
				m.grants[i].until = &stamp
			}
		}
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

func (m *memberState) holdsOpen(p Permission) bool {
	for _, g := range m.grants {
		if g.permission == p && g.until == nil {
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
	return a.judgeParsed(op, def), parsed
}

func malformed(err error) Verdict {
	return Verdict{Status: Rejected, Reason: "the change is malformed: " + err.Error()}
}

func (a *Authority) judge(op Op, def Definition) Verdict {
	if err := def.Check(op.Payload); err != nil {
		return malformed(err)
	}
	return a.judgeParsed(op, def)
}

// judgeParsed judges an op whose payload is valid.
func (a *Authority) judgeParsed(op Op, def Definition) Verdict {
	if op.Type == WorkspaceCreate && op.Author != a.founder {
		return Verdict{Status: Rejected, Reason: "only the founder's key can create the workspace"}
	}
	if def.Permission == Anyone {
		return Verdict{Status: Applied}
	}
	m, ok := a.members[op.Author]
	if !ok || !m.approved {
		return Verdict{Status: Waiting, Reason: "signed by a key that is not an approved member; kept until a coordinator approves it"}
	}
	if m.removedAt(op.Stamp) {
		return Verdict{Status: Rejected, Reason: "the author had been removed from the workspace when this change was made"}
	}
	if !m.holdsAt(def.Permission, op.Stamp) {
		return Verdict{Status: Rejected, Reason: fmt.Sprintf("this change needs the %s permission, which its author did not hold at the time", def.Permission)}
	}
	return Verdict{Status: Applied}
}

func unknownVerdict(op Op) Verdict {
	return Verdict{Status: Unknown, Reason: fmt.Sprintf("a newer Cairn wrote this %s change (version %d); it is kept and passed on, and applies once Cairn is updated", op.Type, op.Version)}
}

// Member describes one key as the permission history leaves it.
type Member struct {
	Key         string
	Approved    bool
	Removed     bool
	Permissions []Permission // open now, sorted
}

// Members lists every key the history mentions, sorted by key.
func (a *Authority) Members() []Member {
	var keys []string
	for k := range a.members {
		keys = append(keys, k)
	}
	sortStrings(keys)
	var list []Member
	for _, k := range keys {
		m := a.members[k]
		var perms []string
		for _, g := range m.grants {
			if g.until == nil {
				perms = append(perms, string(g.permission))
			}
		}
		sortStrings(perms)
		mem := Member{Key: k, Approved: m.approved, Removed: m.removedNow()}
		for _, p := range perms {
			mem.Permissions = append(mem.Permissions, Permission(p))
		}
		list = append(list, mem)
	}
	return list
}

// Holds reports whether key holds permission p at stamp at.
func (a *Authority) Holds(key string, p Permission, at Stamp) bool {
	m, ok := a.members[key]
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
