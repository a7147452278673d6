package wolfe

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/transport"
	"github.com/giftcard-go/giftcard/internal/wire"
)

// Error names. Wolfe's documentation names two values of an error body's
// message ("List of possible values that can be returned will be
// pre-defined"); the others are the names wolfetest answers with, which
// the client also recognises. LookupCode maps each to a giftcard kind.
const (
	// CodeMissingParameters: a required parameter is missing (documented).
	CodeMissingParameters = "MISSING_PARAMETERS"
	// CodePatternNotMatched: a parameter has the wrong form (documented).
	CodePatternNotMatched = "PATTERN_IS_NOT_MATCHED"

	// CodeUnauthorized: the partner key is missing or wrong (wolfetest).
	CodeUnauthorized = "UNAUTHORIZED"
	// CodeForbidden: the company id or tenant is not the key's (wolfetest).
	CodeForbidden = "FORBIDDEN"
	// CodeNotFound: the id or reference does not exist (wolfetest).
	CodeNotFound = "NOT_FOUND"
	// CodeInsufficientFunds: the funding account cannot cover amount + fee
	// (wolfetest).
	CodeInsufficientFunds = "INSUFFICIENT_FUNDS"
	// CodeDuplicateReference: the reference_id was already used (wolfetest).
	CodeDuplicateReference = "DUPLICATE_REFERENCE"
	// CodeAmountOutOfRange: the amount is outside the merchant's
	// min_gift..max_gift (wolfetest).
	CodeAmountOutOfRange = "AMOUNT_OUT_OF_RANGE"
	// CodeMerchantUnavailable: the merchant is not in the partner's
	// catalog any more (wolfetest).
	CodeMerchantUnavailable = "MERCHANT_UNAVAILABLE"
	// CodeInvalidState: the gift is not in a state that allows the
	// operation, e.g. cancelling a claimed gift (wolfetest).
	CodeInvalidState = "INVALID_STATE"
	// CodeRateLimited: too many requests (wolfetest).
	CodeRateLimited = "RATE_LIMITED"
)

// CodeInfo is what an error name means to the SDK.
type CodeInfo struct {
	Kind      error // the giftcard error kind
	Retryable bool  // the same request may succeed later
}

// LookupCode maps an error name (case-insensitive) to its kind; ok is
// false for a name the SDK does not know, which then maps by the HTTP
// status (or the body's numeric code).
func LookupCode(name string) (info CodeInfo, ok bool) {
	switch strings.ToUpper(strings.TrimSpace(name)) {
	case CodeMissingParameters, CodePatternNotMatched, "INVALID_PARAMETERS", "VALIDATION_ERROR", CodeInvalidState:
		return CodeInfo{Kind: giftcard.ErrInvalidRequest}, true
	case CodeUnauthorized, CodeForbidden, "INVALID_PARTNER_KEY":
		return CodeInfo{Kind: giftcard.ErrUnauthorized}, true
	case CodeNotFound, "GIFT_NOT_FOUND", "MERCHANT_NOT_FOUND", "TRANSACTION_NOT_FOUND", "LOCATION_NOT_FOUND":
		return CodeInfo{Kind: giftcard.ErrNotFound}, true
	case CodeInsufficientFunds, "INSUFFICIENT_BALANCE":
		return CodeInfo{Kind: giftcard.ErrInsufficientFunds}, true
	case CodeDuplicateReference, "REFERENCE_ALREADY_USED", "REFERENCE_ID_NOT_UNIQUE":
		return CodeInfo{Kind: giftcard.ErrDuplicateReference}, true
	case CodeAmountOutOfRange:
		return CodeInfo{Kind: giftcard.ErrInvalidDenomination}, true
	case CodeMerchantUnavailable:
		return CodeInfo{Kind: giftcard.ErrProductUnavailable}, true
	case CodeRateLimited, "TOO_MANY_REQUESTS":
		return CodeInfo{Kind: giftcard.ErrRateLimited, Retryable: true}, true
	}
	return CodeInfo{}, false
}

