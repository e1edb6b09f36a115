package oplog

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/cairn-community/cairn/backend/contributions"
	"github.com/cairn-community/cairn/backend/decisions"
	"github.com/cairn-community/cairn/backend/deliverable"
	"github.com/cairn-community/cairn/backend/roadmap"
)

// The operation types of the workspace's areas: roles, roadmap, parts'
// settings and suggestions, contributions and decisions. Their payloads
// reuse the domain packages' vocabularies, so every replica refuses the
// same malformed values.
const (
	RoleAdd         = "role.add"
	RoleAssign      = "role.assign"
	RoleUnassign    = "role.unassign"
	StepAdd         = "step.add"
	StepSet         = "step.set"
	PartSet         = "part.set"
	PartSuggest     = "part.suggest"
	PartDecline     = "part.decline"
	ContribLog      = "contrib.log"
	ContribReview   = "contrib.review"
	DecisionPropose = "decision.propose"
	DecisionClose   = "decision.close"
	CanvasQuestion  = "canvas.question"
	DeviceRequest   = "device.request"
	DeviceApprove   = "device.approve"
)

// Limits of the areas' fields.
const (
	MaxRoleTextBytes = 2000
	MaxNoteBytes     = 4000
	MaxOptions       = 20
	MaxLinks         = 100 // dependencies, linked parts, writers
)

