package export

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	nethtml "golang.org/x/net/html"
)

// hostileMarkdown are texts a member could write to run code in a reader's
// browser or the app's preview.
var hostileMarkdown = []string{
	`<script>alert(1)</script>`,
	`inline <script>alert(1)</script> script`,
	`<img src=x onerror=alert(1)>`,
	`text <img src=x onerror=alert(1)> inline`,
	`[x](javascript:alert(1))`,
	`[x](JAVASCRIPT:alert(1))`,
	`[x](  jav&#x09;ascript:alert(1))`,
	`[x](java&#115;cript:alert(1))`,
	`[x](vbscript:msgbox(1))`,
	`<javascript:alert(1)>`,
	`[x][r]` + "\n\n" + `[r]: javascript:alert(1)`,
	`![x](javascript:alert(1))`,
	`<a href="javascript:alert(1)">x</a>`,
	`inline <a href="javascript:alert(1)">x</a> link`,
	`<iframe src="https://example.com"></iframe>`,
	`<svg onload=alert(1)>`,
	`<svg><script>alert(1)</script></svg>`,
	`<style>body { display: none }</style>`,
	`<p style="color:red">x</p>`,
	`inline <span style="color:red">x</span>`,
	`[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`,
	`![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)`,
	`![x](data:image/png;base64,iVBORw0KGgo=)`,
	`<object data="x.swf"></object><embed src="x.swf">`,
	`<math><mi xlink:href="javascript:alert(1)">x</mi></math>`,
	`<form action="javascript:alert(1)"><button>x</button></form>`,
	`<details open ontoggle=alert(1)>x</details>`,
	`<body onload=alert(1)>`,
	`<meta http-equiv="refresh" content="0;url=javascript:alert(1)">`,
	`<base href="javascript:alert(1)//">`,
	"<pre>\n<img src=x onerror=alert(1)>\n",
	`</title><script>alert(1)</script>`,
	`| a |` + "\n" + `|---|` + "\n" + `| <img src=x onerror=alert(1)> |`,
	`- [x] <script>alert(1)</script>`,
}

// forbiddenInMarkup must never appear in the tags of rendered member
// content, in any case. Tags are what count: goldmark keeps the text of a
// link it refuses, so "<javascript:alert(1)>" leaves the harmless words
// "javascript:alert(1)" in a paragraph.
var forbiddenInMarkup = []string{"<script", "onerror", "onload", "javascript:", "<iframe", " style=", "<style", "vbscript:", "data:"}

func TestHTMLDropsHostileMarkup(t *testing.T) {
	for _, input := range hostileMarkdown {
		fragment := RenderFragment(input)
		page := HTML(Document{Title: "Guide", Vision: input, Parts: []Part{{Title: "Part", Text: input}}})
		for name, out := range map[string]string{"RenderFragment": fragment, "HTML body": bodyOf(t, page)} {
			markup := strings.ToLower(markupOf(t, out))
			for _, bad := range forbiddenInMarkup {
				if strings.Contains(markup, bad) {
					t.Errorf("%s(%q) keeps %q:\n%s", name, input, bad, out)
				}
			}
			assertSafeHTML(t, input, out)
		}
	}
}

