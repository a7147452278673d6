// Command quickstart is the SDK in use, one provider after the other, then
// all of them behind one client. Every step is a plain SDK call you can
// copy:
//
//   - hubble.go: search the catalog, place an order, finish it in the
//     background while it is PROCESSING, read the wallet.
//   - orbt.go: create a consumer with initial funds, read its wallets,
//     credit one.
//   - wolfe.go: read the funding balance, find a merchant by searching,
//     buy a $25 gift, read it, cancel it.
//   - loyalty.go: query a card, top it up, pay, void the payment.
//   - client.go: giftcard.NewClient over Hubble and Wolfe: one catalog, an
//     order routed by its product, every balance.
//
// Each provider runs against its real environment when its variables are
// set (HUBBLE_*, ORBT_*, WOLFE_*, LOYALTY_*; see README.md) and against its
// in-process sandbox when none of them is, so
//
//	go run ./examples/quickstart
//
// works on a fresh machine with no network. Some of a provider's variables
// set and others not is an error naming the missing ones. It exits with
// status 1 on any failure.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Stdout, os.Getenv)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// run connects to every provider first, so that a missing variable is
// reported before anything is spent, then walks through each one.
func run(ctx context.Context, w io.Writer, getenv func(string) string) error {
	var sb sandboxes
	defer sb.close()
	hub, poll, err1 := connectHubble(w, getenv, &sb)
	orb, err2 := connectORBT(w, getenv, &sb)
	wlf, err3 := connectWolfe(w, getenv, &sb)
	loy, card, err4 := connectLoyalty(w, getenv, &sb)
	if err := errors.Join(err1, err2, err3, err4); err != nil {
		return err
	}

	steps := []struct {
		name string
		run  func() error
	}{
		{"Hubble", func() error { return hubbleTour(ctx, w, hub, poll) }},
		{"ORBT", func() error { return orbtTour(ctx, w, orb) }},
		{"Wolfe", func() error { return wolfeTour(ctx, w, wlf) }},
		{"Loyalty", func() error { return loyaltyTour(ctx, w, loy, card) }},
		{"One client over Hubble and Wolfe", func() error { return clientTour(ctx, w, hub, wlf) }},
	}
	for _, s := range steps {
		fmt.Fprintf(w, "\n== %s\n", s.name)
		if err := s.run(); err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
	}
	fmt.Fprintln(w, "\nAll done.")
	return nil
}

// sandboxes are the in-process sandboxes started for the providers whose
// variables are unset.
type sandboxes []interface{ Close() }

func (s sandboxes) close() {
	for _, srv := range s {
		srv.Close()
	}
}

// checkEnv reads which of a provider's variables are set: none (use the
// sandbox: configured is false), or all of required (configured is true);
// anything between is an error naming the missing ones.
func checkEnv(getenv func(string) string, provider string, all, required []string) (configured bool, err error) {
	var set, missing []string
	for _, k := range all {
		if getenv(k) != "" {
			set = append(set, k)
		}
	}
	if len(set) == 0 {
		return false, nil
	}
	for _, k := range required {
		if getenv(k) == "" {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		return false, fmt.Errorf("%s: %s set but %s not: set all of %s, or none of them to use the sandbox",
			provider, strings.Join(set, ", "), strings.Join(missing, ", "), strings.Join(required, ", "))
	}
	return true, nil
}
