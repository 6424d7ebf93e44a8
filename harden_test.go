package make_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	. "github.com/make-sdk/make-go"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Tests of issue 10's findings on the request path, over HTTP/1.1 and
// HTTP/2 (TLS, the SDK's default transport) where the transport matters.

// testServer starts handler over plain HTTP/1.1 or TLS with HTTP/2 and
// returns a client on it (no retries unless opts say so).
func testServer(t *testing.T, tp string, handler http.Handler, opts ...Option) (*httptest.Server, *Client) {
	t.Helper()
	srv := httptest.NewUnstartedServer(handler)
	startServer(t, srv, tp == "h2")
	return srv, serverClient(t, srv, tp == "h2", opts...)
}

// ---------------------------------------------------------------------------
// 2. Echoed secrets

// Secret values of the echo test (besides the sentinels of secrets_test.go).
const (
	sentinelResetHash      = "reset-SENTINEL-hash-77aa"
	sentinelInvitationHash = "invite-SENTINEL-hash-88bb"
)

// echoPaths are the error answers of the echo test: status, the form of the
// body, and how many attempts the client makes (a 429 is retried).
var echoPaths = []struct {
	status int
	form   string // json, html, text
}{
	{400, "json"}, {401, "json"}, {403, "json"}, {404, "json"}, {429, "json"}, {500, "json"},
	{502, "html"}, {400, "text"}, {503, "text"},
}

// echoEverything lists every piece of the request a server could echo: the
// Authorization header, the raw and decoded query and path, the raw body and
// each of its JSON strings.
func echoEverything(r *http.Request) []string {
	out := []string{r.Header.Get("Authorization"), strings.TrimPrefix(r.Header.Get("Authorization"), "Token "),
		r.URL.RawQuery, r.URL.Path, r.URL.EscapedPath()}
	for _, vs := range r.URL.Query() {
		out = append(out, vs...)
	}
	body, _ := io.ReadAll(r.Body)
	out = append(out, string(body))
	var v any
	if json.Unmarshal(body, &v) == nil {
		var walk func(v any)
		walk = func(v any) {
			switch v := v.(type) {
			case string:
				out = append(out, v)
			case map[string]any:
				for _, e := range v {
					walk(e)
				}
			case []any:
				for _, e := range v {
					walk(e)
				}
			}
		}
		walk(v)
	}
	return out
}

// echoServer answers every request with the error path's status and every
// piece of the request in every part of the answer: message, detail, code,
// suberrors, headers, an HTML title or a plain-text body.
func echoServer(path *atomic.Int32) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p := echoPaths[path.Load()]
		echo := echoEverything(r)
		all := strings.Join(echo, " | ")
		for i, e := range echo {
			w.Header().Add("X-Echo", strings.NewReplacer("\r", " ", "\n", " ").Replace(e))
			w.Header().Set("X-Echo-"+strconv.Itoa(i), url.QueryEscape(e))
		}
		w.Header().Set("Retry-After", "0")
		switch p.form {
		case "json":
			var subs []map[string]any
			for _, e := range echo {
				subs = append(subs, map[string]any{"message": "bad " + e, "code": e, "field": e})
			}
			b, _ := json.Marshal(map[string]any{"message": "Invalid token " + all, "detail": all, "code": echo[1], "suberrors": subs})
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(p.status)
			w.Write(b)
		case "html":
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(p.status)
			fmt.Fprintf(w, "<html><head><title>%s</title></head><body>%s</body></html>", html.EscapeString(all), all)
		default:
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(p.status)
			io.WriteString(w, "Invalid token "+all)
		}
	}
}

