package orbt

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/giftcard-go/giftcard"
)

const goldenDir = "../testdata/orbt"

func golden(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(goldenDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func compact(t testing.TB, b []byte) string {
	t.Helper()
	var buf bytes.Buffer
	if err := json.Compact(&buf, b); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// TestGoldenFilesAllCovered fails when a file is added without a check.
func TestGoldenFilesAllCovered(t *testing.T) {
	covered := map[string]bool{"README.md": true}
	for _, n := range goldenRequests {
		covered[n] = true
	}
	for n := range goldenErrors {
		covered[n] = true
	}
	for _, n := range []string{"000_create_customer_response.json", "001_create_customer_response.json", "001_list_customers_response.json", "docs_list_wallets_response.json"} {
		covered[n] = true
	}
	entries, err := os.ReadDir(goldenDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !covered[e.Name()] {
			t.Errorf("testdata/orbt/%s has no golden check", e.Name())
		}
	}
}

var goldenRequests = []string{"000_create_customer_request.json", "001_create_customer_request.json", "docs_wallet_transaction_request.json"}

// TestGoldenRequests: each documented request body decodes into the wire
// type and encodes back to the same JSON, number text included (100.00
// stays 100.00), and the SDK builds the same bytes from the caller's
// values.
func TestGoldenRequests(t *testing.T) {
	for _, tc := range []struct {
		file  string
		check func(t *testing.T, b []byte) []byte
	}{
		{"000_create_customer_request.json", func(t *testing.T, b []byte) []byte {
			var w createCustomerBody
			mustUnmarshal(t, b, &w)
			if w.FullName != "John Doe" || w.Email != "john.doe@example.com" || w.Currency != "usd" || w.InitialFunds.String() != "100.00" {
				t.Errorf("decoded %+v", w)
			}
			built, err := CreateCustomerRequest{FullName: "John Doe", Email: "john.doe@example.com", Currency: "usd", InitialFunds: decimal.NewFromInt(100)}.body()
			if err != nil {
				t.Fatal(err)
			}
			// The SDK normalises the currency to the ISO code; the rest is identical.
			wantBuilt := bytes.Replace([]byte(compact(t, b)), []byte(`"usd"`), []byte(`"USD"`), 1)
			if got := mustMarshal(t, built); !bytes.Equal(got, wantBuilt) {
				t.Errorf("built %s, want %s", got, wantBuilt)
			}
			return mustMarshal(t, w)
		}},
		{"001_create_customer_request.json", func(t *testing.T, b []byte) []byte {
			var w createCustomerBody
			mustUnmarshal(t, b, &w)
			if w.FullName != "Jane Smith" || w.Currency != "USD" || w.InitialFunds.String() != "50.00" {
				t.Errorf("decoded %+v", w)
			}
			built, err := CreateCustomerRequest{FullName: w.FullName, Email: w.Email, Currency: w.Currency, InitialFunds: w.InitialFunds.Value}.body()
			if err != nil {
				t.Fatal(err)
			}
			if got := mustMarshal(t, built); string(got) != compact(t, b) {
				t.Errorf("built %s", got)
			}
			return mustMarshal(t, w)
		}},
		{"docs_wallet_transaction_request.json", func(t *testing.T, b []byte) []byte {
			var w walletTransactionBody
			mustUnmarshal(t, b, &w)
			if w.TransactionType != Credit || w.ReferenceID != "cashback-order-ORD-98231" || w.Amount.String() != "15.00" {
				t.Errorf("decoded %+v", w)
			}
			built, err := WalletTransactionRequest{Amount: w.Amount.Value, Type: "credit", ReferenceID: w.ReferenceID, Description: w.Description}.body()
			if err != nil {
				t.Fatal(err)
			}
			if got := mustMarshal(t, built); string(got) != compact(t, b) {
				t.Errorf("built %s", got)
			}
			return mustMarshal(t, w)
		}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			b := golden(t, tc.file)
			if got, want := string(tc.check(t, b)), compact(t, b); got != want {
				t.Errorf("round trip:\n got %s\nwant %s", got, want)
			}
		})
	}
}

func TestGoldenResponses(t *testing.T) {
	for _, tc := range []struct {
		file                  string
		id, wallet, name, bal string
	}{
		{"000_create_customer_response.json", "51", "51", "John Doe", "100"},
		{"001_create_customer_response.json", "101", "101", "Jane Smith", "50"},
	} {
		c, err := decodeCustomer(golden(t, tc.file))
		if err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		if c.ID != tc.id || c.WalletID != tc.wallet || c.FullName != tc.name || !c.Balance().Equal(giftcard.MustParseMoney(tc.bal, "USD")) || len(c.Raw) == 0 {
			t.Errorf("%s: %+v", tc.file, c)
		}
	}
	p, err := decodeCustomerPage(golden(t, "001_list_customers_response.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Items) != 1 || p.Page != 0 || p.Size != 20 || p.HasNext {
		t.Fatalf("customers page %+v", p)
	}
	if s := p.Items[0]; s.ID != "101" || s.Name != "Jane Smith" || s.Email != "jane.smith@yourcompany.com" || s.StandardWallets != 1 || s.CampaignWallets != 0 {
		t.Errorf("summary %+v", s)
	}
	w, err := decodeWalletPage(golden(t, "docs_list_wallets_response.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Items) != 2 || w.HasNext || w.Size != 20 {
		t.Fatalf("wallets page %+v", w)
	}
	if a := w.Items[0]; a.ID != "101" || a.Type != WalletStandard || a.Status != WalletEnabled || !a.Money().Equal(giftcard.MustParseMoney("50", "USD")) || a.CampaignID != "" {
		t.Errorf("standard wallet %+v", a)
	}
	if b := w.Items[1]; b.ID != "102" || b.Type != WalletCampaign || b.CampaignID != "18" || b.CampaignName != "Employee of the Month" || !b.Balance.Equal(decimal.NewFromInt(100)) {
		t.Errorf("campaign wallet %+v", b)
	}
}

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

// TestGoldenErrors serves each documented error body with its status and
// checks the error a real call returns.
func TestGoldenErrors(t *testing.T) {
	for file, want := range goldenErrors {
		t.Run(file, func(t *testing.T) {
			body := golden(t, file)
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(want.status)
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
			for _, k := range want.kinds {
				if !errors.Is(err, k) {
					t.Errorf("%v does not match %v", err, k)
				}
			}
			for _, k := range []error{giftcard.ErrInvalidRequest, giftcard.ErrUnauthorized, giftcard.ErrInsufficientFunds, giftcard.ErrDuplicateReference, giftcard.ErrNotFound, giftcard.ErrOutcomeUnknown} {
				if errors.Is(err, k) && !containsErr(want.kinds, k) {
					t.Errorf("%v also matches %v", err, k)
				}
			}
			if e.StatusCode != want.status || e.Code != want.code || e.Message != want.msg || e.Provider != "orbt" || e.Op != "CreateCustomer" {
				t.Errorf("error %#v", e)
			}
		})
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

func mustUnmarshal(t *testing.T, b []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatal(err)
	}
}

func mustMarshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
