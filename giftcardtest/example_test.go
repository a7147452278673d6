package giftcardtest_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/giftcardtest"
)

// buyBooks is the code under test: it places an order, retries once when
// throttled, and waits for the vouchers.
func buyBooks(ctx context.Context, orders giftcard.Orders, ref string, poll giftcard.PollPolicy) (giftcard.Order, error) {
	req := giftcard.OrderRequest{
		ProductID:   "fake-books",
		ReferenceID: ref,
		Items:       []giftcard.OrderItem{{Denomination: giftcard.MustParseMoney("500", "INR"), Quantity: 2}},
	}
	order, err := orders.PlaceOrder(ctx, req)
	if errors.Is(err, giftcard.ErrRateLimited) {
		order, err = orders.PlaceOrder(ctx, req) // same reference: never a second order
	}
	if err != nil {
		return giftcard.Order{}, err
	}
	if order.Status == giftcard.OrderProcessing {
		return giftcard.WaitForOrder(ctx, orders, order.ID, poll)
	}
	return order, nil
}

// The Fake stands in for any provider: script the failures and delays your
// code must survive, then assert on what it did.
func ExampleFake() {
	ctx := context.Background()
	fake := giftcardtest.NewFake()

	// The first PlaceOrder is throttled; orders then stay PROCESSING for
	// two polls before they succeed.
	fake.FailNext("PlaceOrder", &giftcard.Error{Provider: "fake", Op: "PlaceOrder", Kind: giftcard.ErrRateLimited})
	fake.KeepProcessing(2)

	// Poll on a fake clock: the Hubble protocol's minutes pass instantly.
	clock := giftcardtest.NewClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	poll := giftcard.DefaultPollPolicy()
	poll.Clock = clock

	order, err := buyBooks(ctx, fake, "order-0001", poll)
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(order.ID, order.Status, order.Amount)
	for _, v := range order.Vouchers {
		fmt.Println(v.CardNumber, v.PIN, v.Amount) // credentials print masked
	}
	fmt.Println("orders placed:", len(fake.PlacedOrders()))
	fmt.Println("PlaceOrder calls:", fake.CallsTo("PlaceOrder"), "polls:", fake.CallsTo("GetOrder"))
	fmt.Println("waited:", clock.Sleeps())
	fmt.Println("balance:", fake.Balance())
	// Output:
	// fake-order-000001 SUCCESS 1000.00 INR
	// ****0001 **** 500.00 INR
	// ****0002 **** 500.00 INR
	// orders placed: 1
	// PlaceOrder calls: 2 polls: 3
	// waited: [1m0s 3m30s 3m30s]
	// balance: 99000.00 INR
}

// Make the next order fail as the provider would report it, and check that
// the failure surfaces with its kind.
func ExampleFake_FailNextOrder() {
	ctx := context.Background()
	fake := giftcardtest.NewFake()
	fake.FailNextOrder("Brand not available", giftcard.ErrProductUnavailable)

	order, _ := fake.PlaceOrder(ctx, giftcard.OrderRequest{
		ProductID: "fake-coffee",
		Items:     []giftcard.OrderItem{{Denomination: giftcard.MustParseMoney("750", "INR"), Quantity: 1}},
	})
	err := order.Err()
	fmt.Println(order.Status, errors.Is(err, giftcard.ErrOrderFailed), errors.Is(err, giftcard.ErrProductUnavailable))
	fmt.Println("refunded:", fake.Balance())
	// Output:
	// FAILED true true
	// refunded: 100000.00 INR
}
