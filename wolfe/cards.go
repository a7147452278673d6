package wolfe

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"iter"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/check"
	"github.com/giftcard-go/giftcard/internal/wire"
)

// CardsService is the bank cards recipients enrolled or linked (W32, W33).
type CardsService service

// Card is a bank card a recipient enrolled or linked (W32). Only its last
// four digits are known.
type Card struct {
	ID       string // the card's id in the platform
	CardMask string // the card number's last four digits
	// ExpirationDate is the card's expiry as Wolfe writes it, MM/YY
	// ("05/25").
	ExpirationDate string
	DateCreated    Time // when it was enrolled (the example's "2022-25-10" is kept raw)
	DateModified   Time // when it last changed
	// Type is the card's network as Wolfe writes it here ("Visa"; the
	// CARD_LINK configuration writes "VISA", "MC", "AMEX"). See Network.
	Type              string
	ClientRecipientID string          // the recipient in the partner's system
	Raw               json.RawMessage // the card as Wolfe sent it
}

// Network is the card's network in the CARD_LINK configuration's spelling
// (VISA, MC, AMEX), so it can be compared with RedemptionConfig.Cards;
// another type is returned in capitals.
func (c Card) Network() string { return NormalizeNetwork(c.Type) }

// NormalizeNetwork spells a card network as the CARD_LINK configuration
// does: "Visa" → VISA, "Mastercard" or "MasterCard" → MC, "American
// Express" → AMEX; anything else in capitals.
func NormalizeNetwork(n string) string {
	switch up := string(bytes.ToUpper(bytes.TrimSpace([]byte(n)))); up {
	case "MASTERCARD", "MASTER CARD", "MC":
		return "MC"
	case "AMERICAN EXPRESS", "AMEX":
		return "AMEX"
	default:
		return up
	}
}

type cardJSON struct {
	ID                wire.String `json:"id"`
	CardMask          wire.String `json:"card_mask,omitempty"`
	ExpirationDate    wire.String `json:"expiration_date,omitempty"`
	DateCreated       wire.Time   `json:"date_created,omitzero"`
	DateModified      wire.Time   `json:"date_modified,omitzero"`
	Type              wire.String `json:"type,omitempty"`
	ClientRecipientID wire.String `json:"client_recipient_id,omitempty"`
}

// UnmarshalJSON reads Wolfe's card.
func (c *Card) UnmarshalJSON(b []byte) error {
	var w cardJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*c = Card{ID: string(w.ID), CardMask: string(w.CardMask), ExpirationDate: string(w.ExpirationDate),
		DateCreated: w.DateCreated, DateModified: w.DateModified, Type: string(w.Type),
		ClientRecipientID: string(w.ClientRecipientID), Raw: append(json.RawMessage(nil), b...)}
	return nil
}

// MarshalJSON writes Wolfe's form.
func (c Card) MarshalJSON() ([]byte, error) {
	return json.Marshal(cardJSON{ID: wire.String(c.ID), CardMask: wire.String(c.CardMask),
		ExpirationDate: wire.String(c.ExpirationDate), DateCreated: c.DateCreated, DateModified: c.DateModified,
		Type: wire.String(c.Type), ClientRecipientID: wire.String(c.ClientRecipientID)})
}

// CardQuery selects the cards of List and All.
type CardQuery struct {
	// ClientRecipientID is the recipient whose cards are listed (required;
	// sent as a query parameter). The documentation types it a UUID, but
	// its examples are "12345": any id is accepted.
	ClientRecipientID string
	CardID            string // one card
	Limit             int    // items per page; 0 means DefaultPageSize
	Offset            int    // the first item (List only)
}

func (q CardQuery) values() (query, error) {
	if err := check.First(
		idParam("client_recipient_id", q.ClientRecipientID),
		ck.MaxLen("client_recipient_id", q.ClientRecipientID, maxReferenceLen),
		optionalID("card_id", q.CardID),
		checkPaging(q.Limit, q.Offset, time.Time{}, time.Time{}),
	); err != nil {
		return nil, err
	}
	v := query{}
	v.set("client_recipient_id", q.ClientRecipientID)
	v.set("card_id", q.CardID)
	v.paging(q.Limit, q.Offset)
	return v, nil
}

