package wire_test

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/giftcard-go/giftcard/internal/wire"
)

// These payloads are the Wolfe seed's examples (002_50639d228a4ec6dc.txt:
// list merchants, list locations, get Visa card request, get merchant
// submission, register missing credit), copied with their quirks, plus a
// loyalty answer shaped as 003 describes it (string amounts, integer
// points as a string, a zone-less timestamp).

const wolfeMerchants = `{
  "code": 200,
  "message": "SUCCESS",
  "pagination": {
    "limit": 20,
    "offset": "0",
    "count": "115"
  },
  "data": [
    {
      "id": "21aed077-807c-419e-9516-a7ddd1f1c8dd",
      "name": "Dunkin Donuts",
      "min_gift": 100,
      "max_gift": 9999,
      "date_created": "2022-10-10 14:00",
      "is_national": true,
      "locations_count": 27,
      "redemption_methods": "[{\"redemption_method\": \"CARD_LINK\",\"configuration\": {\"cards\": [\"MC\",\"VISA\"]}}]"
    }
  ]
}`

const wolfeLocation = `{
  "code": 200,
  "message": "SUCCESS",
  "data": {
    "id": "5100fed4-c47c-46f3-818b-9dd445e44441",
    "merchant_id": "21aed077-807c-419e-9516-a7ddd1f1c8dd",
    "date_created": "2022-25-10",
    "date_modified": "2022-25-10",
    "is_active": true,
    "address": {
      "address_line_1": "221B Baker Street",
      "locality": "London",
      "region": "Marylebone",
      "postal_code": "NW1 6XE",
      "country": "US"
    }
  }
}`

const wolfeVisaCard = `{
  "code": 200,
  "message": "SUCCESS",
  "data": {
    "id": "512e3a65-ca83-4f59-8b16-64eeebf39640",
    "amount": 500,
    "date_created": "2022-25-09T1:33:10+00:00",
    "date_processed": "2022-25-10T1:33:10+00:00",
    "date_value_loaded": "2022-11-28T21:33:10+00:00",
    "tracking_number": "1234567890",
    "card_mask": "7890"
  }
}`

const wolfeSubmission = `{
  "code": 200,
  "message": "SUCCESS",
  "data": {
    "merchant_id": "458c68b1-8d67-4ad5-bca9-72b9a9972c73",
    "status": "pending",
    "date_submitted": "2022-10-20T12:00:00Z",
    "date_accepted": "2022-10-20T12:00:00Z",
    "date_denied": null,
    "date_enabled": null,
    "date_unable_to_onboard": null
  }
}`

const wolfeMissingCredit = `{
  "merchant_id": "21aed077-807c-419e-9516-a7ddd1f1c8dd",
  "transaction_date": "2023-01-01",
  "comment": "$5 was additional tip on the transaction.",
  "client_recipient_id": "12346",
  "card_id": "8b908674-7b88-4644-b7a5-c8d68d5020c7",
  "is_online": "true",
  "reference_id": "7ee8f857-e5b8-4a03-b41f-455439a13428",
  "transaction_amount": 1000
}`

const loyaltyAnswer = `{
  "code": 200,
  "msg": "success",
  "timestamp": "2024-01-15 10:30:00",
  "data": {"amount": "10.50", "balance": "25.5", "points": "120", "tranCurrency": "USD"}
}`

type pagination struct {
	Limit      wire.Int `json:"limit"`
	Offset     wire.Int `json:"offset"`
	Count      wire.Int `json:"count"`
	TotalCount wire.Int `json:"total_count,omitzero"`
}

type merchant struct {
	ID                wire.String                       `json:"id"`
	Name              wire.String                       `json:"name"`
	MinGift           wire.Int                          `json:"min_gift"`
	MaxGift           wire.Int                          `json:"max_gift"`
	DateCreated       wire.Time                         `json:"date_created"`
	IsNational        wire.Bool                         `json:"is_national"`
	LocationsCount    wire.Int                          `json:"locations_count"`
	RedemptionMethods wire.Embedded[[]redemptionMethod] `json:"redemption_methods"`
}

type merchantList struct {
	Code       wire.Int             `json:"code"`
	Message    wire.String          `json:"message"`
	Pagination pagination           `json:"pagination"`
	Data       wire.List[merchant]  `json:"data"`
	Balance    wire.Decimal         `json:"balance,omitzero"`
	Timestamp  wire.Time            `json:"timestamp,omitzero"`
	Amount     wire.DecimalString   `json:"amount,omitzero"`
	Extra      wire.List[wire.Time] `json:"extra,omitzero"`
}

