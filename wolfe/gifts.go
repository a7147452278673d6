package wolfe

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/google/uuid"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/check"
	"github.com/giftcard-go/giftcard/internal/reconcile"
	"github.com/giftcard-go/giftcard/internal/transport"
	"github.com/giftcard-go/giftcard/internal/wire"
)

// GiftsService is the gift lifecycle (W11–W16): purchase (notifying the
// recipient, or managed by the partner), read by id or reference, events,
// claim and cancel.
type GiftsService service

// The documented bounds of a gift's amount.
var (
	MinGiftAmount = usd(500)   // 5.00 USD
	MaxGiftAmount = usd(10000) // 100.00 USD
)

// NewReferenceID returns a fresh reference: a random UUID, as Wolfe
// recommends.
func NewReferenceID() string { return uuid.NewString() }

// GiftStatus is a gift's status. The documentation shows only "new"; the
// other constants are the lower-case statuses wolfetest uses for the states
// the documentation describes (active, claimed, redeemed, cancelled). A
// value the SDK does not know is kept as sent, and comparisons ignore
// case.
type GiftStatus string

// Gift statuses.
const (
	GiftStatusNew       GiftStatus = "new"
	GiftStatusActive    GiftStatus = "active"
	GiftStatusClaimed   GiftStatus = "claimed"
	GiftStatusRedeemed  GiftStatus = "redeemed"
	GiftStatusCancelled GiftStatus = "cancelled"
)

// Is reports whether s is o, ignoring case ("canceled" is "cancelled" too).
func (s GiftStatus) Is(o GiftStatus) bool {
	norm := func(v GiftStatus) string {
		x := strings.ToLower(strings.TrimSpace(string(v)))
		if x == "canceled" {
			return string(GiftStatusCancelled)
		}
		return x
	}
	return norm(s) == norm(o)
}

// Portable maps the status to giftcard's: new and active → ACTIVE,
// claimed → CLAIMED, redeemed → REDEEMED, cancelled → CANCELLED; others are
// kept as sent.
func (s GiftStatus) Portable() giftcard.GiftStatus {
	switch {
	case s.Is(GiftStatusNew), s.Is(GiftStatusActive):
		return giftcard.GiftActive
	case s.Is(GiftStatusClaimed):
		return giftcard.GiftClaimed
	case s.Is(GiftStatusRedeemed):
		return giftcard.GiftRedeemed
	case s.Is(GiftStatusCancelled):
		return giftcard.GiftCancelled
	}
	return giftcard.GiftStatus(s)
}

// RedemptionInfo is how a gift was redeemed.
type RedemptionInfo struct {
	Method  RedemptionMethodName `json:"redemption_method,omitempty"` // how the gift was redeemed
	Details RedemptionDetails    `json:"redemption_details"`          // the ids of what the redemption produced
}

// RedemptionDetails are the ids of what a redemption produced.
type RedemptionDetails struct {
	CardID  string `json:"card_id,omitempty"`  // the linked card (CARD_LINK)
	EGiftID string `json:"egift_id,omitempty"` // the eGift (EGIFT)
	VisaID  string `json:"visa_id,omitempty"`  // the Visa card request (VISA)
	GiftID  string `json:"gift_id,omitempty"`  // the new gift (EXCHANGE, REGIFTING)
}

// Gift is a purchased gift (W13).
type Gift struct {
	ID string // the gift's id in the platform
	// ReferenceID is the purchase's reference. Wolfe's gift object does not
	// carry it: GetByReference fills it from its argument; Get leaves it
	// empty unless the answer has it.
	ReferenceID string
	Amount      giftcard.Money // the gift's amount
	// Fee is the purchase fee: the funding account was charged Amount + Fee.
	Fee               giftcard.Money
	Balance           giftcard.Money  // what is left to redeem
	MerchantID        string          // the merchant the gift is for
	Message           string          // the message to the recipient
	Status            GiftStatus      // "new" …; see GiftStatus
	CreateDate        Time            // when the gift was purchased
	Email             string          // the notified recipient's email (W11)
	MobileNumber      string          // the notified recipient's mobile number (W11)
	ClientRecipientID string          // the recipient's id in the partner's system
	RedemptionInfo    *RedemptionInfo // how it was redeemed; nil when it was not
	// LinkedGift is the gift this one is linked to (a swap or regift).
	LinkedGift string
	// RedemptionOptions are the ways the gift can be redeemed now (a real
	// array here, where merchants send a JSON string).
	RedemptionOptions []RedemptionMethod
	Raw               json.RawMessage // the gift as Wolfe sent it
}

