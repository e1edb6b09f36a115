package workspace

import (
	"context"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cairn-community/cairn/backend/deliverable"
)

const syncCrashChildEnv = "CAIRN_SYNC_CRASH_CHILD_DIR"

// syncStarting is what the child prints as each sync begins: the evidence
// that a kill can land inside a sync.
const syncStarting = "sync starting"

// TestSyncCrashChild writes and syncs in a loop until TestSyncCrash kills
// it.
func TestSyncCrashChild(t *testing.T) {
	w := openAsChild(t, syncCrashChildEnv, "TestSyncCrash")
	ctx := context.Background()
	for i := 0; ; i++ {
		if _, err := w.Write(ctx, deliverable.CommentAdd, deliverable.CommentPayload{Target: "intro", Body: fmt.Sprintf("comment %d", i)}); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(4)
		}
		if i%3 == 0 {
			os.Stdout.WriteString(syncStarting + "\n")
			if _, err := w.Sync(ctx, SyncOptions{}); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(5)
			}
		}
	}
}

// TestSyncCrash kills a replica at random moments while it writes and
// syncs. After each kill the next sync must complete; at the end a fresh
// replica joining from the remote holds every operation the writer has,
// and both verify.
func TestSyncCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("kills processes")
	}
	t.Setenv("PATH", "")
	ctx := context.Background()
	root := t.TempDir()
	dir, remote := filepath.Join(root, "writer"), filepath.Join(root, "remote.git")
	d, err := Claim(dir)
	if err != nil {
		t.Fatal(err)
	}
	w, err := d.Create(ctx, "Crash", "Writer")
	if err != nil {
		t.Fatal(err)
	}
	if err := w.SetRemote(ctx, RemoteSettings{URL: remote}); err != nil {
		t.Fatal(err)
	}
	w.Close()
	d.Release()

	runs := max(3, *crashRuns/4)
	for run := 0; run < runs; run++ {
		child := exec.Command(os.Args[0], "-test.run=^TestSyncCrashChild$")
		child.Env = append(os.Environ(), syncCrashChildEnv+"="+dir)
		// Killed only once a sync has begun, at a random moment of it or of
		// the writes and syncs after it; the first sync of a run starts
		// only after a write, so every kill has something to lose.
		syncs := 0
		nth := 1 + rand.IntN(3)
		killAfterEvidence(t, child, func(line string) bool {
			if line == syncStarting {
				syncs++
			}
			return syncs >= nth
		}, 150*time.Millisecond)

		d, err := Claim(dir)
		if err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
		w, err := d.Open(ctx)
		if err != nil {
			t.Fatalf("run %d: reopen: %v", run, err)
		}
		if _, err := w.Sync(ctx, SyncOptions{}); err != nil {
			t.Fatalf("run %d: the sync after the kill failed: %v", run, err)
		}
		w.Close()
		d.Release()
	}

	d, _ = Claim(dir)
	w, err = d.Open(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { w.Close(); d.Release() }()
	reader, err := Claim(filepath.Join(root, "reader"))
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Release()
	r, _, err := reader.JoinRemote(ctx, RemoteSettings{URL: remote}, "Reader", SyncOptions{})
	if err != nil {
		if keep := os.Getenv("CAIRN_KEEP_FAIL"); keep != "" {
			exec.Command("/bin/cp", "-a", root, keep).Run()
		}
		t.Fatal(err)
	}
	defer r.Close()
	want, _ := w.Snapshot(ctx)
	got, _ := r.Snapshot(ctx)
	mine, _ := w.Activity(ctx, ActivityFilter{Member: w.Author()})
	theirs, _ := r.Activity(ctx, ActivityFilter{Member: w.Author()})
	if len(mine) < 3 || len(theirs) != len(mine) || want.Name != got.Name {
		t.Fatalf("the writer has %d changes, the reader received %d", len(mine), len(theirs))
	}
	for _, ws := range []*Workspace{w, r} {
		if err := ws.Verify(ctx); err != nil {
			t.Fatal(err)
		}
	}
	// Nothing is left behind: the last sync cleared every temporary file a
	// kill left on the remote.
	var litter []string
	filepath.WalkDir(remote, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(d.Name(), ".tmp") {
			litter = append(litter, path)
		}
		return nil
	})
	if len(litter) > 0 {
		t.Fatalf("the kills left temporary files on the remote: %v", litter)
	}
	t.Logf("%d kills; %d changes all arrived; nothing left behind", runs, len(mine))
}
