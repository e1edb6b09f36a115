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
	ID     string `json:"id"`
	Member string `json:"member"` // the author's member key
	Name   string `json:"name"`   // the author's name
	Area   string `json:"area"`
	What   string `json:"what"`   // "set the vision"
	Kind   string `json:"kind"`   // refused, waiting, ahead (made while a clock ran ahead), or removed (made after its author's removal, before they knew)
	Reason string `json:"reason"` // why, in words
	Next   string `json:"next"`   // what its author can do
	// Action is what its author can do with one click or command (see
	// Resubmit): "send-again" a refused change as a new one, "send-now" a
	// change made while the clock ran ahead; for a coordinator, "accept" a
	// change made after its author's removal (see Accept); "" for nothing.
	Action string    `json:"action"`
	At     time.Time `json:"at"`
}

// What Resubmit does with a change, as Change.Action says it.
const (
	actionSendAgain = "send-again"
	actionSendNow   = "send-now"
	actionAccept    = "accept"
)

// The next step a change's author can take, in words for the app and the
// command line alike.
const (
	nextWhenLetIn = "It applies once a coordinator lets its author in."
	nextResubmit  = "If it still matters, send it again once what it needs is there; nothing of it was lost."
	nextSendNow   = "It applies on its own at that time. To apply it now, send it on: it then takes the time you do so."
	nextAccept    = "It is kept: a coordinator can still accept it."
)

