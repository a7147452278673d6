package hubble

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/giftcard-go/giftcard"
)

// SignatureHeader carries base64(HMAC-SHA256(raw body, shared secret)).
const SignatureHeader = "X-Verify"

// DefaultWebhookMaxBytes caps a webhook body; a larger one is answered 413.
const DefaultWebhookMaxBytes = 1 << 20

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
	if secret.IsZero() {
		return false
	}
	got, err := base64.StdEncoding.DecodeString(strings.TrimSpace(signature))
	if err != nil {
		return false
	}
	m := hmac.New(sha256.New, []byte(secret.Reveal()))
	m.Write(body)
	return hmac.Equal(m.Sum(nil), got)
}

// OrderEvent is the "Order Reached Terminal State" webhook: {"id",
// "status"}. The integration guide writes the id as "orderId"; both are
// accepted.
type OrderEvent struct {
	ID     string      // the order's Hubble id ("id", or the guide's "orderId")
	Status OrderStatus // the state it reached
	// Order is the full order, fetched before your function runs when the
	// handler was built with FetchOrder; nil otherwise.
	Order *Order
	Raw   json.RawMessage // the body as received
}

// ParseOrderEvent decodes an order webhook body. It needs an id (or
// orderId) and a status.
func ParseOrderEvent(body []byte) (OrderEvent, error) {
	var w struct {
		ID      string      `json:"id"`
		OrderID string      `json:"orderId"`
		Status  OrderStatus `json:"status"`
	}
	if err := json.Unmarshal(body, &w); err != nil {
		return OrderEvent{}, fmt.Errorf("hubble: order webhook: %w", err)
	}
	id := w.ID
	if id == "" {
		id = w.OrderID
	}
	if id == "" || w.Status == "" {
		return OrderEvent{}, errors.New("hubble: order webhook: id and status are required")
	}
	return OrderEvent{ID: id, Status: w.Status, Raw: append(json.RawMessage(nil), body...)}, nil
}

// MarshalJSON writes the event as Hubble sends it: {"id","status"}.
func (e OrderEvent) MarshalJSON() ([]byte, error) {
	var b jsonObject
	b.str("id", e.ID)
	b.str("status", string(e.Status))
	return b.done(), nil
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

// MarshalJSON writes the update with amounts as JSON numbers.
func (u BrandUpdate) MarshalJSON() ([]byte, error) {
	var b jsonObject
	b.str("id", u.ID)
	b.str("denominationType", string(u.DenominationType))
	b.str("status", string(u.Status))
	b.nums("denominations", u.Denominations)
	if err := b.value("amountRestrictions", u.AmountRestrictions); err != nil {
		return nil, err
	}
	return b.done(), nil
}

// ParseBrandUpdate decodes a brand-updated webhook body; it needs an id.
func ParseBrandUpdate(body []byte) (BrandUpdate, error) {
	var u BrandUpdate
	if err := json.Unmarshal(body, &u); err != nil {
		return BrandUpdate{}, fmt.Errorf("hubble: brand webhook: %w", err)
	}
	if u.ID == "" {
		return BrandUpdate{}, errors.New("hubble: brand webhook: id is required")
	}
	u.Raw = append(json.RawMessage(nil), body...)
	return u, nil
}

// LowBalance is the "Wallet Low Balance" webhook: the balance fell below
// the configured threshold (both in the client's currency).
type LowBalance struct {
	Balance   decimal.Decimal // the wallet balance now
	Threshold decimal.Decimal // the configured threshold it fell below (zero when absent)
	Raw       json.RawMessage // the body as received
}

// MarshalJSON writes {"balance","threshold"} as JSON numbers.
func (l LowBalance) MarshalJSON() ([]byte, error) {
	var b jsonObject
	b.num("balance", l.Balance, false)
	b.num("threshold", l.Threshold, false)
	return b.done(), nil
}

// ParseLowBalance decodes a low-balance webhook body; it needs a balance.
func ParseLowBalance(body []byte) (LowBalance, error) {
	var w struct {
		Balance   *decimal.Decimal `json:"balance"`
		Threshold *decimal.Decimal `json:"threshold"`
	}
	if err := json.Unmarshal(body, &w); err != nil {
		return LowBalance{}, fmt.Errorf("hubble: low-balance webhook: %w", err)
	}
	if w.Balance == nil {
		return LowBalance{}, errors.New("hubble: low-balance webhook: balance is required")
	}
	l := LowBalance{Balance: *w.Balance, Raw: append(json.RawMessage(nil), body...)}
	if w.Threshold != nil {
		l.Threshold = *w.Threshold
	}
	return l, nil
}

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
	var b jsonObject
	b.str("id", d.ID)
	b.str("name", d.Name)
	b.num("discountPercentage", d.DiscountPercentage, true)
	return b.done(), nil
}

