package orbt

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"strings"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/check"
	"github.com/giftcard-go/giftcard/internal/reconcile"
	"github.com/giftcard-go/giftcard/internal/transport"
	"github.com/giftcard-go/giftcard/internal/wire"
)

// WalletType is STANDARD or CAMPAIGN; another value is kept as sent.
type WalletType string

// Wallet types.
const (
	WalletStandard WalletType = "STANDARD" // spendable on any enabled brand
	WalletCampaign WalletType = "CAMPAIGN" // scoped to a campaign
)

// WalletStatus is a wallet's state as the API reports it (ENABLED in the
// documentation); another value is kept as sent.
type WalletStatus string

// WalletEnabled is the documented status of a usable wallet.
const WalletEnabled WalletStatus = "ENABLED"

// Wallet is one balance of a consumer, in one currency.
type Wallet struct {
	ID       string // walletId
	Currency string // upper-case
	// Balance is the wallet's balance, exact.
	Balance decimal.Decimal
	// Type is STANDARD or CAMPAIGN (another value kept as sent).
	Type         WalletType
	CampaignID   string // CAMPAIGN wallets only
	CampaignName string // CAMPAIGN wallets only
	// Status is ENABLED for a usable wallet (another value kept as sent).
	Status WalletStatus
	// Raw is the wallet's JSON as ORBT sent it.
	Raw json.RawMessage
}

// Money returns the balance as Money.
func (w Wallet) Money() giftcard.Money {
	return giftcard.Money{Amount: w.Balance, Currency: w.Currency}
}

type walletWire struct {
	WalletID     wire.String  `json:"walletId"`
	Currency     string       `json:"currency"`
	Balance      wire.Decimal `json:"balance"`
	WalletType   string       `json:"walletType"`
	CampaignID   wire.String  `json:"campaignId"`
	CampaignName string       `json:"campaignName"`
	Status       string       `json:"status"`
}

func (w *walletWire) check() error {
	switch {
	case w.WalletID == "":
		return missing("walletId")
	case !w.Balance.Valid:
		return missing("balance")
	}
	return nil
}

func (w walletWire) wallet(raw json.RawMessage) Wallet {
	return Wallet{
		ID: string(w.WalletID), Currency: upperCurrency(w.Currency), Balance: w.Balance.V,
		Type: WalletType(strings.ToUpper(strings.TrimSpace(w.WalletType))), CampaignID: string(w.CampaignID),
		CampaignName: w.CampaignName, Status: WalletStatus(strings.ToUpper(strings.TrimSpace(w.Status))), Raw: raw,
	}
}

// ListWallets returns one page of a consumer's wallets
// (GET /api/partner/v1/customer/{customerId}/wallets?page&size). customerID
// is the integer id CreateCustomer returned. An unknown or invalid customer
// (HTTP 404, or the documented 422 "invalid consumer ID") matches
// giftcard.ErrNotFound.
func (c *Client) ListWallets(ctx context.Context, customerID string, opts ListOptions) (Page[Wallet], error) {
	id, err := validCustomerID("customerId", customerID)
	if err != nil {
		return Page[Wallet]{}, err
	}
	p, err := listPage(ctx, c, c.req(routeListWallets, id), opts, walletWire.wallet)
	if e, ok := asAPIError(err); ok && e.StatusCode == http.StatusUnprocessableEntity {
		e.Kind = kindInvalidID
	}
	return p, err
}

// Wallets walks every wallet of a consumer lazily, pageSize at a time (0
// means 20). An error is yielded once and ends the sequence.
func (c *Client) Wallets(ctx context.Context, customerID string, pageSize int) iter.Seq2[Wallet, error] {
	return pages(ctx, routeListWallets.Op, pageSize, func(ctx context.Context, o ListOptions) (Page[Wallet], error) {
		return c.ListWallets(ctx, customerID, o)
	})
}

// TransactionType is CREDIT (add funds, drawn from the partner balance) or
// DEBIT (remove funds).
type TransactionType string

