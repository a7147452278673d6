package wolfe_test

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/kittest"
	"github.com/giftcard-go/giftcard/wolfe"
	"github.com/giftcard-go/giftcard/wolfe/wolfetest"
)

func TestNewRefusesBadConfig(t *testing.T) {
	good := wolfe.Config{PartnerKey: "key-1234", CompanyID: wolfetest.CompanyID, BaseURL: "https://wolfe.example"}
	for _, tc := range []struct {
		field  string
		change func(*wolfe.Config)
	}{
		{"PartnerKey", func(c *wolfe.Config) { c.PartnerKey = "" }},
		{"PartnerKey", func(c *wolfe.Config) { c.PartnerKey = "key\r\nX-Evil: 1" }},
		{"CompanyID", func(c *wolfe.Config) { c.CompanyID = "" }},
		{"CompanyID", func(c *wolfe.Config) { c.CompanyID = "company_id" }},
		{"CompanyID", func(c *wolfe.Config) { c.CompanyID = "1sa42e3b-4s36-6440-b0ba-0050asd2143b" }},
		{"TenantID", func(c *wolfe.Config) { c.TenantID = "t\n1" }},
		{"BaseURL", func(c *wolfe.Config) { c.BaseURL = "" }},
		{"BaseURL", func(c *wolfe.Config) { c.BaseURL = "ftp://wolfe.example" }},
	} {
		cfg := good
		tc.change(&cfg)
		_, err := wolfe.New(cfg)
		var ve *giftcard.ValidationError
		if !errors.As(err, &ve) || ve.Field != tc.field || ve.Provider != "wolfe" {
			t.Errorf("%s: got %v, want a ValidationError for %s", tc.field, err, tc.field)
		}
	}
	if _, err := wolfe.New(good); err != nil {
		t.Fatal(err)
	}
	// giftcard.WithBaseURL overrides Config.BaseURL.
	c, err := wolfe.New(wolfe.Config{PartnerKey: "key-1234", CompanyID: wolfetest.CompanyID}, giftcard.WithBaseURL("https://other.example"))
	if err != nil || c.BaseURL() != "https://other.example" {
		t.Fatalf("%v %v", c, err)
	}
}

func TestConfigFromEnv(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	if _, err := wolfe.ConfigFromLookup(env(nil)); !errors.Is(err, wolfe.ErrNoEnvironment) {
		t.Errorf("nothing set: %v", err)
	}
	cfg, err := wolfe.ConfigFromLookup(env(map[string]string{
		"WOLFE_BASE_URL": "https://wolfe.example", "WOLFE_PARTNER_KEY": " key-1234 ", "WOLFE_COMPANY_ID": wolfetest.CompanyID,
		"WOLFE_TENANT_ID": "tenant-7",
	}))
	if err != nil || cfg.PartnerKey.Reveal() != "key-1234" || cfg.TenantID != "tenant-7" || cfg.BaseURL != "https://wolfe.example" {
		t.Errorf("all set: %+v %v", cfg, err)
	}
	_, err = wolfe.ConfigFromLookup(env(map[string]string{"WOLFE_PARTNER_KEY": "key-1234"}))
	var ve *giftcard.ValidationError
	if !errors.As(err, &ve) || ve.Field != "WOLFE_BASE_URL, WOLFE_COMPANY_ID" {
		t.Errorf("some set: %v", err)
	}
	_, err = wolfe.ConfigFromLookup(env(map[string]string{"WOLFE_TENANT_ID": "tenant-7"}))
	if !errors.As(err, &ve) || ve.Field != "WOLFE_BASE_URL, WOLFE_PARTNER_KEY, WOLFE_COMPANY_ID" {
		t.Errorf("only the tenant: %v", err)
	}
	t.Setenv("WOLFE_BASE_URL", "")
	t.Setenv("WOLFE_PARTNER_KEY", "")
	t.Setenv("WOLFE_COMPANY_ID", "")
	t.Setenv("WOLFE_TENANT_ID", "")
	if _, err := wolfe.ConfigFromEnv(); !errors.Is(err, wolfe.ErrNoEnvironment) {
		t.Errorf("ConfigFromEnv with nothing set: %v", err)
	}
}

