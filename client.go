// Package make is a typed Go client for the Make (make.com) REST API v2: its
// Users, Organizations, Teams, Admin (White Label) and Enums endpoints.
//
// A Client is made for one zone and one credential:
//
//	client, err := make.NewClient(make.ZoneEU1, os.Getenv("MAKE_API_TOKEN"))
//	me, err := client.Users.Me(ctx, nil)
//
// Every service method maps to one documented endpoint; its doc comment names
// the endpoint and the API scope it needs. Paginated lists have an ...Iter
// twin that pages lazily.
//
// Responses are decoded as Make really sends them: a field sent in more than
// one JSON form has a shared type that keeps either (Number, StringList); a
// field of an unexpected type is left at its zero value with a Warn log line
// rather than failing the call (WithStrictDecoding makes it an error); a
// response without its documented envelope is a *DecodeError, never nil, nil.
// A field the SDK does not model yet is read from the raw body, captured
// without a second request by WithRawResponse.
//
// The package name shadows the builtin make in files that import it; such a
// file that also calls the builtin should import the package under another
// name: makeapi "github.com/make-sdk/make-go".
package make

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"reflect"
	"strings"
	"time"

	"github.com/hashicorp/go-cleanhttp"
	"github.com/hashicorp/go-retryablehttp"
	"golang.org/x/oauth2"
)

// Version is the SDK's version, sent in the User-Agent header.
const Version = "0.1.0"

// DefaultUserAgent is the User-Agent header the client sends unless
// WithUserAgent says otherwise.
const DefaultUserAgent = "make-go/" + Version

// maxResponseBytes caps the size of a successful response body the client
// decodes; a larger one gives ErrResponseTooLarge instead of exhausting memory.
// Make's largest documented page (10,000 users) is a few MiB; decoding one
// value may buffer up to twice the cap.
const maxResponseBytes = 32 << 20

// defaultAttemptTimeout bounds how long one attempt of the default HTTP client
// waits for the response's headers, i.e. the server's think time (dialing and
// the TLS handshake have their own limits; the caller's context bounds the
// whole call, retries included). It is the transport's ResponseHeaderTimeout
// rather than http.Client.Timeout, which arms a timer and a goroutine for
// every request (11 allocations, 3% of a PATCH; see BENCHMARKS.md).
const defaultAttemptTimeout = 2 * time.Minute

// RetryConfig says how the client retries. MaxRetries 0 turns retries off.
// Waits grow exponentially from MinWait and never exceed MaxWait, also when
// the server's Retry-After asks for longer.
type RetryConfig struct {
	MaxRetries int
	MinWait    time.Duration
	MaxWait    time.Duration
}

// DefaultRetryConfig is what a client uses unless WithRetry says otherwise:
// up to 4 retries, waiting 1 s, 2 s, 4 s, 8 s (or what Retry-After asks for,
// at most 60 s).
var DefaultRetryConfig = RetryConfig{MaxRetries: 4, MinWait: time.Second, MaxWait: 60 * time.Second}

// Client talks to one Make zone with one credential. It is safe for
// concurrent use by multiple goroutines; make it once and share it.
type Client struct {
	base       string // the API base URL, ending in "/"
	baseScheme string
	baseHost   string
	auth       *credentials
	userAgent  string
	retry      RetryConfig
	limiter    Limiter // never nil: a RateLimiter without a limit by default
	logger     *slog.Logger
	strict     bool         // WithStrictDecoding
	httpClient *http.Client // set by WithHTTPClient; copied, never mutated
	rc         *retryablehttp.Client

	common service

	// Users is the Users API: GET /users, PATCH /users/{userId}, /users/me ...
	Users *UsersService
	// Organizations is the Organizations API: /organizations/...
	Organizations *OrganizationsService
	// Admin is the White Label administration API: /admin/users/...
	Admin *AdminService
	// Enums is the lookups other fields refer to: /enums/...
	Enums *EnumsService
	// Teams is an organization's teams, their variables, usage and user
	// roles: /teams/...
	Teams *TeamsService
}

// service is what every API service is: a handle on the client.
type service struct{ client *Client }

// credentials hold the token out of reach of fmt: a *credentials field
// prints as an address, and the type prints itself redacted.
type credentials struct {
	token  string
	header string // "Token " + token, built once
	ts     oauth2.TokenSource
}

// Format redacts the credential in every fmt verb.
func (c *credentials) Format(f fmt.State, _ rune) { io.WriteString(f, c.kind()) }

