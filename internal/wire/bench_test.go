package wire_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/giftcard-go/giftcard/internal/wire"
)

// benchBody is a clean 20-merchant page: every value in its documented
// JSON type, so both structs below can decode it.
var benchBody = func() []byte {
	var b strings.Builder
	b.WriteString(`{"code":200,"message":"SUCCESS","pagination":{"limit":20,"offset":0,"count":115},"data":[`)
	for i := range 20 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":"21aed077-807c-419e-9516-a7ddd1f1c8%02d","name":"Dunkin Donuts %d","min_gift":100,"max_gift":9999,`+
			`"balance":12.50,"date_created":"2022-10-10T14:00:00Z","is_national":true,"locations_count":27,`+
			`"redemption_methods":[{"redemption_method":"CARD_LINK","configuration":{"cards":["MC","VISA"]}}]}`, i, i)
	}
	b.WriteString(`]}`)
	return []byte(b.String())
}()

type wireMerchant struct {
	ID                wire.String                       `json:"id"`
	Name              wire.String                       `json:"name"`
	MinGift           wire.Int                          `json:"min_gift"`
	MaxGift           wire.Int                          `json:"max_gift"`
	Balance           wire.Decimal                      `json:"balance"`
	DateCreated       wire.Time                         `json:"date_created"`
	IsNational        wire.Bool                         `json:"is_national"`
	LocationsCount    wire.Int                          `json:"locations_count"`
	RedemptionMethods wire.Embedded[[]redemptionMethod] `json:"redemption_methods"`
}

type wirePage struct {
	Code       wire.Int                `json:"code"`
	Message    wire.String             `json:"message"`
	Pagination pagination              `json:"pagination"`
	Data       wire.List[wireMerchant] `json:"data"`
}

// scalarMerchant is wireMerchant with the two re-decoding types (List,
// Embedded) replaced by plain slices: the cost of the scalar types alone.
type scalarMerchant struct {
	ID                wire.String        `json:"id"`
	Name              wire.String        `json:"name"`
	MinGift           wire.Int           `json:"min_gift"`
	MaxGift           wire.Int           `json:"max_gift"`
	Balance           wire.Decimal       `json:"balance"`
	DateCreated       wire.Time          `json:"date_created"`
	IsNational        wire.Bool          `json:"is_national"`
	LocationsCount    wire.Int           `json:"locations_count"`
	RedemptionMethods []redemptionMethod `json:"redemption_methods"`
}

type scalarPage struct {
	Code       wire.Int         `json:"code"`
	Message    wire.String      `json:"message"`
	Pagination pagination       `json:"pagination"`
	Data       []scalarMerchant `json:"data"`
}

type plainMethod struct {
	Method        string `json:"redemption_method"`
	Configuration struct {
		Cards     []string        `json:"cards,omitempty"`
		Type      string          `json:"type,omitempty"`
		Min       decimal.Decimal `json:"min"`
		Max       decimal.Decimal `json:"max"`
		MinAmount decimal.Decimal `json:"min_amount"`
	} `json:"configuration"`
}

type plainMerchant struct {
	ID                string          `json:"id"`
	Name              string          `json:"name"`
	MinGift           int64           `json:"min_gift"`
	MaxGift           int64           `json:"max_gift"`
	Balance           decimal.Decimal `json:"balance"`
	DateCreated       time.Time       `json:"date_created"`
	IsNational        bool            `json:"is_national"`
	LocationsCount    int64           `json:"locations_count"`
	RedemptionMethods []plainMethod   `json:"redemption_methods"`
}

type plainPage struct {
	Code       int64  `json:"code"`
	Message    string `json:"message"`
	Pagination struct {
		Limit  int64 `json:"limit"`
		Offset int64 `json:"offset"`
		Count  int64 `json:"count"`
	} `json:"pagination"`
	Data []plainMerchant `json:"data"`
}

// BenchmarkDecode compares a page decoded into wire types against the same
// page decoded into plain Go types (decimal.Decimal and time.Time carry
// their own UnmarshalJSON there too). "wire-scalars" uses the scalar wire
// types with plain slices: List and Embedded must hand their content to a
// second json.Unmarshal (encoding/json lets an Unmarshaler do nothing
// else), so a List over a whole page roughly doubles that page's cost.
func BenchmarkDecode(b *testing.B) {
	b.Run("wire", func(b *testing.B) {
		b.SetBytes(int64(len(benchBody)))
		b.ReportAllocs()
		for b.Loop() {
			var p wirePage
			if err := json.Unmarshal(benchBody, &p); err != nil || len(p.Data) != 20 {
				b.Fatal(err)
			}
		}
	})
	b.Run("wire-scalars", func(b *testing.B) {
		b.SetBytes(int64(len(benchBody)))
		b.ReportAllocs()
		for b.Loop() {
			var p scalarPage
			if err := json.Unmarshal(benchBody, &p); err != nil || len(p.Data) != 20 {
				b.Fatal(err)
			}
		}
	})
	b.Run("plain", func(b *testing.B) {
		b.SetBytes(int64(len(benchBody)))
		b.ReportAllocs()
		for b.Loop() {
			var p plainPage
			if err := json.Unmarshal(benchBody, &p); err != nil || len(p.Data) != 20 {
				b.Fatal(err)
			}
		}
	})
}

// TestBenchStructsAgree keeps the benchmark honest: both structs read the
// same values from the body.
func TestBenchStructsAgree(t *testing.T) {
	var w wirePage
	var p plainPage
	if err := json.Unmarshal(benchBody, &w); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(benchBody, &p); err != nil {
		t.Fatal(err)
	}
	if len(w.Data) != len(p.Data) || int64(w.Pagination.Count) != p.Pagination.Count {
		t.Fatalf("pages differ: %d/%d merchants", len(w.Data), len(p.Data))
	}
	for i := range p.Data {
		wm, pm := w.Data[i], p.Data[i]
		if string(wm.ID) != pm.ID || int64(wm.MinGift) != pm.MinGift || !wm.Balance.Dec().Equal(pm.Balance) ||
			!wm.DateCreated.T.Equal(pm.DateCreated) || bool(wm.IsNational) != pm.IsNational ||
			len(wm.RedemptionMethods.V) != len(pm.RedemptionMethods) {
			t.Fatalf("merchant %d differs: %+v vs %+v", i, wm, pm)
		}
	}
}
