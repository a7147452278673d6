package sandbox_test

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/giftcard-go/giftcard/giftcardtest/sandbox"
)

func TestRouter(t *testing.T) {
	r := sandbox.NewRouter(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusTeapot) })
	r.Handle("GET /v1/orders/{id}", func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("get " + r.PathValue("id"))) })
	r.Handle("POST /v1/orders", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("post")) })
	r.Handle("GET /v1/orders/by-reference/{ref}", func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte("ref " + r.PathValue("ref")))
	})
	for _, tc := range []struct {
		method, path string
		status       int
		body         string
	}{
		{"GET", "/v1/orders/o1", 200, "get o1"},
		{"HEAD", "/v1/orders/o1", 200, ""},
		{"POST", "/v1/orders", 200, "post"},
		{"GET", "/v1/orders/by-reference/r%2F1", 200, "ref r/1"},
		{"DELETE", "/v1/orders/o1", http.StatusTeapot, ""}, // another method: the not-found handler, not 405
		{"GET", "/v1/orders", http.StatusTeapot, ""},
		{"GET", "/nowhere", http.StatusTeapot, ""},
	} {
		w := httptest.NewRecorder()
		r.ServeHTTP(w, httptest.NewRequest(tc.method, tc.path, nil))
		if w.Code != tc.status || (tc.method != "HEAD" && w.Body.String() != tc.body) {
			t.Errorf("%s %s: %d %q, want %d %q", tc.method, tc.path, w.Code, w.Body, tc.status, tc.body)
		}
	}
	want := []string{"GET /v1/orders/{id}", "POST /v1/orders", "GET /v1/orders/by-reference/{ref}"}
	if got := r.Patterns(); !slices.Equal(got, want) {
		t.Errorf("Patterns() = %q", got)
	}
}

func TestRouterDefaultNotFound(t *testing.T) {
	r := sandbox.NewRouter(nil)
	w := httptest.NewRecorder()
	r.ServeHTTP(w, httptest.NewRequest("GET", "/x", nil))
	if w.Code != http.StatusNotFound || w.Header().Get("Content-Type") != "application/json" ||
		w.Body.String() != `{"error":"not_found","message":"no route for GET /x"}` {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
}

func TestRouterRefusesRoutesWithoutMethod(t *testing.T) {
	ok := func(http.ResponseWriter, *http.Request) {}
	for _, tc := range []struct {
		pattern string
		h       http.HandlerFunc
	}{
		{"/v1/orders", ok},
		{"get /v1/orders", ok},
		{"GET v1/orders", ok},
		{"GET", ok},
		{"GET /v1/orders", nil},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Handle(%q) did not panic", tc.pattern)
				}
			}()
			sandbox.NewRouter(nil).Handle(tc.pattern, tc.h)
		}()
	}
}
