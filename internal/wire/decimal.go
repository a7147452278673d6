package wire

import (
	"math/big"

	"github.com/shopspring/decimal"
)

// maxScale bounds the decimal exponent a value may decode with (at most 64
// fraction digits, at most 64 trailing zeros from an exponent such as 1e64).
// Money needs far less, and the bound keeps a hostile "1e-999999" from
// turning into a gigabyte of zeros when it is written back.
const maxScale = 64

// Decimal is an exact amount that travels as a bare JSON number and is
// read from a JSON number or a string holding one ("10.50"), straight from
// the literal text into a decimal.Decimal: never through float64.
//
// Valid tells an absent amount (null or "") from a zero one. A Decimal
// remembers its digits, so 10.50 is written back as 10.50 and 100 as 100;
// build one with D, or with Fixed for an exact number of decimals.
//
// The zero Decimal is absent and marshals as null; a Decimal whose V is
// not zero is written even when Valid is false, so an amount set without
// Valid is never silently dropped.
type Decimal struct {
	V     decimal.Decimal // the amount, exactly as decoded
	Valid bool            // false when the JSON value was null or ""
}

// DecimalString is a Decimal that marshals as a JSON string ("10.50"), for
// providers whose amounts are strings. It decodes exactly like Decimal, and
// converts to and from it: DecimalString(d), Decimal(ds).
type DecimalString Decimal

// D returns d as a present Decimal, written with d's own digits.
func D(d decimal.Decimal) Decimal { return Decimal{V: d, Valid: true} }

// Fixed returns d as a present Decimal written with exactly places decimals
// (Fixed(10.5, 2) is written 10.50). It never rounds: an amount with more
// significant decimals than places keeps all of them, so check precision
// (giftcard.Money.Minor) before sending. places is clamped to [0, 64].
func Fixed(d decimal.Decimal, places int32) Decimal {
	return Decimal{V: withPlaces(d, places), Valid: true}
}

// DS returns d as a present DecimalString, written with d's own digits.
func DS(d decimal.Decimal) DecimalString { return DecimalString{V: d, Valid: true} }

// FixedString returns d as a present DecimalString written with exactly
// places decimals (FixedString(10.5, 2) is "10.50"). Like Fixed it never
// rounds. places is clamped to [0, 64].
func FixedString(d decimal.Decimal, places int32) DecimalString {
	return DecimalString{V: withPlaces(d, places), Valid: true}
}

// Dec returns the amount (zero when absent).
func (d Decimal) Dec() decimal.Decimal { return d.V }

// Dec returns the amount (zero when absent).
func (d DecimalString) Dec() decimal.Decimal { return d.V }

// String returns the amount's exact digits ("10.50"), or "" when absent.
func (d Decimal) String() string {
	if d.absent() {
		return ""
	}
	return digitsOf(d.V)
}

// String returns the amount's exact digits ("10.50"), or "" when absent.
func (d DecimalString) String() string { return Decimal(d).String() }

// MarshalJSON writes the amount as a bare JSON number with its exact
// digits (10.50), or null when absent.
func (d Decimal) MarshalJSON() ([]byte, error) {
	if d.absent() {
		return []byte("null"), nil
	}
	return []byte(digitsOf(d.V)), nil
}

// MarshalJSON writes the amount as a JSON string with its exact digits
// ("10.50"), or null when absent.
func (d DecimalString) MarshalJSON() ([]byte, error) {
	if Decimal(d).absent() {
		return []byte("null"), nil
	}
	s := digitsOf(d.V)
	b := make([]byte, 0, len(s)+2)
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"'), nil
}

// UnmarshalJSON reads a JSON number, a string holding one, null or "".
func (d *Decimal) UnmarshalJSON(b []byte) error {
	v, ok, err := decodeDecimal("wire.Decimal", b)
	if err != nil {
		return err
	}
	*d = Decimal{V: v, Valid: ok}
	return nil
}

// UnmarshalJSON reads a JSON number, a string holding one, null or "".
func (d *DecimalString) UnmarshalJSON(b []byte) error {
	v, ok, err := decodeDecimal("wire.DecimalString", b)
	if err != nil {
		return err
	}
	*d = DecimalString{V: v, Valid: ok}
	return nil
}

// absent reports whether d is written as null: not Valid and nothing set.
func (d Decimal) absent() bool { return !d.Valid && d.V.IsZero() }

// decodeDecimal parses the literal text of b; ok is false for null and "".
func decodeDecimal(typ string, b []byte) (v decimal.Decimal, ok bool, err error) {
	b = trimSpace(b)
	var text []byte
	switch {
	case isNull(b):
		return decimal.Decimal{}, false, nil
	case len(b) > 0 && b[0] == '"':
		s, ok := unquote(b)
		if !ok {
			return decimal.Decimal{}, false, refuse(typ, b, "not a valid JSON string", nil)
		}
		if text = trimText(s); len(text) == 0 {
			return decimal.Decimal{}, false, nil
		}
		if !isDecimalText(text) {
			return decimal.Decimal{}, false, refuse(typ, b, "not a decimal number", nil)
		}
	case isNumberStart(b):
		if !isJSONNumber(b) {
			return decimal.Decimal{}, false, refuse(typ, b, "not a valid JSON number", nil)
		}
		text = b
	default:
		return decimal.Decimal{}, false, refuse(typ, b, "not a number or a string holding one", nil)
	}
	// The grammar checks above bound the exponent's length, so a value
	// beyond int32 is refused by NewFromString, not misread.
	v, perr := decimal.NewFromString(string(text))
	if perr != nil {
		return decimal.Decimal{}, false, refuse(typ, b, "not a decimal number", nil)
	}
	switch e := v.Exponent(); {
	case e < -maxScale || e > maxScale:
		return decimal.Decimal{}, false, refuse(typ, b, "exponent out of range", nil)
	case e > 0:
		// 1e3 is 1000: keep a whole number at exponent 0, so it decodes
		// to the same value after it is written back as 1000.
		v = decimal.NewFromBigInt(new(big.Int).Mul(v.Coefficient(), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(e)), nil)), 0)
	}
	return v, true, nil
}

// digitsOf renders d with exactly the fraction digits its exponent holds
// (10.50 stays "10.50"; decimal.String would write "10.5").
func digitsOf(d decimal.Decimal) string {
	if e := d.Exponent(); e < 0 {
		return d.StringFixed(-e)
	}
	return d.String()
}

// withPlaces pads d to exactly places decimals, or trims trailing zeros
// down to them, without ever dropping a significant digit.
func withPlaces(d decimal.Decimal, places int32) decimal.Decimal {
	places = max(0, min(places, maxScale))
	if d.Exponent() == -places || !d.Equal(d.Truncate(places)) {
		return d
	}
	return d.Round(places) // exact: d has no digit beyond places
}
