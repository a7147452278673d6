package giftcardtest

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/shopspring/decimal"

	"github.com/giftcard-go/giftcard"
	ikcheck "github.com/giftcard-go/giftcard/internal/check"
	"github.com/giftcard-go/giftcard/internal/clock"
)

// The methods of the four interfaces, by the interface that declares them.
// FailNext, FailNextAfterCommit, WithUnsupported and CallsTo take these names.
var methodInterface = map[string]Capability{
	"ListProducts":        Catalog,
	"GetProduct":          Catalog,
	"GetBalance":          Wallet,
	"PlaceOrder":          Orders,
	"GetOrder":            Orders,
	"GetOrderByReference": Orders,
	"IssueGift":           Gifts,
	"GetGift":             Gifts,
	"CancelGift":          Gifts,
}

func checkMethod(who, method string) {
	if _, ok := methodInterface[method]; !ok {
		names := make([]string, 0, len(methodInterface))
		for n := range methodInterface {
			names = append(names, n)
		}
		sort.Strings(names)
		panic(fmt.Sprintf("giftcardtest: %s: unknown method %q (want one of %s)", who, method, strings.Join(names, ", ")))
	}
}

// Fake is an in-memory provider implementing giftcard.Catalog, Wallet,
// Orders and Gifts, for unit-testing code that uses them. It is safe for
// concurrent use.
//
// Behaviour:
//   - Catalog: seeded products (see NewFake), listed in pages of
//     ProductQuery.PageSize (default WithPageSize, 10); Search matches the
//     name or description, Category one of the categories, both ignoring
//     case. Every page fetched is one ListProducts call.
//   - Wallet: one funding balance (default 100000.00 INR, see WithBalance),
//     debited by every accepted order and gift and credited back when an
//     order fails or a gift is cancelled.
//   - Orders: PlaceOrder checks the product (ErrNotFound, inactive:
//     ErrProductUnavailable), the denominations (FIXED: one of the listed
//     values; FLEXIBLE: within MinValue..MaxValue; else a *ValidationError
//     matching ErrInvalidDenomination), quantities, an explicit Amount
//     against Σ denomination × quantity, and the balance
//     (ErrInsufficientFunds). It is idempotent on ReferenceID: the same
//     reference with the same product and items returns the same order
//     without a second debit; with a different order it fails with
//     ErrDuplicateReference. An empty ReferenceID is generated and returned.
//     Orders succeed at once with one voucher per unit ordered, unless
//     KeepProcessing or FailNextOrder says otherwise.
//   - Gifts: IssueGift debits the balance and follows the giftcard.Gifts
//     contract of a keyed provider (wolfe, loyalty): the same ReferenceID
//     with the same request (amount, product, account, recipient and
//     message) returns the first gift without a second debit; with a
//     different request it fails with ErrDuplicateReference; a blank
//     ReferenceID, or one not valid UTF-8 or holding a control character,
//     is refused with a *ValidationError. GetGift reads; CancelGift voids
//     an ACTIVE gift and refunds it, and does nothing for a gift already
//     cancelled.
//   - Unknown ids and references fail with errors matching ErrNotFound.
//
// Every failure is a *giftcard.Error (or *giftcard.ValidationError for
// refused input) naming the provider Name. Calls count every call that
// reaches the fake, failed ones included; a call refused as unsupported
// (WithUnsupported), made with a done context, or refused for a ReferenceID
// that cannot be sent intact (IssueGift) does not reach it, as a provider's
// client refuses those before sending anything.
//
// PlaceOrder and IssueGift are keyed calls, and fail as the providers' do:
// the reference the call used (the caller's, or the one generated for an
// empty ReferenceID) is in Error.Reference of every *giftcard.Error they
// return, scripted ones included (see FailNext); and with an error matching
// giftcard.ErrOutcomeUnknown they also return what identifies the order or
// gift — Provider, ReferenceID and the request's product and amount (Order)
// or amount and recipient (Gift), no ID, no status — so the caller can
// reconcile with GetOrderByReference, or repeat the same request under the
// same reference.
type Fake struct {
	name        string
	clock       giftcard.Clock
	pageSize    int
	unsupported map[string]bool
	seed        []giftcard.Product

	mu            sync.Mutex
	products      []giftcard.Product
	productIdx    map[string]int
	balance       giftcard.Money
	orders        map[string]*fakeOrder
	orderIDs      []string
	orderRefs     map[string]string
	gifts         map[string]*fakeGift
	giftIDs       []string
	giftRefs      map[string]string
	orderSeq      int
	giftSeq       int
	refSeq        int
	voucherSeq    int
	failures      map[string][]failure
	processing    int
	orderFailures []orderFailure
	calls         map[string]int
	total         int
}

type failure struct {
	err         error
	afterCommit bool
}

type orderFailure struct {
	reason string
	kind   error
}

type fakeOrder struct {
	order     giftcard.Order
	items     []giftcard.OrderItem
	pollsLeft int
	fail      *orderFailure
}

type fakeGift struct {
	gift giftcard.Gift
	req  giftcard.GiftRequest
}

