package orbt_test

// Tests of the outside audit's findings (issue 8) that concern ORBT, one
// test per item; each failed on the code before the fix.

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/giftcardtest"
	"github.com/giftcard-go/giftcard/orbt"
	"github.com/giftcard-go/giftcard/orbt/orbttest"
)

var jsonHeader = http.Header{"Content-Type": {"application/json"}}

// TestRedirectNeverFollowed (item 2): an ORBT answer of 3xx is an error
// naming the Location; the second server, on another port, receives
// nothing: neither x-api-key nor a valid x-signature leaves the configured
// origin.
func TestRedirectNeverFollowed(t *testing.T) {
	var elsewhere atomic.Int64
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		elsewhere.Add(1)
		w.WriteHeader(200)
	}))
	defer other.Close()
	for _, status := range []int{301, 302, 303, 307, 308} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			var here atomic.Int64
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				here.Add(1)
				http.Redirect(w, r, other.URL+r.URL.Path, status)
			}))
			defer srv.Close()
			c, err := orbt.New(orbt.Config{APIKey: "key-123", ClientID: "client", HMACSecret: "secret", BaseURL: srv.URL})
			if err != nil {
				t.Fatal(err)
			}
			calls := map[string]func() error{
				"CreateCustomer": func() error {
					_, err := c.CreateCustomer(ctx, orbt.CreateCustomerRequest{FullName: "R", Email: "r@example.com", Currency: "USD", InitialFunds: dec("1")})
					return err
				},
				"ListCustomers": func() error { _, err := c.ListCustomers(ctx, orbt.ListOptions{}); return err },
				"ListWallets":   func() error { _, err := c.ListWallets(ctx, "101", orbt.ListOptions{}); return err },
				"CreateWalletTransaction": func() error {
					_, err := c.CreateWalletTransaction(ctx, "101", orbt.WalletTransactionRequest{Amount: dec("1"), Type: orbt.Credit, ReferenceID: "redir-1"})
					return err
				},
				"Ping": func() error { return c.Ping(ctx) },
			}
			for op, call := range calls {
				before := here.Load()
				err := call()
				e := apiErr(t, err)
				if !errors.Is(err, giftcard.ErrInvalidResponse) || errors.Is(err, giftcard.ErrOutcomeUnknown) || e.StatusCode != status ||
					!strings.Contains(e.Message, other.URL) || e.Op != op {
					t.Errorf("%s: %v", op, err)
				}
				if n := here.Load() - before; n != 1 {
					t.Errorf("%s: %d requests to the configured origin, want 1", op, n)
				}
			}
			if n := elsewhere.Load(); n != 0 {
				t.Errorf("the other origin received %d requests", n)
			}
		})
	}
}

// TestLostCreateNeverReportsAnOldWallet (item 3): the email already has a
// wallet in the currency, and the create is answered 503. Reconciliation
// finds the old wallet; that is no proof this call issued anything, so the
// call fails, naming the customer and the wallet, and nothing is debited.
// A resend answered with success is proof: that call succeeds.
func TestLostCreateNeverReportsAnOldWallet(t *testing.T) {
	srv, c := newPair(t, nil)
	old, err := c.CreateCustomer(ctx, orbt.CreateCustomerRequest{FullName: "Jane", Email: "jane@example.com", Currency: "USD", InitialFunds: dec("50")})
	if err != nil {
		t.Fatal(err)
	}
	balance := srv.PartnerBalance("USD")
	unavailable := orbttest.Fault{Method: "POST", Path: "/api/partner/v1/customer", Status: 503, Header: jsonHeader, Body: `{"Message":"Service Unavailable"}`}
	for name, issue := range map[string]func() (string, error){
		"CreateCustomer": func() (string, error) {
			cust, err := c.CreateCustomer(ctx, orbt.CreateCustomerRequest{FullName: "Jane", Email: "jane@example.com", Currency: "USD", InitialFunds: dec("50")})
			return cust.ID, err
		},
		"IssueGift": func() (string, error) {
			g, err := c.IssueGift(ctx, giftcard.GiftRequest{Amount: giftcard.MustParseMoney("50", "USD"), Recipient: giftcard.Recipient{Name: "Jane", Email: "jane@example.com"}})
			return g.ID, err
		},
	} {
		srv.InjectFault(unavailable)
		id, err := issue()
		if err == nil || id != "" {
			t.Fatalf("%s: reported success (id %q) for a wallet it did not create", name, id)
		}
		e := apiErr(t, err)
		if !errors.Is(err, giftcard.ErrDuplicateReference) || !errors.Is(err, giftcard.ErrOutcomeUnknown) ||
			!strings.Contains(e.Message, "customer "+old.ID) || !strings.Contains(e.Message, "wallet "+old.WalletID) || e.Reference != "jane@example.com USD" {
			t.Errorf("%s: %v", name, err)
		}
	}
	if !srv.PartnerBalance("USD").Equal(balance) || srv.CustomerCount() != 1 {
		t.Errorf("partner balance %s (was %s), %d customers", srv.PartnerBalance("USD"), balance, srv.CustomerCount())
	}
	// Proof: nothing found, the resend is answered with success.
	srv.InjectFault(unavailable)
	cust, err := c.CreateCustomer(ctx, orbt.CreateCustomerRequest{FullName: "New", Email: "new@example.com", Currency: "USD", InitialFunds: dec("5")})
	if err != nil || !cust.Reconciled || cust.ID == "" || srv.CountRequests("POST", "/api/partner/v1/customer") != 5 {
		t.Errorf("resent create: %+v %v", cust, err)
	}
}

