package hubble

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/token"
	"github.com/giftcard-go/giftcard/internal/transport"
)

// The login token's timing; the token.Source New builds does the rest
// (single-flight login, refresh on the client's clock, the old token kept
// while an early refresh fails, login detached from the caller,
// invalidate-if-current on a 401).
const (
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

// login is the token source's fetch: one POST of the credentials, its
// refusals explained by Hubble's documented causes.
func (c *Client) login(ctx context.Context) (token.Token, error) {
	r := c.req(routeLogin)
	// Logging in again is harmless, so the transport may resend it after a
	// reset or a 5xx.
	r.Body, r.Idempotent, r.NoAuth = LoginRequest{ClientID: c.clientID, ClientSecret: *c.secret}, true, true
	out, err := transport.Call[LoginResponse](ctx, c.tr, r)
	if ge := (*giftcard.Error)(nil); errors.As(err, &ge) {
		// Hubble's own message comes first; the documented cause of the
		// status is added after it.
		cause := map[int]string{
			http.StatusUnauthorized: "wrong clientId/clientSecret, or staging keys on production",
			http.StatusBadRequest:   "missing fields in the request",
			http.StatusForbidden:    "request from a non-whitelisted IP",
		}[ge.StatusCode]
		if cause != "" {
			ge.Message = strings.TrimPrefix(ge.Message+"; login refused: "+cause, "; ")
		}
	}
	if err != nil {
		return token.Token{}, err
	}
	if out.Token.IsZero() {
		return token.Token{}, &giftcard.Error{Provider: providerName, Op: routeLogin.Op, Kind: giftcard.ErrInvalidResponse, Message: "login answer has no token"}
	}
	// Seconds maps a missing or non-positive expiresInSecs to "unknown"
	// (defaultTokenLifetime) and saturates one that would overflow a
	// Duration, which the source caps at maxTokenLifetime.
	return token.Token{Value: out.Token.Reveal(), Lifetime: token.Seconds(out.ExpiresInSecs)}, nil
}
