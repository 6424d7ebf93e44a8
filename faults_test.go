package make_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	. "github.com/make-sdk/make-go"

	"github.com/make-sdk/make-go/maketest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The fault matrix: every fault of the list below crossed with one SDK method
// of each method class, each cell run against a fresh maketest server. A cell
// checks how many attempts the server saw, whether the client retried, the
// error the caller gets and what it carries, and that no POST or PATCH reached
// the server twice (except after a 429, which Make refuses unprocessed).
// Retried faults are also run as transient ones (the fault twice, then the
// real answer): the call then succeeds and its effect happens once.
//
// The matrix runs twice: over plain HTTP/1.1, and over https with HTTP/2
// through the SDK's default transport (the fake with WithTLS), as Make is
// reached. TestFaultMatrix_H2Streams adds the HTTP/2 faults net/http's
// server cannot produce (a stream reset after or before the body was read,
// a GOAWAY), from the raw HTTP/2 server of h2_test.go.
//
// TestFaultMatrix also checks that README.md's Reliability table is the one
// this matrix proves.

// matrixRetry is the retry policy of the matrix: 3 retries, 1–5 ms apart.
var matrixRetry = RetryConfig{MaxRetries: 3, MinWait: time.Millisecond, MaxWait: 5 * time.Millisecond}

// methodClass is one representative SDK method of an HTTP method.
type methodClass struct {
	method, path string // what the fake sees, relative to /api/v2
	operation    string // the catalogue's operationId, for maketest.Fault
	idempotent   bool
	hasBody      bool
	// call runs the SDK method and summarizes its result.
	call func(ctx context.Context, c *Client) (string, error)
	// want is call's summary when the fake answers normally; effect checks
	// the fake's state after such an answer.
	want   string
	effect func(t *testing.T, srv *maketest.Server)
}

var matrixClasses = []methodClass{
	{
		method: http.MethodGet, path: "/users/me", operation: "usersGetMe", idempotent: true,
		call: func(ctx context.Context, c *Client) (string, error) {
			me, err := c.Users.Me(ctx, nil)
			if me == nil {
				return "no user", err
			}
			return fmt.Sprintf("user %d", me.ID), err
		},
		want:   "user 1",
		effect: func(*testing.T, *maketest.Server) {},
	},
	{
		method: http.MethodPut, path: "/users/1/attributes/email", operation: "usersUpdateEmail", idempotent: true, hasBody: true,
		call: func(ctx context.Context, c *Client) (string, error) {
			ch, err := c.Users.UpdateEmail(ctx, 1, &UpdateEmailRequest{
				CurrentEmailAddress: "jane@example.com", NewEmailAddress: "jane.new@example.com", CurrentPassword: maketest.DefaultPassword})
			if ch == nil {
				return "no change", err
			}
			return fmt.Sprintf("changed %v", ch.Changed), err
		},
		want: "changed true",
		effect: func(t *testing.T, srv *maketest.Server) {
			u, _ := srv.User(1)
			assert.Equal(t, "jane.new@example.com", u.Email)
		},
	},
	{
		method: http.MethodPatch, path: "/users/1", operation: "usersUpdate", hasBody: true,
		call: func(ctx context.Context, c *Client) (string, error) {
			u, err := c.Users.Update(ctx, 1, &UpdateUserRequest{Name: "Jane Patched"})
			if u == nil {
				return "no user", err
			}
			return "name " + u.Name, err
		},
		want: "name Jane Patched",
		effect: func(t *testing.T, srv *maketest.Server) {
			u, _ := srv.User(1)
			assert.Equal(t, "Jane Patched", u.Name)
		},
	},
	{
		method: http.MethodDelete, path: "/users", operation: "usersDeleteCurrent", idempotent: true, hasBody: true,
		call: func(ctx context.Context, c *Client) (string, error) {
			id, err := c.Users.DeleteCurrent(ctx, &DeleteCurrentUserRequest{CurrentPassword: maketest.DefaultPassword})
			return fmt.Sprintf("deleted %d", id), err
		},
		want: "deleted 1",
		effect: func(t *testing.T, srv *maketest.Server) {
			u, _ := srv.User(1)
			assert.True(t, u.Deleted, "user 1 is deleted")
		},
	},
	{
		method: http.MethodPost, path: "/users/password-reset-demand", operation: "usersSendPasswordResetDemand", hasBody: true,
		call: func(ctx context.Context, c *Client) (string, error) {
			err := c.Users.SendPasswordResetDemand(ctx, "jane@example.com")
			return "sent", err
		},
		want: "sent",
		effect: func(t *testing.T, srv *maketest.Server) {
			assert.NotEmpty(t, srv.ResetHash("jane@example.com"), "the reset email was demanded")
		},
	},
}

