package wire_test

import (
	"errors"
	"testing"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/wire"
)

func TestCentsToMoney(t *testing.T) {
	for _, tc := range []struct {
		cents    int64
		currency string
		want     string
	}{
		{1050, "USD", "10.50 USD"},
		{8532, "usd", "85.32 USD"},
		{0, "USD", "0.00 USD"},
		{-5, "USD", "-0.05 USD"},
		{1000, "JPY", "1000 JPY"},
		{1234, "KWD", "1.234 KWD"},
	} {
		m, err := wire.CentsToMoney(tc.cents, tc.currency)
		if err != nil || m.String() != tc.want {
			t.Errorf("CentsToMoney(%d, %s) = %v, %v; want %s", tc.cents, tc.currency, m, err, tc.want)
		}
		back, err := wire.MoneyToCents(m)
		if err != nil || back != tc.cents {
			t.Errorf("MoneyToCents(%v) = %d, %v; want %d", m, back, err, tc.cents)
		}
	}
	for _, cur := range []string{"XXX", "US", ""} {
		if _, err := wire.CentsToMoney(100, cur); !errors.Is(err, giftcard.ErrInvalidRequest) {
			t.Errorf("CentsToMoney(100, %q) = %v, want ErrInvalidRequest", cur, err)
		}
	}
}

func TestMoneyToCentsRefusesRatherThanRounds(t *testing.T) {
	for _, tc := range []struct {
		m     giftcard.Money
		field string
	}{
		{giftcard.MustParseMoney("10.005", "USD"), "amount"},
		{giftcard.MustParseMoney("0.001", "USD"), "amount"},
		{giftcard.MustParseMoney("1.5", "JPY"), "amount"},
		{giftcard.MustParseMoney("92233720368547758.08", "USD"), "amount"},
		{giftcard.Money{Amount: giftcard.MustParseMoney("1", "USD").Amount, Currency: "XXX"}, "currency"},
		{giftcard.Money{Amount: giftcard.MustParseMoney("1", "USD").Amount}, "currency"},
	} {
		n, err := wire.MoneyToCents(tc.m)
		var ve *giftcard.ValidationError
		if !errors.As(err, &ve) || ve.Field != tc.field {
			t.Errorf("MoneyToCents(%v) = %d, %v; want a ValidationError on %s", tc.m, n, err, tc.field)
		}
	}
	// Trailing zeros are not extra precision, and a lower-case code is fine.
	m := giftcard.Money{Amount: giftcard.MustParseMoney("10.5000", "USD").Amount, Currency: "usd"}
	if n, err := wire.MoneyToCents(m); err != nil || n != 1050 {
		t.Errorf("MoneyToCents(10.5000 usd) = %d, %v; want 1050", n, err)
	}
}
