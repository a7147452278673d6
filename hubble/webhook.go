package hubble

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/webhook"
	"github.com/giftcard-go/giftcard/internal/wire"
)

// This file holds Hubble's webhooks: its four payloads and its X-Verify
// signature. Everything else a handler does — the method check, the capped
// read with a deadline, the source-IP allow-list, 401 before user code, the
// replay guard — is the kit's (internal/webhook).

// SignatureHeader carries base64(HMAC-SHA256(raw body, shared secret)).
const SignatureHeader = "X-Verify"

// DefaultWebhookMaxBytes caps a webhook body; a larger one is answered 413.
const DefaultWebhookMaxBytes = webhook.DefaultMaxBytes

// DefaultWebhookReadTimeout bounds reading a webhook body; a body still
// arriving after it is answered 408.
const DefaultWebhookReadTimeout = webhook.DefaultReadTimeout

// WebhookIPs are the addresses Hubble documents for its production webhook
// calls, for WithAllowedIPs.
func WebhookIPs() []string { return []string{"35.200.156.199", "34.47.147.244", "34.14.138.52"} }

// Sign returns the X-Verify value for body: base64(HMAC-SHA256(body,
// secret)), as Hubble computes it.
func Sign(body []byte, secret giftcard.Secret) string {
	m := hmac.New(sha256.New, []byte(secret.Reveal()))
	m.Write(body)
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// VerifySignature reports whether signature is the X-Verify of body under
// secret, comparing in constant time. An empty secret never verifies.
func VerifySignature(body []byte, signature string, secret giftcard.Secret) bool {
	v, err := verifier([]giftcard.Secret{secret})
	return err == nil && v.Verify(&http.Request{Header: http.Header{SignatureHeader: {signature}}}, body) == nil
}

// verifier is Hubble's X-Verify scheme over the kit's HMAC verifier: any
// of secrets verifies (rotation).
func verifier(secrets []giftcard.Secret) (*webhook.HMAC, error) {
	return webhook.NewHMAC(webhook.HMACConfig{Header: SignatureHeader, Encoding: webhook.Base64, Secrets: secrets})
}

// OrderEvent is the "Order Reached Terminal State" webhook: {"id",
// "status"}. The integration guide writes the id as "orderId"; both are
// accepted.
type OrderEvent struct {
	ID     string      `json:"id"`     // the order's Hubble id ("id", or the guide's "orderId")
	Status OrderStatus `json:"status"` // the state it reached
	// Order is the full order, fetched before your function runs when the
	// handler was built with FetchOrder; nil otherwise. It holds the
	// vouchers' credentials: the event prints and logs masked.
	Order *Order          `json:"-"`
	Raw   json.RawMessage `json:"-"` // the body as received
}

// UnmarshalJSON reads {"id","status"} (or the guide's "orderId") and keeps
// the body; it needs an id and a status.
func (e *OrderEvent) UnmarshalJSON(body []byte) error {
	var w struct {
		ID      string      `json:"id"`
		OrderID string      `json:"orderId"`
		Status  OrderStatus `json:"status"`
	}
	if err := json.Unmarshal(body, &w); err != nil {
		return fmt.Errorf("hubble: order webhook: %w", err)
	}
	if w.ID == "" {
		w.ID = w.OrderID
	}
	if w.ID == "" || w.Status == "" {
		return errors.New("hubble: order webhook: id and status are required")
	}
	*e = OrderEvent{ID: w.ID, Status: w.Status, Raw: append(json.RawMessage(nil), body...)}
	return nil
}

// ParseOrderEvent decodes an order webhook body. It needs an id (or
// orderId) and a status.
func ParseOrderEvent(body []byte) (OrderEvent, error) { return parse[OrderEvent](body) }

// String prints the event; the fetched order, if any, masked.
func (e OrderEvent) String() string {
	return fmt.Sprintf("hubble.OrderEvent{ID:%s Status:%s Order:%v}", e.ID, e.Status, e.Order)
}

// GoString is String, for %#v.
func (e OrderEvent) GoString() string { return e.String() }

// Format prints String for every verb, so none reaches the fetched order's
// Raw or the credentials of its vouchers.
func (e OrderEvent) Format(f fmt.State, verb rune) { formatMasked(f, verb, e.String()) }

// LogValue makes slog print the event, the fetched order masked.
func (e OrderEvent) LogValue() slog.Value {
	attrs := []slog.Attr{slog.String("id", e.ID), slog.String("status", string(e.Status))}
	if e.Order != nil {
		attrs = append(attrs, slog.Any("order", *e.Order))
	}
	return slog.GroupValue(attrs...)
}

// BrandUpdate is the "Brand Updated" webhook: a brand's status,
// denominations or amount restrictions changed.
type BrandUpdate struct {
	ID                 string              `json:"id"`                 // the brand (product) id
	DenominationType   DenominationType    `json:"denominationType"`   // FIXED or FLEXIBLE
	Status             BrandStatus         `json:"status"`             // ACTIVE or INACTIVE
	Denominations      []decimal.Decimal   `json:"denominations"`      // the allowed face values (FIXED)
	AmountRestrictions *AmountRestrictions `json:"amountRestrictions"` // the new rules; nil when absent
	Raw                json.RawMessage     `json:"-"`                  // the body as received
}

// brandUpdateJSON is BrandUpdate on the wire, amounts as JSON numbers.
type brandUpdateJSON struct {
	ID                 string              `json:"id"`
	DenominationType   DenominationType    `json:"denominationType"`
	Status             BrandStatus         `json:"status"`
	Denominations      []wire.Decimal      `json:"denominations"`
	AmountRestrictions *AmountRestrictions `json:"amountRestrictions"`
}

// UnmarshalJSON reads the update and keeps the body; it needs an id.
func (u *BrandUpdate) UnmarshalJSON(body []byte) error {
	var w brandUpdateJSON
	if err := json.Unmarshal(body, &w); err != nil {
		return fmt.Errorf("hubble: brand webhook: %w", err)
	}
	if w.ID == "" {
		return errors.New("hubble: brand webhook: id is required")
	}
	*u = BrandUpdate{ID: w.ID, DenominationType: w.DenominationType, Status: w.Status,
		Denominations: decimals(w.Denominations), AmountRestrictions: w.AmountRestrictions,
		Raw: append(json.RawMessage(nil), body...)}
	return nil
}

// MarshalJSON writes the update with amounts as JSON numbers.
func (u BrandUpdate) MarshalJSON() ([]byte, error) {
	return json.Marshal(brandUpdateJSON{u.ID, u.DenominationType, u.Status, numbers(u.Denominations), u.AmountRestrictions})
}

// ParseBrandUpdate decodes a brand-updated webhook body; it needs an id.
func ParseBrandUpdate(body []byte) (BrandUpdate, error) { return parse[BrandUpdate](body) }

// LowBalance is the "Wallet Low Balance" webhook: the balance fell below
// the configured threshold (both in the client's currency).
type LowBalance struct {
	Balance   decimal.Decimal // the wallet balance now
	Threshold decimal.Decimal // the configured threshold it fell below (zero when absent)
	Raw       json.RawMessage // the body as received
}

// lowBalanceJSON is LowBalance on the wire.
type lowBalanceJSON struct {
	Balance   wire.Decimal `json:"balance"`
	Threshold wire.Decimal `json:"threshold"`
}

// UnmarshalJSON reads {"balance","threshold"} and keeps the body; it needs a
// balance.
func (l *LowBalance) UnmarshalJSON(body []byte) error {
	var w lowBalanceJSON
	if err := json.Unmarshal(body, &w); err != nil {
		return fmt.Errorf("hubble: low-balance webhook: %w", err)
	}
	if !w.Balance.Valid {
		return errors.New("hubble: low-balance webhook: balance is required")
	}
	*l = LowBalance{Balance: w.Balance.V, Threshold: w.Threshold.V, Raw: append(json.RawMessage(nil), body...)}
	return nil
}

// MarshalJSON writes {"balance","threshold"} as JSON numbers.
func (l LowBalance) MarshalJSON() ([]byte, error) {
	return json.Marshal(lowBalanceJSON{wire.D(l.Balance), wire.D(l.Threshold)})
}

// ParseLowBalance decodes a low-balance webhook body; it needs a balance.
func ParseLowBalance(body []byte) (LowBalance, error) { return parse[LowBalance](body) }

// Brand discount events.
const (
	EventDiscountUpdated = "USER_DISCOUNT_UPDATED"
	EventNewBrand        = "NEW_BRAND_CREATED"
	EventBrandDisabled   = "BRAND_DISABLED"
)

// BrandDiscount is the "Brand Discount Update" webhook: {"event",
// "details":{id, name, discountPercentage}}. Unknown events are kept.
type BrandDiscount struct {
	Event   string               `json:"event"`   // EventDiscountUpdated, EventNewBrand, EventBrandDisabled or another
	Details BrandDiscountDetails `json:"details"` // which brand, and its discount
	Raw     json.RawMessage      `json:"-"`       // the body as received
}

// UnmarshalJSON reads the event and keeps the body; it needs an event and a
// brand id.
func (d *BrandDiscount) UnmarshalJSON(body []byte) error {
	type plain BrandDiscount
	var p plain
	if err := json.Unmarshal(body, &p); err != nil {
		return fmt.Errorf("hubble: discount webhook: %w", err)
	}
	if p.Event == "" || p.Details.ID == "" {
		return errors.New("hubble: discount webhook: event and details.id are required")
	}
	*d = BrandDiscount(p)
	d.Raw = append(json.RawMessage(nil), body...)
	return nil
}

// ParseBrandDiscount decodes a brand-discount webhook body; it needs an
// event and a brand id.
func ParseBrandDiscount(body []byte) (BrandDiscount, error) { return parse[BrandDiscount](body) }

// BrandDiscountDetails names the brand and its discount (a percentage: 5
// means 5 %; zero when the event carries none).
type BrandDiscountDetails struct {
	ID                 string          `json:"id"`                 // the brand (product) id
	Name               string          `json:"name"`               // the brand's title
	DiscountPercentage decimal.Decimal `json:"discountPercentage"` // 5 means 5 %
}

// MarshalJSON writes the details with the percentage as a JSON number (left
// out when zero).
func (d BrandDiscountDetails) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		ID                 string       `json:"id"`
		Name               string       `json:"name"`
		DiscountPercentage wire.Decimal `json:"discountPercentage,omitzero"`
	}{d.ID, d.Name, limit(d.DiscountPercentage)})
}

