package wolfetest

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/mail"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/giftcard-go/giftcard/giftcardtest/sandbox"
	"github.com/giftcard-go/giftcard/wolfe"
)

func (s *Server) handlers() map[string]http.HandlerFunc {
	return map[string]http.HandlerFunc{
		"Funding.ListTransactions": s.listTransactions,
		"Funding.GetTransaction":   s.getTransaction,
		"Funding.Deposit":          s.deposit,
		"Funding.Balance":          s.getBalance,
		"Merchants.Submit":         s.submitMerchant,
		"Merchants.GetSubmission":  s.getSubmission,
		"Merchants.List":           s.listMerchants,
		"Merchants.Get":            s.getMerchant,
		"Merchants.ListLocations":  s.listLocations,
		"Merchants.GetLocation":    s.getLocation,
		"Gifts.Purchase":           s.purchase(false),
		"Gifts.PurchaseManaged":    s.purchase(true),
		"Gifts.Get":                s.getGift,
		"Gifts.Events":             s.giftEvents,
		"Gifts.Claim":              s.claimGift,
		"Gifts.Cancel":             s.cancelGift,
		"Webhooks.SetConfig":       s.setWebhookConfig,
		"Webhooks.GetConfig":       s.getWebhookConfig,
		"Webhooks.PortalLink":      s.webhookPortal,
	}
}

// now is the sandbox clock's time in UTC.
func (s *Server) now() string { return s.Clock().Now().UTC().Format(minuteLayout) }

// ---- request reading ----

// body is a JSON object request body, numbers kept as json.Number.
type body map[string]any

// errNotObject is readBody's error for a body that is not a JSON object.
var errNotObject = errors.New("the body is not a JSON object")

func readBody(r *http.Request) (body, error) {
	var b body
	if err := sandbox.ReadJSON(r, &b); err != nil {
		return nil, err
	}
	if b == nil {
		return nil, errNotObject
	}
	return b, nil
}

// checker collects the parameters a request misses and those it has in
// the wrong form.
type checker struct {
	b            body
	missing, bad []string
}

// str reads a string parameter; a number or anything else is in the wrong
// form.
func (c *checker) str(k string, required bool, max int) string {
	v, ok := c.b[k]
	if !ok || v == nil {
		if required {
			c.missing = append(c.missing, k)
		}
		return ""
	}
	s, isStr := v.(string)
	switch {
	case !isStr || !utf8.ValidString(s) || (max > 0 && utf8.RuneCountInString(s) > max):
		c.bad = append(c.bad, k)
		return ""
	case strings.TrimSpace(s) == "" && required:
		c.missing = append(c.missing, k)
	}
	return s
}

// cents reads an amount: a bare JSON integer, nothing else (not 1000.0,
// not "1000").
func (c *checker) cents(k string, lo, hi int64) int64 {
	v, ok := c.b[k]
	if !ok || v == nil {
		c.missing = append(c.missing, k)
		return 0
	}
	n, isNum := v.(json.Number)
	if !isNum || strings.ContainsAny(string(n), ".eE") {
		c.bad = append(c.bad, k)
		return 0
	}
	i, err := strconv.ParseInt(string(n), 10, 64)
	if err != nil || i < lo || i > hi {
		c.bad = append(c.bad, k)
		return 0
	}
	return i
}

// check refuses the request when a parameter is missing or malformed.
func (c *checker) refused(w http.ResponseWriter) bool {
	switch {
	case len(c.missing) > 0:
		refuse(w, http.StatusBadRequest, wolfe.CodeMissingParameters, "missing parameters", c.missing...)
	case len(c.bad) > 0:
		refuse(w, http.StatusBadRequest, wolfe.CodePatternNotMatched, "parameters in the wrong form", c.bad...)
	default:
		return false
	}
	return true
}

func badBody(w http.ResponseWriter, err error) {
	refuse(w, http.StatusBadRequest, wolfe.CodePatternNotMatched, "the body is not a JSON object: "+err.Error(), "body")
}

