package hubbletest

import (
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/giftcardtest/sandbox"
	"github.com/giftcard-go/giftcard/hubble"
)

// placeOrder applies Hubble's order rules in the order the docs imply:
// shape, product, reference, brand state, amounts, wallet; then the brand's
// outcome (FAILED for the failing brands, PROCESSING for a large Amazon
// order, SUCCESS otherwise).
func (s *Server) placeOrder(w http.ResponseWriter, r *http.Request) {
	var req hubble.OrderRequest
	if err := sandbox.ReadJSON(r, &req); err != nil {
		s.fail(w, r, http.StatusBadRequest, validationError("body", "malformed order request: "+err.Error()))
		return
	}
	if s.blank(w, r, "productId", req.ProductID, "referenceId", req.ReferenceID) {
		return
	}
	switch {
	case utf8.RuneCountInString(req.ReferenceID) > hubble.MaxReferenceIDLength:
		s.fail(w, r, http.StatusBadRequest, validationError("referenceId", "size must be between 1 and 40"))
		return
	case len(req.DenominationDetails) == 0:
		s.fail(w, r, http.StatusBadRequest, validationError("denominationDetails", "must not be empty"))
		return
	}
	for i, d := range req.DenominationDetails {
		if d.Quantity < 1 {
			s.fail(w, r, http.StatusBadRequest, validationError(fmt.Sprintf("denominationDetails[%d].quantity", i), "must be at least 1"))
			return
		}
	}

	s.mu.Lock()
	b, ok := s.brands.Get(req.ProductID)
	if !ok {
		s.mu.Unlock()
		s.notFound(w, r, "productId")
		return
	}
	if _, used := s.byRef[req.ReferenceID]; used {
		s.mu.Unlock()
		s.refuseDuplicate(w, r)
		return
	}
	if e, bad := ruleError(req, b); bad {
		s.mu.Unlock()
		status := http.StatusBadRequest
		s.fail(w, r, status, e)
		return
	}
	o := &order{product: b.ID, amount: req.Amount, details: req.DenominationDetails}
	o.o = hubble.Order{ID: s.nextID("01KJ"), ReferenceID: req.ReferenceID, Vouchers: []hubble.Voucher{}}
	switch {
	case b.ID == JiomartID || b.ID == MyntraID:
		o.o.Status, o.o.FailureReason = hubble.StatusFailed, "Brand not available"
	case b.ID == VoucherFailureID:
		o.o.Status, o.o.FailureReason = hubble.StatusFailed, "Voucher generation failed"
	case s.balance.LessThan(req.Amount):
		s.mu.Unlock()
		s.fail(w, r, http.StatusBadRequest, codeError(hubble.CodeInsufficientBalance, "INSUFFICIENT_BALANCE",
			"Insufficient wallet balance", ""))
		return
	case b.ID == AmazonID && req.Amount.GreaterThanOrEqual(decimal.NewFromInt(AmazonProcessingThreshold)):
		s.balance = s.balance.Sub(req.Amount)
		o.o.Status = hubble.StatusProcessing
	default:
		s.balance = s.balance.Sub(req.Amount)
		o.o.Status = hubble.StatusSuccess
		o.o.Vouchers = s.issueLocked(b, req.DenominationDetails)
	}
	s.orders.Put(o.o.ID, o)
	s.byRef[o.o.ReferenceID] = o
	out := o.o
	s.mu.Unlock()
	sandbox.WriteJSON(w, http.StatusOK, out)
}

// refuseDuplicate answers a reused referenceId as configured.
func (s *Server) refuseDuplicate(w http.ResponseWriter, r *http.Request) {
	switch s.cfg.duplicate {
	case DuplicateBadRequest:
		s.fail(w, r, http.StatusBadRequest, codeError(DuplicateCode, "INVALID_REQUEST", "Request could not be processed", "referenceId"))
	case DuplicateUnprocessable:
		s.fail(w, r, http.StatusUnprocessableEntity, hubble.ErrorResponse{Code: "REFERENCE_ALREADY_EXISTS",
			Message: "An order with this referenceId exists"})
	default:
		s.fail(w, r, http.StatusConflict, hubble.ErrorResponse{Code: hubble.CodeDuplicateReference,
			Message: "referenceId has already been used; send a new one"})
	}
}

