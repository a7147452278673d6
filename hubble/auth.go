package hubble

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/token"
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

// tokenSource is the client's bearer token: a token.Source (single-flight
// login, refresh at 80 % of the lifetime on the client's clock, the old
// token kept while an early refresh fails, login detached from the caller,
// invalidate-if-current on a 401; see token.Source for the contract) whose
// fetch is Hubble's login. It implements transport.Reauthenticator with the
// token in "Authorization: Bearer …".
//
// New fills the fields, then tr once the transport exists (the transport
// needs the authenticator, the login needs the transport); the token.Source
// is built on first use, after New has returned.
type tokenSource struct {
	tr       *transport.Client
	clientID string
	secret   *giftcard.Secret // behind a pointer: fmt prints an unexported field raw
	clock    giftcard.Clock
	timeout  time.Duration

	once sync.Once
	src  *token.Source
	auth transport.Reauthenticator
	err  error // from token.New; only a programming error
}

func (t *tokenSource) source() (*token.Source, error) {
	t.once.Do(func() {
		t.src, t.err = token.New(token.Config{
			Fetch: t.login, Clock: t.clock, Provider: providerName, Op: "Login",
			RefreshNum: refreshNum, RefreshDen: refreshDen,
			DefaultLifetime: defaultTokenLifetime, MaxLifetime: maxTokenLifetime,
			RetryAfterFailure: refreshRetry, FetchTimeout: t.timeout,
		})
		if t.err == nil {
			t.auth = t.src.Authenticator("Authorization", "Bearer ")
		}
	})
	return t.src, t.err
}

// Authenticate sets the bearer token on one attempt.
func (t *tokenSource) Authenticate(ctx context.Context, req *http.Request, body []byte) error {
	if _, err := t.source(); err != nil {
		return err
	}
	return t.auth.Authenticate(ctx, req, body)
}

// Reauthenticate drops the token the rejected request carried, if it is
// still the current one, and asks for one repeat. A request that carried no
// bearer token (the login itself) is not repeated.
func (t *tokenSource) Reauthenticate(ctx context.Context, rejected *http.Request) bool {
	if _, err := t.source(); err != nil {
		return false
	}
	return t.auth.Reauthenticate(ctx, rejected)
}

// get returns the current token, logging in if needed (Client.Login).
func (t *tokenSource) get(ctx context.Context) (string, error) {
	src, err := t.source()
	if err != nil {
		return "", err
	}
	return src.Token(ctx)
}

// invalidate forgets the cached token (tests and Client.Logout).
func (t *tokenSource) invalidate() {
	if src, err := t.source(); err == nil {
		src.Reset()
	}
}

// login is the token.FetchFunc: one POST of the credentials, its refusals
// explained by Hubble's documented causes.
func (t *tokenSource) login(ctx context.Context) (token.Token, error) {
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
		return token.Token{}, err
	}
	if out.Token.IsZero() {
		return token.Token{}, &giftcard.Error{Provider: providerName, Op: "Login", Kind: giftcard.ErrInvalidResponse, Message: "login answer has no token"}
	}
	// Seconds maps a missing or non-positive expiresInSecs to "unknown"
	// (defaultTokenLifetime) and saturates one that would overflow a
	// Duration, which the source caps at maxTokenLifetime.
	return token.Token{Value: out.Token.Reveal(), Lifetime: token.Seconds(out.ExpiresInSecs)}, nil
}
