package giftcard

// ClientOption configures a Client built with NewClientWithOptions.
type ClientOption func(*clientConfig)

type clientConfig struct {
	routing RoutingPolicy
	breaker BreakerPolicy
}

// WithRouting sets the policy PlaceOrder routes orders by; see RoutingPolicy.
// Without it, an order goes to the provider its provider-qualified
// ProductID names, and nowhere else.
func WithRouting(p RoutingPolicy) ClientOption {
	return func(c *clientConfig) { c.routing = p }
}

// WithBreaker sets the circuit breaker every registered provider gets; see
// BreakerPolicy for the defaults it replaces.
func WithBreaker(p BreakerPolicy) ClientOption {
	return func(c *clientConfig) { c.breaker = p }
}

// Named registers p under name instead of p.Name(): the way to register two
// accounts of one provider with one Client, say
//
//	giftcard.NewClient(primary, giftcard.Named("hubble-backup", backup))
//
// where primary and backup are two hubble.Clients with different
// credentials. The Client's Provider, Catalog, Orders … return p itself for
// name, and the values the Client's own methods return (Product, Order,
// errors) carry name as their provider. The name must be non-empty and must
// not contain ':'.
//
// The value Named returns is meant only for registering with a Client: it
// reports name from Name and has none of p's other methods.
func Named(name string, p Provider) Provider { return namedProvider{name: name, p: p} }

type namedProvider struct {
	name string
	p    Provider
}

// Name is the name the provider is registered under.
func (n namedProvider) Name() string { return n.name }

// unwrapNamed returns the name p registers under and the provider to
// register (the one Named wraps, however deeply; the outermost name wins).
// It returns an empty name for a nil provider.
func unwrapNamed(p Provider) (string, Provider) {
	n, ok := p.(namedProvider)
	if !ok {
		if isNil(p) {
			return "", p
		}
		return p.Name(), p
	}
	inner := n.p
	for {
		next, ok := inner.(namedProvider)
		if !ok {
			return n.name, inner
		}
		inner = next.p
	}
}
