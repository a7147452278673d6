package orbt_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/giftcardtest"
	"github.com/giftcard-go/giftcard/orbt"
	"github.com/giftcard-go/giftcard/orbt/orbttest"
)

var ctx = context.Background()

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// newPair starts a sandbox and a client for it, both on one fake clock
// that advances on every backoff sleep.
func newPair(t *testing.T, sopts []orbttest.Option, copts ...giftcard.Option) (*orbttest.Server, *orbt.Client) {
	t.Helper()
	clk := giftcardtest.NewClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	srv := orbttest.NewServer(append([]orbttest.Option{orbttest.WithClock(clk)}, sopts...)...)
	t.Cleanup(srv.Close)
	c, err := orbt.New(srv.Config(), append([]giftcard.Option{giftcard.WithClock(clk)}, copts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return srv, c
}

func wantField(t *testing.T, err error, field string) {
	t.Helper()
	var ve *giftcard.ValidationError
	if !errors.As(err, &ve) || ve.Field != field || !errors.Is(err, giftcard.ErrInvalidRequest) {
		t.Fatalf("error = %v, want a ValidationError on %q", err, field)
	}
}

func apiErr(t *testing.T, err error) *giftcard.Error {
	t.Helper()
	var e *giftcard.Error
	if !errors.As(err, &e) {
		t.Fatalf("error = %v (%T), want *giftcard.Error", err, err)
	}
	return e
}

func TestNewValidation(t *testing.T) {
	ok := orbt.Config{APIKey: "k", ClientID: "c", HMACSecret: "s", Environment: orbt.UAT}
	cases := map[string]func(*orbt.Config){
		"APIKey":      func(c *orbt.Config) { c.APIKey = "" },
		"ClientID":    func(c *orbt.Config) { c.ClientID = " " },
		"HMACSecret":  func(c *orbt.Config) { c.HMACSecret = "" },
		"Environment": func(c *orbt.Config) { c.Environment = "" },
		"Signing":     func(c *orbt.Config) { c.Signing = 7 },
	}
	for field, mutate := range cases {
		cfg := ok
		mutate(&cfg)
		_, err := orbt.New(cfg)
		wantField(t, err, field)
	}
	_, err := orbt.New(orbt.Config{APIKey: "k", ClientID: "c", HMACSecret: "s", BaseURL: "ftp://x"})
	wantField(t, err, "BaseURL")

	for _, tc := range []struct {
		cfg    orbt.Config
		opts   []giftcard.Option
		url    string
		scheme orbt.SigningScheme
	}{
		{orbt.Config{Environment: orbt.UAT}, nil, "https://api-uat.ncentiva.com", orbt.SignRawBody},
		{orbt.Config{Environment: orbt.Production}, nil, "https://api.ncentiva.com", orbt.SignRawBody},
		{orbt.Config{Environment: orbt.Partner}, nil, "https://partner.orbt.com", orbt.SignBodyHash},
		{orbt.Config{BaseURL: "https://api-uat.ncentiva.com/"}, nil, "https://api-uat.ncentiva.com", orbt.SignRawBody},
		{orbt.Config{BaseURL: "http://127.0.0.1:9"}, nil, "http://127.0.0.1:9", orbt.SignBodyHash},
		{orbt.Config{Environment: orbt.UAT}, []giftcard.Option{giftcard.WithBaseURL("http://proxy.local")}, "http://proxy.local", orbt.SignRawBody},
		{orbt.Config{Environment: orbt.UAT, Signing: orbt.SignBodyHash}, nil, "https://api-uat.ncentiva.com", orbt.SignBodyHash},
		{orbt.Config{Environment: orbt.Partner, BaseURL: "http://other"}, nil, "http://other", orbt.SignBodyHash},
	} {
		cfg := tc.cfg
		cfg.APIKey, cfg.ClientID, cfg.HMACSecret = "k", "c", "s"
		c, err := orbt.New(cfg, tc.opts...)
		if err != nil {
			t.Fatal(err)
		}
		if c.BaseURL() != tc.url || c.Signing() != tc.scheme || c.Name() != "orbt" {
			t.Errorf("%+v: url %s scheme %v name %s; want %s %v orbt", tc.cfg, c.BaseURL(), c.Signing(), c.Name(), tc.url, tc.scheme)
		}
	}
}

func TestCreateCustomer(t *testing.T) {
	srv, c := newPair(t, nil)
	cust, err := c.CreateCustomer(ctx, orbt.CreateCustomerRequest{FullName: " Jane Smith ", Email: "jane.smith@yourcompany.com", Currency: "usd", InitialFunds: dec("50")})
	if err != nil {
		t.Fatal(err)
	}
	if cust.ID != "101" || cust.WalletID != "101" || cust.FullName != "Jane Smith" || cust.Currency != "USD" ||
		!cust.Balance().Equal(giftcard.MustParseMoney("50", "USD")) || cust.Reconciled || len(cust.Raw) == 0 {
		t.Errorf("customer = %+v", cust)
	}
	body := string(srv.Requests()[0].Body)
	if body != `{"fullName":"Jane Smith","email":"jane.smith@yourcompany.com","currency":"USD","initialFunds":50.00}` {
		t.Errorf("sent %s", body)
	}
	if got := srv.PartnerBalance("USD"); !got.Equal(orbttest.DefaultPartnerBalance().Sub(dec("50"))) {
		t.Errorf("partner balance %s", got)
	}
	// The exact decimal text the caller gave survives where it fits the currency.
	if _, err := c.CreateCustomer(ctx, orbt.CreateCustomerRequest{FullName: "A", Email: "a@example.com", Currency: "JPY", InitialFunds: dec("1500")}); err == nil {
		t.Error("JPY without partner balance succeeded")
	} else if !errors.Is(err, giftcard.ErrInsufficientFunds) {
		t.Errorf("JPY error = %v", err)
	}
	if b := string(srv.Requests()[1].Body); !strings.HasSuffix(b, `"initialFunds":1500}`) {
		t.Errorf("JPY body %s", b)
	}
	// A second wallet for the same email in another currency is the same customer.
	eur, err := c.CreateCustomer(ctx, orbt.CreateCustomerRequest{FullName: "Jane Smith", Email: "jane.smith@yourcompany.com", Currency: "EUR", InitialFunds: dec("0.1")})
	if err != nil {
		t.Fatal(err)
	}
	if eur.ID != cust.ID || eur.WalletID == cust.WalletID || eur.WalletBalance.String() != "0.1" {
		t.Errorf("EUR wallet %+v", eur)
	}
	if b := string(srv.Requests()[2].Body); !strings.HasSuffix(b, `"initialFunds":0.10}`) {
		t.Errorf("EUR body %s", b)
	}
}

func TestCreateCustomerValidatedBeforeNetwork(t *testing.T) {
	srv, c := newPair(t, nil)
	good := orbt.CreateCustomerRequest{FullName: "Jane", Email: "jane@example.com", Currency: "USD", InitialFunds: dec("1")}
	for field, mutate := range map[string]func(*orbt.CreateCustomerRequest){
		"fullName":     func(r *orbt.CreateCustomerRequest) { r.FullName = "  " },
		"email":        func(r *orbt.CreateCustomerRequest) { r.Email = "jane at example.com" },
		"currency":     func(r *orbt.CreateCustomerRequest) { r.Currency = "US" },
		"initialFunds": func(r *orbt.CreateCustomerRequest) { r.InitialFunds = dec("-0.01") },
	} {
		r := good
		mutate(&r)
		_, err := c.CreateCustomer(ctx, r)
		wantField(t, err, field)
	}
	for _, email := range []string{"", "Jane <jane@example.com>", "jane@localhost", "jane@@example.com"} {
		r := good
		r.Email = email
		_, err := c.CreateCustomer(ctx, r)
		wantField(t, err, "email")
	}
	r := good
	r.InitialFunds = dec("10.005")
	_, err := c.CreateCustomer(ctx, r)
	wantField(t, err, "initialFunds")
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests sent for invalid input", n)
	}
	// Zero initial funds is allowed (≥ 0).
	r = good
	r.InitialFunds = decimal.Zero
	if _, err := c.CreateCustomer(ctx, r); err != nil {
		t.Errorf("zero initial funds: %v", err)
	}
}

func TestCreateCustomerErrors(t *testing.T) {
	srv, c := newPair(t, []orbttest.Option{orbttest.WithPartnerBalance("USD", dec("100"))})
	req := orbt.CreateCustomerRequest{FullName: "John Doe", Email: "john.doe@example.com", Currency: "USD", InitialFunds: dec("60")}
	if _, err := c.CreateCustomer(ctx, req); err != nil {
		t.Fatal(err)
	}
	// Same email, same currency: 400 VALIDATION_ERROR, matchable as a duplicate.
	req.Email = "JOHN.DOE@example.com"
	_, err := c.CreateCustomer(ctx, req)
	e := apiErr(t, err)
	if !errors.Is(err, giftcard.ErrDuplicateReference) || !errors.Is(err, giftcard.ErrInvalidRequest) || errors.Is(err, giftcard.ErrOutcomeUnknown) ||
		e.StatusCode != 400 || e.Code != "VALIDATION_ERROR" || e.Message != "Some customers already have wallets in the requested currency" ||
		e.Op != "CreateCustomer" || e.Provider != "orbt" || e.RequestID == "" {
		t.Errorf("duplicate: %#v", e)
	}
	// 40 USD left: 402 BUSINESS_RULE_ERROR.
	req.Email = "other@example.com"
	_, err = c.CreateCustomer(ctx, req)
	e = apiErr(t, err)
	if !errors.Is(err, giftcard.ErrInsufficientFunds) || e.StatusCode != 402 || e.Code != "BUSINESS_RULE_ERROR" || e.Message != "Unable to pre-charge all currency groups" {
		t.Errorf("insufficient: %#v", e)
	}
	if srv.CustomerCount() != 1 || !srv.PartnerBalance("USD").Equal(dec("40")) {
		t.Errorf("customers %d, balance %s", srv.CustomerCount(), srv.PartnerBalance("USD"))
	}
	// An error never prints the secret or the signature.
	sig := srv.Requests()[2].Header.Get("X-Signature")
	if s := err.Error(); strings.Contains(s, srv.HMACSecret()) || strings.Contains(s, sig) || strings.Contains(s, srv.APIKey()) {
		t.Errorf("error leaks credentials: %s", s)
	}
}

func TestAuthenticationFailures(t *testing.T) {
	ok := orbt.CreateCustomerRequest{FullName: "A B", Email: "ab@example.com", Currency: "USD", InitialFunds: dec("1")}
	t.Run("wrong secret", func(t *testing.T) {
		srv, _ := newPair(t, nil)
		cfg := srv.Config()
		cfg.HMACSecret = "not-the-secret"
		c, _ := orbt.New(cfg)
		_, err := c.CreateCustomer(ctx, ok)
		e := apiErr(t, err)
		if !errors.Is(err, giftcard.ErrUnauthorized) || e.StatusCode != 403 || e.Message != orbttest.ForbiddenMessage || errors.Is(err, giftcard.ErrOutcomeUnknown) {
			t.Errorf("403: %#v", e)
		}
		if srv.CustomerCount() != 0 {
			t.Error("an unauthenticated create took effect")
		}
	})
	for _, tc := range []struct {
		name   string
		skew   time.Duration
		wantOK bool
	}{{"4m59s behind", -299 * time.Second, true}, {"5m01s behind", -301 * time.Second, false}, {"5m01s ahead", 301 * time.Second, false}, {"4m ahead", 4 * time.Minute, true}} {
		t.Run("timestamp "+tc.name, func(t *testing.T) {
			now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
			srv := orbttest.NewServer(orbttest.WithClock(giftcardtest.NewClock(now)))
			defer srv.Close()
			c, _ := orbt.New(srv.Config(), giftcard.WithClock(giftcardtest.NewClock(now.Add(tc.skew))))
			_, err := c.ListCustomers(ctx, orbt.ListOptions{})
			if tc.wantOK != (err == nil) {
				t.Fatalf("err = %v, want ok=%v", err, tc.wantOK)
			}
			if err != nil && (!errors.Is(err, giftcard.ErrUnauthorized) || apiErr(t, err).Message != orbttest.ForbiddenMessage) {
				t.Errorf("err = %v", err)
			}
		})
	}
	for _, tc := range []struct {
		server, client orbt.SigningScheme
		wantOK         bool
	}{
		{orbt.SignRawBody, orbt.SignRawBody, true}, {orbt.SignBodyHash, orbt.SignBodyHash, true},
		{orbt.SignRawBody, orbt.SignBodyHash, false}, {orbt.SignBodyHash, orbt.SignRawBody, false},
		{orbt.SigningDefault, orbt.SignRawBody, true}, {orbt.SigningDefault, orbt.SignBodyHash, true},
	} {
		t.Run(fmt.Sprintf("server %v client %v", tc.server, tc.client), func(t *testing.T) {
			srv := orbttest.NewServer(orbttest.WithSigning(tc.server))
			defer srv.Close()
			cfg := srv.Config()
			cfg.Signing = tc.client
			c, _ := orbt.New(cfg)
			_, err := c.CreateCustomer(ctx, ok)
			if tc.wantOK != (err == nil) {
				t.Fatalf("err = %v, want ok=%v", err, tc.wantOK)
			}
		})
	}
}

func TestListCustomersPagination(t *testing.T) {
	srv, c := newPair(t, nil)
	for i := range 45 {
		if _, err := c.CreateCustomer(ctx, orbt.CreateCustomerRequest{FullName: fmt.Sprintf("C %d", i), Email: fmt.Sprintf("c%02d@example.com", i), Currency: "USD"}); err != nil {
			t.Fatal(err)
		}
	}
	p, err := c.ListCustomers(ctx, orbt.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Items) != 20 || !p.HasNext || p.Page != 0 || p.Size != 20 || p.Items[0].Email != "c00@example.com" || p.Items[0].ID != "101" ||
		p.Items[0].StandardWallets != 1 || p.Items[0].CampaignWallets != 0 || len(p.Items[0].Raw) == 0 {
		t.Errorf("page 0 = %d items, %+v", len(p.Items), p)
	}
	last := srv.Requests()[len(srv.Requests())-1]
	if q, _ := url.ParseQuery(last.Query); q.Get("page") != "0" || q.Get("size") != "20" {
		t.Errorf("default query %q", last.Query)
	}
	p, err = c.ListCustomers(ctx, orbt.ListOptions{Page: 2, Size: 20})
	if err != nil || len(p.Items) != 5 || p.HasNext || p.Items[4].Email != "c44@example.com" {
		t.Errorf("page 2 = %+v, %v", p, err)
	}
	before := srv.CountRequests("GET", "/api/partner/v1/customer")
	var emails []string
	for s, err := range c.Customers(ctx, 50) {
		if err != nil {
			t.Fatal(err)
		}
		emails = append(emails, s.Email)
	}
	if len(emails) != 45 || srv.CountRequests("GET", "/api/partner/v1/customer")-before != 1 {
		t.Errorf("walked %d with %d requests", len(emails), srv.CountRequests("GET", "")-before)
	}
	// Lazy: breaking after 3 items of a 20-per-page walk fetches one page.
	before = srv.CountRequests("GET", "")
	n := 0
	for _, err := range c.Customers(ctx, 0) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 3 {
			break
		}
	}
	if got := srv.CountRequests("GET", "") - before; got != 1 {
		t.Errorf("early break fetched %d pages", got)
	}
	before = srv.CountRequests("GET", "")
	n = 0
	for _, err := range c.Customers(ctx, 7) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if got := srv.CountRequests("GET", "") - before; n != 45 || got != 7 {
		t.Errorf("size 7 walk: %d items in %d pages, want 45 in 7", n, got)
	}
	// Sizes outside 1–50 and negative pages never reach the network.
	before = len(srv.Requests())
	for _, o := range []orbt.ListOptions{{Size: 51}, {Size: -1}, {Page: -1}} {
		_, err := c.ListCustomers(ctx, o)
		var ve *giftcard.ValidationError
		if !errors.As(err, &ve) {
			t.Errorf("%+v: %v", o, err)
		}
	}
	for _, err := range c.Customers(ctx, 99) {
		wantField(t, err, "size")
	}
	if len(srv.Requests()) != before {
		t.Error("invalid list options were sent")
	}
	// The server's 422 for a bad size is kept as an invalid request.
	srv.InjectFault(orbttest.Fault{Method: "GET", Path: "/api/partner/v1/customer", Status: 422,
		Header: http.Header{"Content-Type": {"application/json"}},
		Body:   `{"timestamp":"2026-03-01T09:00:00.000+00:00","status":422,"error":"Unprocessable Entity","message":"size must be between 1 and 50","path":"/api/partner/v1/customer"}`})
	_, err = c.ListCustomers(ctx, orbt.ListOptions{})
	if e := apiErr(t, err); !errors.Is(err, giftcard.ErrInvalidRequest) || e.StatusCode != 422 || e.Message != "size must be between 1 and 50" {
		t.Errorf("422: %#v", e)
	}
}

