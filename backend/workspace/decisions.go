package workspace

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/cairn-community/cairn/backend/decisions"
	"github.com/cairn-community/cairn/backend/errs"
	"github.com/cairn-community/cairn/backend/oplog"
	"github.com/cairn-community/cairn/backend/roadmap"
)

// ProposalInput is a decision as proposed. Closes is YYYY-MM-DD or "".
type ProposalInput struct {
	Title, Description, Method, Closes string
	Options                            []string
	Quorum                             int
}

// Propose opens a decision and returns its id.
func (w *Workspace) Propose(ctx context.Context, in ProposalInput) (string, error) {
	in.Title = strings.TrimSpace(in.Title)
	if err := checkName("title", in.Title, oplog.MaxTitleChars); err != nil {
		return "", err
	}
	method, err := decisions.ParseMethod(in.Method)
	if err != nil {
		return "", err
	}
	if in.Closes != "" {
		date, err := roadmap.ParseDate("closes", in.Closes)
		if err != nil {
			return "", err
		}
		in.Closes = date.String()
	}
	p := Decision{Title: in.Title, Method: string(method), Options: in.Options, Closes: in.Closes, Quorum: in.Quorum}.proposal()
	if len(in.Options) > oplog.MaxOptions {
		return "", errs.OnField("options", "A decision has at most %d options.", oplog.MaxOptions)
	}
	for _, o := range in.Options {
		if err := checkName("options", o, oplog.MaxNameChars); err != nil {
			return "", err
		}
	}
	if err := decisions.CheckProposal(p, w.Now()); err != nil {
		return "", err
	}
	op, err := w.Write(ctx, decisions.DecisionPropose, decisions.ProposePayload{Title: in.Title, Description: in.Description,
		Method: string(method), Options: in.Options, Closes: in.Closes, Quorum: in.Quorum})
	return op.ID, err
}

// Vote casts or changes your ballot. For a score decision the choice is
// "option=score,option=score", every option scored 0 to 5. It reports
// whether an earlier ballot of yours was replaced.
func (w *Workspace) Vote(ctx context.Context, ref, choice, reason string) (changed bool, err error) {
	s, err := w.SnapshotOf(ctx, NeedDecisions)
	if err != nil {
		return false, err
	}
	d, err := s.Decision(ref)
	if err != nil {
		return false, err
	}
	vote := decisions.Vote{Member: w.Author(), Choice: strings.TrimSpace(choice), Reason: reason}
	if d.Method == string(decisions.Score) {
		if vote.Scores, err = parseScores(choice); err != nil {
			return false, err
		}
		vote.Choice = "score"
	}
	if err := decisions.CheckVote(d.proposal(), vote, d.Closed != nil, w.Now()); err != nil {
		return false, err
	}
	for _, v := range d.Votes {
		changed = changed || v.Member == s.MemberOf(w.Author())
	}
	_, err = w.Write(ctx, decisions.VoteCast, decisions.VotePayload{Decision: d.ID, Choice: vote.Choice, Reason: reason, Scores: vote.Scores})
	return changed, err
}

func parseScores(text string) (map[string]int, error) {
	scores := map[string]int{}
	for _, pair := range strings.Split(text, ",") {
		option, value, ok := strings.Cut(pair, "=")
		n, err := strconv.Atoi(strings.TrimSpace(value))
		if !ok || err != nil {
			return nil, errs.OnField("choice", "Score every option as option=score, separated by commas, for example \"Lyon=4,Porto=2\".")
		}
		scores[strings.TrimSpace(option)] = n
	}
	return scores, nil
}

// CloseInput is a decision's outcome. Validates names a step or a part
// (id or exact title) the outcome validates; Review is YYYY-MM-DD or "".
type CloseInput struct {
	Outcome, Review, Validates string
}

// CloseDecision records a decision's outcome; coordinators only.
func (w *Workspace) CloseDecision(ctx context.Context, ref string, in CloseInput) error {
	s, err := w.SnapshotOf(ctx, NeedDecisions|NeedParts|NeedSteps)
	if err != nil {
		return err
	}
	d, err := s.Decision(ref)
	if err != nil {
		return err
	}
	if d.Closed != nil {
		return errs.New(errs.Conflict, "The decision %q is already closed.", d.Title)
	}
	if strings.TrimSpace(in.Outcome) == "" || len(in.Outcome) > oplog.MaxNoteBytes {
		return errs.OnField("outcome", "Write the outcome in 1 to %d bytes: what was decided, and why.", oplog.MaxNoteBytes)
	}
	p := decisions.ClosePayload{Decision: d.ID, Outcome: in.Outcome}
	if in.Review != "" {
		date, err := roadmap.ParseDate("review", in.Review)
		if err != nil {
			return err
		}
		p.Review = date.String()
	}
	if in.Validates != "" {
		if !d.Tally.QuorumMet {
			return errs.OnField("validates", "Only %d of the %d votes the quorum asks for came in, so this outcome cannot validate anything.", d.Tally.Voters, d.Quorum)
		}
		if d.Tally.Objections > 0 {
			return errs.OnField("validates", "%d member(s) objected or blocked, so this outcome cannot validate anything. Answer the objections first.", d.Tally.Objections)
		}
		step, stepErr := s.Step(in.Validates)
		part, partErr := s.Part(in.Validates)
		switch {
		case stepErr == nil && partErr == nil:
			return errs.OnField("validates", "Both a step and a part are called %q; use the id.", in.Validates)
		case stepErr == nil:
			p.ValidatesStep = step.ID
		case partErr == nil:
			p.ValidatesPart = part.ID
		default:
			return errs.OnField("validates", "No step or part is called %q.", in.Validates)
		}
	}
	_, err = w.Write(ctx, decisions.DecisionClose, p)
	return err
}

// Open reports whether a decision still takes votes at t.
func (d Decision) Open(t time.Time) bool {
	p := d.proposal()
	return d.Closed == nil && (p.Closes == nil || t.Before(*p.Closes))
}
