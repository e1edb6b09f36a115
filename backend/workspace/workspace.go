package workspace

import (
	"context"
	"crypto/ed25519"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/cairn-community/cairn/backend/community"
	"github.com/cairn-community/cairn/backend/durable"
	"github.com/cairn-community/cairn/backend/errs"
	"github.com/cairn-community/cairn/backend/gitsync"
	"github.com/cairn-community/cairn/backend/members"
	"github.com/cairn-community/cairn/backend/store"
)

// Workspace is an open workspace in a claimed data folder.
type Workspace struct {
	dir       *Dir
	db        *store.DB
	workspace community.Workspace
	me        community.Identity
	key       ed25519.PrivateKey
	founder   string
	log       *logWriter
	syncing   sync.Mutex    // held while a sync runs: one at a time
	kept      *gitsync.Repo // the local repository, kept open between syncs (see syncRepo)
	// notDone collects, during a sync, the operations it took in that did
	// not apply (refused, or waiting for their author's approval).
	notDone []store.StoredOp
}

// Info is what a person (or a script) needs to know about the open
// workspace and who they are in it.
type Info struct {
	WorkspaceID    string    `json:"workspaceId"`
	WorkspaceName  string    `json:"workspaceName"`
	MemberName     string    `json:"memberName"`
	PublicKey      string    `json:"publicKey"`
	KeyFingerprint string    `json:"keyFingerprint"`
	ReplicaID      string    `json:"replicaId"`
	CreatedAt      time.Time `json:"createdAt"`
	DataDir        string    `json:"dataDir"`
}

// Create makes a new workspace in the folder: your ed25519 member key, your
// replica id, and the database recording both. It refuses when the folder
// holds a workspace already.
func (d *Dir) Create(ctx context.Context, workspaceName, memberName string) (*Workspace, error) {
	name, err := community.CleanWorkspaceName(workspaceName)
	if err != nil {
		return nil, err
	}
	return d.startReplica(ctx, Invitation{WorkspaceName: name}, memberName)
}

// Join starts a replica of an existing workspace in the folder, with a new
// key, and writes a join request. The newcomer's other changes wait until a
// coordinator approves them.
func (d *Dir) Join(ctx context.Context, invitation Invitation, memberName string) (*Workspace, error) {
	return d.startReplica(ctx, invitation, memberName)
}

