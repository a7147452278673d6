package orbt

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/mail"
	"net/url"
	"strings"

	"github.com/giftcard-go/giftcard"
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
type Client struct {
	tc     *transport.Client
	scheme SigningScheme
}

var _ giftcard.Gifts = (*Client)(nil)
var _ giftcard.Provider = (*Client)(nil)

// New validates cfg and builds a Client. Missing credentials fail with a
// *giftcard.ValidationError naming the field; nothing is sent.
func New(cfg Config, opts ...giftcard.Option) (*Client, error) {
	switch {
	case cfg.APIKey.IsZero():
		return nil, invalid("APIKey", "required")
	case strings.TrimSpace(cfg.ClientID) == "":
		return nil, invalid("ClientID", "required")
	case cfg.HMACSecret.IsZero():
		return nil, invalid("HMACSecret", "required")
	case strings.ContainsAny(cfg.ClientID, "\r\n"):
		return nil, invalid("ClientID", "must not contain line breaks (it is part of the signed text)")
	}
	if cfg.Signing < SigningDefault || cfg.Signing > SignBodyHash {
		return nil, invalid("Signing", fmt.Sprintf("unknown scheme %d", int(cfg.Signing)))
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
		return nil, invalid("Environment", "set Environment (orbt.UAT, orbt.Production, orbt.Partner) or a base URL")
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
	tc, err := transport.New(gc, transport.Options{
		Provider:    providerName,
		Auth:        newSigner(cfg.APIKey, cfg.ClientID, cfg.HMACSecret, scheme, gc.Clock),
		DecodeError: decodeError,
	})
	if err != nil {
		return nil, err
	}
	return &Client{tc: tc, scheme: scheme}, nil
}

// Name returns "orbt".
func (c *Client) Name() string { return providerName }

// BaseURL returns the URL requests go to.
func (c *Client) BaseURL() string { return c.tc.BaseURL() }

// Signing returns the signature scheme in use.
func (c *Client) Signing() SigningScheme { return c.scheme }

// call sends r and returns the response body, or the error. A 2xx whose
// body says success:false becomes an error too. An unreadable 2xx body of a
// request that is not idempotent is marked OutcomeUnknown.
func (c *Client) call(ctx context.Context, r *transport.Request) (*transport.Response, error) {
	res, err := c.tc.Do(withStamps(ctx), r, nil)
	if err != nil {
		return res, err
	}
	if e := failedEnvelope(res); e != nil {
		e.Provider, e.Op = providerName, r.Op
		return res, e
	}
	return res, nil
}

// badResponse is the error for a 2xx body that does not decode.
func badResponse(r *transport.Request, res *transport.Response, cause error) error {
	idem := r.Idempotent || r.Method == http.MethodGet
	return &giftcard.Error{
		Provider: providerName, Op: r.Op, StatusCode: res.StatusCode, RequestID: res.RequestID,
		Attempts: res.Attempts, Kind: giftcard.ErrInvalidResponse, OutcomeUnknown: !idem,
		Message: "response body is not the expected JSON", Err: cause,
	}
}

func invalid(field, reason string) *giftcard.ValidationError {
	return giftcard.Invalid(providerName, field, reason)
}

// validEmail accepts a bare address (local@domain), as the API stores it.
func validEmail(field, s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", invalid(field, "required")
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" || !strings.Contains(s[strings.LastIndexByte(s, '@')+1:], ".") {
		return "", invalid(field, fmt.Sprintf("%q is not an email address", s))
	}
	return s, nil
}

// validCustomerID accepts the documented integer customer id. Anything else
// is refused before the network with a ValidationError that matches
// giftcard.ErrNotFound as well as ErrInvalidRequest: no customer can have
// such an id.
func validCustomerID(field, id string) (string, error) {
	id = strings.TrimSpace(id)
	if id == "" {
		return "", invalid(field, "required")
	}
	ok := len(id) <= 19
	for i := 0; ok && i < len(id); i++ {
		ok = id[i] >= '0' && id[i] <= '9'
	}
	if !ok {
		return "", &giftcard.ValidationError{Provider: providerName, Field: field,
			Reason: fmt.Sprintf("%q is not an integer customer id", id), Kind: giftcard.ErrNotFound}
	}
	return id, nil
}

// ListOptions selects one page of a list. Page is zero-based; Size is 1–50,
// and 0 means the documented default, 20.
type ListOptions struct {
	Page int
	Size int
}

// DefaultPageSize and MaxPageSize are the documented list page sizes.
const (
	DefaultPageSize = 20
	MaxPageSize     = 50
)

func (o ListOptions) query() (url.Values, error) {
	if o.Page < 0 {
		return nil, invalid("page", fmt.Sprintf("%d is negative (pages are zero-based)", o.Page))
	}
	size := o.Size
	if size == 0 {
		size = DefaultPageSize
	}
	if size < 1 || size > MaxPageSize {
		return nil, invalid("size", fmt.Sprintf("%d is outside 1–%d", o.Size, MaxPageSize))
	}
	return url.Values{"page": {fmt.Sprint(o.Page)}, "size": {fmt.Sprint(size)}}, nil
}

// Page is one page of a list answer ({content, page, size, hasNext}).
type Page[T any] struct {
	Items   []T
	Page    int
	Size    int
	HasNext bool
}

// walk returns a lazy sequence over every item of every page, fetching a
// page only when the previous one is used up. An error is yielded once and
// ends the sequence.
func walk[T any](ctx context.Context, size int, fetch func(context.Context, ListOptions) (Page[T], error)) func(yield func(T, error) bool) {
	return func(yield func(T, error) bool) {
		var zero T
		for page := 0; ; page++ {
			p, err := fetch(ctx, ListOptions{Page: page, Size: size})
			if err != nil {
				yield(zero, err)
				return
			}
			for _, it := range p.Items {
				if !yield(it, nil) {
					return
				}
			}
			// A server that claims more pages but sends an empty one would
			// loop forever; stop there.
			if !p.HasNext || len(p.Items) == 0 {
				return
			}
		}
	}
}

// rawJSON copies b so a kept Raw field does not alias a reused buffer.
func rawJSON(b []byte) json.RawMessage {
	if len(b) == 0 {
		return nil
	}
	return append(json.RawMessage(nil), b...)
}

// asAPIError returns err's *giftcard.Error, if any.
func asAPIError(err error) (*giftcard.Error, bool) {
	var e *giftcard.Error
	ok := errors.As(err, &e)
	return e, ok
}
