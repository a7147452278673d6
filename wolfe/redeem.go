package wolfe

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/giftcard-go/giftcard"
)

// Redemption is what a swap, a regift, or an eGift, Visa card or Zelle
// redemption did to a gift. Each consumes the gift's whole balance: Amount
// is what it became (the new gift, the eGift, the Visa card's load, the
// Zelle transfer) and Fee what Wolfe deducted for it, from the gift's
// balance, not from the funding account. Amount + Fee is the balance the
// gift had.
type Redemption struct {
	// Method is how the gift was redeemed: EGIFT, VISA, ZELLE, EXCHANGE (a
	// merchant swap) or REGIFTING.
	Method RedemptionMethodName
	GiftID string // the gift redeemed
	// ID is what the redemption produced: the eGift id (EGIFT), the Visa
	// card request id (VISA), the Zelle transaction id (ZELLE) or the new
	// gift's id (EXCHANGE, REGIFTING). After a lost answer a Zelle
	// redemption is found through the gift, whose answer names no Zelle
	// transaction: ID is then empty.
	ID string
	// Amount is the value redeemed and Fee the fee, both as the gift's
	// events report them (W14: the new gift amount and processing fee, in
	// pennies). When the events do not say (a regift has no documented
	// event), Amount is read from what the redemption produced and Fee is
	// the gift's balance before, less Amount. Both are the zero Money with
	// no currency when they could not be read: the redemption happened
	// all the same; read Gifts.Events later.
	Amount giftcard.Money
	Fee    giftcard.Money // see Amount
	// Raw is Wolfe's answer; after a lost answer, the gift that shows the
	// redemption.
	Raw json.RawMessage
}

// Total is what left the gift's balance: Amount + Fee.
func (r Redemption) Total() giftcard.Money {
	s, err := r.Amount.Add(r.Fee)
	if err != nil {
		return r.Amount
	}
	return s
}

// redemption is one whole-balance redemption of a gift in flight.
type redemption struct {
	rt     giftcard.Route
	method RedemptionMethodName
	event  EventType // the gift event reporting it; "" when none is documented
	body   []byte    // marshalled once: a resend is the same bytes
	before Gift      // the gift as the preflight read it
	// decode reads the produced id from Wolfe's answer.
	decode func(payload []byte) (string, error)
	// produced is the id the gift shows for this kind of redemption ("" if
	// it shows none).
	produced func(g Gift) string
	// mine reports whether a redemption found through the gift is this
	// request's (nil: any is).
	mine func(ctx context.Context, r Redemption, ev *GiftEvent) (bool, string)
	// amountOf reads the produced object's amount, when the events do not
	// give it (nil: unknown).
	amountOf func(ctx context.Context, id string) (giftcard.Money, error)
}

// redeem sends a redemption at most twice: once, and again only after the
// gift proved that the first did not happen. After an answer that does
// not prove what happened (a dropped connection, a 5xx, an unreadable 2xx)
// the gift is read (W13, and its events, W14): when it shows the
// redemption, that is returned as if the answer had arrived; when it shows
// none, the same bytes are sent once more, and after a second lost answer
// the gift is read once more before giving up with ErrOutcomeUnknown.
//
// KIT-CANDIDATE: reconcile.Do is keyed on a reference that a lookup finds.
// Here the "key" is the gift's state: there is no reference to look up,
// "another request's" object is a gift redeemed otherwise (not a reused
// reference), and the resend must happen at most once with a final look
// after it. A reconcile.Spec option for "resend at most N times, look once
// more after the last" and a custom error for a foreign object would let
// this use the kit.
func (c *Client) redeem(ctx context.Context, x redemption) (Redemption, error) {
	giftID := x.before.ID
	send := func(ctx context.Context) (Redemption, error) {
		r := c.req(x.rt)
		r.RawBody = x.body
		res, err := c.tr.Do(ctx, r, nil)
		if err != nil {
			return Redemption{}, err
		}
		id, derr := x.decode(res.Payload)
		if derr != nil || strings.TrimSpace(id) == "" {
			if derr == nil {
				derr = errors.New("the answer names nothing the redemption produced")
			}
			return Redemption{}, c.tr.BadResponse(r, res, derr.Error(), nil)
		}
		return Redemption{Method: x.method, GiftID: giftID, ID: id, Raw: append(json.RawMessage(nil), res.Payload...)}, nil
	}
	log := c.tr.Logger()
	red, err := send(ctx)
	if err == nil {
		c.settle(ctx, x, &red, nil)
		return red, nil
	}
	if !errors.Is(err, giftcard.ErrOutcomeUnknown) {
		return Redemption{}, err // a refusal: nothing happened
	}
	for resent := false; ; resent = true {
		found, ev, ok, lerr := c.findRedemption(ctx, x)
		switch {
		case lerr != nil:
			return Redemption{}, outcomeUnknown(x.rt.Op, giftID, err, fmt.Errorf("reading the gift failed: %w", lerr))
		case ok:
			if x.mine != nil {
				if mine, what := x.mine(ctx, found, ev); !mine {
					return Redemption{}, &giftcard.Error{Provider: providerName, Op: x.rt.Op, Kind: giftcard.ErrInvalidRequest,
						Code: CodeInvalidState, Message: fmt.Sprintf("gift %s was redeemed by another request (%s), not this one", giftID, what)}
				}
			}
			log.LogAttrs(ctx, slog.LevelInfo, "wolfe: redemption found through the gift after a lost answer",
				slog.String("op", x.rt.Op), slog.String("gift_id", giftID))
			c.settle(ctx, x, &found, ev)
			return found, nil
		case resent:
			if errors.Is(err, giftcard.ErrOutcomeUnknown) {
				return Redemption{}, outcomeUnknown(x.rt.Op, giftID, err, errors.New("the gift shows no redemption after the resend either"))
			}
			return Redemption{}, err // the resend was refused and nothing happened
		}
		if cerr := ctx.Err(); cerr != nil {
			return Redemption{}, outcomeUnknown(x.rt.Op, giftID, err, cerr)
		}
		log.LogAttrs(ctx, slog.LevelInfo, "wolfe: the gift shows no redemption after a lost answer; sending it once more",
			slog.String("op", x.rt.Op), slog.String("gift_id", giftID))
		red, err = send(ctx)
		if err == nil {
			c.settle(ctx, x, &red, nil)
			return red, nil
		}
		var ve *giftcard.ValidationError
		if errors.As(err, &ve) {
			return Redemption{}, err
		}
	}
}