// paging reads limit and offset.
func paging(w http.ResponseWriter, r *http.Request) (limit, offset int, ok bool) {
	limit, ok1 := sandbox.QueryInt(r, "limit", 20, 1, 1000)
	offset, ok2 := sandbox.QueryInt(r, "offset", 0, 0, 1<<30)
	switch {
	case !ok1:
		refuse(w, http.StatusBadRequest, wolfe.CodePatternNotMatched, "limit must be an integer from 1 to 1000", "limit")
	case !ok2:
		refuse(w, http.StatusBadRequest, wolfe.CodePatternNotMatched, "offset must be a non-negative integer", "offset")
	default:
		return limit, offset, true
	}
	return 0, 0, false
}

// period reads from_date and to_date (2006-01-02): an item created at t is
// in it when from ≤ t's day ≤ to.
func period(w http.ResponseWriter, r *http.Request) (func(time.Time) bool, bool) {
	var from, to time.Time
	for _, p := range []struct {
		name string
		t    *time.Time
	}{{"from_date", &from}, {"to_date", &to}} {
		v := r.URL.Query().Get(p.name)
		if v == "" {
			continue
		}
		t, err := time.Parse(dayLayout, v)
		if err != nil {
			refuse(w, http.StatusBadRequest, wolfe.CodePatternNotMatched, p.name+" must be YYYY-MM-DD", p.name)
			return nil, false
		}
		*p.t = t
	}
	return func(t time.Time) bool {
		d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
		return (from.IsZero() || !d.Before(from)) && (to.IsZero() || !d.After(to))
	}, true
}

// answerOne answers a copy of the item stored under id, or 404.
func answerOne[V any](s *Server, w http.ResponseWriter, store *sandbox.Store[string, *V], id, what string) {
	s.mu.Lock()
	v, found := store.Get(id)
	var cp V
	if found {
		cp = *v
	}
	s.mu.Unlock()
	if !found {
		refuse(w, http.StatusNotFound, wolfe.CodeNotFound, what, "id")
		return
	}
	ok(w, http.StatusOK, cp)
}

// listing reads a listing's paging and period.
func listing(w http.ResponseWriter, r *http.Request) (limit, offset int, in func(time.Time) bool, good bool) {
	if limit, offset, good = paging(w, r); good {
		in, good = period(w, r)
	}
	return limit, offset, in, good
}

// list answers one page of items.
func list[T any](w http.ResponseWriter, items []T, limit, offset int) {
	page, total := sandbox.Page(items, offset, limit)
	sandbox.WriteJSON(w, http.StatusOK, envelope{Code: 200, Message: "SUCCESS",
		Pagination: &pagination{Limit: limit, Offset: strconv.Itoa(offset), Count: strconv.Itoa(total)}, Data: page})
}

// ---- funding ----

func (s *Server) listTransactions(w http.ResponseWriter, r *http.Request) {
	limit, offset, in, good := listing(w, r)
	if !good {
		return
	}
	q := r.URL.Query()
	status := q.Get("status")
	if status != "" && !slices.Contains([]string{"SUCCESS", "PENDING", "REJECTED", "CONFIRMED", "ROLLBACKED", "RETURN"}, status) {
		refuse(w, http.StatusBadRequest, wolfe.CodePatternNotMatched, "unknown status", "status")
		return
	}
	s.mu.Lock()
	var out []transaction
	for _, t := range s.transactions.Values() {
		if (status == "" || t.Status == status) && in(t.created) &&
			(q.Get("reference_id") == "" || t.ReferenceID == q.Get("reference_id")) && (q.Get("id") == "" || t.ID == q.Get("id")) {
			cp := *t
			cp.OwnerID = "" // only get-transaction carries it
			out = append(out, cp)
		}
	}
	s.mu.Unlock()
	list(w, out, limit, offset)
}

func (s *Server) getTransaction(w http.ResponseWriter, r *http.Request) {
	answerOne(s, w, &s.transactions, r.PathValue("id"), "no such transaction")
}

func (s *Server) getBalance(w http.ResponseWriter, _ *http.Request) {
	s.mu.Lock()
	b := s.balance
	s.mu.Unlock()
	ok(w, http.StatusOK, map[string]int64{"balance": b})
}

