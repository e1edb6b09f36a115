package workspace

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/cairn-community/cairn/backend/deliverable"
	"github.com/cairn-community/cairn/backend/oplog"
)

var crashRuns = flag.Int("crash.runs", 20, "how many times TestCrash kills a writer; TestSyncCrash kills a syncing one a quarter as often (CI runs 800: 1,000 kills in all)")

const crashChildEnv = "CAIRN_CRASH_CHILD_DIR"

// TestCrashChild is the writer TestCrash kills: it writes operations in a
// loop and prints each id once Write has returned, that is, once committed.
func TestCrashChild(t *testing.T) {
	w := openAsChild(t, crashChildEnv, "TestCrash")
	ctx := context.Background()
	var err error
	// Every run adds the part; after the first, the duplicate is refused.
	w.Write(ctx, deliverable.PartAdd, deliverable.PartAddPayload{Part: "intro", Title: "Intro", Position: "V"})
	for i := 0; ; i++ {
		var op oplog.Op
		switch i % 3 {
		case 0:
			_, heads, _, _ := w.PartText(ctx, "intro")
			op, err = w.Write(ctx, deliverable.PartRevise, deliverable.PartRevisePayload{Part: "intro", Parents: heads, Text: strings.Repeat(fmt.Sprintf("line %d\n", i), 1+i%50)})
		case 1:
			op, err = w.Write(ctx, deliverable.CommentAdd, deliverable.CommentPayload{Target: "intro", Body: fmt.Sprintf("comment %d", i)})
		default:
			op, err = w.Write(ctx, deliverable.PartRetitle, deliverable.PartRetitlePayload{Part: "intro", Title: fmt.Sprintf("Title %d", i)})
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(4)
		}
		os.Stdout.WriteString(op.ID + "\n")
	}
}

// openAsChild opens the workspace a killing test named in env, or skips
// when the test runs on its own.
func openAsChild(t *testing.T, env, parent string) *Workspace {
	dir := os.Getenv(env)
	if dir == "" {
		t.Skip("run by " + parent)
	}
	d, err := Claim(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	w, err := d.Open(context.Background())
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	return w
}

// TestCrash kills a writing process at random moments. After each kill the
// database must pass its integrity check, hold every operation the writer
// had acknowledged, show no half-written operation, and have projections
// equal to a rebuild from the log.
func TestCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("kills processes")
	}
	dir := t.TempDir()
	ctx := context.Background()
	d, err := Claim(dir)
	if err != nil {
		t.Fatal(err)
	}
	w, err := d.Create(ctx, "Crash", "Writer")
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	d.Release()

	acknowledged := 0
	for run := 0; run < *crashRuns; run++ {
		child := exec.Command(os.Args[0], "-test.run=^TestCrashChild$")
		child.Env = append(os.Environ(), crashChildEnv+"="+dir)
		// Killed only once it has acknowledged a write, then at a random
		// moment of the writes that follow.
		printed := killAfterEvidence(t, child, isOpID, 80*time.Millisecond)

		d, err := Claim(dir)
		if err != nil {
			t.Fatalf("run %d: the folder is still held after the writer died: %v", run, err)
		}
		w, err := d.Open(ctx)
		if err != nil {
			t.Fatalf("run %d: reopen: %v", run, err)
		}
		if err := w.Check(ctx); err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
		for _, id := range printed {
			if !isOpID(id) {
				continue
			}
			if ok, err := w.HasOp(ctx, id); err != nil || !ok {
				t.Fatalf("run %d: acknowledged operation %s is missing (%v)", run, id, err)
			}
			acknowledged++
		}
		if run%10 == 0 {
			// Chains, ids, and projections equal to a rebuild from the log.
			if err := w.Verify(ctx); err != nil {
				t.Fatalf("run %d: %v", run, err)
			}
		}
		w.Close()
		d.Release()
	}
	if acknowledged < *crashRuns {
		t.Fatalf("only %d acknowledged operations in %d runs: the kills tested too little", acknowledged, *crashRuns)
	}
	t.Logf("%d kills, %d acknowledged operations all present", *crashRuns, acknowledged)
}

// isOpID tells an operation id the writer printed from anything else.
func isOpID(line string) bool { return len(line) == 64 && strings.Trim(line, "0123456789abcdef") == "" }