// retryRule says for which methods a fault is retried.
type retryRule int

const (
	retryNone       retryRule = iota
	retryIdempotent           // GET, PUT, DELETE
	retryAll                  // every method: the server cannot have processed it
)

// cellEnv is what a cell's check sees.
type cellEnv struct {
	class   methodClass
	elapsed time.Duration
	other   *hostRecorder // the redirect target
}

// fault is one row of the matrix.
type fault struct {
	name  string
	fault maketest.Fault // Method, Path and Times are set per cell
	retry retryRule
	// refused points the client at a port nothing listens on; hang gives the
	// call a short deadline; redirect sends a 307 to another host.
	refused, hang, redirect bool
	// outcome is the README's description of what the caller gets.
	outcome string
	check   func(t *testing.T, env cellEnv, result string, err error)
}

// apiErr checks that err is an *APIError of status for the cell's request
// and returns it.
func apiErr(t *testing.T, env cellEnv, err error, status int) *APIError {
	t.Helper()
	var e *APIError
	require.ErrorAs(t, err, &e)
	assert.Equal(t, status, e.StatusCode)
	assert.Equal(t, env.class.method, e.Method)
	assert.True(t, strings.HasSuffix(e.URL, "/api/v2"+env.class.path), "URL %q names the request", e.URL)
	assert.NotContains(t, err.Error(), "giving up", "Make's answer, not retryablehttp's")
	return e
}

// decodeErr checks that err is a *DecodeError of a 200 for the cell's
// request and returns it.
func decodeErr(t *testing.T, env cellEnv, err error) *DecodeError {
	t.Helper()
	var e *DecodeError
	require.ErrorAs(t, err, &e)
	assert.Equal(t, http.StatusOK, e.StatusCode)
	assert.Equal(t, env.class.method, e.Method)
	assert.True(t, strings.HasSuffix(e.URL, "/api/v2"+env.class.path), "URL %q names the request", e.URL)
	return e
}

// connErr checks that err is a *url.Error of the cell's request.
func connErr(t *testing.T, env cellEnv, err error) *url.Error {
	t.Helper()
	var e *url.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, env.class.method, strings.ToUpper(e.Op))
	assert.True(t, strings.HasSuffix(e.URL, "/api/v2"+env.class.path), "URL %q names the request", e.URL)
	return e
}

const (
	plain429 = "Too many requests, slow down."
	html502  = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>"
)