func (s *Snapshot) change(op store.StoredOp) Change {
	c := Change{ID: op.ID, Member: s.MemberOf(op.Author), Name: s.NameOf(op.Author), Reason: op.Reason,
		At: time.UnixMilli(op.Stamp.Wall).UTC(), Kind: "refused", Next: nextResubmit, Action: actionSendAgain}
	switch {
	case op.Status == oplog.Waiting && op.Reason == oplog.ReasonBeyondCut:
		c.Kind, c.Next, c.Action = "removed", nextAccept, ""
	case op.Status == oplog.Waiting:
		c.Kind, c.Next, c.Action = "waiting", nextWhenLetIn, ""
	case op.Status == oplog.Ahead:
		c.Kind, c.Next, c.Action = "ahead", nextSendNow, actionSendNow
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

// actionFor is c with the action viewer may take on it: their own refused
// change they may send again; one made under a clock that ran ahead, its
// author or a coordinator may apply now; one made after its author's
// removal, a coordinator may accept.
func (s *Snapshot) actionFor(c Change, viewer string) Change {
	mine := c.Member == s.MemberOf(viewer)
	coordinate := s.MayOf(viewer).Coordinate
	switch {
	case c.Action == actionSendAgain && !mine:
		c.Action = ""
	case c.Action == actionSendNow && !mine && !coordinate:
		c.Action = ""
	case c.Kind == "removed" && coordinate && !mine:
		c.Action = actionAccept
	}
	return c
}

// ReadChangesNotInForce lists everyone's changes not in force, newest
// first, without claiming the folder, each with what the folder's member
// may do about it (see actionFor): a coordinator's list of what waits.
func ReadChangesNotInForce(ctx context.Context, path string) ([]Change, error) {
	list := []Change{}
	err := readOnly(ctx, path, func(_ string, db *store.DB) error {
		_, me, err := db.Workspace(ctx)
		if err != nil {
			return err
		}
		found, err := opsNotInForce(ctx, db, nil)
		if err != nil {
			return err
		}
		if len(found) == 0 {
			return nil
		}
		s, err := readSnapshot(ctx, db, NeedAll)
		if err != nil {
			return err
		}
		for _, op := range found {
			list = append(list, s.actionFor(s.change(op), hex.EncodeToString(me.PublicKey)))
		}
		slices.SortFunc(list, func(a, b Change) int { return b.At.Compare(a.At) })
		return nil
	})
	return list, err
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
		c := s.actionFor(s.change(op), w.Author())
		switch c.Kind {
		case "waiting", "removed":
			summary.ChangesWaiting++
		case "ahead":
			summary.ChangesAhead++
		default:
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
	found, err := myOpsNotInForce(ctx, db, author)
	if err != nil {
		return nil, err
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

// myOpsNotInForce finds the ops of the member whose key (or device) author
// is, from any of their computers, that are waiting, refused or ahead.
func myOpsNotInForce(ctx context.Context, db *store.DB, author string) ([]store.StoredOp, error) {
	keys, err := db.KeysOf(ctx, author)
	if err != nil {
		return nil, err
	}
	return opsNotInForce(ctx, db, keys)
}

// opsNotInForce finds the ops of the given keys (nil: of everyone) that
// are waiting, refused or ahead.
func opsNotInForce(ctx context.Context, db *store.DB, keys []string) ([]store.StoredOp, error) {
	var found []store.StoredOp
	for _, status := range []oplog.Status{oplog.Waiting, oplog.Rejected, oplog.Ahead} {
		ops, err := db.OpsWithStatus(ctx, keys, status)
		if err != nil {
			return nil, err
		}
		found = append(found, ops...)
	}
	return found, nil
}

// mineNotInForce is, for each of your changes not in force now, why.
func (w *Workspace) mineNotInForce(ctx context.Context) (map[string]string, error) {
	ops, err := myOpsNotInForce(ctx, w.db, w.Author())
	why := make(map[string]string, len(ops))
	for _, op := range ops {
		why[op.ID] = string(op.Status) + ": " + op.Reason
	}
	return why, err
}

// noteMineNoLongerInForce adds to what the sync reports the changes of
// yours that it took out of force, or that it keeps for a new reason (a
// removal or a revoked role that came in, a clock set right): you hear of
// them on the Sync page too, not only on Home.
func (w *Workspace) noteMineNoLongerInForce(ctx context.Context, before map[string]string) error {
	ops, err := myOpsNotInForce(ctx, w.db, w.Author())
	if err != nil {
		return err
	}
	listed := map[string]bool{}
	for _, op := range w.notDone {
		listed[op.ID] = true
	}
	for _, op := range ops {
		// A change kept for its author's approval that a removal now
		// keeps for another reason is news too.
		if before[op.ID] != string(op.Status)+": "+op.Reason && !listed[op.ID] && (op.Status != oplog.Waiting || op.Reason == oplog.ReasonBeyondCut) {
			w.notDone = append(w.notDone, op)
		}
	}
	return nil
}

// Resubmit sends on one of your changes not in force. A refused one is
// sent again as a new change made now, judged afresh by the rules in force
// today. One made while your clock ran ahead is released: it applies now,
// everywhere, at the time of the release (see oplog.Release).
func (w *Workspace) Resubmit(ctx context.Context, id string) (string, error) {
	mine, err := w.MyChanges(ctx)
	if err != nil {
		return "", err
	}
	i := slices.IndexFunc(mine, func(c Change) bool { return matchesID(c.ID, id) })
	if i < 0 {
		return "", errs.OnField("change", "No change of yours not in force is called %q.", id).WithHint("List them with: cairn changes")
	}
	switch mine[i].Action {
	case actionSendNow:
		return w.release(ctx, []string{mine[i].ID})
	case actionSendAgain:
	default:
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

// Accept lets in, as a coordinator, changes a member made after their
// removal before it reached them, named by id or an id prefix of 8 or
// more characters. It returns the ids of the acceptances written, one per
// author.
func (w *Workspace) Accept(ctx context.Context, ids []string) ([]string, error) {
	held, err := w.db.OpsWithStatus(ctx, nil, oplog.Waiting)
	if err != nil {
		return nil, err
	}
	byAuthor := map[string][]string{}
	var authors []string
	for _, id := range ids {
		i := slices.IndexFunc(held, func(op store.StoredOp) bool { return op.Reason == oplog.ReasonBeyondCut && matchesID(op.ID, id) })
		if i < 0 {
			return nil, errs.OnField("change", "No change made after its author's removal is called %q.", id).WithHint("List them with: cairn changes --all")
		}
		author := held[i].Author
		if byAuthor[author] == nil {
			authors = append(authors, author)
		}
		byAuthor[author] = append(byAuthor[author], held[i].ID)
	}
	var written []string
	for _, author := range authors {
		op, err := w.Write(ctx, oplog.Accept, oplog.AcceptPayload{Author: author, Ops: byAuthor[author]})
		if err != nil {
			return written, err
		}
		written = append(written, op.ID)
	}
	return written, nil
}

// Release sends on changes made while a computer's clock ran ahead, named
// by id or an id prefix of 8 or more characters: yours, or as a
// coordinator anyone's. They apply now, everywhere, at the release's time.
// It returns the ids of the releases written, one per author.
func (w *Workspace) Release(ctx context.Context, ids []string) ([]string, error) {
	ahead, err := w.db.OpsWithStatus(ctx, nil, oplog.Ahead)
	if err != nil {
		return nil, err
	}
	var chosen []string
	for _, id := range ids {
		i := slices.IndexFunc(ahead, func(op store.StoredOp) bool { return matchesID(op.ID, id) })
		if i < 0 {
			return nil, errs.OnField("change", "No change made while a clock ran ahead is called %q.", id).WithHint("List them with: cairn changes --all")
		}
		chosen = append(chosen, ahead[i].ID)
	}
	var released []string
	for _, id := range chosen {
		r, err := w.release(ctx, []string{id})
		if err != nil {
			return released, err
		}
		released = append(released, r)
	}
	return released, nil
}

// release writes one change.release for ops (set aside as ahead, all by
// one author).
func (w *Workspace) release(ctx context.Context, ids []string) (string, error) {
	ahead, err := w.db.OpsWithStatus(ctx, nil, oplog.Ahead)
	if err != nil {
		return "", err
	}
	i := slices.IndexFunc(ahead, func(op store.StoredOp) bool { return op.ID == ids[0] })
	if i < 0 {
		return "", errs.New(errs.Conflict, "That change applies already.")
	}
	op, err := w.Write(ctx, oplog.Release, oplog.ReleasePayload{Author: ahead[i].Author, Ops: ids})
	if err != nil {
		return "", err
	}
	return op.ID, nil
}

// matchesID reports whether id names full: the whole id, or a prefix of 8
// or more characters.
func matchesID(full, id string) bool {
	return full == id || (len(id) >= 8 && len(full) > len(id) && full[:len(id)] == id)
}

// rawPayload writes a stored payload as it is.
type rawPayload []byte

func (p rawPayload) MarshalJSON() ([]byte, error) { return p, nil }
