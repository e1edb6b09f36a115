package textmerge

// Labels name the three texts of a merge in conflict markers.
type Labels struct {
	Ours   string // written after "<<<<<<< "
	Base   string // not rendered in Text; kept for whoever shows the conflict
	Theirs string // written after ">>>>>>> "
}

// Conflict is a stretch where both sides changed the same lines (or lines
// next to each other) differently. Lines keep their terminators, exactly as
// in the inputs. Lines both sides wrote identically at the start or end of
// the stretch are left out of Ours and Theirs (they are merged text, as in
// git's zdiff3 style); Base is the whole stretch of the base text.
type Conflict struct {
	Labels Labels
	Base   []string
	Ours   []string
	Theirs []string

	markerEOL string // "\n" or "\r\n", chosen as git chooses it
}

// Chunk is a piece of the merged text: either lines the merge settled
// (Conflict is nil) or one conflict (Lines is empty).
type Chunk struct {
	Lines    []string
	Conflict *Conflict // points into Result.Conflicts
}

// Result is the outcome of a three-way merge.
type Result struct {
	// Text is the merged text. Where sides conflict it holds both, between
	// git-style markers (see the package documentation).
	Text string
	// Chunks is the merged text in order, settled lines and conflicts.
	Chunks []Chunk
	// Conflicts lists the conflicts in text order; empty when clean.
	Conflicts []Conflict
}

// Clean reports whether the merge settled every line.
func (r Result) Clean() bool { return len(r.Conflicts) == 0 }

// Merge merges the changes ours and theirs made to base, labelling conflict
// markers "ours" and "theirs". See MergeLabeled.
func Merge(base, ours, theirs string) Result {
	return MergeLabeled(base, ours, theirs, Labels{Ours: "ours", Base: "base", Theirs: "theirs"})
}

// MergeLabeled merges the changes ours and theirs made to base, line by
// line. Changes to separate stretches of base are both applied; identical
// changes are applied once; changes that overlap or touch are a conflict,
// and both texts are kept. On a clean merge the text is the one
// `git merge-file -p ours base theirs` gives. The result depends on nothing
// but the three texts and the labels.
func MergeLabeled(base, ours, theirs string, labels Labels) Result {
	switch {
	case ours == theirs || base == theirs:
		return settled(ours)
	case base == ours:
		return settled(theirs)
	}
	m := newThreeWay(base, ours, theirs, labels)
	m.merge()
	return m.result()
}

func settled(text string) Result {
	r := Result{Text: text}
	if lines := splitLines(text); len(lines) > 0 {
		r.Chunks = []Chunk{{Lines: lines}}
	}
	return r
}

// threeWay holds the inputs of one merge and the chunks built so far.
type threeWay struct {
	labels                 Labels
	base, ours, theirs     []string // lines
	baseN, oursN, theirsN  []int    // the same lines as numbers
	oursHunks, theirsHunks []hunk
	chunks                 []Chunk
	conflicts              []*Conflict
}

func newThreeWay(base, ours, theirs string, labels Labels) *threeWay {
	m := &threeWay{labels: labels, base: splitLines(base), ours: splitLines(ours), theirs: splitLines(theirs)}
	table := newLineTable()
	m.baseN, m.oursN, m.theirsN = table.number(m.base), table.number(m.ours), table.number(m.theirs)
	m.oursHunks = diffHunks(m.baseN, m.oursN, table.size())
	m.theirsHunks = diffHunks(m.baseN, m.theirsN, table.size())
	return m
}

// region is a stretch of base that one or both sides changed, with the
// stretches of ours and theirs that replace it.
type region struct {
	baseStart, baseEnd     int
	oursStart, oursEnd     int
	theirsStart, theirsEnd int
	oursChanged            bool
	theirsChanged          bool
}

func (m *threeWay) merge() {
	oursAt := 0 // next line of ours not yet in a chunk
	for _, r := range changedRegions(m.oursHunks, m.theirsHunks) {
		// Outside regions neither side changed base, so ours is base there.
		m.settle(m.ours[oursAt:r.oursStart])
		m.mergeRegion(r)
		oursAt = r.oursEnd
	}
	m.settle(m.ours[oursAt:])
}

