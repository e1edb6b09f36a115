package workspace

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"

	"github.com/cairn-community/cairn/backend/errs"
	"github.com/cairn-community/cairn/backend/gitsync"
	"github.com/cairn-community/cairn/backend/members"
	"github.com/cairn-community/cairn/backend/oplog"
	"github.com/cairn-community/cairn/backend/store"
)

// JoinRemote joins the workspace a remote carries: it fetches the remote,
// finds the workspace its founder created, starts this computer's replica
// with a new key, and pushes the join request. A coordinator approves it;
// until then the newcomer's changes wait everywhere.
func (d *Dir) JoinRemote(ctx context.Context, settings RemoteSettings, memberName string, opts SyncOptions) (*Workspace, SyncSummary, error) {
	return d.joinRemote(ctx, settings, memberName, false, opts)
}

// AddDevice joins the remote's workspace as another device of the member
// called memberName, so one person keeps one identity on several
// computers. That member approves it from a device they already use
// (ApproveDevice); until then this device's changes wait.
func (d *Dir) AddDevice(ctx context.Context, settings RemoteSettings, memberName string, opts SyncOptions) (*Workspace, SyncSummary, error) {
	return d.joinRemote(ctx, settings, memberName, true, opts)
}

func (d *Dir) joinRemote(ctx context.Context, settings RemoteSettings, memberName string, device bool, opts SyncOptions) (*Workspace, SyncSummary, error) {
	if _, err := os.Stat(d.databasePath()); err == nil {
		return nil, SyncSummary{}, errs.New(errs.Conflict, "The data folder %s already holds a workspace. Choose another folder to join a second one.", d.path)
	}
	url, err := cleanRemoteURL(settings.URL)
	if err != nil {
		return nil, SyncSummary{}, err
	}
	settings.URL = url
	if err := os.MkdirAll(d.path, 0o700); err != nil {
		return nil, SyncSummary{}, unwritable(d.path, err)
	}
	r, err := gitsync.Open(filepath.Join(d.path, "git"))
	if err != nil {
		return nil, SyncSummary{}, unwritable(d.path, err)
	}
	defer r.Close()
	if err := r.SetRemote(settings.URL); err != nil {
		return nil, SyncSummary{}, syncError(err)
	}
	if err := r.Fetch(ctx, settings.auth(opts.Secret)); err != nil {
		return nil, SyncSummary{}, syncError(err)
	}
	invitation, members, err := findInvitation(r)
	if err != nil {
		return nil, SyncSummary{}, err
	}
	existing := ""
	for key, name := range members {
		if strings.EqualFold(name, strings.TrimSpace(memberName)) {
			existing = key
		}
	}
	switch {
	case existing != "" && !device:
		return nil, SyncSummary{}, errs.OnField("name", "Someone called %q is already in this workspace. If that is you on another computer, add this computer to your membership instead.", memberName).
			WithHint("Run: cairn join URL --as %q --device", memberName)
	case existing == "" && device:
		return nil, SyncSummary{}, errs.OnField("name", "Nobody called %q has joined this workspace yet, so there is no membership to add this computer to. Check the name, or join as a new member.", memberName)
	}
	invitation.DeviceOf = existing
	w, err := d.Join(ctx, invitation, memberName)
	if err != nil {
		return nil, SyncSummary{}, err
	}
	if err := w.SetRemote(ctx, settings); err != nil {
		w.Close()
		return nil, SyncSummary{}, err
	}
	summary, err := w.Sync(ctx, opts)
	if err != nil {
		w.Close()
		return nil, summary, err
	}
	return w, summary, nil
}

// findInvitation reads the fetched replicas for the workspace's creation:
// the founder's first segment names the workspace, and its author is the
// founder. It also returns the names that asked to join so far.
var (
	createNeedle = []byte(`"type":"` + members.WorkspaceCreate + `"`)
	joinNeedle   = []byte(`"type":"` + members.MemberJoin + `"`)
)

func findInvitation(r *gitsync.Repo) (Invitation, map[string]string, error) {
	heads, _, err := r.Fetched()
	if err != nil {
		return Invitation{}, nil, errs.Wrap(err, errs.Corrupt, "Cairn's copy of the remote cannot be read: %v.", err)
	}
	var found Invitation
	names := map[string]string{} // key -> the name it joined with
	for replica := range heads {
		files, _, err := r.Incoming(replica, "")
		if err != nil {
			continue // a misbehaving replica: the sync will say why
		}
		for _, f := range files {
			// Ops are in canonical form: a segment without either type
			// written out holds neither, and need not be verified here.
			if !bytes.Contains(f.Data, createNeedle) && !bytes.Contains(f.Data, joinNeedle) {
				continue
			}
			seg, err := oplog.Open(f.Data)
			if err != nil {
				continue
			}
			for _, op := range seg.Ops {
				p, err := oplog.Decode[members.NamePayload](op.Payload)
				switch {
				case err != nil:
				case op.Type == members.WorkspaceCreate:
					if found.WorkspaceID != "" && (found.WorkspaceID != seg.Workspace || found.Founder != seg.Author) {
						return Invitation{}, nil, errs.New(errs.Invalid, "The remote holds two different workspaces; Cairn cannot tell which to join. Ask a coordinator to check the remote.")
					}
					found = Invitation{WorkspaceID: seg.Workspace, WorkspaceName: p.Name, Founder: seg.Author}
				case op.Type == members.MemberJoin:
					names[seg.Author] = p.Name
				}
			}
		}
	}
	if found.WorkspaceID == "" {
		return found, nil, errs.New(errs.NotFound, "The remote holds no Cairn workspace yet. Check the address, or ask a coordinator to sync first.")
	}
	return found, names, nil
}

// ReadLastSync reads the last sync's time and summary without claiming the
// folder.
func ReadLastSync(ctx context.Context, path string) (string, SyncSummary, error) {
	var at string
	var s SyncSummary
	err := readOnly(ctx, path, func(_ string, db *store.DB) error {
		var err error
		at, s, err = lastSync(ctx, db)
		return err
	})
	return at, s, err
}
