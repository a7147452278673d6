package orbt

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"strings"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/check"
	"github.com/giftcard-go/giftcard/internal/transport"
)

const providerName = "orbt"

// Environment is an ORBT base URL. The three documented ones are exported;
// any other http(s) URL (a proxy, the orbttest sandbox) works through
// Config.BaseURL or giftcard.WithBaseURL.
type Environment string

// The documented environments.
const (
	// UAT is the staging environment of the ORBT user guide.
	UAT Environment = "https://api-uat.ncentiva.com"
	// Production is the production environment of the ORBT user guide.
	Production Environment = "https://api.ncentiva.com"
	// Partner is the environment of the current public API reference
	// (docs.orbt.com), which signs the body hash.
	Partner Environment = "https://partner.orbt.com"
)

// DefaultSigning is the scheme an environment uses when Config.Signing is
// SigningDefault: SignRawBody for UAT and Production (the guide's recipe),
// SignBodyHash for Partner and for any other URL (the current scheme).
func (e Environment) DefaultSigning() SigningScheme {
	switch Environment(strings.TrimRight(string(e), "/")) {
	case UAT, Production:
		return SignRawBody
	}
	return SignBodyHash
}

// Config holds the ORBT credentials and environment.
type Config struct {
	// APIKey is sent in x-api-key.
	APIKey giftcard.Secret
	// ClientID is the partner UUID sent in x-client-id and signed.
	ClientID string
	// HMACSecret keys the request signature; it is never sent.
	HMACSecret giftcard.Secret
	// Environment picks the base URL and the default signing scheme.
	Environment Environment
	// BaseURL overrides the Environment's URL (giftcard.WithBaseURL
	// overrides both). Either Environment or a base URL is required.
	BaseURL string
	// Signing is the signature scheme; SigningDefault follows Environment
	// (or, without one, the base URL when it is a documented environment,
	// else SignBodyHash).
	Signing SigningScheme
}

// LogValue makes slog print the Config with the API key and the HMAC secret
// masked. (fmt masks them already; slog's JSON handler would otherwise
// marshal the struct, and a giftcard.Secret marshals to its real value.)
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.Any("api_key", c.APIKey), slog.String("client_id", c.ClientID), slog.Any("hmac_secret", c.HMACSecret),
		slog.String("environment", string(c.Environment)), slog.String("base_url", c.BaseURL),
		slog.String("signing", c.Signing.String()))
}

// Client is an ORBT partner API client. It exposes every documented
// operation and implements giftcard.Gifts. Safe for concurrent use.
//
// Build it with New: a zero Client, or a nil *Client, fails every call with
// an error (nothing is sent) rather than panicking.
type Client struct {
	tc     *transport.Client
	scheme SigningScheme
}

var _ giftcard.Gifts = (*Client)(nil)
var _ giftcard.Provider = (*Client)(nil)

// ck builds this package's validation errors.
var ck = check.For(providerName)

// New validates cfg and builds a Client. Missing credentials, and an API key
// or client id holding a control character (CR, LF, NUL …: it would corrupt
// the header it travels in), fail with a *giftcard.ValidationError naming
// the field; nothing is sent.
func New(cfg Config, opts ...giftcard.Option) (*Client, error) {
	if err := check.First(
		ck.Required("APIKey", cfg.APIKey.Reveal()), ck.Header("APIKey", cfg.APIKey.Reveal()),
		ck.Required("ClientID", cfg.ClientID), ck.Header("ClientID", cfg.ClientID),
		ck.Required("HMACSecret", cfg.HMACSecret.Reveal()),
		check.Range(ck, "Signing", cfg.Signing, SigningDefault, SignBodyHash),
	); err != nil {
		return nil, err
	}
	gc := giftcard.NewConfig(opts...)
	base := gc.BaseURL
	if base == "" {
		base = cfg.BaseURL
	}
	if base == "" {
		base = string(cfg.Environment)
	}
	if base == "" {
		return nil, ck.Invalid("Environment", "set Environment (orbt.UAT, orbt.Production, orbt.Partner) or a base URL")
	}
	scheme := cfg.Signing
	if scheme == SigningDefault {
		if cfg.Environment != "" {
			scheme = cfg.Environment.DefaultSigning()
		} else {
			scheme = Environment(base).DefaultSigning()
		}
	}
	gc.BaseURL = base
	dec := &errorDecoder{clock: gc.Clock, scheme: scheme}
	tc, err := transport.New(gc, transport.Options{
		Provider:    providerName,
		Auth:        newSigner(cfg.APIKey, cfg.ClientID, cfg.HMACSecret, scheme, gc.Clock),
		DecodeError: dec.decode,
		Envelope:    envelope,
	})
	if err != nil {
		return nil, err
	}
	return &Client{tc: tc, scheme: scheme}, nil
}

