package orbt

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/check"
)

// IssueGift creates a consumer with initial funds (CreateCustomer):
// Recipient.Name → fullName, Recipient.Email → email, Amount → initialFunds
// and currency. The Gift's ID is the customer id (pass it to GetGift), its
// Balances hold the funded wallet.
//
// IssueGift is not keyed on ReferenceID: ORBT has no reference field, and
// its uniqueness rule, one wallet per email and currency, is the key.
// ReferenceID is therefore not sent; it is returned on the Gift as given,
// or, when empty, set to the email. Issuing again to an email that already
// has a wallet in the currency fails with an error matching
// giftcard.ErrDuplicateReference, whatever the ReferenceID. A lost answer
// is reconciled by email (see CreateCustomer): the call succeeds only when
// an answer proves this call created the wallet, and otherwise fails with
// an error matching ErrOutcomeUnknown (and ErrDuplicateReference when a
// wallet is there) that names the customer and wallet.
//
// AccountID is refused (loading an existing wallet is
// CreateWalletTransaction); ProductID, Message and Recipient.Phone have no
// ORBT field and are ignored.
func (c *Client) IssueGift(ctx context.Context, req giftcard.GiftRequest) (giftcard.Gift, error) {
	if strings.TrimSpace(req.AccountID) != "" {
		return giftcard.Gift{}, ck.Invalid("AccountID", "ORBT gifts create a new consumer; credit an existing wallet with CreateWalletTransaction")
	}
	if err := check.First(
		ck.Required("Recipient.Name", req.Recipient.Name), ck.Required("Recipient.Email", req.Recipient.Email),
		ck.Required("Amount.Currency", req.Amount.Currency), ck.Ref("ReferenceID", req.ReferenceID, 0),
	); err != nil {
		return giftcard.Gift{}, err
	}
	cust, err := c.CreateCustomer(ctx, CreateCustomerRequest{
		FullName: req.Recipient.Name, Email: req.Recipient.Email,
		Currency: req.Amount.Currency, InitialFunds: req.Amount.Amount,
	})
	if err != nil {
		return giftcard.Gift{}, err
	}
	ref := req.ReferenceID
	if ref == "" {
		ref = cust.Email
	}
	if cust.Currency == "" {
		cust.Currency, _ = giftcard.NormalizeCurrency(req.Amount.Currency)
	}
	bal := cust.Balance()
	return giftcard.Gift{
		Provider: providerName, ID: cust.ID, ReferenceID: ref, Status: giftcard.GiftActive,
		Amount: giftcard.Money{Amount: req.Amount.Amount, Currency: cust.Currency}, Balances: []giftcard.Money{bal},
		Recipient: giftcard.Recipient{Name: cust.FullName, Email: cust.Email}, Raw: cust.Raw,
	}, nil
}

// GetGift reads a consumer's wallets (id is the customer id IssueGift
// returned): Balances has one entry per wallet, standard and campaign, in
// the order the API lists them. Status is ACTIVE when any wallet is ENABLED,
// otherwise the first wallet's status as sent. The wallet list carries no
// name, email or issued amount, so Recipient, Amount and ReferenceID are
// empty; Raw is the JSON array of the wallets. An unknown id matches
// giftcard.ErrNotFound; a non-integer id is refused before the network.
func (c *Client) GetGift(ctx context.Context, id string) (giftcard.Gift, error) {
	if _, err := validCustomerID("id", id); err != nil {
		return giftcard.Gift{}, err
	}
	g := giftcard.Gift{Provider: providerName, ID: strings.TrimSpace(id)}
	var raws []json.RawMessage
	for w, err := range c.Wallets(ctx, g.ID, MaxPageSize) {
		if err != nil {
			if e, ok := asAPIError(err); ok {
				e.Op = "GetGift"
			}
			return giftcard.Gift{}, err
		}
		g.Balances = append(g.Balances, w.Money())
		raws = append(raws, w.Raw)
		switch {
		case w.Status == WalletEnabled:
			g.Status = giftcard.GiftActive
		case g.Status == "":
			g.Status = giftcard.GiftStatus(w.Status)
		}
	}
	if raws == nil {
		raws = []json.RawMessage{}
	}
	g.Raw, _ = json.Marshal(raws)
	return g, nil
}

// CancelGift is not supported: ORBT has no operation that voids a consumer
// or their wallet (a DEBIT wallet transaction removes funds). It returns an
// error matching giftcard.ErrNotSupported without any network call.
func (c *Client) CancelGift(_ context.Context, _ string) error {
	return &giftcard.Error{Provider: providerName, Op: "CancelGift", Kind: giftcard.ErrNotSupported,
		Message: "ORBT has no cancel operation; remove funds with a DEBIT wallet transaction"}
}
