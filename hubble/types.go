package hubble

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/wire"
)

// This file holds Hubble's own wire types, with every documented field.
// Amounts are rupees sent as JSON numbers; they decode straight into
// decimal.Decimal (a JSON string holding a number is accepted too) and
// encode back as JSON numbers, never through float64.

// BrandStatus says whether vouchers can be generated for a brand.
type BrandStatus string

// Brand statuses. Unknown values are kept as sent.
const (
	BrandActive   BrandStatus = "ACTIVE"   // vouchers can be generated
	BrandInactive BrandStatus = "INACTIVE" // hide the brand; orders fail with E102
)

// DenominationType is how a brand's face values are chosen.
type DenominationType string

// Denomination types. Unknown values are kept as sent.
const (
	// Fixed: only the values in AmountRestrictions.Denominations.
	Fixed DenominationType = "FIXED"
	// Flexible: any value from MinVoucherAmount to MaxVoucherAmount.
	Flexible DenominationType = "FLEXIBLE"
)

// CardType is which credentials a voucher needs.
type CardType string

// Card types as the order and voucher objects spell them. The brand object's
// documentation also lists PIN_SECURED and CARD_NO_AND_PIN; both are
// understood (see PortableCardType). Unknown values are kept as sent.
const (
	CardNumberSecured    CardType = "CARD_NUMBER_SECURED"     // card number only; cardPin is null
	PinNoSecured         CardType = "PIN_NO_SECURED"          // PIN only; cardNumber is null
	CardAndPinNoSecured  CardType = "CARD_AND_PIN_NO_SECURED" // both are needed
	PinSecured           CardType = "PIN_SECURED"             // brand-object spelling of PIN only
	CardNoAndPin         CardType = "CARD_NO_AND_PIN"         // brand-object spelling of both
	cardTypeUnknownEmpty CardType = ""
)

// PortableCardType maps a Hubble card type to the SDK's: the three
// documented voucher values and the brand object's two alternative
// spellings. An unknown value is kept as its own string.
func PortableCardType(t CardType) giftcard.CardType {
	switch t {
	case CardNumberSecured:
		return giftcard.CardNumberOnly
	case PinNoSecured, PinSecured:
		return giftcard.CardPINOnly
	case CardAndPinNoSecured, CardNoAndPin:
		return giftcard.CardNumberAndPIN
	case cardTypeUnknownEmpty:
		return ""
	}
	return giftcard.CardType(t)
}

// RedemptionType is where a voucher can be used.
type RedemptionType string

// Redemption types. Unknown values are kept as sent.
const (
	Online           RedemptionType = "ONLINE"
	Offline          RedemptionType = "OFFLINE"
	OnlineAndOffline RedemptionType = "ONLINE_AND_OFFLINE"
)

// OrderStatus is where an order stands.
type OrderStatus string

// Order statuses. Unknown values are kept as sent.
const (
	StatusSuccess    OrderStatus = "SUCCESS"    // vouchers generated
	StatusProcessing OrderStatus = "PROCESSING" // generation in progress; vouchers empty
	StatusFailed     OrderStatus = "FAILED"     // see FailureReason; the referenceId is consumed
	StatusCancelled  OrderStatus = "CANCELLED"  // cancelled by client request
	StatusReversed   OrderStatus = "REVERSED"   // reversed by client request
)

// Portable maps the status to the SDK's; the five documented values map
// one to one and an unknown one is kept as sent.
func (s OrderStatus) Portable() giftcard.OrderStatus {
	switch s {
	case StatusSuccess:
		return giftcard.OrderSuccess
	case StatusProcessing:
		return giftcard.OrderProcessing
	case StatusFailed:
		return giftcard.OrderFailed
	case StatusCancelled:
		return giftcard.OrderCancelled
	case StatusReversed:
		return giftcard.OrderReversed
	}
	return giftcard.OrderStatus(s)
}

