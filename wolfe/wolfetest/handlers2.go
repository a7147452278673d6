package wolfetest

import (
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/giftcard-go/giftcard/wolfe"
)

// The handlers of Wolfe II (W17–W37).
func (s *Server) handlersII() map[string]http.HandlerFunc {
	return map[string]http.HandlerFunc{
		"CardLinks.ListLog":                s.cardLinkLog,
		"CardLinks.CreateSession":          s.createSession,
		"CardLinks.DeactivateSession":      s.deactivateSession,
		"CardLinks.Unlink":                 s.unlinkCard,
		"Gifts.SwapMerchant":               s.swapMerchant,
		"Gifts.SelectMerchant":             s.selectMerchant,
		"Gifts.Regift":                     s.regift,
		"Redemptions.GetEGift":             s.getEGift,
		"Redemptions.RedeemEGift":          s.redeemEGift,
		"Redemptions.GetVisaCard":          s.getVisaCard,
		"Redemptions.RedeemVisaCard":       s.redeemVisaCard,
		"Redemptions.ZelleAccounts":        s.zelleAccountsLookup,
		"Redemptions.GetZelleTransaction":  s.getZelleTransaction,
		"Redemptions.RedeemZelle":          s.redeemZelle,
		"Redemptions.ValidateZelleToken":   s.validateZelleToken,
		"Cards.List":                       s.listCards,
		"Cards.Unenroll":                   s.unenrollCard,
		"Credits.List":                     s.listCredits,
		"Credits.ListMerchantTransactions": s.listMerchantTransactions,
		"Credits.GetMissingCredit":         s.getMissingCredit,
		"Credits.RegisterMissingCredit":    s.registerMissingCredit,
	}
}

// ---- gift state ----

// live reports whether a gift can still be linked, swapped or redeemed.
func (g *gift) live() bool {
	return (g.Status == "new" || g.Status == "claimed" || g.Status == "active") && g.Balance > 0 && g.MerchantID != ""
}

// offers reports whether the gift offers a redemption method.
func (g *gift) offers(m string) bool {
	return slices.ContainsFunc(g.RedemptionOptions, func(x method) bool { return x.Method == m })
}

// config is a method's configuration on the gift.
func (g *gift) config(m string) map[string]any {
	for _, x := range g.RedemptionOptions {
		if x.Method == m {
			return x.Configuration
		}
	}
	return nil
}

// merchantName is the name of a merchant, or its id; s.mu is held.
func (s *Server) merchantName(id string) string {
	if m, ok := s.merchants.Get(id); ok {
		return m.Name
	}
	return id
}

// eventLocked appends a gift event; s.mu is held.
func (s *Server) eventLocked(g *gift, name, description string, meta map[string]any) {
	g.events = append(g.events, event{Datetime: s.Clock().Now().UTC().Format(time.RFC3339), Event: name,
		Description: description, Metadata: meta})
}

// cardMeta is the card part of a link or credit event's metadata.
func cardMeta(c *card, merchant string, extra map[string]any) map[string]any {
	m := map[string]any{"merchant": merchant, "network": c.network, "card": c.CardMask, "expiration": c.ExpirationDate}
	for k, v := range extra {
		m[k] = v
	}
	return m
}

// dollarsOf reads a configuration amount (dollars) as cents.
func dollarsOf(v any) (int64, bool) {
	switch x := v.(type) {
	case int:
		return int64(x) * 100, true
	case json.Number:
		// Exact: "10.5" dollars is 1050 cents; no float on the way.
		if d, err := decimal.NewFromString(x.String()); err == nil && d.Shift(2).IsInteger() {
			return d.Shift(2).IntPart(), true
		}
	}
	return 0, false
}