// Transaction types.
const (
	Credit TransactionType = "CREDIT"
	Debit  TransactionType = "DEBIT"
)

// WalletTransactionRequest credits or debits one wallet.
type WalletTransactionRequest struct {
	// Amount is > 0, in the wallet's currency, sent as a JSON number with
	// its own fraction digits (15.00 stays 15.00).
	Amount decimal.Decimal
	Type   TransactionType // CREDIT or DEBIT ("credit" is accepted)
	// ReferenceID is the idempotency key the API deduplicates on: the same
	// referenceId with the same payload is processed once. Empty means a
	// new UUID, returned on the result (and on the zero result of a failed
	// call) so the call can be repeated safely. It is sent exactly as
	// given; a blank one, or one holding invalid UTF-8 or a control
	// character, is refused.
	ReferenceID string
	Description string // optional
}

type walletTransactionBody struct {
	Amount          wire.Decimal    `json:"amount"`
	TransactionType TransactionType `json:"transactionType"`
	ReferenceID     string          `json:"referenceId"`
	Description     string          `json:"description,omitempty"`
}

func (r WalletTransactionRequest) body() (walletTransactionBody, error) {
	t := TransactionType(strings.ToUpper(strings.TrimSpace(string(r.Type))))
	ref := r.ReferenceID
	if !r.Amount.IsPositive() {
		return walletTransactionBody{}, ck.Invalid("amount", r.Amount.String()+" is not above zero")
	}
	if err := check.First(
		ck.OneOf("transactionType", string(t), string(Credit), string(Debit)),
		ck.Ref("referenceId", ref, 0), ck.Text("description", r.Description),
	); err != nil {
		return walletTransactionBody{}, err
	}
	if ref == "" {
		ref = uuid.NewString()
	}
	return walletTransactionBody{Amount: wire.D(r.Amount), TransactionType: t, ReferenceID: ref, Description: r.Description}, nil
}

// WalletTransaction is the result of a credit or debit. The API reference
// does not show the answer's fields: the ones below are read when present
// (id or transactionId, walletId, amount, transactionType, referenceId,
// description, status, balance) and otherwise filled from the request; Raw
// keeps whatever came. An answer without id or transactionId is not a
// success.
type WalletTransaction struct {
	// ID is the transaction's id (transactionId, or id).
	ID string
	// WalletID is the wallet credited or debited.
	WalletID string
	// Amount is the amount moved, exact.
	Amount decimal.Decimal
	// Type is CREDIT or DEBIT.
	Type TransactionType
	// ReferenceID is the idempotency key the transaction was sent with.
	ReferenceID string
	// Description is the transaction's description, if any.
	Description string
	Status      string // e.g. COMPLETED, PENDING, FAILED, as sent
	// Balance is the wallet balance after the transaction, when the answer
	// carries one.
	Balance decimal.NullDecimal
	// Raw is the answer's JSON (its data), when there was one.
	Raw json.RawMessage
}

type walletTransactionWire struct {
	ID              wire.String     `json:"id"`
	TransactionID   wire.String     `json:"transactionId"`
	WalletID        wire.String     `json:"walletId"`
	Amount          wire.Decimal    `json:"amount"`
	TransactionType string          `json:"transactionType"`
	ReferenceID     string          `json:"referenceId"`
	Description     string          `json:"description"`
	Status          string          `json:"status"`
	Balance         wire.Decimal    `json:"balance"`
	Raw             json.RawMessage `json:"-"`
}

// check refuses an answer that does not prove the transaction: no id, or
// the id of another referenceId.
func (w *walletTransactionWire) check(ref string) error {
	switch {
	case w.TransactionID == "" && w.ID == "":
		return missing("transactionId")
	case w.ReferenceID != "" && w.ReferenceID != ref:
		return fmt.Errorf("the answer is for referenceId %q, not this request's", w.ReferenceID)
	}
	return nil
}

