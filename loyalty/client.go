package loyalty

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/check"
	"github.com/giftcard-go/giftcard/internal/token"
	"github.com/giftcard-go/giftcard/internal/transport"
)

const providerName = "loyalty"

var ck = check.For(providerName)

// The documented environments (public docs).
const (
	SandboxURL    = "https://uat.paywizard.biz"
	ProductionURL = "https://portal.paywizard.biz"
)

// The defaults New applies to an empty Config field.
const (
	DefaultLoyaltyChannel = "FACTOR4" // the prepaid channel of the public docs
	DefaultCurrency       = "USD"
)

// The environment variables ConfigFromEnv reads.
const (
	EnvBaseURL      = "LOYALTY_BASE_URL"      // default SandboxURL
	EnvClientID     = "LOYALTY_CLIENT_ID"     // required
	EnvClientSecret = "LOYALTY_CLIENT_SECRET" // required
	EnvJWTToken     = "LOYALTY_JWT_TOKEN"     // required, unless both of the next two are set
	EnvMerchantID   = "LOYALTY_MERCHANT_ID"   // optional: fetch the token instead
	EnvChannelName  = "LOYALTY_CHANNEL_NAME"  // optional: fetch the token instead
)

// ErrNoEnv is what ConfigFromEnv returns when none of the LOYALTY_*
// credentials is set (programs then typically use the loyaltytest sandbox).
// Some set and others not is a different error, naming the missing ones.
var ErrNoEnv = errors.New("loyalty: no LOYALTY_CLIENT_ID, LOYALTY_CLIENT_SECRET or LOYALTY_JWT_TOKEN in the environment")

// Config holds the loyalty credentials and defaults.
type Config struct {
	// ClientID is the developer id: put into every body by the client and
	// signed.
	ClientID string
	// ClientSecret keys the sign; it is sent only to the token endpoint.
	ClientSecret giftcard.Secret
	// JWTToken is the long-lived eCommerce token issued at onboarding,
	// sent in jwt-token. When it is empty the client fetches one from the
	// token endpoint (deprecated by the provider) with MerchantID and
	// ChannelName, picking the "eCommerce" token.
	JWTToken giftcard.Secret
	// MerchantID and ChannelName are the token endpoint's parameters; used
	// only when JWTToken is empty.
	MerchantID, ChannelName string
	// LoyaltyChannel is the prepaid channel sent with every card operation;
	// empty means DefaultLoyaltyChannel ("FACTOR4").
	LoyaltyChannel string
	// Currency is the card currency: amounts without a currency are in it,
	// and Top-up (which documents no currency) only takes it. Empty means
	// USD. It must be a currency whose decimals the SDK knows.
	Currency string
	// BaseURL is SandboxURL, ProductionURL or any http(s) URL (a proxy, the
	// loyaltytest sandbox); empty means SandboxURL. giftcard.WithBaseURL
	// overrides it.
	BaseURL string
	// Signer computes the sign header; nil means the documented recipe
	// (NewHMACSigner with ClientID and ClientSecret).
	Signer Signer
}

// LogValue makes slog print the Config with the secret and the token
// masked (fmt masks them already; slog's JSON handler would marshal a
// giftcard.Secret in clear).
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("client_id", c.ClientID), slog.Any("client_secret", c.ClientSecret), slog.Any("jwt_token", c.JWTToken),
		slog.String("merchant_id", c.MerchantID), slog.String("channel_name", c.ChannelName),
		slog.String("loyalty_channel", c.LoyaltyChannel), slog.String("currency", c.Currency), slog.String("base_url", c.BaseURL))
}

// ConfigFromEnv reads the LOYALTY_* variables (see EnvBaseURL and the
// others). It fails with ErrNoEnv when no credential is set, and with an
// error naming the missing variables when only some are.
func ConfigFromEnv() (Config, error) { return ConfigFrom(os.Getenv) }

// ConfigFrom is ConfigFromEnv reading through getenv.
func ConfigFrom(getenv func(string) string) (Config, error) {
	get := func(k string) string { return strings.TrimSpace(getenv(k)) }
	cfg := Config{
		BaseURL: get(EnvBaseURL), ClientID: get(EnvClientID), ClientSecret: giftcard.Secret(get(EnvClientSecret)),
		JWTToken: giftcard.Secret(get(EnvJWTToken)), MerchantID: get(EnvMerchantID), ChannelName: get(EnvChannelName),
	}
	fetch := cfg.MerchantID != "" && cfg.ChannelName != ""
	if cfg.ClientID == "" && cfg.ClientSecret == "" && cfg.JWTToken == "" && cfg.MerchantID == "" && cfg.ChannelName == "" {
		return Config{}, ErrNoEnv
	}
	var missing []string
	if cfg.ClientID == "" {
		missing = append(missing, EnvClientID)
	}
	if cfg.ClientSecret == "" {
		missing = append(missing, EnvClientSecret)
	}
	if cfg.JWTToken == "" && !fetch {
		missing = append(missing, EnvJWTToken+" (or both "+EnvMerchantID+" and "+EnvChannelName+")")
	}
	if len(missing) > 0 {
		return Config{}, fmt.Errorf("loyalty: set all of %s, %s and %s, or none of them for the sandbox; missing: %s",
			EnvClientID, EnvClientSecret, EnvJWTToken, strings.Join(missing, ", "))
	}
	return cfg, nil
}

// Client is a loyalty (openLoyaltyPay) client: every documented operation,
// and giftcard.Gifts. Safe for concurrent use.
type Client struct {
	tr       *transport.Client
	clientID string
	secret   giftcard.Secret // sent to the token endpoint only
	channel  string
	currency string
	exp      int32
	tokens   *token.Source // nil with a fixed JWTToken
	voids    voidBook
}

