package app

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sync"

	"github.com/cairn-community/cairn/backend/durable"
	"github.com/cairn-community/cairn/backend/errs"
)

// Themes a person can choose; "system" follows the desktop's light or dark
// setting.
var themes = map[string]bool{"system": true, "light": true, "dark": true}

// deviceSettings are this computer's window preferences. They are not part
// of the workspace and never sync, so they live in a small file beside the
// database rather than in it.
type deviceSettings struct {
	Theme  string          `json:"theme"`
	Window *windowGeometry `json:"window,omitempty"`
	// AutoSyncMinutes is how often the app syncs on its own; 0: never.
	AutoSyncMinutes int `json:"autoSyncMinutes,omitempty"`
}

type windowGeometry struct {
	X         int  `json:"x"`
	Y         int  `json:"y"`
	Width     int  `json:"width"`
	Height    int  `json:"height"`
	Maximised bool `json:"maximised"`
}

// settingsFile guards deviceSettings and writes them through a temporary
// file and a rename, so a crash never leaves half a file.
type settingsFile struct {
	path     string
	writable bool

	mu       sync.Mutex
	settings deviceSettings
}

// loadSettings reads the settings at path. A missing or unreadable file
// gives the defaults: these are preferences, and losing them must never
// stop the app from opening.
func loadSettings(path string, writable bool) *settingsFile {
	f := &settingsFile{path: path, writable: writable, settings: deviceSettings{Theme: "system"}}
	if data, err := os.ReadFile(path); err == nil {
		var loaded deviceSettings
		if json.Unmarshal(data, &loaded) == nil {
			if themes[loaded.Theme] {
				f.settings.Theme = loaded.Theme
			}
			if loaded.AutoSyncMinutes >= 0 && loaded.AutoSyncMinutes <= MaxAutoSyncMinutes {
				f.settings.AutoSyncMinutes = loaded.AutoSyncMinutes
			}
			if g := loaded.Window; g != nil && g.Width >= minWidth && g.Height >= minHeight && g.Width <= 20000 && g.Height <= 20000 {
				f.settings.Window = g
			}
		}
	}
	return f
}

func (f *settingsFile) get() deviceSettings {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.settings
}

func (f *settingsFile) update(change func(*deviceSettings)) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	change(&f.settings)
	if !f.writable {
		return nil // another Cairn holds the folder and owns this file
	}
	data, err := json.MarshalIndent(f.settings, "", "  ")
	if err != nil {
		return errs.Wrap(err, errs.Internal, "Cairn could not save your preferences.")
	}
	if err := durable.WriteFile(f.path, data, 0o600); err != nil {
		return errs.Wrap(err, errs.Unwritable, "Cairn could not save your preferences in %s.", filepath.Dir(f.path))
	}
	return nil
}
