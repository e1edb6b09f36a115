package app

import (
	"context"
	"time"

	"github.com/cairn-community/cairn/backend/errs"
	"github.com/cairn-community/cairn/backend/workspace"
)

// States the window starts in, as Status reports them.
const (
	StateNone       = "none"       // no workspace yet: first-run screen
	StateReady      = "ready"      // a workspace is open: the shell
	StateCorrupt    = "corrupt"    // the database is damaged: offer to move it aside
	StateNewer      = "newer"      // a newer Cairn wrote it: update Cairn
	StateLocked     = "locked"     // another Cairn holds the data folder
	StateUnwritable = "unwritable" // the data folder cannot be used
)

// Status is what the window shows first.
type Status struct {
	State   string `json:"state"`
	Message string `json:"message"`
	DataDir string `json:"dataDir"`
	Info    *Info  `json:"info,omitempty"`
}

// Info is the open workspace and who you are in it.
type Info struct {
	WorkspaceID    string `json:"workspaceId"`
	WorkspaceName  string `json:"workspaceName"`
	MemberName     string `json:"memberName"`
	PublicKey      string `json:"publicKey"`
	KeyFingerprint string `json:"keyFingerprint"`
	ReplicaID      string `json:"replicaId"`
	CreatedAt      string `json:"createdAt"`
	DataDir        string `json:"dataDir"`
}

func infoOf(ws *workspace.Workspace) Info {
	i := ws.Info()
	return Info{
		WorkspaceID:    i.WorkspaceID,
		WorkspaceName:  i.WorkspaceName,
		MemberName:     i.MemberName,
		PublicKey:      i.PublicKey,
		KeyFingerprint: i.KeyFingerprint,
		ReplicaID:      i.ReplicaID,
		CreatedAt:      i.CreatedAt.UTC().Format(time.RFC3339),
		DataDir:        i.DataDir,
	}
}

// WorkspaceService creates and opens the workspace.
type WorkspaceService struct {
	session *Session
}

// NewWorkspaceService binds to session.
func NewWorkspaceService(session *Session) *WorkspaceService {
	return &WorkspaceService{session: session}
}

// Status says which screen to show: first run, the shell, or a problem
// with the words to fix it.
func (s *WorkspaceService) Status() (Status, error) {
	status := Status{DataDir: s.session.DataDir()}
	ws, err := s.session.workspace(context.Background())
	if err == nil {
		info := infoOf(ws)
		status.State, status.Info = StateReady, &info
		return status, nil
	}
	status.Message = errs.Message(err)
	switch errs.Code(err) {
	case errs.NotFound:
		status.State, status.Message = StateNone, ""
	case errs.Corrupt:
		status.State = StateCorrupt
	case errs.TooNew:
		status.State = StateNewer
	case errs.Busy:
		status.State = StateLocked
	default:
		status.State = StateUnwritable
	}
	return status, nil
}

// Create makes the workspace with you as its first member.
func (s *WorkspaceService) Create(workspaceName, memberName string) (Info, error) {
	ws, err := s.session.create(context.Background(), workspaceName, memberName)
	if err != nil {
		return Info{}, err
	}
	return infoOf(ws), nil
}

// MoveAside renames a damaged database with the date and returns its new
// path, so a new workspace can be created without losing the old file.
func (s *WorkspaceService) MoveAside() (string, error) {
	return s.session.moveAside()
}

// Info describes the open workspace.
func (s *WorkspaceService) Info() (Info, error) {
	ws, err := s.session.workspace(context.Background())
	if err != nil {
		return Info{}, err
	}
	return infoOf(ws), nil
}
