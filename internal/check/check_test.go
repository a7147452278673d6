package check_test

import (
	"errors"
	"regexp"
	"testing"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/check"
)

func TestChecks(t *testing.T) {
	ck := check.For("wolfe")
	re := regexp.MustCompile(`^[A-Z]{2}$`)
	for _, tc := range []struct {
		name string
		err  error
		bad  bool
	}{
		{"required ok", ck.Required("f", "x"), false},
		{"required empty", ck.Required("f", ""), true},
		{"required blank", ck.Required("f", " \t"), true},
		{"text ok", ck.Text("f", "héllo"), false},
		{"text bad utf8 ff", ck.Text("f", "payout-\xff"), true},
		{"text bad utf8 fe", ck.Text("f", "payout-\xfe"), true},
		{"text control", ck.Text("f", "a\nb"), true},
		{"text nul", ck.Text("f", "a\x00b"), true},
		{"id blank", ck.ID("f", "  "), true},
		{"id ok", ck.ID("f", "g-1"), false},
		{"ref empty passes", ck.Ref("f", "", 10), false},
		{"ref runes ok", ck.Ref("f", "ééééé", 5), false},
		{"ref too long", ck.Ref("f", "ééééééé", 5), true},
		{"ref control", ck.Ref("f", "a\tb", 5), true},
		{"len ok", ck.Len("f", "abc", 1, 3), false},
		{"len short", ck.Len("f", "", 1, 3), true},
		{"digits ok", ck.Digits("f", "12345678901", 11), false},
		{"digits short", ck.Digits("f", "1234567890", 11), true},
		{"digits letter", ck.Digits("f", "1234567890a", 11), true},
		{"digits any", ck.Digits("f", "7", 0), false},
		{"digits empty", ck.Digits("f", "", 0), true},
		{"pattern ok", ck.Pattern("f", "US", re, "two capitals"), false},
		{"pattern bad", ck.Pattern("f", "us", re, "two capitals"), true},
		{"range ok", check.Range(ck, "f", 500, 500, 10000), false},
		{"range low", check.Range(ck, "f", 499, 500, 10000), true},
		{"range high", check.Range(ck, "f", 10001, 500, 10000), true},
		{"oneof ok", ck.OneOf("f", "B", "B", "K"), false},
		{"oneof bad", ck.OneOf("f", "b", "B", "K"), true},
		{"email ok", ck.Email("f", "a.b@example.com"), false},
		{"email display name", ck.Email("f", "A <a@example.com>"), true},
		{"email no domain dot", ck.Email("f", "a@localhost"), true},
		{"email junk", ck.Email("f", "nope"), true},
		{"uuid ok", ck.UUID("f", "6f1c1e2a-1b2c-4d3e-8f90-123456789abc"), false},
		{"uuid braces", ck.UUID("f", "{6f1c1e2a-1b2c-4d3e-8f90-123456789abc}"), true},
		{"uuid short", ck.UUID("f", "6f1c1e2a"), true},
		{"uuid urn", ck.UUID("f", "urn:uuid:6f1c1e2a-1b2c-4d3e-8f90-123456789abc"), true},
		{"header ok", ck.Header("f", "key\twith tab"), false},
		{"header crlf", ck.Header("f", "key\r\nX-Evil: 1"), true},
		{"header nul", ck.Header("f", "k\x00"), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !tc.bad {
				if tc.err != nil {
					t.Fatalf("refused: %v", tc.err)
				}
				return
			}
			var ve *giftcard.ValidationError
			if !errors.As(tc.err, &ve) || ve.Provider != "wolfe" || ve.Field != "f" || ve.Reason == "" {
				t.Fatalf("want a wolfe ValidationError on f, got %#v", tc.err)
			}
			if !errors.Is(tc.err, giftcard.ErrInvalidRequest) {
				t.Fatalf("%v does not match ErrInvalidRequest", tc.err)
			}
		})
	}
}

func TestFirst(t *testing.T) {
	ck := check.For("p")
	err := check.First(ck.Required("a", "x"), ck.Required("b", ""), ck.Required("c", ""))
	var ve *giftcard.ValidationError
	if !errors.As(err, &ve) || ve.Field != "b" {
		t.Fatalf("got %v", err)
	}
	if check.First(nil, nil) != nil {
		t.Fatal("First of nils is not nil")
	}
}
