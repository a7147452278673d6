package hubble_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/hubble"
	"github.com/giftcard-go/giftcard/hubble/hubbletest"
)

// BenchmarkGetOrder compares one GET /v1/partners/orders/:id and its decode
// through the SDK (hubble.Client.Order: token cache, transport, error
// mapping) with a plain net/http client holding a fixed bearer token, both
// against the same sandbox and the same *http.Client.
func BenchmarkGetOrder(b *testing.B) {
	srv := hubbletest.NewServer()
	defer srv.Close()
	c, err := hubble.New(srv.Config(), giftcard.WithHTTPClient(srv.Client()))
	if err != nil {
		b.Fatal(err)
	}
	ctx := b.Context()
	o, err := c.PlaceOrder(ctx, flipkart500())
	if err != nil {
		b.Fatal(err)
	}
	// A token for the plain client, from the sandbox's login.
	token := login(b, srv)
	url := srv.URL + "/v1/partners/orders/" + o.ID
	hc := srv.Client()

	b.Run("sdk", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			got, err := c.Order(ctx, o.ID)
			if err != nil || got.ID != o.ID {
				b.Fatal(got, err)
			}
		}
	})
	b.Run("nethttp", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
			if err != nil {
				b.Fatal(err)
			}
			req.Header.Set("Authorization", "Bearer "+token)
			req.Header.Set("X-REQUEST-ID", uuid.NewString())
			req.Header.Set("Accept", "application/json")
			resp, err := hc.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil || resp.StatusCode != http.StatusOK {
				b.Fatal(resp.StatusCode, err)
			}
			var got hubble.Order
			if err := json.Unmarshal(body, &got); err != nil || got.ID != o.ID {
				b.Fatal(got, err)
			}
		}
	})
}

func login(b *testing.B, srv *hubbletest.Server) string {
	body := fmt.Sprintf(`{"clientId":%q,"clientSecret":%q}`, srv.ClientID(), srv.ClientSecret().Reveal())
	resp, err := srv.Client().Post(srv.URL+"/v1/partners/auth/login", "application/json", strings.NewReader(body))
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	var lr hubble.LoginResponse
	if err := json.NewDecoder(resp.Body).Decode(&lr); err != nil {
		b.Fatal(err)
	}
	return lr.Token.Reveal()
}
