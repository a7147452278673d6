// Package transport is the one HTTP transport every provider uses: body
// marshalled once, authentication on every attempt, client-side rate limit,
// safe retries with full-jitter backoff and a client-wide retry quota,
// size-capped reads, typed errors and secret-free logging.
//
// What is retried is decided by safety, never by the policy:
//   - a request that provably never reached the server (the connection
//     failed before the request was written) — always;
//   - HTTP 429 — always (the server refused it), honouring Retry-After;
//   - 502/503/504, per-attempt timeouts and connection resets — only when
//     the request is idempotent (GET/HEAD/PUT/DELETE, or a POST marked
//     Idempotent because the provider dedupes on a key it carries);
//   - 500 — only for a POST marked Idempotent: resending it with its key is
//     how its outcome becomes known.
//
// Any request that may change something (not GET/HEAD/OPTIONS) and got no
// usable answer — its retries included — fails with an error matching
// giftcard.ErrOutcomeUnknown, keyed or not.
//
// A non-idempotent request that may have reached the server (reset after
// writing, timeout, any 5xx but 501, an unreadable 2xx body) is never
// resent: it fails with an error matching giftcard.ErrOutcomeUnknown so the
// provider can reconcile. A 503 is included: it usually means "not
// processed", but an application can answer 503 after committing, and a
// caller who trusted it and retried under a new reference would pay twice;
// reconciling costs one lookup.
package transport

import (
	"bytes"
	"context"
	crand "crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"mime"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	"golang.org/x/time/rate"

	"github.com/giftcard-go/giftcard"
)

// Authenticator adds credentials to one attempt. It is called on every
// attempt with the exact body bytes that attempt sends (ORBT signs them with a
// fresh timestamp; Hubble adds its cached bearer token).
type Authenticator interface {
	Authenticate(ctx context.Context, req *http.Request, body []byte) error
}

// AuthFunc adapts a function to Authenticator.
type AuthFunc func(ctx context.Context, req *http.Request, body []byte) error

// Authenticate calls f.
func (f AuthFunc) Authenticate(ctx context.Context, req *http.Request, body []byte) error {
	return f(ctx, req, body)
}

// Reauthenticator is an Authenticator that can recover from an HTTP 401:
// Reauthenticate is given the rejected request, invalidates the credential it
// carried if that is still the current one, and reports whether the attempt
// should be repeated. The transport repeats at most once per call, and never
// for a NoAuth request (a login rejected with 401 is returned as is).
type Reauthenticator interface {
	Authenticator
	Reauthenticate(ctx context.Context, rejected *http.Request) bool
}

// ErrorDecoder turns a provider's error response (a status other than 2xx
// with a JSON body) into the provider's code, message and kind. It returns
// nil to accept the transport's default for the status. It is not called for
// a 2xx: a provider that reports failures inside a 2xx (ORBT success:false,
// loyalty code ≠ 200 …) says so through its Envelope.
type ErrorDecoder func(resp *Response) *giftcard.Error

// Envelope is a provider's check of every 2xx answer, run before anything is
// decoded from it. It returns the bytes to decode — the payload inside the
// provider's envelope (a "data" member), or the body itself — or, for an
// answer the provider reports as failed, that failure as a *giftcard.Error
// with its Kind, Code and Message (the transport fills in the provider, op,
// status, request id and attempts).
//
// A failed 2xx is the provider's final answer: it is not retried and does
// not refill the retry quota. For a request that may change something, a
// failure of kind ErrProviderUnavailable (the provider failed internally,
// possibly after committing) or ErrInvalidResponse (the envelope could not
// be read) is also marked outcome-unknown.
type Envelope func(resp *Response) ([]byte, *giftcard.Error)

// Options are the provider-specific settings of a transport Client.
type Options struct {
	Provider        string        // "hubble"
	Auth            Authenticator // nil = no authentication
	DecodeError     ErrorDecoder  // nil = status-only mapping
	Envelope        Envelope      // nil = a 2xx body is the payload as is
	RequestIDHeader string        // header carrying a fresh UUID per attempt; default X-Request-Id
	DefaultBaseURL  string        // used when the config has no BaseURL
}

