package workspace

import (
	"context"
	"slices"
	"testing"

	"github.com/cairn-community/cairn/backend/canvas"
	"github.com/cairn-community/cairn/backend/members"
	"github.com/cairn-community/cairn/backend/oplog"
)

// A carried change never takes another replica's place: a newcomer (not
// even let in) carries, signed with her own key, a change that claims Bo's
// replica and his next sequence number; Bo's own change at that place
// still arrives everywhere, and all agree. (Found in review: before, the
// first to arrive kept the place.)
func TestACarriedChangeNeverTakesAnotherReplicasPlace(t *testing.T) {
	ctx := context.Background()
	s, ana, bo := trio(t)
	eve := s.join("Eve")
	next := bo.log.nextSeq
	squat, err := oplog.NewOp(bo.workspace.ID, eve.Author(), bo.me.ReplicaID, next, oplog.Stamp{Wall: s.now.UnixMilli()}, canvas.ExchangeAdd, 1,
		canvas.ExchangePayload{Side: string(canvas.Offer), Text: "squat"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := eve.Write(ctx, oplog.CarryType, oplog.CarryPayload{Author: eve.Author(), Replica: bo.me.ReplicaID, Line: string(squat.Line),
		Proof: oplog.Sign(eve.key, oplog.CarryProof(eve.workspace.ID, bo.me.ReplicaID, string(squat.Line)))}); err != nil {
		t.Fatal(err)
	}
	s.sync(eve)
	s.sync(ana)
	if _, err := bo.AddExchange(ctx, canvas.Offer, "Bo's honest offer", "", ""); err != nil {
		t.Fatal(err)
	}
	s.sync(bo)
	s.sync(ana)
	s.sync(bo)
	if !slices.Contains(offers(t, ana), "Bo's honest offer") {
		t.Fatalf("Bo's honest offer was dropped on Ana's computer: %q", offers(t, ana))
	}
	agree(t, "after the squat", ana, bo)
}

// Nor can carried changes lock a newcomer out of someone's work: a replica
// id chosen to sort first carries changes claiming Bo's places 1 to 8
// (taken already on the old computers, free on a newcomer's); the newcomer
// still takes Bo's replica for his, and gets all of his work.
func TestCarriedSquattersNeverLockANewcomerOut(t *testing.T) {
	ctx := context.Background()
	s, ana, bo := trio(t)
	if _, err := bo.AddExchange(ctx, canvas.Offer, "Bo's first offer", "", ""); err != nil {
		t.Fatal(err)
	}
	s.sync(bo)
	eve := s.join("Eve")
	pairs := []any{members.MemberJoin, members.NamePayload{Name: "Eve"}}
	for seq := uint64(1); seq <= 8; seq++ {
		squat, err := oplog.NewOp(bo.workspace.ID, eve.Author(), bo.me.ReplicaID, seq, oplog.Stamp{Wall: s.now.UnixMilli()}, canvas.ExchangeAdd, 1,
			canvas.ExchangePayload{Side: string(canvas.Offer), Text: "squat"})
		if err != nil {
			t.Fatal(err)
		}
		pairs = append(pairs, oplog.CarryType, oplog.CarryPayload{Author: eve.Author(), Replica: bo.me.ReplicaID, Line: string(squat.Line),
			Proof: oplog.Sign(eve.key, oplog.CarryProof(eve.workspace.ID, bo.me.ReplicaID, string(squat.Line)))})
	}
	const first = "0000000000000000"
	seg := sealAs(t, eve, eve.key, eve.Author(), first, "", 1, pairs...)
	s.hostilePush(first, seg)
	s.sync(ana)
	di := s.join("Di")
	if owner, _ := di.db.ReplicaAuthor(ctx, bo.me.ReplicaID); owner != bo.Author() {
		t.Fatalf("Di takes Bo's replica for %.12s's", owner)
	}
	if _, err := bo.AddExchange(ctx, canvas.Offer, "Bo's later offer", "", ""); err != nil {
		t.Fatal(err)
	}
	s.sync(bo)
	for _, p := range s.sync(di).Problems {
		if p.Replica == bo.me.ReplicaID {
			t.Fatalf("Di's sync refuses Bo: %+v", p)
		}
	}
	s.sync(ana)
	want := []string{"Bo's first offer", "Bo's later offer"}
	for _, w := range []*Workspace{ana, di} {
		if got := offers(t, w); !slices.Equal(got, want) {
			t.Fatalf("a computer sees %q, want %q", got, want)
		}
	}
	agree(t, "after the squat", ana, di)
}

// A release the original had not shared, carried by the copy, takes
// effect on the others too. (Found in review: claims were read only from a
// segment's own ops, not the ones it carried.)
func TestACarriedReleaseTakesEffect(t *testing.T) {
	ctx := context.Background()
	s, ana, bo := trio(t)
	s.skew[bo.dir] = aYear
	x, err := bo.AddExchange(ctx, canvas.Offer, "Made a year ahead", "", "")
	if err != nil {
		t.Fatal(err)
	}
	_ = x
	s.skew[bo.dir] = 0
	// The clock is right again: X is set aside on Bo's own computer too.
	held, err := bo.db.OpsWithStatus(ctx, nil, "ahead")
	if err != nil {
		t.Fatal(err)
	}
	bo.log.mu.Lock()
	err = bo.settleClock(ctx)
	bo.log.mu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	held, _ = bo.db.OpsWithStatus(ctx, nil, "ahead")
	if len(held) != 1 {
		t.Fatalf("held %d", len(held))
	}
	if _, err := bo.Release(ctx, []string{held[0].ID}); err != nil {
		t.Fatal(err)
	}
	copied := s.copyFolder(bo)
	laptop := s.open(copied)
	s.sync(laptop)
	s.sync(ana)
	if got := offers(t, ana); len(got) != 1 {
		t.Fatalf("Ana's offers after the carried release: %q", got)
	}
	agree(t, "after the carried release", ana, laptop)
}
