package loyalty_test

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/loyalty"
	"github.com/giftcard-go/giftcard/loyalty/loyaltytest"
)

const (
	pathPay  = "/ovstrade/openLoyaltyPay/giftTransaction"
	pathVoid = "/ovstrade/openLoyaltyPay/giftVoid"
)

func payReq(amount string) loyalty.PayRequest {
	return loyalty.PayRequest{AccountID: loyaltytest.CardActive, EntryType: loyalty.EntryKeyed, Amount: usd(amount)}
}

func geErr(t *testing.T, err error) *giftcard.Error {
	t.Helper()
	var ge *giftcard.Error
	if !errors.As(err, &ge) {
		t.Fatalf("want a *giftcard.Error, got %T %v", err, err)
	}
	return ge
}

// The answer of a pay is lost after the sandbox committed it: the client
// resends the same bytes (same tranOrderNo) and gets the original answer;
// the card is charged once.
func TestPayAnswerLostChargesOnce(t *testing.T) {
	srv, c := newSandbox(t)
	before := balance(t, srv, loyaltytest.CardActive)
	srv.InjectFault(loyaltytest.Fault{Path: pathPay, DropAfterCommit: true})
	tx, err := c.Pay(t.Context(), payReq("10.50"))
	if err != nil {
		t.Fatal(err)
	}
	if n := count(srv, "Pay"); n != 1 {
		t.Fatalf("%d pays committed, want 1", n)
	}
	if got := balance(t, srv, loyaltytest.CardActive); !before.Sub(got).Equal(dec("10.50")) {
		t.Fatalf("balance went from %s to %s", before, got)
	}
	var bodies []string
	for _, e := range srv.Requests() {
		if e.Path == pathPay {
			bodies = append(bodies, string(e.Body))
		}
	}
	if len(bodies) != 2 || bodies[0] != bodies[1] {
		t.Fatalf("want the same body sent twice, got %q", bodies)
	}
	if srv.Transactions()[0].CheckoutID != tx.CheckoutID || srv.Transactions()[0].TranOrderNo != tx.TranOrderNo {
		t.Fatalf("the answer %+v is not the committed pay %+v", tx, srv.Transactions()[0])
	}
}

// The answer of a void is lost after commit: one void, and a second Void of
// the same checkoutId sends nothing.
func TestVoidAnswerLostVoidsOnce(t *testing.T) {
	srv, c := newSandbox(t)
	before := balance(t, srv, loyaltytest.CardActive)
	pay, err := c.Pay(t.Context(), payReq("10.50"))
	if err != nil {
		t.Fatal(err)
	}
	srv.InjectFault(loyaltytest.Fault{Path: pathVoid, DropAfterCommit: true})
	v, err := c.Void(t.Context(), loyalty.VoidRequest{OriOrderNo: pay.CheckoutID})
	if err != nil {
		t.Fatal(err)
	}
	if v.OriCheckoutID != pay.CheckoutID || v.OriTransIndexCode != pay.TransIndexCode || v.CheckoutID == "" {
		t.Fatalf("void %+v of pay %+v", v, pay)
	}
	if n := count(srv, "Void"); n != 1 {
		t.Fatalf("%d voids committed, want 1", n)
	}
	if got := balance(t, srv, loyaltytest.CardActive); !got.Equal(before) {
		t.Fatalf("balance %s after pay and void, want %s", got, before)
	}
	sent := srv.CountRequests("POST", pathVoid)
	again, err := c.Void(t.Context(), loyalty.VoidRequest{OriOrderNo: pay.CheckoutID})
	if err != nil || again.CheckoutID != v.CheckoutID {
		t.Fatalf("second void: %+v, %v", again, err)
	}
	if n := srv.CountRequests("POST", pathVoid); n != sent {
		t.Fatalf("the second Void sent %d requests", n-sent)
	}
	_, err = c.Void(t.Context(), loyalty.VoidRequest{OriOrderNo: pay.CheckoutID, TranOrderNo: "another-void"})
	if ge := geErr(t, err); !errors.Is(err, giftcard.ErrDuplicateReference) || ge.Reference != v.TranOrderNo {
		t.Fatalf("a void under another tranOrderNo: %v", err)
	}
	if n := srv.CountRequests("POST", pathVoid); n != sent {
		t.Fatalf("a refused Void sent %d requests", n-sent)
	}
}

