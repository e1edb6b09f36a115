package oplog

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// Permission is what an author must hold for an operation to apply.
type Permission string

const (
	// Anyone may ask: a join request comes from a key that is not a member yet.
	Anyone     Permission = "anyone"
	Observe    Permission = "observe"
	Contribute Permission = "contribute"
	Validate   Permission = "validate"
	Coordinate Permission = "coordinate"
)

// Grantable are the permissions a role.grant or a role may give.
var Grantable = map[Permission]bool{Observe: true, Contribute: true, Validate: true, Coordinate: true}

// Definition is one operation type: its name and version, the permission it
// needs, and its payload's rules.
type Definition struct {
	Type       string
	Version    int
	Permission Permission
	// Changes says the type changes who may do what, so a late arrival of it
	// makes later operations be judged again.
	ChangesPermissions bool
	parse              func(json.RawMessage) (any, error)
	// needs, when set, raises the permission for some payloads: marking a
	// step validated needs validate, where editing it needs contribute.
	needs func(parsed any) Permission
}

// Needs is the permission an op with this decoded payload needs.
func (d Definition) Needs(parsed any) Permission {
	if d.needs != nil {
		return d.needs(parsed)
	}
	return d.Permission
}

// Check validates a payload against the type's schema.
func (d Definition) Check(payload json.RawMessage) error {
	_, err := d.parse(payload)
	return err
}

// Parse decodes and validates a payload, returning the type's payload
// struct (for example PartAddPayload), so it is decoded once per op.
func (d Definition) Parse(payload json.RawMessage) (any, error) { return d.parse(payload) }

var definitions = map[string]Definition{}

// Lookup finds the definition of a type at a version. Types or versions a
// newer Cairn wrote are not found: such operations are kept and passed on,
// never applied.
func Lookup(typ string, version int) (Definition, bool) {
	d, ok := definitions[typ]
	if !ok || d.Version != version {
		return Definition{}, false
	}
	return d, true
}

// Types lists every type this build knows, sorted.
func Types() []string {
	var list []string
	for t := range definitions {
		list = append(list, t)
	}
	sortStrings(list)
	return list
}

func define[P any](typ string, permission Permission, changesPermissions bool, valid func(P) error) {
	defineNeeding(typ, permission, changesPermissions, valid, nil)
}

func defineNeeding[P any](typ string, permission Permission, changesPermissions bool, valid func(P) error, needs func(P) Permission) {
	var needsParsed func(any) Permission
	if needs != nil {
		needsParsed = func(parsed any) Permission { return needs(parsed.(P)) }
	}
	definitions[typ] = Definition{
		needs: needsParsed,
		Type:  typ, Version: 1, Permission: permission, ChangesPermissions: changesPermissions,
		parse: func(raw json.RawMessage) (any, error) {
			p, err := Decode[P](raw)
			if err != nil {
				return nil, err
			}
			if err := valid(p); err != nil {
				return nil, err
			}
			return p, nil
		},
	}
}

// Decode reads a payload strictly: unknown fields are an error, so a typo
// never passes as an empty value.
func Decode[P any](raw json.RawMessage) (P, error) {
	var p P
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return p, fmt.Errorf("payload does not match its type: %v", err)
	}
	return p, nil
}

// Operation types and their payloads.
const (
	WorkspaceCreate = "workspace.create"
	WorkspaceRename = "workspace.rename"
	MemberJoin      = "member.join"
	MemberApprove   = "member.approve"
	MemberRemove    = "member.remove"
	RoleGrant       = "role.grant"
	RoleRevoke      = "role.revoke"
	PartAdd         = "part.add"
	PartMove        = "part.move"
	PartRetitle     = "part.retitle"
	PartDelete      = "part.delete"
	PartRevise      = "part.revise"
	CommentAdd      = "comment.add"
	VoteCast        = "vote.cast"
	VisionSet       = "vision.set"
	CanvasAnswer    = "canvas.answer"
	ExchangeAdd     = "exchange.add"
	ExchangeMatch   = "exchange.match"
)