// TestSecrets_EchoedSecretsAreScrubbed is finding 2: every SDK method, its
// secrets echoed by the server into every part of every error answer (and
// the retried 429), with Debug logging: no secret reaches Error(), a fmt
// verb, a field of the *APIError or a log line.
func TestSecrets_EchoedSecretsAreScrubbed(t *testing.T) {
	tr := newTranscript()
	sentinels := []string{sentinelToken, sentinelPassword, sentinelNewPassword, sentinelTFA, sentinelResetHash, sentinelInvitationHash}
	secrets := secretValues{Password: sentinelPassword, NewPassword: sentinelNewPassword, TFA: sentinelTFA,
		ResetHash: sentinelResetHash, InvitationHash: sentinelInvitationHash}
	var path atomic.Int32
	srv := httptest.NewServer(echoServer(&path))
	t.Cleanup(srv.Close)
	client, err := NewClient("", sentinelToken, WithBaseURL(srv.URL+"/api/v2"), WithLogger(tr.logger),
		WithRetry(RetryConfig{MaxRetries: 1, MaxWait: time.Millisecond}))
	require.NoError(t, err)
	calls, echoed := 0, 0
	for i, p := range echoPaths {
		path.Store(int32(i))
		for _, m := range allMethods {
			calls++
			_, err := m.call(ctx(t), client, secrets)
			var e *APIError
			if !assert.ErrorAs(t, err, &e, "%s, %d %s", m, p.status, p.form) {
				continue
			}
			assert.Equal(t, p.status, e.StatusCode)
			assert.Contains(t, string(e.Body)+e.Message, Redacted, "%s: the echo was there, and scrubbed", m)
			echoed++
			tr.record(err)
			tr.record(*e)
			tr.record(e.Header)
			tr.record(string(e.Body))
			tr.record(e.Suberrors)
			for _, s := range e.Suberrors {
				tr.record(string(s.Raw))
			}
			tr.logger.Info("api error", "err", err, "apiError", e)
		}
	}
	all := tr.all()
	leaks := 0
	for _, s := range sentinels {
		leaks += strings.Count(all, s)
	}
	tr.assertClean(t, sentinels)
	t.Logf("echoed secrets: %d methods × %d error paths = %d calls (%d echoed errors); %d bytes of errors, fields and logs; %d leaks",
		len(allMethods), len(echoPaths), calls, echoed, len(all), leaks)
}

// ---------------------------------------------------------------------------
// 3. Memory

// TestDecode_MemoryBound is finding 3: a body whose shape decodes to far
// more than its bytes (empty objects into []User) is refused with
// ErrResponseTooLarge before it is decoded; the same bytes into a type that
// does not amplify them decode.
func TestDecode_MemoryBound(t *testing.T) {
	n := int(DecodeBudget(0)/(SliceGrowth*int64(reflect.TypeOf(User{}).Size()))) + 1000
	body := `{"users":[` + strings.Repeat(`{},`, n-1) + `{}],"pg":{}}`
	mux := http.NewServeMux()
	mux.HandleFunc("/api/v2/users", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, body) })
	_, client := testServer(t, "http1", mux)
	_, err := client.Users.List(ctx(t), &ListUsersOptions{OrganizationID: 1})
	var de *DecodeError
	require.ErrorAs(t, err, &de)
	assert.ErrorIs(t, err, ErrResponseTooLarge)
	t.Logf("%d KiB of empty objects into []User: %v", len(body)>>10, err)

	req, err := client.NewRequest(ctx(t), http.MethodGet, "users", nil, nil)
	require.NoError(t, err)
	var skipped struct{ Pg Pagination }
	require.NoError(t, client.Do(req, &skipped), "the same body into a type without the array decodes")
}

// ---------------------------------------------------------------------------
// 4. The credential stays on the API's origin

