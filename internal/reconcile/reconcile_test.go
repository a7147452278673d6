package reconcile_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/reconcile"
)

// server is a scripted provider: each send returns the next scripted error
// (nil = success and the object is created); the lookup sees what is stored.
type server struct {
	sends   []error // per send; past the end: success
	sent    int
	lookups int
	stored  *obj
	lookErr error
	// landOnSend makes the n-th send (1-based) commit even though it
	// answers an error (a lost answer, or a slow original).
	landOnSend map[int]bool
}

type obj struct{ Key, Amount string }

func (s *server) spec(key, amount string) reconcile.Spec[obj] {
	return reconcile.Spec[obj]{
		Provider: "p", Op: "Place", Key: key,
		Send: func(context.Context) (obj, error) {
			s.sent++
			var err error
			if s.sent <= len(s.sends) {
				err = s.sends[s.sent-1]
			}
			if err == nil || s.landOnSend[s.sent] {
				if s.stored == nil {
					s.stored = &obj{key, amount}
				}
			}
			if err != nil {
				return obj{}, err
			}
			return *s.stored, nil
		},
		Lookup: func(context.Context) (obj, error) {
			s.lookups++
			if s.lookErr != nil {
				return obj{}, s.lookErr
			}
			if s.stored == nil {
				return obj{}, &giftcard.Error{Kind: giftcard.ErrNotFound, StatusCode: 404}
			}
			return *s.stored, nil
		},
		Mine:     func(o obj) bool { return o.Amount == amount },
		Definite: func(err error) bool { var ge *giftcard.Error; return errors.As(err, &ge) && ge.Code == "E300" },
		Describe: func(o obj) string { return "object for " + o.Amount },
	}
}

var (
	unknown = &giftcard.Error{Kind: giftcard.ErrProviderUnavailable, OutcomeUnknown: true, StatusCode: 503}
	dup409  = &giftcard.Error{Kind: giftcard.ErrDuplicateReference, StatusCode: 409}
	odd400  = &giftcard.Error{Kind: giftcard.ErrInvalidRequest, StatusCode: 400, Code: "E999"}
	funds   = &giftcard.Error{Kind: giftcard.ErrInsufficientFunds, StatusCode: 400, Code: "E300"}
	notSent = &giftcard.ValidationError{Field: "x", Reason: "bad"}
)

func clone(e *giftcard.Error) *giftcard.Error { c := *e; return &c }

