// Package wolferedeemflow is the Wolfe redemption walk-through of
// examples/wolfe-redeem: buy a gift, open a card-link session for it, swap
// its merchant and redeem the rest as an eGift read back with its code;
// buy another and redeem it via Zelle to an account looked up for the
// recipient; list the credits and merchant transactions; register a
// missing credit and read it back. Every redemption's fee comes out of the
// gift, never the funding account, and the flow checks it.
//
// Environment:
//
//	WOLFE_BASE_URL, WOLFE_PARTNER_KEY, WOLFE_COMPANY_ID   the account; when none of the
//	WOLFE_TENANT_ID (optional)                            WOLFE_* variables is set, the flow
//	                                                      runs against an in-process wolfetest
//	                                                      sandbox; some set and some not is an error
//	WOLFE_RECIPIENT_ID  the recipient (client_recipient_id) the gifts are bought for, who must
//	                    have a Zelle account (default DefaultRecipient, the documentation's)
//	WOLFE_CARD_ID       against a real account, a card of that recipient whose purchase at the
//	                    first gift's merchant today was not credited: only then is a missing
//	                    credit registered (the sandbox simulates one)
//
// Against the sandbox, the recipient's part — linking a card on Wolfe's
// page, paying with it — is played by the sandbox's controls.
package wolferedeemflow

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/wolfe"
	"github.com/giftcard-go/giftcard/wolfe/wolfetest"
)

// DefaultRecipient is the recipient the gifts are bought for: the
// documentation's, who has a Zelle account in the sandbox.
const DefaultRecipient = wolfetest.ExampleZelleRecipientID

// The flow's amounts.
var (
	// GiftAmount is the first gift: swapped, then redeemed as an eGift.
	GiftAmount = giftcard.MustParseMoney("40.00", "USD")
	// ZelleAmount is the second gift, redeemed via Zelle.
	ZelleAmount = giftcard.MustParseMoney("20.00", "USD")
	// Paid and Missed are the sandbox's simulated purchases with the linked
	// card: one credited, one Wolfe misses (then a missing credit).
	Paid   = giftcard.MustParseMoney("10.00", "USD")
	Missed = giftcard.MustParseMoney("5.00", "USD")
)

// ZelleAddress is the recipient's address sent with the Zelle redemption.
var ZelleAddress = wolfe.Address{AddressLine1: "100 Congress Avenue", Locality: "Austin", Region: "TX", PostalCode: "78701", Country: "US"}

// Run executes the flow against the account the environment names, or a
// fresh in-process sandbox when none is set, writing a human-readable
// account to w. It returns an error for any failure.
func Run(ctx context.Context, w io.Writer, getenv func(string) string) error {
	cfg, err := wolfe.ConfigFromLookup(getenv)
	switch {
	case errors.Is(err, wolfe.ErrNoEnvironment):
		srv := wolfetest.NewServer()
		defer srv.Close()
		fmt.Fprintf(w, "No WOLFE_* variables: using the in-process wolfetest sandbox at %s\n", srv.URL)
		return RunOn(ctx, w, srv)
	case err != nil:
		return err
	}
	c, err := wolfe.New(cfg)
	if err != nil {
		return err
	}
	recipient := getenv("WOLFE_RECIPIENT_ID")
	if recipient == "" {
		recipient = DefaultRecipient
	}
	return run(ctx, w, c, nil, recipient, getenv("WOLFE_CARD_ID"))
}

// RunOn executes the flow against a sandbox, whose controls play the
// recipient (linking a card, paying with it).
func RunOn(ctx context.Context, w io.Writer, srv *wolfetest.Server) error {
	c, err := srv.NewClient()
	if err != nil {
		return err
	}
	return run(ctx, w, c, srv, DefaultRecipient, "")
}

