package main

import (
	"bytes"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/hubble"
	"github.com/giftcard-go/giftcard/hubble/hubbletest"
	"github.com/giftcard-go/giftcard/loyalty/loyaltytest"
	"github.com/giftcard-go/giftcard/orbt/orbttest"
	"github.com/giftcard-go/giftcard/wolfe/wolfetest"
)

// TestMain runs main itself when asked to, so that a test can check the
// exit status of the command.
func TestMain(m *testing.M) {
	if os.Getenv("QUICKSTART_RUN_MAIN") == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// The quickstart must run with no variables at all: every provider on its
// in-process sandbox.
func TestQuickstartRunsOnSandboxes(t *testing.T) {
	var out bytes.Buffer
	if err := run(t.Context(), &out, env(nil)); err != nil {
		t.Fatalf("quickstart failed: %v\n%s", err, out.String())
	}
	s := out.String()
	for _, want := range []string{
		"Hubble:  http://127.0.0.1:", "(in-process sandbox: no credentials set)",
		"== Hubble", "catalog: Amazon shopping", "for 5000.00 INR: PROCESSING", "would answer 202 now", "wallet balance: 995000.00 INR",
		"is SUCCESS with 10 vouchers",
		"== ORBT", "holding 10.00 USD", "wallet 101: STANDARD 10.00 USD, ENABLED", "now holds 15.00 USD",
		"== Wolfe", "funding balance: 10000.00 USD", "merchant: Amazon.com", "charged 26.25 USD", ": cancelled; funding balance 10000.00 USD",
		"== Loyalty", "card ****8515 holds 100.00 USD, 500 Points", "topped up 20.00 USD", "paid 10.50 USD", "voided payment",
		"card ****8515 now holds 120.00 USD, 500 Points",
		"== One client over Hubble and Wolfe", "product hubble:" + hubbletest.AmazonID, "product wolfe:" + wolfetest.AmazonID,
		"at hubble (reference ", "SUCCESS, 500.00 INR", "balance at hubble: 994500.00 INR", "balance at wolfe: 10000.00 USD",
		"All done.",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("output lacks %q:\n%s", want, s)
		}
	}
	// Card numbers print masked: Hubble's sandbox cards start with 50123400.
	for _, secret := range []string{loyaltytest.CardActive, "50123400"} {
		if strings.Contains(s, secret) {
			t.Errorf("output holds %q unmasked:\n%s", secret, s)
		}
	}
	t.Log("\n" + s)
}

// sandboxEnv starts every provider's sandbox and returns the variables
// that point the quickstart at them, as at real accounts.
func sandboxEnv(t *testing.T) (map[string]string, *hubbletest.Server, *orbttest.Server, *wolfetest.Server, *loyaltytest.Server) {
	t.Helper()
	hub, orb, wlf, loy := hubbletest.NewServer(), orbttest.NewServer(), wolfetest.NewServer(), loyaltytest.NewServer()
	t.Cleanup(hub.Close)
	t.Cleanup(orb.Close)
	t.Cleanup(wlf.Close)
	t.Cleanup(loy.Close)
	return map[string]string{
		"HUBBLE_BASE_URL": hub.URL, "HUBBLE_CLIENT_ID": hub.ClientID(), "HUBBLE_CLIENT_SECRET": hub.ClientSecret().Reveal(),
		"GIFTCARD_POLL_INTERVAL": "5ms",
		"ORBT_BASE_URL":          orb.URL, "ORBT_API_KEY": orb.APIKey(), "ORBT_CLIENT_ID": orb.ClientID(), "ORBT_HMAC_SECRET": orb.HMACSecret(),
		"WOLFE_BASE_URL": wlf.URL, "WOLFE_PARTNER_KEY": wolfetest.PartnerKey, "WOLFE_COMPANY_ID": wolfetest.CompanyID,
		"LOYALTY_BASE_URL": loy.URL, "LOYALTY_CLIENT_ID": loyaltytest.DefaultClientID,
		"LOYALTY_CLIENT_SECRET": loyaltytest.DefaultClientSecret, "LOYALTY_JWT_TOKEN": loyaltytest.DefaultJWTToken,
	}, hub, orb, wlf, loy
}

