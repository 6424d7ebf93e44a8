// Package fakemake is an in-memory, stateful fake of the Make API v2
// (https://developers.make.com/api-documentation), served by net/http/httptest
// on the loopback interface.
//
// It is used by the SDK's unit tests, by runnable examples that have no real
// account, by fault-injection tests and by benchmarks. The fake keeps users,
// organizations, teams and the user-organization and user-team roles in memory
// (see state.go), authenticates requests with API tokens or OAuth bearer
// tokens, enforces the scopes documented per operation, answers with Make-style
// error bodies, paginates and sorts lists like Make (pg[...] parameters), can
// rate-limit per token, and can inject faults (canned responses, connection
// resets, hangs, truncated and huge bodies). Every request is recorded.
//
// Services register their routes in their own files (users.go, and later
// organizations.go and admin.go) through registerService and Server.handle.
// Handlers run with the server's mutex held and must therefore use the
// unexported, lock-free state helpers, never the exported ones.
//
// The package uses the standard library only and must not import the SDK.
package fakemake

import (
	"bufio"
	"bytes"
	"context"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Tokens registered by New.
const (
	// DefaultToken is the API token of user 1 (Jane Doe). It holds every
	// non-admin scope (see DefaultScopes).
	DefaultToken = "00000000-0000-4000-8000-000000000001"
	// AdminToken is the API token of user 2, a White Label administrator. It
	// holds every scope, including admin:read and admin:write (see AdminScopes).
	AdminToken = "00000000-0000-4000-8000-0000000000ad"
	// ReadOnlyToken is an API token of user 1 holding only the read scopes
	// (see ReadOnlyScopes); handy for 403 tests.
	ReadOnlyToken = "00000000-0000-4000-8000-000000000002"
	// OAuthToken is an OAuth 2.0 access token of user 1 with DefaultScopes.
	// It is accepted only as "Authorization: Bearer <token>".
	OAuthToken = "fakemake-oauth-access-token-0001"
)

// APIPrefix is the path prefix under which the fake serves the API.
const APIPrefix = "/api/v2"

// Make error codes used by the fake.
const (
	CodeInvalidParams        = "IM005" // 400: invalid input parameters (detail names the parameter)
	CodeInvalidCredentials   = "IM102" // 401: bad token; 400: wrong current password
	CodeConfirmationRequired = "IM004" // 406: the operation needs confirmed=true
	CodeForbidden            = "SC403" // 403: missing scope or no access to the entity
	CodeNotFound             = "SC404" // 404: unknown entity or route
	CodeMethodNotAllowed     = "SC405" // 405: known path, other method
	CodePayloadTooLarge      = "SC413" // 413: request body over MaxRequestBody
	CodeRateLimited          = "SC429" // 429: rate limit exceeded
	CodeInternal             = "SC500" // 500: unexpected handler error
)

// RateLimitMessage is the message of the 429 body, as documented by Make.
const RateLimitMessage = "Requests limit for organization exceeded, please try again later."

// MaxRequestBody is the largest request body the fake accepts (413 above it).
const MaxRequestBody = 32 << 20

// DefaultScopes returns the scopes of DefaultToken: every non-admin scope.
func DefaultScopes() []string {
	return []string{
		"user:read", "user:write",
		"organizations:read", "organizations:write",
		"organization:read",
		"organization-variables:read", "organization-variables:write",
	}
}

// AdminScopes returns the scopes of AdminToken: DefaultScopes plus
// admin:read and admin:write.
func AdminScopes() []string {
	return append(DefaultScopes(), "admin:read", "admin:write")
}

// ReadOnlyScopes returns the scopes of ReadOnlyToken.
func ReadOnlyScopes() []string {
	return []string{"user:read", "organizations:read", "organization:read", "organization-variables:read"}
}

// Server is a running fake Make API. It is safe for concurrent use.
type Server struct {
	ts        *httptest.Server
	tls       bool
	mux       *http.ServeMux
	routes    []routeInfo
	closed    chan struct{}
	closeOnce sync.Once

	mu          sync.Mutex
	now         func() time.Time
	st          *state
	tokens      map[string]*token
	requests    []Request
	faults      []*queuedFault
	rateLimit   int
	hits        map[string][]time.Time
	resetByHash map[string]int64  // password-reset hash -> user ID
	resetByMail map[string]string // lower-case email -> latest hash
	resetOpen   map[string]int64  // token -> user ID of an open reset session
	resetSeq    int64
	ext         map[string]any
}

// Option configures a Server in New.
type Option func(*Server)

// WithRateLimit limits every token to perMinute requests in a sliding window
// of 60 seconds (0 or less disables the limit, the default). Requests over the
// limit get 429 with Make's body and a Retry-After header.
func WithRateLimit(perMinute int) Option {
	return func(s *Server) { s.rateLimit = perMinute }
}

// WithSeed adds n extra users to organization 1 and team 1 (see SeedUsers).
func WithSeed(users int) Option {
	return func(s *Server) { s.seedUsers(users) }
}

// WithClock replaces the clock used for the rate limit window, request
// timestamps and new entities (time.Now by default).
func WithClock(now func() time.Time) Option {
	return func(s *Server) {
		if now != nil {
			s.now = now
		}
	}
}

// registrars hold the route registration function of every service file.
var registrars []func(*Server)

// registerService is called from an init function of each service file
// (users.go, organizations.go, admin.go) with a function registering its routes.
func registerService(f func(*Server)) { registrars = append(registrars, f) }

// New starts a fake Make API on a loopback address with the default fixtures
// (see state.go) and the given options. Call Close when done.
func New(opts ...Option) *Server {
	s := &Server{
		mux:         http.NewServeMux(),
		closed:      make(chan struct{}),
		now:         time.Now,
		st:          newState(),
		tokens:      map[string]*token{},
		hits:        map[string][]time.Time{},
		resetByHash: map[string]int64{},
		resetByMail: map[string]string{},
		resetOpen:   map[string]int64{},
		ext:         map[string]any{},
	}
	s.seedDefaults()
	for _, register := range registrars {
		register(s)
	}
	for _, opt := range opts {
		opt(s)
	}
	s.ts = httptest.NewUnstartedServer(http.HandlerFunc(s.serveHTTP))
	if s.tls {
		s.ts.EnableHTTP2 = true
		s.ts.StartTLS()
	} else {
		s.ts.Start()
	}
	return s
}

// WithTLS serves https with HTTP/2, as Make does, under httptest's
// certificate (trust it with Certificate or use Client).
func WithTLS() Option {
	return func(s *Server) { s.tls = true }
}

// Certificate returns the server's certificate when it serves https.
func (s *Server) Certificate() *x509.Certificate { return s.ts.Certificate() }

// URL returns the API base URL, e.g. "http://127.0.0.1:41234/api/v2"
// (no trailing slash).
func (s *Server) URL() string { return s.ts.URL + APIPrefix }

// BaseURL returns the server's root URL without the API prefix.
func (s *Server) BaseURL() string { return s.ts.URL }

// Client returns an *http.Client configured for the server.
func (s *Server) Client() *http.Client { return s.ts.Client() }

// Close releases hanging requests, closes client connections and shuts the
// server down. It is safe to call more than once.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		close(s.closed)
		s.ts.CloseClientConnections()
		s.ts.Close()
	})
}