// parse decodes a webhook body into a T (whose UnmarshalJSON checks the
// required fields).
func parse[T any](body []byte) (T, error) {
	var v T
	err := json.Unmarshal(body, &v)
	return v, err
}

// WebhookOption configures a webhook handler.
type WebhookOption func(*webhookConfig)

type webhookConfig struct {
	secrets     []giftcard.Secret
	insecure    bool
	allow       []string
	proxies     []string
	maxBytes    int64
	readTimeout time.Duration
	fetchOrder  bool
	noReplay    bool
	log         *slog.Logger
}

// WithWebhookSecret sets (or overrides the client's) shared secret: a
// request whose X-Verify does not match is answered 401 and never reaches
// your function.
func WithWebhookSecret(s giftcard.Secret) WebhookOption {
	return func(c *webhookConfig) { c.secrets = []giftcard.Secret{s} }
}

// WithWebhookSecrets accepts a signature made with any of these secrets, so
// a secret can be rotated: list the new one next to the old one until
// Hubble signs with the new one only. It overrides the client's secret.
func WithWebhookSecrets(s ...giftcard.Secret) WebhookOption {
	return func(c *webhookConfig) { c.secrets = append([]giftcard.Secret(nil), s...) }
}

// InsecureSkipVerify builds a handler that verifies nothing when no secret
// is configured: every request that passes the other checks reaches your
// function, a forged one included. Only for local development; a handler
// without a secret is otherwise refused at construction. A secret, when
// set, is still checked.
func InsecureSkipVerify() WebhookOption { return func(c *webhookConfig) { c.insecure = true } }

