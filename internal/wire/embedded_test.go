package wire_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/giftcard-go/giftcard/internal/wire"
)

type redemptionMethod struct {
	Method        wire.String `json:"redemption_method"`
	Configuration struct {
		Cards     []wire.String `json:"cards,omitempty"`
		Type      wire.String   `json:"type,omitzero"`
		Min       wire.Decimal  `json:"min,omitzero"`
		Max       wire.Decimal  `json:"max,omitzero"`
		MinAmount wire.Decimal  `json:"min_amount,omitzero"`
	} `json:"configuration"`
}

// The seed's redemption_methods, verbatim: a JSON string holding JSON.
const quotedMethods = `"[{\"redemption_method\": \"CARD_LINK\",\"configuration\": {\"cards\": [\"MC\",\"VISA\"]}}]"`

func TestEmbeddedBothForms(t *testing.T) {
	quoted, err := decode[wire.Embedded[[]redemptionMethod]](quotedMethods)
	if err != nil {
		t.Fatalf("decode quoted: %v", err)
	}
	if !quoted.Quoted || len(quoted.V) != 1 || quoted.V[0].Method != "CARD_LINK" ||
		!reflect.DeepEqual(quoted.V[0].Configuration.Cards, []wire.String{"MC", "VISA"}) {
		t.Fatalf("quoted = %+v", quoted)
	}
	enc := roundTrip(t, quoted)
	if want := `"[{\"redemption_method\":\"CARD_LINK\",\"configuration\":{\"cards\":[\"MC\",\"VISA\"]}}]"`; enc != want {
		t.Errorf("quoted form written as %s, want %s", enc, want)
	}

	plain, err := decode[wire.Embedded[[]redemptionMethod]](`[{"redemption_method":"EGIFT","configuration":{"type":"RANGE","min":10,"max":50}},{"redemption_method":"VISA","configuration":{"min_amount":5}}]`)
	if err != nil {
		t.Fatalf("decode plain: %v", err)
	}
	if plain.Quoted || len(plain.V) != 2 || plain.V[0].Configuration.Max.String() != "50" || plain.V[1].Configuration.MinAmount.String() != "5" {
		t.Fatalf("plain = %+v", plain)
	}
	enc = roundTrip(t, plain)
	if !strings.HasPrefix(enc, `[{"redemption_method":"EGIFT"`) {
		t.Errorf("plain form written as %s, want a bare array", enc)
	}

	// Both forms give the same Go value.
	a, _ := decode[wire.Embedded[[]redemptionMethod]](quotedMethods)
	b, _ := decode[wire.Embedded[[]redemptionMethod]](`[{"redemption_method": "CARD_LINK","configuration": {"cards": ["MC","VISA"]}}]`)
	if !reflect.DeepEqual(a.V, b.V) {
		t.Errorf("forms differ: %+v vs %+v", a.V, b.V)
	}
}

func TestEmbeddedObjectAndAbsent(t *testing.T) {
	type cfg struct {
		Min wire.Int `json:"min"`
	}
	for _, tc := range []struct {
		in     string
		want   wire.Embedded[cfg]
		encode string
	}{
		{`{"min":"10"}`, wire.Embedded[cfg]{V: cfg{10}}, `{"min":10}`},
		{`"{\"min\":10}"`, wire.Embedded[cfg]{V: cfg{10}, Quoted: true}, `"{\"min\":10}"`},
		{`"null"`, wire.Embedded[cfg]{Quoted: true}, `"{\"min\":0}"`},
		{`null`, wire.Embedded[cfg]{}, `{"min":0}`},
		{`""`, wire.Embedded[cfg]{}, `{"min":0}`},
		{`"   "`, wire.Embedded[cfg]{}, `{"min":0}`},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := decode[wire.Embedded[cfg]](tc.in)
			if err != nil || got != tc.want {
				t.Fatalf("decode %s = %+v, %v; want %+v", tc.in, got, err, tc.want)
			}
			if enc := roundTrip(t, got); enc != tc.encode {
				t.Errorf("encoded as %s, want %s", enc, tc.encode)
			}
		})
	}
	// A nil slice is written as null, and comes back nil.
	if enc := roundTrip(t, wire.Embedded[[]int]{}); enc != "null" {
		t.Errorf("zero Embedded[[]int] = %s", enc)
	}
}

