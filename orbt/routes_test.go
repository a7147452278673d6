package orbt_test

import (
	"context"
	"testing"

	"github.com/giftcard-go/giftcard/internal/kittest"
	"github.com/giftcard-go/giftcard/orbt"
)

// TestRoutes walks every route of orbt.Routes through the client against
// orbttest: each has a golden answer that decodes (but the wallet
// transaction, whose answer no ORBT document shows), is served by the
// sandbox at its method and path, answers an unknown id with
// giftcard.ErrNotFound, and refuses a missing argument before the network.
func TestRoutes(t *testing.T) {
	srv, c := newPair(t, nil)
	cust, err := c.CreateCustomer(ctx, orbt.CreateCustomerRequest{FullName: "Route Walk", Email: "walk@example.com", Currency: "USD", InitialFunds: dec("10")})
	if err != nil {
		t.Fatal(err)
	}
	golden := func(file string) (string, func(*testing.T, []byte)) { return file, orbt.GoldenCheck(file) }
	createFile, createDecode := golden("001_create_customer_response.json")
	customersFile, customersDecode := golden("001_list_customers_response.json")
	walletsFile, walletsDecode := golden("docs_list_wallets_response.json")
	kittest.Walk(t, kittest.RouteWalk{
		Routes: orbt.Routes(),
		Golden: "../testdata/orbt",
		Requests: func() []kittest.Request {
			var out []kittest.Request
			for _, e := range srv.Requests() {
				out = append(out, kittest.Request{Method: e.Method, Path: e.Path})
			}
			return out
		},
		Cases: map[string]kittest.RouteCase{
			"CreateCustomer": {
				Golden: createFile, Decode: createDecode,
				Call: func(ctx context.Context) error {
					_, err := c.CreateCustomer(ctx, orbt.CreateCustomerRequest{FullName: "New", Email: "new@example.com", Currency: "USD", InitialFunds: dec("1")})
					return err
				},
				Missing: func(ctx context.Context) error {
					_, err := c.CreateCustomer(ctx, orbt.CreateCustomerRequest{FullName: "New", Currency: "USD"})
					return err
				},
			},
			"ListCustomers": {
				Golden: customersFile, Decode: customersDecode,
				Call: func(ctx context.Context) error { _, err := c.ListCustomers(ctx, orbt.ListOptions{}); return err },
			},
			"ListWallets": {
				Golden: walletsFile, Decode: walletsDecode,
				Call: func(ctx context.Context) error { _, err := c.ListWallets(ctx, cust.ID, orbt.ListOptions{}); return err },
				NotFound: func(ctx context.Context) error {
					_, err := c.ListWallets(ctx, "999999", orbt.ListOptions{})
					return err
				},
				Missing: func(ctx context.Context) error { _, err := c.ListWallets(ctx, "", orbt.ListOptions{}); return err },
			},
			"CreateWalletTransaction": {
				// "-": no ORBT document shows this answer (see doc.go,
				// "Transaction answers"); the request body's golden file
				// is checked by TestGolden.
				Golden: "-",
				Call: func(ctx context.Context) error {
					_, err := c.CreateWalletTransaction(ctx, cust.WalletID, orbt.WalletTransactionRequest{Amount: dec("1"), Type: orbt.Credit})
					return err
				},
				NotFound: func(ctx context.Context) error {
					_, err := c.CreateWalletTransaction(ctx, "999999", orbt.WalletTransactionRequest{Amount: dec("1"), Type: orbt.Credit})
					return err
				},
				Missing: func(ctx context.Context) error {
					_, err := c.CreateWalletTransaction(ctx, "", orbt.WalletTransactionRequest{Amount: dec("1"), Type: orbt.Credit})
					return err
				},
			},
		},
	})
}