type (
	// RolePayload defines a named role; its permissions never change, so
	// assignments can be judged from the role's first definition alone.
	RolePayload struct {
		Role string       `json:"role"`
		Name string       `json:"name"`
		Who  string       `json:"who,omitempty"`
		When string       `json:"when,omitempty"`
		How  string       `json:"how,omitempty"`
		Can  []Permission `json:"can"`
	}
	RoleMemberPayload struct {
		Role   string `json:"role"`
		Member string `json:"member"`
	}
	// StepAddPayload adds a step or milestone to the roadmap. Owner is a
	// member key or a role id.
	StepAddPayload struct {
		Step        string   `json:"step"`
		Title       string   `json:"title"`
		Description string   `json:"description,omitempty"`
		Start       string   `json:"start,omitempty"`
		Due         string   `json:"due,omitempty"`
		Owner       string   `json:"owner,omitempty"`
		After       []string `json:"after,omitempty"`
		Parts       []string `json:"parts,omitempty"`
		Milestone   bool     `json:"milestone,omitempty"`
	}
	// StepSetPayload changes the fields it names; each field is its own
	// last-writer-wins value, so concurrent edits of different fields both
	// stand. An empty string clears a date or the owner.
	StepSetPayload struct {
		Step        string    `json:"step"`
		Title       *string   `json:"title,omitempty"`
		Description *string   `json:"description,omitempty"`
		Start       *string   `json:"start,omitempty"`
		Due         *string   `json:"due,omitempty"`
		Owner       *string   `json:"owner,omitempty"`
		Status      *string   `json:"status,omitempty"`
		After       *[]string `json:"after,omitempty"`
		Parts       *[]string `json:"parts,omitempty"`
		Milestone   *bool     `json:"milestone,omitempty"`
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
	// ContribPayload logs a contribution; its id is the op's id.
	ContribPayload struct {
		Type string `json:"type"`
		Part string `json:"part,omitempty"`
		Step string `json:"step,omitempty"`
		Note string `json:"note"`
	}
	ReviewPayload struct {
		Contrib string `json:"contrib"`
		Accept  bool   `json:"accept"`
		Note    string `json:"note,omitempty"`
	}
	// ProposePayload opens a decision; its id is the op's id.
	ProposePayload struct {
		Title       string   `json:"title"`
		Description string   `json:"description,omitempty"`
		Method      string   `json:"method"`
		Options     []string `json:"options,omitempty"`
		Closes      string   `json:"closes,omitempty"`
		Quorum      int      `json:"quorum,omitempty"`
	}
	// DeviceRequestPayload is a new key asking to be another device of an
	// existing member, instead of a second identity.
	DeviceRequestPayload struct {
		Member string `json:"member"`
		Name   string `json:"name"`
	}
	// DeviceApprovePayload is the member, from a device they already use,
	// accepting the new one: from then on it acts as them.
	DeviceApprovePayload struct {
		Device string `json:"device"`
	}
	// QuestionPayload adds, rewords or removes one of the board's questions.
	QuestionPayload struct {
		Question string `json:"question"`
		Text     string `json:"text"`
		Removed  bool   `json:"removed,omitempty"`
	}
	// ClosePayload ends a decision with its outcome; it may validate a
	// step or a part.
	ClosePayload struct {
		Decision      string `json:"decision"`
		Outcome       string `json:"outcome"`
		Review        string `json:"review,omitempty"`
		ValidatesStep string `json:"validatesStep,omitempty"`
		ValidatesPart string `json:"validatesPart,omitempty"`
	}
)

func init() {
	define(RoleAdd, Coordinate, true, func(p RolePayload) error {
		if err := firstError(checkRef("role", p.Role), checkName("name", p.Name, MaxNameChars),
			checkOptionalText("who", p.Who, MaxRoleTextBytes), checkOptionalText("when", p.When, MaxRoleTextBytes),
			checkOptionalText("how", p.How, MaxRoleTextBytes)); err != nil {
			return err
		}
		if len(p.Can) == 0 {
			return fmt.Errorf("a role gives at least one permission")
		}
		seen := map[Permission]bool{}
		for _, c := range p.Can {
			if !Grantable[c] || seen[c] {
				return fmt.Errorf("permission %q is unknown or repeated", c)
			}
			seen[c] = true
		}
		return nil
	})
	roleMember := func(p RoleMemberPayload) error { return firstError(checkRef("role", p.Role), checkKey(p.Member)) }
	define(RoleAssign, Coordinate, true, roleMember)
	define(RoleUnassign, Coordinate, true, roleMember)
	define(StepAdd, Contribute, false, func(p StepAddPayload) error {
		return firstError(checkRef("step", p.Step), checkName("title", p.Title, MaxTitleChars),
			checkOptionalText("description", p.Description, MaxCommentBytes), checkDates(p.Start, p.Due),
			checkOptionalRef("owner", p.Owner), checkRefs("after", p.After), checkRefs("parts", p.Parts))
	})
	defineNeeding(StepSet, Contribute, false, func(p StepSetPayload) error {
		errs := []error{checkRef("step", p.Step)}
		if p.Title != nil {
			errs = append(errs, checkName("title", *p.Title, MaxTitleChars))
		}
		if p.Description != nil && *p.Description != "" {
			errs = append(errs, checkOptionalText("description", *p.Description, MaxCommentBytes))
		}
		if p.Start != nil {
			errs = append(errs, checkDates(*p.Start, ""))
		}
		if p.Due != nil {
			errs = append(errs, checkDates("", *p.Due))
		}
		if p.Owner != nil {
			errs = append(errs, checkOptionalRef("owner", *p.Owner))
		}
		if p.Status != nil {
			if _, err := roadmap.ParseStatus(*p.Status); err != nil || *p.Status != strings.ToLower(*p.Status) {
				errs = append(errs, fmt.Errorf("status %q is not a status", *p.Status))
			}
		}
		if p.After != nil {
			errs = append(errs, checkRefs("after", *p.After))
		}
		if p.Parts != nil {
			errs = append(errs, checkRefs("parts", *p.Parts))
		}
		return firstError(errs...)
	}, func(p StepSetPayload) Permission {
		if p.Status != nil && *p.Status == string(roadmap.Validated) {
			return Validate
		}
		return Contribute
	})
	define(PartSet, Contribute, true, func(p PartSetPayload) error {
		return firstError(checkRef("part", p.Part), checkPartSettings(p.Brief, p.Kind, p.Mode, p.Owner, p.Writers))
	})
	define(PartSuggest, Contribute, false, func(p SuggestPayload) error {
		return firstError(checkRef("part", p.Part), checkRevisionIDs(p.Parents), checkOptionalText("text", p.Text, MaxTextBytes),
			checkOptionalText("note", p.Note, MaxNoteBytes))
	})
	define(PartDecline, Contribute, false, func(p DeclinePayload) error {
		return firstError(checkRef("part", p.Part), checkRevisionIDs([]string{p.Suggestion}), checkOptionalText("note", p.Note, MaxNoteBytes))
	})
	define(ContribLog, Contribute, false, func(p ContribPayload) error {
		if _, err := contributions.LookupKind(p.Type); err != nil || p.Type != strings.ToLower(p.Type) {
			return fmt.Errorf("type %q is not a contribution type", p.Type)
		}
		return firstError(checkOptionalRef("part", p.Part), checkOptionalRef("step", p.Step), checkText("note", p.Note, MaxNoteBytes))
	})
	define(ContribReview, Validate, false, func(p ReviewPayload) error {
		if !p.Accept && strings.TrimSpace(p.Note) == "" {
			return fmt.Errorf("a returned contribution needs a note")
		}
		return firstError(checkRevisionIDs([]string{p.Contrib}), checkOptionalText("note", p.Note, MaxNoteBytes))
	})
	define(DecisionPropose, Contribute, false, func(p ProposePayload) error {
		method, err := decisions.ParseMethod(p.Method)
		if err != nil || string(method) != p.Method {
			return fmt.Errorf("method %q is not a method", p.Method)
		}
		if len(p.Options) > MaxOptions {
			return fmt.Errorf("a decision has at most %d options", MaxOptions)
		}
		errs := []error{checkName("title", p.Title, MaxTitleChars), checkOptionalText("description", p.Description, MaxCommentBytes), checkDates(p.Closes, "")}
		for _, o := range p.Options {
			errs = append(errs, checkName("option", o, MaxNameChars))
		}
		if p.Quorum < 0 || p.Quorum > 10_000 {
			errs = append(errs, fmt.Errorf("quorum %d is not 0 to 10000", p.Quorum))
		}
		return firstError(errs...)
	})
	define(CanvasQuestion, Coordinate, false, func(p QuestionPayload) error {
		return firstError(checkRef("question", p.Question), checkText("question", p.Text, MaxRoleTextBytes))
	})
	define(DeviceRequest, Anyone, true, func(p DeviceRequestPayload) error {
		return firstError(checkKey(p.Member), checkName("name", p.Name, MaxNameChars))
	})
	define(DeviceApprove, Contribute, true, func(p DeviceApprovePayload) error { return checkKey(p.Device) })
	define(DecisionClose, Coordinate, false, func(p ClosePayload) error {
		return firstError(checkRevisionIDs([]string{p.Decision}), checkText("outcome", p.Outcome, MaxNoteBytes), checkDates(p.Review, ""),
			checkOptionalRef("step", p.ValidatesStep), checkOptionalRef("part", p.ValidatesPart))
	})
}

// checkPartSettings checks the settings a part.add or part.set names.
func checkPartSettings(brief, kind, mode, owner *string, writers *[]string) error {
	var errs []error
	if brief != nil && *brief != "" {
		errs = append(errs, checkOptionalText("brief", *brief, MaxCommentBytes))
	}
	if kind != nil && *kind != "" {
		if k, err := deliverable.ParseKind(*kind); err != nil || string(k) != *kind {
			errs = append(errs, fmt.Errorf("kind %q is not curate, synthesise or co-create", *kind))
		}
	}
	if mode != nil && *mode != "" {
		if m, err := deliverable.ParseMode(*mode); err != nil || string(m) != *mode {
			errs = append(errs, fmt.Errorf("mode %q is not cooperation or collaboration", *mode))
		}
	}
	if owner != nil && *owner != "" {
		errs = append(errs, checkKey(*owner))
	}
	if writers != nil {
		if len(*writers) > MaxLinks {
			errs = append(errs, fmt.Errorf("a part has at most %d writers", MaxLinks))
		}
		for _, w := range *writers {
			errs = append(errs, checkKey(w))
		}
	}
	return firstError(errs...)
}

func checkDates(start, due string) error {
	var parsed [2]*roadmap.Date
	for i, text := range []string{start, due} {
		if text == "" {
			continue
		}
		d, err := roadmap.ParseDate("date", text)
		if err != nil || d.String() != text {
			return fmt.Errorf("date %q is not YYYY-MM-DD", text)
		}
		parsed[i] = &d
	}
	if err := roadmap.CheckDates(parsed[0], parsed[1]); err != nil {
		return fmt.Errorf("the due date comes before the start")
	}
	return nil
}

func checkOptionalText(field, text string, max int) error {
	if len(text) > max || !utf8.ValidString(text) {
		return fmt.Errorf("%s must be valid UTF-8 of at most %d bytes", field, max)
	}
	return nil
}

func checkOptionalRef(field, id string) error {
	if id == "" {
		return nil
	}
	return checkRef(field, id)
}

func checkRefs(field string, ids []string) error {
	if len(ids) > MaxLinks {
		return fmt.Errorf("%s names at most %d ids", field, MaxLinks)
	}
	for _, id := range ids {
		if err := checkRef(field, id); err != nil {
			return err
		}
	}
	return nil
}

func checkRevisionIDs(ids []string) error {
	if len(ids) > 64 {
		return fmt.Errorf("a revision has at most 64 parents")
	}
	for _, id := range ids {
		if len(id) != 64 || !isHex(id) {
			return fmt.Errorf("%q is not an operation id", id)
		}
	}
	return nil
}
