package loyalty_test

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/giftcardtest"
	"github.com/giftcard-go/giftcard/loyalty"
	"github.com/giftcard-go/giftcard/loyalty/loyaltytest"
)

var start = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// newSandbox starts a sandbox and a client on it sharing one self-advancing
// fake clock, so retries and token lifetimes never wait on the wall clock.
func newSandbox(t testing.TB, opts ...loyaltytest.Option) (*loyaltytest.Server, *loyalty.Client) {
	t.Helper()
	srv, cfg, gopts := sandbox(t, opts...)
	c, err := loyalty.New(cfg, gopts...)
	if err != nil {
		t.Fatal(err)
	}
	return srv, c
}

func sandbox(t testing.TB, opts ...loyaltytest.Option) (*loyaltytest.Server, loyalty.Config, []giftcard.Option) {
	t.Helper()
	clk := giftcardtest.NewClock(start)
	srv := loyaltytest.NewServer(append([]loyaltytest.Option{loyaltytest.WithClock(clk)}, opts...)...)
	t.Cleanup(srv.Close)
	return srv, srv.Config(), []giftcard.Option{giftcard.WithClock(clk), giftcard.WithHTTPClient(srv.Client())}
}

func usd(s string) giftcard.Money { return giftcard.MustParseMoney(s, "USD") }

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// count counts the sandbox's committed transactions of op.
func count(srv *loyaltytest.Server, op string) int {
	n := 0
	for _, t := range srv.Transactions() {
		if t.Op == op {
			n++
		}
	}
	return n
}

func balance(t testing.TB, srv *loyaltytest.Server, account string) decimal.Decimal {
	t.Helper()
	c, ok := srv.Card(account)
	if !ok {
		t.Fatalf("no card %s", account)
	}
	return c.Balance
}
