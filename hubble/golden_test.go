package hubble

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/giftcard-go/giftcard"
)

const golden = "../testdata/hubble"

func readGolden(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(golden, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// jsonEqual compares two JSON documents, numbers by value (1000.50 equals
// 1000.5), never through float64. A number never equals a string holding
// the same digits, so an amount sent as "500" instead of 500 is caught.
func jsonEqual(t *testing.T, a, b []byte) bool {
	t.Helper()
	return reflect.DeepEqual(normalize(t, a), normalize(t, b))
}

func normalize(t *testing.T, b []byte) any {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	return canon(v)
}

// jsonNumber is a canonical JSON number, a type of its own so that it
// never compares equal to a JSON string.
type jsonNumber string

func canon(v any) any {
	switch x := v.(type) {
	case json.Number:
		return jsonNumber(decimal.RequireFromString(string(x)).String())
	case map[string]any:
		for k, e := range x {
			x[k] = canon(e)
		}
	case []any:
		for i, e := range x {
			x[i] = canon(e)
		}
	}
	return v
}

// roundTrip decodes a golden file into T, encodes it back and checks the
// result is JSON-equal to the file.
func roundTrip[T any](t *testing.T, name string) T {
	t.Helper()
	raw := readGolden(t, name)
	var v T
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("%s: decode: %v", name, err)
	}
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("%s: encode: %v", name, err)
	}
	if !jsonEqual(t, raw, out) {
		t.Fatalf("%s does not round-trip:\nfile %s\nSDK  %s", name, raw, out)
	}
	return v
}

