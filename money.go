package giftcard

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// currencyExponents holds every active ISO 4217 code with its number of
// minor-unit digits (2 for USD, 0 for JPY, 3 for KWD); -1 marks the codes
// with no minor unit (gold, SDR, the test code XTS …), which are valid codes
// that minor-unit conversion refuses. A code missing here is not a currency.
var currencyExponents = map[string]int32{
	"BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0, "PYG": 0,
	"RWF": 0, "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
	"AED": 2, "AFN": 2, "ALL": 2, "AMD": 2, "ANG": 2, "AOA": 2, "ARS": 2, "AUD": 2, "AWG": 2,
	"AZN": 2, "BAM": 2, "BBD": 2, "BDT": 2, "BGN": 2, "BMD": 2, "BND": 2, "BOB": 2, "BOV": 2,
	"BRL": 2, "BSD": 2, "BTN": 2, "BWP": 2, "BYN": 2, "BZD": 2, "CAD": 2, "CDF": 2, "CHE": 2,
	"CHF": 2, "CHW": 2, "CNY": 2, "COP": 2, "COU": 2, "CRC": 2, "CUC": 2, "CUP": 2, "CVE": 2,
	"CZK": 2, "DKK": 2, "DOP": 2, "DZD": 2, "EGP": 2, "ERN": 2, "ETB": 2, "EUR": 2, "FJD": 2,
	"FKP": 2, "GBP": 2, "GEL": 2, "GHS": 2, "GIP": 2, "GMD": 2, "GTQ": 2, "GYD": 2, "HKD": 2,
	"HNL": 2, "HTG": 2, "HUF": 2, "IDR": 2, "ILS": 2, "INR": 2, "IRR": 2, "JMD": 2, "KES": 2,
	"KGS": 2, "KHR": 2, "KPW": 2, "KYD": 2, "KZT": 2, "LAK": 2, "LBP": 2, "LKR": 2, "LRD": 2,
	"LSL": 2, "MAD": 2, "MDL": 2, "MGA": 2, "MKD": 2, "MMK": 2, "MNT": 2, "MOP": 2, "MRU": 2,
	"MUR": 2, "MVR": 2, "MWK": 2, "MXN": 2, "MXV": 2, "MYR": 2, "MZN": 2, "NAD": 2, "NGN": 2,
	"NIO": 2, "NOK": 2, "NPR": 2, "NZD": 2, "PAB": 2, "PEN": 2, "PGK": 2, "PHP": 2, "PKR": 2,
	"PLN": 2, "QAR": 2, "RON": 2, "RSD": 2, "RUB": 2, "SAR": 2, "SBD": 2, "SCR": 2, "SDG": 2,
	"SEK": 2, "SGD": 2, "SHP": 2, "SLE": 2, "SLL": 2, "SOS": 2, "SRD": 2, "SSP": 2, "STN": 2,
	"SVC": 2, "SYP": 2, "SZL": 2, "THB": 2, "TJS": 2, "TMT": 2, "TOP": 2, "TRY": 2, "TTD": 2,
	"TWD": 2, "TZS": 2, "UAH": 2, "USD": 2, "USN": 2, "UYU": 2, "UZS": 2, "VED": 2, "VES": 2,
	"WST": 2, "XCD": 2, "XCG": 2, "YER": 2, "ZAR": 2, "ZMW": 2, "ZWG": 2, "ZWL": 2,
	"BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
	"CLF": 4, "UYW": 4,
	"XAG": -1, "XAU": -1, "XBA": -1, "XBB": -1, "XBC": -1, "XBD": -1, "XDR": -1, "XPD": -1, "XPT": -1,
	"XSU": -1, "XTS": -1, "XUA": -1,
}

