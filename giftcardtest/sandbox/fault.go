package sandbox

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

// The values of Entry.Fault.
const (
	// FaultStatus: the request was answered with the fault's Status without
	// reaching the handler.
	FaultStatus = "status"
	// FaultDelay: the request was held for the fault's Delay, then handled.
	FaultDelay = "delay"
	// FaultReset: the connection was closed before the handler ran.
	FaultReset = "reset"
	// FaultDropAfterCommit: the handler ran, then the connection was closed
	// without its answer.
	FaultDropAfterCommit = "drop-after-commit"
)

// MaxBodyBytes is the largest request body a sandbox reads; a larger one is
// answered 413 without reaching the handler.
const MaxBodyBytes = 8 << 20

// Fault is a misbehaviour injected for the requests it matches. At most one
// fault applies to a request: the oldest pending one that matches.
type Fault struct {
	// Method restricts the fault to requests with this HTTP method; ""
	// matches any.
	Method string
	// Path restricts the fault to requests whose URL path starts with it; ""
	// matches any.
	Path string
	// Status, when not 0, answers the request with this status, Header and
	// Body without running the handler: nothing is committed.
	Status int
	// Body is the response body written with Status, as is (it need not be
	// JSON: an HTML error page from a proxy, say).
	Body string
	// Header holds response headers written with Status.
	Header http.Header
	// Delay holds the request before anything else happens to it. A
	// negative Delay holds it until the client gives up (its context ends or
	// the connection closes) or the sandbox closes. The request then goes on
	// either way: with the fault's other effect when it has one, else
	// through the handler, so a request whose client gave up during the
	// delay is still committed, as on a real server. Delay is wall-clock
	// time, not the sandbox clock: it stands for the network, which HTTP
	// timeouts measure on the wall clock.
	Delay time.Duration
	// Reset closes the connection without answering and without running the
	// handler: nothing is committed, and the client sees a network error.
	// Reset wins over Status and DropAfterCommit.
	Reset bool
	// DropAfterCommit runs the handler (so its effect is committed), then
	// closes the connection without its answer: the client sees a network
	// error for a request that succeeded. Status wins over it.
	DropAfterCommit bool
	// Times is how many matching requests the fault applies to: 0 means 1,
	// a negative value every one until the faults are cleared.
	Times int
}

// Faults is a queue of pending faults. The zero value is empty. Safe for
// concurrent use.
type Faults struct {
	mu   sync.Mutex
	list []*Fault
}

// Add queues a fault.
func (f *Faults) Add(ft Fault) {
	if ft.Times == 0 {
		ft.Times = 1
	}
	ft.Header = ft.Header.Clone()
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

// take returns a copy of the oldest fault matching method and path, and
// consumes one of its Times; nil when none matches.
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

// bodyKey is the context key of a request body read by Wrap.
type bodyKey struct{}

// replayBody is a request body already read into memory, which Body can
// return whole however much of it was read since.
type replayBody struct {
	*bytes.Reader
	b   []byte
	err error // why b is not the whole body, if it is not
}

func (replayBody) Close() error { return nil }

// Body returns the raw body of a request. Behind Wrap (and so in every
// Base's handler) it is the body Wrap already read. Otherwise the first call
// reads r.Body (at most MaxBodyBytes) and replaces it with the bytes read.
// Either way every call returns the whole body, whatever was read from
// r.Body in between, and r.Body can still be read once.
func Body(r *http.Request) ([]byte, error) {
	if b, ok := r.Context().Value(bodyKey{}).([]byte); ok {
		return b, nil
	}
	if rb, ok := r.Body.(replayBody); ok {
		return rb.b, rb.err
	}
	if r.Body == nil || r.Body == http.NoBody {
		return nil, nil
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, MaxBodyBytes+1))
	_ = r.Body.Close()
	if err == nil && len(b) > MaxBodyBytes {
		b, err = b[:MaxBodyBytes], &http.MaxBytesError{Limit: MaxBodyBytes}
	}
	r.Body = replayBody{bytes.NewReader(b), b, err}
	return b, err
}

// Wrap returns next behind journaling and fault injection: every request is
// read (at most MaxBodyBytes), recorded in j stamped with now (the wall
// clock when nil), then meets the oldest matching fault in f, if any, and
// reaches next unless the fault stops it. next can read the body from
// r.Body or with Body.
func Wrap(next http.Handler, j *Journal, f *Faults, now func() time.Time) http.Handler {
	return wrap(next, j, f, now, nil)
}

// wrap is Wrap; a delay fault also ends when closing is closed.
func wrap(next http.Handler, j *Journal, f *Faults, now func() time.Time, closing <-chan struct{}) http.Handler {
	if now == nil {
		now = time.Now
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
		_ = r.Body.Close()
		e := j.begin(Entry{Time: now(), Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Header: r.Header.Clone(), Body: body})
		if err != nil {
			status := http.StatusBadRequest
			if mbe := (*http.MaxBytesError)(nil); errors.As(err, &mbe) {
				status = http.StatusRequestEntityTooLarge
			}
			j.finish(e, status, "")
			http.Error(w, "sandbox: reading the request body: "+err.Error(), status)
			return
		}
		r.Body = replayBody{bytes.NewReader(body), body, nil}
		r = r.WithContext(context.WithValue(r.Context(), bodyKey{}, body))

		ft := f.take(r.Method, r.URL.Path)
		if ft == nil {
			sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
			next.ServeHTTP(sw, r)
			j.finish(e, sw.status, "")
			return
		}
		if ft.Delay != 0 {
			hold(r.Context(), ft.Delay, closing)
		}
		switch {
		case ft.Reset:
			j.finish(e, 0, FaultReset)
			panic(http.ErrAbortHandler)
		case ft.Status != 0:
			j.finish(e, ft.Status, FaultStatus)
			for k, v := range ft.Header {
				w.Header()[k] = v
			}
			w.WriteHeader(ft.Status)
			_, _ = io.WriteString(w, ft.Body)
		case ft.DropAfterCommit:
			next.ServeHTTP(httptest.NewRecorder(), r)
			j.finish(e, 0, FaultDropAfterCommit)
			panic(http.ErrAbortHandler)
		default:
			sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
			next.ServeHTTP(sw, r)
			j.finish(e, sw.status, FaultDelay)
		}
	})
}

// hold waits d (until ctx or closing ends when d is negative), or less when
// ctx ends or closing is closed first.
func hold(ctx context.Context, d time.Duration, closing <-chan struct{}) {
	var timeout <-chan time.Time
	if d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		timeout = t.C
	}
	select {
	case <-timeout:
	case <-ctx.Done():
	case <-closing:
	}
}

// statusWriter remembers the status a handler wrote.
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

// Unwrap gives http.ResponseController the underlying writer (to flush).
func (s *statusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }
