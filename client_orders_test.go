package giftcard_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/giftcardtest"
	"github.com/giftcard-go/giftcard/hubble"
	"github.com/giftcard-go/giftcard/hubble/hubbletest"
)

func books(ref string) giftcard.OrderRequest {
	return giftcard.OrderRequest{ProductID: "a:fake-books", ReferenceID: ref,
		Items: []giftcard.OrderItem{{Denomination: giftcard.MustParseMoney("500", "INR"), Quantity: 2}}}
}

// fakePair is two fakes, "a" then "b", routed in that order for INR.
func fakePair(t *testing.T, opts ...giftcard.ClientOption) (a, b *giftcardtest.Fake, c *giftcard.Client) {
	t.Helper()
	a, b = giftcardtest.NewFake(giftcardtest.WithName("a")), giftcardtest.NewFake(giftcardtest.WithName("b"))
	opts = append([]giftcard.ClientOption{giftcard.WithRouting(giftcard.RoutingPolicy{Rules: []giftcard.RoutingRule{
		{Currency: "inr", Candidates: []string{"a", "b"}},
	}})}, opts...)
	c, err := giftcard.NewClientWithOptions([]giftcard.Provider{a, b}, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return a, b, c
}

func TestClientPlaceOrderFailsOverOnlyWhenNothingWasPlaced(t *testing.T) {
	for _, tc := range []struct {
		name     string
		err      error
		failover bool
	}{
		{"validation error", &giftcard.ValidationError{Provider: "a", Field: "items[0].denomination", Reason: "not listed"}, true},
		{"product unavailable", &giftcard.Error{Provider: "a", Kind: giftcard.ErrProductUnavailable, StatusCode: 400}, true},
		{"insufficient funds", &giftcard.Error{Provider: "a", Kind: giftcard.ErrInsufficientFunds, StatusCode: 400}, true},
		{"invalid denomination", &giftcard.Error{Provider: "a", Kind: giftcard.ErrInvalidDenomination, StatusCode: 400}, true},
		{"connection never made", &giftcard.Error{Provider: "a", Kind: giftcard.ErrProviderUnavailable, Message: "network error"}, true},
		{"outcome unknown", &giftcard.Error{Provider: "a", Kind: giftcard.ErrProviderUnavailable, OutcomeUnknown: true}, false},
		{"outcome unknown of a funds kind", &giftcard.Error{Provider: "a", Kind: giftcard.ErrInsufficientFunds, OutcomeUnknown: true, StatusCode: 400}, false},
		{"HTTP 503", &giftcard.Error{Provider: "a", Kind: giftcard.ErrProviderUnavailable, StatusCode: 503}, false},
		{"duplicate reference", &giftcard.Error{Provider: "a", Kind: giftcard.ErrDuplicateReference, StatusCode: 409}, false},
		{"rate limited", &giftcard.Error{Provider: "a", Kind: giftcard.ErrRateLimited, StatusCode: 429}, false},
		{"unauthorized", &giftcard.Error{Provider: "a", Kind: giftcard.ErrUnauthorized, StatusCode: 401}, false},
		{"cancelled", &giftcard.Error{Provider: "a", Message: "request cancelled", Err: context.Canceled}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b, c := fakePair(t)
			a.FailNext("PlaceOrder", tc.err)
			o, err := c.PlaceOrder(t.Context(), books("r1"))
			if tc.failover {
				if err != nil || o.Provider != "b" || o.ReferenceID != "r1-1" || o.ProductID != "b:fake-books" {
					t.Fatalf("got %v, %v; want b's order r1-1", o, err)
				}
			} else {
				var re *giftcard.RoutingError
				if !errors.As(err, &re) || !errors.Is(err, tc.err) || re.Last().Provider != "a" || re.Last().ReferenceID != "r1-0" {
					t.Fatalf("got %v; want a RoutingError ending at a with %v", err, tc.err)
				}
				if b.CallsTo("PlaceOrder") != 0 || len(b.PlacedOrders()) != 0 {
					t.Fatalf("b was tried after %v", tc.err)
				}
				if errors.Is(tc.err, giftcard.ErrOutcomeUnknown) && (o.Provider != "a" || o.ReferenceID != "r1-0" || o.ProductID != "a:fake-books") {
					t.Errorf("order with the unknown outcome = %v; want a's provider, product and reference", o)
				}
			}
			if a.CallsTo("PlaceOrder") != 1 || len(a.PlacedOrders()) != 0 {
				t.Errorf("a: %d calls, %d orders", a.CallsTo("PlaceOrder"), len(a.PlacedOrders()))
			}
		})
	}
}

