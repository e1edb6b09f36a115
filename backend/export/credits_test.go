package export

import (
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
	nethtml "golang.org/x/net/html"
)

func TestCreditsPage(t *testing.T) {
	got := string(Credits("River guide", []Credit{
		{Name: "Ana", Kinds: []string{"methodology", "code", "conceptualization", "doc", "CODE"}},
		{Name: "Ben", Kinds: []string{"writing-original-draft"}},
		{Name: "Cleo", Kinds: []string{"translation", "no-such-kind", ""}},
		{Name: "Dan", Kinds: []string{"not-a-kind"}},
	}))
	want := "# Credits\n" +
		"\n" +
		"Accepted contributions to River guide.\n" +
		"\n" +
		"## Contributors\n" +
		"\n" +
		"| Contributor | Contributions |\n" +
		"| --- | --- |\n" +
		"| Ana | 💻 Code, 📖 Documentation |\n" +
		"| Cleo | 🌍 Translation |\n" +
		"\n" +
		"## CRediT statement\n" +
		"\n" +
		"Ana: Conceptualization, Methodology. Ben: Writing – original draft.\n"
	if got != want {
		t.Errorf("Credits:\n%s\nwant:\n%s", got, want)
	}
}

func TestCreditsWithoutAcceptedContributions(t *testing.T) {
	for _, credits := range [][]Credit{nil, {{Name: "Ana", Kinds: []string{"bogus"}}}, {{Name: "Ben"}}} {
		got := string(Credits("Guide", credits))
		if want := "# Credits\n\nAccepted contributions to Guide.\n\nNo accepted contributions yet.\n"; got != want {
			t.Errorf("Credits(%v) = %q, want %q", credits, got, want)
		}
	}
}

func TestCreditsEscapeNames(t *testing.T) {
	names := []string{
		"Ana | injected | cells",
		"Ben\n| --- | --- |\n| forged | row",
		"<img src=x onerror=alert(1)>",
		"- Dan",
		"[Eve](https://evil.example)",
		"Fay\\",
	}
	var credits []Credit
	for _, name := range names {
		credits = append(credits, Credit{Name: name, Kinds: []string{"code", "software"}})
	}
	page := Credits("Guide | <b>x</b>", credits)

	// The table has one row per member, each with exactly two cells.
	source := page
	doc := markdownParser.Parse(text.NewReader(source))
	var tables []*extast.Table
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if tbl, ok := n.(*extast.Table); ok {
			tables = append(tables, tbl)
		}
	}
	if len(tables) != 1 {
		t.Fatalf("got %d tables, want 1:\n%s", len(tables), page)
	}
	rows := 0
	for row := tables[0].FirstChild(); row != nil; row = row.NextSibling() {
		if row.Kind() == extast.KindTableRow {
			rows++
		}
		if row.ChildCount() != 2 {
			t.Errorf("a row has %d cells:\n%s", row.ChildCount(), page)
		}
	}
	if rows != len(names) {
		t.Errorf("table has %d rows, want %d:\n%s", rows, len(names), page)
	}

	// Rendered, the names are shown as written and inject nothing.
	html := RenderFragment(string(page))
	for _, bad := range []string{"<img", "<b>", ">Eve</a>", "<li>"} {
		if strings.Contains(html, bad) {
			t.Errorf("credits page renders %q:\n%s", bad, html)
		}
	}
	cells := cellTexts(html)
	for i, name := range names {
		if 2*i >= len(cells) || cells[2*i] != oneLine(name) {
			t.Errorf("name %q is not shown as written; the cells are %q", name, cells)
		}
	}
	statement := page[strings.Index(string(page), "## CRediT statement"):]
	if doc := markdownParser.Parse(text.NewReader(statement)); doc.ChildCount() != 2 || doc.LastChild().Kind() != ast.KindParagraph {
		t.Errorf("the CRediT statement is not one paragraph:\n%s", statement)
	}
}

// cellTexts returns the text of each <td> of an HTML fragment, in order.
func cellTexts(fragment string) []string {
	var texts []string
	in := false
	z := nethtml.NewTokenizer(strings.NewReader(fragment))
	for tt := z.Next(); tt != nethtml.ErrorToken; tt = z.Next() {
		tok := z.Token()
		switch {
		case tt == nethtml.StartTagToken && tok.Data == "td":
			in = true
			texts = append(texts, "")
		case tt == nethtml.EndTagToken && tok.Data == "td":
			in = false
		case tt == nethtml.TextToken && in:
			texts[len(texts)-1] += tok.Data
		}
	}
	return texts
}
