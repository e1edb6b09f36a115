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
