package wolfe_test

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/kittest"
	"github.com/giftcard-go/giftcard/wolfe"
	"github.com/giftcard-go/giftcard/wolfe/wolfetest"
)

// The decoders of the golden files of W17–W37, by file; the route walk
// uses them too.

func decodeCardLinkLog(t *testing.T, raw []byte) {
	if p := paginationOf(t, raw); p.TotalCount != 115 || p.Limit != 20 {
		t.Errorf("pagination %+v", p)
	}
	a := kittest.Decode[wolfe.CardLinkAttempt](t, itemsOf(t, raw)[0])
	if a.ID != wolfetest.ExampleCardLinkAttemptID || a.ClientRecipientID != "12345" || a.GiftID != wolfetest.ExampleGiftID ||
		a.Status != wolfe.CardLinkFailed || a.StatusMessage != "INTERNATIONAL_CARD" {
		t.Errorf("attempt %+v", a)
	}
	// "2022-25-10 00:00" is not a date: kept raw, T zero.
	wantTime(t, "date_created", a.DateCreated, "2022-25-10 00:00", time.Time{})
}

func decodeCardLinkSession(t *testing.T, raw []byte) {
	s := kittest.Decode[wolfe.CardLinkSession](t, dataOf(t, raw, 200))
	if s.Session != "7188e4bf-12dd-479a-b217-dbc52a163ac7" {
		t.Errorf("%+v", s)
	}
	want := utc(2004, 2, 12, 15, 19, 21)
	wantTime(t, "expiration_date", s.ExpirationDate, "2004-02-12T15:19:21+00:00", want)
	// The expiry is a time; the example's is long past.
	if !s.ExpiresAt.Equal(want) || !s.Expired(t0) || s.Expired(want.Add(-time.Second)) {
		t.Errorf("ExpiresAt %v, Expired(%v) %v", s.ExpiresAt, t0, s.Expired(t0))
	}
}

// redemptionResult decodes a swap or regift answer: the new gift's id.
func decodeNewGift(t *testing.T, raw []byte) {
	r := kittest.Decode[wolfe.PurchaseResult](t, dataOf(t, raw, 201))
	if r.GiftID != "stringstringstringstringstringstringstringstringst" {
		t.Errorf("%+v", r)
	}
}

func decodeEGift(t *testing.T, raw []byte) {
	e := kittest.Decode[wolfe.EGift](t, dataOf(t, raw, 200))
	if e.ID != wolfetest.ExampleEGiftID || e.ClientRecipientID != "12345" || e.MerchantID != wolfetest.AmazonID ||
		e.FulfillmentStatus != "fulfilled" || e.ExpirationDate != "05/25" || e.Code.Reveal() != "3CKL-KTQE22-MZAH" ||
		e.PIN.Reveal() != "12312321" || e.Terms != "Restrictions apply, see amazon.com/gc-legal" ||
		e.Instructions != "To redeem your gift card, follow these steps..." {
		t.Errorf("eGift %+v", e)
	}
	wantMoney(t, "amount", e.Amount, "10.99")
	wantTime(t, "date_created", e.DateCreated, "2022-25-10 00:00:00", time.Time{})
	// The code and the PIN never print.
	kittest.AssertRedacted(t, e, "3CKL-KTQE22-MZAH", "12312321")
}

func decodeVisaCard(t *testing.T, raw []byte) {
	v := kittest.Decode[wolfe.VisaCard](t, dataOf(t, raw, 200))
	if v.ID != wolfetest.ExampleVisaCardID || v.GiftID != "21aed077-807c-419e-9516-a7ddd1f1c8dd" || v.PrintedIdentifier != "c48cb28e" ||
		v.ShippingMethod != "fedex-overnight" || v.TrackingNumber != "1234567890" || v.CardMask != "7890" ||
		v.FirstName != "Sherlock" || v.LastName != "Holmes" || v.Address != sherlock() {
		t.Errorf("Visa card %+v", v)
	}
	wantMoney(t, "amount", v.Amount, "5.00")
	// Month 25 and a one-digit hour: kept raw.
	wantTime(t, "date_created", v.DateCreated, "2022-25-09T1:33:10+00:00", time.Time{})
	wantTime(t, "date_value_loaded", v.DateValueLoaded, "2022-11-28T21:33:10+00:00", utc(2022, 11, 28, 21, 33, 10))
}

