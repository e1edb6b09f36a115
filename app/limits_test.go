package app

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/cairn-community/cairn/backend/canvas"
	"github.com/cairn-community/cairn/backend/decisions"
	"github.com/cairn-community/cairn/backend/oplog"
)

var updateLimits = flag.Bool("update", false, "rewrite frontend/src/api/limits.ts from the Go limits")

// limitsFile is where the window's forms find the limits the backend
// checks: generated from the Go constants, never typed by hand.
const limitsFile = "../frontend/src/api/limits.ts"

// limits are the Go constants the forms check before they send anything.
var limits = []struct {
	name, doc string
	value     int
}{
	{"maxNameChars", "a member's, a role's or an option's name, in characters", oplog.MaxNameChars},
	{"maxTitleChars", "a step's, a part's or a decision's title, in characters", oplog.MaxTitleChars},
	{"maxTextBytes", "a part's text, in bytes of UTF-8", oplog.MaxTextBytes},
	{"maxCommentBytes", "a comment, a description, a brief, in bytes of UTF-8", oplog.MaxCommentBytes},
	{"maxVisionBytes", "the vision, in bytes of UTF-8", oplog.MaxVisionBytes},
	{"maxRoleTextBytes", "a role's Who, When or How, in bytes of UTF-8", oplog.MaxRoleTextBytes},
	{"maxNoteBytes", "a contribution's note or a decision's outcome, in bytes of UTF-8", oplog.MaxNoteBytes},
	{"maxCanvasBytes", "an answer on the board, an offer or a need, in bytes of UTF-8", canvas.MaxTextBytes},
	{"maxOptions", "options of a decision", oplog.MaxOptions},
	{"maxLinks", "dependencies, linked parts or writers", oplog.MaxLinks},
	{"maxScore", "the top of a score vote's scale", decisions.MaxScore},
}

func limitsSource() string {
	var b strings.Builder
	b.WriteString("// Generated from the Go limits by app/limits_test.go; do not edit.\n")
	b.WriteString("// Refresh with: go test -tags webkit2_41 ./app -run TestLimitsAreGenerated -update\n")
	for _, l := range limits {
		fmt.Fprintf(&b, "\n/** The most for %s. */\nexport const %s = %d;\n", l.doc, l.name, l.value)
	}
	return b.String()
}

// TestLimitsAreGenerated keeps the window's limits equal to the backend's:
// a form never refuses what the backend takes, nor takes what it refuses.
func TestLimitsAreGenerated(t *testing.T) {
	want := limitsSource()
	if *updateLimits {
		if err := os.WriteFile(limitsFile, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(limitsFile)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Fatalf("%s differs from the Go limits; refresh it with -update and commit it", limitsFile)
	}
}
