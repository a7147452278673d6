package webhook_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/clock"
	"github.com/giftcard-go/giftcard/internal/webhook"
)

const secret giftcard.Secret = "whsec-test"

// recorder is a deliver function that counts its calls and can be told to
// fail or to wait.
type recorder struct {
	calls atomic.Int32
	mu    sync.Mutex
	last  []byte
	fail  error
	hook  func(n int32) error // when set, called inside deliver; its error is returned
}

func (rc *recorder) deliver(ctx context.Context, body []byte, r *http.Request) error {
	n := rc.calls.Add(1)
	rc.mu.Lock()
	rc.last = append([]byte(nil), body...)
	fail := rc.fail
	rc.mu.Unlock()
	if rc.hook != nil {
		if err := rc.hook(n); err != nil {
			return err
		}
	}
	return fail
}

func (rc *recorder) setFail(err error) { rc.mu.Lock(); rc.fail = err; rc.mu.Unlock() }

func verifier(t testing.TB) *webhook.HMAC {
	return newHMAC(t, webhook.HMACConfig{Header: "X-Verify", Secrets: []giftcard.Secret{secret}})
}

func build(t testing.TB, cfg webhook.Config, rc *recorder) *webhook.Handler {
	t.Helper()
	if cfg.Verifier == nil && !cfg.Insecure {
		cfg.Verifier = verifier(t)
	}
	h, err := webhook.New(cfg, rc.deliver)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return h
}

type req struct {
	method, body, sig, remote string
	unsigned                  bool      // send no X-Verify at all
	hdr                       []string  // header pairs
	bodyReader                io.Reader // overrides body
	ctx                       context.Context
}

func (q req) do(h http.Handler) *httptest.ResponseRecorder {
	if q.method == "" {
		q.method = http.MethodPost
	}
	var body io.Reader = strings.NewReader(q.body)
	if q.bodyReader != nil {
		body = q.bodyReader
	}
	r := httptest.NewRequest(q.method, "/hooks", body)
	if q.bodyReader != nil {
		r.ContentLength = -1 // unknown, as a chunked body
	}
	if q.ctx != nil {
		r = r.WithContext(q.ctx)
	}
	if !q.unsigned {
		sig := q.sig
		if sig == "" {
			sig = sign(q.body)
		}
		r.Header.Set("X-Verify", sig)
	}
	if q.remote != "" {
		r.RemoteAddr = q.remote
	}
	for i := 0; i+1 < len(q.hdr); i += 2 {
		r.Header.Add(q.hdr[i], q.hdr[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func sign(body string) string {
	v, _ := webhook.NewHMAC(webhook.HMACConfig{Header: "X-Verify", Secrets: []giftcard.Secret{secret}})
	return v.Sign([]byte(body))
}

// countingReader records whether the body was read at all.
type countingReader struct {
	r    io.Reader
	read atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.read.Add(int64(n))
	return n, err
}

func prefixes(t testing.TB, ips ...string) []netip.Prefix {
	t.Helper()
	p, err := webhook.ParsePrefixes(ips...)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestStatusPaths(t *testing.T) {
	const body = `{"id":"evt_1","status":"SUCCESS"}`
	cases := []struct {
		name      string
		cfg       webhook.Config
		req       req
		fail      error
		want      int
		delivered bool
	}{
		{name: "success", req: req{body: body}, want: 200, delivered: true},
		{name: "empty body signed", req: req{body: ""}, want: 200, delivered: true},
		{name: "GET", req: req{method: http.MethodGet, body: body}, want: 405},
		{name: "PUT", req: req{method: http.MethodPut, body: body}, want: 405},
		{name: "HEAD", req: req{method: http.MethodHead, body: body}, want: 405},
		{name: "source not allowed", cfg: webhook.Config{AllowedIPs: prefixes(t, "35.200.156.199")},
			req: req{body: body, remote: "203.0.113.7:1"}, want: 403},
		{name: "source allowed", cfg: webhook.Config{AllowedIPs: prefixes(t, "35.200.156.199")},
			req: req{body: body, remote: "35.200.156.199:443"}, want: 200, delivered: true},
		{name: "unparseable peer", cfg: webhook.Config{AllowedIPs: prefixes(t, "0.0.0.0/0", "::/0")},
			req: req{body: body, remote: "somewhere"}, want: 403},
		{name: "too large, declared", cfg: webhook.Config{MaxBytes: 16}, req: req{body: body}, want: 413},
		{name: "too large, chunked", cfg: webhook.Config{MaxBytes: 16}, req: req{body: body, bodyReader: strings.NewReader(body)}, want: 413},
		{name: "exactly the cap", cfg: webhook.Config{MaxBytes: int64(len(body))}, req: req{body: body, bodyReader: strings.NewReader(body)}, want: 200, delivered: true},
		{name: "unreadable body", req: req{body: body, bodyReader: io.MultiReader(strings.NewReader("{"), errReader{})}, want: 400},
		{name: "forged signature", req: req{body: body, sig: sign(body + " ")}, want: 401},
		{name: "missing signature", req: req{body: body, unsigned: true}, want: 401},
		{name: "garbage signature", req: req{body: body, sig: "%%%"}, want: 401},
		{name: "deliver fails", req: req{body: body}, fail: errors.New("database down: password=hunter2"), want: 500, delivered: true},
		{name: "deliver refuses the payload", req: req{body: body}, fail: webhook.WithStatus(400, errors.New("no id")), want: 400, delivered: true},
		{name: "deliver's dependency down", req: req{body: body}, fail: webhook.WithStatus(503, errors.New("fetch failed")), want: 503, delivered: true},
		{name: "nonsense status", req: req{body: body}, fail: webhook.WithStatus(200, errors.New("x")), want: 500, delivered: true},
		{name: "verifier could not finish", cfg: webhook.Config{Verifier: webhook.VerifierFunc(func(*http.Request, []byte) error {
			return webhook.WithStatus(503, errors.New("refetch failed"))
		})}, req: req{body: body}, want: 503},
		{name: "insecure", cfg: webhook.Config{Insecure: true}, req: req{body: body, unsigned: true}, want: 200, delivered: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rc := &recorder{fail: tc.fail}
			w := tc.req.do(build(t, tc.cfg, rc))
			if w.Code != tc.want {
				t.Fatalf("answered %d, want %d (%q)", w.Code, tc.want, w.Body.String())
			}
			if got := rc.calls.Load() == 1; got != tc.delivered {
				t.Fatalf("user code called %d times, want delivered=%v", rc.calls.Load(), tc.delivered)
			}
			if tc.delivered && tc.want == 200 && string(rc.last) != tc.req.body {
				t.Fatalf("delivered %q, want %q", rc.last, tc.req.body)
			}
			if tc.want == 405 && w.Header().Get("Allow") != http.MethodPost {
				t.Fatalf("405 without Allow: POST (%q)", w.Header().Get("Allow"))
			}
			if tc.want != 200 && strings.TrimSpace(w.Body.String()) != http.StatusText(tc.want) &&
				tc.want != 405 {
				t.Fatalf("body %q, want only the status text", w.Body.String())
			}
			if strings.Contains(w.Body.String(), "hunter2") || strings.Contains(w.Body.String(), "refetch") {
				t.Fatalf("an error's text reached the response: %q", w.Body.String())
			}
		})
	}
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("connection reset") }

// The checks run in order (method, IP, read, verify, deliver), and a
// refused request stops at the first: the body is not read before the
// address passes, and the verifier does not run on a body too large.
func TestCheckOrder(t *testing.T) {
	var verified atomic.Int32
	v := verifier(t)
	counting := webhook.VerifierFunc(func(r *http.Request, b []byte) error { verified.Add(1); return v.Verify(r, b) })
	rc := &recorder{}
	h := build(t, webhook.Config{Verifier: counting, AllowedIPs: prefixes(t, "10.1.0.0/16"), MaxBytes: 64}, rc)
	big := strings.Repeat("x", 65)

	body := &countingReader{r: strings.NewReader(big)}
	if w := (req{method: http.MethodGet, body: big, bodyReader: body, remote: "203.0.113.1:1", sig: "bad"}).do(h); w.Code != 405 {
		t.Fatalf("GET from a refused source answered %d, want 405 first", w.Code)
	}
	if w := (req{body: big, bodyReader: body, remote: "203.0.113.1:1", sig: "bad"}).do(h); w.Code != 403 {
		t.Fatalf("refused source answered %d", w.Code)
	}
	if body.read.Load() != 0 {
		t.Fatal("the body was read before the method and source passed")
	}
	if w := (req{body: big, remote: "10.1.2.3:1", sig: "bad"}).do(h); w.Code != 413 {
		t.Fatalf("oversized answered %d, want 413 before verification", w.Code)
	}
	if verified.Load() != 0 {
		t.Fatal("the verifier ran before the method, source and size passed")
	}
	if w := (req{body: "{}", remote: "10.1.2.3:1", sig: "bad"}).do(h); w.Code != 401 || verified.Load() != 1 {
		t.Fatalf("forged answered %d after %d verifications", w.Code, verified.Load())
	}
	if rc.calls.Load() != 0 {
		t.Fatalf("user code ran %d times for refused requests", rc.calls.Load())
	}
	if w := (req{body: "{}", remote: "10.1.2.3:1"}).do(h); w.Code != 200 || rc.calls.Load() != 1 {
		t.Fatalf("a good request answered %d, calls %d", w.Code, rc.calls.Load())
	}
}

func TestDefaultMaxBytes(t *testing.T) {
	rc := &recorder{}
	h := build(t, webhook.Config{}, rc)
	at := strings.Repeat("a", webhook.DefaultMaxBytes)
	if w := (req{body: at}).do(h); w.Code != 200 {
		t.Fatalf("a body of exactly 1 MiB answered %d", w.Code)
	}
	if w := (req{body: at + "a", bodyReader: strings.NewReader(at + "a")}).do(h); w.Code != 413 {
		t.Fatalf("1 MiB + 1 answered %d", w.Code)
	}
	if w := (req{body: at + "a"}).do(h); w.Code != 413 || w.Header().Get("Connection") != "close" {
		t.Fatalf("1 MiB + 1 (declared) answered %d, Connection %q", w.Code, w.Header().Get("Connection"))
	}
	if rc.calls.Load() != 1 {
		t.Fatalf("calls = %d, want 1", rc.calls.Load())
	}
}

func TestForwardedForSpoofing(t *testing.T) {
	rc := &recorder{}
	allowed := prefixes(t, "35.200.156.199", "34.47.147.244", "34.14.138.52")
	direct := build(t, webhook.Config{AllowedIPs: allowed}, rc)
	proxied := build(t, webhook.Config{AllowedIPs: allowed, TrustedProxies: prefixes(t, "10.0.0.0/8", "fd00::/8")}, rc)
	cases := []struct {
		h      http.Handler
		remote string
		xff    []string
		want   int
	}{
		{direct, "35.200.156.199:4431", nil, 200},
		{direct, "[::ffff:34.14.138.52]:1", nil, 200},
		{direct, "203.0.113.7:1", nil, 403},
		{direct, "203.0.113.7:1", []string{"35.200.156.199"}, 403}, // XFF from an untrusted peer is ignored
		{direct, "10.0.0.5:1", []string{"35.200.156.199"}, 403},    // no trusted proxies configured
		{proxied, "10.0.0.5:1", []string{"35.200.156.199"}, 200},
		{proxied, "10.0.0.5:1", []string{"203.0.113.1, 35.200.156.199"}, 200},   // the right-most untrusted hop
		{proxied, "10.0.0.5:1", []string{"35.200.156.199, 203.0.113.1"}, 403},   // a spoofed left-most entry does not help
		{proxied, "10.0.0.5:1", []string{"35.200.156.199, 10.0.0.9"}, 200},      // a second trusted proxy is skipped
		{proxied, "10.0.0.5:1", []string{"35.200.156.199", "10.0.0.9"}, 200},    // several headers are one chain
		{proxied, "10.0.0.5:1", []string{"35.200.156.199", "203.0.113.1"}, 403}, // ... read from the right
		{proxied, "[fd00::1]:1", []string{"35.200.156.199"}, 200},               // an IPv6 proxy
		{proxied, "203.0.113.9:1", []string{"35.200.156.199"}, 403},             // XFF from an untrusted peer
		{proxied, "35.200.156.199:1", []string{"203.0.113.1"}, 200},             // ... is ignored both ways
		{proxied, "10.0.0.5:1", []string{"garbage, 35.200.156.199"}, 200},       // left of the client is not read
		{proxied, "10.0.0.5:1", []string{"35.200.156.199, garbage"}, 403},       // an unreadable hop fails closed
		{proxied, "10.0.0.5:1", []string{"10.0.0.7"}, 403},                      // only proxies: the proxy is the client
		{proxied, "10.0.0.5:1", nil, 403},                                       // a proxy with no XFF is the client
		{proxied, "10.0.0.5:1", []string{"[35.200.156.199]:5555"}, 200},         // a hop with a port
		{proxied, "10.0.0.5:1", []string{"::ffff:35.200.156.199"}, 200},         // an IPv4-mapped hop
		{proxied, "10.0.0.5:1", []string{""}, 403},                              // an empty header fails closed
		{proxied, "10.0.0.5:1", []string{"35.200.156.199,"}, 403},               // ... as does an empty hop
	}
	for _, tc := range cases {
		var hdr []string
		for _, x := range tc.xff {
			hdr = append(hdr, "X-Forwarded-For", x)
		}
		before := rc.calls.Load()
		w := (req{body: "{}", remote: tc.remote, hdr: hdr}).do(tc.h)
		if w.Code != tc.want {
			t.Errorf("peer %s XFF %q answered %d, want %d", tc.remote, tc.xff, w.Code, tc.want)
		}
		if delivered := rc.calls.Load() > before; delivered != (tc.want == 200) {
			t.Errorf("peer %s XFF %q: delivered=%v", tc.remote, tc.xff, delivered)
		}
	}
}

func TestNewFailsClosed(t *testing.T) {
	ok := func(context.Context, []byte, *http.Request) error { return nil }
	for name, tc := range map[string]struct {
		cfg     webhook.Config
		deliver func(context.Context, []byte, *http.Request) error
		field   string
	}{
		"no verifier":      {webhook.Config{Provider: "wolfe"}, ok, "Verifier"},
		"no deliver":       {webhook.Config{Provider: "wolfe", Insecure: true}, nil, "deliver"},
		"negative cap":     {webhook.Config{Provider: "wolfe", Insecure: true, MaxBytes: -1}, ok, "MaxBytes"},
		"negative timeout": {webhook.Config{Provider: "wolfe", Insecure: true, ReadTimeout: -time.Second}, ok, "ReadTimeout"},
		"invalid allow":    {webhook.Config{Provider: "wolfe", Insecure: true, AllowedIPs: []netip.Prefix{{}}}, ok, "AllowedIPs[0]"},
		"invalid proxy": {webhook.Config{Provider: "wolfe", Insecure: true,
			TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), {}}}, ok, "TrustedProxies[1]"},
	} {
		h, err := webhook.New(tc.cfg, tc.deliver)
		ve, isVE := errors.AsType[*giftcard.ValidationError](err)
		if h != nil || !isVE || ve.Field != tc.field || ve.Provider != "wolfe" || !errors.Is(err, giftcard.ErrInvalidRequest) {
			t.Errorf("%s: New = %v, %v; want a wolfe ValidationError for %s", name, h, err, tc.field)
		}
	}
	// Insecure works, and logs that it does.
	var logs bytes.Buffer
	rc := &recorder{}
	h, err := webhook.New(webhook.Config{Provider: "wolfe", Insecure: true, Logger: slog.New(slog.NewTextHandler(&logs, nil))}, rc.deliver)
	if err != nil {
		t.Fatal(err)
	}
	if w := (req{body: "{}", unsigned: true}).do(h); w.Code != 200 || rc.calls.Load() != 1 {
		t.Fatalf("insecure handler answered %d, calls %d", w.Code, rc.calls.Load())
	}
	if !strings.Contains(logs.String(), "without verification") {
		t.Errorf("building an insecure handler logged nothing: %q", logs.String())
	}
	// Insecure with a Verifier still verifies.
	h = build(t, webhook.Config{Insecure: true, Verifier: verifier(t)}, rc)
	if w := (req{body: "{}", unsigned: true}).do(h); w.Code != 401 || rc.calls.Load() != 1 {
		t.Fatalf("Insecure turned a configured verifier off: %d", w.Code)
	}
}

func TestReplayWithinTTL(t *testing.T) {
	clk := clock.NewFake(start, false)
	rc := &recorder{}
	h := build(t, webhook.Config{Replay: webhook.NewReplayGuard(100, time.Hour, clk)}, rc)
	a, b := `{"id":"a"}`, `{"id":"b"}`
	for i, tc := range []struct {
		body    string
		advance time.Duration
		calls   int32
	}{
		{a, 0, 1},
		{a, 0, 1},                // replay: acknowledged, not delivered
		{b, 0, 2},                // another body is another event
		{a, 59 * time.Minute, 2}, // still within the TTL
		{a, time.Minute, 3},      // the TTL has run out: delivered again
		{a, 0, 3},                // ... and remembered again
		{b, 0, 4},                // b's TTL ran out too
	} {
		clk.Advance(tc.advance)
		if w := (req{body: tc.body}).do(h); w.Code != 200 {
			t.Fatalf("step %d answered %d", i, w.Code)
		}
		if got := rc.calls.Load(); got != tc.calls {
			t.Fatalf("step %d: user code called %d times, want %d", i, got, tc.calls)
		}
	}
	// A forged replay of a delivered body is still refused (401), not acknowledged.
	if w := (req{body: a, sig: sign("other")}).do(h); w.Code != 401 {
		t.Fatalf("a forged replay answered %d", w.Code)
	}
}

func TestReplayKeyFunc(t *testing.T) {
	rc := &recorder{}
	// The key is the event id; a body without one is not deduplicated.
	key := func(body []byte) string {
		if f := strings.Fields(string(body)); len(f) > 0 && strings.HasPrefix(f[0], "id=") {
			return f[0]
		}
		return ""
	}
	h := build(t, webhook.Config{Replay: webhook.NewReplayGuard(0, 0, clock.NewFake(start, false)), ReplayKey: key}, rc)
	for _, tc := range []struct {
		body  string
		calls int32
	}{{"id=1 try=1", 1}, {"id=1 try=2", 1}, {"id=2 try=1", 2}, {"noid", 3}, {"noid", 4}} {
		if w := (req{body: tc.body}).do(h); w.Code != 200 || rc.calls.Load() != tc.calls {
			t.Fatalf("%q answered %d with %d calls, want %d", tc.body, w.Code, rc.calls.Load(), tc.calls)
		}
	}
}

func TestFailedDeliveryReleasesKey(t *testing.T) {
	rc := &recorder{fail: errors.New("database down")}
	guard := webhook.NewReplayGuard(10, time.Hour, clock.NewFake(start, false))
	h := build(t, webhook.Config{Replay: guard}, rc)
	if w := (req{body: "{}"}).do(h); w.Code != 500 {
		t.Fatalf("failing delivery answered %d", w.Code)
	}
	if guard.Len() != 0 {
		t.Fatalf("a failed delivery left %d keys", guard.Len())
	}
	rc.setFail(nil)
	if w := (req{body: "{}"}).do(h); w.Code != 200 || rc.calls.Load() != 2 {
		t.Fatalf("the provider's retry answered %d after %d calls; it must be delivered", w.Code, rc.calls.Load())
	}
	if w := (req{body: "{}"}).do(h); w.Code != 200 || rc.calls.Load() != 2 {
		t.Fatalf("a replay after success reached user code (%d calls)", rc.calls.Load())
	}
}

func TestPanickingDeliveryReleasesKey(t *testing.T) {
	rc := &recorder{hook: func(n int32) error {
		if n == 1 {
			panic("boom")
		}
		return nil
	}}
	h := build(t, webhook.Config{Replay: webhook.NewReplayGuard(10, time.Hour, clock.NewFake(start, false))}, rc)
	func() {
		defer func() {
			if recover() == nil {
				t.Fatal("the panic was swallowed")
			}
		}()
		(req{body: "{}"}).do(h)
	}()
	if w := (req{body: "{}"}).do(h); w.Code != 200 || rc.calls.Load() != 2 {
		t.Fatalf("after a panic the retry answered %d with %d calls", w.Code, rc.calls.Load())
	}
}

// waitUntil synchronises with goroutines reaching a state; it does not time
// any protocol timer.
func waitUntil(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached")
		}
		time.Sleep(time.Millisecond)
	}
}