// sherlock is the address of the documentation's Visa and Zelle examples.
func sherlock() wolfe.Address {
	return wolfe.Address{AddressLine1: "221B Baker Street", Locality: "London", Region: "Marylebone", PostalCode: "NW1 6XE", Country: "US"}
}

func decodeZelleAccounts(t *testing.T, raw []byte) {
	a := kittest.Decode[wolfe.ZelleAccount](t, itemsOf(t, raw)[0])
	if a.ID != wolfetest.ExampleZelleAccountID || a.ClientRecipientID != "12346" || a.Token != wolfetest.ExampleZelleToken ||
		a.TokenType != wolfe.ZelleEmail || a.FirstName != "John" || a.LastName != "Doe" {
		t.Errorf("account %+v", a)
	}
}

func decodeZelleTransaction(t *testing.T, raw []byte) {
	z := kittest.Decode[wolfe.ZelleTransaction](t, dataOf(t, raw, 200))
	if z.ID != wolfetest.ExampleZelleTransactionID || z.Status != "processed" || z.ZelleAccountID != wolfetest.ExampleZelleAccountID ||
		z.ClientRecipientID != "12346" || z.GiftID != wolfetest.ExampleGiftID {
		t.Errorf("Zelle transaction %+v", z)
	}
	wantMoney(t, "amount", z.Amount, "5")
	wantTime(t, "date_created", z.DateCreated, "2023-01-01 12:00", utc(2023, 1, 1, 12, 0, 0))
}

func decodeZelleToken(t *testing.T, raw []byte) {
	z := kittest.Decode[wolfe.ZelleToken](t, dataOf(t, raw, 200))
	// The example answers an empty token for the one it validated: kept.
	if z.Token != "" || z.TokenType != wolfe.ZelleEmail || z.FirstName != "John" || z.LastName != "Doe" {
		t.Errorf("%+v", z)
	}
}

func decodeCards(t *testing.T, raw []byte) {
	if p := paginationOf(t, raw); p.TotalCount != 115 {
		t.Errorf("pagination %+v", p)
	}
	c := kittest.Decode[wolfe.Card](t, itemsOf(t, raw)[0])
	if c.ID != wolfetest.ExampleCardID || c.CardMask != "7890" || c.ExpirationDate != "05/25" || c.Type != "Visa" ||
		c.Network() != "VISA" || c.ClientRecipientID != "12345" {
		t.Errorf("card %+v", c)
	}
	wantTime(t, "date_created", c.DateCreated, "2022-25-10", time.Time{})
}

func decodeUnenroll(t *testing.T, raw []byte) {
	u := kittest.Decode[wolfe.UnenrollResult](t, dataOf(t, raw, 200))
	if len(u.GiftIDs) != 1 || u.GiftIDs[0] != wolfetest.ExampleGiftID {
		t.Errorf("%+v", u)
	}
}

func decodeCredits(t *testing.T, raw []byte) {
	if p := paginationOf(t, raw); p.TotalCount != 115 {
		t.Errorf("pagination %+v", p)
	}
	c := kittest.Decode[wolfe.Credit](t, itemsOf(t, raw)[0])
	if c.ID != wolfetest.ExampleCreditID || c.Status != wolfe.CreditSuccess || c.CardID != wolfetest.ExampleCardID ||
		c.GiftID != "21aed077-807c-419e-9516-a7ddd1f1c8dd" || !c.IsBatched || !c.IsMissingCredit ||
		c.FailureMessage != "Card is expired or lost." {
		t.Errorf("credit %+v", c)
	}
	wantMoney(t, "amount", c.Amount, "1.00")
	wantTime(t, "date_failed", c.DateFailed, "2022-11-10 15:00", utc(2022, 11, 10, 15, 0, 0))
	mt := c.MerchantTransaction
	if mt == nil || mt.ID != wolfetest.ExampleMerchantTransactionID || !mt.Amount.Equal(usd("1")) || mt.DateCreated.Raw != "2022-10-10 14:00" {
		t.Errorf("merchant_transaction %+v", mt)
	}
}

