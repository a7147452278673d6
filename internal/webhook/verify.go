package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"hash"
	"log/slog"
	"net/http"
	"strings"

	"github.com/giftcard-go/giftcard"
)

// ErrUnverified is matched (errors.Is) by every error a Verifier in this
// package returns for a request that is not authentic: a missing or
// undecodable signature, or one that does not match. It also matches
// giftcard.ErrUnauthorized. Its messages never contain the signature.
var ErrUnverified error = unverifiedError{}

type unverifiedError struct{}

func (unverifiedError) Error() string { return "webhook: request not verified" }

// Is makes ErrUnverified match giftcard.ErrUnauthorized as well.
func (unverifiedError) Is(target error) bool { return target == giftcard.ErrUnauthorized }

// unverified builds an error wrapping ErrUnverified with a reason that must
// never contain the signature or the body.
func unverified(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrUnverified}, args...)...)
}

// Verifier decides whether a webhook request is authentic. body is the raw
// body exactly as received (the request's Body has already been read and
// must not be read again). Verify returns nil for an authentic request; an
// error otherwise, which the Handler answers with 401 (or the status of a
// *StatusError, for a verifier that could not finish, e.g. 503 when a
// refetch failed).
type Verifier interface {
	Verify(r *http.Request, body []byte) error
}

// VerifierFunc adapts a function to Verifier.
type VerifierFunc func(r *http.Request, body []byte) error

// Verify calls f(r, body).
func (f VerifierFunc) Verify(r *http.Request, body []byte) error { return f(r, body) }

// Encoding is how an HMAC signature header encodes the MAC bytes.
type Encoding int

// Signature encodings. The zero value is Base64.
const (
	// Base64 is standard base64 (RFC 4648 §4); padded or unpadded is accepted,
	// Sign writes it padded.
	Base64 Encoding = iota
	// Hex is hexadecimal; upper or lower case is accepted, Sign writes lower
	// case.
	Hex
	// Base64URL is URL-safe base64 (RFC 4648 §5); padded or unpadded is
	// accepted, Sign writes it padded.
	Base64URL
)

// String names the encoding: "base64", "hex" or "base64url".
func (e Encoding) String() string {
	switch e {
	case Base64:
		return "base64"
	case Hex:
		return "hex"
	case Base64URL:
		return "base64url"
	}
	return fmt.Sprintf("Encoding(%d)", int(e))
}

func (e Encoding) encode(b []byte) string {
	switch e {
	case Hex:
		return hex.EncodeToString(b)
	case Base64URL:
		return base64.URLEncoding.EncodeToString(b)
	default:
		return base64.StdEncoding.EncodeToString(b)
	}
}

func (e Encoding) decode(s string) ([]byte, error) {
	switch e {
	case Hex:
		return hex.DecodeString(s) // accepts both cases
	case Base64URL:
		if strings.HasSuffix(s, "=") {
			return base64.URLEncoding.Strict().DecodeString(s)
		}
		return base64.RawURLEncoding.Strict().DecodeString(s)
	default:
		if strings.HasSuffix(s, "=") {
			return base64.StdEncoding.Strict().DecodeString(s)
		}
		return base64.RawStdEncoding.Strict().DecodeString(s)
	}
}

// HMACConfig configures an HMAC verifier: the signature header carries
// Prefix + Encoding(HMAC-Hash(raw body, secret)).
type HMACConfig struct {
	// Header is the request header carrying the signature, e.g. "X-Verify".
	// Required.
	Header string
	// Encoding of the MAC in the header; the zero value is Base64.
	Encoding Encoding
	// Prefix, when set, must start the header value (compared without regard
	// to case) and is removed before decoding, e.g. "sha256=".
	Prefix string
	// Hash is the hash function; nil means sha256.New.
	Hash func() hash.Hash
	// Secrets are the shared secrets; a signature made with any of them
	// verifies, so a secret can be rotated by listing the new one next to the
	// old one. Empty entries are ignored; at least one non-empty secret is
	// required. Sign uses the first non-empty one.
	Secrets []giftcard.Secret
}

