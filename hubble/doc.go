// Package hubble is the client for Hubble's partner API (gift vouchers for
// Indian brands, amounts in rupees): login, the brand catalog, orders,
// vouchers, resend-delivery, the wallet balance and the four webhooks.
//
// A Client implements giftcard.Catalog, giftcard.Wallet and giftcard.Orders,
// and also exposes every endpoint with Hubble's own types:
//
//	POST /v1/partners/auth/login                      internal (Login to warm it up)
//	GET  /v1/partners/products                        Brands (lazy iter.Seq2), ListBrands (one page), ListProducts
//	GET  /v1/partners/products/:productId             Brand, GetProduct
//	POST /v1/partners/orders                          SubmitOrder, PlaceOrder, PlaceOrderFor
//	GET  /v1/partners/orders/:orderId                 Order, GetOrder
//	GET  /v1/partners/orders/by-reference/:ref        OrderByReference, GetOrderByReference
//	GET  /v1/partners/orders/vouchers/:id             Voucher
//	POST /v1/partners/orders/:orderId/resend-delivery ResendDelivery
//	GET  /v1/partners/wallet/balance                  WalletBalance, GetBalance
//
// Routes lists them as data: the client builds every request from that
// table, and the wire-level sandbox in hubbletest (for tests and examples)
// serves it.
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
// until a page shorter than the limit, and a cursor naming a page already
// read ends the walk with an error matching giftcard.ErrInvalidResponse (the
// listing is incomplete). ListBrands is one page (BrandsPage, its old name,
// is a deprecated alias); an answer with neither an array nor "data" is
// ErrInvalidResponse, never an empty catalog. INACTIVE brands are yielded, as Hubble returns
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
// ErrInvalidDenomination as well as ErrInvalidRequest. Every id and
// reference must reach the wire unchanged: one that is blank, not valid
// UTF-8 (two different references would both arrive as "…\uFFFD") or holds a
// control character is refused, as are ".", ".." and an empty id in a path.
// A portable amount must carry the client's currency: Money without one is
// refused rather than assumed. In New, a client id with a control character
// (CR, LF, NUL) is refused too.
//
// Which brand. Hubble advises fetching the brand before ordering and also
// caching the catalog. PlaceOrder uses a short-lived cache: a brand read by
// Brand, GetProduct, Brands or ListProducts, or fetched by PlaceOrder itself,
// is trusted for Config.ProductCacheTTL (DefaultProductCacheTTL, one minute)
// on the client's clock; after that PlaceOrder fetches it again. So a burst
// of orders for one brand costs one extra GET per brand per minute, not one
// per order (TestProductCacheAvoidsExtraRequests counts them): orders that
// find the brand missing while it is being fetched wait for that one GET
// (500 concurrent cold orders make one), and a waiter whose fetching caller
// gave up fetches it itself. The
// BrandUpdated webhook handler, a BRAND_DISABLED event and InvalidateProduct
// drop a brand at once. PlaceOrderFor and the ForBrand option validate
// against a brand you pass (no request); WithoutBrandCheck and a negative
// ProductCacheTTL skip the brand rules (Hubble still applies them). A brand
// that changed since it was cached is caught by Hubble, whose error code is
// returned.
//
// References and exactly-once placement. An empty ReferenceID is filled with
// a random UUID (36 characters) and returned on the order. The order is
// placed on the kit's exactly-once rule (internal/reconcile): when the
// order POST's outcome is unknown (the connection dropped after sending, a
// 500, 502, 503 or 504, an answer that is not this reference's order), the
// order is looked up by reference, as Hubble documents: found, it is
// returned; 404, the same request is sent again with the same referenceId.
// A refusal of the POST that is not one of Hubble's documented errors about
// the request itself (E001, E100–E102, E150–E157, E300, or a 401, 403 or
// 429) is looked up the same way before it is answered, and so is any
// refusal of a resend: a slow original may have landed in between. This
// repeats at most three times; if the lookup itself fails, or the caller's
// context ends during it, the error matches giftcard.ErrOutcomeUnknown (and
// the context's error) and is Retryable: reconcile later with
// GetOrderByReference, or place the same request again. Every error of an
// order carries the referenceId in giftcard.Error.Reference, and the Order
// returned with an outcome-unknown error holds that ReferenceID (no id, no
// status), so a reference the SDK generated is not lost. The order is never
// sent under another referenceId.
//
// Which order is this call's. After one of this call's POSTs had an unknown
// outcome, the order found may be that POST's: one PROCESSING or FAILED, a
// SUCCESS whose vouchers are exactly the requested denominations, or a
// status the SDK does not know. Otherwise (Hubble refused every POST of
// this call because the reference was taken) it is the same order placed
// again — the caller retrying after a crash, or concurrent calls with one
// reference — only while PROCESSING or as a SUCCESS with the requested
// denominations. Any other order holding the reference (a CANCELLED or
// REVERSED one, one for other amounts, a FAILED one this call did not
// place) means the reference is spent: giftcard.ErrDuplicateReference names
// that order, never someone else's vouchers reported as this order.
// Hubble's order object carries no product id, so an order is recognised by
// its amounts only.
//
// Reused references. Hubble consumes a referenceId even when its order
// FAILED, and does not document its answer to a reused one; the client
// relies on none in particular. HTTP 409 and code DUPLICATE_REFERENCE (what
// hubbletest answers by default) map to giftcard.ErrDuplicateReference, and
// any refusal that is not a documented error about the request is looked
// up (above), so a server answering 400 with its own code, or 422, is
// handled the same way (hubbletest.WithDuplicateAnswer tests all three).
// When Hubble says the reference is used but the order holding it cannot be
// read (the lookup fails, or answers 404), it may be this very order, so the
// error matches giftcard.ErrOutcomeUnknown, not ErrDuplicateReference: a
// caller who took "duplicate" as "use a new referenceId" could pay twice.
// Placing the same request again with the same referenceId is always safe.
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
// (else the X-REQUEST-ID sent); the whole body is always its cause
// (errors.As with *ErrorResponse). E001 →
// ErrNotFound; E100, E101, E102 → ErrProductUnavailable (E100 retryable);
// E151 → ErrInvalidRequest; E150, E152–E157 → ErrInvalidDenomination; E200
// → ErrProviderUnavailable (retryable); E300 → ErrInsufficientFunds. An
// unknown code, or a body that is not this shape, falls back to the HTTP
// status. The error body sent with a 2xx, on any call, is that error too (an
// object with an E-code "id" or a known "code", and no string "status"). An
// answer is checked before it is used: an order without an id or a status,
// or for another id or referenceId than asked, a brand for another id, a
// voucher for another id, a balance without "balance", a product list
// without brands — each is ErrInvalidResponse (for the order POST an unknown
// outcome, reconciled by reference), never a zero value or another call's
// object. A redirect is never followed: the login's credentials and the
// bearer token go to the configured base URL only. A zero Client (not built
// with New) returns an error from every call and never panics.
//
// Delivery. deliveryDetails has no published schema (it needs an agreement
// with Hubble), so OrderRequest.DeliveryDetails is raw JSON sent as is.
// ResendDelivery reports only success or failure, and may be repeated by the
// transport after a lost response, since a second delivery is harmless.
//
// Webhooks. The handlers stand on the kit's webhook front (internal/webhook);
// this package adds Hubble's four payloads and its X-Verify scheme,
// base64(HMAC-SHA256(raw body, secret)), compared in constant time under
// each configured secret (WithWebhookSecrets lists several, for rotation).
// OrderWebhook, BrandUpdatedWebhook, LowBalanceWebhook and
// BrandDiscountWebhook handle one payload each, and WebhookHandler (or
// NewWebhookHandler, which returns its construction error) serves all four
// on one URL, told apart by DetectWebhook. Each accepts only POST (405),
// reads the body once up to 1 MiB (WithWebhookMaxBytes; 413 above) within
// 10 s (WithWebhookReadTimeout; 408 for a body still dripping in), and
// checks X-Verify before anything else, answering 401 without calling your
// function when it does not match. Handlers fail closed: with no secret
// (Config.WebhookSecret, WithWebhookSecret) NewWebhookHandler returns an
// error and the other constructors return a handler that refuses every
// request, unless InsecureSkipVerify is given on purpose. The package-level
// NewWebhookHandler needs only the webhook secret, no API credentials, so
// webhook code can be tested alone. An order event (its id and status) is
// delivered at most once in 24 hours: a repeat — Hubble retrying, or a
// captured request replayed — is answered 200 without calling your function
// (WithoutReplayGuard turns this off); a delivery your function failed is not
// remembered, so Hubble's retry gets through. Brand, balance and discount
// payloads carry no event id and are always delivered. A malformed payload
// is answered 400, an error from your function 500, success 200. The order
// payload's id is read from "id" or "orderId". FetchOrder makes the order
// handler fetch the full order before your function runs (503 when that
// fails, so Hubble can redeliver); it needs a Client's handler. The
// source-IP allow-list is off unless WithAllowedIPs is given (WebhookIPs
// lists Hubble's documented production addresses); it uses the
// connection's address and ignores X-Forwarded-For, which anyone can send,
// unless WithTrustedProxies names the proxies in front of you: then, for a
// connection from one of them, the client is the right-most
// X-Forwarded-For address that is not itself a trusted proxy. An allow-list
// entry that does not parse is a construction error (a handler that
// refuses everything with 403).
package hubble
