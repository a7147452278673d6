package giftcardtest_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/giftcardtest"
)

var t0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

func inr(s string) giftcard.Money { return giftcard.MustParseMoney(s, "INR") }

func fakeSubject(setup func(*giftcardtest.Fake), opts ...giftcardtest.FakeOption) giftcardtest.Subject {
	return giftcardtest.Subject{
		New: func(t *testing.T) (any, func() int) {
			f := giftcardtest.NewFake(opts...)
			if setup != nil {
				setup(f)
			}
			return f, f.Calls
		},
		Claims:       []giftcardtest.Capability{giftcardtest.Catalog, giftcardtest.Wallet, giftcardtest.Orders, giftcardtest.Gifts},
		ProductCount: 12,
		PageSize:     5,
		NewOrder: func(*testing.T) giftcard.OrderRequest {
			return giftcard.OrderRequest{ProductID: "fake-books", Items: []giftcard.OrderItem{{Denomination: inr("500"), Quantity: 2}}}
		},
		Poll: giftcard.PollPolicy{Clock: giftcardtest.NewClock(t0)},
		NewGift: func(*testing.T) giftcard.GiftRequest {
			return giftcard.GiftRequest{Amount: inr("250"), Recipient: giftcard.Recipient{Name: "Asha", Email: "asha@example.com"}}
		},
		LoseNextAnswer: fakeLosesAnswers,
	}
}

func TestFakeConformance(t *testing.T) {
	giftcardtest.RunConformance(t, fakeSubject(nil))
}

func TestFakeConformanceProcessing(t *testing.T) {
	// Orders stay PROCESSING for three polls: WaitForOrder's default policy
	// (five polls) must still see them succeed, and the debit checks wait.
	giftcardtest.RunConformance(t, fakeSubject(func(f *giftcardtest.Fake) { f.KeepProcessing(3) }))
}

func TestFakeConformanceUnsupported(t *testing.T) {
	s := fakeSubject(nil, giftcardtest.WithUnsupported("CancelGift", "GetOrderByReference"), giftcardtest.WithPageSize(4))
	s.Unsupported = []string{"CancelGift", "GetOrderByReference"}
	s.PageSize = 3
	s.MissingID = "nope"
	giftcardtest.RunConformance(t, s)
}

func TestFakeConformancePartialClaims(t *testing.T) {
	s := fakeSubject(nil)
	s.Claims = []giftcardtest.Capability{giftcardtest.Orders}
	s.NewGift = nil // not claimed, so never asked for
	giftcardtest.RunConformance(t, s)
}

func newFake(opts ...giftcardtest.FakeOption) *giftcardtest.Fake {
	return giftcardtest.NewFake(append([]giftcardtest.FakeOption{giftcardtest.WithClock(giftcardtest.NewClock(t0))}, opts...)...)
}

func collect(t *testing.T, f *giftcardtest.Fake, q giftcard.ProductQuery) []giftcard.Product {
	t.Helper()
	var out []giftcard.Product
	for p, err := range f.ListProducts(t.Context(), q) {
		if err != nil {
			t.Fatalf("ListProducts(%+v): %v", q, err)
		}
		out = append(out, p)
	}
	return out
}

func TestFakeCatalog(t *testing.T) {
	f := newFake()
	all := collect(t, f, giftcard.ProductQuery{PageSize: 5})
	if len(all) != 12 {
		t.Fatalf("seeded catalog has %d products, want 12", len(all))
	}
	if got := f.CallsTo("ListProducts"); got != 3 {
		t.Errorf("12 products in pages of 5 took %d page calls, want 3", got)
	}
	collect(t, f, giftcard.ProductQuery{})
	if got := f.CallsTo("ListProducts"); got != 3+2 {
		t.Errorf("default page size 10: %d page calls in total, want 5", got)
	}
	var fixed, flexible, inactive int
	for _, p := range all {
		if p.Provider != "fake" {
			t.Errorf("product %s has Provider %q", p.ID, p.Provider)
		}
		switch {
		case !p.Active():
			inactive++
		case p.DenominationType == giftcard.DenominationFixed:
			fixed++
			if len(p.Denominations) == 0 {
				t.Errorf("FIXED product %s has no denominations", p.ID)
			}
		case p.DenominationType == giftcard.DenominationFlexible:
			flexible++
			if c, err := p.MinValue.Cmp(p.MaxValue); err != nil || c >= 0 {
				t.Errorf("FLEXIBLE product %s has range %s..%s", p.ID, p.MinValue, p.MaxValue)
			}
		}
		if p.MinValue.Currency != "INR" {
			t.Errorf("product %s priced in %q, want INR", p.ID, p.MinValue.Currency)
		}
	}
	if fixed == 0 || flexible == 0 || inactive != 1 {
		t.Errorf("fixed=%d flexible=%d inactive=%d; want both kinds and one inactive", fixed, flexible, inactive)
	}

	if got := collect(t, f, giftcard.ProductQuery{Search: "COFFEE"}); len(got) != 1 || got[0].ID != "fake-coffee" {
		t.Errorf("Search COFFEE = %v", got)
	}
	if got := collect(t, f, giftcard.ProductQuery{Category: "food"}); len(got) != 2 {
		t.Errorf("Category food = %d products, want 2", len(got))
	}
	if got := collect(t, f, giftcard.ProductQuery{Search: "no such thing"}); len(got) != 0 {
		t.Errorf("Search with no match = %v", got)
	}

	// Stopping the range stops fetching.
	before := f.CallsTo("ListProducts")
	for range f.ListProducts(t.Context(), giftcard.ProductQuery{PageSize: 2}) {
		break
	}
	if got := f.CallsTo("ListProducts") - before; got != 1 {
		t.Errorf("breaking after the first product fetched %d pages, want 1", got)
	}

	p, err := f.GetProduct(t.Context(), "fake-books")
	if err != nil || p.Name == "" || len(p.Denominations) != 5 {
		t.Fatalf("GetProduct(fake-books) = %+v, %v", p, err)
	}
	p.Denominations[0] = inr("1")
	p.Categories[0] = "changed"
	again, _ := f.GetProduct(t.Context(), "fake-books")
	if !again.Denominations[0].Equal(inr("100")) || again.Categories[0] != "SHOPPING" {
		t.Errorf("mutating a returned product changed the fake: %v %v", again.Denominations, again.Categories)
	}
	_, err = f.GetProduct(t.Context(), "nope")
	var ge *giftcard.Error
	if !errors.Is(err, giftcard.ErrNotFound) || !errors.As(err, &ge) || ge.Provider != "fake" || ge.Op != "GetProduct" {
		t.Errorf("GetProduct(nope) = %v", err)
	}
}