// HMAC verifies a signature header computed as an HMAC of the raw body. It
// is safe for concurrent use. fmt (every verb, pointer or value) and slog
// print only its header, encoding and number of secrets.
type HMAC struct {
	header   string
	encoding Encoding
	prefix   string
	hash     func() hash.Hash
	secrets  []giftcard.Secret
}

// NewHMAC returns an HMAC verifier, or a *giftcard.ValidationError naming
// the field when the header is empty, the encoding unknown or no secret is
// set.
func NewHMAC(cfg HMACConfig) (*HMAC, error) {
	header := strings.TrimSpace(cfg.Header)
	if header == "" {
		return nil, giftcard.Invalid("", "Header", "the signature header is required")
	}
	switch cfg.Encoding {
	case Base64, Hex, Base64URL:
	default:
		return nil, giftcard.Invalid("", "Encoding", "unknown encoding "+cfg.Encoding.String())
	}
	h := &HMAC{header: http.CanonicalHeaderKey(header), encoding: cfg.Encoding, prefix: cfg.Prefix, hash: cfg.Hash}
	if h.hash == nil {
		h.hash = sha256.New
	}
	for _, s := range cfg.Secrets {
		if !s.IsZero() {
			h.secrets = append(h.secrets, s)
		}
	}
	if len(h.secrets) == 0 {
		return nil, giftcard.Invalid("", "Secrets", "at least one non-empty secret is required")
	}
	return h, nil
}

// Header returns the (canonical) name of the signature header.
func (h *HMAC) Header() string { return h.header }

// Sign returns the header value for body under the first secret: Prefix
// followed by the encoded MAC. It is for sandboxes and tests that play the
// provider.
func (h *HMAC) Sign(body []byte) string {
	return h.prefix + h.encoding.encode(h.mac(h.secrets[0], body))
}

func (h *HMAC) mac(secret giftcard.Secret, body []byte) []byte {
	m := hmac.New(h.hash, []byte(secret.Reveal()))
	m.Write(body)
	return m.Sum(nil)
}

// Verify checks the signature header against body. The MAC under every
// secret is computed and compared in constant time (hmac.Equal), whichever
// matches, so timing reveals neither the MAC nor which secret matched. A
// missing, undecodable or non-matching signature returns an error wrapping
// ErrUnverified.
func (h *HMAC) Verify(r *http.Request, body []byte) error {
	if r == nil {
		return unverified("no request")
	}
	v := strings.TrimSpace(r.Header.Get(h.header))
	if v == "" {
		return unverified("missing %s header", h.header)
	}
	if h.prefix != "" {
		if len(v) < len(h.prefix) || !strings.EqualFold(v[:len(h.prefix)], h.prefix) {
			return unverified("%s header lacks its prefix", h.header)
		}
		v = v[len(h.prefix):]
	}
	got, err := h.encoding.decode(v)
	if err != nil || len(got) == 0 {
		return unverified("%s header is not valid %s", h.header, h.encoding)
	}
	ok := false
	for _, s := range h.secrets {
		eq := hmac.Equal(h.mac(s, body), got)
		ok = ok || eq
	}
	if !ok {
		return unverified("%s signature does not match", h.header)
	}
	return nil
}

// String describes the verifier without its secrets.
func (h HMAC) String() string {
	return fmt.Sprintf("webhook.HMAC{Header: %s, Encoding: %s, Secrets: %d}", h.header, h.encoding, len(h.secrets))
}

// GoString is String, for %#v.
func (h HMAC) GoString() string { return h.String() }

// Format prints String for every verb, so no verb reaches the secrets.
func (h HMAC) Format(f fmt.State, _ rune) { _, _ = fmt.Fprint(f, h.String()) }

// LogValue makes slog print String.
func (h HMAC) LogValue() slog.Value { return slog.StringValue(h.String()) }
