package canvas

import (
	"strings"

	"github.com/cairn-community/cairn/backend/errs"
)

// Question is one of the board's questions; coordinators may edit the set.
type Question struct {
	ID   string
	Text string
}

// BoardQuestions seed a new workspace's canvas, in the board's own words.
var BoardQuestions = []Question{
	{ID: "content", Text: "What content must be curated, synthesised or co-created? What expertise does that need, and which methods will we use?"},
	{ID: "outcome", Text: "How do we make sure co-creation runs from beginning to end and ends in a concrete, shared outcome?"},
	{ID: "exchange", Text: "What can I do for others, and what can others do for me?"},
	{ID: "roles", Text: "Roles and steps: Who, When, How. How do we consult and validate, so that everyone knows what is expected of them?"},
	{ID: "coordination", Text: "How do we coordinate members' work towards the agreed objectives, with a sustained action plan?"},
}

// Side is which column of the offers-and-needs board an item sits in.
type Side string

const (
	Offer Side = "offer" // what I can do for others
	Need  Side = "need"  // what I need from others
)

// Item is one offer or need, optionally tied to a part or a step, and
// matched once someone takes it up.
type Item struct {
	ID        string
	Side      Side
	Member    string
	Text      string
	Part      string
	Step      string
	MatchedBy string // the member who took it up; "" while open
}

// MaxTextBytes bounds an answer, an offer or a need.
const MaxTextBytes = 4000

// CheckText refuses an empty or overlong answer, offer or need.
func CheckText(field, text string) error {
	if strings.TrimSpace(text) == "" {
		return errs.OnField(field, "Write a few words first.")
	}
	if len(text) > MaxTextBytes {
		return errs.OnField(field, "This is %d bytes long; keep it under %d.", len(text), MaxTextBytes)
	}
	return nil
}

// TakenBy is who took up an item, given everyone who tried in replay
// order: the first who is not its author. Later takers are told it was
// already taken; taking one's own is refused when written.
func TakenBy(author string, takers []string) string {
	for _, t := range takers {
		if t != author {
			return t
		}
	}
	return ""
}

// CheckMatch says whether member may take up the item: not their own, and
// not one already taken.
func CheckMatch(item Item, member string) error {
	if item.Member == member {
		return errs.New(errs.Invalid, "This is your own %s; someone else takes it up.", item.Side)
	}
	if item.MatchedBy != "" {
		return errs.New(errs.Conflict, "Someone already took up this %s.", item.Side)
	}
	return nil
}
