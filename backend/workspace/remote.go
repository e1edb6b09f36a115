package workspace

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"

	"github.com/cairn-community/cairn/backend/credentials"
	"github.com/cairn-community/cairn/backend/durable"
	"github.com/cairn-community/cairn/backend/errs"
	"github.com/cairn-community/cairn/backend/gitsync"
)

// RemoteSettings is how this computer reaches the community's remote. No
// secret is kept here: tokens and passphrases live in the OS keyring.
type RemoteSettings struct {
	URL        string `json:"url"`
	Method     string `json:"method,omitempty"` // ssh-agent, ssh-key, password; "" for a folder
	User       string `json:"user,omitempty"`
	KeyFile    string `json:"keyFile,omitempty"`
	KnownHosts string `json:"knownHosts,omitempty"`
}

const remoteFile = "remote.json"

// SetRemote records where and how to sync.
func (w *Workspace) SetRemote(ctx context.Context, settings RemoteSettings) error {
	url, err := cleanRemoteURL(settings.URL)
	if err != nil {
		return err
	}
	settings.URL = url
	if settings.Method == "ssh-key" && settings.KeyFile == "" {
		return errs.OnField("keyFile", "Name the SSH key file to use.")
	}
	r, err := w.repo()
	if err != nil {
		return err
	}
	defer r.Close()
	if err := r.SetRemote(settings.URL); err != nil {
		return syncError(err)
	}
	data, _ := json.MarshalIndent(settings, "", "  ")
	if err := durable.WriteFile(filepath.Join(w.dir.path, remoteFile), data, 0o600); err != nil {
		return unwritable(w.dir.path, err)
	}
	return nil
}

// cleanRemoteURL checks a remote's address and makes a folder path
// absolute, so the remote stays the same folder whatever the working
// directory of a later sync.
func cleanRemoteURL(url string) (string, error) {
	url = strings.TrimSpace(url)
	bad := errs.OnField("url", "%q is not a remote Cairn can use. Give a folder path, file://, ssh://, user@host:path or https:// address.", url)
	switch gitsync.Protocol(url) {
	case "":
		return "", bad
	case "file":
		if strings.HasPrefix(url, "file://") {
			return url, nil
		}
		if strings.Contains(url, ":") {
			return "", bad
		}
		abs, err := filepath.Abs(url)
		if err != nil {
			return "", bad
		}
		return abs, nil
	}
	return url, nil
}

// ReadRemote reads a data folder's remote settings without opening it.
func ReadRemote(path string) (RemoteSettings, error) { return readRemote(path) }

// Remote reads the remote settings; URL is "" when none is set.
func (w *Workspace) Remote() (RemoteSettings, error) { return readRemote(w.dir.path) }

func readRemote(dir string) (RemoteSettings, error) {
	var s RemoteSettings
	data, err := os.ReadFile(filepath.Join(dir, remoteFile))
	if os.IsNotExist(err) {
		return s, nil
	}
	if err != nil {
		return s, unwritable(dir, err)
	}
	if err := json.Unmarshal(data, &s); err != nil {
		return s, errs.Wrap(err, errs.Corrupt, "The remote settings in %s are damaged; set the remote again.", filepath.Join(dir, remoteFile)).
			WithHint("Set it with: cairn remote set URL")
	}
	return s, nil
}

// auth assembles how to reach the remote, with the secret from the
// options, the environment or the keyring.
func (s RemoteSettings) auth(secret string) gitsync.Auth {
	a := gitsync.Auth{Method: s.Method, User: s.User, KeyFile: s.KeyFile, KnownHosts: s.KnownHosts}
	switch s.Method {
	case "password":
		a.Password = orLookup(secret, s.URL, credentials.Password)
	case "ssh-key":
		a.Passphrase = orLookup(secret, s.URL, credentials.Passphrase)
	}
	return a
}

func orLookup(secret, account, kind string) string {
	if secret != "" {
		return secret
	}
	return credentials.Lookup(account, kind)
}
