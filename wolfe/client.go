package wolfe

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/check"
	"github.com/giftcard-go/giftcard/internal/transport"
)

const providerName = "wolfe"

// ck builds every validation error of this package.
var ck = check.For(providerName)

// The headers Wolfe reads on every request.
const (
	// HeaderPartnerKey carries Config.PartnerKey on every request.
	HeaderPartnerKey = "partner-key"
	// HeaderTenantID carries Config.TenantID when it is set.
	HeaderTenantID = "tenant-id"
)

// The canonical forms of the two header names, as http.Header keys them
// (names are case-insensitive on the wire).
const (
	canonicalPartnerKey = "Partner-Key"
	canonicalTenantID   = "Tenant-Id"
)

// The environment variables ConfigFromEnv reads.
const (
	EnvBaseURL    = "WOLFE_BASE_URL"
	EnvPartnerKey = "WOLFE_PARTNER_KEY"
	EnvCompanyID  = "WOLFE_COMPANY_ID"
	EnvTenantID   = "WOLFE_TENANT_ID"
)

// ErrNoEnvironment is what ConfigFromEnv returns when none of the WOLFE_*
// variables is set: the caller decides what that means (the examples run
// against wolfetest).
var ErrNoEnvironment = errors.New("wolfe: none of WOLFE_BASE_URL, WOLFE_PARTNER_KEY, WOLFE_COMPANY_ID, WOLFE_TENANT_ID is set")

// Config is what a Wolfe client needs. PartnerKey, CompanyID and BaseURL
// are required; TenantID is optional.
type Config struct {
	// PartnerKey is the API key from the account manager, sent as the
	// partner-key header on every request. It never appears in a log line,
	// an error or fmt output.
	PartnerKey giftcard.Secret
	// CompanyID is the company id (a UUID) Wolfe assigned to the partner;
	// every route carries it in its path.
	CompanyID string
	// TenantID, when set, is sent as the tenant-id header on every request.
	TenantID string
	// BaseURL is the Wolfe environment (the docs name none, so there is no
	// default: real money is never spent by omission). giftcard.WithBaseURL,
	// when given, overrides it.
	BaseURL string
}

// LogValue makes slog print the Config with the partner key masked. (fmt
// masks it already; slog's JSON handler would otherwise marshal the struct,
// and a giftcard.Secret marshals to its real value.)
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.Any("partner_key", c.PartnerKey), slog.String("company_id", c.CompanyID),
		slog.String("tenant_id", c.TenantID), slog.String("base_url", c.BaseURL))
}

// ConfigFromEnv reads the Config from WOLFE_BASE_URL, WOLFE_PARTNER_KEY,
// WOLFE_COMPANY_ID and WOLFE_TENANT_ID (optional). When none is set it
// returns ErrNoEnvironment; when some are set and a required one is not, a
// *giftcard.ValidationError naming every missing variable. New itself
// never reads the environment.
func ConfigFromEnv() (Config, error) { return ConfigFromLookup(os.Getenv) }

// ConfigFromLookup is ConfigFromEnv reading variables through getenv (a
// test's map, or os.Getenv).
func ConfigFromLookup(getenv func(string) string) (Config, error) {
	cfg := Config{
		BaseURL:    strings.TrimSpace(getenv(EnvBaseURL)),
		PartnerKey: giftcard.Secret(strings.TrimSpace(getenv(EnvPartnerKey))),
		CompanyID:  strings.TrimSpace(getenv(EnvCompanyID)),
		TenantID:   strings.TrimSpace(getenv(EnvTenantID)),
	}
	if cfg.BaseURL == "" && cfg.PartnerKey.IsZero() && cfg.CompanyID == "" && cfg.TenantID == "" {
		return Config{}, ErrNoEnvironment
	}
	var missing []string
	if cfg.BaseURL == "" {
		missing = append(missing, EnvBaseURL)
	}
	if cfg.PartnerKey.IsZero() {
		missing = append(missing, EnvPartnerKey)
	}
	if cfg.CompanyID == "" {
		missing = append(missing, EnvCompanyID)
	}
	if len(missing) > 0 {
		return Config{}, &giftcard.ValidationError{Provider: providerName, Field: strings.Join(missing, ", "),
			Reason: "not set, while other WOLFE_* variables are: set all of WOLFE_BASE_URL, WOLFE_PARTNER_KEY and WOLFE_COMPANY_ID, or none to use a sandbox"}
	}
	return cfg, nil
}

