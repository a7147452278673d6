package wolfe_test

import (
	"errors"
	"testing"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/giftcardtest"
	"github.com/giftcard-go/giftcard/wolfe"
	"github.com/giftcard-go/giftcard/wolfe/wolfetest"
)

// t0 is the fake clocks' start.
var t0 = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

// sandbox starts a wolfetest server on a fake clock, closed with the test.
// Its catalog is small unless opts say otherwise, so tests stay fast.
func newSandbox(t testing.TB, opts ...wolfetest.Option) *wolfetest.Server {
	t.Helper()
	srv := wolfetest.NewServer(append([]wolfetest.Option{wolfetest.WithClock(giftcardtest.NewClock(t0)), wolfetest.WithMerchants(40)}, opts...)...)
	t.Cleanup(srv.Close)
	return srv
}

// client builds a client for srv on a self-advancing fake clock (retry
// backoff never waits on the wall clock).
func client(t testing.TB, srv *wolfetest.Server, opts ...giftcard.Option) *wolfe.Client {
	t.Helper()
	c, err := srv.NewClient(append([]giftcard.Option{giftcard.WithClock(giftcardtest.NewClock(t0))}, opts...)...)
	if err != nil {
		t.Fatalf("wolfe.New: %v", err)
	}
	return c
}

func usd(v string) giftcard.Money { return giftcard.MustParseMoney(v, "USD") }

// asError returns err as a *giftcard.Error or fails.
func asError(t testing.TB, err error) *giftcard.Error {
	t.Helper()
	var ge *giftcard.Error
	if !errors.As(err, &ge) {
		t.Fatalf("got %T %v, want a *giftcard.Error", err, err)
	}
	return ge
}

// purchase25 is a $25 notified gift at Amazon.com with no reference.
func purchase25() wolfe.PurchaseRequest {
	return wolfe.PurchaseRequest{Amount: usd("25"), MerchantID: wolfetest.AmazonID, Email: "recipient@example.com",
		Message: "Thank you!"}
}

// charged is amount + the sandbox's default fee.
func charged(amount giftcard.Money) giftcard.Money {
	cents, err := amount.Minor()
	if err != nil {
		panic(err)
	}
	m, _ := giftcard.FromMinor(cents+wolfetest.DefaultFee(cents), "USD")
	return m
}

func mustSub(t testing.TB, a, b giftcard.Money) giftcard.Money {
	t.Helper()
	d, err := a.Sub(b)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
