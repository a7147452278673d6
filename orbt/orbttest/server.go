// Package orbttest is a wire-level ORBT sandbox on loopback, in the manner of
// httptest.NewServer, for tests and examples that must run without the real
// API.
//
// It checks authentication exactly as the documentation describes:
// x-api-key, x-client-id, an x-timestamp in ISO 8601 UTC with milliseconds
// within ±5 minutes of the sandbox clock, x-body-hash (when sent, and always
// under the body-hash scheme) equal to base64(SHA-256(raw body)), and
// x-signature = base64(HMAC-SHA256(secret, METHOD\nTIMESTAMP\nCLIENT_ID\n
// BODY or BODY_HASH)), accepting either scheme unless WithSigning picks one.
// Any failure answers the documented 403 {"Message": …}.
//
// Behind that it keeps a partner balance per currency (402
// BUSINESS_RULE_ERROR when it cannot cover initialFunds or a credit), one
// standard wallet per email and currency (400 VALIDATION_ERROR for a
// second), the customer list and per-customer wallet lists with the
// documented pagination (page zero-based, size 1–50, default 20, 422
// otherwise), and wallet transactions deduplicated on referenceId.
//
// Every request is journaled (Requests, CountRequests); Replays lists those
// whose signature had been seen before. Faults (status, delay, reset, a
// response dropped after the request was committed) are injected with
// InjectFault. Both come from the embedded sandbox.Base, the base of every
// provider sandbox of the SDK.
//
// Choices the documentation leaves open, made here: a DEBIT returns the
// funds to the partner balance; a referenceId reused with a different
// payload is a 400 VALIDATION_ERROR ("… already used …"); an unknown
// customer or wallet is a 404 {"success":false,"error":{"error":"NOT_FOUND"}};
// a bad page or size is a 422 with error UNPROCESSABLE_ENTITY; customer and
// wallet ids count up from 101 independently.
package orbttest

import (
	"crypto/hmac"
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/mail"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/shopspring/decimal"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/giftcardtest/sandbox"
	"github.com/giftcard-go/giftcard/orbt"
)

// The default credentials of a sandbox (the client id is the one of the
// ORBT guide's signing example).
const (
	DefaultAPIKey     = "orbt-sandbox-api-key"
	DefaultClientID   = "3f1c2a7e-8b4d-4e21-9c55-0d6a1b2c3d4e"
	DefaultHMACSecret = "orbt-sandbox-hmac-secret"
)

// ForbiddenMessage is the documented message of the 403 body.
const ForbiddenMessage = "User is not authorized to access this resource with an explicit deny in an identity-based policy"

// DefaultPartnerBalance is the partner balance each of USD, EUR and GBP
// starts with (1,000,000), unless WithPartnerBalance says otherwise.
func DefaultPartnerBalance() decimal.Decimal { return decimal.New(1_000_000, 0) }

// Entry is one journaled request; see sandbox.Entry for its fields.
type Entry = sandbox.Entry

// Fault is a misbehaviour injected for matching requests; see
// sandbox.Fault for its fields.
type Fault = sandbox.Fault

// Option configures a Server.
type Option func(*config)

type config struct {
	apiKey, clientID, secret string
	clock                    giftcard.Clock     // nil = the wall clock
	accept                   orbt.SigningScheme // SigningDefault = either
	tolerance                time.Duration
	balances                 map[string]decimal.Decimal
	rejectReplays            bool
}

// WithCredentials replaces the default credentials.
func WithCredentials(apiKey, clientID, hmacSecret string) Option {
	return func(c *config) { c.apiKey, c.clientID, c.secret = apiKey, clientID, hmacSecret }
}

// WithClock sets the clock timestamps are checked against and journal
// entries stamped with (giftcardtest.NewClock in tests).
func WithClock(clk giftcard.Clock) Option {
	return func(c *config) {
		if clk != nil {
			c.clock = clk
		}
	}
}

// WithSigning accepts only one scheme (orbt.SignRawBody or
// orbt.SignBodyHash); orbt.SigningDefault, the default, accepts either.
func WithSigning(s orbt.SigningScheme) Option { return func(c *config) { c.accept = s } }

