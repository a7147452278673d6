package webhook

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"time"

	"github.com/giftcard-go/giftcard"
)

// Defaults for a Config field left zero.
const (
	DefaultMaxBytes    = 1 << 20
	DefaultReadTimeout = 10 * time.Second
)

// Config configures a Handler.
type Config struct {
	// Provider names the provider in logs and in construction errors.
	Provider string
	// Verifier authenticates each request; a request it refuses is answered
	// 401 and never reaches the deliver function. Required unless Insecure.
	Verifier Verifier
	// Insecure allows a nil Verifier: every request that passes the other
	// checks is delivered. It must be set on purpose (local development, or
	// a verifier applied by the caller inside deliver); a Verifier, when
	// set, is still used.
	Insecure bool
	// MaxBytes caps the body (default DefaultMaxBytes); a larger body is
	// answered 413.
	MaxBytes int64
	// ReadTimeout bounds reading the whole body (default
	// DefaultReadTimeout); a body still arriving when it ends, however
	// steadily it drips, is answered 408. This is a network deadline, on
	// the wall clock.
	ReadTimeout time.Duration
	// AllowedIPs, when not empty, are the only client addresses accepted;
	// any other is answered 403 before the body is read. See ParsePrefixes.
	AllowedIPs []netip.Prefix
	// TrustedProxies are the reverse proxies in front of the handler:
	// X-Forwarded-For is read only when the connection comes from one of
	// them (see ClientIP). Without them X-Forwarded-For is ignored.
	TrustedProxies []netip.Prefix
	// Replay, when set, delivers each replay key at most once within its
	// TTL: a repeat is answered 200 without calling deliver.
	Replay *ReplayGuard
	// ReplayKey derives the replay key from a verified body (default: the
	// hex SHA-256 of the body). An empty key disables replay protection for
	// that request. Share one guard between handlers only when their keys
	// cannot collide (prefix an event id with the provider).
	ReplayKey func(body []byte) string
	// Logger receives one record per refused or failed request (default:
	// discarded). Bodies and signatures are never logged.
	Logger *slog.Logger
}

// StatusError makes the Handler answer Code instead of its default status:
// a deliver function returns one for a malformed payload (400) or a
// dependency that is down (503), and a Verifier for a check it could not
// finish (503). The response body is still only the status text.
type StatusError struct {
	Code int   // an HTTP status, 400..599; any other answers 500
	Err  error // the cause, logged but never sent
}

// Error renders the status and the cause.
func (e *StatusError) Error() string {
	if e.Err == nil {
		return "webhook: status " + strconv.Itoa(e.Code)
	}
	return "webhook: status " + strconv.Itoa(e.Code) + ": " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *StatusError) Unwrap() error { return e.Err }

// WithStatus wraps err so the Handler answers code. A nil err stays nil.
func WithStatus(code int, err error) error {
	if err == nil {
		return nil
	}
	return &StatusError{Code: code, Err: err}
}

// statusOf returns the status a StatusError in err's chain asks for, or def.
func statusOf(err error, def int) int {
	if se, ok := errors.AsType[*StatusError](err); ok && se.Code >= 400 && se.Code <= 599 {
		return se.Code
	}
	return def
}

// Handler is the http.Handler built by New. It is safe for concurrent use.
type Handler struct {
	provider    string
	verifier    Verifier
	maxBytes    int64
	readTimeout time.Duration
	allowed     []netip.Prefix
	proxies     []netip.Prefix
	replay      *ReplayGuard
	replayKey   func([]byte) string
	log         *slog.Logger
	deliver     func(ctx context.Context, body []byte, r *http.Request) error
}