// With every provider's variables set, the quickstart uses them, and runs
// twice in a row against the same servers (new references, emails and
// order numbers every time), each run moving money by the same amounts.
func TestQuickstartRunsTwiceAgainstConfiguredServers(t *testing.T) {
	vars, hub, orb, wlf, loy := sandboxEnv(t)
	hubStart, wolfeStart, wolfeGifts := hub.Balance(), wlf.Balance(), wlf.GiftCount()
	for i := 1; i <= 2; i++ {
		var out bytes.Buffer
		if err := run(t.Context(), &out, env(vars)); err != nil {
			t.Fatalf("run %d: %v\n%s", i, err, out.String())
		}
		if strings.Contains(out.String(), "in-process sandbox") {
			t.Fatalf("run %d used its own sandbox despite the variables:\n%s", i, out.String())
		}
	}

	// Hubble: per run, one 10 × 500 order polled through PROCESSING and one
	// routed 500 order, each under its own reference.
	orders := hub.Orders()
	if len(orders) != 4 {
		t.Fatalf("%d Hubble orders, want 4: %v", len(orders), orders)
	}
	refs := map[string]bool{}
	for _, o := range orders {
		if o.Status != hubble.StatusSuccess || hub.OrdersWithReference(o.ReferenceID) != 1 {
			t.Errorf("order %s (%s): %d orders under its reference", o.ID, o.Status, hub.OrdersWithReference(o.ReferenceID))
		}
		refs[o.ReferenceID] = true
	}
	if len(refs) != 4 {
		t.Errorf("references reused across orders: %v", refs)
	}
	if want := hubStart.Sub(decimal.NewFromInt(2 * (5000 + 500))); !hub.Balance().Equal(want) {
		t.Errorf("Hubble wallet %s, want %s", hub.Balance(), want)
	}
	if n := hub.CountRequests(http.MethodPost, "/v1/partners/orders"); n != 4 {
		t.Errorf("%d order POSTs, want 4", n)
	}

	// ORBT: a new consumer and one credit per run.
	if orb.CustomerCount() != 2 || orb.TransactionCount() != 2 {
		t.Errorf("ORBT: %d customers, %d transactions; want 2 and 2", orb.CustomerCount(), orb.TransactionCount())
	}

	// Wolfe: a gift bought and cancelled per run; the balance is back.
	if n := wlf.GiftCount() - wolfeGifts; n != 2 || wlf.Debits() != 2 || !wlf.Balance().Equal(wolfeStart) {
		t.Errorf("Wolfe: %d gifts bought, %d debits, balance %s; want 2, 2 and %s", n, wlf.Debits(), wlf.Balance(), wolfeStart)
	}

	// Loyalty: a top-up, a payment and its void per run on the docs' card.
	if n := len(loy.Transactions()); n != 6 {
		t.Errorf("%d loyalty transactions, want 6", n)
	}
	card, _ := loy.Card(loyaltytest.CardActive)
	if want := decimal.RequireFromString("140.00"); !card.Balance.Equal(want) {
		t.Errorf("the docs' card holds %s, want %s (100.00 and two top-ups of 20.00)", card.Balance, want)
	}
}

// Some of a provider's variables set and others not is an error naming the
// missing ones, for every provider at once, before anything is spent.
func TestQuickstartRefusesAPartialEnvironment(t *testing.T) {
	vars, hub, _, _, _ := sandboxEnv(t)
	delete(vars, "ORBT_HMAC_SECRET")
	delete(vars, "ORBT_CLIENT_ID")
	delete(vars, "WOLFE_COMPANY_ID")
	delete(vars, "LOYALTY_CLIENT_SECRET")
	var out bytes.Buffer
	err := run(t.Context(), &out, env(vars))
	if err == nil {
		t.Fatalf("no error:\n%s", out.String())
	}
	for _, want := range []string{"ORBT_CLIENT_ID, ORBT_HMAC_SECRET not", "WOLFE_COMPANY_ID", "LOYALTY_CLIENT_SECRET"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %v", want, err)
		}
	}
	if n := hub.CountRequests("", ""); n != 0 {
		t.Errorf("%d requests to Hubble before the error", n)
	}

	only := map[string]string{"HUBBLE_CLIENT_ID": "id"}
	if err := run(t.Context(), &out, env(only)); err == nil || !strings.Contains(err.Error(), "HUBBLE_CLIENT_SECRET") {
		t.Errorf("HUBBLE_CLIENT_ID alone: %v", err)
	}
	only = map[string]string{"HUBBLE_BASE_URL": hub.URL}
	if err := run(t.Context(), &out, env(only)); err == nil || !strings.Contains(err.Error(), "HUBBLE_CLIENT_ID, HUBBLE_CLIENT_SECRET") {
		t.Errorf("HUBBLE_BASE_URL alone: %v", err)
	}
}

// A failing step is returned, with its kind.
func TestQuickstartFails(t *testing.T) {
	vars, hub, _, _, _ := sandboxEnv(t)
	hub.SetBalance(decimal.NewFromInt(1000))
	var out bytes.Buffer
	if err := run(t.Context(), &out, env(vars)); !errors.Is(err, giftcard.ErrInsufficientFunds) || !strings.HasPrefix(err.Error(), "Hubble: ") {
		t.Errorf("a Hubble wallet short of funds: %v", err)
	}

	vars, _, _, _, _ = sandboxEnv(t)
	vars["LOYALTY_CLIENT_SECRET"] = "wrong"
	if err := run(t.Context(), &out, env(vars)); !errors.Is(err, giftcard.ErrUnauthorized) || !strings.HasPrefix(err.Error(), "Loyalty: ") {
		t.Errorf("a wrong loyalty secret: %v", err)
	}
}

// The command exits with status 1 and says why on any failure.
func TestQuickstartExitStatus(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = []string{"QUICKSTART_RUN_MAIN=1", "WOLFE_PARTNER_KEY=k"}
	for _, kv := range os.Environ() { // the provider variables of whoever runs the test are left out
		if !strings.HasPrefix(kv, "HUBBLE_") && !strings.HasPrefix(kv, "ORBT_") && !strings.HasPrefix(kv, "WOLFE_") &&
			!strings.HasPrefix(kv, "LOYALTY_") && !strings.HasPrefix(kv, "GIFTCARD_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("exit: %v, want status 1", err)
	}
	if !strings.HasPrefix(stderr.String(), "quickstart: ") || !strings.Contains(stderr.String(), "WOLFE_COMPANY_ID") {
		t.Errorf("stderr: %q", stderr.String())
	}
}