func TestEmbeddedDecodesFresh(t *testing.T) {
	type pair struct{ A, B int }
	e := wire.Embedded[pair]{V: pair{A: 5, B: 7}, Quoted: true}
	if err := json.Unmarshal([]byte(`{"A":1}`), &e); err != nil {
		t.Fatal(err)
	}
	if e != (wire.Embedded[pair]{V: pair{A: 1}}) {
		t.Errorf("merged into the old value: %+v", e)
	}
}

func TestEmbeddedRefuses(t *testing.T) {
	for _, in := range []string{
		`"not json"`, `"[1"`, `5`, `"{\"a\":1}"`, `{"a":1}`, `true`, `"[1] [2]"`, `"[\"x\"]"`, ``, `"[1]`, `[1,]`,
	} {
		t.Run(in, func(t *testing.T) {
			_, err := direct[wire.Embedded[[]int]](in)
			checkRefused(t, err, "wire.Embedded", in)
		})
	}
	// The inner error stays reachable and says which inner type refused.
	_, err := decode[wire.Embedded[[]wire.Int]](`"[\"1.5\"]"`)
	var we *wire.Error
	if !errors.As(err, &we) || we.Type != "wire.Embedded" || !errors.As(we.Err, &we) || we.Type != "wire.Int" {
		t.Errorf("error = %v, want wire.Embedded wrapping wire.Int", err)
	}
}

func TestListForms(t *testing.T) {
	type item struct {
		ID wire.String `json:"id"`
	}
	for _, tc := range []struct {
		in     string
		want   wire.List[item]
		encode string
	}{
		{`[{"id":"a"},{"id":2}]`, wire.List[item]{{"a"}, {"2"}}, `[{"id":"a"},{"id":"2"}]`},
		{`{"id":"a"}`, wire.List[item]{{"a"}}, `[{"id":"a"}]`},
		{`[]`, wire.List[item]{}, `[]`},
		{`null`, nil, `null`},
		{` [ {"id":"a"} ] `, wire.List[item]{{"a"}}, `[{"id":"a"}]`},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := decode[wire.List[item]](tc.in)
			if err != nil || !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("decode %s = %#v, %v; want %#v", tc.in, got, err, tc.want)
			}
			if enc := roundTrip(t, got); enc != tc.encode {
				t.Errorf("encoded as %s, want %s", enc, tc.encode)
			}
		})
	}
	// A single scalar is a one-element list too (an events field sent as
	// one string).
	got, err := decode[wire.List[string]](`"GIFT_UPDATE"`)
	if err != nil || !reflect.DeepEqual(got, wire.List[string]{"GIFT_UPDATE"}) {
		t.Errorf("single string = %#v, %v", got, err)
	}
}

func TestListDecodesFresh(t *testing.T) {
	type pair struct{ A, B int }
	l := wire.List[pair]{{A: 5, B: 7}, {A: 8}}
	if err := json.Unmarshal([]byte(`[{"A":1}]`), &l); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(l, wire.List[pair]{{A: 1}}) {
		t.Errorf("merged into the old list: %+v", l)
	}
}

func TestListRefuses(t *testing.T) {
	for _, in := range []string{`[1,"x"]`, `"x"`, `{}`, `[1,]`, `[`, ``, `true`} {
		t.Run(in, func(t *testing.T) {
			_, err := direct[wire.List[int]](in)
			checkRefused(t, err, "wire.List", in)
		})
	}
}
