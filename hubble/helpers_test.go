package hubble_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/hubble"
	"github.com/giftcard-go/giftcard/hubble/hubbletest"
)

// t0 is the fake clocks' start.
var t0 = time.Date(2026, 2, 25, 10, 0, 0, 0, time.UTC)

// sandbox starts a hubbletest server, closed with the test.
func sandbox(t testing.TB, opts ...hubbletest.Option) *hubbletest.Server {
	t.Helper()
	srv := hubbletest.NewServer(opts...)
	t.Cleanup(srv.Close)
	return srv
}

// client builds a client for srv through srv's HTTP client.
func client(t testing.TB, srv *hubbletest.Server, opts ...giftcard.Option) *hubble.Client {
	t.Helper()
	return clientWith(t, srv, srv.Config(), opts...)
}

func clientWith(t testing.TB, srv *hubbletest.Server, cfg hubble.Config, opts ...giftcard.Option) *hubble.Client {
	t.Helper()
	c, err := hubble.New(cfg, append([]giftcard.Option{giftcard.WithHTTPClient(srv.Client())}, opts...)...)
	if err != nil {
		t.Fatalf("hubble.New: %v", err)
	}
	return c
}

func inr(v string) giftcard.Money { return giftcard.MustParseMoney(v, "INR") }

func dec(v string) decimal.Decimal { return decimal.RequireFromString(v) }

func denoms(pairs ...any) []hubble.DenominationDetail {
	var out []hubble.DenominationDetail
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, hubble.DenominationDetail{Denomination: decimal.NewFromInt(int64(pairs[i].(int))), Quantity: pairs[i+1].(int)})
	}
	return out
}

// flipkart500 is the guide's Flipkart order: one voucher of 500.
func flipkart500() giftcard.OrderRequest {
	return giftcard.OrderRequest{ProductID: hubbletest.FlipkartID,
		Items: []giftcard.OrderItem{{Denomination: inr("500"), Quantity: 1}}}
}

// asError returns err as a *giftcard.Error or fails.
func asError(t testing.TB, err error) *giftcard.Error {
	t.Helper()
	var ge *giftcard.Error
	if !errors.As(err, &ge) {
		t.Fatalf("error %v (%T) is not a *giftcard.Error", err, err)
	}
	return ge
}

// asValidation returns err as a *giftcard.ValidationError or fails.
func asValidation(t testing.TB, err error) *giftcard.ValidationError {
	t.Helper()
	var ve *giftcard.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("error %v (%T) is not a *giftcard.ValidationError", err, err)
	}
	return ve
}

// placeConcurrently places req from n goroutines at once: every call must
// succeed with the same order, whose id it returns.
func placeConcurrently(t *testing.T, c *hubble.Client, req giftcard.OrderRequest, n int) string {
	t.Helper()
	ids := make(chan string, n)
	failed := run(t, n, func(ctx context.Context) error {
		o, err := c.PlaceOrder(ctx, req)
		if err == nil {
			ids <- o.ID
		}
		return err
	})
	close(ids)
	if failed != 0 {
		t.Fatalf("%d of %d calls failed", failed, n)
	}
	first := <-ids
	for id := range ids {
		if id != first {
			t.Fatalf("callers got orders %s and %s", first, id)
		}
	}
	return first
}
