package hubble_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/hubble"
	"github.com/giftcard-go/giftcard/hubble/hubbletest"
	"github.com/giftcard-go/giftcard/internal/kittest"
)

// decodeGolden checks a golden file (its JSON value; the files end with a
// newline) with kittest.Decode.
func decodeGolden[T any](t *testing.T, raw []byte) { kittest.Decode[T](t, bytes.TrimSpace(raw)) }

// One walk over every route of the table: each has a golden answer (or
// says why not), the sandbox serves it at the route's method and path, an
// unknown id is ErrNotFound, and a missing argument is refused before the
// network.
func TestRouteWalk(t *testing.T) {
	srv := sandbox(t)
	c := client(t, srv)
	ctx := t.Context()
	placed, err := c.PlaceOrder(ctx, flipkart500())
	if err != nil {
		t.Fatal(err)
	}
	const missing = "01HMISSING0000000000000000"
	kittest.Walk(t, kittest.RouteWalk{
		Routes: hubble.Routes(),
		Golden: "../testdata/hubble",
		Requests: func() []kittest.Request {
			var out []kittest.Request
			for _, e := range srv.Requests() {
				out = append(out, kittest.Request{Method: e.Method, Path: e.Path})
			}
			return out
		},
		Cases: map[string]kittest.RouteCase{
			"Login": {
				Golden: "login_response.json", Decode: decodeGolden[hubble.LoginResponse],
				Call: func(ctx context.Context) error { c.Logout(); return c.Login(ctx) },
			},
			"ListProducts": {
				Golden: "-", // the guide shows no product list: hubbletest's catalog stands in for it
				Call: func(ctx context.Context) error {
					_, err := c.ListBrands(ctx, hubble.BrandQuery{PageNo: 1, Limit: 5})
					return err
				},
			},
			"GetProduct": {
				Golden: "-", // no brand example in the guide either
				Call: func(ctx context.Context) error {
					_, err := c.GetProduct(ctx, hubbletest.FlipkartID)
					return err
				},
				NotFound: func(ctx context.Context) error { _, err := c.GetProduct(ctx, missing); return err },
				Missing:  func(ctx context.Context) error { _, err := c.GetProduct(ctx, ""); return err },
			},
			"PlaceOrder": {
				Golden: "order_response_success_flipkart.json", Decode: decodeGolden[hubble.Order],
				Call: func(ctx context.Context) error { _, err := c.PlaceOrder(ctx, flipkart500()); return err },
				NotFound: func(ctx context.Context) error {
					_, err := c.SubmitOrder(ctx, hubble.OrderRequest{ProductID: missing, Amount: dec("500"), DenominationDetails: denoms(500, 1)},
						hubble.WithoutBrandCheck())
					return err
				},
				Missing: func(ctx context.Context) error {
					_, err := c.PlaceOrder(ctx, giftcard.OrderRequest{Items: flipkart500().Items})
					return err
				},
			},
			"GetOrder": {
				Golden: "order_response_processing_amazon.json", Decode: decodeGolden[hubble.Order],
				Call:     func(ctx context.Context) error { _, err := c.GetOrder(ctx, placed.ID); return err },
				NotFound: func(ctx context.Context) error { _, err := c.GetOrder(ctx, missing); return err },
				Missing:  func(ctx context.Context) error { _, err := c.GetOrder(ctx, ""); return err },
			},
			"GetOrderByReference": {
				Golden: "order_response_resolved_amazon.json", Decode: decodeGolden[hubble.Order],
				Call:     func(ctx context.Context) error { _, err := c.GetOrderByReference(ctx, placed.ReferenceID); return err },
				NotFound: func(ctx context.Context) error { _, err := c.GetOrderByReference(ctx, "no-such-ref"); return err },
				Missing:  func(ctx context.Context) error { _, err := c.GetOrderByReference(ctx, ""); return err },
			},
			"GetVoucher": {
				Golden:   "-", // the guide shows vouchers inside orders only; the order files check them
				Call:     func(ctx context.Context) error { _, err := c.Voucher(ctx, placed.Vouchers[0].ID); return err },
				NotFound: func(ctx context.Context) error { _, err := c.Voucher(ctx, missing); return err },
				Missing:  func(ctx context.Context) error { _, err := c.Voucher(ctx, ""); return err },
			},
			"ResendDelivery": {
				Golden:   "-", // the answer is not documented; only success or failure is read
				Call:     func(ctx context.Context) error { return c.ResendDelivery(ctx, placed.ID) },
				NotFound: func(ctx context.Context) error { return c.ResendDelivery(ctx, missing) },
				Missing:  func(ctx context.Context) error { return c.ResendDelivery(ctx, "") },
			},
			"GetBalance": {
				Golden: "wallet_balance_response.json", Decode: decodeGolden[hubble.Balance],
				Call: func(ctx context.Context) error { _, err := c.GetBalance(ctx); return err },
			},
		},
	})
}
