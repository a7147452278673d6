package giftcard_test

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/giftcardtest"
	"github.com/giftcard-go/giftcard/hubble"
	"github.com/giftcard-go/giftcard/hubble/hubbletest"
)

// These tests run the multi-provider Client against two Hubble sandboxes,
// a primary and a backup account, and count what each sandbox journaled
// and holds: orders per reference, order POSTs, lookups by reference, and
// the wallet's debits (its balance).

var t0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

const (
	ordersPath = "/v1/partners/orders"
	byRefPath  = "/v1/partners/orders/by-reference/"
)

// hubbleAccount is one Hubble sandbox and a hubble.Client for it whose
// backoff runs on a self-advancing fake clock (no wall-clock sleeps).
type hubbleAccount struct {
	srv    *hubbletest.Server
	client *hubble.Client
}

func newHubbleAccount(t *testing.T) hubbleAccount {
	t.Helper()
	srv := hubbletest.NewServer()
	t.Cleanup(srv.Close)
	c, err := hubble.New(srv.Config(), giftcard.WithHTTPClient(srv.Client()), giftcard.WithClock(giftcardtest.NewClock(t0)))
	if err != nil {
		t.Fatal(err)
	}
	return hubbleAccount{srv: srv, client: c}
}

// posts counts order POSTs the sandbox received.
func (a hubbleAccount) posts() int {
	n := 0
	for _, e := range a.srv.Requests() {
		if e.Method == http.MethodPost && e.Path == ordersPath {
			n++
		}
	}
	return n
}

// lookups counts GET /orders/by-reference/ requests.
func (a hubbleAccount) lookups() int { return a.srv.CountRequests(http.MethodGet, byRefPath) }

// debited is how much the wallet lost since the sandbox started.
func (a hubbleAccount) debited() decimal.Decimal {
	return decimal.NewFromInt(hubbletest.DefaultBalance).Sub(a.srv.Balance())
}

// counts checks a sandbox's orders, order POSTs and lookups. Every routed
// order under a caller's reference first looks that reference up at the
// backup (the look-ahead of PlaceOrder): that is the backup's lookup in
// most tests below.
func (a hubbleAccount) counts(t *testing.T, who string, orders, posts, lookups int) {
	t.Helper()
	got := len(a.srv.Orders())
	t.Logf("%s: %d orders, %d order POSTs, %d lookups by reference, balance %s", who, got, a.posts(), a.lookups(), a.srv.Balance())
	if got != orders || a.posts() != posts || a.lookups() != lookups {
		t.Errorf("%s: %d orders, %d order POSTs, %d lookups; want %d, %d, %d", who, got, a.posts(), a.lookups(), orders, posts, lookups)
	}
}

// twoAccounts registers primary as "hubble" and backup as "hubble-backup",
// with every INR order routed primary first, then backup.
func twoAccounts(t *testing.T, breaker giftcard.BreakerPolicy) (primary, backup hubbleAccount, c *giftcard.Client) {
	t.Helper()
	return twoAccountsWith(t, breaker, false)
}

// twoAccountsWith is twoAccounts with RoutingPolicy.NoLookAhead set as given.
func twoAccountsWith(t *testing.T, breaker giftcard.BreakerPolicy, noLookAhead bool) (primary, backup hubbleAccount, c *giftcard.Client) {
	t.Helper()
	primary, backup = newHubbleAccount(t), newHubbleAccount(t)
	c, err := giftcard.NewClientWithOptions(
		[]giftcard.Provider{primary.client, giftcard.Named("hubble-backup", backup.client)},
		giftcard.WithRouting(giftcard.RoutingPolicy{Rules: []giftcard.RoutingRule{
			{Currency: "INR", Candidates: []string{"hubble", "hubble-backup"}},
		}, NoLookAhead: noLookAhead}),
		giftcard.WithBreaker(breaker),
	)
	if err != nil {
		t.Fatal(err)
	}
	return primary, backup, c
}

