package wolfe

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/check"
	"github.com/giftcard-go/giftcard/internal/reconcile"
	"github.com/giftcard-go/giftcard/internal/transport"
	"github.com/giftcard-go/giftcard/internal/wire"
)

// CreditsService is what card-linked gifts pay out (W34–W37): the credits
// issued back to recipients' linked cards, the merchant transactions that
// triggered them, and missing credits — purchases a recipient says were
// not credited.
type CreditsService service

// CreditStatus is a credit's status. Wolfe documents no list (its example
// shows SUCCESS); wolfetest also answers PENDING and FAILED. Other values
// are kept as sent.
type CreditStatus string

// Credit statuses.
const (
	CreditSuccess CreditStatus = "SUCCESS"
	CreditPending CreditStatus = "PENDING"
	CreditFailed  CreditStatus = "FAILED"
)

// Credit is a credit issued to a recipient's linked card from a gift's
// balance (W34), after a purchase at the gift's merchant.
type Credit struct {
	ID     string         // the credit's id (not always a UUID)
	Amount giftcard.Money // the amount credited
	Status CreditStatus   // SUCCESS …
	CardID string         // the card credited
	GiftID string         // the gift it was paid from
	// IsBatched reports whether the credit was sent in a batch (Wolfe
	// sends "true" as a string).
	IsBatched     bool
	DateCreated   Time // when it was created
	DateProcessed Time // when it was processed
	// DateFailed and FailureMessage are set when it failed (the
	// documentation's SUCCESS example has both set; they are kept as sent).
	DateFailed     Time
	FailureMessage string // why it failed ("Card is expired or lost.")
	// IsMissingCredit reports whether it was issued for a missing credit
	// (W37).
	IsMissingCredit bool
	// MerchantTransaction is the purchase credited (its id, amount and
	// date only; its Raw is empty, the credit's holds it).
	MerchantTransaction *MerchantTransaction
	Raw                 json.RawMessage // the credit as Wolfe sent it
}

type creditJSON struct {
	ID                  wire.String          `json:"id"`
	Amount              *wire.Int            `json:"amount,omitempty"`
	Status              wire.String          `json:"status,omitempty"`
	CardID              wire.String          `json:"card_id,omitempty"`
	GiftID              wire.String          `json:"gift_id,omitempty"`
	IsBatched           *wire.Bool           `json:"is_batched,omitempty"`
	DateCreated         wire.Time            `json:"date_created,omitzero"`
	DateProcessed       wire.Time            `json:"date_processed,omitzero"`
	DateFailed          wire.Time            `json:"date_failed,omitzero"`
	FailureMessage      wire.String          `json:"failure_message,omitempty"`
	IsMissingCredit     *wire.Bool           `json:"is_missing_credit,omitempty"`
	MerchantTransaction *MerchantTransaction `json:"merchant_transaction,omitempty"`
}

// UnmarshalJSON reads Wolfe's credit: booleans as strings or JSON values.
func (c *Credit) UnmarshalJSON(b []byte) error {
	var w creditJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*c = Credit{ID: string(w.ID), Amount: centsMoney(w.Amount), Status: CreditStatus(w.Status), CardID: string(w.CardID),
		GiftID: string(w.GiftID), IsBatched: w.IsBatched != nil && bool(*w.IsBatched), DateCreated: w.DateCreated,
		DateProcessed: w.DateProcessed, DateFailed: w.DateFailed, FailureMessage: string(w.FailureMessage),
		IsMissingCredit: w.IsMissingCredit != nil && bool(*w.IsMissingCredit), MerchantTransaction: w.MerchantTransaction,
		Raw: append(json.RawMessage(nil), b...)}
	if c.MerchantTransaction != nil {
		c.MerchantTransaction.Raw = nil // the credit's Raw holds it
	}
	return nil
}

