package orbttest_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/giftcard-go/giftcard/giftcardtest"
	"github.com/giftcard-go/giftcard/orbt"
	"github.com/giftcard-go/giftcard/orbt/orbttest"
)

// The sandbox surface every provider sandbox shares (promoted from the
// embedded sandbox.Base) stays part of the Server's API.
var _ interface {
	Close()
	Client() *http.Client
	Requests() []orbttest.Entry
	CountRequests(method, pathPrefix string) int
	InjectFault(orbttest.Fault)
	ClearFaults()
} = (*orbttest.Server)(nil)

// The ORBT guide's signing example.
const (
	vecTimestamp = "2026-02-12T14:30:00.000Z"
	vecClientID  = "3f1c2a7e-8b4d-4e21-9c55-0d6a1b2c3d4e"
	vecSecret    = "orbt-test-secret"
	vecBody      = `{"fullName":"John Doe","email":"john.doe@example.com","currency":"usd","initialFunds":100.00}`
	vecRawSig    = "Ml10W6Il0T/ss3d8lYwbeYLUwF+jEpB4Zp8lpe2jC1Y="
	vecBodyHash  = "Nzsh8qtOze+pxM2kpw03YgOnpSQKdg4FoTVrU7gtKq0="
	vecHashSig   = "1K24QmnR58g/DyD+uAxR0gQ+chtIIofcBHAV+3QzBs4="
)

var vecTime = time.Date(2026, 2, 12, 14, 30, 0, 0, time.UTC)

type rawReq struct {
	method, path, body        string
	ts, sig, bodyHash, apiKey string
	omitBodyHash              bool
}

func send(t *testing.T, srv *orbttest.Server, r rawReq) (int, map[string]any, http.Header) {
	t.Helper()
	var rd io.Reader
	if r.body != "" {
		rd = strings.NewReader(r.body)
	}
	req, _ := http.NewRequest(r.method, srv.URL+r.path, rd)
	req.Header.Set("x-api-key", r.apiKey)
	req.Header.Set("x-client-id", vecClientID)
	req.Header.Set("x-timestamp", r.ts)
	req.Header.Set("x-signature", r.sig)
	if !r.omitBodyHash {
		req.Header.Set("x-body-hash", r.bodyHash)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	b, _ := io.ReadAll(resp.Body)
	if len(b) > 0 {
		if err := json.Unmarshal(b, &out); err != nil {
			t.Fatalf("%s: %v", b, err)
		}
	}
	return resp.StatusCode, out, resp.Header
}

func sign(method, ts, last string) string {
	m := hmac.New(sha256.New, []byte(vecSecret))
	m.Write([]byte(method + "\n" + ts + "\n" + vecClientID + "\n" + last))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

func hashOf(s string) string {
	h := sha256.Sum256([]byte(s))
	return base64.StdEncoding.EncodeToString(h[:])
}

func vectorServer(t *testing.T, opts ...orbttest.Option) *orbttest.Server {
	t.Helper()
	opts = append([]orbttest.Option{orbttest.WithClock(giftcardtest.NewClock(vecTime)), orbttest.WithCredentials("key", vecClientID, vecSecret)}, opts...)
	srv := orbttest.NewServer(opts...)
	t.Cleanup(srv.Close)
	return srv
}

// TestGuideVectorAccepted: the guide's own request, byte for byte, is
// accepted under each scheme the sandbox is told to accept.
func TestGuideVectorAccepted(t *testing.T) {
	for _, tc := range []struct {
		name   string
		accept orbt.SigningScheme
		sig    string
		want   int
	}{
		{"raw accepted by raw", orbt.SignRawBody, vecRawSig, 200},
		{"hash accepted by hash", orbt.SignBodyHash, vecHashSig, 200},
		{"raw accepted by either", orbt.SigningDefault, vecRawSig, 200},
		{"hash accepted by either", orbt.SigningDefault, vecHashSig, 200},
		{"raw refused by hash", orbt.SignBodyHash, vecRawSig, 403},
		{"hash refused by raw", orbt.SignRawBody, vecHashSig, 403},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := vectorServer(t, orbttest.WithSigning(tc.accept))
			status, out, _ := send(t, srv, rawReq{method: "POST", path: "/api/partner/v1/customer", body: vecBody, ts: vecTimestamp, sig: tc.sig, bodyHash: vecBodyHash, apiKey: "key"})
			if status != tc.want {
				t.Fatalf("status %d (%v), want %d", status, out, tc.want)
			}
			if status == 200 {
				data := out["data"].(map[string]any)
				if data["currency"] != "USD" || data["email"] != "john.doe@example.com" || out["success"] != true {
					t.Errorf("answer %v", out)
				}
			} else if out["Message"] != orbttest.ForbiddenMessage || len(out) != 1 {
				t.Errorf("403 body %v", out)
			}
		})
	}
}

