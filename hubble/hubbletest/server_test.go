package hubbletest_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/giftcard-go/giftcard/giftcardtest"
	"github.com/giftcard-go/giftcard/giftcardtest/sandbox"
	"github.com/giftcard-go/giftcard/hubble"
	"github.com/giftcard-go/giftcard/hubble/hubbletest"
)

// The sandbox surface every provider sandbox shares (promoted from the
// embedded sandbox.Base) stays part of the Server's API.
var _ interface {
	Close()
	Client() *http.Client
	Requests() []hubbletest.Entry
	CountRequests(method, pathPrefix string) int
	InjectFault(hubbletest.Fault)
	ClearFaults()
	WaitWebhooks(context.Context, int) ([]hubbletest.WebhookDelivery, error)
} = (*hubbletest.Server)(nil)

type call struct {
	t     *testing.T
	srv   *hubbletest.Server
	token string
}

func (c call) do(method, path, body string, hdr map[string]string) (int, []byte) {
	c.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, c.srv.URL+path, rd)
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	req.Header.Set("X-REQUEST-ID", uuid.NewString())
	for k, v := range hdr {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	resp, err := c.srv.Client().Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

func login(t *testing.T, srv *hubbletest.Server) call {
	t.Helper()
	c := call{t: t, srv: srv}
	st, b := c.do(http.MethodPost, "/v1/partners/auth/login", `{"clientId":"`+srv.ClientID()+`","clientSecret":"`+srv.ClientSecret().Reveal()+`"}`, map[string]string{"X-REQUEST-ID": ""})
	if st != http.StatusOK {
		t.Fatalf("login %d %s", st, b)
	}
	var lr hubble.LoginResponse
	if err := json.Unmarshal(b, &lr); err != nil || lr.ExpiresInSecs <= 0 {
		t.Fatalf("%s %v", b, err)
	}
	c.token = lr.Token.Reveal()
	return c
}

func code(t *testing.T, b []byte) string {
	t.Helper()
	var e hubble.ErrorResponse
	if err := json.Unmarshal(b, &e); err != nil {
		t.Fatalf("error body %s: %v", b, err)
	}
	if e.ID != "" {
		return e.ID
	}
	return e.Code
}

func TestAuthChecks(t *testing.T) {
	clk := giftcardtest.NewManualClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	srv := hubbletest.NewServer(hubbletest.WithClock(clk), hubbletest.WithTokenLifetime(10*time.Minute))
	defer srv.Close()
	anon := call{t: t, srv: srv}
	for _, tc := range []struct {
		body string
		st   int
	}{
		{`{"clientId":"","clientSecret":"x"}`, 400},
		{`{"clientId":"x"}`, 400},
		{`not json`, 400},
		{`{"clientId":"hubbletest-client","clientSecret":"nope"}`, 401},
	} {
		if st, b := anon.do(http.MethodPost, "/v1/partners/auth/login", tc.body, nil); st != tc.st {
			t.Errorf("login %s: %d %s", tc.body, st, b)
		}
	}
	c := login(t, srv)
	if st, _ := c.do(http.MethodGet, "/v1/partners/wallet/balance", "", nil); st != 200 {
		t.Fatalf("authorised call: %d", st)
	}
	for name, hdr := range map[string]map[string]string{
		"no request id":       {"X-REQUEST-ID": ""},
		"request id not UUID": {"X-REQUEST-ID": "req-1"},
	} {
		if st, b := c.do(http.MethodGet, "/v1/partners/wallet/balance", "", hdr); st != 400 || code(t, b) != "INVALID_REQUEST_ID" {
			t.Errorf("%s: %d %s", name, st, b)
		}
	}
	if st, b := anon.do(http.MethodGet, "/v1/partners/wallet/balance", "", nil); st != 401 || code(t, b) != "UNAUTHORIZED" {
		t.Errorf("no token: %d %s", st, b)
	}
	if st, _ := c.do(http.MethodPost, "/v1/partners/orders", `{}`, map[string]string{"Content-Type": "text/plain"}); st != http.StatusUnsupportedMediaType {
		t.Errorf("text/plain body: %d", st)
	}
	// Content-Type is required on every POST, a bodiless one and login too.
	if st, b := c.do(http.MethodPost, "/v1/partners/orders/01NOPE/resend-delivery", "", map[string]string{"Content-Type": ""}); st != http.StatusUnsupportedMediaType || code(t, b) != "UNSUPPORTED_MEDIA_TYPE" {
		t.Errorf("bodiless POST without Content-Type: %d %s", st, b)
	}
	if st, _ := anon.do(http.MethodPost, "/v1/partners/auth/login", `{"clientId":"hubbletest-client","clientSecret":"hubbletest-secret"}`, map[string]string{"Content-Type": ""}); st != http.StatusUnsupportedMediaType {
		t.Errorf("login without Content-Type: %d", st)
	}
	if st, b := c.do(http.MethodGet, "/v1/partners/nothing", "", nil); st != 404 || code(t, b) != "E001" {
		t.Errorf("unknown endpoint: %d %s", st, b)
	}
	clk.Advance(10 * time.Minute)
	if st, _ := c.do(http.MethodGet, "/v1/partners/wallet/balance", "", nil); st != 401 {
		t.Errorf("expired token: %d", st)
	}
	c = login(t, srv)
	srv.RevokeTokens()
	if st, _ := c.do(http.MethodGet, "/v1/partners/wallet/balance", "", nil); st != 401 {
		t.Errorf("revoked token: %d", st)
	}
	if srv.Logins() != 7 {
		t.Errorf("Logins() = %d", srv.Logins())
	}
}

func TestOrdersOnTheWire(t *testing.T) {
	srv := hubbletest.NewServer(hubbletest.WithBalance(hubbleDec(t, "1000")))
	defer srv.Close()
	c := login(t, srv)
	order := func(product, ref string, amount, denom, qty string) (int, []byte) {
		return c.do(http.MethodPost, "/v1/partners/orders", `{"productId":"`+product+`","referenceId":"`+ref+`","amount":`+amount+
			`,"denominationDetails":[{"denomination":`+denom+`,"quantity":`+qty+`}]}`, nil)
	}
	st, b := order(hubbletest.FlipkartID, "r1", "500", "500", "1")
	var o hubble.Order
	if st != 200 || json.Unmarshal(b, &o) != nil || o.Status != hubble.StatusSuccess || len(o.Vouchers) != 1 {
		t.Fatalf("%d %s", st, b)
	}
	if !strings.Contains(string(b), `"amount":500`) || !strings.Contains(string(b), `"failureReason":null`) {
		t.Fatalf("amounts must be JSON numbers and failureReason null: %s", b)
	}
	for _, tc := range []struct {
		product, ref, amount, denom, qty string
		st                               int
		code                             string
	}{
		{hubbletest.FlipkartID, "r1", "500", "500", "1", 409, hubble.CodeDuplicateReference},
		{hubbletest.FlipkartID, strings.Repeat("x", 41), "500", "500", "1", 400, "VALIDATION_ERROR"},
		{hubbletest.FlipkartID, "r2", "600", "600", "1", 400, "E150"},
		{hubbletest.FlipkartID, "r2", "400", "500", "1", 400, "E151"},
		{hubbletest.FlipkartID, "r2", "0", "0", "1", 400, "E157"},
		{hubbletest.FlipkartID, "r2", "5500", "500", "11", 400, "E154"},
		{hubbletest.FlipkartID, "r2", "1000", "1000", "1", 400, "E300"},
		{hubbletest.FlipkartID, "r2", "500", "500", "0", 400, "VALIDATION_ERROR"},
		{"01HNOPE", "r2", "500", "500", "1", 404, "E001"},
	} {
		if st, b := order(tc.product, tc.ref, tc.amount, tc.denom, tc.qty); st != tc.st || code(t, b) != tc.code {
			t.Errorf("%+v: %d %s", tc, st, b)
		}
	}
	// Refused orders do not consume their reference; r2 is still free.
	if st, b := order(hubbletest.FlipkartID, "r2", "250", "250", "1"); st != 200 {
		t.Fatalf("r2 after refusals: %d %s", st, b)
	}
	if !srv.Balance().Equal(hubbleDec(t, "250")) {
		t.Fatalf("balance %s", srv.Balance())
	}
	// A FAILED order consumes its reference and debits nothing.
	st, b = order(hubbletest.JiomartID, "r3", "100", "100", "1")
	if st != 200 || !strings.Contains(string(b), `"Brand not available"`) || !srv.Balance().Equal(hubbleDec(t, "250")) {
		t.Fatalf("%d %s", st, b)
	}
	if st, _ := order(hubbletest.FlipkartID, "r3", "100", "100", "1"); st != 409 {
		t.Fatalf("reusing a failed order's reference: %d", st)
	}
	// Vouchers and resend.
	if st, b := c.do(http.MethodGet, "/v1/partners/orders/vouchers/"+o.Vouchers[0].ID, "", nil); st != 200 || !strings.Contains(string(b), o.Vouchers[0].CardNumber.Reveal()) {
		t.Fatalf("voucher: %d %s", st, b)
	}
	if st, _ := c.do(http.MethodPost, "/v1/partners/orders/"+o.ID+"/resend-delivery", "", nil); st != 200 || srv.Resends(o.ID) != 1 {
		t.Fatalf("resend: %d", st)
	}
	failed := srv.Orders()[2]
	if st, _ := c.do(http.MethodPost, "/v1/partners/orders/"+failed.ID+"/resend-delivery", "", nil); st != 400 {
		t.Fatalf("resend of a FAILED order: %d", st)
	}
	if err := srv.SettleOrder(failed.ID, hubble.StatusSuccess); err == nil {
		t.Fatal("settled a FAILED order")
	}
}

func TestProcessingSettlesAfterPollsAndRefundsOnFailure(t *testing.T) {
	srv := hubbletest.NewServer(hubbletest.WithProcessingPolls(2))
	defer srv.Close()
	c := login(t, srv)
	before := srv.Balance()
	st, b := c.do(http.MethodPost, "/v1/partners/orders", `{"productId":"`+hubbletest.AmazonID+`","referenceId":"big","amount":5000,"denominationDetails":[{"denomination":500,"quantity":10}]}`, nil)
	var o hubble.Order
	if st != 200 || json.Unmarshal(b, &o) != nil || o.Status != hubble.StatusProcessing || len(o.Vouchers) != 0 {
		t.Fatalf("%d %s", st, b)
	}
	if !before.Sub(srv.Balance()).Equal(hubbleDec(t, "5000")) {
		t.Fatal("a PROCESSING order is debited when placed")
	}
	_, b = c.do(http.MethodGet, "/v1/partners/orders/"+o.ID, "", nil)
	if !strings.Contains(string(b), "PROCESSING") {
		t.Fatalf("first poll: %s", b)
	}
	_, b = c.do(http.MethodGet, "/v1/partners/orders/by-reference/big", "", nil)
	if json.Unmarshal(b, &o) != nil || o.Status != hubble.StatusSuccess || len(o.Vouchers) != 10 {
		t.Fatalf("second poll: %s", b)
	}
	// SettleOrder FAILED refunds.
	srv2 := hubbletest.NewServer(hubbletest.WithProcessingPolls(0))
	defer srv2.Close()
	c2 := login(t, srv2)
	_, b = c2.do(http.MethodPost, "/v1/partners/orders", `{"productId":"`+hubbletest.AmazonID+`","referenceId":"big","amount":5000,"denominationDetails":[{"denomination":500,"quantity":10}]}`, nil)
	_ = json.Unmarshal(b, &o)
	for range 5 {
		c2.do(http.MethodGet, "/v1/partners/orders/"+o.ID, "", nil)
	}
	if srv2.Orders()[0].Status != hubble.StatusProcessing {
		t.Fatal("WithProcessingPolls(0) settled on its own")
	}
	if err := srv2.SettleOrder(o.ID, hubble.StatusFailed); err != nil {
		t.Fatal(err)
	}
	if !srv2.Balance().Equal(hubbleDec(t, "1000000")) || srv2.Orders()[0].FailureReason == "" {
		t.Fatalf("balance %s after a failed settlement", srv2.Balance())
	}
}

func TestProductListing(t *testing.T) {
	srv := hubbletest.NewServer()
	defer srv.Close()
	c := login(t, srv)
	_, b := c.do(http.MethodGet, "/v1/partners/products?category=FOOD&pageNo=1&limit=20", "", nil)
	var page struct {
		Data       []json.RawMessage `json:"data"`
		NextCursor *hubble.Cursor    `json:"nextCursor"`
	}
	if err := json.Unmarshal(b, &page); err != nil || len(page.Data) != 20 || page.NextCursor == nil || *page.NextCursor != (hubble.Cursor{PageNo: 2, Limit: 20}) {
		t.Fatalf("page: %v %+v", err, page.NextCursor)
	}
	// Past the end (and a page number whose offset would overflow): an
	// empty data array and no cursor.
	for _, q := range []string{"category=FOOD&pageNo=100&limit=20", "pageNo=9223372036854775807&limit=1000"} {
		st, b := c.do(http.MethodGet, "/v1/partners/products?"+q, "", nil)
		if st != 200 || !strings.Contains(string(b), `"data":[]`) || !strings.Contains(string(b), `"nextCursor":null`) {
			t.Errorf("%s: %d %.200s", q, st, b)
		}
	}
	// The last page of a category has no cursor.
	_, b = c.do(http.MethodGet, "/v1/partners/products?category=FOOD", "", nil)
	var all struct {
		Data []json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(b, &all); err != nil || len(all.Data) <= 20 {
		t.Fatalf("all FOOD brands: %v, %d", err, len(all.Data))
	}
	last := (len(all.Data) + 19) / 20
	_, b = c.do(http.MethodGet, fmt.Sprintf("/v1/partners/products?category=FOOD&pageNo=%d&limit=20", last), "", nil)
	if err := json.Unmarshal(b, &page); err != nil || len(page.Data) != len(all.Data)-(last-1)*20 || page.NextCursor != nil {
		t.Fatalf("last page: %v, %d brands, cursor %+v", err, len(page.Data), page.NextCursor)
	}
	for _, q := range []string{"pageNo=0", "pageNo=x", "limit=0", "limit=5000"} {
		if st, _ := c.do(http.MethodGet, "/v1/partners/products?"+q, "", nil); st != 400 {
			t.Errorf("%s: %d", q, st)
		}
	}
	st, b := c.do(http.MethodGet, "/v1/partners/products/"+hubbletest.FlipkartID, "", nil)
	if st != 200 || !strings.Contains(string(b), `"denominations":[100,250,500,1000,2000,5000]`) {
		t.Fatalf("Flipkart: %d %s", st, b)
	}
	gen := 0
	for _, b := range hubbletest.Catalog() {
		if len(b.ID) != 26 || strings.ContainsAny(b.ID, "ILOU") {
			t.Errorf("id %q is not ULID-like", b.ID)
		}
		if !strings.HasPrefix(b.Title, "Sandbox") && b.ID != hubbletest.FlipkartID && b.ID != hubbletest.AmazonID &&
			b.ID != hubbletest.JiomartID && b.ID != hubbletest.MyntraID && b.ID != hubbletest.DocExampleID {
			gen++
		}
	}
	if gen < 450 || gen != hubbletest.GeneratedBrands {
		t.Fatalf("%d generated brands", gen)
	}
}

func TestFaultsAndJournal(t *testing.T) {
	srv := hubbletest.NewServer()
	defer srv.Close()
	c := login(t, srv)
	srv.InjectFault(hubbletest.Fault{Path: "/v1/partners/wallet/balance", Status: 503, Times: 2})
	for i, want := range []int{503, 503, 200} {
		if st, _ := c.do(http.MethodGet, "/v1/partners/wallet/balance", "", nil); st != want {
			t.Fatalf("call %d: %d", i, st)
		}
	}
	srv.InjectFault(hubbletest.Fault{Path: "/v1/partners/wallet/balance", Reset: true})
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/v1/partners/wallet/balance", nil)
	fresh := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}} // no silent replay on a reused connection
	if _, err := fresh.Do(req); err == nil {
		t.Fatal("a reset fault answered")
	}
	srv.InjectFault(hubbletest.Fault{Path: "/v1/partners/wallet/balance", Status: 500, Times: -1})
	srv.ClearFaults()
	if st, _ := c.do(http.MethodGet, "/v1/partners/wallet/balance", "", nil); st != 200 {
		t.Fatalf("after ClearFaults: %d", st)
	}
	if n := srv.CountRequests(http.MethodGet, "/v1/partners/wallet"); n != 5 {
		t.Fatalf("journal counts %d balance calls", n)
	}
	if e := srv.Requests()[0]; e.Path != "/v1/partners/auth/login" || e.Status != 200 || len(e.Body) == 0 {
		t.Fatalf("first entry %+v", e)
	}
}

