package wire

import "github.com/giftcard-go/giftcard"

// CentsToMoney converts an integer count of minor units, as Wolfe sends
// amounts ("amount": 1050), to Money: CentsToMoney(1050, "USD") is 10.50
// USD. "Cents" means the currency's minor unit (yen for JPY). It fails for
// a currency whose minor unit the SDK does not know.
func CentsToMoney(cents int64, currency string) (giftcard.Money, error) {
	return giftcard.FromMinor(cents, currency)
}

// MoneyToCents converts m to an integer count of minor units for the wire.
// It fails, and never rounds, when the amount is not a whole number of
// minor units (10.005 USD), does not fit in an int64, or is in a currency
// whose minor unit the SDK does not know. A lower-case currency code is
// accepted. The errors are *giftcard.ValidationError naming the field
// "amount" or "currency".
func MoneyToCents(m giftcard.Money) (int64, error) {
	c, err := giftcard.NormalizeCurrency(m.Currency)
	if err != nil {
		return 0, err
	}
	m.Currency = c
	return m.Minor()
}
