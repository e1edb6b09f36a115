package app

import (
	"encoding/json"
	"log"

	"github.com/cairn-community/cairn/backend/errs"
)

// FormatError is the window's ErrorFormatter: a rejected call carries JSON
// with the code, the field and the message for people, never Go's words and
// never the hint, which names a command for the CLI alone.
func FormatError(err error) any {
	if errs.Code(err) == errs.Internal {
		log.Printf("cairn: internal error: %v", err)
	}
	body, _ := json.Marshal(struct {
		Code    string `json:"code"`
		Field   string `json:"field"`
		Message string `json:"message"`
	}{errs.Code(err), errs.Field(err), errs.Message(err)})
	return string(body)
}