func TestClientPlaceOrderEveryCandidateRefuses(t *testing.T) {
	a, b, c := fakePair(t)
	a.FailNext("PlaceOrder", &giftcard.Error{Provider: "a", Kind: giftcard.ErrInsufficientFunds, StatusCode: 400})
	b.FailNext("PlaceOrder", &giftcard.Error{Provider: "b", Kind: giftcard.ErrProductUnavailable, StatusCode: 400})
	_, err := c.PlaceOrder(t.Context(), books("r2"))
	var re *giftcard.RoutingError
	if !errors.As(err, &re) || len(re.Attempts) != 2 || re.Last().Provider != "b" {
		t.Fatalf("got %v", err)
	}
	if !errors.Is(err, giftcard.ErrProductUnavailable) || !errors.Is(err, giftcard.ErrInsufficientFunds) || errors.Is(err, giftcard.ErrOutcomeUnknown) {
		t.Errorf("%v should match both refusals and not an unknown outcome", err)
	}
	var ge *giftcard.Error
	if !errors.As(err, &ge) || ge.Provider != "b" {
		t.Errorf("errors.As finds %v; want the last attempt's", ge)
	}
	for _, want := range []string{"reference r2", "b (r2-1)", "a (r2-0)"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q lacks %q", err, want)
		}
	}
}

func TestClientPlaceOrderReferences(t *testing.T) {
	a, _, c := fakePair(t)
	o, err := c.PlaceOrder(t.Context(), books(""))
	if err != nil {
		t.Fatal(err)
	}
	ref, ok := strings.CutSuffix(o.ReferenceID, "-0")
	if !ok || len(ref) != 36 || a.PlacedOrders()[0].ReferenceID != o.ReferenceID {
		t.Errorf("generated reference %q; want a UUID and -0", o.ReferenceID)
	}
	long := strings.Repeat("x", giftcard.MaxRoutedReferenceLength+1)
	_, err = c.PlaceOrder(t.Context(), books(long))
	var ve *giftcard.ValidationError
	if !errors.As(err, &ve) || ve.Field != "referenceId" || a.CallsTo("PlaceOrder") != 1 {
		t.Errorf("a %d-character reference: %v", len(long), err)
	}
	if got := giftcard.DeriveReference("order-1234", 1); got != "order-1234-1" {
		t.Errorf("DeriveReference = %q", got)
	}
}

func TestClientPlaceOrderWithoutRoutingGoesWhereTheIDPoints(t *testing.T) {
	a, b := giftcardtest.NewFake(giftcardtest.WithName("a")), giftcardtest.NewFake(giftcardtest.WithName("b"))
	c, err := giftcard.NewClient(a, b)
	if err != nil {
		t.Fatal(err)
	}
	req := books("r3")
	req.ProductID = "b:fake-books"
	o, err := c.PlaceOrder(t.Context(), req)
	if err != nil || o.Provider != "b" || o.ReferenceID != "r3-0" || a.Calls() != 0 {
		t.Fatalf("got %v, %v (a calls %d)", o, err, a.Calls())
	}
	// No failover without a rule: b's refusal is the answer.
	b.FailNext("PlaceOrder", &giftcard.Error{Provider: "b", Kind: giftcard.ErrInsufficientFunds})
	req.ReferenceID = "r4"
	if _, err := c.PlaceOrder(t.Context(), req); !errors.Is(err, giftcard.ErrInsufficientFunds) || a.Calls() != 0 {
		t.Fatalf("got %v", err)
	}

	for _, bad := range []struct{ id, field string }{{"fake-books", "productId"}, {"", "productId"}, {":fake-books", "productId"}, {"a:", "productId"}} {
		req.ProductID = bad.id
		_, err := c.PlaceOrder(t.Context(), req)
		var ve *giftcard.ValidationError
		if !errors.As(err, &ve) || ve.Field != bad.field {
			t.Errorf("ProductID %q: %v", bad.id, err)
		}
	}
	req.ProductID = "nope:fake-books"
	if _, err := c.PlaceOrder(t.Context(), req); !errors.Is(err, giftcard.ErrNotFound) {
		t.Errorf("unknown provider: %v", err)
	}
	if a.Calls() != 0 {
		t.Errorf("a was called %d times", a.Calls())
	}
}

