package textmerge

import (
	"reflect"
	"strings"
	"testing"
)

// lineSet is the lines of a text without their line endings: a line
// without terminator gets one in a conflict ("\n" or "\r\n", even after a
// lone "\r"), so endings cannot be compared.
func lineSet(text string) map[string]bool {
	set := make(map[string]bool)
	for _, line := range splitLines(text) {
		set[strings.TrimRight(line, "\r\n")] = true
	}
	return set
}

// assertBothSidesKept checks that every line ours or theirs wrote (every
// line not in base) is in the merged text.
func assertBothSidesKept(t testing.TB, r Result, base, ours, theirs string) {
	t.Helper()
	merged, original := lineSet(r.Text), lineSet(base)
	for _, side := range []string{ours, theirs} {
		for line := range lineSet(side) {
			if !merged[line] && !original[line] {
				t.Fatalf("line %q of %q is missing from the merge:\n%s", line, side, r.Text)
			}
		}
	}
}

func TestMerge(t *testing.T) {
	tests := []struct {
		name               string
		base, ours, theirs string
		want               string
		conflicts          int
	}{
		{name: "all empty"},
		{name: "only ours writes", ours: "a\n", want: "a\n"},
		{name: "only theirs writes", theirs: "a\n", want: "a\n"},
		{name: "same text written twice", ours: "a\nb\n", theirs: "a\nb\n", want: "a\nb\n"},
		{
			name: "both write different first texts", ours: "a\n", theirs: "b\n",
			want:      "<<<<<<< ours\na\n=======\nb\n>>>>>>> theirs\n",
			conflicts: 1,
		},
		{
			name: "both write texts sharing a first line", ours: "title\nmine\n", theirs: "title\nyours\n",
			want:      "title\n<<<<<<< ours\nmine\n=======\nyours\n>>>>>>> theirs\n",
			conflicts: 1,
		},
		{name: "changes apart", base: "a\nb\nc\nd\ne\n", ours: "A\nb\nc\nd\ne\n", theirs: "a\nb\nc\nd\nE\n", want: "A\nb\nc\nd\nE\n"},
		{name: "changes one line apart", base: "a\nb\nc\n", ours: "A\nb\nc\n", theirs: "a\nb\nC\n", want: "A\nb\nC\n"},
		{
			name: "changes of neighbouring lines collide, as in git", base: "a\nb\nc\nd\n", ours: "a\nB\nc\nd\n", theirs: "a\nb\nC\nd\n",
			want:      "a\n<<<<<<< ours\nB\nc\n=======\nb\nC\n>>>>>>> theirs\nd\n",
			conflicts: 1,
		},
		{
			name: "insertions at the same place collide", base: "a\nb\n", ours: "a\nx\nb\n", theirs: "a\ny\nb\n",
			want:      "a\n<<<<<<< ours\nx\n=======\ny\n>>>>>>> theirs\nb\n",
			conflicts: 1,
		},
		{name: "identical changes", base: "a\nb\nc\n", ours: "a\nB\nc\n", theirs: "a\nB\nc\n", want: "a\nB\nc\n"},
		{
			name: "identical change next to another change", base: "a\nb\nc\nd\ne\n", ours: "a\nB\nc\nD\ne\n", theirs: "a\nB\nc\nd\ne\n",
			want: "a\nB\nc\nD\ne\n",
		},
		{name: "ours deletes what theirs kept", base: "a\nb\nc\nd\ne\n", ours: "a\nd\ne\n", theirs: "a\nb\nc\nd\nE\nx\n", want: "a\nd\nE\nx\n"},
		{
			name: "ours deletes lines next to what theirs changed", base: "a\nb\nc\nd\n", ours: "a\nd\n", theirs: "a\nb\nc\nD\n",
			want:      "a\n<<<<<<< ours\nd\n=======\nb\nc\nD\n>>>>>>> theirs\n",
			conflicts: 1,
		},
		{
			name: "ours deletes what theirs changed", base: "a\nb\nc\n", ours: "a\nc\n", theirs: "a\nB\nc\n",
			want:      "a\n<<<<<<< ours\n=======\nB\n>>>>>>> theirs\nc\n",
			conflicts: 1,
		},
		{name: "both delete the same lines", base: "a\nb\nc\n", ours: "a\nc\n", theirs: "a\nc\n", want: "a\nc\n"},
		{name: "ours empties the text", base: "a\nb\n", ours: "", theirs: "a\nb\n", want: ""},
		{name: "no final newline kept", base: "a\nb\nc", ours: "A\nb\nc", theirs: "a\nb\nc", want: "A\nb\nc"},
		{name: "final newline added by one side", base: "a\nb\nc", ours: "A\nb\nc", theirs: "a\nb\nc\n", want: "A\nb\nc\n"},
		{
			name: "last lines changed differently without newline", base: "a\nb", ours: "a\nB", theirs: "a\nX",
			want:      "a\n<<<<<<< ours\nB\n=======\nX\n>>>>>>> theirs\n",
			conflicts: 1,
		},
		{name: "CRLF text", base: "a\r\nb\r\nc\r\nd\r\n", ours: "A\r\nb\r\nc\r\nd\r\n", theirs: "a\r\nb\r\nc\r\nD\r\n", want: "A\r\nb\r\nc\r\nD\r\n"},
		{
			name: "CRLF text gets CRLF markers", base: "a\r\nb\r\n", ours: "a\r\nB\r\n", theirs: "a\r\nX\r\n",
			want:      "a\r\n<<<<<<< ours\r\nB\r\n=======\r\nX\r\n>>>>>>> theirs\r\n",
			conflicts: 1,
		},
		{
			name: "a line ending changed is a changed line", base: "a\nb\nc\n", ours: "a\r\nb\nc\n", theirs: "a\nb\nc\r\n",
			want: "a\r\nb\nc\r\n",
		},
		{
			name: "repeated blank lines", base: "# A\n\ntext\n\n# B\n\nmore\n", ours: "# A\n\ntext\n\n\n# B\n\nmore\n", theirs: "# A\n\ntext\n\n# B\n\nmore\nend\n",
			want: "# A\n\ntext\n\n\n# B\n\nmore\nend\n",
		},
		{
			name: "two conflicts", base: "a\nb\nc\nd\ne\n", ours: "A\nb\nc\nd\nE\n", theirs: "a1\nb\nc\nd\ne1\n",
			want:      "<<<<<<< ours\nA\n=======\na1\n>>>>>>> theirs\nb\nc\nd\n<<<<<<< ours\nE\n=======\ne1\n>>>>>>> theirs\n",
			conflicts: 2,
		},
		{
			name: "input already holding markers", base: "a\n", ours: "a\n<<<<<<< x\n", theirs: "b\na\n",
			want: "b\na\n<<<<<<< x\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Merge(tt.base, tt.ours, tt.theirs)
			if got.Text != tt.want || len(got.Conflicts) != tt.conflicts {
				t.Fatalf("got %d conflicts and\n%q\nwant %d and\n%q", len(got.Conflicts), got.Text, tt.conflicts, tt.want)
			}
			if again := Merge(tt.base, tt.ours, tt.theirs); !reflect.DeepEqual(again, got) {
				t.Fatal("a second merge of the same texts differs")
			}
			if swapped := Merge(tt.base, tt.theirs, tt.ours); swapped.Clean() != got.Clean() || (got.Clean() && swapped.Text != got.Text) {
				t.Fatalf("swapping the sides changes the merge: %q", swapped.Text)
			}
			gitText, gitConflicts := gitMerge(t, tt.base, tt.ours, tt.theirs, false)
			if (gitConflicts == 0) != got.Clean() {
				t.Fatalf("git finds %d conflicts:\n%s", gitConflicts, gitText)
			}
			if got.Clean() && gitText != got.Text {
				t.Fatalf("git gives\n%q", gitText)
			}
			if !got.Clean() {
				assertBothSidesKept(t, got, tt.base, tt.ours, tt.theirs)
				if zdiff3, _ := gitMerge(t, tt.base, tt.ours, tt.theirs, true); renderZdiff3(got) != zdiff3 {
					t.Fatalf("zdiff3 rendering\n%q\ngit gives\n%q", renderZdiff3(got), zdiff3)
				}
			}
		})
	}
}

