package make_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	. "github.com/make-sdk/make-go"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

func TestNewClient_Refuses(t *testing.T) {
	tests := []struct {
		name  string
		zone  Zone
		token string
		opts  []Option
		field string
	}{
		{"empty token", ZoneEU1, "", nil, "token"},
		{"token with space", ZoneEU1, "abc def", nil, "token"},
		{"token with newline", ZoneEU1, "abc\r\nX-Evil: 1", nil, "token"},
		{"token and token source", ZoneEU1, "abc", []Option{WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "x"}))}, "token"},
		{"bad zone", "nowhere", "abc", nil, "zone"},
		{"no zone", "", "abc", nil, "zone"},
		{"http to a remote host", "", "abc", []Option{WithBaseURL("http://make.example.com/api/v2")}, "baseURL"},
		{"credentials in base URL", "", "abc", []Option{WithBaseURL("https://u:p@make.example.com/api/v2")}, "baseURL"},
		{"query in base URL", "", "abc", []Option{WithBaseURL("https://make.example.com/api/v2?x=1")}, "baseURL"},
		{"relative base URL", "", "abc", []Option{WithBaseURL("/api/v2")}, "baseURL"},
		{"ftp base URL", "", "abc", []Option{WithBaseURL("ftp://make.example.com")}, "baseURL"},
		{"nil http client", ZoneEU1, "abc", []Option{WithHTTPClient(nil)}, "httpClient"},
		{"nil token source", ZoneEU1, "", []Option{WithTokenSource(nil)}, "tokenSource"},
		{"negative retries", ZoneEU1, "abc", []Option{WithRetry(RetryConfig{MaxRetries: -1})}, "retry.MaxRetries"},
		{"max below min", ZoneEU1, "abc", []Option{WithRetry(RetryConfig{MinWait: time.Second, MaxWait: time.Millisecond})}, "retry.MaxWait"},
		{"negative rate", ZoneEU1, "abc", []Option{WithRateLimit(-1)}, "rateLimit"},
		{"user agent with newline", ZoneEU1, "abc", []Option{WithUserAgent("a\nb")}, "userAgent"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := NewClient(tc.zone, tc.token, tc.opts...)
			assert.Nil(t, c)
			testRefused(t, err, tc.field)
		})
	}
}

func TestNewClient_BaseURL(t *testing.T) {
	for in, want := range map[string]string{
		"http://127.0.0.1:8080/api/v2":    "http://127.0.0.1:8080/api/v2/",
		"http://localhost:1234":           "http://localhost:1234/api/v2/",
		"http://[::1]:1234/api/v2/":       "http://[::1]:1234/api/v2/",
		"https://make.example.com":        "https://make.example.com/api/v2/",
		"https://make.example.com/custom": "https://make.example.com/custom/",
	} {
		c, err := NewClient("", "tok", WithBaseURL(in))
		require.NoError(t, err, in)
		assert.Equal(t, want, c.BaseURL(), in)
	}
	c, err := NewClient("celonis-us1", "tok")
	require.NoError(t, err)
	assert.Equal(t, "https://us1.make.celonis.com/api/v2/", c.BaseURL())
}

func TestNewClientFromEnv(t *testing.T) {
	t.Setenv("MAKE_API_TOKEN", "env-token")
	t.Setenv("MAKE_ZONE", "us2")
	t.Setenv("MAKE_BASE_URL", "")
	c, err := NewClientFromEnv()
	require.NoError(t, err)
	assert.Equal(t, "https://us2.make.com/api/v2/", c.BaseURL())

	t.Setenv("MAKE_BASE_URL", "http://127.0.0.1:9/api/v2")
	c, err = NewClientFromEnv()
	require.NoError(t, err)
	assert.Equal(t, "http://127.0.0.1:9/api/v2/", c.BaseURL())

	c, err = NewClientFromEnv(WithBaseURL("https://make.example.com"))
	require.NoError(t, err)
	assert.Equal(t, "https://make.example.com/api/v2/", c.BaseURL(), "options win over the environment")

	t.Setenv("MAKE_BASE_URL", "")
	t.Setenv("MAKE_ZONE", "")
	_, err = NewClientFromEnv()
	testRefused(t, err, "MAKE_ZONE")

	t.Setenv("MAKE_ZONE", "eu1")
	t.Setenv("MAKE_API_TOKEN", "")
	_, err = NewClientFromEnv()
	testRefused(t, err, "token")
}

