package export

import (
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	nethtml "golang.org/x/net/html"
)

func TestMarkdownLaysOutTitleVisionAndParts(t *testing.T) {
	d := Document{
		Title:  "River guide",
		Vision: "A field guide any river group can use.\r\n",
		Parts: []Part{
			{Title: "Getting started", Text: "\n\nFirst, look at the water.\r\n\r\n- wear boots\r\n- bring a friend\n\n\n"},
			{Title: "Sampling", Text: "<<<<<<< Ana\nTake one litre.\n=======\nTake two litres.\n>>>>>>> Ben\n", Conflicted: true},
			{Title: "Empty so far"},
		},
	}
	want := "# River guide\n" +
		"\n" +
		"A field guide any river group can use.\n" +
		"\n" +
		"## Getting started\n" +
		"\n" +
		"First, look at the water.\n" +
		"\n" +
		"- wear boots\n" +
		"- bring a friend\n" +
		"\n" +
		"## Sampling\n" +
		"\n" +
		conflictNote + "\n" +
		"\n" +
		"<<<<<<< Ana\nTake one litre.\n=======\nTake two litres.\n>>>>>>> Ben\n" +
		"\n" +
		"## Empty so far\n"
	if got := string(Markdown(d)); got != want {
		t.Errorf("Markdown:\n%s\nwant:\n%s", got, want)
	}
	if got, again := Markdown(d), Markdown(d); string(got) != string(again) {
		t.Error("Markdown is not deterministic")
	}
}

func TestMarkdownWithoutVisionOrParts(t *testing.T) {
	if got, want := string(Markdown(Document{Title: "Guide", Vision: "  \n "})), "# Guide\n"; got != want {
		t.Errorf("Markdown = %q, want %q", got, want)
	}
	if got, want := string(Markdown(Document{})), "# Untitled\n"; got != want {
		t.Errorf("Markdown of an empty document = %q, want %q", got, want)
	}
	if got := string(Markdown(Document{Title: "G", Parts: []Part{{Title: "A", Text: "x"}, {Title: "B", Text: "y"}}})); got != "# G\n\n## A\n\nx\n\n## B\n\ny\n" {
		t.Errorf("Markdown = %q", got)
	}
}

func TestMarkdownTitlesStayOneLiteralHeading(t *testing.T) {
	titles := []string{
		"# Not a level one",
		"Two\nlines\r\n## injected",
		"Closing sequence ##",
		"#",
		"[link](https://example.com) and ![img](x.png)",
		"<b>bold</b> &amp; &#60;",
		"*em* _em_ `code` ~~del~~ \\",
		"| a | b |",
		"1. Introduction",
		"- dash",
		"C# -> F#",
		"Writing – review & editing",
		"tab\there\x00nul",
	}
	d := Document{Title: "# Title\n# Second", Vision: "vision"}
	for _, title := range titles {
		d.Parts = append(d.Parts, Part{Title: title, Text: "body"})
	}
	md := Markdown(d)

	var headings []*ast.Heading
	doc := markdownParser.Parse(text.NewReader(md))
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok {
			headings = append(headings, h)
		}
	}
	if len(headings) != 1+len(titles) {
		t.Fatalf("got %d headings, want %d:\n%s", len(headings), 1+len(titles), md)
	}
	for i, h := range headings {
		if want := min(i+1, 2); h.Level != want {
			t.Errorf("heading %d has level %d, want %d", i, h.Level, want)
		}
		// Escapes split a title into several text nodes, and linkify may link
		// a URL in it; anything else (a link, emphasis, raw HTML) means the
		// title was read as Markdown.
		_ = ast.Walk(h, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			switch {
			case !entering || n == h, n.Kind() == ast.KindText, n.Kind() == ast.KindString, n.Kind() == ast.KindAutoLink:
			default:
				t.Errorf("heading %q holds a %s", h.Lines().Value(md), n.Kind())
			}
			return ast.WalkContinue, nil
		})
	}

	// The page shows each title as written, on one line.
	page := RenderFragment(string(md))
	shown := headingTexts(t, page)
	for i, title := range append([]string{d.Title}, titles...) {
		if i >= len(shown) || shown[i] != oneLine(title) {
			t.Errorf("title %q is not shown as written; the page's headings are %q", title, shown)
		}
	}
}

