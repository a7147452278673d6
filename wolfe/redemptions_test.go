package wolfe_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptrace"
	"strings"
	"testing"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/wolfe"
	"github.com/giftcard-go/giftcard/wolfe/wolfetest"
)

var base = "/partner/" + wolfetest.CompanyID

// redeemCase is one whole-balance redemption of a fresh $25 Amazon gift.
type redeemCase struct {
	name   string
	path   string // the redeeming POST
	method wolfe.RedemptionMethodName
	fee    string // the sandbox's default fee for a $25 gift
	redeem func(ctx context.Context, c *wolfe.Client, giftID string) (wolfe.Redemption, error)
	// check verifies what the redemption produced, read back through the
	// API.
	check func(t *testing.T, c *wolfe.Client, r wolfe.Redemption)
}

func redeemCases() []redeemCase {
	return []redeemCase{
		{name: "eGift", path: base + "/egifts", method: wolfe.RedeemEGift, fee: "0.75",
			redeem: func(ctx context.Context, c *wolfe.Client, id string) (wolfe.Redemption, error) {
				return c.Redemptions.RedeemEGift(ctx, id)
			},
			check: func(t *testing.T, c *wolfe.Client, r wolfe.Redemption) {
				e, err := c.Redemptions.GetEGift(t.Context(), r.ID)
				if err != nil || !e.Amount.Equal(r.Amount) || e.Code.IsZero() || e.PIN.IsZero() || e.MerchantID != wolfetest.AmazonID {
					t.Errorf("eGift %v %v", e, err)
				}
			}},
		{name: "Visa", path: base + "/visa-cards", method: wolfe.RedeemVisa, fee: "3.95",
			redeem: func(ctx context.Context, c *wolfe.Client, id string) (wolfe.Redemption, error) {
				return c.Redemptions.RedeemVisaCard(ctx, wolfe.VisaRequest{GiftID: id, FirstName: "Sherlock", LastName: "Holmes", Address: sherlock()})
			},
			check: func(t *testing.T, c *wolfe.Client, r wolfe.Redemption) {
				v, err := c.Redemptions.GetVisaCard(t.Context(), r.ID)
				if err != nil || !v.Amount.Equal(r.Amount) || v.GiftID != r.GiftID || v.Address != sherlock() || v.FirstName != "Sherlock" {
					t.Errorf("Visa card %+v %v", v, err)
				}
			}},
		{name: "Zelle", path: base + "/zelle/transactions", method: wolfe.RedeemZelle, fee: "1.50",
			redeem: func(ctx context.Context, c *wolfe.Client, id string) (wolfe.Redemption, error) {
				return c.Redemptions.RedeemZelle(ctx, wolfe.ZelleRequest{GiftID: id, ZelleAccountID: wolfetest.ExampleZelleAccountID, Address: sherlock()})
			},
			check: func(t *testing.T, c *wolfe.Client, r wolfe.Redemption) {
				if r.ID == "" {
					return // found through the gift: no transaction id (see RedeemZelle)
				}
				z, err := c.Redemptions.GetZelleTransaction(t.Context(), r.ID)
				if err != nil || !z.Amount.Equal(r.Amount) || z.GiftID != r.GiftID || z.ZelleAccountID != wolfetest.ExampleZelleAccountID {
					t.Errorf("Zelle transaction %+v %v", z, err)
				}
			}},
		{name: "swap", path: base + "/gifts/swap", method: wolfe.RedeemExchange, fee: "1.00",
			redeem: func(ctx context.Context, c *wolfe.Client, id string) (wolfe.Redemption, error) {
				return c.Gifts.SwapMerchant(ctx, wolfe.SwapRequest{GiftID: id, MerchantID: wolfetest.DunkinID})
			},
			check: func(t *testing.T, c *wolfe.Client, r wolfe.Redemption) {
				g, err := c.Gifts.Get(t.Context(), r.ID)
				if err != nil || g.MerchantID != wolfetest.DunkinID || !g.Amount.Equal(r.Amount) || !g.Balance.Equal(r.Amount) ||
					g.LinkedGift != r.GiftID || g.ClientRecipientID != "user-1" {
					t.Errorf("new gift %+v %v", g, err)
				}
			}},
		{name: "regift", path: base + "/gifts/regift", method: wolfe.RedeemRegifting, fee: "1.00",
			redeem: func(ctx context.Context, c *wolfe.Client, id string) (wolfe.Redemption, error) {
				return c.Gifts.Regift(ctx, wolfe.RegiftRequest{GiftID: id, ClientRecipientID: "user-2"})
			},
			check: func(t *testing.T, c *wolfe.Client, r wolfe.Redemption) {
				g, err := c.Gifts.Get(t.Context(), r.ID)
				if err != nil || g.ClientRecipientID != "user-2" || g.MerchantID != wolfetest.AmazonID || !g.Amount.Equal(r.Amount) {
					t.Errorf("new gift %+v %v", g, err)
				}
			}},
	}
}

