package wire_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/giftcard-go/giftcard/internal/wire"
)

func TestStringAccepts(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want wire.String
	}{
		{`"abc"`, "abc"},
		{`""`, ""},
		{`null`, ""},
		{` "x" `, "x"},
		{`"a\"b\\c"`, `a"b\c`},
		{`"\u00e9t\u00e9"`, "été"},
		{`"été"`, "été"},
		{`"tab\there"`, "tab\there"},
		{`51`, "51"},
		{`0`, "0"},
		{`-0.50`, "-0.50"},
		{`1e3`, "1e3"},
		{`2.5E-7`, "2.5E-7"},
		{`12345678901234567890123`, "12345678901234567890123"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := decode[wire.String](tc.in)
			if err != nil || got != tc.want {
				t.Fatalf("decode %s = %q, %v; want %q", tc.in, got, err, tc.want)
			}
			d, err := direct[wire.String](tc.in)
			if err != nil || d != tc.want {
				t.Fatalf("UnmarshalJSON(%s) = %q, %v; want %q", tc.in, d, err, tc.want)
			}
			roundTrip(t, got)
		})
	}
}

func TestStringRefuses(t *testing.T) {
	for _, in := range []string{
		``, `true`, `false`, `{}`, `[]`, `["a"]`, `"abc`, `abc"`, `"`, `01`, `-`, `1.`, `.5`, `+1`,
		`1e`, `nul`, `nulls`, "\"a\x01b\"", `"\q"`, `"a"b"`, `NaN`,
	} {
		t.Run(in, func(t *testing.T) {
			_, err := direct[wire.String](in)
			checkRefused(t, err, "wire.String", in)
		})
	}
}

func TestStringMarshalsAsJSONString(t *testing.T) {
	for _, tc := range []struct {
		in   wire.String
		want string
	}{
		{"", `""`},
		{"115", `"115"`},
		{`a"<b>`, `"a\"\u003cb\u003e"`},
	} {
		got, err := json.Marshal(tc.in)
		if err != nil || string(got) != tc.want {
			t.Errorf("Marshal(%q) = %s, %v; want %s", tc.in, got, err, tc.want)
		}
	}
}

func TestIntAccepts(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want wire.Int
	}{
		{`115`, 115},
		{`"115"`, 115},
		{`" 115 "`, 115},
		{`"\t7\n"`, 7},
		{`"\u0031\u0032"`, 12},
		{`0`, 0},
		{`"0"`, 0},
		{`-5`, -5},
		{`-0`, 0},
		{`"-5"`, -5},
		{`"+5"`, 5},
		{`"007"`, 7},
		{`null`, 0},
		{`""`, 0},
		{`"   "`, 0},
		{`9223372036854775807`, 9223372036854775807},
		{`-9223372036854775808`, -9223372036854775808},
		{`"-9223372036854775808"`, -9223372036854775808},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := decode[wire.Int](tc.in)
			if err != nil || got != tc.want {
				t.Fatalf("decode %s = %d, %v; want %d", tc.in, got, err, tc.want)
			}
			if enc := roundTrip(t, got); enc != fmt.Sprint(int64(tc.want)) {
				t.Errorf("encoded as %s, want the bare number %d", enc, tc.want)
			}
		})
	}
}

func TestIntRefuses(t *testing.T) {
	for _, tc := range []struct{ in, reason string }{
		{`1.5`, "fraction"},
		{`1.0`, "fraction"},
		{`1e3`, "fraction"},
		{`"1.5"`, "fraction"},
		{`"10.00"`, "fraction"},
		{`9223372036854775808`, "range"},
		{`-9223372036854775809`, "range"},
		{`"99999999999999999999"`, "range"},
		{`"abc"`, "not an integer"},
		{`"1 2"`, "not an integer"},
		{`"-"`, "not an integer"},
		{`"+"`, "not an integer"},
		{`"0x10"`, "not an integer"},
		{`"1_000"`, "not an integer"},
		{`"1,000"`, "not an integer"},
		{`true`, "not an integer"},
		{`{}`, "not an integer"},
		{`[1]`, "not an integer"},
		{`+5`, "not an integer"},
		{`01`, "not a valid JSON number"},
		{``, "not an integer"},
		{`"12`, "not a valid JSON string"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			_, err := direct[wire.Int](tc.in)
			checkRefused(t, err, "wire.Int", tc.in)
			if !strings.Contains(err.Error(), tc.reason) {
				t.Errorf("error %q does not say %q", err, tc.reason)
			}
		})
	}
}

func TestBoolAccepts(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want wire.Bool
	}{
		{`true`, true},
		{`false`, false},
		{`"true"`, true},
		{`"TRUE"`, true},
		{`" True "`, true},
		{`"false"`, false},
		{`"False"`, false},
		{`"1"`, true},
		{`"0"`, false},
		{`1`, true},
		{`0`, false},
		{`"yes"`, true},
		{`"YES"`, true},
		{`"no"`, false},
		{`"No"`, false},
		{`null`, false},
		{`""`, false},
		{`"  "`, false},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := decode[wire.Bool](tc.in)
			if err != nil || got != tc.want {
				t.Fatalf("decode %s = %v, %v; want %v", tc.in, got, err, tc.want)
			}
			if enc := roundTrip(t, got); enc != fmt.Sprint(bool(tc.want)) {
				t.Errorf("encoded as %s, want %v", enc, tc.want)
			}
		})
	}
}

func TestBoolRefuses(t *testing.T) {
	for _, in := range []string{
		`2`, `-1`, `1.0`, `"2"`, `"on"`, `"off"`, `"t"`, `"f"`, `"y"`, `"truee"`, `"yeſ"`, `"1.0"`,
		`{}`, `[]`, `[true]`, `tru`, ``, `"true`, `True`,
	} {
		t.Run(in, func(t *testing.T) {
			_, err := direct[wire.Bool](in)
			checkRefused(t, err, "wire.Bool", in)
		})
	}
}

func TestErrorQuotesOnlyAnExcerpt(t *testing.T) {
	long := `"` + strings.Repeat("x", 5000) + `SECRET-TAIL"`
	_, err := direct[wire.Int](long)
	checkRefused(t, err, "wire.Int", long)
	msg := err.Error()
	if strings.Contains(msg, "SECRET-TAIL") || len(msg) > 120 {
		t.Fatalf("error carries the body (%d bytes): %.200s", len(msg), msg)
	}
	if !strings.Contains(msg, `..."`) && !strings.Contains(msg, `"...`) {
		t.Errorf("error %q does not mark the excerpt as cut", msg)
	}

	// A cut never splits a multi-byte character.
	in := `"` + strings.Repeat("é", 30) + `"`
	_, err = direct[wire.Bool](in)
	checkRefused(t, err, "wire.Bool", in)
	if we := err.(*wire.Error); !strings.HasSuffix(we.Excerpt, "é") || len(we.Excerpt) != 19 {
		t.Errorf("Excerpt %q does not end on a whole rune", we.Excerpt)
	}
}

// A refused field in a struct reaches the caller from json.Unmarshal as the
// *wire.Error itself.
func TestErrorThroughStruct(t *testing.T) {
	var v struct {
		Count wire.Int `json:"count"`
	}
	err := json.Unmarshal([]byte(`{"count":"11.5"}`), &v)
	checkRefused(t, err, "wire.Int", `"11.5"`)
}
