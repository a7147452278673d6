// Command hubble walks through Hubble's API: log in, browse a category,
// find Flipkart and Amazon by searching, place a Flipkart order and a
// 10 × 500 Amazon order (waiting through PROCESSING), and print the vouchers
// masked and the wallet balance.
//
//	go run ./examples/hubble
//
// runs against an in-process sandbox. Set HUBBLE_CLIENT_ID and
// HUBBLE_CLIENT_SECRET (and HUBBLE_BASE_URL, default staging) to run it
// against Hubble; GIFTCARD_POLL_INTERVAL (a Go duration) overrides the
// polling delay. It exits with status 1 on any failure.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"

	"github.com/giftcard-go/giftcard/examples/internal/hubbleflow"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := hubbleflow.Run(ctx, os.Stdout, os.Getenv)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "hubble:", err)
		os.Exit(1)
	}
}