func TestAuthRejections(t *testing.T) {
	srv := vectorServer(t)
	base := rawReq{method: "POST", path: "/api/partner/v1/customer", body: vecBody, ts: vecTimestamp, sig: vecRawSig, bodyHash: vecBodyHash, apiKey: "key"}
	later := "2026-02-12T14:35:00.001Z"
	for name, mutate := range map[string]func(*rawReq){
		"api key":             func(r *rawReq) { r.apiKey = "other" },
		"signature":           func(r *rawReq) { r.sig = vecRawSig[:10] + "A" + vecRawSig[11:] },
		"body changed":        func(r *rawReq) { r.body = strings.Replace(vecBody, "100.00", "100.01", 1) },
		"body hash":           func(r *rawReq) { r.bodyHash = hashOf("x") },
		"timestamp no millis": func(r *rawReq) { r.ts = "2026-02-12T14:30:00Z"; r.sig = sign("POST", r.ts, vecBody) },
		"timestamp offset":    func(r *rawReq) { r.ts = "2026-02-12T15:30:00.000+01:00"; r.sig = sign("POST", r.ts, vecBody) },
		"timestamp too late":  func(r *rawReq) { r.ts = later; r.sig = sign("POST", r.ts, vecBody) },
		"timestamp too early": func(r *rawReq) { r.ts = "2026-02-12T14:24:59.999Z"; r.sig = sign("POST", r.ts, vecBody) },
		"method":              func(r *rawReq) { r.sig = sign("GET", vecTimestamp, vecBody) },
	} {
		r := base
		mutate(&r)
		status, out, h := send(t, srv, r)
		if status != 403 || out["Message"] != orbttest.ForbiddenMessage || h.Get("X-Sandbox-Reason") == "" {
			t.Errorf("%s: %d %v", name, status, out)
		}
	}
	if srv.CustomerCount() != 0 {
		t.Fatal("a rejected request created a customer")
	}
	// Exactly 5 minutes either way is inside the window.
	for _, ts := range []string{"2026-02-12T14:35:00.000Z", "2026-02-12T14:25:00.000Z"} {
		status, out, _ := send(t, srv, rawReq{method: "GET", path: "/api/partner/v1/customer", ts: ts, sig: sign("GET", ts, ""), bodyHash: hashOf(""), apiKey: "key"})
		if status != 200 {
			t.Errorf("%s: %d %v", ts, status, out)
		}
	}
	// Without x-body-hash the raw scheme still works; the hash scheme needs it.
	status, _, _ := send(t, srv, rawReq{method: "GET", path: "/api/partner/v1/customer", ts: vecTimestamp, sig: sign("GET", vecTimestamp, ""), apiKey: "key", omitBodyHash: true})
	if status != 200 {
		t.Errorf("raw scheme without x-body-hash: %d", status)
	}
	hashOnly := vectorServer(t, orbttest.WithSigning(orbt.SignBodyHash))
	status, _, _ = send(t, hashOnly, rawReq{method: "GET", path: "/api/partner/v1/customer", ts: vecTimestamp, sig: sign("GET", vecTimestamp, hashOf("")), apiKey: "key", omitBodyHash: true})
	if status != 403 {
		t.Errorf("hash scheme without x-body-hash: %d", status)
	}
}

func TestReplaysFlagged(t *testing.T) {
	srv := vectorServer(t)
	r := rawReq{method: "GET", path: "/api/partner/v1/customer", ts: vecTimestamp, sig: sign("GET", vecTimestamp, ""), bodyHash: hashOf(""), apiKey: "key"}
	for range 3 {
		if status, _, _ := send(t, srv, r); status != 200 {
			t.Fatalf("status %d", status)
		}
	}
	if got := srv.Replays(); len(got) != 2 || got[0].Header.Get("X-Signature") != r.sig {
		t.Errorf("replays %d", len(got))
	}
	rej := vectorServer(t, orbttest.WithRejectReplays())
	send(t, rej, r)
	if status, out, _ := send(t, rej, r); status != 403 || out["Message"] != orbttest.ForbiddenMessage {
		t.Errorf("replay with rejection: %d %v", status, out)
	}
}

// signed sends a correctly signed request at the vector time.
func signed(t *testing.T, srv *orbttest.Server, method, path, body string) (int, map[string]any) {
	t.Helper()
	status, out, _ := send(t, srv, rawReq{method: method, path: path, body: body, ts: vecTimestamp, sig: sign(method, vecTimestamp, body), bodyHash: hashOf(body), apiKey: "key"})
	return status, out
}

