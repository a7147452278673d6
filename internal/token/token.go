// Package token is the single-flight token source every provider with a
// fetched credential stands on (Hubble's login, loyalty's access token). A
// provider supplies only the fetch: the request that obtains a token and the
// mapping of its errors. The source does the rest: caching, refreshing early,
// sharing one fetch between goroutines, keeping a still-valid token while a
// refresh fails, and dropping a token the provider rejected.
package token

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/clock"
	"github.com/giftcard-go/giftcard/internal/transport"
)

// The defaults New applies to a zero Config field.
const (
	// DefaultRefreshNum and DefaultRefreshDen: a token is replaced at 4/5
	// (80 %) of its lifetime.
	DefaultRefreshNum, DefaultRefreshDen = 4, 5
	// DefaultLifetime is assumed for a token fetched without a lifetime.
	DefaultLifetime = time.Hour
	// DefaultMaxLifetime caps a longer lifetime, so a token is refreshed
	// at least every 24 h (80 % of 30 h).
	DefaultMaxLifetime = 30 * time.Hour
	// DefaultRetryAfterFailure is how long a still-valid token serves after
	// a failed early refresh before the refresh is tried again.
	DefaultRetryAfterFailure = 30 * time.Second
	// DefaultFetchTimeout bounds one fetch, all its attempts included.
	DefaultFetchTimeout = 30 * time.Second
)

// Token is one fetched credential. Value is never printed: every fmt verb,
// String, GoString, slog and JSON show it as "****" (an empty Value as "").
// Read the field itself where the credential is needed.
type Token struct {
	// Value is the credential sent with requests.
	Value string
	// Lifetime is how long Value works, counted from the moment the fetch
	// returns. Zero or negative means unknown: the source's DefaultLifetime
	// is assumed. A lifetime above the source's MaxLifetime is capped.
	Lifetime time.Duration
}

// String returns the token with its value masked.
func (t Token) String() string {
	return "{Value:" + mask(t.Value) + " Lifetime:" + t.Lifetime.String() + "}"
}

// GoString returns the token with its value masked, for %#v.
func (t Token) GoString() string {
	return fmt.Sprintf("token.Token{Value:%q, Lifetime:%d}", mask(t.Value), int64(t.Lifetime))
}

// Format prints the masked form for every verb, so %x, %q or %d cannot leak
// the value.
func (t Token) Format(f fmt.State, verb rune) {
	switch {
	case verb == 'v' && f.Flag('#'):
		_, _ = fmt.Fprint(f, t.GoString())
	case verb == 'q':
		_, _ = fmt.Fprintf(f, "%q", t.String())
	default:
		_, _ = fmt.Fprint(f, t.String())
	}
}

// LogValue makes slog print the token with its value masked.
func (t Token) LogValue() slog.Value {
	return slog.GroupValue(slog.String("value", mask(t.Value)), slog.Duration("lifetime", t.Lifetime))
}

// MarshalJSON writes the masked form too: a token has no reason to be
// encoded, and slog's JSON handler marshals a struct that holds one.
func (t Token) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Value    string        `json:"value"`
		Lifetime time.Duration `json:"lifetime"`
	}{mask(t.Value), t.Lifetime})
}

func mask(v string) string {
	if v == "" {
		return ""
	}
	return "****"
}

// Seconds turns a provider's "expires in" count of seconds into a Lifetime
// without overflow: n <= 0 gives 0 (unknown), and a count too large for a
// time.Duration gives the largest Duration, which the source caps at its
// MaxLifetime. (time.Duration(n)*time.Second wraps to a negative lifetime
// for n above about 9.2e9.)
func Seconds(n int64) time.Duration {
	switch {
	case n <= 0:
		return 0
	case n > math.MaxInt64/int64(time.Second):
		return math.MaxInt64
	default:
		return time.Duration(n) * time.Second
	}
}

// FetchFunc obtains a new token. It is called by one goroutine at a time,
// on a context that keeps the values of the caller that triggered it but
// not its cancellation, bounded by the source's FetchTimeout. Its error is
// returned to the callers unchanged, so it should be the provider's typed
// error; it must not contain the token or any credential.
type FetchFunc func(ctx context.Context) (Token, error)

// Config configures a Source. Only Fetch is required; a zero field takes the
// default named in its comment.
type Config struct {
	// Fetch obtains a token. Required.
	Fetch FetchFunc
	// Clock times refreshes and expiry; nil means the wall clock.
	Clock giftcard.Clock
	// Provider and Op name the source in the errors it makes itself (a
	// caller giving up on a fetch, an empty token), e.g. "hubble" and
	// "Login". Op defaults to "Token".
	Provider, Op string
	// RefreshNum/RefreshDen is the fraction of a token's lifetime after
	// which it is replaced: DefaultRefreshNum/DefaultRefreshDen (4/5) when
	// both are zero. 0 < RefreshNum <= RefreshDen otherwise.
	RefreshNum, RefreshDen int
	// DefaultLifetime is assumed for a token fetched with Lifetime <= 0;
	// 0 means DefaultLifetime (1 h).
	DefaultLifetime time.Duration
	// MaxLifetime caps a token's lifetime; 0 means DefaultMaxLifetime
	// (30 h).
	MaxLifetime time.Duration
	// RetryAfterFailure is how long a still-valid token serves after a
	// failed early refresh before the next try (or half its remaining
	// life, if sooner); 0 means DefaultRetryAfterFailure (30 s).
	RetryAfterFailure time.Duration
	// FetchTimeout bounds one fetch; 0 means DefaultFetchTimeout (30 s).
	FetchTimeout time.Duration
}

