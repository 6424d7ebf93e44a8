package make_test

// Regression tests of the bugs the reliability and security work found; each
// fails without its fix.

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	. "github.com/make-sdk/make-go"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A 307 or 308 redirect makes net/http send the request body again to the
// new location. Dropping the Authorization header is not enough when the
// location is another host: the body carries passwords (UpdateEmail,
// UpdatePassword, DeleteCurrent, CreateUser). Such a redirect is not
// followed; the caller gets the redirect as an *APIError.
func TestRegression_RedirectNeverSendsABodyToAnotherHost(t *testing.T) {
	const password = "pw-SENTINEL-Passw0rd!"
	var otherHits atomic.Int32
	var leaked atomic.Bool
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		otherHits.Add(1)
		b, _ := io.ReadAll(r.Body)
		if strings.Contains(string(b), password) || r.Header.Get("Authorization") != "" {
			leaked.Store(true)
		}
		writeJSON(w, 200, `{"authUser":{"id":1}}`)
	}))
	defer other.Close()
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", other.URL+"/elsewhere")
		w.WriteHeader(http.StatusTemporaryRedirect)
	}))
	defer api.Close()
	client, err := NewClient("", testToken, WithBaseURL(api.URL), WithRetry(RetryConfig{}))
	require.NoError(t, err)

	_, err = client.Users.UpdatePassword(ctx(t), 1, &UpdatePasswordRequest{
		CurrentPassword: password, NewPassword1: "Next-Passw0rd!", NewPassword2: "Next-Passw0rd!"})
	assert.False(t, leaked.Load(), "the password or the token reached another host")
	assert.Zero(t, otherHits.Load(), "a request body is not sent to another host")
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusTemporaryRedirect, apiErr.StatusCode)
	assert.Equal(t, other.URL+"/elsewhere", apiErr.Header.Get("Location"))

	// Without a body the redirect is followed, without the token.
	_, err = client.Users.Me(ctx(t), nil)
	require.NoError(t, err)
	assert.Equal(t, int32(1), otherHits.Load())
	assert.False(t, leaked.Load())
}

// A 2xx body whose Content-Length is over the 32 MiB cap cannot be decoded:
// it is refused at once, without reading (and buffering) 32 MiB of it.
func TestRegression_DeclaredOversizedBodyIsNotRead(t *testing.T) {
	const size = 100 << 20
	var written atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(size))
		io.WriteString(w, `{"authUser":{"name":"`)
		chunk := []byte(strings.Repeat("x", 32<<10))
		for written.Load() < size-64<<10 {
			n, err := w.Write(chunk)
			written.Add(int64(n))
			if err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	client, err := NewClient("", testToken, WithBaseURL(srv.URL), WithRetry(RetryConfig{}))
	require.NoError(t, err)
	_, err = client.Users.Me(ctx(t), nil)
	var de *DecodeError
	require.ErrorAs(t, err, &de)
	assert.ErrorIs(t, err, ErrResponseTooLarge)
	srv.Close() // waits for the handler
	assert.Less(t, written.Load(), int64(32<<20), "the client read %d bytes of a body it cannot decode", written.Load())
}

// CreateUserRequest holds the new user's password: slog's JSON handler
// marshals a struct that is not a slog.LogValuer, and a Secret marshals to
// its value.
func TestRegression_CreateUserRequestLogsRedacted(t *testing.T) {
	const password = "pw-SENTINEL-Passw0rd!"
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, nil))
	req := &CreateUserRequest{Name: "Eve", Email: "eve@example.com", Password: password}
	logger.Info("creating", "req", req, "value", *req)
	assert.NotContains(t, buf.String(), password)
	assert.Contains(t, buf.String(), "eve@example.com", "the rest of the request is logged")
}

// A payment method ID or a variable name with ?, # or % is no ID (a query,
// a fragment, or an ID escaped twice, which would name another resource
// once escaped again); one over 255 bytes is no ID either. Both are refused
// before sending, like a slash.
func TestRegression_PathSegmentsRefuseQueryFragmentPercentAndLength(t *testing.T) {
	client, mux := setup(t)
	noRequests(t, mux)
	for _, id := range []string{"pm?x=1", "pm#1", "pm%2F..%2Fsubscription", strings.Repeat("p", 256)} {
		err := client.Organizations.DeletePaymentMethod(ctx(t), 1, id)
		testRefused(t, err, "paymentMethodId")
		_, err = client.Organizations.SetDefaultPaymentMethod(ctx(t), 1, id, nil)
		testRefused(t, err, "paymentMethodId")
	}
	err := client.Organizations.DeleteVariable(ctx(t), 1, strings.Repeat("v", 256), nil)
	testRefused(t, err, "variableName")
	_, err = client.Organizations.CreateVariable(ctx(t), 1, &CreateVariableRequest{Name: strings.Repeat("v", 256), Value: BoolValue(true)})
	testRefused(t, err, "name")
}

// A JSON error body's message is kept to about 200 bytes, like a text or
// HTML body's: a proxy's or a stack trace's megabyte-long "message" must not
// become the error's text. The whole body stays in Body.
func TestRegression_JSONErrorMessageIsShortened(t *testing.T) {
	long := strings.Repeat("Something failed. ", 100)
	body := `{"message":"` + long + `","code":"SC500","detail":"d"}`
	resp := &http.Response{StatusCode: 500, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(strings.NewReader(body))}
	e := DecodeAPIError(resp, "GET", "u", "")
	assert.LessOrEqual(t, len(e.Message), 200+len("…"))
	assert.True(t, strings.HasPrefix(long, strings.TrimSuffix(e.Message, "…")), "the message's start is kept")
	assert.Equal(t, "SC500", e.Code)
	assert.Equal(t, body, string(e.Body), "the whole body stays in Body")
	assert.Less(t, len(e.Error()), 400)
}

// A zone's port must be a TCP port: ParseZone accepted "host:0" and
// "host:99999", whose base URL names no server.
func TestRegression_ParseZoneRefusesPortsOutOfRange(t *testing.T) {
	for _, s := range []string{"make.example.com:0", "make.example.com:65536", "make.example.com:99999999999999999999", "https://make.example.com:0/api/v2"} {
		_, err := ParseZone(s)
		testRefused(t, err, "zone")
	}
	for _, s := range []string{"make.example.com:1", "make.example.com:443", "make.example.com:65535"} {
		z, err := ParseZone(s)
		require.NoError(t, err, s)
		assert.Equal(t, Zone(s), z)
	}
}
