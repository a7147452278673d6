// Package hubble is the client for Hubble's partner API (gift vouchers for
// Indian brands, amounts in rupees): login, the brand catalog, orders,
// vouchers, resend-delivery, the wallet balance and the four webhooks.
//
// A Client implements giftcard.Catalog, giftcard.Wallet and giftcard.Orders,
// and also exposes every endpoint with Hubble's own types:
//
//	POST /v1/partners/auth/login                      internal (Login to warm it up)
//	GET  /v1/partners/products                        Brands (lazy iter.Seq2), BrandsPage, ListProducts
//	GET  /v1/partners/products/:productId             Brand, GetProduct
//	POST /v1/partners/orders                          SubmitOrder, PlaceOrder, PlaceOrderFor
//	GET  /v1/partners/orders/:orderId                 Order, GetOrder
//	GET  /v1/partners/orders/by-reference/:ref        OrderByReference, GetOrderByReference
//	GET  /v1/partners/orders/vouchers/:id             Voucher
//	POST /v1/partners/orders/:orderId/resend-delivery ResendDelivery
//	GET  /v1/partners/wallet/balance                  WalletBalance, GetBalance
//
// Package hubbletest is a wire-level sandbox of the same API for tests and
// examples.
//
//	c, err := hubble.New(hubble.Config{
//		ClientID:     os.Getenv("HUBBLE_CLIENT_ID"),
//		ClientSecret: giftcard.Secret(os.Getenv("HUBBLE_CLIENT_SECRET")),
//		BaseURL:      hubble.StagingURL,
//	})
//	...
//	order, err := c.PlaceOrder(ctx, giftcard.OrderRequest{
//		ProductID: flipkartID,
//		Items:     []giftcard.OrderItem{{Denomination: giftcard.MustParseMoney("500", "INR"), Quantity: 1}},
//	})
//	if err == nil && order.Status == giftcard.OrderProcessing {
//		order, err = giftcard.WaitForOrder(ctx, c, order.ID, giftcard.DefaultPollPolicy())
//	}
//	if err == nil {
//		err = order.Err() // a FAILED order is an order; Err maps its reason to a kind
//	}
//
// # Choices where Hubble's documentation is silent
//
// Environment. Config.BaseURL (or giftcard.WithBaseURL, which overrides it)
// is required: there is no default environment, so production money is
// never spent by omission. StagingURL and ProductionURL are exported.
//
// Money. Amounts are bare JSON numbers in rupees. They are decoded straight
// into decimal.Decimal (a JSON string holding a number is accepted too) and
// encoded back as JSON numbers; the portable types carry them as
// giftcard.Money in Config.Currency (default INR). A portable request in
// another currency is refused before the network. Denominations may have at
// most the currency's minor digits (two for INR); a zero or negative one is
// refused (Hubble's E157).
//
// Token. The login token is cached per Client and shared by all its
// goroutines. It is replaced once 80 % of expiresInSecs has passed on the
// client's clock (giftcard.WithClock), by the first call after that point,
// while concurrent calls go on using the still-valid token. If that early
// refresh fails, nothing fails: the old token serves until it really expires
// and the refresh is tried again 30 s later. Once a token has expired or was
// rejected, concurrent calls wait for one login rather than start their own.
// A login answer without a usable expiresInSecs is taken to last 3600 s (the
// documented typical value), and one over 30 hours as 30 hours. The login
// runs on a context detached from the
// cancellation of the caller that triggered it (its values are kept) and
// bounded by Config.LoginTimeout (30 s), so a caller that gives up neither
// cancels it for others nor leaves them without a token. A 401 on any call
// drops the token only if the rejected request carried the current one, logs
// in again (once for a burst of 401s) and repeats the call once. A 401, 400
// or 403 on the login itself is returned (ErrUnauthorized for 401 and 403,
// ErrInvalidRequest for 400), keeping Hubble's code, message and requestId,
// with the documented cause appended to the message; login is otherwise
// retried like any idempotent request, since logging in twice is harmless.
// The client secret and the tokens never appear in a log line, an error or
// fmt output.
//
// Catalog. Brands and ListProducts walk pages lazily with pageNo from 1 and
// limit DefaultPageSize (100) unless set, following nextCursor; a bare-array
// answer (accepted as well as the {"data","nextCursor"} envelope) is walked
// until a page shorter than the limit, and a cursor that does not move
// forward ends the walk. INACTIVE brands are yielded, as Hubble returns
// them: filter on Product.Active before showing them. The deprecated brand
// fields are read as fallbacks: iconImageUrl for thumbnailUrl,
// minAmount/maxAmount for minOrderAmount/maxOrderAmount, and usageInstructions
// (when it is an object of retail mode → step or steps) for
// howToUseInstructions. The brand object's card type spellings PIN_SECURED
// and CARD_NO_AND_PIN are understood besides the voucher's
// CARD_NUMBER_SECURED, PIN_NO_SECURED and CARD_AND_PIN_NO_SECURED; an
// unknown card type, order status or brand status is kept as sent.
// Product.MinValue/MaxValue are the voucher amount limits.
//
// Validation before the network. SubmitOrder and PlaceOrder refuse with a
// *giftcard.ValidationError naming the field ("referenceId", "amount",
// "productId", and "denominationDetails[i].…" natively or "items[i].…" for
// the portable request) what the docs say will fail: a referenceId over 40
// characters, an amount other than Σ denomination × quantity (E151; a zero
// portable Amount is computed instead), a quantity below one, and, against
// the brand: an INACTIVE brand (ErrProductUnavailable, E102), a FIXED
// denomination not in the list (E150) or above maxVoucherAmount (E152), a
// FLEXIBLE one outside minVoucherAmount..maxVoucherAmount (E155), more
// distinct denominations than maxDenominationsPerOrder (E153), more vouchers
// of one denomination than maxVouchersPerDenomination (E154) or in all than
// maxVouchersPerOrder (E156), and a total outside
// minOrderAmount..maxOrderAmount (no documented code). Amount rules match
// ErrInvalidDenomination as well as ErrInvalidRequest.
//
// Which brand. Hubble advises fetching the brand before ordering and also
// caching the catalog. PlaceOrder uses a short-lived cache: a brand read by
// Brand, GetProduct, Brands or ListProducts, or fetched by PlaceOrder itself,
// is trusted for Config.ProductCacheTTL (DefaultProductCacheTTL, one minute)
// on the client's clock; after that PlaceOrder fetches it again. So a burst
// of orders for one brand costs one extra GET per brand per minute, not one
// per order (TestProductCacheAvoidsExtraRequests counts them). The
// BrandUpdated webhook handler, a BRAND_DISABLED event and InvalidateProduct
// drop a brand at once. PlaceOrderFor and the ForBrand option validate
// against a brand you pass (no request); WithoutBrandCheck and a negative
// ProductCacheTTL skip the brand rules (Hubble still applies them). A brand
// that changed since it was cached is caught by Hubble, whose error code is
// returned.
//
// References and exactly-once placement. An empty ReferenceID is filled with
// a random UUID (36 characters) and returned on the order. When the order
// POST's outcome is unknown (the connection dropped after sending, a 500,
// 502 or 504: the transport's giftcard.ErrOutcomeUnknown), the order is
// looked up by reference, as Hubble documents: found, it is returned; 404,
// the same request is sent again with the same referenceId (and a lost
// answer to that resend is reconciled the same way). This repeats at most
// three times; if the lookup itself fails, or the caller's context ends
// during it, the error still matches giftcard.ErrOutcomeUnknown (and the
// context's error): reconcile later with GetOrderByReference. Such an error
// names the referenceId, and the Order returned with it holds that
// ReferenceID (no id, no status), so a reference the SDK generated is not
// lost. An order found that cannot be this call's (a SUCCESS for other
// amounts, a CANCELLED or REVERSED one) held the reference before: that is
// giftcard.ErrDuplicateReference naming it, never someone else's vouchers
// reported as this order's. The order is never sent under another
// referenceId.
//
// Reused references. Hubble consumes a referenceId even when its order
// FAILED, and does not document its answer to a reused one; the client takes
// HTTP 409 or code DUPLICATE_REFERENCE (what hubbletest answers) as
// giftcard.ErrDuplicateReference. PlaceOrder is idempotent on the
// reference, so on that answer it looks the reference up: an order still
// PROCESSING, or a SUCCESS whose vouchers are exactly the requested
// denominations, is the same order placed again and is returned; a FAILED,
// CANCELLED or REVERSED order, or one for other amounts, means the reference
// is spent, and the ErrDuplicateReference error names that order. Hubble's
// order object carries no product id, so a repeat is recognised by its
// amounts only (and any PROCESSING order counts as one). When the order
// holding the reference cannot be read (the lookup fails, or answers 404
// although the reference is taken), it may be this very order, so the error
// matches giftcard.ErrOutcomeUnknown, not ErrDuplicateReference: a caller
// who took "duplicate" as "use a new referenceId" could pay twice. Placing
// the same request again with the same referenceId is always safe.
//
// Orders. Hubble's five statuses map one to one to the giftcard ones. A
// FAILED order inside HTTP 200 is returned with a nil error; its
// failureReason maps to a kind (FailureKind, giftcard.Order.FailureKind and
// Order.Err): "Insufficient balance" → ErrInsufficientFunds, "Brand not
// available" → ErrProductUnavailable, "Denomination not available" →
// ErrInvalidDenomination, "Voucher generation failed" →
// ErrProviderUnavailable; a reason starting with an E-code maps as that code;
// others by their words (balance, denomination, a business "limit" →
// ErrRateLimited, brand), and otherwise ErrProviderUnavailable, since the
// documented advice is to retry later with a new referenceId. Hubble's order
// has neither product id nor total: GetOrder reports Amount as Σ voucher
// amounts (zero while there are none) and PlaceOrder fills both from the
// request. giftcard.WaitForOrder's default policy is Hubble's polling
// protocol (first poll after a minute, then every two, at most five, give up
// at fifteen minutes).
//
// Errors. Hubble's error body ({"id","code","message","requestId",
// "debugMessage","subErrors"}) becomes a *giftcard.Error keeping the E-code
// (the "id"; "code" when there is none), the message and Hubble's requestId
// (else the X-REQUEST-ID sent); the whole body is its cause when it has a
// debug message or field errors (errors.As with *ErrorResponse). E001 →
// ErrNotFound; E100, E101, E102 → ErrProductUnavailable (E100 retryable);
// E151 → ErrInvalidRequest; E150, E152–E157 → ErrInvalidDenomination; E200
// → ErrProviderUnavailable (retryable); E300 → ErrInsufficientFunds. An
// unknown code, or a body that is not this shape, falls back to the HTTP
// status. An order answer (2xx) without a status is not taken for an order:
// an error body there maps by its code as above, anything else is
// ErrInvalidResponse (for the order POST an unknown outcome, reconciled by
// reference).
//
// Delivery. deliveryDetails has no published schema (it needs an agreement
// with Hubble), so OrderRequest.DeliveryDetails is raw JSON sent as is.
// ResendDelivery reports only success or failure, and may be repeated by the
// transport after a lost response, since a second delivery is harmless.
//
// Webhooks. OrderWebhook, BrandUpdatedWebhook, LowBalanceWebhook and
// BrandDiscountWebhook are http.Handlers, one per payload, and
// WebhookHandler serves all four on one URL (told apart by DetectWebhook).
// Each accepts only POST (405), reads the body once up to 1 MiB
// (WithWebhookMaxBytes; 413 above), and, when a secret is configured
// (Config.WebhookSecret or WithWebhookSecret), checks X-Verify =
// base64(HMAC-SHA256(raw body, secret)) in constant time, answering 401
// without calling your function when it does not match. Without a secret
// nothing is verified: configure one in production. A malformed payload is
// answered 400, an error from your function 500, success 200. The order
// payload's id is read from "id" or "orderId". FetchOrder makes the order
// handler fetch the full order before your function runs (503 when that
// fails, so Hubble can redeliver). The source-IP allow-list is off unless
// WithAllowedIPs is given (WebhookIPs lists Hubble's documented production
// addresses); it uses the connection's address and ignores X-Forwarded-For,
// which anyone can send, unless WithTrustedProxies names the proxies in
// front of you: then, for a connection from one of them, the client is the
// right-most X-Forwarded-For address that is not itself a trusted proxy. An
// allow-list entry that does not parse refuses everything.
package hubble