func TestFindCustomerByEmail(t *testing.T) {
	_, c := newPair(t, nil)
	for i := range 60 {
		if _, err := c.CreateCustomer(ctx, orbt.CreateCustomerRequest{FullName: "N", Email: fmt.Sprintf("f%d@example.com", i), Currency: "USD"}); err != nil {
			t.Fatal(err)
		}
	}
	s, err := c.FindCustomerByEmail(ctx, "F59@Example.com")
	if err != nil || s.ID != "160" {
		t.Errorf("found %+v, %v", s, err)
	}
	if _, err := c.FindCustomerByEmail(ctx, "nobody@example.com"); !errors.Is(err, giftcard.ErrNotFound) {
		t.Errorf("missing email: %v", err)
	}
}

func TestStatusErrors(t *testing.T) {
	srv, c := newPair(t, nil, giftcard.WithNoRetries())
	js := http.Header{"Content-Type": {"application/json"}}
	for _, tc := range []struct {
		status int
		body   string
		kind   error
		code   string
		msg    string
	}{
		{404, `{"success":false,"error":{"error":"NOT_FOUND","message":"Customer not found"}}`, giftcard.ErrNotFound, "NOT_FOUND", "Customer not found"},
		{500, `{"success":false,"error":{"error":"INTERNAL_ERROR","message":"boom"}}`, giftcard.ErrProviderUnavailable, "INTERNAL_ERROR", "boom"},
		{503, `{"Message":"Service Unavailable"}`, giftcard.ErrProviderUnavailable, "", "Service Unavailable"},
		{502, `<html>bad gateway</html>`, giftcard.ErrProviderUnavailable, "", ""},
		{429, `{"message":"Too Many Requests"}`, giftcard.ErrRateLimited, "", "Too Many Requests"},
		{401, `{"message":"Unauthorized"}`, giftcard.ErrUnauthorized, "", "Unauthorized"},
	} {
		srv.InjectFault(orbttest.Fault{Status: tc.status, Body: tc.body, Header: js})
		_, err := c.ListCustomers(ctx, orbt.ListOptions{})
		e := apiErr(t, err)
		if !errors.Is(err, tc.kind) || e.StatusCode != tc.status || e.Code != tc.code || (tc.msg != "" && e.Message != tc.msg) || e.Op != "ListCustomers" {
			t.Errorf("%d: %#v", tc.status, e)
		}
	}
	// A 2xx that reports success:false is an error of its code's kind.
	srv.InjectFault(orbttest.Fault{Status: 200, Header: js, Body: `{"success":false,"error":{"error":"BUSINESS_RULE_ERROR","message":"Unable to pre-charge all currency groups"}}`})
	_, err := c.CreateCustomer(ctx, orbt.CreateCustomerRequest{FullName: "A", Email: "a@example.com", Currency: "USD"})
	if e := apiErr(t, err); !errors.Is(err, giftcard.ErrInsufficientFunds) || e.Code != "BUSINESS_RULE_ERROR" || e.StatusCode != 200 || errors.Is(err, giftcard.ErrOutcomeUnknown) {
		t.Errorf("success:false in 200: %#v", e)
	}
	srv.InjectFault(orbttest.Fault{Status: 200, Header: js, Body: `{"success":false,"error":{"error":"VALIDATION_ERROR","message":"Consumer with this email already has a wallet in the requested currency"}}`})
	_, err = c.CreateCustomer(ctx, orbt.CreateCustomerRequest{FullName: "A", Email: "a@example.com", Currency: "USD"})
	if !errors.Is(err, giftcard.ErrDuplicateReference) || !errors.Is(err, giftcard.ErrInvalidRequest) {
		t.Errorf("VALIDATION_ERROR in 200: %v", err)
	}
	// An unreadable 2xx of a GET is an invalid response, not an unknown outcome.
	srv.InjectFault(orbttest.Fault{Status: 200, Header: js, Body: `{"content":`})
	_, err = c.ListCustomers(ctx, orbt.ListOptions{})
	if !errors.Is(err, giftcard.ErrInvalidResponse) || errors.Is(err, giftcard.ErrOutcomeUnknown) {
		t.Errorf("truncated list: %v", err)
	}
}

