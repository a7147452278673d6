package hubble_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/giftcardtest"
	"github.com/giftcard-go/giftcard/hubble"
	"github.com/giftcard-go/giftcard/hubble/hubbletest"
	"github.com/giftcard-go/giftcard/internal/kittest"
)

const loginPath = "/v1/partners/auth/login"

func TestNewValidatesConfig(t *testing.T) {
	ok := hubble.Config{ClientID: "id", ClientSecret: "secret", BaseURL: hubble.StagingURL}
	cases := []struct {
		name  string
		cfg   hubble.Config
		opts  []giftcard.Option
		field string
	}{
		{"no client id", hubble.Config{ClientSecret: "s", BaseURL: hubble.StagingURL}, nil, "ClientID"},
		{"blank client id", hubble.Config{ClientID: "  ", ClientSecret: "s", BaseURL: hubble.StagingURL}, nil, "ClientID"},
		{"no client secret", hubble.Config{ClientID: "id", BaseURL: hubble.StagingURL}, nil, "ClientSecret"},
		{"no base URL", hubble.Config{ClientID: "id", ClientSecret: "s"}, nil, "BaseURL"},
		{"bad currency", hubble.Config{ClientID: "id", ClientSecret: "s", BaseURL: hubble.StagingURL, Currency: "rupees"}, nil, "Currency"},
		{"not a URL", hubble.Config{ClientID: "id", ClientSecret: "s", BaseURL: "ftp://x"}, nil, "BaseURL"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := hubble.New(tc.cfg, tc.opts...)
			ve := asValidation(t, err)
			if ve.Field != tc.field || !errors.Is(err, giftcard.ErrInvalidRequest) {
				t.Fatalf("field %q (err %v), want %q matching ErrInvalidRequest", ve.Field, err, tc.field)
			}
		})
	}
	c, err := hubble.New(ok)
	if err != nil {
		t.Fatal(err)
	}
	if c.Name() != "hubble" || c.Currency() != "INR" || c.BaseURL() != hubble.StagingURL {
		t.Fatalf("Name %q Currency %q BaseURL %q", c.Name(), c.Currency(), c.BaseURL())
	}
	// giftcard.WithBaseURL works alone and overrides Config.BaseURL.
	noURL := ok
	noURL.BaseURL = ""
	c, err = hubble.New(noURL, giftcard.WithBaseURL(hubble.ProductionURL))
	if err != nil || c.BaseURL() != hubble.ProductionURL {
		t.Fatalf("WithBaseURL alone: %v %v", c, err)
	}
	c, _ = hubble.New(ok, giftcard.WithBaseURL(hubble.ProductionURL))
	if c.BaseURL() != hubble.ProductionURL {
		t.Fatalf("WithBaseURL did not override Config.BaseURL: %s", c.BaseURL())
	}
	usd := ok
	usd.Currency = "usd"
	if c, _ := hubble.New(usd); c.Currency() != "USD" {
		t.Fatalf("currency not normalised: %s", c.Currency())
	}
}

func TestRequestsCarryBearerAndUUID(t *testing.T) {
	srv := sandbox(t)
	c := client(t, srv)
	if _, err := c.GetBalance(t.Context()); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetBalance(t.Context()); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, e := range srv.Requests() {
		rid := e.Header.Get("X-REQUEST-ID")
		if e.Path != loginPath {
			if !strings.HasPrefix(e.Header.Get("Authorization"), "Bearer hbt.") {
				t.Errorf("%s %s without the bearer token", e.Method, e.Path)
			}
		}
		if len(rid) != 36 || seen[rid] {
			t.Errorf("%s %s: X-REQUEST-ID %q is not a fresh UUID", e.Method, e.Path, rid)
		}
		seen[rid] = true
	}
	if srv.Logins() != 1 {
		t.Fatalf("%d logins for two calls, want 1 (cached token)", srv.Logins())
	}
}

