package community

import (
	"strings"
	"testing"

	"github.com/cairn-community/cairn/backend/errs"
)

func TestNames(t *testing.T) {
	cases := []struct {
		in, want string
		ok       bool
	}{
		{"  Field Guide  ", "Field Guide", true},
		{"Ñandú — guía", "Ñandú — guía", true},
		{strings.Repeat("é", MaxNameLength), strings.Repeat("é", MaxNameLength), true},
		{"", "", false},
		{"   \t ", "", false},
		{strings.Repeat("x", 500), "", false},
		{"two\nlines", "", false},
		{"bell\a", "", false},
		{"bad \xff utf8", "", false},
	}
	for _, c := range cases {
		for field, clean := range map[string]func(string) (string, error){
			FieldWorkspaceName: CleanWorkspaceName, FieldMemberName: CleanMemberName,
		} {
			got, err := clean(c.in)
			if c.ok && (err != nil || got != c.want) {
				t.Errorf("%s(%q) = %q, %v; want %q", field, c.in, got, err, c.want)
			}
			if !c.ok {
				if errs.Code(err) != errs.Invalid || errs.Field(err) != field || errs.Message(err) == "" {
					t.Errorf("%s(%q): got %v (field %q), want an invalid error on the field", field, c.in, err, errs.Field(err))
				}
			}
		}
	}
}

func TestIDsAreFileAndRefSafe(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 100; i++ {
		id, err := NewID(strings.NewReader(strings.Repeat(string(rune('a'+i%26)), 10) + "zzzzzzzzzz"))
		if err != nil {
			t.Fatal(err)
		}
		if len(id) != 16 || strings.Trim(id, "abcdefghijklmnopqrstuvwxyz234567") != "" {
			t.Fatalf("id %q is not 16 lowercase base32 characters", id)
		}
		seen[id] = true
	}
	if len(seen) != 26 {
		t.Fatalf("%d distinct ids from 26 distinct inputs", len(seen))
	}
	if _, err := NewID(strings.NewReader("short")); errs.Code(err) != errs.Internal {
		t.Fatalf("short random source: got %v", err)
	}
}