type location struct {
	ID           wire.String `json:"id"`
	MerchantID   wire.String `json:"merchant_id"`
	DateCreated  wire.Time   `json:"date_created"`
	DateModified wire.Time   `json:"date_modified"`
	IsActive     wire.Bool   `json:"is_active"`
	Address      struct {
		Line1  wire.String `json:"address_line_1"`
		Region wire.String `json:"region"`
	} `json:"address"`
}

type envelope[T any] struct {
	Code    wire.Int     `json:"code"`
	Message wire.String  `json:"message"`
	Data    wire.List[T] `json:"data"`
}

func TestWolfeMerchantList(t *testing.T) {
	got, err := decode[merchantList](wolfeMerchants)
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	if got.Code != 200 || got.Message != "SUCCESS" {
		t.Errorf("envelope = %d %q", got.Code, got.Message)
	}
	if got.Pagination != (pagination{Limit: 20, Offset: 0, Count: 115}) {
		t.Errorf("pagination = %+v, want limit 20 offset 0 count 115", got.Pagination)
	}
	if len(got.Data) != 1 {
		t.Fatalf("data has %d merchants, want 1", len(got.Data))
	}
	m := got.Data[0]
	if m.ID != "21aed077-807c-419e-9516-a7ddd1f1c8dd" || m.Name != "Dunkin Donuts" || m.MinGift != 100 ||
		m.MaxGift != 9999 || !bool(m.IsNational) || m.LocationsCount != 27 {
		t.Errorf("merchant = %+v", m)
	}
	if want := time.Date(2022, 10, 10, 14, 0, 0, 0, time.UTC); !m.DateCreated.T.Equal(want) || m.DateCreated.Raw != "2022-10-10 14:00" {
		t.Errorf("date_created = %+v, want %v", m.DateCreated, want)
	}
	rm := m.RedemptionMethods
	if !rm.Quoted || len(rm.V) != 1 || rm.V[0].Method != "CARD_LINK" ||
		!reflect.DeepEqual(rm.V[0].Configuration.Cards, []wire.String{"MC", "VISA"}) {
		t.Errorf("redemption_methods = %+v", rm)
	}
	minGift, err := wire.CentsToMoney(int64(m.MinGift), "USD")
	if err != nil || minGift.String() != "1.00 USD" {
		t.Errorf("min_gift as money = %v, %v", minGift, err)
	}
	enc := roundTrip(t, got)

	// The re-encoded body keeps the provider's forms where they carry
	// meaning: the quoted JSON stays a string, the date keeps its text.
	var generic map[string]any
	if err := json.Unmarshal([]byte(enc), &generic); err != nil {
		t.Fatal(err)
	}
	data := generic["data"].([]any)[0].(map[string]any)
	if _, ok := data["redemption_methods"].(string); !ok {
		t.Errorf("redemption_methods re-encoded as %T, want a string", data["redemption_methods"])
	}
	if data["date_created"] != "2022-10-10 14:00" {
		t.Errorf("date_created re-encoded as %v", data["date_created"])
	}
	for _, absent := range []string{"balance", "timestamp", "amount", "extra"} {
		if _, ok := generic[absent]; ok {
			t.Errorf("absent %s was written", absent)
		}
	}
}

func TestWolfeLocationWithInvalidDates(t *testing.T) {
	got, err := decode[envelope[location]](wolfeLocation)
	if err != nil {
		t.Fatalf("an invalid date failed the whole response: %v", err)
	}
	if len(got.Data) != 1 {
		t.Fatalf("the object form did not become a one-element list: %+v", got.Data)
	}
	loc := got.Data[0]
	if loc.DateCreated.Valid() || loc.DateCreated.Raw != "2022-25-10" || loc.DateModified.Raw != "2022-25-10" {
		t.Errorf("dates = %+v / %+v, want unparsed with the raw text", loc.DateCreated, loc.DateModified)
	}
	if !bool(loc.IsActive) || loc.Address.Line1 != "221B Baker Street" {
		t.Errorf("location = %+v", loc)
	}
	roundTrip(t, got)
}