func TestFakeListProductsFailure(t *testing.T) {
	f := newFake()
	boom := errors.New("boom")
	f.FailNext("ListProducts", boom)
	var n, errs int
	for _, err := range f.ListProducts(t.Context(), giftcard.ProductQuery{}) {
		if err != nil {
			errs++
			if !errors.Is(err, boom) {
				t.Errorf("error = %v, want boom", err)
			}
			continue
		}
		n++
	}
	if n != 0 || errs != 1 {
		t.Errorf("a failing first page yielded %d products and %d errors; want 0 and 1", n, errs)
	}
	if got := collect(t, f, giftcard.ProductQuery{}); len(got) != 12 {
		t.Errorf("the failure was not one-shot: %d products", len(got))
	}
}

func TestFakeCustomProductsAndCurrency(t *testing.T) {
	f := newFake(giftcardtest.WithBalance(giftcard.MustParseMoney("50", "usd")), giftcardtest.WithName("acme"))
	if f.Name() != "acme" {
		t.Errorf("Name = %q", f.Name())
	}
	b, _ := f.GetBalance(t.Context())
	if b.String() != "50.00 USD" {
		t.Errorf("balance = %s", b)
	}
	p, _ := f.GetProduct(t.Context(), "fake-books")
	if p.Denominations[0].Currency != "USD" || p.Provider != "acme" {
		t.Errorf("seeded product follows the balance currency and name: %+v", p)
	}

	one := giftcard.Product{ID: "x", Name: "X", Status: giftcard.ProductActive, DenominationType: giftcard.DenominationFixed,
		Denominations: []giftcard.Money{giftcard.MustParseMoney("5", "USD")}}
	f = newFake(giftcardtest.WithBalance(giftcard.MustParseMoney("12", "USD")), giftcardtest.WithProducts(one))
	if got := collect(t, f, giftcard.ProductQuery{}); len(got) != 1 || got[0].ID != "x" {
		t.Fatalf("WithProducts catalog = %v", got)
	}
	o, err := f.PlaceOrder(t.Context(), giftcard.OrderRequest{ProductID: "x",
		Items: []giftcard.OrderItem{{Denomination: giftcard.MustParseMoney("5", "USD"), Quantity: 2}}})
	if err != nil || o.Status != giftcard.OrderSuccess {
		t.Fatalf("PlaceOrder = %v, %v", o, err)
	}
	if got := f.Balance(); got.String() != "2.00 USD" {
		t.Errorf("balance after a 10 USD order = %s", got)
	}

	mustPanic(t, "duplicate product", func() { giftcardtest.NewFake(giftcardtest.WithProducts(one, one)) })
	mustPanic(t, "product without id", func() { giftcardtest.NewFake(giftcardtest.WithProducts(giftcard.Product{})) })
	mustPanic(t, "balance without currency", func() { giftcardtest.NewFake(giftcardtest.WithBalance(giftcard.Money{})) })
	mustPanic(t, "SetBalance other currency", func() { f.SetBalance(inr("1")) })
	mustPanic(t, "FailNext unknown method", func() { f.FailNext("PlaceOrders", errors.New("x")) })
	mustPanic(t, "FailNext nil error", func() { f.FailNext("PlaceOrder", nil) })
	mustPanic(t, "WithUnsupported unknown method", func() { giftcardtest.NewFake(giftcardtest.WithUnsupported("Refund")) })
}

func mustPanic(t *testing.T, what string, f func()) {
	t.Helper()
	defer func() {
		if recover() == nil {
			t.Errorf("%s: no panic", what)
		}
	}()
	f()
}

func books(qty int, value string) giftcard.OrderRequest {
	return giftcard.OrderRequest{ProductID: "fake-books", Items: []giftcard.OrderItem{{Denomination: inr(value), Quantity: qty}}}
}