// MarshalJSON writes Wolfe's form (booleans as "true"/"false" strings, as
// the documentation's example does).
func (c Credit) MarshalJSON() ([]byte, error) {
	w := struct {
		creditJSON
		IsBatched       string `json:"is_batched"`
		IsMissingCredit string `json:"is_missing_credit"`
	}{creditJSON: creditJSON{ID: wire.String(c.ID), Status: wire.String(c.Status), CardID: wire.String(c.CardID),
		GiftID: wire.String(c.GiftID), DateCreated: c.DateCreated, DateProcessed: c.DateProcessed, DateFailed: c.DateFailed,
		FailureMessage: wire.String(c.FailureMessage), MerchantTransaction: c.MerchantTransaction},
		IsBatched: strconv.FormatBool(c.IsBatched), IsMissingCredit: strconv.FormatBool(c.IsMissingCredit)}
	if err := setCents(cents{&w.Amount, "amount", c.Amount}); err != nil {
		return nil, err
	}
	return json.Marshal(w)
}

// CreditQuery filters List and All. Zero values mean no filter.
type CreditQuery struct {
	Status            CreditStatus // one status (Wolfe documents no list: any is sent)
	FromDate, ToDate  time.Time    // the period the credits were created in (sent as 2006-01-02)
	GiftID            string       // the gift's credits
	ID                string       // one credit
	CardID            string       // the card's credits
	ClientRecipientID string       // the recipient's credits
	Limit             int          // items per page; 0 means DefaultPageSize
	Offset            int          // the first item (List only)
}

func (q CreditQuery) values() (query, error) {
	if err := check.First(
		checkPaging(q.Limit, q.Offset, q.FromDate, q.ToDate),
		optionalID("status", string(q.Status)),
		optionalID("gift_id", q.GiftID),
		optionalID("id", q.ID),
		optionalID("card_id", q.CardID),
		optionalID("client_recipient_id", q.ClientRecipientID),
	); err != nil {
		return nil, err
	}
	v := query{}
	v.set("status", string(q.Status))
	v.date("from_date", q.FromDate)
	v.date("to_date", q.ToDate)
	v.set("gift_id", q.GiftID)
	v.set("id", q.ID)
	v.set("card_id", q.CardID)
	v.set("client_recipient_id", q.ClientRecipientID)
	v.paging(q.Limit, q.Offset)
	return v, nil
}

func (q CreditQuery) paged(offset, limit int) CreditQuery {
	q.Offset, q.Limit = offset, limit
	return q
}

func (q CreditQuery) pageSize() int { return q.Limit }

// List returns one page of the credits issued to recipients (W34).
func (s *CreditsService) List(ctx context.Context, q CreditQuery) (Page[Credit], error) {
	return listOne[Credit](ctx, s.client(), routeListCredits, q)
}

// All walks every credit matching q lazily, page by page (q.Offset is
// ignored).
func (s *CreditsService) All(ctx context.Context, q CreditQuery) iter.Seq2[Credit, error] {
	return listAll[Credit](ctx, s.client(), routeListCredits, q)
}

// MerchantTransaction is a purchase made with a linked card at a gift's
// merchant, to be credited from the gift (W35).
type MerchantTransaction struct {
	ID          string         // the transaction's id in the platform
	Amount      giftcard.Money // the amount paid at the merchant
	DateCreated Time           // when it was made
	GiftID      string         // the gift it is credited from
	// MerchantID is the merchant (the example's "12345" is not a UUID).
	MerchantID string
	CardID     string          // the card it was paid with
	Raw        json.RawMessage // the transaction as Wolfe sent it
}

type merchantTransactionJSON struct {
	ID          wire.String `json:"id"`
	Amount      *wire.Int   `json:"amount,omitempty"`
	DateCreated wire.Time   `json:"date_created,omitzero"`
	GiftID      wire.String `json:"gift_id,omitempty"`
	MerchantID  wire.String `json:"merchant_id,omitempty"`
	CardID      wire.String `json:"card_id,omitempty"`
}

// UnmarshalJSON reads Wolfe's merchant transaction.
func (m *MerchantTransaction) UnmarshalJSON(b []byte) error {
	var w merchantTransactionJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*m = MerchantTransaction{ID: string(w.ID), Amount: centsMoney(w.Amount), DateCreated: w.DateCreated,
		GiftID: string(w.GiftID), MerchantID: string(w.MerchantID), CardID: string(w.CardID),
		Raw: append(json.RawMessage(nil), b...)}
	return nil
}

