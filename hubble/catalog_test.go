package hubble_test

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/hubble"
	"github.com/giftcard-go/giftcard/hubble/hubbletest"
)

func TestCatalogSize(t *testing.T) {
	srv := sandbox(t)
	brands := srv.Brands()
	if len(brands) < 450+4 {
		t.Fatalf("%d brands", len(brands))
	}
	cats := map[string]int{}
	var fixed, flexible, inactive, deprecated int
	for _, b := range brands {
		for _, c := range b.Category {
			cats[c]++
		}
		switch b.DenominationType {
		case hubble.Fixed:
			fixed++
		case hubble.Flexible:
			flexible++
		}
		if b.Status == hubble.BrandInactive {
			inactive++
		}
		if b.IconImageURL != "" {
			deprecated++
		}
	}
	if len(cats) < 8 || fixed < 100 || flexible < 100 || inactive < 10 || deprecated < 5 {
		t.Fatalf("catalog: %d categories, %d fixed, %d flexible, %d inactive, %d deprecated", len(cats), fixed, flexible, inactive, deprecated)
	}
	// Deterministic: a second sandbox has the same catalog.
	again := sandbox(t).Brands()
	for i := range brands {
		if brands[i].ID != again[i].ID || brands[i].Title != again[i].Title {
			t.Fatalf("brand %d differs between sandboxes", i)
		}
	}
}

func TestBrandsPagesLazily(t *testing.T) {
	srv := sandbox(t)
	c := client(t, srv)
	ctx := t.Context()
	total := len(srv.Brands())
	seen := map[string]bool{}
	for b, err := range c.Brands(ctx, hubble.BrandQuery{Limit: 50}) {
		if err != nil {
			t.Fatal(err)
		}
		if seen[b.ID] {
			t.Fatalf("%s twice", b.ID)
		}
		seen[b.ID] = true
	}
	if len(seen) != total {
		t.Fatalf("walked %d brands, catalog has %d", len(seen), total)
	}
	pages := srv.CountRequests(http.MethodGet, "/v1/partners/products")
	if want := (total + 49) / 50; pages != want {
		t.Fatalf("%d page requests, want %d", pages, want)
	}
	// Stopping early stops fetching.
	n := 0
	for _, err := range c.Brands(ctx, hubble.BrandQuery{Limit: 10}) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 15 {
			break
		}
	}
	if got := srv.CountRequests(http.MethodGet, "/v1/partners/products") - pages; got != 2 {
		t.Fatalf("15 brands of 10 per page took %d requests, want 2", got)
	}
	// Query parameters go out as documented.
	var last hubbletest.Entry
	for _, e := range srv.Requests() {
		if e.Path == "/v1/partners/products" {
			last = e
		}
	}
	q, _ := url.ParseQuery(last.Query)
	if q.Get("pageNo") != "2" || q.Get("limit") != "10" {
		t.Fatalf("query %q", last.Query)
	}
}

func TestSearchAndCategory(t *testing.T) {
	srv := sandbox(t)
	c := client(t, srv)
	ctx := t.Context()
	var found []giftcard.Product
	for p, err := range c.ListProducts(ctx, giftcard.ProductQuery{Search: "flipkart"}) {
		if err != nil {
			t.Fatal(err)
		}
		found = append(found, p)
	}
	if len(found) != 1 || found[0].ID != hubbletest.FlipkartID || found[0].Name != "Flipkart" {
		t.Fatalf("search flipkart: %v", found)
	}
	p := found[0]
	if p.Provider != "hubble" || p.DenominationType != giftcard.DenominationFixed || len(p.Denominations) != 6 ||
		!p.Denominations[2].Equal(inr("500")) || p.Status != giftcard.ProductActive || p.ImageURL == "" || len(p.Raw) == 0 {
		t.Fatalf("product %+v", p)
	}
	n := 0
	for p, err := range c.ListProducts(ctx, giftcard.ProductQuery{Category: "FOOD", PageSize: 7}) {
		if err != nil {
			t.Fatal(err)
		}
		if !containsFold(p.Categories, "FOOD") {
			t.Fatalf("%s is not FOOD: %v", p.Name, p.Categories)
		}
		n++
	}
	if n < 30 {
		t.Fatalf("%d FOOD brands", n)
	}
	page, err := c.BrandsPage(ctx, hubble.BrandQuery{Category: "food", PageNo: 1, Limit: 5})
	if err != nil || len(page.Data) != 5 || page.NextCursor == nil || page.NextCursor.PageNo != 2 || page.NextCursor.Limit != 5 {
		t.Fatalf("page: %+v %v", page.NextCursor, err)
	}
	all, err := c.BrandsPage(ctx, hubble.BrandQuery{})
	if err != nil || len(all.Data) != len(srv.Brands()) || all.NextCursor != nil {
		t.Fatalf("no pageNo: %d brands, cursor %v, %v", len(all.Data), all.NextCursor, err)
	}
	if _, err := c.BrandsPage(ctx, hubble.BrandQuery{Q: "zzz-no-such-brand"}); err != nil {
		t.Fatal(err)
	}
	for _, err := range c.ListProducts(ctx, giftcard.ProductQuery{Search: "zzz-no-such-brand"}) {
		t.Fatalf("an empty result yielded %v", err)
	}
}

