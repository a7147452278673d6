package loyalty

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/transport"
	"github.com/giftcard-go/giftcard/internal/wire"
)

// CodeSuccess is the only documented code: every answer carries
// {"code", "msg", "timestamp", "data"}, and any other code is a failure,
// whether it arrives in an HTTP 200 or with an HTTP error status.
const CodeSuccess = 200

// TimestampLayout is the layout of the envelope's timestamp, in UTC
// (2025-07-24 13:06:10).
const TimestampLayout = "2006-01-02 15:04:05"

// The codes the SDK's sandbox (loyaltytest) answers. The provider documents
// no error code but 200; these follow HTTP's meanings, which is how KindForCode
// reads any code.
const (
	CodeBadRequest          = 400 // a field missing or malformed
	CodeUnauthorized        = 401 // jwt-token, sign or clientId refused
	CodeNotFound            = 404 // no such card or transaction
	CodeDuplicateOrder      = 409 // the tranOrderNo was used by a different request
	CodeAlreadyVoided       = 422 // the original transaction is already voided
	CodeInternalServerError = 500
)

// APIError is the provider's own answer to a failed call: the envelope's
// code, msg and timestamp, and its data when it had any. It is reachable
// from every error the client returns for such an answer:
//
//	var apiErr *loyalty.APIError
//	if errors.As(err, &apiErr) { log.Print(apiErr.Code, apiErr.Msg, apiErr.Timestamp) }
//
// A declined transaction (result 1 inside a code-200 answer) has Code 200
// and the Transaction that was declined.
type APIError struct {
	HTTPStatus int       // the HTTP status it came with (200 for a failure inside a 200)
	Code       int       // the envelope's code
	Msg        string    // the envelope's msg
	Timestamp  time.Time // the envelope's timestamp, UTC; zero when absent or unreadable
	// RawTimestamp is the timestamp as sent.
	RawTimestamp string
	// Data is the envelope's data, as sent (usually null on a failure).
	Data json.RawMessage
	// Transaction is the declined transaction, for a result-1 answer.
	Transaction *Transaction
}

// Error renders "loyalty: code 404: card not found (at 2025-07-24 13:06:10)".
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("loyalty: code ")
	b.WriteString(strconv.Itoa(e.Code))
	if e.Transaction != nil {
		b.WriteString(", result ")
		b.WriteString(e.Transaction.Result.String())
	}
	if e.Msg != "" {
		b.WriteString(": ")
		b.WriteString(e.Msg)
	}
	if e.RawTimestamp != "" {
		b.WriteString(" (at ")
		b.WriteString(e.RawTimestamp)
		b.WriteString(")")
	}
	return b.String()
}

// msg is the envelope's msg ("" when absent or not text).
func (m meta) msg() string {
	var s wire.String
	if len(m.env.Msg) > 0 && s.UnmarshalJSON(m.env.Msg) != nil {
		return ""
	}
	return string(s)
}

func (m meta) apiError(status int) *APIError {
	var ts wire.Time
	if len(m.env.Timestamp) > 0 {
		_ = ts.UnmarshalJSON(m.env.Timestamp)
	}
	var data json.RawMessage
	if len(m.env.Data) > 0 {
		data = append(data, m.env.Data...)
	}
	return &APIError{HTTPStatus: status, Code: m.code, Msg: m.msg(), Timestamp: ts.T, RawTimestamp: ts.Raw, Data: data}
}

// unwrap is the transport's Envelope hook: a code-200 answer yields its
// data; any other code is the failure KindForCode names, with the
// provider's code, msg and timestamp kept in an *APIError.
func unwrap(res *transport.Response) ([]byte, *giftcard.Error) {
	m, ok := readEnvelope(res.Body)
	switch {
	case !ok:
		return nil, &giftcard.Error{Kind: giftcard.ErrInvalidResponse, Message: "the answer is not a JSON object"}
	case !m.hasCode:
		return nil, &giftcard.Error{Kind: giftcard.ErrInvalidResponse, Message: `the answer has no "code"`}
	case m.code != CodeSuccess:
		return nil, failure(res.StatusCode, m)
	}
	d := bytes.TrimSpace(m.env.Data)
	if len(d) == 0 || bytes.Equal(d, []byte("null")) {
		return nil, nil // Call reports the empty answer
	}
	return d, nil
}

func failure(status int, m meta) *giftcard.Error {
	info := LookupCode(m.code)
	msg := m.msg()
	if msg == "" {
		msg = "code " + strconv.Itoa(m.code)
	}
	return &giftcard.Error{
		Code: strconv.Itoa(m.code), Message: msg, Kind: info.Kind, Retryable: info.Retryable,
		Err: m.apiError(status),
	}
}

