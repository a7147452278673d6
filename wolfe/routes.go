package wolfe

import "github.com/giftcard-go/giftcard"

// The route table: every operation of Wolfe's Partner API, in the order of
// its documentation (W1–W40 in shared/wolfe-loyalty-ops.md). The rendered
// docs give no methods or paths; these are DESIGN.md's Wolfe route table,
// the contract shared by the client and wolfetest. {company_id} is the
// client's Config.CompanyID on every route.
//
// Op is the method that calls the route, as errors and logs carry it
// ("Gifts.Purchase" is Client.Gifts.Purchase).
var (
	// Funding account.
	routeListTransactions = giftcard.Route{Op: "Funding.ListTransactions", Method: "GET", Path: "/partner/{company_id}/transactions"}    // W1
	routeGetTransaction   = giftcard.Route{Op: "Funding.GetTransaction", Method: "GET", Path: "/partner/{company_id}/transactions/{id}"} // W2
	routeDeposit          = giftcard.Route{Op: "Funding.Deposit", Method: "POST", Path: "/partner/{company_id}/transactions/deposit"}    // W3
	routeBalance          = giftcard.Route{Op: "Funding.Balance", Method: "GET", Path: "/partner/{company_id}/balance"}                  // W4

	// Merchant onboarding and the merchant catalog.
	routeSubmitMerchant = giftcard.Route{Op: "Merchants.Submit", Method: "POST", Path: "/partner/{company_id}/merchant-submissions"}            // W5
	routeGetSubmission  = giftcard.Route{Op: "Merchants.GetSubmission", Method: "GET", Path: "/partner/{company_id}/merchant-submissions/{id}"} // W6
	routeListMerchants  = giftcard.Route{Op: "Merchants.List", Method: "GET", Path: "/partner/{company_id}/merchants"}                          // W7
	routeGetMerchant    = giftcard.Route{Op: "Merchants.Get", Method: "GET", Path: "/partner/{company_id}/merchants/{id}"}                      // W8
	routeListLocations  = giftcard.Route{Op: "Merchants.ListLocations", Method: "GET", Path: "/partner/{company_id}/locations"}                 // W9
	routeGetLocation    = giftcard.Route{Op: "Merchants.GetLocation", Method: "GET", Path: "/partner/{company_id}/locations/{id}"}              // W10

	// Gifts.
	routePurchaseGift        = giftcard.Route{Op: "Gifts.Purchase", Method: "POST", Path: "/partner/{company_id}/gifts"}                // W11
	routePurchaseManagedGift = giftcard.Route{Op: "Gifts.PurchaseManaged", Method: "POST", Path: "/partner/{company_id}/gifts/managed"} // W12
	routeGetGift             = giftcard.Route{Op: "Gifts.Get", Method: "GET", Path: "/partner/{company_id}/gifts"}                      // W13
	routeGiftEvents          = giftcard.Route{Op: "Gifts.Events", Method: "GET", Path: "/partner/{company_id}/gifts/events"}            // W14
	routeClaimGift           = giftcard.Route{Op: "Gifts.Claim", Method: "POST", Path: "/partner/{company_id}/gifts/claim"}             // W15
	routeCancelGift          = giftcard.Route{Op: "Gifts.Cancel", Method: "POST", Path: "/partner/{company_id}/gifts/cancel"}           // W16

	// Card linking (issue 10).
	routeCardLinkLog               = giftcard.Route{Op: "CardLinks.ListLog", Method: "GET", Path: "/partner/{company_id}/card-link-log"}                           // W17
	routeCreateCardLinkSession     = giftcard.Route{Op: "CardLinks.CreateSession", Method: "POST", Path: "/partner/{company_id}/card-link-session"}                // W18
	routeDeactivateCardLinkSession = giftcard.Route{Op: "CardLinks.DeactivateSession", Method: "POST", Path: "/partner/{company_id}/card-link-session/deactivate"} // W19
	routeUnlinkCard                = giftcard.Route{Op: "CardLinks.Unlink", Method: "POST", Path: "/partner/{company_id}/gifts/unlink"}                            // W20

	// Merchant change and regift (issue 10).
	routeSwapMerchant   = giftcard.Route{Op: "Gifts.SwapMerchant", Method: "POST", Path: "/partner/{company_id}/gifts/swap"}              // W21
	routeSelectMerchant = giftcard.Route{Op: "Gifts.SelectMerchant", Method: "POST", Path: "/partner/{company_id}/gifts/select-merchant"} // W22
	routeRegift         = giftcard.Route{Op: "Gifts.Regift", Method: "POST", Path: "/partner/{company_id}/gifts/regift"}                  // W23

	// Redemptions: eGift, Visa card, Zelle (issue 10).
	routeGetEGift            = giftcard.Route{Op: "Redemptions.GetEGift", Method: "GET", Path: "/partner/{company_id}/egifts/{egift_id}"}                  // W24
	routeRedeemEGift         = giftcard.Route{Op: "Redemptions.RedeemEGift", Method: "POST", Path: "/partner/{company_id}/egifts"}                         // W25
	routeGetVisaCard         = giftcard.Route{Op: "Redemptions.GetVisaCard", Method: "GET", Path: "/partner/{company_id}/visa-cards/{visa_card_id}"}       // W26
	routeRedeemVisaCard      = giftcard.Route{Op: "Redemptions.RedeemVisaCard", Method: "POST", Path: "/partner/{company_id}/visa-cards"}                  // W27
	routeZelleAccounts       = giftcard.Route{Op: "Redemptions.ZelleAccounts", Method: "GET", Path: "/partner/{company_id}/zelle/accounts"}                // W28
	routeGetZelleTransaction = giftcard.Route{Op: "Redemptions.GetZelleTransaction", Method: "GET", Path: "/partner/{company_id}/zelle/transactions/{id}"} // W29
	routeRedeemZelle         = giftcard.Route{Op: "Redemptions.RedeemZelle", Method: "POST", Path: "/partner/{company_id}/zelle/transactions"}             // W30
	routeValidateZelleToken  = giftcard.Route{Op: "Redemptions.ValidateZelleToken", Method: "POST", Path: "/partner/{company_id}/zelle/validate"}          // W31

	// Cards, credits and merchant transactions, missing credits (issue 10).
	routeListCards                = giftcard.Route{Op: "Cards.List", Method: "GET", Path: "/partner/{company_id}/cards"}                                       // W32
	routeUnenrollCard             = giftcard.Route{Op: "Cards.Unenroll", Method: "POST", Path: "/partner/{company_id}/cards/unenroll"}                         // W33
	routeListCredits              = giftcard.Route{Op: "Credits.List", Method: "GET", Path: "/partner/{company_id}/credits"}                                   // W34
	routeListMerchantTransactions = giftcard.Route{Op: "Credits.ListMerchantTransactions", Method: "GET", Path: "/partner/{company_id}/merchant-transactions"} // W35
	routeGetMissingCredit         = giftcard.Route{Op: "Credits.GetMissingCredit", Method: "GET", Path: "/partner/{company_id}/missing-credits"}               // W36
	routeRegisterMissingCredit    = giftcard.Route{Op: "Credits.RegisterMissingCredit", Method: "POST", Path: "/partner/{company_id}/missing-credits"}         // W37

	// Webhook configuration.
	routeSetWebhookConfig = giftcard.Route{Op: "Webhooks.SetConfig", Method: "PUT", Path: "/partner/{company_id}/webhooks"}         // W38
	routeGetWebhookConfig = giftcard.Route{Op: "Webhooks.GetConfig", Method: "GET", Path: "/partner/{company_id}/webhooks"}         // W39
	routeWebhookPortal    = giftcard.Route{Op: "Webhooks.PortalLink", Method: "GET", Path: "/partner/{company_id}/webhooks/portal"} // W40
)

// Routes lists every documented operation (40), in the order of Wolfe's
// documentation. Client and wolfetest both build on this table.
func Routes() []giftcard.Route {
	return []giftcard.Route{
		routeListTransactions, routeGetTransaction, routeDeposit, routeBalance,
		routeSubmitMerchant, routeGetSubmission, routeListMerchants, routeGetMerchant, routeListLocations, routeGetLocation,
		routePurchaseGift, routePurchaseManagedGift, routeGetGift, routeGiftEvents, routeClaimGift, routeCancelGift,
		routeCardLinkLog, routeCreateCardLinkSession, routeDeactivateCardLinkSession, routeUnlinkCard,
		routeSwapMerchant, routeSelectMerchant, routeRegift,
		routeGetEGift, routeRedeemEGift, routeGetVisaCard, routeRedeemVisaCard,
		routeZelleAccounts, routeGetZelleTransaction, routeRedeemZelle, routeValidateZelleToken,
		routeListCards, routeUnenrollCard, routeListCredits, routeListMerchantTransactions,
		routeGetMissingCredit, routeRegisterMissingCredit,
		routeSetWebhookConfig, routeGetWebhookConfig, routeWebhookPortal,
	}
}