// flipkart is a 500 INR Flipkart voucher ordered as the Client's catalog
// names it.
func flipkart(ref string) giftcard.OrderRequest {
	return giftcard.OrderRequest{ProductID: "hubble:" + hubbletest.FlipkartID, ReferenceID: ref,
		Items: []giftcard.OrderItem{{Denomination: giftcard.MustParseMoney("500", "INR"), Quantity: 1}}}
}

var five00 = decimal.NewFromInt(500)

func TestClientFailover_PrimaryShortOfFunds_OrdersOnBackup(t *testing.T) {
	primary, backup, c := twoAccounts(t, giftcard.BreakerPolicy{})
	primary.srv.SetBalance(decimal.NewFromInt(100))

	o, err := c.PlaceOrder(t.Context(), flipkart("order-a"))
	if err != nil {
		t.Fatal(err)
	}
	if o.Provider != "hubble-backup" || o.ReferenceID != "order-a-1" || o.ProductID != "hubble-backup:"+hubbletest.FlipkartID || o.Status != giftcard.OrderSuccess {
		t.Errorf("order = %v; want a SUCCESS on hubble-backup with reference order-a-1", o)
	}
	// Primary: refused once (E300), nothing created, nothing debited.
	primary.counts(t, "primary", 0, 1, 0)
	if primary.srv.OrdersWithReference("order-a-0") != 0 || !primary.srv.Balance().Equal(decimal.NewFromInt(100)) {
		t.Errorf("primary holds an order or was debited: balance %s", primary.srv.Balance())
	}
	// Backup: the look-ahead lookup of order-a-1 (not found) before the
	// primary was tried, then one order, one debit of 500.
	backup.counts(t, "backup", 1, 1, 1)
	if backup.srv.OrdersWithReference("order-a-1") != 1 || !backup.debited().Equal(five00) {
		t.Errorf("backup: %d orders with order-a-1, debited %s; want 1 and 500", backup.srv.OrdersWithReference("order-a-1"), backup.debited())
	}
	if got := c.Circuit("hubble"); got != giftcard.CircuitClosed {
		t.Errorf("insufficient funds opened the circuit: %s", got)
	}
}

func TestClientFailover_PrimaryDropsAnswerAfterCommit_NoFailover(t *testing.T) {
	primary, backup, c := twoAccounts(t, giftcard.BreakerPolicy{})
	primary.srv.InjectFault(hubbletest.Fault{Method: http.MethodPost, Path: ordersPath, DropAfterCommit: true})

	o, err := c.PlaceOrder(t.Context(), flipkart("order-b"))
	if err != nil {
		t.Fatal(err)
	}
	// Hubble's own PlaceOrder found the committed order by reference.
	if o.Provider != "hubble" || o.ReferenceID != "order-b-0" || o.Status != giftcard.OrderSuccess {
		t.Errorf("order = %v; want the primary's order-b-0", o)
	}
	primary.counts(t, "primary", 1, 1, 1)
	if primary.srv.OrdersWithReference("order-b-0") != 1 || !primary.debited().Equal(five00) {
		t.Errorf("primary: debited %s, want 500 once", primary.debited())
	}
	// The backup was only asked whether it holds order-b-1 (look-ahead).
	backup.counts(t, "backup", 0, 0, 1)
	if n := len(backup.srv.Requests()) - backup.srv.Logins(); n != 1 {
		t.Errorf("the backup got %d requests besides its login; want the one lookup", n)
	}
}

