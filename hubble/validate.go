package hubble

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/check"
)

// fieldNames names the denomination list in validation errors:
// "denominationDetails" for SubmitOrder, "items" for PlaceOrder.
type fieldNames struct{ list string }

func (n fieldNames) denom(i int) string { return fmt.Sprintf("%s[%d].denomination", n.list, i) }
func (n fieldNames) qty(i int) string   { return fmt.Sprintf("%s[%d].quantity", n.list, i) }

func invalid(field, reason string, kind error) *giftcard.ValidationError {
	return &giftcard.ValidationError{Provider: providerName, Field: field, Reason: reason, Kind: kind}
}

// checkRequest refuses what fails whatever the brand: a blank productId, a
// referenceId over 40 characters (or blank, not valid UTF-8 — two
// references would reach the wire as one — or holding a control
// character), an empty or malformed denomination list, and an amount other
// than Σ denomination × quantity (E151).
func checkRequest(req OrderRequest, names fieldNames, currency string) error {
	if err := check.First(ck.ID("productId", req.ProductID),
		ck.Ref("referenceId", req.ReferenceID, MaxReferenceIDLength)); err != nil {
		return err
	}
	if len(req.DenominationDetails) == 0 {
		return invalid(names.list, "at least one denomination and quantity is required", nil)
	}
	exp, known := giftcard.CurrencyExponent(currency)
	for i, d := range req.DenominationDetails {
		if !d.Denomination.IsPositive() {
			return invalid(names.denom(i), fmt.Sprintf("%s is not a positive amount (E157)", d.Denomination), giftcard.ErrInvalidDenomination)
		}
		if known && !d.Denomination.Equal(d.Denomination.Truncate(int32(exp))) {
			return invalid(names.denom(i), fmt.Sprintf("%s has more than %d decimal places for %s (E157)", d.Denomination, exp, currency), giftcard.ErrInvalidDenomination)
		}
		if d.Quantity < 1 {
			return invalid(names.qty(i), fmt.Sprintf("%d; at least 1 is required", d.Quantity), nil)
		}
	}
	if total := req.Total(); !req.Amount.Equal(total) {
		return invalid("amount", fmt.Sprintf("%s does not equal Σ denomination × quantity = %s (E151)", req.Amount, total), nil)
	}
	return nil
}

// checkAgainstBrand refuses what the brand's status and amount restrictions
// say Hubble will refuse, citing the code Hubble would answer.
func checkAgainstBrand(req OrderRequest, b Brand, names fieldNames) error {
	if b.ID != "" && b.ID != req.ProductID {
		return invalid("productId", fmt.Sprintf("%q is not the brand given (%q)", req.ProductID, b.ID), nil)
	}
	if b.Status == BrandInactive {
		return invalid("productId", fmt.Sprintf("brand %q is INACTIVE; vouchers cannot be generated (E102)", b.Title), giftcard.ErrProductUnavailable)
	}
	r := b.Restrictions()
	type group struct {
		value decimal.Decimal
		qty   int
		first int
	}
	var groups []group
	total := 0
	for i, d := range req.DenominationDetails {
		v := d.Denomination
		switch b.DenominationType {
		case Fixed:
			if len(r.Denominations) > 0 && !containsDecimal(r.Denominations, v) {
				return invalid(names.denom(i), fmt.Sprintf("%s is not one of the brand's denominations %s (E150)", v, joinDecimals(r.Denominations)), giftcard.ErrInvalidDenomination)
			}
			if r.MaxVoucherAmount.IsPositive() && v.GreaterThan(r.MaxVoucherAmount) {
				return invalid(names.denom(i), fmt.Sprintf("%s is above the brand's maximum denomination %s (E152)", v, r.MaxVoucherAmount), giftcard.ErrInvalidDenomination)
			}
		case Flexible:
			if (r.MinVoucherAmount.IsPositive() && v.LessThan(r.MinVoucherAmount)) || (r.MaxVoucherAmount.IsPositive() && v.GreaterThan(r.MaxVoucherAmount)) {
				return invalid(names.denom(i), fmt.Sprintf("%s is outside the brand's range %s–%s (E155)", v, r.MinVoucherAmount, r.MaxVoucherAmount), giftcard.ErrInvalidDenomination)
			}
		}
		found := false
		for g := range groups {
			if groups[g].value.Equal(v) {
				groups[g].qty += d.Quantity
				found = true
				break
			}
		}
		if !found {
			groups = append(groups, group{value: v, qty: d.Quantity, first: i})
		}
		total += d.Quantity
	}
	if r.MaxDenominationsPerOrder > 0 && len(groups) > r.MaxDenominationsPerOrder {
		return invalid(names.list, fmt.Sprintf("%d distinct denominations; the brand allows %d per order (E153)", len(groups), r.MaxDenominationsPerOrder), giftcard.ErrInvalidDenomination)
	}
	if r.MaxVouchersPerDenomination > 0 {
		for _, g := range groups {
			if g.qty > r.MaxVouchersPerDenomination {
				return invalid(names.qty(g.first), fmt.Sprintf("%d vouchers of %s; the brand allows %d per denomination (E154)", g.qty, g.value, r.MaxVouchersPerDenomination), giftcard.ErrInvalidDenomination)
			}
		}
	}
	if r.MaxVouchersPerOrder > 0 && total > r.MaxVouchersPerOrder {
		return invalid(names.list, fmt.Sprintf("%d vouchers; the brand allows %d per order (E156)", total, r.MaxVouchersPerOrder), giftcard.ErrInvalidDenomination)
	}
	if r.MinOrderAmount.IsPositive() && req.Amount.LessThan(r.MinOrderAmount) {
		return invalid("amount", fmt.Sprintf("%s is below the brand's minimum order amount %s", req.Amount, r.MinOrderAmount), giftcard.ErrInvalidDenomination)
	}
	if r.MaxOrderAmount.IsPositive() && req.Amount.GreaterThan(r.MaxOrderAmount) {
		return invalid("amount", fmt.Sprintf("%s is above the brand's maximum order amount %s", req.Amount, r.MaxOrderAmount), giftcard.ErrInvalidDenomination)
	}
	return nil
}

func containsDecimal(list []decimal.Decimal, v decimal.Decimal) bool {
	for _, d := range list {
		if d.Equal(v) {
			return true
		}
	}
	return false
}

func joinDecimals(list []decimal.Decimal) string {
	parts := make([]string, len(list))
	for i, d := range list {
		parts[i] = d.String()
	}
	return "[" + strings.Join(parts, ", ") + "]"
}
