package workspace

import (
	"context"
	"testing"

	"github.com/cairn-community/cairn/backend/deliverable"
)

// A part added from a member's second computer belongs to the member:
// replay and the view resolve the default owner the same way, so the
// member writes it from either computer, and the view says so.
func TestAPartAddedFromASecondDeviceBelongsToItsMember(t *testing.T) {
	ctx := context.Background()
	s := newSyncSet(t)
	ana := s.founder()
	s.sync(ana)
	laptop, _, err := s.dir().AddDevice(ctx, RemoteSettings{URL: s.remote}, "Ana", SyncOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer laptop.Close()
	s.sync(ana)
	if _, err := ana.ApproveDevice(ctx, laptop.Author()[:10]); err != nil {
		t.Fatal(err)
	}
	s.sync(ana)
	s.sync(laptop)
	if _, err := laptop.Write(ctx, deliverable.PartAdd, deliverable.PartAddPayload{Part: "intro", Title: "Intro", Position: "V"}); err != nil {
		t.Fatal(err)
	}
	s.sync(laptop)
	s.sync(ana)
	for _, w := range []*Workspace{ana, laptop} {
		view, err := w.ShowPart(ctx, "intro")
		if err != nil {
			t.Fatal(err)
		}
		if view.Owner != ana.Author() {
			t.Fatalf("the part's owner is %s, want Ana's member key %s", view.Owner, ana.Author())
		}
		if want := (deliverable.May{Write: true, Review: true, ChangeSettings: true}); view.May != want {
			t.Fatalf("Ana may %+v on her own part, want %+v", view.May, want)
		}
	}
	if _, err := ana.WritePart(ctx, "intro", "From the desktop\n"); err != nil {
		t.Fatalf("Ana cannot write, from her first computer, the part she added from her second: %v", err)
	}
}

// What a person may do with a part comes from the same rules replay
// judges by: in collaboration only the named writers write, and the view
// tells the others to suggest.
func TestThePartViewSaysWhoWrites(t *testing.T) {
	ctx := context.Background()
	s := approved(t, 3)
	defer s.close()
	founder, bo, cleo := s.replicas[0], s.replicas[1], s.replicas[2]
	part, err := founder.AddPart(ctx, PartInput{Title: "Methods", Mode: "collaboration", Writers: []string{bo.Author()}})
	if err != nil {
		t.Fatal(err)
	}
	s.syncAll()
	cases := []struct {
		who  *Workspace
		name string
		may  deliverable.May
	}{
		{founder, "the owner, a coordinator", deliverable.May{Write: true, Review: true, ChangeSettings: true}},
		{bo, "a named writer", deliverable.May{Write: true}},
		{cleo, "a contributor not named", deliverable.May{Suggest: true}},
	}
	for _, c := range cases {
		view, err := c.who.ShowPart(ctx, part)
		if err != nil {
			t.Fatal(err)
		}
		if view.May != c.may {
			t.Errorf("%s may %+v, want %+v", c.name, view.May, c.may)
		}
		_, err = c.who.WritePart(ctx, part, "Text by "+c.name+"\n")
		if (err == nil) != c.may.Write {
			t.Errorf("%s: the view says write=%v, but writing gave %v", c.name, c.may.Write, err)
		}
	}
}
