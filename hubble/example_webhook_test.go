package hubble_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/hubble"
)

// A webhook endpoint built from the webhook secret alone (no API
// credentials), as in a test of your webhook code: a body signed with the
// secret reaches your function once; a forged one is answered 401 and never
// does.
func ExampleNewWebhookHandler() {
	secret := giftcard.Secret("whsec-from-the-hubble-portal") // in production: os.Getenv("HUBBLE_WEBHOOK_SECRET")
	h, err := hubble.NewWebhookHandler(hubble.WebhookHandlers{
		Order: func(ctx context.Context, ev hubble.OrderEvent) error {
			fmt.Println("order", ev.ID, "reached", ev.Status)
			return nil // an error answers 500, and Hubble sends the event again
		},
		LowBalance: func(ctx context.Context, lb hubble.LowBalance) error {
			fmt.Println("wallet low:", lb.Balance, "below", lb.Threshold)
			return nil
		},
	}, hubble.WithWebhookSecret(secret))
	if err != nil {
		fmt.Println(err)
		return
	}
	srv := httptest.NewServer(h) // in production: mux.Handle("POST /hooks/hubble", h)
	defer srv.Close()

	post := func(body, signature string) {
		req, _ := http.NewRequest(http.MethodPost, srv.URL, strings.NewReader(body))
		req.Header.Set(hubble.SignatureHeader, signature)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			fmt.Println(err)
			return
		}
		res.Body.Close()
		fmt.Println("answered", res.StatusCode)
	}
	order := `{"id":"01JQ7ZKX4W9V3M2N8B5C6D7E8F","status":"SUCCESS"}`
	post(order, hubble.Sign([]byte(order), secret))
	post(order, hubble.Sign([]byte(order), secret)) // a repeat: acknowledged, not delivered again
	low := `{"balance":4200,"threshold":5000}`
	post(low, hubble.Sign([]byte(low), secret))
	post(low, hubble.Sign([]byte(low), "a guessed secret"))
	// Output:
	// order 01JQ7ZKX4W9V3M2N8B5C6D7E8F reached SUCCESS
	// answered 200
	// answered 200
	// wallet low: 4200 below 5000
	// answered 200
	// answered 401
}