// AmountRestrictions are the rules an order for a brand must follow. A zero
// amount or count means Hubble sent no limit (null or absent).
type AmountRestrictions struct {
	MinOrderAmount             decimal.Decimal   // smallest order total
	MaxOrderAmount             decimal.Decimal   // largest order total
	MinVoucherAmount           decimal.Decimal   // smallest face value (FLEXIBLE)
	MaxVoucherAmount           decimal.Decimal   // largest face value
	MaxVouchersPerOrder        int               // vouchers in one order
	MaxVouchersPerDenomination int               // vouchers of one face value in one order
	MaxDenominationsPerOrder   int               // distinct face values in one order
	Denominations              []decimal.Decimal // the allowed face values; nil when FLEXIBLE
	// Deprecated: use MinOrderAmount. Read as its fallback when it is absent.
	MinAmount decimal.Decimal
	// Deprecated: use MaxOrderAmount. Read as its fallback when it is absent.
	MaxAmount decimal.Decimal
}

// amountRestrictionsJSON is AmountRestrictions on the wire: amounts are JSON
// numbers (Valid tells an absent one), absent limits are left out.
type amountRestrictionsJSON struct {
	MinOrderAmount             wire.Decimal   `json:"minOrderAmount,omitzero"`
	MaxOrderAmount             wire.Decimal   `json:"maxOrderAmount,omitzero"`
	MinVoucherAmount           wire.Decimal   `json:"minVoucherAmount,omitzero"`
	MaxVoucherAmount           wire.Decimal   `json:"maxVoucherAmount,omitzero"`
	MaxVouchersPerOrder        int            `json:"maxVouchersPerOrder,omitempty"`
	MaxVouchersPerDenomination int            `json:"maxVouchersPerDenomination,omitempty"`
	MaxDenominationsPerOrder   int            `json:"maxDenominationsPerOrder,omitempty"`
	Denominations              []wire.Decimal `json:"denominations,omitzero"`
	MinAmount                  wire.Decimal   `json:"minAmount,omitzero"`
	MaxAmount                  wire.Decimal   `json:"maxAmount,omitzero"`
}

// UnmarshalJSON reads the restrictions, falling back to the deprecated
// minAmount/maxAmount when minOrderAmount/maxOrderAmount are absent.
func (a *AmountRestrictions) UnmarshalJSON(b []byte) error {
	var w amountRestrictionsJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	minOrder, maxOrder := w.MinOrderAmount, w.MaxOrderAmount
	if !minOrder.Valid {
		minOrder = w.MinAmount
	}
	if !maxOrder.Valid {
		maxOrder = w.MaxAmount
	}
	*a = AmountRestrictions{
		MinOrderAmount: minOrder.V, MaxOrderAmount: maxOrder.V,
		MinVoucherAmount: w.MinVoucherAmount.V, MaxVoucherAmount: w.MaxVoucherAmount.V,
		MaxVouchersPerOrder: w.MaxVouchersPerOrder, MaxVouchersPerDenomination: w.MaxVouchersPerDenomination,
		MaxDenominationsPerOrder: w.MaxDenominationsPerOrder, Denominations: decimals(w.Denominations),
		MinAmount: w.MinAmount.V, MaxAmount: w.MaxAmount.V,
	}
	return nil
}

// MarshalJSON writes the restrictions with amounts as JSON numbers; zero
// (absent) limits and a nil Denominations (FLEXIBLE) are left out.
func (a AmountRestrictions) MarshalJSON() ([]byte, error) {
	return json.Marshal(amountRestrictionsJSON{
		MinOrderAmount: limit(a.MinOrderAmount), MaxOrderAmount: limit(a.MaxOrderAmount),
		MinVoucherAmount: limit(a.MinVoucherAmount), MaxVoucherAmount: limit(a.MaxVoucherAmount),
		MaxVouchersPerOrder: a.MaxVouchersPerOrder, MaxVouchersPerDenomination: a.MaxVouchersPerDenomination,
		MaxDenominationsPerOrder: a.MaxDenominationsPerOrder, Denominations: numbers(a.Denominations),
		MinAmount: limit(a.MinAmount), MaxAmount: limit(a.MaxAmount),
	})
}

