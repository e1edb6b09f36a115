package workspace

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cairn-community/cairn/backend/canvas"
	"github.com/cairn-community/cairn/backend/oplog"
)

// copyFolder copies a closed data folder, as a person copies it to a new
// computer.
func (s *syncSet) copyFolder(w *Workspace) *Dir {
	s.t.Helper()
	if err := w.Close(); err != nil {
		s.t.Fatal(err)
	}
	to := filepath.Join(s.t.TempDir(), "copied")
	if err := os.CopyFS(to, os.DirFS(w.dir.Path())); err != nil {
		s.t.Fatal(err)
	}
	d, err := Claim(to)
	if err != nil {
		s.t.Fatal(err)
	}
	d.Now = func() time.Time { return s.now.Add(s.skew[d]) }
	s.t.Cleanup(func() { d.Release() })
	return d
}

func (s *syncSet) open(d *Dir) *Workspace {
	s.t.Helper()
	w, err := d.Open(context.Background())
	if err != nil {
		s.t.Fatal(err)
	}
	s.t.Cleanup(func() { w.Close() })
	return w
}

func offers(t *testing.T, w *Workspace) []string {
	t.Helper()
	snap, err := w.Snapshot(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var list []string
	for _, item := range snap.Canvas.Exchange {
		list = append(list, item.Text)
	}
	slices.Sort(list)
	return list
}

// A copied data folder is detected, not forked: the copy goes on as
// another computer of the same member, both copies' work reaches everyone,
// and what the original had not shared yet arrives even before the
// original syncs again, once.
func TestACopiedDataFolderGoesOnAsAnotherComputer(t *testing.T) {
	ctx := context.Background()
	s, ana, bo := trio(t)
	if _, err := bo.AddExchange(ctx, canvas.Offer, "Written before the copy", "", ""); err != nil {
		t.Fatal(err)
	}
	copied := s.copyFolder(bo)
	bo = s.open(bo.dir)
	laptop := s.open(copied)
	if laptop.Author() == bo.Author() || laptop.me.ReplicaID == bo.me.ReplicaID {
		t.Fatal("the copy goes on signing as the original")
	}
	if _, err := laptop.AddExchange(ctx, canvas.Offer, "Written on the new laptop", "", ""); err != nil {
		t.Fatal(err)
	}
	summary := s.sync(laptop)
	told := false
	for _, p := range summary.Problems {
		told = told || p.Kind == "copy"
		if p.Kind == "refused" || p.Kind == "held" {
			t.Fatalf("the copy's sync: %+v", p)
		}
	}
	if !told {
		t.Fatalf("the person is not told the folder was a copy: %+v", summary.Problems)
	}
	// The original has not synced since the copy: its unshared offer
	// arrives from the copy.
	s.sync(ana)
	want := []string{"Written before the copy", "Written on the new laptop"}
	if got := offers(t, ana); !slices.Equal(got, want) {
		t.Fatalf("Ana sees %q, want %q", got, want)
	}

	if _, err := bo.AddExchange(ctx, canvas.Offer, "Written on the old laptop", "", ""); err != nil {
		t.Fatal(err)
	}
	for _, w := range []*Workspace{bo, laptop, ana, bo, laptop} {
		for _, p := range s.sync(w).Problems {
			if p.Kind == "refused" || p.Kind == "held" {
				t.Fatalf("a sync after the copy: %+v", p)
			}
		}
	}
	want = []string{"Written before the copy", "Written on the new laptop", "Written on the old laptop"}
	for _, w := range []*Workspace{ana, bo, laptop} {
		if got := offers(t, w); !slices.Equal(got, want) {
			t.Fatalf("a computer sees %q, want %q", got, want)
		}
		if err := w.Verify(ctx); err != nil {
			t.Fatal(err)
		}
	}
	agree(t, "after the copy", ana, bo, laptop)
	snap, _ := ana.Snapshot(ctx)
	if m, err := snap.Member("Bo"); err != nil || len(m.Devices) != 2 {
		t.Fatalf("Bo's membership after the copy: %+v, %v", m, err)
	}
	// Opened again where it is, the copy stays what it became.
	again := laptop.Author()
	laptop.Close()
	if w := s.open(copied); w.Author() != again {
		t.Fatal("the copy changed identity again when reopened")
	}
}

// Only the key a folder was copied with can vouch for the copy, or carry
// its changes: a stranger's forged proofs take nothing over.
func TestForgedCopyProofsTakeNothing(t *testing.T) {
	ctx := context.Background()
	s, ana, bo := trio(t)
	eve := s.join("Eve")
	if _, err := eve.Write(ctx, oplog.VouchType, oplog.VouchPayload{By: bo.Author(), Proof: oplog.Sign(eve.key, oplog.VouchProof(eve.workspace.ID, eve.Author()))}); err == nil {
		t.Fatal("a stranger vouched for herself as Bo's computer")
	}
	// A change made up in Bo's name, carried with Eve's signature.
	forged, err := oplog.NewOp(bo.workspace.ID, bo.Author(), bo.me.ReplicaID, 999, oplog.Stamp{Wall: s.now.UnixMilli()}, canvas.ExchangeAdd, 1,
		canvas.ExchangePayload{Side: string(canvas.Offer), Text: "Forged in Bo's name"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := eve.Write(ctx, oplog.CarryType, oplog.CarryPayload{Author: bo.Author(), Replica: bo.me.ReplicaID, Line: string(forged.Line),
		Proof: oplog.Sign(eve.key, oplog.CarryProof(eve.workspace.ID, bo.me.ReplicaID, string(forged.Line)))}); err != nil {
		t.Fatal(err)
	}
	s.sync(eve)
	s.sync(ana)
	if has, _ := ana.HasOp(ctx, forged.ID); has {
		t.Fatal("a change forged in Bo's name was taken in")
	}
}

// A copy the seat cannot see (both folders copied before Cairn kept a
// seat) forks nothing either: the copy that sends second finds the
// remote holding other work as its own, takes its own back, goes on as
// another computer of the member and sends it again. Each change arrives
// once, everywhere.
func TestAnUnseenCopyIsFoundAtTheRemote(t *testing.T) {
	for _, stop := range []string{"", "taken back", "made again"} {
		t.Run("stopped at "+stop, func(t *testing.T) { unseenCopy(t, stop) })
	}
}

// unseenCopy plays TestAnUnseenCopyIsFoundAtTheRemote; with stop, the
// repair stops after that step, as a crash would, and the next opening of
// the folder finishes it.
func unseenCopy(t *testing.T, stop string) {
	ctx := context.Background()
	s, ana, bo := trio(t)
	if _, err := bo.AddExchange(ctx, canvas.Offer, "Written before the copy", "", ""); err != nil {
		t.Fatal(err)
	}
	bo, laptop := s.unseenCopyOf(bo)
	if laptop.Author() != bo.Author() {
		t.Fatal("the test needs a copy the seat cannot see")
	}
	if _, err := laptop.AddExchange(ctx, canvas.Offer, "Written on the new laptop", "", ""); err != nil {
		t.Fatal(err)
	}
	s.sync(laptop)
	if _, err := bo.AddExchange(ctx, canvas.Offer, "Written on the old laptop", "", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := bo.AddExchange(ctx, canvas.Need, "Also on the old laptop", "", ""); err != nil {
		t.Fatal(err)
	}
	if stop != "" {
		forkStep = func(step string) error {
			if step == stop {
				return errors.New("killed")
			}
			return nil
		}
		_, err := bo.Sync(ctx, SyncOptions{})
		forkStep = func(string) error { return nil }
		if err == nil {
			t.Fatal("the repair was not stopped")
		}
		bo.Close()
		bo = s.open(bo.dir)
	}
	summary := s.sync(bo)
	told := false
	for _, p := range summary.Problems {
		told = told || (p.Kind == "copy" && strings.Contains(p.Reason, "sent again"))
	}
	if !told {
		t.Fatalf("the old laptop's sync does not say what it did: %+v", summary.Problems)
	}
	if bo.Author() == laptop.Author() {
		t.Fatal("the old laptop goes on signing as the copy does")
	}
	for _, w := range []*Workspace{ana, laptop, bo, ana, laptop} {
		for _, p := range s.sync(w).Problems {
			if p.Kind == "refused" || p.Kind == "held" {
				t.Fatalf("a sync after the repair: %+v", p)
			}
		}
	}
	want := []string{"Also on the old laptop", "Written before the copy", "Written on the new laptop", "Written on the old laptop"}
	for _, w := range []*Workspace{ana, bo, laptop} {
		if got := offers(t, w); !slices.Equal(got, want) {
			t.Fatalf("a computer sees %q, want %q", got, want)
		}
		if err := w.Verify(ctx); err != nil {
			t.Fatal(err)
		}
	}
	agree(t, "after the repair", ana, bo, laptop)
}

// unseenCopyOf copies w's closed folder as a copy the seat cannot see
// (both folders made before Cairn kept a seat): w and the copy, both open,
// sign as one replica.
func (s *syncSet) unseenCopyOf(w *Workspace) (*Workspace, *Workspace) {
	s.t.Helper()
	copied := s.copyFolder(w)
	for _, dir := range []string{w.dir.Path(), copied.Path()} {
		if err := os.Remove(filepath.Join(dir, seatFile)); err != nil {
			s.t.Fatal(err)
		}
	}
	return s.open(w.dir), s.open(copied)
}
