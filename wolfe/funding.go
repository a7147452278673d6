package wolfe

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"strings"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/check"
	"github.com/giftcard-go/giftcard/internal/reconcile"
	"github.com/giftcard-go/giftcard/internal/transport"
	"github.com/giftcard-go/giftcard/internal/wire"
)

// FundingService is the partner's funding account (W1–W4): the balance gift
// purchases are charged to, its transactions, and deposits.
type FundingService service

// TransactionStatus is a funding transaction's status. A value the SDK does
// not know is kept as sent.
type TransactionStatus string

// The documented transaction statuses.
const (
	TransactionSuccess    TransactionStatus = "SUCCESS"
	TransactionPending    TransactionStatus = "PENDING"
	TransactionRejected   TransactionStatus = "REJECTED"
	TransactionConfirmed  TransactionStatus = "CONFIRMED"
	TransactionRollbacked TransactionStatus = "ROLLBACKED"
	TransactionReturn     TransactionStatus = "RETURN"
)

// TransactionStatuses lists the documented statuses, the values
// TransactionQuery.Status accepts.
func TransactionStatuses() []TransactionStatus {
	return []TransactionStatus{TransactionSuccess, TransactionPending, TransactionRejected,
		TransactionConfirmed, TransactionRollbacked, TransactionReturn}
}

// PaymentMethod is how a deposit was paid.
type PaymentMethod string

// The documented payment methods.
const (
	PaymentACH   PaymentMethod = "ACH"
	PaymentWire  PaymentMethod = "WIRE"
	PaymentCheck PaymentMethod = "CHECK"
)

// Transaction is a movement on the funding account (W1, W2): a deposit, a
// gift purchase (whose reference is the gift id), a refund.
type Transaction struct {
	ID            string // the transaction id in the platform (not always a UUID)
	AccountNumber string // the funding account number
	// OwnerID is the account owner; only get-transaction (W2) returns it.
	OwnerID string
	// Amount is the transaction amount; the funding account is charged
	// Amount + Fee (see Total).
	Amount          giftcard.Money
	Fee             giftcard.Money    // the fee charged on top of Amount
	Status          TransactionStatus // SUCCESS, PENDING …; unknown values kept
	TransactionType string            // "1" in the list example, "EXTERNAL" in W2's: kept as sent
	// ReferenceID is the reference in the originating system: the bank's
	// transaction id for a deposit, the gift id for a gift purchase.
	ReferenceID   string
	BeforeBalance giftcard.Money  // the balance before the transaction
	PaymentMethod PaymentMethod   // ACH, WIRE or CHECK for a deposit; empty for a gift purchase
	DateCreated   Time            // when the transaction was created
	DateModified  Time            // when it last changed
	Comment       string          // the note given with a deposit
	Raw           json.RawMessage // the transaction as Wolfe sent it
}

// Total is what the transaction charged the funding account: Amount + Fee.
func (t Transaction) Total() giftcard.Money {
	s, err := t.Amount.Add(t.Fee)
	if err != nil {
		return t.Amount
	}
	return s
}

type transactionJSON struct {
	ID              wire.String `json:"id"`
	AccountNumber   wire.String `json:"account_number,omitempty"`
	OwnerID         wire.String `json:"owner_id,omitempty"`
	Amount          *wire.Int   `json:"amount,omitempty"`
	Status          wire.String `json:"status,omitempty"`
	TransactionType wire.String `json:"transaction_type,omitempty"`
	ReferenceID     wire.String `json:"reference_id,omitempty"`
	BeforeBalance   *wire.Int   `json:"before_balance,omitempty"`
	PaymentMethod   wire.String `json:"payment_method,omitempty"`
	DateCreated     wire.Time   `json:"date_created,omitzero"`
	DateModified    wire.Time   `json:"date_modified,omitzero"`
	Fee             *wire.Int   `json:"fee,omitempty"`
	Comment         wire.String `json:"comment,omitempty"`
}

