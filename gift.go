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
	ProductID   string // merchant, card or program, where the provider needs one
	AccountID   string // an existing card/account to load, where the provider needs one
	Amount      Money
	Recipient   Recipient
	Message     string
}

// Gift is stored value held for a recipient.
type Gift struct {
	Provider    string
	ID          string
	ReferenceID string
	Status      GiftStatus
	Amount      Money   // the value issued, when known
	Balances    []Money // what remains, one entry per currency/wallet
	Recipient   Recipient
	CreatedAt   time.Time
	Raw         json.RawMessage // the provider's payload
}
