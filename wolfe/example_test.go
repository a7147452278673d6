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
