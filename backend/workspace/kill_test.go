package workspace

import (
	"math/rand/v2"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// evidenceDeadline is how long a killing test waits for its child to show
// that it reached the stage under test. It is generous on purpose: a busy
// machine may take many seconds just to start a test binary and open a
// database, and waiting longer costs nothing when the machine is quiet.
const evidenceDeadline = 3 * time.Minute

// lineRecorder collects a child's standard output line by line and tells
// a waiter once a line matching its evidence has been printed.
type lineRecorder struct {
	mu       sync.Mutex
	whole    []string
	partial  string // a line the kill may still cut short: never evidence
	evidence func(line string) bool
	seen     chan struct{}
	once     sync.Once
}

func (r *lineRecorder) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	parts := strings.Split(r.partial+string(p), "\n")
	r.partial = parts[len(parts)-1]
	for _, line := range parts[:len(parts)-1] {
		r.whole = append(r.whole, line)
		if r.evidence(line) {
			r.once.Do(func() { close(r.seen) })
		}
	}
	return len(p), nil
}

// lines are the whole lines printed so far.
func (r *lineRecorder) lines() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.whole...)
}

// killAfterEvidence starts child, waits until it prints a line for which
// evidence is true, lets it go on for a random delay of up to jitter, and
// kills it with SIGKILL. It returns every line the child printed. A child
// that exits, or shows no evidence before the deadline, fails the test:
// a kill that tested nothing must never pass quietly.
func killAfterEvidence(t *testing.T, child *exec.Cmd, evidence func(line string) bool, jitter time.Duration) []string {
	t.Helper()
	out := &lineRecorder{evidence: evidence, seen: make(chan struct{})}
	child.Stdout = out
	child.Stderr = os.Stderr
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- child.Wait() }()

	select {
	case <-out.seen:
	case err := <-exited:
		t.Fatalf("the child exited (%v) before reaching the stage under test; it printed %d lines", err, len(out.lines()))
	case <-time.After(evidenceDeadline):
		child.Process.Kill()
		<-exited
		t.Fatalf("the child did not reach the stage under test within %s", evidenceDeadline)
	}
	time.Sleep(rand.N(jitter + 1)) // where in the work the kill lands is the point of the test
	child.Process.Signal(syscall.SIGKILL)
	if err := <-exited; err == nil {
		t.Fatal("the child finished on its own instead of being killed")
	}
	return out.lines()
}
