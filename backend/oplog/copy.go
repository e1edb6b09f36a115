package oplog

import (
	"crypto/ed25519"
	"encoding/base64"
	"encoding/hex"
	"fmt"
)

// A data folder copied to another computer holds the same signing key and
// replica as the original. Were both to go on writing as that replica, the
// chain would fork and one copy's work would be refused. So a copy, once it
// notices it is one, goes on as a new device of the same member: a new key
// and replica, vouched for by the old key (Vouch), and it carries the
// changes the original had not shared yet (Carry), signed by the old key,
// so they reach everyone even if the original never syncs again. A carried
// change keeps its identity: when the original shares it too, it is one
// change, not two.

const (
	// VouchType makes its author's key another device of the member whose
	// key signed the proof.
	VouchType = "device.vouch"
	// CarryType holds one change of another replica, proven by that
	// replica's key.
	CarryType = "change.carry"
)

// VouchPayload names the key that vouches (a member's key, or one of
// their devices) and its signature over VouchProof.
type VouchPayload struct {
	By    string `json:"by"`
	Proof string `json:"proof"`
}

// CarryPayload is a change of another replica: its author's key, its
// replica, its exact line, and the author's signature over CarryProof.
type CarryPayload struct {
	Author  string `json:"author"`
	Replica string `json:"replica"`
	Line    string `json:"line"`
	Proof   string `json:"proof"`
}

// VouchProof is what the vouching key signs: this workspace, this device.
func VouchProof(workspace, device string) []byte {
	return []byte("cairn device.vouch\n" + workspace + "\n" + device + "\n")
}

// CarryProof is what a carried change's author signs.
func CarryProof(workspace, replica, line string) []byte {
	return []byte("cairn change.carry\n" + workspace + "\n" + replica + "\n" + line + "\n")
}

// Sign signs a proof and encodes it as a payload carries it.
func Sign(key ed25519.PrivateKey, proof []byte) string {
	return base64.StdEncoding.EncodeToString(ed25519.Sign(key, proof))
}

// proven reports whether signature is key's signature over proof.
func proven(key, signature string, proof []byte) bool {
	pub, err := hex.DecodeString(key)
	if err != nil || len(pub) != ed25519.PublicKeySize {
		return false
	}
	sig, err := base64.StdEncoding.DecodeString(signature)
	return err == nil && len(sig) == ed25519.SignatureSize && ed25519.Verify(pub, proof, sig)
}

// Carried gives the change a change.carry op holds, when its proof holds
// and it is a valid op line of that author and replica; ok is false
// otherwise (the carry then brings nothing).
func Carried(carry Op) (Op, bool) {
	if carry.Type != CarryType {
		return Op{}, false
	}
	p, err := Decode[CarryPayload](carry.Payload)
	if err != nil || CheckRef("replica", p.Replica) != nil || CheckKey(p.Author) != nil || !proven(p.Author, p.Proof, CarryProof(carry.Workspace, p.Replica, p.Line)) {
		return Op{}, false
	}
	op, err := parseLine(carry.Workspace, p.Author, p.Replica, []byte(p.Line))
	if err != nil || op.Seq == 0 {
		return Op{}, false
	}
	return op, true
}

// VouchDevice lets device act as the member whose key (or device) by is,
// on the strength of by's signature: a copied data folder going on as a
// new device. The signature is the whole proof, so it holds even while
// that member still waits to be let in: the device then waits with them.
func (a *Authority) VouchDevice(by, device string) Verdict {
	if _, isMember := a.members[device]; isMember || a.devices[device] != "" {
		return Refused("this key already belongs to a member")
	}
	a.devices[device] = a.Member(by)
	return Verdict{Status: Applied}
}

func init() {
	Define(Spec[VouchPayload]{
		Type: VouchType, Area: "members", Permission: Anyone, ChangesPermissions: true,
		Valid: func(p VouchPayload) error { return CheckKey(p.By) },
		Authorize: func(_ *Authority, op Op, p VouchPayload) Verdict {
			if !proven(p.By, p.Proof, VouchProof(op.Workspace, op.Author)) {
				return Refused("the proof that this computer belongs to the member does not hold")
			}
			return Stands
		},
		Replay: func(a *Authority, op Op, p VouchPayload) Verdict {
			return a.VouchDevice(p.By, op.Author)
		},
		Describe: func(n Names, _ Op, p VouchPayload) (string, string) {
			return "went on from a copy of " + n.Name(p.By) + "’s data folder, as another computer of theirs", p.By
		},
	})
	Define(Spec[CarryPayload]{
		Type: CarryType, Area: "members", Permission: Anyone,
		Valid: func(p CarryPayload) error {
			if p.Line == "" || len(p.Line) > MaxSegmentBytes {
				return fmt.Errorf("a carried change needs its line")
			}
			return FirstError(CheckKey(p.Author), CheckRef("replica", p.Replica))
		},
		Describe: func(n Names, _ Op, p CarryPayload) (string, string) {
			return "passed on a change " + n.Name(p.Author) + " made before their data folder was copied", p.Author
		},
	})
}
