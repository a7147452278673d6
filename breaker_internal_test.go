package giftcard

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/giftcard-go/giftcard/internal/clock"
)

var (
	unavailable = &Error{Kind: ErrProviderUnavailable, StatusCode: 503}
	refused     = &Error{Kind: ErrInsufficientFunds, StatusCode: 400}
	cancelled   = &Error{Message: "request cancelled", Err: context.Canceled}
)

func TestBreakerStates(t *testing.T) {
	clk := clock.NewFake(time.Unix(0, 0), true)
	b := newBreaker(BreakerPolicy{Threshold: 2, CoolDown: time.Minute, Clock: clk})
	admit := func(want bool) {
		t.Helper()
		if ok, _ := b.admit(); ok != want {
			t.Fatalf("admit = %v, want %v (state %s)", ok, want, b.state())
		}
	}
	admit(true)
	b.report(unavailable)
	admit(true)
	b.report(refused) // the provider answered: the count restarts
	admit(true)
	b.report(unavailable)
	admit(true)
	b.report(cancelled) // no verdict
	if b.state() != CircuitClosed {
		t.Fatalf("state %s after 1 failure, a refusal, 1 failure and a cancel", b.state())
	}
	admit(true)
	b.report(unavailable)
	if b.state() != CircuitOpen {
		t.Fatalf("state %s after 2 failures in a row", b.state())
	}
	ok, until := b.admit()
	if ok || !until.Equal(time.Unix(60, 0)) {
		t.Fatalf("open: admit = %v, until %v", ok, until)
	}
	clk.Advance(59 * time.Second)
	admit(false)
	clk.Advance(time.Second)
	if b.state() != CircuitHalfOpen {
		t.Fatalf("state %s after the cool-down", b.state())
	}
	admit(true)  // the trial
	admit(false) // one at a time
	b.report(cancelled)
	admit(true) // a cancelled trial gives its place back
	b.report(&ValidationError{Field: "amount", Reason: "refused before sending"})
	if b.state() != CircuitHalfOpen {
		t.Fatalf("state %s after a trial refused before sending", b.state())
	}
	admit(true)
	b.report(unavailable)
	if b.state() != CircuitOpen {
		t.Fatalf("state %s after a failed trial", b.state())
	}
	clk.Advance(time.Minute)
	admit(true)
	b.release()
	admit(true)
	b.report(nil)
	if b.state() != CircuitClosed {
		t.Fatalf("state %s after a good trial", b.state())
	}
	admit(true)
}

func TestBreakerDefaultsAndDisabled(t *testing.T) {
	b := newBreaker(BreakerPolicy{})
	if b.threshold != DefaultBreakerThreshold || b.coolDown != DefaultBreakerCoolDown || b.clock == nil {
		t.Errorf("defaults: %d, %v, %v", b.threshold, b.coolDown, b.clock)
	}
	off := newBreaker(BreakerPolicy{Threshold: -1})
	for range 100 {
		off.report(unavailable)
	}
	if ok, _ := off.admit(); !ok || off.state() != CircuitClosed {
		t.Error("a disabled breaker opened")
	}
}

func TestBreakerHalfOpenAdmitsOneTrialAmongConcurrentCalls(t *testing.T) {
	clk := clock.NewFake(time.Unix(0, 0), true)
	b := newBreaker(BreakerPolicy{Threshold: 1, CoolDown: time.Second, Clock: clk})
	b.report(unavailable)
	for round := range 20 {
		clk.Advance(time.Second)
		var admitted atomic.Int32
		var wg sync.WaitGroup
		for range 16 {
			wg.Go(func() {
				if ok, _ := b.admit(); ok {
					admitted.Add(1)
				}
				_ = b.state()
			})
		}
		wg.Wait()
		if n := admitted.Load(); n != 1 {
			t.Fatalf("round %d: %d trials admitted, want 1", round, n)
		}
		b.report(fmt.Errorf("still down: %w", unavailable))
	}
}
