package wolfe_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/wolfe"
	"github.com/giftcard-go/giftcard/wolfe/wolfetest"
)

func TestWebhookConfig(t *testing.T) {
	srv := newSandbox(t)
	c := client(t, srv)
	ctx := t.Context()
	cfg, err := c.Webhooks.GetConfig(ctx)
	if err != nil || cfg.CallbackURL != "" || len(cfg.Events) != 0 {
		t.Fatalf("initial: %+v %v", cfg, err)
	}
	want := wolfe.WebhookConfig{CallbackURL: "https://partner.example.com/wolfe",
		Events: []wolfe.WebhookEventName{wolfe.WebhookGiftUpdate, wolfe.WebhookTransactionUpdate}}
	if err := c.Webhooks.SetConfig(ctx, want); err != nil {
		t.Fatal(err)
	}
	put := srv.Requests()[len(srv.Requests())-1]
	if put.Method != "PUT" || !strings.Contains(string(put.Body), `"events":["GIFT_UPDATE","TRANSACTION_UPDATE"]`) {
		t.Errorf("sent %s %s", put.Method, put.Body)
	}
	got, err := c.Webhooks.GetConfig(ctx)
	if err != nil || got.CallbackURL != want.CallbackURL || len(got.Events) != 2 || got.Events[1] != wolfe.WebhookTransactionUpdate {
		t.Fatalf("read back: %+v %v", got, err)
	}
	link, err := c.Webhooks.PortalLink(ctx)
	if err != nil || !strings.HasPrefix(link.URL, "https://") {
		t.Fatalf("portal: %+v %v", link, err)
	}
	// The documentation's answers carry no data: an empty configuration,
	// and, for the portal, an error rather than an empty link.
	srv.InjectFault(wolfetest.Fault{Method: "GET", Status: 200, Body: string(golden(t, "w39_get_webhook_config_response.corrected.json")), Header: jsonHeader})
	if cfg, err := c.Webhooks.GetConfig(ctx); err != nil || cfg.CallbackURL != "" {
		t.Errorf("no data: %+v %v", cfg, err)
	}
	srv.InjectFault(wolfetest.Fault{Method: "GET", Status: 200, Body: string(golden(t, "w40_webhook_portal_response.corrected.json")), Header: jsonHeader})
	if _, err := c.Webhooks.PortalLink(ctx); !errors.Is(err, giftcard.ErrInvalidResponse) {
		t.Errorf("portal without data: %v", err)
	}
	for _, data := range []string{`"https://a.example/p"`, `{"link":"https://a.example/p"}`, `{"portal_url":"https://a.example/p"}`} {
		srv.InjectFault(wolfetest.Fault{Method: "GET", Status: 200, Body: `{"code":200,"message":"SUCCESS","data":` + data + `}`, Header: jsonHeader})
		if l, err := c.Webhooks.PortalLink(ctx); err != nil || l.URL != "https://a.example/p" {
			t.Errorf("%s: %+v %v", data, l, err)
		}
	}
}

// receiver collects the events a handler delivers.
type receiver struct {
	mu     sync.Mutex
	events []wolfe.WebhookEvent
}

func (r *receiver) fn(_ context.Context, ev wolfe.WebhookEvent) error {
	r.mu.Lock()
	r.events = append(r.events, ev)
	r.mu.Unlock()
	return nil
}

func (r *receiver) all() []wolfe.WebhookEvent {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]wolfe.WebhookEvent(nil), r.events...)
}

func handler(t *testing.T, opts wolfe.WebhookOptions) (*receiver, http.Handler) {
	t.Helper()
	rcv := &receiver{}
	h, err := wolfe.NewWebhookHandler(opts, rcv.fn)
	if err != nil {
		t.Fatal(err)
	}
	return rcv, h
}