// Source caches a token for every goroutine of one client and fetches a new
// one when needed. Safe for concurrent use; this is its contract:
//
//   - A cached token is used until RefreshNum/RefreshDen (80 %) of its
//     lifetime has passed on the source's clock; the first call after that
//     fetches again, one fetch in flight at a time. While the old token is
//     still valid, the other calls go on using it instead of waiting (the
//     call that started the fetch waits for it, and gets the old token if
//     the fetch fails or its context ends first). A failed early refresh is
//     not an error: the old token serves until it really expires, and the
//     refresh is tried again after RetryAfterFailure (or half the time left,
//     if sooner). Once a token has expired, or was invalidated, every call
//     waits for the one fetch, and a failed fetch is returned to each of
//     them.
//   - The fetch runs on a context detached from the cancellation of the
//     caller that started it (its values are kept) and bounded by
//     FetchTimeout, so a caller giving up returns its own context error
//     without failing anyone else waiting, and the fetch still fills the
//     cache.
//   - Invalidate drops the token only if it is still the current one, so a
//     burst of rejections of one revoked token causes one fetch, and a
//     late rejection of an old token does not throw away its replacement.
//   - No error the source makes contains a token.
type Source struct {
	fetch    FetchFunc
	clock    giftcard.Clock
	provider string
	op       string
	num, den int
	defLife  time.Duration
	maxLife  time.Duration
	retry    time.Duration
	timeout  time.Duration

	mu       sync.Mutex
	cur      *session // nil: no token; behind a pointer so fmt never prints it
	inflight *call

	// waiting counts callers blocked on a fetch; tests use it to know
	// that every caller has joined before a fetch is released.
	waiting atomic.Int64
}

// session is one fetch's token. It is replaced, never changed in place.
type session struct {
	token     string
	refreshAt time.Time // when to start fetching again
	expiresAt time.Time // when the token stops working
}

// call is one fetch in flight; done is closed when token and err are set.
type call struct {
	done  chan struct{}
	token string
	err   error
}

// New returns a Source for cfg, with defaults applied to its zero fields.
// Nothing is fetched until the first Token call. A Config without Fetch, a
// refresh fraction outside (0, 1], or a negative duration is an error.
func New(cfg Config) (*Source, error) {
	if cfg.Fetch == nil {
		return nil, errors.New("token: Config.Fetch is required")
	}
	s := &Source{
		fetch: cfg.Fetch, clock: cfg.Clock, provider: cfg.Provider, op: cfg.Op,
		num: cfg.RefreshNum, den: cfg.RefreshDen,
		defLife: cfg.DefaultLifetime, maxLife: cfg.MaxLifetime,
		retry: cfg.RetryAfterFailure, timeout: cfg.FetchTimeout,
	}
	if s.clock == nil {
		s.clock = clock.Real{}
	}
	if s.op == "" {
		s.op = "Token"
	}
	if s.num == 0 && s.den == 0 {
		s.num, s.den = DefaultRefreshNum, DefaultRefreshDen
	}
	if s.num <= 0 || s.den <= 0 || s.num > s.den {
		return nil, fmt.Errorf("token: refresh fraction %d/%d is not in (0, 1]", s.num, s.den)
	}
	for _, d := range []struct {
		name string
		v    *time.Duration
		def  time.Duration
	}{
		{"DefaultLifetime", &s.defLife, DefaultLifetime},
		{"MaxLifetime", &s.maxLife, DefaultMaxLifetime},
		{"RetryAfterFailure", &s.retry, DefaultRetryAfterFailure},
		{"FetchTimeout", &s.timeout, DefaultFetchTimeout},
	} {
		if *d.v < 0 {
			return nil, fmt.Errorf("token: Config.%s is negative (%s)", d.name, *d.v)
		}
		if *d.v == 0 {
			*d.v = d.def
		}
	}
	return s, nil
}

// String describes the source without its token.
func (s *Source) String() string { return "token.Source{Provider:" + s.provider + " Op:" + s.op + "}" }

// GoString is String, so %#v shows no token either.
func (s *Source) GoString() string { return s.String() }

