package loyalty_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/kittest"
	"github.com/giftcard-go/giftcard/loyalty"
	"github.com/giftcard-go/giftcard/loyalty/loyaltytest"
)

func TestNewValidates(t *testing.T) {
	good := loyalty.Config{ClientID: "825429536610058240", ClientSecret: "secret-secret", JWTToken: "token-token"}
	for _, tc := range []struct {
		field  string
		change func(*loyalty.Config)
	}{
		{"ClientID", func(c *loyalty.Config) { c.ClientID = " " }},
		{"ClientID", func(c *loyalty.Config) { c.ClientID = "a\nb" }},
		{"ClientSecret", func(c *loyalty.Config) { c.ClientSecret = "" }},
		{"JWTToken", func(c *loyalty.Config) { c.JWTToken = "" }},
		{"JWTToken", func(c *loyalty.Config) { c.JWTToken = "tok\r\nX-Evil: 1" }},
		{"MerchantID", func(c *loyalty.Config) { c.JWTToken, c.ChannelName = "", "epx" }},
		{"ChannelName", func(c *loyalty.Config) { c.JWTToken, c.MerchantID = "", "1080" }},
		{"Currency", func(c *loyalty.Config) { c.Currency = "US" }},
		{"Currency", func(c *loyalty.Config) { c.Currency = "XXX" }},
		{"LoyaltyChannel", func(c *loyalty.Config) { c.LoyaltyChannel = "\x00" }},
		{"BaseURL", func(c *loyalty.Config) { c.BaseURL = "ftp://x" }},
	} {
		cfg := good
		tc.change(&cfg)
		_, err := loyalty.New(cfg)
		var ve *giftcard.ValidationError
		if !errors.As(err, &ve) || ve.Field != tc.field {
			t.Errorf("%s: got %v", tc.field, err)
		}
	}
	c, err := loyalty.New(good)
	if err != nil {
		t.Fatal(err)
	}
	if c.BaseURL() != loyalty.SandboxURL || c.LoyaltyChannel() != "FACTOR4" || c.Currency() != "USD" || c.Name() != "loyalty" || c.ClientID() != good.ClientID {
		t.Fatalf("defaults: %v", c)
	}
	c, _ = loyalty.New(loyalty.Config{ClientID: "1", ClientSecret: "s", JWTToken: "t", Currency: "eur", BaseURL: loyalty.ProductionURL},
		giftcard.WithBaseURL("http://127.0.0.1:1"))
	if c.BaseURL() != "http://127.0.0.1:1" || c.Currency() != "EUR" {
		t.Fatalf("WithBaseURL wins over Config.BaseURL: %v", c)
	}
}

func TestConfigFrom(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	if _, err := loyalty.ConfigFrom(env(nil)); !errors.Is(err, loyalty.ErrNoEnv) {
		t.Fatalf("nothing set: %v", err)
	}
	if _, err := loyalty.ConfigFrom(env(map[string]string{loyalty.EnvBaseURL: "http://x"})); !errors.Is(err, loyalty.ErrNoEnv) {
		t.Fatalf("only a base URL: %v", err)
	}
	_, err := loyalty.ConfigFrom(env(map[string]string{loyalty.EnvClientID: "1"}))
	if err == nil || errors.Is(err, loyalty.ErrNoEnv) || !strings.Contains(err.Error(), loyalty.EnvClientSecret) || !strings.Contains(err.Error(), loyalty.EnvJWTToken) {
		t.Fatalf("some set: %v", err)
	}
	cfg, err := loyalty.ConfigFrom(env(map[string]string{loyalty.EnvClientID: " 1 ", loyalty.EnvClientSecret: "s", loyalty.EnvJWTToken: "t", loyalty.EnvBaseURL: "http://x"}))
	if err != nil || cfg.ClientID != "1" || cfg.ClientSecret != "s" || cfg.JWTToken != "t" || cfg.BaseURL != "http://x" {
		t.Fatalf("%+v %v", cfg, err)
	}
	cfg, err = loyalty.ConfigFrom(env(map[string]string{loyalty.EnvClientID: "1", loyalty.EnvClientSecret: "s", loyalty.EnvMerchantID: "m", loyalty.EnvChannelName: "c"}))
	if err != nil || cfg.MerchantID != "m" || cfg.ChannelName != "c" || !cfg.JWTToken.IsZero() {
		t.Fatalf("token fetch: %+v %v", cfg, err)
	}
	t.Setenv(loyalty.EnvClientID, "")
	t.Setenv(loyalty.EnvClientSecret, "")
	t.Setenv(loyalty.EnvJWTToken, "")
	t.Setenv(loyalty.EnvMerchantID, "")
	t.Setenv(loyalty.EnvChannelName, "")
	if _, err := loyalty.ConfigFromEnv(); !errors.Is(err, loyalty.ErrNoEnv) {
		t.Fatalf("ConfigFromEnv with nothing set: %v", err)
	}
}

