package giftcardtest

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/giftcard-go/giftcard"
)

// Capability names one of the four shared interfaces.
type Capability string

// The capabilities a Subject can claim.
const (
	Catalog Capability = "Catalog"
	Wallet  Capability = "Wallet"
	Orders  Capability = "Orders"
	Gifts   Capability = "Gifts"
)

var capabilities = []Capability{Catalog, Wallet, Orders, Gifts}

// Subject describes a provider under test.
type Subject struct {
	// New returns a fresh client (implementing the claimed interfaces) against a fresh backend,
	// and a func reporting how many requests have reached that backend so far.
	New func(t *testing.T) (client any, requests func() int)
	// Claims are the interfaces the client implements and the suite checks.
	Claims []Capability
	// Catalog: the number of products a zero-query ListProducts must reach (0 = only check that no
	// product is seen twice), and the page size the suite pages with (0 = 5).
	ProductCount int
	PageSize     int // see ProductCount
	// Orders: a request that succeeds (SUCCESS, possibly after PROCESSING) with ReferenceID left empty;
	// Poll is the policy used with giftcard.WaitForOrder (give it a fake clock).
	NewOrder func(t *testing.T) giftcard.OrderRequest
	Poll     giftcard.PollPolicy // see NewOrder
	// Fee, when set, is what the provider charges the funding wallet on top
	// of an order's total (Wolfe: amount + fee); the debit checks expect
	// total + Fee(req) once.
	Fee func(req giftcard.OrderRequest) giftcard.Money
	// Gifts: a request that succeeds, ReferenceID left empty.
	NewGift func(t *testing.T) giftcard.GiftRequest
	// Unsupported names methods of the claimed interfaces (e.g. "CancelGift") the provider answers with
	// ErrNotSupported; the suite checks that no request reaches the backend for them.
	Unsupported []string
	// MissingID is an id that does not exist ("" = "does-not-exist-0000").
	MissingID string
	// LoseNextAnswer, when set, makes the backend behind client (a client
	// New returned) commit the next call of method — "PlaceOrder" or
	// "IssueGift" — and lose its answer, as a connection dropped after the
	// provider committed the request does: a sandbox fault with
	// DropAfterCommit on the method's route, or Fake.FailNextAfterCommit.
	// The UnknownOutcome checks need it and are skipped without it.
	LoseNextAnswer func(t *testing.T, client any, method string)
}

// RunConformance runs the behavioural suite for the parts s claims, one
// sub-test each, every one against a fresh client from s.New:
//
//   - Catalog: paging with ProductQuery{PageSize} yields every product
//     exactly once (the same set as the provider's default page size, and
//     ProductCount of them when set); stopping the range stops fetching;
//     GetProduct of a listed id returns it; an unknown id fails with
//     ErrNotFound.
//   - Wallet: GetBalance answers with a normalised currency.
//   - Orders: unknown ids and references fail with ErrNotFound; an empty
//     ReferenceID is generated, returned and found again by
//     GetOrderByReference and GetOrder; PlaceOrder twice with one
//     ReferenceID yields one order, and (with Wallet claimed) the balance
//     falls by exactly the order total once; so do 20 concurrent calls;
//     WaitForOrder with s.Poll reaches SUCCESS.
//   - Gifts: issue (reference generated and returned), get, cancel (then
//     CANCELLED or gone); unknown ids fail with ErrNotFound. IssueGift twice
//     with one ReferenceID and request never issues two gifts (the Gifts
//     contract: the first gift back, or ErrDuplicateReference), returns the
//     ReferenceID as given, and a gift under another reference is another
//     gift; a blank ReferenceID, or one not valid UTF-8 or holding a control
//     character, is refused with a *giftcard.ValidationError before anything
//     is sent.
//   - UnknownOutcome (Orders and Gifts, with s.LoseNextAnswer): after an
//     answer lost once the request was committed, the call either returns
//     the order or gift (the provider reconciled) or fails with an error
//     matching ErrOutcomeUnknown; either way it names the reference it used
//     (on the Order or Gift, or in Error.Reference), generated ones
//     included, and repeating the request under that reference places no
//     second order (one debit, with Wallet claimed) and issues no second
//     gift.
//   - Unsupported: each listed method fails with ErrNotSupported and sends
//     no request.
//
// Checks that need a method listed in s.Unsupported leave that step out.
// When s.Poll has no Clock, a self-advancing fake clock is used so polling
// never waits on the wall clock. A provider package runs it against its
// sandbox; see the RunConformance example.
func RunConformance(t *testing.T, s Subject) {
	t.Helper()
	s = s.withDefaults()
	if s.New == nil {
		t.Fatal("giftcardtest: Subject.New is nil")
	}
	if len(s.Claims) == 0 {
		t.Fatal("giftcardtest: Subject.Claims is empty: claim at least one of Catalog, Wallet, Orders, Gifts")
	}
	for _, c := range s.Claims {
		if !slices.Contains(capabilities, c) {
			t.Errorf("giftcardtest: Subject.Claims has %q, which is not one of Catalog, Wallet, Orders, Gifts", c)
		}
	}
	for _, cp := range capabilities {
		if !s.claims(cp) {
			continue
		}
		t.Run(string(cp), func(t *testing.T) {
			for _, c := range checks {
				if c.capability != cp {
					continue
				}
				t.Run(c.name, func(t *testing.T) { c.run(newEnv(t, t, s)) })
			}
		})
	}
	if len(s.Unsupported) > 0 {
		t.Run("Unsupported", func(t *testing.T) {
			for _, m := range s.Unsupported {
				t.Run(m, func(t *testing.T) { checkUnsupported(newEnv(t, t, s), m) })
			}
		})
	}
}