// oneRedemption checks that gift was redeemed exactly once by r: one fee,
// taken from the gift's balance (not the funding account), the gift
// consumed and showing the redemption, and what it produced readable.
func oneRedemption(t *testing.T, srv *wolfetest.Server, c *wolfe.Client, tc redeemCase, giftID string, r wolfe.Redemption, funding giftcard.Money, feesBefore int) {
	t.Helper()
	fees := srv.Fees()[feesBefore:]
	if len(fees) != 1 || fees[0].GiftID != giftID || fees[0].Method != string(tc.method) {
		t.Fatalf("fees %+v, want one %s fee on %s", fees, tc.method, giftID)
	}
	if r.GiftID != giftID || r.Method != tc.method {
		t.Errorf("redemption %+v", r)
	}
	wantMoney(t, "fee", r.Fee, tc.fee)
	wantMoney(t, "amount", r.Amount, mustSub(t, usd("25"), usd(tc.fee)).Amount.String())
	wantMoney(t, "total", r.Total(), "25")
	if !srv.Balance().Equal(funding) {
		t.Errorf("the funding balance went from %s to %s: the fee is the gift's", funding, srv.Balance())
	}
	g, err := c.Gifts.Get(t.Context(), giftID)
	if err != nil || !g.Balance.IsZero() || !g.Status.Is(wolfe.GiftStatusRedeemed) || g.RedemptionInfo == nil ||
		g.RedemptionInfo.Method != tc.method {
		t.Errorf("gift after: %+v %v", g, err)
	}
	tc.check(t, c, r)
}

func TestRedemptions(t *testing.T) {
	for _, tc := range redeemCases() {
		t.Run(tc.name, func(t *testing.T) {
			srv := newSandbox(t)
			c := client(t, srv)
			ctx := t.Context()
			id := managedGift(t, ctx, c, wolfetest.AmazonID, "25", "user-1")
			funding, fees := srv.Balance(), len(srv.Fees())
			r, err := tc.redeem(ctx, c, id)
			if err != nil {
				t.Fatal(err)
			}
			if r.ID == "" || len(r.Raw) == 0 {
				t.Errorf("%+v", r)
			}
			oneRedemption(t, srv, c, tc, id, r, funding, fees)
			// The gift is consumed: a second redemption is refused before
			// the network (its balance is zero), and nothing changes.
			posts := srv.CountRequests("POST", tc.path)
			if _, err := tc.redeem(ctx, c, id); !isValidation(err, "gift_id") {
				t.Errorf("second redemption: %v", err)
			}
			if srv.CountRequests("POST", tc.path) != posts || len(srv.Fees()) != fees+1 {
				t.Error("the second redemption was sent")
			}
		})
	}
}

// TestRedemptionAnswerLost: the sandbox commits each redemption and drops
// the answer. The client reads the gift, finds the redemption and returns
// it: one POST, one redemption, one fee.
func TestRedemptionAnswerLost(t *testing.T) {
	for _, tc := range redeemCases() {
		t.Run(tc.name, func(t *testing.T) {
			srv := newSandbox(t)
			c := client(t, srv)
			ctx := t.Context()
			id := managedGift(t, ctx, c, wolfetest.AmazonID, "25", "user-1")
			funding, fees := srv.Balance(), len(srv.Fees())
			srv.InjectFault(wolfetest.Fault{Method: "POST", Path: tc.path, DropAfterCommit: true})
			r, err := tc.redeem(ctx, c, id)
			if err != nil {
				t.Fatal(err)
			}
			if n := srv.CountRequests("POST", tc.path); n != 1 {
				t.Errorf("%d POSTs, want 1", n)
			}
			if tc.method == wolfe.RedeemZelle {
				if r.ID != "" {
					t.Errorf("a Zelle transfer found through the gift has no id, got %q", r.ID)
				}
			} else if r.ID == "" {
				t.Error("no id")
			}
			oneRedemption(t, srv, c, tc, id, r, funding, fees)
		})
	}
}