func TestDo_CredentialOnlyToTheAPIOrigin(t *testing.T) {
	for _, tp := range matrixTransports {
		t.Run(tp, func(t *testing.T) {
			other := newHostRecorder(t, tp == "h2")
			mux := http.NewServeMux()
			var own atomic.Value
			mux.HandleFunc("/api/v2/users/me", func(w http.ResponseWriter, r *http.Request) {
				own.Store(r.Header.Get("Authorization"))
				writeJSON(w, 200, `{"authUser":{"id":1}}`)
			})
			srv, client := testServer(t, tp, mux)
			req, err := client.NewRequest(ctx(t), http.MethodGet, "users/me", nil, nil)
			require.NoError(t, err)
			require.NoError(t, client.Do(req, nil))
			assert.Equal(t, "Token "+testToken, own.Load(), "the API's own host gets the credential")

			own.Store("not asked")
			for _, u := range []string{other.URL + "/invoice.pdf", strings.Replace(srv.URL, "127.0.0.1", "localhost", 1) + "/api/v2/users/me"} {
				req, err := http.NewRequestWithContext(ctx(t), http.MethodGet, u, nil)
				require.NoError(t, err)
				_ = client.Do(req, nil)
			}
			require.NotEmpty(t, other.headers(), "the other host was asked")
			for _, h := range other.headers() {
				assert.Empty(t, h.Get("Authorization"), "no credential to another host")
			}
			assert.NotEqual(t, "Token "+testToken, own.Load(), "no credential to another host name of the same server")
		})
	}
}

// ---------------------------------------------------------------------------
// 5. A write's redirect is not followed

func TestDo_WriteRedirectsAreNotFollowed(t *testing.T) {
	for _, tp := range matrixTransports {
		for _, status := range []int{301, 302, 303, 307, 308} {
			for _, c := range matrixClasses[1:] { // PUT, PATCH, DELETE, POST
				t.Run(fmt.Sprintf("%s/%d/%s", tp, status, c.method), func(t *testing.T) {
					var followed atomic.Int32
					mux := http.NewServeMux()
					mux.HandleFunc("/elsewhere", func(w http.ResponseWriter, r *http.Request) {
						followed.Add(1)
						writeJSON(w, 200, `{"authUser":{"id":1},"changed":true,"user":{"id":1,"name":"x"},"ok":1}`)
					})
					mux.HandleFunc("/api/v2/", func(w http.ResponseWriter, r *http.Request) {
						http.Redirect(w, r, "/elsewhere", status)
					})
					_, client := testServer(t, tp, mux)
					_, err := c.call(ctx(t), client)
					var e *APIError
					require.ErrorAs(t, err, &e)
					assert.Equal(t, status, e.StatusCode)
					assert.Contains(t, err.Error(), "redirect, not followed")
					assert.Zero(t, followed.Load(), "the redirect was not followed")
				})
			}
		}
	}
}

// ---------------------------------------------------------------------------
// 6. No connection churn

// TestRetry_GivingUpKeepsConnections is finding 6: calls answered 503 until
// their retries run out, from one client and `concurrency` goroutines, open
// at most `concurrency` connections (go-retryablehttp closed the idle ones
// of the whole client each time a call gave up). MAKE_CHURN_CALLS sets the
// number of calls (default 1000).
func TestRetry_GivingUpKeepsConnections(t *testing.T) {
	calls := 1000
	if n, err := strconv.Atoi(os.Getenv("MAKE_CHURN_CALLS")); err == nil && n > 0 {
		calls = n
	}
	// 64 callers (the default transport's MaxConnsPerHost), and one, whose
	// connection is idle whenever its call gives up.
	for _, cell := range []struct {
		tp          string
		concurrency int
	}{{"http1", 64}, {"h2", 64}, {"http1", 1}, {"h2", 1}} {
		tp, concurrency := cell.tp, cell.concurrency
		t.Run(fmt.Sprintf("%s/%d", tp, concurrency), func(t *testing.T) {
			var conns atomic.Int32
			srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				writeJSON(w, 503, `{"message":"Service unavailable"}`)
			}))
			srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
				if s == http.StateNew {
					conns.Add(1)
				}
			}
			startServer(t, srv, tp == "h2")
			client := serverClient(t, srv, tp == "h2", WithRetry(RetryConfig{MaxRetries: 1}))
			var next atomic.Int32
			var wg sync.WaitGroup
			start := time.Now()
			for range concurrency {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for next.Add(1) <= int32(calls) {
						_, err := client.Users.Me(context.Background(), nil)
						assert.ErrorIs(t, err, ErrServer)
					}
				}()
			}
			wg.Wait()
			// A few more over HTTP/1.1 under load: net/http closes a
			// connection whose request write it has not seen finish within
			// 50 ms of the response (maxWriteWaitBeforeConnReuse), and a
			// lone caller may dial while its connection is on its way back
			// to the pool. Churn was thousands.
			assert.LessOrEqual(t, int(conns.Load()), concurrency+4, "connections opened")
			t.Logf("%s: %d calls answered 503 (2 attempts each) from %d goroutines opened %d connections in %s",
				tp, calls, concurrency, conns.Load(), time.Since(start).Round(time.Millisecond))
		})
	}
}