func (c *credentials) kind() string {
	switch {
	case c == nil:
		return "none"
	case c.ts != nil:
		return "oauth2 (redacted)"
	case c.token != "":
		return "token (redacted)"
	}
	return "none"
}

// Option configures a Client in NewClient. Options check their input and
// return an error rather than accepting a bad value.
type Option func(*Client) error

// WithBaseURL points the client at a URL instead of a zone: a private
// instance, or a test server. It must be https, except for loopback hosts
// (localhost, 127.0.0.0/8, ::1), which may use http. An empty path means
// /api/v2; any other path is used as given.
func WithBaseURL(u string) Option {
	return func(c *Client) error {
		pu, err := url.Parse(u)
		switch {
		case err != nil || pu.Host == "":
			return invalid("baseURL", "want an absolute URL such as https://make.example.com/api/v2, got %q", u)
		case pu.User != nil:
			return invalid("baseURL", "must not contain credentials")
		case pu.RawQuery != "" || pu.ForceQuery || pu.Fragment != "" || strings.ContainsAny(u, "?#"):
			return invalid("baseURL", "must not contain a query or fragment")
		case pu.Scheme == "http" && !isLoopback(pu.Hostname()):
			return invalid("baseURL", "plain http is allowed only for loopback hosts; use https for %s", pu.Host)
		case pu.Scheme != "http" && pu.Scheme != "https":
			return invalid("baseURL", "scheme must be https, got %q", pu.Scheme)
		}
		if pu.Path == "" || pu.Path == "/" {
			pu.Path = apiPath
		}
		c.setBase(pu)
		return nil
	}
}

// WithHTTPClient sends requests through hc, e.g. one with a proxy, custom TLS
// or a test transport such as httpmock's. The client uses a copy of hc (it
// never changes the caller's) and adds its own redirect rule that drops the
// Authorization header when a redirect leaves the API host. hc's Timeout
// bounds each attempt. An hc that authorizes requests itself may be used with
// an empty token.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) error {
		if hc == nil {
			return invalid("httpClient", "must not be nil")
		}
		cp := *hc
		c.httpClient = &cp
		return nil
	}
}

// WithTokenSource authorizes requests with OAuth 2.0: each request carries
// "Authorization: Bearer <access token>" from ts, which refreshes it. The
// token argument of NewClient must then be empty.
func WithTokenSource(ts oauth2.TokenSource) Option {
	return func(c *Client) error {
		if ts == nil {
			return invalid("tokenSource", "must not be nil")
		}
		c.auth.ts = oauth2.ReuseTokenSource(nil, ts)
		return nil
	}
}

// WithUserAgent replaces the User-Agent header (default make-go/<version>).
func WithUserAgent(ua string) Option {
	return func(c *Client) error {
		if ua == "" || strings.ContainsAny(ua, "\r\n") {
			return invalid("userAgent", "must be a non-empty single line")
		}
		c.userAgent = ua
		return nil
	}
}

// WithRetry sets how the client retries (see RetryConfig and the README's
// Retries section). MaxRetries 0 turns retries off.
func WithRetry(cfg RetryConfig) Option {
	return func(c *Client) error {
		switch {
		case cfg.MaxRetries < 0:
			return invalid("retry.MaxRetries", "must not be negative, got %d", cfg.MaxRetries)
		case cfg.MinWait < 0 || cfg.MaxWait < 0:
			return invalid("retry.MinWait", "waits must not be negative")
		case cfg.MaxWait < cfg.MinWait:
			return invalid("retry.MaxWait", "must not be below MinWait (%s < %s)", cfg.MaxWait, cfg.MinWait)
		}
		c.retry = cfg
		return nil
	}
}

// WithLogger logs each attempt (method, URL, status, attempt, duration) at
// Debug and each retry at Warn. The token, passwords and reset hashes are
// never logged. The client is silent without it.
func WithLogger(l *slog.Logger) Option {
	return func(c *Client) error {
		c.logger = l
		return nil
	}
}

