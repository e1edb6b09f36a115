package textmerge

import (
	"reflect"
	"strings"
	"testing"
)

// mergeWithoutShortcuts merges through the diff even when MergeLabeled
// would answer at once (equal inputs), to test the diff on those cases too.
func mergeWithoutShortcuts(base, ours, theirs string) Result {
	m := newThreeWay(base, ours, theirs, Labels{Ours: "ours", Base: "base", Theirs: "theirs"})
	m.merge()
	return m.result()
}

func isMarkerLine(line string) bool {
	for _, marker := range []string{oursMarker, baseMarker, separatorMarker, theirsMarker} {
		if strings.HasPrefix(line, marker) {
			return true
		}
	}
	return false
}

// FuzzMerge: any three texts merge without panic, the same way twice; a
// clean merge invents no conflict marker; a conflict keeps what both sides
// wrote and really is a disagreement; merging a side with itself or with an
// unchanged side gives that side.
func FuzzMerge(f *testing.F) {
	f.Add("", "", "")
	f.Add("a\nb\nc\n", "a\nB\nc\n", "a\nb\nC\n")
	f.Add("a\nb\nc\n", "a\nB\nc\n", "a\nX\nc\n")
	f.Add("a\nb\n", "a\nb\nx", "a\nb\ny")
	f.Add("a\r\nb\r\n", "a\r\nB\r\n", "a\r\nX\r\n")
	f.Add("\n\n# h\n\n", "\n# h\n\n\n", "\n\n\n# h\n")
	f.Add("x\n", "<<<<<<< a\nx\n=======\n", "x\n>>>>>>> b\n")
	f.Fuzz(func(t *testing.T, base, ours, theirs string) {
		got := Merge(base, ours, theirs)
		if again := Merge(base, ours, theirs); !reflect.DeepEqual(again, got) {
			t.Fatal("the same merge twice gives different results")
		}
		if got.Text != renderTwoSided(got.Chunks) {
			t.Fatal("Text is not the rendering of Chunks")
		}
		for _, c := range got.Conflicts {
			if reflect.DeepEqual(c.Ours, c.Theirs) {
				t.Fatalf("conflict between equal sides %q", c.Ours)
			}
		}
		if got.Clean() {
			given := lineSet(base + "\n" + ours + "\n" + theirs)
			for line := range lineSet(got.Text) {
				if isMarkerLine(line) && !given[line] {
					t.Fatalf("clean merge invents marker %q", line)
				}
			}
		} else {
			assertBothSidesKept(t, got, base, ours, theirs)
		}
		for _, side := range []string{ours, theirs} {
			for _, r := range []Result{mergeWithoutShortcuts(base, side, side), mergeWithoutShortcuts(base, base, side), mergeWithoutShortcuts(base, side, base)} {
				if !r.Clean() || r.Text != side {
					t.Fatalf("merging %q with itself or base gives %q", side, r.Text)
				}
			}
		}
		swapped := Merge(base, theirs, ours)
		if swapped.Clean() != got.Clean() || (got.Clean() && swapped.Text != got.Text) {
			t.Fatalf("swapping the sides changes the merge: %q vs %q", swapped.Text, got.Text)
		}
	})
}