// HowToUse is one set of brand-specific redemption steps.
type HowToUse struct {
	RetailMode     string   `json:"retailMode"`             // ONLINE / OFFLINE: for your logic
	RetailModeName string   `json:"retailModeName"`         // the user-facing label
	Instructions   []string `json:"instructions,omitempty"` // the steps, in order
}

// Brand is Hubble's product: one gift card brand.
type Brand struct {
	ID                   string              `json:"id"`                         // the productId orders use
	Status               BrandStatus         `json:"status"`                     // ACTIVE or INACTIVE
	Title                string              `json:"title"`                      // display name
	BrandDescription     string              `json:"brandDescription,omitempty"` // display text
	Category             []string            `json:"category"`                   // e.g. FOOD, FASHION
	Tags                 []string            `json:"tags"`                       // free-form labels
	DenominationType     DenominationType    `json:"denominationType"`           // FIXED or FLEXIBLE
	CardType             CardType            `json:"cardType"`                   // which credentials its vouchers carry
	RedemptionType       RedemptionType      `json:"redemptionType"`             // where its vouchers can be used
	AmountRestrictions   *AmountRestrictions `json:"amountRestrictions"`         // the order rules; see Restrictions
	ThumbnailURL         string              `json:"thumbnailUrl,omitempty"`     // image; falls back to IconImageURL
	LogoURL              string              `json:"logoUrl,omitempty"`          // logo image
	TncURL               string              `json:"tncUrl,omitempty"`           // terms and conditions page
	TermsAndConditions   []string            `json:"termsAndConditions"`         // terms, one per entry
	HowToUseInstructions []HowToUse          `json:"howToUseInstructions"`       // redemption steps per retail mode
	// Deprecated: use ThumbnailURL, which falls back to it when absent.
	IconImageURL string `json:"iconImageUrl,omitempty"`
	// Deprecated: use HowToUseInstructions, which falls back to it (when it
	// is an object of mode → steps) when absent. Kept as sent.
	UsageInstructions json.RawMessage `json:"usageInstructions,omitempty"`
	// Raw is the brand exactly as Hubble sent it.
	Raw json.RawMessage `json:"-"`
}

// UnmarshalJSON decodes a brand, keeps the raw bytes, and fills the
// replacements of deprecated fields from them when they are absent. A brand
// wrapped as {"data":{…}} is read too.
func (b *Brand) UnmarshalJSON(data []byte) error {
	type plain Brand
	var p plain
	if err := json.Unmarshal(data, &p); err != nil {
		return err
	}
	if p.ID == "" {
		var w struct {
			Data json.RawMessage `json:"data"`
		}
		if json.Unmarshal(data, &w) == nil && len(w.Data) > 0 && w.Data[0] == '{' {
			var inner Brand
			if inner.UnmarshalJSON(w.Data) == nil && inner.ID != "" {
				*b = inner
				return nil
			}
		}
	}
	*b = Brand(p)
	b.Raw = append(json.RawMessage(nil), data...)
	if b.ThumbnailURL == "" {
		b.ThumbnailURL = b.IconImageURL
	}
	if len(b.HowToUseInstructions) == 0 && len(b.UsageInstructions) > 0 {
		b.HowToUseInstructions = usageToHowTo(b.UsageInstructions)
	}
	return nil
}

