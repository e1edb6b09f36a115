package oplog

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
)

// Op is one change to a workspace: who made it, on which replica, when, of
// which type, and the type's payload.
type Op struct {
	ID        string // hex SHA-256 of the op's identity and line: see OpID
	Workspace string
	Author    string // hex ed25519 public key of the device that signed it
	Replica   string
	Seq       uint64 // 1, 2, 3… per replica, without gaps
	Stamp     Stamp
	Type      string
	Version   int
	Payload   json.RawMessage // compact JSON object
	Line      []byte          // the op's exact line in a segment, without LF
}

// opLine is the line's JSON, its keys in this fixed order.
type opLine struct {
	Seq     uint64          `json:"seq"`
	HLC     string          `json:"hlc"`
	Type    string          `json:"type"`
	V       int             `json:"v"`
	Payload json.RawMessage `json:"payload"`
}

// NewOp builds an op and its line and id from its parts. The payload is
// compacted, so the same payload always gives the same line.
func NewOp(workspace, author, replica string, seq uint64, stamp Stamp, typ string, version int, payload any) (Op, error) {
	raw, err := json.Marshal(payload)
	if err != nil {
		return Op{}, fmt.Errorf("payload of %s: %w", typ, err)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, raw); err != nil {
		return Op{}, fmt.Errorf("payload of %s: %w", typ, err)
	}
	if len(compact.Bytes()) == 0 || compact.Bytes()[0] != '{' {
		return Op{}, fmt.Errorf("payload of %s is not a JSON object", typ)
	}
	line, err := encodeLine(opLine{Seq: seq, HLC: stamp.String(), Type: typ, V: version, Payload: compact.Bytes()})
	if err != nil {
		return Op{}, err
	}
	op := Op{Workspace: workspace, Author: author, Replica: replica, Seq: seq, Stamp: stamp,
		Type: typ, Version: version, Payload: compact.Bytes(), Line: line}
	op.ID = OpID(workspace, author, replica, line)
	return op, nil
}

func encodeLine(l opLine) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(l); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// OpID names an op by its content: the SHA-256 of "cairn-op/1", the
// workspace, author and replica, and the line, each followed by LF.
func OpID(workspace, author, replica string, line []byte) string {
	h := sha256.New()
	for _, part := range []string{"cairn-op/1", workspace, author, replica} {
		h.Write([]byte(part))
		h.Write([]byte{'\n'})
	}
	h.Write(line)
	h.Write([]byte{'\n'})
	return hex.EncodeToString(h.Sum(nil))
}

// parseLine reads one op line and checks it is in canonical form: the keys
// in order, compact JSON, nothing else. One form per op keeps every
// implementation's ids equal.
func parseLine(workspace, author, replica string, line []byte) (Op, error) {
	return newOpNamer(workspace, author, replica).parseLine(line)
}

// opNamer names the ops of one workspace, author and replica (see OpID):
// what the hash covers before the line is the same for all of them, so
// it is hashed once, for a segment's every op.
type opNamer struct {
	workspace, author, replica string
	prefix                     hash.Cloner
}

func newOpNamer(workspace, author, replica string) opNamer {
	h := sha256.New()
	for _, part := range []string{"cairn-op/1", workspace, author, replica} {
		h.Write([]byte(part))
		h.Write([]byte{'\n'})
	}
	return opNamer{workspace, author, replica, h.(hash.Cloner)}
}

// id is OpID of line.
func (n opNamer) id(line []byte) string {
	h, err := n.prefix.Clone()
	if err != nil {
		return OpID(n.workspace, n.author, n.replica, line)
	}
	h.Write(line)
	h.Write([]byte{'\n'})
	var sum [sha256.Size]byte
	return hex.EncodeToString(h.Sum(sum[:0]))
}

// parseLine is parseLine for this namer's workspace, author and replica.
func (n opNamer) parseLine(line []byte) (Op, error) {
	if l, stamp, ok := fastLine(line); ok {
		own := bytes.Clone(line)
		end := len(own) - 1 // the payload ends before the line's closing brace
		return Op{
			ID: n.id(line), Workspace: n.workspace, Author: n.author, Replica: n.replica,
			Seq: l.Seq, Stamp: stamp, Type: l.Type, Version: l.V, Payload: own[end-len(l.Payload) : end : end], Line: own,
		}, nil
	}
	return parseLineSlow(n.workspace, n.author, n.replica, line)
}

// parseLineSlow is parseLine by decoding the line and encoding it again:
// the definition of the canonical form, for the lines fastLine leaves.
func parseLineSlow(workspace, author, replica string, line []byte) (Op, error) {
	var l opLine
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&l); err != nil {
		return Op{}, fmt.Errorf("operation is not valid JSON: %v", err)
	}
	if dec.More() {
		return Op{}, fmt.Errorf("operation has data after its JSON object")
	}
	stamp, err := ParseStamp(l.HLC)
	if err != nil {
		return Op{}, err
	}
	if l.Type == "" || l.V < 1 || len(l.Payload) == 0 || l.Payload[0] != '{' {
		return Op{}, fmt.Errorf("operation needs a type, a version from 1 and an object payload")
	}
	again, err := encodeLine(l)
	if err != nil || !bytes.Equal(again, line) {
		return Op{}, fmt.Errorf("operation %d is not in canonical form (keys seq, hlc, type, v, payload in that order, compact JSON)", l.Seq)
	}
	return Op{
		ID: OpID(workspace, author, replica, line), Workspace: workspace, Author: author, Replica: replica,
		Seq: l.Seq, Stamp: stamp, Type: l.Type, Version: l.V, Payload: l.Payload, Line: bytes.Clone(line),
	}, nil
}

// LineStamp reads the stamp an operation line carries: its own, whatever
// a change.release later gave it.
func LineStamp(line []byte) (Stamp, error) {
	var l struct {
		HLC string `json:"hlc"`
	}
	if err := json.Unmarshal(line, &l); err != nil {
		return Stamp{}, err
	}
	return ParseStamp(l.HLC)
}

// Less is the replay order every replica uses: by stamp, then replica, then
// sequence number. Hybrid clocks make it respect causality.
func Less(a, b Op) bool {
	if c := a.Stamp.Compare(b.Stamp); c != 0 {
		return c < 0
	}
	if a.Replica != b.Replica {
		return a.Replica < b.Replica
	}
	return a.Seq < b.Seq
}