// The comparison itself: numbers by value, never equal to strings.
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
		if got := jsonEqual(t, []byte(tc.a), []byte(tc.b)); got != tc.want {
			t.Errorf("jsonEqual(%s, %s) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestGoldenLogin(t *testing.T) {
	req := roundTrip[LoginRequest](t, "login_request.json")
	if req.ClientID != "YOUR_STAGING_CLIENT_ID" || req.ClientSecret.Reveal() != "YOUR_STAGING_CLIENT_SECRET" {
		t.Fatalf("%+v", req)
	}
	res := roundTrip[LoginResponse](t, "login_response.json")
	if res.ExpiresInSecs != 3600 || res.Token.Reveal() != "eyJhbGciOiJIUzI1NiIs..." {
		t.Fatalf("%+v", res)
	}
}

func TestGoldenOrderRequests(t *testing.T) {
	for name, want := range map[string]OrderRequest{
		"order_request_doc_example.json": {ProductID: "01GMAW822RPDJ5C50XK24QC2C4", ReferenceID: "ORD-2026-001", Amount: decimal.NewFromInt(1000),
			DenominationDetails: []DenominationDetail{{Denomination: decimal.NewFromInt(500), Quantity: 2}},
			CustomerDetails:     &CustomerDetails{Name: "John Doe", PhoneNumber: "9876543212", Email: "john@example.com"}},
		"order_request_flipkart.json": {ProductID: "01GMMNJECTDZAG2YS61K58HVG8", ReferenceID: "ref_1772006406973_tfrkrtu", Amount: decimal.NewFromInt(500),
			DenominationDetails: []DenominationDetail{{Denomination: decimal.NewFromInt(500), Quantity: 1}},
			CustomerDetails:     &CustomerDetails{Name: "Test User", PhoneNumber: "9876543212", Email: "test@example.com"}},
		"order_request_jiomart.json": {ProductID: "01J1W4D2KRHMJZKPAQWXCEMF4M", ReferenceID: "ref_1772017611584_94lcjp8", Amount: decimal.NewFromInt(500),
			DenominationDetails: []DenominationDetail{{Denomination: decimal.NewFromInt(500), Quantity: 1}},
			CustomerDetails:     &CustomerDetails{Name: "Test User", PhoneNumber: "9876543212", Email: "test@example.com"}},
	} {
		t.Run(name, func(t *testing.T) {
			got := roundTrip[OrderRequest](t, name)
			if got.ProductID != want.ProductID || got.ReferenceID != want.ReferenceID || !got.Amount.Equal(want.Amount) ||
				*got.CustomerDetails != *want.CustomerDetails || len(got.DenominationDetails) != 1 {
				t.Fatalf("decoded %+v", got)
			}
			// The SDK's own encoding of the doc's order equals the doc's body.
			enc, err := json.Marshal(want)
			if err != nil {
				t.Fatal(err)
			}
			if !jsonEqual(t, enc, readGolden(t, name)) {
				t.Fatalf("SDK encodes %s\ndoc has %s", enc, readGolden(t, name))
			}
			if err := checkRequest(want, nativeFields, "INR"); err != nil {
				t.Fatalf("the doc's own request fails validation: %v", err)
			}
		})
	}
	// The portable path produces the same body as the doc for Flipkart.
	c := &Client{currency: "INR"}
	n, err := c.nativeRequest(giftcard.OrderRequest{ProductID: "01GMMNJECTDZAG2YS61K58HVG8", ReferenceID: "ref_1772006406973_tfrkrtu",
		Items:     []giftcard.OrderItem{{Denomination: giftcard.MustParseMoney("500", "INR"), Quantity: 1}},
		Recipient: &giftcard.Recipient{Name: "Test User", Phone: "9876543212", Email: "test@example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	enc, _ := json.Marshal(n)
	if !jsonEqual(t, enc, readGolden(t, "order_request_flipkart.json")) {
		t.Fatalf("portable request encodes %s", enc)
	}
}

func TestGoldenOrderResponses(t *testing.T) {
	c := &Client{currency: "INR"}
	ok := roundTrip[Order](t, "order_response_success_flipkart.json")
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
		!bytes.Equal(g.Raw, readGolden(t, "order_response_success_flipkart.json")[:len(g.Raw)]) {
		t.Fatalf("%v", g)
	}

	failed := roundTrip[Order](t, "order_response_failed_jiomart.json")
	if failed.Status != StatusFailed || failed.FailureReason != "Brand not available" || failed.Vouchers == nil || len(failed.Vouchers) != 0 {
		t.Fatalf("%v", failed)
	}
	if g := c.PortableOrder(failed); g.FailureKind != giftcard.ErrProductUnavailable {
		t.Fatalf("kind %v", g.FailureKind)
	}

	proc := roundTrip[Order](t, "order_response_processing_amazon.json")
	if proc.Status != StatusProcessing || len(proc.Vouchers) != 0 || proc.FailureReason != "" {
		t.Fatalf("%v", proc)
	}
	done := roundTrip[Order](t, "order_response_resolved_amazon.json")
	if done.Status != StatusSuccess || len(done.Vouchers) != 2 || done.Vouchers[1].ID != "01KJB2VOUCHER002" ||
		!done.Total().Equal(decimal.NewFromInt(1000)) {
		t.Fatalf("%v", done)
	}
}

func TestGoldenBalanceAndError(t *testing.T) {
	b := roundTrip[Balance](t, "wallet_balance_response.json")
	if !b.Balance.Equal(decimal.RequireFromString("1000.50")) {
		t.Fatalf("%v", b.Balance)
	}
	e := roundTrip[ErrorResponse](t, "error_response.json")
	if e.ID != "E001" || e.Code != "RESOURCE_NOT_FOUND" || e.RequestID != "req_12345" || len(e.SubErrors) != 1 ||
		e.SubErrors[0].FieldName != "resourceId" {
		t.Fatalf("%+v", e)
	}
}

func TestGoldenWebhooks(t *testing.T) {
	guide, err := ParseOrderEvent(readGolden(t, "webhook_order_terminal_guide.json"))
	if err != nil || guide.ID != "01KJB2EXAMPLE0PROCESSING01" || guide.Status != StatusSuccess {
		t.Fatalf("%+v %v", guide, err)
	}
	doc := roundTripWith(t, "webhook_order_terminal.json", ParseOrderEvent)
	if doc.ID != "order_id" || doc.Status != "SUCCESS/FAILED/PROCESSING/REVERSED" {
		t.Fatalf("%+v", doc) // the doc's placeholder status is kept as sent
	}
	u := roundTripWith(t, "webhook_brand_updated.json", ParseBrandUpdate)
	if u.ID != "brand_id" || u.Status != BrandActive || len(u.Denominations) != 3 || u.AmountRestrictions.MaxVouchersPerDenomination != 1 {
		t.Fatalf("%+v", u)
	}
	old, err := ParseBrandUpdate(readGolden(t, "webhook_brand_updated_deprecated.json"))
	if err != nil || !old.AmountRestrictions.MinOrderAmount.Equal(decimal.NewFromInt(100)) ||
		!old.AmountRestrictions.MaxOrderAmount.Equal(decimal.NewFromInt(5000)) || old.Status != "ACTIVE/INACTIVE" {
		t.Fatalf("%+v %v", old, err)
	}
	l := roundTripWith(t, "webhook_wallet_low_balance.json", ParseLowBalance)
	if !l.Balance.Equal(decimal.NewFromInt(50)) || !l.Threshold.Equal(decimal.NewFromInt(100)) {
		t.Fatalf("%+v", l)
	}
	for name, event := range map[string]string{"webhook_brand_discount_updated.json": EventDiscountUpdated,
		"webhook_brand_new.json": EventNewBrand, "webhook_brand_disabled.json": EventBrandDisabled} {
		d := roundTripWith(t, name, ParseBrandDiscount)
		if d.Event != event || d.Details.ID != "01GMAVS2CHXR0XP1BZSTA9A44K" || d.Details.Name != "Amazon shopping" {
			t.Fatalf("%s: %+v", name, d)
		}
	}
	for name, kind := range map[string]WebhookKind{"webhook_order_terminal_guide.json": KindOrder, "webhook_order_terminal.json": KindOrder,
		"webhook_brand_updated.json": KindBrandUpdated, "webhook_brand_updated_deprecated.json": KindBrandUpdated,
		"webhook_wallet_low_balance.json": KindLowBalance, "webhook_brand_disabled.json": KindBrandDiscount} {
		if k, err := DetectWebhook(readGolden(t, name)); k != kind || err != nil {
			t.Errorf("%s detected as %q (%v)", name, k, err)
		}
	}
	body := readGolden(t, "webhook_signature_vector.json")
	sig := string(readGolden(t, "webhook_signature_vector.x-verify"))
	if Sign(body, "hubble-webhook-secret") != sig || !VerifySignature(body, sig, "hubble-webhook-secret") {
		t.Fatalf("vector: Sign = %s, want %s", Sign(body, "hubble-webhook-secret"), sig)
	}
}

func roundTripWith[T any](t *testing.T, name string, parse func([]byte) (T, error)) T {
	t.Helper()
	raw := readGolden(t, name)
	v, err := parse(raw)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if !jsonEqual(t, raw, out) {
		t.Fatalf("%s does not round-trip:\nfile %s\nSDK  %s", name, raw, out)
	}
	return v
}
