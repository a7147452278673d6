package hubble_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/hubble"
	"github.com/giftcard-go/giftcard/hubble/hubbletest"
	"github.com/giftcard-go/giftcard/internal/kittest"
)

// The tests of this file each close one finding of the outside audit
// (issue 8) as it concerns Hubble.

var jsonHeader = http.Header{"Content-Type": {"application/json"}}

// A 307 on the login must not carry the client id and secret to the
// Location's host, and no token from there may be used: a second server on
// another port receives nothing. (Item 2.)
func TestLoginRedirectToAnotherServerIsRefused(t *testing.T) {
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		elsewhere.Add(1)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"token":"stolen","expiresInSecs":3600,"balance":1}`)
	}))
	defer other.Close()
	first := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+r.URL.Path, http.StatusTemporaryRedirect)
	}))
	defer first.Close()
	const secret = "redirect-secret-5e1d"
	c, err := hubble.New(hubble.Config{ClientID: "partner-1", ClientSecret: secret, BaseURL: first.URL})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.WalletBalance(t.Context())
	ge := asError(t, err)
	if ge.Op != "Login" || ge.StatusCode != http.StatusTemporaryRedirect || !strings.Contains(ge.Message, other.URL) {
		t.Fatalf("got %v, want the login's 307 refused, naming %s", err, other.URL)
	}
	if strings.Contains(err.Error(), secret) {
		t.Fatalf("the error carries the secret: %v", err)
	}
	if n := elsewhere.Load(); n != 0 {
		t.Fatalf("the redirect target received %d requests", n)
	}
}

// Every answer is checked before it is used: a Hubble error body inside any
// 2xx is that error, a missing required field or an echoed key that is not
// the request's is ErrInvalidResponse — never a zero value, an empty
// catalog or another call's order. (Item 5, and issue 7's envelope.)
func TestAnswersAreCrossChecked(t *testing.T) {
	srv := sandbox(t)
	c := client(t, srv, giftcard.WithNoRetries())
	ctx := t.Context()
	o, err := c.PlaceOrder(ctx, flipkart500())
	if err != nil {
		t.Fatal(err)
	}
	answer := func(method, path, body string) {
		srv.InjectFault(hubbletest.Fault{Method: method, Path: path, Status: http.StatusOK, Header: jsonHeader, Body: body})
	}
	invalid := func(name string, err error) {
		t.Helper()
		if !errors.Is(err, giftcard.ErrInvalidResponse) {
			t.Errorf("%s: got %v, want ErrInvalidResponse", name, err)
		}
	}
	for _, body := range []string{`{}`, `{"balance":null}`, `{"balance":""}`} {
		answer(http.MethodGet, "/v1/partners/wallet/balance", body)
		b, err := c.WalletBalance(ctx)
		invalid("balance "+body, err)
		if err == nil {
			t.Errorf("balance %s read as %s", body, b.Balance)
		}
	}
	answer(http.MethodGet, "/v1/partners/wallet/balance", `{}`)
	_, err = c.GetBalance(ctx)
	invalid("GetBalance {}", err)
	for _, body := range []string{`{}`, `{"nextCursor":null}`} {
		answer(http.MethodGet, "/v1/partners/products", body)
		_, err := c.ListBrands(ctx, hubble.BrandQuery{})
		invalid("catalog "+body, err)
	}
	answer(http.MethodGet, "/v1/partners/products", `{}`)
	for _, err := range c.ListProducts(ctx, giftcard.ProductQuery{}) {
		invalid("ListProducts {}", err)
		break
	}
	answer(http.MethodGet, "/v1/partners/products/", `{}`)
	_, err = c.GetProduct(ctx, hubbletest.AmazonID)
	invalid("brand {}", err)
	answer(http.MethodGet, "/v1/partners/products/", `{"id":"`+hubbletest.FlipkartID+`","status":"ACTIVE"}`)
	_, err = c.Brand(ctx, hubbletest.AmazonID)
	invalid("another brand", err)
	for name, body := range map[string]string{
		"no id":         `{"referenceId":"` + o.ReferenceID + `","status":"SUCCESS"}`,
		"no status":     `{"id":"` + o.ID + `","referenceId":"` + o.ReferenceID + `"}`,
		"another order": `{"id":"01OTHER","referenceId":"` + o.ReferenceID + `","status":"SUCCESS","vouchers":[]}`,
	} {
		answer(http.MethodGet, ordersPath+"/", body)
		_, err := c.GetOrder(ctx, o.ID)
		invalid("GetOrder "+name, err)
	}
	answer(http.MethodGet, "/v1/partners/orders/by-reference/", `{"id":"`+o.ID+`","referenceId":"someone-else","status":"SUCCESS","vouchers":[]}`)
	_, err = c.GetOrderByReference(ctx, o.ReferenceID)
	invalid("GetOrderByReference for another reference", err)
	answer(http.MethodGet, "/v1/partners/orders/vouchers/", `{"id":"01OTHERVOUCHER","cardType":"PIN_NO_SECURED","amount":500}`)
	_, err = c.Voucher(ctx, o.Vouchers[0].ID)
	invalid("another voucher", err)

	// A Hubble error body in a 2xx of any call is Hubble's error, its body
	// reachable with errors.As.
	answer(http.MethodGet, "/v1/partners/wallet/balance", `{"id":"E200","message":"try later","requestId":"req-200"}`)
	_, err = c.WalletBalance(ctx)
	var body *hubble.ErrorResponse
	if ge := asError(t, err); !errors.Is(err, giftcard.ErrProviderUnavailable) || ge.Code != "E200" || ge.RequestID != "req-200" ||
		!errors.As(err, &body) || body.Message != "try later" {
		t.Errorf("E200 in a 200 on GetBalance: %v", err)
	}
	answer(http.MethodGet, "/v1/partners/orders/vouchers/", `{"id":"E001","code":"RESOURCE_NOT_FOUND","message":"no voucher"}`)
	if _, err := c.Voucher(ctx, o.Vouchers[0].ID); !errors.Is(err, giftcard.ErrNotFound) {
		t.Errorf("E001 in a 200 on GetVoucher: %v", err)
	}

	// The order POST answered with another reference's order: not this
	// call's success. The reference is looked up (404: nothing was placed)
	// and the order placed under it, once.
	answer(http.MethodPost, ordersPath, `{"id":"`+o.ID+`","referenceId":"`+o.ReferenceID+`","status":"SUCCESS","vouchers":[]}`)
	req := flipkart500()
	req.ReferenceID = "cross-checked-1"
	placed, err := c.PlaceOrder(ctx, req)
	if err != nil || placed.ID == o.ID || placed.ReferenceID != req.ReferenceID || srv.OrdersWithReference(req.ReferenceID) != 1 {
		t.Fatalf("an answer for another reference was taken as this order: %v %v", placed, err)
	}
}

// The native error body is reachable with errors.As on every error Hubble
// answered with it, not only when it carries a debug message or sub-errors.
// (Issue 7, item 12.)
func TestErrorBodyAlwaysReachable(t *testing.T) {
	srv := sandbox(t)
	c := client(t, srv, giftcard.WithNoRetries())
	srv.InjectFault(hubbletest.Fault{Method: http.MethodGet, Path: "/v1/partners/wallet/balance", Status: http.StatusBadRequest,
		Header: jsonHeader, Body: `{"id":"E300","code":"INSUFFICIENT_BALANCE","message":"Insufficient wallet balance","requestId":"r-1"}`})
	_, err := c.WalletBalance(t.Context())
	var body *hubble.ErrorResponse
	if !errors.As(err, &body) || body.ID != "E300" || body.Code != "INSUFFICIENT_BALANCE" || body.RequestID != "r-1" {
		t.Fatalf("errors.As(*hubble.ErrorResponse) on %v: %+v", err, body)
	}
	_, err = c.GetProduct(t.Context(), "01NOSUCHBRAND")
	if !errors.As(err, &body) || body.ID != hubble.CodeNotFound {
		t.Fatalf("the sandbox's E001: %v", err)
	}
}

// A referenceId or id that would not reach the wire unchanged is refused
// before the network: two invalid-UTF-8 references must not collapse into
// one "payout-\uFFFD". (Issue 7, item 5.)
func TestReferencesAndIDsTravelUnchanged(t *testing.T) {
	srv := sandbox(t)
	c := client(t, srv)
	ctx := t.Context()
	for _, ref := range []string{"payout-\xff", "payout-\xfe", "ref\n1", "ref\x00", "   "} {
		req := flipkart500()
		req.ReferenceID = ref
		_, err := c.PlaceOrder(ctx, req)
		if ve := asValidation(t, err); ve.Field != "referenceId" || ve.Provider != "hubble" {
			t.Errorf("reference %q: %v", ref, err)
		}
		if _, err := c.GetOrderByReference(ctx, ref); asValidation(t, err).Field != "referenceId" {
			t.Errorf("lookup of %q: %v", ref, err)
		}
	}
	for _, id := range []string{".", "..", "a\rb", "\xff"} {
		if _, err := c.GetOrder(ctx, id); asValidation(t, err).Field != "orderId" {
			t.Errorf("GetOrder(%q): %v", id, err)
		}
		if _, err := c.GetProduct(ctx, id); asValidation(t, err).Field != "productId" {
			t.Errorf("GetProduct(%q): %v", id, err)
		}
	}
	if n := len(srv.Requests()); n != 0 {
		t.Fatalf("%d requests sent", n)
	}
}

// Configuration that would corrupt a request is refused in New, and an
// amount without a currency is refused before the network. (Item 7.)
func TestConfigurationAndMoneyCheckedBeforeTheNetwork(t *testing.T) {
	for _, id := range []string{"partner\r\nX-Evil: 1", "partner\n", "partner\x00"} {
		_, err := hubble.New(hubble.Config{ClientID: id, ClientSecret: "s", BaseURL: hubble.StagingURL})
		if ve := asValidation(t, err); ve.Field != "ClientID" || ve.Provider != "hubble" {
			t.Errorf("client id %q: %v", id, err)
		}
	}
	for _, base := range []string{"https://api.myhubble.money?x=1", "https://user:pa55word@api.myhubble.money", "https://api.myhubble.money#f"} {
		_, err := hubble.New(hubble.Config{ClientID: "id", ClientSecret: "s", BaseURL: base})
		if ve := asValidation(t, err); ve.Field != "BaseURL" || strings.Contains(err.Error(), "pa55word") {
			t.Errorf("base URL %q: %v", base, err)
		}
	}
	srv := sandbox(t)
	c := client(t, srv)
	noCurrency := giftcard.Money{Amount: dec("500")}
	for name, req := range map[string]giftcard.OrderRequest{
		"items[0].denomination": {ProductID: hubbletest.FlipkartID, Items: []giftcard.OrderItem{{Denomination: noCurrency, Quantity: 1}}},
		"amount": {ProductID: hubbletest.FlipkartID, Amount: noCurrency,
			Items: []giftcard.OrderItem{{Denomination: inr("500"), Quantity: 1}}},
	} {
		_, err := c.PlaceOrder(t.Context(), req)
		if ve := asValidation(t, err); ve.Field != name || !strings.Contains(ve.Reason, "no currency") {
			t.Errorf("%s without a currency: %v", name, err)
		}
	}
	if n := len(srv.Requests()); n != 0 {
		t.Fatalf("%d requests sent", n)
	}
}

// A zero Client (not built with New) returns an error from every method
// that can fail, and never panics. (Item 8.)
func TestZeroClientNeverPanics(t *testing.T) {
	ctx := t.Context()
	for name, c := range map[string]*hubble.Client{"zero": {}, "copy of a zero value": new(hubble.Client)} {
		t.Run(name, func(t *testing.T) {
			notConfigured := func(op string, err error) {
				t.Helper()
				if !errors.Is(err, giftcard.ErrInvalidRequest) {
					t.Errorf("%s: got %v, want an error matching ErrInvalidRequest", op, err)
				}
			}
			var p giftcard.Provider = c
			if p.Name() != "hubble" || c.Currency() != "" || c.BaseURL() != "" || c.String() == "" || c.GoString() == "" {
				t.Errorf("describing a zero client: %q %q %q", p.Name(), c.Currency(), c.String())
			}
			_ = c.LogValue()
			c.Logout()
			c.InvalidateProduct("x")
			notConfigured("Login", c.Login(ctx))
			// The portable interfaces.
			var catalog giftcard.Catalog = c
			for _, err := range catalog.ListProducts(ctx, giftcard.ProductQuery{}) {
				notConfigured("ListProducts", err)
			}
			_, err := catalog.GetProduct(ctx, hubbletest.FlipkartID)
			notConfigured("GetProduct", err)
			var wallet giftcard.Wallet = c
			_, err = wallet.GetBalance(ctx)
			notConfigured("GetBalance", err)
			var orders giftcard.Orders = c
			_, err = orders.PlaceOrder(ctx, flipkart500())
			notConfigured("PlaceOrder", err)
			_, err = orders.GetOrder(ctx, "01A")
			notConfigured("GetOrder", err)
			_, err = orders.GetOrderByReference(ctx, "ref")
			notConfigured("GetOrderByReference", err)
			// The native API.
			_, err = c.PlaceOrderFor(ctx, hubble.Brand{ID: hubbletest.FlipkartID}, flipkart500())
			notConfigured("PlaceOrderFor", err)
			_, err = c.SubmitOrder(ctx, hubble.OrderRequest{ProductID: hubbletest.FlipkartID, Amount: dec("500"), DenominationDetails: denoms(500, 1)})
			notConfigured("SubmitOrder", err)
			_, err = c.ListBrands(ctx, hubble.BrandQuery{})
			notConfigured("ListBrands", err)
			_, err = c.BrandsPage(ctx, hubble.BrandQuery{})
			notConfigured("BrandsPage", err)
			for _, err := range c.Brands(ctx, hubble.BrandQuery{}) {
				notConfigured("Brands", err)
			}
			_, err = c.Brand(ctx, "b")
			notConfigured("Brand", err)
			_, err = c.Order(ctx, "o")
			notConfigured("Order", err)
			_, err = c.OrderByReference(ctx, "r")
			notConfigured("OrderByReference", err)
			_, err = c.Voucher(ctx, "v")
			notConfigured("Voucher", err)
			notConfigured("ResendDelivery", c.ResendDelivery(ctx, "o"))
			_, err = c.WalletBalance(ctx)
			notConfigured("WalletBalance", err)
			_ = c.Product(hubble.Brand{ID: "b"})
			_ = c.PortableOrder(hubble.Order{ID: "o"})
			_ = c.PortableVoucher(hubble.Voucher{ID: "v"})
			_, err = c.NewWebhookHandler(hubble.WebhookHandlers{}, hubble.WithWebhookSecret("k"), hubble.FetchOrder())
			if err == nil {
				t.Error("NewWebhookHandler with FetchOrder on a zero client: no error")
			}
			ok := func(context.Context, hubble.OrderEvent) error { t.Error("user code called"); return nil }
			for _, h := range []http.Handler{c.OrderWebhook(ok), c.WebhookHandler(hubble.WebhookHandlers{Order: ok}),
				c.BrandUpdatedWebhook(nil), c.LowBalanceWebhook(nil), c.BrandDiscountWebhook(nil)} {
				if w := post(h, vectorBody, vectorSig, ""); w.Code != http.StatusUnauthorized {
					t.Errorf("a zero client's webhook answered %d", w.Code)
				}
			}
		})
	}
}

// slog.Any("vouchers", order.Vouchers) through a JSON handler, and %d or %x
// of an order, voucher or event, print no PIN or card number. (Item 6.)
func TestNativeVouchersPrintMasked(t *testing.T) {
	srv := sandbox(t)
	c := client(t, srv)
	placed, err := c.PlaceOrder(t.Context(), flipkart500())
	if err != nil {
		t.Fatal(err)
	}
	o, err := c.Order(t.Context(), placed.ID)
	if err != nil || len(o.Vouchers) != 1 {
		t.Fatalf("%v %v", o, err)
	}
	v := o.Vouchers[0]
	secrets := []string{v.CardNumber.Reveal(), v.CardPin.Reveal()}
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("placed", slog.Any("vouchers", o.Vouchers))
	for _, s := range secrets {
		if strings.Contains(buf.String(), s) {
			t.Fatalf("the JSON log of the voucher list shows %s:\n%s", s, buf.String())
		}
	}
	ev := hubble.OrderEvent{ID: o.ID, Status: o.Status, Order: &o, Raw: o.Raw}
	for _, x := range []any{o, v, o.Vouchers, ev} {
		kittest.AssertRedacted(t, x, secrets...)
	}
	// %d of a struct without Format walks its fields: Raw would print as
	// decimal bytes. AssertRedacted looks for the secrets as text and hex;
	// look for them as decimal bytes too.
	for _, x := range []any{o, v, ev} {
		for _, s := range secrets {
			if dec := strings.Trim(fmt.Sprintf("%d", []byte(s)), "[]"); strings.Contains(fmt.Sprintf("%d", x), dec) {
				t.Fatalf("%%d of %T prints a secret as decimal bytes", x)
			}
		}
	}
	if !strings.Contains(fmt.Sprintf("%d", o), o.ID) {
		t.Fatalf("%%d of an order lost its id: %d", o)
	}
}

// Every exported type of the package that can hold a secret prints it
// masked under every fmt verb and slog handler; the list is checked against
// the package's source, so a new type cannot be forgotten. (Item 6.)
func TestEveryExportedTypeIsRedacted(t *testing.T) {
	const (
		secret  = "client-secret-7d1e9a"
		webhook = "webhook-secret-42aa"
		tok     = "eyJhbGciOiJIUzI1NiIs.tok"
		pin     = "915744"
		number  = "8090920011768104"
	)
	voucher := hubble.Voucher{ID: "01V", CardType: hubble.CardAndPinNoSecured, CardPin: pin, CardNumber: number, ValidTill: "2027-02-25", Amount: dec("500")}
	raw := []byte(`{"id":"01O","status":"SUCCESS","vouchers":[{"cardPin":"` + pin + `","cardNumber":"` + number + `"}]}`)
	order := hubble.Order{ID: "01O", ReferenceID: "r", Status: hubble.StatusSuccess, Vouchers: hubble.Vouchers{voucher}, Raw: raw}
	cfg := hubble.Config{ClientID: "partner-1", ClientSecret: secret, WebhookSecret: webhook, BaseURL: "http://127.0.0.1:1"}
	c, err := hubble.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	none := func(why string) kittest.RedactionCase { return kittest.RedactionCase{NoSecret: why} }
	kittest.AssertPackageRedacted(t, ".", map[string]kittest.RedactionCase{
		"Client":        {Value: c, Secrets: []string{secret, webhook}},
		"Config":        {Value: cfg, Secrets: []string{secret, webhook}},
		"LoginRequest":  {Value: hubble.LoginRequest{ClientID: "partner-1", ClientSecret: secret}, Secrets: []string{secret}},
		"LoginResponse": {Value: hubble.LoginResponse{Token: tok, ExpiresInSecs: 3600}, Secrets: []string{tok}},
		"Voucher":       {Value: voucher, Secrets: []string{pin, number}},
		"Vouchers":      {Value: hubble.Vouchers{voucher}, Secrets: []string{pin, number}},
		"Order":         {Value: order, Secrets: []string{pin, number}},
		"OrderEvent":    {Value: hubble.OrderEvent{ID: "01O", Status: hubble.StatusSuccess, Order: &order, Raw: raw}, Secrets: []string{pin, number}},

		"AmountRestrictions":   none("brand rules"),
		"Balance":              none("an amount"),
		"Brand":                none("catalog data"),
		"BrandDiscount":        none("a brand event"),
		"BrandDiscountDetails": none("a brand event"),
		"BrandPage":            none("catalog data"),
		"BrandQuery":           none("search terms"),
		"BrandStatus":          none("an enum"),
		"BrandUpdate":          none("a brand event"),
		"CardType":             none("an enum"),
		"CodeInfo":             none("an error kind"),
		"Cursor":               none("a page number"),
		"CustomerDetails":      none("the customer's contact, sent to Hubble, not a credential"),
		"DenominationDetail":   none("an amount"),
		"DenominationType":     none("an enum"),
		"ErrorResponse":        none("Hubble's error text"),
		"HowToUse":             none("catalog data"),
		"LowBalance":           none("amounts"),
		"OrderOption":          none("a function"),
		"OrderRequest":         none("the order sent: no voucher, no credential"),
		"OrderStatus":          none("an enum"),
		"RedemptionType":       none("an enum"),
		"SubError":             none("Hubble's error text"),
		"WebhookHandlers":      none("functions"),
		"WebhookKind":          none("an enum"),
		"WebhookOption":        none("a function"),
	})
}

// 500 concurrent PlaceOrder calls of one brand on a cold client fetch the
// brand once, as the docs promise (one GET per brand per minute), not once
// per order. (Item 11a.)
func TestColdConcurrentOrdersFetchTheBrandOnce(t *testing.T) {
	srv := sandbox(t)
	c := client(t, srv)
	const n = 500
	if failed := run(t, n, func(ctx context.Context) error {
		_, err := c.PlaceOrder(ctx, flipkart500())
		return err
	}); failed != 0 {
		t.Fatalf("%d of %d orders failed", failed, n)
	}
	if got := srv.CountRequests(http.MethodGet, "/v1/partners/products/"); got != 1 {
		t.Fatalf("%d concurrent cold orders made %d brand GETs, want 1", n, got)
	}
	if got := srv.CountRequests(http.MethodPost, ordersPath); got != n {
		t.Fatalf("%d order POSTs, want %d", got, n)
	}
}

// An order event is delivered to user code once, however often it is
// posted (Hubble retrying, or a captured request replayed); a failed
// delivery is not remembered, and other payloads are always delivered.
// (Item 9.)
func TestOrderWebhookReplayIsDeliveredOnce(t *testing.T) {
	var orders, brands int
	fail := true
	h, err := hubble.NewWebhookHandler(hubble.WebhookHandlers{
		Order: func(context.Context, hubble.OrderEvent) error {
			orders++
			if fail {
				return errors.New("database down")
			}
			return nil
		},
		BrandUpdated: func(context.Context, hubble.BrandUpdate) error { brands++; return nil },
	}, hubble.WithWebhookSecret(vectorSecret))
	if err != nil {
		t.Fatal(err)
	}
	if w := post(h, vectorBody, vectorSig, ""); w.Code != http.StatusInternalServerError || orders != 1 {
		t.Fatalf("failing delivery: %d, %d calls", w.Code, orders)
	}
	fail = false
	for i := range 3 {
		if w := post(h, vectorBody, vectorSig, ""); w.Code != http.StatusOK || orders != 2 {
			t.Fatalf("post %d of a delivered event: %d, %d calls", i, w.Code, orders)
		}
	}
	// The same order reaching another status is another event. Key order
	// and spacing do not make a replay new.
	failed := `{"id":"01KJB2EXAMPLE0PROCESSING01","status":"FAILED"}`
	for _, body := range []string{failed, `{ "status": "FAILED", "id": "01KJB2EXAMPLE0PROCESSING01" }`} {
		if w := post(h, body, hubble.Sign([]byte(body), vectorSecret), ""); w.Code != http.StatusOK || orders != 3 {
			t.Fatalf("%s: %d, %d calls", body, w.Code, orders)
		}
	}
	brand := `{"id":"b1","denominationType":"FIXED","status":"INACTIVE","denominations":[100]}`
	for range 2 {
		post(h, brand, hubble.Sign([]byte(brand), vectorSecret), "")
	}
	if brands != 2 {
		t.Fatalf("a brand update posted twice was delivered %d times, want 2", brands)
	}
	off, _ := hubble.NewWebhookHandler(hubble.WebhookHandlers{Order: func(context.Context, hubble.OrderEvent) error { orders++; return nil }},
		hubble.WithWebhookSecret(vectorSecret), hubble.WithoutReplayGuard())
	post(off, vectorBody, vectorSig, "")
	post(off, vectorBody, vectorSig, "")
	if orders != 5 {
		t.Fatalf("WithoutReplayGuard: %d calls, want 5", orders)
	}
}

// A webhook handler can be built from the webhook secret alone, without
// API credentials, so webhook code can be unit-tested; it fails closed.
func TestWebhookHandlerFromTheSecretAlone(t *testing.T) {
	var got hubble.OrderEvent
	h, err := hubble.NewWebhookHandler(hubble.WebhookHandlers{Order: func(_ context.Context, ev hubble.OrderEvent) error {
		got = ev
		return nil
	}}, hubble.WithWebhookSecrets("old-secret", vectorSecret))
	if err != nil {
		t.Fatal(err)
	}
	if w := post(h, vectorBody, vectorSig, ""); w.Code != http.StatusOK || got.ID != "01KJB2EXAMPLE0PROCESSING01" {
		t.Fatalf("signed with the second secret: %d %+v", w.Code, got)
	}
	if w := post(h, `{"id":"x","status":"SUCCESS"}`, vectorSig, ""); w.Code != http.StatusUnauthorized {
		t.Fatalf("forged: %d", w.Code)
	}
	for name, opts := range map[string][]hubble.WebhookOption{
		"WebhookSecret": nil,
		"FetchOrder":    {hubble.WithWebhookSecret(vectorSecret), hubble.FetchOrder()},
		"AllowedIPs[0]": {hubble.WithWebhookSecret(vectorSecret), hubble.WithAllowedIPs("not-an-ip")},
	} {
		if _, err := hubble.NewWebhookHandler(hubble.WebhookHandlers{}, opts...); asValidation(t, err).Field != name {
			t.Errorf("%s: %v", name, err)
		}
	}
	insecure, err := hubble.NewWebhookHandler(hubble.WebhookHandlers{}, hubble.InsecureSkipVerify())
	if err != nil || post(insecure, vectorBody, "", "").Code != http.StatusOK {
		t.Fatalf("InsecureSkipVerify: %v", err)
	}
}

// A base URL whose path prefix is wrong answers 404 on every route; the
// error says to check the prefix. (Item 12.)
func TestWrongBasePathIsNamed(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	c, err := hubble.New(hubble.Config{ClientID: "id", ClientSecret: "s", BaseURL: srv.URL + "/api"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetBalance(t.Context())
	if !errors.Is(err, giftcard.ErrNotFound) || !strings.Contains(err.Error(), "path prefix") {
		t.Fatalf("got %v, want a 404 that names the path prefix", err)
	}
}
