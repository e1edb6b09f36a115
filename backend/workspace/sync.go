package workspace

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/cairn-community/cairn/backend/errs"
	"github.com/cairn-community/cairn/backend/gitsync"
	"github.com/cairn-community/cairn/backend/members"
	"github.com/cairn-community/cairn/backend/oplog"
	"github.com/cairn-community/cairn/backend/store"
)

// SyncProgress is one stage of a sync with its counts so far.
type SyncProgress struct {
	Stage    string `json:"stage"` // export, fetch, import, push, done
	Sent     int    `json:"sent"`
	Received int    `json:"received"`
	Applied  int    `json:"applied"`
	Held     int    `json:"held"`
	Rejected int    `json:"rejected"`
}

// SyncProblem is data the sync did not take, with the reason in words.
type SyncProblem struct {
	Replica string `json:"replica,omitempty"`
	Segment string `json:"segment,omitempty"`
	Kind    string `json:"kind"` // held, refused, damaged (a ref holds garbage) or repaired (yours, put back)
	Reason  string `json:"reason"`
}

// SyncSummary is what a sync did: segments sent and received, operations
// applied, held and rejected, and why for each problem; and each change
// it brought that is not in force, in words, with its author and reason.
type SyncSummary struct {
	SyncProgress
	Problems       []SyncProblem `json:"problems"`
	ChangesRefused int           `json:"changesRefused"` // changes others made that the community's rules refuse
	ChangesWaiting int           `json:"changesWaiting"` // changes kept until their authors are let in
	ChangesAhead   int           `json:"changesAhead"`   // changes made while their computer's clock ran ahead: kept until that time
	Changes        []Change      `json:"changes"`
}

// SyncOptions carries the secret for this sync (when the keyring has none)
// and where progress goes.
type SyncOptions struct {
	Secret   string
	Progress func(SyncProgress)
}

// syncRepo is the local repository kept open from one sync to the next,
// renewed for this one; the caller holds w.syncing.
func (w *Workspace) syncRepo() (*gitsync.Repo, error) {
	if w.kept != nil {
		w.kept.Renew()
		return w.kept, nil
	}
	r, err := w.repo()
	if err == nil {
		w.kept = r
	}
	return r, err
}

// dropSyncRepo closes the repository kept open; the caller holds
// w.syncing, or the workspace is closing.
func (w *Workspace) dropSyncRepo() {
	if w.kept != nil {
		w.kept.Close()
		w.kept = nil
	}
}

func (w *Workspace) repo() (*gitsync.Repo, error) {
	r, err := gitsync.Open(filepath.Join(w.dir.path, "git"))
	if err != nil {
		return nil, errs.Wrap(err, errs.Unwritable, "Cairn cannot keep its copy of the remote in %s: %v.", w.dir.path, err)
	}
	return r, nil
}