// UnmarshalJSON reads Wolfe's transaction object.
func (t *Transaction) UnmarshalJSON(b []byte) error {
	var w transactionJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*t = Transaction{
		ID: string(w.ID), AccountNumber: string(w.AccountNumber), OwnerID: string(w.OwnerID),
		Amount: centsMoney(w.Amount), Fee: centsMoney(w.Fee), Status: TransactionStatus(w.Status),
		TransactionType: string(w.TransactionType), ReferenceID: string(w.ReferenceID),
		BeforeBalance: centsMoney(w.BeforeBalance), PaymentMethod: PaymentMethod(w.PaymentMethod),
		DateCreated: w.DateCreated, DateModified: w.DateModified, Comment: string(w.Comment),
		Raw: append(json.RawMessage(nil), b...),
	}
	return nil
}

// MarshalJSON writes Wolfe's form: amounts in cents.
func (t Transaction) MarshalJSON() ([]byte, error) {
	w := transactionJSON{
		ID: wire.String(t.ID), AccountNumber: wire.String(t.AccountNumber), OwnerID: wire.String(t.OwnerID),
		Status: wire.String(t.Status), TransactionType: wire.String(t.TransactionType),
		ReferenceID: wire.String(t.ReferenceID), PaymentMethod: wire.String(t.PaymentMethod),
		DateCreated: t.DateCreated, DateModified: t.DateModified, Comment: wire.String(t.Comment),
	}
	if err := setCents(cents{&w.Amount, "amount", t.Amount}, cents{&w.Fee, "fee", t.Fee},
		cents{&w.BeforeBalance, "before_balance", t.BeforeBalance}); err != nil {
		return nil, err
	}
	return json.Marshal(w)
}

// TransactionQuery filters ListTransactions and Transactions. Zero values
// mean no filter.
type TransactionQuery struct {
	Status      TransactionStatus // one of TransactionStatuses
	FromDate    time.Time         // created on or after this date (sent as 2006-01-02)
	ToDate      time.Time         // created on or before this date
	ReferenceID string            // the reference in the originating system
	ID          string            // the platform transaction id
	Limit       int               // items per page; 0 means DefaultPageSize
	Offset      int               // the first item (ListTransactions only)
}

func (q TransactionQuery) values() (query, error) {
	if err := check.First(
		checkPaging(q.Limit, q.Offset, q.FromDate, q.ToDate),
		optional(q.Status != "", func() error {
			return ck.OneOf("status", string(q.Status), statusStrings()...)
		}),
		optional(q.ReferenceID != "", func() error { return idParam("reference_id", q.ReferenceID) }),
		optional(q.ID != "", func() error { return idParam("id", q.ID) }),
	); err != nil {
		return nil, err
	}
	v := query{}
	v.set("status", string(q.Status))
	v.date("from_date", q.FromDate)
	v.date("to_date", q.ToDate)
	v.set("reference_id", q.ReferenceID)
	v.set("id", q.ID)
	v.paging(q.Limit, q.Offset)
	return v, nil
}

func (q TransactionQuery) paged(offset, limit int) TransactionQuery {
	q.Offset, q.Limit = offset, limit
	return q
}

func (q TransactionQuery) pageSize() int { return q.Limit }

func statusStrings() []string {
	var out []string
	for _, s := range TransactionStatuses() {
		out = append(out, string(s))
	}
	return out
}

// optional runs check only when cond holds.
func optional(cond bool, check func() error) error {
	if !cond {
		return nil
	}
	return check()
}

// ListTransactions returns one page of the funding account's transactions
// (W1).
func (s *FundingService) ListTransactions(ctx context.Context, q TransactionQuery) (Page[Transaction], error) {
	return listOne[Transaction](ctx, s.client(), routeListTransactions, q)
}

// Transactions walks every transaction matching q lazily, page by page
// (q.Offset is ignored).
func (s *FundingService) Transactions(ctx context.Context, q TransactionQuery) iter.Seq2[Transaction, error] {
	return listAll[Transaction](ctx, s.client(), routeListTransactions, q)
}

