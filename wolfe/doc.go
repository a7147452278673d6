// Package wolfe is the client for Wolfe's Partner API: claimable gifts that
// recipients spend at merchants, bought in US dollars from a prepaid
// funding account.
//
// # Layout
//
// Wolfe documents 40 operations. The Client groups them by area in
// services, in the manner of go-github, so godoc lists each area's methods
// together and the names stay short:
//
//	c.Funding    the funding account                     W1–W4
//	c.Merchants  onboarding, catalog, locations          W5–W10
//	c.Gifts      purchase, read, events, claim, cancel   W11–W16
//	c.Webhooks   webhook configuration, portal link      W38–W40
//
// (Card linking, merchant change and regift, eGift / Visa / Zelle
// redemptions, cards and credits — W17–W37 — come with a later issue; their
// routes are already in Routes.) The Client itself implements the shared
// interfaces giftcard.Catalog, giftcard.Wallet, giftcard.Orders and
// giftcard.Gifts. They live on the Client, not on a service, and their
// portable names (GetGift, ListProducts …) cannot clash with the native
// ones (Gifts.Get, Merchants.All) because those live on the services: that
// is why the native API is grouped rather than flat.
//
// Naming, as everywhere in the SDK: List / ListX returns one page
// (Page[T], with Wolfe's pagination), All / X walks every page lazily as an
// iter.Seq2 (stop ranging to stop fetching).
//
//	W1  GET  /partner/{c}/transactions            Funding.ListTransactions, Funding.Transactions
//	W2  GET  /partner/{c}/transactions/{id}       Funding.GetTransaction
//	W3  POST /partner/{c}/transactions/deposit    Funding.Deposit (exactly once on reference_id)
//	W4  GET  /partner/{c}/balance                 Funding.Balance, GetBalance
//	W5  POST /partner/{c}/merchant-submissions    Merchants.Submit
//	W6  GET  /partner/{c}/merchant-submissions/{id} Merchants.GetSubmission
//	W7  GET  /partner/{c}/merchants               Merchants.List, Merchants.All, ListProducts
//	W8  GET  /partner/{c}/merchants/{id}          Merchants.Get, GetProduct
//	W9  GET  /partner/{c}/locations               Merchants.ListLocations, Merchants.Locations
//	W10 GET  /partner/{c}/locations/{id}          Merchants.GetLocation
//	W11 POST /partner/{c}/gifts                   Gifts.Purchase (exactly once), PlaceOrder, IssueGift
//	W12 POST /partner/{c}/gifts/managed           Gifts.PurchaseManaged (exactly once), PlaceOrder, IssueGift
//	W13 GET  /partner/{c}/gifts                   Gifts.Get, Gifts.GetByReference, GetOrder, GetOrderByReference, GetGift
//	W14 GET  /partner/{c}/gifts/events            Gifts.Events, Gifts.EventsByReference
//	W15 POST /partner/{c}/gifts/claim             Gifts.Claim
//	W16 POST /partner/{c}/gifts/cancel            Gifts.Cancel, CancelGift
//	W38 PUT  /partner/{c}/webhooks                Webhooks.SetConfig
//	W39 GET  /partner/{c}/webhooks                Webhooks.GetConfig
//	W40 GET  /partner/{c}/webhooks/portal         Webhooks.PortalLink
//	    (webhook deliveries)                      NewWebhookHandler, ParseWebhook
//
// Package wolfetest is a wire-level sandbox of the same API for tests and
// examples.
//
//	cfg, err := wolfe.ConfigFromEnv() // WOLFE_BASE_URL, WOLFE_PARTNER_KEY, WOLFE_COMPANY_ID, WOLFE_TENANT_ID
//	...
//	c, err := wolfe.New(cfg)
//	...
//	res, err := c.Gifts.Purchase(ctx, wolfe.PurchaseRequest{
//		Amount:     giftcard.MustParseMoney("25.00", "USD"),
//		MerchantID: merchant.ID,
//		Email:      "recipient@example.com",
//	})
//	// res.ReferenceID is the (generated) reference: keep it.
//
// # Choices where Wolfe's documentation is silent
//
// The documentation (a rendered Redoc page) gives no methods, paths or
// environments, no error statuses or examples, and cuts several rules off
// mid-sentence. What the client does:
//
// Routes. The paths are DESIGN.md's route table (Routes), shared with
// wolfetest. The company id is a path parameter on every route — create
// merchant submission (W5) included, whose table does not list it — and is
// checked to be a UUID when the Client is built. A parameter the
// documentation shows as "Example: name=value" is a query parameter; ids
// without an example (W6, W8, W10) are path segments.
//
// Environment. There is no default base URL: Config.BaseURL (or
// giftcard.WithBaseURL) is required, since the documentation names none
// and real money must not be spent by omission. ConfigFromEnv reads
// WOLFE_BASE_URL, WOLFE_PARTNER_KEY, WOLFE_COMPANY_ID and the optional
// WOLFE_TENANT_ID; none set is ErrNoEnvironment, some set and a required
// one missing is an error naming the missing ones. The partner key is sent
// as partner-key on every request and tenant-id when Config.TenantID is
// set; neither ever appears in fmt or slog output or in errors.
//
// Envelope. Every answer is {"code", "message", "data"}. Codes 200, 201 and
// 202 (any 2xx, or none) are success and data is the payload; any other
// code is a refusal even inside an HTTP 200, answered as an error and never
// retried. A refusal's kind: HTTP (or body) 401 and 403 are
// giftcard.ErrUnauthorized, 404 giftcard.ErrNotFound, whatever the body
// says; otherwise the error's name decides (LookupCode: MISSING_PARAMETERS
// and PATTERN_IS_NOT_MATCHED are giftcard.ErrInvalidRequest; the names
// wolfetest uses — INSUFFICIENT_FUNDS, DUPLICATE_REFERENCE,
// AMOUNT_OUT_OF_RANGE … — their kinds), then the status. The name is read
// from "code" when it is not a number, else from a message starting with
// an upper-case NAME; an unknown name is kept in giftcard.Error.Code. The
// parameters a refusal names (a "parameters" or "fields" list at the top
// or in data, or "NAME: a, b" in the message) are in the error's message,
// and a refusal of the request's form unwraps to a *giftcard.ValidationError
// naming them. The body is reachable with errors.As as *ErrorResponse. A
// 2xx whose body is not the envelope (the documentation's own W39 and W40
// examples, with their trailing commas) is giftcard.ErrInvalidResponse.
// Where the documentation shows no data (W15, W16, W38, W39, W40), none is
// required, except for the portal link, whose whole point is the link: it
// is read from a bare string or from "url", "link", "portal_url" or
// "portal_link".
//
// Money. Amounts are giftcard.Money in USD. Gift, funding, fee and event
// amounts travel as integer cents and are sent as bare JSON integers; an
// amount that is not a whole number of cents (10.005) or not in USD is
// refused before the network, never rounded. Webhook amounts (85.32) and
// the merchant redemption configurations (EGIFT min 10 / max 50, VISA
// min_amount 5) are dollars on the wire; merchants' min_gift / max_gift are
// cents. The funding balance is read from "balance" (cents), or, when that
// is absent, from the introduction's {"Balance": 100.15} (dollars). An
// amount absent from an answer is the zero Money with no currency.
//
// Lenient decoding. Numbers and booleans are read as JSON values or
// strings everywhere (is_batched "true", offset "0"); the list count as
// "count" or "total_count"; redemption_methods as a JSON string holding
// the array and redemption_options as the array, both into
// []RedemptionMethod; dates in every layout Wolfe uses, a date that does
// not parse ("2022-25-10") kept in Time.Raw with a zero instant; addresses
// with address_line1 or address_line_1 (address_line1 is sent); events in a
// webhook configuration as an array or a string holding one (an array is
// sent: the documented type). Unknown statuses, event types and redemption
// methods are kept as sent.
//
// Validation before the network. From the documentation: a gift's amount
// 5.00..100.00 USD, reference_id at most 255 characters, merchant_id a
// UUID, email an address, mobile_number 11 digits, message at most 1000
// characters, at least one of email and mobile_number for a notified gift
// (the "It can only be NULL if" rule is cut off: one of the two is
// required); a deposit's amount zero or more, payment method ACH, WIRE or
// CHECK, comment at most 250 characters; a merchant submission's required
// fields, 255-character limits, an 11-digit phone number, an http(s)
// website, and a base64 logo (bare or as a data: URI, the example's form)
// of at most 2 MB; the transaction status enum; a merchant name filter of
// at least 2 characters; the webhook event names. Every id and reference
// must be valid UTF-8 without control characters and not blank (a path id
// also not "." or ".."). Dates in filters are time.Time, sent as
// 2006-01-02 as the examples write them; a period ending before it starts
// is refused. Claim (W15) requires both gift_id and client_recipient_id,
// although neither is marked required: without them it means nothing.
// Each refusal is a *giftcard.ValidationError naming Wolfe's field, and
// nothing is sent.
//
// Exactly-once purchases. A gift purchase's reference_id "must be unique
// within the partner": it is the idempotency key. Purchase and
// PurchaseManaged generate one (a random UUID) when the request has none,
// and return it on the result and on every error (giftcard.Error.Reference).
// The body is marshalled once and a resend is the same bytes. The POST is
// not retried blindly (Wolfe does not document deduplication); when its
// outcome is unknown — the connection dropped after sending, a 5xx, a 2xx
// that cannot be read — or Wolfe refuses the reference as used, the gift is
// looked up by reference_id (W13): found and it is this request (same
// amount, merchant and recipient: email, mobile number and message when one
// was given, or client_recipient_id), it is returned as if the answer had
// arrived; found and it is another request's, giftcard.ErrDuplicateReference
// names it; absent after an unknown outcome, the same request is sent again
// (at most three lookups). When the lookup itself fails the error matches
// giftcard.ErrOutcomeUnknown: look the reference up later, or retry with it,
// never with a new one. A documented refusal (invalid input, insufficient
// funds, an unknown merchant) is returned without a lookup. Deposits (W3)
// follow the same rule, looked up by listing the transactions with their
// reference (W1) and taking the one with a payment method (a gift
// purchase's transaction has none); the same amount and payment method make
// it this request's. Claim and Cancel carry no key: after an unknown outcome
// they read the gift, and a gift claimed by this recipient, or cancelled,
// is success. A merchant submission (W5) has no key at all: a lost answer is
// returned as giftcard.ErrOutcomeUnknown.
//
// Gifts and orders. The gift object carries no reference_id: GetByReference
// fills Gift.ReferenceID from its argument. The documentation shows only
// the status "new"; the client knows new, active, claimed, redeemed and
// cancelled (compared without case, "canceled" too) and keeps any other.
// For the shared interfaces a purchase is an order of one gift in SUCCESS
// (CANCELLED once cancelled), with no vouchers since the recipient claims
// the gift; a Recipient with an email or phone makes a notified gift (W11),
// one without a partner-managed gift (W12) whose client_recipient_id is
// GiftRequest.AccountID. An OrderRequest may give Amount or exactly one item
// of quantity 1. A purchase charges amount + fee to the funding account
// (Gift.Charged); a cancel refunds both. The portable Product of a merchant
// is FLEXIBLE from max(min_gift, 5.00) to min(max_gift, 100.00), INACTIVE
// when that range is empty; its categories are its redemption methods and
// NATIONAL for a national merchant. ListProducts' Category NATIONAL is
// Wolfe's is_national filter; another category keeps merchants offering
// that redemption method (filtered by the client).
//
// Webhooks. The signature scheme is not published. NewWebhookHandler needs
// one way to trust a delivery: an HMAC-SHA256 signature of the raw body in
// a configurable header (DefaultSignatureHeader, which wolfetest uses),
// encoding (hex by default, base64, base64url) and prefix, with several
// secrets for rotation; or verify-by-refetch, the documentation's own
// advice: the transaction, gift or merchant the payload names is re-read
// through a Client and that fresh object, never the posted body, is handed
// to your function (an id Wolfe does not know is answered 401, a failed
// read 503 so Wolfe delivers again; MERCHANT_DELETE is confirmed by the
// merchant being gone); or Insecure, on purpose. With none, construction
// fails. The source-IP allow-list is optional (the documented 10.10.10.10 is
// a placeholder). MERCHANT_UPDATE and MERCHANT_DELETE have no documented
// payload: the event and the merchant id ("id" or "merchant_id") are read.
// TRANSACTION_UPDATE's before_balance, whose unit is not documented, is read
// as dollars like the payload's other amounts. An event the client does not
// know is delivered with its name and Raw, except with verify-by-refetch,
// where it cannot be verified and is answered 400.
package wolfe
