package textmerge

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Revision is one edit of a part: its full text and the revisions it was
// made from.
type Revision struct {
	ID      string
	Parents []string
	Text    string
}

// View is what a replica shows for a part, given the revisions it has.
type View struct {
	Heads     []string   // ids of revisions no other revision names as parent, sorted
	Text      string     // the text to show
	Conflicts []Conflict // empty when clean
}

// Errors Resolve returns, wrapped with the revision ids concerned.
var (
	ErrEmptyID     = errors.New("textmerge: a revision has an empty id")
	ErrDuplicateID = errors.New("textmerge: two revisions have the same id")
	ErrCycle       = errors.New("textmerge: revisions name each other as parents in a cycle")
)

// Resolve computes the view of a set of revisions. The result depends only
// on the set, not on the order of the slice; the package documentation gives
// the exact rule. An empty set gives an empty view.
func Resolve(revisions []Revision) (View, error) {
	g, err := newRevisionGraph(revisions)
	if err != nil {
		return View{}, err
	}
	heads := g.heads()
	if len(heads) == 0 {
		return View{}, nil
	}
	view := View{Heads: make([]string, len(heads))}
	for i, h := range heads {
		view.Heads[i] = g.ids[h]
	}
	text := g.texts[heads[0]]
	merged := g.ancestors(heads[0]) // ancestors of every head folded in so far
	label := g.ids[heads[0]]
	for _, head := range heads[1:] {
		headAncestors := g.ancestors(head)
		baseText, baseID := "", ""
		if base := g.bestCommonAncestor(merged, headAncestors); base >= 0 {
			baseText, baseID = g.texts[base], g.ids[base]
		}
		result := MergeLabeled(baseText, text, g.texts[head], Labels{Ours: label, Base: baseID, Theirs: g.ids[head]})
		text = result.Text
		view.Conflicts = append(view.Conflicts, result.Conflicts...)
		for i, in := range headAncestors {
			merged[i] = merged[i] || in
		}
		label += "+" + g.ids[head]
	}
	view.Text = text
	return view, nil
}

// revisionGraph numbers revisions by the sorted order of their ids, so that
// everything computed from it is independent of the input order.
type revisionGraph struct {
	ids     []string
	texts   []string
	parents [][]int // parents present in the input, each once, ascending
}

func newRevisionGraph(revisions []Revision) (*revisionGraph, error) {
	sorted := slices.SortedFunc(slices.Values(revisions), func(a, b Revision) int { return strings.Compare(a.ID, b.ID) })
	g := &revisionGraph{ids: make([]string, len(sorted)), texts: make([]string, len(sorted)), parents: make([][]int, len(sorted))}
	index := make(map[string]int, len(sorted))
	for i, r := range sorted {
		if r.ID == "" {
			return nil, ErrEmptyID
		}
		if i > 0 && sorted[i-1].ID == r.ID {
			return nil, fmt.Errorf("%w: %q", ErrDuplicateID, r.ID)
		}
		g.ids[i], g.texts[i] = r.ID, r.Text
		index[r.ID] = i
	}
	for i, r := range sorted {
		g.parents[i] = presentParents(r.Parents, index)
	}
	if onCycle := g.nodesOnCycles(); len(onCycle) > 0 {
		return nil, fmt.Errorf("%w: %s", ErrCycle, g.describe(onCycle))
	}
	return g, nil
}

// presentParents maps parent ids to nodes, dropping parents that have not
// arrived (they cannot tell us anything yet) and repeats.
func presentParents(ids []string, index map[string]int) []int {
	var nodes []int
	for _, id := range ids {
		if n, ok := index[id]; ok {
			nodes = append(nodes, n)
		}
	}
	slices.Sort(nodes)
	return slices.Compact(nodes)
}

