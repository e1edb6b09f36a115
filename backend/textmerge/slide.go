package textmerge

// slideChanges moves each run of changed lines of one text up or down
// through equal lines, as git's xdiff does after diffing (xdl_change_compact
// without the indent heuristic, which `git merge-file` does not use). A run
// that can move ends up as low as it can go, unless on its way it could line
// up with a run of changes in the other text, in which case it ends at the
// lowest such place. Moving a run through equal lines never changes what the
// diff means, only where a change is said to sit.
//
// lines and changed describe the text being compacted, otherChanged the
// other text of the same diff; both change-marks are updated in step.
func slideChanges(lines []int, changed, otherChanged []bool) {
	run := newChangeRun(changed)
	other := newChangeRun(otherChanged)
	for {
		if run.end != run.start {
			slideRun(lines, &run, &other)
		}
		if !run.next() {
			return
		}
		other.next()
	}
}

func slideRun(lines []int, run, other *changeRun) {
	var earliestEnd int
	endMatchingOther := -1
	// Sliding may swallow neighbouring runs; repeat until the run is stable.
	for {
		size := run.end - run.start
		endMatchingOther = -1
		for run.slideUp(lines) {
			other.previous()
		}
		earliestEnd = run.end
		if other.end > other.start {
			endMatchingOther = run.end
		}
		for run.slideDown(lines) {
			other.next()
			if other.end > other.start {
				endMatchingOther = run.end
			}
		}
		if size == run.end-run.start {
			break
		}
	}
	if run.end == earliestEnd || endMatchingOther == -1 {
		return
	}
	for other.end == other.start {
		run.slideUp(lines)
		other.previous()
	}
}

// changeRun is a maximal run [start, end) of changed lines, possibly empty.
// Runs are separated by single unchanged lines, so run number i of one text
// lies between the same matched lines as run number i of the other text:
// moving both cursors in step keeps them paired.
type changeRun struct {
	changed    []bool
	start, end int
}

func newChangeRun(changed []bool) changeRun {
	r := changeRun{changed: changed}
	r.extendDown()
	return r
}

func (r *changeRun) extendDown() {
	for r.end < len(r.changed) && r.changed[r.end] {
		r.end++
	}
}

func (r *changeRun) extendUp() {
	for r.start > 0 && r.changed[r.start-1] {
		r.start--
	}
}

func (r *changeRun) next() bool {
	if r.end == len(r.changed) {
		return false
	}
	r.start = r.end + 1
	r.end = r.start
	r.extendDown()
	return true
}

func (r *changeRun) previous() bool {
	if r.start == 0 {
		return false
	}
	r.end = r.start - 1
	r.start = r.end
	r.extendUp()
	return true
}

// slideDown moves the run one line down when the line below it equals the
// run's first line, merging with a run it then touches.
func (r *changeRun) slideDown(lines []int) bool {
	if r.end >= len(lines) || lines[r.start] != lines[r.end] {
		return false
	}
	r.changed[r.start] = false
	r.changed[r.end] = true
	r.start++
	r.end++
	r.extendDown()
	return true
}

// slideUp moves the run one line up when the line above it equals the run's
// last line, merging with a run it then touches.
func (r *changeRun) slideUp(lines []int) bool {
	if r.start == 0 || lines[r.start-1] != lines[r.end-1] {
		return false
	}
	r.start--
	r.end--
	r.changed[r.start] = true
	r.changed[r.end] = false
	r.extendUp()
	return true
}
