package orbt

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"log/slog"
	"net/http"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/transport"
)

const pathCustomer = "/api/partner/v1/customer"

// CreateCustomerRequest creates a consumer and funds their wallet in the
// currency; InitialFunds is deducted from the partner balance.
type CreateCustomerRequest struct {
	FullName string // required
	Email    string // required; unique per partner (per currency)
	// Currency is an ISO 4217 code; "usd" is accepted and sent as "USD".
	Currency string
	// InitialFunds is the amount loaded on creation, ≥ 0, exact. It is sent
	// as a JSON number with the currency's fraction digits (100 USD →
	// 100.00); an amount finer than the currency allows is refused.
	InitialFunds decimal.Decimal
}

// createCustomerBody is the wire form, fields in the documented order.
type createCustomerBody struct {
	FullName     string     `json:"fullName"`
	Email        string     `json:"email"`
	Currency     string     `json:"currency"`
	InitialFunds jsonAmount `json:"initialFunds"`
}

func (r CreateCustomerRequest) body() (createCustomerBody, error) {
	name := strings.TrimSpace(r.FullName)
	if name == "" {
		return createCustomerBody{}, invalid("fullName", "required")
	}
	email, err := validEmail("email", r.Email)
	if err != nil {
		return createCustomerBody{}, err
	}
	cur, err := giftcard.NormalizeCurrency(r.Currency)
	if err != nil {
		return createCustomerBody{}, invalid("currency", fmt.Sprintf("%q is not a three-letter ISO 4217 code", r.Currency))
	}
	if r.InitialFunds.IsNegative() {
		return createCustomerBody{}, invalid("initialFunds", fmt.Sprintf("%s is negative", r.InitialFunds.String()))
	}
	amt, err := currencyAmount("initialFunds", r.InitialFunds, cur)
	if err != nil {
		return createCustomerBody{}, err
	}
	return createCustomerBody{FullName: name, Email: email, Currency: cur, InitialFunds: amt}, nil
}

// Customer is a created consumer with the wallet funded on creation.
type Customer struct {
	ID            string // an integer on the wire
	WalletID      string
	FullName      string
	Email         string
	WalletBalance decimal.Decimal
	Currency      string // upper-case
	// Reconciled is set when the create's answer was lost and the customer
	// was found afterwards by email (see CreateCustomer).
	Reconciled bool
	Raw        json.RawMessage // the provider's data object
}

// Balance returns the wallet balance as Money.
func (c Customer) Balance() giftcard.Money {
	return giftcard.Money{Amount: c.WalletBalance, Currency: c.Currency}
}

type customerWire struct {
	ID            flexString `json:"id"`
	WalletID      flexString `json:"walletId"`
	FullName      string     `json:"fullName"`
	Email         string     `json:"email"`
	WalletBalance jsonAmount `json:"walletBalance"`
	Currency      string     `json:"currency"`
}

// decodeCustomer reads a create-customer answer.
func decodeCustomer(body []byte) (Customer, error) {
	var w customerWire
	raw, err := decodeData(body, &w)
	if err != nil {
		return Customer{}, err
	}
	if w.ID == "" {
		return Customer{}, decodeErr(`customer has no "id"`)
	}
	return Customer{
		ID: string(w.ID), WalletID: string(w.WalletID), FullName: w.FullName, Email: w.Email,
		WalletBalance: w.WalletBalance.Value, Currency: upperCurrency(w.Currency), Raw: rawJSON(raw),
	}, nil
}

// CreateCustomer creates a consumer with initial funds
// (POST /api/partner/v1/customer). The input is validated before anything is
// sent.
//
// The call carries no idempotency key, but the API allows one wallet per
// email and currency. When the answer is lost (an error matching
// giftcard.ErrOutcomeUnknown) CreateCustomer reconciles: it looks the email
// up in the customer list; if the customer has a standard wallet in the
// currency, that customer is returned with Reconciled set (no second
// customer, no second debit). If not, the create never took effect and is
// sent once more, which is safe because the API refuses a second wallet for
// the same email and currency. If reconciliation itself fails, the original
// error (still matching ErrOutcomeUnknown) is returned.
//
// An email that already has a wallet in the currency fails with an error
// matching both giftcard.ErrDuplicateReference and ErrInvalidRequest (HTTP
// 400 VALIDATION_ERROR); a partner balance too low for InitialFunds matches
// giftcard.ErrInsufficientFunds (HTTP 402 BUSINESS_RULE_ERROR).
func (c *Client) CreateCustomer(ctx context.Context, req CreateCustomerRequest) (Customer, error) {
	body, err := req.body()
	if err != nil {
		return Customer{}, err
	}
	r := &transport.Request{Op: "CreateCustomer", Method: http.MethodPost, Path: pathCustomer, Body: body}
	// One stamp sequence for the whole operation: a resend of the same body
	// after reconciling is stamped, and so signed, anew.
	ctx = withStamps(ctx)
	cust, err := c.createCustomer(ctx, r)
	if err == nil || !errors.Is(err, giftcard.ErrOutcomeUnknown) || ctx.Err() != nil {
		return cust, err
	}
	log := c.tc.Logger()
	log.LogAttrs(ctx, slog.LevelWarn, "orbt: create customer outcome unknown, reconciling by email",
		slog.String("provider", providerName), slog.String("op", r.Op), slog.String("request_id", requestID(err)))
	found, rerr := c.customerWallet(ctx, body.Email, body.Currency)
	switch {
	case rerr == nil:
		found.Reconciled = true
		return found, nil
	case !errors.Is(rerr, giftcard.ErrNotFound):
		return Customer{}, fmt.Errorf("%w (reconciling by email failed: %v)", err, rerr)
	}
	log.LogAttrs(ctx, slog.LevelInfo, "orbt: customer not created, sending the create again",
		slog.String("provider", providerName), slog.String("op", r.Op))
	cust, err2 := c.createCustomer(ctx, r)
	if err2 == nil {
		cust.Reconciled = true
		return cust, nil
	}
	if errors.Is(err2, giftcard.ErrDuplicateReference) {
		// Created in between (by the lost request landing late, or a
		// concurrent caller): read it.
		if found, rerr := c.customerWallet(ctx, body.Email, body.Currency); rerr == nil {
			found.Reconciled = true
			return found, nil
		}
	}
	return Customer{}, err2
}

