package orbt_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/giftcardtest"
	"github.com/giftcard-go/giftcard/internal/kittest"
	"github.com/giftcard-go/giftcard/orbt"
	"github.com/giftcard-go/giftcard/orbt/orbttest"
)

// TestSecretsNeverLogged drives every path that logs or fails (success,
// retry, 403, lost answer and reconciliation) with a Debug logger, then
// looks for the HMAC secret, the API key and every signature sent in the
// log, the errors and the printed config.
func TestSecretsNeverLogged(t *testing.T) {
	const secret, apiKey = "hmac-secret-5f2a9c7e11d04b", "api-key-0a9b8c7d6e5f4a3b"
	clk := giftcardtest.NewClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	srv := orbttest.NewServer(orbttest.WithClock(clk), orbttest.WithCredentials(apiKey, "client-1", secret))
	defer srv.Close()
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	cfg := srv.Config()
	c, err := orbt.New(cfg, giftcard.WithClock(clk), giftcard.WithLogger(logger))
	if err != nil {
		t.Fatal(err)
	}
	var errs []error
	keep := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	cust, err := c.CreateCustomer(ctx, orbt.CreateCustomerRequest{FullName: "S", Email: "s@example.com", Currency: "USD", InitialFunds: dec("3")})
	if err != nil {
		t.Fatal(err)
	}
	js := http.Header{"Content-Type": {"application/json"}}
	srv.InjectFault(orbttest.Fault{Method: "GET", Status: 503, Header: js, Body: `{"Message":"busy"}`})
	if _, err = c.ListCustomers(ctx, orbt.ListOptions{}); err != nil { // retried, then fine
		t.Fatal(err)
	}
	srv.InjectFault(orbttest.Fault{Method: "GET", Status: 403, Header: js, Body: `{"Message":"` + orbttest.ForbiddenMessage + `"}`})
	_, err = c.ListWallets(ctx, cust.ID, orbt.ListOptions{})
	keep(err)
	srv.InjectFault(orbttest.Fault{Method: "POST", Path: "/api/partner/v1/customer", DropAfterCommit: true})
	_, err = c.CreateCustomer(ctx, orbt.CreateCustomerRequest{FullName: "T", Email: "t@example.com", Currency: "USD", InitialFunds: dec("3")})
	keep(err)
	srv.InjectFault(orbttest.Fault{Method: "POST", Path: "/api/partner/v1/customer", DropAfterCommit: true})
	srv.InjectFault(orbttest.Fault{Method: "GET", Status: 403, Times: -1, Header: js, Body: `{"Message":"` + orbttest.ForbiddenMessage + `"}`})
	_, err = c.CreateCustomer(ctx, orbt.CreateCustomerRequest{FullName: "U", Email: "u@example.com", Currency: "USD", InitialFunds: dec("3")})
	keep(err)
	srv.ClearFaults()
	_, err = c.CreateWalletTransaction(ctx, cust.WalletID, orbt.WalletTransactionRequest{Amount: dec("1000000000"), Type: orbt.Credit})
	keep(err)
	bad, _ := orbt.New(orbt.Config{APIKey: apiKey, ClientID: "client-1", HMACSecret: "wrong-" + secret, BaseURL: srv.URL}, giftcard.WithClock(clk), giftcard.WithLogger(logger))
	_, err = bad.ListCustomers(ctx, orbt.ListOptions{})
	keep(err)
	// Five: the lost create answer is an error too since issue 8, item 3
	// (the wallet found by email is not proof this call created it).
	if len(errs) != 5 {
		t.Fatalf("expected 5 failures, got %d: %v", len(errs), errs)
	}

	out := buf.String()
	for _, want := range []string{"giftcard: http attempt", "giftcard: retrying", "reconciling by email"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q: the paths under test did not run", want)
		}
	}
	var texts []string
	texts = append(texts, out, fmt.Sprintf("%v %+v %#v", cfg, cfg, cfg), fmt.Sprintf("%v %+v", c, c))
	for _, e := range errs {
		texts = append(texts, e.Error(), fmt.Sprintf("%+v %#v", e, e))
	}
	forbidden := []string{secret, apiKey, "wrong-" + secret}
	for _, e := range srv.Requests() {
		if s := e.Header.Get("X-Signature"); s != "" {
			forbidden = append(forbidden, s)
		}
	}
	for _, txt := range texts {
		for _, f := range forbidden {
			if strings.Contains(txt, f) {
				t.Errorf("found %q in %.200s", f, txt)
			}
		}
	}
	// Every error, the client and the config under every fmt verb and
	// slog handler.
	for _, v := range append([]any{cfg, c}, func() (vs []any) {
		for _, e := range errs {
			vs = append(vs, e)
		}
		return vs
	}()...) {
		kittest.AssertRedacted(t, v, forbidden...)
	}
}