// Client sends requests for one provider. Safe for concurrent use.
type Client struct {
	provider       string
	base           string
	hc             *http.Client
	rt             http.RoundTripper // non-nil: attempts skip http.Client (see send)
	auth           Authenticator
	decode         ErrorDecoder
	envelope       Envelope
	ridHeader      string
	retry          giftcard.RetryPolicy
	limiter        *rate.Limiter
	log            *slog.Logger
	ua             string
	attemptTimeout time.Duration
	watchdog       *watchdog // nil: no per-attempt timeout
	clock          giftcard.Clock
	maxBody        int64
	quota          *quota
}

// New builds a Client from the shared config and the provider's options.
func New(cfg giftcard.Config, o Options) (*Client, error) {
	base := cfg.BaseURL
	if base == "" {
		base = o.DefaultBaseURL
	}
	if err := checkBaseURL(o.Provider, base); err != nil {
		return nil, err
	}
	if err := checkHeaderValue(o.Provider, "UserAgent", cfg.UserAgent); err != nil {
		return nil, err
	}
	if cfg.Clock == nil {
		cfg = mergeDefaults(cfg)
	}
	hc := cfg.HTTPClient
	if hc == nil {
		hc = &http.Client{Transport: NewHTTPTransport(cfg.MaxConnsPerHost)}
	}
	// A copy, so the caller's client is never changed: its transport wrapped
	// by the middleware, and redirects never followed. net/http would resend
	// a request's headers (an API key, a signature) and body (a login's
	// client secret) to whatever host a 3xx names; the transport answers a
	// 3xx with an error naming the Location instead (see attempt).
	cp := *hc
	cp.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	if len(cfg.Middleware) > 0 {
		rt := cp.Transport
		if rt == nil {
			rt = http.DefaultTransport
		}
		for _, mw := range cfg.Middleware {
			rt = mw(rt)
		}
		cp.Transport = rt
	}
	hc = &cp
	c := &Client{
		provider:       o.Provider,
		base:           strings.TrimRight(base, "/"),
		hc:             hc,
		auth:           o.Auth,
		decode:         o.DecodeError,
		envelope:       o.Envelope,
		ridHeader:      o.RequestIDHeader,
		retry:          cfg.Retry,
		log:            cfg.Logger,
		ua:             cfg.UserAgent,
		attemptTimeout: cfg.AttemptTimeout,
		clock:          cfg.Clock,
		maxBody:        cfg.MaxResponseBytes,
	}
	if c.ridHeader == "" {
		c.ridHeader = "X-Request-Id"
	}
	c.ridHeader = http.CanonicalHeaderKey(c.ridHeader)
	if c.attemptTimeout > 0 {
		c.watchdog = newWatchdog(c.attemptTimeout)
	}
	if hc.Jar == nil && hc.Timeout == 0 {
		// Nothing http.Client adds is used: no cookies, no client-wide
		// timeout, and redirects are never followed. Attempts go straight to
		// the RoundTripper and skip the header copy Client.Do makes for
		// redirects it would follow.
		c.rt = hc.Transport
		if c.rt == nil {
			c.rt = http.DefaultTransport
		}
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	if c.maxBody <= 0 {
		c.maxBody = giftcard.DefaultMaxResponseBytes
	}
	if c.retry.MaxAttempts < 1 {
		c.retry.MaxAttempts = 1
	}
	if cfg.RateLimit > 0 {
		burst := cfg.RateBurst
		if burst < 1 {
			burst = 1
		}
		c.limiter = rate.NewLimiter(cfg.RateLimit, burst)
	}
	if c.retry.Budget > 0 {
		c.quota = &quota{max: c.retry.Budget, tokens: c.retry.Budget}
	}
	return c, nil
}

// checkBaseURL refuses a base URL that would send calls somewhere else than
// it seems to: not http(s), no host, a port out of range, a query or a
// fragment (every path would be appended after it), or user:password (sent
// as Basic auth with every call, and printed wherever the URL is).
func checkBaseURL(provider, base string) error {
	bad := func(reason string) error {
		shown := base
		if u, err := url.Parse(base); err == nil && u.User != nil {
			u.User = url.User("****")
			shown = u.String()
		}
		return &giftcard.ValidationError{Provider: provider, Field: "BaseURL", Reason: fmt.Sprintf("%q %s", shown, reason)}
	}
	u, err := url.Parse(base)
	switch {
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		return bad("is not an http(s) URL")
	case u.User != nil:
		return bad("carries user:password; credentials go in the provider's Config")
	case u.RawQuery != "" || u.ForceQuery:
		return bad("has a query; every call's path would follow it")
	case u.Fragment != "" || strings.Contains(base, "#"):
		return bad("has a fragment")
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return bad("has a port outside 1..65535")
		}
	}
	return nil
}

