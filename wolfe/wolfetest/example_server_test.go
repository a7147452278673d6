package wolfetest_test

import (
	"context"
	"fmt"
	"net/http"

	"github.com/giftcard-go/giftcard/wolfe"
	"github.com/giftcard-go/giftcard/wolfe/wolfetest"
)

// A sandbox on loopback, a client pointed at it, the funding balance, and
// the journal.
func ExampleNewServer() {
	srv := wolfetest.NewServer()
	defer srv.Close()
	c, err := wolfe.New(srv.Config()) // srv.URL, wolfetest.PartnerKey, wolfetest.CompanyID
	if err != nil {
		fmt.Println(err)
		return
	}
	bal, err := c.GetBalance(context.Background())
	fmt.Println(bal, err)
	fmt.Println("requests:", srv.CountRequests(http.MethodGet, ""), "merchants:", srv.MerchantCount())
	// Output:
	// 10000.00 USD <nil>
	// requests: 1 merchants: 302
}
