package wolfe

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/check"
	"github.com/giftcard-go/giftcard/internal/transport"
	"github.com/giftcard-go/giftcard/internal/webhook"
	"github.com/giftcard-go/giftcard/internal/wire"
)

// WebhooksService is the webhook configuration (W38, W39) and the webhook
// portal link (W40). The handler receiving the webhooks is built by
// NewWebhookHandler, which needs no API credentials.
type WebhooksService service

// WebhookEventName names a webhook event.
type WebhookEventName string

// The webhook events. Wolfe documents the payloads of the first two; the
// merchant events appear only in set-webhook-config's example.
const (
	WebhookTransactionUpdate WebhookEventName = "TRANSACTION_UPDATE"
	WebhookGiftUpdate        WebhookEventName = "GIFT_UPDATE"
	WebhookMerchantUpdate    WebhookEventName = "MERCHANT_UPDATE"
	WebhookMerchantDelete    WebhookEventName = "MERCHANT_DELETE"
)

// WebhookEventNames lists the events a configuration may subscribe to.
func WebhookEventNames() []WebhookEventName {
	return []WebhookEventName{WebhookTransactionUpdate, WebhookGiftUpdate, WebhookMerchantUpdate, WebhookMerchantDelete}
}

// WebhookConfig is the partner's webhook configuration (W38, W39).
type WebhookConfig struct {
	// CallbackURL is where Wolfe posts the events (an http(s) URL).
	CallbackURL string
	// Events are the events subscribed to. Wolfe's example sends them as a
	// JSON string holding an array; the client sends a JSON array (the
	// documented type) and reads either form.
	Events []WebhookEventName
	Raw    json.RawMessage // the configuration as Wolfe sent it
}

type webhookConfigJSON struct {
	CallbackURL string                  `json:"callback_url,omitempty"`
	Events      wire.Embedded[[]string] `json:"events"`
}

// MarshalJSON writes {"callback_url", "events": [...]}, the events as a
// JSON array (an empty one when there are none).
func (c WebhookConfig) MarshalJSON() ([]byte, error) {
	ev := make([]string, len(c.Events))
	for i, e := range c.Events {
		ev[i] = string(e)
	}
	return json.Marshal(webhookConfigJSON{CallbackURL: c.CallbackURL, Events: wire.Embedded[[]string]{V: ev}})
}

// UnmarshalJSON reads the events as an array or as a string holding one.
func (c *WebhookConfig) UnmarshalJSON(b []byte) error {
	var w webhookConfigJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*c = WebhookConfig{CallbackURL: w.CallbackURL, Raw: append(json.RawMessage(nil), b...)}
	for _, e := range w.Events.V {
		c.Events = append(c.Events, WebhookEventName(e))
	}
	return nil
}

func (c WebhookConfig) validate() error {
	errs := []error{optional(c.CallbackURL != "", func() error { return checkURL("callback_url", c.CallbackURL, 0) })}
	allowed := make([]string, 0, 4)
	for _, e := range WebhookEventNames() {
		allowed = append(allowed, string(e))
	}
	for i, e := range c.Events {
		errs = append(errs, ck.OneOf(fmt.Sprintf("events[%d]", i), string(e), allowed...))
	}
	return check.First(errs...)
}

// SetConfig sets the webhook configuration (W38): where events are posted
// and which are subscribed to (an empty list unsubscribes from all). It is
// a PUT, so the transport may resend it after a lost answer.
func (s *WebhooksService) SetConfig(ctx context.Context, cfg WebhookConfig) error {
	if err := cfg.validate(); err != nil {
		return err
	}
	r := s.client().req(routeSetWebhookConfig)
	r.Body = cfg
	_, err := s.client().tr.Do(ctx, r, nil)
	return err
}

