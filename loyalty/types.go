package loyalty

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/wire"
)

// EntryType is how the card's accountId was read at the point of sale.
type EntryType string

// The documented entry types; any other value is refused before the network.
const (
	EntryBarcode   EntryType = "B" // scanned barcode
	EntryKeyed     EntryType = "K" // typed in by hand
	EntryMagnetic  EntryType = "M" // magnetic stripe
	EntryProximity EntryType = "P" // NFC / contactless
)

// YesNo is a "Y"/"N" flag, as activating and isMobile travel.
type YesNo string

// The two values of a YesNo.
const (
	Yes YesNo = "Y"
	No  YesNo = "N"
)

// Points is a number of loyalty points: a count, never money. It travels
// as a JSON string of digits ("100"), and is read from a string or a number.
type Points int64

// String renders the count ("100").
func (p Points) String() string { return strconv.FormatInt(int64(p), 10) }

// MarshalJSON writes the count as a JSON string, as the API sends points.
func (p Points) MarshalJSON() ([]byte, error) { return []byte(`"` + p.String() + `"`), nil }

// UnmarshalJSON reads a whole number from a JSON string or number; a
// fraction is an error, never rounded.
func (p *Points) UnmarshalJSON(b []byte) error {
	var n wire.Int
	if err := n.UnmarshalJSON(b); err != nil {
		return fmt.Errorf("loyalty: points: %w", err)
	}
	*p = Points(n)
	return nil
}

// Result is the immediate outcome of a money or points operation.
type Result int

// The documented results. Unknown values are kept as sent.
const (
	ResultSuccess  Result = 0 // done
	ResultDeclined Result = 1 // "Failure": the client returns an error instead
	ResultPending  Result = 2 // "Pending / In Progress": accepted, not final
)

// String names the result ("success", "declined", "pending", or the number).
func (r Result) String() string {
	switch r {
	case ResultSuccess:
		return "success"
	case ResultDeclined:
		return "declined"
	case ResultPending:
		return "pending"
	}
	return strconv.Itoa(int(r))
}

// CustomerType says who the customer of a card is.
type CustomerType string

// The documented customer types.
const (
	CustomerPrimary   CustomerType = "1" // primary account holder
	CustomerAlternate CustomerType = "2" // alternate
	CustomerGiver     CustomerType = "3" // giver of the card
)

// Pref is a contact preference.
type Pref string

// The documented preferences.
const (
	OptIn  Pref = "I"
	OptOut Pref = "O"
)

// Gender is the customer's gender as the API records it.
type Gender string

// The documented genders.
const (
	Male   Gender = "M"
	Female Gender = "F"
)

// CustomerInfo is the customer associated with a card (public docs): sent
// with Activate, returned by Activate and Query. Every field is a string
// on the wire; the SDK sends every field, empty ones as "" (as the docs'
// example does with anniversary).
type CustomerInfo struct {
	CustomerType CustomerType `json:"customerType"` // 1 primary, 2 alternate, 3 giver
	FirstName    string       `json:"firstName"`    // given name
	MiddleName   string       `json:"middleName"`   // middle name
	LastName     string       `json:"lastName"`     // family name
	Address1     string       `json:"address1"`     // primary address line
	Address2     string       `json:"address2"`     // secondary address line
	City         string       `json:"city"`         // city or town
	State        string       `json:"state"`        // state or province
	Postal       string       `json:"postal"`       // postal code
	Country      string       `json:"country"`      // ISO 3166-1 alpha-2 ("US")
	MailPref     Pref         `json:"mailPref"`     // opted in or out of mail
	// Phone is in the documented form +CCC AAA LLL LLL xEEEE.
	Phone       string `json:"phone"`
	IsMobile    YesNo  `json:"isMobile"`    // whether Phone is a mobile number
	PhonePref   Pref   `json:"phonePref"`   // opted in or out of calls and texts
	Email       string `json:"email"`       // email address
	EmailPref   Pref   `json:"emailPref"`   // opted in or out of email
	Birthday    string `json:"birthday"`    // YYYYMMDD
	Anniversary string `json:"anniversary"` // YYYYMMDD
	Gender      Gender `json:"gender"`      // M, F or empty
}