func concurrentDuplicates(t *testing.T, firstFails bool) (codes map[int]int, calls int32) {
	const n = 50
	guard := webhook.NewReplayGuard(100, time.Hour, clock.NewFake(start, false))
	rc := &recorder{}
	rc.hook = func(call int32) error {
		if call == 1 {
			// Hold the first delivery until every other request waits on it.
			waitUntil(t, func() bool { return webhook.Contended(guard) >= n-1 })
			if firstFails {
				return errors.New("database down")
			}
		}
		return nil
	}
	h := build(t, webhook.Config{Replay: guard}, rc)
	var wg sync.WaitGroup
	var mu sync.Mutex
	codes = map[int]int{}
	for range n {
		wg.Go(func() {
			w := (req{body: `{"id":"same"}`}).do(h)
			mu.Lock()
			codes[w.Code]++
			mu.Unlock()
		})
	}
	wg.Wait()
	return codes, rc.calls.Load()
}

func TestConcurrentDuplicatesDeliveredOnce(t *testing.T) {
	codes, calls := concurrentDuplicates(t, false)
	if calls != 1 || codes[200] != 50 {
		t.Fatalf("user code called %d times, answers %v; want once and 50×200", calls, codes)
	}
}

// When the delivery the duplicates wait on fails, one of them delivers:
// the event is neither lost nor delivered twice.
func TestConcurrentDuplicatesFirstFails(t *testing.T) {
	codes, calls := concurrentDuplicates(t, true)
	if calls != 2 || codes[500] != 1 || codes[200] != 49 {
		t.Fatalf("user code called %d times, answers %v; want 2 calls, 1×500 and 49×200", calls, codes)
	}
}

