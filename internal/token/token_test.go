package token

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/clock"
	"github.com/giftcard-go/giftcard/internal/transport"
)

var t0 = time.Date(2026, 2, 12, 14, 30, 0, 0, time.UTC)

// fetcher is a scripted FetchFunc: it counts calls, hands out "tok-1",
// "tok-2" … with the given lifetime, fails while fail is set, and blocks
// while a gate is installed.
type fetcher struct {
	calls    atomic.Int32
	lifetime time.Duration

	mu   sync.Mutex
	fail error
	gate chan struct{}
	ctxs []context.Context
}

func (f *fetcher) fetch(ctx context.Context) (Token, error) {
	n := f.calls.Add(1)
	f.mu.Lock()
	gate, fail := f.gate, f.fail
	f.ctxs = append(f.ctxs, ctx)
	f.mu.Unlock()
	if gate != nil {
		<-gate
	}
	if fail != nil {
		return Token{}, fail
	}
	return Token{Value: fmt.Sprintf("tok-%d", n), Lifetime: f.lifetime}, nil
}

func (f *fetcher) hold() chan struct{} {
	g := make(chan struct{})
	f.mu.Lock()
	f.gate = g
	f.mu.Unlock()
	return g
}

func (f *fetcher) release(g chan struct{}) {
	f.mu.Lock()
	f.gate = nil
	f.mu.Unlock()
	close(g)
}

func (f *fetcher) setFail(err error) {
	f.mu.Lock()
	f.fail = err
	f.mu.Unlock()
}

func newSource(t *testing.T, f *fetcher, clk giftcard.Clock, mod ...func(*Config)) *Source {
	t.Helper()
	cfg := Config{Fetch: f.fetch, Clock: clk, Provider: "test", Op: "Login"}
	for _, m := range mod {
		m(&cfg)
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// waitUntil spins (yielding, never sleeping) until cond holds: it
// synchronises with goroutines reaching a blocking point, not with a
// protocol timer.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		runtime.Gosched()
	}
}

// concurrently starts n calls of Token; wait returns their tokens and errors
// once all have returned, and returned counts the calls that have.
func concurrently(s *Source, n int) (wait func() ([]string, []error), returned *atomic.Int32) {
	toks := make([]string, n)
	errs := make([]error, n)
	returned = new(atomic.Int32)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			toks[i], errs[i] = s.Token(context.Background())
			returned.Add(1)
		})
	}
	return func() ([]string, []error) { wg.Wait(); return toks, errs }, returned
}

func mustToken(t *testing.T, s *Source, want string) {
	t.Helper()
	got, err := s.Token(t.Context())
	if err != nil || got != want {
		t.Fatalf("Token() = %q, %v; want %q", got, err, want)
	}
}

func TestColdCallsShareOneFetch(t *testing.T) {
	f := &fetcher{lifetime: time.Hour}
	s := newSource(t, f, clock.NewFake(t0, false))
	gate := f.hold()
	const n = 1000
	wait, _ := concurrently(s, n)
	// Every caller is blocked on the one fetch before it is released.
	waitUntil(t, "all callers wait", func() bool { return s.waiting.Load() == n })
	f.release(gate)
	toks, errs := wait()
	for i := range n {
		if errs[i] != nil || toks[i] != "tok-1" {
			t.Fatalf("call %d = %q, %v; want tok-1", i, toks[i], errs[i])
		}
	}
	if c := f.calls.Load(); c != 1 {
		t.Fatalf("%d fetches for %d concurrent cold calls, want 1", c, n)
	}
}

func TestEarlyRefreshAtEightyPercent(t *testing.T) {
	f := &fetcher{lifetime: 100 * time.Second}
	clk := clock.NewFake(t0, false)
	s := newSource(t, f, clk)
	mustToken(t, s, "tok-1")

	clk.Advance(80*time.Second - time.Nanosecond)
	mustToken(t, s, "tok-1")
	if c := f.calls.Load(); c != 1 {
		t.Fatalf("%d fetches before 80 %% of the lifetime, want 1", c)
	}

	clk.Advance(time.Nanosecond)
	gate := f.hold()
	const n = 1000
	wait, returned := concurrently(s, n)
	// The one caller that started the refresh waits for it; the others
	// return the still-valid token without waiting.
	waitUntil(t, "every other caller returns during the refresh", func() bool { return returned.Load() == n-1 })
	if c, w := f.calls.Load(), s.waiting.Load(); c != 2 || w != 1 {
		t.Fatalf("during the refresh: %d fetches, %d callers waiting; want 2 and 1", c, w)
	}
	f.release(gate)
	toks, errs := wait()
	newOnes := 0
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("call %d failed during the early refresh: %v", i, errs[i])
		}
		switch toks[i] {
		case "tok-1":
		case "tok-2":
			newOnes++
		default:
			t.Fatalf("call %d got %q", i, toks[i])
		}
	}
	if newOnes != 1 {
		t.Fatalf("%d calls got the new token, want 1 (the caller that started the refresh)", newOnes)
	}
	if c := f.calls.Load(); c != 2 {
		t.Fatalf("%d fetches after crossing 80 %%, want exactly 2", c)
	}
	mustToken(t, s, "tok-2")
	// The new token's 80 % is counted from its own fetch.
	clk.Advance(80*time.Second - time.Nanosecond)
	mustToken(t, s, "tok-2")
	if c := f.calls.Load(); c != 2 {
		t.Fatalf("%d fetches, want 2", c)
	}
}