// redeemableLocked checks that g can be redeemed by method (swap, regift,
// eGift, Visa, Zelle) and returns the fee; it answers the refusal itself.
// s.mu is held.
func (s *Server) redeemableLocked(w http.ResponseWriter, g *gift, method string) (int64, bool) {
	if !g.live() {
		refuse(w, http.StatusBadRequest, wolfe.CodeInvalidState, "only an active gift with a balance can be redeemed; this one is "+g.Status, "gift_id")
		return 0, false
	}
	if (method == "EGIFT" || method == "VISA" || method == "EXCHANGE") && !g.offers(method) {
		refuse(w, http.StatusBadRequest, wolfe.CodeInvalidState, "the gift does not offer "+method, "gift_id")
		return 0, false
	}
	cfg := g.config(method)
	if lo, ok := dollarsOf(cfg["min"]); ok && g.Balance < lo {
		refuse(w, http.StatusBadRequest, wolfe.CodeAmountOutOfRange, "the gift's balance is below the "+method+" minimum", "gift_id")
		return 0, false
	}
	if hi, ok := dollarsOf(cfg["max"]); ok && g.Balance > hi {
		refuse(w, http.StatusBadRequest, wolfe.CodeAmountOutOfRange, "the gift's balance is above the "+method+" maximum", "gift_id")
		return 0, false
	}
	if lo, ok := dollarsOf(cfg["min_amount"]); ok && g.Balance < lo {
		refuse(w, http.StatusBadRequest, wolfe.CodeAmountOutOfRange, "the gift's balance is below the "+method+" min_amount", "gift_id")
		return 0, false
	}
	fee := s.cfg.redemptionFee(method, g.Balance)
	if fee < 0 || fee >= g.Balance {
		refuse(w, http.StatusBadRequest, wolfe.CodeInsufficientFunds, "the gift's balance does not cover the fee", "gift_id")
		return 0, false
	}
	return fee, true
}

// consumeLocked takes a gift's whole balance for a redemption by method:
// the fee is recorded, the rest is the amount redeemed; s.mu is held.
func (s *Server) consumeLocked(g *gift, method string, fee int64, info map[string]string) (amount int64) {
	amount = g.Balance - fee
	g.Balance, g.Status, g.card = 0, "redeemed", ""
	g.RedemptionInfo = redemptionInfo(method, info)
	s.fees = append(s.fees, Fee{GiftID: g.ID, Method: method, Cents: fee})
	return amount
}