// SetRateLimit changes the per-token limit (requests per 60 s; 0 disables it)
// and forgets the requests counted so far.
func (s *Server) SetRateLimit(perMinute int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rateLimit = perMinute
	s.hits = map[string][]time.Time{}
}

// Routes returns the registered operations as "METHOD /path" patterns relative
// to APIPrefix, sorted, each followed by its required scopes, e.g.
// "GET /users/{userId} [user:read]".
func (s *Server) Routes() []string {
	out := make([]string, 0, len(s.routes))
	for _, r := range s.routes {
		out = append(out, r.pattern+" ["+strings.Join(r.scopes, " ")+"]")
	}
	sort.Strings(out)
	return out
}

// ---------------------------------------------------------------------------
// Tokens and authentication

type token struct {
	value  string
	userID int64
	scopes []string
	oauth  bool
}

// AddToken registers an API token of the user with the given scopes (no
// scopes means none: every operation answers 403). API tokens are accepted as
// "Authorization: Token <token>" and "Authorization: Bearer <token>".
// Re-adding a token replaces it.
func (s *Server) AddToken(tok string, userID int64, scopes ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addToken(tok, userID, false, scopes)
}

// AddOAuthToken registers an OAuth 2.0 access token of the user. It is
// accepted only as "Authorization: Bearer <token>", and
// GET /users/me/current-authorization reports authUsed "oauth".
func (s *Server) AddOAuthToken(tok string, userID int64, scopes ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addToken(tok, userID, true, scopes)
}

