package wolfeflow_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/giftcard-go/giftcard/examples/internal/wolfeflow"
	"github.com/giftcard-go/giftcard/wolfe"
	"github.com/giftcard-go/giftcard/wolfe/wolfetest"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestRunOnBuiltInSandbox(t *testing.T) {
	var out bytes.Buffer
	if err := wolfeflow.Run(context.Background(), &out, env(nil)); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	for _, want := range []string{"in-process wolfetest sandbox", "10000.00 USD", "302 merchants in 4 pages", "picked",
		"locations in all", "Buying a 25.00 USD gift", "by id and by reference: new, 25.00 USD", "none yet",
		"(refund 26.25 USD)", "received (signature verified): GIFT_UPDATE", "TRANSACTION_UPDATE", "portal: https://"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

// TestRunTwiceAgainstConfiguredServer uses the environment variables, as
// against a real account, twice on one server.
func TestRunTwiceAgainstConfiguredServer(t *testing.T) {
	srv := wolfetest.NewServer(wolfetest.WithTenant("tenant-9"))
	defer srv.Close()
	vars := map[string]string{"WOLFE_BASE_URL": srv.URL, "WOLFE_PARTNER_KEY": wolfetest.PartnerKey,
		"WOLFE_COMPANY_ID": wolfetest.CompanyID, "WOLFE_TENANT_ID": "tenant-9", "WOLFE_TEST_EMAIL": "qa@example.com"}
	before, gifts := srv.Balance(), srv.GiftCount()
	for run := range 2 {
		var out bytes.Buffer
		if err := wolfeflow.Run(context.Background(), &out, env(vars)); err != nil {
			t.Fatalf("run %d: %v\n%s", run, err, out.String())
		}
		if strings.Contains(out.String(), "sandbox") || !strings.Contains(out.String(), "for qa@example.com") {
			t.Errorf("run %d output:\n%s", run, out.String())
		}
	}
	if srv.GiftCount() != gifts+2 || !srv.Balance().Equal(before) {
		t.Errorf("%d gifts (want %d), balance %s (want %s back)", srv.GiftCount(), gifts+2, srv.Balance(), before)
	}
	// Without WOLFE_WEBHOOK_URL the account's configuration is left as it
	// was; with it, it is set.
	c, err := srv.NewClient()
	if err != nil {
		t.Fatal(err)
	}
	if cfg, err := c.Webhooks.GetConfig(context.Background()); err != nil || cfg.CallbackURL != "" {
		t.Errorf("configuration changed: %+v %v", cfg, err)
	}
	vars["WOLFE_WEBHOOK_URL"] = "https://partner.example.com/wolfe"
	var out bytes.Buffer
	if err := wolfeflow.Run(context.Background(), &out, env(vars)); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if cfg, err := c.Webhooks.GetConfig(context.Background()); err != nil || cfg.CallbackURL != vars["WOLFE_WEBHOOK_URL"] || len(cfg.Events) != len(wolfe.WebhookEventNames()) {
		t.Errorf("configuration: %+v %v", cfg, err)
	}
}

func TestRunRefusesAPartialEnvironment(t *testing.T) {
	err := wolfeflow.Run(context.Background(), &bytes.Buffer{}, env(map[string]string{"WOLFE_PARTNER_KEY": "k"}))
	if err == nil || !strings.Contains(err.Error(), "WOLFE_BASE_URL") || !strings.Contains(err.Error(), "WOLFE_COMPANY_ID") {
		t.Errorf("got %v", err)
	}
}
