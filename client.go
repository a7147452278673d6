package giftcard

import (
	"context"
	"fmt"
	"iter"
	"reflect"
	"sort"
	"strings"
)

// Catalog lists what can be bought.
type Catalog interface {
	// ListProducts walks every page lazily; stop ranging to stop fetching.
	// An error ends the sequence after being yielded once.
	ListProducts(ctx context.Context, q ProductQuery) iter.Seq2[Product, error]
	// GetProduct returns one product; an unknown id matches ErrNotFound.
	GetProduct(ctx context.Context, id string) (Product, error)
}

// Wallet is the partner's prepaid funding account.
type Wallet interface {
	// GetBalance returns the funding balance, in an upper-case ISO 4217
	// currency.
	GetBalance(ctx context.Context) (Money, error)
}

// Orders buys vouchers.
type Orders interface {
	// PlaceOrder is idempotent on req.ReferenceID: the same reference never
	// yields a second order or a second debit, even across lost responses.
	// An empty ReferenceID is generated and returned on the Order.
	PlaceOrder(ctx context.Context, req OrderRequest) (Order, error)
	// GetOrder reads an order by the provider's id; an unknown id matches
	// ErrNotFound.
	GetOrder(ctx context.Context, id string) (Order, error)
	// GetOrderByReference reads the order placed with referenceID; a
	// reference never used matches ErrNotFound.
	GetOrderByReference(ctx context.Context, referenceID string) (Order, error)
}

// Gifts issues stored value held for a recipient.
type Gifts interface {
	// IssueGift issues req; an empty ReferenceID is generated (or derived,
	// as the provider documents) and returned on the Gift. A ReferenceID
	// that is blank, not valid UTF-8 or holds a control character is
	// refused with a *ValidationError before anything is sent.
	//
	// Whether IssueGift is idempotent on ReferenceID is the provider's:
	//   - wolfe (reference_id) and loyalty (tranOrderNo): keyed. The same
	//     ReferenceID with the same request returns the gift it issued
	//     first, without issuing or debiting again, across lost answers
	//     too; with a different request it fails with
	//     ErrDuplicateReference. Gifts under different references are
	//     different gifts, even to one recipient.
	//   - orbt: not keyed. ReferenceID is not sent (it is returned as
	//     given, or as the email when empty); the key is the recipient's
	//     email and the currency, one gift each, so a second IssueGift to
	//     them fails with ErrDuplicateReference whatever the ReferenceID. A
	//     lost answer is a success only when ORBT's answer proves the gift
	//     is this call's; otherwise the error matches ErrOutcomeUnknown (and
	//     ErrDuplicateReference when a gift to that email and currency
	//     exists) and names what was found.
	//   - hubble: has no Gifts.
	//
	// Portable code keeps the ReferenceID and the request of a gift it
	// means to issue once, and after an error matching ErrOutcomeUnknown
	// looks the gift up (or repeats the same request) before issuing under
	// a new reference; ErrDuplicateReference means a gift already holds the
	// key: do not issue it again.
	IssueGift(ctx context.Context, req GiftRequest) (Gift, error)
	// GetGift reads a gift by the id IssueGift returned; an unknown id
	// matches ErrNotFound.
	GetGift(ctx context.Context, id string) (Gift, error)
	// CancelGift voids a gift; afterwards GetGift reports it CANCELLED or
	// not found. An unknown id matches ErrNotFound.
	CancelGift(ctx context.Context, id string) error
}

// Provider is a provider client. Name is its package name ("hubble").
// It implements any of Catalog, Wallet, Orders and Gifts.
type Provider interface {
	// Name is the provider's package name, used in errors and by Client.
	Name() string
}

// Client holds several provider clients and hands out each one's
// capabilities by name (Catalog, Wallet, Orders, Gifts); over all of them it
// offers one catalog (Products, GetProduct), routed orders with safe
// failover (PlaceOrder) and one balance view (Balances). It is safe for
// concurrent use: its registrations and routing policy are read-only after
// construction, and each provider's circuit breaker is guarded by its own
// mutex.
//
// Each provider is registered under a name: its Name, or the name given with
// Named (two accounts of one provider: "hubble" and "hubble-backup"). The
// Products and Orders the Client's own methods return carry that registered
// name in their Provider field, and so do its error types (RoutingError's
// attempts, ProviderError); an *Error a provider returned still names the
// provider's package. The provider's own interfaces (Catalog(name) …)
// return the provider's values unchanged.
type Client struct {
	providers map[string]Provider
	routing   []rule              // WithRouting's rules, checked at construction
	lookAhead bool                // !RoutingPolicy.NoLookAhead
	breakers  map[string]*breaker // one per registered name; never nil
}