var (
	_ giftcard.Gifts    = (*Client)(nil)
	_ giftcard.Provider = (*Client)(nil)
)

// New validates cfg and builds a Client. A missing or malformed setting
// fails with a *giftcard.ValidationError naming the Config field; nothing
// is sent (a fetched token is fetched on first use).
func New(cfg Config, opts ...giftcard.Option) (*Client, error) {
	cfg.ClientID = strings.TrimSpace(cfg.ClientID)
	if cfg.LoyaltyChannel == "" {
		cfg.LoyaltyChannel = DefaultLoyaltyChannel
	}
	if cfg.Currency == "" {
		cfg.Currency = DefaultCurrency
	}
	fetch := cfg.JWTToken.IsZero()
	err := check.First(
		ck.ID("ClientID", cfg.ClientID),
		ck.Required("ClientSecret", cfg.ClientSecret.Reveal()),
		ck.Text("ClientSecret", cfg.ClientSecret.Reveal()),
		ck.Header("JWTToken", cfg.JWTToken.Reveal()),
		ck.ID("LoyaltyChannel", cfg.LoyaltyChannel),
	)
	if err == nil && fetch {
		if cfg.MerchantID == "" && cfg.ChannelName == "" {
			err = ck.Invalid("JWTToken", "required (or MerchantID and ChannelName, to fetch one from the token endpoint)")
		} else {
			err = check.First(ck.ID("MerchantID", cfg.MerchantID), ck.ID("ChannelName", cfg.ChannelName))
		}
	}
	if err != nil {
		return nil, err
	}
	cur, cerr := giftcard.NormalizeCurrency(cfg.Currency)
	exp, known := giftcard.CurrencyExponent(cur)
	if cerr != nil || !known {
		return nil, ck.Invalid("Currency", fmt.Sprintf("%q is not a currency whose decimals the SDK knows", cfg.Currency))
	}
	gc := giftcard.NewConfig(opts...)
	if gc.BaseURL == "" {
		gc.BaseURL = cfg.BaseURL
	}
	if gc.BaseURL == "" {
		gc.BaseURL = SandboxURL
	}
	signer := cfg.Signer
	if signer == nil {
		signer = NewHMACSigner(cfg.ClientID, cfg.ClientSecret)
	}
	c := &Client{clientID: cfg.ClientID, secret: cfg.ClientSecret, channel: cfg.LoyaltyChannel, currency: cur, exp: int32(exp)}
	a := &auth{token: newFixedToken(cfg.JWTToken), signer: signer}
	c.tr, err = transport.New(gc, transport.Options{
		Provider: providerName, Auth: a, DecodeError: decodeError, Envelope: unwrap,
	})
	if err != nil {
		return nil, err
	}
	if fetch {
		c.tokens, err = token.New(token.Config{
			Fetch: c.fetchToken(cfg.MerchantID, cfg.ChannelName), Clock: gc.Clock, Provider: providerName, Op: routeAccessToken.Op,
		})
		if err != nil {
			return nil, err
		}
		a.token = c.tokens.Authenticator(HeaderToken, "")
	}
	return c, nil
}

// Name returns "loyalty".
func (c *Client) Name() string { return providerName }

// BaseURL returns the URL requests go to.
func (c *Client) BaseURL() string { return c.tr.BaseURL() }

// ClientID returns the developer id the client puts into every body.
func (c *Client) ClientID() string { return c.clientID }

// LoyaltyChannel returns the channel sent when a request names none.
func (c *Client) LoyaltyChannel() string { return c.channel }

// Currency returns the card currency.
func (c *Client) Currency() string { return c.currency }

// String describes the client without any credential.
func (c *Client) String() string {
	return "loyalty.Client{BaseURL:" + c.tr.BaseURL() + " ClientID:" + c.clientID + " LoyaltyChannel:" + c.channel +
		" Currency:" + c.currency + "}"
}

// GoString is String, so %#v shows no credential either.
func (c *Client) GoString() string { return c.String() }

// Format prints String for every verb.
func (c *Client) Format(f fmt.State, _ rune) { _, _ = fmt.Fprint(f, c.String()) }

// LogValue makes slog print String.
func (c *Client) LogValue() slog.Value { return slog.StringValue(c.String()) }

// usedKey carries a call's *usedToken: the jwt-token its last attempt sent.
type usedKey struct{}

type usedToken struct{ v string }

// call sends r and decodes the payload into a T (see transport.CallChecked).
// When the client fetches its token and the answer is code 401 inside an
// HTTP 200 (an HTTP 401 is handled by the transport), the token that
// request carried is dropped if still current and the request is sent once
// more with a fresh one: a refused request was not processed.
func call[T any](ctx context.Context, c *Client, r *transport.Request, check func(*T) error) (T, *transport.Response, error) {
	if c.tokens == nil || r.NoAuth {
		return transport.CallChecked(ctx, c.tr, r, check)
	}
	used := &usedToken{}
	ctx = context.WithValue(ctx, usedKey{}, used)
	v, res, err := transport.CallChecked(ctx, c.tr, r, check)
	if err == nil || !tokenRefused(err) {
		return v, res, err
	}
	c.tokens.Invalidate(used.v)
	return transport.CallChecked(ctx, c.tr, r, check)
}

// tokenRefused reports an answer code 401 inside an HTTP 200.
func tokenRefused(err error) bool {
	var ae *APIError
	return errors.As(err, &ae) && ae.HTTPStatus == 200 && ae.Code == CodeUnauthorized
}
