package sandbox_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/giftcard-go/giftcard/giftcardtest/sandbox"
)

// server counts how many requests reached the wrapped handler (were
// "committed") and answers {"ok":true}.
func server(t *testing.T) (*httptest.Server, *sandbox.Journal, *sandbox.Faults, *atomic.Int32) {
	t.Helper()
	var committed atomic.Int32
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		if r.Method == http.MethodPost && len(b) == 0 {
			t.Errorf("handler got an empty body; the journal must not consume it")
		}
		committed.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"ok":true}`)
	})
	j, f := &sandbox.Journal{}, &sandbox.Faults{}
	srv := httptest.NewServer(sandbox.Wrap(h, j, f, time.Now))
	t.Cleanup(srv.Close)
	return srv, j, f, &committed
}

func post(t *testing.T, url string) (*http.Response, error) {
	t.Helper()
	return http.Post(url, "application/json", strings.NewReader(`{"a":1}`))
}

func TestJournalRecordsBodiesAndStatuses(t *testing.T) {
	srv, j, _, committed := server(t)
	resp, err := post(t, srv.URL+"/v1/orders?x=1")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if _, err := http.Get(srv.URL + "/v1/orders/1"); err != nil {
		t.Fatal(err)
	}
	e := j.Entries()
	if len(e) != 2 || j.Len() != 2 || committed.Load() != 2 {
		t.Fatalf("journal has %d entries, handler saw %d; want 2 and 2", len(e), committed.Load())
	}
	if e[0].Method != http.MethodPost || e[0].Path != "/v1/orders" || e[0].Query != "x=1" ||
		!bytes.Equal(e[0].Body, []byte(`{"a":1}`)) || e[0].Status != http.StatusOK {
		t.Errorf("first entry = %+v", e[0])
	}
	if got := j.Count(http.MethodGet, "/v1/orders"); got != 1 {
		t.Errorf("Count(GET, /v1/orders) = %d, want 1", got)
	}
	if got := j.Count("", "/v1/"); got != 2 {
		t.Errorf("Count(any, /v1/) = %d, want 2", got)
	}
	j.Reset()
	if j.Len() != 0 {
		t.Errorf("Len after Reset = %d", j.Len())
	}
}

func TestStatusFaultAnswersWithoutCommittingAndIsConsumed(t *testing.T) {
	srv, j, f, committed := server(t)
	f.Add(sandbox.Fault{Method: http.MethodPost, Path: "/v1/orders", Status: 503, Body: "<html>down</html>", Times: 2})
	for i, want := range []int{503, 503, 200} {
		resp, err := post(t, srv.URL+"/v1/orders")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("request %d: status %d, want %d", i, resp.StatusCode, want)
		}
	}
	if committed.Load() != 1 {
		t.Errorf("handler saw %d requests, want 1 (faulted ones must not commit)", committed.Load())
	}
	if e := j.Entries(); e[0].Fault != "status" || e[2].Fault != "" {
		t.Errorf("journal faults = %q, %q", e[0].Fault, e[2].Fault)
	}
}

func TestFaultMatchesMethodAndPath(t *testing.T) {
	srv, _, f, _ := server(t)
	f.Add(sandbox.Fault{Method: http.MethodPost, Path: "/v1/orders", Status: 500})
	resp, err := http.Get(srv.URL + "/v1/orders")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("a POST fault hit a GET: %d", resp.StatusCode)
	}
	resp, err = post(t, srv.URL+"/v1/products")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("a /v1/orders fault hit /v1/products: %d", resp.StatusCode)
	}
	f.Clear()
	resp, err = post(t, srv.URL+"/v1/orders")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("a cleared fault still fired: %d", resp.StatusCode)
	}
}

func TestResetClosesWithoutCommitting(t *testing.T) {
	srv, j, f, committed := server(t)
	f.Add(sandbox.Fault{Reset: true})
	if _, err := post(t, srv.URL+"/v1/orders"); err == nil {
		t.Fatal("a reset request got an answer")
	}
	if committed.Load() != 0 {
		t.Errorf("a reset request reached the handler")
	}
	if e := j.Entries(); len(e) != 1 || e[0].Fault != "reset" {
		t.Errorf("journal = %+v", e)
	}
}

func TestDropAfterCommitCommitsThenCloses(t *testing.T) {
	srv, j, f, committed := server(t)
	f.Add(sandbox.Fault{DropAfterCommit: true})
	if _, err := post(t, srv.URL+"/v1/orders"); err == nil {
		t.Fatal("a dropped response arrived")
	}
	if committed.Load() != 1 {
		t.Errorf("handler saw %d requests, want 1 (the effect must be committed)", committed.Load())
	}
	if e := j.Entries(); len(e) != 1 || e[0].Fault != "drop-after-commit" {
		t.Errorf("journal = %+v", e)
	}
}

func TestNegativeDelayHoldsUntilClientGivesUp(t *testing.T) {
	srv, j, f, _ := server(t)
	f.Add(sandbox.Fault{Delay: -1, Times: -1})
	c := &http.Client{Timeout: 50 * time.Millisecond}
	if _, err := c.Get(srv.URL + "/"); err == nil {
		t.Fatal("a held request was answered")
	}
	if _, err := c.Get(srv.URL + "/"); err == nil {
		t.Fatal("Times: -1 must apply to every request")
	}
	waitFor(t, func() bool { return j.Len() == 2 })
}

// waitFor polls cond (goroutine scheduling, not a protocol timer).
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached")
		}
		time.Sleep(time.Millisecond)
	}
}

// TestHeldRequestJournaledOnArrival: a request is in the journal as soon as
// it arrives, so a test counting requests right after its client gave up on
// a held one sees it (the entry's outcome is filled in when it ends).
func TestHeldRequestJournaledOnArrival(t *testing.T) {
	srv, j, f, _ := server(t)
	f.Add(sandbox.Fault{Delay: -1})
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/held", nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req.WithContext(ctx))
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	// Seen while still held, before the client gives up.
	deadline := time.Now().Add(2 * time.Second)
	for j.Len() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("a held request is not in the journal while it is held")
		}
		time.Sleep(time.Millisecond)
	}
	if e := j.Entries()[0]; e.Path != "/held" || e.Status != 0 {
		t.Errorf("held entry = %+v", e)
	}
	cancel()
	if err := <-done; err == nil {
		t.Fatal("a held request was answered")
	}
	// The next request after it is journaled after it, and completes.
	if resp, err := http.Get(srv.URL + "/next"); err != nil {
		t.Fatal(err)
	} else {
		resp.Body.Close()
	}
	if e := j.Entries(); len(e) != 2 || e[0].Path != "/held" || e[1].Path != "/next" || e[1].Status != http.StatusOK {
		t.Errorf("journal = %+v", e)
	}
}