// GetConfig returns the webhook configuration (W39). Wolfe's example
// answer has no data; then the configuration is empty (no error).
func (s *WebhooksService) GetConfig(ctx context.Context) (WebhookConfig, error) {
	r := s.client().req(routeGetWebhookConfig)
	res, err := s.client().tr.Do(ctx, r, nil)
	if err != nil || len(res.Payload) == 0 {
		return WebhookConfig{}, err
	}
	var cfg WebhookConfig
	if err := json.Unmarshal(res.Payload, &cfg); err != nil {
		return WebhookConfig{}, s.client().tr.BadResponse(r, res, "the webhook configuration is not the expected JSON", err)
	}
	return cfg, nil
}

// PortalLink is the link to Wolfe's webhook portal, where the partner
// manages webhook messages and configuration (W40).
type PortalLink struct {
	URL string          // the portal's address
	Raw json.RawMessage // the data as Wolfe sent it
}

// UnmarshalJSON reads the link. The documentation does not show the answer
// (its example is cut off): a bare string, or an object with "url",
// "link", "portal_url" or "portal_link", is read.
func (p *PortalLink) UnmarshalJSON(b []byte) error {
	*p = PortalLink{Raw: append(json.RawMessage(nil), b...)}
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		return json.Unmarshal(b, &p.URL)
	}
	var w struct {
		URL        string `json:"url"`
		Link       string `json:"link"`
		PortalURL  string `json:"portal_url"`
		PortalLink string `json:"portal_link"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	for _, v := range []string{w.URL, w.Link, w.PortalURL, w.PortalLink} {
		if v != "" {
			p.URL = v
			break
		}
	}
	return nil
}

// MarshalJSON writes {"url": …}.
func (p PortalLink) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		URL string `json:"url"`
	}{p.URL})
}

// PortalLink returns the webhook portal link (W40). An answer without a
// link is an error matching giftcard.ErrInvalidResponse.
func (s *WebhooksService) PortalLink(ctx context.Context) (PortalLink, error) {
	p, _, err := transport.CallChecked(ctx, s.client().tr, s.client().req(routeWebhookPortal), func(p *PortalLink) error {
		if strings.TrimSpace(p.URL) == "" {
			return errors.New("the answer has no portal link")
		}
		return nil
	})
	return p, err
}

// TransactionUpdate is the TRANSACTION_UPDATE payload as posted. Its
// amounts are dollars on the wire (85.32), Money here.
type TransactionUpdate struct {
	Event           WebhookEventName // TRANSACTION_UPDATE
	ID              string           // the transaction id
	AccountNumber   string           // the funding account number
	Amount          giftcard.Money   // the amount (dollars on the wire)
	Status          string           // "APPROVED" in the example: not one of the transaction statuses; kept as sent
	TransactionType string           // kept as sent ("1")
	ReferenceID     string           // the reference in the originating system
	// BeforeBalance is the balance before the transaction; the unit is not
	// documented ("1" in the example) and read as dollars, like the other
	// webhook amounts.
	BeforeBalance giftcard.Money
	DateCreated   Time            // when the transaction was created
	DateModified  Time            // when it last changed
	Raw           json.RawMessage // the payload as posted
}

type transactionUpdateJSON struct {
	Event           wire.String  `json:"event"`
	ID              wire.String  `json:"id"`
	AccountNumber   wire.String  `json:"account_number,omitempty"`
	Amount          wire.Decimal `json:"amount,omitzero"`
	Status          wire.String  `json:"status,omitempty"`
	TransactionType wire.String  `json:"transaction_type,omitempty"`
	ReferenceID     wire.String  `json:"reference_id,omitempty"`
	BeforeBalance   wire.Decimal `json:"before_balance,omitzero"`
	DateCreated     wire.Time    `json:"date_created,omitzero"`
	DateModified    wire.Time    `json:"date_modified,omitzero"`
}

// UnmarshalJSON reads the payload, dollars as Money.
func (t *TransactionUpdate) UnmarshalJSON(b []byte) error {
	var w transactionUpdateJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*t = TransactionUpdate{Event: WebhookEventName(w.Event), ID: string(w.ID), AccountNumber: string(w.AccountNumber),
		Amount: dollarsMoney(w.Amount), Status: string(w.Status), TransactionType: string(w.TransactionType),
		ReferenceID: string(w.ReferenceID), BeforeBalance: dollarsMoney(w.BeforeBalance),
		DateCreated: w.DateCreated, DateModified: w.DateModified, Raw: append(json.RawMessage(nil), b...)}
	return nil
}

// MarshalJSON writes the payload, amounts in dollars.
func (t TransactionUpdate) MarshalJSON() ([]byte, error) {
	w := transactionUpdateJSON{Event: wire.String(t.Event), ID: wire.String(t.ID), AccountNumber: wire.String(t.AccountNumber),
		Status: wire.String(t.Status), TransactionType: wire.String(t.TransactionType), ReferenceID: wire.String(t.ReferenceID),
		DateCreated: t.DateCreated, DateModified: t.DateModified}
	if err := setDollars(dollars{&w.Amount, "amount", t.Amount}, dollars{&w.BeforeBalance, "before_balance", t.BeforeBalance}); err != nil {
		return nil, err
	}
	return json.Marshal(w)
}

// GiftUpdate is the GIFT_UPDATE payload as posted. Its amounts are dollars
// on the wire (10.99), Money here.
type GiftUpdate struct {
	Event WebhookEventName // GIFT_UPDATE
	ID    string           // the gift id
	// Amount and Balance are the gift's amount and what is left.
	Amount, Balance giftcard.Money
	// MerchantID is kept as sent: the example holds a merchant name
	// ("Dunkin Donut").
	MerchantID     string
	Status         string          // "2" in the example, where gifts read "new": kept as sent
	CreateDate     Time            // when the gift was purchased
	RedemptionDate Time            // when it was redeemed
	Email          string          // the recipient's email
	MobileNumber   string          // the recipient's mobile number (12 digits in the example)
	Raw            json.RawMessage // the payload as posted
}

type giftUpdateJSON struct {
	Event          wire.String  `json:"event"`
	ID             wire.String  `json:"id"`
	Amount         wire.Decimal `json:"amount,omitzero"`
	MerchantID     wire.String  `json:"merchant_id,omitempty"`
	Balance        wire.Decimal `json:"balance,omitzero"`
	Status         wire.String  `json:"status,omitempty"`
	CreateDate     wire.Time    `json:"create_date,omitzero"`
	RedemptionDate wire.Time    `json:"redemption_date,omitzero"`
	Email          wire.String  `json:"email,omitempty"`
	MobileNumber   wire.String  `json:"mobile_number,omitempty"`
}

// UnmarshalJSON reads the payload, dollars as Money.
func (g *GiftUpdate) UnmarshalJSON(b []byte) error {
	var w giftUpdateJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*g = GiftUpdate{Event: WebhookEventName(w.Event), ID: string(w.ID), Amount: dollarsMoney(w.Amount),
		Balance: dollarsMoney(w.Balance), MerchantID: string(w.MerchantID), Status: string(w.Status),
		CreateDate: w.CreateDate, RedemptionDate: w.RedemptionDate, Email: string(w.Email),
		MobileNumber: string(w.MobileNumber), Raw: append(json.RawMessage(nil), b...)}
	return nil
}

// MarshalJSON writes the payload, amounts in dollars.
func (g GiftUpdate) MarshalJSON() ([]byte, error) {
	w := giftUpdateJSON{Event: wire.String(g.Event), ID: wire.String(g.ID), MerchantID: wire.String(g.MerchantID),
		Status: wire.String(g.Status), CreateDate: g.CreateDate, RedemptionDate: g.RedemptionDate,
		Email: wire.String(g.Email), MobileNumber: wire.String(g.MobileNumber)}
	if err := setDollars(dollars{&w.Amount, "amount", g.Amount}, dollars{&w.Balance, "balance", g.Balance}); err != nil {
		return nil, err
	}
	return json.Marshal(w)
}

// MerchantUpdate is a MERCHANT_UPDATE or MERCHANT_DELETE payload. Wolfe
// documents neither; the merchant's id is read from "id" or
// "merchant_id", and the whole payload is in Raw.
type MerchantUpdate struct {
	Event WebhookEventName // MERCHANT_UPDATE or MERCHANT_DELETE
	ID    string           // the merchant id ("id" or "merchant_id")
	Raw   json.RawMessage  // the payload as posted
}

// UnmarshalJSON reads the event name and the merchant id.
func (m *MerchantUpdate) UnmarshalJSON(b []byte) error {
	var w struct {
		Event      wire.String `json:"event"`
		ID         wire.String `json:"id"`
		MerchantID wire.String `json:"merchant_id"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*m = MerchantUpdate{Event: WebhookEventName(w.Event), ID: string(w.ID), Raw: append(json.RawMessage(nil), b...)}
	if m.ID == "" {
		m.ID = string(w.MerchantID)
	}
	return nil
}

