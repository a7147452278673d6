package wolfe

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/check"
)

// This file holds the merchant change and regift operations of GiftsService
// (W21–W23).

// Linked reports whether a card is linked to the gift (its redemption_info
// is CARD_LINK with a card).
func (g Gift) Linked() bool {
	return g.RedemptionInfo != nil && strings.EqualFold(string(g.RedemptionInfo.Method), string(RedeemCardLink)) &&
		g.RedemptionInfo.Details.CardID != ""
}

// SwapRequest exchanges a gift for one at another merchant (W21).
type SwapRequest struct {
	GiftID     string `json:"gift_id"`     // the gift to exchange (required, at most 255 characters)
	MerchantID string `json:"merchant_id"` // the new merchant (required, a UUID)
}

func (r SwapRequest) validate() error {
	return check.First(checkGiftID(r.GiftID), ck.Required("merchant_id", r.MerchantID), ck.UUID("merchant_id", r.MerchantID))
}

// SwapMerchant exchanges a gift for a new gift at another merchant (W21):
// the old gift's balance, less the swap fee, becomes the new gift. The fee
// is deducted from the gift's balance, not from the funding account. The
// gift is read first: it must offer EXCHANGE (when it lists its options),
// have a balance, and not already be at that merchant. The Redemption's ID
// is the new gift's id; Amount its amount and Fee the fee (from the
// gift.merchant_swap event). A lost answer is reconciled through the gift:
// exchanged for a gift at this merchant, that is the swap; not exchanged,
// the swap is sent once more.
func (s *GiftsService) SwapMerchant(ctx context.Context, req SwapRequest) (Redemption, error) {
	if err := req.validate(); err != nil {
		return Redemption{}, err
	}
	before, err := s.client().preflight(ctx, req.GiftID, RedeemExchange)
	if err != nil {
		return Redemption{}, err
	}
	if strings.EqualFold(before.MerchantID, req.MerchantID) {
		return Redemption{}, ck.Invalid("merchant_id", fmt.Sprintf("gift %s is already at merchant %s", req.GiftID, req.MerchantID))
	}
	body, err := json.Marshal(req)
	if err != nil {
		return Redemption{}, err
	}
	return s.client().redeem(ctx, redemption{rt: routeSwapMerchant, method: RedeemExchange, event: EventGiftMerchantSwap,
		body: body, before: before, decode: newGiftID, produced: exchangedFor(RedeemExchange),
		mine: func(ctx context.Context, r Redemption, _ *GiftEvent) (bool, string) {
			g, err := s.Get(ctx, r.ID)
			if err != nil {
				return true, "" // the new gift cannot be read: it is taken as this swap's
			}
			return strings.EqualFold(g.MerchantID, req.MerchantID), "an exchange for a gift at merchant " + g.MerchantID
		},
		amountOf: s.amountOf})
}

// exchangedFor is the new gift a swap or regift produced, as the old gift
// shows it: redemption_info's gift_id, or linked_gift.
func exchangedFor(m RedemptionMethodName) func(Gift) string {
	return func(g Gift) string {
		if g.RedemptionInfo == nil || !strings.EqualFold(string(g.RedemptionInfo.Method), string(m)) {
			return ""
		}
		if id := g.RedemptionInfo.Details.GiftID; id != "" {
			return id
		}
		return g.LinkedGift
	}
}

// amountOf is a new gift's amount.
func (s *GiftsService) amountOf(ctx context.Context, id string) (giftcard.Money, error) {
	g, err := s.Get(ctx, id)
	return g.Amount, err
}

// SelectMerchantRequest picks the merchant of a Merchant Select gift (W22).
type SelectMerchantRequest struct {
	GiftID     string `json:"gift_id"`     // the Merchant Select gift (required, at most 255 characters)
	MerchantID string `json:"merchant_id"` // the merchant selected (required, a UUID)
}

// SelectMerchant selects the merchant of a Merchant Select gift (W22): the
// gift becomes active at that merchant and can then be redeemed by linking
// a card or as an eGift. Unlike SwapMerchant it creates no new gift and
// the documentation names no fee. The gift is read first and must be a
// Merchant Select gift (offer SELECT MERCHANT) or the call fails with a
// *giftcard.ValidationError. After a lost answer the gift is read: at that
// merchant, the selection succeeded.
func (s *GiftsService) SelectMerchant(ctx context.Context, req SelectMerchantRequest) error {
	if err := check.First(checkGiftID(req.GiftID), ck.Required("merchant_id", req.MerchantID), ck.UUID("merchant_id", req.MerchantID)); err != nil {
		return err
	}
	if _, err := s.client().preflight(ctx, req.GiftID, RedeemSelectMerchant); err != nil {
		return err
	}
	r := s.client().req(routeSelectMerchant)
	r.Body = req
	_, err := s.client().tr.Do(ctx, r, nil)
	if err != nil && errors.Is(err, giftcard.ErrOutcomeUnknown) {
		if g, gerr := s.Get(ctx, req.GiftID); gerr == nil && strings.EqualFold(g.MerchantID, req.MerchantID) {
			return nil
		}
	}
	return err
}

// RegiftRequest gives a whole gift to someone else (W23).
type RegiftRequest struct {
	// GiftID is the gift given away (required, at most 255 characters).
	GiftID string `json:"gift_id"`
	// ClientRecipientID is the new recipient in your system. The
	// documentation's rule is cut off ("Needs to be specified if"); the
	// request names no other recipient, so it is required here.
	ClientRecipientID string `json:"client_recipient_id"`
	// MerchantID, when set, is a different merchant for the new gift (a
	// UUID); empty keeps the gift's merchant.
	MerchantID string `json:"merchant_id,omitempty"`
}

func (r RegiftRequest) validate() error {
	return check.First(checkGiftID(r.GiftID), idParam("client_recipient_id", r.ClientRecipientID),
		ck.MaxLen("client_recipient_id", r.ClientRecipientID, maxReferenceLen),
		optional(r.MerchantID != "", func() error { return ck.UUID("merchant_id", r.MerchantID) }))
}

// Regift gives the whole gift to another recipient (W23): a new gift of
// the balance less the regift fee, deducted from the gift's balance. The
// Redemption's ID is the new gift's id, Amount its amount and Fee the
// balance before less Amount (Wolfe documents no regift event). A lost
// answer is reconciled through the gift: regifted to this recipient (and
// merchant), that is the regift; not regifted, it is sent once more.
func (s *GiftsService) Regift(ctx context.Context, req RegiftRequest) (Redemption, error) {
	if err := req.validate(); err != nil {
		return Redemption{}, err
	}
	before, err := s.client().preflight(ctx, req.GiftID, RedeemRegifting)
	if err != nil {
		return Redemption{}, err
	}
	body, err := json.Marshal(req)
	if err != nil {
		return Redemption{}, err
	}
	merchant := req.MerchantID
	if merchant == "" {
		merchant = before.MerchantID
	}
	return s.client().redeem(ctx, redemption{rt: routeRegift, method: RedeemRegifting, body: body, before: before,
		decode: newGiftID, produced: exchangedFor(RedeemRegifting),
		mine: func(ctx context.Context, r Redemption, _ *GiftEvent) (bool, string) {
			g, err := s.Get(ctx, r.ID)
			if err != nil {
				return true, ""
			}
			return g.ClientRecipientID == req.ClientRecipientID && (merchant == "" || strings.EqualFold(g.MerchantID, merchant)),
				fmt.Sprintf("a regift to recipient %q at merchant %s", g.ClientRecipientID, g.MerchantID)
		},
		amountOf: s.amountOf})
}
