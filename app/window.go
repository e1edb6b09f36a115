package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	goruntime "runtime"

	"github.com/wailsapp/wails/v2/pkg/menu"
	"github.com/wailsapp/wails/v2/pkg/menu/keys"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// Window sizes: the default fits a laptop screen; the minimum keeps the
// sidebar and a readable column side by side.
const (
	defaultWidth  = 1200
	defaultHeight = 800
	minWidth      = 720
	minHeight     = 480
)

// EventMenuAbout asks the frontend to show its About dialog. Events carry no
// data: the frontend fetches what it shows through bound calls.
const EventMenuAbout = "menu:about"

// Window ties the native window's life to the session: it restores and
// saves the window's size and place, builds the menu, and closes the
// workspace on exit.
type Window struct {
	session  *Session
	settings *settingsFile
	ctx      context.Context
	shell    *ShellService
	sync     *SyncService
	areas    *AreasService

	deliverable   *DeliverableService
	contributions *ContributionsService
	decisions     *DecisionsService
}

// NewWindow prepares the window for session.
func NewWindow(session *Session) *Window {
	w := &Window{
		session:  session,
		settings: loadSettings(filepath.Join(session.DataDir(), "settings.json"), session.Claimed()),
	}
	w.shell = &ShellService{window: w}
	w.sync = &SyncService{window: w}
	w.areas = NewAreasService(session, w.emit)
	w.deliverable = &DeliverableService{areas: w.areas}
	w.contributions = &ContributionsService{areas: w.areas}
	w.decisions = &DecisionsService{areas: w.areas}
	return w
}

// Services are every bound service of the window.
func (w *Window) Services() []any {
	return []any{w.shell, w.areas, w.sync, w.deliverable, w.contributions, w.decisions}
}

// Sync and Areas are the bound services for syncing and the areas.
func (w *Window) Sync() *SyncService { return w.sync }

// Areas is the bound service for the workspace's areas.
func (w *Window) Areas() *AreasService { return w.areas }

// emit sends an event to the window once it runs.
func (w *Window) emit(event string, data ...any) {
	if w.ctx != nil {
		runtime.EventsEmit(w.ctx, event, data...)
	}
}

// Shell is the bound service for the window's own controls.
func (w *Window) Shell() *ShellService { return w.shell }

// InitialSize is the size and state to open with: the last one saved, or
// the defaults.
func (w *Window) InitialSize() (width, height int, state options.WindowStartState) {
	g := w.settings.get().Window
	if g == nil {
		return defaultWidth, defaultHeight, options.Normal
	}
	if g.Maximised {
		return defaultWidth, defaultHeight, options.Maximised
	}
	return g.Width, g.Height, options.Normal
}

// MinSize is the smallest window Cairn allows.
func (w *Window) MinSize() (width, height int) { return minWidth, minHeight }

// InstanceID names the single-instance lock. It is derived from the data
// folder, so two data folders may each have their window open.
func (w *Window) InstanceID() string {
	sum := sha256.Sum256([]byte(w.session.DataDir()))
	return "cairn_" + hex.EncodeToString(sum[:8])
}

// Startup keeps the runtime context for menu actions.
func (w *Window) Startup(ctx context.Context) {
	w.ctx = ctx
	go w.sync.autoSync(ctx)
}

// DomReady moves the window back where it was.
func (w *Window) DomReady(ctx context.Context) {
	if g := w.settings.get().Window; g != nil && !g.Maximised {
		runtime.WindowSetPosition(ctx, g.X, g.Y)
	}
}

// BeforeClose saves the window's size and place; it never prevents closing.
func (w *Window) BeforeClose(ctx context.Context) bool {
	w.saveGeometry(ctx)
	return false
}

// Shutdown closes the workspace and releases the data folder.
func (w *Window) Shutdown(ctx context.Context) { w.session.Close() }

func (w *Window) saveGeometry(ctx context.Context) {
	maximised := runtime.WindowIsMaximised(ctx)
	g := windowGeometry{Maximised: maximised}
	if previous := w.settings.get().Window; maximised && previous != nil {
		g = *previous // keep the size to restore to when unmaximised
		g.Maximised = true
	} else if !maximised {
		g.Width, g.Height = runtime.WindowGetSize(ctx)
		g.X, g.Y = runtime.WindowGetPosition(ctx)
	}
	if g.Maximised || (g.Width >= minWidth && g.Height >= minHeight) {
		w.settings.update(func(d *deviceSettings) { d.Window = &g })
	}
}

// quit ends the app; Wails calls BeforeClose on the way, which saves the
// window's size and place (scripts/window-test checks it).
func (w *Window) quit() {
	if w.ctx != nil {
		runtime.Quit(w.ctx)
	}
}

// SecondInstance brings this window forward when Cairn is started again.
func (w *Window) SecondInstance(options.SecondInstanceData) {
	if w.ctx == nil {
		return
	}
	runtime.WindowUnminimise(w.ctx)
	runtime.Show(w.ctx)
}

// Menu is the native menu: About and Quit (Ctrl+Q).
func (w *Window) Menu() *menu.Menu {
	bar := menu.NewMenu()
	if goruntime.GOOS == "darwin" {
		bar.Append(menu.AppMenu())
		bar.Append(menu.EditMenu())
	}
	cairn := bar.AddSubmenu("Cairn")
	cairn.AddText("About Cairn", nil, func(*menu.CallbackData) {
		if w.ctx != nil {
			runtime.EventsEmit(w.ctx, EventMenuAbout)
		}
	})
	cairn.AddSeparator()
	cairn.AddText("Quit", keys.CmdOrCtrl("q"), func(*menu.CallbackData) { w.quit() })
	return bar
}
