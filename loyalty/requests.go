package loyalty

import (
	"log/slog"

	"github.com/giftcard-go/giftcard"
)

// The request types hold what a caller chooses. A card number (AccountID)
// is a giftcard.Secret: printed and logged masked to its last four digits. The client adds clientId
// (always), the client's LoyaltyChannel when a request names none, a
// generated TranOrderNo when one is empty, and formats amounts; it refuses
// before the network, with a *giftcard.ValidationError naming the wire
// field, what the documentation forbids.

// ActivateRequest activates a card (giftActivate).
type ActivateRequest struct {
	AccountID giftcard.Secret // the card number; required (printed masked)
	EntryType EntryType       // how AccountID was read; required
	// Activating is Yes to activate the card, No not to (but still record
	// CustomerInfo); required.
	Activating YesNo
	// CustomerInfo is the customer to associate with the card (public
	// docs); nil sends none.
	CustomerInfo *CustomerInfo
	// LoyaltyChannel overrides the client's channel.
	LoyaltyChannel string
}

// QueryRequest reads a card's balances (giftInquiry).
type QueryRequest struct {
	AccountID      giftcard.Secret // the card number; required (printed masked)
	EntryType      EntryType       // required
	LoyaltyChannel string          // overrides the client's channel
}

// TopUpRequest reloads a card (giftIssuance).
type TopUpRequest struct {
	// TranOrderNo is the idempotency key, at most 60 characters; empty means
	// generated. It is returned on the Transaction and on every error.
	TranOrderNo string
	AccountID   giftcard.Secret // the card number; required (printed masked)
	EntryType   EntryType       // required
	Activating  YesNo           // Yes also activates the card; required
	// Amount is the value to load. The documentation has no amount field
	// for a top-up: the zero Money sends none, any other is sent as
	// "amount" and must be in the client's currency (Top-up carries no
	// currency), positive, with at most the currency's decimals.
	Amount giftcard.Money
	// CustomerInfo updates the card's customer (public docs); nil sends none.
	CustomerInfo   *CustomerInfo
	LoyaltyChannel string // overrides the client's channel
}

// PayRequest pays from a card's balance (giftTransaction).
type PayRequest struct {
	TranOrderNo string          // idempotency key, at most 60 characters; empty means generated
	AccountID   giftcard.Secret // the card number; required (printed masked)
	EntryType   EntryType       // required
	// Amount is required: positive, with at most its currency's decimals
	// ("10.50"); an empty currency means the client's. Sent as amount and
	// tranCurrency.
	Amount giftcard.Money
	// NSFAllowed lets the payment proceed when the balance does not cover
	// it; sent as nsfAllowed: true only when set.
	NSFAllowed     bool
	LoyaltyChannel string // overrides the client's channel
}

// VoidRequest voids a top-up or a payment (giftVoid).
type VoidRequest struct {
	// TranOrderNo is this void's own new order number; empty means
	// generated. The documentation gives no maximum length.
	TranOrderNo string
	// OriOrderNo is the CheckoutID of the transaction to void; required.
	OriOrderNo string
}

// PointsRequest issues (loyaltyIssuance) or redeems (loyaltyRedemption)
// loyalty points.
type PointsRequest struct {
	TranOrderNo    string          // idempotency key, at most 60 characters; empty means generated
	AccountID      giftcard.Secret // the card number; required (printed masked)
	EntryType      EntryType       // required
	Points         Points          // how many; required, positive; sent as amount
	LoyaltyChannel string          // overrides the client's channel
}

// TipRequest adds a tip to a payment (giftTip). Add Tip documents no
// loyaltyChannel, so none is sent.
type TipRequest struct {
	// TranOrderNo is this tip's own new order number; empty means
	// generated. The documentation gives no maximum length.
	TranOrderNo string
	// OriOrderNo is the CheckoutID of the payment the tip is for; required.
	OriOrderNo string
	AccountID  giftcard.Secret // the card of the payment; required (printed masked)
	EntryType  EntryType       // required
	// Amount is the tip: positive, at most its currency's decimals; an
	// empty currency means the client's. Sent as amount and tranCurrency.
	Amount giftcard.Money
}

// LogValue makes slog print the request with the card number masked
// (slog's JSON handler would marshal a giftcard.Secret in clear).
func (r ActivateRequest) LogValue() slog.Value {
	return slog.GroupValue(cardAttr(r.AccountID), slog.String("entry_type", string(r.EntryType)),
		slog.String("activating", string(r.Activating)), slog.Bool("customer_info", r.CustomerInfo != nil), slog.String("loyalty_channel", r.LoyaltyChannel))
}

// LogValue makes slog print the request with the card number masked.
func (r QueryRequest) LogValue() slog.Value {
	return slog.GroupValue(cardAttr(r.AccountID), slog.String("entry_type", string(r.EntryType)), slog.String("loyalty_channel", r.LoyaltyChannel))
}

// LogValue makes slog print the request with the card number masked.
func (r TopUpRequest) LogValue() slog.Value {
	return slog.GroupValue(slog.String("tran_order_no", r.TranOrderNo), cardAttr(r.AccountID), slog.String("entry_type", string(r.EntryType)),
		slog.String("activating", string(r.Activating)), slog.String("amount", r.Amount.String()), slog.String("loyalty_channel", r.LoyaltyChannel))
}

// LogValue makes slog print the request with the card number masked.
func (r PayRequest) LogValue() slog.Value {
	return slog.GroupValue(slog.String("tran_order_no", r.TranOrderNo), cardAttr(r.AccountID), slog.String("entry_type", string(r.EntryType)),
		slog.String("amount", r.Amount.String()), slog.Bool("nsf_allowed", r.NSFAllowed), slog.String("loyalty_channel", r.LoyaltyChannel))
}

// LogValue makes slog print the request with the card number masked.
func (r PointsRequest) LogValue() slog.Value {
	return slog.GroupValue(slog.String("tran_order_no", r.TranOrderNo), cardAttr(r.AccountID), slog.String("entry_type", string(r.EntryType)),
		slog.Int64("points", int64(r.Points)), slog.String("loyalty_channel", r.LoyaltyChannel))
}

// LogValue makes slog print the request with the card number masked.
func (r TipRequest) LogValue() slog.Value {
	return slog.GroupValue(slog.String("tran_order_no", r.TranOrderNo), slog.String("ori_order_no", r.OriOrderNo), cardAttr(r.AccountID),
		slog.String("entry_type", string(r.EntryType)), slog.String("amount", r.Amount.String()))
}

func cardAttr(s giftcard.Secret) slog.Attr { return slog.String("account_id", s.String()) }
