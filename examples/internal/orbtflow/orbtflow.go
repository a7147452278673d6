// Package orbtflow is the ORBT walk-through of examples/orbt (the quickstart
// has its own, in plain SDK calls): check the credentials, create a customer
// with initial funds, list customers page by page, read the customer's
// wallets, credit the wallet, and check the balance moved by exactly the
// credit.
package orbtflow

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/orbt"
	"github.com/giftcard-go/giftcard/orbt/orbttest"
)

// The environment variables Run reads.
const (
	EnvBaseURL    = "ORBT_BASE_URL"    // default: orbt.UAT when credentials are set
	EnvAPIKey     = "ORBT_API_KEY"     //
	EnvClientID   = "ORBT_CLIENT_ID"   //
	EnvHMACSecret = "ORBT_HMAC_SECRET" //
	EnvSigning    = "ORBT_SIGNING"     // body | body-hash; default follows the environment
)

// maxPages bounds the customer listing on a real account with many
// customers.
const maxPages = 10

var (
	initialFunds = decimal.RequireFromString("10.00")
	credit       = decimal.RequireFromString("5.00")
)

// Run performs the flow, writing progress to w. With ORBT_API_KEY,
// ORBT_CLIENT_ID and ORBT_HMAC_SECRET all unset it runs against an
// in-process orbttest sandbox; with all three set it talks to ORBT_BASE_URL
// (default UAT); with only some set it fails, naming the missing ones. Each
// run uses a new email, so it can be repeated against a real environment.
// Any failure is returned.
func Run(ctx context.Context, w io.Writer, getenv func(string) string) error {
	cfg, cleanup, err := config(w, getenv)
	if err != nil {
		return err
	}
	defer cleanup()
	c, err := orbt.New(cfg)
	if err != nil {
		return fmt.Errorf("orbt client: %w", err)
	}
	fmt.Fprintf(w, "ORBT at %s, signing %s\n", c.BaseURL(), c.Signing())
	// Check the credentials, the signing scheme and the clock first: a
	// refusal says which to look at.
	if err := c.Ping(ctx); err != nil {
		return fmt.Errorf("credentials: %w", err)
	}
	fmt.Fprintln(w, "credentials accepted")

	run := uuid.NewString()[:8]
	email := "giftcard-go-example-" + run + "@example.com"
	cust, err := c.CreateCustomer(ctx, orbt.CreateCustomerRequest{
		FullName: "Example Consumer " + run, Email: email, Currency: "USD", InitialFunds: initialFunds,
	})
	if err != nil {
		return fmt.Errorf("create customer: %w", err)
	}
	fmt.Fprintf(w, "created customer %s (%s), wallet %s holding %s\n", cust.ID, cust.Email, cust.WalletID, cust.Balance())
	if !cust.WalletBalance.Equal(initialFunds) {
		return fmt.Errorf("new wallet holds %s, want %s", cust.WalletBalance, initialFunds)
	}

	found := false
	total := 0
	for page := 0; ; page++ {
		if page == maxPages {
			fmt.Fprintf(w, "stopped listing after %d pages\n", maxPages)
			break
		}
		p, err := c.ListCustomers(ctx, orbt.ListOptions{Page: page, Size: orbt.DefaultPageSize})
		if err != nil {
			return fmt.Errorf("list customers page %d: %w", page, err)
		}
		total += len(p.Items)
		for _, s := range p.Items {
			found = found || s.ID == cust.ID
		}
		fmt.Fprintf(w, "customers page %d: %d customers (more: %v)\n", page, len(p.Items), p.HasNext)
		if !p.HasNext {
			if !found {
				return fmt.Errorf("customer %s missing from the %d listed", cust.ID, total)
			}
			break
		}
	}
	if found {
		fmt.Fprintf(w, "customer %s is in the list\n", cust.ID)
	}

	wallets, err := c.ListWallets(ctx, cust.ID, orbt.ListOptions{})
	if err != nil {
		return fmt.Errorf("list wallets: %w", err)
	}
	for _, wl := range wallets.Items {
		fmt.Fprintf(w, "wallet %s: %s %s, %s\n", wl.ID, wl.Type, wl.Money(), wl.Status)
	}
	before, err := walletBalance(wallets.Items, cust.WalletID)
	if err != nil {
		return err
	}

	tx, err := c.CreateWalletTransaction(ctx, cust.WalletID, orbt.WalletTransactionRequest{
		Amount: credit, Type: orbt.Credit, ReferenceID: "giftcard-go-example-" + run,
		Description: "giftcard-go example credit",
	})
	if err != nil {
		return fmt.Errorf("credit wallet (referenceId %s): %w", tx.ReferenceID, err)
	}
	fmt.Fprintf(w, "credited %s to wallet %s (referenceId %s, status %s)\n", tx.Amount.StringFixed(2), tx.WalletID, tx.ReferenceID, tx.Status)

	wallets, err = c.ListWallets(ctx, cust.ID, orbt.ListOptions{})
	if err != nil {
		return fmt.Errorf("list wallets after credit: %w", err)
	}
	after, err := walletBalance(wallets.Items, cust.WalletID)
	if err != nil {
		return err
	}
	if !after.Sub(before).Equal(credit) {
		return fmt.Errorf("wallet %s went from %s to %s, want +%s", cust.WalletID, before, after, credit)
	}
	fmt.Fprintf(w, "wallet %s now holds %s USD\n", cust.WalletID, after.StringFixed(2))
	return nil
}

func walletBalance(ws []orbt.Wallet, id string) (decimal.Decimal, error) {
	for _, wl := range ws {
		if wl.ID == id {
			return wl.Balance, nil
		}
	}
	return decimal.Decimal{}, fmt.Errorf("wallet %s not in the customer's wallet list", id)
}

// config builds the client config from the environment, starting a sandbox
// when no credentials are set.
func config(w io.Writer, getenv func(string) string) (orbt.Config, func(), error) {
	get := func(k string) string { return strings.TrimSpace(getenv(k)) }
	scheme, err := orbt.ParseSigningScheme(get(EnvSigning))
	if err != nil {
		return orbt.Config{}, nil, fmt.Errorf("%s: %w", EnvSigning, err)
	}
	creds := map[string]string{EnvAPIKey: get(EnvAPIKey), EnvClientID: get(EnvClientID), EnvHMACSecret: get(EnvHMACSecret)}
	var missing []string
	for _, k := range []string{EnvAPIKey, EnvClientID, EnvHMACSecret} {
		if creds[k] == "" {
			missing = append(missing, k)
		}
	}
	switch len(missing) {
	case 0:
		cfg := orbt.Config{
			APIKey: giftcard.Secret(creds[EnvAPIKey]), ClientID: creds[EnvClientID], HMACSecret: giftcard.Secret(creds[EnvHMACSecret]),
			Environment: orbt.UAT, BaseURL: get(EnvBaseURL), Signing: scheme,
		}
		if cfg.BaseURL != "" {
			cfg.Environment = ""
		}
		return cfg, func() {}, nil
	case 3:
		srv := orbttest.NewServer()
		fmt.Fprintln(w, "ORBT credentials unset: using the in-process orbttest sandbox")
		cfg := srv.Config()
		cfg.Signing = scheme
		return cfg, srv.Close, nil
	}
	return orbt.Config{}, nil, errors.New("set all of " + EnvAPIKey + ", " + EnvClientID + " and " + EnvHMACSecret + " (or none, for the sandbox); missing: " + strings.Join(missing, ", "))
}
