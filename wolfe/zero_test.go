package wolfe_test

import (
	"context"
	"errors"
	"testing"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/wolfe"
)

// TestZeroClientNeverPanics: a Client not built with New (a zero value, as
// left by an unchecked failed constructor's caller) answers every portable
// method and a service call with an error, never a panic.
func TestZeroClientNeverPanics(t *testing.T) {
	ctx := context.Background()
	var c wolfe.Client
	usd := giftcard.MustParseMoney("25", "USD")
	calls := map[string]func() error{
		"GetBalance": func() error { _, err := c.GetBalance(ctx); return err },
		"GetProduct": func() error { _, err := c.GetProduct(ctx, "00000000-0000-4000-8000-000000000000"); return err },
		"PlaceOrder": func() error {
			_, err := c.PlaceOrder(ctx, giftcard.OrderRequest{ProductID: "00000000-0000-4000-8000-000000000000", Amount: usd, Recipient: &giftcard.Recipient{Email: "a@example.com"}})
			return err
		},
		"GetOrder":            func() error { _, err := c.GetOrder(ctx, "g"); return err },
		"GetOrderByReference": func() error { _, err := c.GetOrderByReference(ctx, "r"); return err },
		"IssueGift": func() error {
			_, err := c.IssueGift(ctx, giftcard.GiftRequest{ProductID: "00000000-0000-4000-8000-000000000000", Amount: usd, Recipient: giftcard.Recipient{Email: "a@example.com"}})
			return err
		},
		"GetGift":    func() error { _, err := c.GetGift(ctx, "g"); return err },
		"CancelGift": func() error { return c.CancelGift(ctx, "g") },
		"ListProducts": func() error {
			for _, err := range c.ListProducts(ctx, giftcard.ProductQuery{}) {
				return err
			}
			return errors.New("no error yielded")
		},
		"Funding.Balance":      func() error { _, err := c.Funding.Balance(ctx); return err },
		"Redemptions.GetEGift": func() error { _, err := c.Redemptions.GetEGift(ctx, "e"); return err },
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			if err := call(); err == nil {
				t.Fatal("a zero Client answered without an error")
			}
		})
	}
}
