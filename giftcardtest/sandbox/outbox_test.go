package sandbox_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/giftcard-go/giftcard/giftcardtest"
	"github.com/giftcard-go/giftcard/giftcardtest/sandbox"
)

// receiver is a webhook endpoint that records what it got. When gate is
// not nil each request waits for a value on it, after announcing itself on
// arrivals.
type receiver struct {
	*httptest.Server
	mu       sync.Mutex
	bodies   []string
	gate     chan struct{}
	arrivals chan string
}

func newReceiver(t *testing.T, gated bool) *receiver {
	t.Helper()
	rc := &receiver{}
	if gated {
		rc.gate, rc.arrivals = make(chan struct{}), make(chan string, 16)
	}
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		if rc.gate != nil {
			rc.arrivals <- string(b)
			<-rc.gate
		}
		rc.mu.Lock()
		rc.bodies = append(rc.bodies, string(b))
		rc.mu.Unlock()
		if r.Header.Get("X-Sig") == "bad" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(rc.Close)
	return rc
}

func (rc *receiver) got() []string {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return slices.Clone(rc.bodies)
}

func TestOutboxSendRecordsEachDelivery(t *testing.T) {
	rc := newReceiver(t, false)
	clk := giftcardtest.NewClock(time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC))
	b := sandbox.NewBase("shop", http.NotFoundHandler(), sandbox.WithClock(clk))
	defer b.Close()
	o := b.Outbox()
	d := o.Send(t.Context(), rc.URL+"/hook", []byte(`{"id":"1"}`), http.Header{"X-Sig": {"good"}})
	if d.Err != nil || d.Status != http.StatusNoContent || d.URL != rc.URL+"/hook" || string(d.Body) != `{"id":"1"}` ||
		d.Header.Get("X-Sig") != "good" || d.Header.Get("Content-Type") != "application/json" || !d.Time.Equal(clk.Now()) {
		t.Fatalf("delivery %+v", d)
	}
	// A refusal by the receiver is a delivery with its status, not an error.
	d = o.Send(t.Context(), rc.URL, []byte(`{"id":"2"}`), http.Header{"X-Sig": {"bad"}, "Content-Type": {"application/vnd.x+json"}})
	if d.Err != nil || d.Status != http.StatusUnauthorized || d.Header.Get("Content-Type") != "application/vnd.x+json" {
		t.Fatalf("refused delivery %+v", d)
	}
	// An unreachable receiver is an error with no status.
	dead := httptest.NewServer(http.NotFoundHandler())
	dead.Close()
	d = o.Send(t.Context(), dead.URL, []byte(`{}`), nil)
	if d.Err == nil || d.Status != 0 {
		t.Fatalf("unreachable receiver %+v", d)
	}
	all := o.Deliveries()
	if len(all) != 3 || o.Len() != 3 || all[0].Status != 204 || all[1].Status != 401 || all[2].Err == nil {
		t.Fatalf("deliveries %+v", all)
	}
	if got := rc.got(); !slices.Equal(got, []string{`{"id":"1"}`, `{"id":"2"}`}) {
		t.Fatalf("receiver got %q", got)
	}
	// Deliveries are copies.
	all[0].Header.Set("X-Sig", "changed")
	all[0].Body[0] = 'X'
	if again := o.Deliveries()[0]; again.Header.Get("X-Sig") != "good" || string(again.Body) != `{"id":"1"}` {
		t.Fatalf("Deliveries shares memory: %+v", again)
	}
}

