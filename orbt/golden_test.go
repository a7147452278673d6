package orbt

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/kittest"
	"github.com/giftcard-go/giftcard/internal/transport"
)

const goldenDir = "../testdata/orbt"

func compact(t testing.TB, b []byte) string {
	t.Helper()
	var buf bytes.Buffer
	if err := json.Compact(&buf, b); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// goldenPayload is what the client decodes from a golden 200 answer: the
// envelope's payload.
func goldenPayload(t *testing.T, raw []byte) []byte {
	t.Helper()
	p, e := envelope(&transport.Response{StatusCode: 200, Body: raw})
	if e != nil || len(p) == 0 {
		t.Fatalf("envelope: payload %q, error %v", p, e)
	}
	return p
}

// goldenList decodes a golden list answer as the client does and checks
// each item with kittest.Decode: every item decodes, keeps its own JSON as
// Raw, and survives encode → decode.
func goldenList[W any, P checked[W]](t *testing.T, raw []byte) listWire[W] {
	t.Helper()
	var l listWire[W]
	if err := json.Unmarshal(goldenPayload(t, raw), &l); err != nil {
		t.Fatal(err)
	}
	if err := checkList[W, P](&l); err != nil {
		t.Fatal(err)
	}
	var items struct{ Content []json.RawMessage }
	if err := json.Unmarshal(raw, &items); err != nil || len(items.Content) != len(l.Content) {
		t.Fatalf("content: %v", err)
	}
	for i, it := range l.Content {
		if !bytes.Equal(it.Raw, items.Content[i]) {
			t.Errorf("item %d Raw is not the file's item:\n%s\n%s", i, it.Raw, items.Content[i])
		}
		kittest.Decode[W](t, it.Raw)
	}
	return l
}

// goldenRequest checks a documented request body: it round-trips through
// the wire type W (kittest.RoundTrip) and encodes back to the file's own
// compact bytes, number text included (100.00 stays 100.00), and the SDK
// builds exactly want from the caller's values.
func goldenRequest[W any](t *testing.T, raw []byte, want string, build func(W) (any, error)) W {
	t.Helper()
	w := kittest.RoundTrip[W](t, raw)
	if got := string(mustMarshal(t, w)); got != compact(t, raw) {
		t.Errorf("round trip:\n got %s\nwant %s", got, compact(t, raw))
	}
	built, err := build(w)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(mustMarshal(t, built)); got != want {
		t.Errorf("built %s, want %s", got, want)
	}
	return w
}

// goldenChecks checks every file of testdata/orbt: requests round-trip
// through the wire types and are what the SDK builds from the caller's
// values, answers decode to the documented values, and each documented
// error body served with its status gives the right error.
func goldenChecks() map[string]func(t *testing.T, raw []byte) {
	m := map[string]func(t *testing.T, raw []byte){
		"README.md": func(t *testing.T, raw []byte) {
			// The index names every golden file.
			entries, err := os.ReadDir(goldenDir)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range entries {
				if e.Name() != "README.md" && !strings.Contains(string(raw), "`"+e.Name()+"`") {
					t.Errorf("README.md does not list %s", e.Name())
				}
			}
		},
		"000_create_customer_request.json": func(t *testing.T, raw []byte) {
			// The SDK normalises the currency to the ISO code; the rest is identical.
			want := strings.Replace(compact(t, raw), `"usd"`, `"USD"`, 1)
			w := goldenRequest(t, raw, want, func(w createCustomerBody) (any, error) {
				return CreateCustomerRequest{FullName: "John Doe", Email: "john.doe@example.com", Currency: "usd", InitialFunds: decimal.NewFromInt(100)}.body()
			})
			if w.FullName != "John Doe" || w.Email != "john.doe@example.com" || w.Currency != "usd" || w.InitialFunds.String() != "100.00" {
				t.Errorf("decoded %+v", w)
			}
		},
		"001_create_customer_request.json": func(t *testing.T, raw []byte) {
			w := goldenRequest(t, raw, compact(t, raw), func(w createCustomerBody) (any, error) {
				return CreateCustomerRequest{FullName: w.FullName, Email: w.Email, Currency: w.Currency, InitialFunds: w.InitialFunds.V}.body()
			})
			if w.FullName != "Jane Smith" || w.Currency != "USD" || w.InitialFunds.String() != "50.00" {
				t.Errorf("decoded %+v", w)
			}
		},
		"docs_wallet_transaction_request.json": func(t *testing.T, raw []byte) {
			w := goldenRequest(t, raw, compact(t, raw), func(w walletTransactionBody) (any, error) {
				return WalletTransactionRequest{Amount: w.Amount.V, Type: "credit", ReferenceID: w.ReferenceID, Description: w.Description}.body()
			})
			if w.TransactionType != Credit || w.ReferenceID != "cashback-order-ORD-98231" || w.Amount.String() != "15.00" {
				t.Errorf("decoded %+v", w)
			}
		},
		"001_list_customers_response.json": func(t *testing.T, raw []byte) {
			l := goldenList[customerSummaryWire](t, raw)
			if len(l.Content) != 1 || l.Page != 0 || l.Size != 20 || l.HasNext {
				t.Fatalf("customers page %+v", l)
			}
			if s := l.Content[0].V.summary(nil); s.ID != "101" || s.Name != "Jane Smith" || s.Email != "jane.smith@yourcompany.com" || s.StandardWallets != 1 || s.CampaignWallets != 0 {
				t.Errorf("summary %+v", s)
			}
		},
		"docs_list_wallets_response.json": func(t *testing.T, raw []byte) {
			l := goldenList[walletWire](t, raw)
			if len(l.Content) != 2 || l.HasNext || l.Size != 20 {
				t.Fatalf("wallets page %+v", l)
			}
			if a := l.Content[0].V.wallet(nil); a.ID != "101" || a.Type != WalletStandard || a.Status != WalletEnabled || !a.Money().Equal(giftcard.MustParseMoney("50", "USD")) || a.CampaignID != "" {
				t.Errorf("standard wallet %+v", a)
			}
			if b := l.Content[1].V.wallet(nil); b.ID != "102" || b.Type != WalletCampaign || b.CampaignID != "18" || b.CampaignName != "Employee of the Month" || !b.Balance.Equal(decimal.NewFromInt(100)) {
				t.Errorf("campaign wallet %+v", b)
			}
		},
	}
	for file, want := range map[string]struct{ id, wallet, name, bal string }{
		"000_create_customer_response.json": {"51", "51", "John Doe", "100"},
		"001_create_customer_response.json": {"101", "101", "Jane Smith", "50"},
	} {
		m[file] = func(t *testing.T, raw []byte) {
			w := kittest.Decode[customerWire](t, goldenPayload(t, raw))
			if err := w.check(); err != nil {
				t.Fatal(err)
			}
			c := w.customer()
			if c.ID != want.id || c.WalletID != want.wallet || c.FullName != want.name || !c.Balance().Equal(giftcard.MustParseMoney(want.bal, "USD")) {
				t.Errorf("%+v", c)
			}
		}
	}
	for file, want := range goldenErrors {
		m[file] = func(t *testing.T, raw []byte) { checkGoldenError(t, raw, want.status, want.kinds, want.code, want.msg) }
	}
	return m
}

func TestGolden(t *testing.T) { kittest.Golden(t, goldenDir, goldenChecks()) }

var goldenErrors = map[string]struct {
	status int
	kinds  []error
	code   string
	msg    string
}{
	"000_error_format.json":                   {400, []error{giftcard.ErrInvalidRequest}, "ERROR_CODE", "Human-readable error description"},
	"000_error_403_forbidden.json":            {403, []error{giftcard.ErrUnauthorized}, "", "User is not authorized to access this resource with an explicit deny in an identity-based policy"},
	"000_error_400_existing_customer.json":    {400, []error{giftcard.ErrInvalidRequest, giftcard.ErrDuplicateReference}, "VALIDATION_ERROR", "Some customers already have wallets in the requested currency"},
	"000_error_402_insufficient_balance.json": {402, []error{giftcard.ErrInsufficientFunds}, "BUSINESS_RULE_ERROR", "Unable to pre-charge all currency groups"},
}

// checkGoldenError serves a documented error body with its status and
// checks the error a real call returns.
func checkGoldenError(t *testing.T, body []byte, status int, kinds []error, code, msg string) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write(body)
	}))
	defer srv.Close()
	c, err := New(Config{APIKey: "k", ClientID: "c", HMACSecret: "s", BaseURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.CreateCustomer(context.Background(), CreateCustomerRequest{FullName: "John Doe", Email: "john.doe@example.com", Currency: "USD", InitialFunds: decimal.NewFromInt(100)})
	var e *giftcard.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v", err)
	}
	for _, k := range kinds {
		if !errors.Is(err, k) {
			t.Errorf("%v does not match %v", err, k)
		}
	}
	for _, k := range []error{giftcard.ErrInvalidRequest, giftcard.ErrUnauthorized, giftcard.ErrInsufficientFunds, giftcard.ErrDuplicateReference, giftcard.ErrNotFound, giftcard.ErrOutcomeUnknown} {
		if errors.Is(err, k) && !containsErr(kinds, k) {
			t.Errorf("%v also matches %v", err, k)
		}
	}
	if e.StatusCode != status || e.Code != code || e.Message != msg || e.Provider != "orbt" || e.Op != "CreateCustomer" {
		t.Errorf("error %#v", e)
	}
}

func containsErr(list []error, k error) bool {
	for _, x := range list {
		if x == k {
			return true
		}
	}
	return false
}

func mustMarshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
