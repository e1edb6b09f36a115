package workspace

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/cairn-community/cairn/backend/durable"
	"github.com/cairn-community/cairn/backend/errs"
	"github.com/cairn-community/cairn/backend/gitsync"
	"github.com/cairn-community/cairn/backend/oplog"
	"github.com/cairn-community/cairn/backend/replay"
)

// takenBackFile journals goOnFromFork, so that a crash anywhere in it
// loses nothing: what is taken back is on disk before it is deleted, and
// each change made again is counted as it is made.
const takenBackFile = "taken-back.json"

type takenBack struct {
	Key     string            `json:"key"`     // the key the work taken back was signed with
	Replica string            `json:"replica"` // and its replica
	Common  uint64            `json:"common"`  // the last sequence number the remote holds of it
	Ops     []takenOp         `json:"ops"`
	Done    int               `json:"done"` // how many of Ops were dealt with
	Failed  int               `json:"failed"`
	Renamed map[string]string `json:"renamed"` // old change id -> the id it was made again under
	// Finished says all was done; the next sync tells the person, then the
	// journal goes.
	Finished bool `json:"finished"`
}

type takenOp struct {
	ID      string          `json:"id"`
	Type    string          `json:"type"`
	Payload json.RawMessage `json:"payload"`
}

// goOnFromFork is what a sync does when the remote holds, for this
// computer's replica, work this computer did not write: its data folder was
// copied in a way the seat could not see (both copies made before Cairn
// kept a seat, say), and the other copy sent first. Nothing is overwritten:
// this computer takes back its own work the remote never received, goes on
// as another computer of the same member (see goOnAsCopy), and makes that
// work again under the new identity, so the other copy's work and this
// one's both reach everyone.
func (w *Workspace) goOnFromFork(ctx context.Context, r *gitsync.Repo) error {
	old := w.me.ReplicaID
	files, err := r.OnRemote(old)
	if err != nil {
		return err
	}
	onRemote := map[string]bool{}
	sent := map[string]bool{} // changes the other copy sent too: made before the copy
	for name, data := range files {
		onRemote[name] = true
		if seg, err := oplog.Open(data); err == nil {
			for _, op := range seg.Ops {
				sent[op.ID] = true
			}
		}
	}
	ops, common, err := w.db.Forked(ctx, old, onRemote)
	if err != nil {
		return err
	}
	j := takenBack{Key: w.Author(), Replica: old, Common: common, Renamed: map[string]string{}}
	for _, op := range ops {
		if !sent[op.ID] {
			j.Ops = append(j.Ops, takenOp{ID: op.ID, Type: op.Type, Payload: json.RawMessage(op.Payload)})
		}
	}
	if err := w.writeTakenBack(j); err != nil {
		return err
	}
	return w.finishFork(ctx, j)
}

// forkStep lets a test stop goOnFromFork after a step, as a crash would.
var forkStep = func(step string) error { return nil }

// forkedAtRemote reports whether the remote's ref for this replica holds
// a segment signed with this computer's key whose changes are not here:
// work of another computer using a copy of this data folder.
func (w *Workspace) forkedAtRemote(ctx context.Context, r *gitsync.Repo) (bool, error) {
	files, err := r.OnRemote(w.me.ReplicaID)
	if err != nil {
		return false, err
	}
	for _, data := range files {
		seg, err := oplog.Open(data)
		if err != nil || seg.Author != w.Author() || seg.Workspace != w.workspace.ID {
			continue
		}
		for _, op := range seg.Ops {
			if has, err := w.db.HasOp(ctx, op.ID); err != nil {
				return false, err
			} else if !has {
				return true, nil
			}
		}
	}
	return false, nil
}

