package hubble

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/transport"
)

// The documented environments.
const (
	StagingURL    = "https://api.dev.myhubble.money" // testing and development
	ProductionURL = "https://api.myhubble.money"     // live transactions with real money
)

const providerName = "hubble"

// DefaultProductCacheTTL is how long PlaceOrder trusts a brand it fetched
// (or listed) before fetching it again to validate an order.
const DefaultProductCacheTTL = time.Minute

// DefaultLoginTimeout bounds one login (all its attempts).
const DefaultLoginTimeout = 30 * time.Second

// Config is what a Hubble client needs. ClientID, ClientSecret and a base
// URL are required.
type Config struct {
	// ClientID and ClientSecret are the partner credentials from the
	// integration portal (different for staging and production).
	ClientID     string
	ClientSecret giftcard.Secret
	// BaseURL is StagingURL, ProductionURL or any other (a sandbox). It is
	// required: the client never picks an environment on its own, so real
	// money is never spent by omission. giftcard.WithBaseURL, when given,
	// overrides it.
	BaseURL string
	// Currency of every amount (Hubble sends bare rupee numbers). Default
	// "INR".
	Currency string
	// WebhookSecret is the shared secret of the webhooks' X-Verify
	// signature. Handlers built by this client verify with it when set.
	WebhookSecret giftcard.Secret
	// ProductCacheTTL is how long a brand fetched by GetProduct, Brand,
	// ListProducts or Brands (or by PlaceOrder itself) is trusted when
	// PlaceOrder validates an order against it. 0 means
	// DefaultProductCacheTTL; a negative value means PlaceOrder never
	// fetches a brand and only checks what needs no brand (pass one to
	// PlaceOrderFor to have it checked).
	ProductCacheTTL time.Duration
	// LoginTimeout bounds one login; 0 means DefaultLoginTimeout.
	LoginTimeout time.Duration
}

// LogValue makes slog print the Config with the client secret and the
// webhook secret masked. (fmt masks them already; slog's JSON handler would
// otherwise marshal the struct, and a giftcard.Secret marshals to its real
// value.)
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("client_id", c.ClientID), slog.Any("client_secret", c.ClientSecret),
		slog.String("base_url", c.BaseURL), slog.String("currency", c.Currency),
		slog.Any("webhook_secret", c.WebhookSecret),
		slog.Duration("product_cache_ttl", c.ProductCacheTTL), slog.Duration("login_timeout", c.LoginTimeout))
}

// Client is a Hubble API client. It implements giftcard.Catalog,
// giftcard.Wallet and giftcard.Orders, and exposes every Hubble endpoint with
// its native types. Safe for concurrent use.
type Client struct {
	tr            *transport.Client
	tokens        *tokenSource
	currency      string
	webhookSecret *giftcard.Secret // behind a pointer: fmt prints an unexported field raw
	clock         giftcard.Clock
	cacheTTL      time.Duration
	cache         productCache
}

// LogValue makes slog print the client without its credentials.
func (c *Client) LogValue() slog.Value {
	return slog.GroupValue(slog.String("base_url", c.tr.BaseURL()), slog.String("currency", c.currency))
}

var (
	_ giftcard.Provider = (*Client)(nil)
	_ giftcard.Catalog  = (*Client)(nil)
	_ giftcard.Wallet   = (*Client)(nil)
	_ giftcard.Orders   = (*Client)(nil)
)

