package export

import (
	"bytes"
	"encoding/csv"
	"strings"
)

// Step is one step of the roadmap.
type Step struct {
	ID          string
	Title       string
	Description string
	Status      string   // planned|active|blocked|done|validated
	Owner       string   // a display name or ""
	Start       string   // YYYY-MM-DD or ""
	Due         string   // YYYY-MM-DD or ""
	After       []string // titles of steps it depends on
	Milestone   bool
}

// csvHeader names the columns CSV writes, in order.
var csvHeader = []string{"id", "title", "status", "milestone", "owner", "start", "due", "after", "description"}

// CSV renders the steps, in the given order, as RFC 4180 CSV with a header
// row. Milestone is "yes" or "no"; After is joined with "; ".
func CSV(steps []Step) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.UseCRLF = true // as RFC 4180 says; spreadsheets read both
	// Writing to a bytes.Buffer cannot fail, so neither can the writer.
	_ = w.Write(csvHeader)
	for _, s := range steps {
		milestone := "no"
		if s.Milestone {
			milestone = "yes"
		}
		row := []string{s.ID, s.Title, s.Status, milestone, s.Owner, s.Start, s.Due, strings.Join(s.After, "; "), s.Description}
		for i, cell := range row {
			row[i] = safeCell(cell)
		}
		_ = w.Write(row)
	}
	w.Flush()
	return b.Bytes()
}

// safeCell makes line breaks LF (the writer turns them into CRLF) and
// guards the cell against CSV formula injection: a spreadsheet runs a cell
// that begins with = + - @ (or a tab or line break before one) as a formula,
// so such a cell gets a leading apostrophe, which spreadsheets take as "this
// is text". The full-width forms are included because some spreadsheet
// locales treat them as formula starters too.
func safeCell(cell string) string {
	cell = strings.ToValidUTF8(cell, "\uFFFD")
	cell = strings.ReplaceAll(cell, "\r\n", "\n")
	cell = strings.ReplaceAll(cell, "\r", "\n")
	if cell == "" {
		return cell
	}
	switch cell[0] {
	case '=', '+', '-', '@', '\t', '\r', '\n':
		return "'" + cell
	}
	for _, prefix := range []string{"＝", "＋", "－", "＠"} {
		if strings.HasPrefix(cell, prefix) {
			return "'" + cell
		}
	}
	return cell
}