func TestHTMLKeepsOrdinaryMarkdown(t *testing.T) {
	input := strings.Join([]string{
		"### Heading three",
		"Some *emphasis*, **strong**, `code`, ~~struck~~ and a [link](https://example.org/a?b=1&c=2 \"Title\").",
		"- one\n- two\n  1. nested",
		"1. first\n2. second",
		"- [x] done\n- [ ] to do",
		"```go\nfmt.Println(\"<hi>\")\n```",
		"| Left | Right |\n|:-----|------:|\n| a    | b     |",
		"> quoted",
		"Visit https://example.com/page or mail <team@example.org>.",
		"![river](https://example.org/river.png)",
		"---",
	}, "\n\n")
	out := RenderFragment(input)
	for _, want := range []string{
		"<h3>Heading three</h3>",
		"<em>emphasis</em>",
		"<strong>strong</strong>",
		"<code>code</code>",
		"<del>struck</del>",
		`<a href="https://example.org/a?b=1&amp;c=2" title="Title"`,
		"<ul>\n<li>one</li>",
		"<ol>\n<li>nested</li>",
		"<ol>\n<li>first</li>",
		`<input checked="" disabled="" type="checkbox"`,
		`<input disabled="" type="checkbox"`,
		"<pre><code>",
		"fmt.Println(&#34;&lt;hi&gt;&#34;)",
		`<th align="left">Left</th>`,
		`<td align="right">b</td>`,
		"<blockquote>\n<p>quoted</p>",
		`<a href="https://example.com/page"`,
		`<a href="mailto:team@example.org"`,
		`<img src="https://example.org/river.png" alt="river"`,
		"<hr",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("rendered Markdown lacks %q:\n%s", want, out)
		}
	}
}

func TestHTMLIsAStandaloneDocument(t *testing.T) {
	d := Document{
		Title:  "Guide </title><script>alert(1)</script> & more",
		Vision: "Clean rivers.",
		Parts:  []Part{{Title: "Part </h2><script>", Text: "Hello."}, {Title: "Conflict", Text: "x", Conflicted: true}},
	}
	page := string(HTML(d))
	for _, want := range []string{
		"<!doctype html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n",
		"<title>Guide &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; more</title>",
		"<style>\n",
		"<h1>Guide &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; more</h1>",
		"<p>Clean rivers.</p>",
		"<h2>Part &lt;/h2&gt;&lt;script&gt;</h2>",
		"<p>Hello.</p>",
		"<em>This part has an unresolved editing conflict",
		"</main>\n</body>\n</html>\n",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q:\n%s", want, page)
		}
	}
	if n := strings.Count(strings.ToLower(page), "<script"); n != 0 {
		t.Errorf("page has %d script tags", n)
	}
	if n := strings.Count(page, "</title>"); n != 1 {
		t.Errorf("page closes its title %d times", n)
	}
	if !bytes.Equal(HTML(d), HTML(d)) {
		t.Error("HTML is not deterministic")
	}
	// The body is the sanitized rendering of Markdown(d), as the preview shows it.
	if body := bodyOf(t, []byte(page)); body != RenderFragment(string(Markdown(d))) {
		t.Errorf("body differs from RenderFragment(Markdown(d)):\n%s", body)
	}
}

// FuzzHTML checks that no part text gets markup that runs code or restyles
// the page into the output, and that the output is valid UTF-8.
func FuzzHTML(f *testing.F) {
	for _, seed := range hostileMarkdown {
		f.Add(seed)
	}
	f.Add("# Title\n\nplain *text* with [a link](https://example.com)")
	f.Add("\xff\xfe invalid UTF-8 \xc3")
	f.Add("<scr<script>ipt>alert(1)</script>")
	f.Add("<a href=\"jav\tascript:alert(1)\">x</a>")
	f.Fuzz(func(t *testing.T, text string) {
		page := HTML(Document{Title: text, Vision: text, Parts: []Part{{Title: text, Text: text, Conflicted: true}}})
		fragment := RenderFragment(text)
		if !utf8.Valid(page) || !utf8.ValidString(fragment) {
			t.Fatalf("output is not valid UTF-8 for %q", text)
		}
		for _, out := range []string{bodyOf(t, page), fragment} {
			// Text is escaped, so these can only appear as real tags.
			lower := strings.ToLower(out)
			for _, tag := range []string{"<script", "<iframe", "<style", "<svg", "<object", "<embed"} {
				if strings.Contains(lower, tag) {
					t.Fatalf("%q renders a %s tag:\n%s", text, tag, out)
				}
			}
			// onerror or javascript: may be harmless words in text, so the
			// other properties are checked on the parsed markup.
			assertSafeHTML(t, text, out)
		}
	})
}