func TestFakePlaceOrder(t *testing.T) {
	ctx := t.Context()
	f := newFake()
	o, err := f.PlaceOrder(ctx, books(3, "500"))
	if err != nil {
		t.Fatal(err)
	}
	if o.Status != giftcard.OrderSuccess || len(o.Vouchers) != 3 || !o.Amount.Equal(inr("1500")) || o.ReferenceID == "" || o.ID == "" {
		t.Fatalf("order = %v", o)
	}
	if !o.CreatedAt.Equal(t0) || o.Vouchers[0].ValidTill != "2027-03-01" {
		t.Errorf("CreatedAt %v, ValidTill %s: want the injected clock", o.CreatedAt, o.Vouchers[0].ValidTill)
	}
	seen := map[string]bool{}
	for _, v := range o.Vouchers {
		if len(v.CardNumber.Reveal()) != 16 || len(v.PIN.Reveal()) != 6 || !v.Amount.Equal(inr("500")) || seen[v.CardNumber.Reveal()] {
			t.Errorf("voucher %v: number %d digits, PIN %d digits", v, len(v.CardNumber.Reveal()), len(v.PIN.Reveal()))
		}
		seen[v.CardNumber.Reveal()] = true
		if strings.Contains(fmt.Sprint(o), v.CardNumber.Reveal()) || strings.Contains(fmt.Sprint(o), v.PIN.Reveal()) {
			t.Errorf("order prints voucher credentials: %v", o)
		}
	}
	if got := f.Balance(); !got.Equal(inr("98500")) {
		t.Errorf("balance = %s, want 98500.00 INR", got)
	}

	byRef, err := f.GetOrderByReference(ctx, o.ReferenceID)
	if err != nil || byRef.ID != o.ID {
		t.Errorf("GetOrderByReference(%s) = %v, %v", o.ReferenceID, byRef.ID, err)
	}
	got, err := f.GetOrder(ctx, o.ID)
	if err != nil || got.ID != o.ID || len(got.Vouchers) != 3 {
		t.Errorf("GetOrder = %v, %v", got, err)
	}
	got.Vouchers[0].PIN = "changed"
	if again, _ := f.GetOrder(ctx, o.ID); again.Vouchers[0].PIN == "changed" {
		t.Error("mutating a returned order changed the fake")
	}

	// Idempotency: same reference, same order, one debit.
	req := books(1, "100")
	req.ReferenceID = "my-ref-1"
	a, err1 := f.PlaceOrder(ctx, req)
	b, err2 := f.PlaceOrder(ctx, req)
	if err1 != nil || err2 != nil || a.ID != b.ID || a.ReferenceID != "my-ref-1" {
		t.Fatalf("same reference twice: %v/%v, %v/%v", a.ID, err1, b.ID, err2)
	}
	if got := f.Balance(); !got.Equal(inr("98400")) {
		t.Errorf("balance after an idempotent repeat = %s, want 98400.00 INR", got)
	}
	req.Items[0].Quantity = 2
	if _, err := f.PlaceOrder(ctx, req); !errors.Is(err, giftcard.ErrDuplicateReference) {
		t.Errorf("same reference, other contents: %v, want ErrDuplicateReference", err)
	}
	if n := len(f.PlacedOrders()); n != 2 {
		t.Errorf("PlacedOrders has %d orders, want 2", n)
	}

	// A caller's reference that looks like a generated one is never reused.
	taken := books(1, "100")
	taken.ReferenceID = "fake-ref-000002"
	if _, err := f.PlaceOrder(ctx, taken); err != nil {
		t.Fatal(err)
	}
	gen, err := f.PlaceOrder(ctx, books(1, "100"))
	if err != nil || gen.ReferenceID == "fake-ref-000002" {
		t.Errorf("generated reference %q collides with a caller's", gen.ReferenceID)
	}

	if _, err := f.GetOrder(ctx, "nope"); !errors.Is(err, giftcard.ErrNotFound) {
		t.Errorf("GetOrder(nope) = %v", err)
	}
	if _, err := f.GetOrderByReference(ctx, "nope"); !errors.Is(err, giftcard.ErrNotFound) {
		t.Errorf("GetOrderByReference(nope) = %v", err)
	}
}

