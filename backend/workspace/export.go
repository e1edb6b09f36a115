package workspace

import (
	"strings"
	"time"

	"github.com/cairn-community/cairn/backend/errs"
	"github.com/cairn-community/cairn/backend/export"
)

// ExportFormats are what Export writes.
var ExportFormats = []string{"md", "html", "csv", "ics", "credits"}

// Export renders the deliverable (md, html), the roadmap (csv, ics) or the
// credits from the shared state; now stamps the calendar.
func (s *Snapshot) Export(format string, now time.Time) ([]byte, error) {
	s.needs(NeedAll)
	switch format {
	case "md":
		return export.Markdown(s.document()), nil
	case "html":
		return export.HTML(s.document()), nil
	case "csv":
		return export.CSV(s.exportSteps()), nil
	case "ics":
		return export.ICS(s.Name, s.exportSteps(), now), nil
	case "credits":
		return export.Credits(s.Name, s.exportCredits()), nil
	}
	return nil, errs.OnField("format", "%q is not an export format. Use one of: %s.", format, strings.Join(ExportFormats, ", "))
}

// document is the deliverable in part order.
func (s *Snapshot) document() export.Document {
	doc := export.Document{Title: s.Name, Vision: s.Vision}
	for _, p := range s.Parts {
		doc.Parts = append(doc.Parts, export.Part{Title: p.Title, Text: p.Text, Conflicted: p.Conflicted})
	}
	return doc
}

// exportSteps is the roadmap with names for ids.
func (s *Snapshot) exportSteps() []export.Step {
	titles := map[string]string{}
	for _, st := range s.Steps {
		titles[st.ID] = st.Title
	}
	steps := make([]export.Step, len(s.Steps))
	for i, st := range s.Steps {
		after := make([]string, len(st.After))
		for k, id := range st.After {
			after[k] = titles[id]
		}
		steps[i] = export.Step{ID: st.ID, Title: st.Title, Description: st.Description, Status: st.Status,
			Owner: st.OwnerName, Start: st.Start, Due: st.Due, After: after, Milestone: st.Milestone}
	}
	return steps
}

func (s *Snapshot) exportCredits() []export.Credit {
	var credits []export.Credit
	for _, c := range s.Credits() {
		credits = append(credits, export.Credit{Name: c.Name, Kinds: c.Kinds})
	}
	return credits
}
