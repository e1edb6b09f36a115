// Package credentials keeps the secrets a sync needs (a token, a key's
// passphrase) in the OS keyring, never in the database, a file or a log.
// Where no keyring service runs (a server, a bare session), it says so and
// falls back to the environment: CAIRN_GIT_PASSWORD, CAIRN_SSH_PASSPHRASE.
package credentials

import (
	"errors"
	"os"

	"github.com/zalando/go-keyring"
)

// service names Cairn's entries in the keyring.
const service = "cairn"

// Kinds of secret, and the environment variable each falls back to.
const (
	Password   = "CAIRN_GIT_PASSWORD"   // a token or password for https
	Passphrase = "CAIRN_SSH_PASSPHRASE" // an encrypted SSH key's passphrase
)

// ErrNoKeyring says no keyring service answers here.
var ErrNoKeyring = errors.New("no keyring service runs on this computer (such as GNOME Keyring or KWallet), so Cairn cannot keep the secret; it will ask each time, or read it from the environment")

// Store keeps a secret for a remote (account: the remote's URL) and kind.
func Store(account, kind, secret string) error {
	if err := keyring.Set(service, kind+" "+account, secret); err != nil {
		if errors.Is(err, keyring.ErrUnsupportedPlatform) || !Available() {
			return ErrNoKeyring
		}
		return err
	}
	return nil
}

// Lookup finds a secret: the environment first (so scripts and tests can
// give one), then the keyring. "" when there is none.
func Lookup(account, kind string) string {
	if v := os.Getenv(kind); v != "" {
		return v
	}
	secret, err := keyring.Get(service, kind+" "+account)
	if err != nil {
		return ""
	}
	return secret
}

// Forget removes a stored secret.
func Forget(account, kind string) {
	_ = keyring.Delete(service, kind+" "+account)
}

// Available reports whether a keyring service answers.
func Available() bool {
	_, err := keyring.Get(service, "probe")
	return err == nil || errors.Is(err, keyring.ErrNotFound)
}