func TestFakePlaceOrderRefused(t *testing.T) {
	f := newFake()
	flex := func(v string) giftcard.OrderRequest {
		return giftcard.OrderRequest{ProductID: "fake-coffee", Items: []giftcard.OrderItem{{Denomination: inr(v), Quantity: 1}}}
	}
	withAmount := books(2, "500")
	withAmount.Amount = inr("999")
	for _, tc := range []struct {
		name  string
		req   giftcard.OrderRequest
		kind  error
		field string
	}{
		{"no product", giftcard.OrderRequest{Items: books(1, "100").Items}, giftcard.ErrInvalidRequest, "productId"},
		{"unknown product", giftcard.OrderRequest{ProductID: "nope", Items: books(1, "100").Items}, giftcard.ErrNotFound, ""},
		{"inactive product", giftcard.OrderRequest{ProductID: "fake-closed", Items: books(1, "500").Items}, giftcard.ErrProductUnavailable, ""},
		{"no items", giftcard.OrderRequest{ProductID: "fake-books"}, giftcard.ErrInvalidRequest, "items"},
		{"zero quantity", books(0, "100"), giftcard.ErrInvalidDenomination, "items[0].quantity"},
		{"fixed value not listed", books(1, "300"), giftcard.ErrInvalidDenomination, "items[0].denomination"},
		{"flexible below range", flex("5"), giftcard.ErrInvalidDenomination, "items[0].denomination"},
		{"flexible above range", flex("10000.01"), giftcard.ErrInvalidDenomination, "items[0].denomination"},
		{"negative", flex("-10"), giftcard.ErrInvalidDenomination, "items[0].denomination"},
		{"other currency", giftcard.OrderRequest{ProductID: "fake-coffee",
			Items: []giftcard.OrderItem{{Denomination: giftcard.MustParseMoney("20", "USD"), Quantity: 1}}}, giftcard.ErrInvalidRequest, "items[0].denomination"},
		{"amount is not the sum", withAmount, giftcard.ErrInvalidDenomination, "amount"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.PlaceOrder(t.Context(), tc.req)
			if !errors.Is(err, tc.kind) {
				t.Fatalf("err = %v, want %v", err, tc.kind)
			}
			var ve *giftcard.ValidationError
			if tc.field != "" && (!errors.As(err, &ve) || ve.Field != tc.field) {
				t.Errorf("err = %#v, want a ValidationError on %s", err, tc.field)
			}
		})
	}
	if len(f.PlacedOrders()) != 0 || !f.Balance().Equal(inr("100000")) {
		t.Errorf("refused orders left %d orders and balance %s", len(f.PlacedOrders()), f.Balance())
	}
	ok := flex("10000")
	ok.Amount = inr("10000")
	if _, err := f.PlaceOrder(t.Context(), ok); err != nil {
		t.Errorf("the top of the flexible range with a matching amount: %v", err)
	}
}

func TestFakeInsufficientFunds(t *testing.T) {
	f := newFake()
	f.SetBalance(inr("900"))
	req := books(2, "500")
	req.ReferenceID = "short"
	_, err := f.PlaceOrder(t.Context(), req)
	if !errors.Is(err, giftcard.ErrInsufficientFunds) {
		t.Fatalf("err = %v, want ErrInsufficientFunds", err)
	}
	if _, err := f.GetOrderByReference(t.Context(), "short"); !errors.Is(err, giftcard.ErrNotFound) {
		t.Errorf("a refused order exists: %v", err)
	}
	if !f.Balance().Equal(inr("900")) {
		t.Errorf("balance = %s", f.Balance())
	}
	f.SetBalance(inr("1000"))
	if o, err := f.PlaceOrder(t.Context(), req); err != nil || !f.Balance().IsZero() {
		t.Errorf("after top-up: %v, %v, balance %s", o, err, f.Balance())
	}
}

func TestFakeFailNext(t *testing.T) {
	ctx := t.Context()
	f := newFake()
	first := &giftcard.Error{Provider: "fake", Op: "PlaceOrder", Kind: giftcard.ErrRateLimited}
	second := errors.New("second")
	f.FailNext("PlaceOrder", first)
	f.FailNext("PlaceOrder", second)
	o, err := f.PlaceOrder(ctx, books(1, "100"))
	var ge *giftcard.Error
	if !errors.As(err, &ge) || ge.Kind != giftcard.ErrRateLimited || ge.Reference == "" || !errors.Is(err, first) ||
		errors.Is(err, giftcard.ErrOutcomeUnknown) || o.ReferenceID != "" {
		t.Errorf("first call: %v, %v; want the scripted error naming the generated reference, no order", o, err)
	}
	if first.Reference != "" {
		t.Errorf("the scripted error was modified: %v", first)
	}
	if _, err := f.PlaceOrder(ctx, books(1, "100")); !errors.Is(err, second) {
		t.Errorf("second call: %v", err)
	}
	if _, err := f.PlaceOrder(ctx, books(1, "100")); err != nil {
		t.Errorf("third call: %v", err)
	}
	if got := f.CallsTo("PlaceOrder"); got != 3 {
		t.Errorf("CallsTo(PlaceOrder) = %d, want 3 (failed calls count)", got)
	}
	if len(f.PlacedOrders()) != 1 || !f.Balance().Equal(inr("99900")) {
		t.Errorf("failed calls had an effect: %d orders, balance %s", len(f.PlacedOrders()), f.Balance())
	}
	// Other methods are not affected.
	f.FailNext("GetBalance", second)
	if _, err := f.GetProduct(ctx, "fake-books"); err != nil {
		t.Errorf("GetProduct: %v", err)
	}
	if _, err := f.GetBalance(ctx); !errors.Is(err, second) {
		t.Errorf("GetBalance: %v", err)
	}
}

