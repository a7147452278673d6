package hubble_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/giftcardtest"
	"github.com/giftcard-go/giftcard/hubble"
	"github.com/giftcard-go/giftcard/hubble/hubbletest"
)

const ordersPath = "/v1/partners/orders"

func TestPlaceFlipkartOrder(t *testing.T) {
	srv := sandbox(t)
	c := client(t, srv)
	before := srv.Balance()
	req := flipkart500()
	req.ReferenceID = "ref_1772006406973_tfrkrtu"
	req.Recipient = &giftcard.Recipient{Name: "Test User", Phone: "9876543212", Email: "test@example.com"}
	o, err := c.PlaceOrder(t.Context(), req)
	if err != nil {
		t.Fatal(err)
	}
	if o.Provider != "hubble" || o.Status != giftcard.OrderSuccess || o.ReferenceID != req.ReferenceID ||
		o.ProductID != hubbletest.FlipkartID || !o.Amount.Equal(inr("500")) || o.Err() != nil {
		t.Fatalf("order %v", o)
	}
	if len(o.Vouchers) != 1 {
		t.Fatalf("%d vouchers", len(o.Vouchers))
	}
	v := o.Vouchers[0]
	if v.CardType != giftcard.CardNumberAndPIN || v.CardNumber.IsZero() || v.PIN.IsZero() || !v.Amount.Equal(inr("500")) || v.ValidTill == "" {
		t.Fatalf("voucher %v", v)
	}
	if got := before.Sub(srv.Balance()); !got.Equal(dec("500")) {
		t.Fatalf("wallet debited %s, want 500", got)
	}
	// The body on the wire: numbers, customerDetails from the recipient.
	var body string
	for _, e := range srv.Requests() {
		if e.Method == http.MethodPost && e.Path == ordersPath {
			body = string(e.Body)
		}
	}
	want := `{"productId":"01GMMNJECTDZAG2YS61K58HVG8","referenceId":"ref_1772006406973_tfrkrtu","amount":500,` +
		`"denominationDetails":[{"denomination":500,"quantity":1}],"customerDetails":{"name":"Test User","phoneNumber":"9876543212","email":"test@example.com"}}`
	if body != want {
		t.Fatalf("sent %s\nwant %s", body, want)
	}
	// Voucher by id.
	nv, err := c.Voucher(t.Context(), v.ID)
	if err != nil || nv.CardNumber != v.CardNumber || nv.CardType != hubble.CardAndPinNoSecured {
		t.Fatalf("Voucher(%s) = %v, %v", v.ID, nv, err)
	}
	// GetOrder and GetOrderByReference agree.
	g1, err := c.GetOrder(t.Context(), o.ID)
	if err != nil || g1.ReferenceID != o.ReferenceID || len(g1.Vouchers) != 1 || !g1.Amount.Equal(inr("500")) {
		t.Fatalf("GetOrder: %v %v", g1, err)
	}
	g2, err := c.GetOrderByReference(t.Context(), o.ReferenceID)
	if err != nil || g2.ID != o.ID {
		t.Fatalf("GetOrderByReference: %v %v", g2, err)
	}
}

func TestEmptyReferenceIsGenerated(t *testing.T) {
	srv := sandbox(t)
	c := client(t, srv)
	o, err := c.PlaceOrder(t.Context(), flipkart500())
	if err != nil {
		t.Fatal(err)
	}
	if o.ReferenceID == "" || len(o.ReferenceID) > hubble.MaxReferenceIDLength {
		t.Fatalf("generated reference %q", o.ReferenceID)
	}
	if srv.OrdersWithReference(o.ReferenceID) != 1 {
		t.Fatal("the generated reference is not the one sent")
	}
	n, err := c.SubmitOrder(t.Context(), hubble.OrderRequest{ProductID: hubbletest.FlipkartID, Amount: dec("100"), DenominationDetails: denoms(100, 1)})
	if err != nil || n.ReferenceID == "" || n.ReferenceID == o.ReferenceID {
		t.Fatalf("SubmitOrder generated %q (%v)", n.ReferenceID, err)
	}
}

