package contributions

import (
	"strings"
	"testing"

	"github.com/cairn-community/cairn/backend/errs"
)

func TestTheTaxonomiesAreComplete(t *testing.T) {
	if len(AllContributors) != 33 || len(CRediTRoles) != 14 {
		t.Fatalf("%d all-contributors types and %d CRediT roles, want 33 and 14", len(AllContributors), len(CRediTRoles))
	}
	seen := map[string]bool{}
	for _, k := range append(append([]Kind{}, AllContributors...), CRediTRoles...) {
		if seen[strings.ToLower(k.Key)] || k.Label == "" || (!k.CRediT && k.Emoji == "") {
			t.Errorf("kind %+v is repeated or incomplete", k)
		}
		seen[strings.ToLower(k.Key)] = true
	}
}

func TestLookupKind(t *testing.T) {
	if k, err := LookupKind(" Translation "); err != nil || k.Key != "translation" {
		t.Fatalf("got %+v %v", k, err)
	}
	if k, err := LookupKind("writing-original-draft"); err != nil || !k.CRediT {
		t.Fatalf("got %+v %v", k, err)
	}
	if _, err := LookupKind("juggling"); errs.Field(err) != "type" {
		t.Fatalf("unknown type: %v", err)
	}
}

func TestReviewAndCredits(t *testing.T) {
	if err := CheckReview(Submitted, Review{Accept: false}); errs.Field(err) != "note" {
		t.Fatalf("a return without a reason: %v", err)
	}
	if err := CheckReview(Accepted, Review{Accept: true}); errs.Code(err) != errs.Conflict {
		t.Fatalf("a second review: %v", err)
	}
	if err := CheckReview(Submitted, Review{Accept: true}); err != nil {
		t.Fatal(err)
	}
	credits := Credits([]Entry{
		{Member: "bo", Kind: "methodology", Status: Accepted},
		{Member: "bo", Kind: "research", Status: Accepted},
		{Member: "bo", Kind: "research", Status: Accepted},
		{Member: "ana", Kind: "code", Status: Submitted},
		{Member: "ana", Kind: "content", Status: Accepted},
		{Member: "cy", Kind: "design", Status: Returned},
	})
	got := []string{}
	for _, c := range credits {
		got = append(got, c.Member+":"+strings.Join(c.Kinds, ","))
	}
	if strings.Join(got, " ") != "ana:content bo:research,methodology" {
		t.Fatalf("credits %v", got)
	}
	if errs.Field(CheckNote("  ")) != "note" || errs.Field(CheckNote(strings.Repeat("x", MaxNoteBytes+1))) != "note" || CheckNote("Drafted §2") != nil {
		t.Fatal("note rules")
	}
}
