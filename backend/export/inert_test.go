package export

import (
	"bytes"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	goldhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
)

// unsafeConverter renders Markdown as a viewer that passes raw HTML through
// would: goldmark as the export configures it, with HTML allowed.
var unsafeConverter = goldmark.New(goldmark.WithExtensions(markdownExtensions...), goldmark.WithRendererOptions(goldhtml.WithUnsafe()))

func TestInertMarkdownEscapesRawHTMLAndUnsafeURLs(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"<script>alert(1)</script>", `\<script>alert(1)\</script>`},
		{"inline <script>alert(1)</script> script", `inline \<script>alert(1)\</script> script`},
		{"<img src=x onerror=alert(1)>", `\<img src=x onerror=alert(1)>`},
		{"text <img src=x onerror=alert(1)> inline", `text \<img src=x onerror=alert(1)> inline`},
		{`<iframe src="https://example.com"></iframe>`, `\<iframe src="https://example.com">\</iframe>`},
		{"<svg onload=alert(1)>", `\<svg onload=alert(1)>`},
		{"<!-- hidden -->", `\<!-- hidden -->`},
		{"a <!-- hidden <b>x</b> --> b", `a \<!-- hidden \<b>x\</b> --> b`},
		{"<?php echo 1; ?>", `\<?php echo 1; ?>`},
		{"a <?php echo 1; ?> b", `a \<?php echo 1; ?> b`},
		{"<!DOCTYPE html>", `\<!DOCTYPE html>`},
		{"<![CDATA[ x ]]>", `\<![CDATA[ x ]]>`},
		{"a <![CDATA[ x ]]> b", `a \<![CDATA[ x ]]> b`},
		{"<pre>\n<img src=x onerror=alert(1)>\n</pre>", "\\<pre>\n\\<img src=x onerror=alert(1)>\n\\</pre>"},
		{"<div>\n*kept* and <span onclick=x>y</span>\n</div>", "\\<div>\n*kept* and \\<span onclick=x>y\\</span>\n\\</div>"},
		{"> <div onclick=x>\n> quoted", "> \\<div onclick=x>\n> quoted"},
		{"- [x] <script>alert(1)</script>", `- [x] \<script>alert(1)\</script>`},
		{"| a |\n|---|\n| <img src=x onerror=alert(1)> |", "| a |\n|---|\n| \\<img src=x onerror=alert(1)> |"},
		{`<a href="javascript:alert(1)">x</a>`, `\<a href="javascript:alert(1)">x\</a>`},
		{`<a title="\<b>">`, `\<a title="\\\<b>">`},
		{"[x](javascript:alert(1))", "[x](<>)"},
		{"[x](JAVASCRIPT:alert(1) \"t\")", "[x](<> \"t\")"},
		{"[x](<javascript:alert(1)>)", "[x](<>)"},
		{"[x](  jav&#x09;ascript:alert(1))", "[x](  <>)"},
		{"[x](java&#115;cript:alert(1))", "[x](<>)"},
		{`[x](java\script:alert(1))`, "[x](<>)"},
		{"[x](vbscript:msgbox(1))", "[x](<>)"},
		{"[x](data:text/html;base64,PHNjcmlwdD4=)", "[x](<>)"},
		{"![x](data:image/png;base64,iVBORw0KGgo=)", "![x](<>)"},
		{"![x](javascript:alert(1))", "![x](<>)"},
		{"[x](file:///etc/passwd)", "[x](<>)"},
		{"[x][r]\n\n[r]: javascript:alert(1)", "[x][r]\n\n[r]: <>"},
		{"[x][r] [y][r]\n\n[r]: javascript:alert(1) \"t\"", "[x][r] [y][r]\n\n[r]: <> \"t\""},
		{"[r]: data:text/html,x", "[r]: <>"},
		{"<javascript:alert(1)>", `\<javascript:alert(1)>`},
		{"<ftp://example.com/file>", `\<ftp://example.com/file>`},
		{"[**a** <b>b</b>](javascript:x)", `[**a** \<b>b\</b>](<>)`},
	} {
		got := inertMarkdown(c.in)
		if got != c.want {
			t.Errorf("inertMarkdown(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
		assertInertMarkdown(t, c.in, []byte(got))
		if again := inertMarkdown(got); again != got {
			t.Errorf("inertMarkdown is not idempotent on %q: %q, then %q", c.in, got, again)
		}
	}
}

func TestInertMarkdownKeepsOrdinaryMarkdown(t *testing.T) {
	for _, in := range []string{
		"# Heading\n\n## Sub *heading*\n",
		"Some *emphasis*, **strong**, ~~struck~~ and `code <script>alert(1)</script>`.",
		"``a `<img onerror=x>` b``",
		"```html\n<script>alert(1)</script>\n<img src=x onerror=alert(1)>\n```",
		"~~~\n<!-- comment -->\n~~~",
		"    <iframe src=x></iframe>\n    indented code",
		"- one\n- two\n  1. nested\n",
		"- [x] done\n- [ ] to do",
		"> quoted\n> > twice",
		"[link](https://example.org/a?b=1&c=2 \"Title\") [mail](mailto:team@example.org) [rel](docs/guide.md) [anchor](#part) [root](/x) [proto](//example.org)",
		"[a link with a colon](notes/a:b) and [query](?q=javascript:x)",
		"![river](https://example.org/river.png) ![local](img/river.png)",
		"[ref][r] and [r]\n\n[r]: https://example.org \"Ref\"",
		"Autolinks <https://example.com/x> <team@example.org> www.example.com https://example.com/y",
		"a < b > c, x <= y, 5 <3, <> and < div>",
		"&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#60;b&#62;",
		"\\<b>already escaped\\</b>",
		"<<<<<<< Ana\nTake one litre.\n=======\nTake two litres.\n>>>>>>> Ben\n",
		"| Left | Right |\n|:-----|------:|\n| a    | b     |",
		"Plain text mentioning javascript:alert(1) and ftp://example.com is only text.",
		"---\n\nC# -> F#, review & editing, 3 * 4 = 12",
	} {
		if got := inertMarkdown(in); got != in {
			t.Errorf("inertMarkdown changed ordinary Markdown:\n in %q\ngot %q", in, got)
		}
		assertInertMarkdown(t, in, []byte(in))
	}
}

// TestPublishedPagesAreInert checks every Markdown page a snapshot
// publishes, with hostile text wherever people's text goes.
func TestPublishedPagesAreInert(t *testing.T) {
	for _, hostile := range append(hostileMarkdown, "<script>\nalert(1)", "<!-- never closed", "x <img\nsrc=x\nonerror=alert(1)>") {
		d := Document{Title: hostile, Vision: hostile, Parts: []Part{{Title: hostile, Text: hostile}, {Title: "Second", Text: hostile, Conflicted: true}}}
		md := Markdown(d)
		assertInertMarkdown(t, hostile, md)
		assertPartHeadings(t, md, d)
		assertInertMarkdown(t, hostile, ReadMe(Overview{Title: hostile, Vision: hostile, Parts: 1, Milestones: []Milestone{{Title: hostile, Status: hostile, Due: hostile}}}))
		assertInertMarkdown(t, hostile, RoadmapPage(hostile, []Step{{Title: hostile, Status: hostile, Owner: hostile, Start: hostile, Due: hostile, After: []string{hostile}, Milestone: true}}))
		assertInertMarkdown(t, hostile, RolesPage(hostile, []Role{{Name: hostile, Who: hostile, When: hostile, How: hostile, Can: []string{hostile}, Members: []string{hostile}}}))
		assertInertMarkdown(t, hostile, Credits(hostile, []Credit{{Name: hostile, Kinds: []string{"code", "writing-original-draft"}}}))
	}
	// What a member wrote stays visible, as text.
	md := string(Markdown(Document{Title: "G", Parts: []Part{{Title: "P", Text: "Hi <img src=x onerror=alert(1)> there\n\n<script>alert(1)</script>"}}}))
	if !strings.Contains(md, `Hi \<img src=x onerror=alert(1)> there`) || !strings.Contains(md, `\<script>alert(1)\</script>`) {
		t.Errorf("the Markdown does not show the raw HTML as text:\n%s", md)
	}
}

// FuzzPublishedMarkdown checks that published Markdown, rendered by a viewer
// that passes raw HTML through, has no script, event handler or unsafe URL,
// and that making a text inert is idempotent.
func FuzzPublishedMarkdown(f *testing.F) {
	for _, seed := range hostileMarkdown {
		f.Add(seed)
	}
	for _, seed := range []string{
		"<div>\n*x* <span onclick=x>y</span>\n</div>",
		"<a title=\"\\<b>\">",
		"a <!-- <b> --> <?x?> <![CDATA[y]]> <!X>",
		"[x][r]\n\n[r]: javascript:alert(1) \"t\"",
		"- a\n\n\t<script>alert(1)</script>",
		"> [x](\n> javascript:alert(1))",
		"```\n<script>alert(1)</script>\n```",
		"`<script>` <https://example.com> www.example.com",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		once := inertMarkdown(text)
		if twice := inertMarkdown(once); twice != once {
			t.Fatalf("inertMarkdown is not idempotent on %q:\n%q\nthen\n%q", text, once, twice)
		}
		assertInertMarkdown(t, text, []byte(once))
		d := Document{Title: text, Vision: text, Parts: []Part{{Title: text, Text: text, Conflicted: true}, {Title: "Second", Text: text}}}
		assertInertMarkdown(t, text, Markdown(d))
		assertInertMarkdown(t, text, ReadMe(Overview{Title: text, Vision: text, Milestones: []Milestone{{Title: text, Status: text}}}))
		assertInertMarkdown(t, text, RoadmapPage(text, []Step{{Title: text, Status: text, Owner: text, After: []string{text}}}))
		assertInertMarkdown(t, text, RolesPage(text, []Role{{Name: text, Who: text, Can: []string{text}, Members: []string{text}}}))
	})
}

