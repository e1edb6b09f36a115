package gitsync

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strings"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/protocol/packp"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/plumbing/transport"
	"github.com/go-git/go-git/v5/plumbing/transport/client"
	githttp "github.com/go-git/go-git/v5/plumbing/transport/http"
	"github.com/go-git/go-git/v5/plumbing/transport/server"
	gitssh "github.com/go-git/go-git/v5/plumbing/transport/ssh"
	"github.com/skeema/knownhosts"
	"golang.org/x/crypto/ssh"
)

// go-git reaches file:// remotes through the git binary unless an
// in-process server is installed; Cairn must sync with no git at all.
func init() {
	client.InstallProtocol("file", fileTransport{Transport: server.NewClient(server.DefaultLoader), loader: server.DefaultLoader})
}

// fileTransport is go-git's in-process server, but its upload-pack fails
// when the fetching side says it has a commit the remote lacks (one
// committed here and not pushed yet), where git ignores such a "have".
// It drops those before serving.
type fileTransport struct {
	transport.Transport
	loader server.Loader
}

func (t fileTransport) NewUploadPackSession(ep *transport.Endpoint, auth transport.AuthMethod) (transport.UploadPackSession, error) {
	session, err := t.Transport.NewUploadPackSession(ep, auth)
	if err != nil {
		return nil, err
	}
	remote, err := t.loader.Load(ep)
	if err != nil {
		session.Close()
		return nil, err
	}
	return knownHaves{UploadPackSession: session, remote: remote}, nil
}

type knownHaves struct {
	transport.UploadPackSession
	remote storer.Storer
}

func (k knownHaves) UploadPack(ctx context.Context, req *packp.UploadPackRequest) (*packp.UploadPackResponse, error) {
	kept := req.Haves[:0]
	for _, have := range req.Haves {
		if k.remote.HasEncodedObject(have) == nil {
			kept = append(kept, have)
		}
	}
	req.Haves = kept
	return k.UploadPackSession.UploadPack(ctx, req)
}

// Auth is how to reach a remote. Secrets are given by the caller (from the
// keyring or the environment) and never stored here.
type Auth struct {
	Method     string // "" (none or file), "ssh-agent", "ssh-key", "password"
	User       string
	Password   string // a token or password, for password
	KeyFile    string // for ssh-key
	Passphrase string // for an encrypted key file
	KnownHosts string // known_hosts file; default ~/.ssh/known_hosts
}

// Protocol is the remote's protocol: file, ssh, http or https.
func Protocol(url string) string {
	ep, err := transport.NewEndpoint(url)
	if err != nil {
		return ""
	}
	return ep.Protocol
}

func (r *Repo) authMethod(a Auth) (transport.AuthMethod, error) {
	ep, err := transport.NewEndpoint(r.RemoteURL())
	if err != nil {
		return nil, err
	}
	switch ep.Protocol {
	case "file":
		return nil, nil
	case "http", "https":
		if a.Password == "" {
			return nil, nil
		}
		return &githttp.BasicAuth{Username: orDefault(a.User, "cairn"), Password: a.Password}, nil
	case "ssh":
		user := orDefault(a.User, ep.User)
		helper, err := knownHostsHelper(a.KnownHosts, ep.Host, ep.Port)
		if err != nil {
			return nil, err
		}
		switch a.Method {
		case "ssh-key":
			keys, err := gitssh.NewPublicKeysFromFile(orDefault(user, "git"), a.KeyFile, a.Passphrase)
			if err != nil {
				return nil, &Refusal{Reason: fmt.Sprintf("the SSH key %s cannot be used: %v (a wrong passphrase?)", a.KeyFile, err)}
			}
			keys.HostKeyCallbackHelper = helper
			return keys, nil
		default:
			agent, err := gitssh.NewSSHAgentAuth(orDefault(user, "git"))
			if err != nil {
				return nil, &Refusal{Reason: "no SSH agent answers (SSH_AUTH_SOCK); start one, or choose a key file"}
			}
			agent.HostKeyCallbackHelper = helper
			return agent, nil
		}
	}
	return nil, fmt.Errorf("the remote's protocol %q is not supported", ep.Protocol)
}

