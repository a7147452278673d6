package wolfetest

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"math/big"
	"time"
)

// The documentation's example ids of Wolfe II (W17–W37), all seeded.
const (
	// ExampleCardLinkAttemptID is W17's failed attempt (INTERNATIONAL_CARD).
	ExampleCardLinkAttemptID = "baea3736-937c-47f4-a4f9-652b7ddd8696"
	// ExampleEGiftID is W24's eGift (not a UUID, as in the documentation).
	ExampleEGiftID = "S_Eek8J42xe4LU8._Yn2RC1HO_3nfSFM.54Rdt4tICIfOy1.bz"
	// ExampleVisaCardID is W26's Visa card request.
	ExampleVisaCardID = "512e3a65-ca83-4f59-8b16-64eeebf39640"
	// ExampleZelleAccountID is W28's Zelle account, of recipient
	// ExampleZelleRecipientID with token john.doe@example.com.
	ExampleZelleAccountID   = "ffb6cd62-2421-4489-bf97-98e9e6a1ce98"
	ExampleZelleRecipientID = "12346"
	ExampleZelleToken       = "john.doe@example.com"
	// ExampleZelleTransactionID is W29's Zelle transaction.
	ExampleZelleTransactionID = "0a3a35ff-a869-4649-810d-6297506e12b7"
	// ExampleCardID is W32's card (a Visa ending 7890) of recipient
	// ExampleCardRecipientID.
	ExampleCardID          = "8b908674-7b88-4644-b7a5-c8d68d5020c7"
	ExampleCardRecipientID = "12345"
	// ExampleCreditID is W34's credit and ExampleMerchantTransactionID W35's
	// merchant transaction (both "1sa42e3b-…", not UUIDs).
	ExampleCreditID              = "1sa42e3b-4s36-6440-b0ba-0050asd2143b"
	ExampleMerchantTransactionID = "1sa42e3b-4s36-6440-b0ba-0050asd2143b"
	// ExampleMissingCreditID is W36's missing credit, registered with
	// reference ExampleMissingCreditReference (W36's query example).
	ExampleMissingCreditID        = "49698016-68f1-415c-a602-9040809151cc"
	ExampleMissingCreditReference = "411f62d0-05e0-4689-b09c-85904ef542e8"
)

// Layouts of Wolfe II's dates, as its examples write them.
const (
	secondLayout = "2006-01-02 15:04:05"
	offsetLayout = "2006-01-02T15:04:05+00:00"
)

// card is an enrolled bank card (W32).
type card struct {
	ID                string `json:"id"`
	CardMask          string `json:"card_mask"`
	ExpirationDate    string `json:"expiration_date"`
	DateCreated       string `json:"date_created"`
	DateModified      string `json:"date_modified"`
	Type              string `json:"type"`
	ClientRecipientID string `json:"client_recipient_id"`
	network           string // VISA, MC or AMEX: the CARD_LINK configuration's spelling
}

// session is a card-link session (W18).
type session struct {
	ID, GiftID string
	expires    time.Time
	active     bool
}

// linkAttempt is an entry of the card-link log (W17).
type linkAttempt struct {
	DateCreated       string `json:"date_created"`
	ID                string `json:"id"`
	ClientRecipientID string `json:"client_recipient_id"`
	GiftID            string `json:"gift_id"`
	Status            string `json:"status"`
	StatusMessage     string `json:"status_message"`
	session           string
	created           time.Time
}

// egift is an eGift (W24).
type egift struct {
	EGiftID           string `json:"egift_id"`
	ClientRecipientID string `json:"client_recipient_id"`
	Amount            int64  `json:"amount"`
	MerchantID        string `json:"merchant_id"`
	Message           string `json:"message"`
	FulfillmentStatus string `json:"fulfillment_status"`
	ExpirationDate    string `json:"expiration_date"`
	DateCreated       string `json:"date_created"`
	DateToProcess     string `json:"date_to_process"`
	Code              string `json:"code"`
	Pin               string `json:"pin"`
	Description       string `json:"description"`
	Instructions      string `json:"instructions"`
	Terms             string `json:"terms"`
}

// postal is an address as requests write it (address_line1).
type postal struct {
	AddressLine1 string `json:"address_line1"`
	Locality     string `json:"locality"`
	Region       string `json:"region"`
	PostalCode   string `json:"postal_code"`
	Country      string `json:"country"`
}

// String writes the address on one line, as redemption.visa.shipped's
// metadata does.
func (p postal) String() string {
	return fmt.Sprintf("%s, %s, %s, %s, %s", p.AddressLine1, p.Locality, p.Region, p.PostalCode, p.Country)
}

