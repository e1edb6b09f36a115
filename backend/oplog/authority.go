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

// grant is one permission held from one change to a member's standing
// until the change that ended it, or still open.
type grant struct {
	permission Permission
	from       Edge
	until      *Edge
	role       string // the role that gives it; "" for a direct grant
	membership bool   // the contribute every member holds by being let in
}

// memberState is one key's history: whether it was ever approved, its
// approvals and removals in replay order, and its grants.
type memberState struct {
	approved bool
	events   []membership
	grants   []grant
	observer bool // some grant of observe named its cut: see observes
}

type membership struct {
	edge   Edge
	member bool // approved (true) or removed (false)
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
	accepted map[string]string       // op id -> member: ops a coordinator accepted beyond their author's cut
	causal   bool                    // some change named its cut: Replay takes more than one pass
	prior    *Authority              // where the pass before ended, during Replay
}

// NewAuthority starts with the founder: the key that created the workspace
// holds every permission from the beginning.
func NewAuthority(founder string) *Authority {
	a := &Authority{founder: founder, members: map[string]*memberState{}, roles: map[string][]Permission{},
		verdicts: map[string]Verdict{}, asked: map[string]string{}, devices: map[string]string{}, areas: map[string]any{},
		accepted: map[string]string{}}
	a.members[founder] = &memberState{approved: true, grants: []grant{
		{permission: Coordinate}, {permission: Validate}, {permission: Contribute},
	}}
	return a
}

// maxCausalPasses bounds the passes over the permission history when
// changes name their cuts (see Replay).
const maxCausalPasses = 4

