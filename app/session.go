package app

import (
	"context"
	"sync"

	"github.com/cairn-community/cairn/backend/errs"
	"github.com/cairn-community/cairn/backend/workspace"
)

// Session is this window's hold on its data folder and the workspace open
// in it. Every bound service shares one.
type Session struct {
	path string

	mu       sync.Mutex
	dir      *workspace.Dir
	claimErr error
	open     *workspace.Workspace
}

// NewSession claims the data folder at path. A failure (another Cairn holds
// it, or it cannot be written) is kept and reported through Status, so the
// window can explain it instead of never opening.
func NewSession(path string) *Session {
	s := &Session{path: path}
	s.dir, s.claimErr = workspace.Claim(path)
	if s.dir != nil {
		s.path = s.dir.Path()
	}
	return s
}

// Claimed reports whether this process holds the data folder.
func (s *Session) Claimed() bool { return s.dir != nil }

// DataDir is the data folder's path.
func (s *Session) DataDir() string { return s.path }

// workspace returns the open workspace, opening it on first use.
func (s *Session) workspace(ctx context.Context) (*workspace.Workspace, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.claimErr != nil {
		return nil, s.claimErr
	}
	if s.open == nil {
		ws, err := s.dir.Open(ctx)
		if err != nil {
			return nil, err
		}
		s.open = ws
	}
	return s.open, nil
}

// use runs fn on the open workspace, opening it on first use.
func (s *Session) use(fn func(context.Context, *workspace.Workspace) error) error {
	ctx := context.Background()
	ws, err := s.workspace(ctx)
	if err != nil {
		return err
	}
	return fn(ctx, ws)
}

func (s *Session) create(ctx context.Context, workspaceName, memberName string) (*workspace.Workspace, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.claimErr != nil {
		return nil, s.claimErr
	}
	if s.open != nil {
		return nil, errs.New(errs.Conflict, "A workspace is already open in %s.", s.path)
	}
	ws, err := s.dir.Create(ctx, workspaceName, memberName)
	if err != nil {
		return nil, err
	}
	s.open = ws
	return ws, nil
}

// join joins the workspace a remote carries, as a new member or as another
// device of one.
func (s *Session) join(ctx context.Context, settings workspace.RemoteSettings, memberName string, device bool, secret string) (*workspace.Workspace, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.claimErr != nil {
		return nil, s.claimErr
	}
	if s.open != nil {
		return nil, errs.New(errs.Conflict, "A workspace is already open in %s.", s.path)
	}
	join := s.dir.JoinRemote
	if device {
		join = s.dir.AddDevice
	}
	ws, _, err := join(ctx, settings, memberName, workspace.SyncOptions{Secret: secret})
	if err != nil {
		return nil, err
	}
	s.open = ws
	return ws, nil
}

func (s *Session) moveAside() (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.claimErr != nil {
		return "", s.claimErr
	}
	if s.open != nil {
		return "", errs.New(errs.Conflict, "The workspace is healthy and open, so it was not moved.")
	}
	return s.dir.MoveAside()
}

// Close closes the workspace and gives the folder back.
func (s *Session) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.open != nil {
		s.open.Close()
		s.open = nil
	}
	if s.dir != nil {
		s.dir.Release()
	}
}
