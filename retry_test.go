package make_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	. "github.com/make-sdk/make-go"

	"github.com/hashicorp/go-retryablehttp"
	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fastRetry retries quickly, for tests.
var fastRetry = WithRetry(RetryConfig{MaxRetries: 3, MinWait: time.Millisecond, MaxWait: 5 * time.Millisecond})

// failThen answers the first n requests with status and body (and header
// Retry-After, if given), then 200 with ok.
func failThen(n int32, status int, retryAfter, body, ok string, count *atomic.Int32) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if count.Add(1) <= n {
			if retryAfter != "" {
				w.Header().Set("Retry-After", retryAfter)
			}
			writeJSON(w, status, body)
			return
		}
		writeJSON(w, 200, ok)
	}
}

const limitBody = `{"message":"Requests limit for organization exceeded, please try again later.","code":"SC429"}`

func TestRetry_429(t *testing.T) {
	past := time.Now().Add(-time.Minute).UTC().Format(http.TimeFormat)
	for name, retryAfter := range map[string]string{"seconds": "0", "date": past, "absent": ""} {
		t.Run(name, func(t *testing.T) {
			client, mux := setup(t, fastRetry)
			var n atomic.Int32
			mux.HandleFunc("POST /users/password-reset-demand", failThen(2, 429, retryAfter, limitBody, `{"ok":1}`, &n))
			require.NoError(t, client.Users.SendPasswordResetDemand(ctx(t), "a@example.com"), "429 is retried even for POST")
			assert.Equal(t, int32(3), n.Load())
		})
	}
}

func TestRetry_Backoff(t *testing.T) {
	resp := func(status int, retryAfter string) *http.Response {
		return &http.Response{StatusCode: status, Header: http.Header{"Retry-After": {retryAfter}}}
	}
	min, max := 100*time.Millisecond, 30*time.Second
	assert.Equal(t, 3*time.Second, Backoff(min, max, 0, resp(429, "3")), "Retry-After in seconds")
	assert.Equal(t, max, Backoff(min, max, 0, resp(429, "1743289")), "Retry-After is capped by MaxWait")
	date := time.Now().Add(10 * time.Second).UTC().Format(http.TimeFormat)
	got := Backoff(min, max, 0, resp(429, date))
	assert.InDelta(t, float64(10*time.Second), float64(got), float64(2*time.Second), "Retry-After as an HTTP date")
	far := time.Now().Add(484289 * time.Hour).UTC().Format(http.TimeFormat)
	assert.Equal(t, max, Backoff(min, max, 0, resp(429, far)), "a far date is capped")
	assert.Equal(t, min, Backoff(min, max, 0, resp(429, "")), "no Retry-After: exponential from MinWait")
	assert.Equal(t, 4*min, Backoff(min, max, 2, resp(503, "")))
	assert.Equal(t, max, Backoff(min, max, 30, nil))
}

func TestRetry_5xxOnlyForIdempotentMethods(t *testing.T) {
	client, mux := setup(t, fastRetry)
	var get, post, patch, put, del atomic.Int32
	mux.HandleFunc("GET /users/me", failThen(2, 503, "", `{"message":"Service unavailable"}`, `{"authUser":{"id":1}}`, &get))
	mux.HandleFunc("POST /users/password-reset-demand", failThen(9, 503, "", `{"message":"Service unavailable"}`, `{"ok":1}`, &post))
	mux.HandleFunc("PATCH /users/1", failThen(9, 502, "", `{"message":"Bad gateway"}`, `{}`, &patch))
	mux.HandleFunc("PUT /users/1/attributes/email", failThen(1, 500, "", `{"message":"x"}`, `{"changed":true}`, &put))
	mux.HandleFunc("DELETE /users", failThen(1, 504, "", `{"message":"x"}`, `{"user":1}`, &del))

	_, err := client.Users.Me(ctx(t), nil)
	require.NoError(t, err)
	assert.Equal(t, int32(3), get.Load(), "GET retried after 503")

	err = client.Users.SendPasswordResetDemand(ctx(t), "a@example.com")
	assert.ErrorIs(t, err, ErrServer)
	assert.Equal(t, int32(1), post.Load(), "a POST that may have been processed is not sent again")

	_, err = client.Users.Update(ctx(t), 1, &UpdateUserRequest{Name: "x"})
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 502, apiErr.StatusCode)
	assert.Equal(t, "Bad gateway", apiErr.Message)
	assert.Equal(t, int32(1), patch.Load(), "PATCH is not retried after 5xx")

	_, err = client.Users.UpdateEmail(ctx(t), 1, &UpdateEmailRequest{CurrentEmailAddress: "a@example.com", NewEmailAddress: "b@example.com", CurrentPassword: "x"})
	require.NoError(t, err)
	assert.Equal(t, int32(2), put.Load(), "PUT is idempotent")

	_, err = client.Users.DeleteCurrent(ctx(t), nil)
	require.NoError(t, err)
	assert.Equal(t, int32(2), del.Load(), "DELETE is idempotent")
}

