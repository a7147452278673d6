package hubble_test

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/hubble"
	"github.com/giftcard-go/giftcard/hubble/hubbletest"
)

// Every documented code, answered by the sandbox (fault injection) on the
// call where Hubble would send it, maps to its kind and keeps Hubble's code,
// message and requestId.
func TestEveryErrorCodeMapsToAKind(t *testing.T) {
	cases := []struct {
		code      string
		status    int
		kind      error
		retryable bool
	}{
		{"E001", http.StatusNotFound, giftcard.ErrNotFound, false},
		{"E100", http.StatusBadRequest, giftcard.ErrProductUnavailable, true},
		{"E101", http.StatusBadRequest, giftcard.ErrProductUnavailable, false},
		{"E102", http.StatusBadRequest, giftcard.ErrProductUnavailable, false},
		{"E150", http.StatusBadRequest, giftcard.ErrInvalidDenomination, false},
		{"E151", http.StatusBadRequest, giftcard.ErrInvalidRequest, false},
		{"E152", http.StatusBadRequest, giftcard.ErrInvalidDenomination, false},
		{"E153", http.StatusBadRequest, giftcard.ErrInvalidDenomination, false},
		{"E154", http.StatusBadRequest, giftcard.ErrInvalidDenomination, false},
		{"E155", http.StatusBadRequest, giftcard.ErrInvalidDenomination, false},
		{"E156", http.StatusBadRequest, giftcard.ErrInvalidDenomination, false},
		{"E157", http.StatusBadRequest, giftcard.ErrInvalidDenomination, false},
		{"E200", http.StatusUnprocessableEntity, giftcard.ErrProviderUnavailable, true},
		{"E300", http.StatusBadRequest, giftcard.ErrInsufficientFunds, false},
	}
	if len(cases) != len(hubble.Codes()) {
		t.Fatalf("table covers %d codes, hubble.Codes() has %d", len(cases), len(hubble.Codes()))
	}
	srv := sandbox(t)
	c := client(t, srv)
	if err := c.Login(t.Context()); err != nil {
		t.Fatal(err)
	}
	for i, tc := range cases {
		if hubble.Codes()[i] != tc.code {
			t.Fatalf("case %d is %s, hubble.Codes() has %s", i, tc.code, hubble.Codes()[i])
		}
		t.Run(tc.code, func(t *testing.T) {
			reqID := fmt.Sprintf("req_%s_1", tc.code)
			body := fmt.Sprintf(`{"id":%q,"code":"SOME_CODE","message":"Hubble says %s","requestId":%q,"debugMessage":"dbg %s",`+
				`"subErrors":[{"fieldName":"denominationDetails","message":"bad","debugMessage":"d"}]}`, tc.code, tc.code, reqID, tc.code)
			srv.InjectFault(hubbletest.Fault{Method: http.MethodPost, Path: ordersPath, Status: tc.status, Body: body,
				Header: http.Header{"Content-Type": {"application/json"}}})
			_, err := c.SubmitOrder(t.Context(), hubble.OrderRequest{ProductID: hubbletest.FlipkartID, Amount: dec("500"),
				DenominationDetails: denoms(500, 1)}, hubble.WithoutBrandCheck())
			ge := asError(t, err)
			if !errors.Is(err, tc.kind) || ge.Code != tc.code || ge.Message != "Hubble says "+tc.code ||
				ge.RequestID != reqID || ge.StatusCode != tc.status || ge.Provider != "hubble" || ge.Op != "PlaceOrder" {
				t.Fatalf("got %#v, want kind %v code %s", ge, tc.kind, tc.code)
			}
			if ge.Retryable != tc.retryable {
				t.Errorf("Retryable = %v, want %v", ge.Retryable, tc.retryable)
			}
			var body2 *hubble.ErrorResponse
			if !errors.As(err, &body2) || body2.DebugMessage != "dbg "+tc.code || len(body2.SubErrors) != 1 {
				t.Fatalf("the error body is not reachable with errors.As: %v", err)
			}
			if !strings.Contains(err.Error(), "denominationDetails: bad") {
				t.Errorf("sub-errors missing from %q", err)
			}
			if info, ok := hubble.LookupCode(tc.code); !ok || info.Kind != tc.kind || info.Retryable != tc.retryable {
				t.Errorf("LookupCode(%s) = %+v %v", tc.code, info, ok)
			}
		})
	}
	// Bodies without a known code fall back to the HTTP status; a non-JSON
	// body too.
	c = client(t, srv, giftcard.WithNoRetries())
	for _, f := range []struct {
		status int
		body   string
		kind   error
	}{
		{http.StatusConflict, `{"code":"DUPLICATE_REFERENCE","message":"used"}`, giftcard.ErrDuplicateReference},
		{http.StatusBadRequest, `{"id":"E999","message":"new code"}`, giftcard.ErrInvalidRequest},
		{http.StatusServiceUnavailable, `<html>down</html>`, giftcard.ErrProviderUnavailable},
		{http.StatusTooManyRequests, `{"message":"slow down"}`, giftcard.ErrRateLimited},
	} {
		srv.InjectFault(hubbletest.Fault{Method: http.MethodGet, Path: "/v1/partners/wallet/balance", Status: f.status, Body: f.body, Times: 10})
		_, err := c.WalletBalance(t.Context())
		srv.ClearFaults()
		if !errors.Is(err, f.kind) {
			t.Errorf("HTTP %d %s: got %v, want %v", f.status, f.body, err, f.kind)
		}
	}
}