// The valueCode of a points balance; a money balance has its currency code.
const ValueCodePoints = "Points"

// Balance is one kind of value held on a card: money in a currency
// (ValueCode "USD") or loyalty points (ValueCode "Points").
type Balance struct {
	ValueCode string          // a currency code, or "Points"
	Amount    decimal.Decimal // the total held
	// Difference is the change the operation made, as the provider reports it.
	Difference decimal.Decimal
}

type balanceJSON struct {
	ValueCode  wire.String  `json:"valueCode"`
	Amount     wire.Decimal `json:"amount"`
	Difference wire.Decimal `json:"difference"`
}

// MarshalJSON writes {"valueCode", "amount", "difference"} with the amounts
// as JSON numbers in their exact digits (the docs type them Decimal).
func (b Balance) MarshalJSON() ([]byte, error) {
	return json.Marshal(balanceJSON{ValueCode: wire.String(b.ValueCode), Amount: dec(b.Amount), Difference: dec(b.Difference)})
}

// UnmarshalJSON reads amounts from JSON numbers or strings, without float64.
func (b *Balance) UnmarshalJSON(data []byte) error {
	var w balanceJSON
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	*b = Balance{ValueCode: string(w.ValueCode), Amount: w.Amount.V, Difference: w.Difference.V}
	return nil
}

// dec is d as a wire.Decimal: absent when d is the zero Decimal value (never
// set), so a field that was not sent is not written back as 0.
func dec(d decimal.Decimal) wire.Decimal {
	if d == (decimal.Decimal{}) {
		return wire.Decimal{}
	}
	return wire.D(d)
}

// IsPoints reports whether the balance counts loyalty points.
func (b Balance) IsPoints() bool { return strings.EqualFold(b.ValueCode, ValueCodePoints) }

// Money is a currency balance as Money; ok is false for points or a value
// code that is not a currency.
func (b Balance) Money() (m giftcard.Money, ok bool) {
	if b.IsPoints() {
		return giftcard.Money{}, false
	}
	m, err := giftcard.NewMoney(b.Amount, b.ValueCode)
	return m, err == nil
}

// Card is what Activate and Query answer: the card, its balances and its
// customer.
type Card struct {
	AccountID    giftcard.Secret // the card number (printed masked)
	Balances     []Balance       // one per currency, and one of points (see Cash and Points)
	CustomerInfo *CustomerInfo   // the card's customer; nil when the answer has none
	// Raw is the data object exactly as received.
	Raw json.RawMessage
}

type cardJSON struct {
	AccountID    wire.String   `json:"accountId"`
	Balances     []Balance     `json:"balances"`
	CustomerInfo *CustomerInfo `json:"customerInfo,omitempty"`
}

// MarshalJSON writes the data object {"accountId", "balances", "customerInfo"}.
func (c Card) MarshalJSON() ([]byte, error) {
	return json.Marshal(cardJSON{AccountID: wire.String(c.AccountID.Reveal()), Balances: c.Balances, CustomerInfo: c.CustomerInfo})
}

// UnmarshalJSON reads the data object and keeps it in Raw.
func (c *Card) UnmarshalJSON(data []byte) error {
	var w cardJSON
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	*c = Card{AccountID: giftcard.Secret(w.AccountID), Balances: w.Balances, CustomerInfo: w.CustomerInfo,
		Raw: append(json.RawMessage(nil), data...)}
	return nil
}

// String describes the card with its number masked and without Raw (which
// holds the number in clear): "loyalty.Card{AccountID:****8515 Balances:[100.00 USD 500 Points]}".
func (c Card) String() string {
	var b strings.Builder
	b.WriteString("loyalty.Card{AccountID:")
	b.WriteString(c.AccountID.String())
	b.WriteString(" Balances:[")
	for i, bal := range c.Balances {
		if i > 0 {
			b.WriteString(" ")
		}
		if m, ok := bal.Money(); ok {
			b.WriteString(m.String())
		} else {
			b.WriteString(bal.Amount.String() + " " + bal.ValueCode)
		}
	}
	b.WriteString("]")
	if c.CustomerInfo != nil {
		b.WriteString(" CustomerInfo:set")
	}
	b.WriteString("}")
	return b.String()
}

