package make_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	. "github.com/make-sdk/make-go"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testToken is the API token every setup client sends.
const testToken = "11111111-2222-4333-8444-555555555555"

// setup starts a test server that mounts mux under /api/v2 (a path built
// absolute by mistake misses the mux and fails the test), checks every
// request against testdata/openapi.json, and returns a client pointed at it
// with retries off.
func setup(t *testing.T, opts ...Option) (*Client, *http.ServeMux) {
	t.Helper()
	mux := http.NewServeMux()
	root := http.NewServeMux()
	root.Handle("/api/v2/", contractCheck(t, http.StripPrefix("/api/v2", mux)))
	root.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("request outside /api/v2: %s %s", r.Method, r.URL)
		http.Error(w, "outside /api/v2", http.StatusBadRequest)
	})
	srv := httptest.NewUnstartedServer(root)
	startServer(t, srv, false)
	return serverClient(t, srv, false, append([]Option{WithStrictDecoding()}, opts...)...), mux
}

// startServer starts srv over TLS with HTTP/2 (h2) or plain HTTP/1.1, and
// closes it when the test ends.
func startServer(t *testing.T, srv *httptest.Server, h2 bool) {
	if h2 {
		srv.EnableHTTP2 = true
		srv.StartTLS()
	} else {
		srv.Start()
	}
	t.Cleanup(srv.Close)
}

// serverClient returns a client with testToken on srv's /api/v2, over
// TLS+HTTP/2 trusting httptest's certificate when h2 (no retries unless
// opts say so).
func serverClient(t *testing.T, srv *httptest.Server, h2 bool, opts ...Option) *Client {
	t.Helper()
	defaults := []Option{WithBaseURL(srv.URL + "/api/v2"), WithRetry(RetryConfig{})}
	if h2 {
		defaults = append(defaults, WithHTTPClient(&http.Client{Transport: testTransport(t, true)}))
	}
	opts = append(defaults, opts...)
	c, err := NewClient("", testToken, opts...)
	require.NoError(t, err)
	return c
}

var contract struct {
	once   sync.Once
	router routers.Router
	err    error
}

// contractRouter loads testdata/openapi.json once.
func contractRouter(t *testing.T) routers.Router {
	t.Helper()
	contract.once.Do(func() {
		loader := openapi3.NewLoader()
		doc, err := loader.LoadFromFile("testdata/openapi.json")
		if err != nil {
			contract.err = err
			return
		}
		contract.router, contract.err = legacy.NewRouter(doc)
	})
	require.NoError(t, contract.err)
	return contract.router
}

// contractCheck fails the test when a request does not match an operation of
// testdata/openapi.json or breaks its parameters, body or security scheme.
func contractCheck(t *testing.T, next http.Handler) http.Handler {
	router := contractRouter(t)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := validateRequest(router, r); err != nil {
			t.Errorf("request breaks the contract of testdata/openapi.json: %v", err)
		}
		next.ServeHTTP(w, r)
	})
}

// validateRequest checks r against the catalogue, as if sent to eu1.
func validateRequest(router routers.Router, r *http.Request) error {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return err
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	cp := r.Clone(r.Context())
	cp.Body = io.NopCloser(bytes.NewReader(body))
	cp.URL, _ = url.Parse("https://eu1.make.com" + r.URL.RequestURI())
	route, params, err := router.FindRoute(cp)
	if err != nil {
		return err
	}
	return openapi3filter.ValidateRequest(context.Background(), &openapi3filter.RequestValidationInput{
		Request:    cp,
		PathParams: params,
		Route:      route,
		Options: &openapi3filter.Options{
			AuthenticationFunc: func(_ context.Context, in *openapi3filter.AuthenticationInput) error {
				h := in.RequestValidationInput.Request.Header.Get("Authorization")
				if !strings.HasPrefix(h, "Token ") && !strings.HasPrefix(h, "Bearer ") {
					return &openapi3filter.SecurityRequirementsError{}
				}
				return nil
			},
		},
	})
}