func (s Subject) withDefaults() Subject {
	if s.PageSize <= 0 {
		s.PageSize = 5
	}
	if s.MissingID == "" {
		s.MissingID = "does-not-exist-0000"
	}
	if s.Poll.Clock == nil {
		s.Poll.Clock = NewClock(time.Now())
	}
	return s
}

func (s Subject) claims(c Capability) bool { return slices.Contains(s.Claims, c) }

// reporter is where a check reports; *testing.T is one. Fatalf and Skipf
// must not return.
type reporter interface {
	Helper()
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
	Skipf(format string, args ...any)
	Logf(format string, args ...any)
}

// env is what one check works with: r receives its verdicts, t is handed to
// the Subject's callbacks.
type env struct {
	r   reporter
	t   *testing.T
	s   Subject
	ctx context.Context
}

func newEnv(r reporter, t *testing.T, s Subject) *env {
	return &env{r: r, t: t, s: s.withDefaults(), ctx: t.Context()}
}

type check struct {
	capability Capability
	name       string
	run        func(*env)
}

var checks = []check{
	{Catalog, "ListProductsPagesOnce", checkListProducts},
	{Catalog, "ListProductsStopsEarly", checkListStopsEarly},
	{Catalog, "GetListedProduct", checkGetProduct},
	{Catalog, "GetProductNotFound", checkGetProductNotFound},
	{Wallet, "GetBalance", checkGetBalance},
	{Orders, "NotFound", checkOrderNotFound},
	{Orders, "GeneratedReference", checkGeneratedReference},
	{Orders, "IdempotentReference", checkIdempotentOrder},
	{Orders, "ConcurrentSameReference", checkConcurrentOrder},
	{Orders, "WaitForOrder", checkWaitForOrder},
	{Orders, "UnknownOutcome", checkOrderUnknownOutcome},
	{Gifts, "IssueGetCancel", checkGiftLifecycle},
	{Gifts, "NotFound", checkGiftNotFound},
	{Gifts, "SameReference", checkGiftSameReference},
	{Gifts, "InvalidReference", checkGiftInvalidReference},
	{Gifts, "UnknownOutcome", checkGiftUnknownOutcome},
}

func (e *env) unsupported(method string) bool { return slices.Contains(e.s.Unsupported, method) }

// fresh returns a new client and its request counter.
func (e *env) fresh() (any, func() int) {
	e.r.Helper()
	c, requests := e.s.New(e.t)
	if c == nil {
		e.r.Fatalf("Subject.New returned a nil client")
	}
	if requests == nil {
		e.r.Fatalf("Subject.New returned a nil request counter")
	}
	return c, requests
}

// name is the client's provider name, "" when it does not implement
// giftcard.Provider.
func name(c any) string {
	if p, ok := c.(giftcard.Provider); ok {
		return p.Name()
	}
	return ""
}

// as returns c as the interface T the subject claims (named what), failing
// the test when the client does not implement it.
func as[T any](e *env, c any, what string) T {
	e.r.Helper()
	v, ok := c.(T)
	if !ok {
		e.r.Fatalf("client %T claims %s but does not implement giftcard.%s", c, what, what)
	}
	return v
}

func asCatalog(e *env, c any) giftcard.Catalog {
	e.r.Helper()
	return as[giftcard.Catalog](e, c, "Catalog")
}
func asWallet(e *env, c any) giftcard.Wallet {
	e.r.Helper()
	return as[giftcard.Wallet](e, c, "Wallet")
}
func asOrders(e *env, c any) giftcard.Orders {
	e.r.Helper()
	return as[giftcard.Orders](e, c, "Orders")
}
func asGifts(e *env, c any) giftcard.Gifts { e.r.Helper(); return as[giftcard.Gifts](e, c, "Gifts") }

// wallet returns the client's Wallet when the subject claims one and can
// read the balance; the debit checks need it.
func (e *env) wallet(c any) (giftcard.Wallet, bool) {
	if !e.s.claims(Wallet) || e.unsupported("GetBalance") {
		return nil, false
	}
	return asWallet(e, c), true
}

// reference returns a fresh idempotency key: short (Hubble allows 40
// characters) and made only of letters, digits and a hyphen.
func reference() string { return "conf-" + rand.Text() }

// list collects a listing; it stops at the first error and turns a panic
// from the iterator into an error, so a broken provider fails the check
// instead of the test binary.
func list(ctx context.Context, cat giftcard.Catalog, q giftcard.ProductQuery, limit int) (ps []giftcard.Product, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("ListProducts panicked: %v", p)
		}
	}()
	for p, lerr := range cat.ListProducts(ctx, q) {
		if lerr != nil {
			return ps, lerr
		}
		ps = append(ps, p)
		if limit > 0 && len(ps) >= limit {
			break
		}
	}
	return ps, nil
}

func ids(ps []giftcard.Product) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.ID
	}
	return out
}

