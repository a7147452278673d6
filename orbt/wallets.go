package orbt

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strings"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/transport"
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
	ID           string // walletId
	Currency     string // upper-case
	Balance      decimal.Decimal
	Type         WalletType
	CampaignID   string // CAMPAIGN wallets only
	CampaignName string // CAMPAIGN wallets only
	Status       WalletStatus
	Raw          json.RawMessage
}

// Money returns the balance as Money.
func (w Wallet) Money() giftcard.Money {
	return giftcard.Money{Amount: w.Balance, Currency: w.Currency}
}

type walletWire struct {
	WalletID     flexString `json:"walletId"`
	Currency     string     `json:"currency"`
	Balance      jsonAmount `json:"balance"`
	WalletType   string     `json:"walletType"`
	CampaignID   flexString `json:"campaignId"`
	CampaignName string     `json:"campaignName"`
	Status       string     `json:"status"`
}

func (w walletWire) wallet(raw json.RawMessage) Wallet {
	return Wallet{
		ID: string(w.WalletID), Currency: upperCurrency(w.Currency), Balance: w.Balance.Value,
		Type: WalletType(strings.ToUpper(strings.TrimSpace(w.WalletType))), CampaignID: string(w.CampaignID),
		CampaignName: w.CampaignName, Status: WalletStatus(strings.ToUpper(strings.TrimSpace(w.Status))), Raw: raw,
	}
}

func decodeWalletPage(body []byte) (Page[Wallet], error) { return decodeList(body, walletWire.wallet) }

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
	q, err := opts.query()
	if err != nil {
		return Page[Wallet]{}, err
	}
	r := &transport.Request{Op: "ListWallets", Method: http.MethodGet, Path: pathCustomer + "/" + url.PathEscape(id) + "/wallets", Query: q}
	res, err := c.call(ctx, r)
	if err != nil {
		if e, ok := asAPIError(err); ok && e.StatusCode == http.StatusUnprocessableEntity {
			e.Kind = kindInvalidID
		}
		return Page[Wallet]{}, err
	}
	p, err := decodeWalletPage(res.Body)
	if err != nil {
		return Page[Wallet]{}, badResponse(r, res, err)
	}
	return p, nil
}

