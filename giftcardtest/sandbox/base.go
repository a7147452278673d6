package sandbox

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/clock"
)

// BaseOption configures a Base.
type BaseOption func(*Base)

// WithClock sets the sandbox clock (the wall clock by default): it stamps
// journal entries and webhook deliveries, and the provider sandbox reads it
// through Clock for everything it dates or expires (tokens, timestamps).
// Give it the fake clock the client under test uses
// (giftcardtest.NewClock), so nothing waits on the wall clock. nil is
// ignored.
func WithClock(clk giftcard.Clock) BaseOption {
	return func(b *Base) {
		if clk != nil {
			b.clock = clk
		}
	}
}

// WithWebhookClient sets the client the outbox posts webhooks with (a
// client with a 30 s timeout by default). nil is ignored.
func WithWebhookClient(hc *http.Client) BaseOption {
	return func(b *Base) {
		if hc != nil {
			b.outbox.client = hc
		}
	}
}

// Base is the part every provider sandbox shares: a server on loopback
// running the provider's handler behind journaling and fault injection,
// with its clock and its webhook outbox. A provider's Server embeds *Base,
// so its users call these methods on the Server. Safe for concurrent use.
type Base struct {
	// URL is the server's base URL on loopback, with no trailing slash
	// (http://127.0.0.1:41234, say): the base URL to give the client under
	// test. A field, as in httptest.Server; do not change it.
	URL string

	provider string
	clock    giftcard.Clock
	hs       *httptest.Server
	hc       *http.Client
	journal  Journal
	faults   Faults
	outbox   Outbox
	closing  chan struct{}
	close    sync.Once
}

// NewBase starts handler on loopback (as httptest.NewServer does) behind
// journaling and fault injection (see Wrap), and returns the running Base.
// provider names the provider ("hubble"). The handler reads the request
// body from r.Body or with Body, and the clock with Clock. Close it when
// done.
func NewBase(provider string, handler http.Handler, opts ...BaseOption) *Base {
	b := &Base{provider: provider, clock: clock.Real{}, closing: make(chan struct{})}
	for _, o := range opts {
		if o != nil {
			o(b)
		}
	}
	b.outbox.clock = b.clock
	b.hs = httptest.NewServer(wrap(handler, &b.journal, &b.faults, b.clock.Now, b.closing))
	b.URL = b.hs.URL
	b.hc = &http.Client{Transport: &http.Transport{
		MaxIdleConns: 256, MaxIdleConnsPerHost: 256, IdleConnTimeout: 30 * time.Second,
	}}
	return b
}

// Provider names the provider the sandbox stands for.
func (b *Base) Provider() string { return b.provider }

// Client returns an *http.Client for the server that keeps up to 256 idle
// connections to it, so a test making many concurrent calls reuses them.
// Any client works.
func (b *Base) Client() *http.Client { return b.hc }

// Clock is the sandbox clock (see WithClock).
func (b *Base) Clock() giftcard.Clock { return b.clock }

// Close releases every request a delay fault holds, shuts the server down
// once the requests in progress are answered, waits for the webhooks the
// outbox is still sending, and closes the idle connections of Client. The
// journal and the deliveries stay readable. Calling Close again does
// nothing.
func (b *Base) Close() {
	b.close.Do(func() {
		close(b.closing)
		b.hs.Close()
		b.outbox.Close()
		b.hc.CloseIdleConnections()
	})
}

// Journal is the request journal, for what Requests and CountRequests do
// not cover (Len, Reset).
func (b *Base) Journal() *Journal { return &b.journal }

// Requests returns every request received, oldest first.
func (b *Base) Requests() []Entry { return b.journal.Entries() }

// CountRequests counts the requests with this method ("" = any) whose path
// starts with pathPrefix ("" = any).
func (b *Base) CountRequests(method, pathPrefix string) int {
	return b.journal.Count(method, pathPrefix)
}

// InjectFault queues a fault for the requests it matches.
func (b *Base) InjectFault(f Fault) { b.faults.Add(f) }

// ClearFaults removes every pending fault.
func (b *Base) ClearFaults() { b.faults.Clear() }

// Outbox is the sandbox's webhook outbox: the provider sandbox sends its
// webhooks through it, and a test reads or awaits them (Deliveries, Wait).
func (b *Base) Outbox() *Outbox { return &b.outbox }