func checkListProducts(e *env) {
	e.r.Helper()
	if e.unsupported("ListProducts") {
		e.r.Skipf("ListProducts is listed as unsupported")
	}
	c, _ := e.fresh()
	cat := asCatalog(e, c)
	q := giftcard.ProductQuery{PageSize: e.s.PageSize}
	paged, err := list(e.ctx, cat, q, 0)
	if err != nil {
		e.r.Fatalf("ListProducts(PageSize %d) failed after %d products: %v", e.s.PageSize, len(paged), err)
	}
	seen := map[string]int{}
	for i, p := range paged {
		if p.ID == "" {
			e.r.Errorf("ListProducts(PageSize %d) yielded product #%d (%q) without an ID", e.s.PageSize, i, p.Name)
		}
		seen[p.ID]++
		if seen[p.ID] == 2 {
			e.r.Errorf("ListProducts(PageSize %d) yielded product %q more than once (a page was repeated or the page size ignored between pages); order seen: %v",
				e.s.PageSize, p.ID, ids(paged))
		}
		if n := name(c); n != "" && p.Provider != n {
			e.r.Errorf("ListProducts yielded product %q with Provider %q; the client's Name is %q", p.ID, p.Provider, n)
		}
	}
	if len(paged) == 0 {
		e.r.Fatalf("ListProducts(PageSize %d) yielded no product; the catalog checks need a backend with products", e.s.PageSize)
	}
	if e.s.ProductCount > 0 && len(seen) != e.s.ProductCount {
		e.r.Errorf("ListProducts(PageSize %d) yielded %d distinct products; Subject.ProductCount says the backend has %d",
			e.s.PageSize, len(seen), e.s.ProductCount)
	}
	whole, err := list(e.ctx, cat, giftcard.ProductQuery{}, 0)
	if err != nil {
		e.r.Fatalf("ListProducts with the zero query failed after %d products: %v", len(whole), err)
	}
	a := slices.Sorted(maps.Keys(seen))
	b := slices.Compact(slices.Sorted(slices.Values(ids(whole))))
	if !slices.Equal(a, b) {
		e.r.Errorf("ListProducts yielded different products with PageSize %d (%v) and with the zero query (%v): paging loses or invents products",
			e.s.PageSize, a, b)
	}
}

func checkListStopsEarly(e *env) {
	e.r.Helper()
	if e.unsupported("ListProducts") {
		e.r.Skipf("ListProducts is listed as unsupported")
	}
	c, requests := e.fresh()
	cat := asCatalog(e, c)
	q := giftcard.ProductQuery{PageSize: e.s.PageSize}
	before := requests()
	all, err := list(e.ctx, cat, q, 0)
	if err != nil {
		e.r.Fatalf("ListProducts(PageSize %d) failed after %d products: %v", e.s.PageSize, len(all), err)
	}
	full := requests() - before
	before = requests()
	first, err := list(e.ctx, cat, q, 1)
	if err != nil {
		e.r.Fatalf("ranging over ListProducts(PageSize %d) and stopping after the first product failed: %v", e.s.PageSize, err)
	}
	one := requests() - before
	if len(all) > 0 && len(first) != 1 {
		e.r.Errorf("ranging over ListProducts(PageSize %d) and stopping after one product gave %d products", e.s.PageSize, len(first))
	}
	pages := (len(all) + e.s.PageSize - 1) / e.s.PageSize
	if pages > 1 && one >= full {
		e.r.Errorf("stopping after the first product cost %d request(s), as many as the whole %d-page listing (%d): ListProducts must fetch pages lazily",
			one, pages, full)
	}
}

func checkGetProduct(e *env) {
	e.r.Helper()
	if e.unsupported("ListProducts") || e.unsupported("GetProduct") {
		e.r.Skipf("needs ListProducts and GetProduct")
	}
	c, _ := e.fresh()
	cat := asCatalog(e, c)
	ps, err := list(e.ctx, cat, giftcard.ProductQuery{PageSize: e.s.PageSize}, 1)
	if err != nil {
		e.r.Fatalf("ListProducts failed: %v", err)
	}
	if len(ps) == 0 {
		e.r.Fatalf("ListProducts yielded no product to look up")
	}
	want := ps[0]
	got, err := cat.GetProduct(e.ctx, want.ID)
	if err != nil {
		e.r.Fatalf("GetProduct(%q), an id ListProducts yielded, failed: %v", want.ID, err)
	}
	if got.ID != want.ID {
		e.r.Errorf("GetProduct(%q) returned product %q", want.ID, got.ID)
	}
	if n := name(c); n != "" && got.Provider != n {
		e.r.Errorf("GetProduct(%q) returned Provider %q; the client's Name is %q", want.ID, got.Provider, n)
	}
}

func checkGetProductNotFound(e *env) {
	e.r.Helper()
	if e.unsupported("GetProduct") {
		e.r.Skipf("GetProduct is listed as unsupported")
	}
	c, _ := e.fresh()
	p, err := asCatalog(e, c).GetProduct(e.ctx, e.s.MissingID)
	if !errors.Is(err, giftcard.ErrNotFound) {
		e.r.Errorf("GetProduct(%q), an id that does not exist, returned (product %q, error %v); want an error matching giftcard.ErrNotFound",
			e.s.MissingID, p.ID, err)
	}
}

func checkGetBalance(e *env) {
	e.r.Helper()
	if e.unsupported("GetBalance") {
		e.r.Skipf("GetBalance is listed as unsupported")
	}
	c, _ := e.fresh()
	w := asWallet(e, c)
	b1, err := w.GetBalance(e.ctx)
	if err != nil {
		e.r.Fatalf("GetBalance failed: %v", err)
	}
	if cur, err := giftcard.NormalizeCurrency(b1.Currency); err != nil || cur != b1.Currency {
		e.r.Errorf("GetBalance returned %s with currency %q; want an upper-case ISO 4217 code", b1, b1.Currency)
	}
	b2, err := w.GetBalance(e.ctx)
	if err != nil {
		e.r.Fatalf("GetBalance failed the second time: %v", err)
	}
	if !b1.Equal(b2) {
		e.r.Errorf("two GetBalance calls with nothing in between returned %s and %s", b1, b2)
	}
}