// GoString is String.
func (c Card) GoString() string { return c.String() }

// Format prints String for every verb.
func (c Card) Format(f fmt.State, _ rune) { _, _ = fmt.Fprint(f, c.String()) }

// LogValue makes slog print String (slog's JSON handler would otherwise
// marshal the card, number included).
func (c Card) LogValue() slog.Value { return slog.StringValue(c.String()) }

// Cash returns the card's balance in currency ("USD"); ok is false when the
// card reports none.
func (c Card) Cash(currency string) (m giftcard.Money, ok bool) {
	for _, b := range c.Balances {
		if m, ok := b.Money(); ok && strings.EqualFold(m.Currency, currency) {
			return m, true
		}
	}
	return giftcard.Money{}, false
}

// Points returns the card's points balance; ok is false when the card
// reports none or it is not a whole number.
func (c Card) Points() (p Points, ok bool) {
	for _, b := range c.Balances {
		if b.IsPoints() && b.Amount.Equal(b.Amount.Truncate(0)) && b.Amount.BigInt().IsInt64() {
			return Points(b.Amount.IntPart()), true
		}
	}
	return 0, false
}

// Transaction is what every money and points operation answers: top-up,
// pay, void, issue and redeem points, add tip.
type Transaction struct {
	Mid         string // the merchant id
	PaywizardID string // the platform's id for the transaction
	// CheckoutID is the platform's transaction id: void it, or tip it, by
	// passing it as OriOrderNo.
	CheckoutID     string
	TransIndexCode string // the platform's transaction reference code
	// Amount is the amount field as the provider sent it: currency units for
	// top-up, pay and tip, a count of points for the points operations (see
	// Money and Points). The SDK does not check it against the request: the
	// public docs' own Pay example answers "10000" to a pay of "10.50".
	Amount decimal.Decimal
	// Result is success or pending; a declined transaction is returned as an
	// error (see APIError.Transaction).
	Result Result
	// OriCheckoutID identifies the voided transaction (Void only).
	OriCheckoutID string
	// OriTransIndexCode is the voided transaction's reference code (Void
	// only).
	OriTransIndexCode string

	// TranOrderNo is the order number this client sent (generated when the
	// request had none): the key to resend the request with. Not part of
	// the payload.
	TranOrderNo string
	// Currency is the currency of Amount for top-up, pay and tip (the
	// tranCurrency sent, or the client's); empty for points and void. Not
	// part of the payload.
	Currency string
	// Raw is the data object exactly as received.
	Raw json.RawMessage
}

// txWire is the transaction data object as it travels; the client decodes
// answers straight into it (one pass) and converts.
type txWire struct {
	Mid               wire.String        `json:"mid"`
	PaywizardID       wire.String        `json:"paywizardId"`
	CheckoutID        wire.String        `json:"checkoutId"`
	TransIndexCode    wire.String        `json:"transIndexCode"`
	Amount            wire.DecimalString `json:"amount,omitzero"`
	Result            *wire.Int          `json:"result"`
	OriCheckoutID     wire.String        `json:"oriCheckoutId,omitempty"`
	OriTransIndexCode wire.String        `json:"oriTransIndexCode,omitempty"`
	Raw               json.RawMessage    `json:"-"`
}

// transaction converts; a missing result is an error: without it the
// outcome is unknown.
func (w *txWire) transaction() (Transaction, error) {
	if w.Result == nil {
		return Transaction{}, errNoResult
	}
	return Transaction{
		Mid: string(w.Mid), PaywizardID: string(w.PaywizardID), CheckoutID: string(w.CheckoutID),
		TransIndexCode: string(w.TransIndexCode), Amount: w.Amount.V, Result: Result(*w.Result),
		OriCheckoutID: string(w.OriCheckoutID), OriTransIndexCode: string(w.OriTransIndexCode), Raw: w.Raw,
	}, nil
}

