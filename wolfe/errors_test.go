package wolfe_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/wolfe"
	"github.com/giftcard-go/giftcard/wolfe/wolfetest"
)

var jsonHeader = http.Header{"Content-Type": {"application/json"}}

// TestErrorBodies: Wolfe's {code, message} body, as an HTTP error or
// inside an HTTP 200, maps to the documented kinds, keeps the code, names
// the parameters and is reachable as *wolfe.ErrorResponse.
func TestErrorBodies(t *testing.T) {
	for _, tc := range []struct {
		name       string
		status     int
		body       string
		kind       error
		code       string
		params     string // the ValidationError's field, "" for none
		wantInMsg  string
		retried    bool
		notInvalid bool
	}{
		{name: "missing parameters in data", status: 400,
			body: `{"code":400,"message":"MISSING_PARAMETERS","data":{"parameters":["amount","merchant_id"]}}`,
			kind: giftcard.ErrInvalidRequest, code: "MISSING_PARAMETERS", params: "amount, merchant_id", wantInMsg: "amount, merchant_id"},
		{name: "pattern named in the message", status: 400,
			body: `{"code":400,"message":"PATTERN_IS_NOT_MATCHED: mobile_number"}`,
			kind: giftcard.ErrInvalidRequest, code: "PATTERN_IS_NOT_MATCHED", params: "mobile_number"},
		{name: "the name as the code", status: 400,
			body: `{"code":"MISSING_PARAMETERS","message":"amount is required","parameters":"amount"}`,
			kind: giftcard.ErrInvalidRequest, code: "MISSING_PARAMETERS", params: "amount", wantInMsg: "amount is required"},
		{name: "refusal inside HTTP 200", status: 200,
			body: `{"code":400,"message":"PATTERN_IS_NOT_MATCHED","data":{"fields":["email"]}}`,
			kind: giftcard.ErrInvalidRequest, code: "PATTERN_IS_NOT_MATCHED", params: "email"},
		{name: "insufficient funds inside HTTP 200", status: 200,
			body: `{"code":"INSUFFICIENT_FUNDS","message":"fund account balance too low"}`,
			kind: giftcard.ErrInsufficientFunds, code: "INSUFFICIENT_FUNDS", wantInMsg: "balance too low", notInvalid: true},
		{name: "insufficient funds by name", status: 400, body: `{"code":400,"message":"INSUFFICIENT_BALANCE"}`,
			kind: giftcard.ErrInsufficientFunds, code: "INSUFFICIENT_BALANCE", notInvalid: true},
		{name: "401", status: 401, body: `{"code":401,"message":"Invalid partner key"}`,
			kind: giftcard.ErrUnauthorized, code: "401", wantInMsg: "Invalid partner key", notInvalid: true},
		{name: "403 whatever the name", status: 403, body: `{"code":403,"message":"MISSING_PARAMETERS"}`,
			kind: giftcard.ErrUnauthorized, code: "MISSING_PARAMETERS", notInvalid: true},
		{name: "404", status: 404, body: `{"code":404,"message":"Gift not found"}`,
			kind: giftcard.ErrNotFound, code: "404", notInvalid: true},
		{name: "unknown name kept, kind by status", status: 422, body: `{"code":422,"message":"GIFT_LIMIT_REACHED"}`,
			kind: giftcard.ErrInvalidRequest, code: "GIFT_LIMIT_REACHED"},
		{name: "unknown numeric code kept", status: 418, body: `{"code":418,"message":"teapot"}`,
			kind: giftcard.ErrInvalidRequest, code: "418"},
		{name: "rate limited", status: 429, body: `{"code":429,"message":"RATE_LIMITED"}`,
			kind: giftcard.ErrRateLimited, code: "RATE_LIMITED", retried: true, notInvalid: true},
		{name: "not JSON", status: 502, body: `<html>bad gateway</html>`,
			kind: giftcard.ErrProviderUnavailable, retried: true, notInvalid: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newSandbox(t)
			c := client(t, srv, giftcard.WithRetryPolicy(giftcard.RetryPolicy{MaxAttempts: 2}))
			times := 1
			if tc.retried {
				times = -1 // every attempt
			}
			srv.InjectFault(wolfetest.Fault{Method: "GET", Status: tc.status, Body: tc.body, Header: jsonHeader, Times: times})
			_, err := c.Merchants.Get(t.Context(), wolfetest.DunkinID)
			if !errors.Is(err, tc.kind) {
				t.Fatalf("got %v, want %v", err, tc.kind)
			}
			ge := asError(t, err)
			if ge.Code != tc.code {
				t.Errorf("Code %q, want %q", ge.Code, tc.code)
			}
			if tc.wantInMsg != "" && !strings.Contains(ge.Message, tc.wantInMsg) {
				t.Errorf("Message %q lacks %q", ge.Message, tc.wantInMsg)
			}
			var ve *giftcard.ValidationError
			switch {
			case tc.params != "" && (!errors.As(err, &ve) || ve.Field != tc.params):
				t.Errorf("ValidationError %+v, want one naming %q", ve, tc.params)
			case tc.params == "" && errors.As(err, &ve):
				t.Errorf("unexpected ValidationError %+v", ve)
			}
			var er *wolfe.ErrorResponse
			if tc.code != "" && (!errors.As(err, &er) || len(er.Body) == 0) {
				t.Errorf("no *wolfe.ErrorResponse behind %v", err)
			}
			if tc.notInvalid && errors.Is(err, giftcard.ErrInvalidRequest) {
				t.Errorf("%v also matches ErrInvalidRequest", err)
			}
			want := 1
			if tc.retried {
				want = 2
			}
			if n := srv.Journal().Len(); n != want {
				t.Errorf("%d requests, want %d", n, want)
			}
		})
	}
}