// usageToHowTo reads the deprecated usageInstructions object, {"online":
// ["step", …], "offline": "step"}, into HowToUse entries sorted by mode. A
// shape it does not understand yields nil rather than an error.
func usageToHowTo(raw json.RawMessage) []HowToUse {
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil || len(m) == 0 {
		return nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var out []HowToUse
	for _, k := range keys {
		var steps []string
		if json.Unmarshal(m[k], &steps) != nil {
			var one string
			if json.Unmarshal(m[k], &one) != nil || one == "" {
				continue
			}
			steps = []string{one}
		}
		out = append(out, HowToUse{RetailMode: strings.ToUpper(k), RetailModeName: k, Instructions: steps})
	}
	return out
}

// Restrictions returns the amount restrictions, never nil.
func (b Brand) Restrictions() AmountRestrictions {
	if b.AmountRestrictions == nil {
		return AmountRestrictions{}
	}
	return *b.AmountRestrictions
}

// Voucher is one generated gift card. Its card number and PIN are
// giftcard.Secret: printed and logged masked, written to JSON in full.
type Voucher struct {
	ID         string          `json:"id,omitempty"` // for GET /v1/partners/orders/vouchers/:id
	CardType   CardType        `json:"cardType"`     // which of CardNumber and CardPin are set
	CardPin    giftcard.Secret `json:"cardPin"`      // empty (null) for CARD_NUMBER_SECURED
	CardNumber giftcard.Secret `json:"cardNumber"`   // empty (null) for PIN_NO_SECURED
	ValidTill  string          `json:"validTill"`    // YYYY-MM-DD; empty when null
	Amount     decimal.Decimal `json:"amount"`       // face value in rupees
}

// MarshalJSON writes the voucher as Hubble does: null for an absent PIN,
// number or expiry, and the amount as a JSON number.
func (v Voucher) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		ID         string       `json:"id,omitempty"`
		CardType   CardType     `json:"cardType"`
		CardPin    *string      `json:"cardPin"`
		CardNumber *string      `json:"cardNumber"`
		ValidTill  *string      `json:"validTill"`
		Amount     wire.Decimal `json:"amount"`
	}{v.ID, v.CardType, orNull(v.CardPin.Reveal()), orNull(v.CardNumber.Reveal()), orNull(v.ValidTill), wire.D(v.Amount)})
}

// String prints the voucher with its credentials masked.
func (v Voucher) String() string {
	return fmt.Sprintf("hubble.Voucher{ID:%s CardType:%s CardNumber:%s CardPin:%s ValidTill:%s Amount:%s}",
		v.ID, v.CardType, v.CardNumber, v.CardPin, v.ValidTill, v.Amount)
}

// GoString prints the voucher masked for %#v.
func (v Voucher) GoString() string { return v.String() }

// Format prints String for every verb, so none (%x, %d) reaches the
// credentials.
func (v Voucher) Format(f fmt.State, verb rune) { formatMasked(f, verb, v.String()) }

// LogValue makes slog (any handler, JSON included) print the voucher masked.
func (v Voucher) LogValue() slog.Value {
	return slog.GroupValue(slog.String("id", v.ID), slog.String("card_type", string(v.CardType)),
		slog.Any("card_number", v.CardNumber), slog.Any("card_pin", v.CardPin),
		slog.String("valid_till", v.ValidTill), slog.String("amount", v.Amount.String()))
}

// Vouchers is an order's vouchers. It is a type of its own so that logging
// the whole list (slog.Any("vouchers", order.Vouchers)) is masked too:
// slog's JSON handler would marshal a plain []Voucher with the real
// credentials. It converts to and from []Voucher freely.
type Vouchers []Voucher

// LogValue makes slog print every voucher masked.
func (vs Vouchers) LogValue() slog.Value {
	attrs := make([]slog.Attr, len(vs))
	for i, v := range vs {
		attrs[i] = slog.Any(strconv.Itoa(i), v)
	}
	return slog.GroupValue(attrs...)
}

// Order is Hubble's order object.
type Order struct {
	ID            string      `json:"id"`            // Hubble's order id
	ReferenceID   string      `json:"referenceId"`   // your idempotency key
	Status        OrderStatus `json:"status"`        // SUCCESS, PROCESSING, FAILED, CANCELLED, REVERSED or another
	Vouchers      Vouchers    `json:"vouchers"`      // empty unless SUCCESS
	FailureReason string      `json:"failureReason"` // empty (null) unless FAILED
	// Raw is the order exactly as Hubble sent it. It holds unmasked voucher
	// credentials; String, GoString, Format and LogValue never print it.
	Raw json.RawMessage `json:"-"`
}

// UnmarshalJSON decodes an order and keeps the raw bytes.
func (o *Order) UnmarshalJSON(data []byte) error {
	type plain Order // the same fields without this method
	*o = Order{}     // decoded fresh, never merged into a previous value
	if err := json.Unmarshal(data, (*plain)(o)); err != nil {
		return err
	}
	o.Raw = append(json.RawMessage(nil), data...)
	return nil
}

