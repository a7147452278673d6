package giftcard_test

import (
	"errors"
	"net/http"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/giftcardtest"
	"github.com/giftcard-go/giftcard/hubble/hubbletest"
)

func TestClientBalances(t *testing.T) {
	inr := giftcardtest.NewFake(giftcardtest.WithName("a"), giftcardtest.WithBalance(giftcard.MustParseMoney("100.50", "INR")))
	inr2 := giftcardtest.NewFake(giftcardtest.WithName("a"), giftcardtest.WithBalance(giftcard.MustParseMoney("20", "INR")))
	usd := giftcardtest.NewFake(giftcardtest.WithName("c"), giftcardtest.WithBalance(giftcard.MustParseMoney("7.25", "USD")))
	broken := giftcardtest.NewFake(giftcardtest.WithName("d"))
	broken.FailNext("GetBalance", &giftcard.Error{Provider: "d", Kind: giftcard.ErrUnauthorized, StatusCode: 401})
	c, err := giftcard.NewClient(inr, giftcard.Named("b", inr2), usd, broken, giftsOnly{giftcardtest.NewFake()})
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.Balances(t.Context())
	var pe *giftcard.ProviderError
	if !errors.Is(err, giftcard.ErrUnauthorized) || !errors.As(err, &pe) || pe.Provider != "d" || pe.Op != "Balances" {
		t.Errorf("err = %v; want d's failure, named", err)
	}
	want := []giftcard.ProviderBalance{
		{Provider: "a", Balance: giftcard.MustParseMoney("100.50", "INR")},
		{Provider: "b", Balance: giftcard.MustParseMoney("20", "INR")},
		{Provider: "c", Balance: giftcard.MustParseMoney("7.25", "USD")},
	}
	if len(got) != len(want) {
		t.Fatalf("balances = %v; want %v", got, want)
	}
	for i := range want {
		if got[i].Provider != want[i].Provider || !got[i].Balance.Equal(want[i].Balance) {
			t.Errorf("balances[%d] = %v; want %v", i, got[i], want[i])
		}
	}
	totals := giftcard.TotalsByCurrency(got)
	if len(totals) != 2 || !totals["INR"].Equal(giftcard.MustParseMoney("120.50", "INR")) || !totals["USD"].Equal(giftcard.MustParseMoney("7.25", "USD")) {
		t.Errorf("totals = %v", totals)
	}

	// Everyone answers: no error.
	if got, err := c.Balances(t.Context()); err != nil || len(got) != 4 {
		t.Errorf("second read: %v, %v", got, err)
	}
}

func TestClientBalancesOfTwoHubbleAccounts(t *testing.T) {
	primary, backup, c := twoAccounts(t, giftcard.BreakerPolicy{})
	primary.srv.SetBalance(decimal.NewFromInt(100))
	backup.srv.InjectFault(hubbletest.Fault{Path: "/v1/partners/wallet/balance", Status: http.StatusInternalServerError, Times: -1})
	got, err := c.Balances(t.Context())
	var pe *giftcard.ProviderError
	if !errors.As(err, &pe) || pe.Provider != "hubble-backup" || !errors.Is(err, giftcard.ErrProviderUnavailable) {
		t.Errorf("err = %v; want hubble-backup's failure", err)
	}
	if len(got) != 1 || got[0].Provider != "hubble" || !got[0].Balance.Equal(giftcard.MustParseMoney("100", "INR")) {
		t.Errorf("balances = %v; want the primary's 100 INR", got)
	}
}