func TestClientFailover_UnknownOutcome_NotFailedOver_RetryPlacesNothingNew(t *testing.T) {
	primary, backup, c := twoAccounts(t, giftcard.BreakerPolicy{})
	// The answer is lost after commit and the lookups fail too: the
	// outcome stays unknown.
	primary.srv.InjectFault(hubbletest.Fault{Method: http.MethodPost, Path: ordersPath, DropAfterCommit: true})
	primary.srv.InjectFault(hubbletest.Fault{Method: http.MethodGet, Path: byRefPath, Status: http.StatusServiceUnavailable, Times: -1})

	o, err := c.PlaceOrder(t.Context(), flipkart("order-c"))
	if !errors.Is(err, giftcard.ErrOutcomeUnknown) {
		t.Fatalf("err = %v; want ErrOutcomeUnknown", err)
	}
	var re *giftcard.RoutingError
	if !errors.As(err, &re) || re.ReferenceID != "order-c" || re.Last().Provider != "hubble" || re.Last().ReferenceID != "order-c-0" || len(re.Attempts) != 1 {
		t.Fatalf("err = %#v; want a RoutingError naming hubble and order-c-0 only", err)
	}
	if o.Provider != "hubble" || o.ReferenceID != "order-c-0" {
		t.Errorf("order = %v; want the provider and reference to reconcile with", o)
	}
	// One POST (committed, answer lost); one lookup answered 503 and
	// retried by the transport: 4 GETs.
	primary.counts(t, "primary after the unknown outcome", 1, 1, 4)
	backup.counts(t, "backup after the unknown outcome", 0, 0, 1)

	// The caller retries the whole call with the same reference once
	// Hubble answers again: the primary's order is found, nothing new.
	primary.srv.ClearFaults()
	o, err = c.PlaceOrder(t.Context(), flipkart("order-c"))
	if err != nil {
		t.Fatal(err)
	}
	if o.Provider != "hubble" || o.ReferenceID != "order-c-0" || o.Status != giftcard.OrderSuccess {
		t.Errorf("retry = %v; want the primary's order-c-0", o)
	}
	// The retry's POST is answered 409 (the reference is held); the order
	// holding it is read back: one more lookup.
	primary.counts(t, "primary after the retry", 1, 2, 5)
	if primary.srv.OrdersWithReference("order-c-0") != 1 || !primary.debited().Equal(five00) {
		t.Errorf("primary debited %s, want 500 once", primary.debited())
	}
	backup.counts(t, "backup after the retry", 0, 0, 2)
}

func TestClientFailover_RetriedCall_PlacesNothingNew(t *testing.T) {
	primary, backup, c := twoAccounts(t, giftcard.BreakerPolicy{})
	primary.srv.SetBalance(decimal.NewFromInt(100))
	first, err := c.PlaceOrder(t.Context(), flipkart("order-d"))
	if err != nil {
		t.Fatal(err)
	}
	primary.counts(t, "primary after the call", 0, 1, 0)
	backup.counts(t, "backup after the call", 1, 1, 1)

	// The same call again (the caller never saw the first answer).
	again, err := c.PlaceOrder(t.Context(), flipkart("order-d"))
	if err != nil {
		t.Fatal(err)
	}
	if again.ID != first.ID || again.Provider != "hubble-backup" || again.ReferenceID != "order-d-1" {
		t.Errorf("retry = %v; want %v", again, first)
	}
	// The look-ahead finds order-d-1 at the backup before anything is sent
	// to the primary: no second order, no second debit.
	primary.counts(t, "primary after the retry", 0, 1, 0)
	backup.counts(t, "backup after the retry", 1, 1, 2)
	if backup.srv.OrdersWithReference("order-d-1") != 1 || !backup.debited().Equal(five00) {
		t.Errorf("backup debited %s, want 500 once", backup.debited())
	}
}

