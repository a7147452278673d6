package giftcard

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
)

// MaxRoutedReferenceLength is the longest ReferenceID Client.PlaceOrder
// accepts: the reference each candidate gets (DeriveReference: the
// caller's, "-", and the candidate's index) must fit every provider, and
// Hubble's referenceId allows 40 characters. A UUID (36) fits.
const MaxRoutedReferenceLength = 36

// MaxCandidates is the most candidates one RoutingRule may list, so that a
// derived reference never grows by more than four characters ("-99").
const MaxCandidates = 100

// RoutingPolicy is where Client.PlaceOrder sends an order. Its Rules are
// checked in order against each OrderRequest and the first that matches
// gives the candidates, tried in order with failover (see PlaceOrder). An
// order no rule matches goes to the one provider its provider-qualified
// ProductID names.
//
// Keep a rule's candidates in a stable order while orders placed under it
// may still be retried: each candidate's reference is derived from its
// position (DeriveReference), so reordering them changes which reference a
// retry looks up.
type RoutingPolicy struct {
	// Rules are checked in order; the first matching rule is used.
	Rules []RoutingRule
	// NoLookAhead stops PlaceOrder from looking up, before it places an
	// order under a caller's ReferenceID, that reference at the candidates
	// after the one it places with (see PlaceOrder). It saves one
	// GetOrderByReference per later candidate per order, and a later
	// candidate that cannot be asked no longer holds the order back; but a
	// retried call may then place a second order, on an earlier candidate,
	// when the first call ended at a later one. Set it only when a
	// reference is never retried, or when you call FindOrder before every
	// retry.
	NoLookAhead bool
}

// RoutingRule gives the candidates for the orders it matches: those whose
// ProductID equals Brand (when set) and whose currency is Currency (when
// set). A rule with neither matches every order — except that a rule
// without Brand whose candidates include a bare provider name matches only
// orders whose provider-qualified ProductID names one of its candidates'
// providers, since a bare candidate orders that same product id (an order
// for "orbt:…" never goes to a Hubble account by an INR rule listing
// "hubble" and "hubble-backup").
//
// Example rules:
//
//	// A brand the caller names "amazon-in", sold by two accounts of Hubble:
//	{Brand: "amazon-in", Candidates: []string{"hubble:01GMAVS2CHXR0XP1BZSTA9A44K", "hubble-backup:01GMAVS2CHXR0XP1BZSTA9A44K"}}
//	// Every INR order for a Hubble product: the primary account, then the backup.
//	{Currency: "INR", Candidates: []string{"hubble", "hubble-backup"}}
type RoutingRule struct {
	// Brand, when set, is the OrderRequest.ProductID the rule serves: a
	// name of the caller's choosing ("amazon-in") or a provider-qualified
	// product id ("hubble:01GMAVS2CHXR0XP1BZSTA9A44K").
	Brand string
	// Currency, when set, is the ISO 4217 code the rule serves: the
	// currency of the order's Amount, or of its first item when Amount is
	// zero.
	Currency string
	// Candidates are tried in order, at most MaxCandidates: each is either a
	// provider-qualified product id ("hubble-backup:01GMAV…"), or just a
	// registered provider name ("hubble-backup"), which orders the product
	// the request's provider-qualified ProductID names at that provider
	// (the same product id: another account of the same provider).
	Candidates []string
}

// rule is a RoutingRule checked against the registered providers.
type rule struct {
	brand, currency string
	cands           []candidate
	bare            bool            // some candidate names only a provider
	names           map[string]bool // the candidates' provider names
}

// candidate is one place an order may go.
type candidate struct {
	name      string // registered name
	productID string // the provider's own product id; "" = the request's
	orders    Orders
}

