package giftcard_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/giftcardtest"
)

var start = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// step is what one GetOrder answers.
type step struct {
	status giftcard.OrderStatus
	err    error
	during func() // runs inside the poll
}

// scripted answers GetOrder from a list of steps, repeating the last one,
// and records when each poll happened.
type scripted struct {
	clock *giftcardtest.Clock
	mu    sync.Mutex
	steps []step
	at    []time.Duration // poll times since start
}

func (s *scripted) GetOrder(_ context.Context, id string) (giftcard.Order, error) {
	s.mu.Lock()
	n := len(s.at)
	s.at = append(s.at, s.clock.Now().Sub(start))
	st := s.steps[min(n, len(s.steps)-1)]
	s.mu.Unlock()
	if st.during != nil {
		st.during()
	}
	if st.err != nil {
		return giftcard.Order{}, st.err
	}
	return giftcard.Order{Provider: "test", ID: id, Status: st.status, Raw: json.RawMessage(fmt.Sprintf(`{"poll":%d}`, n+1))}, nil
}

func (s *scripted) PlaceOrder(context.Context, giftcard.OrderRequest) (giftcard.Order, error) {
	return giftcard.Order{}, errors.New("not used")
}

func (s *scripted) GetOrderByReference(context.Context, string) (giftcard.Order, error) {
	return giftcard.Order{}, errors.New("not used")
}

func (s *scripted) polls() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.at)
}

func newScripted(steps ...step) (*scripted, *giftcardtest.Clock) {
	clk := giftcardtest.NewClock(start)
	return &scripted{clock: clk, steps: steps}, clk
}

func processing() step { return step{status: giftcard.OrderProcessing} }

// defaultPolicies are the ways to ask for Hubble's protocol on a fake clock.
func defaultPolicies(clk *giftcardtest.Clock) map[string]giftcard.PollPolicy {
	d := giftcard.DefaultPollPolicy()
	d.Clock = clk
	return map[string]giftcard.PollPolicy{"DefaultPollPolicy": d, "zero policy": {Clock: clk}}
}

func TestWaitForOrderDefaultPolicyTimesOut(t *testing.T) {
	for name := range defaultPolicies(nil) {
		t.Run(name, func(t *testing.T) {
			orders, clk := newScripted(processing())
			p := defaultPolicies(clk)[name]
			o, err := giftcard.WaitForOrder(t.Context(), orders, "o1", p)
			if !errors.Is(err, giftcard.ErrOrderTimeout) {
				t.Fatalf("err = %v, want ErrOrderTimeout", err)
			}
			var ge *giftcard.Error
			if !errors.As(err, &ge) || ge.Op != "WaitForOrder" || ge.Provider != "test" {
				t.Errorf("timeout error = %#v", err)
			}
			if o.ID != "o1" || o.Status != giftcard.OrderProcessing || string(o.Raw) != `{"poll":5}` {
				t.Errorf("returned %v %s; want the last order seen (poll 5)", o, o.Raw)
			}
			// Hubble's guide: give up only when still PROCESSING at minute
			// 15, so the five polls run from minute 1 to minute 15.
			min, gap := time.Minute, 3*time.Minute+30*time.Second
			if got, want := clk.Sleeps(), []time.Duration{min, gap, gap, gap, gap}; !slices.Equal(got, want) {
				t.Errorf("sleeps = %v, want %v", got, want)
			}
			if got, want := orders.polls(), []time.Duration{min, min + gap, min + 2*gap, min + 3*gap, 15 * min}; !slices.Equal(got, want) {
				t.Errorf("polls at %v, want %v", got, want)
			}
			if elapsed := clk.Now().Sub(start); elapsed != 15*time.Minute {
				t.Errorf("gave up after %v, want exactly 15 minutes", elapsed)
			}
			if !strings.Contains(err.Error(), "o1") {
				t.Errorf("timeout error does not name the order: %v", err)
			}
		})
	}
}

func TestWaitForOrderTerminalReturnsEarly(t *testing.T) {
	for _, final := range []giftcard.OrderStatus{giftcard.OrderSuccess, giftcard.OrderFailed, giftcard.OrderCancelled, giftcard.OrderReversed} {
		orders, clk := newScripted(processing(), processing(), step{status: final})
		o, err := giftcard.WaitForOrder(t.Context(), orders, "o1", giftcard.PollPolicy{Clock: clk})
		if err != nil || o.Status != final {
			t.Errorf("%s: WaitForOrder = %s, %v", final, o.Status, err)
		}
		if n := len(orders.polls()); n != 3 {
			t.Errorf("%s: %d polls, want 3", final, n)
		}
		gap := 3*time.Minute + 30*time.Second
		if got := clk.Sleeps(); !slices.Equal(got, []time.Duration{time.Minute, gap, gap}) {
			t.Errorf("%s: sleeps %v", final, got)
		}
		if final == giftcard.OrderFailed && !errors.Is(o.Err(), giftcard.ErrOrderFailed) {
			t.Errorf("a FAILED order comes back with a nil error and Order.Err set: %v", o.Err())
		}
	}
}

