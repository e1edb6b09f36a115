package decisions

import (
	"testing"
	"time"

	"github.com/cairn-community/cairn/backend/errs"
)

var now = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

func TestProposals(t *testing.T) {
	tomorrow := now.Add(24 * time.Hour)
	yesterday := now.Add(-24 * time.Hour)
	for _, c := range []struct {
		p     Proposal
		field string
	}{
		{Proposal{Title: "Venue", Method: Poll, Options: []string{"Lyon", "Porto"}, Closes: &tomorrow, Quorum: 3}, ""},
		{Proposal{Title: "Scope", Method: Consent}, ""},
		{Proposal{Title: "", Method: Consent}, "title"},
		{Proposal{Title: "Venue", Method: "vibes"}, "method"},
		{Proposal{Title: "Venue", Method: Poll, Options: []string{"Lyon"}}, "options"},
		{Proposal{Title: "Venue", Method: Score, Options: []string{"Lyon", " lyon "}}, "options"},
		{Proposal{Title: "Scope", Method: Consensus, Options: []string{"a", "b"}}, "options"},
		{Proposal{Title: "Scope", Method: Consent, Quorum: -1}, "quorum"},
		{Proposal{Title: "Scope", Method: Consent, Closes: &yesterday}, "closes"},
	} {
		err := CheckProposal(c.p, now)
		if errs.Field(err) != c.field || (c.field == "" && err != nil) {
			t.Errorf("%+v: got %v, want field %q", c.p, err, c.field)
		}
	}
}

func TestVotesAndTally(t *testing.T) {
	closes := now.Add(time.Hour)
	consent := Proposal{Title: "Scope", Method: Consent, Closes: &closes, Quorum: 3}
	if err := CheckVote(consent, Vote{Choice: "object"}, false, now); errs.Field(err) != "reason" {
		t.Fatalf("an objection without a reason: %v", err)
	}
	if err := CheckVote(consent, Vote{Choice: "consent"}, false, now.Add(2*time.Hour)); errs.Code(err) != errs.Conflict {
		t.Fatalf("a vote after closing: %v", err)
	}
	if err := CheckVote(consent, Vote{Choice: "yes"}, false, now); errs.Field(err) != "choice" {
		t.Fatalf("a foreign answer: %v", err)
	}
	tally := Count(consent, []Vote{{Choice: "consent"}, {Choice: "object", Reason: "too broad"}})
	if tally.Voters != 2 || tally.QuorumMet || tally.Objections != 1 || tally.Counts["consent"] != 1 {
		t.Fatalf("tally %+v", tally)
	}

	score := Proposal{Title: "Venue", Method: Score, Options: []string{"Lyon", "Porto"}}
	if err := CheckVote(score, Vote{Scores: map[string]int{"Lyon": 6, "Porto": 1}}, false, now); errs.Field(err) != "choice" {
		t.Fatalf("a score off the scale: %v", err)
	}
	tally = Count(score, []Vote{{Scores: map[string]int{"Lyon": 5, "Porto": 1}}, {Scores: map[string]int{"Lyon": 2, "Porto": 4}}})
	if tally.Averages["Lyon"] != 3.5 || tally.Averages["Porto"] != 2.5 || !tally.QuorumMet {
		t.Fatalf("score tally %+v", tally)
	}
}