// Replay applies the permission-changing ops, which must be sorted by
// Less, to a new authority. A removal that names its cut reaches the
// member's ops beyond it whatever their stamps, so also those replayed
// before it: a removed coordinator's backdated grant, say. So the history
// is replayed again, each op judged also against where the pass before
// ended, until nothing changes (or for at most maxCausalPasses): the same
// ops give the same passes on every replica. A history of version 1
// changes only takes one pass.
func (a *Authority) Replay(ops []Op) {
	for _, op := range ops {
		a.verdicts[op.ID] = a.apply(op)
	}
	for pass := 1; pass < maxCausalPasses && a.causal; pass++ {
		next := NewAuthority(a.founder)
		next.prior = a
		for _, op := range ops {
			next.verdicts[op.ID] = next.apply(op)
		}
		same := maps.EqualFunc(a.verdicts, next.verdicts, func(x, y Verdict) bool { return x.Status == y.Status })
		next.prior = nil
		*a = *next
		if same {
			break
		}
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

// covers reports whether grant g gives its permission to op, one of its
// holder's own operations: op comes after the change that gave it and
// before any change that took it back.
func (a *Authority) covers(g grant, op Op) bool {
	return g.from.reaches(op) && (g.until == nil || !a.takenFrom(*g.until, op))
}

// takenFrom reports whether a change that takes something from a member
// reaches op, one of their own operations. A coordinator's acceptance
// lifts every cut from the op it names.
func (a *Authority) takenFrom(e Edge, op Op) bool {
	if e.Causal && a.accepted[op.ID] != "" && a.accepted[op.ID] == a.Member(op.Author) {
		return false
	}
	return e.reaches(op)
}

func (a *Authority) holdsFor(m *memberState, p Permission, op Op) bool {
	for _, g := range m.grants {
		if g.permission == p && a.covers(g, op) {
			return true
		}
	}
	return false
}

// removedFor reports whether op's author had been removed for op, and
// whether by a removal that named its cut: one whose author had not seen
// op, which a coordinator may still accept.
func (a *Authority) removedFor(m *memberState, op Op) (removed, cut bool) {
	for _, e := range m.events {
		switch {
		case e.member && op.Stamp.Compare(e.edge.At) >= 0:
			removed, cut = false, false
		case !e.member && a.takenFrom(e.edge, op):
			removed, cut = true, e.edge.Causal
		}
	}
	return removed, cut
}

// observes reports whether op's author only observes when making it: a
// role or grant of observe that named its cut is in force, and nothing
// beyond the membership's own gives them contribute or more.
func (a *Authority) observes(m *memberState, op Op) bool {
	if !m.observer {
		return false // the common case, checked once per op
	}
	observer := false
	for _, g := range m.grants {
		if g.permission == Observe && g.from.Causal && a.takenFrom(g.from, op) && (g.until == nil || !a.takenFrom(*g.until, op)) {
			observer = true
		}
	}
	if !observer {
		return false
	}
	for _, g := range m.grants {
		if !g.membership && g.permission != Observe && a.covers(g, op) {
			return false
		}
	}
	return true
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
	return a.JudgeDecoded(op, DecodePayload(op))
}

// Decoded is an op's payload decoded ahead of judging: decoding is most of
// the work of judging and needs no authority, so an import does it on
// another core meanwhile.
type Decoded struct {
	def    Definition
	known  bool
	parsed any
	err    error
}

// DecodePayload decodes op's payload by its type's definition.
func DecodePayload(op Op) Decoded {
	def, ok := Lookup(op.Type, op.Version)
	if !ok {
		return Decoded{}
	}
	parsed, err := def.Parse(op.Payload)
	return Decoded{def: def, known: true, parsed: parsed, err: err}
}

// Parsed is the decoded payload; nil when it could not be decoded.
func (d Decoded) Parsed() any {
	if d.err != nil {
		return nil
	}
	return d.parsed
}

// JudgeDecoded is JudgeParsed given op's payload decoded by DecodePayload.
func (a *Authority) JudgeDecoded(op Op, d Decoded) (Verdict, any) {
	if !d.known {
		return unknownVerdict(op), nil
	}
	if v, ok := a.verdicts[op.ID]; ok {
		return v, d.parsed
	}
	if d.err != nil {
		return malformed(d.err), nil
	}
	return a.judgeParsed(op, d.def, d.parsed), d.parsed
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
		if v := a.judgeMember(op, need, def.ObserversMay); v.Status != Applied {
			return v
		}
	}
	if def.authorize != nil {
		return def.authorize(a, op, parsed)
	}
	return Verdict{Status: Applied}
}

// The reasons a member's change is refused for who made it, one home each.
const (
	ReasonRemoved       = "the author had been removed from the workspace when this change was made"
	ReasonBeyondCut     = "a coordinator removed its author from the workspace before it reached them; it is kept, and a coordinator can still accept it"
	ReasonObserverOnly  = "its author only observes: observers read and comment, and change nothing else"
	reasonPermissionFmt = "this change needs the %s permission, which its author did not hold at the time"
)

func (a *Authority) judgeMember(op Op, need Permission, observersMay bool) Verdict {
	m, ok := a.members[a.Member(op.Author)]
	if ok && !m.approved && m.removedNow() {
		return Forbidden("its author's request to join was refused")
	}
	if !ok || !m.approved {
		return Verdict{Status: Waiting, Reason: "signed by a key that is not an approved member; kept until a coordinator approves it", Denied: true}
	}
	if removed, cut := a.removedFor(m, op); removed && cut {
		return Verdict{Status: Waiting, Reason: ReasonBeyondCut, Denied: true}
	} else if removed {
		return Forbidden(ReasonRemoved)
	}
	if need != AnyMember {
		if a.observes(m, op) {
			if !observersMay && need != Observe {
				return Forbidden(ReasonObserverOnly)
			}
		} else if !a.holdsFor(m, need, op) {
			return Forbidden(fmt.Sprintf(reasonPermissionFmt, need))
		}
	}
	if a.prior != nil {
		// A change that names its cut, replayed later, may take from op
		// what this pass has not met yet.
		return a.prior.judgeMember(op, need, observersMay)
	}
	return Stands
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

// observesNow reports whether the member only observes from now on (see
// observes): what the app offers them follows it.
func (m *memberState) observesNow() bool {
	observer := false
	for _, g := range m.grants {
		if g.until != nil {
			continue
		}
		switch {
		case g.permission == Observe && g.from.Causal:
			observer = true
		case g.permission != Observe && !g.membership:
			return false
		}
	}
	return observer
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
		observer := m.observesNow()
		for _, g := range m.grants {
			if g.until != nil || (observer && g.membership) {
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

// Holds reports whether key holds permission p at stamp at, by the stamps
// of the changes alone: for questions about no operation in particular.
// An operation's author is judged with HoldsFor.
func (a *Authority) Holds(key string, p Permission, at Stamp) bool {
	m, ok := a.members[a.Member(key)]
	if !ok || !m.approved {
		return false
	}
	for _, g := range m.grants {
		if g.permission == p && g.from.At.Compare(at) <= 0 && (g.until == nil || at.Compare(g.until.At) < 0) {
			return true
		}
	}
	return false
}

// HoldsFor reports whether op's author held permission p for op: by what
// each change to their standing had seen, or by its stamp for changes
// that named nothing (version 1).
func (a *Authority) HoldsFor(op Op, p Permission) bool {
	m, ok := a.members[a.Member(op.Author)]
	return ok && m.approved && a.holdsFor(m, p, op)
}

// Removed reports whether key's member is out of the workspace now.
func (a *Authority) Removed(key string) bool {
	m, ok := a.members[a.Member(key)]
	return ok && m.removedNow()
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
