package webhook

import (
	"container/list"
	"sync"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/clock"
)

// Defaults of NewReplayGuard for a max or ttl that is not positive.
const (
	DefaultReplayMax = 10000
	DefaultReplayTTL = 24 * time.Hour
)

// Reservation is the outcome of ReplayGuard.Reserve.
type Reservation int

// Reserve outcomes.
const (
	// Reserved: the caller now holds the key and must Commit it (delivered)
	// or Release it (not delivered).
	Reserved Reservation = iota + 1
	// Duplicate: the key was committed less than the TTL ago.
	Duplicate
	// InFlight: another caller holds the key; the returned channel is closed
	// when it commits or releases, after which Reserve may be called again.
	InFlight
	// Full: every slot is held by an in-flight delivery, so nothing can be
	// evicted; try again later.
	Full
)

// String names the outcome.
func (r Reservation) String() string {
	switch r {
	case Reserved:
		return "reserved"
	case Duplicate:
		return "duplicate"
	case InFlight:
		return "in flight"
	case Full:
		return "full"
	}
	return "unknown"
}

// ReplayGuard remembers which webhook deliveries were handled, so a replay
// (the provider retrying, or someone resending a captured request) within
// the TTL does not reach user code twice. Memory is bounded: it holds at
// most max keys, in-flight and committed together; when full, the oldest
// committed key is forgotten first. Time comes from the injected clock. It
// is safe for concurrent use.
type ReplayGuard struct {
	max int
	ttl time.Duration
	clk giftcard.Clock

	mu        sync.Mutex
	entries   map[string]*replayEntry
	order     *list.List // committed keys, oldest first
	contended uint64     // how many times Reserve answered InFlight (for tests)
}

type replayEntry struct {
	done chan struct{} // open while in flight, closed on commit or release
	at   time.Time     // commit time
	elem *list.Element // in order once committed; nil while in flight
}

// NewReplayGuard returns a guard remembering at most max keys for ttl each
// on clk. A max or ttl that is not positive means DefaultReplayMax or
// DefaultReplayTTL; a nil clk means the wall clock.
func NewReplayGuard(max int, ttl time.Duration, clk giftcard.Clock) *ReplayGuard {
	if max <= 0 {
		max = DefaultReplayMax
	}
	if ttl <= 0 {
		ttl = DefaultReplayTTL
	}
	if clk == nil {
		clk = clock.Real{}
	}
	return &ReplayGuard{max: max, ttl: ttl, clk: clk, entries: make(map[string]*replayEntry), order: list.New()}
}

// Reserve claims key for one delivery. With Reserved the caller must later
// call Commit or Release; with InFlight the channel is closed when the
// holder finishes; Duplicate and Full need nothing further.
func (g *ReplayGuard) Reserve(key string) (Reservation, <-chan struct{}) {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.clk.Now()
	g.expire(now)
	if e, ok := g.entries[key]; ok {
		if e.elem == nil {
			g.contended++
			return InFlight, e.done
		}
		return Duplicate, nil
	}
	if len(g.entries) >= g.max {
		front := g.order.Front()
		if front == nil {
			return Full, nil
		}
		g.remove(front.Value.(string))
	}
	g.entries[key] = &replayEntry{done: make(chan struct{})}
	return Reserved, nil
}

// Commit records key as delivered now; a Reserve within the TTL reports
// Duplicate. It does nothing unless key is reserved.
func (g *ReplayGuard) Commit(key string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	e, ok := g.entries[key]
	if !ok || e.elem != nil {
		return
	}
	e.at = g.clk.Now()
	e.elem = g.order.PushBack(key)
	close(e.done)
}

// Release gives up a reservation without recording a delivery, so the next
// attempt is delivered. It does nothing unless key is reserved.
func (g *ReplayGuard) Release(key string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	e, ok := g.entries[key]
	if !ok || e.elem != nil {
		return
	}
	delete(g.entries, key)
	close(e.done)
}

// Len reports how many keys are held, in flight or committed and not yet
// expired.
func (g *ReplayGuard) Len() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.expire(g.clk.Now())
	return len(g.entries)
}

// expire forgets committed keys whose TTL has run out. Keys are committed in
// clock order, so the expired ones are at the front.
func (g *ReplayGuard) expire(now time.Time) {
	for front := g.order.Front(); front != nil; front = g.order.Front() {
		e := g.entries[front.Value.(string)]
		if now.Before(e.at.Add(g.ttl)) {
			return
		}
		g.remove(front.Value.(string))
	}
}

func (g *ReplayGuard) remove(key string) {
	if e, ok := g.entries[key]; ok {
		if e.elem != nil {
			g.order.Remove(e.elem)
		}
		delete(g.entries, key)
	}
}
