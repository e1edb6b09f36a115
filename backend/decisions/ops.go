package decisions

import (
	"fmt"

	"github.com/cairn-community/cairn/backend/oplog"
	"github.com/cairn-community/cairn/backend/roadmap"
)

// The operation types of decisions.
const (
	DecisionPropose = "decision.propose"
	DecisionClose   = "decision.close"
	VoteCast        = "vote.cast"
)

type (
	// ProposePayload opens a decision; its id is the op's id.
	ProposePayload struct {
		Title       string   `json:"title"`
		Description string   `json:"description,omitempty"`
		Method      string   `json:"method"`
		Options     []string `json:"options,omitempty"`
		Closes      string   `json:"closes,omitempty"`
		Quorum      int      `json:"quorum,omitempty"`
	}
	// VotePayload is a member's ballot; a later one replaces it. A score
	// vote gives Scores for every option and Choice "score".
	VotePayload struct {
		Decision string         `json:"decision"`
		Choice   string         `json:"choice"`
		Reason   string         `json:"reason,omitempty"`
		Scores   map[string]int `json:"scores,omitempty"`
	}
	// ClosePayload ends a decision with its outcome; it may validate a
	// step or a part.
	ClosePayload struct {
		Decision      string `json:"decision"`
		Outcome       string `json:"outcome"`
		Review        string `json:"review,omitempty"`
		ValidatesStep string `json:"validatesStep,omitempty"`
		ValidatesPart string `json:"validatesPart,omitempty"`
		// Version 2: the ballots the closer counted (the newest of each
		// member they had), and everything they had seen. A ballot beyond
		// Seen came too late, whatever its stamp, and is refused.
		Counted []string  `json:"counted,omitempty"`
		Seen    oplog.Cut `json:"seen,omitempty"`
	}
)

// Ballot is one member's vote, stored as a decision's field
// "vote:<member>".
type Ballot struct {
	Choice string         `json:"choice"`
	Reason string         `json:"reason,omitempty"`
	Scores map[string]int `json:"scores,omitempty"`
}

// Closing is a decision's "close" field: its recorded outcome.
type Closing struct {
	Outcome       string `json:"outcome"`
	Review        string `json:"review,omitempty"`
	ValidatesStep string `json:"validatesStep,omitempty"`
	ValidatesPart string `json:"validatesPart,omitempty"`
	By            string `json:"by"`
	// Counted are the ballots the close counted (version 2), so the page
	// shows exactly what decided.
	Counted []string `json:"counted,omitempty"`
}

// ReasonClosedFirst is why a ballot is refused that reached the person who
// closed its decision only after the close.
const ReasonClosedFirst = "the decision was closed before this vote reached the person who closed it, so it was not counted"

// closings are the decisions closed by a version 2 close, each with what
// its closer had seen: the first such close of a decision fixes it.
type closings map[string]oplog.Cut

func title(n oplog.Names, decision string) string {
	if t := n.Label("decision", decision); t != "" {
		return t
	}
	return "a decision"
}