// ---------------------------------------------------------------------------
// 7. Early return

// TestDecode_ReturnsWhenTheAnswerIsComplete is finding 7: a server that
// trickles bytes after a complete JSON value (or after a first byte that
// cannot start one) does not hold the call.
func TestDecode_ReturnsWhenTheAnswerIsComplete(t *testing.T) {
	for _, tp := range matrixTransports {
		for name, first := range map[string]string{"complete value": `{"authUser":{"id":7}}`, "invalid at byte 1": `<`} {
			t.Run(tp+"/"+name, func(t *testing.T) {
				stop := make(chan struct{})
				mux := http.NewServeMux()
				mux.HandleFunc("/api/v2/users/me", func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "application/json")
					io.WriteString(w, first)
					w.(http.Flusher).Flush()
					for {
						select {
						case <-stop:
							return
						case <-r.Context().Done():
							return
						case <-time.After(50 * time.Millisecond):
							io.WriteString(w, " ")
							w.(http.Flusher).Flush()
						}
					}
				})
				_, client := testServer(t, tp, mux)
				defer close(stop)
				type result struct {
					me  *User
					err error
					d   time.Duration
				}
				done := make(chan result, 1)
				go func() {
					start := time.Now()
					me, err := client.Users.Me(context.Background(), nil) // no deadline
					done <- result{me, err, time.Since(start)}
				}()
				select {
				case r := <-done:
					if first == `<` {
						var se *json.SyntaxError
						assert.ErrorAs(t, r.err, &se)
					} else {
						require.NoError(t, r.err)
						assert.Equal(t, int64(7), r.me.ID)
					}
					t.Logf("%s, %s, the server trickling after it: the call returned in %s", tp, name, r.d)
				case <-time.After(10 * time.Second):
					t.Fatal("the call waits for the trickling server")
				}
			})
		}
	}
}

// TestReadValue checks where ReadValue stops and what it refuses.
func TestReadValue(t *testing.T) {
	for body, want := range map[string]string{
		`{"a":"}]\"x"} trailing`: `{"a":"}]\"x"}`,
		` [1,[2],{}]`:            ` [1,[2],{}]`,
		`"str\"ing" x`:           `"str\"ing"`,
		`123`:                    `123`,
		`true `:                  `true`,
	} {
		got, err := ReadValue(strings.NewReader(body), -1, 1<<10)
		require.NoError(t, err, body)
		assert.Equal(t, want, string(got))
	}
	_, err := ReadValue(strings.NewReader(`{"a":1`), -1, 1<<10)
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
	_, err = ReadValue(strings.NewReader(`{"a":1,,`), -1, 1<<10)
	var se *json.SyntaxError
	assert.ErrorAs(t, err, &se, "a syntax error before the end of the body")
	_, err = ReadValue(strings.NewReader(`<html>`), -1, 1<<10)
	assert.ErrorAs(t, err, &se, "invalid at byte 1")
	_, err = ReadValue(strings.NewReader(`[`+strings.Repeat(`1,`, 100)+`1]`), -1, 64)
	assert.ErrorIs(t, err, ErrResponseTooLarge)
}

// ---------------------------------------------------------------------------
// 8. Retry-After

func TestRetryAfter_OverflowAndDateFormats(t *testing.T) {
	now := time.Now()
	for _, v := range []string{"9223372037", "99999999999999999999999", "18446744073709551615"} {
		d, ok := ParseRetryAfter(v, now)
		assert.True(t, ok, v)
		assert.Greater(t, d, 100*365*24*time.Hour, "%s is a very long wait, not a negative one", v)
		e := &APIError{Header: http.Header{"Retry-After": {v}}}
		d, ok = e.RetryAfter()
		assert.True(t, ok)
		assert.GreaterOrEqual(t, d, time.Duration(0), "RetryAfter() is never negative")
		assert.Equal(t, 30*time.Second, Backoff(time.Second, 30*time.Second, 0, &http.Response{StatusCode: 429, Header: e.Header}))
	}
	at := now.Add(20 * time.Second).UTC()
	for name, v := range map[string]string{"RFC 1123": at.Format(http.TimeFormat), "RFC 850": at.Format(time.RFC850),
		"asctime": at.Format(time.ANSIC)} {
		resp := &http.Response{StatusCode: 503, Header: http.Header{"Retry-After": {v}}}
		assert.InDelta(t, float64(20*time.Second), float64(Backoff(time.Millisecond, time.Minute, 0, resp)), float64(2*time.Second), "%s date honoured by the wait", name)
		d, ok := (&APIError{Header: resp.Header}).RetryAfter()
		assert.True(t, ok, name)
		assert.InDelta(t, float64(20*time.Second), float64(d), float64(2*time.Second), name)
	}
}

// TestRetry_HugeRetryAfterWaitsMaxWait: a Retry-After that overflowed gave
// a negative wait (4 attempts in no time); it waits MaxWait.
func TestRetry_HugeRetryAfterWaitsMaxWait(t *testing.T) {
	var n atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("/api/v2/users/me", failThen(100, 429, "9223372037", limitBody, `{}`, &n))
	_, client := testServer(t, "http1", mux, WithRetry(RetryConfig{MaxRetries: 2, MinWait: 40 * time.Millisecond, MaxWait: 80 * time.Millisecond}))
	start := time.Now()
	_, err := client.Users.Me(ctx(t), nil)
	assert.ErrorIs(t, err, ErrRateLimited)
	assert.Equal(t, int32(3), n.Load())
	assert.GreaterOrEqual(t, time.Since(start), 160*time.Millisecond, "two waits of MaxWait")
}

// ---------------------------------------------------------------------------
// 11. Errors that a retry cannot fix

func TestRetry_NoSuchHostIsNotRetried(t *testing.T) {
	var dials atomic.Int32
	tr := testTransport(t, false)
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		dials.Add(1)
		host, _, _ := net.SplitHostPort(addr)
		return nil, &net.OpError{Op: "dial", Net: network, Err: &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}}
	}
	client, err := NewClient("eu3.make.com", testToken, WithHTTPClient(&http.Client{Transport: tr}),
		WithRetry(RetryConfig{MaxRetries: 3, MinWait: 50 * time.Millisecond, MaxWait: 50 * time.Millisecond}))
	require.NoError(t, err)
	_, err = client.Users.Me(ctx(t), nil)
	var de *net.DNSError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, int32(1), dials.Load(), "a host that does not exist is asked once")
	assert.Contains(t, err.Error(), "eu3.make.com does not exist")
	assert.Contains(t, err.Error(), "check the zone")
	assert.Contains(t, err.Error(), "eu1.make.com")
}

func TestRetry_NonNetworkTransportErrorIsNotRetried(t *testing.T) {
	mock := &countingTransport{rt: httpmock.NewMockTransport()}
	client, err := NewClient("", testToken, WithBaseURL("https://eu1.make.com/api/v2"), WithHTTPClient(&http.Client{Transport: mock}),
		WithRetry(RetryConfig{MaxRetries: 3, MinWait: 50 * time.Millisecond, MaxWait: 50 * time.Millisecond}))
	require.NoError(t, err)
	_, err = client.Users.Me(ctx(t), nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "no responder found")
	assert.Equal(t, int32(1), mock.n.Load(), "a missing responder is not retried")
	var ue *url.Error
	require.ErrorAs(t, err, &ue)
	assert.False(t, NetworkError(ue.Err))
	assert.True(t, NetworkError(io.ErrUnexpectedEOF))
	assert.True(t, NetworkError(&net.OpError{Op: "read", Err: errors.New("connection reset by peer")}))
}