func TestFakeFailNextAfterCommit(t *testing.T) {
	ctx := t.Context()
	f := newFake()
	lost := &giftcard.Error{Provider: "fake", Op: "PlaceOrder", Kind: giftcard.ErrProviderUnavailable, OutcomeUnknown: true}
	f.FailNextAfterCommit("PlaceOrder", lost)
	req := books(1, "250")
	req.ReferenceID = "lost-1"
	if _, err := f.PlaceOrder(ctx, req); !errors.Is(err, giftcard.ErrOutcomeUnknown) {
		t.Fatalf("err = %v, want the lost response", err)
	}
	o, err := f.GetOrderByReference(ctx, "lost-1")
	if err != nil || o.Status != giftcard.OrderSuccess {
		t.Fatalf("the order was not committed: %v, %v", o, err)
	}
	again, err := f.PlaceOrder(ctx, req)
	if err != nil || again.ID != o.ID {
		t.Errorf("retry with the same reference = %v, %v; want order %s", again.ID, err, o.ID)
	}
	if !f.Balance().Equal(inr("99750")) {
		t.Errorf("balance = %s, want one debit of 250", f.Balance())
	}

	f.FailNextAfterCommit("IssueGift", lost)
	if _, err := f.IssueGift(ctx, giftcard.GiftRequest{ReferenceID: "g-lost", Amount: inr("50")}); !errors.Is(err, lost) {
		t.Errorf("IssueGift: %v", err)
	}
	if gs := f.IssuedGifts(); len(gs) != 1 || gs[0].ReferenceID != "g-lost" {
		t.Errorf("IssuedGifts = %v", gs)
	}
}

