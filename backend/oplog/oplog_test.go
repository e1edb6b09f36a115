package oplog

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"
)

func testKey(seed byte) (ed25519.PrivateKey, string) {
	key := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{seed}, 32))
	return key, hex.EncodeToString(key.Public().(ed25519.PublicKey))
}

func sampleOps(t testing.TB, author string, from uint64, n int) []Op {
	var ops []Op
	for i := 0; i < n; i++ {
		op, err := NewOp("ws-1", author, "rep-a", from+uint64(i), Stamp{Wall: 1_700_000_000_000 + int64(i)}, testRetitle, 1,
			testTitle{Part: "p1", Title: "Title <b>" + strings.Repeat("x", i)})
		if err != nil {
			t.Fatal(err)
		}
		ops = append(ops, op)
	}
	return ops
}

func TestSegmentRoundTrip(t *testing.T) {
	key, author := testKey(1)
	seg, err := Seal(sampleOps(t, author, 1, 3), "", key)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Open(seg.Raw)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != seg.Name || got.Prev != "" || len(got.Ops) != 3 || got.LastSeq() != 3 {
		t.Fatalf("reopened %+v", got)
	}
	for i := range got.Ops {
		if got.Ops[i].ID != seg.Ops[i].ID || !bytes.Equal(got.Ops[i].Payload, seg.Ops[i].Payload) {
			t.Fatalf("op %d changed in the round trip", i)
		}
	}
	next, err := Seal(sampleOps(t, author, 4, 1), seg.Name, key)
	if err != nil {
		t.Fatal(err)
	}
	if reopened, err := Open(next.Raw); err != nil || reopened.Prev != seg.Name {
		t.Fatalf("chained segment: %v, %v", reopened, err)
	}
}

func TestHostileSegmentsAreRefusedWithReasons(t *testing.T) {
	key, author := testKey(1)
	other, _ := testKey(2)
	seg, _ := Seal(sampleOps(t, author, 1, 3), "", key)
	lines := strings.SplitAfter(string(seg.Raw), "\n")
	lines = lines[:len(lines)-1] // the empty string after the final LF
	resign := func(body string) []byte {
		sig := ed25519.Sign(key, []byte(body))
		return []byte(body + "signature: " + b64(sig) + "\n")
	}
	body := strings.Join(lines[:len(lines)-1], "")
	cases := map[string]struct {
		raw    []byte
		reason string
	}{
		"empty":         {nil, "empty"},
		"oversized":     {bytes.Repeat([]byte("x"), MaxSegmentBytes+1), "over the limit"},
		"not segment":   {[]byte("hello\n"), "not a Cairn segment"},
		"crlf":          {bytes.ReplaceAll(seg.Raw, []byte("\n"), []byte("\r\n")), "CR line endings"},
		"cut short":     {seg.Raw[:len(seg.Raw)-10], "cut short"},
		"truncated":     {resign(strings.Join(lines[:len(lines)-2], "")), "truncated"},
		"forged":        {[]byte(body + "signature: " + b64(ed25519.Sign(other, []byte(body))) + "\n"), "signature does not match"},
		"altered":       {bytes.Replace(seg.Raw, []byte("Title"), []byte("Tidle"), 1), "signature does not match"},
		"reordered":     {resign(strings.Join(append(append(append([]string{}, lines[:7]...), lines[8], lines[7]), lines[9]), "")), "out of order"},
		"seen unsorted": {resign(strings.Replace(body, "seen: none", "seen: b:2 a:1", 1)), "sorted"},
		"seen itself":   {resign(strings.Replace(body, "seen: none", "seen: "+seg.Replica+":1", 1)), "not the segment's own"},
		"seen zero":     {resign(strings.Replace(body, "seen: none", "seen: a:0", 1)), "not a replica"},
		"seen padded":   {resign(strings.Replace(body, "seen: none", "seen: a:01", 1)), "not a replica"},
		"newer format":  {resign(strings.Replace(body, "cairn-segment/2", "cairn-segment/3", 1)), "newer Cairn"},
		"bad json":      {resign(strings.Replace(body, `"type"`, `"type`, 1)), "not valid JSON"},
		"not canonical": {resign(strings.Replace(body, `{"seq":1,`, `{"seq": 1,`, 1)), "canonical"},
	}
	for name, c := range cases {
		_, err := Open(c.raw)
		if err == nil || !strings.Contains(err.Error(), c.reason) {
			t.Errorf("%s: got %v, want a reason containing %q", name, err, c.reason)
		}
	}
}