// ErrorResponse is Wolfe's body for a refused request, {"code", "message"}
// with any data, as the client read it. errors.As reaches it from the
// *giftcard.Error of a refused call. A refusal of the request's form
// (MISSING_PARAMETERS, PATTERN_IS_NOT_MATCHED, or any other that names
// parameters and maps to giftcard.ErrInvalidRequest) unwraps to a
// *giftcard.ValidationError naming the parameters.
type ErrorResponse struct {
	// Status is the body's numeric code (400, 404 …); 0 when the body's code
	// was absent or a name.
	Status int
	// Name is the error's name, MISSING_PARAMETERS or PATTERN_IS_NOT_MATCHED
	// say: the body's code when it is not a number, else the message when it
	// starts with an upper-case NAME.
	Name string
	// Message is the body's message as sent.
	Message string
	// Detail is a human-readable explanation, when the body's data has one
	// ("detail" or "description"; wolfetest sends it).
	Detail string
	// Parameters are the parameters the body names: a "parameters" or
	// "fields" list (at the top or in data), or the comma-separated text
	// after "NAME:" in the message.
	Parameters []string
	// Body is the whole body as received.
	Body json.RawMessage

	invalid bool // the refusal is of the request's form: unwrap to a ValidationError
}

// Error renders "wolfe: error body with code 400"; the name, message and
// parameters are on the *giftcard.Error that carries it.
func (e *ErrorResponse) Error() string {
	if e.Status != 0 {
		return "wolfe: error body with code " + strconv.Itoa(e.Status)
	}
	return "wolfe: error body"
}

// Unwrap returns a *giftcard.ValidationError naming the parameters, when
// the refusal is of the request's form and names any.
func (e *ErrorResponse) Unwrap() error {
	if len(e.Parameters) == 0 || !e.invalid {
		return nil
	}
	reason := e.Detail
	if reason == "" {
		reason = e.Message
	}
	return &giftcard.ValidationError{Provider: providerName, Field: strings.Join(e.Parameters, ", "), Reason: "refused by Wolfe: " + reason}
}

// envelopeJSON is every Wolfe answer: {code, message, data} (and
// pagination on lists, read by the list calls).
type envelopeJSON struct {
	Code       wire.String       `json:"code"`
	Message    wire.String       `json:"message"`
	Data       json.RawMessage   `json:"data"`
	Parameters wire.List[string] `json:"parameters"`
	Fields     wire.List[string] `json:"fields"`
}

// status splits the body's code into a number and a name.
func (e *envelopeJSON) status() (int, string) {
	code := strings.TrimSpace(string(e.Code))
	if code == "" {
		return 0, ""
	}
	if n, err := strconv.Atoi(code); err == nil {
		return n, ""
	}
	return 0, code
}

// envelope is the transport's check of every 2xx answer: a code of 200,
// 201 or 202 (any 2xx, or none) is success and the payload is data; any
// other code is Wolfe's refusal inside an HTTP 200.
func envelope(res *transport.Response) ([]byte, *giftcard.Error) {
	body := bytes.TrimSpace(res.Body)
	if len(body) == 0 {
		return nil, nil
	}
	// The common case first: a success code and the data, found by one scan
	// of the body without decoding it (the payload is decoded, and so
	// checked, once, by the caller; wire.Members checks the envelope's own
	// structure).
	if code, data, ok := successMembers(body); ok {
		if c := string(code); c == "" || c == "200" || c == "201" || c == "202" {
			return nullIsNone(data), nil
		}
	}
	var env envelopeJSON
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, &giftcard.Error{Kind: giftcard.ErrInvalidResponse, Message: "the answer is not Wolfe's JSON envelope {code, message, data}", Err: err}
	}
	status, name := env.status()
	switch {
	case name == "" && (status == 0 || status >= 200 && status < 300):
		return nullIsNone(env.Data), nil
	case name != "" && strings.EqualFold(name, "SUCCESS"):
		return nullIsNone(env.Data), nil
	}
	return nil, refusal(&env, body, status, name, status)
}

func nullIsNone(b json.RawMessage) []byte {
	if len(b) == 0 || string(b) == "null" {
		return nil
	}
	return b
}

// decodeError is the transport's ErrorDecoder for a non-2xx answer with a
// JSON body.
func decodeError(res *transport.Response) *giftcard.Error {
	var env envelopeJSON
	if json.Unmarshal(res.Body, &env) != nil {
		return nil
	}
	status, name := env.status()
	if status == 0 && name == "" && env.Message == "" {
		return nil
	}
	return refusal(&env, res.Body, status, name, res.StatusCode)
}

