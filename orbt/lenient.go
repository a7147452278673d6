package orbt

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
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
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flexString(s)
	case b[0] == '-' || (b[0] >= '0' && b[0] <= '9'):
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			return err
		}
		*f = flexString(n.String())
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
