package wolfe_test

import (
	"testing"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/giftcardtest"
	"github.com/giftcard-go/giftcard/wolfe/wolfetest"
)

// TestConformance runs the shared suite for all four interfaces against
// wolfetest with its default fee: the suite expects each order to debit the
// funding wallet by its total plus the fee, once.
func TestConformance(t *testing.T) {
	recipient := giftcard.Recipient{Email: "conformance@example.com"}
	giftcardtest.RunConformance(t, giftcardtest.Subject{
		New: func(t *testing.T) (any, func() int) {
			srv := newSandbox(t)
			return client(t, srv), srv.Journal().Len
		},
		Claims:       []giftcardtest.Capability{giftcardtest.Catalog, giftcardtest.Wallet, giftcardtest.Orders, giftcardtest.Gifts},
		ProductCount: 42, // newSandbox's 40 generated merchants and the documentation's two
		PageSize:     15,
		NewOrder: func(*testing.T) giftcard.OrderRequest {
			return giftcard.OrderRequest{ProductID: wolfetest.AmazonID, Amount: usd("25"), Recipient: &recipient}
		},
		Fee: func(req giftcard.OrderRequest) giftcard.Money {
			cents, err := req.Amount.Minor()
			if err != nil {
				t.Fatal(err)
			}
			fee, err := giftcard.FromMinor(wolfetest.DefaultFee(cents), "USD")
			if err != nil {
				t.Fatal(err)
			}
			return fee
		},
		NewGift: func(*testing.T) giftcard.GiftRequest {
			return giftcard.GiftRequest{ProductID: wolfetest.DunkinID, Amount: usd("20"), Recipient: recipient, Message: "Enjoy"}
		},
		Poll: giftcard.PollPolicy{Clock: giftcardtest.NewClock(t0)},
	})
}

// TestConformanceManagedGifts: the same suite with gifts and orders for
// recipients without an email or phone, which are partner-managed gifts.
func TestConformanceManagedGifts(t *testing.T) {
	noFee := func(int64) int64 { return 0 }
	giftcardtest.RunConformance(t, giftcardtest.Subject{
		New: func(t *testing.T) (any, func() int) {
			srv := newSandbox(t, wolfetest.WithFee(noFee))
			return client(t, srv), srv.Journal().Len
		},
		Claims: []giftcardtest.Capability{giftcardtest.Orders, giftcardtest.Gifts},
		NewOrder: func(*testing.T) giftcard.OrderRequest {
			return giftcard.OrderRequest{ProductID: wolfetest.AmazonID, Items: []giftcard.OrderItem{{Denomination: usd("10"), Quantity: 1}}}
		},
		NewGift: func(*testing.T) giftcard.GiftRequest {
			return giftcard.GiftRequest{ProductID: wolfetest.AmazonID, Amount: usd("10"), AccountID: "user-7"}
		},
		Poll: giftcard.PollPolicy{Clock: giftcardtest.NewClock(t0)},
	})
}
