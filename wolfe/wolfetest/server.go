// Package wolfetest is a wire-level Wolfe Partner API sandbox on loopback,
// in the manner of net/http/httptest: a real HTTP server speaking Wolfe's
// API as its documentation describes it, on the route table of package
// wolfe, for tests and examples that need no credentials.
//
// It checks the partner-key header and the company id of every path (and
// the tenant-id header when configured), serves the documentation's own
// examples (the Dunkin Donuts and Amazon.com merchants, the location, the
// gift, the transaction, the merchant submission) among a generated catalog
// of a few hundred merchants with locations, keeps a funding balance that a
// gift purchase debits by amount + fee and a cancel refunds, refuses a
// reused reference_id, records gift events, posts signed webhooks to the
// configured callback URL, journals every request and injects faults
// (through the embedded sandbox.Base).
//
// Choices where Wolfe's documentation is silent (package wolfe's client
// relies on none of them beyond what its documentation says):
//   - Every answer is the envelope {"code", "message", "data"}; a refusal
//     has the HTTP status in both the status line and "code", the error
//     name in "message" (MISSING_PARAMETERS, PATTERN_IS_NOT_MATCHED, and the
//     wolfe.Code* names), and the parameters at fault in
//     data.parameters.
//   - A missing or wrong partner-key is 401 UNAUTHORIZED; a company id or
//     tenant that is not the sandbox's, 403 FORBIDDEN; an unknown id, 404
//     NOT_FOUND; a reused reference_id, 409 DUPLICATE_REFERENCE; a purchase
//     the balance cannot cover, 402 INSUFFICIENT_FUNDS; an amount outside
//     the merchant's min_gift..max_gift, 400 AMOUNT_OUT_OF_RANGE; claiming
//     or cancelling a gift not in a state that allows it, 400
//     INVALID_STATE.
//   - An amount must be a bare JSON integer: 1000.0 or "1000" is
//     PATTERN_IS_NOT_MATCHED, so a client sending anything else is caught.
//   - A purchase's fee is DefaultFee (5 % rounded up) unless WithFee says
//     otherwise; the gift starts "new", becomes "claimed" when claimed and
//     "cancelled" when cancelled. A purchase records a SUCCESS transaction
//     of type GIFT_PURCHASE whose reference is the gift id; a cancel, one
//     of type GIFT_REFUND. A deposit is PENDING until ApproveDeposit.
//   - Webhooks (only for subscribed events, once a callback URL is set):
//     GIFT_UPDATE when a gift is purchased, claimed or cancelled,
//     TRANSACTION_UPDATE when a transaction is recorded or approved, with
//     amounts in dollars, signed in DefaultSignatureHeader with hex
//     HMAC-SHA256 of the body under WebhookSecret.
//   - The operations of Wolfe II (W17–W37) answer 501 NOT_IMPLEMENTED.
package wolfetest

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/giftcardtest/sandbox"
	"github.com/giftcard-go/giftcard/wolfe"
)

// Fault is a misbehaviour injected for matching requests (see
// sandbox.Fault): a status, a delay, a reset, or the answer dropped after
// the request was committed.
type Fault = sandbox.Fault

// Delivery is one webhook the sandbox posted (see sandbox.Delivery).
type Delivery = sandbox.Delivery

// The sandbox's default credentials.
const (
	PartnerKey    = "wolfetest-partner-key"
	CompanyID     = "0d4ec3f8-5b8e-4a59-9c5a-2f1b7e6a9d31"
	WebhookSecret = "wolfetest-webhook-secret"
)

// DefaultBalance is the funding balance a new sandbox starts with, in
// cents ($10,000.00).
const DefaultBalance = 1_000_000

// DefaultMerchants is how many merchants the sandbox generates beside the
// documentation's.
const DefaultMerchants = 300

// DefaultFee is a purchase's fee: 5 % of the amount, rounded up to the
// cent.
func DefaultFee(amountCents int64) int64 { return (amountCents*5 + 99) / 100 }

// Option configures a Server.
type Option func(*config)

type config struct {
	partnerKey, companyID, tenantID string
	balance                         int64
	fee                             func(int64) int64
	merchants                       int
	clock                           giftcard.Clock
	webhookSecret                   giftcard.Secret
}

// WithCredentials sets the accepted partner key and company id.
func WithCredentials(partnerKey, companyID string) Option {
	return func(c *config) { c.partnerKey, c.companyID = partnerKey, companyID }
}

// WithTenant makes the sandbox require the tenant-id header to be id.
func WithTenant(id string) Option { return func(c *config) { c.tenantID = id } }

// WithBalance sets the starting funding balance in cents.
func WithBalance(cents int64) Option { return func(c *config) { c.balance = cents } }