func TestClientFailover_RetryPastOpenCircuit_FindsTheEarlierOrder(t *testing.T) {
	clk := giftcardtest.NewClock(t0)
	primary, backup, c := twoAccounts(t, giftcard.BreakerPolicy{Threshold: 1, CoolDown: time.Minute, Clock: clk})

	// The first call is placed on the primary, but the caller never sees
	// the answer.
	if _, err := c.PlaceOrder(t.Context(), flipkart("order-e")); err != nil {
		t.Fatal(err)
	}
	// Then the primary's order service fails and its circuit opens.
	primary.srv.InjectFault(hubbletest.Fault{Method: http.MethodPost, Path: ordersPath, Status: http.StatusServiceUnavailable, Times: -1})
	if _, err := c.PlaceOrder(t.Context(), flipkart("other")); !errors.Is(err, giftcard.ErrOutcomeUnknown) {
		t.Fatalf("err = %v; want ErrOutcomeUnknown", err)
	}
	if got := c.Circuit("hubble"); got != giftcard.CircuitOpen {
		t.Fatalf("circuit %s, want open", got)
	}
	postsBefore, lookupsBefore := primary.posts(), primary.lookups()

	// The retry skips the primary, but looks order-e-0 up there before
	// placing with the backup, and finds it.
	o, err := c.PlaceOrder(t.Context(), flipkart("order-e"))
	if err != nil {
		t.Fatal(err)
	}
	if o.Provider != "hubble" || o.ReferenceID != "order-e-0" || o.Status != giftcard.OrderSuccess {
		t.Errorf("retry = %v; want the primary's order-e-0", o)
	}
	primary.counts(t, "primary", 1, postsBefore, lookupsBefore+1)
	// Look-ahead lookups of order-e-1 and other-1; none by the retry,
	// which found the order at the primary before reaching the backup.
	backup.counts(t, "backup", 0, 0, 2)
	if !primary.debited().Equal(five00) {
		t.Errorf("primary debited %s, want 500 once", primary.debited())
	}
}

func TestClientBreaker_OpensSkipsAndCloses(t *testing.T) {
	clk := giftcardtest.NewClock(t0)
	primary, backup, c := twoAccounts(t, giftcard.BreakerPolicy{Threshold: 3, CoolDown: time.Minute, Clock: clk})
	down := hubbletest.Fault{Method: http.MethodPost, Path: ordersPath, Status: http.StatusServiceUnavailable, Times: -1}
	primary.srv.InjectFault(down)

	// Three orders fail on the primary with an unknown outcome (a 503 to a
	// POST may come after a commit): none fails over, the third opens the
	// circuit.
	for i, ref := range []string{"brk-1", "brk-2", "brk-3"} {
		if got := c.Circuit("hubble"); got != giftcard.CircuitClosed {
			t.Fatalf("before call %d: circuit %s, want closed", i+1, got)
		}
		_, err := c.PlaceOrder(t.Context(), flipkart(ref))
		if !errors.Is(err, giftcard.ErrOutcomeUnknown) || !errors.Is(err, giftcard.ErrProviderUnavailable) {
			t.Fatalf("call %d: err = %v; want an unknown outcome", i+1, err)
		}
	}
	if got := c.Circuit("hubble"); got != giftcard.CircuitOpen {
		t.Fatalf("after 3 failures: circuit %s, want open", got)
	}
	// Each failed call: the POST (503), then hubble's reconciliation —
	// 3 rounds of lookup (404) and resend (503): 4 POSTs, 3 lookups.
	primary.counts(t, "primary after 3 failed calls", 0, 12, 9)
	backup.counts(t, "backup after 3 failed calls", 0, 0, 3) // look-ahead, one per call

	// Open: the primary is skipped. With the caller's reference, its
	// reference is looked up there first (nothing found), then the backup
	// places the order.
	o, err := c.PlaceOrder(t.Context(), flipkart("brk-4"))
	if err != nil {
		t.Fatal(err)
	}
	if o.Provider != "hubble-backup" || o.ReferenceID != "brk-4-1" {
		t.Errorf("order = %v; want hubble-backup's brk-4-1", o)
	}
	// With a generated reference nothing can hold it: no lookup at all.
	o, err = c.PlaceOrder(t.Context(), flipkart(""))
	if err != nil {
		t.Fatal(err)
	}
	if o.Provider != "hubble-backup" || len(o.ReferenceID) != 38 {
		t.Errorf("order = %v; want hubble-backup with a generated reference-1", o)
	}
	primary.counts(t, "primary while open", 0, 12, 10)
	backup.counts(t, "backup while open", 2, 2, 3) // placing with it: nothing after it to look up

	// After the cool-down the circuit is half-open: one trial goes to the
	// primary. It fails, and the circuit opens again.
	clk.Advance(time.Minute)
	if got := c.Circuit("hubble"); got != giftcard.CircuitHalfOpen {
		t.Fatalf("after the cool-down: circuit %s, want half-open", got)
	}
	if _, err := c.PlaceOrder(t.Context(), flipkart("brk-5")); !errors.Is(err, giftcard.ErrOutcomeUnknown) {
		t.Fatalf("trial: err = %v; want the primary's unknown outcome", err)
	}
	if got := c.Circuit("hubble"); got != giftcard.CircuitOpen {
		t.Fatalf("after a failed trial: circuit %s, want open", got)
	}
	primary.counts(t, "primary after the failed trial", 0, 16, 13)

	// The primary recovers; after another cool-down the trial succeeds and
	// closes the circuit.
	primary.srv.ClearFaults()
	clk.Advance(time.Minute)
	o, err = c.PlaceOrder(t.Context(), flipkart("brk-6"))
	if err != nil {
		t.Fatal(err)
	}
	if o.Provider != "hubble" || o.ReferenceID != "brk-6-0" {
		t.Errorf("order = %v; want the primary's brk-6-0", o)
	}
	if got := c.Circuit("hubble"); got != giftcard.CircuitClosed {
		t.Fatalf("after a good trial: circuit %s, want closed", got)
	}
	primary.counts(t, "primary at the end", 1, 17, 13)
	backup.counts(t, "backup at the end", 2, 2, 5) // brk-5 and brk-6 looked ahead
	if !primary.debited().Equal(five00) || !backup.debited().Equal(decimal.NewFromInt(1000)) {
		t.Errorf("debited: primary %s (want 500), backup %s (want 1000)", primary.debited(), backup.debited())
	}
}

