package textmerge

import "strings"

const (
	oursMarker      = "<<<<<<<"
	baseMarker      = "|||||||"
	separatorMarker = "======="
	theirsMarker    = ">>>>>>>"
)

// renderTwoSided writes chunks as text, each conflict in git's default
// ("merge") style:
//
//	<<<<<<< ours-label
//	ours lines
//	=======
//	theirs lines
//	>>>>>>> theirs-label
func renderTwoSided(chunks []Chunk) string {
	return render(chunks, false)
}

// render writes chunks as text; withBase adds the base lines after a
// "||||||| base-label" marker, as git's diff3 and zdiff3 styles do.
func render(chunks []Chunk, withBase bool) string {
	var text strings.Builder
	for _, chunk := range chunks {
		if chunk.Conflict == nil {
			writeLines(&text, chunk.Lines, "")
			continue
		}
		c := chunk.Conflict
		eol := c.markerEOL
		if eol == "" {
			eol = "\n"
		}
		writeMarker(&text, oursMarker, c.Labels.Ours, eol)
		writeLines(&text, c.Ours, eol)
		if withBase {
			writeMarker(&text, baseMarker, c.Labels.Base, eol)
			writeLines(&text, c.Base, eol)
		}
		writeMarker(&text, separatorMarker, "", eol)
		writeLines(&text, c.Theirs, eol)
		writeMarker(&text, theirsMarker, c.Labels.Theirs, eol)
	}
	return text.String()
}

func writeMarker(text *strings.Builder, marker, label, eol string) {
	text.WriteString(marker)
	if label != "" {
		text.WriteByte(' ')
		text.WriteString(label)
	}
	text.WriteString(eol)
}

// writeLines writes lines; when endWith is set and the last line has no
// terminator (it was the end of its text), it gets endWith so that the
// marker after it starts a line.
func writeLines(text *strings.Builder, lines []string, endWith string) {
	for _, line := range lines {
		text.WriteString(line)
	}
	if endWith != "" && len(lines) > 0 && !strings.HasSuffix(lines[len(lines)-1], "\n") {
		text.WriteString(endWith)
	}
}

// markerEOL picks the line ending of conflict markers as git does
// (xdiff's is_cr_needed): "\r\n" when the line before the conflict in ours,
// the line before it in theirs, and the first line of base all end in
// "\r\n" (a text too short to tell does not object); otherwise "\n".
// oursStart and theirsStart are where the conflict's lines begin.
func markerEOL(base, ours, theirs []string, oursStart, theirsStart int) string {
	crlf := endsInCRLF(ours, lineBefore(oursStart))
	if crlf != no {
		crlf = endsInCRLF(theirs, lineBefore(theirsStart))
	}
	if crlf != no {
		crlf = endsInCRLF(base, 0)
	}
	if crlf == yes {
		return "\r\n"
	}
	return "\n"
}

type answer int

const (
	unknown answer = iota
	no
	yes
)

func lineBefore(start int) int {
	if start == 0 {
		return 0
	}
	return start - 1
}

// endsInCRLF tells whether line i ends in "\r\n". A last line without
// terminator answers for the line before it; a text with no line, or with
// one line and no terminator, cannot tell.
func endsInCRLF(lines []string, i int) answer {
	switch {
	case len(lines) == 0:
		return unknown
	case strings.HasSuffix(lines[i], "\n"):
		return boolAnswer(strings.HasSuffix(lines[i], "\r\n"))
	case i == 0:
		return unknown
	default:
		return boolAnswer(strings.HasSuffix(lines[i-1], "\r\n"))
	}
}

func boolAnswer(b bool) answer {
	if b {
		return yes
	}
	return no
}
