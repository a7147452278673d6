package wire

import (
	"strconv"
	"unicode/utf8"
)

// maxExcerpt is the most bytes of a refused value an Error quotes.
const maxExcerpt = 20

// Error is a JSON value a wire type refused. It quotes at most the first 20
// bytes of the value, never the whole body, so a decode error stays short
// and cannot carry a large payload into a log line.
type Error struct {
	Type    string // the wire type that refused the value, e.g. "wire.Int"
	Excerpt string // at most the first 20 bytes of the JSON value, cut on a rune boundary
	Reason  string // what is wrong with it
	Err     error  // the underlying decode error (Embedded and List), or nil

	cut bool // the value was longer than Excerpt
}

// Error renders `wire: cannot decode wire.Int from "1.5": not an integer`.
func (e *Error) Error() string {
	s := "wire: cannot decode " + e.Type + " from " + strconv.Quote(e.Excerpt)
	if e.cut {
		s += "..."
	}
	s += ": " + e.Reason
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the underlying decode error, if any.
func (e *Error) Unwrap() error { return e.Err }

// refuse builds the *Error for value b refused by typ.
func refuse(typ string, b []byte, reason string, err error) *Error {
	n := len(b)
	cut := n > maxExcerpt
	if cut {
		n = maxExcerpt
		// Back off to a rune start so the excerpt does not end inside a
		// multi-byte character (at most 3 bytes for valid UTF-8).
		for i := 0; i < utf8.UTFMax-1 && n > 0 && !utf8.RuneStart(b[n]); i++ {
			n--
		}
	}
	return &Error{Type: typ, Excerpt: string(b[:n]), Reason: reason, Err: err, cut: cut}
}