// Wallets walks every wallet of a consumer lazily, pageSize at a time (0
// means 20). An error is yielded once and ends the sequence.
func (c *Client) Wallets(ctx context.Context, customerID string, pageSize int) iter.Seq2[Wallet, error] {
	return walk(ctx, pageSize, func(ctx context.Context, o ListOptions) (Page[Wallet], error) {
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
	// call) so the call can be repeated safely.
	ReferenceID string
	Description string // optional
}

type walletTransactionBody struct {
	Amount          jsonAmount      `json:"amount"`
	TransactionType TransactionType `json:"transactionType"`
	ReferenceID     string          `json:"referenceId"`
	Description     string          `json:"description,omitempty"`
}

func (r WalletTransactionRequest) body() (walletTransactionBody, error) {
	if !r.Amount.IsPositive() {
		return walletTransactionBody{}, invalid("amount", fmt.Sprintf("%s is not above zero", r.Amount.String()))
	}
	t := TransactionType(strings.ToUpper(strings.TrimSpace(string(r.Type))))
	if t != Credit && t != Debit {
		return walletTransactionBody{}, invalid("transactionType", fmt.Sprintf("%q is neither CREDIT nor DEBIT", string(r.Type)))
	}
	ref := strings.TrimSpace(r.ReferenceID)
	if ref == "" {
		ref = uuid.NewString()
	}
	return walletTransactionBody{Amount: newAmount(r.Amount), TransactionType: t, ReferenceID: ref, Description: r.Description}, nil
}

// WalletTransaction is the result of a credit or debit. The API reference
// does not show the answer's fields: the ones below are read when present
// (id or transactionId, walletId, amount, transactionType, referenceId,
// description, status, balance) and otherwise filled from the request; Raw
// keeps whatever came.
type WalletTransaction struct {
	ID          string
	WalletID    string
	Amount      decimal.Decimal
	Type        TransactionType
	ReferenceID string
	Description string
	Status      string // e.g. COMPLETED, PENDING, FAILED, as sent
	// Balance is the wallet balance after the transaction, when the answer
	// carries one.
	Balance decimal.NullDecimal
	Raw     json.RawMessage
}

type walletTransactionWire struct {
	ID              flexString  `json:"id"`
	TransactionID   flexString  `json:"transactionId"`
	WalletID        flexString  `json:"walletId"`
	Amount          *jsonAmount `json:"amount"`
	TransactionType string      `json:"transactionType"`
	ReferenceID     string      `json:"referenceId"`
	Description     string      `json:"description"`
	Status          string      `json:"status"`
	Balance         *jsonAmount `json:"balance"`
}

// decodeWalletTransaction reads a transaction answer; sent is the request,
// used for the fields the answer leaves out.
func decodeWalletTransaction(body []byte, walletID string, sent walletTransactionBody) (WalletTransaction, error) {
	tx := WalletTransaction{WalletID: walletID, Amount: sent.Amount.Value, Type: sent.TransactionType,
		ReferenceID: sent.ReferenceID, Description: sent.Description}
	var w walletTransactionWire
	raw, err := decodeData(body, &w)
	switch {
	case errors.Is(err, errEmptyBody) || errors.Is(err, errNoData):
		return tx, nil
	case err != nil:
		return WalletTransaction{}, err
	}
	tx.Raw = rawJSON(raw)
	tx.ID = string(w.TransactionID)
	if tx.ID == "" {
		tx.ID = string(w.ID)
	}
	if w.WalletID != "" {
		tx.WalletID = string(w.WalletID)
	}
	if w.Amount != nil {
		tx.Amount = w.Amount.Value
	}
	if w.TransactionType != "" {
		tx.Type = TransactionType(strings.ToUpper(w.TransactionType))
	}
	if w.ReferenceID != "" {
		tx.ReferenceID = w.ReferenceID
	}
	if w.Description != "" {
		tx.Description = w.Description
	}
	tx.Status = strings.ToUpper(w.Status)
	if w.Balance != nil {
		tx.Balance = decimal.NullDecimal{Decimal: w.Balance.Value, Valid: true}
	}
	return tx, nil
}

// CreateWalletTransaction credits or debits a wallet
// (POST /api/partner/v1/wallets/{walletId}/transactions). The API
// deduplicates on referenceId, so the request is resent after a lost answer,
// a reset or a 502/503/504 with the same referenceId (and a fresh
// signature); the wallet moves once. A credit the partner balance cannot
// cover, or a debit above the wallet balance, matches
// giftcard.ErrInsufficientFunds; a referenceId already used for another
// payload matches giftcard.ErrDuplicateReference.
//
// On failure the returned WalletTransaction still carries the ReferenceID
// that was sent, so the caller can repeat the call safely.
func (c *Client) CreateWalletTransaction(ctx context.Context, walletID string, req WalletTransactionRequest) (WalletTransaction, error) {
	walletID = strings.TrimSpace(walletID)
	if walletID == "" {
		return WalletTransaction{}, invalid("walletId", "required")
	}
	body, err := req.body()
	if err != nil {
		return WalletTransaction{}, err
	}
	r := &transport.Request{
		Op: "CreateWalletTransaction", Method: http.MethodPost,
		Path: "/api/partner/v1/wallets/" + url.PathEscape(walletID) + "/transactions",
		Body: body, Idempotent: true,
	}
	failed := WalletTransaction{WalletID: walletID, ReferenceID: body.ReferenceID}
	res, err := c.call(ctx, r)
	if err != nil {
		return failed, err
	}
	tx, err := decodeWalletTransaction(res.Body, walletID, body)
	if err != nil {
		return failed, badResponse(r, res, err)
	}
	return tx, nil
}
