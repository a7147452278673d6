package giftcardtest

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/giftcard-go/giftcard"
)

// recorder stands in for *testing.T so a check can be run against a broken
// provider and its verdict inspected.
type recorder struct {
	mu      sync.Mutex
	msgs    []string
	failed  bool
	skipped bool
}

func (r *recorder) Helper()             {}
func (r *recorder) Logf(string, ...any) {}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.failed = true
	r.msgs = append(r.msgs, fmt.Sprintf(format, args...))
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	runtime.Goexit()
}

func (r *recorder) Skipf(format string, args ...any) {
	r.mu.Lock()
	r.skipped = true
	r.mu.Unlock()
	runtime.Goexit()
}

func (r *recorder) String() string { return strings.Join(r.msgs, "\n") }

// runCheck runs one check of the suite with its verdict going to a recorder.
func runCheck(t *testing.T, s Subject, run func(*env)) *recorder {
	t.Helper()
	r := &recorder{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		run(newEnv(r, t, s))
	}()
	<-done
	return r
}

func inr(s string) giftcard.Money { return giftcard.MustParseMoney(s, "INR") }

// subject describes a Fake, optionally wrapped to break it.
func subject(wrap func(*Fake) any, opts ...FakeOption) Subject {
	return Subject{
		New: func(*testing.T) (any, func() int) {
			f := NewFake(opts...)
			if wrap == nil {
				return f, f.Calls
			}
			return wrap(f), f.Calls
		},
		Claims:       []Capability{Catalog, Wallet, Orders, Gifts},
		ProductCount: 12,
		NewOrder: func(*testing.T) giftcard.OrderRequest {
			return giftcard.OrderRequest{ProductID: "fake-books", Items: []giftcard.OrderItem{{Denomination: inr("250"), Quantity: 2}}}
		},
		Poll:    giftcard.PollPolicy{Clock: NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))},
		NewGift: func(*testing.T) giftcard.GiftRequest { return giftcard.GiftRequest{Amount: inr("100")} },
		LoseNextAnswer: func(t *testing.T, c any, method string) {
			c.(interface{ self() *Fake }).self().FailNextAfterCommit(method, errors.New("connection reset after commit"))
		},
	}
}

// self is the Fake inside a wrapper that embeds it.
func (f *Fake) self() *Fake { return f }

// hidesReference fails a lost answer without naming the reference it used.
type hidesReference struct{ *Fake }

func (b hidesReference) PlaceOrder(ctx context.Context, req giftcard.OrderRequest) (giftcard.Order, error) {
	o, err := b.Fake.PlaceOrder(ctx, req)
	if err != nil {
		return giftcard.Order{}, &giftcard.Error{Provider: "fake", Kind: giftcard.ErrProviderUnavailable, OutcomeUnknown: true}
	}
	return o, nil
}

// lostAnswerIsDefinite reports a lost answer as a definite failure.
type lostAnswerIsDefinite struct{ *Fake }

func (b lostAnswerIsDefinite) IssueGift(ctx context.Context, req giftcard.GiftRequest) (giftcard.Gift, error) {
	g, err := b.Fake.IssueGift(ctx, req)
	if err != nil {
		return g, &giftcard.Error{Provider: "fake", Kind: giftcard.ErrProviderUnavailable, Reference: g.ReferenceID}
	}
	return g, nil
}

// newGiftEveryCall ignores the caller's reference.
type newGiftEveryCall struct{ *Fake }

func (b newGiftEveryCall) IssueGift(ctx context.Context, req giftcard.GiftRequest) (giftcard.Gift, error) {
	ref := req.ReferenceID
	req.ReferenceID = ""
	g, err := b.Fake.IssueGift(ctx, req)
	if ref != "" {
		g.ReferenceID = ref
	}
	return g, err
}

// refusesAfterRequest refuses a bad reference only after a request.
type refusesAfterRequest struct{ *Fake }

func (b refusesAfterRequest) IssueGift(ctx context.Context, req giftcard.GiftRequest) (giftcard.Gift, error) {
	_, _ = b.Fake.GetBalance(ctx)
	return b.Fake.IssueGift(ctx, req)
}

// replacesBadReference swaps a reference it cannot send for a generated
// one.
type replacesBadReference struct{ *Fake }