// TestWalletTransactionResentUntilReadable (item 4): a credit answered 500,
// or with a 200 that cannot be read or lacks the transaction's id, is
// resent with the same referenceId; the wallet moves once, and when no
// answer proves the transaction the error is outcome-unknown and carries
// the referenceId, never a success.
func TestWalletTransactionResentUntilReadable(t *testing.T) {
	srv, c := newPair(t, nil, giftcard.WithRetryPolicy(giftcard.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}))
	cust, err := c.CreateCustomer(ctx, orbt.CreateCustomerRequest{FullName: "T", Email: "t@example.com", Currency: "USD", InitialFunds: dec("10")})
	if err != nil {
		t.Fatal(err)
	}
	const path = "/api/partner/v1/wallets/"
	posts := func() []string {
		var out []string
		for _, e := range srv.Requests() {
			if e.Method == "POST" && strings.HasPrefix(e.Path, path) {
				out = append(out, string(e.Body))
			}
		}
		return out
	}
	n := 0
	for _, tc := range []struct {
		name  string
		fault orbttest.Fault
		sent  int // POSTs the call makes when the fault is not repeated
		limit int // and when it is: the send and the resend, each within the policy
	}{
		{"500 twice", orbttest.Fault{Status: 500, Times: 2, Body: `{"success":false,"error":{"error":"INTERNAL_ERROR","message":"x"}}`}, 3, 6},
		{"truncated 200", orbttest.Fault{Status: 200, Body: `{"success":true,"data":{"transactionId":`}, 2, 2},
		{"wrong-typed 200", orbttest.Fault{Status: 200, Body: `{"success":true,"data":"T9"}`}, 2, 2},
		{"empty 200", orbttest.Fault{Status: 200, Body: `{}`}, 2, 2},
		{"success without data", orbttest.Fault{Status: 200, Body: `{"success":true}`}, 2, 2},
		{"another reference's answer", orbttest.Fault{Status: 200, Body: `{"success":true,"data":{"transactionId":"T77","referenceId":"someone-else"}}`}, 2, 2},
	} {
		t.Run(tc.name+", then readable", func(t *testing.T) {
			n++
			ref := fmt.Sprintf("credit-%d", n)
			f := tc.fault
			f.Method, f.Path, f.Header = "POST", path, jsonHeader
			srv.InjectFault(f)
			before := len(posts())
			tx, err := c.CreateWalletTransaction(ctx, cust.WalletID, orbt.WalletTransactionRequest{Amount: dec("1"), Type: orbt.Credit, ReferenceID: ref})
			if err != nil || tx.ID == "" || tx.ReferenceID != ref {
				t.Fatalf("%+v %v", tx, err)
			}
			sent := posts()[before:]
			if len(sent) != tc.sent {
				t.Errorf("%d POSTs, want %d", len(sent), tc.sent)
			}
			for _, b := range sent {
				if b != sent[0] || !strings.Contains(b, `"referenceId":"`+ref+`"`) {
					t.Errorf("resent %s, first %s", b, sent[0])
				}
			}
		})
		t.Run(tc.name+", always", func(t *testing.T) {
			n++
			ref := fmt.Sprintf("credit-%d", n)
			f := tc.fault
			f.Method, f.Path, f.Header, f.Times = "POST", path, jsonHeader, -1
			srv.InjectFault(f)
			defer srv.ClearFaults()
			before := len(posts())
			tx, err := c.CreateWalletTransaction(ctx, cust.WalletID, orbt.WalletTransactionRequest{Amount: dec("1"), Type: orbt.Credit, ReferenceID: ref})
			if n := len(posts()) - before; n != tc.limit {
				t.Errorf("%d POSTs, want %d", n, tc.limit)
			}
			e := apiErr(t, err)
			if !errors.Is(err, giftcard.ErrOutcomeUnknown) || e.Reference != ref || tx.ID != "" || tx.ReferenceID != ref {
				t.Errorf("%+v %v", tx, err)
			}
			if f.Status == 200 && !errors.Is(err, giftcard.ErrInvalidResponse) {
				t.Errorf("unreadable answers: %v does not match ErrInvalidResponse", err)
			}
		})
	}
	credits := 0
	for _, l := range srv.Ledger() {
		if l.Reason == "CREDIT" {
			credits++
		}
	}
	if srv.TransactionCount() != 6 || credits != 6 {
		t.Errorf("%d transactions, %d credits; want one per readable call", srv.TransactionCount(), credits)
	}
}

