package giftcard_test

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/giftcard-go/giftcard"
)

const (
	cardNumber = "8090920011768104"
	cardPIN    = "215744"
)

// leaks reports which secret (or its hex form) s contains.
func leaks(s string) []string {
	var out []string
	for _, secret := range []string{cardNumber, cardPIN} {
		dec := strings.Trim(fmt.Sprint([]byte(secret)), "[]") // how %d prints bytes
		for _, form := range []string{secret, hex.EncodeToString([]byte(secret)), strings.ToUpper(hex.EncodeToString([]byte(secret))), dec} {
			if strings.Contains(s, form) {
				out = append(out, form)
			}
		}
	}
	return out
}

var verbs = []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%20s", "%-30v", "%.3s", "%T %v"}

func TestSecretMasks(t *testing.T) {
	for _, tc := range []struct {
		secret giftcard.Secret
		masked string
	}{
		{cardNumber, "****8104"},
		{cardPIN, "****"},
		{"", ""},
		{"12345678901", "****"},              // under twelve: nothing shown
		{"123456789012", "****9012"},         // twelve digits: the last four
		{"sk_live_0a9b8c7d6e5f4a3b", "****"}, // a credential: nothing, however long
		{"1234-5678-9012-3456", "****"},      // not digits only: nothing
	} {
		if got := tc.secret.String(); got != tc.masked {
			t.Errorf("String(%q) = %q, want %q", tc.secret.Reveal(), got, tc.masked)
		}
		if got := fmt.Sprintf("%q", tc.secret); got != fmt.Sprintf("%q", tc.masked) {
			t.Errorf("%%q = %s", got)
		}
		if got := tc.secret.GoString(); got != fmt.Sprintf("giftcard.Secret(%q)", tc.masked) {
			t.Errorf("GoString = %s", got)
		}
	}
	s := giftcard.Secret(cardNumber)
	if s.Reveal() != cardNumber || s.IsZero() || !giftcard.Secret("").IsZero() {
		t.Error("Reveal / IsZero")
	}
	for _, verb := range verbs {
		for _, v := range []any{s, &s, giftcard.Secret(cardPIN), []giftcard.Secret{s}, map[string]giftcard.Secret{"pin": cardPIN},
			struct{ Card giftcard.Secret }{s}} {
			if out := fmt.Sprintf(verb, v); len(leaks(out)) > 0 {
				t.Errorf("Sprintf(%q, %T) = %q leaks %v", verb, v, out, leaks(out))
			}
		}
	}
	if out := fmt.Sprint(s) + fmt.Sprintln(s) + s.String(); len(leaks(out)) > 0 {
		t.Errorf("Sprint leaks: %q", out)
	}
	b, err := json.Marshal(s)
	if err != nil || string(b) != `"`+cardNumber+`"` {
		t.Errorf("json.Marshal = %s, %v; JSON keeps the real value", b, err)
	}
}

func sampleOrder() (giftcard.Voucher, giftcard.Order) {
	v := giftcard.Voucher{
		ID: "v1", CardType: giftcard.CardNumberAndPIN, CardNumber: cardNumber, PIN: cardPIN,
		Amount: giftcard.MustParseMoney("500", "INR"), ValidTill: "2027-02-25",
	}
	o := giftcard.Order{
		Provider: "hubble", ID: "01KJA7HBZAPKDN0VVXTVN6R41H", ReferenceID: "ref-1", ProductID: "p1",
		Status: giftcard.OrderSuccess, Amount: giftcard.MustParseMoney("500", "INR"), Vouchers: []giftcard.Voucher{v},
		Raw: json.RawMessage(`{"vouchers":[{"cardNumber":"` + cardNumber + `","cardPin":"` + cardPIN + `"}]}`),
	}
	return v, o
}

func TestVoucherAndOrderMask(t *testing.T) {
	v, o := sampleOrder()
	values := []any{v, &v, o, &o, []giftcard.Voucher{v}, []*giftcard.Voucher{&v}, struct{ O giftcard.Order }{o}, map[string]giftcard.Voucher{"a": v}}
	for _, verb := range verbs {
		for _, x := range values {
			if out := fmt.Sprintf(verb, x); len(leaks(out)) > 0 {
				t.Errorf("Sprintf(%q, %T) leaks %v: %s", verb, x, leaks(out), out)
			}
		}
	}
	if s := v.String(); !strings.Contains(s, "****8104") || !strings.Contains(s, "500.00 INR") {
		t.Errorf("Voucher.String() = %s; want the masked number and the amount", s)
	}
	if s := fmt.Sprintf("%#v", o); !strings.HasPrefix(s, "giftcard.Order{") || !strings.Contains(s, "ref-1") {
		t.Errorf("%%#v = %s", s)
	}

	// JSON keeps the real values: it is how a voucher reaches its owner.
	for _, x := range []any{v, o} {
		b, err := json.Marshal(x)
		if err != nil || !bytes.Contains(b, []byte(cardNumber)) || !bytes.Contains(b, []byte(cardPIN)) {
			t.Errorf("json.Marshal(%T) = %s, %v; want the real credentials", x, b, err)
		}
	}
}

func TestSlogMasks(t *testing.T) {
	v, o := sampleOrder()
	for name, mk := range map[string]func(*bytes.Buffer) slog.Handler{
		"json": func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
		"text": func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
	} {
		var buf bytes.Buffer
		log := slog.New(mk(&buf))
		log.Info("issued", "voucher", v, "voucher_ptr", &v, "order", o, "order_ptr", &o,
			"card", v.CardNumber, "pin", v.PIN, slog.Any("pin_any", v.PIN),
			"vouchers", o.Vouchers, slog.Any("vouchers_any", o.Vouchers))
		log.With("voucher", v).WithGroup("g").Info("again", "order", o, "pin", v.PIN)
		out := buf.String()
		if l := leaks(out); len(l) > 0 {
			t.Errorf("%s handler leaks %v:\n%s", name, l, out)
		}
		if !strings.Contains(out, "****8104") || !strings.Contains(out, "01KJA7HBZAPKDN0VVXTVN6R41H") {
			t.Errorf("%s handler does not log the masked voucher and the order id:\n%s", name, out)
		}
	}
}