// CurrencyExponent reports how many minor-unit digits code has (2 for USD,
// 0 for JPY, 3 for KWD) and whether the SDK knows the currency.
func CurrencyExponent(code string) (int, bool) {
	c, err := NormalizeCurrency(code)
	if err != nil {
		return 0, false
	}
	e, ok := currencyExponents[c]
	if !ok || e < 0 {
		return 0, false
	}
	return int(e), true
}

// NormalizeCurrency upper-cases an ISO 4217 code ("usd" → "USD") and refuses
// anything that is not an active ISO 4217 code ("XYZ", "US", "dollar").
func NormalizeCurrency(code string) (string, error) {
	code = strings.TrimSpace(code)
	if len(code) != 3 {
		return "", &ValidationError{Field: "currency", Reason: fmt.Sprintf("%q is not a three-letter ISO 4217 code", code)}
	}
	var b [3]byte
	for i := 0; i < 3; i++ {
		c := code[i]
		switch {
		case c >= 'A' && c <= 'Z':
			b[i] = c
		case c >= 'a' && c <= 'z':
			b[i] = c - 'a' + 'A'
		default:
			return "", &ValidationError{Field: "currency", Reason: fmt.Sprintf("%q is not a three-letter ISO 4217 code", code)}
		}
	}
	if _, ok := currencyExponents[string(b[:])]; !ok {
		return "", &ValidationError{Field: "currency", Reason: fmt.Sprintf("%q is not an ISO 4217 currency", code)}
	}
	return string(b[:]), nil
}

// Money is an exact amount in one currency. The zero Money has no currency
// and is what IsZero reports on; arithmetic on it with a real currency adopts
// that currency.
type Money struct {
	Amount   decimal.Decimal // the exact amount, never a float
	Currency string          // upper-case ISO 4217
}

// NewMoney builds a Money, normalising the currency code.
func NewMoney(amount decimal.Decimal, currency string) (Money, error) {
	c, err := NormalizeCurrency(currency)
	if err != nil {
		return Money{}, err
	}
	return Money{Amount: amount, Currency: c}, nil
}

// ParseMoney parses a decimal string ("10.50") in currency.
func ParseMoney(amount, currency string) (Money, error) {
	d, err := decimal.NewFromString(strings.TrimSpace(amount))
	if err != nil {
		return Money{}, &ValidationError{Field: "amount", Reason: fmt.Sprintf("%q is not a decimal number", amount)}
	}
	return NewMoney(d, currency)
}

// MustParseMoney is ParseMoney for constants in programs and tests; it
// panics on invalid input.
func MustParseMoney(amount, currency string) Money {
	m, err := ParseMoney(amount, currency)
	if err != nil {
		panic(err)
	}
	return m
}

// FromMinor converts an integer count of minor units (cents) to Money using
// the currency's exponent: FromMinor(1000, "USD") is 10.00 USD.
func FromMinor(minor int64, currency string) (Money, error) {
	c, err := NormalizeCurrency(currency)
	if err != nil {
		return Money{}, err
	}
	e, ok := currencyExponents[c]
	if !ok || e < 0 {
		return Money{}, &ValidationError{Field: "currency", Reason: fmt.Sprintf("%s has no minor unit", c)}
	}
	return Money{Amount: decimal.New(minor, -e), Currency: c}, nil
}

// Minor converts m to an integer count of minor units. It fails, rather than
// rounds, when the amount has more decimal places than the currency allows
// (10.005 USD) or does not fit in an int64.
func (m Money) Minor() (int64, error) {
	e, ok := currencyExponents[m.Currency]
	if !ok || e < 0 {
		return 0, &ValidationError{Field: "currency", Reason: fmt.Sprintf("%q has no minor unit", m.Currency)}
	}
	scaled := m.Amount.Shift(e)
	if !scaled.Equal(scaled.Truncate(0)) {
		return 0, &ValidationError{Field: "amount", Reason: fmt.Sprintf("%s has more than %d decimal places for %s", m.Amount.String(), e, m.Currency)}
	}
	bi := scaled.BigInt()
	if !bi.IsInt64() {
		return 0, &ValidationError{Field: "amount", Reason: fmt.Sprintf("%s %s is out of range", m.Amount.String(), m.Currency)}
	}
	return bi.Int64(), nil
}

