package sandbox_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/giftcard-go/giftcard/giftcardtest"
	"github.com/giftcard-go/giftcard/giftcardtest/sandbox"
)

// shop is a minimal provider sandbox built the way hubbletest and orbttest
// are: it embeds *sandbox.Base and keeps its state in a Store.
type shop struct {
	*sandbox.Base
	mu     sync.Mutex
	orders sandbox.Store[string, string]
	placed chan string // receives every committed order id, when not nil
}

func newShop(t *testing.T, opts ...sandbox.BaseOption) *shop {
	t.Helper()
	s := &shop{}
	r := sandbox.NewRouter(nil)
	r.Handle("POST /v1/orders", func(w http.ResponseWriter, r *http.Request) {
		var in struct {
			Ref string `json:"ref"`
		}
		if err := sandbox.ReadJSON(r, &in); err != nil || in.Ref == "" {
			sandbox.WriteJSON(w, http.StatusBadRequest, map[string]string{"error": "bad order"})
			return
		}
		s.mu.Lock()
		s.orders.Put(in.Ref, "placed")
		s.mu.Unlock()
		if s.placed != nil {
			s.placed <- in.Ref
		}
		sandbox.WriteJSON(w, http.StatusCreated, map[string]string{"id": in.Ref})
	})
	r.Handle("GET /v1/orders/{id}", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		st, ok := s.orders.Get(r.PathValue("id"))
		s.mu.Unlock()
		if !ok {
			sandbox.WriteJSON(w, http.StatusNotFound, map[string]string{"error": "no order"})
			return
		}
		sandbox.WriteJSON(w, http.StatusOK, map[string]string{"id": r.PathValue("id"), "status": st})
	})
	s.Base = sandbox.NewBase("shop", r, opts...)
	t.Cleanup(s.Close)
	return s
}

func (s *shop) committed(ref string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.orders.Get(ref)
	return ok
}

// do sends a request with a fresh connection (so a fault that kills the
// connection cannot be hidden by a transparent retry on a reused one).
func do(ctx context.Context, s *shop, method, path, body string) (int, string, error) {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, s.URL+path, rd)
	if err != nil {
		return 0, "", err
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	hc := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := hc.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), err
}

func mustDo(t *testing.T, s *shop, method, path, body string) (int, string) {
	t.Helper()
	st, b, err := do(t.Context(), s, method, path, body)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	return st, b
}