func TestFakeKeepProcessing(t *testing.T) {
	ctx := t.Context()
	f := newFake()
	f.KeepProcessing(2)
	o, err := f.PlaceOrder(ctx, books(1, "100"))
	if err != nil || o.Status != giftcard.OrderProcessing || len(o.Vouchers) != 0 {
		t.Fatalf("PlaceOrder = %v, %v; want PROCESSING without vouchers", o, err)
	}
	if byRef, _ := f.GetOrderByReference(ctx, o.ReferenceID); byRef.Status != giftcard.OrderProcessing {
		t.Errorf("by reference: %s", byRef.Status)
	}
	var statuses []giftcard.OrderStatus
	for range 4 {
		got, err := f.GetOrder(ctx, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		statuses = append(statuses, got.Status)
	}
	want := []giftcard.OrderStatus{giftcard.OrderProcessing, giftcard.OrderProcessing, giftcard.OrderSuccess, giftcard.OrderSuccess}
	if fmt.Sprint(statuses) != fmt.Sprint(want) {
		t.Errorf("polls saw %v, want %v", statuses, want)
	}

	// With the default policy (at most five polls) four PROCESSING polls
	// still end in SUCCESS and five time out.
	for _, tc := range []struct {
		polls int
		want  error
	}{{4, nil}, {5, giftcard.ErrOrderTimeout}} {
		f.KeepProcessing(tc.polls)
		o, _ := f.PlaceOrder(ctx, books(1, "100"))
		clk := giftcardtest.NewClock(t0)
		p := giftcard.DefaultPollPolicy()
		p.Clock = clk
		final, err := giftcard.WaitForOrder(ctx, f, o.ID, p)
		if !errors.Is(err, tc.want) || (tc.want == nil) != (final.Status == giftcard.OrderSuccess) {
			t.Errorf("KeepProcessing(%d): WaitForOrder = %s, %v", tc.polls, final.Status, err)
		}
	}
	f.KeepProcessing(0)
	if o, _ := f.PlaceOrder(ctx, books(1, "100")); o.Status != giftcard.OrderSuccess {
		t.Errorf("KeepProcessing(0): %s", o.Status)
	}
}

func TestFakeFailNextOrder(t *testing.T) {
	ctx := t.Context()
	f := newFake()
	f.KeepProcessing(1)
	f.FailNextOrder("Brand not available", giftcard.ErrProductUnavailable)
	o, err := f.PlaceOrder(ctx, books(2, "1000"))
	if err != nil || o.Status != giftcard.OrderProcessing {
		t.Fatalf("PlaceOrder = %v, %v", o, err)
	}
	if !f.Balance().Equal(inr("98000")) {
		t.Errorf("balance while processing = %s", f.Balance())
	}
	final, err := giftcard.WaitForOrder(ctx, f, o.ID, giftcard.PollPolicy{Clock: giftcardtest.NewClock(t0)})
	if err != nil || final.Status != giftcard.OrderFailed || final.FailureReason != "Brand not available" || len(final.Vouchers) != 0 {
		t.Fatalf("final = %v, %v", final, err)
	}
	if oe := final.Err(); !errors.Is(oe, giftcard.ErrOrderFailed) || !errors.Is(oe, giftcard.ErrProductUnavailable) {
		t.Errorf("Order.Err = %v", oe)
	}
	if !f.Balance().Equal(inr("100000")) {
		t.Errorf("a failed order was not refunded: %s", f.Balance())
	}
	f.FailNextOrder("x", nil)
	f.KeepProcessing(0)
	o, _ = f.PlaceOrder(ctx, books(1, "100"))
	if !errors.Is(o.Err(), giftcard.ErrProviderUnavailable) {
		t.Errorf("default failure kind: %v", o.Err())
	}
	if o, _ := f.PlaceOrder(ctx, books(1, "100")); o.Status != giftcard.OrderSuccess {
		t.Errorf("FailNextOrder is one-shot; next order %s", o.Status)
	}
}

func TestFakeGifts(t *testing.T) {
	ctx := t.Context()
	f := newFake()
	req := giftcard.GiftRequest{Amount: inr("300"), Recipient: giftcard.Recipient{Name: "Ravi", Email: "ravi@example.com"}, Message: "Thanks"}
	g, err := f.IssueGift(ctx, req)
	if err != nil || g.ID == "" || g.ReferenceID == "" || g.Status != giftcard.GiftActive || !g.Amount.Equal(inr("300")) ||
		len(g.Balances) != 1 || g.Recipient.Name != "Ravi" || g.Provider != "fake" {
		t.Fatalf("IssueGift = %+v, %v", g, err)
	}
	if !f.Balance().Equal(inr("99700")) {
		t.Errorf("balance = %s", f.Balance())
	}
	req.ReferenceID = g.ReferenceID
	same, err := f.IssueGift(ctx, req)
	if err != nil || same.ID != g.ID || !f.Balance().Equal(inr("99700")) {
		t.Errorf("repeat = %v, %v, balance %s", same.ID, err, f.Balance())
	}
	req.Amount = inr("301")
	if _, err := f.IssueGift(ctx, req); !errors.Is(err, giftcard.ErrDuplicateReference) {
		t.Errorf("reused reference: %v", err)
	}
	got, err := f.GetGift(ctx, g.ID)
	if err != nil || got.ID != g.ID {
		t.Errorf("GetGift = %v, %v", got, err)
	}
	got.Balances[0] = inr("0")
	if again, _ := f.GetGift(ctx, g.ID); !again.Balances[0].Equal(inr("300")) {
		t.Error("mutating a returned gift changed the fake")
	}
	for range 2 { // cancelling twice is harmless
		if err := f.CancelGift(ctx, g.ID); err != nil {
			t.Fatalf("CancelGift: %v", err)
		}
	}
	got, _ = f.GetGift(ctx, g.ID)
	if got.Status != giftcard.GiftCancelled || !got.Balances[0].IsZero() || !f.Balance().Equal(inr("100000")) {
		t.Errorf("after cancel: %+v, balance %s", got, f.Balance())
	}
	for _, tc := range []struct {
		req  giftcard.GiftRequest
		kind error
	}{
		{giftcard.GiftRequest{Amount: giftcard.MustParseMoney("5", "USD")}, giftcard.ErrInvalidRequest},
		{giftcard.GiftRequest{Amount: inr("0")}, giftcard.ErrInvalidRequest},
		{giftcard.GiftRequest{Amount: inr("10"), ProductID: "nope"}, giftcard.ErrNotFound},
		{giftcard.GiftRequest{Amount: inr("10"), ProductID: "fake-closed"}, giftcard.ErrProductUnavailable},
		{giftcard.GiftRequest{Amount: inr("100000.01")}, giftcard.ErrInsufficientFunds},
	} {
		if _, err := f.IssueGift(ctx, tc.req); !errors.Is(err, tc.kind) {
			t.Errorf("IssueGift(%+v) = %v, want %v", tc.req, err, tc.kind)
		}
	}
	if _, err := f.GetGift(ctx, "nope"); !errors.Is(err, giftcard.ErrNotFound) {
		t.Errorf("GetGift(nope) = %v", err)
	}
	if err := f.CancelGift(ctx, "nope"); !errors.Is(err, giftcard.ErrNotFound) {
		t.Errorf("CancelGift(nope) = %v", err)
	}
	if err := f.CancelGift(ctx, ""); !errors.Is(err, giftcard.ErrInvalidRequest) {
		t.Errorf("CancelGift(\"\") = %v", err)
	}
}

func TestFakeUnsupportedAndCancelled(t *testing.T) {
	f := newFake(giftcardtest.WithUnsupported("CancelGift", "ListProducts"))
	before := f.Calls()
	if err := f.CancelGift(t.Context(), "x"); !errors.Is(err, giftcard.ErrNotSupported) {
		t.Errorf("CancelGift = %v", err)
	}
	for _, err := range f.ListProducts(t.Context(), giftcard.ProductQuery{}) {
		if !errors.Is(err, giftcard.ErrNotSupported) {
			t.Errorf("ListProducts = %v", err)
		}
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := f.PlaceOrder(ctx, books(1, "100"))
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled PlaceOrder = %v", err)
	}
	if f.Calls() != before || len(f.PlacedOrders()) != 0 {
		t.Errorf("unsupported or cancelled calls reached the fake: %d calls, %d orders", f.Calls()-before, len(f.PlacedOrders()))
	}
	if _, err := f.GetBalance(t.Context()); err != nil || f.Calls() != before+1 || f.CallsTo("GetBalance") != 1 {
		t.Errorf("GetBalance: %v, calls %d", err, f.Calls())
	}
}

func TestFakeConcurrent(t *testing.T) {
	ctx := t.Context()
	f := newFake()
	f.KeepProcessing(1)
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Go(func() {
			req := books(1, "100")
			req.ReferenceID = fmt.Sprintf("c-%d", i%10) // ten references, four calls each
			o, err := f.PlaceOrder(ctx, req)
			if err != nil {
				t.Errorf("PlaceOrder: %v", err)
				return
			}
			if _, err := f.GetOrder(ctx, o.ID); err != nil {
				t.Errorf("GetOrder: %v", err)
			}
			if _, err := f.IssueGift(ctx, giftcard.GiftRequest{Amount: inr("1")}); err != nil {
				t.Errorf("IssueGift: %v", err)
			}
			for range f.ListProducts(ctx, giftcard.ProductQuery{PageSize: 3}) {
			}
			_, _ = f.GetBalance(ctx)
			_ = f.PlacedOrders()
		})
	}
	wg.Wait()
	if n := len(f.PlacedOrders()); n != 10 {
		t.Errorf("%d orders for ten references", n)
	}
	if n := len(f.IssuedGifts()); n != 40 {
		t.Errorf("%d gifts, want 40", n)
	}
	if want := inr("100000").Amount.Sub(inr("1040").Amount); !f.Balance().Amount.Equal(want) {
		t.Errorf("balance = %s, want %s", f.Balance(), want)
	}
}

