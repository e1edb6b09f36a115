package oplog

import "fmt"

// Positions order the deliverable's parts. A position is a string of digits
// read as a fraction (0.xyz…): a new part between two others gets a string
// between theirs, so an insert or a move rewrites one part only. Concurrent
// inserts at one place may pick the same string; the part id breaks the
// tie, so every replica shows the same order.

const positionDigits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

func digitValue(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'A' && c <= 'Z':
		return int(c-'A') + 10
	case c >= 'a' && c <= 'z':
		return int(c-'a') + 36
	}
	return -1
}

// ValidPosition reports whether p is a position: 1 to 64 digits of
// positionDigits, not ending in '0' (so no two strings mean one fraction).
func ValidPosition(p string) bool {
	if p == "" || len(p) > 64 || p[len(p)-1] == '0' {
		return false
	}
	for i := 0; i < len(p); i++ {
		if digitValue(p[i]) < 0 {
			return false
		}
	}
	return true
}

// Between returns a position after before and ahead of after. An empty
// before means the start of the list, an empty after its end.
func Between(before, after string) (string, error) {
	if (before != "" && !ValidPosition(before)) || (after != "" && !ValidPosition(after)) ||
		(after != "" && before >= after) {
		return "", fmt.Errorf("no position between %q and %q", before, after)
	}
	return midpoint(before, after), nil
}

// midpoint follows the usual fractional-indexing construction: skip the
// common prefix, then take a digit halfway between the first digits that
// differ, or descend one digit when they are neighbours.
func midpoint(a, b string) string {
	if b != "" {
		n := 0
		for n < len(b) && digitAt(a, n) == b[n] {
			n++
		}
		if n > 0 {
			rest := ""
			if n < len(a) {
				rest = a[n:]
			}
			return b[:n] + midpoint(rest, b[n:])
		}
	}
	da := 0
	if a != "" {
		da = digitValue(a[0])
	}
	db := len(positionDigits)
	if b != "" {
		db = digitValue(b[0])
	}
	if db-da > 1 {
		return string(positionDigits[(da+db)/2])
	}
	if b != "" && len(b) > 1 {
		return b[:1]
	}
	rest := ""
	if a != "" {
		rest = a[1:]
	}
	return string(positionDigits[da]) + midpoint(rest, "")
}

func digitAt(s string, i int) byte {
	if i < len(s) {
		return s[i]
	}
	return '0'
}