func run(ctx context.Context, w io.Writer, c *wolfe.Client, srv *wolfetest.Server, recipient, cardID string) error {
	start, err := c.GetBalance(ctx)
	if err != nil {
		return fmt.Errorf("balance: %w", err)
	}
	fmt.Fprintf(w, "1. Funding balance at %s: %s\n", c.BaseURL(), start)

	from, to, err := pickMerchants(ctx, c)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   gift at %s (EXCHANGE, CARD_LINK), swapped to %s (EGIFT)\n", from.Name, to.Name)

	fmt.Fprintf(w, "2. Buying a %s gift at %s for recipient %s\n", GiftAmount, from.Name, recipient)
	a, err := c.Gifts.PurchaseManaged(ctx, wolfe.ManagedPurchaseRequest{Amount: GiftAmount, MerchantID: from.ID, ClientRecipientID: recipient})
	if err != nil {
		return fmt.Errorf("purchase (reference %s): %w", a.ReferenceID, err)
	}
	giftA, err := c.Gifts.Get(ctx, a.GiftID)
	if err != nil {
		return fmt.Errorf("get gift: %w", err)
	}
	fmt.Fprintf(w, "   gift %s, reference %s: %s, fee %s charged to the funding account (%s in all)\n",
		giftA.ID, a.ReferenceID, giftA.Amount, giftA.Fee, giftA.Charged())

	fmt.Fprintln(w, "3. A card-link session for it")
	sess, err := c.CardLinks.CreateSession(ctx, giftA.ID)
	if err != nil {
		return fmt.Errorf("card-link session: %w", err)
	}
	fmt.Fprintf(w, "   session %s, expires at %s\n", sess.Session, sess.ExpiresAt.UTC().Format("2006-01-02 15:04:05 MST"))
	var mc *wolfe.MissingCredit
	if srv != nil {
		if cardID, err = simulateCard(w, srv, sess, from.ID); err != nil {
			return err
		}
		if mc, err = registerMissingCredit(ctx, w, c, from.ID, recipient, cardID); err != nil {
			return err
		}
	} else {
		fmt.Fprintln(w, "   (the recipient links a card on Wolfe's enrolment page; the session is deactivated here)")
		if err := c.CardLinks.DeactivateSession(ctx, sess.Session); err != nil {
			return fmt.Errorf("deactivate session: %w", err)
		}
		if cardID != "" {
			if mc, err = registerMissingCredit(ctx, w, c, from.ID, recipient, cardID); err != nil {
				return err
			}
		} else {
			fmt.Fprintln(w, "   no WOLFE_CARD_ID: no missing credit to register")
		}
	}

	giftA, err = c.Gifts.Get(ctx, giftA.ID)
	if err != nil {
		return fmt.Errorf("get gift: %w", err)
	}
	fmt.Fprintf(w, "4. Swapping its merchant to %s (balance %s)\n", to.Name, giftA.Balance)
	swap, err := c.Gifts.SwapMerchant(ctx, wolfe.SwapRequest{GiftID: giftA.ID, MerchantID: to.ID})
	if err != nil {
		return fmt.Errorf("swap: %w", err)
	}
	fmt.Fprintf(w, "   new gift %s of %s; fee %s from the gift\n", swap.ID, swap.Amount, swap.Fee)
	if err := consumed(swap, giftA.Balance); err != nil {
		return err
	}

	fmt.Fprintln(w, "5. Redeeming the rest as an eGift")
	eg, err := c.Redemptions.RedeemEGift(ctx, swap.ID)
	if err != nil {
		return fmt.Errorf("eGift: %w", err)
	}
	if err := consumed(eg, swap.Amount); err != nil {
		return err
	}
	egift, err := c.Redemptions.GetEGift(ctx, eg.ID)
	if err != nil {
		return fmt.Errorf("get eGift: %w", err)
	}
	if !egift.Amount.Equal(eg.Amount) {
		return fmt.Errorf("the eGift reads %s, the redemption said %s", egift.Amount, eg.Amount)
	}
	fmt.Fprintf(w, "   eGift of %s (fee %s), %s, expires %s, code %v (printing never shows it)\n",
		egift.Amount, eg.Fee, egift.FulfillmentStatus, egift.ExpirationDate, egift.Code)

	fmt.Fprintf(w, "6. Another %s gift, redeemed via Zelle\n", ZelleAmount)
	b, err := c.Gifts.PurchaseManaged(ctx, wolfe.ManagedPurchaseRequest{Amount: ZelleAmount, MerchantID: from.ID, ClientRecipientID: recipient})
	if err != nil {
		return fmt.Errorf("purchase (reference %s): %w", b.ReferenceID, err)
	}
	accounts, err := c.Redemptions.ZelleAccounts(ctx, wolfe.ZelleAccountQuery{ClientRecipientID: recipient})
	if err != nil {
		return fmt.Errorf("looking up Zelle accounts: %w", err)
	}
	if len(accounts) == 0 {
		return fmt.Errorf("recipient %s has no Zelle account", recipient)
	}
	acct := accounts[0]
	fmt.Fprintf(w, "   Zelle account %s (%s %s, %s %s)\n", acct.ID, acct.FirstName, acct.LastName, acct.TokenType, acct.Token)
	z, err := c.Redemptions.RedeemZelle(ctx, wolfe.ZelleRequest{GiftID: b.GiftID, ZelleAccountID: acct.ID, Address: ZelleAddress})
	if err != nil {
		return fmt.Errorf("redeeming via Zelle: %w", err)
	}
	if err := consumed(z, ZelleAmount); err != nil {
		return err
	}
	fmt.Fprintf(w, "   transfer %s of %s; fee %s from the gift\n", z.ID, z.Amount, z.Fee)
	if z.ID != "" {
		tx, err := c.Redemptions.GetZelleTransaction(ctx, z.ID)
		if err != nil {
			return fmt.Errorf("get Zelle transaction: %w", err)
		}
		fmt.Fprintf(w, "   read back: %s, %s to account %s\n", tx.Status, tx.Amount, tx.ZelleAccountID)
	}

	fmt.Fprintf(w, "7. Credits and merchant transactions of gift %s\n", giftA.ID)
	for cr, err := range c.Credits.All(ctx, wolfe.CreditQuery{GiftID: giftA.ID}) {
		if err != nil {
			return fmt.Errorf("credits: %w", err)
		}
		fmt.Fprintf(w, "   credit %s: %s to card %s, %s (missing credit: %v)\n", cr.ID, cr.Amount, cr.CardID, cr.Status, cr.IsMissingCredit)
	}
	for mt, err := range c.Credits.MerchantTransactions(ctx, wolfe.MerchantTransactionQuery{GiftID: giftA.ID}) {
		if err != nil {
			return fmt.Errorf("merchant transactions: %w", err)
		}
		fmt.Fprintf(w, "   purchase %s: %s with card %s\n", mt.ID, mt.Amount, mt.CardID)
	}

	if mc != nil {
		fmt.Fprintln(w, "8. The missing credit, read back")
		byID, err := c.Credits.GetMissingCredit(ctx, mc.ID)
		if err != nil {
			return fmt.Errorf("get missing credit: %w", err)
		}
		byRef, err := c.Credits.GetMissingCreditByReference(ctx, mc.ReferenceID)
		if err != nil {
			return fmt.Errorf("get missing credit by reference: %w", err)
		}
		if byRef.ID != byID.ID {
			return fmt.Errorf("reference %s reads missing credit %s, not %s", mc.ReferenceID, byRef.ID, byID.ID)
		}
		fmt.Fprintf(w, "   by id and by reference: %s, %s credited\n", byID.Status, byID.Credited())
	}

	end, err := c.GetBalance(ctx)
	if err != nil {
		return fmt.Errorf("balance: %w", err)
	}
	spent, _ := start.Sub(end)
	fmt.Fprintf(w, "9. Funding balance %s → %s: %s spent on the two purchases; the redemption fees came from the gifts\n", start, end, spent)
	if srv != nil {
		gb, err := c.Gifts.Get(ctx, b.GiftID)
		if err != nil {
			return err
		}
		want, _ := giftA.Charged().Add(gb.Charged())
		if !spent.Equal(want) {
			return fmt.Errorf("the funding account paid %s, the purchases charged %s", spent, want)
		}
	}
	return nil
}

