package wolfe_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/giftcard-go/giftcard/wolfe"
)

// seedGolden adds every golden file to the corpus.
func seedGolden(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(goldenDir, "*.json"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

// FuzzDecode: no answer Wolfe (or anyone on the path) sends makes a
// decoder panic, and whatever decodes encodes again.
func FuzzDecode(f *testing.F) {
	seedGolden(f)
	f.Add([]byte(`{"redemption_methods":"[{\"configuration\":1}]"}`))
	f.Add([]byte(`{"amount":1e400,"pagination":{"offset":"-1","count":"9999999999999999999999"}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		decodeAll := func(data []byte) {
			try[wolfe.Transaction](t, data)
			try[wolfe.Merchant](t, data)
			try[wolfe.Location](t, data)
			try[wolfe.Gift](t, data)
			try[wolfe.GiftEvent](t, data)
			try[wolfe.Balance](t, data)
			try[wolfe.MerchantSubmission](t, data)
			try[wolfe.WebhookConfig](t, data)
			try[wolfe.PortalLink](t, data)
			try[wolfe.Pagination](t, data)
			try[wolfe.TransactionUpdate](t, data)
			try[wolfe.GiftUpdate](t, data)
			try[wolfe.RedemptionMethod](t, data)
		}
		decodeAll(b)
		var env struct {
			Data json.RawMessage `json:"data"`
		}
		if json.Unmarshal(b, &env) == nil && len(env.Data) > 0 {
			decodeAll(env.Data)
			var items []json.RawMessage
			if json.Unmarshal(env.Data, &items) == nil {
				for _, it := range items {
					decodeAll(it)
				}
			}
		}
	})
}

// try decodes b into a T; when that works, the value must encode (or
// refuse with an error, never panic).
func try[T any](t *testing.T, b []byte) {
	var v T
	if json.Unmarshal(b, &v) != nil {
		return
	}
	_, _ = json.Marshal(v)
}

// FuzzParseWebhook: a posted body never panics the webhook decoder.
func FuzzParseWebhook(f *testing.F) {
	seedGolden(f)
	f.Add([]byte(`{"event":"MERCHANT_DELETE","merchant_id":7}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		ev, err := wolfe.ParseWebhook(b)
		if err == nil && ev.Name == "" {
			t.Fatalf("a webhook without an event name decoded: %s", b)
		}
	})
}
