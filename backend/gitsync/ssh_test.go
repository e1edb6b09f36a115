package gitsync

import (
	"context"
	"crypto/ed25519"
	"encoding/pem"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skeema/knownhosts"
	"golang.org/x/crypto/ssh"
)

// sshServer accepts any key and serves no git at all: enough to check
// what happens before git speaks, the host key.
func sshServer(t *testing.T) (addr string, hostKey ssh.PublicKey) {
	_, priv, _ := ed25519.GenerateKey(nil)
	signer, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	config := &ssh.ServerConfig{PublicKeyCallback: func(ssh.ConnMetadata, ssh.PublicKey) (*ssh.Permissions, error) { return nil, nil }}
	config.AddHostKey(signer)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				_, chans, reqs, err := ssh.NewServerConn(c, config)
				if err != nil {
					return
				}
				go ssh.DiscardRequests(reqs)
				for ch := range chans {
					ch.Reject(ssh.Prohibited, "no git here")
				}
			}()
		}
	}()
	return l.Addr().String(), signer.PublicKey()
}

func clientKey(t *testing.T) string {
	_, priv, _ := ed25519.GenerateKey(nil)
	block, err := ssh.MarshalPrivateKey(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "id_ed25519")
	if err := os.WriteFile(path, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestUnknownAndChangedHostKeysAreRefusedWithTheFingerprint(t *testing.T) {
	addr, hostKey := sshServer(t)
	host, port, _ := net.SplitHostPort(addr)
	r, err := Open(filepath.Join(t.TempDir(), "git"))
	if err != nil {
		t.Fatal(err)
	}
	if err := r.SetRemote(fmt.Sprintf("ssh://git@%s:%s/guide.git", host, port)); err != nil {
		t.Fatal(err)
	}
	knownHosts := filepath.Join(t.TempDir(), "known_hosts")
	auth := Auth{Method: "ssh-key", KeyFile: clientKey(t), KnownHosts: knownHosts}

	var refusal *Refusal
	err = r.Fetch(context.Background(), auth)
	if !errors.As(err, &refusal) || !strings.Contains(refusal.Reason, ssh.FingerprintSHA256(hostKey)) || !strings.Contains(refusal.Reason, "is not in") {
		t.Fatalf("an unknown host key: %v", err)
	}

	_, other, _ := ed25519.GenerateKey(nil)
	otherKey, _ := ssh.NewPublicKey(other.Public())
	line := knownhosts.Line([]string{knownhosts.Normalize(addr)}, otherKey)
	os.WriteFile(knownHosts, []byte(line+"\n"), 0o600)
	if err := r.Fetch(context.Background(), auth); !errors.As(err, &refusal) || !strings.Contains(refusal.Reason, "differs from") {
		t.Fatalf("a changed host key: %v", err)
	}

	// Trusted as the message says, the host key passes; the server then
	// has no git to offer, which is another error.
	os.WriteFile(knownHosts, []byte(knownhosts.Line([]string{knownhosts.Normalize(addr)}, hostKey)+"\n"), 0o600)
	err = r.Fetch(context.Background(), auth)
	if err == nil || (errors.As(err, &refusal) && strings.Contains(refusal.Reason, "presented the key")) {
		t.Fatalf("a trusted host key: %v", err)
	}
}

func TestAKeyFileWithAWrongPassphraseIsExplained(t *testing.T) {
	_, priv, _ := ed25519.GenerateKey(nil)
	block, _ := ssh.MarshalPrivateKeyWithPassphrase(priv, "", []byte("right"))
	path := filepath.Join(t.TempDir(), "id")
	os.WriteFile(path, pem.EncodeToMemory(block), 0o600)
	r, _ := Open(filepath.Join(t.TempDir(), "git"))
	r.SetRemote("git@example.org:guide.git")
	var refusal *Refusal
	if _, err := r.authMethod(Auth{Method: "ssh-key", KeyFile: path, Passphrase: "wrong", KnownHosts: filepath.Join(t.TempDir(), "kh")}); !errors.As(err, &refusal) || !strings.Contains(refusal.Reason, "passphrase") {
		t.Fatalf("a wrong passphrase: %v", err)
	}
	if _, err := r.authMethod(Auth{Method: "ssh-key", KeyFile: path, Passphrase: "right", KnownHosts: filepath.Join(t.TempDir(), "kh")}); err != nil {
		t.Fatalf("the right passphrase: %v", err)
	}
}

func TestHTTPSUsesTheToken(t *testing.T) {
	r, _ := Open(filepath.Join(t.TempDir(), "git"))
	r.SetRemote("https://forge.example.org/river/guide.git")
	auth, err := r.authMethod(Auth{Method: "password", User: "ana", Password: "s3cret"})
	if err != nil || auth == nil || !strings.Contains(auth.String(), "ana") || strings.Contains(auth.String(), "s3cret") {
		t.Fatalf("https auth %v (%v): it must carry the user and never print the token", auth, err)
	}
}
