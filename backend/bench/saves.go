package bench

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/cairn-community/cairn/backend/contributions"
	"github.com/cairn-community/cairn/backend/deliverable"
	"github.com/cairn-community/cairn/backend/oplog"
	"github.com/cairn-community/cairn/backend/roadmap"
	"github.com/cairn-community/cairn/backend/workspace"
)

// Community is the size of the community issue 16 measures against: 40
// members over two years. Scale multiplies it.
var Community = struct{ Steps, Parts, Contributions, Comments int }{2_000, 500, 10_000, 5_000}

// SaveResult is what a save costs until the window shows it: the change
// written, then what the window reads again (the area the change is in,
// and the part on screen for a comment).
type SaveResult struct {
	Scale         int     `json:"scale"`
	Ops           int     `json:"ops"`
	Saves         int     `json:"saves"`
	SaveToViewP50 float64 `json:"save_to_view_p50_ms"`
	SaveToViewP99 float64 `json:"save_to_view_p99_ms"`
	SaveToViewMax float64 `json:"save_to_view_max_ms"`
	// The worst kind of save, and its p99.
	WorstKind    string  `json:"save_to_view_worst_kind"`
	WorstKindP99 float64 `json:"save_to_view_worst_kind_p99_ms"`
}

// RunSaves builds a workspace of scale times Community and times saves of
// four kinds, each followed by the reads the window makes after it.
func RunSaves(ctx context.Context, dir string, scale, saves int, progress io.Writer) (SaveResult, error) {
	res := SaveResult{Scale: scale, Saves: saves}
	d, err := workspace.Claim(filepath.Join(dir, "saver"))
	if err != nil {
		return res, err
	}
	defer d.Release()
	w, err := d.Create(ctx, "Bench", "Saver")
	if err != nil {
		return res, err
	}
	defer w.Close()
	key, err := founderKey(filepath.Join(dir, "saver"))
	if err != nil {
		return res, err
	}
	steps, parts := scale*Community.Steps, scale*Community.Parts
	fmt.Fprintf(progress, "building a community of %dx: %d steps, %d parts, %d contributions, %d comments\n",
		scale, steps, parts, scale*Community.Contributions, scale*Community.Comments)
	var ops []oplog.Op
	seq := uint64(0)
	wall := time.Now().Add(-time.Hour).UnixMilli()
	add := func(typ string, payload any) error {
		seq++
		wall++
		def, _ := oplog.Current(typ)
		op, err := oplog.NewOp(w.Invitation().WorkspaceID, w.Author(), "bench-device", seq, oplog.Stamp{Wall: wall}, typ, def.Version, payload)
		ops = append(ops, op)
		return err
	}
	for i := range parts {
		if err := add(deliverable.PartAdd, deliverable.PartAddPayload{Part: fmt.Sprintf("part-%d", i), Title: fmt.Sprintf("Part %d", i), Position: "V", Mode: "collaboration"}); err != nil {
			return res, err
		}
	}
	for i := range steps {
		if err := add(roadmap.StepAdd, roadmap.StepAddPayload{Step: fmt.Sprintf("step-%d", i), Title: fmt.Sprintf("Step %d", i)}); err != nil {
			return res, err
		}
	}
	for i := range scale * Community.Contributions {
		if err := add(contributions.ContribLog, contributions.ContribPayload{Type: "doc", Part: fmt.Sprintf("part-%d", i%parts), Note: fmt.Sprintf("Contribution %d", i)}); err != nil {
			return res, err
		}
	}
	for i := range scale * Community.Comments {
		if err := add(deliverable.CommentAdd, deliverable.CommentPayload{Target: fmt.Sprintf("part-%d", i%parts), Body: fmt.Sprintf("Comment %d", i)}); err != nil {
			return res, err
		}
	}
	res.Ops = len(ops)
	var files [][]byte
	prev := ""
	for start := 0; start < len(ops); start += oplog.MaxSegmentOps {
		seg, err := oplog.Seal(ops[start:min(start+oplog.MaxSegmentOps, len(ops))], prev, key)
		if err != nil {
			return res, err
		}
		prev = seg.Name
		files = append(files, seg.Raw)
	}
	report, err := w.Import(ctx, files)
	if err != nil {
		return res, err
	}
	if applied := report.Count("applied"); applied != len(files) {
		return res, fmt.Errorf("only %d of %d segments applied: %+v", applied, len(files), report.Outcomes[:min(3, len(report.Outcomes))])
	}

	fmt.Fprintf(progress, "timing %d saves, each with what the window reads after it\n", saves)
	kinds := []struct {
		name string
		save func(i int) error
		view func(i int) error
	}{
		{"comment", func(i int) error {
			return w.Comment(ctx, fmt.Sprintf("part-%d", i%parts), fmt.Sprintf("A comment %d", i))
		}, func(i int) error {
			if _, err := w.SnapshotOf(ctx, workspace.NeedsAfter("deliverable")); err != nil {
				return err
			}
			_, err := w.ShowPart(ctx, fmt.Sprintf("part-%d", i%parts))
			return err
		}},
		{"contribution", func(i int) error {
			_, err := w.LogContribution(ctx, workspace.ContributionInput{Type: "doc", Part: fmt.Sprintf("part-%d", i%parts), Note: "Logged"})
			return err
		}, func(int) error {
			_, err := w.SnapshotOf(ctx, workspace.NeedsAfter("contributions"))
			return err
		}},
		{"step", func(i int) error {
			status := string(roadmap.Active)
			return w.SetStep(ctx, fmt.Sprintf("step-%d", i%steps), workspace.StepChange{Status: &status})
		}, func(int) error {
			_, err := w.SnapshotOf(ctx, workspace.NeedsAfter("roadmap"))
			return err
		}},
		{"part", func(i int) error {
			_, err := w.WritePart(ctx, fmt.Sprintf("part-%d", i%parts), fmt.Sprintf("# Part\n\nText %d.\n", i))
			return err
		}, func(i int) error {
			if _, err := w.SnapshotOf(ctx, workspace.NeedsAfter("deliverable")); err != nil {
				return err
			}
			_, err := w.ShowPart(ctx, fmt.Sprintf("part-%d", i%parts))
			return err
		}},
	}
	var all []float64
	worst := map[string][]float64{}
	for i := range saves {
		k := kinds[i%len(kinds)]
		start := time.Now()
		if err := k.save(i); err != nil {
			return res, fmt.Errorf("%s save: %w", k.name, err)
		}
		if err := k.view(i); err != nil {
			return res, fmt.Errorf("%s view: %w", k.name, err)
		}
		ms := float64(time.Since(start).Microseconds()) / 1000
		all = append(all, ms)
		worst[k.name] = append(worst[k.name], ms)
	}
	res.SaveToViewP50 = percentile(all, 0.50)
	res.SaveToViewP99 = percentile(all, 0.99)
	res.SaveToViewMax = percentile(all, 1)
	for name, took := range worst {
		if p := percentile(took, 0.99); p > res.WorstKindP99 {
			res.WorstKind, res.WorstKindP99 = name, p
		}
	}
	return res, nil
}
