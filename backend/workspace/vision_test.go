package workspace

import (
	"context"
	"strings"
	"testing"

	"github.com/cairn-community/cairn/backend/errs"
	"github.com/cairn-community/cairn/backend/members"
)

func TestOnlyCoordinatorsSetTheVision(t *testing.T) {
	ctx := context.Background()
	s := newReplicaSet(t, 2)
	defer s.close()
	founder, member := s.replicas[0], s.replicas[1]
	founder.Write(ctx, members.MemberApprove, members.ApprovePayload{Member: member.Author(), Name: "Bo"})
	s.export(0)
	s.deliver(1, s.pool)

	err := member.SetVision(ctx, "My own vision")
	if errs.Code(err) != errs.Unauthorized || !strings.Contains(errs.Message(err), "coordinate permission") {
		t.Fatalf("a contributor set the vision: %v", err)
	}
	if err := founder.SetVision(ctx, "Rivers, mapped by those who live by them."); err != nil {
		t.Fatal(err)
	}
	s.export(0)
	s.deliver(1, s.pool)
	if text, _ := member.Vision(ctx); text != "Rivers, mapped by those who live by them." {
		t.Fatalf("the member sees %q", text)
	}
	if text, err := ReadVision(ctx, member.dir.Path()); err != nil || !strings.HasPrefix(text, "Rivers") {
		t.Fatalf("read-only: %q %v", text, err)
	}
}
