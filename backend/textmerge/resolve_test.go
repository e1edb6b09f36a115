package textmerge

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

func rev(id, text string, parents ...string) Revision {
	return Revision{ID: id, Parents: parents, Text: text}
}

func TestResolve(t *testing.T) {
	tests := []struct {
		name      string
		revisions []Revision
		want      View
	}{
		{name: "no revisions", want: View{}},
		{name: "one revision", revisions: []Revision{rev("a", "x\n")}, want: View{Heads: []string{"a"}, Text: "x\n"}},
		{
			name:      "a line of edits",
			revisions: []Revision{rev("a", "x\n"), rev("b", "y\n", "a"), rev("c", "z\n", "b")},
			want:      View{Heads: []string{"c"}, Text: "z\n"},
		},
		{
			name:      "two edits of separate lines merge",
			revisions: []Revision{rev("a", "1\n2\n3\n"), rev("c", "1\n2\nthree\n", "a"), rev("b", "one\n2\n3\n", "a")},
			want:      View{Heads: []string{"b", "c"}, Text: "one\n2\nthree\n"},
		},
		{
			name:      "a head that edited nothing",
			revisions: []Revision{rev("a", "1\n"), rev("b", "1\n", "a"), rev("c", "2\n", "a")},
			want:      View{Heads: []string{"b", "c"}, Text: "2\n"},
		},
		{
			name:      "two edits of the same line conflict",
			revisions: []Revision{rev("a", "1\n"), rev("b", "mine\n", "a"), rev("c", "yours\n", "a")},
			want: View{
				Heads: []string{"b", "c"},
				Text:  "<<<<<<< b\nmine\n=======\nyours\n>>>>>>> c\n",
				Conflicts: []Conflict{{
					Labels: Labels{Ours: "b", Base: "a", Theirs: "c"},
					Base:   []string{"1\n"}, Ours: []string{"mine\n"}, Theirs: []string{"yours\n"}, markerEOL: "\n",
				}},
			},
		},
		{
			name: "a resolution ends the conflict",
			revisions: []Revision{
				rev("a", "1\n"), rev("b", "mine\n", "a"), rev("c", "yours\n", "a"), rev("d", "ours\n", "c", "b"),
			},
			want: View{Heads: []string{"d"}, Text: "ours\n"},
		},
		{
			name:      "separate roots merge against the empty text",
			revisions: []Revision{rev("b", "from b\n"), rev("a", "from a\n")},
			want: View{
				Heads: []string{"a", "b"},
				Text:  "<<<<<<< a\nfrom a\n=======\nfrom b\n>>>>>>> b\n",
				Conflicts: []Conflict{{
					Labels: Labels{Ours: "a", Theirs: "b"},
					Ours:   []string{"from a\n"}, Theirs: []string{"from b\n"}, markerEOL: "\n",
				}},
			},
		},
		{
			name:      "separate roots with the same text",
			revisions: []Revision{rev("b", "same\n"), rev("a", "same\n")},
			want:      View{Heads: []string{"a", "b"}, Text: "same\n"},
		},
		{
			name:      "a parent that has not arrived is ignored",
			revisions: []Revision{rev("b", "1\nB\n", "a-missing"), rev("c", "1\nC\n", "b", "b")},
			want:      View{Heads: []string{"c"}, Text: "1\nC\n"},
		},
		{
			name: "three heads fold in id order",
			revisions: []Revision{
				rev("root", "1\n2\n3\n4\n5\n"),
				rev("x", "one\n2\n3\n4\n5\n", "root"),
				rev("y", "1\n2\nthree\n4\n5\n", "root"),
				rev("z", "1\n2\n3\n4\nfive\n", "root"),
			},
			want: View{Heads: []string{"x", "y", "z"}, Text: "one\n2\nthree\n4\nfive\n"},
		},
		{
			name: "later heads name the merged heads in their label",
			revisions: []Revision{
				rev("root", "1\n"), rev("x", "x\n", "root"), rev("y", "1\n", "root"), rev("z", "z\n", "root"),
			},
			want: View{
				Heads: []string{"x", "y", "z"},
				Text:  "<<<<<<< x+y\nx\n=======\nz\n>>>>>>> z\n",
				Conflicts: []Conflict{{
					Labels: Labels{Ours: "x+y", Base: "root", Theirs: "z"},
					Base:   []string{"1\n"}, Ours: []string{"x\n"}, Theirs: []string{"z\n"}, markerEOL: "\n",
				}},
			},
		},
		{
			// b and c are both best common ancestors of d and e; the
			// smaller id, b, is the base.
			name: "criss-cross merge takes the smallest best ancestor",
			revisions: []Revision{
				rev("a", "0\n"), rev("b", "b\n", "a"), rev("c", "c\n", "a"),
				rev("d", "d\n", "b", "c"), rev("e", "e\n", "c", "b"),
			},
			want: View{
				Heads: []string{"d", "e"},
				Text:  "<<<<<<< d\nd\n=======\ne\n>>>>>>> e\n",
				Conflicts: []Conflict{{
					Labels: Labels{Ours: "d", Base: "b", Theirs: "e"},
					Base:   []string{"b\n"}, Ours: []string{"d\n"}, Theirs: []string{"e\n"}, markerEOL: "\n",
				}},
			},
		},
		{
			// The newer common ancestor b wins over its ancestor a.
			name: "the nearest common ancestor is the base",
			revisions: []Revision{
				rev("a", "1\n2\n3\n"), rev("b", "1\nTWO\n3\n", "a"),
				rev("c", "one\nTWO\n3\n", "b"), rev("d", "1\nTWO\nthree\n", "b"),
			},
			want: View{Heads: []string{"c", "d"}, Text: "one\nTWO\nthree\n"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Resolve(tt.revisions)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got  %#v\nwant %#v", got, tt.want)
			}
		})
	}
}

