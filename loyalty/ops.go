package loyalty

import (
	"context"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/check"
	"github.com/giftcard-go/giftcard/internal/transport"
)

// request builds the request of a route with body. Every loyalty request
// may be resent after a lost answer: the reads and Activate change nothing
// on a repeat, and the money and points operations carry their tranOrderNo.
func (c *Client) request(rt giftcard.Route, body any) *transport.Request {
	r := c.tr.NewRequest(rt)
	r.Body = body
	r.Idempotent = true
	return r
}

// Activate activates a card and associates the customer with it. An
// unknown card matches giftcard.ErrNotFound.
func (c *Client) Activate(ctx context.Context, req ActivateRequest) (Card, error) {
	if err := check.First(card(req.AccountID.Reveal(), req.EntryType, req.LoyaltyChannel),
		checkYesNo("activating", req.Activating), checkCustomer(req.CustomerInfo)); err != nil {
		return Card{}, err
	}
	body := &activateBody{ClientID: c.clientID, LoyaltyChannel: c.channelOr(req.LoyaltyChannel), AccountID: req.AccountID.Reveal(),
		EntryType: req.EntryType, Activating: req.Activating, CustomerInfo: req.CustomerInfo}
	v, _, err := call[Card](ctx, c, c.request(routeActivate, body), nil)
	return v, err
}

// Query reads a card's balances (money and points) and its customer. An
// unknown card matches giftcard.ErrNotFound.
func (c *Client) Query(ctx context.Context, req QueryRequest) (Card, error) {
	if err := card(req.AccountID.Reveal(), req.EntryType, req.LoyaltyChannel); err != nil {
		return Card{}, err
	}
	body := &inquiryBody{ClientID: c.clientID, LoyaltyChannel: c.channelOr(req.LoyaltyChannel), AccountID: req.AccountID.Reveal(), EntryType: req.EntryType}
	r := c.request(routeQuery, body)
	r.ReadOnly = true // a POST that only reads: a lost answer is not an unknown outcome
	v, _, err := call[Card](ctx, c, r, nil)
	return v, err
}

// TopUp reloads a card, exactly once per TranOrderNo (see the package
// documentation). The Transaction's Currency is the client's.
func (c *Client) TopUp(ctx context.Context, req TopUpRequest) (Transaction, error) {
	if err := check.First(card(req.AccountID.Reveal(), req.EntryType, req.LoyaltyChannel), checkYesNo("activating", req.Activating),
		checkCustomer(req.CustomerInfo)); err != nil {
		return Transaction{}, err
	}
	var amt string
	if req.Amount != (giftcard.Money{}) {
		if req.Amount.Currency != "" {
			if cur, err := giftcard.NormalizeCurrency(req.Amount.Currency); err != nil || cur != c.currency {
				return Transaction{}, ck.Invalid("amount", "a top-up carries no currency: the amount must be in the client's currency "+c.currency)
			}
		}
		var err error
		if amt, _, err = amount("amount", req.Amount, c.currency); err != nil {
			return Transaction{}, err
		}
	}
	key, err := c.orderNo(req.TranOrderNo, MaxTranOrderNo)
	if err != nil {
		return Transaction{}, err
	}
	body := &issuanceBody{ClientID: c.clientID, TranOrderNo: key, LoyaltyChannel: c.channelOr(req.LoyaltyChannel),
		AccountID: req.AccountID.Reveal(), EntryType: req.EntryType, Activating: req.Activating, CustomerInfo: req.CustomerInfo, Amount: amt}
	return c.move(ctx, routeTopUp, key, c.currency, body)
}

// Pay pays from a card, exactly once per TranOrderNo. A payment the card
// cannot cover (without NSFAllowed) is declined: an error matching
// giftcard.ErrInsufficientFunds.
func (c *Client) Pay(ctx context.Context, req PayRequest) (Transaction, error) {
	if err := card(req.AccountID.Reveal(), req.EntryType, req.LoyaltyChannel); err != nil {
		return Transaction{}, err
	}
	amt, cur, err := amount("amount", req.Amount, c.currency)
	if err != nil {
		return Transaction{}, err
	}
	key, err := c.orderNo(req.TranOrderNo, MaxTranOrderNo)
	if err != nil {
		return Transaction{}, err
	}
	body := &transactionBody{ClientID: c.clientID, TranOrderNo: key, LoyaltyChannel: c.channelOr(req.LoyaltyChannel),
		Amount: amt, TranCurrency: cur, AccountID: req.AccountID.Reveal(), EntryType: req.EntryType}
	if req.NSFAllowed {
		t := true
		body.NSFAllowed = &t
	}
	return c.move(ctx, routePay, key, cur, body)
}

// IssuePoints adds loyalty points to a card, exactly once per TranOrderNo.
func (c *Client) IssuePoints(ctx context.Context, req PointsRequest) (Transaction, error) {
	return c.points(ctx, routeIssuePoints, req)
}

// RedeemPoints takes loyalty points from a card, exactly once per
// TranOrderNo. Redeeming more than the card holds is declined: an error
// matching giftcard.ErrInsufficientFunds.
func (c *Client) RedeemPoints(ctx context.Context, req PointsRequest) (Transaction, error) {
	return c.points(ctx, routeRedeemPoints, req)
}

func (c *Client) points(ctx context.Context, rt giftcard.Route, req PointsRequest) (Transaction, error) {
	if err := card(req.AccountID.Reveal(), req.EntryType, req.LoyaltyChannel); err != nil {
		return Transaction{}, err
	}
	n, err := points(req.Points)
	if err != nil {
		return Transaction{}, err
	}
	key, err := c.orderNo(req.TranOrderNo, MaxTranOrderNo)
	if err != nil {
		return Transaction{}, err
	}
	body := &pointsBody{ClientID: c.clientID, TranOrderNo: key, LoyaltyChannel: c.channelOr(req.LoyaltyChannel),
		AccountID: req.AccountID.Reveal(), EntryType: req.EntryType, Amount: n}
	return c.move(ctx, rt, key, "", body)
}

// AddTip adds a tip to a payment, exactly once per TranOrderNo.
func (c *Client) AddTip(ctx context.Context, req TipRequest) (Transaction, error) {
	if err := check.First(ck.ID("oriOrderNo", req.OriOrderNo), card(req.AccountID.Reveal(), req.EntryType, "")); err != nil {
		return Transaction{}, err
	}
	amt, cur, err := amount("amount", req.Amount, c.currency)
	if err != nil {
		return Transaction{}, err
	}
	key, err := c.orderNo(req.TranOrderNo, 0)
	if err != nil {
		return Transaction{}, err
	}
	body := &tipBody{ClientID: c.clientID, TranOrderNo: key, OriOrderNo: req.OriOrderNo, TranCurrency: cur, Amount: amt,
		AccountID: req.AccountID.Reveal(), EntryType: req.EntryType}
	return c.move(ctx, routeAddTip, key, cur, body)
}

// AccessTokens calls the token endpoint (deprecated by the provider) with
// the client's credentials and returns every token it lists. New uses it,
// picking the eCommerce token, when the Config has no JWTToken; call it
// directly to inspect the tokens of a merchant.
func (c *Client) AccessTokens(ctx context.Context, merchantID, channelName string) ([]AccessToken, error) {
	return c.accessTokens(ctx, merchantID, channelName)
}