func TestClient_Headers(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("GET /users/me", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "Token "+testToken, r.Header.Get("Authorization"))
		assert.Equal(t, "make-go/"+Version, r.Header.Get("User-Agent"))
		assert.Equal(t, "application/json", r.Header.Get("Accept"))
		writeJSON(w, 200, `{"authUser":{"id":1}}`)
	})
	_, err := client.Users.Me(ctx(t), nil)
	require.NoError(t, err)

	client, mux = setup(t, WithUserAgent("my-integration/2.0"))
	mux.HandleFunc("GET /users/me", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "my-integration/2.0", r.Header.Get("User-Agent"))
		writeJSON(w, 200, `{"authUser":{"id":1}}`)
	})
	_, err = client.Users.Me(ctx(t), nil)
	require.NoError(t, err)
}

// countingSource hands out a new, already expired access token on every call,
// so that each request must ask for a fresh one.
type countingSource struct{ n atomic.Int32 }

func (s *countingSource) Token() (*oauth2.Token, error) {
	n := s.n.Add(1)
	return &oauth2.Token{AccessToken: fmt.Sprintf("access-%d", n), TokenType: "Bearer", Expiry: time.Now().Add(-time.Minute)}, nil
}

func TestClient_OAuth2(t *testing.T) {
	var seen []string
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v2/users/me", func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, r.Header.Get("Authorization"))
		writeJSON(w, 200, `{"authUser":{"id":1}}`)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	src := &countingSource{}
	client, err := NewClient("", "", WithBaseURL(srv.URL), WithTokenSource(src))
	require.NoError(t, err)
	for range 2 {
		_, err = client.Users.Me(ctx(t), nil)
		require.NoError(t, err)
	}
	assert.Equal(t, []string{"Bearer access-1", "Bearer access-2"}, seen, "Bearer, refreshed by the token source")
	assert.NotContains(t, fmt.Sprintf("%v %+v %#v", client, client, client), "access-")

	failing := oauth2.TokenSource(failingSource{})
	client, err = NewClient("", "", WithBaseURL(srv.URL), WithTokenSource(failing))
	require.NoError(t, err)
	_, err = client.Users.Me(ctx(t), nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "OAuth 2.0 token")
	assert.Len(t, seen, 2, "nothing is sent without a token")
}

type failingSource struct{}

func (failingSource) Token() (*oauth2.Token, error) { return nil, errors.New("refresh failed") }

func TestClient_HTTPMock(t *testing.T) {
	mock := httpmock.NewMockTransport()
	mock.RegisterResponder(http.MethodGet, "https://eu1.make.com/api/v2/users/me/current-authorization",
		func(r *http.Request) (*http.Response, error) {
			assert.Equal(t, "Token tok-1", r.Header.Get("Authorization"))
			return httpmock.NewStringResponse(200, `{"authorization":{"authUsed":"token","scope":["user:read"]}}`), nil
		})
	client, err := NewClient(ZoneEU1, "tok-1", WithHTTPClient(&http.Client{Transport: mock}))
	require.NoError(t, err)
	got, err := client.Users.CurrentAuthorization(ctx(t))
	require.NoError(t, err)
	assert.Equal(t, []string{"user:read"}, got.Scope)
	assert.Equal(t, 1, mock.GetTotalCallCount())
}

func TestClient_RedirectToAnotherHostDropsAuthorization(t *testing.T) {
	var otherAuth atomic.Value
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		otherAuth.Store(r.Header.Get("Authorization"))
		writeJSON(w, 200, `{"authUser":{"id":2}}`)
	}))
	defer other.Close()
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "Token "+testToken, r.Header.Get("Authorization"))
		http.Redirect(w, r, other.URL+"/elsewhere", http.StatusFound)
	}))
	defer api.Close()
	client, err := NewClient("", testToken, WithBaseURL(api.URL))
	require.NoError(t, err)
	me, err := client.Users.Me(ctx(t), nil)
	require.NoError(t, err)
	assert.Equal(t, int64(2), me.ID)
	assert.Equal(t, "", otherAuth.Load(), "no Authorization header may reach another host")
}

