package workspace

import (
	"context"
	"strings"

	"github.com/cairn-community/cairn/backend/canvas"
	"github.com/cairn-community/cairn/backend/errs"
	"github.com/cairn-community/cairn/backend/oplog"
	"github.com/cairn-community/cairn/backend/store"
)

// SetVision writes the community's shared vision. Coordinators only: for
// anyone else it is refused, with the reason, and nothing is stored.
func (w *Workspace) SetVision(ctx context.Context, text string) error {
	if strings.TrimSpace(text) == "" {
		return errs.OnField("text", "The vision is empty. Write what the community wants to achieve together.")
	}
	if len(text) > oplog.MaxVisionBytes {
		return errs.OnField("text", "The vision is %d bytes long; keep it under %d.", len(text), oplog.MaxVisionBytes)
	}
	_, err := w.Write(ctx, canvas.VisionSet, canvas.VisionPayload{Text: text})
	return err
}

// Vision is the shared vision, or "" before a coordinator writes one.
func (w *Workspace) Vision(ctx context.Context) (string, error) { return w.db.Vision(ctx) }

// ReadVision reads the vision without claiming the folder.
func ReadVision(ctx context.Context, path string) (string, error) {
	var text string
	err := readOnly(ctx, path, func(_ string, db *store.DB) error {
		if _, _, err := db.Workspace(ctx); err != nil {
			return err
		}
		var err error
		text, err = db.Vision(ctx)
		return err
	})
	return text, err
}
