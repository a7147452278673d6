package orbt_test

import (
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/giftcardtest"
	"github.com/giftcard-go/giftcard/orbt"
	"github.com/giftcard-go/giftcard/orbt/orbttest"
)

// TestConformance runs the shared suite twice: with the suite's default
// missing id (not an integer, refused before the network) and with an
// integer id the sandbox answers 404 for.
func TestConformance(t *testing.T) {
	for _, missing := range []string{"", "999999"} {
		t.Run("missing="+missing, func(t *testing.T) { runConformance(t, missing) })
	}
}

func runConformance(t *testing.T, missing string) {
	var n atomic.Int64
	giftcardtest.RunConformance(t, giftcardtest.Subject{
		MissingID: missing,
		New: func(t *testing.T) (any, func() int) {
			clk := giftcardtest.NewClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
			srv := orbttest.NewServer(orbttest.WithClock(clk))
			t.Cleanup(srv.Close)
			c, err := orbt.New(srv.Config(), giftcard.WithClock(clk))
			if err != nil {
				t.Fatal(err)
			}
			return c, func() int { return len(srv.Requests()) }
		},
		Claims: []giftcardtest.Capability{giftcardtest.Gifts},
		NewGift: func(t *testing.T) giftcard.GiftRequest {
			return giftcard.GiftRequest{
				Amount:    giftcard.MustParseMoney("25.00", "USD"),
				Recipient: giftcard.Recipient{Name: "Conformance Recipient", Email: fmt.Sprintf("conformance-%d@example.com", n.Add(1))},
			}
		},
		Unsupported: []string{"CancelGift"},
	})
}
