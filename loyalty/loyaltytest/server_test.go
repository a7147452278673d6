package loyaltytest_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/giftcardtest"
	"github.com/giftcard-go/giftcard/loyalty"
	"github.com/giftcard-go/giftcard/loyalty/loyaltytest"
)

type answer struct {
	Code      int             `json:"code"`
	Msg       string          `json:"msg"`
	Timestamp string          `json:"timestamp"`
	Data      json.RawMessage `json:"data"`
}

// post sends body to path, signed as the docs describe unless sign is set.
func post(t *testing.T, srv *loyaltytest.Server, path, body string, hdr map[string]string) (int, answer, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, srv.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("jwt-token", loyaltytest.DefaultJWTToken)
	req.Header.Set("sign", loyalty.Sign(loyaltytest.DefaultClientID, loyaltytest.DefaultClientSecret, []byte(body)))
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var a answer
	if err := json.Unmarshal(raw, &a); err != nil {
		t.Fatalf("not the envelope: %s", raw)
	}
	return resp.StatusCode, a, raw
}

const (
	query = "/ovstrade/openLoyaltyPay/giftInquiry"
	pay   = "/ovstrade/openLoyaltyPay/giftTransaction"
)

func newServer(t *testing.T) *loyaltytest.Server {
	srv := loyaltytest.NewServer(loyaltytest.WithClock(giftcardtest.NewClock(time.Date(2025, 7, 24, 13, 6, 10, 0, time.UTC))))
	t.Cleanup(srv.Close)
	return srv
}

func TestAuthentication(t *testing.T) {
	srv := newServer(t)
	good := `{"clientId":"825429536610058240","loyaltyChannel":"FACTOR4","accountId":"914639258868515","entryType":"K"}`
	status, a, _ := post(t, srv, query, good, nil)
	if status != 200 || a.Code != 200 || a.Msg != "success" || a.Timestamp != "2025-07-24 13:06:10" {
		t.Fatalf("good request: %d %+v", status, a)
	}
	for name, tc := range map[string]struct {
		body string
		hdr  map[string]string
		code int
	}{
		"no token":       {good, map[string]string{"jwt-token": ""}, 401},
		"wrong token":    {good, map[string]string{"jwt-token": "BFF1PVPW6T8F7JWWVP8FRJZHB19VITIE"}, 401}, // the Terminal token
		"no sign":        {good, map[string]string{"sign": ""}, 401},
		"wrong sign":     {good, map[string]string{"sign": "signtext"}, 401},
		"upper-case hex": {good, map[string]string{"sign": strings.ToUpper(loyalty.Sign(loyaltytest.DefaultClientID, loyaltytest.DefaultClientSecret, []byte(good)))}, 401},
		"other client":   {strings.Replace(good, "825429536610058240", "854413278057725952", 1), nil, 401},
		"no client":      {`{"loyaltyChannel":"FACTOR4","accountId":"914639258868515","entryType":"K"}`, nil, 400},
	} {
		status, a, _ := post(t, srv, query, tc.body, tc.hdr)
		if status != 200 || a.Code != tc.code || string(a.Data) != "null" {
			t.Errorf("%s: HTTP %d %+v, want code %d inside a 200", name, status, a, tc.code)
		}
	}
}

func TestValidationAndDedupe(t *testing.T) {
	srv := newServer(t)
	body := func(order, amount string) string {
		return `{"clientId":"825429536610058240","tranOrderNo":"` + order + `","loyaltyChannel":"FACTOR4","amount":` + amount +
			`,"tranCurrency":"USD","accountId":"914639258868515","entryType":"K"}`
	}
	for name, tc := range map[string]struct {
		body string
		code int
	}{
		"amount as a number":  {body("a1", `10.50`), 400},
		"three decimals":      {body("a2", `"10.505"`), 400},
		"zero":                {body("a3", `"0.00"`), 400},
		"order over 60":       {body(strings.Repeat("9", 61), `"1.00"`), 400},
		"bad entry type":      {strings.Replace(body("a4", `"1.00"`), `"K"`, `"X"`, 1), 400},
		"other currency":      {strings.Replace(body("a5", `"1.00"`), `"USD"`, `"EUR"`, 1), 400},
		"missing accountId":   {strings.Replace(body("a6", `"1.00"`), `"accountId"`, `"account"`, 1), 400},
		"unknown card":        {strings.Replace(body("a7", `"1.00"`), "914639258868515", "1", 1), 404},
		"the docs' one decim": {body("a8", `"10.5"`), 200},
	} {
		if _, a, _ := post(t, srv, pay, tc.body, nil); a.Code != tc.code {
			t.Errorf("%s: %+v, want code %d", name, a, tc.code)
		}
	}
	// The same request again: the original answer, byte for byte.
	_, _, first := post(t, srv, pay, body("d1", `"1.00"`), nil)
	_, _, again := post(t, srv, pay, body("d1", `"1.00"`), nil)
	if !bytes.Equal(first, again) {
		t.Fatalf("replay differs:\n%s\n%s", first, again)
	}
	if _, a, _ := post(t, srv, pay, body("d1", `"2.00"`), nil); a.Code != loyalty.CodeDuplicateOrder {
		t.Fatalf("different payload: %+v", a)
	}
	if c, _ := srv.Card(loyaltytest.CardActive); !c.Balance.Equal(c.Balance.Truncate(2)) || c.Balance.String() != "88.5" {
		t.Fatalf("balance %s, want 100 - 10.50 - 1.00", c.Balance)
	}
	// An unknown route answers HTTP 404 in the envelope's shape.
	if status, a, _ := post(t, srv, "/openLoyaltyPay/loyaltyRedemption", body("x", `"1"`), nil); status != 404 || a.Code != 404 {
		t.Fatalf("the seed's unprefixed path: %d %+v", status, a)
	}
}

