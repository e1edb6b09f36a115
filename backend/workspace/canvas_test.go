package workspace

import (
	"context"
	"testing"
	"time"

	"github.com/cairn-community/cairn/backend/canvas"
	"github.com/cairn-community/cairn/backend/members"
)

func TestConcurrentTakersAgreeOnTheEarliest(t *testing.T) {
	ctx := context.Background()
	s := newReplicaSet(t, 3)
	defer s.close()
	ana, bo, cy := s.replicas[0], s.replicas[1], s.replicas[2]
	for _, r := range []*Workspace{bo, cy} {
		ana.Write(ctx, members.MemberApprove, members.ApprovePayload{Member: r.Author(), Name: "Member"})
	}
	item, err := ana.AddExchange(ctx, canvas.Offer, "Portuguese translation", "", "")
	if err != nil {
		t.Fatal(err)
	}
	s.export(0)
	s.deliver(1, s.pool)
	s.deliver(2, s.pool)

	// Offline, both take it up; Cy a moment before Bo.
	if err := cy.MatchExchange(ctx, item); err != nil {
		t.Fatal(err)
	}
	s.now = s.now.Add(time.Second)
	if err := bo.MatchExchange(ctx, item); err != nil {
		t.Fatal(err)
	}
	s.export(1)
	s.export(2)
	for i := range s.replicas {
		s.deliver(i, s.pool)
	}
	for i, r := range s.replicas {
		_, items, err := readBoard(ctx, r.db)
		if err != nil || len(items) != 1 || items[0].MatchedBy != cy.Author() {
			t.Fatalf("replica %d: %+v %v, want Cy as the taker", i, items, err)
		}
	}
	if err := bo.MatchExchange(ctx, item); err == nil {
		t.Fatal("an item was taken up twice")
	}
}
