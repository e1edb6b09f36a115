package workspace

import (
	"slices"
	"strings"
	"time"

	"github.com/cairn-community/cairn/backend/roadmap"
	"github.com/cairn-community/cairn/backend/roles"
)

// Home is "what is expected of me": the work waiting for one member.
type Home struct {
	Steps       []Step         `json:"steps"`       // mine (or my role's), not finished, due within two weeks or late
	Parts       []Part         `json:"parts"`       // I own or write them
	Reviews     []Contribution `json:"reviews"`     // submitted, waiting for me as a validator
	Decisions   []Decision     `json:"decisions"`   // open, and I have not voted
	Requests    []JoinRequest  `json:"requests"`    // join requests, for coordinators
	Matches     []Match        `json:"matches"`     // others' offers for my needs, and needs my offers meet
	Milestones  []Step         `json:"milestones"`  // every milestone with its progress
	Suggestions []Suggestion   `json:"suggestions"` // open suggestions to parts I own
}

// JoinRequest is a key asking to join, or to be another device.
type JoinRequest struct {
	Key          string `json:"key"`
	Name         string `json:"name"`
	AsksDeviceOf string `json:"asksDeviceOf,omitempty"`
}

// Match pairs an open item of someone else's with one of mine.
type Match struct {
	Mine   string `json:"mine"`   // my item's id
	Theirs string `json:"theirs"` // their item's id
	Side   string `json:"side"`   // the side of theirs: offer or need
	Text   string `json:"text"`
	Member string `json:"member"`
}

// DueSoon is how far ahead Home looks for due steps.
const DueSoon = 14 * 24 * time.Hour

// Home is what waits for member (a key) on the day today.
func (s *Snapshot) Home(member string, today time.Time) Home {
	s.needs(NeedAll)
	me := s.MemberOf(member)
	h := Home{Steps: []Step{}, Parts: []Part{}, Reviews: []Contribution{}, Decisions: []Decision{}, Requests: []JoinRequest{},
		Matches: []Match{}, Milestones: []Step{}, Suggestions: []Suggestion{}}
	var myRoles []string
	for _, m := range s.Members {
		if m.Key == me {
			myRoles = m.Roles
		}
	}
	horizon := today.Add(DueSoon).Format(time.DateOnly)
	for _, st := range s.Steps {
		if st.Milestone {
			h.Milestones = append(h.Milestones, st)
		}
		finished := st.Status == string(roadmap.Done) || st.Status == string(roadmap.Validated)
		mine := st.Owner == me || slices.Contains(myRoles, st.Owner)
		if mine && !finished && st.Due != "" && st.Due <= horizon {
			h.Steps = append(h.Steps, st)
		}
	}
	slices.SortFunc(h.Steps, func(a, b Step) int { return strings.Compare(a.Due, b.Due) })
	owned := map[string]bool{}
	for _, p := range s.Parts {
		if p.Owner == me || slices.Contains(p.Writers, me) {
			h.Parts = append(h.Parts, p)
		}
		owned[p.ID] = p.Owner == me
	}
	for _, sg := range s.Suggestions {
		if sg.Status == "open" && owned[sg.Part] {
			h.Suggestions = append(h.Suggestions, sg)
		}
	}
	if s.holds(me, roles.Validate) {
		for _, c := range s.Contributions {
			if c.Status == "submitted" && c.Member != me {
				h.Reviews = append(h.Reviews, c)
			}
		}
	}
	for _, d := range s.Decisions {
		if d.Open(today) && !slices.ContainsFunc(d.Votes, func(v Vote) bool { return v.Member == me }) {
			h.Decisions = append(h.Decisions, d)
		}
	}
	for _, mine := range s.Canvas.Exchange {
		if s.MemberOf(mine.Member) != me || mine.MatchedBy != "" {
			continue
		}
		for _, theirs := range s.Canvas.Exchange {
			if theirs.Side != mine.Side && theirs.MatchedBy == "" && s.MemberOf(theirs.Member) != me && len(h.Matches) < 20 {
				h.Matches = append(h.Matches, Match{Mine: mine.Item, Theirs: theirs.Item, Side: theirs.Side, Text: theirs.Text, Member: s.MemberOf(theirs.Member)})
			}
		}
	}
	coordinator := s.holds(me, roles.Coordinate)
	for _, m := range s.Members {
		switch {
		case m.AsksDeviceOf == me:
			h.Requests = append(h.Requests, JoinRequest{Key: m.Key, Name: m.Name, AsksDeviceOf: me})
		case coordinator && !m.Approved && !m.Removed && m.AsksDeviceOf == "":
			h.Requests = append(h.Requests, JoinRequest{Key: m.Key, Name: m.Name})
		}
	}
	return h
}
