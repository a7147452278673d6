package wolfe_test

import (
	"errors"
	"testing"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/giftcardtest"
	"github.com/giftcard-go/giftcard/wolfe"
	"github.com/giftcard-go/giftcard/wolfe/wolfetest"
)

// TestCardLinkFlow: a session links a card to a gift; purchases with the
// card at the gift's merchant are credited from the gift and appear as
// merchant transactions and credits; unlinking stops that; unenrolling
// removes the card.
func TestCardLinkFlow(t *testing.T) {
	srv := newSandbox(t)
	c := client(t, srv)
	ctx := t.Context()
	gift := managedGift(t, ctx, c, wolfetest.AmazonID, "40", "user-1")
	sess, err := c.CardLinks.CreateSession(ctx, gift)
	if err != nil {
		t.Fatal(err)
	}
	// 15 minutes on the sandbox clock, read from the answer.
	if !sess.ExpiresAt.Equal(t0.Add(wolfe.CardLinkSessionLifetime)) || sess.GiftID != gift || sess.Expired(t0) {
		t.Errorf("session %+v", sess)
	}
	card, err := srv.LinkCard(sess.Session, wolfetest.TestCard{Network: "MC", Last4: "5454", Expiration: "09/29"})
	if err != nil {
		t.Fatal(err)
	}
	g, err := c.Gifts.Get(ctx, gift)
	if err != nil || !g.Linked() || g.RedemptionInfo.Details.CardID != card {
		t.Fatalf("gift after linking: %+v %v", g, err)
	}
	// A session links once.
	if _, err := srv.LinkCard(sess.Session, wolfetest.TestCard{}); !errors.Is(err, wolfetest.ErrSessionUnusable) {
		t.Errorf("second link: %v", err)
	}
	log, err := c.CardLinks.ListLog(ctx, wolfe.CardLinkLogQuery{Session: sess.Session})
	if err != nil || len(log.Items) != 2 || log.Items[0].Status != wolfe.CardLinkSuccess || log.Items[1].StatusMessage != "SESSION_INACTIVE" ||
		log.Items[0].GiftID != gift || log.Items[0].ClientRecipientID != "user-1" {
		t.Fatalf("log %+v %v", log, err)
	}
	cards, err := c.Cards.List(ctx, wolfe.CardQuery{ClientRecipientID: "user-1"})
	if err != nil || len(cards.Items) != 1 || cards.Items[0].ID != card || cards.Items[0].Network() != "MC" ||
		cards.Items[0].CardMask != "5454" || cards.Items[0].ExpirationDate != "09/29" {
		t.Fatalf("cards %+v %v", cards, err)
	}

	// Two purchases: $15, then $30 of which only the $25 left is credited.
	p1, err := srv.PayWithCard(wolfetest.CardPayment{CardID: card, MerchantID: wolfetest.AmazonID, Cents: 1500})
	if err != nil || !p1.Credited.Equal(usd("15")) {
		t.Fatalf("%+v %v", p1, err)
	}
	p2, err := srv.PayWithCard(wolfetest.CardPayment{CardID: card, MerchantID: wolfetest.AmazonID, Cents: 3000})
	if err != nil || !p2.Credited.Equal(usd("25")) {
		t.Fatalf("%+v %v", p2, err)
	}
	credits, err := c.Credits.List(ctx, wolfe.CreditQuery{GiftID: gift})
	if err != nil || len(credits.Items) != 2 {
		t.Fatalf("credits %+v %v", credits, err)
	}
	cr := credits.Items[1]
	if cr.ID != p2.CreditID || !cr.Amount.Equal(usd("25")) || cr.Status != wolfe.CreditSuccess || cr.CardID != card || cr.IsMissingCredit ||
		cr.MerchantTransaction == nil || cr.MerchantTransaction.ID != p2.MerchantTransactionID || !cr.MerchantTransaction.Amount.Equal(usd("30")) {
		t.Errorf("credit %+v", cr)
	}
	mts, err := c.Credits.ListMerchantTransactions(ctx, wolfe.MerchantTransactionQuery{GiftID: gift})
	if err != nil || len(mts.Items) != 2 || mts.Items[0].ID != p1.MerchantTransactionID || mts.Items[0].MerchantID != wolfetest.AmazonID ||
		mts.Items[0].CardID != card || !mts.Items[0].Amount.Equal(usd("15")) {
		t.Fatalf("merchant transactions %+v %v", mts, err)
	}
	g, err = c.Gifts.Get(ctx, gift)
	if err != nil || !g.Balance.IsZero() || !g.Status.Is(wolfe.GiftStatusRedeemed) {
		t.Errorf("gift after the credits: %+v %v", g, err)
	}
	events, err := c.Gifts.Events(ctx, gift)
	if err != nil || len(events) != 5 || events[0].Event != wolfe.EventGiftLink || events[4].Event != wolfe.EventCreditSuccess ||
		events[0].Metadata.Card != "5454" || events[0].Metadata.Network != "MC" || !events[4].Metadata.Amount.Equal(usd("25")) {
		t.Errorf("events %+v %v", events, err)
	}
	// The credits were paid from the gift: the funding account is untouched.
	if len(srv.Fees()) != 0 {
		t.Errorf("fees %+v", srv.Fees())
	}
}