func TestWaitForOrderTransientErrorsCountAsPolls(t *testing.T) {
	unavailable := &giftcard.Error{Provider: "test", Op: "GetOrder", StatusCode: 503, Kind: giftcard.ErrProviderUnavailable}
	limited := fmt.Errorf("wrapped: %w", &giftcard.Error{Provider: "test", Op: "GetOrder", StatusCode: 429, Kind: giftcard.ErrRateLimited})

	orders, clk := newScripted(step{err: unavailable}, processing(), step{err: limited}, processing(), step{status: giftcard.OrderSuccess})
	o, err := giftcard.WaitForOrder(t.Context(), orders, "o1", giftcard.PollPolicy{Clock: clk})
	if err != nil || o.Status != giftcard.OrderSuccess || len(orders.polls()) != 5 {
		t.Errorf("WaitForOrder = %s, %v after %d polls; want SUCCESS on the fifth", o.Status, err, len(orders.polls()))
	}

	// Transient failures use up the polls like any other.
	orders, clk = newScripted(processing(), step{err: unavailable})
	o, err = giftcard.WaitForOrder(t.Context(), orders, "o1", giftcard.PollPolicy{Clock: clk})
	if !errors.Is(err, giftcard.ErrOrderTimeout) || len(orders.polls()) != 5 {
		t.Fatalf("WaitForOrder = %v after %d polls; want ErrOrderTimeout after 5", err, len(orders.polls()))
	}
	if o.Status != giftcard.OrderProcessing || string(o.Raw) != `{"poll":1}` {
		t.Errorf("returned %v; want the last order actually seen", o)
	}
	// The timeout is the one kind; the last failure is described.
	if errors.Is(err, giftcard.ErrProviderUnavailable) || !strings.Contains(err.Error(), "last poll failed") ||
		!strings.Contains(err.Error(), "HTTP 503") {
		t.Errorf("timeout after failed polls = %v; want ErrOrderTimeout alone, describing the last failure", err)
	}
}

func TestWaitForOrderPermanentErrorReturnsAtOnce(t *testing.T) {
	for _, perm := range []error{
		&giftcard.Error{Provider: "test", Op: "GetOrder", StatusCode: 401, Kind: giftcard.ErrUnauthorized},
		&giftcard.Error{Provider: "test", Op: "GetOrder", StatusCode: 404, Kind: giftcard.ErrNotFound},
		&giftcard.Error{Provider: "test", Op: "GetOrder", Kind: giftcard.ErrInvalidResponse},
		errors.New("something else"),
	} {
		orders, clk := newScripted(processing(), step{err: perm}, step{status: giftcard.OrderSuccess})
		o, err := giftcard.WaitForOrder(t.Context(), orders, "o1", giftcard.PollPolicy{Clock: clk})
		if !errors.Is(err, perm) || errors.Is(err, giftcard.ErrOrderTimeout) {
			t.Errorf("err = %v, want %v as is", err, perm)
		}
		if n := len(orders.polls()); n != 2 {
			t.Errorf("%v: %d polls, want 2", perm, n)
		}
		if o.Status != giftcard.OrderProcessing {
			t.Errorf("%v: returned %v; want the last order seen", perm, o)
		}
	}
}

func TestWaitForOrderCancelled(t *testing.T) {
	t.Run("before starting", func(t *testing.T) {
		orders, clk := newScripted(processing())
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		_, err := giftcard.WaitForOrder(ctx, orders, "o1", giftcard.PollPolicy{Clock: clk})
		if !errors.Is(err, context.Canceled) || len(orders.polls()) != 0 || !clk.Now().Equal(start) {
			t.Errorf("err = %v after %d polls, %v simulated", err, len(orders.polls()), clk.Now().Sub(start))
		}
	})
	t.Run("while sleeping", func(t *testing.T) {
		clk := giftcardtest.NewManualClock(start)
		orders := &scripted{clock: clk, steps: []step{processing()}}
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error, 1)
		go func() {
			_, err := giftcard.WaitForOrder(ctx, orders, "o1", giftcard.PollPolicy{Clock: clk})
			done <- err
		}()
		// Let it poll twice, then cancel during the third wait.
		for polls := 0; polls < 2; {
			waitForSleeper(t, clk)
			clk.Advance(giftcard.DefaultPollPolicy().Interval)
			for len(orders.polls()) == polls {
				runtime.Gosched()
			}
			polls = len(orders.polls())
		}
		waitForSleeper(t, clk)
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
		if n := len(orders.polls()); n != 2 {
			t.Errorf("%d polls, want 2", n)
		}
	})
	t.Run("during a poll", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		orders, clk := newScripted(processing(), step{during: cancel, err: &giftcard.Error{Provider: "test", Op: "GetOrder",
			Kind: giftcard.ErrProviderUnavailable, Err: context.Canceled}})
		_, err := giftcard.WaitForOrder(ctx, orders, "o1", giftcard.PollPolicy{Clock: clk})
		if !errors.Is(err, context.Canceled) || len(orders.polls()) != 2 {
			t.Errorf("err = %v after %d polls; want the cancellation at once, not more polling", err, len(orders.polls()))
		}
	})
}

