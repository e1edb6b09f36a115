package oplog

import "math"

// The canonical form of an op line is whatever encodeLine writes. parseLine
// checks it by decoding the line with encoding/json and encoding it again,
// which costs most of an import's decoding time. fastLine reads the lines
// whose form it can vouch for byte by byte, and gives up on anything else:
// parseLine then decides, so a line is refused exactly when it was before,
// with the same words.

// The parts of a canonical line between its values.
const (
	seqKey     = `{"seq":`
	hlcKey     = `,"hlc":"`
	typeKey    = `,"type":"`
	versionKey = `,"v":`
	payloadKey = `,"payload":`
)

// maxFastDepth bounds the nesting fastLine follows in a payload: deeper
// ones (encoding/json allows up to 10000) go the slow way.
const maxFastDepth = 64

// fastLine reads line (but for its hlc, read into stamp) when it is certainly in canonical form, that is, when
// decoding it and encoding it again gives the same bytes and every field
// passes parseLine's checks: `{"seq":N,"hlc":"S","type":"T","v":N,"payload":{…}}`
// with plain numbers, hlc and type of printable ASCII without quotes or
// backslashes (which encoding/json writes unchanged), and a payload that is
// one valid JSON object without whitespace outside its strings (encoding a
// json.RawMessage only removes such whitespace). ok is false when line may
// be anything else, refused or not.
func fastLine(line []byte) (l opLine, stamp Stamp, ok bool) {
	rest, ok := cutPrefix(line, seqKey)
	if !ok {
		return l, stamp, false
	}
	seq, rest, ok := plainNumber(rest, 19) // any 19 digits fit in a uint64
	if !ok {
		return l, stamp, false
	}
	if rest, ok = cutPrefix(rest, hlcKey); !ok {
		return l, stamp, false
	}
	// The stamp as ParseStamp reads it, in the one form it accepts: plain
	// numbers within their types.
	wall, rest, ok := plainNumber(rest, 19)
	if !ok || wall > math.MaxInt64 {
		return l, stamp, false
	}
	if rest, ok = cutPrefix(rest, "."); !ok {
		return l, stamp, false
	}
	logical, rest, ok := plainNumber(rest, 10)
	if !ok || logical > math.MaxUint32 {
		return l, stamp, false
	}
	stamp = Stamp{Wall: int64(wall), Logical: uint32(logical)}
	if rest, ok = cutPrefix(rest, `"`+typeKey); !ok {
		return l, stamp, false
	}
	typ, rest, ok := plainString(rest)
	if !ok || len(typ) == 0 {
		return l, stamp, false
	}
	if rest, ok = cutPrefix(rest, versionKey); !ok {
		return l, stamp, false
	}
	version, rest, ok := plainNumber(rest, 18) // any 18 digits fit in an int
	if !ok || version < 1 {
		return l, stamp, false
	}
	if rest, ok = cutPrefix(rest, payloadKey); !ok {
		return l, stamp, false
	}
	if len(rest) < 3 || rest[0] != '{' || rest[len(rest)-1] != '}' {
		return l, stamp, false
	}
	payload := rest[: len(rest)-1 : len(rest)-1]
	if end, ok := compactValue(payload, 0, 0); !ok || end != len(payload) {
		return l, stamp, false
	}
	return opLine{Seq: seq, Type: typeName(typ), V: int(version), Payload: payload}, stamp, true
}

// typeName is typ as a string, the one the type's definition holds when
// it has one, so that a million ops of a few types hold a few strings.
func typeName(typ []byte) string {
	if def, ok := definitionsByName[string(typ)]; ok {
		return def
	}
	return string(typ)
}

func cutPrefix(b []byte, prefix string) ([]byte, bool) {
	if len(b) < len(prefix) || string(b[:len(prefix)]) != prefix {
		return b, false
	}
	return b[len(prefix):], true
}

