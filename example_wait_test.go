package giftcard_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/giftcardtest"
	"github.com/giftcard-go/giftcard/hubble"
	"github.com/giftcard-go/giftcard/hubble/hubbletest"
)

// The background half of the checkout: a job that has only the order id
// (from your database) waits for the order to settle, on Hubble's protocol —
// first poll after a minute, then every 3.5 minutes, giving up at 15. Here
// against the Hubble sandbox, where a large Amazon order is PROCESSING for
// two polls, with a fake clock so the minutes pass at once.
func ExampleWaitForOrder() {
	ctx := context.Background()
	srv := hubbletest.NewServer()
	defer srv.Close()
	orders, err := hubble.New(srv.Config())
	if err != nil {
		fmt.Println(err)
		return
	}
	placed, err := orders.PlaceOrder(ctx, giftcard.OrderRequest{
		ProductID: hubbletest.AmazonID,
		Items:     []giftcard.OrderItem{{Denomination: giftcard.MustParseMoney("500", "INR"), Quantity: 10}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("placed:", placed.Status)

	clock := giftcardtest.NewClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	poll := giftcard.DefaultPollPolicy()
	poll.Clock = clock // leave nil in production: the wall clock
	order, err := giftcard.WaitForOrder(ctx, orders, placed.ID, poll)
	switch {
	case errors.Is(err, giftcard.ErrOrderTimeout):
		fmt.Println("still PROCESSING after 15 minutes: look again later, or wait for the webhook")
		return
	case err != nil:
		fmt.Println(err)
		return
	}
	if err := order.Err(); err != nil { // a FAILED order carries its kind
		fmt.Println("failed:", err)
		return
	}
	fmt.Println("settled:", order.Status, len(order.Vouchers), "vouchers of", order.Vouchers[0].Amount)
	fmt.Println("waited:", clock.Sleeps())
	// Output:
	// placed: PROCESSING
	// settled: SUCCESS 10 vouchers of 500.00 INR
	// waited: [1m0s 3m30s]
}