// WithTimestampTolerance replaces the ±5 minute timestamp window.
func WithTimestampTolerance(d time.Duration) Option {
	return func(c *config) {
		if d > 0 {
			c.tolerance = d
		}
	}
}

// WithPartnerBalance sets the partner balance in a currency (replacing the
// default for it). A currency without a balance cannot fund anything.
func WithPartnerBalance(currency string, amount decimal.Decimal) Option {
	return func(c *config) { c.balances[strings.ToUpper(currency)] = amount }
}

// WithRejectReplays answers 403 to a request whose signature was already
// seen; by default a replay is only flagged (Replays).
func WithRejectReplays() Option { return func(c *config) { c.rejectReplays = true } }

// Server is a running sandbox. Safe for concurrent use.
//
// It embeds *sandbox.Base, which gives it URL (the base URL, e.g.
// http://127.0.0.1:41234), Client, Close, Requests, CountRequests, Journal,
// InjectFault, ClearFaults, Clock and Outbox.
type Server struct {
	*sandbox.Base

	cfg config

	mu        sync.Mutex
	balances  map[string]decimal.Decimal
	customers sandbox.Store[int64, *customer]
	byEmail   map[string]*customer
	wallets   map[string]*wallet
	txByRef   map[string]*txn
	txCount   int
	ledger    []LedgerEntry
	nextCust  int64
	nextWal   int64
	seenSigs  map[string]bool
}

type customer struct {
	id          int64
	name, email string
	wallets     []*wallet
}

type wallet struct {
	id, currency             string
	customer                 *customer
	balance                  decimal.Decimal
	typ, status              string
	campaignID, campaignName string
}

type txn struct {
	id, walletID, typ, ref, desc string
	amount, balanceAfter         decimal.Decimal
	currency                     string
}

// LedgerEntry is one movement of the partner balance.
type LedgerEntry struct {
	// Time is when the sandbox's clock recorded the movement.
	Time time.Time
	// Currency is the partner balance moved.
	Currency string
	// Amount is negative when the partner balance is debited (initial
	// funds, a CREDIT), positive when it is refunded (a DEBIT).
	Amount    decimal.Decimal
	Reason    string // "initialFunds", "CREDIT" or "DEBIT"
	Reference string // the customer id, or the transaction's referenceId
}

// NewServer starts a sandbox on loopback. Close it when done.
func NewServer(opts ...Option) *Server {
	cfg := config{
		apiKey: DefaultAPIKey, clientID: DefaultClientID, secret: DefaultHMACSecret,
		tolerance: 5 * time.Minute,
		balances:  map[string]decimal.Decimal{"USD": DefaultPartnerBalance(), "EUR": DefaultPartnerBalance(), "GBP": DefaultPartnerBalance()},
	}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	s := &Server{
		cfg: cfg, balances: cfg.balances, byEmail: map[string]*customer{},
		wallets: map[string]*wallet{}, txByRef: map[string]*txn{}, nextCust: 101, nextWal: 101,
		seenSigs: map[string]bool{},
	}
	r := sandbox.NewRouter(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "NOT_FOUND", "no such operation: "+r.Method+" "+r.URL.Path)
	})
	// Every route of the client's table, so the two cannot drift apart (a
	// route without a handler panics here).
	handlers := map[string]http.HandlerFunc{
		"CreateCustomer": s.createCustomer, "ListCustomers": s.listCustomers,
		"ListWallets": s.listWallets, "CreateWalletTransaction": s.createTransaction,
	}
	for _, rt := range orbt.Routes() {
		r.Handle(rt.Pattern(), handlers[rt.Op])
	}
	s.Base = sandbox.NewBase("orbt", s.authenticate(r), sandbox.WithClock(cfg.clock))
	return s
}

// APIKey, ClientID and HMACSecret return the credentials the sandbox
// accepts.
func (s *Server) APIKey() string { return s.cfg.apiKey }

// ClientID returns the accepted client id.
func (s *Server) ClientID() string { return s.cfg.clientID }

// HMACSecret returns the accepted HMAC secret.
func (s *Server) HMACSecret() string { return s.cfg.secret }

// Config returns an orbt.Config for this sandbox: its credentials and URL.
func (s *Server) Config() orbt.Config {
	return orbt.Config{
		APIKey: giftcard.Secret(s.cfg.apiKey), ClientID: s.cfg.clientID,
		HMACSecret: giftcard.Secret(s.cfg.secret), BaseURL: s.URL,
	}
}

