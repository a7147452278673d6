package hubble_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/hubble/hubbletest"
)

// duplicateAnswers are the ways a server may refuse a reused referenceId:
// Hubble documents none, so the client must be right with each.
var duplicateAnswers = []struct {
	name   string
	answer hubbletest.DuplicateAnswer
	status int
}{
	{"409 DUPLICATE_REFERENCE", hubbletest.DuplicateConflict, http.StatusConflict},
	{"400 undocumented E-code", hubbletest.DuplicateBadRequest, http.StatusBadRequest},
	{"422", hubbletest.DuplicateUnprocessable, http.StatusUnprocessableEntity},
}

// attemptTimeout is how long the client waits for one answer in these
// tests; the sandbox holds the original order past it.
const attemptTimeout = 400 * time.Millisecond

// A slow original lands while the SDK resends: the first POST is held past
// the attempt timeout (the SDK gives up on it, outcome unknown, and the
// sandbox commits it then, as a slow server would), the lookup runs before
// it lands (404), and the resend arrives after it landed, so the resend is
// refused as a duplicate — in whichever shape. The SDK looks the reference
// up again and returns the order: one order, the caller gets it, the
// wallet debited once. (Issue 8, item 1.)
func TestDelayedOriginalLandsWhileTheResendIsRefused(t *testing.T) {
	for _, tc := range duplicateAnswers {
		t.Run(tc.name, func(t *testing.T) {
			srv := sandbox(t, hubbletest.WithDuplicateAnswer(tc.answer))
			c := client(t, srv, giftcard.WithAttemptTimeout(attemptTimeout))
			ctx := t.Context()
			if _, err := c.Brand(ctx, hubbletest.FlipkartID); err != nil { // token and brand cached
				t.Fatal(err)
			}
			before := srv.Balance()
			srv.InjectFault(hubbletest.Fault{Method: http.MethodPost, Path: ordersPath, Delay: -1})
			srv.InjectFault(hubbletest.Fault{Method: http.MethodGet, Path: "/v1/partners/orders/by-reference/", Status: http.StatusNotFound,
				Header: http.Header{"Content-Type": {"application/json"}}, Body: `{"id":"E001","message":"Requested resource is not found"}`})
			srv.InjectFault(hubbletest.Fault{Method: http.MethodPost, Path: ordersPath, Delay: attemptTimeout / 2})
			req := flipkart500()
			req.ReferenceID = "slow-original-" + tc.answer.String()
			o, err := c.PlaceOrder(ctx, req)
			if err != nil {
				t.Fatalf("PlaceOrder: %v", err)
			}
			held := srv.Orders()[len(srv.Orders())-1]
			if o.ID != held.ID || o.ReferenceID != req.ReferenceID || o.Status != giftcard.OrderSuccess || len(o.Vouchers) != 1 {
				t.Fatalf("got %v, the sandbox holds %v", o, held)
			}
			if n := srv.OrdersWithReference(req.ReferenceID); n != 1 {
				t.Fatalf("%d orders for the reference", n)
			}
			if got := before.Sub(srv.Balance()); !got.Equal(dec("500")) {
				t.Fatalf("wallet debited %s, want 500 once", got)
			}
			// The path taken: the original committed after the SDK gave
			// up on it, the resend was refused with the duplicate answer.
			var posts []int
			for _, e := range srv.Requests() {
				if e.Method == http.MethodPost && e.Path == ordersPath && strings.Contains(string(e.Body), req.ReferenceID) {
					posts = append(posts, e.Status)
				}
			}
			if len(posts) != 2 || posts[0] != http.StatusOK || posts[1] != tc.status {
				t.Fatalf("order POSTs answered %v, want the original (200, after the client gave up) then the refused resend (%d)", posts, tc.status)
			}
		})
	}
}

// Eight concurrent calls with one reference while the first POST to arrive
// is slow: every caller gets the same order, which is placed and paid once,
// whatever the server answers to the reused reference. (Issue 8, item 1.)
func TestConcurrentCallsWithOneReferenceAndASlowOriginal(t *testing.T) {
	for _, tc := range duplicateAnswers {
		t.Run(tc.name, func(t *testing.T) {
			srv := sandbox(t, hubbletest.WithDuplicateAnswer(tc.answer))
			c := client(t, srv, giftcard.WithAttemptTimeout(attemptTimeout))
			if _, err := c.Brand(t.Context(), hubbletest.FlipkartID); err != nil {
				t.Fatal(err)
			}
			before := srv.Balance()
			srv.InjectFault(hubbletest.Fault{Method: http.MethodPost, Path: ordersPath, Delay: -1})
			req := flipkart500()
			req.ReferenceID = "concurrent-slow-" + tc.answer.String()
			if id, held := placeConcurrently(t, c, req, 8), srv.Orders()[len(srv.Orders())-1]; id != held.ID {
				t.Fatalf("the callers got order %s, the sandbox holds %s", id, held.ID)
			}
			if k := srv.OrdersWithReference(req.ReferenceID); k != 1 {
				t.Fatalf("%d orders for one reference", k)
			}
			if got := before.Sub(srv.Balance()); !got.Equal(dec("500")) {
				t.Fatalf("wallet debited %s, want 500 once", got)
			}
			refused := 0
			for _, e := range srv.Requests() {
				if e.Method == http.MethodPost && e.Status == tc.status {
					refused++
				}
			}
			if refused == 0 {
				t.Fatalf("no POST was refused with %d: the duplicate answer was not exercised", tc.status)
			}
		})
	}
}
