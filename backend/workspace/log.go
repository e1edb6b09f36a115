package workspace

import (
	"bytes"
	"context"
	"encoding/hex"
	"io"
	"runtime"
	"sync"

	"github.com/cairn-community/cairn/backend/errs"
	"github.com/cairn-community/cairn/backend/oplog"
	"github.com/cairn-community/cairn/backend/replay"
	"github.com/cairn-community/cairn/backend/store"
)

// logWriter is the open workspace's side of the op log: its clock and the
// next sequence number of this replica. Local writes take its lock, so
// sequence numbers never repeat or skip.
type logWriter struct {
	mu      sync.Mutex
	clock   *oplog.Clock
	nextSeq uint64
	lastSeg string
	kept    int // changes kept waiting for their author to be let in
}

func (w *Workspace) startLog(ctx context.Context) error {
	// Changes stamped past this computer's time (its clock ran ahead, and
	// is right now) are set aside before the clock starts after them.
	if _, err := replay.Settle(ctx, w.db, w.dir.Now()); err != nil {
		return err
	}
	state, err := w.db.LogState(ctx, w.me.ReplicaID)
	if err != nil {
		return err
	}
	w.log = &logWriter{clock: oplog.NewClock(w.dir.Now, state.LastStamp), nextSeq: state.NextSeq, lastSeg: state.LastSegment}
	w.founder = state.Founder
	return nil
}

// KeptWaiting is how many changes this workspace kept, since it was
// opened, to apply once a coordinator lets their author in.
func (w *Workspace) KeptWaiting() int {
	w.log.mu.Lock()
	defer w.log.mu.Unlock()
	return w.log.kept
}

// Author is this replica's public key in hex, as operations name it.
func (w *Workspace) Author() string { return hex.EncodeToString(w.me.PublicKey) }

// Write makes one change: it stamps and numbers an operation of type typ,
// checks its payload and its author's permission, and stores it with the
// projections updated. When Write returns nil the change is on disk.
func (w *Workspace) Write(ctx context.Context, typ string, payload any) (oplog.Op, error) {
	def, ok := oplog.Current(typ)
	if !ok {
		return oplog.Op{}, errs.New(errs.Invalid, "Cairn does not know the change %q.", typ)
	}
	w.log.mu.Lock()
	defer w.log.mu.Unlock()
	if err := w.catchUpClock(ctx); err != nil {
		return oplog.Op{}, err
	}
	// The record says what this computer had seen: whose work a removal
	// leaves in, which ballots a close counted.
	seen := w.db.Seen(ctx)
	payload = def.Complete(payload, seen)
	if seen.Err != nil {
		return oplog.Op{}, seen.Err
	}
	op, err := oplog.NewOp(w.workspace.ID, w.Author(), w.me.ReplicaID, w.log.nextSeq, w.log.clock.Next(), typ, def.Version, payload)
	if err != nil {
		return oplog.Op{}, errs.Wrap(err, errs.Invalid, "This change cannot be written.")
	}
	if err := def.Check(op.Payload); err != nil {
		return oplog.Op{}, errs.Wrap(err, errs.Invalid, "This change is not valid: %v.", err)
	}
	kept, err := replay.Append(ctx, w.db, op, w.dir.Now())
	if err != nil {
		return oplog.Op{}, err
	}
	if kept {
		w.log.kept++
	}
	w.log.nextSeq++
	return op, nil
}

// catchUpClock notices that this computer's clock was set back while
// Cairn ran: what it stamped meanwhile is set aside as ahead (here as on
// every other computer), and the clock starts again after what applies.
// The caller holds w.log.mu.
func (w *Workspace) catchUpClock(ctx context.Context) error {
	if !oplog.TooFarAhead(w.log.clock.Last(), w.dir.Now()) {
		return nil
	}
	return w.settleClock(ctx)
}

// settleClock sets aside every change now too far ahead and applies those
// whose time has come (see replay.Settle), then starts the clock again
// after what applies. The caller holds w.log.mu.
func (w *Workspace) settleClock(ctx context.Context) error {
	if _, err := replay.Settle(ctx, w.db, w.dir.Now()); err != nil {
		return err
	}
	state, err := w.db.LogState(ctx, w.me.ReplicaID)
	if err != nil {
		return err
	}
	w.log.clock.Rewind(state.LastStamp)
	return nil
}

// Export seals this replica's operations not yet shared into signed
// segments, each continuing the replica's chain, and returns them.
func (w *Workspace) Export(ctx context.Context) ([]*oplog.Segment, error) {
	w.log.mu.Lock()
	defer w.log.mu.Unlock()
	var sealed []*oplog.Segment
	for {
		ops, err := w.db.Unexported(ctx, w.workspace.ID, w.me.ReplicaID, oplog.MaxSegmentOps)
		if err != nil {
			return sealed, err
		}
		if len(ops) == 0 {
			return sealed, nil
		}
		ops = ops[:risingStamps(ops)]
		seen, err := w.frontier(ctx)
		if err != nil {
			return sealed, err
		}
		seg, err := oplog.SealSeen(ops, w.log.lastSeg, seen, w.key)
		if err != nil {
			return sealed, errs.Wrap(err, errs.Internal, "Cairn could not seal your changes for sharing.")
		}
		if err := w.db.RecordExport(ctx, seg); err != nil {
			return sealed, err
		}
		w.log.lastSeg = seg.Name
		sealed = append(sealed, seg)
	}
}