func TestWolfeVisaCardDates(t *testing.T) {
	type visa struct {
		ID              wire.String `json:"id"`
		Amount          wire.Int    `json:"amount"`
		DateCreated     wire.Time   `json:"date_created"`
		DateProcessed   wire.Time   `json:"date_processed"`
		DateValueLoaded wire.Time   `json:"date_value_loaded"`
		TrackingNumber  wire.String `json:"tracking_number"`
	}
	got, err := decode[envelope[visa]](wolfeVisaCard)
	if err != nil || len(got.Data) != 1 {
		t.Fatalf("decode: %+v, %v", got, err)
	}
	v := got.Data[0]
	if v.DateCreated.Valid() || v.DateProcessed.Valid() || v.DateCreated.Raw != "2022-25-09T1:33:10+00:00" {
		t.Errorf("invalid dates parsed: %+v %+v", v.DateCreated, v.DateProcessed)
	}
	if want := time.Date(2022, 11, 28, 21, 33, 10, 0, time.UTC); !v.DateValueLoaded.T.Equal(want) {
		t.Errorf("date_value_loaded = %v, want %v", v.DateValueLoaded.T, want)
	}
	if m, err := wire.CentsToMoney(int64(v.Amount), "USD"); err != nil || m.String() != "5.00 USD" {
		t.Errorf("amount = %v, %v", m, err)
	}
	roundTrip(t, got)
}

func TestWolfeSubmissionNullDates(t *testing.T) {
	type submission struct {
		MerchantID    wire.String `json:"merchant_id"`
		Status        wire.String `json:"status"`
		DateSubmitted wire.Time   `json:"date_submitted"`
		DateAccepted  wire.Time   `json:"date_accepted"`
		DateDenied    wire.Time   `json:"date_denied"`
		DateEnabled   wire.Time   `json:"date_enabled"`
	}
	got, err := decode[envelope[submission]](wolfeSubmission)
	if err != nil || len(got.Data) != 1 {
		t.Fatalf("decode: %+v, %v", got, err)
	}
	s := got.Data[0]
	if !s.DateSubmitted.Valid() || !s.DateDenied.IsZero() || !s.DateEnabled.IsZero() {
		t.Errorf("submission = %+v", s)
	}
	enc := roundTrip(t, got)
	var generic struct {
		Data []map[string]any `json:"data"`
	}
	if err := json.Unmarshal([]byte(enc), &generic); err != nil || generic.Data[0]["date_denied"] != nil {
		t.Errorf("a null date re-encoded as %v (%v)", generic.Data[0]["date_denied"], err)
	}
}

func TestWolfeMissingCreditStringBool(t *testing.T) {
	type missingCredit struct {
		MerchantID        wire.String `json:"merchant_id"`
		TransactionDate   wire.Time   `json:"transaction_date"`
		IsOnline          wire.Bool   `json:"is_online"`
		ClientRecipientID wire.String `json:"client_recipient_id"`
		TransactionAmount wire.Int    `json:"transaction_amount"`
	}
	got, err := decode[missingCredit](wolfeMissingCredit)
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	if !bool(got.IsOnline) || got.TransactionAmount != 1000 || got.ClientRecipientID != "12346" ||
		!got.TransactionDate.T.Equal(time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("missing credit = %+v", got)
	}
	// Sent by the SDK, the flag is a real boolean and the amount a bare
	// integer.
	enc := roundTrip(t, got)
	want := `{"merchant_id":"21aed077-807c-419e-9516-a7ddd1f1c8dd","transaction_date":"2023-01-01","is_online":true,"client_recipient_id":"12346","transaction_amount":1000}`
	if enc != want {
		t.Errorf("encoded\n %s\nwant\n %s", enc, want)
	}
}

func TestLoyaltyStringAmounts(t *testing.T) {
	type answer struct {
		Code      wire.Int    `json:"code"`
		Msg       wire.String `json:"msg"`
		Timestamp wire.Time   `json:"timestamp"`
		Data      struct {
			Amount   wire.DecimalString `json:"amount"`
			Balance  wire.DecimalString `json:"balance"`
			Points   wire.Int           `json:"points"`
			Currency wire.String        `json:"tranCurrency"`
		} `json:"data"`
	}
	got, err := decode[answer](loyaltyAnswer)
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	if got.Data.Amount.String() != "10.50" || got.Data.Balance.String() != "25.5" || got.Data.Points != 120 {
		t.Errorf("data = %+v", got.Data)
	}
	if want := time.Date(2024, 1, 15, 10, 30, 0, 0, time.UTC); !got.Timestamp.T.Equal(want) {
		t.Errorf("timestamp = %v, want %v", got.Timestamp.T, want)
	}
	enc := roundTrip(t, got)
	want := `{"code":200,"msg":"success","timestamp":"2024-01-15 10:30:00","data":{"amount":"10.50","balance":"25.5","points":120,"tranCurrency":"USD"}}`
	if enc != want {
		t.Errorf("encoded\n %s\nwant\n %s", enc, want)
	}
}