// TestRedemptionResentOnce: the connection resets before the request is
// handled. The gift shows no redemption, so it is sent once more: two
// POSTs, one redemption, one fee.
func TestRedemptionResentOnce(t *testing.T) {
	for _, tc := range redeemCases() {
		t.Run(tc.name, func(t *testing.T) {
			srv := newSandbox(t)
			c := client(t, srv)
			ctx := t.Context()
			id := managedGift(t, ctx, c, wolfetest.AmazonID, "25", "user-1")
			funding, fees := srv.Balance(), len(srv.Fees())
			srv.InjectFault(wolfetest.Fault{Method: "POST", Path: tc.path, Reset: true})
			r, err := tc.redeem(ctx, c, id)
			if err != nil {
				t.Fatal(err)
			}
			if n := srv.CountRequests("POST", tc.path); n != 2 {
				t.Errorf("%d POSTs, want 2", n)
			}
			oneRedemption(t, srv, c, tc, id, r, funding, fees)
		})
	}
}

// TestRedemptionLostTwice: the first request never lands and the resend's
// answer is lost after it committed: the last look at the gift finds it.
// When the resend does not land either, the call gives up with
// ErrOutcomeUnknown after exactly two POSTs, and nothing was redeemed.
func TestRedemptionLostTwice(t *testing.T) {
	tc := redeemCases()[0]
	srv := newSandbox(t)
	c := client(t, srv)
	ctx := t.Context()
	id := managedGift(t, ctx, c, wolfetest.AmazonID, "25", "user-1")
	funding, fees := srv.Balance(), len(srv.Fees())
	srv.InjectFault(wolfetest.Fault{Method: "POST", Path: tc.path, Reset: true})
	srv.InjectFault(wolfetest.Fault{Method: "POST", Path: tc.path, DropAfterCommit: true})
	r, err := tc.redeem(ctx, c, id)
	if err != nil {
		t.Fatal(err)
	}
	oneRedemption(t, srv, c, tc, id, r, funding, fees)

	id = managedGift(t, ctx, c, wolfetest.AmazonID, "25", "user-1")
	posts := srv.CountRequests("POST", tc.path)
	srv.InjectFault(wolfetest.Fault{Method: "POST", Path: tc.path, Reset: true, Times: 2})
	_, err = tc.redeem(ctx, c, id)
	if !errors.Is(err, giftcard.ErrOutcomeUnknown) {
		t.Fatalf("got %v, want ErrOutcomeUnknown", err)
	}
	if n := srv.CountRequests("POST", tc.path) - posts; n != 2 {
		t.Errorf("%d POSTs, want 2 (the request and one resend)", n)
	}
	if g, err := c.Gifts.Get(ctx, id); err != nil || !g.Balance.Equal(usd("25")) {
		t.Errorf("the gift was redeemed: %+v %v", g, err)
	}
	if !strings.Contains(err.Error(), id) {
		t.Errorf("the error does not name the gift: %v", err)
	}
}

// TestRedemptionRefusedIsNotResent: a documented refusal proves nothing
// happened; it is returned at once.
func TestRedemptionRefusedIsNotResent(t *testing.T) {
	srv := newSandbox(t)
	c := client(t, srv)
	ctx := t.Context()
	id := managedGift(t, ctx, c, wolfetest.AmazonID, "25", "user-1")
	srv.InjectFault(wolfetest.Fault{Method: "POST", Path: base + "/egifts", Status: http.StatusBadRequest,
		Body: `{"code":400,"message":"INVALID_STATE"}`, Header: http.Header{"Content-Type": {"application/json"}}})
	_, err := c.Redemptions.RedeemEGift(ctx, id)
	if !errors.Is(err, giftcard.ErrInvalidRequest) || errors.Is(err, giftcard.ErrOutcomeUnknown) {
		t.Fatalf("got %v", err)
	}
	if n := srv.CountRequests("POST", base+"/egifts"); n != 1 {
		t.Errorf("%d POSTs", n)
	}
	if n := srv.CountRequests("GET", giftsPath); n != 1 {
		t.Errorf("%d gift reads, want only the preflight's", n)
	}
}

