package loyalty_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/kittest"
	"github.com/giftcard-go/giftcard/loyalty"
	"github.com/giftcard-go/giftcard/loyalty/loyaltytest"
)

const goldenDir = "../testdata/loyalty"

// env decodes a golden answer: the envelope, then its data into T with the
// kit's checks (Raw is the data, encode→decode gives the same value).
func env[T any](t *testing.T, raw []byte) (T, int, string, string) {
	t.Helper()
	code, has, msg, ts, data, ok := loyalty.ReadEnvelope(raw)
	if !ok || !has {
		t.Fatalf("not an envelope: %s", raw)
	}
	return kittest.Decode[T](t, compact(t, data)), code, msg, ts
}

func compact(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := json.Compact(&buf, b); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestGolden(t *testing.T) {
	kittest.Golden(t, goldenDir, map[string]func(*testing.T, []byte){
		// The README names the source of every file.
		"README.md": func(t *testing.T, raw []byte) {
			entries, err := os.ReadDir(goldenDir)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range entries {
				if e.Name() != "README.md" && !strings.Contains(string(raw), "`"+e.Name()+"`") {
					t.Errorf("README.md does not say where %s comes from", e.Name())
				}
			}
		},
		// The seed's example values.
		"003_headers.json": func(t *testing.T, raw []byte) {
			var h map[string]string
			if err := json.Unmarshal(raw, &h); err != nil {
				t.Fatal(err)
			}
			if _, ok := h[loyalty.HeaderToken]; !ok {
				t.Errorf("no %s header in the seed's examples: %v", loyalty.HeaderToken, h)
			}
			if _, ok := h[loyalty.HeaderSign]; !ok {
				t.Errorf("no %s header in the seed's examples: %v", loyalty.HeaderSign, h)
			}
		},
		"003_response.json": func(t *testing.T, raw []byte) {
			code, has, msg, _, data, _ := loyalty.ReadEnvelope(raw)
			if !has || code != loyalty.CodeSuccess || msg != "success" || data != nil {
				t.Fatalf("code %d (%v) msg %q data %s", code, has, msg, data)
			}
		},
		"003_activate_request.json": func(t *testing.T, raw []byte) {
			b := kittest.Decode[loyalty.ActivateBody](t, raw)
			if b.EntryType != loyalty.EntryBarcode || b.Activating != loyalty.Yes {
				t.Fatalf("%+v", b)
			}
		},
		"003_query_request.json": func(t *testing.T, raw []byte) {
			if b := kittest.Decode[loyalty.InquiryBody](t, raw); b.EntryType != loyalty.EntryBarcode {
				t.Fatalf("%+v", b)
			}
		},
		"003_topup_request.json": func(t *testing.T, raw []byte) {
			if b := kittest.Decode[loyalty.IssuanceBody](t, raw); b.EntryType != loyalty.EntryBarcode || b.Activating != loyalty.Yes {
				t.Fatalf("%+v", b)
			}
		},
		"003_pay_request.json": func(t *testing.T, raw []byte) {
			b := kittest.Decode[loyalty.TransactionBody](t, raw)
			if b.Amount != "10.5" || b.TranCurrency != "USD" || b.EntryType != loyalty.EntryBarcode {
				t.Fatalf("%+v", b)
			}
			// The seed's "10.5" is sent with the currency's decimals.
			srv, c := newSandbox(t)
			if _, err := c.Pay(t.Context(), loyalty.PayRequest{AccountID: loyaltytest.CardActive, EntryType: b.EntryType,
				Amount: giftcard.MustParseMoney(b.Amount, b.TranCurrency)}); err != nil {
				t.Fatal(err)
			}
			var sent loyalty.TransactionBody
			reqs := srv.Requests()
			_ = json.Unmarshal(reqs[len(reqs)-1].Body, &sent)
			if sent.Amount != "10.50" {
				t.Fatalf("sent amount %q, want \"10.50\"", sent.Amount)
			}
		},
		"003_points_request.json": func(t *testing.T, raw []byte) {
			if b := kittest.Decode[loyalty.PointsBody](t, raw); b.EntryType != loyalty.EntryBarcode {
				t.Fatalf("%+v", b)
			}
		},
		"003_tip_request.json": func(t *testing.T, raw []byte) {
			if b := kittest.Decode[loyalty.TipBody](t, raw); b.TranCurrency != "USD" || b.EntryType != loyalty.EntryBarcode {
				t.Fatalf("%+v", b)
			}
		},

		// The public docs' examples.
		"docs_activate_request.json": func(t *testing.T, raw []byte) {
			b := kittest.RoundTrip[loyalty.ActivateBody](t, raw)
			if b.CustomerInfo == nil || b.CustomerInfo.CustomerType != loyalty.CustomerPrimary || b.CustomerInfo.Birthday != "20000101" {
				t.Fatalf("%+v", b.CustomerInfo)
			}
		},
		"docs_query_request.json": func(t *testing.T, raw []byte) { kittest.RoundTrip[loyalty.InquiryBody](t, raw) },
		"docs_topup_request.json": func(t *testing.T, raw []byte) { kittest.RoundTrip[loyalty.IssuanceBody](t, raw) },
		"docs_void_request.json":  func(t *testing.T, raw []byte) { kittest.RoundTrip[loyalty.VoidBody](t, raw) },
		"docs_tip_request.json":   func(t *testing.T, raw []byte) { kittest.RoundTrip[loyalty.TipBody](t, raw) },
		"docs_token_request.json": func(t *testing.T, raw []byte) { kittest.RoundTrip[loyalty.TokenBody](t, raw) },
		"docs_issue_points_request.json": func(t *testing.T, raw []byte) {
			if b := kittest.RoundTrip[loyalty.PointsBody](t, raw); b.Amount != "1" {
				t.Fatalf("%+v", b)
			}
		},
		"docs_redeem_points_request.json": func(t *testing.T, raw []byte) { kittest.RoundTrip[loyalty.PointsBody](t, raw) },
		"docs_pay_request.json": func(t *testing.T, raw []byte) {
			kittest.RoundTrip[loyalty.TransactionBody](t, raw)
			// It is the sign vector's body, pretty-printed.
			if string(compact(t, raw)) != vectorBody {
				t.Fatalf("not the vector body: %s", compact(t, raw))
			}
		},
		"docs_pay_response.json": func(t *testing.T, raw []byte) {
			tx, code, _, ts := env[loyalty.Transaction](t, raw)
			if code != 200 || ts != "2025-07-24 13:06:10" || tx.CheckoutID != "933392815902294016" ||
				tx.TransIndexCode != "100200000807293844967" || tx.Result != loyalty.ResultSuccess || !tx.Amount.Equal(dec("10000")) {
				t.Fatalf("%+v", tx)
			}
		},
		"docs_void_response.json": func(t *testing.T, raw []byte) {
			tx, _, _, _ := env[loyalty.Transaction](t, raw)
			if tx.OriCheckoutID != "933392815902294016" || tx.OriTransIndexCode != "100200000807293844967" || tx.CheckoutID != "933393048983961600" {
				t.Fatalf("%+v", tx)
			}
		},
		"docs_card_response.json": func(t *testing.T, raw []byte) {
			cd, _, _, _ := env[loyalty.Card](t, raw)
			cash, ok := cd.Cash("USD")
			pts, pok := cd.Points()
			if cd.AccountID != "914639258868515" || !ok || !cash.Equal(usd("100")) || !pok || pts != 500 || cd.CustomerInfo == nil {
				t.Fatalf("%+v", cd)
			}
		},
		"docs_token_response.json": func(t *testing.T, raw []byte) {
			toks, _, _, _ := env[[]loyalty.AccessToken](t, raw)
			if len(toks) != 2 || toks[1].Type != loyalty.TokenTypeECommerce || toks[1].Token != "X24BMAPMHGCCDYQXTAQYSAXZ6TJ09JIX" || toks[1].ExpiryTime != -1 {
				t.Fatalf("%+v", toks)
			}
		},
	})
}

// TestRouteWalk drives all nine routes through the client against the
// sandbox.
func TestRouteWalk(t *testing.T) {
	srv, c := newSandbox(t)
	ctx := context.Background()
	card := loyalty.QueryRequest{AccountID: loyaltytest.CardActive, EntryType: loyalty.EntryKeyed}
	pay := func() loyalty.Transaction {
		tx, err := c.Pay(ctx, loyalty.PayRequest{AccountID: loyaltytest.CardActive, EntryType: loyalty.EntryKeyed, Amount: usd("1.00")})
		if err != nil {
			t.Fatal(err)
		}
		return tx
	}
	decodeTx := func(t *testing.T, raw []byte) { env[loyalty.Transaction](t, raw) }
	decodeCard := func(t *testing.T, raw []byte) { env[loyalty.Card](t, raw) }
	points := loyalty.PointsRequest{AccountID: loyaltytest.CardActive, EntryType: loyalty.EntryKeyed, Points: 5}
	const unknown = "999999999999999"
	walk := map[string]kittest.RouteCase{
		"Activate": {Golden: "docs_card_response.json", Decode: decodeCard,
			Call: func(ctx context.Context) error {
				_, err := c.Activate(ctx, loyalty.ActivateRequest{AccountID: loyaltytest.CardNew, EntryType: loyalty.EntryKeyed, Activating: loyalty.Yes})
				return err
			},
			NotFound: func(ctx context.Context) error {
				_, err := c.Activate(ctx, loyalty.ActivateRequest{AccountID: unknown, EntryType: loyalty.EntryKeyed, Activating: loyalty.Yes})
				return err
			},
			Missing: func(ctx context.Context) error {
				_, err := c.Activate(ctx, loyalty.ActivateRequest{EntryType: loyalty.EntryKeyed, Activating: loyalty.Yes})
				return err
			}},
		"Query": {Golden: "docs_card_response.json", Decode: decodeCard,
			Call: func(ctx context.Context) error { _, err := c.Query(ctx, card); return err },
			NotFound: func(ctx context.Context) error {
				_, err := c.Query(ctx, loyalty.QueryRequest{AccountID: unknown, EntryType: "K"})
				return err
			},
			Missing: func(ctx context.Context) error {
				_, err := c.Query(ctx, loyalty.QueryRequest{AccountID: "1"})
				return err
			}},
		"TopUp": {Golden: "docs_pay_response.json", Decode: decodeTx,
			Call: func(ctx context.Context) error {
				_, err := c.TopUp(ctx, loyalty.TopUpRequest{AccountID: loyaltytest.CardActive, EntryType: "K", Activating: loyalty.No, Amount: usd("5")})
				return err
			},
			NotFound: func(ctx context.Context) error {
				_, err := c.TopUp(ctx, loyalty.TopUpRequest{AccountID: unknown, EntryType: "K", Activating: loyalty.No, Amount: usd("5")})
				return err
			},
			Missing: func(ctx context.Context) error {
				_, err := c.TopUp(ctx, loyalty.TopUpRequest{AccountID: loyaltytest.CardActive, EntryType: "K", Amount: usd("5")})
				return err
			}},
		"Pay": {Golden: "docs_pay_response.json", Decode: decodeTx,
			Call: func(ctx context.Context) error { pay(); return nil },
			NotFound: func(ctx context.Context) error {
				_, err := c.Pay(ctx, loyalty.PayRequest{AccountID: unknown, EntryType: "K", Amount: usd("1")})
				return err
			},
			Missing: func(ctx context.Context) error {
				_, err := c.Pay(ctx, loyalty.PayRequest{AccountID: loyaltytest.CardActive, EntryType: "K"})
				return err
			}},
		"Void": {Golden: "docs_void_response.json", Decode: decodeTx,
			Call: func(ctx context.Context) error {
				_, err := c.Void(ctx, loyalty.VoidRequest{OriOrderNo: pay().CheckoutID})
				return err
			},
			NotFound: func(ctx context.Context) error {
				_, err := c.Void(ctx, loyalty.VoidRequest{OriOrderNo: "1"})
				return err
			},
			Missing: func(ctx context.Context) error { _, err := c.Void(ctx, loyalty.VoidRequest{}); return err }},
		"IssuePoints": {Golden: "docs_pay_response.json", Decode: decodeTx,
			Call: func(ctx context.Context) error { _, err := c.IssuePoints(ctx, points); return err },
			NotFound: func(ctx context.Context) error {
				p := points
				p.AccountID = unknown
				_, err := c.IssuePoints(ctx, p)
				return err
			},
			Missing: func(ctx context.Context) error {
				p := points
				p.Points = 0
				_, err := c.IssuePoints(ctx, p)
				return err
			}},
		"RedeemPoints": {Golden: "docs_pay_response.json", Decode: decodeTx,
			Call: func(ctx context.Context) error { _, err := c.RedeemPoints(ctx, points); return err },
			NotFound: func(ctx context.Context) error {
				p := points
				p.AccountID = unknown
				_, err := c.RedeemPoints(ctx, p)
				return err
			},
			Missing: func(ctx context.Context) error {
				p := points
				p.EntryType = ""
				_, err := c.RedeemPoints(ctx, p)
				return err
			}},
		"AddTip": {Golden: "docs_pay_response.json", Decode: decodeTx,
			Call: func(ctx context.Context) error {
				_, err := c.AddTip(ctx, loyalty.TipRequest{OriOrderNo: pay().CheckoutID, AccountID: loyaltytest.CardActive, EntryType: "K", Amount: usd("0.50")})
				return err
			},
			NotFound: func(ctx context.Context) error {
				_, err := c.AddTip(ctx, loyalty.TipRequest{OriOrderNo: "1", AccountID: loyaltytest.CardActive, EntryType: "K", Amount: usd("0.50")})
				return err
			},
			Missing: func(ctx context.Context) error {
				_, err := c.AddTip(ctx, loyalty.TipRequest{AccountID: loyaltytest.CardActive, EntryType: "K", Amount: usd("0.50")})
				return err
			}},
		"AccessTokens": {Golden: "docs_token_response.json", Decode: func(t *testing.T, raw []byte) { env[[]loyalty.AccessToken](t, raw) },
			Call: func(ctx context.Context) error {
				toks, err := c.AccessTokens(ctx, loyaltytest.DefaultMerchantID, loyaltytest.DefaultChannelName)
				if err == nil && len(toks) != 2 {
					err = errors.New("want two tokens")
				}
				return err
			},
			NotFound: func(ctx context.Context) error {
				_, err := c.AccessTokens(ctx, "0", loyaltytest.DefaultChannelName)
				return err
			},
			Missing: func(ctx context.Context) error { _, err := c.AccessTokens(ctx, "", "epx"); return err }},
	}
	kittest.Walk(t, kittest.RouteWalk{
		Routes: loyalty.Routes(), Cases: walk, Golden: goldenDir,
		Requests: func() []kittest.Request {
			var out []kittest.Request
			for _, e := range srv.Requests() {
				out = append(out, kittest.Request{Method: e.Method, Path: e.Path})
			}
			return out
		},
	})
}
