package wolfe_test

import (
	"errors"
	"net/http"
	"testing"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/wolfe"
	"github.com/giftcard-go/giftcard/wolfe/wolfetest"
)

var missingCreditsPath = base + "/missing-credits"

// missedPurchase links a card to a $25 Amazon gift and makes a $10
// purchase with it that Wolfe misses.
func missedPurchase(t *testing.T, c *wolfe.Client, srv *wolfetest.Server) (gift, card string, req wolfe.MissingCreditRequest) {
	t.Helper()
	gift, card = linkedGift(t, t.Context(), c, srv, wolfetest.AmazonID, "25", "user-1")
	if _, err := srv.PayWithCard(wolfetest.CardPayment{CardID: card, MerchantID: wolfetest.AmazonID, Cents: 1000, Missed: true}); err != nil {
		t.Fatal(err)
	}
	online := true
	return gift, card, wolfe.MissingCreditRequest{MerchantID: wolfetest.AmazonID, TransactionDate: utc(2026, 3, 1, 0, 0, 0),
		TransactionAmount: usd("10"), CardID: card, ClientRecipientID: "user-1", IsOnline: &online, Comment: "not credited"}
}

func TestMissingCredit(t *testing.T) {
	srv := newSandbox(t)
	c := client(t, srv)
	ctx := t.Context()
	gift, card, req := missedPurchase(t, c, srv)
	if p, err := c.Credits.List(ctx, wolfe.CreditQuery{GiftID: gift}); err != nil || len(p.Items) != 0 {
		t.Fatalf("credits before %+v %v", p, err)
	}
	m, err := c.Credits.RegisterMissingCredit(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if m.ID == "" || m.ReferenceID == "" || len(m.Gifts) != 1 || m.Gifts[0].GiftID != gift || !m.Credited().Equal(usd("10")) ||
		!m.Gifts[0].Balance.Equal(usd("15")) {
		t.Fatalf("%+v", m)
	}
	// Read back by id and by reference.
	byID, err := c.Credits.GetMissingCredit(ctx, m.ID)
	if err != nil || byID.Status != wolfe.MissingCreditCredited || byID.MerchantID != wolfetest.AmazonID || byID.Comment != "not credited" ||
		byID.ClientRecipientID != "user-1" || !byID.Credited().Equal(usd("10")) {
		t.Errorf("by id %+v %v", byID, err)
	}
	byRef, err := c.Credits.GetMissingCreditByReference(ctx, m.ReferenceID)
	if err != nil || byRef.ID != m.ID || byRef.ReferenceID != m.ReferenceID {
		t.Errorf("by reference %+v %v", byRef, err)
	}
	// The credit is a missing credit paid to the card from the gift.
	p, err := c.Credits.List(ctx, wolfe.CreditQuery{CardID: card, ClientRecipientID: "user-1"})
	if err != nil || len(p.Items) != 1 || !p.Items[0].IsMissingCredit || !p.Items[0].Amount.Equal(usd("10")) || p.Items[0].GiftID != gift {
		t.Errorf("credits %+v %v", p, err)
	}
	// The same request again is the same missing credit; no second credit.
	again, err := c.Credits.RegisterMissingCredit(ctx, func() wolfe.MissingCreditRequest { r := req; r.ReferenceID = m.ReferenceID; return r }())
	if err != nil || again.ID != m.ID {
		t.Errorf("again: %+v %v", again, err)
	}
	// Another request with that reference is refused.
	other := req
	other.ReferenceID, other.MerchantID, other.Comment = m.ReferenceID, wolfetest.DunkinID, "another"
	if _, err := c.Credits.RegisterMissingCredit(ctx, other); !errors.Is(err, giftcard.ErrDuplicateReference) {
		t.Errorf("another request with the reference: %v", err)
	}
	if n := srv.Count().Credits; n != 2 { // the documentation's and this one
		t.Errorf("%d credits", n)
	}
	// Nothing linked there: registered, rejected, nothing credited.
	rej, err := c.Credits.RegisterMissingCredit(ctx, wolfe.MissingCreditRequest{MerchantID: wolfetest.DunkinID,
		TransactionDate: utc(2026, 3, 1, 0, 0, 0), TransactionAmount: usd("5"), CardID: card})
	if err != nil || rej.Status != "" || len(rej.Gifts) != 0 {
		t.Errorf("%+v %v", rej, err)
	}
	if got, err := c.Credits.GetMissingCredit(ctx, rej.ID); err != nil || got.Status != wolfe.MissingCreditRejected {
		t.Errorf("%+v %v", got, err)
	}
}

// TestMissingCreditAnswerLost: the sandbox registers the missing credit and
// drops the answer; the client finds it by reference: one POST, one
// missing credit, one credit.
func TestMissingCreditAnswerLost(t *testing.T) {
	srv := newSandbox(t)
	c := client(t, srv)
	gift, _, req := missedPurchase(t, c, srv)
	before := srv.Count()
	srv.InjectFault(wolfetest.Fault{Method: "POST", Path: missingCreditsPath, DropAfterCommit: true})
	m, err := c.Credits.RegisterMissingCredit(t.Context(), req)
	if err != nil {
		t.Fatal(err)
	}
	after := srv.Count()
	if n := srv.CountRequests("POST", missingCreditsPath); n != 1 {
		t.Errorf("%d POSTs", n)
	}
	if after.MissingCredits != before.MissingCredits+1 || after.Credits != before.Credits+1 {
		t.Errorf("counts %+v → %+v", before, after)
	}
	if m.ID == "" || !m.Credited().Equal(usd("10")) || m.Gifts[0].GiftID != gift || m.Status != wolfe.MissingCreditCredited {
		t.Errorf("%+v", m)
	}
	// Lost before it was handled: absent by reference, sent again with the
	// same bytes.
	_, _, req2 := missedPurchase(t, c, srv)
	srv.InjectFault(wolfetest.Fault{Method: "POST", Path: missingCreditsPath, Reset: true})
	m2, err := c.Credits.RegisterMissingCredit(t.Context(), req2)
	if err != nil || m2.ID == "" {
		t.Fatalf("%+v %v", m2, err)
	}
	reqs := srv.Requests()
	var bodies [][]byte
	for _, e := range reqs {
		if e.Method == "POST" && e.Path == missingCreditsPath {
			bodies = append(bodies, e.Body)
		}
	}
	if len(bodies) != 3 || string(bodies[1]) != string(bodies[2]) {
		t.Errorf("bodies %q", bodies)
	}
}

// TestMissingCreditServerErrorKeepsReference: every error carries the
// reference.
func TestMissingCreditServerErrorKeepsReference(t *testing.T) {
	srv := newSandbox(t)
	c := client(t, srv, giftcard.WithNoRetries())
	_, _, req := missedPurchase(t, c, srv)
	req.ReferenceID = "mc-ref-1"
	srv.InjectFault(wolfetest.Fault{Method: "GET", Path: missingCreditsPath, Status: http.StatusServiceUnavailable, Times: -1})
	srv.InjectFault(wolfetest.Fault{Method: "POST", Path: missingCreditsPath, Status: http.StatusBadGateway})
	_, err := c.Credits.RegisterMissingCredit(t.Context(), req)
	ge := asError(t, err)
	if ge.Reference != "mc-ref-1" || !errors.Is(err, giftcard.ErrOutcomeUnknown) {
		t.Errorf("%v (reference %q)", err, ge.Reference)
	}
}

// TestListsWalkEveryPage: the lazy sequences of W17, W32, W34 and W35 page
// through everything.
func TestListsWalkEveryPage(t *testing.T) {
	srv := newSandbox(t)
	c := client(t, srv)
	ctx := t.Context()
	gift, card := linkedGift(t, ctx, c, srv, wolfetest.AmazonID, "50", "user-1")
	for range 5 {
		if _, err := srv.PayWithCard(wolfetest.CardPayment{CardID: card, MerchantID: wolfetest.AmazonID, Cents: 100}); err != nil {
			t.Fatal(err)
		}
	}
	n := 0
	for cr, err := range c.Credits.All(ctx, wolfe.CreditQuery{GiftID: gift, Limit: 2}) {
		if err != nil || cr.GiftID != gift {
			t.Fatal(cr, err)
		}
		n++
	}
	m := 0
	for mt, err := range c.Credits.MerchantTransactions(ctx, wolfe.MerchantTransactionQuery{GiftID: gift, Limit: 2}) {
		if err != nil || mt.GiftID != gift {
			t.Fatal(mt, err)
		}
		m++
	}
	k := 0
	for cd, err := range c.Cards.All(ctx, wolfe.CardQuery{ClientRecipientID: "user-1", Limit: 1}) {
		if err != nil || cd.ID != card {
			t.Fatal(cd, err)
		}
		k++
	}
	if n != 5 || m != 5 || k != 1 {
		t.Errorf("walked %d credits, %d merchant transactions, %d cards", n, m, k)
	}
	// A bad filter is the sequence's only element, and nothing is sent.
	before := srv.Journal().Len()
	for _, err := range c.Cards.All(ctx, wolfe.CardQuery{}) {
		if !isValidation(err, "client_recipient_id") {
			t.Errorf("got %v", err)
		}
	}
	if srv.Journal().Len() != before {
		t.Error("a request was sent")
	}
}

// TestMissingCreditByCardAnswerLost: a request naming only the card, whose
// answer is lost, is recognised although Wolfe filled in the recipient.
func TestMissingCreditByCardAnswerLost(t *testing.T) {
	srv := newSandbox(t)
	c := client(t, srv)
	_, _, req := missedPurchase(t, c, srv)
	req.ClientRecipientID, req.Comment = "", ""
	srv.InjectFault(wolfetest.Fault{Method: "POST", Path: missingCreditsPath, DropAfterCommit: true})
	m, err := c.Credits.RegisterMissingCredit(t.Context(), req)
	if err != nil || m.ClientRecipientID != "user-1" || !m.Credited().Equal(usd("10")) {
		t.Fatalf("%+v %v", m, err)
	}
	if n := srv.CountRequests("POST", missingCreditsPath); n != 1 {
		t.Errorf("%d POSTs", n)
	}
}
