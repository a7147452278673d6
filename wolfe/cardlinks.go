package wolfe

import (
	"context"
	"encoding/json"
	"errors"
	"iter"
	"strings"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/check"
	"github.com/giftcard-go/giftcard/internal/transport"
	"github.com/giftcard-go/giftcard/internal/wire"
)

// CardLinksService is card linking (W17–W20): the log of linking attempts,
// the sessions in which a recipient enrols a bank card and links it to a
// gift on Wolfe's page, and unlinking. A purchase with a linked card at
// the gift's merchant is credited back to the card from the gift's balance
// (see CreditsService).
type CardLinksService service

// CardLinkSessionLifetime is how long a card-link session lasts (Wolfe's
// public documentation: 15 minutes).
const CardLinkSessionLifetime = 15 * time.Minute

// CardLinkStatus is the outcome of a card-linking attempt. The
// documentation shows only "FAILED"; wolfetest also answers "SUCCESS".
// Other values are kept as sent.
type CardLinkStatus string

// Card-link statuses.
const (
	CardLinkSuccess CardLinkStatus = "SUCCESS"
	CardLinkFailed  CardLinkStatus = "FAILED"
)

// CardLinkAttempt is one card-linking attempt of the log (W17), successful
// or not.
type CardLinkAttempt struct {
	ID                string         // the attempt's id
	DateCreated       Time           // when it happened (the example's "2022-25-10 00:00" is kept raw)
	ClientRecipientID string         // the recipient in the partner's system
	GiftID            string         // the gift the card was to be linked to
	Status            CardLinkStatus // SUCCESS or FAILED
	// StatusMessage is the reason of a failure ("INTERNATIONAL_CARD"); Wolfe
	// documents no list.
	StatusMessage string
	Raw           json.RawMessage // the attempt as Wolfe sent it
}

type cardLinkAttemptJSON struct {
	DateCreated       wire.Time   `json:"date_created,omitzero"`
	ID                wire.String `json:"id"`
	ClientRecipientID wire.String `json:"client_recipient_id,omitempty"`
	GiftID            wire.String `json:"gift_id,omitempty"`
	Status            wire.String `json:"status,omitempty"`
	StatusMessage     wire.String `json:"status_message,omitempty"`
}

// UnmarshalJSON reads Wolfe's attempt.
func (a *CardLinkAttempt) UnmarshalJSON(b []byte) error {
	var w cardLinkAttemptJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*a = CardLinkAttempt{ID: string(w.ID), DateCreated: w.DateCreated, ClientRecipientID: string(w.ClientRecipientID),
		GiftID: string(w.GiftID), Status: CardLinkStatus(w.Status), StatusMessage: string(w.StatusMessage),
		Raw: append(json.RawMessage(nil), b...)}
	return nil
}

// MarshalJSON writes Wolfe's form.
func (a CardLinkAttempt) MarshalJSON() ([]byte, error) {
	return json.Marshal(cardLinkAttemptJSON{DateCreated: a.DateCreated, ID: wire.String(a.ID),
		ClientRecipientID: wire.String(a.ClientRecipientID), GiftID: wire.String(a.GiftID),
		Status: wire.String(a.Status), StatusMessage: wire.String(a.StatusMessage)})
}

// CardLinkLogQuery filters ListLog and Log. Zero values mean no filter.
type CardLinkLogQuery struct {
	FromDate, ToDate  time.Time // the period of the attempts (sent as 2006-01-02)
	GiftID            string    // the gift's attempts
	ClientRecipientID string    // the recipient's attempts
	Session           string    // one card-link session's attempts
	Limit             int       // items per page; 0 means DefaultPageSize
	Offset            int       // the first item (ListLog only)
}

func (q CardLinkLogQuery) values() (query, error) {
	if err := check.First(
		checkPaging(q.Limit, q.Offset, q.FromDate, q.ToDate),
		optionalID("gift_id", q.GiftID),
		optionalID("client_recipient_id", q.ClientRecipientID),
		optionalID("session", q.Session),
	); err != nil {
		return nil, err
	}
	v := query{}
	v.date("from_date", q.FromDate)
	v.date("to_date", q.ToDate)
	v.set("gift_id", q.GiftID)
	v.set("client_recipient_id", q.ClientRecipientID)
	v.set("session", q.Session)
	v.paging(q.Limit, q.Offset)
	return v, nil
}

func (q CardLinkLogQuery) paged(offset, limit int) CardLinkLogQuery {
	q.Offset, q.Limit = offset, limit
	return q
}

func (q CardLinkLogQuery) pageSize() int { return q.Limit }

// ListLog returns one page of the card-linking attempts, successful and
// failed (W17).
func (s *CardLinksService) ListLog(ctx context.Context, q CardLinkLogQuery) (Page[CardLinkAttempt], error) {
	return listOne[CardLinkAttempt](ctx, s.client(), routeCardLinkLog, q)
}

