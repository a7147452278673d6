// Command quickstart walks through every provider, one after the other:
// Hubble (browse the catalog, place orders, wait through PROCESSING, read the
// wallet), ORBT (create a funded consumer, page through consumers, read and
// credit the wallet), Wolfe (funding balance, merchants, buy, read and cancel
// a gift, webhook config) and the loyalty API (activate a card, top up, pay,
// tip, void, points).
//
// Each provider runs against its real environment when its credentials are
// set in the environment (HUBBLE_*, ORBT_*, WOLFE_*, LOYALTY_*; see README.md)
// and against its in-process sandbox otherwise, so `go run ./examples/quickstart`
// works on a fresh machine with no network. It exits non-zero if any step fails.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/giftcard-go/giftcard/examples/internal/hubbleflow"
	"github.com/giftcard-go/giftcard/examples/internal/loyaltyflow"
	"github.com/giftcard-go/giftcard/examples/internal/orbtflow"
	"github.com/giftcard-go/giftcard/examples/internal/wolfeflow"
)

type flow struct {
	name string
	run  func(ctx context.Context, w io.Writer, getenv func(string) string) error
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Stdout, os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, w io.Writer, getenv func(string) string) error {
	flows := []flow{
		{"Hubble", hubbleflow.Run},
		{"ORBT", orbtflow.Run},
		{"Wolfe", wolfeflow.Run},
		{"Loyalty", loyaltyflow.Run},
	}
	for _, f := range flows {
		fmt.Fprintf(w, "\n== %s\n", f.name)
		start := time.Now()
		if err := f.run(ctx, w, getenv); err != nil {
			return fmt.Errorf("%s: %w", f.name, err)
		}
		fmt.Fprintf(w, "-- %s done in %s\n", f.name, time.Since(start).Round(time.Millisecond))
	}
	return nil
}