func (c *Client) compileRouting(p RoutingPolicy) ([]rule, error) {
	out := make([]rule, 0, len(p.Rules))
	for i, r := range p.Rules {
		field := fmt.Sprintf("Rules[%d]", i)
		cr := rule{brand: r.Brand, names: map[string]bool{}}
		if r.Currency != "" {
			cur, err := NormalizeCurrency(r.Currency)
			if err != nil {
				return nil, &ValidationError{Field: field + ".Currency", Reason: fmt.Sprintf("%q is not an ISO 4217 code", r.Currency)}
			}
			cr.currency = cur
		}
		if n := len(r.Candidates); n == 0 || n > MaxCandidates {
			return nil, &ValidationError{Field: field + ".Candidates", Reason: fmt.Sprintf("%d candidates; a rule needs 1 to %d", n, MaxCandidates)}
		}
		seen := map[candidate]bool{}
		for j, s := range r.Candidates {
			cf := fmt.Sprintf("%s.Candidates[%d]", field, j)
			cand := candidate{name: s}
			if strings.Contains(s, QualifiedIDSeparator) {
				name, id, err := ParseQualifiedID(s)
				if err != nil {
					return nil, &ValidationError{Field: cf, Reason: err.(*ValidationError).Reason}
				}
				cand.name, cand.productID = name, id
			} else if _, _, err := ParseQualifiedID(r.Brand); r.Brand != "" && err != nil {
				return nil, &ValidationError{Field: cf, Reason: fmt.Sprintf("%q names only a provider, so the order's ProductID must be provider-qualified, but the rule's Brand %q is not; give the product id (provider:id)", s, r.Brand)}
			}
			p, ok := c.providers[cand.name]
			if !ok {
				return nil, &ValidationError{Field: cf, Reason: fmt.Sprintf("no provider registered as %q; registered: %s", cand.name, strings.Join(c.Providers(), ", "))}
			}
			if cand.orders, ok = p.(Orders); !ok {
				return nil, &ValidationError{Field: cf, Reason: fmt.Sprintf("provider %q does not implement Orders", cand.name)}
			}
			key := candidate{name: cand.name, productID: cand.productID}
			if seen[key] {
				return nil, &ValidationError{Field: cf, Reason: fmt.Sprintf("%q is listed twice", s)}
			}
			seen[key] = true
			cr.cands = append(cr.cands, cand)
			cr.names[cand.name] = true
			cr.bare = cr.bare || cand.productID == ""
		}
		out = append(out, cr)
	}
	return out, nil
}

// route returns the candidates for req, each with its product id resolved.
func (c *Client) route(req OrderRequest) ([]candidate, error) {
	if req.ProductID == "" {
		return nil, &ValidationError{Field: "productId", Reason: "required: a provider-qualified id (provider:id) or a routing rule's Brand"}
	}
	cur := req.Amount.Currency
	if cur == "" && len(req.Items) > 0 {
		cur = req.Items[0].Denomination.Currency
	}
	cur = strings.ToUpper(strings.TrimSpace(cur))
	reqName, reqID, reqErr := ParseQualifiedID(req.ProductID)
	for _, r := range c.routing {
		if (r.brand != "" && r.brand != req.ProductID) || (r.currency != "" && r.currency != cur) {
			continue
		}
		if r.brand == "" && r.bare && (reqErr != nil || !r.names[reqName]) {
			continue // a bare candidate would order another provider's product id
		}
		out := make([]candidate, len(r.cands))
		for j, cand := range r.cands {
			if cand.productID == "" {
				cand.productID = reqID // the brand, or the names check, made it qualified
			}
			out[j] = cand
		}
		return out, nil
	}
	if reqErr != nil {
		ve := reqErr.(*ValidationError)
		ve.Reason += "; no routing rule matches it"
		return nil, ve
	}
	orders, err := c.Orders(reqName)
	if err != nil {
		return nil, err
	}
	return []candidate{{name: reqName, productID: reqID, orders: orders}}, nil
}

// DeriveReference returns the reference Client.PlaceOrder places an order
// with at the candidate at index (0 for the first) of its route: the
// caller's reference, "-", and the index, e.g. "order-1234-1" for the
// second candidate of "order-1234". Look an order up with it at that
// candidate's Orders.GetOrderByReference.
func DeriveReference(reference string, index int) string {
	return reference + "-" + strconv.Itoa(index)
}

// Attempt is one candidate of a routed order, as Client.PlaceOrder left it.
type Attempt struct {
	// Provider is the candidate's registered name ("hubble-backup").
	Provider string
	// ProductID is the provider-qualified product ordered there.
	ProductID string
	// ReferenceID is the reference the order was (or would have been)
	// placed with there: DeriveReference of the call's reference.
	ReferenceID string
	// Skipped is set when the candidate's circuit was open and nothing was
	// sent to it.
	Skipped bool
	// Err is why the candidate did not give the order.
	Err error
}

// RoutingError is Client.PlaceOrder's failure: the reference of the call
// and every candidate skipped or tried, in order. The last Attempt is the
// one that ended the call. It unwraps to every attempt's error, the last
// first, so errors.Is matches their kinds (ErrOutcomeUnknown when the last
// candidate's outcome is unknown) and errors.As finds the last one's
// *Error.
type RoutingError struct {
	// ReferenceID is the call's reference: the caller's, or the one
	// generated for it. Retry the whole call with it, never with a new one,
	// after an error matching ErrOutcomeUnknown.
	ReferenceID string
	// Attempts lists the candidates skipped or tried, in order. A skipped
	// candidate whose reference could not be looked up before going on
	// appears a second time with that failure.
	Attempts []Attempt
}

