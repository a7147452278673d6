package transport

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/giftcard-go/giftcard"
)

// NewRequest builds the request of one route, with the route's path
// parameters filled in from args, in order. Each argument is escaped as one
// path segment; an empty or blank one, "." or "..", one that is not valid
// UTF-8 or that holds a control character is refused: Do then fails with a
// *giftcard.ValidationError naming the parameter, before anything is sent.
// Set Query, Body, Header or Idempotent on the result as needed.
func (c *Client) NewRequest(rt giftcard.Route, args ...string) *Request {
	r := new(Request)
	c.fill(r, &rt, args)
	return r
}

// fill builds r for rt; kept out of NewRequest so NewRequest is small
// enough to inline (its Request can then stay off the heap).
func (c *Client) fill(r *Request, rt *giftcard.Route, args []string) {
	provider := ""
	if c != nil {
		provider = c.provider
	}
	r.Op, r.Method = rt.Op, rt.Method
	r.Path, r.err = BuildPath(provider, rt.Path, args...)
}

// BuildPath fills the {name} segments of a route's path template with args,
// in order, each escaped with url.PathEscape. It refuses, with a
// *giftcard.ValidationError naming the parameter, an argument that would not
// be exactly one segment of its own: empty or blank, "." or "..", not valid
// UTF-8 (two different byte strings would collapse into one U+FFFD on the
// wire), or holding a control character.
func BuildPath(provider, template string, args ...string) (string, error) {
	var b strings.Builder
	b.Grow(len(template) + 16*len(args))
	n := 0
	rest := template
	for {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			b.WriteString(rest)
			break
		}
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			return "", fmt.Errorf("transport: path template %q has an unclosed {", template)
		}
		name := rest[i+1 : i+j]
		b.WriteString(rest[:i])
		if n >= len(args) {
			return "", &giftcard.ValidationError{Provider: provider, Field: name, Reason: "required"}
		}
		if err := CheckSegment(provider, name, args[n]); err != nil {
			return "", err
		}
		b.WriteString(url.PathEscape(args[n]))
		n++
		rest = rest[i+j+1:]
	}
	if n != len(args) {
		return "", fmt.Errorf("transport: path template %q takes %d arguments, got %d", template, n, len(args))
	}
	return b.String(), nil
}

// CheckSegment refuses an id that cannot travel as one path segment or one
// query value without changing meaning: empty or blank, "." or "..", invalid
// UTF-8, or holding a control character. The error names field.
func CheckSegment(provider, field, v string) error {
	reason := ""
	switch {
	case strings.TrimSpace(v) == "":
		reason = "required"
	case v == "." || v == "..":
		reason = fmt.Sprintf("%q is not an id", v)
	case !utf8.ValidString(v):
		reason = "not valid UTF-8"
	case strings.IndexFunc(v, unicode.IsControl) >= 0:
		reason = "holds a control character"
	default:
		return nil
	}
	return &giftcard.ValidationError{Provider: provider, Field: field, Reason: reason}
}

// Call sends r and decodes the answer's payload (see Envelope) into a T. An
// answer that is empty or not the expected JSON is an error matching
// giftcard.ErrInvalidResponse — and ErrOutcomeUnknown too when r may not be
// resent, since the request may have taken effect. When T is a struct with
// a field `Raw json.RawMessage`, it receives a copy of the payload.
func Call[T any](ctx context.Context, c *Client, r *Request) (T, error) {
	v, _, err := CallChecked[T](ctx, c, r, nil)
	return v, err
}

// CallChecked is Call with a check of the decoded value: a non-nil error
// from check (a required field missing, an echoed key that is not the
// request's) makes the answer an ErrInvalidResponse like an undecodable one,
// never a zero value handed back as success. It also returns the Response.
func CallChecked[T any](ctx context.Context, c *Client, r *Request, check func(*T) error) (T, *Response, error) {
	var v T
	res, err := c.Do(ctx, r, nil)
	if err != nil {
		return v, res, err
	}
	if len(res.Payload) == 0 {
		return v, res, c.BadResponse(r, res, "empty answer", nil)
	}
	if err := json.Unmarshal(res.Payload, &v); err != nil {
		return v, res, c.BadResponse(r, res, "answer is not the expected JSON", err)
	}
	setRaw(&v, res.Payload)
	if check != nil {
		if err := check(&v); err != nil {
			var zero T
			return zero, res, c.BadResponse(r, res, err.Error(), nil)
		}
	}
	return v, res, nil
}

// BadResponse is the error for a 2xx answer that cannot be used: kind
// ErrInvalidResponse, outcome-unknown when r may have changed something.
func (c *Client) BadResponse(r *Request, res *Response, msg string, cause error) *giftcard.Error {
	e := &giftcard.Error{Provider: c.provider, Op: r.Op, Kind: giftcard.ErrInvalidResponse,
		OutcomeUnknown: r.hasEffect(), Message: msg, Err: cause}
	if res != nil {
		e.StatusCode, e.RequestID, e.Attempts = res.StatusCode, res.RequestID, res.Attempts
	}
	return e
}

var rawType = reflect.TypeFor[json.RawMessage]()

// rawFields caches, per struct type, the index of its Raw json.RawMessage
// field (-1 when it has none).
var rawFields sync.Map // reflect.Type → int

func setRaw(v any, payload []byte) {
	rv := reflect.ValueOf(v).Elem()
	if rv.Kind() != reflect.Struct {
		return
	}
	t := rv.Type()
	idx, ok := rawFields.Load(t)
	if !ok {
		i := -1
		if f, found := t.FieldByName("Raw"); found && f.Type == rawType && len(f.Index) == 1 && f.IsExported() {
			i = f.Index[0]
		}
		idx, _ = rawFields.LoadOrStore(t, i)
	}
	if i := idx.(int); i >= 0 {
		f := rv.Field(i)
		if f.Len() == 0 { // a type's UnmarshalJSON may have set it already
			f.SetBytes(append(json.RawMessage(nil), payload...))
		}
	}
}