// Replays returns the requests whose x-signature had already been seen on
// an earlier request: a replayed (or never re-signed) request.
func (s *Server) Replays() []Entry {
	seen := map[string]bool{}
	var out []Entry
	for _, e := range s.Requests() {
		sig := e.Header.Get("X-Signature")
		if sig == "" {
			continue
		}
		if seen[sig] {
			out = append(out, e)
		}
		seen[sig] = true
	}
	return out
}

// PartnerBalance returns the partner balance in currency.
func (s *Server) PartnerBalance(currency string) decimal.Decimal {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.balances[strings.ToUpper(currency)]
}

// SetPartnerBalance sets the partner balance in currency.
func (s *Server) SetPartnerBalance(currency string, amount decimal.Decimal) {
	s.mu.Lock()
	s.balances[strings.ToUpper(currency)] = amount
	s.mu.Unlock()
}

// Ledger returns every movement of the partner balance, oldest first.
func (s *Server) Ledger() []LedgerEntry {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]LedgerEntry(nil), s.ledger...)
}

// CustomerCount is the number of customers.
func (s *Server) CustomerCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.customers.Len()
}

// CustomerID returns the id of the customer with email.
func (s *Server) CustomerID(email string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.byEmail[strings.ToLower(email)]
	if !ok {
		return "", false
	}
	return strconv.FormatInt(c.id, 10), true
}

// TransactionCount is the number of wallet transactions processed
// (deduplicated resends not counted).
func (s *Server) TransactionCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.txCount
}

// WalletBalance returns a wallet's balance.
func (s *Server) WalletBalance(walletID string) (decimal.Decimal, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	w, ok := s.wallets[walletID]
	if !ok {
		return decimal.Decimal{}, false
	}
	return w.balance, true
}

// AddCampaignWallet gives a customer a CAMPAIGN wallet (there is no API
// for it) and returns its id. The partner balance is not touched.
func (s *Server) AddCampaignWallet(customerID, currency string, balance decimal.Decimal, campaignID, campaignName string) (string, error) {
	id, err := strconv.ParseInt(customerID, 10, 64)
	if err != nil {
		return "", fmt.Errorf("orbttest: customer id %q: %w", customerID, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.customers.Get(id)
	if !ok {
		return "", fmt.Errorf("orbttest: no customer %s", customerID)
	}
	w := s.newWallet(c, strings.ToUpper(currency), balance)
	w.typ, w.campaignID, w.campaignName = "CAMPAIGN", campaignID, campaignName
	return w.id, nil
}

// SetWalletStatus changes a wallet's status (ENABLED, DISABLED …). A
// wallet that is not ENABLED refuses transactions.
func (s *Server) SetWalletStatus(walletID, status string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	w, ok := s.wallets[walletID]
	if !ok {
		return fmt.Errorf("orbttest: no wallet %s", walletID)
	}
	w.status = status
	return nil
}

// newWallet must be called with s.mu held.
func (s *Server) newWallet(c *customer, currency string, balance decimal.Decimal) *wallet {
	w := &wallet{id: strconv.FormatInt(s.nextWal, 10), currency: currency, customer: c, balance: balance, typ: "STANDARD", status: "ENABLED"}
	s.nextWal++
	c.wallets = append(c.wallets, w)
	s.wallets[w.id] = w
	return w
}

// ---- authentication ----

func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := sandbox.Body(r)
		if err != nil {
			writeError(w, http.StatusBadRequest, "VALIDATION_ERROR", "unreadable body")
			return
		}
		if reason := s.verify(r, body); reason != "" {
			w.Header().Set("X-Sandbox-Reason", reason)
			sandbox.WriteJSON(w, http.StatusForbidden, map[string]string{"Message": ForbiddenMessage})
			return
		}
		next.ServeHTTP(w, r)
	})
}

