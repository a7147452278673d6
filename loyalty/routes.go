package loyalty

import "github.com/giftcard-go/giftcard"

// Every operation is a POST under /ovstrade/openLoyaltyPay/ (public docs);
// the token endpoint is under /ovstrade/semiOpen/. The seed writes Redeem
// Points as /openLoyaltyPay/loyaltyRedemption, without /ovstrade: the public
// docs and DESIGN.md put it with the others, and so does this table.
var (
	routeActivate     = giftcard.Route{Op: "Activate", Method: "POST", Path: "/ovstrade/openLoyaltyPay/giftActivate"}
	routeQuery        = giftcard.Route{Op: "Query", Method: "POST", Path: "/ovstrade/openLoyaltyPay/giftInquiry"}
	routeTopUp        = giftcard.Route{Op: "TopUp", Method: "POST", Path: "/ovstrade/openLoyaltyPay/giftIssuance"}
	routePay          = giftcard.Route{Op: "Pay", Method: "POST", Path: "/ovstrade/openLoyaltyPay/giftTransaction"}
	routeVoid         = giftcard.Route{Op: "Void", Method: "POST", Path: "/ovstrade/openLoyaltyPay/giftVoid"}
	routeIssuePoints  = giftcard.Route{Op: "IssuePoints", Method: "POST", Path: "/ovstrade/openLoyaltyPay/loyaltyIssuance"}
	routeRedeemPoints = giftcard.Route{Op: "RedeemPoints", Method: "POST", Path: "/ovstrade/openLoyaltyPay/loyaltyRedemption"}
	routeAddTip       = giftcard.Route{Op: "AddTip", Method: "POST", Path: "/ovstrade/openLoyaltyPay/giftTip"}
	routeAccessToken  = giftcard.Route{Op: "AccessTokens", Method: "POST", Path: "/ovstrade/semiOpen/generateAccessToken"}
)

// Routes lists every operation this package calls: the eight card and
// points operations and the token endpoint. The client builds its requests
// from this table and loyaltytest serves it, so the two cannot drift apart.
func Routes() []giftcard.Route {
	return []giftcard.Route{
		routeActivate, routeQuery, routeTopUp, routePay, routeVoid,
		routeIssuePoints, routeRedeemPoints, routeAddTip, routeAccessToken,
	}
}