// MarshalJSON writes Wolfe's form.
func (m MerchantTransaction) MarshalJSON() ([]byte, error) {
	w := merchantTransactionJSON{ID: wire.String(m.ID), DateCreated: m.DateCreated, GiftID: wire.String(m.GiftID),
		MerchantID: wire.String(m.MerchantID), CardID: wire.String(m.CardID)}
	if err := setCents(cents{&w.Amount, "amount", m.Amount}); err != nil {
		return nil, err
	}
	return json.Marshal(w)
}

// MerchantTransactionQuery filters ListMerchantTransactions and
// MerchantTransactions. Zero values mean no filter.
type MerchantTransactionQuery struct {
	FromDate, ToDate time.Time // the period they were made in (sent as 2006-01-02)
	GiftID           string    // the gift's transactions
	ID               string    // one transaction
	Limit            int       // items per page; 0 means DefaultPageSize
	Offset           int       // the first item (ListMerchantTransactions only)
}

func (q MerchantTransactionQuery) values() (query, error) {
	if err := check.First(
		checkPaging(q.Limit, q.Offset, q.FromDate, q.ToDate),
		optionalID("gift_id", q.GiftID),
		optionalID("id", q.ID),
	); err != nil {
		return nil, err
	}
	v := query{}
	v.date("from_date", q.FromDate)
	v.date("to_date", q.ToDate)
	v.set("gift_id", q.GiftID)
	v.set("id", q.ID)
	v.paging(q.Limit, q.Offset)
	return v, nil
}

func (q MerchantTransactionQuery) paged(offset, limit int) MerchantTransactionQuery {
	q.Offset, q.Limit = offset, limit
	return q
}

func (q MerchantTransactionQuery) pageSize() int { return q.Limit }

// ListMerchantTransactions returns one page of the purchases made with
// linked cards at gifts' merchants (W35).
func (s *CreditsService) ListMerchantTransactions(ctx context.Context, q MerchantTransactionQuery) (Page[MerchantTransaction], error) {
	return listOne[MerchantTransaction](ctx, s.client(), routeListMerchantTransactions, q)
}

// MerchantTransactions walks every merchant transaction matching q lazily,
// page by page (q.Offset is ignored).
func (s *CreditsService) MerchantTransactions(ctx context.Context, q MerchantTransactionQuery) iter.Seq2[MerchantTransaction, error] {
	return listAll[MerchantTransaction](ctx, s.client(), routeListMerchantTransactions, q)
}

// MissingCreditStatus is a missing credit's status. The documentation
// shows only CREDITED; wolfetest also answers PENDING and REJECTED. Other
// values are kept as sent.
type MissingCreditStatus string

// Missing credit statuses.
const (
	MissingCreditCredited MissingCreditStatus = "CREDITED"
	MissingCreditPending  MissingCreditStatus = "PENDING"
	MissingCreditRejected MissingCreditStatus = "REJECTED"
)

// CreditedGift is what a missing credit took from one gift.
type CreditedGift struct {
	GiftID         string         // the gift credited from
	CreditedAmount giftcard.Money // the amount credited back to the card
	Balance        giftcard.Money // the gift's balance after
}

type creditedGiftJSON struct {
	GiftID         wire.String `json:"gift_id"`
	CreditedAmount *wire.Int   `json:"credited_amount,omitempty"`
	Balance        *wire.Int   `json:"balance,omitempty"`
}

// UnmarshalJSON reads {gift_id, credited_amount, balance} (cents).
func (g *CreditedGift) UnmarshalJSON(b []byte) error {
	var w creditedGiftJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*g = CreditedGift{GiftID: string(w.GiftID), CreditedAmount: centsMoney(w.CreditedAmount), Balance: centsMoney(w.Balance)}
	return nil
}