// Log walks every attempt matching q lazily, page by page (q.Offset is
// ignored).
func (s *CardLinksService) Log(ctx context.Context, q CardLinkLogQuery) iter.Seq2[CardLinkAttempt, error] {
	return listAll[CardLinkAttempt](ctx, s.client(), routeCardLinkLog, q)
}

// CardLinkSession is a card-link session (W18): the recipient follows
// Wolfe's enrolment page for it to link a new or existing card to the gift.
// The documentation says the operation "generates an URL" but its answer
// carries only the session and its expiry: the page's address comes from
// your Wolfe onboarding.
type CardLinkSession struct {
	Session string `json:"session"` // the session id
	// ExpirationDate is the expiry as Wolfe wrote it.
	ExpirationDate Time `json:"expiration_date,omitzero"`
	// ExpiresAt is when the session expires: ExpirationDate's instant, or,
	// when the answer has none that parses, CardLinkSessionLifetime after
	// the client created it (by the client's clock).
	ExpiresAt time.Time `json:"-"`
	// GiftID is the gift the session links a card to (the request's; not
	// in Wolfe's answer).
	GiftID string          `json:"-"`
	Raw    json.RawMessage `json:"-"` // the data as Wolfe sent it
}

// UnmarshalJSON reads {session, expiration_date}.
func (s *CardLinkSession) UnmarshalJSON(b []byte) error {
	var w struct {
		Session        wire.String `json:"session"`
		ExpirationDate wire.Time   `json:"expiration_date"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*s = CardLinkSession{Session: string(w.Session), ExpirationDate: w.ExpirationDate, ExpiresAt: w.ExpirationDate.T,
		Raw: append(json.RawMessage(nil), b...)}
	return nil
}

// Expired reports whether the session has expired at now.
func (s CardLinkSession) Expired(now time.Time) bool { return !now.Before(s.ExpiresAt) }

// CreateSession opens a card-link session for a gift (W18). The session
// expires after CardLinkSessionLifetime; deactivate it with
// DeactivateSession when the recipient gives up. It moves no money: after
// a lost answer the error matches giftcard.ErrOutcomeUnknown and a new
// session can simply be created.
func (s *CardLinksService) CreateSession(ctx context.Context, giftID string) (CardLinkSession, error) {
	if err := idParam("gift_id", giftID); err != nil {
		return CardLinkSession{}, err
	}
	created := s.client().tr.Clock().Now()
	r := s.client().req(routeCreateCardLinkSession)
	r.Body = giftIDBody{GiftID: giftID}
	sess, _, err := transport.CallChecked(ctx, s.client().tr, r, func(v *CardLinkSession) error {
		if strings.TrimSpace(v.Session) == "" {
			return errors.New("the answer has no session")
		}
		return nil
	})
	if err != nil {
		return CardLinkSession{}, err
	}
	sess.GiftID = giftID
	if sess.ExpiresAt.IsZero() {
		sess.ExpiresAt = created.Add(CardLinkSessionLifetime)
	}
	return sess, nil
}

type sessionBody struct {
	SessionID string `json:"session_id"`
}

// DeactivateSession invalidates a card-link session (W19), as Wolfe
// recommends when the recipient cancels linking. Deactivating is the same
// whether done once or twice, so the request is resent after a lost answer
// like a read.
func (s *CardLinksService) DeactivateSession(ctx context.Context, sessionID string) error {
	if err := idParam("session_id", sessionID); err != nil {
		return err
	}
	r := s.client().req(routeDeactivateCardLinkSession)
	r.Body = sessionBody{SessionID: sessionID}
	r.Idempotent = true
	_, err := s.client().tr.Do(ctx, r, nil)
	return err
}

// Unlink unlinks the card from a gift (W20); the gift stays, and purchases
// with the card are no longer credited from it. Wolfe allows it only on an
// active gift with a balance. After a lost answer the gift is read: no
// longer linked, the unlink succeeded.
func (s *CardLinksService) Unlink(ctx context.Context, giftID string) error {
	if err := idParam("gift_id", giftID); err != nil {
		return err
	}
	r := s.client().req(routeUnlinkCard)
	r.Body = giftIDBody{GiftID: giftID}
	_, err := s.client().tr.Do(ctx, r, nil)
	if err != nil && errors.Is(err, giftcard.ErrOutcomeUnknown) {
		if g, gerr := s.client().Gifts.Get(ctx, giftID); gerr == nil && !g.Linked() {
			return nil
		}
	}
	return err
}

// optionalID checks an id filter that is set.
func optionalID(field, v string) error {
	return optional(v != "", func() error { return idParam(field, v) })
}