// Client is a Wolfe Partner API client. The operations are grouped by area
// in services (Funding, Merchants, Gifts, CardLinks, Redemptions, Cards,
// Credits, Webhooks), each method calling
// one documented route with Wolfe's own types; the Client itself implements
// giftcard.Catalog, giftcard.Wallet, giftcard.Orders and giftcard.Gifts.
// Safe for concurrent use.
type Client struct {
	// Funding is the funding account: balance, transactions, deposits (W1–W4).
	Funding *FundingService
	// Merchants is merchant onboarding and the merchant catalog with its
	// locations (W5–W10).
	Merchants *MerchantsService
	// Gifts is the gift lifecycle: purchase, read, events, claim, cancel
	// (W11–W16), and merchant swap, merchant selection and regift
	// (W21–W23).
	Gifts *GiftsService
	// CardLinks is card linking: the attempts log, card-link sessions,
	// unlinking (W17–W20).
	CardLinks *CardLinksService
	// Redemptions redeems gifts as eGifts, Visa cards and Zelle transfers
	// and reads what they produced (W24–W31).
	Redemptions *RedemptionsService
	// Cards is the bank cards recipients enrolled or linked (W32, W33).
	Cards *CardsService
	// Credits is the credits paid to linked cards, the merchant
	// transactions behind them, and missing credits (W34–W37).
	Credits *CreditsService
	// Webhooks is the webhook configuration and portal link (W38–W40).
	Webhooks *WebhooksService

	tr      *transport.Client
	company string
	tenant  string
	common  service
}

// service is what every service holds: the client.
type service struct{ c *Client }

// unconfigured stands in for the client of a zero Client's services (whose
// service pointers are nil): every call through it fails with an error
// saying the Client was not built with New, never a nil-pointer panic.
var unconfigured = &Client{}

// client returns the service's client, or unconfigured; each service type
// has the same method.
func (s *CardLinksService) client() *Client   { return (*service)(s).client() }
func (s *CardsService) client() *Client       { return (*service)(s).client() }
func (s *CreditsService) client() *Client     { return (*service)(s).client() }
func (s *FundingService) client() *Client     { return (*service)(s).client() }
func (s *GiftsService) client() *Client       { return (*service)(s).client() }
func (s *MerchantsService) client() *Client   { return (*service)(s).client() }
func (s *RedemptionsService) client() *Client { return (*service)(s).client() }
func (s *WebhooksService) client() *Client    { return (*service)(s).client() }

// client is the service's client, or unconfigured.
func (s *service) client() *Client {
	if s == nil || s.c == nil {
		return unconfigured
	}
	return s.c
}

var (
	_ giftcard.Provider = (*Client)(nil)
	_ giftcard.Catalog  = (*Client)(nil)
	_ giftcard.Wallet   = (*Client)(nil)
	_ giftcard.Orders   = (*Client)(nil)
	_ giftcard.Gifts    = (*Client)(nil)
)