var (
	_ giftcard.Provider = (*Fake)(nil)
	_ giftcard.Catalog  = (*Fake)(nil)
	_ giftcard.Wallet   = (*Fake)(nil)
	_ giftcard.Orders   = (*Fake)(nil)
	_ giftcard.Gifts    = (*Fake)(nil)
)

// FakeOption configures a Fake.
type FakeOption func(*Fake)

// WithName sets the provider name the Fake reports (default "fake"); use it
// to register several Fakes with one giftcard.Client.
func WithName(name string) FakeOption { return func(f *Fake) { f.name = name } }

// WithClock sets the clock that stamps CreatedAt and voucher validity
// (default the wall clock).
func WithClock(c giftcard.Clock) FakeOption {
	return func(f *Fake) {
		if c != nil {
			f.clock = c
		}
	}
}

// WithBalance sets the opening funding balance and its currency (default
// 100000.00 INR). The seeded products are priced in the same currency. It
// panics when the Money has no currency.
func WithBalance(m giftcard.Money) FakeOption {
	return func(f *Fake) {
		if m.Currency == "" {
			panic("giftcardtest: WithBalance: the balance needs a currency")
		}
		f.balance = m
	}
}

// WithProducts replaces the seeded catalog. Products keep their order;
// Provider is set to the Fake's name. It panics on an empty or repeated ID.
func WithProducts(products ...giftcard.Product) FakeOption {
	return func(f *Fake) {
		f.seed = make([]giftcard.Product, 0, len(products))
		for _, p := range products {
			f.seed = append(f.seed, cloneProduct(p))
		}
	}
}

// WithPageSize sets the page size ListProducts uses when the query has none
// (default 10).
func WithPageSize(n int) FakeOption {
	return func(f *Fake) {
		if n > 0 {
			f.pageSize = n
		}
	}
}

// WithUnsupported makes the named methods (e.g. "CancelGift") answer with an
// error matching giftcard.ErrNotSupported without reaching the fake, as a
// provider lacking the operation does. It panics on an unknown method name.
func WithUnsupported(methods ...string) FakeOption {
	return func(f *Fake) {
		for _, m := range methods {
			checkMethod("WithUnsupported", m)
			f.unsupported[m] = true
		}
	}
}

// NewFake returns a Fake with its options applied. Without WithProducts it
// holds twelve products in the balance's currency: ids "fake-books",
// "fake-coffee", "fake-fashion", "fake-flights", "fake-games",
// "fake-grocery", "fake-movies", "fake-music", "fake-pizza", "fake-rides",
// "fake-spa" and "fake-closed"; FIXED ones (books: 100, 250, 500, 1000,
// 2000) and FLEXIBLE ones (coffee: 10 to 10000), in categories such as
// "FOOD" and "TRAVEL"; "fake-closed" is INACTIVE.
func NewFake(opts ...FakeOption) *Fake {
	f := &Fake{
		name:        "fake",
		clock:       clock.Real{},
		pageSize:    10,
		unsupported: map[string]bool{},
		balance:     giftcard.MustParseMoney("100000.00", "INR"),
		orders:      map[string]*fakeOrder{},
		orderRefs:   map[string]string{},
		gifts:       map[string]*fakeGift{},
		giftRefs:    map[string]string{},
		failures:    map[string][]failure{},
		calls:       map[string]int{},
		productIdx:  map[string]int{},
	}
	for _, o := range opts {
		if o != nil {
			o(f)
		}
	}
	if f.seed == nil {
		f.seed = defaultProducts(f.balance.Currency)
	}
	for _, p := range f.seed {
		if p.ID == "" {
			panic("giftcardtest: WithProducts: a product has no ID")
		}
		if _, dup := f.productIdx[p.ID]; dup {
			panic(fmt.Sprintf("giftcardtest: WithProducts: product %q given twice", p.ID))
		}
		p.Provider = f.name
		f.productIdx[p.ID] = len(f.products)
		f.products = append(f.products, p)
	}
	f.seed = nil
	return f
}

