package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/loyalty"
	"github.com/giftcard-go/giftcard/loyalty/loyaltytest"
)

// docsCard is the card of the loyalty API's public documentation, which the
// loyaltytest sandbox has too (active, with a balance).
const docsCard = "914639258868515"

// connectLoyalty builds the loyalty client from LOYALTY_*
// (loyalty.ConfigFromEnv), or on an in-process sandbox when none is set. The
// card is LOYALTY_ACCOUNT_ID, or the documentation's example card.
func connectLoyalty(w io.Writer, getenv func(string) string, sb *sandboxes) (*loyalty.Client, giftcard.Secret, error) {
	cfg, err := loyalty.ConfigFrom(getenv) // loyalty.ConfigFromEnv() reads os.Getenv
	configured := !errors.Is(err, loyalty.ErrNoEnv)
	switch {
	case !configured:
		srv := loyaltytest.NewServer()
		*sb = append(*sb, srv)
		cfg = srv.Config()
	case err != nil:
		return nil, "", err // some LOYALTY_* set and others not: it names the missing ones
	}
	c, err := loyalty.New(cfg)
	if err != nil {
		return nil, "", err
	}
	fmt.Fprintf(w, "Loyalty: %s%s\n", c.BaseURL(), sandboxNote(configured))
	// A card number is a Secret: it prints masked (****8515).
	return c, giftcard.Secret(cmp.Or(strings.TrimSpace(getenv("LOYALTY_ACCOUNT_ID")), docsCard)), nil
}

// loyaltyTour queries a card, tops it up with $20.00, pays $10.50 from it
// and voids the payment. Every operation gets a new tranOrderNo (the
// idempotency key), so it can be repeated on one card.
func loyaltyTour(ctx context.Context, w io.Writer, c *loyalty.Client, card giftcard.Secret) error {
	before, err := c.Query(ctx, loyalty.QueryRequest{AccountID: card, EntryType: loyalty.EntryKeyed})
	if err != nil {
		return fmt.Errorf("query card %s: %w", card, err)
	}
	fmt.Fprintf(w, "card %s holds %s\n", card, balances(before))

	topUp, err := c.TopUp(ctx, loyalty.TopUpRequest{
		AccountID: card, EntryType: loyalty.EntryKeyed, Activating: loyalty.No,
		Amount: giftcard.MustParseMoney("20.00", "USD"),
	})
	if err != nil {
		return fmt.Errorf("top up (tranOrderNo %s): %w", topUp.TranOrderNo, err)
	}
	fmt.Fprintf(w, "topped up %s: checkoutId %s, %s\n", topUp.Money(), topUp.CheckoutID, topUp.Result)

	pay, err := c.Pay(ctx, loyalty.PayRequest{
		AccountID: card, EntryType: loyalty.EntryKeyed,
		Amount: giftcard.MustParseMoney("10.50", "USD"),
	})
	if err != nil {
		return fmt.Errorf("pay (tranOrderNo %s): %w", pay.TranOrderNo, err)
	}
	fmt.Fprintf(w, "paid %s: checkoutId %s, %s\n", pay.Money(), pay.CheckoutID, pay.Result)

	void, err := c.Void(ctx, loyalty.VoidRequest{OriOrderNo: pay.CheckoutID})
	if err != nil {
		return fmt.Errorf("void payment %s: %w", pay.CheckoutID, err)
	}
	fmt.Fprintf(w, "voided payment %s: %s\n", void.OriCheckoutID, void.Result)

	after, err := c.Query(ctx, loyalty.QueryRequest{AccountID: card, EntryType: loyalty.EntryKeyed})
	if err != nil {
		return fmt.Errorf("query card %s: %w", card, err)
	}
	fmt.Fprintf(w, "card %s now holds %s\n", card, balances(after))
	return nil
}

// balances prints a card's money and points.
func balances(card loyalty.Card) string {
	var out []string
	for _, b := range card.Balances {
		if m, ok := b.Money(); ok {
			out = append(out, m.String())
		} else {
			out = append(out, b.Amount.String()+" "+b.ValueCode) // points
		}
	}
	return strings.Join(out, ", ")
}
