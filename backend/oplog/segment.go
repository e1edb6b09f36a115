package oplog

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// Limits on one segment. A sync writes at most one segment per replica, so
// these bound the work a single hostile file can ask for.
const (
	MaxSegmentBytes = 8 << 20
	MaxSegmentOps   = 50_000
)

// Format is the segment format this Cairn writes: version 2 records what
// its author had seen. Version 1 segments are read as before.
const Format = 2

const (
	segmentMagicV1 = "cairn-segment/1"
	segmentMagic   = "cairn-segment/2"
	noPrevious     = "none"
	nothingSeen    = "none"
)

// Segment is a signed run of one replica's operations. It names the
// previous segment of the same replica, so each replica's history is a
// chain that one signature per segment verifies.
type Segment struct {
	Name      string // hex SHA-256 of the whole segment file
	Workspace string
	Replica   string
	Author    string // hex ed25519 public key
	Prev      string // Name of the replica's previous segment, or "" for its first
	// Format is the segment's format version: 1 or 2.
	Format int
	// Seen is, from format 2, what its author had seen of the other
	// replicas when sealing it: the last op of each they held. It never
	// goes back along a replica's chain. Nil in format 1.
	Seen Cut
	Ops  []Op
	Raw  []byte
}

// FirstSeq and LastSeq are the sequence numbers the segment covers.
func (s *Segment) FirstSeq() uint64 { return s.Ops[0].Seq }
func (s *Segment) LastSeq() uint64  { return s.Ops[len(s.Ops)-1].Seq }

// MaxStamp is the newest stamp in the segment.
func (s *Segment) MaxStamp() Stamp {
	var max Stamp
	for _, op := range s.Ops {
		if op.Stamp.Compare(max) > 0 {
			max = op.Stamp
		}
	}
	return max
}

// SegmentError is a segment refused for one reason, in words for people.
type SegmentError struct {
	Name   string // the segment's name when it could be computed
	Reason string
}

func (e *SegmentError) Error() string { return "segment " + short(e.Name) + ": " + e.Reason }

func short(name string) string {
	if len(name) > 12 {
		return name[:12]
	}
	if name == "" {
		return "(unnamed)"
	}
	return name
}

// SegmentName is the name of a segment file: the hex SHA-256 of its bytes.
func SegmentName(raw []byte) string {
	sum := sha256.Sum256(raw)
	return hex.EncodeToString(sum[:])
}

// Seal writes ops (all of one workspace, author and replica, with
// consecutive sequence numbers) as a segment after prev that records
// nothing seen, and signs it.
func Seal(ops []Op, prev string, key ed25519.PrivateKey) (*Segment, error) {
	return SealSeen(ops, prev, Cut{}, key)
}

// SealSeen is Seal recording seen: what the author held of the other
// replicas (its own replica is left out: its ops say it).
func SealSeen(ops []Op, prev string, seen Cut, key ed25519.PrivateKey) (*Segment, error) {
	return seal(Format, ops, prev, seen, key)
}

// SealV1 writes a segment of format 1, as Cairn did before it recorded
// what was seen: for tests that prove such segments are still read.
func SealV1(ops []Op, prev string, key ed25519.PrivateKey) (*Segment, error) {
	return seal(1, ops, prev, nil, key)
}

