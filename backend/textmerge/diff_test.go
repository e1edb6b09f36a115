package textmerge

import (
	"testing"

	"pgregory.net/rapid"
)

// lcsLength is the textbook O(nm) longest common subsequence, the yardstick
// for the Myers diff.
func lcsLength(a, b []int) int {
	row := make([]int, len(b)+1)
	for i := range a {
		diagonal := 0
		for j := range b {
			above := row[j+1]
			if a[i] == b[j] {
				row[j+1] = diagonal + 1
			} else {
				row[j+1] = max(row[j+1], row[j])
			}
			diagonal = above
		}
	}
	return row[len(b)]
}

func unchanged(lines []int, changed []bool) []int {
	var kept []int
	for i, line := range lines {
		if !changed[i] {
			kept = append(kept, line)
		}
	}
	return kept
}

func countTrue(marks []bool) int {
	n := 0
	for _, m := range marks {
		if m {
			n++
		}
	}
	return n
}

// A small alphabet makes many equal lines, the hard case for a diff.
func lineNumbers(t *rapid.T, name string) []int {
	alphabet := rapid.IntRange(1, 4).Draw(t, name+"Alphabet")
	return rapid.SliceOfN(rapid.IntRange(0, alphabet-1), 0, 40).Draw(t, name)
}

func TestShortestEditIsShortest(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a, b := lineNumbers(t, "a"), lineNumbers(t, "b")
		aChanged, bChanged := shortestEdit(a, b, 4)
		if !equalLines(unchanged(a, aChanged), unchanged(b, bChanged)) {
			t.Fatalf("kept lines differ: %v vs %v", unchanged(a, aChanged), unchanged(b, bChanged))
		}
		if kept, lcs := len(a)-countTrue(aChanged), lcsLength(a, b); kept != lcs {
			t.Fatalf("kept %d lines, the longest common subsequence has %d", kept, lcs)
		}
	})
}

func TestSlidingKeepsTheDiffShortestAndValid(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a, b := lineNumbers(t, "a"), lineNumbers(t, "b")
		hunks := diffHunks(a, b, 4)
		// Rebuild b from a and the hunks.
		var rebuilt []int
		at, deleted := 0, 0
		for i, h := range hunks {
			if h.baseStart < at || h.baseEnd < h.baseStart || (i > 0 && h.baseStart == at) {
				t.Fatalf("hunks overlap, touch or run backwards: %v", hunks)
			}
			rebuilt = append(rebuilt, a[at:h.baseStart]...)
			rebuilt = append(rebuilt, b[h.sideStart:h.sideEnd]...)
			deleted += h.baseEnd - h.baseStart
			at = h.baseEnd
		}
		rebuilt = append(rebuilt, a[at:]...)
		if !equalLines(rebuilt, b) {
			t.Fatalf("hunks %v turn %v into %v, want %v", hunks, a, rebuilt, b)
		}
		if kept, lcs := len(a)-deleted, lcsLength(a, b); kept != lcs {
			t.Fatalf("kept %d lines, the longest common subsequence has %d", kept, lcs)
		}
	})
}

func TestDiffOfLongRewrite(t *testing.T) {
	// Every line shared but in another order: the search must go deep.
	const n = 3000
	a, b := make([]int, n), make([]int, n)
	for i := range a {
		a[i] = i % 7
		b[i] = (i * 5) % 7
	}
	aChanged, bChanged := shortestEdit(a, b, 7)
	if !equalLines(unchanged(a, aChanged), unchanged(b, bChanged)) {
		t.Fatal("kept lines differ")
	}
	if kept, lcs := n-countTrue(aChanged), lcsLength(a, b); kept != lcs {
		t.Fatalf("kept %d lines, the longest common subsequence has %d", kept, lcs)
	}
}