// verify returns why r fails authentication, or "".
func (s *Server) verify(r *http.Request, body []byte) string {
	h := r.Header
	if subtle.ConstantTimeCompare([]byte(h.Get("X-Api-Key")), []byte(s.cfg.apiKey)) != 1 {
		return "x-api-key"
	}
	if h.Get("X-Client-Id") != s.cfg.clientID {
		return "x-client-id"
	}
	tsText := h.Get("X-Timestamp")
	ts, err := time.Parse(orbt.TimestampLayout, tsText)
	if err != nil {
		return "x-timestamp is not ISO 8601 UTC with milliseconds"
	}
	if d := s.Clock().Now().Sub(ts); d > s.cfg.tolerance || d < -s.cfg.tolerance {
		return "x-timestamp outside the allowed window"
	}
	bh := h.Get("X-Body-Hash")
	want := orbt.BodyHash(body)
	switch {
	case bh == "" && s.cfg.accept == orbt.SignBodyHash:
		return "x-body-hash missing"
	case bh != "" && bh != want:
		return "x-body-hash does not match the body"
	}
	sig := h.Get("X-Signature")
	ok := false
	for _, sc := range []orbt.SigningScheme{orbt.SignRawBody, orbt.SignBodyHash} {
		if s.cfg.accept != orbt.SigningDefault && s.cfg.accept != sc {
			continue
		}
		exp := orbt.Signature(sc, giftcard.Secret(s.cfg.secret), r.Method, tsText, s.cfg.clientID, body)
		if hmac.Equal([]byte(exp), []byte(sig)) {
			ok = true
		}
	}
	if !ok {
		return "x-signature"
	}
	s.mu.Lock()
	replay := s.seenSigs[sig]
	s.seenSigs[sig] = true
	s.mu.Unlock()
	if replay && s.cfg.rejectReplays {
		return "x-signature replayed"
	}
	return ""
}

// ---- create customer ----

func (s *Server) createCustomer(w http.ResponseWriter, r *http.Request) {
	var in map[string]json.RawMessage
	if err := sandbox.ReadJSON(r, &in); err != nil {
		writeError(w, http.StatusBadRequest, "VALIDATION_ERROR", "the body is not a JSON object")
		return
	}
	name, ok := jsonString(in["fullName"])
	if !ok || strings.TrimSpace(name) == "" {
		writeError(w, http.StatusBadRequest, "VALIDATION_ERROR", "fullName is required")
		return
	}
	email, ok := jsonString(in["email"])
	if a, err := mail.ParseAddress(email); !ok || err != nil || a.Address != email {
		writeError(w, http.StatusBadRequest, "VALIDATION_ERROR", "email must be a valid email address")
		return
	}
	rawCur, ok := jsonString(in["currency"])
	cur, err := giftcard.NormalizeCurrency(rawCur)
	if !ok || err != nil {
		writeError(w, http.StatusBadRequest, "VALIDATION_ERROR", "currency must be an ISO 4217 code")
		return
	}
	funds, ok := jsonNumber(in["initialFunds"])
	if !ok || funds.IsNegative() {
		writeError(w, http.StatusBadRequest, "VALIDATION_ERROR", "initialFunds must be a number ≥ 0")
		return
	}
	s.mu.Lock()
	c := s.byEmail[strings.ToLower(email)]
	if c != nil {
		for _, wl := range c.wallets {
			if wl.currency == cur && wl.typ == "STANDARD" {
				s.mu.Unlock()
				writeError(w, http.StatusBadRequest, "VALIDATION_ERROR", "Some customers already have wallets in the requested currency")
				return
			}
		}
	}
	bal, funded := s.balances[cur]
	if !funded || bal.LessThan(funds) {
		s.mu.Unlock()
		writeError(w, http.StatusPaymentRequired, "BUSINESS_RULE_ERROR", "Unable to pre-charge all currency groups")
		return
	}
	if c == nil {
		c = &customer{id: s.nextCust, name: name, email: email}
		s.nextCust++
		s.customers.Put(c.id, c)
		s.byEmail[strings.ToLower(email)] = c
	}
	wl := s.newWallet(c, cur, funds)
	s.balances[cur] = bal.Sub(funds)
	s.ledger = append(s.ledger, LedgerEntry{Time: s.Clock().Now(), Currency: cur, Amount: funds.Neg(), Reason: "initialFunds", Reference: strconv.FormatInt(c.id, 10)})
	data := map[string]any{
		"id": c.id, "walletId": wl.id, "fullName": c.name, "email": c.email,
		"walletBalance": number(wl.balance, cur), "currency": cur,
	}
	s.mu.Unlock()
	sandbox.WriteJSON(w, http.StatusOK, map[string]any{"success": true, "data": data})
}

