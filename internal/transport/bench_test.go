package transport_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/transport"
)

// benchOrder is a realistic small response: an order with two vouchers.
const benchOrder = `{"id":"ord_8f3a2c","referenceId":"ref-2024-000123","status":"COMPLETE",` +
	`"amount":"1000.00","currency":"INR","createdAt":"2024-05-01T10:00:00Z",` +
	`"vouchers":[` +
	`{"cardNumber":"7000123412341234","pin":"123456","amount":"500.00","validTill":"2025-05-01"},` +
	`{"cardNumber":"7000123412345678","pin":"654321","amount":"500.00","validTill":"2025-05-01"}]}`

type benchVoucher struct {
	CardNumber giftcard.Secret `json:"cardNumber"`
	PIN        giftcard.Secret `json:"pin"`
	Amount     decimal.Decimal `json:"amount"`
	ValidTill  string          `json:"validTill"`
}

type benchOrderBody struct {
	ID          string          `json:"id"`
	ReferenceID string          `json:"referenceId"`
	Status      string          `json:"status"`
	Amount      decimal.Decimal `json:"amount"`
	Currency    string          `json:"currency"`
	CreatedAt   string          `json:"createdAt"`
	Vouchers    []benchVoucher  `json:"vouchers"`
}

func (o *benchOrderBody) check(b *testing.B) {
	if o.ID != "ord_8f3a2c" || len(o.Vouchers) != 2 || o.Vouchers[1].PIN.Reveal() != "654321" {
		b.Fatalf("decoded %+v", o)
	}
}

// BenchmarkGet compares one GET + JSON decode through the transport with the
// same exchange done with a plain http.Client over the same RoundTripper.
func BenchmarkGet(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, benchOrder)
	}))
	defer srv.Close()
	ctx := context.Background()

	b.Run("transport", func(b *testing.B) {
		c, err := transport.New(giftcard.NewConfig(
			giftcard.WithHTTPClient(srv.Client()), giftcard.WithBaseURL(srv.URL)),
			transport.Options{Provider: "bench"})
		if err != nil {
			b.Fatal(err)
		}
		req := &transport.Request{Op: "GetOrder", Method: http.MethodGet, Path: "/v1/orders/ord_8f3a2c"}
		b.ReportAllocs()
		for b.Loop() {
			var o benchOrderBody
			if _, err := c.Do(ctx, req, &o); err != nil {
				b.Fatal(err)
			}
			o.check(b)
		}
	})

	b.Run("nethttp", func(b *testing.B) {
		hc := &http.Client{Transport: srv.Client().Transport}
		url := srv.URL + "/v1/orders/ord_8f3a2c"
		b.ReportAllocs()
		for b.Loop() {
			var o benchOrderBody
			if err := plainGet(ctx, hc, url, &o); err != nil {
				b.Fatal(err)
			}
			o.check(b)
		}
	})
}

// plainGet is what a careful caller writes without the SDK: a bounded read,
// a status check and a decode.
func plainGet(ctx context.Context, hc *http.Client, url string, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, giftcard.DefaultMaxResponseBytes+1))
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("HTTP %d", resp.StatusCode)
	}
	return json.Unmarshal(data, out)
}

// BenchmarkGetParallel64 is one GET + decode from 64 goroutines at once,
// through the SDK's default client and through a plain http.Client given the
// same tuned transport; dials/op reports connections opened per call.
func BenchmarkGetParallel64(b *testing.B) {
	ctx := context.Background()
	run := func(b *testing.B, get func() error) {
		b.SetParallelism((64 + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0))
		b.ReportAllocs()
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if err := get(); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	b.Run("sdk", func(b *testing.B) {
		srv, dials := countingServer(b)
		c, err := transport.New(giftcard.NewConfig(giftcard.WithBaseURL(srv.URL)), transport.Options{Provider: "p"})
		if err != nil {
			b.Fatal(err)
		}
		rt := giftcard.Route{Op: "Get", Method: "GET", Path: "/x"}
		run(b, func() error {
			_, err := transport.Call[thing](ctx, c, c.NewRequest(rt))
			return err
		})
		b.ReportMetric(float64(dials.Load())/float64(b.N), "dials/op")
		b.ReportMetric(float64(dials.Load()), "dials")
	})
	b.Run("nethttp", func(b *testing.B) {
		srv, dials := countingServer(b)
		hc := &http.Client{Transport: transport.NewHTTPTransport(0)}
		run(b, func() error {
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/x", nil)
			if err != nil {
				return err
			}
			req.Header.Set("Accept", "application/json")
			resp, err := hc.Do(req)
			if err != nil {
				return err
			}
			defer resp.Body.Close()
			var v thing
			return json.NewDecoder(resp.Body).Decode(&v)
		})
		b.ReportMetric(float64(dials.Load())/float64(b.N), "dials/op")
		b.ReportMetric(float64(dials.Load()), "dials")
	})
}