// visaCard is a Visa card request (W26).
type visaCard struct {
	ID                string `json:"id"`
	Amount            int64  `json:"amount"`
	DateCreated       string `json:"date_created"`
	DateProcessed     string `json:"date_processed,omitempty"`
	DateValueLoaded   string `json:"date_value_loaded,omitempty"`
	GiftID            string `json:"gift_id"`
	PrintedIdentifier string `json:"printed_identifier"`
	ShippmentMethod   string `json:"shippment_method"` // sic, as Wolfe spells it
	TrackingNumber    string `json:"tracking_number,omitempty"`
	CardMask          string `json:"card_mask"`
	FirstName         string `json:"first_name"`
	LastName          string `json:"last_name"`
	Address           postal `json:"address"`
}

// zelleAccount is a recipient's Zelle account (W28).
type zelleAccount struct {
	ClientRecipientID string `json:"client_recipient_id"`
	Token             string `json:"token"`
	TokenType         string `json:"token_type"`
	FirstName         string `json:"first_name"`
	LastName          string `json:"last_name"`
	ID                string `json:"id"`
}

// zelleTransaction is a Zelle transfer (W29).
type zelleTransaction struct {
	ID                string `json:"id"`
	Status            string `json:"status"`
	Amount            int64  `json:"amount"`
	DateCreated       string `json:"date_created"`
	DateModified      string `json:"date_modified"`
	ZelleAccountID    string `json:"zelle_account_id"`
	ClientRecipientID string `json:"client_recipient_id"`
	GiftID            string `json:"gift_id"`
}

// mtRef is a credit's merchant transaction (W34).
type mtRef struct {
	ID          string `json:"id"`
	Amount      int64  `json:"amount"`
	DateCreated string `json:"date_created"`
}

// credit is a credit to a linked card (W34).
type credit struct {
	ID                  string `json:"id"`
	Amount              int64  `json:"amount"`
	Status              string `json:"status"`
	CardID              string `json:"card_id"`
	GiftID              string `json:"gift_id"`
	IsBatched           string `json:"is_batched"` // "true"/"false", as Wolfe sends it
	DateCreated         string `json:"date_created"`
	DateProcessed       string `json:"date_processed,omitempty"`
	DateFailed          string `json:"date_failed,omitempty"`
	FailureMessage      string `json:"failure_message,omitempty"`
	IsMissingCredit     string `json:"is_missing_credit"`
	MerchantTransaction *mtRef `json:"merchant_transaction,omitempty"`
	recipient           string
	created             time.Time
}

// merchantTransaction is a purchase with a linked card (W35).
type merchantTransaction struct {
	ID          string `json:"id"`
	Amount      int64  `json:"amount"`
	DateCreated string `json:"date_created"`
	GiftID      string `json:"gift_id"`
	MerchantID  string `json:"merchant_id"`
	CardID      string `json:"card_id"`
	created     time.Time
}

// creditedGift is what a missing credit took from a gift (W36, W37).
type creditedGift struct {
	GiftID         string `json:"gift_id"`
	CreditedAmount int64  `json:"credited_amount"`
	Balance        int64  `json:"balance"`
}

// missingCredit is a registered missing credit (W36).
type missingCredit struct {
	ID                string         `json:"id"`
	MerchantID        string         `json:"merchant_id"`
	Comment           string         `json:"comment"`
	Status            string         `json:"status"`
	CreateDate        string         `json:"create_date"`
	ClientRecipientID string         `json:"client_recipient_id"`
	Gifts             []creditedGift `json:"gifts"`
	reference         string
}

// Fee is a fee a swap, regift or redemption deducted from a gift's
// balance.
type Fee struct {
	GiftID string // the gift charged
	// Method is EXCHANGE, REGIFTING, EGIFT, VISA or ZELLE.
	Method string
	Cents  int64 // the fee, in cents
}

// DefaultRedemptionFee is the fee, in cents, a swap (EXCHANGE), regift
// (REGIFTING), eGift (EGIFT), Visa card (VISA) or Zelle (ZELLE) redemption
// of a gift with the given balance deducts from it: 1.00 for a swap or a
// regift, 3 % rounded up for an eGift, 3.95 for a Visa card, 1.50 for a
// Zelle transfer.
func DefaultRedemptionFee(method string, balanceCents int64) int64 {
	switch method {
	case "EGIFT":
		return (balanceCents*3 + 99) / 100
	case "VISA":
		return 395
	case "ZELLE":
		return 150
	}
	return 100
}

// randomCode is n random characters of alphabet.
func randomCode(alphabet string, n int) string {
	b := make([]byte, n)
	for i := range b {
		k, err := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		if err != nil {
			panic(err)
		}
		b[i] = alphabet[k.Int64()]
	}
	return string(b)
}

const (
	upperDigits = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	digitChars  = "0123456789"
	idChars     = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._"
)

