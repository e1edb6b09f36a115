package bench

import (
	"context"
	"io"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/cairn-community/cairn/backend/workspace"
)

// TestRunSmall runs the whole benchmark on a small workspace: every stage
// must work and report figures.
func TestRunSmall(t *testing.T) {
	dir, done, err := TempDir()
	if err != nil {
		t.Fatal(err)
	}
	defer done()
	res, err := Run(context.Background(), dir, 5000, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", res)
	if res.ImportOpsPerS <= 0 || res.CeilingRowsPerS <= 0 || res.WriteP99Ms <= 0 || res.RebuildOpsPerS <= 0 || res.Segments != Segments ||
		(runtime.GOOS != "windows" && res.OpenCPUMs <= 0) || res.StateHeapMB < 0 {
		t.Fatalf("missing figures: %+v", res)
	}
}

// TestRunSyncsSmall runs the sync benchmark on a short history: the syncs,
// then a join of their remote against copying it with git, each figure
// reported.
func TestRunSyncsSmall(t *testing.T) {
	dir, done, err := TempDir()
	if err != nil {
		t.Fatal(err)
	}
	defer done()
	res, err := RunSyncs(context.Background(), dir, 6, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", res)
	if _, err := exec.LookPath("git"); err == nil && (res.RemoteBytesPerOp <= 0 || res.GitBytesPerCommit <= 0) {
		t.Fatalf("git is here, yet no bytes after git gc: %+v", res)
	}
	if res.FirstP50Ms <= 0 || res.WorstMs < res.LastP50Ms || res.JoinS <= 0 || res.CloneS <= 0 || res.CloneAnchor == "" || res.JoinVsClone <= 0 ||
		res.Sync1000thVs10th <= 0 || res.WorstVs10th < 1 || res.RemoteBytesPerOpAsIs <= 0 {
		t.Fatalf("missing figures: %+v", res)
	}
}

// BenchmarkImport100k is the import stage of `cairn bench` at its default
// size; see README "Performance" for the figures.
func BenchmarkRun100k(b *testing.B) {
	for i := 0; i < b.N; i++ {
		dir, done, err := TempDir()
		if err != nil {
			b.Fatal(err)
		}
		res, err := Run(context.Background(), dir, 100_000, io.Discard)
		done()
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(res.ImportOpsPerS, "import-ops/s")
		b.ReportMetric(res.CeilingRowsPerS, "ceiling-rows/s")
		b.ReportMetric(res.WriteP99Ms, "write-p99-ms")
		b.ReportMetric(res.RebuildOpsPerS, "rebuild-ops/s")
	}
}

// TestOpenAndState measures a small workspace: opening it takes some
// processor time, and its state is written out.
func TestOpenAndState(t *testing.T) {
	dir, done, err := TempDir()
	if err != nil {
		t.Fatal(err)
	}
	defer done()
	path := filepath.Join(dir, "ws")
	d, err := workspace.Claim(path)
	if err != nil {
		t.Fatal(err)
	}
	w, err := d.Create(context.Background(), "Bench", "Ana")
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	d.Release()
	cpu, heap, err := OpenAndState(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("open %.2f ms of processor time, state %.2f MB of heap", cpu, heap)
	if runtime.GOOS != "windows" && cpu <= 0 {
		t.Fatalf("opening took %.3f ms of processor time", cpu)
	}
}

// TestRunSavesSmall times a few saves of each kind in a tenth of the
// community: every kind works and is timed.
func TestRunSavesSmall(t *testing.T) {
	dir, done, err := TempDir()
	if err != nil {
		t.Fatal(err)
	}
	defer done()
	old := Community
	Community.Steps, Community.Parts, Community.Contributions, Community.Comments = 20, 5, 100, 50
	defer func() { Community = old }()
	res, err := RunSaves(context.Background(), dir, 1, 8, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", res)
	if res.Ops != 175 || res.SaveToViewP50 <= 0 || res.SaveToViewP99 < res.SaveToViewP50 || res.WorstKind == "" {
		t.Fatalf("missing figures: %+v", res)
	}
}
