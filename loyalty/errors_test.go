package loyalty_test

import (
	"errors"
	"net/http"
	"testing"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/loyalty"
	"github.com/giftcard-go/giftcard/loyalty/loyaltytest"
)

func TestLookupCode(t *testing.T) {
	for _, tc := range []struct {
		code      int
		kind      error
		retryable bool
	}{
		{400, giftcard.ErrInvalidRequest, false},
		{401, giftcard.ErrUnauthorized, false},
		{403, giftcard.ErrUnauthorized, false},
		{402, giftcard.ErrInsufficientFunds, false},
		{404, giftcard.ErrNotFound, false},
		{409, giftcard.ErrDuplicateReference, false},
		{422, giftcard.ErrInvalidRequest, false},
		{429, giftcard.ErrRateLimited, true},
		{500, giftcard.ErrProviderUnavailable, true},
		{503, giftcard.ErrProviderUnavailable, true},
		{40401, giftcard.ErrNotFound, false},
		{4001, giftcard.ErrInvalidRequest, false},
		{5001, giftcard.ErrProviderUnavailable, true},
		{201, giftcard.ErrInvalidResponse, false},
		{302, giftcard.ErrInvalidResponse, false},
		{0, giftcard.ErrInvalidResponse, false},
		{-1, giftcard.ErrInvalidResponse, false},
		{7, giftcard.ErrInvalidResponse, false},
		{600, giftcard.ErrInvalidResponse, false},
	} {
		info := loyalty.LookupCode(tc.code)
		if info.Kind != tc.kind || info.Retryable != tc.retryable {
			t.Errorf("LookupCode(%d) = %v/%v, want %v/%v", tc.code, info.Kind, info.Retryable, tc.kind, tc.retryable)
		}
	}
}

func TestDeclineKind(t *testing.T) {
	for msg, want := range map[string]error{
		"insufficient balance":        giftcard.ErrInsufficientFunds,
		"Insufficient Points Balance": giftcard.ErrInsufficientFunds,
		"NSF":                         giftcard.ErrInsufficientFunds,
		"card is blocked":             giftcard.ErrProductUnavailable,
		"Card not activated":          giftcard.ErrProductUnavailable,
		"card expired":                giftcard.ErrProductUnavailable,
		"account not found":           giftcard.ErrNotFound,
		"declined":                    giftcard.ErrInvalidRequest,
		"":                            giftcard.ErrInvalidRequest,
	} {
		if got := loyalty.DeclineKind(msg); got != want {
			t.Errorf("DeclineKind(%q) = %v, want %v", msg, got, want)
		}
	}
}

// HTTP error statuses are read too: the envelope's code wins when it has
// one, else the status decides; a body that is not JSON keeps the status.
func TestHTTPErrorStatuses(t *testing.T) {
	srv, c := newSandbox(t)
	q := loyalty.QueryRequest{AccountID: loyaltytest.CardActive, EntryType: "K"}
	for _, tc := range []struct {
		status int
		body   string
		kind   error
		code   string
	}{
		{http.StatusBadRequest, `{"code":404,"msg":"card not found","timestamp":"2025-07-24 13:06:10"}`, giftcard.ErrNotFound, "404"},
		{http.StatusForbidden, `{"msg":"forbidden"}`, giftcard.ErrUnauthorized, ""},
		{http.StatusNotFound, `<html>not found</html>`, giftcard.ErrNotFound, ""},
		{http.StatusInternalServerError, `{"code":500,"msg":"boom","timestamp":"2025-07-24 13:06:10"}`, giftcard.ErrProviderUnavailable, "500"},
	} {
		// Every time: a 5xx is resent within the retry policy.
		srv.InjectFault(loyaltytest.Fault{Path: "/ovstrade/openLoyaltyPay/giftInquiry", Status: tc.status, Body: tc.body, Times: -1})
		_, err := c.Query(t.Context(), q)
		srv.ClearFaults()
		ge := geErr(t, err)
		if !errors.Is(err, tc.kind) || ge.StatusCode != tc.status || ge.Code != tc.code || ge.Provider != "loyalty" || ge.Op != "Query" {
			t.Errorf("HTTP %d %s: %v (status %d, code %q)", tc.status, tc.body, err, ge.StatusCode, ge.Code)
		}
		var ae *loyalty.APIError
		if tc.code != "" && (!errors.As(err, &ae) || ae.HTTPStatus != tc.status || ae.RawTimestamp != "2025-07-24 13:06:10") {
			t.Errorf("HTTP %d: the provider's answer is not reachable: %+v", tc.status, ae)
		}
	}
	srv.ClearFaults()

	// A 200 that is not the envelope.
	for _, body := range []string{`[]`, `{"msg":"ok"}`, `not json`, `{"code":200,"msg":"success","data":null}`} {
		srv.InjectFault(loyaltytest.Fault{Path: "/ovstrade/openLoyaltyPay/giftInquiry", Status: http.StatusOK, Body: body})
		if _, err := c.Query(t.Context(), q); !errors.Is(err, giftcard.ErrInvalidResponse) {
			t.Errorf("200 %s: %v", body, err)
		}
	}
}

func TestAPIErrorText(t *testing.T) {
	srv, c := newSandbox(t)
	srv.InjectFault(loyaltytest.Fault{Path: "/ovstrade/openLoyaltyPay/giftInquiry", Status: http.StatusOK,
		Body: `{"code":"404","msg":"card not found","timestamp":"2025-07-24 13:06:10","data":null}`})
	_, err := c.Query(t.Context(), loyalty.QueryRequest{AccountID: loyaltytest.CardActive, EntryType: "K"})
	var ae *loyalty.APIError
	if !errors.As(err, &ae) || ae.Error() != "loyalty: code 404: card not found (at 2025-07-24 13:06:10)" {
		t.Fatalf("%v", ae)
	}
	if !errors.Is(err, giftcard.ErrNotFound) {
		t.Fatalf("a code sent as a string is read too: %v", err)
	}
}
