package sandbox

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/clock"
)

// ErrClosed is the error of a delivery attempted after its Outbox was
// closed, and of a Wait that can no longer be satisfied because the outbox
// is closed and nothing is in flight.
var ErrClosed = errors.New("sandbox: outbox closed")

// AsyncTimeout bounds one delivery started with SendAsync (dialling, sending
// and reading the answer's status), so a receiver that never answers cannot
// hold Close forever.
const AsyncTimeout = 10 * time.Second

// defaultWebhookClient sends when an Outbox has no client of its own.
var defaultWebhookClient = &http.Client{Timeout: 30 * time.Second}

// Delivery is one webhook an Outbox sent, or tried to.
type Delivery struct {
	// Time is when the send started, on the outbox's clock.
	Time time.Time
	// URL is where the webhook was posted.
	URL string
	// Header holds the request headers as sent (Content-Type included).
	Header http.Header
	// Body is the request body as sent.
	Body []byte
	// Status is the receiver's HTTP status; 0 when no answer came (Err
	// says why).
	Status int
	// Err is why the send failed (unreachable receiver, timeout, ErrClosed);
	// nil when the receiver answered, whatever its status.
	Err error
}

// Outbox posts webhooks and records every delivery in the order the
// deliveries completed, so a test can assert on them or wait for them
// (Wait) instead of polling. The zero value sends with a default client
// (30 s timeout) and stamps deliveries with the wall clock; a Base's outbox
// uses the Base's clock and webhook client. Safe for concurrent use.
type Outbox struct {
	client *http.Client
	clock  giftcard.Clock

	mu       sync.Mutex
	done     []Delivery
	inFlight int
	closed   bool
	changed  chan struct{} // closed, then forgotten, on every change; nil when nobody waits
}

// Send POSTs body with header to url, waits for the answer, records the
// delivery and returns it. Content-Type defaults to application/json. The
// answer's body is read (up to 1 MiB) and discarded.
func (o *Outbox) Send(ctx context.Context, url string, body []byte, header http.Header) Delivery {
	d, ok := o.start(url, body, header)
	if ok {
		o.post(ctx, &d)
		o.finish(d)
	}
	return d
}

// SendAsync does what Send does in the background, bounded by AsyncTimeout,
// and returns at once. Wait (or Close) waits for it.
func (o *Outbox) SendAsync(url string, body []byte, header http.Header) {
	d, ok := o.start(url, body, header)
	if !ok {
		return
	}
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), AsyncTimeout)
		defer cancel()
		o.post(ctx, &d)
		o.finish(d)
	}()
}

// start prepares a delivery and counts it in flight; after Close it records
// the delivery as failed with ErrClosed instead and returns false.
func (o *Outbox) start(url string, body []byte, header http.Header) (Delivery, bool) {
	h := header.Clone()
	if h == nil {
		h = http.Header{}
	}
	if h.Get("Content-Type") == "" {
		h.Set("Content-Type", "application/json")
	}
	d := Delivery{URL: url, Header: h, Body: bytes.Clone(body)}
	o.mu.Lock()
	defer o.mu.Unlock()
	d.Time = o.now()
	if o.closed {
		d.Err = ErrClosed
		o.done = append(o.done, d)
		o.notifyLocked()
		return d, false
	}
	o.inFlight++
	return d, true
}

// post sends d and fills in its outcome.
func (o *Outbox) post(ctx context.Context, d *Delivery) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.URL, bytes.NewReader(d.Body))
	if err != nil {
		d.Err = err
		return
	}
	req.Header = d.Header.Clone()
	hc := o.client
	if hc == nil {
		hc = defaultWebhookClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		d.Err = err
		return
	}
	d.Status = resp.StatusCode
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	_ = resp.Body.Close()
}

// finish records a completed delivery.
func (o *Outbox) finish(d Delivery) {
	o.mu.Lock()
	o.inFlight--
	o.done = append(o.done, d)
	o.notifyLocked()
	o.mu.Unlock()
}

// now reads the outbox clock; o.mu is held.
func (o *Outbox) now() time.Time {
	if o.clock == nil {
		return clock.Real{}.Now()
	}
	return o.clock.Now()
}

// notifyLocked wakes every waiter; o.mu is held.
func (o *Outbox) notifyLocked() {
	if o.changed != nil {
		close(o.changed)
		o.changed = nil
	}
}

// changedLocked returns a channel closed at the next change; o.mu is held.
func (o *Outbox) changedLocked() <-chan struct{} {
	if o.changed == nil {
		o.changed = make(chan struct{})
	}
	return o.changed
}

// Deliveries returns a copy of every completed delivery, in completion
// order.
func (o *Outbox) Deliveries() []Delivery {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.copyLocked()
}

// copyLocked returns a deep copy of the completed deliveries; o.mu is held.
func (o *Outbox) copyLocked() []Delivery {
	out := make([]Delivery, len(o.done))
	for i, d := range o.done {
		d.Header, d.Body = d.Header.Clone(), bytes.Clone(d.Body)
		out[i] = d
	}
	return out
}

// Len is the number of completed deliveries.
func (o *Outbox) Len() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return len(o.done)
}

// Wait blocks until at least n deliveries have completed, then returns
// every completed delivery (at least n), in completion order. It returns
// the deliveries so far and an error when ctx ends first (ctx.Err()), or
// when the outbox is closed with nothing in flight and fewer than n
// deliveries (ErrClosed), so it never waits for a delivery that cannot
// come.
func (o *Outbox) Wait(ctx context.Context, n int) ([]Delivery, error) {
	o.mu.Lock()
	for len(o.done) < n {
		if o.closed && o.inFlight == 0 {
			out := o.copyLocked()
			o.mu.Unlock()
			return out, ErrClosed
		}
		ch := o.changedLocked()
		o.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return o.Deliveries(), ctx.Err()
		}
		o.mu.Lock()
	}
	out := o.copyLocked()
	o.mu.Unlock()
	return out, nil
}

// Close waits for every delivery in flight to complete. Afterwards every
// send is recorded as failed with ErrClosed without being posted; the
// deliveries stay readable.
func (o *Outbox) Close() {
	o.mu.Lock()
	o.closed = true
	o.notifyLocked()
	for o.inFlight > 0 {
		ch := o.changedLocked()
		o.mu.Unlock()
		<-ch
		o.mu.Lock()
	}
	o.mu.Unlock()
}
