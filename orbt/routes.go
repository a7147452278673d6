package orbt

import (
	"net/http"

	"github.com/giftcard-go/giftcard"
)

// The documented ORBT routes: the client builds its requests from them and
// orbttest serves them, so the two cannot drift apart.
var (
	routeCreateCustomer = giftcard.Route{Op: "CreateCustomer", Method: http.MethodPost,
		Path: "/api/partner/v1/customer"}
	routeListCustomers = giftcard.Route{Op: "ListCustomers", Method: http.MethodGet,
		Path: "/api/partner/v1/customer"}
	routeListWallets = giftcard.Route{Op: "ListWallets", Method: http.MethodGet,
		Path: "/api/partner/v1/customer/{customerId}/wallets"}
	routeCreateWalletTransaction = giftcard.Route{Op: "CreateWalletTransaction", Method: http.MethodPost,
		Path: "/api/partner/v1/wallets/{walletId}/transactions"}
)

// Routes returns every documented ORBT operation: its Client method, HTTP
// method and path template ({customerId} and {walletId} are path
// parameters).
func Routes() []giftcard.Route {
	return []giftcard.Route{routeCreateCustomer, routeListCustomers, routeListWallets, routeCreateWalletTransaction}
}