// RemoveToken revokes a token; later requests with it get 401.
func (s *Server) RemoveToken(tok string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.tokens, tok)
}

func (s *Server) addToken(tok string, userID int64, oauth bool, scopes []string) {
	s.tokens[tok] = &token{value: tok, userID: userID, scopes: append([]string(nil), scopes...), oauth: oauth}
}

// parseAuthorization splits an Authorization header into scheme and token.
func parseAuthorization(h string) (scheme, tok string) {
	h = strings.TrimSpace(h)
	scheme, tok, ok := strings.Cut(h, " ")
	if !ok {
		return h, ""
	}
	return strings.ToLower(scheme), strings.TrimSpace(tok)
}

// authenticate resolves the Authorization header. s.mu must be held.
func (s *Server) authenticate(header string) (*token, *apiError) {
	if strings.TrimSpace(header) == "" {
		return nil, errUnauthorized("Missing Authorization header; send 'Authorization: Token <api-token>'.")
	}
	scheme, value := parseAuthorization(header)
	if scheme != "token" && scheme != "bearer" {
		return nil, errUnauthorized("Unsupported authorization scheme; use 'Token <api-token>' or 'Bearer <access-token>'.")
	}
	if value == "" {
		return nil, errUnauthorized("Missing token in the Authorization header.")
	}
	t, ok := s.tokens[value]
	if !ok || (t.oauth && scheme != "bearer") {
		return nil, errUnauthorized("The token is invalid, expired or revoked.")
	}
	if u := s.st.user(t.userID); u == nil {
		return nil, errUnauthorized("The user of this token does not exist.")
	}
	return t, nil
}

func (t *token) has(scope string) bool {
	for _, sc := range t.scopes {
		if sc == scope {
			return true
		}
	}
	return false
}

// ---------------------------------------------------------------------------
// Errors

// ErrorBody is the JSON body of every error answered by the fake, as Make
// documents it: {"message", "code", "detail", "suberrors"}.
type ErrorBody struct {
	Message   string     `json:"message"`
	Code      string     `json:"code"`
	Detail    string     `json:"detail,omitempty"`
	Suberrors []Suberror `json:"suberrors,omitempty"`
}

// Suberror is one entry of ErrorBody.Suberrors.
type Suberror struct {
	Message string `json:"message"`
	Code    string `json:"code,omitempty"`
}

// MakeErrorBody returns a Make-style JSON error body, handy for Fault.Body.
func MakeErrorBody(message, code, detail string) string {
	b, _ := json.Marshal(ErrorBody{Message: message, Code: code, Detail: detail})
	return string(b)
}

// apiError is an error answered with an HTTP status and a Make error body.
type apiError struct {
	status int
	header http.Header
	body   ErrorBody
}

func (e *apiError) Error() string {
	return fmt.Sprintf("%d %s: %s (%s)", e.status, e.body.Code, e.body.Message, e.body.Detail)
}

func newError(status int, code, message, detail string) *apiError {
	return &apiError{status: status, body: ErrorBody{Message: message, Code: code, Detail: detail}}
}

// errInvalid is a 400 IM005 naming the offending parameter in its detail.
func errInvalid(param, format string, args ...any) *apiError {
	return newError(http.StatusBadRequest, CodeInvalidParams, "Invalid input parameters",
		fmt.Sprintf("Parameter '%s' %s", param, fmt.Sprintf(format, args...)))
}

// errBadRequest is a 400 IM005 with a free detail.
func errBadRequest(detail string) *apiError {
	return newError(http.StatusBadRequest, CodeInvalidParams, "Invalid input parameters", detail)
}

func errUnauthorized(detail string) *apiError {
	return newError(http.StatusUnauthorized, CodeInvalidCredentials, "Invalid credentials.", detail)
}

// errWrongPassword is the 400 answered when a current password does not match.
func errWrongPassword(param string) *apiError {
	return newError(http.StatusBadRequest, CodeInvalidCredentials, "Invalid credentials.",
		fmt.Sprintf("Parameter '%s' does not match the user's current password.", param))
}

