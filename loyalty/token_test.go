package loyalty_test

import (
	"errors"
	"net/http"
	"sync"
	"testing"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/loyalty"
	"github.com/giftcard-go/giftcard/loyalty/loyaltytest"
)

const pathToken = "/ovstrade/semiOpen/generateAccessToken"

func tokenClient(t *testing.T, srv *loyaltytest.Server, opts []giftcard.Option) *loyalty.Client {
	t.Helper()
	c, err := loyalty.New(srv.TokenConfig(), opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Without a JWTToken the client fetches the eCommerce token once, shared by
// every goroutine, and sends it in jwt-token.
func TestTokenFetchedOnce(t *testing.T) {
	srv, _, opts := sandbox(t)
	c := tokenClient(t, srv, opts)
	if n := srv.CountRequests("", pathToken); n != 0 {
		t.Fatalf("New fetched %d tokens", n)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := c.Query(t.Context(), loyalty.QueryRequest{AccountID: loyaltytest.CardActive, EntryType: "K"})
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := srv.CountRequests("", pathToken); n != 1 {
		t.Fatalf("%d token fetches for 20 concurrent calls, want 1", n)
	}
	for _, e := range srv.Requests() {
		if e.Path == pathToken {
			if e.Header.Get("jwt-token") != "" || e.Header.Get("sign") != "" {
				t.Fatalf("the token request carries credentials headers: %v", e.Header)
			}
			continue
		}
		if e.Header.Get("jwt-token") != loyaltytest.DefaultJWTToken {
			t.Fatalf("jwt-token %q, want the eCommerce token (not the Terminal one)", e.Header.Get("jwt-token"))
		}
	}
}

// A token the server stops accepting (code 401 inside an HTTP 200) is
// dropped and fetched again, and the refused request sent once more: a
// money operation too, with the same tranOrderNo, charging once.
func TestTokenRotatedInside200(t *testing.T) {
	srv, _, opts := sandbox(t)
	c := tokenClient(t, srv, opts)
	if _, err := c.Query(t.Context(), loyalty.QueryRequest{AccountID: loyaltytest.CardActive, EntryType: "K"}); err != nil {
		t.Fatal(err)
	}
	fresh := srv.RotateToken()
	tx, err := c.Pay(t.Context(), payReq("1.00"))
	if err != nil {
		t.Fatal(err)
	}
	if n := srv.CountRequests("", pathToken); n != 2 {
		t.Fatalf("%d token fetches, want 2", n)
	}
	reqs := srv.Requests()
	if reqs[len(reqs)-1].Header.Get("jwt-token") != fresh {
		t.Fatal("the repeat did not carry the new token")
	}
	if n := count(srv, "Pay"); n != 1 || srv.Transactions()[0].TranOrderNo != tx.TranOrderNo {
		t.Fatalf("%d pays", n)
	}
	// A fixed token that is refused is not retried.
	fixed, _ := loyalty.New(loyalty.Config{ClientID: loyaltytest.DefaultClientID, ClientSecret: loyaltytest.DefaultClientSecret,
		JWTToken: loyaltytest.DefaultJWTToken}, append(opts, giftcard.WithBaseURL(srv.URL))...)
	before := len(srv.Requests())
	_, err = fixed.Query(t.Context(), loyalty.QueryRequest{AccountID: loyaltytest.CardActive, EntryType: "K"})
	if !errors.Is(err, giftcard.ErrUnauthorized) || len(srv.Requests())-before != 1 {
		t.Fatalf("old fixed token: %v after %d requests", err, len(srv.Requests())-before)
	}
}

// An HTTP 401 is handled by the transport: the token is dropped, fetched
// again, and the request repeated once.
func TestTokenRefusedWithHTTP401(t *testing.T) {
	srv, _, opts := sandbox(t)
	c := tokenClient(t, srv, opts)
	srv.InjectFault(loyaltytest.Fault{Path: "/ovstrade/openLoyaltyPay/", Status: http.StatusUnauthorized,
		Body: `{"code":401,"msg":"token expired","timestamp":"2025-07-24 13:06:10"}`})
	if _, err := c.Query(t.Context(), loyalty.QueryRequest{AccountID: loyaltytest.CardActive, EntryType: "K"}); err != nil {
		t.Fatal(err)
	}
	if n := srv.CountRequests("", pathToken); n != 2 {
		t.Fatalf("%d token fetches, want 2", n)
	}
}

func TestTokenFetchFailures(t *testing.T) {
	srv, cfg, opts := sandbox(t)
	// Wrong merchant: the token endpoint refuses; nothing else is sent, and a
	// money operation that could not be authenticated is definitely not done.
	bad := srv.TokenConfig()
	bad.MerchantID = "0"
	c, err := loyalty.New(bad, opts...)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Pay(t.Context(), payReq("1.00"))
	if !errors.Is(err, giftcard.ErrNotFound) || errors.Is(err, giftcard.ErrOutcomeUnknown) || srv.CountRequests("", pathPay) != 0 {
		t.Fatalf("token refused: %v (%d pays sent)", err, srv.CountRequests("", pathPay))
	}
	// A wrong secret.
	bad = srv.TokenConfig()
	bad.ClientSecret = "wrong"
	c, _ = loyalty.New(bad, opts...)
	if _, err := c.Query(t.Context(), loyalty.QueryRequest{AccountID: loyaltytest.CardActive, EntryType: "K"}); !errors.Is(err, giftcard.ErrUnauthorized) {
		t.Fatalf("wrong secret: %v", err)
	}
	// A token list without an eCommerce token.
	srv.InjectFault(loyaltytest.Fault{Path: pathToken, Status: http.StatusOK,
		Body: `{"code":200,"msg":"success","data":[{"token":"T","type":"Terminal","expiryTime":-1}],"timestamp":"2025-07-24 13:06:10"}`})
	c = tokenClient(t, srv, opts)
	if _, err := c.Query(t.Context(), loyalty.QueryRequest{AccountID: loyaltytest.CardActive, EntryType: "K"}); !errors.Is(err, giftcard.ErrUnauthorized) {
		t.Fatalf("no eCommerce token: %v", err)
	}
	_ = cfg
}