// NewClient registers providers by their Name (or the name given with
// Named); two with one name is an error, and so is a name that is empty or
// contains ':' (the separator of provider-qualified product ids). Use
// NewClientWithOptions to set a routing policy or the circuit breaker.
func NewClient(providers ...Provider) (*Client, error) {
	return NewClientWithOptions(providers)
}

// NewClientWithOptions is NewClient with options: WithRouting sets the
// routing policy PlaceOrder follows, WithBreaker the circuit breaker's
// threshold, cool-down and clock. A routing rule naming a provider that is
// not registered, or one without Orders, is a *ValidationError.
func NewClientWithOptions(providers []Provider, opts ...ClientOption) (*Client, error) {
	var cfg clientConfig
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	c := &Client{providers: make(map[string]Provider, len(providers)), breakers: make(map[string]*breaker, len(providers))}
	for i, p := range providers {
		name, inner := unwrapNamed(p)
		if isNil(inner) {
			return nil, &ValidationError{Field: fmt.Sprintf("providers[%d]", i), Reason: "nil provider (was its New checked for an error?)"}
		}
		if name == "" || strings.Contains(name, QualifiedIDSeparator) {
			return nil, &ValidationError{Field: fmt.Sprintf("providers[%d]", i),
				Reason: fmt.Sprintf("provider name %q must be non-empty and must not contain %q", name, QualifiedIDSeparator)}
		}
		if _, dup := c.providers[name]; dup {
			return nil, &ValidationError{Field: "providers", Reason: fmt.Sprintf("provider %q registered twice (register a second account with giftcard.Named)", name)}
		}
		c.providers[name] = inner
		c.breakers[name] = newBreaker(cfg.breaker)
	}
	rules, err := c.compileRouting(cfg.routing)
	if err != nil {
		return nil, err
	}
	c.routing = rules
	c.lookAhead = !cfg.routing.NoLookAhead
	return c, nil
}

// isNil reports whether p is nil or a nil pointer (a typed nil): a provider
// whose New failed and whose error was not checked.
func isNil(p Provider) bool {
	if p == nil {
		return true
	}
	v := reflect.ValueOf(p)
	switch v.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Func, reflect.Interface, reflect.Chan:
		return v.IsNil()
	}
	return false
}

// Providers returns the registered provider names, sorted.
func (c *Client) Providers() []string {
	out := make([]string, 0, len(c.providers))
	for n := range c.providers {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Provider returns the provider registered as name (for one registered
// with Named, the provider it wraps).
func (c *Client) Provider(name string) (Provider, bool) {
	p, ok := c.providers[name]
	return p, ok
}

func capability[T any](c *Client, name, what string) (T, error) {
	var zero T
	p, ok := c.providers[name]
	if !ok {
		msg := fmt.Sprintf("no provider registered as %q; registered: %s", name, strings.Join(c.Providers(), ", "))
		for _, n := range c.Providers() {
			if strings.EqualFold(n, name) {
				msg += fmt.Sprintf(" (names are case-sensitive: did you mean %q?)", n)
			}
		}
		return zero, &Error{Provider: name, Op: what, Kind: ErrNotFound, Message: msg}
	}
	v, ok := p.(T)
	if !ok {
		return zero, &Error{Provider: name, Op: what, Kind: ErrNotSupported, Message: "provider does not implement " + what}
	}
	return v, nil
}

// Catalog returns the named provider's Catalog, or an error matching
// ErrNotSupported when it has none.
func (c *Client) Catalog(name string) (Catalog, error) {
	return capability[Catalog](c, name, "Catalog")
}

// Wallet returns the named provider's Wallet, or ErrNotSupported.
func (c *Client) Wallet(name string) (Wallet, error) { return capability[Wallet](c, name, "Wallet") }

// Orders returns the named provider's Orders, or ErrNotSupported.
func (c *Client) Orders(name string) (Orders, error) { return capability[Orders](c, name, "Orders") }

// Gifts returns the named provider's Gifts, or ErrNotSupported.
func (c *Client) Gifts(name string) (Gifts, error) { return capability[Gifts](c, name, "Gifts") }