func TestResolveRefusesBrokenGraphs(t *testing.T) {
	tests := []struct {
		name      string
		revisions []Revision
		want      error
		message   string
	}{
		{name: "empty id", revisions: []Revision{rev("a", ""), rev("", "")}, want: ErrEmptyID},
		{
			name: "duplicate id", revisions: []Revision{rev("b", "1"), rev("a", ""), rev("b", "2"), rev("a", "")},
			want: ErrDuplicateID, message: `textmerge: two revisions have the same id: "a"`,
		},
		{
			name: "own parent", revisions: []Revision{rev("a", "", "a")},
			want: ErrCycle, message: `textmerge: revisions name each other as parents in a cycle: "a"`,
		},
		{
			name:      "cycle with a root before and a child after",
			revisions: []Revision{rev("root", ""), rev("x", "", "root", "y"), rev("y", "", "x"), rev("child", "", "y")},
			want:      ErrCycle, message: `textmerge: revisions name each other as parents in a cycle: "x", "y"`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for range 5 {
				reversed := make([]Revision, len(tt.revisions))
				for i, r := range tt.revisions {
					reversed[len(reversed)-1-i] = r
				}
				for _, revisions := range [][]Revision{tt.revisions, reversed} {
					view, err := Resolve(revisions)
					if !errors.Is(err, tt.want) || !reflect.DeepEqual(view, View{}) {
						t.Fatalf("got %#v, %v; want %v", view, err, tt.want)
					}
					if tt.message != "" && err.Error() != tt.message {
						t.Fatalf("message %q, want %q", err.Error(), tt.message)
					}
				}
			}
		})
	}
}

// drawHistory draws revisions as members would make them: each made from up
// to three earlier ones. With insertOnly, members only add lines, and a
// revision with several parents starts from what Resolve shows for them.
func drawHistory(t *rapid.T, insertOnly bool) []Revision {
	count := rapid.IntRange(1, 10).Draw(t, "count")
	order := rapid.Permutation(sequence(count)).Draw(t, "idOrder")
	revisions := make([]Revision, 0, count)
	for i := range count {
		r := Revision{ID: fmt.Sprintf("rev-%02d", order[i])}
		if i > 0 {
			for range rapid.IntRange(0, min(3, i)).Draw(t, "parentCount") {
				r.Parents = append(r.Parents, revisions[rapid.IntRange(0, i-1).Draw(t, "parent")].ID)
			}
		}
		r.Text = startingText(t, revisions, r.Parents, insertOnly)
		r.Text = drawEdit(t, r.ID, r.Text, insertOnly)
		revisions = append(revisions, r)
	}
	return revisions
}