// GetTransaction returns one transaction by its platform id (W2).
func (s *FundingService) GetTransaction(ctx context.Context, id string) (Transaction, error) {
	return transport.Call[Transaction](ctx, s.client().tr, s.client().req(routeGetTransaction, id))
}

// Balance is the funding account's balance (W4).
type Balance struct {
	// Amount is the balance. Wolfe sends cents ("balance": 10015); the
	// documentation's introduction shows {"Balance": 100.15} in dollars,
	// which is read too when "balance" is absent.
	Amount giftcard.Money
	Raw    json.RawMessage // the data as Wolfe sent it
}

type balanceJSON struct {
	Balance *wire.Int    `json:"balance,omitempty"`
	Dollars wire.Decimal `json:"Balance,omitzero"`
}

// UnmarshalJSON reads {"balance": cents}, or {"Balance": dollars}.
func (b *Balance) UnmarshalJSON(data []byte) error {
	var w balanceJSON
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	*b = Balance{Amount: centsMoney(w.Balance), Raw: append(json.RawMessage(nil), data...)}
	if w.Balance == nil {
		b.Amount = dollarsMoney(w.Dollars)
	}
	return nil
}

// MarshalJSON writes {"balance": cents}.
func (b Balance) MarshalJSON() ([]byte, error) {
	n, err := moneyCents("balance", b.Amount)
	if err != nil {
		return nil, err
	}
	return json.Marshal(balanceJSON{Balance: n})
}

// Balance returns the funding account's balance (W4).
func (s *FundingService) Balance(ctx context.Context) (Balance, error) {
	b, err := transport.Call[Balance](ctx, s.client().tr, s.client().req(routeBalance))
	if err == nil && b.Amount.Currency == "" {
		return Balance{}, &giftcard.Error{Provider: providerName, Op: routeBalance.Op, Kind: giftcard.ErrInvalidResponse,
			Message: "the answer has no balance"}
	}
	return b, err
}

// DepositRequest registers a deposit (W3). Wolfe records it PENDING until
// its admins approve it; only then does the balance grow.
type DepositRequest struct {
	// Amount deposited, in USD, a whole number of cents, zero or more.
	Amount giftcard.Money
	// ReferenceID is the deposit's reference in your system (the bank
	// transaction id, the check number). It is the idempotency key: empty
	// means a random UUID is generated and returned on the Deposit.
	ReferenceID string
	// PaymentMethod is ACH, WIRE or CHECK (required).
	PaymentMethod PaymentMethod
	// Comment is an optional note, at most 250 characters.
	Comment string
}

type depositRequestJSON struct {
	Amount        int64   `json:"amount"`
	ReferenceID   string  `json:"reference_id"`
	PaymentMethod string  `json:"payment_method"`
	Comment       *string `json:"comment,omitempty"`
}

// MarshalJSON writes the request body: the amount as bare integer cents.
func (r DepositRequest) MarshalJSON() ([]byte, error) {
	n, err := toCents("amount", r.Amount)
	if err != nil {
		return nil, err
	}
	w := depositRequestJSON{Amount: n, ReferenceID: r.ReferenceID, PaymentMethod: string(r.PaymentMethod)}
	if r.Comment != "" {
		w.Comment = &r.Comment
	}
	return json.Marshal(w)
}