// WithAllowedIPs accepts requests only from these addresses or CIDR
// prefixes (others get 403 before the body is read); pass WebhookIPs() for
// Hubble's documented production addresses. An entry that does not parse is
// a construction error, so a typo fails closed.
func WithAllowedIPs(ips ...string) WebhookOption {
	return func(c *webhookConfig) { c.allow = append(c.allow, ips...) }
}

// WithTrustedProxies makes the allow-list look through these reverse
// proxies (addresses or CIDR prefixes): when the connection comes from one
// of them, the client address is the right-most X-Forwarded-For entry that
// is not itself a trusted proxy. Without this option X-Forwarded-For is
// ignored, since anyone can send it.
func WithTrustedProxies(ips ...string) WebhookOption {
	return func(c *webhookConfig) { c.proxies = append(c.proxies, ips...) }
}

// WithWebhookMaxBytes caps the body (default DefaultWebhookMaxBytes).
func WithWebhookMaxBytes(n int64) WebhookOption {
	return func(c *webhookConfig) {
		if n > 0 {
			c.maxBytes = n
		}
	}
}

// WithWebhookReadTimeout bounds reading the body (default
// DefaultWebhookReadTimeout); a body still arriving then is answered 408.
func WithWebhookReadTimeout(d time.Duration) WebhookOption {
	return func(c *webhookConfig) {
		if d > 0 {
			c.readTimeout = d
		}
	}
}