func post(t *testing.T, h http.Handler, body string, header http.Header) int {
	t.Helper()
	r := httptest.NewRequest("POST", "/wolfe", strings.NewReader(body))
	for k, v := range header {
		r.Header[k] = v
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w.Code
}

// TestWebhooksEndToEnd: the sandbox posts signed webhooks to the
// configured URL; the handler verifies the signature and delivers the
// payloads, dollars as Money.
func TestWebhooksEndToEnd(t *testing.T) {
	srv := newSandbox(t)
	c := client(t, srv)
	ctx := t.Context()
	sig := srv.SignatureConfig()
	rcv, h := handler(t, wolfe.WebhookOptions{Signature: &sig})
	hook := httptest.NewServer(h)
	defer hook.Close()
	if err := c.Webhooks.SetConfig(ctx, wolfe.WebhookConfig{CallbackURL: hook.URL,
		Events: []wolfe.WebhookEventName{wolfe.WebhookGiftUpdate, wolfe.WebhookTransactionUpdate}}); err != nil {
		t.Fatal(err)
	}
	res, err := c.Gifts.Purchase(ctx, purchase25())
	if err != nil {
		t.Fatal(err)
	}
	deliveries, err := srv.WaitWebhooks(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range deliveries {
		if d.Status != 200 || d.Header.Get(wolfe.DefaultSignatureHeader) == "" {
			t.Errorf("delivery %d %v %s", d.Status, d.Err, d.Body)
		}
	}
	var gift, tx *wolfe.WebhookEvent
	for _, ev := range rcv.all() {
		switch ev.Name {
		case wolfe.WebhookGiftUpdate:
			gift = &ev
		case wolfe.WebhookTransactionUpdate:
			tx = &ev
		}
	}
	if gift == nil || tx == nil {
		t.Fatalf("events %+v", rcv.all())
	}
	if gift.ID != res.GiftID || gift.GiftUpdate == nil || !gift.GiftUpdate.Amount.Equal(usd("25")) || gift.Refetched || len(gift.Raw) == 0 {
		t.Errorf("gift event %+v", gift)
	}
	if tx.TransactionUpdate == nil || tx.TransactionUpdate.ReferenceID != res.GiftID || !tx.TransactionUpdate.Amount.Equal(usd("25")) {
		t.Errorf("transaction event %+v", tx.TransactionUpdate)
	}
	// A forged or unsigned body is refused before the function runs.
	n := len(rcv.all())
	body := string(deliveries[0].Body)
	if code := post(t, h, body, nil); code != 401 {
		t.Errorf("unsigned: %d", code)
	}
	if code := post(t, h, strings.Replace(body, "25.00", "99.00", 1), http.Header{wolfe.DefaultSignatureHeader: deliveries[0].Header.Values(wolfe.DefaultSignatureHeader)}); code != 401 {
		t.Errorf("altered body: %d", code)
	}
	if len(rcv.all()) != n {
		t.Error("a refused webhook reached the function")
	}
}

func TestWebhookSignatureOptions(t *testing.T) {
	body := string(golden(t, "webhook_gift_update.json"))
	old, cur := giftcard.Secret("old-secret-1234"), giftcard.Secret("new-secret-5678")
	for _, enc := range []wolfe.SignatureEncoding{wolfe.SignatureHex, wolfe.SignatureBase64, wolfe.SignatureBase64URL} {
		verify := wolfe.SignatureConfig{Header: "X-Signature", Encoding: enc, Prefix: "sha256=", Secrets: []giftcard.Secret{cur, old}}
		rcv, h := handler(t, wolfe.WebhookOptions{Signature: &verify})
		for _, secret := range []giftcard.Secret{old, cur} {
			sign := verify
			sign.Secrets = []giftcard.Secret{secret}
			v, err := sign.Sign([]byte(body))
			if err != nil || !strings.HasPrefix(v, "sha256=") {
				t.Fatal(v, err)
			}
			if code := post(t, h, body, http.Header{"X-Signature": {v}}); code != 200 {
				t.Errorf("encoding %d, secret %s: %d", enc, secret, code)
			}
		}
		if code := post(t, h, body, http.Header{"X-Signature": {"sha256=00"}}); code != 401 {
			t.Errorf("wrong signature: %d", code)
		}
		if got := rcv.all(); len(got) != 2 || got[0].GiftUpdate == nil || !got[0].GiftUpdate.Balance.Equal(usd("5.15")) {
			t.Errorf("encoding %d: %+v", enc, got)
		}
	}
}

// TestWebhookRefetch: with Refetch, the function receives the object as
// read from Wolfe, never the posted body; an id Wolfe does not know is not
// verified.
func TestWebhookRefetch(t *testing.T) {
	srv := newSandbox(t)
	c := client(t, srv)
	ctx := t.Context()
	res, err := c.Gifts.Purchase(ctx, purchase25())
	if err != nil {
		t.Fatal(err)
	}
	rcv, h := handler(t, wolfe.WebhookOptions{Refetch: c})
	forged := `{"event":"GIFT_UPDATE","id":"` + res.GiftID + `","amount":999.99,"balance":999.99,"status":"redeemed"}`
	if code := post(t, h, forged, nil); code != 200 {
		t.Fatalf("known gift: %d", code)
	}
	evs := rcv.all()
	if len(evs) != 1 || !evs[0].Refetched || evs[0].Gift == nil || !evs[0].Gift.Amount.Equal(usd("25")) ||
		evs[0].Gift.Status != wolfe.GiftStatusNew || evs[0].GiftUpdate != nil || evs[0].Raw != nil {
		t.Fatalf("refetched event %+v", evs)
	}
	for body, want := range map[string]int{
		`{"event":"GIFT_UPDATE","id":"no-such-gift"}`:                                  401,
		`{"event":"TRANSACTION_UPDATE","id":"no-such-transaction"}`:                    401,
		`{"event":"MERCHANT_DELETE","id":"` + wolfetest.DunkinID + `"}`:                401, // still in the catalog
		`{"event":"MERCHANT_DELETE","merchant_id":"gone-merchant"}`:                    200,
		`{"event":"MERCHANT_UPDATE","id":"` + wolfetest.DunkinID + `"}`:                200,
		`{"event":"TRANSACTION_UPDATE","id":"` + wolfetest.ExampleTransactionID + `"}`: 200,
		`{"event":"SOMETHING_NEW","id":"x"}`:                                           400,
		`{"id":"x"}`:                                                                   400,
		`not json`:                                                                     400,
	} {
		if code := post(t, h, body, nil); code != want {
			t.Errorf("%s: %d, want %d", body, code, want)
		}
	}
	for _, ev := range rcv.all()[1:] {
		switch ev.Name {
		case wolfe.WebhookMerchantUpdate:
			if ev.Merchant == nil || ev.Merchant.Name != "Dunkin Donuts" {
				t.Errorf("merchant update %+v", ev)
			}
		case wolfe.WebhookMerchantDelete:
			if ev.Merchant != nil || ev.ID != "gone-merchant" {
				t.Errorf("merchant delete %+v", ev)
			}
		case wolfe.WebhookTransactionUpdate:
			if ev.Transaction == nil || !ev.Transaction.Amount.Equal(usd("85.32")) {
				t.Errorf("transaction %+v", ev)
			}
		default:
			t.Errorf("unexpected %+v", ev)
		}
	}
	// Wolfe unreachable while re-reading: 503, so Wolfe delivers again.
	srv.InjectFault(wolfetest.Fault{Method: "GET", Status: 503, Times: -1})
	if code := post(t, h, forged, nil); code != 503 {
		t.Errorf("re-read failing: %d", code)
	}
}

func TestWebhookHandlerFailsClosed(t *testing.T) {
	fn := func(context.Context, wolfe.WebhookEvent) error { return nil }
	var ve *giftcard.ValidationError
	if _, err := wolfe.NewWebhookHandler(wolfe.WebhookOptions{}, fn); !errors.As(err, &ve) {
		t.Errorf("no verification: %v", err)
	}
	if _, err := wolfe.NewWebhookHandler(wolfe.WebhookOptions{Signature: &wolfe.SignatureConfig{}}, fn); !errors.As(err, &ve) {
		t.Errorf("no secret: %v", err)
	}
	if _, err := wolfe.NewWebhookHandler(wolfe.WebhookOptions{Insecure: true}, nil); !errors.As(err, &ve) {
		t.Errorf("no function: %v", err)
	}
	if _, err := wolfe.NewWebhookHandler(wolfe.WebhookOptions{Insecure: true, AllowedIPs: []string{"not an ip"}}, fn); !errors.As(err, &ve) {
		t.Errorf("bad allow-list: %v", err)
	}
	// Insecure on purpose: the posted payload is delivered.
	rcv, h := handler(t, wolfe.WebhookOptions{Insecure: true})
	if code := post(t, h, string(golden(t, "webhook_transaction_update.json")), nil); code != 200 {
		t.Fatal(code)
	}
	if ev := rcv.all(); len(ev) != 1 || ev[0].TransactionUpdate == nil || !ev[0].TransactionUpdate.Amount.Equal(usd("85.32")) {
		t.Errorf("%+v", ev)
	}
	// GET is not a webhook; an address off the allow-list is refused.
	r := httptest.NewRequest("GET", "/wolfe", nil)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != 405 {
		t.Errorf("GET: %d", w.Code)
	}
	_, h = handler(t, wolfe.WebhookOptions{Insecure: true, AllowedIPs: []string{"10.10.10.10"}})
	if code := post(t, h, `{"event":"GIFT_UPDATE","id":"x"}`, nil); code != 403 {
		t.Errorf("from 192.0.2.1 (httptest): %d", code)
	}
	// The function's error is a 500, so Wolfe delivers again.
	h, _ = wolfe.NewWebhookHandler(wolfe.WebhookOptions{Insecure: true}, func(context.Context, wolfe.WebhookEvent) error {
		return errors.New("database down")
	})
	if code := post(t, h, `{"event":"GIFT_UPDATE","id":"x"}`, nil); code != 500 {
		t.Errorf("function failed: %d", code)
	}
}

func TestParseWebhook(t *testing.T) {
	ev, err := wolfe.ParseWebhook([]byte(`{"event":"MERCHANT_UPDATE","merchant_id":"m-1","name":"New name"}`))
	if err != nil || ev.MerchantUpdate == nil || ev.ID != "m-1" || !json.Valid(ev.MerchantUpdate.Raw) {
		t.Fatalf("%+v %v", ev, err)
	}
	if _, err := wolfe.ParseWebhook([]byte(`{"event":"GIFT_UPDATE","amount":"ten"}`)); err == nil {
		t.Error("a gift update without id was accepted")
	}
	if _, err := wolfe.ParseWebhook([]byte(`{"event":"GIFT_UPDATE","id":"g","amount":"ten"}`)); err == nil {
		t.Error("an amount that is not a number was accepted")
	}
}

// TestWebhookDedupeWindow: with a window, a byte-identical redelivery is
// acknowledged without reaching the function; without one, it is delivered.
func TestWebhookDedupeWindow(t *testing.T) {
	body := string(golden(t, "webhook_gift_update.json"))
	verify := wolfe.SignatureConfig{Header: "X-Signature", Encoding: wolfe.SignatureHex, Secrets: []giftcard.Secret{"dedupe-secret-1"}}
	sig, err := verify.Sign([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	for window, want := range map[time.Duration]int{0: 3, time.Hour: 1} {
		rcv, h := handler(t, wolfe.WebhookOptions{Signature: &verify, DedupeWindow: window})
		for range 3 {
			if code := post(t, h, body, http.Header{"X-Signature": {sig}}); code != 200 {
				t.Fatalf("window %v: %d", window, code)
			}
		}
		if got := len(rcv.all()); got != want {
			t.Errorf("window %v: delivered %d times, want %d", window, got, want)
		}
	}
	if _, err := wolfe.NewWebhookHandler(wolfe.WebhookOptions{Signature: &verify, DedupeWindow: -time.Second}, func(context.Context, wolfe.WebhookEvent) error { return nil }); err == nil {
		t.Error("a negative window was accepted")
	}
}
