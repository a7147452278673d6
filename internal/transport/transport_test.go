package transport_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"golang.org/x/time/rate"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/giftcardtest/sandbox"
	"github.com/giftcard-go/giftcard/internal/clock"
	"github.com/giftcard-go/giftcard/internal/transport"
)

var t0 = time.Date(2025, 3, 14, 9, 26, 53, 0, time.UTC)

// server is an httptest server that counts every request it receives, on
// arrival (before any handler or fault runs).
type server struct {
	*httptest.Server
	seen atomic.Int32
}

func newServer(t *testing.T, h http.Handler) *server {
	t.Helper()
	s := &server{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.seen.Add(1)
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *server) requests() int { return int(s.seen.Load()) }

// reply is one scripted answer.
type reply struct {
	status int
	body   string
	header map[string]string
}

// script answers the i-th request with replies[i], repeating the last one.
func script(replies ...reply) http.Handler {
	var n atomic.Int32
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := int(n.Add(1)) - 1
		rp := replies[min(i, len(replies)-1)]
		if rp.body != "" && rp.header["Content-Type"] == "" {
			w.Header().Set("Content-Type", "application/json")
		}
		for k, v := range rp.header {
			w.Header().Set(k, v)
		}
		w.WriteHeader(rp.status)
		_, _ = io.WriteString(w, rp.body)
	})
}

func statuses(codes ...int) http.Handler {
	rs := make([]reply, len(codes))
	for i, c := range codes {
		rs[i] = reply{status: c}
		if c < 300 {
			rs[i].body = `{"id":"ord-1"}`
		}
	}
	return script(rs...)
}

// newClient builds a transport client on an auto-advancing fake clock.
func newClient(t testing.TB, base string, hc *http.Client, o transport.Options, opts ...giftcard.Option) (*transport.Client, *clock.Fake) {
	t.Helper()
	clk := clock.NewFake(t0, true)
	all := append([]giftcard.Option{giftcard.WithClock(clk), giftcard.WithBaseURL(base), giftcard.WithHTTPClient(hc)}, opts...)
	if o.Provider == "" {
		o.Provider = "test"
	}
	c, err := transport.New(giftcard.NewConfig(all...), o)
	if err != nil {
		t.Fatal(err)
	}
	return c, clk
}

func asError(t *testing.T, err error) *giftcard.Error {
	t.Helper()
	var ge *giftcard.Error
	if !errors.As(err, &ge) {
		t.Fatalf("error %v (%T) is not a *giftcard.Error", err, err)
	}
	return ge
}

type order struct {
	ID string `json:"id"`
}

func decodeProviderError(res *transport.Response) *giftcard.Error {
	var b struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	}
	if json.Unmarshal(res.Body, &b) != nil || b.Code == "" {
		return nil
	}
	return &giftcard.Error{Code: b.Code, Message: b.Message}
}

// 1. A refused connection never reached the server: it is retried, even for
// a POST, with one dial per attempt.
func TestRefusedConnectionIsRetried(t *testing.T) {
	cases := []struct {
		name     string
		method   string
		refuse   int32
		wantErr  bool
		wantSeen int
	}{
		{"GET refused twice", http.MethodGet, 2, false, 1},
		{"POST refused twice", http.MethodPost, 2, false, 1},
		{"POST refused on every attempt", http.MethodPost, 4, true, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t, statuses(200))
			l, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			closed := l.Addr().String()
			_ = l.Close()
			var dials atomic.Int32
			tr := &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
				var d net.Dialer
				if dials.Add(1) <= tc.refuse {
					return d.DialContext(ctx, network, closed)
				}
				return d.DialContext(ctx, network, addr)
			}}
			t.Cleanup(tr.CloseIdleConnections)
			c, clk := newClient(t, srv.URL, &http.Client{Transport: tr}, transport.Options{},
				giftcard.WithRetryPolicy(giftcard.RetryPolicy{MaxAttempts: 4}))
			var out order
			res, err := c.Do(context.Background(), &transport.Request{Op: "Op", Method: tc.method, Path: "/x", Body: map[string]int{"a": 1}}, &out)
			if srv.requests() != tc.wantSeen {
				t.Errorf("server saw %d requests, want %d", srv.requests(), tc.wantSeen)
			}
			if tc.wantErr {
				ge := asError(t, err)
				if !errors.Is(err, giftcard.ErrProviderUnavailable) || errors.Is(err, giftcard.ErrOutcomeUnknown) || !ge.Retryable || ge.Attempts != 4 {
					t.Errorf("err = %v (retryable %v, attempts %d); want provider unavailable, retryable, not outcome-unknown, 4 attempts", err, ge.Retryable, ge.Attempts)
				}
				if dials.Load() != 4 {
					t.Errorf("dials = %d, want 4", dials.Load())
				}
				return
			}
			if err != nil {
				t.Fatalf("Do: %v", err)
			}
			if out.ID != "ord-1" || res.Attempts != int(tc.refuse)+1 {
				t.Errorf("out %+v, attempts %d", out, res.Attempts)
			}
			if dials.Load() != tc.refuse+1 {
				t.Errorf("dials = %d, want %d", dials.Load(), tc.refuse+1)
			}
			if n := len(clk.Sleeps()); n != int(tc.refuse) {
				t.Errorf("backoff waits = %d, want %d", n, tc.refuse)
			}
		})
	}
}

