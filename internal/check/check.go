// Package check holds the validation helpers every provider package uses to
// refuse bad input before the network. Each returns nil, or a
// *giftcard.ValidationError naming the provider and the field and saying
// what is allowed.
//
//	ck := check.For("wolfe")
//	if err := check.First(
//		ck.UUID("company_id", cfg.CompanyID),
//		ck.Ref("reference_id", req.ReferenceID, 255),
//		ck.Range("amount", cents, 500, 10000),
//	); err != nil {
//		return Gift{}, err
//	}
package check

import (
	"cmp"
	"fmt"
	"net/mail"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/giftcard-go/giftcard"
)

// Checker builds the errors of one provider.
type Checker struct{ provider string }

// For returns the Checker of provider ("wolfe").
func For(provider string) Checker { return Checker{provider: provider} }

// First returns the first non-nil error, so several checks read as one
// statement.
func First(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// Invalid is the error for field with reason.
func (c Checker) Invalid(field, reason string) error {
	return &giftcard.ValidationError{Provider: c.provider, Field: field, Reason: reason}
}

// Required refuses an empty or blank value.
func (c Checker) Required(field, v string) error {
	if strings.TrimSpace(v) == "" {
		return c.Invalid(field, "required")
	}
	return nil
}

// Text refuses, in a value that is set, what cannot travel unchanged: invalid
// UTF-8 (two different byte strings would both reach the wire as U+FFFD) and
// control characters. An empty value passes; use Required for that.
func (c Checker) Text(field, v string) error {
	switch {
	case !utf8.ValidString(v):
		return c.Invalid(field, "not valid UTF-8")
	case strings.IndexFunc(v, unicode.IsControl) >= 0:
		return c.Invalid(field, "holds a control character")
	}
	return nil
}

// ID refuses an id that is blank, not valid UTF-8 or holds a control
// character.
func (c Checker) ID(field, v string) error {
	return First(c.Required(field, v), c.Text(field, v))
}

// Ref checks a reference (an idempotency key) that is set: valid UTF-8, no
// control characters, not blank, at most max runes (max ≤ 0: no limit). An
// empty reference passes, since the SDK generates one.
func (c Checker) Ref(field, v string, max int) error {
	if v == "" {
		return nil
	}
	return First(c.ID(field, v), c.MaxLen(field, v, max))
}

// MaxLen refuses a value longer than max runes (max ≤ 0: no limit).
func (c Checker) MaxLen(field, v string, max int) error {
	if max > 0 && utf8.RuneCountInString(v) > max {
		return c.Invalid(field, fmt.Sprintf("longer than %d characters", max))
	}
	return nil
}

// Len refuses a value whose length in runes is outside min..max.
func (c Checker) Len(field, v string, min, max int) error {
	n := utf8.RuneCountInString(v)
	if n < min || (max > 0 && n > max) {
		if min == max {
			return c.Invalid(field, fmt.Sprintf("must be %d characters", min))
		}
		return c.Invalid(field, fmt.Sprintf("must be %d to %d characters", min, max))
	}
	return nil
}

// Digits refuses a value that is not exactly n ASCII digits (n ≤ 0: any
// positive number of digits).
func (c Checker) Digits(field, v string, n int) error {
	ok := v != "" && strings.IndexFunc(v, func(r rune) bool { return r < '0' || r > '9' }) < 0
	if !ok || (n > 0 && len(v) != n) {
		if n > 0 {
			return c.Invalid(field, fmt.Sprintf("must be %d digits", n))
		}
		return c.Invalid(field, "must be digits")
	}
	return nil
}

// Pattern refuses a value re does not match; want says in words what is
// allowed.
func (c Checker) Pattern(field, v string, re *regexp.Regexp, want string) error {
	if !re.MatchString(v) {
		return c.Invalid(field, "must be "+want)
	}
	return nil
}

// Range refuses a value outside lo..hi, inclusive.
func Range[T cmp.Ordered](c Checker, field string, v, lo, hi T) error {
	if v < lo || v > hi {
		return c.Invalid(field, fmt.Sprintf("%v is outside %v..%v", v, lo, hi))
	}
	return nil
}

// OneOf refuses a value that is not one of allowed.
func (c Checker) OneOf(field, v string, allowed ...string) error {
	if !slices.Contains(allowed, v) {
		return c.Invalid(field, fmt.Sprintf("%q is not one of %s", v, strings.Join(allowed, ", ")))
	}
	return nil
}

// Email refuses a value that is not a bare address (name@domain, no display
// name, no angle brackets).
func (c Checker) Email(field, v string) error {
	a, err := mail.ParseAddress(v)
	if err != nil || a.Address != v || a.Name != "" || !strings.Contains(v[strings.LastIndexByte(v, '@')+1:], ".") {
		return c.Invalid(field, "must be an email address like name@example.com")
	}
	return nil
}

// UUID refuses a value that is not a UUID in its canonical 36-character
// form.
func (c Checker) UUID(field, v string) error {
	if len(v) != 36 {
		return c.Invalid(field, "must be a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)")
	}
	if _, err := uuid.Parse(v); err != nil {
		return c.Invalid(field, "must be a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)")
	}
	return nil
}

// Header refuses a value that would corrupt or split an HTTP header: CR, LF,
// NUL or any other control character but tab, or invalid UTF-8. Checked in
// New for every credential and id sent as a header, so a bad one is a
// configuration error, not a network failure retried as an outage.
func (c Checker) Header(field, v string) error {
	if !utf8.ValidString(v) {
		return c.Invalid(field, "not valid UTF-8")
	}
	if strings.IndexFunc(v, func(r rune) bool { return r != '\t' && unicode.IsControl(r) }) >= 0 {
		return c.Invalid(field, "holds a control character (CR, LF or NUL?)")
	}
	return nil
}