// nodesOnCycles returns the nodes that lie on a cycle or between cycles:
// what remains after repeatedly removing nodes without parents, then nodes
// without children.
func (g *revisionGraph) nodesOnCycles() []int {
	n := len(g.ids)
	children := make([][]int, n)
	parentCount := make([]int, n)
	for child, parents := range g.parents {
		parentCount[child] = len(parents)
		for _, p := range parents {
			children[p] = append(children[p], child)
		}
	}
	removed := make([]bool, n)
	peel(removed, parentCount, children)
	childCount := make([]int, n)
	for child, parents := range g.parents {
		if removed[child] {
			continue
		}
		for _, p := range parents {
			childCount[p]++
		}
	}
	peel(removed, childCount, g.parents)
	var left []int
	for node, gone := range removed {
		if !gone {
			left = append(left, node)
		}
	}
	return left
}

// peel removes nodes whose count is zero, decrementing the count of the
// nodes they point to, until no more can go.
func peel(removed []bool, count []int, pointsTo [][]int) {
	var ready []int
	for node, c := range count {
		if c == 0 && !removed[node] {
			ready = append(ready, node)
		}
	}
	for len(ready) > 0 {
		node := ready[len(ready)-1]
		ready = ready[:len(ready)-1]
		removed[node] = true
		for _, next := range pointsTo[node] {
			if removed[next] {
				continue
			}
			count[next]--
			if count[next] == 0 {
				ready = append(ready, next)
			}
		}
	}
}

func (g *revisionGraph) describe(nodes []int) string {
	const shown = 10
	var ids []string
	for _, n := range nodes[:min(len(nodes), shown)] {
		ids = append(ids, fmt.Sprintf("%q", g.ids[n]))
	}
	if len(nodes) > shown {
		ids = append(ids, fmt.Sprintf("and %d more", len(nodes)-shown))
	}
	return strings.Join(ids, ", ")
}

// heads returns the nodes no node names as a parent, ascending.
func (g *revisionGraph) heads() []int {
	isParent := make([]bool, len(g.ids))
	for _, parents := range g.parents {
		for _, p := range parents {
			isParent[p] = true
		}
	}
	var heads []int
	for node, parent := range isParent {
		if !parent {
			heads = append(heads, node)
		}
	}
	return heads
}

// ancestors marks node and every revision it descends from.
func (g *revisionGraph) ancestors(node int) []bool {
	marked := make([]bool, len(g.ids))
	g.markAncestors(marked, []int{node})
	return marked
}

// markAncestors marks the nodes of stack and their ancestors, stopping at
// nodes already marked.
func (g *revisionGraph) markAncestors(marked []bool, stack []int) {
	for len(stack) > 0 {
		node := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if marked[node] {
			continue
		}
		marked[node] = true
		stack = append(stack, g.parents[node]...)
	}
}

// bestCommonAncestor returns the smallest-id node among the common
// ancestors of a and b (inclusive ancestor sets) that are not an ancestor of
// another common ancestor, or -1 when a and b share no ancestor.
func (g *revisionGraph) bestCommonAncestor(a, b []bool) int {
	belowCommon := make([]bool, len(g.ids))
	var stack []int
	for node := range a {
		if a[node] && b[node] {
			stack = append(stack, g.parents[node]...)
		}
	}
	g.markAncestors(belowCommon, stack)
	for node := range a {
		if a[node] && b[node] && !belowCommon[node] {
			return node
		}
	}
	return -1
}

// Base returns the revision every head last shared, the one a person
// resolving a conflict compares the sides against: the best common
// ancestor of all heads. ok is false when the heads share no ancestor (or
// there is only one head).
func Base(revisions []Revision) (base Revision, ok bool, err error) {
	g, err := newRevisionGraph(revisions)
	if err != nil {
		return Revision{}, false, err
	}
	heads := g.heads()
	if len(heads) < 2 {
		return Revision{}, false, nil
	}
	common := g.ancestors(heads[0])
	for _, head := range heads[1:] {
		for i, in := range g.ancestors(head) {
			common[i] = common[i] && in
		}
	}
	node := g.bestCommonAncestor(common, common)
	if node < 0 {
		return Revision{}, false, nil
	}
	return Revision{ID: g.ids[node], Text: g.texts[node]}, true, nil
}