// checkHeaderValue refuses a value that would corrupt or split a header (CR,
// LF, NUL or another control character but tab): a configuration error, not
// an outage to retry.
func checkHeaderValue(provider, field, v string) error {
	for _, r := range v {
		if r != '\t' && (r < 0x20 || r == 0x7f) {
			return &giftcard.ValidationError{Provider: provider, Field: field, Reason: "holds a control character (CR, LF or NUL?)"}
		}
	}
	return nil
}

// DefaultMaxConnsPerHost is how many connections to one provider host the
// default HTTP client opens and keeps idle at most: about the concurrency a
// busy partner backend calls one provider with, so bursts reuse connections
// (each new one costs a TLS handshake) instead of opening thousands, as
// net/http's default of 2 idle connections per host does.
const DefaultMaxConnsPerHost = 64

// NewHTTPTransport is the HTTP transport a provider client uses when the
// caller brings no *http.Client: net/http's defaults (proxy from the
// environment, HTTP/2, timeouts) with at most n connections per host, all of
// which are kept idle between calls (DefaultMaxConnsPerHost when n ≤ 0). A
// request finding every connection busy waits for one, under its context.
func NewHTTPTransport(n int) *http.Transport {
	if n <= 0 {
		n = DefaultMaxConnsPerHost
	}
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = n
	t.MaxConnsPerHost = n
	t.MaxIdleConns = max(t.MaxIdleConns, 4*n)
	return t
}

func mergeDefaults(cfg giftcard.Config) giftcard.Config {
	d := giftcard.NewConfig()
	if cfg.Clock == nil {
		cfg.Clock = d.Clock
	}
	if cfg.Retry.MaxAttempts == 0 {
		cfg.Retry = d.Retry
	}
	return cfg
}

// The accessors below answer for a nil Client too (a provider client that
// was not built with New), so that such a client fails with Do's error
// instead of a nil-pointer panic on the way there.

// Provider returns the provider name errors and logs carry.
func (c *Client) Provider() string {
	if c == nil {
		return ""
	}
	return c.provider
}

// BaseURL returns the base URL requests are sent to.
func (c *Client) BaseURL() string {
	if c == nil {
		return ""
	}
	return c.base
}

// Clock returns the client's time source (the wall clock for a nil Client).
func (c *Client) Clock() giftcard.Clock {
	if c == nil {
		return giftcard.NewConfig().Clock
	}
	return c.clock
}

// Logger returns the client's logger (a discarding one for a nil Client).
func (c *Client) Logger() *slog.Logger {
	if c == nil {
		return slog.New(slog.DiscardHandler)
	}
	return c.log
}

// Request is one logical call, sent in one or more attempts.
type Request struct {
	Op     string     // operation name for errors and logs, e.g. "PlaceOrder"
	Method string     // GET, POST …
	Path   string     // escaped path appended to the base URL, e.g. "/v1/partners/orders"
	Query  url.Values // nil for none
	// Body is marshalled once to JSON; RawBody, when set, is sent as is.
	Body    any
	RawBody []byte
	Header  http.Header // extra headers
	// Idempotent marks a non-GET request the provider deduplicates (a POST
	// carrying its idempotency key): it may be resent after a reset or 5xx.
	Idempotent bool
	NoAuth     bool // skip the Authenticator (login calls); a 401 is not re-authenticated
	// ReadOnly marks a request that changes nothing although its method is
	// not GET (a lookup sent as a POST): it is retried like a GET and its
	// failures are never outcome-unknown.
	ReadOnly bool

	err error // set by NewRequest when the path could not be built
}

// hasEffect reports whether the request may change something at the
// provider: anything but GET, HEAD and OPTIONS. When no usable answer came
// back for such a request its outcome is unknown — even for one that is
// safe to resend, where resending (within the retry policy) is how the
// transport finds out.
func (r *Request) hasEffect() bool {
	if r.ReadOnly {
		return false
	}
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return false
	}
	return true
}

func (r *Request) idempotent() bool {
	if r.ReadOnly {
		return true
	}
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodOptions:
		return true
	}
	return r.Idempotent
}

