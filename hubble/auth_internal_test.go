package hubble

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/giftcardtest"
)

// An absurd expiresInSecs (one that overflows time.Duration) must not turn
// into a negative lifetime that logs in again on every call; a missing or
// zero one means the typical hour.
func TestTokenLifetimeBounds(t *testing.T) {
	for _, tc := range []struct {
		expires   string
		advance   time.Duration
		wantLogin int32
	}{
		{"9300000000", time.Hour, 1}, // × 1e9 ns wraps to a negative int64
		{"99999999999", time.Hour, 1},
		{"99999999999", 24 * time.Hour, 2}, // capped at 30 h: refreshed after 24 h
		{"0", 47 * time.Minute, 1},
		{"0", 49 * time.Minute, 2},
		{"-5", 49 * time.Minute, 2},
	} {
		t.Run(fmt.Sprintf("%s_%s", tc.expires, tc.advance), func(t *testing.T) {
			var logins atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				if strings.HasSuffix(r.URL.Path, routeLogin.Path) {
					logins.Add(1)
					fmt.Fprintf(w, `{"token":"tok","expiresInSecs":%s}`, tc.expires)
					return
				}
				fmt.Fprint(w, `{"balance":1}`)
			}))
			defer srv.Close()
			clk := giftcardtest.NewManualClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
			c, err := New(Config{ClientID: "id", ClientSecret: "s", BaseURL: srv.URL}, giftcard.WithClock(clk))
			if err != nil {
				t.Fatal(err)
			}
			for range 3 {
				if _, err := c.WalletBalance(t.Context()); err != nil {
					t.Fatal(err)
				}
			}
			if n := logins.Load(); n != 1 {
				t.Fatalf("%d logins for three calls, want 1", n)
			}
			clk.Advance(tc.advance)
			for range 3 {
				if _, err := c.WalletBalance(t.Context()); err != nil {
					t.Fatal(err)
				}
			}
			if n := logins.Load(); n != tc.wantLogin {
				t.Fatalf("%d logins after %s, want %d", n, tc.advance, tc.wantLogin)
			}
		})
	}
}