// Error renders the reference and every attempt on one line, the last
// first.
func (e *RoutingError) Error() string {
	var b strings.Builder
	b.WriteString("giftcard: PlaceOrder reference ")
	b.WriteString(e.ReferenceID)
	for i := len(e.Attempts) - 1; i >= 0; i-- {
		a := e.Attempts[i]
		if i == len(e.Attempts)-1 {
			b.WriteString(": ")
		} else {
			b.WriteString("; before that ")
		}
		b.WriteString(a.Provider)
		b.WriteString(" (")
		b.WriteString(a.ReferenceID)
		if a.Skipped {
			b.WriteString(", skipped")
		}
		b.WriteString("): ")
		if a.Err != nil {
			b.WriteString(a.Err.Error())
		}
	}
	return b.String()
}

// Unwrap returns every attempt's error, the last attempt's first.
func (e *RoutingError) Unwrap() []error {
	out := make([]error, 0, len(e.Attempts))
	for i := len(e.Attempts) - 1; i >= 0; i-- {
		if e.Attempts[i].Err != nil {
			out = append(out, e.Attempts[i].Err)
		}
	}
	return out
}

// Last returns the attempt that ended the call (nil when there was none):
// after an error matching ErrOutcomeUnknown, the provider and reference to
// reconcile with.
func (e *RoutingError) Last() *Attempt {
	if len(e.Attempts) == 0 {
		return nil
	}
	return &e.Attempts[len(e.Attempts)-1]
}

// PlaceOrder places one order through the candidates its route gives (see
// RoutingPolicy; without a matching rule, the provider its
// provider-qualified ProductID names), trying them in order:
//
//   - A candidate whose circuit is open (see BreakerPolicy) is skipped.
//   - Each candidate gets its own reference, derived from the call's:
//     DeriveReference(req.ReferenceID, index) — "order-1234-0",
//     "order-1234-1" — and the order is placed with the provider's
//     PlaceOrder, which is itself exactly-once on that reference. An empty
//     req.ReferenceID is generated (a UUID); ReferenceID may have at most
//     MaxRoutedReferenceLength characters.
//   - The call moves on to the next candidate only when the failure proves
//     nothing was placed: a *ValidationError, an error matching
//     ErrProductUnavailable, ErrInsufficientFunds or ErrInvalidDenomination,
//     or one matching ErrProviderUnavailable with no HTTP status (the
//     connection was never made). Never after an error matching
//     ErrOutcomeUnknown: the provider's PlaceOrder has already reconciled
//     by reference with that provider, and the call ends there, returning
//     an Order holding the candidate's Provider, ProductID and ReferenceID,
//     and a *RoutingError whose Last attempt names them. Any other failure
//     (a duplicate reference, a rate limit, a cancelled context …) also
//     ends the call.
//   - An order that the provider accepted and that then FAILED is returned
//     as is (see Order.Err), without failover: it was placed.
//
// The Order returned carries the candidate's registered name as Provider,
// the provider-qualified ProductID, and the candidate's reference as
// ReferenceID.
//
// Retrying the whole call with the same ReferenceID is exactly-once. A
// candidate tried again finds its own earlier order by its reference (the
// provider's PlaceOrder returns it). And before it places under a caller's
// ReferenceID with a route of several candidates, PlaceOrder looks up
// (GetOrderByReference, concurrently) the reference derived for every
// candidate it has not tried in this call: those after the one it places
// with, since an earlier call may have ended there (the first candidate
// refused for funds, the backup placed the order, the caller never saw the
// answer, and the first has been topped up since), and those skipped for an
// open circuit. An order found is returned and nothing is placed; a lookup
// that fails ends the call, nothing placed, with an error matching
// ErrOutcomeUnknown that names that candidate: retry later with the same
// reference. This costs one lookup per later candidate for each order with a
// caller's reference (none for a generated reference, which is new), and
// while a later candidate cannot be asked, orders under a caller's reference
// wait for it; RoutingPolicy.NoLookAhead turns the look-ahead off (then call
// FindOrder before a retry). A candidate that refused the order in this call
// is not looked up: its provider's PlaceOrder returns the order a used
// reference holds, so a refusal proves there is none.
func (c *Client) PlaceOrder(ctx context.Context, req OrderRequest) (Order, error) {
	route, err := c.route(req)
	if err != nil {
		return Order{}, err
	}
	ref, generated := req.ReferenceID, false
	if ref == "" {
		ref, generated = uuid.NewString(), true
	}
	if n := utf8.RuneCountInString(ref); n > MaxRoutedReferenceLength {
		return Order{}, &ValidationError{Field: "referenceId", Reason: fmt.Sprintf(
			"%d characters; a routed order's reference may have at most %d, so that each candidate's (reference-N) fits every provider", n, MaxRoutedReferenceLength)}
	}
	re := &RoutingError{ReferenceID: ref}
	// checked[j]: candidate j's reference was looked up in this call and
	// holds nothing. Only a caller's reference can have been used by an
	// earlier call; a generated one is new and never looked up.
	var checked []bool
	if !generated && len(route) > 1 {
		checked = make([]bool, len(route))
	}
	for i, cand := range route {
		a := Attempt{Provider: cand.name, ProductID: QualifiedID(cand.name, cand.productID), ReferenceID: DeriveReference(ref, i)}
		br := c.breakers[cand.name]
		ok, until := br.admit()
		if !ok {
			a.Skipped = true
			a.Err = circuitOpen(cand.name, a.ReferenceID, until)
			re.Attempts = append(re.Attempts, a)
			continue
		}
		if checked != nil {
			o, done, err := c.lookAround(ctx, route, req, ref, i, checked, re)
			if done {
				br.release()
				return o, err
			}
		}
		nreq := req
		nreq.ProductID, nreq.ReferenceID = cand.productID, a.ReferenceID
		o, err := cand.orders.PlaceOrder(ctx, nreq)
		br.report(err)
		if err == nil {
			return a.tag(o), nil
		}
		a.Err = err
		re.Attempts = append(re.Attempts, a)
		if !nothingPlaced(ctx, err) {
			if errors.Is(err, ErrOutcomeUnknown) {
				return a.tag(o), re
			}
			return Order{}, re
		}
		if checked != nil {
			// Refused, which proves nothing was placed there under this
			// reference, by this call or an earlier one: the provider's
			// PlaceOrder returns the order a used reference holds.
			checked[i] = true
		}
	}
	return Order{}, re
}

