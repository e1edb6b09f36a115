package workspace

import (
	"context"
	"testing"

	"github.com/cairn-community/cairn/backend/canvas"
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
