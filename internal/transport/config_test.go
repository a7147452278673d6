package transport_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/transport"
)

func TestNewRefusesMisleadingBaseURLs(t *testing.T) {
	for _, base := range []string{
		"https://api.example.com?x=1",
		"https://api.example.com/v1?",
		"https://api.example.com#frag",
		"https://user:hunter2@api.example.com",
		"https://api.example.com:99999",
		"https://api.example.com:0",
		"ftp://api.example.com",
		"api.example.com",
		"",
	} {
		_, err := transport.New(giftcard.NewConfig(giftcard.WithBaseURL(base)), transport.Options{Provider: "p"})
		var ve *giftcard.ValidationError
		if !errors.As(err, &ve) || ve.Field != "BaseURL" {
			t.Errorf("%q: got %v", base, err)
			continue
		}
		if strings.Contains(err.Error(), "hunter2") {
			t.Errorf("%q: the error prints the password: %v", base, err)
		}
	}
	for _, base := range []string{"https://api.example.com", "http://127.0.0.1:8080/prefix/", "https://api.example.com:443"} {
		if _, err := transport.New(giftcard.NewConfig(giftcard.WithBaseURL(base)), transport.Options{Provider: "p"}); err != nil {
			t.Errorf("%q refused: %v", base, err)
		}
	}
}

func TestNewRefusesAUserAgentThatSplitsHeaders(t *testing.T) {
	for _, ua := range []string{"app\r\nX-Evil: 1", "app\n", "app\x00"} {
		_, err := transport.New(giftcard.NewConfig(giftcard.WithBaseURL("https://x.example"), giftcard.WithUserAgent(ua)), transport.Options{Provider: "p"})
		var ve *giftcard.ValidationError
		if !errors.As(err, &ve) || ve.Field != "UserAgent" {
			t.Errorf("%q: got %v", ua, err)
		}
	}
}

func TestAZeroClientFailsInsteadOfPanicking(t *testing.T) {
	var c *transport.Client
	_, err := transport.Call[thing](context.Background(), c, c.NewRequest(giftcard.Route{Op: "Get", Method: "GET", Path: "/x"}))
	if !errors.Is(err, giftcard.ErrInvalidRequest) || !strings.Contains(err.Error(), "New") {
		t.Fatalf("got %v", err)
	}
}

// A plain-text 404 (a router's, not the provider's) suggests a wrong base
// URL path prefix.
func TestRouter404SuggestsAPathPrefix(t *testing.T) {
	srv := newServer(t, http.NotFoundHandler())
	c, _ := newClient(t, srv.URL+"/wrong", srv.Client(), transport.Options{})
	_, err := transport.Call[thing](context.Background(), c, c.NewRequest(giftcard.Route{Op: "Get", Method: "GET", Path: "/x"}))
	if !errors.Is(err, giftcard.ErrNotFound) || !strings.Contains(err.Error(), "path prefix") {
		t.Fatalf("got %v", err)
	}
}

// countingServer counts the connections its listener accepts.
func countingServer(t testing.TB) (*httptest.Server, *atomic.Int64) {
	var dials atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"id":"x"}`))
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			dials.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, &dials
}

// TestDefaultClientReusesConnections: 10,000 calls from 50 goroutines open
// at most 50 connections with the SDK's default HTTP client set to that
// concurrency, and at most DefaultMaxConnsPerHost with no setting (net/http's
// default client keeps 2 idle per host and opened thousands).
func TestDefaultClientReusesConnections(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts []giftcard.Option
		max  int64
	}{
		{"WithMaxConnsPerHost(50)", []giftcard.Option{giftcard.WithMaxConnsPerHost(50)}, 50},
		// Without a setting the pool caps connections at
		// DefaultMaxConnsPerHost; a connection that breaks under a loaded
		// machine is redialed, so the bound leaves room for that — still two
		// orders of magnitude under net/http's default client.
		{"default", nil, 2 * transport.DefaultMaxConnsPerHost},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, dials := countingServer(t)
			c, err := transport.New(giftcard.NewConfig(append(tc.opts, giftcard.WithBaseURL(srv.URL))...), transport.Options{Provider: "p"})
			if err != nil {
				t.Fatal(err)
			}
			const workers, calls = 50, 10000
			var wg sync.WaitGroup
			var failed atomic.Int64
			for w := 0; w < workers; w++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := 0; i < calls/workers; i++ {
						if _, err := transport.Call[thing](context.Background(), c, c.NewRequest(giftcard.Route{Op: "Get", Method: "GET", Path: "/x"})); err != nil {
							failed.Add(1)
						}
					}
				}()
			}
			wg.Wait()
			if failed.Load() != 0 {
				t.Fatalf("%d calls failed", failed.Load())
			}
			t.Logf("%d calls from %d goroutines: %d connections", calls, workers, dials.Load())
			if n := dials.Load(); n > tc.max {
				t.Fatalf("%d connections, want at most %d", n, tc.max)
			}
		})
	}
}