func faults() []fault {
	limit := maketest.MakeErrorBody(maketest.RateLimitMessage, maketest.CodeRateLimited, "")
	check429 := func(retryAfter time.Duration, has bool) func(*testing.T, cellEnv, string, error) {
		return func(t *testing.T, env cellEnv, _ string, err error) {
			e := apiErr(t, env, err, 429)
			assert.ErrorIs(t, err, ErrRateLimited)
			assert.Equal(t, maketest.CodeRateLimited, e.Code)
			assert.Equal(t, maketest.RateLimitMessage, e.Message)
			d, ok := e.RetryAfter()
			assert.Equal(t, has, ok, "Retry-After present")
			assert.InDelta(t, float64(retryAfter), float64(d), float64(5*time.Second))
			assert.Less(t, env.elapsed, time.Second, "the waits are capped by MaxWait (5 ms), not Retry-After")
		}
	}
	fs := []fault{
		{name: "429, Retry-After in seconds", retry: retryAll,
			fault:   maketest.Fault{Status: 429, Body: limit, Header: http.Header{"Retry-After": {"1"}}},
			outcome: "`*APIError` 429 `SC429` with Make's message; `RetryAfter()` = 1 s; waits capped by `MaxWait`",
			check:   check429(time.Second, true)},
		{name: "429, Retry-After as an HTTP date", retry: retryAll,
			fault:   maketest.Fault{Status: 429, Body: limit, Header: http.Header{"Retry-After": {time.Now().Add(time.Hour).UTC().Format(http.TimeFormat)}}},
			outcome: "`*APIError` 429; `RetryAfter()` ≈ 1 h; waits capped by `MaxWait`",
			check:   check429(time.Hour, true)},
		{name: "429, no Retry-After", retry: retryAll,
			fault:   maketest.Fault{Status: 429, Body: limit},
			outcome: "`*APIError` 429 (exponential waits)",
			check:   check429(0, false)},
		{name: "429, plain-text body", retry: retryAll,
			fault:   maketest.Fault{Status: 429, Body: plain429 + "\n", ContentType: "text/plain; charset=utf-8"},
			outcome: "`*APIError` 429, `Message` = the text",
			check: func(t *testing.T, env cellEnv, _ string, err error) {
				e := apiErr(t, env, err, 429)
				assert.Equal(t, plain429, e.Message)
				assert.Empty(t, e.Code)
				assert.Contains(t, err.Error(), plain429)
			}},
	}
	for _, status := range []int{500, 502, 503, 504} {
		code := fmt.Sprintf("SC%d", status)
		fs = append(fs,
			fault{name: fmt.Sprintf("%d, JSON body", status), retry: retryIdempotent,
				fault:   maketest.Fault{Status: status, Body: maketest.MakeErrorBody("Service failed", code, "try later")},
				outcome: fmt.Sprintf("`*APIError` %d with Make's code, message and detail; `ErrServer`", status),
				check: func(t *testing.T, env cellEnv, _ string, err error) {
					e := apiErr(t, env, err, status)
					assert.ErrorIs(t, err, ErrServer)
					assert.Equal(t, code, e.Code)
					assert.Equal(t, "Service failed", e.Message)
					assert.Equal(t, "try later", e.Detail)
				}},
			fault{name: fmt.Sprintf("%d, HTML body", status), retry: retryIdempotent,
				fault:   maketest.Fault{Status: status, Body: html502, ContentType: "text/html"},
				outcome: fmt.Sprintf("`*APIError` %d, `Message` = the page's title", status),
				check: func(t *testing.T, env cellEnv, _ string, err error) {
					e := apiErr(t, env, err, status)
					assert.ErrorIs(t, err, ErrServer)
					assert.Equal(t, "502 Bad Gateway", e.Message)
					assert.Equal(t, html502, string(e.Body))
				}},
			fault{name: fmt.Sprintf("%d, empty body", status), retry: retryIdempotent,
				fault:   maketest.Fault{Status: status},
				outcome: fmt.Sprintf("`*APIError` %d, the status text", status),
				check: func(t *testing.T, env cellEnv, _ string, err error) {
					e := apiErr(t, env, err, status)
					assert.ErrorIs(t, err, ErrServer)
					assert.Empty(t, e.Message)
					assert.Empty(t, e.Body)
					assert.Contains(t, err.Error(), fmt.Sprintf("%d %s", status, http.StatusText(status)))
				}},
		)
	}
	fs = append(fs,
		fault{name: "connection refused", retry: retryAll, refused: true,
			outcome: "`*url.Error` (dial: connection refused); the server saw nothing",
			check: func(t *testing.T, env cellEnv, _ string, err error) {
				connErr(t, env, err)
				assert.True(t, NeverConnected(err), "a dial error: %v", err)
			}},
		fault{name: "connection reset before any response", retry: retryIdempotent,
			fault:   maketest.Fault{Reset: true},
			outcome: "`*url.Error` (EOF / connection reset)",
			check: func(t *testing.T, env cellEnv, _ string, err error) {
				connErr(t, env, err)
				assert.False(t, NeverConnected(err), "the request was sent: %v", err)
			}},
		fault{name: "200, body cut off mid-JSON", retry: retryNone,
			fault:   maketest.Fault{Status: 200, Truncate: true},
			outcome: "`*DecodeError` wrapping `io.ErrUnexpectedEOF`",
			check: func(t *testing.T, env cellEnv, _ string, err error) {
				decodeErr(t, env, err)
				assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
			}},
		fault{name: "server hangs past the context deadline", retry: retryNone, hang: true,
			fault:   maketest.Fault{Hang: true},
			outcome: "`*url.Error` wrapping `context.DeadlineExceeded`, at the deadline",
			check: func(t *testing.T, env cellEnv, _ string, err error) {
				connErr(t, env, err)
				assert.ErrorIs(t, err, context.DeadlineExceeded)
				assert.Less(t, env.elapsed, 2*time.Second, "returned at the deadline")
			}},
		fault{name: "200, invalid JSON", retry: retryNone,
			fault:   maketest.Fault{Status: 200, Body: `{"user": {"id": 1,, }`},
			outcome: "`*DecodeError` wrapping a `*json.SyntaxError`",
			check: func(t *testing.T, env cellEnv, _ string, err error) {
				decodeErr(t, env, err)
				var se *json.SyntaxError
				assert.ErrorAs(t, err, &se)
			}},
		fault{name: "200, HTML content type", retry: retryNone,
			fault:   maketest.Fault{Status: 200, Body: "<html><body>Logged out</body></html>", ContentType: "text/html; charset=utf-8"},
			outcome: "`*DecodeError`: the response is not JSON",
			check: func(t *testing.T, env cellEnv, _ string, err error) {
				e := decodeErr(t, env, err)
				assert.Equal(t, "text/html; charset=utf-8", e.ContentType)
				assert.Contains(t, err.Error(), "not JSON")
			}},
		fault{name: "200, 100 MiB body", retry: retryNone,
			fault:   maketest.Fault{Status: 200, BodySize: 100 << 20},
			outcome: "`*DecodeError` wrapping `ErrResponseTooLarge`, from the Content-Length, nothing read (a chunked body: read stops at 32 MiB)",
			check: func(t *testing.T, env cellEnv, _ string, err error) {
				decodeErr(t, env, err)
				assert.ErrorIs(t, err, ErrResponseTooLarge)
			}},
		fault{name: "503, 100 MiB body", retry: retryIdempotent,
			fault:   maketest.Fault{Status: 503, BodySize: 100 << 20},
			outcome: "`*APIError` 503 keeping the first 1 MiB of the body",
			check: func(t *testing.T, env cellEnv, _ string, err error) {
				e := apiErr(t, env, err, 503)
				assert.Len(t, e.Body, MaxErrorBody)
				assert.LessOrEqual(t, len(e.Message), 204)
			}},
		fault{name: "307 redirect to another host", retry: retryNone, redirect: true,
			outcome: "without a body: followed, no `Authorization` sent there; with a body: not followed (`*APIError` 307), the body stays on the API host",
			check: func(t *testing.T, env cellEnv, result string, err error) {
				for _, h := range env.other.headers() {
					assert.Empty(t, h.Get("Authorization"), "no Authorization reaches another host")
				}
				for _, b := range env.other.bodies() {
					assert.NotContains(t, b, maketest.DefaultPassword, "no password reaches another host")
				}
				if env.class.hasBody {
					e := apiErr(t, env, err, http.StatusTemporaryRedirect)
					assert.Equal(t, env.other.URL+"/elsewhere", e.Header.Get("Location"))
					assert.Zero(t, env.other.count.Load(), "a request body is not sent to another host")
					return
				}
				require.NoError(t, err)
				assert.Equal(t, "user 2", result, "the other host's answer")
				assert.Equal(t, int32(1), env.other.count.Load())
			}},
	)
	return fs
}