func TestSuccessCodes(t *testing.T) {
	srv := newSandbox(t)
	c := client(t, srv)
	for _, body := range []string{
		`{"code":200,"message":"SUCCESS","data":{"balance":1}}`,
		`{"code":201,"message":"SUCCESS","data":{"balance":1}}`,
		`{"code":202,"message":"SUCCESS","data":{"balance":1}}`,
		`{"code":"200","message":"SUCCESS","data":{"balance":1}}`,
		`{"data":{"balance":1}}`,
	} {
		srv.InjectFault(wolfetest.Fault{Method: "GET", Status: 200, Body: body, Header: jsonHeader})
		b, err := c.Funding.Balance(t.Context())
		if err != nil || !b.Amount.Equal(usd("0.01")) {
			t.Errorf("%s: %v %v", body, b.Amount, err)
		}
	}
	for _, body := range []string{`not json`, `{"code":200,"message":"SUCCESS"}`, `{"code":200,"data":{"balance":"ten"}}`, ``} {
		srv.InjectFault(wolfetest.Fault{Method: "GET", Status: 200, Body: body, Header: jsonHeader})
		if _, err := c.Funding.Balance(t.Context()); !errors.Is(err, giftcard.ErrInvalidResponse) {
			t.Errorf("%q: %v, want ErrInvalidResponse", body, err)
		}
	}
}

// TestUnreadableAnswerToAPurchase: a 2xx the client cannot read may be a
// committed purchase: it is reconciled, not reported as a failure.
func TestUnreadableAnswerToAPurchase(t *testing.T) {
	for _, body := range []string{`{"code":201,"message":"SUCCESS","data":{}}`, `{"code":201,`} {
		srv := newSandbox(t)
		c := client(t, srv)
		srv.InjectFault(wolfetest.Fault{Method: "POST", Status: 201, Body: body, Header: jsonHeader})
		before := snapshot(srv)
		res, err := c.Gifts.Purchase(t.Context(), purchase25())
		// The fault answered without reaching the handler: nothing was
		// bought, the lookup finds nothing and the same request is resent.
		if err != nil || res.GiftID == "" {
			t.Fatalf("%s: %+v %v", body, res, err)
		}
		onePurchase(t, srv, before, usd("25"))
	}
}

func TestLookupCode(t *testing.T) {
	for name, kind := range map[string]error{
		"MISSING_PARAMETERS": giftcard.ErrInvalidRequest, "pattern_is_not_matched": giftcard.ErrInvalidRequest,
		"INSUFFICIENT_FUNDS": giftcard.ErrInsufficientFunds, "DUPLICATE_REFERENCE": giftcard.ErrDuplicateReference,
		"NOT_FOUND": giftcard.ErrNotFound, "UNAUTHORIZED": giftcard.ErrUnauthorized, "FORBIDDEN": giftcard.ErrUnauthorized,
		"AMOUNT_OUT_OF_RANGE": giftcard.ErrInvalidDenomination, "MERCHANT_UNAVAILABLE": giftcard.ErrProductUnavailable,
		"INVALID_STATE": giftcard.ErrInvalidRequest, "RATE_LIMITED": giftcard.ErrRateLimited,
	} {
		info, ok := wolfe.LookupCode(name)
		if !ok || info.Kind != kind {
			t.Errorf("%s: %+v %v", name, info, ok)
		}
	}
	if _, ok := wolfe.LookupCode("SOMETHING_NEW"); ok {
		t.Error("an unknown name was known")
	}
}