// 2 and 3. Which error statuses are retried, and how the final error reads.
func TestStatusRetryMatrix(t *testing.T) {
	cases := []struct {
		name        string
		method      string
		idempotent  bool
		codes       []int
		wantSeen    int
		wantKind    error // nil: success
		wantUnknown bool
	}{
		{"GET 503,503,200 retried to success", http.MethodGet, false, []int{503, 503, 200}, 3, nil, false},
		{"GET 502,504,200 retried to success", http.MethodGet, false, []int{502, 504, 200}, 3, nil, false},
		{"GET 503 until attempts run out", http.MethodGet, false, []int{503}, 4, giftcard.ErrProviderUnavailable, false},
		{"GET 500 not retried", http.MethodGet, false, []int{500, 200}, 1, giftcard.ErrProviderUnavailable, false},
		{"GET 400 not retried", http.MethodGet, false, []int{400, 200}, 1, giftcard.ErrInvalidRequest, false},
		{"GET 404 not retried", http.MethodGet, false, []int{404, 200}, 1, giftcard.ErrNotFound, false},
		{"POST 503 not retried, outcome unknown", http.MethodPost, false, []int{503, 200}, 1, giftcard.ErrProviderUnavailable, true},
		{"POST 504 not retried, outcome unknown", http.MethodPost, false, []int{504, 200}, 1, giftcard.ErrProviderUnavailable, true},
		{"POST 501 not retried, outcome known", http.MethodPost, false, []int{501, 200}, 1, giftcard.ErrProviderUnavailable, false},
		{"POST 502 not retried, outcome unknown", http.MethodPost, false, []int{502, 200}, 1, giftcard.ErrProviderUnavailable, true},
		{"POST 500 not retried, outcome unknown", http.MethodPost, false, []int{500, 200}, 1, giftcard.ErrProviderUnavailable, true},
		{"POST 409 not retried", http.MethodPost, false, []int{409, 200}, 1, giftcard.ErrDuplicateReference, false},
		{"POST 429 retried (refused by the server)", http.MethodPost, false, []int{429, 200}, 2, nil, false},
		{"idempotent POST 503,502 retried", http.MethodPost, true, []int{503, 502, 200}, 3, nil, false},
		// A POST the provider deduplicates on its key is resent after a 500
		// until the answer is readable; when it never is, its outcome is
		// unknown (it may have moved money), not a plain failure.
		{"idempotent POST 500 retried", http.MethodPost, true, []int{500, 200}, 2, nil, false},
		{"idempotent POST 500 until retries run out: outcome unknown", http.MethodPost, true, []int{500}, 4, giftcard.ErrProviderUnavailable, true},
		{"idempotent POST 503 until retries run out: outcome unknown", http.MethodPost, true, []int{503}, 4, giftcard.ErrProviderUnavailable, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t, statuses(tc.codes...))
			c, clk := newClient(t, srv.URL, srv.Client(), transport.Options{},
				giftcard.WithRetryPolicy(giftcard.RetryPolicy{MaxAttempts: 4}))
			var out order
			res, err := c.Do(context.Background(), &transport.Request{
				Op: "Op", Method: tc.method, Path: "/v1/orders", Idempotent: tc.idempotent, Body: map[string]string{"ref": "r1"},
			}, &out)
			if got := srv.requests(); got != tc.wantSeen {
				t.Errorf("server saw %d requests, want %d", got, tc.wantSeen)
			}
			if n := len(clk.Sleeps()); n != tc.wantSeen-1 {
				t.Errorf("backoff waits = %d, want %d", n, tc.wantSeen-1)
			}
			if tc.wantKind == nil {
				if err != nil || out.ID != "ord-1" || res.Attempts != tc.wantSeen {
					t.Fatalf("Do = %+v, %v; out %+v", res, err, out)
				}
				return
			}
			ge := asError(t, err)
			last := tc.codes[min(tc.wantSeen, len(tc.codes))-1]
			if !errors.Is(err, tc.wantKind) || ge.StatusCode != last || ge.Attempts != tc.wantSeen {
				t.Errorf("err = %v (status %d, attempts %d), want kind %v, status %d, %d attempts", err, ge.StatusCode, ge.Attempts, tc.wantKind, last, tc.wantSeen)
			}
			if errors.Is(err, giftcard.ErrOutcomeUnknown) != tc.wantUnknown {
				t.Errorf("outcome unknown = %v, want %v (%v)", !tc.wantUnknown, tc.wantUnknown, err)
			}
			if res == nil || res.StatusCode != last {
				t.Errorf("response = %+v, want status %d", res, last)
			}
		})
	}
}

// 4. A connection lost after a POST was written: outcome unknown, not resent;
// the same request marked Idempotent is resent.
func TestConnectionLostAfterWrite(t *testing.T) {
	cases := []struct {
		name        string
		fault       sandbox.Fault
		idempotent  bool
		wantSeen    int
		wantCommits int
		wantErr     bool
	}{
		{"POST dropped after commit", sandbox.Fault{DropAfterCommit: true}, false, 1, 1, true},
		{"POST reset before handling", sandbox.Fault{Reset: true}, false, 1, 0, true},
		{"idempotent POST dropped after commit is resent", sandbox.Fault{DropAfterCommit: true}, true, 2, 2, false},
		{"idempotent POST reset is resent", sandbox.Fault{Reset: true}, true, 2, 1, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var j sandbox.Journal
			var f sandbox.Faults
			var commits atomic.Int32
			app := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				commits.Add(1)
				w.Header().Set("Content-Type", "application/json")
				_, _ = io.WriteString(w, `{"id":"ord-1"}`)
			})
			srv := newServer(t, sandbox.Wrap(app, &j, &f, time.Now))
			f.Add(tc.fault)
			c, _ := newClient(t, srv.URL, srv.Client(), transport.Options{})
			var out order
			_, err := c.Do(context.Background(), &transport.Request{
				Op: "PlaceOrder", Method: http.MethodPost, Path: "/v1/orders", Idempotent: tc.idempotent, Body: map[string]string{"ref": "r1"},
			}, &out)
			if srv.requests() != tc.wantSeen || j.Len() != tc.wantSeen {
				t.Errorf("server saw %d requests (journal %d), want %d", srv.requests(), j.Len(), tc.wantSeen)
			}
			if int(commits.Load()) != tc.wantCommits {
				t.Errorf("handler ran %d times, want %d", commits.Load(), tc.wantCommits)
			}
			if !tc.wantErr {
				if err != nil || out.ID != "ord-1" {
					t.Fatalf("Do: %v, out %+v", err, out)
				}
				return
			}
			ge := asError(t, err)
			if !errors.Is(err, giftcard.ErrOutcomeUnknown) || !errors.Is(err, giftcard.ErrProviderUnavailable) || ge.Retryable || ge.StatusCode != 0 {
				t.Errorf("err = %v (retryable %v); want outcome unknown + provider unavailable, not retryable", err, ge.Retryable)
			}
		})
	}
}

