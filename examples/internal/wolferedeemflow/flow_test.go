package wolferedeemflow_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/examples/internal/wolferedeemflow"
	"github.com/giftcard-go/giftcard/giftcardtest"
	"github.com/giftcard-go/giftcard/wolfe/wolfetest"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestRunOnBuiltInSandbox(t *testing.T) {
	var out bytes.Buffer
	if err := wolferedeemflow.Run(context.Background(), &out, env(nil)); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	for _, want := range []string{"in-process wolfetest sandbox", "Buying a 40.00 USD gift at Amazon.com",
		"expires at 20", "10.00 USD credited back", "5.00 USD credited", "new gift", "of 24.00 USD; fee 1.00 USD from the gift",
		"eGift of 23.28 USD (fee 0.72 USD)", "code ****", "transfer", "of 18.50 USD; fee 1.50 USD", "read back: processed",
		"(missing credit: true)", "by id and by reference: CREDITED, 5.00 USD credited", "63.00 USD spent on the two purchases"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

// TestRunTwiceOnOneSandbox runs the whole flow twice against one sandbox
// (on a fake clock): each run buys, swaps and redeems its own gifts.
func TestRunTwiceOnOneSandbox(t *testing.T) {
	srv := wolfetest.NewServer(wolfetest.WithMerchants(20), wolfetest.WithClock(giftcardtest.NewClock(t0())))
	defer srv.Close()
	before, gifts, counts := srv.Balance(), srv.GiftCount(), srv.Count()
	for run := range 2 {
		var out bytes.Buffer
		if err := wolferedeemflow.RunOn(context.Background(), &out, srv); err != nil {
			t.Fatalf("run %d: %v\n%s", run, err, out.String())
		}
		// The session expires 15 minutes after creation, on the sandbox's
		// clock.
		if !strings.Contains(out.String(), "expires at 2026-03-02 10:15:00 UTC") {
			t.Errorf("run %d output:\n%s", run, out.String())
		}
	}
	after := srv.Count()
	// Per run: two purchases and the swap's new gift; one eGift, one Zelle
	// transfer, one missing credit, two credits; fees for the swap, the
	// eGift and the transfer.
	if srv.GiftCount() != gifts+6 || after.EGifts != counts.EGifts+2 || after.ZelleTransactions != counts.ZelleTransactions+2 ||
		after.MissingCredits != counts.MissingCredits+2 || after.Credits != counts.Credits+4 || len(srv.Fees()) != 6 {
		t.Errorf("gifts %d→%d, counts %+v → %+v, fees %+v", gifts, srv.GiftCount(), counts, after, srv.Fees())
	}
	spent, _ := before.Sub(srv.Balance())
	if !spent.Equal(usd("126.00")) {
		t.Errorf("the funding account paid %s, want 2 × 63.00", spent)
	}
}

// TestRunTwiceAgainstConfiguredServer uses the environment variables, as
// against a real account, twice on one server: no card simulation, so no
// missing credit without WOLFE_CARD_ID.
func TestRunTwiceAgainstConfiguredServer(t *testing.T) {
	srv := wolfetest.NewServer(wolfetest.WithTenant("tenant-9"), wolfetest.WithMerchants(20))
	defer srv.Close()
	vars := map[string]string{"WOLFE_BASE_URL": srv.URL, "WOLFE_PARTNER_KEY": wolfetest.PartnerKey,
		"WOLFE_COMPANY_ID": wolfetest.CompanyID, "WOLFE_TENANT_ID": "tenant-9"}
	for run := range 2 {
		var out bytes.Buffer
		if err := wolferedeemflow.Run(context.Background(), &out, env(vars)); err != nil {
			t.Fatalf("run %d: %v\n%s", run, err, out.String())
		}
		if strings.Contains(out.String(), "sandbox") || !strings.Contains(out.String(), "no WOLFE_CARD_ID") ||
			!strings.Contains(out.String(), "of 39.00 USD; fee 1.00 USD") {
			t.Errorf("run %d output:\n%s", run, out.String())
		}
	}
	if srv.Count().MissingCredits != 1 { // the documentation's only
		t.Errorf("%d missing credits", srv.Count().MissingCredits)
	}
}

func TestRunRefusesAPartialEnvironment(t *testing.T) {
	err := wolferedeemflow.Run(context.Background(), &bytes.Buffer{}, env(map[string]string{"WOLFE_BASE_URL": "http://127.0.0.1:1"}))
	if err == nil || !strings.Contains(err.Error(), "WOLFE_PARTNER_KEY") || !strings.Contains(err.Error(), "WOLFE_COMPANY_ID") {
		t.Errorf("got %v", err)
	}
}

// TestRunFailsLoudly: a recipient without a Zelle account fails the run.
func TestRunFailsLoudly(t *testing.T) {
	srv := wolfetest.NewServer(wolfetest.WithMerchants(5))
	defer srv.Close()
	vars := map[string]string{"WOLFE_BASE_URL": srv.URL, "WOLFE_PARTNER_KEY": wolfetest.PartnerKey,
		"WOLFE_COMPANY_ID": wolfetest.CompanyID, "WOLFE_RECIPIENT_ID": "nobody"}
	err := wolferedeemflow.Run(context.Background(), &bytes.Buffer{}, env(vars))
	if err == nil || !strings.Contains(err.Error(), "no Zelle account") {
		t.Errorf("got %v", err)
	}
}

func t0() time.Time { return time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC) }

func usd(v string) giftcard.Money { return giftcard.MustParseMoney(v, "USD") }
