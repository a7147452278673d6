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

// TestValidationBeforeTheNetwork: every input the documentation forbids is
// refused with a *giftcard.ValidationError naming the field, and no request
// reaches the sandbox.
func TestValidationBeforeTheNetwork(t *testing.T) {
	srv := newSandbox(t)
	c := client(t, srv)
	purchase := func(change func(*wolfe.PurchaseRequest)) func(ctx context.Context) error {
		return func(ctx context.Context) error {
			r := purchase25()
			change(&r)
			_, err := c.Gifts.Purchase(ctx, r)
			return err
		}
	}
	deposit := func(change func(*wolfe.DepositRequest)) func(ctx context.Context) error {
		return func(ctx context.Context) error {
			r := wolfe.DepositRequest{Amount: usd("100"), PaymentMethod: wolfe.PaymentACH}
			change(&r)
			_, err := c.Funding.Deposit(ctx, r)
			return err
		}
	}
	submit := func(change func(*wolfe.SubmissionRequest)) func(ctx context.Context) error {
		return func(ctx context.Context) error {
			r := jimsPizza()
			change(&r)
			_, err := c.Merchants.Submit(ctx, r)
			return err
		}
	}
	ignore := func(_ any, err error) error { return err }
	day := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name, field string
		call        func(ctx context.Context) error
	}{
		{"gift below 5.00", "amount", purchase(func(r *wolfe.PurchaseRequest) { r.Amount = usd("4.99") })},
		{"gift above 100.00", "amount", purchase(func(r *wolfe.PurchaseRequest) { r.Amount = usd("100.01") })},
		{"gift not a whole cent", "amount", purchase(func(r *wolfe.PurchaseRequest) { r.Amount = usd("10.005") })},
		{"gift in euros", "amount", purchase(func(r *wolfe.PurchaseRequest) { r.Amount = giftcard.MustParseMoney("25", "EUR") })},
		{"gift without amount", "amount", purchase(func(r *wolfe.PurchaseRequest) { r.Amount = giftcard.Money{} })},
		{"reference over 255", "reference_id", purchase(func(r *wolfe.PurchaseRequest) { r.ReferenceID = strings.Repeat("r", 256) })},
		{"reference with a newline", "reference_id", purchase(func(r *wolfe.PurchaseRequest) { r.ReferenceID = "ref\n1" })},
		{"reference blank", "reference_id", purchase(func(r *wolfe.PurchaseRequest) { r.ReferenceID = "   " })},
		{"no merchant", "merchant_id", purchase(func(r *wolfe.PurchaseRequest) { r.MerchantID = "" })},
		{"merchant not a UUID", "merchant_id", purchase(func(r *wolfe.PurchaseRequest) { r.MerchantID = "12345" })},
		{"no recipient", "email", purchase(func(r *wolfe.PurchaseRequest) { r.Email = "" })},
		{"bad email", "email", purchase(func(r *wolfe.PurchaseRequest) { r.Email = "John <john@example.com>" })},
		{"mobile of 10 digits", "mobile_number", purchase(func(r *wolfe.PurchaseRequest) { r.Email, r.MobileNumber = "", "1234567890" })},
		{"mobile of 12 digits", "mobile_number", purchase(func(r *wolfe.PurchaseRequest) { r.MobileNumber = "123424353467" })},
		{"mobile with a plus", "mobile_number", purchase(func(r *wolfe.PurchaseRequest) { r.MobileNumber = "+1234567890" })},
		{"message over 1000", "message", purchase(func(r *wolfe.PurchaseRequest) { r.Message = strings.Repeat("m", 1001) })},
		{"managed: recipient id over 255", "client_recipient_id", func(ctx context.Context) error {
			return ignore(c.Gifts.PurchaseManaged(ctx, wolfe.ManagedPurchaseRequest{Amount: usd("10"), MerchantID: wolfetest.AmazonID,
				ClientRecipientID: strings.Repeat("x", 256)}))
		}},
		{"managed: amount", "amount", func(ctx context.Context) error {
			return ignore(c.Gifts.PurchaseManaged(ctx, wolfe.ManagedPurchaseRequest{Amount: usd("100000"), MerchantID: wolfetest.AmazonID}))
		}},
		{"deposit method unknown", "payment_method", deposit(func(r *wolfe.DepositRequest) { r.PaymentMethod = "PAYPAL" })},
		{"deposit method missing", "payment_method", deposit(func(r *wolfe.DepositRequest) { r.PaymentMethod = "" })},
		{"deposit comment over 250", "comment", deposit(func(r *wolfe.DepositRequest) { r.Comment = strings.Repeat("c", 251) })},
		{"deposit negative", "amount", deposit(func(r *wolfe.DepositRequest) { r.Amount = usd("-1") })},
		{"deposit not a whole cent", "amount", deposit(func(r *wolfe.DepositRequest) { r.Amount = usd("1.001") })},
		{"transaction status unknown", "status", func(ctx context.Context) error {
			return ignore(c.Funding.ListTransactions(ctx, wolfe.TransactionQuery{Status: "APPROVED"}))
		}},
		{"negative limit", "limit", func(ctx context.Context) error {
			return ignore(c.Funding.ListTransactions(ctx, wolfe.TransactionQuery{Limit: -1}))
		}},
		{"period ends before it starts", "to_date", func(ctx context.Context) error {
			return ignore(c.Merchants.List(ctx, wolfe.MerchantQuery{FromDate: day, ToDate: day.AddDate(0, 0, -1)}))
		}},
		{"merchant name of one character", "name", func(ctx context.Context) error {
			return ignore(c.Merchants.List(ctx, wolfe.MerchantQuery{Name: "A"}))
		}},
		{"all merchants, name of one character", "name", func(ctx context.Context) error {
			for _, err := range c.Merchants.All(ctx, wolfe.MerchantQuery{Name: "A"}) {
				return err
			}
			return nil
		}},
		{"location merchant with a control character", "merchant_id", func(ctx context.Context) error {
			return ignore(c.Merchants.ListLocations(ctx, wolfe.LocationQuery{MerchantID: "a\x00b"}))
		}},
		{"gift id empty", "gift_id", func(ctx context.Context) error { return ignore(c.Gifts.Get(ctx, "")) }},
		{"gift reference with a control character", "reference_id", func(ctx context.Context) error {
			return ignore(c.Gifts.GetByReference(ctx, "ref\x7f"))
		}},
		{"gift id invalid UTF-8", "gift_id", func(ctx context.Context) error { return ignore(c.Gifts.Events(ctx, "\xff\xfe")) }},
		{"transaction id '..'", "id", func(ctx context.Context) error { return ignore(c.Funding.GetTransaction(ctx, "..")) }},
		{"claim without recipient", "client_recipient_id", func(ctx context.Context) error {
			return c.Gifts.Claim(ctx, wolfe.ClaimRequest{GiftID: wolfetest.ExampleGiftID})
		}},
		{"cancel without gift", "gift_id", func(ctx context.Context) error { return c.Gifts.Cancel(ctx, "") }},
		{"webhook event unknown", "events[1]", func(ctx context.Context) error {
			return c.Webhooks.SetConfig(ctx, wolfe.WebhookConfig{Events: []wolfe.WebhookEventName{wolfe.WebhookGiftUpdate, "ORDER_UPDATE"}})
		}},
		{"webhook URL not http", "callback_url", func(ctx context.Context) error {
			return c.Webhooks.SetConfig(ctx, wolfe.WebhookConfig{CallbackURL: "ftp://partner.example.com"})
		}},
		{"submission phone of 10 digits", "phone_number", submit(func(r *wolfe.SubmissionRequest) { r.PhoneNumber = "5552341234" })},
		{"submission email", "email", submit(func(r *wolfe.SubmissionRequest) { r.Email = "jim@" })},
		{"submission without address", "address", submit(func(r *wolfe.SubmissionRequest) { r.Address = wolfe.Address{} })},
		{"submission name over 255", "business_name", submit(func(r *wolfe.SubmissionRequest) { r.BusinessName = strings.Repeat("b", 256) })},
		{"submission website", "website", submit(func(r *wolfe.SubmissionRequest) { r.Website = "jimspizza" })},
		{"submission image not base64", "image", submit(func(r *wolfe.SubmissionRequest) { r.Image = "data:image/png;base64,***" })},
		{"submission image over 2 MB", "image", submit(func(r *wolfe.SubmissionRequest) {
			r.Image = strings.Repeat("AAAA", (wolfe.MaxImageBytes/3)+2)
		})},
		{"order of two items", "items", func(ctx context.Context) error {
			return ignore(c.PlaceOrder(ctx, giftcard.OrderRequest{ProductID: wolfetest.AmazonID,
				Items: []giftcard.OrderItem{{Denomination: usd("10"), Quantity: 1}, {Denomination: usd("20"), Quantity: 1}}}))
		}},
		{"order of quantity 2", "items", func(ctx context.Context) error {
			return ignore(c.PlaceOrder(ctx, giftcard.OrderRequest{ProductID: wolfetest.AmazonID,
				Items: []giftcard.OrderItem{{Denomination: usd("10"), Quantity: 2}}}))
		}},
		{"portable gift not a whole cent", "amount", func(ctx context.Context) error {
			return ignore(c.IssueGift(ctx, giftcard.GiftRequest{ProductID: wolfetest.AmazonID, Amount: usd("10.005"),
				Recipient: giftcard.Recipient{Email: "a@example.com"}}))
		}},
		{"catalog search of one character", "name", func(ctx context.Context) error {
			for _, err := range c.ListProducts(ctx, giftcard.ProductQuery{Search: "x"}) {
				return err
			}
			return nil
		}},
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

// TestAmountsAreBareIntegers: what the client sends is integer cents, not
// 1000.0 or "1000" (the sandbox refuses both), for every money field.
func TestAmountsAreBareIntegers(t *testing.T) {
	srv := newSandbox(t)
	c := client(t, srv)
	ctx := t.Context()
	if _, err := c.Gifts.Purchase(ctx, wolfe.PurchaseRequest{Amount: giftcard.MustParseMoney("10.50", "usd"),
		MerchantID: wolfetest.AmazonID, MobileNumber: "12345476890"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Funding.Deposit(ctx, wolfe.DepositRequest{Amount: usd("0"), PaymentMethod: wolfe.PaymentCheck}); err != nil {
		t.Fatal(err)
	}
	reqs := srv.Requests()
	if !strings.Contains(string(reqs[0].Body), `"amount":1050,`) || !strings.Contains(string(reqs[1].Body), `"amount":0,`) {
		t.Errorf("bodies %s / %s", reqs[0].Body, reqs[1].Body)
	}
}
