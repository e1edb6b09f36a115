package canvas

import (
	"fmt"

	"github.com/cairn-community/cairn/backend/oplog"
)

// The operation types of the vision and the board.
const (
	VisionSet      = "vision.set"
	CanvasAnswer   = "canvas.answer"
	CanvasQuestion = "canvas.question"
	ExchangeAdd    = "exchange.add"
	ExchangeMatch  = "exchange.match"
)

type (
	VisionPayload struct {
		Text string `json:"text"`
	}
	AnswerPayload struct {
		Question string `json:"question"`
		Text     string `json:"text"`
	}
	// QuestionPayload adds, rewords or removes one of the board's questions.
	QuestionPayload struct {
		Question string `json:"question"`
		Text     string `json:"text"`
		Removed  bool   `json:"removed,omitempty"`
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
	// ItemPayload takes up an offer or a need.
	ItemPayload struct {
		Item string `json:"item"`
	}
)

func init() {
	oplog.Define(oplog.Spec[VisionPayload]{
		Type: VisionSet, Area: "vision", Permission: oplog.Coordinate,
		Valid: func(p VisionPayload) error {
			if oplog.CheckText("the vision", p.Text, oplog.MaxVisionBytes) != nil {
				return fmt.Errorf("the vision is 1 to %d bytes of text", oplog.MaxVisionBytes)
			}
			return nil
		},
		Project:  func(w oplog.Projection, _ oplog.Op, p VisionPayload) { w.Register("vision", "", p.Text) },
		Describe: func(oplog.Names, oplog.Op, VisionPayload) (string, string) { return "set the vision", "" },
	})
	oplog.Define(oplog.Spec[AnswerPayload]{
		Type: CanvasAnswer, Area: "vision", Permission: oplog.Contribute,
		Valid: func(p AnswerPayload) error {
			return oplog.FirstError(oplog.CheckRef("question", p.Question), oplog.CheckText("answer", p.Text, oplog.MaxCommentBytes))
		},
		Project: func(w oplog.Projection, op oplog.Op, p AnswerPayload) {
			w.Register("answer", p.Question+"\x00"+op.Author, p.Question, op.Author, p.Text)
		},
		Describe: func(n oplog.Names, _ oplog.Op, p AnswerPayload) (string, string) {
			return fmt.Sprintf("answered “%s”", n.Label("question", p.Question)), p.Question
		},
	})
	oplog.Define(oplog.Spec[QuestionPayload]{
		Type: CanvasQuestion, Area: "vision", Permission: oplog.Coordinate,
		Valid: func(p QuestionPayload) error {
			return oplog.FirstError(oplog.CheckRef("question", p.Question), oplog.CheckText("question", p.Text, oplog.MaxRoleTextBytes))
		},
		Project: func(w oplog.Projection, _ oplog.Op, p QuestionPayload) {
			entity := w.Created("question", p.Question)
			w.Field(entity, "text", p.Text)
			w.Field(entity, "removed", p.Removed)
		},
		Describe: func(_ oplog.Names, _ oplog.Op, p QuestionPayload) (string, string) {
			if p.Removed {
				return "removed a question from the board", p.Question
			}
			return fmt.Sprintf("put the question “%s” on the board", oplog.FirstLine(p.Text)), p.Question
		},
	})
	oplog.Define(oplog.Spec[ExchangePayload]{
		Type: ExchangeAdd, Area: "vision", Permission: oplog.Contribute,
		Valid: func(p ExchangePayload) error {
			if p.Side != string(Offer) && p.Side != string(Need) {
				return fmt.Errorf("side must be offer or need, not %q", p.Side)
			}
			return oplog.FirstError(oplog.CheckText(p.Side, p.Text, oplog.MaxCommentBytes),
				oplog.CheckOptionalRef("part", p.Part), oplog.CheckOptionalRef("step", p.Step))
		},
		Project: func(w oplog.Projection, op oplog.Op, p ExchangePayload) {
			w.Add("exchange", op.ID, p.Side, op.Author, p.Text, p.Part, p.Step, op.Stamp.Wall, op.Stamp.Logical)
		},
		Describe: func(_ oplog.Names, op oplog.Op, p ExchangePayload) (string, string) {
			verb := "offered"
			if p.Side == string(Need) {
				verb = "asked for"
			}
			return fmt.Sprintf("%s: %s", verb, oplog.FirstLine(p.Text)), op.ID
		},
	})
	oplog.Define(oplog.Spec[ItemPayload]{
		Type: ExchangeMatch, Area: "vision", Permission: oplog.Contribute,
		Valid: func(p ItemPayload) error { return oplog.CheckRef("item", p.Item) },
		Project: func(w oplog.Projection, op oplog.Op, p ItemPayload) {
			w.Add("exchange.matches", p.Item, op.Author, op.Stamp.Wall, op.Stamp.Logical, op.Replica)
		},
		Describe: func(_ oplog.Names, _ oplog.Op, p ItemPayload) (string, string) {
			return "took up an offer or need", p.Item
		},
	})
}