func seal(format int, ops []Op, prev string, seen Cut, key ed25519.PrivateKey) (*Segment, error) {
	if len(ops) == 0 || len(ops) > MaxSegmentOps {
		return nil, fmt.Errorf("a segment holds 1 to %d operations, not %d", MaxSegmentOps, len(ops))
	}
	first := ops[0]
	author := hex.EncodeToString(key.Public().(ed25519.PublicKey))
	if first.Author != author {
		return nil, fmt.Errorf("the operations are by %s, not by the signing key", short(first.Author))
	}
	var body bytes.Buffer
	if format == 1 {
		fmt.Fprintf(&body, "%s\nworkspace: %s\nreplica: %s\nauthor: %s\nprev: %s\ncount: %d\n",
			segmentMagicV1, first.Workspace, first.Replica, author, orNone(prev), len(ops))
	} else {
		seen = maps.Clone(seen)
		delete(seen, first.Replica)
		if err := CheckCut(seen); err != nil {
			return nil, err
		}
		fmt.Fprintf(&body, "%s\nworkspace: %s\nreplica: %s\nauthor: %s\nprev: %s\nseen: %s\ncount: %d\n",
			segmentMagic, first.Workspace, first.Replica, author, orNone(prev), formatSeen(seen), len(ops))
	}
	for i, op := range ops {
		if op.Workspace != first.Workspace || op.Replica != first.Replica || op.Author != first.Author {
			return nil, fmt.Errorf("operation %d is from another workspace, replica or author", op.Seq)
		}
		if i > 0 && op.Seq != ops[i-1].Seq+1 {
			return nil, fmt.Errorf("operations %d and %d are not consecutive", ops[i-1].Seq, op.Seq)
		}
		body.Write(op.Line)
		body.WriteByte('\n')
	}
	sig := ed25519.Sign(key, body.Bytes())
	fmt.Fprintf(&body, "signature: %s\n", base64.StdEncoding.EncodeToString(sig))
	if body.Len() > MaxSegmentBytes {
		return nil, fmt.Errorf("the segment would be %d bytes, over the %d limit", body.Len(), MaxSegmentBytes)
	}
	return &Segment{Name: SegmentName(body.Bytes()), Workspace: first.Workspace, Replica: first.Replica,
		Author: author, Prev: prev, Format: format, Seen: seen, Ops: ops, Raw: body.Bytes()}, nil
}

// formatSeen writes a frontier as its header value: replica:seq pairs
// sorted by replica, separated by single spaces, or "none".
func formatSeen(seen Cut) string {
	if len(seen) == 0 {
		return nothingSeen
	}
	var parts []string
	for _, replica := range slices.Sorted(maps.Keys(seen)) {
		parts = append(parts, replica+":"+strconv.FormatUint(seen[replica], 10))
	}
	return strings.Join(parts, " ")
}

// parseSeen reads a frontier written by formatSeen, in that one form.
func parseSeen(value, own string) (Cut, error) {
	seen := Cut{}
	if value == nothingSeen {
		return seen, nil
	}
	last := ""
	for _, part := range strings.Split(value, " ") {
		replica, number, ok := strings.Cut(part, ":")
		seq, err := strconv.ParseUint(number, 10, 64)
		if !ok || !isID(replica) || err != nil || seq == 0 || strconv.FormatUint(seq, 10) != number {
			return nil, fmt.Errorf("%q is not a replica and the number of its last operation", part)
		}
		if replica <= last || replica == own {
			return nil, fmt.Errorf("the replicas seen must be sorted, each once, and not the segment's own")
		}
		if len(seen) == MaxCutReplicas {
			return nil, fmt.Errorf("at most %d replicas can be seen", MaxCutReplicas)
		}
		seen[replica], last = seq, replica
	}
	return seen, nil
}

// GoesBack names a replica whose frontier in next is behind the one in
// prev, the same replica's previous segment: what a replica has seen only
// grows. It is "" when nothing goes back (or either is format 1).
func GoesBack(prev, next Cut) string {
	if prev == nil || next == nil {
		return ""
	}
	for _, replica := range slices.Sorted(maps.Keys(prev)) {
		if next[replica] < prev[replica] {
			return replica
		}
	}
	return ""
}

func orNone(prev string) string {
	if prev == "" {
		return noPrevious
	}
	return prev
}

