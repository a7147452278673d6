package wolfetest

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/giftcard-go/giftcard"
)

// This file holds the sandbox controls that stand in for what happens
// outside the API: a recipient linking a card on Wolfe's page, paying with
// it at a merchant, a Visa card being shipped, a Merchant Select gift being
// bought.

// TestCard is a bank card a recipient links in a card-link session
// (LinkCard).
type TestCard struct {
	// ID, when it names a card the recipient enrolled before, links that
	// card again; empty enrols a new one.
	ID string
	// Network is VISA, MC or AMEX (the CARD_LINK configuration's spelling);
	// empty means VISA.
	Network string
	Last4   string // the card number's last four digits; empty means 4242
	// Expiration is MM/YY; empty means "12/30".
	Expiration string
	// International makes the link fail with INTERNATIONAL_CARD, as in
	// Wolfe's log example.
	International bool
	// ClientRecipientID owns the card; empty means the gift's recipient
	// (or "wolfetest-recipient" when the gift has none).
	ClientRecipientID string
}

// Errors of the sandbox controls.
var (
	// ErrSessionUnusable: the card-link session is unknown, deactivated,
	// used or expired.
	ErrSessionUnusable = errors.New("wolfetest: the card-link session cannot be used")
	// ErrCardRefused: the card cannot be linked (international, or a
	// network the merchant does not accept).
	ErrCardRefused = errors.New("wolfetest: the card cannot be linked")
	// ErrNoLinkedGift: no gift with a balance at that merchant is linked to
	// the card.
	ErrNoLinkedGift = errors.New("wolfetest: no gift with a balance at this merchant is linked to the card")
)

// networkTypes is how W32 writes each network ("Visa").
var networkTypes = map[string]string{"VISA": "Visa", "MC": "Mastercard", "AMEX": "American Express"}

// LinkCard completes a card-link session as the recipient would on
// Wolfe's page: the card (new, or one enrolled before) is enrolled and
// linked to the session's gift, the attempt is logged (W17) and the gift
// records gift.link. It fails — and logs a FAILED attempt — when the
// session has expired on the sandbox clock (SESSION_EXPIRED), was
// deactivated or used (SESSION_INACTIVE), the card is international
// (INTERNATIONAL_CARD) or its network is not in the merchant's CARD_LINK
// cards (CARD_NOT_ACCEPTED). It returns the card's id.
func (s *Server) LinkCard(sessionID string, tc TestCard) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sess, ok := s.sessions.Get(sessionID)
	if !ok {
		return "", fmt.Errorf("%w: no session %q", ErrSessionUnusable, sessionID)
	}
	g, _ := s.gifts.Get(sess.GiftID)
	recipient := tc.ClientRecipientID
	if recipient == "" {
		recipient = g.ClientRecipientID
	}
	if recipient == "" {
		recipient = "wolfetest-recipient"
	}
	network := strings.ToUpper(tc.Network)
	if network == "" {
		network = "VISA"
	}
	failed := func(reason string, kind error) (string, error) {
		s.logAttemptLocked(sess, g, recipient, "FAILED", reason)
		return "", fmt.Errorf("%w: %s", kind, reason)
	}
	now := s.Clock().Now()
	switch {
	case !now.Before(sess.expires):
		sess.active = false
		return failed("SESSION_EXPIRED", ErrSessionUnusable)
	case !sess.active:
		return failed("SESSION_INACTIVE", ErrSessionUnusable)
	case tc.International:
		return failed("INTERNATIONAL_CARD", ErrCardRefused)
	}
	if cards, _ := g.config("CARD_LINK")["cards"].([]string); !slices.Contains(cards, network) && !anyContains(g.config("CARD_LINK")["cards"], network) {
		return failed("CARD_NOT_ACCEPTED", ErrCardRefused)
	}
	if !g.live() {
		return failed("GIFT_NOT_ACTIVE", ErrCardRefused)
	}
	var cd *card
	if tc.ID != "" {
		c, known := s.cards.Get(tc.ID)
		if !known || c.ClientRecipientID != recipient {
			return failed("CARD_NOT_FOUND", ErrCardRefused)
		}
		cd = c
	} else {
		last4, exp := tc.Last4, tc.Expiration
		if last4 == "" {
			last4 = "4242"
		}
		if exp == "" {
			exp = "12/30"
		}
		day := now.UTC().Format(dayLayout)
		cd = &card{ID: uuid.NewString(), CardMask: last4, ExpirationDate: exp, DateCreated: day, DateModified: day,
			Type: networkTypes[network], ClientRecipientID: recipient, network: network}
		s.cards.Put(cd.ID, cd)
	}
	sess.active = false
	g.card = cd.ID
	g.RedemptionInfo = redemptionInfo("CARD_LINK", map[string]string{"card_id": cd.ID})
	if g.ClientRecipientID == "" {
		g.ClientRecipientID = recipient
	}
	s.eventLocked(g, "gift.link", "Gift is linked to a payment card.", cardMeta(cd, s.merchantName(g.MerchantID), nil))
	s.logAttemptLocked(sess, g, recipient, "SUCCESS", "")
	return cd.ID, nil
}

