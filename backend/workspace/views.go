package workspace

import "github.com/cairn-community/cairn/backend/store"

// The rows the store reads, as the app and the command line show them:
// the views have their own types, so the store's may change without the
// window's or a script's noticing, and no store type crosses the bridge.

// Member is one key the workspace knows: from a join request, an approval,
// or the founding.
type Member struct {
	Key         string   `json:"key"`
	Name        string   `json:"name"`
	Approved    bool     `json:"approved"`
	Removed     bool     `json:"removed"`
	Permissions []string `json:"permissions"`
	Roles       []string `json:"roles"`
	Devices     []string `json:"devices"` // replicas their changes came from
	// AsksDeviceOf: this key asks to be another device of that member.
	AsksDeviceOf string `json:"asksDeviceOf,omitempty"`
}

// Answer is one member's answer to one of the board's questions.
type Answer struct {
	Question string `json:"question"`
	Member   string `json:"member"`
	Text     string `json:"text"`
}

// ExchangeItem is an offer or a need, with who took it up.
type ExchangeItem struct {
	Item      string `json:"item"`
	Side      string `json:"side"`
	Member    string `json:"member"`
	Text      string `json:"text"`
	Part      string `json:"part,omitempty"`
	Step      string `json:"step,omitempty"`
	MatchedBy string `json:"matchedBy,omitempty"`
}

// Comment is a comment on a part (or another thing with an id).
type Comment struct {
	ID     string `json:"id"`
	Author string `json:"author"`
	Body   string `json:"body"`
	At     int64  `json:"at"` // Unix milliseconds
}

// Revision is one revision of a part's text, without the text.
type Revision struct {
	ID      string   `json:"id"`
	Parents []string `json:"parents"`
	Author  string   `json:"author"`
}

// SetAsideItem is data a sync held or refused, with the reason.
type SetAsideItem struct {
	Name   string
	Kind   string // applied, duplicate, held, refused
	Reason string
	Ops    int
}

func viewAll[S, V any](rows []S, view func(S) V) []V {
	list := make([]V, len(rows))
	for i, r := range rows {
		list[i] = view(r)
	}
	return list
}

func memberView(m store.Member) Member    { return Member(m) }
func answerView(a store.Answer) Answer    { return Answer(a) }
func commentView(c store.Comment) Comment { return Comment(c) }
func setAsideView(o store.Outcome) SetAsideItem {
	return SetAsideItem{Name: o.Name, Kind: o.Kind, Reason: o.Reason, Ops: o.Ops}
}

func exchangeView(it store.ExchangeItem) ExchangeItem {
	return ExchangeItem{Item: it.Item, Side: it.Side, Member: it.Member, Text: it.Text, Part: it.Part, Step: it.Step, MatchedBy: it.MatchedBy}
}

func revisionView(r store.RevisionRow) Revision {
	return Revision{ID: r.ID, Parents: r.Parents, Author: r.Author}
}
