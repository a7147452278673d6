package wolfe_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/wolfe"
	"github.com/giftcard-go/giftcard/wolfe/wolfetest"
)

// A gift issued through the portable giftcard.Gifts interface, here on the
// Wolfe sandbox: issued once per ReferenceID (the same request again returns
// the same gift, with no second debit), read back, and cancelled, which
// refunds the funding account.
func ExampleClient_IssueGift() {
	ctx := context.Background()
	srv := wolfetest.NewServer()
	defer srv.Close()
	c, err := wolfe.New(srv.Config()) // in production: wolfe.ConfigFromEnv()
	if err != nil {
		fmt.Println(err)
		return
	}
	var gifts giftcard.Gifts = c
	req := giftcard.GiftRequest{
		ReferenceID: "thank-you-2026-0042", // your idempotency key
		ProductID:   wolfetest.AmazonID,    // the merchant
		Amount:      giftcard.MustParseMoney("25.00", "USD"),
		Recipient:   giftcard.Recipient{Name: "Ada Lovelace", Email: "ada@example.com"},
		Message:     "Thank you!",
	}
	gift, err := gifts.IssueGift(ctx, req)
	switch {
	case errors.Is(err, giftcard.ErrOutcomeUnknown):
		fmt.Println("not known whether it was issued: repeat the same request later")
		return
	case err != nil:
		fmt.Println(err)
		return
	}
	again, _ := gifts.IssueGift(ctx, req) // a retry, say after a timeout
	fmt.Println(gift.Status, gift.Amount, "same gift on retry:", again.ID == gift.ID)
	fmt.Println("funding balance:", srv.Balance(), "debits:", srv.Debits()) // 25.00 and Wolfe's 1.25 fee, once

	got, err := gifts.GetGift(ctx, gift.ID)
	fmt.Println(got.Status, got.Balances, err)

	err = gifts.CancelGift(ctx, gift.ID)
	got, _ = gifts.GetGift(ctx, gift.ID)
	fmt.Println(got.Status, err, "funding balance:", srv.Balance())
	// Output:
	// ACTIVE 25.00 USD same gift on retry: true
	// funding balance: 9973.75 USD debits: 1
	// ACTIVE [25.00 USD] <nil>
	// CANCELLED <nil> funding balance: 10000.00 USD
}