func decodeMerchantTransactions(t *testing.T, raw []byte) {
	if p := paginationOf(t, raw); p.TotalCount != 115 {
		t.Errorf("pagination %+v", p)
	}
	m := kittest.Decode[wolfe.MerchantTransaction](t, itemsOf(t, raw)[0])
	if m.ID != wolfetest.ExampleMerchantTransactionID || m.MerchantID != "12345" || m.CardID != wolfetest.ExampleCardID ||
		m.GiftID != "21aed077-807c-419e-9516-a7ddd1f1c8dd" {
		t.Errorf("%+v", m)
	}
	wantMoney(t, "amount", m.Amount, "1")
}

func checkCreditedGift(t *testing.T, gifts []wolfe.CreditedGift) {
	t.Helper()
	if len(gifts) != 1 || gifts[0].GiftID != wolfetest.ExampleGiftID || !gifts[0].CreditedAmount.Equal(usd("5")) ||
		!gifts[0].Balance.Equal(usd("0")) || gifts[0].Balance.Currency != "USD" {
		t.Errorf("gifts %+v", gifts)
	}
}

func decodeMissingCredit(t *testing.T, raw []byte) {
	m := kittest.Decode[wolfe.MissingCredit](t, dataOf(t, raw, 200))
	// The example's merchant_id ends with a stray ".": kept as sent.
	if m.ID != wolfetest.ExampleMissingCreditID || m.MerchantID != "21aed077-807c-419e-9516-a7ddd1f1c8dd." ||
		m.Status != wolfe.MissingCreditCredited || m.ClientRecipientID != "12346" {
		t.Errorf("%+v", m)
	}
	wantTime(t, "create_date", m.CreateDate, "2023-01-01 12:00", utc(2023, 1, 1, 12, 0, 0))
	checkCreditedGift(t, m.Gifts)
	wantMoney(t, "credited", m.Credited(), "5")
}

func decodeRegisteredMissingCredit(t *testing.T, raw []byte) {
	m := kittest.Decode[wolfe.MissingCredit](t, dataOf(t, raw, 200))
	if m.ID != wolfetest.ExampleMissingCreditID {
		t.Errorf("%+v", m)
	}
	checkCreditedGift(t, m.Gifts)
}

// redeemableGift is a gift answer (W13) for the preflight of a redemption
// whose documented example names a gift the sandbox does not hold: the
// request then reaches the sandbox (which refuses it) and its body can be
// compared with the documentation's.
func redeemableGift(id string, options string) string {
	return `{"code":200,"message":"SUCCESS","data":{"id":"` + id + `","amount":2500,"balance":2500,"status":"active",` +
		`"merchant_id":"` + wolfetest.DunkinID + `","redemption_options":` + options + `}}`
}

const allOptions = `[{"redemption_method":"EGIFT","configuration":{"type":"RANGE","min":10,"max":50}},` +
	`{"redemption_method":"VISA","configuration":{"min_amount":5}},{"redemption_method":"EXCHANGE","configuration":{}}]`

// sentFor runs call against a fresh sandbox whose preflight read of the
// gift is answered with gift, and returns the body sent to method path.
func sentFor(t *testing.T, gift, method, path string, call func(c *wolfe.Client) error) []byte {
	t.Helper()
	return sentWith(t, func(srv *wolfetest.Server) {
		srv.InjectFault(wolfetest.Fault{Method: "GET", Path: giftsPath, Status: http.StatusOK, Body: gift,
			Header: http.Header{"Content-Type": {"application/json"}}})
	}, method, path, call)
}