// NewClient returns a client for zone (see ParseZone for the accepted forms)
// authorized by an API token, sent as "Authorization: Token <token>". For
// OAuth 2.0 pass an empty token and WithTokenSource. It does no network I/O.
func NewClient(zone Zone, token string, opts ...Option) (*Client, error) {
	c := &Client{
		auth:      &credentials{token: token, header: "Token " + token},
		userAgent: DefaultUserAgent,
		retry:     DefaultRetryConfig,
	}
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(c); err != nil {
			return nil, err
		}
	}
	if c.base == "" {
		z, err := ParseZone(string(zone))
		if err != nil {
			return nil, err
		}
		u, _ := url.Parse(z.BaseURL())
		c.setBase(u)
	}
	switch {
	case token != "" && c.auth.ts != nil:
		return nil, invalid("token", "give either an API token or WithTokenSource, not both")
	case token == "" && c.auth.ts == nil && c.httpClient == nil:
		return nil, invalid("token", "is empty; give an API token, WithTokenSource, or WithHTTPClient with a client that authorizes itself")
	case strings.ContainsFunc(token, func(r rune) bool { return r <= ' ' || r == 0x7f }):
		return nil, invalid("token", "contains spaces or control characters")
	case len(token) > maxTokenBytes:
		return nil, invalid("token", "is %d bytes, at most %d (a Make API token is a 36-character UUID)", len(token), maxTokenBytes)
	}
	if c.limiter == nil {
		c.limiter = NewRateLimiter(0) // no limit, but 429s still pause the client
	}
	c.rc = c.newRetryClient()
	c.common.client = c
	c.Users = (*UsersService)(&c.common)
	c.Organizations = (*OrganizationsService)(&c.common)
	c.Admin = (*AdminService)(&c.common)
	c.Enums = (*EnumsService)(&c.common)
	c.Teams = (*TeamsService)(&c.common)
	return c, nil
}

// NewClientFromEnv is NewClient with the zone from MAKE_ZONE and the token
// from MAKE_API_TOKEN; MAKE_BASE_URL, when set, replaces the zone (private
// instances, tests). Options given here win over the environment.
func NewClientFromEnv(opts ...Option) (*Client, error) {
	zone, base := os.Getenv("MAKE_ZONE"), os.Getenv("MAKE_BASE_URL")
	if zone == "" && base == "" {
		return nil, invalid("MAKE_ZONE", "is not set; set it to a zone such as eu1 (or set MAKE_BASE_URL)")
	}
	if base != "" {
		opts = append([]Option{WithBaseURL(base)}, opts...)
	}
	return NewClient(Zone(zone), os.Getenv("MAKE_API_TOKEN"), opts...)
}

// BaseURL returns the API base URL requests are sent to, ending in "/".
func (c *Client) BaseURL() string { return c.base }

// String describes the client without its credential.
func (c *Client) String() string {
	return fmt.Sprintf("make.Client{baseURL: %s, auth: %s}", c.base, c.auth.kind())
}

// Format prints the client as String does, for every verb, so that no fmt
// verb (%v, %+v, %#v) can show the token.
func (c *Client) Format(f fmt.State, _ rune) { io.WriteString(f, c.String()) }

// LogValue logs the client as String does.
func (c *Client) LogValue() slog.Value { return slog.StringValue(c.String()) }

func (c *Client) setBase(u *url.URL) {
	c.base = strings.TrimSuffix(u.String(), "/") + "/"
	c.baseScheme = u.Scheme
	c.baseHost = u.Host
}

