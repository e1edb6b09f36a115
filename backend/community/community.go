package community

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cairn-community/cairn/backend/errs"
	"github.com/cairn-community/cairn/backend/oplog"
)

// MaxNameLength is the longest workspace or member name, in characters.
// Names show in a sidebar and in credits, so a sentence is too long.
const MaxNameLength = oplog.MaxNameChars

// Workspace is the community's shared space for one deliverable.
type Workspace struct {
	ID        string
	Name      string
	CreatedAt time.Time
}

// Identity is who this install of Cairn speaks for: a member's name, the
// public half of this device's key, and this replica's id.
type Identity struct {
	MemberName string
	PublicKey  ed25519.PublicKey
	ReplicaID  string
}

// KeyFingerprint is a short, readable digest of the public key that people
// can compare by eye or read out on a call.
func (id Identity) KeyFingerprint() string { return Fingerprint(id.PublicKey) }

// Fingerprint is "SHA256:" and the unpadded base64 of the key's SHA-256, the
// same form ssh-keygen prints, so it looks familiar to those who know it.
func Fingerprint(key ed25519.PublicKey) string {
	sum := sha256.Sum256(key)
	return "SHA256:" + base64.RawStdEncoding.EncodeToString(sum[:])
}

// Field names used in validation errors; the app shows the message next to
// the input with the same name.
const (
	FieldWorkspaceName = "workspaceName"
	FieldMemberName    = "memberName"
)

// CleanWorkspaceName trims a workspace name and checks it.
func CleanWorkspaceName(name string) (string, error) {
	return cleanName(FieldWorkspaceName, "The workspace name", name)
}

// CleanMemberName trims a member's name and checks it.
func CleanMemberName(name string) (string, error) {
	return cleanName(FieldMemberName, "Your name", name)
}

func cleanName(field, label, name string) (string, error) {
	name = strings.TrimSpace(name)
	switch oplog.FaultInName(name, MaxNameLength) {
	case oplog.NameNotText:
		return "", errs.OnField(field, "%s contains characters that are not valid text. Type it again.", label)
	case oplog.NameEmpty:
		return "", errs.OnField(field, "%s is empty. Type a name.", label)
	case oplog.NameTooLong:
		return "", errs.OnField(field, "%s is %d characters long. Use at most %d.", label, utf8.RuneCountInString(name), MaxNameLength)
	case oplog.NameNotOneLine:
		return "", errs.OnField(field, "%s contains a line break or another invisible control character. Keep it on one line.", label)
	}
	return name, nil
}

// idEncoding gives lowercase ids that are safe in file names and git ref
// names on every system.
var idEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// NewID returns a random id of 80 bits (16 characters) read from random.
func NewID(random io.Reader) (string, error) {
	var b [10]byte
	if _, err := io.ReadFull(random, b[:]); err != nil {
		return "", errs.Wrap(err, errs.Internal, "Cairn could not get random numbers from the system.")
	}
	return idEncoding.EncodeToString(b[:]), nil
}

// NewKey returns a fresh ed25519 key pair read from random.
func NewKey(random io.Reader) (ed25519.PublicKey, ed25519.PrivateKey, error) {
	pub, priv, err := ed25519.GenerateKey(random)
	if err != nil {
		return nil, nil, errs.Wrap(err, errs.Internal, "Cairn could not make your signing key.")
	}
	return pub, priv, nil
}
