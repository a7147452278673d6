// Package loyaltytest is a wire-level loyalty (openLoyaltyPay) sandbox on
// loopback, in the manner of httptest.NewServer, for tests and examples
// that must run without the real API. It serves every route of
// loyalty.Routes.
//
// Authentication is checked as the documentation describes: the jwt-token
// header must be the sandbox's eCommerce token, the sign header the
// lowercase hex HMAC-SHA256 (keyed with the client secret) of the raw body
// followed by "&clientId=…&clientSecret=…", and the body's clientId the
// sandbox's. A failure answers code 401 inside an HTTP 200. The token
// endpoint (POST /ovstrade/semiOpen/generateAccessToken) lists a Terminal
// and an eCommerce token for the sandbox's merchant and channel.
//
// Every answer is the documented envelope {"code", "msg", "timestamp",
// "data"}, the timestamp "YYYY-MM-DD HH:mm:ss" in UTC on the sandbox clock.
// Failures keep HTTP 200 and say so in code: 400 for a field missing or
// malformed (the documented rules: entryType B/K/M/P, activating Y/N,
// tranOrderNo at most 60 where documented, amounts as decimal strings with
// at most 2 decimals and above zero, points as whole numbers, tranCurrency
// the card currency), 404 for an unknown card or transaction, 409 for a
// tranOrderNo used by a different request, 422 for a transaction already
// voided. A route the API does not have answers HTTP 404 with code 404.
//
// Cards (see the Card… constants; WithCard adds more) hold a USD balance
// and a points balance; some are not yet activated, one is blocked, one
// answers every money operation "pending". Money and points operations are
// declined (code 200, result 1, with the reason in msg) for a blocked card,
// a card not activated, and a pay, tip or redemption over the balance. A
// pay with nsfAllowed over the balance is approved for what the card holds
// (the answer's amount says how much), and declined when it holds nothing.
// A void reverses a top-up, pay, tip or points operation once; a top-up
// whose value was spent since cannot be voided (declined).
//
// Every money and points operation is deduplicated on its tranOrderNo: the
// same request again gets the original answer, byte for byte; a different
// request with a used tranOrderNo is refused with code 409 (WithoutReplay
// refuses the same request too, as some servers do).
//
// No answer names a card number (msg says "card not found", not which).
//
// Every request is journaled (Requests, CountRequests); faults (status,
// delay, reset, a response dropped after the request was committed) are
// injected with InjectFault; Transactions lists what was committed.
package loyaltytest

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/shopspring/decimal"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/giftcardtest/sandbox"
	"github.com/giftcard-go/giftcard/loyalty"
)

// The default credentials of a sandbox: the client id, secret, merchant,
// channel and token of the public documentation's examples.
const (
	DefaultClientID     = "825429536610058240"
	DefaultClientSecret = "6266b7272643b93e04336a6beb2459fb"
	DefaultJWTToken     = "X24BMAPMHGCCDYQXTAQYSAXZ6TJ09JIX" // the eCommerce token
	DefaultMerchantID   = "10800000010"
	DefaultChannelName  = "epx"
	terminalToken       = "BFF1PVPW6T8F7JWWVP8FRJZHB19VITIE"
	// Mid is the merchant id every transaction answer carries.
	Mid = "202507081058"
	// PaywizardID is the platform id every transaction answer carries.
	PaywizardID = "10020000080"
)

// The cards every sandbox starts with.
const (
	// CardActive (the documentation's accountId) is active with 100.00 USD
	// and 500 points.
	CardActive = "914639258868515"
	// CardNew is not yet activated and holds nothing.
	CardNew = "914639258868523"
	// CardNew2 is another card not yet activated.
	CardNew2 = "914639258868531"
	// CardBlocked is blocked, with 25.00 USD: queries work, every money
	// operation is declined.
	CardBlocked = "914639258868549"
	// CardPending is active with 100.00 USD and 100 points, and answers
	// every money and points operation with result 2 (pending); the effect
	// is applied all the same.
	CardPending = "914639258868556"
)

// Currency is the currency of every sandbox card.
const Currency = "USD"

// Card is the state of one card.
type Card struct {
	AccountID    string                // the card number
	Balance      decimal.Decimal       // USD
	Points       int64                 // the points balance
	Activated    bool                  // money and points operations are declined until it is
	Blocked      bool                  // every money and points operation is declined
	Pending      bool                  // money and points operations answer result 2
	CustomerInfo *loyalty.CustomerInfo // what Activate set, answered by Activate and Query
}

