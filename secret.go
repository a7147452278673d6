package giftcard

import (
	"encoding/json"
	"fmt"
	"log/slog"
)

// Secret holds a value that must never reach a log, an error or fmt output:
// a voucher card number or PIN, an API key, a token. Every fmt verb, String,
// GoString and slog print it masked (the last four characters of a value of
// twelve or more, so a card can be recognised; nothing of a shorter one).
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
	case len(v) >= 12:
		return "****" + v[len(v)-4:]
	default:
		return "****"
	}
}