func defaultProducts(cur string) []giftcard.Product {
	m := func(s string) giftcard.Money { return giftcard.MustParseMoney(s, cur) }
	fixed := func(id, name, desc, cat string, values ...string) giftcard.Product {
		p := giftcard.Product{ID: id, Name: name, Description: desc, Categories: []string{cat},
			Status: giftcard.ProductActive, DenominationType: giftcard.DenominationFixed}
		for _, v := range values {
			p.Denominations = append(p.Denominations, m(v))
		}
		p.MinValue, p.MaxValue = p.Denominations[0], p.Denominations[len(p.Denominations)-1]
		return p
	}
	flexible := func(id, name, desc, cat, lo, hi string) giftcard.Product {
		return giftcard.Product{ID: id, Name: name, Description: desc, Categories: []string{cat},
			Status: giftcard.ProductActive, DenominationType: giftcard.DenominationFlexible,
			MinValue: m(lo), MaxValue: m(hi)}
	}
	closed := fixed("fake-closed", "Closed Store", "A brand that is not active", "SHOPPING", "500")
	closed.Status = giftcard.ProductInactive
	return []giftcard.Product{
		fixed("fake-books", "Book Nook", "Books and stationery", "SHOPPING", "100", "250", "500", "1000", "2000"),
		flexible("fake-coffee", "Bean There", "Coffee shops", "FOOD", "10", "10000"),
		fixed("fake-fashion", "Thread Count", "Clothing and shoes", "FASHION", "500", "1000"),
		fixed("fake-flights", "Sky Hop", "Domestic flights", "TRAVEL", "1000", "2500", "5000"),
		flexible("fake-games", "Pixel Arcade", "Video games", "ENTERTAINMENT", "100", "5000"),
		flexible("fake-grocery", "Green Basket", "Groceries delivered", "GROCERY", "100", "10000"),
		fixed("fake-movies", "Silver Screen", "Cinema tickets", "ENTERTAINMENT", "200", "500"),
		flexible("fake-music", "Loud Loop", "Music streaming", "ENTERTAINMENT", "99", "1999"),
		fixed("fake-pizza", "Slice Society", "Pizza delivery", "FOOD", "250", "500"),
		flexible("fake-rides", "Zip Rides", "City rides", "TRAVEL", "50", "3000"),
		fixed("fake-spa", "Calm Corner", "Spa and wellness", "BEAUTY", "250", "500", "1000"),
		closed,
	}
}

// Name returns the provider name ("fake" unless WithName).
func (f *Fake) Name() string { return f.name }

// FailNext makes the next call of method (e.g. "PlaceOrder") fail with err,
// before it has any effect. Calls queue: FailNext twice fails the next two
// calls. For ListProducts it fails the next page fetch. It panics on an
// unknown method name or a nil error.
//
// The error is returned as given, so errors.Is and errors.As see exactly
// what you passed, with one addition for PlaceOrder and IssueGift, which
// name their reference as a provider's errors do: a *giftcard.Error without
// a Reference comes back as a copy with the call's reference set, wrapped
// with the error you passed (errors.As finds the copy, errors.Is finds
// yours; yours is not modified). An err matching giftcard.ErrOutcomeUnknown
// makes them return the partial Order or Gift too (see Fake). A call
// refused before anything is sent (IssueGift with an invalid ReferenceID)
// leaves the failure queued.
func (f *Fake) FailNext(method string, err error) { f.script(method, failure{err: err}, "FailNext") }

// FailNextAfterCommit makes the next call of method take effect and then
// fail with err, as when a response is lost after the provider committed
// the request: PlaceOrder creates (and debits) the order but returns err,
// so the caller must reconcile, e.g. with GetOrderByReference.
//
// For PlaceOrder and IssueGift the error is the unknown outcome a provider
// reports for a lost answer: it matches giftcard.ErrOutcomeUnknown and
// names the reference the call used in Error.Reference (a *giftcard.Error
// you passed is completed as FailNext describes; any other error becomes
// the cause of a *giftcard.Error that does both, so errors.Is still finds
// it), and the call returns the partial Order or Gift carrying that
// reference (see Fake). Other methods return err as given.
func (f *Fake) FailNextAfterCommit(method string, err error) {
	f.script(method, failure{err: err, afterCommit: true}, "FailNextAfterCommit")
}

func (f *Fake) script(method string, fl failure, who string) {
	checkMethod(who, method)
	if fl.err == nil {
		panic("giftcardtest: " + who + ": nil error")
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failures[method] = append(f.failures[method], fl)
}

// KeepProcessing makes orders placed from now on stay PROCESSING for polls
// GetOrder calls (PlaceOrder returns them PROCESSING too); the next GetOrder
// after those sees them finished. 0, the default, finishes orders at once.
// GetOrderByReference shows an order's current state without advancing it.
func (f *Fake) KeepProcessing(polls int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.processing = max(polls, 0)
}

// FailNextOrder makes the next accepted order end FAILED (when it would
// otherwise succeed) with reason as FailureReason and kind as FailureKind
// (nil means giftcard.ErrProviderUnavailable); its amount is credited back.
// Calls queue, one per future order.
func (f *Fake) FailNextOrder(reason string, kind error) {
	if kind == nil {
		kind = giftcard.ErrProviderUnavailable
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.orderFailures = append(f.orderFailures, orderFailure{reason: reason, kind: kind})
}

// SetBalance replaces the funding balance. It panics when the currency
// differs from the Fake's (set it with WithBalance).
func (f *Fake) SetBalance(m giftcard.Money) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if m.Currency != f.balance.Currency {
		panic(fmt.Sprintf("giftcardtest: SetBalance: the fake's currency is %s, not %q", f.balance.Currency, m.Currency))
	}
	f.balance = m
}

// Balance returns the funding balance without counting a call.
func (f *Fake) Balance() giftcard.Money {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.balance
}

// Calls returns how many calls have reached the fake so far, over every
// method (each ListProducts page counts as one).
func (f *Fake) Calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.total
}