// testMethod checks the request's method.
func testMethod(t *testing.T, r *http.Request, want string) {
	t.Helper()
	assert.Equal(t, want, r.Method, "method")
}

// testQuery checks the request's decoded query against want exactly.
func testQuery(t *testing.T, r *http.Request, want url.Values) {
	t.Helper()
	got := r.URL.Query()
	if len(want) == 0 {
		want = url.Values{}
	}
	assert.Equal(t, want, got, "query")
}

// testJSONBody checks the request's JSON body against want (a JSON text).
func testJSONBody(t *testing.T, r *http.Request, want string) {
	t.Helper()
	got, err := io.ReadAll(r.Body)
	require.NoError(t, err)
	assert.JSONEq(t, want, string(got), "body")
	assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
}

// testNoBody checks that the request has no body.
func testNoBody(t *testing.T, r *http.Request) {
	t.Helper()
	got, _ := io.ReadAll(r.Body)
	assert.Empty(t, got, "body")
}

// fixture returns the contents of testdata/<name>.
func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	require.NoError(t, err)
	return b
}

// writeJSON answers with status and a JSON text.
func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	io.WriteString(w, body)
}

// forbidden answers Make's documented 403 body.
func forbidden(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusForbidden, `{"detail":"Access denied.","message":"Permission denied","code":"SC403"}`)
}

// testAPIError checks that err is the *APIError of Make's documented 403
// body, naming the endpoint's scope.
func testAPIError(t *testing.T, err error, scope string) {
	t.Helper()
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusForbidden, apiErr.StatusCode)
	assert.Equal(t, "SC403", apiErr.Code)
	assert.Equal(t, "Permission denied", apiErr.Message)
	assert.True(t, strings.HasPrefix(apiErr.Detail, "Access denied."), "detail %q", apiErr.Detail)
	assert.Equal(t, scope, apiErr.Scope)
	assert.Contains(t, err.Error(), "needs the API scope "+scope)
	assert.ErrorIs(t, err, ErrForbidden)
}

// testRefused checks that err is a *ValidationError for field.
func testRefused(t *testing.T, err error, field string) {
	t.Helper()
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, field, ve.Field)
	assert.NotEmpty(t, ve.Reason)
	assert.ErrorIs(t, err, ErrInvalidInput)
}

// noRequests registers a handler that fails the test on any request: for
// bad-input tests, where nothing may be sent.
func noRequests(t *testing.T, mux *http.ServeMux) {
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("a request was sent for refused input: %s %s", r.Method, r.URL)
	})
}

// ctx returns a context for one test call.
func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return c
}

// mustJSON marshals v.
func mustJSON(t *testing.T, v any) string {
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

// cannedClient is a client (retries off) whose every request gets status
// and body, from a cannedTransport.
func cannedClient(t *testing.T, status int, body []byte, opts ...Option) *Client {
	t.Helper()
	opts = append([]Option{WithRetry(RetryConfig{}), WithHTTPClient(&http.Client{Transport: cannedTransport{status, body}})}, opts...)
	c, err := NewClient(ZoneEU1, testToken, opts...)
	require.NoError(t, err)
	return c
}

// cannedTransport answers every request with one status and JSON body.
type cannedTransport struct {
	status int
	body   []byte
}

func (s cannedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		io.Copy(io.Discard, r.Body)
		r.Body.Close()
	}
	return &http.Response{StatusCode: s.status, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(bytes.NewReader(s.body)), ContentLength: int64(len(s.body)), Request: r}, nil
}

// testServer starts handler over plain HTTP/1.1 or TLS with HTTP/2 and
// returns a client on it (no retries unless opts say so).
func testServer(t *testing.T, tp string, handler http.Handler, opts ...Option) (*httptest.Server, *Client) {
	t.Helper()
	srv := httptest.NewUnstartedServer(handler)
	startServer(t, srv, tp == "h2")
	return srv, serverClient(t, srv, tp == "h2", opts...)
}