func (b replacesBadReference) IssueGift(ctx context.Context, req giftcard.GiftRequest) (giftcard.Gift, error) {
	if strings.TrimSpace(req.ReferenceID) == "" || strings.ContainsAny(req.ReferenceID, "\n\t\x00") || !utf8.ValidString(req.ReferenceID) {
		req.ReferenceID = ""
	}
	return b.Fake.IssueGift(ctx, req)
}

// newOrderEveryCall ignores the caller's reference, so every call is a new
// order.
type newOrderEveryCall struct{ *Fake }

func (b newOrderEveryCall) PlaceOrder(ctx context.Context, req giftcard.OrderRequest) (giftcard.Order, error) {
	req.ReferenceID = ""
	return b.Fake.PlaceOrder(ctx, req)
}

// debitsEveryCall returns the same order for a repeated reference but takes
// the money again.
type debitsEveryCall struct{ *Fake }

func (b debitsEveryCall) PlaceOrder(ctx context.Context, req giftcard.OrderRequest) (giftcard.Order, error) {
	_, lookupErr := b.Fake.GetOrderByReference(ctx, req.ReferenceID)
	o, err := b.Fake.PlaceOrder(ctx, req)
	if err == nil && lookupErr == nil {
		bal := b.Balance()
		bal.Amount = bal.Amount.Sub(o.Amount.Amount)
		b.SetBalance(bal)
	}
	return o, err
}

// racyReference deduplicates with a lookup before placing, which is not
// atomic: the first two concurrent callers are held between the lookup and
// the placement until both have looked, as a real race would have it.
type racyReference struct {
	*Fake
	arrived atomic.Int32
	gate    chan struct{}
	seq     atomic.Int32
}

func (b *racyReference) PlaceOrder(ctx context.Context, req giftcard.OrderRequest) (giftcard.Order, error) {
	if o, err := b.Fake.GetOrderByReference(ctx, req.ReferenceID); err == nil {
		return o, nil
	}
	if n := b.arrived.Add(1); n == 2 {
		close(b.gate)
	} else if n == 1 {
		<-b.gate
	}
	if n := b.seq.Add(1); n > 1 {
		req.ReferenceID = fmt.Sprintf("%s-%d", req.ReferenceID, n) // the backend saw a "new" order
	}
	return b.Fake.PlaceOrder(ctx, req)
}

// dropsReference returns orders without the generated reference.
type dropsReference struct{ *Fake }

func (b dropsReference) PlaceOrder(ctx context.Context, req giftcard.OrderRequest) (giftcard.Order, error) {
	o, err := b.Fake.PlaceOrder(ctx, req)
	o.ReferenceID = req.ReferenceID
	return o, err
}

// repeatsProduct yields the first product of every listing twice, as a
// provider with overlapping pages does.
type repeatsProduct struct{ *Fake }

func (b repeatsProduct) ListProducts(ctx context.Context, q giftcard.ProductQuery) iter.Seq2[giftcard.Product, error] {
	return func(yield func(giftcard.Product, error) bool) {
		first := true
		for p, err := range b.Fake.ListProducts(ctx, q) {
			if !yield(p, err) {
				return
			}
			if first && err == nil {
				first = false
				if !yield(p, nil) {
					return
				}
			}
		}
	}
}

// losesLastPage stops after the first page.
type losesLastPage struct{ *Fake }

func (b losesLastPage) ListProducts(ctx context.Context, q giftcard.ProductQuery) iter.Seq2[giftcard.Product, error] {
	return func(yield func(giftcard.Product, error) bool) {
		n := 0
		for p, err := range b.Fake.ListProducts(ctx, q) {
			if n++; n > q.PageSize && q.PageSize > 0 || !yield(p, err) {
				return
			}
		}
	}
}

// eagerList fetches every page before yielding the first product.
type eagerList struct{ *Fake }

func (b eagerList) ListProducts(ctx context.Context, q giftcard.ProductQuery) iter.Seq2[giftcard.Product, error] {
	var all []giftcard.Product
	var lerr error
	for p, err := range b.Fake.ListProducts(ctx, q) {
		if err != nil {
			lerr = err
			break
		}
		all = append(all, p)
	}
	return func(yield func(giftcard.Product, error) bool) {
		for _, p := range all {
			if !yield(p, nil) {
				return
			}
		}
		if lerr != nil {
			yield(giftcard.Product{}, lerr)
		}
	}
}