func TestMergeConflictParts(t *testing.T) {
	got := MergeLabeled("intro\nold\nend\n", "intro\nmine\nend\n", "intro\nyours\nmore\nend\n", Labels{Ours: "rev-a", Base: "rev-0", Theirs: "rev-b"})
	want := []Conflict{{
		Labels:    Labels{Ours: "rev-a", Base: "rev-0", Theirs: "rev-b"},
		Base:      []string{"old\n"},
		Ours:      []string{"mine\n"},
		Theirs:    []string{"yours\n", "more\n"},
		markerEOL: "\n",
	}}
	if !reflect.DeepEqual(got.Conflicts, want) {
		t.Fatalf("conflicts %#v", got.Conflicts)
	}
	wantText := "intro\n<<<<<<< rev-a\nmine\n=======\nyours\nmore\n>>>>>>> rev-b\nend\n"
	if got.Text != wantText {
		t.Fatalf("text %q", got.Text)
	}
	if len(got.Chunks) != 3 || got.Chunks[1].Conflict != &got.Conflicts[0] || !reflect.DeepEqual(got.Chunks[2].Lines, []string{"end\n"}) {
		t.Fatalf("chunks %#v", got.Chunks)
	}
}

func TestMergeWithoutLabels(t *testing.T) {
	got := MergeLabeled("", "a\n", "b\n", Labels{})
	if want := "<<<<<<<\na\n=======\nb\n>>>>>>>\n"; got.Text != want {
		t.Fatalf("got %q", got.Text)
	}
}
