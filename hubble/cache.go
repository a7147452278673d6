package hubble

import (
	"context"
	"errors"
	"slices"
	"sync"
	"time"

	"github.com/giftcard-go/giftcard"
)

// productCache holds recently read brands for order validation, and the
// brand fetches in flight: concurrent orders for a brand that is not cached
// wait for one GET instead of each sending their own.
//
// KIT-CANDIDATE: a keyed single-flight cache with a TTL on the injected
// clock (token.Source is the same idea for one key) would serve any
// provider that validates against a product it fetches.
type productCache struct {
	mu       sync.Mutex
	m        map[string]cachedBrand
	inflight map[string]*brandFetch
}

type cachedBrand struct {
	brand Brand
	at    time.Time
}

// brandFetch is one GET of a brand in flight; done is closed when brand and
// err are set.
type brandFetch struct {
	done    chan struct{}
	brand   Brand
	err     error
	waiters int // callers waiting for it (guarded by productCache.mu)
}

// put stores a copy of b's rules: the Brand handed to the caller shares its
// AmountRestrictions pointer and slices with b, and a caller changing them
// must neither change what PlaceOrder validates against nor race with it.
func (p *productCache) put(b Brand, at time.Time) {
	if b.ID == "" {
		return
	}
	if b.AmountRestrictions != nil {
		r := *b.AmountRestrictions
		r.Denominations = slices.Clone(r.Denominations)
		b.AmountRestrictions = &r
	}
	p.mu.Lock()
	if p.m == nil {
		p.m = make(map[string]cachedBrand)
	}
	p.m[b.ID] = cachedBrand{brand: b, at: at}
	p.mu.Unlock()
}

func (p *productCache) getLocked(id string, now time.Time, ttl time.Duration) (Brand, bool) {
	cb, ok := p.m[id]
	if !ok || now.Sub(cb.at) >= ttl || now.Before(cb.at) {
		return Brand{}, false
	}
	return cb.brand, true
}

func (p *productCache) forget(id string) {
	p.mu.Lock()
	delete(p.m, id)
	p.mu.Unlock()
}

// brand returns the cached brand id, or fetches it (storing it) with one
// fetch per brand at a time: a caller finding a fetch in flight waits for
// its result. If the fetching caller's context ended, a waiter whose own
// context is still live fetches again itself. The brand returned may be
// shared with other callers and must not be changed.
func (p *productCache) brand(ctx context.Context, id string, now func() time.Time, ttl time.Duration,
	fetch func(ctx context.Context, id string) (Brand, error)) (Brand, error) {
	for {
		p.mu.Lock()
		if b, ok := p.getLocked(id, now(), ttl); ok {
			p.mu.Unlock()
			return b, nil
		}
		f, waiting := p.inflight[id]
		if waiting {
			f.waiters++
		} else {
			f = &brandFetch{done: make(chan struct{})}
			if p.inflight == nil {
				p.inflight = make(map[string]*brandFetch)
			}
			p.inflight[id] = f
		}
		p.mu.Unlock()
		if !waiting {
			f.brand, f.err = fetch(ctx, id) // stores the brand on success
			p.mu.Lock()
			delete(p.inflight, id)
			p.mu.Unlock()
			close(f.done)
			return f.brand, f.err
		}
		select {
		case <-f.done:
		case <-ctx.Done():
			return Brand{}, &giftcard.Error{Provider: providerName, Op: routeGetProduct.Op,
				Message: "gave up waiting for the brand", Err: ctx.Err()}
		}
		if f.err != nil && (errors.Is(f.err, context.Canceled) || errors.Is(f.err, context.DeadlineExceeded)) && ctx.Err() == nil {
			continue // the fetching caller gave up; this one has not
		}
		return f.brand, f.err
	}
}