// orderRequest asks the subject for a request that succeeds.
func (e *env) orderRequest() giftcard.OrderRequest {
	e.r.Helper()
	if e.s.NewOrder == nil {
		e.r.Fatalf("Subject.NewOrder is nil: the Orders checks need a request that succeeds")
	}
	req := e.s.NewOrder(e.t)
	if req.ReferenceID != "" {
		e.r.Fatalf("Subject.NewOrder must leave ReferenceID empty; it set %q", req.ReferenceID)
	}
	return req
}

// orderTotal is what an order of req costs.
func (e *env) orderTotal(req giftcard.OrderRequest) giftcard.Money {
	e.r.Helper()
	if !req.Amount.IsZero() {
		return req.Amount
	}
	total, err := req.Total()
	if err != nil {
		e.r.Fatalf("Subject.NewOrder returned a request without a total: %v", err)
	}
	return total
}

func checkOrderFields(e *env, c any, o giftcard.Order, req giftcard.OrderRequest, total giftcard.Money) {
	e.r.Helper()
	if o.ID == "" {
		e.r.Errorf("PlaceOrder returned an order without an ID: %v", o)
	}
	if o.ProductID != "" && o.ProductID != req.ProductID {
		e.r.Errorf("PlaceOrder for product %q returned an order of product %q", req.ProductID, o.ProductID)
	}
	if !o.Amount.IsZero() && !o.Amount.Equal(total) {
		e.r.Errorf("PlaceOrder for a total of %s returned an order of %s", total, o.Amount)
	}
	if n := name(c); n != "" && o.Provider != n {
		e.r.Errorf("PlaceOrder returned an order with Provider %q; the client's Name is %q", o.Provider, n)
	}
	if o.Status == giftcard.OrderFailed {
		e.r.Errorf("PlaceOrder returned a FAILED order (%s); Subject.NewOrder must describe an order that succeeds", o.FailureReason)
	}
}

func checkOrderNotFound(e *env) {
	e.r.Helper()
	c, _ := e.fresh()
	orders := asOrders(e, c)
	if !e.unsupported("GetOrder") {
		o, err := orders.GetOrder(e.ctx, e.s.MissingID)
		if !errors.Is(err, giftcard.ErrNotFound) {
			e.r.Errorf("GetOrder(%q), an id that does not exist, returned (order %q, error %v); want an error matching giftcard.ErrNotFound",
				e.s.MissingID, o.ID, err)
		}
	}
	if !e.unsupported("GetOrderByReference") {
		o, err := orders.GetOrderByReference(e.ctx, e.s.MissingID)
		if !errors.Is(err, giftcard.ErrNotFound) {
			e.r.Errorf("GetOrderByReference(%q), a reference never used, returned (order %q, error %v); want an error matching giftcard.ErrNotFound",
				e.s.MissingID, o.ID, err)
		}
	}
}

func checkGeneratedReference(e *env) {
	e.r.Helper()
	c, _ := e.fresh()
	orders := asOrders(e, c)
	req := e.orderRequest()
	total := e.orderTotal(req)
	o, err := orders.PlaceOrder(e.ctx, req)
	if err != nil {
		e.r.Fatalf("PlaceOrder(Subject.NewOrder) failed: %v", err)
	}
	checkOrderFields(e, c, o, req, total)
	if o.ReferenceID == "" {
		e.r.Fatalf("PlaceOrder with an empty ReferenceID returned order %q without one: the reference must be generated and returned", o.ID)
	}
	if !e.unsupported("GetOrderByReference") {
		got, err := orders.GetOrderByReference(e.ctx, o.ReferenceID)
		switch {
		case err != nil:
			e.r.Errorf("GetOrderByReference(%q), the generated reference, failed: %v", o.ReferenceID, err)
		case got.ID != o.ID:
			e.r.Errorf("GetOrderByReference(%q) returned order %q; PlaceOrder returned %q", o.ReferenceID, got.ID, o.ID)
		}
	}
	if !e.unsupported("GetOrder") {
		got, err := orders.GetOrder(e.ctx, o.ID)
		switch {
		case err != nil:
			e.r.Errorf("GetOrder(%q), the id PlaceOrder returned, failed: %v", o.ID, err)
		case got.ID != o.ID:
			e.r.Errorf("GetOrder(%q) returned order %q", o.ID, got.ID)
		case got.ReferenceID != "" && got.ReferenceID != o.ReferenceID:
			e.r.Errorf("GetOrder(%q) reports ReferenceID %q; PlaceOrder returned %q", o.ID, got.ReferenceID, o.ReferenceID)
		}
	}
	o2, err := orders.PlaceOrder(e.ctx, e.orderRequest())
	if err != nil {
		e.r.Fatalf("a second PlaceOrder with an empty ReferenceID failed: %v", err)
	}
	if o2.ReferenceID == o.ReferenceID || o2.ID == o.ID {
		e.r.Errorf("two PlaceOrder calls with an empty ReferenceID returned (order %q, reference %q) and (order %q, reference %q): each needs its own generated reference and order",
			o.ID, o.ReferenceID, o2.ID, o2.ReferenceID)
	}
}

