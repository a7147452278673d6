package wolfetest

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/giftcard-go/giftcard"
)

// The documentation's example ids, all seeded.
const (
	// DunkinID is Dunkin Donuts (W7, W8): min_gift 100, max_gift 9999,
	// CARD_LINK with MC and VISA, 27 locations.
	DunkinID = "21aed077-807c-419e-9516-a7ddd1f1c8dd"
	// AmazonID is the merchant of the purchase and gift examples (W11–W13,
	// W24's Amazon.com eGift): min_gift 500, max_gift 10000, every
	// redemption method the documentation configures.
	AmazonID = "500924a8-3f5e-4c00-beb8-2efcde988aea"
	// ExampleLocationID is the location of W9 and W10 (a Dunkin Donuts on
	// Baker Street, dated "2022-25-10" as the example is).
	ExampleLocationID = "5100fed4-c47c-46f3-818b-9dd445e44441"
	// ExampleGiftID is the gift of W13 (10.99 USD, fee 1.55, balance 5.15),
	// purchased with reference ExampleGiftReference.
	ExampleGiftID        = "7b86f0fa-e61d-48f3-9237-227533683776"
	ExampleGiftReference = "411f62d0-05e0-4689-b09c-85904ef542e8"
	// ExampleTransactionID is the transaction of W1 and W2 (not a valid
	// UUID, as in the documentation).
	ExampleTransactionID = "1sa42e3b-4s36-6440-b0ba-0050asd2143b"
	// ExampleSubmissionID is the merchant submission of W5 and W6.
	ExampleSubmissionID = "458c68b1-8d67-4ad5-bca9-72b9a9972c73"
)

// Layouts the sandbox writes dates in, as the documentation's examples do.
const (
	minuteLayout = "2006-01-02 15:04"
	dayLayout    = "2006-01-02"
)

func usd(cents int64) giftcard.Money {
	m, _ := giftcard.FromMinor(cents, "USD")
	return m
}

type method struct {
	Method        string         `json:"redemption_method"`
	Configuration map[string]any `json:"configuration"`
}

type merchant struct {
	ID                string `json:"id"`
	Name              string `json:"name"`
	MinGift           int64  `json:"min_gift"`
	MaxGift           int64  `json:"max_gift"`
	DateCreated       string `json:"date_created"`
	IsNational        bool   `json:"is_national"`
	LocationsCount    int    `json:"locations_count"`
	RedemptionMethods string `json:"redemption_methods"` // JSON inside a string, as Wolfe sends it
	created           time.Time
	methods           []method
}

type address struct {
	AddressLine1 string `json:"address_line_1"` // the answers' spelling (requests write address_line1)
	Locality     string `json:"locality"`
	Region       string `json:"region"`
	PostalCode   string `json:"postal_code"`
	Country      string `json:"country"`
}

type location struct {
	ID           string  `json:"id"`
	MerchantID   string  `json:"merchant_id"`
	DateCreated  string  `json:"date_created"`
	DateModified string  `json:"date_modified"`
	IsActive     bool    `json:"is_active"`
	Address      address `json:"address"`
	created      time.Time
}

type event struct {
	Datetime    string         `json:"datetime"`
	Event       string         `json:"event"`
	Description string         `json:"description"`
	Metadata    map[string]any `json:"metadata"`
}

type gift struct {
	ID                string          `json:"id"`
	Amount            int64           `json:"amount"`
	MerchantID        string          `json:"merchant_id"`
	Message           string          `json:"message,omitempty"`
	Balance           int64           `json:"balance"`
	Status            string          `json:"status"`
	CreateDate        string          `json:"create_date"`
	Email             string          `json:"email,omitempty"`
	MobileNumber      string          `json:"mobile_number,omitempty"`
	ClientRecipientID string          `json:"client_recipient_id,omitempty"`
	RedemptionInfo    json.RawMessage `json:"redemption_info,omitempty"`
	LinkedGift        string          `json:"linked_gift,omitempty"`
	Fee               int64           `json:"fee"`
	RedemptionOptions []method        `json:"redemption_options"`
	reference         string
	events            []event
}

type transaction struct {
	ID              string `json:"id"`
	AccountNumber   string `json:"account_number"`
	OwnerID         string `json:"owner_id,omitempty"`
	Amount          int64  `json:"amount"`
	Status          string `json:"status"`
	TransactionType string `json:"transaction_type"`
	ReferenceID     string `json:"reference_id"`
	BeforeBalance   int64  `json:"before_balance"`
	PaymentMethod   string `json:"payment_method,omitempty"`
	DateCreated     string `json:"date_created"`
	DateModified    string `json:"date_modified"`
	Fee             int64  `json:"fee"`
	Comment         string `json:"comment,omitempty"`
	created         time.Time
}