// Sync exchanges operations with the remote in four steps: seal and commit
// this replica's new operations, fetch every replica's ref, import what is
// new, and push. It runs at most once at a time per workspace; local
// writes go on meanwhile. Every step can be interrupted: the next sync
// finds the same state and completes it.
func (w *Workspace) Sync(ctx context.Context, opts SyncOptions) (SyncSummary, error) {
	if !w.syncing.TryLock() {
		return SyncSummary{}, errs.New(errs.Busy, "A sync is already running; wait for it to finish.")
	}
	defer w.syncing.Unlock()
	summary := SyncSummary{Problems: []SyncProblem{}, Changes: []Change{}}
	w.notDone = nil
	defer func() { w.notDone = nil }()
	mineBefore, err := w.mineNotInForce(ctx)
	if err != nil {
		return summary, err
	}
	report := func(stage string) {
		summary.Stage = stage
		if opts.Progress != nil {
			opts.Progress(summary.SyncProgress)
		}
	}
	settings, err := w.Remote()
	if err != nil {
		return summary, err
	}
	if settings.URL == "" {
		return summary, errs.OnField("url", "No remote is set.").WithHint("Set one with: cairn remote set URL")
	}
	auth := settings.auth(opts.Secret)
	// A clock set right since the last look: what this computer stamped
	// while it ran ahead is set aside here before anything is sent, as the
	// others set it aside, and the time of what it writes next is today's.
	w.log.mu.Lock()
	err = w.settleClock(ctx)
	w.log.mu.Unlock()
	if err != nil {
		return summary, err
	}
	err = w.syncOnce(ctx, settings, auth, &summary, report)
	var forked *gitsync.Refusal
	if errors.As(err, &forked) && forked.Reason == gitsync.ForeignHistory {
		// The remote holds, as this computer's, work it did not write. Only
		// when that work is signed with this computer's key (its folder was
		// copied) does it go on as a separate computer; a ref someone moved
		// between the fetch and the push just takes one more sync.
		r, rerr := w.syncRepo()
		copied := false
		if rerr == nil {
			if rerr = r.Fetch(ctx, auth); rerr == nil {
				copied, rerr = w.forkedAtRemote(ctx, r)
			}
		}
		if rerr == nil && copied {
			rerr = w.goOnFromFork(ctx, r)
		}
		if rerr != nil {
			return summary, syncError(rerr)
		}
		summary = SyncSummary{Problems: []SyncProblem{}}
		err = w.syncOnce(ctx, settings, auth, &summary, report)
	}
	var refusal *gitsync.Refusal
	var ours *errs.Error
	if err != nil && !errors.As(err, &refusal) && !errors.As(err, &ours) && ctx.Err() == nil {
		// The local mirror is a cache: everything in it is on the remote or
		// in the database. When it cannot be read (a crash mid-write),
		// start it afresh and try once more.
		w.dropSyncRepo()
		if rerr := os.RemoveAll(filepath.Join(w.dir.path, "git")); rerr == nil {
			summary = SyncSummary{Problems: []SyncProblem{}}
			err = w.syncOnce(ctx, settings, auth, &summary, report)
		}
	}
	if err != nil {
		return summary, syncError(err)
	}
	if err := w.noteMineNoLongerInForce(ctx, mineBefore); err != nil {
		return summary, err
	}
	if err := w.summarizeNotDone(ctx, &summary); err != nil {
		return summary, err
	}
	if p, err := w.clockProblem(ctx); err != nil {
		return summary, err
	} else if p != nil {
		summary.Problems = append(summary.Problems, *p)
	}
	for _, told := range []func() (*SyncProblem, error){w.copyProblem, w.forkProblem} {
		if p, err := told(); err != nil {
			return summary, err
		} else if p != nil {
			summary.Problems = append(summary.Problems, *p)
		}
	}
	report("done")
	record, _ := json.Marshal(summary)
	if err := w.db.RecordSync(ctx, w.dir.Now(), record); err != nil {
		return summary, err
	}
	return summary, nil
}

// syncOnce runs the four steps. Errors from git come back unwrapped, so
// Sync can tell a damaged local mirror from a refusal.
func (w *Workspace) syncOnce(ctx context.Context, settings RemoteSettings, auth gitsync.Auth, summary *SyncSummary, report func(string)) error {
	r, err := w.syncRepo()
	if err != nil {
		return err
	}
	if r.RemoteURL() != settings.URL {
		if err := r.SetRemote(settings.URL); err != nil {
			return err
		}
	}
	report("export")
	if _, err := w.Export(ctx); err != nil {
		return err
	}
	if err := r.Repair(); err != nil {
		return err
	}
	report("fetch")
	if err := r.Fetch(ctx, auth); err != nil {
		return err
	}
	if summary.Sent, err = w.commitOwnSegments(ctx, r); err != nil {
		return err
	}
	report("import")
	if err := w.importFetched(ctx, r, summary, report); err != nil {
		return err
	}
	report("push")
	beforePush()
	if err := r.Push(ctx, w.me.ReplicaID, auth); err != nil {
		return err
	}
	if err := r.Housekeep(); err != nil {
		summary.Problems = append(summary.Problems, SyncProblem{Kind: "housekeeping", Reason: "the local copy could not be repacked: " + err.Error()})
	}
	return nil
}

// beforePush lets a test act between a sync's fetch and its push, as
// someone pushing to the remote at that moment would.
var beforePush = func() {}

var segmentName = regexp.MustCompile(`-([0-9a-f]{64})\.seg$`)

// commitOwnSegments seals this replica's new operations and commits every
// sealed segment the local repository lacks. The database records a
// segment before git holds it, and keeps its bytes, so a crash between the
// two sends the same bytes next time. When the ref cannot simply be
// continued (someone else changed or removed it on the remote, or a crash
// lost the local ref), one commit on top of the remote's tip makes it hold
// exactly this replica's segments again; importFetched tells the member.
func (w *Workspace) commitOwnSegments(ctx context.Context, r *gitsync.Repo) (int, error) {
	if !r.OwnChecked(w.me.ReplicaID) {
		return w.restoreOwnRef(ctx, r)
	}
	// Only segments after the last one the ref holds need a look, so the
	// cost of a sync does not grow with the history.
	after := ""
	if m := segmentName.FindStringSubmatch(r.LastCommitted(w.me.ReplicaID)); m != nil {
		after = m[1]
	}
	own, err := w.db.OwnSegments(ctx, w.me.ReplicaID, after)
	if err != nil {
		return 0, err
	}
	paths := make([]string, len(own))
	for i, s := range own {
		paths[i] = gitsync.SegmentPath(w.me.ReplicaID, s.FirstSeq, s.Name)
	}
	held, err := r.Committed(w.me.ReplicaID, paths)
	if err != nil {
		return 0, err
	}
	var files []gitsync.File
	for i, s := range own {
		if !held[paths[i]] {
			files = append(files, gitsync.File{Path: paths[i], Data: s.Raw})
		}
	}
	if err := r.Append(w.me.ReplicaID, files, w.dir.Now()); err != nil {
		return 0, err
	}
	return len(files), nil
}

