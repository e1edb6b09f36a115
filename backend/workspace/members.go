package workspace

import (
	"context"
	"slices"
	"strings"

	"github.com/cairn-community/cairn/backend/errs"
	"github.com/cairn-community/cairn/backend/members"
	"github.com/cairn-community/cairn/backend/roles"
	"github.com/cairn-community/cairn/backend/store"
)

// Members lists everyone the workspace knows, with their standing.
func (w *Workspace) Members(ctx context.Context) ([]Member, error) { return readMembers(ctx, w.db) }

func readMembers(ctx context.Context, db *store.DB) ([]Member, error) {
	list, err := db.Members(ctx)
	return viewAll(list, memberView), err
}

// ReadMembers lists the members without claiming the folder.
func ReadMembers(ctx context.Context, path string) ([]Member, error) {
	var list []Member
	err := readOnly(ctx, path, func(_ string, db *store.DB) error {
		if _, _, err := db.Workspace(ctx); err != nil {
			return err
		}
		var err error
		list, err = readMembers(ctx, db)
		return err
	})
	return list, err
}

// member resolves who among the known members, and returns them all too.
func (w *Workspace) member(ctx context.Context, who string) (Member, []Member, error) {
	list, err := readMembers(ctx, w.db)
	if err != nil {
		return Member{}, nil, err
	}
	m, err := findMember(list, who)
	return m, list, err
}

// findMember resolves MEMBER as people type it: a key, the start of a key
// (8 characters or more), or the exact name.
func findMember(list []Member, who string) (Member, error) {
	who = strings.TrimSpace(who)
	var found []Member
	for _, m := range list {
		if m.Key == who || m.Name == who || (len(who) >= 8 && strings.HasPrefix(m.Key, who)) {
			found = append(found, m)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return Member{}, errs.OnField("member", "Nobody called %q is known here.", who).WithHint("List members with: cairn member list")
	default:
		return Member{}, errs.OnField("member", "%d members match %q. Use their key instead.", len(found), who).WithHint("List keys with: cairn member list")
	}
}

// ApproveMember lets someone who asked to join in; coordinators only.
func (w *Workspace) ApproveMember(ctx context.Context, who string) (Member, error) {
	m, _, err := w.member(ctx, who)
	if err != nil {
		return m, err
	}
	if m.Approved && !m.Removed {
		return m, errs.New(errs.Conflict, "%s is already a member.", m.Name)
	}
	if m.AsksDeviceOf != "" {
		return m, errs.New(errs.Conflict, "This key asks to be another computer of an existing member, not a new member; that member approves it from a computer they already use.").
			WithHint("There they run: cairn member approve-device")
	}
	name := m.Name
	if name == "" {
		name = "Member " + m.Key[:8]
	}
	_, err = w.Write(ctx, members.MemberApprove, members.ApprovePayload{Member: m.Key, Name: name})
	return m, err
}

// RemoveMember ends someone's membership: their future changes stop
// applying and their past stays. The last coordinator cannot be removed.
func (w *Workspace) RemoveMember(ctx context.Context, who string) (Member, error) {
	m, list, err := w.member(ctx, who)
	if err != nil {
		return m, err
	}
	if m.Removed || !m.Approved {
		return m, errs.New(errs.Conflict, "%s is not a current member.", m.Name)
	}
	var coordinators []string
	for _, c := range list {
		if !c.Removed && slices.Contains(c.Permissions, string(roles.Coordinate)) {
			coordinators = append(coordinators, c.Key)
		}
	}
	if err := roles.CheckCoordinatorsRemain(coordinators, m.Key); err != nil {
		return m, err
	}
	_, err = w.Write(ctx, members.MemberRemove, members.MemberPayload{Member: m.Key})
	return m, err
}

// RefuseMember turns a join request down; coordinators only. What the
// newcomer wrote while waiting is refused with it.
func (w *Workspace) RefuseMember(ctx context.Context, who string) (Member, error) {
	m, _, err := w.member(ctx, who)
	if err != nil {
		return m, err
	}
	if m.Approved || m.Removed {
		return m, errs.New(errs.Conflict, "%s has no join request waiting.", m.Name)
	}
	_, err = w.Write(ctx, members.MemberRemove, members.MemberPayload{Member: m.Key})
	return m, err
}

// ApproveDevice lets a computer that asked to be another device of yours
// act as you. Run it from a device you already use.
func (w *Workspace) ApproveDevice(ctx context.Context, who string) (Member, error) {
	s, err := w.SnapshotOf(ctx, 0)
	if err != nil {
		return Member{}, err
	}
	me := s.MemberOf(w.Author())
	var pending []Member
	for _, m := range s.Members {
		if m.AsksDeviceOf == me {
			pending = append(pending, m)
		}
	}
	if len(pending) == 0 {
		return Member{}, errs.New(errs.NotFound, "No computer asks to be another device of yours. Join from the new computer, adding it to your membership, then sync here.").
			WithHint("On the new computer run: cairn join URL --as YOUR-NAME --device")
	}
	m, err := findMember(pending, who)
	if err != nil {
		return m, err
	}
	_, err = w.Write(ctx, members.DeviceApprove, members.DeviceApprovePayload{Device: m.Key})
	return m, err
}
