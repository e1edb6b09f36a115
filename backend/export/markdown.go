package export

import (
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// Document is the deliverable in part order.
type Document struct {
	Title  string // the workspace name
	Vision string // may be ""
	Parts  []Part
}

// Part is one section of the deliverable.
type Part struct {
	Title      string
	Text       string // Markdown written by members: untrusted
	Conflicted bool   // the text shows both sides of an unresolved conflict
}

// conflictNote is the line put before the text of a conflicted part.
const conflictNote = "*This part has an unresolved editing conflict: both versions are shown below until a member resolves it.*"

// Markdown renders the document: its title as a level-1 heading, the vision
// as it was written (not quoted), then each part under a level-2 heading,
// a conflicted part with a one-line italic note before its text.
//
// Titles are escaped to stay one literal heading line. Vision and part texts
// are Markdown and kept as written, except that line endings are made LF,
// leading and trailing blank lines are dropped, raw HTML is escaped to show
// as text and unsafe link URLs are dropped (see inertMarkdown), and a block
// left open at the end of a text (an unclosed ``` fence) is closed so that it
// cannot swallow the parts after it.
func Markdown(d Document) []byte {
	blocks := []string{"# " + escapeInline(orDefault(d.Title, "Untitled")) + "\n"}
	if vision := memberText(d.Vision); vision != "" {
		blocks = append(blocks, vision)
	}
	for _, p := range d.Parts {
		block := "## " + escapeInline(orDefault(p.Title, "Untitled part")) + "\n"
		if p.Conflicted {
			block += "\n" + conflictNote + "\n"
		}
		if body := memberText(p.Text); body != "" {
			block += "\n" + body
		}
		blocks = append(blocks, block)
	}
	return []byte(strings.Join(blocks, "\n"))
}

// memberText normalises a member's Markdown text into an inert block ending
// in exactly one newline, or "" when there is nothing to show.
func memberText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.TrimRight(s, " \t\n")
	// Drop leading blank lines but keep the first line's indentation, which
	// can be meaningful (an indented code block).
	for {
		line, rest, found := strings.Cut(s, "\n")
		if !found || strings.TrimSpace(line) != "" {
			break
		}
		s = rest
	}
	if strings.TrimSpace(s) == "" {
		return ""
	}
	return sealBlocks(inertMarkdown(s + "\n"))
}

// orDefault returns fallback when s has no visible text.
func orDefault(s, fallback string) string {
	if strings.TrimSpace(s) == "" {
		return fallback
	}
	return s
}

// oneLine turns s into a single line of valid UTF-8 (strings.Map replaces
// invalid bytes): control characters and every kind of line break or space
// run become one space.
func oneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// escapeInline makes s a single line of literal Markdown inline text: it
// cannot start a link, emphasis, code span, raw HTML, entity or table cell,
// nor end in a heading's closing "#" sequence. Characters that are harmless
// mid-line ("->", "C#", "review & editing") are left alone so the Markdown
// stays readable. Use escapeLineStart where the text begins a paragraph.
func escapeInline(s string) string {
	s = oneLine(s)
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\\', '`', '*', '_', '[', ']', '<', '~', '|':
			b.WriteByte('\\')
		case '&':
			// Only "&name;" and "&#…;" are entity references.
			if i+1 < len(s) && (isASCIIAlnum(s[i+1]) || s[i+1] == '#') {
				b.WriteByte('\\')
			}
		case '#':
			// A run of '#' that ends a heading line after a space is its closing
			// sequence; escaping its first '#' breaks it ("C#" is no such run).
			if (i == 0 || s[i-1] == ' ') && strings.Trim(s[i:], "#") == "" {
				b.WriteByte('\\')
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

// escapeLineStart is escapeInline for text that begins a paragraph line,
// where "#", ">", "- ", "+ " and "1. " would start another block.
func escapeLineStart(s string) string {
	s = escapeInline(s)
	if s == "" {
		return s
	}
	switch s[0] {
	case '#', '>', '-', '+', '=':
		return "\\" + s
	}
	digits := 0
	for digits < len(s) && s[digits] >= '0' && s[digits] <= '9' {
		digits++
	}
	if digits > 0 && digits < len(s) && (s[digits] == '.' || s[digits] == ')') {
		return s[:digits] + "\\" + s[digits:]
	}
	return s
}

func isASCIIAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// sealBlocks closes a fenced code block or HTML block that text leaves open
// at its end. Such a block would otherwise run on through the next part's
// heading and the rest of the document. Other blocks all end at the blank
// line that follows every text. If closing fails, the text is shown as a
// code block so the document around it keeps its shape.
func sealBlocks(text string) string {
	if !leaksIntoNextBlock(text) {
		return text
	}
	if closer := openBlockCloser(text); closer != "" {
		if sealed := text + closer + "\n"; !leaksIntoNextBlock(sealed) {
			return sealed
		}
	}
	return asCodeBlock(text)
}

// probeHeading stands for the heading of the part that follows a text.
const probeHeading = "## cairn-probe"

// leaksIntoNextBlock says whether a heading placed after text, as the next
// part's is, would fail to parse as a heading of its own.
func leaksIntoNextBlock(text string) bool {
	source := []byte(text + "\n" + probeHeading + "\n")
	last := markdownParser.Parse(newReader(source)).LastChild()
	heading, ok := last.(*ast.Heading)
	return !ok || heading.Level != 2 || string(heading.Lines().Value(source)) != probeHeading[3:]
}

// openBlockCloser returns the line that ends the block text leaves open, or
// "" when it is none this package knows how to close.
func openBlockCloser(text string) string {
	source := []byte(text)
	switch block := markdownParser.Parse(newReader(source)).LastChild().(type) {
	case *ast.FencedCodeBlock:
		// The block starts at its opening fence; a closing fence must use the
		// same character and be at least as long.
		start := block.Pos()
		if start < 0 || start >= len(source) {
			return ""
		}
		char := source[start]
		return strings.Repeat(string(char), longestRunAt(source, start, char))
	case *ast.HTMLBlock:
		if block.HasClosure() {
			return ""
		}
		switch block.HTMLBlockType {
		case ast.HTMLBlockType1:
			var first string
			if block.Lines().Len() > 0 {
				line := block.Lines().At(0)
				first = strings.ToLower(string(line.Value(source)))
			}
			for _, tag := range []string{"script", "pre", "style", "textarea"} {
				if strings.Contains(first, "<"+tag) {
					return "</" + tag + ">"
				}
			}
			return "</pre>"
		case ast.HTMLBlockType2:
			return "-->"
		case ast.HTMLBlockType3:
			return "?>"
		case ast.HTMLBlockType4:
			return ">"
		case ast.HTMLBlockType5:
			return "]]>"
		}
	}
	return ""
}

func newReader(source []byte) text.Reader { return text.NewReader(source) }

// longestRun is the length of the longest run of c in s.
func longestRun(s string, c byte) int {
	longest, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return longest
}

// longestRunAt is the length of the run of c starting at source[start].
func longestRunAt(source []byte, start int, c byte) int {
	n := 0
	for start+n < len(source) && source[start+n] == c {
		n++
	}
	return n
}
