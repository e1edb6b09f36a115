package errs

import (
	"errors"
	"fmt"
)

// Codes a program can decide by. Keep the set small: a new code is only worth
// adding when some caller must act differently on it.
const (
	Invalid      = "invalid"      // the input is wrong; the message says how to fix it
	NotFound     = "not_found"    // the thing asked for does not exist
	Conflict     = "conflict"     // it exists already, or another holder has it
	Unauthorized = "unauthorized" // the person lacks the permission for what they tried
	Unchanged    = "unchanged"    // nothing to save: it already is as asked
	Busy         = "busy"         // another Cairn holds the data folder
	Corrupt      = "corrupt"      // stored data is damaged; nothing was changed
	TooNew       = "too_new"      // stored data was written by a newer Cairn
	Unwritable   = "unwritable"   // the data folder cannot be written
	Internal     = "internal"     // a bug or an unexpected failure
)

// Codes lists every code above. The app's ErrorCode type
// (frontend/src/api/errors.ts) lists the same ones; a test keeps them equal.
var Codes = []string{Invalid, NotFound, Conflict, Unauthorized, Unchanged, Busy, Corrupt, TooNew, Unwritable, Internal}

// Error is an error with a code and a message for people. Field names the
// input the message is about, so a form can show it next to that field.
//
// Message is written for anyone, in the app or at the command line: it names
// no command and no flag. Hint is the next step as the command line takes
// it (a command to run); only the CLI shows it, after the message.
type Error struct {
	Code    string
	Field   string
	Message string
	Hint    string
	Err     error // the underlying cause, for logs; never shown as is
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// New returns an Error with a formatted message.
func New(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Wrap returns an Error with a formatted message that keeps err as its cause.
func Wrap(err error, code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Err: err}
}

// WithHint sets the command-line hint, formatted, and returns e.
func (e *Error) WithHint(format string, args ...any) *Error {
	e.Hint = fmt.Sprintf(format, args...)
	return e
}

// OnField returns an invalid-input Error about one named field.
func OnField(field, format string, args ...any) *Error {
	return &Error{Code: Invalid, Field: field, Message: fmt.Sprintf(format, args...)}
}

// Code returns the code of the first Error in err's chain, Internal for any
// other non-nil error, and "" for nil.
func Code(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// Message returns the message meant for people. An error that is not ours
// gets a generic sentence, so Go's words never reach a person.
func Message(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "Something went wrong inside Cairn. Nothing you wrote was lost; please try again, and report it if it happens again."
}

// Field returns the input field the error is about, or "".
func Field(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}

// Hint returns the command-line hint of the first Error in err's chain, or
// "". Only the CLI shows it; the app shows the message alone.
func Hint(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Hint
	}
	return ""
}