func TestClient_Do(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "/api/v2/scenarios", r.URL.Path)
		assert.Equal(t, "teamId=3", r.URL.RawQuery)
		assert.Equal(t, "Token t", r.Header.Get("Authorization"))
		b, _ := io.ReadAll(r.Body)
		assert.JSONEq(t, `{"name":"x"}`, string(b))
		writeJSON(w, 200, `{"scenario":{"id":9}}`)
	}))
	defer srv.Close()
	client, err := NewClient("", "t", WithBaseURL(srv.URL))
	require.NoError(t, err)
	q := struct {
		TeamID int64 `url:"teamId"`
	}{3}
	req, err := client.NewRequest(ctx(t), http.MethodPost, "scenarios", q, map[string]string{"name": "x"})
	require.NoError(t, err)
	var out struct {
		Scenario struct{ ID int64 } `json:"scenario"`
	}
	require.NoError(t, client.Do(req, &out))
	assert.Equal(t, int64(9), out.Scenario.ID)

	// Typed nil pointers, as a service method passes options and bodies it
	// was not given: no query, and no body rather than JSON null.
	req, err = client.NewRequest(ctx(t), http.MethodPost, "scenarios", (*ListUsersOptions)(nil), (*UpdateUserRequest)(nil))
	require.NoError(t, err)
	assert.Equal(t, srv.URL+"/api/v2/scenarios", req.URL.String())
	assert.Nil(t, req.Body)
	assert.Empty(t, req.Header.Get("Content-Type"))

	_, err = client.NewRequest(ctx(t), http.MethodPost, "scenarios", nil, func() {})
	testRefused(t, err, "body")
	//lint:ignore SA1012 a nil context is what is tested
	_, err = client.NewRequest(nil, http.MethodGet, "scenarios", nil, nil) //nolint:staticcheck
	testRefused(t, err, "ctx")
}