// 5 and 6. Retry-After (seconds or HTTP date) sets the wait exactly, capped by
// the policy's MaxDelay.
func TestRetryAfter(t *testing.T) {
	cases := []struct {
		name       string
		status     int
		retryAfter string
		maxDelay   time.Duration
		want       time.Duration // exact wait; 0: a jittered backoff ≤ BaseDelay
	}{
		{"429 seconds", 429, "2", 0, 2 * time.Second},
		{"429 HTTP date", 429, t0.Add(7 * time.Second).Format(http.TimeFormat), 0, 7 * time.Second},
		{"503 seconds on GET", 503, "3", 0, 3 * time.Second},
		{"huge value capped at default MaxDelay", 429, "86400", 0, 20 * time.Second},
		{"huge value capped at policy MaxDelay", 429, "86400", 3 * time.Second, 3 * time.Second},
		{"far HTTP date capped", 429, t0.Add(48 * time.Hour).Format(http.TimeFormat), 5 * time.Second, 5 * time.Second},
		{"date in the past falls back to backoff", 429, t0.Add(-time.Hour).Format(http.TimeFormat), 0, 0},
		{"garbage falls back to backoff", 429, "soon", 0, 0},
		{"negative falls back to backoff", 429, "-5", 0, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t, script(reply{status: tc.status, header: map[string]string{"Retry-After": tc.retryAfter}}, reply{status: 200, body: `{"id":"ord-1"}`}))
			c, clk := newClient(t, srv.URL, srv.Client(), transport.Options{},
				giftcard.WithRetryPolicy(giftcard.RetryPolicy{MaxDelay: tc.maxDelay, BaseDelay: 100 * time.Millisecond}))
			if _, err := c.Do(context.Background(), &transport.Request{Op: "Op", Method: http.MethodGet, Path: "/x"}, nil); err != nil {
				t.Fatal(err)
			}
			if srv.requests() != 2 {
				t.Errorf("server saw %d requests, want 2", srv.requests())
			}
			sl := clk.Sleeps()
			if len(sl) != 1 {
				t.Fatalf("sleeps = %v, want one", sl)
			}
			if tc.want != 0 && sl[0] != tc.want {
				t.Errorf("waited %v, want %v", sl[0], tc.want)
			}
			if tc.want == 0 && (sl[0] < 0 || sl[0] > 100*time.Millisecond) {
				t.Errorf("waited %v, want a backoff within [0, 100ms]", sl[0])
			}
		})
	}
}

// 7. Cancelling the context ends a backoff wait at once.
func TestCancelEndsBackoffWait(t *testing.T) {
	srv := newServer(t, script(reply{status: 503, header: map[string]string{"Retry-After": "5"}}))
	clk := clock.NewFake(t0, false)
	c, _ := newClient(t, srv.URL, srv.Client(), transport.Options{}, giftcard.WithClock(clk))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := c.Do(ctx, &transport.Request{Op: "Op", Method: http.MethodGet, Path: "/x"}, nil)
		done <- err
	}()
	waitFor(t, func() bool { return clk.Waiters() == 1 })
	select {
	case err := <-done:
		t.Fatalf("Do returned before cancel: %v", err)
	default:
	}
	cancel()
	var err error
	select {
	case err = <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Do still blocked 5s after cancel")
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	ge := asError(t, err)
	if ge.StatusCode != 503 || !errors.Is(err, giftcard.ErrProviderUnavailable) {
		t.Errorf("err = %v, want the last 503 kept", err)
	}
	if srv.requests() != 1 {
		t.Errorf("server saw %d requests, want 1", srv.requests())
	}
	if sl := clk.Sleeps(); len(sl) != 1 || sl[0] != 5*time.Second {
		t.Errorf("sleeps = %v, want [5s]", sl)
	}
}

// waitFor polls cond (goroutine scheduling, not a protocol timer).
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached within 5s")
		}
		time.Sleep(time.Millisecond)
	}
}

// 8. Every attempt sends the same body bytes and authenticates once.
func TestEveryAttemptSameBodyFreshAuth(t *testing.T) {
	type item struct {
		SKU string `json:"sku"`
		Qty int    `json:"qty"`
	}
	cases := []struct {
		name string
		req  transport.Request
		want []byte
	}{
		{"marshalled body", transport.Request{Body: map[string]any{"ref": "r-1", "items": []item{{"AMZ", 2}}}}, []byte(`{"items":[{"sku":"AMZ","qty":2}],"ref":"r-1"}`)},
		{"raw body", transport.Request{RawBody: []byte(`{"amount":"10.50"}`)}, []byte(`{"amount":"10.50"}`)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var mu sync.Mutex
			var bodies [][]byte
			var sigs []string
			next := statuses(503, 503, 200)
			srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				b, _ := io.ReadAll(r.Body)
				mu.Lock()
				bodies = append(bodies, b)
				sigs = append(sigs, r.Header.Get("X-Signature"))
				mu.Unlock()
				next.ServeHTTP(w, r)
			}))
			var calls atomic.Int32
			var authBodies [][]byte
			auth := transport.AuthFunc(func(ctx context.Context, req *http.Request, body []byte) error {
				n := calls.Add(1)
				authBodies = append(authBodies, bytes.Clone(body))
				sum := sha256.Sum256(body)
				req.Header.Set("X-Signature", hex.EncodeToString(sum[:])+"."+strconv.Itoa(int(n)))
				return nil
			})
			c, _ := newClient(t, srv.URL, srv.Client(), transport.Options{Auth: auth})
			r := tc.req
			r.Op, r.Method, r.Path, r.Idempotent = "PlaceOrder", http.MethodPost, "/v1/orders", true
			if _, err := c.Do(context.Background(), &r, nil); err != nil {
				t.Fatal(err)
			}
			if srv.requests() != 3 || calls.Load() != 3 {
				t.Fatalf("server saw %d, authenticator called %d times; want 3 and 3", srv.requests(), calls.Load())
			}
			for i := range 3 {
				if !bytes.Equal(bodies[i], tc.want) || !bytes.Equal(authBodies[i], tc.want) {
					t.Errorf("attempt %d: server body %s, signed body %s, want %s", i+1, bodies[i], authBodies[i], tc.want)
				}
				sum := sha256.Sum256(tc.want)
				if want := hex.EncodeToString(sum[:]) + "." + strconv.Itoa(i+1); sigs[i] != want {
					t.Errorf("attempt %d carried signature %q, want the fresh %q", i+1, sigs[i], want)
				}
			}
		})
	}
}