func TestColdClientOneLoginFor1000ConcurrentCalls(t *testing.T) {
	clk := giftcardtest.NewManualClock(t0)
	srv := sandbox(t, hubbletest.WithClock(clk))
	c := client(t, srv, giftcard.WithClock(clk))
	failed := run(t, 1000, func(ctx context.Context) error { _, err := c.WalletBalance(ctx); return err })
	if failed != 0 {
		t.Fatalf("%d of 1000 calls failed", failed)
	}
	if n := srv.Logins(); n != 1 {
		t.Fatalf("1000 concurrent calls on a cold client made %d logins, want exactly 1", n)
	}
	if n := srv.CountRequests(http.MethodGet, "/v1/partners/wallet/balance"); n != 1000 {
		t.Fatalf("%d balance requests reached the sandbox, want 1000", n)
	}

	// Just before 80 % of the hour: the cached token is still used.
	clk.Advance(47 * time.Minute)
	if failed := run(t, 100, func(ctx context.Context) error { _, err := c.WalletBalance(ctx); return err }); failed != 0 {
		t.Fatalf("%d calls failed", failed)
	}
	if n := srv.Logins(); n != 1 {
		t.Fatalf("%d logins at 47 min of a 60 min token, want still 1", n)
	}
	// Past 48 min (80 %): exactly one more login, and no call fails.
	clk.Advance(90 * time.Second)
	if failed := run(t, 300, func(ctx context.Context) error { _, err := c.WalletBalance(ctx); return err }); failed != 0 {
		t.Fatalf("%d calls failed across the refresh", failed)
	}
	if n := srv.Logins(); n != 2 {
		t.Fatalf("%d logins after crossing 80 %% of the lifetime, want exactly 2", n)
	}
	// Past the hard expiry of the first token too.
	clk.Advance(2 * time.Hour)
	if failed := run(t, 100, func(ctx context.Context) error { _, err := c.WalletBalance(ctx); return err }); failed != 0 {
		t.Fatalf("%d calls failed after expiry", failed)
	}
	if n := srv.Logins(); n != 3 {
		t.Fatalf("%d logins after a full expiry, want 3", n)
	}
}

// The refresh point follows the login answer's expiresInSecs (here 600 s,
// so 480 s), not the typical hour.
func TestRefreshFollowsExpiresInSecs(t *testing.T) {
	clk := giftcardtest.NewManualClock(t0)
	srv := sandbox(t, hubbletest.WithClock(clk), hubbletest.WithTokenLifetime(10*time.Minute))
	c := client(t, srv, giftcard.WithClock(clk))
	balance := func(ctx context.Context) error { _, err := c.WalletBalance(ctx); return err }
	if failed := run(t, 50, balance); failed != 0 || srv.Logins() != 1 {
		t.Fatalf("%d failed, %d logins", failed, srv.Logins())
	}
	clk.Advance(8*time.Minute - time.Second)
	if failed := run(t, 50, balance); failed != 0 || srv.Logins() != 1 {
		t.Fatalf("at 479 s of a 600 s token: %d failed, %d logins, want 1", failed, srv.Logins())
	}
	clk.Advance(2 * time.Second)
	if failed := run(t, 50, balance); failed != 0 || srv.Logins() != 2 {
		t.Fatalf("at 481 s of a 600 s token: %d failed, %d logins, want 2", failed, srv.Logins())
	}
	// The sandbox never answered 401: the client refreshed before expiry.
	if n := count401(srv); n != 0 {
		t.Fatalf("%d requests answered 401", n)
	}
}