func TestWallets(t *testing.T) {
	srv, c := newPair(t, nil)
	cust, err := c.CreateCustomer(ctx, orbt.CreateCustomerRequest{FullName: "W", Email: "w@example.com", Currency: "USD", InitialFunds: dec("50.00")})
	if err != nil {
		t.Fatal(err)
	}
	camp, err := srv.AddCampaignWallet(cust.ID, "USD", dec("100"), "18", "Employee of the Month")
	if err != nil {
		t.Fatal(err)
	}
	p, err := c.ListWallets(ctx, cust.ID, orbt.ListOptions{Size: 50})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Items) != 2 || p.HasNext {
		t.Fatalf("wallets %+v", p)
	}
	std, cw := p.Items[0], p.Items[1]
	if std.ID != cust.WalletID || std.Type != orbt.WalletStandard || std.Status != orbt.WalletEnabled || !std.Money().Equal(giftcard.MustParseMoney("50", "USD")) {
		t.Errorf("standard %+v", std)
	}
	if cw.ID != camp || cw.Type != orbt.WalletCampaign || cw.CampaignID != "18" || cw.CampaignName != "Employee of the Month" || !cw.Balance.Equal(dec("100")) {
		t.Errorf("campaign %+v", cw)
	}
	n := 0
	for _, err := range c.Wallets(ctx, cust.ID, 1) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 2 {
		t.Errorf("walked %d wallets", n)
	}
	before := len(srv.Requests())
	_, err = c.ListWallets(ctx, "12a", orbt.ListOptions{})
	wantField(t, err, "customerId")
	if len(srv.Requests()) != before {
		t.Error("a non-integer customer id was sent")
	}
	_, err = c.ListWallets(ctx, "999999", orbt.ListOptions{})
	if e := apiErr(t, err); !errors.Is(err, giftcard.ErrNotFound) || e.StatusCode != 404 || e.Code != "NOT_FOUND" {
		t.Errorf("unknown customer: %#v", e)
	}
	srv.InjectFault(orbttest.Fault{Path: "/api/partner/v1/customer/", Status: 422, Header: http.Header{"Content-Type": {"application/json"}},
		Body: `{"success":false,"error":{"error":"UNPROCESSABLE_ENTITY","message":"Invalid consumer ID"}}`})
	_, err = c.ListWallets(ctx, "5", orbt.ListOptions{})
	if !errors.Is(err, giftcard.ErrNotFound) || !errors.Is(err, giftcard.ErrInvalidRequest) {
		t.Errorf("422 invalid consumer id: %v", err)
	}
}

