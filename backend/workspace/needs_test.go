package workspace

import (
	"context"
	"slices"
	"testing"

	"github.com/cairn-community/cairn/backend/oplog"
)

// A use case reads only the areas it names: a part's change reads the
// parts, not the contributions or decisions, and reaching an area it did
// not read is a bug that shows at once.
func TestAUseCaseReadsOnlyWhatItNeeds(t *testing.T) {
	ctx := context.Background()
	s := approved(t, 1)
	defer s.close()
	w := s.replicas[0]
	if _, err := w.AddPart(ctx, PartInput{Title: "Intro"}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.AddStep(ctx, StepInput{Title: "Survey"}); err != nil {
		t.Fatal(err)
	}
	snap, err := w.SnapshotOf(ctx, NeedsAfter("deliverable"))
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Parts) != 1 || snap.Steps != nil || snap.Contributions != nil || snap.Decisions != nil || len(snap.Members) == 0 {
		t.Fatalf("after a change to the deliverable: %d parts, steps %v, contributions %v, decisions %v, %d members",
			len(snap.Parts), snap.Steps, snap.Contributions, snap.Decisions, len(snap.Members))
	}
	if after := NeedsAfter("decisions"); after&NeedSteps == 0 || after&NeedParts == 0 {
		t.Fatal("a decision's close validates steps and parts, so they must be read again after it")
	}
	defer func() {
		if recover() == nil {
			t.Fatal("reaching the roadmap from a snapshot of the parts did not fail")
		}
	}()
	snap.Step("Survey")
}

// Every area an operation type files itself under can be filtered on in
// Activity: a new area's types never fall out of the filter.
func TestEveryDefinedAreaCanBeFiltered(t *testing.T) {
	for _, area := range oplog.Areas() {
		if area == "test" {
			continue
		}
		if !slices.Contains(Areas, area) {
			t.Errorf("operation types file under %q, which Activity cannot filter on", area)
		}
	}
}