// Charged is what the purchase charged the funding account: Amount + Fee
// (and what a cancel refunds).
func (g Gift) Charged() giftcard.Money {
	s, err := g.Amount.Add(g.Fee)
	if err != nil {
		return g.Amount
	}
	return s
}

type giftJSON struct {
	ID                wire.String                       `json:"id"`
	ReferenceID       wire.String                       `json:"reference_id,omitempty"`
	Amount            *wire.Int                         `json:"amount,omitempty"`
	MerchantID        wire.String                       `json:"merchant_id,omitempty"`
	Message           wire.String                       `json:"message,omitempty"`
	Balance           *wire.Int                         `json:"balance,omitempty"`
	Status            wire.String                       `json:"status,omitempty"`
	CreateDate        wire.Time                         `json:"create_date,omitzero"`
	Email             wire.String                       `json:"email,omitempty"`
	MobileNumber      wire.String                       `json:"mobile_number,omitempty"`
	ClientRecipientID wire.String                       `json:"client_recipient_id,omitempty"`
	RedemptionInfo    *RedemptionInfo                   `json:"redemption_info,omitempty"`
	LinkedGift        wire.String                       `json:"linked_gift,omitempty"`
	Fee               *wire.Int                         `json:"fee,omitempty"`
	RedemptionOptions wire.Embedded[[]RedemptionMethod] `json:"redemption_options,omitzero"`
}

// UnmarshalJSON reads Wolfe's gift object.
func (g *Gift) UnmarshalJSON(b []byte) error {
	var w giftJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*g = Gift{
		ID: string(w.ID), ReferenceID: string(w.ReferenceID), Amount: centsMoney(w.Amount), Fee: centsMoney(w.Fee),
		Balance: centsMoney(w.Balance), MerchantID: string(w.MerchantID), Message: string(w.Message),
		Status: GiftStatus(w.Status), CreateDate: w.CreateDate, Email: string(w.Email),
		MobileNumber: string(w.MobileNumber), ClientRecipientID: string(w.ClientRecipientID),
		RedemptionInfo: w.RedemptionInfo, LinkedGift: string(w.LinkedGift),
		RedemptionOptions: w.RedemptionOptions.V, Raw: append(json.RawMessage(nil), b...),
	}
	return nil
}

// MarshalJSON writes Wolfe's form: amounts in cents.
func (g Gift) MarshalJSON() ([]byte, error) {
	w := giftJSON{
		ID: wire.String(g.ID), ReferenceID: wire.String(g.ReferenceID), MerchantID: wire.String(g.MerchantID),
		Message: wire.String(g.Message), Status: wire.String(g.Status), CreateDate: g.CreateDate,
		Email: wire.String(g.Email), MobileNumber: wire.String(g.MobileNumber),
		ClientRecipientID: wire.String(g.ClientRecipientID), RedemptionInfo: g.RedemptionInfo,
		LinkedGift: wire.String(g.LinkedGift), RedemptionOptions: wire.Embedded[[]RedemptionMethod]{V: g.RedemptionOptions},
	}
	if err := setCents(cents{&w.Amount, "amount", g.Amount}, cents{&w.Fee, "fee", g.Fee},
		cents{&w.Balance, "balance", g.Balance}); err != nil {
		return nil, err
	}
	return json.Marshal(w)
}

