package wolfe_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptrace"
	"sync"
	"testing"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/wolfe"
	"github.com/giftcard-go/giftcard/wolfe/wolfetest"
)

var giftsPath = "/partner/" + wolfetest.CompanyID + "/gifts"

// ledger is what the sandbox holds before a test's calls.
type ledger struct {
	balance giftcard.Money
	gifts   int
	debits  int
}

func snapshot(srv *wolfetest.Server) ledger {
	return ledger{balance: srv.Balance(), gifts: srv.GiftCount(), debits: srv.Debits()}
}

// onePurchase asserts exactly one gift and one debit of amount + fee since
// before.
func onePurchase(t *testing.T, srv *wolfetest.Server, before ledger, amount giftcard.Money) {
	t.Helper()
	if n := srv.GiftCount() - before.gifts; n != 1 {
		t.Errorf("%d gifts were created, want 1", n)
	}
	if n := srv.Debits() - before.debits; n != 1 {
		t.Errorf("%d debits were made, want 1", n)
	}
	if spent := mustSub(t, before.balance, srv.Balance()); !spent.Equal(charged(amount)) {
		t.Errorf("the balance fell by %s, want amount + fee = %s", spent, charged(amount))
	}
}

func TestPurchase(t *testing.T) {
	srv := newSandbox(t)
	c := client(t, srv)
	ctx := t.Context()
	before := snapshot(srv)
	req := purchase25()
	res, err := c.Gifts.Purchase(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if res.GiftID == "" || res.ReferenceID == "" {
		t.Fatalf("%+v", res)
	}
	onePurchase(t, srv, before, req.Amount)
	g, err := c.Gifts.GetByReference(ctx, res.ReferenceID)
	if err != nil || g.ID != res.GiftID || g.ReferenceID != res.ReferenceID {
		t.Fatalf("by reference: %+v %v", g, err)
	}
	g, err = c.Gifts.Get(ctx, res.GiftID)
	if err != nil {
		t.Fatal(err)
	}
	if !g.Amount.Equal(usd("25")) || !g.Charged().Equal(charged(usd("25"))) || g.Email != req.Email ||
		g.MerchantID != wolfetest.AmazonID || g.Status != wolfe.GiftStatusNew || g.Message != "Thank you!" || !g.Balance.Equal(usd("25")) {
		t.Errorf("gift %+v", g)
	}
	// The purchase is on the funding account: a transaction whose reference
	// is the gift id, charging amount + fee.
	p, err := c.Funding.ListTransactions(ctx, wolfe.TransactionQuery{ReferenceID: g.ID})
	if err != nil || len(p.Items) != 1 || !p.Items[0].Total().Equal(g.Charged()) {
		t.Fatalf("transactions %+v %v", p, err)
	}
	// Asking for the same reference again is the same gift, not a second.
	req.ReferenceID = res.ReferenceID
	again, err := c.Gifts.Purchase(ctx, req)
	if err != nil || again.GiftID != res.GiftID {
		t.Fatalf("again: %+v %v", again, err)
	}
	onePurchase(t, srv, before, req.Amount)
}

// TestPurchaseAnswerLost: the sandbox commits the purchase and drops the
// answer. The client looks the reference up and returns the gift: one gift,
// one debit, no second POST.
func TestPurchaseAnswerLost(t *testing.T) {
	for _, managed := range []bool{false, true} {
		srv := newSandbox(t)
		c := client(t, srv)
		ctx := t.Context()
		before := snapshot(srv)
		srv.InjectFault(wolfetest.Fault{Method: "POST", Path: giftsPath, DropAfterCommit: true})
		var res wolfe.PurchaseResult
		var err error
		if managed {
			res, err = c.Gifts.PurchaseManaged(ctx, wolfe.ManagedPurchaseRequest{Amount: usd("25"), MerchantID: wolfetest.AmazonID, ClientRecipientID: "u-1"})
		} else {
			res, err = c.Gifts.Purchase(ctx, purchase25())
		}
		if err != nil {
			t.Fatalf("managed=%v: %v", managed, err)
		}
		onePurchase(t, srv, before, usd("25"))
		if posts := srv.CountRequests("POST", giftsPath); posts != 1 {
			t.Errorf("managed=%v: %d POSTs, want 1 (the lookup found the gift)", managed, posts)
		}
		g, err := c.Gifts.GetByReference(ctx, res.ReferenceID)
		if err != nil || g.ID != res.GiftID {
			t.Errorf("managed=%v: the result %+v is not the gift holding its reference (%+v, %v)", managed, res, g, err)
		}
	}
}

// TestPurchaseDelayedOriginal: the original request reaches Wolfe late,
// after the client gave up on it, looked the reference up (not there yet)
// and sent it again. The late original is refused as a reused reference:
// one gift, one debit. The middleware plays the network: it writes nothing
// the first time, says it did, fails the attempt, and delivers the held
// bytes after the call returns.
func TestPurchaseDelayedOriginal(t *testing.T) {
	srv := newSandbox(t)
	var mu sync.Mutex
	var held *http.Request
	var heldBody []byte
	hold := func(next http.RoundTripper) http.RoundTripper {
		return roundTripFunc(func(r *http.Request) (*http.Response, error) {
			mu.Lock()
			first := held == nil && r.Method == "POST"
			if first {
				held = r.Clone(context.Background())
				heldBody, _ = io.ReadAll(r.Body)
			}
			mu.Unlock()
			if first {
				if tr := httptrace.ContextClientTrace(r.Context()); tr != nil && tr.WroteRequest != nil {
					tr.WroteRequest(httptrace.WroteRequestInfo{}) // the bytes are on their way
				}
				return nil, errors.New("read tcp: i/o timeout")
			}
			return next.RoundTrip(r)
		})
	}
	c := client(t, srv, giftcard.WithMiddleware(hold))
	ctx := t.Context()
	before := snapshot(srv)
	res, err := c.Gifts.Purchase(ctx, purchase25())
	if err != nil {
		t.Fatal(err)
	}
	onePurchase(t, srv, before, usd("25"))
	if held == nil {
		t.Fatal("the original was never held")
	}
	// The original arrives now.
	held.Body = io.NopCloser(bytes.NewReader(heldBody))
	held.RequestURI = ""
	resp, err := srv.Client().Do(held)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusConflict {
		t.Errorf("the late original was answered %d, want 409 (reference already used)", resp.StatusCode)
	}
	onePurchase(t, srv, before, usd("25"))
	if g, err := c.Gifts.GetByReference(ctx, res.ReferenceID); err != nil || g.ID != res.GiftID {
		t.Errorf("%+v %v", g, err)
	}
}

// TestPurchaseDelayedOriginalRace: the sandbox holds the original until
// the client gives up on it, then commits it while the client reconciles:
// whichever of the lookup, the resend and the late commit wins, there is
// one gift and one debit.
func TestPurchaseDelayedOriginalRace(t *testing.T) {
	for i := range 8 {
		srv := newSandbox(t)
		giveUp := func(next http.RoundTripper) http.RoundTripper {
			var once sync.Once
			return roundTripFunc(func(r *http.Request) (*http.Response, error) {
				first := false
				once.Do(func() { first = r.Method == "POST" })
				if !first {
					return next.RoundTrip(r)
				}
				ctx, cancel := context.WithCancel(r.Context())
				defer cancel()
				go func() {
					waitFor(t, func() bool { return srv.CountRequests("POST", giftsPath) > 0 })
					cancel() // the client gives up once the sandbox holds the request
				}()
				return next.RoundTrip(r.WithContext(ctx))
			})
		}
		srv.InjectFault(wolfetest.Fault{Method: "POST", Path: giftsPath, Delay: -1})
		c := client(t, srv, giftcard.WithMiddleware(giveUp))
		before := snapshot(srv)
		res, err := c.Gifts.Purchase(t.Context(), purchase25())
		if err != nil {
			t.Fatalf("round %d: %v", i, err)
		}
		// Wait for the held original to be answered, then count.
		waitFor(t, func() bool {
			for _, e := range srv.Requests() {
				if e.Method == "POST" && e.Status == 0 && e.Fault == "" {
					return false
				}
			}
			return true
		})
		onePurchase(t, srv, before, usd("25"))
		if g, err := c.Gifts.GetByReference(t.Context(), res.ReferenceID); err != nil || g.ID != res.GiftID {
			t.Errorf("round %d: %+v %v", i, g, err)
		}
	}
}

// waitFor polls cond (a test synchronisation, not a protocol timer) for up
// to 10 s.
func waitFor(t *testing.T, cond func() bool) {
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Error("condition not reached in 10 s")
			return
		}
		time.Sleep(time.Millisecond)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestPurchaseServerError: a 500 to the purchase may hide a commit; the
// client looks the reference up (absent) and sends the same request again.
func TestPurchaseServerError(t *testing.T) {
	srv := newSandbox(t)
	c := client(t, srv)
	before := snapshot(srv)
	srv.InjectFault(wolfetest.Fault{Method: "POST", Path: giftsPath, Status: 500, Body: `{"code":500,"message":"INTERNAL_ERROR"}`,
		Header: http.Header{"Content-Type": {"application/json"}}})
	res, err := c.Gifts.Purchase(t.Context(), purchase25())
	if err != nil {
		t.Fatal(err)
	}
	onePurchase(t, srv, before, usd("25"))
	var bodies [][]byte
	for _, e := range srv.Requests() {
		if e.Method == "POST" {
			bodies = append(bodies, e.Body)
		}
	}
	if len(bodies) != 2 || !bytes.Equal(bodies[0], bodies[1]) || !bytes.Contains(bodies[0], []byte(res.ReferenceID)) {
		t.Errorf("the resend is not the same request with the same reference: %q", bodies)
	}
}

// TestPurchaseReferenceOfAnotherRequest: a reference held by a different
// gift is ErrDuplicateReference naming it, with no second gift or debit.
func TestPurchaseReferenceOfAnotherRequest(t *testing.T) {
	srv := newSandbox(t)
	c := client(t, srv)
	ctx := t.Context()
	first, err := c.Gifts.Purchase(ctx, purchase25())
	if err != nil {
		t.Fatal(err)
	}
	before := snapshot(srv)
	other := purchase25()
	other.ReferenceID = first.ReferenceID
	other.Amount = usd("30")
	res, err := c.Gifts.Purchase(ctx, other)
	if !errors.Is(err, giftcard.ErrDuplicateReference) || errors.Is(err, giftcard.ErrOutcomeUnknown) {
		t.Fatalf("got %v, want ErrDuplicateReference", err)
	}
	if ge := asError(t, err); ge.Reference != first.ReferenceID || res.ReferenceID != first.ReferenceID {
		t.Errorf("the error does not carry the reference: %+v %+v", ge, res)
	}
	if after := snapshot(srv); after.gifts != before.gifts || after.debits != before.debits || !after.balance.Equal(before.balance) {
		t.Errorf("the ledger changed: %+v → %+v", before, after)
	}
	// The documentation's own example reference is the example gift's.
	_, err = c.Gifts.Purchase(ctx, wolfe.PurchaseRequest{Amount: usd("10"), ReferenceID: wolfetest.ExampleGiftReference,
		MerchantID: wolfetest.AmazonID, Email: "user@example.com"})
	if !errors.Is(err, giftcard.ErrDuplicateReference) {
		t.Errorf("the example's reference: %v", err)
	}
}

// TestConcurrentPurchasesOneReference: many goroutines purchasing with one
// reference get one gift.
func TestConcurrentPurchasesOneReference(t *testing.T) {
	srv := newSandbox(t)
	c := client(t, srv)
	before := snapshot(srv)
	req := purchase25()
	req.ReferenceID = wolfe.NewReferenceID()
	ids := make([]string, 12)
	var wg sync.WaitGroup
	for i := range ids {
		wg.Go(func() {
			res, err := c.Gifts.Purchase(t.Context(), req)
			if err != nil {
				t.Error(err)
			}
			ids[i] = res.GiftID
		})
	}
	wg.Wait()
	for _, id := range ids {
		if id != ids[0] {
			t.Fatalf("different gifts: %v", ids)
		}
	}
	onePurchase(t, srv, before, req.Amount)
}

func TestPurchaseRefusals(t *testing.T) {
	srv := newSandbox(t)
	c := client(t, srv)
	ctx := t.Context()
	srv.SetBalance(1000)
	req := purchase25()
	_, err := c.Gifts.Purchase(ctx, req)
	if !errors.Is(err, giftcard.ErrInsufficientFunds) || asError(t, err).Reference == "" {
		t.Errorf("short balance: %v", err)
	}
	if n := srv.CountRequests("GET", ""); n != 0 {
		t.Errorf("a documented refusal was looked up (%d GETs)", n)
	}
	srv.SetBalance(wolfetest.DefaultBalance)
	// Dunkin Donuts sells gifts up to 99.99.
	_, err = c.Gifts.Purchase(ctx, wolfe.PurchaseRequest{Amount: usd("100"), MerchantID: wolfetest.DunkinID, Email: "a@example.com"})
	if !errors.Is(err, giftcard.ErrInvalidDenomination) || asError(t, err).Code != wolfe.CodeAmountOutOfRange {
		t.Errorf("over the merchant's max_gift: %v", err)
	}
	_, err = c.Gifts.Purchase(ctx, wolfe.PurchaseRequest{Amount: usd("10"), MerchantID: "11111111-2222-4333-8444-555555555555", Email: "a@example.com"})
	if !errors.Is(err, giftcard.ErrNotFound) {
		t.Errorf("unknown merchant: %v", err)
	}
}

// TestPurchaseLookupFails: the answer is lost and the lookup fails too:
// the outcome is unknown, and the error and the result carry the
// reference to reconcile with later.
func TestPurchaseLookupFails(t *testing.T) {
	srv := newSandbox(t)
	c := client(t, srv, giftcard.WithNoRetries())
	srv.InjectFault(wolfetest.Fault{Method: "POST", Path: giftsPath, DropAfterCommit: true})
	srv.InjectFault(wolfetest.Fault{Method: "GET", Path: giftsPath, Status: 503, Times: -1})
	res, err := c.Gifts.Purchase(t.Context(), purchase25())
	if !errors.Is(err, giftcard.ErrOutcomeUnknown) || errors.Is(err, giftcard.ErrDuplicateReference) {
		t.Fatalf("got %v, want ErrOutcomeUnknown", err)
	}
	if ge := asError(t, err); ge.Reference == "" || ge.Reference != res.ReferenceID {
		t.Errorf("reference: error %q, result %q", ge.Reference, res.ReferenceID)
	}
	srv.ClearFaults()
	g, err := c.Gifts.GetByReference(t.Context(), res.ReferenceID)
	if err != nil || g.ID == "" {
		t.Errorf("the gift was committed and is found later: %+v %v", g, err)
	}
}

func TestCancelRefundsAmountAndFee(t *testing.T) {
	srv := newSandbox(t)
	c := client(t, srv)
	ctx := t.Context()
	start := srv.Balance()
	res, err := c.Gifts.Purchase(ctx, purchase25())
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Gifts.Cancel(ctx, res.GiftID); err != nil {
		t.Fatal(err)
	}
	if !srv.Balance().Equal(start) {
		t.Errorf("balance %s after cancel, want %s back", srv.Balance(), start)
	}
	g, err := c.Gifts.Get(ctx, res.GiftID)
	if err != nil || !g.Status.Is(wolfe.GiftStatusCancelled) || g.Status.Portable() != giftcard.GiftCancelled {
		t.Fatalf("%+v %v", g, err)
	}
	if err := c.Gifts.Cancel(ctx, res.GiftID); !errors.Is(err, giftcard.ErrInvalidRequest) || asError(t, err).Code != wolfe.CodeInvalidState {
		t.Errorf("second cancel: %v", err)
	}
	// A cancel whose answer is lost is confirmed by reading the gift.
	res, err = c.Gifts.Purchase(ctx, purchase25())
	if err != nil {
		t.Fatal(err)
	}
	srv.InjectFault(wolfetest.Fault{Method: "POST", Path: giftsPath + "/cancel", DropAfterCommit: true})
	if err := c.Gifts.Cancel(ctx, res.GiftID); err != nil {
		t.Errorf("cancel with a lost answer: %v", err)
	}
	if !srv.Balance().Equal(start) {
		t.Errorf("balance %s, want %s", srv.Balance(), start)
	}
}

func TestClaimAndEvents(t *testing.T) {
	srv := newSandbox(t)
	c := client(t, srv)
	ctx := t.Context()
	res, err := c.Gifts.Purchase(ctx, purchase25())
	if err != nil {
		t.Fatal(err)
	}
	evs, err := c.Gifts.Events(ctx, res.GiftID)
	if err != nil || len(evs) != 0 {
		t.Fatalf("events of a new gift: %+v %v", evs, err)
	}
	srv.InjectFault(wolfetest.Fault{Method: "POST", Path: giftsPath + "/claim", DropAfterCommit: true})
	if err := c.Gifts.Claim(ctx, wolfe.ClaimRequest{GiftID: res.GiftID, ClientRecipientID: "user-42"}); err != nil {
		t.Fatalf("claim with a lost answer: %v", err)
	}
	g, err := c.Gifts.Get(ctx, res.GiftID)
	if err != nil || g.ClientRecipientID != "user-42" || g.Status.Portable() != giftcard.GiftClaimed {
		t.Fatalf("%+v %v", g, err)
	}
	evs, err = c.Gifts.EventsByReference(ctx, res.ReferenceID)
	if err != nil || len(evs) != 1 || evs[0].Event != wolfe.EventGiftClaim || !evs[0].Metadata.Amount.Equal(usd("25")) ||
		evs[0].Metadata.Merchant != "Amazon.com" || evs[0].Datetime.T.IsZero() {
		t.Fatalf("events %+v %v", evs, err)
	}
	if err := c.Gifts.Cancel(ctx, res.GiftID); !errors.Is(err, giftcard.ErrInvalidRequest) {
		t.Errorf("cancelling a claimed gift: %v", err)
	}
	// A claim of another recipient's gift is refused, and not taken for
	// success after a lost answer.
	srv.InjectFault(wolfetest.Fault{Method: "POST", Path: giftsPath + "/claim", Status: 502})
	if err := c.Gifts.Claim(ctx, wolfe.ClaimRequest{GiftID: res.GiftID, ClientRecipientID: "user-43"}); err == nil {
		t.Error("a claim for another recipient succeeded")
	}
}