// Every money and points operation survives a lost answer with one commit.
func TestEveryMoveAnswerLostCommitsOnce(t *testing.T) {
	srv, c := newSandbox(t)
	pay, err := c.Pay(t.Context(), payReq("5.00"))
	if err != nil {
		t.Fatal(err)
	}
	k := loyalty.EntryKeyed
	const card = loyaltytest.CardActive
	for _, tc := range []struct {
		op, path string
		call     func(ctx context.Context) (loyalty.Transaction, error)
	}{
		{"TopUp", "/ovstrade/openLoyaltyPay/giftIssuance", func(ctx context.Context) (loyalty.Transaction, error) {
			return c.TopUp(ctx, loyalty.TopUpRequest{AccountID: card, EntryType: k, Activating: loyalty.No, Amount: usd("20.00")})
		}},
		{"AddTip", "/ovstrade/openLoyaltyPay/giftTip", func(ctx context.Context) (loyalty.Transaction, error) {
			return c.AddTip(ctx, loyalty.TipRequest{OriOrderNo: pay.CheckoutID, AccountID: card, EntryType: k, Amount: usd("2.00")})
		}},
		{"IssuePoints", "/ovstrade/openLoyaltyPay/loyaltyIssuance", func(ctx context.Context) (loyalty.Transaction, error) {
			return c.IssuePoints(ctx, loyalty.PointsRequest{AccountID: card, EntryType: k, Points: 100})
		}},
		{"RedeemPoints", "/ovstrade/openLoyaltyPay/loyaltyRedemption", func(ctx context.Context) (loyalty.Transaction, error) {
			return c.RedeemPoints(ctx, loyalty.PointsRequest{AccountID: card, EntryType: k, Points: 40})
		}},
	} {
		t.Run(tc.op, func(t *testing.T) {
			srv.InjectFault(loyaltytest.Fault{Path: tc.path, DropAfterCommit: true})
			if _, err := tc.call(t.Context()); err != nil {
				t.Fatal(err)
			}
			if n := count(srv, tc.op); n != 1 {
				t.Fatalf("%d %s committed, want 1", n, tc.op)
			}
		})
	}
	c2, _ := srv.Card(card)
	if !c2.Balance.Equal(dec("113.00")) || c2.Points != 560 {
		t.Fatalf("card %s holds %s and %d points, want 113.00 and 560", card, c2.Balance, c2.Points)
	}
}

// A server that refuses a repeated tranOrderNo without the original answer:
// the call fails outcome-unknown with the tranOrderNo, never as a
// duplicate (a caller would pick a new number and pay twice).
func TestDuplicateRefusalIsOutcomeUnknown(t *testing.T) {
	srv, c := newSandbox(t, loyaltytest.WithoutReplay())
	srv.InjectFault(loyaltytest.Fault{Path: pathPay, DropAfterCommit: true})
	_, err := c.Pay(t.Context(), payReq("10.50"))
	ge := geErr(t, err)
	if !errors.Is(err, giftcard.ErrOutcomeUnknown) || errors.Is(err, giftcard.ErrDuplicateReference) || ge.Reference == "" || ge.Code != "409" {
		t.Fatalf("got %v (reference %q, code %q)", err, ge.Reference, ge.Code)
	}
	if n := count(srv, "Pay"); n != 1 {
		t.Fatalf("%d pays committed, want 1", n)
	}
	if srv.Transactions()[0].TranOrderNo != ge.Reference {
		t.Fatalf("the error's reference %q is not the committed pay's %q", ge.Reference, srv.Transactions()[0].TranOrderNo)
	}
	var ae *loyalty.APIError
	if !errors.As(err, &ae) || ae.Code != loyalty.CodeDuplicateOrder {
		t.Fatalf("the provider's answer is not reachable: %v", err)
	}
}