// headingTexts returns the text of each h1 and h2 of an HTML fragment.
func headingTexts(t *testing.T, fragment string) []string {
	t.Helper()
	var texts []string
	in := false
	z := nethtml.NewTokenizer(strings.NewReader(fragment))
	for tt := z.Next(); tt != nethtml.ErrorToken; tt = z.Next() {
		tok := z.Token()
		switch {
		case tt == nethtml.StartTagToken && (tok.Data == "h1" || tok.Data == "h2"):
			in = true
			texts = append(texts, "")
		case tt == nethtml.EndTagToken && (tok.Data == "h1" || tok.Data == "h2"):
			in = false
		case tt == nethtml.TextToken && in:
			texts[len(texts)-1] += tok.Data
		}
	}
	return texts
}

func TestMarkdownClosesBlocksLeftOpen(t *testing.T) {
	texts := []string{
		"```go\nfunc main() {",
		"  ~~~~\ncode\n~~~",
		"````\n```\nstill code",
		"<pre>\npreformatted",
		"<script>\nalert(1)",
		"<textarea>\nx",
		"<!-- a comment that never ends",
		"<?php echo 1;",
		"<!DOCTYPE html",
		"<![CDATA[ data",
		"- item\n\n  ```\n  code in a list",
		"> ```\n> quoted code",
	}
	d := Document{Title: "Guide", Vision: "```\nvision code"}
	for i, text := range texts {
		d.Parts = append(d.Parts, Part{Title: "Part " + string(rune('A'+i)), Text: text})
	}
	md := Markdown(d)
	assertPartHeadings(t, md, d)
	for _, text := range texts {
		if !strings.Contains(string(md), text) {
			t.Errorf("the Markdown lost the text %q", text)
		}
	}
}

// assertPartHeadings checks that every part title of d is a top-level
// level-2 heading of md, in order.
func assertPartHeadings(t *testing.T, md []byte, d Document) {
	t.Helper()
	next := 0
	doc := markdownParser.Parse(text.NewReader(md))
	for n := doc.FirstChild(); n != nil && next < len(d.Parts); n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok && h.Level == 2 && string(h.Lines().Value(md)) == escapeInline(d.Parts[next].Title) {
			next++
		}
	}
	if next < len(d.Parts) {
		t.Errorf("part %q is not a heading of its own:\n%s", d.Parts[next].Title, md)
	}
}

// FuzzMarkdownStructure checks that no part text, however broken, hides the
// headings of the parts after it.
func FuzzMarkdownStructure(f *testing.F) {
	for _, seed := range []string{"```", "~~~\n", "<pre>", "<!--", "<?", "<!X", "<![CDATA[", "- ```", "> <pre>", "    code", "a\n===", "| a |\n|---|"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		d := Document{Title: "Guide", Vision: text, Parts: []Part{{Title: "First", Text: text}, {Title: "Second", Text: text}, {Title: "Third"}}}
		assertPartHeadings(t, Markdown(d), d)
	})
}

func TestEscapeLineStart(t *testing.T) {
	for in, want := range map[string]string{
		"- Ana":    `\- Ana`,
		"+Ben":     `\+Ben`,
		"12. Cleo": `12\. Cleo`,
		"3) Dan":   `3\) Dan`,
		"# Eve":    `\# Eve`,
		"> Fay":    `\> Fay`,
		"2025 Gus": "2025 Gus",
		"Hal":      "Hal",
	} {
		if got := escapeLineStart(in); got != want {
			t.Errorf("escapeLineStart(%q) = %q, want %q", in, got, want)
		}
	}
}
