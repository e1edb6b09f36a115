package members

import "github.com/cairn-community/cairn/backend/oplog"

// The operation types of membership.
const (
	WorkspaceCreate = "workspace.create"
	WorkspaceRename = "workspace.rename"
	MemberJoin      = "member.join"
	MemberApprove   = "member.approve"
	MemberRemove    = "member.remove"
	DeviceRequest   = "device.request"
	DeviceApprove   = "device.approve"
)

type (
	// NamePayload names the workspace, or the person asking to join.
	NamePayload struct {
		Name string `json:"name"`
	}
	// MemberPayload names a member by key. A removal (version 2) names
	// its cut: what its coordinator had seen of the member's replicas.
	MemberPayload struct {
		Member string    `json:"member"`
		Cut    oplog.Cut `json:"cut,omitempty"`
	}
	// ApprovePayload lets a key in under a name.
	ApprovePayload struct {
		Member string `json:"member"`
		Name   string `json:"name"`
	}
	// DeviceRequestPayload is a new key asking to be another device of an
	// existing member, instead of a second identity.
	DeviceRequestPayload struct {
		Member string `json:"member"`
		Name   string `json:"name"`
	}
	// DeviceApprovePayload is the member, from a device they already use,
	// accepting the new one: from then on it acts as them.
	DeviceApprovePayload struct {
		Device string `json:"device"`
	}
)

func checkName(p NamePayload) error { return oplog.CheckName("name", p.Name, oplog.MaxNameChars) }

func init() {
	oplog.Define(oplog.Spec[NamePayload]{
		// The founder's key holds every permission from the start; any
		// other key is refused outright, never kept waiting.
		Type: WorkspaceCreate, Area: "workspace", Permission: oplog.Anyone, ChangesPermissions: true,
		Valid: checkName,
		Authorize: func(a *oplog.Authority, op oplog.Op, _ NamePayload) oplog.Verdict {
			if op.Author != a.Founder() {
				return oplog.Forbidden("only the founder's key can create the workspace")
			}
			return oplog.Stands
		},
		Project: func(w oplog.Projection, _ oplog.Op, p NamePayload) { w.Register("workspace.name", "", p.Name) },
		Describe: func(_ oplog.Names, _ oplog.Op, p NamePayload) (string, string) {
			return "created the workspace “" + p.Name + "”", ""
		},
	})
	oplog.Define(oplog.Spec[NamePayload]{
		Type: WorkspaceRename, Area: "workspace", Permission: oplog.Coordinate,
		Valid:   checkName,
		Project: func(w oplog.Projection, _ oplog.Op, p NamePayload) { w.Register("workspace.name", "", p.Name) },
		Describe: func(_ oplog.Names, _ oplog.Op, p NamePayload) (string, string) {
			return "renamed the workspace “" + p.Name + "”", ""
		},
	})
	oplog.Define(oplog.Spec[NamePayload]{
		Type: MemberJoin, Area: "members", Permission: oplog.Anyone,
		Valid: checkName,
		Project: func(w oplog.Projection, op oplog.Op, p NamePayload) {
			w.Register("member.name", op.Author, op.Author, p.Name)
		},
		Describe: func(_ oplog.Names, op oplog.Op, p NamePayload) (string, string) {
			return "asked to join as " + p.Name, op.Author
		},
	})
	oplog.Define(oplog.Spec[ApprovePayload]{
		Type: MemberApprove, Area: "members", Permission: oplog.Coordinate, ChangesPermissions: true,
		Valid: func(p ApprovePayload) error {
			return oplog.FirstError(oplog.CheckKey(p.Member), oplog.CheckName("name", p.Name, oplog.MaxNameChars))
		},
		Replay: func(a *oplog.Authority, op oplog.Op, p ApprovePayload) oplog.Verdict {
			return a.Approve(p.Member, op.Stamp)
		},
		Project: func(w oplog.Projection, _ oplog.Op, p ApprovePayload) {
			w.Register("member.name", p.Member, p.Member, p.Name)
		},
		Describe: func(n oplog.Names, _ oplog.Op, p ApprovePayload) (string, string) {
			return "approved " + n.Name(p.Member), p.Member
		},
	})
	describeRemove := func(n oplog.Names, _ oplog.Op, p MemberPayload) (string, string) {
		return "removed " + n.Name(p.Member), p.Member
	}
	// Version 1 took the member out from its stamp on, which a member
	// could dodge by setting their clock back; it keeps that meaning for
	// what earlier Cairns wrote.
	oplog.Define(oplog.Spec[MemberPayload]{
		Type: MemberRemove, Area: "members", Permission: oplog.Coordinate, ChangesPermissions: true, WrittenUntil: 1,
		Valid: func(p MemberPayload) error { return oplog.FirstError(oplog.CheckKey(p.Member), oplog.NoCut(p.Cut)) },
		Replay: func(a *oplog.Authority, op oplog.Op, p MemberPayload) oplog.Verdict {
			return a.Remove(p.Member, oplog.StampEdge(op.Stamp))
		},
		Describe: describeRemove,
	})
	oplog.Define(oplog.Spec[MemberPayload]{
		Type: MemberRemove, Version: 2, Area: "members", Permission: oplog.Coordinate, ChangesPermissions: true,
		Valid: func(p MemberPayload) error { return oplog.FirstError(oplog.CheckKey(p.Member), oplog.CheckCut(p.Cut)) },
		Seen: func(p MemberPayload, seen oplog.Seen) MemberPayload {
			if p.Cut == nil {
				p.Cut = seen.CutOf(p.Member)
			}
			return p
		},
		Replay: func(a *oplog.Authority, op oplog.Op, p MemberPayload) oplog.Verdict {
			return a.Remove(p.Member, oplog.CutEdge(op, p.Cut))
		},
		Reaches:  func(a *oplog.Authority, p MemberPayload) ([]string, []string) { return a.KeysOf(p.Member), nil },
		Describe: describeRemove,
	})
	oplog.Define(oplog.Spec[DeviceRequestPayload]{
		Type: DeviceRequest, Area: "members", Permission: oplog.Anyone, ChangesPermissions: true,
		Valid: func(p DeviceRequestPayload) error {
			return oplog.FirstError(oplog.CheckKey(p.Member), oplog.CheckName("name", p.Name, oplog.MaxNameChars))
		},
		Replay: func(a *oplog.Authority, op oplog.Op, p DeviceRequestPayload) oplog.Verdict {
			return a.AskDevice(op.Author, p.Member)
		},
		Project: func(w oplog.Projection, op oplog.Op, p DeviceRequestPayload) {
			w.Register("member.name", op.Author, op.Author, p.Name)
		},
		Describe: func(n oplog.Names, op oplog.Op, p DeviceRequestPayload) (string, string) {
			return "asked to add a computer to " + n.Name(p.Member) + "’s membership", op.Author
		},
	})
	oplog.Define(oplog.Spec[DeviceApprovePayload]{
		// Any member approves a computer of their own, whatever they hold.
		Type: DeviceApprove, Area: "members", Permission: oplog.AnyMember, ChangesPermissions: true,
		Valid: func(p DeviceApprovePayload) error { return oplog.CheckKey(p.Device) },
		Replay: func(a *oplog.Authority, op oplog.Op, p DeviceApprovePayload) oplog.Verdict {
			return a.ApproveDevice(op.Author, p.Device)
		},
		Describe: func(_ oplog.Names, _ oplog.Op, p DeviceApprovePayload) (string, string) {
			return "added another computer to their membership", p.Device
		},
	})
}