// attempts is how many attempts of class f makes: 1, or 1 + MaxRetries when
// it retries.
func (f fault) attempts(c methodClass) int {
	if f.retries(c) {
		return 1 + matrixRetry.MaxRetries
	}
	return 1
}

func (f fault) retries(c methodClass) bool {
	return f.retry == retryAll || (f.retry == retryIdempotent && c.idempotent)
}

// cellText is the README's cell: how many requests reached the server.
func (f fault) cellText(c methodClass) string {
	switch {
	case f.refused:
		return fmt.Sprintf("retried: %d dials, 0 sent", f.attempts(c))
	case f.retries(c):
		return fmt.Sprintf("retried: %d sent", f.attempts(c))
	case f.redirect && !c.hasBody:
		return "1 sent, then followed"
	case !c.idempotent && f.retry == retryIdempotent:
		return "**1 sent, not retried**"
	}
	return "1 sent"
}

// hostRecorder is another host a redirect points at.
type hostRecorder struct {
	*httptest.Server
	count atomic.Int32
	hdrs  atomic.Value // []http.Header
	bods  atomic.Value // []string
}

func newHostRecorder(t *testing.T, h2 bool) *hostRecorder {
	h := &hostRecorder{}
	h.hdrs.Store([]http.Header(nil))
	h.bods.Store([]string(nil))
	h.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.count.Add(1)
		b, _ := io.ReadAll(r.Body)
		h.hdrs.Store(append(h.headers(), r.Header.Clone()))
		h.bods.Store(append(h.bodies(), string(b)))
		writeJSON(w, 200, `{"authUser":{"id":2},"changed":true,"user":{"id":2,"name":"elsewhere"},"ok":1}`)
	}))
	startServer(t, h.Server, h2)
	return h
}

