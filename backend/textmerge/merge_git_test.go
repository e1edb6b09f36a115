package textmerge

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// editGenerator builds a base text of unique lines and edits of it. Every
// line it writes is unique, so there is one shortest diff and git and this
// package must see the same changes.
type editGenerator struct {
	rng   *rand.Rand
	fresh int
}

func newEditGenerator(seed uint64) *editGenerator {
	return &editGenerator{rng: rand.New(rand.NewPCG(seed, 0x636169726e))}
}

// eol returns "\n" twice as often as "\r\n".
func (g *editGenerator) eol() string {
	if g.rng.IntN(3) == 0 {
		return "\r\n"
	}
	return "\n"
}

func (g *editGenerator) freshLines(who string, count int, eol string) []string {
	lines := make([]string, count)
	for i := range lines {
		g.fresh++
		lines[i] = fmt.Sprintf("%s line %d%s", who, g.fresh, eol)
	}
	return lines
}

// baseLines returns 0..max lines ending in "\n" or "\r\n", or in a mix
// of both; the last may lack its terminator.
func (g *editGenerator) baseLines(max int) []string {
	lines := g.freshLines("base", g.rng.IntN(max+1), g.eol())
	if g.rng.IntN(4) == 0 {
		for i := range lines {
			lines[i] = strings.TrimRight(lines[i], "\r\n") + g.eol()
		}
	}
	if len(lines) > 0 && g.rng.IntN(4) == 0 {
		lines[len(lines)-1] = strings.TrimRight(lines[len(lines)-1], "\r\n")
	}
	return lines
}

// edit is the replacement of base lines [start, end) by lines.
type edit struct {
	start, end int
	lines      []string
}

// disjointEdits picks edits separated by at least one unchanged base line,
// which git merges without conflict whichever side makes them.
func (g *editGenerator) disjointEdits(who string, base []string) []edit {
	var edits []edit
	endsWithoutEOL := len(base) > 0 && !strings.HasSuffix(base[len(base)-1], "\n")
	for at := 0; at <= len(base); at++ {
		if g.rng.IntN(4) != 0 {
			continue
		}
		e := edit{start: at, end: at + g.rng.IntN(min(3, len(base)-at)+1)}
		if endsWithoutEOL && e.end == len(base) && e.start == len(base) {
			// Adding after a last line without terminator changes that line.
			continue
		}
		count := g.rng.IntN(4)
		if count == 0 && e.start == e.end {
			count = 1
		}
		e.lines = g.freshLines(who, count, g.eol())
		if e.end == len(base) && count > 0 && g.rng.IntN(3) == 0 {
			e.lines[count-1] = strings.TrimRight(e.lines[count-1], "\r\n")
		}
		edits = append(edits, e)
		at = e.end // the loop's at++ leaves one unchanged line between edits
	}
	return edits
}

func apply(base []string, edits []edit) string {
	var text strings.Builder
	at := 0
	for _, e := range edits {
		text.WriteString(strings.Join(base[at:e.start], ""))
		text.WriteString(strings.Join(e.lines, ""))
		at = e.end
	}
	text.WriteString(strings.Join(base[at:], ""))
	return text.String()
}

// TestMergeMatchesGitOnDisjointEdits: edits of separate stretches, shared
// out between the sides (and some made identically by both), merge cleanly
// into the text git gives.
func TestMergeMatchesGitOnDisjointEdits(t *testing.T) {
	t.Parallel()
	for seed := range uint64(300) {
		g := newEditGenerator(seed)
		base := g.baseLines(40)
		edits := g.disjointEdits("new", base)
		var oursEdits, theirsEdits []edit
		for _, e := range edits {
			switch g.rng.IntN(5) {
			case 0, 1:
				oursEdits = append(oursEdits, e)
			case 2, 3:
				theirsEdits = append(theirsEdits, e)
			default:
				oursEdits = append(oursEdits, e)
				theirsEdits = append(theirsEdits, e)
			}
		}
		baseText := strings.Join(base, "")
		ours, theirs, want := apply(base, oursEdits), apply(base, theirsEdits), apply(base, edits)
		got := Merge(baseText, ours, theirs)
		gitText, gitConflicts := gitMerge(t, baseText, ours, theirs, false)
		if gitConflicts != 0 || gitText != want {
			t.Fatalf("seed %d: the generator is wrong: git gives %d conflicts and\n%q\nwant\n%q", seed, gitConflicts, gitText, want)
		}
		if !got.Clean() || got.Text != gitText {
			t.Fatalf("seed %d: base %q\nours %q\ntheirs %q\ngot %d conflicts and\n%q\ngit gives\n%q",
				seed, baseText, ours, theirs, len(got.Conflicts), got.Text, gitText)
		}
	}
}

