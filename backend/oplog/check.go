package oplog

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Limits on the text an operation carries, so one operation cannot fill a
// replica's disk. Every area checks its payloads with these, and the use
// cases refuse overlong input with them before anything is written.
const (
	MaxNameChars     = 80      // a member's, a role's or an option's name
	MaxTitleChars    = 200     // a step's, a part's or a decision's title
	MaxTextBytes     = 1 << 20 // a part's text
	MaxCommentBytes  = 20_000  // a comment, a description, a brief, an answer
	MaxVisionBytes   = 20_000
	MaxRoleTextBytes = 2000 // a role's Who, When or How; a board question
	MaxNoteBytes     = 4000 // a contribution's note, a decision's outcome
	MaxOptions       = 20   // options of a decision
	MaxLinks         = 100  // dependencies, linked parts, writers
	MaxParents       = 64   // parents of a revision
)

// The payload checks every area uses, so that each rule is written once.

// NameFault is what is wrong with a name or a title, if anything.
type NameFault int

const (
	NameFine       NameFault = iota
	NameNotText              // not valid UTF-8
	NameEmpty                // nothing but spaces
	NameTooLong              // more characters than allowed
	NameNotOneLine           // a line break or another control character
)

// FaultInName is the one rule for names and titles, in payloads and in
// forms alike: one line of 1 to max characters, without control characters.
// Forms trim the spaces around a name before they check it.
func FaultInName(value string, max int) NameFault {
	switch {
	case !utf8.ValidString(value):
		return NameNotText
	case strings.TrimSpace(value) == "":
		return NameEmpty
	case utf8.RuneCountInString(value) > max:
		return NameTooLong
	case strings.ContainsFunc(value, func(r rune) bool { return r < 0x20 || r == 0x7f }):
		return NameNotOneLine
	}
	return NameFine
}

// CheckName accepts one line of 1 to max characters without control
// characters.
func CheckName(field, value string, max int) error {
	switch FaultInName(value, max) {
	case NameFine:
		return nil
	case NameNotOneLine:
		return fmt.Errorf("%s must be one line without control characters", field)
	}
	return fmt.Errorf("%s must be 1 to %d characters", field, max)
}

// CheckText accepts 1 to max bytes of UTF-8 text that is not only spaces.
func CheckText(field, text string, max int) error {
	if strings.TrimSpace(text) == "" || len(text) > max || !utf8.ValidString(text) {
		return fmt.Errorf("%s must be 1 to %d bytes of text", field, max)
	}
	return nil
}

// CheckOptionalText accepts up to max bytes of UTF-8 text, or none.
func CheckOptionalText(field, text string, max int) error {
	if len(text) > max || !utf8.ValidString(text) {
		return fmt.Errorf("%s must be valid UTF-8 of at most %d bytes", field, max)
	}
	return nil
}

// CheckKey accepts a member's public key: 64 lowercase hex digits.
func CheckKey(key string) error {
	if len(key) != 64 || !isHex(key) {
		return fmt.Errorf("member %q is not a lowercase hex public key", key)
	}
	return nil
}

// CheckRef accepts ids made by Cairn: 1 to 64 of a-z, 0-9, - and _.
func CheckRef(field, id string) error {
	if !isID(id) {
		return fmt.Errorf("%s id %q must be 1 to 64 of a-z, 0-9, - and _", field, id)
	}
	return nil
}

// CheckOptionalRef is CheckRef for an id that may be absent.
func CheckOptionalRef(field, id string) error {
	if id == "" {
		return nil
	}
	return CheckRef(field, id)
}

// CheckRefs accepts at most MaxLinks ids.
func CheckRefs(field string, ids []string) error {
	if len(ids) > MaxLinks {
		return fmt.Errorf("%s names at most %d ids", field, MaxLinks)
	}
	for _, id := range ids {
		if err := CheckRef(field, id); err != nil {
			return err
		}
	}
	return nil
}

// CheckOpIDs accepts ids of operations (a revision, a contribution, a
// decision): at most MaxParents of them.
func CheckOpIDs(ids []string) error {
	if len(ids) > MaxParents {
		return fmt.Errorf("a revision has at most %d parents", MaxParents)
	}
	for _, id := range ids {
		if len(id) != 64 || !isHex(id) {
			return fmt.Errorf("%q is not an operation id", id)
		}
	}
	return nil
}

// CheckPosition accepts a position key that orders parts.
func CheckPosition(p string) error {
	if !ValidPosition(p) {
		return fmt.Errorf("position %q is not a valid position", p)
	}
	return nil
}

// FirstError is the first of errs that is not nil.
func FirstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// NonNil keeps a list a projection writes as [] rather than null, so the
// same list reads the same on every replica.
func NonNil(list []string) []string {
	if list == nil {
		return []string{}
	}
	return list
}

// FirstLine shortens a text for Activity's words: its first line, at most
// 80 characters.
func FirstLine(text string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(text), "\n")
	if r := []rune(line); len(r) > 80 {
		return string(r[:79]) + "…"
	}
	return line
}
