package wolfe_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/kittest"
	"github.com/giftcard-go/giftcard/wolfe"
	"github.com/giftcard-go/giftcard/wolfe/wolfetest"
)

const goldenDir = "../testdata/wolfe"

func golden(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(goldenDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// dataOf checks an envelope file's code and message and returns its data.
func dataOf(t *testing.T, raw []byte, code int) []byte {
	t.Helper()
	var e struct {
		Code    int             `json:"code"`
		Message string          `json:"message"`
		Data    json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(raw, &e); err != nil {
		t.Fatalf("envelope: %v", err)
	}
	if e.Code != code || e.Message != "SUCCESS" {
		t.Fatalf("envelope code %d message %q, want %d SUCCESS", e.Code, e.Message, code)
	}
	return e.Data
}

// itemsOf returns the elements of an envelope file's data array, each
// exactly as written in the file.
func itemsOf(t *testing.T, raw []byte) []json.RawMessage {
	t.Helper()
	var items []json.RawMessage
	if err := json.Unmarshal(dataOf(t, raw, 200), &items); err != nil {
		t.Fatal(err)
	}
	if len(items) == 0 {
		t.Fatal("no items")
	}
	return items
}

// paginationOf decodes an envelope file's pagination.
func paginationOf(t *testing.T, raw []byte) wolfe.Pagination {
	t.Helper()
	var e struct {
		Pagination json.RawMessage `json:"pagination"`
	}
	if err := json.Unmarshal(raw, &e); err != nil {
		t.Fatal(err)
	}
	return kittest.Decode[wolfe.Pagination](t, e.Pagination)
}

func wantMoney(t *testing.T, field string, got giftcard.Money, want string) {
	t.Helper()
	if !got.Equal(usd(want)) {
		t.Errorf("%s = %s, want %s USD", field, got, want)
	}
}

func wantTime(t *testing.T, field string, got wolfe.Time, raw string, want time.Time) {
	t.Helper()
	if got.Raw != raw || !got.T.Equal(want) {
		t.Errorf("%s = %q / %v, want %q / %v", field, got.Raw, got.T, raw, want)
	}
}

func utc(y int, m time.Month, d, h, min, s int) time.Time {
	return time.Date(y, m, d, h, min, s, 0, time.UTC)
}

// The decoders of the golden files, by file; the route walk uses them too.

func decodeTransactionList(t *testing.T, raw []byte) {
	if p := paginationOf(t, raw); p != (wolfe.Pagination{Limit: 20, Offset: 0, TotalCount: 115}) {
		t.Errorf("pagination %+v", p)
	}
	tx := kittest.Decode[wolfe.Transaction](t, itemsOf(t, raw)[0])
	checkExampleTransaction(t, tx, "1")
	if tx.OwnerID != "" {
		t.Errorf("OwnerID %q", tx.OwnerID)
	}
}

func checkExampleTransaction(t *testing.T, tx wolfe.Transaction, typ string) {
	t.Helper()
	if tx.ID != "1sa42e3b-4s36-6440-b0ba-0050asd2143b" || tx.AccountNumber != "GE28TB1237812369812732781" ||
		tx.Status != wolfe.TransactionSuccess || tx.TransactionType != typ || tx.PaymentMethod != wolfe.PaymentACH ||
		tx.ReferenceID != "411f62d0-05e0-4689-b09c-85904ef542e8" || tx.Comment != "lorem ipsum" {
		t.Errorf("transaction %+v", tx)
	}
	wantMoney(t, "amount", tx.Amount, "85.32")
	wantMoney(t, "fee", tx.Fee, "1.10")
	wantMoney(t, "total", tx.Total(), "86.42")
	wantMoney(t, "before_balance", tx.BeforeBalance, "14.25")
	wantTime(t, "date_created", tx.DateCreated, "2022-10-10 14:00", utc(2022, 10, 10, 14, 0, 0))
	wantTime(t, "date_modified", tx.DateModified, "2022-11-10 15:00", utc(2022, 11, 10, 15, 0, 0))
}

func decodeTransaction(t *testing.T, raw []byte) {
	tx := kittest.Decode[wolfe.Transaction](t, dataOf(t, raw, 200))
	checkExampleTransaction(t, tx, "EXTERNAL")
	if tx.OwnerID != "company_id" {
		t.Errorf("OwnerID %q", tx.OwnerID)
	}
}

func decodeDeposit(t *testing.T, raw []byte) {
	d := kittest.Decode[wolfe.Deposit](t, dataOf(t, raw, 200))
	if d.TransactionID != "7b86f0fa-e61d-48f3-9237-227533683776" {
		t.Errorf("deposit %+v", d)
	}
}

func decodeBalance(t *testing.T, raw []byte) {
	b := kittest.Decode[wolfe.Balance](t, dataOf(t, raw, 200))
	wantMoney(t, "balance", b.Amount, "100.15")
}

func decodeSubmissionResult(t *testing.T, raw []byte) {
	r := kittest.Decode[wolfe.SubmissionResult](t, dataOf(t, raw, 202))
	if r.MerchantID != "458c68b1-8d67-4ad5-bca9-72b9a9972c73" {
		t.Errorf("%+v", r)
	}
}

func decodeSubmission(t *testing.T, raw []byte) {
	s := kittest.Decode[wolfe.MerchantSubmission](t, dataOf(t, raw, 200))
	if s.MerchantID != "458c68b1-8d67-4ad5-bca9-72b9a9972c73" || s.Status != wolfe.SubmissionPending {
		t.Errorf("%+v", s)
	}
	wantTime(t, "date_submitted", s.DateSubmitted, "2022-10-20T12:00:00Z", utc(2022, 10, 20, 12, 0, 0))
	wantTime(t, "date_accepted", s.DateAccepted, "2022-10-20T12:00:00Z", utc(2022, 10, 20, 12, 0, 0))
	if !s.DateDenied.IsZero() || !s.DateEnabled.IsZero() || !s.DateUnableToOnboard.IsZero() {
		t.Errorf("null dates decoded as %v %v %v", s.DateDenied, s.DateEnabled, s.DateUnableToOnboard)
	}
}

func checkDunkin(t *testing.T, m wolfe.Merchant) {
	t.Helper()
	if m.ID != wolfetest.DunkinID || m.Name != "Dunkin Donuts" || !m.IsNational || m.LocationsCount != 27 {
		t.Errorf("merchant %+v", m)
	}
	wantMoney(t, "min_gift", m.MinGift, "1.00")
	wantMoney(t, "max_gift", m.MaxGift, "99.99")
	wantTime(t, "date_created", m.DateCreated, "2022-10-10 14:00", utc(2022, 10, 10, 14, 0, 0))
	if len(m.RedemptionMethods) != 1 || m.RedemptionMethods[0].Method != wolfe.RedeemCardLink ||
		len(m.RedemptionMethods[0].Config.Cards) != 2 || m.RedemptionMethods[0].Config.Cards[0] != "MC" {
		t.Errorf("redemption_methods (a JSON string in the file) decoded as %+v", m.RedemptionMethods)
	}
	if !m.Redeemable(wolfe.RedeemCardLink) || m.Redeemable(wolfe.RedeemEGift) {
		t.Error("Redeemable")
	}
}

func decodeMerchantList(t *testing.T, raw []byte) {
	if p := paginationOf(t, raw); p.TotalCount != 115 || p.Limit != 20 {
		t.Errorf("pagination %+v", p)
	}
	checkDunkin(t, kittest.Decode[wolfe.Merchant](t, itemsOf(t, raw)[0]))
}

func decodeMerchant(t *testing.T, raw []byte) {
	checkDunkin(t, kittest.Decode[wolfe.Merchant](t, dataOf(t, raw, 200)))
}

func checkLocation(t *testing.T, l wolfe.Location) {
	t.Helper()
	if l.ID != wolfetest.ExampleLocationID || l.MerchantID != wolfetest.DunkinID || !l.IsActive {
		t.Errorf("location %+v", l)
	}
	// "2022-25-10" is not a date: kept raw, T zero, and the rest decoded.
	if l.DateCreated.Raw != "2022-25-10" || !l.DateCreated.T.IsZero() || l.DateModified.Raw != "2022-25-10" {
		t.Errorf("dates %+v %+v", l.DateCreated, l.DateModified)
	}
	want := wolfe.Address{AddressLine1: "221B Baker Street", Locality: "London", Region: "Marylebone", PostalCode: "NW1 6XE", Country: "US"}
	if l.Address != want {
		t.Errorf("address (address_line_1 in the file) %+v", l.Address)
	}
}

func decodeLocationList(t *testing.T, raw []byte) {
	if p := paginationOf(t, raw); p.TotalCount != 115 {
		t.Errorf("pagination %+v", p)
	}
	checkLocation(t, kittest.Decode[wolfe.Location](t, itemsOf(t, raw)[0]))
}

func decodeLocation(t *testing.T, raw []byte) {
	checkLocation(t, kittest.Decode[wolfe.Location](t, dataOf(t, raw, 200)))
}

func decodePurchaseResult(t *testing.T, raw []byte) {
	r := kittest.Decode[wolfe.PurchaseResult](t, dataOf(t, raw, 201))
	if r.GiftID != "stringstringstringstringstringstringstringstringst" {
		t.Errorf("%+v", r)
	}
}

func decodeGift(t *testing.T, raw []byte) {
	g := kittest.Decode[wolfe.Gift](t, dataOf(t, raw, 200))
	if g.ID != wolfetest.ExampleGiftID || g.MerchantID != wolfetest.AmazonID || g.Status != wolfe.GiftStatusNew ||
		g.Email != "user@example.com" || g.MobileNumber != "13424353467" || g.ClientRecipientID != "12345" ||
		g.Message != "Congratulations on reaching your milestone." || g.LinkedGift != "f2cfda7d-f3bc-44e8-89d2-8555df988190" {
		t.Errorf("gift %+v", g)
	}
	wantMoney(t, "amount", g.Amount, "10.99")
	wantMoney(t, "balance", g.Balance, "5.15")
	wantMoney(t, "fee", g.Fee, "1.55")
	wantMoney(t, "charged", g.Charged(), "12.54")
	wantTime(t, "create_date", g.CreateDate, "2019-08-24T14:15:22Z", utc(2019, 8, 24, 14, 15, 22))
	ri := g.RedemptionInfo
	if ri == nil || ri.Method != wolfe.RedeemEGift || ri.Details.EGiftID != "f2cfda7d-f3bc-44e8-89d2-8555df988190" ||
		ri.Details.CardID == "" || ri.Details.VisaID == "" || ri.Details.GiftID == "" {
		t.Errorf("redemption_info %+v", ri)
	}
	// redemption_options is a real array here (merchants send a string).
	if len(g.RedemptionOptions) != 1 || g.RedemptionOptions[0].Method != wolfe.RedeemEGift {
		t.Errorf("redemption_options %+v", g.RedemptionOptions)
	}
	if p := wolfe.PortableGift(g); p.Status != giftcard.GiftActive || len(p.Balances) != 1 || !p.Balances[0].Equal(usd("5.15")) {
		t.Errorf("portable %+v", p)
	}
}

func decodeEvents(t *testing.T, raw []byte) {
	e := kittest.Decode[wolfe.GiftEvent](t, itemsOf(t, raw)[0])
	if e.Event != wolfe.EventGiftClaim || e.Description != "string" {
		t.Errorf("event %+v", e)
	}
	wantTime(t, "datetime", e.Datetime, "2019-08-24T14:15:22Z", utc(2019, 8, 24, 14, 15, 22))
}

// noData checks an answer without data (W15, W16, W38).
func noData(t *testing.T, raw []byte) {
	if d := dataOf(t, raw, 200); d != nil {
		t.Errorf("data %s", d)
	}
}

func decodeWebhookConfigAnswer(t *testing.T, raw []byte) {
	noData(t, raw)
}

// sent runs call against a fresh sandbox and returns the body it sent.
func sent(t *testing.T, method, path string, call func(c *wolfe.Client) error) []byte {
	t.Helper()
	srv := newSandbox(t)
	c := client(t, srv, giftcard.WithNoRetries())
	err := call(c)
	for _, e := range srv.Requests() {
		if e.Method == method && kittest.PathMatches(path, e.Path) {
			return e.Body
		}
	}
	t.Fatalf("nothing sent to %s %s (call: %v)", method, path, err)
	return nil
}

func TestGolden(t *testing.T) {
	kittest.Golden(t, goldenDir, map[string]func(t *testing.T, raw []byte){
		"README.md": readmeListsEveryFile,
		"intro_envelope_example.json": func(t *testing.T, raw []byte) {
			// The introduction's {"Balance": 100.15}: the same balance as
			// W4's 10015 cents, in dollars; read as the fallback.
			b := kittest.Decode[wolfe.Balance](t, dataOf(t, raw, 200))
			wantMoney(t, "Balance", b.Amount, "100.15")
		},
		"w01_list_transactions_response.json": decodeTransactionList,
		"w02_get_transaction_response.json":   decodeTransaction,
		"w03_deposit_request.json": func(t *testing.T, raw []byte) {
			r := kittest.RoundTrip[wolfe.DepositRequest](t, raw)
			if !r.Amount.Equal(usd("100.12")) || r.PaymentMethod != wolfe.PaymentACH || r.Comment != "string" {
				t.Errorf("%+v", r)
			}
			body := sent(t, "POST", "/partner/{c}/transactions/deposit", func(c *wolfe.Client) error {
				_, err := c.Funding.Deposit(t.Context(), r)
				return err
			})
			if !kittest.JSONEqual(t, raw, body) {
				t.Errorf("Deposit sent %s, the documentation's body is %s", body, raw)
			}
		},
		"w03_deposit_response.json": decodeDeposit,
		"w04_balance_response.json": decodeBalance,
		"w05_merchant_submission_request.json": func(t *testing.T, raw []byte) {
			r := kittest.RoundTrip[wolfe.SubmissionRequest](t, raw)
			if r.Address.Locality != "Pittsburgh" || r.PhoneNumber != "15552341234" {
				t.Errorf("%+v", r)
			}
			body := sent(t, "POST", "/partner/{c}/merchant-submissions", func(c *wolfe.Client) error {
				_, err := c.Merchants.Submit(t.Context(), r)
				return err
			})
			if !kittest.JSONEqual(t, raw, body) {
				t.Errorf("Submit sent %s, the documentation's body is %s", body, raw)
			}
		},
		"w05_merchant_submission_response.json":     decodeSubmissionResult,
		"w06_get_merchant_submission_response.json": decodeSubmission,
		"w07_redemption_method_egift.json": func(t *testing.T, raw []byte) {
			m := kittest.Decode[wolfe.RedemptionMethod](t, raw)
			if m.Method != wolfe.RedeemEGift || m.Config.Type != "RANGE" {
				t.Errorf("%+v", m)
			}
			// Dollars: a $10..$50 eGift.
			wantMoney(t, "min", m.Config.Min, "10")
			wantMoney(t, "max", m.Config.Max, "50")
		},
		"w07_redemption_method_card_link.json": func(t *testing.T, raw []byte) {
			m := kittest.Decode[wolfe.RedemptionMethod](t, raw)
			if m.Method != wolfe.RedeemCardLink || len(m.Config.Cards) != 3 || m.Config.Cards[2] != "AMEX" {
				t.Errorf("%+v", m)
			}
		},
		"w07_redemption_method_visa.json": func(t *testing.T, raw []byte) {
			m := kittest.Decode[wolfe.RedemptionMethod](t, raw)
			if m.Method != wolfe.RedeemVisa {
				t.Errorf("%+v", m)
			}
			wantMoney(t, "min_amount", m.Config.MinAmount, "5")
		},
		"w07_list_merchants_response.json": decodeMerchantList,
		"w08_get_merchant_response.json":   decodeMerchant,
		"w09_list_locations_response.json": decodeLocationList,
		"w10_get_location_response.json":   decodeLocation,
		"w11_purchase_gift_request.json": func(t *testing.T, raw []byte) {
			r := kittest.RoundTrip[wolfe.PurchaseRequest](t, raw)
			if !r.Amount.Equal(usd("10")) || r.MobileNumber != "12345476890" || r.MerchantID != wolfetest.AmazonID {
				t.Errorf("%+v", r)
			}
			body := sent(t, "POST", "/partner/{c}/gifts", func(c *wolfe.Client) error {
				_, err := c.Gifts.Purchase(t.Context(), r)
				return err
			})
			if !kittest.JSONEqual(t, raw, body) {
				t.Errorf("Purchase sent %s, the documentation's body is %s", body, raw)
			}
		},
		"w11_purchase_gift_response.json": decodePurchaseResult,
		"w12_purchase_managed_gift_request.json": func(t *testing.T, raw []byte) {
			r := kittest.RoundTrip[wolfe.ManagedPurchaseRequest](t, raw)
			if r.ClientRecipientID != "12346" {
				t.Errorf("%+v", r)
			}
			body := sent(t, "POST", "/partner/{c}/gifts/managed", func(c *wolfe.Client) error {
				_, err := c.Gifts.PurchaseManaged(t.Context(), r)
				return err
			})
			if !kittest.JSONEqual(t, raw, body) {
				t.Errorf("PurchaseManaged sent %s, the documentation's body is %s", body, raw)
			}
		},
		"w12_purchase_managed_gift_response.json": decodePurchaseResult,
		"w13_get_gift_response.json":              decodeGift,
		"w14_gift_events_response.json":           decodeEvents,
		"w15_claim_gift_request.json": func(t *testing.T, raw []byte) {
			r := kittest.RoundTrip[wolfe.ClaimRequest](t, raw)
			body := sent(t, "POST", "/partner/{c}/gifts/claim", func(c *wolfe.Client) error {
				return c.Gifts.Claim(t.Context(), r)
			})
			if !kittest.JSONEqual(t, raw, body) {
				t.Errorf("Claim sent %s, the documentation's body is %s", body, raw)
			}
		},
		"w15_claim_gift_response.json": noData,
		"w16_cancel_gift_request.json": func(t *testing.T, raw []byte) {
			var r struct {
				GiftID string `json:"gift_id"`
			}
			if err := json.Unmarshal(raw, &r); err != nil {
				t.Fatal(err)
			}
			body := sent(t, "POST", "/partner/{c}/gifts/cancel", func(c *wolfe.Client) error {
				return c.Gifts.Cancel(t.Context(), r.GiftID)
			})
			if !kittest.JSONEqual(t, raw, body) {
				t.Errorf("Cancel sent %s, the documentation's body is %s", body, raw)
			}
		},
		"w16_cancel_gift_response.json": noData,
		"webhook_transaction_update.json": func(t *testing.T, raw []byte) {
			u := kittest.Decode[wolfe.TransactionUpdate](t, bytes.TrimSpace(raw))
			if u.Event != wolfe.WebhookTransactionUpdate || u.Status != "APPROVED" || u.TransactionType != "1" {
				t.Errorf("%+v", u)
			}
			// Webhook amounts are dollars.
			wantMoney(t, "amount", u.Amount, "85.32")
			wantMoney(t, "before_balance", u.BeforeBalance, "1")
			wantTime(t, "date_created", u.DateCreated, "2022-10-10 14:00", utc(2022, 10, 10, 14, 0, 0))
			ev, err := wolfe.ParseWebhook(raw)
			if err != nil || ev.Name != wolfe.WebhookTransactionUpdate || ev.ID != u.ID || ev.TransactionUpdate == nil {
				t.Errorf("ParseWebhook: %+v, %v", ev, err)
			}
		},
		"webhook_gift_update.json": func(t *testing.T, raw []byte) {
			u := kittest.Decode[wolfe.GiftUpdate](t, bytes.TrimSpace(raw))
			if u.Event != wolfe.WebhookGiftUpdate || u.MerchantID != "Dunkin Donut" || u.Status != "2" || u.MobileNumber != "123424353467" {
				t.Errorf("%+v", u)
			}
			wantMoney(t, "amount", u.Amount, "10.99")
			wantMoney(t, "balance", u.Balance, "5.15")
			wantTime(t, "redemption_date", u.RedemptionDate, "2022-10-23 15:30", utc(2022, 10, 23, 15, 30, 0))
		},
		"w38_set_webhook_config_request.json": func(t *testing.T, raw []byte) {
			// The example sends events as a JSON string holding the array;
			// it decodes, and the client sends a real array (the
			// documented type), so the body is not the file's.
			c := kittest.Decode[wolfe.WebhookConfig](t, bytes.TrimSpace(raw))
			if len(c.Events) != 4 || c.Events[3] != wolfe.WebhookMerchantDelete {
				t.Fatalf("%+v", c)
			}
			c.CallbackURL = "https://partner.example.com/wolfe"
			body := sent(t, "PUT", "/partner/{c}/webhooks", func(cl *wolfe.Client) error {
				return cl.Webhooks.SetConfig(t.Context(), c)
			})
			want := `{"callback_url":"https://partner.example.com/wolfe","events":["TRANSACTION_UPDATE","GIFT_UPDATE","MERCHANT_UPDATE","MERCHANT_DELETE"]}`
			if !kittest.JSONEqual(t, []byte(want), body) {
				t.Errorf("SetConfig sent %s, want %s", body, want)
			}
		},
		"w38_set_webhook_config_response.json":           noData,
		"w39_get_webhook_config_response.broken.json":    brokenExample,
		"w39_get_webhook_config_response.corrected.json": decodeWebhookConfigAnswer,
		"w40_webhook_portal_response.broken.json":        brokenExample,
		"w40_webhook_portal_response.corrected.json":     noData,
	})
}

// brokenExample: the documentation's example is not JSON (a trailing
// comma; W40's also ends the document). It is kept verbatim; JSON refuses
// it, and so does the client, as an invalid response rather than a
// success.
func brokenExample(t *testing.T, raw []byte) {
	if json.Valid(raw) {
		t.Fatal("the verbatim example is valid JSON; it is named .broken")
	}
	srv := newSandbox(t)
	c := client(t, srv)
	srv.InjectFault(wolfetest.Fault{Method: "GET", Path: "/partner/", Status: http.StatusOK, Body: string(raw),
		Header: http.Header{"Content-Type": {"application/json"}}})
	_, err := c.Webhooks.GetConfig(t.Context())
	if !errors.Is(err, giftcard.ErrInvalidResponse) {
		t.Errorf("the broken example as an answer: %v, want ErrInvalidResponse", err)
	}
}

// readmeListsEveryFile: the README names the source of every golden file.
func readmeListsEveryFile(t *testing.T, raw []byte) {
	entries, err := os.ReadDir(goldenDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		name := e.Name()
		if name == "README.md" {
			continue
		}
		stem := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(name, ".json"), ".broken"), ".corrected")
		if strings.HasPrefix(stem, "w07_redemption_method_") {
			stem = "w07_redemption_method_"
		}
		if !bytes.Contains(raw, []byte(stem)) {
			t.Errorf("README.md does not say where %s comes from", name)
		}
	}
}