// CallsTo returns how many calls of method have reached the fake. It panics
// on an unknown method name.
func (f *Fake) CallsTo(method string) int {
	checkMethod("CallsTo", method)
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[method]
}

// PlacedOrders returns every order the fake holds, in the order they were
// placed, as GetOrderByReference would show them now.
func (f *Fake) PlacedOrders() []giftcard.Order {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]giftcard.Order, 0, len(f.orderIDs))
	for _, id := range f.orderIDs {
		out = append(out, f.orders[id].snapshot())
	}
	return out
}

// IssuedGifts returns every gift the fake holds, in the order they were
// issued.
func (f *Fake) IssuedGifts() []giftcard.Gift {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]giftcard.Gift, 0, len(f.giftIDs))
	for _, id := range f.giftIDs {
		out = append(out, f.gifts[id].snapshot())
	}
	return out
}

// begin starts every call, with f.mu held: it refuses an unsupported method
// and a done context without counting them, counts the call, and pops a
// scripted failure. A non-nil err ends the call at once; a non-nil after is
// returned once the call has taken effect.
func (f *Fake) begin(ctx context.Context, op string) (after, err error) {
	if err := f.enter(ctx, op); err != nil {
		return nil, err
	}
	fl, ok := f.pop(op)
	switch {
	case !ok:
		return nil, nil
	case fl.afterCommit:
		return fl.err, nil
	}
	return nil, fl.err
}

// enter refuses an unsupported method and a done context without counting
// them, and counts the call; f.mu is held.
func (f *Fake) enter(ctx context.Context, op string) error {
	if err := f.refuse(ctx, op); err != nil {
		return err
	}
	f.count(op)
	return nil
}

// refuse is what a provider's client refuses before sending anything: an
// unsupported method, a done context.
func (f *Fake) refuse(ctx context.Context, op string) error {
	if f.unsupported[op] {
		return &giftcard.Error{Provider: f.name, Op: op, Kind: giftcard.ErrNotSupported,
			Message: "this fake is configured without " + op}
	}
	if cerr := ctx.Err(); cerr != nil {
		return &giftcard.Error{Provider: f.name, Op: op, Message: "request cancelled", Err: cerr}
	}
	return nil
}

// count counts a call that reached the fake.
func (f *Fake) count(op string) {
	f.total++
	f.calls[op]++
}

// pop takes the next scripted failure of op; f.mu is held.
func (f *Fake) pop(op string) (failure, bool) {
	q := f.failures[op]
	if len(q) == 0 {
		return failure{}, false
	}
	f.failures[op] = q[1:]
	return q[0], true
}

// keyedError is the error a keyed call (PlaceOrder, IssueGift) returns for
// a scripted failure, as a provider's would look: a *giftcard.Error naming
// the reference the call used and, after commit, marked OutcomeUnknown.
//   - A *giftcard.ValidationError scripted before commit is returned as
//     given: refused input carries no reference.
//   - A *giftcard.Error is copied, its Reference set when empty (and
//     OutcomeUnknown after commit); the copy is returned wrapped with the
//     given error, so errors.As finds the copy and errors.Is the given
//     error. When nothing needs adding, the given error is returned.
//   - Any other error is returned as given before commit; after commit it
//     is wrapped in a *giftcard.Error naming the reference, marked
//     OutcomeUnknown, whose cause (Err) is the given error.
func (f *Fake) keyedError(op, ref string, given error, afterCommit bool) error {
	if ge, ok := given.(*giftcard.Error); ok {
		if (ge.Reference != "" || ref == "") && (!afterCommit || ge.OutcomeUnknown) {
			return given
		}
		c := *ge
		if c.Reference == "" {
			c.Reference = ref
		}
		if afterCommit {
			c.OutcomeUnknown = true
		}
		return &scriptedError{ge: &c, given: given}
	}
	if !afterCommit {
		return given
	}
	return &giftcard.Error{Provider: f.name, Op: op, Reference: ref, OutcomeUnknown: true, Err: given}
}

// scriptedError is a scripted *giftcard.Error completed with what the call
// adds (its reference, an unknown outcome): errors.As finds the completed
// copy, errors.Is the error that was scripted.
type scriptedError struct {
	ge    *giftcard.Error
	given error
}

// Error renders the completed error.
func (e *scriptedError) Error() string { return e.ge.Error() }

// Unwrap returns the completed copy, then the error that was scripted.
func (e *scriptedError) Unwrap() []error { return []error{e.ge, e.given} }

// withReference sets the reference on an error of the fake's own making.
func withReference(err error, ref string) error {
	if ge, ok := err.(*giftcard.Error); ok && ge.Reference == "" {
		ge.Reference = ref
	}
	return err
}

func (f *Fake) fail(op string, kind error, format string, args ...any) *giftcard.Error {
	return &giftcard.Error{Provider: f.name, Op: op, Kind: kind, Message: fmt.Sprintf(format, args...)}
}

func (f *Fake) invalid(field, format string, args ...any) *giftcard.ValidationError {
	return &giftcard.ValidationError{Provider: f.name, Field: field, Reason: fmt.Sprintf(format, args...)}
}

