package wire_test

import (
	"encoding/json"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/giftcard-go/giftcard/internal/wire"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestDecimalAccepts(t *testing.T) {
	for _, tc := range []struct {
		in     string
		digits string // the exact digits kept; "" for absent
	}{
		{`10.50`, "10.50"},
		{`"10.50"`, "10.50"},
		{`"10.5"`, "10.5"},
		{`" 10.5 "`, "10.5"},
		{`"+1.25"`, "1.25"},
		{`"007.50"`, "7.50"},
		{`"\u0031.5"`, "1.5"},
		{`0`, "0"},
		{`"0"`, "0"},
		{`-0.00`, "0.00"},
		{`-12.345`, "-12.345"},
		{`100`, "100"},
		{`1e3`, "1000"},
		{`"1E2"`, "100"},
		{`1.5e-3`, "0.0015"},
		{`1e64`, "1" + zeros(64)},
		{`9007199254740993`, "9007199254740993"}, // 2^53+1: a float64 would say ...992
		{`0.1`, "0.1"},
		{`123456789012345678901234567890.123456789`, "123456789012345678901234567890.123456789"},
		{`null`, ""},
		{`""`, ""},
		{`"  "`, ""},
	} {
		t.Run(tc.in, func(t *testing.T) {
			d, err := decode[wire.Decimal](tc.in)
			if err != nil {
				t.Fatalf("decode %s: %v", tc.in, err)
			}
			if d.Valid != (tc.digits != "") || d.String() != tc.digits {
				t.Fatalf("decode %s = %q (Valid %v), want %q", tc.in, d.String(), d.Valid, tc.digits)
			}
			if tc.digits != "" && !d.Dec().Equal(dec(tc.digits)) {
				t.Errorf("Dec() = %s, want %s", d.Dec(), tc.digits)
			}
			want := tc.digits
			if want == "" {
				want = "null"
			}
			if enc := roundTrip(t, d); enc != want {
				t.Errorf("Decimal encoded as %s, want %s", enc, want)
			}

			s, err := decode[wire.DecimalString](tc.in)
			if err != nil || s.Valid != d.Valid || s.String() != d.String() {
				t.Fatalf("DecimalString decode %s = %q, %v; want %q", tc.in, s.String(), err, tc.digits)
			}
			want = `"` + tc.digits + `"`
			if tc.digits == "" {
				want = "null"
			}
			if enc := roundTrip(t, s); enc != want {
				t.Errorf("DecimalString encoded as %s, want %s", enc, want)
			}
		})
	}
}

func zeros(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = '0'
	}
	return string(b)
}

func TestDecimalRefuses(t *testing.T) {
	for _, in := range []string{
		`"abc"`, `"1,000"`, `".5"`, `"5."`, `"1e"`, `"--1"`, `"1-"`, `"NaN"`, `"Infinity"`, `"0x1"`,
		`"1_000"`, `"\u22121"`, `"$10"`, `"10 USD"`, `true`, `{}`, `[]`, `[1]`, `01`, `+1`, `.5`, `1.`,
		`1e65`, `1e-65`, `"1e-999999"`, `"1e99999999999"`, `0.` + zeros(65) + `1`, ``, `"1`,
	} {
		t.Run(in, func(t *testing.T) {
			_, err := direct[wire.Decimal](in)
			checkRefused(t, err, "wire.Decimal", in)
			_, err = direct[wire.DecimalString](in)
			checkRefused(t, err, "wire.DecimalString", in)
		})
	}
}

func TestDecimalMarshal(t *testing.T) {
	for _, tc := range []struct {
		name    string
		d       wire.Decimal
		num, st string // as Decimal, as DecimalString
	}{
		{"D keeps digits", wire.D(dec("10.50")), `10.50`, `"10.50"`},
		{"D whole", wire.D(decimal.NewFromInt(100)), `100`, `"100"`},
		{"D positive exponent", wire.D(decimal.New(15, 2)), `1500`, `"1500"`},
		{"zero value is absent", wire.Decimal{}, `null`, `null`},
		{"D zero is present", wire.D(decimal.Zero), `0`, `"0"`},
		{"set without Valid is still written", wire.Decimal{V: dec("5.25")}, `5.25`, `"5.25"`},
		{"Fixed pads", wire.Fixed(dec("10.5"), 2), `10.50`, `"10.50"`},
		{"Fixed pads a whole number", wire.Fixed(decimal.NewFromInt(100), 2), `100.00`, `"100.00"`},
		{"Fixed trims zeros", wire.Fixed(dec("10.500"), 2), `10.50`, `"10.50"`},
		{"Fixed never rounds", wire.Fixed(dec("10.505"), 2), `10.505`, `"10.505"`},
		{"Fixed zero places", wire.Fixed(dec("10.0"), 0), `10`, `"10"`},
		{"Fixed negative places", wire.Fixed(dec("10"), -3), `10`, `"10"`},
		{"Fixed negative", wire.Fixed(dec("-3.1"), 3), `-3.100`, `"-3.100"`},
		{"Fixed places clamped", wire.Fixed(dec("1"), 1000), `1.` + zeros(64), `"1.` + zeros(64) + `"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := json.Marshal(tc.d)
			if err != nil || string(got) != tc.num {
				t.Errorf("Decimal = %s, %v; want %s", got, err, tc.num)
			}
			got, err = json.Marshal(wire.DecimalString(tc.d))
			if err != nil || string(got) != tc.st {
				t.Errorf("DecimalString = %s, %v; want %s", got, err, tc.st)
			}
		})
	}
	if got := wire.FixedString(dec("7.1"), 2); got.String() != "7.10" || !got.Valid {
		t.Errorf("FixedString(7.1, 2) = %q valid=%v", got.String(), got.Valid)
	}
	if got := wire.DS(dec("7.10")); got.String() != "7.10" || !got.Dec().Equal(dec("7.1")) {
		t.Errorf("DS(7.10) = %q", got.String())
	}
}

// Inside a struct: a Decimal is a bare number, a DecimalString a string,
// and omitzero drops only an absent one.
func TestDecimalInStruct(t *testing.T) {
	type body struct {
		Initial wire.Decimal       `json:"initialFunds"`
		Amount  wire.DecimalString `json:"amount"`
		Fee     wire.Decimal       `json:"fee,omitzero"`
		Tip     wire.DecimalString `json:"tip,omitzero"`
	}
	b := body{Initial: wire.Fixed(dec("100"), 2), Amount: wire.FixedString(dec("10.5"), 2), Tip: wire.DS(decimal.Zero)}
	got, err := json.Marshal(b)
	if want := `{"initialFunds":100.00,"amount":"10.50","tip":"0"}`; err != nil || string(got) != want {
		t.Fatalf("Marshal = %s, %v; want %s", got, err, want)
	}
	back, err := decode[body](string(got))
	if err != nil || back.Fee.Valid || !back.Tip.Valid || back.Amount.String() != "10.50" || back.Initial.String() != "100.00" {
		t.Fatalf("decode = %+v, %v", back, err)
	}
	roundTrip(t, back)
}

func TestDecimalConvertsBothWays(t *testing.T) {
	d := wire.D(dec("1.10"))
	s := wire.DecimalString(d)
	if s.String() != "1.10" || wire.Decimal(s).String() != "1.10" {
		t.Errorf("conversion lost digits: %q %q", s.String(), wire.Decimal(s).String())
	}
}
