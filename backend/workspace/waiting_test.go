package workspace

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/cairn-community/cairn/backend/canvas"
	"github.com/cairn-community/cairn/backend/oplog"
)

// A newcomer's first work is never lost: what they write while waiting to
// be let in is kept, sent with their syncs, and applies everywhere once a
// coordinator approves them.
func TestANewcomersFirstWorkIsKept(t *testing.T) {
	ctx := context.Background()
	s := newSyncSet(t)
	ana := s.founder()
	part, err := ana.AddPart(ctx, PartInput{Title: "Why rivers"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ana.WritePart(ctx, part, "Rivers carry stories.\n"); err != nil {
		t.Fatal(err)
	}
	s.sync(ana)
	bo := s.join("Bo")

	if _, err := bo.AddExchange(ctx, canvas.Offer, "Portuguese translation", "", ""); err != nil {
		t.Fatalf("an offer written while waiting: %v", err)
	}
	if _, err := bo.Suggest(ctx, part, "Rivers carry songs.\n", "Warmer"); err != nil {
		t.Fatalf("a suggestion written while waiting: %v", err)
	}
	for _, note := range []string{"Read the draft", "Found three sources"} {
		if _, err := bo.LogContribution(ctx, ContributionInput{Type: "research", Note: note}); err != nil {
			t.Fatalf("a contribution written while waiting: %v", err)
		}
	}
	if bo.KeptWaiting() != 4 {
		t.Fatalf("%d changes kept, want 4", bo.KeptWaiting())
	}
	s.sync(bo)
	s.sync(ana)
	if _, err := ana.ApproveMember(ctx, "Bo"); err != nil {
		t.Fatal(err)
	}
	s.sync(ana)
	s.sync(bo)
	s.sync(ana)
	for _, w := range []*Workspace{ana, bo} {
		snap, err := w.Snapshot(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(snap.Canvas.Exchange) != 1 || len(snap.Suggestions) != 1 || len(snap.Contributions) != 2 {
			t.Fatalf("after Bo's approval: %d offers, %d suggestions, %d contributions; want 1, 1, 2",
				len(snap.Canvas.Exchange), len(snap.Suggestions), len(snap.Contributions))
		}
	}
	a, _ := ana.Dump(ctx)
	b, _ := bo.Dump(ctx)
	if a != b {
		t.Fatal("Ana and Bo disagree after the approval")
	}
}

// Every refusal reaches its author: a removed member's offline work,
// made before the removal reached them, is kept aside everywhere, however
// its author set their clock; the coordinator's sync says so in words and
// offers to accept it; the author finds it among their changes not in
// force, with the reason. Once accepted, it applies everywhere.
func TestARefusalReachesItsAuthor(t *testing.T) {
	ctx := context.Background()
	s := newSyncSet(t)
	ana := s.founder()
	s.sync(ana)
	bo := s.join("Bo")
	s.sync(bo)
	s.sync(ana)
	if _, err := ana.ApproveMember(ctx, "Bo"); err != nil {
		t.Fatal(err)
	}
	s.sync(ana)
	s.sync(bo)
	s.now = s.now.Add(time.Minute)
	if _, err := ana.RemoveMember(ctx, "Bo"); err != nil {
		t.Fatal(err)
	}
	s.sync(ana)
	// Bo sets his clock back an hour, as if to write before the removal.
	s.now = s.now.Add(time.Minute)
	s.skew[bo.dir] = -time.Hour
	if _, err := bo.AddExchange(ctx, canvas.Offer, "Field photographs", "", ""); err != nil {
		t.Fatal(err)
	}
	s.skew[bo.dir] = 0
	// Bo hears of it on the Sync page too: the sync that brings the
	// removal says which of his changes it took out of force, and why.
	boSummary := s.sync(bo)
	if boSummary.ChangesWaiting != 1 || len(boSummary.Changes) != 1 || boSummary.Changes[0].Kind != "removed" ||
		!strings.Contains(boSummary.Changes[0].Reason, "removed") || boSummary.Changes[0].Action != "" {
		t.Fatalf("Bo's sync says nothing of his change kept aside: %+v", boSummary)
	}
	if again := s.sync(bo); len(again.Changes) != 0 {
		t.Fatalf("the next sync tells it again: %+v", again.Changes)
	}
	summary := s.sync(ana)
	if summary.ChangesWaiting != 1 || len(summary.Changes) != 1 || summary.Changes[0].Name != "Bo" || summary.Changes[0].Kind != "removed" ||
		!strings.Contains(summary.Changes[0].What, "Field photographs") || summary.Changes[0].Action != "accept" {
		t.Fatalf("the coordinator's sync reports %d kept: %+v", summary.ChangesWaiting, summary.Changes)
	}
	if got := offers(t, ana); len(got) != 0 {
		t.Fatalf("a removed member's backdated offer applies: %v", got)
	}
	s.sync(bo)
	mine, err := bo.MyChanges(ctx)
	if err != nil || len(mine) != 1 || mine[0].Kind != "removed" || !strings.Contains(mine[0].Reason, "removed") || mine[0].Next == "" {
		t.Fatalf("Bo's changes not in force: %+v, %v", mine, err)
	}
	if _, err := bo.Resubmit(ctx, mine[0].ID[:10]); err == nil {
		t.Fatal("a removed member's change was sent again and applied")
	}
	if _, err := bo.AddExchange(ctx, canvas.Offer, "Written after he knew", "", ""); err == nil {
		t.Fatal("a member who knows of their removal still writes")
	}
	if _, err := bo.Accept(ctx, []string{mine[0].ID}); err == nil {
		t.Fatal("a removed member accepted their own change")
	}
	if _, err := ana.Accept(ctx, []string{summary.Changes[0].ID[:12]}); err != nil {
		t.Fatal(err)
	}
	s.sync(ana)
	s.sync(bo)
	for _, w := range []*Workspace{ana, bo} {
		if got := offers(t, w); len(got) != 1 || got[0] != "Field photographs" {
			t.Fatalf("the accepted change does not apply everywhere: %v", got)
		}
	}
}

// Held reasons are true: a change made while its computer's clock ran
// ahead is kept aside for that reason, with its time; the segment that
// carried it continues the chain, so nothing after it is held up.
func TestHeldReasonsAreTrue(t *testing.T) {
	ctx := context.Background()
	s := approved(t, 2)
	defer s.close()
	ahead, reader := s.replicas[1], s.replicas[0]
	s.now = s.now.Add(24 * time.Hour)
	for _, text := range []string{"first", "second"} {
		if _, err := ahead.AddExchange(ctx, canvas.Offer, text, "", ""); err != nil {
			t.Fatal(err)
		}
		s.export(1)
	}
	s.now = s.now.Add(-24 * time.Hour)
	report, err := reader.Import(ctx, s.pool[len(s.pool)-2:])
	if err != nil {
		t.Fatal(err)
	}
	var reasons []string
	for _, o := range report.Outcomes {
		if o.Kind != "applied" {
			t.Fatalf("a segment from the computer ahead was %s: %s", o.Kind, o.Reason)
		}
		for _, op := range o.NotDone {
			if op.Status != oplog.Ahead {
				t.Fatalf("a change from the computer ahead is %s: %s", op.Status, op.Reason)
			}
			reasons = append(reasons, op.Reason)
		}
	}
	joined := strings.Join(reasons, "\n")
	if len(reasons) != 2 || !strings.Contains(joined, "clock set ahead") || strings.Contains(joined, "has not arrived") {
		t.Fatalf("kept aside with reasons:\n%s", joined)
	}
}

// A wrong clock is told: once this computer's clock is set right, a sync
// says that changes made while it ran ahead are held by the others, and
// until when.
func TestAClockThatRanAheadIsTold(t *testing.T) {
	ctx := context.Background()
	s := newSyncSet(t)
	ana := s.founder()
	s.sync(ana)
	s.now = s.now.Add(365 * 24 * time.Hour)
	if err := ana.SetVision(ctx, "Written a year ahead"); err != nil {
		t.Fatal(err)
	}
	if summary := s.sync(ana); clockProblems(summary) != 0 {
		t.Fatalf("while the clock is ahead nothing can tell: %+v", summary.Problems)
	}
	s.now = s.now.Add(-365 * 24 * time.Hour)
	summary := s.sync(ana)
	if clockProblems(summary) != 1 {
		t.Fatalf("after the clock was set right, the sync says nothing of it: %+v", summary.Problems)
	}
}

func clockProblems(s SyncSummary) int {
	n := 0
	for _, p := range s.Problems {
		if p.Kind == "clock" && strings.Contains(p.Reason, "clock was ahead") && !strings.Contains(p.Reason, "segment") {
			n++
		}
	}
	return n
}
