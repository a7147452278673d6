package wire

import (
	"encoding/json"
	"unicode/utf8"
)

// Members calls fn with each top-level member of the JSON object in b, in
// order, without copying or decoding the values: key is the member's name
// (unescaped), value its raw JSON. It reports false when b is not a JSON
// object or fn returned false. A provider's envelope is read with it on
// every answer, where encoding/json would copy each member into a
// RawMessage, and json.Valid would scan the whole body once more.
//
// Members checks the object's own structure — each key a string, a colon,
// a value, commas between members, the closing brace, nothing after it but
// space — and that every value is complete (strings closed, brackets
// balanced), but not the inside of the values: decode each value you use
// with a decoder that checks it (json.Unmarshal does). So when Members
// reports true and every value is valid JSON, b is valid JSON.
//
// As with encoding/json, repeated keys are all passed on; a caller keeping
// the last one matches what json.Unmarshal would decode.
func Members(b []byte, fn func(key, value []byte) bool) bool {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return false
	}
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		return skipSpace(b, i+1) == len(b)
	}
	for i < len(b) {
		if b[i] != '"' {
			return false
		}
		end, ok := valueEnd(b, i) // the key, a string
		if !ok {
			return false
		}
		key := b[i+1 : end-1]
		if needsDecoding(key) {
			// Decoded as encoding/json does: escapes resolved, invalid
			// UTF-8 replaced by U+FFFD, control characters refused.
			var k string
			if json.Unmarshal(b[i:end], &k) != nil {
				return false
			}
			key = []byte(k)
		}
		i = skipSpace(b, end)
		if i >= len(b) || b[i] != ':' {
			return false
		}
		i = skipSpace(b, i+1)
		end, ok = valueEnd(b, i)
		if !ok || end == i {
			return false
		}
		if !fn(key, b[i:end]) {
			return false
		}
		i = skipSpace(b, end)
		switch {
		case i < len(b) && b[i] == ',':
			i = skipSpace(b, i+1)
		case i < len(b) && b[i] == '}':
			return skipSpace(b, i+1) == len(b)
		default:
			return false
		}
	}
	return false
}

// needsDecoding reports whether a key's raw bytes may differ from its
// decoded form (an escape, non-ASCII that may be invalid UTF-8) or may not
// be valid inside a JSON string (a control character): json.Unmarshal then
// decides.
func needsDecoding(key []byte) bool {
	for _, c := range key {
		if c < 0x20 || c == '\\' || c >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// valueEnd returns the index after the JSON value starting at b[i], and
// whether that value is complete: a string closed, brackets balanced and
// matched. Numbers and literals run to the next delimiter, unchecked.
func valueEnd(b []byte, i int) (int, bool) {
	if i >= len(b) {
		return i, false
	}
	switch b[i] {
	case '"':
		for j := i + 1; j < len(b); j++ {
			switch b[j] {
			case '\\':
				j++
			case '"':
				return j + 1, true
			}
		}
		return len(b), false
	case '{', '[':
		var stack [32]byte // the closers expected; deeper nesting spills to the heap
		open := stack[:0]
		for j := i; j < len(b); j++ {
			switch c := b[j]; c {
			case '"':
				end, ok := valueEnd(b, j)
				if !ok {
					return len(b), false
				}
				j = end - 1
			case '{':
				open = append(open, '}')
			case '[':
				open = append(open, ']')
			case '}', ']':
				if len(open) == 0 || open[len(open)-1] != c {
					return j, false
				}
				open = open[:len(open)-1]
				if len(open) == 0 {
					return j + 1, true
				}
			}
		}
		return len(b), false
	case '}', ']', ',', ':':
		return i, false
	}
	j := i
	for j < len(b) && b[j] != ',' && b[j] != '}' && b[j] != ']' && b[j] != ':' && b[j] != '{' && b[j] != '[' && b[j] != '"' && b[j] != ' ' && b[j] != '\t' && b[j] != '\n' && b[j] != '\r' {
		j++
	}
	return j, true
}