// Response is the final answer to a Request.
type Response struct {
	StatusCode int
	Header     http.Header
	Body       []byte
	RequestID  string // the request id of the last attempt
	Attempts   int    // HTTP attempts made, a re-login repeat included
	// Payload is what a 2xx answer carries for decoding: the Envelope's
	// payload, or Body when the provider has no envelope.
	Payload []byte
}

// Do sends r and, on a 2xx, decodes its payload (see Envelope) into out
// (unless out is nil). A non-2xx answer, a 2xx the provider reports as
// failed, a network failure or an unreadable body returns a *giftcard.Error
// carrying the status, the provider's code and message, and the request id.
// A request that could not be built (see NewRequest) fails before anything
// is sent, with its *giftcard.ValidationError.
func (c *Client) Do(ctx context.Context, r *Request, out any) (*Response, error) {
	if c == nil {
		return nil, &giftcard.Error{Op: r.Op, Kind: giftcard.ErrInvalidRequest,
			Message: "client not configured: build it with the provider package's New"}
	}
	if r.err != nil {
		return nil, r.err
	}
	body := r.RawBody
	if body == nil && r.Body != nil {
		b, err := json.Marshal(r.Body)
		if err != nil {
			return nil, &giftcard.Error{Provider: c.provider, Op: r.Op, Kind: giftcard.ErrInvalidRequest, Message: "encode request body", Err: err}
		}
		body = b
	}
	target := c.base + r.Path
	if len(r.Query) > 0 {
		target += "?" + r.Query.Encode()
	}
	idem := r.idempotent()
	effect := r.hasEffect()
	reauthed := false
	var waited time.Duration
	var last *giftcard.Error
	attempt := 0 // attempts counted against MaxAttempts
	sent := 0    // HTTP attempts made, a re-login repeat included
	for {
		attempt++
		sent++
		res, retry, err := c.attempt(ctx, r, target, body, idem, effect, sent)
		if err == nil {
			c.quota.success()
			if out != nil && len(res.Payload) > 0 {
				if derr := json.Unmarshal(res.Payload, out); derr != nil {
					return res, &giftcard.Error{
						Provider: c.provider, Op: r.Op, StatusCode: res.StatusCode, RequestID: res.RequestID,
						Attempts: sent, Kind: giftcard.ErrInvalidResponse, OutcomeUnknown: effect,
						Message: "response body is not the expected JSON", Err: derr,
					}
				}
			}
			return res, nil
		}
		last = err
		if retry.reauth && !reauthed && !r.NoAuth {
			if ra, ok := c.auth.(Reauthenticator); ok && retry.rejected != nil && ra.Reauthenticate(ctx, retry.rejected) {
				reauthed = true
				attempt-- // a re-login repeat is not a retry, but it is counted in sent
				c.log.LogAttrs(ctx, slog.LevelInfo, "giftcard: credential rejected, re-authenticating",
					slog.String("provider", c.provider), slog.String("op", r.Op), slog.String("request_id", err.RequestID))
				continue
			}
		}
		if !retry.ok || attempt >= c.retry.MaxAttempts {
			return res, err
		}
		delay := c.backoff(attempt, retry.after)
		if c.retry.MaxElapsed > 0 && waited+delay > c.retry.MaxElapsed {
			return res, err
		}
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < delay {
			return res, err
		}
		cost := c.retry.RetryCost
		if retry.timeout {
			cost = c.retry.TimeoutCost
		}
		if !c.quota.take(cost) {
			err.Message = strings.TrimPrefix(err.Message+"; retry quota exhausted", "; ")
			return res, err
		}
		c.log.LogAttrs(ctx, slog.LevelWarn, "giftcard: retrying",
			slog.String("provider", c.provider), slog.String("op", r.Op), slog.String("request_id", err.RequestID),
			slog.Int("attempt", attempt), slog.Int("status", err.StatusCode), slog.Duration("delay", delay),
			slog.String("reason", retry.reason))
		if serr := c.clock.Sleep(ctx, delay); serr != nil {
			last.Err = errors.Join(last.Err, serr)
			return res, last
		}
		waited += delay
	}
}

type retryDecision struct {
	ok       bool
	timeout  bool
	reauth   bool
	after    time.Duration // Retry-After, when sent
	reason   string
	rejected *http.Request
}

