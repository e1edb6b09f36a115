package export

import (
	"bytes"
	"html"
	"regexp"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// markdownExtensions are GitHub Flavored Markdown: tables, strikethrough,
// autolinks and task lists. It is GFM spelled out so that table alignment
// comes out as an align attribute, which the sanitizer keeps, instead of a
// style attribute, which it drops, and so that bare URLs are linked only for
// the schemes the sanitizer keeps (not ftp:).
var markdownExtensions = []goldmark.Extender{
	extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute)),
	extension.Strikethrough,
	extension.NewLinkify(extension.WithLinkifyAllowedProtocols([]string{"http:", "https:"})),
	extension.TaskList,
}

// markdownConverter is goldmark with markdownExtensions.
//
// Raw HTML is left in goldmark's safe default: it is not passed through, and
// links to javascript:, vbscript:, file: and non-image data: URLs lose their
// destination. The sanitizer below is the boundary all the same.
var markdownConverter = goldmark.New(goldmark.WithExtensions(markdownExtensions...))

// markdownParser parses exactly as markdownConverter does.
var markdownParser = markdownConverter.Parser()

// sanitizer is bluemonday's policy for user-generated content, which keeps
// no script, event handler, style, frame or non-http(s)/mailto URL, plus the
// disabled checkboxes goldmark renders for task list items.
var sanitizer = func() *bluemonday.Policy {
	p := bluemonday.UGCPolicy()
	p.AllowAttrs("type").Matching(regexp.MustCompile(`^checkbox$`)).OnElements("input")
	p.AllowAttrs("checked", "disabled").Matching(regexp.MustCompile(`^(|checked|disabled)$`)).OnElements("input")
	return p
}()

// RenderFragment renders one Markdown text to sanitized HTML, without a
// document around it, exactly as HTML renders a document's body.
func RenderFragment(markdown string) string {
	return string(renderSanitized([]byte(strings.ToValidUTF8(markdown, "\uFFFD"))))
}

func renderSanitized(markdown []byte) []byte {
	var rendered bytes.Buffer
	// goldmark only fails when its writer does; a bytes.Buffer does not.
	_ = markdownConverter.Convert(markdown, &rendered)
	return sanitizer.SanitizeBytes(rendered.Bytes())
}

// HTML renders the document as a standalone HTML5 page: the body is
// Markdown(d) rendered and sanitized, the title is escaped, and the only
// style is the page's own inline sheet. A Content-Security-Policy forbids
// scripts too, should anything ever slip past the sanitizer.
func HTML(d Document) []byte {
	var b bytes.Buffer
	b.WriteString(`<!doctype html>
<html>
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src https: http:; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Cairn">
<title>`)
	b.WriteString(html.EscapeString(oneLine(orDefault(d.Title, "Untitled"))))
	b.WriteString("</title>\n<style>\n")
	b.WriteString(pageStyle)
	b.WriteString("</style>\n</head>\n<body>\n<main>\n")
	b.Write(renderSanitized(Markdown(d)))
	b.WriteString("</main>\n</body>\n</html>\n")
	return b.Bytes()
}

// pageStyle keeps the page readable on screen and on paper without any
// external resource.
const pageStyle = `:root { color-scheme: light dark; }
body { max-width: 42rem; margin: 2rem auto; padding: 0 1rem; font: 1.0625rem/1.6 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328; background: #fff; }
@media (prefers-color-scheme: dark) { body { color: #e6edf3; background: #0d1117; } a { color: #58a6ff; } }
h1, h2, h3, h4 { line-height: 1.25; margin: 2rem 0 0.75rem; }
h1 { font-size: 2rem; }
h2 { font-size: 1.5rem; border-bottom: 1px solid #8884; padding-bottom: 0.25rem; }
p, ul, ol, table, pre, blockquote { margin: 0 0 1rem; }
a { color: #0969da; }
img { max-width: 100%; height: auto; }
code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.9em; }
code { background: #8882; padding: 0.1em 0.3em; border-radius: 4px; }
pre { background: #8881; padding: 0.75rem 1rem; overflow-x: auto; border-radius: 6px; }
pre code { background: none; padding: 0; }
blockquote { border-left: 4px solid #8886; padding: 0 1rem; color: #666; }
table { border-collapse: collapse; display: block; overflow-x: auto; }
th, td { border: 1px solid #8886; padding: 0.3rem 0.6rem; }
li input[type=checkbox] { margin-right: 0.4rem; }
@media print { body { max-width: none; margin: 0; } a { color: inherit; } }
`
