package wolfe_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/google/uuid"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/kittest"
	"github.com/giftcard-go/giftcard/wolfe"
	"github.com/giftcard-go/giftcard/wolfe/wolfetest"
)

// purchaser makes one gift purchase (W11) against a sandbox, through the
// SDK or by hand.
type purchaser struct {
	srv *wolfetest.Server
	c   *wolfe.Client
	hc  *http.Client
	url string
}

func newPurchaser(b *testing.B) *purchaser {
	srv := wolfetest.NewServer(wolfetest.WithBalance(1<<52), wolfetest.WithMerchants(10))
	b.Cleanup(srv.Close)
	hc := srv.Client()
	c, err := wolfe.New(srv.Config(), giftcard.WithHTTPClient(hc))
	if err != nil {
		b.Fatal(err)
	}
	return &purchaser{srv: srv, c: c, hc: hc, url: srv.URL + "/partner/" + wolfetest.CompanyID + "/gifts"}
}

var benchPurchase = wolfe.PurchaseRequest{Amount: giftcard.MustParseMoney("25", "USD"), MerchantID: wolfetest.AmazonID, Email: "bench@example.com"}

// sdk is the SDK's purchase: validation, a generated reference, the
// exactly-once wrapper, the transport (request id, per-attempt timeout,
// partner key), the envelope and the typed decode.
func (p *purchaser) sdk(b *testing.B, ctx context.Context) {
	res, err := p.c.Gifts.Purchase(ctx, benchPurchase)
	if err != nil || res.GiftID == "" {
		b.Fatal(res, err)
	}
}

// nethttp is the same request by hand: a fresh reference, the body, the
// partner key, the envelope read.
func (p *purchaser) nethttp(b *testing.B, ctx context.Context) {
	type purchase struct {
		Amount      int64  `json:"amount"`
		ReferenceID string `json:"reference_id"`
		MerchantID  string `json:"merchant_id"`
		Email       string `json:"email"`
	}
	type answer struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
		Data    struct {
			GiftID string `json:"gift_id"`
		} `json:"data"`
	}
	body, err := json.Marshal(purchase{Amount: 2500, ReferenceID: uuid.NewString(), MerchantID: wolfetest.AmazonID, Email: "bench@example.com"})
	if err != nil {
		b.Fatal(err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.url, bytes.NewReader(body))
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set(wolfe.HeaderPartnerKey, wolfetest.PartnerKey)
	resp, err := p.hc.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	data, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	var out answer
	if err != nil || resp.StatusCode != http.StatusCreated || json.Unmarshal(data, &out) != nil || out.Code != 201 || out.Data.GiftID == "" {
		b.Fatalf("%d %s", resp.StatusCode, data)
	}
}

// BenchmarkPurchaseGift compares one gift purchase through the SDK with the
// same request made by a plain net/http client, each against its own
// sandbox through that sandbox's *http.Client (the sandbox runs in the same
// process, so both figures include its work). Read allocations here (221
// vs 210 allocs/op on 2026-11-28); the two run one after the other, so on
// a shared machine their times drift apart (1.1× to 1.3× between runs) and
// BenchmarkPurchaseGiftInterleaved gives the time ratio.
func BenchmarkPurchaseGift(b *testing.B) {
	b.Run("sdk", func(b *testing.B) {
		p := newPurchaser(b)
		b.ReportAllocs()
		for b.Loop() {
			p.sdk(b, b.Context())
		}
	})
	b.Run("nethttp", func(b *testing.B) {
		p := newPurchaser(b)
		b.ReportAllocs()
		for b.Loop() {
			p.nethttp(b, b.Context())
		}
	})
}

// BenchmarkPurchaseGiftInterleaved runs the two purchases against one
// sandbox in alternating batches (kittest.Compare) and reports their wall
// times and ratios; pair-ratio is the figure for the ≤ 1.10× target.
// Measured on the shared 2-core machine, GOMAXPROCS=1, -benchtime 600x,
// 10 runs on 2026-11-28: pair-ratio 1.076–1.090 (median 1.081), ratio of
// total times 1.010–1.118.
func BenchmarkPurchaseGiftInterleaved(b *testing.B) {
	p := newPurchaser(b)
	ctx := b.Context()
	kittest.Compare(b, func() { p.sdk(b, ctx) }, func() { p.nethttp(b, ctx) })
}
