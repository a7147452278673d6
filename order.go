package giftcard

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"time"
)

// OrderStatus is where an order stands. Providers map their own values to
// these; a value the SDK does not know is kept as the provider sent it.
type OrderStatus string

// Order statuses.
const (
	OrderProcessing OrderStatus = "PROCESSING"
	OrderSuccess    OrderStatus = "SUCCESS"
	OrderFailed     OrderStatus = "FAILED"
	OrderCancelled  OrderStatus = "CANCELLED"
	OrderReversed   OrderStatus = "REVERSED"
)

// Terminal reports whether the status will not change on its own. An unknown
// status is not terminal: polling goes on until the policy gives up.
func (s OrderStatus) Terminal() bool {
	switch s {
	case OrderSuccess, OrderFailed, OrderCancelled, OrderReversed:
		return true
	}
	return false
}

// OrderItem is a face value and how many vouchers of it.
type OrderItem struct {
	Denomination Money // the face value of each voucher
	Quantity     int   // how many vouchers of it, ≥ 1
}

// Recipient is who receives a voucher or gift.
type Recipient struct {
	Name  string // full name, as the provider shows it to the recipient
	Email string // where the provider delivers the voucher or gift, when it does
	Phone string // mobile number, in the format the provider documents
}

// OrderRequest places an order for vouchers of one product.
type OrderRequest struct {
	// ProductID is the product (brand, merchant) to buy, as Catalog lists it.
	ProductID string
	// ReferenceID is the caller's idempotency key. Placing the same
	// ReferenceID twice yields one order. Empty means the SDK generates one,
	// returned on the Order; keep it to reconcile.
	ReferenceID string
	// Amount is the order total; it must equal Σ Denomination × Quantity.
	// Zero means the SDK computes it from Items.
	Amount Money
	// Items are the vouchers to generate: at least one.
	Items []OrderItem
	// Recipient, when set, is who the provider delivers the vouchers to.
	Recipient *Recipient
}

// Total returns Σ Denomination × Quantity over the items.
func (r OrderRequest) Total() (Money, error) {
	var sum Money
	for i, it := range r.Items {
		s, err := sum.Add(it.Denomination.Mul(int64(it.Quantity)))
		if err != nil {
			return Money{}, &ValidationError{Field: fmt.Sprintf("items[%d].denomination", i), Reason: err.(*ValidationError).Reason}
		}
		sum = s
	}
	return sum, nil
}

// CardType is which credentials a voucher needs to be redeemed.
type CardType string

// Card types. A provider value the SDK does not know is kept as sent.
const (
	CardNumberOnly   CardType = "NUMBER"
	CardPINOnly      CardType = "PIN"
	CardNumberAndPIN CardType = "NUMBER_AND_PIN"
)

// Voucher is one generated gift card. Its number and PIN print masked.
type Voucher struct {
	ID         string   // the provider's voucher id
	CardType   CardType // what the voucher carries: a number, a PIN, or both
	CardNumber Secret   // the card number; printed masked
	PIN        Secret   // the PIN; printed masked
	Amount     Money    // the face value
	ValidTill  string   // as the provider sent it (e.g. "2027-02-25")
}

// String prints the voucher with its credentials masked.
func (v Voucher) String() string {
	return fmt.Sprintf("Voucher{ID:%s CardType:%s CardNumber:%s PIN:%s Amount:%s ValidTill:%s}",
		v.ID, v.CardType, v.CardNumber, v.PIN, v.Amount, v.ValidTill)
}

// GoString prints the voucher masked for %#v.
func (v Voucher) GoString() string { return "giftcard." + v.String() }

// LogValue makes slog print the voucher masked.
func (v Voucher) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("id", v.ID), slog.String("card_type", string(v.CardType)),
		slog.Any("card_number", v.CardNumber), slog.Any("pin", v.PIN),
		slog.String("amount", v.Amount.String()), slog.String("valid_till", v.ValidTill))
}

// Vouchers is a list of vouchers. It exists so that logging a whole list
// (slog.Any("vouchers", order.Vouchers)) is masked too: slog's JSON handler
// would otherwise marshal a plain []Voucher with the real credentials.
type Vouchers []Voucher

// LogValue makes slog print every voucher masked.
func (vs Vouchers) LogValue() slog.Value {
	attrs := make([]slog.Attr, len(vs))
	for i, v := range vs {
		attrs[i] = slog.Any(strconv.Itoa(i), v)
	}
	return slog.GroupValue(attrs...)
}

// Order is a placed order.
type Order struct {
	Provider    string      // the provider's package name, "hubble"
	ID          string      // the provider's order id
	ReferenceID string      // the idempotency key the order was placed with
	ProductID   string      // the product bought, when the provider reports it
	Status      OrderStatus // PROCESSING, SUCCESS, FAILED … (unknown values kept)
	Amount      Money       // the order total
	Vouchers    Vouchers    // the generated vouchers, once SUCCESS
	// FailureReason is the provider's reason for a FAILED order, as sent.
	FailureReason string
	// FailureKind is the error kind the provider maps FailureReason to
	// (ErrInsufficientFunds …); nil when the order has not failed.
	FailureKind error
	CreatedAt   time.Time       // when the provider created it; zero when not reported
	Raw         json.RawMessage // the provider's payload; holds unmasked credentials, never printed by String
}

// Err returns nil unless the order FAILED; then an *Error matching
// ErrOrderFailed and the kind of its failure reason.
func (o Order) Err() error {
	if o.Status != OrderFailed {
		return nil
	}
	kind := o.FailureKind
	if kind == nil {
		kind = ErrProviderUnavailable
	}
	return &Error{Provider: o.Provider, Op: "Order " + o.ID, Message: o.FailureReason, Kind: kind, Err: ErrOrderFailed}
}

// String prints the order with voucher credentials masked and without Raw.
func (o Order) String() string {
	return fmt.Sprintf("Order{Provider:%s ID:%s ReferenceID:%s ProductID:%s Status:%s Amount:%s Vouchers:%v FailureReason:%q}",
		o.Provider, o.ID, o.ReferenceID, o.ProductID, o.Status, o.Amount, o.Vouchers, o.FailureReason)
}

// GoString prints the order masked for %#v.
func (o Order) GoString() string { return "giftcard." + o.String() }

// Format prints String (GoString for %#v) for every verb, so no verb (%d
// walking the fields, say) can print Raw, which holds the provider's
// unmasked credentials.
func (o Order) Format(f fmt.State, verb rune) {
	s := o.String()
	if verb == 'v' && f.Flag('#') {
		s = o.GoString()
	}
	switch verb {
	case 'q', 'x', 'X':
		_, _ = fmt.Fprintf(f, fmt.FormatString(f, verb), s)
	default:
		_, _ = io.WriteString(f, s)
	}
}

// LogValue makes slog print the order masked.
func (o Order) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("provider", o.Provider), slog.String("id", o.ID),
		slog.String("reference_id", o.ReferenceID), slog.String("status", string(o.Status)),
		slog.String("amount", o.Amount.String()), slog.Int("vouchers", len(o.Vouchers)),
		slog.String("failure_reason", o.FailureReason))
}
