package giftcard_test

import (
	"io"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/giftcardtest"
)

func TestNewConfigDefaults(t *testing.T) {
	c := giftcard.NewConfig()
	if c.HTTPClient != nil || c.MaxConnsPerHost != 0 || c.Retry != giftcard.DefaultRetryPolicy() || c.RateLimit != 0 ||
		c.Logger == nil || c.UserAgent != "giftcard-go/"+giftcard.Version || c.AttemptTimeout != 30*time.Second ||
		c.Clock == nil || c.MaxResponseBytes != giftcard.DefaultMaxResponseBytes || c.BaseURL != "" {
		t.Errorf("defaults = %+v", c)
	}
	if c.Logger.Enabled(t.Context(), slog.LevelError) {
		t.Error("the default logger is not silent")
	}
	d := giftcard.DefaultRetryPolicy()
	if d.MaxAttempts != 4 || d.BaseDelay != 200*time.Millisecond || d.MaxDelay != 20*time.Second ||
		d.MaxElapsed != time.Minute || d.Budget != 500 || d.RetryCost != 5 || d.TimeoutCost != 10 {
		t.Errorf("DefaultRetryPolicy = %+v", d)
	}
}

func TestOptions(t *testing.T) {
	hc := &http.Client{}
	clk := giftcardtest.NewClock(time.Unix(0, 0))
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	mw := func(rt http.RoundTripper) http.RoundTripper { return rt }
	c := giftcard.NewConfig(
		nil,
		giftcard.WithHTTPClient(hc), giftcard.WithHTTPClient(nil),
		giftcard.WithMiddleware(mw), giftcard.WithMiddleware(nil), giftcard.WithMiddleware(mw),
		giftcard.WithBaseURL("http://127.0.0.1:1"),
		giftcard.WithRateLimit(rate.Limit(5), 0),
		giftcard.WithLogger(log), giftcard.WithLogger(nil),
		giftcard.WithUserAgent("ua/1"),
		giftcard.WithAttemptTimeout(0),
		giftcard.WithClock(clk), giftcard.WithClock(nil),
		giftcard.WithMaxResponseBytes(10), giftcard.WithMaxResponseBytes(0),
	)
	if c.HTTPClient != hc || len(c.Middleware) != 2 || c.BaseURL != "http://127.0.0.1:1" || c.RateLimit != 5 || c.RateBurst != 1 ||
		c.Logger != log || c.UserAgent != "ua/1" || c.AttemptTimeout != 0 || c.Clock != clk || c.MaxResponseBytes != 10 {
		t.Errorf("config = %+v", c)
	}
}

func TestWithRetryPolicy(t *testing.T) {
	c := giftcard.NewConfig(giftcard.WithRetryPolicy(giftcard.RetryPolicy{MaxAttempts: 2, MaxDelay: time.Second}))
	want := giftcard.DefaultRetryPolicy()
	want.MaxAttempts, want.MaxDelay = 2, time.Second
	if c.Retry != want {
		t.Errorf("zero fields keep their defaults: %+v", c.Retry)
	}
	c = giftcard.NewConfig(giftcard.WithRetryPolicy(giftcard.RetryPolicy{Budget: -1, BaseDelay: time.Millisecond,
		MaxElapsed: time.Second, RetryCost: 1, TimeoutCost: 2}))
	if c.Retry.Budget != -1 || c.Retry.BaseDelay != time.Millisecond || c.Retry.MaxElapsed != time.Second ||
		c.Retry.RetryCost != 1 || c.Retry.TimeoutCost != 2 || c.Retry.MaxAttempts != 4 {
		t.Errorf("retry = %+v", c.Retry)
	}
	if c := giftcard.NewConfig(giftcard.WithNoRetries()); c.Retry.MaxAttempts != 1 {
		t.Errorf("WithNoRetries: %d attempts", c.Retry.MaxAttempts)
	}
}
