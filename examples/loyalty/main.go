// Command loyalty runs the loyalty (openLoyaltyPay) walk-through: activate
// a card, query it, top up 20.00, pay 10.50, add a 2.00 tip, void the pay,
// issue 100 points, redeem 40, and query the final balances.
//
//	go run ./examples/loyalty
//
// With LOYALTY_CLIENT_ID, LOYALTY_CLIENT_SECRET and LOYALTY_JWT_TOKEN all
// unset it runs against an in-process sandbox. With them set it uses
// LOYALTY_BASE_URL (default the provider's sandbox, uat.paywizard.biz) and
// the card LOYALTY_ACCOUNT_ID (default the documentation's example card).
// It exits non-zero on any failure.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"time"

	"github.com/giftcard-go/giftcard/examples/internal/loyaltyflow"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	if err := loyaltyflow.Run(ctx, os.Stdout, os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "loyalty example failed:", err)
		cancel()
		stop()
		os.Exit(1)
	}
}
