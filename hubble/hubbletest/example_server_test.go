package hubbletest_test

import (
	"context"
	"fmt"
	"net/http"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/hubble"
	"github.com/giftcard-go/giftcard/hubble/hubbletest"
)

// A sandbox on loopback, a client pointed at it, and the journal: here the
// answer to an order is dropped after the order was committed, and the
// client finds the order by its reference instead of placing it twice.
func ExampleNewServer() {
	srv := hubbletest.NewServer()
	defer srv.Close()
	c, err := hubble.New(srv.Config()) // srv.URL, srv.ClientID(), srv.ClientSecret()
	if err != nil {
		fmt.Println(err)
		return
	}
	srv.InjectFault(hubbletest.Fault{Method: http.MethodPost, Path: "/v1/partners/orders", DropAfterCommit: true})
	order, err := c.PlaceOrder(context.Background(), giftcard.OrderRequest{
		ProductID:   hubbletest.FlipkartID,
		ReferenceID: "order-2026-0001",
		Items:       []giftcard.OrderItem{{Denomination: giftcard.MustParseMoney("500", "INR"), Quantity: 1}},
	})
	fmt.Println(order.Status, err)
	fmt.Println("orders under the reference:", srv.OrdersWithReference("order-2026-0001"))
	fmt.Println("order POSTs:", srv.CountRequests(http.MethodPost, "/v1/partners/orders"),
		"lookups by reference:", srv.CountRequests(http.MethodGet, "/v1/partners/orders/by-reference/"))
	fmt.Println("wallet:", srv.Balance(), "INR")
	// Output:
	// SUCCESS <nil>
	// orders under the reference: 1
	// order POSTs: 1 lookups by reference: 1
	// wallet: 999500 INR
}
