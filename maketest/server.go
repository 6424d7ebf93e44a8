package maketest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Tokens of the two data sets: every new server knows DefaultToken,
// ReadOnlyToken and OAuthToken; AdminToken only with WithExampleData.
const (
	// DefaultToken is the API token of user 1 (Jane Doe). It holds every
	// non-admin scope (see DefaultScopes).
	DefaultToken = "00000000-0000-4000-8000-000000000001"
	// AdminToken is the API token of user 2 (Adam Admin), a White Label
	// administrator of the example data (WithExampleData; without it the
	// token answers 401). It holds every scope, including admin:read and
	// admin:write (see AdminScopes).
	AdminToken = "00000000-0000-4000-8000-0000000000ad"
	// ReadOnlyToken is an API token of user 1 holding only the read scopes
	// (see ReadOnlyScopes); handy for 403 tests.
	ReadOnlyToken = "00000000-0000-4000-8000-000000000002"
	// OAuthToken is an OAuth 2.0 access token of user 1 with DefaultScopes.
	// It is accepted only as "Authorization: Bearer <token>".
	OAuthToken = "maketest-oauth-access-token-0001"
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
	CodeNotImplemented       = "SC501" // 501: an operation of the catalogue the fake does not implement yet
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
		"teams:read", "teams:write",
		"team-variables:read", "team-variables:write",
	}
}

// AdminScopes returns the scopes of AdminToken: DefaultScopes plus
// admin:read and admin:write.
func AdminScopes() []string {
	return append(DefaultScopes(), "admin:read", "admin:write")
}

// ReadOnlyScopes returns the scopes of ReadOnlyToken.
func ReadOnlyScopes() []string {
	return []string{"user:read", "organizations:read", "organization:read", "organization-variables:read", "teams:read", "team-variables:read"}
}

// Server is a running fake Make API. It is safe for concurrent use.
type Server struct {
	ts        *httptest.Server
	tb        testing.TB // nil when started by New
	closed    chan struct{}
	closeOnce sync.Once

	// Set by the options before the server starts, read-only after.
	anyToken bool // an unknown non-empty token is the current user's
	latency  time.Duration
	tls      bool
	listener net.Listener
	// The data to add to the default data once the options are applied.
	exampleData bool // WithExampleData
	extraUsers  int  // WithSeed

	mu        sync.Mutex // guards what follows, and the store
	now       func() time.Time
	st        *state
	tokens    map[string]*token
	rec       recording
	faults    []*queuedFault
	rateLimit int
	hits      map[string][]time.Time
	oauth     oauthState // the authorization server's store (oauth.go)
}

// Option configures a Server in NewServer or New.
type Option func(*Server)

// WithRateLimit limits requests to perMinute in a sliding window of 60
// seconds, like the API limit of a Make plan (60, 120, 240 or 1000 a minute);
// 0 or less disables it, the default. Like Make, it counts per organization:
// the requests that name one (an organizationId in the path or the query, or
// the teamId of a team of it) share its count, whatever their token; the
// others (GET /users/me, ...) count per token. Requests over the limit get 429
// with Make's body and a Retry-After header giving the seconds until a
// request is allowed again. Every organization gets the same limit, whatever
// its plan's License.APILimit.
func WithRateLimit(perMinute int) Option {
	return func(s *Server) { s.rateLimit = perMinute }
}

// WithSeed adds n extra users to organization 1 and team 1 (see SeedUsers),
// after the example data if WithExampleData is given too, whatever the
// order of the options.
func WithSeed(users int) Option {
	return func(s *Server) { s.extraUsers += max(users, 0) }
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

// WithAnyToken makes the server accept any non-empty token it does not know
// as a token of the current user (DefaultUserID) with the current user's
// scopes (see SetScopes), as "Token <token>" and "Bearer <token>". makefake
// serves with it, so tools in any language can use any token.
func WithAnyToken() Option {
	return func(s *Server) { s.anyToken = true }
}

// WithLatency delays every answer by d (or until the request is cancelled),
// like a distant server.
func WithLatency(d time.Duration) Option {
	return func(s *Server) { s.latency = d }
}

// WithTLS serves HTTPS with HTTP/2, the way Make is reached, on a
// self-signed certificate: Client and HTTPClient trust it. Faults behave
// alike (Reset, Hang and Truncate reset the HTTP/2 stream).
func WithTLS() Option {
	return func(s *Server) { s.tls = true }
}

// WithListener makes the server serve on l (e.g. net.Listen("tcp",
// "127.0.0.1:8080")) instead of a free loopback port. The server closes l.
func WithListener(l net.Listener) Option {
	return func(s *Server) { s.listener = l }
}

// NewServer starts a fake Make API on a loopback address for a test, with the
// default data (the current user, Jane Doe, owner of organization 1 with team
// 1; see the package documentation) and what opts add. The server is closed
// by tb.Cleanup.
func NewServer(tb testing.TB, opts ...Option) *Server {
	tb.Helper()
	s := New(opts...)
	s.tb = tb
	tb.Cleanup(s.Close)
	return s
}

// New starts a fake Make API outside a test (NewServer is the form for
// tests); call Close when done.
func New(opts ...Option) *Server {
	s := &Server{
		closed: make(chan struct{}),
		now:    time.Now,
		st:     newState(),
		tokens: map[string]*token{},
		hits:   map[string][]time.Time{},
		rec:    recording{limit: DefaultRecording},
	}
	s.seedDefaults()
	for _, opt := range opts {
		opt(s)
	}
	if s.exampleData {
		s.seedExampleData()
	}
	s.seedUsers(s.extraUsers)
	s.ts = httptest.NewUnstartedServer(s)
	if s.listener != nil {
		_ = s.ts.Listener.Close()
		s.ts.Listener = s.listener
	}
	if s.tls {
		s.ts.EnableHTTP2 = true
		s.ts.StartTLS()
	} else {
		s.ts.Start()
	}
	return s
}

// URL returns the API base URL, e.g. "http://127.0.0.1:41234/api/v2"
// (no trailing slash).
func (s *Server) URL() string { return s.ts.URL + APIPrefix }

// BaseURL returns the server's root URL without the API prefix.
func (s *Server) BaseURL() string { return s.ts.URL }

// HTTPClient returns an *http.Client for raw requests to the server; with
// WithTLS it trusts the server's certificate and speaks HTTP/2.
func (s *Server) HTTPClient() *http.Client { return s.ts.Client() }

// Close releases hanging requests, closes client connections and shuts the
// server down. It is safe to call more than once.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		close(s.closed)
		s.ts.CloseClientConnections()
		s.ts.Close()
	})
}

