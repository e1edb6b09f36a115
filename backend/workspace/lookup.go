package workspace

import (
	"context"
	"strings"
)

// A change to one thing reads that thing, not its area: the app names
// things by id, and an id is one row away. Any other reference (a title,
// the start of an id, as people type them on the command line) reads the
// area and resolves it as find does, with the same words when it fails.

// lookupPart finds a part by id, or as Snapshot.Part does. s holds the
// members, for the names a part shows.
func (w *Workspace) lookupPart(ctx context.Context, s *Snapshot, ref string) (Part, error) {
	row, found, err := w.db.Part(ctx, strings.TrimSpace(ref))
	if err != nil {
		return Part{}, err
	}
	if found {
		return s.partOf(row), nil
	}
	all, err := w.SnapshotOf(ctx, NeedParts)
	if err != nil {
		return Part{}, err
	}
	return all.Part(ref)
}

// lookupStep finds a step by id, or as Snapshot.Step does. A step found
// by id has its dependencies as written (loops are broken only in a read
// of the whole roadmap) and no progress worked out: for changing it.
func (w *Workspace) lookupStep(ctx context.Context, s *Snapshot, ref string) (Step, error) {
	e, found, err := w.db.Entity(ctx, "step", strings.TrimSpace(ref))
	if err != nil {
		return Step{}, err
	}
	if found {
		return s.stepOf(e), nil
	}
	all, err := w.SnapshotOf(ctx, NeedSteps)
	if err != nil {
		return Step{}, err
	}
	return all.Step(ref)
}

// lookupContribution finds a logged contribution by id, or by the start
// of its id as Snapshot.Contribution does.
func (w *Workspace) lookupContribution(ctx context.Context, s *Snapshot, ref string) (Contribution, error) {
	e, found, err := w.db.Entity(ctx, "contrib", strings.TrimSpace(ref))
	if err != nil {
		return Contribution{}, err
	}
	if found {
		return s.contributionOf(e), nil
	}
	all, err := w.SnapshotOf(ctx, NeedContributions)
	if err != nil {
		return Contribution{}, err
	}
	return all.Contribution(ref)
}