func (s *Server) deposit(w http.ResponseWriter, r *http.Request) {
	b, err := readBody(r)
	if err != nil {
		badBody(w, err)
		return
	}
	c := checker{b: b}
	amount := c.cents("amount", 0, 1<<53)
	ref := c.str("reference_id", true, 255)
	method := c.str("payment_method", true, 0)
	comment := c.str("comment", false, 250)
	if method != "" && !slices.Contains([]string{"ACH", "WIRE", "CHECK"}, method) {
		c.bad = append(c.bad, "payment_method")
	}
	if c.refused(w) {
		return
	}
	s.mu.Lock()
	for _, t := range s.transactions.Values() {
		if t.ReferenceID == ref && t.TransactionType == "DEPOSIT" {
			s.mu.Unlock()
			refuse(w, http.StatusConflict, wolfe.CodeDuplicateReference, "a deposit with this reference_id exists", "reference_id")
			return
		}
	}
	now := s.now()
	t := &transaction{ID: uuid.NewString(), AccountNumber: accountNumber, OwnerID: s.cfg.companyID, Amount: amount,
		Status: "PENDING", TransactionType: "DEPOSIT", ReferenceID: ref, BeforeBalance: s.balance, PaymentMethod: method,
		DateCreated: now, DateModified: now, Comment: comment, created: s.Clock().Now().UTC()}
	s.transactions.Put(t.ID, t)
	h := s.transactionHookLocked(t)
	s.mu.Unlock()
	s.send(h)
	ok(w, http.StatusOK, map[string]string{"transaction_id": t.ID})
}

// transactionHookLocked prepares TRANSACTION_UPDATE for t; s.mu is held.
func (s *Server) transactionHookLocked(t *transaction) *hook {
	return s.hookLocked(wolfe.WebhookTransactionUpdate, map[string]any{
		"event": "TRANSACTION_UPDATE", "id": t.ID, "account_number": t.AccountNumber, "amount": dollars(t.Amount),
		"status": t.Status, "transaction_type": t.TransactionType, "reference_id": t.ReferenceID,
		"before_balance": dollars(t.BeforeBalance), "date_created": t.DateCreated, "date_modified": t.DateModified,
	})
}

// dollars writes cents as a bare JSON number of dollars (85.32).
func dollars(cents int64) json.Number { return json.Number(usd(cents).Amount.StringFixed(2)) }

// ---- merchants ----

func (s *Server) submitMerchant(w http.ResponseWriter, r *http.Request) {
	b, err := readBody(r)
	if err != nil {
		badBody(w, err)
		return
	}
	c := checker{b: b}
	c.str("business_name", true, 255)
	c.str("contact_first_name", true, 255)
	c.str("contact_last_name", true, 255)
	email := c.str("email", true, 255)
	phone := c.str("phone_number", true, 0)
	c.str("website", false, 255)
	c.str("image", false, 0)
	if _, ok := b["address"].(map[string]any); !ok {
		c.missing = append(c.missing, "address")
	}
	if email != "" && !validEmail(email) {
		c.bad = append(c.bad, "email")
	}
	if phone != "" && !digits(phone, 11) {
		c.bad = append(c.bad, "phone_number")
	}
	if c.refused(w) {
		return
	}
	id := uuid.NewString()
	s.mu.Lock()
	s.submissions.Put(id, &submission{MerchantID: id, Status: "pending", DateSubmitted: s.Clock().Now().UTC().Format(time.RFC3339)})
	s.mu.Unlock()
	ok(w, http.StatusAccepted, map[string]string{"merchant_id": id})
}

func (s *Server) getSubmission(w http.ResponseWriter, r *http.Request) {
	answerOne(s, w, &s.submissions, r.PathValue("id"), "no such submission")
}