// PurchaseRequest buys a gift and has Wolfe notify the recipient, who
// claims it on Wolfe's site or app (W11). One gift per request.
type PurchaseRequest struct {
	// Amount in USD, 5.00..100.00, a whole number of cents.
	Amount giftcard.Money
	// ReferenceID is the purchase's reference in your system, at most 255
	// characters, unique within the partner: the idempotency key. Empty
	// means a random UUID, returned on the result.
	ReferenceID string
	// MerchantID is the merchant (a UUID) the gift is for.
	MerchantID string
	// Email and MobileNumber say where the notification goes; at least one
	// is required.
	Email string
	// MobileNumber is 11 digits, a US mobile number (see Email).
	MobileNumber string
	// Message to the recipient, at most 1000 characters; empty means
	// Wolfe's default message.
	Message string
}

type purchaseJSON struct {
	Amount            int64  `json:"amount"`
	ReferenceID       string `json:"reference_id"`
	MerchantID        string `json:"merchant_id"`
	Email             string `json:"email,omitempty"`
	MobileNumber      string `json:"mobile_number,omitempty"`
	Message           string `json:"message,omitempty"`
	ClientRecipientID string `json:"client_recipient_id,omitempty"`
}

// MarshalJSON writes the request body, the amount as bare integer cents;
// unset recipient fields are left out.
func (r PurchaseRequest) MarshalJSON() ([]byte, error) {
	n, err := toCents("amount", r.Amount)
	if err != nil {
		return nil, err
	}
	return json.Marshal(r.wire(n))
}

func (r PurchaseRequest) wire(cents int64) purchaseJSON {
	return purchaseJSON{Amount: cents, ReferenceID: r.ReferenceID, MerchantID: r.MerchantID,
		Email: r.Email, MobileNumber: r.MobileNumber, Message: r.Message}
}

// UnmarshalJSON reads a request body.
func (r *PurchaseRequest) UnmarshalJSON(b []byte) error {
	var w purchaseWire
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*r = PurchaseRequest{Amount: usd(int64(w.Amount)), ReferenceID: string(w.ReferenceID), MerchantID: string(w.MerchantID),
		Email: string(w.Email), MobileNumber: string(w.MobileNumber), Message: string(w.Message)}
	return nil
}

// purchaseWire reads either purchase body.
type purchaseWire struct {
	Amount            wire.Int    `json:"amount"`
	ReferenceID       wire.String `json:"reference_id"`
	MerchantID        wire.String `json:"merchant_id"`
	Email             wire.String `json:"email"`
	MobileNumber      wire.String `json:"mobile_number"`
	Message           wire.String `json:"message"`
	ClientRecipientID wire.String `json:"client_recipient_id"`
}

// validate checks the request and returns its amount in cents.
func (r PurchaseRequest) validate() (int64, error) {
	cents, err := checkPurchase(r.Amount, r.ReferenceID, r.MerchantID)
	if err != nil {
		return 0, err
	}
	return cents, check.First(
		optional(r.Email == "" && r.MobileNumber == "", func() error {
			return ck.Invalid("email", "required: set email or mobile_number, where Wolfe notifies the recipient")
		}),
		optional(r.Email != "", func() error { return email("email", r.Email) }),
		optional(r.MobileNumber != "", func() error { return ck.Digits("mobile_number", r.MobileNumber, 11) }),
		ck.Text("message", r.Message),
		ck.MaxLen("message", r.Message, 1000),
	)
}

// checkPurchase checks what both purchases share and returns the amount
// in cents.
func checkPurchase(amount giftcard.Money, reference, merchant string) (int64, error) {
	if amount.Currency == "" && amount.IsZero() {
		return 0, ck.Invalid("amount", "required")
	}
	cents, err := toCents("amount", amount)
	if err != nil {
		return 0, err
	}
	return cents, check.First(
		check.Range(ck, "amount", cents, 500, 10000),
		ck.Ref("reference_id", reference, maxReferenceLen),
		ck.Required("merchant_id", merchant),
		ck.UUID("merchant_id", merchant),
	)
}

// ManagedPurchaseRequest buys a gift whose redemption the partner manages:
// Wolfe notifies nobody (W12). One gift per request.
type ManagedPurchaseRequest struct {
	// Amount in USD, 5.00..100.00, a whole number of cents.
	Amount giftcard.Money
	// ReferenceID is the idempotency key, as for PurchaseRequest.
	ReferenceID string
	// MerchantID is the merchant (a UUID) the gift is for.
	MerchantID string
	// ClientRecipientID is the recipient's id in your system (optional).
	ClientRecipientID string
}