// sameOrigin reports whether u is on the API's own scheme and host (with
// its port): the only place the credential goes.
func (c *Client) sameOrigin(u *url.URL) bool {
	return strings.EqualFold(u.Scheme, c.baseScheme) && strings.EqualFold(u.Host, c.baseHost)
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// defaultTransport is the transport of a client made without
// WithHTTPClient: go-cleanhttp's pooled transport (HTTP/2 over TLS) with
// per-host connection caps.
func defaultTransport() *http.Transport {
	t := cleanhttp.DefaultPooledTransport()
	// One keep-alive connection per concurrent caller, for up to 64 of
	// them, and never more: net/http puts a connection back in the idle
	// pool asynchronously, so without a cap a caller's next request often
	// dials a new one meanwhile (64 callers opened up to 77). Callers
	// beyond 64 wait for a free connection rather than churn new ones.
	t.MaxIdleConnsPerHost = 64
	t.MaxConnsPerHost = 64
	t.ResponseHeaderTimeout = defaultAttemptTimeout
	return t
}

// transport is the RoundTripper as the SDK hands it to go-retryablehttp.
// It has no CloseIdleConnections: go-retryablehttp closes every idle
// connection of its HTTP client when a call gives up or is cancelled; on a
// shared client that turned each failing call into new connections for
// every other caller (10k calls answered 503 opened ~9,900). And it hands
// every answer on with a bodyReader, whose Close drains what is left of it
// (bounded) so that its connection is kept, whatever the answer.
type transport struct{ rt http.RoundTripper }

func (t transport) RoundTrip(r *http.Request) (*http.Response, error) {
	rt := t.rt
	if rt == nil {
		rt = http.DefaultTransport // read per call, as http.Client does
	}
	resp, err := rt.RoundTrip(r)
	if err == nil {
		keepConnection(resp)
	}
	return resp, err
}

// newRetryClient wires go-retryablehttp: the policy of checkRetry, capped
// waits, no logger of its own, and the last response kept for the caller.
func (c *Client) newRetryClient() *retryablehttp.Client {
	hc := c.httpClient
	if hc == nil {
		hc = &http.Client{Transport: defaultTransport()}
	}
	hc.Transport = transport{hc.Transport}
	next := hc.CheckRedirect
	hc.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		first := via[0]
		switch {
		case len(via) >= 10:
			return errors.New("stopped after 10 redirects")
		case first.Method != http.MethodGet && first.Method != http.MethodHead:
			// A write is never followed: a 301, 302 or 303 would turn it
			// into a GET whose answer is not the write's, a 307 or 308
			// would send it again. The caller gets the 3xx as an
			// *APIError that says so.
			return http.ErrUseLastResponse
		case first.URL.Scheme == "https" && req.URL.Scheme != "https":
			return http.ErrUseLastResponse // no downgrade to plain http
		}
		if !c.sameOrigin(req.URL) {
			req.Header.Del("Authorization")
		}
		if next != nil {
			return next(req, via)
		}
		return nil
	}
	return &retryablehttp.Client{
		HTTPClient:      hc,
		RetryMax:        c.retry.MaxRetries,
		RetryWaitMin:    c.retry.MinWait,
		RetryWaitMax:    c.retry.MaxWait,
		CheckRetry:      c.checkRetry,
		Backoff:         backoff,
		ErrorHandler:    retryablehttp.PassthroughErrorHandler,
		RequestLogHook:  c.beforeAttempt,
		ResponseLogHook: c.afterAttempt,
		PrepareRetry:    c.prepareRetry,
	}
}

// Limits of what the client sends, checked before sending anything.
const (
	// maxTokenBytes caps the API token: Make's tokens are 36-character
	// UUIDs.
	maxTokenBytes = 1 << 10
	// maxQueryBytes caps the encoded query string (filters such as name or
	// email, cols[]): common proxies refuse a request line over 8 KiB.
	maxQueryBytes = 8 << 10
	// maxRequestBytes caps a JSON request body (e.g. a variable's value):
	// Make's documented requests are a few hundred bytes.
	maxRequestBytes = 1 << 20
)

// attempt is one call through the one request path: what it sends, where
// its answer goes, and what the retry policy and logging know of it. It
// travels in the request's context (attemptOf), so go-retryablehttp's hooks
// find it. A call reads top to bottom:
//
//	build   the request, its JSON body, its secrets; bad input is refused before anything is sent
//	send    authorization, rate limit, go-retryablehttp's tries under checkRetry
//	decode  an *APIError from a non-2xx answer, else the JSON value into out; the body is closed
type attempt struct {
	req        *http.Request // made by build, or given to Do
	body       []byte        // the JSON body, handed to go-retryablehttp as is (nil: req.Body, if any)
	method     string
	scope      string // the API scope the endpoint needs, for errors
	idempotent bool
	out        any      // where a successful answer is decoded; nil for none
	envelope   bool     // out is a service method's result: its documented envelope is checked
	secrets    []string // the call's secrets, removed from what it returns and logs

	n       int // the try, 0 for the first
	started time.Time
	url     string // req.URL redacted, for logs and errors; see redactedURL
	sc      scrubber
	scMade  bool
}

// NewRequest builds a request for path (relative to the API base, e.g.
// "users/me"), with query encoded by the SDK's one query encoder (a struct
// with url tags, or nil) and body encoded as JSON (or nil; a nil pointer is
// no body, not JSON null). Use it with Do for endpoints the SDK does not
// cover. Secret fields of query and body are sent as their values and, like
// the token, redacted from what Do returns and logs.
func (c *Client) NewRequest(ctx context.Context, method, path string, query, body any) (*http.Request, error) {
	if ctx == nil {
		return nil, invalid("ctx", "must not be nil")
	}
	a := &attempt{method: method}
	if err := c.build(ctx, a, path, query, body); err != nil {
		return nil, err
	}
	req := a.req
	if a.body != nil { // as http.NewRequest attaches a *bytes.Reader
		req.ContentLength = int64(len(a.body))
		req.Body = io.NopCloser(bytes.NewReader(a.body))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(a.body)), nil }
	}
	if len(a.secrets) > 0 {
		req = req.WithContext(context.WithValue(req.Context(), secretsKey{}, a.secrets))
	}
	return req, nil
}