// WithoutReplayGuard turns off the replay guard. By default a handler
// delivers each order event (its id and status) at most once in 24 hours: a
// repeat — Hubble retrying, or someone replaying a captured request — is
// answered 200 without calling your function. Brand, balance and discount
// payloads carry no event id and are always delivered.
func WithoutReplayGuard() WebhookOption { return func(c *webhookConfig) { c.noReplay = true } }

// WithWebhookLogger logs refused and failed requests (never bodies or
// signatures); a client's handlers use the client's logger by default.
func WithWebhookLogger(l *slog.Logger) WebhookOption { return func(c *webhookConfig) { c.log = l } }

// FetchOrder makes the order handler fetch the full order (GET
// /v1/partners/orders/:id) and set OrderEvent.Order before your function
// runs. If the fetch fails the handler answers 503 so Hubble can try again.
// It needs a Client's handler.
func FetchOrder() WebhookOption { return func(c *webhookConfig) { c.fetchOrder = true } }

// NewWebhookHandler builds a handler for every webhook kind from the
// webhook secret alone (WithWebhookSecret or WithWebhookSecrets), without
// API credentials: what a test of your webhook code needs. A handler with
// no secret is an error unless built with InsecureSkipVerify; so is a bad
// allow-list entry, and FetchOrder (it needs a Client: use
// Client.NewWebhookHandler). See Client.WebhookHandler for what it answers.
func NewWebhookHandler(h WebhookHandlers, opts ...WebhookOption) (http.Handler, error) {
	var c *Client
	return c.newHandler(opts, c.deliver(h, ""))
}

// NewWebhookHandler is the package's NewWebhookHandler with this client's
// webhook secret (Config.WebhookSecret, unless an option overrides it) and
// logger: FetchOrder works, and a brand update or BRAND_DISABLED event drops
// the client's cached brand.
func (c *Client) NewWebhookHandler(h WebhookHandlers, opts ...WebhookOption) (http.Handler, error) {
	return c.newHandler(opts, c.deliver(h, ""))
}

// OrderWebhook handles "Order Reached Terminal State". fn runs once per
// verified, well-formed, new event; an error from it answers 500.
//
// A handler that cannot be built (no secret and no InsecureSkipVerify, a
// bad allow-list entry) refuses every request — 401, or 403 for the
// allow-list — and logs why: use NewWebhookHandler to get the error.
func (c *Client) OrderWebhook(fn func(context.Context, OrderEvent) error, opts ...WebhookOption) http.Handler {
	return c.mustHandler(opts, c.deliver(WebhookHandlers{Order: fn}, KindOrder))
}

// BrandUpdatedWebhook handles "Brand Updated". The client forgets its
// cached copy of the brand before fn runs. See OrderWebhook for a handler
// that cannot be built.
func (c *Client) BrandUpdatedWebhook(fn func(context.Context, BrandUpdate) error, opts ...WebhookOption) http.Handler {
	return c.mustHandler(opts, c.deliver(WebhookHandlers{BrandUpdated: fn}, KindBrandUpdated))
}

// LowBalanceWebhook handles "Wallet Low Balance". See OrderWebhook for a
// handler that cannot be built.
func (c *Client) LowBalanceWebhook(fn func(context.Context, LowBalance) error, opts ...WebhookOption) http.Handler {
	return c.mustHandler(opts, c.deliver(WebhookHandlers{LowBalance: fn}, KindLowBalance))
}

// BrandDiscountWebhook handles "Brand Discount Update" (and the other
// brand events sent in the same {"event","details"} shape). See
// OrderWebhook for a handler that cannot be built.
func (c *Client) BrandDiscountWebhook(fn func(context.Context, BrandDiscount) error, opts ...WebhookOption) http.Handler {
	return c.mustHandler(opts, c.deliver(WebhookHandlers{BrandDiscount: fn}, KindBrandDiscount))
}