// New builds a client. Nothing is sent until the first call; the first call
// logs in. Missing credentials or base URL, or a malformed currency, are a
// *giftcard.ValidationError naming the field.
func New(cfg Config, opts ...giftcard.Option) (*Client, error) {
	if strings.TrimSpace(cfg.ClientID) == "" {
		return nil, &giftcard.ValidationError{Provider: providerName, Field: "ClientID", Reason: "required"}
	}
	if cfg.ClientSecret.IsZero() {
		return nil, &giftcard.ValidationError{Provider: providerName, Field: "ClientSecret", Reason: "required"}
	}
	gc := giftcard.NewConfig(opts...)
	if gc.BaseURL == "" {
		gc.BaseURL = cfg.BaseURL
	}
	if gc.BaseURL == "" {
		return nil, &giftcard.ValidationError{Provider: providerName, Field: "BaseURL",
			Reason: "required: hubble.StagingURL, hubble.ProductionURL or a sandbox URL"}
	}
	currency := "INR"
	if cfg.Currency != "" {
		c, err := giftcard.NormalizeCurrency(cfg.Currency)
		if err != nil {
			reason := err.Error()
			if ve := (*giftcard.ValidationError)(nil); errors.As(err, &ve) {
				reason = ve.Reason
			}
			return nil, &giftcard.ValidationError{Provider: providerName, Field: "Currency", Reason: reason}
		}
		currency = c
	}
	ts := &tokenSource{clientID: cfg.ClientID, secret: &cfg.ClientSecret, clock: gc.Clock, timeout: cfg.LoginTimeout}
	if ts.timeout <= 0 {
		ts.timeout = DefaultLoginTimeout
	}
	tr, err := transport.New(gc, transport.Options{
		Provider: providerName, Auth: ts, DecodeError: decodeError, RequestIDHeader: "X-REQUEST-ID",
	})
	if err != nil {
		return nil, err
	}
	ts.tr = tr
	ttl := cfg.ProductCacheTTL
	if ttl == 0 {
		ttl = DefaultProductCacheTTL
	}
	return &Client{tr: tr, tokens: ts, currency: currency, webhookSecret: &cfg.WebhookSecret,
		clock: gc.Clock, cacheTTL: ttl}, nil
}

// String describes the client without any credential.
func (c *Client) String() string {
	return "hubble.Client{BaseURL:" + c.tr.BaseURL() + " Currency:" + c.currency + "}"
}

// GoString is String, so %#v shows no credential either.
func (c *Client) GoString() string { return c.String() }

// Name returns "hubble".
func (c *Client) Name() string { return providerName }

// Currency is the currency of every amount this client reads or sends.
func (c *Client) Currency() string { return c.currency }

// BaseURL is the environment the client talks to.
func (c *Client) BaseURL() string { return c.tr.BaseURL() }

// Login fetches a token now instead of on the first call (it is cached and
// shared like any other). Useful to check credentials at start-up.
func (c *Client) Login(ctx context.Context) error {
	_, err := c.tokens.get(ctx)
	return err
}

// Logout forgets the cached token; the next call logs in again.
func (c *Client) Logout() { c.tokens.invalidate() }

// InvalidateProduct drops a cached brand, so the next PlaceOrder for it
// fetches it again: call it from a BrandUpdated webhook.
func (c *Client) InvalidateProduct(id string) { c.cache.forget(id) }

// do sends one request with the bearer token.
func (c *Client) do(ctx context.Context, op, method, path string, query map[string][]string, out any) (*transport.Response, error) {
	return c.tr.Do(ctx, &transport.Request{Op: op, Method: method, Path: path, Query: query}, out)
}

// productCache holds recently seen brands for order validation.
type productCache struct {
	mu sync.Mutex
	m  map[string]cachedBrand
}

type cachedBrand struct {
	brand Brand
	at    time.Time
}

// put stores a copy of b's rules: the Brand handed to the caller shares its
// AmountRestrictions pointer and slices with b, and a caller changing them
// must neither change what PlaceOrder validates against nor race with it.
func (p *productCache) put(b Brand, at time.Time) {
	if b.ID == "" {
		return
	}
	if b.AmountRestrictions != nil {
		r := *b.AmountRestrictions
		r.Denominations = slices.Clone(r.Denominations)
		b.AmountRestrictions = &r
	}
	p.mu.Lock()
	if p.m == nil {
		p.m = make(map[string]cachedBrand)
	}
	p.m[b.ID] = cachedBrand{brand: b, at: at}
	p.mu.Unlock()
}

func (p *productCache) get(id string, now time.Time, ttl time.Duration) (Brand, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	cb, ok := p.m[id]
	if !ok || now.Sub(cb.at) >= ttl || now.Before(cb.at) {
		return Brand{}, false
	}
	return cb.brand, true
}

func (p *productCache) forget(id string) {
	p.mu.Lock()
	delete(p.m, id)
	p.mu.Unlock()
}
