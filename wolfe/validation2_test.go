package wolfe_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/wolfe"
	"github.com/giftcard-go/giftcard/wolfe/wolfetest"
)

// TestValidationBeforeTheNetworkII: every input the documentation of
// W17–W37 forbids (or that could not mean anything) is refused with a
// *giftcard.ValidationError naming the field, and no request reaches the
// sandbox. (Rules that need the gift — its balance against the method's
// configuration — are in TestRedemptionPreflight: they send one read and
// no redeeming request.)
func TestValidationBeforeTheNetworkII(t *testing.T) {
	srv := newSandbox(t)
	c := client(t, srv)
	ignore := func(_ any, err error) error { return err }
	long := strings.Repeat("g", 256)
	day := utc(2026, 3, 1, 0, 0, 0)
	visa := func(change func(*wolfe.VisaRequest)) func(ctx context.Context) error {
		return func(ctx context.Context) error {
			r := wolfe.VisaRequest{GiftID: wolfetest.ExampleGiftID, FirstName: "Sherlock", LastName: "Holmes", Address: sherlock()}
			change(&r)
			return ignore(c.Redemptions.RedeemVisaCard(ctx, r))
		}
	}
	zelle := func(change func(*wolfe.ZelleRequest)) func(ctx context.Context) error {
		return func(ctx context.Context) error {
			r := wolfe.ZelleRequest{GiftID: wolfetest.ExampleGiftID, AccountToken: "john.doe@example.com", TokenType: wolfe.ZelleEmail,
				FirstName: "John", LastName: "Doe", Address: sherlock()}
			change(&r)
			return ignore(c.Redemptions.RedeemZelle(ctx, r))
		}
	}
	missingCredit := func(change func(*wolfe.MissingCreditRequest)) func(ctx context.Context) error {
		return func(ctx context.Context) error {
			r := wolfe.MissingCreditRequest{MerchantID: wolfetest.DunkinID, TransactionDate: day, TransactionAmount: usd("10"),
				CardID: wolfetest.ExampleCardID}
			change(&r)
			return ignore(c.Credits.RegisterMissingCredit(ctx, r))
		}
	}
	for _, tc := range []struct {
		name, field string
		call        func(ctx context.Context) error
	}{
		// W17–W20
		{"log period ends before it starts", "to_date", func(ctx context.Context) error {
			return ignore(c.CardLinks.ListLog(ctx, wolfe.CardLinkLogQuery{FromDate: day, ToDate: day.AddDate(0, 0, -1)}))
		}},
		{"log gift with a control character", "gift_id", func(ctx context.Context) error {
			return ignore(c.CardLinks.ListLog(ctx, wolfe.CardLinkLogQuery{GiftID: "g\x01"}))
		}},
		{"log negative limit", "limit", func(ctx context.Context) error {
			for _, err := range c.CardLinks.Log(ctx, wolfe.CardLinkLogQuery{Limit: -5}) {
				return err
			}
			return nil
		}},
		{"session without gift", "gift_id", func(ctx context.Context) error { return ignore(c.CardLinks.CreateSession(ctx, "")) }},
		{"deactivate a blank session", "session_id", func(ctx context.Context) error { return c.CardLinks.DeactivateSession(ctx, "  ") }},
		{"unlink invalid UTF-8", "gift_id", func(ctx context.Context) error { return c.CardLinks.Unlink(ctx, "\xff") }},
		// W21–W23
		{"swap gift over 255", "gift_id", func(ctx context.Context) error {
			return ignore(c.Gifts.SwapMerchant(ctx, wolfe.SwapRequest{GiftID: long, MerchantID: wolfetest.DunkinID}))
		}},
		{"swap merchant not a UUID", "merchant_id", func(ctx context.Context) error {
			return ignore(c.Gifts.SwapMerchant(ctx, wolfe.SwapRequest{GiftID: wolfetest.ExampleGiftID, MerchantID: "12345"}))
		}},
		{"select without merchant", "merchant_id", func(ctx context.Context) error {
			return c.Gifts.SelectMerchant(ctx, wolfe.SelectMerchantRequest{GiftID: wolfetest.ExampleGiftID})
		}},
		{"select merchant not a UUID", "merchant_id", func(ctx context.Context) error {
			return c.Gifts.SelectMerchant(ctx, wolfe.SelectMerchantRequest{GiftID: wolfetest.ExampleGiftID, MerchantID: "Dunkin"})
		}},
		{"regift without recipient", "client_recipient_id", func(ctx context.Context) error {
			return ignore(c.Gifts.Regift(ctx, wolfe.RegiftRequest{GiftID: wolfetest.ExampleGiftID}))
		}},
		{"regift merchant not a UUID", "merchant_id", func(ctx context.Context) error {
			return ignore(c.Gifts.Regift(ctx, wolfe.RegiftRequest{GiftID: wolfetest.ExampleGiftID, ClientRecipientID: "u", MerchantID: "x"}))
		}},
		// W24–W27
		{"eGift id '.'", "egift_id", func(ctx context.Context) error { return ignore(c.Redemptions.GetEGift(ctx, ".")) }},
		{"redeem eGift gift over 255", "gift_id", func(ctx context.Context) error { return ignore(c.Redemptions.RedeemEGift(ctx, long)) }},
		{"Visa card id empty", "visa_card_id", func(ctx context.Context) error { return ignore(c.Redemptions.GetVisaCard(ctx, "")) }},
		{"Visa without first name", "first_name", visa(func(r *wolfe.VisaRequest) { r.FirstName = "" })},
		{"Visa last name over 255", "last_name", visa(func(r *wolfe.VisaRequest) { r.LastName = long })},
		{"Visa without address", "address", visa(func(r *wolfe.VisaRequest) { r.Address = wolfe.Address{} })},
		{"Visa without postal code", "address.postal_code", visa(func(r *wolfe.VisaRequest) { r.Address.PostalCode = "" })},
		{"Visa country of three letters", "address.country", visa(func(r *wolfe.VisaRequest) { r.Address.Country = "USA" })},
		{"Visa country in lower case", "address.country", visa(func(r *wolfe.VisaRequest) { r.Address.Country = "us" })},
		{"Visa locality with a newline", "address.locality", visa(func(r *wolfe.VisaRequest) { r.Address.Locality = "Lon\ndon" })},
		{"Visa without gift", "gift_id", visa(func(r *wolfe.VisaRequest) { r.GiftID = "" })},
		// W28–W31
		{"Zelle accounts without a filter", "client_recipient_id", func(ctx context.Context) error {
			return ignore(c.Redemptions.ZelleAccounts(ctx, wolfe.ZelleAccountQuery{}))
		}},
		{"Zelle account id with a control character", "zelle_account_id", func(ctx context.Context) error {
			return ignore(c.Redemptions.ZelleAccounts(ctx, wolfe.ZelleAccountQuery{ZelleAccountID: "a\tb"}))
		}},
		{"Zelle transaction id empty", "id", func(ctx context.Context) error { return ignore(c.Redemptions.GetZelleTransaction(ctx, "")) }},
		{"Zelle neither alternative", "zelle_account_id", zelle(func(r *wolfe.ZelleRequest) {
			r.AccountToken, r.TokenType, r.FirstName, r.LastName = "", "", "", ""
		})},
		{"Zelle token without type", "token_type", zelle(func(r *wolfe.ZelleRequest) { r.TokenType = "" })},
		{"Zelle token type unknown", "token_type", zelle(func(r *wolfe.ZelleRequest) { r.TokenType = "phone" })},
		{"Zelle email token not an email", "account_token", zelle(func(r *wolfe.ZelleRequest) { r.AccountToken = "john.doe" })},
		{"Zelle mobile token of 7 digits", "account_token", zelle(func(r *wolfe.ZelleRequest) {
			r.AccountToken, r.TokenType = "5551234", wolfe.ZelleMobile
		})},
		{"Zelle token without last name", "last_name", zelle(func(r *wolfe.ZelleRequest) { r.LastName = "" })},
		{"Zelle type without token", "account_token", zelle(func(r *wolfe.ZelleRequest) {
			r.ZelleAccountID, r.AccountToken = wolfetest.ExampleZelleAccountID, ""
		})},
		{"Zelle without address", "address", zelle(func(r *wolfe.ZelleRequest) { r.Address = wolfe.Address{} })},
		{"Zelle without gift", "gift_id", zelle(func(r *wolfe.ZelleRequest) { r.GiftID = "" })},
		{"validate without token", "token", func(ctx context.Context) error {
			return ignore(c.Redemptions.ValidateZelleToken(ctx, wolfe.ZelleTokenRequest{TokenType: wolfe.ZelleEmail}))
		}},
		{"validate without type", "token_type", func(ctx context.Context) error {
			return ignore(c.Redemptions.ValidateZelleToken(ctx, wolfe.ZelleTokenRequest{Token: "john.doe@example.com"}))
		}},
		{"validate mobile with letters", "token", func(ctx context.Context) error {
			return ignore(c.Redemptions.ValidateZelleToken(ctx, wolfe.ZelleTokenRequest{Token: "555-CALL-NOW", TokenType: wolfe.ZelleMobile}))
		}},
		{"validate gift over 255", "gift_id", func(ctx context.Context) error {
			return ignore(c.Redemptions.ValidateZelleToken(ctx, wolfe.ZelleTokenRequest{Token: "a@example.com", TokenType: wolfe.ZelleEmail, GiftID: long}))
		}},
		// W32, W33
		{"cards without recipient", "client_recipient_id", func(ctx context.Context) error {
			return ignore(c.Cards.List(ctx, wolfe.CardQuery{CardID: wolfetest.ExampleCardID}))
		}},
		{"cards negative offset", "offset", func(ctx context.Context) error {
			return ignore(c.Cards.List(ctx, wolfe.CardQuery{ClientRecipientID: "12345", Offset: -1}))
		}},
		{"unenroll without recipient", "client_recipient_id", func(ctx context.Context) error {
			return ignore(c.Cards.Unenroll(ctx, wolfe.UnenrollRequest{CardID: wolfetest.ExampleCardID}))
		}},
		{"unenroll without card", "card_id", func(ctx context.Context) error {
			return ignore(c.Cards.Unenroll(ctx, wolfe.UnenrollRequest{ClientRecipientID: "12345"}))
		}},
		// W34–W37
		{"credits with a control character in the status", "status", func(ctx context.Context) error {
			return ignore(c.Credits.List(ctx, wolfe.CreditQuery{Status: "SUCCESS\r\n"}))
		}},
		{"merchant transactions negative limit", "limit", func(ctx context.Context) error {
			return ignore(c.Credits.ListMerchantTransactions(ctx, wolfe.MerchantTransactionQuery{Limit: -1}))
		}},
		{"missing credit id empty", "id", func(ctx context.Context) error { return ignore(c.Credits.GetMissingCredit(ctx, "")) }},
		{"missing credit reference with a newline", "reference_id", func(ctx context.Context) error {
			return ignore(c.Credits.GetMissingCreditByReference(ctx, "r\n"))
		}},
		{"missing credit without amount", "transaction_amount", missingCredit(func(r *wolfe.MissingCreditRequest) { r.TransactionAmount = giftcard.Money{} })},
		{"missing credit of zero", "transaction_amount", missingCredit(func(r *wolfe.MissingCreditRequest) { r.TransactionAmount = usd("0") })},
		{"missing credit negative", "transaction_amount", missingCredit(func(r *wolfe.MissingCreditRequest) { r.TransactionAmount = usd("-5") })},
		{"missing credit not a whole cent", "transaction_amount", missingCredit(func(r *wolfe.MissingCreditRequest) { r.TransactionAmount = usd("1.001") })},
		{"missing credit in euros", "transaction_amount", missingCredit(func(r *wolfe.MissingCreditRequest) {
			r.TransactionAmount = giftcard.MustParseMoney("10", "EUR")
		})},
		{"missing credit without merchant", "merchant_id", missingCredit(func(r *wolfe.MissingCreditRequest) { r.MerchantID = "" })},
		{"missing credit without date", "transaction_date", missingCredit(func(r *wolfe.MissingCreditRequest) { r.TransactionDate = time.Time{} })},
		{"missing credit without card or recipient", "card_id", missingCredit(func(r *wolfe.MissingCreditRequest) { r.CardID = "" })},
		{"missing credit reference over 255", "reference_id", missingCredit(func(r *wolfe.MissingCreditRequest) { r.ReferenceID = long })},
		{"missing credit comment over 1000", "comment", missingCredit(func(r *wolfe.MissingCreditRequest) { r.Comment = strings.Repeat("c", 1001) })},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := srv.Journal().Len()
			err := tc.call(t.Context())
			var ve *giftcard.ValidationError
			if !errors.As(err, &ve) || ve.Field != tc.field || ve.Provider != "wolfe" {
				t.Errorf("got %v, want a ValidationError naming %q", err, tc.field)
			}
			if !errors.Is(err, giftcard.ErrInvalidRequest) {
				t.Errorf("%v does not match ErrInvalidRequest", err)
			}
			if n := srv.Journal().Len() - before; n != 0 {
				t.Errorf("%d requests reached the sandbox", n)
			}
		})
	}
}