// redeemTarget reads the body's gift_id (and more) and finds the gift; on
// success s.mu is held.
func (s *Server) redeemTarget(w http.ResponseWriter, r *http.Request, read func(c *checker)) (*gift, body, bool) {
	b, err := readBody(r)
	if err != nil {
		badBody(w, err)
		return nil, nil, false
	}
	c := checker{b: b}
	id := c.str("gift_id", true, 255)
	if read != nil {
		read(&c)
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
	return g, b, true
}

// ---- card linking ----

func (s *Server) cardLinkLog(w http.ResponseWriter, r *http.Request) {
	limit, offset, in, good := listing(w, r)
	if !good {
		return
	}
	q := r.URL.Query()
	s.mu.Lock()
	var out []linkAttempt
	for _, a := range s.linkLog.Values() {
		if in(a.created) && match(q, "gift_id", a.GiftID) && match(q, "client_recipient_id", a.ClientRecipientID) &&
			match(q, "session", a.session) {
			out = append(out, *a)
		}
	}
	s.mu.Unlock()
	list(w, out, limit, offset)
}

// match reports whether the query parameter k, when set, is v.
func match(q map[string][]string, k, v string) bool {
	f := q[k]
	return len(f) == 0 || f[0] == "" || f[0] == v
}

func (s *Server) createSession(w http.ResponseWriter, r *http.Request) {
	g, _, found := s.redeemTarget(w, r, nil)
	if !found {
		return
	}
	if !g.live() || !g.offers("CARD_LINK") {
		s.mu.Unlock()
		refuse(w, http.StatusBadRequest, wolfe.CodeInvalidState, "a card can be linked only to an active gift with a balance whose merchant offers CARD_LINK", "gift_id")
		return
	}
	now := s.Clock().Now().UTC()
	sess := &session{ID: uuid.NewString(), GiftID: g.ID, expires: now.Add(wolfe.CardLinkSessionLifetime), active: true}
	s.sessions.Put(sess.ID, sess)
	s.mu.Unlock()
	ok(w, http.StatusOK, map[string]string{"session": sess.ID, "expiration_date": sess.expires.Format(offsetLayout)})
}

func (s *Server) deactivateSession(w http.ResponseWriter, r *http.Request) {
	b, err := readBody(r)
	if err != nil {
		badBody(w, err)
		return
	}
	c := checker{b: b}
	id := c.str("session_id", true, 255)
	if c.refused(w) {
		return
	}
	s.mu.Lock()
	sess, found := s.sessions.Get(id)
	if found {
		sess.active = false // deactivating twice is the same
	}
	s.mu.Unlock()
	if !found {
		refuse(w, http.StatusNotFound, wolfe.CodeNotFound, "no such card-link session", "session_id")
		return
	}
	ok(w, http.StatusOK, nil)
}

func (s *Server) unlinkCard(w http.ResponseWriter, r *http.Request) {
	g, _, found := s.redeemTarget(w, r, nil)
	if !found {
		return
	}
	if g.card == "" || !g.live() {
		s.mu.Unlock()
		refuse(w, http.StatusBadRequest, wolfe.CodeInvalidState, "only an active gift with a balance and a linked card can be unlinked", "gift_id")
		return
	}
	s.unlinkLocked(g)
	h := s.giftHookLocked(g)
	s.mu.Unlock()
	s.send(h)
	ok(w, http.StatusOK, nil)
}

// unlinkLocked unlinks g's card; s.mu is held.
func (s *Server) unlinkLocked(g *gift) {
	c, _ := s.cards.Get(g.card)
	g.card, g.RedemptionInfo = "", nil
	if c != nil {
		s.eventLocked(g, "gift.unlink", "Gift is unlinked from a payment card.", cardMeta(c, s.merchantName(g.MerchantID), nil))
	}
}

// ---- merchant change and regift ----

// merchantField reads the required merchant_id (a UUID) of a swap or a
// merchant selection into dst.
func merchantField(dst *string) func(*checker) {
	return func(c *checker) {
		*dst = c.str("merchant_id", true, 0)
		if *dst != "" && uuid.Validate(*dst) != nil {
			c.bad = append(c.bad, "merchant_id")
		}
	}
}

func (s *Server) swapMerchant(w http.ResponseWriter, r *http.Request) {
	var merchantID string
	g, _, found := s.redeemTarget(w, r, merchantField(&merchantID))
	if !found {
		return
	}
	m, known := s.merchants.Get(merchantID)
	switch {
	case !known:
		s.mu.Unlock()
		refuse(w, http.StatusNotFound, wolfe.CodeNotFound, "no such merchant in the partner's catalog", "merchant_id")
		return
	case m.ID == g.MerchantID:
		s.mu.Unlock()
		refuse(w, http.StatusBadRequest, wolfe.CodeInvalidState, "the gift is already at this merchant", "merchant_id")
		return
	}
	fee, good := s.redeemableLocked(w, g, "EXCHANGE")
	if !good {
		s.mu.Unlock()
		return
	}
	original := s.merchantName(g.MerchantID)
	ng := s.newGiftLocked(g, m, g.ClientRecipientID, "active")
	ng.Email, ng.MobileNumber, ng.Message = g.Email, g.MobileNumber, g.Message
	amount := s.consumeLocked(g, "EXCHANGE", fee, map[string]string{"gift_id": ng.ID})
	ng.Amount, ng.Balance = amount, amount
	g.LinkedGift = ng.ID
	s.eventLocked(g, "gift.merchant_swap", "Recipient changed the merchant of the gift.",
		map[string]any{"amount": amount, "fee": fee, "merchant": m.Name, "original_merchant": original})
	hooks := []*hook{s.giftHookLocked(g), s.giftHookLocked(ng)}
	s.mu.Unlock()
	for _, h := range hooks {
		s.send(h)
	}
	ok(w, http.StatusCreated, map[string]string{"gift_id": ng.ID})
}

// newGiftLocked stores a gift made from g (a swap or regift) at merchant
// m; s.mu is held.
func (s *Server) newGiftLocked(g *gift, m *merchant, recipient, status string) *gift {
	ng := &gift{ID: uuid.NewString(), MerchantID: m.ID, Status: status, CreateDate: s.Clock().Now().UTC().Format(time.RFC3339),
		ClientRecipientID: recipient, LinkedGift: g.ID, RedemptionOptions: slices.Clone(m.methods)}
	s.gifts.Put(ng.ID, ng)
	return ng
}

func (s *Server) selectMerchant(w http.ResponseWriter, r *http.Request) {
	var merchantID string
	g, _, found := s.redeemTarget(w, r, merchantField(&merchantID))
	if !found {
		return
	}
	m, known := s.merchants.Get(merchantID)
	switch {
	case !g.offers("SELECT MERCHANT") || g.MerchantID != "" || g.Status == "cancelled":
		s.mu.Unlock()
		refuse(w, http.StatusBadRequest, wolfe.CodeInvalidState, "only a Merchant Select gift whose merchant is not selected yet can select one", "gift_id")
		return
	case !known:
		s.mu.Unlock()
		refuse(w, http.StatusNotFound, wolfe.CodeNotFound, "no such merchant in the partner's catalog", "merchant_id")
		return
	}
	g.MerchantID, g.Status, g.RedemptionOptions = m.ID, "active", slices.Clone(m.methods)
	h := s.giftHookLocked(g)
	s.mu.Unlock()
	s.send(h)
	ok(w, http.StatusOK, nil)
}

func (s *Server) regift(w http.ResponseWriter, r *http.Request) {
	var recipient, merchantID string
	g, _, found := s.redeemTarget(w, r, func(c *checker) {
		recipient = c.str("client_recipient_id", true, 255)
		merchantID = c.str("merchant_id", false, 0)
		if merchantID != "" && uuid.Validate(merchantID) != nil {
			c.bad = append(c.bad, "merchant_id")
		}
	})
	if !found {
		return
	}
	if merchantID == "" {
		merchantID = g.MerchantID
	}
	m, known := s.merchants.Get(merchantID)
	if !known {
		s.mu.Unlock()
		refuse(w, http.StatusNotFound, wolfe.CodeNotFound, "no such merchant in the partner's catalog", "merchant_id")
		return
	}
	fee, good := s.redeemableLocked(w, g, "REGIFTING")
	if !good {
		s.mu.Unlock()
		return
	}
	ng := s.newGiftLocked(g, m, recipient, "new")
	amount := s.consumeLocked(g, "REGIFTING", fee, map[string]string{"gift_id": ng.ID})
	ng.Amount, ng.Balance = amount, amount
	g.LinkedGift = ng.ID
	hooks := []*hook{s.giftHookLocked(g), s.giftHookLocked(ng)}
	s.mu.Unlock()
	for _, h := range hooks {
		s.send(h)
	}
	ok(w, http.StatusCreated, map[string]string{"gift_id": ng.ID})
}

// ---- eGift ----

func (s *Server) getEGift(w http.ResponseWriter, r *http.Request) {
	answerOne(s, w, &s.egifts, r.PathValue("egift_id"), "no such eGift")
}

func (s *Server) redeemEGift(w http.ResponseWriter, r *http.Request) {
	g, _, found := s.redeemTarget(w, r, nil)
	if !found {
		return
	}
	fee, good := s.redeemableLocked(w, g, "EGIFT")
	if !good {
		s.mu.Unlock()
		return
	}
	now := s.Clock().Now().UTC()
	name := s.merchantName(g.MerchantID)
	e := &egift{EGiftID: randomCode(idChars, 50), ClientRecipientID: g.ClientRecipientID, MerchantID: g.MerchantID,
		Message: g.Message, FulfillmentStatus: "fulfilled", ExpirationDate: now.AddDate(5, 0, 0).Format("01/06"),
		DateCreated: now.Format(secondLayout), DateToProcess: now.Format(secondLayout),
		Code: randomCode(upperDigits, 4) + "-" + randomCode(upperDigits, 6) + "-" + randomCode(upperDigits, 4),
		Pin:  randomCode(digitChars, 8), Description: name + " eGift card.",
		Instructions: "Show the code at checkout, or enter it online.", Terms: "Restrictions apply; see " + name + "."}
	e.Amount = s.consumeLocked(g, "EGIFT", fee, map[string]string{"egift_id": e.EGiftID})
	s.egifts.Put(e.EGiftID, e)
	s.eventLocked(g, "redemption.egift", "Recipient redeemed the gift as an eGift.",
		map[string]any{"amount": e.Amount, "fee": fee, "merchant": name})
	h := s.giftHookLocked(g)
	s.mu.Unlock()
	s.send(h)
	ok(w, http.StatusOK, []map[string]string{{"egift_id": e.EGiftID}}) // a one-element array, as documented
}

// ---- Visa ----

func (s *Server) getVisaCard(w http.ResponseWriter, r *http.Request) {
	answerOne(s, w, &s.visaCards, r.PathValue("visa_card_id"), "no such Visa card request")
}

// readPostal reads a required address object.
func readPostal(c *checker, k string) postal {
	v, present := c.b[k]
	obj, isObj := v.(map[string]any)
	if !present || v == nil {
		c.missing = append(c.missing, k)
		return postal{}
	}
	if !isObj {
		c.bad = append(c.bad, k)
		return postal{}
	}
	sub := checker{b: body(obj)}
	p := postal{AddressLine1: sub.str("address_line1", true, 255), Locality: sub.str("locality", true, 255),
		Region: sub.str("region", false, 255), PostalCode: sub.str("postal_code", true, 255), Country: sub.str("country", true, 0)}
	if p.Country != "" && !countryRE.MatchString(p.Country) {
		sub.bad = append(sub.bad, "country")
	}
	for _, f := range sub.missing {
		c.missing = append(c.missing, k+"."+f)
	}
	for _, f := range sub.bad {
		c.bad = append(c.bad, k+"."+f)
	}
	return p
}

var countryRE = regexp.MustCompile(`^[A-Z]{2}$`)

func (s *Server) redeemVisaCard(w http.ResponseWriter, r *http.Request) {
	var first, last string
	var addr postal
	g, _, found := s.redeemTarget(w, r, func(c *checker) {
		first, last = c.str("first_name", true, 255), c.str("last_name", true, 255)
		addr = readPostal(c, "address")
	})
	if !found {
		return
	}
	fee, good := s.redeemableLocked(w, g, "VISA")
	if !good {
		s.mu.Unlock()
		return
	}
	now := s.Clock().Now().UTC()
	v := &visaCard{ID: uuid.NewString(), DateCreated: now.Format(offsetLayout), GiftID: g.ID,
		PrintedIdentifier: strings.ToLower(randomCode("0123456789ABCDEF", 8)), ShippmentMethod: "usps-first-class",
		CardMask: randomCode(digitChars, 4), FirstName: first, LastName: last, Address: addr}
	v.Amount = s.consumeLocked(g, "VISA", fee, map[string]string{"visa_id": v.ID})
	s.visaCards.Put(v.ID, v)
	s.eventLocked(g, "redemption.visa", "Recipient redeemed the gift as a Visa card.", map[string]any{"amount": v.Amount, "fee": fee})
	s.eventLocked(g, "redemption.visa.processing", "Visa card request is submitted for processing.", map[string]any{"amount": v.Amount})
	h := s.giftHookLocked(g)
	s.mu.Unlock()
	s.send(h)
	ok(w, http.StatusOK, map[string]string{"visa_card_id": v.ID})
}

// ---- Zelle ----

func (s *Server) zelleAccountsLookup(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	recipient, id := q.Get("client_recipient_id"), q.Get("zelle_account_id")
	if recipient == "" && id == "" {
		refuse(w, http.StatusBadRequest, wolfe.CodeMissingParameters, "client_recipient_id or zelle_account_id is required",
			"client_recipient_id", "zelle_account_id")
		return
	}
	s.mu.Lock()
	out := []zelleAccount{}
	for _, a := range s.zelleAccounts.Values() {
		if match(q, "client_recipient_id", a.ClientRecipientID) && match(q, "zelle_account_id", a.ID) {
			out = append(out, *a)
		}
	}
	s.mu.Unlock()
	ok(w, http.StatusOK, out)
}

func (s *Server) getZelleTransaction(w http.ResponseWriter, r *http.Request) {
	answerOne(s, w, &s.zelleTxs, r.PathValue("id"), "no such Zelle transaction")
}

var mobileRE = regexp.MustCompile(`^1?[0-9]{10}$`)

// validToken reports whether token is of type typ.
func validToken(token, typ string) bool {
	switch typ {
	case "email":
		return validEmail(token)
	case "mobile":
		return mobileRE.MatchString(token)
	}
	return false
}

func (s *Server) redeemZelle(w http.ResponseWriter, r *http.Request) {
	var accountID, token, typ, first, last string
	g, _, found := s.redeemTarget(w, r, func(c *checker) {
		accountID = c.str("zelle_account_id", false, 255)
		token, typ = c.str("account_token", false, 255), c.str("token_type", false, 0)
		first, last = c.str("first_name", false, 255), c.str("last_name", false, 255)
		readPostal(c, "address")
		if accountID == "" {
			for k, v := range map[string]string{"account_token": token, "token_type": typ, "first_name": first, "last_name": last} {
				if v == "" {
					c.missing = append(c.missing, k)
				}
			}
			slices.Sort(c.missing)
		}
		if token != "" && !validToken(token, typ) {
			c.bad = append(c.bad, "account_token")
		}
	})
	if !found {
		return
	}
	var acct *zelleAccount
	if accountID != "" {
		a, known := s.zelleAccounts.Get(accountID)
		if !known {
			s.mu.Unlock()
			refuse(w, http.StatusNotFound, wolfe.CodeNotFound, "no such Zelle account", "zelle_account_id")
			return
		}
		acct = a
	} else {
		for _, a := range s.zelleAccounts.Values() {
			if strings.EqualFold(a.Token, token) {
				acct = a
			}
		}
	}
	fee, good := s.redeemableLocked(w, g, "ZELLE")
	if !good {
		s.mu.Unlock()
		return
	}
	if acct == nil {
		acct = &zelleAccount{ClientRecipientID: g.ClientRecipientID, Token: token, TokenType: typ, FirstName: first,
			LastName: last, ID: uuid.NewString()}
		s.zelleAccounts.Put(acct.ID, acct)
	}
	now := s.now()
	z := &zelleTransaction{ID: uuid.NewString(), Status: "processed", DateCreated: now, DateModified: now,
		ZelleAccountID: acct.ID, ClientRecipientID: g.ClientRecipientID, GiftID: g.ID}
	if z.ClientRecipientID == "" {
		z.ClientRecipientID = acct.ClientRecipientID
	}
	z.Amount = s.consumeLocked(g, "ZELLE", fee, nil)
	s.zelleTxs.Put(z.ID, z)
	s.eventLocked(g, "redemption.zelle", "Recipient redeemed the gift as a Zelle transfer.",
		map[string]any{"amount": z.Amount, "fee": fee, "account": acct.Token})
	h := s.giftHookLocked(g)
	s.mu.Unlock()
	s.send(h)
	ok(w, http.StatusOK, map[string]string{"zelle_transaction_id": z.ID})
}

func (s *Server) validateZelleToken(w http.ResponseWriter, r *http.Request) {
	b, err := readBody(r)
	if err != nil {
		badBody(w, err)
		return
	}
	c := checker{b: b}
	token, typ := c.str("token", true, 255), c.str("token_type", true, 0)
	c.str("gift_id", false, 255)
	if typ != "" && typ != "email" && typ != "mobile" {
		c.bad = append(c.bad, "token_type")
	} else if token != "" && typ != "" && !validToken(token, typ) {
		c.bad = append(c.bad, "token")
	}
	if c.refused(w) {
		return
	}
	s.mu.Lock()
	var acct *zelleAccount
	for _, a := range s.zelleAccounts.Values() {
		if strings.EqualFold(a.Token, token) && a.TokenType == typ {
			acct = a
		}
	}
	s.mu.Unlock()
	if acct == nil {
		refuse(w, http.StatusNotFound, wolfe.CodeNotFound, "no Zelle account is registered for this token", "token")
		return
	}
	ok(w, http.StatusOK, map[string]string{"token": acct.Token, "token_type": acct.TokenType, "first_name": acct.FirstName,
		"last_name": acct.LastName})
}

// ---- cards ----

func (s *Server) listCards(w http.ResponseWriter, r *http.Request) {
	limit, offset, good := paging(w, r)
	if !good {
		return
	}
	q := r.URL.Query()
	if q.Get("client_recipient_id") == "" {
		refuse(w, http.StatusBadRequest, wolfe.CodeMissingParameters, "client_recipient_id is required", "client_recipient_id")
		return
	}
	s.mu.Lock()
	var out []card
	for _, c := range s.cards.Values() {
		if match(q, "client_recipient_id", c.ClientRecipientID) && match(q, "card_id", c.ID) {
			out = append(out, *c)
		}
	}
	s.mu.Unlock()
	list(w, out, limit, offset)
}

func (s *Server) unenrollCard(w http.ResponseWriter, r *http.Request) {
	b, err := readBody(r)
	if err != nil {
		badBody(w, err)
		return
	}
	c := checker{b: b}
	recipient, id := c.str("client_recipient_id", true, 255), c.str("card_id", true, 255)
	if c.refused(w) {
		return
	}
	s.mu.Lock()
	cd, found := s.cards.Get(id)
	if !found || cd.ClientRecipientID != recipient {
		s.mu.Unlock()
		refuse(w, http.StatusNotFound, wolfe.CodeNotFound, "the recipient has no such card", "card_id")
		return
	}
	unlinked := []string{}
	var hooks []*hook
	for _, g := range s.gifts.Values() {
		if g.card == id {
			s.unlinkLocked(g)
			unlinked = append(unlinked, g.ID)
			hooks = append(hooks, s.giftHookLocked(g))
		}
	}
	s.cards.Delete(id)
	s.mu.Unlock()
	for _, h := range hooks {
		s.send(h)
	}
	ok(w, http.StatusOK, unlinked)
}

// ---- credits ----

func (s *Server) listCredits(w http.ResponseWriter, r *http.Request) {
	limit, offset, in, good := listing(w, r)
	if !good {
		return
	}
	q := r.URL.Query()
	s.mu.Lock()
	var out []credit
	for _, c := range s.credits.Values() {
		if in(c.created) && match(q, "status", c.Status) && match(q, "gift_id", c.GiftID) && match(q, "id", c.ID) &&
			match(q, "card_id", c.CardID) && match(q, "client_recipient_id", c.recipient) {
			out = append(out, *c)
		}
	}
	s.mu.Unlock()
	list(w, out, limit, offset)
}

func (s *Server) listMerchantTransactions(w http.ResponseWriter, r *http.Request) {
	limit, offset, in, good := listing(w, r)
	if !good {
		return
	}
	q := r.URL.Query()
	s.mu.Lock()
	var out []merchantTransaction
	for _, m := range s.merchantTxs.Values() {
		if in(m.created) && match(q, "gift_id", m.GiftID) && match(q, "id", m.ID) {
			out = append(out, *m)
		}
	}
	s.mu.Unlock()
	list(w, out, limit, offset)
}

func (s *Server) getMissingCredit(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	id, ref := q.Get("id"), q.Get("reference_id")
	if id == "" && ref == "" {
		refuse(w, http.StatusBadRequest, wolfe.CodeMissingParameters, "id or reference_id is required", "id", "reference_id")
		return
	}
	s.mu.Lock()
	var found *missingCredit
	for _, m := range s.missingCredits.Values() {
		if (id == "" || m.ID == id) && (ref == "" || m.reference == ref) {
			cp := *m
			found = &cp
		}
	}
	s.mu.Unlock()
	if found == nil {
		refuse(w, http.StatusNotFound, wolfe.CodeNotFound, "no such missing credit", "id")
		return
	}
	ok(w, http.StatusOK, found)
}

func (s *Server) registerMissingCredit(w http.ResponseWriter, r *http.Request) {
	b, err := readBody(r)
	if err != nil {
		badBody(w, err)
		return
	}
	c := checker{b: b}
	merchantID := c.str("merchant_id", true, 255)
	date := c.str("transaction_date", true, 0)
	comment := c.str("comment", false, 1000)
	recipient := c.str("client_recipient_id", false, 255)
	cardID := c.str("card_id", false, 255)
	ref := c.str("reference_id", true, 255)
	amount := c.cents("transaction_amount", 1, 1<<53)
	switch v := b["is_online"].(type) {
	case nil, bool:
	case string:
		if _, err := strconv.ParseBool(v); err != nil {
			c.bad = append(c.bad, "is_online")
		}
	default:
		c.bad = append(c.bad, "is_online")
	}
	if date != "" {
		if _, err := time.Parse(dayLayout, date); err != nil {
			c.bad = append(c.bad, "transaction_date")
		}
	}
	if cardID == "" && recipient == "" && !slices.Contains(c.bad, "card_id") && !slices.Contains(c.bad, "client_recipient_id") {
		c.missing = append(c.missing, "card_id", "client_recipient_id")
	}
	if c.refused(w) {
		return
	}
	s.mu.Lock()
	for _, m := range s.missingCredits.Values() {
		if m.reference == ref {
			s.mu.Unlock()
			refuse(w, http.StatusConflict, wolfe.CodeDuplicateReference, "reference_id was already used", "reference_id")
			return
		}
	}
	if cardID != "" {
		if cd, known := s.cards.Get(cardID); !known || (recipient != "" && cd.ClientRecipientID != recipient) {
			s.mu.Unlock()
			refuse(w, http.StatusNotFound, wolfe.CodeNotFound, "the recipient has no such card", "card_id")
			return
		} else if recipient == "" {
			recipient = cd.ClientRecipientID
		}
	}
	now := s.Clock().Now().UTC()
	m := &missingCredit{ID: uuid.NewString(), MerchantID: merchantID, Comment: comment, Status: "REJECTED",
		CreateDate: now.Format(minuteLayout), ClientRecipientID: recipient, Gifts: []creditedGift{}, reference: ref}
	var hooks []*hook
	left := amount
	for _, g := range s.gifts.Values() {
		if left == 0 {
			break
		}
		cd, linked := s.cards.Get(g.card)
		if !linked || g.MerchantID != merchantID || !g.live() || (cardID != "" && g.card != cardID) ||
			(cardID == "" && cd.ClientRecipientID != recipient) {
			continue
		}
		amt := min(left, g.Balance)
		left -= amt
		s.creditLocked(g, cd, amt, nil, true)
		m.Gifts = append(m.Gifts, creditedGift{GiftID: g.ID, CreditedAmount: amt, Balance: g.Balance})
		hooks = append(hooks, s.giftHookLocked(g))
	}
	if len(m.Gifts) > 0 {
		m.Status = "CREDITED"
	}
	s.missingCredits.Put(m.ID, m)
	s.mu.Unlock()
	for _, h := range hooks {
		s.send(h)
	}
	ok(w, http.StatusOK, map[string]any{"id": m.ID, "gifts": m.Gifts})
}

// creditLocked pays amount from g back to card cd (for a merchant
// transaction, or a missing credit); s.mu is held.
func (s *Server) creditLocked(g *gift, cd *card, amount int64, mt *merchantTransaction, missing bool) *credit {
	now := s.Clock().Now().UTC()
	cr := &credit{ID: uuid.NewString(), Amount: amount, Status: "SUCCESS", CardID: cd.ID, GiftID: g.ID, IsBatched: "false",
		DateCreated: now.Format(minuteLayout), DateProcessed: now.Format(minuteLayout),
		IsMissingCredit: strconv.FormatBool(missing), recipient: cd.ClientRecipientID, created: now}
	if mt != nil {
		cr.MerchantTransaction = &mtRef{ID: mt.ID, Amount: mt.Amount, DateCreated: mt.DateCreated}
	}
	s.credits.Put(cr.ID, cr)
	g.Balance -= amount
	name := s.merchantName(g.MerchantID)
	s.eventLocked(g, "credit.pending", "Card transaction is received for a linked card.", cardMeta(cd, name, map[string]any{"amount": amount}))
	s.eventLocked(g, "credit.success", "Credit is successfully issued to a linked card.", cardMeta(cd, name, map[string]any{"amount": amount}))
	if g.Balance == 0 {
		g.Status = "redeemed"
	}
	return cr
}