// ListProducts walks the catalog page by page; see Fake.
func (f *Fake) ListProducts(ctx context.Context, q giftcard.ProductQuery) iter.Seq2[giftcard.Product, error] {
	return func(yield func(giftcard.Product, error) bool) {
		size := q.PageSize
		if size <= 0 {
			size = f.pageSize
		}
		for offset := 0; ; offset += size {
			page, more, err := f.listPage(ctx, q, offset, size)
			if err != nil {
				yield(giftcard.Product{}, err)
				return
			}
			for _, p := range page {
				if !yield(p, nil) {
					return
				}
			}
			if !more {
				return
			}
		}
	}
}

func (f *Fake) listPage(ctx context.Context, q giftcard.ProductQuery, offset, size int) ([]giftcard.Product, bool, error) {
	const op = "ListProducts"
	f.mu.Lock()
	defer f.mu.Unlock()
	after, err := f.begin(ctx, op)
	if err != nil {
		return nil, false, err
	}
	search := strings.ToLower(strings.TrimSpace(q.Search))
	var matched []giftcard.Product
	for _, p := range f.products {
		if search != "" && !strings.Contains(strings.ToLower(p.Name+"\n"+p.Description), search) {
			continue
		}
		if q.Category != "" && !slices.ContainsFunc(p.Categories, func(c string) bool { return strings.EqualFold(c, q.Category) }) {
			continue
		}
		matched = append(matched, p)
	}
	if after != nil {
		return nil, false, after
	}
	if offset >= len(matched) {
		return nil, false, nil
	}
	end := min(offset+size, len(matched))
	page := make([]giftcard.Product, 0, end-offset)
	for _, p := range matched[offset:end] {
		page = append(page, cloneProduct(p))
	}
	return page, end < len(matched), nil
}

// GetProduct returns one product, or an error matching ErrNotFound.
func (f *Fake) GetProduct(ctx context.Context, id string) (giftcard.Product, error) {
	const op = "GetProduct"
	f.mu.Lock()
	defer f.mu.Unlock()
	after, err := f.begin(ctx, op)
	if err != nil {
		return giftcard.Product{}, err
	}
	if id == "" {
		return giftcard.Product{}, f.invalid("id", "is empty")
	}
	i, ok := f.productIdx[id]
	if !ok {
		return giftcard.Product{}, f.fail(op, giftcard.ErrNotFound, "no product %q", id)
	}
	if after != nil {
		return giftcard.Product{}, after
	}
	return cloneProduct(f.products[i]), nil
}

// GetBalance returns the funding balance.
func (f *Fake) GetBalance(ctx context.Context) (giftcard.Money, error) {
	const op = "GetBalance"
	f.mu.Lock()
	defer f.mu.Unlock()
	after, err := f.begin(ctx, op)
	if err != nil {
		return giftcard.Money{}, err
	}
	if after != nil {
		return giftcard.Money{}, after
	}
	return f.balance, nil
}

// PlaceOrder places (or, for a known ReferenceID, returns) an order; see
// Fake.
func (f *Fake) PlaceOrder(ctx context.Context, req giftcard.OrderRequest) (giftcard.Order, error) {
	const op = "PlaceOrder"
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.enter(ctx, op); err != nil {
		return giftcard.Order{}, err
	}
	if req.ReferenceID == "" {
		req.ReferenceID = f.newReference(f.orderRefs)
	}
	fl, scripted := f.pop(op)
	if scripted && !fl.afterCommit {
		return f.orderFailed(req, f.keyedError(op, req.ReferenceID, fl.err, false))
	}
	o, err := f.placeLocked(req)
	if err != nil {
		return giftcard.Order{}, withReference(err, req.ReferenceID)
	}
	if scripted {
		return f.orderFailed(req, f.keyedError(op, req.ReferenceID, fl.err, true))
	}
	return o, nil
}

// orderFailed returns err and, when its outcome is unknown, what identifies
// the order, as the providers do: Provider, ReferenceID, ProductID and the
// request's total; no ID, no status.
func (f *Fake) orderFailed(req giftcard.OrderRequest, err error) (giftcard.Order, error) {
	if !errors.Is(err, giftcard.ErrOutcomeUnknown) {
		return giftcard.Order{}, err
	}
	o := giftcard.Order{Provider: f.name, ReferenceID: req.ReferenceID, ProductID: req.ProductID, Amount: req.Amount}
	if o.Amount.IsZero() {
		if total, terr := req.Total(); terr == nil {
			o.Amount = total
		}
	}
	return o, err
}

