package loyalty

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"log/slog"
	"net/http"
	"sync"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/transport"
)

// The two headers every operation carries.
const (
	HeaderToken = "jwt-token" // the eCommerce access token
	HeaderSign  = "sign"      // the request signature, see Sign
)

// Signer computes the sign header of one request from the exact bytes of
// its body. It is called on every attempt (a resend is signed again) and
// must be safe for concurrent use. Config.Signer replaces the documented
// recipe (HMACSigner) with another: a key held in an HSM, a recipe the
// provider changed.
type Signer interface {
	// Sign returns the sign header's value for body, the exact bytes sent.
	Sign(body []byte) (string, error)
}

// SignerFunc adapts a function to Signer.
type SignerFunc func(body []byte) (string, error)

// Sign calls f.
func (f SignerFunc) Sign(body []byte) (string, error) { return f(body) }

// Sign returns the documented sign of body: lowercase hex of
// HMAC-SHA256, keyed with the client secret, over the body bytes followed by
// "&clientId={clientID}&clientSecret={clientSecret}".
func Sign(clientID string, clientSecret giftcard.Secret, body []byte) string {
	return NewHMACSigner(clientID, clientSecret).sign(body)
}

// HMACSigner is the documented recipe (see Sign), with its HMAC states
// pooled so signing allocates only the hex string. It never prints the
// secret: every fmt verb and slog show the client id alone.
type HMACSigner struct {
	clientID string
	pool     sync.Pool // of *macState
}

// NewHMACSigner returns the documented signer for one client id and secret.
func NewHMACSigner(clientID string, clientSecret giftcard.Secret) *HMACSigner {
	key := []byte(clientSecret.Reveal())
	suffix := []byte("&clientId=" + clientID + "&clientSecret=" + clientSecret.Reveal())
	s := &HMACSigner{clientID: clientID}
	s.pool.New = func() any { return &macState{h: hmac.New(sha256.New, key), suffix: suffix} }
	return s
}

type macState struct {
	h      hash.Hash
	suffix []byte
}

// Sign returns the sign of body; it never fails.
func (s *HMACSigner) Sign(body []byte) (string, error) { return s.sign(body), nil }

func (s *HMACSigner) sign(body []byte) string {
	st := s.pool.Get().(*macState)
	st.h.Reset()
	_, _ = st.h.Write(body)
	_, _ = st.h.Write(st.suffix)
	var sum [sha256.Size]byte
	out := st.h.Sum(sum[:0])
	s.pool.Put(st)
	var dst [2 * sha256.Size]byte
	hex.Encode(dst[:], out)
	return string(dst[:])
}

// String names the signer without its secret.
func (s *HMACSigner) String() string { return "loyalty.HMACSigner{ClientID:" + s.clientID + "}" }

// GoString is String, so %#v shows no secret either.
func (s *HMACSigner) GoString() string { return s.String() }

// Format prints String for every verb.
func (s *HMACSigner) Format(f fmt.State, _ rune) { _, _ = fmt.Fprint(f, s.String()) }

// LogValue makes slog print String.
func (s *HMACSigner) LogValue() slog.Value { return slog.StringValue(s.String()) }

// tokenAuth is what supplies jwt-token on each attempt: a fixed token, or the
// token source's adapter (which can also recover from a 401).
type tokenAuth interface {
	transport.Authenticator
}

// auth is the transport Authenticator: on every attempt it sets jwt-token
// and the sign of that attempt's exact body bytes.
type auth struct {
	token  tokenAuth
	signer Signer
}

// The canonical forms of the two header names, set directly (the names are
// case-insensitive on the wire).
const (
	canonicalToken = "Jwt-Token"
	canonicalSign  = "Sign"
)

// fixedToken sends a token from onboarding, the same on every request.
type fixedToken struct{ value []string } // len = cap = 1: an append copies

func newFixedToken(v giftcard.Secret) fixedToken { return fixedToken{value: []string{v.Reveal()}} }

func (f fixedToken) Authenticate(_ context.Context, req *http.Request, _ []byte) error {
	req.Header[canonicalToken] = f.value
	return nil
}

func (a *auth) Authenticate(ctx context.Context, req *http.Request, body []byte) error {
	if err := a.token.Authenticate(ctx, req, body); err != nil {
		return notSent(err)
	}
	if u, ok := ctx.Value(usedKey{}).(*usedToken); ok {
		u.v = req.Header.Get(HeaderToken)
	}
	sig, err := a.signer.Sign(body)
	if err != nil {
		return notSent(&giftcard.Error{Provider: providerName, Kind: giftcard.ErrUnauthorized, Message: "the Signer failed", Err: err})
	}
	req.Header[canonicalSign] = []string{sig}
	return nil
}

// Reauthenticate drops a fetched token the server refused with HTTP 401 and
// asks for one repeat; a fixed token cannot be replaced, so nothing is
// repeated.
func (a *auth) Reauthenticate(ctx context.Context, rejected *http.Request) bool {
	if ra, ok := a.token.(transport.Reauthenticator); ok {
		return ra.Reauthenticate(ctx, rejected)
	}
	return false
}

// errNotSent marks a failure before anything was sent (the token could not
// be fetched, the Signer failed): a money operation that fails so is
// definitely not done.
type errNotSent struct{ err error }

func (e errNotSent) Error() string { return e.err.Error() + " (nothing was sent)" }
func (e errNotSent) Unwrap() error { return e.err }

// notSent wraps err for the transport: a *giftcard.Error keeping err's kind
// (ErrUnauthorized when it has none), whose cause says nothing was sent.
func notSent(err error) error {
	ge := &giftcard.Error{Provider: providerName, Kind: giftcard.ErrUnauthorized, Message: "could not authenticate the request", Err: errNotSent{err}}
	var inner *giftcard.Error
	if errors.As(err, &inner) {
		if inner.Kind != nil {
			ge.Kind = inner.Kind
		}
		ge.StatusCode, ge.RequestID, ge.Code = inner.StatusCode, inner.RequestID, inner.Code
	}
	return ge
}