func TestFakeWithClient(t *testing.T) {
	a, b := giftcardtest.NewFake(giftcardtest.WithName("a")), giftcardtest.NewFake(giftcardtest.WithName("b"))
	c, err := giftcard.NewClient(a, b)
	if err != nil {
		t.Fatal(err)
	}
	orders, err := c.Orders("b")
	if err != nil {
		t.Fatal(err)
	}
	o, err := orders.PlaceOrder(t.Context(), books(1, "100"))
	if err != nil || o.Provider != "b" || len(b.PlacedOrders()) != 1 || len(a.PlacedOrders()) != 0 {
		t.Errorf("order through the client: %v, %v", o, err)
	}
}

// TestFakeIssueGiftContract: the Fake's IssueGift is a keyed provider's
// under the giftcard.Gifts contract: one gift per ReferenceID and request,
// across a lost answer too; the same reference with any other request
// (the message included) is a duplicate; two references are two gifts, even
// to one recipient; a reference that cannot travel intact is refused.
func TestFakeIssueGiftContract(t *testing.T) {
	ctx := t.Context()
	f := newFake()
	req := giftcard.GiftRequest{ReferenceID: "gift-1", Amount: inr("100"), Recipient: giftcard.Recipient{Name: "Ravi", Email: "ravi@example.com"}, Message: "Thanks"}
	lost := errors.New("answer lost")
	f.FailNextAfterCommit("IssueGift", lost)
	if _, err := f.IssueGift(ctx, req); !errors.Is(err, lost) {
		t.Fatalf("lost answer: %v", err)
	}
	g, err := f.IssueGift(ctx, req)
	if err != nil || g.ReferenceID != "gift-1" || len(f.IssuedGifts()) != 1 || !f.Balance().Equal(inr("99900")) {
		t.Fatalf("repeat after a lost answer: %+v, %v; %d gifts, balance %s", g, err, len(f.IssuedGifts()), f.Balance())
	}
	for name, mutate := range map[string]func(*giftcard.GiftRequest){
		"amount":    func(r *giftcard.GiftRequest) { r.Amount = inr("101") },
		"recipient": func(r *giftcard.GiftRequest) { r.Recipient.Email = "other@example.com" },
		"message":   func(r *giftcard.GiftRequest) { r.Message = "Thank you" },
		"product":   func(r *giftcard.GiftRequest) { r.ProductID = "fake-books" },
	} {
		r := req
		mutate(&r)
		if _, err := f.IssueGift(ctx, r); !errors.Is(err, giftcard.ErrDuplicateReference) || !strings.Contains(err.Error(), g.ID) {
			t.Errorf("same reference, other %s: %v", name, err)
		}
	}
	other := req
	other.ReferenceID = "gift-2"
	g2, err := f.IssueGift(ctx, other)
	if err != nil || g2.ID == g.ID || len(f.IssuedGifts()) != 2 || !f.Balance().Equal(inr("99800")) {
		t.Errorf("another reference, same recipient: %+v, %v", g2, err)
	}
	before := f.Balance()
	for _, ref := range []string{" ", "gift-\xff", "gift-\xfe", "gift\n3", "gift\x003"} {
		r := req
		r.ReferenceID = ref
		_, err := f.IssueGift(ctx, r)
		var ve *giftcard.ValidationError
		if !errors.As(err, &ve) || ve.Field != "referenceId" {
			t.Errorf("reference %q: %v", ref, err)
		}
	}
	if !f.Balance().Equal(before) || len(f.IssuedGifts()) != 2 {
		t.Errorf("refused references issued gifts: balance %s, %d gifts", f.Balance(), len(f.IssuedGifts()))
	}
}

