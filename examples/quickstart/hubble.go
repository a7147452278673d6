package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/hubble"
	"github.com/giftcard-go/giftcard/hubble/hubbletest"
)

// connectHubble builds the Hubble client from HUBBLE_* (HUBBLE_BASE_URL
// defaults to staging), or on an in-process sandbox when none is set. The
// PollPolicy is Hubble's protocol (first poll after a minute), or
// GIFTCARD_POLL_INTERVAL, or 100ms on the sandbox.
func connectHubble(w io.Writer, getenv func(string) string, sb *sandboxes) (*hubble.Client, giftcard.PollPolicy, error) {
	poll := giftcard.DefaultPollPolicy()
	configured, err := checkEnv(getenv, "hubble",
		[]string{"HUBBLE_BASE_URL", "HUBBLE_CLIENT_ID", "HUBBLE_CLIENT_SECRET"},
		[]string{"HUBBLE_CLIENT_ID", "HUBBLE_CLIENT_SECRET"})
	if err != nil {
		return nil, poll, err
	}
	cfg := hubble.Config{
		BaseURL:       cmp.Or(getenv("HUBBLE_BASE_URL"), hubble.StagingURL),
		ClientID:      getenv("HUBBLE_CLIENT_ID"),
		ClientSecret:  giftcard.Secret(getenv("HUBBLE_CLIENT_SECRET")),
		WebhookSecret: giftcard.Secret(getenv("HUBBLE_WEBHOOK_SECRET")),
	}
	if !configured {
		srv := hubbletest.NewServer()
		*sb = append(*sb, srv)
		cfg = srv.Config()
		poll.InitialDelay, poll.Interval = 100*time.Millisecond, 100*time.Millisecond
	}
	if v := getenv("GIFTCARD_POLL_INTERVAL"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return nil, poll, fmt.Errorf("GIFTCARD_POLL_INTERVAL=%q is not a positive Go duration (\"2s\")", v)
		}
		poll.InitialDelay, poll.Interval = d, d
	}
	c, err := hubble.New(cfg)
	if err != nil {
		return nil, poll, err
	}
	fmt.Fprintf(w, "Hubble:  %s%s\n", c.BaseURL(), sandboxNote(configured))
	return c, poll, nil
}

// hubbleTour finds Amazon in the catalog, orders 10 × 500 of it, finishes
// the order in the background while it is PROCESSING, and reads the wallet.
func hubbleTour(ctx context.Context, w io.Writer, c *hubble.Client, poll giftcard.PollPolicy) error {
	var amazon giftcard.Product
	for p, err := range c.ListProducts(ctx, giftcard.ProductQuery{Search: "Amazon"}) {
		if err != nil {
			return fmt.Errorf("catalog: %w", err)
		}
		fmt.Fprintf(w, "catalog: %s (%s, %s)\n", p.Name, p.DenominationType, p.Status)
		if amazon.ID == "" && p.Active() && strings.HasPrefix(p.Name, "Amazon") {
			amazon = p
		}
	}
	if amazon.ID == "" {
		return fmt.Errorf("no active Amazon brand in the catalog")
	}

	// The reference is your idempotency key (a cart or invoice id): placing
	// it again never makes a second order. Empty, the SDK generates one.
	order, err := c.PlaceOrder(ctx, giftcard.OrderRequest{
		ProductID: amazon.ID,
		Items:     []giftcard.OrderItem{{Denomination: giftcard.MustParseMoney("500", "INR"), Quantity: 10}},
	})
	if err != nil {
		return fmt.Errorf("order (reference %s): %w", order.ReferenceID, err)
	}
	fmt.Fprintf(w, "placed order %s for %s: %s\n", order.ID, order.Amount, order.Status)

	// An order may stay PROCESSING for minutes. A web handler answers now
	// (202 Accepted with the order id) and a background job finishes the
	// order, so no request is held open meanwhile.
	type result struct {
		order giftcard.Order
		err   error
	}
	done := make(chan result, 1) // a database, in real code
	go func() {
		final, err := giftcard.AwaitOrder(ctx, c, order, poll)
		done <- result{final, err}
	}()
	if !order.Status.Terminal() {
		fmt.Fprintf(w, "a web handler would answer 202 now: order %s is being generated\n", order.ID)
	}

	balance, err := c.GetBalance(ctx)
	if err != nil {
		return fmt.Errorf("balance: %w", err)
	}
	fmt.Fprintf(w, "wallet balance: %s\n", balance)

	r := <-done
	if r.err == nil {
		r.err = r.order.Err() // a FAILED order carries its kind
	}
	if r.err != nil {
		return fmt.Errorf("order %s (reference %s): %w", order.ID, order.ReferenceID, r.err)
	}
	fmt.Fprintf(w, "background job: order %s is %s with %d vouchers\n", r.order.ID, r.order.Status, len(r.order.Vouchers))
	for _, v := range r.order.Vouchers[:min(2, len(r.order.Vouchers))] {
		fmt.Fprintf(w, "  %s\n", v) // the card number and PIN print masked
	}
	return nil
}

// sandboxNote says when a provider runs on its in-process sandbox.
func sandboxNote(configured bool) string {
	if configured {
		return ""
	}
	return " (in-process sandbox: no credentials set)"
}