// startReplica makes this folder's replica: a new key and replica id, the
// database naming them, and the first operations. With no workspace id in
// the invitation it founds a new workspace.
func (d *Dir) startReplica(ctx context.Context, invitation Invitation, memberName string) (*Workspace, error) {
	member, err := community.CleanMemberName(memberName)
	if err != nil {
		return nil, err
	}
	db, err := store.Open(ctx, d.databasePath())
	if err != nil {
		return nil, err
	}
	if _, _, err := db.Workspace(ctx); errs.Code(err) != errs.NotFound {
		db.Close()
		if err == nil {
			return nil, errs.New(errs.Conflict, "The data folder %s already holds a workspace. Choose another folder to create a second one.", d.path)
		}
		return nil, err
	}
	ws, me, key, err := d.newWorkspace(invitation.WorkspaceName, member)
	if err != nil {
		db.Close()
		return nil, err
	}
	if invitation.WorkspaceID != "" {
		ws.ID = invitation.WorkspaceID
	}
	// The key goes to disk before the database names it, so a crash between
	// the two leaves no workspace without its key; Create then starts over.
	if err := writeKey(filepath.Join(d.path, keyFile), key); err != nil {
		db.Close()
		return nil, unwritable(d.path, err)
	}
	if err := db.CreateWorkspace(ctx, ws, me); err != nil {
		db.Close()
		return nil, err
	}
	w := &Workspace{dir: d, db: db, workspace: ws, me: me, key: key}
	founder := invitation.Founder
	if founder == "" {
		founder = w.Author()
	}
	if err := w.begin(ctx, founder, invitation.DeviceOf); err != nil {
		db.Close()
		return nil, err
	}
	if err := w.takeSeat(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return w, nil
}

// begin starts the op log of a new replica. The founder's replica writes the
// workspace's first operations; a joining replica asks to be let in.
func (w *Workspace) begin(ctx context.Context, founder, deviceOf string) error {
	if err := w.db.SetFounder(ctx, founder); err != nil {
		return err
	}
	if err := w.startLog(ctx); err != nil {
		return err
	}
	if founder == w.Author() {
		if _, err := w.Write(ctx, members.WorkspaceCreate, members.NamePayload{Name: w.workspace.Name}); err != nil {
			return err
		}
	}
	if deviceOf != "" {
		_, err := w.Write(ctx, members.DeviceRequest, members.DeviceRequestPayload{Member: deviceOf, Name: w.me.MemberName})
		return err
	}
	_, err := w.Write(ctx, members.MemberJoin, members.NamePayload{Name: w.me.MemberName})
	return err
}

func (d *Dir) newWorkspace(name, member string) (community.Workspace, community.Identity, ed25519.PrivateKey, error) {
	id, err := community.NewID(d.Random)
	if err != nil {
		return community.Workspace{}, community.Identity{}, nil, err
	}
	replica, err := community.NewID(d.Random)
	if err != nil {
		return community.Workspace{}, community.Identity{}, nil, err
	}
	pub, priv, err := community.NewKey(d.Random)
	if err != nil {
		return community.Workspace{}, community.Identity{}, nil, err
	}
	ws := community.Workspace{ID: id, Name: name, CreatedAt: d.Now().UTC().Truncate(time.Second)}
	me := community.Identity{MemberName: member, PublicKey: pub, ReplicaID: replica}
	return ws, me, priv, nil
}

// Open opens the workspace in the folder. It returns a NotFound error when
// none was created yet, Corrupt when the database or key file is damaged,
// and TooNew when a newer Cairn wrote it; in each case nothing is changed.
func (d *Dir) Open(ctx context.Context) (*Workspace, error) {
	if err := store.Inspect(ctx, d.databasePath()); err != nil {
		if errs.Code(err) == errs.NotFound {
			return nil, d.noWorkspace()
		}
		return nil, err
	}
	db, err := store.Open(ctx, d.databasePath())
	if err != nil {
		return nil, err
	}
	ws, me, err := db.Workspace(ctx)
	if err != nil {
		db.Close()
		if errs.Code(err) == errs.NotFound {
			return nil, d.noWorkspace()
		}
		return nil, err
	}
	if err := d.finishKeyMove(me.PublicKey); err != nil {
		db.Close()
		return nil, err
	}
	key, err := readKey(filepath.Join(d.path, keyFile), me.PublicKey)
	if err != nil {
		db.Close()
		return nil, err
	}
	w := &Workspace{dir: d, db: db, workspace: ws, me: me, key: key}
	if err := w.startLog(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := w.takeSeat(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := w.resumeFork(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if w.founder == "" {
		// Made before the op log existed: this replica founded it.
		if err := w.begin(ctx, w.Author(), ""); err != nil {
			db.Close()
			return nil, err
		}
	}
	return w, nil
}

func (d *Dir) noWorkspace() error {
	return errs.New(errs.NotFound, "There is no workspace in the data folder %s yet.", d.path)
}

// ReadInfo reads who you are in the workspace at path without claiming the
// folder, so it works while the app has the workspace open.
func ReadInfo(ctx context.Context, path string) (Info, error) {
	var result Info
	err := readOnly(ctx, path, func(abs string, db *store.DB) error {
		ws, me, err := db.Workspace(ctx)
		if err != nil {
			return err
		}
		result = info(abs, ws, me)
		return nil
	})
	return result, err
}

// readOnly opens the workspace at path for reading, without claiming the
// folder, and runs read on it.
func readOnly(ctx context.Context, path string, read func(abs string, db *store.DB) error) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return errs.Wrap(err, errs.Invalid, "The data folder %q is not a usable path.", path)
	}
	noWorkspace := errs.New(errs.NotFound, "There is no workspace in the data folder %s yet.", abs)
	db, err := store.OpenReadOnly(ctx, filepath.Join(abs, databaseFile))
	if errs.Code(err) == errs.NotFound {
		return noWorkspace
	}
	if err != nil {
		return err
	}
	defer db.Close()
	if _, _, err := db.Workspace(ctx); errs.Code(err) == errs.NotFound {
		return noWorkspace
	} else if err != nil {
		return err
	}
	return read(abs, db)
}

// Info describes the workspace and you.
func (w *Workspace) Info() Info { return info(w.dir.path, w.workspace, w.me) }

func info(dataDir string, ws community.Workspace, me community.Identity) Info {
	return Info{
		WorkspaceID:    ws.ID,
		WorkspaceName:  ws.Name,
		MemberName:     me.MemberName,
		PublicKey:      hex.EncodeToString(me.PublicKey),
		KeyFingerprint: me.KeyFingerprint(),
		ReplicaID:      me.ReplicaID,
		CreatedAt:      ws.CreatedAt,
		DataDir:        dataDir,
	}
}

// Close closes the database. The data folder stays claimed until its Dir is
// released.
func (w *Workspace) Close() error {
	w.syncing.Lock()
	w.dropSyncRepo()
	w.syncing.Unlock()
	return w.db.Close()
}

const pemType = "PRIVATE KEY"

// writeKey stores the private key as PKCS #8 PEM, readable by the owner
// only, through a temporary file and a rename so a crash never leaves half
// a key.
func writeKey(path string, key ed25519.PrivateKey) error {
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return err
	}
	return durable.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: pemType, Bytes: der}), 0o600)
}