// MarshalJSON writes Wolfe's form (cents).
func (g CreditedGift) MarshalJSON() ([]byte, error) {
	w := creditedGiftJSON{GiftID: wire.String(g.GiftID)}
	if err := setCents(cents{&w.CreditedAmount, "credited_amount", g.CreditedAmount}, cents{&w.Balance, "balance", g.Balance}); err != nil {
		return nil, err
	}
	return json.Marshal(w)
}

// MissingCredit is a registered missing credit (W36; W37 answers its id and
// gifts only).
type MissingCredit struct {
	ID string // the missing credit's id in the platform
	// ReferenceID is the request's reference. Wolfe's answers do not carry
	// it: RegisterMissingCredit and GetMissingCreditByReference fill it.
	ReferenceID string
	// MerchantID is the merchant (the documentation's example ends it with
	// a stray "."; it is kept as sent).
	MerchantID        string
	Comment           string              // the request's comment
	Status            MissingCreditStatus // CREDITED …
	CreateDate        Time                // when it was registered
	ClientRecipientID string              // the recipient in the partner's system
	Gifts             []CreditedGift      // what was credited, gift by gift
	Raw               json.RawMessage     // the data as Wolfe sent it
}

// Credited is the total credited from every gift.
func (m MissingCredit) Credited() giftcard.Money {
	total := usd(0)
	for _, g := range m.Gifts {
		if s, err := total.Add(g.CreditedAmount); err == nil {
			total = s
		}
	}
	return total
}

type missingCreditJSON struct {
	ID                wire.String    `json:"id"`
	ReferenceID       wire.String    `json:"reference_id,omitempty"`
	MerchantID        wire.String    `json:"merchant_id,omitempty"`
	Comment           wire.String    `json:"comment,omitempty"`
	Status            wire.String    `json:"status,omitempty"`
	CreateDate        wire.Time      `json:"create_date,omitzero"`
	ClientRecipientID wire.String    `json:"client_recipient_id,omitempty"`
	Gifts             []CreditedGift `json:"gifts"`
}

// UnmarshalJSON reads Wolfe's missing credit.
func (m *MissingCredit) UnmarshalJSON(b []byte) error {
	var w missingCreditJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*m = MissingCredit{ID: string(w.ID), ReferenceID: string(w.ReferenceID), MerchantID: string(w.MerchantID),
		Comment: string(w.Comment), Status: MissingCreditStatus(w.Status), CreateDate: w.CreateDate,
		ClientRecipientID: string(w.ClientRecipientID), Gifts: w.Gifts, Raw: append(json.RawMessage(nil), b...)}
	return nil
}

// MarshalJSON writes Wolfe's form.
func (m MissingCredit) MarshalJSON() ([]byte, error) {
	return json.Marshal(missingCreditJSON{ID: wire.String(m.ID), ReferenceID: wire.String(m.ReferenceID),
		MerchantID: wire.String(m.MerchantID), Comment: wire.String(m.Comment), Status: wire.String(m.Status),
		CreateDate: m.CreateDate, ClientRecipientID: wire.String(m.ClientRecipientID), Gifts: m.Gifts})
}

// GetMissingCredit returns a missing credit by its id (W36).
func (s *CreditsService) GetMissingCredit(ctx context.Context, id string) (MissingCredit, error) {
	return s.getMissingCredit(ctx, "id", id)
}

// GetMissingCreditByReference returns the missing credit registered with
// reference (W36); an error matching giftcard.ErrNotFound means none was.
// The result's ReferenceID is set to reference.
func (s *CreditsService) GetMissingCreditByReference(ctx context.Context, reference string) (MissingCredit, error) {
	m, err := s.getMissingCredit(ctx, "reference_id", reference)
	if err == nil && m.ReferenceID == "" {
		m.ReferenceID = reference
	}
	return m, err
}

func (s *CreditsService) getMissingCredit(ctx context.Context, param, v string) (MissingCredit, error) {
	if err := idParam(param, v); err != nil {
		return MissingCredit{}, err
	}
	r := s.client().req(routeGetMissingCredit)
	r.Query = url.Values{param: {v}}
	return transport.Call[MissingCredit](ctx, s.client().tr, r)
}

