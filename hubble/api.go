package hubble

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/transport"
)

// The endpoints (the seed's appendix).
const (
	productsPath       = "/v1/partners/products"
	ordersPath         = "/v1/partners/orders"
	byReferencePath    = "/v1/partners/orders/by-reference/"
	vouchersPath       = "/v1/partners/orders/vouchers/"
	resendDeliveryPath = "/resend-delivery"
	balancePath        = "/v1/partners/wallet/balance"
)

// DefaultPageSize is the page size Brands and ListProducts ask for when the
// query sets none.
const DefaultPageSize = 100

// MaxReferenceIDLength is the longest referenceId Hubble accepts.
const MaxReferenceIDLength = 40

// reconcileRounds bounds how many times PlaceOrder looks an order up by
// reference and resends it after an unknown outcome.
const reconcileRounds = 3

// BrandQuery filters GET /v1/partners/products. Zero values are left out.
type BrandQuery struct {
	Q        string // text search on brand titles and descriptions
	Category string // e.g. FOOD, FASHION, ELECTRONICS
	// PageNo is the page, from 1. BrandsPage with PageNo 0 omits it, which
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

// BrandsPage fetches one page of the catalog (GET /v1/partners/products).
func (c *Client) BrandsPage(ctx context.Context, q BrandQuery) (BrandPage, error) {
	var p BrandPage
	if _, err := c.do(ctx, "ListProducts", http.MethodGet, productsPath, q.values(), &p); err != nil {
		return BrandPage{}, err
	}
	now := c.clock.Now()
	for _, b := range p.Data {
		c.cache.put(b, now)
	}
	return p, nil
}

// Brands walks the catalog lazily, one page per request, from q.PageNo (1
// when 0) with q.Limit per page (DefaultPageSize when 0). It follows
// nextCursor; with a bare-array answer it stops at the first short page.
// Stop ranging to stop fetching. An error is yielded once and ends the
// sequence.
func (c *Client) Brands(ctx context.Context, q BrandQuery) iter.Seq2[Brand, error] {
	return func(yield func(Brand, error) bool) {
		if q.PageNo <= 0 {
			q.PageNo = 1
		}
		if q.Limit <= 0 {
			q.Limit = DefaultPageSize
		}
		for {
			p, err := c.BrandsPage(ctx, q)
			if err != nil {
				yield(Brand{}, err)
				return
			}
			for _, b := range p.Data {
				if !yield(b, nil) {
					return
				}
			}
			next, ok := nextPage(q, p)
			if !ok {
				return
			}
			q = next
		}
	}
}

func nextPage(q BrandQuery, p BrandPage) (BrandQuery, bool) {
	if len(p.Data) == 0 {
		return q, false
	}
	if p.NextCursor != nil {
		if p.NextCursor.PageNo <= q.PageNo {
			return q, false // a cursor that does not move on would loop forever
		}
		q.PageNo = p.NextCursor.PageNo
		if p.NextCursor.Limit > 0 {
			q.Limit = p.NextCursor.Limit
		}
		return q, true
	}
	if p.bare && len(p.Data) == q.Limit {
		q.PageNo++
		return q, true
	}
	return q, false
}

// Brand fetches one brand (GET /v1/partners/products/:productId): the
// up-to-date details Hubble advises reading before an order.
func (c *Client) Brand(ctx context.Context, id string) (Brand, error) {
	if id == "" {
		return Brand{}, &giftcard.ValidationError{Provider: providerName, Field: "productId", Reason: "required"}
	}
	res, err := c.do(ctx, "GetProduct", http.MethodGet, productsPath+"/"+url.PathEscape(id), nil, nil)
	if err != nil {
		return Brand{}, err
	}
	b, err := decodeBrand(res.Body)
	if err != nil {
		return Brand{}, &giftcard.Error{Provider: providerName, Op: "GetProduct", StatusCode: res.StatusCode,
			RequestID: res.RequestID, Kind: giftcard.ErrInvalidResponse, Message: "brand is not the expected JSON", Err: err}
	}
	c.cache.put(b, c.clock.Now())
	return b, nil
}

// decodeBrand reads a brand object, or one wrapped as {"data":{…}}.
func decodeBrand(body []byte) (Brand, error) {
	var b Brand
	if err := json.Unmarshal(body, &b); err != nil {
		return Brand{}, err
	}
	if b.ID == "" {
		var w struct {
			Data *Brand `json:"data"`
		}
		if json.Unmarshal(body, &w) == nil && w.Data != nil && w.Data.ID != "" {
			return *w.Data, nil
		}
	}
	return b, nil
}

// OrderOption changes how SubmitOrder validates an order.
type OrderOption func(*orderOptions)

type orderOptions struct {
	brand     *Brand
	skipBrand bool
}

// ForBrand validates the order against b instead of a cached or fetched
// brand (no extra request).
func ForBrand(b Brand) OrderOption { return func(o *orderOptions) { o.brand = &b } }

// WithoutBrandCheck sends the order after the checks that need no brand
// (referenceId length, amount = Σ denomination × quantity), without fetching
// the brand.
func WithoutBrandCheck() OrderOption { return func(o *orderOptions) { o.skipBrand = true } }

var nativeFields = fieldNames{list: "denominationDetails"}

// SubmitOrder places an order (POST /v1/partners/orders) with Hubble's own
// request type; PlaceOrder is the same with the portable one.
//
// Before sending, it refuses with a *giftcard.ValidationError what Hubble
// documents as failing: a referenceId over 40 characters, an amount other
// than Σ denomination × quantity, and — against the brand (passed with
// ForBrand, cached, or fetched: see Config.ProductCacheTTL) — an INACTIVE
// brand, a FIXED denomination not in the list, a FLEXIBLE one out of range,
// and the per-order, per-denomination and order-amount limits. An empty
// ReferenceID gets a generated one, returned on the Order.
//
// A FAILED order (HTTP 200) is returned with a nil error; see
// Order.FailureKind. When the POST's outcome is unknown (a lost response),
// the order is looked up by reference: found, it is returned; not found, the
// same request is sent again. The reference is never used for two orders.
// An error matching giftcard.ErrOutcomeUnknown comes with an Order holding
// only the ReferenceID used (generated or not), and names it: look it up
// with OrderByReference, or submit the same request with it again.
func (c *Client) SubmitOrder(ctx context.Context, req OrderRequest, opts ...OrderOption) (Order, error) {
	var o orderOptions
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	if req.ReferenceID == "" {
		req.ReferenceID = NewReferenceID()
	}
	if err := c.validateOrder(ctx, req, o, nativeFields); err != nil {
		return Order{}, err
	}
	return c.placeExactlyOnce(ctx, req)
}

// NewReferenceID returns a fresh referenceId: a random UUID, 36 characters.
func NewReferenceID() string { return uuid.NewString() }

func (c *Client) validateOrder(ctx context.Context, req OrderRequest, o orderOptions, names fieldNames) error {
	if err := checkRequest(req, names, c.currency); err != nil {
		return err
	}
	if o.skipBrand {
		return nil
	}
	b := o.brand
	if b == nil {
		if c.cacheTTL < 0 {
			return nil
		}
		cached, ok := c.cache.get(req.ProductID, c.clock.Now(), c.cacheTTL)
		if !ok {
			fetched, err := c.Brand(ctx, req.ProductID)
			if err != nil {
				return err
			}
			cached = fetched
		}
		b = &cached
	}
	return checkAgainstBrand(req, *b, names)
}

func (c *Client) postOrder(ctx context.Context, req OrderRequest) (Order, error) {
	var o Order
	res, err := c.tr.Do(ctx, &transport.Request{Op: "PlaceOrder", Method: http.MethodPost, Path: ordersPath, Body: req}, &o)
	if err != nil {
		return Order{}, err
	}
	return o, checkOrder("PlaceOrder", res, o, true)
}

// checkOrder refuses a 2xx answer that is not an order: one without a
// status. Hubble's error body ({"id":"E300","message":…}) would otherwise
// decode as an order whose id is the error code; when the body is one, its
// code maps to its kind as on an error status. Anything else is
// ErrInvalidResponse, and for the order POST also ErrOutcomeUnknown, so
// PlaceOrder reconciles by reference.
func checkOrder(op string, res *transport.Response, o Order, post bool) error {
	if o.Status != "" {
		return nil
	}
	if e := decodeError(res); e != nil && e.Kind != nil {
		e.Provider, e.Op, e.StatusCode = providerName, op, res.StatusCode
		if e.RequestID == "" {
			e.RequestID = res.RequestID
		}
		return e
	}
	return &giftcard.Error{Provider: providerName, Op: op, StatusCode: res.StatusCode, RequestID: res.RequestID,
		Kind: giftcard.ErrInvalidResponse, OutcomeUnknown: post, Message: "the answer is not an order (no status)"}
}

// placeExactlyOnce sends the order and, when its outcome is unknown,
// reconciles by reference as Hubble documents: 404 means it was not created
// and may be resent with the same referenceId; anything else is the order
// — unless it cannot be this call's order (a SUCCESS for other amounts, a
// CANCELLED or REVERSED one): then the reference was already taken and this
// call's POST was refused, so ErrDuplicateReference names the holder.
//
// Whatever fails, no path sends the order under another referenceId, and
// no path reports ErrDuplicateReference ("send a new referenceId") unless
// the order holding the reference was read and is not this one: an
// unreadable holder is ErrOutcomeUnknown.
func (c *Client) placeExactlyOnce(ctx context.Context, req OrderRequest) (Order, error) {
	o, err := c.placeOnce(ctx, req)
	if err != nil && errors.Is(err, giftcard.ErrOutcomeUnknown) {
		// The order may exist. Hand back the reference it would hold —
		// the SDK may have generated it — so the caller can reconcile.
		if !strings.Contains(err.Error(), req.ReferenceID) {
			err = fmt.Errorf("%w (referenceId %q: reconcile with GetOrderByReference)", err, req.ReferenceID)
		}
		return Order{ReferenceID: req.ReferenceID}, err
	}
	return o, err
}

func (c *Client) placeOnce(ctx context.Context, req OrderRequest) (Order, error) {
	o, err := c.postOrder(ctx, req)
	switch {
	case err == nil:
		return o, nil
	case errors.Is(err, giftcard.ErrDuplicateReference):
		return c.resolveDuplicate(ctx, req, err)
	case !errors.Is(err, giftcard.ErrOutcomeUnknown):
		return Order{}, err
	}
	log := c.tr.Logger()
	for round := 1; round <= reconcileRounds; round++ {
		found, lerr := c.OrderByReference(ctx, req.ReferenceID)
		if lerr == nil {
			if !mayBeThisOrder(found, req) {
				return Order{}, heldBy(req, found, &giftcard.Error{Provider: providerName, Op: "PlaceOrder", Kind: giftcard.ErrDuplicateReference})
			}
			log.LogAttrs(ctx, slog.LevelInfo, "giftcard: order found by reference after an unknown outcome",
				slog.String("provider", providerName), slog.String("reference_id", req.ReferenceID), slog.String("order_id", found.ID))
			return found, nil
		}
		if !errors.Is(lerr, giftcard.ErrNotFound) {
			if cerr := ctx.Err(); cerr != nil && !errors.Is(err, cerr) {
				return Order{}, fmt.Errorf("%w (looking the order up by reference failed: %v): %w", err, lerr, cerr)
			}
			return Order{}, fmt.Errorf("%w (looking the order up by reference failed: %v)", err, lerr)
		}
		log.LogAttrs(ctx, slog.LevelInfo, "giftcard: order not created, resending with the same reference",
			slog.String("provider", providerName), slog.String("reference_id", req.ReferenceID), slog.Int("round", round))
		o, rerr := c.postOrder(ctx, req)
		switch {
		case rerr == nil:
			return o, nil
		case errors.Is(rerr, giftcard.ErrDuplicateReference):
			// The first attempt landed after all (or someone else's
			// order holds the reference): look it up again.
			continue
		case errors.Is(rerr, giftcard.ErrOutcomeUnknown):
			err = rerr
			continue
		default:
			return Order{}, rerr
		}
	}
	return Order{}, err
}

// mayBeThisOrder reports whether an order found by reference right after
// this call's POST may be that POST's order: one still PROCESSING or
// FAILED, a SUCCESS whose vouchers are the requested denominations, or a
// status the SDK does not know (kept, so as never to invite a second
// order). A CANCELLED or REVERSED order was not created by this call.
func mayBeThisOrder(o Order, req OrderRequest) bool {
	switch o.Status {
	case StatusCancelled, StatusReversed:
		return false
	case StatusSuccess:
		return sameDenominations(o, req)
	}
	return true
}

// resolveDuplicate handles a referenceId Hubble says is used. A repeat of
// the same order (the caller retrying after a crash, or concurrent calls
// with one reference) gets that order back: one still PROCESSING, or a
// SUCCESS whose vouchers are the requested denominations. Anything else — a
// FAILED, CANCELLED or REVERSED order, or a SUCCESS for other amounts — means
// the reference is consumed and the error (ErrDuplicateReference) is
// returned, naming the order that holds it. Hubble's order object has no
// product id, so a repeat is recognised by its amounts only.
//
// When the holder cannot be read (the lookup fails, or answers 404 while
// the reference is taken), it may be this very order placed by an earlier
// attempt, so the answer is ErrOutcomeUnknown, not ErrDuplicateReference: a
// caller that took "duplicate" as "send a new referenceId" could place the
// order twice.
func (c *Client) resolveDuplicate(ctx context.Context, req OrderRequest, dup error) (Order, error) {
	found, err := c.OrderByReference(ctx, req.ReferenceID)
	if err != nil {
		return Order{}, holderUnknown(ctx, req, dup, err)
	}
	if found.Status == StatusProcessing || (found.Status == StatusSuccess && sameDenominations(found, req)) {
		return found, nil
	}
	var ge *giftcard.Error
	if errors.As(dup, &ge) {
		return Order{}, heldBy(req, found, ge)
	}
	return Order{}, dup
}

// heldBy adds to ge, an ErrDuplicateReference error, which order holds the
// reference, and returns it.
func heldBy(req OrderRequest, found Order, ge *giftcard.Error) error {
	detail := fmt.Sprintf("referenceId %q is held by order %s (%s", req.ReferenceID, found.ID, found.Status)
	if found.FailureReason != "" {
		detail += ": " + found.FailureReason
	}
	detail += "); send a new referenceId"
	ge.Message = strings.TrimPrefix(ge.Message+"; "+detail, "; ")
	return ge
}

// holderUnknown is the error when Hubble says a reference is used but the
// order holding it could not be read: it matches giftcard.ErrOutcomeUnknown
// (and the caller's context error, when that ended the lookup), never
// giftcard.ErrDuplicateReference.
func holderUnknown(ctx context.Context, req OrderRequest, dup, lookup error) error {
	e := &giftcard.Error{Provider: providerName, Op: "PlaceOrder", Kind: giftcard.ErrProviderUnavailable,
		Retryable: true, OutcomeUnknown: true,
		Message: fmt.Sprintf("referenceId %q is already used (%v) and the order holding it could not be read (%v); "+
			"it may be this order: place it again with the same referenceId, or look it up with GetOrderByReference, "+
			"before using a new one", req.ReferenceID, dup, lookup)}
	var ge *giftcard.Error
	if errors.As(dup, &ge) {
		e.RequestID = ge.RequestID
	}
	if cerr := ctx.Err(); cerr != nil {
		e.Kind, e.Retryable, e.Err = nil, false, cerr
	}
	return e
}

// sameDenominations reports whether an order's vouchers are exactly the
// request's denominations and quantities (true when there are no vouchers
// to compare).
func sameDenominations(o Order, req OrderRequest) bool {
	if len(o.Vouchers) == 0 {
		return true
	}
	want := map[string]int{}
	for _, d := range req.DenominationDetails {
		want[d.Denomination.String()] += d.Quantity
	}
	for _, v := range o.Vouchers {
		k := v.Amount.String()
		if want[k] == 0 {
			return false
		}
		want[k]--
	}
	for _, n := range want {
		if n != 0 {
			return false
		}
	}
	return true
}

// Order fetches an order by Hubble's id (GET /v1/partners/orders/:orderId).
func (c *Client) Order(ctx context.Context, id string) (Order, error) {
	if id == "" {
		return Order{}, &giftcard.ValidationError{Provider: providerName, Field: "orderId", Reason: "required"}
	}
	var o Order
	res, err := c.do(ctx, "GetOrder", http.MethodGet, ordersPath+"/"+url.PathEscape(id), nil, &o)
	if err != nil {
		return Order{}, err
	}
	if err := checkOrder("GetOrder", res, o, false); err != nil {
		return Order{}, err
	}
	return o, nil
}

// OrderByReference fetches an order by your referenceId
// (GET /v1/partners/orders/by-reference/:referenceId). An error matching
// giftcard.ErrNotFound means no order was created with it.
func (c *Client) OrderByReference(ctx context.Context, referenceID string) (Order, error) {
	if referenceID == "" {
		return Order{}, &giftcard.ValidationError{Provider: providerName, Field: "referenceId", Reason: "required"}
	}
	var o Order
	res, err := c.do(ctx, "GetOrderByReference", http.MethodGet, byReferencePath+url.PathEscape(referenceID), nil, &o)
	if err != nil {
		return Order{}, err
	}
	if err := checkOrder("GetOrderByReference", res, o, false); err != nil {
		return Order{}, err
	}
	return o, nil
}

// Voucher fetches one voucher (GET /v1/partners/orders/vouchers/:id).
func (c *Client) Voucher(ctx context.Context, id string) (Voucher, error) {
	if id == "" {
		return Voucher{}, &giftcard.ValidationError{Provider: providerName, Field: "voucherId", Reason: "required"}
	}
	var v Voucher
	if _, err := c.do(ctx, "GetVoucher", http.MethodGet, vouchersPath+url.PathEscape(id), nil, &v); err != nil {
		return Voucher{}, err
	}
	return v, nil
}

// ResendDelivery asks Hubble to deliver an order's vouchers again
// (POST /v1/partners/orders/:orderId/resend-delivery), for partners whose
// vouchers Hubble delivers. Resending a delivery is harmless, so the
// transport may repeat it after a lost response.
func (c *Client) ResendDelivery(ctx context.Context, orderID string) error {
	if orderID == "" {
		return &giftcard.ValidationError{Provider: providerName, Field: "orderId", Reason: "required"}
	}
	_, err := c.tr.Do(ctx, &transport.Request{Op: "ResendDelivery", Method: http.MethodPost,
		Path: ordersPath + "/" + url.PathEscape(orderID) + resendDeliveryPath, Idempotent: true,
		// Hubble requires the JSON content type on every POST, even one
		// without a body.
		Header: http.Header{"Content-Type": {"application/json"}}}, nil)
	return err
}

// WalletBalance reads the prepaid wallet (GET /v1/partners/wallet/balance).
func (c *Client) WalletBalance(ctx context.Context) (Balance, error) {
	var b Balance
	if _, err := c.do(ctx, "GetBalance", http.MethodGet, balancePath, nil, &b); err != nil {
		return Balance{}, err
	}
	return b, nil
}

// isBareArray reports whether a JSON document is an array.
func isBareArray(b []byte) bool {
	t := bytes.TrimLeft(b, " \t\r\n")
	return len(t) > 0 && t[0] == '['
}
