package oplog

import (
	"bytes"
	"testing"
)

// FuzzOpen: any bytes given as a segment are either refused with a reason
// or decode to ops whose ids, sequence numbers and stamps obey the format.
func FuzzOpen(f *testing.F) {
	key, author := testKey(1)
	seg, err := Seal(sampleOps(f, author, 1, 3), "", key)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seg.Raw)
	f.Add(seg.Raw[:len(seg.Raw)/2])
	f.Add([]byte("cairn-segment/1\nworkspace: w\nreplica: r\nauthor: 00\nprev: none\ncount: 1\n{}\nsignature: AA==\n"))
	f.Add([]byte("cairn-segment/2\nworkspace: w\nreplica: r\nauthor: 00\nprev: none\nseen: a:1 b:2\ncount: 1\n{}\nsignature: AA==\n"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		seg, err := Open(raw)
		if err != nil {
			if se, ok := err.(*SegmentError); !ok || se.Reason == "" {
				t.Fatalf("refusal without a reason: %v", err)
			}
			return
		}
		if seg.Name != SegmentName(raw) || !bytes.Equal(seg.Raw, raw) || len(seg.Ops) == 0 {
			t.Fatal("a decoded segment does not describe its bytes")
		}
		for i, op := range seg.Ops {
			if op.ID != OpID(seg.Workspace, seg.Author, seg.Replica, op.Line) {
				t.Fatalf("op %d id does not match its line", i)
			}
			if i > 0 && (op.Seq != seg.Ops[i-1].Seq+1 || op.Stamp.Compare(seg.Ops[i-1].Stamp) <= 0) {
				t.Fatalf("op %d breaks the order rules", i)
			}
		}
	})
}

// FuzzParseLine: an operation line is accepted only in canonical form, so
// encoding what was decoded gives the same bytes back.
func FuzzParseLine(f *testing.F) {
	_, author := testKey(1)
	for _, op := range sampleOps(f, author, 1, 2) {
		f.Add(op.Line)
	}
	f.Add([]byte(`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{}}`))
	f.Add([]byte(`{"seq":1, "hlc":"1.0","type":"x","v":1,"payload":{}}`))
	f.Fuzz(func(t *testing.T, line []byte) {
		op, err := parseLine("ws", author, "rep", line)
		if err != nil {
			return
		}
		again, err := encodeLine(opLine{Seq: op.Seq, HLC: op.Stamp.String(), Type: op.Type, V: op.Version, Payload: op.Payload})
		if err != nil || !bytes.Equal(again, line) {
			t.Fatalf("accepted a non-canonical line %q (re-encodes as %q)", line, again)
		}
	})
}

// FuzzCarried: a carried change is taken only when its line is a canonical
// op line and its proof is its author's signature over it; what is taken
// is exactly that op of that author and replica, under its own id. Signed
// by anyone else, nothing is taken.
func FuzzCarried(f *testing.F) {
	key, author := testKey(1)
	other, _ := testKey(2)
	for _, op := range sampleOps(f, author, 1, 2) {
		f.Add(op.Line, "rep-a", false)
	}
	f.Add([]byte(`{"seq":0,"hlc":"1.0","type":"x","v":1,"payload":{}}`), "rep-a", false)
	f.Add([]byte(`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{}}`), "../other", true)
	f.Fuzz(func(t *testing.T, line []byte, replica string, forged bool) {
		signer := key
		if forged {
			signer = other
		}
		payload := CarryPayload{Author: author, Replica: replica, Line: string(line), Proof: Sign(signer, CarryProof("ws-1", replica, string(line)))}
		carry, err := NewOp("ws-1", "c0ffee", "rep-c", 1, Stamp{Wall: 1}, CarryType, 1, payload)
		if err != nil {
			return // a line that is not valid UTF-8 text cannot even be carried
		}
		op, ok := Carried(carry)
		if !ok {
			return
		}
		if forged {
			t.Fatal("a change signed by another key was taken")
		}
		if op.Author != author || op.Replica != replica || !bytes.Equal(op.Line, line) || op.ID != OpID("ws-1", author, replica, line) || op.Seq == 0 {
			t.Fatalf("took %+v from line %q", op, line)
		}
		if _, err := parseLine("ws-1", author, replica, line); err != nil {
			t.Fatalf("took a line the format refuses: %v", err)
		}
		if CheckRef("replica", replica) != nil {
			t.Fatalf("took a change of a replica %q no replica can be called", replica)
		}
	})
}
