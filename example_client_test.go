package giftcard_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/giftcardtest"
)

// Two accounts of one provider, a primary and a backup: an order the
// primary cannot fund goes to the backup, under its own reference derived
// from the caller's.
func ExampleClient_PlaceOrder_failover() {
	primary := giftcardtest.NewFake(giftcardtest.WithName("hubble"), giftcardtest.WithBalance(giftcard.MustParseMoney("100", "INR")))
	backup := giftcardtest.NewFake(giftcardtest.WithName("hubble"))
	client, err := giftcard.NewClientWithOptions(
		[]giftcard.Provider{primary, giftcard.Named("hubble-backup", backup)},
		giftcard.WithRouting(giftcard.RoutingPolicy{Rules: []giftcard.RoutingRule{
			{Currency: "INR", Candidates: []string{"hubble", "hubble-backup"}},
		}}),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	order, err := client.PlaceOrder(context.Background(), giftcard.OrderRequest{
		ProductID:   "hubble:fake-books", // as client.Products lists it
		ReferenceID: "cart-42",
		Items:       []giftcard.OrderItem{{Denomination: giftcard.MustParseMoney("500", "INR"), Quantity: 1}},
	})
	var re *giftcard.RoutingError
	switch {
	case errors.Is(err, giftcard.ErrOutcomeUnknown) && errors.As(err, &re):
		// Never place it elsewhere: retry the call with the same reference.
		fmt.Println("reconcile with", re.Last().Provider, re.Last().ReferenceID)
		return
	case err != nil:
		fmt.Println(err)
		return
	}
	fmt.Println(order.Provider, order.ReferenceID, order.ProductID, order.Status)

	balances, err := client.Balances(context.Background())
	for _, b := range balances {
		fmt.Println(b.Provider, b.Balance)
	}
	fmt.Println(giftcard.TotalsByCurrency(balances)["INR"], err)
	// Output:
	// hubble-backup cart-42-1 hubble-backup:fake-books SUCCESS
	// hubble 100.00 INR
	// hubble-backup 99500.00 INR
	// 99600.00 INR <nil>
}

// One catalog over every provider: ids are provider-qualified, so the same
// provider id at two providers stays two products, and GetProduct and
// PlaceOrder know where each one lives.
func ExampleClient_Products() {
	books := giftcard.Product{ID: "books", Name: "Book Nook", Status: giftcard.ProductActive}
	client, err := giftcard.NewClient(
		giftcardtest.NewFake(giftcardtest.WithName("hubble"), giftcardtest.WithProducts(books)),
		giftcardtest.NewFake(giftcardtest.WithName("wolfe"), giftcardtest.WithProducts(books)),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	for p, err := range client.Products(context.Background(), giftcard.ProductQuery{}) {
		if err != nil {
			fmt.Println("skipped:", err) // one provider failing does not hide the others
			continue
		}
		fmt.Println(p.ID, p.Name)
	}
	p, err := client.GetProduct(context.Background(), "wolfe:books")
	fmt.Println(p.Provider, p.ID, err)
	// Output:
	// hubble:books Book Nook
	// wolfe:books Book Nook
	// wolfe wolfe:books <nil>
}
