package workspace

import (
	"context"
	"reflect"
	"testing"
)

// A thing looked up by id, as a change to it reads it, is the thing the
// whole area shows; a title or an id's start still finds it, through the
// area; an unknown reference gets the area's words.
func TestLookupsReadWhatTheAreaShows(t *testing.T) {
	ctx := context.Background()
	s := approved(t, 2)
	defer s.close()
	founder, bo := s.replicas[0], s.replicas[1]
	part, err := founder.AddPart(ctx, PartInput{Title: "Intro"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := founder.WritePart(ctx, part, "# Intro\n\nText.\n"); err != nil {
		t.Fatal(err)
	}
	step, err := founder.AddStep(ctx, StepInput{Title: "Survey", Owner: "Founder", Parts: []string{part}, Due: "2027-01-01"})
	if err != nil {
		t.Fatal(err)
	}
	s.syncAll()
	logged, err := bo.LogContribution(ctx, ContributionInput{Type: "doc", Part: part, Step: step, Note: "Wrote it"})
	if err != nil {
		t.Fatal(err)
	}
	s.syncAll()
	if err := founder.ReviewContribution(ctx, logged, false, "Add a source"); err != nil {
		t.Fatal(err)
	}
	all, err := founder.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	members, err := founder.SnapshotOf(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, ref := range []string{part, "Intro", part[:8]} {
		got, err := founder.lookupPart(ctx, members, ref)
		want, _ := all.Part(ref)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("part %q: %+v (%v), the area shows %+v", ref, got, err, want)
		}
	}
	for _, ref := range []string{step, "Survey"} {
		got, err := founder.lookupStep(ctx, members, ref)
		want, _ := all.Step(ref)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("step %q: %+v (%v), the area shows %+v", ref, got, err, want)
		}
	}
	for _, ref := range []string{logged, logged[:10]} {
		got, err := founder.lookupContribution(ctx, members, ref)
		want, _ := all.Contribution(ref)
		if err != nil || !reflect.DeepEqual(got, want) || got.Status != "returned" {
			t.Errorf("contribution %q: %+v (%v), the area shows %+v", ref, got, err, want)
		}
	}
	_, want := all.Part("Nowhere")
	if _, err := founder.lookupPart(ctx, members, "Nowhere"); err == nil || err.Error() != want.Error() {
		t.Errorf("an unknown part: %v, the area says %v", err, want)
	}
}