func (h *hostRecorder) headers() []http.Header { return h.hdrs.Load().([]http.Header) }
func (h *hostRecorder) bodies() []string       { return h.bods.Load().([]string) }

// countingTransport counts the attempts the client makes.
type countingTransport struct {
	rt http.RoundTripper
	n  atomic.Int32
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return c.rt.RoundTrip(r)
}

// deadAddress returns a loopback address nothing listens on.
func deadAddress(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	return addr
}

// cellRun is what one run of a cell saw.
type cellRun struct {
	env    cellEnv
	result string
	err    error
	srv    *maketest.Server
	tr     *countingTransport
}

// matrixTransports are the transports the matrix runs over: plain HTTP/1.1,
// and https with HTTP/2 through the SDK's own default transport, as Make is
// reached.
var matrixTransports = []string{"http1", "h2"}

// testTransport returns the SDK's default transport, trusting httptest's
// certificate (every httptest TLS server shares it) when h2.
func testTransport(t *testing.T, h2 bool) *http.Transport {
	tr := DefaultTransport()
	if h2 {
		ts := httptest.NewUnstartedServer(nil)
		ts.StartTLS()
		pool := x509.NewCertPool()
		pool.AddCert(ts.Certificate())
		ts.Close()
		tr.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	}
	return tr
}

// runCell runs one cell: the fault injected times times (-1: always).
func runCell(t *testing.T, tp string, f fault, c methodClass, times int) cellRun {
	t.Helper()
	h2 := tp == "h2"
	var srv *maketest.Server
	if h2 {
		srv = maketest.New(maketest.WithTLS())
	} else {
		srv = maketest.New()
	}
	t.Cleanup(srv.Close)
	env := cellEnv{class: c}
	base := srv.URL()
	switch {
	case f.refused && h2:
		base = "https://" + deadAddress(t) + "/api/v2"
	case f.refused:
		base = "http://" + deadAddress(t) + "/api/v2"
	case f.redirect:
		env.other = newHostRecorder(t, h2)
		srv.InjectFault(maketest.Fault{OperationID: c.operation, Times: times, Status: http.StatusTemporaryRedirect,
			Header: http.Header{"Location": {env.other.URL + "/elsewhere"}}})
	default:
		ft := f.fault
		ft.OperationID, ft.Times = c.operation, times
		srv.InjectFault(ft)
	}
	tr := &countingTransport{rt: testTransport(t, h2)}
	client, cerr := NewClient("", maketest.DefaultToken, WithBaseURL(base), WithRetry(matrixRetry),
		WithHTTPClient(&http.Client{Transport: tr}))
	require.NoError(t, cerr)
	timeout := 10 * time.Second
	if f.hang {
		timeout = 100 * time.Millisecond
	}
	cctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	start := time.Now()
	result, err := c.call(cctx, client)
	env.elapsed = time.Since(start)
	return cellRun{env, result, err, srv, tr}
}

