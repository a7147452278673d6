package loyaltyflow_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/examples/internal/loyaltyflow"
	"github.com/giftcard-go/giftcard/loyalty"
	"github.com/giftcard-go/giftcard/loyalty/loyaltytest"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestRunInProcessSandbox(t *testing.T) {
	var out bytes.Buffer
	if err := loyaltyflow.Run(t.Context(), &out, env(nil)); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	s := out.String()
	for _, want := range []string{"in-process loyaltytest sandbox", "1. activated card ****8523", "3. topped up 20.00 USD",
		"4. paid 10.50 USD", "5. added a 2.00 USD tip", "6. voided payment", "7. issued 100 points", "8. redeemed 40 points",
		"9. final balances: 18.00 USD, 60 Points", "+18.00 USD and +60 points"} {
		if !strings.Contains(s, want) {
			t.Errorf("output lacks %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, loyaltytest.CardNew) {
		t.Fatalf("the card number was printed unmasked:\n%s", s)
	}
}

// Against a configured server the flow runs twice in a row (new order
// numbers every time) and moves the balances by the same amounts.
func TestRunTwiceAgainstAConfiguredServer(t *testing.T) {
	srv := loyaltytest.NewServer()
	defer srv.Close()
	vars := map[string]string{
		loyalty.EnvBaseURL: srv.URL, loyalty.EnvClientID: loyaltytest.DefaultClientID,
		loyalty.EnvClientSecret: loyaltytest.DefaultClientSecret, loyalty.EnvJWTToken: loyaltytest.DefaultJWTToken,
	}
	for run := 1; run <= 2; run++ {
		var out bytes.Buffer
		if err := loyaltyflow.Run(t.Context(), &out, env(vars)); err != nil {
			t.Fatalf("run %d: %v\n%s", run, err, out.String())
		}
		if strings.Contains(out.String(), "in-process") {
			t.Fatal("used its own sandbox despite the credentials")
		}
	}
	card, _ := srv.Card(loyaltytest.CardActive)
	if !card.Balance.Equal(giftcard.MustParseMoney("136.00", "USD").Amount) || card.Points != 620 {
		t.Fatalf("after two runs the documentation's card holds %s and %d points, want 136.00 and 620", card.Balance, card.Points)
	}
	if n := len(srv.Transactions()); n != 12 {
		t.Fatalf("%d transactions, want 6 per run", n)
	}
}

func TestRunFails(t *testing.T) {
	err := loyaltyflow.Run(t.Context(), &bytes.Buffer{}, env(map[string]string{loyalty.EnvClientID: "1"}))
	if err == nil || !strings.Contains(err.Error(), loyalty.EnvClientSecret) {
		t.Fatalf("some variables set: %v", err)
	}
	srv := loyaltytest.NewServer()
	defer srv.Close()
	vars := map[string]string{
		loyalty.EnvBaseURL: srv.URL, loyalty.EnvClientID: loyaltytest.DefaultClientID,
		loyalty.EnvClientSecret: "wrong", loyalty.EnvJWTToken: loyaltytest.DefaultJWTToken,
	}
	if err := loyaltyflow.Run(t.Context(), &bytes.Buffer{}, env(vars)); !errors.Is(err, giftcard.ErrUnauthorized) {
		t.Fatalf("wrong secret: %v", err)
	}
	vars[loyalty.EnvClientSecret] = loyaltytest.DefaultClientSecret
	vars[loyaltyflow.EnvAccountID] = loyaltytest.CardBlocked
	if err := loyaltyflow.Run(t.Context(), &bytes.Buffer{}, env(vars)); !errors.Is(err, giftcard.ErrInvalidRequest) {
		t.Fatalf("blocked card: %v", err)
	}
}