// waitForSleeper yields until WaitForOrder is blocked in the manual clock.
// It waits for a goroutine to reach Sleep, not for any protocol timer.
func waitForSleeper(t *testing.T, clk *giftcardtest.Clock) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for clk.Waiters() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("WaitForOrder never started sleeping")
		}
		runtime.Gosched()
	}
}

func TestWaitForOrderCustomPolicies(t *testing.T) {
	for _, p := range []giftcard.PollPolicy{
		{InitialDelay: 30 * time.Second, Interval: 4 * time.Minute, MaxPolls: 10, Timeout: 15 * time.Minute},
		{Interval: time.Second, MaxPolls: 3, Timeout: time.Hour},
		{InitialDelay: 5 * time.Second, Interval: 10 * time.Second, MaxPolls: 100, Timeout: time.Minute},
		{InitialDelay: 20 * time.Minute, Interval: time.Minute, MaxPolls: 5, Timeout: 15 * time.Minute},
		{InitialDelay: -time.Second, Interval: time.Minute, MaxPolls: 2, Timeout: time.Hour},
	} {
		orders, clk := newScripted(processing())
		p.Clock = clk
		_, err := giftcard.WaitForOrder(t.Context(), orders, "o1", p)
		if !errors.Is(err, giftcard.ErrOrderTimeout) {
			t.Errorf("%+v: err = %v", p, err)
		}
		polls := orders.polls()
		if len(polls) > p.MaxPolls {
			t.Errorf("%+v: %d polls, more than MaxPolls", p, len(polls))
		}
		if elapsed := clk.Now().Sub(start); elapsed > p.Timeout {
			t.Errorf("%+v: waited %v, more than Timeout", p, elapsed)
		}
		// It stops only when the next wait would pass the timeout.
		if len(polls) < p.MaxPolls {
			next := p.Interval
			if len(polls) == 0 {
				next = max(p.InitialDelay, 0)
			}
			if clk.Now().Sub(start)+next <= p.Timeout {
				t.Errorf("%+v: stopped after %d polls with time left", p, len(polls))
			}
		}
		if p.InitialDelay <= 0 && len(polls) > 0 && polls[0] != 0 {
			t.Errorf("%+v: first poll at %v, want at once", p, polls[0])
		}
	}
}

func TestAwaitOrderTerminalReturnsAtOnce(t *testing.T) {
	orders, clk := newScripted(processing())
	held := giftcard.Order{Provider: "test", ID: "o9", Status: giftcard.OrderSuccess}
	o, err := giftcard.AwaitOrder(t.Context(), orders, held, giftcard.PollPolicy{Clock: clk})
	if err != nil || o.ID != "o9" || len(orders.polls()) != 0 || len(clk.Sleeps()) != 0 {
		t.Fatalf("got %v, %v after %d polls and sleeps %v", o, err, len(orders.polls()), clk.Sleeps())
	}
	// A PROCESSING order is polled by its id.
	o, err = giftcard.AwaitOrder(t.Context(), orders, giftcard.Order{ID: "o1", Status: giftcard.OrderProcessing}, giftcard.PollPolicy{Clock: clk})
	if !errors.Is(err, giftcard.ErrOrderTimeout) || len(orders.polls()) != 5 {
		t.Fatalf("got %v, %v after %d polls", o, err, len(orders.polls()))
	}
}

func TestWaitForOrderCancelErrorNamesTheOrder(t *testing.T) {
	orders, clk := newScripted(processing())
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := giftcard.WaitForOrder(ctx, orders, "order-77", giftcard.PollPolicy{Clock: clk})
	var ge *giftcard.Error
	if !errors.Is(err, context.Canceled) || !errors.As(err, &ge) || ge.Op != "WaitForOrder" || !strings.Contains(err.Error(), "order-77") {
		t.Fatalf("got %v", err)
	}
}
