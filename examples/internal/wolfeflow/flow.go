// Package wolfeflow is the Wolfe walk-through of examples/wolfe (the
// quickstart has its own, in plain SDK calls): read the funding balance,
// page through the whole merchant catalog and pick a merchant by searching
// for it (no hard-coded ids, so it works on a real account), list its
// locations, buy a $25 gift that notifies a test email under a fresh
// reference, read it back by id and by reference, list its events, cancel it
// and show the refund, then set and read the webhook configuration.
//
// Environment:
//
//	WOLFE_BASE_URL, WOLFE_PARTNER_KEY, WOLFE_COMPANY_ID   the account; when none of the
//	WOLFE_TENANT_ID (optional)                            WOLFE_* variables is set, the flow
//	                                                      runs against an in-process wolfetest
//	                                                      sandbox; some set and some not is an error
//	WOLFE_WEBHOOK_URL   against a real account, the callback URL to configure; without it
//	                    the flow sets the configuration it read back unchanged, so it never
//	                    redirects a real account's webhooks
//	WOLFE_TEST_EMAIL    the recipient notified of the gift (default DefaultTestEmail)
//
// Against the sandbox the webhooks go to a local handler that verifies
// their signature, and the flow prints what it received.
package wolfeflow

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/wolfe"
	"github.com/giftcard-go/giftcard/wolfe/wolfetest"
)

// DefaultTestEmail is the recipient of the flow's gift.
const DefaultTestEmail = "wolfe-example@example.com"

// GiftAmount is the amount of the flow's gift.
var GiftAmount = giftcard.MustParseMoney("25.00", "USD")