// findRedemption reads the gift and reports whether it shows the
// redemption x, with the event reporting it when one was read.
func (c *Client) findRedemption(ctx context.Context, x redemption) (Redemption, *GiftEvent, bool, error) {
	after, err := c.Gifts.Get(ctx, x.before.ID)
	if err != nil {
		return Redemption{}, nil, false, err
	}
	found := Redemption{Method: x.method, GiftID: after.ID, Raw: after.Raw}
	if id := x.produced(after); id != "" && id != x.produced(x.before) {
		found.ID = id
		return found, nil, true, nil
	}
	// Nothing in the gift's redemption_info names it (a Zelle transfer has
	// no id there): the gift's events do, when its balance went down.
	if x.event == "" || !lower(after.Balance, x.before.Balance) {
		return Redemption{}, nil, false, nil
	}
	events, err := c.Gifts.Events(ctx, x.before.ID)
	if err != nil {
		return Redemption{}, nil, false, err
	}
	if ev := lastEvent(events, x.event); ev != nil {
		return found, ev, true, nil
	}
	return Redemption{}, nil, false, nil
}

// settle fills Amount and Fee from the gift's events (ev, when the lookup
// already read it), else from what the redemption produced. A failure
// leaves them unknown: the redemption happened all the same.
func (c *Client) settle(ctx context.Context, x redemption, r *Redemption, ev *GiftEvent) {
	if ev == nil && x.event != "" {
		if events, err := c.Gifts.Events(ctx, r.GiftID); err == nil {
			ev = lastEvent(events, x.event)
		}
	}
	if ev != nil && ev.Metadata.Amount.Currency != "" {
		r.Amount = ev.Metadata.Amount
		r.Fee = ev.Metadata.Fee
		if r.Fee.Currency == "" {
			r.Fee = usd(0)
		}
		return
	}
	if x.amountOf == nil || r.ID == "" {
		return
	}
	amount, err := x.amountOf(ctx, r.ID)
	if err != nil || amount.Currency == "" {
		c.tr.Logger().LogAttrs(ctx, slog.LevelWarn, "wolfe: the redemption's amount and fee could not be read",
			slog.String("op", x.rt.Op), slog.String("gift_id", r.GiftID), slog.Any("error", err))
		return
	}
	r.Amount = amount
	if fee, err := x.before.Balance.Sub(amount); err == nil && !fee.IsNegative() {
		r.Fee = fee
	}
}

// lastEvent is the newest event of type t (Wolfe lists them oldest first):
// a gift is redeemed once, so it is the redemption's.
func lastEvent(events []GiftEvent, t EventType) *GiftEvent {
	for i := len(events) - 1; i >= 0; i-- {
		if strings.EqualFold(string(events[i].Event), string(t)) {
			return &events[i]
		}
	}
	return nil
}

// lower reports whether a < b, both known.
func lower(a, b giftcard.Money) bool {
	n, err := a.Cmp(b)
	return err == nil && n < 0
}

// outcomeUnknown is the error of a redemption whose outcome could not be
// established.
func outcomeUnknown(op, giftID string, cause, why error) error {
	e := &giftcard.Error{Provider: providerName, Op: op, Kind: giftcard.ErrProviderUnavailable, OutcomeUnknown: true,
		Message: fmt.Sprintf("the redemption of gift %s may have taken place (%v); read the gift (Gifts.Get, Gifts.Events) before trying again", giftID, why)}
	var ge *giftcard.Error
	if errors.As(cause, &ge) {
		e.RequestID, e.StatusCode, e.Code, e.Attempts = ge.RequestID, ge.StatusCode, ge.Code, ge.Attempts
		e.Message += "; last answer: " + ge.Error()
	}
	if errors.Is(why, context.Canceled) || errors.Is(why, context.DeadlineExceeded) {
		e.Err = why
	}
	return e
}