// ignoresStop keeps yielding after the loop body stopped.
type ignoresStop struct{ *Fake }

func (b ignoresStop) ListProducts(ctx context.Context, q giftcard.ProductQuery) iter.Seq2[giftcard.Product, error] {
	return func(yield func(giftcard.Product, error) bool) {
		for p, err := range b.Fake.ListProducts(ctx, q) {
			yield(p, err)
		}
	}
}

// zeroForUnknown answers an unknown id with a zero value and no error.
type zeroForUnknown struct{ *Fake }

func (b zeroForUnknown) GetProduct(ctx context.Context, id string) (giftcard.Product, error) {
	p, err := b.Fake.GetProduct(ctx, id)
	if err != nil {
		return giftcard.Product{}, nil
	}
	return p, nil
}

func (b zeroForUnknown) GetOrderByReference(ctx context.Context, ref string) (giftcard.Order, error) {
	o, _ := b.Fake.GetOrderByReference(ctx, ref)
	return o, nil
}

func (b zeroForUnknown) GetGift(ctx context.Context, id string) (giftcard.Gift, error) {
	g, _ := b.Fake.GetGift(ctx, id)
	return g, nil
}

// unsupportedAfterRequest calls the backend before refusing.
type unsupportedAfterRequest struct{ *Fake }

func (b unsupportedAfterRequest) CancelGift(ctx context.Context, id string) error {
	_, _ = b.Fake.GetGift(ctx, id)
	return &giftcard.Error{Provider: "fake", Op: "CancelGift", Kind: giftcard.ErrNotSupported}
}

// cancelDoesNothing reports success without cancelling.
type cancelDoesNothing struct{ *Fake }

func (cancelDoesNothing) CancelGift(context.Context, string) error { return nil }

// catalogOnly implements Catalog and nothing else.
type catalogOnly struct{ giftcard.Catalog }

func TestChecksPassAgainstTheFake(t *testing.T) {
	for _, c := range checks {
		r := runCheck(t, subject(nil), c.run)
		if r.failed || r.skipped {
			t.Errorf("%s/%s against the Fake: failed=%v skipped=%v\n%s", c.capability, c.name, r.failed, r.skipped, r)
		}
	}
	s := subject(nil, WithUnsupported("CancelGift"))
	s.Unsupported = []string{"CancelGift"}
	if r := runCheck(t, s, func(e *env) { checkUnsupported(e, "CancelGift") }); r.failed {
		t.Errorf("Unsupported/CancelGift against a Fake without it: %s", r)
	}
}

