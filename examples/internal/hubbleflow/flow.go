// Package hubbleflow is the Hubble walk-through of examples/hubble (the
// quickstart has its own, in plain SDK calls): log in, browse a category,
// find Flipkart and Amazon by searching the catalog, place a Flipkart order
// and a 10 × 500 Amazon order (waiting through PROCESSING), and print the
// vouchers masked and the wallet balance.
//
// Environment:
//
//	HUBBLE_BASE_URL        the environment (default: hubble.StagingURL when credentials are set)
//	HUBBLE_CLIENT_ID       partner credentials; when either is unset the flow
//	HUBBLE_CLIENT_SECRET   runs against an in-process hubbletest sandbox
//	HUBBLE_WEBHOOK_SECRET  the X-Verify secret, passed to the client
//	GIFTCARD_POLL_INTERVAL a Go duration ("2s") used as both the first polling
//	                       delay and the interval while an order is PROCESSING
//
// Without GIFTCARD_POLL_INTERVAL the flow follows Hubble's documented
// protocol (first poll after a minute, then every two minutes) against a
// real environment, and polls every 100ms against the in-process sandbox so
// the example finishes in about a second.
package hubbleflow

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/hubble"
	"github.com/giftcard-go/giftcard/hubble/hubbletest"
)

// SandboxPollInterval is the polling delay against the in-process sandbox
// when GIFTCARD_POLL_INTERVAL is not set.
const SandboxPollInterval = 100 * time.Millisecond

// BrowseCategory is the category the flow lists.
const BrowseCategory = "FOOD"

// Run executes the flow, writing a human-readable account to w. It returns
// an error for any failure, a FAILED order included.
func Run(ctx context.Context, w io.Writer, getenv func(string) string) error {
	cfg := hubble.Config{
		ClientID:      getenv("HUBBLE_CLIENT_ID"),
		ClientSecret:  giftcard.Secret(getenv("HUBBLE_CLIENT_SECRET")),
		BaseURL:       getenv("HUBBLE_BASE_URL"),
		WebhookSecret: giftcard.Secret(getenv("HUBBLE_WEBHOOK_SECRET")),
	}
	poll := giftcard.DefaultPollPolicy()
	if (cfg.ClientID == "") != cfg.ClientSecret.IsZero() {
		missing := "HUBBLE_CLIENT_SECRET"
		if cfg.ClientID == "" {
			missing = "HUBBLE_CLIENT_ID"
		}
		return fmt.Errorf("%s is not set: set both HUBBLE_CLIENT_ID and HUBBLE_CLIENT_SECRET, or neither to use the sandbox", missing)
	}
	if cfg.ClientID == "" {
		srv := hubbletest.NewServer()
		defer srv.Close()
		sc := srv.Config()
		cfg.ClientID, cfg.ClientSecret, cfg.BaseURL = sc.ClientID, sc.ClientSecret, sc.BaseURL
		poll.InitialDelay, poll.Interval = SandboxPollInterval, SandboxPollInterval
		fmt.Fprintf(w, "No HUBBLE_CLIENT_ID/HUBBLE_CLIENT_SECRET: using the in-process sandbox at %s\n", srv.URL)
	} else if cfg.BaseURL == "" {
		cfg.BaseURL = hubble.StagingURL
	}
	if v := getenv("GIFTCARD_POLL_INTERVAL"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return fmt.Errorf("GIFTCARD_POLL_INTERVAL=%q is not a positive Go duration", v)
		}
		poll.InitialDelay, poll.Interval = d, d
	}
	c, err := hubble.New(cfg)
	if err != nil {
		return err
	}

	fmt.Fprintf(w, "1. Logging in to %s\n", c.BaseURL())
	if err := c.Login(ctx); err != nil {
		return fmt.Errorf("login: %w", err)
	}

	fmt.Fprintf(w, "2. Browsing %s (first 5 active brands)\n", BrowseCategory)
	shown := 0
	for p, err := range c.ListProducts(ctx, giftcard.ProductQuery{Category: BrowseCategory, PageSize: 20}) {
		if err != nil {
			return fmt.Errorf("browse %s: %w", BrowseCategory, err)
		}
		if !p.Active() {
			continue
		}
		fmt.Fprintf(w, "   - %s (%s)%s\n", p.Name, p.DenominationType, describeValues(p))
		if shown++; shown == 5 {
			break
		}
	}

	flipkart, err := find(ctx, c, "Flipkart")
	if err != nil {
		return err
	}
	amazon, err := find(ctx, c, "Amazon")
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "3. Found %q (%s) and %q (%s) by searching the catalog\n", flipkart.Name, flipkart.ID, amazon.Name, amazon.ID)

	d := pick(flipkart, 500)
	fmt.Fprintf(w, "4. Ordering one Flipkart voucher of %s\n", d)
	o, err := c.PlaceOrder(ctx, giftcard.OrderRequest{ProductID: flipkart.ID, Items: []giftcard.OrderItem{{Denomination: d, Quantity: 1}}})
	if err != nil {
		return fmt.Errorf("placing the Flipkart order: %w", err)
	}
	if o, err = settle(ctx, w, c, o, poll); err != nil {
		return err
	}
	printOrder(w, o)

	fiveHundred := giftcard.Money{Amount: decimal.NewFromInt(500), Currency: c.Currency()}
	fmt.Fprintf(w, "5. Ordering 10 × %s of Amazon\n", fiveHundred)
	o, err = c.PlaceOrder(ctx, giftcard.OrderRequest{ProductID: amazon.ID, Items: []giftcard.OrderItem{{Denomination: fiveHundred, Quantity: 10}}})
	if err != nil {
		return fmt.Errorf("placing the Amazon order: %w", err)
	}
	if o, err = settle(ctx, w, c, o, poll); err != nil {
		return err
	}
	printOrder(w, o)

	bal, err := c.GetBalance(ctx)
	if err != nil {
		return fmt.Errorf("balance: %w", err)
	}
	fmt.Fprintf(w, "6. Wallet balance: %s\n", bal)
	return nil
}