func (c *Client) attempt(ctx context.Context, r *Request, target string, body []byte, idem, effect bool, n int) (*Response, retryDecision, *giftcard.Error) {
	rid := newRequestID()
	fail := func(kind error, msg string, cause error) *giftcard.Error {
		return &giftcard.Error{Provider: c.provider, Op: r.Op, RequestID: rid, Attempts: n, Kind: kind, Message: msg, Err: cause}
	}
	if c.limiter != nil {
		if err := c.limiter.Wait(ctx); err != nil {
			if _, ok := ctx.Deadline(); ok && ctx.Err() == nil {
				// The limiter refuses at once a wait that would outlast the
				// deadline; say so in a way errors.Is understands.
				err = fmt.Errorf("%w: %w", context.DeadlineExceeded, err)
			}
			return nil, retryDecision{}, fail(giftcard.ErrRateLimited, "client-side rate limit wait ended", err)
		}
	}
	actx := ctx
	if c.watchdog != nil {
		// The caller's deadline, when it comes first, bounds the attempt
		// already.
		if dl, ok := ctx.Deadline(); !ok || time.Until(dl) > c.attemptTimeout {
			var done func()
			actx, done = c.watchdog.start(ctx)
			defer done()
		}
	}
	// Whether a failed request reached the server matters only for a
	// request that may change something; a read is retried either way.
	// (A body type of our own could note the same without a trace, but
	// net/http flushes the headers of any body it does not know as
	// in-memory in a packet of their own: an extra round of wake-ups on
	// the server for every request.)
	var tr *attemptTrace
	if effect {
		tr = &attemptTrace{}
		tr.trace.WroteRequest = tr.wroteRequest
		actx = httptrace.WithClientTrace(actx, &tr.trace)
	}
	var rdr io.Reader
	if body != nil {
		rdr = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(actx, r.Method, target, rdr)
	if err != nil {
		return nil, retryDecision{}, fail(giftcard.ErrInvalidRequest, "build request", err)
	}
	for k, v := range r.Header {
		// Capacity clipped: an Authenticator's Header.Add must copy, never
		// write into the caller's slice shared by every attempt.
		req.Header[k] = v[:len(v):len(v)]
	}
	// The transport's own headers share one backing array (one allocation,
	// not one per header); each value is clipped like the caller's above.
	// The keys are canonical already.
	own := make([]string, 0, 4)
	set := func(k, v string) {
		own = append(own, v)
		req.Header[k] = own[len(own)-1 : len(own) : len(own)]
	}
	if body != nil && req.Header.Get("Content-Type") == "" {
		set("Content-Type", "application/json")
	}
	set("Accept", "application/json")
	if c.ua != "" {
		set("User-Agent", c.ua)
	}
	set(c.ridHeader, rid)
	if c.auth != nil && !r.NoAuth {
		if err := c.auth.Authenticate(ctx, req, body); err != nil {
			var ge *giftcard.Error
			if errors.As(err, &ge) {
				return nil, retryDecision{}, ge
			}
			return nil, retryDecision{}, fail(giftcard.ErrUnauthorized, "authenticate request", err)
		}
	}
	start := c.clock.Now()
	resp, err := c.send(req)
	if err != nil {
		reached := !effect || tr.wroteAll()
		redactURLError(err)
		c.logAttempt(ctx, r, rid, n, 0, start, err)
		return nil, c.classifyNetErr(ctx, actx, err, reached, idem), c.netError(ctx, actx, r, rid, n, err, reached, idem, effect)
	}
	defer resp.Body.Close()
	c.logAttempt(ctx, r, rid, n, resp.StatusCode, start, nil)
	ok2xx := resp.StatusCode >= 200 && resp.StatusCode < 300
	data, rerr := readBody(resp.Body, resp.ContentLength, c.maxBody)
	res := &Response{StatusCode: resp.StatusCode, Header: resp.Header, Body: data, RequestID: rid, Attempts: n}
	if rerr != nil && ok2xx {
		e := fail(giftcard.ErrInvalidResponse, "response body cut off", rerr)
		e.StatusCode = resp.StatusCode
		e.OutcomeUnknown = effect
		if ctx.Err() != nil {
			return res, retryDecision{}, e
		}
		return res, retryDecision{ok: idem, timeout: actx.Err() != nil, reason: "body read failed"}, e
	}
	if rerr != nil {
		// An error status whose body was cut off: the status alone decides
		// the kind and whether to retry; the partial body is dropped.
		res.Body = nil
	} else if int64(len(data)) > c.maxBody {
		e := fail(giftcard.ErrInvalidResponse, fmt.Sprintf("response body over %d bytes", c.maxBody), nil)
		e.StatusCode = resp.StatusCode
		e.OutcomeUnknown = effect && (ok2xx || mayHaveCommitted(resp.StatusCode))
		res.Body = nil
		return res, retryDecision{}, e
	}
	if ok2xx {
		res.Payload = res.Body
		if c.envelope != nil {
			payload, e := c.envelope(res)
			if e != nil {
				e.Provider, e.Op, e.StatusCode, e.Attempts = c.provider, r.Op, res.StatusCode, n
				if e.RequestID == "" {
					e.RequestID = rid
				}
				if e.Kind == nil {
					e.Kind = giftcard.ErrInvalidResponse
				}
				if effect && (errors.Is(e.Kind, giftcard.ErrProviderUnavailable) || errors.Is(e.Kind, giftcard.ErrInvalidResponse)) {
					e.OutcomeUnknown = true
				}
				return res, retryDecision{}, e
			}
			res.Payload = payload
		}
		return res, retryDecision{}, nil
	}
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		return res, retryDecision{}, c.redirectError(r, res, rid, n)
	}
	e := c.statusError(r, res)
	e.Attempts = n
	if rerr != nil && e.Err == nil {
		e.Err = fmt.Errorf("response body cut off: %w", rerr)
	}
	d := retryDecision{reason: "HTTP " + strconv.Itoa(resp.StatusCode)}
	switch s := resp.StatusCode; {
	case s == http.StatusUnauthorized:
		d.reauth, d.rejected = true, req
	case s == http.StatusTooManyRequests:
		d.ok = true
	case s == http.StatusBadGateway || s == http.StatusServiceUnavailable || s == http.StatusGatewayTimeout:
		d.ok = idem
	case s == http.StatusInternalServerError:
		// A request the provider deduplicates on its key is resent until
		// the answer is readable: that is how its outcome becomes known.
		d.ok = r.Idempotent
	}
	if rerr != nil && ctx.Err() != nil {
		d.ok = false
	}
	if d.ok {
		d.after = retryAfter(resp.Header.Get("Retry-After"), c.clock.Now())
	}
	if effect && mayHaveCommitted(resp.StatusCode) {
		e.OutcomeUnknown = true
	}
	return res, d, e
}