// Txn is one committed transaction.
type Txn struct {
	CheckoutID     string          // the sandbox's transaction id, answered as checkoutId
	TransIndexCode string          // the sandbox's reference code, answered as transIndexCode
	TranOrderNo    string          // the client's order number: the idempotency key
	Op             string          // the route's Op: TopUp, Pay, Void, IssuePoints, RedeemPoints, AddTip
	AccountID      string          // the card number
	Amount         decimal.Decimal // USD moved, or points
	OriCheckoutID  string          // for Void and AddTip
	Voided         bool            // a later Void reversed it
	Time           time.Time       // when it was committed, on the sandbox clock
}

// Entry is one journaled request; see sandbox.Entry for its fields.
type Entry = sandbox.Entry

// Fault is a misbehaviour injected for matching requests; see
// sandbox.Fault for its fields.
type Fault = sandbox.Fault

// Option configures a Server.
type Option func(*config)

type config struct {
	clientID, secret, token, merchant, channel string
	clock                                      giftcard.Clock
	cards                                      []Card
	noReplay                                   bool
}

// WithCredentials replaces the default client id, secret and eCommerce token.
func WithCredentials(clientID, clientSecret, jwtToken string) Option {
	return func(c *config) { c.clientID, c.secret, c.token = clientID, clientSecret, jwtToken }
}

// WithClock sets the clock of the envelope timestamps and the journal
// (giftcardtest.NewClock in tests).
func WithClock(clk giftcard.Clock) Option {
	return func(c *config) {
		if clk != nil {
			c.clock = clk
		}
	}
}

// WithCard adds a card, or replaces the seeded card with its AccountID.
func WithCard(card Card) Option { return func(c *config) { c.cards = append(c.cards, card) } }

// WithoutReplay refuses a repeated tranOrderNo with code 409 even for the
// same request, instead of answering the original result again.
func WithoutReplay() Option { return func(c *config) { c.noReplay = true } }

// Server is a running sandbox. Safe for concurrent use.
//
// It embeds *sandbox.Base, which gives it URL (the base URL to give the
// client), Client (an *http.Client for it), Close, the journal (Requests,
// CountRequests, Journal), fault injection (InjectFault, ClearFaults) and
// Clock.
type Server struct {
	*sandbox.Base
	cfg config

	mu      sync.Mutex
	token   string // the current eCommerce token
	cards   map[string]*Card
	txns    []*Txn
	byID    map[string]*Txn // by checkoutId
	orders  map[string]*order
	nextID  int64
	nextIdx int64
}

// order is what a used tranOrderNo answered.
type order struct {
	route   string
	payload string // the request body in canonical JSON
	answer  []byte
}

// NewServer starts a sandbox on loopback. Close it when done.
func NewServer(opts ...Option) *Server {
	cfg := config{clientID: DefaultClientID, secret: DefaultClientSecret, token: DefaultJWTToken,
		merchant: DefaultMerchantID, channel: DefaultChannelName, clock: giftcard.NewConfig().Clock}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	s := &Server{cfg: cfg, token: cfg.token, cards: map[string]*Card{}, byID: map[string]*Txn{}, orders: map[string]*order{},
		nextID: 933392815902294016, nextIdx: 7293844967}
	hundred := decimal.New(100, 0)
	for _, c := range []Card{
		{AccountID: CardActive, Balance: hundred, Points: 500, Activated: true},
		{AccountID: CardNew},
		{AccountID: CardNew2},
		{AccountID: CardBlocked, Balance: decimal.New(25, 0), Activated: true, Blocked: true},
		{AccountID: CardPending, Balance: hundred, Points: 100, Activated: true, Pending: true},
	} {
		s.cards[c.AccountID] = &c
	}
	for _, c := range cfg.cards {
		s.cards[c.AccountID] = &c
	}
	r := sandbox.NewRouter(func(w http.ResponseWriter, r *http.Request) {
		s.write(w, http.StatusNotFound, loyalty.CodeNotFound, "no route for "+r.Method+" "+r.URL.Path, nil)
	})
	handlers := map[string]http.HandlerFunc{
		"Activate": s.activate, "Query": s.query, "TopUp": s.topUp, "Pay": s.pay, "Void": s.void,
		"IssuePoints": s.issuePoints, "RedeemPoints": s.redeemPoints, "AddTip": s.addTip, "AccessTokens": s.accessTokens,
	}
	for _, rt := range loyalty.Routes() {
		h, ok := handlers[rt.Op]
		if !ok {
			panic("loyaltytest: no handler for " + rt.Op)
		}
		if rt.Op != "AccessTokens" {
			h = s.authenticated(h)
		}
		r.Handle(rt.Pattern(), h)
	}
	s.Base = sandbox.NewBase("loyalty", r, sandbox.WithClock(cfg.clock))
	return s
}