// find searches the catalog for name and returns the active brand whose
// title is name, or else starts with it.
func find(ctx context.Context, c *hubble.Client, name string) (giftcard.Product, error) {
	var prefix *giftcard.Product
	for p, err := range c.ListProducts(ctx, giftcard.ProductQuery{Search: name}) {
		if err != nil {
			return giftcard.Product{}, fmt.Errorf("search %q: %w", name, err)
		}
		if !p.Active() {
			continue
		}
		if strings.EqualFold(p.Name, name) {
			return p, nil
		}
		if prefix == nil && strings.HasPrefix(strings.ToLower(p.Name), strings.ToLower(name)) {
			prefix = &p
		}
	}
	if prefix != nil {
		return *prefix, nil
	}
	return giftcard.Product{}, fmt.Errorf("no active brand named %q in the catalog", name)
}

// pick returns the wanted face value when the product offers it, else its
// smallest one.
func pick(p giftcard.Product, want int64) giftcard.Money {
	if p.DenominationType == giftcard.DenominationFlexible || len(p.Denominations) == 0 {
		return giftcard.Money{Amount: decimal.NewFromInt(want), Currency: p.MinValue.Currency}
	}
	for _, d := range p.Denominations {
		if d.Amount.Equal(decimal.NewFromInt(want)) {
			return d
		}
	}
	return slices.MinFunc(p.Denominations, func(a, b giftcard.Money) int { return a.Amount.Cmp(b.Amount) })
}

func describeValues(p giftcard.Product) string {
	if len(p.Denominations) > 0 {
		vals := make([]string, len(p.Denominations))
		for i, d := range p.Denominations {
			vals[i] = d.Amount.String()
		}
		return ": " + strings.Join(vals, ", ")
	}
	if !p.MinValue.IsZero() || !p.MaxValue.IsZero() {
		// Both ends as Money ("100.00 INR to 10000.00 INR"); an absent
		// end is zero in the other end's currency.
		lo, hi := p.MinValue, p.MaxValue
		if lo.Currency == "" {
			lo.Currency = hi.Currency
		}
		if hi.Currency == "" {
			hi.Currency = lo.Currency
		}
		return fmt.Sprintf(": %s to %s", lo, hi)
	}
	return ""
}

// settle waits for a PROCESSING order and turns a FAILED one into an error.
func settle(ctx context.Context, w io.Writer, c *hubble.Client, o giftcard.Order, poll giftcard.PollPolicy) (giftcard.Order, error) {
	fmt.Fprintf(w, "   order %s (reference %s): %s\n", o.ID, o.ReferenceID, o.Status)
	if o.Status == giftcard.OrderProcessing {
		fmt.Fprintf(w, "   PROCESSING: polling after %s, then every %s\n", poll.InitialDelay, poll.Interval)
		final, err := giftcard.WaitForOrder(ctx, c, o.ID, poll)
		if err != nil {
			return final, fmt.Errorf("waiting for order %s: %w", o.ID, err)
		}
		final.ProductID, final.Amount = o.ProductID, o.Amount
		o = final
		fmt.Fprintf(w, "   order %s: %s\n", o.ID, o.Status)
	}
	if err := o.Err(); err != nil {
		return o, err
	}
	if o.Status != giftcard.OrderSuccess {
		return o, errors.New("order " + o.ID + " ended " + string(o.Status))
	}
	return o, nil
}

func printOrder(w io.Writer, o giftcard.Order) {
	for _, v := range o.Vouchers {
		fmt.Fprintf(w, "   voucher %s  %s  card %s  PIN %s  valid till %s\n", v.ID, v.Amount, orDash(v.CardNumber), orDash(v.PIN), v.ValidTill)
	}
}

func orDash(s giftcard.Secret) string {
	if s.IsZero() {
		return "-"
	}
	return s.String()
}
