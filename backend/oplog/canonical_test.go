package oplog

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// sameAsSlow fails unless parseLine, with its fast path, decides line
// exactly as decoding and encoding again does: the same op, or the same
// refusal in the same words.
func sameAsSlow(t *testing.T, line []byte) {
	t.Helper()
	fast, fastErr := parseLine("ws-1", "c0ffee", "rep-a", line)
	slow, slowErr := parseLineSlow("ws-1", "c0ffee", "rep-a", line)
	if fmt.Sprint(fastErr) != fmt.Sprint(slowErr) || !reflect.DeepEqual(fast, slow) {
		t.Fatalf("line %q:\nfast: %+v %v\nslow: %+v %v", line, fast, fastErr, slow, slowErr)
	}
	if _, _, ok := fastLine(line); ok && slowErr != nil {
		t.Fatalf("the fast path vouched for %q, which is refused: %v", line, slowErr)
	}
}

// hostileLines are lines each one step away from canonical, or built to
// trip a hand-written reader: every one must be decided as before.
var hostileLines = []string{
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{}}`,
	`{"seq":0,"hlc":"1.0","type":"x","v":1,"payload":{}}`,
	`{"seq":01,"hlc":"1.0","type":"x","v":1,"payload":{}}`,
	`{"seq":-1,"hlc":"1.0","type":"x","v":1,"payload":{}}`,
	`{"seq":1.0,"hlc":"1.0","type":"x","v":1,"payload":{}}`,
	`{"seq":1e2,"hlc":"1.0","type":"x","v":1,"payload":{}}`,
	`{"seq":18446744073709551615,"hlc":"1.0","type":"x","v":1,"payload":{}}`,
	`{"seq":18446744073709551616,"hlc":"1.0","type":"x","v":1,"payload":{}}`,
	`{"seq":9999999999999999999,"hlc":"1.0","type":"x","v":1,"payload":{}}`,
	`{"seq":99999999999999999999,"hlc":"1.0","type":"x","v":1,"payload":{}}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":0,"payload":{}}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":-1,"payload":{}}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":999999999999999999,"payload":{}}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":9223372036854775807,"payload":{}}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":9223372036854775808,"payload":{}}`,
	`{"seq":1,"hlc":"1.0","type":"","v":1,"payload":{}}`,
	`{"seq":1,"hlc":"","type":"x","v":1,"payload":{}}`,
	`{"seq":1,"hlc":"01.0","type":"x","v":1,"payload":{}}`,
	`{"seq":1,"hlc":"1.00","type":"x","v":1,"payload":{}}`,
	`{"seq":1,"hlc":"-1.0","type":"x","v":1,"payload":{}}`,
	`{"seq":1,"hlc":"1.4294967296","type":"x","v":1,"payload":{}}`,
	`{"seq":1,"hlc":"1.4294967295","type":"x","v":1,"payload":{}}`,
	`{"seq":1,"hlc":"1.04294967295","type":"x","v":1,"payload":{}}`,
	`{"seq":1,"hlc":"9223372036854775807.0","type":"x","v":1,"payload":{}}`,
	`{"seq":1,"hlc":"9223372036854775808.0","type":"x","v":1,"payload":{}}`,
	`{"seq":1,"hlc":"99999999999999999999.0","type":"x","v":1,"payload":{}}`,
	`{"seq":1,"hlc":"0.0","type":"x","v":1,"payload":{}}`,
	`{"seq":1,"hlc":"00.0","type":"x","v":1,"payload":{}}`,
	`{"seq":1,"hlc":"1.","type":"x","v":1,"payload":{}}`,
	`{"seq":1,"hlc":".1","type":"x","v":1,"payload":{}}`,
	`{"seq":1,"hlc":"1.1.1","type":"x","v":1,"payload":{}}`,
	`{"seq":1,"hlc":"1","type":"x","v":1,"payload":{}}`,
	`{"seq":1,"hlc":"+1.1","type":"x","v":1,"payload":{}}`,
	`{"seq":1,"hlc":"1.1 ","type":"x","v":1,"payload":{}}`,
	`{"seq":1,"hlc":1.1,"type":"x","v":1,"payload":{}}`,
	`{"seq":1,"hlc":"1.0","type":"x\"y","v":1,"payload":{}}`,
	`{"seq":1,"hlc":"1.0","type":"x\\y","v":1,"payload":{}}`,
	`{"seq":1,"hlc":"1.0","type":"x\u0041","v":1,"payload":{}}`,
	`{"seq":1,"hlc":"1.0","type":"<&>","v":1,"payload":{}}`,
	"{\"seq\":1,\"hlc\":\"1.0\",\"type\":\"x\x7f\",\"v\":1,\"payload\":{}}",
	"{\"seq\":1,\"hlc\":\"1.0\",\"type\":\"é\",\"v\":1,\"payload\":{}}",
	"{\"seq\":1,\"hlc\":\"1.0\",\"type\":\"\xff\",\"v\":1,\"payload\":{}}",
	"{\"seq\":1,\"hlc\":\"1.0\",\"type\":\"\u2028\",\"v\":1,\"payload\":{}}",
	"{\"seq\":1,\"hlc\":\"1.0\",\"type\":\"a\tb\",\"v\":1,\"payload\":{}}",
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":[]}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":"{}"}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":null}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{} }`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{ }}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{"a" :1}}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{"a": 1}}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{"a":1 }}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{"a":[1, 2]}}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{"a":1}}x`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{"a":1}} `,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{"a":1}}{}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{"a":1}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{"a":1}}}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{"a":1},"b":2}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{"a":}}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{"a"}}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{,}}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{"a":1,}}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{"a":[1,]}}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{"a":[,1]}}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{"a":[1}}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{"a":1]}}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{1:1}}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{"a":01}}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{"a":-}}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{"a":-0}}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{"a":1.}}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{"a":.5}}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{"a":1.5e}}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{"a":1.5e+}}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{"a":1.5E-7}}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{"a":1e999}}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{"a":+1}}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{"a":0x10}}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{"a":NaN}}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{"a":true,"b":false,"c":null}}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{"a":tru}}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{"a":True}}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{"a":nul}}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{"a":truex}}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{"a":"\u00e9\n\t\"\\\/\b\f\r"}}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{"a":"\u00G9"}}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{"a":"\u00e"}}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{"a":"\x"}}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{"a":"\'"}}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{"a":"\"}}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{"a":"unterminated}}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{"a":"<b>&amp;</b>"}}`,
	"{\"seq\":1,\"hlc\":\"1.0\",\"type\":\"x\",\"v\":1,\"payload\":{\"a\":\"\xff\xfe\"}}",
	"{\"seq\":1,\"hlc\":\"1.0\",\"type\":\"x\",\"v\":1,\"payload\":{\"a\":\"\u2028\u2029\"}}",
	"{\"seq\":1,\"hlc\":\"1.0\",\"type\":\"x\",\"v\":1,\"payload\":{\"a\":\"a\nb\"}}",
	"{\"seq\":1,\"hlc\":\"1.0\",\"type\":\"x\",\"v\":1,\"payload\":{\"a\":\"a\x00b\"}}",
	"{\"seq\":1,\"hlc\":\"1.0\",\"type\":\"x\",\"v\":1,\"payload\":{\"a\":\"a\x7fb\"}}",
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{"a":1,"a":2}}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{"":{"":[[],{},"",0]}}}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{"a":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{"a":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{"a":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}}`,
	`{"Seq":1,"hlc":"1.0","type":"x","v":1,"payload":{}}`,
	`{"seq":1,"hlc":"1.0","type":"x","V":1,"payload":{}}`,
	`{"hlc":"1.0","seq":1,"type":"x","v":1,"payload":{}}`,
	`{"seq":1,"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{}}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{},"extra":1}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":}`,
	` {"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{}}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{}}` + "\n",
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":`,
	`{"seq":1,"hlc":"1.0"`,
	`{"seq":`,
	`{`,
	``,
	`null`,
	`[]`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{"a":1}}}}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{"a":"}"}}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{"a":"\"}"}}`,
	`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":{"a":"x\\"}}`,
}

