package wolfe_test

import (
	"context"
	"testing"

	"github.com/giftcard-go/giftcard/internal/kittest"
	"github.com/giftcard-go/giftcard/wolfe"
	"github.com/giftcard-go/giftcard/wolfe/wolfetest"
)

// managedGift buys a managed gift of amount at merchant for recipient and
// returns its id.
func managedGift(t testing.TB, ctx context.Context, c *wolfe.Client, merchant, amount, recipient string) string {
	t.Helper()
	res, err := c.Gifts.PurchaseManaged(ctx, wolfe.ManagedPurchaseRequest{Amount: usd(amount), MerchantID: merchant,
		ClientRecipientID: recipient})
	if err != nil {
		t.Fatalf("purchase: %v", err)
	}
	return res.GiftID
}

// linkedGift buys a gift of amount at merchant for recipient and links a
// new Visa card to it through a card-link session; it returns the gift and
// the card.
func linkedGift(t testing.TB, ctx context.Context, c *wolfe.Client, srv *wolfetest.Server, merchant, amount, recipient string) (string, string) {
	t.Helper()
	gift := managedGift(t, ctx, c, merchant, amount, recipient)
	sess, err := c.CardLinks.CreateSession(ctx, gift)
	if err != nil {
		t.Fatalf("session: %v", err)
	}
	card, err := srv.LinkCard(sess.Session, wolfetest.TestCard{Last4: "1111"})
	if err != nil {
		t.Fatalf("link: %v", err)
	}
	return gift, card
}

