package maketest

import (
	"bytes"
	"net/http"
	"net/url"
	"time"
)

// Request is one request received by the server, as Requests returns it.
type Request struct {
	Method string
	// Path is relative to the API prefix, e.g. "/users/me" (the full path
	// for a request outside it).
	Path string
	// OperationID is the catalogue's operationId of the route, e.g.
	// "usersGetMe"; "" when no operation matches.
	OperationID string
	Query       url.Values
	Header      http.Header
	Body        []byte
	Time        time.Time
}

func (r Request) clone() Request {
	r.Query = cloneValues(r.Query)
	r.Header = r.Header.Clone()
	r.Body = bytes.Clone(r.Body)
	return r
}

func cloneValues(v url.Values) url.Values {
	return url.Values(http.Header(v).Clone())
}

// Requests returns a copy of every request received (faulted and rejected
// ones included), in arrival order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, len(s.requests))
	for i, r := range s.requests {
		out[i] = r.clone()
	}
	return out
}

// LastRequest returns the most recent request, if any.
func (s *Server) LastRequest() (Request, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.requests) == 0 {
		return Request{}, false
	}
	return s.requests[len(s.requests)-1].clone(), true
}

// ResetRequests forgets the recorded requests.
func (s *Server) ResetRequests() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = nil
}

// RequestCount returns the number of recorded requests.
func (s *Server) RequestCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.requests)
}
