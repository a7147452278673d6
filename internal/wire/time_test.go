package wire_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/giftcard-go/giftcard/internal/wire"
)

func TestTimeParsesLayouts(t *testing.T) {
	utc := func(y int, mo time.Month, d, h, mi, s, ns int) time.Time {
		return time.Date(y, mo, d, h, mi, s, ns, time.UTC)
	}
	ist := time.FixedZone("", 5*3600+1800)
	for _, tc := range []struct {
		in      string
		want    time.Time
		wantLoc *time.Location // nil: UTC
	}{
		{`"2022-10-20T12:00:00Z"`, utc(2022, 10, 20, 12, 0, 0, 0), nil},
		{`"2004-02-12T15:19:21+00:00"`, utc(2004, 2, 12, 15, 19, 21, 0), nil},
		{`"2022-11-28T21:33:10.123+05:30"`, time.Date(2022, 11, 28, 21, 33, 10, 123e6, ist), ist},
		{`"2022-11-28T21:33:10.123456789Z"`, utc(2022, 11, 28, 21, 33, 10, 123456789), nil},
		{`"2022-11-28T1:33:10+00:00"`, utc(2022, 11, 28, 1, 33, 10, 0), nil}, // one-digit hour
		{`"2024-01-15T10:30:00+0000"`, utc(2024, 1, 15, 10, 30, 0, 0), nil},
		{`"2024-01-15T10:30:00"`, utc(2024, 1, 15, 10, 30, 0, 0), nil},
		{`"2024-01-15T10:30:00.250"`, utc(2024, 1, 15, 10, 30, 0, 250e6), nil},
		{`"2024-01-15T10:30"`, utc(2024, 1, 15, 10, 30, 0, 0), nil},
		{`"2024-01-15 10:30:00"`, utc(2024, 1, 15, 10, 30, 0, 0), nil}, // loyalty's timestamp
		{`"2024-01-15 10:30:00.000"`, utc(2024, 1, 15, 10, 30, 0, 0), nil},
		{`"2022-10-10 14:00"`, utc(2022, 10, 10, 14, 0, 0, 0), nil}, // Wolfe's date_created
		{`"2024-01-15 10:30:00+05:30"`, time.Date(2024, 1, 15, 10, 30, 0, 0, ist), ist},
		{`"2024-01-15 10:30:00Z"`, utc(2024, 1, 15, 10, 30, 0, 0), nil},
		{`"2024-01-15 10:30:00+0000"`, utc(2024, 1, 15, 10, 30, 0, 0), nil},
		{`"2023-01-01"`, utc(2023, 1, 1, 0, 0, 0, 0), nil},
		{`" 2023-01-01 "`, utc(2023, 1, 1, 0, 0, 0, 0), nil},
		{`"01/15/2024"`, utc(2024, 1, 15, 0, 0, 0, 0), nil},
		{`"2024/01/15"`, utc(2024, 1, 15, 0, 0, 0, 0), nil},
		{`"2024\u002d01-15"`, utc(2024, 1, 15, 0, 0, 0, 0), nil}, // escaped text
		{`1666000000`, time.Unix(1666000000, 0).UTC(), nil},
		{`1666000000123`, time.UnixMilli(1666000000123).UTC(), nil},
		{`-1666000000123`, time.UnixMilli(-1666000000123).UTC(), nil},
		{`0`, time.Unix(0, 0).UTC(), nil},
		{`-1`, time.Unix(-1, 0).UTC(), nil},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := decode[wire.Time](tc.in)
			if err != nil {
				t.Fatalf("decode %s: %v", tc.in, err)
			}
			if !got.T.Equal(tc.want) || !got.Valid() || got.IsZero() {
				t.Fatalf("decode %s = %v (valid %v), want %v", tc.in, got.T, got.Valid(), tc.want)
			}
			loc := tc.wantLoc
			if loc == nil {
				loc = time.UTC
			}
			if _, off := got.T.Zone(); got.T.Location() != time.UTC && loc == time.UTC {
				t.Errorf("location %v (offset %d), want UTC", got.T.Location(), off)
			}
			if _, off := got.T.Zone(); loc != time.UTC {
				if _, want := tc.want.Zone(); off != want {
					t.Errorf("offset %d, want %d", off, want)
				}
			}
			var raw string
			if err := json.Unmarshal([]byte(tc.in), &raw); err != nil {
				raw = tc.in // a number keeps its literal
			}
			if got.Raw != raw || got.String() != raw {
				t.Errorf("Raw = %q, String() = %q; want %q", got.Raw, got.String(), raw)
			}
			if enc := roundTrip(t, got); enc != tc.in && enc != `"`+raw+`"` {
				t.Errorf("encoded as %s, want the original %s", enc, tc.in)
			}
		})
	}
}

