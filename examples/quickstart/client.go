package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/hubble"
	"github.com/giftcard-go/giftcard/wolfe"
)

// clientTour puts Hubble and Wolfe behind one giftcard.Client: one catalog
// whose ids name their provider, an order routed to the provider its
// product id names, and every funding balance at once.
func clientTour(ctx context.Context, w io.Writer, hub *hubble.Client, wlf *wolfe.Client) error {
	client, err := giftcard.NewClient(hub, wlf)
	if err != nil {
		return err
	}

	var amazon giftcard.Product
	for p, err := range client.Products(ctx, giftcard.ProductQuery{Search: "Amazon"}) {
		if err != nil {
			return err // a *giftcard.ProviderError naming the provider; `continue` would skip it
		}
		fmt.Fprintf(w, "product %s: %s\n", p.ID, p.Name)
		if amazon.ID == "" && p.Provider == "hubble" && p.Active() {
			amazon = p
		}
	}
	if amazon.ID == "" {
		return errors.New("no active Hubble product named like Amazon")
	}

	// ProductID is provider-qualified ("hubble:…"), so the Client knows
	// where to send it; a giftcard.RoutingPolicy can list other accounts to
	// fail over to. The ReferenceID (generated when empty) makes a retry of
	// the whole call exactly-once.
	order, err := client.PlaceOrder(ctx, giftcard.OrderRequest{
		ProductID: amazon.ID,
		Items:     []giftcard.OrderItem{{Denomination: giftcard.MustParseMoney("500", "INR"), Quantity: 1}},
	})
	var re *giftcard.RoutingError
	switch {
	case errors.Is(err, giftcard.ErrOutcomeUnknown) && errors.As(err, &re):
		return fmt.Errorf("not known whether %s placed it: retry with reference %s: %w", re.Last().Provider, re.ReferenceID, err)
	case err != nil:
		return err
	}
	if err := order.Err(); err != nil {
		return fmt.Errorf("order %s: %w", order.ID, err)
	}
	fmt.Fprintf(w, "order %s at %s (reference %s): %s, %s\n", order.ID, order.Provider, order.ReferenceID, order.Status, order.Amount)

	balances, err := client.Balances(ctx)
	if err != nil {
		return err // each failure names its provider; the others are in balances
	}
	for _, b := range balances {
		fmt.Fprintf(w, "balance at %s: %s\n", b.Provider, b.Balance)
	}
	return nil
}