func TestDuplicateWaitEndsWithItsContext(t *testing.T) {
	guard := webhook.NewReplayGuard(100, time.Hour, clock.NewFake(start, false))
	hold := make(chan struct{})
	rc := &recorder{hook: func(int32) error { <-hold; return nil }}
	h := build(t, webhook.Config{Replay: guard}, rc)
	first := make(chan int)
	go func() { first <- (req{body: "{}"}).do(h).Code }()
	waitUntil(t, func() bool { return rc.calls.Load() == 1 })

	ctx, cancel := context.WithCancel(context.Background())
	second := make(chan int)
	go func() { second <- (req{body: "{}", ctx: ctx}).do(h).Code }()
	waitUntil(t, func() bool { return webhook.Contended(guard) == 1 })
	cancel()
	if code := <-second; code != http.StatusServiceUnavailable {
		t.Fatalf("an abandoned duplicate answered %d, want 503", code)
	}
	close(hold)
	if code := <-first; code != 200 || rc.calls.Load() != 1 {
		t.Fatalf("first answered %d, calls %d", code, rc.calls.Load())
	}
}

func TestReplayGuardFullAnswers503(t *testing.T) {
	guard := webhook.NewReplayGuard(1, time.Hour, clock.NewFake(start, false))
	hold := make(chan struct{})
	rc := &recorder{hook: func(n int32) error {
		if n == 1 {
			<-hold
		}
		return nil
	}}
	h := build(t, webhook.Config{Replay: guard}, rc)
	first := make(chan int)
	go func() { first <- (req{body: "a"}).do(h).Code }()
	waitUntil(t, func() bool { return rc.calls.Load() == 1 })
	w := (req{body: "b"}).do(h)
	if w.Code != 503 || w.Header().Get("Retry-After") == "" || rc.calls.Load() != 1 {
		t.Fatalf("full guard answered %d (Retry-After %q), calls %d", w.Code, w.Header().Get("Retry-After"), rc.calls.Load())
	}
	close(hold)
	if <-first != 200 {
		t.Fatal("first not delivered")
	}
	// Now "a" is committed and can be evicted for "b".
	if w := (req{body: "b"}).do(h); w.Code != 200 || rc.calls.Load() != 2 {
		t.Fatalf("b answered %d, calls %d", w.Code, rc.calls.Load())
	}
}

