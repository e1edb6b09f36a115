package export

import (
	"bytes"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// dateLayout is how Step dates are written.
const dateLayout = "2006-01-02"

// ICS renders the roadmap as an RFC 5545 calendar named after the
// workspace: one all-day event per step that has a due date, in the given
// order, spanning from its start (or its due date when it has no start, or a
// start after the due date) to the end of its due date. Steps with no valid
// due date are left out. stamp, in UTC, is the DTSTAMP of every event, so the
// caller decides when the export was made and the output stays reproducible.
// With no dated step the calendar has no event; RFC 5545 asks for at least
// one component, so callers may prefer to offer no .ics then.
func ICS(calendar string, steps []Step, stamp time.Time) []byte {
	var b bytes.Buffer
	line := func(name, value string) { writeFolded(&b, name+":"+value) }

	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", "-//Cairn//Cairn//EN")
	line("CALSCALE", "GREGORIAN")
	line("METHOD", "PUBLISH")
	line("X-WR-CALNAME", escapeICSText(oneLine(orDefault(calendar, "Cairn roadmap"))))
	dtstamp := stamp.UTC().Format("20060102T150405Z")
	for i, s := range steps {
		due, err := time.Parse(dateLayout, s.Due)
		if err != nil {
			continue
		}
		start := due
		if t, err := time.Parse(dateLayout, s.Start); err == nil && !t.After(due) {
			start = t
		}
		summary := strings.TrimSpace(orDefault(s.Title, "Untitled step"))
		if s.Milestone {
			summary = "Milestone: " + summary
		}
		status := "CONFIRMED"
		if s.Status == "planned" {
			status = "TENTATIVE"
		}
		id := s.ID
		if strings.TrimSpace(id) == "" {
			id = "step-" + strconv.Itoa(i+1) // UIDs must differ; steps from the store always have an id
		}

		line("BEGIN", "VEVENT")
		line("UID", escapeICSText(id+"@cairn"))
		line("DTSTAMP", dtstamp)
		line("DTSTART;VALUE=DATE", start.Format("20060102"))
		// DTEND is exclusive: an all-day event on the due date ends the day after.
		line("DTEND;VALUE=DATE", due.AddDate(0, 0, 1).Format("20060102"))
		line("SUMMARY", escapeICSText(summary))
		line("DESCRIPTION", escapeICSText(stepDescription(s)))
		line("STATUS", status)
		// A deadline does not make anyone busy all day.
		line("TRANSP", "TRANSPARENT")
		line("END", "VEVENT")
	}
	line("END", "VCALENDAR")
	return b.Bytes()
}

// stepDescription is the event text: status, owner, dependencies, then the
// step's own description.
func stepDescription(s Step) string {
	lines := []string{"Status: " + oneLine(orDefault(s.Status, "planned"))}
	if owner := oneLine(s.Owner); owner != "" {
		lines = append(lines, "Owner: "+owner)
	}
	if len(s.After) > 0 {
		after := make([]string, len(s.After))
		for i, a := range s.After {
			after[i] = oneLine(a)
		}
		lines = append(lines, "After: "+strings.Join(after, "; "))
	}
	if d := strings.TrimSpace(s.Description); d != "" {
		lines = append(lines, "", d)
	}
	return strings.Join(lines, "\n")
}

// escapeICSText writes s as an RFC 5545 TEXT value: backslash, semicolon,
// comma and line breaks are escaped, and other control characters, which
// TEXT may not hold, are dropped.
func escapeICSText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == ';':
			b.WriteString(`\;`)
		case r == ',':
			b.WriteString(`\,`)
		case r == '\n' || r == '\r':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteRune(r)
		case unicode.IsControl(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// maxLineOctets is RFC 5545's limit on a content line, without its CRLF.
const maxLineOctets = 75

// writeFolded writes one content line, folded as RFC 5545 asks: no physical
// line longer than 75 octets, each continuation starting with a space, and
// never a break inside a UTF-8 sequence.
func writeFolded(b *bytes.Buffer, line string) {
	limit := maxLineOctets
	for len(line) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		b.WriteString(line[:cut])
		b.WriteString("\r\n ")
		line = line[cut:]
		limit = maxLineOctets - 1 // the leading space counts
	}
	b.WriteString(line)
	b.WriteString("\r\n")
}