// MarshalJSON writes {"event", "id"}.
func (m MerchantUpdate) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Event string `json:"event"`
		ID    string `json:"id,omitempty"`
	}{string(m.Event), m.ID})
}

// WebhookEvent is one webhook handed to your function.
//
// With verify-by-refetch (WebhookOptions.Refetch) it carries the object as
// re-read from Wolfe by its id — Transaction, Gift or Merchant — and never
// the posted body: the payload fields and Raw are nil. Without it, it
// carries the posted payload (TransactionUpdate, GiftUpdate or
// MerchantUpdate) and Raw, authenticated by the signature (or not at all,
// with Insecure).
type WebhookEvent struct {
	Name WebhookEventName // the event
	ID   string           // the transaction, gift or merchant id the payload names
	// Refetched reports whether the objects below were re-read from Wolfe.
	Refetched bool

	// Re-read objects (Refetch). For MERCHANT_DELETE, Merchant is nil: the
	// re-read confirmed the merchant is gone.
	Transaction *Transaction
	Gift        *Gift     // GIFT_UPDATE: the gift as re-read
	Merchant    *Merchant // MERCHANT_UPDATE: the merchant as re-read

	// Posted payloads (no Refetch).
	TransactionUpdate *TransactionUpdate
	GiftUpdate        *GiftUpdate     // GIFT_UPDATE as posted
	MerchantUpdate    *MerchantUpdate // MERCHANT_UPDATE or MERCHANT_DELETE as posted
	Raw               json.RawMessage // the posted body (nil with Refetch)
}

