package decisions

import (
	"slices"
	"strings"
	"time"

	"github.com/cairn-community/cairn/backend/errs"
)

// Method is how members answer a proposal.
type Method string

const (
	Consent   Method = "consent"   // consent, or object with a reason
	Consensus Method = "consensus" // agree, abstain, disagree, or block with a reason
	Advice    Method = "advice"    // each gives advice; the proposer decides
	Poll      Method = "poll"      // one option each
	Score     Method = "score"     // every option scored 0 to 5
)

// Methods lists every method.
var Methods = []Method{Consent, Consensus, Advice, Poll, Score}

// choices are the fixed answers of the methods that have them; a choice in
// needsReason must come with a reason.
var (
	choices = map[Method][]string{
		Consent:   {"consent", "object"},
		Consensus: {"agree", "abstain", "disagree", "block"},
		Advice:    {"advice"},
	}
	needsReason = map[string]bool{"object": true, "block": true, "advice": true}
)

// MaxScore is the top of a score vote's scale.
const MaxScore = 5

// Proposal is a decision as proposed.
type Proposal struct {
	Title   string
	Method  Method
	Options []string   // poll and score only
	Closes  *time.Time // nil: closed by hand
	Quorum  int        // votes needed for the outcome to count; 0: none
}

// ParseMethod reads a method as a person types it.
func ParseMethod(text string) (Method, error) {
	m := Method(strings.ToLower(strings.TrimSpace(text)))
	if slices.Contains(Methods, m) {
		return m, nil
	}
	return "", errs.OnField("method", "%q is not a method. Use consent, consensus, advice, poll or score.", text)
}

// CheckProposal refuses a proposal that cannot be voted on.
func CheckProposal(p Proposal, now time.Time) error {
	if strings.TrimSpace(p.Title) == "" {
		return errs.OnField("title", "Give the proposal a title.")
	}
	if _, err := ParseMethod(string(p.Method)); err != nil {
		return err
	}
	switch p.Method {
	case Poll, Score:
		if len(p.Options) < 2 {
			return errs.OnField("options", "A %s needs at least two options.", p.Method)
		}
		seen := map[string]bool{}
		for _, o := range p.Options {
			key := strings.ToLower(strings.TrimSpace(o))
			if key == "" || seen[key] {
				return errs.OnField("options", "Options must be distinct and not empty; %q is not.", o)
			}
			seen[key] = true
		}
	default:
		if len(p.Options) > 0 {
			return errs.OnField("options", "A %s decision has its own answers (%s); leave options out.", p.Method, strings.Join(choices[p.Method], ", "))
		}
	}
	if p.Quorum < 0 {
		return errs.OnField("quorum", "The quorum is a number of votes, 0 or more.")
	}
	if p.Closes != nil && !p.Closes.After(now) {
		return errs.OnField("closes", "The closing date %s has already passed.", p.Closes.Format(time.DateOnly))
	}
	return nil
}

// Vote is one member's answer; a later vote by the same member replaces it.
type Vote struct {
	Member string
	Choice string         // an option or a method's fixed answer
	Scores map[string]int // score only: every option
	Reason string
}

// CheckVote refuses a vote the proposal cannot take.
func CheckVote(p Proposal, v Vote, closed bool, now time.Time) error {
	if closed || (p.Closes != nil && !now.Before(*p.Closes)) {
		return errs.New(errs.Conflict, "This decision is closed; votes can no longer change.")
	}
	switch p.Method {
	case Poll:
		if !slices.Contains(p.Options, v.Choice) {
			return errs.OnField("choice", "%q is not one of the options: %s.", v.Choice, strings.Join(p.Options, ", "))
		}
	case Score:
		for _, o := range p.Options {
			s, ok := v.Scores[o]
			if !ok || s < 0 || s > MaxScore {
				return errs.OnField("choice", "Give every option a score from 0 to %d; %q has none.", MaxScore, o)
			}
		}
		if len(v.Scores) != len(p.Options) {
			return errs.OnField("choice", "Score only the proposal's options.")
		}
	default:
		if !slices.Contains(choices[p.Method], v.Choice) {
			return errs.OnField("choice", "Answer with one of: %s.", strings.Join(choices[p.Method], ", "))
		}
	}
	if needsReason[v.Choice] && strings.TrimSpace(v.Reason) == "" {
		return errs.OnField("reason", "Say why: a reason lets the others answer your %s.", v.Choice)
	}
	return nil
}

// Tally is where a decision stands.
type Tally struct {
	Voters     int
	QuorumMet  bool
	Counts     map[string]int     // per choice or option
	Averages   map[string]float64 // score only
	Objections int                // consent objections or consensus blocks
}

// Count tallies the latest vote of each member.
func Count(p Proposal, votes []Vote) Tally {
	t := Tally{Counts: map[string]int{}}
	totals := map[string]int{}
	for _, v := range votes {
		t.Voters++
		if p.Method == Score {
			for o, s := range v.Scores {
				totals[o] += s
			}
			continue
		}
		t.Counts[v.Choice]++
		if v.Choice == "object" || v.Choice == "block" {
			t.Objections++
		}
	}
	if p.Method == Score && t.Voters > 0 {
		t.Averages = map[string]float64{}
		for _, o := range p.Options {
			t.Averages[o] = float64(totals[o]) / float64(t.Voters)
		}
	}
	t.QuorumMet = t.Voters >= p.Quorum
	return t
}
