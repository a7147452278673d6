package loyalty

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/check"
)

// move sends a money or points operation keyed by its tranOrderNo and
// settles the answer:
//
//   - the request is marked resendable, so the transport resends the same
//     bytes (same tranOrderNo, a fresh sign) after a reset, a timeout or a
//     502/503/504, within its retry policy;
//   - result 0 or 2 is the Transaction (2 = pending, a status, not an error);
//   - result 1 is a decline, an error of the kind DeclineKind names;
//   - a refusal is returned as the provider's error, keyed; but a refusal
//     or decline that follows an attempt that may have reached the server,
//     an unreadable answer, a 5xx or a network failure is outcome-unknown:
//     resend with the same tranOrderNo (in Error.Reference), or query the
//     card, before trying anything else;
//   - a refusal of the tranOrderNo as a duplicate that does not return the
//     original result is outcome-unknown too (never ErrDuplicateReference:
//     a caller told "duplicate" would pick a new number and could pay
//     twice).
func (c *Client) move(ctx context.Context, rt giftcard.Route, key, currency string, body any) (Transaction, error) {
	w, res, err := call(ctx, c, c.request(rt, body), checkTransaction)
	if err != nil {
		return Transaction{}, settle(rt.Op, key, err)
	}
	t, _ := w.transaction() // checkTransaction made sure it converts
	t.TranOrderNo, t.Currency = key, currency
	switch t.Result {
	case ResultSuccess, ResultPending:
		return t, nil
	case ResultDeclined:
		e := errDeclined(rt.Op, res, t)
		if res.Attempts > 1 {
			e.OutcomeUnknown = true
			e.Message += "; an earlier attempt may have reached the server: resend with the same tranOrderNo or query the card"
		}
		return Transaction{}, e
	}
	e := errDeclined(rt.Op, res, t)
	e.Kind, e.Code, e.OutcomeUnknown = giftcard.ErrInvalidResponse, fmt.Sprintf("result=%d", t.Result), true
	e.Message = fmt.Sprintf("undocumented result %d: resend with the same tranOrderNo or query the card", t.Result)
	return Transaction{}, e
}

// checkTransaction refuses an answer without a result (the outcome would be
// unknown) and a successful one without the transaction's id (it could not
// be voided or tipped).
func checkTransaction(w *txWire) error {
	switch {
	case w.Result == nil:
		return errNoResult
	case Result(*w.Result) != ResultDeclined && strings.TrimSpace(string(w.CheckoutID)) == "":
		return errors.New(`the transaction has no "checkoutId"`)
	}
	return nil
}

// KIT-CANDIDATE: settle and definite are the exactly-once rule for a
// provider with no lookup by key (internal/reconcile needs a Lookup): key
// the error, keep a refusal on the only attempt, make everything else —
// duplicate refusals included — outcome-unknown.
//
// settle keys a failed money operation's error and decides whether its
// outcome is known (see move).
func settle(op, key string, err error) error {
	var ve *giftcard.ValidationError
	if errors.As(err, &ve) {
		return err
	}
	ge, ok := asError(err)
	if !ok {
		return &giftcard.Error{Provider: providerName, Op: op, Kind: giftcard.ErrProviderUnavailable, OutcomeUnknown: true,
			Reference: key, Message: "resend with the same tranOrderNo or query the card", Err: err}
	}
	if ge.Op == "" {
		ge.Op = op
	}
	if ge.Provider == "" {
		ge.Provider = providerName
	}
	ge.Reference = key
	switch {
	case errors.Is(ge.Kind, giftcard.ErrDuplicateReference):
		return &giftcard.Error{
			Provider: providerName, Op: op, StatusCode: ge.StatusCode, Code: ge.Code, RequestID: ge.RequestID, Attempts: ge.Attempts,
			Reference: key, Kind: giftcard.ErrProviderUnavailable, OutcomeUnknown: true, Err: ge.Err,
			Message: fmt.Sprintf("the provider refused tranOrderNo %s as already used (%s) without returning that request's result: "+
				"if it was this request, it has taken effect; query the card before sending anything else", key, ge.Message),
		}
	case definite(ge):
		return ge
	}
	ge.OutcomeUnknown = true
	ge.Retryable = true
	return ge
}

// definite reports a failure that proves the request was not carried out:
// nothing was sent, or the provider refused it on the only attempt made.
func definite(ge *giftcard.Error) bool {
	var ns errNotSent
	if errors.As(ge, &ns) {
		return true
	}
	if ge.Attempts > 1 {
		return false
	}
	if ge.StatusCode == 0 {
		// Refused by the client-side rate limiter before sending.
		return errors.Is(ge.Kind, giftcard.ErrRateLimited)
	}
	for _, k := range []error{giftcard.ErrInvalidRequest, giftcard.ErrUnauthorized, giftcard.ErrNotFound,
		giftcard.ErrInsufficientFunds, giftcard.ErrProductUnavailable, giftcard.ErrInvalidDenomination, giftcard.ErrRateLimited} {
		if errors.Is(ge.Kind, k) {
			return true
		}
	}
	return false
}

