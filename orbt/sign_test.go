package orbt_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/giftcardtest"
	"github.com/giftcard-go/giftcard/orbt"
)

// The guide's own recipe, worked through by hand.
const (
	vecTimestamp = "2026-02-12T14:30:00.000Z"
	vecClientID  = "3f1c2a7e-8b4d-4e21-9c55-0d6a1b2c3d4e"
	vecSecret    = "orbt-test-secret"
	vecBody      = `{"fullName":"John Doe","email":"john.doe@example.com","currency":"usd","initialFunds":100.00}`
	vecRawSig    = "Ml10W6Il0T/ss3d8lYwbeYLUwF+jEpB4Zp8lpe2jC1Y="
	vecBodyHash  = "Nzsh8qtOze+pxM2kpw03YgOnpSQKdg4FoTVrU7gtKq0="
	vecHashSig   = "1K24QmnR58g/DyD+uAxR0gQ+chtIIofcBHAV+3QzBs4="
	emptyHash    = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
)

var vecTime = time.Date(2026, 2, 12, 14, 30, 0, 0, time.UTC)

func TestSignatureVectors(t *testing.T) {
	if got := orbt.Signature(orbt.SignRawBody, vecSecret, "POST", vecTimestamp, vecClientID, []byte(vecBody)); got != vecRawSig {
		t.Errorf("raw-body signature = %s, want %s", got, vecRawSig)
	}
	if got := orbt.BodyHash([]byte(vecBody)); got != vecBodyHash {
		t.Errorf("body hash = %s, want %s", got, vecBodyHash)
	}
	if got := orbt.Signature(orbt.SignBodyHash, vecSecret, "POST", vecTimestamp, vecClientID, []byte(vecBody)); got != vecHashSig {
		t.Errorf("body-hash signature = %s, want %s", got, vecHashSig)
	}
	if got := orbt.BodyHash(nil); got != emptyHash {
		t.Errorf("empty body hash = %s, want %s", got, emptyHash)
	}
	if got := orbt.BodyHash([]byte{}); got != emptyHash {
		t.Errorf("zero-length body hash = %s, want %s", got, emptyHash)
	}
	if got := orbt.FormatTimestamp(vecTime.In(time.FixedZone("X", 3600))); got != vecTimestamp {
		t.Errorf("FormatTimestamp = %s, want %s", got, vecTimestamp)
	}
}

func TestParseSigningScheme(t *testing.T) {
	for in, want := range map[string]orbt.SigningScheme{"": orbt.SigningDefault, "body": orbt.SignRawBody, "BODY-HASH": orbt.SignBodyHash, " body-hash ": orbt.SignBodyHash} {
		got, err := orbt.ParseSigningScheme(in)
		if err != nil || got != want {
			t.Errorf("ParseSigningScheme(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	_, err := orbt.ParseSigningScheme("sha1")
	var ve *giftcard.ValidationError
	if !errors.As(err, &ve) || ve.Field != "Signing" {
		t.Errorf("ParseSigningScheme(sha1) error = %v, want a ValidationError on Signing", err)
	}
	if orbt.SignRawBody.String() != "body" || orbt.SignBodyHash.String() != "body-hash" {
		t.Error("String does not round-trip the ORBT_SIGNING spelling")
	}
}

// refSign is an independent implementation of the documented formula.
func refSign(secret, s string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(s))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

type captured struct {
	method string
	header http.Header
	body   []byte
}

func captureServer(t *testing.T, status int, reply string) (*httptest.Server, func() []captured) {
	t.Helper()
	var mu sync.Mutex
	var got []captured
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, captured{method: r.Method, header: r.Header.Clone(), body: b})
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, reply)
	}))
	t.Cleanup(srv.Close)
	return srv, func() []captured { mu.Lock(); defer mu.Unlock(); return append([]captured(nil), got...) }
}