func TestWalletTransactions(t *testing.T) {
	srv, c := newPair(t, []orbttest.Option{orbttest.WithPartnerBalance("USD", dec("100"))})
	cust, err := c.CreateCustomer(ctx, orbt.CreateCustomerRequest{FullName: "T", Email: "t@example.com", Currency: "USD", InitialFunds: dec("10")})
	if err != nil {
		t.Fatal(err)
	}
	req := orbt.WalletTransactionRequest{Amount: dec("15.00"), Type: "credit", ReferenceID: "cashback-order-ORD-98231", Description: "5% cashback on order ORD-98231"}
	tx, err := c.CreateWalletTransaction(ctx, cust.WalletID, req)
	if err != nil {
		t.Fatal(err)
	}
	if tx.ID == "" || tx.WalletID != cust.WalletID || tx.Type != orbt.Credit || tx.ReferenceID != req.ReferenceID || tx.Status != "COMPLETED" ||
		!tx.Amount.Equal(dec("15")) || !tx.Balance.Valid || !tx.Balance.Decimal.Equal(dec("25")) || len(tx.Raw) == 0 {
		t.Errorf("tx = %+v", tx)
	}
	last := srv.Requests()[len(srv.Requests())-1]
	if string(last.Body) != `{"amount":15.00,"transactionType":"CREDIT","referenceId":"cashback-order-ORD-98231","description":"5% cashback on order ORD-98231"}` {
		t.Errorf("sent %s", last.Body)
	}
	// The same referenceId and payload again: deduplicated, same transaction.
	again, err := c.CreateWalletTransaction(ctx, cust.WalletID, req)
	if err != nil || again.ID != tx.ID || srv.TransactionCount() != 1 || !srv.PartnerBalance("USD").Equal(dec("75")) {
		t.Errorf("resend: %+v %v; %d transactions, partner %s", again, err, srv.TransactionCount(), srv.PartnerBalance("USD"))
	}
	// The same referenceId for another payload is a duplicate reference.
	other := req
	other.Amount = dec("16")
	_, err = c.CreateWalletTransaction(ctx, cust.WalletID, other)
	if !errors.Is(err, giftcard.ErrDuplicateReference) || apiErr(t, err).Code != "VALIDATION_ERROR" {
		t.Errorf("reused reference: %v", err)
	}
	// A debit beyond the wallet, a credit beyond the partner balance: 402.
	got, err := c.CreateWalletTransaction(ctx, cust.WalletID, orbt.WalletTransactionRequest{Amount: dec("25.01"), Type: orbt.Debit})
	if !errors.Is(err, giftcard.ErrInsufficientFunds) || got.ReferenceID == "" || got.WalletID != cust.WalletID {
		t.Errorf("overdraw: %+v %v", got, err)
	}
	if _, err := c.CreateWalletTransaction(ctx, cust.WalletID, orbt.WalletTransactionRequest{Amount: dec("75.01"), Type: orbt.Credit}); !errors.Is(err, giftcard.ErrInsufficientFunds) {
		t.Errorf("over partner balance: %v", err)
	}
	// A debit with a generated referenceId.
	deb, err := c.CreateWalletTransaction(ctx, cust.WalletID, orbt.WalletTransactionRequest{Amount: dec("5"), Type: orbt.Debit})
	if err != nil || len(deb.ReferenceID) != 36 || deb.Type != orbt.Debit || deb.Description != "" {
		t.Errorf("debit %+v %v", deb, err)
	}
	if b, _ := srv.WalletBalance(cust.WalletID); !b.Equal(dec("20")) {
		t.Errorf("wallet balance %s", b)
	}
	// Unknown wallet.
	if _, err := c.CreateWalletTransaction(ctx, "nope", orbt.WalletTransactionRequest{Amount: dec("1"), Type: orbt.Credit}); !errors.Is(err, giftcard.ErrNotFound) {
		t.Errorf("unknown wallet: %v", err)
	}
	// Validated before the network.
	before := len(srv.Requests())
	for field, r := range map[string]orbt.WalletTransactionRequest{
		"amount":          {Amount: decimal.Zero, Type: orbt.Credit},
		"transactionType": {Amount: dec("1"), Type: "REFUND"},
	} {
		_, err := c.CreateWalletTransaction(ctx, cust.WalletID, r)
		wantField(t, err, field)
	}
	_, err = c.CreateWalletTransaction(ctx, " ", orbt.WalletTransactionRequest{Amount: dec("1"), Type: orbt.Credit})
	wantField(t, err, "walletId")
	if len(srv.Requests()) != before {
		t.Error("invalid transactions were sent")
	}
}

