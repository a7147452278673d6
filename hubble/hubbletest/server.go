// Package hubbletest is a wire-level Hubble sandbox on loopback, in the
// manner of net/http/httptest: a real HTTP server speaking Hubble's API as
// its docs describe it, for tests and examples that need no credentials.
//
// It checks authentication as Hubble does (login with client id and secret,
// a bearer token with a lifetime on an injectable clock, X-REQUEST-ID a
// UUID on every call), serves the docs' brands (Flipkart succeeds, Jiomart
// and Myntra fail with "Brand not available", a large Amazon order goes
// PROCESSING then SUCCESS) among a generated catalog of 460 more, applies
// every order rule with Hubble's error code, keeps a wallet that orders
// debit (E300 when short), consumes reference ids even for failed orders,
// serves vouchers and resend-delivery, signs and delivers the order webhook,
// journals every request and injects faults.
//
// Choices where Hubble's docs are silent (the client in package hubble
// relies on none of them beyond what its doc says):
//   - A referenceId used before answers HTTP 409 with code
//     DUPLICATE_REFERENCE (hubble.CodeDuplicateReference), or another
//     answer set with WithDuplicateAnswer.
//   - A request refused with an error code (E1xx, E15x, E300) creates no
//     order and does not consume its referenceId; an order that ends FAILED
//     does.
//   - An order total outside minOrderAmount..maxOrderAmount answers E155;
//     a FIXED denomination above maxVoucherAmount answers E152; a
//     non-positive denomination or one with more than two decimals E157.
//   - Missing fields answer 400 with code VALIDATION_ERROR and subErrors; an
//     unknown or expired token 401 with code UNAUTHORIZED; a missing or
//     malformed X-REQUEST-ID 400 with code INVALID_REQUEST_ID.
//   - GET /v1/partners/products without pageNo returns every match in one
//     envelope whose nextCursor is null; with pageNo the default limit is 20.
//   - Resend-delivery answers the order, and only for a SUCCESS order.
package hubbletest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/giftcardtest/sandbox"
	"github.com/giftcard-go/giftcard/hubble"
)

// Entry is one journaled request; see sandbox.Entry for its fields.
type Entry = sandbox.Entry

// Fault is a misbehaviour injected for matching requests (status, delay,
// connection reset, response dropped after the request was committed); see
// sandbox.Fault for its fields.
type Fault = sandbox.Fault

// The default credentials.
const (
	DefaultClientID     = "hubbletest-client"
	DefaultClientSecret = "hubbletest-secret"
)

// DefaultBalance is the wallet a new sandbox starts with.
const DefaultBalance = 1000000

// DefaultProcessingPolls is how many reads of a PROCESSING order it takes
// to settle it.
const DefaultProcessingPolls = 2

// Option configures a Server.
type Option func(*config)

type config struct {
	clientID, clientSecret string
	clock                  giftcard.Clock // nil = the wall clock
	lifetime               time.Duration
	balance                decimal.Decimal
	polls                  int
	webhookURL             string
	webhookSecret          giftcard.Secret
	webhookClient          *http.Client
	extra                  []hubble.Brand
	bare                   bool
	loginIPs               []string
	duplicate              DuplicateAnswer
}

// WithCredentials sets the accepted client id and secret.
func WithCredentials(id, secret string) Option {
	return func(c *config) { c.clientID, c.clientSecret = id, secret }
}

// WithClock sets the clock that ages tokens and dates vouchers (a fake one
// in tests, so a token can expire without waiting).
func WithClock(clk giftcard.Clock) Option {
	return func(c *config) {
		if clk != nil {
			c.clock = clk
		}
	}
}

// WithTokenLifetime sets expiresInSecs of issued tokens (default one hour).
func WithTokenLifetime(d time.Duration) Option {
	return func(c *config) {
		if d >= time.Second {
			c.lifetime = d
		}
	}
}

// WithBalance sets the starting wallet balance (default DefaultBalance).
func WithBalance(b decimal.Decimal) Option { return func(c *config) { c.balance = b } }