// An early refresh (at 80 %) that fails is not an outage: the old token is
// still valid and keeps serving until it really expires. Only then do calls
// fail, and they recover as soon as logging in works again.
func TestFailedEarlyRefreshKeepsTheValidToken(t *testing.T) {
	clk := giftcardtest.NewManualClock(t0)
	srv := sandbox(t, hubbletest.WithClock(clk), hubbletest.WithTokenLifetime(10*time.Minute))
	c := client(t, srv, giftcard.WithClock(clk))
	balance := func(ctx context.Context) error { _, err := c.WalletBalance(ctx); return err }
	logins := func() int { return srv.CountRequests(http.MethodPost, loginPath) }
	if failed := run(t, 20, balance); failed != 0 || logins() != 1 {
		t.Fatalf("cold start: %d failed, %d login requests", failed, logins())
	}

	// Past 80 % of the lifetime, logging in is refused (not retried by the
	// transport, so the manual clock is never slept on).
	srv.InjectFault(hubbletest.Fault{Method: http.MethodPost, Path: loginPath, Status: http.StatusUnauthorized,
		Body: `{"code":"UNAUTHORIZED","message":"bad credentials"}`, Times: -1})
	clk.Advance(8*time.Minute + time.Second)
	if failed := run(t, 50, balance); failed != 0 {
		t.Fatalf("%d calls failed while the old token was still valid", failed)
	}
	if n := logins(); n != 2 {
		t.Fatalf("%d login requests, want 2: one refresh attempt, then a pause of refreshRetry", n)
	}
	// After the pause, one more attempt; still no failed call.
	clk.Advance(31 * time.Second)
	if failed := run(t, 50, balance); failed != 0 || logins() != 3 {
		t.Fatalf("after the retry pause: %d failed, %d login requests, want 0 and 3", failed, logins())
	}

	// Past the real expiry the token is gone: calls fail with the login error.
	clk.Advance(2 * time.Minute)
	if err := balance(t.Context()); !errors.Is(err, giftcard.ErrUnauthorized) {
		t.Fatalf("after expiry with login refused: %v, want ErrUnauthorized", err)
	}
	// Logging in works again: calls recover.
	srv.ClearFaults()
	if failed := run(t, 20, balance); failed != 0 {
		t.Fatalf("%d calls failed after logins work again", failed)
	}
	for _, e := range srv.Requests() {
		if e.Status == http.StatusUnauthorized && e.Path != loginPath {
			t.Fatalf("%s %s was sent with an expired token and answered 401", e.Method, e.Path)
		}
	}
}

func TestRevokedTokenReloginOnceAndRetry(t *testing.T) {
	srv := sandbox(t)
	c := client(t, srv)
	if _, err := c.WalletBalance(t.Context()); err != nil {
		t.Fatal(err)
	}
	srv.RevokeTokens()
	before401 := count401(srv)
	if failed := run(t, 50, func(ctx context.Context) error { _, err := c.WalletBalance(ctx); return err }); failed != 0 {
		t.Fatalf("%d calls failed after the revocation", failed)
	}
	if n := srv.Logins(); n != 2 {
		t.Fatalf("%d logins, want 2: one burst of 401s for one revoked token is one re-login", n)
	}
	if count401(srv) == before401 {
		t.Fatal("the sandbox never answered 401: the revocation was not exercised")
	}

	// A single call: one 401, one re-login, one repeat, success.
	srv.RevokeTokens()
	start := len(srv.Requests())
	if _, err := c.GetOrderByReference(t.Context(), "nope"); !errors.Is(err, giftcard.ErrNotFound) {
		t.Fatalf("want the repeated call's own answer (not found), got %v", err)
	}
	var trail []string
	for _, e := range srv.Requests()[start:] {
		trail = append(trail, fmt.Sprintf("%s %d", e.Path, e.Status))
	}
	want := []string{"/v1/partners/orders/by-reference/nope 401", loginPath + " 200", "/v1/partners/orders/by-reference/nope 404"}
	if strings.Join(trail, ", ") != strings.Join(want, ", ") {
		t.Fatalf("requests %v, want %v", trail, want)
	}
}

func TestWrongCredentialsAreNotRetriedForever(t *testing.T) {
	srv := sandbox(t)
	cfg := srv.Config()
	cfg.ClientSecret = "wrong-secret-5f1d9c"
	c := clientWith(t, srv, cfg)
	_, err := c.GetBalance(t.Context())
	ge := asError(t, err)
	if !errors.Is(err, giftcard.ErrUnauthorized) || ge.StatusCode != http.StatusUnauthorized || ge.Op != "Login" {
		t.Fatalf("got %v, want ErrUnauthorized from Login with HTTP 401", err)
	}
	if !strings.HasPrefix(ge.Message, "Invalid client credentials;") || !strings.Contains(ge.Message, "clientId/clientSecret") ||
		ge.Code != "UNAUTHORIZED" || ge.RequestID == "" {
		t.Errorf("message %q code %q request id %q: want Hubble's message, code and request id, then the 401's documented cause",
			ge.Message, ge.Code, ge.RequestID)
	}
	if strings.Contains(fmt.Sprintf("%v %+v %#v", err, err, err), "wrong-secret-5f1d9c") {
		t.Fatal("the client secret appears in the error")
	}
	if n := srv.Logins(); n != 1 {
		t.Fatalf("%d logins for one call with bad credentials, want 1 (a 401 on login is not re-authenticated)", n)
	}
}