// routeCasesII drives the routes of W17–W37 for TestRoutes.
func routeCasesII(t *testing.T, srv *wolfetest.Server, c *wolfe.Client) map[string]kittest.RouteCase {
	const missing = "does-not-exist"
	ignore := func(_ any, err error) error { return err }
	gift := func(ctx context.Context) string { return managedGift(t, ctx, c, wolfetest.AmazonID, "25", "user-walk") }
	day := utc(2026, 3, 1, 0, 0, 0)
	return map[string]kittest.RouteCase{
		"CardLinks.ListLog": {
			Golden: "w17_card_link_log_response.json", Decode: decodeCardLinkLog,
			Call: func(ctx context.Context) error {
				return ignore(c.CardLinks.ListLog(ctx, wolfe.CardLinkLogQuery{GiftID: wolfetest.ExampleGiftID}))
			},
			Missing: func(ctx context.Context) error {
				return ignore(c.CardLinks.ListLog(ctx, wolfe.CardLinkLogQuery{Session: " "}))
			},
		},
		"CardLinks.CreateSession": {
			Golden: "w18_create_card_link_session_response.json", Decode: decodeCardLinkSession,
			Call:     func(ctx context.Context) error { return ignore(c.CardLinks.CreateSession(ctx, gift(ctx))) },
			NotFound: func(ctx context.Context) error { return ignore(c.CardLinks.CreateSession(ctx, missing)) },
			Missing:  func(ctx context.Context) error { return ignore(c.CardLinks.CreateSession(ctx, "")) },
		},
		"CardLinks.DeactivateSession": {
			Golden: "w19_deactivate_card_link_session_response.json", Decode: noData,
			Call: func(ctx context.Context) error {
				s, err := c.CardLinks.CreateSession(ctx, gift(ctx))
				if err != nil {
					return err
				}
				return c.CardLinks.DeactivateSession(ctx, s.Session)
			},
			NotFound: func(ctx context.Context) error { return c.CardLinks.DeactivateSession(ctx, missing) },
			Missing:  func(ctx context.Context) error { return c.CardLinks.DeactivateSession(ctx, "") },
		},
		"CardLinks.Unlink": {
			Golden: "w20_unlink_card_response.json", Decode: noData,
			Call: func(ctx context.Context) error {
				g, _ := linkedGift(t, ctx, c, srv, wolfetest.AmazonID, "25", "user-walk")
				return c.CardLinks.Unlink(ctx, g)
			},
			NotFound: func(ctx context.Context) error { return c.CardLinks.Unlink(ctx, missing) },
			Missing:  func(ctx context.Context) error { return c.CardLinks.Unlink(ctx, "\n") },
		},
		"Gifts.SwapMerchant": {
			Golden: "w21_swap_merchant_response.json", Decode: decodeNewGift,
			Call: func(ctx context.Context) error {
				return ignore(c.Gifts.SwapMerchant(ctx, wolfe.SwapRequest{GiftID: gift(ctx), MerchantID: wolfetest.DunkinID}))
			},
			NotFound: func(ctx context.Context) error {
				return ignore(c.Gifts.SwapMerchant(ctx, wolfe.SwapRequest{GiftID: missing, MerchantID: wolfetest.DunkinID}))
			},
			Missing: func(ctx context.Context) error {
				return ignore(c.Gifts.SwapMerchant(ctx, wolfe.SwapRequest{GiftID: wolfetest.ExampleGiftID}))
			},
		},
		"Gifts.SelectMerchant": {
			Golden: "w22_select_merchant_response.json", Decode: noData,
			Call: func(ctx context.Context) error {
				id, err := srv.PurchaseMerchantSelectGift(2500, "user-walk")
				if err != nil {
					return err
				}
				return c.Gifts.SelectMerchant(ctx, wolfe.SelectMerchantRequest{GiftID: id, MerchantID: wolfetest.AmazonID})
			},
			NotFound: func(ctx context.Context) error {
				return c.Gifts.SelectMerchant(ctx, wolfe.SelectMerchantRequest{GiftID: missing, MerchantID: wolfetest.AmazonID})
			},
			Missing: func(ctx context.Context) error {
				return c.Gifts.SelectMerchant(ctx, wolfe.SelectMerchantRequest{MerchantID: wolfetest.AmazonID})
			},
		},
		"Gifts.Regift": {
			Golden: "w23_regift_response.json", Decode: decodeNewGift,
			Call: func(ctx context.Context) error {
				return ignore(c.Gifts.Regift(ctx, wolfe.RegiftRequest{GiftID: gift(ctx), ClientRecipientID: "user-2"}))
			},
			NotFound: func(ctx context.Context) error {
				return ignore(c.Gifts.Regift(ctx, wolfe.RegiftRequest{GiftID: missing, ClientRecipientID: "user-2"}))
			},
			Missing: func(ctx context.Context) error {
				return ignore(c.Gifts.Regift(ctx, wolfe.RegiftRequest{GiftID: wolfetest.ExampleGiftID}))
			},
		},
		"Redemptions.GetEGift": {
			Golden: "w24_get_egift_response.corrected.json", Decode: decodeEGift,
			Call:     func(ctx context.Context) error { return ignore(c.Redemptions.GetEGift(ctx, wolfetest.ExampleEGiftID)) },
			NotFound: func(ctx context.Context) error { return ignore(c.Redemptions.GetEGift(ctx, missing)) },
			Missing:  func(ctx context.Context) error { return ignore(c.Redemptions.GetEGift(ctx, "")) },
		},
		"Redemptions.RedeemEGift": {
			Golden: "w25_redeem_egift_response.json", Decode: func(t *testing.T, raw []byte) { dataOf(t, raw, 200) },
			Call:     func(ctx context.Context) error { return ignore(c.Redemptions.RedeemEGift(ctx, gift(ctx))) },
			NotFound: func(ctx context.Context) error { return ignore(c.Redemptions.RedeemEGift(ctx, missing)) },
			Missing:  func(ctx context.Context) error { return ignore(c.Redemptions.RedeemEGift(ctx, "")) },
		},
		"Redemptions.GetVisaCard": {
			Golden: "w26_get_visa_card_response.json", Decode: decodeVisaCard,
			Call: func(ctx context.Context) error {
				return ignore(c.Redemptions.GetVisaCard(ctx, wolfetest.ExampleVisaCardID))
			},
			NotFound: func(ctx context.Context) error { return ignore(c.Redemptions.GetVisaCard(ctx, missing)) },
			Missing:  func(ctx context.Context) error { return ignore(c.Redemptions.GetVisaCard(ctx, "..")) },
		},
		"Redemptions.RedeemVisaCard": {
			Golden: "w27_redeem_visa_card_response.json", Decode: func(t *testing.T, raw []byte) { dataOf(t, raw, 200) },
			Call: func(ctx context.Context) error {
				return ignore(c.Redemptions.RedeemVisaCard(ctx, wolfe.VisaRequest{GiftID: gift(ctx), FirstName: "Sherlock",
					LastName: "Holmes", Address: sherlock()}))
			},
			NotFound: func(ctx context.Context) error {
				return ignore(c.Redemptions.RedeemVisaCard(ctx, wolfe.VisaRequest{GiftID: missing, FirstName: "Sherlock",
					LastName: "Holmes", Address: sherlock()}))
			},
			Missing: func(ctx context.Context) error {
				return ignore(c.Redemptions.RedeemVisaCard(ctx, wolfe.VisaRequest{GiftID: wolfetest.ExampleGiftID,
					FirstName: "Sherlock", LastName: "Holmes"}))
			},
		},
		"Redemptions.ZelleAccounts": {
			Golden: "w28_zelle_accounts_response.json", Decode: decodeZelleAccounts,
			Call: func(ctx context.Context) error {
				return ignore(c.Redemptions.ZelleAccounts(ctx, wolfe.ZelleAccountQuery{ClientRecipientID: wolfetest.ExampleZelleRecipientID}))
			},
			Missing: func(ctx context.Context) error {
				return ignore(c.Redemptions.ZelleAccounts(ctx, wolfe.ZelleAccountQuery{}))
			},
		},
		"Redemptions.GetZelleTransaction": {
			Golden: "w29_get_zelle_transaction_response.json", Decode: decodeZelleTransaction,
			Call: func(ctx context.Context) error {
				return ignore(c.Redemptions.GetZelleTransaction(ctx, wolfetest.ExampleZelleTransactionID))
			},
			NotFound: func(ctx context.Context) error { return ignore(c.Redemptions.GetZelleTransaction(ctx, missing)) },
			Missing:  func(ctx context.Context) error { return ignore(c.Redemptions.GetZelleTransaction(ctx, "")) },
		},
		"Redemptions.RedeemZelle": {
			Golden: "w30_redeem_zelle_response.json", Decode: func(t *testing.T, raw []byte) { dataOf(t, raw, 200) },
			Call: func(ctx context.Context) error {
				return ignore(c.Redemptions.RedeemZelle(ctx, wolfe.ZelleRequest{GiftID: gift(ctx),
					ZelleAccountID: wolfetest.ExampleZelleAccountID, Address: sherlock()}))
			},
			NotFound: func(ctx context.Context) error {
				return ignore(c.Redemptions.RedeemZelle(ctx, wolfe.ZelleRequest{GiftID: missing,
					ZelleAccountID: wolfetest.ExampleZelleAccountID, Address: sherlock()}))
			},
			Missing: func(ctx context.Context) error {
				return ignore(c.Redemptions.RedeemZelle(ctx, wolfe.ZelleRequest{GiftID: wolfetest.ExampleGiftID, Address: sherlock()}))
			},
		},
		"Redemptions.ValidateZelleToken": {
			Golden: "w31_validate_zelle_token_response.json", Decode: decodeZelleToken,
			Call: func(ctx context.Context) error {
				return ignore(c.Redemptions.ValidateZelleToken(ctx, wolfe.ZelleTokenRequest{Token: wolfetest.ExampleZelleToken,
					TokenType: wolfe.ZelleEmail}))
			},
			NotFound: func(ctx context.Context) error {
				return ignore(c.Redemptions.ValidateZelleToken(ctx, wolfe.ZelleTokenRequest{Token: "nobody@example.com",
					TokenType: wolfe.ZelleEmail}))
			},
			Missing: func(ctx context.Context) error {
				return ignore(c.Redemptions.ValidateZelleToken(ctx, wolfe.ZelleTokenRequest{TokenType: wolfe.ZelleEmail}))
			},
		},
		"Cards.List": {
			Golden: "w32_list_cards_response.json", Decode: decodeCards,
			Call: func(ctx context.Context) error {
				return ignore(c.Cards.List(ctx, wolfe.CardQuery{ClientRecipientID: wolfetest.ExampleCardRecipientID}))
			},
			Missing: func(ctx context.Context) error { return ignore(c.Cards.List(ctx, wolfe.CardQuery{})) },
		},
		"Cards.Unenroll": {
			Golden: "w33_unenroll_card_response.json", Decode: decodeUnenroll,
			Call: func(ctx context.Context) error {
				_, card := linkedGift(t, ctx, c, srv, wolfetest.AmazonID, "25", "user-walk")
				return ignore(c.Cards.Unenroll(ctx, wolfe.UnenrollRequest{ClientRecipientID: "user-walk", CardID: card}))
			},
			NotFound: func(ctx context.Context) error {
				return ignore(c.Cards.Unenroll(ctx, wolfe.UnenrollRequest{ClientRecipientID: "user-walk", CardID: missing}))
			},
			Missing: func(ctx context.Context) error {
				return ignore(c.Cards.Unenroll(ctx, wolfe.UnenrollRequest{CardID: wolfetest.ExampleCardID}))
			},
		},
		"Credits.List": {
			Golden: "w34_list_credits_response.json", Decode: decodeCredits,
			Call: func(ctx context.Context) error { return ignore(c.Credits.List(ctx, wolfe.CreditQuery{})) },
			Missing: func(ctx context.Context) error {
				return ignore(c.Credits.List(ctx, wolfe.CreditQuery{CardID: "\x00"}))
			},
		},
		"Credits.ListMerchantTransactions": {
			Golden: "w35_list_merchant_transactions_response.json", Decode: decodeMerchantTransactions,
			Call: func(ctx context.Context) error {
				return ignore(c.Credits.ListMerchantTransactions(ctx, wolfe.MerchantTransactionQuery{}))
			},
			Missing: func(ctx context.Context) error {
				return ignore(c.Credits.ListMerchantTransactions(ctx, wolfe.MerchantTransactionQuery{FromDate: day, ToDate: day.AddDate(0, 0, -1)}))
			},
		},
		"Credits.GetMissingCredit": {
			Golden: "w36_get_missing_credit_response.json", Decode: decodeMissingCredit,
			Call: func(ctx context.Context) error {
				return ignore(c.Credits.GetMissingCredit(ctx, wolfetest.ExampleMissingCreditID))
			},
			NotFound: func(ctx context.Context) error { return ignore(c.Credits.GetMissingCreditByReference(ctx, missing)) },
			Missing:  func(ctx context.Context) error { return ignore(c.Credits.GetMissingCredit(ctx, "")) },
		},
		"Credits.RegisterMissingCredit": {
			Golden: "w37_register_missing_credit_response.json", Decode: decodeRegisteredMissingCredit,
			Call: func(ctx context.Context) error {
				return ignore(c.Credits.RegisterMissingCredit(ctx, wolfe.MissingCreditRequest{MerchantID: wolfetest.DunkinID,
					TransactionDate: day, TransactionAmount: usd("10"), CardID: wolfetest.ExampleCardID}))
			},
			NotFound: func(ctx context.Context) error {
				return ignore(c.Credits.RegisterMissingCredit(ctx, wolfe.MissingCreditRequest{MerchantID: wolfetest.DunkinID,
					TransactionDate: day, TransactionAmount: usd("10"), CardID: missing}))
			},
			Missing: func(ctx context.Context) error {
				return ignore(c.Credits.RegisterMissingCredit(ctx, wolfe.MissingCreditRequest{MerchantID: wolfetest.DunkinID,
					TransactionAmount: usd("10"), CardID: wolfetest.ExampleCardID}))
			},
		},
	}
}
