package bench

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"time"

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
	TotalS      float64 `json:"sync_total_s"`
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
	return res, nil
}