// A tranOrderNo reused for a different payment is refused by the server;
// the client cannot tell that from a replay refused, so: outcome unknown.
func TestReusedTranOrderNo(t *testing.T) {
	srv, c := newSandbox(t)
	req := payReq("1.00")
	req.TranOrderNo = "order-1"
	if _, err := c.Pay(t.Context(), req); err != nil {
		t.Fatal(err)
	}
	again, err := c.Pay(t.Context(), req) // the same request: the original answer
	if err != nil || again.TranOrderNo != "order-1" {
		t.Fatalf("repeat: %+v %v", again, err)
	}
	req.Amount = usd("2.00")
	_, err = c.Pay(t.Context(), req)
	if ge := geErr(t, err); !errors.Is(err, giftcard.ErrOutcomeUnknown) || ge.Reference != "order-1" {
		t.Fatalf("different payload: %v", err)
	}
	if n := count(srv, "Pay"); n != 1 {
		t.Fatalf("%d pays committed", n)
	}
}

// With retries off, a lost answer is outcome-unknown carrying the
// (generated) tranOrderNo; resending with it returns the original.
func TestLostAnswerWithoutRetries(t *testing.T) {
	srv, cfg, opts := sandbox(t)
	c, err := loyalty.New(cfg, append(opts, giftcard.WithNoRetries())...)
	if err != nil {
		t.Fatal(err)
	}
	srv.InjectFault(loyaltytest.Fault{Path: pathPay, DropAfterCommit: true})
	_, err = c.Pay(t.Context(), payReq("10.50"))
	ge := geErr(t, err)
	if !errors.Is(err, giftcard.ErrOutcomeUnknown) || !regexp.MustCompile(`^\d{34}$`).MatchString(ge.Reference) {
		t.Fatalf("got %v, reference %q", err, ge.Reference)
	}
	req := payReq("10.50")
	req.TranOrderNo = ge.Reference
	tx, err := c.Pay(t.Context(), req)
	if err != nil || tx.CheckoutID != srv.Transactions()[0].CheckoutID {
		t.Fatalf("resend: %+v %v", tx, err)
	}
	if n := count(srv, "Pay"); n != 1 {
		t.Fatalf("%d pays committed", n)
	}
}

// A decline is a definite refusal of the right kind; after an earlier
// attempt that may have landed it is outcome-unknown instead.
func TestDeclines(t *testing.T) {
	srv, c := newSandbox(t)
	_, err := c.Pay(t.Context(), payReq("1000.00"))
	ge := geErr(t, err)
	var ae *loyalty.APIError
	if !errors.Is(err, giftcard.ErrInsufficientFunds) || errors.Is(err, giftcard.ErrOutcomeUnknown) || ge.Reference == "" ||
		!errors.As(err, &ae) || ae.Transaction == nil || ae.Transaction.Result != loyalty.ResultDeclined || ae.Msg != "insufficient balance" {
		t.Fatalf("pay over the balance: %v", err)
	}

	nsf := payReq("1000.00")
	nsf.NSFAllowed = true
	tx, err := c.Pay(t.Context(), nsf)
	if err != nil || !tx.Money().Equal(usd("100.00")) {
		t.Fatalf("nsfAllowed: %+v %v", tx, err)
	}

	for _, tc := range []struct {
		card giftcard.Secret
		kind error
	}{{loyaltytest.CardBlocked, giftcard.ErrProductUnavailable}, {loyaltytest.CardNew, giftcard.ErrProductUnavailable}} {
		_, err := c.Pay(t.Context(), loyalty.PayRequest{AccountID: tc.card, EntryType: "K", Amount: usd("1.00")})
		if !errors.Is(err, tc.kind) || errors.Is(err, giftcard.ErrOutcomeUnknown) {
			t.Errorf("card %s: %v", tc.card, err)
		}
	}
	_, err = c.RedeemPoints(t.Context(), loyalty.PointsRequest{AccountID: loyaltytest.CardActive, EntryType: "K", Points: 100000})
	if !errors.Is(err, giftcard.ErrInsufficientFunds) {
		t.Errorf("redeem over the points: %v", err)
	}

	// A 503 (nothing committed, but the client cannot know) then a decline.
	srv.InjectFault(loyaltytest.Fault{Path: pathPay, Status: http.StatusServiceUnavailable})
	_, err = c.Pay(t.Context(), payReq("5000.00"))
	if !errors.Is(err, giftcard.ErrOutcomeUnknown) || !errors.Is(err, giftcard.ErrInsufficientFunds) {
		t.Fatalf("decline on a second attempt: %v", err)
	}
}