// New builds a client. Nothing is sent until the first call. A missing
// partner key, company id or base URL, a company id that is not a UUID, or
// a header value that would corrupt a request is a
// *giftcard.ValidationError naming the field.
func New(cfg Config, opts ...giftcard.Option) (*Client, error) {
	company := strings.TrimSpace(cfg.CompanyID)
	tenant := strings.TrimSpace(cfg.TenantID)
	if err := check.First(
		required("PartnerKey", cfg.PartnerKey.IsZero()),
		ck.Header("PartnerKey", cfg.PartnerKey.Reveal()),
		ck.Required("CompanyID", company),
		ck.UUID("CompanyID", company),
		ck.Header("TenantID", tenant),
	); err != nil {
		return nil, err
	}
	gc := giftcard.NewConfig(opts...)
	if gc.BaseURL == "" {
		gc.BaseURL = cfg.BaseURL
	}
	if strings.TrimSpace(gc.BaseURL) == "" {
		return nil, ck.Invalid("BaseURL", "required: Wolfe's documentation names no environment; set the URL your account manager gave you, or a wolfetest sandbox's")
	}
	// The header values are built once and set under their canonical names
	// directly (Header.Set would canonicalize and allocate on every
	// request); len == cap, so a later Add copies instead of writing here.
	keyValue := []string{cfg.PartnerKey.Reveal()}
	var tenantValue []string
	if tenant != "" {
		tenantValue = []string{tenant}
	}
	auth := transport.AuthFunc(func(_ context.Context, req *http.Request, _ []byte) error {
		req.Header[canonicalPartnerKey] = keyValue
		if tenantValue != nil {
			req.Header[canonicalTenantID] = tenantValue
		}
		return nil
	})
	tr, err := transport.New(gc, transport.Options{
		Provider: providerName, Auth: auth, DecodeError: decodeError, Envelope: envelope,
	})
	if err != nil {
		return nil, err
	}
	c := &Client{tr: tr, company: company, tenant: tenant}
	c.common.c = c
	c.Funding = (*FundingService)(&c.common)
	c.Merchants = (*MerchantsService)(&c.common)
	c.Gifts = (*GiftsService)(&c.common)
	c.CardLinks = (*CardLinksService)(&c.common)
	c.Redemptions = (*RedemptionsService)(&c.common)
	c.Cards = (*CardsService)(&c.common)
	c.Credits = (*CreditsService)(&c.common)
	c.Webhooks = (*WebhooksService)(&c.common)
	return c, nil
}

func required(field string, missing bool) error {
	if missing {
		return ck.Invalid(field, "required")
	}
	return nil
}

// Name returns "wolfe".
func (c *Client) Name() string { return providerName }

// BaseURL is the environment the client talks to.
func (c *Client) BaseURL() string { return c.tr.BaseURL() }

// CompanyID is the company id every route carries.
func (c *Client) CompanyID() string { return c.company }

// String describes the client without its partner key.
func (c *Client) String() string {
	s := "wolfe.Client{BaseURL:" + c.tr.BaseURL() + " CompanyID:" + c.company
	if c.tenant != "" {
		s += " TenantID:" + c.tenant
	}
	return s + "}"
}

// GoString is String, so %#v shows no credential either.
func (c *Client) GoString() string { return c.String() }

// Format prints String for every verb, so no verb can walk the fields.
func (c *Client) Format(f fmt.State, verb rune) {
	switch verb {
	case 'q':
		_, _ = fmt.Fprintf(f, "%q", c.String())
	default:
		_, _ = io.WriteString(f, c.String())
	}
}

// LogValue makes slog print the client without its partner key.
func (c *Client) LogValue() slog.Value {
	return slog.GroupValue(slog.String("base_url", c.tr.BaseURL()), slog.String("company_id", c.company),
		slog.String("tenant_id", c.tenant))
}

// req builds the request of rt, the company id first among its path
// arguments.
func (c *Client) req(rt giftcard.Route, args ...string) *transport.Request {
	switch len(args) {
	case 0:
		return c.tr.NewRequest(rt, c.company)
	case 1:
		return c.tr.NewRequest(rt, c.company, args[0])
	}
	return c.tr.NewRequest(rt, append([]string{c.company}, args...)...)
}