// TestSwapRedeemedByAnother: the swap's answer is lost while another
// request exchanged the gift for a different merchant. The client finds an
// exchange that is not this one, and says so without resending.
func TestSwapRedeemedByAnother(t *testing.T) {
	srv := newSandbox(t)
	other := client(t, srv)
	ctx := t.Context()
	id := managedGift(t, ctx, other, wolfetest.AmazonID, "25", "user-1")
	var third string
	for m := range srv.Merchants() {
		if m != wolfetest.AmazonID && m != wolfetest.DunkinID {
			third = m
			break
		}
	}
	meddle := func(next http.RoundTripper) http.RoundTripper {
		return roundTripFunc(func(r *http.Request) (*http.Response, error) {
			if r.Method == "POST" && strings.HasSuffix(r.URL.Path, "/gifts/swap") {
				if _, err := other.Gifts.SwapMerchant(context.Background(), wolfe.SwapRequest{GiftID: id, MerchantID: third}); err != nil {
					t.Errorf("the other swap: %v", err)
				}
				if tr := httptrace.ContextClientTrace(r.Context()); tr != nil && tr.WroteRequest != nil {
					tr.WroteRequest(httptrace.WroteRequestInfo{}) // this request's bytes went out
				}
				return nil, errors.New("read tcp: connection reset by peer")
			}
			return next.RoundTrip(r)
		})
	}
	c := client(t, srv, giftcard.WithMiddleware(meddle))
	_, err := c.Gifts.SwapMerchant(ctx, wolfe.SwapRequest{GiftID: id, MerchantID: wolfetest.DunkinID})
	var ge *giftcard.Error
	if !errors.As(err, &ge) || ge.Code != wolfe.CodeInvalidState || ge.OutcomeUnknown || !strings.Contains(ge.Message, third) {
		t.Fatalf("got %v", err)
	}
	if n := len(srv.Fees()); n != 1 {
		t.Errorf("%d fees, want the other swap's one", n)
	}
}

// TestRedeemEGiftAnswerShapes: W25's data is a one-element array in the
// documentation; the object alone is read too. An answer naming an eGift
// whose amount cannot be read leaves Amount and Fee unknown (zero Money
// without currency), the redemption reported all the same.
func TestRedeemEGiftAnswerShapes(t *testing.T) {
	for _, data := range []string{`[{"egift_id":"eg-1"}]`, `{"egift_id":"eg-1"}`} {
		srv := newSandbox(t)
		c := client(t, srv)
		id := managedGift(t, t.Context(), c, wolfetest.AmazonID, "25", "user-1")
		srv.InjectFault(wolfetest.Fault{Method: "POST", Path: base + "/egifts", Status: 200,
			Body: `{"code":200,"message":"SUCCESS","data":` + data + `}`, Header: http.Header{"Content-Type": {"application/json"}}})
		r, err := c.Redemptions.RedeemEGift(t.Context(), id)
		if err != nil || r.ID != "eg-1" || r.Amount.Currency != "" || r.Fee.Currency != "" {
			t.Errorf("%s: %+v %v", data, r, err)
		}
	}
	srv := newSandbox(t)
	c := client(t, srv)
	id := managedGift(t, t.Context(), c, wolfetest.AmazonID, "25", "user-1")
	srv.InjectFault(wolfetest.Fault{Method: "POST", Path: base + "/egifts", Status: 200,
		Body: `{"code":200,"message":"SUCCESS","data":[]}`, Header: http.Header{"Content-Type": {"application/json"}}, Times: 2})
	if _, err := c.Redemptions.RedeemEGift(t.Context(), id); !errors.Is(err, giftcard.ErrOutcomeUnknown) {
		t.Errorf("an answer naming no eGift: %v, want outcome unknown", err)
	}
}

