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
//	c.Funding      the funding account                              W1–W4
//	c.Merchants    onboarding, catalog, locations                   W5–W10
//	c.Gifts        purchase, read, events, claim, cancel            W11–W16
//	               merchant swap, merchant selection, regift        W21–W23
//	c.CardLinks    card-link log, sessions, unlinking               W17–W20
//	c.Redemptions  eGift, Visa card and Zelle redemptions           W24–W31
//	c.Cards        enrolled cards, unenrolling                      W32, W33
//	c.Credits      credits, merchant transactions, missing credits  W34–W37
//	c.Webhooks     webhook configuration, portal link               W38–W40
//
// Why these groups: swap, merchant selection and regift act on one gift and
// answer with a gift (or nothing), so they sit with the gift lifecycle on
// Gifts; the eGift, Visa and Zelle operations each turn a gift into
// something else and read that something back, and share the exactly-once
// machinery and the Redemption result, so they form Redemptions; card
// linking is a flow of its own (sessions, a log, unlinking); cards belong
// to recipients rather than gifts; and credits, merchant transactions and
// missing credits are the money card-linked gifts pay out, read and
// reclaimed together. The Client itself implements the shared interfaces
// giftcard.Catalog, giftcard.Wallet, giftcard.Orders and giftcard.Gifts.
// They live on the Client, not on a service, and their portable names
// (GetGift, ListProducts …) cannot clash with the native ones (Gifts.Get,
// Merchants.All) because those live on the services: that is why the
// native API is grouped rather than flat.
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
//	W17 GET  /partner/{c}/card-link-log           CardLinks.ListLog, CardLinks.Log
//	W18 POST /partner/{c}/card-link-session       CardLinks.CreateSession
//	W19 POST /partner/{c}/card-link-session/deactivate CardLinks.DeactivateSession
//	W20 POST /partner/{c}/gifts/unlink            CardLinks.Unlink
//	W21 POST /partner/{c}/gifts/swap              Gifts.SwapMerchant (at most once more, after the gift proves it did not happen)
//	W22 POST /partner/{c}/gifts/select-merchant   Gifts.SelectMerchant
//	W23 POST /partner/{c}/gifts/regift            Gifts.Regift (as SwapMerchant)
//	W24 GET  /partner/{c}/egifts/{egift_id}       Redemptions.GetEGift
//	W25 POST /partner/{c}/egifts                  Redemptions.RedeemEGift (as SwapMerchant)
//	W26 GET  /partner/{c}/visa-cards/{visa_card_id} Redemptions.GetVisaCard
//	W27 POST /partner/{c}/visa-cards              Redemptions.RedeemVisaCard (as SwapMerchant)
//	W28 GET  /partner/{c}/zelle/accounts          Redemptions.ZelleAccounts
//	W29 GET  /partner/{c}/zelle/transactions/{id} Redemptions.GetZelleTransaction
//	W30 POST /partner/{c}/zelle/transactions      Redemptions.RedeemZelle (as SwapMerchant)
//	W31 POST /partner/{c}/zelle/validate          Redemptions.ValidateZelleToken
//	W32 GET  /partner/{c}/cards                   Cards.List, Cards.All
//	W33 POST /partner/{c}/cards/unenroll          Cards.Unenroll
//	W34 GET  /partner/{c}/credits                 Credits.List, Credits.All
//	W35 GET  /partner/{c}/merchant-transactions   Credits.ListMerchantTransactions, Credits.MerchantTransactions
//	W36 GET  /partner/{c}/missing-credits         Credits.GetMissingCredit, Credits.GetMissingCreditByReference
//	W37 POST /partner/{c}/missing-credits         Credits.RegisterMissingCredit (exactly once on reference_id)
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
//
// Redemptions, swaps and regifts: fees and exactly once. A swap (W21), a
// regift (W23), and an eGift (W25), Visa card (W27) or Zelle (W30)
// redemption each consume the gift's whole balance (none takes an amount),
// and Wolfe deducts the operation's fee from that balance, never from the
// funding account (a purchase, by contrast, charges amount + fee to the
// funding account: Gift.Charged). Each returns a Redemption: what it
// produced (the new gift, the eGift, the Visa card request, the Zelle
// transaction), Amount and Fee as giftcard.Money, Amount + Fee being the
// balance the gift had. Wolfe's answers carry only the produced id, so
// Amount and Fee are read from the gift's event for the operation (W14:
// gift.merchant_swap, redemption.egift, redemption.visa, redemption.zelle,
// whose metadata give the amount and the fee in pennies); a regift has no
// documented event, so its Amount is the new gift's amount and its Fee the
// balance before less that. None of these requests carries a key, and Wolfe
// documents no deduplication, so none is resent blindly. The gift is read
// first (W13) — which also checks the request against the gift (below) —
// and after an answer that does not prove what happened (the connection
// dropped after sending, a 5xx, a 2xx that cannot be read) the gift is read
// again: when its redemption_info shows a redemption of this kind that was
// not there before (EXCHANGE or REGIFTING with the new gift's id, EGIFT with
// the eGift's, VISA with the Visa card request's), or, for Zelle, whose
// redemption_details has no Zelle key, when its balance went down and its
// events hold redemption.zelle, that redemption is returned as if the answer
// had arrived. A Zelle transfer found that way has no ID (Wolfe's gift does
// not name it); its amount and fee come from the event. When the gift shows
// nothing, the same bytes are sent once more; after a second lost answer the
// gift is read one last time, and then the call fails with
// giftcard.ErrOutcomeUnknown (read the gift before trying again). A gift is
// redeemed once, so a redemption of the gift that appeared meanwhile is
// taken as this call's, unless it visibly is another's (a swap to another
// merchant, a regift to another recipient, a Zelle transfer to another
// token): then the call fails with giftcard.ErrInvalidRequest and code
// INVALID_STATE, not resent. A documented refusal is returned as is.
//
// Checks against the gift. Before a redemption the gift is read and, when
// Wolfe's configuration forbids the request, it is refused with a
// *giftcard.ValidationError naming gift_id, and no redeeming request is
// sent: a gift whose balance is zero; a method the gift does not offer
// (EGIFT, VISA and EXCHANGE — a swap —, when the gift lists its
// redemption_options; ZELLE and REGIFTING appear in no documented list of
// methods and are not judged); a balance outside EGIFT's RANGE min..max or
// below VISA's min_amount (dollars; the balance, fee included, is what is
// compared: the documentation says nothing of the fee there). The bounds are
// the gift's option configuration, or its merchant's (W8) when the gift's is
// empty, as the documentation's own gift shows. SelectMerchant refuses a gift
// that does not offer SELECT MERCHANT ("only available on Merchant Select
// gifts"); SwapMerchant refuses a swap to the gift's own merchant.
//
// Card linking. A card-link session lasts CardLinkSessionLifetime (15
// minutes, from Wolfe's public documentation); CardLinkSession.ExpiresAt is
// the answer's expiration_date, or 15 minutes after the client created it
// when that is missing or not a date (the example's is in 2004: it is
// surfaced as sent). W18 "generates an URL" but answers only the session:
// the enrolment page comes from onboarding. Creating a session moves no
// money and is not retried after a lost answer (create another);
// deactivating one is the same done twice, so it is resent like a read.
// Unlink, Unenroll, Claim, Cancel and SelectMerchant read the state after a
// lost answer and report success when it shows the change (no longer
// linked, card gone, claimed, cancelled, merchant selected); Unenroll then
// has no gift ids, which only the lost answer had.
//
// Validation of W17–W37. Required although the documentation does not mark
// them: the gift of W18, W20 (and W15, W16), the session of W19, the card of
// W33, the recipient and address of a Visa card (W27: a card must be
// shipped), the new recipient of a regift (W23's "Needs to be specified if"
// is cut off, and the request names no other recipient), and for a missing
// credit (W37 marks nothing) the merchant, the date, an amount of more than
// zero and the card or the recipient. gift_id is at most 255 characters
// where documented; merchant_id a UUID where typed so (W21–W23), any id
// elsewhere (W35's example is "12345"); client_recipient_id, typed a UUID on
// W32 and W33, is any id (the examples are "12345"); egift_id, typed a UUID,
// is any id (the example is not one). Names are required, at most 255
// characters. A shipping or Zelle address needs address_line1, locality,
// postal_code and country (region is optional), each at most 255
// characters, the country an ISO 3166-1 alpha-2 code in capitals. A Zelle
// redemption (W30) must be one of the two documented alternatives — gift_id,
// zelle_account_id and address, or gift_id, account_token, token_type,
// first_name, last_name and address — although the documentation marks
// token_type and the names required and gift_id not; fields of the other
// alternative may be sent too (its own example sends both) but must then
// be valid. A Zelle token (W30, W31) is an email address for token_type
// email and a US mobile number of 10 digits, or 11 with the leading 1, for
// mobile ("It must either be" is cut off). W28 and W36 need one of their two
// filters ("It must be specified if" is cut off). A missing credit's comment
// is at most 1000 characters, like a gift's message.
//
// Where parameters go. client_recipient_id is a query parameter of W32 (a
// GET) and in the JSON body of W33 (a POST), as the introduction puts every
// parameter of those methods; W29's zelle_transaction_id is the route's
// {id}. is_online (W37) is sent as a JSON boolean, its documented type; its
// example's string "true" is read too. transaction_date is sent as
// 2006-01-02, like the example.
//
// Credits and missing credits. A credit's status has no documented list
// (SUCCESS in the example; CreditStatus constants add PENDING and FAILED),
// is_batched and is_missing_credit arrive as strings and are read either
// way; the example's SUCCESS credit with date_failed set is kept as sent. A
// missing credit's reference_id is its idempotency key, as a purchase's:
// generated when empty, the body marshalled once, a lost answer or a refusal
// of the reference as used reconciled by reading W36 by reference; W36 does
// not return the reference, the amount, the card or the date, so "this
// request's" is judged on the merchant (ignoring the stray trailing "." of
// the example's merchant_id), the recipient and the comment. The
// reference is filled in on the result from the request.
//
// Cards. W32's type ("Visa") is kept as sent; Card.Network spells it as the
// CARD_LINK configuration does (VISA, MC, AMEX). W33 answers a bare array of
// ids whose meaning the documentation omits; its example is the
// documentation's gift id, so they are read as the gifts the card was
// linked to (UnenrollResult.GiftIDs). An object with "gift_ids" or "ids" is
// read too.
//
// eGifts. W24's code and pin redeem the eGift: EGift holds them as
// giftcard.Secret and masks them, and its Raw, in every fmt verb, String and
// slog; JSON keeps them. W25 answers a one-element array where every other
// creation answers an object: both are read. W24's example ends with a
// trailing comma, and an answer like it is giftcard.ErrInvalidResponse.
//
// The 27 inconsistencies of the documentation (numbered as in
// shared/wolfe-loyalty-ops.md) and what the client does about each: (1) W5
// lists no company_id: every route carries it. (2) Success codes are 200,
// 201 or 202 and no error is documented: see Envelope. (3) W5's image
// example is a bare data: URI prefix: a bare base64 string or a data: URI
// is accepted. (4) W6's pending submission with date_accepted set, (16)
// statuses in mixed case without enums, (26) W34's SUCCESS with date_failed:
// kept as sent, as strings. (5) W25's one-element array and (6) W33's bare
// array: see above. (7) client_recipient_id's place on W32 and W33: see
// Where parameters go. (8) W24's and W39's trailing commas, W40 cut off:
// kept verbatim in the golden files, refused as answers; W39 and W40 data
// as described in Envelope. (9) W31's copied description and empty token:
// ZelleToken is kept as sent. (10) W30's required marks and (11) fields not
// marked required: see Validation of W17–W37. (12) W23's gift_id described
// as W21's: it is the gift given away. (13) Rules cut off mid-sentence:
// W13/W14 take gift_id or reference_id (one method each); W11's email and
// mobile_number, one of them; a reused reference_id is reconciled (see
// Exactly-once purchases); W12's client_recipient_id is optional; W23's and
// W31's, see above; W7's name filter is Wolfe's to interpret (the client
// checks only its 2-character minimum) and is_national is sent only when
// set; W1's "2 amounts" are amount and fee; W28's and W36's, see above.
// (14) redemption_methods as a JSON string and redemption_options as an
// array: both into []RedemptionMethod. (15) "Visa" against "VISA":
// Card.Network. (17) Merchants' min_gift 100 / max_gift 9999 against
// purchases' 500..10000: both apply (the portable product's range is their
// intersection). (18) "SELECT MERCHANT" with a space is kept
// (RedeemSelectMerchant); REGIFTING is a constant but no regift requires
// it; EGIFT's undocumented second configuration is kept in
// RedemptionConfig.Raw. (19) "US" on a London address: the country is
// checked only as an ISO alpha-2 code, the postal code not at all. (20) W18
// has no URL: see Card linking. (21) W14 and W28 are not paginated: they
// return slices. (22) W36 does not return reference_id:
// GetMissingCreditByReference fills it. (23) No DELETE exists and W38's PUT
// comes from the route table: the routes are DESIGN.md's. (24) W38's
// example omits callback_url: it is optional (empty sends none). (25) A
// zero deposit is allowed. (27) TRANSACTION_UPDATE's before_balance is read
// as dollars, and its missing fee, payment method and comment are absent
// from TransactionUpdate.
package wolfe
