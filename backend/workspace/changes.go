package workspace

import (
	"context"
	"encoding/hex"
	"slices"
	"time"

	"github.com/cairn-community/cairn/backend/errs"
	"github.com/cairn-community/cairn/backend/oplog"
	"github.com/cairn-community/cairn/backend/store"
)

// Change is one change that is not in force, in words a member reads: what
// it was, who made it, whether it was refused or waits, why, and what can
// be done.
type Change struct {
	ID     string    `json:"id"`
	Member string    `json:"member"` // the author's member key
	Name   string    `json:"name"`   // the author's name
	Area   string    `json:"area"`
	What   string    `json:"what"`   // "set the vision"
	Kind   string    `json:"kind"`   // refused or waiting
	Reason string    `json:"reason"` // why, in words
	Next   string    `json:"next"`   // what its author can do
	At     time.Time `json:"at"`
}

// The next step a change's author can take, in words for the app and the
// command line alike.
const (
	nextWhenLetIn = "It applies once a coordinator lets its author in."
	nextResubmit  = "If it still matters, send it again once what it needs is there; nothing of it was lost."
)

func (s *Snapshot) change(op store.StoredOp) Change {
	c := Change{ID: op.ID, Member: s.MemberOf(op.Author), Name: s.NameOf(op.Author), Reason: op.Reason,
		At: time.UnixMilli(op.Stamp.Wall).UTC(), Kind: "refused", Next: nextResubmit}
	if op.Status == oplog.Waiting {
		c.Kind, c.Next = "waiting", nextWhenLetIn
	}
	def, ok := oplog.Lookup(op.Type, op.Version)
	if !ok {
		c.Area, c.What = "workspace", "made a change this Cairn does not know ("+op.Type+")"
		return c
	}
	c.Area = def.Area
	parsed, err := def.Parse(op.Payload)
	if err != nil {
		c.What = "made a malformed change"
		return c
	}
	c.What, _ = def.Describe(snapshotNames{s}, op.Op, parsed)
	return c
}

// summarizeNotDone puts in the summary, in words, the changes the sync took
// in that did not apply.
func (w *Workspace) summarizeNotDone(ctx context.Context, summary *SyncSummary) error {
	if len(w.notDone) == 0 {
		return nil
	}
	s, err := w.Snapshot(ctx)
	if err != nil {
		return err
	}
	for _, op := range w.notDone {
		c := s.change(op)
		if c.Kind == "waiting" {
			summary.ChangesWaiting++
		} else {
			summary.ChangesRefused++
		}
		summary.Changes = append(summary.Changes, c)
	}
	return nil
}

// MyChanges lists your changes, from any of your computers, that are not
// in force: those kept until a coordinator lets you in, and those the
// community's rules refused, each with the reason and what you can do.
func (w *Workspace) MyChanges(ctx context.Context) ([]Change, error) {
	return myChanges(ctx, w.db, w.Author())
}

// ReadMyChanges is MyChanges without claiming the folder.
func ReadMyChanges(ctx context.Context, path string) ([]Change, error) {
	var list []Change
	err := readOnly(ctx, path, func(_ string, db *store.DB) error {
		_, me, err := db.Workspace(ctx)
		if err != nil {
			return err
		}
		list, err = myChanges(ctx, db, hex.EncodeToString(me.PublicKey))
		return err
	})
	return list, err
}

func myChanges(ctx context.Context, db *store.DB, author string) ([]Change, error) {
	// The window asks after every change, and most times there is none:
	// find the ops first, and read the workspace only to word those found.
	devices, err := db.DeviceKeys(ctx)
	if err != nil {
		return nil, err
	}
	me := author
	if member := devices[author]; member != "" {
		me = member
	}
	keys := []string{me, author}
	for device, member := range devices {
		if member == me {
			keys = append(keys, device)
		}
	}
	var found []store.StoredOp
	for _, status := range []oplog.Status{oplog.Waiting, oplog.Rejected} {
		ops, err := db.OpsWithStatus(ctx, keys, status)
		if err != nil {
			return nil, err
		}
		found = append(found, ops...)
	}
	list := []Change{}
	if len(found) == 0 {
		return list, nil
	}
	s, err := readSnapshot(ctx, db, NeedAll)
	if err != nil {
		return nil, err
	}
	for _, op := range found {
		c := s.change(op)
		if c.Kind == "waiting" {
			c.Next = "It applies once a coordinator lets you in."
		}
		list = append(list, c)
	}
	slices.SortFunc(list, func(a, b Change) int { return b.At.Compare(a.At) })
	return list, nil
}

// Resubmit sends again one of your refused changes, as a new change made
// now: it is judged afresh, by the rules in force today.
func (w *Workspace) Resubmit(ctx context.Context, id string) (string, error) {
	mine, err := w.MyChanges(ctx)
	if err != nil {
		return "", err
	}
	i := slices.IndexFunc(mine, func(c Change) bool {
		return c.ID == id || (len(id) >= 8 && len(c.ID) > len(id) && c.ID[:len(id)] == id)
	})
	if i < 0 {
		return "", errs.OnField("change", "No refused change of yours is called %q.", id).WithHint("List them with: cairn changes")
	}
	if mine[i].Kind != "refused" {
		return "", errs.New(errs.Conflict, "That change is kept, not refused: it applies once a coordinator lets you in.")
	}
	ops, err := w.db.OpsWithStatus(ctx, []string{mine[i].Member, w.Author()}, oplog.Rejected)
	if err != nil {
		return "", err
	}
	j := slices.IndexFunc(ops, func(op store.StoredOp) bool { return op.ID == mine[i].ID })
	if j < 0 {
		return "", errs.New(errs.Conflict, "That change was made on another of your computers; send it again from there.")
	}
	op, err := w.Write(ctx, ops[j].Type, rawPayload(ops[j].Payload))
	if err != nil {
		return "", err
	}
	return op.ID, nil
}

// rawPayload writes a stored payload as it is.
type rawPayload []byte

func (p rawPayload) MarshalJSON() ([]byte, error) { return p, nil }
