package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/wolfe"
	"github.com/giftcard-go/giftcard/wolfe/wolfetest"
)

// connectWolfe builds the Wolfe client from WOLFE_* (wolfe.ConfigFromEnv),
// or on an in-process sandbox when none is set.
func connectWolfe(w io.Writer, getenv func(string) string, sb *sandboxes) (*wolfe.Client, error) {
	cfg, err := wolfe.ConfigFromLookup(getenv) // wolfe.ConfigFromEnv() reads os.Getenv
	configured := !errors.Is(err, wolfe.ErrNoEnvironment)
	switch {
	case !configured:
		srv := wolfetest.NewServer()
		*sb = append(*sb, srv)
		cfg = srv.Config()
	case err != nil:
		return nil, err // some WOLFE_* set and others not: it names the missing ones
	}
	c, err := wolfe.New(cfg)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(w, "Wolfe:   %s%s\n", c.BaseURL(), sandboxNote(configured))
	return c, nil
}

// wolfeTour reads the funding balance, finds a merchant by searching, buys
// a $25 gift there, reads it and cancels it (which refunds it).
func wolfeTour(ctx context.Context, w io.Writer, c *wolfe.Client) error {
	start, err := c.GetBalance(ctx)
	if err != nil {
		return fmt.Errorf("balance: %w", err)
	}
	fmt.Fprintf(w, "funding balance: %s\n", start)

	amount := giftcard.MustParseMoney("25.00", "USD")
	found, err := c.Merchants.List(ctx, wolfe.MerchantQuery{Name: "Amazon"})
	if err != nil {
		return fmt.Errorf("merchants: %w", err)
	}
	var merchant wolfe.Merchant
	for _, m := range found.Items {
		lo, _ := amount.Cmp(m.MinGift)
		hi, _ := amount.Cmp(m.MaxGift)
		if merchant.ID == "" && lo >= 0 && hi <= 0 {
			merchant = m
		}
	}
	if merchant.ID == "" {
		return fmt.Errorf("none of the %d merchants named like %q sells a %s gift", len(found.Items), "Amazon", amount)
	}
	fmt.Fprintf(w, "merchant: %s (gifts of %s to %s)\n", merchant.Name, merchant.MinGift, merchant.MaxGift)

	// ReferenceID is the idempotency key; empty, the SDK generates one and
	// returns it, on the result and on every error.
	res, err := c.Gifts.Purchase(ctx, wolfe.PurchaseRequest{
		Amount:     amount,
		MerchantID: merchant.ID,
		Email:      "quickstart@example.com", // Wolfe notifies the recipient
		Message:    "A gift from the giftcard-go quickstart.",
	})
	if err != nil {
		return fmt.Errorf("purchase (reference %s): %w", res.ReferenceID, err)
	}
	gift, err := c.Gifts.Get(ctx, res.GiftID)
	if err != nil {
		return fmt.Errorf("gift %s: %w", res.GiftID, err)
	}
	fmt.Fprintf(w, "bought gift %s (reference %s): %s, %s, fee %s, charged %s\n",
		gift.ID, res.ReferenceID, gift.Status, gift.Amount, gift.Fee, gift.Charged())

	if err := c.Gifts.Cancel(ctx, gift.ID); err != nil {
		return fmt.Errorf("cancel gift %s: %w", gift.ID, err)
	}
	gift, err = c.Gifts.Get(ctx, gift.ID)
	if err != nil {
		return fmt.Errorf("gift %s: %w", res.GiftID, err)
	}
	end, err := c.GetBalance(ctx)
	if err != nil {
		return fmt.Errorf("balance: %w", err)
	}
	fmt.Fprintf(w, "cancelled gift %s: %s; funding balance %s\n", gift.ID, gift.Status, end)
	return nil
}
