// Package loyalty is a client for the loyalty (PayWizard openLoyaltyPay)
// API: stored-value cards and loyalty points at a point of sale. It exposes
// every documented operation with its own types, and implements
// giftcard.Gifts.
//
//	c, err := loyalty.New(loyalty.Config{
//		ClientID: "825429536610058240", ClientSecret: secret, JWTToken: token,
//		BaseURL: loyalty.ProductionURL,
//	})
//	tx, err := c.Pay(ctx, loyalty.PayRequest{
//		AccountID: giftcard.Secret(card), EntryType: loyalty.EntryKeyed,
//		Amount: giftcard.MustParseMoney("10.50", "USD"),
//	})
//	// tx.TranOrderNo is the key to resend with after an unknown outcome;
//	// tx.CheckoutID voids or tips it.
//
// The operations (see Routes): Activate (giftActivate), Query
// (giftInquiry), TopUp (giftIssuance), Pay (giftTransaction), Void
// (giftVoid), IssuePoints (loyaltyIssuance), RedeemPoints
// (loyaltyRedemption), AddTip (giftTip), and AccessTokens (the deprecated
// token endpoint). Every request is a POST with a JSON body holding
// clientId, and the headers jwt-token and sign; every answer is
// {"code", "msg", "timestamp", "data"}.
//
// The loyaltytest package is a wire-level sandbox of the whole API.
//
// # Exactly once
//
// A pay sent twice charges a customer twice. Every money and points
// operation (top-up, pay, void, issue and redeem points, add tip) carries a
// tranOrderNo, the idempotency key, generated when the request has none and
// returned on the Transaction and on every error (giftcard.Error.Reference):
//
//   - The request is marked resendable: after a connection reset, a timeout
//     or a 500/502/503/504 the transport resends the same bytes, with the
//     same tranOrderNo (and a fresh sign), within the retry policy. The
//     server answers a repeat with the original result.
//   - A failure that does not prove the request was not carried out is
//     outcome-unknown (errors.Is(err, giftcard.ErrOutcomeUnknown)): a
//     network failure, a 5xx, an unreadable answer, and also any refusal
//     or decline that follows an attempt which may have reached the
//     server. Resend with the same tranOrderNo, or query the card; never
//     send it under a new number. A refusal (code 4xx) or a decline on the
//     only attempt made, and a failure before anything was sent (the token
//     could not be fetched, the Signer failed), is definite.
//   - A refusal of the tranOrderNo as already used that does not return
//     the original result (code 409) is outcome-unknown too, never
//     giftcard.ErrDuplicateReference: it may be this very request, landed
//     earlier; a caller told "duplicate" would pick a new number and could
//     pay twice. The API has no lookup by order number: query the card.
//   - A void is sent at most once per original transaction by a Client: a
//     second Void of a checkoutId while one is in flight is refused
//     (giftcard.ErrDuplicateReference, nothing sent); after a void
//     succeeded, Void returns it again without a request; after one ended
//     with an unknown outcome (or pending), the next Void resends it with
//     its own tranOrderNo, never a new one; a definite refusal is
//     forgotten, so another void may be tried. The record lives in the
//     Client (the last 4096 finished voids; unknown ones are kept): two
//     processes, or two Clients, voiding one transaction under two
//     different numbers both reach the server, which decides (the
//     sandbox, like a careful server, voids a transaction once and refuses
//     the second with code 422). Share one Client per process, and keep
//     your own record of voids across processes.
//
// After a decline, the server may keep the tranOrderNo (the sandbox does,
// and answers a repeat with the decline): send a new attempt, after fixing
// its cause, under a new number.
//
// # Results and errors
//
// A Transaction's Result is 0 (success) or 2 (pending: accepted, not final;
// Transaction.Pending). Result 1 is a decline, returned as an error whose
// kind DeclineKind reads from msg (giftcard.ErrInsufficientFunds for a
// balance that cannot cover it, ErrProductUnavailable for a blocked or
// inactive card …) with the declined Transaction in APIError.Transaction.
// Any other result, and a success without a checkoutId, is
// giftcard.ErrInvalidResponse and outcome-unknown.
//
// A code other than 200 is a failure whether it comes inside an HTTP 200 or
// with an HTTP error status; LookupCode maps it (the provider documents no
// error code: codes read as HTTP statuses). The envelope's code, msg and
// timestamp are kept in an *APIError reachable with errors.As, and the code
// in giftcard.Error.Code. An answer without a code, and a success whose data
// is null, is giftcard.ErrInvalidResponse.
//
// # Card numbers
//
// A card's accountId is its number, and whoever holds it can spend the
// card: every AccountID is a giftcard.Secret, printed and logged masked to
// its last four digits, and the client never puts one in an error. A
// Card's Raw and a GiftID's string form hold it in clear (encoded, in the
// second case): store and log them as carefully as the number itself.
//
// # Choices where the documentation is silent
//
//   - Paths: every operation is under /ovstrade/openLoyaltyPay/, Redeem
//     Points too (the seed writes /openLoyaltyPay/loyaltyRedemption; the
//     public docs and DESIGN.md have the prefix). The base URL defaults to
//     SandboxURL (uat.paywizard.biz), never to production.
//   - Bodies: the client writes clientId first, then the documented fields
//     in the seed's order; the sign covers exactly the bytes sent (test
//     vector in sign_test.go). Add Tip sends no loyaltyChannel (it documents
//     none); Void sends only clientId, tranOrderNo and oriOrderNo.
//   - Headers: jwt-token and sign are sent under their canonical MIME names
//     (Jwt-Token, Sign); HTTP header names are case-insensitive.
//   - Token: Config.JWTToken is the long-lived token from onboarding. When
//     it is empty, the client fetches one from the deprecated token endpoint
//     with MerchantID and ChannelName (no jwt-token or sign on that call)
//     and uses the "eCommerce" token; one fetch is shared by all goroutines.
//     A token that "will not expire" (expiryTime -1) is fetched again once a
//     day, and whenever the server refuses it: an HTTP 401 (the transport's
//     re-authentication) or a code 401 inside an HTTP 200 (the client drops
//     the token and sends the request once more). A fixed token is never
//     retried.
//   - Amounts: decimal strings with exactly the currency's decimals
//     ("10.50", never 10.5 or a JSON number), more than zero; more decimals
//     than the currency has is refused, never rounded. A Money without a
//     currency is in Config.Currency (default USD); tranCurrency is the
//     Money's currency. Top-up documents no amount: TopUpRequest.Amount is
//     sent as "amount" only when set, must be in the client's currency (no
//     tranCurrency is sent), and the server may ignore it.
//   - Points are their own type (Points), sent as a string of digits, more
//     than zero.
//   - activating is required on Activate and Top-up (the seed says so; the
//     public docs make it optional on Top-up). nsfAllowed is sent only when
//     true.
//   - customerInfo (public docs; on Activate, and optionally on Top-up): the
//     fields that are set are checked (customerType 1/2/3, preferences O/I,
//     isMobile Y/N, gender M/F, dates YYYYMMDD, a 2-letter country, an
//     email); none is required, and every field is sent, empty ones as "".
//   - tranOrderNo: at most 60 characters on Top-up, Pay, Issue Points and
//     Redeem Points, no limit on Void and Add Tip (as documented); never
//     blank, no control characters. A generated one is the UTC time
//     (yyyyMMddHHmmss) and 20 random digits: 34 digits.
//   - Transaction.Amount is the amount as the server echoes it and is not
//     checked against the request: the public docs' own Pay example
//     answers "10000" to a pay of "10.50". Transaction.Currency is set by
//     the client. Balances' amounts are read from JSON numbers or strings.
//   - Activate and Query are resendable like the keyed operations:
//     activating twice leaves the same state, and a query changes nothing.
//   - Gifts: IssueGift is a Top-up of GiftRequest.Amount (required, in the
//     client's currency) onto GiftRequest.AccountID (required), keyed
//     entry, activating the card, with ReferenceID as tranOrderNo and
//     ProductID, when set, as loyaltyChannel; Recipient and Message have no
//     field. The gift id is a GiftID, an opaque composite of the card and
//     the top-up's checkoutId (Query needs the one, Void the other).
//     GetGift also takes a bare accountId; its Balances hold the card's
//     money balances (points are not money); it reports CANCELLED only for
//     a top-up this Client voided (the API cannot look a transaction up).
//     CancelGift voids the top-up; a bare accountId names no top-up and is
//     refused before the network with an error matching
//     giftcard.ErrNotFound.
package loyalty
