package export

import (
	"bytes"
	"encoding/csv"
	"reflect"
	"testing"
)

func TestCSVReadsBack(t *testing.T) {
	steps := []Step{
		{ID: "s1", Title: "Survey, \"quoted\"", Description: "Line one\nline two", Status: "active", Owner: "Ana", Start: "2026-04-01", Due: "2026-04-10", After: []string{"Plan", "Permits"}},
		{ID: "s2", Title: "=HYPERLINK(\"http://evil\",\"x\")", Description: "-2+3", Status: "planned", Owner: "@ana", Milestone: true},
		{ID: "s3", Title: "+1", Description: "\tTabbed", Owner: "\rCR", After: []string{"=A1"}},
		{ID: "s4", Title: "＝1+1 full-width", Description: "ok = fine"},
	}
	out := CSV(steps)
	records, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("read back: %v\n%s", err, out)
	}
	want := [][]string{
		{"id", "title", "status", "milestone", "owner", "start", "due", "after", "description"},
		{"s1", "Survey, \"quoted\"", "active", "no", "Ana", "2026-04-01", "2026-04-10", "Plan; Permits", "Line one\nline two"},
		{"s2", "'=HYPERLINK(\"http://evil\",\"x\")", "planned", "yes", "'@ana", "", "", "", "'-2+3"},
		{"s3", "'+1", "", "no", "'\nCR", "", "", "'=A1", "'\tTabbed"},
		{"s4", "'＝1+1 full-width", "", "no", "", "", "", "", "ok = fine"},
	}
	if !reflect.DeepEqual(records, want) {
		t.Errorf("records:\n%q\nwant:\n%q", records, want)
	}
	if !bytes.HasPrefix(out, []byte("id,title,status,milestone,owner,start,due,after,description\r\n")) {
		t.Errorf("header row: %q", out)
	}
	if !bytes.Equal(out, CSV(steps)) {
		t.Error("CSV is not deterministic")
	}
}

func TestCSVOfNoSteps(t *testing.T) {
	if got, want := string(CSV(nil)), "id,title,status,milestone,owner,start,due,after,description\r\n"; got != want {
		t.Errorf("CSV(nil) = %q, want %q", got, want)
	}
}