// Do sends req through the client's one request path (authorization, rate
// limit, retries, logging, error decoding) and decodes a successful JSON
// response into v (when v is not nil). A non-2xx response is an *APIError;
// a connection failure is a *url.Error whose URL has secrets redacted. A
// field of an unexpected JSON type is handled as by the service methods
// (left zero with a Warn line, or with WithStrictDecoding an error); no
// envelope is checked, as Do does not know the endpoint's.
//
// The credential goes only to the API's own scheme, host and port: a req
// for another URL (e.g. an invoice link taken from a response) is sent
// without an Authorization header. A redirect of anything but GET or HEAD
// is not followed: it comes back as an *APIError with the 3xx status.
func (c *Client) Do(req *http.Request, v any) error {
	a := &attempt{method: req.Method, idempotent: idempotent(req.Method), out: v}
	a.secrets, _ = req.Context().Value(secretsKey{}).([]string)
	a.req = req.WithContext(context.WithValue(req.Context(), attemptKey{}, a))
	resp, err := c.send(a)
	if err != nil {
		return err
	}
	return c.decode(a, resp)
}

// call is what every service method does: build the request, send it,
// decode the answer into out, checking its documented envelope.
func (c *Client) call(ctx context.Context, method, path, scope string, query, body, out any) error {
	if ctx == nil {
		return invalid("ctx", "must not be nil")
	}
	a := &attempt{method: method, scope: scope, idempotent: idempotent(method), out: out, envelope: true}
	// The attempt goes in the context before the request is made, so that
	// nothing need copy the request to add it.
	if err := c.build(context.WithValue(ctx, attemptKey{}, a), a, path, query, body); err != nil {
		return err
	}
	resp, err := c.send(a)
	if err != nil {
		return err
	}
	return c.decode(a, resp)
}

// build makes the attempt's request for path, without its body: a.body
// holds the JSON bytes, which go-retryablehttp reads anew for each try
// without a first read to learn their length. It collects the Secret values
// of query and body into a.secrets. ctx is not nil.
func (c *Client) build(ctx context.Context, a *attempt, path string, query, body any) error {
	path = strings.TrimPrefix(path, "/")
	var q, sep string
	if query != nil {
		var err error
		if q, err = encodeQuery(query); err != nil {
			return invalid("query", "cannot be encoded: %v", err)
		}
		if len(q) > maxQueryBytes {
			return invalid(longestParam(q), "the encoded query is %d bytes, at most %d", len(q), maxQueryBytes)
		}
		if q != "" {
			sep = "?"
			if strings.Contains(path, "?") {
				sep = "&"
			}
		}
		a.secrets = appendSecrets(a.secrets, query)
	}
	if rv := reflect.ValueOf(body); rv.Kind() == reflect.Pointer && rv.IsNil() {
		body = nil // an optional body left out (a nil *XxxRequest): nothing, not JSON null
	}
	if body != nil {
		var err error
		if a.body, err = json.Marshal(body); err != nil {
			return invalid("body", "cannot be encoded as JSON: %v", err)
		}
		if len(a.body) > maxRequestBytes {
			return invalid("body", "the JSON body is %d bytes, at most %d", len(a.body), maxRequestBytes)
		}
		a.secrets = appendSecrets(a.secrets, body)
	}
	req, err := http.NewRequestWithContext(ctx, a.method, c.base+path+sep+q, nil) // one concatenation
	if err != nil {
		return invalid("path", "does not make a valid request: %v", err)
	}
	// The headers every call sends, their keys canonical already: one
	// array holds their values (one allocation, not one per header).
	vals := new([3]string)
	vals[0], vals[1] = "application/json", c.userAgent
	req.Header["Accept"] = vals[0:1:1]
	req.Header["User-Agent"] = vals[1:2:2]
	if body != nil {
		vals[2] = "application/json"
		req.Header["Content-Type"] = vals[2:3:3]
	}
	a.req = req
	return nil
}

// longestParam names the query parameter with the longest encoded value.
func longestParam(q string) string {
	name, n := "query", 0
	for _, kv := range strings.Split(q, "&") {
		k, v, _ := strings.Cut(kv, "=")
		if len(v) > n {
			if uk, err := url.QueryUnescape(k); err == nil {
				k = uk
			}
			name, n = k, len(v)
		}
	}
	return name
}

