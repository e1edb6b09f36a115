package oplog

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Stamp is a hybrid logical clock reading: wall-clock milliseconds since the
// Unix epoch, and a counter that orders events within one millisecond or
// while the wall clock stands behind a stamp already seen.
type Stamp struct {
	Wall    int64
	Logical uint32
}

// Compare orders stamps: -1, 0 or +1.
func (s Stamp) Compare(o Stamp) int {
	switch {
	case s.Wall < o.Wall:
		return -1
	case s.Wall > o.Wall:
		return 1
	case s.Logical < o.Logical:
		return -1
	case s.Logical > o.Logical:
		return 1
	}
	return 0
}

// String is the stamp's text form, "wall.logical".
func (s Stamp) String() string { return fmt.Sprintf("%d.%d", s.Wall, s.Logical) }

// ParseStamp reads the text form written by String.
func ParseStamp(text string) (Stamp, error) {
	wall, logical, ok := strings.Cut(text, ".")
	w, err1 := strconv.ParseInt(wall, 10, 64)
	l, err2 := strconv.ParseUint(logical, 10, 32)
	if !ok || err1 != nil || err2 != nil || w < 0 || strconv.FormatInt(w, 10) != wall || strconv.FormatUint(l, 10) != logical {
		return Stamp{}, fmt.Errorf("clock stamp %q is not two whole numbers joined by a dot", text)
	}
	return Stamp{Wall: w, Logical: uint32(l)}, nil
}

// MaxClockLead is how far past local time a stamp may run before its segment
// is held: a replica with a clock set in the future must not win every
// last-writer-wins field.
const MaxClockLead = 5 * time.Minute

// TooFarAhead reports whether s runs more than MaxClockLead past now.
func TooFarAhead(s Stamp, now time.Time) bool { return s.Wall > AheadLimit(now) }

// AheadLimit is the newest wall time (Unix milliseconds) a stamp may carry
// at now without being too far ahead.
func AheadLimit(now time.Time) int64 { return now.UnixMilli() + MaxClockLead.Milliseconds() }

// Clock is one replica's hybrid logical clock. It advances on every local
// write (Next) and on every stamp it sees from others (Observe), so an
// operation written after seeing another always sorts after it.
type Clock struct {
	mu   sync.Mutex
	now  func() time.Time
	last Stamp
}

// NewClock starts a clock after last, the newest stamp this replica has seen.
func NewClock(now func() time.Time, last Stamp) *Clock {
	return &Clock{now: now, last: last}
}

// Next returns a stamp newer than every stamp seen so far.
func (c *Clock) Next() Stamp {
	c.mu.Lock()
	defer c.mu.Unlock()
	wall := c.now().UnixMilli()
	if wall > c.last.Wall {
		c.last = Stamp{Wall: wall}
	} else if c.last.Logical == ^uint32(0) {
		c.last = Stamp{Wall: c.last.Wall + 1} // borrow a millisecond rather than wrap
	} else {
		c.last.Logical++
	}
	return c.last
}

// Observe moves the clock past s. Callers hold back stamps that are
// TooFarAhead before observing them.
func (c *Clock) Observe(s Stamp) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s.Compare(c.last) > 0 {
		c.last = s
	}
}

// Rewind starts the clock again after last: once this computer's clock is
// set right, the stamps it gave while running ahead are set aside, and
// what it writes next must carry today's time again.
func (c *Clock) Rewind(last Stamp) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.last = last
}

// Last is the newest stamp seen.
func (c *Clock) Last() Stamp {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.last
}