// TestEmptyAnswersAreInvalid (item 5): a {} answer is an invalid response,
// never a zero value handed back as success.
func TestEmptyAnswersAreInvalid(t *testing.T) {
	srv, c := newPair(t, nil)
	cust, err := c.CreateCustomer(ctx, orbt.CreateCustomerRequest{FullName: "E", Email: "e@example.com", Currency: "USD", InitialFunds: dec("1")})
	if err != nil {
		t.Fatal(err)
	}
	srv.InjectFault(orbttest.Fault{Method: "GET", Status: 200, Header: jsonHeader, Body: `{}`, Times: -1})
	reads := map[string]func() error{
		"ListCustomers": func() error { p, err := c.ListCustomers(ctx, orbt.ListOptions{}); return zeroOr(p.Items == nil, err) },
		"ListWallets": func() error {
			p, err := c.ListWallets(ctx, cust.ID, orbt.ListOptions{})
			return zeroOr(p.Items == nil, err)
		},
		"Customers": func() error {
			for _, err := range c.Customers(ctx, 0) {
				return err
			}
			return nil
		},
		"GetGift": func() error { g, err := c.GetGift(ctx, cust.ID); return zeroOr(g.ID == "", err) },
		"Ping":    func() error { return c.Ping(ctx) },
	}
	for op, read := range reads {
		if err := read(); !errors.Is(err, giftcard.ErrInvalidResponse) || errors.Is(err, giftcard.ErrOutcomeUnknown) {
			t.Errorf("%s: %v, want ErrInvalidResponse", op, err)
		}
	}
	srv.ClearFaults()
	// Writes: the answer may hide a committed request, so the outcome is
	// unknown too. ({"id":5} is a transaction's id, but no customer's
	// whole answer: it lacks walletId and walletBalance.)
	for _, body := range []string{`{}`, `{"success":true}`, `{"success":true,"data":{}}`, `{"success":true,"data":{"id":5}}`} {
		srv.InjectFault(orbttest.Fault{Method: "POST", Status: 200, Header: jsonHeader, Body: body, Times: -1})
		got, err := c.CreateCustomer(ctx, orbt.CreateCustomerRequest{FullName: "F", Email: "f@example.com", Currency: "USD", InitialFunds: dec("1")})
		if err == nil || got.ID != "" || !errors.Is(err, giftcard.ErrOutcomeUnknown) {
			t.Errorf("create answered %s: %+v, %v", body, got, err)
		}
		if body != `{"success":true,"data":{"id":5}}` {
			tx, err := c.CreateWalletTransaction(ctx, cust.WalletID, orbt.WalletTransactionRequest{Amount: dec("1"), Type: orbt.Credit})
			if err == nil || tx.ID != "" || !errors.Is(err, giftcard.ErrInvalidResponse) || !errors.Is(err, giftcard.ErrOutcomeUnknown) {
				t.Errorf("credit answered %s: %+v, %v", body, tx, err)
			}
		}
		srv.ClearFaults()
	}
	if srv.CustomerCount() != 1 || srv.TransactionCount() != 0 {
		t.Errorf("%d customers, %d transactions", srv.CustomerCount(), srv.TransactionCount())
	}
}