// lookAround looks up, before the call places with route[i], the references
// of the other candidates not yet checked: those before i skipped for an
// open circuit, and, unless the policy says NoLookAhead, those after i. The
// lookups run concurrently and are read in route order. done is set when the
// call must end: an order was found (returned, nil error, or a
// duplicate-reference error when it is not this order), or a lookup failed
// (an error matching ErrOutcomeUnknown, recorded in re). Every candidate
// that answered "not found" is marked in checked.
func (c *Client) lookAround(ctx context.Context, route []candidate, req OrderRequest, ref string, i int, checked []bool, re *RoutingError) (Order, bool, error) {
	var targets []int
	for j := range route {
		if j != i && !checked[j] && (j < i || c.lookAhead) {
			targets = append(targets, j)
		}
	}
	type answer struct {
		o   Order
		err error
	}
	answers := make([]answer, len(targets))
	lookup := func(k int) {
		j := targets[k]
		answers[k].o, answers[k].err = route[j].orders.GetOrderByReference(ctx, DeriveReference(ref, j))
	}
	if len(targets) == 1 {
		lookup(0)
	} else {
		var wg sync.WaitGroup
		for k := range targets {
			wg.Go(func() { lookup(k) })
		}
		wg.Wait()
	}
	var failed []Attempt
	for k, j := range targets {
		cand, ans := route[j], answers[k]
		a := Attempt{Provider: cand.name, ProductID: QualifiedID(cand.name, cand.productID), ReferenceID: DeriveReference(ref, j)}
		switch {
		case ans.err == nil:
			if why := notThisOrder(ans.o, cand, req); why != "" {
				a.Err = &Error{Provider: cand.name, Op: "PlaceOrder", Kind: ErrDuplicateReference, Reference: a.ReferenceID,
					Message: fmt.Sprintf("reference %q is held by order %s (%s), which is not this order: %s; use a new reference", a.ReferenceID, ans.o.ID, ans.o.Status, why)}
				re.Attempts = append(re.Attempts, a)
				return Order{}, true, re
			}
			return a.tag(ans.o), true, nil
		case errors.Is(ans.err, ErrNotFound):
			checked[j] = true
		default:
			why := "comes after " + route[i].name + " in the route"
			if j < i {
				why = "skipped (circuit open)"
			}
			a.Err = &Error{Provider: cand.name, Op: "PlaceOrder", Kind: ErrProviderUnavailable, OutcomeUnknown: true, Reference: a.ReferenceID,
				Message: fmt.Sprintf("%s, and looking up its reference %q failed: an earlier call with this reference may have placed the order there; "+
					"nothing was placed by this call: retry it with the same reference", why, a.ReferenceID),
				Err: ans.err}
			failed = append(failed, a)
		}
	}
	if len(failed) > 0 {
		re.Attempts = append(re.Attempts, failed...)
		return re.Last().tag(Order{}), true, re
	}
	return Order{}, false, nil
}

