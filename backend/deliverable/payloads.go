package deliverable

import (
	"fmt"

	"github.com/cairn-community/cairn/backend/oplog"
)

type (
	// PartAddPayload adds a part. Owner defaults to the author; Mode to
	// cooperation.
	PartAddPayload struct {
		Part     string   `json:"part"`
		Title    string   `json:"title"`
		Position string   `json:"position"`
		Brief    string   `json:"brief,omitempty"`
		Kind     string   `json:"kind,omitempty"`
		Mode     string   `json:"mode,omitempty"`
		Owner    string   `json:"owner,omitempty"`
		Writers  []string `json:"writers,omitempty"`
	}
	PartMovePayload struct {
		Part     string `json:"part"`
		Position string `json:"position"`
	}
	PartRetitlePayload struct {
		Part  string `json:"part"`
		Title string `json:"title"`
	}
	PartPayload struct {
		Part string `json:"part"`
	}
	// PartRevisePayload is a new revision of a part's text, continuing its
	// parents. Suggestion names the suggestion it accepts, if any.
	PartRevisePayload struct {
		Part       string   `json:"part"`
		Parents    []string `json:"parents"`
		Text       string   `json:"text"`
		Suggestion string   `json:"suggestion,omitempty"`
	}
	// PartSetPayload changes a part's settings; only its owner or a
	// coordinator may.
	PartSetPayload struct {
		Part    string    `json:"part"`
		Brief   *string   `json:"brief,omitempty"`
		Kind    *string   `json:"kind,omitempty"`
		Mode    *string   `json:"mode,omitempty"`
		Owner   *string   `json:"owner,omitempty"`
		Writers *[]string `json:"writers,omitempty"`
	}
	// SuggestPayload proposes a revision that the part's owner accepts (a
	// part.revise naming it) or declines. Its id is the op's id.
	SuggestPayload struct {
		Part    string   `json:"part"`
		Parents []string `json:"parents"`
		Text    string   `json:"text"`
		Note    string   `json:"note,omitempty"`
	}
	DeclinePayload struct {
		Part       string `json:"part"`
		Suggestion string `json:"suggestion"`
		Note       string `json:"note,omitempty"`
	}
	CommentPayload struct {
		Target string `json:"target"`
		Body   string `json:"body"`
	}
)

// Declined is a suggestion's "declined" field.
type Declined struct {
	Accept bool   `json:"accept"`
	Note   string `json:"note,omitempty"`
	By     string `json:"by"`
}

// access is a part's writing rules from a stamp on, as replay records them.
type access struct {
	from    oplog.Stamp
	owner   string // a key; resolved to its member when the rules are read
	mode    string
	writers []string
}

// record is the deliverable's own record in the authority: each part's
// writing rules over time, so every revision is judged by the rules in
// force at its place in the replay.
type record struct{ parts map[string][]access }

func rulesOf(a *oplog.Authority) *record {
	r := oplog.State[record](a, "deliverable")
	if r.parts == nil {
		r.parts = map[string][]access{}
	}
	return r
}

// rulesAt are a part's writing rules in force at a stamp, with every key
// resolved to the member it acts for, the way the views resolve them: a
// part added from a member's second computer belongs to the member.
func rulesAt(a *oplog.Authority, part string, at oplog.Stamp) (Part, bool) {
	history := rulesOf(a).parts[part]
	for i := len(history) - 1; i >= 0; i-- {
		if history[i].from.Compare(at) <= 0 {
			h := history[i]
			rules := Part{Mode: Mode(h.mode), Owner: a.Member(h.owner)}
			if rules.Mode == "" {
				rules.Mode = Cooperation
			}
			for _, w := range h.writers {
				rules.Writers = append(rules.Writers, a.Member(w))
			}
			return rules, true
		}
	}
	return Part{}, false
}

func checkPartSettings(brief, kind, mode, owner *string, writers *[]string) error {
	var errs []error
	if brief != nil && *brief != "" {
		errs = append(errs, oplog.CheckOptionalText("brief", *brief, oplog.MaxCommentBytes))
	}
	if kind != nil && *kind != "" {
		if k, err := ParseKind(*kind); err != nil || string(k) != *kind {
			errs = append(errs, fmt.Errorf("kind %q is not curate, synthesise or co-create", *kind))
		}
	}
	if mode != nil && *mode != "" {
		if m, err := ParseMode(*mode); err != nil || string(m) != *mode {
			errs = append(errs, fmt.Errorf("mode %q is not cooperation or collaboration", *mode))
		}
	}
	if owner != nil && *owner != "" {
		errs = append(errs, oplog.CheckKey(*owner))
	}
	if writers != nil {
		if len(*writers) > oplog.MaxLinks {
			errs = append(errs, fmt.Errorf("a part has at most %d writers", oplog.MaxLinks))
		}
		for _, w := range *writers {
			errs = append(errs, oplog.CheckKey(w))
		}
	}
	return oplog.FirstError(errs...)
}