func TestFaultMatrix(t *testing.T) {
	fs := faults()
	cells, passed, recoveries := 0, 0, 0
	for _, tp := range matrixTransports {
		// Made anew per transport: a Retry-After date is an hour from now.
		for _, f := range faults() {
			for _, c := range matrixClasses {
				cells++
				ok := t.Run(tp+"/"+f.name+"/"+c.method, func(t *testing.T) {
					run := runCell(t, tp, f, c, -1)
					f.check(t, run.env, run.result, run.err)

					want := f.attempts(c)
					assert.Equal(t, want, int(run.tr.n.Load())-int(run.env.other.countOr0()), "attempts the client made")
					sent := 0
					for _, r := range run.srv.Requests() {
						if r.Method == c.method && r.Path == c.path {
							sent++
						}
					}
					if f.refused {
						assert.Zero(t, sent, "nothing reached a server")
					} else {
						assert.Equal(t, want, sent, "attempts the server saw")
					}
					if !c.idempotent && f.retry != retryAll {
						assert.LessOrEqual(t, sent, 1, "a %s that may have been processed is never sent twice", c.method)
					}

					if f.retries(c) && !f.refused {
						// Transient: the fault twice, then Make's answer.
						recoveries++
						run := runCell(t, tp, f, c, 2)
						require.NoError(t, run.err, "the call recovers after two faults")
						assert.Equal(t, c.want, run.result)
						assert.Equal(t, int32(3), run.tr.n.Load(), "two faulted attempts and one answered")
						c.effect(t, run.srv)
					}
				})
				if ok {
					passed++
				}
			}
		}
	}
	t.Logf("fault matrix: %d faults × %d method classes = %d cells, %d passed (%d also recovered from a transient fault)",
		len(fs), len(matrixClasses), cells, passed, recoveries)

	t.Run("README", func(t *testing.T) {
		table := reliabilityTable(fs)
		readme, err := os.ReadFile("README.md")
		require.NoError(t, err)
		if !strings.Contains(string(readme), table) {
			t.Errorf("README.md's Reliability section does not hold the table the fault matrix proves; want:\n%s", table)
		}
	})
}

func (h *hostRecorder) countOr0() int32 {
	if h == nil {
		return 0
	}
	return h.count.Load()
}

// reliabilityTable renders the matrix as README.md's table.
func reliabilityTable(fs []fault) string {
	rows := make([][]string, len(fs))
	for i, f := range fs {
		rows[i] = []string{f.name}
		for _, c := range matrixClasses {
			rows[i] = append(rows[i], f.cellText(c))
		}
		rows[i] = append(rows[i], f.outcome)
	}
	return matrixTable("fault", "the caller gets", rows)
}

// matrixTable renders a Markdown table with a column per method class
// between the first column, first, and an optional last one (none if last
// is empty); a row holds every cell.
func matrixTable(first, last string, rows [][]string) string {
	head := []string{first}
	for _, c := range matrixClasses {
		head = append(head, c.method)
	}
	if last != "" {
		head = append(head, last)
	}
	var b strings.Builder
	line := func(cells []string) {
		b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
	}
	line(head)
	b.WriteString("|" + strings.Repeat("---|", len(head)) + "\n")
	for _, r := range rows {
		line(r)
	}
	return b.String()
}

// TestFaultMatrix_ResetOnWarmConnection checks the matrix's attempt counts
// against net/http's own retry of a request on a reused keep-alive
// connection: a POST reset on a warm connection reaches the server once.
func TestFaultMatrix_ResetOnWarmConnection(t *testing.T) {
	srv := maketest.New()
	t.Cleanup(srv.Close)
	client, err := NewClient("", maketest.DefaultToken, WithBaseURL(srv.URL()), WithRetry(matrixRetry))
	require.NoError(t, err)
	_, err = client.Users.Me(ctx(t), nil) // warms a keep-alive connection
	require.NoError(t, err)
	srv.InjectFault(maketest.Fault{OperationID: "usersSendPasswordResetDemand", Times: -1, Reset: true})
	err = client.Users.SendPasswordResetDemand(ctx(t), "jane@example.com")
	var ue *url.Error
	require.True(t, errors.As(err, &ue), "got %v", err)
	n := 0
	for _, r := range srv.Requests() {
		if r.Method == http.MethodPost {
			n++
		}
	}
	assert.Equal(t, 1, n, "the POST reached the server once")
}

