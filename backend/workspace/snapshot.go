package workspace

import (
	"fmt"

	"github.com/cairn-community/cairn/backend/decisions"
	"github.com/cairn-community/cairn/backend/roadmap"
)

// Snapshot is the shared state of every area as this replica sees it,
// read in one go: a community's workspace holds tens of steps and parts,
// so reading it whole is cheap, and every view is computed from one
// consistent picture.
type Snapshot struct {
	Name          string         `json:"name"`
	Vision        string         `json:"vision"`
	Members       []Member       `json:"members"`
	Roles         []Role         `json:"roles"`
	Steps         []Step         `json:"steps"`
	Parts         []Part         `json:"parts"`
	Suggestions   []Suggestion   `json:"suggestions"`
	Contributions []Contribution `json:"contributions"`
	Decisions     []Decision     `json:"decisions"`
	Canvas        Canvas         `json:"canvas"`
	// Devices maps the key of each approved extra device to the key of
	// the member it acts as.
	Devices map[string]string `json:"devices"`
	names   map[string]string // member key or role id -> name
	read    Needs             // the areas read; the others stay nil
}

// Needs names the areas a use case reads, so that none reads the whole
// workspace to change one thing. The workspace's name, the vision, the
// members and their devices are always read: every view names people.
type Needs uint

const (
	NeedRoles Needs = 1 << iota
	NeedSteps       // with the roles: a step's owner may be one
	NeedParts       // with their suggestions
	NeedContributions
	NeedDecisions
	NeedBoard // the board: questions, answers, offers and needs
	NeedAll   = NeedRoles | NeedSteps | NeedParts | NeedContributions | NeedDecisions | NeedBoard
)

// NeedsAfter is what must be read again after a change to an area (as
// the app names them), so that a window refreshes only what changed.
func NeedsAfter(area string) Needs {
	switch area {
	case "roles":
		return NeedRoles | NeedSteps // steps name their owners, roles among them
	case "roadmap":
		return NeedSteps
	case "deliverable":
		return NeedParts
	case "contributions":
		return NeedContributions
	case "decisions":
		return NeedDecisions | NeedSteps | NeedParts // a close validates a step or a part
	case "vision":
		return NeedBoard
	}
	return NeedAll
}

// needs panics when a use case reaches an area it did not read: a bug to
// fix where the use case names what it reads, never a refusal.
func (s *Snapshot) needs(r Needs) {
	if s.read&r != r {
		panic(fmt.Sprintf("workspace: a use case reached an area it did not read (%b of %b)", r, s.read))
	}
}

// Role is a named role with what it asks of its members.
type Role struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Who     string   `json:"who"`
	When    string   `json:"when"`
	How     string   `json:"how"`
	Can     []string `json:"can"`
	Members []string `json:"members"` // keys of the current members holding it
	Names   []string `json:"names"`   // their names, in the same order
}

// Step is a step or milestone of the roadmap.
type Step struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Status      string   `json:"status"`
	Start       string   `json:"start"`
	Due         string   `json:"due"`
	Owner       string   `json:"owner"`     // a member key or a role id
	OwnerName   string   `json:"ownerName"` // its name, for people
	After       []string `json:"after"`
	Parts       []string `json:"parts"`
	Milestone   bool     `json:"milestone"`
	// Progress of a milestone: finished steps of those it waits for.
	Finished int `json:"finished"`
	Total    int `json:"total"`
	// Dependencies dropped because concurrent edits made a loop.
	Dropped []string `json:"dropped,omitempty"`
}

// Part is a part of the deliverable with its settings and text.
type Part struct {
	ID         string   `json:"id"`
	Title      string   `json:"title"`
	Position   string   `json:"position"`
	Brief      string   `json:"brief"`
	Kind       string   `json:"kind"`
	Mode       string   `json:"mode"`
	Owner      string   `json:"owner"`
	Writers    []string `json:"writers"`
	Text       string   `json:"text"`
	Heads      []string `json:"heads"`
	Conflicted bool     `json:"conflicted"`
	Validated  string   `json:"validated,omitempty"` // the decision that validated it
}

// Suggestion is a proposed revision of a cooperation part.
type Suggestion struct {
	ID      string   `json:"id"`
	Part    string   `json:"part"`
	Author  string   `json:"author"`
	Text    string   `json:"text"`
	Note    string   `json:"note"`
	Parents []string `json:"parents"`
	Status  string   `json:"status"` // open, accepted, declined
}

// Contribution is a logged contribution and where its review stands.
type Contribution struct {
	ID         string `json:"id"`
	Member     string `json:"member"`
	Type       string `json:"type"`
	Part       string `json:"part,omitempty"`
	Step       string `json:"step,omitempty"`
	Note       string `json:"note"`
	Status     string `json:"status"` // submitted, accepted, returned
	ReviewNote string `json:"reviewNote,omitempty"`
	ReviewedBy string `json:"reviewedBy,omitempty"`
}

// Decision is a proposal, its ballots and, once closed, its outcome.
type Decision struct {
	ID          string             `json:"id"`
	Title       string             `json:"title"`
	Description string             `json:"description"`
	Method      string             `json:"method"`
	Options     []string           `json:"options"`
	Closes      string             `json:"closes"`
	Quorum      int                `json:"quorum"`
	ProposedBy  string             `json:"proposedBy"`
	Votes       []Vote             `json:"votes"`
	Tally       decisions.Tally    `json:"tally"`
	Closed      *decisions.Closing `json:"closed"`
}

// Vote is one member's standing ballot.
type Vote struct {
	Member string         `json:"member"`
	Choice string         `json:"choice"`
	Reason string         `json:"reason,omitempty"`
	Scores map[string]int `json:"scores,omitempty"`
}

// proposal is the decision as the decision rules see it.
func (d Decision) proposal() decisions.Proposal {
	p := decisions.Proposal{Title: d.Title, Method: decisions.Method(d.Method), Options: d.Options, Quorum: d.Quorum}
	if d.Closes != "" {
		if date, err := roadmap.ParseDate("closes", d.Closes); err == nil {
			end := date.AddDate(0, 0, 1) // open through the closing day
			p.Closes = &end
		}
	}
	return p
}
