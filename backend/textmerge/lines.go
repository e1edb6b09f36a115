package textmerge

import "strings"

// splitLines cuts text after every "\n". Each line keeps its terminator (and
// a "\r" before it), so joining the lines gives the text back byte for byte,
// and "x" at the end of a text differs from "x\n", as it does for git. Only
// the last line may lack a terminator; an empty text has no lines.
func splitLines(text string) []string {
	if text == "" {
		return nil
	}
	lines := make([]string, 0, strings.Count(text, "\n")+1)
	for text != "" {
		end := strings.IndexByte(text, '\n') + 1
		if end == 0 {
			end = len(text)
		}
		lines = append(lines, text[:end])
		text = text[end:]
	}
	return lines
}

// lineTable numbers distinct lines densely from 0, so the diff compares
// integers and can index slices by line number.
type lineTable struct {
	numbers map[string]int
}

func newLineTable() *lineTable {
	return &lineTable{numbers: make(map[string]int)}
}

func (t *lineTable) number(lines []string) []int {
	numbers := make([]int, len(lines))
	for i, line := range lines {
		n, seen := t.numbers[line]
		if !seen {
			n = len(t.numbers)
			t.numbers[line] = n
		}
		numbers[i] = n
	}
	return numbers
}

// size is one more than the largest number handed out.
func (t *lineTable) size() int { return len(t.numbers) }

func equalLines(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