// TestFreshSignatureOnRetry: a retried request is re-stamped and re-signed.
func TestFreshSignatureOnRetry(t *testing.T) {
	srv, c := newPair(t, nil)
	cust, err := c.CreateCustomer(ctx, orbt.CreateCustomerRequest{FullName: "R", Email: "r@example.com", Currency: "USD", InitialFunds: dec("1")})
	if err != nil {
		t.Fatal(err)
	}
	srv.InjectFault(orbttest.Fault{Method: "POST", Path: "/api/partner/v1/wallets/", Status: 503, Times: 2,
		Header: http.Header{"Retry-After": {"2"}, "Content-Type": {"application/json"}}, Body: `{"Message":"Service Unavailable"}`})
	if _, err := c.CreateWalletTransaction(ctx, cust.WalletID, orbt.WalletTransactionRequest{Amount: dec("2"), Type: orbt.Credit, ReferenceID: "retry-1"}); err != nil {
		t.Fatal(err)
	}
	var ts, sigs []string
	for _, e := range srv.Requests() {
		if e.Method == "POST" && strings.HasPrefix(e.Path, "/api/partner/v1/wallets/") {
			ts = append(ts, e.Header.Get("X-Timestamp"))
			sigs = append(sigs, e.Header.Get("X-Signature"))
		}
	}
	if len(ts) != 3 || ts[0] == ts[1] || ts[1] == ts[2] || sigs[0] == sigs[1] || sigs[1] == sigs[2] {
		t.Errorf("attempts: timestamps %v, signatures %v", ts, sigs)
	}
	if r := srv.Replays(); len(r) != 0 {
		t.Errorf("replays: %d", len(r))
	}
	if srv.TransactionCount() != 1 {
		t.Errorf("%d transactions", srv.TransactionCount())
	}
}