// SetRateLimit changes the limit (requests per 60 s per organization, or per
// token for requests that name none; 0 disables it) and forgets the requests
// counted so far. See WithRateLimit.
func (s *Server) SetRateLimit(perMinute int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rateLimit = perMinute
	s.hits = map[string][]time.Time{}
}

// ---------------------------------------------------------------------------
// Dispatch

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

// ServeHTTP serves one request: it records it, applies a queued fault or the
// rate limit, then routes it to its catalogue operation (serveOp).
func (s *Server) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	w := newAnswerWriter(rw, r) // the shape of every answer but the faults (answers.go)
	body, _ := io.ReadAll(io.LimitReader(r.Body, MaxRequestBody+1))
	rel, underAPI := relPath(r.URL.Path)
	_, key := parseAuthorization(r.Header.Get("Authorization"))
	escaped, _ := relPath(r.URL.EscapedPath())
	op, allow := match(r, escaped)
	opID := ""
	if op != nil && underAPI {
		opID = op.id
	}

	s.mu.Lock()
	s.rec.add(Request{
		Method: r.Method, Path: rel, OperationID: opID, Query: r.URL.Query(),
		Header: r.Header.Clone(), Time: s.now(),
	}, body)
	delay, fault := s.takeFault(opID)
	limited, retryAfter := false, 0
	oauth := !underAPI && isOAuthPath(r.URL.Path) // the authorization server is not rate limited
	if fault == nil && !oauth {
		limited, retryAfter = s.rateCheck(s.rateKey(r, key))
	}
	s.mu.Unlock()

	delay += s.latency
	if delay > 0 && !s.sleep(r.Context(), delay) {
		return
	}
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
	case oauth:
		s.serveOAuth(w, r, body)
		return
	case !underAPI:
		writeError(w, errNotFound(fmt.Sprintf("Route %s %s not found; the API is served under %s.", r.Method, r.URL.Path, APIPrefix)))
		return
	case op == nil && len(allow) > 0:
		e := newError(http.StatusMethodNotAllowed, CodeMethodNotAllowed, "Method not allowed",
			fmt.Sprintf("Method %s is not allowed on %s.", r.Method, rel))
		e.header = http.Header{"Allow": {strings.Join(allow, ", ")}}
		writeError(w, e)
		return
	case op == nil:
		writeError(w, errNotFound(fmt.Sprintf("Route %s %s not found.", r.Method, rel)))
		return
	}
	s.serveOp(w, r, body, op)
}

// sleep waits d, or until the request is cancelled or the server closed; it
// reports whether d passed.
func (s *Server) sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
	case <-s.closed:
	}
	return false
}

// serveOp answers one operation: authentication, scopes, validation against
// the catalogue, then its handler (501 while it has none), under s.mu.
func (s *Server) serveOp(w http.ResponseWriter, r *http.Request, body []byte, op *operation) {
	s.mu.Lock()
	status, payload, hdr := s.runOp(r, body, op)
	s.mu.Unlock()
	writeJSON(w, status, hdr, payload)
}

// runOp must be called with s.mu held; it encodes the answer while still
// holding the lock, so handlers may return values that alias the store.
func (s *Server) runOp(r *http.Request, body []byte, op *operation) (int, []byte, http.Header) {
	v, err := s.call(r, body, op)
	if err != nil {
		var e *apiError
		if !errors.As(err, &e) {
			e = newError(http.StatusInternalServerError, CodeInternal, "Internal server error", err.Error())
		}
		return e.status, e.encode(), e.header
	}
	status := http.StatusOK
	if resp, ok := v.(response); ok {
		status, v = resp.status, resp.body
	}
	b, err := json.Marshal(v)
	if err != nil {
		e := newError(http.StatusInternalServerError, CodeInternal, "Internal server error", err.Error())
		return e.status, e.encode(), nil
	}
	return status, b, nil
}

// call runs the checks every operation shares, then its handler.
func (s *Server) call(r *http.Request, body []byte, op *operation) (any, error) {
	tok, err := s.authenticate(r.Header.Get("Authorization"))
	if err != nil {
		return nil, err
	}
	for _, sc := range op.scopes {
		if !tok.has(sc) {
			return nil, errMissingScope(sc)
		}
	}
	if op.admin && s.st.user(tok.userID).UsersAdminsRoleID == 0 {
		return nil, errForbidden() // the Admin operations are for White Label administrators
	}
	h := handlers[op.id]
	if h == nil {
		return nil, errNotImplemented(op)
	}
	if err := validate(op, r, body); err != nil {
		return nil, err
	}
	return h(&call{s: s, st: s.st, r: r, op: op, tok: tok, body: body, query: r.URL.Query()})
}
