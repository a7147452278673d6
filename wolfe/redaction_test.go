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
	})
}

func TestSandboxRedacted(t *testing.T) {
	srv := newSandbox(t, wolfetest.WithCredentials("sandbox-key-0123456789", wolfetest.CompanyID),
		wolfetest.WithWebhookSecret("sandbox-hook-0123456789"))
	kittest.AssertPackageRedacted(t, "wolfetest", map[string]kittest.RedactionCase{
		"Server":   {Value: srv, Secrets: []string{"sandbox-key-0123456789", "sandbox-hook-0123456789"}},
		"Option":   {NoSecret: "a function"},
		"Fault":    {NoSecret: "a misbehaviour to inject"},
		"Delivery": {NoSecret: "a posted webhook; its signature is the sandbox's own test signature"},
	})
}
