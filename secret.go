package giftcard

import (
	"encoding/json"
	"fmt"
	"log/slog"
)

// Secret holds a value that must never reach a log, an error or fmt output:
// a voucher card number or PIN, an API key, a token. Every fmt verb, String,
// GoString and slog print it masked: "****". A card number (twelve or more
// digits and nothing else) keeps its last four digits, "****8104", so a
// voucher can be recognised; a credential never shows any of its characters.
// JSON keeps the real value; Reveal returns it.
type Secret string

// Reveal returns the real value. Call it only where the value is needed.
func (s Secret) Reveal() string { return string(s) }

// IsZero reports whether the secret is empty.
func (s Secret) IsZero() bool { return s == "" }

// String returns the masked form.
func (s Secret) String() string { return mask(string(s)) }

// GoString returns the masked form for %#v.
func (s Secret) GoString() string { return fmt.Sprintf("giftcard.Secret(%q)", mask(string(s))) }

// Format prints the masked form for every verb, so %x or %q cannot leak it.
func (s Secret) Format(f fmt.State, verb rune) {
	switch verb {
	case 'v':
		if f.Flag('#') {
			_, _ = fmt.Fprint(f, s.GoString())
			return
		}
		_, _ = fmt.Fprint(f, mask(string(s)))
	case 'q':
		_, _ = fmt.Fprintf(f, "%q", mask(string(s)))
	default:
		_, _ = fmt.Fprint(f, mask(string(s)))
	}
}

// LogValue makes slog print the masked form.
func (s Secret) LogValue() slog.Value { return slog.StringValue(mask(string(s))) }

// MarshalJSON writes the real value: JSON is how a voucher reaches its owner.
func (s Secret) MarshalJSON() ([]byte, error) { return json.Marshal(string(s)) }

// MarshalText is deliberately absent: encoding to text formats other than
// JSON goes through String and is masked.

func mask(v string) string {
	switch {
	case v == "":
		return ""
	case len(v) >= 12 && allDigits(v):
		return "****" + v[len(v)-4:]
	default:
		return "****"
	}
}

func allDigits(v string) bool {
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return false
		}
	}
	return true
}