func TestUnlinkAndUnenroll(t *testing.T) {
	srv := newSandbox(t)
	c := client(t, srv)
	ctx := t.Context()
	g1, card := linkedGift(t, ctx, c, srv, wolfetest.AmazonID, "25", "user-1")
	// Link the same card to a second gift.
	g2 := managedGift(t, ctx, c, wolfetest.AmazonID, "25", "user-1")
	sess, err := c.CardLinks.CreateSession(ctx, g2)
	if err != nil {
		t.Fatal(err)
	}
	if id, err := srv.LinkCard(sess.Session, wolfetest.TestCard{ID: card}); err != nil || id != card {
		t.Fatalf("relink: %s %v", id, err)
	}
	// Unlink the first, answer lost: the gift shows no card, so it worked.
	srv.InjectFault(wolfetest.Fault{Method: "POST", Path: base + "/gifts/unlink", DropAfterCommit: true})
	if err := c.CardLinks.Unlink(ctx, g1); err != nil {
		t.Fatal(err)
	}
	if g, err := c.Gifts.Get(ctx, g1); err != nil || g.Linked() {
		t.Errorf("still linked: %+v %v", g, err)
	}
	// A second unlink is refused by Wolfe.
	if err := c.CardLinks.Unlink(ctx, g1); !errors.Is(err, giftcard.ErrInvalidRequest) {
		t.Errorf("second unlink: %v", err)
	}
	// Purchases now credit only the second gift.
	p, err := srv.PayWithCard(wolfetest.CardPayment{CardID: card, MerchantID: wolfetest.AmazonID, Cents: 500})
	if err != nil || p.GiftID != g2 {
		t.Errorf("%+v %v", p, err)
	}
	// Unenrolling the card unlinks the gifts still linked.
	res, err := c.Cards.Unenroll(ctx, wolfe.UnenrollRequest{ClientRecipientID: "user-1", CardID: card})
	if err != nil || len(res.GiftIDs) != 1 || res.GiftIDs[0] != g2 {
		t.Fatalf("unenroll %+v %v", res, err)
	}
	if cards, err := c.Cards.List(ctx, wolfe.CardQuery{ClientRecipientID: "user-1"}); err != nil || len(cards.Items) != 0 {
		t.Errorf("cards %+v %v", cards, err)
	}
	if _, err := srv.PayWithCard(wolfetest.CardPayment{CardID: card, MerchantID: wolfetest.AmazonID, Cents: 500}); err == nil {
		t.Error("a purchase with an unenrolled card was credited")
	}
	// Unenroll's answer lost: the card is gone, so it worked.
	_, card3 := linkedGift(t, ctx, c, srv, wolfetest.AmazonID, "25", "user-3")
	srv.InjectFault(wolfetest.Fault{Method: "POST", Path: base + "/cards/unenroll", DropAfterCommit: true})
	if _, err := c.Cards.Unenroll(ctx, wolfe.UnenrollRequest{ClientRecipientID: "user-3", CardID: card3}); err != nil {
		t.Errorf("unenroll with the answer lost: %v", err)
	}
}