func TestValidationBeforeTheNetwork(t *testing.T) {
	srv := sandbox(t)
	srv.UpdateBrand(hubbletest.MyntraID, func(b *hubble.Brand) { b.Status = hubble.BrandInactive })
	c := client(t, srv)
	ctx := t.Context()
	// Warm the token and brand caches so counting is about orders only.
	for _, id := range []string{hubbletest.FlipkartID, hubbletest.MyntraID} {
		if _, err := c.Brand(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	flex := findBrand(t, srv, func(b hubble.Brand) bool {
		r := b.Restrictions()
		return b.DenominationType == hubble.Flexible && b.Status == hubble.BrandActive && r.MaxDenominationsPerOrder == 2 &&
			r.MinVoucherAmount.Equal(dec("100")) && r.MaxVoucherAmount.Equal(dec("10000"))
	})
	if _, err := c.Brand(ctx, flex.ID); err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("r", 41)
	fk := func(amount int, pairs ...any) hubble.OrderRequest {
		return hubble.OrderRequest{ProductID: hubbletest.FlipkartID, ReferenceID: "ref-ok", Amount: decimal.NewFromInt(int64(amount)), DenominationDetails: denoms(pairs...)}
	}
	fx := func(amount int, pairs ...any) hubble.OrderRequest {
		r := fk(amount, pairs...)
		r.ProductID = flex.ID
		return r
	}
	cases := []struct {
		name  string
		req   hubble.OrderRequest
		field string
		kind  error
		code  string
	}{
		{"reference over 40", func() hubble.OrderRequest { r := fk(500, 500, 1); r.ReferenceID = long; return r }(), "referenceId", giftcard.ErrInvalidRequest, ""},
		{"amount mismatch", fk(600, 500, 1), "amount", giftcard.ErrInvalidRequest, "E151"},
		{"no denominations", fk(0), "denominationDetails", giftcard.ErrInvalidRequest, ""},
		{"zero quantity", fk(0, 500, 0), "denominationDetails[0].quantity", giftcard.ErrInvalidRequest, ""},
		{"negative denomination", fk(-500, -500, 1), "denominationDetails[0].denomination", giftcard.ErrInvalidDenomination, "E157"},
		{"fractional paise", hubble.OrderRequest{ProductID: flex.ID, Amount: dec("100.005"), DenominationDetails: []hubble.DenominationDetail{{Denomination: dec("100.005"), Quantity: 1}}}, "denominationDetails[0].denomination", giftcard.ErrInvalidDenomination, "E157"},
		{"fixed denomination not listed", fk(600, 600, 1), "denominationDetails[0].denomination", giftcard.ErrInvalidDenomination, "E150"},
		{"second denomination not listed", fk(2000, 500, 1, 1500, 1), "denominationDetails[1].denomination", giftcard.ErrInvalidDenomination, "E150"},
		{"flexible below range", fx(50, 50, 1), "denominationDetails[0].denomination", giftcard.ErrInvalidDenomination, "E155"},
		{"flexible above range", fx(15000, 15000, 1), "denominationDetails[0].denomination", giftcard.ErrInvalidDenomination, "E155"},
		{"too many distinct denominations", fx(600, 100, 1, 200, 1, 300, 1), "denominationDetails", giftcard.ErrInvalidDenomination, "E153"},
		{"too many of one denomination", fk(5500, 500, 11), "denominationDetails[0].quantity", giftcard.ErrInvalidDenomination, "E154"},
		{"too many of one denomination across lines", fk(5500, 500, 6, 500, 5), "denominationDetails[0].quantity", giftcard.ErrInvalidDenomination, "E154"},
		{"too many vouchers", fk(4000, 100, 10, 250, 10, 500, 1), "denominationDetails", giftcard.ErrInvalidDenomination, "E156"},
		{"six vouchers, five allowed", fx(10000*5+100, 10000, 5, 100, 1), "denominationDetails", giftcard.ErrInvalidDenomination, "E156"},
		{"inactive brand", hubble.OrderRequest{ProductID: hubbletest.MyntraID, ReferenceID: "x", Amount: dec("500"), DenominationDetails: denoms(500, 1)}, "productId", giftcard.ErrProductUnavailable, "E102"},
		{"no product", hubble.OrderRequest{Amount: dec("500"), DenominationDetails: denoms(500, 1)}, "productId", giftcard.ErrInvalidRequest, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := srv.CountRequests(http.MethodPost, ordersPath)
			_, err := c.SubmitOrder(ctx, tc.req)
			ve := asValidation(t, err)
			if ve.Field != tc.field || !errors.Is(err, tc.kind) || !errors.Is(err, giftcard.ErrInvalidRequest) || ve.Provider != "hubble" {
				t.Fatalf("got %v (field %q), want field %q matching %v", err, ve.Field, tc.field, tc.kind)
			}
			if tc.code != "" && !strings.Contains(ve.Reason, tc.code) {
				t.Errorf("reason %q does not cite %s", ve.Reason, tc.code)
			}
			if n := srv.CountRequests(http.MethodPost, ordersPath) - before; n != 0 {
				t.Fatalf("%d order requests reached the sandbox", n)
			}
			// The sandbox refuses the same request with the same code.
			if tc.code != "" {
				_, err := c.SubmitOrder(ctx, tc.req, hubble.WithoutBrandCheck())
				if tc.field == "amount" || strings.Contains(tc.name, "negative") || strings.Contains(tc.name, "paise") {
					return // refused before the network even without a brand
				}
				if ge := asError(t, err); ge.Code != tc.code || !errors.Is(err, tc.kind) {
					t.Fatalf("sandbox answered %v, want %s", err, tc.code)
				}
			}
		})
	}
	// The order-amount bounds (no E-code documented; E155 in the sandbox).
	flexLow := findBrand(t, srv, func(b hubble.Brand) bool {
		r := b.Restrictions()
		return b.DenominationType == hubble.Flexible && b.Status == hubble.BrandActive && r.MinOrderAmount.Equal(dec("50")) && r.MaxOrderAmount.Equal(dec("10000"))
	})
	_, err := c.SubmitOrder(ctx, hubble.OrderRequest{ProductID: flexLow.ID, Amount: dec("15000"), DenominationDetails: denoms(5000, 3)})
	if ve := asValidation(t, err); ve.Field != "amount" || !strings.Contains(ve.Reason, "maximum order amount") {
		t.Fatalf("max order amount: %v", err)
	}
	b := flexLow
	b.AmountRestrictions = &hubble.AmountRestrictions{MinOrderAmount: dec("500"), MinVoucherAmount: dec("50"), MaxVoucherAmount: dec("5000")}
	_, err = c.SubmitOrder(ctx, hubble.OrderRequest{ProductID: flexLow.ID, Amount: dec("100"), DenominationDetails: denoms(100, 1)}, hubble.ForBrand(b))
	if ve := asValidation(t, err); ve.Field != "amount" || !strings.Contains(ve.Reason, "minimum order amount") {
		t.Fatalf("min order amount: %v", err)
	}
	// Portable requests name the portable fields and check the currency.
	_, err = c.PlaceOrder(ctx, giftcard.OrderRequest{ProductID: hubbletest.FlipkartID, Items: []giftcard.OrderItem{{Denomination: inr("600"), Quantity: 1}}})
	if ve := asValidation(t, err); ve.Field != "items[0].denomination" || !errors.Is(err, giftcard.ErrInvalidDenomination) {
		t.Fatalf("portable field: %v", err)
	}
	_, err = c.PlaceOrder(ctx, giftcard.OrderRequest{ProductID: hubbletest.FlipkartID, Items: []giftcard.OrderItem{{Denomination: giftcard.MustParseMoney("500", "USD"), Quantity: 1}}})
	if ve := asValidation(t, err); ve.Field != "items[0].denomination" || !strings.Contains(ve.Reason, "USD") {
		t.Fatalf("currency: %v", err)
	}
	_, err = c.PlaceOrder(ctx, giftcard.OrderRequest{ProductID: hubbletest.FlipkartID, Amount: inr("400"), Items: []giftcard.OrderItem{{Denomination: inr("500"), Quantity: 1}}})
	if ve := asValidation(t, err); ve.Field != "amount" {
		t.Fatalf("portable amount: %v", err)
	}
	if n := srv.CountRequests(http.MethodPost, ordersPath); n != srvOrderPostsWithoutBrandCheck(cases) {
		t.Fatalf("%d order POSTs reached the sandbox", n)
	}
}

// srvOrderPostsWithoutBrandCheck is how many of the table's requests are
// sent with WithoutBrandCheck (those refused only by a brand rule).
func srvOrderPostsWithoutBrandCheck(cases []struct {
	name  string
	req   hubble.OrderRequest
	field string
	kind  error
	code  string
}) int {
	n := 0
	for _, tc := range cases {
		if tc.code != "" && tc.field != "amount" && !strings.Contains(tc.name, "negative") && !strings.Contains(tc.name, "paise") {
			n++
		}
	}
	return n
}

func findBrand(t *testing.T, srv *hubbletest.Server, pred func(hubble.Brand) bool) hubble.Brand {
	t.Helper()
	for _, b := range srv.Brands() {
		if pred(b) {
			return b
		}
	}
	t.Fatal("no brand in the sandbox catalog matches")
	return hubble.Brand{}
}

func TestProductCacheAvoidsExtraRequests(t *testing.T) {
	clk := giftcardtest.NewManualClock(t0)
	srv := sandbox(t, hubbletest.WithClock(clk))
	c := client(t, srv, giftcard.WithClock(clk))
	ctx := t.Context()
	productGets := func() int { return srv.CountRequests(http.MethodGet, "/v1/partners/products/") }
	for range 3 {
		if _, err := c.PlaceOrder(ctx, flipkart500()); err != nil {
			t.Fatal(err)
		}
	}
	if n := productGets(); n != 1 {
		t.Fatalf("3 orders within the TTL fetched the brand %d times, want 1", n)
	}
	clk.Advance(hubble.DefaultProductCacheTTL)
	if _, err := c.PlaceOrder(ctx, flipkart500()); err != nil {
		t.Fatal(err)
	}
	if n := productGets(); n != 2 {
		t.Fatalf("after the TTL the brand was fetched %d times in all, want 2", n)
	}
	// A brand read through the catalog is reused; InvalidateProduct drops it.
	if _, err := c.GetProduct(ctx, hubbletest.AmazonID); err != nil {
		t.Fatal(err)
	}
	amazon := giftcard.OrderRequest{ProductID: hubbletest.AmazonID, Items: []giftcard.OrderItem{{Denomination: inr("100"), Quantity: 1}}}
	if _, err := c.PlaceOrder(ctx, amazon); err != nil {
		t.Fatal(err)
	}
	if n := productGets(); n != 3 {
		t.Fatalf("GetProduct then PlaceOrder: %d brand fetches in all, want 3", n)
	}
	c.InvalidateProduct(hubbletest.AmazonID)
	if _, err := c.PlaceOrder(ctx, amazon); err != nil {
		t.Fatal(err)
	}
	if n := productGets(); n != 4 {
		t.Fatalf("after InvalidateProduct: %d brand fetches, want 4", n)
	}
	// PlaceOrderFor and a negative TTL never fetch.
	b, _ := c.Brand(ctx, hubbletest.FlipkartID)
	n0 := productGets()
	if _, err := c.PlaceOrderFor(ctx, b, flipkart500()); err != nil {
		t.Fatal(err)
	}
	cfg := srv.Config()
	cfg.ProductCacheTTL = -1
	nc := clientWith(t, srv, cfg, giftcard.WithClock(clk))
	if _, err := nc.PlaceOrder(ctx, flipkart500()); err != nil {
		t.Fatal(err)
	}
	if n := productGets(); n != n0 {
		t.Fatalf("PlaceOrderFor / negative TTL fetched the brand %d times", n-n0)
	}
	// A stale brand: the cache says ACTIVE, Hubble says E102.
	srv.UpdateBrand(hubbletest.FlipkartID, func(b *hubble.Brand) { b.Status = hubble.BrandInactive })
	_, err := c.PlaceOrderFor(ctx, b, flipkart500())
	if ge := asError(t, err); ge.Code != hubble.CodeBrandNotActive || !errors.Is(err, giftcard.ErrProductUnavailable) {
		t.Fatalf("stale brand: %v", err)
	}
}

// The brand PlaceOrder validates against is the client's own copy: a
// caller changing the Brand it was handed changes nothing.
func TestCachedBrandIsNotSharedWithTheCaller(t *testing.T) {
	srv := sandbox(t)
	c := client(t, srv)
	ctx := t.Context()
	b, err := c.Brand(ctx, hubbletest.FlipkartID)
	if err != nil {
		t.Fatal(err)
	}
	b.AmountRestrictions.Denominations[0] = dec("600")
	b.AmountRestrictions.MaxVouchersPerOrder = 1000
	before := srv.CountRequests(http.MethodPost, ordersPath)
	_, err = c.PlaceOrder(ctx, giftcard.OrderRequest{ProductID: hubbletest.FlipkartID, Items: []giftcard.OrderItem{{Denomination: inr("600"), Quantity: 1}}})
	if ve := asValidation(t, err); ve.Field != "items[0].denomination" {
		t.Fatalf("600 after the caller edited its copy: %v", err)
	}
	_, err = c.PlaceOrder(ctx, giftcard.OrderRequest{ProductID: hubbletest.FlipkartID, Items: []giftcard.OrderItem{
		{Denomination: inr("100"), Quantity: 10}, {Denomination: inr("250"), Quantity: 10}, {Denomination: inr("500"), Quantity: 1}}})
	if ve := asValidation(t, err); ve.Field != "items" {
		t.Fatalf("21 vouchers after the caller edited its copy: %v", err)
	}
	if n := srv.CountRequests(http.MethodPost, ordersPath) - before; n != 0 {
		t.Fatalf("%d orders reached the sandbox", n)
	}
}

func TestExactlyOnceWhenTheResponseIsLost(t *testing.T) {
	srv := sandbox(t)
	c := client(t, srv)
	ctx := t.Context()
	if _, err := c.Brand(ctx, hubbletest.FlipkartID); err != nil { // token and brand cached
		t.Fatal(err)
	}
	before := srv.Balance()
	srv.InjectFault(hubbletest.Fault{Method: http.MethodPost, Path: ordersPath, DropAfterCommit: true})
	req := flipkart500()
	req.ReferenceID = "lost-response-1"
	o, err := c.PlaceOrder(ctx, req)
	if err != nil {
		t.Fatalf("PlaceOrder after a dropped response: %v", err)
	}
	if o.Status != giftcard.OrderSuccess || o.ReferenceID != req.ReferenceID || len(o.Vouchers) != 1 {
		t.Fatalf("order %v", o)
	}
	if n := srv.OrdersWithReference(req.ReferenceID); n != 1 {
		t.Fatalf("the sandbox holds %d orders for the reference, want 1", n)
	}
	if got := before.Sub(srv.Balance()); !got.Equal(dec("500")) {
		t.Fatalf("wallet debited %s, want 500 once", got)
	}
	if n := srv.CountRequests(http.MethodPost, ordersPath); n != 1 {
		t.Fatalf("%d POSTs, want 1 (found by reference, not resent)", n)
	}
	if n := srv.CountRequests(http.MethodGet, "/v1/partners/orders/by-reference/lost-response-1"); n != 1 {
		t.Fatalf("%d by-reference lookups, want 1", n)
	}

	// Lost before commit (connection reset): 404 by reference → resent with
	// the same reference, once.
	srv.InjectFault(hubbletest.Fault{Method: http.MethodPost, Path: ordersPath, Status: http.StatusBadGateway})
	req.ReferenceID = "lost-response-2"
	o, err = c.PlaceOrder(ctx, req)
	if err != nil || o.Status != giftcard.OrderSuccess {
		t.Fatalf("after a 502: %v %v", o, err)
	}
	var refs []string
	for _, e := range srv.Requests() {
		if e.Method == http.MethodPost && e.Path == ordersPath && strings.Contains(string(e.Body), "lost-response-2") {
			refs = append(refs, e.Fault)
		}
	}
	if len(refs) != 2 || refs[0] != "status" || refs[1] != "" {
		t.Fatalf("POSTs for the second reference: %q, want the failed one then one resend", refs)
	}
	if srv.OrdersWithReference("lost-response-2") != 1 {
		t.Fatal("not exactly one order after the resend")
	}

	// Unknown outcome and the lookup fails too: the error says outcome unknown.
	srv.InjectFault(hubbletest.Fault{Method: http.MethodPost, Path: ordersPath, DropAfterCommit: true})
	srv.InjectFault(hubbletest.Fault{Method: http.MethodGet, Path: "/v1/partners/orders/by-reference/", Status: http.StatusBadRequest})
	req.ReferenceID = "lost-response-3"
	_, err = c.PlaceOrder(ctx, req)
	if !errors.Is(err, giftcard.ErrOutcomeUnknown) || !strings.Contains(err.Error(), "looking the order up") {
		t.Fatalf("want an outcome-unknown error naming the failed lookup, got %v", err)
	}
	// ... and the caller can reconcile later.
	got, err := c.GetOrderByReference(ctx, "lost-response-3")
	if err != nil || got.Status != giftcard.OrderSuccess {
		t.Fatalf("later lookup: %v %v", got, err)
	}
}

// A 503 on the order POST is not trusted to mean "not placed": the client
// looks the reference up and only then resends it, once, with the same
// reference, so a caller never has a reason to switch references after a 5xx.
func TestServiceUnavailableOnOrderIsReconciled(t *testing.T) {
	srv := sandbox(t)
	c := client(t, srv)
	ctx := t.Context()
	if _, err := c.Brand(ctx, hubbletest.FlipkartID); err != nil {
		t.Fatal(err)
	}
	before := srv.Balance()
	srv.InjectFault(hubbletest.Fault{Method: http.MethodPost, Path: ordersPath, Status: http.StatusServiceUnavailable,
		Body: `<html>upstream unavailable</html>`})
	req := flipkart500()
	req.ReferenceID = "unavailable-1"
	o, err := c.PlaceOrder(ctx, req)
	if err != nil || o.Status != giftcard.OrderSuccess || o.ReferenceID != req.ReferenceID {
		t.Fatalf("PlaceOrder after a 503: %v %v", o, err)
	}
	if n := srv.CountRequests(http.MethodGet, "/v1/partners/orders/by-reference/unavailable-1"); n != 1 {
		t.Fatalf("%d by-reference lookups, want 1 before resending", n)
	}
	if n := srv.CountRequests(http.MethodPost, ordersPath); n != 2 {
		t.Fatalf("%d order POSTs, want 2 (the 503, then one resend)", n)
	}
	if n := srv.OrdersWithReference(req.ReferenceID); n != 1 {
		t.Fatalf("the sandbox holds %d orders for the reference, want 1", n)
	}
	if got := before.Sub(srv.Balance()); !got.Equal(dec("500")) {
		t.Fatalf("wallet debited %s, want 500 once", got)
	}
}

func TestDuplicateReference(t *testing.T) {
	srv := sandbox(t)
	c := client(t, srv)
	ctx := t.Context()
	jio := giftcard.OrderRequest{ProductID: hubbletest.JiomartID, ReferenceID: "ref_1772017611584_94lcjp8",
		Items: []giftcard.OrderItem{{Denomination: inr("500"), Quantity: 1}}}
	failed, err := c.PlaceOrder(ctx, jio)
	if err != nil {
		t.Fatalf("a FAILED order is an order, not an error: %v", err)
	}
	if failed.Status != giftcard.OrderFailed || failed.FailureReason != "Brand not available" ||
		!errors.Is(failed.FailureKind, giftcard.ErrProductUnavailable) {
		t.Fatalf("order %v kind %v", failed, failed.FailureKind)
	}
	if oe := failed.Err(); !errors.Is(oe, giftcard.ErrOrderFailed) || !errors.Is(oe, giftcard.ErrProductUnavailable) {
		t.Fatalf("Order.Err() = %v", oe)
	}
	before := srv.Balance()
	// The reference is consumed: retrying it (even on another brand) fails.
	for _, req := range []giftcard.OrderRequest{jio, {ProductID: hubbletest.FlipkartID, ReferenceID: jio.ReferenceID,
		Items: []giftcard.OrderItem{{Denomination: inr("500"), Quantity: 1}}}} {
		_, err = c.PlaceOrder(ctx, req)
		ge := asError(t, err)
		if !errors.Is(err, giftcard.ErrDuplicateReference) || ge.StatusCode != http.StatusConflict ||
			!strings.Contains(ge.Message, failed.ID) || !strings.Contains(ge.Message, "FAILED") {
			t.Fatalf("reused reference: %v", err)
		}
	}
	if !srv.Balance().Equal(before) || srv.OrdersWithReference(jio.ReferenceID) != 1 {
		t.Fatal("a refused duplicate changed the wallet or created an order")
	}
	// A SUCCESS order's reference reused for other amounts is a duplicate too.
	ok, err := c.PlaceOrder(ctx, giftcard.OrderRequest{ProductID: hubbletest.FlipkartID, ReferenceID: "dup-2",
		Items: []giftcard.OrderItem{{Denomination: inr("500"), Quantity: 1}}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.PlaceOrder(ctx, giftcard.OrderRequest{ProductID: hubbletest.FlipkartID, ReferenceID: "dup-2",
		Items: []giftcard.OrderItem{{Denomination: inr("1000"), Quantity: 1}}})
	if !errors.Is(err, giftcard.ErrDuplicateReference) {
		t.Fatalf("reference reused for another amount: %v", err)
	}
	// The same request again is the same order (idempotent).
	again, err := c.PlaceOrder(ctx, giftcard.OrderRequest{ProductID: hubbletest.FlipkartID, ReferenceID: "dup-2",
		Items: []giftcard.OrderItem{{Denomination: inr("500"), Quantity: 1}}})
	if err != nil || again.ID != ok.ID {
		t.Fatalf("repeat of the same order: %v %v", again, err)
	}
}

func TestFailureReasonsAndCodesFromTheSandbox(t *testing.T) {
	srv := sandbox(t)
	c := client(t, srv)
	ctx := t.Context()
	place := func(id string, opts ...hubble.OrderOption) (hubble.Order, error) {
		return c.SubmitOrder(ctx, hubble.OrderRequest{ProductID: id, Amount: dec("500"), DenominationDetails: denoms(500, 1)}, opts...)
	}
	o, err := place(hubbletest.VoucherFailureID)
	if err != nil || o.Status != hubble.StatusFailed || !errors.Is(o.FailureKind(), giftcard.ErrProviderUnavailable) {
		t.Fatalf("voucher failure: %v %v", o, err)
	}
	o, err = place(hubbletest.MyntraID)
	if err != nil || o.FailureReason != "Brand not available" || !errors.Is(o.FailureKind(), giftcard.ErrProductUnavailable) {
		t.Fatalf("Myntra: %v %v", o, err)
	}
	for id, code := range map[string]string{hubbletest.TemporarilyDisabledID: "E100", hubbletest.NotEnabledID: "E101"} {
		_, err := place(id)
		ge := asError(t, err)
		if ge.Code != code || !errors.Is(err, giftcard.ErrProductUnavailable) || ge.RequestID == "" {
			t.Fatalf("%s: %v", code, err)
		}
		if retry := code == "E100"; ge.Retryable != retry {
			t.Errorf("%s Retryable %v", code, ge.Retryable)
		}
	}
	srv.SetBalance(dec("499.50"))
	_, err = place(hubbletest.FlipkartID)
	if ge := asError(t, err); ge.Code != "E300" || !errors.Is(err, giftcard.ErrInsufficientFunds) {
		t.Fatalf("E300: %v", err)
	}
	if !srv.Balance().Equal(dec("499.5")) {
		t.Fatal("a refused order debited the wallet")
	}
	if _, err := c.GetProduct(ctx, "01NOPE"); !errors.Is(err, giftcard.ErrNotFound) || asError(t, err).Code != "E001" {
		t.Fatalf("unknown product: %v", err)
	}
}

func TestProcessingOrderWaitsToSuccess(t *testing.T) {
	clk := giftcardtest.NewClock(t0)
	srv := sandbox(t, hubbletest.WithProcessingPolls(3))
	c := client(t, srv)
	amazon := giftcard.OrderRequest{ProductID: hubbletest.AmazonID, Items: []giftcard.OrderItem{{Denomination: inr("500"), Quantity: 10}}}
	o, err := c.PlaceOrder(t.Context(), amazon)
	if err != nil {
		t.Fatal(err)
	}
	if o.Status != giftcard.OrderProcessing || len(o.Vouchers) != 0 || !o.Amount.Equal(inr("5000")) {
		t.Fatalf("order %v", o)
	}
	final, err := giftcard.WaitForOrder(t.Context(), c, o.ID, giftcard.PollPolicy{Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	if final.Status != giftcard.OrderSuccess || len(final.Vouchers) != 10 || !final.Amount.Equal(inr("5000")) {
		t.Fatalf("final %v", final)
	}
	sleeps := clk.Sleeps()
	gap := giftcard.DefaultPollPolicy().Interval // 3.5 min: five polls from minute 1 to 15
	want := []time.Duration{time.Minute, gap, gap}
	if len(sleeps) != len(want) {
		t.Fatalf("slept %v, want %v (the documented protocol)", sleeps, want)
	}
	for i := range want {
		if sleeps[i] != want[i] {
			t.Fatalf("slept %v, want %v", sleeps, want)
		}
	}
	// An order that stays PROCESSING times out after five polls.
	srv2 := sandbox(t, hubbletest.WithProcessingPolls(0))
	c2 := client(t, srv2)
	o, err = c2.PlaceOrder(t.Context(), amazon)
	if err != nil {
		t.Fatal(err)
	}
	clk2 := giftcardtest.NewClock(t0)
	last, err := giftcard.WaitForOrder(t.Context(), c2, o.ID, giftcard.PollPolicy{Clock: clk2})
	if !errors.Is(err, giftcard.ErrOrderTimeout) || last.Status != giftcard.OrderProcessing {
		t.Fatalf("want a timeout, got %v %v", last.Status, err)
	}
	if n := srv2.CountRequests(http.MethodGet, ordersPath+"/"+o.ID); n != 5 {
		t.Fatalf("%d polls, want at most 5", n)
	}
	if elapsed := clk2.Now().Sub(t0); elapsed > 15*time.Minute {
		t.Fatalf("waited %s, more than 15 minutes", elapsed)
	}
}

func TestResendDelivery(t *testing.T) {
	srv := sandbox(t)
	c := client(t, srv)
	o, err := c.PlaceOrder(t.Context(), flipkart500())
	if err != nil {
		t.Fatal(err)
	}
	if err := c.ResendDelivery(t.Context(), o.ID); err != nil {
		t.Fatal(err)
	}
	if srv.Resends(o.ID) != 1 {
		t.Fatal("resend not recorded")
	}
	if err := c.ResendDelivery(t.Context(), "01NOPE"); !errors.Is(err, giftcard.ErrNotFound) {
		t.Fatalf("unknown order: %v", err)
	}
	if err := c.ResendDelivery(t.Context(), ""); asValidation(t, err).Field != "orderId" {
		t.Fatal(err)
	}
}

func TestBalance(t *testing.T) {
	srv := sandbox(t, hubbletest.WithBalance(dec("1000.50")))
	c := client(t, srv)
	m, err := c.GetBalance(t.Context())
	if err != nil || !m.Equal(inr("1000.50")) || m.String() != "1000.50 INR" {
		t.Fatalf("balance %v %v", m, err)
	}
	cfg := srv.Config()
	cfg.Currency = "usd"
	m, _ = clientWith(t, srv, cfg).GetBalance(t.Context())
	if m.Currency != "USD" {
		t.Fatalf("currency %q", m.Currency)
	}
}

func TestEmptyIDsRefusedBeforeTheNetwork(t *testing.T) {
	srv := sandbox(t)
	c := client(t, srv)
	ctx := context.Background()
	for name, call := range map[string]func() error{
		"GetOrder":            func() error { _, err := c.GetOrder(ctx, ""); return err },
		"GetOrderByReference": func() error { _, err := c.GetOrderByReference(ctx, ""); return err },
		"GetProduct":          func() error { _, err := c.GetProduct(ctx, ""); return err },
		"Voucher":             func() error { _, err := c.Voucher(ctx, ""); return err },
	} {
		if err := call(); !errors.Is(err, giftcard.ErrInvalidRequest) {
			t.Errorf("%s(\"\"): %v", name, err)
		}
	}
	if n := len(srv.Requests()); n != 0 {
		t.Fatalf("%d requests sent", n)
	}
}

// A lost response on the resend: the first POST fails before it commits
// (502), the lookup says 404, the resend commits but its answer is lost, and
// the second lookup finds the order. One order, one debit, no third POST.
func TestExactlyOnceWhenTheResendIsLostToo(t *testing.T) {
	srv := sandbox(t)
	c := client(t, srv)
	ctx := t.Context()
	if _, err := c.Brand(ctx, hubbletest.FlipkartID); err != nil {
		t.Fatal(err)
	}
	before := srv.Balance()
	srv.InjectFault(hubbletest.Fault{Method: http.MethodPost, Path: ordersPath, Status: http.StatusBadGateway})
	srv.InjectFault(hubbletest.Fault{Method: http.MethodPost, Path: ordersPath, DropAfterCommit: true})
	req := flipkart500()
	req.ReferenceID = "lost-twice-1"
	o, err := c.PlaceOrder(ctx, req)
	if err != nil || o.Status != giftcard.OrderSuccess || o.ReferenceID != req.ReferenceID || len(o.Vouchers) != 1 {
		t.Fatalf("PlaceOrder: %v %v", o, err)
	}
	var trail []string
	for _, e := range srv.Requests() {
		if strings.HasPrefix(e.Path, ordersPath) {
			trail = append(trail, e.Method+" "+strings.TrimPrefix(e.Path, ordersPath)+" "+e.Fault)
		}
	}
	want := []string{"POST  status", "GET /by-reference/lost-twice-1 ", "POST  drop-after-commit", "GET /by-reference/lost-twice-1 "}
	if strings.Join(trail, "|") != strings.Join(want, "|") {
		t.Fatalf("requests %q, want %q", trail, want)
	}
	if n := srv.OrdersWithReference(req.ReferenceID); n != 1 {
		t.Fatalf("%d orders for the reference", n)
	}
	if got := before.Sub(srv.Balance()); !got.Equal(dec("500")) {
		t.Fatalf("wallet debited %s, want 500 once", got)
	}
}

// The caller's context ends while the order is being looked up after an
// unknown outcome: the error says the outcome is unknown and carries the
// context's error, and the order is not sent again.
func TestContextCancelledMidReconcile(t *testing.T) {
	srv := sandbox(t)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	// Cancel the caller's context as the by-reference lookup goes out.
	cancelOnLookup := func(next http.RoundTripper) http.RoundTripper {
		return roundTripFunc(func(r *http.Request) (*http.Response, error) {
			if strings.Contains(r.URL.Path, "/by-reference/") {
				cancel()
			}
			return next.RoundTrip(r)
		})
	}
	c := client(t, srv, giftcard.WithMiddleware(cancelOnLookup))
	if _, err := c.Brand(ctx, hubbletest.FlipkartID); err != nil {
		t.Fatal(err)
	}
	srv.InjectFault(hubbletest.Fault{Method: http.MethodPost, Path: ordersPath, DropAfterCommit: true})
	req := flipkart500()
	req.ReferenceID = "cancelled-mid-reconcile"
	_, err := c.PlaceOrder(ctx, req)
	if !errors.Is(err, giftcard.ErrOutcomeUnknown) || !errors.Is(err, context.Canceled) {
		t.Fatalf("want ErrOutcomeUnknown and context.Canceled, got %v", err)
	}
	if errors.Is(err, giftcard.ErrDuplicateReference) || errors.Is(err, giftcard.ErrNotFound) {
		t.Fatalf("the error invites a second order: %v", err)
	}
	if n := srv.CountRequests(http.MethodPost, ordersPath); n != 1 {
		t.Fatalf("%d POSTs, want 1", n)
	}
	if n := srv.OrdersWithReference(req.ReferenceID); n != 1 {
		t.Fatalf("%d orders", n)
	}
	// Later, on a live context, the same call returns the order.
	o, err := c.PlaceOrder(t.Context(), req)
	if err != nil || o.Status != giftcard.OrderSuccess || srv.OrdersWithReference(req.ReferenceID) != 1 {
		t.Fatalf("the repeat: %v %v", o, err)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// Many concurrent PlaceOrder calls with one reference: one order, one
// debit, and every caller gets that order.
func TestConcurrentPlaceOrderWithOneReference(t *testing.T) {
	for _, tc := range []struct {
		name string
		req  giftcard.OrderRequest
		cost string
	}{
		{"success", flipkart500(), "500"},
		{"processing", giftcard.OrderRequest{ProductID: hubbletest.AmazonID, Items: []giftcard.OrderItem{{Denomination: inr("500"), Quantity: 10}}}, "5000"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := sandbox(t, hubbletest.WithProcessingPolls(0))
			c := client(t, srv)
			if _, err := c.Brand(t.Context(), tc.req.ProductID); err != nil {
				t.Fatal(err)
			}
			before := srv.Balance()
			req := tc.req
			req.ReferenceID = "concurrent-" + tc.name
			placeConcurrently(t, c, req, 40)
			if k := srv.OrdersWithReference(req.ReferenceID); k != 1 {
				t.Fatalf("%d orders for one reference", k)
			}
			if got := before.Sub(srv.Balance()); !got.Equal(dec(tc.cost)) {
				t.Fatalf("wallet debited %s, want %s once", got, tc.cost)
			}
		})
	}
}

// A reference already held by another order, and this call's answer lost:
// the order found by reference is not this one (other amounts), so the
// caller gets ErrDuplicateReference naming it, not someone else's vouchers.
func TestLostAnswerToADuplicateIsNotAnotherOrdersSuccess(t *testing.T) {
	srv := sandbox(t)
	c := client(t, srv)
	ctx := t.Context()
	held, err := c.PlaceOrder(ctx, giftcard.OrderRequest{ProductID: hubbletest.FlipkartID, ReferenceID: "held-1",
		Items: []giftcard.OrderItem{{Denomination: inr("500"), Quantity: 1}}})
	if err != nil {
		t.Fatal(err)
	}
	before := srv.Balance()
	srv.InjectFault(hubbletest.Fault{Method: http.MethodPost, Path: ordersPath, DropAfterCommit: true})
	o, err := c.PlaceOrder(ctx, giftcard.OrderRequest{ProductID: hubbletest.FlipkartID, ReferenceID: "held-1",
		Items: []giftcard.OrderItem{{Denomination: inr("1000"), Quantity: 1}}})
	if !errors.Is(err, giftcard.ErrDuplicateReference) || !strings.Contains(err.Error(), held.ID) {
		t.Fatalf("got %v, %v; want ErrDuplicateReference naming %s", o, err, held.ID)
	}
	if !srv.Balance().Equal(before) || srv.OrdersWithReference("held-1") != 1 {
		t.Fatal("the refused order changed the wallet or the orders")
	}
	// The same request as the holder, its answer lost: that is the order.
	srv.InjectFault(hubbletest.Fault{Method: http.MethodPost, Path: ordersPath, DropAfterCommit: true})
	again, err := c.PlaceOrder(ctx, giftcard.OrderRequest{ProductID: hubbletest.FlipkartID, ReferenceID: "held-1",
		Items: []giftcard.OrderItem{{Denomination: inr("500"), Quantity: 1}}})
	if err != nil || again.ID != held.ID {
		t.Fatalf("true repeat: %v %v", again, err)
	}
}

// Hubble says the reference is used but the order holding it cannot be
// read: the caller must not be told "duplicate, use a new reference" (it may
// be this very order), but that the outcome is unknown.
func TestDuplicateWithUnreadableHolderIsOutcomeUnknown(t *testing.T) {
	srv := sandbox(t)
	c := client(t, srv, giftcard.WithNoRetries())
	ctx := t.Context()
	first, err := c.PlaceOrder(ctx, giftcard.OrderRequest{ProductID: hubbletest.FlipkartID, ReferenceID: "unreadable-1",
		Items: []giftcard.OrderItem{{Denomination: inr("500"), Quantity: 1}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []hubbletest.Fault{
		{Method: http.MethodGet, Path: "/v1/partners/orders/by-reference/", Status: http.StatusServiceUnavailable},
		{Method: http.MethodGet, Path: "/v1/partners/orders/by-reference/", Status: http.StatusNotFound,
			Header: http.Header{"Content-Type": {"application/json"}}, Body: `{"id":"E001","message":"not yet"}`},
	} {
		srv.InjectFault(f)
		_, err = c.PlaceOrder(ctx, giftcard.OrderRequest{ProductID: hubbletest.FlipkartID, ReferenceID: "unreadable-1",
			Items: []giftcard.OrderItem{{Denomination: inr("500"), Quantity: 1}}})
		if !errors.Is(err, giftcard.ErrOutcomeUnknown) || errors.Is(err, giftcard.ErrDuplicateReference) || errors.Is(err, giftcard.ErrNotFound) {
			t.Fatalf("lookup answered %d: got %v, want ErrOutcomeUnknown only", f.Status, err)
		}
		if ge := asError(t, err); !ge.Retryable || !strings.Contains(ge.Message, "unreadable-1") {
			t.Fatalf("error %#v", ge)
		}
	}
	if srv.OrdersWithReference("unreadable-1") != 1 {
		t.Fatal("not exactly one order")
	}
	// Once the holder is readable, the repeat is that order.
	again, err := c.PlaceOrder(ctx, giftcard.OrderRequest{ProductID: hubbletest.FlipkartID, ReferenceID: "unreadable-1",
		Items: []giftcard.OrderItem{{Denomination: inr("500"), Quantity: 1}}})
	if err != nil || again.ID != first.ID {
		t.Fatalf("repeat: %v %v", again, err)
	}
}

// Each of the three card types is explicit on the voucher, natively and
// portably, with the credential the type does not use left empty (null on
// the wire).
func TestVoucherCardTypesAreExplicit(t *testing.T) {
	srv := sandbox(t)
	c := client(t, srv)
	ctx := t.Context()
	pinOnly := findBrand(t, srv, func(b hubble.Brand) bool {
		return b.CardType == hubble.PinNoSecured && b.Status == hubble.BrandActive && b.DenominationType == hubble.Fixed &&
			b.ID != hubbletest.VoucherFailureID
	})
	for _, tc := range []struct {
		product  string
		native   hubble.CardType
		portable giftcard.CardType
		number   bool
		pin      bool
		nullKey  string
	}{
		{hubbletest.DocExampleID, hubble.CardNumberSecured, giftcard.CardNumberOnly, true, false, `"cardPin":null`},
		{pinOnly.ID, hubble.PinNoSecured, giftcard.CardPINOnly, false, true, `"cardNumber":null`},
		{hubbletest.FlipkartID, hubble.CardAndPinNoSecured, giftcard.CardNumberAndPIN, true, true, ""},
	} {
		b, err := c.Brand(ctx, tc.product)
		if err != nil {
			t.Fatal(err)
		}
		d := b.Restrictions().Denominations[0]
		o, err := c.PlaceOrder(ctx, giftcard.OrderRequest{ProductID: tc.product, Items: []giftcard.OrderItem{{Denomination: inr(d.String()), Quantity: 1}}})
		if err != nil || len(o.Vouchers) != 1 {
			t.Fatalf("%s: %v %v", tc.native, o, err)
		}
		v := o.Vouchers[0]
		if v.CardType != tc.portable || v.CardNumber.IsZero() == tc.number || v.PIN.IsZero() == tc.pin {
			t.Fatalf("%s: portable voucher %v", tc.native, v)
		}
		n, err := c.Voucher(ctx, v.ID)
		if err != nil || n.CardType != tc.native || n.CardNumber.IsZero() == tc.number || n.CardPin.IsZero() == tc.pin {
			t.Fatalf("%s: native voucher %v %v", tc.native, n, err)
		}
		if tc.nullKey != "" && !strings.Contains(string(o.Raw), tc.nullKey) {
			t.Fatalf("%s: %s not null on the wire: %s", tc.native, tc.nullKey, o.Raw)
		}
	}
}

// An unknown outcome for an order whose reference the SDK generated: the
// caller gets that reference back (on the Order and in the error), so it can
// reconcile instead of placing the order again under a new one.
func TestGeneratedReferenceSurvivesAnUnknownOutcome(t *testing.T) {
	srv := sandbox(t)
	c := client(t, srv, giftcard.WithNoRetries())
	ctx := t.Context()
	if _, err := c.Brand(ctx, hubbletest.FlipkartID); err != nil {
		t.Fatal(err)
	}
	lose := func() {
		srv.InjectFault(hubbletest.Fault{Method: http.MethodPost, Path: ordersPath, DropAfterCommit: true})
		srv.InjectFault(hubbletest.Fault{Method: http.MethodGet, Path: "/v1/partners/orders/by-reference/", Status: http.StatusServiceUnavailable})
	}
	lose()
	o, err := c.PlaceOrder(ctx, flipkart500())
	if !errors.Is(err, giftcard.ErrOutcomeUnknown) {
		t.Fatalf("want ErrOutcomeUnknown, got %v", err)
	}
	held := srv.Orders()[len(srv.Orders())-1]
	if o.ReferenceID == "" || o.ReferenceID != held.ReferenceID || !strings.Contains(err.Error(), o.ReferenceID) ||
		o.ID != "" || o.Status != "" || o.ProductID != hubbletest.FlipkartID || !o.Amount.Equal(inr("500")) {
		t.Fatalf("returned %v with %v; the sandbox holds reference %q", o, err, held.ReferenceID)
	}
	// Reconciling with it finds the order, and placing it again under it
	// returns that order rather than a second one.
	got, err := c.GetOrderByReference(ctx, o.ReferenceID)
	if err != nil || got.ID != held.ID {
		t.Fatalf("GetOrderByReference: %v %v", got, err)
	}
	again := flipkart500()
	again.ReferenceID = o.ReferenceID
	if o2, err := c.PlaceOrder(ctx, again); err != nil || o2.ID != held.ID || srv.OrdersWithReference(o.ReferenceID) != 1 {
		t.Fatalf("placing it again: %v %v", o2, err)
	}
	// The native call likewise.
	lose()
	n, err := c.SubmitOrder(ctx, hubble.OrderRequest{ProductID: hubbletest.FlipkartID, Amount: dec("500"), DenominationDetails: denoms(500, 1)})
	held = srv.Orders()[len(srv.Orders())-1]
	if !errors.Is(err, giftcard.ErrOutcomeUnknown) || n.ReferenceID != held.ReferenceID || !strings.Contains(err.Error(), n.ReferenceID) {
		t.Fatalf("SubmitOrder returned %v with %v; the sandbox holds %q", n, err, held.ReferenceID)
	}
}
