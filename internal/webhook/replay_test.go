package webhook_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/giftcard-go/giftcard/internal/clock"
	"github.com/giftcard-go/giftcard/internal/webhook"
)

var start = time.Date(2026, 2, 12, 14, 30, 0, 0, time.UTC)

func reserve(t *testing.T, g *webhook.ReplayGuard, key string, want webhook.Reservation) <-chan struct{} {
	t.Helper()
	got, ch := g.Reserve(key)
	if got != want {
		t.Fatalf("Reserve(%q) = %s, want %s", key, got, want)
	}
	if (ch != nil) != (want == webhook.InFlight) {
		t.Fatalf("Reserve(%q) = %s with channel %v", key, got, ch)
	}
	return ch
}

func closed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

func TestReplayGuardLifecycle(t *testing.T) {
	clk := clock.NewFake(start, false)
	g := webhook.NewReplayGuard(10, time.Minute, clk)
	reserve(t, g, "k", webhook.Reserved)
	wait := reserve(t, g, "k", webhook.InFlight)
	if closed(wait) {
		t.Fatal("the in-flight channel is closed before the holder finished")
	}
	g.Release("k")
	if !closed(wait) {
		t.Fatal("Release did not wake the waiters")
	}
	reserve(t, g, "k", webhook.Reserved) // released: free again
	wait = reserve(t, g, "k", webhook.InFlight)
	g.Commit("k")
	if !closed(wait) {
		t.Fatal("Commit did not wake the waiters")
	}
	reserve(t, g, "k", webhook.Duplicate)
	g.Release("k") // not reserved: no effect on a committed key
	g.Commit("k")  // nor a second commit (it would restart the TTL)
	clk.Advance(time.Minute - time.Nanosecond)
	reserve(t, g, "k", webhook.Duplicate)
	clk.Advance(time.Nanosecond)
	reserve(t, g, "k", webhook.Reserved) // expired exactly at the TTL
	g.Commit("unknown")                  // never reserved: ignored
	g.Release("unknown")
	if g.Len() != 1 {
		t.Fatalf("Len() = %d, want 1", g.Len())
	}
}

func TestReplayGuardEvictsOldestCommitted(t *testing.T) {
	clk := clock.NewFake(start, false)
	g := webhook.NewReplayGuard(3, time.Hour, clk)
	for _, k := range []string{"a", "b", "c"} {
		reserve(t, g, k, webhook.Reserved)
		g.Commit(k)
		clk.Advance(time.Second)
	}
	reserve(t, g, "d", webhook.Reserved) // evicts a, the oldest
	reserve(t, g, "a", webhook.Reserved) // a was forgotten; evicts b
	reserve(t, g, "c", webhook.Duplicate)
	reserve(t, g, "b", webhook.Reserved) // evicts c, the only committed key
	reserve(t, g, "c", webhook.Full)     // d, a and b are all in flight
	if g.Len() != 3 {
		t.Fatalf("Len() = %d, want the cap 3", g.Len())
	}
}

func TestReplayGuardFullOfInFlight(t *testing.T) {
	g := webhook.NewReplayGuard(2, time.Hour, clock.NewFake(start, false))
	reserve(t, g, "a", webhook.Reserved)
	reserve(t, g, "b", webhook.Reserved)
	reserve(t, g, "c", webhook.Full) // in-flight keys are never evicted
	reserve(t, g, "a", webhook.InFlight)
	g.Commit("a")
	reserve(t, g, "c", webhook.Reserved) // a, committed, is evicted for c
	reserve(t, g, "b", webhook.InFlight)
	reserve(t, g, "a", webhook.Full)
}

func TestReplayGuardDefaults(t *testing.T) {
	clk := clock.NewFake(start, false)
	g := webhook.NewReplayGuard(0, 0, clk)
	for i := range webhook.DefaultReplayMax {
		reserve(t, g, fmt.Sprint(i), webhook.Reserved)
		g.Commit(fmt.Sprint(i))
	}
	reserve(t, g, "0", webhook.Duplicate)
	reserve(t, g, "new", webhook.Reserved) // evicts "0"
	g.Commit("new")
	if g.Len() != webhook.DefaultReplayMax {
		t.Fatalf("Len() = %d, want %d", g.Len(), webhook.DefaultReplayMax)
	}
	reserve(t, g, "1", webhook.Duplicate)
	clk.Advance(webhook.DefaultReplayTTL)
	reserve(t, g, "1", webhook.Reserved)
	if g.Len() != 1 {
		t.Fatalf("after the default TTL Len() = %d, want only the new reservation", g.Len())
	}
	// A nil clock is the wall clock.
	w := webhook.NewReplayGuard(1, time.Hour, nil)
	reserve(t, w, "x", webhook.Reserved)
	w.Commit("x")
	reserve(t, w, "x", webhook.Duplicate)
}

// Many goroutines on a few keys: every key is held by at most one at a
// time, and the guard never exceeds its cap.
func TestReplayGuardConcurrent(t *testing.T) {
	clk := clock.NewFake(start, false)
	g := webhook.NewReplayGuard(8, time.Hour, clk)
	var mu sync.Mutex
	holders := map[string]int{}
	var wg sync.WaitGroup
	for i := range 32 {
		wg.Go(func() {
			for j := range 200 {
				key := fmt.Sprint((i + j) % 12)
				res, _ := g.Reserve(key)
				if res != webhook.Reserved {
					continue
				}
				mu.Lock()
				holders[key]++
				if holders[key] != 1 {
					t.Errorf("key %s held by %d at once", key, holders[key])
				}
				holders[key]--
				mu.Unlock()
				if j%3 == 0 {
					g.Release(key)
				} else {
					g.Commit(key)
				}
				if j%50 == 0 {
					clk.Advance(time.Minute)
				}
				if n := g.Len(); n > 8 {
					t.Errorf("Len() = %d over the cap", n)
				}
			}
		})
	}
	wg.Wait()
}