// Void voids a top-up or a payment by its CheckoutID. It is exactly-once
// per original transaction within this Client (see voidBook): a second Void
// of the same checkoutId while one is in flight is refused without a
// request; after a void succeeded it returns that void's Transaction
// without a request; after one ended with an unknown outcome it resends
// that void, with its tranOrderNo, never a new one. The Transaction carries
// OriCheckoutID and OriTransIndexCode. Voiding an unknown transaction
// matches giftcard.ErrNotFound.
func (c *Client) Void(ctx context.Context, req VoidRequest) (Transaction, error) {
	if err := check.First(ck.ID("oriOrderNo", req.OriOrderNo), ck.Ref("tranOrderNo", req.TranOrderNo, 0)); err != nil {
		return Transaction{}, err
	}
	key, done, err := c.voids.begin(req.OriOrderNo, req.TranOrderNo, c.newOrderNo)
	if err != nil || done != nil {
		if done != nil {
			return *done, nil
		}
		return Transaction{}, err
	}
	body := &voidBody{ClientID: c.clientID, TranOrderNo: key, OriOrderNo: req.OriOrderNo}
	t, err := c.move(ctx, routeVoid, key, "", body)
	c.voids.end(req.OriOrderNo, t, err)
	return t, err
}

// maxVoidsKept bounds how many finished voids a Client remembers.
const maxVoidsKept = 4096

// KIT-CANDIDATE: voidBook is a generic "at most one in flight, answer the
// finished one from memory, resume an unknown one with its key" guard for
// any single-use operation (a cancel, a refund).
//
// voidBook is a Client's record of its voids, by original checkoutId, so a
// void is never sent twice for one transaction by this Client: one in
// flight at a time, a finished one answered from the record, an unknown
// one resent with its own tranOrderNo. It keeps the last maxVoidsKept
// finished voids; unknown and in-flight ones are always kept.
type voidBook struct {
	mu       sync.Mutex
	byOri    map[string]*voidRec
	finished []string // checkoutIds of finished voids, oldest first
}

type voidRec struct {
	key      string
	inFlight bool
	done     *Transaction // a successful void
}

// begin claims the void of ori. It returns the tranOrderNo to send, or the
// finished void's Transaction, or the refusal.
func (b *voidBook) begin(ori, want string, gen func() string) (string, *Transaction, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.byOri == nil {
		b.byOri = map[string]*voidRec{}
	}
	rec := b.byOri[ori]
	if rec == nil {
		key := want
		if key == "" {
			key = gen()
		}
		b.byOri[ori] = &voidRec{key: key, inFlight: true}
		return key, nil, nil
	}
	if want != "" && want != rec.key {
		return "", nil, &giftcard.Error{Provider: providerName, Op: routeVoid.Op, Kind: giftcard.ErrDuplicateReference, Reference: rec.key,
			Message: fmt.Sprintf("checkoutId %s already has a void with tranOrderNo %s in this client; a transaction is voided once: "+
				"resend with that tranOrderNo (or an empty one)", ori, rec.key)}
	}
	switch {
	case rec.inFlight:
		return "", nil, &giftcard.Error{Provider: providerName, Op: routeVoid.Op, Kind: giftcard.ErrDuplicateReference, Reference: rec.key,
			Message: fmt.Sprintf("a void of checkoutId %s (tranOrderNo %s) is in flight; wait for its answer", ori, rec.key)}
	case rec.done != nil:
		t := *rec.done
		return "", &t, nil
	}
	rec.inFlight = true // an unknown outcome: resend with its own number
	return rec.key, nil, nil
}

// end records how the void of ori ended: done, forgotten after a definite
// refusal (a new void may be tried), or kept with its tranOrderNo after an
// unknown outcome or a pending result.
func (b *voidBook) end(ori string, t Transaction, err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	rec := b.byOri[ori]
	if rec == nil {
		return
	}
	rec.inFlight = false
	switch {
	case err == nil && t.Result == ResultSuccess:
		rec.done = &t
		b.finished = append(b.finished, ori)
		if len(b.finished) > maxVoidsKept {
			old := b.finished[0]
			b.finished = b.finished[1:]
			if r := b.byOri[old]; r != nil && r.done != nil {
				delete(b.byOri, old)
			}
		}
	case err != nil && !errors.Is(err, giftcard.ErrOutcomeUnknown):
		delete(b.byOri, ori)
	}
}

// voided reports whether this client voided ori successfully.
func (b *voidBook) voided(ori string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	rec := b.byOri[ori]
	return rec != nil && rec.done != nil
}