// consumed checks that a redemption took the whole balance: amount + fee.
func consumed(r wolfe.Redemption, balance giftcard.Money) error {
	if r.Amount.Currency == "" {
		return fmt.Errorf("the %s redemption of gift %s happened, but its amount could not be read", r.Method, r.GiftID)
	}
	if !r.Total().Equal(balance) {
		return fmt.Errorf("the %s redemption of gift %s took %s + %s, not its balance %s", r.Method, r.GiftID, r.Amount, r.Fee, balance)
	}
	return nil
}

// simulateCard plays the recipient in the sandbox: links a card through the
// session, pays with it (credited), and pays again unnoticed.
func simulateCard(w io.Writer, srv *wolfetest.Server, sess wolfe.CardLinkSession, merchantID string) (string, error) {
	card, err := srv.LinkCard(sess.Session, wolfetest.TestCard{Network: "VISA", Last4: "4242", Expiration: "12/30"})
	if err != nil {
		return "", fmt.Errorf("linking a card: %w", err)
	}
	fmt.Fprintf(w, "   (sandbox) the recipient links Visa card %s and pays %s with it, then %s that Wolfe misses\n", card, Paid, Missed)
	paid, _ := Paid.Minor()
	p, err := srv.PayWithCard(wolfetest.CardPayment{CardID: card, MerchantID: merchantID, Cents: paid})
	if err != nil {
		return "", fmt.Errorf("paying with the card: %w", err)
	}
	missed, _ := Missed.Minor()
	if _, err := srv.PayWithCard(wolfetest.CardPayment{CardID: card, MerchantID: merchantID, Cents: missed, Missed: true}); err != nil {
		return "", fmt.Errorf("paying with the card: %w", err)
	}
	fmt.Fprintf(w, "   %s credited back to the card from the gift\n", p.Credited)
	return card, nil
}

