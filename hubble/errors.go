package hubble

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/transport"
)

// Error codes Hubble documents. The error body carries the code in its "id"
// field; LookupCode maps each to a giftcard error kind.
const (
	CodeNotFound                 = "E001" // requested resource not found
	CodeBrandTemporarilyDisabled = "E100" // brand disabled owing to provider failures; retry later
	CodeBrandNotEnabled          = "E101" // brand not enabled for this partner
	CodeBrandNotActive           = "E102" // brand is INACTIVE
	CodeDenominationUnavailable  = "E150" // denomination not in the brand's list
	CodeAmountMismatch           = "E151" // amount ≠ Σ denomination × quantity
	CodeMaxDenomination          = "E152" // denomination above the brand's maximum
	CodeTooManyDenominations     = "E153" // too many distinct denominations
	CodeTooManyPerDenomination   = "E154" // too many vouchers of one denomination
	CodeVoucherAmountOutOfRange  = "E155" // voucher amount outside the allowed range
	CodeTooManyVouchers          = "E156" // too many vouchers in one order
	CodeInvalidDenomination      = "E157" // invalid denomination
	CodeVoucherGenerationFailed  = "E200" // provider-side failure; retry after 1–2 minutes
	CodeInsufficientBalance      = "E300" // wallet balance too low; top up
)

// CodeDuplicateReference is the code the SDK's sandbox (hubbletest) answers,
// with HTTP 409, for a referenceId that was already used. Hubble does not
// document its own answer; the client maps HTTP 409 and this code to
// giftcard.ErrDuplicateReference.
const CodeDuplicateReference = "DUPLICATE_REFERENCE"

// Codes lists every documented error code, in order.
func Codes() []string {
	return []string{CodeNotFound, CodeBrandTemporarilyDisabled, CodeBrandNotEnabled, CodeBrandNotActive,
		CodeDenominationUnavailable, CodeAmountMismatch, CodeMaxDenomination, CodeTooManyDenominations,
		CodeTooManyPerDenomination, CodeVoucherAmountOutOfRange, CodeTooManyVouchers, CodeInvalidDenomination,
		CodeVoucherGenerationFailed, CodeInsufficientBalance}
}

// CodeInfo is what a Hubble error code means to the SDK.
type CodeInfo struct {
	Kind      error // the giftcard error kind
	Retryable bool  // the same request may succeed later (E100, E200)
}

// LookupCode maps a Hubble error code (or the sandbox's
// DUPLICATE_REFERENCE, or Hubble's RESOURCE_NOT_FOUND) to its kind; ok is
// false for an unknown code.
func LookupCode(code string) (info CodeInfo, ok bool) {
	switch strings.ToUpper(strings.TrimSpace(code)) {
	case CodeNotFound, "RESOURCE_NOT_FOUND":
		return CodeInfo{giftcard.ErrNotFound, false}, true
	case CodeBrandTemporarilyDisabled:
		return CodeInfo{giftcard.ErrProductUnavailable, true}, true
	case CodeBrandNotEnabled, CodeBrandNotActive:
		return CodeInfo{giftcard.ErrProductUnavailable, false}, true
	case CodeAmountMismatch:
		return CodeInfo{giftcard.ErrInvalidRequest, false}, true
	case CodeDenominationUnavailable, CodeMaxDenomination, CodeTooManyDenominations, CodeTooManyPerDenomination,
		CodeVoucherAmountOutOfRange, CodeTooManyVouchers, CodeInvalidDenomination:
		return CodeInfo{giftcard.ErrInvalidDenomination, false}, true
	case CodeVoucherGenerationFailed:
		return CodeInfo{giftcard.ErrProviderUnavailable, true}, true
	case CodeInsufficientBalance:
		return CodeInfo{giftcard.ErrInsufficientFunds, false}, true
	case CodeDuplicateReference:
		return CodeInfo{giftcard.ErrDuplicateReference, false}, true
	}
	return CodeInfo{}, false
}

// decodeError is the transport's ErrorDecoder for Hubble's error body (any
// status but 2xx). It keeps Hubble's code (the "id", or "code" when there is
// no id), message and requestId, maps the code to a kind, and attaches the
// whole body as the cause (errors.As with *ErrorResponse); an unknown code
// or a body that is not Hubble's shape falls back to the HTTP status.
func decodeError(res *transport.Response) *giftcard.Error {
	var body ErrorResponse
	if json.Unmarshal(res.Body, &body) != nil {
		return nil
	}
	return body.toError()
}

