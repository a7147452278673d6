package webhooks_test

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/hubble"
	"github.com/giftcard-go/giftcard/webhooks"
	"github.com/giftcard-go/giftcard/wolfe"
)

// One endpoint for Hubble's and Wolfe's webhooks: each request is verified
// by its provider's handler before the function sees a portable Event.
func Example() {
	hubbleSecret := giftcard.Secret("hubble-webhook-secret") // HUBBLE_WEBHOOK_SECRET
	wolfeSecret := giftcard.Secret("wolfe-webhook-secret")   // from your Wolfe account manager

	mux, err := webhooks.New(func(ctx context.Context, ev webhooks.Event) error {
		switch ev.Type {
		case webhooks.OrderUpdated:
			fmt.Println(ev.Provider, "order", ev.OrderID, ev.OrderStatus)
		case webhooks.GiftUpdated:
			fmt.Println(ev.Provider, "gift", ev.GiftID, ev.GiftStatus)
		case webhooks.BalanceLow:
			fmt.Println(ev.Provider, "balance low:", ev.Balance)
		default:
			fmt.Println(ev.Provider, ev.Type, ev.Name)
		}
		return nil
	},
		webhooks.Hubble(hubble.WithWebhookSecret(hubbleSecret)),
		webhooks.Wolfe(wolfe.WebhookOptions{Signature: &wolfe.SignatureConfig{Secrets: []giftcard.Secret{wolfeSecret}}}),
	)
	if err != nil {
		log.Fatal(err)
	}
	// In a server: http.Handle("/webhooks/", http.StripPrefix("/webhooks", mux)).

	// What Hubble posts: the body, signed in X-Verify.
	body := []byte(`{"id":"01KJB2EXAMPLE0PROCESSING01","status":"SUCCESS"}`)
	req := httptest.NewRequest(http.MethodPost, "/hubble", bytes.NewReader(body))
	req.Header.Set(hubble.SignatureHeader, hubble.Sign(body, hubbleSecret))
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, req)
	fmt.Println("hubble answered", w.Code)

	// A forged request never reaches the function.
	req = httptest.NewRequest(http.MethodPost, "/hubble", bytes.NewReader(body))
	req.Header.Set(hubble.SignatureHeader, hubble.Sign(body, "guessed"))
	w = httptest.NewRecorder()
	mux.ServeHTTP(w, req)
	fmt.Println("forgery answered", w.Code)

	// What Wolfe posts, signed with the scheme your account uses.
	body = []byte(`{"event":"GIFT_UPDATE","id":"7b86f0fa-e61d-48f3-9237-227533683776","amount":10.99,"balance":0,"status":"redeemed"}`)
	sig, _ := wolfe.SignatureConfig{Secrets: []giftcard.Secret{wolfeSecret}}.Sign(body)
	req = httptest.NewRequest(http.MethodPost, "/wolfe", bytes.NewReader(body))
	req.Header.Set(wolfe.DefaultSignatureHeader, sig)
	w = httptest.NewRecorder()
	mux.ServeHTTP(w, req)
	fmt.Println("wolfe answered", w.Code)
	// Output:
	// hubble order 01KJB2EXAMPLE0PROCESSING01 SUCCESS
	// hubble answered 200
	// forgery answered 401
	// wolfe gift 7b86f0fa-e61d-48f3-9237-227533683776 REDEEMED
	// wolfe answered 200
}
