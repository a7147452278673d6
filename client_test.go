package giftcard_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/giftcardtest"
)

// giftsOnly is a provider with Gifts and nothing else, as ORBT is.
type giftsOnly struct{ giftcard.Gifts }

func (giftsOnly) Name() string { return "gifts-only" }

func TestNewClient(t *testing.T) {
	a := giftcardtest.NewFake(giftcardtest.WithName("a"))
	g := giftsOnly{giftcardtest.NewFake()}
	c, err := giftcard.NewClient(a, g)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Providers(); !slices.Equal(got, []string{"a", "gifts-only"}) {
		t.Errorf("Providers = %v", got)
	}
	if p, ok := c.Provider("a"); !ok || p != a {
		t.Errorf("Provider(a) = %v, %v", p, ok)
	}
	if _, ok := c.Provider("b"); ok {
		t.Error("Provider(b) found")
	}
	empty, err := giftcard.NewClient()
	if err != nil || len(empty.Providers()) != 0 {
		t.Errorf("empty client: %v, %v", empty, err)
	}
}

func TestNewClientRefuses(t *testing.T) {
	_, err := giftcard.NewClient(giftcardtest.NewFake(), giftcardtest.NewFake())
	var ve *giftcard.ValidationError
	if !errors.As(err, &ve) || ve.Field != "providers" || !strings.Contains(err.Error(), `"fake"`) || !errors.Is(err, giftcard.ErrInvalidRequest) {
		t.Errorf("two providers named fake: %v", err)
	}
	if _, err := giftcard.NewClient(giftcardtest.NewFake(), nil); !errors.As(err, &ve) {
		t.Errorf("nil provider: %v", err)
	}
}

func TestClientCapabilities(t *testing.T) {
	ctx := t.Context()
	fake := giftcardtest.NewFake()
	c, err := giftcard.NewClient(fake, giftsOnly{giftcardtest.NewFake(giftcardtest.WithName("inner"))})
	if err != nil {
		t.Fatal(err)
	}

	cat, err := c.Catalog("fake")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cat.GetProduct(ctx, "fake-books"); err != nil {
		t.Errorf("Catalog(fake).GetProduct: %v", err)
	}
	w, err := c.Wallet("fake")
	if err != nil {
		t.Fatal(err)
	}
	if b, err := w.GetBalance(ctx); err != nil || b.Currency != "INR" {
		t.Errorf("Wallet(fake).GetBalance = %v, %v", b, err)
	}
	orders, err := c.Orders("fake")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := orders.GetOrder(ctx, "nope"); !errors.Is(err, giftcard.ErrNotFound) {
		t.Errorf("Orders(fake).GetOrder(nope) = %v", err)
	}
	if _, err := c.Gifts("gifts-only"); err != nil {
		t.Errorf("Gifts(gifts-only): %v", err)
	}

	for what, lookup := range map[string]func() error{
		"Catalog": func() error { _, err := c.Catalog("gifts-only"); return err },
		"Wallet":  func() error { _, err := c.Wallet("gifts-only"); return err },
		"Orders":  func() error { _, err := c.Orders("gifts-only"); return err },
	} {
		err := lookup()
		var ge *giftcard.Error
		if !errors.Is(err, giftcard.ErrNotSupported) || !errors.As(err, &ge) || ge.Provider != "gifts-only" || ge.Op != what {
			t.Errorf("%s(gifts-only) = %v; want ErrNotSupported naming the provider and interface", what, err)
		}
	}
	for _, lookup := range []func() error{
		func() error { _, err := c.Catalog("nope"); return err },
		func() error { _, err := c.Gifts("nope"); return err },
	} {
		if err := lookup(); !errors.Is(err, giftcard.ErrNotFound) {
			t.Errorf("unknown provider: %v; want ErrNotFound", err)
		}
	}
}

func TestClientConcurrentUse(t *testing.T) {
	fake := giftcardtest.NewFake()
	c, err := giftcard.NewClient(fake)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			orders, err := c.Orders("fake")
			if err != nil {
				t.Error(err)
				return
			}
			_, _ = orders.GetOrderByReference(context.Background(), "x")
			_ = c.Providers()
		})
	}
	wg.Wait()
	if got := fake.CallsTo("GetOrderByReference"); got != 16 {
		t.Errorf("%d calls reached the provider, want 16", got)
	}
}

func TestNewClientRefusesATypedNilProvider(t *testing.T) {
	var p *giftcardtest.Fake // as left by an unchecked failed constructor
	_, err := giftcard.NewClient(giftcardtest.NewFake(), p)
	var ve *giftcard.ValidationError
	if !errors.As(err, &ve) || ve.Field != "providers[1]" {
		t.Fatalf("got %v", err)
	}
}

func TestUnknownProviderNameListsTheRegisteredOnes(t *testing.T) {
	c, err := giftcard.NewClient(giftcardtest.NewFake(giftcardtest.WithName("hubble")), giftcardtest.NewFake(giftcardtest.WithName("orbt")))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Orders("Hubble")
	if !errors.Is(err, giftcard.ErrNotFound) || !strings.Contains(err.Error(), "hubble, orbt") || !strings.Contains(err.Error(), `did you mean "hubble"`) {
		t.Fatalf("got %v", err)
	}
}