// ---- lists ----

// pageParams reads the documented page (zero-based) and size (1–50,
// default 20) and the offset they select; msg says what is wrong with them.
func pageParams(r *http.Request) (page, size, offset int, msg string) {
	page, ok := sandbox.QueryInt(r, "page", 0, 0, math.MaxInt)
	if !ok {
		return 0, 0, 0, "page must be an integer ≥ 0"
	}
	size, ok = sandbox.QueryInt(r, "size", 20, 1, 50)
	if !ok {
		return 0, 0, 0, "size must be an integer between 1 and 50"
	}
	return page, size, min(page, math.MaxInt/size) * size, ""
}

func (s *Server) listCustomers(w http.ResponseWriter, r *http.Request) {
	page, size, offset, msg := pageParams(r)
	if msg != "" {
		writeError(w, http.StatusUnprocessableEntity, "UNPROCESSABLE_ENTITY", msg)
		return
	}
	s.mu.Lock()
	part, total := s.customers.Page(offset, size)
	content := make([]map[string]any, 0, len(part))
	for _, c := range part {
		std, camp := 0, 0
		for _, wl := range c.wallets {
			if wl.typ == "CAMPAIGN" {
				camp++
			} else {
				std++
			}
		}
		content = append(content, map[string]any{
			"consumerId": c.id, "consumerName": c.name, "consumerEmail": c.email,
			"totalStandardWallets": std, "totalCampaignWallets": camp,
		})
	}
	s.mu.Unlock()
	sandbox.WriteJSON(w, http.StatusOK, map[string]any{"content": content, "page": page, "size": size, "hasNext": offset+len(part) < total})
}

func (s *Server) listWallets(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("customerId"), 10, 64)
	if err != nil {
		writeError(w, http.StatusUnprocessableEntity, "UNPROCESSABLE_ENTITY", "invalid consumer ID")
		return
	}
	page, size, offset, msg := pageParams(r)
	if msg != "" {
		writeError(w, http.StatusUnprocessableEntity, "UNPROCESSABLE_ENTITY", msg)
		return
	}
	s.mu.Lock()
	c, ok := s.customers.Get(id)
	if !ok {
		s.mu.Unlock()
		writeError(w, http.StatusNotFound, "NOT_FOUND", "Customer not found")
		return
	}
	part, total := sandbox.Page(c.wallets, offset, size)
	content := make([]map[string]any, 0, len(part))
	for _, wl := range part {
		m := map[string]any{
			"walletId": wl.id, "currency": wl.currency, "balance": number(wl.balance, wl.currency),
			"walletType": wl.typ, "status": wl.status,
		}
		if wl.typ == "CAMPAIGN" {
			m["campaignId"], m["campaignName"] = wl.campaignID, wl.campaignName
		}
		content = append(content, m)
	}
	s.mu.Unlock()
	sandbox.WriteJSON(w, http.StatusOK, map[string]any{"content": content, "page": page, "size": size, "hasNext": offset+len(part) < total})
}

// ---- wallet transactions ----