// redemptionInfo is a gift's redemption_info.
func redemptionInfo(method string, details map[string]string) json.RawMessage {
	if details == nil {
		details = map[string]string{}
	}
	b, err := json.Marshal(map[string]any{"redemption_method": method, "redemption_details": details})
	if err != nil {
		panic(err)
	}
	return b
}

// seedII adds the documentation's examples of W17–W37; s.mu is held.
func (s *Server) seedII() {
	s.linkLog.Put(ExampleCardLinkAttemptID, &linkAttempt{DateCreated: "2022-25-10 00:00", ID: ExampleCardLinkAttemptID,
		ClientRecipientID: "12345", GiftID: ExampleGiftID, Status: "FAILED", StatusMessage: "INTERNATIONAL_CARD",
		session: "64e1580f-aac2-4dbe-a626-d9ce158d0879", created: time.Date(2022, 10, 25, 0, 0, 0, 0, time.UTC)})
	s.egifts.Put(ExampleEGiftID, &egift{EGiftID: ExampleEGiftID, ClientRecipientID: "12345", Amount: 1099, MerchantID: AmazonID,
		Message: "Congratulations on reaching your milestone.", FulfillmentStatus: "fulfilled", ExpirationDate: "05/25",
		DateCreated: "2022-25-10 00:00:00", DateToProcess: "2022-25-10 00:00:00", Code: "3CKL-KTQE22-MZAH", Pin: "12312321",
		Description:  "Amazon.com Gift Cards* never expire and can be redeemed towards millions of items at www.amazon.com",
		Instructions: "To redeem your gift card, follow these steps...", Terms: "Restrictions apply, see amazon.com/gc-legal"})
	s.visaCards.Put(ExampleVisaCardID, &visaCard{ID: ExampleVisaCardID, Amount: 500, DateCreated: "2022-25-09T1:33:10+00:00",
		DateProcessed: "2022-25-10T1:33:10+00:00", DateValueLoaded: "2022-11-28T21:33:10+00:00", GiftID: DunkinID,
		PrintedIdentifier: "c48cb28e", ShippmentMethod: "fedex-overnight", TrackingNumber: "1234567890", CardMask: "7890",
		FirstName: "Sherlock", LastName: "Holmes",
		Address: postal{AddressLine1: "221B Baker Street", Locality: "London", Region: "Marylebone", PostalCode: "NW1 6XE", Country: "US"}})
	s.zelleAccounts.Put(ExampleZelleAccountID, &zelleAccount{ClientRecipientID: ExampleZelleRecipientID, Token: ExampleZelleToken,
		TokenType: "email", FirstName: "John", LastName: "Doe", ID: ExampleZelleAccountID})
	s.zelleTxs.Put(ExampleZelleTransactionID, &zelleTransaction{ID: ExampleZelleTransactionID, Status: "processed", Amount: 500,
		DateCreated: "2023-01-01 12:00", DateModified: "2023-01-01 12:00", ZelleAccountID: ExampleZelleAccountID,
		ClientRecipientID: ExampleZelleRecipientID, GiftID: ExampleGiftID})
	s.cards.Put(ExampleCardID, &card{ID: ExampleCardID, CardMask: "7890", ExpirationDate: "05/25", DateCreated: "2022-25-10",
		DateModified: "2022-25-10", Type: "Visa", ClientRecipientID: ExampleCardRecipientID, network: "VISA"})
	created := time.Date(2022, 10, 10, 14, 0, 0, 0, time.UTC)
	s.credits.Put(ExampleCreditID, &credit{ID: ExampleCreditID, Amount: 100, Status: "SUCCESS", CardID: ExampleCardID,
		GiftID: DunkinID, IsBatched: "true", DateCreated: "2022-10-10 14:00", DateProcessed: "2022-11-10 15:00",
		DateFailed: "2022-11-10 15:00", FailureMessage: "Card is expired or lost.", IsMissingCredit: "true",
		MerchantTransaction: &mtRef{ID: ExampleMerchantTransactionID, Amount: 100, DateCreated: "2022-10-10 14:00"},
		recipient:           ExampleCardRecipientID, created: created})
	s.merchantTxs.Put(ExampleMerchantTransactionID, &merchantTransaction{ID: ExampleMerchantTransactionID, Amount: 100,
		DateCreated: "2022-10-10 14:00", GiftID: DunkinID, MerchantID: "12345", CardID: ExampleCardID, created: created})
	s.missingCredits.Put(ExampleMissingCreditID, &missingCredit{ID: ExampleMissingCreditID,
		MerchantID: DunkinID + ".", Comment: "Congratulations on reaching your milestone.", Status: "CREDITED",
		CreateDate: "2023-01-01 12:00", ClientRecipientID: ExampleZelleRecipientID,
		Gifts: []creditedGift{{GiftID: ExampleGiftID, CreditedAmount: 500, Balance: 0}}, reference: ExampleMissingCreditReference})
}
