package hubble_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/hubble"
	"github.com/giftcard-go/giftcard/hubble/hubbletest"
)

const (
	vectorBody   = `{"id":"01KJB2EXAMPLE0PROCESSING01","status":"SUCCESS"}`
	vectorSecret = "hubble-webhook-secret"
	vectorSig    = "Km+UXJfy28y8VwMoEXT6NGWVoIYlIjEyX8Lq7Cw8kis="
)

// offline is a client that never needs the network (webhook tests that do
// not fetch).
func offline(t *testing.T, secret giftcard.Secret) *hubble.Client {
	t.Helper()
	c, err := hubble.New(hubble.Config{ClientID: "id", ClientSecret: "s", BaseURL: "http://127.0.0.1:1", WebhookSecret: secret})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func post(h http.Handler, body, sig, remote string, hdr ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodPost, "/hooks/hubble", strings.NewReader(body))
	if sig != "" {
		r.Header.Set("X-Verify", sig)
	}
	if remote != "" {
		r.RemoteAddr = remote
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		r.Header.Add(hdr[i], hdr[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestWebhookSignatureVector(t *testing.T) {
	if got := hubble.Sign([]byte(vectorBody), vectorSecret); got != vectorSig {
		t.Fatalf("Sign = %s, want %s", got, vectorSig)
	}
	var got []hubble.OrderEvent
	h := offline(t, vectorSecret).OrderWebhook(func(_ context.Context, ev hubble.OrderEvent) error {
		got = append(got, ev)
		return nil
	})
	if w := post(h, vectorBody, vectorSig, ""); w.Code != http.StatusOK {
		t.Fatalf("the documented vector was answered %d", w.Code)
	}
	if len(got) != 1 || got[0].ID != "01KJB2EXAMPLE0PROCESSING01" || got[0].Status != hubble.StatusSuccess || got[0].Order != nil {
		t.Fatalf("events %+v", got)
	}
	// Any one byte altered → 401, and user code is never called.
	for i := range len(vectorBody) {
		b := []byte(vectorBody)
		b[i] ^= 0x01
		if w := post(h, string(b), vectorSig, ""); w.Code != http.StatusUnauthorized {
			t.Fatalf("body altered at byte %d answered %d", i, w.Code)
		}
	}
	for _, sig := range []string{"", "not base64!", vectorSig[:len(vectorSig)-4] + "AAA=", hubble.Sign([]byte(vectorBody), "other-secret")} {
		if w := post(h, vectorBody, sig, ""); w.Code != http.StatusUnauthorized {
			t.Fatalf("signature %q answered %d", sig, w.Code)
		}
	}
	if len(got) != 1 {
		t.Fatalf("user code ran %d times; a refused request must never reach it", len(got))
	}
	if hubble.VerifySignature([]byte(vectorBody), vectorSig, "") {
		t.Fatal("an empty secret verified")
	}
	// WithWebhookSecret overrides the client's.
	h2 := offline(t, "").OrderWebhook(func(context.Context, hubble.OrderEvent) error { return nil }, hubble.WithWebhookSecret(vectorSecret))
	if w := post(h2, vectorBody, "", ""); w.Code != http.StatusUnauthorized {
		t.Fatalf("WithWebhookSecret not applied: %d", w.Code)
	}
	if w := post(h2, vectorBody, vectorSig, ""); w.Code != http.StatusOK {
		t.Fatalf("WithWebhookSecret: the vector answered %d", w.Code)
	}
	// Without any secret the handler fails closed: every request is refused
	// (an unsigned, forged event never reaches user code), unless the
	// caller opts out of verification explicitly.
	called := 0
	count := func(context.Context, hubble.OrderEvent) error { called++; return nil }
	h3 := offline(t, "").OrderWebhook(count)
	for _, sig := range []string{"", vectorSig} {
		if w := post(h3, vectorBody, sig, ""); w.Code != http.StatusUnauthorized {
			t.Fatalf("no secret configured, signature %q: %d", sig, w.Code)
		}
	}
	if called != 0 {
		t.Fatalf("a handler without a secret called user code %d times", called)
	}
	if _, err := offline(t, "").NewWebhookHandler(hubble.WebhookHandlers{Order: count}); asValidation(t, err).Field != "WebhookSecret" {
		t.Fatalf("a handler without a secret was built: %v", err)
	}
	h4 := offline(t, "").OrderWebhook(count, hubble.InsecureSkipVerify())
	if w := post(h4, vectorBody, "", ""); w.Code != http.StatusOK || called != 1 {
		t.Fatalf("InsecureSkipVerify: %d, called %d", w.Code, called)
	}
}

func TestOrderWebhookShapes(t *testing.T) {
	var last hubble.OrderEvent
	fail := false
	h := offline(t, "k").OrderWebhook(func(_ context.Context, ev hubble.OrderEvent) error {
		last = ev
		if fail {
			return errors.New("database down")
		}
		return nil
	})
	signed := func(body string) *httptest.ResponseRecorder { return post(h, body, hubble.Sign([]byte(body), "k"), "") }
	if w := signed(`{"orderId":"01A","status":"FAILED"}`); w.Code != 200 || last.ID != "01A" || last.Status != hubble.StatusFailed {
		t.Fatalf("orderId form: %d %+v", w.Code, last)
	}
	for _, bad := range []string{`{"status":"SUCCESS"}`, `{"id":"x"}`, `[1]`, `{"id":`, ``} {
		if w := signed(bad); w.Code != http.StatusBadRequest {
			t.Errorf("%q answered %d", bad, w.Code)
		}
	}
	fail = true
	if w := signed(vectorBody); w.Code != http.StatusInternalServerError {
		t.Fatalf("user error answered %d", w.Code)
	}
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusMethodNotAllowed {
		t.Fatalf("GET answered %d", w.Code)
	}
	big := `{"id":"x","status":"SUCCESS","pad":"` + strings.Repeat("a", 2048) + `"}`
	hs := offline(t, "k").OrderWebhook(func(context.Context, hubble.OrderEvent) error { return nil }, hubble.WithWebhookMaxBytes(1024))
	if w := post(hs, big, hubble.Sign([]byte(big), "k"), ""); w.Code != http.StatusRequestEntityTooLarge {
		t.Fatalf("oversized body answered %d", w.Code)
	}
}

func TestWebhookIPAllowList(t *testing.T) {
	ok := func(context.Context, hubble.OrderEvent) error { return nil }
	c := offline(t, vectorSecret)
	h := c.OrderWebhook(ok, hubble.WithAllowedIPs(hubble.WebhookIPs()...))
	cases := []struct {
		remote string
		xff    string
		want   int
	}{
		{"35.200.156.199:4431", "", 200},
		{"34.47.147.244:1", "", 200},
		{"34.14.138.52:1", "", 200},
		{"[::ffff:34.14.138.52]:1", "", 200},
		{"203.0.113.7:1", "", 403},
		{"10.0.0.5:1", "35.200.156.199", 403}, // X-Forwarded-For is ignored by default
	}
	for _, tc := range cases {
		var hdr []string
		if tc.xff != "" {
			hdr = []string{"X-Forwarded-For", tc.xff}
		}
		if w := post(h, vectorBody, vectorSig, tc.remote, hdr...); w.Code != tc.want {
			t.Errorf("%s (XFF %q) answered %d, want %d", tc.remote, tc.xff, w.Code, tc.want)
		}
	}
	hp := c.OrderWebhook(ok, hubble.WithAllowedIPs(hubble.WebhookIPs()...), hubble.WithTrustedProxies("10.0.0.0/8"))
	for _, tc := range []struct {
		remote, xff string
		want        int
	}{
		{"10.0.0.5:1", "35.200.156.199", 200},
		{"10.0.0.5:1", "203.0.113.1, 35.200.156.199", 200}, // the client is the right-most untrusted hop
		{"10.0.0.5:1", "35.200.156.199, 203.0.113.1", 403}, // a spoofed left-most entry does not help
		{"10.0.0.5:1", "35.200.156.199, 10.0.0.9", 200},    // a second trusted proxy is skipped
		{"203.0.113.9:1", "35.200.156.199", 403},           // not from a trusted proxy: XFF ignored
		{"10.0.0.5:1", "garbage", 403},
	} {
		if w := post(hp, vectorBody, vectorSig, tc.remote, "X-Forwarded-For", tc.xff); w.Code != tc.want {
			t.Errorf("proxy %s XFF %q answered %d, want %d", tc.remote, tc.xff, w.Code, tc.want)
		}
	}
	typo := c.OrderWebhook(ok, hubble.WithAllowedIPs("35.200.156.199", "34.47.147.2444"))
	if w := post(typo, vectorBody, vectorSig, "35.200.156.199:1"); w.Code != http.StatusForbidden {
		t.Fatalf("an allow-list with a typo must fail closed, answered %d", w.Code)
	}
	if _, err := c.NewWebhookHandler(hubble.WebhookHandlers{Order: ok}, hubble.WithAllowedIPs("35.200.156.199", "34.47.147.2444")); asValidation(t, err).Field != "AllowedIPs[1]" {
		t.Fatalf("a typo in the allow-list: %v", err)
	}
}

func TestOtherWebhooks(t *testing.T) {
	srv := sandbox(t)
	c := client(t, srv)
	ctx := t.Context()
	// Brand updated: the cached brand is dropped.
	if _, err := c.PlaceOrder(ctx, flipkart500()); err != nil {
		t.Fatal(err)
	}
	fetches := func() int { return srv.CountRequests(http.MethodGet, "/v1/partners/products/") }
	before := fetches()
	var upd hubble.BrandUpdate
	hb := c.BrandUpdatedWebhook(func(_ context.Context, u hubble.BrandUpdate) error { upd = u; return nil }, hubble.InsecureSkipVerify())
	body := `{"id":"` + hubbletest.FlipkartID + `","denominationType":"FIXED","status":"INACTIVE","denominations":[100],"amountRestrictions":{"maxVouchersPerOrder":5}}`
	if w := post(hb, body, "", ""); w.Code != 200 || upd.Status != hubble.BrandInactive || upd.AmountRestrictions.MaxVouchersPerOrder != 5 {
		t.Fatalf("brand update: %d %+v", w.Code, upd)
	}
	if _, err := c.PlaceOrder(ctx, flipkart500()); err != nil {
		t.Fatal(err)
	}
	if fetches() != before+1 {
		t.Fatalf("the brand was not fetched again after the webhook (%d → %d)", before, fetches())
	}
	var low hubble.LowBalance
	hl := c.LowBalanceWebhook(func(_ context.Context, l hubble.LowBalance) error { low = l; return nil }, hubble.InsecureSkipVerify())
	if w := post(hl, `{ "balance": 50.25, "threshold": 100}`, "", ""); w.Code != 200 || low.Balance.String() != "50.25" {
		t.Fatalf("low balance: %d %+v", w.Code, low)
	}
	if w := post(hl, `{"threshold": 100}`, "", ""); w.Code != 400 {
		t.Fatalf("low balance without balance: %d", w.Code)
	}
	var disc hubble.BrandDiscount
	hd := c.BrandDiscountWebhook(func(_ context.Context, d hubble.BrandDiscount) error { disc = d; return nil }, hubble.InsecureSkipVerify())
	if w := post(hd, `{"event":"USER_DISCOUNT_UPDATED","details":{"id":"b1","name":"B","discountPercentage":5.5}}`, "", ""); w.Code != 200 ||
		disc.Details.DiscountPercentage.String() != "5.5" {
		t.Fatalf("discount: %d %+v", w.Code, disc)
	}
	// One URL for all kinds.
	var kinds []string
	all := c.WebhookHandler(hubble.WebhookHandlers{
		Order:         func(context.Context, hubble.OrderEvent) error { kinds = append(kinds, "order"); return nil },
		BrandUpdated:  func(context.Context, hubble.BrandUpdate) error { kinds = append(kinds, "brand"); return nil },
		LowBalance:    func(context.Context, hubble.LowBalance) error { kinds = append(kinds, "low"); return nil },
		BrandDiscount: func(context.Context, hubble.BrandDiscount) error { kinds = append(kinds, "discount"); return nil },
	}, hubble.WithWebhookSecret("k"))
	for _, b := range []string{vectorBody, body, `{"balance":1,"threshold":2}`, `{"event":"BRAND_DISABLED","details":{"id":"b1","name":"B"}}`} {
		if w := post(all, b, hubble.Sign([]byte(b), "k"), ""); w.Code != 200 {
			t.Fatalf("%s answered %d", b, w.Code)
		}
	}
	if w := post(all, `{"hello":1}`, hubble.Sign([]byte(`{"hello":1}`), "k"), ""); w.Code != 400 {
		t.Fatalf("unknown payload answered %d", w.Code)
	}
	if strings.Join(kinds, ",") != "order,brand,low,discount" {
		t.Fatalf("dispatched %v", kinds)
	}
}

// The sandbox settles a PROCESSING order and calls the partner's webhook,
// signed; the handler verifies it and fetches the full order first.
func TestSandboxDeliversSignedOrderWebhook(t *testing.T) {
	got := make(chan hubble.OrderEvent, 1)
	var c *hubble.Client
	var calls atomic.Int32
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.OrderWebhook(func(_ context.Context, ev hubble.OrderEvent) error {
			calls.Add(1)
			got <- ev
			return nil
		}, hubble.FetchOrder()).ServeHTTP(w, r)
	}))
	defer recv.Close()
	srv := sandbox(t, hubbletest.WithWebhook(recv.URL, "whsec-1", nil), hubbletest.WithProcessingPolls(0))
	c = client(t, srv)
	o, err := c.PlaceOrder(t.Context(), giftcard.OrderRequest{ProductID: hubbletest.AmazonID,
		Items: []giftcard.OrderItem{{Denomination: inr("500"), Quantity: 10}}})
	if err != nil || o.Status != giftcard.OrderProcessing {
		t.Fatalf("%v %v", o, err)
	}
	if err := srv.SettleOrder(o.ID, hubble.StatusSuccess); err != nil {
		t.Fatal(err)
	}
	select {
	case ev := <-got:
		if ev.ID != o.ID || ev.Status != hubble.StatusSuccess || ev.Order == nil || len(ev.Order.Vouchers) != 10 {
			t.Fatalf("event %+v", ev)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no webhook arrived")
	}
	srv.Close() // waits for the delivery to finish
	d := srv.Webhooks()
	if len(d) != 1 || d[0].Status != http.StatusOK || d[0].Signature != hubble.Sign(d[0].Body, "whsec-1") {
		t.Fatalf("deliveries %+v", d)
	}
	if calls.Load() != 1 {
		t.Fatalf("handler called %d times", calls.Load())
	}
}

func TestFetchOrderFailureAnswers503(t *testing.T) {
	srv := sandbox(t)
	c := client(t, srv, giftcard.WithNoRetries())
	called := false
	h := c.OrderWebhook(func(context.Context, hubble.OrderEvent) error { called = true; return nil }, hubble.FetchOrder(), hubble.InsecureSkipVerify())
	if w := post(h, `{"id":"01NOPE","status":"SUCCESS"}`, "", ""); w.Code != http.StatusServiceUnavailable || called {
		t.Fatalf("answered %d, called %v", w.Code, called)
	}
}
