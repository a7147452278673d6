package hubble

import (
	"context"
	"errors"
	"runtime"
	"sync/atomic"
	"testing"
	"time"
)

// One fetch per brand at a time: callers arriving while it is in flight
// wait for it; a waiter whose context ends returns at once; when the
// fetching caller gives up, a waiter still live fetches again itself.
func TestBrandCacheFetchesOnceAndWaitersAreIndependent(t *testing.T) {
	var p productCache
	start := time.Date(2026, 2, 25, 10, 0, 0, 0, time.UTC)
	now := func() time.Time { return start }
	var calls atomic.Int32
	release := make(chan struct{})
	fetch := func(ctx context.Context, id string) (Brand, error) {
		if calls.Add(1) == 1 {
			select {
			case <-release:
			case <-ctx.Done():
				return Brand{}, ctx.Err()
			}
		}
		b := Brand{ID: id}
		p.put(b, now())
		return b, nil
	}
	waiters := func() int {
		p.mu.Lock()
		defer p.mu.Unlock()
		if f := p.inflight["b"]; f != nil {
			return f.waiters
		}
		return -1
	}
	leaderCtx, cancelLeader := context.WithCancel(t.Context())
	leader := make(chan error, 1)
	go func() { _, err := p.brand(leaderCtx, "b", now, time.Minute, fetch); leader <- err }()
	for waiters() < 0 {
		runtime.Gosched()
	}
	impatientCtx, cancelImpatient := context.WithCancel(t.Context())
	impatient := make(chan error, 1)
	go func() { _, err := p.brand(impatientCtx, "b", now, time.Minute, fetch); impatient <- err }()
	patient := make(chan error, 1)
	go func() { _, err := p.brand(t.Context(), "b", now, time.Minute, fetch); patient <- err }()
	for waiters() < 2 {
		runtime.Gosched()
	}
	cancelImpatient()
	if err := <-impatient; !errors.Is(err, context.Canceled) {
		t.Fatalf("a waiter whose context ended: %v", err)
	}
	cancelLeader()
	if err := <-leader; !errors.Is(err, context.Canceled) {
		t.Fatalf("the fetching caller: %v", err)
	}
	if err := <-patient; err != nil {
		t.Fatalf("the waiter still live: %v", err)
	}
	if n := calls.Load(); n != 2 {
		t.Fatalf("%d fetches, want 2 (the abandoned one, then the live waiter's)", n)
	}
	// Cached now: no fetch.
	if b, err := p.brand(t.Context(), "b", now, time.Minute, fetch); err != nil || b.ID != "b" || calls.Load() != 2 {
		t.Fatalf("cached brand: %v %v, %d fetches", b, err, calls.Load())
	}
	close(release)
}