// WithProcessingPolls sets how many reads (by id or by reference) a
// PROCESSING order needs before it settles SUCCESS (default 2; 0 keeps it
// PROCESSING until SettleOrder).
func WithProcessingPolls(n int) Option { return func(c *config) { c.polls = n } }

// WithWebhook makes the sandbox POST the "Order Reached Terminal State"
// webhook, signed with secret in X-Verify, to url whenever a PROCESSING
// order settles. hc, when not nil, sends it.
func WithWebhook(url string, secret giftcard.Secret, hc *http.Client) Option {
	return func(c *config) { c.webhookURL, c.webhookSecret, c.webhookClient = url, secret, hc }
}

// WithBrands adds brands to the catalog (replacing any with the same id).
func WithBrands(b ...hubble.Brand) Option {
	return func(c *config) { c.extra = append(c.extra, b...) }
}

// WithBareArrayProducts makes the product list answer a bare JSON array
// instead of the {"data","nextCursor"} envelope.
func WithBareArrayProducts() Option { return func(c *config) { c.bare = true } }

// WithLoginAllowedIPs makes login answer 403 to any other source address.
func WithLoginAllowedIPs(ips ...string) Option {
	return func(c *config) { c.loginIPs = append(c.loginIPs, ips...) }
}

// DuplicateAnswer is how the sandbox refuses an order whose referenceId was
// used before. Hubble does not document its own answer, so a client must
// not rely on any one of them: these are the shapes a server may choose.
type DuplicateAnswer int

// The answers to a reused referenceId.
const (
	// DuplicateConflict answers HTTP 409 with code DUPLICATE_REFERENCE
	// (hubble.CodeDuplicateReference). The default.
	DuplicateConflict DuplicateAnswer = iota
	// DuplicateBadRequest answers HTTP 400 with an E-code Hubble does not
	// document (DuplicateCode) and nothing saying "duplicate".
	DuplicateBadRequest
	// DuplicateUnprocessable answers HTTP 422 with code
	// REFERENCE_ALREADY_EXISTS and no E-code.
	DuplicateUnprocessable
)

// String names the answer: "conflict", "bad-request" or "unprocessable".
func (a DuplicateAnswer) String() string {
	switch a {
	case DuplicateConflict:
		return "conflict"
	case DuplicateBadRequest:
		return "bad-request"
	case DuplicateUnprocessable:
		return "unprocessable"
	}
	return fmt.Sprintf("DuplicateAnswer(%d)", int(a))
}

// DuplicateCode is the undocumented E-code DuplicateBadRequest answers.
const DuplicateCode = "E160"

// WithDuplicateAnswer sets how a reused referenceId is refused (default
// DuplicateConflict).
func WithDuplicateAnswer(a DuplicateAnswer) Option { return func(c *config) { c.duplicate = a } }

// WebhookDelivery is one webhook the sandbox sent.
type WebhookDelivery struct {
	// Body is the JSON body posted.
	Body []byte
	// Signature is the X-Verify header sent: base64(HMAC-SHA256(Body,
	// webhook secret)).
	Signature string
	// Status is the receiver's answer; 0 when it could not be reached.
	Status int
	// Err is the send error, if any.
	Err error
}

// Server is a running sandbox. Its methods are safe for concurrent use.
//
// It embeds *sandbox.Base, which gives it URL (the base URL to give the
// client), Client, Close, Requests, CountRequests, Journal, InjectFault,
// ClearFaults, Clock and Outbox.
type Server struct {
	*sandbox.Base

	cfg config

	mu       sync.Mutex
	brands   sandbox.Store[string, hubble.Brand]
	tokens   map[string]time.Time
	balance  decimal.Decimal
	orders   sandbox.Store[string, *order]
	byRef    map[string]*order
	vouchers map[string]hubble.Voucher
	resends  map[string]int
	seq      int
}

type order struct {
	o       hubble.Order
	product string
	amount  decimal.Decimal
	details []hubble.DenominationDetail
	polls   int
}