// New builds a Handler that calls deliver with the raw body of each
// request that passes every check. deliver's error is answered 500 (or the
// status of a *StatusError). It fails closed: without a Verifier, New
// returns a *giftcard.ValidationError for Field "Verifier" unless Insecure
// is set; it also refuses a nil deliver, a negative MaxBytes or
// ReadTimeout, and invalid prefixes.
func New(cfg Config, deliver func(ctx context.Context, body []byte, r *http.Request) error) (*Handler, error) {
	invalid := func(field, reason string) error { return giftcard.Invalid(cfg.Provider, field, reason) }
	switch {
	case deliver == nil:
		return nil, invalid("deliver", "a deliver function is required")
	case cfg.Verifier == nil && !cfg.Insecure:
		return nil, invalid("Verifier", "a verifier is required; set Insecure to accept unverified webhooks on purpose")
	case cfg.MaxBytes < 0:
		return nil, invalid("MaxBytes", "must not be negative")
	case cfg.ReadTimeout < 0:
		return nil, invalid("ReadTimeout", "must not be negative")
	}
	for i, p := range cfg.AllowedIPs {
		if !p.IsValid() {
			return nil, invalid(fmt.Sprintf("AllowedIPs[%d]", i), "not a valid prefix")
		}
	}
	for i, p := range cfg.TrustedProxies {
		if !p.IsValid() {
			return nil, invalid(fmt.Sprintf("TrustedProxies[%d]", i), "not a valid prefix")
		}
	}
	h := &Handler{
		provider: cfg.Provider, verifier: cfg.Verifier, maxBytes: cfg.MaxBytes, readTimeout: cfg.ReadTimeout,
		allowed: masked(cfg.AllowedIPs), proxies: masked(cfg.TrustedProxies),
		replay: cfg.Replay, replayKey: cfg.ReplayKey, log: cfg.Logger, deliver: deliver,
	}
	if h.maxBytes == 0 {
		h.maxBytes = DefaultMaxBytes
	}
	if h.readTimeout == 0 {
		h.readTimeout = DefaultReadTimeout
	}
	if h.replayKey == nil {
		h.replayKey = BodyKey
	}
	if h.log == nil {
		h.log = slog.New(slog.DiscardHandler)
	}
	if h.verifier == nil {
		h.log.LogAttrs(context.Background(), slog.LevelWarn, "giftcard: webhook handler built without verification (Insecure)",
			slog.String("provider", h.provider))
	}
	return h, nil
}

func masked(ps []netip.Prefix) []netip.Prefix {
	out := make([]netip.Prefix, len(ps))
	for i, p := range ps {
		out[i], _ = parsePrefix(p.String()) // masks, unmaps IPv4-mapped prefixes
	}
	return out
}

// BodyKey is the default replay key: the hex SHA-256 of the body.
func BodyKey(body []byte) string {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}

// ServeHTTP checks, in order: the method (405), the client address (403),
// the body read (413 too large, 408 too slow, 400 unreadable), the
// verifier (401), the replay guard (200 for a repeat), then calls deliver
// (500 on error, 200 on success).
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
		return
	}
	ctx := r.Context()
	if len(h.allowed) > 0 {
		if ip, ok := ClientIP(r, h.proxies); !ok || !contains(h.allowed, ip) {
			h.refuse(ctx, w, r, http.StatusForbidden, "giftcard: webhook from a source not allowed", nil)
			return
		}
	}
	body, status, err := h.readBody(w, r)
	if status != 0 {
		h.refuse(ctx, w, r, status, "giftcard: webhook body not read", err)
		return
	}
	if h.verifier != nil {
		if err := h.verifier.Verify(r, body); err != nil {
			h.refuse(ctx, w, r, statusOf(err, http.StatusUnauthorized), "giftcard: webhook not verified", err)
			return
		}
	}
	key := ""
	if h.replay != nil {
		key = h.replayKey(body)
	}
	if key == "" {
		h.run(w, r, body)
		return
	}
	for {
		res, wait := h.replay.Reserve(key)
		switch res {
		case Reserved:
			h.runReserved(w, r, body, key)
			return
		case Duplicate:
			h.log.LogAttrs(ctx, slog.LevelInfo, "giftcard: webhook replay ignored", slog.String("provider", h.provider))
			w.WriteHeader(http.StatusOK)
			return
		case InFlight:
			select {
			case <-wait: // the holder finished: committed (Duplicate next) or released (ours to deliver)
			case <-ctx.Done():
				h.refuse(ctx, w, r, http.StatusServiceUnavailable, "giftcard: webhook gave up waiting for a duplicate in flight", ctx.Err())
				return
			}
		default: // Full
			w.Header().Set("Retry-After", "1")
			h.refuse(ctx, w, r, http.StatusServiceUnavailable, "giftcard: webhook replay guard full", nil)
			return
		}
	}
}