type (
	NamePayload struct {
		Name string `json:"name"`
	}
	MemberPayload struct {
		Member string `json:"member"`
	}
	ApprovePayload struct {
		Member string `json:"member"`
		Name   string `json:"name"`
	}
	GrantPayload struct {
		Member     string     `json:"member"`
		Permission Permission `json:"permission"`
	}
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
	CommentPayload struct {
		Target string `json:"target"`
		Body   string `json:"body"`
	}
	// VotePayload is a member's ballot; a later one replaces it. A score
	// vote gives Scores for every option and Choice "score".
	VotePayload struct {
		Decision string         `json:"decision"`
		Choice   string         `json:"choice"`
		Reason   string         `json:"reason,omitempty"`
		Scores   map[string]int `json:"scores,omitempty"`
	}
	VisionPayload struct {
		Text string `json:"text"`
	}
	AnswerPayload struct {
		Question string `json:"question"`
		Text     string `json:"text"`
	}
	// ExchangePayload is an offer ("what I can do for others") or a need
	// ("what I need"), optionally tied to a part or a step. The item's id
	// is the id of the op that adds it.
	ExchangePayload struct {
		Side string `json:"side"`
		Text string `json:"text"`
		Part string `json:"part,omitempty"`
		Step string `json:"step,omitempty"`
	}
	ItemPayload struct {
		Item string `json:"item"`
	}
)

// Limits on payload text, so one operation cannot fill a replica's disk.
const (
	MaxNameChars    = 80
	MaxTitleChars   = 200
	MaxTextBytes    = 1 << 20
	MaxCommentBytes = 20_000
	MaxVisionBytes  = 20_000
)

