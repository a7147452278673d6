package transport_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/transport"
)

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

var kinds = []error{
	giftcard.ErrInvalidRequest, giftcard.ErrUnauthorized, giftcard.ErrNotFound, giftcard.ErrInsufficientFunds,
	giftcard.ErrProductUnavailable, giftcard.ErrInvalidDenomination, giftcard.ErrDuplicateReference,
	giftcard.ErrRateLimited, giftcard.ErrProviderUnavailable, giftcard.ErrInvalidResponse,
}

// FuzzResponse feeds arbitrary statuses, headers and bodies (cut short or
// not) through Do: it must never panic, and every failure must be a typed
// *giftcard.Error that does not echo the body.
func FuzzResponse(f *testing.F) {
	f.Add(200, "application/json", []byte(`{"id":"ord-1"}`), "", false, false)
	f.Add(503, "text/html", []byte("<html><h1>Service Unavailable</h1></html>"), "2", false, false)
	f.Add(429, "application/json", []byte(`{"code":"E150","message":"slow down"}`), "Wed, 21 Oct 2015 07:28:00 GMT", true, false)
	f.Add(200, "application/json", []byte(`{"id":"ord-1","vouchers":[{"pin":"12`), "", true, true)
	f.Add(502, "", []byte{0xff, 0xfe, 0x00}, "-1", false, true)
	f.Add(401, "application/problem+json", []byte(`{"code":7}`), "99999999999999999999", true, false)
	f.Add(0, "application/json; charset=\x00", []byte(`[]`), "0", false, false)
	f.Fuzz(func(t *testing.T, status int, ctype string, body []byte, retryAfter string, post, cut bool) {
		status = 100 + (status%500+500)%500 // 100..599
		if status >= 300 && status < 400 {
			status += 100 // no redirects
		}
		rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
			h := http.Header{}
			h.Set("Content-Type", ctype)
			h.Set("Retry-After", retryAfter)
			var rd io.Reader = bytes.NewReader(body)
			cl := int64(len(body))
			if cut {
				rd = io.MultiReader(rd, errReader{})
				cl = -1
			}
			return &http.Response{StatusCode: status, Header: h, Body: io.NopCloser(rd), ContentLength: cl, Request: r}, nil
		})
		c, _ := newClient(t, "http://sandbox.test", &http.Client{Transport: rt}, transport.Options{DecodeError: decodeProviderError},
			giftcard.WithRetryPolicy(giftcard.RetryPolicy{MaxAttempts: 2, MaxDelay: time.Second}), giftcard.WithMaxResponseBytes(256))
		method := http.MethodGet
		if post {
			method = http.MethodPost
		}
		var out order
		res, err := c.Do(context.Background(), &transport.Request{Op: "Fuzz", Method: method, Path: "/x"}, &out)
		if err == nil {
			if status < 200 || status > 299 || cut || res == nil {
				t.Fatalf("status %d (cut %v) accepted", status, cut)
			}
			return
		}
		var ge *giftcard.Error
		if !errors.As(err, &ge) {
			t.Fatalf("untyped error %T: %v", err, err)
		}
		typed := false
		for _, k := range kinds {
			typed = typed || errors.Is(err, k)
		}
		if !typed {
			t.Fatalf("error of no kind: %v", err)
		}
		if ge.Attempts < 1 || ge.Attempts > 2 || ge.RequestID == "" {
			t.Fatalf("attempts %d, request id %q", ge.Attempts, ge.RequestID)
		}
		if !strings.HasPrefix(ctype, "application") && len(body) >= 16 && !strings.Contains(ctype, string(body)) &&
			strings.Contains(err.Error(), string(body)) {
			t.Fatalf("error echoes the body: %v", err)
		}
		if status < 300 && !cut && len(body) <= 256 && !errors.Is(err, giftcard.ErrInvalidResponse) {
			t.Fatalf("2xx failure of kind other than invalid response: %v", err)
		}
		if ge.StatusCode != status && ge.StatusCode != 0 {
			t.Fatalf("status %d reported as %s", status, strconv.Itoa(ge.StatusCode))
		}
	})
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, io.ErrUnexpectedEOF }
