package giftcard

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/giftcard-go/giftcard/internal/clock"
)

// PollPolicy is how WaitForOrder polls.
type PollPolicy struct {
	InitialDelay time.Duration // before the first poll
	Interval     time.Duration // between polls
	MaxPolls     int           // polls at most
	Timeout      time.Duration // give up this long after WaitForOrder starts
	Clock        Clock         // nil = wall clock
}

// DefaultPollPolicy is Hubble's documented protocol: first poll one minute
// after placing, then every two minutes, at most five polls, and give up
// after fifteen minutes.
func DefaultPollPolicy() PollPolicy {
	return PollPolicy{InitialDelay: time.Minute, Interval: 2 * time.Minute, MaxPolls: 5, Timeout: 15 * time.Minute}
}

// WaitForOrder polls orders.GetOrder(id) until the order reaches a terminal
// status, and returns it (a FAILED order is returned with a nil error; see
// Order.Err). When the policy runs out first it returns the last order seen
// and an error matching ErrOrderTimeout. A failed poll that is worth
// retrying (ErrProviderUnavailable, ErrRateLimited) counts as a poll and
// polling continues; any other error is returned at once.
func WaitForOrder(ctx context.Context, orders Orders, id string, p PollPolicy) (Order, error) {
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
	var last Order
	var lastErr error
	for poll := 0; poll < p.MaxPolls; poll++ {
		wait := p.Interval
		if poll == 0 {
			wait = p.InitialDelay
		}
		if remaining := deadline.Sub(clk.Now()); wait > remaining {
			break
		}
		if err := clk.Sleep(ctx, wait); err != nil {
			return last, err
		}
		o, err := orders.GetOrder(ctx, id)
		if err != nil {
			if ctx.Err() != nil {
				return last, err
			}
			if isTransient(err) {
				lastErr = err
				continue
			}
			return last, err
		}
		last, lastErr = o, nil
		if o.Status.Terminal() {
			return o, nil
		}
	}
	te := &Error{Provider: last.Provider, Op: "WaitForOrder", Kind: ErrOrderTimeout,
		Message: fmt.Sprintf("order %s not terminal after %d polls / %s (last status %q)", id, p.MaxPolls, p.Timeout, last.Status)}
	if lastErr != nil {
		// Described, not wrapped: the timeout must match ErrOrderTimeout
		// alone, not also the kind of the last failed poll.
		te.Message += "; last poll failed: " + lastErr.Error()
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
