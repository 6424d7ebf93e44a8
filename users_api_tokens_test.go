package make_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"net/http"
	"testing"

	. "github.com/make-sdk/make-go"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestUsersService_ListAPITokens(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/users/me/api-tokens", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testQuery(t, r, nil)
		testNoBody(t, r)
		writeJSON(w, 200, `{"apiTokens":[{"token":"2544847b-****-****-****-************","scope":["apps:write"],"created":"2019-11-05T09:22:31.249Z","label":"token dva write"},
			{"token":"40aff759-****-****-****-************","scope":["apps:read"],"created":"2019-11-05T09:22:22.615Z","label":"token one read"}]}`)
	})
	got, err := client.Users.ListAPITokens(ctx(t))
	require.NoError(t, err)
	assert.Equal(t, APITokens{
		{Token: "2544847b-****-****-****-************", Scope: []string{"apps:write"}, Created: "2019-11-05T09:22:31.249Z", Label: "token dva write"},
		{Token: "40aff759-****-****-****-************", Scope: []string{"apps:read"}, Created: "2019-11-05T09:22:22.615Z", Label: "token one read"},
	}, got)
	created, err := got[0].CreatedTime()
	require.NoError(t, err)
	assert.Equal(t, 249_000_000, created.Nanosecond())
}

func TestUsersService_CreateAPIToken(t *testing.T) {
	const value = "7615989d-d213-48dc-b625-27133ae3f1a8"
	client, mux := setup(t)
	mux.HandleFunc("/users/me/api-tokens", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPost)
		testQuery(t, r, nil)
		testJSONBody(t, r, `{"label":"example token","scope":["apps:read","apps:write"]}`)
		writeJSON(w, 200, `{"apiToken":{"token":"`+value+`","scope":["apps:read","apps:write"],"created":"2019-11-06T14:37:51.493Z","label":"example token"}}`)
	})
	got, err := client.Users.CreateAPIToken(ctx(t), &CreateAPITokenRequest{Label: "example token", Scope: []string{"apps:read", "apps:write"}})
	require.NoError(t, err)
	assert.Equal(t, &APIToken{Token: value, Scope: []string{"apps:read", "apps:write"}, Created: "2019-11-06T14:37:51.493Z", Label: "example token"}, got)
	assert.Equal(t, value, got.Token.Reveal(), "returned whole")

	// Printed and logged, the value is redacted.
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, nil))
	logger.Info("created", "token", got, "value", *got, "list", APITokens{*got})
	shown := fmt.Sprintf("%v %+v %#v %s", got, got, *got, got.Token) + logs.String()
	assert.NotContains(t, shown, value)
	assert.Contains(t, shown, "[REDACTED]")
}

func TestUsersService_DeleteAPIToken(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("/users/me/api-tokens/{timestamp}", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodDelete)
		testNoBody(t, r)
		// The created string travels exactly, escaped once.
		assert.Equal(t, "2019-11-05T09:22:31.249Z", r.PathValue("timestamp"))
		assert.Equal(t, "/users/me/api-tokens/2019-11-05T09:22:31.249Z", r.URL.EscapedPath())
		writeJSON(w, 200, `{"apiToken":"2019-11-05T09:22:31.249Z"}`)
	})
	got, err := client.Users.DeleteAPIToken(ctx(t), "2019-11-05T09:22:31.249Z")
	require.NoError(t, err)
	assert.Equal(t, "2019-11-05T09:22:31.249Z", got)

	// A created string with an offset travels with its "+" unchanged.
	mux.HandleFunc("/users/me/api-tokens/2019-11-05T10:22:31.249+01:00", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"apiToken":"2019-11-05T10:22:31.249+01:00"}`)
	})
	got, err = client.Users.DeleteAPIToken(ctx(t), "2019-11-05T10:22:31.249+01:00")
	require.NoError(t, err)
	assert.Equal(t, "2019-11-05T10:22:31.249+01:00", got)
}

func TestUsersService_APITokens_NotFound(t *testing.T) {
	client, mux := setup(t)
	mux.HandleFunc("DELETE /users/me/api-tokens/{timestamp}", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 404, `{"message":"API token not found","code":"SC404","detail":"No token created at 2019-11-05T09:22:31.249Z"}`)
	})
	_, err := client.Users.DeleteAPIToken(ctx(t), "2019-11-05T09:22:31.249Z")
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.ErrorIs(t, err, ErrNotFound)
	assert.Equal(t, "SC404", apiErr.Code)
	assert.Equal(t, "API token not found", apiErr.Message)
}
