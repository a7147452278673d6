package giftcard_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/giftcardtest"
)

// The checkout pattern: a request handler places the order and answers at
// once — 200 with the vouchers when the order is already SUCCESS, 202 with
// the order id while it is PROCESSING — and a background job (or the
// provider's webhook) finishes it. No HTTP request is held open for the
// minutes an order may take.
func ExampleAwaitOrder_checkout() {
	clock := giftcardtest.NewClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	fake := giftcardtest.NewFake(giftcardtest.WithClock(clock))
	var orders giftcard.Orders = fake
	finished := make(chan string, 1) // where the background job reports (a database, in real code)

	checkout := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		order, err := orders.PlaceOrder(r.Context(), giftcard.OrderRequest{
			ProductID:   "fake-books",
			ReferenceID: r.FormValue("cart"), // the cart id: a retried checkout places nothing new
			Items:       []giftcard.OrderItem{{Denomination: giftcard.MustParseMoney("500", "INR"), Quantity: 1}},
		})
		if err != nil {
			http.Error(w, "could not place the order", http.StatusBadGateway)
			return
		}
		if order.Status.Terminal() {
			fmt.Fprintf(w, "order %s: %s\n", order.ID, order.Status)
			return
		}
		// Finish in the background, detached from this request's context
		// (and bounded by its own), then record the result for the cart.
		go func() {
			ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), 20*time.Minute)
			defer cancel()
			final, err := giftcard.AwaitOrder(ctx, orders, order, giftcard.PollPolicy{Clock: clock})
			finished <- fmt.Sprint("background: ", final.ID, " ", final.Status, " ", err)
		}()
		w.WriteHeader(http.StatusAccepted)
		fmt.Fprintf(w, "order %s is being generated\n", order.ID)
	})

	fake.KeepProcessing(2) // the order needs two polls to complete
	rec := httptest.NewRecorder()
	checkout.ServeHTTP(rec, httptest.NewRequest("POST", "/checkout?cart=cart-42", strings.NewReader("")))
	fmt.Print(rec.Code, " ", rec.Body.String())
	fmt.Println(<-finished)
	// Output:
	// 202 order fake-order-000001 is being generated
	// background: fake-order-000001 SUCCESS <nil>
}