// sentWith is sent with a setup of the sandbox first.
func sentWith(t *testing.T, setup func(*wolfetest.Server), method, path string, call func(c *wolfe.Client) error) []byte {
	t.Helper()
	srv := newSandbox(t)
	setup(srv)
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

// sameBody fails unless the body sent is the documentation's.
func sameBody(t *testing.T, op string, doc, body []byte) {
	t.Helper()
	if !kittest.JSONEqual(t, doc, body) {
		t.Errorf("%s sent %s, the documentation's body is %s", op, body, doc)
	}
}

// giftIDOf reads a {gift_id} request example.
func giftIDOf(t *testing.T, raw []byte) string {
	t.Helper()
	var r struct {
		GiftID string `json:"gift_id"`
	}
	if err := json.Unmarshal(raw, &r); err != nil || r.GiftID == "" {
		t.Fatalf("%s: %v", raw, err)
	}
	return r.GiftID
}

// goldenII are the checks of the golden files of W17–W37.
func goldenII() map[string]func(t *testing.T, raw []byte) {
	return map[string]func(t *testing.T, raw []byte){
		"w17_card_link_log_response.json": decodeCardLinkLog,
		"w18_create_card_link_session_request.json": func(t *testing.T, raw []byte) {
			id := giftIDOf(t, raw)
			body := sent(t, "POST", "/partner/{c}/card-link-session", func(c *wolfe.Client) error {
				_, err := c.CardLinks.CreateSession(t.Context(), id)
				return err
			})
			sameBody(t, "CreateSession", raw, body)
		},
		"w18_create_card_link_session_response.json": decodeCardLinkSession,
		"w19_deactivate_card_link_session_request.json": func(t *testing.T, raw []byte) {
			var r struct {
				SessionID string `json:"session_id"`
			}
			if err := json.Unmarshal(raw, &r); err != nil {
				t.Fatal(err)
			}
			body := sent(t, "POST", "/partner/{c}/card-link-session/deactivate", func(c *wolfe.Client) error {
				return c.CardLinks.DeactivateSession(t.Context(), r.SessionID)
			})
			sameBody(t, "DeactivateSession", raw, body)
		},
		"w19_deactivate_card_link_session_response.json": noData,
		"w20_unlink_card_request.json": func(t *testing.T, raw []byte) {
			id := giftIDOf(t, raw)
			body := sent(t, "POST", "/partner/{c}/gifts/unlink", func(c *wolfe.Client) error {
				return c.CardLinks.Unlink(t.Context(), id)
			})
			sameBody(t, "Unlink", raw, body)
		},
		"w20_unlink_card_response.json": noData,
		"w21_swap_merchant_request.json": func(t *testing.T, raw []byte) {
			r := kittest.RoundTrip[wolfe.SwapRequest](t, raw)
			body := sentFor(t, redeemableGift(r.GiftID, allOptions), "POST", "/partner/{c}/gifts/swap", func(c *wolfe.Client) error {
				_, err := c.Gifts.SwapMerchant(t.Context(), r)
				return err
			})
			sameBody(t, "SwapMerchant", raw, body)
		},
		"w21_swap_merchant_response.json": decodeNewGift,
		"w22_select_merchant_request.json": func(t *testing.T, raw []byte) {
			r := kittest.RoundTrip[wolfe.SelectMerchantRequest](t, raw)
			gift := `{"code":200,"message":"SUCCESS","data":{"id":"` + r.GiftID + `","amount":2500,"balance":2500,"status":"new",` +
				`"redemption_options":[{"redemption_method":"SELECT MERCHANT"}]}}`
			body := sentFor(t, gift, "POST", "/partner/{c}/gifts/select-merchant", func(c *wolfe.Client) error {
				return c.Gifts.SelectMerchant(t.Context(), r)
			})
			sameBody(t, "SelectMerchant", raw, body)
		},
		"w22_select_merchant_response.json": noData,
		"w23_regift_request.json": func(t *testing.T, raw []byte) {
			r := kittest.RoundTrip[wolfe.RegiftRequest](t, raw)
			body := sentFor(t, redeemableGift(r.GiftID, allOptions), "POST", "/partner/{c}/gifts/regift", func(c *wolfe.Client) error {
				_, err := c.Gifts.Regift(t.Context(), r)
				return err
			})
			sameBody(t, "Regift", raw, body)
		},
		"w23_regift_response.json":              decodeNewGift,
		"w24_get_egift_response.broken.json":    brokenEGift,
		"w24_get_egift_response.corrected.json": decodeEGift,
		"w25_redeem_egift_request.json": func(t *testing.T, raw []byte) {
			id := giftIDOf(t, raw)
			body := sentFor(t, redeemableGift(id, allOptions), "POST", "/partner/{c}/egifts", func(c *wolfe.Client) error {
				_, err := c.Redemptions.RedeemEGift(t.Context(), id)
				return err
			})
			sameBody(t, "RedeemEGift", raw, body)
		},
		"w25_redeem_egift_response.json": func(t *testing.T, raw []byte) {
			// data is a one-element array here; the client reads it (and the
			// object alone) when it redeems: see TestRedeemEGiftAnswerShapes.
			var e struct {
				Data []struct {
					EGiftID string `json:"egift_id"`
				} `json:"data"`
			}
			if err := json.Unmarshal(raw, &e); err != nil || len(e.Data) != 1 || e.Data[0].EGiftID != wolfetest.ExampleEGiftID {
				t.Fatalf("%+v %v", e, err)
			}
			dataOf(t, raw, 200)
		},
		"w26_get_visa_card_response.json": decodeVisaCard,
		"w27_redeem_visa_card_request.json": func(t *testing.T, raw []byte) {
			r := kittest.RoundTrip[wolfe.VisaRequest](t, raw)
			if r.Address != sherlock() {
				t.Errorf("%+v", r)
			}
			body := sentFor(t, redeemableGift(r.GiftID, allOptions), "POST", "/partner/{c}/visa-cards", func(c *wolfe.Client) error {
				_, err := c.Redemptions.RedeemVisaCard(t.Context(), r)
				return err
			})
			sameBody(t, "RedeemVisaCard", raw, body)
		},
		"w27_redeem_visa_card_response.json": func(t *testing.T, raw []byte) {
			var d struct {
				VisaCardID string `json:"visa_card_id"`
			}
			if err := json.Unmarshal(dataOf(t, raw, 200), &d); err != nil || d.VisaCardID != wolfetest.ExampleVisaCardID {
				t.Errorf("%+v %v", d, err)
			}
		},
		"w28_zelle_accounts_response.json":        decodeZelleAccounts,
		"w29_get_zelle_transaction_response.json": decodeZelleTransaction,
		"w30_redeem_zelle_request.json": func(t *testing.T, raw []byte) {
			// The example sends both documented alternatives at once; the
			// client accepts that (each complete and valid) and sends it as is.
			r := kittest.RoundTrip[wolfe.ZelleRequest](t, raw)
			if r.ZelleAccountID != wolfetest.ExampleZelleAccountID || r.AccountToken != wolfetest.ExampleZelleToken || r.Address != sherlock() {
				t.Errorf("%+v", r)
			}
			body := sent(t, "POST", "/partner/{c}/zelle/transactions", func(c *wolfe.Client) error {
				_, err := c.Redemptions.RedeemZelle(t.Context(), r)
				return err
			})
			sameBody(t, "RedeemZelle", raw, body)
		},
		"w30_redeem_zelle_response.json": func(t *testing.T, raw []byte) {
			var d struct {
				ID string `json:"zelle_transaction_id"`
			}
			if err := json.Unmarshal(dataOf(t, raw, 200), &d); err != nil || d.ID != wolfetest.ExampleZelleTransactionID {
				t.Errorf("%+v %v", d, err)
			}
		},
		"w31_validate_zelle_token_request.json": func(t *testing.T, raw []byte) {
			r := kittest.RoundTrip[wolfe.ZelleTokenRequest](t, raw)
			body := sent(t, "POST", "/partner/{c}/zelle/validate", func(c *wolfe.Client) error {
				_, err := c.Redemptions.ValidateZelleToken(t.Context(), r)
				return err
			})
			sameBody(t, "ValidateZelleToken", raw, body)
		},
		"w31_validate_zelle_token_response.json": decodeZelleToken,
		"w32_list_cards_response.json":           decodeCards,
		"w33_unenroll_card_request.json": func(t *testing.T, raw []byte) {
			// The example leaves out client_recipient_id, which the
			// operation requires: the client refuses it without one, and
			// sends the corrected copy's body.
			r := kittest.Decode[wolfe.UnenrollRequest](t, raw)
			if r.ClientRecipientID != "" || r.CardID != wolfetest.ExampleCardID {
				t.Fatalf("%+v", r)
			}
			srv := newSandbox(t)
			if _, err := client(t, srv).Cards.Unenroll(t.Context(), r); !isValidation(err, "client_recipient_id") || len(srv.Requests()) != 0 {
				t.Errorf("the example as is: %v, %d requests", err, len(srv.Requests()))
			}
		},
		"w33_unenroll_card_request.corrected.json": func(t *testing.T, raw []byte) {
			r := kittest.RoundTrip[wolfe.UnenrollRequest](t, raw)
			body := sent(t, "POST", "/partner/{c}/cards/unenroll", func(c *wolfe.Client) error {
				_, err := c.Cards.Unenroll(t.Context(), r)
				return err
			})
			sameBody(t, "Unenroll", raw, body)
		},
		"w33_unenroll_card_response.json":              decodeUnenroll,
		"w34_list_credits_response.json":               decodeCredits,
		"w35_list_merchant_transactions_response.json": decodeMerchantTransactions,
		"w36_get_missing_credit_response.json":         decodeMissingCredit,
		"w37_register_missing_credit_request.json": func(t *testing.T, raw []byte) {
			// is_online is a string in the example, a boolean in the
			// documentation's type: read either, a boolean is sent (see the
			// corrected copy).
			r := kittest.Decode[wolfe.MissingCreditRequest](t, raw)
			if r.IsOnline == nil || !*r.IsOnline || !r.TransactionAmount.Equal(usd("10")) ||
				!r.TransactionDate.Equal(utc(2023, 1, 1, 0, 0, 0)) || r.ReferenceID != "7ee8f857-e5b8-4a03-b41f-455439a13428" {
				t.Errorf("%+v", r)
			}
		},
		"w37_register_missing_credit_request.corrected.json": func(t *testing.T, raw []byte) {
			r := kittest.RoundTrip[wolfe.MissingCreditRequest](t, raw)
			body := sent(t, "POST", "/partner/{c}/missing-credits", func(c *wolfe.Client) error {
				_, err := c.Credits.RegisterMissingCredit(t.Context(), r)
				return err
			})
			sameBody(t, "RegisterMissingCredit", raw, body)
		},
		"w37_register_missing_credit_response.json": decodeRegisteredMissingCredit,
	}
}

// brokenEGift: W24's example has a trailing comma. JSON refuses it, and so
// does the client, as an invalid response rather than an eGift.
func brokenEGift(t *testing.T, raw []byte) {
	if json.Valid(raw) {
		t.Fatal("the verbatim example is valid JSON; it is named .broken")
	}
	srv := newSandbox(t)
	srv.InjectFault(wolfetest.Fault{Method: "GET", Path: "/partner/", Status: http.StatusOK, Body: string(raw),
		Header: http.Header{"Content-Type": {"application/json"}}})
	e, err := client(t, srv).Redemptions.GetEGift(t.Context(), wolfetest.ExampleEGiftID)
	if err == nil || e.Code != "" {
		t.Errorf("the broken example as an answer: %v, %v", e, err)
	}
	// The error does not print the code either.
	kittest.AssertRedacted(t, err, "3CKL-KTQE22-MZAH", "12312321")
}