// TestFaultMatrix_HugeChunkedBody streams 100 MiB without a Content-Length:
// the client stops reading at the 32 MiB cap with ErrResponseTooLarge. The
// matrix's 100 MiB row declares its length, which the client refuses
// unread; this is the streaming case, for one method (the decoding is the
// same for every method, and a 2xx is never retried).
func TestFaultMatrix_HugeChunkedBody(t *testing.T) {
	const size = 100 << 20
	var written atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"authUser":{"name":"`)
		w.(http.Flusher).Flush() // chunked: no Content-Length
		chunk := []byte(strings.Repeat("x", 64<<10))
		for written.Load() < size {
			n, err := w.Write(chunk)
			written.Add(int64(n))
			if err != nil {
				return
			}
		}
		io.WriteString(w, `"}}`)
	}))
	defer srv.Close()
	client, err := NewClient("", testToken, WithBaseURL(srv.URL), WithRetry(matrixRetry))
	require.NoError(t, err)
	_, err = client.Users.Me(ctx(t), nil)
	var de *DecodeError
	require.ErrorAs(t, err, &de)
	assert.ErrorIs(t, err, ErrResponseTooLarge)
	assert.Equal(t, http.StatusOK, de.StatusCode)
	srv.Close() // waits for the handler
	assert.Less(t, written.Load(), int64(size), "the client stopped reading before the end")
	assert.GreaterOrEqual(t, written.Load(), int64(MaxResponseBytes), "the client read up to the cap")
}

// h2Faults are the HTTP/2 rows of the fault matrix.
var h2Faults = []h2Fault{h2ResetAfterBody, h2ResetBeforeBody, h2GoAway}

// h2CellText is the README's cell for an HTTP/2 fault and a method class.
func h2CellText(f h2Fault, c methodClass) string {
	switch {
	case c.idempotent:
		return "recovers"
	case f == h2ResetAfterBody:
		return "**1 body read**, `*url.Error`"
	}
	return "0 read, `*url.Error`"
}

// h2Table renders the HTTP/2 rows as README.md's table.
func h2Table() string {
	rows := make([][]string, len(h2Faults))
	for i, f := range h2Faults {
		rows[i] = []string{f.README()}
		for _, c := range matrixClasses {
			rows[i] = append(rows[i], h2CellText(f, c))
		}
	}
	return matrixTable("HTTP/2 fault", "", rows)
}

// TestFaultMatrix_H2Streams is the fault matrix's HTTP/2 rows that
// net/http's server cannot produce: each fault happens once, then the
// server answers. An idempotent request recovers (net/http's transport or
// the SDK sends it again); a POST or PATCH is never sent twice and gets an
// error.
func TestFaultMatrix_H2Streams(t *testing.T) {
	for _, fault := range h2Faults {
		for _, c := range matrixClasses {
			t.Run(fault.String()+"/"+c.method, func(t *testing.T) {
				srv, h2, client := h2FaultOnce(t, fault, matrixRetry)
				cctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				defer cancel()
				result, err := c.call(cctx, client)
				if c.idempotent {
					require.NoError(t, err, "an idempotent request recovers")
					assert.Equal(t, c.want, result)
					c.effect(t, srv)
					return
				}
				var ue *url.Error
				require.ErrorAs(t, err, &ue)
				assert.False(t, errors.Is(err, context.DeadlineExceeded), "the error is the fault's, at once: %v", err)
				assert.LessOrEqual(t, h2.bodies.Load(), int32(1), "a %s is never sent twice", c.method)
				want := int32(0)
				if fault == h2ResetAfterBody {
					want = 1
				}
				assert.Equal(t, want, h2.bodies.Load(), "bodies the server read")
				assert.Equal(t, int32(1), h2.requests.Load(), "requests the server saw")
			})
		}
	}
}

// TestFaultMatrix_H2README checks that README.md's HTTP/2 table is the one
// TestFaultMatrix_H2Streams proves.
func TestFaultMatrix_H2README(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	if table := h2Table(); !strings.Contains(string(readme), table) {
		t.Errorf("README.md's Reliability section does not hold the HTTP/2 table the matrix proves; want:\n%s", table)
	}
}
