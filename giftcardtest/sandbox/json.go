package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
)

// ErrEmptyBody is ReadJSON's error for a request without a body.
var ErrEmptyBody = errors.New("sandbox: empty request body")

// WriteJSON answers status with v encoded as JSON and Content-Type
// application/json. When v cannot be encoded (a sandbox bug) it answers 500
// with a plain-text explanation instead.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "sandbox: encoding the response: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// ReadJSON decodes the request body (see Body) into v. It refuses an empty
// body (ErrEmptyBody), malformed JSON, a value of the wrong shape for v, and
// anything but white space after the value. Numbers decoded into an
// interface become json.Number, never float64, so no amount is rounded.
// Unknown object keys are ignored, as the providers' APIs ignore them. The
// body stays readable for another ReadJSON or Body.
func ReadJSON(r *http.Request, v any) error {
	body, err := Body(r)
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return ErrEmptyBody
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("sandbox: data after the JSON value")
	}
	return nil
}

// QueryInt reads the integer query parameter name: def when it is absent or
// empty, and ok false when it is not a base-10 integer in [lo, hi]. A
// sandbox answers the provider's own validation error when ok is false.
func QueryInt(r *http.Request, name string, def, lo, hi int) (n int, ok bool) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, true
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, false
	}
	return n, true
}
