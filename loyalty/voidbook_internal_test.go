package loyalty

import (
	"errors"
	"strconv"
	"testing"

	"github.com/giftcard-go/giftcard"
)

// The record keeps the last maxVoidsKept finished voids and every unknown
// one; a definite refusal is forgotten.
func TestVoidBookBounds(t *testing.T) {
	var b voidBook
	gen := func() string { return "k" }
	unknown := &giftcard.Error{Kind: giftcard.ErrProviderUnavailable, OutcomeUnknown: true}
	if _, _, err := b.begin("unknown", "", gen); err != nil {
		t.Fatal(err)
	}
	b.end("unknown", Transaction{}, unknown)
	if _, _, err := b.begin("refused", "", gen); err != nil {
		t.Fatal(err)
	}
	b.end("refused", Transaction{}, errors.New("not found"))
	if _, ok := b.byOri["refused"]; ok {
		t.Fatal("a definite refusal is kept")
	}
	for i := range maxVoidsKept + 10 {
		ori := strconv.Itoa(i)
		if _, _, err := b.begin(ori, "", gen); err != nil {
			t.Fatal(err)
		}
		b.end(ori, Transaction{Result: ResultSuccess, CheckoutID: "v" + ori}, nil)
	}
	if b.voided("0") || b.voided("9") || !b.voided("10") || !b.voided(strconv.Itoa(maxVoidsKept+9)) {
		t.Fatal("the oldest finished voids are not the ones forgotten")
	}
	if len(b.byOri) != maxVoidsKept+1 {
		t.Fatalf("%d records, want %d finished and 1 unknown", len(b.byOri), maxVoidsKept)
	}
	key, done, err := b.begin("unknown", "", gen)
	if err != nil || done != nil || key != "k" {
		t.Fatalf("the unknown void resumes with its number: %q %v %v", key, done, err)
	}
}