func TestFailedEarlyRefreshKeepsOldTokenAndRetries(t *testing.T) {
	f := &fetcher{lifetime: 1000 * time.Second}
	clk := clock.NewFake(t0, false)
	s := newSource(t, f, clk)
	mustToken(t, s, "tok-1")

	clk.Advance(800 * time.Second)
	f.setFail(errors.New("login refused"))
	for range 5 {
		mustToken(t, s, "tok-1") // the refresh failed; the old token serves
	}
	if c := f.calls.Load(); c != 2 {
		t.Fatalf("%d fetches after a failed refresh, want 2 (no retry before RetryAfterFailure)", c)
	}
	clk.Advance(DefaultRetryAfterFailure - time.Nanosecond)
	mustToken(t, s, "tok-1")
	if c := f.calls.Load(); c != 2 {
		t.Fatalf("retried %v after the failure, before RetryAfterFailure", DefaultRetryAfterFailure-time.Nanosecond)
	}
	f.setFail(nil)
	clk.Advance(time.Nanosecond)
	mustToken(t, s, "tok-3")
	if c := f.calls.Load(); c != 3 {
		t.Fatalf("%d fetches, want the retry after RetryAfterFailure", c)
	}
}

func TestFailedRefreshRetriesAtHalfTheRemainingLife(t *testing.T) {
	f := &fetcher{lifetime: 100 * time.Second}
	clk := clock.NewFake(t0, false)
	s := newSource(t, f, clk, func(c *Config) { c.RetryAfterFailure = time.Minute })
	mustToken(t, s, "tok-1")
	clk.Advance(80 * time.Second) // 20 s left: retry after 10 s, not 1 min
	f.setFail(errors.New("down"))
	mustToken(t, s, "tok-1")
	clk.Advance(10*time.Second - time.Nanosecond)
	mustToken(t, s, "tok-1")
	if c := f.calls.Load(); c != 2 {
		t.Fatalf("%d fetches, want 2", c)
	}
	clk.Advance(time.Nanosecond)
	mustToken(t, s, "tok-1")
	if c := f.calls.Load(); c != 3 {
		t.Fatalf("%d fetches, want a retry at half the remaining life", c)
	}
	// Expired and the fetch still fails: now it is an error.
	clk.Advance(10 * time.Second)
	if _, err := s.Token(t.Context()); err == nil {
		t.Fatal("an expired token was served after the refresh failed")
	}
}

func TestExpiredTokenAndFailingFetchFailEveryWaiter(t *testing.T) {
	f := &fetcher{lifetime: 100 * time.Second}
	clk := clock.NewFake(t0, false)
	s := newSource(t, f, clk)
	mustToken(t, s, "tok-1")
	clk.Advance(100 * time.Second) // expired exactly now
	refused := errors.New("login refused")
	f.setFail(refused)
	gate := f.hold()
	const n = 200
	wait, _ := concurrently(s, n)
	waitUntil(t, "all callers wait", func() bool { return s.waiting.Load() == n })
	f.release(gate)
	toks, errs := wait()
	for i := range n {
		if !errors.Is(errs[i], refused) || toks[i] != "" {
			t.Fatalf("call %d = %q, %v; want the fetch error", i, toks[i], errs[i])
		}
	}
	if c := f.calls.Load(); c != 2 {
		t.Fatalf("%d fetches, want 2 (one for all the waiters)", c)
	}
	// The next call tries again rather than caching the failure.
	f.setFail(nil)
	mustToken(t, s, "tok-3")
}

type ctxKey struct{}

