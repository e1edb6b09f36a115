package workspace

import (
	"context"
	"slices"

	"github.com/cairn-community/cairn/backend/canvas"
	"github.com/cairn-community/cairn/backend/errs"
	"github.com/cairn-community/cairn/backend/store"
)

// AnswerQuestion records your answer to one of the board's questions; a
// later answer of yours replaces it.
func (w *Workspace) AnswerQuestion(ctx context.Context, question, text string) error {
	if _, err := w.findQuestion(ctx, question); err != nil {
		return err
	}
	if err := canvas.CheckText("text", text); err != nil {
		return err
	}
	_, err := w.Write(ctx, canvas.CanvasAnswer, canvas.AnswerPayload{Question: question, Text: text})
	return err
}

// AddExchange puts an offer or a need on the board and returns its id.
func (w *Workspace) AddExchange(ctx context.Context, side canvas.Side, text, part, step string) (string, error) {
	if side != canvas.Offer && side != canvas.Need {
		return "", errs.OnField("side", "An item is an offer or a need.")
	}
	if err := canvas.CheckText("text", text); err != nil {
		return "", err
	}
	if part != "" || step != "" {
		s, err := w.SnapshotOf(ctx, NeedParts|NeedSteps)
		if err != nil {
			return "", err
		}
		if part != "" {
			p, err := s.Part(part)
			if err != nil {
				return "", errs.OnField("part", "%s", errs.Message(err))
			}
			part = p.ID
		}
		if step != "" {
			st, err := s.Step(step)
			if err != nil {
				return "", errs.OnField("step", "%s", errs.Message(err))
			}
			step = st.ID
		}
	}
	op, err := w.Write(ctx, canvas.ExchangeAdd, canvas.ExchangePayload{Side: string(side), Text: text, Part: part, Step: step})
	return op.ID, err
}

// MatchExchange takes up someone else's offer or need.
func (w *Workspace) MatchExchange(ctx context.Context, item string) error {
	_, items, err := readBoard(ctx, w.db)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(items, func(it ExchangeItem) bool { return it.Item == item })
	if i < 0 {
		return errs.New(errs.NotFound, "There is no offer or need %q.", item).WithHint("List them with: cairn canvas show")
	}
	it := items[i]
	if err := canvas.CheckMatch(canvas.Item{Side: canvas.Side(it.Side), Member: it.Member, MatchedBy: it.MatchedBy}, w.Author()); err != nil {
		return err
	}
	_, err = w.Write(ctx, canvas.ExchangeMatch, canvas.ItemPayload{Item: item})
	return err
}

// Canvas is the board as this replica sees it.
type Canvas struct {
	Questions []canvas.Question `json:"questions"`
	Answers   []Answer          `json:"answers"`
	Exchange  []ExchangeItem    `json:"exchange"`
}

// ReadCanvas reads the board without claiming the folder.
func ReadCanvas(ctx context.Context, path string) (Canvas, error) {
	var result Canvas
	err := readOnly(ctx, path, func(_ string, db *store.DB) error {
		var err error
		if result.Questions, err = questions(ctx, db); err != nil {
			return err
		}
		result.Answers, result.Exchange, err = readBoard(ctx, db)
		return err
	})
	return result, err
}

// readBoard reads the board's answers, offers and needs, with who took up
// each by the canvas area's rule.
func readBoard(ctx context.Context, db *store.DB) ([]Answer, []ExchangeItem, error) {
	answers, items, err := db.Canvas(ctx)
	for i := range items {
		items[i].MatchedBy = canvas.TakenBy(items[i].Member, items[i].Takers)
	}
	return viewAll(answers, answerView), viewAll(items, exchangeView), err
}