// Name returns "orbt".
func (c *Client) Name() string { return providerName }

// BaseURL returns the URL requests go to ("" for a Client not built by New).
func (c *Client) BaseURL() string {
	if c == nil || c.tc == nil {
		return ""
	}
	return c.tc.BaseURL()
}

// Signing returns the signature scheme in use.
func (c *Client) Signing() SigningScheme {
	if c == nil {
		return SigningDefault
	}
	return c.scheme
}

// String describes the client without any credential.
func (c *Client) String() string {
	return "orbt.Client{BaseURL:" + c.BaseURL() + " Signing:" + c.Signing().String() + "}"
}

// GoString is String, so %#v shows no credential either.
func (c *Client) GoString() string { return c.String() }

// LogValue makes slog print the client without its credentials.
func (c *Client) LogValue() slog.Value {
	return slog.GroupValue(slog.String("base_url", c.BaseURL()), slog.String("signing", c.Signing().String()))
}

// Ping checks the credentials and the signing scheme with the cheapest
// signed call there is, a one-item page of the customer list, and returns
// nil when ORBT accepts them. A refusal matches giftcard.ErrUnauthorized
// and says what to check (API key, client id, HMAC secret, signing scheme,
// clock skew measured from the answer's Date header).
func (c *Client) Ping(ctx context.Context) error {
	r := c.req(routeListCustomers)
	r.Op = "Ping"
	r.Query, _ = ListOptions{Size: 1}.query()
	_, _, err := transport.CallChecked(ctx, c.tr(), r, checkList[customerSummaryWire])
	return err
}

// tr is the transport; nil for a Client not built by New, whose calls then
// fail before anything is sent.
func (c *Client) tr() *transport.Client {
	if c == nil {
		return nil
	}
	return c.tc
}

// logger is the client's logger; nil (none) for a Client not built by New.
func (c *Client) logger() *slog.Logger {
	if c.tr() == nil {
		return nil
	}
	return c.tc.Logger()
}

// req builds the request of rt with its path parameters.
func (c *Client) req(rt giftcard.Route, args ...string) *transport.Request {
	return c.tr().NewRequest(rt, args...)
}

// validCustomerID accepts the documented integer customer id. Anything else
// is refused before the network with a ValidationError that matches
// giftcard.ErrNotFound as well as ErrInvalidRequest: no customer can have
// such an id.
func validCustomerID(field, id string) (string, error) {
	id = strings.TrimSpace(id)
	if err := ck.Required(field, id); err != nil {
		return "", err
	}
	if ck.Digits(field, id, 0) != nil || len(id) > 19 {
		return "", &giftcard.ValidationError{Provider: providerName, Field: field,
			Reason: fmt.Sprintf("%q is not an integer customer id", id), Kind: giftcard.ErrNotFound}
	}
	return id, nil
}

// ListOptions selects one page of a list. Page is zero-based; Size is 1–50,
// and 0 means the documented default, 20.
type ListOptions struct {
	// Page is the zero-based page number.
	Page int
	// Size is the page size, 1–50; 0 means DefaultPageSize.
	Size int
}

// DefaultPageSize and MaxPageSize are the documented list page sizes.
const (
	DefaultPageSize = 20
	MaxPageSize     = 50
)

func (o ListOptions) query() (map[string][]string, error) {
	size := o.Size
	if size == 0 {
		size = DefaultPageSize
	}
	if o.Page < 0 {
		return nil, ck.Invalid("page", fmt.Sprintf("%d is negative (pages are zero-based)", o.Page))
	}
	if err := check.Range(ck, "size", size, 1, MaxPageSize); err != nil {
		return nil, err
	}
	return map[string][]string{"page": {strconv.Itoa(o.Page)}, "size": {strconv.Itoa(size)}}, nil
}

// Page is one page of a list answer ({content, page, size, hasNext}).
type Page[T any] struct {
	// Items are the page's entries (content), in the API's order.
	Items []T
	// Page is the zero-based page number the API answered.
	Page int
	// Size is the page size the API answered.
	Size int
	// HasNext reports whether a later page has entries.
	HasNext bool
}