// plainNumber reads a whole number of 1 to max digits (at most 19, which
// fit in a uint64) without a leading zero (0 itself is fine): the only
// form encoding/json and strconv write.
func plainNumber(b []byte, max int) (uint64, []byte, bool) {
	n, i := uint64(0), 0
	for ; i < len(b) && i <= max && b[i] >= '0' && b[i] <= '9'; i++ {
		n = n*10 + uint64(b[i]-'0')
	}
	if i == 0 || i > max || (b[0] == '0' && i > 1) {
		return 0, b, false
	}
	return n, b[i:], true
}

// plainString reads a string's content up to its closing quote when every
// byte is printable ASCII other than a backslash: encoding/json decodes and
// encodes such a string unchanged.
func plainString(b []byte) ([]byte, []byte, bool) {
	for i, c := range b {
		if c == '"' {
			return b[:i], b[i+1:], true
		}
		if c < 0x20 || c > 0x7e || c == '\\' {
			return nil, b, false
		}
	}
	return nil, b, false
}

// compactValue checks that b[i:] starts with one JSON value, as
// encoding/json's scanner defines it, with no whitespace outside strings,
// and returns where it ends. Strings may hold any byte from 0x20 (the
// scanner does not check UTF-8, and neither does the re-encoding of a
// json.RawMessage).
func compactValue(b []byte, i, depth int) (int, bool) {
	if i >= len(b) {
		return i, false
	}
	switch c := b[i]; {
	case c == '{':
		if depth == maxFastDepth {
			return i, false
		}
		i++
		if i < len(b) && b[i] == '}' {
			return i + 1, true
		}
		for {
			if i >= len(b) || b[i] != '"' {
				return i, false
			}
			var ok bool
			if i, ok = compactString(b, i); !ok || i >= len(b) || b[i] != ':' {
				return i, false
			}
			if i, ok = compactValue(b, i+1, depth+1); !ok || i >= len(b) {
				return i, false
			}
			switch b[i] {
			case ',':
				i++
			case '}':
				return i + 1, true
			default:
				return i, false
			}
		}
	case c == '[':
		if depth == maxFastDepth {
			return i, false
		}
		i++
		if i < len(b) && b[i] == ']' {
			return i + 1, true
		}
		for {
			var ok bool
			if i, ok = compactValue(b, i, depth+1); !ok || i >= len(b) {
				return i, false
			}
			switch b[i] {
			case ',':
				i++
			case ']':
				return i + 1, true
			default:
				return i, false
			}
		}
	case c == '"':
		return compactString(b, i)
	case c == '-' || c >= '0' && c <= '9':
		return compactNumber(b, i)
	case c == 't':
		return literal(b, i, "true")
	case c == 'f':
		return literal(b, i, "false")
	case c == 'n':
		return literal(b, i, "null")
	}
	return i, false
}

// compactString checks the string starting at b[i] (a quote) and returns
// the index after its closing quote.
func compactString(b []byte, i int) (int, bool) {
	for i++; i < len(b); i++ {
		switch c := b[i]; {
		case c == '"':
			return i + 1, true
		case c < 0x20:
			return i, false
		case c == '\\':
			i++
			if i >= len(b) {
				return i, false
			}
			switch b[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if i+4 >= len(b) || !isHexDigit(b[i+1]) || !isHexDigit(b[i+2]) || !isHexDigit(b[i+3]) || !isHexDigit(b[i+4]) {
					return i, false
				}
				i += 4
			default:
				return i, false
			}
		}
	}
	return i, false
}

func isHexDigit(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// compactNumber checks a JSON number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
func compactNumber(b []byte, i int) (int, bool) {
	if b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && b[i] >= '1' && b[i] <= '9':
		i = digits(b, i)
	default:
		return i, false
	}
	if i < len(b) && b[i] == '.' {
		start := i + 1
		if i = digits(b, start); i == start {
			return i, false
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		start := i
		if i = digits(b, start); i == start {
			return i, false
		}
	}
	return i, true
}

func digits(b []byte, i int) int {
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
	}
	return i
}

func literal(b []byte, i int, word string) (int, bool) {
	if len(b)-i < len(word) || string(b[i:i+len(word)]) != word {
		return i, false
	}
	return i + len(word), true
}
