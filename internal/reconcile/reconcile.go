// Package reconcile makes a money-moving request exactly-once on its
// idempotency key, whatever the server answered: the one rule every provider
// follows after an answer that does not prove what happened.
//
// Send; on success, done. On an unknown outcome (the request may have taken
// effect) or a refusal that is not one of the request's own documented
// errors, look the key up:
//   - found, and it is this request (same amount, product, recipient …) →
//     that object, as if the first answer had arrived;
//   - found, and it is another request's → ErrDuplicateReference naming the
//     key;
//   - absent after an unknown outcome → resend with the same key (a resend
//     refused for any reason is looked up again: the original may have
//     landed meanwhile);
//   - absent after a refusal → the refusal, except a duplicate-reference
//     refusal whose holder cannot be read, which is outcome-unknown (a
//     caller told "duplicate" would pick a new key and could pay twice);
//   - the lookup itself failing → outcome-unknown.
//
// Rounds are bounded; every error returned carries the key in
// giftcard.Error.Reference.
package reconcile

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/giftcard-go/giftcard"
)

// DefaultRounds bounds how many times Do looks the key up.
const DefaultRounds = 3

// Spec is one exactly-once request.
type Spec[T any] struct {
	Provider string // "hubble"
	Op       string // "PlaceOrder"
	Key      string // the idempotency key the request carries
	// Send sends the request with Key. It is called again, unchanged, only
	// after a lookup proved the key unused.
	Send func(ctx context.Context) (T, error)
	// Lookup finds the object holding Key; an error matching
	// giftcard.ErrNotFound means none does.
	Lookup func(ctx context.Context) (T, error)
	// Mine reports whether the object found holds Key because of this very
	// request (rather than an earlier, different request with the same key).
	Mine func(T) bool
	// Definite reports whether a refusal of the first send proves the key
	// was not used: the provider's documented errors about the request itself
	// (a validation error, insufficient funds). Those are returned without a
	// lookup. Nil means only ErrOutcomeUnknown and ErrDuplicateReference are
	// looked up; every other refusal is returned as is.
	Definite func(error) bool
	// Describe names an object in the duplicate-reference error, e.g.
	// "order 123 (SUCCESS)". Optional.
	Describe func(T) string
	Rounds   int          // lookups at most; 0 means DefaultRounds
	Logger   *slog.Logger // optional
}

// Do runs spec; see the package doc.
func Do[T any](ctx context.Context, s Spec[T]) (T, error) {
	var zero T
	rounds := s.Rounds
	if rounds <= 0 {
		rounds = DefaultRounds
	}
	log := s.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	v, err := s.Send(ctx)
	if err == nil {
		return v, nil
	}
	if !s.lookUpFirst(err) {
		return zero, s.keyed(err)
	}
	unknown := errors.Is(err, giftcard.ErrOutcomeUnknown)
	for round := 1; round <= rounds; round++ {
		found, lerr := s.Lookup(ctx)
		switch {
		case lerr == nil && s.Mine(found):
			log.LogAttrs(ctx, slog.LevelInfo, "giftcard: request found by reference",
				slog.String("provider", s.Provider), slog.String("op", s.Op), slog.String("reference", s.Key))
			return found, nil
		case lerr == nil:
			return zero, s.duplicate(found, err)
		case !errors.Is(lerr, giftcard.ErrNotFound):
			return zero, s.unknown(err, fmt.Errorf("looking it up by reference failed: %w", lerr))
		case !unknown && errors.Is(err, giftcard.ErrDuplicateReference):
			return zero, s.unknown(err, errors.New("the provider says the reference is used, but no request holds it"))
		case !unknown:
			return zero, s.keyed(err) // refused, and nothing holds the key: a real refusal
		}
		if cerr := ctx.Err(); cerr != nil {
			return zero, s.unknown(err, cerr)
		}
		log.LogAttrs(ctx, slog.LevelInfo, "giftcard: not found by reference, resending with the same reference",
			slog.String("provider", s.Provider), slog.String("op", s.Op), slog.String("reference", s.Key), slog.Int("round", round))
		v, rerr := s.Send(ctx)
		if rerr == nil {
			return v, nil
		}
		var ve *giftcard.ValidationError
		if errors.As(rerr, &ve) {
			return zero, rerr
		}
		// Whatever the resend's answer — unknown, or a refusal because the
		// first request landed meanwhile — look again before answering. A
		// refusal the provider documents for the request itself (funds,
		// validation) is answered as such when that lookup finds nothing.
		err = rerr
		unknown = errors.Is(rerr, giftcard.ErrOutcomeUnknown) || !s.definite(rerr)
	}
	return zero, s.unknown(err, fmt.Errorf("still unresolved after %d lookups", rounds))
}

