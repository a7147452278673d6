package sandbox

import (
	"bytes"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Entry is one request the sandbox received, as its journal recorded it.
type Entry struct {
	// Time is when the request arrived, on the sandbox's clock.
	Time time.Time
	// Method is the request's HTTP method.
	Method string
	// Path is the request's URL path (decoded), without the query.
	Path string
	// Query is the raw query string, without the leading '?'.
	Query string
	// Header holds the request's headers.
	Header http.Header
	// Body is the raw request body, as received.
	Body []byte
	// Status is the HTTP status the sandbox answered. It is 0 while the
	// request is in progress, and when the connection was reset or the
	// response dropped (Fault says which).
	Status int
	// Fault names the injected fault that shaped the answer: FaultStatus,
	// FaultDelay, FaultReset or FaultDropAfterCommit; "" when none applied.
	Fault string
}

// clone returns a copy of e that shares no memory with it.
func (e *Entry) clone() Entry {
	c := *e
	c.Header = e.Header.Clone()
	c.Body = bytes.Clone(e.Body)
	return c
}

// Journal records requests in the order they arrived. A request is recorded
// as soon as it arrives (so one held by a delay fault is counted while it is
// held); its Status and Fault are filled in when it ends. The zero value is
// an empty journal. Safe for concurrent use.
type Journal struct {
	mu      sync.Mutex
	entries []*Entry
}

// begin appends e and returns it, so its outcome can be set with finish
// once the request ends.
func (j *Journal) begin(e Entry) *Entry {
	p := &e
	j.mu.Lock()
	j.entries = append(j.entries, p)
	j.mu.Unlock()
	return p
}

// finish records how the request of an entry begun with begin ended.
func (j *Journal) finish(p *Entry, status int, fault string) {
	j.mu.Lock()
	p.Status, p.Fault = status, fault
	j.mu.Unlock()
}

// Entries returns a copy of every entry, oldest first.
func (j *Journal) Entries() []Entry {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := make([]Entry, len(j.entries))
	for i, p := range j.entries {
		out[i] = p.clone()
	}
	return out
}

// Len is the number of requests recorded.
func (j *Journal) Len() int {
	j.mu.Lock()
	defer j.mu.Unlock()
	return len(j.entries)
}

// Count is the number of requests with this method ("" matches any) whose
// path starts with pathPrefix ("" matches any).
func (j *Journal) Count(method, pathPrefix string) int {
	j.mu.Lock()
	defer j.mu.Unlock()
	n := 0
	for _, e := range j.entries {
		if (method == "" || e.Method == method) && strings.HasPrefix(e.Path, pathPrefix) {
			n++
		}
	}
	return n
}

// Reset forgets every entry. A request still in progress is not recorded
// again when it ends.
func (j *Journal) Reset() {
	j.mu.Lock()
	j.entries = nil
	j.mu.Unlock()
}
