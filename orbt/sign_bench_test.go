package orbt

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/giftcard-go/giftcard/internal/clock"
	"github.com/giftcard-go/giftcard/internal/transport"
)

const benchBody = `{"fullName":"John Doe","email":"john.doe@example.com","currency":"USD","initialFunds":100.00}`

// BenchmarkSign measures the per-attempt Authenticator (pooled HMAC): the
// timestamp, x-body-hash, the signature and the five headers.
func BenchmarkSign(b *testing.B) {
	for _, scheme := range []SigningScheme{SignRawBody, SignBodyHash} {
		b.Run(scheme.String(), func(b *testing.B) {
			s := newSigner("api-key", "3f1c2a7e-8b4d-4e21-9c55-0d6a1b2c3d4e", "orbt-test-secret", scheme, clock.NewFake(time.Now(), true))
			req, _ := http.NewRequest(http.MethodPost, "http://x/api/partner/v1/customer", nil)
			body := []byte(benchBody)
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				_ = s.Authenticate(ctx, req, body)
			}
		})
	}
}

// BenchmarkSignature measures the stand-alone Signature function (a new
// HMAC per call).
func BenchmarkSignature(b *testing.B) {
	for _, scheme := range []SigningScheme{SignRawBody, SignBodyHash} {
		b.Run(scheme.String(), func(b *testing.B) {
			body := []byte(benchBody)
			b.ReportAllocs()
			for b.Loop() {
				_ = Signature(scheme, "orbt-test-secret", "POST", "2026-02-12T14:30:00.000Z", "3f1c2a7e-8b4d-4e21-9c55-0d6a1b2c3d4e", body)
			}
		})
	}
}

// BenchmarkDecodeCustomer measures reading a create-customer answer as the
// client does: the envelope, the decode and the check.
func BenchmarkDecodeCustomer(b *testing.B) {
	res := &transport.Response{StatusCode: 200, Body: []byte(`{"success":true,"data":{"id":51,"walletId":"51","fullName":"John Doe","email":"john.doe@example.com","walletBalance":100.00,"currency":"USD"}}`)}
	b.ReportAllocs()
	for b.Loop() {
		payload, e := envelope(res)
		var w customerWire
		if e != nil || json.Unmarshal(payload, &w) != nil || w.check() != nil {
			b.Fatal("decode failed")
		}
	}
}
