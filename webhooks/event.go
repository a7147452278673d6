package webhooks

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"

	"github.com/giftcard-go/giftcard"
)

// EventType is what an Event is about, the same for every provider.
type EventType string

// The event types.
const (
	// OrderUpdated: an order changed state (Hubble: it reached a terminal
	// state). OrderID and OrderStatus are set.
	OrderUpdated EventType = "order.updated"
	// GiftUpdated: a gift was issued, claimed, redeemed or cancelled.
	// GiftID is set.
	GiftUpdated EventType = "gift.updated"
	// TransactionUpdated: a funding-account transaction was recorded or
	// changed. TransactionID is set.
	TransactionUpdated EventType = "transaction.updated"
	// BalanceLow: the funding balance fell below the configured threshold.
	// Balance is set, Threshold when the provider sends one.
	BalanceLow EventType = "balance.low"
	// ProductUpdated: a product (brand, merchant) changed, appeared or went
	// away; re-read it before the next order. ProductID is set.
	ProductUpdated EventType = "product.updated"
	// Other: an event the SDK does not know (a provider added one). Only
	// Provider, Name, Native and Raw are set. Acknowledge it (return nil)
	// unless you handle it from Raw.
	Other EventType = "other"
)

// Event is one verified webhook, in the same shape for every provider.
// Fields that do not apply to its Type are zero. Amounts are Money in the
// provider's currency.
//
// Event prints (every fmt verb, and slog) as a summary of its type, ids
// and statuses: never Raw, Native or the vouchers of a fetched Order.
type Event struct {
	// Provider is the name of the Source the event came through: the
	// provider's package name ("hubble"), or the name given with
	// Source.Named ("hubble-backup"), matching the name the provider is
	// registered under in a giftcard.Client.
	Provider string
	// Type is what the event is about.
	Type EventType
	// Name is the provider's own name for the event: Hubble's webhook kind
	// ("order", "brand_updated", "low_balance") or a brand event's "event"
	// (USER_DISCOUNT_UPDATED, NEW_BRAND_CREATED, BRAND_DISABLED); Wolfe's
	// event (TRANSACTION_UPDATE, GIFT_UPDATE, MERCHANT_UPDATE,
	// MERCHANT_DELETE, or an unknown one).
	Name string

	// OrderID is the order's provider id, for giftcard.Orders.GetOrder.
	OrderID string
	// GiftID is the gift's provider id, for giftcard.Gifts.GetGift.
	GiftID string
	// TransactionID is the funding-account transaction's provider id.
	TransactionID string
	// ProductID is the product's provider id (QualifiedProductID gives the
	// form giftcard.Client takes).
	ProductID string
	// ReferenceID is the reference the provider sent with the object: for
	// a Wolfe transaction, the reference in the originating system (the
	// gift id of a purchase).
	ReferenceID string

	// Status is the object's status exactly as the provider sent it ("" when
	// it sent none).
	Status string
	// OrderStatus is Status mapped to the portable order status
	// (OrderUpdated); unknown values are kept as sent.
	OrderStatus giftcard.OrderStatus
	// GiftStatus is Status mapped to the portable gift status
	// (GiftUpdated); unknown values are kept as sent.
	GiftStatus giftcard.GiftStatus

	// Amount is the transaction's or gift's amount, when the payload has
	// one.
	Amount giftcard.Money
	// Balance is the funding balance (BalanceLow) or what remains on a gift
	// (GiftUpdated), when the payload has one.
	Balance giftcard.Money
	// Threshold is the threshold the balance fell below (BalanceLow), when
	// the provider sends one.
	Threshold giftcard.Money

	// Order is the full order, when the provider's handler fetched it
	// (hubble.FetchOrder); nil otherwise.
	Order *giftcard.Order
	// Gift is the gift as re-read from the provider (Wolfe's
	// verify-by-refetch); nil otherwise.
	Gift *giftcard.Gift
	// Product is the product as re-read from the provider (Wolfe's
	// verify-by-refetch of MERCHANT_UPDATE); nil otherwise.
	Product *giftcard.Product

	// Native is the provider's own event, as its handler delivered it:
	// hubble.OrderEvent, hubble.BrandUpdate, hubble.LowBalance or
	// hubble.BrandDiscount; wolfe.WebhookEvent; whatever a Custom source
	// delivers.
	Native any
	// Raw is the provider's payload: the body as posted, or, where the
	// provider's handler never hands the posted body on (Wolfe's
	// verify-by-refetch), the re-read object as the provider sent it.
	Raw json.RawMessage
}

// QualifiedProductID is ProductID qualified with Provider
// (giftcard.QualifiedID), the id giftcard.Client's GetProduct and
// PlaceOrder take; "" when the event names no product.
func (e Event) QualifiedProductID() string {
	if e.ProductID == "" {
		return ""
	}
	return giftcard.QualifiedID(e.Provider, e.ProductID)
}

// String summarises the event: provider, type, name, ids and statuses.
func (e Event) String() string {
	var b strings.Builder
	b.WriteString("webhooks.Event{Provider:")
	b.WriteString(e.Provider)
	b.WriteString(" Type:")
	b.WriteString(string(e.Type))
	b.WriteString(" Name:")
	b.WriteString(e.Name)
	for _, f := range e.fields() {
		b.WriteString(" ")
		b.WriteString(f.name)
		b.WriteString(":")
		b.WriteString(f.value)
	}
	b.WriteString("}")
	return b.String()
}

// GoString is String, for %#v.
func (e Event) GoString() string { return e.String() }

// Format prints String for every verb, so no verb walks into Raw, Native or
// a fetched order's vouchers.
func (e Event) Format(f fmt.State, verb rune) {
	s := e.String()
	if verb == 'q' {
		s = fmt.Sprintf("%q", s)
	}
	_, _ = fmt.Fprint(f, s)
}

// LogValue makes slog print the summary String does, as attributes.
func (e Event) LogValue() slog.Value {
	attrs := []slog.Attr{slog.String("provider", e.Provider), slog.String("type", string(e.Type)), slog.String("name", e.Name)}
	for _, f := range e.fields() {
		attrs = append(attrs, slog.String(f.key, f.value))
	}
	return slog.GroupValue(attrs...)
}

type field struct{ name, key, value string }

// fields are the summary's non-zero fields.
func (e Event) fields() []field {
	var out []field
	add := func(name, key, v string) {
		if v != "" {
			out = append(out, field{name, key, v})
		}
	}
	money := func(m giftcard.Money) string {
		if m.Currency == "" && m.IsZero() {
			return ""
		}
		return m.String()
	}
	add("OrderID", "order_id", e.OrderID)
	add("GiftID", "gift_id", e.GiftID)
	add("TransactionID", "transaction_id", e.TransactionID)
	add("ProductID", "product_id", e.ProductID)
	add("ReferenceID", "reference_id", e.ReferenceID)
	add("Status", "status", e.Status)
	add("OrderStatus", "order_status", string(e.OrderStatus))
	add("GiftStatus", "gift_status", string(e.GiftStatus))
	add("Amount", "amount", money(e.Amount))
	add("Balance", "balance", money(e.Balance))
	add("Threshold", "threshold", money(e.Threshold))
	return out
}
