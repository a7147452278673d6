package orbt

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/transport"
)

// The provider codes the documentation names.
const (
	CodeValidationError   = "VALIDATION_ERROR"    // HTTP 400
	CodeBusinessRuleError = "BUSINESS_RULE_ERROR" // HTTP 402: the partner balance cannot cover it
)

// multiKind is an error kind that matches several giftcard kinds through
// errors.Is, the first one naming it.
type multiKind []error

func (k multiKind) Error() string   { return k[0].Error() }
func (k multiKind) Unwrap() []error { return k }

var (
	// kindExisting is a 400 VALIDATION_ERROR saying the resource already
	// exists (the email already has a wallet in the currency, a referenceId
	// already used): fixing the input is needed, and it is a duplicate.
	kindExisting error = multiKind{giftcard.ErrDuplicateReference, giftcard.ErrInvalidRequest}
	// kindInvalidID is a 422 on a lookup by id: the id is invalid or
	// unknown, which for the caller means not found.
	kindInvalidID error = multiKind{giftcard.ErrNotFound, giftcard.ErrInvalidRequest}
)

// envelopeWire is the union of the four ORBT response shapes:
//
//	{"success": true, "data": {…}}
//	{"success": false, "error": {"error": "CODE", "message": "…"}}
//	{"Message": "…"}                                   (HTTP 403, the gateway's)
//	{"content": […], "page": 0, "size": 20, "hasNext": false}
//
// encoding/json matches keys case-insensitively, so "Message" and "message"
// both land in Message. Numbers stay raw until decoded into decimals.
//
// Every member stays raw (success is read, not kept), so a field of an
// unexpected type in a payload never fails the envelope itself.
type envelopeWire struct {
	Success successFlag     `json:"success"`
	Data    json.RawMessage `json:"data"`
	Error   json.RawMessage `json:"error"` // {error, message}, or a plain string
	Message json.RawMessage `json:"message"`
	Code    json.RawMessage `json:"code"`
}

// successFlag is the success member: true or false, leniently also the
// strings "true" and "false"; anything else counts as absent. It keeps no
// copy of the JSON text.
type successFlag uint8

const (
	successAbsent successFlag = iota
	successTrue
	successFalse
)

// UnmarshalJSON reads the flag; it never fails.
func (f *successFlag) UnmarshalJSON(b []byte) error {
	switch string(bytes.Trim(bytes.TrimSpace(b), `"`)) {
	case "true":
		*f = successTrue
	case "false":
		*f = successFalse
	default:
		*f = successAbsent
	}
	return nil
}

// success reports the success member: set is false when it is absent or not
// a boolean.
func (e *envelopeWire) success() (value, set bool) {
	return e.Success == successTrue, e.Success != successAbsent
}

// str decodes a raw JSON string member; anything else is "".
func str(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return ""
	}
	return s
}

type errorBody struct {
	Error   json.RawMessage `json:"error"`
	Code    json.RawMessage `json:"code"`
	Message json.RawMessage `json:"message"`
}

// errorInfo extracts the provider's code and message from any of the error
// shapes; ok is false when the body is not a JSON object.
func errorInfo(body []byte) (code, msg string, ok bool) {
	var env envelopeWire
	if json.Unmarshal(body, &env) != nil {
		return "", "", false
	}
	var phrase string
	if t := bytes.TrimSpace(env.Error); len(t) > 0 {
		switch t[0] {
		case '{':
			var eb errorBody
			if json.Unmarshal(t, &eb) == nil {
				code, msg = str(eb.Error), str(eb.Message)
				if code == "" {
					code = str(eb.Code)
				}
			}
		case '"':
			// A framework default ({"status":422,"error":"Unprocessable
			// Entity","message":"…"}): the string is a reason phrase.
			_ = json.Unmarshal(t, &phrase)
		}
	}
	if msg == "" {
		msg = str(env.Message)
	}
	if msg == "" {
		msg = phrase
	}
	if code == "" {
		code = str(env.Code)
	}
	return code, msg, true
}

