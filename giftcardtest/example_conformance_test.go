package giftcardtest_test

import (
	"testing"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/giftcardtest"
	"github.com/giftcard-go/giftcard/hubble"
	"github.com/giftcard-go/giftcard/hubble/hubbletest"
)

// A provider package runs the suite against its sandbox, in a test of its
// own: each sub-test gets a fresh sandbox and client from New.
func ExampleRunConformance() {
	testConformance := func(t *testing.T) {
		clk := giftcardtest.NewClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
		giftcardtest.RunConformance(t, giftcardtest.Subject{
			New: func(t *testing.T) (any, func() int) {
				srv := hubbletest.NewServer(hubbletest.WithClock(clk))
				t.Cleanup(srv.Close)
				c, err := hubble.New(srv.Config(), giftcard.WithClock(clk))
				if err != nil {
					t.Fatal(err)
				}
				return c, func() int { return len(srv.Requests()) }
			},
			Claims: []giftcardtest.Capability{giftcardtest.Catalog, giftcardtest.Wallet, giftcardtest.Orders},
			NewOrder: func(*testing.T) giftcard.OrderRequest {
				return giftcard.OrderRequest{ProductID: hubbletest.FlipkartID,
					Items: []giftcard.OrderItem{{Denomination: giftcard.MustParseMoney("500", "INR"), Quantity: 1}}}
			},
			Poll: giftcard.PollPolicy{Clock: clk},
		})
	}
	_ = testConformance // in a _test.go file: func TestConformance(t *testing.T) { … }
}

// The example's code really passes.
func TestExampleRunConformanceSubjectPasses(t *testing.T) {
	clk := giftcardtest.NewClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	giftcardtest.RunConformance(t, giftcardtest.Subject{
		New: func(t *testing.T) (any, func() int) {
			srv := hubbletest.NewServer(hubbletest.WithClock(clk))
			t.Cleanup(srv.Close)
			c, err := hubble.New(srv.Config(), giftcard.WithClock(clk))
			if err != nil {
				t.Fatal(err)
			}
			return c, func() int { return len(srv.Requests()) }
		},
		Claims: []giftcardtest.Capability{giftcardtest.Wallet, giftcardtest.Orders},
		NewOrder: func(*testing.T) giftcard.OrderRequest {
			return giftcard.OrderRequest{ProductID: hubbletest.FlipkartID,
				Items: []giftcard.OrderItem{{Denomination: giftcard.MustParseMoney("500", "INR"), Quantity: 1}}}
		},
		Poll: giftcard.PollPolicy{Clock: clk},
	})
}