// 9. Unreadable answers are typed errors that never echo the body.
func TestUnreadableResponses(t *testing.T) {
	const marker = "INTERNAL-STACKTRACE-7f3a"
	html := "<html><body><h1>502 Bad Gateway</h1><pre>" + marker + "</pre></body></html>"
	truncated := func(status int, partial string) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", "1000")
			w.WriteHeader(status)
			_, _ = io.WriteString(w, partial)
		})
	}
	cases := []struct {
		name        string
		method      string
		h           http.Handler
		wantSeen    int
		wantKind    error
		wantStatus  int
		wantUnknown bool
	}{
		{"HTML 502 on GET", http.MethodGet, script(reply{502, html, map[string]string{"Content-Type": "text/html"}}), 3, giftcard.ErrProviderUnavailable, 502, false},
		{"HTML 502 on POST", http.MethodPost, script(reply{502, html, map[string]string{"Content-Type": "text/html"}}), 1, giftcard.ErrProviderUnavailable, 502, true},
		{"HTML 200", http.MethodGet, script(reply{200, html, map[string]string{"Content-Type": "text/html"}}), 1, giftcard.ErrInvalidResponse, 200, false},
		{"invalid JSON 200 on GET", http.MethodGet, script(reply{200, `{"id":"ord-1",` + `"` + marker + ``, nil}), 1, giftcard.ErrInvalidResponse, 200, false},
		{"invalid JSON 200 on POST", http.MethodPost, script(reply{200, `{"id":` + marker, nil}), 1, giftcard.ErrInvalidResponse, 200, true},
		{"truncated 200 on GET is retried", http.MethodGet, truncated(200, `{"id":"ord-1","`+marker), 3, giftcard.ErrInvalidResponse, 200, false},
		{"truncated 200 on POST", http.MethodPost, truncated(200, `{"id":"ord-1","`+marker), 1, giftcard.ErrInvalidResponse, 200, true},
		{"truncated 503 on GET keeps its status", http.MethodGet, truncated(503, `{"code":"E1`), 3, giftcard.ErrProviderUnavailable, 503, false},
		{"truncated 400 on GET is not retried", http.MethodGet, truncated(400, `{"code":"E1`), 1, giftcard.ErrInvalidRequest, 400, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t, tc.h)
			var decodes atomic.Int32
			c, _ := newClient(t, srv.URL, srv.Client(), transport.Options{DecodeError: func(res *transport.Response) *giftcard.Error {
				decodes.Add(1)
				return decodeProviderError(res)
			}}, giftcard.WithRetryPolicy(giftcard.RetryPolicy{MaxAttempts: 3}))
			var out order
			_, err := c.Do(context.Background(), &transport.Request{Op: "Op", Method: tc.method, Path: "/x"}, &out)
			if srv.requests() != tc.wantSeen {
				t.Errorf("server saw %d requests, want %d", srv.requests(), tc.wantSeen)
			}
			ge := asError(t, err)
			if !errors.Is(err, tc.wantKind) || ge.StatusCode != tc.wantStatus {
				t.Errorf("err = %v, want kind %v status %d", err, tc.wantKind, tc.wantStatus)
			}
			if errors.Is(err, giftcard.ErrOutcomeUnknown) != tc.wantUnknown {
				t.Errorf("outcome unknown = %v, want %v", !tc.wantUnknown, tc.wantUnknown)
			}
			if msg := err.Error(); strings.Contains(msg, marker) || strings.Contains(msg, "<html") || strings.Contains(msg, "<h1>") {
				t.Errorf("error echoes the body: %s", msg)
			}
			if decodes.Load() != 0 {
				t.Errorf("ErrorDecoder called %d times on a non-JSON body", decodes.Load())
			}
		})
	}
}

// 10. A body over the size cap is refused; one at the cap is read.
func TestResponseSizeCap(t *testing.T) {
	const limit = 64
	atCap := `{"id":"` + strings.Repeat("x", limit-len(`{"id":""}`)) + `"}`
	if len(atCap) != limit {
		t.Fatalf("fixture is %d bytes", len(atCap))
	}
	over := `{"id":"` + strings.Repeat("x", limit) + `"}`
	chunked := func(body string) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			for i := 0; i < len(body); i += 10 {
				_, _ = io.WriteString(w, body[i:min(i+10, len(body))])
				w.(http.Flusher).Flush() // no Content-Length: chunked
			}
		})
	}
	cases := []struct {
		name    string
		method  string
		h       http.Handler
		wantErr bool
		unknown bool
	}{
		{"exactly the cap", http.MethodGet, script(reply{200, atCap, nil}), false, false},
		{"exactly the cap, chunked", http.MethodGet, chunked(atCap), false, false},
		{"one byte over on GET", http.MethodGet, script(reply{200, atCap + " ", nil}), true, false},
		{"over, chunked", http.MethodGet, chunked(over + strings.Repeat(" ", 4000)), true, false},
		{"over on POST", http.MethodPost, script(reply{200, over, nil}), true, true},
		{"over on a 400", http.MethodGet, script(reply{400, over, nil}), true, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t, tc.h)
			c, _ := newClient(t, srv.URL, srv.Client(), transport.Options{}, giftcard.WithMaxResponseBytes(limit))
			var out order
			res, err := c.Do(context.Background(), &transport.Request{Op: "Op", Method: tc.method, Path: "/x"}, &out)
			if srv.requests() != 1 {
				t.Errorf("server saw %d requests, want 1", srv.requests())
			}
			if !tc.wantErr {
				if err != nil || len(out.ID) != limit-len(`{"id":""}`) || len(res.Body) != limit {
					t.Fatalf("Do: %v, body %d bytes", err, len(res.Body))
				}
				return
			}
			if !errors.Is(err, giftcard.ErrInvalidResponse) {
				t.Fatalf("err = %v, want ErrInvalidResponse", err)
			}
			if errors.Is(err, giftcard.ErrOutcomeUnknown) != tc.unknown {
				t.Errorf("outcome unknown = %v, want %v", !tc.unknown, tc.unknown)
			}
			if res != nil && res.Body != nil {
				t.Errorf("an over-size body was returned (%d bytes)", len(res.Body))
			}
		})
	}
}

