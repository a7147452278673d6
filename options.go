package giftcard

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"golang.org/x/time/rate"

	"github.com/giftcard-go/giftcard/internal/clock"
)

// Version is the SDK version, sent in the default User-Agent.
const Version = "0.1.0"

// Clock is the time source of every protocol timer (backoff, token expiry,
// order polling). Tests inject a fake one (giftcardtest.NewClock) so nothing
// sleeps on the wall clock.
type Clock interface {
	// Now is the current time.
	Now() time.Time
	// Sleep waits d, or returns ctx.Err() as soon as ctx is done.
	Sleep(ctx context.Context, d time.Duration) error
}

// RetryPolicy bounds how the transport retries. Which failures are retried
// is fixed by safety (see the transport documentation); the policy sets only
// how many times and how long.
type RetryPolicy struct {
	// MaxAttempts counts every HTTP attempt, the first included. 1 disables
	// retries.
	MaxAttempts int
	// BaseDelay and MaxDelay bound one backoff wait: a random duration in
	// [0, min(MaxDelay, BaseDelay·2^retry)] (full jitter). MaxDelay also caps
	// a provider's Retry-After.
	BaseDelay, MaxDelay time.Duration
	// MaxElapsed bounds the total time spent waiting between attempts.
	MaxElapsed time.Duration
	// Budget is the client-wide retry quota in tokens: a retry costs
	// RetryCost (TimeoutCost after a timeout), a success returns one token.
	// When the quota is spent, failures are returned without retrying, so an
	// outage does not multiply traffic. Budget < 0 disables the quota.
	Budget, RetryCost, TimeoutCost int
}

// DefaultRetryPolicy is 4 attempts, 200ms..20s full-jitter backoff, 60s of
// total waiting, and a 500-token quota (5 a retry, 10 after a timeout).
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{
		MaxAttempts: 4, BaseDelay: 200 * time.Millisecond, MaxDelay: 20 * time.Second,
		MaxElapsed: 60 * time.Second, Budget: 500, RetryCost: 5, TimeoutCost: 10,
	}
}

// Config is what the shared options set. Provider packages read it; users
// set it through Options.
type Config struct {
	// HTTPClient sends every request. Nil means a client of the SDK's own
	// whose transport keeps MaxConnsPerHost idle connections per host.
	// Whatever client is given, the SDK never follows redirects with it.
	HTTPClient *http.Client
	// MaxConnsPerHost is how many idle connections the default HTTP client
	// keeps per provider host (0: 64). Ignored with HTTPClient set.
	MaxConnsPerHost int
	// Middleware wraps the HTTP client's RoundTripper, outermost last.
	Middleware []func(http.RoundTripper) http.RoundTripper
	// BaseURL overrides the provider's configured environment.
	BaseURL string
	// Retry decides how failed requests are retried (never unsafely).
	Retry RetryPolicy
	// RateLimit is a client-side limit in requests per second; 0 = none.
	RateLimit rate.Limit
	// RateBurst is the limiter's burst.
	RateBurst int
	// Logger receives request and retry events; nothing secret is logged.
	Logger *slog.Logger
	// UserAgent is sent on every request.
	UserAgent string
	// AttemptTimeout bounds one HTTP attempt; 0 = only the caller's context.
	AttemptTimeout time.Duration
	// Clock is the time source of backoff, token expiry and polling.
	Clock Clock
	// MaxResponseBytes caps how much of a response body is read.
	MaxResponseBytes int64
}

// Option configures any provider client.
type Option func(*Config)

// DefaultMaxResponseBytes caps how much of a response body is read.
const DefaultMaxResponseBytes = 4 << 20

// NewConfig applies opts over the defaults: the SDK's own HTTP client (see
// Config.HTTPClient), the default
// retry policy, no rate limit, a discarding logger, the real clock, a 4 MiB
// response cap and a 30s per-attempt timeout.
func NewConfig(opts ...Option) Config {
	c := Config{
		Retry:            DefaultRetryPolicy(),
		Logger:           slog.New(slog.DiscardHandler),
		UserAgent:        "giftcard-go/" + Version,
		AttemptTimeout:   30 * time.Second,
		Clock:            clock.Real{},
		MaxResponseBytes: DefaultMaxResponseBytes,
	}
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	return c
}

