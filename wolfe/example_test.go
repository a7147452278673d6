package wolfe_test

import (
	"context"
	"fmt"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/wolfe"
	"github.com/giftcard-go/giftcard/wolfe/wolfetest"
)

// A gift bought exactly once: the reference is generated, returned, and
// finds the gift again.
func ExampleGiftsService_Purchase() {
	srv := wolfetest.NewServer(wolfetest.WithMerchants(0))
	defer srv.Close()
	c, err := wolfe.New(srv.Config()) // in production: wolfe.ConfigFromEnv()
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	res, err := c.Gifts.Purchase(ctx, wolfe.PurchaseRequest{
		Amount:     giftcard.MustParseMoney("25.00", "USD"),
		MerchantID: wolfetest.AmazonID,
		Email:      "recipient@example.com",
	})
	if err != nil {
		// With giftcard.ErrOutcomeUnknown, res.ReferenceID is the key to
		// look the gift up with later, or to retry with.
		panic(err)
	}
	g, err := c.Gifts.GetByReference(ctx, res.ReferenceID)
	if err != nil {
		panic(err)
	}
	fmt.Println(g.ID == res.GiftID, g.Amount, g.Charged())
	// Output: true 25.00 USD 26.25 USD
}

// Walking the merchant catalog lazily, page by page.
func ExampleMerchantsService_All() {
	srv := wolfetest.NewServer(wolfetest.WithMerchants(45))
	defer srv.Close()
	c, err := wolfe.New(srv.Config())
	if err != nil {
		panic(err)
	}
	n := 0
	for m, err := range c.Merchants.All(context.Background(), wolfe.MerchantQuery{Limit: 20}) {
		if err != nil {
			panic(err)
		}
		if n < 2 {
			fmt.Println(m.Name, m.MinGift, m.MaxGift)
		}
		n++
	}
	fmt.Println(n, "merchants")
	// Output:
	// Dunkin Donuts 1.00 USD 99.99 USD
	// Amazon.com 5.00 USD 100.00 USD
	// 47 merchants
}

// A gift swapped to another merchant, then redeemed as an eGift: each fee
// comes out of the gift's balance, and the eGift's code is masked when
// printed.
func ExampleRedemptionsService_RedeemEGift() {
	srv := wolfetest.NewServer(wolfetest.WithMerchants(4))
	defer srv.Close()
	c, err := wolfe.New(srv.Config())
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	gift, err := c.Gifts.PurchaseManaged(ctx, wolfe.ManagedPurchaseRequest{
		Amount: giftcard.MustParseMoney("30.00", "USD"), MerchantID: wolfetest.AmazonID, ClientRecipientID: "user-1"})
	if err != nil {
		panic(err)
	}
	var eGiftMerchant string
	for m, err := range c.Merchants.All(ctx, wolfe.MerchantQuery{}) {
		if err != nil {
			panic(err)
		}
		if m.ID != wolfetest.AmazonID && m.Redeemable(wolfe.RedeemEGift) {
			eGiftMerchant = m.ID
			break
		}
	}
	swap, err := c.Gifts.SwapMerchant(ctx, wolfe.SwapRequest{GiftID: gift.GiftID, MerchantID: eGiftMerchant})
	if err != nil {
		panic(err)
	}
	fmt.Println("swapped:", swap.Amount, "fee", swap.Fee)
	r, err := c.Redemptions.RedeemEGift(ctx, swap.ID) // swap.ID is the new gift
	if err != nil {
		// With giftcard.ErrOutcomeUnknown the gift may have been redeemed:
		// read it (Gifts.Get) before trying again.
		panic(err)
	}
	e, err := c.Redemptions.GetEGift(ctx, r.ID)
	if err != nil {
		panic(err)
	}
	fmt.Println("eGift:", r.Amount, "fee", r.Fee, "code", e.Code)
	// Output:
	// swapped: 29.00 USD fee 1.00 USD
	// eGift: 28.13 USD fee 0.87 USD code ****
}