// importFetched imports, replica by replica, the segments added since the
// last commit read. What a ref holds besides valid segments is reported
// once, with its reason, and the rest is taken; the tip read is remembered
// whatever came of it, so an unchanged ref is neither read nor reported
// again. It also reports what commitOwnSegments put back on this
// replica's own ref.
func (w *Workspace) importFetched(ctx context.Context, r *gitsync.Repo, summary *SyncSummary, report func(string)) error {
	switch r.Repaired(w.me.ReplicaID) {
	case gitsync.Changed:
		summary.Problems = append(summary.Problems, SyncProblem{Kind: "repaired", Reason: repairedChanged})
	case gitsync.Removed:
		summary.Problems = append(summary.Problems, SyncProblem{Kind: "repaired", Reason: repairedRemoved})
	}
	heads, refusedRefs, err := r.Fetched()
	if err != nil {
		return err
	}
	for _, ref := range refusedRefs {
		// A ref refused whole is said once per tip (the store keeps, beside
		// the commits read, the last tip refused under each name).
		key := "refused:" + ref.Replica
		if ref.Head != "" {
			if said, err := w.db.ImportedCommit(ctx, key); err != nil {
				return err
			} else if said == ref.Head {
				continue
			}
		}
		summary.Problems = append(summary.Problems, SyncProblem{Replica: ref.Replica, Kind: "refused", Reason: ref.Reason})
		if ref.Head != "" {
			if err := w.db.SetImportedCommit(ctx, key, ref.Head); err != nil {
				return err
			}
		}
	}
	for _, replica := range r.Gone() {
		if replica != w.me.ReplicaID {
			summary.Problems = append(summary.Problems, SyncProblem{Replica: replica, Kind: "damaged", Reason: "their shared copy was removed from the remote; everything of theirs already here is kept, and what they send next will arrive"})
		}
	}
	replicas := make([]string, 0, len(heads))
	for replica := range heads {
		if replica != w.me.ReplicaID {
			replicas = append(replicas, replica)
		}
	}
	slices.Sort(replicas)
	for _, replica := range replicas {
		since, err := w.db.ImportedCommit(ctx, replica)
		if err != nil {
			return err
		}
		in, err := r.Read(replica, since)
		if err != nil {
			return err
		}
		if in.Damage != nil {
			summary.Problems = append(summary.Problems, SyncProblem{Replica: replica, Kind: "damaged", Reason: in.Damage.Reason})
		}
		if len(in.Files) > 0 {
			data := make([][]byte, len(in.Files))
			mine := map[string]bool{}
			for i, f := range in.Files {
				data[i] = f.Data
				mine[oplog.SegmentName(f.Data)] = true
			}
			summary.Received += len(in.Files)
			imported, err := w.importChecked(ctx, data, w.trustCheck(ctx, replica))
			if err != nil {
				return err
			}
			// One hostile commit can hold thousands of bad files: each is
			// set aside with its reason, and the summary names the first few.
			const named = 20
			listed, more := 0, 0
			for _, o := range imported.Outcomes {
				switch {
				case o.Kind == "applied":
					summary.Applied += o.Ops - len(o.NotDone) // the others are listed as not in force
				case !mine[o.Name]:
					// A segment held before, looked at again: reported when it came.
				case o.Kind == "held" || o.Kind == "refused":
					if o.Kind == "held" {
						summary.Held++
					} else {
						summary.Rejected++
					}
					if listed == named {
						more++
						continue
					}
					listed++
					summary.Problems = append(summary.Problems, SyncProblem{Replica: replica, Segment: o.Name, Kind: o.Kind, Reason: o.Reason})
				}
			}
			if more > 0 {
				summary.Problems = append(summary.Problems, SyncProblem{Replica: replica, Kind: "refused", Reason: fmt.Sprintf("%d more of their files were held or refused; each is listed, with its reason, among the data set aside", more)})
			}
			report("import")
		}
		if in.Head != since {
			if err := w.db.SetImportedCommit(ctx, replica, in.Head); err != nil {
				return err
			}
		}
	}
	return nil
}