func errCode(out map[string]any) string {
	e, _ := out["error"].(map[string]any)
	s, _ := e["error"].(string)
	return s
}

func TestBusinessRules(t *testing.T) {
	srv := vectorServer(t, orbttest.WithPartnerBalance("USD", decimal.RequireFromString("150")))
	const path = "/api/partner/v1/customer"
	for body, want := range map[string]string{
		`{"fullName":"A","email":"a@example.com","currency":"USD","initialFunds":"10.00"}`: "VALIDATION_ERROR", // a string, not a number
		`{"fullName":"","email":"a@example.com","currency":"USD","initialFunds":1}`:        "VALIDATION_ERROR",
		`{"fullName":"A","email":"nope","currency":"USD","initialFunds":1}`:                "VALIDATION_ERROR",
		`{"fullName":"A","email":"a@example.com","currency":"US","initialFunds":1}`:        "VALIDATION_ERROR",
		`{"fullName":"A","email":"a@example.com","currency":"USD","initialFunds":-1}`:      "VALIDATION_ERROR",
		`[1]`: "VALIDATION_ERROR",
	} {
		if status, out := signed(t, srv, "POST", path, body); status != 400 || errCode(out) != want || out["success"] != false {
			t.Errorf("%s: %d %v", body, status, out)
		}
	}
	if status, out := signed(t, srv, "POST", path, `{"fullName":"A","email":"a@example.com","currency":"usd","initialFunds":100.00}`); status != 200 {
		t.Fatalf("%d %v", status, out)
	}
	status, out := signed(t, srv, "POST", path, `{"fullName":"A","email":"A@example.com","currency":"USD","initialFunds":1}`)
	if status != 400 || errCode(out) != "VALIDATION_ERROR" || !strings.Contains(out["error"].(map[string]any)["message"].(string), "already") {
		t.Errorf("duplicate: %d %v", status, out)
	}
	status, out = signed(t, srv, "POST", path, `{"fullName":"B","email":"b@example.com","currency":"USD","initialFunds":50.01}`)
	if status != 402 || errCode(out) != "BUSINESS_RULE_ERROR" {
		t.Errorf("short balance: %d %v", status, out)
	}
	if status, _ := signed(t, srv, "POST", path, `{"fullName":"B","email":"b@example.com","currency":"USD","initialFunds":50.00}`); status != 200 {
		t.Errorf("exact balance: %d", status)
	}
	if status, out := signed(t, srv, "POST", path, `{"fullName":"C","email":"c@example.com","currency":"CHF","initialFunds":0}`); status != 402 {
		t.Errorf("unfunded currency: %d %v", status, out)
	}
	if !srv.PartnerBalance("USD").IsZero() || srv.CustomerCount() != 2 || len(srv.Ledger()) != 2 {
		t.Errorf("balance %s, %d customers, ledger %v", srv.PartnerBalance("USD"), srv.CustomerCount(), srv.Ledger())
	}
	// Pagination: 422 outside 1–50.
	for _, q := range []string{"?size=0", "?size=51", "?page=-1", "?size=x"} {
		if status, out := signed(t, srv, "GET", path+q, ""); status != 422 {
			t.Errorf("%s: %d %v", q, status, out)
		}
	}
	status, out = signed(t, srv, "GET", path+"?page=1&size=1", "")
	if status != 200 || out["page"] != float64(1) || out["size"] != float64(1) || out["hasNext"] != false || len(out["content"].([]any)) != 1 {
		t.Errorf("page 1: %v", out)
	}
	status, out = signed(t, srv, "GET", path, "")
	if status != 200 || out["size"] != float64(20) || out["hasNext"] != false || len(out["content"].([]any)) != 2 {
		t.Errorf("defaults: %v", out)
	}
	status, out = signed(t, srv, "GET", path+"?page=0&size=1", "")
	if status != 200 || out["hasNext"] != true || len(out["content"].([]any)) != 1 {
		t.Errorf("page 0 of two: %v", out)
	}
	for _, q := range []string{"?page=2&size=1", "?page=9223372036854775807&size=50"} { // past the end, and a page number whose offset overflows
		status, out = signed(t, srv, "GET", path+q, "")
		if content, ok := out["content"].([]any); status != 200 || !ok || len(content) != 0 || out["hasNext"] != false {
			t.Errorf("%s: %d %v (want an empty content array)", q, status, out)
		}
	}
	// Wallets and transactions.
	if status, out := signed(t, srv, "GET", path+"/abc/wallets", ""); status != 422 {
		t.Errorf("non-integer customer: %d %v", status, out)
	}
	if status, out := signed(t, srv, "GET", path+"/5/wallets", ""); status != 404 || errCode(out) != "NOT_FOUND" {
		t.Errorf("unknown customer: %d %v", status, out)
	}
	status, out = signed(t, srv, "GET", path+"/101/wallets", "")
	w := out["content"].([]any)[0].(map[string]any)
	if status != 200 || w["walletId"] != "101" || w["walletType"] != "STANDARD" || w["status"] != "ENABLED" {
		t.Errorf("wallets %v", out)
	}
	tx := `{"amount":25.00,"transactionType":"DEBIT","referenceId":"r1"}`
	if status, out := signed(t, srv, "POST", "/api/partner/v1/wallets/101/transactions", tx); status != 200 || out["data"].(map[string]any)["transactionId"] == nil {
		t.Errorf("debit: %d %v", status, out)
	}
	if status, _ := signed(t, srv, "POST", "/api/partner/v1/wallets/101/transactions", tx); status != 200 || srv.TransactionCount() != 1 {
		t.Errorf("dedupe: %d, %d transactions", status, srv.TransactionCount())
	}
	if b, _ := srv.WalletBalance("101"); !b.Equal(decimal.NewFromInt(75)) || !srv.PartnerBalance("USD").Equal(decimal.NewFromInt(25)) {
		t.Errorf("wallet %s, partner %s", b, srv.PartnerBalance("USD"))
	}
	for body, want := range map[string]int{
		`{"amount":"1","transactionType":"CREDIT","referenceId":"r2"}`:  400,
		`{"amount":1,"transactionType":"REFUND","referenceId":"r2"}`:    400,
		`{"amount":1,"transactionType":"CREDIT"}`:                       400,
		`{"amount":0,"transactionType":"CREDIT","referenceId":"r2"}`:    400,
		`{"amount":26,"transactionType":"CREDIT","referenceId":"r2"}`:   402,
		`{"amount":76,"transactionType":"DEBIT","referenceId":"r2"}`:    402,
		`{"amount":26.00,"transactionType":"DEBIT","referenceId":"r1"}`: 400,
	} {
		if status, out := signed(t, srv, "POST", "/api/partner/v1/wallets/101/transactions", body); status != want {
			t.Errorf("%s: %d %v, want %d", body, status, out, want)
		}
	}
	if status, _ := signed(t, srv, "POST", "/api/partner/v1/wallets/999/transactions", `{"amount":1,"transactionType":"CREDIT","referenceId":"r3"}`); status != 404 {
		t.Errorf("unknown wallet: %d", status)
	}
	if err := srv.SetWalletStatus("101", "DISABLED"); err != nil {
		t.Fatal(err)
	}
	if status, _ := signed(t, srv, "POST", "/api/partner/v1/wallets/101/transactions", `{"amount":1,"transactionType":"CREDIT","referenceId":"r4"}`); status != 400 {
		t.Errorf("disabled wallet: %d", status)
	}
	if status, _ := signed(t, srv, "DELETE", path, ""); status == 200 {
		t.Error("DELETE /customer answered 200")
	}
}