func TestLoginForbiddenAndBadRequest(t *testing.T) {
	srv := sandbox(t, hubbletest.WithLoginAllowedIPs("203.0.113.9"))
	_, err := client(t, srv).GetBalance(t.Context())
	if ge := asError(t, err); ge.StatusCode != http.StatusForbidden || !errors.Is(err, giftcard.ErrUnauthorized) ||
		!strings.HasPrefix(ge.Message, "Request from a non-whitelisted IP;") || !strings.Contains(ge.Message, "login refused") {
		t.Fatalf("403 on login: got %v", err)
	}
	srv2 := sandbox(t)
	srv2.InjectFault(hubbletest.Fault{Path: loginPath, Status: http.StatusBadRequest, Header: http.Header{"Content-Type": {"application/json"}},
		Body: `{"code":"VALIDATION_ERROR","message":"clientId must not be blank"}`})
	_, err = client(t, srv2).GetBalance(t.Context())
	if ge := asError(t, err); ge.StatusCode != http.StatusBadRequest || !errors.Is(err, giftcard.ErrInvalidRequest) ||
		ge.Code != "VALIDATION_ERROR" || !strings.HasPrefix(ge.Message, "clientId must not be blank;") || !strings.Contains(ge.Message, "missing fields") {
		t.Fatalf("400 on login: got %v", err)
	}
}

func TestLoginSurvivesTheCallerThatStartedIt(t *testing.T) {
	srv := sandbox(t)
	srv.InjectFault(hubbletest.Fault{Path: loginPath, Delay: 300 * time.Millisecond})
	c := client(t, srv)
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Millisecond)
	defer cancel()
	_, err := c.WalletBalance(ctx)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("the impatient caller got %v, want its own deadline", err)
	}
	// Another caller joins the same login, which was not cancelled.
	if _, err := c.WalletBalance(t.Context()); err != nil {
		t.Fatalf("second caller: %v", err)
	}
	if n := srv.Logins(); n != 1 {
		t.Fatalf("%d logins; the first caller's departure must not cancel the login in flight", n)
	}
	if e := srv.Requests()[0]; e.Path != loginPath || e.Status != http.StatusOK {
		t.Fatalf("first request %s answered %d, want the login to complete", e.Path, e.Status)
	}
}

