package wolfe

import (
	"context"
	"errors"
	"iter"
	"strings"

	"github.com/giftcard-go/giftcard"
)

// This file implements the shared interfaces on the native API:
//
//	Catalog  merchants (Merchants.All, Merchants.Get)
//	Wallet   the funding account balance (Funding.Balance)
//	Orders   a gift purchase is an order of one gift: PlaceOrder purchases,
//	         GetOrder reads by gift id, GetOrderByReference by reference_id
//	Gifts    IssueGift purchases, GetGift reads, CancelGift cancels
//	         (Wolfe refunds amount + fee to the funding account)

// CategoryNational is the category of a national merchant (is_national);
// the other categories of a Product are its redemption methods (EGIFT,
// CARD_LINK …).
const CategoryNational = "NATIONAL"

// ListProducts walks the merchant catalog lazily (giftcard.Catalog). Search
// is the name filter (at least 2 characters); Category "NATIONAL" keeps
// national merchants (Wolfe's is_national filter), any other category keeps
// merchants offering that redemption method (filtered by the client);
// PageSize is the limit (DefaultPageSize when 0).
func (c *Client) ListProducts(ctx context.Context, q giftcard.ProductQuery) iter.Seq2[giftcard.Product, error] {
	mq := MerchantQuery{Name: q.Search, Limit: q.PageSize}
	cat := strings.TrimSpace(q.Category)
	if strings.EqualFold(cat, CategoryNational) {
		national := true
		mq.National, cat = &national, ""
	}
	return func(yield func(giftcard.Product, error) bool) {
		for m, err := range c.Merchants.All(ctx, mq) {
			if err != nil {
				yield(giftcard.Product{}, err)
				return
			}
			if cat != "" && !m.Redeemable(RedemptionMethodName(strings.ToUpper(cat))) {
				continue
			}
			if !yield(c.Product(m), nil) {
				return
			}
		}
	}
}

// GetProduct reads one merchant as a giftcard.Product (giftcard.Catalog).
func (c *Client) GetProduct(ctx context.Context, id string) (giftcard.Product, error) {
	m, err := c.Merchants.Get(ctx, id)
	if err != nil {
		return giftcard.Product{}, err
	}
	return c.Product(m), nil
}

// Product converts a merchant to the portable type: a FLEXIBLE product
// whose MinValue..MaxValue is the merchant's min_gift..max_gift narrowed to
// the purchase bounds 5.00..100.00 USD (a merchant whose range leaves no
// amount is INACTIVE); its categories are its redemption methods, plus
// NATIONAL for a national merchant.
func (c *Client) Product(m Merchant) giftcard.Product {
	p := giftcard.Product{
		Provider: providerName, ID: m.ID, Name: m.Name, Status: giftcard.ProductActive,
		DenominationType: giftcard.DenominationFlexible, MinValue: MinGiftAmount, MaxValue: MaxGiftAmount, Raw: m.Raw,
	}
	if cmp, err := m.MinGift.Cmp(p.MinValue); err == nil && cmp > 0 {
		p.MinValue = m.MinGift
	}
	if cmp, err := m.MaxGift.Cmp(p.MaxValue); err == nil && cmp < 0 && m.MaxGift.Currency != "" {
		p.MaxValue = m.MaxGift
	}
	if cmp, _ := p.MinValue.Cmp(p.MaxValue); cmp > 0 {
		p.Status = giftcard.ProductInactive
	}
	for _, r := range m.RedemptionMethods {
		p.Categories = append(p.Categories, string(r.Method))
	}
	if m.IsNational {
		p.Categories = append(p.Categories, CategoryNational)
	}
	return p
}

// GetBalance returns the funding account's balance in USD
// (giftcard.Wallet).
func (c *Client) GetBalance(ctx context.Context) (giftcard.Money, error) {
	b, err := c.Funding.Balance(ctx)
	return b.Amount, err
}

// PlaceOrder purchases one gift (giftcard.Orders): ProductID is the
// merchant, Amount the gift's amount (or Items: exactly one item of
// quantity 1, since Wolfe sells one gift per purchase). A Recipient with an
// email or phone makes it a notified gift (Gifts.Purchase, the phone being
// the 11-digit mobile_number); without one it is a partner-managed gift
// (Gifts.PurchaseManaged). Exactly once per ReferenceID, generated when
// empty and returned on the Order; with an error matching
// giftcard.ErrOutcomeUnknown the Order still carries it. A purchased gift
// is an order in SUCCESS.
func (c *Client) PlaceOrder(ctx context.Context, req giftcard.OrderRequest) (giftcard.Order, error) {
	amount, err := orderAmount(req)
	if err != nil {
		return giftcard.Order{}, err
	}
	var recipient giftcard.Recipient
	if req.Recipient != nil {
		recipient = *req.Recipient
	}
	res, err := c.purchase(ctx, req.ReferenceID, req.ProductID, amount, recipient, "", "")
	o := giftcard.Order{Provider: providerName, ID: res.GiftID, ReferenceID: res.ReferenceID, ProductID: req.ProductID, Amount: amount}
	if err != nil {
		if errors.Is(err, giftcard.ErrOutcomeUnknown) {
			o.ID = ""
			return o, err
		}
		return giftcard.Order{}, err
	}
	o.Status = giftcard.OrderSuccess
	o.Raw = res.Raw
	return o, nil
}