// refusal builds the error of a refused request. httpStatus is the HTTP
// status, or the body's code for a refusal inside an HTTP 200: 401 and 403
// are ErrUnauthorized and 404 ErrNotFound whatever the body says; otherwise
// the error name decides, then the status.
func refusal(env *envelopeJSON, body []byte, status int, name string, httpStatus int) *giftcard.Error {
	msg := strings.TrimSpace(string(env.Message))
	if name == "" {
		name = leadingName(msg)
	}
	er := &ErrorResponse{Status: status, Name: name, Message: msg, Body: append(json.RawMessage(nil), body...)}
	er.Parameters, er.Detail = parameters(env, msg, name)
	e := &giftcard.Error{Code: name, Message: msg, Err: er}
	if e.Code == "" && status != 0 {
		e.Code = strconv.Itoa(status)
	}
	switch {
	case er.Detail != "" && (msg == "" || msg == name):
		e.Message = er.Detail
	case er.Detail != "":
		e.Message = msg + ": " + er.Detail
	}
	if len(er.Parameters) > 0 && !strings.Contains(e.Message, er.Parameters[0]) {
		e.Message = strings.TrimSpace(e.Message + " (parameters: " + strings.Join(er.Parameters, ", ") + ")")
	}
	switch {
	case httpStatus == http.StatusUnauthorized || httpStatus == http.StatusForbidden:
		e.Kind = giftcard.ErrUnauthorized
	case httpStatus == http.StatusNotFound:
		e.Kind = giftcard.ErrNotFound
	default:
		if info, ok := LookupCode(name); ok {
			e.Kind, e.Retryable = info.Kind, info.Retryable
		} else if httpStatus >= 400 {
			e.Kind = transport.KindForStatus(httpStatus)
		} else {
			// A refusal inside an HTTP 200 with neither a known name nor an
			// error code: Wolfe said no, without saying why.
			e.Kind = giftcard.ErrInvalidRequest
		}
	}
	er.invalid = e.Kind == giftcard.ErrInvalidRequest
	return e
}

// leadingName returns the NAME a message starts with ("MISSING_PARAMETERS:
// amount" → MISSING_PARAMETERS): upper-case letters, digits and
// underscores, at least one underscore or the whole message, and not
// SUCCESS.
func leadingName(msg string) string {
	end := 0
	for end < len(msg) {
		c := msg[end]
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			break
		}
		end++
	}
	name := msg[:end]
	if name == "" || name == "SUCCESS" || name[0] < 'A' || name[0] > 'Z' {
		return ""
	}
	if !strings.Contains(name, "_") && end != len(msg) {
		return ""
	}
	return name
}

// parameters collects the parameters a refusal names, and the detail its
// data gives.
func parameters(env *envelopeJSON, msg, name string) (params []string, detail string) {
	var out []string
	add := func(list []string) {
		for _, p := range list {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	add(env.Parameters)
	add(env.Fields)
	if len(env.Data) > 0 && env.Data[0] == '{' {
		var d struct {
			Parameters  wire.List[string] `json:"parameters"`
			Fields      wire.List[string] `json:"fields"`
			Detail      wire.String       `json:"detail"`
			Description wire.String       `json:"description"`
		}
		if json.Unmarshal(env.Data, &d) == nil {
			add(d.Parameters)
			add(d.Fields)
			detail = strings.TrimSpace(string(d.Detail))
			if detail == "" {
				detail = strings.TrimSpace(string(d.Description))
			}
		}
	}
	if len(out) == 0 && name != "" && strings.HasPrefix(msg, name) {
		rest := strings.TrimSpace(strings.TrimPrefix(msg, name))
		if r, ok := strings.CutPrefix(rest, ":"); ok {
			add(strings.Split(r, ","))
		}
	}
	return out, detail
}

// successMembers returns the raw values of the top-level "code" and "data"
// members of body, which must be valid JSON. ok is false when body is not
// an object or when a key would be read by encoding/json as one of those
// two without being spelled exactly so (another case): then the caller
// decodes the whole envelope instead. The last of repeated keys wins, as
// with encoding/json.
func successMembers(body []byte) (code, data []byte, ok bool) {
	ok = wire.Members(body, func(key, val []byte) bool {
		switch {
		case string(key) == "code":
			code = val
		case string(key) == "data":
			data = val
		case bytes.EqualFold(key, []byte("code")), bytes.EqualFold(key, []byte("data")):
			return false
		}
		return true
	})
	if !ok {
		return nil, nil, false
	}
	return code, data, true
}