// A settled order's webhook is sent in the background; WaitWebhooks awaits
// it, signed, without polling.
func TestWaitWebhooks(t *testing.T) {
	const secret = "whsec-test"
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		if r.Header.Get(hubble.SignatureHeader) != hubble.Sign(b, secret) {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer recv.Close()
	srv := hubbletest.NewServer(hubbletest.WithWebhook(recv.URL, secret, nil), hubbletest.WithProcessingPolls(1))
	defer srv.Close()
	c := login(t, srv)
	place := func(ref string) string {
		t.Helper()
		st, b := c.do(http.MethodPost, "/v1/partners/orders", `{"productId":"`+hubbletest.AmazonID+`","referenceId":"`+ref+
			`","amount":5000,"denominationDetails":[{"denomination":500,"quantity":10}]}`, nil)
		var o hubble.Order
		if st != 200 || json.Unmarshal(b, &o) != nil || o.Status != hubble.StatusProcessing {
			t.Fatalf("%d %s", st, b)
		}
		return o.ID
	}
	a, b := place("wh-a"), place("wh-b")

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if d, err := srv.WaitWebhooks(ctx, 1); !errors.Is(err, context.Canceled) || len(d) != 0 {
		t.Fatalf("WaitWebhooks with nothing sent and an ended context: %d, %v", len(d), err)
	}

	if err := srv.SettleOrder(a, hubble.StatusFailed); err != nil {
		t.Fatal(err)
	}
	d, err := srv.WaitWebhooks(t.Context(), 1)
	if err != nil || len(d) != 1 || string(d[0].Body) != `{"id":"`+a+`","status":"FAILED"}` ||
		d[0].Signature != hubble.Sign(d[0].Body, secret) || d[0].Status != http.StatusOK || d[0].Err != nil {
		t.Fatalf("first webhook %+v, %v", d, err)
	}
	// A poll that settles the order sends its webhook too.
	if st, _ := c.do(http.MethodGet, "/v1/partners/orders/"+b, "", nil); st != 200 {
		t.Fatal(st)
	}
	d, err = srv.WaitWebhooks(t.Context(), 2)
	if err != nil || len(d) != 2 || string(d[1].Body) != `{"id":"`+b+`","status":"SUCCESS"}` || d[1].Status != http.StatusOK {
		t.Fatalf("second webhook %+v, %v", d, err)
	}
	if w := srv.Webhooks(); len(w) != 2 || string(w[1].Body) != string(d[1].Body) {
		t.Fatalf("Webhooks() = %+v", w)
	}
	srv.Close()
	if d, err := srv.WaitWebhooks(t.Context(), 3); !errors.Is(err, sandbox.ErrClosed) || len(d) != 2 {
		t.Fatalf("WaitWebhooks after Close: %d, %v", len(d), err)
	}
}

func hubbleDec(t *testing.T, s string) decimal.Decimal {
	t.Helper()
	return decimal.RequireFromString(s)
}

// WithDuplicateAnswer picks how a reused referenceId is refused; the
// default is 409 DUPLICATE_REFERENCE. None creates an order or debits.
func TestDuplicateAnswers(t *testing.T) {
	for _, tc := range []struct {
		answer hubbletest.DuplicateAnswer
		status int
		code   string
	}{
		{hubbletest.DuplicateConflict, 409, hubble.CodeDuplicateReference},
		{hubbletest.DuplicateBadRequest, 400, hubbletest.DuplicateCode},
		{hubbletest.DuplicateUnprocessable, 422, "REFERENCE_ALREADY_EXISTS"},
	} {
		t.Run(tc.answer.String(), func(t *testing.T) {
			srv := hubbletest.NewServer(hubbletest.WithDuplicateAnswer(tc.answer))
			defer srv.Close()
			c := login(t, srv)
			body := `{"productId":"` + hubbletest.FlipkartID + `","referenceId":"dup","amount":500,"denominationDetails":[{"denomination":500,"quantity":1}]}`
			if st, b := c.do(http.MethodPost, "/v1/partners/orders", body, nil); st != 200 {
				t.Fatalf("first order: %d %s", st, b)
			}
			before := srv.Balance()
			st, b := c.do(http.MethodPost, "/v1/partners/orders", body, nil)
			if st != tc.status || code(t, b) != tc.code {
				t.Fatalf("reused reference answered %d %s, want %d %s", st, b, tc.status, tc.code)
			}
			if tc.answer != hubbletest.DuplicateConflict && strings.Contains(strings.ToUpper(string(b)), "DUPLICATE") {
				t.Fatalf("the undocumented answer says duplicate: %s", b)
			}
			if srv.OrdersWithReference("dup") != 1 || !srv.Balance().Equal(before) {
				t.Fatal("a refused duplicate created an order or debited the wallet")
			}
		})
	}
}

// The sandbox serves exactly the client's route table.
func TestServesEveryRoute(t *testing.T) {
	srv := hubbletest.NewServer()
	defer srv.Close()
	c := login(t, srv)
	for _, rt := range hubble.Routes() {
		path := strings.NewReplacer("{productId}", hubbletest.FlipkartID, "{orderId}", "x", "{referenceId}", "x", "{voucherId}", "x").Replace(rt.Path)
		st, b := c.do(rt.Method, path, "{}", nil)
		if st == http.StatusNotFound && strings.Contains(string(b), "No such endpoint") {
			t.Errorf("%s is not served", rt.Pattern())
		}
	}
}
