package replay

import (
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/cairn-community/cairn/backend/oplog"
	"github.com/cairn-community/cairn/backend/store"
)

// An import writes to SQLite from one goroutine, segment after segment.
// Decoding the ops' payloads, most of the work of judging them, needs no
// authority and no database, so other cores do it meanwhile, a few
// segments ahead, and work out what the ops change in the projections
// were they all applied, as they nearly always are; whichever segment the import reaches first that no
// worker has begun, it decodes itself. What is decoded is the same either
// way: each op's payload, by its type's definition.

// decodeAhead is how many decoded segments the workers keep ready at most.
const decodeAhead = 16

type decodedSegment struct {
	taken    atomic.Bool
	done     chan struct{}
	byWorker bool
	ops      []oplog.Op      // the segment's ops with the changes they carry
	decoded  []oplog.Decoded // each op's payload, as ops
	// What the ops change in the projections if they all apply, worked
	// out by a worker; nil when the import decoded them itself.
	projected *store.Projected
}

type decoder struct {
	slots  map[*oplog.Segment]*decodedSegment
	ready  chan struct{} // a token per segment a worker decoded and the import has not used
	stop   chan struct{}
	wg     sync.WaitGroup
	closed bool
}

// newDecoder starts decoding segments in the order the import is expected
// to apply them.
func newDecoder(order []*oplog.Segment) *decoder {
	d := &decoder{slots: make(map[*oplog.Segment]*decodedSegment, len(order)),
		ready: make(chan struct{}, decodeAhead), stop: make(chan struct{})}
	for _, seg := range order {
		d.slots[seg] = &decodedSegment{done: make(chan struct{})}
	}
	var next atomic.Int64
	for range max(1, runtime.GOMAXPROCS(0)-1) {
		d.wg.Add(1)
		go func() {
			defer d.wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(order) {
					return
				}
				select {
				case d.ready <- struct{}{}:
				case <-d.stop:
					return
				}
				if !d.slots[order[i]].fill(order[i], true) {
					<-d.ready // the import took it first
				}
			}
		}()
	}
	return d
}

// fill decodes seg into s unless someone has begun already.
func (s *decodedSegment) fill(seg *oplog.Segment, byWorker bool) bool {
	if !s.taken.CompareAndSwap(false, true) {
		return false
	}
	s.byWorker = byWorker
	s.ops = withCarried(seg.Ops)
	s.decoded = make([]oplog.Decoded, len(s.ops))
	for i, op := range s.ops {
		s.decoded[i] = oplog.DecodePayload(op)
	}
	if byWorker {
		parsed := make([]any, len(s.ops))
		for i, d := range s.decoded {
			parsed[i] = d.Parsed()
		}
		s.projected = store.ProjectAhead(s.ops, parsed)
	}
	close(s.done)
	return true
}

// get is seg's ops, with the changes they carry, their payloads decoded
// (here when no worker has begun), and, from a worker, what they change in
// the projections if they all apply (nil otherwise).
func (d *decoder) get(seg *oplog.Segment) ([]oplog.Op, []oplog.Decoded, *store.Projected) {
	s := d.slots[seg]
	if s == nil {
		s = &decodedSegment{done: make(chan struct{})}
	}
	s.fill(seg, false)
	<-s.done
	if s.byWorker {
		<-d.ready
	}
	ops, decoded, projected := s.ops, s.decoded, s.projected
	s.ops, s.decoded, s.projected = nil, nil, nil // used once: let them go with the segment
	return ops, decoded, projected
}

// close stops the workers and waits for them.
func (d *decoder) close() {
	if d.closed {
		return
	}
	d.closed = true
	close(d.stop)
	d.wg.Wait()
}
