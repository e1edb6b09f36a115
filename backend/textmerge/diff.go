package textmerge

// hunk is one change of a two-way diff: base lines [baseStart, baseEnd)
// became side lines [sideStart, sideEnd). Hunks of one diff are sorted and
// separated by at least one unchanged line.
type hunk struct {
	baseStart, baseEnd int
	sideStart, sideEnd int
}

// diffHunks returns the changes that turn base into side. The edit script is
// a shortest one (Myers); where several shortest scripts exist, each change
// is then slid the way git's xdiff slides it, so that merges agree with
// `git merge-file` on where a change sits (which decides whether two changes
// touch). distinct bounds the line numbers in base and side.
func diffHunks(base, side []int, distinct int) []hunk {
	baseChanged, sideChanged := shortestEdit(base, side, distinct)
	slideChanges(base, baseChanged, sideChanged)
	slideChanges(side, sideChanged, baseChanged)
	return collectHunks(baseChanged, sideChanged)
}

// collectHunks pairs the runs of changed lines of both texts; the unchanged
// lines between them match one to one, in order.
func collectHunks(baseChanged, sideChanged []bool) []hunk {
	var hunks []hunk
	b, s := 0, 0
	for b < len(baseChanged) || s < len(sideChanged) {
		if (b < len(baseChanged) && baseChanged[b]) || (s < len(sideChanged) && sideChanged[s]) {
			h := hunk{baseStart: b, sideStart: s}
			for b < len(baseChanged) && baseChanged[b] {
				b++
			}
			for s < len(sideChanged) && sideChanged[s] {
				s++
			}
			h.baseEnd, h.sideEnd = b, s
			hunks = append(hunks, h)
			continue
		}
		b++
		s++
	}
	return hunks
}

// shortestEdit marks the lines of a and b that a shortest edit script
// deletes and inserts.
func shortestEdit(a, b []int, distinct int) (aChanged, bChanged []bool) {
	aChanged = make([]bool, len(a))
	bChanged = make([]bool, len(b))
	// A line that occurs in only one text can never be matched. Marking such
	// lines up front and diffing the rest keeps the script shortest and makes
	// a rewrite of a whole text cheap.
	aKept, aIndex := linesFoundIn(a, b, distinct, aChanged)
	bKept, bIndex := linesFoundIn(b, a, distinct, bChanged)
	m := myers{a: aKept, b: bKept, aChanged: make([]bool, len(aKept)), bChanged: make([]bool, len(bKept))}
	m.compare(0, len(aKept), 0, len(bKept))
	for i, changed := range m.aChanged {
		aChanged[aIndex[i]] = changed
	}
	for i, changed := range m.bChanged {
		bChanged[bIndex[i]] = changed
	}
	return aChanged, bChanged
}

// linesFoundIn returns the lines of text that also occur in other, with their
// positions in text, and marks the others in changed.
func linesFoundIn(text, other []int, distinct int, changed []bool) (kept, index []int) {
	inOther := make([]bool, distinct)
	for _, line := range other {
		inOther[line] = true
	}
	kept = make([]int, 0, len(text))
	index = make([]int, 0, len(text))
	for i, line := range text {
		if !inOther[line] {
			changed[i] = true
			continue
		}
		kept = append(kept, line)
		index = append(index, i)
	}
	return kept, index
}

// myers is Eugene Myers' O(ND) difference algorithm in its linear-space form
// ("An O(ND) Difference Algorithm and Its Variations", 1986, section 4b):
// find a point on a shortest edit path by searching from both ends at once,
// then solve the two halves.
type myers struct {
	a, b               []int
	aChanged, bChanged []bool
	forward, backward  []int // furthest-reaching x per diagonal; reused
}

func (m *myers) compare(aLo, aHi, bLo, bHi int) {
	for aLo < aHi && bLo < bHi && m.a[aLo] == m.b[bLo] {
		aLo++
		bLo++
	}
	for aLo < aHi && bLo < bHi && m.a[aHi-1] == m.b[bHi-1] {
		aHi--
		bHi--
	}
	if aLo == aHi || bLo == bHi {
		markRange(m.aChanged, aLo, aHi)
		markRange(m.bChanged, bLo, bHi)
		return
	}
	x, y, found := m.split(aLo, aHi, bLo, bHi)
	if !found {
		// Unreachable: the search always meets. Replacing the whole
		// range is still a correct (if long) script, and never panics.
		markRange(m.aChanged, aLo, aHi)
		markRange(m.bChanged, bLo, bHi)
		return
	}
	m.compare(aLo, aLo+x, bLo, bLo+y)
	m.compare(aLo+x, aHi, bLo+y, bHi)
}