// A page that fails mid-walk: the error is yielded once, after the brands
// already read, and nothing more is fetched.
func TestBrandsYieldAnErrorOnceAndStop(t *testing.T) {
	srv := sandbox(t)
	c := client(t, srv, giftcard.WithNoRetries())
	if err := c.Login(t.Context()); err != nil {
		t.Fatal(err)
	}
	// Faults apply in order: a no-op one (1 ns delay) takes page 1, the
	// 400 takes page 2.
	srv.InjectFault(hubbletest.Fault{Method: http.MethodGet, Path: "/v1/partners/products", Delay: time.Nanosecond})
	srv.InjectFault(hubbletest.Fault{Method: http.MethodGet, Path: "/v1/partners/products", Status: http.StatusBadRequest,
		Header: http.Header{"Content-Type": {"application/json"}}, Body: `{"code":"VALIDATION_ERROR","message":"bad page"}`})
	brands, errs := 0, 0
	for b, err := range c.Brands(t.Context(), hubble.BrandQuery{Limit: 10}) {
		if err != nil {
			errs++
			if !errors.Is(err, giftcard.ErrInvalidRequest) || b.ID != "" {
				t.Fatalf("yielded %v with %q", err, b.ID)
			}
			continue
		}
		if errs > 0 {
			t.Fatal("a brand after the error")
		}
		brands++
	}
	if brands != 10 || errs != 1 {
		t.Fatalf("%d brands and %d errors, want 10 and 1", brands, errs)
	}
	if n := srv.CountRequests(http.MethodGet, "/v1/partners/products"); n != 2 {
		t.Fatalf("%d page requests, want 2", n)
	}
}

func TestBareArrayProductList(t *testing.T) {
	srv := sandbox(t, hubbletest.WithBareArrayProducts())
	c := client(t, srv)
	n := 0
	for _, err := range c.Brands(t.Context(), hubble.BrandQuery{Limit: 100}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != len(srv.Brands()) {
		t.Fatalf("bare arrays: %d of %d brands", n, len(srv.Brands()))
	}
	if reqs, want := srv.CountRequests(http.MethodGet, "/v1/partners/products"), (n+99)/100; reqs != want {
		t.Fatalf("%d requests, want %d (stop at the first short page)", reqs, want)
	}
}

func TestDeprecatedBrandFieldsAreFallbacks(t *testing.T) {
	srv := sandbox(t)
	old := findBrand(t, srv, func(b hubble.Brand) bool { return b.IconImageURL != "" })
	c := client(t, srv)
	b, err := c.Brand(t.Context(), old.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b.Raw), `"iconImageUrl"`) || strings.Contains(string(b.Raw), `"thumbnailUrl"`) ||
		!strings.Contains(string(b.Raw), `"minAmount"`) || strings.Contains(string(b.Raw), `"minOrderAmount"`) {
		t.Fatalf("the sandbox did not send only the deprecated fields: %s", b.Raw)
	}
	r := b.Restrictions()
	if b.ThumbnailURL != old.IconImageURL || r.MinOrderAmount.IsZero() || !r.MinOrderAmount.Equal(r.MinAmount) ||
		!r.MaxOrderAmount.Equal(r.MaxAmount) || len(b.HowToUseInstructions) != 1 || b.HowToUseInstructions[0].RetailMode != "ONLINE" {
		t.Fatalf("fallbacks not applied: thumb %q min %s/%s max %s/%s howto %v", b.ThumbnailURL, r.MinOrderAmount, r.MinAmount, r.MaxOrderAmount, r.MaxAmount, b.HowToUseInstructions)
	}
	p, _ := c.GetProduct(t.Context(), old.ID)
	if p.ImageURL != old.IconImageURL {
		t.Fatalf("product image %q", p.ImageURL)
	}
	// The fallback makes the order-amount rule apply to such a brand too.
	if b.DenominationType == hubble.Fixed {
		d := r.Denominations[len(r.Denominations)-1]
		qty := int(r.MaxOrderAmount.Div(d).IntPart()) + 1
		if qty <= r.MaxVouchersPerDenomination && qty <= r.MaxVouchersPerOrder {
			_, err := c.SubmitOrder(t.Context(), hubble.OrderRequest{ProductID: b.ID, Amount: d.Mul(dec(itoa(qty))),
				DenominationDetails: []hubble.DenominationDetail{{Denomination: d, Quantity: qty}}})
			if ve := asValidation(t, err); ve.Field != "amount" {
				t.Fatalf("max order amount via maxAmount: %v", err)
			}
		}
	}
}

func TestGetProductNotFound(t *testing.T) {
	srv := sandbox(t)
	_, err := client(t, srv).GetProduct(t.Context(), "01HNOTHERE")
	if !errors.Is(err, giftcard.ErrNotFound) {
		t.Fatal(err)
	}
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}