// redirectError is the answer to a 3xx: never followed, so neither the
// credentials of the attempt nor its body reach another URL. The Location
// is named without its query. A 3xx to a request that may not be resent
// proves nothing was done (the server answered before processing it), so
// it is not outcome-unknown.
func (c *Client) redirectError(r *Request, res *Response, rid string, n int) *giftcard.Error {
	loc := res.Header.Get("Location")
	if i := strings.IndexAny(loc, "?#"); i >= 0 {
		loc = loc[:i]
	}
	if loc == "" {
		loc = "no Location"
	}
	return &giftcard.Error{
		Provider: c.provider, Op: r.Op, StatusCode: res.StatusCode, RequestID: rid, Attempts: n,
		Kind: giftcard.ErrInvalidResponse,
		Message: fmt.Sprintf("redirect to %s refused: the SDK never follows redirects, so credentials "+
			"stay with the configured base URL %s; check the base URL", loc, c.base),
	}
}

// mayHaveCommitted reports statuses after which a non-idempotent request may
// have taken effect: the server or a gateway failed, possibly mid-way. Only
// 501 (the server does not support the method at all) proves nothing was done.
func mayHaveCommitted(status int) bool {
	return status >= 500 && status != http.StatusNotImplemented
}

func (c *Client) classifyNetErr(ctx, actx context.Context, err error, reached, idem bool) retryDecision {
	if ctx.Err() != nil {
		return retryDecision{}
	}
	timeout := actx.Err() != nil || isTimeout(err)
	switch {
	case idem:
		return retryDecision{ok: true, timeout: timeout, reason: "network error"}
	case !reached:
		return retryDecision{ok: true, timeout: timeout, reason: "connection failed before the request was sent"}
	}
	return retryDecision{}
}