// MissingCreditRequest registers a purchase a recipient made with a linked
// card that was not credited (W37). The documentation marks no field
// required; those without which Wolfe could not find the purchase are
// required here: MerchantID, TransactionDate, TransactionAmount, and
// CardID or ClientRecipientID.
type MissingCreditRequest struct {
	// ReferenceID is the request's id in your system, at most 255
	// characters: the idempotency key. Empty means a random UUID, returned
	// on the result.
	ReferenceID string
	// MerchantID is the merchant of the gift not credited.
	MerchantID string
	// TransactionDate is the day of the purchase (sent as 2006-01-02).
	TransactionDate time.Time
	// TransactionAmount is what the recipient paid, in USD, a whole number
	// of cents, more than zero. It may exceed the gift: Wolfe credits at
	// most the gift's remaining balance.
	TransactionAmount giftcard.Money
	// CardID is the card paid with; ClientRecipientID the recipient.
	CardID, ClientRecipientID string
	// IsOnline says whether the purchase was online (true) or in store;
	// nil sends nothing. A JSON boolean is sent, the documented type (the
	// example sends the string "true").
	IsOnline *bool
	// Comment is an optional note ("$5 was additional tip"), at most 1000
	// characters.
	Comment string
}

type missingCreditRequestJSON struct {
	MerchantID        string `json:"merchant_id"`
	TransactionDate   string `json:"transaction_date"`
	Comment           string `json:"comment,omitempty"`
	ClientRecipientID string `json:"client_recipient_id,omitempty"`
	CardID            string `json:"card_id,omitempty"`
	IsOnline          *bool  `json:"is_online,omitempty"`
	ReferenceID       string `json:"reference_id"`
	TransactionAmount int64  `json:"transaction_amount"`
}

func (r MissingCreditRequest) wire(cents int64) missingCreditRequestJSON {
	w := missingCreditRequestJSON{MerchantID: r.MerchantID, Comment: r.Comment, ClientRecipientID: r.ClientRecipientID,
		CardID: r.CardID, IsOnline: r.IsOnline, ReferenceID: r.ReferenceID, TransactionAmount: cents}
	if !r.TransactionDate.IsZero() {
		w.TransactionDate = r.TransactionDate.Format(DateLayout)
	}
	return w
}

// MarshalJSON writes the request body: the amount as bare integer cents,
// the date as 2006-01-02.
func (r MissingCreditRequest) MarshalJSON() ([]byte, error) {
	n, err := toCents("transaction_amount", r.TransactionAmount)
	if err != nil {
		return nil, err
	}
	return json.Marshal(r.wire(n))
}

