package wolfe_test

import (
	"testing"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/wolfe"
	"github.com/giftcard-go/giftcard/wolfe/wolfetest"
)

func TestMerchantCatalog(t *testing.T) {
	srv := newSandbox(t, wolfetest.WithMerchants(wolfetest.DefaultMerchants))
	c := client(t, srv)
	ctx := t.Context()
	seen := map[string]bool{}
	for m, err := range c.Merchants.All(ctx, wolfe.MerchantQuery{Limit: 50}) {
		if err != nil {
			t.Fatal(err)
		}
		if seen[m.ID] {
			t.Fatalf("merchant %s twice", m.ID)
		}
		seen[m.ID] = true
		if m.Name == "" || m.MinGift.Currency != "USD" || len(m.RedemptionMethods) == 0 || m.DateCreated.T.IsZero() {
			t.Fatalf("merchant %+v", m)
		}
	}
	if len(seen) != srv.MerchantCount() || len(seen) != wolfetest.DefaultMerchants+2 {
		t.Fatalf("walked %d merchants of %d", len(seen), srv.MerchantCount())
	}
	// Stopping the range stops fetching.
	before := srv.Journal().Len()
	for range c.Merchants.All(ctx, wolfe.MerchantQuery{Limit: 10}) {
		break
	}
	if n := srv.Journal().Len() - before; n != 1 {
		t.Errorf("stopping after one merchant fetched %d pages", n)
	}
	// Searching by name, as the documentation's "Amaz".
	p, err := c.Merchants.List(ctx, wolfe.MerchantQuery{Name: "Amaz"})
	if err != nil || len(p.Items) != 1 || p.Items[0].ID != wolfetest.AmazonID || !p.Items[0].Redeemable(wolfe.RedeemEGift) {
		t.Fatalf("Amaz: %+v %v", p, err)
	}
	cfg := p.Items[0].RedemptionMethods[0].Config
	if !cfg.Min.Equal(usd("10")) || !cfg.Max.Equal(usd("50")) {
		t.Errorf("EGIFT range %s..%s", cfg.Min, cfg.Max)
	}
	national := false
	p, err = c.Merchants.List(ctx, wolfe.MerchantQuery{National: &national, Limit: 500})
	if err != nil || len(p.Items) == 0 {
		t.Fatal(err)
	}
	for _, m := range p.Items {
		if m.IsNational {
			t.Fatalf("national merchant %s among the others", m.Name)
		}
	}
}

func TestLocations(t *testing.T) {
	srv := newSandbox(t)
	c := client(t, srv)
	ctx := t.Context()
	m, err := c.Merchants.Get(ctx, wolfetest.DunkinID)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for l, err := range c.Merchants.Locations(ctx, wolfe.LocationQuery{MerchantID: m.ID, Limit: 5}) {
		if err != nil {
			t.Fatal(err)
		}
		if l.MerchantID != m.ID || l.Address.AddressLine1 == "" {
			t.Fatalf("location %+v", l)
		}
		n++
	}
	if n != m.LocationsCount || n != 27 {
		t.Errorf("%d locations, the merchant says %d", n, m.LocationsCount)
	}
	l, err := c.Merchants.GetLocation(ctx, wolfetest.ExampleLocationID)
	if err != nil || l.Address.Locality != "London" || l.DateCreated.Raw != "2022-25-10" {
		t.Fatalf("%+v %v", l, err)
	}
}

func TestSubmission(t *testing.T) {
	srv := newSandbox(t)
	c := client(t, srv)
	ctx := t.Context()
	r := jimsPizza()
	r.Website = "https://jimspizza.example"
	r.Image = "data:image/png;base64,iVBORw0KGgo="
	res, err := c.Merchants.Submit(ctx, r)
	if err != nil || res.MerchantID == "" {
		t.Fatalf("%+v %v", res, err)
	}
	s, err := c.Merchants.GetSubmission(ctx, res.MerchantID)
	if err != nil || s.Status != wolfe.SubmissionPending || s.DateSubmitted.T.IsZero() || !s.DateAccepted.IsZero() {
		t.Fatalf("%+v %v", s, err)
	}
}

func TestCatalogAsProducts(t *testing.T) {
	srv := newSandbox(t)
	c := client(t, srv)
	ctx := t.Context()
	p, err := c.GetProduct(ctx, wolfetest.DunkinID)
	if err != nil {
		t.Fatal(err)
	}
	// Dunkin's 1.00..99.99 narrowed to the purchase bounds 5.00..100.00.
	if p.Provider != "wolfe" || !p.MinValue.Equal(usd("5")) || !p.MaxValue.Equal(usd("99.99")) ||
		p.DenominationType != giftcard.DenominationFlexible || !p.Active() || len(p.Raw) == 0 {
		t.Errorf("%+v", p)
	}
	if len(p.Categories) != 2 || p.Categories[0] != "CARD_LINK" || p.Categories[1] != wolfe.CategoryNational {
		t.Errorf("categories %v", p.Categories)
	}
	count := func(q giftcard.ProductQuery) int {
		n := 0
		for p, err := range c.ListProducts(ctx, q) {
			if err != nil {
				t.Fatal(err)
			}
			for _, cat := range p.Categories {
				if q.Category != "" && cat == q.Category {
					n++
				}
			}
			if q.Category == "" {
				n++
			}
		}
		return n
	}
	all, national, egift := count(giftcard.ProductQuery{}), count(giftcard.ProductQuery{Category: "NATIONAL"}), count(giftcard.ProductQuery{Category: "EGIFT"})
	if all != srv.MerchantCount() || national == 0 || national >= all || egift == 0 || egift >= all {
		t.Errorf("all %d, national %d, EGIFT %d", all, national, egift)
	}
	// A merchant whose limits leave no purchasable amount is inactive.
	m := wolfe.Merchant{ID: "x", MinGift: usd("1"), MaxGift: usd("4")}
	if c.Product(m).Active() {
		t.Error("a merchant selling up to 4.00 is active")
	}
}