func (s *Server) listMerchants(w http.ResponseWriter, r *http.Request) {
	limit, offset, in, good := listing(w, r)
	if !good {
		return
	}
	q := r.URL.Query()
	name := strings.ToLower(strings.TrimSpace(q.Get("name")))
	if q.Has("name") && utf8.RuneCountInString(name) < 2 {
		refuse(w, http.StatusBadRequest, wolfe.CodePatternNotMatched, "name must have at least 2 characters", "name")
		return
	}
	national := q.Get("is_national")
	if national != "" && national != "true" && national != "false" {
		refuse(w, http.StatusBadRequest, wolfe.CodePatternNotMatched, "is_national must be true or false", "is_national")
		return
	}
	s.mu.Lock()
	var out []merchant
	for _, m := range s.merchants.Values() {
		if (name == "" || strings.Contains(strings.ToLower(m.Name), name)) &&
			(national == "" || strconv.FormatBool(m.IsNational) == national) && in(m.created) {
			out = append(out, *m)
		}
	}
	s.mu.Unlock()
	list(w, out, limit, offset)
}

func (s *Server) getMerchant(w http.ResponseWriter, r *http.Request) {
	answerOne(s, w, &s.merchants, r.PathValue("id"), "no such merchant")
}

func (s *Server) listLocations(w http.ResponseWriter, r *http.Request) {
	limit, offset, in, good := listing(w, r)
	if !good {
		return
	}
	merchantID := r.URL.Query().Get("merchant_id")
	s.mu.Lock()
	var out []location
	for _, l := range s.locations.Values() {
		if (merchantID == "" || l.MerchantID == merchantID) && in(l.created) {
			out = append(out, *l)
		}
	}
	s.mu.Unlock()
	list(w, out, limit, offset)
}

func (s *Server) getLocation(w http.ResponseWriter, r *http.Request) {
	answerOne(s, w, &s.locations, r.PathValue("id"), "no such location")
}

// ---- gifts ----

func (s *Server) purchase(managed bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		b, err := readBody(r)
		if err != nil {
			badBody(w, err)
			return
		}
		c := checker{b: b}
		amount := c.cents("amount", 500, 10000)
		ref := c.str("reference_id", true, 255)
		merchantID := c.str("merchant_id", true, 0)
		var email, mobile, message, recipient string
		if managed {
			recipient = c.str("client_recipient_id", false, 255)
		} else {
			email = c.str("email", false, 255)
			mobile = c.str("mobile_number", false, 0)
			message = c.str("message", false, 1000)
			if email == "" && mobile == "" && !slices.Contains(c.bad, "email") && !slices.Contains(c.bad, "mobile_number") {
				c.missing = append(c.missing, "email", "mobile_number")
			}
			if email != "" && !validEmail(email) {
				c.bad = append(c.bad, "email")
			}
			if mobile != "" && !digits(mobile, 11) {
				c.bad = append(c.bad, "mobile_number")
			}
		}
		if merchantID != "" && uuid.Validate(merchantID) != nil {
			c.bad = append(c.bad, "merchant_id")
		}
		if c.refused(w) {
			return
		}
		s.mu.Lock()
		m, found := s.merchants.Get(merchantID)
		switch {
		case !found:
			s.mu.Unlock()
			refuse(w, http.StatusNotFound, wolfe.CodeNotFound, "no such merchant in the partner's catalog", "merchant_id")
			return
		case amount < m.MinGift || amount > m.MaxGift:
			s.mu.Unlock()
			refuse(w, http.StatusBadRequest, wolfe.CodeAmountOutOfRange, "the amount is outside the merchant's min_gift..max_gift", "amount")
			return
		case s.giftByRef[ref] != nil:
			s.mu.Unlock()
			refuse(w, http.StatusConflict, wolfe.CodeDuplicateReference, "reference_id was already used", "reference_id")
			return
		}
		fee := s.cfg.fee(amount)
		if s.balance < amount+fee {
			s.mu.Unlock()
			refuse(w, http.StatusPaymentRequired, wolfe.CodeInsufficientFunds, "the funding balance does not cover amount + fee")
			return
		}
		if message == "" && !managed {
			message = "You have received a gift from your friends at " + m.Name + "."
		}
		opts := slices.Clone(m.methods)
		g := &gift{ID: uuid.NewString(), Amount: amount, MerchantID: m.ID, Message: message, Balance: amount, Status: "new",
			CreateDate: s.Clock().Now().UTC().Format(time.RFC3339), Email: email, MobileNumber: mobile,
			ClientRecipientID: recipient, Fee: fee, RedemptionOptions: opts, reference: ref}
		s.gifts.Put(g.ID, g)
		s.giftByRef[ref] = g
		t := s.recordLocked("GIFT_PURCHASE", g.ID, amount, fee)
		s.balance -= amount + fee
		s.debits++
		hooks := []*hook{s.giftHookLocked(g), s.transactionHookLocked(t)}
		s.mu.Unlock()
		for _, h := range hooks {
			s.send(h)
		}
		ok(w, http.StatusCreated, map[string]string{"gift_id": g.ID})
	}
}

