package giftcard_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/giftcard-go/giftcard"
)

func inr(s string) giftcard.Money { return giftcard.MustParseMoney(s, "INR") }

func TestOrderRequestTotal(t *testing.T) {
	req := giftcard.OrderRequest{Items: []giftcard.OrderItem{
		{Denomination: inr("500"), Quantity: 2},
		{Denomination: inr("0.10"), Quantity: 3},
	}}
	total, err := req.Total()
	if err != nil || !total.Equal(inr("1000.30")) || total.Currency != "INR" {
		t.Errorf("Total = %v, %v; want 1000.30 INR", total, err)
	}
	if total, err := (giftcard.OrderRequest{}).Total(); err != nil || !total.IsZero() {
		t.Errorf("empty Total = %v, %v", total, err)
	}
	req.Items = append(req.Items, giftcard.OrderItem{Denomination: giftcard.MustParseMoney("5", "USD"), Quantity: 1})
	_, err = req.Total()
	var ve *giftcard.ValidationError
	if !errors.As(err, &ve) || ve.Field != "items[2].denomination" || !strings.Contains(ve.Reason, "USD") {
		t.Errorf("mixed-currency Total = %v; want a ValidationError on items[2].denomination", err)
	}
}

func TestOrderStatusTerminal(t *testing.T) {
	for s, want := range map[giftcard.OrderStatus]bool{
		giftcard.OrderProcessing: false, giftcard.OrderSuccess: true, giftcard.OrderFailed: true,
		giftcard.OrderCancelled: true, giftcard.OrderReversed: true, "QUEUED": false, "": false,
	} {
		if s.Terminal() != want {
			t.Errorf("%q.Terminal() = %v", s, !want)
		}
	}
}

func TestOrderErr(t *testing.T) {
	if err := (giftcard.Order{Status: giftcard.OrderSuccess}).Err(); err != nil {
		t.Errorf("SUCCESS Err = %v", err)
	}
	if err := (giftcard.Order{Status: giftcard.OrderProcessing}).Err(); err != nil {
		t.Errorf("PROCESSING Err = %v", err)
	}
	o := giftcard.Order{Provider: "hubble", ID: "o1", Status: giftcard.OrderFailed, FailureReason: "Insufficient balance",
		FailureKind: giftcard.ErrInsufficientFunds}
	err := fmt.Errorf("buy: %w", o.Err())
	var ge *giftcard.Error
	if !errors.Is(err, giftcard.ErrOrderFailed) || !errors.Is(err, giftcard.ErrInsufficientFunds) || !errors.As(err, &ge) ||
		ge.Provider != "hubble" || !strings.Contains(err.Error(), "Insufficient balance") {
		t.Errorf("FAILED Err = %v", err)
	}
	o.FailureKind = nil
	if err := o.Err(); !errors.Is(err, giftcard.ErrOrderFailed) || !errors.Is(err, giftcard.ErrProviderUnavailable) {
		t.Errorf("FAILED without a kind: %v", err)
	}
}

func TestOrderFormat(t *testing.T) {
	_, o := sampleOrder()
	want := `Order{Provider:hubble ID:01KJA7HBZAPKDN0VVXTVN6R41H ReferenceID:ref-1 ProductID:p1 Status:SUCCESS Amount:500.00 INR ` +
		`Vouchers:[Voucher{ID:v1 CardType:NUMBER_AND_PIN CardNumber:****8104 PIN:**** Amount:500.00 INR ValidTill:2027-02-25}] FailureReason:""}`
	for verb, w := range map[string]string{"%v": want, "%+v": want, "%s": want, "%#v": "giftcard." + want, "%q": fmt.Sprintf("%q", want)} {
		if got := fmt.Sprintf(verb, o); got != w {
			t.Errorf("Sprintf(%s) =\n%s\nwant\n%s", verb, got, w)
		}
	}
}

func TestProductActive(t *testing.T) {
	if !(giftcard.Product{Status: giftcard.ProductActive}).Active() || (giftcard.Product{Status: giftcard.ProductInactive}).Active() ||
		(giftcard.Product{Status: "PAUSED"}).Active() {
		t.Error("Active reports ACTIVE only")
	}
}
