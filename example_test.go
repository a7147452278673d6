package giftcard_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/giftcardtest"
)

// The README tour: exact money, then an order placed, reconciled and polled
// through the Orders interface, here against the in-memory Fake.
func Example() {
	// Money is exact and converts to minor units without rounding.
	m := giftcard.MustParseMoney("10.50", "usd")
	cents, _ := m.Minor()
	_, err := giftcard.MustParseMoney("10.505", "USD").Minor()
	fmt.Println(m, cents, errors.Is(err, giftcard.ErrInvalidRequest))

	// Any provider's Orders works the same way; the Fake needs no network.
	ctx := context.Background()
	clock := giftcardtest.NewClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	fake := giftcardtest.NewFake(giftcardtest.WithClock(clock))
	client, _ := giftcard.NewClient(fake)
	orders, _ := client.Orders("fake")

	fake.KeepProcessing(1) // the order is still being generated at first
	req := giftcard.OrderRequest{
		ProductID:   "fake-books",
		ReferenceID: "order-2026-0001", // your idempotency key
		Items:       []giftcard.OrderItem{{Denomination: giftcard.MustParseMoney("500", "INR"), Quantity: 1}},
	}
	order, err := orders.PlaceOrder(ctx, req)
	switch {
	case errors.Is(err, giftcard.ErrInsufficientFunds):
		fmt.Println("top up the funding wallet")
		return
	case err != nil:
		fmt.Println(err)
		return
	}
	fmt.Println(order.ID, order.Status)

	// Placing the same reference again never makes a second order.
	again, _ := orders.PlaceOrder(ctx, req)
	fmt.Println("same order:", again.ID == order.ID)

	// Poll with Hubble's protocol; a fake clock makes the minutes instant.
	poll := giftcard.DefaultPollPolicy()
	poll.Clock = clock
	order, err = giftcard.WaitForOrder(ctx, orders, order.ID, poll)
	if err == nil {
		err = order.Err() // a FAILED order carries its kind
	}
	fmt.Println(order.Status, err)
	fmt.Println(order.Vouchers[0]) // the card number and PIN print masked

	bal, _ := fake.GetBalance(ctx)
	fmt.Println("balance:", bal)
	// Output:
	// 10.50 USD 1050 true
	// fake-order-000001 PROCESSING
	// same order: true
	// SUCCESS <nil>
	// Voucher{ID:fake-voucher-000001 CardType:NUMBER_AND_PIN CardNumber:****0001 PIN:**** Amount:500.00 INR ValidTill:2027-03-01}
	// balance: 99500.00 INR
}

func ExampleMoney_Minor() {
	for _, m := range []giftcard.Money{
		giftcard.MustParseMoney("10.50", "USD"),
		giftcard.MustParseMoney("1500", "JPY"),
		giftcard.MustParseMoney("1.234", "KWD"),
		giftcard.MustParseMoney("10.005", "USD"),
	} {
		n, err := m.Minor()
		fmt.Println(m, n, err)
	}
	// Output:
	// 10.50 USD 1050 <nil>
	// 1500 JPY 1500 <nil>
	// 1.234 KWD 1234 <nil>
	// 10.005 USD 0 giftcard: invalid amount: 10.005 has more than 2 decimal places for USD
}

func ExampleMoney_UnmarshalJSON() {
	var a, b giftcard.Money
	_ = json.Unmarshal([]byte(`{"amount": 0.1, "currency": "usd"}`), &a)
	_ = json.Unmarshal([]byte(`{"amount": "0.2", "currency": "USD"}`), &b)
	sum, _ := a.Add(b)
	out, _ := json.Marshal(sum)
	fmt.Println(sum, string(out))
	// Output: 0.30 USD {"amount":"0.3","currency":"USD"}
}

func ExampleSecret() {
	pin := giftcard.Secret("8090920011768104")
	fmt.Println(pin)
	fmt.Printf("%q %#v\n", pin, pin)
	b, _ := json.Marshal(struct{ Card giftcard.Secret }{pin})
	fmt.Println(string(b), pin.Reveal())
	// Output:
	// ****8104
	// "****8104" giftcard.Secret("****8104")
	// {"Card":"8090920011768104"} 8090920011768104
}
