package canvas

import (
	"strings"
	"testing"

	"github.com/cairn-community/cairn/backend/errs"
)

func TestBoardAndOffers(t *testing.T) {
	ids := map[string]bool{}
	for _, q := range BoardQuestions {
		if ids[q.ID] || !strings.HasSuffix(q.Text, "?") {
			t.Errorf("question %+v is repeated or not a question", q)
		}
		ids[q.ID] = true
	}
	if len(BoardQuestions) != 5 {
		t.Fatalf("%d questions", len(BoardQuestions))
	}
	if errs.Field(CheckText("text", " ")) != "text" || errs.Field(CheckText("text", strings.Repeat("a", MaxTextBytes+1))) != "text" {
		t.Fatal("text rules")
	}
	offer := Item{Side: Offer, Member: "ana", Text: "I can translate into Portuguese"}
	if errs.Code(CheckMatch(offer, "ana")) != errs.Invalid || CheckMatch(offer, "bo") != nil {
		t.Fatal("own offer / other's offer")
	}
	offer.MatchedBy = "bo"
	if errs.Code(CheckMatch(offer, "cy")) != errs.Conflict {
		t.Fatal("an offer taken twice")
	}
}