// MarshalJSON writes the data object, the amount as a decimal string.
func (t Transaction) MarshalJSON() ([]byte, error) {
	r := wire.Int(t.Result)
	w := txWire{
		Mid: wire.String(t.Mid), PaywizardID: wire.String(t.PaywizardID), CheckoutID: wire.String(t.CheckoutID),
		TransIndexCode: wire.String(t.TransIndexCode), Result: &r,
		OriCheckoutID: wire.String(t.OriCheckoutID), OriTransIndexCode: wire.String(t.OriTransIndexCode),
	}
	if t.Amount != (decimal.Decimal{}) {
		w.Amount = wire.DS(t.Amount)
	}
	return json.Marshal(w)
}

// UnmarshalJSON reads the data object leniently (ids as strings or numbers,
// the amount as a string or number, result as a number or a string holding
// one) and keeps it in Raw. A missing result is an error: without it the
// outcome is unknown.
func (t *Transaction) UnmarshalJSON(data []byte) error {
	var w txWire
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	w.Raw = append(json.RawMessage(nil), data...)
	v, err := w.transaction()
	if err != nil {
		return err
	}
	*t = v
	return nil
}

type decodeErr string

func (e decodeErr) Error() string { return string(e) }

const errNoResult = decodeErr(`loyalty: the transaction has no "result"`)

// Pending reports whether the platform has not finished the transaction.
func (t Transaction) Pending() bool { return t.Result == ResultPending }

// Money is Amount in Currency (zero Money for points and void).
func (t Transaction) Money() giftcard.Money {
	if t.Currency == "" {
		return giftcard.Money{}
	}
	return giftcard.Money{Amount: t.Amount, Currency: t.Currency}
}

// Points is Amount as a count of points; ok is false when it is not a
// whole number.
func (t Transaction) Points() (p Points, ok bool) {
	if !t.Amount.Equal(t.Amount.Truncate(0)) || !t.Amount.BigInt().IsInt64() {
		return 0, false
	}
	return Points(t.Amount.IntPart()), true
}

// AccessToken is one token the token endpoint lists. Token is a
// giftcard.Secret: fmt and slog print it masked.
type AccessToken struct {
	Token        giftcard.Secret // the token, sent as jwt-token (printed masked)
	MerchantID   string          // the merchant it was issued to
	MerchantName string          // that merchant's name
	// Type is "eCommerce" (the one this API takes) or "Terminal".
	Type        string
	ChannelName string // the channel it was issued for
	// ExpiryTime is the lifetime in seconds; -1 means it does not expire.
	ExpiryTime int64
}

type accessTokenJSON struct {
	Token        giftcard.Secret `json:"token"`
	MerchantID   wire.String     `json:"merchantId"`
	MerchantName wire.String     `json:"merchantName"`
	Type         wire.String     `json:"type"`
	ChannelName  wire.String     `json:"channelName"`
	ExpiryTime   wire.Int        `json:"expiryTime"`
}

// MarshalJSON writes the token object, the token in clear (JSON is how it
// reaches its user; fmt and slog mask it).
func (a AccessToken) MarshalJSON() ([]byte, error) {
	return json.Marshal(accessTokenJSON{Token: a.Token, MerchantID: wire.String(a.MerchantID), MerchantName: wire.String(a.MerchantName),
		Type: wire.String(a.Type), ChannelName: wire.String(a.ChannelName), ExpiryTime: wire.Int(a.ExpiryTime)})
}

// UnmarshalJSON reads the token object; expiryTime may be a number or a
// string holding one.
func (a *AccessToken) UnmarshalJSON(data []byte) error {
	var w accessTokenJSON
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	*a = AccessToken{Token: w.Token, MerchantID: string(w.MerchantID), MerchantName: string(w.MerchantName),
		Type: string(w.Type), ChannelName: string(w.ChannelName), ExpiryTime: int64(w.ExpiryTime)}
	return nil
}

// LogValue makes slog print the token masked (slog's JSON handler would
// otherwise marshal it in clear).
func (a AccessToken) LogValue() slog.Value {
	return slog.GroupValue(slog.Any("token", a.Token), slog.String("merchant_id", a.MerchantID),
		slog.String("type", a.Type), slog.String("channel_name", a.ChannelName), slog.Int64("expiry_time", a.ExpiryTime))
}

// TokenTypeECommerce is the token type the loyalty API takes.
const TokenTypeECommerce = "eCommerce"
