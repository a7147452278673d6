package main

import (
	"context"
	"fmt"
	"io"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/orbt"
	"github.com/giftcard-go/giftcard/orbt/orbttest"
)

// connectORBT builds the ORBT client from ORBT_* (ORBT_BASE_URL defaults to
// UAT; ORBT_SIGNING is body or body-hash), or on an in-process sandbox when
// none is set.
func connectORBT(w io.Writer, getenv func(string) string, sb *sandboxes) (*orbt.Client, error) {
	configured, err := checkEnv(getenv, "orbt",
		[]string{"ORBT_BASE_URL", "ORBT_API_KEY", "ORBT_CLIENT_ID", "ORBT_HMAC_SECRET"},
		[]string{"ORBT_API_KEY", "ORBT_CLIENT_ID", "ORBT_HMAC_SECRET"})
	if err != nil {
		return nil, err
	}
	signing, err := orbt.ParseSigningScheme(getenv("ORBT_SIGNING"))
	if err != nil {
		return nil, fmt.Errorf("ORBT_SIGNING: %w", err)
	}
	cfg := orbt.Config{
		APIKey:      giftcard.Secret(getenv("ORBT_API_KEY")),
		ClientID:    getenv("ORBT_CLIENT_ID"),
		HMACSecret:  giftcard.Secret(getenv("ORBT_HMAC_SECRET")),
		Environment: orbt.UAT,
		Signing:     signing,
	}
	if url := getenv("ORBT_BASE_URL"); url != "" {
		cfg.Environment, cfg.BaseURL = "", url
	}
	if !configured {
		srv := orbttest.NewServer()
		*sb = append(*sb, srv)
		cfg = srv.Config()
	}
	c, err := orbt.New(cfg)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(w, "ORBT:    %s%s\n", c.BaseURL(), sandboxNote(configured))
	return c, nil
}

// orbtTour creates a consumer with $10.00, reads its wallets and credits
// $5.00. Each run uses a new email and a new reference, so it can be
// repeated against one account.
func orbtTour(ctx context.Context, w io.Writer, c *orbt.Client) error {
	// Ping checks the credentials, the signing scheme and the clock, and
	// says which to look at when ORBT refuses them.
	if err := c.Ping(ctx); err != nil {
		return err
	}
	run := uuid.NewString()[:8]
	cust, err := c.CreateCustomer(ctx, orbt.CreateCustomerRequest{
		FullName:     "Quickstart Consumer " + run,
		Email:        "quickstart-" + run + "@example.com", // one consumer per email and currency
		Currency:     "USD",
		InitialFunds: decimal.RequireFromString("10.00"),
	})
	if err != nil {
		return fmt.Errorf("create customer: %w", err)
	}
	fmt.Fprintf(w, "created consumer %s (%s) with wallet %s holding %s\n", cust.ID, cust.Email, cust.WalletID, cust.Balance())

	wallets, err := c.ListWallets(ctx, cust.ID, orbt.ListOptions{})
	if err != nil {
		return fmt.Errorf("wallets: %w", err)
	}
	for _, wl := range wallets.Items {
		fmt.Fprintf(w, "wallet %s: %s %s, %s\n", wl.ID, wl.Type, wl.Money(), wl.Status)
	}

	// The referenceId is the idempotency key: a credit resent with it moves
	// the money once.
	tx, err := c.CreateWalletTransaction(ctx, cust.WalletID, orbt.WalletTransactionRequest{
		Amount:      decimal.RequireFromString("5.00"),
		Type:        orbt.Credit,
		ReferenceID: "quickstart-credit-" + run,
		Description: "giftcard-go quickstart",
	})
	if err != nil {
		return fmt.Errorf("credit (referenceId %s): %w", tx.ReferenceID, err)
	}
	fmt.Fprintf(w, "credited %s to wallet %s (referenceId %s): %s\n", tx.Amount.StringFixed(2), tx.WalletID, tx.ReferenceID, tx.Status)

	wallets, err = c.ListWallets(ctx, cust.ID, orbt.ListOptions{})
	if err != nil {
		return fmt.Errorf("wallets: %w", err)
	}
	for _, wl := range wallets.Items {
		if wl.ID == cust.WalletID {
			fmt.Fprintf(w, "wallet %s now holds %s\n", wl.ID, wl.Money())
			if want := decimal.RequireFromString("15.00"); !wl.Balance.Equal(want) {
				return fmt.Errorf("wallet %s holds %s, want %s", wl.ID, wl.Balance, want)
			}
			return nil
		}
	}
	return fmt.Errorf("wallet %s is not among the consumer's wallets", cust.WalletID)
}