// 11. The retry budget stops retries under a sustained outage; successes
// refill it.
func TestRetryBudget(t *testing.T) {
	var down atomic.Bool
	down.Store(true)
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if down.Load() {
			w.WriteHeader(503)
			return
		}
		_, _ = io.WriteString(w, `{"id":"ord-1"}`)
	}))
	const attempts, cost = 3, 5
	c, _ := newClient(t, srv.URL, srv.Client(), transport.Options{},
		giftcard.WithRetryPolicy(giftcard.RetryPolicy{MaxAttempts: attempts, Budget: 2 * cost, RetryCost: cost}))
	get := func() error {
		_, err := c.Do(context.Background(), &transport.Request{Op: "Op", Method: http.MethodGet, Path: "/x"}, nil)
		return err
	}
	const calls = 10
	for i := range calls {
		before := srv.requests()
		err := get()
		if !errors.Is(err, giftcard.ErrProviderUnavailable) {
			t.Fatalf("call %d: err = %v", i, err)
		}
		made := srv.requests() - before
		want := 1
		if i == 0 {
			want = attempts // the budget covers the first call's two retries
		}
		if made != want {
			t.Errorf("call %d made %d requests, want %d", i, made, want)
		}
		if i > 0 && !strings.Contains(err.Error(), "retry quota exhausted") {
			t.Errorf("call %d: error does not say the quota is spent: %v", i, err)
		}
	}
	if total := srv.requests(); total >= calls*attempts || total != attempts+calls-1 {
		t.Errorf("outage cost %d requests for %d calls", total, calls)
	}
	if c.Tokens() != 0 {
		t.Errorf("tokens = %d, want 0", c.Tokens())
	}
	down.Store(false)
	for range cost {
		if err := get(); err != nil {
			t.Fatal(err)
		}
	}
	if c.Tokens() != cost {
		t.Fatalf("tokens after %d successes = %d, want %d", cost, c.Tokens(), cost)
	}
	down.Store(true)
	before := srv.requests()
	_ = get()
	if made := srv.requests() - before; made != 2 {
		t.Errorf("after refill a failing call made %d requests, want 2 (one retry paid for)", made)
	}
}

// 12. Nothing secret reaches the log or an error.
func TestNoSecretsInLogsOrErrors(t *testing.T) {
	const (
		apiKey    = "AKEY-5ecret-api-key-0001"
		bearer    = "eyJhbGciOi.SECRET-BEARER-TOKEN.c2ln"
		signature = "SIG-5ecret-signature-b64=="
		pin       = "PIN-913572"
		card      = "7000999911112222"
		query     = "QS-5ecret-in-query"
	)
	secrets := []string{apiKey, bearer, signature, pin, card, query}
	voucher := `{"cardNumber":"` + card + `","pin":"` + pin + `"}`
	mux := http.NewServeMux()
	var orderCalls atomic.Int32
	mux.HandleFunc("GET /v1/orders/1", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if orderCalls.Add(1) == 1 {
			w.WriteHeader(503)
			_, _ = io.WriteString(w, `{"code":"E150","message":"busy","debug":`+voucher+`}`)
			return
		}
		_, _ = io.WriteString(w, `{"id":"1","vouchers":[`+voucher+`]}`)
	})
	mux.HandleFunc("POST /v1/redeem", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(400)
		_, _ = io.WriteString(w, `{"code":"E300","message":"voucher rejected","voucher":`+voucher+`}`)
	})
	mux.HandleFunc("POST /v1/orders", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(502)
		_, _ = io.WriteString(w, "<html>upstream said "+voucher+" auth="+r.Header.Get("Authorization")+"</html>")
	})
	srv := newServer(t, mux)
	var logBuf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logBuf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	auth := transport.AuthFunc(func(ctx context.Context, req *http.Request, body []byte) error {
		req.Header.Set("X-Api-Key", apiKey)
		req.Header.Set("Authorization", "Bearer "+bearer)
		req.Header.Set("X-Signature", signature)
		return nil
	})
	opts := []giftcard.Option{giftcard.WithLogger(logger), giftcard.WithRetryPolicy(giftcard.RetryPolicy{MaxAttempts: 3})}
	c, _ := newClient(t, srv.URL, srv.Client(), transport.Options{Auth: auth, DecodeError: decodeProviderError}, opts...)

	var errs []error
	var out struct {
		Vouchers []struct {
			CardNumber giftcard.Secret `json:"cardNumber"`
			PIN        giftcard.Secret `json:"pin"`
		} `json:"vouchers"`
	}
	ctx := context.Background()
	if _, err := c.Do(ctx, &transport.Request{Op: "GetOrder", Method: http.MethodGet, Path: "/v1/orders/1"}, &out); err != nil {
		t.Fatal(err)
	}
	if len(out.Vouchers) != 1 || out.Vouchers[0].PIN.Reveal() != pin {
		t.Fatalf("decoded %+v", out)
	}
	_, err := c.Do(ctx, &transport.Request{Op: "Redeem", Method: http.MethodPost, Path: "/v1/redeem", Body: map[string]string{"cardNumber": card, "pin": pin}}, nil)
	errs = append(errs, err)
	_, err = c.Do(ctx, &transport.Request{Op: "PlaceOrder", Method: http.MethodPost, Path: "/v1/orders", Body: map[string]string{"pin": pin}}, nil)
	errs = append(errs, err)
	// A network failure: the URL in a *url.Error must not carry the query.
	dead := httptest.NewServer(http.NotFoundHandler())
	dead.Close()
	c2, _ := newClient(t, dead.URL, dead.Client(), transport.Options{Auth: auth}, opts...)
	_, err = c2.Do(ctx, &transport.Request{Op: "Lookup", Method: http.MethodGet, Path: "/v1/cards", Query: url.Values{"token": {query}, "card": {card}}}, nil)
	errs = append(errs, err)

	if orderCalls.Load() != 2 {
		t.Errorf("order endpoint saw %d requests, want 2 (one retry)", orderCalls.Load())
	}
	for i, err := range errs {
		ge := asError(t, err)
		if ge.RequestID == "" {
			t.Errorf("error %d has no request id", i)
		}
		for _, form := range []string{err.Error(), fmt.Sprintf("%v", err), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", ge)} {
			for _, s := range secrets {
				if strings.Contains(form, s) {
					t.Errorf("error %d leaks %q: %s", i, s, form)
				}
			}
		}
	}
	if ge := asError(t, errs[0]); ge.Code != "E300" || ge.Message != "voucher rejected" {
		t.Errorf("provider error not decoded: %v", errs[0])
	}
	logs := logBuf.String()
	for _, s := range secrets {
		if strings.Contains(logs, s) {
			t.Errorf("log leaks %q", s)
		}
	}
	// The log did record the exchange (so the check above can fail).
	for _, want := range []string{`"msg":"giftcard: retrying"`, `"msg":"giftcard: http attempt"`, `"status":503`, `"status":502`, `"request_id":"`, `"op":"Lookup"`} {
		if !strings.Contains(logs, want) {
			t.Errorf("log lacks %s:\n%s", want, logs)
		}
	}
}

