package orbt_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/orbt"
	"github.com/giftcard-go/giftcard/orbt/orbttest"
)

func Example() {
	ctx := context.Background()
	srv := orbttest.NewServer() // in production: orbt.Config{…, Environment: orbt.Production}
	defer srv.Close()
	c, err := orbt.New(srv.Config())
	if err != nil {
		panic(err)
	}
	cust, err := c.CreateCustomer(ctx, orbt.CreateCustomerRequest{
		FullName: "Jane Smith", Email: "jane.smith@yourcompany.com",
		Currency: "USD", InitialFunds: decimal.RequireFromString("50.00"),
	})
	if err != nil {
		panic(err)
	}
	fmt.Println("customer", cust.ID, "wallet", cust.WalletID, cust.Balance())

	_, err = c.CreateCustomer(ctx, orbt.CreateCustomerRequest{
		FullName: "Jane Smith", Email: "jane.smith@yourcompany.com",
		Currency: "USD", InitialFunds: decimal.RequireFromString("50.00"),
	})
	fmt.Println("again:", errors.Is(err, giftcard.ErrDuplicateReference))

	tx, err := c.CreateWalletTransaction(ctx, cust.WalletID, orbt.WalletTransactionRequest{
		Amount: decimal.RequireFromString("15.00"), Type: orbt.Credit,
		ReferenceID: "cashback-order-ORD-98231", Description: "5% cashback on order ORD-98231",
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(tx.Type, tx.Amount.StringFixed(2), "→ balance", tx.Balance.Decimal.StringFixed(2))

	for s, err := range c.Customers(ctx, 50) {
		if err != nil {
			panic(err)
		}
		fmt.Println(s.ID, s.Name, s.StandardWallets)
	}
	// Output:
	// customer 101 wallet 101 50.00 USD
	// again: true
	// CREDIT 15.00 → balance 65.00
	// 101 Jane Smith 1
}
