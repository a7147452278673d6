package hubble

import (
	"bytes"
	"encoding/json"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/kittest"
)

const golden = "../testdata/hubble"

// roundTrip is kittest.RoundTrip on a golden file's JSON value (the files
// end with a newline, which is not part of the value Raw keeps).
func roundTrip[T any](t *testing.T, raw []byte) T {
	t.Helper()
	return kittest.RoundTrip[T](t, bytes.TrimSpace(raw))
}

// decode is kittest.Decode likewise, for a file the SDK reads but writes
// in its own form (the guide's "orderId", the deprecated brand fields).
func decode[T any](t *testing.T, raw []byte) T {
	t.Helper()
	return kittest.Decode[T](t, bytes.TrimSpace(raw))
}

// Every example of the guide and the public docs (testdata/hubble) decodes
// into the SDK's types, keeps its bytes in Raw, and encodes back to the same
// JSON; the SDK's own encoding of the guide's orders is the guide's body.
// kittest.Golden fails for a file no check reads.
func TestGolden(t *testing.T) {
	c := &Client{currency: "INR"}
	orderRequest := func(want OrderRequest) func(*testing.T, []byte) {
		return func(t *testing.T, raw []byte) {
			got := roundTrip[OrderRequest](t, raw)
			if got.ProductID != want.ProductID || got.ReferenceID != want.ReferenceID || !got.Amount.Equal(want.Amount) ||
				*got.CustomerDetails != *want.CustomerDetails || len(got.DenominationDetails) != 1 {
				t.Fatalf("decoded %+v", got)
			}
			// The SDK's own encoding of the doc's order equals the doc's body.
			enc, err := json.Marshal(want)
			if err != nil {
				t.Fatal(err)
			}
			if !kittest.JSONEqual(t, enc, raw) {
				t.Fatalf("SDK encodes %s\ndoc has %s", enc, raw)
			}
			if err := checkRequest(want, nativeFields, "INR"); err != nil {
				t.Fatalf("the doc's own request fails validation: %v", err)
			}
		}
	}
	customer := func(name, email string) *CustomerDetails {
		return &CustomerDetails{Name: name, PhoneNumber: "9876543212", Email: email}
	}
	discount := func(event string) func(*testing.T, []byte) {
		return func(t *testing.T, raw []byte) {
			d := roundTrip[BrandDiscount](t, raw)
			if d.Event != event || d.Details.ID != "01GMAVS2CHXR0XP1BZSTA9A44K" || d.Details.Name != "Amazon shopping" {
				t.Fatalf("%+v", d)
			}
			if k, err := DetectWebhook(raw); k != KindBrandDiscount || err != nil {
				t.Fatalf("detected as %q (%v)", k, err)
			}
		}
	}
	detect := func(t *testing.T, raw []byte, kind WebhookKind) {
		t.Helper()
		if k, err := DetectWebhook(raw); k != kind || err != nil {
			t.Fatalf("detected as %q (%v), want %q", k, err, kind)
		}
	}
	kittest.Golden(t, golden, map[string]func(*testing.T, []byte){
		"README.md": func(t *testing.T, raw []byte) {
			// Every file is listed in the README's table of sources (by name,
			// or by a pattern such as webhook_brand_updated*.json).
			listed := regexp.MustCompile("[a-z_]+[*]?[.](json|x-verify)").FindAllString(string(raw), -1)
			files, _ := filepath.Glob(filepath.Join(golden, "*.*"))
			for _, f := range files {
				name := filepath.Base(f)
				if !slices.ContainsFunc(listed, func(p string) bool { ok, _ := path.Match(p, name); return ok }) && name != "README.md" {
					t.Errorf("README.md does not list %s", name)
				}
			}
		},
		"login_request.json": func(t *testing.T, raw []byte) {
			req := roundTrip[LoginRequest](t, raw)
			if req.ClientID != "YOUR_STAGING_CLIENT_ID" || req.ClientSecret.Reveal() != "YOUR_STAGING_CLIENT_SECRET" {
				t.Fatalf("%+v", req)
			}
		},
		"login_response.json": func(t *testing.T, raw []byte) {
			res := roundTrip[LoginResponse](t, raw)
			if res.ExpiresInSecs != 3600 || res.Token.Reveal() != "eyJhbGciOiJIUzI1NiIs..." {
				t.Fatalf("%+v", res)
			}
		},
		"order_request_doc_example.json": orderRequest(OrderRequest{ProductID: "01GMAW822RPDJ5C50XK24QC2C4", ReferenceID: "ORD-2026-001",
			Amount: decimal.NewFromInt(1000), DenominationDetails: []DenominationDetail{{Denomination: decimal.NewFromInt(500), Quantity: 2}},
			CustomerDetails: customer("John Doe", "john@example.com")}),
		"order_request_flipkart.json": func(t *testing.T, raw []byte) {
			orderRequest(OrderRequest{ProductID: "01GMMNJECTDZAG2YS61K58HVG8", ReferenceID: "ref_1772006406973_tfrkrtu",
				Amount: decimal.NewFromInt(500), DenominationDetails: []DenominationDetail{{Denomination: decimal.NewFromInt(500), Quantity: 1}},
				CustomerDetails: customer("Test User", "test@example.com")})(t, raw)
			// The portable path produces the same body as the doc.
			n, err := c.nativeRequest(giftcard.OrderRequest{ProductID: "01GMMNJECTDZAG2YS61K58HVG8", ReferenceID: "ref_1772006406973_tfrkrtu",
				Items:     []giftcard.OrderItem{{Denomination: giftcard.MustParseMoney("500", "INR"), Quantity: 1}},
				Recipient: &giftcard.Recipient{Name: "Test User", Phone: "9876543212", Email: "test@example.com"}})
			if err != nil {
				t.Fatal(err)
			}
			if enc, _ := json.Marshal(n); !kittest.JSONEqual(t, enc, raw) {
				t.Fatalf("portable request encodes %s", enc)
			}
		},
		"order_request_jiomart.json": orderRequest(OrderRequest{ProductID: "01J1W4D2KRHMJZKPAQWXCEMF4M", ReferenceID: "ref_1772017611584_94lcjp8",
			Amount: decimal.NewFromInt(500), DenominationDetails: []DenominationDetail{{Denomination: decimal.NewFromInt(500), Quantity: 1}},
			CustomerDetails: customer("Test User", "test@example.com")}),
		"order_response_success_flipkart.json": func(t *testing.T, raw []byte) {
			ok := roundTrip[Order](t, raw)
			if ok.Status != StatusSuccess || len(ok.Vouchers) != 1 || ok.FailureReason != "" {
				t.Fatalf("%v", ok)
			}
			v := ok.Vouchers[0]
			if v.CardType != CardAndPinNoSecured || v.CardPin.Reveal() != "215744" || v.CardNumber.Reveal() != "8090920011768104" ||
				v.ValidTill != "2027-02-25" || !v.Amount.Equal(decimal.NewFromInt(500)) || v.ID != "" {
				t.Fatalf("%v", v)
			}
			g := c.PortableOrder(ok)
			if g.Status != giftcard.OrderSuccess || g.Vouchers[0].CardType != giftcard.CardNumberAndPIN || g.Err() != nil ||
				!bytes.Equal(g.Raw, bytes.TrimSpace(raw)) {
				t.Fatalf("%v", g)
			}
		},
		"order_response_failed_jiomart.json": func(t *testing.T, raw []byte) {
			failed := roundTrip[Order](t, raw)
			if failed.Status != StatusFailed || failed.FailureReason != "Brand not available" || failed.Vouchers == nil || len(failed.Vouchers) != 0 {
				t.Fatalf("%v", failed)
			}
			if g := c.PortableOrder(failed); g.FailureKind != giftcard.ErrProductUnavailable {
				t.Fatalf("kind %v", g.FailureKind)
			}
		},
		"order_response_processing_amazon.json": func(t *testing.T, raw []byte) {
			proc := roundTrip[Order](t, raw)
			if proc.Status != StatusProcessing || len(proc.Vouchers) != 0 || proc.FailureReason != "" {
				t.Fatalf("%v", proc)
			}
		},
		"order_response_resolved_amazon.json": func(t *testing.T, raw []byte) {
			done := roundTrip[Order](t, raw)
			if done.Status != StatusSuccess || len(done.Vouchers) != 2 || done.Vouchers[1].ID != "01KJB2VOUCHER002" ||
				!done.Total().Equal(decimal.NewFromInt(1000)) {
				t.Fatalf("%v", done)
			}
		},
		"wallet_balance_response.json": func(t *testing.T, raw []byte) {
			if b := roundTrip[Balance](t, raw); !b.Balance.Equal(decimal.RequireFromString("1000.50")) {
				t.Fatalf("%v", b.Balance)
			}
		},
		"error_response.json": func(t *testing.T, raw []byte) {
			e := roundTrip[ErrorResponse](t, raw)
			if e.ID != "E001" || e.Code != "RESOURCE_NOT_FOUND" || e.RequestID != "req_12345" || len(e.SubErrors) != 1 ||
				e.SubErrors[0].FieldName != "resourceId" {
				t.Fatalf("%+v", e)
			}
		},
		"webhook_order_terminal_guide.json": func(t *testing.T, raw []byte) {
			guide := decode[OrderEvent](t, raw) // the guide's "orderId" is written back as "id"
			if guide.ID != "01KJB2EXAMPLE0PROCESSING01" || guide.Status != StatusSuccess {
				t.Fatalf("%+v", guide)
			}
			detect(t, raw, KindOrder)
		},
		"webhook_order_terminal.json": func(t *testing.T, raw []byte) {
			doc := roundTrip[OrderEvent](t, raw)
			if doc.ID != "order_id" || doc.Status != "SUCCESS/FAILED/PROCESSING/REVERSED" {
				t.Fatalf("%+v", doc) // the doc's placeholder status is kept as sent
			}
			detect(t, raw, KindOrder)
		},
		"webhook_brand_updated.json": func(t *testing.T, raw []byte) {
			u := roundTrip[BrandUpdate](t, raw)
			if u.ID != "brand_id" || u.Status != BrandActive || len(u.Denominations) != 3 || u.AmountRestrictions.MaxVouchersPerDenomination != 1 {
				t.Fatalf("%+v", u)
			}
			detect(t, raw, KindBrandUpdated)
		},
		"webhook_brand_updated_deprecated.json": func(t *testing.T, raw []byte) {
			old := decode[BrandUpdate](t, raw) // minAmount/maxAmount are written with their replacements
			if !old.AmountRestrictions.MinOrderAmount.Equal(decimal.NewFromInt(100)) ||
				!old.AmountRestrictions.MaxOrderAmount.Equal(decimal.NewFromInt(5000)) || old.Status != "ACTIVE/INACTIVE" {
				t.Fatalf("%+v", old)
			}
			detect(t, raw, KindBrandUpdated)
		},
		"webhook_wallet_low_balance.json": func(t *testing.T, raw []byte) {
			l := roundTrip[LowBalance](t, raw)
			if !l.Balance.Equal(decimal.NewFromInt(50)) || !l.Threshold.Equal(decimal.NewFromInt(100)) {
				t.Fatalf("%+v", l)
			}
			detect(t, raw, KindLowBalance)
		},
		"webhook_brand_discount_updated.json": discount(EventDiscountUpdated),
		"webhook_brand_new.json":              discount(EventNewBrand),
		"webhook_brand_disabled.json":         discount(EventBrandDisabled),
		"webhook_signature_vector.json": func(t *testing.T, body []byte) {
			sig, err := os.ReadFile(filepath.Join(golden, "webhook_signature_vector.x-verify"))
			if err != nil {
				t.Fatal(err)
			}
			if Sign(body, "hubble-webhook-secret") != string(sig) || !VerifySignature(body, string(sig), "hubble-webhook-secret") {
				t.Fatalf("vector: Sign = %s, want %s", Sign(body, "hubble-webhook-secret"), sig)
			}
			roundTrip[OrderEvent](t, body)
		},
		"webhook_signature_vector.x-verify": func(t *testing.T, sig []byte) {
			if len(sig) != 44 || !strings.HasSuffix(string(sig), "=") {
				t.Fatalf("not a base64 HMAC-SHA256: %q", sig)
			}
		},
	})
}

// The comparison the golden checks rely on: numbers by value, never equal
// to strings.
func TestJSONEqual(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{`{"amount":1000.50}`, `{"amount":1000.5}`, true},
		{`{"amount":500}`, `{"amount":500.00}`, true},
		{`{"amount":500}`, `{"amount":"500"}`, false},
		{`{"amount":500}`, `{"amount":501}`, false},
		{`[1,2]`, `[2,1]`, false},
		{`{"a":null}`, `{}`, false},
	} {
		if got := kittest.JSONEqual(t, []byte(tc.a), []byte(tc.b)); got != tc.want {
			t.Errorf("JSONEqual(%s, %s) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}