// runReserved delivers under a reserved replay key: committed when deliver
// succeeds, released otherwise, a panic included (it then propagates to
// net/http), so the provider's retry is delivered.
func (h *Handler) runReserved(w http.ResponseWriter, r *http.Request, body []byte, key string) {
	committed := false
	defer func() {
		if !committed {
			h.replay.Release(key)
		}
	}()
	if h.run(w, r, body) {
		h.replay.Commit(key)
		committed = true
	}
}

// run calls deliver and answers; it reports whether deliver succeeded.
func (h *Handler) run(w http.ResponseWriter, r *http.Request, body []byte) (ok bool) {
	if err := h.deliver(r.Context(), body, r); err != nil {
		h.refuse(r.Context(), w, r, statusOf(err, http.StatusInternalServerError), "giftcard: webhook not handled", err)
		return false
	}
	w.WriteHeader(http.StatusOK)
	return true
}

// refuse logs and answers status with its status text only.
func (h *Handler) refuse(ctx context.Context, w http.ResponseWriter, r *http.Request, status int, msg string, err error) {
	attrs := []slog.Attr{slog.String("provider", h.provider), slog.Int("status", status), slog.String("remote_addr", r.RemoteAddr)}
	if err != nil {
		attrs = append(attrs, slog.String("error", err.Error()))
	}
	level := slog.LevelWarn
	if status >= 500 {
		level = slog.LevelError
	}
	h.log.LogAttrs(ctx, level, msg, attrs...)
	http.Error(w, http.StatusText(status), status)
}

var errReadTimeout = errors.New("webhook: body not received within the read timeout")

// readBody reads the whole body under the size cap and the read deadline.
// A non-zero status means it failed. The deadline is enforced three ways:
// on the connection (http.ResponseController, where the server supports
// it), by a reader that refuses to read past it (a body dripping a byte at a
// time), and by a timer (a stalled body on a connection without deadline
// support: the handler answers and the reading goroutine ends with the
// connection).
func (h *Handler) readBody(w http.ResponseWriter, r *http.Request) ([]byte, int, error) {
	if r.ContentLength > h.maxBytes {
		w.Header().Set("Connection", "close")
		return nil, http.StatusRequestEntityTooLarge, nil
	}
	if r.Body == nil || r.Body == http.NoBody {
		return []byte{}, 0, nil
	}
	deadline := time.Now().Add(h.readTimeout)
	rc := http.NewResponseController(w)
	connDeadline := rc.SetReadDeadline(deadline) == nil

	type result struct {
		body []byte
		err  error
	}
	done := make(chan result, 1)
	src := io.LimitReader(&deadlineReader{r: r.Body, deadline: deadline}, h.maxBytes+1)
	go func() {
		b, err := io.ReadAll(src)
		done <- result{b, err}
	}()
	timer := time.NewTimer(h.readTimeout)
	defer timer.Stop()
	var res result
	select {
	case res = <-done:
	case <-timer.C:
		w.Header().Set("Connection", "close")
		return nil, http.StatusRequestTimeout, errReadTimeout
	}
	if res.err != nil {
		w.Header().Set("Connection", "close")
		if ne, ok := errors.AsType[net.Error](res.err); errors.Is(res.err, errReadTimeout) || (ok && ne.Timeout()) {
			return nil, http.StatusRequestTimeout, res.err
		}
		return nil, http.StatusBadRequest, res.err
	}
	if int64(len(res.body)) > h.maxBytes {
		w.Header().Set("Connection", "close")
		return nil, http.StatusRequestEntityTooLarge, nil
	}
	if connDeadline {
		// The deadline covers the body only. net/http's HTTP/1 server
		// clears it itself once the body hits EOF; clearing it here too
		// keeps it off the response for any server that does not.
		_ = rc.SetReadDeadline(time.Time{})
	}
	return res.body, 0, nil
}

// deadlineReader fails every Read once the deadline has passed, so a body
// that keeps dripping cannot outlast it even without a connection deadline.
type deadlineReader struct {
	r        io.Reader
	deadline time.Time
}

func (d *deadlineReader) Read(p []byte) (int, error) {
	if !time.Now().Before(d.deadline) {
		return 0, errReadTimeout
	}
	n, err := d.r.Read(p)
	if err == nil && !time.Now().Before(d.deadline) {
		err = errReadTimeout
	}
	return n, err
}