// MarshalJSON writes the request body, the amount as bare integer cents.
func (r ManagedPurchaseRequest) MarshalJSON() ([]byte, error) {
	n, err := toCents("amount", r.Amount)
	if err != nil {
		return nil, err
	}
	return json.Marshal(r.wire(n))
}

func (r ManagedPurchaseRequest) wire(cents int64) purchaseJSON {
	return purchaseJSON{Amount: cents, ReferenceID: r.ReferenceID, MerchantID: r.MerchantID,
		ClientRecipientID: r.ClientRecipientID}
}

// UnmarshalJSON reads a request body.
func (r *ManagedPurchaseRequest) UnmarshalJSON(b []byte) error {
	var w purchaseWire
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*r = ManagedPurchaseRequest{Amount: usd(int64(w.Amount)), ReferenceID: string(w.ReferenceID),
		MerchantID: string(w.MerchantID), ClientRecipientID: string(w.ClientRecipientID)}
	return nil
}

// validate checks the request and returns its amount in cents.
func (r ManagedPurchaseRequest) validate() (int64, error) {
	cents, err := checkPurchase(r.Amount, r.ReferenceID, r.MerchantID)
	if err != nil {
		return 0, err
	}
	return cents, check.First(
		ck.Text("client_recipient_id", r.ClientRecipientID),
		ck.MaxLen("client_recipient_id", r.ClientRecipientID, maxReferenceLen),
	)
}

// PurchaseResult is a purchased gift's id and the reference it was bought
// with.
type PurchaseResult struct {
	GiftID string `json:"gift_id"` // the purchased gift
	// ReferenceID is the reference the purchase was sent with (generated
	// when the request had none). Wolfe's answer does not carry it.
	ReferenceID string `json:"reference_id,omitempty"`
	// Raw is Wolfe's answer; after a lost answer, the gift found by its
	// reference.
	Raw json.RawMessage `json:"-"`
}

// Purchase buys one gift and has Wolfe notify the recipient (W11), exactly
// once per ReferenceID: see the package documentation. The result carries
// the ReferenceID used; so does every error (giftcard.Error.Reference).
func (s *GiftsService) Purchase(ctx context.Context, req PurchaseRequest) (PurchaseResult, error) {
	if req.ReferenceID == "" {
		req.ReferenceID = NewReferenceID()
	}
	cents, err := req.validate()
	if err != nil {
		return PurchaseResult{ReferenceID: req.ReferenceID}, err
	}
	return s.purchase(ctx, routePurchaseGift, req.ReferenceID, req.wire(cents), func(g Gift) bool {
		return sameCents(g.Amount, cents) && g.MerchantID == req.MerchantID &&
			strings.EqualFold(g.Email, req.Email) && g.MobileNumber == req.MobileNumber &&
			(req.Message == "" || g.Message == req.Message)
	})
}

// PurchaseManaged buys one gift whose redemption the partner manages
// (W12), exactly once per ReferenceID, as Purchase.
func (s *GiftsService) PurchaseManaged(ctx context.Context, req ManagedPurchaseRequest) (PurchaseResult, error) {
	if req.ReferenceID == "" {
		req.ReferenceID = NewReferenceID()
	}
	cents, err := req.validate()
	if err != nil {
		return PurchaseResult{ReferenceID: req.ReferenceID}, err
	}
	return s.purchase(ctx, routePurchaseManagedGift, req.ReferenceID, req.wire(cents), func(g Gift) bool {
		return sameCents(g.Amount, cents) && g.MerchantID == req.MerchantID &&
			g.ClientRecipientID == req.ClientRecipientID && g.Email == "" && g.MobileNumber == ""
	})
}

func sameCents(m giftcard.Money, cents int64) bool {
	n, err := toCents("amount", m)
	return err == nil && n == cents
}