// errForbidden is Make's documented 403 body.
func errForbidden() *apiError {
	return newError(http.StatusForbidden, CodeForbidden, "Permission denied", "Access denied.")
}

func errNotFound(detail string) *apiError {
	return newError(http.StatusNotFound, CodeNotFound, "Not found", detail)
}

// errConfirmationRequired is the 406 IM004 for operations needing confirmed=true.
func errConfirmationRequired(detail string) *apiError {
	return newError(http.StatusNotAcceptable, CodeConfirmationRequired, "Confirmation required", detail)
}

// ---------------------------------------------------------------------------
// Request recording

// Request is one request received by the server.
type Request struct {
	Method   string
	Path     string // relative to APIPrefix, e.g. "/users"; the full path if outside it
	RawQuery string
	Header   http.Header
	Body     []byte
	Time     time.Time
}

// Query parses RawQuery.
func (r Request) Query() url.Values {
	v, _ := url.ParseQuery(r.RawQuery)
	return v
}

func (r Request) clone() Request {
	r.Header = r.Header.Clone()
	r.Body = bytes.Clone(r.Body)
	return r
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

// ---------------------------------------------------------------------------
// Faults

// Fault describes a failure served instead of the normal answer. It applies to
// the next requests whose method equals Method ("" = any, case-insensitive)
// and whose path relative to APIPrefix starts with Path ("" = any).
//
// Exactly one mode applies, checked in this order: Reset, Hang, Truncate,
// BodySize, then the canned response (Status, Body, ContentType, Header).
type Fault struct {
	Method string
	Path   string
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

// takeFault returns the first fault matching the request and consumes one of
// its uses. s.mu must be held.
func (s *Server) takeFault(method, path string) *Fault {
	for i, f := range s.faults {
		if f.Method != "" && !strings.EqualFold(f.Method, method) {
			continue
		}
		if !strings.HasPrefix(path, f.Path) {
			continue
		}
		if f.left > 0 {
			f.left--
			if f.left == 0 {
				s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
			}
		}
		out := f.Fault
		return &out
	}
	return nil
}

func (s *Server) serveFault(w http.ResponseWriter, r *http.Request, f *Fault) {
	ctype := f.ContentType
	if ctype == "" {
		ctype = "application/json"
	}
	switch {
	case f.Reset && r.ProtoMajor == 2:
		panic(http.ErrAbortHandler) // HTTP/2: the stream is reset (RST_STREAM)
	case f.Reset:
		if conn := hijack(w); conn != nil {
			if tc, ok := conn.(*net.TCPConn); ok {
				_ = tc.SetLinger(0)
			}
			_ = conn.Close()
		}
	case f.Hang:
		select {
		case <-r.Context().Done():
		case <-s.closed:
		}
		if conn := hijack(w); conn != nil {
			_ = conn.Close()
		}
	case f.Truncate:
		status := f.Status
		if status == 0 {
			status = http.StatusOK
		}
		body := f.Body
		if body == "" {
			body = `{"message":"truncated","detail":"` + strings.Repeat("x", 1000) + `"}`
		}
		if r.ProtoMajor == 2 {
			// HTTP/2: half the declared body, then the stream is reset.
			copyHeader(w.Header(), f.Header)
			w.Header().Set("Content-Type", ctype)
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
			w.WriteHeader(status)
			_, _ = io.WriteString(w, body[:len(body)/2])
			w.(http.Flusher).Flush()
			panic(http.ErrAbortHandler)
		}
		conn, buf := hijackRW(w)
		if conn == nil {
			return
		}
		fmt.Fprintf(buf, "HTTP/1.1 %d %s\r\n", status, http.StatusText(status))
		fmt.Fprintf(buf, "Content-Type: %s\r\nContent-Length: %d\r\n", ctype, len(body))
		for k, vs := range f.Header {
			for _, v := range vs {
				fmt.Fprintf(buf, "%s: %s\r\n", k, v)
			}
		}
		buf.WriteString("Connection: close\r\n\r\n")
		buf.WriteString(body[:len(body)/2])
		_ = buf.Flush()
		_ = conn.Close()
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

func hijack(w http.ResponseWriter) net.Conn {
	conn, _ := hijackRW(w)
	return conn
}

func hijackRW(w http.ResponseWriter) (net.Conn, *bufio.ReadWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		return nil, nil
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		return nil, nil
	}
	return conn, buf
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

// ---------------------------------------------------------------------------
// Rate limit

// rateCheck counts a request of the token and reports whether it is over the
// limit, and if so the seconds until a slot frees. s.mu must be held.
func (s *Server) rateCheck(key string) (limited bool, retryAfter int) {
	if s.rateLimit <= 0 {
		return false, 0
	}
	now := s.now()
	window := now.Add(-time.Minute)
	hits := s.hits[key]
	i := 0
	for i < len(hits) && !hits[i].After(window) {
		i++
	}
	hits = hits[i:]
	if len(hits) >= s.rateLimit {
		s.hits[key] = hits
		wait := hits[0].Add(time.Minute).Sub(now)
		secs := int(math.Ceil(wait.Seconds()))
		if secs < 1 {
			secs = 1
		}
		return true, secs
	}
	s.hits[key] = append(hits, now)
	return false, 0
}

// ---------------------------------------------------------------------------
// Dispatch

type ctxKey int

const bodyKey ctxKey = 0

type routeInfo struct {
	pattern string // "GET /users/{userId}", relative to APIPrefix
	scopes  []string
}

// handlerFunc serves one operation. It runs with s.mu held. It returns the
// value to encode as JSON with status 200 (or a response value for another
// status), or an error: an *apiError is answered as is, any other error as 500.
type handlerFunc func(c *call) (any, error)

// response lets a handler answer with a status other than 200.
type response struct {
	status int
	body   any
}

// handle registers an operation. pattern is "METHOD /path" relative to
// APIPrefix with http.ServeMux wildcards, e.g. "PATCH /users/{userId}".
// Every scope in scopes is required (the operation's x-scopes).
func (s *Server) handle(pattern string, scopes []string, h handlerFunc) {
	method, path, ok := strings.Cut(pattern, " ")
	if !ok {
		panic("fakemake: pattern needs a method: " + pattern)
	}
	s.routes = append(s.routes, routeInfo{pattern: pattern, scopes: scopes})
	s.mux.HandleFunc(method+" "+APIPrefix+path, func(w http.ResponseWriter, r *http.Request) {
		s.serveOp(w, r, scopes, h)
	})
}

// relPath returns the path relative to APIPrefix and whether it was under it.
func relPath(p string) (string, bool) {
	if p == APIPrefix {
		return "/", true
	}
	if strings.HasPrefix(p, APIPrefix+"/") {
		return p[len(APIPrefix):], true
	}
	return p, false
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, MaxRequestBody+1))
	rel, underAPI := relPath(r.URL.Path)
	_, key := parseAuthorization(r.Header.Get("Authorization"))

	s.mu.Lock()
	s.requests = append(s.requests, Request{
		Method: r.Method, Path: rel, RawQuery: r.URL.RawQuery,
		Header: r.Header.Clone(), Body: bytes.Clone(body), Time: s.now(),
	})
	fault := s.takeFault(r.Method, rel)
	limited, retryAfter := false, 0
	if fault == nil {
		limited, retryAfter = s.rateCheck(key)
	}
	s.mu.Unlock()

	switch {
	case fault != nil:
		s.serveFault(w, r, fault)
		return
	case limited:
		e := newError(http.StatusTooManyRequests, CodeRateLimited, RateLimitMessage, "")
		e.header = http.Header{"Retry-After": {strconv.Itoa(retryAfter)}}
		writeError(w, e)
		return
	case len(body) > MaxRequestBody:
		writeError(w, newError(http.StatusRequestEntityTooLarge, CodePayloadTooLarge, "Payload too large",
			fmt.Sprintf("The request body exceeds %d bytes.", MaxRequestBody)))
		return
	case !underAPI:
		writeError(w, errNotFound(fmt.Sprintf("Route %s %s not found; the API is served under %s.", r.Method, r.URL.Path, APIPrefix)))
		return
	}

	r = r.WithContext(context.WithValue(r.Context(), bodyKey, body))
	if h, pattern := s.mux.Handler(r); pattern == "" {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		if rec.Code == http.StatusMethodNotAllowed {
			e := newError(http.StatusMethodNotAllowed, CodeMethodNotAllowed, "Method not allowed",
				fmt.Sprintf("Method %s is not allowed on %s.", r.Method, rel))
			e.header = http.Header{"Allow": rec.Header().Values("Allow")}
			writeError(w, e)
			return
		}
		writeError(w, errNotFound(fmt.Sprintf("Route %s %s not found.", r.Method, rel)))
		return
	}
	s.mux.ServeHTTP(w, r)
}

// serveOp authenticates, checks scopes and runs the handler under s.mu.
func (s *Server) serveOp(w http.ResponseWriter, r *http.Request, scopes []string, h handlerFunc) {
	body, _ := r.Context().Value(bodyKey).([]byte)
	s.mu.Lock()
	status, payload, hdr := s.runOp(r, body, scopes, h)
	s.mu.Unlock()
	for k, vs := range hdr {
		w.Header()[k] = vs
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(payload)))
	w.WriteHeader(status)
	_, _ = w.Write(payload)
}

// runOp must be called with s.mu held; it encodes the answer while still
// holding the lock, so handlers may return values that alias the state.
func (s *Server) runOp(r *http.Request, body []byte, scopes []string, h handlerFunc) (int, []byte, http.Header) {
	tok, aerr := s.authenticate(r.Header.Get("Authorization"))
	if aerr == nil {
		for _, sc := range scopes {
			if !tok.has(sc) {
				aerr = errForbidden()
				break
			}
		}
	}
	var v any
	var err error
	if aerr != nil {
		err = aerr
	} else {
		c := &call{s: s, st: s.st, r: r, tok: tok, body: body, query: r.URL.Query()}
		v, err = h(c)
	}
	if err != nil {
		var e *apiError
		if !errors.As(err, &e) {
			e = newError(http.StatusInternalServerError, CodeInternal, "Internal server error", err.Error())
		}
		b, _ := json.Marshal(e.body)
		return e.status, b, e.header
	}
	status := http.StatusOK
	if resp, ok := v.(response); ok {
		status, v = resp.status, resp.body
	}
	b, err := json.Marshal(v)
	if err != nil {
		b, _ = json.Marshal(ErrorBody{Message: "Internal server error", Code: CodeInternal, Detail: err.Error()})
		return http.StatusInternalServerError, b, nil
	}
	return status, b, nil
}

func writeError(w http.ResponseWriter, e *apiError) {
	b, _ := json.Marshal(e.body)
	for k, vs := range e.header {
		w.Header()[k] = vs
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(e.status)
	_, _ = w.Write(b)
}

// ---------------------------------------------------------------------------
// Per-call helpers

// call is the context of one operation; s.mu is held while it is used.
type call struct {
	s     *Server
	st    *state
	r     *http.Request
	tok   *token
	body  []byte
	query url.Values
}

// me returns the authenticated user (never nil: authenticate checked it).
func (c *call) me() *User { return c.st.user(c.tok.userID) }

// isInstanceAdmin reports whether the authenticated user is a White Label admin.
func (c *call) isInstanceAdmin() bool { return c.me().UsersAdminsRoleID != 0 }

// pathID parses a positive integer path parameter.
func (c *call) pathID(name string) (int64, error) {
	raw := c.r.PathValue(name)
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		return 0, errInvalid(name, "must be a positive integer, got %q.", raw)
	}
	return id, nil
}

// queryInt parses an optional integer query parameter.
func (c *call) queryInt(name string) (v int64, present bool, err error) {
	if !c.query.Has(name) {
		return 0, false, nil
	}
	raw := c.query.Get(name)
	v, perr := strconv.ParseInt(raw, 10, 64)
	if perr != nil {
		return 0, true, errInvalid(name, "must be an integer, got %q.", raw)
	}
	return v, true, nil
}

// queryBool parses an optional boolean query parameter (true/false/1/0).
func (c *call) queryBool(name string) (v, present bool, err error) {
	if !c.query.Has(name) {
		return false, false, nil
	}
	switch raw := c.query.Get(name); strings.ToLower(raw) {
	case "true", "1":
		return true, true, nil
	case "false", "0":
		return false, true, nil
	default:
		return false, true, errInvalid(name, "must be a boolean (true or false), got %q.", raw)
	}
}

// queryIntList parses an integer list given as name[] (repeated), name[N] or name.
func (c *call) queryIntList(name string) ([]int64, bool, error) {
	raws := listParam(c.query, name)
	if raws == nil {
		return nil, false, nil
	}
	out := make([]int64, 0, len(raws))
	for _, raw := range raws {
		v, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			return nil, true, errInvalid(name+"[]", "must contain integers, got %q.", raw)
		}
		out = append(out, v)
	}
	return out, true, nil
}