func TestStarterCancellingDoesNotFailOthers(t *testing.T) {
	f := &fetcher{lifetime: time.Hour}
	s := newSource(t, f, clock.NewFake(t0, false), func(c *Config) { c.FetchTimeout = 7 * time.Minute })
	gate := f.hold()

	ctx, cancel := context.WithCancel(context.WithValue(context.Background(), ctxKey{}, "trace-1"))
	starter := make(chan error, 1)
	go func() { _, err := s.Token(ctx); starter <- err }()
	waitUntil(t, "the starter waits", func() bool { return s.waiting.Load() == 1 })
	other := make(chan string, 1)
	go func() {
		tok, err := s.Token(context.Background())
		if err != nil {
			tok = "error: " + err.Error()
		}
		other <- tok
	}()
	waitUntil(t, "the second caller waits", func() bool { return s.waiting.Load() == 2 })

	cancel()
	err := <-starter
	var ge *giftcard.Error
	if !errors.Is(err, context.Canceled) || !errors.As(err, &ge) || ge.Provider != "test" || ge.Op != "Login" {
		t.Fatalf("the starter got %v, want its own cancellation as a *giftcard.Error", err)
	}
	f.mu.Lock()
	fctx := f.ctxs[0]
	f.mu.Unlock()
	if fctx.Err() != nil {
		t.Fatalf("the fetch context ended with the starter: %v", fctx.Err())
	}
	if fctx.Value(ctxKey{}) != "trace-1" {
		t.Fatal("the fetch context lost the starter's values")
	}
	if dl, ok := fctx.Deadline(); !ok || time.Until(dl) > 7*time.Minute || time.Until(dl) < 6*time.Minute {
		t.Fatalf("fetch deadline %v (set %v), want FetchTimeout from now", dl, ok)
	}
	f.release(gate)
	if tok := <-other; tok != "tok-1" {
		t.Fatalf("the other waiter got %q, want tok-1", tok)
	}
	if c := f.calls.Load(); c != 1 {
		t.Fatalf("%d fetches, want 1", c)
	}
	mustToken(t, s, "tok-1") // the abandoned fetch filled the cache
}

func TestCancelledStarterOfEarlyRefreshGetsOldToken(t *testing.T) {
	f := &fetcher{lifetime: 100 * time.Second}
	clk := clock.NewFake(t0, false)
	s := newSource(t, f, clk)
	mustToken(t, s, "tok-1")
	clk.Advance(90 * time.Second)
	gate := f.hold()
	ctx, cancel := context.WithCancel(t.Context())
	got := make(chan string, 1)
	go func() { tok, _ := s.Token(ctx); got <- tok }()
	waitUntil(t, "the starter waits", func() bool { return s.waiting.Load() == 1 })
	cancel()
	if tok := <-got; tok != "tok-1" {
		t.Fatalf("a cancelled starter with a valid token got %q, want tok-1", tok)
	}
	f.release(gate)
	waitUntil(t, "the refresh lands", func() bool { tok, _ := s.Token(t.Context()); return tok == "tok-2" })
}

func TestInvalidateOnlyWhenCurrent(t *testing.T) {
	f := &fetcher{lifetime: time.Hour}
	s := newSource(t, f, clock.NewFake(t0, false))
	if s.Invalidate("tok-1") {
		t.Fatal("Invalidate with no cached token reported a drop")
	}
	mustToken(t, s, "tok-1")
	if s.Invalidate("other") || s.Invalidate("") {
		t.Fatal("Invalidate dropped the token for a different one")
	}
	mustToken(t, s, "tok-1")
	if !s.Invalidate("tok-1") {
		t.Fatal("Invalidate(current) = false")
	}
	if s.Invalidate("tok-1") {
		t.Fatal("a second Invalidate of the same token reported a drop")
	}
	mustToken(t, s, "tok-2")
	if s.Invalidate("tok-1") {
		t.Fatal("a late rejection of the old token dropped its replacement")
	}
	mustToken(t, s, "tok-2")
	if c := f.calls.Load(); c != 2 {
		t.Fatalf("%d fetches, want 2", c)
	}
	s.Reset()
	mustToken(t, s, "tok-3")
}

