package giftcard

import (
	"context"
	"errors"
	"sync"
)

// ProviderBalance is one registered provider's funding balance.
type ProviderBalance struct {
	// Provider is the name the provider is registered under.
	Provider string
	// Balance is the Wallet's balance, in the currency the provider funds in.
	Balance Money
}

// Balances reads the balance of every registered provider that has a
// Wallet, all at once, and returns them sorted by provider name: one per
// provider, each in its own currency (TotalsByCurrency adds them up).
//
// One provider failing does not hide the others: Balances returns every
// balance it could read together with the failures joined (errors.Join),
// each a *ProviderError naming its provider; the error is nil only when
// every Wallet answered.
func (c *Client) Balances(ctx context.Context) ([]ProviderBalance, error) {
	type result struct {
		b   ProviderBalance
		err error
	}
	names := c.Providers()
	results := make([]result, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		w, ok := c.providers[name].(Wallet)
		if !ok {
			continue
		}
		wg.Go(func() {
			m, err := w.GetBalance(ctx)
			if err != nil {
				results[i].err = &ProviderError{Provider: name, Op: "Balances", Err: err}
				return
			}
			results[i].b = ProviderBalance{Provider: name, Balance: m}
		})
	}
	wg.Wait()
	var out []ProviderBalance
	var errs []error
	for _, r := range results {
		switch {
		case r.err != nil:
			errs = append(errs, r.err)
		case r.b.Provider != "":
			out = append(out, r.b)
		}
	}
	return out, errors.Join(errs...)
}

// TotalsByCurrency adds balances up per currency: one Money per currency
// code, whatever the providers holding it.
func TotalsByCurrency(balances []ProviderBalance) map[string]Money {
	out := make(map[string]Money)
	for _, b := range balances {
		cur := b.Balance.Currency
		out[cur] = Money{Amount: out[cur].Amount.Add(b.Balance.Amount), Currency: cur}
	}
	return out
}
