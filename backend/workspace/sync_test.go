package workspace

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cairn-community/cairn/backend/oplog"
)

// syncSet is replicas that sync through one bare repository on disk.
type syncSet struct {
	t      *testing.T
	remote string
	now    time.Time
}

func newSyncSet(t *testing.T) *syncSet {
	// Cairn must sync with no git binary: none is reachable in these tests.
	t.Setenv("PATH", "")
	return &syncSet{t: t, remote: filepath.Join(t.TempDir(), "remote.git"), now: time.UnixMilli(1_800_000_000_000)}
}

func (s *syncSet) dir() *Dir {
	d, err := Claim(filepath.Join(s.t.TempDir(), "data"))
	if err != nil {
		s.t.Fatal(err)
	}
	d.Now = func() time.Time { return s.now }
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
	if _, err := bo.Write(ctx, oplog.VisionSet, oplog.VisionPayload{Text: "Bo's vision"}); err == nil {
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