// A body dripping one byte every 250ms on a real connection is cut off by
// the read deadline: the handler answers 408 and user code never runs. This
// times a network deadline, so it runs on the wall clock (~200ms).
func TestSlowDripBodyOnConnection(t *testing.T) {
	rc := &recorder{}
	h := build(t, webhook.Config{ReadTimeout: 200 * time.Millisecond}, rc)
	srv := httptest.NewServer(h)
	defer srv.Close()

	pr, pw := io.Pipe()
	defer pr.Close() // unblocks the dripping writer
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		defer pw.Close()
		tick := time.NewTicker(250 * time.Millisecond)
		defer tick.Stop()
		for range 40 {
			if _, err := pw.Write([]byte("x")); err != nil {
				return
			}
			select {
			case <-tick.C:
			case <-stop:
				return
			}
		}
	}()
	r, _ := http.NewRequest(http.MethodPost, srv.URL, pr)
	r.ContentLength = 40
	r.Header.Set("X-Verify", sign(strings.Repeat("x", 40)))
	began := time.Now()
	resp, err := srv.Client().Do(r)
	elapsed := time.Since(began)
	if err != nil {
		t.Fatalf("no answer: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestTimeout {
		t.Fatalf("answered %d, want 408", resp.StatusCode)
	}
	if elapsed > time.Second {
		t.Fatalf("answered after %s; the 200ms deadline did not cut the body off", elapsed)
	}
	if rc.calls.Load() != 0 {
		t.Fatal("user code ran on a body that never finished")
	}
}

