package export

import (
	"bytes"
	"html"
	"sort"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// inertMarkdown returns a member's Markdown text with nothing left in it that
// a viewer could run or load from an unsafe URL, however it renders raw HTML:
//
//   - every HTML block and inline raw HTML (tags, comments, processing
//     instructions, declarations, CDATA) has each of its "<" escaped as "\<",
//     so it shows as the text that was written instead of disappearing;
//   - every link, image, reference definition and autolink whose URL is not
//     relative, http, https or mailto loses it: a link or image keeps its
//     text and gets an empty destination, as goldmark gives it in the HTML
//     export, and an autolink "<javascript:…>" is escaped into text.
//
// All else, code spans and code blocks included, is kept byte for byte. Only
// the source ranges goldmark's AST points at are rewritten, then the result
// is parsed again, because escaping an HTML block turns its lines into
// Markdown that may hold more of the same. The result is a fixed point:
// inertMarkdown(inertMarkdown(s)) == inertMarkdown(s). A text that does not
// settle within a few passes is shown whole as a code block.
func inertMarkdown(s string) string {
	source := []byte(s)
	for pass := 0; pass <= maxInertPasses; pass++ {
		edits, ok := inertEdits(source)
		if !ok {
			break
		}
		if len(edits) == 0 {
			return string(source)
		}
		source = applyEdits(source, edits)
	}
	if !strings.HasSuffix(s, "\n") {
		s += "\n"
	}
	return asCodeBlock(s)
}

// maxInertPasses bounds the parses of inertMarkdown. Texts met in practice
// settle in one or two passes after the first.
const maxInertPasses = 8

// edit replaces source[start:end] with text; start == end inserts it.
type edit struct {
	start, end int
	text       string
}

// inertEdits lists the rewrites that make source inert, or returns false when
// an unsafe construct cannot be located in source.
func inertEdits(source []byte) ([]edit, bool) {
	var edits []edit
	ok := true
	escapeAngles := func(s text.Segment) {
		for i := s.Start; i < s.Stop && i < len(source); i++ {
			if source[i] == '<' {
				edits = append(edits, edit{i, i, `\`})
			}
		}
	}
	// neutralize empties destination, which is unsafe, or failing that
	// escapes the "[" at open so that there is no link at all.
	neutralize := func(destination []byte, open int) {
		if off, found := offsetIn(source, destination); found {
			end := off + len(destination)
			if off > 0 && source[off-1] == '<' && end < len(source) && source[end] == '>' {
				edits = append(edits, edit{off, end, ""}) // [x](<…>) or [r]: <…>
			} else {
				edits = append(edits, edit{off, end, "<>"})
			}
			return
		}
		if open >= 0 && open < len(source) && source[open] == '!' {
			open++
		}
		if open >= 0 && open < len(source) && source[open] == '[' {
			edits = append(edits, edit{open, open, `\`})
			return
		}
		ok = false
	}
	doc := markdownParser.Parse(text.NewReader(source))
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.HTMLBlock:
			for i := 0; i < n.Lines().Len(); i++ {
				escapeAngles(n.Lines().At(i))
			}
			if n.HasClosure() {
				escapeAngles(n.ClosureLine)
			}
		case *ast.RawHTML:
			for i := 0; i < n.Segments.Len(); i++ {
				escapeAngles(n.Segments.At(i))
			}
		case *ast.Link:
			if !safeDestination(n.Destination) {
				neutralize(n.Destination, n.Pos())
			}
		case *ast.Image:
			if !safeDestination(n.Destination) {
				neutralize(n.Destination, n.Pos())
			}
		case *ast.LinkReferenceDefinition:
			if !safeDestination(n.Destination) {
				neutralize(n.Destination, n.Pos())
			}
		case *ast.AutoLink:
			if n.AutoLinkType == ast.AutoLinkURL && !safeDestination(n.URL(source)) {
				// Only "<scheme:…>" can carry an unsafe scheme: bare URLs
				// are linked for http and https alone.
				off, found := offsetIn(source, n.Label(source))
				if found && off > 0 && source[off-1] == '<' {
					edits = append(edits, edit{off - 1, off - 1, `\`})
				} else {
					ok = false
				}
			}
		}
		return ast.WalkContinue, nil
	})
	return edits, ok
}

// applyEdits applies edits to source, dropping repeated and overlapping ones
// (a reference definition is reached once per link that uses it).
func applyEdits(source []byte, edits []edit) []byte {
	sort.SliceStable(edits, func(i, j int) bool {
		if edits[i].start != edits[j].start {
			return edits[i].start < edits[j].start
		}
		return edits[i].end < edits[j].end
	})
	var out bytes.Buffer
	done := 0
	for i, e := range edits {
		if i > 0 && e == edits[i-1] || e.start < done {
			continue
		}
		out.Write(source[done:e.start])
		out.WriteString(e.text)
		done = e.end
	}
	out.Write(source[done:])
	return out.Bytes()
}

// offsetIn returns where part starts in source when part is a slice of
// source's own bytes, as goldmark hands out a link's destination or an
// autolink's label when it did not have to copy them.
func offsetIn(source, part []byte) (int, bool) {
	if len(part) == 0 || cap(part) > cap(source) {
		return 0, false
	}
	off := cap(source) - cap(part)
	if off+len(part) > len(source) || &source[off] != &part[0] {
		return 0, false
	}
	return off, true
}

// safeDestination says whether a Markdown link destination, as written, is
// relative or an http, https or mailto URL once a renderer resolves its
// backslash escapes and entities and a browser drops the spaces and control
// characters it ignores. It errs on the side of unsafe: any other scheme,
// javascript:, vbscript:, data: and file: included, is refused.
func safeDestination(destination []byte) bool {
	u := strings.ReplaceAll(string(destination), `\`, "")
	u = strings.ToLower(strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f {
			return -1
		}
		return r
	}, html.UnescapeString(u)))
	scheme, _, found := strings.Cut(u, ":")
	if !found || strings.ContainsAny(scheme, "/?#") {
		return true // no scheme: a relative URL
	}
	return scheme == "http" || scheme == "https" || scheme == "mailto"
}

// asCodeBlock shows text, which ends in a newline, as a fenced code block.
func asCodeBlock(text string) string {
	fence := strings.Repeat("`", max(3, longestRun(text, '`')+1))
	return fence + "\n" + text + fence + "\n"
}