// TestReplayJournalAndRejection: two identical GETs in one millisecond of a
// fixed clock no longer share a signature (issue 8, item 11c: before, the
// second was refused here as a replay); a request really replayed, the same
// headers sent again, is still journaled and refused.
func TestReplayJournalAndRejection(t *testing.T) {
	srv := orbttest.NewServer(orbttest.WithRejectReplays())
	defer srv.Close()
	// A fixed clock: both GETs are signed in the same millisecond.
	clk := giftcardtest.NewManualClock(time.Now())
	c, _ := orbt.New(srv.Config(), giftcard.WithClock(clk))
	if _, err := c.ListCustomers(ctx, orbt.ListOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListCustomers(ctx, orbt.ListOptions{}); err != nil {
		t.Errorf("the second identical GET was refused: %v", err)
	}
	reqs := srv.Requests()
	if len(reqs) != 2 || reqs[0].Header.Get("X-Signature") == reqs[1].Header.Get("X-Signature") {
		t.Fatalf("%d requests; signatures must differ", len(reqs))
	}
	ts0, _ := time.Parse(orbt.TimestampLayout, reqs[0].Header.Get("X-Timestamp"))
	ts1, _ := time.Parse(orbt.TimestampLayout, reqs[1].Header.Get("X-Timestamp"))
	if ts1.Sub(ts0) != time.Millisecond {
		t.Errorf("timestamps %s, %s: want the second one millisecond later", ts0, ts1)
	}
	// A true replay: the first request's headers sent again.
	hr, _ := http.NewRequest("GET", srv.URL+reqs[0].Path+"?"+reqs[0].Query, nil)
	hr.Header = reqs[0].Header.Clone()
	resp, err := http.DefaultClient.Do(hr)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 403 {
		t.Errorf("replay answered %d", resp.StatusCode)
	}
	if r := srv.Replays(); len(r) != 1 || r[0].Status != 403 {
		t.Errorf("replays %+v", r)
	}
}

// TestCreateCustomerOutcomeUnknown: the answer to a committed create is
// lost; the SDK finds the customer by email instead of creating a second,
// and, since a wallet found by email may predate the call, reports it as an
// unknown outcome naming the customer and wallet, never as this call's
// success. (Issue 8, item 3 changed this test: it expected the found wallet
// returned with Reconciled set.)
func TestCreateCustomerOutcomeUnknown(t *testing.T) {
	srv, c := newPair(t, []orbttest.Option{orbttest.WithPartnerBalance("USD", dec("1000"))})
	for i := range 3 { // others in the list, so the lookup has to search
		if _, err := c.CreateCustomer(ctx, orbt.CreateCustomerRequest{FullName: "X", Email: fmt.Sprintf("x%d@example.com", i), Currency: "USD"}); err != nil {
			t.Fatal(err)
		}
	}
	srv.InjectFault(orbttest.Fault{Method: "POST", Path: "/api/partner/v1/customer", DropAfterCommit: true})
	cust, err := c.CreateCustomer(ctx, orbt.CreateCustomerRequest{FullName: "Lost Answer", Email: "lost@example.com", Currency: "usd", InitialFunds: dec("100.00")})
	e := apiErr(t, err)
	ws, werr := c.ListWallets(ctx, "104", orbt.ListOptions{})
	if werr != nil || len(ws.Items) != 1 {
		t.Fatalf("wallets of 104: %+v %v", ws, werr)
	}
	if !errors.Is(err, giftcard.ErrOutcomeUnknown) || !errors.Is(err, giftcard.ErrDuplicateReference) || cust.ID != "" ||
		!strings.Contains(e.Message, "customer 104") || !strings.Contains(e.Message, "wallet "+ws.Items[0].ID) || e.Reference != "lost@example.com USD" {
		t.Errorf("lost answer: %+v, %v", cust, err)
	}
	if srv.CustomerCount() != 4 || srv.CountRequests("POST", "/api/partner/v1/customer") != 4 {
		t.Errorf("%d customers, %d creates", srv.CustomerCount(), srv.CountRequests("POST", "/api/partner/v1/customer"))
	}
	debits := 0
	for _, l := range srv.Ledger() {
		if l.Reference == "104" {
			debits++
		}
	}
	if debits != 1 || !srv.PartnerBalance("USD").Equal(dec("900")) {
		t.Errorf("%d debits, partner balance %s", debits, srv.PartnerBalance("USD"))
	}
}

// TestCreateCustomerOutcomeUnknownNotCommitted: a 500 before anything was
// committed; the lookup finds nothing and the create is sent once more.
func TestCreateCustomerOutcomeUnknownNotCommitted(t *testing.T) {
	srv, c := newPair(t, nil)
	srv.InjectFault(orbttest.Fault{Method: "POST", Path: "/api/partner/v1/customer", Status: 500, Body: `{"success":false,"error":{"error":"INTERNAL_ERROR","message":"x"}}`,
		Header: http.Header{"Content-Type": {"application/json"}}})
	cust, err := c.CreateCustomer(ctx, orbt.CreateCustomerRequest{FullName: "Once", Email: "once@example.com", Currency: "USD", InitialFunds: dec("5")})
	if err != nil {
		t.Fatal(err)
	}
	if !cust.Reconciled || srv.CustomerCount() != 1 || srv.CountRequests("POST", "/api/partner/v1/customer") != 2 || len(srv.Ledger()) != 1 {
		t.Errorf("%+v; %d customers, %d creates, %d ledger entries", cust, srv.CustomerCount(), srv.CountRequests("POST", "/api/partner/v1/customer"), len(srv.Ledger()))
	}
	// When reconciliation cannot run either, the unknown outcome is reported.
	srv.InjectFault(orbttest.Fault{Method: "POST", Path: "/api/partner/v1/customer", DropAfterCommit: true})
	srv.InjectFault(orbttest.Fault{Method: "GET", Status: 403, Times: -1, Body: `{"Message":"denied"}`, Header: http.Header{"Content-Type": {"application/json"}}})
	_, err = c.CreateCustomer(ctx, orbt.CreateCustomerRequest{FullName: "Twice", Email: "twice@example.com", Currency: "USD", InitialFunds: dec("5")})
	if !errors.Is(err, giftcard.ErrOutcomeUnknown) || !strings.Contains(err.Error(), "reconciling") {
		t.Errorf("unreconcilable: %v", err)
	}
	srv.ClearFaults()
}

// TestWalletTransactionOutcomeUnknown: the answer to a committed credit is
// lost; it is resent with the same referenceId and applied once.
func TestWalletTransactionOutcomeUnknown(t *testing.T) {
	srv, c := newPair(t, []orbttest.Option{orbttest.WithPartnerBalance("USD", dec("100"))})
	cust, err := c.CreateCustomer(ctx, orbt.CreateCustomerRequest{FullName: "D", Email: "d@example.com", Currency: "USD", InitialFunds: dec("10")})
	if err != nil {
		t.Fatal(err)
	}
	srv.InjectFault(orbttest.Fault{Method: "POST", Path: "/api/partner/v1/wallets/", DropAfterCommit: true})
	tx, err := c.CreateWalletTransaction(ctx, cust.WalletID, orbt.WalletTransactionRequest{Amount: dec("20"), Type: orbt.Credit})
	if err != nil {
		t.Fatal(err)
	}
	var refs []string
	for _, e := range srv.Requests() {
		if e.Method == "POST" && strings.HasPrefix(e.Path, "/api/partner/v1/wallets/") {
			refs = append(refs, string(e.Body))
		}
	}
	if len(refs) != 2 || refs[0] != refs[1] || !strings.Contains(refs[0], tx.ReferenceID) {
		t.Errorf("sent %v", refs)
	}
	credits := 0
	for _, l := range srv.Ledger() {
		if l.Reason == "CREDIT" {
			credits++
		}
	}
	b, _ := srv.WalletBalance(cust.WalletID)
	if srv.TransactionCount() != 1 || credits != 1 || !b.Equal(dec("30")) || !srv.PartnerBalance("USD").Equal(dec("70")) {
		t.Errorf("%d transactions, %d credits, wallet %s, partner %s", srv.TransactionCount(), credits, b, srv.PartnerBalance("USD"))
	}
	if len(srv.Replays()) != 0 {
		t.Error("the resend reused a signature")
	}
}

func TestConcurrentUse(t *testing.T) {
	srv, c := newPair(t, nil)
	var wg sync.WaitGroup
	for i := range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cust, err := c.CreateCustomer(ctx, orbt.CreateCustomerRequest{FullName: "P", Email: fmt.Sprintf("p%d@example.com", i), Currency: "USD", InitialFunds: dec("1")})
			if err != nil {
				t.Error(err)
				return
			}
			if _, err := c.CreateWalletTransaction(ctx, cust.WalletID, orbt.WalletTransactionRequest{Amount: dec("1"), Type: orbt.Credit}); err != nil {
				t.Error(err)
			}
			for _, err := range c.Customers(ctx, 5) {
				if err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	// No two requests share a signature, identical GETs stamped in the
	// same millisecond included (issue 8, item 11c: before, only POSTs,
	// whose bodies differ, were checked here).
	postReplays := 0
	for _, e := range srv.Replays() {
		if e.Method == "POST" {
			postReplays++
		}
	}
	if srv.CustomerCount() != 12 || srv.TransactionCount() != 12 || postReplays != 0 || len(srv.Replays()) != 0 {
		t.Errorf("%d customers, %d transactions, %d replayed POSTs, %d replays", srv.CustomerCount(), srv.TransactionCount(), postReplays, len(srv.Replays()))
	}
}

// TestResetAndDelayFaults: a reset before the handler ran leaves a create
// unknown (reconciled: not there, sent again, created once); a GET held past
// the attempt timeout is retried.
func TestResetAndDelayFaults(t *testing.T) {
	srv, c := newPair(t, nil, giftcard.WithAttemptTimeout(100*time.Millisecond))
	srv.InjectFault(orbttest.Fault{Method: "POST", Path: "/api/partner/v1/customer", Reset: true})
	cust, err := c.CreateCustomer(ctx, orbt.CreateCustomerRequest{FullName: "Reset", Email: "reset@example.com", Currency: "USD", InitialFunds: dec("2")})
	if err != nil {
		t.Fatal(err)
	}
	if !cust.Reconciled || srv.CustomerCount() != 1 || srv.CountRequests("POST", "/api/partner/v1/customer") != 2 || len(srv.Ledger()) != 1 {
		t.Errorf("%+v: %d customers, %d creates", cust, srv.CustomerCount(), srv.CountRequests("POST", "/api/partner/v1/customer"))
	}
	srv.InjectFault(orbttest.Fault{Method: "GET", Delay: -1})
	p, err := c.ListCustomers(ctx, orbt.ListOptions{})
	if err != nil || len(p.Items) != 1 {
		t.Fatalf("after a held attempt: %+v %v", p, err)
	}
	if n := srv.CountRequests("GET", "/api/partner/v1/customer"); n < 3 { // 1 lookup + held + retry
		t.Errorf("%d GETs", n)
	}
}

// TestCreateCustomerUnreadableAnswer: a 2xx the SDK cannot read may hide a
// created customer, so it is an unknown outcome and is reconciled.
func TestCreateCustomerUnreadableAnswer(t *testing.T) {
	srv, c := newPair(t, nil)
	srv.InjectFault(orbttest.Fault{Method: "POST", Path: "/api/partner/v1/customer", Status: 200, Body: `<html>ok</html>`})
	cust, err := c.CreateCustomer(ctx, orbt.CreateCustomerRequest{FullName: "Garbled", Email: "garbled@example.com", Currency: "USD", InitialFunds: dec("1")})
	if err != nil {
		t.Fatal(err)
	}
	if !cust.Reconciled || srv.CustomerCount() != 1 || srv.CountRequests("POST", "/api/partner/v1/customer") != 2 {
		t.Errorf("%+v, %d customers", cust, srv.CustomerCount())
	}
	// A wallet transaction answered with an unreadable 200 is resent with
	// the same referenceId until the answer is readable, and applied once.
	// (Issue 8, item 4 changed this test: the unreadable answer was
	// returned as ErrInvalidResponse for the caller to resend.)
	srv.InjectFault(orbttest.Fault{Method: "POST", Path: "/api/partner/v1/wallets/", Status: 200, Body: `{"success":true,"data":[`})
	tx, err := c.CreateWalletTransaction(ctx, cust.WalletID, orbt.WalletTransactionRequest{Amount: dec("1"), Type: orbt.Credit})
	if err != nil || tx.ReferenceID == "" || tx.ID == "" {
		t.Fatalf("%+v %v", tx, err)
	}
	again, err := c.CreateWalletTransaction(ctx, cust.WalletID, orbt.WalletTransactionRequest{Amount: dec("1"), Type: orbt.Credit, ReferenceID: tx.ReferenceID})
	if err != nil || again.ReferenceID != tx.ReferenceID || again.ID != tx.ID || srv.TransactionCount() != 1 ||
		srv.CountRequests("POST", "/api/partner/v1/wallets/") != 3 {
		t.Errorf("resend %+v %v, %d transactions", again, err, srv.TransactionCount())
	}
}
