package transport_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/transport"
)

// envelope is a provider envelope in the manner of ORBT and loyalty:
// {"ok":true,"data":…} or {"ok":false,"code":…,"message":…}.
func envelope(res *transport.Response) ([]byte, *giftcard.Error) {
	var env struct {
		OK      bool            `json:"ok"`
		Code    string          `json:"code"`
		Message string          `json:"message"`
		Data    json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(res.Body, &env); err != nil {
		return nil, &giftcard.Error{Kind: giftcard.ErrInvalidResponse, Message: "not an envelope", Err: err}
	}
	if !env.OK {
		kind := giftcard.ErrInvalidRequest
		if env.Code == "INTERNAL" {
			kind = giftcard.ErrProviderUnavailable
		}
		return nil, &giftcard.Error{Kind: kind, Code: env.Code, Message: env.Message}
	}
	return env.Data, nil
}

type thing struct {
	ID  string          `json:"id"`
	Raw json.RawMessage `json:"-"`
}

func TestEnvelopeFailureInA200IsTheProvidersError(t *testing.T) {
	// A 503 first spends a retry token, so a refill would show.
	srv := newServer(t, script(reply{status: 503}, reply{status: 200, body: `{"ok":false,"code":"E42","message":"card blocked"}`}))
	c, _ := newClient(t, srv.URL, srv.Client(), transport.Options{Envelope: envelope},
		giftcard.WithRetryPolicy(giftcard.RetryPolicy{MaxAttempts: 3, Budget: 10, RetryCost: 5}))
	before := c.Tokens() - 5
	_, err := transport.Call[thing](context.Background(), c, c.NewRequest(giftcard.Route{Op: "Get", Method: "GET", Path: "/things/{id}"}, "t1"))
	ge := asError(t, err)
	if !errors.Is(err, giftcard.ErrInvalidRequest) || ge.Code != "E42" || ge.Message != "card blocked" || ge.StatusCode != 200 ||
		ge.Op != "Get" || ge.Provider != "test" || ge.RequestID == "" || ge.OutcomeUnknown {
		t.Fatalf("got %#v", ge)
	}
	if srv.requests() != 2 {
		t.Fatalf("want the 503 retried and the failed 200 not: %d requests", srv.requests())
	}
	if c.Tokens() != before {
		t.Fatalf("a failed 200 refilled the retry quota: %d → %d", before, c.Tokens())
	}
}

func TestEnvelopeInternalFailureOnAPostIsOutcomeUnknown(t *testing.T) {
	srv := newServer(t, script(reply{status: 200, body: `{"ok":false,"code":"INTERNAL","message":"try later"}`}))
	c, _ := newClient(t, srv.URL, srv.Client(), transport.Options{Envelope: envelope})
	_, err := transport.Call[thing](context.Background(), c, c.NewRequest(giftcard.Route{Op: "Pay", Method: "POST", Path: "/pay"}))
	if !errors.Is(err, giftcard.ErrOutcomeUnknown) || !errors.Is(err, giftcard.ErrProviderUnavailable) {
		t.Fatalf("got %v", err)
	}
}

func TestCallDecodesThePayloadAndKeepsIt(t *testing.T) {
	srv := newServer(t, script(reply{status: 200, body: `{"ok":true,"data":{"id":"t1","extra":1}}`}))
	c, _ := newClient(t, srv.URL, srv.Client(), transport.Options{Envelope: envelope})
	got, err := transport.Call[thing](context.Background(), c, c.NewRequest(giftcard.Route{Op: "Get", Method: "GET", Path: "/things/{id}"}, "t1"))
	if err != nil || got.ID != "t1" || string(got.Raw) != `{"id":"t1","extra":1}` {
		t.Fatalf("got %+v %s, %v", got, got.Raw, err)
	}
}

func TestCallRefusesUnusableAnswers(t *testing.T) {
	for _, tc := range []struct {
		name, method, body string
		unknown            bool
	}{
		{"empty GET", "GET", ``, false},
		{"wrong type GET", "GET", `{"id":5}`, false},
		{"empty POST", "POST", ``, true},
		{"wrong type POST", "POST", `[1]`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t, script(reply{status: 200, body: tc.body}))
			c, _ := newClient(t, srv.URL, srv.Client(), transport.Options{})
			_, err := transport.Call[thing](context.Background(), c, c.NewRequest(giftcard.Route{Op: "Op", Method: tc.method, Path: "/x"}))
			if !errors.Is(err, giftcard.ErrInvalidResponse) || errors.Is(err, giftcard.ErrOutcomeUnknown) != tc.unknown {
				t.Fatalf("got %v", err)
			}
		})
	}
}

func TestCallCheckedTurnsAMissingFieldIntoAnError(t *testing.T) {
	srv := newServer(t, script(reply{status: 200, body: `{}`}))
	c, _ := newClient(t, srv.URL, srv.Client(), transport.Options{})
	_, _, err := transport.CallChecked(context.Background(), c, c.NewRequest(giftcard.Route{Op: "Balance", Method: "GET", Path: "/b"}),
		func(v *thing) error {
			if v.ID == "" {
				return errors.New("answer has no id")
			}
			return nil
		})
	if !errors.Is(err, giftcard.ErrInvalidResponse) || !strings.Contains(err.Error(), "answer has no id") {
		t.Fatalf("got %v", err)
	}
}

