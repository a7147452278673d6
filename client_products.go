package giftcard

import (
	"context"
	"fmt"
	"iter"
	"strings"
)

// QualifiedIDSeparator separates the provider name from the provider's own
// id in a provider-qualified id: "hubble:01GMMNJECTDZAG2YS61K58HVG8".
const QualifiedIDSeparator = ":"

// QualifiedID returns the provider-qualified form of a provider's product
// id: name + ":" + id. The Client's Products and GetProduct return product
// ids in this form, and its PlaceOrder and GetProduct take them.
//
// The form cannot be ambiguous: a registered name never contains ':', so
// the first ':' always ends the name, and whatever follows (':' included)
// is the provider's id, unchanged. Two different (name, id) pairs never
// give the same qualified id, even when two providers use the same ids.
func QualifiedID(name, id string) string { return name + QualifiedIDSeparator + id }

// ParseQualifiedID splits a provider-qualified id at its first ':' into the
// registered provider name and the provider's own id. An id without ':', or
// with an empty name or an empty provider id, is a *ValidationError naming
// field "productId".
func ParseQualifiedID(qualified string) (name, id string, err error) {
	name, id, ok := strings.Cut(qualified, QualifiedIDSeparator)
	if !ok || name == "" || id == "" {
		return "", "", &ValidationError{Field: "productId",
			Reason: fmt.Sprintf("%q is not a provider-qualified id (provider:id, as Client.Products lists them)", qualified)}
	}
	return name, id, nil
}

// ProviderError is the failure of one registered provider inside a call
// to the Client (Products, GetProduct, Balances): it names the provider as
// registered, which for a second account (see Named) is not the name the
// provider's own error carries.
type ProviderError struct {
	Provider string // the name the provider is registered under, "hubble-backup"
	Op       string // the Client method: "Products", "GetProduct" or "Balances"
	Err      error  // the provider's error
}

// Error renders "giftcard: Balances from hubble-backup: <the provider's error>".
func (e *ProviderError) Error() string {
	return fmt.Sprintf("giftcard: %s from %s: %v", e.Op, e.Provider, e.Err)
}

// Unwrap returns the provider's error, so errors.Is matches its kind.
func (e *ProviderError) Unwrap() error { return e.Err }

// Products walks the catalogs of every registered provider that has one, in
// the order of Providers (sorted by name), lazily: a provider's catalog is
// not read before the products of the previous ones have been ranged over,
// and stopping the range stops fetching. Every Product's Provider is the
// name its provider is registered under and its ID the provider-qualified
// id (QualifiedID), which GetProduct and PlaceOrder take.
//
// A provider's failure is yielded once, as a *ProviderError naming it, and
// ends that provider's products only: ranging on continues with the next
// provider, so one failing catalog does not hide the others (break on the
// error to stop instead). Once ctx is done, the first error yielded ends
// the whole walk.
func (c *Client) Products(ctx context.Context, q ProductQuery) iter.Seq2[Product, error] {
	return func(yield func(Product, error) bool) {
		for _, name := range c.Providers() {
			cat, ok := c.providers[name].(Catalog)
			if !ok {
				continue
			}
			for p, err := range cat.ListProducts(ctx, q) {
				if err != nil {
					if !yield(Product{}, &ProviderError{Provider: name, Op: "Products", Err: err}) || ctx.Err() != nil {
						return
					}
					break
				}
				if !yield(qualifyProduct(name, p), nil) {
					return
				}
			}
		}
	}
}

// GetProduct reads one product by its provider-qualified id (as Products
// lists it) from the provider it names. The Product comes back qualified
// as Products returns it. An unqualified id is a *ValidationError; a name
// not registered, or a provider without a Catalog, an error matching
// ErrNotFound or ErrNotSupported; the provider's failure a *ProviderError
// naming it (an unknown product matches ErrNotFound).
func (c *Client) GetProduct(ctx context.Context, qualifiedID string) (Product, error) {
	name, id, err := ParseQualifiedID(qualifiedID)
	if err != nil {
		return Product{}, err
	}
	cat, err := c.Catalog(name)
	if err != nil {
		return Product{}, err
	}
	p, err := cat.GetProduct(ctx, id)
	if err != nil {
		return Product{}, &ProviderError{Provider: name, Op: "GetProduct", Err: err}
	}
	return qualifyProduct(name, p), nil
}

func qualifyProduct(name string, p Product) Product {
	p.Provider = name
	p.ID = QualifiedID(name, p.ID)
	return p
}