// IsZero reports whether the amount is zero.
func (m Money) IsZero() bool { return m.Amount.IsZero() }

// IsNegative reports whether the amount is below zero.
func (m Money) IsNegative() bool { return m.Amount.IsNegative() }

// IsPositive reports whether the amount is above zero.
func (m Money) IsPositive() bool { return m.Amount.IsPositive() }

func (m Money) same(o Money, op string) (string, error) {
	switch {
	case m.Currency == o.Currency:
		return m.Currency, nil
	case m.Currency == "" && m.Amount.IsZero():
		return o.Currency, nil
	case o.Currency == "" && o.Amount.IsZero():
		return m.Currency, nil
	}
	return "", &ValidationError{Field: "currency", Reason: fmt.Sprintf("cannot %s %s and %s", op, m.Currency, o.Currency)}
}

// Add returns m+o; mixing currencies is an error.
func (m Money) Add(o Money) (Money, error) {
	c, err := m.same(o, "add")
	if err != nil {
		return Money{}, err
	}
	return Money{Amount: m.Amount.Add(o.Amount), Currency: c}, nil
}

// Sub returns m-o; mixing currencies is an error.
func (m Money) Sub(o Money) (Money, error) {
	c, err := m.same(o, "subtract")
	if err != nil {
		return Money{}, err
	}
	return Money{Amount: m.Amount.Sub(o.Amount), Currency: c}, nil
}

// Mul returns m multiplied by a whole quantity.
func (m Money) Mul(n int64) Money {
	return Money{Amount: m.Amount.Mul(decimal.NewFromInt(n)), Currency: m.Currency}
}

// Cmp compares m and o: -1, 0 or +1. Mixing currencies is an error.
func (m Money) Cmp(o Money) (int, error) {
	if _, err := m.same(o, "compare"); err != nil {
		return 0, err
	}
	return m.Amount.Cmp(o.Amount), nil
}

// Equal reports whether m and o are the same amount in the same currency
// (10.5 USD equals 10.50 USD).
func (m Money) Equal(o Money) bool {
	return m.Currency == o.Currency && m.Amount.Equal(o.Amount)
}

// String renders "10.50 USD", padding to the currency's minor digits when
// known and never dropping precision.
func (m Money) String() string {
	amt := m.Amount.String()
	if e, ok := currencyExponents[m.Currency]; ok && e >= 0 && m.Amount.Equal(m.Amount.Truncate(e)) {
		amt = m.Amount.StringFixed(e)
	}
	if m.Currency == "" {
		return amt
	}
	return amt + " " + m.Currency
}

type moneyJSON struct {
	Amount   decimal.Decimal `json:"amount"`
	Currency string          `json:"currency"`
}

// MarshalJSON writes {"amount":"10.50","currency":"USD"}; the amount is a
// string so no JSON reader turns it into a float.
func (m Money) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Amount   string `json:"amount"`
		Currency string `json:"currency"`
	}{m.Amount.String(), m.Currency})
}

// UnmarshalJSON reads {"amount":…, "currency":…} with the amount as a JSON
// string or number, decoded straight to decimal (never through float64).
func (m *Money) UnmarshalJSON(b []byte) error {
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		*m = Money{}
		return nil
	}
	var v moneyJSON
	if err := json.Unmarshal(b, &v); err != nil {
		return fmt.Errorf("giftcard: decode money: %w", err)
	}
	if v.Currency == "" {
		*m = Money{Amount: v.Amount}
		return nil
	}
	c, err := NormalizeCurrency(v.Currency)
	if err != nil {
		return err
	}
	*m = Money{Amount: v.Amount, Currency: c}
	return nil
}