func sequence(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

func startingText(t *rapid.T, earlier []Revision, parents []string, insertOnly bool) string {
	if len(parents) == 0 {
		return ""
	}
	if !insertOnly || len(parents) == 1 {
		for _, r := range earlier {
			if r.ID == parents[0] {
				return r.Text
			}
		}
	}
	view, err := Resolve(ancestry(earlier, parents))
	if err != nil {
		t.Fatal(err)
	}
	return view.Text
}

// ancestry returns the revisions reachable from ids through parents.
func ancestry(revisions []Revision, ids []string) []Revision {
	byID := make(map[string]Revision)
	for _, r := range revisions {
		byID[r.ID] = r
	}
	seen := make(map[string]bool)
	var found []Revision
	for len(ids) > 0 {
		id := ids[len(ids)-1]
		ids = ids[:len(ids)-1]
		if r, ok := byID[id]; ok && !seen[id] {
			seen[id] = true
			found = append(found, r)
			ids = append(ids, r.Parents...)
		}
	}
	return found
}

// drawEdit changes a few lines of text; with insertOnly it only adds lines.
// Lines come from a small set, so edits often collide.
func drawEdit(t *rapid.T, id, text string, insertOnly bool) string {
	lines := splitLines(text)
	for range rapid.IntRange(1, 3).Draw(t, "edits") {
		at := rapid.IntRange(0, len(lines)).Draw(t, "at")
		line := fmt.Sprintf("line %d\n", rapid.IntRange(0, 3).Draw(t, "line"))
		if insertOnly {
			line = fmt.Sprintf("%s wrote %s", id, line)
		}
		if !insertOnly && at < len(lines) && rapid.Bool().Draw(t, "replace") {
			lines[at] = line
			continue
		}
		lines = append(lines[:at], append([]string{line}, lines[at:]...)...)
	}
	return strings.Join(lines, "")
}

// dropSome leaves out revisions that have not arrived yet.
func dropSome(t *rapid.T, revisions []Revision) []Revision {
	var arrived []Revision
	for _, r := range revisions {
		if rapid.IntRange(0, 4).Draw(t, "missing") != 0 {
			arrived = append(arrived, r)
		}
	}
	return arrived
}

func shuffled(t *rapid.T, revisions []Revision) []Revision {
	order := rapid.Permutation(sequence(len(revisions))).Draw(t, "order")
	out := make([]Revision, len(revisions))
	for i, j := range order {
		out[i] = revisions[j]
	}
	return out
}

func TestResolveIgnoresInputOrder(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		revisions := dropSome(t, drawHistory(t, false))
		want, err := Resolve(revisions)
		if err != nil {
			t.Fatal(err)
		}
		for range 5 {
			got, err := Resolve(shuffled(t, revisions))
			if err != nil || !reflect.DeepEqual(got, want) {
				t.Fatalf("shuffled input gives %#v, %v\nwant %#v", got, err, want)
			}
		}
	})
}

func TestResolveHeadsAndResolution(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		revisions := dropSome(t, drawHistory(t, false))
		view, err := Resolve(revisions)
		if err != nil {
			t.Fatal(err)
		}
		named := make(map[string]bool)
		for _, r := range revisions {
			for _, p := range r.Parents {
				named[p] = true
			}
		}
		var heads []string
		for _, r := range revisions {
			if !named[r.ID] {
				heads = append(heads, r.ID)
			}
		}
		slices.Sort(heads)
		if !reflect.DeepEqual(heads, view.Heads) {
			t.Fatalf("heads %v, want %v", view.Heads, heads)
		}
		if len(revisions) == 0 {
			return
		}
		resolution := Revision{ID: "resolution", Parents: view.Heads, Text: view.Text}
		after, err := Resolve(append(shuffled(t, revisions), resolution))
		if err != nil {
			t.Fatal(err)
		}
		want := View{Heads: []string{"resolution"}, Text: view.Text}
		if !reflect.DeepEqual(after, want) {
			t.Fatalf("after resolving: %#v", after)
		}
	})
}

// TestResolveDropsNothing: when members only add lines, every line of every
// head is in the view, in the head's order.
func TestResolveDropsNothing(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		revisions := dropSome(t, drawHistory(t, true))
		view, err := Resolve(revisions)
		if err != nil {
			t.Fatal(err)
		}
		shown := splitLines(view.Text)
		for _, r := range revisions {
			if slices.Contains(view.Heads, r.ID) && !isSubsequence(splitLines(r.Text), shown) {
				t.Fatalf("head %s:\n%s\nis not all in the view:\n%s", r.ID, r.Text, view.Text)
			}
		}
	})
}

func isSubsequence(sub, seq []string) bool {
	i := 0
	for _, line := range seq {
		if i < len(sub) && sub[i] == line {
			i++
		}
	}
	return i == len(sub)
}

func TestBaseIsWhatTheHeadsLastShared(t *testing.T) {
	revisions := []Revision{
		{ID: "a", Text: "one\n"},
		{ID: "b", Parents: []string{"a"}, Text: "one\ntwo\n"},
		{ID: "c", Parents: []string{"b"}, Text: "ONE\ntwo\n"},
		{ID: "d", Parents: []string{"b"}, Text: "uno\ntwo\n"},
	}
	base, ok, err := Base(revisions)
	if err != nil || !ok || base.ID != "b" || base.Text != "one\ntwo\n" {
		t.Fatalf("Base = %+v, %v, %v; want revision b", base, ok, err)
	}
	if _, ok, _ := Base(revisions[:3]); ok {
		t.Fatal("one head has no base to compare against")
	}
	if _, ok, _ := Base([]Revision{{ID: "x", Text: "x"}, {ID: "y", Text: "y"}}); ok {
		t.Fatal("unrelated heads share no base")
	}
}