// listParam collects the values of name[] in order, then name[N] by N, then
// plain name. It returns nil if none is present.
func listParam(q url.Values, name string) []string {
	var out []string
	out = append(out, q[name+"[]"]...)
	type indexed struct {
		n int
		v []string
	}
	var idx []indexed
	for k, vs := range q {
		if strings.HasPrefix(k, name+"[") && strings.HasSuffix(k, "]") {
			if n, err := strconv.Atoi(k[len(name)+1 : len(k)-1]); err == nil {
				idx = append(idx, indexed{n, vs})
			}
		}
	}
	sort.Slice(idx, func(i, j int) bool { return idx[i].n < idx[j].n })
	for _, x := range idx {
		out = append(out, x.v...)
	}
	out = append(out, q[name]...)
	return out
}

// cols parses cols[] against the allowed columns; with none given it returns
// defaults. Duplicates are dropped; order is kept.
func (c *call) cols(allowed, defaults []string) ([]string, error) {
	raws := listParam(c.query, "cols")
	if len(raws) == 0 {
		return defaults, nil
	}
	seen := map[string]bool{}
	out := make([]string, 0, len(raws))
	for _, col := range raws {
		if !contains(allowed, col) {
			return nil, errInvalid("cols[]", "contains an unknown column %q; allowed: %s.", col, strings.Join(allowed, ", "))
		}
		if !seen[col] {
			seen[col] = true
			out = append(out, col)
		}
	}
	return out, nil
}

