package loyalty_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/loyalty"
	"github.com/giftcard-go/giftcard/loyalty/loyaltytest"
)

// Input the documentation forbids is refused before the network with a
// ValidationError naming the wire field.
func TestValidationBeforeTheNetwork(t *testing.T) {
	srv, c := newSandbox(t)
	const card = loyaltytest.CardActive
	k := loyalty.EntryKeyed
	long := strings.Repeat("1", 61)
	for _, tc := range []struct {
		name, field string
		call        func(ctx context.Context) error
	}{
		{"activate no account", "accountId", func(ctx context.Context) error {
			_, err := c.Activate(ctx, loyalty.ActivateRequest{EntryType: k, Activating: loyalty.Yes})
			return err
		}},
		{"activate bad entry", "entryType", func(ctx context.Context) error {
			_, err := c.Activate(ctx, loyalty.ActivateRequest{AccountID: card, EntryType: "X", Activating: loyalty.Yes})
			return err
		}},
		{"activate no activating", "activating", func(ctx context.Context) error {
			_, err := c.Activate(ctx, loyalty.ActivateRequest{AccountID: card, EntryType: k})
			return err
		}},
		{"activate bad activating", "activating", func(ctx context.Context) error {
			_, err := c.Activate(ctx, loyalty.ActivateRequest{AccountID: card, EntryType: k, Activating: "y"})
			return err
		}},
		{"activate bad birthday", "customerInfo.birthday", func(ctx context.Context) error {
			_, err := c.Activate(ctx, loyalty.ActivateRequest{AccountID: card, EntryType: k, Activating: loyalty.Yes,
				CustomerInfo: &loyalty.CustomerInfo{Birthday: "20001301"}})
			return err
		}},
		{"activate bad customer type", "customerInfo.customerType", func(ctx context.Context) error {
			_, err := c.Activate(ctx, loyalty.ActivateRequest{AccountID: card, EntryType: k, Activating: loyalty.Yes,
				CustomerInfo: &loyalty.CustomerInfo{CustomerType: "4"}})
			return err
		}},
		{"activate bad country", "customerInfo.country", func(ctx context.Context) error {
			_, err := c.Activate(ctx, loyalty.ActivateRequest{AccountID: card, EntryType: k, Activating: loyalty.Yes,
				CustomerInfo: &loyalty.CustomerInfo{Country: "USA"}})
			return err
		}},
		{"activate bad email", "customerInfo.email", func(ctx context.Context) error {
			_, err := c.Activate(ctx, loyalty.ActivateRequest{AccountID: card, EntryType: k, Activating: loyalty.Yes,
				CustomerInfo: &loyalty.CustomerInfo{Email: "jon at example"}})
			return err
		}},
		{"query control char", "accountId", func(ctx context.Context) error {
			_, err := c.Query(ctx, loyalty.QueryRequest{AccountID: "91\n46", EntryType: k})
			return err
		}},
		{"query no entry", "entryType", func(ctx context.Context) error {
			_, err := c.Query(ctx, loyalty.QueryRequest{AccountID: card})
			return err
		}},
		{"query bad channel", "loyaltyChannel", func(ctx context.Context) error {
			_, err := c.Query(ctx, loyalty.QueryRequest{AccountID: card, EntryType: k, LoyaltyChannel: " "})
			return err
		}},
		{"topup long order", "tranOrderNo", func(ctx context.Context) error {
			_, err := c.TopUp(ctx, loyalty.TopUpRequest{TranOrderNo: long, AccountID: card, EntryType: k, Activating: loyalty.No})
			return err
		}},
		{"topup other currency", "amount", func(ctx context.Context) error {
			_, err := c.TopUp(ctx, loyalty.TopUpRequest{AccountID: card, EntryType: k, Activating: loyalty.No, Amount: giftcard.MustParseMoney("5", "EUR")})
			return err
		}},
		{"topup negative", "amount", func(ctx context.Context) error {
			_, err := c.TopUp(ctx, loyalty.TopUpRequest{AccountID: card, EntryType: k, Activating: loyalty.No, Amount: usd("-5")})
			return err
		}},
		{"pay zero", "amount", func(ctx context.Context) error {
			_, err := c.Pay(ctx, loyalty.PayRequest{AccountID: card, EntryType: k, Amount: usd("0")})
			return err
		}},
		{"pay sub-cent", "amount", func(ctx context.Context) error {
			_, err := c.Pay(ctx, loyalty.PayRequest{AccountID: card, EntryType: k, Amount: usd("10.505")})
			return err
		}},
		{"pay unknown currency", "tranCurrency", func(ctx context.Context) error {
			_, err := c.Pay(ctx, loyalty.PayRequest{AccountID: card, EntryType: k, Amount: giftcard.Money{Amount: dec("1"), Currency: "ZZZ"}})
			return err
		}},
		{"pay long order", "tranOrderNo", func(ctx context.Context) error {
			_, err := c.Pay(ctx, loyalty.PayRequest{TranOrderNo: long, AccountID: card, EntryType: k, Amount: usd("1")})
			return err
		}},
		{"pay blank order", "tranOrderNo", func(ctx context.Context) error {
			_, err := c.Pay(ctx, loyalty.PayRequest{TranOrderNo: "  ", AccountID: card, EntryType: k, Amount: usd("1")})
			return err
		}},
		{"pay bad entry", "entryType", func(ctx context.Context) error {
			_, err := c.Pay(ctx, loyalty.PayRequest{AccountID: card, EntryType: "b", Amount: usd("1")})
			return err
		}},
		{"void no original", "oriOrderNo", func(ctx context.Context) error {
			_, err := c.Void(ctx, loyalty.VoidRequest{})
			return err
		}},
		{"void control char order", "tranOrderNo", func(ctx context.Context) error {
			_, err := c.Void(ctx, loyalty.VoidRequest{OriOrderNo: "1", TranOrderNo: "a\tb"})
			return err
		}},
		{"points zero", "amount", func(ctx context.Context) error {
			_, err := c.IssuePoints(ctx, loyalty.PointsRequest{AccountID: card, EntryType: k})
			return err
		}},
		{"points negative", "amount", func(ctx context.Context) error {
			_, err := c.RedeemPoints(ctx, loyalty.PointsRequest{AccountID: card, EntryType: k, Points: -1})
			return err
		}},
		{"points long order", "tranOrderNo", func(ctx context.Context) error {
			_, err := c.RedeemPoints(ctx, loyalty.PointsRequest{TranOrderNo: long, AccountID: card, EntryType: k, Points: 1})
			return err
		}},
		{"tip no original", "oriOrderNo", func(ctx context.Context) error {
			_, err := c.AddTip(ctx, loyalty.TipRequest{AccountID: card, EntryType: k, Amount: usd("1")})
			return err
		}},
		{"tip no amount", "amount", func(ctx context.Context) error {
			_, err := c.AddTip(ctx, loyalty.TipRequest{OriOrderNo: "1", AccountID: card, EntryType: k})
			return err
		}},
		{"tip no account", "accountId", func(ctx context.Context) error {
			_, err := c.AddTip(ctx, loyalty.TipRequest{OriOrderNo: "1", EntryType: k, Amount: usd("1")})
			return err
		}},
		{"tokens no merchant", "merchantId", func(ctx context.Context) error {
			_, err := c.AccessTokens(ctx, "", "epx")
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := len(srv.Requests())
			err := tc.call(t.Context())
			var ve *giftcard.ValidationError
			if !errors.As(err, &ve) || ve.Field != tc.field || ve.Provider != "loyalty" || !errors.Is(err, giftcard.ErrInvalidRequest) {
				t.Fatalf("got %v, want a ValidationError naming %s", err, tc.field)
			}
			if n := len(srv.Requests()) - before; n != 0 {
				t.Fatalf("%d requests reached the sandbox", n)
			}
		})
	}
	// The documented maximum is 60: 60 passes, and Void and Add Tip, which
	// document none, take a longer one.
	if _, err := c.Pay(t.Context(), loyalty.PayRequest{TranOrderNo: long[:60], AccountID: card, EntryType: k, Amount: usd("1")}); err != nil {
		t.Fatalf("60 characters: %v", err)
	}
	if _, err := c.Void(t.Context(), loyalty.VoidRequest{TranOrderNo: long, OriOrderNo: "404"}); !errors.Is(err, giftcard.ErrNotFound) {
		t.Fatalf("a 61-character void number reaches the sandbox: %v", err)
	}
}