// Token returns the current token, fetching one if there is none, it has
// passed its refresh point, or it was invalidated. See Source for who waits
// and what a failure returns. A caller whose ctx ends while it waits for a
// fetch, with no valid token to fall back on, gets a *giftcard.Error
// wrapping ctx.Err(); the fetch goes on for the others.
func (s *Source) Token(ctx context.Context) (string, error) {
	s.mu.Lock()
	now := s.clock.Now()
	cur := s.cur
	if cur != nil && now.Before(cur.refreshAt) {
		s.mu.Unlock()
		return cur.token, nil
	}
	valid := cur != nil && now.Before(cur.expiresAt)
	c := s.inflight
	started := false
	if c == nil {
		c = &call{done: make(chan struct{})}
		s.inflight = c
		started = true
		go s.run(context.WithoutCancel(ctx), c)
	}
	s.mu.Unlock()
	if valid && !started {
		return cur.token, nil // another call is refreshing early
	}
	s.waiting.Add(1)
	defer s.waiting.Add(-1)
	select {
	case <-c.done:
	case <-ctx.Done():
		select {
		case <-c.done: // finished too: prefer its answer
		default:
			if valid {
				return cur.token, nil
			}
			return "", &giftcard.Error{Provider: s.provider, Op: s.op, Message: "gave up waiting for the token", Err: ctx.Err()}
		}
	}
	if c.err != nil && valid {
		return cur.token, nil // the early refresh failed; the token still works
	}
	return c.token, c.err
}

// Invalidate drops the cached token if it is rejected, the token a request
// was refused with, and reports whether it did. A rejected token that is no
// longer current (already replaced, or already dropped) changes nothing, so
// one revoked token causes one fetch however many requests carried it. A
// fetch in flight is not affected.
func (s *Source) Invalidate(rejected string) bool {
	if rejected == "" {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cur == nil || s.cur.token != rejected {
		return false
	}
	s.cur = nil
	return true
}

// Reset drops the cached token whatever it is (a client's Logout); the next
// Token call fetches. A fetch in flight is not affected and fills the cache
// when it completes.
func (s *Source) Reset() {
	s.mu.Lock()
	s.cur = nil
	s.mu.Unlock()
}

func (s *Source) run(ctx context.Context, c *call) {
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	tok, err := s.fetch(ctx)
	if err == nil && tok.Value == "" {
		err = &giftcard.Error{Provider: s.provider, Op: s.op, Kind: giftcard.ErrInvalidResponse, Message: "the token fetch returned an empty token"}
	}
	now := s.clock.Now()
	s.mu.Lock()
	switch {
	case err == nil:
		life := tok.Lifetime
		if life <= 0 {
			life = s.defLife
		}
		life = min(life, s.maxLife)
		s.cur = &session{token: tok.Value, refreshAt: now.Add(life / time.Duration(s.den) * time.Duration(s.num)), expiresAt: now.Add(life)}
	case s.cur != nil && now.Before(s.cur.expiresAt):
		retry := *s.cur
		retry.refreshAt = now.Add(min(s.retry, retry.expiresAt.Sub(now)/2))
		s.cur = &retry
	}
	s.inflight = nil
	if err == nil {
		c.token = tok.Value
	}
	c.err = err
	s.mu.Unlock()
	close(c.done)
}

// Authenticator returns the transport adapter that sends the token in the
// header named header, as prefix+token: ("Authorization", "Bearer ") for a
// bearer token (Hubble), ("jwt-token", "") for a bare one (loyalty).
//
// Authenticate sets the header on every attempt from Token. Reauthenticate,
// called by the transport on a 401, reads the token back from the rejected
// request's header (stripping prefix), invalidates it if it is still the
// current one, and asks for one repeat: the repeat carries the new token, or
// the one another goroutine already fetched. A request without the header,
// or with a value not starting with prefix (a login sent NoAuth), is not
// repeated.
//
// A provider that must add more per attempt (a signature over the body)
// wraps the adapter, or calls Token and Invalidate itself. header must not
// be empty.
func (s *Source) Authenticator(header, prefix string) transport.Reauthenticator {
	if header == "" {
		panic("token: Authenticator needs a header name")
	}
	return &headerAuth{src: s, header: header, prefix: prefix}
}

type headerAuth struct {
	src    *Source
	header string
	prefix string
}

// Authenticate sets the header from the source's current token.
func (a *headerAuth) Authenticate(ctx context.Context, req *http.Request, _ []byte) error {
	tok, err := a.src.Token(ctx)
	if err != nil {
		return err
	}
	req.Header.Set(a.header, a.prefix+tok)
	return nil
}

// Reauthenticate invalidates the token the rejected request carried, if it
// is still current, and asks for a repeat if the request carried one.
func (a *headerAuth) Reauthenticate(_ context.Context, rejected *http.Request) bool {
	tok, ok := strings.CutPrefix(rejected.Header.Get(a.header), a.prefix)
	if !ok || tok == "" {
		return false
	}
	a.src.Invalidate(tok)
	return true
}