// A failure code inside an HTTP 200 keeps code, msg and timestamp; a 5xx
// code on a money operation is outcome-unknown.
func TestFailureInsideHTTP200(t *testing.T) {
	srv, c := newSandbox(t)
	srv.InjectFault(loyaltytest.Fault{Path: pathPay, Status: http.StatusOK,
		Header: http.Header{"Content-Type": {"application/json"}},
		Body:   `{"code":500,"msg":"system busy","timestamp":"2025-07-24 13:06:10","data":null}`})
	_, err := c.Pay(t.Context(), payReq("1.00"))
	ge := geErr(t, err)
	var ae *loyalty.APIError
	if !errors.Is(err, giftcard.ErrProviderUnavailable) || !errors.Is(err, giftcard.ErrOutcomeUnknown) || ge.Reference == "" ||
		ge.Code != "500" || ge.Message != "system busy" || !errors.As(err, &ae) ||
		!ae.Timestamp.Equal(time.Date(2025, 7, 24, 13, 6, 10, 0, time.UTC)) || ae.HTTPStatus != 200 {
		t.Fatalf("got %v %+v", err, ae)
	}
	// A refusal code on the only attempt is definite.
	srv.InjectFault(loyaltytest.Fault{Path: pathPay, Status: http.StatusOK, Body: `{"code":400,"msg":"bad amount","timestamp":"2025-07-24 13:06:10"}`})
	_, err = c.Pay(t.Context(), payReq("1.00"))
	if !errors.Is(err, giftcard.ErrInvalidRequest) || errors.Is(err, giftcard.ErrOutcomeUnknown) || geErr(t, err).Reference == "" {
		t.Fatalf("code 400: %v", err)
	}
	// An undocumented result is not taken for a success.
	srv.InjectFault(loyaltytest.Fault{Path: pathPay, Status: http.StatusOK,
		Body: `{"code":200,"msg":"success","timestamp":"2025-07-24 13:06:10","data":{"checkoutId":"1","result":7}}`})
	_, err = c.Pay(t.Context(), payReq("1.00"))
	if !errors.Is(err, giftcard.ErrOutcomeUnknown) || !errors.As(err, &ae) || ae.Transaction == nil || ae.Transaction.Result != 7 {
		t.Fatalf("result 7: %v", err)
	}
	// A success without a checkoutId could be neither voided nor tipped.
	srv.InjectFault(loyaltytest.Fault{Path: pathPay, Status: http.StatusOK,
		Body: `{"code":200,"msg":"success","timestamp":"2025-07-24 13:06:10","data":{"result":0}}`})
	_, err = c.Pay(t.Context(), payReq("1.00"))
	if !errors.Is(err, giftcard.ErrInvalidResponse) || !errors.Is(err, giftcard.ErrOutcomeUnknown) {
		t.Fatalf("no checkoutId: %v", err)
	}
}