func (q CardQuery) paged(offset, limit int) CardQuery { q.Offset, q.Limit = offset, limit; return q }

func (q CardQuery) pageSize() int { return q.Limit }

// List returns one page of a recipient's enrolled and linked cards (W32).
func (s *CardsService) List(ctx context.Context, q CardQuery) (Page[Card], error) {
	return listOne[Card](ctx, s.client(), routeListCards, q)
}

// All walks every card matching q lazily, page by page (q.Offset is
// ignored).
func (s *CardsService) All(ctx context.Context, q CardQuery) iter.Seq2[Card, error] {
	return listAll[Card](ctx, s.client(), routeListCards, q)
}

// UnenrollRequest unenrolls a recipient's card from the payment networks
// (W33). Both fields are required: the documentation marks
// client_recipient_id required without saying where it goes (its body
// example leaves it out) and card_id not, although the operation means
// nothing without it. Both travel in the JSON body, as every POST's
// parameters do.
type UnenrollRequest struct {
	ClientRecipientID string `json:"client_recipient_id"` // the card's owner in your system
	CardID            string `json:"card_id"`             // the card
}

// UnenrollResult is W33's answer: a bare array of ids whose meaning the
// documentation does not give. Its example holds the documentation's gift
// id: they are read as the gifts the card was linked to, which it no
// longer is.
type UnenrollResult struct {
	GiftIDs []string        // the gifts the card was linked to
	Raw     json.RawMessage // the data as Wolfe sent it
}

// UnmarshalJSON reads a bare array of ids, one id, or an object with
// "gift_ids" or "ids".
func (u *UnenrollResult) UnmarshalJSON(b []byte) error {
	*u = UnenrollResult{Raw: append(json.RawMessage(nil), b...)}
	if t := bytes.TrimSpace(b); len(t) > 0 && t[0] == '{' {
		var w struct {
			GiftIDs wire.List[wire.String] `json:"gift_ids"`
			IDs     wire.List[wire.String] `json:"ids"`
		}
		if err := json.Unmarshal(b, &w); err != nil {
			return err
		}
		for _, id := range append(w.GiftIDs, w.IDs...) {
			u.GiftIDs = append(u.GiftIDs, string(id))
		}
		return nil
	}
	var l wire.List[wire.String]
	if err := json.Unmarshal(b, &l); err != nil {
		return err
	}
	for _, id := range l {
		u.GiftIDs = append(u.GiftIDs, string(id))
	}
	return nil
}

// MarshalJSON writes the bare array, as Wolfe does.
func (u UnenrollResult) MarshalJSON() ([]byte, error) {
	if u.GiftIDs == nil {
		return []byte("[]"), nil
	}
	return json.Marshal(u.GiftIDs)
}

// Unenroll unenrolls a card from the payment networks (W33): purchases
// with it are no longer credited from any gift. After a lost answer the
// recipient's cards are read: the card gone, the unenrolment succeeded
// (with no gift ids, which only the lost answer had).
func (s *CardsService) Unenroll(ctx context.Context, req UnenrollRequest) (UnenrollResult, error) {
	if err := check.First(
		idParam("client_recipient_id", req.ClientRecipientID),
		ck.MaxLen("client_recipient_id", req.ClientRecipientID, maxReferenceLen),
		idParam("card_id", req.CardID),
	); err != nil {
		return UnenrollResult{}, err
	}
	r := s.client().req(routeUnenrollCard)
	r.Body = req
	res, err := s.client().tr.Do(ctx, r, nil)
	if err != nil {
		if errors.Is(err, giftcard.ErrOutcomeUnknown) {
			if p, lerr := s.List(ctx, CardQuery{ClientRecipientID: req.ClientRecipientID, CardID: req.CardID}); lerr == nil && !hasCard(p.Items, req.CardID) {
				return UnenrollResult{}, nil
			}
		}
		return UnenrollResult{}, err
	}
	var out UnenrollResult
	if len(res.Payload) > 0 {
		if err := json.Unmarshal(res.Payload, &out); err != nil {
			return UnenrollResult{}, s.client().tr.BadResponse(r, res, "the answer is not a list of ids", err)
		}
	}
	return out, nil
}

func hasCard(cards []Card, id string) bool {
	for _, c := range cards {
		if c.ID == id {
			return true
		}
	}
	return false
}
