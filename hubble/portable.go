package hubble

import (
	"context"
	"errors"
	"fmt"
	"iter"

	"github.com/shopspring/decimal"

	"github.com/giftcard-go/giftcard"
)

// This file implements the shared interfaces on top of the native API.

// ListProducts walks the catalog lazily (giftcard.Catalog): Search is
// Hubble's q, Category its category, PageSize its limit (DefaultPageSize
// when 0). INACTIVE brands are included, as Hubble returns them; filter on
// Product.Active before showing them.
func (c *Client) ListProducts(ctx context.Context, q giftcard.ProductQuery) iter.Seq2[giftcard.Product, error] {
	return func(yield func(giftcard.Product, error) bool) {
		for b, err := range c.Brands(ctx, BrandQuery{Q: q.Search, Category: q.Category, Limit: q.PageSize}) {
			if err != nil {
				yield(giftcard.Product{}, err)
				return
			}
			if !yield(c.Product(b), nil) {
				return
			}
		}
	}
}

// GetProduct fetches one brand as a giftcard.Product (giftcard.Catalog).
func (c *Client) GetProduct(ctx context.Context, id string) (giftcard.Product, error) {
	b, err := c.Brand(ctx, id)
	if err != nil {
		return giftcard.Product{}, err
	}
	return c.Product(b), nil
}

// Product converts a brand to the portable type. MinValue/MaxValue are the
// voucher amount limits; ImageURL is the thumbnail (or logo).
func (c *Client) Product(b Brand) giftcard.Product {
	r := b.Restrictions()
	p := giftcard.Product{
		Provider: providerName, ID: b.ID, Name: b.Title, Description: b.BrandDescription,
		Categories: b.Category, Status: giftcard.ProductStatus(b.Status),
		DenominationType: giftcard.DenominationType(b.DenominationType),
		ImageURL:         b.ThumbnailURL, Raw: b.Raw,
	}
	if p.ImageURL == "" {
		p.ImageURL = b.LogoURL
	}
	for _, d := range r.Denominations {
		p.Denominations = append(p.Denominations, c.money(d))
	}
	if !r.MinVoucherAmount.IsZero() {
		p.MinValue = c.money(r.MinVoucherAmount)
	}
	if !r.MaxVoucherAmount.IsZero() {
		p.MaxValue = c.money(r.MaxVoucherAmount)
	}
	return p
}

// GetBalance reads the wallet balance as Money in the client's currency
// (giftcard.Wallet).
func (c *Client) GetBalance(ctx context.Context) (giftcard.Money, error) {
	b, err := c.WalletBalance(ctx)
	if err != nil {
		return giftcard.Money{}, err
	}
	return c.money(b.Balance), nil
}

var portableFields = fieldNames{list: "items"}

// PlaceOrder places an order (giftcard.Orders); see SubmitOrder for the
// checks made before sending and the exactly-once handling of a lost
// response. Amounts must be in the client's currency. A zero Amount is
// computed from the items; Recipient becomes customerDetails. The returned
// Order carries ProductID and Amount from the request. With an error
// matching giftcard.ErrOutcomeUnknown it carries them and the ReferenceID
// used (no ID, no status), so an order whose reference the SDK generated can
// still be reconciled with GetOrderByReference.
func (c *Client) PlaceOrder(ctx context.Context, req giftcard.OrderRequest) (giftcard.Order, error) {
	return c.placePortable(ctx, req, orderOptions{})
}

// PlaceOrderFor is PlaceOrder validated against a brand you already hold
// (from Brand or GetProduct's Raw), with no extra request.
func (c *Client) PlaceOrderFor(ctx context.Context, b Brand, req giftcard.OrderRequest) (giftcard.Order, error) {
	return c.placePortable(ctx, req, orderOptions{brand: &b})
}