// TestRedemptionPreflight: what the gift's configuration forbids is
// refused after reading the gift, before any redeeming request.
func TestRedemptionPreflight(t *testing.T) {
	srv := newSandbox(t)
	c := client(t, srv)
	ctx := t.Context()
	big := managedGift(t, ctx, c, wolfetest.AmazonID, "60", "user-1")    // above EGIFT's 50 dollars
	dunkin := managedGift(t, ctx, c, wolfetest.DunkinID, "25", "user-1") // CARD_LINK only
	small, card := linkedGift(t, ctx, c, srv, wolfetest.AmazonID, "8", "user-1")
	if _, err := srv.PayWithCard(wolfetest.CardPayment{CardID: card, MerchantID: wolfetest.AmazonID, Cents: 400}); err != nil {
		t.Fatal(err)
	}
	spent, card2 := linkedGift(t, ctx, c, srv, wolfetest.AmazonID, "5", "user-1")
	if _, err := srv.PayWithCard(wolfetest.CardPayment{CardID: card2, MerchantID: wolfetest.AmazonID, Cents: 900}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		call   func() error
		reason string
	}{
		{"eGift above the range", func() error { _, err := c.Redemptions.RedeemEGift(ctx, big); return err }, "above the EGIFT maximum of 50"},
		{"eGift not offered", func() error { _, err := c.Redemptions.RedeemEGift(ctx, dunkin); return err }, "cannot be redeemed by EGIFT"},
		{"eGift below the range", func() error { _, err := c.Redemptions.RedeemEGift(ctx, small); return err }, "below the EGIFT minimum of 10"},
		{"Visa below min_amount", func() error {
			_, err := c.Redemptions.RedeemVisaCard(ctx, wolfe.VisaRequest{GiftID: small, FirstName: "A", LastName: "B", Address: sherlock()})
			return err
		}, "below the VISA minimum of 5"},
		{"swap not offered", func() error {
			_, err := c.Gifts.SwapMerchant(ctx, wolfe.SwapRequest{GiftID: dunkin, MerchantID: wolfetest.AmazonID})
			return err
		}, "cannot be redeemed by EXCHANGE"},
		{"Zelle of a spent gift", func() error {
			_, err := c.Redemptions.RedeemZelle(ctx, wolfe.ZelleRequest{GiftID: spent, ZelleAccountID: wolfetest.ExampleZelleAccountID, Address: sherlock()})
			return err
		}, "nothing to redeem"},
		{"select on a gift that is not Merchant Select", func() error {
			return c.Gifts.SelectMerchant(ctx, wolfe.SelectMerchantRequest{GiftID: big, MerchantID: wolfetest.DunkinID})
		}, "not a Merchant Select gift"},
		{"swap to its own merchant", func() error {
			_, err := c.Gifts.SwapMerchant(ctx, wolfe.SwapRequest{GiftID: big, MerchantID: wolfetest.AmazonID})
			return err
		}, "already at merchant"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			posts := srv.CountRequests("POST", base)
			err := tc.call()
			var ve *giftcard.ValidationError
			if !errors.As(err, &ve) || (ve.Field != "gift_id" && ve.Field != "merchant_id") || !strings.Contains(ve.Reason, tc.reason) {
				t.Errorf("got %v, want a ValidationError saying %q", err, tc.reason)
			}
			if n := srv.CountRequests("POST", base) - posts; n != 0 {
				t.Errorf("%d POSTs reached the sandbox", n)
			}
		})
	}
}

// TestPreflightBoundsFromTheMerchant: a gift whose EGIFT option has no
// configuration (the documentation's own gift) is judged by its merchant's.
func TestPreflightBoundsFromTheMerchant(t *testing.T) {
	srv := newSandbox(t)
	c := client(t, srv)
	_, err := c.Redemptions.RedeemEGift(t.Context(), wolfetest.ExampleGiftID) // balance 5.15; Amazon's EGIFT is 10..50
	if !isValidation(err, "gift_id") || !strings.Contains(err.Error(), "below the EGIFT minimum of 10") {
		t.Fatalf("got %v", err)
	}
	if n := srv.CountRequests("GET", base+"/merchants/"+wolfetest.AmazonID); n != 1 {
		t.Errorf("%d merchant reads, want 1", n)
	}
}