// TestSignedRequestOnTheWire checks the headers of real requests against the
// formula computed independently, for both schemes, with and without a body.
func TestSignedRequestOnTheWire(t *testing.T) {
	const created = `{"success":true,"data":{"id":51,"walletId":"51","fullName":"John Doe","email":"john.doe@example.com","walletBalance":100.00,"currency":"USD"}}`
	for _, scheme := range []orbt.SigningScheme{orbt.SignRawBody, orbt.SignBodyHash} {
		t.Run(scheme.String(), func(t *testing.T) {
			srv, got := captureServer(t, 200, created)
			c, err := orbt.New(orbt.Config{APIKey: "key-123", ClientID: vecClientID, HMACSecret: vecSecret, BaseURL: srv.URL, Signing: scheme},
				giftcard.WithClock(giftcardtest.NewClock(vecTime)))
			if err != nil {
				t.Fatal(err)
			}
			cust, err := c.CreateCustomer(context.Background(), orbt.CreateCustomerRequest{
				FullName: "John Doe", Email: "john.doe@example.com", Currency: "usd", InitialFunds: decimal.RequireFromString("100.00"),
			})
			if err != nil {
				t.Fatal(err)
			}
			if cust.ID != "51" || cust.WalletID != "51" || !cust.WalletBalance.Equal(decimal.NewFromInt(100)) {
				t.Errorf("customer = %+v", cust)
			}
			req := got()[0]
			wantBody := `{"fullName":"John Doe","email":"john.doe@example.com","currency":"USD","initialFunds":100.00}`
			if string(req.body) != wantBody {
				t.Fatalf("body = %s, want %s", req.body, wantBody)
			}
			checkHeaders(t, req, scheme, "key-123", vecTimestamp)
			// A GET carries no body: the empty string is signed / hashed.
			if _, err := c.ListCustomers(context.Background(), orbt.ListOptions{}); err == nil {
				t.Fatal("ListCustomers decoded a customer object as a list")
			}
			get := got()[1]
			if len(get.body) != 0 || get.header.Get("X-Body-Hash") != emptyHash {
				t.Errorf("GET body %q, x-body-hash %q; want empty and %s", get.body, get.header.Get("X-Body-Hash"), emptyHash)
			}
			checkHeaders(t, get, scheme, "key-123", vecTimestamp)
		})
	}
}

func checkHeaders(t *testing.T, req captured, scheme orbt.SigningScheme, apiKey, stamp string) {
	t.Helper()
	h := req.header
	if h.Get("X-Api-Key") != apiKey || h.Get("X-Client-Id") != vecClientID || h.Get("X-Timestamp") != stamp {
		t.Errorf("headers: api key %q, client id %q, timestamp %q", h.Get("X-Api-Key"), h.Get("X-Client-Id"), h.Get("X-Timestamp"))
	}
	sum := sha256.Sum256(req.body)
	bh := base64.StdEncoding.EncodeToString(sum[:])
	if h.Get("X-Body-Hash") != bh {
		t.Errorf("x-body-hash = %q, want %q", h.Get("X-Body-Hash"), bh)
	}
	last := string(req.body)
	if scheme == orbt.SignBodyHash {
		last = bh
	}
	want := refSign(vecSecret, req.method+"\n"+stamp+"\n"+vecClientID+"\n"+last)
	if h.Get("X-Signature") != want {
		t.Errorf("x-signature = %q, want %q", h.Get("X-Signature"), want)
	}
}

// TestSignerConcurrent signs from many goroutines with the pooled HMACs and
// checks every signature against the reference. The 16 GETs sign the same
// text but for the timestamp, on a clock that does not move: each is
// stamped one millisecond after another (since issue 8, item 11c; before,
// all carried vecTimestamp and one signature).
func TestSignerConcurrent(t *testing.T) {
	srv, got := captureServer(t, 200, `{"content":[],"page":0,"size":20,"hasNext":false}`)
	c, err := orbt.New(orbt.Config{APIKey: "k", ClientID: vecClientID, HMACSecret: vecSecret, BaseURL: srv.URL, Signing: orbt.SignRawBody},
		giftcard.WithClock(giftcardtest.NewClock(vecTime)))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.ListCustomers(context.Background(), orbt.ListOptions{Page: i, Size: 5}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	reqs := got()
	if len(reqs) != 16 {
		t.Fatalf("%d requests", len(reqs))
	}
	seen := map[string]bool{}
	for _, r := range reqs {
		ts := r.header.Get("X-Timestamp")
		at, err := time.Parse(orbt.TimestampLayout, ts)
		if err != nil || at.Before(vecTime) || at.Sub(vecTime) >= 16*time.Millisecond || seen[ts] {
			t.Errorf("timestamp %s: want 16 distinct stamps within 16ms of %s", ts, vecTimestamp)
		}
		seen[ts] = true
		checkHeaders(t, r, orbt.SignRawBody, "k", ts)
	}
}
