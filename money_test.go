package giftcard_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/big"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/giftcard-go/giftcard"
)

func usd(s string) giftcard.Money { return giftcard.MustParseMoney(s, "USD") }

func TestNormalizeCurrency(t *testing.T) {
	for in, want := range map[string]string{"usd": "USD", "Eur": "EUR", "GBP": "GBP", " inr ": "INR", "xau": "XAU"} {
		got, err := giftcard.NormalizeCurrency(in)
		if err != nil || got != want {
			t.Errorf("NormalizeCurrency(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	// XYZ has the shape of a code but is no currency.
	for _, in := range []string{"", "US", "USDX", "U$D", "12A", "ÜSD", "U D", "€", "XYZ", "xyz", "ABC"} {
		_, err := giftcard.NormalizeCurrency(in)
		var ve *giftcard.ValidationError
		if !errors.As(err, &ve) || ve.Field != "currency" || !errors.Is(err, giftcard.ErrInvalidRequest) {
			t.Errorf("NormalizeCurrency(%q) = %v; want a ValidationError on currency", in, err)
		}
		if _, err := giftcard.NewMoney(decimal.NewFromInt(1), in); err == nil {
			t.Errorf("NewMoney(1, %q) accepted the code", in)
		}
	}
}

func TestNewAndParseMoney(t *testing.T) {
	m, err := giftcard.NewMoney(decimal.RequireFromString("10.5"), "usd")
	if err != nil || m.Currency != "USD" || !m.Amount.Equal(decimal.RequireFromString("10.50")) {
		t.Fatalf("NewMoney = %+v, %v", m, err)
	}
	p, err := giftcard.ParseMoney(" 10.50 ", "usd")
	if err != nil || !p.Equal(m) {
		t.Errorf("ParseMoney = %v, %v; want %v", p, err, m)
	}
	for _, bad := range []string{"", "ten", "1,50", "10.5.0", "0x10"} {
		_, err := giftcard.ParseMoney(bad, "USD")
		var ve *giftcard.ValidationError
		if !errors.As(err, &ve) || ve.Field != "amount" {
			t.Errorf("ParseMoney(%q) = %v; want a ValidationError on amount", bad, err)
		}
	}
	if _, err := giftcard.ParseMoney("1", "dollars"); err == nil {
		t.Error("ParseMoney with currency \"dollars\" succeeded")
	}
	defer func() {
		if recover() == nil {
			t.Error("MustParseMoney(\"x\") did not panic")
		}
	}()
	giftcard.MustParseMoney("x", "USD")
}

func TestMoneyArithmetic(t *testing.T) {
	a, b := usd("10.25"), usd("0.75")
	sum, err := a.Add(b)
	if err != nil || !sum.Equal(usd("11")) || sum.Currency != "USD" {
		t.Errorf("Add = %v, %v", sum, err)
	}
	diff, err := b.Sub(a)
	if err != nil || !diff.Equal(usd("-9.50")) || !diff.IsNegative() {
		t.Errorf("Sub = %v, %v", diff, err)
	}
	for _, tc := range []struct {
		a, b giftcard.Money
		want int
	}{{a, b, 1}, {b, a, -1}, {a, usd("10.250"), 0}} {
		if got, err := tc.a.Cmp(tc.b); err != nil || got != tc.want {
			t.Errorf("%v.Cmp(%v) = %d, %v; want %d", tc.a, tc.b, got, err, tc.want)
		}
	}
	if got := usd("2.50").Mul(3); !got.Equal(usd("7.5")) {
		t.Errorf("Mul = %v", got)
	}
	if !usd("10.5").Equal(usd("10.50")) || usd("10.5").Equal(giftcard.MustParseMoney("10.5", "EUR")) {
		t.Error("Equal compares value and currency")
	}
	if !usd("0").IsZero() || usd("0.01").IsZero() || !usd("0.01").IsPositive() || usd("0").IsPositive() {
		t.Error("IsZero / IsPositive")
	}

	// The zero Money adopts the other currency, so a running sum can start
	// from it.
	var total giftcard.Money
	total, err = total.Add(usd("5"))
	if err != nil || total.Currency != "USD" {
		t.Errorf("zero + 5 USD = %v, %v", total, err)
	}
	if _, err := usd("5").Sub(giftcard.Money{}); err != nil {
		t.Errorf("5 USD - zero: %v", err)
	}
}

func TestMoneyMixedCurrencies(t *testing.T) {
	a, e := usd("1"), giftcard.MustParseMoney("1", "EUR")
	checks := map[string]func() error{
		"Add": func() error { _, err := a.Add(e); return err },
		"Sub": func() error { _, err := a.Sub(e); return err },
		"Cmp": func() error { _, err := a.Cmp(e); return err },
		// A zero amount that carries a currency is still that currency.
		"Add zero EUR": func() error { _, err := a.Add(giftcard.MustParseMoney("0", "EUR")); return err },
		// A currency-less non-zero amount is not a wildcard.
		"Add bare amount": func() error { _, err := a.Add(giftcard.Money{Amount: decimal.NewFromInt(1)}); return err },
	}
	for name, f := range checks {
		var err error
		func() {
			defer func() {
				if p := recover(); p != nil {
					t.Errorf("%s panicked: %v", name, p)
				}
			}()
			err = f()
		}()
		var ve *giftcard.ValidationError
		if !errors.As(err, &ve) || ve.Field != "currency" || !errors.Is(err, giftcard.ErrInvalidRequest) {
			t.Errorf("%s across currencies = %v; want a ValidationError on currency", name, err)
		}
	}
}

func TestMinorUnits(t *testing.T) {
	for _, tc := range []struct {
		amount, cur string
		minor       int64
		exp         int
		str         string
	}{
		{"10.50", "USD", 1050, 2, "10.50 USD"},
		{"0.01", "usd", 1, 2, "0.01 USD"},
		{"-3.2", "EUR", -320, 2, "-3.20 EUR"},
		{"99.99", "GBP", 9999, 2, "99.99 GBP"},
		{"500", "INR", 50000, 2, "500.00 INR"},
		{"1000", "JPY", 1000, 0, "1000 JPY"},
		{"1.234", "KWD", 1234, 3, "1.234 KWD"},
		{"0.5", "KWD", 500, 3, "0.500 KWD"},
		{"10.500", "USD", 1050, 2, "10.50 USD"},
	} {
		m := giftcard.MustParseMoney(tc.amount, tc.cur)
		got, err := m.Minor()
		if err != nil || got != tc.minor {
			t.Errorf("%s %s .Minor() = %d, %v; want %d", tc.amount, tc.cur, got, err, tc.minor)
		}
		back, err := giftcard.FromMinor(tc.minor, tc.cur)
		if err != nil || !back.Equal(m) || back.String() != tc.str {
			t.Errorf("FromMinor(%d, %s) = %v, %v; want %s", tc.minor, tc.cur, back, err, tc.str)
		}
		if e, ok := giftcard.CurrencyExponent(tc.cur); !ok || e != tc.exp {
			t.Errorf("CurrencyExponent(%s) = %d, %v", tc.cur, e, ok)
		}
	}
	if _, ok := giftcard.CurrencyExponent("XYZ"); ok {
		t.Error("CurrencyExponent(XYZ) claims to know it")
	}
	if _, ok := giftcard.CurrencyExponent("x"); ok {
		t.Error("CurrencyExponent(x) claims to know it")
	}
}

func TestMinorRefusesRatherThanRounds(t *testing.T) {
	for _, tc := range []struct{ amount, cur, field string }{
		{"10.005", "USD", "amount"},
		{"0.001", "EUR", "amount"},
		{"1.5", "JPY", "amount"},
		{"0.0001", "KWD", "amount"},
		{"1.999", "INR", "amount"},
		{"92233720368547758.08", "USD", "amount"}, // one cent over int64
		{"-92233720368547758.09", "USD", "amount"},
		{"1", "XAU", "currency"}, // gold: a code with no minor unit
	} {
		m := giftcard.MustParseMoney(tc.amount, tc.cur)
		got, err := m.Minor()
		var ve *giftcard.ValidationError
		if !errors.As(err, &ve) || ve.Field != tc.field {
			t.Errorf("%s %s .Minor() = %d, %v; want a ValidationError on %s", tc.amount, tc.cur, got, err, tc.field)
		}
	}
	if got, err := usd("92233720368547758.07").Minor(); err != nil || got != math.MaxInt64 {
		t.Errorf("MaxInt64 cents = %d, %v", got, err)
	}
	if _, err := giftcard.FromMinor(1, "XYZ"); err == nil {
		t.Error("FromMinor in an unknown currency succeeded")
	}
	if _, err := giftcard.FromMinor(1, "US"); err == nil {
		t.Error("FromMinor with an invalid code succeeded")
	}
}

func TestMoneyString(t *testing.T) {
	for _, tc := range []struct {
		m    giftcard.Money
		want string
	}{
		{usd("10.5"), "10.50 USD"},
		{usd("10"), "10.00 USD"},
		{usd("10.1000"), "10.10 USD"},
		{usd("10.005"), "10.005 USD"}, // never drops precision
		{usd("-5"), "-5.00 USD"},
		{usd("0"), "0.00 USD"},
		{giftcard.MustParseMoney("1500", "jpy"), "1500 JPY"},
		{giftcard.MustParseMoney("1.5", "KWD"), "1.500 KWD"},
		{giftcard.MustParseMoney("1.5", "XAU"), "1.5 XAU"},
		{giftcard.Money{}, "0"},
		{usd("12345678901234567.89"), "12345678901234567.89 USD"},
	} {
		if got := tc.m.String(); got != tc.want {
			t.Errorf("String() = %q, want %q", got, tc.want)
		}
		if got := fmt.Sprint(tc.m); got != tc.want {
			t.Errorf("Sprint = %q, want %q", got, tc.want)
		}
	}
}

func TestMoneyJSON(t *testing.T) {
	var a, b giftcard.Money
	if err := json.Unmarshal([]byte(`{"amount":"0.1","currency":"usd"}`), &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(`{"amount":0.2,"currency":"USD"}`), &b); err != nil {
		t.Fatal(err)
	}
	sum, err := a.Add(b)
	if err != nil || !sum.Amount.Equal(decimal.RequireFromString("0.3")) || sum.Currency != "USD" {
		t.Errorf("0.1 + 0.2 = %v, %v; want exactly 0.3 USD", sum, err)
	}

	const big = "12345678901234567.89"
	for _, in := range []string{
		`{"amount":` + big + `,"currency":"usd"}`,
		`{"amount":"` + big + `","currency":"USD"}`,
		`{ "currency" : "USD", "amount" : ` + big + ` }`,
	} {
		var m giftcard.Money
		if err := json.Unmarshal([]byte(in), &m); err != nil {
			t.Fatalf("Unmarshal(%s): %v", in, err)
		}
		if m.Amount.String() != big || m.Currency != "USD" {
			t.Errorf("Unmarshal(%s) = %s %s", in, m.Amount, m.Currency)
		}
		out, err := json.Marshal(m)
		if err != nil || string(out) != `{"amount":"`+big+`","currency":"USD"}` {
			t.Errorf("Marshal = %s, %v", out, err)
		}
		var again giftcard.Money
		if err := json.Unmarshal(out, &again); err != nil || !again.Equal(m) {
			t.Errorf("round trip = %v, %v", again, err)
		}
	}

	// Inside a struct, in a slice, as a pointer, and null.
	type doc struct {
		Price  giftcard.Money   `json:"price"`
		Prices []giftcard.Money `json:"prices"`
		Opt    *giftcard.Money  `json:"opt"`
	}
	var d doc
	in := `{"price":{"amount":"1.10","currency":"eur"},"prices":[{"amount":2,"currency":"jpy"}],"opt":null}`
	if err := json.Unmarshal([]byte(in), &d); err != nil {
		t.Fatal(err)
	}
	if d.Price.String() != "1.10 EUR" || d.Prices[0].String() != "2 JPY" || d.Opt != nil {
		t.Errorf("decoded %+v", d)
	}
	var m giftcard.Money
	if err := json.Unmarshal([]byte(`null`), &m); err != nil || !m.IsZero() || m.Currency != "" {
		t.Errorf("null = %+v, %v", m, err)
	}
	if err := json.Unmarshal([]byte(`{"amount":"5"}`), &m); err != nil || m.Currency != "" || !m.Amount.Equal(decimal.NewFromInt(5)) {
		t.Errorf("no currency = %+v, %v", m, err)
	}
	for _, bad := range []string{
		`{"amount":"abc","currency":"USD"}`,
		`{"amount":1,"currency":"dollars"}`,
		`{"amount":true,"currency":"USD"}`,
		`[1]`,
		`"1.00 USD"`,
	} {
		if err := json.Unmarshal([]byte(bad), &m); err == nil {
			t.Errorf("Unmarshal(%s) accepted it: %+v", bad, m)
		}
	}
}

// minorCurrencies has one currency of each exponent plus the common ones.
var minorCurrencies = []string{"USD", "EUR", "GBP", "INR", "JPY", "KWD"}

// FuzzMinorRoundTrip: FromMinor(n, c).Minor() == n for every int64, and the
// value survives String, JSON and ParseMoney unchanged.
func FuzzMinorRoundTrip(f *testing.F) {
	for _, n := range []int64{0, 1, -1, 99, 100, 1050, -1050, 123456789, math.MaxInt64, math.MinInt64, math.MaxInt64 - 1, math.MinInt64 + 1} {
		f.Add(n)
	}
	f.Fuzz(func(t *testing.T, n int64) {
		for _, c := range minorCurrencies {
			m, err := giftcard.FromMinor(n, c)
			if err != nil {
				t.Fatalf("FromMinor(%d, %s): %v", n, c, err)
			}
			got, err := m.Minor()
			if err != nil || got != n {
				t.Fatalf("FromMinor(%d, %s).Minor() = %d, %v", n, c, got, err)
			}
			b, err := json.Marshal(m)
			if err != nil {
				t.Fatal(err)
			}
			var back giftcard.Money
			if err := json.Unmarshal(b, &back); err != nil || !back.Equal(m) {
				t.Fatalf("JSON %s round trip = %v, %v", b, back, err)
			}
			amount, cur, _ := strings.Cut(m.String(), " ")
			parsed, err := giftcard.ParseMoney(amount, cur)
			if err != nil || !parsed.Equal(m) {
				t.Fatalf("String %q does not parse back: %v, %v", m.String(), parsed, err)
			}
		}
	})
}

// FuzzMinorRefusesExtraDigits: an amount with exactly the currency's digits
// converts to the right count; one more non-zero digit is refused, never
// rounded.
func FuzzMinorRefusesExtraDigits(f *testing.F) {
	f.Add(int64(10), uint32(5), uint8(5))
	f.Add(int64(0), uint32(0), uint8(1))
	f.Add(int64(-1), uint32(999), uint8(9))
	f.Add(int64(math.MaxInt64), uint32(7), uint8(3))
	f.Add(int64(math.MinInt64), uint32(1), uint8(0))
	f.Fuzz(func(t *testing.T, whole int64, frac uint32, extra uint8) {
		for _, c := range minorCurrencies {
			e, _ := giftcard.CurrencyExponent(c)
			scale := int64(math.Pow10(e))
			fr := int64(frac) % scale
			exact := fmt.Sprint(whole)
			if e > 0 {
				exact += fmt.Sprintf(".%0*d", e, fr)
			}
			sign := int64(1)
			if strings.HasPrefix(exact, "-") {
				sign = -1
			}
			// want = whole·10^e ± fr, computed without overflow.
			want := new(big.Int).Mul(big.NewInt(whole), big.NewInt(scale))
			want.Add(want, big.NewInt(sign*fr))
			got, err := giftcard.MustParseMoney(exact, c).Minor()
			switch {
			case want.IsInt64() && (err != nil || got != want.Int64()):
				t.Fatalf("%s %s .Minor() = %d, %v; want %s", exact, c, got, err, want)
			case !want.IsInt64() && err == nil:
				t.Fatalf("%s %s .Minor() = %d; want an out-of-range error", exact, c, got)
			}

			tooPrecise := exact
			if e == 0 {
				tooPrecise += "."
			}
			tooPrecise += fmt.Sprint(1 + extra%9)
			got, err = giftcard.MustParseMoney(tooPrecise, c).Minor()
			var ve *giftcard.ValidationError
			if !errors.As(err, &ve) || ve.Field != "amount" {
				t.Fatalf("%s %s .Minor() = %d, %v; want it refused", tooPrecise, c, got, err)
			}
		}
	})
}

// FuzzMoneyJSON: any decimal amount, sent as a JSON string or number,
// decodes exactly and round-trips (exponent forms included: the decimal
// package bounds exponents, so 1e99999 is refused rather than expanded).
func FuzzMoneyJSON(f *testing.F) {
	for _, s := range []string{"0", "0.1", "-0.2", "10.50", "12345678901234567.89", "0.000000000000000000000001",
		"99999999999999999999999999999", "1e3", "2.5E-4", "1e99999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 64 {
			return
		}
		want, err := decimal.NewFromString(s)
		if err != nil {
			return
		}
		inputs := []string{`{"amount":` + string(mustJSON(t, s)) + `,"currency":"usd"}`}
		if json.Valid([]byte(s)) {
			inputs = append(inputs, `{"amount":`+s+`,"currency":"usd"}`)
		}
		for _, in := range inputs {
			var m giftcard.Money
			if err := json.Unmarshal([]byte(in), &m); err != nil {
				t.Fatalf("Unmarshal(%s): %v", in, err)
			}
			if !m.Amount.Equal(want) || m.Currency != "USD" {
				t.Fatalf("Unmarshal(%s) = %s %s; want %s", in, m.Amount, m.Currency, want)
			}
			out, err := json.Marshal(m)
			if err != nil {
				t.Fatal(err)
			}
			var back giftcard.Money
			if err := json.Unmarshal(out, &back); err != nil || !back.Equal(m) {
				t.Fatalf("round trip of %s via %s = %v, %v", in, out, back, err)
			}
		}
	})
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