// Run executes the flow, writing a human-readable account to w. It returns
// an error for any failure.
func Run(ctx context.Context, w io.Writer, getenv func(string) string) error {
	cfg, err := wolfe.ConfigFromLookup(getenv)
	var srv *wolfetest.Server
	switch {
	case errors.Is(err, wolfe.ErrNoEnvironment):
		srv = wolfetest.NewServer()
		defer srv.Close()
		cfg = srv.Config()
		fmt.Fprintf(w, "No WOLFE_* variables: using the in-process wolfetest sandbox at %s\n", srv.URL)
	case err != nil:
		return err
	}
	c, err := wolfe.New(cfg)
	if err != nil {
		return err
	}
	email := getenv("WOLFE_TEST_EMAIL")
	if email == "" {
		email = DefaultTestEmail
	}

	fmt.Fprintf(w, "1. Funding balance at %s\n", c.BaseURL())
	start, err := c.GetBalance(ctx)
	if err != nil {
		return fmt.Errorf("balance: %w", err)
	}
	fmt.Fprintf(w, "   %s\n", start)

	fmt.Fprintln(w, "2. Paging through the merchant catalog")
	var pick wolfe.Merchant
	total, pages := 0, 0
	for m, err := range c.Merchants.All(ctx, wolfe.MerchantQuery{Limit: 100}) {
		if err != nil {
			return fmt.Errorf("merchants: %w", err)
		}
		if total%100 == 0 {
			pages++
		}
		total++
		if pick.ID == "" && sells(c, m, GiftAmount) && utf8.RuneCountInString(strings.TrimSpace(m.Name)) >= 4 {
			pick = m
		}
	}
	fmt.Fprintf(w, "   %d merchants in %d pages\n", total, pages)
	if pick.ID == "" {
		return fmt.Errorf("no merchant in the catalog sells a %s gift", GiftAmount)
	}
	query := firstWord(pick.Name)
	found, err := c.Merchants.List(ctx, wolfe.MerchantQuery{Name: query})
	if err != nil {
		return fmt.Errorf("search %q: %w", query, err)
	}
	var merchant wolfe.Merchant
	for _, m := range found.Items {
		if m.ID == pick.ID {
			merchant = m
		}
	}
	if merchant.ID == "" {
		return fmt.Errorf("searching %q did not find %s", query, pick.Name)
	}
	fmt.Fprintf(w, "   searching %q: %d matches; picked %s (gifts %s..%s, %s)\n", query, found.Pagination.TotalCount,
		merchant.Name, merchant.MinGift, merchant.MaxGift, methods(merchant))

	fmt.Fprintln(w, "3. Its locations")
	locs, err := c.Merchants.ListLocations(ctx, wolfe.LocationQuery{MerchantID: merchant.ID, Limit: 3})
	if err != nil {
		return fmt.Errorf("locations: %w", err)
	}
	for _, l := range locs.Items {
		fmt.Fprintf(w, "   %s, %s %s (active %v)\n", l.Address.AddressLine1, l.Address.Locality, l.Address.Region, l.IsActive)
	}
	fmt.Fprintf(w, "   %d locations in all\n", locs.Pagination.TotalCount)

	var hooks *receiver
	if srv != nil {
		// Configure the webhooks first so the sandbox's deliveries for the
		// gift arrive at a local handler.
		if hooks, err = listen(ctx, c, srv); err != nil {
			return err
		}
		defer hooks.close()
	}

	fmt.Fprintf(w, "4. Buying a %s gift at %s for %s\n", GiftAmount, merchant.Name, email)
	res, err := c.Gifts.Purchase(ctx, wolfe.PurchaseRequest{Amount: GiftAmount, MerchantID: merchant.ID, Email: email,
		Message: "A gift from the giftcard-go example."})
	if err != nil {
		return fmt.Errorf("purchase (reference %s): %w", res.ReferenceID, err)
	}
	fmt.Fprintf(w, "   gift %s, reference %s\n", res.GiftID, res.ReferenceID)

	fmt.Fprintln(w, "5. Reading it back")
	byID, err := c.Gifts.Get(ctx, res.GiftID)
	if err != nil {
		return fmt.Errorf("get gift: %w", err)
	}
	byRef, err := c.Gifts.GetByReference(ctx, res.ReferenceID)
	if err != nil {
		return fmt.Errorf("get gift by reference: %w", err)
	}
	if byRef.ID != byID.ID {
		return fmt.Errorf("reference %s reads gift %s, not %s", res.ReferenceID, byRef.ID, byID.ID)
	}
	fmt.Fprintf(w, "   by id and by reference: %s, %s, balance %s, fee %s (charged %s)\n", byID.Status, byID.Amount, byID.Balance, byID.Fee, byID.Charged())
	bought, err := c.GetBalance(ctx)
	if err != nil {
		return fmt.Errorf("balance: %w", err)
	}

	fmt.Fprintln(w, "6. Its events")
	events, err := c.Gifts.Events(ctx, res.GiftID)
	if err != nil {
		return fmt.Errorf("events: %w", err)
	}
	if len(events) == 0 {
		fmt.Fprintln(w, "   none yet (claims, card links, credits and redemptions are events)")
	}
	for _, e := range events {
		fmt.Fprintf(w, "   %s %s: %s\n", e.Datetime, e.Event, e.Description)
	}

	fmt.Fprintln(w, "7. Cancelling it")
	if err := c.Gifts.Cancel(ctx, res.GiftID); err != nil {
		return fmt.Errorf("cancel: %w", err)
	}
	after, err := c.GetBalance(ctx)
	if err != nil {
		return fmt.Errorf("balance: %w", err)
	}
	refund, _ := after.Sub(bought)
	fmt.Fprintf(w, "   balance %s → %s after the purchase → %s after the cancel (refund %s)\n", start, bought, after, refund)
	if srv != nil && (!refund.Equal(byID.Charged()) || !after.Equal(start)) {
		return fmt.Errorf("the cancel refunded %s; the purchase charged %s", refund, byID.Charged())
	}
	if g, err := c.Gifts.Get(ctx, res.GiftID); err != nil || !g.Status.Is(wolfe.GiftStatusCancelled) {
		return fmt.Errorf("the gift after the cancel: %s, %v", g.Status, err)
	}

	fmt.Fprintln(w, "8. Webhook configuration")
	if srv == nil {
		if err := reapply(ctx, w, c, getenv("WOLFE_WEBHOOK_URL")); err != nil {
			return err
		}
	} else {
		got, err := c.Webhooks.GetConfig(ctx)
		if err != nil {
			return fmt.Errorf("webhook config: %w", err)
		}
		fmt.Fprintf(w, "   set and read back: %s %v\n", got.CallbackURL, got.Events)
		// A purchase and a cancel: a GIFT_UPDATE and a TRANSACTION_UPDATE each.
		wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		if _, err := srv.WaitWebhooks(wctx, 4); err != nil {
			return fmt.Errorf("webhooks: %w", err)
		}
		for _, line := range hooks.lines() {
			fmt.Fprintf(w, "   received (signature verified): %s\n", line)
		}
	}
	link, err := c.Webhooks.PortalLink(ctx)
	if err != nil {
		return fmt.Errorf("portal link: %w", err)
	}
	fmt.Fprintf(w, "   portal: %s\n", link.URL)
	return nil
}

