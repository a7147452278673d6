package giftcard

import (
	"errors"
	"strconv"
	"strings"
)

// The error kinds, matched with errors.Is. An error the SDK returns for a
// failed call matches one of them, with these exceptions: an *Error whose
// request may have taken effect also matches ErrOutcomeUnknown; a
// *ValidationError of another kind also matches ErrInvalidRequest; a
// provider may document a second kind for one of its errors (an ORBT "already
// exists" VALIDATION_ERROR matches ErrDuplicateReference and
// ErrInvalidRequest); and a call ended by its context matches
// context.Canceled or context.DeadlineExceeded, plus the kind of the last
// failed attempt when there was one (no kind when none had failed).
var (
	// ErrInvalidRequest: the provider (or the SDK, before sending) refused the
	// input. Fix the request; resending it unchanged will fail again.
	ErrInvalidRequest = errors.New("giftcard: invalid request")
	// ErrUnauthorized: credentials, signature, token or source IP refused.
	ErrUnauthorized = errors.New("giftcard: unauthorized")
	// ErrNotFound: the id or reference does not exist.
	ErrNotFound = errors.New("giftcard: not found")
	// ErrInsufficientFunds: the funding wallet cannot cover the amount. Top up.
	ErrInsufficientFunds = errors.New("giftcard: insufficient funds")
	// ErrProductUnavailable: the brand/merchant is inactive, disabled or not
	// enabled for this partner.
	ErrProductUnavailable = errors.New("giftcard: product unavailable")
	// ErrInvalidDenomination: a denomination, quantity or amount breaks the
	// product's amount rules.
	ErrInvalidDenomination = errors.New("giftcard: invalid denomination")
	// ErrDuplicateReference: the reference id (idempotency key) was already
	// used for something else, or the resource already exists.
	ErrDuplicateReference = errors.New("giftcard: duplicate reference")
	// ErrRateLimited: the provider throttled the call (HTTP 429 or a
	// business rate rule).
	ErrRateLimited = errors.New("giftcard: rate limited")
	// ErrProviderUnavailable: the provider failed (5xx, network, voucher
	// generation). Often worth retrying later.
	ErrProviderUnavailable = errors.New("giftcard: provider unavailable")
	// ErrOutcomeUnknown: a request that is not safe to resend may or may not
	// have taken effect. Reconcile (look it up by reference) before retrying.
	ErrOutcomeUnknown = errors.New("giftcard: outcome unknown")
	// ErrOrderTimeout: an order did not reach a terminal state within the
	// polling policy. It may still complete; contact the provider.
	ErrOrderTimeout = errors.New("giftcard: order timed out")
	// ErrOrderFailed: the provider accepted the order but it ended FAILED.
	// Order.Err wraps it together with the specific kind of the failure.
	ErrOrderFailed = errors.New("giftcard: order failed")
	// ErrNotSupported: the provider has no such operation. Returned without
	// any network call.
	ErrNotSupported = errors.New("giftcard: operation not supported")
	// ErrInvalidResponse: the provider's answer could not be read (not JSON,
	// truncated, over the size limit).
	ErrInvalidResponse = errors.New("giftcard: invalid response")
)

// Error is a failed call to a provider. It matches its Kind with errors.Is,
// ErrOutcomeUnknown too when OutcomeUnknown is set, and unwraps to the
// underlying cause (a network error, context.Canceled …) when there is one.
type Error struct {
	Provider   string // "hubble", "orbt", "wolfe", "loyalty"
	Op         string // the operation, e.g. "PlaceOrder"
	StatusCode int    // HTTP status; 0 when no response arrived
	Code       string // the provider's own error code (E300, VALIDATION_ERROR …)
	Message    string // the provider's message, or the SDK's description
	RequestID  string // the request id sent or echoed; quote it to support
	// Reference is the request's idempotency key (Hubble referenceId, Wolfe
	// reference_id, ORBT referenceId, loyalty tranOrderNo) when it had one,
	// generated keys included. After an unknown outcome, look the request up
	// or retry it with this key, never with a new one.
	Reference string
	Retryable bool // the same request may succeed if sent again later
	// OutcomeUnknown is set when the request may have reached the provider
	// and taken effect, but no usable answer came back.
	OutcomeUnknown bool
	Attempts       int   // HTTP attempts made
	Kind           error // one of the Err* kinds
	Err            error // the underlying cause, if any
}

// Error renders every known field on one line; it never contains secrets
// because the SDK never puts request headers or bodies into an Error.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Provider)
	if e.Op != "" {
		b.WriteString(" ")
		b.WriteString(e.Op)
	}
	b.WriteString(": ")
	switch {
	case e.Kind != nil:
		b.WriteString(strings.TrimPrefix(e.Kind.Error(), "giftcard: "))
	default:
		b.WriteString("error")
	}
	if e.StatusCode != 0 {
		b.WriteString(" (HTTP ")
		b.WriteString(strconv.Itoa(e.StatusCode))
		b.WriteString(")")
	}
	if e.Code != "" {
		b.WriteString(" [")
		b.WriteString(e.Code)
		b.WriteString("]")
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	if e.OutcomeUnknown {
		b.WriteString(" (outcome unknown: reconcile before retrying)")
	}
	if e.Reference != "" {
		b.WriteString(" reference=")
		b.WriteString(e.Reference)
	}
	if e.RequestID != "" {
		b.WriteString(" request_id=")
		b.WriteString(e.RequestID)
	}
	return b.String()
}

// Is makes errors.Is(err, ErrOutcomeUnknown) true for an Error whose
// request may have taken effect.
func (e *Error) Is(target error) bool {
	return target == ErrOutcomeUnknown && e.OutcomeUnknown
}

// Unwrap returns the kind and the cause.
func (e *Error) Unwrap() []error {
	out := make([]error, 0, 2)
	if e.Kind != nil {
		out = append(out, e.Kind)
	}
	if e.Err != nil {
		out = append(out, e.Err)
	}
	return out
}

// ValidationError is input refused before any network call (or a provider's
// field-level rejection). It names the field and matches ErrInvalidRequest,
// or Kind when set (ErrInvalidDenomination for an amount rule, say).
type ValidationError struct {
	Provider string // set when a provider's rule refused it
	Field    string // the request field, e.g. "referenceId" or "items[0].quantity"
	Reason   string // what is wrong and what is allowed
	Kind     error  // nil means ErrInvalidRequest
}

// Error renders "giftcard: invalid referenceId: longer than 40 characters".
func (e *ValidationError) Error() string {
	p := "giftcard"
	if e.Provider != "" {
		p = e.Provider
	}
	if e.Field == "" {
		return p + ": invalid request: " + e.Reason
	}
	return p + ": invalid " + e.Field + ": " + e.Reason
}

// Unwrap returns the kind, ErrInvalidRequest unless set otherwise. A
// ValidationError of another kind still matches ErrInvalidRequest too.
func (e *ValidationError) Unwrap() []error {
	if e.Kind == nil || e.Kind == ErrInvalidRequest {
		return []error{ErrInvalidRequest}
	}
	return []error{e.Kind, ErrInvalidRequest}
}

// Invalid builds a *ValidationError for provider code.
func Invalid(provider, field, reason string) *ValidationError {
	return &ValidationError{Provider: provider, Field: field, Reason: reason}
}