func TestRetry_ExhaustedKeepsMakesMessage(t *testing.T) {
	client, mux := setup(t, fastRetry)
	var n atomic.Int32
	mux.HandleFunc("GET /users/me", failThen(99, 429, "0", limitBody, `{}`, &n))
	_, err := client.Users.Me(ctx(t), nil)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 429, apiErr.StatusCode)
	assert.Equal(t, "SC429", apiErr.Code)
	assert.Equal(t, "Requests limit for organization exceeded, please try again later.", apiErr.Message)
	assert.NotContains(t, err.Error(), "giving up")
	assert.Equal(t, int32(4), n.Load(), "1 attempt + MaxRetries")
	assert.ErrorIs(t, err, ErrRateLimited)
}

func TestRetry_Off(t *testing.T) {
	client, mux := setup(t) // setup turns retries off
	var n atomic.Int32
	mux.HandleFunc("GET /users/me", failThen(1, 503, "", `{}`, `{"authUser":{}}`, &n))
	_, err := client.Users.Me(ctx(t), nil)
	assert.ErrorIs(t, err, ErrServer)
	assert.Equal(t, int32(1), n.Load())
}

func TestRetry_WaitBeyondDeadlineReturnsAtOnce(t *testing.T) {
	client, mux := setup(t, WithRetry(RetryConfig{MaxRetries: 3, MinWait: time.Second, MaxWait: time.Hour}))
	var n atomic.Int32
	mux.HandleFunc("GET /users/me", failThen(99, 429, "3600", limitBody, `{}`, &n))
	c, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err := client.Users.Me(c, nil)
	assert.ErrorIs(t, err, ErrRateLimited, "the 429 comes back instead of a sleep past the deadline")
	assert.NoError(t, c.Err(), "returned before the deadline")
	assert.Equal(t, int32(1), n.Load())
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	d, ok := apiErr.RetryAfter()
	assert.True(t, ok)
	assert.Equal(t, time.Hour, d)
}

func TestRetry_CancelDuringBackoff(t *testing.T) {
	client, mux := setup(t, WithRetry(RetryConfig{MaxRetries: 3, MinWait: time.Hour, MaxWait: time.Hour}))
	c, cancel := context.WithCancel(context.Background())
	var n atomic.Int32
	mux.HandleFunc("GET /users/me", func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		writeJSON(w, 503, `{}`)
		go func() { time.Sleep(20 * time.Millisecond); cancel() }()
	})
	done := make(chan error, 1)
	go func() { _, err := client.Users.Me(c, nil); done <- err }()
	select {
	case err := <-done:
		assert.ErrorIs(t, err, context.Canceled)
		var ue *url.Error
		assert.ErrorAs(t, err, &ue)
	case <-time.After(10 * time.Second):
		t.Fatal("the call slept past its context's cancellation")
	}
	assert.Equal(t, int32(1), n.Load())
}

// hijackReset reads the request and closes the connection without answering.
func hijackReset(count *atomic.Int32) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		count.Add(1)
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
	}
}

func TestRetry_ConnectionReset(t *testing.T) {
	client, mux := setup(t, fastRetry)
	var post, get atomic.Int32
	mux.HandleFunc("POST /users/password-reset", hijackReset(&post))
	mux.HandleFunc("GET /users/me/current-authorization", hijackReset(&get))

	err := client.Users.ResetLostPassword(ctx(t), &ResetLostPasswordRequest{NewPassword1: "New-Passw0rd!", NewPassword2: "New-Passw0rd!"})
	var ue *url.Error
	require.ErrorAs(t, err, &ue)
	assert.Equal(t, int32(1), post.Load(), "a POST whose connection broke after sending is not replayed")

	_, err = client.Users.CurrentAuthorization(ctx(t))
	require.ErrorAs(t, err, &ue)
	assert.Equal(t, int32(4), get.Load(), "a GET is retried after a reset")
}