func TestBurstOfRejectionsCausesOneRefetch(t *testing.T) {
	f := &fetcher{lifetime: time.Hour}
	s := newSource(t, f, clock.NewFake(t0, false))
	a := s.Authenticator("Authorization", "Bearer ")
	req := func() *http.Request { return httptest.NewRequest(http.MethodGet, "/x", nil) }
	first := req()
	if err := a.Authenticate(t.Context(), first, nil); err != nil {
		t.Fatal(err)
	}
	if h := first.Header.Get("Authorization"); h != "Bearer tok-1" {
		t.Fatalf("Authorization = %q", h)
	}
	const n = 100
	var dropped atomic.Int32
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			rejected := req()
			rejected.Header.Set("Authorization", "Bearer tok-1")
			if !a.Reauthenticate(context.Background(), rejected) {
				t.Error("a rejected request with a token was not repeated")
			}
			if s.Invalidate("tok-1") {
				dropped.Add(1)
			}
			again := req()
			if err := a.Authenticate(context.Background(), again, nil); err != nil || again.Header.Get("Authorization") != "Bearer tok-2" {
				t.Errorf("repeat carried %q, %v; want the new token", again.Header.Get("Authorization"), err)
			}
		})
	}
	wg.Wait()
	if d := dropped.Load(); d != 0 {
		t.Fatalf("%d later Invalidate calls dropped the replacement", d)
	}
	if c := f.calls.Load(); c != 2 {
		t.Fatalf("%d fetches for a burst of %d 401s on one token, want 2", c, n)
	}
	for _, h := range []string{"", "Basic tok-2", "Bearer "} {
		r := req()
		if h != "" {
			r.Header.Set("Authorization", h)
		}
		if a.Reauthenticate(t.Context(), r) {
			t.Errorf("a request with Authorization %q was repeated", h)
		}
	}
	mustToken(t, s, "tok-2")
}

