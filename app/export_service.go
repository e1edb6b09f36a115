package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/cairn-community/cairn/backend/errs"
)

// exportDirEnv is the test seam for the save dialog: native dialogs block
// under Xvfb, so with it set, exports go to that folder without asking.
const exportDirEnv = "CAIRN_EXPORT_DIR"

var exportExtensions = map[string]string{"md": "md", "html": "html", "csv": "csv", "ics": "ics", "credits": "md"}

// Export renders an export (md, html, csv, ics, credits) and asks where to
// save it. It returns the path written, or "" when the person cancelled.
func (s *ShellService) Export(format string) (string, error) {
	ext, ok := exportExtensions[format]
	if !ok {
		return "", errs.OnField("format", "There is no export called %q.", format)
	}
	ctx := context.Background()
	ws, err := s.window.session.workspace(ctx)
	if err != nil {
		return "", err
	}
	snap, err := ws.Snapshot(ctx)
	if err != nil {
		return "", err
	}
	data, err := snap.Export(format, ws.Now())
	if err != nil {
		return "", err
	}
	name := fileName(snap.Name)
	if format == "credits" {
		name += "-credits"
	} else if format == "csv" || format == "ics" {
		name += "-roadmap"
	}
	name += "." + ext
	path := ""
	if dir := os.Getenv(exportDirEnv); dir != "" {
		path = filepath.Join(dir, name)
	} else if s.window.ctx != nil {
		path, err = runtime.SaveFileDialog(s.window.ctx, runtime.SaveDialogOptions{Title: "Save the export", DefaultFilename: name})
		if err != nil {
			return "", errs.Wrap(err, errs.Internal, "The save dialog could not open: %v.", err)
		}
	}
	if path == "" {
		return "", nil
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return "", errs.Wrap(err, errs.Unwritable, "Cairn could not write %s: check the folder exists and you may write to it.", path)
	}
	return path, nil
}

// fileName turns a workspace name into a safe file name.
func fileName(name string) string {
	clean := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			return r
		case r == ' ':
			return '-'
		}
		return -1
	}, name)
	if clean == "" {
		return "cairn"
	}
	return strings.ToLower(clean)
}
