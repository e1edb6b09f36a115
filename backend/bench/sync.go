package bench

import (
	"context"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"slices"
	"time"

	gogit "github.com/go-git/go-git/v5"

	"github.com/cairn-community/cairn/backend/deliverable"
	"github.com/cairn-community/cairn/backend/workspace"
)

// SyncResult is what `cairn bench --syncs N --json` prints: how long a
// sync takes at the start of a long history and at its end, to a remote
// in a folder. Flat means the ratio stays near 1.
type SyncResult struct {
	Syncs       int     `json:"syncs"`
	FirstP50Ms  float64 `json:"sync_first_p50_ms"`
	LastP50Ms   float64 `json:"sync_last_p50_ms"`
	LastOfFirst float64 `json:"sync_last_of_first"`
	WorstMs     float64 `json:"sync_worst_ms"` // the slowest sync, housekeeping included
	TotalS      float64 `json:"sync_total_s"`
	// Joining the remote the syncs made, against copying it whole with
	// git (git clone --mirror, or go-git's when there is no git binary):
	// the anchor a person would compare a join with.
	JoinS       float64 `json:"join_s"`
	CloneS      float64 `json:"clone_mirror_s"`
	CloneAnchor string  `json:"clone_anchor"`
	JoinVsClone float64 `json:"join_vs_clone_ratio"`
}

// SyncWindow is how many syncs each end of the measure covers.
const SyncWindow = 100

// RunSyncs makes n syncs, each after one local change, from one replica to
// a folder remote, and compares the median of the first and last
// SyncWindow syncs (housekeeping repacks included).
func RunSyncs(ctx context.Context, dir string, n int, progress io.Writer) (SyncResult, error) {
	res := SyncResult{Syncs: n}
	d, err := workspace.Claim(filepath.Join(dir, "syncer"))
	if err != nil {
		return res, err
	}
	defer d.Release()
	w, err := d.Create(ctx, "Bench", "Syncer")
	if err != nil {
		return res, err
	}
	defer w.Close()
	if err := w.SetRemote(ctx, workspace.RemoteSettings{URL: filepath.Join(dir, "remote.git")}); err != nil {
		return res, err
	}
	fmt.Fprintf(progress, "syncing %d times to a folder remote\n", n)
	took := make([]float64, 0, n)
	start := time.Now()
	for i := 0; i < n; i++ {
		if _, err := w.Write(ctx, deliverable.CommentAdd, deliverable.CommentPayload{Target: "intro", Body: fmt.Sprintf("comment %d", i)}); err != nil {
			return res, err
		}
		t := time.Now()
		if _, err := w.Sync(ctx, workspace.SyncOptions{}); err != nil {
			return res, err
		}
		took = append(took, float64(time.Since(t).Microseconds())/1000)
	}
	res.TotalS = time.Since(start).Seconds()
	window := min(SyncWindow, n/2)
	res.FirstP50Ms = percentile(took[:window], 0.5)
	res.LastP50Ms = percentile(took[n-window:], 0.5)
	res.LastOfFirst = res.LastP50Ms / res.FirstP50Ms
	res.WorstMs = slices.Max(took)

	remote := filepath.Join(dir, "remote.git")
	fmt.Fprintf(progress, "joining the remote of %d syncs, and copying it with git\n", n)
	t := time.Now()
	joiner, err := workspace.Claim(filepath.Join(dir, "joiner"))
	if err != nil {
		return res, err
	}
	defer joiner.Release()
	joined, _, err := joiner.JoinRemote(ctx, workspace.RemoteSettings{URL: remote}, "Joiner", workspace.SyncOptions{})
	if err != nil {
		return res, err
	}
	joined.Close()
	res.JoinS = time.Since(t).Seconds()
	t = time.Now()
	if res.CloneAnchor, err = cloneMirror(ctx, remote, filepath.Join(dir, "mirror.git")); err != nil {
		return res, err
	}
	res.CloneS = time.Since(t).Seconds()
	res.JoinVsClone = res.JoinS / res.CloneS
	return res, nil
}

// cloneMirror copies remote whole as git clone --mirror does, with the
// git binary when there is one, else with go-git; it says which.
func cloneMirror(ctx context.Context, remote, to string) (string, error) {
	if git, err := exec.LookPath("git"); err == nil {
		out, err := exec.CommandContext(ctx, git, "clone", "--quiet", "--mirror", remote, to).CombinedOutput()
		if err != nil {
			return "", fmt.Errorf("git clone --mirror: %v: %s", err, out)
		}
		return "git clone --mirror", nil
	}
	_, err := gogit.PlainCloneContext(ctx, to, true, &gogit.CloneOptions{URL: remote, Mirror: true})
	return "go-git clone --mirror", err
}
