package workspace

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/cairn-community/cairn/backend/canvas"
	"github.com/cairn-community/cairn/backend/oplog"
	"github.com/cairn-community/cairn/backend/store"
)

// stampOf is an op's stamp and status as w holds them.
func stampOf(t *testing.T, w *Workspace, id string) string {
	t.Helper()
	var all []oplog.Op
	var verdicts []oplog.Verdict
	err := w.db.Inspect(context.Background(), func(tx *store.Tx) error {
		var err error
		all, verdicts, err = tx.AllOps(context.Background())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for i, op := range all {
		if op.ID == id {
			return time.UnixMilli(op.Stamp.Wall).UTC().Format(time.RFC3339) + " " + string(verdicts[i].Status)
		}
	}
	t.Fatalf("%s is not here", id)
	return ""
}

// A release of a release agrees whatever the history: a release brought to
// the present by another brings its own changes along at once, so two
// computers holding the same changes at the same time agree, whichever
// extra rebuilds each went through. (Found in review: the second release's
// effect waited for the next rebuild, which depends on history.)
func TestAReleaseOfAReleaseAgreesWhateverTheHistory(t *testing.T) {
	ctx := context.Background()
	s, ana, bo := trio(t)
	cy := s.join("Cy")
	di := s.join("Di")
	s.sync(ana)
	for _, n := range []string{"Cy", "Di"} {
		if _, err := ana.ApproveMember(ctx, n); err != nil {
			t.Fatal(err)
		}
	}
	s.sync(ana)
	s.skew[bo.dir] = 2 * aYear
	x, err := bo.Write(ctx, canvas.ExchangeAdd, canvas.ExchangePayload{Side: string(canvas.Offer), Text: "X from two years on"})
	if err != nil {
		t.Fatal(err)
	}
	s.sync(bo)
	s.skew[bo.dir] = time.Hour
	y, err := bo.Write(ctx, canvas.ExchangeAdd, canvas.ExchangePayload{Side: string(canvas.Offer), Text: "Y an hour early"})
	if err != nil {
		t.Fatal(err)
	}
	s.sync(bo)
	s.skew[bo.dir] = 0
	s.skew[ana.dir] = aYear
	s.sync(ana)
	r1, err := ana.Release(ctx, []string{x.ID})
	if err != nil {
		t.Fatal(err)
	}
	s.sync(ana)
	s.skew[ana.dir] = 0
	s.sync(ana)
	r2, err := ana.Release(ctx, []string{r1[0]})
	if err != nil {
		t.Fatal(err)
	}
	_ = r2
	s.sync(ana)
	s.sync(bo)
	// Di takes everything in now; Cy only after Y's time has come.
	s.sync(di)
	s.now = s.now.Add(2 * time.Hour)
	s.sync(di) // Y's time comes: a settle, so one more rejudge
	s.sync(cy) // everything at once
	if a, b := stampOf(t, di, x.ID), stampOf(t, cy, x.ID); a != b || !strings.HasSuffix(a, "applied") {
		t.Fatalf("same ops, same time: X on Di %s, on Cy %s; want both applied", a, b)
	}
	_ = y
	s.now = s.now.Add(aYear + 24*time.Hour)
	s.sync(di)
	s.sync(cy)
	agree(t, "a year on", di, cy)
}

// A change sent on by a release that is itself set aside later (its
// computer's clock was ahead too) goes back to its own time, on its
// author's computer as on the others. (Found by the convergence property:
// it kept the release's time there, and the computers disagreed.)
func TestAChangeGoesBackWhenItsReleaseIsSetAside(t *testing.T) {
	ctx := context.Background()
	s, ana, bo := trio(t)
	s.skew[ana.dir] = time.Hour
	x, err := ana.Write(ctx, canvas.ExchangeAdd, canvas.ExchangePayload{Side: string(canvas.Offer), Text: "An hour early"})
	if err != nil {
		t.Fatal(err)
	}
	s.skew[ana.dir] = 10 * time.Minute
	ana.log.mu.Lock()
	err = ana.settleClock(ctx)
	ana.log.mu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ana.Release(ctx, []string{x.ID}); err != nil {
		t.Fatal(err)
	}
	s.skew[ana.dir] = 0
	s.sync(ana)
	s.sync(bo)
	own := oplog.AheadReason(x.Stamp)
	for _, w := range []*Workspace{ana, bo} {
		if got := stampOf(t, w, x.ID); got != stampOf(t, ana, x.ID) || !strings.HasSuffix(got, "ahead") {
			t.Fatalf("the change is %s here, %s on Ana's computer", got, stampOf(t, ana, x.ID))
		}
		held, _ := w.db.OpsWithStatus(ctx, nil, oplog.Ahead)
		for _, op := range held {
			if op.ID == x.ID && op.Reason != own {
				t.Fatalf("kept aside as %q, want %q", op.Reason, own)
			}
		}
	}
	agree(t, "once the release is set aside", ana, bo)
}
