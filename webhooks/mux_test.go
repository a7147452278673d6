package webhooks_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/hubble"
	"github.com/giftcard-go/giftcard/internal/kittest"
	"github.com/giftcard-go/giftcard/webhooks"
	"github.com/giftcard-go/giftcard/wolfe"
)

const (
	hubbleSecret giftcard.Secret = "hubble-mux-secret"
	wolfeSecret  giftcard.Secret = "wolfe-mux-secret"
)

// recorder is the user's function: it records every event it is handed.
type recorder struct {
	mu     sync.Mutex
	events []webhooks.Event
	err    error // returned by the next call when set
}

func (r *recorder) fn(_ context.Context, ev webhooks.Event) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, ev)
	err := r.err
	r.err = nil
	return err
}

func (r *recorder) all() []webhooks.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]webhooks.Event(nil), r.events...)
}

func (r *recorder) failNext(err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.err = err
}

func golden(t *testing.T, provider, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", provider, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// signer signs a body the way one provider does.
type signer struct {
	header string
	sign   func(body []byte) string
}

func hubbleSigner(secret giftcard.Secret) signer {
	return signer{hubble.SignatureHeader, func(b []byte) string { return hubble.Sign(b, secret) }}
}

func wolfeSigner(t *testing.T, secret giftcard.Secret) signer {
	cfg := wolfe.SignatureConfig{Secrets: []giftcard.Secret{secret}}
	return signer{wolfe.DefaultSignatureHeader, func(b []byte) string {
		s, err := cfg.Sign(b)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}}
}

func newMux(t *testing.T, fn webhooks.Func, sources ...webhooks.Source) *webhooks.Mux {
	t.Helper()
	m, err := webhooks.New(fn, sources...)
	if err != nil {
		t.Fatalf("webhooks.New: %v", err)
	}
	return m
}

// bothProviders is a Mux over Hubble and Wolfe, verified by signature.
func bothProviders(t *testing.T, rec *recorder) *webhooks.Mux {
	return newMux(t, rec.fn,
		webhooks.Hubble(hubble.WithWebhookSecret(hubbleSecret)),
		webhooks.Wolfe(wolfe.WebhookOptions{Signature: &wolfe.SignatureConfig{Secrets: []giftcard.Secret{wolfeSecret}}}))
}

// post sends body to path on h with the given header and returns the
// status.
func post(h http.Handler, path string, body []byte, header http.Header) int {
	req := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for k, vs := range header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code
}

func signed(s signer, body []byte) http.Header { return http.Header{s.header: {s.sign(body)}} }

func inr(v string) giftcard.Money { return giftcard.MustParseMoney(v, "INR") }
func usd(v string) giftcard.Money { return giftcard.MustParseMoney(v, "USD") }

// TestMuxDeliversEveryPayload: each documented payload, signed, posted to
// its provider's path, reaches the function once, as the right portable
// type with the native payload and the body attached.
func TestMuxDeliversEveryPayload(t *testing.T) {
	for _, tc := range []struct {
		provider, file string
		check          func(t *testing.T, ev webhooks.Event)
	}{
		{"hubble", "webhook_order_terminal_guide.json", func(t *testing.T, ev webhooks.Event) {
			if ev.Type != webhooks.OrderUpdated || ev.Name != "order" || ev.OrderID != "01KJB2EXAMPLE0PROCESSING01" ||
				ev.Status != "SUCCESS" || ev.OrderStatus != giftcard.OrderSuccess || ev.Order != nil {
				t.Errorf("order event: %+v", ev)
			}
			if n, ok := ev.Native.(hubble.OrderEvent); !ok || n.ID != ev.OrderID {
				t.Errorf("Native = %T %v", ev.Native, ev.Native)
			}
		}},
		{"hubble", "webhook_brand_updated.json", func(t *testing.T, ev webhooks.Event) {
			if ev.Type != webhooks.ProductUpdated || ev.Name != "brand_updated" || ev.ProductID != "brand_id" || ev.Status != "ACTIVE" ||
				ev.QualifiedProductID() != "hubble:brand_id" {
				t.Errorf("brand event: %+v", ev)
			}
			if n, ok := ev.Native.(hubble.BrandUpdate); !ok || len(n.Denominations) != 3 {
				t.Errorf("Native = %T %v", ev.Native, ev.Native)
			}
		}},
		{"hubble", "webhook_wallet_low_balance.json", func(t *testing.T, ev webhooks.Event) {
			if ev.Type != webhooks.BalanceLow || ev.Name != "low_balance" || !ev.Balance.Equal(inr("50")) || !ev.Threshold.Equal(inr("100")) {
				t.Errorf("low-balance event: %+v", ev)
			}
			if _, ok := ev.Native.(hubble.LowBalance); !ok {
				t.Errorf("Native = %T", ev.Native)
			}
		}},
		{"hubble", "webhook_brand_disabled.json", func(t *testing.T, ev webhooks.Event) {
			if ev.Type != webhooks.ProductUpdated || ev.Name != hubble.EventBrandDisabled || ev.ProductID != "01GMAVS2CHXR0XP1BZSTA9A44K" {
				t.Errorf("brand-disabled event: %+v", ev)
			}
			if _, ok := ev.Native.(hubble.BrandDiscount); !ok {
				t.Errorf("Native = %T", ev.Native)
			}
		}},
		{"hubble", "webhook_brand_discount_updated.json", func(t *testing.T, ev webhooks.Event) {
			if ev.Type != webhooks.ProductUpdated || ev.Name != hubble.EventDiscountUpdated || ev.ProductID != "01GMAVS2CHXR0XP1BZSTA9A44K" {
				t.Errorf("discount event: %+v", ev)
			}
		}},
		{"wolfe", "webhook_transaction_update.json", func(t *testing.T, ev webhooks.Event) {
			if ev.Type != webhooks.TransactionUpdated || ev.Name != "TRANSACTION_UPDATE" || ev.TransactionID != "1sa42e3b-4s36-6440-b0ba-0050asd2143b" ||
				!ev.Amount.Equal(usd("85.32")) || ev.Status != "APPROVED" || ev.ReferenceID != "411f62d0-05e0-4689-b09c-85904ef542e8" {
				t.Errorf("transaction event: %+v", ev)
			}
			if n, ok := ev.Native.(wolfe.WebhookEvent); !ok || n.TransactionUpdate == nil {
				t.Errorf("Native = %T %v", ev.Native, ev.Native)
			}
		}},
		{"wolfe", "webhook_gift_update.json", func(t *testing.T, ev webhooks.Event) {
			if ev.Type != webhooks.GiftUpdated || ev.GiftID != "7b86f0fa-e61d-48f3-9237-227533683776" || ev.OrderID != ev.GiftID ||
				!ev.Amount.Equal(usd("10.99")) || !ev.Balance.Equal(usd("5.15")) || ev.Status != "2" || ev.GiftStatus != "2" || ev.Gift != nil {
				t.Errorf("gift event: %+v", ev)
			}
		}},
	} {
		t.Run(tc.provider+"/"+tc.file, func(t *testing.T) {
			rec := &recorder{}
			m := bothProviders(t, rec)
			body := golden(t, tc.provider, tc.file)
			s := hubbleSigner(hubbleSecret)
			if tc.provider == "wolfe" {
				s = wolfeSigner(t, wolfeSecret)
			}
			if code := post(m, "/"+tc.provider, body, signed(s, body)); code != http.StatusOK {
				t.Fatalf("signed %s: status %d, want 200", tc.file, code)
			}
			evs := rec.all()
			if len(evs) != 1 {
				t.Fatalf("delivered %d events, want 1", len(evs))
			}
			ev := evs[0]
			if ev.Provider != tc.provider || !bytes.Equal(bytes.TrimSpace(ev.Raw), bytes.TrimSpace(body)) {
				t.Errorf("Provider %q, Raw %s; want %q and the body as posted", ev.Provider, ev.Raw, tc.provider)
			}
			tc.check(t, ev)
		})
	}
}

// TestMuxWolfeEvents: the merchant events are product updates and an event
// the SDK does not know is Other, delivered with its name and body.
func TestMuxWolfeEvents(t *testing.T) {
	rec := &recorder{}
	m := bothProviders(t, rec)
	s := wolfeSigner(t, wolfeSecret)
	for _, body := range []string{
		`{"event":"MERCHANT_UPDATE","id":"m-1"}`,
		`{"event":"MERCHANT_DELETE","merchant_id":"m-2"}`,
		`{"event":"CARD_LINKED","id":"c-9"}`,
	} {
		if code := post(m, "/wolfe", []byte(body), signed(s, []byte(body))); code != http.StatusOK {
			t.Fatalf("%s: status %d", body, code)
		}
	}
	evs := rec.all()
	if len(evs) != 3 {
		t.Fatalf("%d events", len(evs))
	}
	if e := evs[0]; e.Type != webhooks.ProductUpdated || e.ProductID != "m-1" || e.Name != "MERCHANT_UPDATE" || e.QualifiedProductID() != "wolfe:m-1" {
		t.Errorf("merchant update: %+v", e)
	}
	if e := evs[1]; e.Type != webhooks.ProductUpdated || e.ProductID != "m-2" || e.Name != "MERCHANT_DELETE" {
		t.Errorf("merchant delete: %+v", e)
	}
	if e := evs[2]; e.Type != webhooks.Other || e.Name != "CARD_LINKED" || e.ProductID != "" || string(e.Raw) != `{"event":"CARD_LINKED","id":"c-9"}` {
		t.Errorf("unknown event: %+v", e)
	}
}

// TestMuxRefusesUnverified: to every mounted path, an unsigned request, one
// signed with another secret (the other provider's included), a signature of
// another body, and a GET are refused without the function being called.
func TestMuxRefusesUnverified(t *testing.T) {
	rec := &recorder{}
	m := bothProviders(t, rec)
	for _, tc := range []struct {
		path string
		body []byte
		good signer
		bad  []signer
	}{
		{"/hubble", golden(t, "hubble", "webhook_order_terminal_guide.json"), hubbleSigner(hubbleSecret),
			[]signer{hubbleSigner("not-the-secret"), hubbleSigner(wolfeSecret), {hubble.SignatureHeader, func([]byte) string { return "" }}}},
		{"/wolfe", golden(t, "wolfe", "webhook_gift_update.json"), wolfeSigner(t, wolfeSecret),
			[]signer{wolfeSigner(t, "not-the-secret"), wolfeSigner(t, hubbleSecret)}},
	} {
		t.Run(tc.path, func(t *testing.T) {
			if code := post(m, tc.path, tc.body, nil); code != http.StatusUnauthorized {
				t.Errorf("unsigned: status %d, want 401", code)
			}
			for i, s := range tc.bad {
				if code := post(m, tc.path, tc.body, signed(s, tc.body)); code != http.StatusUnauthorized {
					t.Errorf("forged #%d: status %d, want 401", i, code)
				}
			}
			tampered := bytes.Replace(tc.body, []byte(`"status"`), []byte(`"status" `), 1)
			if code := post(m, tc.path, tampered, signed(tc.good, tc.body)); code != http.StatusUnauthorized {
				t.Errorf("body changed after signing: status %d, want 401", code)
			}
			get := httptest.NewRequest(http.MethodGet, tc.path, nil)
			get.Header = signed(tc.good, nil)
			w := httptest.NewRecorder()
			m.ServeHTTP(w, get)
			if w.Code != http.StatusMethodNotAllowed {
				t.Errorf("GET: status %d, want 405", w.Code)
			}
			if n := len(rec.all()); n != 0 {
				t.Fatalf("the function was called %d times for requests that do not verify", n)
			}
		})
	}
	// The other provider's valid signature on the other path.
	body := golden(t, "hubble", "webhook_order_terminal_guide.json")
	if code := post(m, "/wolfe", body, signed(hubbleSigner(hubbleSecret), body)); code != http.StatusUnauthorized {
		t.Errorf("hubble-signed body to /wolfe: status %d, want 401", code)
	}
	for _, p := range []string{"/", "/hubble/", "/HUBBLE", "/orbt", "/hubble/extra"} {
		if code := post(m, p, body, signed(hubbleSigner(hubbleSecret), body)); code != http.StatusNotFound {
			t.Errorf("POST %s: status %d, want 404", p, code)
		}
	}
	if n := len(rec.all()); n != 0 {
		t.Fatalf("the function was called %d times", n)
	}
}

// TestMuxDeliversOnce: Hubble's replay guard holds behind the mux — a
// repeated order event is acknowledged without a second call — and an
// error from the function answers 500 and lets the provider's retry
// through.
func TestMuxDeliversOnce(t *testing.T) {
	rec := &recorder{}
	m := bothProviders(t, rec)
	body := []byte(`{"id":"ord-7","status":"FAILED"}`)
	h := signed(hubbleSigner(hubbleSecret), body)
	rec.failNext(errors.New("database down"))
	if code := post(m, "/hubble", body, h); code != http.StatusInternalServerError {
		t.Fatalf("function error: status %d, want 500", code)
	}
	for i := range 3 {
		if code := post(m, "/hubble", body, h); code != http.StatusOK {
			t.Fatalf("delivery %d: status %d", i+2, code)
		}
	}
	evs := rec.all()
	if len(evs) != 2 || evs[1].OrderStatus != giftcard.OrderFailed {
		t.Fatalf("%d calls (%v); want 2: the failed one and the retry, repeats dropped", len(evs), evs)
	}
}

// TestMuxNamedAccounts: two Hubble accounts with their own secrets at their
// own paths; each path accepts only its secret, and events carry the
// account's name.
func TestMuxNamedAccounts(t *testing.T) {
	rec := &recorder{}
	const backupSecret giftcard.Secret = "backup-secret-1234"
	m := newMux(t, rec.fn,
		webhooks.Hubble(hubble.WithWebhookSecret(hubbleSecret)),
		webhooks.Hubble(hubble.WithWebhookSecret(backupSecret)).Named("hubble-backup"),
		webhooks.Hubble(hubble.WithWebhookSecret(backupSecret)).Named("hubble-eu").At("/hooks/eu"),
	)
	body := golden(t, "hubble", "webhook_brand_new.json")
	if code := post(m, "/hubble-backup", body, signed(hubbleSigner(hubbleSecret), body)); code != http.StatusUnauthorized {
		t.Errorf("primary's signature on the backup's path: status %d, want 401", code)
	}
	if code := post(m, "/hubble-backup", body, signed(hubbleSigner(backupSecret), body)); code != http.StatusOK {
		t.Errorf("backup: status %d", code)
	}
	if code := post(m, "/hooks/eu", body, signed(hubbleSigner(backupSecret), body)); code != http.StatusOK {
		t.Errorf("eu: status %d", code)
	}
	if code := post(m, "/hubble-eu", body, signed(hubbleSigner(backupSecret), body)); code != http.StatusNotFound {
		t.Errorf("eu at its default path: status %d, want 404 (mounted at /hooks/eu)", code)
	}
	evs := rec.all()
	if len(evs) != 2 || evs[0].Provider != "hubble-backup" || evs[1].Provider != "hubble-eu" ||
		evs[0].QualifiedProductID() != "hubble-backup:01GMAVS2CHXR0XP1BZSTA9A44K" {
		t.Fatalf("events: %v", evs)
	}
	var paths []string
	for _, mt := range m.Mounts() {
		paths = append(paths, mt.Provider+"@"+mt.Path)
	}
	if got := strings.Join(paths, " "); got != "hubble-eu@/hooks/eu hubble@/hubble hubble-backup@/hubble-backup" {
		t.Errorf("Mounts = %s", got)
	}
}

// TestMountsOnYourRouter: the handlers Mounts returns are the verified
// ones, usable on a router of your own.
func TestMountsOnYourRouter(t *testing.T) {
	rec := &recorder{}
	m := bothProviders(t, rec)
	router := http.NewServeMux()
	for _, mt := range m.Mounts() {
		router.Handle("POST /api/webhooks"+mt.Path, mt.Handler)
	}
	body := golden(t, "wolfe", "webhook_transaction_update.json")
	if code := post(router, "/api/webhooks/wolfe", body, nil); code != http.StatusUnauthorized {
		t.Errorf("unsigned: %d", code)
	}
	if code := post(router, "/api/webhooks/wolfe", body, signed(wolfeSigner(t, wolfeSecret), body)); code != http.StatusOK {
		t.Errorf("signed: %d", code)
	}
	if evs := rec.all(); len(evs) != 1 || evs[0].Type != webhooks.TransactionUpdated || evs[0].Provider != "wolfe" {
		t.Errorf("events: %v", evs)
	}
}

// TestNewFailsClosed: a Mux that could not verify something is never
// built.
func TestNewFailsClosed(t *testing.T) {
	rec := &recorder{}
	good := webhooks.Hubble(hubble.WithWebhookSecret(hubbleSecret))
	for name, tc := range map[string]struct {
		fn      webhooks.Func
		sources []webhooks.Source
		field   string // the ValidationError's field; "" for a provider's error
	}{
		"nil function":          {nil, []webhooks.Source{good}, "fn"},
		"no source":             {rec.fn, nil, "sources"},
		"zero source":           {rec.fn, []webhooks.Source{{Provider: "x", Path: "/x"}}, "sources[0]"},
		"hubble without secret": {rec.fn, []webhooks.Source{webhooks.Hubble()}, ""},
		"hubble, empty secret":  {rec.fn, []webhooks.Source{webhooks.Hubble(hubble.WithWebhookSecret(""))}, ""},
		"hubble, bad allow-list": {rec.fn, []webhooks.Source{
			webhooks.Hubble(hubble.WithWebhookSecret(hubbleSecret), hubble.WithAllowedIPs("not-an-ip"))}, ""},
		"hubble client nil":      {rec.fn, []webhooks.Source{webhooks.HubbleClient(nil)}, ""},
		"wolfe without verifier": {rec.fn, []webhooks.Source{webhooks.Wolfe(wolfe.WebhookOptions{})}, ""},
		"wolfe, no secrets":      {rec.fn, []webhooks.Source{webhooks.Wolfe(wolfe.WebhookOptions{Signature: &wolfe.SignatureConfig{}})}, ""},
		"same name twice":        {rec.fn, []webhooks.Source{good, good.At("/other")}, "sources[1].Provider"},
		"same path twice":        {rec.fn, []webhooks.Source{good, good.Named("b").At("/hubble")}, "sources[1].Path"},
		"empty name":             {rec.fn, []webhooks.Source{good.Named("")}, "sources[0].Provider"},
		"name with colon":        {rec.fn, []webhooks.Source{good.Named("hubble:2")}, "sources[0].Provider"},
		"name with space":        {rec.fn, []webhooks.Source{good.Named("hub ble")}, "sources[0].Provider"},
		"relative path":          {rec.fn, []webhooks.Source{good.At("hubble")}, "sources[0].Path"},
		"root path":              {rec.fn, []webhooks.Source{good.At("/")}, "sources[0].Path"},
		"trailing slash":         {rec.fn, []webhooks.Source{good.At("/hubble/")}, "sources[0].Path"},
		"unclean path":           {rec.fn, []webhooks.Source{good.At("/a/../hubble")}, "sources[0].Path"},
		"pattern path":           {rec.fn, []webhooks.Source{good.At("/{p}")}, "sources[0].Path"},
		"custom nil handler": {rec.fn, []webhooks.Source{webhooks.Custom("x", func(webhooks.Func) (http.Handler, error) {
			return nil, nil
		})}, "sources[0]"},
	} {
		t.Run(name, func(t *testing.T) {
			m, err := webhooks.New(tc.fn, tc.sources...)
			if err == nil || m != nil {
				t.Fatalf("New = %v, %v; want an error", m, err)
			}
			var ve *giftcard.ValidationError
			if !errors.As(err, &ve) || !errors.Is(err, giftcard.ErrInvalidRequest) {
				t.Fatalf("err = %v (%T), want a *giftcard.ValidationError", err, err)
			}
			if tc.field != "" && (ve.Field != tc.field || ve.Provider != "") {
				t.Errorf("field %q (provider %q), want %q: %v", ve.Field, ve.Provider, tc.field, err)
			}
			if tc.field == "" && ve.Provider == "" {
				t.Errorf("a provider's refusal should name the provider: %v", err)
			}
		})
	}
}

// TestInsecureOnPurpose: a provider's own insecure option is the only way
// to mount an unverified handler, and it works.
func TestInsecureOnPurpose(t *testing.T) {
	rec := &recorder{}
	m := newMux(t, rec.fn, webhooks.Hubble(hubble.InsecureSkipVerify()), webhooks.Wolfe(wolfe.WebhookOptions{Insecure: true}))
	for _, p := range []string{"/hubble", "/wolfe"} {
		body := golden(t, strings.TrimPrefix(p, "/"), map[string]string{"/hubble": "webhook_order_terminal.json", "/wolfe": "webhook_gift_update.json"}[p])
		if code := post(m, p, body, nil); code != http.StatusOK {
			t.Errorf("%s unsigned with the insecure option: %d", p, code)
		}
	}
	if len(rec.all()) != 2 {
		t.Fatalf("%d events", len(rec.all()))
	}
}

// TestCustomSource: Custom mounts any handler; the events it delivers carry
// the source's name, and the function's error comes back to it.
func TestCustomSource(t *testing.T) {
	rec := &recorder{}
	var deliverErr error
	src := webhooks.Custom("orbt", func(deliver webhooks.Func) (http.Handler, error) {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("X-Token") != "let-me-in" {
				http.Error(w, "no", http.StatusUnauthorized)
				return
			}
			deliverErr = deliver(r.Context(), webhooks.Event{Provider: "spoofed", Type: webhooks.GiftUpdated, GiftID: "g-1"})
			w.WriteHeader(http.StatusNoContent)
		}), nil
	})
	m := newMux(t, rec.fn, src.At("/custom"))
	if code := post(m, "/custom", nil, nil); code != http.StatusUnauthorized || len(rec.all()) != 0 {
		t.Fatalf("unverified: %d, %d events", code, len(rec.all()))
	}
	rec.failNext(errors.New("boom"))
	if code := post(m, "/custom", nil, http.Header{"X-Token": {"let-me-in"}}); code != http.StatusNoContent {
		t.Fatalf("verified: %d", code)
	}
	if evs := rec.all(); len(evs) != 1 || evs[0].Provider != "orbt" || evs[0].GiftID != "g-1" || deliverErr == nil {
		t.Fatalf("events %v, deliver error %v", evs, deliverErr)
	}
}

// TestEventPrintsNoPayload: no fmt verb nor slog reaches Raw or Native.
func TestEventPrintsNoPayload(t *testing.T) {
	type native struct{ PIN string }
	ev := webhooks.Event{Provider: "hubble", Type: webhooks.OrderUpdated, OrderID: "o-1",
		Order:  &giftcard.Order{ID: "o-1", Vouchers: []giftcard.Voucher{{CardNumber: "4111222233334444", PIN: "918273"}}},
		Native: native{PIN: "SECRET-PIN-5150"}, Raw: []byte(`{"cardPin":"RAW-PIN-8080"}`)}
	kittest.AssertRedacted(t, ev, "4111222233334444", "918273", "SECRET-PIN-5150", "RAW-PIN-8080")
	if s := fmt.Sprint(ev); !strings.Contains(s, "OrderID:o-1") || !strings.Contains(s, "Type:order.updated") {
		t.Errorf("String = %s", s)
	}
}