// slowReader drips one byte per interval, or stalls forever when interval
// is zero (until the test ends).
type slowReader struct {
	interval time.Duration
	stop     chan struct{}
	reads    atomic.Int32
}

func (s *slowReader) Read(p []byte) (int, error) {
	s.reads.Add(1)
	if s.interval == 0 {
		<-s.stop
		return 0, io.ErrUnexpectedEOF
	}
	select {
	case <-time.After(s.interval):
	case <-s.stop:
		return 0, io.ErrUnexpectedEOF
	}
	p[0] = 'x'
	return 1, nil
}

// Without a connection deadline (a ResponseWriter that does not support
// one), a dripping body and a stalled one are still cut off.
func TestSlowBodyWithoutConnectionDeadline(t *testing.T) {
	for name, interval := range map[string]time.Duration{"drip": 50 * time.Millisecond, "stall": 0} {
		t.Run(name, func(t *testing.T) {
			stop := make(chan struct{})
			defer close(stop)
			rc := &recorder{}
			h := build(t, webhook.Config{ReadTimeout: 200 * time.Millisecond}, rc)
			began := time.Now()
			body := &slowReader{interval: interval, stop: stop}
			w := (req{body: "x", bodyReader: body}).do(h)
			if elapsed := time.Since(began); w.Code != http.StatusRequestTimeout || elapsed > time.Second || rc.calls.Load() != 0 {
				t.Fatalf("answered %d after %s, calls %d; want 408 within ~200ms and no call", w.Code, elapsed, rc.calls.Load())
			}
			// Nothing keeps draining the body after the answer: at most
			// the read in progress completes.
			after := body.reads.Load()
			time.Sleep(4 * interval)
			if got := body.reads.Load(); got > after+1 {
				t.Fatalf("the body was read %d more times after the 408", got-after)
			}
		})
	}
}

