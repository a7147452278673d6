// Package sandbox holds what every provider's wire-level sandbox server
// shares: a request journal and fault injection (status, delay, connection
// reset, and a dropped response after the request was committed).
package sandbox

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

// Entry is one request the sandbox received.
type Entry struct {
	Time   time.Time
	Method string
	Path   string
	Query  string
	Header http.Header
	Body   []byte
	Status int // status written (0 while in progress, or when the connection was reset or dropped)
	Fault  string
}

// Journal records requests, in the order they arrived. Safe for concurrent
// use.
type Journal struct {
	mu      sync.Mutex
	entries []*Entry
}

// Add appends an entry.
func (j *Journal) Add(e Entry) { j.begin(e) }

// begin appends e and returns it, so its outcome (Status, Fault) can be set
// with finish once the request ends.
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
		out[i] = *p
	}
	return out
}

// Len is the number of requests received.
func (j *Journal) Len() int {
	j.mu.Lock()
	defer j.mu.Unlock()
	return len(j.entries)
}

// Count is the number of requests with this method whose path starts with
// pathPrefix ("" matches any).
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

// Reset forgets every entry.
func (j *Journal) Reset() {
	j.mu.Lock()
	j.entries = nil
	j.mu.Unlock()
}

// Fault is a misbehaviour for matching requests.
type Fault struct {
	Method string // "" = any
	Path   string // path prefix; "" = any
	// Status, when set, answers with it (and Body, Header) without reaching
	// the handler.
	Status int
	Body   string
	Header http.Header
	// Delay waits before handling; a negative Delay holds the request until
	// the client gives up (its context ends or the connection closes).
	Delay time.Duration
	// Reset closes the connection without handling the request.
	Reset bool
	// DropAfterCommit handles the request (so its effect is committed), then
	// closes the connection without sending the response.
	DropAfterCommit bool
	// Times is how many matching requests it applies to; 0 means 1, and a
	// negative value means every one.
	Times int
}

// Faults is a set of pending faults. Safe for concurrent use.
type Faults struct {
	mu   sync.Mutex
	list []*Fault
}

// Add queues a fault.
func (f *Faults) Add(ft Fault) {
	if ft.Times == 0 {
		ft.Times = 1
	}
	f.mu.Lock()
	f.list = append(f.list, &ft)
	f.mu.Unlock()
}

// Clear removes every pending fault.
func (f *Faults) Clear() {
	f.mu.Lock()
	f.list = nil
	f.mu.Unlock()
}

func (f *Faults) take(method, path string) *Fault {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, ft := range f.list {
		if (ft.Method == "" || ft.Method == method) && strings.HasPrefix(path, ft.Path) {
			cp := *ft
			if ft.Times > 0 {
				ft.Times--
				if ft.Times == 0 {
					f.list = append(f.list[:i], f.list[i+1:]...)
				}
			}
			return &cp
		}
	}
	return nil
}

// Wrap returns next behind fault injection and journaling. now stamps the
// journal entries (the sandbox's clock). A request is journaled as soon as
// it arrives (so one held by a Delay is counted while it is held); its
// Status and Fault are filled in when it ends.
func Wrap(next http.Handler, j *Journal, f *Faults, now func() time.Time) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(io.LimitReader(r.Body, 8<<20))
		_ = r.Body.Close()
		r.Body = io.NopCloser(bytes.NewReader(body))
		e := j.begin(Entry{Time: now(), Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Header: r.Header.Clone(), Body: body})
		ft := f.take(r.Method, r.URL.Path)
		if ft != nil && ft.Delay != 0 {
			if ft.Delay < 0 {
				<-r.Context().Done()
			} else {
				t := time.NewTimer(ft.Delay)
				select {
				case <-t.C:
				case <-r.Context().Done():
				}
				t.Stop()
			}
		}
		switch {
		case ft != nil && ft.Reset:
			j.finish(e, 0, "reset")
			panic(http.ErrAbortHandler)
		case ft != nil && ft.Status != 0:
			j.finish(e, ft.Status, "status")
			for k, v := range ft.Header {
				w.Header()[k] = v
			}
			w.WriteHeader(ft.Status)
			_, _ = io.WriteString(w, ft.Body)
			return
		case ft != nil && ft.DropAfterCommit:
			rec := httptest.NewRecorder()
			next.ServeHTTP(rec, r)
			j.finish(e, 0, "drop-after-commit")
			panic(http.ErrAbortHandler)
		}
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		j.finish(e, sw.status, "")
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (s *statusWriter) WriteHeader(code int) {
	if !s.wrote {
		s.status, s.wrote = code, true
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusWriter) Write(b []byte) (int, error) {
	s.wrote = true
	return s.ResponseWriter.Write(b)
}