// ---------------------------------------------------------------------------
// 12. Smaller ones

func TestWithBaseURL_RefusesQueryAndFragment(t *testing.T) {
	for _, u := range []string{"https://h.example/api/v2?", "https://h.example/api/v2?a=1", "https://h.example/api/v2#", "https://h.example/api/v2#x"} {
		_, err := NewClient("", testToken, WithBaseURL(u))
		testRefused(t, err, "baseURL")
	}
}

func TestNewRequest_SecretQueryIsSentAndRedacted(t *testing.T) {
	var got atomic.Value
	mux := http.NewServeMux()
	mux.HandleFunc("/api/v2/custom", func(w http.ResponseWriter, r *http.Request) {
		got.Store(r.URL.Query().Get("code"))
		writeJSON(w, 400, `{"message":"bad code `+r.URL.Query().Get("code")+`"}`)
	})
	_, client := testServer(t, "http1", mux)
	q := struct {
		Code Secret `url:"code"`
	}{"code-SENTINEL-42"}
	req, err := client.NewRequest(ctx(t), http.MethodGet, "custom", q, nil)
	require.NoError(t, err)
	err = client.Do(req, nil)
	assert.Equal(t, "code-SENTINEL-42", got.Load(), "the Secret's value is sent")
	require.Error(t, err)
	assert.NotContains(t, fmt.Sprintf("%v %+v", err, err), "code-SENTINEL-42", "and Redacted from the error")
}

func TestRequestSizeLimits(t *testing.T) {
	_, err := NewClient("", strings.Repeat("t", 2<<10), WithBaseURL("http://127.0.0.1:1/api/v2"))
	testRefused(t, err, "token")

	client, mux := setup(t)
	noRequests(t, mux)
	_, err = client.Users.List(ctx(t), &ListUsersOptions{OrganizationID: 1, Email: strings.Repeat("a", 1<<20) + "@example.com"})
	testRefused(t, err, "email")
	_, err = client.Organizations.CreateVariable(ctx(t), 1, &CreateVariableRequest{Name: "big", Value: StringValue(strings.Repeat("v", 10<<20))})
	testRefused(t, err, "body")
}

// TestReadValue_EmptyAndCutShort: an empty body is io.EOF (no value), a
// body cut short wraps io.ErrUnexpectedEOF once.
func TestReadValue_EmptyAndCutShort(t *testing.T) {
	_, err := ReadValue(strings.NewReader("  "), -1, 1<<10)
	assert.Equal(t, io.EOF, err)
	_, err = ReadValue(io.MultiReader(strings.NewReader(`{"a":`), iotest{io.ErrUnexpectedEOF}), -1, 1<<10)
	assert.Equal(t, io.ErrUnexpectedEOF, err)
	_, err = ReadValue(io.MultiReader(strings.NewReader(`{"a":`), iotest{errors.New("stream error: INTERNAL_ERROR")}), -1, 1<<10)
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
	assert.Contains(t, err.Error(), "INTERNAL_ERROR")
}

// iotest is a reader that fails with err.
type iotest struct{ err error }

func (r iotest) Read([]byte) (int, error) { return 0, r.err }

// TestDo_NoRedirectFromHTTPSToHTTP: a GET's redirect is followed, but never
// from https down to plain http.
func TestDo_NoRedirectFromHTTPSToHTTP(t *testing.T) {
	plain := newHostRecorder(t, false)
	mux := http.NewServeMux()
	mux.HandleFunc("/api/v2/users/me", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, plain.URL+"/users/me", http.StatusFound)
	})
	_, client := testServer(t, "h2", mux)
	_, err := client.Users.Me(ctx(t), nil)
	var e *APIError
	require.ErrorAs(t, err, &e)
	assert.Equal(t, http.StatusFound, e.StatusCode)
	assert.Contains(t, err.Error(), "never from https to http")
	assert.Zero(t, plain.count.Load(), "the plain-http host was not asked")
}