type submission struct {
	MerchantID          string  `json:"merchant_id"`
	Status              string  `json:"status"`
	DateSubmitted       string  `json:"date_submitted"`
	DateAccepted        *string `json:"date_accepted"`
	DateDenied          *string `json:"date_denied"`
	DateEnabled         *string `json:"date_enabled"`
	DateUnableToOnboard *string `json:"date_unable_to_onboard"`
}

// accountNumber is the funding account's number (the documentation's).
const accountNumber = "GE28TB1237812369812732781"

var idSpace = uuid.MustParse("6ba7b812-9dad-11d1-80b4-00c04fd430c8")

func genID(kind string, i int) string {
	return uuid.NewSHA1(idSpace, fmt.Appendf(nil, "wolfetest-%s-%d", kind, i)).String()
}

func encodeMethods(ms []method) string {
	b, err := json.Marshal(ms)
	if err != nil {
		panic(err)
	}
	return string(b)
}

var (
	adjectives = []string{"Blue", "Golden", "Green", "Red", "Silver", "Sunny", "Urban", "Happy", "Little", "Northern",
		"Old Town", "Corner", "Lucky", "Maple", "River"}
	nouns = []string{"Bean Coffee", "Bakery", "Burger", "Pizza", "Books", "Market", "Diner", "Taqueria", "Noodle Bar",
		"Grill", "Florist", "Hardware", "Pharmacy", "Cinema", "Fitness", "Pet Supply", "Bike Shop", "Deli",
		"Tea House", "Creamery"}
	cities = []struct{ city, region, zip string }{
		{"Pittsburgh", "PA", "15222"}, {"Austin", "TX", "78701"}, {"Denver", "CO", "80202"}, {"Portland", "OR", "97205"},
		{"Chicago", "IL", "60601"}, {"Boston", "MA", "02108"}, {"Seattle", "WA", "98101"}, {"Atlanta", "GA", "30303"},
	}
	methodSets = [][]method{
		{{Method: "EGIFT", Configuration: map[string]any{"type": "RANGE", "min": 10, "max": 50}}},
		{{Method: "CARD_LINK", Configuration: map[string]any{"cards": []string{"VISA", "MC", "AMEX"}}}},
		{{Method: "CARD_LINK", Configuration: map[string]any{"cards": []string{"VISA", "MC"}}},
			{Method: "VISA", Configuration: map[string]any{"min_amount": 5}}},
		{{Method: "EGIFT", Configuration: map[string]any{"type": "RANGE", "min": 10, "max": 50}},
			{Method: "EXCHANGE", Configuration: map[string]any{}}},
	}
)