// TestFakeUnknownOutcomeNamesReference: as a provider does, the Fake names
// the reference a keyed call used — generated ones included — on an unknown
// outcome (in the error and on the partial order or gift it returns), so
// the caller can reconcile and retry under that reference exactly once.
func TestFakeUnknownOutcomeNamesReference(t *testing.T) {
	ctx := t.Context()
	reference := func(t *testing.T, err error) string {
		t.Helper()
		var ge *giftcard.Error
		if !errors.Is(err, giftcard.ErrOutcomeUnknown) || !errors.As(err, &ge) || ge.Reference == "" || ge.Provider != "fake" {
			t.Fatalf("err = %v; want an unknown outcome naming the reference", err)
		}
		return ge.Reference
	}

	t.Run("order committed, answer lost", func(t *testing.T) {
		f := newFake()
		reset := errors.New("connection reset by peer")
		f.FailNextAfterCommit("PlaceOrder", reset)
		req := books(2, "250")
		o, err := f.PlaceOrder(ctx, req)
		ref := reference(t, err)
		if !errors.Is(err, reset) || o.ReferenceID != ref || o.ID != "" || o.Status != "" || o.ProductID != "fake-books" ||
			!o.Amount.Equal(inr("500")) || o.Provider != "fake" {
			t.Fatalf("PlaceOrder = %+v, %v; want the partial order under reference %s", o, err, ref)
		}
		found, err := f.GetOrderByReference(ctx, ref)
		if err != nil || found.Status != giftcard.OrderSuccess {
			t.Fatalf("GetOrderByReference(%s) = %v, %v; the order was committed", ref, found, err)
		}
		req.ReferenceID = ref
		again, err := f.PlaceOrder(ctx, req)
		if err != nil || again.ID != found.ID || len(f.PlacedOrders()) != 1 || !f.Balance().Equal(inr("99500")) {
			t.Fatalf("retry under %s = %v, %v; %d orders, balance %s", ref, again, err, len(f.PlacedOrders()), f.Balance())
		}
	})

	t.Run("order never arrived", func(t *testing.T) {
		f := newFake()
		timeout := &giftcard.Error{Provider: "fake", Op: "PlaceOrder", Kind: giftcard.ErrProviderUnavailable, OutcomeUnknown: true}
		f.FailNext("PlaceOrder", timeout)
		req := books(1, "100")
		o, err := f.PlaceOrder(ctx, req)
		ref := reference(t, err)
		if o.ReferenceID != ref || !errors.Is(err, timeout) || !errors.Is(err, giftcard.ErrProviderUnavailable) {
			t.Fatalf("PlaceOrder = %+v, %v", o, err)
		}
		if _, err := f.GetOrderByReference(ctx, ref); !errors.Is(err, giftcard.ErrNotFound) {
			t.Fatalf("GetOrderByReference(%s) = %v; nothing was placed", ref, err)
		}
		req.ReferenceID = ref
		if placed, err := f.PlaceOrder(ctx, req); err != nil || placed.ReferenceID != ref || len(f.PlacedOrders()) != 1 {
			t.Fatalf("resend under %s = %v, %v", ref, placed, err)
		}
	})

	t.Run("gift committed, answer lost", func(t *testing.T) {
		f := newFake()
		f.FailNextAfterCommit("IssueGift", &giftcard.Error{Provider: "fake", Op: "IssueGift", Kind: giftcard.ErrProviderUnavailable})
		req := giftcard.GiftRequest{Amount: inr("75"), Recipient: giftcard.Recipient{Email: "lost@example.com"}}
		g, err := f.IssueGift(ctx, req)
		ref := reference(t, err)
		if g.ReferenceID != ref || g.ID != "" || !g.Amount.Equal(inr("75")) || g.Recipient.Email != "lost@example.com" {
			t.Fatalf("IssueGift = %+v, %v", g, err)
		}
		req.ReferenceID = ref
		again, err := f.IssueGift(ctx, req)
		if err != nil || again.ID == "" || len(f.IssuedGifts()) != 1 || !f.Balance().Equal(inr("99925")) {
			t.Fatalf("repeat under %s = %+v, %v; %d gifts, balance %s", ref, again, err, len(f.IssuedGifts()), f.Balance())
		}
	})

	t.Run("refusals name the reference", func(t *testing.T) {
		f := newFake(giftcardtest.WithBalance(inr("10")))
		_, err := f.PlaceOrder(ctx, books(1, "100"))
		var ge *giftcard.Error
		if !errors.Is(err, giftcard.ErrInsufficientFunds) || !errors.As(err, &ge) || ge.Reference == "" || errors.Is(err, giftcard.ErrOutcomeUnknown) {
			t.Errorf("PlaceOrder over the balance: %v", err)
		}
		_, err = f.IssueGift(ctx, giftcard.GiftRequest{ReferenceID: "g-big", Amount: inr("11")})
		if !errors.As(err, &ge) || ge.Reference != "g-big" {
			t.Errorf("IssueGift over the balance: %v", err)
		}
	})

	t.Run("refused reference leaves the failure queued", func(t *testing.T) {
		f := newFake()
		boom := errors.New("boom")
		f.FailNext("IssueGift", boom)
		var ve *giftcard.ValidationError
		if _, err := f.IssueGift(ctx, giftcard.GiftRequest{ReferenceID: "bad\nref", Amount: inr("5")}); !errors.As(err, &ve) {
			t.Fatalf("invalid reference: %v", err)
		}
		if _, err := f.IssueGift(ctx, giftcard.GiftRequest{Amount: inr("5")}); !errors.Is(err, boom) {
			t.Fatalf("the next call: %v; want the queued failure", err)
		}
		if len(f.IssuedGifts()) != 0 {
			t.Fatal("a failed call issued a gift")
		}
	})
}
