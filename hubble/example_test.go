package hubble_test

import (
	"context"
	"fmt"
	"log"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/hubble"
	"github.com/giftcard-go/giftcard/hubble/hubbletest"
)

// Place the guide's Flipkart order against the sandbox and read the voucher.
func ExampleClient_PlaceOrder() {
	srv := hubbletest.NewServer()
	defer srv.Close()
	c, err := hubble.New(hubble.Config{
		ClientID:     srv.ClientID(),
		ClientSecret: srv.ClientSecret(),
		BaseURL:      srv.URL, // hubble.StagingURL or hubble.ProductionURL for real
	})
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	order, err := c.PlaceOrder(ctx, giftcard.OrderRequest{
		ProductID:   hubbletest.FlipkartID,
		ReferenceID: "ref_1772006406973_tfrkrtu",
		Items:       []giftcard.OrderItem{{Denomination: giftcard.MustParseMoney("500", "INR"), Quantity: 1}},
	})
	if err != nil {
		log.Fatal(err)
	}
	v := order.Vouchers[0]
	fmt.Println(order.Status, order.Amount, v.CardType, v.Amount)
	fmt.Println("card number printed masked:", v.CardNumber.String() != v.CardNumber.Reveal())
	// Output:
	// SUCCESS 500.00 INR NUMBER_AND_PIN 500.00 INR
	// card number printed masked: true
}

// A FAILED order is an order, not an error; Err maps its reason to a kind.
func ExampleFailureKind() {
	srv := hubbletest.NewServer()
	defer srv.Close()
	c, _ := hubble.New(srv.Config())
	order, err := c.PlaceOrder(context.Background(), giftcard.OrderRequest{
		ProductID: hubbletest.JiomartID,
		Items:     []giftcard.OrderItem{{Denomination: giftcard.MustParseMoney("500", "INR"), Quantity: 1}},
	})
	fmt.Println(err, order.Status, order.FailureReason)
	fmt.Println(order.FailureKind == giftcard.ErrProductUnavailable)
	// Output:
	// <nil> FAILED Brand not available
	// true
}