// tokenAuth is a bearer token source that a 401 can rotate.
type tokenAuth struct {
	mu               sync.Mutex
	token, next      string
	repeat           bool
	auths, reauths   atomic.Int32
	lastReauthHeader string
}

func (a *tokenAuth) Authenticate(ctx context.Context, req *http.Request, body []byte) error {
	a.auths.Add(1)
	a.mu.Lock()
	defer a.mu.Unlock()
	req.Header.Set("Authorization", "Bearer "+a.token)
	return nil
}

func (a *tokenAuth) Reauthenticate(ctx context.Context, rejected *http.Request) bool {
	a.reauths.Add(1)
	a.mu.Lock()
	defer a.mu.Unlock()
	a.lastReauthHeader = rejected.Header.Get("Authorization")
	if a.lastReauthHeader == "Bearer "+a.token {
		a.token = a.next
	}
	return a.repeat
}

// 13. A 401 re-authenticates once and repeats once; never loops.
func TestReauthenticateOn401(t *testing.T) {
	cases := []struct {
		name        string
		accept      string // the token the server takes; "" accepts none
		repeat      bool
		noAuth      bool
		wantSeen    int
		wantReauths int32
		wantErr     bool
	}{
		{"rotated token accepted", "new", true, false, 2, 1, false},
		{"second 401 returned", "", true, false, 2, 1, true},
		{"authenticator declines to repeat", "new", false, false, 1, 1, true},
		{"login call (NoAuth) never re-authenticates", "new", true, true, 1, 0, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if tc.accept == "" || r.Header.Get("Authorization") != "Bearer "+tc.accept {
					w.Header().Set("Content-Type", "application/json")
					w.WriteHeader(401)
					_, _ = io.WriteString(w, `{"code":"E100","message":"token expired"}`)
					return
				}
				_, _ = io.WriteString(w, `{"id":"ord-1"}`)
			}))
			auth := &tokenAuth{token: "old", next: "new", repeat: tc.repeat}
			c, clk := newClient(t, srv.URL, srv.Client(), transport.Options{Auth: auth, DecodeError: decodeProviderError})
			var out order
			res, err := c.Do(context.Background(), &transport.Request{Op: "PlaceOrder", Method: http.MethodPost, Path: "/v1/orders", NoAuth: tc.noAuth, Body: map[string]string{"ref": "r1"}}, &out)
			if srv.requests() != tc.wantSeen || auth.reauths.Load() != tc.wantReauths {
				t.Errorf("server saw %d, reauthenticated %d; want %d, %d", srv.requests(), auth.reauths.Load(), tc.wantSeen, tc.wantReauths)
			}
			if len(clk.Sleeps()) != 0 {
				t.Errorf("a re-login repeat waited: %v", clk.Sleeps())
			}
			if tc.wantReauths > 0 && auth.lastReauthHeader != "Bearer old" {
				t.Errorf("Reauthenticate got the request carrying %q, want the rejected token", auth.lastReauthHeader)
			}
			if !tc.wantErr {
				if err != nil || out.ID != "ord-1" || res.Attempts != 2 || auth.auths.Load() != 2 {
					t.Fatalf("Do = %+v, %v; authenticated %d times", res, err, auth.auths.Load())
				}
				return
			}
			ge := asError(t, err)
			if !errors.Is(err, giftcard.ErrUnauthorized) || ge.StatusCode != 401 || ge.Code != "E100" || ge.Attempts != tc.wantSeen {
				t.Errorf("err = %v (attempts %d), want unauthorized 401 E100 after %d attempts", err, ge.Attempts, tc.wantSeen)
			}
			if errors.Is(err, giftcard.ErrOutcomeUnknown) {
				t.Errorf("a 401 is not an unknown outcome: %v", err)
			}
		})
	}
}