// finishFork carries a journaled goOnFromFork through, from wherever a
// crash stopped it.
func (w *Workspace) finishFork(ctx context.Context, j takenBack) error {
	if err := w.db.TakeBackFork(ctx, j.Replica, j.Common); err != nil {
		return err
	}
	if err := forkStep("taken back"); err != nil {
		return err
	}
	if err := replay.Rebuild(ctx, w.db); err != nil {
		return err
	}
	r, err := w.repo()
	if err != nil {
		return err
	}
	defer r.Close()
	if err := r.ForgetOwn(j.Replica); err != nil {
		return err
	}
	// Not yet another computer of the member, or the move was cut short
	// before the old key vouched for the new one: (re)start it from the
	// old key, which goOnAsCopy keeps until it is done.
	vouched, err := w.db.OpLike(ctx, w.Author(), oplog.VouchType, nil)
	if err != nil {
		return err
	}
	if w.Author() == j.Key || vouched == "" {
		was, _, err := w.dir.readSeat()
		if err != nil {
			return err
		}
		was.Key, was.Replica = j.Key, j.Replica
		if err := w.goOnAsCopy(ctx, was); err != nil {
			return err
		}
		// The sync tells what happened in its own words (forkProblem).
		if s, ok, err := w.dir.readSeat(); err == nil && ok {
			s.CopiedFrom = ""
			if err := w.dir.writeSeat(s); err != nil {
				return err
			}
		}
	}
	// Made again in order; a change that names an earlier one taken back
	// (a revision's parent, a review's contribution) names its new id.
	for ; j.Done < len(j.Ops); j.Done++ {
		op := j.Ops[j.Done]
		payload := []byte(op.Payload)
		for from, to := range j.Renamed {
			payload = bytes.ReplaceAll(payload, []byte(from), []byte(to))
		}
		// Made already, when a crash came between the change and the
		// journal: not made twice.
		id, err := w.db.OpLike(ctx, w.Author(), op.Type, payload)
		if err != nil {
			return err
		}
		if id == "" {
			made, err := w.Write(ctx, op.Type, rawPayload(payload))
			switch code := errs.Code(err); {
			case err == nil:
				id = made.ID
			case code == errs.Invalid || code == errs.Unauthorized:
				j.Failed++ // the community's rules refuse it now: told
			default:
				return err // a cancelled sync, a full disk: tried again later, nothing dropped
			}
		}
		if id != "" {
			j.Renamed[op.ID] = id
		}
		if err := w.writeTakenBack(takenBack{Key: j.Key, Replica: j.Replica, Common: j.Common, Ops: j.Ops, Done: j.Done + 1, Failed: j.Failed, Renamed: j.Renamed}); err != nil {
			return err
		}
		if err := forkStep("made again"); err != nil {
			return err
		}
	}
	j.Finished = true
	return w.writeTakenBack(j)
}

func (w *Workspace) writeTakenBack(j takenBack) error {
	data, _ := json.Marshal(j)
	if err := durable.WriteFile(filepath.Join(w.dir.path, takenBackFile), data, 0o600); err != nil {
		return unwritable(w.dir.path, err)
	}
	return nil
}

func (w *Workspace) readTakenBack() (takenBack, bool, error) {
	data, err := os.ReadFile(filepath.Join(w.dir.path, takenBackFile))
	if errors.Is(err, fs.ErrNotExist) {
		return takenBack{}, false, nil
	}
	if err != nil {
		return takenBack{}, false, unwritable(w.dir.path, err)
	}
	var j takenBack
	if err := json.Unmarshal(data, &j); err != nil {
		return takenBack{}, false, err
	}
	if j.Renamed == nil {
		j.Renamed = map[string]string{}
	}
	return j, true, nil
}

// resumeFork finishes, as the workspace opens, a goOnFromFork a crash cut
// short.
func (w *Workspace) resumeFork(ctx context.Context) error {
	j, ok, err := w.readTakenBack()
	if err != nil || !ok || j.Finished {
		return err
	}
	return w.finishFork(ctx, j)
}

// forkProblem tells, once, what goOnFromFork did.
func (w *Workspace) forkProblem() (*SyncProblem, error) {
	j, ok, err := w.readTakenBack()
	if err != nil || !ok || !j.Finished {
		return nil, err
	}
	if err := os.Remove(filepath.Join(w.dir.path, takenBackFile)); err != nil {
		return nil, unwritable(w.dir.path, err)
	}
	again := len(j.Ops) - j.Failed
	reason := fmt.Sprintf("another computer was sending work under this computer's name (this data folder was copied from it), so Cairn made this one another computer of yours and sent again, as new changes, the %d of yours the remote did not have", again)
	if j.Failed > 0 {
		reason += fmt.Sprintf("; %d more could not be made again, as the community's rules refuse them now (what the others sent meanwhile may have made them unnecessary)", j.Failed)
	}
	return &SyncProblem{Kind: "copy", Reason: reason}, nil
}