// Config is a loyalty.Config for this sandbox with the fixed token.
func (s *Server) Config() loyalty.Config {
	return loyalty.Config{ClientID: s.cfg.clientID, ClientSecret: giftcard.Secret(s.cfg.secret),
		JWTToken: giftcard.Secret(s.Token()), BaseURL: s.URL}
}

// TokenConfig is a loyalty.Config for this sandbox that fetches its token
// from the token endpoint.
func (s *Server) TokenConfig() loyalty.Config {
	return loyalty.Config{ClientID: s.cfg.clientID, ClientSecret: giftcard.Secret(s.cfg.secret),
		MerchantID: s.cfg.merchant, ChannelName: s.cfg.channel, BaseURL: s.URL}
}

// Token returns the current eCommerce token.
func (s *Server) Token() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.token
}

// RotateToken replaces the eCommerce token (the old one is refused from
// now on) and returns the new one.
func (s *Server) RotateToken() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextIdx++
	s.token = fmt.Sprintf("ROTATED%025d", s.nextIdx)
	return s.token
}

// Card returns a copy of a card's state.
func (s *Server) Card(accountID string) (Card, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.cards[accountID]
	if !ok {
		return Card{}, false
	}
	return *c, true
}

// Transactions returns every committed transaction, oldest first.
func (s *Server) Transactions() []Txn {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Txn, len(s.txns))
	for i, t := range s.txns {
		out[i] = *t
	}
	return out
}

// envelope is the answer's shape; code and msg first, as the docs show.
type envelope struct {
	Code      int    `json:"code"`
	Msg       string `json:"msg"`
	Timestamp string `json:"timestamp"`
	Data      any    `json:"data"`
}

func (s *Server) answer(code int, msg string, data any) []byte {
	b, err := json.Marshal(envelope{Code: code, Msg: msg, Timestamp: s.cfg.clock.Now().UTC().Format(loyalty.TimestampLayout), Data: data})
	if err != nil {
		panic(err)
	}
	return b
}

func (s *Server) write(w http.ResponseWriter, status, code int, msg string, data any) {
	writeRaw(w, status, s.answer(code, msg, data))
}

func writeRaw(w http.ResponseWriter, status int, b []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// fail answers a refusal inside an HTTP 200, as the API does.
func (s *Server) fail(w http.ResponseWriter, code int, format string, args ...any) {
	s.write(w, http.StatusOK, code, fmt.Sprintf(format, args...), nil)
}

// authenticated checks jwt-token, sign and clientId before h.
func (s *Server) authenticated(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, _ := sandbox.Body(r)
		tok := r.Header.Get(loyalty.HeaderToken)
		sig := r.Header.Get(loyalty.HeaderSign)
		var b struct {
			ClientID json.RawMessage `json:"clientId"`
		}
		var clientID string
		if json.Unmarshal(body, &b) == nil {
			_ = json.Unmarshal(b.ClientID, &clientID)
		}
		switch {
		case tok == "":
			s.fail(w, loyalty.CodeUnauthorized, "jwt-token header is required")
		case subtle.ConstantTimeCompare([]byte(tok), []byte(s.Token())) != 1:
			s.fail(w, loyalty.CodeUnauthorized, "invalid jwt-token")
		case sig == "":
			s.fail(w, loyalty.CodeUnauthorized, "sign header is required")
		case subtle.ConstantTimeCompare([]byte(sig), []byte(s.sign(body))) != 1:
			s.fail(w, loyalty.CodeUnauthorized, "sign verification failed")
		case clientID == "":
			s.fail(w, loyalty.CodeBadRequest, "clientId is required")
		case clientID != s.cfg.clientID:
			s.fail(w, loyalty.CodeUnauthorized, "unknown clientId")
		default:
			h(w, r)
		}
	}
}

