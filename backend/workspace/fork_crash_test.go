package workspace

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/cairn-community/cairn/backend/canvas"
)

// A fork repair killed inside its move to a new key (the database names
// the new key, the old one has not vouched for it yet) goes on when the
// folder opens again: the seat has not moved, but the journal says the
// move is not done. (Found in review: the new key went unvouched, and the
// work made again reached nobody.)
func TestAForkRepairKilledMidMoveGoesOnWhenReopened(t *testing.T) {
	ctx := context.Background()
	s, ana, bo := trio(t)
	if _, err := bo.AddExchange(ctx, canvas.Offer, "Written before the copy", "", ""); err != nil {
		t.Fatal(err)
	}
	bo, laptop := s.unseenCopyOf(bo)
	if _, err := laptop.AddExchange(ctx, canvas.Offer, "Written on the new laptop", "", ""); err != nil {
		t.Fatal(err)
	}
	s.sync(laptop)
	if _, err := bo.AddExchange(ctx, canvas.Offer, "Written on the old laptop", "", ""); err != nil {
		t.Fatal(err)
	}
	copyStep = func(string) error { return errors.New("killed") }
	_, err := bo.Sync(ctx, SyncOptions{})
	copyStep = func(string) error { return nil }
	if err == nil {
		t.Fatal("not stopped")
	}
	bo.Close()
	bo = s.open(bo.dir)
	for _, w := range []*Workspace{bo, ana, laptop, bo, ana, laptop} {
		for _, p := range s.sync(w).Problems {
			if p.Kind == "refused" || p.Kind == "held" {
				t.Fatalf("a sync after the repair: %+v", p)
			}
		}
	}
	want := []string{"Written before the copy", "Written on the new laptop", "Written on the old laptop"}
	for name, w := range map[string]*Workspace{"ana": ana, "bo": bo, "laptop": laptop} {
		if got := offers(t, w); !slices.Equal(got, want) {
			t.Fatalf("%s sees %q, want %q", name, got, want)
		}
	}
}

// A sync cancelled while a fork repair makes the work again loses
// nothing: only a change the community's rules refuse counts as not made,
// and the repair goes on when the folder opens again. (Found in review:
// every change after the cancel was counted refused, and lost.)
func TestACancelledForkRepairLosesNothing(t *testing.T) {
	ctx := context.Background()
	s, ana, bo := trio(t)
	bo, laptop := s.unseenCopyOf(bo)
	if _, err := laptop.AddExchange(ctx, canvas.Offer, "Written on the new laptop", "", ""); err != nil {
		t.Fatal(err)
	}
	s.sync(laptop)
	if _, err := bo.AddExchange(ctx, canvas.Offer, "Written on the old laptop", "", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := bo.AddExchange(ctx, canvas.Offer, "Also on the old laptop", "", ""); err != nil {
		t.Fatal(err)
	}
	cctx, cancel := context.WithCancel(ctx)
	forkStep = func(step string) error {
		if step == "made again" {
			cancel() // the person presses Cancel
		}
		return nil
	}
	if _, err := bo.Sync(cctx, SyncOptions{}); err == nil {
		t.Fatal("the cancelled sync says it finished")
	}
	forkStep = func(string) error { return nil }
	if j, ok, _ := bo.readTakenBack(); !ok || j.Finished || j.Failed != 0 {
		t.Fatalf("the journal after the cancel: %+v", j)
	}
	bo.Close()
	bo = s.open(bo.dir)
	s.sync(bo)
	s.sync(ana)
	want := []string{"Also on the old laptop", "Written on the new laptop", "Written on the old laptop"}
	for name, w := range map[string]*Workspace{"ana": ana, "bo": bo} {
		if got := offers(t, w); !slices.Equal(got, want) {
			t.Fatalf("%s sees %q, want %q", name, got, want)
		}
	}
}