func TestClientPlaceOrderBrandRule(t *testing.T) {
	a, b := giftcardtest.NewFake(giftcardtest.WithName("a")), giftcardtest.NewFake(giftcardtest.WithName("b"))
	c, err := giftcard.NewClientWithOptions([]giftcard.Provider{a, b}, giftcard.WithRouting(giftcard.RoutingPolicy{Rules: []giftcard.RoutingRule{
		{Brand: "pizza", Candidates: []string{"b:fake-pizza", "a:fake-pizza"}},
		{Brand: "a:fake-books", Candidates: []string{"a", "b"}},
	}}))
	if err != nil {
		t.Fatal(err)
	}
	pizza := giftcard.OrderRequest{ProductID: "pizza", ReferenceID: "p1",
		Items: []giftcard.OrderItem{{Denomination: giftcard.MustParseMoney("250", "INR"), Quantity: 1}}}
	b.FailNext("PlaceOrder", &giftcard.Error{Provider: "b", Kind: giftcard.ErrProductUnavailable})
	o, err := c.PlaceOrder(t.Context(), pizza)
	if err != nil || o.Provider != "a" || o.ProductID != "a:fake-pizza" || o.ReferenceID != "p1-1" {
		t.Fatalf("got %v, %v", o, err)
	}
	// The qualified id as a Brand: a bare candidate orders the same product.
	a.FailNext("PlaceOrder", &giftcard.Error{Provider: "a", Kind: giftcard.ErrInsufficientFunds})
	o, err = c.PlaceOrder(t.Context(), books("k1"))
	if err != nil || o.Provider != "b" || o.ProductID != "b:fake-books" {
		t.Fatalf("got %v, %v", o, err)
	}
	// No rule matches another product: it goes where its id points.
	req := books("k2")
	req.ProductID = "a:fake-spa"
	req.Items[0].Denomination = giftcard.MustParseMoney("250", "INR")
	a.FailNext("PlaceOrder", &giftcard.Error{Provider: "a", Kind: giftcard.ErrInsufficientFunds})
	if _, err := c.PlaceOrder(t.Context(), req); !errors.Is(err, giftcard.ErrInsufficientFunds) {
		t.Fatalf("got %v", err)
	}
}

func TestNewClientRefusesBadRoutingRules(t *testing.T) {
	a := giftcardtest.NewFake(giftcardtest.WithName("a"))
	g := giftsOnly{giftcardtest.NewFake()}
	for _, tc := range []struct {
		rule  giftcard.RoutingRule
		field string
	}{
		{giftcard.RoutingRule{Currency: "XYZ", Candidates: []string{"a"}}, "Rules[0].Currency"},
		{giftcard.RoutingRule{Currency: "INR"}, "Rules[0].Candidates"},
		{giftcard.RoutingRule{Candidates: make([]string, giftcard.MaxCandidates+1)}, "Rules[0].Candidates"},
		{giftcard.RoutingRule{Candidates: []string{"nope"}}, "Rules[0].Candidates[0]"},
		{giftcard.RoutingRule{Candidates: []string{"gifts-only"}}, "Rules[0].Candidates[0]"},
		{giftcard.RoutingRule{Candidates: []string{"a", "a"}}, "Rules[0].Candidates[1]"},
		{giftcard.RoutingRule{Candidates: []string{"a:"}}, "Rules[0].Candidates[0]"},
		{giftcard.RoutingRule{Brand: "pizza", Candidates: []string{"a"}}, "Rules[0].Candidates[0]"},
	} {
		_, err := giftcard.NewClientWithOptions([]giftcard.Provider{a, g}, giftcard.WithRouting(giftcard.RoutingPolicy{Rules: []giftcard.RoutingRule{tc.rule}}))
		var ve *giftcard.ValidationError
		if !errors.As(err, &ve) || ve.Field != tc.field {
			t.Errorf("%+v: %v; want a ValidationError on %s", tc.rule, err, tc.field)
		}
	}
}

