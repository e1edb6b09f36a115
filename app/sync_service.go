package app

import (
	"context"
	"sync"
	"time"

	"github.com/cairn-community/cairn/backend/credentials"
	"github.com/cairn-community/cairn/backend/errs"
	"github.com/cairn-community/cairn/backend/workspace"
)

// Events a sync sends: its progress (stage and counts, small), and its end.
const (
	EventSyncProgress = "sync:progress"
	EventSyncDone     = "sync:done"
)

// MaxAutoSyncMinutes bounds the automatic sync interval: a day.
const MaxAutoSyncMinutes = 24 * 60

// SyncService serves the Sync screen: the remote, syncing with progress,
// what was held or refused, and publishing.
type SyncService struct {
	window *Window
	last   sync.Mutex // guards lastRun
	// lastRun is when the last sync started, for the automatic interval.
	lastRun time.Time
}

// RemoteView is the remote's settings and whether a keyring keeps secrets.
type RemoteView struct {
	workspace.RemoteSettings
	KeyringAvailable bool `json:"keyringAvailable"`
	AutoSyncMinutes  int  `json:"autoSyncMinutes"`
}

// Remote reads where and how this computer syncs.
func (s *SyncService) Remote() (view RemoteView, err error) {
	err = s.window.session.use(func(_ context.Context, ws *workspace.Workspace) error {
		settings, err := ws.Remote()
		view = RemoteView{RemoteSettings: settings, KeyringAvailable: credentials.Available(),
			AutoSyncMinutes: s.window.settings.get().AutoSyncMinutes}
		return err
	})
	return view, err
}

// SetRemote records the remote. A secret (token or passphrase) goes to the
// OS keyring; the answer says where it went, or why it could not.
func (s *SyncService) SetRemote(settings workspace.RemoteSettings, secret string) (note string, err error) {
	err = s.window.session.use(func(ctx context.Context, ws *workspace.Workspace) error {
		if err := ws.SetRemote(ctx, settings); err != nil || secret == "" {
			return err
		}
		note = "Your secret is kept in your computer's keyring."
		if err := keepSecret(ws, JoinRequest{Method: settings.Method, Secret: secret}); err != nil {
			note = errs.Message(err)
		}
		return nil
	})
	return note, err
}

// SetAutoSync sets how often the app syncs on its own (0: never).
func (s *SyncService) SetAutoSync(minutes int) error {
	if minutes < 0 || minutes > MaxAutoSyncMinutes {
		return errs.OnField("autoSyncMinutes", "Choose between 0 (never) and %d minutes.", MaxAutoSyncMinutes)
	}
	return s.window.settings.update(func(d *deviceSettings) { d.AutoSyncMinutes = minutes })
}

// options sends a sync's progress to the window as events.
func (s *SyncService) options(secret string) workspace.SyncOptions {
	return workspace.SyncOptions{Secret: secret, Progress: func(p workspace.SyncProgress) { s.window.emit(EventSyncProgress, p) }}
}

// Sync runs a sync now and returns its summary; progress goes out as
// events while it runs. Writing goes on meanwhile.
func (s *SyncService) Sync(secret string) (summary workspace.SyncSummary, err error) {
	s.last.Lock()
	s.lastRun = time.Now()
	s.last.Unlock()
	err = s.window.session.use(func(ctx context.Context, ws *workspace.Workspace) error {
		summary, err = ws.Sync(ctx, s.options(secret))
		return err
	})
	s.window.emit(EventSyncDone)
	if err == nil && summary.Applied > 0 {
		s.window.emit(EventChanged, "sync")
	}
	return summary, err
}

// Publish syncs, then publishes a readable snapshot (coordinators).
func (s *SyncService) Publish(secret string) (summary workspace.SyncSummary, err error) {
	err = s.window.session.use(func(ctx context.Context, ws *workspace.Workspace) error {
		summary, err = ws.Publish(ctx, s.options(secret))
		return err
	})
	s.window.emit(EventSyncDone)
	return summary, err
}

// LastSyncView is when the last sync ran and what it did.
type LastSyncView struct {
	At      string                `json:"at"` // RFC 3339, "" when none ran
	Summary workspace.SyncSummary `json:"summary"`
}

// LastSync reads the last sync.
func (s *SyncService) LastSync() (view LastSyncView, err error) {
	err = s.window.session.use(func(ctx context.Context, ws *workspace.Workspace) error {
		view.At, view.Summary, err = ws.LastSync(ctx)
		return err
	})
	return view, err
}

// SetAside lists the data held or refused, each with its reason.
func (s *SyncService) SetAside() (list []workspace.SetAsideItem, err error) {
	err = s.window.session.use(func(ctx context.Context, ws *workspace.Workspace) error {
		list, err = ws.SetAside(ctx)
		return err
	})
	return list, err
}

// autoSync syncs every AutoSyncMinutes while the app runs and a remote is
// set, quietly: its outcome shows on the Sync screen and Home.
func (s *SyncService) autoSync(ctx context.Context) {
	ticker := time.NewTicker(30 * time.Second)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
		minutes := s.window.settings.get().AutoSyncMinutes
		s.last.Lock()
		due := minutes > 0 && time.Since(s.lastRun) >= time.Duration(minutes)*time.Minute
		s.last.Unlock()
		if !due {
			continue
		}
		if remote, err := s.Remote(); err == nil && remote.URL != "" {
			s.Sync("")
		}
	}
}