// assertSafeHTML parses out as a browser would and fails on any element,
// attribute or URL that can run code or style the page.
func assertSafeHTML(t *testing.T, input, out string) {
	t.Helper()
	forbiddenElements := map[string]bool{
		"script": true, "iframe": true, "frame": true, "frameset": true, "object": true, "embed": true,
		"style": true, "link": true, "meta": true, "base": true, "svg": true, "math": true, "form": true,
		"button": true, "textarea": true, "select": true, "html": true, "head": true, "body": true, "title": true,
	}
	urlAttributes := map[string]bool{
		"href": true, "src": true, "cite": true, "action": true, "formaction": true, "poster": true,
		"background": true, "srcset": true, "data": true, "xlink:href": true, "longdesc": true, "usemap": true,
	}
	z := nethtml.NewTokenizer(strings.NewReader(out))
	for {
		tt := z.Next()
		if tt == nethtml.ErrorToken {
			if z.Err() != io.EOF {
				t.Fatalf("%q: output does not parse: %v", input, z.Err())
			}
			return
		}
		tok := z.Token()
		switch tt {
		case nethtml.CommentToken, nethtml.DoctypeToken:
			t.Errorf("%q: output has a %v: %s", input, tt, tok)
		case nethtml.StartTagToken, nethtml.SelfClosingTagToken:
			if forbiddenElements[tok.Data] {
				t.Errorf("%q: output has a <%s>: %s", input, tok.Data, out)
			}
			if tok.Data == "input" && !hasAttr(tok, "disabled") {
				t.Errorf("%q: output has an enabled input: %s", input, out)
			}
			for _, a := range tok.Attr {
				name := strings.ToLower(a.Key)
				if strings.HasPrefix(name, "on") || name == "style" || name == "class" && tok.Data != "code" {
					t.Errorf("%q: <%s> keeps the attribute %s=%q", input, tok.Data, a.Key, a.Val)
				}
				if urlAttributes[name] && !safeURL(a.Val) {
					t.Errorf("%q: <%s> keeps the URL %s=%q", input, tok.Data, a.Key, a.Val)
				}
			}
		}
	}
}

func hasAttr(tok nethtml.Token, name string) bool {
	for _, a := range tok.Attr {
		if a.Key == name {
			return true
		}
	}
	return false
}

// safeURL says whether a browser would load or follow u without running
// code: it is relative, or http(s) or mailto. Browsers skip tabs, newlines
// and leading control characters in a scheme, so they are skipped here too.
func safeURL(u string) bool {
	u = strings.ToLower(strings.Map(func(r rune) rune {
		if r <= ' ' {
			return -1
		}
		return r
	}, u))
	scheme, _, found := strings.Cut(u, ":")
	if !found || strings.ContainsAny(scheme, "/?#") {
		return true // no scheme: a relative URL
	}
	return scheme == "http" || scheme == "https" || scheme == "mailto"
}

// markupOf returns the tags of an HTML fragment, as written, without the
// text between them.
func markupOf(t *testing.T, fragment string) string {
	t.Helper()
	var b strings.Builder
	z := nethtml.NewTokenizer(strings.NewReader(fragment))
	for tt := z.Next(); tt != nethtml.ErrorToken; tt = z.Next() {
		if tt != nethtml.TextToken {
			b.Write(z.Raw())
		}
	}
	return b.String()
}

// bodyOf returns what is inside a page's <main>, the part rendered from
// member content.
func bodyOf(t *testing.T, page []byte) string {
	t.Helper()
	s := string(page)
	start := strings.Index(s, "<main>\n")
	end := strings.LastIndex(s, "</main>")
	if start < 0 || end < start {
		t.Fatalf("page has no <main>:\n%s", s)
	}
	return s[start+len("<main>\n") : end]
}
