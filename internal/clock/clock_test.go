package clock

import (
	"context"
	"errors"
	"testing"
	"time"
)

var start = time.Date(2026, 2, 12, 14, 30, 0, 0, time.UTC)

func TestFakeAutoAdvancesAndRecords(t *testing.T) {
	f := NewFake(start, true)
	for _, d := range []time.Duration{time.Second, 2 * time.Minute, 0} {
		if err := f.Sleep(context.Background(), d); err != nil {
			t.Fatalf("Sleep(%s) = %v", d, err)
		}
	}
	if got, want := f.Now(), start.Add(2*time.Minute+time.Second); !got.Equal(want) {
		t.Errorf("Now() = %s, want %s", got, want)
	}
	got := f.Sleeps()
	if len(got) != 3 || got[0] != time.Second || got[1] != 2*time.Minute || got[2] != 0 {
		t.Errorf("Sleeps() = %v", got)
	}
}

func TestFakeSleepRefusesDoneContext(t *testing.T) {
	f := NewFake(start, true)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := f.Sleep(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Fatalf("Sleep on a cancelled context = %v, want context.Canceled", err)
	}
	if !f.Now().Equal(start) {
		t.Errorf("a refused Sleep moved the clock to %s", f.Now())
	}
}

func TestFakeManualWakesOnlyPastDeadline(t *testing.T) {
	f := NewFake(start, false)
	done := make(chan error, 1)
	go func() { done <- f.Sleep(context.Background(), time.Minute) }()
	waitFor(t, func() bool { return f.Waiters() == 1 })

	f.Advance(59 * time.Second)
	select {
	case err := <-done:
		t.Fatalf("Sleep(1m) returned after 59s: %v", err)
	default:
	}
	if f.Waiters() != 1 {
		t.Fatalf("Waiters() = %d after a short advance, want 1", f.Waiters())
	}
	f.Advance(time.Second)
	if err := <-done; err != nil {
		t.Fatalf("Sleep = %v after the deadline passed", err)
	}
	if f.Waiters() != 0 {
		t.Errorf("Waiters() = %d after wake-up, want 0", f.Waiters())
	}
}

func TestFakeManualCancelEndsSleepAtOnce(t *testing.T) {
	f := NewFake(start, false)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- f.Sleep(ctx, time.Hour) }()
	waitFor(t, func() bool { return f.Waiters() == 1 })
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("Sleep = %v, want context.Canceled", err)
	}
	if f.Waiters() != 0 {
		t.Errorf("a cancelled sleeper is still registered (%d)", f.Waiters())
	}
}

func TestRealSleepHonoursContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := (Real{}).Sleep(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Fatalf("Real.Sleep on a cancelled context = %v", err)
	}
	if err := (Real{}).Sleep(context.Background(), 0); err != nil {
		t.Fatalf("Real.Sleep(0) = %v", err)
	}
}

// waitFor polls cond; it synchronises with a goroutine entering Sleep, not
// with any protocol timer.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached")
		}
		time.Sleep(time.Millisecond)
	}
}