// collidingEdits makes ours and theirs edit overlapping or touching
// stretches, or insert at the same place, and sometimes agree on the first
// or last lines of what they write.
func (g *editGenerator) collidingEdits(base []string) (ours, theirs []edit) {
	for at := 0; at <= len(base); at++ {
		if g.rng.IntN(5) != 0 {
			continue
		}
		room := len(base) - at
		e := edit{start: at, end: at + g.rng.IntN(min(3, room)+1)}
		f := e
		switch g.rng.IntN(3) {
		case 0: // theirs starts where ours ends
			f = edit{start: e.end, end: e.end + g.rng.IntN(min(2, len(base)-e.end)+1)}
		case 1: // theirs overlaps ours
			f.end = min(len(base), e.end+g.rng.IntN(2))
		}
		eol := g.eol()
		e.lines = g.freshLines("ours", g.rng.IntN(3), eol)
		f.lines = g.freshLines("theirs", g.rng.IntN(3), eol)
		if g.rng.IntN(2) == 0 {
			shared := g.freshLines("shared", 1, eol)
			e.lines = append(shared, e.lines...)
			f.lines = append(shared, f.lines...)
		}
		if g.rng.IntN(2) == 0 {
			shared := g.freshLines("shared", 1, eol)
			e.lines = append(e.lines, shared...)
			f.lines = append(f.lines, shared...)
		}
		if e.start == e.end && len(e.lines) == 0 {
			e.lines = g.freshLines("ours", 1, eol)
		}
		if f.start == f.end && len(f.lines) == 0 {
			f.lines = g.freshLines("theirs", 1, eol)
		}
		ours, theirs = append(ours, e), append(theirs, f)
		at = max(e.end, f.end) + 1 // keep collisions apart from each other
	}
	return ours, theirs
}

// TestMergeMatchesGitOnCollisions: where edits collide, git and this
// package agree on whether there is a conflict, and with git's zdiff3 style
// (which shows the same stretches) the whole output is the same.
func TestMergeMatchesGitOnCollisions(t *testing.T) {
	t.Parallel()
	compared := 0
	for seed := range uint64(300) {
		g := newEditGenerator(seed)
		base := g.baseLines(30)
		if len(base) > 0 && !strings.HasSuffix(base[len(base)-1], "\n") {
			base[len(base)-1] += "\n" // keep edits at the end simple
		}
		oursEdits, theirsEdits := g.collidingEdits(base)
		baseText := strings.Join(base, "")
		ours, theirs := apply(base, oursEdits), apply(base, theirsEdits)
		got := Merge(baseText, ours, theirs)
		_, gitConflicts := gitMerge(t, baseText, ours, theirs, false)
		if got.Clean() != (gitConflicts == 0) {
			t.Fatalf("seed %d: base %q\nours %q\ntheirs %q\ngot %d conflicts, git %d", seed, baseText, ours, theirs, len(got.Conflicts), gitConflicts)
		}
		zdiff3, zdiff3Conflicts := gitMerge(t, baseText, ours, theirs, true)
		if zdiff3Conflicts != len(got.Conflicts) {
			// git's zdiff3 does not notice identical changes split
			// into differently shaped hunks; nothing to compare then.
			continue
		}
		compared++
		if mine := renderZdiff3(got); mine != zdiff3 {
			t.Fatalf("seed %d: base %q\nours %q\ntheirs %q\ngot\n%s\ngit --zdiff3 gives\n%s", seed, baseText, ours, theirs, mine, zdiff3)
		}
		assertBothSidesKept(t, got, baseText, ours, theirs)
		if got.Clean() {
			continue
		}
		// Only colliding edits were made, so every line of each side is kept.
		assertBothSidesKept(t, got, "", ours, theirs)
	}
	if compared < 250 {
		t.Fatalf("only %d of 300 cases could be compared with git's zdiff3 output", compared)
	}
}

// editRandomly makes 1..maxEdits random deletions, insertions and
// replacements of lines drawn from alphabet.
func editRandomly(rng *rand.Rand, base, alphabet []string, maxEdits int) string {
	lines := append([]string(nil), base...)
	for range rng.IntN(maxEdits) + 1 {
		at := rng.IntN(len(lines) + 1)
		pick := alphabet[rng.IntN(len(alphabet))]
		switch kind := rng.IntN(3); {
		case kind == 0 && at < len(lines):
			lines = append(lines[:at], lines[at+1:]...)
		case kind == 1 && at < len(lines):
			lines[at] = pick
		default:
			lines = append(lines[:at], append([]string{pick}, lines[at:]...)...)
		}
	}
	return strings.Join(lines, "")
}

// TestMergeMatchesGitOnRepeatedLines: texts made of few distinct lines
// (blank lines, repeated headings) have many equally short diffs; the merge
// still agrees with git on whether it is clean, on the clean text, and on the
// zdiff3 rendering of conflicts.
func TestMergeMatchesGitOnRepeatedLines(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 400 {
		alphabet := []string{"\n", "\n", "# Heading\n"}
		for j := range 1 + rng.IntN(12) {
			alphabet = append(alphabet, fmt.Sprintf("line %d\n", j))
		}
		base := make([]string, rng.IntN(80))
		for j := range base {
			base[j] = alphabet[rng.IntN(len(alphabet))]
		}
		maxEdits := 1 + rng.IntN(12)
		baseText := strings.Join(base, "")
		ours, theirs := editRandomly(rng, base, alphabet, maxEdits), editRandomly(rng, base, alphabet, maxEdits)
		got := Merge(baseText, ours, theirs)
		gitText, gitConflicts := gitMerge(t, baseText, ours, theirs, false)
		if got.Clean() != (gitConflicts == 0) || (got.Clean() && got.Text != gitText) {
			t.Fatalf("case %d: base %q\nours %q\ntheirs %q\ngot %d conflicts and\n%q\ngit %d and\n%q",
				i, baseText, ours, theirs, len(got.Conflicts), got.Text, gitConflicts, gitText)
		}
		if got.Clean() {
			continue
		}
		zdiff3, zdiff3Conflicts := gitMerge(t, baseText, ours, theirs, true)
		if zdiff3Conflicts == len(got.Conflicts) && renderZdiff3(got) != zdiff3 {
			t.Fatalf("case %d: base %q\nours %q\ntheirs %q\ngot\n%s\ngit --zdiff3 gives\n%s", i, baseText, ours, theirs, renderZdiff3(got), zdiff3)
		}
	}
}