func TestBuildPath(t *testing.T) {
	for _, tc := range []struct {
		tmpl  string
		args  []string
		want  string
		field string // refused, naming this field
	}{
		{"/a/{id}", []string{"x y/z"}, "/a/x%20y%2Fz", ""},
		{"/p/{c}/gifts/{id}/x", []string{"c1", "g?1#"}, "/p/c1/gifts/g%3F1%23/x", ""},
		{"/a/{id}", []string{""}, "", "id"},
		{"/a/{id}", []string{"  "}, "", "id"},
		{"/a/{id}", []string{"."}, "", "id"},
		{"/a/{id}", []string{".."}, "", "id"},
		{"/a/{id}", []string{"payout-\xff"}, "", "id"},
		{"/a/{id}", []string{"a\nb"}, "", "id"},
		{"/a/{c}/{id}", []string{"c1"}, "", "id"},
	} {
		got, err := transport.BuildPath("p", tc.tmpl, tc.args...)
		if tc.field == "" {
			if err != nil || got != tc.want {
				t.Errorf("%s %q: got %q, %v", tc.tmpl, tc.args, got, err)
			}
			continue
		}
		var ve *giftcard.ValidationError
		if !errors.As(err, &ve) || ve.Field != tc.field || ve.Provider != "p" {
			t.Errorf("%s %q: got %q, %v", tc.tmpl, tc.args, got, err)
		}
	}
	if _, err := transport.BuildPath("p", "/a/{id}", "x", "y"); err == nil {
		t.Error("extra argument accepted")
	}
}

func TestARefusedPathArgumentSendsNothing(t *testing.T) {
	srv := newServer(t, script(reply{status: 200, body: `{"id":"x"}`}))
	c, _ := newClient(t, srv.URL, srv.Client(), transport.Options{})
	_, err := transport.Call[thing](context.Background(), c, c.NewRequest(giftcard.Route{Op: "Get", Method: "GET", Path: "/x/{id}"}, ".."))
	var ve *giftcard.ValidationError
	if !errors.As(err, &ve) || ve.Field != "id" || srv.requests() != 0 {
		t.Fatalf("got %v after %d requests", err, srv.requests())
	}
}

// TestRedirectsAreNeverFollowed: a 3xx to another host must not carry the
// attempt's credentials or body there; the answer is an error naming the
// Location (without its query).
func TestRedirectsAreNeverFollowed(t *testing.T) {
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		elsewhere.Add(1)
		_, _ = w.Write([]byte(`{"id":"stolen"}`))
	}))
	defer other.Close()
	for _, status := range []int{301, 302, 303, 307, 308} {
		for _, method := range []string{"GET", "POST"} {
			srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, other.URL+"/login?token=abc", status)
			}))
			auth := transport.AuthFunc(func(_ context.Context, r *http.Request, _ []byte) error {
				r.Header.Set("X-Api-Key", "secret-key")
				return nil
			})
			// A caller's client that would follow redirects must not.
			c, _ := newClient(t, srv.URL, &http.Client{}, transport.Options{Auth: auth})
			r := c.NewRequest(giftcard.Route{Op: "Login", Method: method, Path: "/login"})
			r.Body = map[string]string{"clientSecret": "s3cret"}
			_, err := transport.Call[thing](context.Background(), c, r)
			ge := asError(t, err)
			if ge.StatusCode != status || !strings.Contains(ge.Message, other.URL+"/login") || strings.Contains(err.Error(), "token=abc") ||
				errors.Is(err, giftcard.ErrOutcomeUnknown) {
				t.Fatalf("%d %s: got %v", status, method, err)
			}
			if srv.requests() != 1 {
				t.Fatalf("%d %s: %d requests to the configured server", status, method, srv.requests())
			}
		}
	}
	if n := elsewhere.Load(); n != 0 {
		t.Fatalf("the other host received %d requests", n)
	}
}

// A lookup sent as a POST and marked ReadOnly is retried like a GET and
// never outcome-unknown.
func TestReadOnlyPostIsNeverOutcomeUnknown(t *testing.T) {
	srv := newServer(t, statuses(503, 503, 503, 503))
	c, _ := newClient(t, srv.URL, srv.Client(), transport.Options{}, giftcard.WithRetryPolicy(giftcard.RetryPolicy{MaxAttempts: 3}))
	r := c.NewRequest(giftcard.Route{Op: "Query", Method: "POST", Path: "/query"})
	r.Body, r.ReadOnly = map[string]string{"card": "1"}, true
	_, err := transport.Call[thing](context.Background(), c, r)
	if !errors.Is(err, giftcard.ErrProviderUnavailable) || errors.Is(err, giftcard.ErrOutcomeUnknown) || srv.requests() != 3 {
		t.Fatalf("got %v after %d requests", err, srv.requests())
	}
}

// An envelope that cannot be read on a POST leaves the outcome unknown.
func TestUnreadableEnvelopeOnAPostIsOutcomeUnknown(t *testing.T) {
	srv := newServer(t, script(reply{status: 200, body: `[1,2]`}))
	c, _ := newClient(t, srv.URL, srv.Client(), transport.Options{Envelope: envelope})
	_, err := transport.Call[thing](context.Background(), c, c.NewRequest(giftcard.Route{Op: "Pay", Method: "POST", Path: "/pay"}))
	if !errors.Is(err, giftcard.ErrOutcomeUnknown) || !errors.Is(err, giftcard.ErrInvalidResponse) {
		t.Fatalf("got %v", err)
	}
}
