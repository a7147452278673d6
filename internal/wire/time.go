package wire

import (
	"strings"
	"time"
)

// Time is a timestamp read leniently: a provider's dates come in several
// layouts, and some are not dates at all ("2022-25-10"). Decoding never
// fails over a string that is not a date; it keeps the text in Raw and
// leaves T zero, so one bad field cannot fail a whole response.
//
// Accepted JSON strings (T is set when one of these parses):
//
//	2006-01-02T15:04:05Z07:00       RFC 3339, fractional seconds allowed
//	2006-01-02T15:04:05Z0700        offset without a colon (+0000)
//	2006-01-02T15:04:05             no zone; fractional seconds allowed
//	2006-01-02T15:04
//	2006-01-02 15:04:05Z07:00       the same with a space for the T
//	2006-01-02 15:04:05Z0700
//	2006-01-02 15:04:05             fractional seconds allowed (…05.000)
//	2006-01-02 15:04
//	2006-01-02
//	01/02/2006                      month first
//	2006/01/02
//
// A value without a zone is read as UTC; a value with an offset keeps it
// (+00:00 and Z read as UTC). A JSON number is Unix time: seconds, or
// milliseconds when its magnitude is at least 1e12; a number that is not a
// whole number keeps its text in Raw with T zero. null and "" decode to the
// zero Time. Card expiries such as "05/25" (MM/YY) are deliberately not
// read as dates: they name a month, not an instant.
type Time struct {
	T   time.Time // the parsed instant; zero when absent or unparseable
	Raw string    // the text exactly as received (a number's literal when Unix is set)
	// Unix is set when Raw came as a JSON number (Unix time); MarshalJSON
	// writes it back as a number so the value round-trips.
	Unix bool
}

// NewTime returns t written in layout: Raw is t.Format(layout), and T is
// what decoding Raw gives back (so it carries only what the layout keeps),
// or t itself when Raw is not in a layout Time reads. An empty layout
// leaves Raw empty, so t is written as RFC 3339 with nanoseconds.
func NewTime(t time.Time, layout string) Time {
	if layout == "" {
		return Time{T: t}
	}
	raw := t.Format(layout)
	if p := parseTime(raw); !p.IsZero() {
		return Time{T: p, Raw: raw}
	}
	return Time{T: t, Raw: raw}
}

// IsZero reports whether the value was absent: no instant and no text. It
// makes the `omitzero` struct tag leave such a field out.
func (t Time) IsZero() bool { return t.T.IsZero() && t.Raw == "" }

// Valid reports whether T holds a parsed instant.
func (t Time) Valid() bool { return !t.T.IsZero() }

// String returns Raw when set, else T in RFC 3339 with nanoseconds, else "".
func (t Time) String() string {
	switch {
	case t.Raw != "":
		return t.Raw
	case !t.T.IsZero():
		return t.T.Format(time.RFC3339Nano)
	}
	return ""
}

// MarshalJSON writes Raw when set (as a number when it came as one), else
// T in RFC 3339 with nanoseconds, else null.
func (t Time) MarshalJSON() ([]byte, error) {
	switch {
	case t.Raw != "":
		if t.Unix && isJSONNumber([]byte(t.Raw)) {
			return []byte(t.Raw), nil
		}
		return appendString(nil, t.Raw), nil
	case !t.T.IsZero():
		return appendString(nil, t.T.Format(time.RFC3339Nano)), nil
	}
	return []byte("null"), nil
}

// UnmarshalJSON reads a JSON string in any accepted layout (or in none,
// keeping its text), a JSON number as Unix time, or null. Only a value of
// another JSON type (true, an object, an array) is an error.
func (t *Time) UnmarshalJSON(b []byte) error {
	b = trimSpace(b)
	switch {
	case isNull(b):
		*t = Time{}
	case len(b) > 0 && b[0] == '"':
		s, ok := unquoteString(b)
		if !ok {
			return refuse("wire.Time", b, "not a valid JSON string", nil)
		}
		*t = Time{T: parseTime(s), Raw: s}
	case isNumberStart(b):
		if !isJSONNumber(b) {
			return refuse("wire.Time", b, "not a valid JSON number", nil)
		}
		*t = Time{T: unixTime(b), Raw: string(b), Unix: true}
	default:
		return refuse("wire.Time", b, "not a string or number", nil)
	}
	return nil
}

// Layouts by the character after the date, so a value is tried only
// against layouts of its own shape.
var (
	layoutsT = []string{
		time.RFC3339, // also reads fractional seconds
		"2006-01-02T15:04:05Z0700",
		"2006-01-02T15:04:05",
		"2006-01-02T15:04",
	}
	layoutsSpace = []string{
		"2006-01-02 15:04:05",
		"2006-01-02 15:04",
		"2006-01-02 15:04:05Z07:00",
		"2006-01-02 15:04:05Z0700",
	}
)

// parseTime reads s in the first layout of its shape that fits, zone-less
// values as UTC; it returns the zero time when none does.
func parseTime(s string) time.Time {
	s = strings.TrimSpace(s)
	var layouts []string
	switch {
	case len(s) < 10:
		return time.Time{}
	case len(s) == 10 && s[4] == '-':
		layouts = []string{time.DateOnly}
	case len(s) == 10 && s[2] == '/':
		layouts = []string{"01/02/2006"}
	case len(s) == 10 && s[4] == '/':
		layouts = []string{"2006/01/02"}
	case len(s) > 10 && s[4] == '-' && s[10] == 'T':
		layouts = layoutsT
	case len(s) > 10 && s[4] == '-' && s[10] == ' ':
		layouts = layoutsSpace
	default:
		return time.Time{}
	}
	for _, l := range layouts {
		// ParseInLocation with UTC: no zone means UTC, and an offset never
		// picks up the machine's local zone name.
		if t, err := time.ParseInLocation(l, s, time.UTC); err == nil {
			return t
		}
	}
	return time.Time{}
}

// unixTime reads a JSON integer as Unix seconds, or milliseconds when its
// magnitude is at least 1e12 (the year 33658 in seconds, 2001 in ms). Any
// other number gives the zero time.
func unixTime(b []byte) time.Time {
	n, reason := parseInt(b)
	if reason != "" {
		return time.Time{}
	}
	if n >= 1e12 || n <= -1e12 {
		return time.UnixMilli(n).UTC()
	}
	return time.Unix(n, 0).UTC()
}
