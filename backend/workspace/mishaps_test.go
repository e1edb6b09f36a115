package workspace

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cairn-community/cairn/backend/canvas"
)

// Ordinary mishaps, mixed at random into the syncs of a small community on
// a real folder remote: stray pushes on members' refs (real git), data
// folders copied to another computer, clocks set wrong and set right. None
// of them loses an honest change: once the clocks are right and time has
// passed, every offer anyone wrote is on every computer exactly once, all
// computers agree, and each verifies. Each seed is one schedule; a failure
// names it.
func TestMishapsNeverLoseHonestWork(t *testing.T) {
	seeds := 40
	if testing.Short() {
		seeds = 2
	}
	for seed := uint64(1); seed <= uint64(seeds); seed++ {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) { mishaps(t, seed) })
	}
}

func mishaps(t *testing.T, seed uint64) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(seed, 14))
	s, ana, bo := trio(t)
	v := s.vandal()
	computers := []*Workspace{ana, bo}
	var written []string
	for step := 0; step < 30; step++ {
		s.now = s.now.Add(time.Duration(rng.IntN(5000)) * time.Millisecond)
		i := rng.IntN(len(computers))
		w := computers[i]
		switch roll := rng.IntN(20); {
		case roll < 8:
			text := fmt.Sprintf("offer %d from computer %d", step, i)
			if _, err := w.AddExchange(ctx, canvas.Offer, text, "", ""); err != nil {
				t.Fatalf("step %d: %v", step, err)
			}
			written = append(written, text)
			t.Logf("step %d: computer %d writes %q", step, i, text)
		case roll < 14:
			summary, err := w.Sync(ctx, SyncOptions{})
			if err != nil {
				t.Fatalf("step %d: computer %d's sync: %v", step, i, err)
			}
			t.Logf("step %d: computer %d syncs: %+v", step, i, summary.Problems)
		case roll < 16:
			replica := w.me.ReplicaID
			if _, err := os.Stat(filepath.Join(s.remote, "refs", "cairn", "replicas", replica)); err != nil {
				continue // nothing of it on the remote yet
			}
			damage := rng.IntN(5)
			if (damage >= 1 && damage <= 3) && !strings.Contains(v.git("--git-dir", s.remote, "ls-tree", "-r", "--name-only", "refs/cairn/replicas/"+replica), ".seg") {
				damage = 0 // no segment left there to edit, remove or rewrite over
			}
			t.Logf("step %d: the vandal does damage %d to computer %d's ref", step, damage, i)
			switch damage {
			case 0:
				v.addFile(replica, fmt.Sprintf("note-%d.txt", step))
			case 1:
				v.editSegment(replica, func(list []string) string { return list[rng.IntN(len(list))] })
			case 2:
				v.removeSegment(replica, func(list []string) string { return list[rng.IntN(len(list))] })
			case 3:
				v.rewrite(replica)
			case 4:
				v.deleteRef(replica)
			}
		case roll < 18:
			s.skew[w.dir] = []time.Duration{0, 10 * time.Minute, time.Hour}[rng.IntN(3)]
			t.Logf("step %d: computer %d's clock is off by %v", step, i, s.skew[w.dir])
		default:
			if len(computers) < 4 {
				copied := s.copyFolder(w)
				computers[i] = s.open(w.dir)
				s.skew[copied] = s.skew[w.dir]
				computers = append(computers, s.open(copied))
				t.Logf("step %d: computer %d's folder is copied to computer %d", step, i, len(computers)-1)
			}
		}
	}
	// Clocks set right, time passes, everyone syncs until all is shared.
	clear(s.skew)
	s.now = s.now.Add(2 * time.Hour)
	for round := 0; round < 3; round++ {
		for _, w := range computers {
			s.sync(w)
		}
	}
	slices.Sort(written)
	for k, w := range computers {
		if got := offers(t, w); !slices.Equal(got, written) {
			t.Fatalf("computer %d sees %d offers, want the %d written:\n%q\n%q", k, len(got), len(written), got, written)
		}
		if err := w.Verify(ctx); err != nil {
			t.Fatalf("computer %d: %v", k, err)
		}
	}
	agree(t, "after the mishaps", computers...)
}