// UnmarshalJSON reads a request body (is_online as a boolean or a string).
func (r *MissingCreditRequest) UnmarshalJSON(b []byte) error {
	var w struct {
		MerchantID        wire.String `json:"merchant_id"`
		TransactionDate   wire.Time   `json:"transaction_date"`
		Comment           wire.String `json:"comment"`
		ClientRecipientID wire.String `json:"client_recipient_id"`
		CardID            wire.String `json:"card_id"`
		IsOnline          *wire.Bool  `json:"is_online"`
		ReferenceID       wire.String `json:"reference_id"`
		TransactionAmount *wire.Int   `json:"transaction_amount"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*r = MissingCreditRequest{ReferenceID: string(w.ReferenceID), MerchantID: string(w.MerchantID),
		TransactionDate: w.TransactionDate.T, TransactionAmount: centsMoney(w.TransactionAmount), CardID: string(w.CardID),
		ClientRecipientID: string(w.ClientRecipientID), Comment: string(w.Comment)}
	if w.IsOnline != nil {
		on := bool(*w.IsOnline)
		r.IsOnline = &on
	}
	return nil
}

// validate checks the request and returns the amount in cents.
func (r MissingCreditRequest) validate() (int64, error) {
	if r.TransactionAmount.Currency == "" && r.TransactionAmount.IsZero() {
		return 0, ck.Invalid("transaction_amount", "required")
	}
	n, err := toCents("transaction_amount", r.TransactionAmount)
	if err != nil {
		return 0, err
	}
	return n, check.First(
		optional(n <= 0, func() error { return ck.Invalid("transaction_amount", "must be more than zero") }),
		ck.Ref("reference_id", r.ReferenceID, maxReferenceLen),
		idParam("merchant_id", r.MerchantID),
		ck.MaxLen("merchant_id", r.MerchantID, maxReferenceLen),
		required("transaction_date", r.TransactionDate.IsZero()),
		optional(r.CardID == "" && r.ClientRecipientID == "", func() error {
			return ck.Invalid("card_id", "required: set card_id or client_recipient_id, whose purchase was not credited")
		}),
		optionalID("card_id", r.CardID),
		optionalID("client_recipient_id", r.ClientRecipientID),
		ck.MaxLen("client_recipient_id", r.ClientRecipientID, maxReferenceLen),
		ck.Text("comment", r.Comment),
		ck.MaxLen("comment", r.Comment, 1000),
	)
}

// RegisterMissingCredit registers a purchase that was not credited (W37),
// exactly once per ReferenceID, as a gift purchase: the body is marshalled
// once; after an unknown outcome, or a refusal of the reference as used,
// the missing credit is looked up by reference (W36). Found with the same
// merchant, recipient and comment (the fields W36 returns), it is returned
// as this request's; found otherwise, giftcard.ErrDuplicateReference;
// absent after an unknown outcome, the same request is sent again. Every
// error carries the reference (giftcard.Error.Reference).
func (s *CreditsService) RegisterMissingCredit(ctx context.Context, req MissingCreditRequest) (MissingCredit, error) {
	if req.ReferenceID == "" {
		req.ReferenceID = NewReferenceID()
	}
	n, err := req.validate()
	if err != nil {
		return MissingCredit{ReferenceID: req.ReferenceID}, err
	}
	raw, err := json.Marshal(req.wire(n))
	if err != nil {
		return MissingCredit{ReferenceID: req.ReferenceID}, err
	}
	m, err := reconcile.Do(ctx, reconcile.Spec[MissingCredit]{
		Provider: providerName, Op: routeRegisterMissingCredit.Op, Key: req.ReferenceID,
		Send: func(ctx context.Context) (MissingCredit, error) {
			r := s.client().req(routeRegisterMissingCredit)
			r.RawBody = raw
			m, _, err := transport.CallChecked(ctx, s.client().tr, r, func(m *MissingCredit) error {
				if strings.TrimSpace(m.ID) == "" {
					return errors.New("the answer has no id")
				}
				return nil
			})
			m.ReferenceID = req.ReferenceID
			return m, err
		},
		Lookup: func(ctx context.Context) (MissingCredit, error) {
			return s.GetMissingCreditByReference(ctx, req.ReferenceID)
		},
		Mine: func(m MissingCredit) bool {
			// W36 returns the recipient Wolfe credited, which it may have
			// found from the card: it is compared only when the request
			// named one.
			return sameID(m.MerchantID, req.MerchantID) &&
				(req.ClientRecipientID == "" || m.ClientRecipientID == "" || m.ClientRecipientID == req.ClientRecipientID) &&
				(m.Comment == "" || m.Comment == req.Comment)
		},
		Describe: func(m MissingCredit) string {
			return fmt.Sprintf("missing credit %s (%s, merchant %s, recipient %q)", m.ID, m.Status, m.MerchantID, m.ClientRecipientID)
		},
		Logger: s.client().tr.Logger(),
	})
	if err != nil {
		return MissingCredit{ReferenceID: req.ReferenceID}, err
	}
	return m, nil
}

// sameID compares two ids, ignoring case and a trailing "." (W36's example
// merchant_id ends with one).
func sameID(a, b string) bool {
	return strings.EqualFold(strings.TrimSuffix(strings.TrimSpace(a), "."), strings.TrimSuffix(strings.TrimSpace(b), "."))
}