// assertInertMarkdown fails when md holds raw HTML or a link to an unsafe
// URL, read by goldmark, or when its rendering with raw HTML passed through
// has a script, an event handler or an unsafe URL.
func assertInertMarkdown(t *testing.T, input string, md []byte) {
	t.Helper()
	doc := markdownParser.Parse(text.NewReader(md))
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var url []byte
		switch n := n.(type) {
		case *ast.HTMLBlock, *ast.RawHTML:
			t.Errorf("%q: the Markdown keeps raw HTML (%s):\n%s", input, n.Kind(), md)
		case *ast.Link:
			url = n.Destination
		case *ast.Image:
			url = n.Destination
		case *ast.LinkReferenceDefinition:
			url = n.Destination
		case *ast.AutoLink:
			url = n.URL(md)
		}
		if url != nil && !safeDestination(url) {
			t.Errorf("%q: the Markdown keeps the URL %q:\n%s", input, url, md)
		}
		return ast.WalkContinue, nil
	})
	var rendered bytes.Buffer
	if err := unsafeConverter.Convert(md, &rendered); err != nil {
		t.Fatal(err)
	}
	out := rendered.String()
	if strings.Contains(strings.ToLower(out), "<script") {
		t.Errorf("%q: the Markdown renders a script:\n%s", input, out)
	}
	assertSafeHTML(t, input, out)
}
