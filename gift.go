package giftcard

import (
	"encoding/json"
	"time"
)

// GiftStatus is the state of stored value held for a recipient. Unknown
// provider values are kept as sent.
type GiftStatus string

// Gift statuses.
const (
	GiftPending   GiftStatus = "PENDING"   // issued, not yet usable or claimed
	GiftActive    GiftStatus = "ACTIVE"    // usable / claimable
	GiftClaimed   GiftStatus = "CLAIMED"   // accepted by the recipient
	GiftRedeemed  GiftStatus = "REDEEMED"  // fully spent
	GiftCancelled GiftStatus = "CANCELLED" // voided by the sender
	GiftExpired   GiftStatus = "EXPIRED"
	GiftFailed    GiftStatus = "FAILED"
)

// GiftRequest issues stored value to a recipient: a claimable gift, a card
// top-up, a consumer wallet with initial funds.
type GiftRequest struct {
	// ReferenceID is the caller's idempotency key; empty means generated and
	// returned on the Gift.
	ReferenceID string
	ProductID   string    // merchant, card or program, where the provider needs one
	AccountID   string    // an existing card/account to load, where the provider needs one
	Amount      Money     // the value to issue
	Recipient   Recipient // who the gift is for
	Message     string    // a note to the recipient, where the provider sends one
}

// Gift is stored value held for a recipient.
type Gift struct {
	Provider    string          // the provider's package name, "wolfe"
	ID          string          // the id GetGift and CancelGift take
	ReferenceID string          // the idempotency key it was issued with
	Status      GiftStatus      // ACTIVE, CANCELLED … (unknown values kept)
	Amount      Money           // the value issued, when known
	Balances    []Money         // what remains, one entry per currency/wallet
	Recipient   Recipient       // who it is for, as far as the provider reports
	CreatedAt   time.Time       // when it was issued; zero when not reported
	Raw         json.RawMessage // the provider's payload
}