// readKey loads the private key and checks it is the one the database
// names, so a key file from another workspace is never used to sign.
func readKey(path string, want ed25519.PublicKey) (ed25519.PrivateKey, error) {
	damaged := func(err error) error {
		return errs.Wrap(err, errs.Corrupt, "Your signing key file %s is missing or damaged, so Cairn cannot sign your work. Restore it from a backup, or move the workspace aside and start again.", path)
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, damaged(err)
	}
	if err != nil {
		return nil, unwritable(filepath.Dir(path), err)
	}
	block, _ := pem.Decode(data)
	if block == nil || block.Type != pemType {
		return nil, damaged(errors.New("no PEM private key block"))
	}
	parsed, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, damaged(err)
	}
	key, ok := parsed.(ed25519.PrivateKey)
	if !ok {
		return nil, damaged(errors.New("not an ed25519 key"))
	}
	if !key.Public().(ed25519.PublicKey).Equal(want) {
		return nil, damaged(errors.New("key does not match the workspace's public key"))
	}
	return key, nil
}

// Invitation is what a newcomer needs to know of an existing workspace to
// start a replica of it: its id, its name and its founder's key.
type Invitation struct {
	WorkspaceID   string
	WorkspaceName string
	Founder       string
	// DeviceOf, when set, is the key of the member this computer becomes
	// another device of, instead of a new member.
	DeviceOf string `json:",omitempty"`
}

// Invitation is what this workspace tells a newcomer.
func (w *Workspace) Invitation() Invitation {
	return Invitation{WorkspaceID: w.workspace.ID, WorkspaceName: w.workspace.Name, Founder: w.founder}
}

// ReadPrivateKey reads the signing key kept in a data folder. Only tools
// that write on this member's behalf (the benchmark) need it.
func ReadPrivateKey(dataDir string) (ed25519.PrivateKey, error) {
	ctx := context.Background()
	info, err := ReadInfo(ctx, dataDir)
	if err != nil {
		return nil, err
	}
	pub, err := hex.DecodeString(info.PublicKey)
	if err != nil {
		return nil, err
	}
	return readKey(filepath.Join(dataDir, keyFile), pub)
}
