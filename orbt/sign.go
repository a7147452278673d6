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

// MaxTimestampLead is how far ahead of the clock an x-timestamp may run.
// The signature covers the method, the x-timestamp (to the millisecond), the
// client id and the body, not the path or the query, so two identical
// requests stamped in one millisecond would carry the same x-signature, and a
// server that rejects replays would refuse the second. A client therefore
// never gives two requests with the same method and body the same
// x-timestamp: the second is stamped one millisecond after the first. Stamps
// run ahead of the clock only while more than 1,000 identical requests a
// second are being signed, and never by more than MaxTimestampLead (well
// inside ORBT's ±5-minute window): past it, the request waits for the clock
// rather than be signed further ahead.
const MaxTimestampLead = time.Second

// signer is the transport Authenticator: on every attempt it stamps a fresh
// timestamp from the client's clock and signs the exact bytes of that
// attempt. Safe for concurrent use (the HMAC states are pooled).
type signer struct {
	apiKey   giftcard.Secret
	clientID string
	scheme   SigningScheme
	clock    giftcard.Clock
	pool     sync.Pool // of *macState keyed with the secret
	stamps   stamps
}

func newSigner(apiKey giftcard.Secret, clientID string, secret giftcard.Secret, scheme SigningScheme, clk giftcard.Clock) *signer {
	key := []byte(secret.Reveal())
	s := &signer{apiKey: apiKey, clientID: clientID, scheme: scheme, clock: clk}
	s.pool.New = func() any { return &macState{h: hmac.New(sha256.New, key)} }
	return s
}

// stamps hands out x-timestamps, unique per method and body (see
// MaxTimestampLead).
type stamps struct {
	mu      sync.Mutex
	last    map[stampKey]time.Time // the latest stamp given per method and body
	pruneAt int
}

// stampKey is what a signature covers besides the timestamp and the client
// id: the method and the body (by its hash).
type stampKey struct{ method, bodyHash string }

// stampsPruneMin is the size past which stamps forgets the keys it no longer
// needs.
const stampsPruneMin = 1024

// next returns the x-timestamp for a request of key signed at now: now, to
// the millisecond, or one millisecond after the last stamp of the same key
// when now is not later; and how long to wait before using it, so that it
// is never more than MaxTimestampLead ahead of the clock.
func (st *stamps) next(k stampKey, now time.Time) (time.Time, time.Duration) {
	now = now.UTC().Truncate(time.Millisecond)
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.last == nil {
		st.last, st.pruneAt = map[stampKey]time.Time{}, stampsPruneMin
	}
	ts := now
	if prev, ok := st.last[k]; ok && !now.After(prev) {
		ts = prev.Add(time.Millisecond)
	} else if len(st.last) >= st.pruneAt {
		// A key whose last stamp is already past cannot push a stamp
		// ahead any more: forget it.
		for key, t := range st.last {
			if t.Before(now) {
				delete(st.last, key)
			}
		}
		st.pruneAt = max(stampsPruneMin, 2*len(st.last))
	}
	st.last[k] = ts
	return ts, ts.Sub(now) - MaxTimestampLead
}

// Authenticate sets x-api-key, x-client-id, x-timestamp, x-body-hash and
// x-signature on req. The timestamp is read from the client's clock on
// every attempt and is unique among the client's requests of the same
// method and body (see MaxTimestampLead); a request that would be stamped
// too far ahead waits, under ctx, for the clock to catch up.
func (s *signer) Authenticate(ctx context.Context, req *http.Request, body []byte) error {
	bh := BodyHash(body)
	now, wait := s.stamps.next(stampKey{req.Method, bh}, s.clock.Now())
	if wait > 0 {
		if err := s.clock.Sleep(ctx, wait); err != nil {
			return &giftcard.Error{Provider: providerName, Message: "cancelled while waiting for a unique x-timestamp", Err: err}
		}
	}
	ts := FormatTimestamp(now)
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
