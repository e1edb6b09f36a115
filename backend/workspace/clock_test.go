package workspace

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/cairn-community/cairn/backend/canvas"
)

const aYear = 365 * 24 * time.Hour

// agree fails unless the replicas hold the same state.
func agree(t *testing.T, when string, ws ...*Workspace) {
	t.Helper()
	first, _ := ws[0].Dump(context.Background())
	for _, w := range ws[1:] {
		if d, _ := w.Dump(context.Background()); d != first {
			t.Fatalf("%s, the computers disagree", when)
		}
	}
}

func visionOf(t *testing.T, w *Workspace) string {
	t.Helper()
	snap, err := w.Snapshot(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return snap.Vision
}

// A wrong clock can neither win, nor split, nor strand: a coordinator's
// computer a year ahead writes the vision; the others keep it aside; once
// the clock is set right her own computer keeps it aside too, so all
// agree; what she writes next flows at once; she is told, and can send the
// change on now.
func TestAWrongClockCanNeitherWinNorSplitNorStrand(t *testing.T) {
	ctx := context.Background()
	s, ana, bo := trio(t)
	if err := ana.SetVision(ctx, "Written on time"); err != nil {
		t.Fatal(err)
	}
	s.sync(ana)
	s.sync(bo)

	s.skew[ana.dir] = aYear
	if err := ana.SetVision(ctx, "Written a year ahead"); err != nil {
		t.Fatal(err)
	}
	s.sync(ana)
	summary := s.sync(bo)
	if got := visionOf(t, bo); got != "Written on time" {
		t.Fatalf("a change from a year ahead won on Bo's computer: %q", got)
	}
	if summary.ChangesAhead != 1 || len(summary.Changes) != 1 || summary.Changes[0].Kind != "ahead" || !strings.Contains(summary.Changes[0].Reason, "clock set ahead") {
		t.Fatalf("Bo's sync does not say a change waits for its time: %+v", summary)
	}

	// The clock is set right: her own computer keeps the change aside too.
	s.skew[ana.dir] = 0
	summary = s.sync(ana)
	if got := visionOf(t, ana); got != "Written on time" {
		t.Fatalf("Ana's own computer still applies what it wrote a year ahead: %q", got)
	}
	if clockProblems(summary) != 1 {
		t.Fatalf("Ana is not told her clock was ahead: %+v", summary.Problems)
	}
	s.sync(bo)
	agree(t, "once Ana's clock is right", ana, bo)

	// New work flows again within one sync.
	if _, err := ana.AddExchange(ctx, canvas.Offer, "Maps of the delta", "", ""); err != nil {
		t.Fatal(err)
	}
	s.sync(ana)
	s.sync(bo)
	if snap, _ := bo.Snapshot(ctx); len(snap.Canvas.Exchange) != 1 {
		t.Fatalf("what Ana wrote after her clock was set right did not reach Bo: %+v", snap.Canvas.Exchange)
	}
	agree(t, "after Ana's next change", ana, bo)

	// She finds the change among hers not in force, and sends it on.
	mine, err := ana.MyChanges(ctx)
	if err != nil || len(mine) != 1 || mine[0].Kind != "ahead" || mine[0].Action != "send-now" || mine[0].Next == "" {
		t.Fatalf("Ana's changes not in force: %+v, %v", mine, err)
	}
	if _, err := ana.Resubmit(ctx, mine[0].ID[:10]); err != nil {
		t.Fatal(err)
	}
	if got := visionOf(t, ana); got != "Written a year ahead" {
		t.Fatalf("the change sent on does not apply: %q", got)
	}
	s.sync(ana)
	s.sync(bo)
	if got := visionOf(t, bo); got != "Written a year ahead" {
		t.Fatalf("the change sent on did not reach Bo: %q", got)
	}
	agree(t, "after the change was sent on", ana, bo)
	if mine, _ := ana.MyChanges(ctx); len(mine) != 0 {
		t.Fatalf("a change sent on is still listed: %+v", mine)
	}
	if clockProblems(s.sync(ana)) != 0 {
		t.Fatal("Ana is still told of a clock problem after sending her change on")
	}
}

// A coordinator can send on someone else's change made while their clock
// ran ahead; a member cannot send on another's.
func TestACoordinatorReleasesHeldWork(t *testing.T) {
	ctx := context.Background()
	s, ana, bo := trio(t)
	cy := s.join("Cy")
	s.sync(ana)
	if _, err := ana.ApproveMember(ctx, "Cy"); err != nil {
		t.Fatal(err)
	}
	s.sync(ana)
	s.sync(cy)
	s.skew[bo.dir] = aYear
	if _, err := bo.AddExchange(ctx, canvas.Offer, "Photographs from next year", "", ""); err != nil {
		t.Fatal(err)
	}
	s.sync(bo)
	s.skew[bo.dir] = 0
	s.sync(cy)
	s.sync(ana)
	held, err := cy.db.OpsWithStatus(ctx, nil, "ahead")
	if err != nil || len(held) != 1 {
		t.Fatalf("Cy keeps %d changes aside, want 1 (%v)", len(held), err)
	}
	if _, err := cy.Release(ctx, []string{held[0].ID}); err == nil {
		t.Fatal("a member who is not a coordinator sent on someone else's change")
	}
	if _, err := ana.Release(ctx, []string{held[0].ID[:12]}); err != nil {
		t.Fatal(err)
	}
	for _, w := range []*Workspace{ana, bo, cy, ana, bo, cy} {
		s.sync(w)
	}
	for _, w := range []*Workspace{ana, bo, cy} {
		if snap, _ := w.Snapshot(ctx); len(snap.Canvas.Exchange) != 1 {
			t.Fatalf("the released offer does not apply everywhere: %+v", snap.Canvas.Exchange)
		}
	}
	agree(t, "after the release", ana, bo, cy)
	// Whichever comes first to a newcomer, the release or the change it
	// names, the change applies at the release's time.
	for _, name := range []string{"Di", "Ed"} {
		if snap, _ := s.join(name).Snapshot(ctx); len(snap.Canvas.Exchange) != 1 {
			t.Fatalf("%s, joining after the release, does not see the offer: %+v", name, snap.Canvas.Exchange)
		}
	}
}

// A change kept aside for its clock applies on its own once its time
// comes, on every computer.
func TestAChangeAheadAppliesWhenItsTimeComes(t *testing.T) {
	ctx := context.Background()
	s, ana, bo := trio(t)
	s.skew[bo.dir] = 2 * time.Hour
	if _, err := bo.AddExchange(ctx, canvas.Offer, "Two hours early", "", ""); err != nil {
		t.Fatal(err)
	}
	s.sync(bo)
	s.skew[bo.dir] = 0
	s.sync(ana)
	if snap, _ := ana.Snapshot(ctx); len(snap.Canvas.Exchange) != 0 {
		t.Fatal("a change two hours ahead applied at once")
	}
	s.now = s.now.Add(3 * time.Hour)
	s.sync(ana)
	s.sync(bo)
	for _, w := range []*Workspace{ana, bo} {
		if snap, _ := w.Snapshot(ctx); len(snap.Canvas.Exchange) != 1 {
			t.Fatal("the change did not apply once its time came")
		}
	}
	agree(t, "once its time came", ana, bo)
}

// A newcomer whose clock runs ahead is not turned away: their request to
// join waits for its time on the coordinator's computer, and what they
// send after it is kept with it, not refused as coming from a stranger.
func TestANewcomerWithAClockAheadIsNotTurnedAway(t *testing.T) {
	ctx := context.Background()
	s := newSyncSet(t)
	ana := s.founder()
	s.sync(ana)
	d := s.dir()
	s.skew[d] = time.Hour
	bo, _, err := d.JoinRemote(ctx, RemoteSettings{URL: s.remote}, "Bo", SyncOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer bo.Close()
	s.sync(ana)
	if _, err := bo.AddExchange(ctx, canvas.Offer, "Maps", "", ""); err != nil {
		t.Fatal(err)
	}
	s.sync(bo)
	for _, p := range s.sync(ana).Problems {
		if p.Kind == "refused" {
			t.Fatalf("the newcomer's later work was refused: %s", p.Reason)
		}
	}
	s.now = s.now.Add(2 * time.Hour)
	s.sync(ana)
	if _, err := ana.ApproveMember(ctx, "Bo"); err != nil {
		t.Fatalf("the newcomer's request never arrived: %v", err)
	}
	s.sync(ana)
	s.sync(bo)
	if got := offers(t, ana); len(got) != 1 {
		t.Fatalf("the newcomer's offer: %q", got)
	}
}
