// Package orbt is the client for the ORBT by Ncentiva partner API: consumer
// wallets funded from the partner balance.
//
// # Quick start
//
//	c, err := orbt.New(orbt.Config{
//		APIKey:      giftcard.Secret(os.Getenv("ORBT_API_KEY")),
//		ClientID:    os.Getenv("ORBT_CLIENT_ID"),
//		HMACSecret:  giftcard.Secret(os.Getenv("ORBT_HMAC_SECRET")),
//		Environment: orbt.UAT,
//	}, giftcard.WithLogger(logger))
//	cust, err := c.CreateCustomer(ctx, orbt.CreateCustomerRequest{
//		FullName: "Jane Smith", Email: "jane.smith@example.com",
//		Currency: "USD", InitialFunds: decimal.RequireFromString("50.00"),
//	})
//	for s, err := range c.Customers(ctx, 50) { … }
//	tx, err := c.CreateWalletTransaction(ctx, cust.WalletID, orbt.WalletTransactionRequest{
//		Amount: decimal.RequireFromString("15.00"), Type: orbt.Credit,
//		ReferenceID: "cashback-ORD-98231", // the idempotency key
//	})
//
// A Client is safe for concurrent use. Package orbttest is a wire-level
// sandbox of the API for tests and examples.
//
// # Operations
//
//	CreateCustomer           POST /api/partner/v1/customer
//	ListCustomers/Customers  GET  /api/partner/v1/customer?page&size
//	ListWallets/Wallets      GET  /api/partner/v1/customer/{customerId}/wallets?page&size
//	CreateWalletTransaction  POST /api/partner/v1/wallets/{walletId}/transactions
//	FindCustomerByEmail      walks the customer list (the API has no search)
//
// These are every operation the ORBT documents describe (the user guide
// documents create customer only; the API reference adds the list and the
// wallet operations). Lists come one page at a time (ListCustomers,
// ListWallets: Page zero-based, Size 1–50, default 20) or as a lazy
// iter.Seq2 over every page (Customers, Wallets).
//
// The client also implements giftcard.Gifts: IssueGift creates a consumer
// with initial funds, GetGift reads the consumer's wallets, and CancelGift
// fails with giftcard.ErrNotSupported without any network call.
//
// # Authentication
//
// Every attempt (a retry included) is stamped with a fresh x-timestamp, ISO
// 8601 UTC with milliseconds, read from the clock given with
// giftcard.WithClock, and signed anew: x-signature =
// base64(HMAC-SHA256(HMAC secret, METHOD\nTIMESTAMP\nCLIENT_ID\nX)), where
// X is the raw body (SignRawBody, the user guide's recipe) or the body hash
// (SignBodyHash, the API reference's). x-body-hash = base64(SHA-256(raw
// body)), the empty string's hash for a request without a body, is sent
// under both schemes, as are x-api-key and x-client-id. The exact bytes
// sent are the bytes signed. The API key, the HMAC secret and the
// signatures never appear in logs, errors or fmt output.
//
// # Choices where the documentation is silent
//
// Environments and signing. Config.Environment is one of UAT
// (https://api-uat.ncentiva.com) and Production (https://api.ncentiva.com),
// from the user guide, or Partner (https://partner.orbt.com), from the API
// reference; Config.BaseURL or giftcard.WithBaseURL (which wins) point
// elsewhere. There is no default environment: one of them is required, so
// no call goes to an environment by accident. With Signing left at
// SigningDefault, UAT and Production sign the raw body and Partner, or any
// other URL, signs the body hash (the current scheme). Set Config.Signing
// when an environment moves to the other scheme.
//
// Amounts. initialFunds and amount are documented as JSON numbers; the SDK
// never passes them through float64. initialFunds is written with the
// currency's fraction digits (decimal.StringFixed: 100 USD is sent as
// 100.00, 1500 JPY as 1500), so the body matches the documented examples
// byte for byte, and an amount finer than the currency allows (10.005 USD)
// is refused rather than rounded. A wallet transaction carries no currency,
// so its amount keeps the decimal's own digits (15.00 → 15.00, 15 → 15).
// Amounts in answers decode straight into decimal.Decimal.
//
// Currency. Sent upper-case (ISO 4217, as the API reference writes it);
// "usd", the user guide's spelling, is accepted and normalised. Currencies
// in answers are upper-cased too.
//
// Validation before the network. fullName non-empty; email a bare address
// with a dotted domain (net/mail); currency three letters; initialFunds ≥
// 0; transaction amount > 0 and type CREDIT or DEBIT; page ≥ 0 and size
// 1–50; customer ids integers (a non-integer id is refused with a
// *giftcard.ValidationError that also matches giftcard.ErrNotFound: no
// customer can have it).
//
// Errors. The four answer shapes ({success,data}, {success:false,error:
// {error,message}}, the gateway's 403 {"Message":…}, and the list envelope
// {content,page,size,hasNext}) are decoded by one decoder; the provider's
// code and message are kept in *giftcard.Error. HTTP 400 is
// ErrInvalidRequest; a 400 VALIDATION_ERROR whose message says the thing
// already exists ("… already have wallets in the requested currency", a
// referenceId "already used") matches both giftcard.ErrDuplicateReference
// and ErrInvalidRequest, as does a 409. 402 BUSINESS_RULE_ERROR is
// ErrInsufficientFunds; 401 and 403 are ErrUnauthorized; 404 ErrNotFound;
// 422 ErrInvalidRequest, except on the wallet list, where the documented
// 422 "invalid consumer ID" also matches ErrNotFound; 429 ErrRateLimited;
// 5xx ErrProviderUnavailable. A 2xx answering {"success": false, …} is an
// error of its code's kind (BUSINESS_RULE_ERROR → ErrInsufficientFunds,
// anything else ErrInvalidRequest).
//
// Unknown outcomes. Create customer has no idempotency key, so the
// transport never resends it blindly; when its answer is lost (an error
// matching giftcard.ErrOutcomeUnknown) CreateCustomer reconciles through
// the API's own uniqueness rule, one wallet per email and currency: it
// walks the customer list for the email and, when that customer has a
// STANDARD wallet in the currency, returns it with Customer.Reconciled set.
// Otherwise the create did not happen and is sent once more, which cannot
// create a second wallet. (A customer who already had a wallet in that
// currency before the call is indistinguishable from one created by it;
// the create would have failed with a duplicate in that case.) Wallet
// transactions carry referenceId, which the API deduplicates on, so they
// are sent with the transport's Idempotent flag: a lost answer, a reset or
// a 502/503/504 is retried with the same body (and a new signature). An
// empty ReferenceID is a new UUID, returned on the result and, on failure,
// on the returned zero-value result, so the caller can repeat the call.
//
// Transaction answers. The API reference does not show the answer to a
// wallet transaction; the SDK reads {success,data} or a bare object, takes
// id or transactionId, walletId, amount, transactionType, referenceId,
// description, status and balance when present, fills the rest from the
// request, and keeps the raw JSON.
//
// Lenient decoding. Ids arrive as numbers ("id": 51) and strings
// ("walletId": "51"); both decode to strings. Unknown wallet types and
// statuses are kept as sent. A list that claims more pages but returns an
// empty one ends the iteration.
//
// Replays. The signature covers no nonce, so a request resent within the
// millisecond of the previous attempt would carry the same signature, and a
// server that rejects replays would refuse it. Every attempt of one call (a
// transport retry, and CreateCustomer's resend after reconciling) is
// therefore stamped at least one millisecond after the previous attempt of
// that call (so it runs at most a few milliseconds ahead of the clock).
// Separate identical calls made in one millisecond (two GETs of one page,
// say) still carry the same signature; the SDK does not add jitter to
// timestamps across calls.
//
// # The Gifts mapping
//
// IssueGift: Recipient.Name → fullName, Recipient.Email → email, Amount →
// initialFunds and currency. The Gift's ID is the customer id; Balances
// holds the funded wallet. ORBT has no reference field: the email is its
// uniqueness key, so GiftRequest.ReferenceID is not sent; it is returned on
// the Gift as given, or set to the email when empty. Issuing twice to one
// email and currency fails with an error matching
// giftcard.ErrDuplicateReference. AccountID is refused (loading an
// existing wallet is CreateWalletTransaction); ProductID, Message and
// Recipient.Phone have no ORBT field and are ignored.
//
// GetGift(customer id): one Balances entry per wallet (standard and
// campaign) in the API's order; Status ACTIVE when any wallet is ENABLED,
// otherwise the first wallet's status as sent; Raw is the JSON array of
// wallets. The wallet list carries no name, email or issued amount, so
// those stay empty. An unknown id matches giftcard.ErrNotFound.
//
// CancelGift: ORBT cannot void a consumer or a wallet (a DEBIT removes
// funds), so it returns giftcard.ErrNotSupported without a request.
package orbt
