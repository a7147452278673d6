package orbt

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"

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

// envelope is the union of the four ORBT response shapes:
//
//	{"success": true, "data": {…}}
//	{"success": false, "error": {"error": "CODE", "message": "…"}}
//	{"Message": "…"}                                   (HTTP 403, the gateway's)
//	{"content": […], "page": 0, "size": 20, "hasNext": false}
//
// encoding/json matches keys case-insensitively, so "Message" and "message"
// both land in Message. Numbers stay raw until decoded into decimals.
//
// Every member stays raw, so a field of an unexpected type in a payload
// never fails the envelope itself.
type envelope struct {
	Success json.RawMessage `json:"success"`
	Data    json.RawMessage `json:"data"`
	Error   json.RawMessage `json:"error"` // {error, message}, or a plain string
	Message json.RawMessage `json:"message"`
	Code    json.RawMessage `json:"code"`
}

// success reports the success member: set is false when it is absent or not
// a boolean (true/false, or leniently the strings "true"/"false").
func (e *envelope) success() (value, set bool) {
	switch string(bytes.Trim(bytes.TrimSpace(e.Success), `"`)) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
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
	var env envelope
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

// decodeError is the transport's ErrorDecoder for every ORBT error status.
func decodeError(res *transport.Response) *giftcard.Error {
	code, msg, ok := errorInfo(res.Body)
	if !ok {
		return nil
	}
	return &giftcard.Error{Code: code, Message: msg, Kind: kindFor(res.StatusCode, code, msg)}
}

// failedEnvelope returns the error a 2xx body reports with
// {"success": false, "error": …}, or nil.
func failedEnvelope(res *transport.Response) *giftcard.Error {
	b := bytes.TrimSpace(res.Body)
	// Cheap test first: a failure must mention both "success" and false.
	if len(b) == 0 || b[0] != '{' || !bytes.Contains(b, []byte(`"success"`)) || !bytes.Contains(b, []byte("false")) {
		return nil
	}
	var env envelope
	if json.Unmarshal(b, &env) != nil {
		return nil
	}
	if ok, set := env.success(); !set || ok {
		return nil
	}
	code, msg, _ := errorInfo(b)
	if msg == "" {
		msg = "the provider reported success: false"
	}
	return &giftcard.Error{
		StatusCode: res.StatusCode, RequestID: res.RequestID, Attempts: res.Attempts,
		Code: code, Message: msg, Kind: kindFor(0, code, msg),
	}
}

// decodeData decodes the payload of a success answer into out: the data of
// {"success": true, "data": …}, or the body itself when it is not wrapped.
func decodeData(body []byte, out any) (json.RawMessage, error) {
	b := bytes.TrimSpace(body)
	if len(b) == 0 {
		return nil, errEmptyBody
	}
	var env envelope
	if err := json.Unmarshal(b, &env); err != nil {
		return nil, err
	}
	payload := json.RawMessage(b)
	if _, set := env.success(); set || len(env.Data) > 0 {
		if d := bytes.TrimSpace(env.Data); len(d) == 0 || bytes.Equal(d, []byte("null")) {
			return nil, errNoData
		}
		payload = env.Data
	}
	if err := json.Unmarshal(payload, out); err != nil {
		return nil, err
	}
	return payload, nil
}

// listEnvelope is {content, page, size, hasNext}, also accepted inside data.
type listEnvelope struct {
	Content json.RawMessage `json:"content"`
	Page    int             `json:"page"`
	Size    int             `json:"size"`
	HasNext bool            `json:"hasNext"`
}

// decodeList decodes a list answer into a Page, converting each wire item
// (and its raw JSON) with conv.
func decodeList[W any, T any](body []byte, conv func(W, json.RawMessage) T) (Page[T], error) {
	var env listEnvelope
	if _, err := decodeData(body, &env); err != nil {
		return Page[T]{}, err
	}
	c := bytes.TrimSpace(env.Content)
	if len(c) == 0 {
		return Page[T]{}, errNoContent
	}
	var items []json.RawMessage
	if err := json.Unmarshal(c, &items); err != nil {
		return Page[T]{}, err
	}
	p := Page[T]{Items: make([]T, 0, len(items)), Page: env.Page, Size: env.Size, HasNext: env.HasNext}
	for _, raw := range items {
		var w W
		if err := json.Unmarshal(raw, &w); err != nil {
			return Page[T]{}, err
		}
		p.Items = append(p.Items, conv(w, rawJSON(raw)))
	}
	return p, nil
}

type decodeErr string

func (e decodeErr) Error() string { return string(e) }

const (
	errEmptyBody = decodeErr("empty response body")
	errNoData    = decodeErr(`response has no "data"`)
	errNoContent = decodeErr(`response has no "content" list`)
)