func TestRetry_ConnectionRefusedPostIsRetried(t *testing.T) {
	// Nothing listens: the POST never reached a server, so it may be retried.
	client, err := NewClient("", "t", WithBaseURL("http://127.0.0.1:1/api/v2"), fastRetry)
	require.NoError(t, err)
	var attempts atomic.Int32
	prev := client.RetryClientForTest().RequestLogHook
	client.RetryClientForTest().RequestLogHook = func(l retryablehttp.Logger, r *http.Request, n int) {
		attempts.Add(1)
		prev(l, r, n)
	}
	err = client.Users.SendPasswordResetDemand(ctx(t), "a@example.com")
	var ue *url.Error
	require.ErrorAs(t, err, &ue)
	assert.True(t, NeverConnected(err))
	assert.Equal(t, int32(4), attempts.Load())
}

func TestRateLimiter(t *testing.T) {
	client, mux := setup(t, WithRateLimit(60)) // one a second, burst 1
	var n atomic.Int32
	mux.HandleFunc("GET /users/me", func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		writeJSON(w, 200, `{"authUser":{"id":1}}`)
	})
	c, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, err := client.Users.Me(c, nil)
	require.NoError(t, err)
	_, err = client.Users.Me(c, nil)
	require.Error(t, err, "the second request would wait past the deadline")
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	var ue *url.Error
	assert.ErrorAs(t, err, &ue)
	assert.Equal(t, int32(1), n.Load(), "the limited request was not sent")

	require.NoError(t, client.SetRateLimit(0))
	_, err = client.Users.Me(c, nil)
	require.NoError(t, err, "SetRateLimit(0) turns the limiter off")

	lim := NewRateLimiter(601)
	assert.Equal(t, 601, lim.Limit())
	assert.Equal(t, 100*time.Millisecond, lim.Interval(), "one burst request, then 600 more a minute")
	assert.Equal(t, 61*time.Second, NewRateLimiter(1).Interval())
	assert.Zero(t, NewRateLimiter(0).Interval())
	assert.True(t, errors.Is(client.SetRateLimit(-5), ErrInvalidInput))
}

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

// TestRetryAfter_OverflowAndDateFormats is finding 8 of issue 10: a huge
// Retry-After is a long wait, never a negative one, and the three HTTP date
// formats are honoured.
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

// TestRetry_NoSuchHostIsNotRetried is finding 11 of issue 10: a host that
// does not exist is asked once, and the error says to check the zone.
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

// TestRetry_NonNetworkTransportErrorIsNotRetried: a transport error that
// is not the network's is not retried.
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

// A DNS failure names its cause by the host: a documented zone exists, so its
// failure is this machine's DNS or network, not a wrong zone; a custom host
// that does not resolve may be mistyped, so the error sends to the zone.
func TestRetry_NoSuchHostMessageByHost(t *testing.T) {
	hosts := []string{"make.example.com", "eu3.make.com"}
	for _, z := range Zones() {
		hosts = append(hosts, string(z))
	}
	for _, host := range hosts {
		t.Run(host, func(t *testing.T) {
			tr := testTransport(t, false)
			tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
				h, _, _ := net.SplitHostPort(addr)
				return nil, &net.OpError{Op: "dial", Net: network, Err: &net.DNSError{Err: "no such host", Name: h, IsNotFound: true}}
			}
			client, err := NewClient(Zone(host), "token", WithHTTPClient(&http.Client{Transport: tr}), fastRetry)
			require.NoError(t, err)
			_, err = client.Users.Me(context.Background(), nil)
			var de *net.DNSError
			require.ErrorAs(t, err, &de, "the DNS error is kept")
			if Zone(host).IsWhiteLabel() {
				assert.Contains(t, err.Error(), host+" does not exist")
				assert.Contains(t, err.Error(), "check the zone")
				return
			}
			assert.Contains(t, err.Error(), host+" could not be resolved (a DNS or network problem")
			assert.NotContains(t, err.Error(), "does not exist")
			assert.NotContains(t, err.Error(), "check the zone")
		})
	}
}