// 14. A per-attempt timeout is retried for a GET; a POST ends outcome-unknown.
func TestAttemptTimeout(t *testing.T) {
	cases := []struct {
		name     string
		method   string
		wantSeen int
		wantErr  bool
	}{
		{"GET retried after a hung attempt", http.MethodGet, 2, false},
		{"POST not resent", http.MethodPost, 1, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var j sandbox.Journal
			var f sandbox.Faults
			f.Add(sandbox.Fault{Delay: -1})
			srv := newServer(t, sandbox.Wrap(statuses(200), &j, &f, time.Now))
			c, clk := newClient(t, srv.URL, srv.Client(), transport.Options{}, giftcard.WithAttemptTimeout(50*time.Millisecond))
			before := c.Tokens()
			var out order
			_, err := c.Do(context.Background(), &transport.Request{Op: "Op", Method: tc.method, Path: "/x", Body: map[string]string{"a": "b"}}, &out)
			if srv.requests() != tc.wantSeen {
				t.Errorf("server saw %d requests, want %d", srv.requests(), tc.wantSeen)
			}
			if !tc.wantErr {
				if err != nil || out.ID != "ord-1" {
					t.Fatalf("Do: %v", err)
				}
				policy := giftcard.DefaultRetryPolicy()
				if want := before - policy.TimeoutCost + 1; c.Tokens() != want {
					t.Errorf("tokens = %d, want %d (a timeout retry costs TimeoutCost)", c.Tokens(), want)
				}
				if len(clk.Sleeps()) != 1 {
					t.Errorf("sleeps = %v", clk.Sleeps())
				}
				return
			}
			ge := asError(t, err)
			if !errors.Is(err, giftcard.ErrOutcomeUnknown) || !errors.Is(err, giftcard.ErrProviderUnavailable) || !errors.Is(err, context.DeadlineExceeded) || ge.Retryable {
				t.Errorf("err = %v; want outcome unknown, provider unavailable, deadline exceeded", err)
			}
			if len(clk.Sleeps()) != 0 {
				t.Errorf("sleeps = %v, want none", clk.Sleeps())
			}
		})
	}
}

// 15. The client-side rate limit waits under the caller's context.
func TestRateLimitHonoursContext(t *testing.T) {
	srv := newServer(t, statuses(200))
	c, _ := newClient(t, srv.URL, srv.Client(), transport.Options{}, giftcard.WithRateLimit(rate.Limit(1e-9), 1))
	req := &transport.Request{Op: "Op", Method: http.MethodGet, Path: "/x"}
	if _, err := c.Do(context.Background(), req, nil); err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	short, cancel2 := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel2()
	cases := []struct {
		name string
		ctx  context.Context
		want error
	}{
		{"already cancelled", cancelled, context.Canceled},
		{"deadline shorter than the wait", short, context.DeadlineExceeded},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			_, err := c.Do(tc.ctx, req, nil)
			if el := time.Since(start); el > 5*time.Second {
				t.Errorf("Do took %v", el)
			}
			if !errors.Is(err, tc.want) || !errors.Is(err, giftcard.ErrRateLimited) {
				t.Errorf("err = %v, want %v and ErrRateLimited", err, tc.want)
			}
			if srv.requests() != 1 {
				t.Errorf("server saw %d requests, want 1", srv.requests())
			}
		})
	}
}

// 16. The error keeps the last status, provider code/message and request id;
// each attempt carries a fresh UUID in the configured header.
func TestErrorKeepsLastAttempt(t *testing.T) {
	var mu sync.Mutex
	var ids []string
	next := script(
		reply{status: 503, body: `{"code":"E150","message":"busy"}`},
		reply{status: 503, body: `{"code":"E150","message":"busy"}`},
		reply{status: 504, body: `{"code":"E999","message":"upstream timeout"}`},
		reply{status: 200, body: `{"id":"ord-1"}`},
	)
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		ids = append(ids, r.Header.Get("X-Correlation-Id"))
		mu.Unlock()
		if r.Header.Get("X-Request-Id") != "" {
			t.Error("default request id header sent although another is configured")
		}
		next.ServeHTTP(w, r)
	}))
	var decoded []string
	c, _ := newClient(t, srv.URL, srv.Client(), transport.Options{
		RequestIDHeader: "X-Correlation-Id",
		DecodeError: func(res *transport.Response) *giftcard.Error {
			decoded = append(decoded, res.RequestID)
			return decodeProviderError(res)
		},
	}, giftcard.WithRetryPolicy(giftcard.RetryPolicy{MaxAttempts: 3}))
	req := &transport.Request{Op: "GetOrder", Method: http.MethodGet, Path: "/v1/orders/1"}
	_, err := c.Do(context.Background(), req, nil)
	ge := asError(t, err)
	if srv.requests() != 3 {
		t.Fatalf("server saw %d requests, want 3", srv.requests())
	}
	if ge.StatusCode != 504 || ge.Code != "E999" || ge.Message != "upstream timeout" || ge.Attempts != 3 || ge.Provider != "test" || ge.Op != "GetOrder" {
		t.Errorf("err = %+v, want the third attempt's 504 E999", ge)
	}
	if ge.RequestID != ids[2] || !strings.Contains(err.Error(), ids[2]) {
		t.Errorf("request id %q, want the last one sent %q", ge.RequestID, ids[2])
	}
	if !slices.Equal(decoded, ids) {
		t.Errorf("decoder saw request ids %v, server %v", decoded, ids)
	}
	res, err := c.Do(context.Background(), req, nil)
	if err != nil || res.RequestID != ids[3] {
		t.Fatalf("Do: %v, request id %q want %q", err, res.RequestID, ids[3])
	}
	seen := map[string]bool{}
	for _, id := range ids {
		u, err := uuid.Parse(id)
		if err != nil || u.Version() != 4 || u.Variant() != uuid.RFC4122 || len(id) != 36 {
			t.Errorf("request id %q is not a v4 UUID", id)
		}
		if seen[id] {
			t.Errorf("request id %q reused", id)
		}
		seen[id] = true
	}
}