// ParseBrandDiscount decodes a brand-discount webhook body; it needs an
// event and a brand id.
func ParseBrandDiscount(body []byte) (BrandDiscount, error) {
	var d BrandDiscount
	if err := json.Unmarshal(body, &d); err != nil {
		return BrandDiscount{}, fmt.Errorf("hubble: discount webhook: %w", err)
	}
	if d.Event == "" || d.Details.ID == "" {
		return BrandDiscount{}, errors.New("hubble: discount webhook: event and details.id are required")
	}
	d.Raw = append(json.RawMessage(nil), body...)
	return d, nil
}

// WebhookOption configures a webhook handler.
type WebhookOption func(*webhookConfig)

type webhookConfig struct {
	secret     giftcard.Secret
	allow      []netip.Prefix
	proxies    []netip.Prefix
	maxBytes   int64
	fetchOrder bool
	log        *slog.Logger
}

// WithWebhookSecret sets (or overrides the client's) shared secret. With a
// secret, a request whose X-Verify does not match is answered 401 and never
// reaches your function.
func WithWebhookSecret(s giftcard.Secret) WebhookOption {
	return func(c *webhookConfig) { c.secret = s }
}

// WithAllowedIPs accepts requests only from these addresses or CIDR
// prefixes (others get 403 before the body is read); pass WebhookIPs() for
// Hubble's documented production addresses. An entry that does not parse
// makes the handler refuse everything, so a typo fails closed.
func WithAllowedIPs(ips ...string) WebhookOption {
	return func(c *webhookConfig) { c.allow = append(c.allow, parsePrefixes(ips)...) }
}

// WithTrustedProxies makes the allow-list look through these reverse
// proxies (addresses or CIDR prefixes): when the connection comes from one
// of them, the client address is the right-most X-Forwarded-For entry that
// is not itself a trusted proxy. Without this option X-Forwarded-For is
// ignored, since anyone can send it.
func WithTrustedProxies(ips ...string) WebhookOption {
	return func(c *webhookConfig) { c.proxies = append(c.proxies, parsePrefixes(ips)...) }
}

// WithWebhookMaxBytes caps the body (default DefaultWebhookMaxBytes).
func WithWebhookMaxBytes(n int64) WebhookOption {
	return func(c *webhookConfig) {
		if n > 0 {
			c.maxBytes = n
		}
	}
}

// FetchOrder makes the order handler fetch the full order (GET
// /v1/partners/orders/:id) and set OrderEvent.Order before your function
// runs. If the fetch fails the handler answers 503 so Hubble can try again.
func FetchOrder() WebhookOption { return func(c *webhookConfig) { c.fetchOrder = true } }

func parsePrefixes(list []string) []netip.Prefix {
	out := make([]netip.Prefix, 0, len(list))
	for _, s := range list {
		s = strings.TrimSpace(s)
		if p, err := netip.ParsePrefix(s); err == nil {
			out = append(out, p.Masked())
			continue
		}
		if a, err := netip.ParseAddr(s); err == nil {
			a = a.Unmap()
			out = append(out, netip.PrefixFrom(a, a.BitLen()))
			continue
		}
		out = append(out, netip.Prefix{}) // invalid: fails the whole list closed
	}
	return out
}