// WithFee sets the fee a purchase of amount cents costs on top of it
// (default DefaultFee). Return 0 for no fee.
func WithFee(fee func(amountCents int64) int64) Option {
	return func(c *config) {
		if fee != nil {
			c.fee = fee
		}
	}
}

// WithMerchants sets how many merchants are generated besides the
// documentation's two (default DefaultMerchants).
func WithMerchants(n int) Option { return func(c *config) { c.merchants = max(n, 0) } }

// WithClock sets the sandbox clock, which dates everything the sandbox
// creates and stamps the journal (a fake one in tests).
func WithClock(clk giftcard.Clock) Option { return func(c *config) { c.clock = clk } }

// WithWebhookSecret sets the secret webhooks are signed with (default
// WebhookSecret).
func WithWebhookSecret(s giftcard.Secret) Option { return func(c *config) { c.webhookSecret = s } }

// Server is a running sandbox. Its embedded *sandbox.Base gives URL,
// Client, Close, the journal (Requests, CountRequests), faults
// (InjectFault, ClearFaults), the clock and the webhook outbox. Safe for
// concurrent use.
type Server struct {
	*sandbox.Base
	cfg config

	mu           sync.Mutex
	balance      int64
	merchants    sandbox.Store[string, *merchant]
	locations    sandbox.Store[string, *location]
	gifts        sandbox.Store[string, *gift]
	giftByRef    map[string]*gift
	transactions sandbox.Store[string, *transaction]
	submissions  sandbox.Store[string, *submission]
	webhook      webhookConfig
	debits       int
}

// NewServer starts a sandbox. Close it when done.
func NewServer(opts ...Option) *Server {
	cfg := config{partnerKey: PartnerKey, companyID: CompanyID, balance: DefaultBalance, fee: DefaultFee,
		merchants: DefaultMerchants, webhookSecret: WebhookSecret}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	s := &Server{cfg: cfg, balance: cfg.balance, giftByRef: map[string]*gift{}}
	r := sandbox.NewRouter(func(w http.ResponseWriter, r *http.Request) {
		refuse(w, http.StatusNotFound, wolfe.CodeNotFound, "no route for "+r.Method+" "+r.URL.Path)
	})
	handlers := s.handlers()
	for _, rt := range wolfe.Routes() {
		h, ok := handlers[rt.Op]
		if !ok {
			h = notImplemented
		}
		r.Handle(rt.Pattern(), s.authenticate(h))
	}
	var bopts []sandbox.BaseOption
	if cfg.clock != nil {
		bopts = append(bopts, sandbox.WithClock(cfg.clock))
	}
	s.Base = sandbox.NewBase("wolfe", r, bopts...)
	s.seed()
	return s
}

// String describes the sandbox without its partner key or webhook secret.
func (s *Server) String() string {
	return "wolfetest.Server{URL:" + s.URL + " CompanyID:" + s.cfg.companyID + "}"
}

// GoString is String.
func (s *Server) GoString() string { return s.String() }

// Format prints String for every verb, so no verb walks the fields.
func (s *Server) Format(f fmt.State, _ rune) { _, _ = fmt.Fprint(f, s.String()) }

// LogValue makes slog print String.
func (s *Server) LogValue() slog.Value { return slog.StringValue(s.String()) }

// Config is a wolfe.Config pointing at the sandbox with its credentials.
func (s *Server) Config() wolfe.Config {
	return wolfe.Config{PartnerKey: giftcard.Secret(s.cfg.partnerKey), CompanyID: s.cfg.companyID,
		TenantID: s.cfg.tenantID, BaseURL: s.URL}
}

// SignatureConfig is the wolfe.SignatureConfig that verifies the sandbox's
// webhooks.
func (s *Server) SignatureConfig() wolfe.SignatureConfig {
	return wolfe.SignatureConfig{Header: wolfe.DefaultSignatureHeader, Encoding: wolfe.SignatureHex,
		Secrets: []giftcard.Secret{s.cfg.webhookSecret}}
}

// NewClient returns a wolfe client for the sandbox (its Config, and the
// sandbox's HTTP client unless opts give another).
func (s *Server) NewClient(opts ...giftcard.Option) (*wolfe.Client, error) {
	return wolfe.New(s.Config(), append([]giftcard.Option{giftcard.WithHTTPClient(s.Client())}, opts...)...)
}

// Balance is the funding balance.
func (s *Server) Balance() giftcard.Money {
	s.mu.Lock()
	defer s.mu.Unlock()
	return usd(s.balance)
}

// SetBalance sets the funding balance in cents.
func (s *Server) SetBalance(cents int64) {
	s.mu.Lock()
	s.balance = cents
	s.mu.Unlock()
}