// WebhookHandlers are the functions of a combined handler; nil ones are
// acknowledged (200) without being called.
type WebhookHandlers struct {
	Order         func(context.Context, OrderEvent) error    // Order Reached Terminal State
	BrandUpdated  func(context.Context, BrandUpdate) error   // Brand Updated
	LowBalance    func(context.Context, LowBalance) error    // Wallet Low Balance
	BrandDiscount func(context.Context, BrandDiscount) error // Brand Discount Update and other brand events
}

// WebhookKind is which webhook a body is.
type WebhookKind string

// Webhook kinds, as DetectWebhook names them.
const (
	KindOrder         WebhookKind = "order"
	KindBrandUpdated  WebhookKind = "brand_updated"
	KindLowBalance    WebhookKind = "low_balance"
	KindBrandDiscount WebhookKind = "brand_discount"
)

// DetectWebhook tells the four payloads apart by their fields, for one URL
// receiving all of them: "event" → brand discount; "threshold" → low
// balance; "denominationType", "denominations" or "amountRestrictions" →
// brand updated; "status" with "id" or "orderId" → order.
func DetectWebhook(body []byte) (WebhookKind, error) {
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(body, &keys); err != nil {
		return "", fmt.Errorf("hubble: webhook: %w", err)
	}
	has := func(k string) bool { _, ok := keys[k]; return ok }
	switch {
	case has("event"):
		return KindBrandDiscount, nil
	case has("threshold"):
		return KindLowBalance, nil
	case has("denominationType") || has("denominations") || has("amountRestrictions"):
		return KindBrandUpdated, nil
	case has("status") && (has("id") || has("orderId")):
		return KindOrder, nil
	}
	return "", errors.New("hubble: webhook: unrecognised payload")
}

// WebhookHandler is one handler for every webhook kind, dispatched with
// DetectWebhook. It accepts only POST (405), reads the body once up to
// the cap (413) within the read timeout (408), checks the source (403) and
// X-Verify (401) before anything else, answers 200 without calling your
// function for an order event it already delivered, 400 for a malformed
// payload, 500 for an error from your function (503 when FetchOrder could
// not fetch the order), and 200 on success. See OrderWebhook for a handler
// that cannot be built.
func (c *Client) WebhookHandler(h WebhookHandlers, opts ...WebhookOption) http.Handler {
	return c.mustHandler(opts, c.deliver(h, ""))
}

// deliverFunc handles one verified body; a webhook.WithStatus error picks
// the status.
type deliverFunc func(ctx context.Context, cfg *webhookConfig, body []byte) error

// deliver delivers each kind of payload to its function in h: kind's,
// or the kind DetectWebhook tells when kind is "".
func (c *Client) deliver(h WebhookHandlers, only WebhookKind) deliverFunc {
	return func(ctx context.Context, cfg *webhookConfig, body []byte) error {
		kind, err := only, error(nil)
		if kind == "" {
			if kind, err = DetectWebhook(body); err != nil {
				return webhook.WithStatus(http.StatusBadRequest, err)
			}
		}
		switch kind {
		case KindOrder:
			ev, err := ParseOrderEvent(body)
			if err != nil {
				return webhook.WithStatus(http.StatusBadRequest, err)
			}
			if h.Order == nil {
				return nil
			}
			return c.deliverOrder(ctx, cfg, ev, h.Order)
		case KindBrandUpdated:
			u, err := ParseBrandUpdate(body)
			if err != nil {
				return webhook.WithStatus(http.StatusBadRequest, err)
			}
			c.InvalidateProduct(u.ID)
			return call(ctx, u, h.BrandUpdated)
		case KindLowBalance:
			l, err := ParseLowBalance(body)
			if err != nil {
				return webhook.WithStatus(http.StatusBadRequest, err)
			}
			return call(ctx, l, h.LowBalance)
		default:
			d, err := ParseBrandDiscount(body)
			if err != nil {
				return webhook.WithStatus(http.StatusBadRequest, err)
			}
			if d.Event == EventBrandDisabled {
				c.InvalidateProduct(d.Details.ID)
			}
			return call(ctx, d, h.BrandDiscount)
		}
	}
}