func TestChecksCatchBrokenProviders(t *testing.T) {
	wrap := func(f func(*Fake) any) func(*Fake) any { return f }
	for _, tc := range []struct {
		name  string
		s     Subject
		check func(*env)
		want  string // in some failure message
	}{
		{"new order on every call", subject(wrap(func(f *Fake) any { return newOrderEveryCall{f} })),
			checkIdempotentOrder, "created two orders"},
		{"new order on every concurrent call", subject(wrap(func(f *Fake) any { return newOrderEveryCall{f} })),
			checkConcurrentOrder, "created 20 orders"},
		{"second debit for a repeated reference", subject(wrap(func(f *Fake) any { return debitsEveryCall{f} })),
			checkIdempotentOrder, "debit of 1000.00 INR"},
		{"check-then-act race on the reference", subject(wrap(func(f *Fake) any { return &racyReference{Fake: f, gate: make(chan struct{})} })),
			checkConcurrentOrder, "orders (id: calls)"},
		{"generated reference not returned", subject(wrap(func(f *Fake) any { return dropsReference{f} })),
			checkGeneratedReference, "without one"},
		{"overlapping pages", subject(wrap(func(f *Fake) any { return repeatsProduct{f} })),
			checkListProducts, "more than once"},
		{"lost pages", subject(wrap(func(f *Fake) any { return losesLastPage{f} })),
			checkListProducts, "yielded 5 distinct products; Subject.ProductCount says the backend has 12"},
		{"eager paging", subject(wrap(func(f *Fake) any { return eagerList{f} })),
			checkListStopsEarly, "must fetch pages lazily"},
		{"yield after stop", subject(wrap(func(f *Fake) any { return ignoresStop{f} })),
			checkListStopsEarly, "panicked"},
		{"unknown product is not ErrNotFound", subject(wrap(func(f *Fake) any { return zeroForUnknown{f} })),
			checkGetProductNotFound, "want an error matching giftcard.ErrNotFound"},
		{"unknown reference is not ErrNotFound", subject(wrap(func(f *Fake) any { return zeroForUnknown{f} })),
			checkOrderNotFound, "GetOrderByReference"},
		{"unknown gift is not ErrNotFound", subject(wrap(func(f *Fake) any { return zeroForUnknown{f} })),
			checkGiftNotFound, "GetGift"},
		{"order never completes", subject(wrap(func(f *Fake) any { f.KeepProcessing(100); return f })),
			checkWaitForOrder, "timed out"},
		{"order fails", subject(wrap(func(f *Fake) any { f.FailNextOrder("Brand not available", nil); return f })),
			checkWaitForOrder, "ended FAILED"},
		{"cancel does nothing", subject(wrap(func(f *Fake) any { return cancelDoesNothing{f} })),
			checkGiftLifecycle, `status "ACTIVE"`},
		{"unsupported method reaches the backend", func() Subject {
			s := subject(wrap(func(f *Fake) any { return unsupportedAfterRequest{f} }))
			s.Unsupported = []string{"CancelGift"}
			return s
		}(), func(e *env) { checkUnsupported(e, "CancelGift") }, "sent 1 request(s)"},
		{"unsupported method is supported", func() Subject {
			s := subject(nil)
			s.Unsupported = []string{"CancelGift"}
			return s
		}(), func(e *env) { checkUnsupported(e, "CancelGift") }, "must fail with an error matching giftcard.ErrNotSupported"},
		{"unsupported names an unknown method", func() Subject {
			s := subject(nil)
			s.Unsupported = []string{"Refund"}
			return s
		}(), func(e *env) { checkUnsupported(e, "Refund") }, "not a method"},
		{"claimed interface not implemented", func() Subject {
			s := subject(wrap(func(f *Fake) any { return catalogOnly{f} }))
			return s
		}(), checkIdempotentOrder, "does not implement giftcard.Orders"},
		{"wrong product count", func() Subject {
			s := subject(nil)
			s.ProductCount = 13
			return s
		}(), checkListProducts, "yielded 12 distinct products"},
		{"NewOrder sets a reference", func() Subject {
			s := subject(nil)
			s.NewOrder = func(*testing.T) giftcard.OrderRequest { return giftcard.OrderRequest{ReferenceID: "x"} }
			return s
		}(), checkWaitForOrder, "must leave ReferenceID empty"},
		{"PlaceOrder fails", subject(wrap(func(f *Fake) any { f.SetBalance(inr("1")); return f })),
			checkGeneratedReference, "insufficient funds"},
		{"lost answer without its reference", subject(wrap(func(f *Fake) any { return hidesReference{f} })),
			checkOrderUnknownOutcome, "without naming the reference it used"},
		{"lost answer, repeat places a second order", subject(wrap(func(f *Fake) any { return newOrderEveryCall{f} })),
			checkOrderUnknownOutcome, "debit of 1000.00 INR"},
		{"lost answer reported as definite", subject(wrap(func(f *Fake) any { return lostAnswerIsDefinite{f} })),
			checkGiftUnknownOutcome, "want the result (reconciled) or an error matching giftcard.ErrOutcomeUnknown"},
		{"second gift for a repeated reference", subject(wrap(func(f *Fake) any { return newGiftEveryCall{f} })),
			checkGiftSameReference, "issued two gifts"},
		{"invalid reference sent", subject(wrap(func(f *Fake) any { return replacesBadReference{f} })),
			checkGiftInvalidReference, "want a *giftcard.ValidationError"},
		{"invalid reference reaches the backend", subject(wrap(func(f *Fake) any { return refusesAfterRequest{f} })),
			checkGiftInvalidReference, "sent 1 request(s)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runCheck(t, tc.s, tc.check)
			if !r.failed {
				t.Fatalf("the check passed a broken provider (skipped=%v)", r.skipped)
			}
			if !strings.Contains(r.String(), tc.want) {
				t.Errorf("no failure message mentions %q; got:\n%s", tc.want, r)
			}
		})
	}
}
