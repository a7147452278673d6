// Package loyaltyflow is the loyalty walk-through of examples/loyalty (the
// quickstart has its own, in plain SDK calls): activate a card, query it,
// top it up, pay, tip the payment, void the payment, issue and redeem
// points, and query the final balances, printing each step.
package loyaltyflow

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/loyalty"
	"github.com/giftcard-go/giftcard/loyalty/loyaltytest"
)

// EnvAccountID names the card the flow uses against a configured
// environment; unset, it is the public documentation's example card
// (914639258868515, which the loyaltytest sandbox also has).
const EnvAccountID = "LOYALTY_ACCOUNT_ID"

const docsCard = "914639258868515"

var (
	topUp  = giftcard.MustParseMoney("20.00", "USD")
	pay    = giftcard.MustParseMoney("10.50", "USD")
	tip    = giftcard.MustParseMoney("2.00", "USD")
	issue  = loyalty.Points(100)
	redeem = loyalty.Points(40)
)

// Run performs the flow, writing each step to w. With every LOYALTY_*
// credential unset it runs against an in-process loyaltytest sandbox (on a
// card not yet activated); with them set it uses LOYALTY_BASE_URL (default
// the provider's sandbox) and the card LOYALTY_ACCOUNT_ID; with only some
// set it fails, naming the missing ones. Every money operation has a new
// tranOrderNo, so the flow can be run again against the same server. Any
// failure is returned.
func Run(ctx context.Context, w io.Writer, getenv func(string) string) error {
	cfg, err := loyalty.ConfigFrom(getenv)
	account := strings.TrimSpace(getenv(EnvAccountID))
	local := false
	switch {
	case errors.Is(err, loyalty.ErrNoEnv):
		srv := loyaltytest.NewServer()
		defer srv.Close()
		fmt.Fprintln(w, "LOYALTY_* credentials unset: using the in-process loyaltytest sandbox")
		cfg, account, local = srv.Config(), loyaltytest.CardNew, true
	case err != nil:
		return err
	case account == "":
		account = docsCard
	}
	c, err := loyalty.New(cfg)
	if err != nil {
		return fmt.Errorf("loyalty client: %w", err)
	}
	card := giftcard.Secret(account) // printed masked: ****8515
	fmt.Fprintf(w, "loyalty at %s, channel %s, card %s\n", c.BaseURL(), c.LoyaltyChannel(), card)
	keyed := loyalty.EntryKeyed

	act, err := c.Activate(ctx, loyalty.ActivateRequest{AccountID: card, EntryType: keyed, Activating: loyalty.Yes})
	if err != nil {
		return fmt.Errorf("1. activate: %w", err)
	}
	fmt.Fprintf(w, "1. activated card %s: %s\n", card, balances(act))

	before, err := c.Query(ctx, loyalty.QueryRequest{AccountID: card, EntryType: keyed})
	if err != nil {
		return fmt.Errorf("2. query: %w", err)
	}
	fmt.Fprintf(w, "2. queried: %s\n", balances(before))

	steps := []struct {
		name string
		do   func() (loyalty.Transaction, error)
	}{
		{"3. topped up " + topUp.String(), func() (loyalty.Transaction, error) {
			return c.TopUp(ctx, loyalty.TopUpRequest{AccountID: card, EntryType: keyed, Activating: loyalty.No, Amount: topUp})
		}},
		{"4. paid " + pay.String(), func() (loyalty.Transaction, error) {
			return c.Pay(ctx, loyalty.PayRequest{AccountID: card, EntryType: keyed, Amount: pay})
		}},
	}
	var paid loyalty.Transaction
	for _, s := range steps {
		tx, err := s.do()
		if err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		fmt.Fprintf(w, "%s: %s\n", s.name, describe(tx))
		paid = tx
	}
	tx, err := c.AddTip(ctx, loyalty.TipRequest{OriOrderNo: paid.CheckoutID, AccountID: card, EntryType: keyed, Amount: tip})
	if err != nil {
		return fmt.Errorf("5. tip: %w", err)
	}
	fmt.Fprintf(w, "5. added a %s tip to payment %s: %s\n", tip, paid.CheckoutID, describe(tx))
	tx, err = c.Void(ctx, loyalty.VoidRequest{OriOrderNo: paid.CheckoutID})
	if err != nil {
		return fmt.Errorf("6. void: %w", err)
	}
	fmt.Fprintf(w, "6. voided payment %s: %s\n", tx.OriCheckoutID, describe(tx))
	tx, err = c.IssuePoints(ctx, loyalty.PointsRequest{AccountID: card, EntryType: keyed, Points: issue})
	if err != nil {
		return fmt.Errorf("7. issue points: %w", err)
	}
	fmt.Fprintf(w, "7. issued %s points: %s\n", issue, describe(tx))
	tx, err = c.RedeemPoints(ctx, loyalty.PointsRequest{AccountID: card, EntryType: keyed, Points: redeem})
	if err != nil {
		return fmt.Errorf("8. redeem points: %w", err)
	}
	fmt.Fprintf(w, "8. redeemed %s points: %s\n", redeem, describe(tx))

	after, err := c.Query(ctx, loyalty.QueryRequest{AccountID: card, EntryType: keyed})
	if err != nil {
		return fmt.Errorf("9. query: %w", err)
	}
	fmt.Fprintf(w, "9. final balances: %s\n", balances(after))
	if !local {
		return nil
	}
	// The sandbox's rules are known: +20.00 - 10.50 - 2.00 + 10.50 (void)
	// and +100 - 40 points.
	c0, _ := before.Cash("USD")
	c1, _ := after.Cash("USD")
	p0, _ := before.Points()
	p1, _ := after.Points()
	if d, _ := c1.Sub(c0); !d.Equal(giftcard.MustParseMoney("18.00", "USD")) || p1-p0 != issue-redeem {
		return fmt.Errorf("balances moved by %s and %d points; want 18.00 USD and %d points", d, p1-p0, issue-redeem)
	}
	fmt.Fprintln(w, "balances moved by exactly +18.00 USD and +60 points")
	return nil
}

func balances(cd loyalty.Card) string {
	var parts []string
	for _, b := range cd.Balances {
		if m, ok := b.Money(); ok {
			parts = append(parts, m.String())
		} else {
			parts = append(parts, b.Amount.String()+" "+b.ValueCode)
		}
	}
	if len(parts) == 0 {
		return "no balances"
	}
	return strings.Join(parts, ", ")
}

func describe(tx loyalty.Transaction) string {
	s := fmt.Sprintf("checkoutId %s, tranOrderNo %s, result %s", tx.CheckoutID, tx.TranOrderNo, tx.Result)
	if tx.Currency != "" {
		s += ", amount " + tx.Money().String()
	} else if !tx.Amount.IsZero() {
		s += ", amount " + tx.Amount.String()
	}
	return s
}