func (c *Client) placePortable(ctx context.Context, req giftcard.OrderRequest, o orderOptions) (giftcard.Order, error) {
	if err := c.ready(routePlaceOrder.Op); err != nil {
		return giftcard.Order{}, err
	}
	nreq, err := c.nativeRequest(req)
	if err != nil {
		return giftcard.Order{}, err
	}
	if err := c.validateOrder(ctx, nreq, o, portableFields); err != nil {
		return giftcard.Order{}, err
	}
	order, err := c.placeExactlyOnce(ctx, nreq)
	if err != nil {
		if errors.Is(err, giftcard.ErrOutcomeUnknown) {
			// The order may exist: keep what identifies it.
			return giftcard.Order{Provider: providerName, ReferenceID: nreq.ReferenceID, ProductID: nreq.ProductID,
				Amount: c.money(nreq.Amount)}, err
		}
		return giftcard.Order{}, err
	}
	g := c.PortableOrder(order)
	g.ProductID = nreq.ProductID
	g.Amount = c.money(nreq.Amount)
	return g, nil
}

func (c *Client) nativeRequest(req giftcard.OrderRequest) (OrderRequest, error) {
	n := OrderRequest{ProductID: req.ProductID, ReferenceID: req.ReferenceID}
	if n.ReferenceID == "" {
		n.ReferenceID = NewReferenceID()
	}
	for i, it := range req.Items {
		if err := c.sameCurrency(it.Denomination, portableFields.denom(i)); err != nil {
			return OrderRequest{}, err
		}
		n.DenominationDetails = append(n.DenominationDetails, DenominationDetail{Denomination: it.Denomination.Amount, Quantity: it.Quantity})
	}
	if req.Amount.IsZero() && req.Amount.Currency == "" {
		n.Amount = n.Total()
	} else {
		if err := c.sameCurrency(req.Amount, "amount"); err != nil {
			return OrderRequest{}, err
		}
		n.Amount = req.Amount.Amount
	}
	if r := req.Recipient; r != nil && (r.Name != "" || r.Email != "" || r.Phone != "") {
		n.CustomerDetails = &CustomerDetails{Name: r.Name, PhoneNumber: r.Phone, Email: r.Email}
	}
	return n, nil
}

func (c *Client) sameCurrency(m giftcard.Money, field string) error {
	switch m.Currency {
	case c.currency:
		return nil
	case "":
		return invalid(field, fmt.Sprintf("%s has no currency; this Hubble client works in %s", m.Amount, c.currency), nil)
	}
	return invalid(field, fmt.Sprintf("currency %s; this Hubble client works in %s", m.Currency, c.currency), nil)
}

// GetOrder fetches an order by Hubble's id (giftcard.Orders).
func (c *Client) GetOrder(ctx context.Context, id string) (giftcard.Order, error) {
	o, err := c.Order(ctx, id)
	if err != nil {
		return giftcard.Order{}, err
	}
	return c.PortableOrder(o), nil
}

// GetOrderByReference fetches an order by your referenceId
// (giftcard.Orders); giftcard.ErrNotFound means none was created.
func (c *Client) GetOrderByReference(ctx context.Context, referenceID string) (giftcard.Order, error) {
	o, err := c.OrderByReference(ctx, referenceID)
	if err != nil {
		return giftcard.Order{}, err
	}
	return c.PortableOrder(o), nil
}

// PortableOrder converts a Hubble order to the portable type: the status
// maps one to one (unknown kept), a FAILED order's reason maps to
// FailureKind, card types become giftcard card types, and Amount is Σ
// voucher amounts when there are vouchers (Hubble's order object has no
// total or product id; PlaceOrder fills both from the request).
func (c *Client) PortableOrder(o Order) giftcard.Order {
	g := giftcard.Order{
		Provider: providerName, ID: o.ID, ReferenceID: o.ReferenceID, Status: o.Status.Portable(),
		FailureReason: o.FailureReason, FailureKind: o.FailureKind(), Raw: o.Raw,
	}
	for _, v := range o.Vouchers {
		g.Vouchers = append(g.Vouchers, c.PortableVoucher(v))
	}
	if len(o.Vouchers) > 0 {
		g.Amount = c.money(o.Total())
	}
	return g
}

// PortableVoucher converts a Hubble voucher to the portable type.
func (c *Client) PortableVoucher(v Voucher) giftcard.Voucher {
	return giftcard.Voucher{ID: v.ID, CardType: PortableCardType(v.CardType), CardNumber: v.CardNumber,
		PIN: v.CardPin, Amount: c.money(v.Amount), ValidTill: v.ValidTill}
}

func (c *Client) money(d decimal.Decimal) giftcard.Money {
	return giftcard.Money{Amount: d, Currency: c.currency}
}