// toError is the *giftcard.Error of an error body, nil when the body has
// neither code nor message.
func (body *ErrorResponse) toError() *giftcard.Error {
	if body.ID == "" && body.Code == "" && body.Message == "" {
		return nil
	}
	e := &giftcard.Error{Code: body.ID, Message: body.Message, RequestID: body.RequestID, Err: body}
	if e.Code == "" {
		e.Code = body.Code
	}
	if info, ok := LookupCode(body.ID); ok {
		e.Kind, e.Retryable = info.Kind, info.Retryable
	} else if info, ok := LookupCode(body.Code); ok {
		e.Kind, e.Retryable = info.Kind, info.Retryable
	}
	return e
}

// envelope is the transport's check of every 2xx answer: Hubble's error
// body ({"id":"E300","message":…}) sent with a 2xx status is that error,
// whatever the call, never an order, a brand or a balance whose id is an
// error code. An error body is an object without a string "status" (orders
// and brands have one) whose "id" is an E-code or whose "code" is one
// LookupCode knows, with a message or a code. An unknown E-code there is
// ErrInvalidResponse. Anything else is the payload, as is.
func envelope(res *transport.Response) ([]byte, *giftcard.Error) {
	b := res.Body
	// Cheap test first: every answer passes here, and an error body always
	// has a message or a code.
	if !bytes.Contains(b, []byte(`"message"`)) && !bytes.Contains(b, []byte(`"code"`)) {
		return b, nil
	}
	var probe struct {
		ErrorResponse
		Status json.RawMessage `json:"status"`
	}
	if json.Unmarshal(b, &probe) != nil || (len(probe.Status) > 0 && probe.Status[0] == '"') {
		return b, nil
	}
	_, known := LookupCode(probe.Code)
	if !isECode(probe.ID) && !known {
		return b, nil
	}
	if e := probe.ErrorResponse.toError(); e != nil {
		return nil, e
	}
	return b, nil
}

// isECode reports whether s is an error code of Hubble's form: E and digits.
func isECode(s string) bool { return len(s) >= 2 && (s[0] == 'E' || s[0] == 'e') && isDigits(s[1:]) }

// FailureKind maps a FAILED order's failureReason to a giftcard kind:
//
//	"Insufficient balance"       → giftcard.ErrInsufficientFunds
//	"Brand not available"        → giftcard.ErrProductUnavailable
//	"Denomination not available" → giftcard.ErrInvalidDenomination
//	"Voucher generation failed"  → giftcard.ErrProviderUnavailable
//
// and likewise the documented error messages (a reason starting with an
// E-code maps as that code). Other reasons are matched on their words
// (balance, brand, denomination, a business rate limit); a reason it cannot
// place is giftcard.ErrProviderUnavailable, since the documented advice for
// a failed order is to retry later with a new referenceId.
func FailureKind(reason string) error {
	r := strings.ToLower(strings.TrimSpace(reason))
	r = strings.TrimRight(r, ". ")
	if len(r) >= 4 && r[0] == 'e' && isDigits(r[1:4]) {
		if info, ok := LookupCode(r[:4]); ok {
			return info.Kind
		}
	}
	switch r {
	case "insufficient balance", "insufficient wallet balance":
		return giftcard.ErrInsufficientFunds
	case "brand not available", "brand not active", "brand is not active", "brand temporarily disabled",
		"brand is temporarily disabled owing to failures", "brand not enabled for you", "brand is not enabled for you":
		return giftcard.ErrProductUnavailable
	case "denomination not available", "this denomination is not available for this brand", "invalid denomination":
		return giftcard.ErrInvalidDenomination
	case "voucher generation failed":
		return giftcard.ErrProviderUnavailable
	}
	switch {
	case strings.Contains(r, "insufficient") || strings.Contains(r, "balance"):
		return giftcard.ErrInsufficientFunds
	case strings.Contains(r, "denomination") || strings.Contains(r, "voucher amount") || strings.Contains(r, "vouchers per"):
		return giftcard.ErrInvalidDenomination
	case strings.Contains(r, "limit"):
		return giftcard.ErrRateLimited
	case strings.Contains(r, "brand"):
		return giftcard.ErrProductUnavailable
	}
	return giftcard.ErrProviderUnavailable
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