// TestConfigMasked: the Config holds the API key and the HMAC secret; every
// way of printing or logging it masks them (slog's JSON handler would
// otherwise marshal the struct, and a Secret's JSON is its real value).
func TestConfigMasked(t *testing.T) {
	const secret, apiKey = "hmac-secret-5f2a9c7e11d04b", "api-key-0a9b8c7d6e5f4a3b"
	cfg := orbt.Config{APIKey: apiKey, ClientID: "client-1", HMACSecret: secret, Environment: orbt.UAT, Signing: orbt.SignBodyHash}
	var buf bytes.Buffer
	for _, h := range []slog.Handler{slog.NewJSONHandler(&buf, nil), slog.NewTextHandler(&buf, nil)} {
		slog.New(h).Info("configured", "orbt", cfg, "orbt_ptr", &cfg, slog.Any("any", cfg))
	}
	out := buf.String()
	for _, s := range []string{fmt.Sprint(cfg), fmt.Sprintf("%+v", cfg), fmt.Sprintf("%#v", cfg), fmt.Sprintf("%v", &cfg)} {
		out += "\n" + s
	}
	// Not even the tail of a credential is shown.
	for _, f := range []string{secret, apiKey, secret[len(secret)-4:], apiKey[len(apiKey)-4:]} {
		if strings.Contains(out, f) {
			t.Errorf("config output leaks %q:\n%s", f, out)
		}
	}
	// What is not secret is still there, so the check above can fail.
	for _, want := range []string{"client-1", string(orbt.UAT), "body-hash", "****"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("slog output lacks %q:\n%s", want, buf.String())
		}
	}
}

// TestPackageRedacted runs the kit's redaction assertion (every fmt verb,
// slog's text and JSON handlers) over every exported type of the package
// that can hold a secret; a new exported type fails until it has a case.
func TestPackageRedacted(t *testing.T) {
	const secret, apiKey = "hmac-secret-5f2a9c7e11d04b", "api-key-0a9b8c7d6e5f4a3b"
	cfg := orbt.Config{APIKey: apiKey, ClientID: "client-1", HMACSecret: secret, Environment: orbt.UAT}
	c, err := orbt.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	none := kittest.RedactionCase{NoSecret: "holds no credential: ids, amounts, names and emails only"}
	kittest.AssertPackageRedacted(t, ".", map[string]kittest.RedactionCase{
		"Config":                   {Value: cfg, Secrets: []string{secret, apiKey}},
		"Client":                   {Value: c, Secrets: []string{secret, apiKey}},
		"Environment":              {NoSecret: "a base URL"},
		"SigningScheme":            {NoSecret: "an enum"},
		"ListOptions":              {NoSecret: "a page number and size"},
		"Page":                     {NoSecret: "a page of Customer summaries or Wallets, which hold none"},
		"CreateCustomerRequest":    none,
		"Customer":                 none,
		"CustomerSummary":          none,
		"WalletType":               {NoSecret: "an enum"},
		"WalletStatus":             {NoSecret: "an enum"},
		"Wallet":                   none,
		"TransactionType":          {NoSecret: "an enum"},
		"WalletTransactionRequest": none,
		"WalletTransaction":        none,
	})
}
