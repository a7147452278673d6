package orbtflow_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/giftcard-go/giftcard/examples/internal/orbtflow"
	"github.com/giftcard-go/giftcard/orbt"
	"github.com/giftcard-go/giftcard/orbt/orbttest"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestRunOnBuiltInSandbox(t *testing.T) {
	var out bytes.Buffer
	if err := orbtflow.Run(context.Background(), &out, env(nil)); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	for _, want := range []string{"in-process orbttest sandbox", "credentials accepted", "created customer 101", "customers page 0: 1 customers", "is in the list",
		"wallet 101: STANDARD 10.00 USD, ENABLED", "credited 5.00", "now holds 15.00 USD"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

// TestRunAgainstConfiguredServer uses the environment variables, as against
// a real account: a server that only accepts the raw-body scheme, already
// holding customers over several pages, run twice.
func TestRunAgainstConfiguredServer(t *testing.T) {
	srv := orbttest.NewServer(orbttest.WithSigning(orbt.SignRawBody), orbttest.WithPartnerBalance("USD", decimal.NewFromInt(1000)))
	defer srv.Close()
	vars := map[string]string{
		"ORBT_BASE_URL": srv.URL, "ORBT_API_KEY": srv.APIKey(), "ORBT_CLIENT_ID": srv.ClientID(),
		"ORBT_HMAC_SECRET": srv.HMACSecret(), "ORBT_SIGNING": "body",
	}
	cfg := srv.Config()
	cfg.Signing = orbt.SignRawBody
	c, _ := orbt.New(cfg)
	for i := range 45 {
		if _, err := c.CreateCustomer(context.Background(), orbt.CreateCustomerRequest{FullName: "Existing", Email: fmt.Sprintf("e%d@example.com", i), Currency: "EUR"}); err != nil {
			t.Fatal(err)
		}
	}
	for run := range 2 {
		var out bytes.Buffer
		if err := orbtflow.Run(context.Background(), &out, env(vars)); err != nil {
			t.Fatalf("run %d: %v\n%s", run, err, out.String())
		}
		if strings.Contains(out.String(), "sandbox") || !strings.Contains(out.String(), "signing body\n") || !strings.Contains(out.String(), "customers page 2:") {
			t.Errorf("run %d output:\n%s", run, out.String())
		}
	}
	if srv.CustomerCount() != 47 || srv.TransactionCount() != 2 || !srv.PartnerBalance("USD").Equal(decimal.NewFromInt(1000-2*15)) {
		t.Errorf("%d customers, %d transactions, partner %s", srv.CustomerCount(), srv.TransactionCount(), srv.PartnerBalance("USD"))
	}
}

func TestRunFailures(t *testing.T) {
	srv := orbttest.NewServer(orbttest.WithPartnerBalance("USD", decimal.NewFromInt(12)))
	defer srv.Close()
	base := map[string]string{"ORBT_BASE_URL": srv.URL, "ORBT_API_KEY": srv.APIKey(), "ORBT_CLIENT_ID": srv.ClientID(), "ORBT_HMAC_SECRET": srv.HMACSecret()}
	for name, tc := range map[string]struct {
		mutate func(map[string]string)
		want   string
	}{
		"partial credentials": {func(m map[string]string) { delete(m, "ORBT_HMAC_SECRET") }, "missing: ORBT_HMAC_SECRET"},
		"bad signing":         {func(m map[string]string) { m["ORBT_SIGNING"] = "md5" }, "ORBT_SIGNING"},
		"wrong secret":        {func(m map[string]string) { m["ORBT_HMAC_SECRET"] = "nope" }, "credentials: orbt Ping: unauthorized"},
		// 12 USD covers the 10.00 initial funds but not the 5.00 credit.
		"credit refused": {func(map[string]string) {}, "insufficient funds"},
	} {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		tc.mutate(m)
		var out bytes.Buffer
		err := orbtflow.Run(context.Background(), &out, env(m))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", name, err, tc.want)
		}
	}
}