func (c *Client) netError(ctx, actx context.Context, r *Request, rid string, n int, err error, reached, idem, effect bool) *giftcard.Error {
	e := &giftcard.Error{Provider: c.provider, Op: r.Op, RequestID: rid, Attempts: n, Kind: giftcard.ErrProviderUnavailable, Retryable: true}
	switch {
	case ctx.Err() != nil:
		e.Kind, e.Retryable = nil, false
		e.Message = "request cancelled"
		e.Err = ctx.Err()
	case actx.Err() != nil || isTimeout(err):
		e.Message = "attempt timed out"
		e.Err = err
		if cause := context.Cause(actx); cause == errAttemptTimeout && !errors.Is(err, context.DeadlineExceeded) {
			e.Err = fmt.Errorf("%w: %w", cause, err)
		}
	default:
		e.Message = "network error"
		e.Err = err
	}
	if reached && effect {
		e.OutcomeUnknown = true
		e.Retryable = idem
	}
	return e
}

func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}

func (c *Client) statusError(r *Request, res *Response) *giftcard.Error {
	var e *giftcard.Error
	if c.decode != nil && isJSON(res) {
		e = c.decode(res)
	}
	if e == nil {
		e = &giftcard.Error{}
		if !isJSON(res) && len(res.Body) > 0 {
			ct := res.Header.Get("Content-Type")
			if ct == "" {
				ct = "no content type"
			}
			e.Message = fmt.Sprintf("non-JSON response (%s, %d bytes)", ct, len(res.Body))
		}
	}
	e.Provider, e.Op, e.StatusCode = c.provider, r.Op, res.StatusCode
	if e.RequestID == "" {
		e.RequestID = res.RequestID
	}
	if e.Kind == nil {
		e.Kind = KindForStatus(res.StatusCode)
	}
	if e.Message == "" {
		e.Message = http.StatusText(res.StatusCode)
	}
	if res.StatusCode == http.StatusNotFound && !isJSON(res) {
		// Not the provider's own "no such id" (those are JSON): a router's
		// page, as every route answers when the base URL is wrong.
		e.Message += fmt.Sprintf(" (no such route at %s%s: check the base URL and its path prefix)", c.base, r.Path)
	}
	switch res.StatusCode {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		e.Retryable = true
	}
	return e
}

func isJSON(res *Response) bool {
	ct := res.Header.Get("Content-Type")
	if ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json")) {
			return json.Valid(res.Body)
		}
	}
	b := bytes.TrimSpace(res.Body)
	return len(b) > 0 && (b[0] == '{' || b[0] == '[') && json.Valid(b)
}

// KindForStatus is the default kind of an HTTP error status.
func KindForStatus(status int) error {
	switch {
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return giftcard.ErrUnauthorized
	case status == http.StatusNotFound:
		return giftcard.ErrNotFound
	case status == http.StatusConflict:
		return giftcard.ErrDuplicateReference
	case status == http.StatusPaymentRequired:
		return giftcard.ErrInsufficientFunds
	case status == http.StatusTooManyRequests:
		return giftcard.ErrRateLimited
	case status >= 500:
		return giftcard.ErrProviderUnavailable
	case status >= 400:
		return giftcard.ErrInvalidRequest
	}
	return giftcard.ErrInvalidResponse
}

func (c *Client) backoff(attempt int, after time.Duration) time.Duration {
	if after > 0 {
		if c.retry.MaxDelay > 0 && after > c.retry.MaxDelay {
			return c.retry.MaxDelay
		}
		return after
	}
	ceil := c.retry.BaseDelay
	if shift := attempt - 1; ceil > 0 && shift > 0 {
		if shift < 63 && ceil <= math.MaxInt64>>shift {
			ceil <<= shift
		} else {
			ceil = math.MaxInt64
		}
	}
	if ceil <= 0 || (c.retry.MaxDelay > 0 && ceil > c.retry.MaxDelay) {
		ceil = c.retry.MaxDelay
	}
	if ceil <= 0 {
		return 0
	}
	n := int64(ceil)
	if n < math.MaxInt64 {
		n++ // [0, ceil] inclusive
	}
	return time.Duration(rand.Int64N(n))
}

// retryAfter parses a Retry-After header: delta seconds or an HTTP date.
func retryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs <= 0 {
			return 0
		}
		if secs > int64(365*24*time.Hour/time.Second) {
			secs = int64(365 * 24 * time.Hour / time.Second)
		}
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return min(d, 365*24*time.Hour)
		}
	}
	return 0
}