func TestOperations(t *testing.T) {
	srv, c := newSandbox(t)
	ctx := t.Context()
	k := loyalty.EntryKeyed
	const card = loyaltytest.CardNew
	customer := &loyalty.CustomerInfo{CustomerType: loyalty.CustomerPrimary, FirstName: "Jon", LastName: "Doe", Country: "US",
		Email: "jon@example.com", EmailPref: loyalty.OptIn, Birthday: "20000101", IsMobile: loyalty.No, Gender: loyalty.Male}

	// A card not yet activated: its first pay is declined.
	if _, err := c.Pay(ctx, loyalty.PayRequest{AccountID: card, EntryType: k, Amount: usd("1")}); !errors.Is(err, giftcard.ErrProductUnavailable) {
		t.Fatalf("pay on an inactive card: %v", err)
	}
	got, err := c.Activate(ctx, loyalty.ActivateRequest{AccountID: card, EntryType: k, Activating: loyalty.Yes, CustomerInfo: customer})
	if err != nil {
		t.Fatal(err)
	}
	if got.AccountID != card || got.CustomerInfo == nil || *got.CustomerInfo != *customer || len(got.Raw) == 0 {
		t.Fatalf("activate: %+v", got)
	}
	if cash, ok := got.Cash("USD"); !ok || !cash.IsZero() {
		t.Fatalf("a new card holds %v", cash)
	}

	// Top-up without an amount sends none.
	if _, err := c.TopUp(ctx, loyalty.TopUpRequest{AccountID: card, EntryType: k, Activating: loyalty.No}); err != nil {
		t.Fatal(err)
	}
	if b := lastBody(t, srv); strings.Contains(b, `"amount"`) {
		t.Fatalf("a top-up without an amount sent %s", b)
	}
	top, err := c.TopUp(ctx, loyalty.TopUpRequest{AccountID: card, EntryType: k, Activating: loyalty.No, Amount: usd("20")})
	if err != nil || !top.Money().Equal(usd("20.00")) || top.Currency != "USD" {
		t.Fatalf("top-up: %+v %v", top, err)
	}
	if b := lastBody(t, srv); !strings.Contains(b, `"amount":"20.00"`) || strings.Contains(b, "tranCurrency") {
		t.Fatalf("top-up body %s", b)
	}

	pay, err := c.Pay(ctx, loyalty.PayRequest{AccountID: card, EntryType: k, Amount: giftcard.Money{Amount: dec("10.5")}})
	if err != nil || !pay.Money().Equal(usd("10.50")) {
		t.Fatalf("pay: %+v %v", pay, err)
	}
	if b := lastBody(t, srv); !strings.Contains(b, `"amount":"10.50","tranCurrency":"USD"`) {
		t.Fatalf("pay body %s", b)
	}
	tip, err := c.AddTip(ctx, loyalty.TipRequest{OriOrderNo: pay.CheckoutID, AccountID: card, EntryType: k, Amount: usd("2")})
	if err != nil || !tip.Money().Equal(usd("2.00")) {
		t.Fatalf("tip: %+v %v", tip, err)
	}
	if b := lastBody(t, srv); strings.Contains(b, "loyaltyChannel") {
		t.Fatalf("Add Tip documents no loyaltyChannel; sent %s", b)
	}
	v, err := c.Void(ctx, loyalty.VoidRequest{OriOrderNo: pay.CheckoutID})
	if err != nil || v.OriCheckoutID != pay.CheckoutID || v.Currency != "" {
		t.Fatalf("void: %+v %v", v, err)
	}
	iss, err := c.IssuePoints(ctx, loyalty.PointsRequest{AccountID: card, EntryType: k, Points: 100})
	if p, ok := iss.Points(); err != nil || !ok || p != 100 || iss.Currency != "" {
		t.Fatalf("issue points: %+v %v", iss, err)
	}
	if b := lastBody(t, srv); !strings.Contains(b, `"amount":"100"`) {
		t.Fatalf("points travel as a string: %s", b)
	}
	if _, err := c.RedeemPoints(ctx, loyalty.PointsRequest{AccountID: card, EntryType: k, Points: 40}); err != nil {
		t.Fatal(err)
	}
	final, err := c.Query(ctx, loyalty.QueryRequest{AccountID: card, EntryType: k})
	if err != nil {
		t.Fatal(err)
	}
	cash, _ := final.Cash("USD")
	pts, _ := final.Points()
	if !cash.Equal(usd("18.00")) || pts != 60 {
		t.Fatalf("final balances %s and %d points, want 18.00 USD and 60", cash, pts)
	}
	// Every body carries the client's clientId, first, and the channel.
	for _, e := range srv.Requests() {
		if !strings.HasPrefix(string(e.Body), `{"clientId":"`+loyaltytest.DefaultClientID+`"`) {
			t.Errorf("%s: body %s", e.Path, e.Body)
		}
	}
}

func lastBody(t *testing.T, srv *loyaltytest.Server) string {
	t.Helper()
	reqs := srv.Requests()
	b := reqs[len(reqs)-1].Body
	if !json.Valid(b) {
		t.Fatalf("not JSON: %s", b)
	}
	return string(b)
}
