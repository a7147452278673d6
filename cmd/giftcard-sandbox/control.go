package main

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/giftcard-go/giftcard/giftcardtest/sandbox"
)

// maxControlBody bounds a control request's body.
const maxControlBody = 1 << 20

// control serves the fault and journal endpoints (see the command's doc)
// over the running sandboxes.
type control struct {
	bases map[string]*sandbox.Base // by provider
	urls  map[string]string        // the providers' public URLs
	log   *slog.Logger
}

// handler routes /_sandbox/.
func (c *control) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /_sandbox/providers", c.listProviders)
	mux.HandleFunc("GET /_sandbox/{provider}/journal", c.provider(c.journal))
	mux.HandleFunc("DELETE /_sandbox/{provider}/journal", c.provider(c.resetJournal))
	mux.HandleFunc("POST /_sandbox/{provider}/faults", c.provider(c.injectFault))
	mux.HandleFunc("DELETE /_sandbox/{provider}/faults", c.provider(c.clearFaults))
	mux.HandleFunc("GET /_sandbox/{provider}/webhooks", c.provider(c.webhooks))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fail(w, http.StatusNotFound, "no control endpoint "+r.Method+" "+r.URL.Path+" (see go doc ./cmd/giftcard-sandbox)")
	})
	return mux
}

// provider resolves {provider} to its sandbox, or answers 404.
func (c *control) provider(h func(http.ResponseWriter, *http.Request, string, *sandbox.Base)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		name := r.PathValue("provider")
		b, ok := c.bases[name]
		if !ok {
			fail(w, http.StatusNotFound, fmt.Sprintf("no provider %q: one of %s", name, strings.Join(providers, ", ")))
			return
		}
		h(w, r, name, b)
	}
}

// providerJSON is one element of GET /_sandbox/providers.
type providerJSON struct {
	Provider string `json:"provider"`
	URL      string `json:"url"`
}

func (c *control) listProviders(w http.ResponseWriter, _ *http.Request) {
	out := make([]providerJSON, 0, len(providers))
	for _, p := range providers {
		out = append(out, providerJSON{p, c.urls[p]})
	}
	answer(w, http.StatusOK, out)
}

// entryJSON is a journal entry (sandbox.Entry) on the wire.
type entryJSON struct {
	Time       time.Time           `json:"time"`
	Method     string              `json:"method"`
	Path       string              `json:"path"`
	Query      string              `json:"query"`
	Header     map[string][]string `json:"header"`
	Body       *string             `json:"body,omitempty"`
	BodyBase64 string              `json:"bodyBase64,omitempty"`
	Status     int                 `json:"status"`
	Fault      string              `json:"fault"`
}

// journalJSON answers GET /_sandbox/{provider}/journal.
type journalJSON struct {
	Count   int         `json:"count"`
	Entries []entryJSON `json:"entries"`
}

func (c *control) journal(w http.ResponseWriter, r *http.Request, _ string, b *sandbox.Base) {
	method, prefix := strings.ToUpper(r.URL.Query().Get("method")), r.URL.Query().Get("path")
	out := journalJSON{Entries: []entryJSON{}}
	for _, e := range b.Requests() {
		if (method != "" && e.Method != method) || !strings.HasPrefix(e.Path, prefix) {
			continue
		}
		j := entryJSON{Time: e.Time, Method: e.Method, Path: e.Path, Query: e.Query, Header: e.Header,
			Status: e.Status, Fault: e.Fault}
		if utf8.Valid(e.Body) {
			s := string(e.Body)
			j.Body = &s
		} else {
			j.BodyBase64 = base64.StdEncoding.EncodeToString(e.Body)
		}
		out.Entries = append(out.Entries, j)
	}
	out.Count = len(out.Entries)
	answer(w, http.StatusOK, out)
}

func (c *control) resetJournal(w http.ResponseWriter, _ *http.Request, name string, b *sandbox.Base) {
	b.Journal().Reset()
	c.log.Info("journal reset", "provider", name)
	w.WriteHeader(http.StatusNoContent)
}

