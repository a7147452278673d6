package giftcard

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/giftcard-go/giftcard/internal/clock"
)

// PollPolicy is how WaitForOrder polls. The zero PollPolicy (Clock aside)
// means DefaultPollPolicy. In a policy with any other field set, a zero
// Interval, MaxPolls or Timeout takes its default, and a zero or negative
// InitialDelay means the first poll happens at once.
type PollPolicy struct {
	InitialDelay time.Duration // before the first poll; default 1 minute
	Interval     time.Duration // between polls; default 3.5 minutes
	MaxPolls     int           // polls at most; default 5
	Timeout      time.Duration // give up this long after waiting starts; default 15 minutes
	Clock        Clock         // nil = wall clock
}

// DefaultPollPolicy is Hubble's documented protocol: no poll before one
// minute after placing, at most five polls, and the order is given up only
// when it is still PROCESSING at fifteen minutes — so the five polls are
// spread from minute 1 to minute 15, every 3.5 minutes (1, 4.5, 8, 11.5, 15).
func DefaultPollPolicy() PollPolicy {
	return PollPolicy{InitialDelay: time.Minute, Interval: 3*time.Minute + 30*time.Second, MaxPolls: 5, Timeout: 15 * time.Minute}
}

// WaitForOrder polls orders.GetOrder(id) until the order reaches a terminal
// status, and returns it (a FAILED order is returned with a nil error; see
// Order.Err). When the policy runs out first it returns the last order seen
// and an error matching ErrOrderTimeout. A failed poll that is worth
// retrying (ErrProviderUnavailable, ErrRateLimited) counts as a poll and
// polling continues; any other error is returned at once. Every error it
// returns itself (timeout, cancellation) is a *Error with Op "WaitForOrder"
// naming the order id.
//
// Waiting takes minutes under the default policy: do not hold an HTTP
// request open for it. Answer your caller at once (202 Accepted with the
// order id) and let the provider's webhook or a background job finish the
// order; see the checkout example.
func WaitForOrder(ctx context.Context, orders Orders, id string, p PollPolicy) (Order, error) {
	return AwaitOrder(ctx, orders, Order{ID: id}, p)
}

// AwaitOrder is WaitForOrder for an order already in hand (the one
// PlaceOrder returned): a terminal order comes back at once, with no request
// and no wait; otherwise it polls o.ID as WaitForOrder does.
func AwaitOrder(ctx context.Context, orders Orders, o Order, p PollPolicy) (Order, error) {
	if o.Status.Terminal() {
		return o, nil
	}
	id := o.ID
	d := DefaultPollPolicy()
	if p.InitialDelay < 0 {
		p.InitialDelay = 0
	} else if p.InitialDelay == 0 && p.Interval == 0 && p.MaxPolls == 0 && p.Timeout == 0 {
		p.InitialDelay = d.InitialDelay
	}
	if p.Interval <= 0 {
		p.Interval = d.Interval
	}
	if p.MaxPolls <= 0 {
		p.MaxPolls = d.MaxPolls
	}
	if p.Timeout <= 0 {
		p.Timeout = d.Timeout
	}
	clk := p.Clock
	if clk == nil {
		clk = clock.Real{}
	}
	deadline := clk.Now().Add(p.Timeout)
	last := o
	var lastErr error
	polls := 0
	stopped := func(cause error) error {
		e := &Error{Provider: last.Provider, Op: "WaitForOrder", Err: cause,
			Message: fmt.Sprintf("stopped waiting for order %s after %d polls (last status %q)", id, polls, last.Status)}
		var ge *Error
		if errors.As(cause, &ge) && e.Provider == "" {
			e.Provider = ge.Provider
		}
		return e
	}
	for ; polls < p.MaxPolls; polls++ {
		wait := p.Interval
		if polls == 0 {
			wait = p.InitialDelay
		}
		if remaining := deadline.Sub(clk.Now()); wait > remaining {
			break
		}
		if err := clk.Sleep(ctx, wait); err != nil {
			return last, stopped(err)
		}
		got, err := orders.GetOrder(ctx, id)
		if err != nil {
			if ctx.Err() != nil {
				return last, stopped(err)
			}
			if isTransient(err) {
				lastErr = err
				continue
			}
			return last, err
		}
		last, lastErr = got, nil
		if got.Status.Terminal() {
			return got, nil
		}
	}
	te := &Error{Provider: last.Provider, Op: "WaitForOrder", Kind: ErrOrderTimeout,
		Message: fmt.Sprintf("order %s not terminal after %d polls / %s (last status %q); it may still complete: "+
			"read it later or wait for the provider's webhook", id, polls, p.Timeout, last.Status)}
	if lastErr != nil {
		// Described, not wrapped: the timeout must match ErrOrderTimeout
		// alone, not also the kind of the last failed poll.
		te.Message += "; last poll failed: " + lastErr.Error()
		var ge *Error
		if errors.As(lastErr, &ge) && te.Provider == "" {
			te.Provider = ge.Provider
		}
	}
	return last, te
}

func isTransient(err error) bool {
	for _, k := range []error{ErrProviderUnavailable, ErrRateLimited} {
		if errors.Is(err, k) {
			return true
		}
	}
	return false
}