// definite reports whether err is a refusal the provider documents for the
// request itself (Spec.Definite).
func (s *Spec[T]) definite(err error) bool {
	var ge *giftcard.Error
	return s.Definite != nil && errors.As(err, &ge) && ge.StatusCode != 0 && s.Definite(err)
}

func (s *Spec[T]) lookUpFirst(err error) bool {
	var ve *giftcard.ValidationError
	if errors.As(err, &ve) || errors.Is(err, context.Canceled) && !errors.Is(err, giftcard.ErrOutcomeUnknown) {
		return false
	}
	if errors.Is(err, giftcard.ErrOutcomeUnknown) || errors.Is(err, giftcard.ErrDuplicateReference) {
		return true
	}
	if s.Definite == nil {
		return false
	}
	var ge *giftcard.Error
	if !errors.As(err, &ge) || ge.StatusCode == 0 {
		return false // never reached the provider
	}
	return !s.Definite(err)
}

// keyed returns err with the key on its *giftcard.Error.
func (s *Spec[T]) keyed(err error) error {
	var ge *giftcard.Error
	if errors.As(err, &ge) && ge.Reference == "" {
		ge.Reference = s.Key
	}
	return err
}

func (s *Spec[T]) duplicate(found T, cause error) error {
	what := "another request"
	if s.Describe != nil {
		what = s.Describe(found)
	}
	e := &giftcard.Error{Provider: s.Provider, Op: s.Op, Kind: giftcard.ErrDuplicateReference, Reference: s.Key,
		Message: fmt.Sprintf("reference %q is held by %s, not this request; use a new reference for a new request", s.Key, what)}
	var ge *giftcard.Error
	if errors.As(cause, &ge) {
		e.RequestID, e.StatusCode, e.Code = ge.RequestID, ge.StatusCode, ge.Code
	}
	return e
}

func (s *Spec[T]) unknown(cause, why error) error {
	// Retryable: sending the same request again with the same key is always
	// safe, since it is looked up first.
	e := &giftcard.Error{Provider: s.Provider, Op: s.Op, Kind: giftcard.ErrProviderUnavailable, OutcomeUnknown: true,
		Reference: s.Key, Retryable: true,
		Message: fmt.Sprintf("the request may have taken effect (%v); look it up by reference %q, or send the same request with it again", why, s.Key)}
	var ge *giftcard.Error
	if errors.As(cause, &ge) {
		e.RequestID, e.StatusCode, e.Code, e.Attempts = ge.RequestID, ge.StatusCode, ge.Code, ge.Attempts
		e.Message += "; last answer: " + ge.Error()
	} else if cause != nil {
		e.Message += "; last answer: " + cause.Error()
	}
	// Neither the cause's kind nor the cause itself is carried as a kind: a
	// caller must not read "duplicate reference" or "invalid request" — and
	// pick a new reference — while the first request may have been placed.
	if errors.Is(why, context.Canceled) || errors.Is(why, context.DeadlineExceeded) {
		e.Err, e.Retryable = why, false
	}
	return e
}