// zeroOr returns err, or an error when err is nil but the value is a zero
// value (a success that proves nothing).
func zeroOr(zero bool, err error) error {
	if err == nil && zero {
		return errors.New("zero value with a nil error")
	}
	return err
}

// TestNewRefusesControlCharacters (item 7): CR, LF or NUL in the API key or
// the client id is a configuration error from New, naming the field and
// not echoing the value, never an outage retried at the first call.
func TestNewRefusesControlCharacters(t *testing.T) {
	good := orbt.Config{APIKey: "key-123", ClientID: "client-1", HMACSecret: "secret", BaseURL: "http://127.0.0.1:9"}
	for _, tc := range []struct {
		field  string
		mutate func(*orbt.Config)
	}{
		{"APIKey", func(c *orbt.Config) { c.APIKey = "key-123\r\nX-Injected: 1" }},
		{"APIKey", func(c *orbt.Config) { c.APIKey = "key-123\n" }},
		{"APIKey", func(c *orbt.Config) { c.APIKey = "key\x00-123" }},
		{"ClientID", func(c *orbt.Config) { c.ClientID = "client-1\r" }},
		{"ClientID", func(c *orbt.Config) { c.ClientID = "client\n-1" }},
		{"ClientID", func(c *orbt.Config) { c.ClientID = "client-1\x00" }},
	} {
		cfg := good
		tc.mutate(&cfg)
		c, err := orbt.New(cfg)
		wantField(t, err, tc.field)
		if c != nil || strings.Contains(err.Error(), "key-123") {
			t.Errorf("%s: client %v, error %v", tc.field, c, err)
		}
	}
	if _, err := orbt.New(good); err != nil {
		t.Errorf("good config: %v", err)
	}
}

// TestZeroValueClient (item 8): a zero orbt.Client, or a nil *Client,
// fails every call with an error and never panics.
func TestZeroValueClient(t *testing.T) {
	for name, c := range map[string]*orbt.Client{"zero": {}, "nil": nil} {
		t.Run(name, func(t *testing.T) {
			calls := map[string]func() error{
				"CreateCustomer": func() error {
					_, err := c.CreateCustomer(ctx, orbt.CreateCustomerRequest{FullName: "Z", Email: "z@example.com", Currency: "USD"})
					return err
				},
				"ListCustomers": func() error { _, err := c.ListCustomers(ctx, orbt.ListOptions{}); return err },
				"Customers": func() error {
					for _, err := range c.Customers(ctx, 0) {
						return err
					}
					return nil
				},
				"FindCustomerByEmail": func() error { _, err := c.FindCustomerByEmail(ctx, "z@example.com"); return err },
				"ListWallets":         func() error { _, err := c.ListWallets(ctx, "101", orbt.ListOptions{}); return err },
				"Wallets": func() error {
					for _, err := range c.Wallets(ctx, "101", 0) {
						return err
					}
					return nil
				},
				"CreateWalletTransaction": func() error {
					_, err := c.CreateWalletTransaction(ctx, "101", orbt.WalletTransactionRequest{Amount: dec("1"), Type: orbt.Credit})
					return err
				},
				"IssueGift": func() error {
					_, err := c.IssueGift(ctx, giftcard.GiftRequest{Amount: giftcard.MustParseMoney("1", "USD"), Recipient: giftcard.Recipient{Name: "Z", Email: "z@example.com"}})
					return err
				},
				"GetGift":    func() error { _, err := c.GetGift(ctx, "101"); return err },
				"CancelGift": func() error { return c.CancelGift(ctx, "101") },
				"Ping":       func() error { return c.Ping(ctx) },
			}
			for op, call := range calls {
				func() {
					defer func() {
						if p := recover(); p != nil {
							t.Errorf("%s panicked: %v", op, p)
						}
					}()
					if err := call(); err == nil {
						t.Errorf("%s: nil error", op)
					} else if op != "CancelGift" && !strings.Contains(err.Error(), "New") {
						t.Errorf("%s: %v does not say to build the client with New", op, err)
					}
				}()
			}
			if c.Name() != "orbt" || c.BaseURL() != "" || c.String() == "" || fmt.Sprintf("%#v", c) == "" {
				t.Errorf("accessors: %q %q %q", c.Name(), c.BaseURL(), c.String())
			}
		})
	}
}