// Wait returns once n deliveries completed, not before: a Wait for two
// with one done ends only by its context, with the one so far.
func TestOutboxWaitReturnsAfterN(t *testing.T) {
	rc := newReceiver(t, true)
	var o sandbox.Outbox // the zero value works
	o.SendAsync(rc.URL, []byte(`first`), nil)
	if got := <-rc.arrivals; got != "first" {
		t.Fatalf("arrived %q", got)
	}
	o.SendAsync(rc.URL, []byte(`second`), nil)
	<-rc.arrivals
	if o.Len() != 0 {
		t.Fatal("a delivery is recorded before its answer")
	}
	rc.gate <- struct{}{} // one of them completes
	d, err := o.Wait(t.Context(), 1)
	if err != nil || len(d) != 1 {
		t.Fatalf("Wait(1) = %d deliveries, %v", len(d), err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	res := make(chan error, 1)
	var partial []sandbox.Delivery
	go func() {
		var err error
		partial, err = o.Wait(ctx, 2)
		res <- err
	}()
	cancel()
	if err := <-res; !errors.Is(err, context.Canceled) || len(partial) != 1 {
		t.Fatalf("Wait(2) with one delivery done ended with %v and %d deliveries; want context.Canceled and 1", err, len(partial))
	}
	rc.gate <- struct{}{}
	d, err = o.Wait(t.Context(), 2)
	if err != nil || len(d) != 2 || d[0].Status != http.StatusNoContent || d[1].Status != http.StatusNoContent {
		t.Fatalf("Wait(2) = %+v, %v", d, err)
	}
	bodies := []string{string(d[0].Body), string(d[1].Body)}
	slices.Sort(bodies)
	if !slices.Equal(bodies, []string{"first", "second"}) {
		t.Fatalf("bodies %q", bodies)
	}
	if d, err := o.Wait(t.Context(), 0); err != nil || len(d) != 2 {
		t.Fatalf("Wait(0) = %d, %v", len(d), err)
	}
}

func TestOutboxWaitHonoursAnEndedContext(t *testing.T) {
	var o sandbox.Outbox
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if d, err := o.Wait(ctx, 1); !errors.Is(err, context.Canceled) || len(d) != 0 {
		t.Fatalf("Wait on an ended context: %d, %v", len(d), err)
	}
}

// Close waits for the deliveries in flight; afterwards sends fail with
// ErrClosed without reaching the receiver, and a Wait that cannot be
// satisfied returns ErrClosed instead of blocking.
func TestOutboxClose(t *testing.T) {
	rc := newReceiver(t, true)
	var o sandbox.Outbox
	o.SendAsync(rc.URL, []byte(`in flight`), nil)
	<-rc.arrivals
	closed := make(chan struct{})
	go func() { o.Close(); close(closed) }()
	select {
	case <-closed:
		t.Fatal("Close returned with a delivery in flight")
	default:
	}
	rc.gate <- struct{}{}
	<-closed
	if d := o.Deliveries(); len(d) != 1 || d[0].Status != http.StatusNoContent {
		t.Fatalf("after Close: %+v", d)
	}
	if d := o.Send(t.Context(), rc.URL, []byte(`late`), nil); !errors.Is(d.Err, sandbox.ErrClosed) {
		t.Fatalf("Send after Close: %+v", d)
	}
	o.SendAsync(rc.URL, []byte(`later`), nil)
	d, err := o.Wait(t.Context(), 5)
	if !errors.Is(err, sandbox.ErrClosed) || len(d) != 3 || !errors.Is(d[2].Err, sandbox.ErrClosed) {
		t.Fatalf("Wait(5) after Close = %d deliveries, %v", len(d), err)
	}
	if got := rc.got(); !slices.Equal(got, []string{"in flight"}) {
		t.Fatalf("receiver got %q", got)
	}
}

// Base.Close waits for the webhooks its outbox is sending, and the outbox
// posts with the client given by WithWebhookClient.
func TestBaseOutboxUsesItsClientAndCloseWaits(t *testing.T) {
	rc := newReceiver(t, true)
	var used atomic.Int32
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		used.Add(1)
		return http.DefaultTransport.RoundTrip(r)
	})}
	b := sandbox.NewBase("shop", http.NotFoundHandler(), sandbox.WithWebhookClient(hc))
	b.Outbox().SendAsync(rc.URL, []byte(`x`), nil)
	<-rc.arrivals
	closed := make(chan struct{})
	go func() { b.Close(); close(closed) }()
	rc.gate <- struct{}{}
	<-closed
	if d := b.Outbox().Deliveries(); len(d) != 1 || d[0].Status != http.StatusNoContent || used.Load() != 1 {
		t.Fatalf("deliveries %+v, client used %d times", d, used.Load())
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// Many concurrent senders and waiters: every waiter sees at least its n,
// and -race finds nothing.
func TestOutboxConcurrentUse(t *testing.T) {
	rc := newReceiver(t, false)
	var o sandbox.Outbox
	const senders = 40
	var wg sync.WaitGroup
	for i := range senders {
		wg.Add(2)
		go func() {
			defer wg.Done()
			body := []byte(fmt.Sprintf(`{"n":%d}`, i))
			if i%2 == 0 {
				o.SendAsync(rc.URL, body, nil)
			} else {
				o.Send(context.Background(), rc.URL, body, nil)
			}
		}()
		go func() {
			defer wg.Done()
			d, err := o.Wait(t.Context(), i+1)
			if err != nil || len(d) < i+1 {
				t.Errorf("Wait(%d) = %d, %v", i+1, len(d), err)
			}
		}()
	}
	wg.Wait()
	o.Close()
	if o.Len() != senders || len(rc.got()) != senders {
		t.Fatalf("%d deliveries, receiver got %d; want %d", o.Len(), len(rc.got()), senders)
	}
}
