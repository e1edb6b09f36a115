package deliverable

import (
	"testing"

	"github.com/cairn-community/cairn/backend/errs"
)

func TestWhoWritesAndWhoSuggests(t *testing.T) {
	coop := Part{Mode: Cooperation, Owner: "ana"}
	collab := Part{Mode: Collaboration, Owner: "ana", Writers: []string{"bo"}}
	open := Part{Mode: Collaboration}
	for _, c := range []struct {
		part   Part
		member string
		want   Writer
	}{
		{coop, "ana", MayWrite},
		{coop, "bo", MaySuggest},
		{collab, "bo", MayWrite},
		{collab, "ana", MayWrite},
		{collab, "cy", MaySuggest},
		{open, "cy", MayWrite},
		{Part{Mode: Cooperation}, "cy", MayWrite},
	} {
		got, err := Access(c.part, c.member, true)
		if err != nil || got != c.want {
			t.Errorf("%+v / %s: %v %v, want %v", c.part, c.member, got, err, c.want)
		}
	}
	if _, err := Access(open, "cy", false); errs.Code(err) != errs.Unauthorized {
		t.Fatalf("an observer wrote: %v", err)
	}
}

func TestParsing(t *testing.T) {
	if k, err := ParseKind("Synthesize"); err != nil || k != Synthesise {
		t.Fatalf("%q %v", k, err)
	}
	if _, err := ParseKind("remix"); errs.Field(err) != "kind" {
		t.Fatalf("bad kind: %v", err)
	}
	if m, err := ParseMode(""); err != nil || m != Cooperation {
		t.Fatalf("default mode %q %v", m, err)
	}
	if _, err := ParseMode("solo"); errs.Field(err) != "mode" {
		t.Fatalf("bad mode: %v", err)
	}
}
