package hubble

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/reconcile"
	"github.com/giftcard-go/giftcard/internal/transport"
)

// MaxReferenceIDLength is the longest referenceId Hubble accepts.
const MaxReferenceIDLength = 40

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
// documents as failing: a referenceId over 40 characters (or blank, not
// valid UTF-8, or holding a control character), an amount other than
// Σ denomination × quantity, and — against the brand (passed with ForBrand,
// cached, or fetched: see Config.ProductCacheTTL) — an INACTIVE brand, a
// FIXED denomination not in the list, a FLEXIBLE one out of range, and the
// per-order, per-denomination and order-amount limits. An empty
// ReferenceID gets a generated one, returned on the Order.
//
// A FAILED order (HTTP 200) is returned with a nil error; see
// Order.FailureKind. The order is placed exactly once on its referenceId
// (see the package doc): an unknown outcome, or a refusal that is not one of
// Hubble's documented errors about the request, is looked up by reference
// before answering. An error matching giftcard.ErrOutcomeUnknown comes with
// an Order holding only the ReferenceID used (generated or not), and names
// it (giftcard.Error.Reference): look it up with OrderByReference, or submit
// the same request with it again. Every error carries the referenceId.
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

// validateOrder runs the checks that need no brand, then those against the
// brand (passed, cached, or fetched once however many orders wait for it).
func (c *Client) validateOrder(ctx context.Context, req OrderRequest, o orderOptions, names fieldNames) error {
	if err := c.ready(routePlaceOrder.Op); err != nil {
		return err
	}
	if err := checkRequest(req, names, c.currency); err != nil || o.skipBrand || (o.brand == nil && c.cacheTTL < 0) {
		return err
	}
	b := o.brand
	if b == nil {
		cached, err := c.cache.brand(ctx, req.ProductID, c.clock.Now, c.cacheTTL, c.Brand)
		if err != nil {
			return err
		}
		b = &cached
	}
	return checkAgainstBrand(req, *b, names)
}

// placeExactlyOnce sends the order on the kit's exactly-once rule
// (internal/reconcile) with Hubble's rules for which order found by
// reference is this call's (mine) and which refusals need no lookup
// (definite). No path sends the order under another referenceId, and none
// reports ErrDuplicateReference ("send a new referenceId") unless the order
// holding the reference was read and is not this one.
func (c *Client) placeExactlyOnce(ctx context.Context, req OrderRequest) (Order, error) {
	unknown := false // a send of this call may have created an order
	o, err := reconcile.Do(ctx, reconcile.Spec[Order]{
		Provider: providerName, Op: routePlaceOrder.Op, Key: req.ReferenceID, Logger: c.tr.Logger(),
		Send: func(ctx context.Context) (Order, error) {
			o, err := c.postOrder(ctx, req)
			unknown = unknown || errors.Is(err, giftcard.ErrOutcomeUnknown)
			return o, err
		},
		Lookup: func(ctx context.Context) (Order, error) {
			o, err := c.OrderByReference(ctx, req.ReferenceID)
			if err != nil && !errors.Is(err, giftcard.ErrNotFound) {
				err = fmt.Errorf("looking the order up by referenceId: %w", err)
			}
			return o, err
		},
		Mine:     func(o Order) bool { return isThisOrder(o, req, unknown) },
		Definite: definiteRefusal,
		Describe: describeOrder,
	})
	if err == nil {
		return o, nil
	}
	if errors.Is(err, giftcard.ErrOutcomeUnknown) {
		// The order may exist: hand back the reference it would hold (the
		// SDK may have generated it).
		return Order{ReferenceID: req.ReferenceID}, err
	}
	return Order{}, err
}

// postOrder sends the order once. An answer that is not an order for this
// referenceId is ErrInvalidResponse and outcome-unknown (so it is looked up).
func (c *Client) postOrder(ctx context.Context, req OrderRequest) (Order, error) {
	r := c.req(routePlaceOrder)
	r.Body = req
	o, _, err := transport.CallChecked(ctx, c.tr, r, func(o *Order) error { return o.check("", req.ReferenceID) })
	return o, err
}

// definiteRefusal reports whether a refusal of the order POST proves no
// order was created: one of Hubble's documented errors about the request
// itself (the brand's state and amount rules, insufficient balance, an
// unknown product), or a refusal of the caller (credentials, rate limit).
// Anything else — Hubble's unknown codes, its undocumented answer to a
// reused referenceId, E200 — is looked up by reference before answering.
func definiteRefusal(err error) bool {
	if errors.Is(err, giftcard.ErrUnauthorized) || errors.Is(err, giftcard.ErrRateLimited) {
		return true
	}
	var ge *giftcard.Error
	if !errors.As(err, &ge) {
		return false
	}
	switch ge.Code {
	case CodeNotFound, CodeBrandNotEnabled, CodeBrandNotActive, CodeBrandTemporarilyDisabled,
		CodeDenominationUnavailable, CodeAmountMismatch, CodeMaxDenomination, CodeTooManyDenominations,
		CodeTooManyPerDenomination, CodeVoucherAmountOutOfRange, CodeTooManyVouchers, CodeInvalidDenomination,
		CodeInsufficientBalance:
		return true
	}
	return false
}

// isThisOrder reports whether the order found holding the reference is this
// call's. After one of this call's sends had an unknown outcome, it may be
// that send's order: one still PROCESSING or FAILED, a SUCCESS whose
// vouchers are the requested denominations, or a status the SDK does not
// know (kept, so as never to invite a second order); a CANCELLED or
// REVERSED order was not created by this call. Otherwise (Hubble refused
// this call's POSTs because the reference was taken) it is a repeat of the
// same request — the caller retrying, or concurrent calls with one
// reference — only while PROCESSING or as a SUCCESS with the requested
// denominations: a FAILED order consumed the reference. Hubble's order
// object has no product id, so an order is recognised by its amounts.
func isThisOrder(o Order, req OrderRequest, unknown bool) bool {
	switch o.Status {
	case StatusProcessing:
		return true
	case StatusSuccess:
		return sameDenominations(o, req)
	case StatusFailed:
		return unknown
	case StatusCancelled, StatusReversed:
		return false
	}
	return unknown
}

// describeOrder names the order holding a reference in the
// ErrDuplicateReference error.
func describeOrder(o Order) string {
	s := fmt.Sprintf("order %s (%s", o.ID, o.Status)
	if o.FailureReason != "" {
		s += ": " + o.FailureReason
	}
	return s + ")"
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
