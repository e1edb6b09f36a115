package workspace

import (
	"context"
	"slices"
	"strings"

	"github.com/cairn-community/cairn/backend/canvas"
	"github.com/cairn-community/cairn/backend/community"
	"github.com/cairn-community/cairn/backend/errs"
	"github.com/cairn-community/cairn/backend/oplog"
	"github.com/cairn-community/cairn/backend/store"
)

// questions is the board's question set: the questions Cairn seeds, as
// coordinators reworded or removed them, then the ones they added.
func questions(ctx context.Context, db *store.DB) ([]canvas.Question, error) {
	edits, err := db.Entities(ctx, "question")
	if err != nil {
		return nil, err
	}
	list := slices.Clone(canvas.BoardQuestions)
	for _, e := range edits {
		var text string
		var removed bool
		e.Field("text", &text)
		e.Field("removed", &removed)
		i := slices.IndexFunc(list, func(q canvas.Question) bool { return q.ID == e.ID })
		switch {
		case i >= 0 && removed:
			list = slices.Delete(list, i, i+1)
		case i >= 0:
			list[i].Text = text
		case !removed:
			list = append(list, canvas.Question{ID: e.ID, Text: text})
		}
	}
	return list, nil
}

// AddQuestion puts a new question on the board and returns its id;
// coordinators only.
func (w *Workspace) AddQuestion(ctx context.Context, text string) (string, error) {
	id, err := community.NewID(w.dir.Random)
	if err != nil {
		return "", err
	}
	return id, w.writeQuestion(ctx, id, text, false)
}

// EditQuestion rewords one of the board's questions; coordinators only.
func (w *Workspace) EditQuestion(ctx context.Context, id, text string) error {
	if _, err := w.findQuestion(ctx, id); err != nil {
		return err
	}
	return w.writeQuestion(ctx, id, text, false)
}

// RemoveQuestion takes a question off the board; its answers stay in the
// history. Coordinators only.
func (w *Workspace) RemoveQuestion(ctx context.Context, id string) error {
	q, err := w.findQuestion(ctx, id)
	if err != nil {
		return err
	}
	return w.writeQuestion(ctx, q.ID, q.Text, true)
}

func (w *Workspace) writeQuestion(ctx context.Context, id, text string, removed bool) error {
	text = strings.TrimSpace(text)
	if text == "" || len(text) > oplog.MaxRoleTextBytes {
		return errs.OnField("text", "Write the question in 1 to %d bytes.", oplog.MaxRoleTextBytes)
	}
	_, err := w.Write(ctx, canvas.CanvasQuestion, canvas.QuestionPayload{Question: id, Text: text, Removed: removed})
	return err
}

func (w *Workspace) findQuestion(ctx context.Context, id string) (canvas.Question, error) {
	list, err := questions(ctx, w.db)
	if err != nil {
		return canvas.Question{}, err
	}
	i := slices.IndexFunc(list, func(q canvas.Question) bool { return q.ID == id })
	if i < 0 {
		ids := make([]string, len(list))
		for k, q := range list {
			ids[k] = q.ID
		}
		return canvas.Question{}, errs.OnField("question", "There is no question %q. The board's questions are: %s.", id, strings.Join(ids, ", "))
	}
	return list[i], nil
}
