package hubble

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/check"
	"github.com/giftcard-go/giftcard/internal/token"
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
	// ClientID is the partner's client id from the integration portal
	// (different for staging and production).
	ClientID string
	// ClientSecret is the client secret paired with ClientID; it is sent
	// only to the login endpoint and never appears in a log line, an error
	// or fmt output.
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
// its native types. Safe for concurrent use. Build it with New: every method
// of a zero Client returns an error (or a zero value), never panics.
type Client struct {
	tr            *transport.Client
	tokens        *token.Source
	clientID      string
	secret        *giftcard.Secret // behind a pointer: fmt prints an unexported field raw
	currency      string
	webhookSecret *giftcard.Secret // likewise
	clock         giftcard.Clock
	cacheTTL      time.Duration
	cache         productCache
}

// LogValue makes slog print the client without its credentials.
func (c *Client) LogValue() slog.Value {
	return slog.GroupValue(slog.String("base_url", c.BaseURL()), slog.String("currency", c.Currency()))
}

var (
	_ giftcard.Provider = (*Client)(nil)
	_ giftcard.Catalog  = (*Client)(nil)
	_ giftcard.Wallet   = (*Client)(nil)
	_ giftcard.Orders   = (*Client)(nil)
)

var ck = check.For(providerName)

// New builds a client. Nothing is sent until the first call; the first call
// logs in. Missing credentials or base URL, a client id that cannot travel
// in JSON unchanged, or a malformed currency, are a
// *giftcard.ValidationError naming the field.
func New(cfg Config, opts ...giftcard.Option) (*Client, error) {
	gc := giftcard.NewConfig(opts...)
	if gc.BaseURL == "" {
		gc.BaseURL = cfg.BaseURL
	}
	currency := "INR"
	if cfg.Currency != "" {
		currency = cfg.Currency
	}
	if err := check.First(
		ck.Required("ClientID", cfg.ClientID), ck.Header("ClientID", cfg.ClientID),
		ck.Required("ClientSecret", cfg.ClientSecret.Reveal()),
		ck.Required("BaseURL", gc.BaseURL),
	); err != nil {
		if ve := (*giftcard.ValidationError)(nil); errors.As(err, &ve) && ve.Field == "BaseURL" {
			ve.Reason = "required: hubble.StagingURL, hubble.ProductionURL or a sandbox URL"
		}
		return nil, err
	}
	currency, err := giftcard.NormalizeCurrency(currency)
	if err != nil {
		reason := err.Error()
		if ve := (*giftcard.ValidationError)(nil); errors.As(err, &ve) {
			reason = ve.Reason
		}
		return nil, ck.Invalid("Currency", reason)
	}
	secret := cfg.ClientSecret
	c := &Client{clientID: cfg.ClientID, secret: &secret, currency: currency, webhookSecret: &cfg.WebhookSecret,
		clock: gc.Clock, cacheTTL: cfg.ProductCacheTTL}
	if c.cacheTTL == 0 {
		c.cacheTTL = DefaultProductCacheTTL
	}
	loginTimeout := cfg.LoginTimeout
	if loginTimeout <= 0 {
		loginTimeout = DefaultLoginTimeout
	}
	c.tokens, err = token.New(token.Config{
		Fetch: c.login, Clock: gc.Clock, Provider: providerName, Op: routeLogin.Op,
		RefreshNum: refreshNum, RefreshDen: refreshDen,
		DefaultLifetime: defaultTokenLifetime, MaxLifetime: maxTokenLifetime,
		RetryAfterFailure: refreshRetry, FetchTimeout: loginTimeout,
	})
	if err != nil {
		return nil, err
	}
	c.tr, err = transport.New(gc, transport.Options{
		Provider: providerName, Auth: c.tokens.Authenticator("Authorization", "Bearer "),
		DecodeError: decodeError, Envelope: envelope, RequestIDHeader: "X-REQUEST-ID",
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// String describes the client without any credential.
func (c *Client) String() string {
	return "hubble.Client{BaseURL:" + c.BaseURL() + " Currency:" + c.Currency() + "}"
}

// GoString is String, so %#v shows no credential either.
func (c *Client) GoString() string { return c.String() }

// Name returns "hubble".
func (c *Client) Name() string { return providerName }

// Currency is the currency of every amount this client reads or sends.
func (c *Client) Currency() string {
	if c == nil {
		return ""
	}
	return c.currency
}

// BaseURL is the environment the client talks to ("" for a zero Client).
func (c *Client) BaseURL() string {
	if c == nil || c.tr == nil {
		return ""
	}
	return c.tr.BaseURL()
}

// Login fetches a token now instead of on the first call (it is cached and
// shared like any other). Useful to check credentials at start-up.
func (c *Client) Login(ctx context.Context) error {
	if err := c.ready(routeLogin.Op); err != nil {
		return err
	}
	_, err := c.tokens.Token(ctx)
	return err
}

// Logout forgets the cached token; the next call logs in again.
func (c *Client) Logout() {
	if c.ready(routeLogin.Op) == nil {
		c.tokens.Reset()
	}
}

// InvalidateProduct drops a cached brand, so the next PlaceOrder for it
// fetches it again: call it from a BrandUpdated webhook.
func (c *Client) InvalidateProduct(id string) {
	if c != nil {
		c.cache.forget(id)
	}
}

// ready refuses a zero (or nil) Client: it was not built with New.
func (c *Client) ready(op string) error {
	if c == nil || c.tr == nil {
		return &giftcard.Error{Provider: providerName, Op: op, Kind: giftcard.ErrInvalidRequest,
			Message: "client not configured: build it with hubble.New"}
	}
	return nil
}

// req is the request of one route with its path arguments.
func (c *Client) req(rt giftcard.Route, args ...string) *transport.Request {
	return c.tr.NewRequest(rt, args...)
}