// placeLocked places req, whose ReferenceID is set.
func (f *Fake) placeLocked(req giftcard.OrderRequest) (giftcard.Order, error) {
	const op = "PlaceOrder"
	if id, ok := f.orderRefs[req.ReferenceID]; ok {
		fo := f.orders[id]
		if !sameOrder(fo, req) {
			return giftcard.Order{}, f.fail(op, giftcard.ErrDuplicateReference,
				"reference %q was used for order %s with different contents", req.ReferenceID, id)
		}
		return fo.snapshot(), nil
	}
	total, err := f.validateOrder(req)
	if err != nil {
		return giftcard.Order{}, err
	}
	if f.balance.Amount.LessThan(total.Amount) {
		return giftcard.Order{}, f.fail(op, giftcard.ErrInsufficientFunds, "balance %s does not cover %s", f.balance, total)
	}
	ref := req.ReferenceID
	f.balance.Amount = f.balance.Amount.Sub(total.Amount)
	f.orderSeq++
	fo := &fakeOrder{
		order: giftcard.Order{
			Provider: f.name, ID: fmt.Sprintf("fake-order-%06d", f.orderSeq), ReferenceID: ref,
			ProductID: req.ProductID, Status: giftcard.OrderProcessing, Amount: total, CreatedAt: f.clock.Now(),
		},
		items:     slices.Clone(req.Items),
		pollsLeft: f.processing,
	}
	if len(f.orderFailures) > 0 {
		fl := f.orderFailures[0]
		f.orderFailures = f.orderFailures[1:]
		fo.fail = &fl
	}
	if fo.pollsLeft == 0 {
		f.settle(fo)
	}
	f.orders[fo.order.ID] = fo
	f.orderIDs = append(f.orderIDs, fo.order.ID)
	f.orderRefs[ref] = fo.order.ID
	return fo.snapshot(), nil
}

// validateOrder checks req against its product and returns the total.
func (f *Fake) validateOrder(req giftcard.OrderRequest) (giftcard.Money, error) {
	if req.ProductID == "" {
		return giftcard.Money{}, f.invalid("productId", "is empty")
	}
	i, ok := f.productIdx[req.ProductID]
	if !ok {
		return giftcard.Money{}, f.fail("PlaceOrder", giftcard.ErrNotFound, "no product %q", req.ProductID)
	}
	p := f.products[i]
	if !p.Active() {
		return giftcard.Money{}, f.fail("PlaceOrder", giftcard.ErrProductUnavailable, "product %q is %s", p.ID, p.Status)
	}
	if len(req.Items) == 0 {
		return giftcard.Money{}, f.invalid("items", "at least one denomination and quantity is needed")
	}
	for n, it := range req.Items {
		field := fmt.Sprintf("items[%d]", n)
		if it.Quantity < 1 {
			return giftcard.Money{}, &giftcard.ValidationError{Provider: f.name, Field: field + ".quantity",
				Reason: fmt.Sprintf("%d is not a positive quantity", it.Quantity), Kind: giftcard.ErrInvalidDenomination}
		}
		d := it.Denomination
		if d.Currency != f.balance.Currency {
			return giftcard.Money{}, f.invalid(field+".denomination", "%s is not in %s, the funding currency", d, f.balance.Currency)
		}
		if !d.IsPositive() {
			return giftcard.Money{}, &giftcard.ValidationError{Provider: f.name, Field: field + ".denomination",
				Reason: fmt.Sprintf("%s is not positive", d), Kind: giftcard.ErrInvalidDenomination}
		}
		switch p.DenominationType {
		case giftcard.DenominationFixed:
			if !slices.ContainsFunc(p.Denominations, d.Equal) {
				return giftcard.Money{}, &giftcard.ValidationError{Provider: f.name, Field: field + ".denomination",
					Reason: fmt.Sprintf("%s is not one of %v", d, p.Denominations), Kind: giftcard.ErrInvalidDenomination}
			}
		default:
			lo, _ := d.Cmp(p.MinValue)
			hi, _ := d.Cmp(p.MaxValue)
			if (!p.MinValue.IsZero() && lo < 0) || (!p.MaxValue.IsZero() && hi > 0) {
				return giftcard.Money{}, &giftcard.ValidationError{Provider: f.name, Field: field + ".denomination",
					Reason: fmt.Sprintf("%s is outside %s..%s", d, p.MinValue, p.MaxValue), Kind: giftcard.ErrInvalidDenomination}
			}
		}
	}
	total, err := req.Total()
	if err != nil {
		return giftcard.Money{}, err
	}
	if !req.Amount.IsZero() && !req.Amount.Equal(total) {
		return giftcard.Money{}, &giftcard.ValidationError{Provider: f.name, Field: "amount",
			Reason: fmt.Sprintf("%s is not the sum of denomination × quantity (%s)", req.Amount, total), Kind: giftcard.ErrInvalidDenomination}
	}
	return total, nil
}

func sameOrder(fo *fakeOrder, req giftcard.OrderRequest) bool {
	if fo.order.ProductID != req.ProductID || len(fo.items) != len(req.Items) {
		return false
	}
	for i, it := range req.Items {
		if it.Quantity != fo.items[i].Quantity || !it.Denomination.Equal(fo.items[i].Denomination) {
			return false
		}
	}
	return req.Amount.IsZero() || req.Amount.Equal(fo.order.Amount)
}