// The read deadline covers the body only: a delivery running longer than
// ReadTimeout keeps a live context and its answer reaches the client.
// Wall clock: a network deadline.
func TestReadDeadlineLiftedForDelivery(t *testing.T) {
	var ctxErr atomic.Value
	h, err := webhook.New(webhook.Config{Verifier: verifier(t), ReadTimeout: 50 * time.Millisecond},
		func(ctx context.Context, body []byte, r *http.Request) error {
			select {
			case <-ctx.Done():
			case <-time.After(200 * time.Millisecond):
			}
			ctxErr.Store(errBox{ctx.Err()})
			return ctx.Err()
		})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	r, _ := http.NewRequest(http.MethodPost, srv.URL, strings.NewReader("{}"))
	r.Header.Set("X-Verify", sign("{}"))
	resp, err := srv.Client().Do(r)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if e := ctxErr.Load().(errBox).err; resp.StatusCode != 200 || e != nil {
		t.Fatalf("answered %d; the delivery's context ended with %v", resp.StatusCode, e)
	}
}

type errBox struct{ err error }

func TestLogsCarryNoBodyOrSignature(t *testing.T) {
	const body = `{"pin":"PIN-9876-SECRET","card":"6001234567890123"}`
	var logs bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	rc := &recorder{fail: errors.New("database down")}
	h := build(t, webhook.Config{Logger: log, AllowedIPs: prefixes(t, "192.0.2.0/24"), MaxBytes: 1024,
		Replay: webhook.NewReplayGuard(10, time.Hour, clock.NewFake(start, false))}, rc)
	forged := sign(body + "x")
	(req{body: body, remote: "198.51.100.1:1"}).do(h)           // 403
	(req{body: body, remote: "192.0.2.1:1", sig: forged}).do(h) // 401
	(req{body: body, remote: "192.0.2.1:1"}).do(h)              // 500
	rc.setFail(nil)
	(req{body: body, remote: "192.0.2.1:1"}).do(h)                     // 200
	(req{body: body, remote: "192.0.2.1:1"}).do(h)                     // replay
	(req{body: strings.Repeat(body, 30), remote: "192.0.2.1:1"}).do(h) // 413
	out := logs.String()
	for _, s := range []string{"PIN-9876", "6001234567890123", sign(body), forged, string(secret)} {
		if strings.Contains(out, s) {
			t.Fatalf("the log carries %q:\n%s", s, out)
		}
	}
	for _, s := range []string{`"status":403`, `"status":401`, `"status":500`, "database down", "replay", `"status":413`} {
		if !strings.Contains(out, s) {
			t.Errorf("the log lacks %s:\n%s", s, out)
		}
	}
}

