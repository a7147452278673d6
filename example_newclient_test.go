package giftcard_test

import (
	"context"
	"fmt"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/hubble"
	"github.com/giftcard-go/giftcard/hubble/hubbletest"
	"github.com/giftcard-go/giftcard/wolfe"
	"github.com/giftcard-go/giftcard/wolfe/wolfetest"
)

// One Client over two providers, here their sandboxes: one catalog whose
// ids name their provider, an order routed by the product's id, and every
// funding balance in one call.
func ExampleNewClient() {
	ctx := context.Background()
	hubSrv, wolfeSrv := hubbletest.NewServer(), wolfetest.NewServer()
	defer hubSrv.Close()
	defer wolfeSrv.Close()
	hub, err := hubble.New(hubSrv.Config()) // in production: hubble.Config{ClientID: …, BaseURL: hubble.ProductionURL}
	if err != nil {
		fmt.Println(err)
		return
	}
	wlf, err := wolfe.New(wolfeSrv.Config()) // in production: wolfe.ConfigFromEnv()
	if err != nil {
		fmt.Println(err)
		return
	}
	client, err := giftcard.NewClient(hub, wlf)
	if err != nil {
		fmt.Println(err)
		return
	}

	var amazon giftcard.Product
	for p, err := range client.Products(ctx, giftcard.ProductQuery{Search: "Amazon"}) {
		if err != nil {
			fmt.Println("skipped:", err) // one provider failing does not hide the others
			continue
		}
		fmt.Println(p.ID, p.Name)
		if p.Provider == "hubble" && p.Active() {
			amazon = p
		}
	}

	order, err := client.PlaceOrder(ctx, giftcard.OrderRequest{
		ProductID:   amazon.ID, // "hubble:…": the Client sends it to hubble
		ReferenceID: "cart-7",
		Items:       []giftcard.OrderItem{{Denomination: giftcard.MustParseMoney("500", "INR"), Quantity: 1}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(order.Provider, order.ReferenceID, order.Status, order.Amount)

	balances, err := client.Balances(ctx)
	for _, b := range balances {
		fmt.Println(b.Provider, b.Balance)
	}
	fmt.Println(err)
	// Output:
	// hubble:01GMAVS2CHXR0XP1BZSTA9A44K Amazon shopping
	// wolfe:500924a8-3f5e-4c00-beb8-2efcde988aea Amazon.com
	// hubble cart-7-0 SUCCESS 500.00 INR
	// hubble 999500.00 INR
	// wolfe 10000.00 USD
	// <nil>
}