// purchased is what reconcile works with: the result, and the gift when it
// was found by reference.
type purchased struct {
	res  PurchaseResult
	gift *Gift
}

// purchase sends a purchase exactly once on reference; mine tells this
// request's gift from another's.
func (s *GiftsService) purchase(ctx context.Context, rt giftcard.Route, reference string, body purchaseJSON, mine func(Gift) bool) (PurchaseResult, error) {
	// The body is marshalled once, here: a resend after a lost answer sends
	// the very same bytes.
	raw, err := json.Marshal(body)
	if err != nil {
		return PurchaseResult{ReferenceID: reference}, err
	}
	p, err := reconcile.Do(ctx, reconcile.Spec[purchased]{
		Provider: providerName, Op: rt.Op, Key: reference,
		Send: func(ctx context.Context) (purchased, error) {
			r := s.client().req(rt)
			r.RawBody = raw
			res, _, err := transport.CallChecked(ctx, s.client().tr, r, func(p *PurchaseResult) error {
				if strings.TrimSpace(p.GiftID) == "" {
					return errors.New("the answer has no gift_id")
				}
				return nil
			})
			res.ReferenceID = reference
			return purchased{res: res}, err
		},
		Lookup: func(ctx context.Context) (purchased, error) {
			g, err := s.GetByReference(ctx, reference)
			if err != nil {
				return purchased{}, err
			}
			return purchased{res: PurchaseResult{GiftID: g.ID, ReferenceID: reference, Raw: g.Raw}, gift: &g}, nil
		},
		Mine: func(p purchased) bool { return mine(*p.gift) },
		Describe: func(p purchased) string {
			g := p.gift
			return fmt.Sprintf("gift %s (%s, %s at merchant %s)", g.ID, g.Status, g.Amount, g.MerchantID)
		},
		Logger: s.client().tr.Logger(),
	})
	if err != nil {
		return PurchaseResult{ReferenceID: reference}, err
	}
	return p.res, nil
}

// Get returns a gift by its id (W13).
func (s *GiftsService) Get(ctx context.Context, giftID string) (Gift, error) {
	if err := idParam("gift_id", giftID); err != nil {
		return Gift{}, err
	}
	r := s.client().req(routeGetGift)
	r.Query = url.Values{"gift_id": {giftID}}
	return transport.Call[Gift](ctx, s.client().tr, r)
}

// GetByReference returns the gift purchased with reference (W13); an error
// matching giftcard.ErrNotFound means no purchase used it. The gift's
// ReferenceID is set to reference.
func (s *GiftsService) GetByReference(ctx context.Context, reference string) (Gift, error) {
	if err := idParam("reference_id", reference); err != nil {
		return Gift{}, err
	}
	r := s.client().req(routeGetGift)
	r.Query = url.Values{"reference_id": {reference}}
	g, err := transport.Call[Gift](ctx, s.client().tr, r)
	if err == nil && g.ReferenceID == "" {
		g.ReferenceID = reference
	}
	return g, err
}

// EventType names a gift event. A value the SDK does not know is kept as
// sent.
type EventType string

// The documented gift events.
const (
	EventGiftClaim                EventType = "gift.claim"
	EventGiftLink                 EventType = "gift.link"
	EventGiftUnlink               EventType = "gift.unlink"
	EventGiftMerchantSwap         EventType = "gift.merchant_swap"
	EventCreditPending            EventType = "credit.pending"
	EventCreditSuccess            EventType = "credit.success"
	EventCreditFailure            EventType = "credit.failure"
	EventRedemptionEGift          EventType = "redemption.egift"
	EventRedemptionVisa           EventType = "redemption.visa"
	EventRedemptionVisaProcessing EventType = "redemption.visa.processing"
	EventRedemptionVisaShipped    EventType = "redemption.visa.shipped"
	EventRedemptionZelle          EventType = "redemption.zelle"
)

// GiftEvent is one event in a gift's history (W14).
type GiftEvent struct {
	Datetime Time      // when it happened
	Event    EventType // gift.claim …; see EventType
	// Description is human-readable and may be shown to users.
	Description string
	Metadata    EventMetadata   // the event's properties
	Raw         json.RawMessage // the event as Wolfe sent it
}