// send authorizes the attempt's request, waits for the rate limit and sends
// it through go-retryablehttp (checkRetry decides the tries). It returns the
// last answer, whatever its status, or a *url.Error with secrets redacted.
func (c *Client) send(a *attempt) (*http.Response, error) {
	req := a.req
	ctx := req.Context()
	tok, err := c.authorize(req)
	if err != nil {
		return nil, err
	}
	if tok != "" {
		a.secrets = append(a.secrets[:len(a.secrets):len(a.secrets)], tok) // never into the caller's array
	}
	if err := c.wait(ctx); err != nil {
		return nil, &url.Error{Op: req.Method, URL: a.redactedURL(), Err: err}
	}
	rreq := &retryablehttp.Request{Request: req}
	var rawBody any
	switch {
	case a.body != nil:
		rawBody = a.body
	case req.Body != nil && req.Body != http.NoBody:
		rawBody = req.Body
		if getBody := req.GetBody; getBody != nil {
			rawBody = retryablehttp.ReaderFunc(func() (io.Reader, error) { return getBody() })
		}
	}
	if rawBody != nil {
		n := req.ContentLength
		if err := rreq.SetBody(rawBody); err != nil {
			return nil, invalid("body", "cannot be read: %v", err)
		}
		if n > 0 {
			rreq.ContentLength = n
		}
		if !a.idempotent {
			// go-retryablehttp sets GetBody, and with it net/http's HTTP/2
			// transport replays a request whose stream the server reset
			// after reading it: a POST or PATCH must not be replayable.
			// (go-retryablehttp's own retries read the body anew; the
			// policy decides those.)
			rreq.GetBody = nil
		}
	}
	resp, err := c.rc.Do(rreq)
	if err == nil {
		return resp, nil
	}
	if resp != nil {
		resp.Body.Close()
	}
	var ue *url.Error
	if !errors.As(err, &ue) {
		ue = &url.Error{Op: req.Method, Err: err}
	}
	ue.URL = a.redactedURL()
	switch {
	case dnsNotFound(ue.Err):
		ue.Err = &hostNotFoundError{host: req.URL.Hostname(), err: ue.Err}
	case !a.idempotent && ctx.Err() == nil && networkError(ue.Err) && !neverConnected(ue.Err):
		ue.Err = &notResentError{method: req.Method, err: ue.Err}
	}
	ue.Err = a.scrub().error(ue.Err)
	return nil, ue
}

// decode turns a non-2xx answer into an *APIError, and decodes a successful
// one into a.out (see decodeBody). It closes the answer's body, whatever it
// held, through the transport's bounded drain (see bodyReader).
func (c *Client) decode(a *attempt, resp *http.Response) error {
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		e := decodeError(resp, a.method, a.redactedURL(), a.scope)
		a.scrub().apiError(e)
		return e
	}
	if a.out == nil {
		return nil
	}
	return c.decodeBody(a, resp)
}

// scrub returns the scrubber of the call's secrets, made on first use (a
// call that succeeds without logging never needs one).
func (a *attempt) scrub() scrubber {
	if !a.scMade {
		a.sc, a.scMade = newScrubber(a.secrets), true
	}
	return a.sc
}

// redactedURL renders the request's URL with its secrets redacted, once and
// only when a log line or an error needs it.
func (a *attempt) redactedURL() string {
	if a.url == "" && a.req != nil {
		a.url = a.scrub().string(redactURL(a.req.URL))
	}
	return a.url
}

type attemptKey struct{}

func attemptOf(ctx context.Context) *attempt {
	a, _ := ctx.Value(attemptKey{}).(*attempt)
	return a
}

// idempotent reports whether a method may be sent again after the server may
// have processed it.
func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodOptions:
		return true
	}
	return false
}

// authorize sets the Authorization of a request to the API's own origin and
// is the only place that reads the credential. It returns the secret it
// sent, if any.
func (c *Client) authorize(req *http.Request) (string, error) {
	if !c.sameOrigin(req.URL) {
		return "", nil
	}
	switch {
	case c.auth.ts != nil:
		t, err := c.auth.ts.Token()
		if err != nil {
			return "", fmt.Errorf("make: getting an OAuth 2.0 token: %w", err)
		}
		req.Header.Set("Authorization", "Bearer "+t.AccessToken)
		return t.AccessToken, nil
	case c.auth.token != "":
		req.Header.Set("Authorization", c.auth.header)
		return c.auth.token, nil
	}
	return "", nil
}
