package app

import (
	"context"
	"fmt"
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

// JoinRequest is the Join screen's form.
type JoinRequest struct {
	URL     string `json:"url"`
	Name    string `json:"name"`
	Method  string `json:"method"` // "", ssh-agent, ssh-key, password
	User    string `json:"user"`
	KeyFile string `json:"keyFile"`
	Secret  string `json:"secret"` // a token or a key's passphrase; kept in the OS keyring, never on disk
	Device  bool   `json:"device"` // already a member: add this computer to the membership
}

// JoinResult is the workspace joined and what to tell a coordinator.
type JoinResult struct {
	Info Info `json:"info"`
	// Ask is the words to send: who asks, and the key fingerprint that
	// lets a coordinator (or, for a device, you) recognise the request.
	Ask string `json:"ask"`
	// Keyring says where the secret went, or why it could not be kept.
	Keyring string `json:"keyring,omitempty"`
}

// Join fetches the workspace the remote carries and asks to join it (or to
// add this computer to your membership). Until approved, your changes wait.
func (s *WorkspaceService) Join(req JoinRequest) (JoinResult, error) {
	settings := workspace.RemoteSettings{URL: req.URL, Method: req.Method, User: req.User, KeyFile: req.KeyFile}
	ws, err := s.session.join(context.Background(), settings, req.Name, req.Device, req.Secret)
	if err != nil {
		return JoinResult{}, err
	}
	info := infoOf(ws)
	result := JoinResult{Info: info}
	if req.Device {
		result.Ask = fmt.Sprintf("On a computer where you already use Cairn, sync, then approve this computer (key %s).", info.KeyFingerprint)
	} else {
		result.Ask = fmt.Sprintf("Please approve %s in %s. My key is %s.", info.MemberName, info.WorkspaceName, info.KeyFingerprint)
	}
	if req.Secret != "" {
		result.Keyring = "Your secret is kept in your computer's keyring."
		if err := keepSecret(ws, req); err != nil {
			result.Keyring = errs.Message(err)
		}
	}
	return result, nil
}
