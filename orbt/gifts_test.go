package orbt_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/orbt"
)

func TestIssueAndGetGift(t *testing.T) {
	srv, c := newPair(t, nil)
	var gifts giftcard.Gifts = c
	g, err := gifts.IssueGift(ctx, giftcard.GiftRequest{
		Amount:    giftcard.MustParseMoney("100.00", "usd"),
		Recipient: giftcard.Recipient{Name: "John Doe", Email: "john.doe@example.com", Phone: "+15550100"},
		ProductID: "ignored", Message: "Happy birthday",
	})
	if err != nil {
		t.Fatal(err)
	}
	if g.Provider != "orbt" || g.ID != "101" || g.ReferenceID != "john.doe@example.com" || g.Status != giftcard.GiftActive ||
		!g.Amount.Equal(giftcard.MustParseMoney("100", "USD")) || len(g.Balances) != 1 || !g.Balances[0].Equal(giftcard.MustParseMoney("100", "USD")) ||
		g.Recipient.Name != "John Doe" || g.Recipient.Email != "john.doe@example.com" || len(g.Raw) == 0 {
		t.Errorf("gift %+v", g)
	}
	if b := string(srv.Requests()[0].Body); b != `{"fullName":"John Doe","email":"john.doe@example.com","currency":"USD","initialFunds":100.00}` {
		t.Errorf("sent %s", b)
	}
	// A caller's reference is returned as given.
	g2, err := gifts.IssueGift(ctx, giftcard.GiftRequest{ReferenceID: "gift-42", Amount: giftcard.MustParseMoney("5", "EUR"),
		Recipient: giftcard.Recipient{Name: "John Doe", Email: "john.doe@example.com"}})
	if err != nil || g2.ReferenceID != "gift-42" || g2.ID != g.ID {
		t.Errorf("second currency: %+v %v", g2, err)
	}
	// Issuing again to the same email and currency is a duplicate.
	_, err = gifts.IssueGift(ctx, giftcard.GiftRequest{Amount: giftcard.MustParseMoney("1", "USD"),
		Recipient: giftcard.Recipient{Name: "John Doe", Email: "john.doe@example.com"}})
	if !errors.Is(err, giftcard.ErrDuplicateReference) {
		t.Errorf("duplicate gift: %v", err)
	}
	if _, err := srv.AddCampaignWallet(g.ID, "USD", dec("7.5"), "18", "Q4"); err != nil {
		t.Fatal(err)
	}
	got, err := gifts.GetGift(ctx, g.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []giftcard.Money{giftcard.MustParseMoney("100", "USD"), giftcard.MustParseMoney("5", "EUR"), giftcard.MustParseMoney("7.5", "USD")}
	if got.ID != g.ID || got.Provider != "orbt" || got.Status != giftcard.GiftActive || len(got.Balances) != 3 {
		t.Fatalf("GetGift %+v", got)
	}
	for i := range want {
		if !got.Balances[i].Equal(want[i]) {
			t.Errorf("balance %d = %v, want %v", i, got.Balances[i], want[i])
		}
	}
	var raws []map[string]any
	if err := json.Unmarshal(got.Raw, &raws); err != nil || len(raws) != 3 {
		t.Errorf("raw %s: %v", got.Raw, err)
	}
	// Every wallet disabled: the status is the wallets' own.
	cust, _ := c.ListWallets(ctx, g.ID, orbt.ListOptions{})
	for _, w := range cust.Items {
		if err := srv.SetWalletStatus(w.ID, "DISABLED"); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := gifts.GetGift(ctx, g.ID); err != nil || got.Status != "DISABLED" {
		t.Errorf("disabled: %+v %v", got.Status, err)
	}
	// Unknown ids.
	if _, err := gifts.GetGift(ctx, "424242"); !errors.Is(err, giftcard.ErrNotFound) || apiErr(t, err).Op != "GetGift" {
		t.Errorf("unknown id: %v", err)
	}
	before := len(srv.Requests())
	_, err = gifts.GetGift(ctx, "not-a-number")
	wantField(t, err, "id")
	if !errors.Is(err, giftcard.ErrNotFound) || len(srv.Requests()) != before {
		t.Errorf("non-integer id: %v", err)
	}
}

func TestIssueGiftValidation(t *testing.T) {
	srv, c := newPair(t, nil)
	ok := giftcard.GiftRequest{Amount: giftcard.MustParseMoney("1", "USD"), Recipient: giftcard.Recipient{Name: "A", Email: "a@example.com"}}
	for field, mutate := range map[string]func(*giftcard.GiftRequest){
		"AccountID":       func(r *giftcard.GiftRequest) { r.AccountID = "101" },
		"Recipient.Name":  func(r *giftcard.GiftRequest) { r.Recipient.Name = "" },
		"Recipient.Email": func(r *giftcard.GiftRequest) { r.Recipient.Email = "" },
		"Amount.Currency": func(r *giftcard.GiftRequest) { r.Amount.Currency = "" },
		"email":           func(r *giftcard.GiftRequest) { r.Recipient.Email = "nope" },
		"initialFunds":    func(r *giftcard.GiftRequest) { r.Amount = giftcard.MustParseMoney("-1", "USD") },
	} {
		r := ok
		mutate(&r)
		_, err := c.IssueGift(ctx, r)
		wantField(t, err, field)
	}
	err := c.CancelGift(ctx, "101")
	if !errors.Is(err, giftcard.ErrNotSupported) {
		t.Errorf("CancelGift: %v", err)
	}
	if len(srv.Requests()) != 0 {
		t.Errorf("%d requests sent", len(srv.Requests()))
	}
}
