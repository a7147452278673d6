package orbt

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"runtime"
	"testing"
	"time"

	"github.com/giftcard-go/giftcard/internal/clock"
)

func stamp(t *testing.T, s *signer, ctx context.Context, method string, body []byte) (time.Time, error) {
	t.Helper()
	req, _ := http.NewRequest(method, "http://orbt.test/api/partner/v1/customer", nil)
	if err := s.Authenticate(ctx, req, body); err != nil {
		return time.Time{}, err
	}
	ts, err := time.Parse(TimestampLayout, req.Header.Get("X-Timestamp"))
	if err != nil {
		t.Fatal(err)
	}
	return ts, nil
}

// TestStampsStayNearTheClock (issue 8, item 11c): identical requests get
// distinct timestamps, one millisecond apart; they run ahead of the clock
// only while more than 1,000 a second are signed, and never by more than
// MaxTimestampLead: past it the request waits for the clock.
func TestStampsStayNearTheClock(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	ctx := context.Background()

	// 2,500 identical GETs on a clock that moves only when the signer waits.
	clk := clock.NewFake(t0, true)
	s := newSigner("k", "c", "s", SignBodyHash, clk)
	var prev time.Time
	var lead time.Duration
	for i := range 2500 {
		ts, err := stamp(t, s, ctx, http.MethodGet, nil)
		if err != nil {
			t.Fatal(err)
		}
		if i > 0 && ts.Sub(prev) != time.Millisecond {
			t.Fatalf("stamp %d is %s after the previous one, want 1ms", i, ts.Sub(prev))
		}
		prev = ts
		lead = max(lead, ts.Sub(clk.Now()))
	}
	waited := clk.Now().Sub(t0)
	t.Logf("2,500 identical requests in one instant: largest lead %s, waited %s", lead, waited)
	if lead != MaxTimestampLead || waited != 2499*time.Millisecond-MaxTimestampLead {
		t.Errorf("largest lead %s, waited %s; want %s and %s", lead, waited, MaxTimestampLead, 2499*time.Millisecond-MaxTimestampLead)
	}

	// Under 1,000 identical requests a second: never ahead, never waiting.
	clk = clock.NewFake(t0, true)
	s = newSigner("k", "c", "s", SignBodyHash, clk)
	for range 200 {
		before := clk.Now()
		ts, _ := stamp(t, s, ctx, http.MethodGet, nil)
		if !ts.Equal(before.Truncate(time.Millisecond)) || !clk.Now().Equal(before) {
			t.Fatalf("stamped %s at %s (clock now %s)", ts, before, clk.Now())
		}
		clk.Advance(1100 * time.Microsecond)
	}

	// Different bodies or methods in one instant: each signs different
	// text, so each keeps the clock's own time.
	clk = clock.NewFake(t0, true)
	s = newSigner("k", "c", "s", SignBodyHash, clk)
	for i := range 3000 {
		ts, _ := stamp(t, s, ctx, http.MethodPost, fmt.Appendf(nil, `{"n":%d}`, i))
		if !ts.Equal(t0) {
			t.Fatalf("body %d stamped %s, want %s", i, ts, t0)
		}
	}
	if ts, _ := stamp(t, s, ctx, http.MethodGet, []byte(`{"n":0}`)); !ts.Equal(t0) {
		t.Errorf("GET with a POST's body stamped %s", ts)
	}
	// Keys whose last stamp is past are forgotten once the map has doubled:
	// memory stays within twice the keys that still matter.
	clk.Advance(time.Second)
	for i := range 1100 {
		stamp(t, s, ctx, http.MethodPost, fmt.Appendf(nil, `{"m":%d}`, i))
	}
	if n := len(s.stamps.last); n > 1100 {
		t.Errorf("%d stamp keys kept; only the 1,100 of this instant can matter", n)
	}

	// A request that would have to wait gives up with its context.
	clk = clock.NewFake(t0, false)
	s = newSigner("k", "c", "s", SignBodyHash, clk)
	for range 1001 {
		if _, err := stamp(t, s, ctx, http.MethodGet, nil); err != nil {
			t.Fatal(err)
		}
	}
	cctx, cancel := context.WithCancel(ctx)
	done := make(chan error)
	go func() { _, err := stamp(t, s, cctx, http.MethodGet, nil); done <- err }()
	for clk.Waiters() == 0 {
		runtime.Gosched()
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled wait: %v", err)
	}
}