type giftEventJSON struct {
	Datetime    wire.Time      `json:"datetime,omitzero"`
	Event       wire.String    `json:"event"`
	Description wire.String    `json:"description,omitempty"`
	Metadata    *EventMetadata `json:"metadata,omitempty"`
}

// UnmarshalJSON reads Wolfe's event.
func (e *GiftEvent) UnmarshalJSON(b []byte) error {
	var w giftEventJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*e = GiftEvent{Datetime: w.Datetime, Event: EventType(w.Event), Description: string(w.Description),
		Raw: append(json.RawMessage(nil), b...)}
	if w.Metadata != nil {
		e.Metadata = *w.Metadata
	}
	return nil
}

// MarshalJSON writes Wolfe's form.
func (e GiftEvent) MarshalJSON() ([]byte, error) {
	w := giftEventJSON{Datetime: e.Datetime, Event: wire.String(e.Event), Description: wire.String(e.Description)}
	if !e.Metadata.isZero() {
		w.Metadata = &e.Metadata
	}
	return json.Marshal(w)
}

// EventMetadata is an event's properties; which are set depends on the
// event (see the EventType constants' documentation in Wolfe's docs).
// Amounts are pennies on the wire, Money here.
type EventMetadata struct {
	Amount           giftcard.Money // the claimed, credited, redeemed or new gift amount
	Fee              giftcard.Money // a processing fee deducted from the gift's balance
	Merchant         string         // the merchant's name
	OriginalMerchant string         // gift.merchant_swap: the exchanged gift's merchant
	Network          string         // the linked card's network
	Card             string         // the linked card's last four digits
	Expiration       string         // the linked card's expiry, MM/YY
	FirstName        string         // redemption.visa.shipped
	LastName         string         // redemption.visa.shipped
	Address          string         // redemption.visa.shipped: the delivery address
	Account          string         // redemption.zelle: the Zelle account token
	// Raw is the metadata object as received, compacted; MarshalJSON
	// writes it when set.
	Raw json.RawMessage
}

type eventMetadataJSON struct {
	Amount           *wire.Int   `json:"amount,omitempty"`
	Fee              *wire.Int   `json:"fee,omitempty"`
	Merchant         wire.String `json:"merchant,omitempty"`
	OriginalMerchant wire.String `json:"original_merchant,omitempty"`
	Network          wire.String `json:"network,omitempty"`
	Card             wire.String `json:"card,omitempty"`
	Expiration       wire.String `json:"expiration,omitempty"`
	FirstName        wire.String `json:"first_name,omitempty"`
	LastName         wire.String `json:"last_name,omitempty"`
	Address          wire.String `json:"address,omitempty"`
	Account          wire.String `json:"account,omitempty"`
}

func (m EventMetadata) isZero() bool {
	return len(m.Raw) == 0 && m.Amount.IsZero() && m.Amount.Currency == "" && m.Fee.IsZero() && m.Fee.Currency == "" &&
		m.Merchant == "" && m.OriginalMerchant == "" && m.Network == "" && m.Card == "" && m.Expiration == "" &&
		m.FirstName == "" && m.LastName == "" && m.Address == "" && m.Account == ""
}

// UnmarshalJSON reads a metadata object.
func (m *EventMetadata) UnmarshalJSON(b []byte) error {
	var w eventMetadataJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	var raw bytes.Buffer
	if err := json.Compact(&raw, b); err != nil {
		return err
	}
	*m = EventMetadata{Amount: centsMoney(w.Amount), Fee: centsMoney(w.Fee), Merchant: string(w.Merchant),
		OriginalMerchant: string(w.OriginalMerchant), Network: string(w.Network), Card: string(w.Card),
		Expiration: string(w.Expiration), FirstName: string(w.FirstName), LastName: string(w.LastName),
		Address: string(w.Address), Account: string(w.Account), Raw: raw.Bytes()}
	return nil
}