// Open decodes a segment and verifies its signature. It checks everything
// the segment says about itself; whether it continues its replica's chain,
// and whether its author may do what it asks, is for the caller.
func Open(raw []byte) (*Segment, error) {
	name := SegmentName(raw)
	fail := func(format string, args ...any) (*Segment, error) {
		return nil, &SegmentError{Name: name, Reason: fmt.Sprintf(format, args...)}
	}
	if len(raw) == 0 {
		return fail("the file is empty")
	}
	if len(raw) > MaxSegmentBytes {
		return fail("the file is %d bytes, over the limit of %d", len(raw), MaxSegmentBytes)
	}
	if raw[len(raw)-1] != '\n' || bytes.Contains(raw, []byte("\r")) {
		return fail("the file is cut short or has CR line endings (it must end with LF and use LF only)")
	}
	// Split without copying: the op lines are most of the file, and each
	// op keeps a copy of its own.
	lines := bytes.Split(raw[:len(raw)-1], []byte("\n"))
	line := func(i int) string { return string(lines[i]) }
	format := 0
	switch {
	case len(lines) > 0 && line(0) == segmentMagicV1:
		format = 1
	case len(lines) > 0 && line(0) == segmentMagic:
		format = 2
	case len(lines) > 0 && bytes.HasPrefix(lines[0], []byte("cairn-segment/")):
		return fail("a newer Cairn wrote this segment (%s); update Cairn to read it", line(0))
	}
	keys := []string{"workspace", "replica", "author", "prev", "count"}
	if format == 2 {
		keys = []string{"workspace", "replica", "author", "prev", "seen", "count"}
	}
	if format == 0 || len(lines) < len(keys)+3 {
		return fail("this is not a Cairn segment (it must start with %q and hold at least one operation)", segmentMagic)
	}
	header := map[string]string{}
	for i, key := range keys {
		k, v, ok := strings.Cut(line(1+i), ": ")
		if !ok || k != key || v == "" {
			return fail("header line %d must be %q", 2+i, key+": …")
		}
		header[key] = v
	}
	if !isID(header["workspace"]) || !isID(header["replica"]) {
		return fail("the workspace or replica id has characters other than a-z, 0-9, - and _")
	}
	author, err := hex.DecodeString(header["author"])
	if err != nil || len(author) != ed25519.PublicKeySize || header["author"] != strings.ToLower(header["author"]) {
		return fail("the author is not a lowercase hex ed25519 public key")
	}
	prev := header["prev"]
	if prev == noPrevious {
		prev = ""
	} else if len(prev) != 64 || !isHex(prev) {
		return fail("prev is neither %q nor a segment name", noPrevious)
	}
	var seen Cut
	if format == 2 {
		if seen, err = parseSeen(header["seen"], header["replica"]); err != nil {
			return fail("seen: %v", err)
		}
	}
	count, err := strconv.Atoi(header["count"])
	if err != nil || count < 1 || count > MaxSegmentOps || strconv.Itoa(count) != header["count"] {
		return fail("count must be a whole number from 1 to %d", MaxSegmentOps)
	}
	first := 1 + len(keys)
	if len(lines) != first+count+1 {
		return fail("count says %d operations but the file holds %d lines of them (truncated or padded)", count, len(lines)-first-1)
	}
	sigLine := line(len(lines) - 1)
	sigText, ok := strings.CutPrefix(sigLine, "signature: ")
	sig, err := base64.StdEncoding.DecodeString(sigText)
	if !ok || err != nil || len(sig) != ed25519.SignatureSize {
		return fail("the last line must be the signature")
	}
	signed := raw[:len(raw)-len(sigLine)-1]
	if !ed25519.Verify(author, signed, sig) {
		return fail("the signature does not match the content and author (forged or altered)")
	}
	seg := &Segment{Name: name, Workspace: header["workspace"], Replica: header["replica"],
		Author: header["author"], Prev: prev, Format: format, Seen: seen, Raw: raw, Ops: make([]Op, 0, count)}
	namer := newOpNamer(seg.Workspace, seg.Author, seg.Replica)
	for i, line := range lines[first : first+count] {
		op, err := namer.parseLine(line)
		if err != nil {
			return fail("operation line %d: %v", i+1, err)
		}
		if def, ok := Lookup(op.Type, op.Version); ok && def.WrittenUntil != 0 && format > def.WrittenUntil {
			return fail("operation line %d: a segment of format %d may not use version %d of %s, whose rule has changed since", i+1, format, op.Version, op.Type)
		}
		if i > 0 && op.Seq != seg.Ops[i-1].Seq+1 {
			return fail("operations are out of order or missing (sequence %d follows %d)", op.Seq, seg.Ops[i-1].Seq)
		}
		if op.Seq == 0 {
			return fail("sequence numbers start at 1")
		}
		if i > 0 && op.Stamp.Compare(seg.Ops[i-1].Stamp) <= 0 {
			return fail("clock stamps go backwards at sequence %d (a replica's clock only moves forward)", op.Seq)
		}
		seg.Ops = append(seg.Ops, op)
	}
	return seg, nil
}

func isID(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

func isHex(s string) bool {
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f') {
			return false
		}
	}
	return true
}
