// Command wolfe runs the Wolfe walk-through: the funding balance, the
// merchant catalog paged and searched, a merchant's locations, a $25 gift
// bought, read back by id and by reference, its events, cancelled with the
// refund shown, and the webhook configuration set and read.
//
//	go run ./examples/wolfe
//
// Without any WOLFE_* variable it runs against an in-process sandbox. With
// WOLFE_BASE_URL, WOLFE_PARTNER_KEY and WOLFE_COMPANY_ID (and optionally
// WOLFE_TENANT_ID) it uses that account; WOLFE_WEBHOOK_URL sets the webhook
// callback, WOLFE_TEST_EMAIL the gift's recipient. It exits non-zero on any
// failure.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"time"

	"github.com/giftcard-go/giftcard/examples/internal/wolfeflow"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	if err := wolfeflow.Run(ctx, os.Stdout, os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "wolfe example failed:", err)
		cancel()
		stop()
		os.Exit(1)
	}
}