func TestClient_DecodeErrors(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("GET /users/me", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, "<html><body>Maintenance</body></html>")
	})
	mux.HandleFunc("GET /users/me/current-authorization", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"authorization":{"authUsed":`)
	})
	mux.HandleFunc("GET /users/me/organization-invitations", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `not json`)
	})
	calls := map[string]func() error{
		"html": func() error { _, err := client.Users.Me(ctx(t), nil); return err },
		"cut":  func() error { _, err := client.Users.CurrentAuthorization(ctx(t)); return err },
		"bad":  func() error { _, err := client.Users.ListMyOrganizationInvitations(ctx(t)); return err },
	}
	for name, call := range calls {
		err := call()
		var de *DecodeError
		require.ErrorAs(t, err, &de, name)
		assert.Equal(t, 200, de.StatusCode)
		assert.Equal(t, http.MethodGet, de.Method)
		assert.Contains(t, de.URL, "/users/me")
		assert.Contains(t, err.Error(), "cannot decode")
	}
}

func TestClient_Redaction(t *testing.T) {
	const (
		token = "tok-SENTINEL-9f8e7d"
		pass  = "pw-SENTINEL-Passw0rd!"
		hash  = "hash-SENTINEL-1a2b3c"
		tfa   = "tfa-SENTINEL-424242"
	)
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/v2/users/password-reset" && r.Method == http.MethodGet {
			w.Header().Set("Retry-After", "0")
			writeJSON(w, 429, `{"message":"Requests limit for organization exceeded, please try again later."}`)
			return
		}
		writeJSON(w, 400, `{"message":"Invalid","code":"IM005","detail":"bad"}`)
	}))
	defer srv.Close()
	client, err := NewClient("", token, WithBaseURL(srv.URL), WithLogger(logger),
		WithRetry(RetryConfig{MaxRetries: 2, MinWait: time.Millisecond, MaxWait: time.Millisecond}))
	require.NoError(t, err)

	var out []string
	add := func(vs ...any) {
		for _, v := range vs {
			out = append(out, fmt.Sprintf("%v|%+v|%#v|%s", v, v, v, v))
		}
	}
	add(client, client.Users, client.Organizations)
	err = client.Users.SetPasswordResetSession(ctx(t), hash)
	require.Error(t, err)
	add(err, err.Error())
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Contains(t, apiErr.URL, "hash=REDACTED")
	_, err = client.Users.UpdatePassword(ctx(t), 1, &UpdatePasswordRequest{CurrentPassword: pass, NewPassword1: pass, NewPassword2: pass})
	add(err)
	req := &DeleteCurrentUserRequest{CurrentPassword: pass, TFACode: tfa}
	_, err = client.Users.DeleteCurrent(ctx(t), req)
	add(err, req, *req)
	logger.Info("caller logs a request", "req", req, "client", client)

	// A connection error carries the URL: its hash is redacted too.
	dead := httptest.NewServer(http.NotFoundHandler())
	dead.Close()
	client2, err := NewClient("", token, WithBaseURL(dead.URL), WithRetry(RetryConfig{}), WithLogger(logger))
	require.NoError(t, err)
	err = client2.Users.SetPasswordResetSession(ctx(t), hash)
	var ue *url.Error
	require.ErrorAs(t, err, &ue)
	add(err, ue.URL)

	all := strings.Join(out, "\n") + logs.String()
	for _, secret := range []string{token, pass, hash, tfa} {
		assert.NotContains(t, all, secret)
	}
	assert.Contains(t, logs.String(), `"msg":"make: retrying"`)
	assert.Contains(t, logs.String(), `"status":429`)
	assert.Contains(t, logs.String(), `"attempt":`)
	assert.Contains(t, logs.String(), `"duration":`)
}

func TestClient_SilentByDefault(t *testing.T) {
	// slog's default logger writes to the log package; catch anything the
	// client logs without being asked.
	var buf bytes.Buffer
	prev := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})))
	defer slog.SetDefault(prev)
	client, mux := setup(t, WithRetry(RetryConfig{MaxRetries: 1, MaxWait: time.Millisecond}))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 503, `{}`) })
	_, err := client.Users.Me(ctx(t), nil)
	require.Error(t, err)
	assert.Empty(t, buf.String())
}

func TestSecret(t *testing.T) {
	s := Secret("hunter2")
	for _, f := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
		assert.NotContains(t, fmt.Sprintf(f, s), "hunter2", f)
	}
	assert.Equal(t, "hunter2", s.Reveal())
	b := mustJSON(t, struct{ P Secret }{s})
	assert.JSONEq(t, `{"P":"hunter2"}`, b, "JSON carries the value")
}

func TestNeverConnected(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	ln.Close()
	_, err = http.Get("http://" + addr)
	require.Error(t, err)
	assert.True(t, NeverConnected(err), "a refused connection was never made: %v", err)
	assert.False(t, NeverConnected(io.ErrUnexpectedEOF))
	assert.False(t, NeverConnected(context.Canceled))
}

// TestDo_CredentialOnlyToTheAPIOrigin is finding 4 of issue 10: the
// credential goes to the API's own origin only, not to another host nor to
// another name of the same server.
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

// TestDo_WriteRedirectsAreNotFollowed is finding 5 of issue 10: a write's
// redirect is not followed.
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

// TestWithBaseURL_RefusesQueryAndFragment: a base URL with a query or a
// fragment is refused.
func TestWithBaseURL_RefusesQueryAndFragment(t *testing.T) {
	for _, u := range []string{"https://h.example/api/v2?", "https://h.example/api/v2?a=1", "https://h.example/api/v2#", "https://h.example/api/v2#x"} {
		_, err := NewClient("", testToken, WithBaseURL(u))
		testRefused(t, err, "baseURL")
	}
}

// TestNewRequest_SecretQueryIsSentAndRedacted: a Secret in a query struct
// is sent as itself and redacted from the error.
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

// TestRequestSizeLimits: an oversized token, query or body is refused
// before sending.
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
