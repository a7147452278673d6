package loyalty

// The request bodies as they travel, one struct per operation, with the
// fields in the documented order and clientId first. The client fills in
// clientId (a caller never does); the sign covers exactly the bytes these
// marshal to.

type activateBody struct {
	ClientID       string        `json:"clientId"`
	LoyaltyChannel string        `json:"loyaltyChannel"`
	AccountID      string        `json:"accountId"`
	EntryType      EntryType     `json:"entryType"`
	Activating     YesNo         `json:"activating"`
	CustomerInfo   *CustomerInfo `json:"customerInfo,omitempty"`
}

type inquiryBody struct {
	ClientID       string    `json:"clientId"`
	LoyaltyChannel string    `json:"loyaltyChannel"`
	AccountID      string    `json:"accountId"`
	EntryType      EntryType `json:"entryType"`
}

type issuanceBody struct {
	ClientID       string        `json:"clientId"`
	TranOrderNo    string        `json:"tranOrderNo"`
	LoyaltyChannel string        `json:"loyaltyChannel"`
	AccountID      string        `json:"accountId"`
	EntryType      EntryType     `json:"entryType"`
	Activating     YesNo         `json:"activating"`
	CustomerInfo   *CustomerInfo `json:"customerInfo,omitempty"`
	// Amount is not in the documentation: sent only when the caller sets one.
	Amount string `json:"amount,omitempty"`
}

type transactionBody struct {
	ClientID       string    `json:"clientId"`
	TranOrderNo    string    `json:"tranOrderNo"`
	LoyaltyChannel string    `json:"loyaltyChannel"`
	Amount         string    `json:"amount"`
	TranCurrency   string    `json:"tranCurrency"`
	AccountID      string    `json:"accountId"`
	EntryType      EntryType `json:"entryType"`
	NSFAllowed     *bool     `json:"nsfAllowed,omitempty"`
}

type voidBody struct {
	ClientID    string `json:"clientId"`
	TranOrderNo string `json:"tranOrderNo"`
	OriOrderNo  string `json:"oriOrderNo"`
}

type pointsBody struct {
	ClientID       string    `json:"clientId"`
	TranOrderNo    string    `json:"tranOrderNo"`
	LoyaltyChannel string    `json:"loyaltyChannel"`
	AccountID      string    `json:"accountId"`
	EntryType      EntryType `json:"entryType"`
	Amount         string    `json:"amount"`
}

type tipBody struct {
	ClientID     string    `json:"clientId"`
	TranOrderNo  string    `json:"tranOrderNo"`
	OriOrderNo   string    `json:"oriOrderNo"`
	TranCurrency string    `json:"tranCurrency"`
	Amount       string    `json:"amount"`
	AccountID    string    `json:"accountId"`
	EntryType    EntryType `json:"entryType"`
}

type tokenBody struct {
	ClientID     string `json:"clientId"`
	ClientSecret string `json:"clientSecret"`
	MerchantID   string `json:"merchantId"`
	ChannelName  string `json:"channelName"`
}