// sign is the documented recipe, written out here so the sandbox checks
// the client rather than itself.
func (s *Server) sign(body []byte) string {
	m := hmac.New(sha256.New, []byte(s.cfg.secret))
	m.Write(body)
	m.Write([]byte("&clientId=" + s.cfg.clientID + "&clientSecret=" + s.cfg.secret))
	return hex.EncodeToString(m.Sum(nil))
}

// body is every field any operation takes. Strings must be JSON strings:
// an amount sent as a JSON number is malformed.
type body struct {
	ClientID       *string               `json:"clientId"`
	ClientSecret   *string               `json:"clientSecret"`
	MerchantID     *string               `json:"merchantId"`
	ChannelName    *string               `json:"channelName"`
	TranOrderNo    *string               `json:"tranOrderNo"`
	LoyaltyChannel *string               `json:"loyaltyChannel"`
	AccountID      *string               `json:"accountId"`
	EntryType      *string               `json:"entryType"`
	Activating     *string               `json:"activating"`
	Amount         *string               `json:"amount"`
	TranCurrency   *string               `json:"tranCurrency"`
	NSFAllowed     *bool                 `json:"nsfAllowed"`
	OriOrderNo     *string               `json:"oriOrderNo"`
	CustomerInfo   *loyalty.CustomerInfo `json:"customerInfo"`
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

var (
	moneyRe  = regexp.MustCompile(`^\d{1,12}(\.\d{1,2})?$`)
	pointsRe = regexp.MustCompile(`^\d{1,15}$`)
)

// parse reads the body and checks the fields the route requires (max60:
// tranOrderNo is documented as at most 60 characters). It answers the
// refusal itself and returns false.
func (s *Server) parse(w http.ResponseWriter, r *http.Request, required []string, max60 bool) (body, bool) {
	var b body
	if err := sandbox.ReadJSON(r, &b); err != nil {
		s.fail(w, loyalty.CodeBadRequest, "malformed request body: %v", err)
		return b, false
	}
	vals := map[string]*string{
		"tranOrderNo": b.TranOrderNo, "loyaltyChannel": b.LoyaltyChannel, "accountId": b.AccountID, "entryType": b.EntryType,
		"activating": b.Activating, "amount": b.Amount, "tranCurrency": b.TranCurrency, "oriOrderNo": b.OriOrderNo,
		"clientSecret": b.ClientSecret, "merchantId": b.MerchantID, "channelName": b.ChannelName,
	}
	for _, f := range required {
		if strings.TrimSpace(str(vals[f])) == "" {
			s.fail(w, loyalty.CodeBadRequest, "%s is required", f)
			return b, false
		}
	}
	switch {
	case b.EntryType != nil && !slices.Contains([]string{"B", "K", "M", "P"}, *b.EntryType):
		s.fail(w, loyalty.CodeBadRequest, "entryType must be B, K, M or P")
	case b.Activating != nil && *b.Activating != "Y" && *b.Activating != "N":
		s.fail(w, loyalty.CodeBadRequest, `activating must be "Y" or "N"`)
	case max60 && len([]rune(str(b.TranOrderNo))) > 60:
		s.fail(w, loyalty.CodeBadRequest, "tranOrderNo is longer than 60 characters")
	case b.TranCurrency != nil && *b.TranCurrency != Currency:
		s.fail(w, loyalty.CodeBadRequest, "tranCurrency must be %s", Currency)
	default:
		return b, true
	}
	return b, false
}

// money reads a positive USD amount string; it answers the refusal itself.
func (s *Server) money(w http.ResponseWriter, v string) (decimal.Decimal, bool) {
	if !moneyRe.MatchString(v) {
		s.fail(w, loyalty.CodeBadRequest, "amount %q is not a decimal string with at most 2 decimals", v)
		return decimal.Decimal{}, false
	}
	d := decimal.RequireFromString(v)
	if !d.IsPositive() {
		s.fail(w, loyalty.CodeBadRequest, "amount must be more than zero")
		return decimal.Decimal{}, false
	}
	return d, true
}

func (s *Server) pointsOf(w http.ResponseWriter, v string) (int64, bool) {
	n, err := strconv.ParseInt(v, 10, 64)
	if !pointsRe.MatchString(v) || err != nil || n <= 0 {
		s.fail(w, loyalty.CodeBadRequest, "amount %q is not a positive whole number of points", v)
		return 0, false
	}
	return n, true
}

// card returns the card the request names, or answers 404.
func (s *Server) card(w http.ResponseWriter, b body) (*Card, bool) {
	c, ok := s.cards[str(b.AccountID)]
	if !ok {
		s.fail(w, loyalty.CodeNotFound, "card not found")
	}
	return c, ok
}

func cardData(c *Card) map[string]any {
	d := map[string]any{
		"accountId": c.AccountID,
		"balances": []map[string]any{
			{"valueCode": Currency, "amount": json.Number(c.Balance.StringFixed(2)), "difference": json.Number("0.00")},
			{"valueCode": loyalty.ValueCodePoints, "amount": json.Number(strconv.FormatInt(c.Points, 10)), "difference": json.Number("0")},
		},
	}
	if c.CustomerInfo != nil {
		d["customerInfo"] = c.CustomerInfo
	}
	return d
}

func (s *Server) activate(w http.ResponseWriter, r *http.Request) {
	b, ok := s.parse(w, r, []string{"loyaltyChannel", "accountId", "entryType", "activating"}, false)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.card(w, b)
	if !ok {
		return
	}
	if c.Blocked {
		s.fail(w, loyalty.CodeBadRequest, "card is blocked")
		return
	}
	if *b.Activating == "Y" {
		c.Activated = true
	}
	if b.CustomerInfo != nil {
		ci := *b.CustomerInfo
		c.CustomerInfo = &ci
	}
	s.write(w, http.StatusOK, loyalty.CodeSuccess, "success", cardData(c))
}

func (s *Server) query(w http.ResponseWriter, r *http.Request) {
	b, ok := s.parse(w, r, []string{"loyaltyChannel", "accountId", "entryType"}, false)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.card(w, b)
	if !ok {
		return
	}
	s.write(w, http.StatusOK, loyalty.CodeSuccess, "success", cardData(c))
}

// keyed runs a money or points operation exactly once per tranOrderNo: a
// repeat of the same request gets the first answer; a different request
// with the number is refused. do runs under the lock and returns the
// answer, or nil after answering a refusal itself (which is not recorded,
// so a corrected request may reuse the number).
func (s *Server) keyed(w http.ResponseWriter, r *http.Request, op string, b body, do func() []byte) {
	raw, _ := sandbox.Body(r)
	payload := canonical(raw)
	key := str(b.TranOrderNo)
	s.mu.Lock()
	defer s.mu.Unlock()
	if o, ok := s.orders[key]; ok {
		if o.route != op || o.payload != payload || s.cfg.noReplay {
			s.fail(w, loyalty.CodeDuplicateOrder, "tranOrderNo %s has been used", key)
			return
		}
		writeRaw(w, http.StatusOK, o.answer)
		return
	}
	ans := do()
	if ans == nil {
		return
	}
	s.orders[key] = &order{route: op, payload: payload, answer: ans}
	writeRaw(w, http.StatusOK, ans)
}

// canonical is a JSON document with its keys sorted, so the same request
// matches whatever its key order.
func canonical(raw []byte) string {
	var v any
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	if d.Decode(&v) != nil {
		return string(raw)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// commit records a transaction and returns its answer.
func (s *Server) commit(t *Txn, amount string, c *Card, result int, msg string) []byte {
	s.nextID++
	s.nextIdx++
	t.CheckoutID = strconv.FormatInt(s.nextID, 10)
	t.TransIndexCode = "1002000008" + strconv.FormatInt(s.nextIdx, 10)
	t.Time = s.cfg.clock.Now()
	data := map[string]any{
		"mid": Mid, "paywizardId": PaywizardID, "checkoutId": t.CheckoutID, "transIndexCode": t.TransIndexCode,
		"amount": amount, "result": result,
	}
	if t.OriCheckoutID != "" && t.Op == "Void" {
		ori := s.byID[t.OriCheckoutID]
		data["oriCheckoutId"] = ori.CheckoutID
		data["oriTransIndexCode"] = ori.TransIndexCode
		delete(data, "amount")
	}
	if result == 0 && c != nil && c.Pending {
		data["result"] = 2
	}
	s.txns = append(s.txns, t)
	s.byID[t.CheckoutID] = t
	return s.answer(loyalty.CodeSuccess, msg, data)
}

// decline answers result 1 without committing anything.
func (s *Server) decline(amount, reason string) []byte {
	s.nextIdx++
	data := map[string]any{"mid": Mid, "paywizardId": PaywizardID, "checkoutId": "",
		"transIndexCode": "1002000008" + strconv.FormatInt(s.nextIdx, 10), "amount": amount, "result": 1}
	return s.answer(loyalty.CodeSuccess, reason, data)
}

// usable declines an operation on a blocked or inactive card.
func (s *Server) usable(c *Card, amount string) []byte {
	switch {
	case c.Blocked:
		return s.decline(amount, "card is blocked")
	case !c.Activated:
		return s.decline(amount, "card is not activated")
	}
	return nil
}

func (s *Server) topUp(w http.ResponseWriter, r *http.Request) {
	b, ok := s.parse(w, r, []string{"tranOrderNo", "loyaltyChannel", "accountId", "entryType", "activating"}, true)
	if !ok {
		return
	}
	amt := decimal.Zero
	if b.Amount != nil {
		if amt, ok = s.money(w, *b.Amount); !ok {
			return
		}
	}
	s.keyed(w, r, "TopUp", b, func() []byte {
		c, ok := s.card(w, b)
		if !ok {
			return nil
		}
		if *b.Activating == "Y" && !c.Blocked {
			c.Activated = true
		}
		if b.CustomerInfo != nil && !c.Blocked {
			ci := *b.CustomerInfo
			c.CustomerInfo = &ci
		}
		if d := s.usable(c, amt.StringFixed(2)); d != nil {
			return d
		}
		c.Balance = c.Balance.Add(amt)
		return s.commit(&Txn{TranOrderNo: *b.TranOrderNo, Op: "TopUp", AccountID: c.AccountID, Amount: amt}, amt.StringFixed(2), c, 0, "success")
	})
}

func (s *Server) pay(w http.ResponseWriter, r *http.Request) {
	b, ok := s.parse(w, r, []string{"tranOrderNo", "loyaltyChannel", "amount", "tranCurrency", "accountId", "entryType"}, true)
	if !ok {
		return
	}
	amt, ok := s.money(w, *b.Amount)
	if !ok {
		return
	}
	s.keyed(w, r, "Pay", b, func() []byte {
		c, ok := s.card(w, b)
		if !ok {
			return nil
		}
		if d := s.usable(c, *b.Amount); d != nil {
			return d
		}
		charged := amt
		if c.Balance.LessThan(amt) {
			if b.NSFAllowed == nil || !*b.NSFAllowed || !c.Balance.IsPositive() {
				return s.decline(*b.Amount, "insufficient balance")
			}
			charged = c.Balance
		}
		c.Balance = c.Balance.Sub(charged)
		return s.commit(&Txn{TranOrderNo: *b.TranOrderNo, Op: "Pay", AccountID: c.AccountID, Amount: charged}, charged.StringFixed(2), c, 0, "success")
	})
}

func (s *Server) addTip(w http.ResponseWriter, r *http.Request) {
	b, ok := s.parse(w, r, []string{"tranOrderNo", "oriOrderNo", "tranCurrency", "amount", "accountId", "entryType"}, false)
	if !ok {
		return
	}
	amt, ok := s.money(w, *b.Amount)
	if !ok {
		return
	}
	s.keyed(w, r, "AddTip", b, func() []byte {
		c, ok := s.card(w, b)
		if !ok {
			return nil
		}
		ori, ok := s.byID[*b.OriOrderNo]
		switch {
		case !ok || ori.Op != "Pay":
			s.fail(w, loyalty.CodeNotFound, "payment %s not found", *b.OriOrderNo)
			return nil
		case ori.AccountID != c.AccountID:
			s.fail(w, loyalty.CodeBadRequest, "payment %s was not made with this card", *b.OriOrderNo)
			return nil
		case ori.Voided:
			s.fail(w, loyalty.CodeAlreadyVoided, "payment %s is voided", *b.OriOrderNo)
			return nil
		}
		if d := s.usable(c, *b.Amount); d != nil {
			return d
		}
		if c.Balance.LessThan(amt) {
			return s.decline(*b.Amount, "insufficient balance")
		}
		c.Balance = c.Balance.Sub(amt)
		return s.commit(&Txn{TranOrderNo: *b.TranOrderNo, Op: "AddTip", AccountID: c.AccountID, Amount: amt, OriCheckoutID: ori.CheckoutID},
			amt.StringFixed(2), c, 0, "success")
	})
}

func (s *Server) issuePoints(w http.ResponseWriter, r *http.Request) {
	s.points(w, r, "IssuePoints", 1)
}

func (s *Server) redeemPoints(w http.ResponseWriter, r *http.Request) {
	s.points(w, r, "RedeemPoints", -1)
}

func (s *Server) points(w http.ResponseWriter, r *http.Request, op string, sign int64) {
	b, ok := s.parse(w, r, []string{"tranOrderNo", "loyaltyChannel", "accountId", "entryType", "amount"}, true)
	if !ok {
		return
	}
	n, ok := s.pointsOf(w, *b.Amount)
	if !ok {
		return
	}
	s.keyed(w, r, op, b, func() []byte {
		c, ok := s.card(w, b)
		if !ok {
			return nil
		}
		if d := s.usable(c, *b.Amount); d != nil {
			return d
		}
		if sign < 0 && c.Points < n {
			return s.decline(*b.Amount, "insufficient points balance")
		}
		c.Points += sign * n
		return s.commit(&Txn{TranOrderNo: *b.TranOrderNo, Op: op, AccountID: c.AccountID, Amount: decimal.New(n, 0)}, *b.Amount, c, 0, "success")
	})
}

func (s *Server) void(w http.ResponseWriter, r *http.Request) {
	b, ok := s.parse(w, r, []string{"tranOrderNo", "oriOrderNo"}, false)
	if !ok {
		return
	}
	s.keyed(w, r, "Void", b, func() []byte {
		ori, ok := s.byID[*b.OriOrderNo]
		switch {
		case !ok:
			s.fail(w, loyalty.CodeNotFound, "transaction %s not found", *b.OriOrderNo)
			return nil
		case ori.Op == "Void":
			s.fail(w, loyalty.CodeBadRequest, "transaction %s is a void", *b.OriOrderNo)
			return nil
		case ori.Voided:
			s.fail(w, loyalty.CodeAlreadyVoided, "transaction %s is already voided", *b.OriOrderNo)
			return nil
		}
		c := s.cards[ori.AccountID]
		switch ori.Op {
		case "TopUp":
			if c.Balance.LessThan(ori.Amount) {
				return s.decline("", "balance is below the top-up: it cannot be voided")
			}
			c.Balance = c.Balance.Sub(ori.Amount)
		case "Pay", "AddTip":
			c.Balance = c.Balance.Add(ori.Amount)
		case "IssuePoints":
			if c.Points < ori.Amount.IntPart() {
				return s.decline("", "points balance is below the issue: it cannot be voided")
			}
			c.Points -= ori.Amount.IntPart()
		case "RedeemPoints":
			c.Points += ori.Amount.IntPart()
		}
		ori.Voided = true
		return s.commit(&Txn{TranOrderNo: *b.TranOrderNo, Op: "Void", AccountID: c.AccountID, Amount: ori.Amount, OriCheckoutID: ori.CheckoutID},
			"", c, 0, "success")
	})
}

func (s *Server) accessTokens(w http.ResponseWriter, r *http.Request) {
	b, ok := s.parse(w, r, []string{"clientSecret", "merchantId", "channelName"}, false)
	if !ok {
		return
	}
	switch {
	case str(b.ClientID) != s.cfg.clientID || subtle.ConstantTimeCompare([]byte(*b.ClientSecret), []byte(s.cfg.secret)) != 1:
		s.fail(w, loyalty.CodeUnauthorized, "invalid clientId or clientSecret")
		return
	case *b.MerchantID != s.cfg.merchant || *b.ChannelName != s.cfg.channel:
		s.fail(w, loyalty.CodeNotFound, "no merchant %s on channel %s", *b.MerchantID, *b.ChannelName)
		return
	}
	tok := func(value, typ string) map[string]any {
		return map[string]any{"token": value, "merchantId": s.cfg.merchant, "merchantName": s.cfg.channel, "type": typ,
			"channelName": s.cfg.channel, "expiryTime": -1}
	}
	s.write(w, http.StatusOK, loyalty.CodeSuccess, "success", []any{tok(terminalToken, "Terminal"), tok(s.Token(), loyalty.TokenTypeECommerce)})
}
