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
//	Ping                     a one-item page of the customer list: checks the credentials
//
// These are every operation the ORBT documents describe (the user guide
// documents create customer only; the API reference adds the list and the
// wallet operations); Routes lists them, and package orbttest serves the
// same table. Lists come one page at a time (ListCustomers,
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
// signatures never appear in logs, errors or fmt output. New refuses an API
// key or client id holding a control character (CR, LF, NUL …), which
// would corrupt its header.
//
// A refused signature (401, 403) keeps ORBT's message as sent and adds what
// to check: the API key, the client id, the HMAC secret, the signing scheme
// and the clock, with this machine's skew from ORBT's clock measured from
// the answer's Date header when there is one. Ping is a cheap check of all
// of them.
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
// currency's fraction digits (100 USD is sent as 100.00, 1500 JPY as
// 1500), so the body matches the documented examples
// byte for byte, and an amount finer than the currency allows (10.005 USD)
// is refused rather than rounded. A wallet transaction carries no currency,
// so its amount keeps the decimal's own digits (15.00 → 15.00, 15 → 15).
// Amounts in answers decode straight into decimal.Decimal.
//
// Currency. Sent upper-case (ISO 4217, as the API reference writes it);
// "usd", the user guide's spelling, is accepted and normalised. Currencies
// in answers are upper-cased too.
//
// Validation before the network. fullName non-empty, valid UTF-8 without
// control characters; email a bare address with a dotted domain
// (net/mail); currency an ISO 4217 code; initialFunds ≥ 0; transaction
// amount > 0 and type CREDIT or DEBIT; referenceId, when set, not blank,
// valid UTF-8 and without control characters (sent exactly as given, so two
// different references never reach the wire as one); page ≥ 0 and size
// 1–50; wallet ids one path segment; customer ids integers (a non-integer id
// is refused with a *giftcard.ValidationError that also matches
// giftcard.ErrNotFound: no customer can have it).
//
// Errors. The four answer shapes ({success,data}, {success:false,error:
// {error,message}} inside a 2xx or with an error status, the gateway's 403
// {"Message":…}, and the list envelope {content,page,size,hasNext}) are
// read in one place (the transport's envelope hook and error decoder); the
// provider's code and message are kept in *giftcard.Error. HTTP 400 is
// ErrInvalidRequest; a 400 VALIDATION_ERROR whose message says the thing
// already exists ("… already have wallets in the requested currency", a
// referenceId "already used") matches both giftcard.ErrDuplicateReference
// and ErrInvalidRequest, as does a 409. 402 BUSINESS_RULE_ERROR is
// ErrInsufficientFunds; 401 and 403 are ErrUnauthorized; 404 ErrNotFound;
// 422 ErrInvalidRequest, except on the wallet list, where the documented
// 422 "invalid consumer ID" also matches ErrNotFound; 429 ErrRateLimited;
// 5xx ErrProviderUnavailable; a 3xx is never followed (the API key and a
// valid signature would go to the Location) and is an error naming it. A
// 2xx answering {"success": false, …} is an error of its code's kind
// (BUSINESS_RULE_ERROR → ErrInsufficientFunds, anything else
// ErrInvalidRequest).
//
// Unknown outcomes. Create customer has no idempotency key, so the
// transport never resends it blindly; when its answer is lost (an error
// matching giftcard.ErrOutcomeUnknown) CreateCustomer reconciles through
// the API's own uniqueness rule, one wallet per email and currency: it
// walks the customer list for the email. When that customer has no
// STANDARD wallet in the currency, the create did not happen and the same
// body is sent once more (which cannot create a second wallet); a success
// of that resend is this call's customer, returned with Customer.Reconciled
// set. When a wallet is there, it may be this call's or may have existed
// before, and ORBT cannot tell which: the call fails with an error matching
// both giftcard.ErrDuplicateReference and ErrOutcomeUnknown that names the
// customer and the wallet — never a success for a wallet this call may not
// have funded. Errors after a lost answer carry "email CURRENCY" in
// giftcard.Error.Reference.
//
// Wallet transactions carry referenceId, which the API deduplicates on, so
// they are sent with the transport's Idempotent flag: a lost answer, a
// reset or a 500/502/503/504 is retried with the same body (and a new
// signature) within the retry policy. An answer that cannot be read, lacks
// the transaction's id or echoes another referenceId is not a success: the
// request is resent once more with the same referenceId (the API answers a
// repeated referenceId and payload with the transaction it recorded), and
// when no answer proves the transaction the call fails with an error
// matching ErrOutcomeUnknown whose Reference is the referenceId. An empty
// ReferenceID is a new UUID, returned on the result and, on failure, on the
// returned zero-value result, so the caller can repeat the call.
//
// Transaction answers. The API reference does not show the answer to a
// wallet transaction; the SDK reads {success,data} or a bare object,
// requires id or transactionId, takes walletId, amount, transactionType,
// referenceId, description, status and balance when present, fills the
// rest from the request, and keeps the raw JSON.
//
// Lenient decoding, strict answers. Ids arrive as numbers ("id": 51) and
// strings ("walletId": "51"); both decode to strings. Unknown wallet types
// and statuses are kept as sent. A list that claims more pages but returns
// an empty one ends the iteration. An answer without what proves it (a
// created customer's id, walletId and walletBalance; a list's content; a
// wallet's walletId and balance; a customer summary's consumerId) is an
// error matching giftcard.ErrInvalidResponse, never a zero value: {} is
// not an empty list.
//
// Replays. The signature covers the method, the timestamp (to the
// millisecond), the client id and the body, but no nonce and not the path,
// so two identical requests stamped in one millisecond (two GETs of one
// page, or a retry resent at once) would carry the same x-signature, and a
// server that rejects replays would refuse the second. A Client therefore
// never stamps two requests of the same method and body with the same
// x-timestamp: the later one is stamped one millisecond after the last.
// Timestamps run ahead of the clock only while more than 1,000 identical
// requests a second are signed, and at most by MaxTimestampLead (one
// second, well inside ORBT's ±5 minutes); past that a request waits for
// the clock rather than be signed further ahead.
//
// # The Gifts mapping
//
// IssueGift: Recipient.Name → fullName, Recipient.Email → email, Amount →
// initialFunds and currency. The Gift's ID is the customer id; Balances
// holds the funded wallet. IssueGift is not keyed on ReferenceID: ORBT has
// no reference field, and the email and currency are its uniqueness key, so
// GiftRequest.ReferenceID is not sent; it is returned on the Gift as given,
// or set to the email when empty. Issuing twice to one email and currency
// fails with an error matching giftcard.ErrDuplicateReference; a lost
// answer is reconciled as CreateCustomer's (see Unknown outcomes). AccountID is refused (loading an
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