func anyContains(v any, s string) bool {
	l, _ := v.([]any)
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// logAttemptLocked records a card-link attempt; s.mu is held.
func (s *Server) logAttemptLocked(sess *session, g *gift, recipient, status, reason string) {
	now := s.Clock().Now().UTC()
	a := &linkAttempt{DateCreated: now.Format(minuteLayout), ID: uuid.NewString(), ClientRecipientID: recipient, GiftID: g.ID,
		Status: status, StatusMessage: reason, session: sess.ID, created: now}
	s.linkLog.Put(a.ID, a)
}

// CardPayment is a purchase made with a card at a merchant (PayWithCard).
type CardPayment struct {
	CardID     string // the card paid with
	MerchantID string // the merchant paid
	Cents      int64  // the amount paid, in cents
	// Missed makes Wolfe miss the purchase: nothing is recorded or
	// credited, as when a recipient then registers a missing credit.
	Missed bool
}

// Payment is what a CardPayment produced.
type Payment struct {
	MerchantTransactionID string         // the merchant transaction (W35); empty when missed
	CreditID              string         // the credit issued (W34); empty when missed
	GiftID                string         // the gift credited from
	Credited              giftcard.Money // the amount credited: at most the gift's balance
}

// PayWithCard simulates a purchase with a linked card: Wolfe sees the
// merchant transaction (W35) and credits the card from the linked gift at
// that merchant — the amount paid, at most the gift's balance (W34) — with
// the gift recording credit.pending and credit.success and its balance
// going down. It fails with ErrNoLinkedGift when no such gift is linked.
func (s *Server) PayWithCard(p CardPayment) (Payment, error) {
	if p.Cents <= 0 {
		return Payment{}, errors.New("wolfetest: a payment needs a positive amount")
	}
	s.mu.Lock()
	cd, ok := s.cards.Get(p.CardID)
	if !ok {
		s.mu.Unlock()
		return Payment{}, fmt.Errorf("wolfetest: no card %q", p.CardID)
	}
	var g *gift
	for _, x := range s.gifts.Values() {
		if x.card == cd.ID && x.MerchantID == p.MerchantID && x.live() {
			g = x
			break
		}
	}
	if g == nil {
		s.mu.Unlock()
		return Payment{}, ErrNoLinkedGift
	}
	if p.Missed {
		s.mu.Unlock()
		return Payment{GiftID: g.ID, Credited: usd(0)}, nil
	}
	now := s.Clock().Now().UTC()
	mt := &merchantTransaction{ID: uuid.NewString(), Amount: p.Cents, DateCreated: now.Format(minuteLayout), GiftID: g.ID,
		MerchantID: p.MerchantID, CardID: cd.ID, created: now}
	s.merchantTxs.Put(mt.ID, mt)
	cr := s.creditLocked(g, cd, min(p.Cents, g.Balance), mt, false)
	h := s.giftHookLocked(g)
	s.mu.Unlock()
	s.send(h)
	return Payment{MerchantTransactionID: mt.ID, CreditID: cr.ID, GiftID: g.ID, Credited: usd(cr.Amount)}, nil
}

// ShipVisaCard marks a Visa card request processed, loaded and shipped:
// it gets a tracking number and its gift records redemption.visa.shipped.
// It reports whether id was a Visa card request not shipped yet.
func (s *Server) ShipVisaCard(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.visaCards.Get(id)
	if !ok || v.TrackingNumber != "" {
		return false
	}
	now := s.Clock().Now().UTC().Format(offsetLayout)
	v.DateProcessed, v.DateValueLoaded, v.TrackingNumber = now, now, randomCode(digitChars, 12)
	if g, ok := s.gifts.Get(v.GiftID); ok {
		s.eventLocked(g, "redemption.visa.shipped", "Visa card is shipped to the recipient.", map[string]any{
			"amount": v.Amount, "first_name": v.FirstName, "last_name": v.LastName, "address": v.Address.String()})
	}
	return true
}

// AddZelleAccount registers a recipient's Zelle account (W28), as when the
// recipient enrols with Zelle through the partner, and returns its id.
// tokenType is "email" or "mobile".
func (s *Server) AddZelleAccount(clientRecipientID, token, tokenType, firstName, lastName string) string {
	a := &zelleAccount{ClientRecipientID: clientRecipientID, Token: token, TokenType: tokenType, FirstName: firstName,
		LastName: lastName, ID: uuid.NewString()}
	s.mu.Lock()
	s.zelleAccounts.Put(a.ID, a)
	s.mu.Unlock()
	return a.ID
}

// PurchaseMerchantSelectGift buys a Merchant Select gift of amount cents
// for a recipient, as the partner's own channel for them would (Wolfe
// documents no purchase of one): it debits amount + fee like a purchase,
// and the gift has no merchant and offers only SELECT MERCHANT until
// Gifts.SelectMerchant picks one. It returns the gift's id.
func (s *Server) PurchaseMerchantSelectGift(amountCents int64, clientRecipientID string) (string, error) {
	if amountCents < 500 || amountCents > 10000 {
		return "", errors.New("wolfetest: a gift is 500..10000 cents")
	}
	s.mu.Lock()
	fee := s.cfg.fee(amountCents)
	if s.balance < amountCents+fee {
		s.mu.Unlock()
		return "", errors.New("wolfetest: the funding balance does not cover amount + fee")
	}
	g := &gift{ID: uuid.NewString(), Amount: amountCents, Balance: amountCents, Status: "new",
		CreateDate: s.Clock().Now().UTC().Format("2006-01-02T15:04:05Z07:00"), ClientRecipientID: clientRecipientID, Fee: fee,
		RedemptionOptions: []method{{Method: "SELECT MERCHANT", Configuration: map[string]any{}}}, reference: uuid.NewString()}
	s.gifts.Put(g.ID, g)
	s.giftByRef[g.reference] = g
	t := s.recordLocked("GIFT_PURCHASE", g.ID, amountCents, fee)
	s.balance -= amountCents + fee
	s.debits++
	hooks := []*hook{s.giftHookLocked(g), s.transactionHookLocked(t)}
	s.mu.Unlock()
	for _, h := range hooks {
		s.send(h)
	}
	return g.ID, nil
}

// Fees lists every fee a swap, regift or redemption deducted from a gift's
// balance, oldest first.
func (s *Server) Fees() []Fee {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.fees)
}

// Counts is how many of each Wolfe II object the sandbox holds (the
// documentation's examples included).
type Counts struct {
	EGifts               int // eGifts (W24)
	VisaCards            int // Visa card requests (W26)
	ZelleTransactions    int // Zelle transfers (W29)
	Credits              int // credits to linked cards (W34)
	MerchantTransactions int // purchases with linked cards (W35)
	MissingCredits       int // registered missing credits (W36)
	Cards                int // enrolled cards (W32)
	Sessions             int // card-link sessions ever created (W18)
}

// Count returns the Counts.
func (s *Server) Count() Counts {
	s.mu.Lock()
	defer s.mu.Unlock()
	return Counts{EGifts: s.egifts.Len(), VisaCards: s.visaCards.Len(), ZelleTransactions: s.zelleTxs.Len(),
		Credits: s.credits.Len(), MerchantTransactions: s.merchantTxs.Len(), MissingCredits: s.missingCredits.Len(),
		Cards: s.cards.Len(), Sessions: s.sessions.Len()}
}
