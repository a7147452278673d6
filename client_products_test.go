package giftcard_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/giftcardtest"
)

func TestQualifiedID(t *testing.T) {
	for _, tc := range []struct{ name, id string }{
		{"hubble", "01GMMNJECTDZAG2YS61K58HVG8"},
		{"hubble-backup", "01GMMNJECTDZAG2YS61K58HVG8"},
		{"orbt", "urn:brand:7"}, // a provider id with ':' comes back whole
		{"a", ":"},
	} {
		q := giftcard.QualifiedID(tc.name, tc.id)
		name, id, err := giftcard.ParseQualifiedID(q)
		if err != nil || name != tc.name || id != tc.id {
			t.Errorf("%q → %q, %q, %v; want %q, %q", q, name, id, err, tc.name, tc.id)
		}
	}
	for _, bad := range []string{"", "plain-id", ":id", "name:"} {
		var ve *giftcard.ValidationError
		if _, _, err := giftcard.ParseQualifiedID(bad); !errors.As(err, &ve) || ve.Field != "productId" {
			t.Errorf("ParseQualifiedID(%q) = %v", bad, err)
		}
	}
}

func TestNewClientRefusesAmbiguousNames(t *testing.T) {
	for _, name := range []string{"", "hub:ble"} {
		_, err := giftcard.NewClient(giftcardtest.NewFake(giftcardtest.WithName(name)))
		var ve *giftcard.ValidationError
		if !errors.As(err, &ve) || ve.Field != "providers[0]" {
			t.Errorf("name %q: %v", name, err)
		}
	}
	if _, err := giftcard.NewClient(giftcard.Named("x:y", giftcardtest.NewFake())); err == nil {
		t.Error("Named with ':' accepted")
	}
	if _, err := giftcard.NewClient(giftcard.Named("backup", nil)); err == nil {
		t.Error("Named nil accepted")
	}
}

func TestNamedRegistersASecondAccount(t *testing.T) {
	primary := giftcardtest.NewFake(giftcardtest.WithName("hubble"))
	backup := giftcardtest.NewFake(giftcardtest.WithName("hubble"))
	if _, err := giftcard.NewClient(primary, backup); err == nil {
		t.Fatal("two providers named hubble accepted")
	}
	c, err := giftcard.NewClient(primary, giftcard.Named("hubble-backup", giftcard.Named("ignored", backup)))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Providers(); !slices.Equal(got, []string{"hubble", "hubble-backup"}) {
		t.Errorf("Providers = %v", got)
	}
	if p, ok := c.Provider("hubble-backup"); !ok || p != backup {
		t.Errorf("Provider(hubble-backup) = %v; want the Fake itself", p)
	}
	w, err := c.Wallet("hubble-backup")
	if err != nil || w != backup {
		t.Fatalf("Wallet(hubble-backup) = %v, %v", w, err)
	}
	if _, err := c.Orders("hubble-backup"); err != nil {
		t.Error(err)
	}
	if got := giftcard.Named("n", backup).Name(); got != "n" {
		t.Errorf("Named.Name = %q", got)
	}
}

func productFake(name string, ids ...string) *giftcardtest.Fake {
	var ps []giftcard.Product
	for _, id := range ids {
		ps = append(ps, giftcard.Product{ID: id, Name: strings.ToUpper(id), Status: giftcard.ProductActive,
			DenominationType: giftcard.DenominationFlexible})
	}
	return giftcardtest.NewFake(giftcardtest.WithName(name), giftcardtest.WithProducts(ps...), giftcardtest.WithPageSize(2))
}

func TestClientProducts(t *testing.T) {
	a := productFake("a", "x", "y", "z")
	b := productFake("b", "x") // the same provider id as a's x
	c, err := giftcard.NewClient(b, giftsOnly{giftcardtest.NewFake()}, giftcard.Named("a2", a))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for p, err := range c.Products(t.Context(), giftcard.ProductQuery{}) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, p.Provider+" "+p.ID+" "+p.Name)
	}
	want := []string{"a2 a2:x X", "a2 a2:y Y", "a2 a2:z Z", "b b:x X"}
	if !slices.Equal(got, want) {
		t.Errorf("Products = %q\nwant %q", got, want)
	}

	p, err := c.GetProduct(t.Context(), "b:x")
	if err != nil || p.ID != "b:x" || p.Provider != "b" {
		t.Errorf("GetProduct(b:x) = %+v, %v", p, err)
	}
	var ve *giftcard.ValidationError
	if _, err := c.GetProduct(t.Context(), "x"); !errors.As(err, &ve) {
		t.Errorf("unqualified: %v", err)
	}
	var pe *giftcard.ProviderError
	if _, err := c.GetProduct(t.Context(), "a2:nope"); !errors.Is(err, giftcard.ErrNotFound) || !errors.As(err, &pe) || pe.Provider != "a2" {
		t.Errorf("unknown product: %v", err)
	}
	if _, err := c.GetProduct(t.Context(), "gifts-only:x"); !errors.Is(err, giftcard.ErrNotSupported) {
		t.Errorf("no catalog: %v", err)
	}
	if _, err := c.GetProduct(t.Context(), "nope:x"); !errors.Is(err, giftcard.ErrNotFound) {
		t.Errorf("no provider: %v", err)
	}
}

func TestClientProductsIsLazy(t *testing.T) {
	a, b := productFake("a", "1", "2", "3", "4"), productFake("b", "1")
	c, err := giftcard.NewClient(a, b)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, err := range c.Products(t.Context(), giftcard.ProductQuery{}) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 2 {
			break
		}
	}
	if a.CallsTo("ListProducts") != 1 || b.CallsTo("ListProducts") != 0 {
		t.Errorf("pages fetched: a %d (want 1), b %d (want 0)", a.CallsTo("ListProducts"), b.CallsTo("ListProducts"))
	}
}

func TestClientProductsGoesOnPastAFailingCatalog(t *testing.T) {
	a, b := productFake("a", "1", "2", "3"), productFake("b", "1")
	a.FailNext("ListProducts", &giftcard.Error{Provider: "a", Kind: giftcard.ErrProviderUnavailable, StatusCode: 503})
	c, err := giftcard.NewClient(giftcard.Named("a0", a), b)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	var errs []error
	for p, err := range c.Products(t.Context(), giftcard.ProductQuery{}) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		got = append(got, p.ID)
	}
	var pe *giftcard.ProviderError
	if len(errs) != 1 || !errors.As(errs[0], &pe) || pe.Provider != "a0" || pe.Op != "Products" || !errors.Is(errs[0], giftcard.ErrProviderUnavailable) {
		t.Errorf("errors = %v; want one ProviderError naming a0", errs)
	}
	if !strings.Contains(errs[0].Error(), "Products from a0") {
		t.Errorf("%q does not name the provider", errs[0])
	}
	if !slices.Equal(got, []string{"b:1"}) {
		t.Errorf("products = %v; want b's", got)
	}

	// Breaking on the error stops the walk.
	a.FailNext("ListProducts", &giftcard.Error{Provider: "a", Kind: giftcard.ErrProviderUnavailable, StatusCode: 503})
	calls := b.CallsTo("ListProducts")
	for _, err := range c.Products(t.Context(), giftcard.ProductQuery{}) {
		if err != nil {
			break
		}
	}
	if b.CallsTo("ListProducts") != calls {
		t.Error("b was read after the caller stopped")
	}
}