// GiftCount is the number of gifts purchased (the documentation's example
// gift included).
func (s *Server) GiftCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.gifts.Len()
}

// Debits is the number of purchase debits made on the funding account.
func (s *Server) Debits() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.debits
}

// Merchants returns the name of every merchant by id.
func (s *Server) Merchants() map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]string, s.merchants.Len())
	for id, m := range s.merchants.All() {
		out[id] = m.Name
	}
	return out
}

// MerchantCount is the number of merchants in the catalog.
func (s *Server) MerchantCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.merchants.Len()
}

// ApproveDeposit approves a PENDING deposit, as Wolfe's admins do: it
// becomes SUCCESS and its amount is added to the balance. It reports
// whether id was a pending deposit.
func (s *Server) ApproveDeposit(id string) bool {
	s.mu.Lock()
	t, ok := s.transactions.Get(id)
	if !ok || t.Status != string(wolfe.TransactionPending) || t.PaymentMethod == "" {
		s.mu.Unlock()
		return false
	}
	t.Status = string(wolfe.TransactionSuccess)
	t.DateModified = s.now()
	s.balance += t.Amount
	hook := s.transactionHookLocked(t)
	s.mu.Unlock()
	s.send(hook)
	return true
}

// WaitWebhooks waits until at least n webhooks have been delivered (or
// failed), and returns them all.
func (s *Server) WaitWebhooks(ctx context.Context, n int) ([]Delivery, error) {
	return s.Outbox().Wait(ctx, n)
}

// authenticate checks the partner key, the company id and the tenant.
func (s *Server) authenticate(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Header.Get(wolfe.HeaderPartnerKey) != s.cfg.partnerKey:
			refuse(w, http.StatusUnauthorized, wolfe.CodeUnauthorized, "missing or wrong partner-key")
		case r.PathValue("company_id") != s.cfg.companyID:
			refuse(w, http.StatusForbidden, wolfe.CodeForbidden, "company_id is not this partner's")
		case s.cfg.tenantID != "" && r.Header.Get(wolfe.HeaderTenantID) != s.cfg.tenantID:
			refuse(w, http.StatusForbidden, wolfe.CodeForbidden, "tenant-id is not this partner's")
		default:
			next(w, r)
		}
	}
}

func notImplemented(w http.ResponseWriter, _ *http.Request) {
	refuse(w, http.StatusNotImplemented, "NOT_IMPLEMENTED", "this operation belongs to Wolfe II and is not in the sandbox yet")
}

// envelope is every answer.
type envelope struct {
	Code       int         `json:"code"`
	Message    string      `json:"message"`
	Pagination *pagination `json:"pagination,omitempty"`
	Data       any         `json:"data,omitempty"`
}

type pagination struct {
	Limit  int    `json:"limit"`
	Offset string `json:"offset"`
	Count  string `json:"count"`
}

// ok answers code with data.
func ok(w http.ResponseWriter, code int, data any) {
	sandbox.WriteJSON(w, code, envelope{Code: code, Message: "SUCCESS", Data: data})
}

// refuse answers status with an error name and the parameters at fault.
func refuse(w http.ResponseWriter, status int, name, detail string, params ...string) {
	env := envelope{Code: status, Message: name}
	if len(params) > 0 {
		env.Data = map[string]any{"parameters": params, "detail": detail}
	} else if detail != "" {
		env.Data = map[string]any{"detail": detail}
	}
	sandbox.WriteJSON(w, status, env)
}

// send posts a prepared webhook, if any, in the background.
func (s *Server) send(h *hook) {
	if h == nil {
		return
	}
	sig, err := s.SignatureConfig().Sign(h.body)
	if err != nil {
		return
	}
	s.Outbox().SendAsync(h.url, h.body, http.Header{wolfe.DefaultSignatureHeader: {sig}})
}

type hook struct {
	url  string
	body []byte
}

// hookLocked prepares a webhook of event with payload, when the partner
// subscribed to it; s.mu is held.
func (s *Server) hookLocked(event wolfe.WebhookEventName, payload any) *hook {
	if s.webhook.CallbackURL == "" || !s.webhook.subscribed(event) {
		return nil
	}
	b, err := json.Marshal(payload)
	if err != nil {
		panic(fmt.Sprintf("wolfetest: encoding a webhook: %v", err))
	}
	return &hook{url: s.webhook.CallbackURL, body: b}
}

type webhookConfig struct {
	CallbackURL string
	Events      []string
}

func (c webhookConfig) subscribed(e wolfe.WebhookEventName) bool {
	for _, x := range c.Events {
		if strings.EqualFold(x, string(e)) {
			return true
		}
	}
	return false
}
