package maketest

import (
	"bytes"
	"net/http"
	"net/url"
	"time"
)

// What the server keeps of the requests it receives, so that its memory stays
// bounded whatever clients send (refused requests included: no token, 404,
// 413): see WithRecording.
const (
	// DefaultRecording is how many requests a server keeps for Requests
	// unless WithRecording says otherwise: the most recent ones.
	DefaultRecording = 10000
	// MaxRecordedBody is how much of a request body is kept: a longer body
	// is kept cut to its first MaxRecordedBody bytes (Request.BodySize says
	// how long it was). The handlers always see the whole body.
	MaxRecordedBody = 1 << 20
	// MaxRecordedBytes bounds the memory the recorded requests take
	// together (bodies, headers, queries, paths): past it the oldest are
	// dropped, even if fewer than WithRecording's number are kept.
	MaxRecordedBytes = 32 << 20
)

// recordOverhead is what a recorded request costs beside the bytes of its
// strings: the Request, the maps and slices holding its header and query.
const recordOverhead = 512

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
	// Body is the request body (nil when empty), cut to its first
	// MaxRecordedBody bytes.
	Body []byte
	// BodySize is the length of the body received (up to MaxRequestBody+1,
	// where the server stops reading); more than len(Body) when Body was cut.
	BodySize int
	Time     time.Time
}

func (r Request) clone() Request {
	r.Query = cloneValues(r.Query)
	r.Header = r.Header.Clone()
	r.Body = bytes.Clone(r.Body)
	return r
}

// size is what r holds in memory, roughly: the bytes of its strings and its
// body, and recordOverhead.
func (r *Request) size() int {
	n := recordOverhead + len(r.Method) + len(r.Path) + len(r.OperationID) + len(r.Body)
	for _, m := range []map[string][]string{r.Query, r.Header} {
		for k, vs := range m {
			n += len(k) + 16*len(vs)
			for _, v := range vs {
				n += len(v)
			}
		}
	}
	return n
}

func cloneValues(v url.Values) url.Values {
	return url.Values(http.Header(v).Clone())
}

// WithRecording makes the server keep the last n requests for Requests and
// LastRequest (DefaultRecording without this option); 0 or less keeps none.
// Whatever n, bodies are kept up to MaxRecordedBody bytes and the requests
// kept up to MaxRecordedBytes together. RequestCount counts every request,
// kept or not.
func WithRecording(n int) Option {
	return func(s *Server) { s.rec.limit = max(n, 0) }
}

// recording is the ring of the most recent requests. Its fields are guarded
// by Server.mu.
type recording struct {
	limit int       // requests kept at most; 0: none
	ring  []Request // grows up to limit, then wraps
	start int       // index in ring of the oldest request
	n     int       // requests in ring
	bytes int       // their sizes, together
	count int       // requests received since the start or the last reset
}

// at returns the i-th oldest request kept.
func (rec *recording) at(i int) *Request { return &rec.ring[(rec.start+i)%len(rec.ring)] }

// add keeps r, the body cut to MaxRecordedBody and copied, dropping the
// oldest requests past the bounds.
func (rec *recording) add(r Request, body []byte) {
	rec.count++
	if rec.limit == 0 {
		return
	}
	r.BodySize = len(body)
	if len(body) > 0 {
		r.Body = bytes.Clone(body[:min(len(body), MaxRecordedBody)])
	}
	size := r.size()
	for rec.n > 0 && (rec.n >= rec.limit || rec.bytes+size > MaxRecordedBytes) {
		rec.bytes -= rec.at(0).size()
		*rec.at(0) = Request{} // let the garbage collector have it
		rec.start = (rec.start + 1) % len(rec.ring)
		rec.n--
	}
	if rec.n == 0 {
		rec.start = 0
	}
	if rec.n == len(rec.ring) { // full but under limit: grow, oldest first
		ring := make([]Request, min(max(2*rec.n, 16), rec.limit))
		for i := range rec.n {
			ring[i] = *rec.at(i)
		}
		rec.ring, rec.start = ring, 0
	}
	*rec.at(rec.n) = r
	rec.n++
	rec.bytes += size
}

// reset forgets every request kept, and the count.
func (rec *recording) reset() {
	*rec = recording{limit: rec.limit}
}

// Requests returns a copy of the requests kept (faulted and rejected ones
// included), oldest first: the most recent DefaultRecording (see
// WithRecording), within MaxRecordedBytes.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, s.rec.n)
	for i := range out {
		out[i] = s.rec.at(i).clone()
	}
	return out
}

// LastRequest returns the most recent request, if any is kept.
func (s *Server) LastRequest() (Request, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.rec.n == 0 {
		return Request{}, false
	}
	return s.rec.at(s.rec.n - 1).clone(), true
}

// ResetRequests forgets the requests kept and resets RequestCount.
func (s *Server) ResetRequests() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rec.reset()
}

// RequestCount returns the number of requests received since the server
// started or ResetRequests, kept or not (Requests may return fewer).
func (s *Server) RequestCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rec.count
}