// recordLocked records a SUCCESS funding transaction; s.mu is held.
func (s *Server) recordLocked(typ, reference string, amount, fee int64) *transaction {
	now := s.now()
	t := &transaction{ID: uuid.NewString(), AccountNumber: accountNumber, OwnerID: s.cfg.companyID, Amount: amount,
		Status: "SUCCESS", TransactionType: typ, ReferenceID: reference, BeforeBalance: s.balance, DateCreated: now,
		DateModified: now, Fee: fee, created: s.Clock().Now().UTC()}
	s.transactions.Put(t.ID, t)
	return t
}

// giftHookLocked prepares GIFT_UPDATE for g; s.mu is held.
func (s *Server) giftHookLocked(g *gift) *hook {
	return s.hookLocked(wolfe.WebhookGiftUpdate, map[string]any{
		"event": "GIFT_UPDATE", "id": g.ID, "amount": dollars(g.Amount), "merchant_id": g.MerchantID,
		"balance": dollars(g.Balance), "status": g.Status, "create_date": g.CreateDate,
		"email": g.Email, "mobile_number": g.MobileNumber,
	})
}

// findGift reads gift_id or reference_id from the query; s.mu is held.
func (s *Server) findGiftLocked(w http.ResponseWriter, r *http.Request) (*gift, bool) {
	q := r.URL.Query()
	id, ref := q.Get("gift_id"), q.Get("reference_id")
	var g *gift
	switch {
	case id == "" && ref == "":
		refuse(w, http.StatusBadRequest, wolfe.CodeMissingParameters, "gift_id or reference_id is required", "gift_id", "reference_id")
		return nil, false
	case id != "":
		g, _ = s.gifts.Get(id)
		if g != nil && ref != "" && g.reference != ref {
			g = nil
		}
	default:
		g = s.giftByRef[ref]
	}
	if g == nil {
		refuse(w, http.StatusNotFound, wolfe.CodeNotFound, "no such gift", "gift_id")
		return nil, false
	}
	return g, true
}

func (s *Server) getGift(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	g, found := s.findGiftLocked(w, r)
	var cp gift
	if found {
		cp = *g
	}
	s.mu.Unlock()
	if found {
		ok(w, http.StatusOK, cp)
	}
}

func (s *Server) giftEvents(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	g, found := s.findGiftLocked(w, r)
	var evs []event
	if found {
		evs = slices.Clone(g.events)
	}
	s.mu.Unlock()
	if found {
		if evs == nil {
			evs = []event{}
		}
		ok(w, http.StatusOK, evs)
	}
}

// giftAction reads a {gift_id, …} body and finds the gift; s.mu is held
// when it returns ok.
func (s *Server) giftAction(w http.ResponseWriter, r *http.Request, extra ...string) (*gift, map[string]string, bool) {
	b, err := readBody(r)
	if err != nil {
		badBody(w, err)
		return nil, nil, false
	}
	c := checker{b: b}
	id := c.str("gift_id", true, 255)
	vals := map[string]string{}
	for _, k := range extra {
		vals[k] = c.str(k, true, 255)
	}
	if c.refused(w) {
		return nil, nil, false
	}
	s.mu.Lock()
	g, found := s.gifts.Get(id)
	if !found {
		s.mu.Unlock()
		refuse(w, http.StatusNotFound, wolfe.CodeNotFound, "no such gift", "gift_id")
		return nil, nil, false
	}
	return g, vals, true
}