func (c *Client) deliverOrder(ctx context.Context, cfg *webhookConfig, ev OrderEvent, fn func(context.Context, OrderEvent) error) error {
	if cfg.fetchOrder {
		o, err := c.Order(ctx, ev.ID)
		if err != nil {
			return webhook.WithStatus(http.StatusServiceUnavailable, err)
		}
		ev.Order = &o
	}
	return call(ctx, ev, fn)
}

func call[T any](ctx context.Context, v T, fn func(context.Context, T) error) error {
	if fn == nil {
		return nil
	}
	return fn(ctx, v)
}

// orderReplayKey is the replay key of an order event, its id and status;
// other payloads have none (a brand or balance update may repeat the same
// body for a new change).
func orderReplayKey(body []byte) string {
	if kind, err := DetectWebhook(body); err != nil || kind != KindOrder {
		return ""
	}
	ev, err := ParseOrderEvent(body)
	if err != nil {
		return ""
	}
	return "hubble:order:" + ev.ID + ":" + string(ev.Status)
}

// newHandler builds a handler on the kit's webhook front; c may be nil (a
// handler built from the secret alone).
func (c *Client) newHandler(opts []WebhookOption, deliver deliverFunc) (http.Handler, error) {
	cfg := &webhookConfig{}
	clk := giftcard.Clock(nil)
	if c != nil && c.tr != nil {
		cfg.secrets, cfg.log, clk = []giftcard.Secret{*c.webhookSecret}, c.tr.Logger(), c.clock
	}
	for _, o := range opts {
		if o != nil {
			o(cfg)
		}
	}
	wc := webhook.Config{Provider: providerName, Insecure: cfg.insecure, MaxBytes: cfg.maxBytes,
		ReadTimeout: cfg.readTimeout, Logger: cfg.log}
	if v, err := verifier(cfg.secrets); err == nil {
		wc.Verifier = v
	} else if !cfg.insecure {
		return nil, &giftcard.ValidationError{Provider: providerName, Field: "WebhookSecret",
			Reason: "required: a webhook handler verifies X-Verify with it (InsecureSkipVerify accepts unsigned webhooks on purpose)"}
	}
	if cfg.fetchOrder && (c == nil || c.tr == nil) {
		return nil, &giftcard.ValidationError{Provider: providerName, Field: "FetchOrder", Reason: "needs a Client: build the handler with Client.NewWebhookHandler"}
	}
	var err error
	if wc.AllowedIPs, err = parseIPs("AllowedIPs", cfg.allow); err != nil {
		return nil, err
	}
	if wc.TrustedProxies, err = parseIPs("TrustedProxies", cfg.proxies); err != nil {
		return nil, err
	}
	if !cfg.noReplay {
		wc.Replay, wc.ReplayKey = webhook.NewReplayGuard(0, 0, clk), orderReplayKey
	}
	return webhook.New(wc, func(ctx context.Context, body []byte, _ *http.Request) error { return deliver(ctx, cfg, body) })
}

func parseIPs(field string, ips []string) ([]netip.Prefix, error) {
	p, err := webhook.ParsePrefixes(ips...)
	if err != nil {
		var ve *giftcard.ValidationError
		if errors.As(err, &ve) {
			ve.Provider, ve.Field = providerName, field+strings.TrimPrefix(ve.Field, "ips")
		}
	}
	return p, err
}

// mustHandler is newHandler for the methods that return a bare
// http.Handler: one that cannot be built refuses every request (403 for a
// bad allow-list, 401 otherwise: nothing can be verified) and logs why,
// at construction and on each request.
func (c *Client) mustHandler(opts []WebhookOption, deliver deliverFunc) http.Handler {
	h, err := c.newHandler(opts, deliver)
	if err == nil {
		return h
	}
	log := slog.New(slog.DiscardHandler)
	if c != nil && c.tr != nil {
		log = c.tr.Logger()
	}
	log.Error("giftcard: webhook handler refuses every request", slog.String("provider", providerName), slog.String("error", err.Error()))
	status := http.StatusUnauthorized
	if ve := (*giftcard.ValidationError)(nil); errors.As(err, &ve) && ve.Field != "WebhookSecret" && ve.Field != "FetchOrder" {
		status = http.StatusForbidden
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.LogAttrs(r.Context(), slog.LevelError, "giftcard: webhook refused: handler not configured",
			slog.String("provider", providerName), slog.String("error", err.Error()))
		http.Error(w, http.StatusText(status), status)
	})
}
