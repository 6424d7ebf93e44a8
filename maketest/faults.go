package maketest

import (
	"bytes"
	"io"
	"math"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Fault is a failure served instead of the normal answer to the next Times
// requests of an operation. Exactly one mode applies, checked in this order:
// Reset, Hang, Truncate, BodySize, then the canned response (Status, Body,
// ContentType, Header, RetryAfter). A fault with only Delay set delays the
// normal answer and changes nothing else: the rate limit (WithRateLimit)
// still counts the request and refuses it past the limit.
type Fault struct {
	// OperationID is the catalogue's operationId of the requests to fail,
	// e.g. "usersGetMe"; "" matches every request.
	OperationID string
	// Times is how many requests get the fault: 0 means once, a negative
	// value means every matching request until ClearFaults.
	Times int

	// Status of the response: defaults to 500 for a canned response and to
	// 200 for Truncate and BodySize.
	Status int
	// Body of the canned or truncated response (may be empty; see MakeErrorBody).
	Body string
	// ContentType defaults to "application/json".
	ContentType string
	// Header is added to the response.
	Header http.Header
	// RetryAfter, if > 0, adds a Retry-After header (whole seconds, rounded up).
	RetryAfter time.Duration
	// Delay waits before answering (the fault, or the normal answer if the
	// fault has nothing else), or until the request is cancelled.
	Delay time.Duration

	// Reset closes the connection without a response (TCP reset).
	Reset bool
	// Hang never answers until the request's context is done or the server is
	// closed; the connection is then closed without a response.
	Hang bool
	// Truncate sends the headers with the Content-Length of the whole Body (a
	// JSON filler body if empty), only the first half of Body, then closes.
	Truncate bool
	// BodySize, if > 0, streams that many bytes of a JSON-looking body
	// ({"data":"xxx..."}) with Status and Content-Length, without holding it
	// in memory.
	BodySize int64
}

// delayOnly reports whether the fault only delays the normal answer.
func (f *Fault) delayOnly() bool {
	return f.Delay > 0 && f.Status == 0 && f.Body == "" && f.ContentType == "" && len(f.Header) == 0 &&
		f.RetryAfter == 0 && !f.Reset && !f.Hang && !f.Truncate && f.BodySize == 0
}

type queuedFault struct {
	Fault
	left int // remaining uses; < 0 = unlimited
}

// InjectFault queues a fault. Queued faults are matched in order; each
// request consumes at most one fault.
func (s *Server) InjectFault(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	left := f.Times
	if left == 0 {
		left = 1
	}
	f.Header = f.Header.Clone()
	if f.RetryAfter > 0 {
		if f.Header == nil {
			f.Header = http.Header{}
		}
		f.Header.Set("Retry-After", strconv.Itoa(int(math.Ceil(f.RetryAfter.Seconds()))))
	}
	s.faults = append(s.faults, &queuedFault{Fault: f, left: left})
}

// ClearFaults drops every queued fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

// PendingFaults returns the number of queued faults with uses left.
func (s *Server) PendingFaults() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.faults)
}

// takeFault consumes one use of the first fault matching the operation and
// returns its Delay and the failure to serve instead of the answer: nil when
// there is none, or when the fault only delays, so that the answer (the rate
// limit included) is the one the server would give without it. s.mu must be
// held.
func (s *Server) takeFault(operationID string) (time.Duration, *Fault) {
	for i, f := range s.faults {
		if f.OperationID != "" && f.OperationID != operationID {
			continue
		}
		if f.left > 0 {
			f.left--
			if f.left == 0 {
				s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
			}
		}
		if f.delayOnly() {
			return f.Delay, nil
		}
		out := f.Fault
		return f.Delay, &out
	}
	return 0, nil
}

func (s *Server) serveFault(w http.ResponseWriter, r *http.Request, f *Fault) {
	ctype := f.ContentType
	if ctype == "" {
		ctype = "application/json"
	}
	switch {
	case f.Reset:
		abort(w, true)
	case f.Hang:
		select {
		case <-r.Context().Done():
		case <-s.closed:
		}
		abort(w, false)
	case f.Truncate:
		status := f.Status
		if status == 0 {
			status = http.StatusOK
		}
		body := f.Body
		if body == "" {
			body = `{"message":"truncated","detail":"` + strings.Repeat("x", 1000) + `"}`
		}
		copyHeader(w.Header(), f.Header)
		w.Header().Set("Content-Type", ctype)
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body[:len(body)/2])
		_ = http.NewResponseController(w).Flush()
		abort(w, false)
	case f.BodySize > 0:
		status := f.Status
		if status == 0 {
			status = http.StatusOK
		}
		copyHeader(w.Header(), f.Header)
		w.Header().Set("Content-Type", ctype)
		w.Header().Set("Content-Length", strconv.FormatInt(f.BodySize, 10))
		w.WriteHeader(status)
		streamFiller(w, f.BodySize, s.closed)
	default:
		status := f.Status
		if status == 0 {
			status = http.StatusInternalServerError
		}
		copyHeader(w.Header(), f.Header)
		w.Header().Set("Content-Type", ctype)
		w.Header().Set("Content-Length", strconv.Itoa(len(f.Body)))
		w.WriteHeader(status)
		_, _ = io.WriteString(w, f.Body)
	}
}

func copyHeader(dst, src http.Header) {
	for k, vs := range src {
		for _, v := range vs {
			dst.Add(k, v)
		}
	}
}

// abort ends a response unfinished: on HTTP/1 it closes the connection (with
// a TCP reset if reset), on HTTP/2 it resets the stream.
func abort(w http.ResponseWriter, reset bool) {
	if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
		if tc, ok := conn.(*net.TCPConn); ok && reset {
			_ = tc.SetLinger(0)
		}
		_ = conn.Close()
		return
	}
	panic(http.ErrAbortHandler) // net/http closes the connection or resets the stream, silently
}

// streamFiller writes exactly n bytes of {"data":"xxx..."} (plain filler if n
// is too small for the JSON wrapper) in chunks.
func streamFiller(w io.Writer, n int64, closed <-chan struct{}) {
	const head, tail = `{"data":"`, `"}`
	if n < int64(len(head)+len(tail)) {
		_, _ = io.WriteString(w, strings.Repeat("x", int(n)))
		return
	}
	if _, err := io.WriteString(w, head); err != nil {
		return
	}
	chunk := bytes.Repeat([]byte("x"), 32<<10)
	left := n - int64(len(head)+len(tail))
	for left > 0 {
		select {
		case <-closed:
			return
		default:
		}
		c := chunk
		if int64(len(c)) > left {
			c = c[:left]
		}
		if _, err := w.Write(c); err != nil {
			return
		}
		left -= int64(len(c))
	}
	_, _ = io.WriteString(w, tail)
}
