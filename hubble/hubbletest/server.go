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
//     DUPLICATE_REFERENCE (hubble.CodeDuplicateReference).
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
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/hubble"
	"github.com/giftcard-go/giftcard/internal/clock"
	"github.com/giftcard-go/giftcard/internal/sandbox"
)

// Entry is one journaled request.
type Entry = sandbox.Entry

// Fault is a misbehaviour injected for matching requests (status, delay,
// connection reset, response dropped after the request was committed).
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
	clock                  giftcard.Clock
	lifetime               time.Duration
	balance                decimal.Decimal
	polls                  int
	webhookURL             string
	webhookSecret          giftcard.Secret
	webhookClient          *http.Client
	extra                  []hubble.Brand
	bare                   bool
	loginIPs               []string
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

// WebhookDelivery is one webhook the sandbox sent.
type WebhookDelivery struct {
	Body      []byte
	Signature string
	Status    int   // the receiver's answer; 0 when it could not be reached
	Err       error // the send error, if any
}

// Server is a running sandbox. Its methods are safe for concurrent use.
type Server struct {
	// URL is the base URL, e.g. http://127.0.0.1:port, to give the client.
	URL string

	hs      *httptest.Server
	hc      *http.Client
	cfg     config
	journal sandbox.Journal
	faults  sandbox.Faults
	webhook sync.WaitGroup

	mu         sync.Mutex
	brands     []hubble.Brand
	brandIndex map[string]int
	tokens     map[string]time.Time
	balance    decimal.Decimal
	orders     map[string]*order
	orderList  []*order
	byRef      map[string]*order
	vouchers   map[string]hubble.Voucher
	resends    map[string]int
	deliveries []WebhookDelivery
	seq        int
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
		clientID: DefaultClientID, clientSecret: DefaultClientSecret, clock: clock.Real{},
		lifetime: time.Hour, balance: decimal.NewFromInt(DefaultBalance), polls: DefaultProcessingPolls,
	}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	s := &Server{cfg: cfg, brandIndex: map[string]int{}, tokens: map[string]time.Time{}, balance: cfg.balance,
		orders: map[string]*order{}, byRef: map[string]*order{}, vouchers: map[string]hubble.Voucher{}, resends: map[string]int{}}
	for _, b := range append(Catalog(), cfg.extra...) {
		if i, ok := s.brandIndex[b.ID]; ok {
			s.brands[i] = b
			continue
		}
		s.brandIndex[b.ID] = len(s.brands)
		s.brands = append(s.brands, b)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/partners/auth/login", s.login)
	mux.HandleFunc("GET /v1/partners/products", s.authed(s.listProducts))
	mux.HandleFunc("GET /v1/partners/products/{id}", s.authed(s.getProduct))
	mux.HandleFunc("POST /v1/partners/orders", s.authed(s.placeOrder))
	mux.HandleFunc("GET /v1/partners/orders/{id}", s.authed(s.getOrder))
	mux.HandleFunc("GET /v1/partners/orders/by-reference/{ref}", s.authed(s.getOrderByRef))
	mux.HandleFunc("GET /v1/partners/orders/vouchers/{id}", s.authed(s.getVoucher))
	mux.HandleFunc("POST /v1/partners/orders/{id}/resend-delivery", s.authed(s.resendDelivery))
	mux.HandleFunc("GET /v1/partners/wallet/balance", s.authed(s.getBalance))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, http.StatusNotFound, hubble.ErrorResponse{ID: hubble.CodeNotFound, Code: "RESOURCE_NOT_FOUND", Message: "No such endpoint"})
	})
	s.hs = httptest.NewServer(sandbox.Wrap(mux, &s.journal, &s.faults, cfg.clock.Now))
	s.URL = s.hs.URL
	s.hc = &http.Client{Transport: &http.Transport{MaxIdleConns: 256, MaxIdleConnsPerHost: 256, IdleConnTimeout: 30 * time.Second}}
	return s
}

// Close shuts the server down, after any webhook it is still sending.
func (s *Server) Close() {
	s.hc.CloseIdleConnections()
	s.hs.Close()
	s.webhook.Wait()
}

// Client returns an *http.Client for the server that keeps up to 256 idle
// connections to it (so a test with many concurrent calls reuses them);
// any client works.
func (s *Server) Client() *http.Client { return s.hc }

// ClientID is the accepted client id.
func (s *Server) ClientID() string { return s.cfg.clientID }

// ClientSecret is the accepted client secret.
func (s *Server) ClientSecret() giftcard.Secret { return giftcard.Secret(s.cfg.clientSecret) }

// Config is a hubble.Config for this sandbox: its URL and credentials, and
// the webhook secret when one was configured.
func (s *Server) Config() hubble.Config {
	return hubble.Config{BaseURL: s.URL, ClientID: s.cfg.clientID, ClientSecret: s.ClientSecret(), WebhookSecret: s.cfg.webhookSecret}
}

// Requests returns every request received, oldest first.
func (s *Server) Requests() []Entry { return s.journal.Entries() }

// CountRequests counts requests with this method ("" = any) whose path
// starts with pathPrefix.
func (s *Server) CountRequests(method, pathPrefix string) int {
	return s.journal.Count(method, pathPrefix)
}

// Logins counts login requests.
func (s *Server) Logins() int { return s.journal.Count(http.MethodPost, "/v1/partners/auth/login") }

// InjectFault queues a fault for matching requests.
func (s *Server) InjectFault(f Fault) { s.faults.Add(f) }

// ClearFaults removes every pending fault.
func (s *Server) ClearFaults() { s.faults.Clear() }

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
	out := make([]hubble.Order, len(s.orderList))
	for i, o := range s.orderList {
		out[i] = o.o
	}
	return out
}

// OrdersWithReference counts orders holding referenceID (never more than
// one).
func (s *Server) OrdersWithReference(referenceID string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, o := range s.orderList {
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
	return slices.Clone(s.brands)
}

// UpdateBrand changes a brand in place (to make it INACTIVE, say).
func (s *Server) UpdateBrand(id string, change func(*hubble.Brand)) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	i, ok := s.brandIndex[id]
	if ok {
		change(&s.brands[i])
	}
	return ok
}

// Resends counts resend-delivery calls for an order.
func (s *Server) Resends(orderID string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.resends[orderID]
}

// Webhooks returns every webhook sent so far.
func (s *Server) Webhooks() []WebhookDelivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.deliveries)
}

// SettleOrder moves a PROCESSING order to status (SUCCESS generates its
// vouchers; FAILED refunds the wallet) and sends the webhook.
func (s *Server) SettleOrder(id string, status hubble.OrderStatus) error {
	s.mu.Lock()
	o, ok := s.orders[id]
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
// waits for the answer.
func (s *Server) SendWebhook(ctx context.Context, body []byte) (int, error) {
	if s.cfg.webhookURL == "" {
		return 0, fmt.Errorf("hubbletest: no webhook URL configured")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.cfg.webhookURL, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(hubble.SignatureHeader, hubble.Sign(body, s.cfg.webhookSecret))
	hc := s.cfg.webhookClient
	if hc == nil {
		hc = &http.Client{Timeout: 10 * time.Second}
	}
	resp, err := hc.Do(req)
	d := WebhookDelivery{Body: body, Signature: req.Header.Get(hubble.SignatureHeader), Err: err}
	if err == nil {
		d.Status = resp.StatusCode
		_ = resp.Body.Close()
	}
	s.mu.Lock()
	s.deliveries = append(s.deliveries, d)
	s.mu.Unlock()
	return d.Status, err
}

func (s *Server) sendWebhook(body []byte) {
	if body == nil {
		return
	}
	s.webhook.Add(1)
	go func() {
		defer s.webhook.Done()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_, _ = s.SendWebhook(ctx, body)
	}()
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

func (s *Server) writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

func (s *Server) fail(w http.ResponseWriter, r *http.Request, status int, e hubble.ErrorResponse) {
	if e.RequestID == "" {
		e.RequestID = r.Header.Get("X-REQUEST-ID")
	}
	s.writeJSON(w, status, e)
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
		valid := ok && known && s.cfg.clock.Now().Before(exp)
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
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		s.fail(w, r, http.StatusBadRequest, validationError("body", "not a JSON object"))
		return
	}
	switch {
	case req.ClientID == "":
		s.fail(w, r, http.StatusBadRequest, validationError("clientId", "must not be blank"))
		return
	case req.ClientSecret == "":
		s.fail(w, r, http.StatusBadRequest, validationError("clientSecret", "must not be blank"))
		return
	case req.ClientID != s.cfg.clientID || req.ClientSecret != s.cfg.clientSecret:
		s.fail(w, r, http.StatusUnauthorized, hubble.ErrorResponse{Code: "UNAUTHORIZED", Message: "Invalid client credentials"})
		return
	}
	var raw [24]byte
	_, _ = rand.Read(raw[:])
	tok := "hbt." + hex.EncodeToString(raw[:])
	s.mu.Lock()
	s.tokens[tok] = s.cfg.clock.Now().Add(s.cfg.lifetime)
	s.mu.Unlock()
	s.writeJSON(w, http.StatusOK, hubble.LoginResponse{Token: giftcard.Secret(tok), ExpiresInSecs: int64(s.cfg.lifetime / time.Second)})
}

func (s *Server) listProducts(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	text := strings.ToLower(strings.TrimSpace(q.Get("q")))
	cat := strings.TrimSpace(q.Get("category"))
	pageNo, limit := 0, 20
	if v := q.Get("pageNo"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			s.fail(w, r, http.StatusBadRequest, validationError("pageNo", "must be an integer from 1"))
			return
		}
		pageNo = n
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			s.fail(w, r, http.StatusBadRequest, validationError("limit", "must be an integer from 1 to 1000"))
			return
		}
		limit = n
	}
	s.mu.Lock()
	var match []hubble.Brand
	for _, b := range s.brands {
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
		start := min((pageNo-1)*limit, len(match))
		end := min(start+limit, len(match))
		page.Data = match[start:end]
		if end < len(match) {
			page.NextCursor = &hubble.Cursor{PageNo: pageNo + 1, Limit: limit}
		}
	}
	if page.Data == nil {
		page.Data = []hubble.Brand{}
	}
	if s.cfg.bare {
		s.writeJSON(w, http.StatusOK, page.Data)
		return
	}
	s.writeJSON(w, http.StatusOK, page)
}

func (s *Server) getProduct(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	i, ok := s.brandIndex[r.PathValue("id")]
	var b hubble.Brand
	if ok {
		b = s.brands[i]
	}
	s.mu.Unlock()
	if !ok {
		s.fail(w, r, http.StatusNotFound, codeError(hubble.CodeNotFound, "RESOURCE_NOT_FOUND", "Requested resource is not found", "productId"))
		return
	}
	s.writeJSON(w, http.StatusOK, b)
}

func (s *Server) getBalance(w http.ResponseWriter, _ *http.Request) {
	s.writeJSON(w, http.StatusOK, hubble.Balance{Balance: s.Balance()})
}

func (s *Server) getOrder(w http.ResponseWriter, r *http.Request) {
	s.readOrder(w, r, func() *order { return s.orders[r.PathValue("id")] })
}

func (s *Server) getOrderByRef(w http.ResponseWriter, r *http.Request) {
	s.readOrder(w, r, func() *order { return s.byRef[r.PathValue("ref")] })
}

// readOrder answers an order; reading a PROCESSING one counts as a poll and
// may settle it.
func (s *Server) readOrder(w http.ResponseWriter, r *http.Request, find func() *order) {
	s.mu.Lock()
	o := find()
	if o == nil {
		s.mu.Unlock()
		s.fail(w, r, http.StatusNotFound, codeError(hubble.CodeNotFound, "RESOURCE_NOT_FOUND", "Requested resource is not found", ""))
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
	s.writeJSON(w, http.StatusOK, out)
}

func (s *Server) getVoucher(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	v, ok := s.vouchers[r.PathValue("id")]
	s.mu.Unlock()
	if !ok {
		s.fail(w, r, http.StatusNotFound, codeError(hubble.CodeNotFound, "RESOURCE_NOT_FOUND", "Requested resource is not found", "voucherId"))
		return
	}
	s.writeJSON(w, http.StatusOK, v)
}

func (s *Server) resendDelivery(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	o, ok := s.orders[r.PathValue("id")]
	if !ok {
		s.mu.Unlock()
		s.fail(w, r, http.StatusNotFound, codeError(hubble.CodeNotFound, "RESOURCE_NOT_FOUND", "Requested resource is not found", "orderId"))
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
	s.writeJSON(w, http.StatusOK, out)
}