func (s *Server) claimGift(w http.ResponseWriter, r *http.Request) {
	g, vals, found := s.giftAction(w, r, "client_recipient_id")
	if !found {
		return
	}
	if g.Status != "new" && g.Status != "active" {
		s.mu.Unlock()
		refuse(w, http.StatusBadRequest, wolfe.CodeInvalidState, "only a new or active gift can be claimed; this one is "+g.Status, "gift_id")
		return
	}
	g.Status, g.ClientRecipientID = "claimed", vals["client_recipient_id"]
	name := ""
	if m, ok := s.merchants.Get(g.MerchantID); ok {
		name = m.Name
	}
	g.events = append(g.events, event{Datetime: s.Clock().Now().UTC().Format(time.RFC3339), Event: "gift.claim",
		Description: "Recipient claimed the gift.", Metadata: map[string]any{"amount": g.Amount, "merchant": name}})
	h := s.giftHookLocked(g)
	s.mu.Unlock()
	s.send(h)
	ok(w, http.StatusOK, nil)
}

func (s *Server) cancelGift(w http.ResponseWriter, r *http.Request) {
	g, _, found := s.giftAction(w, r)
	if !found {
		return
	}
	if g.Status != "new" && g.Status != "active" {
		s.mu.Unlock()
		refuse(w, http.StatusBadRequest, wolfe.CodeInvalidState, "only a gift neither claimed nor redeemed can be cancelled; this one is "+g.Status, "gift_id")
		return
	}
	g.Status, g.Balance = "cancelled", 0
	t := s.recordLocked("GIFT_REFUND", g.ID, g.Amount, g.Fee)
	s.balance += g.Amount + g.Fee
	hooks := []*hook{s.giftHookLocked(g), s.transactionHookLocked(t)}
	s.mu.Unlock()
	for _, h := range hooks {
		s.send(h)
	}
	ok(w, http.StatusOK, nil)
}

// ---- webhooks ----

func (s *Server) setWebhookConfig(w http.ResponseWriter, r *http.Request) {
	b, err := readBody(r)
	if err != nil {
		badBody(w, err)
		return
	}
	c := checker{b: b}
	cb := c.str("callback_url", false, 0)
	if cb != "" {
		if u, err := url.Parse(cb); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			c.bad = append(c.bad, "callback_url")
		}
	}
	var events []string
	switch v := b["events"].(type) {
	case nil:
	case []any:
		for _, e := range v {
			s, isStr := e.(string)
			if !isStr {
				c.bad = append(c.bad, "events")
				break
			}
			events = append(events, s)
		}
	case string: // the documentation's example: a JSON string holding the array
		if json.Unmarshal([]byte(v), &events) != nil {
			c.bad = append(c.bad, "events")
		}
	default:
		c.bad = append(c.bad, "events")
	}
	for _, e := range events {
		if !slices.Contains([]string{"TRANSACTION_UPDATE", "GIFT_UPDATE", "MERCHANT_UPDATE", "MERCHANT_DELETE"}, e) {
			c.bad = append(c.bad, "events")
			break
		}
	}
	if c.refused(w) {
		return
	}
	s.mu.Lock()
	s.webhook = webhookConfig{CallbackURL: cb, Events: events}
	s.mu.Unlock()
	ok(w, http.StatusOK, nil)
}

func (s *Server) getWebhookConfig(w http.ResponseWriter, _ *http.Request) {
	s.mu.Lock()
	cfg := s.webhook
	s.mu.Unlock()
	events := cfg.Events
	if events == nil {
		events = []string{}
	}
	ok(w, http.StatusOK, map[string]any{"callback_url": cfg.CallbackURL, "events": events})
}

func (s *Server) webhookPortal(w http.ResponseWriter, _ *http.Request) {
	ok(w, http.StatusOK, map[string]string{"url": "https://portal.wolfetest.invalid/partner/" + s.cfg.companyID + "/webhooks"})
}

func validEmail(v string) bool {
	a, err := mail.ParseAddress(v)
	return err == nil && a.Address == v && strings.Contains(v[strings.LastIndexByte(v, '@')+1:], ".")
}

func digits(v string, n int) bool {
	if len(v) != n {
		return false
	}
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return false
		}
	}
	return true
}