// orderAmount is the one gift's amount of an order.
func orderAmount(req giftcard.OrderRequest) (giftcard.Money, error) {
	switch {
	case len(req.Items) > 1, len(req.Items) == 1 && req.Items[0].Quantity != 1:
		return giftcard.Money{}, ck.Invalid("items", "Wolfe sells one gift per purchase: give Amount, or one item of quantity 1")
	case len(req.Items) == 1 && !req.Amount.IsZero() && !req.Amount.Equal(req.Items[0].Denomination):
		return giftcard.Money{}, ck.Invalid("amount", "differs from the item's denomination")
	case len(req.Items) == 1:
		return req.Items[0].Denomination, nil
	}
	return req.Amount, nil
}

// purchase is the portable purchase: notified when the recipient has an
// email or phone, partner-managed otherwise.
func (c *Client) purchase(ctx context.Context, reference, merchant string, amount giftcard.Money, r giftcard.Recipient, message, clientRecipient string) (PurchaseResult, error) {
	if r.Email != "" || r.Phone != "" {
		return c.Gifts.Purchase(ctx, PurchaseRequest{Amount: amount, ReferenceID: reference, MerchantID: merchant,
			Email: r.Email, MobileNumber: r.Phone, Message: message})
	}
	return c.Gifts.PurchaseManaged(ctx, ManagedPurchaseRequest{Amount: amount, ReferenceID: reference,
		MerchantID: merchant, ClientRecipientID: clientRecipient})
}

// GetOrder reads the gift purchased as order id (giftcard.Orders).
func (c *Client) GetOrder(ctx context.Context, id string) (giftcard.Order, error) {
	g, err := c.Gifts.Get(ctx, id)
	if err != nil {
		return giftcard.Order{}, err
	}
	return PortableOrder(g), nil
}

// GetOrderByReference reads the gift purchased with referenceID
// (giftcard.Orders).
func (c *Client) GetOrderByReference(ctx context.Context, referenceID string) (giftcard.Order, error) {
	g, err := c.Gifts.GetByReference(ctx, referenceID)
	if err != nil {
		return giftcard.Order{}, err
	}
	return PortableOrder(g), nil
}

// PortableOrder is a gift as an order of one gift: CANCELLED when the gift
// was cancelled, otherwise SUCCESS (the purchase is complete whatever the
// recipient did since). It has no vouchers: a Wolfe gift is claimed by its
// recipient, not delivered as a code.
func PortableOrder(g Gift) giftcard.Order {
	o := giftcard.Order{Provider: providerName, ID: g.ID, ReferenceID: g.ReferenceID, ProductID: g.MerchantID,
		Status: giftcard.OrderSuccess, Amount: g.Amount, CreatedAt: g.CreateDate.T, Raw: g.Raw}
	if g.Status.Is(GiftStatusCancelled) {
		o.Status = giftcard.OrderCancelled
	}
	return o
}

// IssueGift purchases one gift (giftcard.Gifts): ProductID is the
// merchant, Amount the gift's amount, Message the message to the recipient.
// A Recipient with an email or phone makes a notified gift; without one a
// partner-managed gift whose client_recipient_id is AccountID. Exactly once
// per ReferenceID, generated when empty and returned.
func (c *Client) IssueGift(ctx context.Context, req giftcard.GiftRequest) (giftcard.Gift, error) {
	res, err := c.purchase(ctx, req.ReferenceID, req.ProductID, req.Amount, req.Recipient, req.Message, req.AccountID)
	g := giftcard.Gift{Provider: providerName, ID: res.GiftID, ReferenceID: res.ReferenceID, Amount: req.Amount, Recipient: req.Recipient}
	if err != nil {
		if errors.Is(err, giftcard.ErrOutcomeUnknown) {
			g.ID = ""
			return g, err
		}
		return giftcard.Gift{}, err
	}
	g.Status = giftcard.GiftActive
	g.Balances = []giftcard.Money{req.Amount}
	g.Raw = res.Raw
	return g, nil
}

// GetGift reads a gift (giftcard.Gifts).
func (c *Client) GetGift(ctx context.Context, id string) (giftcard.Gift, error) {
	g, err := c.Gifts.Get(ctx, id)
	if err != nil {
		return giftcard.Gift{}, err
	}
	return PortableGift(g), nil
}

// PortableGift converts a gift: its status mapped by GiftStatus.Portable,
// its balance the one entry of Balances.
func PortableGift(g Gift) giftcard.Gift {
	out := giftcard.Gift{Provider: providerName, ID: g.ID, ReferenceID: g.ReferenceID, Status: g.Status.Portable(),
		Amount: g.Amount, Recipient: giftcard.Recipient{Email: g.Email, Phone: g.MobileNumber},
		CreatedAt: g.CreateDate.T, Raw: g.Raw}
	if g.Balance.Currency != "" {
		out.Balances = []giftcard.Money{g.Balance}
	}
	return out
}

// CancelGift cancels a gift that was neither claimed nor redeemed
// (giftcard.Gifts); Wolfe refunds amount + fee to the funding account.
func (c *Client) CancelGift(ctx context.Context, id string) error { return c.Gifts.Cancel(ctx, id) }