// NewServer starts a sandbox on loopback. Close it when done.
func NewServer(opts ...Option) *Server {
	cfg := config{
		clientID: DefaultClientID, clientSecret: DefaultClientSecret,
		lifetime: time.Hour, balance: decimal.NewFromInt(DefaultBalance), polls: DefaultProcessingPolls,
	}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	s := &Server{cfg: cfg, tokens: map[string]time.Time{}, balance: cfg.balance,
		byRef: map[string]*order{}, vouchers: map[string]hubble.Voucher{}, resends: map[string]int{}}
	for _, b := range append(Catalog(), cfg.extra...) {
		s.brands.Put(b.ID, b) // a WithBrands brand replaces a catalog one in place
	}
	r := sandbox.NewRouter(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, http.StatusNotFound, hubble.ErrorResponse{ID: hubble.CodeNotFound, Code: "RESOURCE_NOT_FOUND", Message: "No such endpoint"})
	})
	// Every route of the client's table, so the two cannot drift apart.
	handlers := map[string]http.HandlerFunc{
		"Login":               s.login,
		"ListProducts":        s.authed(s.listProducts),
		"GetProduct":          s.authed(s.getProduct),
		"PlaceOrder":          s.authed(s.placeOrder),
		"GetOrder":            s.authed(s.getOrder),
		"GetOrderByReference": s.authed(s.getOrderByRef),
		"GetVoucher":          s.authed(s.getVoucher),
		"ResendDelivery":      s.authed(s.resendDelivery),
		"GetBalance":          s.authed(s.getBalance),
	}
	for _, rt := range hubble.Routes() {
		r.Handle(rt.Pattern(), handlers[rt.Op]) // panics for a route without a handler
	}
	s.Base = sandbox.NewBase("hubble", r, sandbox.WithClock(cfg.clock), sandbox.WithWebhookClient(cfg.webhookClient))
	return s
}

// ClientID is the accepted client id.
func (s *Server) ClientID() string { return s.cfg.clientID }

// ClientSecret is the accepted client secret.
func (s *Server) ClientSecret() giftcard.Secret { return giftcard.Secret(s.cfg.clientSecret) }

// Config is a hubble.Config for this sandbox: its URL and credentials, and
// the webhook secret when one was configured.
func (s *Server) Config() hubble.Config {
	return hubble.Config{BaseURL: s.URL, ClientID: s.cfg.clientID, ClientSecret: s.ClientSecret(), WebhookSecret: s.cfg.webhookSecret}
}

// Logins counts login requests.
func (s *Server) Logins() int { return s.CountRequests(http.MethodPost, "/v1/partners/auth/login") }

// RevokeTokens invalidates every issued token, as if Hubble revoked them:
// the next call with one is answered 401.
func (s *Server) RevokeTokens() {
	s.mu.Lock()
	clear(s.tokens)
	s.mu.Unlock()
}

// Balance is the wallet balance.
func (s *Server) Balance() decimal.Decimal {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.balance
}

// SetBalance sets the wallet balance.
func (s *Server) SetBalance(b decimal.Decimal) {
	s.mu.Lock()
	s.balance = b
	s.mu.Unlock()
}

// Orders returns every order, oldest first.
func (s *Server) Orders() []hubble.Order {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]hubble.Order, 0, s.orders.Len())
	for _, o := range s.orders.All() {
		out = append(out, o.o)
	}
	return out
}

// OrdersWithReference counts orders holding referenceID (never more than
// one).
func (s *Server) OrdersWithReference(referenceID string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, o := range s.orders.All() {
		if o.o.ReferenceID == referenceID {
			n++
		}
	}
	return n
}

// Brands returns the catalog.
func (s *Server) Brands() []hubble.Brand {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.brands.Values()
}

// UpdateBrand changes a brand in place (to make it INACTIVE, say).
func (s *Server) UpdateBrand(id string, change func(*hubble.Brand)) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.brands.Update(id, change)
}

// Resends counts resend-delivery calls for an order.
func (s *Server) Resends(orderID string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.resends[orderID]
}

// Webhooks returns every webhook sent so far, in the order the sends
// completed.
func (s *Server) Webhooks() []WebhookDelivery { return webhookDeliveries(s.Outbox().Deliveries()) }

