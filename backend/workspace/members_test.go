package workspace

import (
	"context"
	"testing"

	"github.com/cairn-community/cairn/backend/errs"
)

func TestApproveAndRemoveByName(t *testing.T) {
	ctx := context.Background()
	s := newReplicaSet(t, 2)
	defer s.close()
	founder, newcomer := s.replicas[0], s.replicas[1]
	s.export(1)
	s.deliver(0, s.pool)

	if _, err := founder.ApproveMember(ctx, "Nobody"); errs.Field(err) != "member" {
		t.Fatalf("an unknown name: %v", err)
	}
	if _, err := founder.ApproveMember(ctx, "Member 1"); err != nil {
		t.Fatal(err)
	}
	if _, err := founder.ApproveMember(ctx, newcomer.Author()[:10]); errs.Code(err) != errs.Conflict {
		t.Fatalf("a second approval: %v", err)
	}
	members, _ := founder.Members(ctx)
	if len(members) != 2 || !members[1].Approved || members[1].Name != "Member 1" {
		t.Fatalf("members %+v", members)
	}
	if _, err := founder.RemoveMember(ctx, "Founder"); errs.Code(err) != errs.Conflict {
		t.Fatalf("the last coordinator removed: %v", err)
	}
	if _, err := founder.RemoveMember(ctx, "Member 1"); err != nil {
		t.Fatal(err)
	}
	members, _ = founder.Members(ctx)
	if !members[1].Removed || len(members[1].Permissions) != 0 {
		t.Fatalf("after removal %+v", members[1])
	}
}
