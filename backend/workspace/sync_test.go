package workspace

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cairn-community/cairn/backend/canvas"
	"github.com/cairn-community/cairn/backend/deliverable"
	"github.com/cairn-community/cairn/backend/errs"
	"github.com/cairn-community/cairn/backend/gitsync"
	"github.com/cairn-community/cairn/backend/members"
	"github.com/cairn-community/cairn/backend/oplog"
)

// syncSet is replicas that sync through one bare repository on disk.
type syncSet struct {
	t      *testing.T
	remote string
	now    time.Time
	skew   map[*Dir]time.Duration // how far each computer's clock is off
}

func newSyncSet(t *testing.T) *syncSet {
	// Cairn must sync with no git binary: none is reachable in these tests.
	t.Setenv("PATH", "")
	return &syncSet{t: t, remote: filepath.Join(t.TempDir(), "remote.git"), now: time.UnixMilli(1_800_000_000_000), skew: map[*Dir]time.Duration{}}
}

func (s *syncSet) dir() *Dir {
	d, err := Claim(filepath.Join(s.t.TempDir(), "data"))
	if err != nil {
		s.t.Fatal(err)
	}
	d.Now = func() time.Time { return s.now.Add(s.skew[d]) }
	s.t.Cleanup(func() { d.Release() })
	return d
}

func (s *syncSet) founder() *Workspace {
	w, err := s.dir().Create(context.Background(), "River Guide", "Ana")
	if err != nil {
		s.t.Fatal(err)
	}
	s.t.Cleanup(func() { w.Close() })
	if err := w.SetRemote(context.Background(), RemoteSettings{URL: s.remote}); err != nil {
		s.t.Fatal(err)
	}
	return w
}

func (s *syncSet) join(name string) *Workspace {
	w, _, err := s.dir().JoinRemote(context.Background(), RemoteSettings{URL: "file://" + s.remote}, name, SyncOptions{})
	if err != nil {
		s.t.Fatal(err)
	}
	s.t.Cleanup(func() { w.Close() })
	return w
}

func (s *syncSet) sync(w *Workspace) SyncSummary {
	s.t.Helper()
	summary, err := w.Sync(context.Background(), SyncOptions{})
	if err != nil {
		s.t.Fatal(err)
	}
	return summary
}

func TestSyncThroughABareRepositoryOnDisk(t *testing.T) {
	ctx := context.Background()
	s := newSyncSet(t)
	ana := s.founder()
	if err := ana.SetVision(ctx, "A guide any river group can use."); err != nil {
		t.Fatal(err)
	}
	var stages []string
	summary, err := ana.Sync(ctx, SyncOptions{Progress: func(p SyncProgress) { stages = append(stages, p.Stage) }})
	if err != nil {
		t.Fatal(err)
	}
	if summary.Sent != 1 || len(stages) < 5 || stages[len(stages)-1] != "done" {
		t.Fatalf("first sync: %+v, stages %v", summary, stages)
	}

	bo := s.join("Bo")
	if _, err := bo.Write(ctx, canvas.VisionSet, canvas.VisionPayload{Text: "Bo's vision"}); err == nil {
		t.Fatal("a newcomer set the vision before approval")
	}
	s.sync(ana)
	if _, err := ana.ApproveMember(ctx, "Bo"); err != nil {
		t.Fatal(err)
	}
	step, err := ana.AddStep(ctx, StepInput{Title: "Survey"})
	if err != nil {
		t.Fatal(err)
	}
	s.sync(ana)
	got := s.sync(bo)
	if got.Applied == 0 {
		t.Fatalf("Bo received nothing: %+v", got)
	}
	if err := bo.SetStep(ctx, step, StepChange{Status: ptr("active")}); err != nil {
		t.Fatalf("Bo, approved, could not work: %v", err)
	}
	s.sync(bo)
	s.sync(ana)
	a, _ := ana.Dump(ctx)
	b, _ := bo.Dump(ctx)
	if a != b {
		t.Fatalf("the replicas differ after syncing:\n%s", lineDiff("Ana", a, "Bo", b))
	}
	if again := s.sync(ana); again.Sent != 0 || again.Received != 0 {
		t.Fatalf("a sync with nothing new moved data: %+v", again)
	}
}

