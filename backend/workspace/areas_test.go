package workspace

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/cairn-community/cairn/backend/canvas"
	"github.com/cairn-community/cairn/backend/deliverable"
	"github.com/cairn-community/cairn/backend/errs"
	"github.com/cairn-community/cairn/backend/oplog"
	"github.com/cairn-community/cairn/backend/roadmap"
	"github.com/cairn-community/cairn/backend/roles"
)

// syncAll exports every replica and delivers everything to everyone.
func (s *replicaSet) syncAll() {
	for i := range s.replicas {
		s.export(i)
	}
	for i := range s.replicas {
		s.deliver(i, s.pool)
	}
}

// approved makes a set whose members 1.. are approved by the founder.
func approved(t *testing.T, n int) *replicaSet {
	s := newReplicaSet(t, n)
	s.syncAll()
	for _, r := range s.replicas[1:] {
		if _, err := s.replicas[0].ApproveMember(context.Background(), r.Author()); err != nil {
			t.Fatal(err)
		}
	}
	s.syncAll()
	return s
}

func TestNamedRolesGivePermissions(t *testing.T) {
	ctx := context.Background()
	s := approved(t, 2)
	defer s.close()
	founder, bo := s.replicas[0], s.replicas[1]
	step, err := founder.AddStep(ctx, StepInput{Title: "Survey"})
	if err != nil {
		t.Fatal(err)
	}
	s.syncAll()
	if err := bo.SetStep(ctx, step, StepChange{Status: ptr("validated")}); errs.Code(err) != errs.Unauthorized {
		t.Fatalf("a member without a validating role validated a step: %v", err)
	}
	// Written at op level, the same change is refused in replay too.
	if _, err := bo.Write(ctx, roadmap.StepSet, roadmap.StepSetPayload{Step: step, Status: ptr("validated")}); err == nil || !strings.Contains(err.Error(), "validate permission") {
		t.Fatalf("replay let a non-validator validate: %v", err)
	}
	role, err := founder.AddRole(ctx, RoleInput{Name: "Editor", Who: "One of us", Can: []roles.Permission{roles.Validate, roles.Contribute}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := founder.AddRole(ctx, RoleInput{Name: "editor", Can: []roles.Permission{roles.Observe}}); errs.Field(err) != "name" {
		t.Fatalf("a second role with the same name: %v", err)
	}
	if err := founder.AssignRole(ctx, "Editor", "Member 1"); err != nil {
		t.Fatal(err)
	}
	s.syncAll()
	if err := bo.SetStep(ctx, "Survey", StepChange{Status: ptr("validated")}); err != nil {
		t.Fatalf("an editor could not validate: %v", err)
	}
	snap, _ := bo.Snapshot(ctx)
	if len(snap.Roles) != 1 || snap.Roles[0].ID != role || !slices.Equal(snap.Roles[0].Names, []string{"Member 1"}) {
		t.Fatalf("roles read %+v", snap.Roles)
	}
	if err := founder.UnassignRole(ctx, "Editor", "Member 1"); err != nil {
		t.Fatal(err)
	}
	s.syncAll()
	if err := bo.SetStep(ctx, "Survey", StepChange{Status: ptr("done")}); err != nil {
		t.Fatal(err)
	}
	if _, err := bo.Write(ctx, roadmap.StepSet, roadmap.StepSetPayload{Step: step, Status: ptr("validated")}); err == nil {
		t.Fatal("the role taken back still let its former holder validate")
	}
}

func TestTheLastCoordinatorStays(t *testing.T) {
	ctx := context.Background()
	s := approved(t, 2)
	defer s.close()
	founder, bo := s.replicas[0], s.replicas[1]
	revoke := func(w *Workspace, member string) error {
		_, err := w.Write(ctx, roles.RoleRevoke, roles.GrantPayload{Member: member, Permission: oplog.Coordinate})
		return err
	}
	if err := revoke(founder, founder.Author()); err == nil || !strings.Contains(err.Error(), "without a coordinator") {
		t.Fatalf("the only coordinator gave up coordinating: %v", err)
	}
	if _, err := founder.AddRole(ctx, RoleInput{Name: "Steward", Can: []roles.Permission{roles.Coordinate}}); err != nil {
		t.Fatal(err)
	}
	if err := founder.AssignRole(ctx, "Steward", "Member 1"); err != nil {
		t.Fatal(err)
	}
	if err := revoke(founder, founder.Author()); err != nil {
		t.Fatalf("with a second coordinator, the founder could not step back: %v", err)
	}
	s.syncAll()
	if err := bo.UnassignRole(ctx, "Steward", "Member 1"); err == nil || !strings.Contains(errs.Message(err), "without a coordinator") {
		t.Fatalf("the last coordinator was demoted: %v", err)
	}
}

func TestARefusedJoinRequestRefusesWhatWaited(t *testing.T) {
	ctx := context.Background()
	s := newReplicaSet(t, 2)
	defer s.close()
	founder, newcomer := s.replicas[0], s.replicas[1]
	early, err := newcomer.Write(ctx, deliverable.CommentAdd, deliverable.CommentPayload{Target: "intro", Body: "Hello"})
	if err != nil || newcomer.KeptWaiting() != 1 {
		t.Fatalf("a waiting newcomer's comment was not kept: %v", err)
	}
	if _, err := newcomer.Write(ctx, canvas.VisionSet, canvas.VisionPayload{Text: "Mine"}); errs.Code(err) != errs.Unauthorized {
		t.Fatalf("a waiting newcomer's vision, which needs more than they will hold: %v", err)
	}
	s.syncAll()
	if _, err := founder.RefuseMember(ctx, "Member 1"); err != nil {
		t.Fatal(err)
	}
	s.syncAll()
	for _, w := range []*Workspace{founder, newcomer} {
		changes, err := w.db.OpsWithStatus(ctx, []string{newcomer.Author()}, oplog.Rejected)
		if err != nil || len(changes) != 1 || changes[0].ID != early.ID {
			t.Fatalf("after the refusal, the newcomer's kept comment is not refused everywhere: %v, %v", changes, err)
		}
	}
	if _, err := founder.RefuseMember(ctx, "Member 1"); errs.Code(err) != errs.Conflict {
		t.Fatalf("a second refusal: %v", err)
	}
	members, _ := founder.Members(ctx)
	i := slices.IndexFunc(members, func(m Member) bool { return m.Name == "Member 1" })
	if i < 0 || members[i].Approved || !members[i].Removed {
		t.Fatalf("the refused newcomer reads %+v", members)
	}
	// Changing one's mind works: a later approval lets them in.
	if _, err := founder.ApproveMember(ctx, "Member 1"); err != nil {
		t.Fatal(err)
	}
}

// A part's new owner writes; a replica that gets the revision before the
// ownership change first refuses it, then applies it once the change
// arrives: the rule is judged in replay, whatever the arrival order.
func TestALateOwnershipChangeIsJudgedAgain(t *testing.T) {
	ctx := context.Background()
	s := approved(t, 3)
	defer s.close()
	founder, bo, third := s.replicas[0], s.replicas[1], s.replicas[2]
	part, err := founder.AddPart(ctx, PartInput{Title: "Intro"})
	if err != nil {
		t.Fatal(err)
	}
	s.syncAll()
	if _, err := bo.WritePart(ctx, part, "Bo's text\n"); err == nil || !strings.Contains(errs.Message(err), "only the part's owner") {
		t.Fatalf("a non-owner wrote a cooperation part: %v", err)
	}
	if err := founder.SetPart(ctx, part, PartChange{Owner: ptr("Member 1")}); err != nil {
		t.Fatal(err)
	}
	s.export(0)
	ownership := s.pool[len(s.pool)-1]
	s.deliver(1, [][]byte{ownership})
	if _, err := bo.WritePart(ctx, part, "Bo's text\n"); err != nil {
		t.Fatal(err)
	}
	segs, _ := bo.Export(ctx)
	s.deliver(2, [][]byte{segs[len(segs)-1].Raw})
	if text, _, _, _ := third.PartText(ctx, part); text != "" {
		t.Fatalf("the revision applied before its author owned the part: %q", text)
	}
	s.deliver(2, [][]byte{ownership})
	if text, _, _, _ := third.PartText(ctx, part); text != "Bo's text\n" {
		t.Fatalf("after the ownership change arrived the part reads %q", text)
	}
}

func TestTheBoardsQuestionsAreEditable(t *testing.T) {
	ctx := context.Background()
	s := approved(t, 2)
	defer s.close()
	founder, bo := s.replicas[0], s.replicas[1]
	id, err := founder.AddQuestion(ctx, "Which rivers first?")
	if err != nil {
		t.Fatal(err)
	}
	if err := founder.EditQuestion(ctx, "content", "What must we write?"); err != nil {
		t.Fatal(err)
	}
	if err := founder.RemoveQuestion(ctx, "roles"); err != nil {
		t.Fatal(err)
	}
	if err := founder.EditQuestion(ctx, "roles", "Again?"); errs.Field(err) != "question" {
		t.Fatalf("a removed question was edited: %v", err)
	}
	s.syncAll()
	if _, err := bo.AddQuestion(ctx, "Mine?"); err == nil {
		t.Fatal("a member without coordinate added a question")
	}
	if err := bo.AnswerQuestion(ctx, id, "The Tagus"); err != nil {
		t.Fatalf("answering a new question: %v", err)
	}
	board, err := ReadCanvas(ctx, bo.dir.Path())
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, q := range board.Questions {
		texts = append(texts, q.ID+": "+q.Text)
	}
	joined := strings.Join(texts, "\n")
	if !strings.Contains(joined, "content: What must we write?") || strings.Contains(joined, "roles:") || !strings.HasSuffix(joined, id+": Which rivers first?") {
		t.Fatalf("the board reads:\n%s", joined)
	}
}

func TestDevicesAndComments(t *testing.T) {
	ctx := context.Background()
	s := approved(t, 2)
	defer s.close()
	founder, bo := s.replicas[0], s.replicas[1]
	part, _ := founder.AddPart(ctx, PartInput{Title: "Intro"})
	s.syncAll()
	if err := bo.Comment(ctx, "Intro", "Could we start with a story?"); err != nil {
		t.Fatal(err)
	}
	if err := bo.Comment(ctx, "Intro", "  "); errs.Field(err) != "body" {
		t.Fatalf("an empty comment: %v", err)
	}
	s.syncAll()
	view, err := founder.ShowPart(ctx, part)
	if err != nil || len(view.Comments) != 1 || view.Comments[0].Author != bo.Author() {
		t.Fatalf("comments %+v, %v", view.Comments, err)
	}
	members, _ := founder.Members(ctx)
	for _, m := range members {
		if len(m.Devices) != 1 {
			t.Fatalf("%s has devices %v, want the one replica", m.Name, m.Devices)
		}
	}
}

func TestPartsMoveBetweenTheirNeighbours(t *testing.T) {
	ctx := context.Background()
	s := approved(t, 1)
	defer s.close()
	w := s.replicas[0]
	for _, title := range []string{"One", "Two", "Three"} {
		if _, err := w.AddPart(ctx, PartInput{Title: title}); err != nil {
			t.Fatal(err)
		}
	}
	order := func() string {
		snap, _ := w.Snapshot(ctx)
		var titles []string
		for _, p := range snap.Parts {
			titles = append(titles, p.Title)
		}
		return strings.Join(titles, ",")
	}
	if err := w.MovePart(ctx, "Three", "One"); err != nil || order() != "Three,One,Two" {
		t.Fatalf("moved to the front: %s (%v)", order(), err)
	}
	if err := w.MovePart(ctx, "Three", ""); err != nil || order() != "One,Two,Three" {
		t.Fatalf("moved to the end: %s (%v)", order(), err)
	}
	if err := w.MovePart(ctx, "One", "Three"); err != nil || order() != "Two,One,Three" {
		t.Fatalf("moved between: %s (%v)", order(), err)
	}
	if strings.Contains(Preview("<script>alert(1)</script>**bold**"), "<script") || !strings.Contains(Preview("**bold**"), "<strong>bold</strong>") {
		t.Fatal("the preview is not the sanitized rendering")
	}
}