// TestClientBreaker_TotalOutage_CallerReferenceWaitsForThePrimary: when
// the primary answers nothing at all, its open circuit is skipped, but a
// caller's reference cannot be checked there, so the call stops with an
// unknown outcome naming the primary rather than risk a second order on
// the backup; a generated reference, which nothing can hold, fails over.
func TestClientBreaker_TotalOutage_CallerReferenceWaitsForThePrimary(t *testing.T) {
	clk := giftcardtest.NewClock(t0)
	primary, backup, c := twoAccounts(t, giftcard.BreakerPolicy{Threshold: 1, CoolDown: time.Minute, Clock: clk})
	primary.srv.InjectFault(hubbletest.Fault{Status: http.StatusServiceUnavailable, Times: -1})

	if _, err := c.PlaceOrder(t.Context(), flipkart("out-1")); !errors.Is(err, giftcard.ErrProviderUnavailable) {
		t.Fatalf("err = %v; want the primary's outage", err)
	}
	if got := c.Circuit("hubble"); got != giftcard.CircuitOpen {
		t.Fatalf("circuit %s, want open", got)
	}
	backup.counts(t, "backup after the first call", 0, 0, 1)

	o, err := c.PlaceOrder(t.Context(), flipkart("out-1"))
	var re *giftcard.RoutingError
	if !errors.Is(err, giftcard.ErrOutcomeUnknown) || !errors.As(err, &re) || re.Last().Provider != "hubble" || re.Last().ReferenceID != "out-1-0" || o.ReferenceID != "out-1-0" {
		t.Fatalf("retry: %v, %v; want an unknown outcome naming hubble and out-1-0", o, err)
	}
	backup.counts(t, "backup after the retry", 0, 0, 1)

	o, err = c.PlaceOrder(t.Context(), flipkart(""))
	if err != nil || o.Provider != "hubble-backup" {
		t.Fatalf("generated reference: %v, %v; want the backup's order", o, err)
	}
	backup.counts(t, "backup after a generated reference", 1, 1, 1)
	// Every request to the primary was a login answered 503: nothing else
	// was ever sent to it.
	primary.counts(t, "primary", 0, 0, 0)
	if primary.srv.Logins() == 0 || primary.srv.Logins() != len(primary.srv.Requests()) {
		t.Errorf("primary: %d logins of %d requests", primary.srv.Logins(), len(primary.srv.Requests()))
	}
}