func TestSelectMerchant(t *testing.T) {
	srv := newSandbox(t)
	c := client(t, srv)
	ctx := t.Context()
	id, err := srv.PurchaseMerchantSelectGift(3000, "user-1")
	if err != nil {
		t.Fatal(err)
	}
	g, err := c.Gifts.Get(ctx, id)
	if err != nil || g.MerchantID != "" || len(g.RedemptionOptions) != 1 || g.RedemptionOptions[0].Method != wolfe.RedeemSelectMerchant {
		t.Fatalf("Merchant Select gift %+v %v", g, err)
	}
	// Not redeemable before a merchant is selected.
	if _, err := c.Redemptions.RedeemEGift(ctx, id); !isValidation(err, "gift_id") {
		t.Errorf("eGift of a Merchant Select gift: %v", err)
	}
	// The answer is lost: the gift shows the merchant, so it succeeded.
	srv.InjectFault(wolfetest.Fault{Method: "POST", Path: base + "/gifts/select-merchant", DropAfterCommit: true})
	if err := c.Gifts.SelectMerchant(ctx, wolfe.SelectMerchantRequest{GiftID: id, MerchantID: wolfetest.AmazonID}); err != nil {
		t.Fatal(err)
	}
	g, err = c.Gifts.Get(ctx, id)
	if err != nil || g.MerchantID != wolfetest.AmazonID || !g.Status.Is(wolfe.GiftStatusActive) || !g.Balance.Equal(usd("30")) ||
		len(g.RedemptionOptions) < 2 {
		t.Fatalf("after selecting: %+v %v", g, err)
	}
	// No fee, no new gift; now it redeems as an eGift.
	if len(srv.Fees()) != 0 {
		t.Errorf("fees %+v", srv.Fees())
	}
	r, err := c.Redemptions.RedeemEGift(ctx, id)
	if err != nil || !r.Total().Equal(usd("30")) {
		t.Errorf("%+v %v", r, err)
	}
	// Selecting again is refused: it is not a Merchant Select gift any more.
	if err := c.Gifts.SelectMerchant(ctx, wolfe.SelectMerchantRequest{GiftID: id, MerchantID: wolfetest.DunkinID}); !isValidation(err, "gift_id") {
		t.Errorf("select twice: %v", err)
	}
}

func TestVisaShippedAndEvents(t *testing.T) {
	srv := newSandbox(t)
	c := client(t, srv)
	ctx := t.Context()
	id := managedGift(t, ctx, c, wolfetest.AmazonID, "25", "user-1")
	r, err := c.Redemptions.RedeemVisaCard(ctx, wolfe.VisaRequest{GiftID: id, FirstName: "Sherlock", LastName: "Holmes", Address: sherlock()})
	if err != nil {
		t.Fatal(err)
	}
	if !srv.ShipVisaCard(r.ID) || srv.ShipVisaCard(r.ID) {
		t.Fatal("ShipVisaCard")
	}
	v, err := c.Redemptions.GetVisaCard(ctx, r.ID)
	if err != nil || v.TrackingNumber == "" || !v.DateProcessed.Valid() {
		t.Errorf("%+v %v", v, err)
	}
	events, err := c.Gifts.Events(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range events {
		names = append(names, string(e.Event))
	}
	if got := strings.Join(names, " "); got != "redemption.visa redemption.visa.processing redemption.visa.shipped" {
		t.Errorf("events %s", got)
	}
	if e := events[2].Metadata; e.FirstName != "Sherlock" || !strings.Contains(e.Address, "Baker Street") || !e.Amount.Equal(r.Amount) {
		t.Errorf("shipped metadata %+v", e)
	}
}

func TestZelleWithToken(t *testing.T) {
	srv := newSandbox(t)
	c := client(t, srv)
	ctx := t.Context()
	id := managedGift(t, ctx, c, wolfetest.AmazonID, "25", "user-9")
	srv.AddZelleAccount("user-9", "15551234567", "mobile", "Ada", "Lovelace")
	tok, err := c.Redemptions.ValidateZelleToken(ctx, wolfe.ZelleTokenRequest{Token: "15551234567", TokenType: wolfe.ZelleMobile, GiftID: id})
	if err != nil || tok.FirstName != "Ada" || tok.LastName != "Lovelace" {
		t.Fatalf("%+v %v", tok, err)
	}
	// The answer is lost: found through the gift's redemption.zelle event,
	// which names this token.
	srv.InjectFault(wolfetest.Fault{Method: "POST", Path: base + "/zelle/transactions", DropAfterCommit: true})
	r, err := c.Redemptions.RedeemZelle(ctx, wolfe.ZelleRequest{GiftID: id, AccountToken: "15551234567", TokenType: wolfe.ZelleMobile,
		FirstName: tok.FirstName, LastName: tok.LastName, Address: sherlock()})
	if err != nil || r.ID != "" || !r.Fee.Equal(usd("1.50")) || !r.Amount.Equal(usd("23.50")) {
		t.Fatalf("%+v %v", r, err)
	}
	accts, err := c.Redemptions.ZelleAccounts(ctx, wolfe.ZelleAccountQuery{ClientRecipientID: "user-9"})
	if err != nil || len(accts) != 1 || accts[0].Token != "15551234567" {
		t.Errorf("accounts %+v %v", accts, err)
	}
	if srv.Count().ZelleTransactions != 2 { // the documentation's and this one
		t.Errorf("%d Zelle transactions", srv.Count().ZelleTransactions)
	}
}
