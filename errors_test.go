package make_test

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	. "github.com/make-sdk/make-go"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func response(status int, contentType, body string) *http.Response {
	h := http.Header{}
	if contentType != "" {
		h.Set("Content-Type", contentType)
	}
	return &http.Response{StatusCode: status, Header: h, Body: io.NopCloser(strings.NewReader(body))}
}

func TestDecodeError(t *testing.T) {
	tests := []struct {
		name        string
		status      int
		contentType string
		body        string
		want        APIError
		text        string
	}{
		{"documented 403", 403, "application/json", `{"detail":"Access denied.","message":"Permission denied","code":"SC403"}`,
			APIError{Code: "SC403", Message: "Permission denied", Detail: "Access denied."},
			"403 Forbidden [SC403]: Permission denied: Access denied. (this endpoint needs the API scope user:read)"},
		{"suberrors", 400, "application/json", `{"message":"Validation failed","code":"IM005","suberrors":[{"message":"name is too long","code":"X1","field":"name"}]}`,
			APIError{Code: "IM005", Message: "Validation failed", Suberrors: []Suberror{{Code: "X1", Message: "name is too long",
				Raw: []byte(`{"message":"name is too long","code":"X1","field":"name"}`)}}},
			"400 Bad Request [IM005]: Validation failed; name is too long"},
		{"confirmation", 406, "application/json", `{"message":"Confirmation required","code":"IM004","detail":"Set confirmed=true"}`,
			APIError{Code: "IM004", Message: "Confirmation required", Detail: "Set confirmed=true"},
			"Confirmed: true in the options"},
		{"numeric code", 500, "application/json", `{"message":"Oops","code":500}`,
			APIError{Code: "500", Message: "Oops"}, "500 Internal Server Error [500]: Oops"},
		{"plain-text 429", 429, "text/plain", "Requests limit for organization exceeded, please try again later.\n",
			APIError{Message: "Requests limit for organization exceeded, please try again later."},
			"429 Too Many Requests: Requests limit for organization exceeded"},
		{"html 502", 502, "text/html", "<html><head><title>502 Bad Gateway</title></head><body><h1>502</h1></body></html>",
			APIError{Message: "502 Bad Gateway"}, "502 Bad Gateway: 502 Bad Gateway"},
		{"html without title", 503, "", "<html><body><p>Down for\nmaintenance</p></body></html>",
			APIError{Message: "Down for maintenance"}, "Down for maintenance"},
		{"empty", 504, "", "", APIError{}, "504 Gateway Timeout"},
		{"JSON array", 400, "application/json", `["x"]`, APIError{Message: `["x"]`}, `["x"]`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := DecodeAPIError(response(tc.status, tc.contentType, tc.body), "GET", "https://eu1.make.com/api/v2/users", "user:read")
			assert.Equal(t, tc.status, got.StatusCode)
			assert.Equal(t, tc.want.Code, got.Code)
			assert.Equal(t, tc.want.Message, got.Message)
			assert.Equal(t, tc.want.Detail, got.Detail)
			if tc.want.Suberrors != nil {
				assert.Equal(t, tc.want.Suberrors[0].Code, got.Suberrors[0].Code)
				assert.Equal(t, tc.want.Suberrors[0].Message, got.Suberrors[0].Message)
				assert.JSONEq(t, string(tc.want.Suberrors[0].Raw), string(got.Suberrors[0].Raw))
			}
			assert.Equal(t, []byte(tc.body), got.Body)
			assert.Contains(t, got.Error(), tc.text)
			assert.True(t, strings.HasPrefix(got.Error(), "make: GET https://eu1.make.com/api/v2/users: "))
		})
	}
}

func TestDecodeError_CapsTheBody(t *testing.T) {
	body := `{"message":"` + strings.Repeat("x", 2<<20) + `"}`
	got := DecodeAPIError(response(500, "application/json", body), "GET", "u", "")
	assert.Len(t, got.Body, MaxErrorBody)
	assert.NotEmpty(t, got.Message, "a cut JSON body still gives a message")
	assert.LessOrEqual(t, len(got.Message), 204)
}

func TestAPIError_Is(t *testing.T) {
	sentinels := []error{ErrBadRequest, ErrUnauthorized, ErrPaymentRequired, ErrForbidden, ErrNotFound, ErrConfirmationRequired, ErrRateLimited, ErrServer}
	cases := map[int]error{400: ErrBadRequest, 401: ErrUnauthorized, 402: ErrPaymentRequired, 403: ErrForbidden, 404: ErrNotFound,
		406: ErrConfirmationRequired, 429: ErrRateLimited, 500: ErrServer, 503: ErrServer, 409: nil}
	for status, want := range cases {
		err := error(&APIError{StatusCode: status})
		for _, s := range sentinels {
			assert.Equal(t, s == want, errors.Is(err, s), "status %d, sentinel %v", status, s)
		}
		assert.False(t, errors.Is(err, ErrInvalidInput))
	}
	assert.True(t, errors.Is(&APIError{StatusCode: 400, Code: "IM004"}, ErrConfirmationRequired), "IM004 is a confirmation request whatever the status")
}

func TestAPIError_RetryAfter(t *testing.T) {
	e := &APIError{Header: http.Header{"Retry-After": {"7"}}}
	d, ok := e.RetryAfter()
	assert.True(t, ok)
	assert.Equal(t, 7*time.Second, d)

	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	d, ok = ParseRetryAfter(now.Add(90*time.Second).Format(http.TimeFormat), now)
	assert.True(t, ok)
	assert.Equal(t, 90*time.Second, d)
	d, ok = ParseRetryAfter(now.Add(-time.Hour).Format(http.TimeFormat), now)
	assert.True(t, ok)
	assert.Zero(t, d, "a date in the past means now")
	for _, bad := range []string{"", "-3", "soon"} {
		_, ok = ParseRetryAfter(bad, now)
		assert.False(t, ok, bad)
	}
}

func TestValidationError(t *testing.T) {
	err := Invalid("teamId", "must be positive, got %d", -1)
	assert.Equal(t, "make: invalid teamId: must be positive, got -1 (nothing was sent)", err.Error())
	assert.ErrorIs(t, err, ErrInvalidInput)
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "teamId", ve.Field)
}

func TestShorten(t *testing.T) {
	assert.Equal(t, "abc", Shorten("abc", 5))
	assert.Equal(t, "ab…", Shorten("abcdef", 2))
	assert.Equal(t, "…", Shorten("ééé", 1), "never cuts inside a rune")
}