// TestClientFailover_RetryAfterBackupPlaced_PrimaryRecovered: the first
// call fails over to the backup (primary short of funds) and the caller
// never sees its answer; by the retry the primary has been topped up. The
// retry must not place on the primary: the look-ahead finds the backup's
// order first.
func TestClientFailover_RetryAfterBackupPlaced_PrimaryRecovered(t *testing.T) {
	primary, backup, c := twoAccounts(t, giftcard.BreakerPolicy{})
	primary.srv.SetBalance(decimal.NewFromInt(100))
	first, err := c.PlaceOrder(t.Context(), flipkart("order-f"))
	if err != nil || first.Provider != "hubble-backup" {
		t.Fatalf("first call: %v, %v; want the backup's order", first, err)
	}
	primary.srv.SetBalance(decimal.NewFromInt(hubbletest.DefaultBalance))

	again, err := c.PlaceOrder(t.Context(), flipkart("order-f"))
	if err != nil {
		t.Fatal(err)
	}
	if again.ID != first.ID || again.Provider != "hubble-backup" || again.ReferenceID != "order-f-1" {
		t.Errorf("retry = %v; want the backup's %v", again, first)
	}
	// Primary: the first call's refused POST only. Backup: one order, one
	// debit; a lookup by each call.
	primary.counts(t, "primary", 0, 1, 0)
	backup.counts(t, "backup", 1, 1, 2)
	if primary.srv.OrdersWithReference("order-f-0") != 0 || !primary.debited().IsZero() || !backup.debited().Equal(five00) {
		t.Errorf("debited: primary %s (want 0), backup %s (want 500)", primary.debited(), backup.debited())
	}
}

// TestClientFailover_LookAheadUnanswered_NothingPlaced: when a later
// candidate cannot be asked whether it holds the caller's reference, the
// call places nothing and ends with an unknown outcome naming it (an
// earlier call may have placed the order there); a generated reference is
// placed as usual, with no lookup.
func TestClientFailover_LookAheadUnanswered_NothingPlaced(t *testing.T) {
	primary, backup, c := twoAccounts(t, giftcard.BreakerPolicy{})
	backup.srv.InjectFault(hubbletest.Fault{Method: http.MethodGet, Path: byRefPath, Status: http.StatusServiceUnavailable, Times: -1})

	o, err := c.PlaceOrder(t.Context(), flipkart("order-g"))
	var re *giftcard.RoutingError
	if !errors.Is(err, giftcard.ErrOutcomeUnknown) || !errors.As(err, &re) || re.Last().Provider != "hubble-backup" || re.Last().ReferenceID != "order-g-1" {
		t.Fatalf("got %v, %v; want an unknown outcome naming hubble-backup and order-g-1", o, err)
	}
	if o.Provider != "hubble-backup" || o.ReferenceID != "order-g-1" {
		t.Errorf("order = %v; want the candidate to ask again", o)
	}
	primary.counts(t, "primary", 0, 0, 0)
	if len(backup.srv.Orders()) != 0 {
		t.Errorf("backup holds %d orders", len(backup.srv.Orders()))
	}

	o, err = c.PlaceOrder(t.Context(), flipkart(""))
	if err != nil || o.Provider != "hubble" {
		t.Fatalf("generated reference: %v, %v; want the primary's order", o, err)
	}
	primary.counts(t, "primary after a generated reference", 1, 1, 0)
}

// TestClientFailover_NoLookAhead: with the look-ahead off, an order goes
// to the primary without asking the backup anything.
func TestClientFailover_NoLookAhead(t *testing.T) {
	primary, backup, c := twoAccountsWith(t, giftcard.BreakerPolicy{}, true)
	o, err := c.PlaceOrder(t.Context(), flipkart("order-h"))
	if err != nil || o.Provider != "hubble" || o.ReferenceID != "order-h-0" {
		t.Fatalf("got %v, %v", o, err)
	}
	primary.counts(t, "primary", 1, 1, 0)
	if n := len(backup.srv.Requests()); n != 0 {
		t.Errorf("the backup got %d requests", n)
	}
}
