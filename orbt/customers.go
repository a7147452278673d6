package orbt

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"log/slog"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/check"
	"github.com/giftcard-go/giftcard/internal/page"
	"github.com/giftcard-go/giftcard/internal/reconcile"
	"github.com/giftcard-go/giftcard/internal/transport"
	"github.com/giftcard-go/giftcard/internal/wire"
)

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
	FullName     string       `json:"fullName"`
	Email        string       `json:"email"`
	Currency     string       `json:"currency"`
	InitialFunds wire.Decimal `json:"initialFunds"`
}

func (r CreateCustomerRequest) body() (createCustomerBody, error) {
	name, email := strings.TrimSpace(r.FullName), strings.TrimSpace(r.Email)
	if err := check.First(ck.Required("fullName", name), ck.Text("fullName", name),
		ck.Required("email", email), ck.Email("email", email)); err != nil {
		return createCustomerBody{}, err
	}
	cur, err := giftcard.NormalizeCurrency(r.Currency)
	if err != nil {
		return createCustomerBody{}, ck.Invalid("currency", fmt.Sprintf("%q is not an ISO 4217 code", r.Currency))
	}
	if r.InitialFunds.IsNegative() {
		return createCustomerBody{}, ck.Invalid("initialFunds", r.InitialFunds.String()+" is negative")
	}
	amt, err := currencyAmount("initialFunds", r.InitialFunds, cur)
	if err != nil {
		return createCustomerBody{}, err
	}
	return createCustomerBody{FullName: name, Email: email, Currency: cur, InitialFunds: amt}, nil
}

// currencyAmount fixes an amount to its currency's fraction digits for the
// wire (100 USD is written 100.00), refusing one finer than the currency
// allows (10.005 USD). A currency the SDK does not know keeps the decimal's
// own digits.
func currencyAmount(field string, d decimal.Decimal, currency string) (wire.Decimal, error) {
	exp, ok := giftcard.CurrencyExponent(currency)
	if !ok {
		return wire.D(d), nil
	}
	if _, err := (giftcard.Money{Amount: d, Currency: currency}).Minor(); err != nil {
		reason := err.Error()
		var ve *giftcard.ValidationError
		if errors.As(err, &ve) {
			reason = ve.Reason
		}
		return wire.Decimal{}, ck.Invalid(field, reason)
	}
	return wire.Fixed(d, int32(exp)), nil
}

// Customer is a created consumer with the wallet funded on creation.
type Customer struct {
	ID string // the customer id, an integer on the wire
	// WalletID is the standard wallet funded on creation.
	WalletID string
	// FullName is the customer's full name, as ORBT stored it.
	FullName string
	// Email is the customer's email, as ORBT stored it.
	Email string
	// WalletBalance is the wallet's balance after the initial funds.
	WalletBalance decimal.Decimal
	Currency      string // upper-case
	// Reconciled is set when the create's first answer was lost and a
	// resend of the same body created the customer (see CreateCustomer).
	Reconciled bool
	Raw        json.RawMessage // the provider's data object
}

// Balance returns the wallet balance as Money.
func (c Customer) Balance() giftcard.Money {
	return giftcard.Money{Amount: c.WalletBalance, Currency: c.Currency}
}

// customerWire is the data of a create-customer answer.
type customerWire struct {
	ID            wire.String     `json:"id"`
	WalletID      wire.String     `json:"walletId"`
	FullName      string          `json:"fullName"`
	Email         string          `json:"email"`
	WalletBalance wire.Decimal    `json:"walletBalance"`
	Currency      string          `json:"currency"`
	Raw           json.RawMessage `json:"-"`
}

// check refuses an answer without the ids and balance every created
// customer has: never a zero value handed back as success.
func (w *customerWire) check() error {
	switch {
	case w.ID == "":
		return missing("id")
	case w.WalletID == "":
		return missing("walletId")
	case !w.WalletBalance.Valid:
		return missing("walletBalance")
	}
	return nil
}

func (w customerWire) customer() Customer {
	return Customer{ID: string(w.ID), WalletID: string(w.WalletID), FullName: w.FullName, Email: w.Email,
		WalletBalance: w.WalletBalance.V, Currency: upperCurrency(w.Currency), Raw: w.Raw}
}

// CreateCustomer creates a consumer with initial funds
// (POST /api/partner/v1/customer). The input is validated before anything is
// sent.
//
// The call carries no idempotency key; the API's uniqueness rule, one
// wallet per email and currency, stands in for one. When the answer is lost
// (an error matching giftcard.ErrOutcomeUnknown) CreateCustomer reconciles
// on that rule: it looks the email up in the customer list. If the customer
// has no standard wallet in the currency, the create never took effect and
// the same body is sent again; a success of that resend is this call's
// customer, returned with Reconciled set. If a wallet is there, nothing
// proves this call created it (it may have existed before), so the call
// fails with an error matching both giftcard.ErrDuplicateReference (the
// wallet exists) and ErrOutcomeUnknown (this call may have created it),
// naming the customer and wallet ids; never a success. If reconciliation
// itself fails, the error matches ErrOutcomeUnknown. Every such error
// carries "email currency" in giftcard.Error.Reference.
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
	r := c.req(routeCreateCustomer)
	r.Body = body
	w, _, err := transport.CallChecked(ctx, c.tr(), r, (*customerWire).check)
	if err == nil {
		return w.customer(), nil
	}
	if !errors.Is(err, giftcard.ErrOutcomeUnknown) || ctx.Err() != nil {
		return Customer{}, err // a definite answer: a 400 duplicate refused this very request
	}
	send := func(ctx context.Context) (Customer, error) {
		w, _, err := transport.CallChecked(ctx, c.tr(), r, (*customerWire).check)
		return w.customer(), err
	}
	key := body.Email + " " + body.Currency
	log := c.logger()
	log.LogAttrs(ctx, slog.LevelWarn, "orbt: create customer outcome unknown, reconciling by email",
		slog.String("provider", providerName), slog.String("op", r.Op), slog.String("request_id", requestID(err)))
	var held *Customer // the wallet a lookup found, which no answer proved this call's
	cust, err := reconcile.Do(ctx, resume(err, reconcile.Spec[Customer]{
		Provider: providerName, Op: r.Op, Key: key, Send: send, Logger: log,
		Lookup: func(ctx context.Context) (Customer, error) {
			found, err := c.customerWallet(ctx, body.Email, body.Currency)
			if err == nil {
				held = &found
			} else if !errors.Is(err, giftcard.ErrNotFound) {
				err = fmt.Errorf("reconciling by email and currency: %w", err)
			}
			return found, err
		},
		// A wallet found by email and currency may have existed before
		// this call: only an answer to this call's request is proof.
		Mine: func(Customer) bool { return false },
	}))
	switch {
	case err == nil:
		cust.Reconciled = true
		return cust, nil
	case held != nil && errors.Is(err, giftcard.ErrDuplicateReference):
		return Customer{}, heldWallet(err, *held)
	}
	return Customer{}, err
}