// ruleError checks the brand's state and amount restrictions, returning
// the error Hubble documents for the first rule broken.
func ruleError(req hubble.OrderRequest, b hubble.Brand) (hubble.ErrorResponse, bool) {
	switch {
	case b.ID == TemporarilyDisabledID:
		return codeError(hubble.CodeBrandTemporarilyDisabled, "BRAND_TEMPORARILY_DISABLED", "Brand is temporarily disabled owing to failures", "productId"), true
	case b.ID == NotEnabledID:
		return codeError(hubble.CodeBrandNotEnabled, "BRAND_NOT_ENABLED", "Brand is not enabled for you", "productId"), true
	case b.Status != hubble.BrandActive:
		return codeError(hubble.CodeBrandNotActive, "BRAND_NOT_ACTIVE", "Brand is not active", "productId"), true
	}
	r := b.Restrictions()
	minOrder, maxOrder := r.MinOrderAmount, r.MaxOrderAmount
	if minOrder.IsZero() {
		//lint:ignore SA1019 Hubble still honours the deprecated limit when it is the only one
		minOrder = r.MinAmount
	}
	if maxOrder.IsZero() {
		//lint:ignore SA1019 Hubble still honours the deprecated limit when it is the only one
		maxOrder = r.MaxAmount
	}
	type group struct {
		v   decimal.Decimal
		qty int
	}
	var groups []group
	count := 0
	for i, d := range req.DenominationDetails {
		field := fmt.Sprintf("denominationDetails[%d].denomination", i)
		v := d.Denomination
		if !v.IsPositive() || !v.Equal(v.Truncate(2)) {
			return codeError(hubble.CodeInvalidDenomination, "INVALID_DENOMINATION", "Invalid denomination", field), true
		}
		switch b.DenominationType {
		case hubble.Fixed:
			if !containsDec(r.Denominations, v) {
				return codeError(hubble.CodeDenominationUnavailable, "DENOMINATION_NOT_AVAILABLE", "This denomination is not available for this brand", field), true
			}
			if r.MaxVoucherAmount.IsPositive() && v.GreaterThan(r.MaxVoucherAmount) {
				return codeError(hubble.CodeMaxDenomination, "MAX_DENOMINATION_EXCEEDED", "Maximum denomination limit exceeded", field), true
			}
		default:
			if (r.MinVoucherAmount.IsPositive() && v.LessThan(r.MinVoucherAmount)) || (r.MaxVoucherAmount.IsPositive() && v.GreaterThan(r.MaxVoucherAmount)) {
				return codeError(hubble.CodeVoucherAmountOutOfRange, "VOUCHER_AMOUNT_OUT_OF_RANGE", "Voucher amount not within the allowed range", field), true
			}
		}
		found := false
		for g := range groups {
			if groups[g].v.Equal(v) {
				groups[g].qty += d.Quantity
				found = true
			}
		}
		if !found {
			groups = append(groups, group{v, d.Quantity})
		}
		count += d.Quantity
	}
	if !req.Amount.Equal(req.Total()) {
		return codeError(hubble.CodeAmountMismatch, "AMOUNT_MISMATCH", "Order amount doesn't match the denomination amount", "amount"), true
	}
	if r.MaxDenominationsPerOrder > 0 && len(groups) > r.MaxDenominationsPerOrder {
		return codeError(hubble.CodeTooManyDenominations, "MAX_DENOMINATIONS_EXCEEDED", "Maximum number of denominations exceeded", "denominationDetails"), true
	}
	if r.MaxVouchersPerDenomination > 0 {
		for _, g := range groups {
			if g.qty > r.MaxVouchersPerDenomination {
				return codeError(hubble.CodeTooManyPerDenomination, "MAX_VOUCHERS_PER_DENOMINATION_EXCEEDED", "Maximum number of vouchers per denomination exceeded", "denominationDetails"), true
			}
		}
	}
	if r.MaxVouchersPerOrder > 0 && count > r.MaxVouchersPerOrder {
		return codeError(hubble.CodeTooManyVouchers, "MAX_VOUCHERS_PER_ORDER_EXCEEDED", "Max voucher count per order exceeded", "denominationDetails"), true
	}
	if (minOrder.IsPositive() && req.Amount.LessThan(minOrder)) || (maxOrder.IsPositive() && req.Amount.GreaterThan(maxOrder)) {
		return codeError(hubble.CodeVoucherAmountOutOfRange, "ORDER_AMOUNT_OUT_OF_RANGE", "Order amount not within the allowed range", "amount"), true
	}
	return hubble.ErrorResponse{}, false
}

func containsDec(list []decimal.Decimal, v decimal.Decimal) bool {
	for _, d := range list {
		if d.Equal(v) {
			return true
		}
	}
	return false
}

// settleLocked moves a PROCESSING order to its end state.
func (s *Server) settleLocked(o *order, status hubble.OrderStatus) {
	o.o.Status = status
	switch status {
	case hubble.StatusSuccess:
		b, _ := s.brands.Get(o.product)
		o.o.Vouchers = s.issueLocked(b, o.details)
	case hubble.StatusFailed:
		o.o.FailureReason = "Voucher generation failed"
		s.balance = s.balance.Add(o.amount)
	case hubble.StatusReversed, hubble.StatusCancelled:
		s.balance = s.balance.Add(o.amount)
	}
}

// issueLocked generates the vouchers of an order: deterministic ids, card
// numbers and PINs as the brand's card type needs them, valid one year.
func (s *Server) issueLocked(b hubble.Brand, details []hubble.DenominationDetail) []hubble.Voucher {
	validTill := s.Clock().Now().AddDate(1, 0, 0).Format("2006-01-02")
	var out []hubble.Voucher
	for _, d := range details {
		for q := 0; q < d.Quantity; q++ {
			v := hubble.Voucher{ID: s.nextID("01KV"), CardType: b.CardType, ValidTill: validTill, Amount: d.Denomination}
			n := s.seq
			switch b.CardType {
			case hubble.CardNumberSecured:
				v.CardNumber = giftcard.Secret(fmt.Sprintf("50123400%08d", n))
			case hubble.PinNoSecured, hubble.PinSecured:
				v.CardPin = giftcard.Secret(fmt.Sprintf("%06d", (n*7919)%1000000))
			default:
				v.CardNumber = giftcard.Secret(fmt.Sprintf("50123400%08d", n))
				v.CardPin = giftcard.Secret(fmt.Sprintf("%06d", (n*7919)%1000000))
			}
			s.vouchers[v.ID] = v
			out = append(out, v)
		}
	}
	return out
}

// nextID returns a 26-character ULID-like id: prefix, then a counter in
// Crockford base32.
func (s *Server) nextID(prefix string) string {
	s.seq++
	n := s.seq
	var b [22]byte
	for i := len(b) - 1; i >= 0; i-- {
		b[i] = crockford[n%32]
		n /= 32
	}
	return prefix + strings.TrimSpace(string(b[:]))
}
