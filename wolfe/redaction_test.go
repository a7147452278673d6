package wolfe_test

import (
	"testing"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/kittest"
	"github.com/giftcard-go/giftcard/wolfe"
	"github.com/giftcard-go/giftcard/wolfe/wolfetest"
)

// TestPackageRedacted: every exported type either prints no secret it
// holds, under every fmt verb and slog handler, or says why it holds none.
func TestPackageRedacted(t *testing.T) {
	const key, hookSecret = "partner-key-0123456789", "webhook-secret-0123456789"
	cfg := wolfe.Config{PartnerKey: key, CompanyID: wolfetest.CompanyID, TenantID: "tenant-1", BaseURL: "https://wolfe.example"}
	c, err := wolfe.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	sig := wolfe.SignatureConfig{Secrets: []giftcard.Secret{hookSecret}}
	data := "Wolfe's data about gifts, merchants and transactions; no credential"
	kittest.AssertPackageRedacted(t, ".", map[string]kittest.RedactionCase{
		"Config":           {Value: cfg, Secrets: []string{key}},
		"Client":           {Value: c, Secrets: []string{key}},
		"FundingService":   {Value: c.Funding, Secrets: []string{key}},
		"MerchantsService": {Value: c.Merchants, Secrets: []string{key}},
		"GiftsService":     {Value: c.Gifts, Secrets: []string{key}},
		"WebhooksService":  {Value: c.Webhooks, Secrets: []string{key}},
		"SignatureConfig":  {Value: sig, Secrets: []string{hookSecret}},
		"WebhookOptions":   {Value: wolfe.WebhookOptions{Signature: &sig, Refetch: c}, Secrets: []string{key, hookSecret}},

		"Address": {NoSecret: data}, "Balance": {NoSecret: data}, "ClaimRequest": {NoSecret: data},
		"CodeInfo": {NoSecret: "an error kind"}, "Deposit": {NoSecret: data}, "DepositRequest": {NoSecret: data},
		"ErrorResponse": {NoSecret: "Wolfe's error body, which carries no credential"}, "EventMetadata": {NoSecret: data},
		"EventType": {NoSecret: "a name"}, "Gift": {NoSecret: data}, "GiftEvent": {NoSecret: data}, "GiftStatus": {NoSecret: "a name"},
		"GiftUpdate": {NoSecret: data}, "Location": {NoSecret: data}, "LocationQuery": {NoSecret: "filters"},
		"ManagedPurchaseRequest": {NoSecret: data}, "Merchant": {NoSecret: data}, "MerchantQuery": {NoSecret: "filters"},
		"MerchantSubmission": {NoSecret: data}, "MerchantUpdate": {NoSecret: data}, "Page": {NoSecret: data},
		"Pagination": {NoSecret: "counts"}, "PaymentMethod": {NoSecret: "a name"}, "PortalLink": {NoSecret: "a URL"},
		"PurchaseRequest": {NoSecret: data}, "PurchaseResult": {NoSecret: data}, "RedemptionConfig": {NoSecret: data},
		"RedemptionDetails": {NoSecret: "ids"}, "RedemptionInfo": {NoSecret: "ids"}, "RedemptionMethod": {NoSecret: data},
		"RedemptionMethodName": {NoSecret: "a name"}, "SignatureEncoding": {NoSecret: "an enum"},
		"SubmissionRequest": {NoSecret: data}, "SubmissionResult": {NoSecret: data}, "SubmissionStatus": {NoSecret: "a name"},
		"Time": {NoSecret: "a date"}, "Transaction": {NoSecret: data}, "TransactionQuery": {NoSecret: "filters"},
		"TransactionStatus": {NoSecret: "a name"}, "TransactionUpdate": {NoSecret: data}, "WebhookConfig": {NoSecret: "a URL and event names"},
		"WebhookEvent":     {NoSecret: data},
		"WebhookEventName": {NoSecret: "a name"},

		// Wolfe II.
		"CardLinksService":   {Value: c.CardLinks, Secrets: []string{key}},
		"RedemptionsService": {Value: c.Redemptions, Secrets: []string{key}},
		"CardsService":       {Value: c.Cards, Secrets: []string{key}},
		"CreditsService":     {Value: c.Credits, Secrets: []string{key}},
		"EGift": {Value: wolfe.EGift{ID: "e-1", Amount: usd("10"), Code: "3CKL-KTQE22-MZAH", PIN: "12312321",
			Raw: []byte(`{"egift_id":"e-1","code":"3CKL-KTQE22-MZAH","pin":"12312321"}`)}, Secrets: []string{"3CKL-KTQE22-MZAH", "12312321"}},
		"Card":                {NoSecret: "a card's last four digits and expiry, never its number"},
		"CardLinkAttempt":     {NoSecret: data},
		"CardLinkLogQuery":    {NoSecret: "filters"},
		"CardLinkSession":     {NoSecret: "a session id, which only opens Wolfe's enrolment page for the recipient"},
		"CardLinkStatus":      {NoSecret: "a name"},
		"CardQuery":           {NoSecret: "filters"},
		"Credit":              {NoSecret: data},
		"CreditQuery":         {NoSecret: "filters"},
		"CreditStatus":        {NoSecret: "a name"},
		"CreditedGift":        {NoSecret: data},
		"MerchantTransaction": {NoSecret: data}, "MerchantTransactionQuery": {NoSecret: "filters"},
		"MissingCredit": {NoSecret: data}, "MissingCreditRequest": {NoSecret: data}, "MissingCreditStatus": {NoSecret: "a name"},
		"Redemption":    {NoSecret: "ids and amounts; an eGift's code is only in EGift"},
		"RegiftRequest": {NoSecret: data}, "SelectMerchantRequest": {NoSecret: data}, "SwapRequest": {NoSecret: data},
		"UnenrollRequest": {NoSecret: data}, "UnenrollResult": {NoSecret: "gift ids"},
		"VisaCard":          {NoSecret: "a Visa card request: the card's last four digits, never its number or PIN"},
		"VisaRequest":       {NoSecret: "a name and a shipping address"},
		"ZelleAccount":      {NoSecret: "a Zelle token is the recipient's email or phone, an address not a credential"},
		"ZelleAccountQuery": {NoSecret: "filters"}, "ZelleRequest": {NoSecret: "a gift, a Zelle account and an address"},
		"ZelleToken": {NoSecret: "a Zelle token and a name"}, "ZelleTokenRequest": {NoSecret: "a Zelle token"},
		"ZelleTokenType": {NoSecret: "a name"}, "ZelleTransaction": {NoSecret: data},
	})
}

func TestSandboxRedacted(t *testing.T) {
	srv := newSandbox(t, wolfetest.WithCredentials("sandbox-key-0123456789", wolfetest.CompanyID),
		wolfetest.WithWebhookSecret("sandbox-hook-0123456789"))
	kittest.AssertPackageRedacted(t, "wolfetest", map[string]kittest.RedactionCase{
		"Server":      {Value: srv, Secrets: []string{"sandbox-key-0123456789", "sandbox-hook-0123456789"}},
		"Option":      {NoSecret: "a function"},
		"Fault":       {NoSecret: "a misbehaviour to inject"},
		"Delivery":    {NoSecret: "a posted webhook; its signature is the sandbox's own test signature"},
		"TestCard":    {NoSecret: "a test card's last four digits"},
		"CardPayment": {NoSecret: "a simulated purchase"}, "Payment": {NoSecret: "ids and an amount"},
		"Fee": {NoSecret: "an amount"}, "Counts": {NoSecret: "counts"},
	})
}