func TestFastLineAgreesOnHostileLines(t *testing.T) {
	for _, line := range hostileLines {
		sameAsSlow(t, []byte(line))
	}
	// Deep nesting, past where the fast path gives up and past where
	// encoding/json does.
	for _, depth := range []int{maxFastDepth - 2, maxFastDepth - 1, maxFastDepth, maxFastDepth + 1, 10_001} {
		payload := `{"a":` + strings.Repeat("[", depth) + strings.Repeat("]", depth) + `}`
		sameAsSlow(t, []byte(`{"seq":1,"hlc":"1.0","type":"x","v":1,"payload":`+payload+`}`))
	}
}

// TestFastLineTakesCanonicalLines: the lines Cairn writes take the fast
// path, else it would save nothing.
func TestFastLineTakesCanonicalLines(t *testing.T) {
	_, author := testKey(1)
	for _, op := range randomOps(t, author, rand.New(rand.NewPCG(3, 4)), 200) {
		if _, _, ok := fastLine(op.Line); !ok && isPrintableASCII(op.Type) {
			t.Fatalf("a line Cairn writes went the slow way: %q", op.Line)
		}
		sameAsSlow(t, op.Line)
	}
}

func isPrintableASCII(s string) bool {
	return !strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r > 0x7e || r == '"' || r == '\\' })
}

