package bench

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
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
	// The sync around the 1,000th (the median of the 21 around it) against
	// the one around the 10th (of the first 20), and the slowest against
	// the 10th: housekeeping must not freeze a sync.
	Sync1000thVs10th float64 `json:"sync_1000th_vs_10th"`
	WorstVs10th      float64 `json:"sync_worst_vs_10th"`
	// A sync carrying 100 changes when the remote holds 1,000 syncs, and
	// at the end of the run (the "big" history of --syncs 10000): it must
	// cost what is new, not what the history holds. Median of 5.
	Sync100At1kMs  float64 `json:"sync_100_at_1k_ms"`
	Sync100AtBigMs float64 `json:"sync_100_at_big_ms"`
	// Bytes the remote holds per change after git gc, against plain git's
	// per commit for the same edits to a Markdown file (at most the first
	// 1,000; 0 without a git binary); and as Cairn leaves the remote,
	// before any gc.
	RemoteBytesPerOp     float64 `json:"remote_bytes_per_op"`
	GitBytesPerCommit    float64 `json:"git_bytes_per_commit"`
	RemoteBytesPerOpAsIs float64 `json:"remote_bytes_per_op_before_gc"`
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
	ops := 0
	write := func() error {
		ops++
		_, err := w.Write(ctx, deliverable.CommentAdd, deliverable.CommentPayload{Target: "intro", Body: fmt.Sprintf("comment %d", ops)})
		return err
	}
	for i := 0; i < n; i++ {
		if i == 1000 {
			if res.Sync100At1kMs, err = hundredAtOnce(ctx, w, write); err != nil {
				return res, err
			}
		}
		if err := write(); err != nil {
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
	tenth := percentile(took[:min(20, n)], 0.5)
	res.Sync1000thVs10th = percentile(took[max(0, min(n, 1000)-11):min(n, 1010)], 0.5) / tenth
	res.WorstVs10th = res.WorstMs / tenth

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

	fmt.Fprintln(progress, "measuring what the remote holds per change, and plain git per commit")
	asIs, err := folderBytes(filepath.Join(remote, "objects"))
	if err != nil {
		return res, err
	}
	res.RemoteBytesPerOpAsIs = float64(asIs) / float64(ops)
	// Plain git's bytes per commit level off within a few hundred commits;
	// a thousand keep the anchor to seconds at --syncs 10000.
	if res.RemoteBytesPerOp, res.GitBytesPerCommit, err = bytesAfterGC(ctx, dir, filepath.Join(dir, "mirror.git"), ops, min(n, 1000)); err != nil {
		return res, err
	}
	// Last, not to count in the bytes per change.
	switch {
	case n == 1000:
		res.Sync100At1kMs, err = hundredAtOnce(ctx, w, write)
	case n > 1000:
		res.Sync100AtBigMs, err = hundredAtOnce(ctx, w, write)
	}
	return res, err
}

// hundredAtOnce makes 100 changes then syncs them, five times, and
// returns the median sync.
func hundredAtOnce(ctx context.Context, w *workspace.Workspace, write func() error) (float64, error) {
	var took []float64
	for range 5 {
		for range 100 {
			if err := write(); err != nil {
				return 0, err
			}
		}
		t := time.Now()
		if _, err := w.Sync(ctx, workspace.SyncOptions{}); err != nil {
			return 0, err
		}
		took = append(took, float64(time.Since(t).Microseconds())/1000)
	}
	return percentile(took, 0.5), nil
}

// folderBytes adds up the sizes of the files under dir.
func folderBytes(dir string) (int64, error) {
	var total int64
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err == nil {
			total += info.Size()
		}
		return err
	})
	return total, err
}

// bytesAfterGC runs git gc on the mirror of the remote and returns its
// objects' bytes per change, and plain git's per commit for commits
// edits to a Markdown file, each adding a line as a change adds a
// comment. Both are 0 without a git binary.
func bytesAfterGC(ctx context.Context, dir, mirror string, ops, commits int) (float64, float64, error) {
	gitBin, err := exec.LookPath("git")
	if err != nil {
		return 0, 0, nil
	}
	run := func(dir string, args ...string) error {
		cmd := exec.CommandContext(ctx, gitBin, append([]string{"-C", dir}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=Bench", "GIT_AUTHOR_EMAIL=bench@example.org", "GIT_COMMITTER_NAME=Bench", "GIT_COMMITTER_EMAIL=bench@example.org")
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, out)
		}
		return nil
	}
	if err := run(mirror, "gc", "--quiet"); err != nil {
		return 0, 0, err
	}
	cairn, err := folderBytes(filepath.Join(mirror, "objects"))
	if err != nil {
		return 0, 0, err
	}
	plain := filepath.Join(dir, "plain")
	bare := filepath.Join(dir, "plain.git")
	if err := run(dir, "init", "--quiet", "--bare", bare); err != nil {
		return 0, 0, err
	}
	if err := run(dir, "init", "--quiet", plain); err != nil {
		return 0, 0, err
	}
	if err := run(plain, "remote", "add", "origin", bare); err != nil {
		return 0, 0, err
	}
	var text strings.Builder
	text.WriteString("# Intro\n\n")
	for i := 1; i <= commits; i++ {
		fmt.Fprintf(&text, "comment %d\n", i)
		if err := os.WriteFile(filepath.Join(plain, "intro.md"), []byte(text.String()), 0o644); err != nil {
			return 0, 0, err
		}
		if err := run(plain, "add", "intro.md"); err != nil {
			return 0, 0, err
		}
		if err := run(plain, "commit", "--quiet", "-m", fmt.Sprintf("comment %d", i)); err != nil {
			return 0, 0, err
		}
	}
	if err := run(plain, "push", "--quiet", "origin", "HEAD:refs/heads/main"); err != nil {
		return 0, 0, err
	}
	if err := run(bare, "gc", "--quiet"); err != nil {
		return 0, 0, err
	}
	plainBytes, err := folderBytes(filepath.Join(bare, "objects"))
	if err != nil {
		return 0, 0, err
	}
	return float64(cairn) / float64(ops), float64(plainBytes) / float64(commits), nil
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