// deadlineWriter is a ResponseWriter whose connection supports read
// deadlines (as http.ResponseController sees it), recording each one set.
type deadlineWriter struct {
	*httptest.ResponseRecorder
	mu  sync.Mutex
	set []time.Time
}

func (d *deadlineWriter) SetReadDeadline(t time.Time) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.set = append(d.set, t)
	return nil
}

// The connection's read deadline is set to now+ReadTimeout before the body
// is read, and cleared once it has been.
func TestConnectionReadDeadline(t *testing.T) {
	rc := &recorder{}
	h := build(t, webhook.Config{ReadTimeout: 7 * time.Second}, rc)
	r := httptest.NewRequest(http.MethodPost, "/hooks", strings.NewReader("{}"))
	r.Header.Set("X-Verify", sign("{}"))
	w := &deadlineWriter{ResponseRecorder: httptest.NewRecorder()}
	before := time.Now()
	h.ServeHTTP(w, r)
	if w.Code != 200 || rc.calls.Load() != 1 {
		t.Fatalf("answered %d, calls %d", w.Code, rc.calls.Load())
	}
	if len(w.set) != 2 || w.set[0].Before(before.Add(7*time.Second)) || w.set[0].After(time.Now().Add(7*time.Second)) || !w.set[1].IsZero() {
		t.Fatalf("read deadlines set %v; want now+7s, then cleared", w.set)
	}
}