// A sync interrupted after the database sealed a segment but before git
// held it, or after git held it but before the push, completes next time
// with the very same bytes.
func TestAnInterruptedSyncCompletesNextTime(t *testing.T) {
	ctx := context.Background()
	s := newSyncSet(t)
	ana := s.founder()
	s.sync(ana)
	bo := s.join("Bo")
	s.sync(ana)
	ana.ApproveMember(ctx, "Bo")
	s.sync(ana)
	s.sync(bo)

	ana.SetVision(ctx, "Sealed, never committed")
	if _, err := ana.Export(ctx); err != nil { // the sync stops here
		t.Fatal(err)
	}
	ana.AddStep(ctx, StepInput{Title: "Committed, never pushed"})
	r, _ := ana.repo()
	ana.Export(ctx)
	if _, err := ana.commitOwnSegments(ctx, r); err != nil { // and here
		t.Fatal(err)
	}
	if sent := s.sync(ana).Sent; sent != 0 {
		t.Fatalf("the next sync committed %d segments again", sent)
	}
	s.sync(bo)
	if v, _ := bo.Vision(ctx); v != "Sealed, never committed" {
		t.Fatalf("Bo reads the vision %q", v)
	}
	if err := bo.Verify(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestSyncRefusesWithoutARemote(t *testing.T) {
	s := newSyncSet(t)
	w, err := s.dir().Create(context.Background(), "Guide", "Ana")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := w.Sync(context.Background(), SyncOptions{}); err == nil {
		t.Fatal("a sync with no remote set went ahead")
	}
	if err := w.SetRemote(context.Background(), RemoteSettings{URL: "  "}); err == nil {
		t.Fatal("an empty remote was accepted")
	}
	full := filepath.Join(t.TempDir(), "photos")
	os.MkdirAll(full, 0o755)
	os.WriteFile(filepath.Join(full, "a.jpg"), []byte("x"), 0o644)
	if err := w.SetRemote(context.Background(), RemoteSettings{URL: full}); err == nil {
		t.Fatal("a folder of other files became the remote")
	}
}

// hostilePush writes files onto a replica ref of the remote, as anyone
// with write access to it could.
func (s *syncSet) hostilePush(replica string, segs ...*oplog.Segment) {
	s.t.Helper()
	r, err := gitsync.Open(filepath.Join(s.t.TempDir(), "hostile"))
	if err != nil {
		s.t.Fatal(err)
	}
	if err := r.SetRemote(s.remote); err != nil {
		s.t.Fatal(err)
	}
	var files []gitsync.File
	for _, seg := range segs {
		files = append(files, gitsync.File{Path: gitsync.SegmentPath(replica, seg.FirstSeq(), seg.Name), Data: seg.Raw})
	}
	if err := r.Append(replica, files, s.now); err != nil {
		s.t.Fatal(err)
	}
	if err := r.Push(context.Background(), replica, gitsync.Auth{}); err != nil {
		s.t.Fatal(err)
	}
}

// sealAs seals ops of one type as replica, signed by key but naming author.
func sealAs(t *testing.T, ws *Workspace, key ed25519.PrivateKey, author, replica, prev string, seq uint64, ops ...any) *oplog.Segment {
	t.Helper()
	var list []oplog.Op
	for i, pair := 0, ops; i < len(pair); i += 2 {
		op, err := oplog.NewOp(ws.workspace.ID, author, replica, seq, oplog.Stamp{Wall: 1_800_000_000_000 + int64(seq)}, pair[i].(string), 1, pair[i+1])
		if err != nil {
			t.Fatal(err)
		}
		seq++
		list = append(list, op)
	}
	seg, err := oplog.Seal(list, prev, key)
	if err != nil {
		t.Fatal(err)
	}
	return seg
}

// TestHostileSegmentsThroughTheRemote: a tampered segment, a forged
// signature, a broken chain, an unknown key and a replica that changes
// keys are each refused (or held) with their own reason; the good work
// around them applies.
func TestHostileSegmentsThroughTheRemote(t *testing.T) {
	ctx := context.Background()
	s := newSyncSet(t)
	ana := s.founder()
	s.sync(ana)
	bo := s.join("Bo")
	s.sync(ana)
	newKey := func() (ed25519.PrivateKey, string) {
		pub, priv, _ := ed25519.GenerateKey(nil)
		return priv, hex.EncodeToString(pub)
	}
	joinAs := func(key ed25519.PrivateKey, author, replica string) *oplog.Segment {
		return sealAs(t, ana, key, author, replica, "", 1, members.MemberJoin, members.NamePayload{Name: "Visitor " + replica})
	}

	// A tampered segment: a good one with a byte of its text changed.
	k1, a1 := newKey()
	tampered := joinAs(k1, a1, "tampered")
	tampered.Raw = bytes.Replace(tampered.Raw, []byte("Visitor"), []byte("Vandal!"), 1)
	s.hostilePush("tampered", tampered)

	// A forged signature: signed by one key, naming another (Ana's).
	k2, a2 := newKey()
	forged := joinAs(k2, a2, "forged")
	forged.Raw = bytes.ReplaceAll(forged.Raw, []byte(a2), []byte(ana.Author()))
	s.hostilePush("forged", forged)

	// A broken chain: a member's first segment missing, the second there.
	first := sealAs(t, ana, bo.key, bo.Author(), "broken", "", 1, deliverable.CommentAdd, deliverable.CommentPayload{Target: "x", Body: "one"})
	second := sealAs(t, ana, bo.key, bo.Author(), "broken", first.Name, 2, deliverable.CommentAdd, deliverable.CommentPayload{Target: "x", Body: "two"})
	s.hostilePush("broken", second)

	// An unknown key that never asked to join.
	k4, a4 := newKey()
	s.hostilePush("stranger", sealAs(t, ana, k4, a4, "stranger", "", 1, deliverable.CommentAdd, deliverable.CommentPayload{Target: "x", Body: "hello"}))

	// A replica that starts with one key and goes on with another.
	k5, a5 := newKey()
	k6, a6 := newKey()
	opening := joinAs(k5, a5, "twofaced")
	s.hostilePush("twofaced", opening, sealAs(t, ana, k6, a6, "twofaced", opening.Name, 2, members.MemberJoin, members.NamePayload{Name: "Other"}))

	// And good work from a real newcomer, in the same sync.
	s.join("Cleo")

	summary := s.sync(ana)
	reasons := map[string]string{}
	for _, p := range summary.Problems {
		reasons[p.Replica] += p.Kind + ": " + p.Reason + "\n"
	}
	for replica, want := range map[string]string{
		"tampered": "refused",
		"forged":   "refused",
		"broken":   "held",
		"stranger": "never asked to join",
		"twofaced": "cannot claim another member's key",
	} {
		if !strings.Contains(reasons[replica], want) {
			t.Errorf("replica %s: problems %q, want %q", replica, reasons[replica], want)
		}
	}
	members, _ := ana.Members(ctx)
	names := []string{}
	for _, m := range members {
		names = append(names, m.Name)
	}
	if !slices.Contains(names, "Cleo") || !slices.Contains(names, "Visitor twofaced") || slices.Contains(names, "Vandal!") || slices.Contains(names, "Other") {
		t.Fatalf("members after the hostile sync: %v", names)
	}
	if err := ana.Verify(ctx); err != nil {
		t.Fatal(err)
	}
}

// One person, two computers, one identity: the second computer asks to be
// a device of the member, who approves it from the first; then it acts as
// them everywhere, and their ballots count once.
func TestASecondDeviceJoinsTheSameMembership(t *testing.T) {
	ctx := context.Background()
	s := newSyncSet(t)
	ana := s.founder()
	s.sync(ana)
	if _, _, err := s.dir().JoinRemote(ctx, RemoteSettings{URL: s.remote}, "ana", SyncOptions{}); errs.Field(err) != "name" {
		t.Fatalf("a second identity under a member's name: %v", err)
	}
	laptop, _, err := s.dir().AddDevice(ctx, RemoteSettings{URL: s.remote}, "Ana", SyncOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer laptop.Close()
	// Written before its approval: kept, not in force until Ana says so.
	if err := laptop.SetVision(ctx, "From the laptop, too early"); err != nil || laptop.KeptWaiting() != 1 {
		t.Fatalf("an unapproved device's change was not kept: %v", err)
	}
	if v, _ := laptop.Vision(ctx); v == "From the laptop, too early" {
		t.Fatal("an unapproved device acted as its member")
	}
	s.sync(ana)
	if _, err := ana.ApproveMember(ctx, laptop.Author()); errs.Code(err) != errs.Conflict {
		t.Fatalf("a device request approved as a new member: %v", err)
	}
	if _, err := ana.ApproveDevice(ctx, laptop.Author()[:10]); err != nil {
		t.Fatal(err)
	}
	decision, err := ana.Propose(ctx, ProposalInput{Title: "Venue", Method: "consent"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ana.Vote(ctx, decision, "consent", ""); err != nil {
		t.Fatal(err)
	}
	s.sync(ana)
	s.sync(laptop)
	if err := laptop.SetVision(ctx, "From the laptop"); err != nil {
		t.Fatalf("the approved device cannot act as its coordinator: %v", err)
	}
	if _, err := laptop.Vote(ctx, decision, "object", "Wait for spring"); err != nil {
		t.Fatal(err)
	}
	s.sync(laptop)
	s.sync(ana)
	members, _ := ana.Members(ctx)
	if len(members) != 1 || len(members[0].Devices) != 2 {
		t.Fatalf("members %+v, want Ana once with two devices", members)
	}
	snap, _ := ana.Snapshot(ctx)
	d, _ := snap.Decision(decision)
	if d.Tally.Voters != 1 || d.Votes[0].Choice != "object" || d.Votes[0].Member != ana.Author() {
		t.Fatalf("Ana's two devices voted %+v", d.Votes)
	}
	if v, _ := ana.Vision(ctx); v != "From the laptop" {
		t.Fatalf("vision %q", v)
	}
}

// A newcomer cannot join under the name of someone who joined before
// them (not only the founder's): the name is read from the remote.
func TestANewcomerCannotTakeAJoinedMembersName(t *testing.T) {
	ctx := context.Background()
	s := newSyncSet(t)
	ana := s.founder()
	s.sync(ana)
	s.sync(s.join("Bo Chen"))
	if _, _, err := s.dir().JoinRemote(ctx, RemoteSettings{URL: s.remote}, "bo chen", SyncOptions{}); errs.Field(err) != "name" {
		t.Fatalf("a second identity under a joined member's name: %v", err)
	}
}