// changedRegions groups the hunks of both sides into regions: hunks that
// overlap or touch in base, even through a chain of other hunks, share a
// region. Touching counts, as in git: a change ending at the line where the
// other side's change starts collides with it.
func changedRegions(ours, theirs []hunk) []region {
	var regions []region
	// shift is how far a side's line numbers run ahead of base's after the
	// hunks consumed so far.
	oursShift, theirsShift := 0, 0
	for len(ours) > 0 || len(theirs) > 0 {
		start := 0
		if len(theirs) == 0 || (len(ours) > 0 && ours[0].baseStart <= theirs[0].baseStart) {
			start = ours[0].baseStart
		} else {
			start = theirs[0].baseStart
		}
		r := region{baseStart: start, baseEnd: start, oursStart: start + oursShift, theirsStart: start + theirsShift}
		for {
			if len(ours) > 0 && ours[0].baseStart <= r.baseEnd {
				r.baseEnd = max(r.baseEnd, ours[0].baseEnd)
				oursShift = ours[0].sideEnd - ours[0].baseEnd
				r.oursChanged = true
				ours = ours[1:]
				continue
			}
			if len(theirs) > 0 && theirs[0].baseStart <= r.baseEnd {
				r.baseEnd = max(r.baseEnd, theirs[0].baseEnd)
				theirsShift = theirs[0].sideEnd - theirs[0].baseEnd
				r.theirsChanged = true
				theirs = theirs[1:]
				continue
			}
			break
		}
		r.oursEnd = r.baseEnd + oursShift
		r.theirsEnd = r.baseEnd + theirsShift
		regions = append(regions, r)
	}
	return regions
}

func (m *threeWay) mergeRegion(r region) {
	ours, theirs := m.oursN[r.oursStart:r.oursEnd], m.theirsN[r.theirsStart:r.theirsEnd]
	switch {
	case !r.theirsChanged, equalLines(ours, theirs):
		m.settle(m.ours[r.oursStart:r.oursEnd])
	case !r.oursChanged:
		m.settle(m.theirs[r.theirsStart:r.theirsEnd])
	default:
		m.collide(r)
	}
}

// collide records a conflict for region r. Lines both sides begin or end the
// stretch with are settled around it rather than shown twice.
func (m *threeWay) collide(r region) {
	oursStart, oursEnd := r.oursStart, r.oursEnd
	theirsStart, theirsEnd := r.theirsStart, r.theirsEnd
	for oursStart < oursEnd && theirsStart < theirsEnd && m.oursN[oursStart] == m.theirsN[theirsStart] {
		oursStart++
		theirsStart++
	}
	for oursStart < oursEnd && theirsStart < theirsEnd && m.oursN[oursEnd-1] == m.theirsN[theirsEnd-1] {
		oursEnd--
		theirsEnd--
	}
	m.settle(m.ours[r.oursStart:oursStart])
	c := &Conflict{
		Labels:    m.labels,
		Base:      m.base[r.baseStart:r.baseEnd],
		Ours:      m.ours[oursStart:oursEnd],
		Theirs:    m.theirs[theirsStart:theirsEnd],
		markerEOL: markerEOL(m.base, m.ours, m.theirs, oursStart, theirsStart),
	}
	m.conflicts = append(m.conflicts, c)
	m.chunks = append(m.chunks, Chunk{Conflict: c})
	m.settle(m.ours[oursEnd:r.oursEnd])
}

// settle appends lines to the merged text, extending the last chunk when it
// is settled too.
func (m *threeWay) settle(lines []string) {
	if len(lines) == 0 {
		return
	}
	if last := len(m.chunks) - 1; last >= 0 && m.chunks[last].Conflict == nil {
		m.chunks[last].Lines = append(m.chunks[last].Lines, lines...)
		return
	}
	m.chunks = append(m.chunks, Chunk{Lines: append([]string(nil), lines...)})
}

func (m *threeWay) result() Result {
	r := Result{Chunks: m.chunks}
	if len(m.conflicts) > 0 {
		// Make Chunks point into Result.Conflicts, so both show the same values.
		r.Conflicts = make([]Conflict, len(m.conflicts))
		for i, c := range m.conflicts {
			r.Conflicts[i] = *c
		}
		next := 0
		for i := range r.Chunks {
			if r.Chunks[i].Conflict != nil {
				r.Chunks[i].Conflict = &r.Conflicts[next]
				next++
			}
		}
	}
	r.Text = renderTwoSided(r.Chunks)
	return r
}
