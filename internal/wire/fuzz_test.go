package wire_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"github.com/giftcard-go/giftcard/internal/wire"
)

// checkDecode is the property every fuzz target asserts for one type:
// UnmarshalJSON never panics; a refusal is a *wire.Error naming typ with an
// excerpt of at most 20 bytes; an accepted input is valid JSON, decodes
// the same through encoding/json, and survives decode → encode → decode
// with an equal value and identical second encoding.
func checkDecode[T any, P interface {
	*T
	json.Unmarshaler
}](t *testing.T, typ string, in []byte) {
	var v T
	err := P(&v).UnmarshalJSON(append([]byte(nil), in...))
	if err != nil {
		var we *wire.Error
		if !errors.As(err, &we) || we.Type != typ || len(we.Excerpt) > 20 {
			t.Fatalf("%s refused %q with %T %v; want a *wire.Error with a short excerpt", typ, in, err, err)
		}
		return
	}
	if !json.Valid(in) {
		t.Fatalf("%s accepted invalid JSON %q", typ, in)
	}
	var viaJSON T
	if err := json.Unmarshal(in, &viaJSON); err != nil {
		t.Fatalf("%s: UnmarshalJSON accepted %q but json.Unmarshal refused it: %v", typ, in, err)
	}
	if !reflect.DeepEqual(viaJSON, v) {
		t.Fatalf("%s %q: json.Unmarshal gave %#v, UnmarshalJSON %#v", typ, in, viaJSON, v)
	}
	enc, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("%s: Marshal(%#v) from %q: %v", typ, v, in, err)
	}
	var back T
	if err := json.Unmarshal(enc, &back); err != nil {
		t.Fatalf("%s: own encoding %s (from %q) refused: %v", typ, enc, in, err)
	}
	if !reflect.DeepEqual(back, v) {
		t.Fatalf("%s %q: round trip through %s gave %#v, want %#v", typ, in, enc, back, v)
	}
	enc2, err := json.Marshal(back)
	if err != nil || string(enc2) != string(enc) {
		t.Fatalf("%s %q: second encoding %s (%v) differs from %s", typ, in, enc2, err, enc)
	}
}

// seeds are inputs every target starts from: each JSON type, the seeds'
// quirks, and malformed values.
var seeds = []string{
	`null`, `true`, `false`, `0`, `-0`, `1`, `115`, `-5`, `1.5`, `1.0`, `10.50`, `1e3`, `1E-3`, `-0.00`,
	`9223372036854775807`, `9223372036854775808`, `1666000000`, `1666000000123`, `1e65`,
	`""`, `"  "`, `"0"`, `"115"`, `" 115 "`, `"10.50"`, `"+1.25"`, `"007"`, `"1,000"`, `"true"`, `"TRUE"`,
	`"yes"`, `"no"`, `"1"`, `"on"`, `"abc"`, `"a\"b"`, `"\u00e9"`, `"é"`, "\"\xff\"", `"\u0031"`,
	`"2022-10-20T12:00:00Z"`, `"2022-10-10 14:00"`, `"2022-25-10"`, `"2022-25-09T1:33:10+00:00"`,
	`"2024-01-15 10:30:00"`, `"01/15/2024"`, `"2024/01/15"`, `"05/25"`, `"2023-01-01"`,
	quotedMethods, `"[1,2]"`, `"{\"a\":1}"`, `"null"`, `[]`, `[1,2]`, `[{"a":1}]`, `{}`, `{"a":"1"}`,
	`{"redemption_method":"EGIFT","configuration":{"min":10}}`, `[null]`,
	``, `"`, `"abc`, `01`, `+1`, `.5`, `1.`, `-`, `nul`, `[1,]`, `{"a"}`, " \t1\n",
}

func addSeeds(f *testing.F) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
}

func FuzzString(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, in []byte) { checkDecode[wire.String](t, "wire.String", in) })
}

func FuzzInt(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, in []byte) { checkDecode[wire.Int](t, "wire.Int", in) })
}

func FuzzBool(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, in []byte) { checkDecode[wire.Bool](t, "wire.Bool", in) })
}

func FuzzDecimal(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, in []byte) {
		checkDecode[wire.Decimal](t, "wire.Decimal", in)
		checkDecode[wire.DecimalString](t, "wire.DecimalString", in)
	})
}

func FuzzTime(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, in []byte) { checkDecode[wire.Time](t, "wire.Time", in) })
}

func FuzzEmbedded(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, in []byte) {
		checkDecode[wire.Embedded[any]](t, "wire.Embedded", in)
		checkDecode[wire.Embedded[[]redemptionMethod]](t, "wire.Embedded", in)
	})
}

func FuzzList(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, in []byte) {
		checkDecode[wire.List[wire.Int]](t, "wire.List", in)
		checkDecode[wire.List[map[string]wire.String]](t, "wire.List", in)
	})
}
