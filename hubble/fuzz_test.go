package hubble

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/giftcard-go/giftcard/internal/transport"
)

func addGoldenSeeds(f *testing.F, prefix ...string) {
	files, _ := filepath.Glob(filepath.Join(golden, "*.json"))
	for _, name := range files {
		base := filepath.Base(name)
		keep := len(prefix) == 0
		for _, p := range prefix {
			keep = keep || strings.HasPrefix(base, p)
		}
		if b, err := os.ReadFile(name); err == nil && keep {
			f.Add(b)
		}
	}
}

// FuzzWebhookDecoders feeds arbitrary bodies to every webhook decoder and
// the signature check: none may panic, and what decodes must encode and
// decode again to the same event.
func FuzzWebhookDecoders(f *testing.F) {
	addGoldenSeeds(f, "webhook_")
	f.Add([]byte(`{"orderId":"x","id":"","status":"SUCCESS"}`))
	f.Add([]byte(`{"balance":"1e10000","threshold":null}`))
	f.Add([]byte(`{"event":"X","details":{"id":"b","discountPercentage":"12.5"}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		_, _ = DetectWebhook(body)
		_ = VerifySignature(body, string(body), "secret")
		if ev, err := ParseOrderEvent(body); err == nil {
			again, err := ParseOrderEvent(mustJSON(t, ev))
			if err != nil || again.ID != ev.ID || again.Status != ev.Status {
				t.Fatalf("order event %+v does not survive a round trip: %+v %v", ev, again, err)
			}
		}
		if u, err := ParseBrandUpdate(body); err == nil {
			again, err := ParseBrandUpdate(mustJSON(t, u))
			if err != nil || again.ID != u.ID || len(again.Denominations) != len(u.Denominations) {
				t.Fatalf("brand update %+v does not survive a round trip: %v", u, err)
			}
		}
		if l, err := ParseLowBalance(body); err == nil {
			again, err := ParseLowBalance(mustJSON(t, l))
			if err != nil || !again.Balance.Equal(l.Balance) || !again.Threshold.Equal(l.Threshold) {
				t.Fatalf("low balance %+v does not survive a round trip: %v", l, err)
			}
		}
		if d, err := ParseBrandDiscount(body); err == nil {
			again, err := ParseBrandDiscount(mustJSON(t, d))
			if err != nil || again.Details.ID != d.Details.ID || !again.Details.DiscountPercentage.Equal(d.Details.DiscountPercentage) {
				t.Fatalf("discount %+v does not survive a round trip: %v", d, err)
			}
		}
	})
}

// FuzzResponseDecoders feeds arbitrary bodies to the order, voucher,
// product, page, balance and error decoders: none may panic, and an order or
// brand that decodes must encode and decode again to the same thing.
func FuzzResponseDecoders(f *testing.F) {
	addGoldenSeeds(f, "order_response", "wallet_", "error_", "login_response")
	f.Add([]byte(`{"data":[{"id":"b","amountRestrictions":{"denominations":[1,"2",3.5],"minAmount":1}}],"nextCursor":{"pageNo":2,"limit":1}}`))
	f.Add([]byte(`[{"id":"b","usageInstructions":{"online":"x","offline":["a"]}}]`))
	f.Add([]byte(`{"id":"o","status":"FAILED","vouchers":null,"failureReason":"E300"}`))
	c := &Client{currency: "INR"}
	f.Fuzz(func(t *testing.T, body []byte) {
		var o Order
		if json.Unmarshal(body, &o) == nil {
			_ = c.PortableOrder(o)
			_ = o.String()
			var again Order
			if err := json.Unmarshal(mustJSON(t, o), &again); err != nil || again.ID != o.ID || again.Status != o.Status ||
				len(again.Vouchers) != len(o.Vouchers) || again.FailureReason != o.FailureReason {
				t.Fatalf("order %v does not survive a round trip: %v %v", o, again, err)
			}
			for i := range o.Vouchers {
				if again.Vouchers[i].CardNumber != o.Vouchers[i].CardNumber || !again.Vouchers[i].Amount.Equal(o.Vouchers[i].Amount) {
					t.Fatalf("voucher %d changed in a round trip", i)
				}
			}
		}
		if b, err := decodeBrand(body); err == nil {
			_ = c.Product(b)
			_ = checkAgainstBrand(OrderRequest{ProductID: b.ID, DenominationDetails: []DenominationDetail{{Quantity: 1}}}, b, nativeFields)
			if _, err := decodeBrand(mustJSON(t, b)); err != nil {
				t.Fatalf("brand %+v does not encode to a decodable brand: %v", b, err)
			}
		}
		var p BrandPage
		if json.Unmarshal(body, &p) == nil {
			_, _ = nextPage(BrandQuery{PageNo: 1, Limit: 10}, p)
		}
		var v Voucher
		_ = json.Unmarshal(body, &v)
		var bal Balance
		_ = json.Unmarshal(body, &bal)
		var lr LoginResponse
		_ = json.Unmarshal(body, &lr)
		if e := decodeError(&transport.Response{StatusCode: http.StatusBadRequest, Body: body}); e != nil {
			_ = e.Error()
		}
	})
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("encode %T: %v", v, err)
	}
	return b
}

// decodeBrand reads a brand answer as Brand does (a bare object, or one
// wrapped as {"data":{…}}).
func decodeBrand(body []byte) (Brand, error) {
	var b Brand
	err := json.Unmarshal(body, &b)
	return b, err
}