// SignatureEncoding is how the signature header encodes the HMAC bytes.
type SignatureEncoding int

// The signature encodings. The zero value is hex.
const (
	SignatureHex SignatureEncoding = iota
	SignatureBase64
	SignatureBase64URL
)

// DefaultSignatureHeader is the header a SignatureConfig reads when Header
// is empty, and the header wolfetest signs with. Wolfe does not publish its
// scheme: confirm the header, encoding and secret with your account
// manager.
const DefaultSignatureHeader = "X-Wolfe-Signature"

// SignatureConfig verifies a webhook's signature: the header holds
// Prefix + Encoding(HMAC-SHA256(raw body, secret)).
type SignatureConfig struct {
	// Header carrying the signature; empty means DefaultSignatureHeader.
	Header string
	// Encoding of the MAC; the zero value is hex.
	Encoding SignatureEncoding
	// Prefix, when set, starts the header value ("sha256=").
	Prefix string
	// Secrets are the shared secrets; a signature made with any of them
	// verifies, so a secret can be rotated. At least one is required.
	Secrets []giftcard.Secret
}

// String describes the configuration without its secrets.
func (s SignatureConfig) String() string {
	return fmt.Sprintf("wolfe.SignatureConfig{Header:%s Encoding:%d Prefix:%q Secrets:%d}", s.Header, s.Encoding, s.Prefix, len(s.Secrets))
}

