package orbt

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/transport"
	"github.com/giftcard-go/giftcard/internal/wire"
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
		`{"success":true,"data":{"transactionId":"T1","referenceId":"other"}}`, `{"content":[{"walletId":"1"}]}`,
	} {
		f.Add([]byte(s))
	}
}

// answering is a transport whose every answer is HTTP 200 with body.
func answering(t *testing.T, body []byte) *transport.Client {
	t.Helper()
	rt := roundTrip(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
			Body: io.NopCloser(bytes.NewReader(body)), ContentLength: int64(len(body)), Request: r}, nil
	})
	tc, err := transport.New(giftcard.NewConfig(giftcard.WithBaseURL("http://orbt.test"), giftcard.WithNoRetries(),
		giftcard.WithHTTPClient(&http.Client{Transport: rt})), transport.Options{Provider: providerName, Envelope: envelope})
	if err != nil {
		t.Fatal(err)
	}
	return tc
}

type roundTrip func(*http.Request) (*http.Response, error)

func (f roundTrip) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// FuzzResponseDecoders feeds arbitrary 200 bodies to every answer type as
// the client reads them (envelope, decode, check): no panic; a failure is a
// *giftcard.Error of the envelope's kind or matching ErrInvalidResponse (and
// ErrOutcomeUnknown for a POST); a success carries the fields that prove it.
func FuzzResponseDecoders(f *testing.F) {
	addGoldenSeeds(f)
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, body []byte) {
		tc := answering(t, body)
		check := func(what string, post bool, err error) bool {
			if err == nil {
				return true
			}
			var e *giftcard.Error
			switch {
			case !errors.As(err, &e):
				t.Fatalf("%s: %v is not a *giftcard.Error", what, err)
			case errors.Is(err, giftcard.ErrInvalidResponse):
				if post != errors.Is(err, giftcard.ErrOutcomeUnknown) {
					t.Fatalf("%s: %v: outcome-unknown must be set exactly for a POST", what, err)
				}
			case !errors.Is(err, giftcard.ErrInvalidRequest) && !errors.Is(err, giftcard.ErrInsufficientFunds):
				t.Fatalf("%s: %v has no SDK kind", what, err)
			}
			return false
		}
		post := &transport.Request{Op: "Fuzz", Method: http.MethodPost, Path: "/x"}
		get := &transport.Request{Op: "Fuzz", Method: http.MethodGet, Path: "/x"}
		c, _, err := transport.CallChecked(ctx, tc, post, (*customerWire).check)
		if check("customer", true, err) && (c.ID == "" || c.WalletID == "" || !c.WalletBalance.Valid) {
			t.Fatalf("a decoded customer lacks an id or balance: %+v", c)
		}
		cs, _, err := transport.CallChecked(ctx, tc, get, checkList[customerSummaryWire])
		if check("customers", false, err) && cs.Content == nil {
			t.Fatal("a decoded customer list has no content")
		}
		ws, _, err := transport.CallChecked(ctx, tc, get, checkList[walletWire])
		if check("wallets", false, err) {
			for _, w := range ws.Content {
				if w.V.WalletID == "" || !w.V.Balance.Valid {
					t.Fatalf("a decoded wallet lacks an id or balance: %+v", w.V)
				}
			}
		}
		tx, _, err := transport.CallChecked(ctx, tc, post, func(w *walletTransactionWire) error { return w.check("r") })
		if check("transaction", true, err) && (tx.ID == "" && tx.TransactionID == "" || tx.ReferenceID != "" && tx.ReferenceID != "r") {
			t.Fatalf("a decoded transaction is not this request's: %+v", tx)
		}
	})
}

// FuzzErrorDecoder: any error body at any documented status decodes
// without panic to nil (not JSON) or an error whose kind, when set, is one
// of the SDK's.
func FuzzErrorDecoder(f *testing.F) {
	addGoldenSeeds(f)
	kinds := []error{giftcard.ErrInvalidRequest, giftcard.ErrUnauthorized, giftcard.ErrNotFound, giftcard.ErrInsufficientFunds, giftcard.ErrDuplicateReference}
	d := &errorDecoder{scheme: SignBodyHash}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, status := range []int{400, 401, 402, 403, 404, 409, 422, 500, 503} {
			e := d.decode(&transport.Response{StatusCode: status, Body: body, Header: http.Header{"Date": {string(body)}}})
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
		var a wire.Decimal
		if err := json.Unmarshal(b, &a); err != nil || !a.Valid {
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
		if err != nil || !d.Equal(a.V) {
			t.Fatalf("%s → %s → %v", b, out, d)
		}
	})
}