func TestBaseServesOnLoopbackAndJournals(t *testing.T) {
	clk := giftcardtest.NewClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	s := newShop(t, sandbox.WithClock(clk))
	u, err := url.Parse(s.URL)
	if err != nil || u.Scheme != "http" || (u.Hostname() != "127.0.0.1" && u.Hostname() != "::1") || strings.HasSuffix(s.URL, "/") {
		t.Fatalf("URL %q is not a loopback base URL", s.URL)
	}
	if s.Provider() != "shop" || s.Clock() != clk {
		t.Fatalf("Provider %q, Clock %v", s.Provider(), s.Clock())
	}
	// Client reaches the server.
	resp, err := s.Client().Post(s.URL+"/v1/orders?src=test", "application/json", strings.NewReader(`{"ref":"r1"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated || resp.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("POST answered %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	mustDo(t, s, http.MethodGet, "/v1/orders/r1", "")
	mustDo(t, s, http.MethodGet, "/v1/orders/nope", "")
	mustDo(t, s, http.MethodDelete, "/v1/orders/r1", "")

	for _, tc := range []struct {
		method, prefix string
		want           int
	}{
		{"", "", 4},
		{http.MethodGet, "", 2},
		{http.MethodGet, "/v1/orders/", 2},
		{"", "/v1/orders/r1", 2},
		{http.MethodPost, "/v1/orders", 1},
		{http.MethodPut, "", 0},
		{"", "/v2", 0},
	} {
		if got := s.CountRequests(tc.method, tc.prefix); got != tc.want {
			t.Errorf("CountRequests(%q, %q) = %d, want %d", tc.method, tc.prefix, got, tc.want)
		}
	}
	e := s.Requests()
	if len(e) != 4 || s.Journal().Len() != 4 {
		t.Fatalf("%d entries", len(e))
	}
	first := e[0]
	if first.Method != http.MethodPost || first.Path != "/v1/orders" || first.Query != "src=test" || string(first.Body) != `{"ref":"r1"}` ||
		first.Status != http.StatusCreated || first.Fault != "" || !first.Time.Equal(clk.Now()) || first.Header.Get("Content-Type") != "application/json" {
		t.Errorf("first entry %+v", first)
	}
	if e[2].Status != http.StatusNotFound || e[3].Status != http.StatusNotFound {
		t.Errorf("statuses %d, %d; want the handler's 404 and the router's 404", e[2].Status, e[3].Status)
	}
	// Requests returns copies: changing one changes nothing in the journal.
	e[0].Header.Set("Content-Type", "text/plain")
	e[0].Body[0] = 'X'
	if again := s.Requests()[0]; again.Header.Get("Content-Type") != "application/json" || string(again.Body) != `{"ref":"r1"}` {
		t.Errorf("the journal shares memory with Requests: %+v", again)
	}
	s.Journal().Reset()
	if s.CountRequests("", "") != 0 {
		t.Error("Reset kept entries")
	}
}

func TestBaseCloseIsFinalAndIdempotent(t *testing.T) {
	s := newShop(t)
	mustDo(t, s, http.MethodGet, "/v1/orders/x", "")
	s.Close()
	s.Close()
	if _, _, err := do(t.Context(), s, http.MethodGet, "/v1/orders/x", ""); err == nil {
		t.Fatal("a closed sandbox answered")
	}
	if len(s.Requests()) != 1 {
		t.Fatal("the journal is not readable after Close")
	}
}

func TestStatusFaultIsConsumedAndCommitsNothing(t *testing.T) {
	s := newShop(t)
	s.InjectFault(sandbox.Fault{Method: http.MethodPost, Path: "/v1/orders", Status: http.StatusBadGateway,
		Body: "<html>bad gateway</html>", Header: http.Header{"Retry-After": {"3"}}, Times: 2})
	for i := range 2 {
		req, _ := http.NewRequest(http.MethodPost, s.URL+"/v1/orders", strings.NewReader(fmt.Sprintf(`{"ref":"f%d"}`, i)))
		resp, err := s.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadGateway || string(b) != "<html>bad gateway</html>" || resp.Header.Get("Retry-After") != "3" {
			t.Fatalf("faulted answer %d %q %v", resp.StatusCode, b, resp.Header)
		}
		if s.committed(fmt.Sprintf("f%d", i)) {
			t.Fatalf("a status fault reached the handler")
		}
	}
	if st, _ := mustDo(t, s, http.MethodPost, "/v1/orders", `{"ref":"f2"}`); st != http.StatusCreated || !s.committed("f2") {
		t.Fatalf("third request: %d (the fault applies twice only)", st)
	}
	e := s.Requests()
	if e[0].Fault != sandbox.FaultStatus || e[0].Status != http.StatusBadGateway || e[2].Fault != "" {
		t.Fatalf("journal %+v", e)
	}
}

func TestFaultsApplyOldestFirstAndUntilCleared(t *testing.T) {
	s := newShop(t)
	s.InjectFault(sandbox.Fault{Path: "/v1/orders/a", Status: 500, Times: -1})
	s.InjectFault(sandbox.Fault{Status: 503})
	for i := range 3 {
		if st, _ := mustDo(t, s, http.MethodGet, "/v1/orders/a", ""); st != 500 {
			t.Fatalf("call %d to /a: %d, want the older fault's 500 every time", i, st)
		}
	}
	if st, _ := mustDo(t, s, http.MethodGet, "/v1/orders/b", ""); st != 503 {
		t.Fatalf("/b: %d, want the catch-all fault", st)
	}
	if st, _ := mustDo(t, s, http.MethodGet, "/v1/orders/b", ""); st != 404 {
		t.Fatalf("/b again: %d, the catch-all fault was used up", st)
	}
	s.ClearFaults()
	if st, _ := mustDo(t, s, http.MethodGet, "/v1/orders/a", ""); st != 404 {
		t.Fatalf("after ClearFaults: %d", st)
	}
}

func TestResetFaultCommitsNothing(t *testing.T) {
	s := newShop(t)
	s.InjectFault(sandbox.Fault{Method: http.MethodPost, Reset: true})
	if _, _, err := do(t.Context(), s, http.MethodPost, "/v1/orders", `{"ref":"r"}`); err == nil {
		t.Fatal("a reset request was answered")
	}
	if s.committed("r") {
		t.Fatal("a reset request reached the handler")
	}
	if e := s.Requests(); len(e) != 1 || e[0].Fault != sandbox.FaultReset || e[0].Status != 0 {
		t.Fatalf("journal %+v", e)
	}
}

func TestDropAfterCommitCommitsAndLosesTheAnswer(t *testing.T) {
	s := newShop(t)
	s.InjectFault(sandbox.Fault{Method: http.MethodPost, Path: "/v1/orders", DropAfterCommit: true})
	if _, _, err := do(t.Context(), s, http.MethodPost, "/v1/orders", `{"ref":"d1"}`); err == nil {
		t.Fatal("a dropped answer arrived")
	}
	if !s.committed("d1") {
		t.Fatal("the order was not committed")
	}
	// The committed order is visible to the next request, as after a real
	// lost response.
	if st, b := mustDo(t, s, http.MethodGet, "/v1/orders/d1", ""); st != 200 || !strings.Contains(b, `"placed"`) {
		t.Fatalf("lookup after the drop: %d %s", st, b)
	}
	if e := s.Requests()[0]; e.Fault != sandbox.FaultDropAfterCommit || e.Status != 0 {
		t.Fatalf("journal entry %+v", e)
	}
}

func TestDelayFaultHandlesAfterTheDelay(t *testing.T) {
	s := newShop(t)
	s.InjectFault(sandbox.Fault{Path: "/v1/orders/x", Delay: time.Millisecond})
	if st, _ := mustDo(t, s, http.MethodGet, "/v1/orders/x", ""); st != 404 {
		t.Fatalf("delayed request: %d, want the handler's answer", st)
	}
	if e := s.Requests()[0]; e.Fault != sandbox.FaultDelay || e.Status != 404 {
		t.Fatalf("journal entry %+v", e)
	}
}

// A request held by a negative delay is released when its client gives up,
// and is still handled: its effect is committed though nobody reads the
// answer.
func TestHeldRequestEndsWithItsClientAndStillCommits(t *testing.T) {
	s := newShop(t)
	s.placed = make(chan string, 1)
	s.InjectFault(sandbox.Fault{Method: http.MethodPost, Delay: -1})
	ctx, cancel := context.WithCancel(t.Context())
	errc := make(chan error, 1)
	go func() {
		_, _, err := do(ctx, s, http.MethodPost, "/v1/orders", `{"ref":"late"}`)
		errc <- err
	}()
	arrived(t, s, 1)
	select {
	case ref := <-s.placed:
		t.Fatalf("%s was handled while held", ref)
	case err := <-errc:
		t.Fatalf("a held request returned: %v", err)
	default:
	}
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("the client got %v, want its own cancellation", err)
	}
	if ref := <-s.placed; ref != "late" {
		t.Fatalf("committed %q", ref)
	}
}

// Close releases a request held until its client gives up, so a test whose
// client never gives up cannot hang in Close.
func TestCloseReleasesHeldRequests(t *testing.T) {
	s := newShop(t)
	s.InjectFault(sandbox.Fault{Delay: -1})
	errc := make(chan error, 1)
	go func() {
		_, _, err := do(context.Background(), s, http.MethodGet, "/v1/orders/held", "")
		errc <- err
	}()
	arrived(t, s, 1)
	s.Close() // would block forever if the held request were not released
	<-errc
	if e := s.Requests(); len(e) != 1 || e[0].Fault != sandbox.FaultDelay {
		t.Fatalf("journal %+v", e)
	}
}

// arrived waits until the sandbox has journaled n requests (a request is
// journaled on arrival, before any fault holds it). It waits for other
// goroutines to be scheduled, not for a protocol timer.
func arrived(t *testing.T, s *shop, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for s.Journal().Len() < n {
		if time.Now().After(deadline) {
			t.Fatalf("%d requests arrived, want %d", s.Journal().Len(), n)
		}
		time.Sleep(time.Millisecond)
	}
}

func TestOversizedBodyIsRefusedBeforeTheHandler(t *testing.T) {
	s := newShop(t)
	body := `{"ref":"big","pad":"` + strings.Repeat("x", sandbox.MaxBodyBytes) + `"}`
	st, _, err := do(t.Context(), s, http.MethodPost, "/v1/orders", body)
	if err != nil {
		t.Fatal(err)
	}
	if st != http.StatusRequestEntityTooLarge || s.committed("big") {
		t.Fatalf("oversized body: %d, committed %v", st, s.committed("big"))
	}
	if e := s.Requests(); len(e) != 1 || e[0].Status != http.StatusRequestEntityTooLarge {
		t.Fatalf("journal %+v", e)
	}
}

// Many clients, faults injected and cleared, journal read, all at once:
// every request is journaled once and -race finds nothing.
func TestBaseConcurrentUse(t *testing.T) {
	s := newShop(t)
	const workers, each = 8, 25
	var wg sync.WaitGroup
	var faulted atomic.Int32
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				ref := fmt.Sprintf("w%d-%d", w, i)
				req, _ := http.NewRequest(http.MethodPost, s.URL+"/v1/orders", strings.NewReader(`{"ref":"`+ref+`"}`))
				resp, err := s.Client().Do(req)
				if err != nil {
					t.Error(err)
					return
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode == http.StatusTooManyRequests {
					faulted.Add(1)
				}
				_ = s.CountRequests(http.MethodPost, "/v1/orders")
				_ = s.Requests()
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for range 20 {
			s.InjectFault(sandbox.Fault{Status: http.StatusTooManyRequests})
		}
		s.ClearFaults()
	}()
	wg.Wait()
	if n := s.CountRequests(http.MethodPost, "/v1/orders"); n != workers*each {
		t.Fatalf("journal has %d requests, want %d", n, workers*each)
	}
	statusFaults := 0
	for _, e := range s.Requests() {
		if e.Fault == sandbox.FaultStatus {
			statusFaults++
		}
	}
	if statusFaults != int(faulted.Load()) {
		t.Fatalf("journal shows %d faults, clients saw %d", statusFaults, faulted.Load())
	}
	s.mu.Lock()
	stored := s.orders.Len()
	s.mu.Unlock()
	if stored != workers*each-int(faulted.Load()) {
		t.Fatalf("%d orders stored, want %d", stored, workers*each-int(faulted.Load()))
	}
}
