package giftcardtest

import (
	"time"

	"github.com/giftcard-go/giftcard/internal/clock"
)

// Clock is a fake giftcard.Clock for tests: pass it with giftcard.WithClock
// and in a giftcard.PollPolicy. Advance moves it; Sleeps lists every wait.
type Clock = clock.Fake

// NewClock returns a self-advancing fake clock reading start: every Sleep
// moves it forward by its duration and returns at once, so backoff, token
// expiry and polling run instantly and deterministically.
func NewClock(start time.Time) *Clock { return clock.NewFake(start, true) }

// NewManualClock returns a fake clock whose Sleep blocks until Advance moves
// it past the sleeper's deadline (or the sleeper's context ends).
func NewManualClock(start time.Time) *Clock { return clock.NewFake(start, false) }