func TestHeadersOnEveryRequest(t *testing.T) {
	srv := newSandbox(t, wolfetest.WithTenant("tenant-7"))
	cfg := srv.Config()
	c, err := wolfe.New(cfg, giftcard.WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	if _, err := c.Funding.Balance(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Gifts.Purchase(ctx, purchase25()); err != nil {
		t.Fatal(err)
	}
	reqs := srv.Requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests", len(reqs))
	}
	for _, r := range reqs {
		if r.Header.Get("partner-key") != wolfetest.PartnerKey || r.Header.Get("tenant-id") != "tenant-7" {
			t.Errorf("%s %s: partner-key %q tenant-id %q", r.Method, r.Path, r.Header.Get("partner-key"), r.Header.Get("tenant-id"))
		}
		if !strings.HasPrefix(r.Path, "/partner/"+wolfetest.CompanyID+"/") {
			t.Errorf("path %s does not carry the company id", r.Path)
		}
	}
	// Without the tenant, the sandbox configured with one refuses: 403 is
	// ErrUnauthorized.
	cfg.TenantID = ""
	c2, err := wolfe.New(cfg, giftcard.WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c2.Funding.Balance(ctx); !errors.Is(err, giftcard.ErrUnauthorized) {
		t.Errorf("no tenant: %v", err)
	}
}

func TestWrongCredentials(t *testing.T) {
	srv := newSandbox(t)
	ctx := t.Context()
	cfg := srv.Config()
	cfg.PartnerKey = "wrong-key-0000"
	c, err := wolfe.New(cfg, giftcard.WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Funding.Balance(ctx)
	ge := asError(t, err)
	if !errors.Is(err, giftcard.ErrUnauthorized) || ge.StatusCode != 401 || ge.Code != wolfe.CodeUnauthorized {
		t.Errorf("wrong key: %v", err)
	}
	cfg = srv.Config()
	cfg.CompanyID = "11111111-2222-4333-8444-555555555555"
	c, _ = wolfe.New(cfg, giftcard.WithHTTPClient(srv.Client()))
	if _, err := c.Merchants.List(ctx, wolfe.MerchantQuery{}); !errors.Is(err, giftcard.ErrUnauthorized) || asError(t, err).StatusCode != 403 {
		t.Errorf("another company: %v", err)
	}
}

func TestNothingSecretIsPrinted(t *testing.T) {
	const key = "very-secret-partner-key"
	cfg := wolfe.Config{PartnerKey: key, CompanyID: wolfetest.CompanyID, TenantID: "tenant-7", BaseURL: "https://wolfe.example"}
	kittest.AssertRedacted(t, cfg, key)
	c, err := wolfe.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	kittest.AssertRedacted(t, c, key)
	kittest.AssertRedacted(t, *c, key)
	kittest.AssertRedacted(t, c.Gifts, key)
	kittest.AssertRedacted(t, c.Funding, key)
	sig := wolfe.SignatureConfig{Secrets: []giftcard.Secret{"webhook-secret-1", "webhook-secret-2"}}
	kittest.AssertRedacted(t, sig, "webhook-secret-1", "webhook-secret-2")
	kittest.AssertRedacted(t, wolfe.WebhookOptions{Signature: &sig, Refetch: c}, key, "webhook-secret-1")

	// Nor does a failed call's error or the client's log.
	srv := newSandbox(t)
	var logs strings.Builder
	c2, err := wolfe.New(wolfe.Config{PartnerKey: key, CompanyID: wolfetest.CompanyID, BaseURL: srv.URL},
		giftcard.WithHTTPClient(srv.Client()), giftcard.WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c2.Funding.Balance(t.Context())
	if err == nil {
		t.Fatal("a wrong key was accepted")
	}
	if s := fmt.Sprintf("%v %+v %#v", err, err, err) + logs.String(); strings.Contains(s, key) {
		t.Errorf("the partner key was printed: %s", s)
	}
	if !strings.Contains(c.String(), wolfetest.CompanyID) {
		t.Errorf("String %q", c.String())
	}
}

func TestNameAndInterfaces(t *testing.T) {
	srv := newSandbox(t)
	c := client(t, srv)
	var p giftcard.Provider = c
	if p.Name() != "wolfe" || c.CompanyID() != wolfetest.CompanyID {
		t.Fatal(p.Name())
	}
	mc, err := giftcard.NewClient(c)
	if err != nil {
		t.Fatal(err)
	}
	for _, get := range []func(string) (any, error){
		func(n string) (any, error) { return mc.Catalog(n) }, func(n string) (any, error) { return mc.Wallet(n) },
		func(n string) (any, error) { return mc.Orders(n) }, func(n string) (any, error) { return mc.Gifts(n) },
	} {
		if _, err := get("wolfe"); err != nil {
			t.Error(err)
		}
	}
}

// TestRedirectIsRefused: a 3xx is never followed, so the partner key never
// reaches another host.
func TestRedirectIsRefused(t *testing.T) {
	srv := newSandbox(t)
	c := client(t, srv)
	srv.InjectFault(wolfetest.Fault{Status: http.StatusFound, Header: http.Header{"Location": {"https://evil.example/x"}}})
	if _, err := c.Funding.Balance(t.Context()); err == nil || !strings.Contains(err.Error(), "evil.example") {
		t.Errorf("redirect: %v", err)
	}
}