// preflight reads the gift about to be redeemed by method and refuses,
// before the redeeming request, what Wolfe's documented configuration
// forbids: a gift with nothing left to redeem, a method the gift does not
// offer (EGIFT, VISA, EXCHANGE, SELECT MERCHANT: the documented methods; a
// gift listing no options is not judged), and a balance outside the
// method's configured amounts (EGIFT's RANGE min..max, VISA's min_amount:
// dollars). Bounds come from the gift's redemption_options, or from its
// merchant's redemption_methods (W8) when the gift's configuration has
// none. Each refusal is a *giftcard.ValidationError naming gift_id.
func (c *Client) preflight(ctx context.Context, giftID string, method RedemptionMethodName) (Gift, error) {
	g, err := c.Gifts.Get(ctx, giftID)
	if err != nil {
		return Gift{}, err
	}
	if g.ID == "" {
		g.ID = giftID
	}
	if method != RedeemSelectMerchant && g.Balance.Currency != "" && !g.Balance.IsPositive() {
		return g, ck.Invalid("gift_id", fmt.Sprintf("gift %s has a balance of %s: nothing to redeem", giftID, g.Balance))
	}
	checked := method == RedeemEGift || method == RedeemVisa || method == RedeemExchange || method == RedeemSelectMerchant
	if !checked {
		return g, nil
	}
	opt, offered := findMethod(g.RedemptionOptions, method)
	if len(g.RedemptionOptions) > 0 && !offered {
		if method == RedeemSelectMerchant {
			return g, ck.Invalid("gift_id", fmt.Sprintf("gift %s is not a Merchant Select gift (it offers %s)", giftID, methodNames(g.RedemptionOptions)))
		}
		return g, ck.Invalid("gift_id", fmt.Sprintf("gift %s cannot be redeemed by %s (it offers %s)", giftID, method, methodNames(g.RedemptionOptions)))
	}
	if method != RedeemEGift && method != RedeemVisa {
		return g, nil
	}
	cfg := opt.Config
	if !hasBounds(cfg) && g.MerchantID != "" {
		m, err := c.Merchants.Get(ctx, g.MerchantID)
		if err != nil {
			return g, err
		}
		if mo, ok := findMethod(m.RedemptionMethods, method); ok {
			cfg = mo.Config
		}
	}
	return g, inBounds(giftID, method, g.Balance, cfg)
}

func findMethod(ms []RedemptionMethod, m RedemptionMethodName) (RedemptionMethod, bool) {
	for _, x := range ms {
		if strings.EqualFold(string(x.Method), string(m)) {
			return x, true
		}
	}
	return RedemptionMethod{}, false
}

func methodNames(ms []RedemptionMethod) string {
	var out []string
	for _, m := range ms {
		out = append(out, string(m.Method))
	}
	return strings.Join(out, ", ")
}

func hasBounds(c RedemptionConfig) bool {
	return c.Min.Currency != "" || c.Max.Currency != "" || c.MinAmount.Currency != ""
}

// inBounds refuses a balance outside a method's configured amounts.
func inBounds(giftID string, method RedemptionMethodName, balance giftcard.Money, c RedemptionConfig) error {
	if balance.Currency == "" {
		return nil
	}
	if c.Min.Currency != "" && lower(balance, c.Min) || c.MinAmount.Currency != "" && lower(balance, c.MinAmount) {
		lo := c.Min
		if lo.Currency == "" {
			lo = c.MinAmount
		}
		return ck.Invalid("gift_id", fmt.Sprintf("gift %s has a balance of %s, below the %s minimum of %s", giftID, balance, method, lo))
	}
	if c.Max.Currency != "" && lower(c.Max, balance) {
		return ck.Invalid("gift_id", fmt.Sprintf("gift %s has a balance of %s, above the %s maximum of %s", giftID, balance, method, c.Max))
	}
	return nil
}

// newGiftID reads {"gift_id"} (swap, regift).
func newGiftID(payload []byte) (string, error) {
	var v PurchaseResult
	if err := json.Unmarshal(payload, &v); err != nil {
		return "", err
	}
	return v.GiftID, nil
}

// giftDetail reads the produced id of a redemption from the gift's
// redemption_info when its method is m.
func giftDetail(m RedemptionMethodName, pick func(RedemptionDetails) string) func(Gift) string {
	return func(g Gift) string {
		if g.RedemptionInfo == nil || !strings.EqualFold(string(g.RedemptionInfo.Method), string(m)) {
			return ""
		}
		return pick(g.RedemptionInfo.Details)
	}
}
