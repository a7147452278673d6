package orbt_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/giftcard-go/giftcard/orbt"
	"github.com/giftcard-go/giftcard/orbt/orbttest"
)

// BenchmarkCreateCustomer compares one CreateCustomer through the SDK with
// the same request made by a plain net/http client that builds the body and
// the body-hash signature by hand, against one sandbox.
func BenchmarkCreateCustomer(b *testing.B) {
	srv := orbttest.NewServer(orbttest.WithPartnerBalance("USD", decimal.New(1, 15)))
	defer srv.Close()
	ctx := context.Background()
	funds := decimal.RequireFromString("1.00")
	n := 0

	b.Run("sdk", func(b *testing.B) {
		c, err := orbt.New(srv.Config())
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			n++
			if _, err := c.CreateCustomer(ctx, orbt.CreateCustomerRequest{FullName: "Bench Mark", Email: fmt.Sprintf("sdk%d@example.com", n), Currency: "USD", InitialFunds: funds}); err != nil {
				b.Fatal(err)
			}
		}
	})

	b.Run("nethttp", func(b *testing.B) {
		hc := http.DefaultClient
		secret := []byte(srv.HMACSecret())
		type reqBody struct {
			FullName     string      `json:"fullName"`
			Email        string      `json:"email"`
			Currency     string      `json:"currency"`
			InitialFunds json.Number `json:"initialFunds"`
		}
		type respBody struct {
			Success bool `json:"success"`
			Data    struct {
				ID            json.Number `json:"id"`
				WalletID      string      `json:"walletId"`
				WalletBalance json.Number `json:"walletBalance"`
				Currency      string      `json:"currency"`
			} `json:"data"`
		}
		b.ReportAllocs()
		for b.Loop() {
			n++
			body, _ := json.Marshal(reqBody{FullName: "Bench Mark", Email: fmt.Sprintf("raw%d@example.com", n), Currency: "USD", InitialFunds: json.Number(funds.StringFixed(2))})
			ts := time.Now().UTC().Format("2006-01-02T15:04:05.000Z")
			sum := sha256.Sum256(body)
			bh := base64.StdEncoding.EncodeToString(sum[:])
			m := hmac.New(sha256.New, secret)
			m.Write([]byte("POST\n" + ts + "\n" + srv.ClientID() + "\n" + bh))
			req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+"/api/partner/v1/customer", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("x-api-key", srv.APIKey())
			req.Header.Set("x-client-id", srv.ClientID())
			req.Header.Set("x-timestamp", ts)
			req.Header.Set("x-body-hash", bh)
			req.Header.Set("x-signature", base64.StdEncoding.EncodeToString(m.Sum(nil)))
			resp, err := hc.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			data, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			var out respBody
			if resp.StatusCode != 200 || json.Unmarshal(data, &out) != nil || !out.Success {
				b.Fatalf("%d %s", resp.StatusCode, data)
			}
			if _, err := decimal.NewFromString(out.Data.WalletBalance.String()); err != nil {
				b.Fatal(err)
			}
		}
	})
}
