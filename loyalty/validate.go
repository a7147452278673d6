package loyalty

import (
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/check"
)

// MaxTranOrderNo is the documented maximum length of tranOrderNo on Top-up,
// Pay, Issue Points and Redeem Points. Void and Add Tip document none.
const MaxTranOrderNo = 60

func checkEntry(v EntryType) error {
	if v == "" {
		return ck.Invalid("entryType", "required (B barcode, K keyed, M magnetic, P proximity)")
	}
	return ck.OneOf("entryType", string(v), string(EntryBarcode), string(EntryKeyed), string(EntryMagnetic), string(EntryProximity))
}

func checkYesNo(field string, v YesNo) error {
	if v == "" {
		return ck.Invalid(field, `required ("Y" or "N")`)
	}
	return ck.OneOf(field, string(v), string(Yes), string(No))
}

// card checks the fields every card operation has.
func card(accountID string, entry EntryType, channel string) error {
	return check.First(ck.ID("accountId", accountID), checkEntry(entry), channelCheck(channel))
}

func channelCheck(v string) error {
	if v == "" {
		return nil
	}
	return ck.ID("loyaltyChannel", v)
}

func (c *Client) channelOr(v string) string {
	if v == "" {
		return c.channel
	}
	return v
}

// orderNo checks a caller's tranOrderNo (max ≤ 0: no limit) or generates
// one.
func (c *Client) orderNo(v string, max int) (string, error) {
	if v == "" {
		return c.newOrderNo(), nil
	}
	if err := ck.Ref("tranOrderNo", v, max); err != nil {
		return "", err
	}
	return v, nil
}

// newOrderNo generates a tranOrderNo: the UTC time to the second
// (yyyyMMddHHmmss, in the manner of the documentation's "20250401123534801")
// and 20 random digits, 34 digits in all.
func (c *Client) newOrderNo() string { return NewTranOrderNo(c.tr.Clock().Now()) }

// NewTranOrderNo returns a new order number for a request made at now: 14
// digits of UTC time and 20 random digits (34 digits, within the documented
// 60). Digits only, so it suits any server-side format rule.
func NewTranOrderNo(now time.Time) string {
	var b [34]byte
	t := now.UTC()
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	put := func(i, v, width int) {
		for j := i + width - 1; j >= i; j-- {
			b[j] = byte('0' + v%10)
			v /= 10
		}
	}
	put(0, y, 4)
	put(4, int(mo), 2)
	put(6, d, 2)
	put(8, h, 2)
	put(10, mi, 2)
	put(12, s, 2)
	var r [8]byte
	_, _ = rand.Read(r[:]) // never fails
	n := binary.BigEndian.Uint64(r[:])
	for j := 33; j >= 14; j-- {
		b[j] = byte('0' + n%10)
		n /= 10
	}
	return string(b[:])
}

// amount checks m (an empty currency means def) and formats it with the
// currency's decimals ("10.50"); it returns the amount and the currency.
func amount(field string, m giftcard.Money, def string) (string, string, error) {
	cur := m.Currency
	if cur == "" {
		cur = def
	}
	code, err := giftcard.NormalizeCurrency(cur)
	if err != nil {
		return "", "", ck.Invalid("tranCurrency", fmt.Sprintf("%q is not an ISO 4217 code", cur))
	}
	exp, ok := giftcard.CurrencyExponent(code)
	if !ok {
		return "", "", ck.Invalid("tranCurrency", fmt.Sprintf("the SDK does not know how many decimals %s has", code))
	}
	e := int32(exp)
	switch {
	case !m.Amount.IsPositive():
		return "", "", ck.Invalid(field, fmt.Sprintf("%s must be more than zero", m.Amount.String()))
	case !m.Amount.Equal(m.Amount.Truncate(e)):
		return "", "", ck.Invalid(field, fmt.Sprintf("%s has more than %d decimals for %s", m.Amount.String(), exp, code))
	}
	return m.Amount.StringFixed(e), code, nil
}

func points(p Points) (string, error) {
	if p <= 0 {
		return "", ck.Invalid("amount", fmt.Sprintf("%d points: must be more than zero", p))
	}
	return p.String(), nil
}

var (
	yyyymmdd = regexp.MustCompile(`^\d{8}$`)
	country2 = regexp.MustCompile(`^[A-Za-z]{2}$`)
)

// checkCustomer checks the fields of a CustomerInfo that are set: the
// public docs' enumerations and formats. It does not require any field: the
// seed has no customerInfo at all, and the public docs' own example sends
// an empty anniversary.
func checkCustomer(ci *CustomerInfo) error {
	if ci == nil {
		return nil
	}
	f := func(name string) string { return "customerInfo." + name }
	opt := func(name, v string, allowed ...string) error {
		if v == "" {
			return nil
		}
		return ck.OneOf(f(name), v, allowed...)
	}
	date := func(name, v string) error {
		if v == "" {
			return nil
		}
		if !yyyymmdd.MatchString(v) {
			return ck.Invalid(f(name), "must be a date as YYYYMMDD")
		}
		if _, err := time.Parse("20060102", v); err != nil {
			return ck.Invalid(f(name), fmt.Sprintf("%s is not a date (YYYYMMDD)", v))
		}
		return nil
	}
	texts := []struct{ name, v string }{
		{"firstName", ci.FirstName}, {"middleName", ci.MiddleName}, {"lastName", ci.LastName},
		{"address1", ci.Address1}, {"address2", ci.Address2}, {"city", ci.City}, {"state", ci.State},
		{"postal", ci.Postal}, {"phone", ci.Phone},
	}
	for _, t := range texts {
		if err := ck.Text(f(t.name), t.v); err != nil {
			return err
		}
	}
	if err := check.First(
		opt("customerType", string(ci.CustomerType), "1", "2", "3"),
		opt("mailPref", string(ci.MailPref), "O", "I"),
		opt("phonePref", string(ci.PhonePref), "O", "I"),
		opt("emailPref", string(ci.EmailPref), "O", "I"),
		opt("isMobile", string(ci.IsMobile), "Y", "N"),
		opt("gender", string(ci.Gender), "M", "F"),
		date("birthday", ci.Birthday),
		date("anniversary", ci.Anniversary),
	); err != nil {
		return err
	}
	if ci.Country != "" && !country2.MatchString(ci.Country) {
		return ck.Invalid(f("country"), "must be a 2-letter ISO 3166-1 code")
	}
	if e := strings.TrimSpace(ci.Email); e != "" {
		if err := ck.Email(f("email"), e); err != nil {
			return err
		}
	}
	return nil
}
