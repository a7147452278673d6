package giftcard

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/giftcard-go/giftcard/internal/clock"
)

// The circuit breaker's defaults (see BreakerPolicy).
const (
	// DefaultBreakerThreshold is how many PlaceOrder failures in a row
	// matching ErrProviderUnavailable open a provider's circuit.
	DefaultBreakerThreshold = 5
	// DefaultBreakerCoolDown is how long an open circuit makes PlaceOrder
	// skip its provider before one trial order is let through.
	DefaultBreakerCoolDown = 30 * time.Second
)

// BreakerPolicy configures the circuit breaker a Client keeps for each
// registered provider. The breaker watches the orders PlaceOrder sends:
// Threshold failures in a row matching ErrProviderUnavailable (an outage, a
// 5xx, a lost answer) open the circuit, and for CoolDown PlaceOrder skips
// the provider and goes to the route's next candidate. Once CoolDown has
// passed the circuit is half-open: the next order is let through as a trial
// (one at a time; concurrent orders still skip it). A trial answered by the
// provider closes the circuit; a trial failing with ErrProviderUnavailable
// opens it for another CoolDown. Any answer from the provider that is not
// ErrProviderUnavailable (an order, insufficient funds, an invalid request)
// resets the count: the provider is up. A call ended by its context, or
// refused with a *ValidationError (which the SDK may have raised before
// sending anything), neither counts nor resets.
//
// The breaker only decides routing. It does not gate the provider's own
// interfaces (Client.Orders(name) …), Products or Balances, and the
// lookups PlaceOrder makes to keep a retry exactly-once are made whatever
// the circuit's state.
type BreakerPolicy struct {
	// Threshold is how many failures in a row open the circuit; 0 means
	// DefaultBreakerThreshold (5), a negative value disables the breaker.
	Threshold int
	// CoolDown is how long an open circuit skips the provider; 0 (or less)
	// means DefaultBreakerCoolDown (30s).
	CoolDown time.Duration
	// Clock measures CoolDown; nil means the wall clock. Tests inject a fake
	// one (giftcardtest.NewClock) and Advance it past the cool-down.
	Clock Clock
}

// CircuitState is where a provider's circuit breaker stands.
type CircuitState string

// Circuit states.
const (
	// CircuitClosed: orders go to the provider.
	CircuitClosed CircuitState = "closed"
	// CircuitOpen: the provider failed Threshold times in a row and is
	// skipped until its cool-down ends.
	CircuitOpen CircuitState = "open"
	// CircuitHalfOpen: the cool-down is over; the next order is a trial
	// that closes the circuit or opens it again.
	CircuitHalfOpen CircuitState = "half-open"
)

// Circuit reports the state of the circuit breaker of the provider
// registered as name; an unknown name reports CircuitClosed.
func (c *Client) Circuit(name string) CircuitState {
	b, ok := c.breakers[name]
	if !ok {
		return CircuitClosed
	}
	return b.state()
}

// breaker is one provider's circuit breaker. The zero value is not usable;
// see newBreaker.
type breaker struct {
	threshold int // ≤ 0: disabled
	coolDown  time.Duration
	clock     Clock

	mu        sync.Mutex
	failures  int       // consecutive ErrProviderUnavailable failures while closed
	openUntil time.Time // zero: closed
	trial     bool      // a half-open trial is in flight
}

func newBreaker(p BreakerPolicy) *breaker {
	b := &breaker{threshold: p.Threshold, coolDown: p.CoolDown, clock: p.Clock}
	if b.threshold == 0 {
		b.threshold = DefaultBreakerThreshold
	}
	if b.coolDown <= 0 {
		b.coolDown = DefaultBreakerCoolDown
	}
	if b.clock == nil {
		b.clock = clock.Real{}
	}
	return b
}

func (b *breaker) state() CircuitState {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch {
	case b.openUntil.IsZero():
		return CircuitClosed
	case b.clock.Now().Before(b.openUntil):
		return CircuitOpen
	}
	return CircuitHalfOpen
}

// admit reports whether a call may go to the provider now. In the
// half-open state it admits one call, the trial, whose outcome must then be
// passed to report (or release). When it refuses, until is when the
// circuit stops skipping the provider (zero while a trial is in flight).
func (b *breaker) admit() (ok bool, until time.Time) {
	if b.threshold < 0 {
		return true, time.Time{}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	switch {
	case b.openUntil.IsZero():
		return true, time.Time{}
	case b.clock.Now().Before(b.openUntil):
		return false, b.openUntil
	case b.trial:
		return false, time.Time{}
	}
	b.trial = true
	return true, time.Time{}
}

// report records the outcome of an admitted call.
func (b *breaker) report(err error) {
	if b.threshold < 0 {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	var ve *ValidationError
	switch {
	case err != nil && (isContextErr(err) || errors.As(err, &ve)):
		// The caller gave up, or the request was refused (perhaps before
		// the network): no verdict on the provider.
		b.trial = false
	case err == nil || !errors.Is(err, ErrProviderUnavailable):
		// The provider answered: it is up.
		b.failures, b.openUntil, b.trial = 0, time.Time{}, false
	case b.trial:
		b.trial, b.failures = false, 0
		b.openUntil = b.clock.Now().Add(b.coolDown)
	case b.openUntil.IsZero():
		b.failures++
		if b.failures >= b.threshold {
			b.failures = 0
			b.openUntil = b.clock.Now().Add(b.coolDown)
		}
	}
}

// release gives back an admitted call that was not made, without a
// verdict.
func (b *breaker) release() {
	b.mu.Lock()
	b.trial = false
	b.mu.Unlock()
}

func isContextErr(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}
