// Command wolfe-redeem runs the Wolfe redemption walk-through: a gift
// bought, a card-link session opened for it, its merchant swapped and the
// rest redeemed as an eGift read back; another gift redeemed via Zelle to
// an account looked up for the recipient; the credits and merchant
// transactions listed; a missing credit registered and read back. Every
// fee comes out of the gift, not the funding account.
//
//	go run ./examples/wolfe-redeem
//
// Without any WOLFE_* variable it runs against an in-process sandbox,
// which also plays the recipient (linking a card, paying with it). With
// WOLFE_BASE_URL, WOLFE_PARTNER_KEY and WOLFE_COMPANY_ID (and optionally
// WOLFE_TENANT_ID) it uses that account — and spends and redeems real
// gifts; WOLFE_RECIPIENT_ID names the recipient (who needs a Zelle
// account) and WOLFE_CARD_ID a card of theirs with an uncredited purchase,
// for the missing credit. It exits non-zero on any failure.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"time"

	"github.com/giftcard-go/giftcard/examples/internal/wolferedeemflow"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	if err := wolferedeemflow.Run(ctx, os.Stdout, os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "wolfe-redeem example failed:", err)
		cancel()
		stop()
		os.Exit(1)
	}
}