func TestClientPlaceOrderSkipsAnOpenCircuit(t *testing.T) {
	clk := giftcardtest.NewClock(t0)
	a, b, c := fakePair(t, giftcard.WithBreaker(giftcard.BreakerPolicy{Threshold: 2, CoolDown: time.Minute, Clock: clk}))
	down := &giftcard.Error{Provider: "a", Kind: giftcard.ErrProviderUnavailable, StatusCode: 503}
	for i := range 2 {
		a.FailNext("PlaceOrder", down)
		if _, err := c.PlaceOrder(t.Context(), books(fmt.Sprintf("s%d", i))); !errors.Is(err, down) {
			t.Fatal(err)
		}
	}
	if c.Circuit("a") != giftcard.CircuitOpen || c.Circuit("b") != giftcard.CircuitClosed || c.Circuit("nope") != giftcard.CircuitClosed {
		t.Fatalf("circuits: a %s, b %s", c.Circuit("a"), c.Circuit("b"))
	}
	// Skipped: with a caller's reference, a's reference is looked up first.
	o, err := c.PlaceOrder(t.Context(), books("s9"))
	if err != nil || o.Provider != "b" || o.ReferenceID != "s9-1" {
		t.Fatalf("got %v, %v", o, err)
	}
	if a.CallsTo("PlaceOrder") != 2 || a.CallsTo("GetOrderByReference") != 1 {
		t.Errorf("a: %d PlaceOrder, %d lookups; want 2 and 1", a.CallsTo("PlaceOrder"), a.CallsTo("GetOrderByReference"))
	}
	// A lookup that fails ends the call: nothing placed, outcome unknown at a.
	a.FailNext("GetOrderByReference", &giftcard.Error{Provider: "a", Kind: giftcard.ErrProviderUnavailable, StatusCode: 503})
	o, err = c.PlaceOrder(t.Context(), books("s10"))
	var re *giftcard.RoutingError
	if !errors.Is(err, giftcard.ErrOutcomeUnknown) || !errors.As(err, &re) || re.Last().Provider != "a" || re.Last().ReferenceID != "s10-0" || o.ReferenceID != "s10-0" {
		t.Fatalf("got %v, %v", o, err)
	}
	if len(b.PlacedOrders()) != 1 {
		t.Errorf("b holds %d orders, want 1", len(b.PlacedOrders()))
	}
	// Every candidate open: nothing sent anywhere.
	b.FailNext("PlaceOrder", &giftcard.Error{Provider: "b", Kind: giftcard.ErrProviderUnavailable, StatusCode: 502})
	b.FailNext("PlaceOrder", &giftcard.Error{Provider: "b", Kind: giftcard.ErrProviderUnavailable, StatusCode: 502})
	_, _ = c.PlaceOrder(t.Context(), books("s11"))
	_, _ = c.PlaceOrder(t.Context(), books("s12"))
	calls := a.Calls() + b.Calls()
	_, err = c.PlaceOrder(t.Context(), books("s13"))
	if !errors.As(err, &re) || len(re.Attempts) != 2 || !re.Attempts[0].Skipped || !re.Attempts[1].Skipped ||
		!errors.Is(err, giftcard.ErrProviderUnavailable) || errors.Is(err, giftcard.ErrOutcomeUnknown) || a.Calls()+b.Calls() != calls {
		t.Fatalf("all open: %v", err)
	}
	if !strings.Contains(err.Error(), "circuit open until") {
		t.Errorf("%v does not say the circuit is open", err)
	}
}

func TestClientPlaceOrderLookupFindsAnotherOrder(t *testing.T) {
	clk := giftcardtest.NewClock(t0)
	a, b, c := fakePair(t, giftcard.WithBreaker(giftcard.BreakerPolicy{Threshold: 1, Clock: clk}))
	// a holds reference x-0 for another amount (the caller reused x).
	if _, err := a.PlaceOrder(t.Context(), giftcard.OrderRequest{ProductID: "fake-books", ReferenceID: "x-0",
		Items: []giftcard.OrderItem{{Denomination: giftcard.MustParseMoney("100", "INR"), Quantity: 1}}}); err != nil {
		t.Fatal(err)
	}
	a.FailNext("PlaceOrder", &giftcard.Error{Provider: "a", Kind: giftcard.ErrProviderUnavailable, StatusCode: 503})
	_, _ = c.PlaceOrder(t.Context(), books("other"))
	_, err := c.PlaceOrder(t.Context(), books("x"))
	if !errors.Is(err, giftcard.ErrDuplicateReference) || len(b.PlacedOrders()) != 0 {
		t.Fatalf("got %v; b holds %d", err, len(b.PlacedOrders()))
	}
}

func TestClientFindOrder(t *testing.T) {
	a, b, c := fakePair(t)
	a.FailNext("PlaceOrder", &giftcard.Error{Provider: "a", Kind: giftcard.ErrInsufficientFunds})
	placed, err := c.PlaceOrder(t.Context(), books("f1"))
	if err != nil {
		t.Fatal(err)
	}
	found, err := c.FindOrder(t.Context(), books("f1"))
	if err != nil || found.ID != placed.ID || found.Provider != "b" || found.ReferenceID != "f1-1" || found.ProductID != "b:fake-books" {
		t.Fatalf("FindOrder = %v, %v; want %v", found, err, placed)
	}
	if _, err := c.FindOrder(t.Context(), books("f2")); !errors.Is(err, giftcard.ErrNotFound) || errors.Is(err, giftcard.ErrOutcomeUnknown) {
		t.Errorf("nothing placed: %v", err)
	}
	b.FailNext("GetOrderByReference", &giftcard.Error{Provider: "b", Kind: giftcard.ErrProviderUnavailable, StatusCode: 503})
	if _, err := c.FindOrder(t.Context(), books("f2")); !errors.Is(err, giftcard.ErrOutcomeUnknown) || !strings.Contains(err.Error(), "from b") {
		t.Errorf("b unreachable: %v", err)
	}
	var ve *giftcard.ValidationError
	if _, err := c.FindOrder(t.Context(), books("")); !errors.As(err, &ve) {
		t.Errorf("no reference: %v", err)
	}
}

