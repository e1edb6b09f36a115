package main

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/cairn-community/cairn/backend/bench"
	"github.com/cairn-community/cairn/backend/errs"
)

func benchCommand(env environment) *cobra.Command {
	var ops, syncs, saves int
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "bench [--json] [--ops N] [--syncs N] [--saves N]",
		Short: "Measure import, write latency and rebuild on a synthetic workspace in a fresh folder",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if syncs > 0 {
				return benchSyncs(cmd, env, syncs, asJSON)
			}
			if saves > 0 {
				return benchSaves(cmd, env, saves, asJSON)
			}
			if ops < bench.Segments {
				return errs.New(errs.Invalid, "--ops must be at least %d (one per segment).", bench.Segments)
			}
			dir, done, err := bench.TempDir()
			if err != nil {
				return errs.Wrap(err, errs.Unwritable, "Cairn could not make a folder for the benchmark.")
			}
			defer done()
			var progress io.Writer = env.Stderr
			res, err := bench.Run(cmd.Context(), dir, ops, progress)
			if err != nil {
				return errs.Wrap(err, errs.Internal, "The benchmark failed: %v", err)
			}
			if asJSON {
				out, _ := json.Marshal(res)
				fmt.Fprintln(env.Stdout, string(out))
				return nil
			}
			fmt.Fprintf(env.Stdout, "operations        %d in %d segments\n", res.Ops, res.Segments)
			fmt.Fprintf(env.Stdout, "SQLite ceiling    %.0f rows/s\n", res.CeilingRowsPerS)
			fmt.Fprintf(env.Stdout, "import            %.0f ops/s (%.0f%% of the ceiling)\n", res.ImportOpsPerS, 100*res.ImportOfCeiling)
			fmt.Fprintf(env.Stdout, "local write       p50 %.2f ms, p99 %.2f ms over %d writes\n", res.WriteP50Ms, res.WriteP99Ms, res.Writes)
			fmt.Fprintf(env.Stdout, "rebuild           %.0f ops/s (%.1f s)\n", res.RebuildOpsPerS, res.RebuildSeconds)
			fmt.Fprintf(env.Stdout, "open              %.1f ms of processor time\n", res.OpenCPUMs)
			fmt.Fprintf(env.Stdout, "state --json      %.1f MB of heap at most\n", res.StateHeapMB)
			return nil
		},
	}
	cmd.Flags().IntVar(&ops, "ops", 100_000, "how many operations the synthetic workspace holds")
	cmd.Flags().IntVar(&syncs, "syncs", 0, "instead, time this many syncs to a folder remote, first against last")
	cmd.Flags().IntVar(&saves, "saves", 0, "instead, time this many saves, each until the window shows it, in a community of issue 16's size and of ten times it")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON object, for scripts")
	return cmd
}

func benchSyncs(cmd *cobra.Command, env environment, syncs int, asJSON bool) error {
	if syncs < 2*bench.SyncWindow {
		return errs.New(errs.Invalid, "--syncs must be at least %d, to compare the first %d syncs with the last.", 2*bench.SyncWindow, bench.SyncWindow)
	}
	dir, done, err := bench.TempDir()
	if err != nil {
		return errs.Wrap(err, errs.Unwritable, "Cairn could not make a folder for the benchmark.")
	}
	defer done()
	res, err := bench.RunSyncs(cmd.Context(), dir, syncs, env.Stderr)
	if err != nil {
		return errs.Wrap(err, errs.Internal, "The benchmark failed: %v", err)
	}
	if asJSON {
		out, _ := json.Marshal(res)
		fmt.Fprintln(env.Stdout, string(out))
		return nil
	}
	fmt.Fprintf(env.Stdout, "syncs             %d in %.1f s\n", res.Syncs, res.TotalS)
	fmt.Fprintf(env.Stdout, "sync p50          first %d: %.1f ms, last %d: %.1f ms (x%.2f)\n", bench.SyncWindow, res.FirstP50Ms, bench.SyncWindow, res.LastP50Ms, res.LastOfFirst)
	fmt.Fprintf(env.Stdout, "slowest sync      %.1f ms\n", res.WorstMs)
	fmt.Fprintf(env.Stdout, "join              %.2f s, x%.1f %s (%.2f s)\n", res.JoinS, res.JoinVsClone, res.CloneAnchor, res.CloneS)
	return nil
}

// SavesResult is what `cairn bench --saves N --json` prints: the same
// saves in a community of Community's size and of ten times it.
type SavesResult struct {
	At1x  bench.SaveResult `json:"at_1x"`
	At10x bench.SaveResult `json:"at_10x"`
	// The figures issue 16 names, from the two runs.
	P99At1x  float64 `json:"save_to_view_p99_ms_1x"`
	P99At10x float64 `json:"save_to_view_p99_ms_10x"`
}

func benchSaves(cmd *cobra.Command, env environment, saves int, asJSON bool) error {
	var res SavesResult
	for _, scale := range []int{1, 10} {
		dir, done, err := bench.TempDir()
		if err != nil {
			return errs.Wrap(err, errs.Unwritable, "Cairn could not make a folder for the benchmark.")
		}
		r, err := bench.RunSaves(cmd.Context(), dir, scale, saves, env.Stderr)
		done()
		if err != nil {
			return errs.Wrap(err, errs.Internal, "The benchmark failed: %v", err)
		}
		if scale == 1 {
			res.At1x, res.P99At1x = r, r.SaveToViewP99
		} else {
			res.At10x, res.P99At10x = r, r.SaveToViewP99
		}
	}
	if asJSON {
		out, _ := json.Marshal(res)
		fmt.Fprintln(env.Stdout, string(out))
		return nil
	}
	for _, r := range []bench.SaveResult{res.At1x, res.At10x} {
		fmt.Fprintf(env.Stdout, "save to view at %2dx  p50 %.1f ms, p99 %.1f ms, slowest %.1f ms over %d saves (%d operations; worst kind: %s, p99 %.1f ms)\n",
			r.Scale, r.SaveToViewP50, r.SaveToViewP99, r.SaveToViewMax, r.Saves, r.Ops, r.WorstKind, r.WorstKindP99)
	}
	return nil
}
