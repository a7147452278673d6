// Command orbt runs the ORBT walk-through: check the credentials, create a
// customer with initial funds, list customers page by page, read the
// wallet, credit it.
//
//	go run ./examples/orbt
//
// Without ORBT_API_KEY, ORBT_CLIENT_ID and ORBT_HMAC_SECRET it runs against
// an in-process sandbox. With them it uses ORBT_BASE_URL (default the UAT
// environment) and ORBT_SIGNING (body | body-hash; default follows the
// environment). It exits non-zero on any failure.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"time"

	"github.com/giftcard-go/giftcard/examples/internal/orbtflow"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	if err := orbtflow.Run(ctx, os.Stdout, os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "orbt example failed:", err)
		cancel()
		stop()
		os.Exit(1)
	}
}