func TestClientPlaceOrderConcurrently(t *testing.T) {
	a, b, c := fakePair(t, giftcard.WithBreaker(giftcard.BreakerPolicy{Threshold: 3}))
	a.SetBalance(giftcard.MustParseMoney("10000", "INR")) // ten orders of 1000 fit
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Go(func() {
			if _, err := c.PlaceOrder(context.Background(), books(fmt.Sprintf("c%d", i%20))); err != nil {
				t.Error(err)
			}
			_ = c.Circuit("a")
		})
	}
	wg.Wait()
	if n := len(a.PlacedOrders()) + len(b.PlacedOrders()); n != 20 {
		t.Errorf("%d orders for 20 references", n)
	}
	if len(a.PlacedOrders()) != 10 {
		t.Errorf("a holds %d orders, want 10 (its funds)", len(a.PlacedOrders()))
	}
}

// TestClientFailover_ConnectionNeverMade fails over from a Hubble account
// whose every connection is refused to a live one.
func TestClientFailover_ConnectionNeverMade(t *testing.T) {
	gone := hubbletest.NewServer()
	defer gone.Close()
	refused := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		return nil, &net.OpError{Op: "dial", Net: network, Err: syscall.ECONNREFUSED}
	}}}
	dead, err := hubble.New(gone.Config(), giftcard.WithHTTPClient(refused), giftcard.WithClock(giftcardtest.NewClock(t0)))
	if err != nil {
		t.Fatal(err)
	}
	backup := newHubbleAccount(t)
	c, err := giftcard.NewClientWithOptions([]giftcard.Provider{dead, giftcard.Named("hubble-backup", backup.client)},
		giftcard.WithRouting(giftcard.RoutingPolicy{Rules: []giftcard.RoutingRule{{Candidates: []string{"hubble", "hubble-backup"}}}}))
	if err != nil {
		t.Fatal(err)
	}
	o, err := c.PlaceOrder(t.Context(), flipkart("dead-1"))
	if err != nil || o.Provider != "hubble-backup" || o.ReferenceID != "dead-1-1" {
		t.Fatalf("got %v, %v", o, err)
	}
	backup.counts(t, "backup", 1, 1, 1) // the look-ahead, then the order
	if n := len(gone.Requests()); n != 0 {
		t.Errorf("the refused account's sandbox saw %d requests", n)
	}
}

func TestClientCurrencyRuleKeepsOtherProvidersProducts(t *testing.T) {
	a, b, other := giftcardtest.NewFake(giftcardtest.WithName("a")), giftcardtest.NewFake(giftcardtest.WithName("b")), giftcardtest.NewFake(giftcardtest.WithName("other"))
	c, err := giftcard.NewClientWithOptions([]giftcard.Provider{a, b, other}, giftcard.WithRouting(giftcard.RoutingPolicy{Rules: []giftcard.RoutingRule{
		{Currency: "INR", Candidates: []string{"a", "b"}},
	}}))
	if err != nil {
		t.Fatal(err)
	}
	req := books("o1")
	req.ProductID = "other:fake-books"
	other.FailNext("PlaceOrder", &giftcard.Error{Provider: "other", Kind: giftcard.ErrInsufficientFunds})
	if _, err := c.PlaceOrder(t.Context(), req); !errors.Is(err, giftcard.ErrInsufficientFunds) {
		t.Fatalf("got %v", err)
	}
	if a.Calls()+b.Calls() != 0 {
		t.Errorf("other's product id was sent to a or b: %d calls", a.Calls()+b.Calls())
	}
	// A USD order for a's product: the INR rule does not match either.
	req = giftcard.OrderRequest{ProductID: "a:fake-books", ReferenceID: "o2", Items: []giftcard.OrderItem{{Denomination: giftcard.MustParseMoney("500", "USD"), Quantity: 1}}}
	if _, err := c.PlaceOrder(t.Context(), req); err == nil || b.Calls() != 0 {
		t.Fatalf("got %v; b calls %d", err, b.Calls())
	}
}
