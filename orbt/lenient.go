package orbt

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// flexString decodes a JSON string, or a JSON number kept as its text
// (ids are integers in one place and strings in another: "id": 51,
// "walletId": "51"). null is "".
type flexString string

func (f *flexString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || bytes.Equal(b, []byte("null")):
		*f = ""
	case b[0] == '"':
		// encoding/json hands an Unmarshaler a valid value: a string
		// without escapes is its bytes between the quotes.
		if len(b) >= 2 && bytes.IndexByte(b, '\\') < 0 && utf8.Valid(b) {
			*f = flexString(b[1 : len(b)-1])
			return nil
		}
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flexString(s)
	case b[0] == '-' || (b[0] >= '0' && b[0] <= '9'):
		// A valid JSON number literal, kept as written.
		if !json.Valid(b) {
			return fmt.Errorf("orbt: %.20s is not a number", b)
		}
		*f = flexString(b)
	default:
		return fmt.Errorf("orbt: %.20s is not a string or number", b)
	}
	return nil
}

// flexInt decodes a JSON integer or a numeric string; null is 0.
type flexInt int

func (f *flexInt) UnmarshalJSON(b []byte) error {
	var s flexString
	if err := s.UnmarshalJSON(b); err != nil {
		return err
	}
	if s == "" {
		*f = 0
		return nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(string(s)))
	if err != nil {
		return fmt.Errorf("orbt: %.20q is not an integer", string(s))
	}
	*f = flexInt(n)
	return nil
}

// upperCurrency normalises a currency the API sent ("usd" → "USD"),
// keeping it as sent when it is not a three-letter code.
func upperCurrency(c string) string {
	c = strings.TrimSpace(c)
	if len(c) == 3 {
		return strings.ToUpper(c)
	}
	return c
}