// GoString is String.
func (s SignatureConfig) GoString() string { return s.String() }

// Format prints String for every verb.
func (s SignatureConfig) Format(f fmt.State, _ rune) { _, _ = fmt.Fprint(f, s.String()) }

// LogValue makes slog print String.
func (s SignatureConfig) LogValue() slog.Value { return slog.StringValue(s.String()) }

func (s SignatureConfig) verifier() (*webhook.HMAC, error) {
	enc := map[SignatureEncoding]webhook.Encoding{SignatureHex: webhook.Hex, SignatureBase64: webhook.Base64, SignatureBase64URL: webhook.Base64URL}
	e, ok := enc[s.Encoding]
	if !ok {
		return nil, ck.Invalid("Signature.Encoding", fmt.Sprintf("unknown encoding %d", s.Encoding))
	}
	h := s.Header
	if h == "" {
		h = DefaultSignatureHeader
	}
	v, err := webhook.NewHMAC(webhook.HMACConfig{Header: h, Encoding: e, Prefix: s.Prefix, Secrets: s.Secrets})
	if err != nil {
		var ve *giftcard.ValidationError
		if errors.As(err, &ve) {
			return nil, ck.Invalid("Signature."+ve.Field, ve.Reason)
		}
		return nil, err
	}
	return v, nil
}

// Sign returns the signature header value for body under the first
// secret (for tests and sandboxes that play Wolfe).
func (s SignatureConfig) Sign(body []byte) (string, error) {
	v, err := s.verifier()
	if err != nil {
		return "", err
	}
	return v.Sign(body), nil
}

// WebhookOptions configures NewWebhookHandler. A handler needs a way to
// trust what it receives: Signature, Refetch (or both), or Insecure set on
// purpose; with none, NewWebhookHandler fails.
type WebhookOptions struct {
	// Signature verifies an HMAC signature header; a request without a
	// valid one is answered 401 before your function runs.
	Signature *SignatureConfig
	// Refetch verifies by re-reading: the transaction (GetTransaction),
	// gift (Gifts.Get) or merchant (Merchants.Get) the payload names is read
	// from Wolfe through this client, and that fresh object is handed to
	// your function, never the posted body, as Wolfe's documentation
	// advises. An id Wolfe does not know is answered 401; a failed read 503,
	// so Wolfe delivers again.
	Refetch *Client
	// Insecure accepts webhooks with no verification. Only for local
	// development.
	Insecure bool
	// AllowedIPs, when set, are the only source addresses (or CIDR
	// prefixes) accepted; others are answered 403. Wolfe's documentation
	// names only a placeholder (10.10.10.10): ask for the real ones.
	AllowedIPs []string
	// TrustedProxies are the reverse proxies in front of the handler, whose
	// X-Forwarded-For is believed.
	TrustedProxies []string
	// MaxBytes caps a body (default 1 MiB).
	MaxBytes int64
	// DedupeWindow, when positive, acknowledges (200) without calling your
	// function a body byte-identical to one delivered within the window: a
	// redelivery. Wolfe's payloads carry no event id, so this is off by
	// default — two genuine updates can be identical (a balance back to a
	// value it had). At most 10,000 bodies are remembered.
	DedupeWindow time.Duration
	// Logger receives refused and failed deliveries (never bodies or
	// signatures). Default: discarded.
	Logger *slog.Logger
}

// LogValue makes slog print the options without the signature secrets
// (slog's JSON handler would otherwise marshal them).
func (o WebhookOptions) LogValue() slog.Value {
	attrs := []slog.Attr{slog.Bool("refetch", o.Refetch != nil), slog.Bool("insecure", o.Insecure),
		slog.Any("allowed_ips", o.AllowedIPs), slog.Any("trusted_proxies", o.TrustedProxies)}
	if o.Signature != nil {
		attrs = append(attrs, slog.String("signature", o.Signature.String()))
	}
	return slog.GroupValue(attrs...)
}