func TestFailureKind(t *testing.T) {
	cases := map[string]error{
		"Insufficient balance":       giftcard.ErrInsufficientFunds,
		"insufficient balance.":      giftcard.ErrInsufficientFunds,
		"Brand not available":        giftcard.ErrProductUnavailable,
		"Denomination not available": giftcard.ErrInvalidDenomination,
		"Voucher generation failed":  giftcard.ErrProviderUnavailable,
		"E300: wallet too low":       giftcard.ErrInsufficientFunds,
		"E102":                       giftcard.ErrProductUnavailable,
		"Brand is temporarily disabled owing to failures": giftcard.ErrProductUnavailable,
		"Daily amount limit breached for partner":         giftcard.ErrRateLimited,
		"Maximum denomination limit exceeded":             giftcard.ErrInvalidDenomination,
		"Something new":                                   giftcard.ErrProviderUnavailable,
		"":                                                giftcard.ErrProviderUnavailable,
	}
	for reason, want := range cases {
		if got := hubble.FailureKind(reason); got != want {
			t.Errorf("FailureKind(%q) = %v, want %v", reason, got, want)
		}
	}
	o := hubble.Order{Status: hubble.StatusSuccess, FailureReason: "Insufficient balance"}
	if o.FailureKind() != nil {
		t.Error("a SUCCESS order has a failure kind")
	}
}

func TestStatusAndCardTypeMapping(t *testing.T) {
	for in, want := range map[hubble.OrderStatus]giftcard.OrderStatus{
		"SUCCESS": giftcard.OrderSuccess, "PROCESSING": giftcard.OrderProcessing, "FAILED": giftcard.OrderFailed,
		"CANCELLED": giftcard.OrderCancelled, "REVERSED": giftcard.OrderReversed, "ON_HOLD": "ON_HOLD",
	} {
		if got := in.Portable(); got != want {
			t.Errorf("%s → %s, want %s", in, got, want)
		}
	}
	for in, want := range map[hubble.CardType]giftcard.CardType{
		"CARD_NUMBER_SECURED": giftcard.CardNumberOnly, "PIN_NO_SECURED": giftcard.CardPINOnly,
		"CARD_AND_PIN_NO_SECURED": giftcard.CardNumberAndPIN, "PIN_SECURED": giftcard.CardPINOnly,
		"CARD_NO_AND_PIN": giftcard.CardNumberAndPIN, "QR_CODE": "QR_CODE", "": "",
	} {
		if got := hubble.PortableCardType(in); got != want {
			t.Errorf("%s → %s, want %s", in, got, want)
		}
	}
}

// An error body inside an HTTP 200 is not an order: its code maps to its
// kind; an answer without a status is an invalid response, and for the
// order POST an unknown outcome that PlaceOrder reconciles.
func TestOrderAnswerWithoutStatus(t *testing.T) {
	srv := sandbox(t)
	c := client(t, srv)
	ctx := t.Context()
	if _, err := c.Brand(ctx, hubbletest.FlipkartID); err != nil {
		t.Fatal(err)
	}
	jsonHdr := http.Header{"Content-Type": {"application/json"}}
	srv.InjectFault(hubbletest.Fault{Method: http.MethodPost, Path: ordersPath, Status: http.StatusOK, Header: jsonHdr,
		Body: `{"id":"E300","code":"INSUFFICIENT_BALANCE","message":"Insufficient wallet balance","requestId":"req_e300"}`})
	o, err := c.PlaceOrder(ctx, flipkart500())
	if ge := asError(t, err); !errors.Is(err, giftcard.ErrInsufficientFunds) || ge.Code != "E300" || ge.RequestID != "req_e300" ||
		ge.Message != "Insufficient wallet balance" || errors.Is(err, giftcard.ErrOutcomeUnknown) {
		t.Fatalf("E300 inside a 200: %v %v", o, err)
	}
	for _, path := range []string{ordersPath + "/", "/v1/partners/orders/by-reference/"} {
		srv.InjectFault(hubbletest.Fault{Method: http.MethodGet, Path: path, Status: http.StatusOK, Header: jsonHdr,
			Body: `{"id":"E001","message":"Requested resource is not found"}`})
	}
	if _, err := c.GetOrder(ctx, "01KJA7HBZAPKDN0VVXTVN6R41H"); !errors.Is(err, giftcard.ErrNotFound) {
		t.Fatalf("GetOrder, E001 inside a 200: %v", err)
	}
	if _, err := c.GetOrderByReference(ctx, "ref-x"); !errors.Is(err, giftcard.ErrNotFound) {
		t.Fatalf("GetOrderByReference, E001 inside a 200: %v", err)
	}
	srv.InjectFault(hubbletest.Fault{Method: http.MethodGet, Path: ordersPath + "/", Status: http.StatusOK, Header: jsonHdr, Body: `{}`})
	if _, err := c.GetOrder(ctx, "01KJA7HBZAPKDN0VVXTVN6R41H"); !errors.Is(err, giftcard.ErrInvalidResponse) || errors.Is(err, giftcard.ErrOutcomeUnknown) {
		t.Fatalf("GetOrder answered {}: %v", err)
	}
	// The order POST answered {}: reconciled (404 by reference, resent).
	srv.InjectFault(hubbletest.Fault{Method: http.MethodPost, Path: ordersPath, Status: http.StatusOK, Header: jsonHdr, Body: `{}`})
	req := flipkart500()
	req.ReferenceID = "no-status-1"
	o, err = c.PlaceOrder(ctx, req)
	if err != nil || o.Status != giftcard.OrderSuccess || srv.OrdersWithReference(req.ReferenceID) != 1 {
		t.Fatalf("POST answered {}: %v %v", o, err)
	}
}
