package community

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzCleanMemberName: whatever is typed, a name is either refused with a
// message or comes back trimmed, valid, one line and short enough.
func FuzzCleanMemberName(f *testing.F) {
	for _, seed := range []string{"Ana", " ", "a\nb", strings.Repeat("ü", 81), "\xff", "\u200b"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out, err := CleanMemberName(in)
		if err != nil {
			if out != "" || err.Error() == "" {
				t.Fatalf("refusal of %q returned %q, %v", in, out, err)
			}
			return
		}
		if out == "" || out != strings.TrimSpace(out) || !utf8.ValidString(out) ||
			utf8.RuneCountInString(out) > MaxNameLength || strings.ContainsAny(out, "\n\r\t\x00") {
			t.Fatalf("accepted %q as %q", in, out)
		}
	})
}