func init() {
	define(WorkspaceCreate, Coordinate, true, func(p NamePayload) error { return checkName("name", p.Name, MaxNameChars) })
	define(WorkspaceRename, Coordinate, false, func(p NamePayload) error { return checkName("name", p.Name, MaxNameChars) })
	define(MemberJoin, Anyone, false, func(p NamePayload) error { return checkName("name", p.Name, MaxNameChars) })
	define(MemberApprove, Coordinate, true, func(p ApprovePayload) error {
		return firstError(checkKey(p.Member), checkName("name", p.Name, MaxNameChars))
	})
	define(MemberRemove, Coordinate, true, func(p MemberPayload) error { return checkKey(p.Member) })
	grant := func(p GrantPayload) error {
		if !Grantable[p.Permission] {
			return fmt.Errorf("permission %q is not one of observe, contribute, validate, coordinate", p.Permission)
		}
		return checkKey(p.Member)
	}
	define(RoleGrant, Coordinate, true, grant)
	define(RoleRevoke, Coordinate, true, grant)
	define(PartAdd, Contribute, true, func(p PartAddPayload) error {
		return firstError(checkRef("part", p.Part), checkName("title", p.Title, MaxTitleChars), checkPosition(p.Position),
			checkPartSettings(&p.Brief, &p.Kind, &p.Mode, &p.Owner, &p.Writers))
	})
	define(PartMove, Contribute, false, func(p PartMovePayload) error {
		return firstError(checkRef("part", p.Part), checkPosition(p.Position))
	})
	define(PartRetitle, Contribute, false, func(p PartRetitlePayload) error {
		return firstError(checkRef("part", p.Part), checkName("title", p.Title, MaxTitleChars))
	})
	define(PartDelete, Coordinate, false, func(p PartPayload) error { return checkRef("part", p.Part) })
	define(PartRevise, Contribute, false, func(p PartRevisePayload) error {
		if len(p.Text) > MaxTextBytes || !utf8.ValidString(p.Text) {
			return fmt.Errorf("text must be valid UTF-8 of at most %d bytes", MaxTextBytes)
		}
		if len(p.Parents) > 64 {
			return fmt.Errorf("a revision has at most 64 parents")
		}
		if err := checkRevisionIDs(p.Parents); err != nil {
			return err
		}
		if p.Suggestion != "" {
			if err := checkRevisionIDs([]string{p.Suggestion}); err != nil {
				return err
			}
		}
		return checkRef("part", p.Part)
	})
	define(CommentAdd, Contribute, false, func(p CommentPayload) error {
		if strings.TrimSpace(p.Body) == "" || len(p.Body) > MaxCommentBytes || !utf8.ValidString(p.Body) {
			return fmt.Errorf("a comment is 1 to %d bytes of text", MaxCommentBytes)
		}
		return checkRef("target", p.Target)
	})
	define(VisionSet, Coordinate, false, func(p VisionPayload) error {
		if strings.TrimSpace(p.Text) == "" || len(p.Text) > MaxVisionBytes || !utf8.ValidString(p.Text) {
			return fmt.Errorf("the vision is 1 to %d bytes of text", MaxVisionBytes)
		}
		return nil
	})
	define(CanvasAnswer, Contribute, false, func(p AnswerPayload) error {
		return firstError(checkRef("question", p.Question), checkText("answer", p.Text, MaxCommentBytes))
	})
	define(ExchangeAdd, Contribute, false, func(p ExchangePayload) error {
		if p.Side != "offer" && p.Side != "need" {
			return fmt.Errorf("side must be offer or need, not %q", p.Side)
		}
		var optional []error
		if p.Part != "" {
			optional = append(optional, checkRef("part", p.Part))
		}
		if p.Step != "" {
			optional = append(optional, checkRef("step", p.Step))
		}
		return firstError(append([]error{checkText(p.Side, p.Text, MaxCommentBytes)}, optional...)...)
	})
	define(ExchangeMatch, Contribute, false, func(p ItemPayload) error { return checkRef("item", p.Item) })
	define(VoteCast, Contribute, false, func(p VotePayload) error {
		if len(p.Scores) > MaxOptions {
			return fmt.Errorf("a vote scores at most %d options", MaxOptions)
		}
		for option, score := range p.Scores {
			if err := checkName("option", option, MaxNameChars); err != nil {
				return err
			}
			if score < 0 || score > 5 {
				return fmt.Errorf("a score is 0 to 5, not %d", score)
			}
		}
		return firstError(checkRef("decision", p.Decision), checkName("choice", p.Choice, MaxNameChars),
			checkOptionalText("reason", p.Reason, MaxCommentBytes))
	})
}

func checkName(field, value string, max int) error {
	if !utf8.ValidString(value) || strings.TrimSpace(value) == "" || utf8.RuneCountInString(value) > max {
		return fmt.Errorf("%s must be 1 to %d characters", field, max)
	}
	for _, r := range value {
		if r < 0x20 || r == 0x7f {
			return fmt.Errorf("%s must be one line without control characters", field)
		}
	}
	return nil
}

func checkText(field, text string, max int) error {
	if strings.TrimSpace(text) == "" || len(text) > max || !utf8.ValidString(text) {
		return fmt.Errorf("%s must be 1 to %d bytes of text", field, max)
	}
	return nil
}

func checkKey(key string) error {
	if len(key) != 64 || !isHex(key) {
		return fmt.Errorf("member %q is not a lowercase hex public key", key)
	}
	return nil
}

// checkRef accepts ids made by Cairn: 1 to 64 of a-z, 0-9, - and _.
func checkRef(field, id string) error {
	if !isID(id) {
		return fmt.Errorf("%s id %q must be 1 to 64 of a-z, 0-9, - and _", field, id)
	}
	return nil
}

func checkPosition(p string) error {
	if !ValidPosition(p) {
		return fmt.Errorf("position %q is not a valid position", p)
	}
	return nil
}

func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func sortStrings(list []string) { slices.Sort(list) }
