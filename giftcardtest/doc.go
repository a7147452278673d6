// Package giftcardtest helps test code that uses the giftcard SDK without a
// network.
//
// Fake is an in-memory provider implementing giftcard.Catalog, Wallet,
// Orders and Gifts: seeded products, a funding balance debited by orders and
// gifts, idempotency on ReferenceID, and scripting (fail the next call of a
// method, keep new orders PROCESSING for some polls, make the next order
// fail). It is safe for concurrent use. Hand it to your own code wherever a
// giftcard interface is expected.
//
// RunConformance is the behavioural suite every provider client of the SDK
// passes; it runs against any value implementing the interfaces it claims.
//
// Clock, NewClock and NewManualClock are a fake time source for
// giftcard.WithClock and giftcard.PollPolicy, so polling, backoff and token
// expiry never wait on the wall clock in tests.
package giftcardtest