// NewWebhookHandler returns the http.Handler Wolfe posts webhooks to:
// POST only, the body read once (capped), verified (see WebhookOptions),
// decoded and handed to fn. A malformed payload is answered 400, fn's error
// 500, success 200. TRANSACTION_UPDATE and GIFT_UPDATE are decoded with
// their documented fields; MERCHANT_UPDATE and MERCHANT_DELETE as far as
// the documentation shows (the event and the merchant id). An unknown
// event is delivered with its name and Raw only, except with Refetch,
// where it cannot be verified and is answered 400.
func NewWebhookHandler(opts WebhookOptions, fn func(ctx context.Context, ev WebhookEvent) error) (http.Handler, error) {
	if fn == nil {
		return nil, ck.Invalid("fn", "a function to deliver the events to is required")
	}
	cfg := webhook.Config{Provider: providerName, MaxBytes: opts.MaxBytes, Logger: opts.Logger, Insecure: opts.Insecure}
	if opts.DedupeWindow < 0 {
		return nil, ck.Invalid("DedupeWindow", "negative")
	}
	if opts.DedupeWindow > 0 {
		cfg.Replay = webhook.NewReplayGuard(webhook.DefaultReplayMax, opts.DedupeWindow, nil)
	}
	var err error
	if cfg.AllowedIPs, err = webhook.ParsePrefixes(opts.AllowedIPs...); err != nil {
		return nil, ck.Invalid("AllowedIPs", err.Error())
	}
	if cfg.TrustedProxies, err = webhook.ParsePrefixes(opts.TrustedProxies...); err != nil {
		return nil, ck.Invalid("TrustedProxies", err.Error())
	}
	switch {
	case opts.Signature != nil:
		v, err := opts.Signature.verifier()
		if err != nil {
			return nil, err
		}
		cfg.Verifier = v
	case opts.Refetch != nil:
		// The body is trusted for nothing but the event name and the id to
		// re-read; deliver does the re-read, answering 401 for an object
		// Wolfe does not know.
		cfg.Verifier = webhook.VerifierFunc(func(_ *http.Request, body []byte) error {
			if _, _, err := peekEvent(body); err != nil {
				return webhook.WithStatus(http.StatusBadRequest, err)
			}
			return nil
		})
	case !opts.Insecure:
		return nil, ck.Invalid("Signature", "a webhook handler needs Signature or Refetch to verify what it receives; set Insecure to accept unverified webhooks on purpose")
	}
	h, err := webhook.New(cfg, func(ctx context.Context, body []byte, _ *http.Request) error {
		ev, err := decodeWebhook(ctx, body, opts.Refetch)
		if err != nil {
			return err
		}
		return fn(ctx, ev)
	})
	if err != nil {
		return nil, err
	}
	return h, nil
}

// peekEvent reads the event name and the id a payload names.
func peekEvent(body []byte) (WebhookEventName, string, error) {
	var w struct {
		Event      wire.String `json:"event"`
		ID         wire.String `json:"id"`
		MerchantID wire.String `json:"merchant_id"`
	}
	if err := json.Unmarshal(body, &w); err != nil {
		return "", "", fmt.Errorf("wolfe: webhook payload is not JSON: %w", err)
	}
	name, id := WebhookEventName(strings.TrimSpace(string(w.Event))), strings.TrimSpace(string(w.ID))
	if name == WebhookMerchantUpdate || name == WebhookMerchantDelete {
		if id == "" {
			id = strings.TrimSpace(string(w.MerchantID))
		}
	}
	switch {
	case name == "":
		return "", "", errors.New("wolfe: webhook payload has no event")
	case id == "" && name != "" && isKnownEvent(name):
		return "", "", fmt.Errorf("wolfe: %s webhook names no id", name)
	}
	return name, id, nil
}

