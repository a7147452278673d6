package loyalty_test

import (
	"errors"
	"testing"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/giftcardtest"
	"github.com/giftcard-go/giftcard/loyalty"
	"github.com/giftcard-go/giftcard/loyalty/loyaltytest"
)

// TestConformance runs the shared Gifts suite on the sandbox, with the
// suite's default missing id (a bare accountId the sandbox does not know)
// and with a well-formed gift id of an unknown card and top-up.
func TestConformance(t *testing.T) {
	missing := loyalty.GiftID{AccountID: "999999999999999", CheckoutID: "1"}.String()
	for _, id := range []string{"", missing} {
		t.Run("missing="+id, func(t *testing.T) {
			giftcardtest.RunConformance(t, giftcardtest.Subject{
				MissingID: id,
				New: func(t *testing.T) (any, func() int) {
					srv, c := newSandbox(t)
					return c, func() int { return len(srv.Requests()) }
				},
				Claims: []giftcardtest.Capability{giftcardtest.Gifts},
				NewGift: func(*testing.T) giftcard.GiftRequest {
					return giftcard.GiftRequest{AccountID: loyaltytest.CardNew, Amount: usd("25.00")}
				},
			})
		})
	}
}

func TestGiftID(t *testing.T) {
	g := loyalty.GiftID{AccountID: "914639258868515", CheckoutID: "933392815902294016", EntryType: loyalty.EntryBarcode, LoyaltyChannel: "FACTOR4"}
	back, err := loyalty.ParseGiftID(g.String())
	if err != nil || back != g {
		t.Fatalf("%+v %v", back, err)
	}
	bare, err := loyalty.ParseGiftID("914639258868515")
	if err != nil || bare.AccountID != "914639258868515" || bare.CheckoutID != "" || bare.EntryType != loyalty.EntryKeyed {
		t.Fatalf("bare: %+v %v", bare, err)
	}
	for _, bad := range []string{"", " ", "lg1.", "lg1.!!!", "lg1." + "YWJj", "a\x00b"} {
		_, err := loyalty.ParseGiftID(bad)
		var ve *giftcard.ValidationError
		if !errors.As(err, &ve) || !errors.Is(err, giftcard.ErrNotFound) {
			t.Errorf("ParseGiftID(%q) = %v", bad, err)
		}
	}
}

func TestGifts(t *testing.T) {
	srv, c := newSandbox(t)
	ctx := t.Context()
	g, err := c.IssueGift(ctx, giftcard.GiftRequest{AccountID: loyaltytest.CardNew, Amount: usd("25"), ReferenceID: "gift-1"})
	if err != nil {
		t.Fatal(err)
	}
	if g.ReferenceID != "gift-1" || g.Status != giftcard.GiftActive || !g.Amount.Equal(usd("25")) || g.Provider != "loyalty" {
		t.Fatalf("%+v", g)
	}
	card, _ := srv.Card(loyaltytest.CardNew)
	if !card.Activated || !card.Balance.Equal(dec("25")) {
		t.Fatalf("IssueGift activates and loads the card: %+v", card)
	}
	got, err := c.GetGift(ctx, g.ID)
	if err != nil || len(got.Balances) != 1 || !got.Balances[0].Equal(usd("25")) || got.Status != giftcard.GiftActive {
		t.Fatalf("GetGift: %+v %v", got, err)
	}
	bare, err := c.GetGift(ctx, loyaltytest.CardNew)
	if err != nil || bare.ID != loyaltytest.CardNew || !bare.Balances[0].Equal(usd("25")) {
		t.Fatalf("GetGift of a bare accountId: %+v %v", bare, err)
	}
	before := len(srv.Requests())
	if err := c.CancelGift(ctx, loyaltytest.CardNew); !errors.Is(err, giftcard.ErrNotFound) || len(srv.Requests()) != before {
		t.Fatalf("CancelGift of a bare accountId: %v", err)
	}
	if err := c.CancelGift(ctx, g.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := c.GetGift(ctx, g.ID); got.Status != giftcard.GiftCancelled {
		t.Fatalf("after CancelGift: %s", got.Status)
	}
	// Cancelling again sends nothing; another client cannot see the void.
	before = len(srv.Requests())
	if err := c.CancelGift(ctx, g.ID); err != nil || len(srv.Requests()) != before {
		t.Fatalf("second CancelGift: %v, %d requests", err, len(srv.Requests())-before)
	}
	other, _ := loyalty.New(srv.Config(), giftcard.WithHTTPClient(srv.Client()))
	if got, _ := other.GetGift(ctx, g.ID); got.Status != giftcard.GiftActive {
		t.Fatalf("another client sees %s", got.Status)
	}
	// A pending top-up is a PENDING gift; a gift needs an amount.
	p, err := c.IssueGift(ctx, giftcard.GiftRequest{AccountID: loyaltytest.CardPending, Amount: usd("1")})
	if err != nil || p.Status != giftcard.GiftPending {
		t.Fatalf("pending: %+v %v", p, err)
	}
	var ve *giftcard.ValidationError
	if _, err := c.IssueGift(ctx, giftcard.GiftRequest{AccountID: loyaltytest.CardActive}); !errors.As(err, &ve) {
		t.Fatalf("no amount: %v", err)
	}
	if _, err := c.IssueGift(ctx, giftcard.GiftRequest{Amount: usd("1")}); !errors.As(err, &ve) || ve.Field != "accountId" {
		t.Fatalf("no card: %v", err)
	}
}
