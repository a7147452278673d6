package hubble

import (
	"net/http"

	"github.com/giftcard-go/giftcard"
)

// The API's operations (the integration guide's appendix): the one table the
// client builds every request from and hubbletest serves. Op is the name
// errors and logs carry; a {name} segment is a path parameter, and a
// *giftcard.ValidationError for a bad argument names it.
var (
	routeLogin               = giftcard.Route{Op: "Login", Method: http.MethodPost, Path: "/v1/partners/auth/login"}
	routeListProducts        = giftcard.Route{Op: "ListProducts", Method: http.MethodGet, Path: "/v1/partners/products"}
	routeGetProduct          = giftcard.Route{Op: "GetProduct", Method: http.MethodGet, Path: "/v1/partners/products/{productId}"}
	routePlaceOrder          = giftcard.Route{Op: "PlaceOrder", Method: http.MethodPost, Path: "/v1/partners/orders"}
	routeGetOrder            = giftcard.Route{Op: "GetOrder", Method: http.MethodGet, Path: "/v1/partners/orders/{orderId}"}
	routeGetOrderByReference = giftcard.Route{Op: "GetOrderByReference", Method: http.MethodGet, Path: "/v1/partners/orders/by-reference/{referenceId}"}
	routeGetVoucher          = giftcard.Route{Op: "GetVoucher", Method: http.MethodGet, Path: "/v1/partners/orders/vouchers/{voucherId}"}
	routeResendDelivery      = giftcard.Route{Op: "ResendDelivery", Method: http.MethodPost, Path: "/v1/partners/orders/{orderId}/resend-delivery"}
	routeGetBalance          = giftcard.Route{Op: "GetBalance", Method: http.MethodGet, Path: "/v1/partners/wallet/balance"}
)

// Routes lists every operation of Hubble's partner API, login included, as
// the client calls it and hubbletest serves it.
func Routes() []giftcard.Route {
	return []giftcard.Route{routeLogin, routeListProducts, routeGetProduct, routePlaceOrder, routeGetOrder,
		routeGetOrderByReference, routeGetVoucher, routeResendDelivery, routeGetBalance}
}
