package hubble

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"net/url"
	"strconv"

	"github.com/giftcard-go/giftcard/internal/page"
	"github.com/giftcard-go/giftcard/internal/transport"
)

// DefaultPageSize is the page size Brands and ListProducts ask for when the
// query sets none.
const DefaultPageSize = 100

// BrandQuery filters GET /v1/partners/products. Zero values are left out.
type BrandQuery struct {
	Q        string // text search on brand titles and descriptions
	Category string // e.g. FOOD, FASHION, ELECTRONICS
	// PageNo is the page, from 1. ListBrands with PageNo 0 omits it, which
	// asks Hubble for every brand in one answer; Brands starts at PageNo (1
	// when 0) and walks on.
	PageNo int
	Limit  int // page size; Brands uses DefaultPageSize when 0
}

func (q BrandQuery) values() url.Values {
	v := url.Values{}
	if q.Q != "" {
		v.Set("q", q.Q)
	}
	if q.Category != "" {
		v.Set("category", q.Category)
	}
	if q.PageNo > 0 {
		v.Set("pageNo", strconv.Itoa(q.PageNo))
	}
	if q.Limit > 0 {
		v.Set("limit", strconv.Itoa(q.Limit))
	}
	return v
}

// ListBrands fetches one page of the catalog (GET /v1/partners/products). An
// answer without brands ({}) is ErrInvalidResponse, never an empty catalog.
func (c *Client) ListBrands(ctx context.Context, q BrandQuery) (BrandPage, error) {
	r := c.req(routeListProducts)
	r.Query = q.values()
	p, err := transport.Call[BrandPage](ctx, c.tr, r)
	for _, b := range p.Data {
		c.cache.put(b, c.clock.Now())
	}
	return p, err
}

// BrandsPage fetches one page of the catalog.
//
// Deprecated: use ListBrands (the SDK's name for one page).
func (c *Client) BrandsPage(ctx context.Context, q BrandQuery) (BrandPage, error) {
	return c.ListBrands(ctx, q)
}

// Brands walks the catalog lazily, one page per request, from q.PageNo (1
// when 0) with q.Limit per page (DefaultPageSize when 0). It follows
// nextCursor; with a bare-array answer it stops at the first short page. A
// cursor pointing back at a page already read ends the walk with an error
// matching giftcard.ErrInvalidResponse. Stop ranging to stop fetching. An
// error is yielded once and ends the sequence.
func (c *Client) Brands(ctx context.Context, q BrandQuery) iter.Seq2[Brand, error] {
	q.PageNo, q.Limit = max(q.PageNo, 1), cmpOr(q.Limit, DefaultPageSize)
	return page.Seq(ctx, providerName, routeListProducts.Op, q, func(ctx context.Context, q BrandQuery) ([]Brand, BrandQuery, bool, error) {
		p, err := c.ListBrands(ctx, q)
		next, more := nextPage(q, p)
		return p.Data, next, more, err
	})
}

// nextPage is the query of the page after p: the cursor's, or for a bare
// array the next page number when p was full.
func nextPage(q BrandQuery, p BrandPage) (BrandQuery, bool) {
	switch {
	case p.NextCursor != nil:
		q.PageNo, q.Limit = p.NextCursor.PageNo, cmpOr(p.NextCursor.Limit, q.Limit)
		return q, true
	case p.bare && len(p.Data) == q.Limit:
		q.PageNo++
		return q, true
	}
	return q, false
}

func cmpOr(v, def int) int {
	if v > 0 {
		return v
	}
	return def
}

// Brand fetches one brand (GET /v1/partners/products/:productId): the
// up-to-date details Hubble advises reading before an order.
func (c *Client) Brand(ctx context.Context, id string) (Brand, error) {
	b, _, err := transport.CallChecked(ctx, c.tr, c.req(routeGetProduct, id), func(b *Brand) error { return b.check(id) })
	if err == nil {
		c.cache.put(b, c.clock.Now())
	}
	return b, err
}

// Order fetches an order by Hubble's id (GET /v1/partners/orders/:orderId).
func (c *Client) Order(ctx context.Context, id string) (Order, error) {
	return c.getOrder(ctx, c.req(routeGetOrder, id), id, "")
}

// OrderByReference fetches an order by your referenceId
// (GET /v1/partners/orders/by-reference/:referenceId). An error matching
// giftcard.ErrNotFound means no order was created with it.
func (c *Client) OrderByReference(ctx context.Context, referenceID string) (Order, error) {
	return c.getOrder(ctx, c.req(routeGetOrderByReference, referenceID), "", referenceID)
}

// getOrder reads an order answer that must be the order with this id or
// referenceId.
func (c *Client) getOrder(ctx context.Context, r *transport.Request, id, ref string) (Order, error) {
	o, _, err := transport.CallChecked(ctx, c.tr, r, func(o *Order) error { return o.check(id, ref) })
	return o, err
}

// Voucher fetches one voucher (GET /v1/partners/orders/vouchers/:id).
func (c *Client) Voucher(ctx context.Context, id string) (Voucher, error) {
	v, _, err := transport.CallChecked(ctx, c.tr, c.req(routeGetVoucher, id), func(v *Voucher) error {
		if v.ID != id {
			return errors.New("the answer is not voucher " + strconv.Quote(id))
		}
		return nil
	})
	return v, err
}

// ResendDelivery asks Hubble to deliver an order's vouchers again
// (POST /v1/partners/orders/:orderId/resend-delivery), for partners whose
// vouchers Hubble delivers. Resending a delivery is harmless, so the
// transport may repeat it after a lost response.
func (c *Client) ResendDelivery(ctx context.Context, orderID string) error {
	r := c.req(routeResendDelivery, orderID)
	// Hubble requires the JSON content type on every POST, even one without
	// a body.
	r.Idempotent, r.Header = true, http.Header{"Content-Type": {"application/json"}}
	_, err := c.tr.Do(ctx, r, nil)
	return err
}

// WalletBalance reads the prepaid wallet (GET /v1/partners/wallet/balance).
// An answer without a balance is ErrInvalidResponse, never a zero balance.
func (c *Client) WalletBalance(ctx context.Context) (Balance, error) {
	return transport.Call[Balance](ctx, c.tr, c.req(routeGetBalance))
}

// check refuses a brand answer that is not the brand asked for.
func (b *Brand) check(id string) error {
	if b.ID != id {
		return errors.New("the answer is not brand " + strconv.Quote(id) + " (id " + strconv.Quote(b.ID) + ")")
	}
	return nil
}