// WaitWebhooks blocks until at least n webhooks have been sent (each send
// complete, whatever its outcome) and returns them all, in the order the
// sends completed. It returns early with the webhooks so far and an error
// when ctx ends (ctx.Err()) or when the server is closed and no send is in
// flight (sandbox.ErrClosed).
func (s *Server) WaitWebhooks(ctx context.Context, n int) ([]WebhookDelivery, error) {
	d, err := s.Outbox().Wait(ctx, n)
	return webhookDeliveries(d), err
}

func webhookDeliveries(ds []sandbox.Delivery) []WebhookDelivery {
	out := make([]WebhookDelivery, len(ds))
	for i, d := range ds {
		out[i] = WebhookDelivery{Body: d.Body, Signature: d.Header.Get(hubble.SignatureHeader), Status: d.Status, Err: d.Err}
	}
	return out
}

// SettleOrder moves a PROCESSING order to status (SUCCESS generates its
// vouchers; FAILED refunds the wallet) and, when a webhook is configured,
// starts sending the webhook in the background: WaitWebhooks waits for it.
func (s *Server) SettleOrder(id string, status hubble.OrderStatus) error {
	s.mu.Lock()
	o, ok := s.orders.Get(id)
	if !ok {
		s.mu.Unlock()
		return fmt.Errorf("hubbletest: no order %q", id)
	}
	if o.o.Status != hubble.StatusProcessing {
		s.mu.Unlock()
		return fmt.Errorf("hubbletest: order %q is %s, not PROCESSING", id, o.o.Status)
	}
	s.settleLocked(o, status)
	body := s.orderWebhookLocked(o)
	s.mu.Unlock()
	s.sendWebhook(body)
	return nil
}

// SendWebhook signs body and POSTs it to the configured webhook URL (for
// the brand and wallet webhooks, which the sandbox never sends itself). It
// waits for the answer and returns its status.
func (s *Server) SendWebhook(ctx context.Context, body []byte) (int, error) {
	if s.cfg.webhookURL == "" {
		return 0, fmt.Errorf("hubbletest: no webhook URL configured")
	}
	d := s.Outbox().Send(ctx, s.cfg.webhookURL, body, s.webhookHeader(body))
	return d.Status, d.Err
}

// sendWebhook sends a webhook body in the background; nil sends nothing.
func (s *Server) sendWebhook(body []byte) {
	if body != nil {
		s.Outbox().SendAsync(s.cfg.webhookURL, body, s.webhookHeader(body))
	}
}

func (s *Server) webhookHeader(body []byte) http.Header {
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set(hubble.SignatureHeader, hubble.Sign(body, s.cfg.webhookSecret))
	return h
}

// orderWebhookLocked is the webhook body for a settled order, or nil when
// no webhook is configured.
func (s *Server) orderWebhookLocked(o *order) []byte {
	if s.cfg.webhookURL == "" {
		return nil
	}
	b, _ := json.Marshal(struct {
		ID     string             `json:"id"`
		Status hubble.OrderStatus `json:"status"`
	}{o.o.ID, o.o.Status})
	return b
}

// ---- HTTP plumbing ----

func (s *Server) fail(w http.ResponseWriter, r *http.Request, status int, e hubble.ErrorResponse) {
	if e.RequestID == "" {
		e.RequestID = r.Header.Get("X-REQUEST-ID")
	}
	sandbox.WriteJSON(w, status, e)
}

func validationError(field, msg string) hubble.ErrorResponse {
	return hubble.ErrorResponse{Code: "VALIDATION_ERROR", Message: "Request validation failed",
		SubErrors: []hubble.SubError{{FieldName: field, Message: msg}}}
}

func codeError(id, code, msg, field string) hubble.ErrorResponse {
	e := hubble.ErrorResponse{ID: id, Code: code, Message: msg}
	if field != "" {
		e.SubErrors = []hubble.SubError{{FieldName: field, Message: msg}}
	}
	return e
}

// notFound answers Hubble's E001, naming field when it is not "".
func (s *Server) notFound(w http.ResponseWriter, r *http.Request, field string) {
	s.fail(w, r, http.StatusNotFound, codeError(hubble.CodeNotFound, "RESOURCE_NOT_FOUND", "Requested resource is not found", field))
}