func (s *Server) createTransaction(w http.ResponseWriter, r *http.Request) {
	walletID := r.PathValue("walletId")
	var in map[string]json.RawMessage
	if err := sandbox.ReadJSON(r, &in); err != nil {
		writeError(w, http.StatusBadRequest, "VALIDATION_ERROR", "the body is not a JSON object")
		return
	}
	amount, ok := jsonNumber(in["amount"])
	if !ok || !amount.IsPositive() {
		writeError(w, http.StatusBadRequest, "VALIDATION_ERROR", "amount must be a number > 0")
		return
	}
	typ, ok := jsonString(in["transactionType"])
	if !ok || (typ != "CREDIT" && typ != "DEBIT") {
		writeError(w, http.StatusBadRequest, "VALIDATION_ERROR", "transactionType must be CREDIT or DEBIT")
		return
	}
	ref, ok := jsonString(in["referenceId"])
	if !ok || strings.TrimSpace(ref) == "" {
		writeError(w, http.StatusBadRequest, "VALIDATION_ERROR", "referenceId is required")
		return
	}
	desc := ""
	if raw, present := in["description"]; present && string(raw) != "null" {
		if desc, ok = jsonString(raw); !ok {
			writeError(w, http.StatusBadRequest, "VALIDATION_ERROR", "description must be a string")
			return
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	wl, ok := s.wallets[walletID]
	if !ok {
		writeError(w, http.StatusNotFound, "NOT_FOUND", "Wallet not found")
		return
	}
	if prev, dup := s.txByRef[ref]; dup {
		if prev.walletID != walletID || prev.typ != typ || !prev.amount.Equal(amount) || prev.desc != desc {
			writeError(w, http.StatusBadRequest, "VALIDATION_ERROR", "referenceId "+ref+" was already used with a different payload")
			return
		}
		sandbox.WriteJSON(w, http.StatusOK, map[string]any{"success": true, "data": prev.data()})
		return
	}
	if wl.status != "ENABLED" {
		writeError(w, http.StatusBadRequest, "VALIDATION_ERROR", "Wallet is not enabled")
		return
	}
	now := s.Clock().Now()
	switch typ {
	case "CREDIT":
		bal, funded := s.balances[wl.currency]
		if !funded || bal.LessThan(amount) {
			writeError(w, http.StatusPaymentRequired, "BUSINESS_RULE_ERROR", "Insufficient partner balance")
			return
		}
		s.balances[wl.currency] = bal.Sub(amount)
		wl.balance = wl.balance.Add(amount)
		s.ledger = append(s.ledger, LedgerEntry{Time: now, Currency: wl.currency, Amount: amount.Neg(), Reason: "CREDIT", Reference: ref})
	case "DEBIT":
		if wl.balance.LessThan(amount) {
			writeError(w, http.StatusPaymentRequired, "BUSINESS_RULE_ERROR", "Insufficient wallet balance")
			return
		}
		wl.balance = wl.balance.Sub(amount)
		s.balances[wl.currency] = s.balances[wl.currency].Add(amount)
		s.ledger = append(s.ledger, LedgerEntry{Time: now, Currency: wl.currency, Amount: amount, Reason: "DEBIT", Reference: ref})
	}
	s.txCount++
	t := &txn{id: "T" + strconv.Itoa(s.txCount), walletID: walletID, typ: typ, ref: ref, desc: desc,
		amount: amount, balanceAfter: wl.balance, currency: wl.currency}
	s.txByRef[ref] = t
	sandbox.WriteJSON(w, http.StatusOK, map[string]any{"success": true, "data": t.data()})
}

func (t *txn) data() map[string]any {
	return map[string]any{
		"transactionId": t.id, "walletId": t.walletID, "amount": rawNumber(t.amount.String()),
		"transactionType": t.typ, "referenceId": t.ref, "description": t.desc,
		"status": "COMPLETED", "balance": number(t.balanceAfter, t.currency),
	}
}

// ---- helpers ----

func jsonString(raw json.RawMessage) (string, bool) {
	var s string
	if len(raw) == 0 || raw[0] != '"' || json.Unmarshal(raw, &s) != nil {
		return "", false
	}
	return s, true
}

// jsonNumber accepts a JSON number only (a quoted amount is refused, as
// the API documents a number), decoded exactly.
func jsonNumber(raw json.RawMessage) (decimal.Decimal, bool) {
	var n json.Number
	if len(raw) == 0 || raw[0] == '"' || json.Unmarshal(raw, &n) != nil {
		return decimal.Decimal{}, false
	}
	d, err := decimal.NewFromString(n.String())
	return d, err == nil
}

// rawNumber is a JSON number written as is.
type rawNumber string

func (n rawNumber) MarshalJSON() ([]byte, error) { return []byte(n), nil }

// number writes an amount with its currency's fraction digits.
func number(d decimal.Decimal, currency string) rawNumber {
	exp, ok := giftcard.CurrencyExponent(currency)
	if !ok {
		return rawNumber(d.String())
	}
	return rawNumber(d.StringFixed(int32(exp)))
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	sandbox.WriteJSON(w, status, map[string]any{"success": false, "error": map[string]string{"error": code, "message": msg}})
}
