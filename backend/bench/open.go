package bench

import (
	"context"
	"io"
	"runtime"
	"runtime/metrics"
	"slices"
	"sync"
	"time"

	"github.com/cairn-community/cairn/backend/workspace"
)

// OpenAndState measures the workspace in the data folder dir, which
// nobody holds: the processor time opening it takes (the worst of three,
// in ms; -1 where the system does not say), and the most heap that
// writing its whole state out (`cairn state --json`) held beyond what was
// in use before, in MB.
func OpenAndState(ctx context.Context, dir string) (openCPUMs, stateHeapMB float64, err error) {
	var took []float64
	for range 3 {
		d, err := workspace.Claim(dir)
		if err != nil {
			return 0, 0, err
		}
		before := cpuTime()
		w, err := d.Open(ctx)
		after := cpuTime()
		if err != nil {
			d.Release()
			return 0, 0, err
		}
		w.Close()
		d.Release()
		if before < 0 || after < 0 {
			took = append(took, -1)
		} else {
			took = append(took, float64(after-before)/float64(time.Millisecond))
		}
	}
	openCPUMs = slices.Max(took)

	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	heap := func() uint64 {
		metrics.Read(sample)
		return sample[0].Value.Uint64()
	}
	base := heap()
	peak := base
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			peak = max(peak, heap())
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	err = workspace.WriteState(ctx, dir, io.Discard)
	close(done)
	wg.Wait()
	peak = max(peak, heap())
	return openCPUMs, float64(peak-base) / (1 << 20), err
}