func TestReconcile(t *testing.T) {
	for _, tc := range []struct {
		name        string
		s           server
		amount      string
		wantErr     error // nil = success
		notErr      error // the error must not match this
		wantSent    int
		wantLookups int
	}{
		{name: "success", s: server{}, wantSent: 1},
		{name: "lost answer, committed: found", s: server{sends: []error{clone(unknown)}, landOnSend: map[int]bool{1: true}}, wantSent: 1, wantLookups: 1},
		{name: "lost answer, not committed: resent once", s: server{sends: []error{clone(unknown)}}, wantSent: 2, wantLookups: 1},
		{name: "slow original lands while resending, server answers 409: found", s: server{sends: []error{clone(unknown), clone(dup409)}, landOnSend: map[int]bool{2: true}},
			wantSent: 2, wantLookups: 2},
		{name: "resend refused with odd 400 after original landed: found", s: server{sends: []error{clone(unknown), clone(odd400)}, landOnSend: map[int]bool{2: true}},
			wantSent: 2, wantLookups: 2},
		{name: "odd 400 on first send while the reference is held: found", s: server{sends: []error{clone(odd400)}, stored: &obj{"k", "10"}}, wantSent: 1, wantLookups: 1},
		{name: "odd 400, nothing holds the key: the refusal", s: server{sends: []error{clone(odd400)}}, wantErr: giftcard.ErrInvalidRequest, wantSent: 1, wantLookups: 1},
		{name: "documented refusal: no lookup", s: server{sends: []error{clone(funds)}}, wantErr: giftcard.ErrInsufficientFunds, wantSent: 1},
		{name: "409 held by another request", s: server{sends: []error{clone(dup409)}, stored: &obj{"k", "99"}}, wantErr: giftcard.ErrDuplicateReference, wantSent: 1, wantLookups: 1},
		{name: "409 but holder unreadable: unknown, not duplicate", s: server{sends: []error{clone(dup409)}}, wantErr: giftcard.ErrOutcomeUnknown, notErr: giftcard.ErrDuplicateReference, wantSent: 1, wantLookups: 1},
		{name: "lookup fails: unknown", s: server{sends: []error{clone(unknown)}, lookErr: &giftcard.Error{Kind: giftcard.ErrProviderUnavailable, StatusCode: 500}}, wantErr: giftcard.ErrOutcomeUnknown, wantSent: 1, wantLookups: 1},
		{name: "every send lost and never committed: bounded", s: server{sends: []error{clone(unknown), clone(unknown), clone(unknown), clone(unknown), clone(unknown)}}, wantErr: giftcard.ErrOutcomeUnknown, wantSent: 4, wantLookups: 3},
		{name: "validation error: nothing sent twice", s: server{sends: []error{notSent}}, wantErr: giftcard.ErrInvalidRequest, wantSent: 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.s
			amount := "10"
			got, err := reconcile.Do(context.Background(), s.spec("k", amount))
			if tc.wantErr == nil {
				if err != nil || got.Amount != amount || got.Key != "k" {
					t.Fatalf("got %+v, %v", got, err)
				}
			} else {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("got %v, want %v", err, tc.wantErr)
				}
				var ge *giftcard.Error
				if errors.As(err, &ge) && ge.Reference != "k" {
					t.Fatalf("error without the key: %v", err)
				}
			}
			if tc.notErr != nil && errors.Is(err, tc.notErr) {
				t.Fatalf("%v must not match %v", err, tc.notErr)
			}
			if s.sent != tc.wantSent || s.lookups != tc.wantLookups {
				t.Fatalf("sent %d (want %d), lookups %d (want %d)", s.sent, tc.wantSent, s.lookups, tc.wantLookups)
			}
		})
	}
}

func TestCancelledWhileReconcilingIsUnknownWithTheKey(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	s := server{sends: []error{clone(unknown)}}
	sp := s.spec("key-1", "10")
	look := sp.Lookup
	sp.Lookup = func(c context.Context) (obj, error) { cancel(); return look(c) }
	_, err := reconcile.Do(ctx, sp)
	var ge *giftcard.Error
	if !errors.Is(err, giftcard.ErrOutcomeUnknown) || !errors.Is(err, context.Canceled) || !errors.As(err, &ge) || ge.Reference != "key-1" {
		t.Fatalf("got %v", err)
	}
	if s.sent != 1 {
		t.Fatalf("resent after cancel: %d sends", s.sent)
	}
}

// A resend refused with one of the request's own documented errors is looked
// up once, then answered with that refusal (not looped to outcome-unknown).
func TestDocumentedRefusalOfAResendIsAnsweredAfterOneLookup(t *testing.T) {
	s := server{sends: []error{clone(unknown), clone(funds)}}
	_, err := reconcile.Do(context.Background(), s.spec("k", "10"))
	var ge *giftcard.Error
	if !errors.Is(err, giftcard.ErrInsufficientFunds) || errors.Is(err, giftcard.ErrOutcomeUnknown) || !errors.As(err, &ge) || ge.Reference != "k" {
		t.Fatalf("got %v", err)
	}
	if s.sent != 2 || s.lookups != 2 {
		t.Fatalf("sent %d, lookups %d; want 2 and 2", s.sent, s.lookups)
	}
}

func TestOutcomeUnknownNamesTheKeyAndIsRetryable(t *testing.T) {
	s := server{sends: []error{clone(unknown)}, lookErr: &giftcard.Error{Kind: giftcard.ErrProviderUnavailable, StatusCode: 500}}
	_, err := reconcile.Do(context.Background(), s.spec("key-9", "10"))
	var ge *giftcard.Error
	if !errors.As(err, &ge) || !ge.OutcomeUnknown || !ge.Retryable || !strings.Contains(ge.Message, "key-9") {
		t.Fatalf("got %#v", err)
	}
}
