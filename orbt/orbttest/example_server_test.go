package orbttest_test

import (
	"context"
	"fmt"
	"net/http"

	"github.com/shopspring/decimal"

	"github.com/giftcard-go/giftcard/orbt"
	"github.com/giftcard-go/giftcard/orbt/orbttest"
)

// A sandbox on loopback that checks ORBT's signature, a client pointed at
// it, one consumer created with initial funds, and the journal.
func ExampleNewServer() {
	srv := orbttest.NewServer()
	defer srv.Close()
	c, err := orbt.New(srv.Config()) // srv.URL, srv.APIKey(), srv.ClientID(), srv.HMACSecret()
	if err != nil {
		fmt.Println(err)
		return
	}
	cust, err := c.CreateCustomer(context.Background(), orbt.CreateCustomerRequest{
		FullName: "Jane Smith", Email: "jane.smith@example.com", Currency: "USD",
		InitialFunds: decimal.RequireFromString("10.00"),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(cust.Email, cust.Balance())

	// A credit sent twice with one referenceId moves money once.
	credit := orbt.WalletTransactionRequest{Amount: decimal.RequireFromString("5.00"), Type: orbt.Credit, ReferenceID: "cashback-0001"}
	for range 2 {
		if _, err := c.CreateWalletTransaction(context.Background(), cust.WalletID, credit); err != nil {
			fmt.Println(err)
			return
		}
	}
	wallet, _ := srv.WalletBalance(cust.WalletID)
	fmt.Println("wallet:", wallet.StringFixed(2), "transactions:", srv.TransactionCount())
	fmt.Println("customers:", srv.CustomerCount(), "POSTs:", srv.CountRequests(http.MethodPost, ""))
	// Output:
	// jane.smith@example.com 10.00 USD
	// wallet: 15.00 transactions: 1
	// customers: 1 POSTs: 3
}