func markRange(changed []bool, from, to int) {
	for i := from; i < to; i++ {
		changed[i] = true
	}
}

// split returns a point (x, y), relative to (aLo, bLo), that lies on a
// shortest edit path through a[aLo:aHi] and b[bLo:bHi] and is neither of its
// corners, so both halves are smaller problems. The ranges are non-empty and
// differ in their first and in their last lines.
//
// Diagonal k holds the points with x-y = k. The forward search walks from
// (0, 0); the backward one from (n, m), on diagonals centred on delta = n-m.
// Both run in the unbounded edit graph (moves may leave the box, snakes may
// not), where Myers' recurrences are exact. They meet on a diagonal where
// the forward snake [S, P] reaches the backward snake [P', Q].
//
// Like git's xdiff, we visit diagonals from the highest down and split at
// the end of the snake of the pass that sees the meeting (P going forward,
// P' going backward): Myers' lemma 3 puts that point on a shortest path, and
// choosing as xdiff does makes ties between equally short scripts fall the
// same way as in git, so merges agree with git even in text full of repeated
// lines. A point of the overlap of both snakes (max(S, P') or min(P, Q)) is
// on a shortest path by a plain argument; it stands in should the first
// choice ever fall outside the box, so that a flaw could cost a longer
// script but never a panic.
func (m *myers) split(aLo, aHi, bLo, bHi int) (x, y int, found bool) {
	n, mm := aHi-aLo, bHi-bLo
	maxD := (n + mm + 1) / 2
	delta := n - mm
	odd := delta%2 != 0
	size := 2*maxD + 3
	if cap(m.forward) < size {
		m.forward = make([]int, size)
		m.backward = make([]int, size)
	}
	fwd, bwd := m.forward[:size], m.backward[:size]
	off := maxD + 1 // index of diagonal 0 in fwd and of diagonal delta in bwd
	fwd[off+1] = 0
	bwd[off+1] = n + 1
	for d := 0; d <= maxD; d++ {
		for k := d; k >= -d; k -= 2 {
			if k == -d || (k != d && fwd[off+k-1] < fwd[off+k+1]) {
				x = fwd[off+k+1] // down: insert a line of b
			} else {
				x = fwd[off+k-1] + 1 // right: delete a line of a
			}
			snakeStart := x
			for y = x - k; x < n && y < mm && m.a[aLo+x] == m.b[bLo+y]; y++ {
				x++
			}
			fwd[off+k] = x
			back := k - delta
			if odd && back >= -(d-1) && back <= d-1 && x >= bwd[off+back] {
				x, y = splitPoint(x, k, max(snakeStart, bwd[off+back]), n, mm)
				return x, y, true
			}
		}
		for back := d; back >= -d; back -= 2 {
			if back == -d || (back != d && bwd[off+back+1]-1 < bwd[off+back-1]) {
				x = bwd[off+back+1] - 1 // left: delete a line of a
			} else {
				x = bwd[off+back-1] // up: insert a line of b
			}
			k := back + delta
			snakeStart := x
			for y = x - k; x > 0 && y > 0 && m.a[aLo+x-1] == m.b[bLo+y-1]; y-- {
				x--
			}
			bwd[off+back] = x
			if !odd && k >= -d && k <= d && x <= fwd[off+k] {
				x, y = splitPoint(x, k, min(snakeStart, fwd[off+k]), n, mm)
				return x, y, true
			}
		}
	}
	return 0, 0, false
}

// splitPoint returns the point of diagonal k at x, or at fallbackX when that
// point is not strictly between the corners of the n×m box.
func splitPoint(x, k, fallbackX, n, m int) (int, int) {
	y := x - k
	if x < 0 || y < 0 || x > n || y > m || (x == 0 && y == 0) || (x == n && y == m) {
		return fallbackX, fallbackX - k
	}
	return x, y
}