// settle waits for a PROCESSING order, so the balance read afterwards
// includes any debit made when it completes.
func (e *env) settle(orders giftcard.Orders, o giftcard.Order) giftcard.Order {
	e.r.Helper()
	if o.Status.Terminal() || e.unsupported("GetOrder") {
		return o
	}
	final, err := giftcard.WaitForOrder(e.ctx, orders, o.ID, e.s.Poll)
	if err != nil {
		e.r.Fatalf("WaitForOrder(%q) with Subject.Poll failed: %v (last status %q)", o.ID, err, final.Status)
	}
	return final
}

func (e *env) balance(w giftcard.Wallet, when string) giftcard.Money {
	e.r.Helper()
	b, err := w.GetBalance(e.ctx)
	if err != nil {
		e.r.Fatalf("GetBalance %s failed: %v", when, err)
	}
	return b
}

// debit is what one order of req debits: its total, plus the Subject's Fee.
func (e *env) debit(req giftcard.OrderRequest, total giftcard.Money) giftcard.Money {
	e.r.Helper()
	if e.s.Fee == nil {
		return total
	}
	d, err := total.Add(e.s.Fee(req))
	if err != nil {
		e.r.Fatalf("Subject.Fee: %v", err)
	}
	return d
}

// checkDebit asserts the balance fell by exactly total.
func (e *env) checkDebit(before, after, total giftcard.Money, what string) {
	e.r.Helper()
	spent, err := before.Sub(after)
	if err != nil {
		e.r.Fatalf("GetBalance changed currency from %s to %s", before, after)
	}
	if !spent.Equal(total) {
		e.r.Errorf("%s: the balance went from %s to %s, a debit of %s; one order of %s must debit exactly %s once",
			what, before, after, spent, total, total)
	}
}

func checkIdempotentOrder(e *env) {
	e.r.Helper()
	c, _ := e.fresh()
	orders := asOrders(e, c)
	w, hasWallet := e.wallet(c)
	req := e.orderRequest()
	req.ReferenceID = reference()
	total := e.orderTotal(req)
	var before giftcard.Money
	if hasWallet {
		before = e.balance(w, "before PlaceOrder")
	}
	o1, err := orders.PlaceOrder(e.ctx, req)
	if err != nil {
		e.r.Fatalf("PlaceOrder with ReferenceID %q failed: %v", req.ReferenceID, err)
	}
	checkOrderFields(e, c, o1, req, total)
	if o1.ReferenceID != req.ReferenceID {
		e.r.Errorf("PlaceOrder with ReferenceID %q returned an order with ReferenceID %q", req.ReferenceID, o1.ReferenceID)
	}
	o2, err := orders.PlaceOrder(e.ctx, req)
	if err != nil {
		e.r.Fatalf("PlaceOrder the second time with ReferenceID %q failed: %v; it must return order %q", req.ReferenceID, err, o1.ID)
	}
	if o2.ID != o1.ID {
		e.r.Errorf("PlaceOrder twice with ReferenceID %q created two orders, %q and %q", req.ReferenceID, o1.ID, o2.ID)
	}
	if !e.unsupported("GetOrderByReference") {
		got, err := orders.GetOrderByReference(e.ctx, req.ReferenceID)
		switch {
		case err != nil:
			e.r.Errorf("GetOrderByReference(%q) failed: %v", req.ReferenceID, err)
		case got.ID != o1.ID:
			e.r.Errorf("GetOrderByReference(%q) returned order %q; PlaceOrder returned %q", req.ReferenceID, got.ID, o1.ID)
		}
	}
	if hasWallet {
		e.settle(orders, o1)
		e.checkDebit(before, e.balance(w, "after PlaceOrder"), e.debit(req, total),
			fmt.Sprintf("after PlaceOrder twice with ReferenceID %q", req.ReferenceID))
	}
}