func TestTokenEndpoint(t *testing.T) {
	srv := newServer(t)
	_, a, _ := post(t, srv, "/ovstrade/semiOpen/generateAccessToken",
		`{"clientId":"825429536610058240","clientSecret":"6266b7272643b93e04336a6beb2459fb","merchantId":"10800000010","channelName":"epx"}`,
		map[string]string{"jwt-token": "", "sign": ""})
	var toks []loyalty.AccessToken
	if err := json.Unmarshal(a.Data, &toks); err != nil || a.Code != 200 || len(toks) != 2 || toks[1].Token.Reveal() != loyaltytest.DefaultJWTToken {
		t.Fatalf("%+v %v", a, err)
	}
	_, a, _ = post(t, srv, "/ovstrade/semiOpen/generateAccessToken",
		`{"clientId":"825429536610058240","clientSecret":"wrong","merchantId":"10800000010","channelName":"epx"}`, nil)
	if a.Code != 401 {
		t.Fatalf("wrong secret: %+v", a)
	}
}

func TestCardsAndVoids(t *testing.T) {
	srv := newServer(t)
	for _, id := range []string{loyaltytest.CardActive, loyaltytest.CardNew, loyaltytest.CardNew2, loyaltytest.CardBlocked, loyaltytest.CardPending} {
		if _, ok := srv.Card(id); !ok {
			t.Errorf("card %s is not seeded", id)
		}
	}
	if c, _ := srv.Card(loyaltytest.CardBlocked); !c.Blocked {
		t.Error("CardBlocked is not blocked")
	}
	if c, _ := srv.Card(loyaltytest.CardNew); c.Activated {
		t.Error("CardNew is activated")
	}
	c, err := loyalty.New(srv.Config(), giftcard.WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	usd := func(s string) giftcard.Money { return giftcard.MustParseMoney(s, "USD") }
	// A top-up whose value was spent cannot be voided; a pay can, once.
	top, err := c.TopUp(ctx, loyalty.TopUpRequest{AccountID: loyaltytest.CardNew2, EntryType: "K", Activating: loyalty.Yes, Amount: usd("10")})
	if err != nil {
		t.Fatal(err)
	}
	pay, err := c.Pay(ctx, loyalty.PayRequest{AccountID: loyaltytest.CardNew2, EntryType: "K", Amount: usd("6")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Void(ctx, loyalty.VoidRequest{OriOrderNo: top.CheckoutID}); !errors.Is(err, giftcard.ErrInsufficientFunds) {
		t.Fatalf("void of a spent top-up: %v", err)
	}
	if _, err := c.Void(ctx, loyalty.VoidRequest{OriOrderNo: pay.CheckoutID}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Void(ctx, loyalty.VoidRequest{OriOrderNo: top.CheckoutID}); err != nil {
		t.Fatalf("the top-up is whole again: %v", err)
	}
	if card, _ := srv.Card(loyaltytest.CardNew2); !card.Balance.IsZero() {
		t.Fatalf("balance %s after top-up, pay and both voids", card.Balance)
	}
	var voided int
	for _, tx := range srv.Transactions() {
		if tx.Voided {
			voided++
		}
	}
	if voided != 2 {
		t.Fatalf("%d voided transactions, want 2", voided)
	}
}