// sells reports whether a gift of amount can be bought at m.
func sells(c *wolfe.Client, m wolfe.Merchant, amount giftcard.Money) bool {
	p := c.Product(m)
	lo, err1 := amount.Cmp(p.MinValue)
	hi, err2 := amount.Cmp(p.MaxValue)
	return p.Active() && err1 == nil && err2 == nil && lo >= 0 && hi <= 0
}

// firstWord is the search for a merchant: its name's first word of at
// least 4 characters, or its whole name.
func firstWord(name string) string {
	for _, f := range strings.Fields(name) {
		if utf8.RuneCountInString(f) >= 4 {
			return f
		}
	}
	return strings.TrimSpace(name)
}

func methods(m wolfe.Merchant) string {
	var out []string
	for _, r := range m.RedemptionMethods {
		out = append(out, string(r.Method))
	}
	if len(out) == 0 {
		return "no redemption methods listed"
	}
	return strings.Join(out, ", ")
}

// reapply sets the webhook configuration of a real account: url when given,
// else the configuration read back, unchanged.
func reapply(ctx context.Context, w io.Writer, c *wolfe.Client, url string) error {
	cur, err := c.Webhooks.GetConfig(ctx)
	if err != nil {
		return fmt.Errorf("webhook config: %w", err)
	}
	next := cur
	if url != "" {
		next = wolfe.WebhookConfig{CallbackURL: url, Events: wolfe.WebhookEventNames()}
	}
	if err := c.Webhooks.SetConfig(ctx, next); err != nil {
		return fmt.Errorf("set webhook config: %w", err)
	}
	got, err := c.Webhooks.GetConfig(ctx)
	if err != nil {
		return fmt.Errorf("webhook config: %w", err)
	}
	fmt.Fprintf(w, "   set and read back: %q %v\n", got.CallbackURL, got.Events)
	return nil
}

// receiver is the local webhook endpoint of a sandbox run.
type receiver struct {
	hs  *httptest.Server
	mu  sync.Mutex
	got []string
}

// listen starts a verifying webhook handler and points the sandbox's
// configuration at it.
func listen(ctx context.Context, c *wolfe.Client, srv *wolfetest.Server) (*receiver, error) {
	r := &receiver{}
	sig := srv.SignatureConfig()
	h, err := wolfe.NewWebhookHandler(wolfe.WebhookOptions{Signature: &sig}, func(_ context.Context, ev wolfe.WebhookEvent) error {
		line := string(ev.Name) + " " + ev.ID
		switch {
		case ev.GiftUpdate != nil:
			line += fmt.Sprintf(" %s, balance %s", ev.GiftUpdate.Status, ev.GiftUpdate.Balance)
		case ev.TransactionUpdate != nil:
			line += fmt.Sprintf(" %s %s", ev.TransactionUpdate.TransactionType, ev.TransactionUpdate.Amount)
		}
		r.mu.Lock()
		r.got = append(r.got, line)
		r.mu.Unlock()
		return nil
	})
	if err != nil {
		return nil, err
	}
	r.hs = httptest.NewServer(h)
	err = c.Webhooks.SetConfig(ctx, wolfe.WebhookConfig{CallbackURL: r.hs.URL + "/wolfe",
		Events: []wolfe.WebhookEventName{wolfe.WebhookGiftUpdate, wolfe.WebhookTransactionUpdate}})
	if err != nil {
		r.hs.Close()
		return nil, fmt.Errorf("set webhook config: %w", err)
	}
	return r, nil
}

func (r *receiver) lines() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.got...)
}

func (r *receiver) close() { r.hs.Close() }
