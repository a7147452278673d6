package orbt_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/giftcardtest"
	"github.com/giftcard-go/giftcard/orbt"
	"github.com/giftcard-go/giftcard/orbt/orbttest"
)

// TestRetryWithinOneMillisecondIsResigned: full-jitter backoff can resend
// within the millisecond of the previous attempt. Every attempt of one call
// must still carry a later x-timestamp and so a new signature; a server that
// refuses replayed signatures accepts each of them.
func TestRetryWithinOneMillisecondIsResigned(t *testing.T) {
	// The clock moves only by the backoff sleeps, here at most 1ns each.
	clk := giftcardtest.NewClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	srv := orbttest.NewServer(orbttest.WithClock(clk), orbttest.WithRejectReplays())
	t.Cleanup(srv.Close)
	c, err := orbt.New(srv.Config(), giftcard.WithClock(clk),
		giftcard.WithRetryPolicy(giftcard.RetryPolicy{BaseDelay: time.Nanosecond, MaxDelay: time.Nanosecond}))
	if err != nil {
		t.Fatal(err)
	}
	js := http.Header{"Content-Type": {"application/json"}}

	// CreateCustomer: the first create fails with a 500 before committing;
	// the reconciliation lookup finds nothing and the create is sent again
	// with the same body, in the same millisecond.
	srv.InjectFault(orbttest.Fault{Method: "POST", Path: "/api/partner/v1/customer", Status: 500, Header: js,
		Body: `{"success":false,"error":{"error":"INTERNAL_ERROR","message":"x"}}`})
	cust, err := c.CreateCustomer(ctx, orbt.CreateCustomerRequest{FullName: "Same Ms", Email: "same-ms@example.com", Currency: "USD", InitialFunds: dec("5")})
	if err != nil || !cust.Reconciled {
		t.Fatalf("CreateCustomer = %+v, %v", cust, err)
	}

	// A wallet transaction answered 503, 503 (no Retry-After), then 200.
	srv.InjectFault(orbttest.Fault{Method: "POST", Path: "/api/partner/v1/wallets/", Status: 503, Times: 2, Header: js, Body: `{"Message":"Service Unavailable"}`})
	if _, err := c.CreateWalletTransaction(ctx, cust.WalletID, orbt.WalletTransactionRequest{Amount: dec("1"), Type: orbt.Credit, ReferenceID: "same-ms-1"}); err != nil {
		t.Fatal(err)
	}

	for _, prefix := range []string{"/api/partner/v1/customer", "/api/partner/v1/wallets/"} {
		var stamps []string
		for _, e := range srv.Requests() {
			if e.Method == "POST" && strings.HasPrefix(e.Path, prefix) {
				stamps = append(stamps, e.Header.Get("X-Timestamp"))
			}
		}
		want := map[string]int{"/api/partner/v1/customer": 2, "/api/partner/v1/wallets/": 3}[prefix]
		if len(stamps) != want {
			t.Fatalf("%s: %d attempts, want %d", prefix, len(stamps), want)
		}
		for i := 1; i < len(stamps); i++ {
			if stamps[i] <= stamps[i-1] {
				t.Errorf("%s: attempt %d stamped %s after %s; want a later timestamp", prefix, i+1, stamps[i], stamps[i-1])
			}
		}
	}
	if r := srv.Replays(); len(r) != 0 {
		t.Errorf("%d requests repeated an earlier signature (first: %s %s)", len(r), r[0].Method, r[0].Path)
	}
	if srv.CustomerCount() != 1 || srv.TransactionCount() != 1 {
		t.Errorf("%d customers, %d transactions", srv.CustomerCount(), srv.TransactionCount())
	}
}