// TestFastLineAgreesOnRandomLines mutates lines Cairn writes a byte or a
// few at a time, the way damage and hand-made attacks look, and compares
// both paths on each.
func TestFastLineAgreesOnRandomLines(t *testing.T) {
	_, author := testKey(1)
	rng := rand.New(rand.NewPCG(5, 6))
	ops := randomOps(t, author, rng, 300)
	alphabet := []byte("{}[]\",:\\/ \t\n\r0123456789-+.eEtrufalsn" + "\x00\x1f\x7f\x80\xc3\xa9\xe2\xff" + "abuxyz")
	for _, op := range ops {
		for round := 0; round < 200; round++ {
			line := bytes.Clone(op.Line)
			for edits := 1 + rng.IntN(3); edits > 0; edits-- {
				line = mutate(rng, line, alphabet)
			}
			sameAsSlow(t, line)
		}
	}
}

func mutate(rng *rand.Rand, line, alphabet []byte) []byte {
	if len(line) == 0 {
		return append(line, alphabet[rng.IntN(len(alphabet))])
	}
	i := rng.IntN(len(line))
	switch rng.IntN(5) {
	case 0: // replace a byte
		line[i] = alphabet[rng.IntN(len(alphabet))]
	case 1: // insert a byte
		line = append(line[:i], append([]byte{alphabet[rng.IntN(len(alphabet))]}, line[i:]...)...)
	case 2: // delete a byte
		line = append(line[:i], line[i+1:]...)
	case 3: // duplicate a stretch
		j := min(len(line), i+1+rng.IntN(8))
		line = append(line[:j], append(bytes.Clone(line[i:j]), line[j:]...)...)
	default: // cut short
		line = line[:i]
	}
	return line
}

// randomOps writes ops with payloads of every JSON shape: nested objects
// and arrays, numbers, literals, and strings with escapes, accents, HTML,
// invalid UTF-8 and U+2028.
func randomOps(t testing.TB, author string, rng *rand.Rand, n int) []Op {
	t.Helper()
	strs := []string{"", "plain", "<b>&amp;</b>", "é ü 漢字 🙂", "line\nbreak\ttab\r", "quote \" and \\ back", "\u2028\u2029", "\x00\x01\x1f\x7f", "\xff\xfe bad utf-8"}
	var value func(depth int) any
	value = func(depth int) any {
		switch k := rng.IntN(8); {
		case k == 0 && depth < 4:
			m := map[string]any{}
			for i := rng.IntN(4); i > 0; i-- {
				m[strs[rng.IntN(len(strs))]+fmt.Sprint(i)] = value(depth + 1)
			}
			return m
		case k == 1 && depth < 4:
			var list []any
			for i := rng.IntN(4); i > 0; i-- {
				list = append(list, value(depth+1))
			}
			return list
		case k == 2:
			return rng.NormFloat64() * 1e6
		case k == 3:
			return rng.Int64() - rng.Int64()
		case k == 4:
			return []any{true, false, nil}[rng.IntN(3)]
		default:
			return strs[rng.IntN(len(strs))]
		}
	}
	types := []string{"part.retitle", "comment.add", "x", "a<b>&c", "é", "tab\there"}
	var ops []Op
	for i := 0; i < n; i++ {
		payload := map[string]any{"k": value(0), strs[rng.IntN(len(strs))]: value(1)}
		op, err := NewOp("ws-1", author, "rep-a", rng.Uint64N(1<<rng.IntN(64)), Stamp{Wall: rng.Int64N(1 << 50), Logical: rng.Uint32()},
			types[rng.IntN(len(types))], 1+rng.IntN(1000), payload)
		if err != nil {
			t.Fatal(err)
		}
		ops = append(ops, op)
	}
	return ops
}

// FuzzFastLine: whatever the line, the fast path decides it as decoding
// and encoding again does.
func FuzzFastLine(f *testing.F) {
	for _, line := range hostileLines {
		f.Add([]byte(line))
	}
	_, author := testKey(1)
	for _, op := range randomOps(f, author, rand.New(rand.NewPCG(7, 8)), 20) {
		f.Add(op.Line)
	}
	f.Fuzz(func(t *testing.T, line []byte) { sameAsSlow(t, line) })
}

// BenchmarkOpen decodes a segment of a thousand ops like the ones
// `cairn bench` imports.
func BenchmarkOpen(b *testing.B) {
	key, author := testKey(1)
	var ops []Op
	for i := 1; i <= 1000; i++ {
		op, err := NewOp("ws-1", author, "rep-a", uint64(i), Stamp{Wall: 1_700_000_000_000 + int64(i)}, testRetitle, 1,
			testTitle{Part: fmt.Sprintf("part-%d", i%100), Title: fmt.Sprintf("# part\n\nRevision %d of this part, with a few lines.\nAnother line.\n", i)})
		if err != nil {
			b.Fatal(err)
		}
		ops = append(ops, op)
	}
	seg, err := Seal(ops, "", key)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(seg.Raw)))
	for b.Loop() {
		if _, err := Open(seg.Raw); err != nil {
			b.Fatal(err)
		}
	}
}