// knownHostsHelper checks the server's key against known_hosts, offering
// only the key types known_hosts holds for that host (go-git#1551), and
// explains an unknown or changed key with its fingerprint.
func knownHostsHelper(file, host string, port int) (gitssh.HostKeyCallbackHelper, error) {
	if file == "" {
		home, _ := os.UserHomeDir()
		file = filepath.Join(home, ".ssh", "known_hosts")
	}
	if _, err := os.Stat(file); os.IsNotExist(err) {
		if err := os.MkdirAll(filepath.Dir(file), 0o700); err == nil {
			_ = os.WriteFile(file, nil, 0o600)
		}
	}
	db, err := knownhosts.NewDB(file)
	if err != nil {
		return gitssh.HostKeyCallbackHelper{}, &Refusal{Reason: fmt.Sprintf("the known_hosts file %s cannot be read: %v", file, err)}
	}
	if port == 0 {
		port = 22
	}
	hostport := net.JoinHostPort(host, fmt.Sprint(port))
	check := db.HostKeyCallback()
	return gitssh.HostKeyCallbackHelper{
		HostKeyAlgorithms: db.HostKeyAlgorithms(hostport),
		HostKeyCallback: func(hostname string, remote net.Addr, key ssh.PublicKey) error {
			err := check(hostname, remote, key)
			if err == nil {
				return nil
			}
			line := knownhosts.Line([]string{knownhosts.Normalize(hostport)}, key)
			what := "is not in"
			if knownhosts.IsHostKeyChanged(err) {
				what = "differs from the one in"
			}
			return &Refusal{Reason: fmt.Sprintf("the server %s presented the key %s, which %s %s. Check that fingerprint with the server's keeper; to trust it, add this line to %s: %s",
				hostport, ssh.FingerprintSHA256(key), what, file, file, line)}
		},
	}, nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// Fetch brings every replica's ref, and the published main branch, from
// the remote. An empty remote is not an error: nothing is there yet. When
// the fetch of everything fails on the remote's data (a hostile ref that
// cannot even be packed), each ref is fetched on its own, so one bad ref is
// refused (see Fetched) and the others still arrive.
//
// A replica ref the remote no longer holds is dropped here too, and noted
// (see Gone): what was read of it stays read.
func (r *Repo) Fetch(ctx context.Context, a Auth) error {
	r.fetchRefused = nil
	r.before, r.gone = r.fetchedTips(), map[string]bool{}
	if r.RemoteURL() == "" {
		return &Refusal{Reason: "no remote is set; set one with: cairn remote set URL"}
	}
	if ep, err := transport.NewEndpoint(r.RemoteURL()); err == nil && ep.Protocol == "file" {
		if err := r.fetchFromFolder(ep.Path); err != nil {
			return err
		}
		r.noteGone()
		return nil
	}
	auth, err := r.authMethod(a)
	if err != nil {
		return err
	}
	all := []config.RefSpec{"+" + replicaRefs + "*:" + fetchedRefs + "*", "+refs/heads/main:" + fetchedMain}
	err = r.fetch(ctx, auth, true, all...)
	if err != nil && strings.Contains(err.Error(), "couldn't find remote ref") {
		// The remote has replica refs but nothing published yet.
		err = r.fetch(ctx, auth, true, all[0])
	}
	if err == nil {
		r.noteGone()
		return nil
	}
	if e := explain(err); e != err {
		return e // unreachable, refused credentials…: nothing to retry ref by ref
	}
	remote, lerr := r.git.Remote(remoteName)
	if lerr != nil {
		return err
	}
	refs, lerr := remote.ListContext(ctx, &git.ListOptions{Auth: auth})
	if lerr != nil {
		return explain(lerr)
	}
	for _, ref := range refs {
		name := ref.Name().String()
		replica, ok := strings.CutPrefix(name, replicaRefs)
		if !ok && name != "refs/heads/main" {
			continue
		}
		target := fetchedRefs + replica
		if !ok {
			target = fetchedMain
		}
		if ok && cairnTemporary(replica) {
			continue
		}
		if ferr := r.fetch(ctx, auth, false, config.RefSpec("+"+name+":"+target)); ferr != nil {
			if e := explain(ferr); e != ferr {
				return e
			}
			r.fetchRefused = append(r.fetchRefused, Refusal{Replica: printable(replica), Head: ref.Hash().String(), Reason: "its ref cannot be fetched (" + printable(ferr.Error()) + "); nothing of it was taken"})
		}
	}
	return nil
}

// fetchedTips is each fetched replica ref's tip, by replica.
func (r *Repo) fetchedTips() map[string]plumbing.Hash {
	tips := map[string]plumbing.Hash{}
	refs, err := r.git.Storer.IterReferences()
	if err != nil {
		return tips
	}
	refs.ForEach(func(ref *plumbing.Reference) error {
		if replica, ok := strings.CutPrefix(ref.Name().String(), fetchedRefs); ok && ref.Type() == plumbing.HashReference {
			tips[replica] = ref.Hash()
		}
		return nil
	})
	return tips
}

// noteGone notes the replica refs a complete fetch dropped.
func (r *Repo) noteGone() {
	now := r.fetchedTips()
	for replica := range r.before {
		if _, ok := now[replica]; !ok && replicaName.MatchString(replica) {
			r.gone[replica] = true
		}
	}
}

// Gone lists, sorted, the replicas whose ref the last fetch found removed
// from the remote. What was read of them stays.
func (r *Repo) Gone() []string {
	var list []string
	for replica := range r.gone {
		list = append(list, replica)
	}
	sort.Strings(list)
	return list
}

func (r *Repo) fetch(ctx context.Context, auth transport.AuthMethod, prune bool, specs ...config.RefSpec) error {
	err := r.git.FetchContext(ctx, &git.FetchOptions{RemoteName: remoteName, RefSpecs: specs, Auth: auth, Tags: git.NoTags, Force: true, Prune: prune})
	if err == nil || errors.Is(err, git.NoErrAlreadyUpToDate) || errors.Is(err, transport.ErrEmptyRemoteRepository) {
		return nil
	}
	return err
}

// Push sends this replica's ref. It is never forced: the remote refuses
// anything but a fast-forward.
func (r *Repo) Push(ctx context.Context, replica string, a Auth) error {
	if r.ref(replicaRefs + replica).IsZero() {
		return nil
	}
	auth, err := r.authMethod(a)
	if err != nil {
		return err
	}
	if ep, err := transport.NewEndpoint(r.RemoteURL()); err == nil && ep.Protocol == "file" {
		if err := r.pushToFolder(ep.Path, replica); err != nil {
			return err
		}
		return r.pushed(replica)
	}
	ref := replicaRefs + replica
	err = r.git.PushContext(ctx, &git.PushOptions{RemoteName: remoteName, RefSpecs: []config.RefSpec{config.RefSpec(ref + ":" + ref)}, Auth: auth})
	if err == nil || errors.Is(err, git.NoErrAlreadyUpToDate) {
		return r.pushed(replica)
	}
	if errors.Is(err, git.ErrNonFastForwardUpdate) || strings.Contains(err.Error(), "non-fast-forward") {
		return &Refusal{Replica: replica, Reason: ForeignHistory}
	}
	return explain(err)
}

// pushed records that the remote now holds this replica's ref as the
// local one: the next fetch then tells whether someone else moved it.
func (r *Repo) pushed(replica string) error {
	head := r.ref(replicaRefs + replica)
	return r.git.Storer.SetReference(plumbing.NewHashReference(plumbing.ReferenceName(fetchedRefs+replica), head))
}

// explain turns transport errors into words for people.
func explain(err error) error {
	var refusal *Refusal
	switch {
	case errors.As(err, &refusal):
		return refusal
	case errors.Is(err, transport.ErrAuthenticationRequired), errors.Is(err, transport.ErrAuthorizationFailed):
		return &Refusal{Reason: "the remote refused the credentials; check the user name and token or key"}
	case errors.Is(err, transport.ErrRepositoryNotFound):
		return &Refusal{Reason: "there is no git repository at the remote's address; check the URL"}
	}
	var netErr net.Error
	if errors.As(err, &netErr) || strings.Contains(err.Error(), "connection refused") || strings.Contains(err.Error(), "no such host") {
		return &Refusal{Reason: "the remote cannot be reached (" + err.Error() + "); your work is safe here and the next sync will send it"}
	}
	return err
}

// notFastForward reports a push the remote would not fast-forward. go-git
// says so, or, when the remote's ref points at a commit this repository has
// never fetched, fails to find that commit.
func notFastForward(err error) bool {
	return errors.Is(err, git.ErrNonFastForwardUpdate) || errors.Is(err, plumbing.ErrObjectNotFound) ||
		strings.Contains(err.Error(), "non-fast-forward") || strings.Contains(err.Error(), "object not found")
}