// newReference returns a reference not yet used in refs.
func (f *Fake) newReference(refs map[string]string) string {
	for {
		f.refSeq++
		ref := fmt.Sprintf("fake-ref-%06d", f.refSeq)
		if _, used := refs[ref]; !used {
			return ref
		}
	}
}

// settle ends a PROCESSING order: SUCCESS with its vouchers, or FAILED with
// its amount credited back when FailNextOrder picked it.
func (f *Fake) settle(fo *fakeOrder) {
	if fo.fail != nil {
		fo.order.Status = giftcard.OrderFailed
		fo.order.FailureReason = fo.fail.reason
		fo.order.FailureKind = fo.fail.kind
		f.balance.Amount = f.balance.Amount.Add(fo.order.Amount.Amount)
		return
	}
	fo.order.Status = giftcard.OrderSuccess
	validTill := f.clock.Now().AddDate(1, 0, 0).Format("2006-01-02")
	for _, it := range fo.items {
		for range it.Quantity {
			f.voucherSeq++
			n := f.voucherSeq
			fo.order.Vouchers = append(fo.order.Vouchers, giftcard.Voucher{
				ID:         fmt.Sprintf("fake-voucher-%06d", n),
				CardType:   giftcard.CardNumberAndPIN,
				CardNumber: giftcard.Secret(fmt.Sprintf("6080%012d", n)),
				PIN:        giftcard.Secret(fmt.Sprintf("%06d", (n*104729+271828)%1000000)),
				Amount:     it.Denomination,
				ValidTill:  validTill,
			})
		}
	}
}

func (fo *fakeOrder) snapshot() giftcard.Order {
	o := fo.order
	o.Vouchers = slices.Clone(o.Vouchers)
	return o
}

// GetOrder returns an order by id and counts as one poll of a PROCESSING
// order (see KeepProcessing).
func (f *Fake) GetOrder(ctx context.Context, id string) (giftcard.Order, error) {
	const op = "GetOrder"
	f.mu.Lock()
	defer f.mu.Unlock()
	after, err := f.begin(ctx, op)
	if err != nil {
		return giftcard.Order{}, err
	}
	if id == "" {
		return giftcard.Order{}, f.invalid("id", "is empty")
	}
	fo, ok := f.orders[id]
	if !ok {
		return giftcard.Order{}, f.fail(op, giftcard.ErrNotFound, "no order %q", id)
	}
	if fo.order.Status == giftcard.OrderProcessing {
		if fo.pollsLeft > 0 {
			fo.pollsLeft--
		} else {
			f.settle(fo)
		}
	}
	if after != nil {
		return giftcard.Order{}, after
	}
	return fo.snapshot(), nil
}

// GetOrderByReference returns the order placed with referenceID, as it
// stands (it does not count as a poll).
func (f *Fake) GetOrderByReference(ctx context.Context, referenceID string) (giftcard.Order, error) {
	const op = "GetOrderByReference"
	f.mu.Lock()
	defer f.mu.Unlock()
	after, err := f.begin(ctx, op)
	if err != nil {
		return giftcard.Order{}, err
	}
	if referenceID == "" {
		return giftcard.Order{}, f.invalid("referenceId", "is empty")
	}
	id, ok := f.orderRefs[referenceID]
	if !ok {
		return giftcard.Order{}, f.fail(op, giftcard.ErrNotFound, "no order with reference %q", referenceID)
	}
	if after != nil {
		return giftcard.Order{}, after
	}
	return f.orders[id].snapshot(), nil
}

// IssueGift issues (or, for a known ReferenceID, returns) a gift; see Fake.
func (f *Fake) IssueGift(ctx context.Context, req giftcard.GiftRequest) (giftcard.Gift, error) {
	const op = "IssueGift"
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.refuse(ctx, op); err != nil {
		return giftcard.Gift{}, err
	}
	// A reference that cannot travel intact is refused before anything is
	// "sent", as the providers' clients do: the call does not count, and a
	// scripted failure stays queued for the next call.
	if req.ReferenceID != "" {
		if err := ikcheck.For(f.name).Ref("referenceId", req.ReferenceID, 0); err != nil {
			return giftcard.Gift{}, err
		}
	} else {
		req.ReferenceID = f.newReference(f.giftRefs)
	}
	f.count(op)
	fl, scripted := f.pop(op)
	if scripted && !fl.afterCommit {
		return f.giftFailed(req, f.keyedError(op, req.ReferenceID, fl.err, false))
	}
	g, err := f.issueLocked(req)
	if err != nil {
		return giftcard.Gift{}, withReference(err, req.ReferenceID)
	}
	if scripted {
		return f.giftFailed(req, f.keyedError(op, req.ReferenceID, fl.err, true))
	}
	return g, nil
}

// giftFailed returns err and, when its outcome is unknown, what identifies
// the gift, as the providers do: Provider, ReferenceID, Amount and
// Recipient; no ID, no status.
func (f *Fake) giftFailed(req giftcard.GiftRequest, err error) (giftcard.Gift, error) {
	if !errors.Is(err, giftcard.ErrOutcomeUnknown) {
		return giftcard.Gift{}, err
	}
	return giftcard.Gift{Provider: f.name, ReferenceID: req.ReferenceID, Amount: req.Amount, Recipient: req.Recipient}, err
}