func TestLoginEndpointCallIsExplicit(t *testing.T) {
	srv := sandbox(t)
	c := client(t, srv)
	if err := c.Login(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := c.Login(t.Context()); err != nil {
		t.Fatal(err)
	}
	if srv.Logins() != 1 {
		t.Fatalf("Login twice made %d logins, want 1 (cached)", srv.Logins())
	}
	c.Logout()
	if err := c.Login(t.Context()); err != nil || srv.Logins() != 2 {
		t.Fatalf("after Logout: %v, %d logins", err, srv.Logins())
	}
}

func TestSecretNeverLogged(t *testing.T) {
	const secret = "s3cr3t-client-value-4242"
	srv := sandbox(t, hubbletest.WithCredentials("partner-1", secret))
	var buf bytes.Buffer
	var mu sync.Mutex
	logger := slog.New(slog.NewJSONHandler(lockedWriter{&mu, &buf}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c := client(t, srv, giftcard.WithLogger(logger), giftcard.WithClock(giftcardtest.NewClock(t0)))
	ctx := t.Context()
	if _, err := c.GetBalance(ctx); err != nil {
		t.Fatal(err)
	}
	srv.RevokeTokens() // a re-login, logged
	o, err := c.PlaceOrder(ctx, flipkart500())
	if err != nil {
		t.Fatal(err)
	}
	logger.Info("order placed", "order", o, "voucher", o.Vouchers[0])
	native, _ := c.Order(ctx, o.ID)
	logger.Info("native order", "order", native, "voucher", native.Vouchers[0])
	srv.InjectFault(hubbletest.Fault{Method: http.MethodPost, Path: "/v1/partners/orders", DropAfterCommit: true})
	if _, err := c.PlaceOrder(ctx, flipkart500()); err != nil {
		t.Fatal(err)
	}
	// A failing login with the right secret but a 5xx, logged with retries.
	c.Logout()
	srv.InjectFault(hubbletest.Fault{Path: loginPath, Status: http.StatusServiceUnavailable, Times: 2})
	if _, err := c.GetBalance(ctx); err != nil {
		t.Fatalf("login after two 503s: %v", err)
	}
	mu.Lock()
	out := buf.String()
	mu.Unlock()
	if !strings.Contains(out, `"level":"DEBUG"`) || !strings.Contains(out, loginPath) {
		t.Fatalf("the debug log is missing the attempts:\n%s", out)
	}
	for _, leak := range []string{secret, "hbt.", o.Vouchers[0].CardNumber.Reveal(), o.Vouchers[0].PIN.Reveal()} {
		if strings.Contains(out, leak) {
			t.Fatalf("log contains %q:\n%s", leak, out)
		}
	}
	for _, v := range []any{c, srv.Config(), o, native} {
		for _, f := range []string{"%v", "%+v", "%#v", "%s"} {
			if s := fmt.Sprintf(f, v); strings.Contains(s, secret) || strings.Contains(s, o.Vouchers[0].CardNumber.Reveal()) {
				t.Fatalf("fmt %s of %T leaks: %s", f, v, s)
			}
		}
	}
}

type lockedWriter struct {
	mu  *sync.Mutex
	buf *bytes.Buffer
}

func (w lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.Write(p)
}

// run calls fn n times concurrently and returns how many failed.
func run(t *testing.T, n int, fn func(context.Context) error) int {
	t.Helper()
	var failed atomic.Int32
	var first atomic.Value
	var wg sync.WaitGroup
	start := make(chan struct{})
	for range n {
		wg.Go(func() {
			<-start
			if err := fn(t.Context()); err != nil {
				failed.Add(1)
				first.CompareAndSwap(nil, err.Error())
			}
		})
	}
	close(start)
	wg.Wait()
	if f := first.Load(); f != nil {
		t.Logf("first failure: %s", f)
	}
	return int(failed.Load())
}

func count401(srv *hubbletest.Server) int {
	n := 0
	for _, e := range srv.Requests() {
		if e.Status == http.StatusUnauthorized {
			n++
		}
	}
	return n
}

// TestCredentialHoldersPrintMasked: every type that holds a credential or a
// token masks it in fmt (every verb, pointer and value) and in slog's JSON
// and text handlers. slog's JSON handler marshals a struct, and a
// giftcard.Secret marshals to its real value, so each such type needs its
// own LogValue; fmt cannot reach the Format method of an unexported field.
func TestCredentialHoldersPrintMasked(t *testing.T) {
	const secret, webhookSecret, token = "client-secret-7d1e9a", "hubble-webhook-secret-42", "eyJhbGciOiJIUzI1NiIs.tok"
	cfg := hubble.Config{ClientID: "partner-1", ClientSecret: secret, WebhookSecret: webhookSecret, BaseURL: "http://127.0.0.1:1"}
	c, err := hubble.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	values := map[string]any{
		"config": cfg, "config_ptr": &cfg, "client": c,
		// A copy of the struct (vet refuses a plain *c): fmt cannot call the
		// methods of its unexported fields, so they must hold no secret.
		"client_value":   reflect.ValueOf(c).Elem().Interface(),
		"login_request":  hubble.LoginRequest{ClientID: "partner-1", ClientSecret: secret},
		"login_response": hubble.LoginResponse{Token: token, ExpiresInSecs: 3600},
	}
	var out strings.Builder
	for k, v := range values {
		t.Run(k, func(t *testing.T) { kittest.AssertRedacted(t, v, secret, webhookSecret, token) })
		out.WriteString(kittest.Printed(v))
	}
	// What is not secret is still printed, so the check above can fail.
	if !strings.Contains(out.String(), "partner-1") || !strings.Contains(out.String(), "127.0.0.1:1") {
		t.Errorf("output lacks the client id or base URL:\n%s", out.String())
	}
}
