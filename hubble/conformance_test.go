package hubble_test

import (
	"testing"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/giftcardtest"
	"github.com/giftcard-go/giftcard/hubble/hubbletest"
)

func conformanceSubject(order func() giftcard.OrderRequest) giftcardtest.Subject {
	productCount := len(hubbletest.Catalog())
	return giftcardtest.Subject{
		New: func(t *testing.T) (any, func() int) {
			srv := sandbox(t)
			c := client(t, srv)
			return c, func() int { return len(srv.Requests()) }
		},
		Claims:       []giftcardtest.Capability{giftcardtest.Catalog, giftcardtest.Wallet, giftcardtest.Orders},
		ProductCount: productCount,
		PageSize:     25,
		NewOrder:     func(*testing.T) giftcard.OrderRequest { return order() },
		Poll:         giftcard.PollPolicy{Clock: giftcardtest.NewClock(t0)},
		MissingID:    "01HMISSING0000000000000000",
	}
}

func TestConformance(t *testing.T) {
	giftcardtest.RunConformance(t, conformanceSubject(flipkart500))
}

// The same suite with an order that goes PROCESSING first (Amazon, 10 × 500).
func TestConformanceProcessingOrder(t *testing.T) {
	giftcardtest.RunConformance(t, conformanceSubject(func() giftcard.OrderRequest {
		return giftcard.OrderRequest{ProductID: hubbletest.AmazonID, Items: []giftcard.OrderItem{{Denomination: inr("500"), Quantity: 10}}}
	}))
}