// issueLocked issues req, whose ReferenceID is set and valid.
func (f *Fake) issueLocked(req giftcard.GiftRequest) (giftcard.Gift, error) {
	const op = "IssueGift"
	if id, ok := f.giftRefs[req.ReferenceID]; ok {
		fg := f.gifts[id]
		r := fg.req
		if r.ProductID != req.ProductID || r.AccountID != req.AccountID || !r.Amount.Equal(req.Amount) || r.Recipient != req.Recipient ||
			r.Message != req.Message {
			return giftcard.Gift{}, f.fail(op, giftcard.ErrDuplicateReference,
				"reference %q was used for gift %s with different contents", req.ReferenceID, id)
		}
		return fg.snapshot(), nil
	}
	if req.Amount.Currency != f.balance.Currency {
		return giftcard.Gift{}, f.invalid("amount", "%s is not in %s, the funding currency", req.Amount, f.balance.Currency)
	}
	if !req.Amount.IsPositive() {
		return giftcard.Gift{}, f.invalid("amount", "%s is not positive", req.Amount)
	}
	if req.ProductID != "" {
		i, ok := f.productIdx[req.ProductID]
		if !ok {
			return giftcard.Gift{}, f.fail(op, giftcard.ErrNotFound, "no product %q", req.ProductID)
		}
		if p := f.products[i]; !p.Active() {
			return giftcard.Gift{}, f.fail(op, giftcard.ErrProductUnavailable, "product %q is %s", p.ID, p.Status)
		}
	}
	if f.balance.Amount.LessThan(req.Amount.Amount) {
		return giftcard.Gift{}, f.fail(op, giftcard.ErrInsufficientFunds, "balance %s does not cover %s", f.balance, req.Amount)
	}
	f.balance.Amount = f.balance.Amount.Sub(req.Amount.Amount)
	f.giftSeq++
	fg := &fakeGift{req: req, gift: giftcard.Gift{
		Provider: f.name, ID: fmt.Sprintf("fake-gift-%06d", f.giftSeq), ReferenceID: req.ReferenceID,
		Status: giftcard.GiftActive, Amount: req.Amount, Balances: []giftcard.Money{req.Amount},
		Recipient: req.Recipient, CreatedAt: f.clock.Now(),
	}}
	f.gifts[fg.gift.ID] = fg
	f.giftIDs = append(f.giftIDs, fg.gift.ID)
	f.giftRefs[req.ReferenceID] = fg.gift.ID
	return fg.snapshot(), nil
}

func (fg *fakeGift) snapshot() giftcard.Gift {
	g := fg.gift
	g.Balances = slices.Clone(g.Balances)
	return g
}

// GetGift returns a gift by id, or an error matching ErrNotFound.
func (f *Fake) GetGift(ctx context.Context, id string) (giftcard.Gift, error) {
	const op = "GetGift"
	f.mu.Lock()
	defer f.mu.Unlock()
	after, err := f.begin(ctx, op)
	if err != nil {
		return giftcard.Gift{}, err
	}
	if id == "" {
		return giftcard.Gift{}, f.invalid("id", "is empty")
	}
	fg, ok := f.gifts[id]
	if !ok {
		return giftcard.Gift{}, f.fail(op, giftcard.ErrNotFound, "no gift %q", id)
	}
	if after != nil {
		return giftcard.Gift{}, after
	}
	return fg.snapshot(), nil
}

// CancelGift voids an ACTIVE gift and credits its remaining value back to
// the balance; cancelling a cancelled gift succeeds and changes nothing.
func (f *Fake) CancelGift(ctx context.Context, id string) error {
	const op = "CancelGift"
	f.mu.Lock()
	defer f.mu.Unlock()
	after, err := f.begin(ctx, op)
	if err != nil {
		return err
	}
	if id == "" {
		return f.invalid("id", "is empty")
	}
	fg, ok := f.gifts[id]
	if !ok {
		return f.fail(op, giftcard.ErrNotFound, "no gift %q", id)
	}
	switch fg.gift.Status {
	case giftcard.GiftCancelled:
	case giftcard.GiftActive, giftcard.GiftPending:
		left := decimal.Zero
		for _, b := range fg.gift.Balances {
			left = left.Add(b.Amount)
		}
		f.balance.Amount = f.balance.Amount.Add(left)
		fg.gift.Status = giftcard.GiftCancelled
		fg.gift.Balances = []giftcard.Money{{Amount: decimal.Zero, Currency: fg.gift.Amount.Currency}}
	default:
		return f.fail(op, giftcard.ErrInvalidRequest, "gift %s is %s and cannot be cancelled", id, fg.gift.Status)
	}
	return after
}

func cloneProduct(p giftcard.Product) giftcard.Product {
	p.Categories = slices.Clone(p.Categories)
	p.Denominations = slices.Clone(p.Denominations)
	p.Raw = slices.Clone(p.Raw)
	return p
}
