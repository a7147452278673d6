package loyalty_test

import (
	"context"
	"errors"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/loyalty"
	"github.com/giftcard-go/giftcard/loyalty/loyaltytest"
)

// The test vector.
const (
	vectorClientID = "825429536610058240"
	vectorSecret   = "6266b7272643b93e04336a6beb2459fb"
	vectorBody     = `{"clientId":"825429536610058240","tranOrderNo":"20250401123534801","loyaltyChannel":"FACTOR4","amount":"10.50","tranCurrency":"USD","accountId":"914639258868515","entryType":"K"}`
	vectorSign     = "376dfe824689d32eae3e20572c1570fe8bcf0b9fb9df597704345f7dfb549bdd"
)

func TestSignVector(t *testing.T) {
	if got := loyalty.Sign(vectorClientID, vectorSecret, []byte(vectorBody)); got != vectorSign {
		t.Fatalf("Sign = %s, want %s", got, vectorSign)
	}
	s := loyalty.NewHMACSigner(vectorClientID, vectorSecret)
	for range 3 { // pooled states must not keep anything from the last call
		got, err := s.Sign([]byte(vectorBody))
		if err != nil || got != vectorSign {
			t.Fatalf("HMACSigner.Sign = %s, %v", got, err)
		}
	}
	if got := loyalty.Sign(vectorClientID, vectorSecret, []byte(vectorBody+" ")); got == vectorSign {
		t.Fatal("a different body signs the same")
	}
}

// The client must send the vector's body byte for byte (clientId first, put
// in by the client) and sign it to the vector's sign.
func TestPaySendsTheVectorBytes(t *testing.T) {
	srv, c := newSandbox(t)
	tx, err := c.Pay(t.Context(), loyalty.PayRequest{
		TranOrderNo: "20250401123534801", AccountID: loyaltytest.CardActive, EntryType: loyalty.EntryKeyed, Amount: usd("10.5"),
	})
	if err != nil {
		t.Fatal(err)
	}
	reqs := srv.Requests()
	last := reqs[len(reqs)-1]
	if string(last.Body) != vectorBody {
		t.Fatalf("body sent:\n%s\nwant:\n%s", last.Body, vectorBody)
	}
	if got := last.Header.Get("sign"); got != vectorSign {
		t.Fatalf("sign = %s, want %s", got, vectorSign)
	}
	if got := last.Header.Get("jwt-token"); got != loyaltytest.DefaultJWTToken {
		t.Fatalf("jwt-token = %q", got)
	}
	if tx.TranOrderNo != "20250401123534801" || !tx.Money().Equal(usd("10.50")) || tx.CheckoutID == "" {
		t.Fatalf("transaction %+v", tx)
	}
}

// A Signer replaces the recipe; it is called on every attempt with the
// exact bytes of that attempt.
func TestCustomSignerEveryAttempt(t *testing.T) {
	srv, cfg, opts := sandbox(t)
	var calls atomic.Int32
	var bodies [][]byte
	cfg.Signer = loyalty.SignerFunc(func(body []byte) (string, error) {
		calls.Add(1)
		bodies = append(bodies, append([]byte(nil), body...))
		return loyalty.Sign(cfg.ClientID, cfg.ClientSecret, body), nil
	})
	c, err := loyalty.New(cfg, opts...)
	if err != nil {
		t.Fatal(err)
	}
	srv.InjectFault(loyaltytest.Fault{Path: "/ovstrade/openLoyaltyPay/giftTransaction", Status: http.StatusServiceUnavailable})
	if _, err := c.Pay(t.Context(), loyalty.PayRequest{AccountID: loyaltytest.CardActive, EntryType: loyalty.EntryKeyed, Amount: usd("1.00")}); err != nil {
		t.Fatal(err)
	}
	if calls.Load() != 2 {
		t.Fatalf("signer called %d times for 2 attempts", calls.Load())
	}
	reqs := srv.Requests()
	for i, b := range bodies {
		if string(b) != string(reqs[len(reqs)-2+i].Body) {
			t.Fatalf("attempt %d: signed %s, sent %s", i+1, b, reqs[len(reqs)-2+i].Body)
		}
	}

	// A wrong sign is refused by the sandbox as the docs describe.
	cfg.Signer = loyalty.SignerFunc(func([]byte) (string, error) { return "signtext", nil })
	bad, _ := loyalty.New(cfg, opts...)
	_, err = bad.Query(t.Context(), loyalty.QueryRequest{AccountID: loyaltytest.CardActive, EntryType: loyalty.EntryKeyed})
	var ae *loyalty.APIError
	if !errors.Is(err, giftcard.ErrUnauthorized) || !errors.As(err, &ae) || ae.Code != loyalty.CodeUnauthorized {
		t.Fatalf("wrong sign: %v", err)
	}

	// A failing Signer fails the call before anything is sent.
	before := len(srv.Requests())
	cfg.Signer = loyalty.SignerFunc(func([]byte) (string, error) { return "", errors.New("hsm offline") })
	failing, _ := loyalty.New(cfg, opts...)
	_, err = failing.Pay(context.Background(), loyalty.PayRequest{AccountID: loyaltytest.CardActive, EntryType: loyalty.EntryKeyed, Amount: usd("1.00")})
	if err == nil || errors.Is(err, giftcard.ErrOutcomeUnknown) || len(srv.Requests()) != before {
		t.Fatalf("failing signer: %v, %d requests sent", err, len(srv.Requests())-before)
	}
}
