package wire

import "encoding/json"

// Embedded is a JSON value that a provider sometimes sends as itself and
// sometimes encoded inside a JSON string: Wolfe's redemption_methods is
// "[{\"redemption_method\":\"CARD_LINK\",…}]" on one route, and its
// redemption_options is the real array. Both decode into V.
//
// Quoted records which form arrived, and MarshalJSON writes the same form
// back (compacted), so a decoded golden file re-encodes to equal values.
// null and "" (or a string of spaces) decode to the zero Embedded. Do not
// use it for a T that is itself a string: every string is read as JSON.
type Embedded[T any] struct {
	V      T    // the decoded value
	Quoted bool // the value came as a string holding JSON, and is written back that way
}

// UnmarshalJSON reads the value itself, a string holding it, null or "".
// V is always decoded fresh, never merged into a previous value.
func (e *Embedded[T]) UnmarshalJSON(b []byte) error {
	b = trimSpace(b)
	var v T
	switch {
	case len(b) == 0:
		return refuse("wire.Embedded", b, "empty input", nil)
	case isNull(b):
		*e = Embedded[T]{}
	case b[0] == '"':
		s, ok := unquote(b)
		if !ok {
			return refuse("wire.Embedded", b, "not a valid JSON string", nil)
		}
		if s = trimText(s); len(s) == 0 {
			*e = Embedded[T]{}
			return nil
		}
		if err := json.Unmarshal(s, &v); err != nil {
			return refuse("wire.Embedded", b, "the string does not hold the expected JSON", err)
		}
		*e = Embedded[T]{V: v, Quoted: true}
	default:
		if err := json.Unmarshal(b, &v); err != nil {
			return refuse("wire.Embedded", b, "not the expected JSON", err)
		}
		*e = Embedded[T]{V: v}
	}
	return nil
}

// MarshalJSON writes V as JSON, inside a JSON string when Quoted.
func (e Embedded[T]) MarshalJSON() ([]byte, error) {
	inner, err := json.Marshal(e.V)
	if err != nil || !e.Quoted {
		return inner, err
	}
	return appendString(make([]byte, 0, len(inner)+16), string(inner)), nil
}

// List is a JSON array that a provider sometimes sends as a single value:
// an array decodes element by element, any other value (one object, one
// string) as a one-element list, and null as nil. Wolfe answers some
// routes with a one-element array where others carry the object. It
// marshals as an ordinary JSON array (null when nil).
type List[T any] []T

// UnmarshalJSON reads an array, a single value, or null. The list is
// always decoded fresh, never merged into a previous one.
func (l *List[T]) UnmarshalJSON(b []byte) error {
	b = trimSpace(b)
	switch {
	case len(b) == 0:
		return refuse("wire.List", b, "empty input", nil)
	case isNull(b):
		*l = nil
	case b[0] == '[':
		var s []T
		if err := json.Unmarshal(b, &s); err != nil {
			return refuse("wire.List", b, "bad element", err)
		}
		*l = s
	default:
		var v T
		if err := json.Unmarshal(b, &v); err != nil {
			return refuse("wire.List", b, "bad single element", err)
		}
		*l = List[T]{v}
	}
	return nil
}