// seed fills the sandbox with the documentation's examples and the
// generated catalog.
func (s *Server) seed() {
	s.mu.Lock()
	defer s.mu.Unlock()
	dunkin := &merchant{ID: DunkinID, Name: "Dunkin Donuts", MinGift: 100, MaxGift: 9999, DateCreated: "2022-10-10 14:00",
		IsNational: true, RedemptionMethods: `[{"redemption_method": "CARD_LINK","configuration": {"cards": ["MC","VISA"]}}]`,
		created: time.Date(2022, 10, 10, 14, 0, 0, 0, time.UTC),
		methods: []method{{Method: "CARD_LINK", Configuration: map[string]any{"cards": []string{"MC", "VISA"}}}}}
	amazonMethods := []method{
		{Method: "EGIFT", Configuration: map[string]any{"type": "RANGE", "min": 10, "max": 50}},
		{Method: "CARD_LINK", Configuration: map[string]any{"cards": []string{"VISA", "MC", "AMEX"}}},
		{Method: "VISA", Configuration: map[string]any{"min_amount": 5}},
		{Method: "EXCHANGE", Configuration: map[string]any{}},
	}
	amazon := &merchant{ID: AmazonID, Name: "Amazon.com", MinGift: 500, MaxGift: 10000, DateCreated: "2022-10-10 14:00",
		IsNational: true, RedemptionMethods: encodeMethods(amazonMethods), methods: amazonMethods,
		created: time.Date(2022, 10, 10, 14, 0, 0, 0, time.UTC)}
	s.merchants.Put(dunkin.ID, dunkin)
	s.merchants.Put(amazon.ID, amazon)
	s.locations.Put(ExampleLocationID, &location{ID: ExampleLocationID, MerchantID: DunkinID, DateCreated: "2022-25-10",
		DateModified: "2022-25-10", IsActive: true, created: time.Date(2022, 10, 25, 0, 0, 0, 0, time.UTC),
		Address: address{AddressLine1: "221B Baker Street", Locality: "London", Region: "Marylebone", PostalCode: "NW1 6XE", Country: "US"}})
	dunkin.LocationsCount = 1
	for i := range 26 {
		s.addLocation(dunkin, i+1000, time.Date(2022, 11, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i))
	}
	start := time.Date(2023, 1, 1, 9, 0, 0, 0, time.UTC)
	for i := range s.cfg.merchants {
		name := adjectives[i%len(adjectives)] + " " + nouns[(i/len(adjectives))%len(nouns)]
		if i >= len(adjectives)*len(nouns) {
			name += fmt.Sprintf(" #%d", i/(len(adjectives)*len(nouns))+1)
		}
		created := start.Add(time.Duration(i) * 7 * time.Hour)
		ms := methodSets[i%len(methodSets)]
		m := &merchant{ID: genID("merchant", i), Name: name, MinGift: 500, MaxGift: 10000, DateCreated: created.Format(minuteLayout),
			IsNational: i%4 == 0, RedemptionMethods: encodeMethods(ms), methods: ms, created: created}
		switch {
		case i%11 == 5:
			m.MinGift, m.MaxGift = 100, 9999
		case i%7 == 3:
			m.MinGift, m.MaxGift = 1000, 5000
		}
		s.merchants.Put(m.ID, m)
		for j := range i%3 + 1 {
			s.addLocation(m, i*10+j, created.AddDate(0, 0, j))
		}
	}
	g := &gift{ID: ExampleGiftID, Amount: 1099, MerchantID: AmazonID, Message: "Congratulations on reaching your milestone.",
		Balance: 515, Status: "new", CreateDate: "2019-08-24T14:15:22Z", Email: "user@example.com",
		MobileNumber: "13424353467", ClientRecipientID: "12345",
		RedemptionInfo: json.RawMessage(`{"redemption_method":"EGIFT","redemption_details":{"card_id":"f2cfda7d-f3bc-44e8-89d2-8555df988190","egift_id":"f2cfda7d-f3bc-44e8-89d2-8555df988190","visa_id":"f2cfda7d-f3bc-44e8-89d2-8555df988190","gift_id":"f2cfda7d-f3bc-44e8-89d2-8555df988190"}}`),
		LinkedGift:     "f2cfda7d-f3bc-44e8-89d2-8555df988190", Fee: 155,
		RedemptionOptions: []method{{Method: "EGIFT", Configuration: map[string]any{}}},
		reference:         ExampleGiftReference,
		events:            []event{{Datetime: "2019-08-24T14:15:22Z", Event: "gift.claim", Description: "string", Metadata: map[string]any{}}}}
	s.gifts.Put(g.ID, g)
	s.giftByRef[g.reference] = g
	s.transactions.Put(ExampleTransactionID, &transaction{ID: ExampleTransactionID, AccountNumber: accountNumber,
		OwnerID: s.cfg.companyID, Amount: 8532, Status: "SUCCESS", TransactionType: "EXTERNAL", ReferenceID: ExampleGiftReference,
		BeforeBalance: 1425, PaymentMethod: "ACH", DateCreated: "2022-10-10 14:00", DateModified: "2022-11-10 15:00", Fee: 110,
		Comment: "lorem ipsum", created: time.Date(2022, 10, 10, 14, 0, 0, 0, time.UTC)})
	accepted := "2022-10-20T12:00:00Z"
	s.submissions.Put(ExampleSubmissionID, &submission{MerchantID: ExampleSubmissionID, Status: "pending",
		DateSubmitted: "2022-10-20T12:00:00Z", DateAccepted: &accepted})
}

// addLocation adds location number i of m; s.mu is held.
func (s *Server) addLocation(m *merchant, i int, created time.Time) {
	c := cities[i%len(cities)]
	l := &location{ID: genID("location", i), MerchantID: m.ID, DateCreated: created.Format(dayLayout),
		DateModified: created.Format(dayLayout), IsActive: i%9 != 8, created: created,
		Address: address{AddressLine1: fmt.Sprintf("%d Main Street", 100+i), Locality: c.city, Region: c.region,
			PostalCode: c.zip, Country: "US"}}
	if m.ID == DunkinID {
		l.ID = genID("dunkin-location", i)
	}
	s.locations.Put(l.ID, l)
	m.LocationsCount++
}
