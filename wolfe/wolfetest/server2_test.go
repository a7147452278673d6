package wolfetest_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/giftcard-go/giftcard/wolfe"
	"github.com/giftcard-go/giftcard/wolfe/wolfetest"
)

// buy buys a managed gift over the wire and returns its id.
func buy(t *testing.T, srv *wolfetest.Server, merchant string, cents int) string {
	t.Helper()
	body := `{"amount":` + itoa(cents) + `,"reference_id":"r-` + itoa(srv.Journal().Len()) + `","merchant_id":"` + merchant +
		`","client_recipient_id":"u-1"}`
	status, env := call(t, srv, "POST", base+"/gifts/managed", body, nil)
	if status != 201 {
		t.Fatalf("purchase: %d %v", status, env)
	}
	return env["data"].(map[string]any)["gift_id"].(string)
}

// TestRedemptionWire: the documented answer shapes (W25's one-element
// array, W33's bare array), the refusals of redemptions the gift's
// configuration forbids, and the fee taken from the gift.
func TestRedemptionWire(t *testing.T) {
	srv := wolfetest.NewServer(wolfetest.WithMerchants(0), wolfetest.WithRedemptionFee(func(m string, b int64) int64 {
		if m == "EGIFT" {
			return 50
		}
		return wolfetest.DefaultRedemptionFee(m, b)
	}))
	defer srv.Close()
	big := buy(t, srv, wolfetest.AmazonID, 6000)
	status, env := call(t, srv, "POST", base+"/egifts", `{"gift_id":"`+big+`"}`, nil)
	if status != 400 || env["message"] != wolfe.CodeAmountOutOfRange {
		t.Errorf("eGift of $60 (range 10..50): %d %v", status, env)
	}
	dunkin := buy(t, srv, wolfetest.DunkinID, 2500)
	status, env = call(t, srv, "POST", base+"/egifts", `{"gift_id":"`+dunkin+`"}`, nil)
	if status != 400 || env["message"] != wolfe.CodeInvalidState {
		t.Errorf("eGift at a CARD_LINK-only merchant: %d %v", status, env)
	}
	g := buy(t, srv, wolfetest.AmazonID, 2000)
	status, env = call(t, srv, "POST", base+"/egifts", `{"gift_id":"`+g+`"}`, nil)
	data, isList := env["data"].([]any)
	if status != 200 || !isList || len(data) != 1 {
		t.Fatalf("eGift: %d %v", status, env)
	}
	id := data[0].(map[string]any)["egift_id"].(string)
	status, env = call(t, srv, "GET", base+"/egifts/"+id, "", nil)
	e := env["data"].(map[string]any)
	if status != 200 || e["amount"] != json.Number("1950") || e["code"] == "" || e["pin"] == "" {
		t.Errorf("eGift read back: %d %v", status, env)
	}
	if f := srv.Fees(); len(f) != 1 || f[0].Cents != 50 || f[0].GiftID != g || f[0].Method != "EGIFT" {
		t.Errorf("fees %+v", f)
	}
	// The gift is consumed: a second redemption is refused.
	status, env = call(t, srv, "POST", base+"/visa-cards", `{"gift_id":"`+g+`","first_name":"A","last_name":"B",`+
		`"address":{"address_line1":"1 Main St","locality":"Austin","region":"TX","postal_code":"78701","country":"US"}}`, nil)
	if status != 400 || env["message"] != wolfe.CodeInvalidState {
		t.Errorf("Visa of a redeemed gift: %d %v", status, env)
	}
	// Zelle: neither alternative names what is missing.
	status, env = call(t, srv, "POST", base+"/zelle/transactions", `{"gift_id":"`+big+`","address":{"address_line1":"1 Main St",`+
		`"locality":"Austin","postal_code":"78701","country":"US"}}`, nil)
	params, _ := env["data"].(map[string]any)["parameters"].([]any)
	if status != 400 || env["message"] != wolfe.CodeMissingParameters || len(params) != 4 {
		t.Errorf("Zelle with neither alternative: %d %v", status, env)
	}
	// A missing credit's amount is a bare integer too.
	status, env = call(t, srv, "POST", base+"/missing-credits", `{"merchant_id":"`+wolfetest.DunkinID+`","transaction_date":"2023-01-01",`+
		`"card_id":"`+wolfetest.ExampleCardID+`","reference_id":"m-1","transaction_amount":"1000"}`, nil)
	if status != 400 || env["message"] != wolfe.CodePatternNotMatched {
		t.Errorf("missing credit amount as a string: %d %v", status, env)
	}
}

// TestUnenrollWire: W33 answers a bare array of the gifts the card was
// linked to.
func TestUnenrollWire(t *testing.T) {
	srv := wolfetest.NewServer(wolfetest.WithMerchants(0))
	defer srv.Close()
	g := buy(t, srv, wolfetest.AmazonID, 2000)
	status, env := call(t, srv, "POST", base+"/card-link-session", `{"gift_id":"`+g+`"}`, nil)
	if status != 200 {
		t.Fatalf("%d %v", status, env)
	}
	sess := env["data"].(map[string]any)
	card, err := srv.LinkCard(sess["session"].(string), wolfetest.TestCard{Network: "AMEX"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.LinkCard(sess["session"].(string), wolfetest.TestCard{}); !errors.Is(err, wolfetest.ErrSessionUnusable) {
		t.Errorf("a session links once: %v", err)
	}
	status, env = call(t, srv, "POST", base+"/cards/unenroll", `{"client_recipient_id":"u-1","card_id":"`+card+`"}`, nil)
	ids, isList := env["data"].([]any)
	if status != 200 || !isList || len(ids) != 1 || ids[0] != g {
		t.Errorf("%d %v", status, env)
	}
	// A card the merchant does not accept is refused.
	d := buy(t, srv, wolfetest.DunkinID, 2000) // CARD_LINK MC and VISA
	_, env = call(t, srv, "POST", base+"/card-link-session", `{"gift_id":"`+d+`"}`, nil)
	if _, err := srv.LinkCard(env["data"].(map[string]any)["session"].(string), wolfetest.TestCard{Network: "AMEX"}); !errors.Is(err, wolfetest.ErrCardRefused) {
		t.Errorf("AMEX at Dunkin: %v", err)
	}
}