func (c *Client) webhookConfig(opts []WebhookOption) *webhookConfig {
	cfg := &webhookConfig{secret: *c.webhookSecret, maxBytes: DefaultWebhookMaxBytes, log: c.tr.Logger()}
	for _, o := range opts {
		if o != nil {
			o(cfg)
		}
	}
	return cfg
}

// OrderWebhook handles "Order Reached Terminal State". fn runs once per
// verified, well-formed request; an error from it answers 500.
func (c *Client) OrderWebhook(fn func(context.Context, OrderEvent) error, opts ...WebhookOption) http.Handler {
	cfg := c.webhookConfig(opts)
	return cfg.handler(func(r *http.Request, body []byte) (int, error) {
		ev, err := ParseOrderEvent(body)
		if err != nil {
			return http.StatusBadRequest, err
		}
		return c.deliverOrder(r.Context(), cfg, ev, fn)
	})
}

func (c *Client) deliverOrder(ctx context.Context, cfg *webhookConfig, ev OrderEvent, fn func(context.Context, OrderEvent) error) (int, error) {
	if cfg.fetchOrder {
		o, err := c.Order(ctx, ev.ID)
		if err != nil {
			return http.StatusServiceUnavailable, err
		}
		ev.Order = &o
	}
	if err := fn(ctx, ev); err != nil {
		return http.StatusInternalServerError, err
	}
	return http.StatusOK, nil
}

// BrandUpdatedWebhook handles "Brand Updated". The client forgets its
// cached copy of the brand before fn runs.
func (c *Client) BrandUpdatedWebhook(fn func(context.Context, BrandUpdate) error, opts ...WebhookOption) http.Handler {
	return c.webhookConfig(opts).handler(func(r *http.Request, body []byte) (int, error) {
		u, err := ParseBrandUpdate(body)
		if err != nil {
			return http.StatusBadRequest, err
		}
		return c.deliverBrand(r.Context(), u, fn)
	})
}

func (c *Client) deliverBrand(ctx context.Context, u BrandUpdate, fn func(context.Context, BrandUpdate) error) (int, error) {
	c.InvalidateProduct(u.ID)
	if err := fn(ctx, u); err != nil {
		return http.StatusInternalServerError, err
	}
	return http.StatusOK, nil
}

// LowBalanceWebhook handles "Wallet Low Balance".
func (c *Client) LowBalanceWebhook(fn func(context.Context, LowBalance) error, opts ...WebhookOption) http.Handler {
	return c.webhookConfig(opts).handler(func(r *http.Request, body []byte) (int, error) {
		l, err := ParseLowBalance(body)
		if err != nil {
			return http.StatusBadRequest, err
		}
		return call(r.Context(), l, fn)
	})
}

