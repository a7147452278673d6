package orbt

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"hash"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/giftcard-go/giftcard"
)

// SigningScheme is what the HMAC signature covers. Both schemes sign
// METHOD\nTIMESTAMP\nCLIENT_ID\n… with HMAC-SHA256 and the HMAC secret, and
// send the result base64-encoded in x-signature; they differ in the last
// line.
type SigningScheme int

const (
	// SigningDefault picks the environment's scheme: SignRawBody for UAT and
	// Production (the ncentiva.com guide), SignBodyHash for Partner
	// (partner.orbt.com) and for any other base URL.
	SigningDefault SigningScheme = iota
	// SignRawBody signs METHOD\nTIMESTAMP\nCLIENT_ID\nBODY with the raw
	// request body (the empty string when there is none), as the ORBT user
	// guide's Postman and Python recipes do.
	SignRawBody
	// SignBodyHash signs METHOD\nTIMESTAMP\nCLIENT_ID\nBODY_HASH, where
	// BODY_HASH is the x-body-hash header: base64(SHA-256(raw body)), the
	// empty string's hash when there is no body (docs.orbt.com).
	SignBodyHash
)

// String returns "default", "body" or "body-hash".
func (s SigningScheme) String() string {
	switch s {
	case SigningDefault:
		return "default"
	case SignRawBody:
		return "body"
	case SignBodyHash:
		return "body-hash"
	}
	return fmt.Sprintf("SigningScheme(%d)", int(s))
}

// ParseSigningScheme reads the ORBT_SIGNING spelling: "body" (SignRawBody),
// "body-hash" (SignBodyHash), or "" / "default" (SigningDefault).
func ParseSigningScheme(s string) (SigningScheme, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "default":
		return SigningDefault, nil
	case "body", "raw", "raw-body":
		return SignRawBody, nil
	case "body-hash", "bodyhash", "hash":
		return SignBodyHash, nil
	}
	return SigningDefault, &giftcard.ValidationError{Provider: providerName, Field: "Signing", Reason: fmt.Sprintf("%q is neither \"body\" nor \"body-hash\"", s)}
}

// TimestampLayout is the x-timestamp format: ISO 8601, UTC, milliseconds
// (2026-02-12T14:30:00.000Z).
const TimestampLayout = "2006-01-02T15:04:05.000Z"

// FormatTimestamp renders t as an x-timestamp value (converted to UTC).
func FormatTimestamp(t time.Time) string { return t.UTC().Format(TimestampLayout) }

// BodyHash returns the x-body-hash value of body: base64(SHA-256(body)). A
// nil or empty body hashes the empty string.
func BodyHash(body []byte) string {
	sum := sha256.Sum256(body)
	return base64.StdEncoding.EncodeToString(sum[:])
}

// Signature returns the x-signature value for one request under scheme
// (SigningDefault is taken as SignBodyHash). method is upper-case ("POST"),
// timestamp the exact x-timestamp text, body the exact bytes sent.
func Signature(scheme SigningScheme, secret giftcard.Secret, method, timestamp, clientID string, body []byte) string {
	st := &macState{h: hmac.New(sha256.New, []byte(secret.Reveal()))}
	return st.sign(scheme, method, timestamp, clientID, body, BodyHash(body))
}

// macState is a keyed HMAC and a scratch buffer for the string to sign,
// reused across requests through a pool.
type macState struct {
	h   hash.Hash
	buf []byte
}

// sign builds METHOD\nTIMESTAMP\nCLIENT_ID\n(BODY | BODY_HASH) and returns
// the base64 HMAC of it.
func (st *macState) sign(scheme SigningScheme, method, timestamp, clientID string, body []byte, bodyHash string) string {
	b := append(st.buf[:0], method...)
	b = append(b, '\n')
	b = append(b, timestamp...)
	b = append(b, '\n')
	b = append(b, clientID...)
	b = append(b, '\n')
	if scheme == SignRawBody {
		b = append(b, body...)
	} else {
		b = append(b, bodyHash...)
	}
	st.h.Reset()
	_, _ = st.h.Write(b)
	if cap(b) <= 64<<10 { // keep small scratch buffers only
		st.buf = b
	}
	var sum [sha256.Size]byte
	return base64.StdEncoding.EncodeToString(st.h.Sum(sum[:0]))
}

// signer is the transport Authenticator: on every attempt it stamps a fresh
// timestamp from the client's clock and signs the exact bytes of that
// attempt. Safe for concurrent use (the HMAC states are pooled).
type signer struct {
	apiKey   giftcard.Secret
	clientID string
	scheme   SigningScheme
	clock    giftcard.Clock
	pool     sync.Pool // of *macState keyed with the secret
}

func newSigner(apiKey giftcard.Secret, clientID string, secret giftcard.Secret, scheme SigningScheme, clk giftcard.Clock) *signer {
	key := []byte(secret.Reveal())
	s := &signer{apiKey: apiKey, clientID: clientID, scheme: scheme, clock: clk}
	s.pool.New = func() any { return &macState{h: hmac.New(sha256.New, key)} }
	return s
}

// stampKey is the context key of a call's *stamps.
type stampKey struct{}

// stamps is the last x-timestamp sent by the attempts of one logical call.
// Full-jitter backoff can resend within the millisecond of the previous
// attempt; the same method, timestamp and body would then sign to the same
// x-signature, which a server checking for replays refuses. So each attempt
// of a call is stamped at least one millisecond after the previous one.
type stamps struct {
	mu   sync.Mutex
	last time.Time
}

// withStamps returns ctx carrying a *stamps for one call (ctx itself when
// it already carries one, so a call made of several requests, such as
// CreateCustomer's resend after reconciling, shares it).
func withStamps(ctx context.Context) context.Context {
	if _, ok := ctx.Value(stampKey{}).(*stamps); ok {
		return ctx
	}
	return context.WithValue(ctx, stampKey{}, &stamps{})
}

// next returns now truncated to the millisecond, or one millisecond after
// the previous stamp when now is not later than it.
func (st *stamps) next(now time.Time) time.Time {
	now = now.UTC().Truncate(time.Millisecond)
	st.mu.Lock()
	defer st.mu.Unlock()
	if !st.last.IsZero() && !now.After(st.last) {
		now = st.last.Add(time.Millisecond)
	}
	st.last = now
	return now
}

// Authenticate sets x-api-key, x-client-id, x-timestamp, x-body-hash and
// x-signature on req. The timestamp is read from the client's clock on
// every attempt, and is later than the previous attempt's of the same call
// (see stamps).
func (s *signer) Authenticate(ctx context.Context, req *http.Request, body []byte) error {
	now := s.clock.Now()
	if st, ok := ctx.Value(stampKey{}).(*stamps); ok {
		now = st.next(now)
	}
	ts := FormatTimestamp(now)
	bh := BodyHash(body)
	st := s.pool.Get().(*macState)
	sig := st.sign(s.scheme, req.Method, ts, s.clientID, body, bh)
	s.pool.Put(st)
	// One backing array for the five header values (canonical keys set
	// directly, as http.Header.Set would).
	v := [...]string{s.apiKey.Reveal(), s.clientID, ts, bh, sig}
	vals := v[:]
	h := req.Header
	h["X-Api-Key"] = vals[0:1:1]
	h["X-Client-Id"] = vals[1:2:2]
	h["X-Timestamp"] = vals[2:3:3]
	h["X-Body-Hash"] = vals[3:4:4]
	h["X-Signature"] = vals[4:5:5]
	return nil
}