// kindFor maps a status and provider code to a kind; nil leaves the
// transport's default for the status.
func kindFor(status int, code, msg string) error {
	code = strings.ToUpper(strings.TrimSpace(code))
	switch {
	case status == http.StatusPaymentRequired, status == 0 && code == CodeBusinessRuleError:
		return giftcard.ErrInsufficientFunds
	case status == http.StatusUnauthorized, status == http.StatusForbidden:
		return giftcard.ErrUnauthorized
	case status == http.StatusConflict:
		return kindExisting
	case (status == http.StatusBadRequest || status == 0) && code == CodeValidationError && saysExisting(msg):
		return kindExisting
	case status == 0:
		return giftcard.ErrInvalidRequest
	}
	return nil
}

// saysExisting reports a validation message about something that already
// exists: "Some customers already have wallets in the requested currency",
// "Consumer with this email already has a wallet in the requested currency".
func saysExisting(msg string) bool {
	m := strings.ToLower(msg)
	return strings.Contains(m, "already") || strings.Contains(m, "duplicate")
}

// errorDecoder is the transport's ErrorDecoder for every ORBT error status.
// For a refused signature (401, 403) it adds what to check, with the clock
// skew measured from the answer's Date header.
type errorDecoder struct {
	clock  giftcard.Clock
	scheme SigningScheme
}

func (d *errorDecoder) decode(res *transport.Response) *giftcard.Error {
	code, msg, ok := errorInfo(res.Body)
	if !ok {
		return nil
	}
	e := &giftcard.Error{Code: code, Message: msg, Kind: kindFor(res.StatusCode, code, msg)}
	if res.StatusCode == http.StatusUnauthorized || res.StatusCode == http.StatusForbidden {
		e.Err = d.hint(res)
	}
	return e
}

// authHint says what to check after ORBT refused a request's credentials.
// It is the Err of the *giftcard.Error, so the provider's Message is kept
// as sent while Error() carries the advice.
type authHint struct {
	scheme SigningScheme
	skew   time.Duration // this machine's clock minus the server's
	dated  bool          // the answer had a Date header
}

func (d *errorDecoder) hint(res *transport.Response) authHint {
	h := authHint{scheme: d.scheme}
	if date, err := http.ParseTime(res.Header.Get("Date")); err == nil && d.clock != nil {
		h.skew, h.dated = d.clock.Now().Sub(date).Truncate(time.Second), true
	}
	return h
}

func (h authHint) Error() string {
	var b strings.Builder
	b.WriteString("check the API key (x-api-key), the client id (x-client-id), the HMAC secret, the signing scheme (this client signs ")
	if h.scheme == SignRawBody {
		b.WriteString("the raw body, orbt.SignRawBody")
	} else {
		b.WriteString("the body hash, orbt.SignBodyHash")
	}
	b.WriteString("; set Config.Signing for the other) and this machine's clock (ORBT refuses an x-timestamp more than 5 minutes off")
	switch {
	case !h.dated:
		b.WriteString(")")
	case h.skew > -2*time.Second && h.skew < 2*time.Second:
		b.WriteString("; by the answer's Date header it is in step with ORBT's)")
	case h.skew > 0:
		fmt.Fprintf(&b, "; by the answer's Date header it is %s ahead of ORBT's)", h.skew)
	default:
		fmt.Fprintf(&b, "; by the answer's Date header it is %s behind ORBT's)", -h.skew)
	}
	return b.String()
}

// envelope is the transport's Envelope, run on every 2xx answer. It returns
// the payload to decode: the data of {"success": true, "data": …}, or the
// body itself when it is not wrapped (the list envelope {content, page,
// size, hasNext}, a bare object). {"success": false, "error": …} is the
// error of its code's kind; {"success": true} without data is no payload
// at all, which the call reports as an invalid answer.
func envelope(res *transport.Response) ([]byte, *giftcard.Error) {
	b := bytes.TrimSpace(res.Body)
	var env envelopeWire
	if len(b) == 0 || b[0] != '{' || json.Unmarshal(b, &env) != nil {
		return res.Body, nil // not an envelope: decoding reports it
	}
	ok, set := env.success()
	if set && !ok {
		code, msg, _ := errorInfo(b)
		if msg == "" {
			msg = "the provider reported success: false"
		}
		return nil, &giftcard.Error{Code: code, Message: msg, Kind: kindFor(0, code, msg)}
	}
	if !set && len(env.Data) == 0 {
		return res.Body, nil
	}
	if d := bytes.TrimSpace(env.Data); len(d) == 0 || bytes.Equal(d, []byte("null")) {
		return nil, nil
	}
	return env.Data, nil
}
