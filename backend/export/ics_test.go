package export

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	ical "github.com/emersion/go-ical"
)

var icsStamp = time.Date(2026, 3, 14, 15, 9, 26, 0, time.FixedZone("CET", 3600))

func icsSteps() []Step {
	return []Step{
		{ID: "s1", Title: "Survey, plan; then\nsample ✅🌊", Description: "Bring nets, jars; a \\ backslash.\r\nSecond line.", Status: "active", Owner: "Ana", Start: "2026-04-01", Due: "2026-04-10"},
		{ID: "s2", Title: "No due date", Status: "planned", Start: "2026-04-01"},
		{ID: "s3", Title: "Launch", Status: "planned", Due: "2026-12-31", Milestone: true, After: []string{"Survey", "Write-up"}},
		{ID: "s4", Title: "Start after due", Status: "done", Start: "2026-05-20", Due: "2026-05-02"},
		{ID: "s5", Title: "Bad due date", Status: "done", Due: "31/05/2026"},
		{ID: "s6", Title: strings.Repeat("Très long titre, avec des accents é et des émojis 🏞️ ", 6), Status: "blocked", Owner: "Zoë Ñandú", Due: "2026-02-28", Description: strings.Repeat("ünïcödé ", 40)},
	}
}

func TestICSImportsIntoACalendarParser(t *testing.T) {
	out := ICS("River, guide; 2026", icsSteps(), icsStamp)

	cal, err := ical.NewDecoder(bytes.NewReader(out)).Decode()
	if err != nil {
		t.Fatalf("decode: %v\n%s", err, out)
	}
	// The parser's encoder checks the properties each component must have.
	if err := ical.NewEncoder(io.Discard).Encode(cal); err != nil {
		t.Errorf("the parsed calendar is not valid: %v", err)
	}
	for prop, want := range map[string]string{
		ical.PropVersion:       "2.0",
		ical.PropProductID:     "-//Cairn//Cairn//EN",
		ical.PropCalendarScale: "GREGORIAN",
	} {
		if got := cal.Props.Get(prop); got == nil || got.Value != want {
			t.Errorf("%s = %v, want %q", prop, got, want)
		}
	}
	if name, err := cal.Props.Text("X-WR-CALNAME"); err != nil || name != "River, guide; 2026" {
		t.Errorf("X-WR-CALNAME = %q, %v", name, err)
	}

	type event struct{ uid, start, end, summary, status string }
	want := []event{
		{"s1@cairn", "20260401", "20260411", "Survey, plan; then\nsample ✅🌊", "CONFIRMED"},
		{"s3@cairn", "20261231", "20270101", "Milestone: Launch", "TENTATIVE"},
		{"s4@cairn", "20260502", "20260503", "Start after due", "CONFIRMED"},
		{"s6@cairn", "20260228", "20260301", strings.TrimSpace(strings.Repeat("Très long titre, avec des accents é et des émojis 🏞️ ", 6)), "CONFIRMED"},
	}
	events := cal.Events()
	if len(events) != len(want) {
		t.Fatalf("got %d events, want %d", len(events), len(want))
	}
	for i, e := range events {
		w := want[i]
		got := event{
			uid:     e.Props.Get(ical.PropUID).Value,
			summary: mustText(t, e.Props, ical.PropSummary),
			status:  e.Props.Get(ical.PropStatus).Value,
		}
		for _, p := range []struct {
			name string
			into *string
		}{{ical.PropDateTimeStart, &got.start}, {ical.PropDateTimeEnd, &got.end}} {
			prop := e.Props.Get(p.name)
			if prop.ValueType() != ical.ValueDate {
				t.Errorf("event %d: %s is a %s, want an all-day DATE", i, p.name, prop.ValueType())
			}
			date, err := prop.DateTime(time.UTC)
			if err != nil {
				t.Fatalf("event %d: %s: %v", i, p.name, err)
			}
			*p.into = date.Format("20060102")
		}
		if got != w {
			t.Errorf("event %d = %+v, want %+v", i, got, w)
		}
		if stamp := e.Props.Get(ical.PropDateTimeStamp).Value; stamp != "20260314T140926Z" {
			t.Errorf("event %d: DTSTAMP = %q, want the stamp in UTC", i, stamp)
		}
	}

	description := mustText(t, events[0].Props, ical.PropDescription)
	if want := "Status: active\nOwner: Ana\n\nBring nets, jars; a \\ backslash.\nSecond line."; description != want {
		t.Errorf("DESCRIPTION = %q, want %q", description, want)
	}
	if description := mustText(t, events[1].Props, ical.PropDescription); !strings.Contains(description, "After: Survey; Write-up") {
		t.Errorf("DESCRIPTION = %q, want the steps it comes after", description)
	}
	if description := mustText(t, events[3].Props, ical.PropDescription); !strings.Contains(description, "Owner: Zoë Ñandú") || !strings.Contains(description, strings.TrimSpace(strings.Repeat("ünïcödé ", 40))) {
		t.Errorf("long DESCRIPTION did not survive folding: %q", description)
	}
}

func TestICSLinesAreFoldedCRLFLines(t *testing.T) {
	out := ICS(strings.Repeat("名前", 60), icsSteps(), icsStamp)
	if !bytes.HasSuffix(out, []byte("END:VCALENDAR\r\n")) {
		t.Errorf("calendar does not end with END:VCALENDAR CRLF")
	}
	lines := bytes.SplitAfter(out, []byte("\n"))
	folded := 0
	for i, line := range lines {
		if len(line) == 0 {
			continue // after the last line
		}
		if !bytes.HasSuffix(line, []byte("\r\n")) || bytes.Count(line, []byte("\r")) != 1 {
			t.Errorf("line %d does not end in a lone CRLF: %q", i, line)
		}
		if n := len(line) - 2; n > 75 {
			t.Errorf("line %d is %d octets long: %q", i, n, line)
		}
		if !utf8.Valid(line) {
			t.Errorf("line %d splits a UTF-8 sequence: %q", i, line)
		}
		if line[0] == ' ' {
			folded++
		}
	}
	if folded == 0 {
		t.Error("no line was folded; the test data should need folding")
	}
}

func TestICSIsDeterministicAndSkipsUndatedSteps(t *testing.T) {
	steps := icsSteps()
	if !bytes.Equal(ICS("c", steps, icsStamp), ICS("c", steps, icsStamp)) {
		t.Error("ICS is not deterministic")
	}
	out := string(ICS("c", []Step{{ID: "x", Title: "No date"}}, icsStamp))
	if strings.Contains(out, "BEGIN:VEVENT") {
		t.Errorf("a step without a due date became an event:\n%s", out)
	}
}

func TestEscapeICSText(t *testing.T) {
	if got, want := escapeICSText("a\\b;c,d\ne\r\nf\x07g\th"), `a\\b\;c\,d\ne\nfg`+"\th"; got != want {
		t.Errorf("escapeICSText = %q, want %q", got, want)
	}
}

func mustText(t *testing.T, props ical.Props, name string) string {
	t.Helper()
	s, err := props.Text(name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return s
}