func checkConcurrentOrder(e *env) {
	e.r.Helper()
	const n = 20
	c, _ := e.fresh()
	orders := asOrders(e, c)
	w, hasWallet := e.wallet(c)
	req := e.orderRequest()
	req.ReferenceID = reference()
	total := e.orderTotal(req)
	var before giftcard.Money
	if hasWallet {
		before = e.balance(w, "before PlaceOrder")
	}
	type result struct {
		o   giftcard.Order
		err error
	}
	results := make([]result, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range results {
		wg.Go(func() {
			<-start
			results[i].o, results[i].err = orders.PlaceOrder(e.ctx, req)
		})
	}
	close(start)
	wg.Wait()
	byID := map[string]int{}
	var first giftcard.Order
	for i, r := range results {
		if r.err != nil {
			e.r.Errorf("concurrent PlaceOrder #%d of %d with ReferenceID %q failed: %v; every call must return the one order",
				i+1, n, req.ReferenceID, r.err)
			continue
		}
		if len(byID) == 0 {
			first = r.o
		}
		byID[r.o.ID]++
	}
	if len(byID) == 0 {
		e.r.Fatalf("all %d concurrent PlaceOrder calls with ReferenceID %q failed", n, req.ReferenceID)
	}
	if len(byID) > 1 {
		e.r.Errorf("%d concurrent PlaceOrder calls with ReferenceID %q created %d orders (id: calls): %v",
			n, req.ReferenceID, len(byID), byID)
	}
	if !e.unsupported("GetOrderByReference") {
		got, err := orders.GetOrderByReference(e.ctx, req.ReferenceID)
		switch {
		case err != nil:
			e.r.Errorf("GetOrderByReference(%q) after the concurrent calls failed: %v", req.ReferenceID, err)
		case byID[got.ID] == 0:
			e.r.Errorf("GetOrderByReference(%q) returned order %q, which no concurrent call returned (%v)", req.ReferenceID, got.ID, byID)
		}
	}
	if hasWallet {
		e.settle(orders, first)
		e.checkDebit(before, e.balance(w, "after the concurrent calls"), e.debit(req, total),
			fmt.Sprintf("after %d concurrent PlaceOrder calls with ReferenceID %q", n, req.ReferenceID))
	}
}

func checkWaitForOrder(e *env) {
	e.r.Helper()
	if e.unsupported("GetOrder") {
		e.r.Skipf("GetOrder is listed as unsupported; WaitForOrder needs it")
	}
	c, _ := e.fresh()
	orders := asOrders(e, c)
	req := e.orderRequest()
	o, err := orders.PlaceOrder(e.ctx, req)
	if err != nil {
		e.r.Fatalf("PlaceOrder(Subject.NewOrder) failed: %v", err)
	}
	final, err := giftcard.WaitForOrder(e.ctx, orders, o.ID, e.s.Poll)
	if err != nil {
		e.r.Fatalf("WaitForOrder(%q) with Subject.Poll failed: %v (last status %q)", o.ID, err, final.Status)
	}
	if final.ID != o.ID {
		e.r.Errorf("WaitForOrder(%q) returned order %q", o.ID, final.ID)
	}
	if !final.Status.Terminal() {
		e.r.Errorf("WaitForOrder(%q) returned without error but with the non-terminal status %q", o.ID, final.Status)
	}
	if final.Status != giftcard.OrderSuccess {
		e.r.Errorf("order %q ended %s (%s); Subject.NewOrder must describe an order that succeeds", o.ID, final.Status, final.FailureReason)
	}
}

// giftRequest asks the subject for a request that succeeds.
func (e *env) giftRequest() giftcard.GiftRequest {
	e.r.Helper()
	if e.s.NewGift == nil {
		e.r.Fatalf("Subject.NewGift is nil: the Gifts checks need a request that succeeds")
	}
	req := e.s.NewGift(e.t)
	if req.ReferenceID != "" {
		e.r.Fatalf("Subject.NewGift must leave ReferenceID empty; it set %q", req.ReferenceID)
	}
	return req
}

func checkGiftLifecycle(e *env) {
	e.r.Helper()
	if e.unsupported("IssueGift") {
		e.r.Skipf("IssueGift is listed as unsupported")
	}
	c, _ := e.fresh()
	gifts := asGifts(e, c)
	g, err := gifts.IssueGift(e.ctx, e.giftRequest())
	if err != nil {
		e.r.Fatalf("IssueGift(Subject.NewGift) failed: %v", err)
	}
	if g.ID == "" {
		e.r.Fatalf("IssueGift returned a gift without an ID (reference %q)", g.ReferenceID)
	}
	if g.ReferenceID == "" {
		e.r.Errorf("IssueGift with an empty ReferenceID returned gift %q without one: the reference must be generated and returned", g.ID)
	}
	if n := name(c); n != "" && g.Provider != n {
		e.r.Errorf("IssueGift returned a gift with Provider %q; the client's Name is %q", g.Provider, n)
	}
	if g.Status == giftcard.GiftFailed || g.Status == giftcard.GiftCancelled {
		e.r.Errorf("IssueGift returned gift %q already %s", g.ID, g.Status)
	}
	if !e.unsupported("GetGift") {
		got, err := gifts.GetGift(e.ctx, g.ID)
		switch {
		case err != nil:
			e.r.Errorf("GetGift(%q), the id IssueGift returned, failed: %v", g.ID, err)
		case got.ID != g.ID:
			e.r.Errorf("GetGift(%q) returned gift %q", g.ID, got.ID)
		}
	}
	if e.unsupported("CancelGift") {
		return
	}
	if err := gifts.CancelGift(e.ctx, g.ID); err != nil {
		e.r.Fatalf("CancelGift(%q) of a gift just issued failed: %v", g.ID, err)
	}
	if !e.unsupported("GetGift") {
		got, err := gifts.GetGift(e.ctx, g.ID)
		switch {
		case errors.Is(err, giftcard.ErrNotFound):
		case err != nil:
			e.r.Errorf("GetGift(%q) after CancelGift failed: %v; want the gift CANCELLED or an error matching ErrNotFound", g.ID, err)
		case got.Status != giftcard.GiftCancelled:
			e.r.Errorf("GetGift(%q) after CancelGift reports status %q; want %q", g.ID, got.Status, giftcard.GiftCancelled)
		}
	}
}

func checkGiftNotFound(e *env) {
	e.r.Helper()
	c, _ := e.fresh()
	gifts := asGifts(e, c)
	if !e.unsupported("GetGift") {
		g, err := gifts.GetGift(e.ctx, e.s.MissingID)
		if !errors.Is(err, giftcard.ErrNotFound) {
			e.r.Errorf("GetGift(%q), an id that does not exist, returned (gift %q, error %v); want an error matching giftcard.ErrNotFound",
				e.s.MissingID, g.ID, err)
		}
	}
	if !e.unsupported("CancelGift") {
		if err := gifts.CancelGift(e.ctx, e.s.MissingID); !errors.Is(err, giftcard.ErrNotFound) {
			e.r.Errorf("CancelGift(%q), an id that does not exist, returned %v; want an error matching giftcard.ErrNotFound",
				e.s.MissingID, err)
		}
	}
}

// checkUnsupported calls method once and asserts it fails with
// ErrNotSupported before reaching the backend.
func checkUnsupported(e *env, method string) {
	e.r.Helper()
	cp, known := methodInterface[method]
	if !known {
		e.r.Fatalf("Subject.Unsupported lists %q, which is not a method of Catalog, Wallet, Orders or Gifts", method)
	}
	if !e.s.claims(cp) {
		e.r.Fatalf("Subject.Unsupported lists %q, a method of %s, which Subject.Claims does not claim", method, cp)
	}
	c, requests := e.fresh()
	var call func() error
	switch cp {
	case Catalog:
		cat := asCatalog(e, c)
		switch method {
		case "ListProducts":
			call = func() error {
				_, err := list(e.ctx, cat, giftcard.ProductQuery{PageSize: e.s.PageSize}, 0)
				return err
			}
		case "GetProduct":
			call = func() error { _, err := cat.GetProduct(e.ctx, e.s.MissingID); return err }
		}
	case Wallet:
		w := asWallet(e, c)
		call = func() error { _, err := w.GetBalance(e.ctx); return err }
	case Orders:
		orders := asOrders(e, c)
		switch method {
		case "PlaceOrder":
			req := giftcard.OrderRequest{ProductID: e.s.MissingID}
			if e.s.NewOrder != nil {
				req = e.orderRequest()
			}
			req.ReferenceID = reference()
			call = func() error { _, err := orders.PlaceOrder(e.ctx, req); return err }
		case "GetOrder":
			call = func() error { _, err := orders.GetOrder(e.ctx, e.s.MissingID); return err }
		case "GetOrderByReference":
			call = func() error { _, err := orders.GetOrderByReference(e.ctx, e.s.MissingID); return err }
		}
	case Gifts:
		gifts := asGifts(e, c)
		switch method {
		case "IssueGift":
			var req giftcard.GiftRequest
			if e.s.NewGift != nil {
				req = e.giftRequest()
			}
			req.ReferenceID = reference()
			call = func() error { _, err := gifts.IssueGift(e.ctx, req); return err }
		case "GetGift":
			call = func() error { _, err := gifts.GetGift(e.ctx, e.s.MissingID); return err }
		case "CancelGift":
			call = func() error { return gifts.CancelGift(e.ctx, e.s.MissingID) }
		}
	}
	before := requests()
	err := call()
	sent := requests() - before
	if !errors.Is(err, giftcard.ErrNotSupported) {
		e.r.Errorf("%s returned %v; Subject.Unsupported lists it, so it must fail with an error matching giftcard.ErrNotSupported", method, errText(err))
	}
	if sent != 0 {
		e.r.Errorf("%s sent %d request(s) to the backend; an unsupported operation must fail without touching the network", method, sent)
	}
}

func errText(err error) string {
	if err == nil {
		return "no error"
	}
	return strings.TrimSpace(err.Error())
}

// loseNextAnswer arranges for the next call of method to be committed and
// its answer lost, or skips the check.
func (e *env) loseNextAnswer(c any, method string) {
	e.r.Helper()
	if e.s.LoseNextAnswer == nil {
		e.r.Skipf("Subject.LoseNextAnswer is nil: the unknown-outcome checks need a backend that can lose an answer")
	}
	e.s.LoseNextAnswer(e.t, c, method)
}

// lostReference is the reference a keyed call that lost its answer used:
// the one on the value it returned (ref) or in its error. A call that
// failed must fail with an unknown outcome and name its reference, or the
// caller cannot reconcile a reference the SDK generated.
func (e *env) lostReference(method, ref string, err error) string {
	e.r.Helper()
	if err == nil {
		if ref == "" {
			e.r.Fatalf("%s with an empty ReferenceID, its answer lost and reconciled, returned no ReferenceID", method)
		}
		return ref
	}
	if !errors.Is(err, giftcard.ErrOutcomeUnknown) {
		e.r.Fatalf("%s whose answer was lost after the request was committed returned %v; want the result (reconciled) or an error matching giftcard.ErrOutcomeUnknown",
			method, err)
	}
	var ge *giftcard.Error
	if errors.As(err, &ge) && ge.Reference != "" {
		if ref != "" && ref != ge.Reference {
			e.r.Errorf("%s returned ReferenceID %q with an error naming reference %q", method, ref, ge.Reference)
		}
		ref = ge.Reference
	}
	if ref == "" {
		e.r.Fatalf("%s with an empty ReferenceID failed with an unknown outcome (%v) without naming the reference it used (neither on the returned value nor in Error.Reference): the caller cannot reconcile",
			method, err)
	}
	return ref
}

func checkOrderUnknownOutcome(e *env) {
	e.r.Helper()
	c, _ := e.fresh()
	orders := asOrders(e, c)
	w, hasWallet := e.wallet(c)
	req := e.orderRequest()
	total := e.orderTotal(req)
	var before giftcard.Money
	if hasWallet {
		before = e.balance(w, "before PlaceOrder")
	}
	e.loseNextAnswer(c, "PlaceOrder")
	o, err := orders.PlaceOrder(e.ctx, req)
	ref := e.lostReference("PlaceOrder", o.ReferenceID, err)
	req.ReferenceID = ref
	again, err := orders.PlaceOrder(e.ctx, req)
	if err != nil {
		e.r.Fatalf("PlaceOrder repeated under ReferenceID %q after the lost answer failed: %v; it must return the order placed", ref, err)
	}
	if o.ID != "" && again.ID != o.ID {
		e.r.Errorf("PlaceOrder under ReferenceID %q returned order %q, then %q when repeated", ref, o.ID, again.ID)
	}
	if !e.unsupported("GetOrderByReference") {
		got, err := orders.GetOrderByReference(e.ctx, ref)
		switch {
		case err != nil:
			e.r.Errorf("GetOrderByReference(%q) after the lost answer failed: %v", ref, err)
		case got.ID != again.ID:
			e.r.Errorf("GetOrderByReference(%q) returned order %q; the repeated PlaceOrder returned %q", ref, got.ID, again.ID)
		}
	}
	if hasWallet {
		e.settle(orders, again)
		e.checkDebit(before, e.balance(w, "after the lost answer and the repeat"), e.debit(req, total),
			fmt.Sprintf("after PlaceOrder lost its answer and was repeated under ReferenceID %q", ref))
	}
}

func checkGiftSameReference(e *env) {
	e.r.Helper()
	if e.unsupported("IssueGift") {
		e.r.Skipf("IssueGift is listed as unsupported")
	}
	c, _ := e.fresh()
	gifts := asGifts(e, c)
	req := e.giftRequest()
	req.ReferenceID = reference()
	g1, err := gifts.IssueGift(e.ctx, req)
	if err != nil {
		e.r.Fatalf("IssueGift(Subject.NewGift) with ReferenceID %q failed: %v", req.ReferenceID, err)
	}
	if g1.ReferenceID != req.ReferenceID {
		e.r.Errorf("IssueGift with ReferenceID %q returned a gift with ReferenceID %q; it must be returned as given", req.ReferenceID, g1.ReferenceID)
	}
	g2, err := gifts.IssueGift(e.ctx, req)
	switch {
	case errors.Is(err, giftcard.ErrDuplicateReference):
		// A provider whose gifts are not keyed on the reference refuses the
		// second (the Gifts contract).
	case err != nil:
		e.r.Errorf("IssueGift repeated with ReferenceID %q and the same request failed with %v; the Gifts contract allows the first gift back or an error matching ErrDuplicateReference",
			req.ReferenceID, err)
	case g2.ID != g1.ID:
		e.r.Errorf("IssueGift twice with ReferenceID %q and the same request issued two gifts, %q and %q", req.ReferenceID, g1.ID, g2.ID)
	}
	other := e.giftRequest()
	other.ReferenceID = reference()
	g3, err := gifts.IssueGift(e.ctx, other)
	switch {
	case err != nil:
		e.r.Errorf("IssueGift(Subject.NewGift) under another ReferenceID %q failed: %v", other.ReferenceID, err)
	case g3.ID == g1.ID:
		e.r.Errorf("IssueGift under ReferenceIDs %q and %q returned the same gift %q; different references are different gifts",
			req.ReferenceID, other.ReferenceID, g1.ID)
	}
}

func checkGiftInvalidReference(e *env) {
	e.r.Helper()
	if e.unsupported("IssueGift") {
		e.r.Skipf("IssueGift is listed as unsupported")
	}
	c, requests := e.fresh()
	gifts := asGifts(e, c)
	for _, ref := range []string{" ", "conf\n1", "conf-\xff", "conf\x001", "conf\t1"} {
		req := e.giftRequest()
		req.ReferenceID = ref
		before := requests()
		g, err := gifts.IssueGift(e.ctx, req)
		sent := requests() - before
		var ve *giftcard.ValidationError
		if !errors.As(err, &ve) {
			e.r.Errorf("IssueGift with ReferenceID %q returned (gift %q, error %v); want a *giftcard.ValidationError", ref, g.ID, err)
		}
		if sent != 0 {
			e.r.Errorf("IssueGift with ReferenceID %q sent %d request(s); an invalid reference must be refused before anything is sent", ref, sent)
		}
	}
}

func checkGiftUnknownOutcome(e *env) {
	e.r.Helper()
	if e.unsupported("IssueGift") {
		e.r.Skipf("IssueGift is listed as unsupported")
	}
	c, _ := e.fresh()
	gifts := asGifts(e, c)
	req := e.giftRequest()
	e.loseNextAnswer(c, "IssueGift")
	g, err := gifts.IssueGift(e.ctx, req)
	ref := e.lostReference("IssueGift", g.ReferenceID, err)
	if err == nil && g.ID == "" {
		e.r.Errorf("IssueGift returned a gift without an ID and no error after its answer was lost")
	}
	req.ReferenceID = ref
	again, err := gifts.IssueGift(e.ctx, req)
	switch {
	case errors.Is(err, giftcard.ErrDuplicateReference):
		// Not keyed on the reference: the gift exists; do not issue it again.
	case err != nil:
		e.r.Fatalf("IssueGift repeated under ReferenceID %q after the lost answer failed with %v; the Gifts contract allows the gift issued first or an error matching ErrDuplicateReference",
			ref, err)
	case g.ID != "" && again.ID != g.ID:
		e.r.Errorf("IssueGift under ReferenceID %q returned gift %q, then issued %q when repeated", ref, g.ID, again.ID)
	case !e.unsupported("GetGift"):
		if _, err := gifts.GetGift(e.ctx, again.ID); err != nil {
			e.r.Errorf("GetGift(%q), the gift the repeat returned, failed: %v", again.ID, err)
		}
	}
}