func (c *Client) logAttempt(ctx context.Context, r *Request, rid string, n, status int, start time.Time, err error) {
	if !c.log.Enabled(ctx, slog.LevelDebug) {
		return
	}
	attrs := []slog.Attr{
		slog.String("provider", c.provider), slog.String("op", r.Op), slog.String("method", r.Method),
		slog.String("path", r.Path), slog.String("request_id", rid), slog.Int("attempt", n),
		slog.Duration("duration", c.clock.Now().Sub(start)),
	}
	if status != 0 {
		attrs = append(attrs, slog.Int("status", status))
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", err.Error()))
	}
	c.log.LogAttrs(ctx, slog.LevelDebug, "giftcard: http attempt", attrs...)
}

// quota is the client-wide retry budget (a token bucket refilled by
// successes), so a sustained outage does not multiply traffic.
type quota struct {
	mu     sync.Mutex
	max    int
	tokens int
}

func (q *quota) take(cost int) bool {
	if q == nil {
		return true
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.tokens < cost {
		return false
	}
	q.tokens -= cost
	return true
}

func (q *quota) success() {
	if q == nil {
		return
	}
	q.mu.Lock()
	if q.tokens < q.max {
		q.tokens++
	}
	q.mu.Unlock()
}

// Tokens reports the retry quota left (for tests and metrics); -1 when the
// quota is disabled.
func (c *Client) Tokens() int {
	if c.quota == nil {
		return -1
	}
	c.quota.mu.Lock()
	defer c.quota.mu.Unlock()
	return c.quota.tokens
}

// newRequestID returns a random (version 4) UUID. It reads crypto/rand into
// a stack buffer, so it costs one allocation (the string).
func newRequestID() string {
	var u uuid.UUID
	_, _ = crand.Read(u[:]) // never fails: crypto/rand.Read always fills b
	u[6] = u[6]&0x0f | 0x40 // version 4
	u[8] = u[8]&0x3f | 0x80 // RFC 4122 variant
	return u.String()
}

// send makes one HTTP exchange: through the RoundTripper when New found
// nothing in the http.Client that applies (no Jar, no Timeout), else through
// the http.Client. Either way the caller sees what http.Client.Do gives: an
// *url.Error on failure, a non-nil Body on success, a 3xx not followed.
func (c *Client) send(req *http.Request) (*http.Response, error) {
	if c.rt == nil {
		return c.hc.Do(req)
	}
	resp, err := c.rt.RoundTrip(req)
	if err == nil && resp == nil {
		err = errors.New("http: RoundTripper returned a nil *Response with a nil error")
	}
	if err != nil {
		if resp != nil && resp.Body != nil {
			resp.Body.Close()
		}
		return nil, &url.Error{Op: urlOp(req.Method), URL: req.URL.String(), Err: err}
	}
	if resp.Body == nil {
		resp.Body = http.NoBody
	}
	return resp, nil
}

// urlOp is the Op of an *url.Error as http.Client writes it: "Post" for POST.
func urlOp(method string) string {
	if method == "" {
		return "Get"
	}
	return method[:1] + strings.ToLower(method[1:])
}

// attemptTrace notes whether a request was written to the connection (a
// failed request that was not can be resent safely).
type attemptTrace struct {
	wrote atomic.Bool
	trace httptrace.ClientTrace
}

func (t *attemptTrace) wroteRequest(httptrace.WroteRequestInfo) { t.wrote.Store(true) }

// wroteAll reports whether the traced request was written (false for nil).
func (t *attemptTrace) wroteAll() bool { return t != nil && t.wrote.Load() }

// redactURLError drops the query from the URL an *url.Error prints, so a
// value carried in the query string never reaches an error or a log line.
func redactURLError(err error) {
	var ue *url.Error
	if errors.As(err, &ue) {
		if i := strings.IndexByte(ue.URL, '?'); i >= 0 {
			ue.URL = ue.URL[:i]
		}
	}
}

// readBody reads r to EOF but never more than limit+1 bytes, so a body over
// the limit is detected without reading it all. A known Content-Length sizes
// the buffer at once (one allocation instead of io.ReadAll's doublings).
func readBody(r io.Reader, contentLength, limit int64) ([]byte, error) {
	size := int64(512)
	if contentLength >= 0 && contentLength <= limit {
		size = contentLength + 1 // +1: EOF is read without growing
	}
	size = min(size, limit+1)
	b := make([]byte, 0, size)
	for int64(len(b)) <= limit {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		room := b[len(b):cap(b)]
		if left := limit + 1 - int64(len(b)); int64(len(room)) > left {
			room = room[:left]
		}
		n, err := r.Read(room)
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
	return b, nil
}