// The adapter with a bare header (loyalty's jwt-token) through the real
// transport: every caller of a revoked token recovers with one refetch.
func TestAuthenticatorThroughTransport(t *testing.T) {
	var revoked atomic.Value
	revoked.Store("tok-1")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tok := r.Header.Get("jwt-token")
		if tok == "" || tok == revoked.Load() || r.Header.Get("Authorization") != "" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"token":%q}`, tok)
	}))
	defer srv.Close()
	f := &fetcher{lifetime: time.Hour}
	clk := clock.NewFake(t0, true)
	s := newSource(t, f, clk)
	tr, err := transport.New(giftcard.NewConfig(giftcard.WithClock(clk), giftcard.WithBaseURL(srv.URL)),
		transport.Options{Provider: "test", Auth: s.Authenticator("jwt-token", "")})
	if err != nil {
		t.Fatal(err)
	}
	mustToken(t, s, "tok-1") // cached, then revoked on the server
	const n = 50
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			var out struct{ Token string }
			if _, err := tr.Do(context.Background(), &transport.Request{Op: "Get", Method: http.MethodGet, Path: "/x"}, &out); err != nil || out.Token != "tok-2" {
				t.Errorf("call = %q, %v; want success with tok-2", out.Token, err)
			}
		})
	}
	wg.Wait()
	if c := f.calls.Load(); c != 2 {
		t.Fatalf("%d fetches for %d callers of one revoked token, want 2", c, n)
	}
}

func TestLifetimeDefaultsAndCap(t *testing.T) {
	for _, tc := range []struct {
		name      string
		lifetime  time.Duration
		noRefresh time.Duration // still the first token here
		refresh   time.Duration // a second fetch here
	}{
		{"unknown", 0, 48*time.Minute - time.Nanosecond, 48 * time.Minute},
		{"negative", -time.Second, 48*time.Minute - time.Nanosecond, 48 * time.Minute},
		{"overflowed", math.MaxInt64, 24*time.Hour - time.Nanosecond, 24 * time.Hour},
		{"above cap", 100 * time.Hour, 24*time.Hour - time.Nanosecond, 24 * time.Hour},
		{"saturated seconds", Seconds(99999999999), 24*time.Hour - time.Nanosecond, 24 * time.Hour},
		{"given", 10 * time.Second, 8*time.Second - time.Nanosecond, 8 * time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &fetcher{lifetime: tc.lifetime}
			clk := clock.NewFake(t0, false)
			s := newSource(t, f, clk)
			mustToken(t, s, "tok-1")
			clk.Advance(tc.noRefresh)
			mustToken(t, s, "tok-1")
			clk.Advance(tc.refresh - tc.noRefresh)
			mustToken(t, s, "tok-2")
		})
	}
}

func TestSeconds(t *testing.T) {
	for _, tc := range []struct {
		n    int64
		want time.Duration
	}{
		{-5, 0}, {0, 0}, {1, time.Second}, {3600, time.Hour},
		{math.MaxInt64 / int64(time.Second), time.Duration(math.MaxInt64/int64(time.Second)) * time.Second},
		{9300000000, math.MaxInt64}, {math.MaxInt64, math.MaxInt64},
	} {
		if got := Seconds(tc.n); got != tc.want || got < 0 {
			t.Errorf("Seconds(%d) = %v, want %v", tc.n, got, tc.want)
		}
	}
}

func TestEmptyTokenIsAnError(t *testing.T) {
	s, err := New(Config{Provider: "test", Clock: clock.NewFake(t0, false), Fetch: func(context.Context) (Token, error) {
		return Token{Lifetime: time.Hour}, nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := s.Token(t.Context())
	var ge *giftcard.Error
	if tok != "" || !errors.Is(err, giftcard.ErrInvalidResponse) || !errors.As(err, &ge) || ge.Provider != "test" || ge.Op != "Token" {
		t.Fatalf("Token() = %q, %v; want an invalid-response error", tok, err)
	}
}

func TestNewValidates(t *testing.T) {
	ok := func(context.Context) (Token, error) { return Token{}, nil }
	for _, cfg := range []Config{
		{},
		{Fetch: ok, RefreshNum: 4},
		{Fetch: ok, RefreshDen: 5},
		{Fetch: ok, RefreshNum: 6, RefreshDen: 5},
		{Fetch: ok, RefreshNum: -1, RefreshDen: 5},
		{Fetch: ok, DefaultLifetime: -1},
		{Fetch: ok, MaxLifetime: -1},
		{Fetch: ok, RetryAfterFailure: -1},
		{Fetch: ok, FetchTimeout: -1},
	} {
		if _, err := New(cfg); err == nil {
			t.Errorf("New(%+v) accepted", cfg)
		}
	}
	s, err := New(Config{Fetch: ok})
	if err != nil {
		t.Fatal(err)
	}
	if s.num != 4 || s.den != 5 || s.defLife != time.Hour || s.maxLife != 30*time.Hour ||
		s.retry != 30*time.Second || s.timeout != 30*time.Second || s.clock == nil || s.op != "Token" {
		t.Fatalf("defaults not applied: %d/%d %v %v %v %v", s.num, s.den, s.defLife, s.maxLife, s.retry, s.timeout)
	}
}

func TestTokenNeverPrinted(t *testing.T) {
	const secret = "eyJhbGciOi.secret-token-Zq9x"
	const digits = "123456789012345678" // a numeric token shows no last four either
	for _, v := range []string{secret, digits} {
		tok := Token{Value: v, Lifetime: time.Hour}
		wrapped := struct {
			Name string
			T    Token
			P    *Token
		}{"w", tok, &tok}
		leak := func(where, s string) {
			t.Helper()
			if strings.Contains(s, v) || strings.Contains(s, v[len(v)-4:]) {
				t.Errorf("%s leaks the token: %s", where, s)
			}
			if !strings.Contains(s, "****") {
				t.Errorf("%s does not show the masked token: %s", where, s)
			}
		}
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%10.3s"} {
			for _, x := range []any{tok, &tok, wrapped, &wrapped, []Token{tok}, map[string]Token{"k": tok}} {
				leak(fmt.Sprintf("fmt %s of %T", verb, x), fmt.Sprintf(verb, x))
			}
		}
		leak("String", tok.String())
		leak("GoString", tok.GoString())
		leak("Sprint", fmt.Sprint(tok)+fmt.Sprintln(&tok))
		for _, h := range []func(*bytes.Buffer) slog.Handler{
			func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
			func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
		} {
			var buf bytes.Buffer
			log := slog.New(h(&buf))
			log.Info("fetched", "token", tok, "ptr", &tok, "wrapped", wrapped, slog.Any("any", tok))
			leak(fmt.Sprintf("slog %T", h(&buf)), buf.String())
		}
		b, err := tok.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		leak("MarshalJSON", string(b))
	}
	if s := fmt.Sprint(Token{}); strings.Contains(s, "****") {
		t.Errorf("an empty token prints as set: %s", s)
	}
}

func TestSourceNeverPrintsItsToken(t *testing.T) {
	const secret = "cached-secret-token"
	s, err := New(Config{Provider: "test", Clock: clock.NewFake(t0, false), Fetch: func(context.Context) (Token, error) {
		return Token{Value: secret}, nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	mustToken(t, s, secret)
	a := s.Authenticator("jwt-token", "")
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		for _, x := range []any{s, a} {
			if out := fmt.Sprintf(verb, x); strings.Contains(out, secret) {
				t.Errorf("fmt %s of %T leaks: %s", verb, x, out)
			}
		}
	}
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("x", "src", s, "auth", a)
	slog.New(slog.NewTextHandler(&buf, nil)).Info("x", "src", s, "auth", a)
	if strings.Contains(buf.String(), secret) {
		t.Errorf("slog leaks the cached token: %s", buf.String())
	}
}