// registerMissingCredit registers the purchase Wolfe missed.
func registerMissingCredit(ctx context.Context, w io.Writer, c *wolfe.Client, merchantID, recipient, card string) (*wolfe.MissingCredit, error) {
	online := false
	m, err := c.Credits.RegisterMissingCredit(ctx, wolfe.MissingCreditRequest{MerchantID: merchantID, CardID: card,
		ClientRecipientID: recipient, TransactionDate: time.Now(), TransactionAmount: Missed, IsOnline: &online,
		Comment: "Paid in store; not credited."})
	if err != nil {
		return nil, fmt.Errorf("missing credit (reference %s): %w", m.ReferenceID, err)
	}
	fmt.Fprintf(w, "   missing credit %s (reference %s): %s credited\n", m.ID, m.ReferenceID, m.Credited())
	return &m, nil
}

// pickMerchants walks the catalog for a merchant whose gifts can be
// swapped and card-linked and sells a GiftAmount gift, and another whose
// gifts redeem as eGifts.
func pickMerchants(ctx context.Context, c *wolfe.Client) (from, to wolfe.Merchant, err error) {
	for m, err := range c.Merchants.All(ctx, wolfe.MerchantQuery{Limit: 100}) {
		if err != nil {
			return from, to, fmt.Errorf("merchants: %w", err)
		}
		switch {
		case from.ID == "" && m.Redeemable(wolfe.RedeemExchange) && m.Redeemable(wolfe.RedeemCardLink) && sells(c, m):
			from = m
		case to.ID == "" && m.Redeemable(wolfe.RedeemEGift):
			to = m
		}
		if from.ID != "" && to.ID != "" {
			return from, to, nil
		}
	}
	var missing []string
	if from.ID == "" {
		missing = append(missing, "a merchant offering EXCHANGE and CARD_LINK that sells a "+GiftAmount.String()+" gift")
	}
	if to.ID == "" {
		missing = append(missing, "another offering EGIFT")
	}
	return from, to, fmt.Errorf("the catalog has no %s", strings.Join(missing, ", nor "))
}

func sells(c *wolfe.Client, m wolfe.Merchant) bool {
	p := c.Product(m)
	lo, err1 := GiftAmount.Cmp(p.MinValue)
	hi, err2 := GiftAmount.Cmp(p.MaxValue)
	return p.Active() && err1 == nil && err2 == nil && lo >= 0 && hi <= 0
}