// Text that is no date in any layout is kept, not an error: one bad date
// must not fail a whole response.
func TestTimeKeepsUnparseableText(t *testing.T) {
	for _, in := range []string{
		`"2022-25-10"`, `"2022-25-10 00:00"`, `"2022-25-10 00:00:00"`, `"2022-25-09T1:33:10+00:00"`,
		`"2022-02-30"`, `"05/25"`, `"yesterday"`, `"2022-10-10X"`, `"20221010"`, `"2022-10-10T"`,
		`"13/01/2024"`, `"2022-10-10 14:00 PST"`, `"\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9"`,
	} {
		t.Run(in, func(t *testing.T) {
			got, err := decode[wire.Time](in)
			if err != nil {
				t.Fatalf("decode %s: %v, want no error", in, err)
			}
			var raw string
			_ = json.Unmarshal([]byte(in), &raw)
			if !got.T.IsZero() || got.Valid() || got.Raw != raw || got.IsZero() || got.String() != raw {
				t.Fatalf("decode %s = %+v, want zero T and Raw %q", in, got, raw)
			}
			if enc := roundTrip(t, got); enc != in && raw != "ééééééééééé" {
				t.Errorf("encoded as %s, want %s", enc, in)
			}
		})
	}
	// Numbers that are not whole Unix times keep their literal too.
	for _, in := range []string{`1.5`, `1e9`, `99999999999999999999`} {
		got, err := decode[wire.Time](in)
		if err != nil || got.Valid() || got.Raw != in || !got.Unix {
			t.Errorf("decode %s = %+v, %v; want Raw %s, zero T", in, got, err, in)
		}
		if enc := roundTrip(t, got); enc != in {
			t.Errorf("encoded as %s, want %s", enc, in)
		}
	}
}

func TestTimeAbsent(t *testing.T) {
	for _, in := range []string{`null`, `""`} {
		got, err := decode[wire.Time](in)
		if err != nil || got != (wire.Time{}) || !got.IsZero() || got.Valid() || got.String() != "" {
			t.Errorf("decode %s = %+v, %v; want the zero Time", in, got, err)
		}
		if enc := roundTrip(t, got); enc != "null" {
			t.Errorf("zero Time encoded as %s, want null", enc)
		}
	}
	var v struct {
		A wire.Time `json:"a,omitzero"`
		B wire.Time `json:"b,omitzero"`
	}
	v.B = wire.Time{Raw: "2022-25-10"}
	if got, err := json.Marshal(v); err != nil || string(got) != `{"b":"2022-25-10"}` {
		t.Errorf("omitzero: %s, %v", got, err)
	}
}

func TestTimeRefuses(t *testing.T) {
	for _, in := range []string{`true`, `false`, `{}`, `[]`, `["2022-10-10"]`, `"2022-10-10`, `01`, `+1`, `-`, ``, `nul`} {
		t.Run(in, func(t *testing.T) {
			_, err := direct[wire.Time](in)
			checkRefused(t, err, "wire.Time", in)
		})
	}
}

func TestTimeMarshal(t *testing.T) {
	at := time.Date(2023, 1, 1, 12, 30, 15, 500, time.UTC)
	for _, tc := range []struct {
		name string
		v    wire.Time
		want string
	}{
		{"Raw wins", wire.Time{T: at, Raw: "2023-01-01 12:30"}, `"2023-01-01 12:30"`},
		{"unparsed Raw", wire.Time{Raw: "2022-25-10"}, `"2022-25-10"`},
		{"T only", wire.Time{T: at}, `"2023-01-01T12:30:15.0000005Z"`},
		{"zero", wire.Time{}, `null`},
		{"Unix number", wire.Time{T: time.Unix(5, 0), Raw: "5", Unix: true}, `5`},
		{"Unix flag on text is still a string", wire.Time{Raw: "x", Unix: true}, `"x"`},
		{"escaped Raw", wire.Time{Raw: `a"b<`}, `"a\"b\u003c"`},
		{"NewTime date", wire.NewTime(at, time.DateOnly), `"2023-01-01"`},
		{"NewTime loyalty", wire.NewTime(at, time.DateTime), `"2023-01-01 12:30:15"`},
		{"NewTime no layout", wire.NewTime(at, ""), `"2023-01-01T12:30:15.0000005Z"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := json.Marshal(tc.v)
			if err != nil || string(got) != tc.want {
				t.Errorf("Marshal = %s, %v; want %s", got, err, tc.want)
			}
		})
	}
	// NewTime's T is what decoding its Raw gives back.
	nt := wire.NewTime(at, time.DateOnly)
	if want := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC); !nt.T.Equal(want) {
		t.Errorf("NewTime(DateOnly).T = %v, want %v", nt.T, want)
	}
	roundTrip(t, nt)
	// A layout Time cannot read keeps the instant given.
	if nt := wire.NewTime(at, "Jan 2"); nt.Raw != "Jan 1" || !nt.T.Equal(at) {
		t.Errorf("NewTime(Jan 2) = %+v", nt)
	}
}