func (c *Client) createCustomer(ctx context.Context, r *transport.Request) (Customer, error) {
	res, err := c.call(ctx, r)
	if err != nil {
		return Customer{}, err
	}
	cust, err := decodeCustomer(res.Body)
	if err != nil {
		return Customer{}, badResponse(r, res, err)
	}
	return cust, nil
}

// customerWallet finds the customer with email and its standard wallet in
// currency, as CreateCustomer would have returned them.
func (c *Client) customerWallet(ctx context.Context, email, currency string) (Customer, error) {
	sum, err := c.FindCustomerByEmail(ctx, email)
	if err != nil {
		return Customer{}, err
	}
	for w, err := range c.Wallets(ctx, sum.ID, MaxPageSize) {
		if err != nil {
			return Customer{}, err
		}
		if strings.EqualFold(w.Currency, currency) && (w.Type == WalletStandard || w.Type == "") {
			return Customer{
				ID: sum.ID, WalletID: w.ID, FullName: sum.Name, Email: sum.Email,
				WalletBalance: w.Balance, Currency: upperCurrency(w.Currency), Raw: sum.Raw,
			}, nil
		}
	}
	return Customer{}, &giftcard.Error{Provider: providerName, Op: "FindCustomerByEmail", Kind: giftcard.ErrNotFound,
		Message: "the customer has no standard wallet in " + currency}
}

// CustomerSummary is one entry of the customer list.
type CustomerSummary struct {
	ID              string // consumerId
	Name            string // consumerName
	Email           string // consumerEmail
	StandardWallets int    // totalStandardWallets
	CampaignWallets int    // totalCampaignWallets
	Raw             json.RawMessage
}

type customerSummaryWire struct {
	ConsumerID           flexString `json:"consumerId"`
	ConsumerName         string     `json:"consumerName"`
	ConsumerEmail        string     `json:"consumerEmail"`
	TotalStandardWallets flexInt    `json:"totalStandardWallets"`
	TotalCampaignWallets flexInt    `json:"totalCampaignWallets"`
}

func (w customerSummaryWire) summary(raw json.RawMessage) CustomerSummary {
	return CustomerSummary{
		ID: string(w.ConsumerID), Name: w.ConsumerName, Email: w.ConsumerEmail,
		StandardWallets: int(w.TotalStandardWallets), CampaignWallets: int(w.TotalCampaignWallets), Raw: raw,
	}
}

func decodeCustomerPage(body []byte) (Page[CustomerSummary], error) {
	return decodeList(body, customerSummaryWire.summary)
}

// ListCustomers returns one page of the consumers the partner created
// (GET /api/partner/v1/customer?page&size).
func (c *Client) ListCustomers(ctx context.Context, opts ListOptions) (Page[CustomerSummary], error) {
	q, err := opts.query()
	if err != nil {
		return Page[CustomerSummary]{}, err
	}
	r := &transport.Request{Op: "ListCustomers", Method: http.MethodGet, Path: pathCustomer, Query: q}
	res, err := c.call(ctx, r)
	if err != nil {
		return Page[CustomerSummary]{}, err
	}
	p, err := decodeCustomerPage(res.Body)
	if err != nil {
		return Page[CustomerSummary]{}, badResponse(r, res, err)
	}
	return p, nil
}

// Customers walks every consumer lazily, pageSize at a time (0 means 20),
// fetching the next page only when the previous one is used up. Stop ranging
// to stop fetching; an error is yielded once and ends the sequence.
func (c *Client) Customers(ctx context.Context, pageSize int) iter.Seq2[CustomerSummary, error] {
	return walk(ctx, pageSize, c.ListCustomers)
}

// FindCustomerByEmail walks the customer list for email (compared without
// regard to case). An email no customer has fails with an error matching
// giftcard.ErrNotFound. The API has no search, so this reads every page
// until found.
func (c *Client) FindCustomerByEmail(ctx context.Context, email string) (CustomerSummary, error) {
	email, err := validEmail("email", email)
	if err != nil {
		return CustomerSummary{}, err
	}
	for s, err := range c.Customers(ctx, MaxPageSize) {
		if err != nil {
			return CustomerSummary{}, err
		}
		if strings.EqualFold(strings.TrimSpace(s.Email), email) {
			return s, nil
		}
	}
	return CustomerSummary{}, &giftcard.Error{Provider: providerName, Op: "FindCustomerByEmail", Kind: giftcard.ErrNotFound,
		Message: "no customer has this email"}
}

func requestID(err error) string {
	if e, ok := asAPIError(err); ok {
		return e.RequestID
	}
	return ""
}
