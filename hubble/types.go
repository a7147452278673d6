package hubble

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/giftcard-go/giftcard"
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

type amountRestrictionsWire struct {
	MinOrderAmount             *decimal.Decimal  `json:"minOrderAmount,omitempty"`
	MaxOrderAmount             *decimal.Decimal  `json:"maxOrderAmount,omitempty"`
	MinVoucherAmount           *decimal.Decimal  `json:"minVoucherAmount,omitempty"`
	MaxVoucherAmount           *decimal.Decimal  `json:"maxVoucherAmount,omitempty"`
	MaxVouchersPerOrder        *int              `json:"maxVouchersPerOrder,omitempty"`
	MaxVouchersPerDenomination *int              `json:"maxVouchersPerDenomination,omitempty"`
	MaxDenominationsPerOrder   *int              `json:"maxDenominationsPerOrder,omitempty"`
	Denominations              []decimal.Decimal `json:"denominations"`
	MinAmount                  *decimal.Decimal  `json:"minAmount,omitempty"`
	MaxAmount                  *decimal.Decimal  `json:"maxAmount,omitempty"`
}

// UnmarshalJSON reads the restrictions, falling back to the deprecated
// minAmount/maxAmount when minOrderAmount/maxOrderAmount are absent.
func (a *AmountRestrictions) UnmarshalJSON(b []byte) error {
	var w amountRestrictionsWire
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*a = AmountRestrictions{
		MinOrderAmount: decOr(w.MinOrderAmount, w.MinAmount), MaxOrderAmount: decOr(w.MaxOrderAmount, w.MaxAmount),
		MinVoucherAmount: decOr(w.MinVoucherAmount, nil), MaxVoucherAmount: decOr(w.MaxVoucherAmount, nil),
		MaxVouchersPerOrder: intOr(w.MaxVouchersPerOrder), MaxVouchersPerDenomination: intOr(w.MaxVouchersPerDenomination),
		MaxDenominationsPerOrder: intOr(w.MaxDenominationsPerOrder), Denominations: w.Denominations,
		MinAmount: decOr(w.MinAmount, nil), MaxAmount: decOr(w.MaxAmount, nil),
	}
	return nil
}

// MarshalJSON writes the restrictions with amounts as JSON numbers; zero
// (absent) limits and a nil Denominations (FLEXIBLE) are left out.
func (a AmountRestrictions) MarshalJSON() ([]byte, error) {
	var b jsonObject
	b.num("minOrderAmount", a.MinOrderAmount, true)
	b.num("maxOrderAmount", a.MaxOrderAmount, true)
	b.num("minVoucherAmount", a.MinVoucherAmount, true)
	b.num("maxVoucherAmount", a.MaxVoucherAmount, true)
	b.int("maxVouchersPerOrder", a.MaxVouchersPerOrder, true)
	b.int("maxVouchersPerDenomination", a.MaxVouchersPerDenomination, true)
	b.int("maxDenominationsPerOrder", a.MaxDenominationsPerOrder, true)
	if a.Denominations != nil {
		b.nums("denominations", a.Denominations)
	}
	b.num("minAmount", a.MinAmount, true)
	b.num("maxAmount", a.MaxAmount, true)
	return b.done(), nil
}

