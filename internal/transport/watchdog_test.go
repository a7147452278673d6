package transport

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

// waitDone waits for ctx, failing the test after a generous bound (the
// watchdog runs on the wall clock, with a timeout of milliseconds here).
func waitDone(t *testing.T, ctx context.Context) {
	t.Helper()
	select {
	case <-ctx.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("the attempt was never cancelled")
	}
}

// An attempt still running at its deadline is cancelled with the timeout
// cause (matching context.DeadlineExceeded); one that ended before is not,
// and ending one twice, or after its timeout, is harmless.
func TestWatchdogCancelsOnlyLateAttempts(t *testing.T) {
	w := newWatchdog(20 * time.Millisecond)
	late, endLate := w.start(context.Background())
	early, endEarly := w.start(context.Background())
	endEarly()
	waitDone(t, late)
	if cause := context.Cause(late); cause != errAttemptTimeout || !errors.Is(cause, context.DeadlineExceeded) {
		t.Errorf("late attempt's cause = %v", cause)
	}
	if cause := context.Cause(early); cause != context.Canceled {
		t.Errorf("an attempt ended in time was cancelled with %v", cause)
	}
	endLate()
	endLate()
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.head != nil || w.tail != nil {
		t.Error("attempts left queued")
	}
}

// The caller's cancellation reaches the attempt at once, as its own cause.
func TestWatchdogFollowsTheCaller(t *testing.T) {
	w := newWatchdog(time.Hour)
	parent, cancel := context.WithCancel(context.Background())
	actx, end := w.start(parent)
	defer end()
	cancel()
	waitDone(t, actx)
	if cause := context.Cause(actx); cause != context.Canceled {
		t.Errorf("cause = %v, want the caller's", cause)
	}
}

// Many attempts starting and ending at once, out of order, leave the queue
// consistent, and the timer still cancels the one left running.
func TestWatchdogConcurrent(t *testing.T) {
	w := newWatchdog(50 * time.Millisecond)
	var wg sync.WaitGroup
	for range 64 {
		wg.Go(func() {
			for range 50 {
				_, end := w.start(context.Background())
				end()
			}
		})
	}
	wg.Wait()
	slow, end := w.start(context.Background())
	defer end()
	waitDone(t, slow)
	if context.Cause(slow) != errAttemptTimeout {
		t.Errorf("cause = %v", context.Cause(slow))
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.head != nil {
		t.Error("the queue is not empty")
	}
}