// BrandDiscountWebhook handles "Brand Discount Update" (and the other
// brand events sent in the same {"event","details"} shape).
func (c *Client) BrandDiscountWebhook(fn func(context.Context, BrandDiscount) error, opts ...WebhookOption) http.Handler {
	return c.webhookConfig(opts).handler(func(r *http.Request, body []byte) (int, error) {
		d, err := ParseBrandDiscount(body)
		if err != nil {
			return http.StatusBadRequest, err
		}
		if d.Event == EventBrandDisabled {
			c.InvalidateProduct(d.Details.ID)
		}
		return call(r.Context(), d, fn)
	})
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
// DetectWebhook.
func (c *Client) WebhookHandler(h WebhookHandlers, opts ...WebhookOption) http.Handler {
	cfg := c.webhookConfig(opts)
	return cfg.handler(func(r *http.Request, body []byte) (int, error) {
		kind, err := DetectWebhook(body)
		if err != nil {
			return http.StatusBadRequest, err
		}
		ctx := r.Context()
		switch kind {
		case KindOrder:
			ev, err := ParseOrderEvent(body)
			if err != nil {
				return http.StatusBadRequest, err
			}
			if h.Order == nil {
				return http.StatusOK, nil
			}
			return c.deliverOrder(ctx, cfg, ev, h.Order)
		case KindBrandUpdated:
			u, err := ParseBrandUpdate(body)
			if err != nil {
				return http.StatusBadRequest, err
			}
			if h.BrandUpdated == nil {
				c.InvalidateProduct(u.ID)
				return http.StatusOK, nil
			}
			return c.deliverBrand(ctx, u, h.BrandUpdated)
		case KindLowBalance:
			l, err := ParseLowBalance(body)
			if err != nil {
				return http.StatusBadRequest, err
			}
			return call(ctx, l, h.LowBalance)
		default:
			d, err := ParseBrandDiscount(body)
			if err != nil {
				return http.StatusBadRequest, err
			}
			if d.Event == EventBrandDisabled {
				c.InvalidateProduct(d.Details.ID)
			}
			return call(ctx, d, h.BrandDiscount)
		}
	})
}

func call[T any](ctx context.Context, v T, fn func(context.Context, T) error) (int, error) {
	if fn == nil {
		return http.StatusOK, nil
	}
	if err := fn(ctx, v); err != nil {
		return http.StatusInternalServerError, err
	}
	return http.StatusOK, nil
}

// handler is the shared front of every webhook handler: method, source IP,
// body read once with a cap, signature, then process.
func (cfg *webhookConfig) handler(process func(*http.Request, []byte) (int, error)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		if len(cfg.allow) > 0 && !cfg.allowed(r) {
			cfg.log.LogAttrs(r.Context(), slog.LevelWarn, "giftcard: webhook from a source not allowed",
				slog.String("provider", providerName), slog.String("remote_addr", r.RemoteAddr))
			http.Error(w, "forbidden", http.StatusForbidden)
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, cfg.maxBytes+1))
		if err != nil {
			http.Error(w, "cannot read body", http.StatusBadRequest)
			return
		}
		if int64(len(body)) > cfg.maxBytes {
			http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
			return
		}
		if !cfg.secret.IsZero() && !VerifySignature(body, r.Header.Get(SignatureHeader), cfg.secret) {
			cfg.log.LogAttrs(r.Context(), slog.LevelWarn, "giftcard: webhook signature mismatch",
				slog.String("provider", providerName), slog.String("remote_addr", r.RemoteAddr))
			http.Error(w, "invalid signature", http.StatusUnauthorized)
			return
		}
		status, err := process(r, body)
		if err != nil {
			cfg.log.LogAttrs(r.Context(), slog.LevelWarn, "giftcard: webhook not handled",
				slog.String("provider", providerName), slog.Int("status", status), slog.String("error", err.Error()))
			http.Error(w, http.StatusText(status), status)
			return
		}
		w.WriteHeader(status)
	})
}

// allowed reports whether the request's source is on the allow-list.
func (cfg *webhookConfig) allowed(r *http.Request) bool {
	for _, p := range cfg.allow {
		if !p.IsValid() {
			return false
		}
	}
	peer, ok := parseHostAddr(r.RemoteAddr)
	if !ok {
		return false
	}
	src := peer
	if matchAny(cfg.proxies, peer) {
		if xff := r.Header.Values("X-Forwarded-For"); len(xff) > 0 {
			hops := strings.Split(strings.Join(xff, ","), ",")
			for i := len(hops) - 1; i >= 0; i-- {
				a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
				if err != nil {
					return false
				}
				a = a.Unmap()
				src = a
				if !matchAny(cfg.proxies, a) {
					break
				}
			}
		}
	}
	return matchAny(cfg.allow, src)
}

func parseHostAddr(hostport string) (netip.Addr, bool) {
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		host = hostport
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Addr{}, false
	}
	return a.Unmap(), true
}

func matchAny(list []netip.Prefix, a netip.Addr) bool {
	for _, p := range list {
		if p.IsValid() && p.Contains(a) {
			return true
		}
	}
	return false
}
