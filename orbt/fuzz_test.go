package orbt

import (
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/transport"
)

func addGoldenSeeds(f *testing.F) {
	entries, _ := os.ReadDir(goldenDir)
	for _, e := range entries {
		if b, err := os.ReadFile(filepath.Join(goldenDir, e.Name())); err == nil && json.Valid(b) {
			f.Add(b)
		}
	}
	for _, s := range []string{
		``, `null`, `[]`, `{}`, `{"success":true}`, `{"success":true,"data":null}`, `{"success":"false","error":"x"}`,
		`{"success":false,"error":{"error":1,"message":["x"]}}`, `{"content":null}`, `{"content":[1,2]}`,
		`{"content":[{"walletId":51,"balance":"1e-9999999"}]}`, `{"data":{"id":"x","walletBalance":1e400}}`,
		`{"status":422,"error":"Unprocessable Entity","message":"size"}`, `{"Message":null}`, `{"content":[{"consumerId":{}}]}`,
	} {
		f.Add([]byte(s))
	}
}

// FuzzResponseDecoders feeds arbitrary bytes to every response decoder: no
// panic, and any failure surfaces as a *giftcard.Error matching
// ErrInvalidResponse once the client wraps it.
func FuzzResponseDecoders(f *testing.F) {
	addGoldenSeeds(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		r := &transport.Request{Op: "Fuzz", Method: http.MethodPost}
		res := &transport.Response{StatusCode: 200, Body: body}
		check := func(what string, err error) {
			if err == nil {
				return
			}
			wrapped := badResponse(r, res, err)
			var e *giftcard.Error
			if !errors.As(wrapped, &e) || !errors.Is(wrapped, giftcard.ErrInvalidResponse) || !errors.Is(wrapped, giftcard.ErrOutcomeUnknown) {
				t.Fatalf("%s: %v is not a typed invalid response", what, wrapped)
			}
		}
		c, err := decodeCustomer(body)
		check("customer", err)
		if err == nil && c.ID == "" {
			t.Fatal("a decoded customer has no id")
		}
		_, err = decodeCustomerPage(body)
		check("customers", err)
		_, err = decodeWalletPage(body)
		check("wallets", err)
		_, err = decodeWalletTransaction(body, "w", walletTransactionBody{Amount: newAmount(decimal.NewFromInt(1)), TransactionType: Credit, ReferenceID: "r"})
		check("transaction", err)
		if e := failedEnvelope(res); e != nil && (e.Kind == nil || !errors.Is(e, giftcard.ErrInvalidRequest) && !errors.Is(e, giftcard.ErrInsufficientFunds)) {
			t.Fatalf("failed envelope kind %v", e.Kind)
		}
	})
}

// FuzzErrorDecoder: any error body at any documented status decodes
// without panic to nil (not JSON) or an error whose kind, when set, is one
// of the SDK's.
func FuzzErrorDecoder(f *testing.F) {
	addGoldenSeeds(f)
	kinds := []error{giftcard.ErrInvalidRequest, giftcard.ErrUnauthorized, giftcard.ErrNotFound, giftcard.ErrInsufficientFunds, giftcard.ErrDuplicateReference}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, status := range []int{400, 401, 402, 403, 404, 409, 422, 500, 503} {
			e := decodeError(&transport.Response{StatusCode: status, Body: body})
			if e == nil {
				if json.Valid(body) && len(body) > 0 && body[0] == '{' {
					t.Fatalf("a JSON object at %d decoded to nil", status)
				}
				continue
			}
			if e.Kind == nil {
				continue
			}
			ok := false
			for _, k := range kinds {
				ok = ok || errors.Is(e, k)
			}
			if !ok {
				t.Fatalf("status %d: kind %v is not an SDK kind", status, e.Kind)
			}
		}
	})
}

// FuzzAmount: a decoded amount re-encodes to a JSON number with the same
// value.
func FuzzAmount(f *testing.F) {
	for _, s := range []string{`100.00`, `"50.00"`, `0`, `-1.5`, `1e3`, `null`, `"x"`, `1.`, `.5`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var a jsonAmount
		if err := json.Unmarshal(b, &a); err != nil {
			return
		}
		if a.places() > 64 { // StringFixed of a huge exponent is slow, not wrong
			return
		}
		out, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		var n json.Number
		if err := json.Unmarshal(out, &n); err != nil {
			t.Fatalf("%s encodes to %s, not a JSON number", b, out)
		}
		d, err := decimal.NewFromString(n.String())
		if err != nil || !d.Equal(a.Value) {
			t.Fatalf("%s → %s → %v", b, out, d)
		}
	})
}
