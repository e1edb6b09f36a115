package textmerge

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// markdownLines returns n lines that look like a long deliverable: headings,
// paragraphs and many blank lines.
func markdownLines(n int) []string {
	lines := make([]string, n)
	for i := range lines {
		switch {
		case i%40 == 0:
			lines[i] = fmt.Sprintf("## Section %d\n", i/40)
		case i%4 == 3:
			lines[i] = "\n"
		default:
			lines[i] = fmt.Sprintf("Sentence %d of the deliverable, with some words in it.\n", i)
		}
	}
	return lines
}

// scatteredEdits rewrites count lines spread over the text; which lines
// depends on seed.
func scatteredEdits(lines []string, count int, who string, seed uint64) string {
	rng := rand.New(rand.NewPCG(seed, seed))
	edited := append([]string(nil), lines...)
	for i := range count {
		at := rng.IntN(len(edited))
		edited[at] = fmt.Sprintf("%s changed line %d\n", who, i)
	}
	return strings.Join(edited, "")
}

func benchmarkMerge(b *testing.B, base, ours, theirs string) {
	b.SetBytes(int64(len(base) + len(ours) + len(theirs)))
	b.ReportAllocs()
	for b.Loop() {
		Merge(base, ours, theirs)
	}
}

// BenchmarkMerge10kLines: two members each edit 1% of a 10,000-line part.
func BenchmarkMerge10kLines(b *testing.B) {
	lines := markdownLines(10_000)
	benchmarkMerge(b, strings.Join(lines, ""), scatteredEdits(lines, 100, "ours", 1), scatteredEdits(lines, 100, "theirs", 2))
}

// BenchmarkMerge10kLinesHeavyEdits: each member rewrites 20% of the lines.
func BenchmarkMerge10kLinesHeavyEdits(b *testing.B) {
	lines := markdownLines(10_000)
	benchmarkMerge(b, strings.Join(lines, ""), scatteredEdits(lines, 2_000, "ours", 1), scatteredEdits(lines, 2_000, "theirs", 2))
}

// BenchmarkMerge10kLinesReplaced: one member replaces the whole text.
func BenchmarkMerge10kLinesReplaced(b *testing.B) {
	lines := markdownLines(10_000)
	replaced := make([]string, len(lines))
	for i := range replaced {
		replaced[i] = fmt.Sprintf("New text, line %d.\n", i)
	}
	benchmarkMerge(b, strings.Join(lines, ""), strings.Join(replaced, ""), scatteredEdits(lines, 100, "theirs", 2))
}

// BenchmarkMerge10kLinesReordered is the worst case for the diff: the same
// few lines in another order, so nothing can be set aside and the edit
// script is long.
func BenchmarkMerge10kLinesReordered(b *testing.B) {
	base, reordered := make([]string, 10_000), make([]string, 10_000)
	for i := range base {
		base[i] = fmt.Sprintf("line %d\n", i%7)
		reordered[i] = fmt.Sprintf("line %d\n", (i*5)%7)
	}
	benchmarkMerge(b, strings.Join(base, ""), strings.Join(reordered, ""), scatteredEdits(base, 100, "theirs", 2))
}

// BenchmarkResolve: a part edited 2,000 times in a line, then by three
// members at once from the same revision.
func BenchmarkResolve(b *testing.B) {
	edit := func(id string, parent Revision, seed uint64) Revision {
		return Revision{ID: id, Parents: []string{parent.ID}, Text: scatteredEdits(splitLines(parent.Text), 2, id, seed)}
	}
	revisions := []Revision{{ID: "rev-00000", Text: strings.Join(markdownLines(500), "")}}
	for i := 1; i < 2_000; i++ {
		revisions = append(revisions, edit(fmt.Sprintf("rev-%05d", i), revisions[i-1], uint64(i)))
	}
	last := revisions[len(revisions)-1]
	for _, member := range []string{"ana", "bo", "chen"} {
		revisions = append(revisions, edit(member, last, uint64(len(member))))
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Resolve(revisions); err != nil {
			b.Fatal(err)
		}
	}
}
