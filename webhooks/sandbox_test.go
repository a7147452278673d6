package webhooks_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/giftcardtest"
	"github.com/giftcard-go/giftcard/hubble"
	"github.com/giftcard-go/giftcard/hubble/hubbletest"
	"github.com/giftcard-go/giftcard/internal/kittest"
	"github.com/giftcard-go/giftcard/webhooks"
	"github.com/giftcard-go/giftcard/wolfe"
	"github.com/giftcard-go/giftcard/wolfe/wolfetest"
)

var t0 = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

// front is the partner's server: an httptest server serving the Mux set
// later (the sandboxes need its URL before the Mux can be built).
type front struct {
	*httptest.Server
	mux atomic.Pointer[webhooks.Mux]
}

func newFront(t *testing.T) *front {
	f := &front{}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m := f.mux.Load()
		if m == nil {
			http.Error(w, "not ready", http.StatusServiceUnavailable)
			return
		}
		m.ServeHTTP(w, r)
	}))
	t.Cleanup(f.Close)
	return f
}

// TestMuxWithHubbleSandbox: the sandbox settles an order and posts the
// signed webhook; through the mux the function receives it once, with the
// order fetched (FetchOrder), its vouchers never printed. The brand and
// wallet webhooks arrive as product and balance events in the client's
// currency; an unsigned post never reaches the function.
func TestMuxWithHubbleSandbox(t *testing.T) {
	ctx := t.Context()
	f := newFront(t)
	clk := giftcardtest.NewClock(t0)
	srv := hubbletest.NewServer(hubbletest.WithClock(clk), hubbletest.WithProcessingPolls(0),
		hubbletest.WithWebhook(f.URL+"/hubble", "hubble-sandbox-secret", nil))
	t.Cleanup(srv.Close)
	c, err := hubble.New(srv.Config(), giftcard.WithClock(clk), giftcard.WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	f.mux.Store(newMux(t, rec.fn, webhooks.HubbleClient(c, hubble.FetchOrder())))

	o, err := c.PlaceOrder(ctx, giftcard.OrderRequest{ProductID: hubbletest.AmazonID,
		Items: []giftcard.OrderItem{{Denomination: inr("500"), Quantity: 10}}})
	if err != nil || o.Status != giftcard.OrderProcessing {
		t.Fatalf("PlaceOrder = %v, %v; want a PROCESSING order", o, err)
	}
	if err := srv.SettleOrder(o.ID, hubble.StatusSuccess); err != nil {
		t.Fatal(err)
	}
	ds, err := srv.WaitWebhooks(ctx, 1)
	if err != nil || len(ds) != 1 || ds[0].Status != http.StatusOK {
		t.Fatalf("webhook deliveries %+v, %v", ds, err)
	}
	evs := rec.all()
	if len(evs) != 1 {
		t.Fatalf("%d events, want 1", len(evs))
	}
	ev := evs[0]
	if ev.Provider != "hubble" || ev.Type != webhooks.OrderUpdated || ev.OrderID != o.ID || ev.OrderStatus != giftcard.OrderSuccess {
		t.Fatalf("event %v", ev)
	}
	if ev.Order == nil || ev.Order.ID != o.ID || len(ev.Order.Vouchers) != 10 || ev.Order.Vouchers[0].Amount.Currency != "INR" {
		t.Fatalf("fetched order: %+v", ev.Order)
	}
	var secrets []string
	for _, v := range ev.Order.Vouchers {
		secrets = append(secrets, v.CardNumber.Reveal(), v.PIN.Reveal())
	}
	kittest.AssertRedacted(t, ev, secrets...)

	for _, body := range [][]byte{golden(t, "hubble", "webhook_wallet_low_balance.json"), golden(t, "hubble", "webhook_brand_updated.json")} {
		if code, err := srv.SendWebhook(ctx, body); err != nil || code != http.StatusOK {
			t.Fatalf("SendWebhook: %d, %v", code, err)
		}
	}
	evs = rec.all()
	if len(evs) != 3 || evs[1].Type != webhooks.BalanceLow || !evs[1].Balance.Equal(inr("50")) || evs[2].Type != webhooks.ProductUpdated {
		t.Fatalf("events %v", evs)
	}

	res, err := http.Post(f.URL+"/hubble", "application/json", bytes.NewReader(golden(t, "hubble", "webhook_order_terminal.json")))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusUnauthorized || len(rec.all()) != 3 {
		t.Fatalf("unsigned post: %d, %d events", res.StatusCode, len(rec.all()))
	}
}

// TestMuxWithWolfeSandbox: a gift purchase makes the sandbox post
// GIFT_UPDATE and TRANSACTION_UPDATE; through the mux they arrive as a gift
// and a transaction event. With verify-by-refetch, the cancel's GIFT_UPDATE
// arrives with the gift as re-read, and a forged one naming an unknown gift
// never reaches the function.
func TestMuxWithWolfeSandbox(t *testing.T) {
	ctx := t.Context()
	f := newFront(t)
	clk := giftcardtest.NewClock(t0)
	srv := wolfetest.NewServer(wolfetest.WithClock(clk), wolfetest.WithMerchants(3))
	t.Cleanup(srv.Close)
	c, err := srv.NewClient(giftcard.WithClock(clk))
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	f.mux.Store(newMux(t, rec.fn,
		webhooks.Wolfe(wolfe.WebhookOptions{Signature: &wolfe.SignatureConfig{Secrets: []giftcard.Secret{wolfetest.WebhookSecret}}}),
		webhooks.Wolfe(wolfe.WebhookOptions{Refetch: c}).Named("wolfe-refetch"),
	))
	events := []wolfe.WebhookEventName{wolfe.WebhookGiftUpdate, wolfe.WebhookTransactionUpdate}
	if err := c.Webhooks.SetConfig(ctx, wolfe.WebhookConfig{CallbackURL: f.URL + "/wolfe", Events: events}); err != nil {
		t.Fatal(err)
	}
	g, err := c.IssueGift(ctx, giftcard.GiftRequest{ProductID: wolfetest.DunkinID, Amount: usd("20"),
		Recipient: giftcard.Recipient{Email: "mux@example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	ds, err := srv.Outbox().Wait(ctx, 2)
	if err != nil || len(ds) != 2 || ds[0].Status != http.StatusOK || ds[1].Status != http.StatusOK {
		t.Fatalf("deliveries %+v, %v", ds, err)
	}
	byType := map[webhooks.EventType]webhooks.Event{}
	for _, ev := range rec.all() {
		byType[ev.Type] = ev
	}
	if len(byType) != 2 {
		t.Fatalf("events %v", rec.all())
	}
	if ev := byType[webhooks.GiftUpdated]; ev.Provider != "wolfe" || ev.GiftID != g.ID || ev.OrderID != g.ID || !ev.Amount.Equal(usd("20")) {
		t.Errorf("gift event %v", ev)
	}
	if ev := byType[webhooks.TransactionUpdated]; ev.Provider != "wolfe" || ev.TransactionID == "" || ev.ReferenceID != g.ID {
		t.Errorf("transaction event %v (gift %s)", ev, g.ID)
	}

	if err := c.Webhooks.SetConfig(ctx, wolfe.WebhookConfig{CallbackURL: f.URL + "/wolfe-refetch", Events: events[:1]}); err != nil {
		t.Fatal(err)
	}
	if err := c.CancelGift(ctx, g.ID); err != nil {
		t.Fatal(err)
	}
	if ds, err := srv.Outbox().Wait(ctx, 3); err != nil || ds[2].Status != http.StatusOK {
		t.Fatalf("deliveries %+v, %v", ds, err)
	}
	evs := rec.all()
	if len(evs) != 3 {
		t.Fatalf("%d events", len(evs))
	}
	ev := evs[2]
	if ev.Provider != "wolfe-refetch" || ev.Type != webhooks.GiftUpdated || ev.Gift == nil || ev.Gift.ID != g.ID ||
		ev.GiftStatus != giftcard.GiftCancelled || ev.Gift.Status != giftcard.GiftCancelled || len(ev.Raw) == 0 {
		t.Fatalf("refetched gift event %v, gift %+v", ev, ev.Gift)
	}
	forged := []byte(`{"event":"GIFT_UPDATE","id":"00000000-0000-0000-0000-000000000000","status":"redeemed"}`)
	res, err := http.Post(f.URL+"/wolfe-refetch", "application/json", bytes.NewReader(forged))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusUnauthorized || len(rec.all()) != 3 {
		t.Fatalf("forged refetch: %d, %d events", res.StatusCode, len(rec.all()))
	}
}