// heldWallet is the error for a create whose answer was lost while a wallet
// for its email and currency exists: it may be this call's or older.
//
// KIT-CANDIDATE: reconcile.Spec could let Mine answer "cannot tell" and
// build this error itself (ErrDuplicateReference and outcome-unknown, the
// object named), for any provider whose lookup cannot attribute an object.
func heldWallet(err error, held Customer) error {
	e := &giftcard.Error{Provider: providerName, Op: routeCreateCustomer.Op, Kind: giftcard.ErrDuplicateReference, OutcomeUnknown: true,
		Message: fmt.Sprintf("the create's answer was lost, and customer %s now has wallet %s in %s (balance %s): "+
			"this call may have created it, or it existed before; ORBT cannot tell which. Do not create it again; read it with ListWallets",
			held.ID, held.WalletID, held.Currency, held.Balance())}
	var ge *giftcard.Error
	if errors.As(err, &ge) {
		e.Reference, e.RequestID, e.StatusCode, e.Code = ge.Reference, ge.RequestID, ge.StatusCode, ge.Code
	}
	return e
}

// resume makes spec's first Send return first, the answer already in hand,
// so reconcile.Do starts from it without sending again.
//
// KIT-CANDIDATE: reconcile.Resume(ctx, spec, firstErr), for a provider whose
// first refusal is final (ORBT: a 400 duplicate refuses this very request)
// and only an unknown outcome is reconciled.
func resume[T any](first error, spec reconcile.Spec[T]) reconcile.Spec[T] {
	send, used := spec.Send, false
	spec.Send = func(ctx context.Context) (T, error) {
		if !used {
			used = true
			var zero T
			return zero, first
		}
		return send(ctx)
	}
	return spec
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
	// Raw is the entry's JSON as ORBT sent it.
	Raw json.RawMessage
}

type customerSummaryWire struct {
	ConsumerID           wire.String `json:"consumerId"`
	ConsumerName         string      `json:"consumerName"`
	ConsumerEmail        string      `json:"consumerEmail"`
	TotalStandardWallets wire.Int    `json:"totalStandardWallets"`
	TotalCampaignWallets wire.Int    `json:"totalCampaignWallets"`
}

func (w *customerSummaryWire) check() error {
	if w.ConsumerID == "" {
		return missing("consumerId")
	}
	return nil
}

func (w customerSummaryWire) summary(raw json.RawMessage) CustomerSummary {
	return CustomerSummary{
		ID: string(w.ConsumerID), Name: w.ConsumerName, Email: w.ConsumerEmail,
		StandardWallets: int(w.TotalStandardWallets), CampaignWallets: int(w.TotalCampaignWallets), Raw: raw,
	}
}

// ListCustomers returns one page of the consumers the partner created
// (GET /api/partner/v1/customer?page&size).
func (c *Client) ListCustomers(ctx context.Context, opts ListOptions) (Page[CustomerSummary], error) {
	return listPage(ctx, c, c.req(routeListCustomers), opts, customerSummaryWire.summary)
}

// Customers walks every consumer lazily, pageSize at a time (0 means 20),
// fetching the next page only when the previous one is used up. Stop ranging
// to stop fetching; an error is yielded once and ends the sequence.
func (c *Client) Customers(ctx context.Context, pageSize int) iter.Seq2[CustomerSummary, error] {
	return pages(ctx, routeListCustomers.Op, pageSize, c.ListCustomers)
}

// FindCustomerByEmail walks the customer list for email (compared without
// regard to case). An email no customer has fails with an error matching
// giftcard.ErrNotFound. The API has no search, so this reads every page
// until found.
func (c *Client) FindCustomerByEmail(ctx context.Context, email string) (CustomerSummary, error) {
	email = strings.TrimSpace(email)
	if err := check.First(ck.Required("email", email), ck.Email("email", email)); err != nil {
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

// pages walks every page of a list from page 0, size at a time.
func pages[T any](ctx context.Context, op string, size int, list func(context.Context, ListOptions) (Page[T], error)) iter.Seq2[T, error] {
	return page.Seq(ctx, providerName, op, 0, func(ctx context.Context, n int) ([]T, int, bool, error) {
		p, err := list(ctx, ListOptions{Page: n, Size: size})
		return p.Items, n + 1, p.HasNext, err
	})
}

func requestID(err error) string {
	if e, ok := asAPIError(err); ok {
		return e.RequestID
	}
	return ""
}