func TestFaultsAndJournal(t *testing.T) {
	srv := vectorServer(t)
	srv.InjectFault(orbttest.Fault{Method: "GET", Status: 503, Body: `{"Message":"x"}`})
	if status, _ := signed(t, srv, "GET", "/api/partner/v1/customer", ""); status != 503 {
		t.Errorf("status fault: %d", status)
	}
	if status, _ := signed(t, srv, "GET", "/api/partner/v1/customer", ""); status != 200 {
		t.Errorf("fault applied twice: %d", status)
	}
	srv.InjectFault(orbttest.Fault{Method: "GET", Status: 500, Times: -1})
	srv.ClearFaults()
	if status, _ := signed(t, srv, "GET", "/api/partner/v1/customer", ""); status != 200 {
		t.Errorf("cleared fault applied: %d", status)
	}
	if n := srv.CountRequests("GET", "/api/partner/v1/customer"); n != 3 {
		t.Errorf("journal counted %d", n)
	}
	if e := srv.Requests()[0]; e.Fault != "status" || e.Status != 503 || e.Header.Get("X-Timestamp") != vecTimestamp {
		t.Errorf("entry %+v", e)
	}
	if srv.APIKey() != "key" || srv.ClientID() != vecClientID || srv.HMACSecret() != vecSecret || srv.Config().BaseURL != srv.URL {
		t.Error("credential accessors")
	}
	def := orbttest.NewServer()
	defer def.Close()
	if def.APIKey() != orbttest.DefaultAPIKey || def.ClientID() != orbttest.DefaultClientID || def.HMACSecret() != orbttest.DefaultHMACSecret {
		t.Error("default credentials")
	}
}
