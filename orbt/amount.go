package orbt

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/giftcard-go/giftcard"
)

// jsonAmount is an exact decimal that travels as a bare JSON number
// (initialFunds, amount) with a fixed number of fraction digits, so 100.00
// is sent as 100.00, not "100.00", 100, or a float's 100.00000000000001.
// It decodes JSON numbers (and, leniently, numeric strings) straight into
// the decimal, never through float64, and remembers how many fraction
// digits it was written with.
type jsonAmount struct {
	Value decimal.Decimal
	// Places is how many fraction digits MarshalJSON writes. Negative means
	// the decimal's own (100.00 → 2, 15 → 0).
	Places int32
}

// newAmount returns d written with its own fraction digits.
func newAmount(d decimal.Decimal) jsonAmount { return jsonAmount{Value: d, Places: -1} }

// places is the number of fraction digits written.
func (a jsonAmount) places() int32 {
	if a.Places >= 0 {
		return a.Places
	}
	if e := a.Value.Exponent(); e < 0 {
		return -e
	}
	return 0
}

// String returns the JSON text of the amount.
func (a jsonAmount) String() string { return a.Value.StringFixed(a.places()) }

// MarshalJSON writes the amount as an unquoted JSON number.
func (a jsonAmount) MarshalJSON() ([]byte, error) { return []byte(a.String()), nil }

// UnmarshalJSON reads a JSON number (or a numeric string) exactly.
func (a *jsonAmount) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		*a = jsonAmount{Places: -1}
		return nil
	}
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' {
		b = b[1 : len(b)-1]
	}
	d, err := decimal.NewFromString(string(b))
	if err != nil {
		return fmt.Errorf("orbt: amount %.40q is not a decimal number", b)
	}
	*a = jsonAmount{Value: d, Places: -1}
	return nil
}

// currencyAmount fixes an amount to its currency's fraction digits for the
// wire, refusing one finer than the currency allows (10.005 USD). A currency
// the SDK does not know keeps the decimal's own digits.
func currencyAmount(field string, d decimal.Decimal, currency string) (jsonAmount, error) {
	exp, ok := giftcard.CurrencyExponent(currency)
	if !ok {
		return newAmount(d), nil
	}
	if _, err := (giftcard.Money{Amount: d, Currency: currency}).Minor(); err != nil {
		reason := err.Error()
		var ve *giftcard.ValidationError
		if errors.As(err, &ve) {
			reason = ve.Reason
		}
		return jsonAmount{}, invalid(field, reason)
	}
	return jsonAmount{Value: d, Places: int32(exp)}, nil
}