// TestUniqueSignaturesUnderLoad (item 11c): 50 goroutines each send 200
// identical GETs (the same page of the customer list) through one client,
// on a clock that moves only when the client waits. Every request carries
// its own x-signature (the sandbox refuses a replay), and no x-timestamp
// runs more than orbt.MaxTimestampLead ahead of the clock. The largest lead
// is logged.
func TestUniqueSignaturesUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("10,000 requests")
	}
	clk := giftcardtest.NewClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	srv := orbttest.NewServer(orbttest.WithClock(clk), orbttest.WithRejectReplays())
	defer srv.Close()
	c, err := orbt.New(srv.Config(), giftcard.WithClock(clk), giftcard.WithMaxConnsPerHost(50))
	if err != nil {
		t.Fatal(err)
	}
	const workers, each = 50, 200
	var wg sync.WaitGroup
	var failed atomic.Int64
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				if _, err := c.ListCustomers(ctx, orbt.ListOptions{}); err != nil {
					if failed.Add(1) == 1 {
						t.Error(err)
					}
				}
			}
		}()
	}
	wg.Wait()
	reqs := srv.Requests()
	stamps := map[string]bool{}
	var lead time.Duration
	for _, e := range reqs {
		ts, err := time.Parse(orbt.TimestampLayout, e.Header.Get("X-Timestamp"))
		if err != nil {
			t.Fatal(err)
		}
		stamps[e.Header.Get("X-Timestamp")] = true
		lead = max(lead, ts.Sub(e.Time))
	}
	t.Logf("%d requests, %d distinct timestamps, %d replays, largest lead over the clock %s", len(reqs), len(stamps), len(srv.Replays()), lead)
	if len(reqs) != workers*each || len(stamps) != workers*each || len(srv.Replays()) != 0 || failed.Load() != 0 {
		t.Errorf("%d requests, %d distinct timestamps, %d replays, %d failures", len(reqs), len(stamps), len(srv.Replays()), failed.Load())
	}
	if lead > orbt.MaxTimestampLead {
		t.Errorf("a timestamp ran %s ahead of the clock, over %s", lead, orbt.MaxTimestampLead)
	}
}

// TestForbiddenSaysWhatToCheck (item 12): a refused signature names what
// to check, with the clock skew measured from the answer's Date header; the
// provider's own message is kept as sent.
func TestForbiddenSaysWhatToCheck(t *testing.T) {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header()["Date"] = []string{now.Add(-7 * time.Minute).Format(http.TimeFormat)}
		w.WriteHeader(403)
		_, _ = w.Write([]byte(`{"Message":"` + orbttest.ForbiddenMessage + `"}`))
	}))
	defer srv.Close()
	c, err := orbt.New(orbt.Config{APIKey: "k", ClientID: "c", HMACSecret: "s", BaseURL: srv.URL}, giftcard.WithClock(giftcardtest.NewClock(now)))
	if err != nil {
		t.Fatal(err)
	}
	err = c.Ping(ctx)
	e := apiErr(t, err)
	if !errors.Is(err, giftcard.ErrUnauthorized) || e.Message != orbttest.ForbiddenMessage || e.Op != "Ping" {
		t.Errorf("%#v", e)
	}
	for _, want := range []string{"API key", "client id", "HMAC secret", "signing scheme", "orbt.SignBodyHash", "clock", "7m0s ahead of ORBT's"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q lacks %q", err, want)
		}
	}
	// Against the sandbox, with the wrong secret and no usable skew.
	sb, _ := newPair(t, nil)
	cfg := sb.Config()
	cfg.HMACSecret = "wrong"
	bad, _ := orbt.New(cfg)
	if err := bad.Ping(ctx); !errors.Is(err, giftcard.ErrUnauthorized) || !strings.Contains(err.Error(), "HMAC secret") {
		t.Errorf("wrong secret: %v", err)
	}
}

// TestPing (item 12): a cheap credential check, one signed GET of a
// one-item page.
func TestPing(t *testing.T) {
	srv, c := newPair(t, nil)
	if err := c.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	reqs := srv.Requests()
	if len(reqs) != 1 || reqs[0].Method != "GET" || reqs[0].Path != "/api/partner/v1/customer" || reqs[0].Query != "page=0&size=1" {
		t.Errorf("sent %+v", reqs)
	}
	ctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := c.Ping(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}
