package hubbleflow_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/examples/internal/hubbleflow"
	"github.com/giftcard-go/giftcard/hubble"
	"github.com/giftcard-go/giftcard/hubble/hubbletest"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestRunInProcessSandbox(t *testing.T) {
	var out bytes.Buffer
	start := time.Now()
	if err := hubbleflow.Run(t.Context(), &out, env(nil)); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("the sandbox flow took %s; it should finish in seconds", d)
	}
	s := out.String()
	for _, want := range []string{"in-process sandbox", "1. Logging in", "2. Browsing FOOD", `Found "Flipkart"`, "Amazon shopping",
		"4. Ordering one Flipkart voucher of 500.00 INR", "SUCCESS", "5. Ordering 10 × 500.00 INR of Amazon", "PROCESSING", "6. Wallet balance: "} {
		if !strings.Contains(s, want) {
			t.Errorf("output lacks %q:\n%s", want, s)
		}
	}
	// A FLEXIBLE brand's range prints both ends the same way.
	flex := regexp.MustCompile(`\(FLEXIBLE\): (.*) to (.*)\n`).FindAllStringSubmatch(s, -1)
	if len(flex) == 0 {
		t.Errorf("no FLEXIBLE brand browsed:\n%s", s)
	}
	money := regexp.MustCompile(`^\d+\.\d{2} INR$`)
	for _, m := range flex {
		if !money.MatchString(m[1]) || !money.MatchString(m[2]) {
			t.Errorf("range %q to %q: both ends should print as \"100.00 INR\"", m[1], m[2])
		}
	}
	if n := strings.Count(s, "\n   voucher "); n != 11 {
		t.Errorf("%d vouchers printed, want 11:\n%s", n, s)
	}
	// Card numbers are masked: the sandbox's start with 50123400.
	if strings.Contains(s, "50123400") {
		t.Fatalf("an unmasked card number was printed:\n%s", s)
	}
	t.Log("\n" + s)
}

func TestRunAgainstAConfiguredEnvironment(t *testing.T) {
	srv := hubbletest.NewServer(hubbletest.WithProcessingPolls(3))
	defer srv.Close()
	var out bytes.Buffer
	err := hubbleflow.Run(t.Context(), &out, env(map[string]string{
		"HUBBLE_BASE_URL": srv.URL, "HUBBLE_CLIENT_ID": srv.ClientID(), "HUBBLE_CLIENT_SECRET": srv.ClientSecret().Reveal(),
		"HUBBLE_WEBHOOK_SECRET": "whsec", "GIFTCARD_POLL_INTERVAL": "5ms",
	}))
	if err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if strings.Contains(out.String(), "in-process") {
		t.Fatal("used its own sandbox despite the credentials")
	}
	orders := srv.Orders()
	if len(orders) != 2 || orders[0].Status != hubble.StatusSuccess || orders[1].Status != hubble.StatusSuccess || len(orders[1].Vouchers) != 10 {
		t.Fatalf("orders in the sandbox: %v", orders)
	}
	if n := srv.CountRequests(http.MethodGet, "/v1/partners/orders/"+orders[1].ID); n != 3 {
		t.Fatalf("%d polls of the Amazon order, want 3", n)
	}
	// No ids are hard-coded: the brands were found by searching.
	var searched []string
	for _, e := range srv.Requests() {
		if e.Path == "/v1/partners/products" && strings.Contains(e.Query, "q=") {
			searched = append(searched, e.Query)
		}
	}
	if len(searched) != 2 {
		t.Fatalf("searches: %v", searched)
	}
}

func TestRunFails(t *testing.T) {
	srv := hubbletest.NewServer()
	defer srv.Close()
	base := map[string]string{"HUBBLE_BASE_URL": srv.URL, "HUBBLE_CLIENT_ID": srv.ClientID(), "HUBBLE_CLIENT_SECRET": "wrong"}
	err := hubbleflow.Run(t.Context(), &bytes.Buffer{}, env(base))
	if !errors.Is(err, giftcard.ErrUnauthorized) {
		t.Fatalf("wrong secret: %v", err)
	}
	base["HUBBLE_CLIENT_SECRET"] = srv.ClientSecret().Reveal()
	base["GIFTCARD_POLL_INTERVAL"] = "soon"
	if err := hubbleflow.Run(t.Context(), &bytes.Buffer{}, env(base)); err == nil || !strings.Contains(err.Error(), "GIFTCARD_POLL_INTERVAL") {
		t.Fatalf("bad interval: %v", err)
	}
	base["GIFTCARD_POLL_INTERVAL"] = "1ms"
	srv.UpdateBrand(hubbletest.FlipkartID, func(b *hubble.Brand) { b.Title = "Flipkart (retired)"; b.Status = hubble.BrandInactive })
	if err := hubbleflow.Run(t.Context(), &bytes.Buffer{}, env(base)); err == nil || !strings.Contains(err.Error(), `no active brand named "Flipkart"`) {
		t.Fatalf("no Flipkart: %v", err)
	}
	srv.UpdateBrand(hubbletest.FlipkartID, func(b *hubble.Brand) { b.Title = "Flipkart"; b.Status = hubble.BrandActive })
	srv.SetBalance(giftcard.MustParseMoney("600", "INR").Amount)
	err = hubbleflow.Run(t.Context(), &bytes.Buffer{}, env(base))
	if !errors.Is(err, giftcard.ErrInsufficientFunds) {
		t.Fatalf("short wallet: %v", err)
	}
}

// Half the credentials is an error naming the missing one, never a silent
// fall-back to the sandbox.
func TestPartialCredentialsAreAnError(t *testing.T) {
	for set, missing := range map[string]string{"HUBBLE_CLIENT_ID": "HUBBLE_CLIENT_SECRET", "HUBBLE_CLIENT_SECRET": "HUBBLE_CLIENT_ID"} {
		var out bytes.Buffer
		err := hubbleflow.Run(context.Background(), &out, func(k string) string {
			if k == set {
				return "x"
			}
			return ""
		})
		if err == nil || !strings.Contains(err.Error(), missing) || strings.Contains(out.String(), "sandbox") {
			t.Errorf("only %s set: %v\n%s", set, err, out.String())
		}
	}
}