// frontier is what this replica has seen of every other: the last op it
// holds of each, and never less than its previous segment said (an op
// taken out again, a squatter's, say, does not make it go back).
func (w *Workspace) frontier(ctx context.Context) (oplog.Cut, error) {
	seen := w.db.Seen(ctx)
	now := seen.Everything()
	if seen.Err != nil {
		return nil, seen.Err
	}
	before, err := w.db.SeenBy(ctx, w.log.lastSeg)
	if err != nil {
		return nil, err
	}
	for replica, seq := range before {
		now[replica] = max(now[replica], seq)
	}
	return now, nil
}

// risingStamps is how many of ops, from the first, carry rising stamps:
// a segment's stamps only rise, so the ops a clock set back stamped
// earlier than the ones before them start a segment of their own.
func risingStamps(ops []oplog.Op) int {
	for i := 1; i < len(ops); i++ {
		if ops[i].Stamp.Compare(ops[i-1].Stamp) <= 0 {
			return i
		}
	}
	return len(ops)
}

// ImportReport says what an import did with each segment.
type ImportReport struct {
	Outcomes []store.Outcome
}

// Count returns how many segments had the given outcome kind.
func (r ImportReport) Count(kind string) int {
	n := 0
	for _, o := range r.Outcomes {
		if o.Kind == kind {
			n++
		}
	}
	return n
}

// Import takes segment files from other replicas. Each is decoded and its
// signature checked (on every core); a bad one is refused with its reason
// and kept aside while the rest apply.
func (w *Workspace) Import(ctx context.Context, files [][]byte) (ImportReport, error) {
	return w.importChecked(ctx, files, nil)
}

// importChecked is Import with a further check of each decoded segment:
// a non-empty reason refuses it.
func (w *Workspace) importChecked(ctx context.Context, files [][]byte, check func([]*oplog.Segment, int) string) (ImportReport, error) {
	segments := make([]*oplog.Segment, len(files))
	failures := make([]error, len(files))
	var wg sync.WaitGroup
	next := make(chan int)
	for worker := 0; worker < runtime.NumCPU(); worker++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				segments[i], failures[i] = oplog.Open(files[i])
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()

	var good []*oplog.Segment
	var refused []store.Refusal
	for i, seg := range segments {
		if failures[i] != nil {
			reason := failures[i].Error()
			if se, ok := failures[i].(*oplog.SegmentError); ok {
				reason = se.Reason
			}
			refused = append(refused, store.Refusal{Name: oplog.SegmentName(files[i]), Raw: files[i], Reason: reason})
			continue
		}
		if check != nil {
			if reason := check(segments, i); reason != "" {
				refused = append(refused, store.Refusal{Name: seg.Name, Raw: files[i], Reason: reason})
				continue
			}
		}
		good = append(good, seg)
	}
	outcomes, newest, err := replay.Import(ctx, w.db, w.workspace.ID, good, refused, w.dir.Now())
	if err != nil {
		return ImportReport{}, err
	}
	w.log.clock.Observe(newest)
	w.log.mu.Lock()
	err = w.catchUpClock(ctx)
	w.log.mu.Unlock()
	if err != nil {
		return ImportReport{}, err
	}
	for _, o := range outcomes {
		w.notDone = append(w.notDone, o.NotDone...)
	}
	return ImportReport{Outcomes: outcomes}, nil
}

// Rebuild recomputes every projection from the op log alone.
func (w *Workspace) Rebuild(ctx context.Context) error { return replay.Rebuild(ctx, w.db) }

// Dump is the canonical text of the converged state, for comparing replicas.
func (w *Workspace) Dump(ctx context.Context) (string, error) { return w.db.Dump(ctx) }

// PartText is a part's current text, the revisions a new edit continues,
// and whether two edits collided.
func (w *Workspace) PartText(ctx context.Context, part string) (string, []string, bool, error) {
	return w.db.PartText(ctx, part)
}

// Check verifies the database file and every stored operation.
func (w *Workspace) Check(ctx context.Context) error { return w.db.Check(ctx) }

// HasOp reports whether an operation is stored.
func (w *Workspace) HasOp(ctx context.Context, id string) (bool, error) { return w.db.HasOp(ctx, id) }

// Verify checks this replica end to end without changing it: the file, every
// operation's id, every segment chain, and that a rebuild from the log gives
// exactly the stored state.
func (w *Workspace) Verify(ctx context.Context) error { return replay.Verify(ctx, w.db) }

// ReadState reads the shared state as canonical JSON without claiming the
// folder: replicas holding the same operations give the same bytes.
func ReadState(ctx context.Context, path string) ([]byte, error) {
	var buf bytes.Buffer
	err := WriteState(ctx, path, &buf)
	return buf.Bytes(), err
}

// WriteState is ReadState written to w as it is read, a table at a time,
// so a large workspace's state never sits whole in memory.
func WriteState(ctx context.Context, path string, w io.Writer) error {
	return readOnly(ctx, path, func(_ string, db *store.DB) error {
		if _, _, err := db.Workspace(ctx); err != nil {
			return err
		}
		return db.WriteState(ctx, w)
	})
}

// Entities lists the things of one kind ("step", "kudos"…) that the
// applied operations created, in the order they were added, with their
// fields: the read any area's Project gives for free.
func (w *Workspace) Entities(ctx context.Context, kind string) ([]store.Entity, error) {
	return w.db.Entities(ctx, kind)
}