// decode unmarshals the JSON body into dst. An empty body is an error when
// required, else dst is left unchanged. Type errors name the field.
func (c *call) decode(dst any, required bool) error {
	if len(bytes.TrimSpace(c.body)) == 0 {
		if required {
			return errBadRequest("The request body is required (JSON object).")
		}
		return nil
	}
	if err := json.Unmarshal(c.body, dst); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			return errInvalid(te.Field, "must be of type %s.", jsonType(te.Type.Kind().String()))
		}
		return errBadRequest("The request body is not valid JSON: " + err.Error())
	}
	return nil
}

func jsonType(kind string) string {
	switch {
	case strings.HasPrefix(kind, "int"), strings.HasPrefix(kind, "uint"):
		return "integer"
	case strings.HasPrefix(kind, "float"):
		return "number"
	case kind == "bool":
		return "boolean"
	case kind == "slice", kind == "array":
		return "array"
	case kind == "map", kind == "struct":
		return "object"
	}
	return kind
}

func contains[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// ---------------------------------------------------------------------------
// Pagination and sorting

// pageConfig describes the pg[...] parameters of one list endpoint.
type pageConfig struct {
	SortFields     []string // allowed pg[sortBy] values
	DefaultSortBy  string
	DefaultSortDir string // "asc" or "desc"
	DefaultLimit   int
	MaxLimit       int
}

// page is the parsed pg[...] of a request; it encodes as the "pg" envelope.
type page struct {
	SortBy  string `json:"sortBy"`
	SortDir string `json:"sortDir"`
	Limit   int    `json:"limit"`
	Offset  int    `json:"offset"`
}

var knownPg = []string{"pg[offset]", "pg[limit]", "pg[sortBy]", "pg[sortDir]"}

// page parses and validates pg[offset], pg[limit], pg[sortBy], pg[sortDir].
func (c *call) page(cfg pageConfig) (page, error) {
	for k := range c.query {
		if strings.HasPrefix(k, "pg[") && !contains(knownPg, k) {
			return page{}, errInvalid(k, "is not a supported pagination parameter; use %s.", strings.Join(knownPg, ", "))
		}
	}
	p := page{SortBy: cfg.DefaultSortBy, SortDir: cfg.DefaultSortDir, Limit: cfg.DefaultLimit}
	if raw := c.query.Get("pg[offset]"); c.query.Has("pg[offset]") {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 0 {
			return page{}, errInvalid("pg[offset]", "must be a non-negative integer, got %q.", raw)
		}
		p.Offset = n
	}
	if raw := c.query.Get("pg[limit]"); c.query.Has("pg[limit]") {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > cfg.MaxLimit {
			return page{}, errInvalid("pg[limit]", "must be an integer between 1 and %d, got %q.", cfg.MaxLimit, raw)
		}
		p.Limit = n
	}
	if raw := c.query.Get("pg[sortBy]"); c.query.Has("pg[sortBy]") {
		if !contains(cfg.SortFields, raw) {
			return page{}, errInvalid("pg[sortBy]", "must be one of %s, got %q.", strings.Join(cfg.SortFields, ", "), raw)
		}
		p.SortBy = raw
	}
	if raw := c.query.Get("pg[sortDir]"); c.query.Has("pg[sortDir]") {
		if raw != "asc" && raw != "desc" {
			return page{}, errInvalid("pg[sortDir]", "must be asc or desc, got %q.", raw)
		}
		p.SortDir = raw
	}
	return p, nil
}

// sortPage sorts items by p.SortBy/p.SortDir (key returns the field's value:
// string, integer, bool or nil), ties broken by id, so the order is total and
// stable across pages; then it returns the page's window.
func sortPage[T any](items []T, p page, key func(item T, field string) any, id func(T) int64) []T {
	sorted := append([]T(nil), items...)
	sort.SliceStable(sorted, func(i, j int) bool {
		c := compareValues(key(sorted[i], p.SortBy), key(sorted[j], p.SortBy))
		if c == 0 {
			c = cmpInt(id(sorted[i]), id(sorted[j]))
		}
		if p.SortDir == "desc" {
			return c > 0
		}
		return c < 0
	})
	if p.Offset >= len(sorted) {
		return []T{}
	}
	end := len(sorted)
	if p.Limit > 0 && p.Offset+p.Limit < end {
		end = p.Offset + p.Limit
	}
	return sorted[p.Offset:end]
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// compareValues orders nil first, then numbers, bools and strings (strings
// case-insensitively, then byte-wise).
func compareValues(a, b any) int {
	if a == nil || b == nil {
		switch {
		case a == nil && b == nil:
			return 0
		case a == nil:
			return -1
		}
		return 1
	}
	switch x := a.(type) {
	case string:
		y, _ := b.(string)
		if c := strings.Compare(strings.ToLower(x), strings.ToLower(y)); c != 0 {
			return c
		}
		return strings.Compare(x, y)
	case bool:
		y, _ := b.(bool)
		switch {
		case x == y:
			return 0
		case !x:
			return -1
		}
		return 1
	case int:
		return cmpInt(int64(x), toInt64(b))
	case int64:
		return cmpInt(x, toInt64(b))
	}
	return strings.Compare(fmt.Sprint(a), fmt.Sprint(b))
}

func toInt64(v any) int64 {
	switch x := v.(type) {
	case int:
		return int64(x)
	case int64:
		return x
	}
	return 0
}

// ---------------------------------------------------------------------------
// Ordered JSON objects

// object is a JSON object that keeps its keys in order (e.g. the order of
// cols[]).
type object []field

type field struct {
	key string
	val any
}

// MarshalJSON encodes the fields in order.
func (o object) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, f := range o {
		if i > 0 {
			buf.WriteByte(',')
		}
		k, _ := json.Marshal(f.key)
		buf.Write(k)
		buf.WriteByte(':')
		v, err := json.Marshal(f.val)
		if err != nil {
			return nil, err
		}
		buf.Write(v)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// project picks cols from a full field map, in cols order.
func project(full map[string]any, cols []string) object {
	out := make(object, 0, len(cols))
	for _, c := range cols {
		out = append(out, field{c, full[c]})
	}
	return out
}

// ---------------------------------------------------------------------------
// Extension state

// serviceState returns the state stored under key, creating it with init on
// first use. Service files use it to keep their own data (e.g. organization
// variables) without changing state.go. s.mu must be held.
func serviceState[T any](s *Server, key string, init func() *T) *T {
	if v, ok := s.ext[key].(*T); ok {
		return v
	}
	v := init()
	s.ext[key] = v
	return v
}