// trustCheck refuses segments a replica's folder must not hold: those of
// another replica, those signed by a key other than the one the replica
// has always used, and those of a key that never asked to join.
func (w *Workspace) trustCheck(ctx context.Context, folder string) func([]*oplog.Segment, int) string {
	// A replica's segments share their replica and key: ask the store once.
	owners, known, stored := map[string]string{}, map[string]bool{}, map[string]bool{}
	return func(batch []*oplog.Segment, i int) string {
		seg := batch[i]
		if seg.Replica != folder {
			return fmt.Sprintf("replica %s's folder holds a segment of replica %s", folder, seg.Replica)
		}
		if seg.Workspace != w.workspace.ID {
			return "it belongs to another workspace"
		}
		owner, seen := owners[seg.Replica]
		if !seen {
			var err error
			owner, err = w.db.ReplicaAuthor(ctx, seg.Replica)
			// Whatever became of them (waiting, refused, kept aside for
			// their clock), changes of this replica are stored here: its
			// key asked in once already.
			stored[seg.Replica] = err == nil && owner != ""
			if err == nil && owner == "" {
				owner = firstAuthor(batch, seg.Replica)
			}
			owners[seg.Replica] = owner
		}
		if owner != "" && owner != seg.Author {
			return fmt.Sprintf("replica %s belongs to the key %.12s…, but this segment is signed by %.12s…: a replica cannot claim another member's key", seg.Replica, owner, seg.Author)
		}
		isKnown, seen := known[seg.Author]
		if !seen {
			k, err := w.db.KnownKey(ctx, seg.Author)
			isKnown = err != nil || k || stored[seg.Replica] || asksToJoin(batch, seg.Author)
			known[seg.Author] = isKnown
		}
		if !isKnown {
			return fmt.Sprintf("it is signed by the key %.12s…, which is not a member and never asked to join", seg.Author)
		}
		return ""
	}
}

// firstAuthor is the key of a replica's earliest segment in the batch.
func firstAuthor(batch []*oplog.Segment, replica string) string {
	var first *oplog.Segment
	for _, s := range batch {
		if s != nil && s.Replica == replica && len(s.Ops) > 0 && (first == nil || s.FirstSeq() < first.FirstSeq()) {
			first = s
		}
	}
	if first == nil {
		return ""
	}
	return first.Author
}

func asksToJoin(batch []*oplog.Segment, key string) bool {
	for _, s := range batch {
		if s == nil || s.Author != key {
			continue
		}
		for _, op := range s.Ops {
			if op.Type == members.MemberJoin || op.Type == members.WorkspaceCreate || op.Type == members.DeviceRequest || op.Type == oplog.VouchType {
				return true
			}
		}
	}
	return false
}

// LastSync is when the last sync ran and what it did; zero when none ran.
func (w *Workspace) LastSync(ctx context.Context) (string, SyncSummary, error) {
	return lastSync(ctx, w.db)
}

func lastSync(ctx context.Context, db *store.DB) (string, SyncSummary, error) {
	at, summary, err := db.LastSync(ctx)
	var s SyncSummary
	if err != nil || at == "" {
		return at, s, err
	}
	_ = json.Unmarshal([]byte(summary), &s)
	return at, s, nil
}

// syncError turns a refusal from the remote into an error for people.
func syncError(err error) error {
	var refusal *gitsync.Refusal
	if errors.As(err, &refusal) {
		return errs.New(errs.Invalid, "The sync stopped: %s.", strings.TrimSuffix(refusal.Error(), "."))
	}
	var e *errs.Error
	if errors.As(err, &e) {
		return e
	}
	return errs.Wrap(err, errs.Internal, "The sync stopped: %v. Your work is safe here; try again.", err)
}

// SetAside lists the segments held (re-examined at each sync) or refused,
// each with its reason.
func (w *Workspace) SetAside(ctx context.Context) ([]SetAsideItem, error) {
	list, err := w.db.SetAside(ctx)
	return viewAll(list, setAsideView), err
}

// clockProblem tells the person when this computer's clock ran ahead: their
// changes stamped past its own time now (once the clock was set right) are
// kept aside by every computer until that time, or until sent on.
func (w *Workspace) clockProblem(ctx context.Context) (*SyncProblem, error) {
	now := w.dir.Now()
	n, newest, err := w.db.AheadOf(ctx, w.me.ReplicaID, oplog.AheadLimit(now))
	if err != nil || n == 0 {
		return nil, err
	}
	until := time.UnixMilli(newest).UTC().Format("2 January 2006, 15:04 UTC")
	return &SyncProblem{Kind: "clock", Reason: fmt.Sprintf("this computer's clock was ahead when you made %d of your changes: they carry a time up to %s, so every computer, this one included, keeps them aside until then; what you change now is not held up by them. Check this computer's date and time settings. To apply them now, send them on from your changes not in force", n, until)}, nil
}
