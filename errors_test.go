package giftcard_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/giftcard-go/giftcard"
)

var allKinds = []error{
	giftcard.ErrInvalidRequest, giftcard.ErrUnauthorized, giftcard.ErrNotFound, giftcard.ErrInsufficientFunds,
	giftcard.ErrProductUnavailable, giftcard.ErrInvalidDenomination, giftcard.ErrDuplicateReference,
	giftcard.ErrRateLimited, giftcard.ErrProviderUnavailable, giftcard.ErrOutcomeUnknown, giftcard.ErrOrderTimeout,
	giftcard.ErrOrderFailed, giftcard.ErrNotSupported, giftcard.ErrInvalidResponse,
}

func TestKindsAreDistinct(t *testing.T) {
	seen := map[string]bool{}
	for _, k := range allKinds {
		if !strings.HasPrefix(k.Error(), "giftcard: ") || seen[k.Error()] {
			t.Errorf("kind %q: want a unique message prefixed with \"giftcard: \"", k)
		}
		seen[k.Error()] = true
		for _, other := range allKinds {
			if other != k && errors.Is(k, other) {
				t.Errorf("%v matches %v", k, other)
			}
		}
	}
}

// matching returns the kinds err matches.
func matching(err error) []error {
	var out []error
	for _, k := range allKinds {
		if errors.Is(err, k) {
			out = append(out, k)
		}
	}
	return out
}

func TestErrorThroughWrapping(t *testing.T) {
	base := &giftcard.Error{
		Provider: "hubble", Op: "PlaceOrder", StatusCode: 402, Code: "E300", Message: "insufficient wallet balance",
		RequestID: "req-1", Kind: giftcard.ErrInsufficientFunds,
	}
	err := fmt.Errorf("checkout: %w", fmt.Errorf("buy: %w", base))
	if got := matching(err); len(got) != 1 || got[0] != giftcard.ErrInsufficientFunds {
		t.Errorf("wrapped error matches %v; want only ErrInsufficientFunds", got)
	}
	var ge *giftcard.Error
	if !errors.As(err, &ge) || ge != base || ge.Code != "E300" || ge.RequestID != "req-1" {
		t.Errorf("errors.As = %+v", ge)
	}
	want := "hubble PlaceOrder: insufficient funds (HTTP 402) [E300]: insufficient wallet balance request_id=req-1"
	if base.Error() != want {
		t.Errorf("Error() = %q\nwant      %q", base.Error(), want)
	}
	if !strings.HasPrefix(err.Error(), "checkout: buy: hubble PlaceOrder") {
		t.Errorf("wrapped message = %q", err.Error())
	}
}

func TestErrorOutcomeUnknownAndCause(t *testing.T) {
	lost := &giftcard.Error{
		Provider: "wolfe", Op: "IssueGift", StatusCode: 504, Kind: giftcard.ErrProviderUnavailable,
		OutcomeUnknown: true, Err: io.ErrUnexpectedEOF,
	}
	err := fmt.Errorf("gift: %w", lost)
	for _, k := range []error{giftcard.ErrProviderUnavailable, giftcard.ErrOutcomeUnknown, io.ErrUnexpectedEOF} {
		if !errors.Is(err, k) {
			t.Errorf("does not match %v", k)
		}
	}
	if got := matching(err); len(got) != 2 {
		t.Errorf("matches %v; want the kind and ErrOutcomeUnknown", got)
	}
	if s := lost.Error(); !strings.Contains(s, "outcome unknown") || !strings.Contains(s, io.ErrUnexpectedEOF.Error()) {
		t.Errorf("Error() = %q", s)
	}
	lost.OutcomeUnknown = false
	if errors.Is(err, giftcard.ErrOutcomeUnknown) {
		t.Error("matches ErrOutcomeUnknown without the flag")
	}

	cancelled := fmt.Errorf("poll: %w", &giftcard.Error{Provider: "hubble", Op: "GetOrder", Message: "request cancelled", Err: context.Canceled})
	if !errors.Is(cancelled, context.Canceled) || errors.Is(cancelled, context.DeadlineExceeded) {
		t.Errorf("cause: %v", cancelled)
	}
	if got := matching(cancelled); len(got) != 0 {
		t.Errorf("a cancellation matches kinds %v", got)
	}
	var ge *giftcard.Error
	if !errors.As(cancelled, &ge) || ge.Op != "GetOrder" {
		t.Errorf("errors.As = %v", ge)
	}
	if s := ge.Error(); s != "hubble GetOrder: error: request cancelled: context canceled" {
		t.Errorf("Error() without a kind = %q", s)
	}
}

func TestValidationError(t *testing.T) {
	ve := &giftcard.ValidationError{Field: "referenceId", Reason: "longer than 40 characters"}
	err := fmt.Errorf("place: %w", ve)
	if got := matching(err); len(got) != 1 || got[0] != giftcard.ErrInvalidRequest {
		t.Errorf("matches %v; want ErrInvalidRequest", got)
	}
	if ve.Error() != "giftcard: invalid referenceId: longer than 40 characters" {
		t.Errorf("Error() = %q", ve.Error())
	}
	var got *giftcard.ValidationError
	if !errors.As(err, &got) || got.Field != "referenceId" {
		t.Errorf("errors.As = %+v", got)
	}
	if errors.As(err, new(*giftcard.Error)) {
		t.Error("a ValidationError is not an *Error")
	}

	denom := fmt.Errorf("x: %w", &giftcard.ValidationError{Provider: "wolfe", Field: "amount", Reason: "below 500 cents", Kind: giftcard.ErrInvalidDenomination})
	for _, k := range []error{giftcard.ErrInvalidDenomination, giftcard.ErrInvalidRequest} {
		if !errors.Is(denom, k) {
			t.Errorf("Kind ErrInvalidDenomination: does not match %v", k)
		}
	}
	if errors.Is(denom, giftcard.ErrNotFound) {
		t.Error("matches ErrNotFound")
	}
	if !strings.Contains(denom.Error(), "wolfe: invalid amount: below 500 cents") {
		t.Errorf("Error() = %q", denom.Error())
	}
	explicit := &giftcard.ValidationError{Field: "x", Reason: "y", Kind: giftcard.ErrInvalidRequest}
	if got := matching(explicit); len(got) != 1 {
		t.Errorf("Kind ErrInvalidRequest matches %v", got)
	}

	inv := giftcard.Invalid("loyalty", "tranOrderNo", "longer than 60 characters")
	if inv.Provider != "loyalty" || !errors.Is(inv, giftcard.ErrInvalidRequest) ||
		inv.Error() != "loyalty: invalid tranOrderNo: longer than 60 characters" {
		t.Errorf("Invalid = %#v (%v)", inv, inv)
	}
	noField := &giftcard.ValidationError{Reason: "empty body"}
	if noField.Error() != "giftcard: invalid request: empty body" {
		t.Errorf("Error() without a field = %q", noField.Error())
	}
}
