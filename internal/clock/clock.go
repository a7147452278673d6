// Package clock provides the time source used by every timer in the SDK
// (backoff, token expiry, order polling) and a fake for tests, so no test
// ever sleeps on the wall clock.
package clock

import (
	"context"
	"sort"
	"sync"
	"time"
)

// Clock is the SDK's view of time. Sleep returns early with ctx.Err() when
// the context ends first.
type Clock interface {
	Now() time.Time
	Sleep(ctx context.Context, d time.Duration) error
}

// Real is the wall clock.
type Real struct{}

// Now returns time.Now().
func (Real) Now() time.Time { return time.Now() }

// Sleep waits for d or until ctx is done, whichever comes first.
func (Real) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Fake is a manual or self-advancing clock for tests. In auto mode
// (NewFake(start, true)) every Sleep advances the clock by its duration and
// returns at once; in manual mode a Sleep blocks until Advance moves the clock
// past its deadline or its context ends. Safe for concurrent use.
type Fake struct {
	mu      sync.Mutex
	now     time.Time
	auto    bool
	sleeps  []time.Duration
	waiters []*waiter
}

type waiter struct {
	until time.Time
	done  chan struct{}
}

// NewFake returns a fake clock reading start. With auto set, Sleep advances
// the clock instead of blocking.
func NewFake(start time.Time, auto bool) *Fake {
	return &Fake{now: start, auto: auto}
}

// Now returns the fake time.
func (f *Fake) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

// Sleep records d and either advances the clock (auto mode) or blocks until
// the clock is advanced past now+d. A done context ends it at once.
func (f *Fake) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	f.mu.Lock()
	f.sleeps = append(f.sleeps, d)
	if f.auto || d <= 0 {
		if d > 0 {
			f.now = f.now.Add(d)
		}
		f.mu.Unlock()
		return nil
	}
	w := &waiter{until: f.now.Add(d), done: make(chan struct{})}
	f.waiters = append(f.waiters, w)
	f.mu.Unlock()
	select {
	case <-w.done:
		return nil
	case <-ctx.Done():
		f.mu.Lock()
		for i, x := range f.waiters {
			if x == w {
				f.waiters = append(f.waiters[:i], f.waiters[i+1:]...)
				break
			}
		}
		f.mu.Unlock()
		return ctx.Err()
	}
}

// Advance moves the clock forward by d and wakes every sleeper whose
// deadline has passed.
func (f *Fake) Advance(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = f.now.Add(d)
	sort.Slice(f.waiters, func(i, j int) bool { return f.waiters[i].until.Before(f.waiters[j].until) })
	kept := f.waiters[:0]
	for _, w := range f.waiters {
		if !w.until.After(f.now) {
			close(w.done)
			continue
		}
		kept = append(kept, w)
	}
	f.waiters = kept
}

// Sleeps returns every duration passed to Sleep, in order.
func (f *Fake) Sleeps() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Duration(nil), f.sleeps...)
}

// Waiters reports how many Sleep calls are blocked (manual mode).
func (f *Fake) Waiters() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.waiters)
}