// 17. Do never sleeps past the context deadline or the policy's MaxElapsed.
func TestNoSleepPastDeadline(t *testing.T) {
	cases := []struct {
		name       string
		status     int
		retryAfter string
		deadline   time.Duration
		maxElapsed time.Duration
		wantKind   error
	}{
		{"429 Retry-After beyond the deadline", 429, "30", 10 * time.Second, 0, giftcard.ErrRateLimited},
		{"503 Retry-After beyond the deadline", 503, "10", 5 * time.Second, 0, giftcard.ErrProviderUnavailable},
		{"Retry-After beyond MaxElapsed", 429, "10", 0, 5 * time.Second, giftcard.ErrRateLimited},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t, script(reply{status: tc.status, header: map[string]string{"Retry-After": tc.retryAfter}}, reply{status: 200}))
			c, clk := newClient(t, srv.URL, srv.Client(), transport.Options{},
				giftcard.WithRetryPolicy(giftcard.RetryPolicy{MaxElapsed: tc.maxElapsed, MaxDelay: time.Minute}))
			ctx := context.Background()
			if tc.deadline > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tc.deadline)
				defer cancel()
			}
			start := time.Now()
			_, err := c.Do(ctx, &transport.Request{Op: "Op", Method: http.MethodGet, Path: "/x"}, nil)
			if time.Since(start) > 5*time.Second {
				t.Errorf("Do took %v", time.Since(start))
			}
			ge := asError(t, err)
			if !errors.Is(err, tc.wantKind) || ge.StatusCode != tc.status || errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("err = %v, want the last %d returned as is", err, tc.status)
			}
			if srv.requests() != 1 || len(clk.Sleeps()) != 0 {
				t.Errorf("server saw %d requests, sleeps %v; want 1 and none", srv.requests(), clk.Sleeps())
			}
		})
	}
}

// An Authenticator adding headers never writes into the caller's Header,
// which every attempt (and maybe other goroutines) shares.
func TestRequestHeaderNotMutated(t *testing.T) {
	srv := newServer(t, statuses(503, 200))
	auth := transport.AuthFunc(func(ctx context.Context, req *http.Request, body []byte) error {
		req.Header.Add("X-Tag", "auth")
		return nil
	})
	c, _ := newClient(t, srv.URL, srv.Client(), transport.Options{Auth: auth})
	tags := make([]string, 1, 4) // spare capacity an append could write into
	tags[0] = "caller"
	h := http.Header{"X-Tag": tags}
	if _, err := c.Do(context.Background(), &transport.Request{Op: "Op", Method: http.MethodGet, Path: "/x", Header: h}, nil); err != nil {
		t.Fatal(err)
	}
	if got := h["X-Tag"]; len(got) != 1 || got[0] != "caller" || tags[:2][1] != "" {
		t.Errorf("caller header changed: %v (backing array %v)", got, tags[:2])
	}
	if srv.requests() != 2 {
		t.Errorf("server saw %d, want 2", srv.requests())
	}
}

func TestNewRefusesBadBaseURL(t *testing.T) {
	for _, base := range []string{"", "ftp://x", "://nope", "http://"} {
		_, err := transport.New(giftcard.NewConfig(giftcard.WithBaseURL(base)), transport.Options{Provider: "p"})
		var ve *giftcard.ValidationError
		if !errors.As(err, &ve) || !errors.Is(err, giftcard.ErrInvalidRequest) {
			t.Errorf("base %q: err = %v, want a ValidationError", base, err)
		}
	}
}

// An http.Client with a cookie jar or a client-wide Timeout is used as
// such (attempts go through Client.Do, which applies them); without either,
// attempts go straight to its RoundTripper, and both ways a failure is the
// same *url.Error inside the *giftcard.Error and a 3xx is never followed.
func TestHTTPClientJarAndTimeoutHonoured(t *testing.T) {
	var sawCookie atomic.Bool
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c, err := r.Cookie("session"); err == nil && c.Value == "s1" {
			sawCookie.Store(true)
		}
		if r.URL.Path == "/away" {
			http.Redirect(w, r, "https://elsewhere.example/x", http.StatusFound)
			return
		}
		http.SetCookie(w, &http.Cookie{Name: "session", Value: "s1", Path: "/"})
		_, _ = io.WriteString(w, `{}`)
	}))
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name       string
		hc         *http.Client
		wantCookie bool
	}{
		{"plain", &http.Client{}, false},
		{"jar", &http.Client{Jar: jar}, true},
		{"timeout", &http.Client{Timeout: time.Minute}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sawCookie.Store(false)
			c, _ := newClient(t, srv.URL, tc.hc, transport.Options{})
			for range 2 {
				if _, err := c.Do(t.Context(), &transport.Request{Op: "Get", Method: http.MethodGet, Path: "/x"}, nil); err != nil {
					t.Fatal(err)
				}
			}
			if sawCookie.Load() != tc.wantCookie {
				t.Errorf("cookie sent back: %v, want %v", sawCookie.Load(), tc.wantCookie)
			}
			_, err := c.Do(t.Context(), &transport.Request{Op: "Away", Method: http.MethodGet, Path: "/away"}, nil)
			if ge := asError(t, err); ge.StatusCode != http.StatusFound || !strings.Contains(ge.Error(), "elsewhere.example") {
				t.Errorf("3xx: %v", err)
			}
			dead, _ := newClient(t, "http://127.0.0.1:1", tc.hc, transport.Options{})
			_, err = dead.Do(t.Context(), &transport.Request{Op: "Get", Method: http.MethodGet, Path: "/x"}, nil)
			var ue *url.Error
			if !errors.As(err, &ue) || ue.Op != "Get" || ue.URL != "http://127.0.0.1:1/x" || !errors.Is(err, giftcard.ErrProviderUnavailable) {
				t.Errorf("refused connection: %v (url.Error %+v)", err, ue)
			}
		})
	}
}