// notThisOrder says why an order found by a derived reference cannot be
// the one req asks for ("" when it may be): another product or amount,
// when the provider reports them.
func notThisOrder(o Order, cand candidate, req OrderRequest) string {
	if o.ProductID != "" && o.ProductID != cand.productID {
		return fmt.Sprintf("product %s, not %s", o.ProductID, cand.productID)
	}
	want := req.Amount
	if want.IsZero() {
		if t, err := req.Total(); err == nil {
			want = t
		}
	}
	if !o.Amount.IsZero() && !want.IsZero() && !o.Amount.Equal(want) {
		return fmt.Sprintf("amount %s, not %s", o.Amount, want)
	}
	return ""
}

// tag makes an order returned by a candidate's provider carry the
// candidate's registered name, qualified product id and reference.
func (a Attempt) tag(o Order) Order {
	o.Provider = a.Provider
	if o.ProductID == "" {
		o.ProductID = a.ProductID
	} else {
		o.ProductID = QualifiedID(a.Provider, o.ProductID) // the provider reports its own id
	}
	if o.ReferenceID == "" {
		o.ReferenceID = a.ReferenceID
	}
	return o
}

func circuitOpen(name, ref string, until time.Time) *Error {
	msg := "circuit open: a half-open trial order is in flight; nothing sent"
	if !until.IsZero() {
		msg = "circuit open until " + until.UTC().Format(time.RFC3339) + " after repeated provider-unavailable failures; nothing sent"
	}
	return &Error{Provider: name, Op: "PlaceOrder", Kind: ErrProviderUnavailable, Retryable: true, Reference: ref, Message: msg}
}

// nothingPlaced reports whether a PlaceOrder failure proves that nothing was
// placed, so the next candidate may be tried.
func nothingPlaced(ctx context.Context, err error) bool {
	if ctx.Err() != nil || errors.Is(err, ErrOutcomeUnknown) || isContextErr(err) {
		return false
	}
	var ve *ValidationError
	if errors.As(err, &ve) {
		return true
	}
	if errors.Is(err, ErrProductUnavailable) || errors.Is(err, ErrInsufficientFunds) || errors.Is(err, ErrInvalidDenomination) {
		return true
	}
	var ge *Error
	return errors.As(err, &ge) && ge.StatusCode == 0 && !ge.OutcomeUnknown && errors.Is(err, ErrProviderUnavailable)
}

// FindOrder looks for an order an earlier PlaceOrder call with the same
// request may have placed: it looks up, at every candidate of req's route,
// the reference derived for it from req.ReferenceID (required). It returns
// the order found, tagged as PlaceOrder tags it; an error matching
// ErrNotFound when every candidate answered that it holds none (placing
// again is then safe); and otherwise, when a candidate could not be asked,
// an error matching ErrOutcomeUnknown that names it: ask again later,
// before placing.
func (c *Client) FindOrder(ctx context.Context, req OrderRequest) (Order, error) {
	route, err := c.route(req)
	if err != nil {
		return Order{}, err
	}
	if req.ReferenceID == "" {
		return Order{}, &ValidationError{Field: "referenceId", Reason: "required: the reference of the PlaceOrder call to look for"}
	}
	var failed []error
	var asked []string
	for i, cand := range route {
		a := Attempt{Provider: cand.name, ProductID: QualifiedID(cand.name, cand.productID), ReferenceID: DeriveReference(req.ReferenceID, i)}
		o, err := cand.orders.GetOrderByReference(ctx, a.ReferenceID)
		switch {
		case err == nil:
			return a.tag(o), nil
		case errors.Is(err, ErrNotFound):
			asked = append(asked, fmt.Sprintf("%s (%s)", cand.name, a.ReferenceID))
		default:
			failed = append(failed, &ProviderError{Provider: cand.name, Op: "FindOrder", Err: err})
		}
	}
	if len(failed) > 0 {
		return Order{}, &Error{Provider: "giftcard", Op: "FindOrder", Kind: ErrProviderUnavailable, OutcomeUnknown: true, Reference: req.ReferenceID,
			Message: "some candidates could not be asked, and may hold the order: look again before placing it", Err: errors.Join(failed...)}
	}
	return Order{}, &Error{Provider: "giftcard", Op: "FindOrder", Kind: ErrNotFound, Reference: req.ReferenceID,
		Message: "no candidate holds an order for it: " + strings.Join(asked, ", ")}
}