// MarshalJSON writes the order as Hubble does (failureReason null when
// empty).
func (o Order) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		ID            string      `json:"id"`
		ReferenceID   string      `json:"referenceId"`
		Status        OrderStatus `json:"status"`
		Vouchers      Vouchers    `json:"vouchers"`
		FailureReason *string     `json:"failureReason"`
	}{o.ID, o.ReferenceID, o.Status, o.Vouchers, orNull(o.FailureReason)})
}

// check refuses an order answer that is not the order asked for: one
// without an id or a status (never a zero Order handed back as success),
// another id than id, or another referenceId than ref (empty id or ref:
// not checked).
func (o *Order) check(id, ref string) error {
	switch {
	case o.ID == "" || o.Status == "":
		return errors.New("the answer is not an order (no id or status)")
	case id != "" && o.ID != id:
		return fmt.Errorf("the answer is order %q, not %q", o.ID, id)
	case ref != "" && o.ReferenceID != ref:
		return fmt.Errorf("the answer is the order of referenceId %q, not %q", o.ReferenceID, ref)
	}
	return nil
}

// FailureKind is the giftcard error kind of a FAILED order's reason (nil for
// any other status). See FailureKind.
func (o Order) FailureKind() error {
	if o.Status != StatusFailed {
		return nil
	}
	return FailureKind(o.FailureReason)
}

// Total is Σ voucher amounts.
func (o Order) Total() decimal.Decimal {
	var t decimal.Decimal
	for _, v := range o.Vouchers {
		t = t.Add(v.Amount)
	}
	return t
}

// String prints the order with voucher credentials masked and without Raw.
func (o Order) String() string {
	return fmt.Sprintf("hubble.Order{ID:%s ReferenceID:%s Status:%s Vouchers:%v FailureReason:%q}",
		o.ID, o.ReferenceID, o.Status, o.Vouchers, o.FailureReason)
}

// GoString prints the order masked for %#v.
func (o Order) GoString() string { return o.String() }

// Format prints String for every verb, so none (%d walking the fields, %x)
// reaches Raw, which holds the unmasked credentials.
func (o Order) Format(f fmt.State, verb rune) { formatMasked(f, verb, o.String()) }

// LogValue makes slog print the order masked and without Raw.
func (o Order) LogValue() slog.Value {
	return slog.GroupValue(slog.String("id", o.ID), slog.String("reference_id", o.ReferenceID),
		slog.String("status", string(o.Status)), slog.Int("vouchers", len(o.Vouchers)),
		slog.String("failure_reason", o.FailureReason))
}

// DenominationDetail is one face value and how many vouchers of it.
type DenominationDetail struct {
	Denomination decimal.Decimal `json:"denomination"` // the face value of each voucher, in rupees
	Quantity     int             `json:"quantity"`     // how many vouchers of it; at least one
}

// MarshalJSON writes the denomination as a JSON number.
func (d DenominationDetail) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Denomination wire.Decimal `json:"denomination"`
		Quantity     int          `json:"quantity"`
	}{wire.D(d.Denomination), d.Quantity})
}

// CustomerDetails identifies the end customer: required for B2C orders,
// nullable for B2B.
type CustomerDetails struct {
	Name        string `json:"name,omitempty"`        // the customer's name
	PhoneNumber string `json:"phoneNumber,omitempty"` // the customer's phone number
	Email       string `json:"email,omitempty"`       // the customer's email address
}

// OrderRequest is the body of POST /v1/partners/orders.
type OrderRequest struct {
	// ProductID is the brand to order (Brand.ID).
	ProductID string `json:"productId"`
	// ReferenceID is your idempotency key: at most 40 characters, globally
	// unique, consumed even by a FAILED order. Empty means the client
	// generates one (returned on the Order).
	ReferenceID string `json:"referenceId"`
	// Amount must equal Σ denomination × quantity.
	Amount decimal.Decimal `json:"amount"`
	// DenominationDetails are the vouchers to generate: each face value and
	// how many of it.
	DenominationDetails []DenominationDetail `json:"denominationDetails"`
	// CustomerDetails identifies the end customer; nil sends none (B2B).
	CustomerDetails *CustomerDetails `json:"customerDetails,omitempty"`
	// DeliveryDetails is sent as is when set: only for partners whose
	// vouchers Hubble delivers, under a separate agreement whose schema the
	// public docs do not publish.
	DeliveryDetails json.RawMessage `json:"deliveryDetails,omitempty"`
}

