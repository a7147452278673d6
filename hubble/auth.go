package hubble

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/transport"
)

const (
	loginPath = "/v1/partners/auth/login"
	// A token is replaced at refreshNum/refreshDen (80 %) of its lifetime,
	// as Hubble recommends.
	refreshNum, refreshDen = 4, 5
	// defaultTokenLifetime is assumed when a login answer has no usable
	// expiresInSecs (the documented typical value).
	defaultTokenLifetime = 3600 * time.Second
	// maxTokenLifetime caps a larger expiresInSecs: the token is then
	// refreshed at least daily.
	maxTokenLifetime = 30 * time.Hour
	// refreshRetry is how long a still-valid token is used after an early
	// refresh failed before the refresh is tried again.
	refreshRetry = 30 * time.Second
)

// tokenSource logs in and caches the bearer token for every goroutine of one
// client. It implements transport.Reauthenticator.
//
//   - A cached token is used until 80 % of its lifetime has passed on the
//     client's clock; the first call after that logs in again (one login in
//     flight at a time). While the old token is still valid, the other calls
//     go on using it instead of waiting, and a failed early refresh is not an
//     error: the old token serves until it really expires, and the refresh
//     is tried again after refreshRetry (or half the time left, if sooner).
//     Once a token has expired, or was rejected, every call waits for the
//     one login.
//   - The login runs on a context detached from the cancellation of the
//     caller that started it (its values are kept) and bounded by its own
//     timeout, so a caller giving up does not fail everyone waiting.
//   - A 401 invalidates the token only if the rejected request carried the
//     current one, so a burst of 401s for one revoked token causes one
//     login.
type tokenSource struct {
	tr       *transport.Client
	clientID string
	secret   *giftcard.Secret // behind a pointer: fmt prints an unexported field raw
	clock    giftcard.Clock
	timeout  time.Duration

	mu       sync.Mutex
	cur      *session // nil: no token; behind a pointer so fmt never prints it
	inflight *loginCall
}

// session is one login's token. It is replaced, never changed in place.
type session struct {
	token     string
	refreshAt time.Time // when to start logging in again
	expiresAt time.Time // when the token stops working
}

type loginCall struct {
	done  chan struct{}
	token string
	err   error
}

// Authenticate sets the bearer token on one attempt.
func (t *tokenSource) Authenticate(ctx context.Context, req *http.Request, _ []byte) error {
	tok, err := t.get(ctx)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	return nil
}

// Reauthenticate drops the token the rejected request carried, if it is
// still the current one, and asks for one repeat. A request that carried no
// bearer token (the login itself) is not repeated.
func (t *tokenSource) Reauthenticate(_ context.Context, rejected *http.Request) bool {
	tok, ok := strings.CutPrefix(rejected.Header.Get("Authorization"), "Bearer ")
	if !ok || tok == "" {
		return false
	}
	t.mu.Lock()
	if t.cur != nil && t.cur.token == tok {
		t.cur = nil
	}
	t.mu.Unlock()
	return true
}

func (t *tokenSource) get(ctx context.Context) (string, error) {
	t.mu.Lock()
	now := t.clock.Now()
	cur := t.cur
	if cur != nil && now.Before(cur.refreshAt) {
		t.mu.Unlock()
		return cur.token, nil
	}
	valid := cur != nil && now.Before(cur.expiresAt)
	call := t.inflight
	started := false
	if call == nil {
		call = &loginCall{done: make(chan struct{})}
		t.inflight = call
		started = true
		go t.login(context.WithoutCancel(ctx), call)
	}
	t.mu.Unlock()
	if valid && !started {
		return cur.token, nil // another call is refreshing early
	}
	select {
	case <-call.done:
		if call.err != nil && valid {
			return cur.token, nil // the early refresh failed; the token still works
		}
		return call.token, call.err
	case <-ctx.Done():
		if valid {
			return cur.token, nil
		}
		return "", &giftcard.Error{Provider: providerName, Op: "Login", Message: "gave up waiting for the login", Err: ctx.Err()}
	}
}

// invalidate forgets the cached token (tests and Client.Logout).
func (t *tokenSource) invalidate() {
	t.mu.Lock()
	t.cur = nil
	t.mu.Unlock()
}

func (t *tokenSource) login(ctx context.Context, call *loginCall) {
	ctx, cancel := context.WithTimeout(ctx, t.timeout)
	defer cancel()
	tok, lifetime, err := t.doLogin(ctx)
	now := t.clock.Now()
	t.mu.Lock()
	switch {
	case err == nil:
		t.cur = &session{token: tok, refreshAt: now.Add(lifetime / refreshDen * refreshNum), expiresAt: now.Add(lifetime)}
	case t.cur != nil && now.Before(t.cur.expiresAt):
		retry := *t.cur
		retry.refreshAt = now.Add(min(refreshRetry, retry.expiresAt.Sub(now)/2))
		t.cur = &retry
	}
	t.inflight = nil
	call.token, call.err = tok, err
	t.mu.Unlock()
	close(call.done)
}

func (t *tokenSource) doLogin(ctx context.Context) (string, time.Duration, error) {
	var out LoginResponse
	_, err := t.tr.Do(ctx, &transport.Request{
		Op: "Login", Method: http.MethodPost, Path: loginPath,
		Body: LoginRequest{ClientID: t.clientID, ClientSecret: *t.secret},
		// Logging in again is harmless, so the transport may resend it
		// after a reset or a 5xx.
		Idempotent: true, NoAuth: true,
	}, &out)
	if err != nil {
		var ge *giftcard.Error
		if errors.As(err, &ge) {
			// Hubble's own message comes first; the documented cause of
			// the status is added after it.
			cause := ""
			switch ge.StatusCode {
			case http.StatusUnauthorized:
				cause = "wrong clientId/clientSecret, or staging keys on production"
			case http.StatusBadRequest:
				cause = "missing fields in the request"
			case http.StatusForbidden:
				cause = "request from a non-whitelisted IP"
			}
			if cause != "" {
				ge.Message = strings.TrimPrefix(ge.Message+"; login refused: "+cause, "; ")
			}
		}
		return "", 0, err
	}
	if out.Token.IsZero() {
		return "", 0, &giftcard.Error{Provider: providerName, Op: "Login", Kind: giftcard.ErrInvalidResponse, Message: "login answer has no token"}
	}
	var lifetime time.Duration
	switch {
	case out.ExpiresInSecs <= 0:
		lifetime = defaultTokenLifetime
	case out.ExpiresInSecs > int64(maxTokenLifetime/time.Second):
		// Also keeps the multiplication below from overflowing into a
		// negative lifetime, which would log in again on every call.
		lifetime = maxTokenLifetime
	default:
		lifetime = time.Duration(out.ExpiresInSecs) * time.Second
	}
	return out.Token.Reveal(), lifetime, nil
}