// transaction reads the answer; sent is the request, for the fields the
// answer leaves out.
func (w walletTransactionWire) transaction(walletID string, sent walletTransactionBody) WalletTransaction {
	tx := WalletTransaction{ID: cmp.Or(string(w.TransactionID), string(w.ID)), WalletID: cmp.Or(string(w.WalletID), walletID),
		Amount: sent.Amount.V, Type: cmp.Or(TransactionType(strings.ToUpper(w.TransactionType)), sent.TransactionType),
		ReferenceID: cmp.Or(w.ReferenceID, sent.ReferenceID), Description: cmp.Or(w.Description, sent.Description),
		Status: strings.ToUpper(w.Status), Raw: w.Raw}
	if w.Amount.Valid {
		tx.Amount = w.Amount.V
	}
	if w.Balance.Valid {
		tx.Balance = decimal.NullDecimal{Decimal: w.Balance.V, Valid: true}
	}
	return tx
}

// CreateWalletTransaction credits or debits a wallet
// (POST /api/partner/v1/wallets/{walletId}/transactions). The API
// deduplicates on referenceId, so the request is resent with the same
// referenceId (and a fresh signature) after a lost answer, a reset or a
// 500/502/503/504, within the retry policy; the wallet moves once. An
// answer that cannot be read, or lacks the transaction's id, is not a
// success: the request is resent once more, and when no answer proves the
// transaction the call fails with an error matching
// giftcard.ErrOutcomeUnknown whose Reference is the referenceId (repeat the
// call with it). A credit the partner balance cannot cover, or a debit
// above the wallet balance, matches giftcard.ErrInsufficientFunds; a
// referenceId already used for another payload matches
// giftcard.ErrDuplicateReference (confirmed by one resend before it is
// reported, as every refusal naming a key is looked up first; ORBT's lookup
// is that resend).
//
// On failure the returned WalletTransaction still carries the ReferenceID
// that was sent (and every *giftcard.Error its Reference), so the caller
// can repeat the call safely.
func (c *Client) CreateWalletTransaction(ctx context.Context, walletID string, req WalletTransactionRequest) (WalletTransaction, error) {
	body, err := req.body()
	if err != nil {
		return WalletTransaction{}, err
	}
	walletID = strings.TrimSpace(walletID)
	r := c.req(routeCreateWalletTransaction, walletID)
	r.Body, r.Idempotent = body, true
	var last error // the last answer's, of a send or a resend
	send := func(ctx context.Context) (txFound, error) {
		w, _, err := transport.CallChecked(ctx, c.tr(), r, func(w *walletTransactionWire) error { return w.check(body.ReferenceID) })
		last = err
		return txFound{tx: w.transaction(walletID, body)}, err
	}
	found, err := reconcile.Do(ctx, reconcile.Spec[txFound]{
		Provider: providerName, Op: r.Op, Key: body.ReferenceID, Send: send, Logger: c.logger(),
		// ORBT has no transaction lookup, but a resend is one: the same
		// referenceId and payload is answered with the transaction the
		// API recorded (or records it now, once), and another payload
		// under that referenceId is refused as already used.
		Lookup: func(ctx context.Context) (txFound, error) {
			f, err := send(ctx)
			if errors.Is(err, giftcard.ErrDuplicateReference) && !errors.Is(err, giftcard.ErrOutcomeUnknown) {
				f.held, err = true, nil
			}
			return f, err
		},
		Mine:     func(f txFound) bool { return !f.held },
		Describe: func(txFound) string { return "a transaction with another payload" },
	})
	if err != nil {
		if e, ok := asAPIError(err); ok && errors.Is(last, giftcard.ErrInvalidResponse) {
			e.Kind = giftcard.ErrInvalidResponse // the answers could not be read: say so, not "unavailable"
		}
		return WalletTransaction{WalletID: walletID, ReferenceID: body.ReferenceID}, err
	}
	return found.tx, nil
}

// txFound is a transaction answer, or (held) the API's word that another
// payload holds the referenceId.
type txFound struct {
	tx   WalletTransaction
	held bool
}
