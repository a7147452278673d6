package wire

import (
	"encoding/json"
	"unicode/utf8"
)

// This file holds the byte-level helpers every type shares. They work on
// what encoding/json hands an Unmarshaler (one complete JSON value, no
// surrounding whitespace) but stay safe on any input: a direct call with
// arbitrary bytes gets an error, never a panic.

// trimSpace drops JSON whitespace (space, tab, CR, LF) from both ends.
func trimSpace(b []byte) []byte {
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// trimText drops the whitespace a provider may leave inside a quoted value
// (" 115 "): JSON whitespace plus vertical tab and form feed.
func trimText(b []byte) []byte {
	for len(b) > 0 && (isSpace(b[0]) || b[0] == '\v' || b[0] == '\f') {
		b = b[1:]
	}
	for len(b) > 0 && (isSpace(b[len(b)-1]) || b[len(b)-1] == '\v' || b[len(b)-1] == '\f') {
		b = b[:len(b)-1]
	}
	return b
}

func isNull(b []byte) bool { return string(b) == "null" }

// isNumberStart reports whether b starts like a JSON number.
func isNumberStart(b []byte) bool { return len(b) > 0 && (b[0] == '-' || (b[0] >= '0' && b[0] <= '9')) }

// plainString returns the bytes between the quotes of JSON string b when
// they need no unescaping: no backslash, no quote, no control character,
// valid UTF-8. That is the common case, and it costs no allocation and no
// second pass through encoding/json.
func plainString(b []byte) ([]byte, bool) {
	n := len(b)
	if n < 2 || b[0] != '"' || b[n-1] != '"' {
		return nil, false
	}
	in := b[1 : n-1]
	ascii := true
	for _, c := range in {
		switch {
		case c < 0x20, c == '"', c == '\\':
			return nil, false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	if !ascii && !utf8.Valid(in) {
		return nil, false
	}
	return in, true
}

// unquote returns the content of JSON string b. ok is false when b is not
// a valid JSON string.
func unquote(b []byte) (s []byte, ok bool) {
	if in, ok := plainString(b); ok {
		return in, true
	}
	var v string
	if json.Unmarshal(b, &v) != nil {
		return nil, false
	}
	return []byte(v), true
}

// unquoteString is unquote for callers that keep the text as a string.
func unquoteString(b []byte) (string, bool) {
	if in, ok := plainString(b); ok {
		return string(in), true
	}
	var v string
	if json.Unmarshal(b, &v) != nil {
		return "", false
	}
	return v, true
}

// isJSONNumber reports whether b is exactly a JSON number literal:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func isJSONNumber(b []byte) bool {
	i := 0
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && b[i] >= '1' && b[i] <= '9':
		i = digits(b, i)
	default:
		return false
	}
	return fractionAndExponent(b, i)
}

// isDecimalText reports whether b is a decimal number as providers write
// one inside a string: a JSON number that may also carry a leading '+' or
// leading zeros ("+10.50", "007"). Nothing else: no ".5", no "1,000".
func isDecimalText(b []byte) bool {
	i := 0
	if i < len(b) && (b[i] == '-' || b[i] == '+') {
		i++
	}
	j := digits(b, i)
	if j == i {
		return false
	}
	return fractionAndExponent(b, j)
}

// fractionAndExponent checks that b[i:] is an optional fraction and an
// optional exponent and nothing more.
func fractionAndExponent(b []byte, i int) bool {
	if i < len(b) && b[i] == '.' {
		j := digits(b, i+1)
		if j == i+1 {
			return false
		}
		i = j
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		j := digits(b, i)
		if j == i {
			return false
		}
		i = j
	}
	return i == len(b)
}

// digits returns the index after the run of ASCII digits starting at i.
func digits(b []byte, i int) int {
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
	}
	return i
}

// parseInt parses an optionally signed run of decimal digits without
// allocating. reason is empty on success.
func parseInt(b []byte) (n int64, reason string) {
	if len(b) == 0 {
		return 0, "not an integer"
	}
	neg := false
	i := 0
	if b[0] == '-' || b[0] == '+' {
		neg = b[0] == '-'
		i++
	}
	if i == len(b) {
		return 0, "not an integer"
	}
	// Accumulate as a negative number: its range is one larger, so
	// -9223372036854775808 parses.
	const minInt64 = -1 << 63
	var v int64
	for ; i < len(b); i++ {
		c := b[i]
		if c < '0' || c > '9' {
			if c == '.' || c == 'e' || c == 'E' {
				return 0, "not an integer (has a fraction or exponent)"
			}
			return 0, "not an integer"
		}
		d := int64(c - '0')
		if v < minInt64/10 || v*10 < minInt64+d {
			// Keep scanning so "99999999999999999999.5" says fraction, not range.
			for i++; i < len(b); i++ {
				if b[i] < '0' || b[i] > '9' {
					return 0, "not an integer"
				}
			}
			return 0, "out of int64 range"
		}
		v = v*10 - d
	}
	if !neg {
		if v == minInt64 {
			return 0, "out of int64 range"
		}
		v = -v
	}
	return v, ""
}

// appendString appends s as a JSON string, escaping only what JSON
// requires plus the characters encoding/json escapes for HTML, so the
// output is the same encoding/json would produce.
func appendString(dst []byte, s string) []byte {
	plain := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= utf8.RuneSelf || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			plain = false
			break
		}
	}
	if plain {
		dst = append(dst, '"')
		dst = append(dst, s...)
		return append(dst, '"')
	}
	q, _ := json.Marshal(s) // a string always marshals
	return append(dst, q...)
}
