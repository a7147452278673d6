package loyaltytest_test

import (
	"context"
	"fmt"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/loyalty"
	"github.com/giftcard-go/giftcard/loyalty/loyaltytest"
)

// A sandbox on loopback that checks the token and the sign, a client
// pointed at it, one card queried, and the journal.
func ExampleNewServer() {
	srv := loyaltytest.NewServer()
	defer srv.Close()
	c, err := loyalty.New(srv.Config()) // srv.URL and the Default… credentials
	if err != nil {
		fmt.Println(err)
		return
	}
	card, err := c.Query(context.Background(), loyalty.QueryRequest{
		AccountID: giftcard.Secret(loyaltytest.CardActive), // printed masked
		EntryType: loyalty.EntryKeyed,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	cash, _ := card.Cash("USD")
	points, _ := card.Points()
	fmt.Println(card.AccountID, cash, points, "points")
	fmt.Println("requests:", srv.CountRequests("", ""), "transactions:", len(srv.Transactions()))
	// Output:
	// ****8515 100.00 USD 500 points
	// requests: 1 transactions: 0
}
