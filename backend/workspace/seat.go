package workspace

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/denisbrodbeck/machineid"

	"github.com/cairn-community/cairn/backend/community"
	"github.com/cairn-community/cairn/backend/durable"
	"github.com/cairn-community/cairn/backend/oplog"
)

// A data folder remembers where it sits (its seat): this computer and the
// folder's identity on its file system. A copy, made to another computer or
// beside the original, finds itself somewhere else, and goes on as another
// device of the same member (see goOnAsCopy) instead of writing as the
// original's replica, which would fork its chain.
const (
	seatFile     = "seat.json"
	keyNextFile  = keyFile + ".next" // the new key, before the database names it
	keyFirstFile = keyFile + ".orig" // the copied key, until the copy has gone on from it
)

type seat struct {
	Machine string `json:"machine"` // this computer, as an app-specific hash of its id
	Folder  string `json:"folder"`  // the folder on its file system ("" where none is known)
	Key     string `json:"key"`     // the member key this folder signs with here
	Replica string `json:"replica"`
	// CopiedFrom names the key a copy went on from, until a sync has told
	// the person.
	CopiedFrom string `json:"copiedFrom,omitempty"`
}

// machineID identifies this computer; tests replace it.
var machineID = func() string {
	id, err := machineid.ProtectedID("cairn")
	if err != nil {
		return "" // unknown: never taken for a move
	}
	return id
}

func (d *Dir) readSeat() (seat, bool, error) {
	data, err := os.ReadFile(filepath.Join(d.path, seatFile))
	if errors.Is(err, fs.ErrNotExist) {
		return seat{}, false, nil
	}
	if err != nil {
		return seat{}, false, unwritable(d.path, err)
	}
	var s seat
	if json.Unmarshal(data, &s) != nil {
		return seat{}, false, nil // damaged: taken as none, and written anew
	}
	return s, true, nil
}

func (d *Dir) writeSeat(s seat) error {
	data, _ := json.MarshalIndent(s, "", "  ")
	if err := durable.WriteFile(filepath.Join(d.path, seatFile), data, 0o600); err != nil {
		return unwritable(d.path, err)
	}
	return nil
}

// moved reports whether the folder sits somewhere other than its seat
// says. A part that cannot be known (no machine id here, or a file system
// without inode numbers) never counts as a move.
func (d *Dir) moved(was seat) bool {
	machine, folder := machineID(), folderIdentity(d.path)
	return (was.Machine != "" && machine != "" && was.Machine != machine) ||
		(was.Folder != "" && folder != "" && was.Folder != folder)
}

// takeSeat checks the seat as the workspace opens: a folder without one
// (made before Cairn kept one) takes this one; a copy goes on as another
// device of the same member.
func (w *Workspace) takeSeat(ctx context.Context) error {
	d := w.dir
	was, ok, err := d.readSeat()
	if err != nil {
		return err
	}
	here := seat{Machine: machineID(), Folder: folderIdentity(d.path), Key: w.Author(), Replica: w.me.ReplicaID, CopiedFrom: was.CopiedFrom}
	if !ok || was.Key == "" {
		return d.writeSeat(here)
	}
	if !d.moved(was) {
		return nil
	}
	return w.goOnAsCopy(ctx, was)
}

// goOnAsCopy makes this copied data folder another device of the member:
// a new key and replica, vouched for by the key it was copied with, which
// also signs the changes the original had not shared yet so that this
// copy carries them too. Each step can be cut short by a crash: the copied
// key stays beside the new one until the seat names the new identity, and
// an interrupted move starts again from it.
func (w *Workspace) goOnAsCopy(ctx context.Context, was seat) error {
	d := w.dir
	first := w.key
	if w.Author() != was.Key {
		// A move cut short: go on from the key the folder was copied with.
		pub, err := hex.DecodeString(was.Key)
		if err != nil {
			return err
		}
		if first, err = readKey(filepath.Join(d.path, keyFirstFile), pub); err != nil {
			return err
		}
	} else if err := writeKey(filepath.Join(d.path, keyFirstFile), first); err != nil {
		return unwritable(d.path, err)
	}
	pub, priv, err := community.NewKey(d.Random)
	if err != nil {
		return err
	}
	replica, err := community.NewID(d.Random)
	if err != nil {
		return err
	}
	if err := writeKey(filepath.Join(d.path, keyNextFile), priv); err != nil {
		return unwritable(d.path, err)
	}
	if err := w.db.MoveIdentity(ctx, pub, replica); err != nil {
		return err
	}
	if err := os.Rename(filepath.Join(d.path, keyNextFile), filepath.Join(d.path, keyFile)); err != nil {
		return unwritable(d.path, err)
	}
	if err := durable.SyncDir(d.path); err != nil {
		return unwritable(d.path, err)
	}
	w.me.PublicKey, w.me.ReplicaID, w.key = pub, replica, priv
	if err := copyStep("moved"); err != nil {
		return err
	}
	if err := w.startLog(ctx); err != nil {
		return err
	}
	if _, err := w.Write(ctx, oplog.VouchType, oplog.VouchPayload{By: was.Key, Proof: oplog.Sign(first, oplog.VouchProof(w.workspace.ID, w.Author()))}); err != nil {
		return err
	}
	unshared, err := w.db.UnsharedOps(ctx, was.Replica)
	if err != nil {
		return err
	}
	for _, op := range unshared {
		line := string(op.Line)
		if _, err := w.Write(ctx, oplog.CarryType, oplog.CarryPayload{Author: op.Author, Replica: was.Replica, Line: line,
			Proof: oplog.Sign(first, oplog.CarryProof(w.workspace.ID, was.Replica, line))}); err != nil {
			return err
		}
	}
	if err := d.writeSeat(seat{Machine: machineID(), Folder: folderIdentity(d.path), Key: w.Author(), Replica: replica, CopiedFrom: was.Key}); err != nil {
		return err
	}
	os.Remove(filepath.Join(d.path, keyFirstFile))
	return nil
}

// copyStep lets a test stop goOnAsCopy after a step, as a crash would.
var copyStep = func(step string) error { return nil }

// finishKeyMove completes a key move a crash cut short, before the key is
// read: the new key is in place once the database names it; otherwise it
// is dropped and the move starts again.
func (d *Dir) finishKeyMove(named ed25519.PublicKey) error {
	next := filepath.Join(d.path, keyNextFile)
	if _, err := os.Stat(next); err != nil {
		return nil
	}
	if _, err := readKey(next, named); err != nil {
		os.Remove(next)
		return nil
	}
	if err := os.Rename(next, filepath.Join(d.path, keyFile)); err != nil {
		return unwritable(d.path, err)
	}
	return nil
}

// copyProblem tells, once, that this folder was found to be a copy and
// went on as another computer of the member.
func (w *Workspace) copyProblem() (*SyncProblem, error) {
	s, ok, err := w.dir.readSeat()
	if err != nil || !ok || s.CopiedFrom == "" {
		return nil, err
	}
	s.CopiedFrom = ""
	if err := w.dir.writeSeat(s); err != nil {
		return nil, err
	}
	return &SyncProblem{Kind: "copy", Reason: "this data folder is a copy of one used on another computer (or in another folder), so Cairn made it another computer of yours. Both copies can go on: the work of each reaches everyone, and the changes the original had not shared yet were sent from here too"}, nil
}