// decodeError is the transport's ErrorDecoder for an HTTP error status: the
// envelope's code, when it has one other than 200, names the kind; otherwise
// the status does.
func decodeError(res *transport.Response) *giftcard.Error {
	m, ok := readEnvelope(res.Body)
	if !ok || (!m.hasCode && m.msg() == "") {
		return nil
	}
	if m.hasCode && m.code != CodeSuccess {
		return failure(res.StatusCode, m)
	}
	return &giftcard.Error{Message: m.msg(), Err: m.apiError(res.StatusCode)}
}

// CodeInfo is what a code means to the SDK.
type CodeInfo struct {
	Kind      error // the giftcard error kind
	Retryable bool  // the same request may succeed later
}

// LookupCode maps an envelope code to a kind. The provider documents only
// 200, so codes are read as HTTP statuses, as DESIGN.md decides: 401 and
// 403 are giftcard.ErrUnauthorized, 402 ErrInsufficientFunds, 404
// ErrNotFound, 409 ErrDuplicateReference, 429 ErrRateLimited, any other
// 4xx ErrInvalidRequest, 5xx ErrProviderUnavailable (retryable). A longer
// code is read by its first three digits ("40401" like 404, "5001" like
// 500), the style of many payment APIs. Anything else (below 100, or a 1xx,
// 2xx or 3xx other than 200) is ErrInvalidResponse: the SDK cannot tell
// what happened.
func LookupCode(code int) CodeInfo {
	p := code
	for p >= 1000 {
		p /= 10
	}
	switch {
	case code < 100:
		return CodeInfo{Kind: giftcard.ErrInvalidResponse}
	case p == 401 || p == 403:
		return CodeInfo{Kind: giftcard.ErrUnauthorized}
	case p == 402:
		return CodeInfo{Kind: giftcard.ErrInsufficientFunds}
	case p == 404:
		return CodeInfo{Kind: giftcard.ErrNotFound}
	case p == 409:
		return CodeInfo{Kind: giftcard.ErrDuplicateReference}
	case p == 429:
		return CodeInfo{Kind: giftcard.ErrRateLimited, Retryable: true}
	case p >= 400 && p < 500:
		return CodeInfo{Kind: giftcard.ErrInvalidRequest}
	case p >= 500 && p < 600:
		return CodeInfo{Kind: giftcard.ErrProviderUnavailable, Retryable: true}
	}
	return CodeInfo{Kind: giftcard.ErrInvalidResponse}
}

// DeclineKind maps the msg of a declined transaction (result 1) to a kind:
// a balance that cannot cover it is giftcard.ErrInsufficientFunds; a card
// that is blocked, not activated, expired, lost or closed is
// ErrProductUnavailable; an unknown card or transaction is ErrNotFound;
// any other decline is ErrInvalidRequest (sending it again will be
// declined again).
func DeclineKind(msg string) error {
	m := strings.ToLower(msg)
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(m, w) {
				return true
			}
		}
		return false
	}
	switch {
	case has("insufficient", "balance", "nsf", "funds", "exceed"):
		return giftcard.ErrInsufficientFunds
	case has("block", "not activ", "inactive", "expired", "lost", "stolen", "closed", "frozen", "suspend"):
		return giftcard.ErrProductUnavailable
	case has("not found", "not exist", "unknown", "no such"):
		return giftcard.ErrNotFound
	}
	return giftcard.ErrInvalidRequest
}

// errDeclined builds the error of a declined transaction.
func errDeclined(op string, res *transport.Response, t Transaction) *giftcard.Error {
	m, _ := readEnvelope(res.Body)
	ae := m.apiError(res.StatusCode)
	ae.Transaction = &t
	msg := ae.Msg
	if msg == "" || strings.EqualFold(msg, "success") {
		msg = "the transaction was declined (result 1)"
	}
	return &giftcard.Error{
		Provider: providerName, Op: op, StatusCode: res.StatusCode, RequestID: res.RequestID, Attempts: res.Attempts,
		Code: "result=1", Message: msg, Kind: DeclineKind(ae.Msg), Reference: t.TranOrderNo, Err: ae,
	}
}

// asError returns err's *giftcard.Error.
func asError(err error) (*giftcard.Error, bool) {
	var ge *giftcard.Error
	ok := errors.As(err, &ge)
	return ge, ok
}