// UnmarshalJSON reads a deposit request body.
func (r *DepositRequest) UnmarshalJSON(b []byte) error {
	var w struct {
		Amount        wire.Int    `json:"amount"`
		ReferenceID   wire.String `json:"reference_id"`
		PaymentMethod wire.String `json:"payment_method"`
		Comment       wire.String `json:"comment"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*r = DepositRequest{Amount: usd(int64(w.Amount)), ReferenceID: string(w.ReferenceID),
		PaymentMethod: PaymentMethod(w.PaymentMethod), Comment: string(w.Comment)}
	return nil
}

func (r DepositRequest) validate() error {
	cents, err := toCents("amount", r.Amount)
	if err != nil {
		return err
	}
	return check.First(
		required("amount", r.Amount.Currency == "" && r.Amount.IsZero()),
		optional(cents < 0, func() error { return ck.Invalid("amount", "must be zero or more") }),
		ck.Ref("reference_id", r.ReferenceID, maxReferenceLen),
		ck.Required("payment_method", string(r.PaymentMethod)),
		ck.OneOf("payment_method", string(r.PaymentMethod), string(PaymentACH), string(PaymentWire), string(PaymentCheck)),
		ck.Text("comment", r.Comment),
		ck.MaxLen("comment", r.Comment, 250),
	)
}

// Deposit is a registered deposit.
type Deposit struct {
	TransactionID string          `json:"transaction_id"`         // the new (PENDING) transaction
	ReferenceID   string          `json:"reference_id,omitempty"` // the request's reference (not in Wolfe's answer)
	Raw           json.RawMessage `json:"-"`                      // the data as Wolfe sent it
}

// maxReferenceLen is the documented limit of a gift purchase's
// reference_id, applied to every reference the client sends.
const maxReferenceLen = 255

// Deposit registers a pending deposit (W3), exactly once per
// ReferenceID: a lost answer is reconciled by listing the transactions with
// that reference (W1). A deposit found there with the same amount and
// payment method is returned as this one; another is
// giftcard.ErrDuplicateReference. Every error carries the reference in
// giftcard.Error.Reference.
func (s *FundingService) Deposit(ctx context.Context, req DepositRequest) (Deposit, error) {
	if req.ReferenceID == "" {
		req.ReferenceID = NewReferenceID()
	}
	if err := req.validate(); err != nil {
		return Deposit{}, err
	}
	type found struct {
		d  Deposit
		tx *Transaction
	}
	send := func(ctx context.Context) (found, error) {
		r := s.client().req(routeDeposit)
		r.Body = req
		d, _, err := transport.CallChecked(ctx, s.client().tr, r, func(d *Deposit) error {
			if strings.TrimSpace(d.TransactionID) == "" {
				return errors.New("the answer has no transaction_id")
			}
			return nil
		})
		d.ReferenceID = req.ReferenceID
		return found{d: d}, err
	}
	want, _ := toCents("amount", req.Amount)
	f, err := reconcile.Do(ctx, reconcile.Spec[found]{
		Provider: providerName, Op: routeDeposit.Op, Key: req.ReferenceID, Send: send,
		Lookup: func(ctx context.Context) (found, error) {
			tx, err := s.findDeposit(ctx, req.ReferenceID)
			if err != nil {
				return found{}, err
			}
			return found{d: Deposit{TransactionID: tx.ID, ReferenceID: req.ReferenceID, Raw: tx.Raw}, tx: &tx}, nil
		},
		Mine: func(f found) bool {
			got, err := toCents("amount", f.tx.Amount)
			return err == nil && got == want && f.tx.PaymentMethod == req.PaymentMethod
		},
		Describe: func(f found) string {
			return fmt.Sprintf("transaction %s (%s %s by %s)", f.tx.ID, f.tx.Status, f.tx.Amount, f.tx.PaymentMethod)
		},
	})
	if err != nil {
		return Deposit{ReferenceID: req.ReferenceID}, err
	}
	return f.d, nil
}

// findDeposit looks up the deposit holding reference: a transaction with
// that reference and a payment method (a gift purchase has none).
func (s *FundingService) findDeposit(ctx context.Context, reference string) (Transaction, error) {
	p, err := s.ListTransactions(ctx, TransactionQuery{ReferenceID: reference})
	if err != nil {
		return Transaction{}, err
	}
	for _, tx := range p.Items {
		if tx.ReferenceID == reference && tx.PaymentMethod != "" {
			return tx, nil
		}
	}
	return Transaction{}, &giftcard.Error{Provider: providerName, Op: routeDeposit.Op, Kind: giftcard.ErrNotFound,
		Reference: reference, Message: "no deposit holds this reference"}
}