// WithHTTPClient sets the *http.Client every request goes through (proxies,
// TLS, connection pools).
func WithHTTPClient(h *http.Client) Option {
	return func(c *Config) {
		if h != nil {
			c.HTTPClient = h
		}
	}
}

// WithMaxConnsPerHost sets how many connections per provider host the SDK's
// default HTTP client opens and keeps idle (default 64; net/http's default
// keeps 2 idle and opens without bound): set it to the concurrency you call
// a provider with, so a burst reuses connections instead of opening (and
// TLS-handshaking) new ones. A call finding all of them busy waits for one,
// under its context. It has no effect with WithHTTPClient.
func WithMaxConnsPerHost(n int) Option {
	return func(c *Config) {
		if n > 0 {
			c.MaxConnsPerHost = n
		}
	}
}

// WithMiddleware wraps the HTTP client's RoundTripper, outermost last: the
// hook for tracing (otelhttp.NewTransport) or request recording.
func WithMiddleware(mw func(http.RoundTripper) http.RoundTripper) Option {
	return func(c *Config) {
		if mw != nil {
			c.Middleware = append(c.Middleware, mw)
		}
	}
}

// WithBaseURL overrides the provider environment's base URL.
func WithBaseURL(u string) Option { return func(c *Config) { c.BaseURL = u } }

// WithRetryPolicy replaces the retry policy; zero fields keep their defaults.
func WithRetryPolicy(p RetryPolicy) Option {
	return func(c *Config) {
		d := DefaultRetryPolicy()
		if p.MaxAttempts > 0 {
			d.MaxAttempts = p.MaxAttempts
		}
		if p.BaseDelay > 0 {
			d.BaseDelay = p.BaseDelay
		}
		if p.MaxDelay > 0 {
			d.MaxDelay = p.MaxDelay
		}
		if p.MaxElapsed > 0 {
			d.MaxElapsed = p.MaxElapsed
		}
		if p.Budget != 0 {
			d.Budget = p.Budget
		}
		if p.RetryCost > 0 {
			d.RetryCost = p.RetryCost
		}
		if p.TimeoutCost > 0 {
			d.TimeoutCost = p.TimeoutCost
		}
		c.Retry = d
	}
}

// WithNoRetries makes every call a single attempt.
func WithNoRetries() Option { return func(c *Config) { c.Retry.MaxAttempts = 1 } }

// WithRateLimit turns on a client-side limit of limit requests per second
// with the given burst; waiting for it respects the caller's context.
func WithRateLimit(limit rate.Limit, burst int) Option {
	return func(c *Config) {
		c.RateLimit = limit
		if burst < 1 {
			burst = 1
		}
		c.RateBurst = burst
	}
}

// WithLogger sets the logger for request and retry events. Nothing secret is
// ever logged; the default discards everything.
func WithLogger(l *slog.Logger) Option {
	return func(c *Config) {
		if l != nil {
			c.Logger = l
		}
	}
}

// WithUserAgent sets the User-Agent header.
func WithUserAgent(ua string) Option { return func(c *Config) { c.UserAgent = ua } }

// WithAttemptTimeout bounds each HTTP attempt (0 disables the bound).
func WithAttemptTimeout(d time.Duration) Option { return func(c *Config) { c.AttemptTimeout = d } }

// WithClock injects the time source (tests).
func WithClock(clk Clock) Option {
	return func(c *Config) {
		if clk != nil {
			c.Clock = clk
		}
	}
}

// WithMaxResponseBytes caps how many bytes of a response are read; a larger
// body fails with ErrInvalidResponse.
func WithMaxResponseBytes(n int64) Option {
	return func(c *Config) {
		if n > 0 {
			c.MaxResponseBytes = n
		}
	}
}