func init() {
	oplog.Define(oplog.Spec[ProposePayload]{
		Type: DecisionPropose, Area: "decisions", Permission: oplog.Contribute,
		Valid: func(p ProposePayload) error {
			method, err := ParseMethod(p.Method)
			if err != nil || string(method) != p.Method {
				return fmt.Errorf("method %q is not a method", p.Method)
			}
			if len(p.Options) > oplog.MaxOptions {
				return fmt.Errorf("a decision has at most %d options", oplog.MaxOptions)
			}
			errs := []error{oplog.CheckName("title", p.Title, oplog.MaxTitleChars),
				oplog.CheckOptionalText("description", p.Description, oplog.MaxCommentBytes), roadmap.CheckDateTexts(p.Closes, "")}
			for _, o := range p.Options {
				errs = append(errs, oplog.CheckName("option", o, oplog.MaxNameChars))
			}
			if p.Quorum < 0 || p.Quorum > 10_000 {
				errs = append(errs, fmt.Errorf("quorum %d is not 0 to 10000", p.Quorum))
			}
			return oplog.FirstError(errs...)
		},
		Project: func(w oplog.Projection, op oplog.Op, p ProposePayload) {
			entity := w.Created("decision", op.ID)
			w.Field(entity, "title", p.Title)
			w.Field(entity, "description", p.Description)
			w.Field(entity, "method", p.Method)
			w.Field(entity, "options", oplog.NonNil(p.Options))
			w.Field(entity, "closes", p.Closes)
			w.Field(entity, "quorum", p.Quorum)
		},
		Describe: func(_ oplog.Names, op oplog.Op, p ProposePayload) (string, string) {
			return fmt.Sprintf("proposed “%s” (%s)", p.Title, p.Method), op.ID
		},
	})
	oplog.Define(oplog.Spec[VotePayload]{
		Type: VoteCast, Area: "decisions", Permission: oplog.Contribute,
		Valid: func(p VotePayload) error {
			if len(p.Scores) > oplog.MaxOptions {
				return fmt.Errorf("a vote scores at most %d options", oplog.MaxOptions)
			}
			for option, score := range p.Scores {
				if err := oplog.CheckName("option", option, oplog.MaxNameChars); err != nil {
					return err
				}
				if score < 0 || score > MaxScore {
					return fmt.Errorf("a score is 0 to %d, not %d", MaxScore, score)
				}
			}
			return oplog.FirstError(oplog.CheckRef("decision", p.Decision), oplog.CheckName("choice", p.Choice, oplog.MaxNameChars),
				oplog.CheckOptionalText("reason", p.Reason, oplog.MaxCommentBytes))
		},
		Authorize: func(a *oplog.Authority, op oplog.Op, p VotePayload) oplog.Verdict {
			if seen, closed := (*oplog.State[closings](a, "decisions"))[p.Decision]; closed && !seen.Holds(op) {
				return oplog.Refused(ReasonClosedFirst)
			}
			return oplog.Stands
		},
		Project: func(w oplog.Projection, op oplog.Op, p VotePayload) {
			w.Field("decision:"+p.Decision, "vote:"+op.Author, Ballot{Choice: p.Choice, Reason: p.Reason, Scores: p.Scores})
		},
		Describe: func(n oplog.Names, _ oplog.Op, p VotePayload) (string, string) {
			return fmt.Sprintf("voted on “%s”", title(n, p.Decision)), p.Decision
		},
	})
	checkClose := func(p ClosePayload) error {
		return oplog.FirstError(oplog.CheckOpIDs([]string{p.Decision}), oplog.CheckText("outcome", p.Outcome, oplog.MaxNoteBytes),
			roadmap.CheckDateTexts(p.Review, ""), oplog.CheckOptionalRef("step", p.ValidatesStep), oplog.CheckOptionalRef("part", p.ValidatesPart))
	}
	projectClose := func(w oplog.Projection, op oplog.Op, p ClosePayload) {
		w.Field("decision:"+p.Decision, "close", Closing{Outcome: p.Outcome, Review: p.Review,
			ValidatesStep: p.ValidatesStep, ValidatesPart: p.ValidatesPart, By: op.Author, Counted: p.Counted})
		// The outcome validates with the close's stamp: a later status
		// change by a member still wins, as any later edit does.
		if p.ValidatesStep != "" {
			w.Field("step:"+p.ValidatesStep, "status", string(roadmap.Validated))
		}
		if p.ValidatesPart != "" {
			w.Field("part:"+p.ValidatesPart, "validated", p.Decision)
		}
	}
	describeClose := func(n oplog.Names, _ oplog.Op, p ClosePayload) (string, string) {
		return fmt.Sprintf("closed “%s”: %s", title(n, p.Decision), oplog.FirstLine(p.Outcome)), p.Decision
	}
	// Version 1 counted the ballots stamped before the close, which a
	// member could beat by setting their clock back; it keeps that
	// meaning for what earlier Cairns wrote.
	oplog.Define(oplog.Spec[ClosePayload]{
		Type: DecisionClose, Area: "decisions", Permission: oplog.Coordinate, WrittenUntil: 1,
		Valid: func(p ClosePayload) error {
			if p.Counted != nil || p.Seen != nil {
				return fmt.Errorf("this version of a close names no ballots")
			}
			return checkClose(p)
		},
		Project:  projectClose,
		Describe: describeClose,
	})
	oplog.Define(oplog.Spec[ClosePayload]{
		Type: DecisionClose, Version: 2, Area: "decisions", Permission: oplog.Coordinate, ChangesPermissions: true,
		Valid: func(p ClosePayload) error {
			if len(p.Counted) > oplog.MaxCutReplicas {
				return fmt.Errorf("a close counts at most %d ballots", oplog.MaxCutReplicas)
			}
			return oplog.FirstError(checkClose(p), oplog.CheckOpIDs(p.Counted), oplog.CheckCut(p.Seen))
		},
		Seen: func(p ClosePayload, seen oplog.Seen) ClosePayload {
			if p.Seen == nil {
				p.Counted, p.Seen = seen.Ballots(p.Decision), seen.Everything()
			}
			return p
		},
		Replay: func(a *oplog.Authority, _ oplog.Op, p ClosePayload) oplog.Verdict {
			closed := oplog.State[closings](a, "decisions")
			if *closed == nil {
				*closed = closings{}
			}
			if _, already := (*closed)[p.Decision]; !already {
				(*closed)[p.Decision] = p.Seen
			}
			return oplog.Stands
		},
		// Every ballot is judged again when a close arrives: one stamped
		// before it may still have come too late.
		Reaches:  func(*oplog.Authority, ClosePayload) ([]string, []string) { return nil, []string{VoteCast} },
		Project:  projectClose,
		Describe: describeClose,
	})
}
