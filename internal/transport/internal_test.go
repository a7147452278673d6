package transport

import (
	"bytes"
	"io"
	"math"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/giftcard-go/giftcard"
)

const maxRetryAfter = 365 * 24 * time.Hour

// FuzzRetryAfter: any header value parses without panic into a wait within
// [0, 365 days], and the backoff built from it respects MaxDelay.
func FuzzRetryAfter(f *testing.F) {
	now := time.Date(2025, 3, 14, 9, 26, 53, 0, time.UTC)
	for _, s := range []string{"", "0", "2", " 7 ", "-1", "86400", "9223372036854775807", "99999999999999999999",
		"Fri, 14 Mar 2025 09:27:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT", "Mon, 01 Jan 0001 00:00:00 GMT",
		"Friday, 14-Mar-25 09:27:00 GMT", "Fri Mar 14 09:27:00 2025", "1.5", "soon"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		d := retryAfter(v, now)
		if d < 0 || d > maxRetryAfter {
			t.Fatalf("retryAfter(%q) = %v", v, d)
		}
		c := &Client{retry: giftcard.RetryPolicy{BaseDelay: 100 * time.Millisecond, MaxDelay: 20 * time.Second}}
		for _, attempt := range []int{1, 2, 40, 100} {
			if b := c.backoff(attempt, d); b < 0 || b > 20*time.Second {
				t.Fatalf("backoff(%d, %v) = %v", attempt, d, b)
			}
		}
	})
}

func TestRetryAfterValues(t *testing.T) {
	now := time.Date(2025, 3, 14, 9, 26, 53, 0, time.UTC)
	cases := map[string]time.Duration{
		"2":                             2 * time.Second,
		" 3 ":                           3 * time.Second,
		"0":                             0,
		"-4":                            0,
		"1.5":                           0,
		"99999999999":                   maxRetryAfter,
		"Fri, 14 Mar 2025 09:27:03 GMT": 10 * time.Second,
		"Fri, 14 Mar 2025 09:26:00 GMT": 0,
		"Fri, 31 Dec 9999 23:59:59 GMT": maxRetryAfter,
	}
	for v, want := range cases {
		if got := retryAfter(v, now); got != want {
			t.Errorf("retryAfter(%q) = %v, want %v", v, got, want)
		}
	}
}

// Full jitter: every wait lies in [0, min(MaxDelay, BaseDelay·2^(n-1))], even
// for attempt numbers whose shift would overflow.
func TestBackoffBounds(t *testing.T) {
	c := &Client{retry: giftcard.RetryPolicy{BaseDelay: 200 * time.Millisecond, MaxDelay: 20 * time.Second}}
	for attempt := 1; attempt <= 200; attempt++ {
		ceil := 20 * time.Second
		if attempt < 10 {
			ceil = min(ceil, 200*time.Millisecond<<(attempt-1))
		}
		for range 20 {
			if d := c.backoff(attempt, 0); d < 0 || d > ceil {
				t.Fatalf("backoff(%d) = %v, want within [0, %v]", attempt, d, ceil)
			}
		}
	}
	unbounded := &Client{retry: giftcard.RetryPolicy{BaseDelay: time.Second}}
	for _, attempt := range []int{62, 63, 64, 1000} {
		if d := unbounded.backoff(attempt, 0); d < 0 {
			t.Fatalf("backoff(%d) without MaxDelay = %v", attempt, d)
		}
	}
	if d := unbounded.backoff(1, time.Duration(math.MaxInt64)); d != time.Duration(math.MaxInt64) {
		t.Fatalf("Retry-After without MaxDelay = %v", d)
	}
}

func TestReadBody(t *testing.T) {
	body := strings.Repeat("a", 1000)
	cases := []struct {
		name    string
		cl      int64
		limit   int64
		r       io.Reader
		wantLen int
		wantErr bool
	}{
		{"known length under the cap", 1000, 2000, strings.NewReader(body), 1000, false},
		{"unknown length under the cap", -1, 2000, iotest.OneByteReader(strings.NewReader(body)), 1000, false},
		{"known length at the cap", 1000, 1000, strings.NewReader(body), 1000, false},
		{"over the cap reads limit+1", -1, 10, strings.NewReader(body), 11, false},
		{"lying Content-Length", 5, 2000, strings.NewReader(body), 1000, false},
		{"empty", 0, 10, strings.NewReader(""), 0, false},
		{"cut off", -1, 2000, io.MultiReader(strings.NewReader("abc"), iotest.ErrReader(io.ErrUnexpectedEOF)), 3, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b, err := readBody(tc.r, tc.cl, tc.limit)
			if (err != nil) != tc.wantErr || len(b) != tc.wantLen || !bytes.Equal(b, []byte(body[:min(len(b), len(body))])) && !tc.wantErr {
				t.Fatalf("readBody = %d bytes, %v; want %d bytes, error %v", len(b), err, tc.wantLen, tc.wantErr)
			}
		})
	}
}

type stubJar struct{}

func (stubJar) SetCookies(*url.URL, []*http.Cookie) {}
func (stubJar) Cookies(*url.URL) []*http.Cookie     { return nil }

// Attempts skip http.Client.Do only when nothing it adds applies: a client
// with a cookie jar or a client-wide Timeout keeps going through it.
func TestSendGoesThroughTheClientWhenItAddsSomething(t *testing.T) {
	own := &http.Transport{}
	for _, tc := range []struct {
		name string
		hc   *http.Client
		want http.RoundTripper // nil: through http.Client.Do
	}{
		{"plain", &http.Client{}, http.DefaultTransport},
		{"own transport", &http.Client{Transport: own}, own},
		{"jar", &http.Client{Jar: stubJar{}}, nil},
		{"timeout", &http.Client{Timeout: time.Minute}, nil},
	} {
		c, err := New(giftcard.NewConfig(giftcard.WithBaseURL("https://api.example"), giftcard.WithHTTPClient(tc.hc)), Options{Provider: "test"})
		if err != nil {
			t.Fatal(err)
		}
		if c.rt != tc.want {
			t.Errorf("%s: round tripper %T %p, want %T %p", tc.name, c.rt, c.rt, tc.want, tc.want)
		}
	}
}
