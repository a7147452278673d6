package wire_test

import (
	"encoding/json"
	"fmt"

	"github.com/giftcard-go/giftcard/internal/wire"
)

func Example() {
	var page struct {
		Pagination struct {
			Offset wire.Int `json:"offset"`
			Count  wire.Int `json:"count"`
		} `json:"pagination"`
		Data wire.List[struct {
			MinGift     wire.Int  `json:"min_gift"`
			DateCreated wire.Time `json:"date_created"`
			IsActive    wire.Bool `json:"is_active"`
			Methods     wire.Embedded[[]struct {
				Method wire.String `json:"redemption_method"`
			}] `json:"redemption_methods"`
		}] `json:"data"`
	}
	body := `{"pagination":{"limit":20,"offset":"0","count":"115"},"data":{"min_gift":100,
		"date_created":"2022-25-10","is_active":"true",
		"redemption_methods":"[{\"redemption_method\": \"CARD_LINK\"}]"}}`
	if err := json.Unmarshal([]byte(body), &page); err != nil {
		fmt.Println(err)
		return
	}
	m := page.Data[0]
	minGift, _ := wire.CentsToMoney(int64(m.MinGift), "USD")
	fmt.Println(page.Pagination.Count, len(page.Data), minGift, m.IsActive, m.Methods.V[0].Method)
	fmt.Printf("date valid=%v raw=%s\n", m.DateCreated.Valid(), m.DateCreated.Raw)
	// Output:
	// 115 1 1.00 USD true CARD_LINK
	// date valid=false raw=2022-25-10
}

func ExampleFixedString() {
	body, _ := json.Marshal(struct {
		Amount wire.DecimalString `json:"amount"`
		Funds  wire.Decimal       `json:"initialFunds"`
	}{
		Amount: wire.FixedString(dec("10.5"), 2),
		Funds:  wire.Fixed(dec("100"), 2),
	})
	fmt.Println(string(body))
	// Output: {"amount":"10.50","initialFunds":100.00}
}