func isKnownEvent(n WebhookEventName) bool {
	for _, e := range WebhookEventNames() {
		if e == n {
			return true
		}
	}
	return false
}

// ParseWebhook decodes a posted payload without verifying it (the handler
// verifies first). The event's payload field for its name is set, and Raw.
func ParseWebhook(body []byte) (WebhookEvent, error) {
	name, id, err := peekEvent(body)
	if err != nil {
		return WebhookEvent{}, err
	}
	ev := WebhookEvent{Name: name, ID: id, Raw: append(json.RawMessage(nil), body...)}
	switch name {
	case WebhookTransactionUpdate:
		var t TransactionUpdate
		err = json.Unmarshal(body, &t)
		ev.TransactionUpdate = &t
	case WebhookGiftUpdate:
		var g GiftUpdate
		err = json.Unmarshal(body, &g)
		ev.GiftUpdate = &g
	case WebhookMerchantUpdate, WebhookMerchantDelete:
		var m MerchantUpdate
		err = json.Unmarshal(body, &m)
		ev.MerchantUpdate = &m
	}
	if err != nil {
		return WebhookEvent{}, fmt.Errorf("wolfe: %s webhook: %w", name, err)
	}
	return ev, nil
}

// decodeWebhook builds the event handed to the user: the posted payload,
// or, with a refetching client, the objects re-read by id.
func decodeWebhook(ctx context.Context, body []byte, c *Client) (WebhookEvent, error) {
	posted, err := ParseWebhook(body)
	if err != nil {
		return WebhookEvent{}, webhook.WithStatus(http.StatusBadRequest, err)
	}
	if c == nil {
		return posted, nil
	}
	ev := WebhookEvent{Name: posted.Name, ID: posted.ID, Refetched: true}
	// The read's own failure: a 404 means the payload named something Wolfe
	// does not know (401: not verified); anything else is answered 503 so
	// Wolfe delivers again.
	failed := func(err error) error {
		if errors.Is(err, giftcard.ErrNotFound) {
			return webhook.WithStatus(http.StatusUnauthorized, fmt.Errorf("wolfe: %s %s not found on re-read: %w", posted.Name, posted.ID, err))
		}
		var ve *giftcard.ValidationError
		if errors.As(err, &ve) {
			return webhook.WithStatus(http.StatusBadRequest, err)
		}
		return webhook.WithStatus(http.StatusServiceUnavailable, err)
	}
	switch posted.Name {
	case WebhookTransactionUpdate:
		t, err := c.Funding.GetTransaction(ctx, posted.ID)
		if err != nil {
			return WebhookEvent{}, failed(err)
		}
		ev.Transaction = &t
	case WebhookGiftUpdate:
		g, err := c.Gifts.Get(ctx, posted.ID)
		if err != nil {
			return WebhookEvent{}, failed(err)
		}
		ev.Gift = &g
	case WebhookMerchantUpdate:
		m, err := c.Merchants.Get(ctx, posted.ID)
		if err != nil {
			return WebhookEvent{}, failed(err)
		}
		ev.Merchant = &m
	case WebhookMerchantDelete:
		m, err := c.Merchants.Get(ctx, posted.ID)
		switch {
		case err == nil:
			return WebhookEvent{}, webhook.WithStatus(http.StatusUnauthorized,
				fmt.Errorf("wolfe: MERCHANT_DELETE for merchant %s, which is still in the catalog", m.ID))
		case !errors.Is(err, giftcard.ErrNotFound):
			return WebhookEvent{}, failed(err)
		}
	default:
		return WebhookEvent{}, webhook.WithStatus(http.StatusBadRequest,
			fmt.Errorf("wolfe: unknown webhook event %q cannot be verified by re-reading", posted.Name))
	}
	return ev, nil
}