// TestSessionExpiresOnTheClock: a session cannot be used once 15 minutes
// have passed on the sandbox clock, nor once deactivated; the failures are
// in the log.
func TestSessionExpiresOnTheClock(t *testing.T) {
	clk := giftcardtest.NewManualClock(t0)
	srv := newSandbox(t, wolfetest.WithClock(clk))
	c := client(t, srv)
	ctx := t.Context()
	gift := managedGift(t, ctx, c, wolfetest.AmazonID, "25", "user-1")
	sess, err := c.CardLinks.CreateSession(ctx, gift)
	if err != nil {
		t.Fatal(err)
	}
	clk.Advance(wolfe.CardLinkSessionLifetime - time.Second)
	if sess.Expired(clk.Now()) {
		t.Error("expired early")
	}
	clk.Advance(time.Second)
	if !sess.Expired(clk.Now()) {
		t.Error("not expired after 15 minutes")
	}
	if _, err := srv.LinkCard(sess.Session, wolfetest.TestCard{}); !errors.Is(err, wolfetest.ErrSessionUnusable) {
		t.Errorf("expired session: %v", err)
	}
	// Deactivated (twice: the same), and an international card.
	s2, err := c.CardLinks.CreateSession(ctx, gift)
	if err != nil {
		t.Fatal(err)
	}
	s3, err := c.CardLinks.CreateSession(ctx, gift)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := c.CardLinks.DeactivateSession(ctx, s2.Session); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := srv.LinkCard(s2.Session, wolfetest.TestCard{}); !errors.Is(err, wolfetest.ErrSessionUnusable) {
		t.Errorf("deactivated session: %v", err)
	}
	if _, err := srv.LinkCard(s3.Session, wolfetest.TestCard{International: true}); !errors.Is(err, wolfetest.ErrCardRefused) {
		t.Errorf("international card: %v", err)
	}
	var reasons []string
	for a, err := range c.CardLinks.Log(ctx, wolfe.CardLinkLogQuery{GiftID: gift, Limit: 1}) {
		if err != nil {
			t.Fatal(err)
		}
		if a.Status != wolfe.CardLinkFailed {
			t.Errorf("attempt %+v", a)
		}
		reasons = append(reasons, a.StatusMessage)
	}
	if len(reasons) != 3 || reasons[0] != "SESSION_EXPIRED" || reasons[1] != "SESSION_INACTIVE" || reasons[2] != "INTERNATIONAL_CARD" {
		t.Errorf("log %v", reasons)
	}
	if g, err := c.Gifts.Get(ctx, gift); err != nil || g.Linked() {
		t.Errorf("gift %+v %v", g, err)
	}
}

// TestSessionExpiryWithoutADate: an answer without a usable
// expiration_date expires CardLinkSessionLifetime after the client created
// it, by the client's clock.
func TestSessionExpiryWithoutADate(t *testing.T) {
	srv := newSandbox(t)
	c := client(t, srv)
	srv.InjectFault(wolfetest.Fault{Method: "POST", Path: base + "/card-link-session", Status: 200,
		Body: `{"code":200,"message":"SUCCESS","data":{"session":"s-1","expiration_date":"2022-25-10 00:00"}}`})
	s, err := c.CardLinks.CreateSession(t.Context(), wolfetest.ExampleGiftID)
	if err != nil || s.Session != "s-1" || s.ExpirationDate.Raw != "2022-25-10 00:00" || !s.ExpiresAt.Equal(t0.Add(15*time.Minute)) {
		t.Errorf("%+v %v", s, err)
	}
}
