package transport

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// errAttemptTimeout is the cause an attempt's context is cancelled with
// when it outlives the per-attempt timeout; it matches
// context.DeadlineExceeded, as the error of context.WithTimeout would.
var errAttemptTimeout = fmt.Errorf("per-attempt timeout: %w", context.DeadlineExceeded)

// watchdog enforces the per-attempt timeout for one Client with a single
// timer, where context.WithTimeout would arm a runtime timer per attempt:
// arming one wakes a network poller sleeping with no timer due (an
// eventfd write and a thread wake-up on every request), which costs more
// than the rest of the transport. Every attempt has the same timeout, so
// their deadlines come in the order they start: the pending attempts form
// a queue, the timer is armed for the oldest, and it is left armed when
// the queue empties (it fires, finds nothing due, and stops), so a steady
// stream of requests re-arms it about once per timeout period.
type watchdog struct {
	timeout time.Duration
	mu      sync.Mutex
	timer   *time.Timer
	armed   bool   // the timer will fire
	head    *watch // oldest pending attempt
	tail    *watch // newest
}

// watch is one pending attempt.
type watch struct {
	deadline   time.Time
	cancel     context.CancelCauseFunc
	prev, next *watch
}

func newWatchdog(timeout time.Duration) *watchdog {
	w := &watchdog{timeout: timeout}
	w.timer = time.AfterFunc(time.Hour, w.fire)
	w.timer.Stop()
	return w
}

// start derives the attempt's context from ctx, cancelled with
// errAttemptTimeout once the timeout has passed, and returns it with the
// function that ends the attempt (call it when the attempt is done, its
// body read).
func (w *watchdog) start(ctx context.Context) (context.Context, func()) {
	actx, cancel := context.WithCancelCause(ctx)
	e := &watch{deadline: time.Now().Add(w.timeout), cancel: cancel}
	w.mu.Lock()
	if w.tail == nil {
		w.head = e
	} else {
		w.tail.next, e.prev = e, w.tail
	}
	w.tail = e
	if !w.armed {
		w.armed = true
		w.timer.Reset(w.timeout)
	}
	w.mu.Unlock()
	return actx, func() {
		w.mu.Lock()
		w.remove(e)
		w.mu.Unlock()
		cancel(context.Canceled)
	}
}

// remove unlinks e; it must be queued and w.mu held.
func (w *watchdog) remove(e *watch) {
	if e.prev == nil {
		if w.head != e {
			return // already unlinked by fire
		}
		w.head = e.next
	} else {
		e.prev.next = e.next
	}
	if e.next == nil {
		w.tail = e.prev
	} else {
		e.next.prev = e.prev
	}
	e.prev, e.next = nil, nil
}

// fire cancels every attempt past its deadline and re-arms the timer for
// the oldest left, or lets it stop.
func (w *watchdog) fire() {
	now := time.Now()
	var due []context.CancelCauseFunc
	w.mu.Lock()
	for w.head != nil && !w.head.deadline.After(now) {
		e := w.head
		w.remove(e)
		due = append(due, e.cancel)
	}
	if w.head != nil {
		w.timer.Reset(w.head.deadline.Sub(now))
	} else {
		w.armed = false
	}
	w.mu.Unlock()
	for _, cancel := range due {
		cancel(errAttemptTimeout)
	}
}
