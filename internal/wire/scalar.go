package wire

// String is text a provider sends as a JSON string or, for ids and codes,
// sometimes as a bare number ("id": 51 here, "walletId": "51" there). A
// number is kept as its literal text, exactly as written (51, 1e3, -0.50);
// null decodes to "". It marshals as a JSON string.
type String string

// UnmarshalJSON reads a JSON string, a JSON number (as its text) or null.
func (s *String) UnmarshalJSON(b []byte) error {
	b = trimSpace(b)
	switch {
	case isNull(b):
		*s = ""
	case len(b) > 0 && b[0] == '"':
		v, ok := unquoteString(b)
		if !ok {
			return refuse("wire.String", b, "not a valid JSON string", nil)
		}
		*s = String(v)
	case isNumberStart(b):
		if !isJSONNumber(b) {
			return refuse("wire.String", b, "not a valid JSON number", nil)
		}
		*s = String(b)
	default:
		return refuse("wire.String", b, "not a string or number", nil)
	}
	return nil
}

// Int is a whole number a provider sends as a JSON integer or as a string
// holding one ("offset": "0", "count": "115", points "100"). Spaces around
// the digits inside a string are ignored; null and "" decode to 0. A
// fraction (1.5, and also 1.0), an exponent (1e3) or a value outside int64
// is an error, never rounded. It marshals as a JSON number.
type Int int64

// UnmarshalJSON reads a JSON integer, a string holding one, or null.
func (n *Int) UnmarshalJSON(b []byte) error {
	b = trimSpace(b)
	var text []byte
	switch {
	case isNull(b):
		*n = 0
		return nil
	case len(b) > 0 && b[0] == '"':
		s, ok := unquote(b)
		if !ok {
			return refuse("wire.Int", b, "not a valid JSON string", nil)
		}
		if text = trimText(s); len(text) == 0 {
			*n = 0
			return nil
		}
	case isNumberStart(b):
		if !isJSONNumber(b) {
			return refuse("wire.Int", b, "not a valid JSON number", nil)
		}
		text = b
	default:
		return refuse("wire.Int", b, "not an integer or a string holding one", nil)
	}
	v, reason := parseInt(text)
	if reason != "" {
		return refuse("wire.Int", b, reason, nil)
	}
	*n = Int(v)
	return nil
}

// Bool is a flag a provider sends as a JSON boolean or in one of the usual
// spellings: "true"/"false", "yes"/"no", "1"/"0" (strings in any case, spaces
// ignored) and the numbers 1 and 0. null and "" decode to false; anything
// else ("2", "on", "t") is an error rather than a guess. It marshals as a
// JSON boolean.
type Bool bool

// UnmarshalJSON reads a JSON boolean, one of the accepted spellings, or null.
func (v *Bool) UnmarshalJSON(b []byte) error {
	b = trimSpace(b)
	switch string(b) {
	case "true", "1":
		*v = true
		return nil
	case "false", "0", "null":
		*v = false
		return nil
	}
	if len(b) == 0 || b[0] != '"' {
		return refuse("wire.Bool", b, "not a boolean", nil)
	}
	s, ok := unquote(b)
	if !ok {
		return refuse("wire.Bool", b, "not a valid JSON string", nil)
	}
	s = trimText(s)
	switch {
	case len(s) == 0, asciiFold(s, "false"), asciiFold(s, "no"), string(s) == "0":
		*v = false
	case asciiFold(s, "true"), asciiFold(s, "yes"), string(s) == "1":
		*v = true
	default:
		return refuse("wire.Bool", b, "not a boolean", nil)
	}
	return nil
}

// asciiFold reports whether b equals the lower-case ASCII word w, ignoring
// ASCII case only (so no Unicode look-alike such as "yeſ" matches "yes").
func asciiFold(b []byte, w string) bool {
	if len(b) != len(w) {
		return false
	}
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != w[i] {
			return false
		}
	}
	return true
}