// HowToUse is one set of brand-specific redemption steps.
type HowToUse struct {
	RetailMode     string   `json:"retailMode"`     // ONLINE / OFFLINE: for your logic
	RetailModeName string   `json:"retailModeName"` // the user-facing label
	Instructions   []string `json:"instructions,omitempty"`
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
// replacements of deprecated fields from them when they are absent.
func (b *Brand) UnmarshalJSON(data []byte) error {
	type plain Brand
	var p plain
	if err := json.Unmarshal(data, &p); err != nil {
		return err
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
	var b jsonObject
	if v.ID != "" {
		b.str("id", v.ID)
	}
	b.str("cardType", string(v.CardType))
	b.strOrNull("cardPin", v.CardPin.Reveal())
	b.strOrNull("cardNumber", v.CardNumber.Reveal())
	b.strOrNull("validTill", v.ValidTill)
	b.num("amount", v.Amount, false)
	return b.done(), nil
}

// String prints the voucher with its credentials masked.
func (v Voucher) String() string {
	return fmt.Sprintf("hubble.Voucher{ID:%s CardType:%s CardNumber:%s CardPin:%s ValidTill:%s Amount:%s}",
		v.ID, v.CardType, v.CardNumber, v.CardPin, v.ValidTill, v.Amount)
}

// GoString prints the voucher masked for %#v.
func (v Voucher) GoString() string { return v.String() }

// LogValue makes slog (any handler, JSON included) print the voucher masked.
func (v Voucher) LogValue() slog.Value {
	return slog.GroupValue(slog.String("id", v.ID), slog.String("card_type", string(v.CardType)),
		slog.Any("card_number", v.CardNumber), slog.Any("card_pin", v.CardPin),
		slog.String("valid_till", v.ValidTill), slog.String("amount", v.Amount.String()))
}

// Order is Hubble's order object.
type Order struct {
	ID            string      `json:"id"`            // Hubble's order id
	ReferenceID   string      `json:"referenceId"`   // your idempotency key
	Status        OrderStatus `json:"status"`        // SUCCESS, PROCESSING, FAILED, CANCELLED, REVERSED or another
	Vouchers      []Voucher   `json:"vouchers"`      // empty unless SUCCESS
	FailureReason string      `json:"failureReason"` // empty (null) unless FAILED
	// Raw is the order exactly as Hubble sent it. It holds unmasked voucher
	// credentials; String, GoString and LogValue never print it.
	Raw json.RawMessage `json:"-"`
}

// UnmarshalJSON decodes an order and keeps the raw bytes.
func (o *Order) UnmarshalJSON(data []byte) error {
	type plain Order
	var p plain
	if err := json.Unmarshal(data, &p); err != nil {
		return err
	}
	*o = Order(p)
	o.Raw = append(json.RawMessage(nil), data...)
	return nil
}

// MarshalJSON writes the order as Hubble does (failureReason null when
// empty).
func (o Order) MarshalJSON() ([]byte, error) {
	var b jsonObject
	b.str("id", o.ID)
	b.str("referenceId", o.ReferenceID)
	b.str("status", string(o.Status))
	if err := b.value("vouchers", o.Vouchers); err != nil {
		return nil, err
	}
	b.strOrNull("failureReason", o.FailureReason)
	return b.done(), nil
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

// LogValue makes slog print the order masked and without Raw.
func (o Order) LogValue() slog.Value {
	return slog.GroupValue(slog.String("id", o.ID), slog.String("reference_id", o.ReferenceID),
		slog.String("status", string(o.Status)), slog.Int("vouchers", len(o.Vouchers)),
		slog.String("failure_reason", o.FailureReason))
}

// DenominationDetail is one face value and how many vouchers of it.
type DenominationDetail struct {
	Denomination decimal.Decimal `json:"denomination"`
	Quantity     int             `json:"quantity"`
}

// MarshalJSON writes the denomination as a JSON number.
func (d DenominationDetail) MarshalJSON() ([]byte, error) {
	var b jsonObject
	b.num("denomination", d.Denomination, false)
	b.int("quantity", d.Quantity, false)
	return b.done(), nil
}

// CustomerDetails identifies the end customer: required for B2C orders,
// nullable for B2B.
type CustomerDetails struct {
	Name        string `json:"name,omitempty"`
	PhoneNumber string `json:"phoneNumber,omitempty"`
	Email       string `json:"email,omitempty"`
}

// OrderRequest is the body of POST /v1/partners/orders.
type OrderRequest struct {
	ProductID string `json:"productId"`
	// ReferenceID is your idempotency key: at most 40 characters, globally
	// unique, consumed even by a FAILED order. Empty means the client
	// generates one (returned on the Order).
	ReferenceID string `json:"referenceId"`
	// Amount must equal Σ denomination × quantity.
	Amount              decimal.Decimal      `json:"amount"`
	DenominationDetails []DenominationDetail `json:"denominationDetails"`
	CustomerDetails     *CustomerDetails     `json:"customerDetails,omitempty"`
	// DeliveryDetails is sent as is when set: only for partners whose
	// vouchers Hubble delivers, under a separate agreement whose schema the
	// public docs do not publish.
	DeliveryDetails json.RawMessage `json:"deliveryDetails,omitempty"`
}

// MarshalJSON writes the request with amounts as JSON numbers.
func (r OrderRequest) MarshalJSON() ([]byte, error) {
	var b jsonObject
	b.str("productId", r.ProductID)
	b.str("referenceId", r.ReferenceID)
	b.num("amount", r.Amount, false)
	if err := b.value("denominationDetails", r.DenominationDetails); err != nil {
		return nil, err
	}
	if r.CustomerDetails != nil {
		if err := b.value("customerDetails", r.CustomerDetails); err != nil {
			return nil, err
		}
	}
	if len(r.DeliveryDetails) > 0 {
		if !json.Valid(r.DeliveryDetails) {
			return nil, fmt.Errorf("hubble: deliveryDetails is not valid JSON")
		}
		b.raw("deliveryDetails", r.DeliveryDetails)
	}
	return b.done(), nil
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
	Balance decimal.Decimal `json:"balance"`
}

// MarshalJSON writes the balance as a JSON number.
func (b Balance) MarshalJSON() ([]byte, error) {
	var o jsonObject
	o.num("balance", b.Balance, false)
	return o.done(), nil
}

// LoginRequest is the body of POST /v1/partners/auth/login. The client
// sends it itself; it is exported for sandboxes and tests.
type LoginRequest struct {
	ClientID     string          `json:"clientId"`
	ClientSecret giftcard.Secret `json:"clientSecret"`
}

// LogValue makes slog print the request with the secret masked.
func (r LoginRequest) LogValue() slog.Value {
	return slog.GroupValue(slog.String("client_id", r.ClientID), slog.Any("client_secret", r.ClientSecret))
}

// LoginResponse is the login answer: a bearer token and its lifetime.
type LoginResponse struct {
	Token         giftcard.Secret `json:"token"`
	ExpiresInSecs int64           `json:"expiresInSecs"`
}

// LogValue makes slog print the answer with the token masked.
func (r LoginResponse) LogValue() slog.Value {
	return slog.GroupValue(slog.Any("token", r.Token), slog.Int64("expires_in_secs", r.ExpiresInSecs))
}

// Cursor is the position of the next page of the product list.
type Cursor struct {
	PageNo int `json:"pageNo"`
	Limit  int `json:"limit"`
}

// BrandPage is one page of GET /v1/partners/products. Hubble answers
// {"data":[…],"nextCursor":{…}}; a bare array of brands is accepted too
// (NextCursor is then nil).
type BrandPage struct {
	Data       []Brand `json:"data"`
	NextCursor *Cursor `json:"nextCursor"`
	bare       bool    // the answer was a bare array
}

// UnmarshalJSON accepts both the envelope and a bare array.
func (p *BrandPage) UnmarshalJSON(b []byte) error {
	if isBareArray(b) {
		var list []Brand
		if err := json.Unmarshal(b, &list); err != nil {
			return err
		}
		*p = BrandPage{Data: list, bare: true}
		return nil
	}
	var v struct {
		Data       []Brand `json:"data"`
		NextCursor *Cursor `json:"nextCursor"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*p = BrandPage{Data: v.Data, NextCursor: v.NextCursor}
	return nil
}

// ErrorResponse is Hubble's error body. The client keeps ID (the E-code),
// Message and RequestID on the *giftcard.Error it returns, and attaches the
// whole body as its cause when DebugMessage or SubErrors carry more, so
// errors.As(err, &*hubble.ErrorResponse) reaches them.
type ErrorResponse struct {
	ID           string     `json:"id"`   // E001, E100 … E300
	Code         string     `json:"code"` // machine-readable, e.g. RESOURCE_NOT_FOUND
	Message      string     `json:"message"`
	RequestID    string     `json:"requestId"`
	DebugMessage string     `json:"debugMessage,omitempty"`
	SubErrors    []SubError `json:"subErrors,omitempty"`
}

// SubError is a field-level validation error.
type SubError struct {
	FieldName    string `json:"fieldName"`
	Message      string `json:"message"`
	DebugMessage string `json:"debugMessage,omitempty"`
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

func decOr(p, fallback *decimal.Decimal) decimal.Decimal {
	if p != nil {
		return *p
	}
	if fallback != nil {
		return *fallback
	}
	return decimal.Decimal{}
}

func intOr(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

// jsonObject builds a JSON object by hand, so amounts go out as JSON numbers
// (decimal.Decimal marshals to a string by default, and changing that is a
// process-wide setting the SDK must not touch).
type jsonObject struct {
	buf bytes.Buffer
}

func (o *jsonObject) key(k string) {
	if o.buf.Len() == 0 {
		o.buf.WriteByte('{')
	} else {
		o.buf.WriteByte(',')
	}
	o.buf.WriteByte('"')
	o.buf.WriteString(k)
	o.buf.WriteString(`":`)
}

func (o *jsonObject) str(k, v string) {
	o.key(k)
	if plainJSONString(v) {
		o.buf.WriteByte('"')
		o.buf.WriteString(v)
		o.buf.WriteByte('"')
		return
	}
	s, _ := json.Marshal(v)
	o.buf.Write(s)
}

// plainJSONString reports whether v needs no escaping in JSON (printable
// ASCII without quote, backslash or the characters encoding/json escapes
// for HTML), so it can be written as is.
func plainJSONString(v string) bool {
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c < 0x20 || c >= 0x7f, c == '"', c == '\\', c == '<', c == '>', c == '&':
			return false
		}
	}
	return true
}

func (o *jsonObject) strOrNull(k, v string) {
	if v == "" {
		o.key(k)
		o.buf.WriteString("null")
		return
	}
	o.str(k, v)
}

func (o *jsonObject) num(k string, d decimal.Decimal, omitZero bool) {
	if omitZero && d.IsZero() {
		return
	}
	o.key(k)
	o.buf.WriteString(d.String())
}

func (o *jsonObject) nums(k string, ds []decimal.Decimal) {
	o.key(k)
	if ds == nil {
		o.buf.WriteString("null")
		return
	}
	o.buf.WriteByte('[')
	for i, d := range ds {
		if i > 0 {
			o.buf.WriteByte(',')
		}
		o.buf.WriteString(d.String())
	}
	o.buf.WriteByte(']')
}

func (o *jsonObject) int(k string, v int, omitZero bool) {
	if omitZero && v == 0 {
		return
	}
	o.key(k)
	fmt.Fprintf(&o.buf, "%d", v)
}

func (o *jsonObject) raw(k string, v json.RawMessage) {
	o.key(k)
	o.buf.Write(v)
}

func (o *jsonObject) value(k string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	o.raw(k, b)
	return nil
}

func (o *jsonObject) done() []byte {
	if o.buf.Len() == 0 {
		return []byte("{}")
	}
	o.buf.WriteByte('}')
	return o.buf.Bytes()
}