// MarshalJSON writes Raw when set, else the typed fields (amounts in
// pennies).
func (m EventMetadata) MarshalJSON() ([]byte, error) {
	if len(m.Raw) > 0 {
		return m.Raw, nil
	}
	w := eventMetadataJSON{Merchant: wire.String(m.Merchant), OriginalMerchant: wire.String(m.OriginalMerchant),
		Network: wire.String(m.Network), Card: wire.String(m.Card), Expiration: wire.String(m.Expiration),
		FirstName: wire.String(m.FirstName), LastName: wire.String(m.LastName), Address: wire.String(m.Address),
		Account: wire.String(m.Account)}
	if err := setCents(cents{&w.Amount, "amount", m.Amount}, cents{&w.Fee, "fee", m.Fee}); err != nil {
		return nil, err
	}
	return json.Marshal(w)
}

// Events returns every event of a gift, oldest first as Wolfe lists them
// (W14; not paginated).
func (s *GiftsService) Events(ctx context.Context, giftID string) ([]GiftEvent, error) {
	return s.events(ctx, "gift_id", giftID)
}

// EventsByReference returns every event of the gift purchased with
// reference (W14).
func (s *GiftsService) EventsByReference(ctx context.Context, reference string) ([]GiftEvent, error) {
	return s.events(ctx, "reference_id", reference)
}

func (s *GiftsService) events(ctx context.Context, param, v string) ([]GiftEvent, error) {
	if err := idParam(param, v); err != nil {
		return nil, err
	}
	r := s.client().req(routeGiftEvents)
	r.Query = url.Values{param: {v}}
	res, err := s.client().tr.Do(ctx, r, nil)
	if err != nil || len(res.Payload) == 0 {
		return nil, err // no data: no events
	}
	var l wire.List[GiftEvent]
	if err := json.Unmarshal(res.Payload, &l); err != nil {
		return nil, s.client().tr.BadResponse(r, res, "the events are not the expected JSON", err)
	}
	return []GiftEvent(l), nil
}

// ClaimRequest associates a gift with its recipient in the partner's
// system (W15). The documentation marks neither field required; both are
// needed for the operation to mean anything, so both are required here.
type ClaimRequest struct {
	GiftID            string `json:"gift_id"`             // the gift claimed (required here)
	ClientRecipientID string `json:"client_recipient_id"` // the recipient's id in your system (required here)
}

// Claim associates a gift with the recipient who claimed it in your system
// (W15). After a lost answer, the gift is read: claimed by this recipient,
// the claim succeeded.
func (s *GiftsService) Claim(ctx context.Context, req ClaimRequest) error {
	if err := check.First(
		idParam("gift_id", req.GiftID),
		idParam("client_recipient_id", req.ClientRecipientID),
		ck.MaxLen("client_recipient_id", req.ClientRecipientID, maxReferenceLen),
	); err != nil {
		return err
	}
	r := s.client().req(routeClaimGift)
	r.Body = req
	_, err := s.client().tr.Do(ctx, r, nil)
	if err != nil && errors.Is(err, giftcard.ErrOutcomeUnknown) {
		if g, gerr := s.Get(ctx, req.GiftID); gerr == nil && g.ClientRecipientID == req.ClientRecipientID &&
			!g.Status.Is(GiftStatusNew) && !g.Status.Is(GiftStatusCancelled) {
			return nil
		}
	}
	return err
}

type giftIDBody struct {
	GiftID string `json:"gift_id"`
}

// Cancel cancels a gift that was neither claimed nor redeemed (W16); Wolfe
// refunds amount + fee to the funding account. After a lost answer, the
// gift is read: cancelled, the cancel succeeded.
func (s *GiftsService) Cancel(ctx context.Context, giftID string) error {
	if err := idParam("gift_id", giftID); err != nil {
		return err
	}
	r := s.client().req(routeCancelGift)
	r.Body = giftIDBody{GiftID: giftID}
	_, err := s.client().tr.Do(ctx, r, nil)
	if err != nil && errors.Is(err, giftcard.ErrOutcomeUnknown) {
		if g, gerr := s.Get(ctx, giftID); gerr == nil && g.Status.Is(GiftStatusCancelled) {
			return nil
		}
	}
	return err
}
