package loyalty_test

import (
	"encoding/json"
	"testing"

	"github.com/giftcard-go/giftcard/loyalty"
)

func TestPointsJSON(t *testing.T) {
	b, err := json.Marshal(loyalty.Points(100))
	if err != nil || string(b) != `"100"` {
		t.Fatalf("%s %v", b, err)
	}
	for in, want := range map[string]loyalty.Points{`"100"`: 100, `40`: 40, `" 7 "`: 7, `null`: 0} {
		var p loyalty.Points
		if err := json.Unmarshal([]byte(in), &p); err != nil || p != want {
			t.Errorf("%s: %d %v", in, p, err)
		}
	}
	for _, in := range []string{`"1.5"`, `1.5`, `"abc"`, `true`, `"99999999999999999999"`} {
		var p loyalty.Points
		if err := json.Unmarshal([]byte(in), &p); err == nil {
			t.Errorf("%s decoded to %d", in, p)
		}
	}
}

func TestResultAndAmounts(t *testing.T) {
	for r, want := range map[loyalty.Result]string{0: "success", 1: "declined", 2: "pending", 7: "7"} {
		if r.String() != want {
			t.Errorf("Result(%d) = %s", int(r), r.String())
		}
	}
	var tx loyalty.Transaction
	if err := json.Unmarshal([]byte(`{"mid":202507081058,"checkoutId":933392815902294016,"amount":2.5,"result":"2"}`), &tx); err != nil {
		t.Fatal(err)
	}
	if tx.Mid != "202507081058" || tx.CheckoutID != "933392815902294016" || !tx.Pending() || !tx.Amount.Equal(dec("2.5")) {
		t.Fatalf("lenient decode: %+v", tx)
	}
	if _, ok := tx.Points(); ok {
		t.Fatal("2.5 points")
	}
	if !tx.Money().IsZero() || tx.Money().Currency != "" {
		t.Fatal("a transaction without a currency has no Money")
	}
	if err := json.Unmarshal([]byte(`{"checkoutId":"1","amount":"1"}`), &tx); err == nil {
		t.Fatal("a transaction without result decoded")
	}
	var cd loyalty.Card
	if err := json.Unmarshal([]byte(`{"accountId":"1","balances":[{"valueCode":"Points","amount":"12"},{"valueCode":"XYZ1","amount":3}]}`), &cd); err != nil {
		t.Fatal(err)
	}
	if p, ok := cd.Points(); !ok || p != 12 {
		t.Fatalf("points %d %v", p, ok)
	}
	if _, ok := cd.Cash("USD"); ok {
		t.Fatal("no USD balance")
	}
	if _, ok := cd.Balances[1].Money(); ok {
		t.Fatal("XYZ1 is not a currency")
	}
}