// Neither the secret, the token nor a sign reaches fmt, slog or an error.
func TestRedaction(t *testing.T) {
	const secret, token = "super-secret-client-secret", "SUPERSECRETJWTTOKEN0123456789ABC"
	cfg := loyalty.Config{ClientID: "825429536610058240", ClientSecret: secret, JWTToken: token, BaseURL: "http://127.0.0.1:1"}
	c, err := loyalty.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	const card = "914639258868515"
	var cardJSON loyalty.Card
	if err := json.Unmarshal([]byte(`{"accountId":"`+card+`","balances":[{"valueCode":"USD","amount":1}]}`), &cardJSON); err != nil {
		t.Fatal(err)
	}
	no := func(why string) kittest.RedactionCase { return kittest.RedactionCase{NoSecret: why} }
	kittest.AssertPackageRedacted(t, ".", map[string]kittest.RedactionCase{
		"Config":          {Value: cfg, Secrets: []string{secret, token}},
		"Client":          {Value: c, Secrets: []string{secret, token}},
		"HMACSigner":      {Value: loyalty.NewHMACSigner(cfg.ClientID, secret), Secrets: []string{secret}},
		"AccessToken":     {Value: loyalty.AccessToken{Token: token, Type: "eCommerce"}, Secrets: []string{token}},
		"Card":            {Value: cardJSON, Secrets: []string{card}},
		"GiftID":          {Value: loyalty.GiftID{AccountID: card, CheckoutID: "1"}, Secrets: []string{card}},
		"ActivateRequest": {Value: loyalty.ActivateRequest{AccountID: card, EntryType: "K"}, Secrets: []string{card}},
		"QueryRequest":    {Value: loyalty.QueryRequest{AccountID: card}, Secrets: []string{card}},
		"TopUpRequest":    {Value: loyalty.TopUpRequest{AccountID: card}, Secrets: []string{card}},
		"PayRequest":      {Value: loyalty.PayRequest{AccountID: card, Amount: usd("1")}, Secrets: []string{card}},
		"PointsRequest":   {Value: loyalty.PointsRequest{AccountID: card, Points: 1}, Secrets: []string{card}},
		"TipRequest":      {Value: loyalty.TipRequest{AccountID: card, OriOrderNo: "1"}, Secrets: []string{card}},
		"VoidRequest":     no("transaction ids only"),
		"Transaction":     no("the platform's transaction ids and amount; no card number"),
		"APIError":        no("the envelope's code, msg, timestamp and data (null on a failure); the SDK adds nothing secret"),
		"Balance":         no("a value code and amounts"),
		"CustomerInfo":    no("personal data the caller supplies, but no credential or card number"),
		"CodeInfo":        no("an error kind"),
		"CustomerType":    no("an enumeration"),
		"EntryType":       no("an enumeration"),
		"Gender":          no("an enumeration"),
		"Pref":            no("an enumeration"),
		"YesNo":           no("an enumeration"),
		"Result":          no("an enumeration"),
		"Points":          no("a count"),
		"Signer":          no("an interface; the documented implementation is HMACSigner"),
		"SignerFunc":      no("a function value: fmt prints its address"),
	})

	// Through real calls: the log lines and the errors of a refused
	// request, with debug logging on.
	srv := loyaltytest.NewServer(loyaltytest.WithCredentials(cfg.ClientID, secret, token))
	defer srv.Close()
	var logs bytes.Buffer
	cfg.BaseURL = srv.URL
	c, _ = loyalty.New(cfg, giftcard.WithLogger(slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	srv.InjectFault(loyaltytest.Fault{Status: http.StatusServiceUnavailable})
	if _, err := c.Pay(t.Context(), loyalty.PayRequest{AccountID: loyaltytest.CardActive, EntryType: "K", Amount: usd("1.00")}); err != nil {
		t.Fatal(err)
	}
	_, err = c.Pay(t.Context(), loyalty.PayRequest{AccountID: loyaltytest.CardActive, EntryType: "K", Amount: usd("1000.00")})
	if err == nil {
		t.Fatal("want a decline")
	}
	var signs []string
	for _, e := range srv.Requests() {
		signs = append(signs, e.Header.Get("sign"))
	}
	all := append([]string{secret, token}, signs...)
	kittest.AssertRedacted(t, err, all...)
	for _, s := range all {
		if strings.Contains(logs.String(), s) || strings.Contains(fmt.Sprint(err), s) {
			t.Fatalf("%q leaked:\n%s\n%v", s, logs.String(), err)
		}
	}
	if !strings.Contains(logs.String(), "giftcard: retrying") {
		t.Fatalf("the logs were not exercised:\n%s", logs.String())
	}
}