// TestSegmentsRecordWhatWasSeen: a format 2 segment carries its author's
// frontier under the signature; format 1 segments are still read.
func TestSegmentsRecordWhatWasSeen(t *testing.T) {
	key, author := testKey(1)
	seen := Cut{"other": 7, "third": 2}
	seg, err := SealSeen(sampleOps(t, author, 1, 2), "", seen, key)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(seg.Raw), "\nseen: other:7 third:2\n") {
		t.Fatalf("the frontier is not in the header:\n%s", seg.Raw)
	}
	got, err := Open(seg.Raw)
	if err != nil || got.Format != 2 || got.Seen["other"] != 7 || got.Seen["third"] != 2 || len(got.Seen) != 2 {
		t.Fatalf("reopened %+v, %v", got, err)
	}
	tampered := strings.Replace(string(seg.Raw), "other:7", "other:9", 1)
	if _, err := Open([]byte(tampered)); err == nil || !strings.Contains(err.Error(), "signature") {
		t.Fatalf("a frontier changed after signing was not refused: %v", err)
	}
	old, err := SealV1(sampleOps(t, author, 1, 2), "", key)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := Open(old.Raw); err != nil || got.Format != 1 || got.Seen != nil || len(got.Ops) != 2 {
		t.Fatalf("a format 1 segment no longer reads: %+v, %v", got, err)
	}
	if GoesBack(Cut{"other": 7}, Cut{"other": 6}) != "other" || GoesBack(Cut{"other": 7}, Cut{}) != "other" ||
		GoesBack(Cut{"other": 7}, Cut{"other": 7, "new": 1}) != "" || GoesBack(nil, Cut{}) != "" {
		t.Fatal("GoesBack misjudges a frontier")
	}
}

func TestClockOrdersCausally(t *testing.T) {
	wall := time.UnixMilli(1_000)
	clock := NewClock(func() time.Time { return wall }, Stamp{})
	a := clock.Next()
	b := clock.Next()
	if b.Compare(a) <= 0 {
		t.Fatalf("%v then %v", a, b)
	}
	clock.Observe(Stamp{Wall: 5_000, Logical: 7})
	if c := clock.Next(); c.Compare(Stamp{Wall: 5_000, Logical: 7}) <= 0 {
		t.Fatalf("after observing a later stamp the clock gave %v", c)
	}
	if !TooFarAhead(Stamp{Wall: wall.UnixMilli() + MaxClockLead.Milliseconds() + 1}, wall) || TooFarAhead(Stamp{Wall: wall.UnixMilli() + 1000}, wall) {
		t.Fatal("the far-future limit is off")
	}
	for _, bad := range []string{"", "1", "1.", ".1", "-1.0", "01.0", "1.-1", "1.99999999999"} {
		if _, err := ParseStamp(bad); err == nil {
			t.Errorf("ParseStamp(%q) accepted", bad)
		}
	}
}

func TestBetweenAlwaysFitsBetween(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		list := []string{}
		for i := 0; i < rapid.IntRange(1, 60).Draw(t, "inserts"); i++ {
			at := rapid.IntRange(0, len(list)).Draw(t, "at")
			before, after := "", ""
			if at > 0 {
				before = list[at-1]
			}
			if at < len(list) {
				after = list[at]
			}
			p, err := Between(before, after)
			if err != nil {
				t.Fatal(err)
			}
			if !ValidPosition(p) || p <= before || (after != "" && p >= after) {
				t.Fatalf("Between(%q, %q) = %q", before, after, p)
			}
			list = append(list[:at], append([]string{p}, list[at:]...)...)
		}
	})
}

func TestUnknownTypesAreNotFound(t *testing.T) {
	if _, ok := Lookup("poll.teleport", 1); ok {
		t.Fatal("an unknown type was found")
	}
	if _, ok := Lookup(testRetitle, 2); ok {
		t.Fatal("a newer version was found")
	}
	d, ok := Lookup(testRetitle, 1)
	if !ok || d.Check([]byte(`{"part":"p1","title":"Intro"}`)) != nil {
		t.Fatal("a valid test.retitle was refused")
	}
	for _, bad := range []string{`{"part":"p1","title":""}`, `{"part":"../x","title":"a"}`,
		`{"part":"p1","title":"a","extra":1}`, `{"part":"p1","title":"a\nb"}`} {
		if d.Check([]byte(bad)) == nil {
			t.Errorf("accepted %s", bad)
		}
	}
}

func b64(b []byte) string { return base64Std(b) }

// testRetitle is an operation type of the kernel's own tests: the kernel
// knows no area, so its tests define what they need.
const testRetitle = "test.retitle"

type testTitle struct {
	Part  string `json:"part"`
	Title string `json:"title"`
}

func init() {
	Define(Spec[testTitle]{
		Type: testRetitle, Area: "test", Permission: Contribute,
		Valid: func(p testTitle) error {
			return FirstError(CheckRef("part", p.Part), CheckName("title", p.Title, MaxTitleChars))
		},
	})
}