// faultJSON is a sandbox.Fault on the wire: Delay is a Go duration.
type faultJSON struct {
	Method          string              `json:"method,omitempty"`
	Path            string              `json:"path,omitempty"`
	Status          int                 `json:"status,omitempty"`
	Body            string              `json:"body,omitempty"`
	Header          map[string][]string `json:"header,omitempty"`
	Delay           string              `json:"delay,omitempty"`
	Reset           bool                `json:"reset,omitempty"`
	DropAfterCommit bool                `json:"dropAfterCommit,omitempty"`
	Times           int                 `json:"times,omitempty"`
}

// fault validates f and converts it.
func (f faultJSON) fault() (sandbox.Fault, error) {
	out := sandbox.Fault{Method: strings.ToUpper(f.Method), Path: f.Path, Status: f.Status, Body: f.Body,
		Reset: f.Reset, DropAfterCommit: f.DropAfterCommit, Times: f.Times}
	if f.Status != 0 && (f.Status < 100 || f.Status > 599) {
		return out, fmt.Errorf("status %d is not an HTTP status (100..599)", f.Status)
	}
	if f.Path != "" && !strings.HasPrefix(f.Path, "/") {
		return out, fmt.Errorf("path %q does not start with /", f.Path)
	}
	if f.Delay != "" {
		d, err := time.ParseDuration(f.Delay)
		if err != nil {
			return out, fmt.Errorf("delay %q is not a Go duration (250ms, 2s)", f.Delay)
		}
		out.Delay = d
	}
	if len(f.Header) > 0 {
		out.Header = http.Header{}
		for k, vs := range f.Header {
			for _, v := range vs {
				out.Header.Add(k, v)
			}
		}
	}
	if out.Status == 0 && out.Delay == 0 && !out.Reset && !out.DropAfterCommit {
		return out, fmt.Errorf("the fault does nothing: give a status, a delay, reset or dropAfterCommit")
	}
	return out, nil
}

func (c *control) injectFault(w http.ResponseWriter, r *http.Request, name string, b *sandbox.Base) {
	var in faultJSON
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxControlBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		fail(w, http.StatusBadRequest, "reading the fault: "+err.Error())
		return
	}
	if dec.More() {
		fail(w, http.StatusBadRequest, "reading the fault: more than one JSON value")
		return
	}
	f, err := in.fault()
	if err != nil {
		fail(w, http.StatusBadRequest, err.Error())
		return
	}
	b.InjectFault(f)
	c.log.Info("fault injected", "provider", name, "method", f.Method, "path", f.Path, "status", f.Status,
		"delay", f.Delay, "reset", f.Reset, "dropAfterCommit", f.DropAfterCommit, "times", f.Times)
	answer(w, http.StatusCreated, in)
}

func (c *control) clearFaults(w http.ResponseWriter, _ *http.Request, name string, b *sandbox.Base) {
	b.ClearFaults()
	c.log.Info("faults cleared", "provider", name)
	w.WriteHeader(http.StatusNoContent)
}

// deliveryJSON is a webhook delivery (sandbox.Delivery) on the wire.
type deliveryJSON struct {
	Time   time.Time           `json:"time"`
	URL    string              `json:"url"`
	Header map[string][]string `json:"header"`
	Body   string              `json:"body"`
	Status int                 `json:"status"`
	Error  string              `json:"error,omitempty"`
}

// webhooksJSON answers GET /_sandbox/{provider}/webhooks.
type webhooksJSON struct {
	Count      int            `json:"count"`
	Deliveries []deliveryJSON `json:"deliveries"`
}

func (c *control) webhooks(w http.ResponseWriter, _ *http.Request, _ string, b *sandbox.Base) {
	out := webhooksJSON{Deliveries: []deliveryJSON{}}
	for _, d := range b.Outbox().Deliveries() {
		j := deliveryJSON{Time: d.Time, URL: d.URL, Header: d.Header, Body: string(d.Body), Status: d.Status}
		if d.Err != nil {
			j.Error = d.Err.Error()
		}
		out.Deliveries = append(out.Deliveries, j)
	}
	out.Count = len(out.Deliveries)
	answer(w, http.StatusOK, out)
}

// answer writes v as JSON with status.
func answer(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

// fail answers {"error": msg} with status.
func fail(w http.ResponseWriter, status int, msg string) {
	answer(w, status, map[string]string{"error": msg})
}