// MarshalJSON writes the request with amounts as JSON numbers.
func (r OrderRequest) MarshalJSON() ([]byte, error) {
	if len(r.DeliveryDetails) > 0 && !json.Valid(r.DeliveryDetails) {
		return nil, errors.New("hubble: deliveryDetails is not valid JSON")
	}
	return json.Marshal(struct {
		ProductID           string               `json:"productId"`
		ReferenceID         string               `json:"referenceId"`
		Amount              wire.Decimal         `json:"amount"`
		DenominationDetails []DenominationDetail `json:"denominationDetails"`
		CustomerDetails     *CustomerDetails     `json:"customerDetails,omitempty"`
		DeliveryDetails     json.RawMessage      `json:"deliveryDetails,omitempty"`
	}{r.ProductID, r.ReferenceID, wire.D(r.Amount), r.DenominationDetails, r.CustomerDetails, r.DeliveryDetails})
}

// Total returns Σ denomination × quantity.
func (r OrderRequest) Total() decimal.Decimal {
	var t decimal.Decimal
	for _, d := range r.DenominationDetails {
		t = t.Add(d.Denomination.Mul(decimal.NewFromInt(int64(d.Quantity))))
	}
	return t
}

// Balance is the answer of GET /v1/partners/wallet/balance, in rupees (the
// client's currency).
type Balance struct {
	Balance decimal.Decimal `json:"balance"` // what the wallet holds
}

// UnmarshalJSON reads the balance, which must be there: an answer without
// one ({}, or "balance": null) is an error, never a zero balance.
func (b *Balance) UnmarshalJSON(data []byte) error {
	var w struct {
		Balance wire.Decimal `json:"balance"`
	}
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	if !w.Balance.Valid {
		return errors.New("hubble: the answer has no balance")
	}
	b.Balance = w.Balance.V
	return nil
}

// MarshalJSON writes the balance as a JSON number.
func (b Balance) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Balance wire.Decimal `json:"balance"`
	}{wire.D(b.Balance)})
}

// LoginRequest is the body of POST /v1/partners/auth/login. The client
// sends it itself; it is exported for sandboxes and tests.
type LoginRequest struct {
	ClientID     string          `json:"clientId"`     // Config.ClientID
	ClientSecret giftcard.Secret `json:"clientSecret"` // Config.ClientSecret (printed masked)
}

// LogValue makes slog print the request with the secret masked.
func (r LoginRequest) LogValue() slog.Value {
	return slog.GroupValue(slog.String("client_id", r.ClientID), slog.Any("client_secret", r.ClientSecret))
}

// LoginResponse is the login answer: a bearer token and its lifetime.
type LoginResponse struct {
	Token         giftcard.Secret `json:"token"`         // the bearer token (printed masked)
	ExpiresInSecs int64           `json:"expiresInSecs"` // its lifetime in seconds
}

// LogValue makes slog print the answer with the token masked.
func (r LoginResponse) LogValue() slog.Value {
	return slog.GroupValue(slog.Any("token", r.Token), slog.Int64("expires_in_secs", r.ExpiresInSecs))
}

// Cursor is the position of the next page of the product list.
type Cursor struct {
	PageNo int `json:"pageNo"` // the page to ask for next, counted from 1
	Limit  int `json:"limit"`  // the items per page
}

// BrandPage is one page of GET /v1/partners/products. Hubble answers
// {"data":[…],"nextCursor":{…}}; a bare array of brands is accepted too
// (NextCursor is then nil). An answer with neither an array nor a "data"
// member ({}) is an error, never an empty catalog.
type BrandPage struct {
	Data       []Brand `json:"data"`       // the brands of this page
	NextCursor *Cursor `json:"nextCursor"` // the next page; nil on the last one
	bare       bool    // the answer was a bare array
}