// answer writes v, or E001 naming field when there is none (!ok).
func answer[T any](s *Server, w http.ResponseWriter, r *http.Request, field string, v T, ok bool) {
	if !ok {
		s.notFound(w, r, field)
		return
	}
	sandbox.WriteJSON(w, http.StatusOK, v)
}

// blank answers 400 VALIDATION_ERROR naming the first blank field of the
// name, value pairs given, and reports whether it did.
func (s *Server) blank(w http.ResponseWriter, r *http.Request, nameValues ...string) bool {
	for i := 0; i+1 < len(nameValues); i += 2 {
		if nameValues[i+1] == "" {
			s.fail(w, r, http.StatusBadRequest, validationError(nameValues[i], "must not be blank"))
			return true
		}
	}
	return false
}

func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	_, err := uuid.Parse(s)
	return err == nil
}

// authed checks X-REQUEST-ID, the bearer token and, for a body, the content
// type, then runs h.
func (s *Server) authed(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !isUUID(r.Header.Get("X-REQUEST-ID")) {
			s.fail(w, r, http.StatusBadRequest, hubble.ErrorResponse{Code: "INVALID_REQUEST_ID",
				Message: "X-REQUEST-ID must be a UUID, unique per request"})
			return
		}
		tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		s.mu.Lock()
		exp, known := s.tokens[tok]
		valid := ok && known && s.Clock().Now().Before(exp)
		s.mu.Unlock()
		if !valid {
			s.fail(w, r, http.StatusUnauthorized, hubble.ErrorResponse{Code: "UNAUTHORIZED", Message: "Invalid or expired access token"})
			return
		}
		if !s.jsonPost(w, r) {
			return
		}
		h(w, r)
	}
}

// jsonPost answers 415 to a POST (or any request with a body) whose
// Content-Type is not application/json: Hubble requires it on every POST,
// even one without a body. It reports whether the request may go on.
func (s *Server) jsonPost(w http.ResponseWriter, r *http.Request) bool {
	if (r.Method == http.MethodPost || r.ContentLength > 0) && !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		s.fail(w, r, http.StatusUnsupportedMediaType, hubble.ErrorResponse{Code: "UNSUPPORTED_MEDIA_TYPE", Message: "Content-Type must be application/json"})
		return false
	}
	return true
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	if !s.jsonPost(w, r) {
		return
	}
	if len(s.cfg.loginIPs) > 0 {
		host, _, _ := net.SplitHostPort(r.RemoteAddr)
		if !slices.Contains(s.cfg.loginIPs, host) {
			s.fail(w, r, http.StatusForbidden, hubble.ErrorResponse{Code: "FORBIDDEN", Message: "Request from a non-whitelisted IP"})
			return
		}
	}
	var req struct {
		ClientID     string `json:"clientId"`
		ClientSecret string `json:"clientSecret"`
	}
	if err := sandbox.ReadJSON(r, &req); err != nil {
		s.fail(w, r, http.StatusBadRequest, validationError("body", "not a JSON object"))
		return
	}
	if s.blank(w, r, "clientId", req.ClientID, "clientSecret", req.ClientSecret) {
		return
	}
	if req.ClientID != s.cfg.clientID || req.ClientSecret != s.cfg.clientSecret {
		s.fail(w, r, http.StatusUnauthorized, hubble.ErrorResponse{Code: "UNAUTHORIZED", Message: "Invalid client credentials"})
		return
	}
	var raw [24]byte
	_, _ = rand.Read(raw[:])
	tok := "hbt." + hex.EncodeToString(raw[:])
	s.mu.Lock()
	s.tokens[tok] = s.Clock().Now().Add(s.cfg.lifetime)
	s.mu.Unlock()
	sandbox.WriteJSON(w, http.StatusOK, hubble.LoginResponse{Token: giftcard.Secret(tok), ExpiresInSecs: int64(s.cfg.lifetime / time.Second)})
}