func TestPendingIsAStatus(t *testing.T) {
	_, c := newSandbox(t)
	tx, err := c.Pay(t.Context(), loyalty.PayRequest{AccountID: loyaltytest.CardPending, EntryType: "K", Amount: usd("1.00")})
	if err != nil || !tx.Pending() || tx.Result != loyalty.ResultPending {
		t.Fatalf("%+v %v", tx, err)
	}
}

// One void in flight per checkoutId: a second one is refused without a
// request; after the first ends with an unknown outcome, the next Void
// resends it with its own tranOrderNo; the original is voided once.
func TestVoidInFlight(t *testing.T) {
	srv, c := newSandbox(t)
	pay, err := c.Pay(t.Context(), payReq("3.00"))
	if err != nil {
		t.Fatal(err)
	}
	srv.InjectFault(loyaltytest.Fault{Path: pathVoid, Delay: -1}) // held until the client gives up
	ctx, cancel := context.WithCancel(t.Context())
	var wg sync.WaitGroup
	var firstErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		_, firstErr = c.Void(ctx, loyalty.VoidRequest{OriOrderNo: pay.CheckoutID})
	}()
	for i := 0; srv.CountRequests("POST", pathVoid) == 0; i++ {
		if i > 5000 {
			t.Fatal("the first void never arrived")
		}
		time.Sleep(time.Millisecond)
	}
	_, err = c.Void(t.Context(), loyalty.VoidRequest{OriOrderNo: pay.CheckoutID})
	if !errors.Is(err, giftcard.ErrDuplicateReference) {
		t.Fatalf("second void while the first is in flight: %v", err)
	}
	if n := srv.CountRequests("POST", pathVoid); n != 1 {
		t.Fatalf("%d void requests, want 1", n)
	}
	cancel()
	wg.Wait()
	fe := geErr(t, firstErr)
	if !errors.Is(firstErr, giftcard.ErrOutcomeUnknown) {
		t.Fatalf("first void: %v", firstErr)
	}
	v, err := c.Void(t.Context(), loyalty.VoidRequest{OriOrderNo: pay.CheckoutID})
	if err != nil || v.TranOrderNo != fe.Reference || v.OriCheckoutID != pay.CheckoutID {
		t.Fatalf("resumed void: %+v %v (first reference %s)", v, err, fe.Reference)
	}
	if n := count(srv, "Void"); n != 1 {
		t.Fatalf("%d voids committed, want 1", n)
	}
}

// A void refused definitely is forgotten, so it can be tried again.
func TestVoidRefusedIsForgotten(t *testing.T) {
	srv, c := newSandbox(t)
	for range 2 {
		_, err := c.Void(t.Context(), loyalty.VoidRequest{OriOrderNo: "123"})
		if !errors.Is(err, giftcard.ErrNotFound) || errors.Is(err, giftcard.ErrOutcomeUnknown) {
			t.Fatalf("void of an unknown transaction: %v", err)
		}
	}
	if n := srv.CountRequests("POST", pathVoid); n != 2 {
		t.Fatalf("%d requests, want 2", n)
	}
	// An already voided transaction: refused by the server (another client
	// voided it).
	pay, _ := c.Pay(t.Context(), payReq("1.00"))
	other, _ := loyalty.New(srv.Config(), giftcard.WithHTTPClient(srv.Client()))
	if _, err := other.Void(t.Context(), loyalty.VoidRequest{OriOrderNo: pay.CheckoutID}); err != nil {
		t.Fatal(err)
	}
	_, err := c.Void(t.Context(), loyalty.VoidRequest{OriOrderNo: pay.CheckoutID})
	var ae *loyalty.APIError
	if !errors.Is(err, giftcard.ErrInvalidRequest) || !errors.As(err, &ae) || ae.Code != loyalty.CodeAlreadyVoided {
		t.Fatalf("void of a voided pay: %v", err)
	}
}