// UnmarshalJSON accepts both the envelope and a bare array.
func (p *BrandPage) UnmarshalJSON(b []byte) error {
	if t := bytes.TrimLeft(b, " \t\r\n"); len(t) > 0 && t[0] == '[' {
		var list []Brand
		if err := json.Unmarshal(b, &list); err != nil {
			return err
		}
		*p = BrandPage{Data: list, bare: true}
		return nil
	}
	var v struct {
		Data       *json.RawMessage `json:"data"`
		NextCursor *Cursor          `json:"nextCursor"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	if v.Data == nil {
		return errors.New("hubble: the product list has no data")
	}
	*p = BrandPage{NextCursor: v.NextCursor}
	return json.Unmarshal(*v.Data, &p.Data)
}

// ErrorResponse is Hubble's error body. The client keeps ID (the E-code),
// Message and RequestID on the *giftcard.Error it returns, and attaches the
// whole body as its cause, so errors.As(err, &*hubble.ErrorResponse) reaches
// it (DebugMessage and SubErrors included) on every error Hubble answered
// with its error body, in a 2xx or not.
type ErrorResponse struct {
	ID           string     `json:"id"`                     // E001, E100 … E300
	Code         string     `json:"code"`                   // machine-readable, e.g. RESOURCE_NOT_FOUND
	Message      string     `json:"message"`                // human-readable
	RequestID    string     `json:"requestId"`              // Hubble's id of the request, for support
	DebugMessage string     `json:"debugMessage,omitempty"` // more detail, when Hubble gives it
	SubErrors    []SubError `json:"subErrors,omitempty"`    // one per field refused
}

// SubError is a field-level validation error.
type SubError struct {
	FieldName    string `json:"fieldName"`              // the request field refused
	Message      string `json:"message"`                // why
	DebugMessage string `json:"debugMessage,omitempty"` // more detail, when given
}

// Error renders the detail beyond code and message: the debug message and
// the field errors.
func (e *ErrorResponse) Error() string {
	var parts []string
	if e.DebugMessage != "" {
		parts = append(parts, e.DebugMessage)
	}
	for _, s := range e.SubErrors {
		p := s.FieldName + ": " + s.Message
		if s.DebugMessage != "" {
			p += " (" + s.DebugMessage + ")"
		}
		parts = append(parts, p)
	}
	if len(parts) == 0 {
		return "hubble error " + e.ID
	}
	return strings.Join(parts, "; ")
}

// limit is an optional amount on the wire: absent when zero.
func limit(d decimal.Decimal) wire.Decimal {
	if d.IsZero() {
		return wire.Decimal{}
	}
	return wire.D(d)
}

// numbers writes amounts as JSON numbers (nil stays nil).
func numbers(ds []decimal.Decimal) []wire.Decimal {
	if ds == nil {
		return nil
	}
	out := make([]wire.Decimal, len(ds))
	for i, d := range ds {
		out[i] = wire.D(d)
	}
	return out
}

// decimals reads amounts (nil stays nil).
func decimals(ws []wire.Decimal) []decimal.Decimal {
	if ws == nil {
		return nil
	}
	out := make([]decimal.Decimal, len(ws))
	for i, w := range ws {
		out[i] = w.V
	}
	return out
}

// orNull is s on the wire, or null when empty.
func orNull(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// formatMasked prints s, a type's masked String, for every fmt verb: %q
// quotes it, %x and %X hex-encode it, any other verb writes it as is. A
// type holding a secret in a field fmt could walk (Raw, a credential) gets a
// Format method calling it.
//
// KIT-CANDIDATE: every provider's types holding secrets need it
// (giftcard.Order.Format is the same); an internal helper would serve all.
func formatMasked(f fmt.State, verb rune, s string) {
	switch verb {
	case 'q', 'x', 'X':
		_, _ = fmt.Fprintf(f, fmt.FormatString(f, verb), s)
	default:
		_, _ = io.WriteString(f, s)
	}
}