func (s *Server) listProducts(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	text := strings.ToLower(strings.TrimSpace(q.Get("q")))
	cat := strings.TrimSpace(q.Get("category"))
	pageNo, ok := sandbox.QueryInt(r, "pageNo", 0, 1, math.MaxInt)
	if !ok {
		s.fail(w, r, http.StatusBadRequest, validationError("pageNo", "must be an integer from 1"))
		return
	}
	limit, ok := sandbox.QueryInt(r, "limit", 20, 1, 1000)
	if !ok {
		s.fail(w, r, http.StatusBadRequest, validationError("limit", "must be an integer from 1 to 1000"))
		return
	}
	s.mu.Lock()
	match := []hubble.Brand{}
	for _, b := range s.brands.All() {
		if text != "" && !strings.Contains(strings.ToLower(b.Title), text) && !strings.Contains(strings.ToLower(b.BrandDescription), text) {
			continue
		}
		if cat != "" && !slices.ContainsFunc(b.Category, func(c string) bool { return strings.EqualFold(c, cat) }) {
			continue
		}
		match = append(match, b)
	}
	s.mu.Unlock()
	page := struct {
		Data       []hubble.Brand `json:"data"`
		NextCursor *hubble.Cursor `json:"nextCursor"`
	}{Data: match}
	if pageNo > 0 {
		offset := min(pageNo-1, math.MaxInt/limit) * limit
		var total int
		page.Data, total = sandbox.Page(match, offset, limit)
		if offset+len(page.Data) < total {
			page.NextCursor = &hubble.Cursor{PageNo: pageNo + 1, Limit: limit}
		}
	}
	if s.cfg.bare {
		sandbox.WriteJSON(w, http.StatusOK, page.Data)
		return
	}
	sandbox.WriteJSON(w, http.StatusOK, page)
}

func (s *Server) getProduct(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	b, ok := s.brands.Get(r.PathValue("productId"))
	s.mu.Unlock()
	answer(s, w, r, "productId", b, ok)
}

func (s *Server) getBalance(w http.ResponseWriter, _ *http.Request) {
	sandbox.WriteJSON(w, http.StatusOK, hubble.Balance{Balance: s.Balance()})
}

func (s *Server) getOrder(w http.ResponseWriter, r *http.Request) {
	s.readOrder(w, r, func() *order { o, _ := s.orders.Get(r.PathValue("orderId")); return o })
}

func (s *Server) getOrderByRef(w http.ResponseWriter, r *http.Request) {
	s.readOrder(w, r, func() *order { return s.byRef[r.PathValue("referenceId")] })
}

// readOrder answers an order; reading a PROCESSING one counts as a poll and
// may settle it.
func (s *Server) readOrder(w http.ResponseWriter, r *http.Request, find func() *order) {
	s.mu.Lock()
	o := find()
	if o == nil {
		s.mu.Unlock()
		s.notFound(w, r, "")
		return
	}
	var hook []byte
	if o.o.Status == hubble.StatusProcessing && s.cfg.polls > 0 {
		o.polls++
		if o.polls >= s.cfg.polls {
			s.settleLocked(o, hubble.StatusSuccess)
			hook = s.orderWebhookLocked(o)
		}
	}
	out := o.o
	s.mu.Unlock()
	s.sendWebhook(hook)
	sandbox.WriteJSON(w, http.StatusOK, out)
}

func (s *Server) getVoucher(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	v, ok := s.vouchers[r.PathValue("voucherId")]
	s.mu.Unlock()
	answer(s, w, r, "voucherId", v, ok)
}

func (s *Server) resendDelivery(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	o, ok := s.orders.Get(r.PathValue("orderId"))
	if !ok {
		s.mu.Unlock()
		s.notFound(w, r, "orderId")
		return
	}
	if o.o.Status != hubble.StatusSuccess {
		st := o.o.Status
		s.mu.Unlock()
		s.fail(w, r, http.StatusBadRequest, hubble.ErrorResponse{Code: "INVALID_ORDER_STATE",
			Message: fmt.Sprintf("Delivery can only be resent for a SUCCESS order; this one is %s", st)})
		return
	}
	s.resends[o.o.ID]++
	out := o.o
	s.mu.Unlock()
	sandbox.WriteJSON(w, http.StatusOK, out)
}
