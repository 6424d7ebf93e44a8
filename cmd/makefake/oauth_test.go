package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	makeapi "github.com/make-sdk/make-go"
	"github.com/make-sdk/make-go/maketest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

// secretSentinel is a client secret that no output or error may hold.
const secretSentinel = "s3cr3t-SENTINEL"

func TestParseOAuthClients(t *testing.T) {
	good := []struct {
		values []string
		want   []maketest.OAuthClient
	}{
		{[]string{"id=app,secret=" + secretSentinel + ",redirect=http://127.0.0.1:8080/cb"},
			[]maketest.OAuthClient{{ID: "app", Secret: secretSentinel, RedirectURIs: []string{"http://127.0.0.1:8080/cb"}}}},
		{[]string{"redirect=https://app.example.com/cb?x=1,id=spa"}, // public; any order; a query is kept
			[]maketest.OAuthClient{{ID: "spa", RedirectURIs: []string{"https://app.example.com/cb?x=1"}}}},
		{[]string{"id=cli,redirect=http://127.0.0.1/a,redirect=com.example.app:/oauth,user=2", "id=web,secret=a=b:c,redirect=http://[::1]:9/cb"},
			[]maketest.OAuthClient{
				{ID: "cli", RedirectURIs: []string{"http://127.0.0.1/a", "com.example.app:/oauth"}, UserID: 2},
				{ID: "web", Secret: "a=b:c", RedirectURIs: []string{"http://[::1]:9/cb"}}}},
		{nil, nil},
	}
	for _, tc := range good {
		got, err := parseOAuthClients(tc.values)
		require.NoError(t, err, tc.values)
		assert.Equal(t, tc.want, got, tc.values)
	}

	bad := map[string]struct{ value, want string }{
		"no id":             {"secret=" + secretSentinel + ",redirect=http://127.0.0.1/cb", "value 1: id= is required"},
		"no redirect":       {"id=app,secret=" + secretSentinel, `value 1 (id "app"): redirect= is required`},
		"empty":             {"", "field 1 is not one of id=, secret=, redirect=, user="},
		"positional":        {"app:" + secretSentinel + ":http://127.0.0.1/cb", "field 1 is not one of"},
		"comma in secret":   {"id=app,secret=" + secretSentinel + "," + secretSentinel + ",redirect=http://127.0.0.1/cb", "field 3 is not one of"},
		"comma in redirect": {"id=app,redirect=http://127.0.0.1/cb?a=1,b=2", "field 3 is not one of id=, secret=, redirect=, user= (a value cannot contain a comma)"},
		"unknown key":       {"id=app,redirect_uri=http://127.0.0.1/cb", "field 2 is not one of"},
		"empty secret":      {"id=app,secret=,redirect=http://127.0.0.1/cb", "secret= is empty; leave it out for a public client"},
		"empty id":          {"id=,redirect=http://127.0.0.1/cb", "id= is empty"},
		"id twice":          {"id=a,id=b,redirect=http://127.0.0.1/cb", "id= is given twice"},
		"secret twice":      {"id=a,secret=" + secretSentinel + ",secret=x,redirect=http://127.0.0.1/cb", "secret= is given twice"},
		"space in id":       {"id=my app,redirect=http://127.0.0.1/cb", "id= contains spaces or control characters"},
		"control in secret": {"id=app,secret=" + secretSentinel + "\x1b[2J,redirect=http://127.0.0.1/cb", "secret= contains spaces or control characters"},
		"relative redirect": {"id=app,redirect=/cb", `redirect="/cb" is not an absolute URL`},
		"fragment":          {"id=app,redirect=http://127.0.0.1/cb#top", `redirect="http://127.0.0.1/cb#top" has a fragment`},
		"space in redirect": {"id=app,redirect=http://127.0.0.1/c b", "a redirect URI contains spaces or control characters"},
		"user zero":         {"id=app,redirect=http://127.0.0.1/cb,user=0", `user="0" is not a positive user ID`},
		"user not a number": {"id=app,redirect=http://127.0.0.1/cb,user=jane", `user="jane" is not a positive user ID`},
	}
	for name, tc := range bad {
		_, err := parseOAuthClients([]string{tc.value})
		require.Error(t, err, name)
		assert.Contains(t, err.Error(), tc.want, name)
		assert.True(t, strings.HasPrefix(err.Error(), "-oauth-client value 1"), "%s: the error names the flag: %v", name, err)
		assert.Contains(t, err.Error(), "want id=ID[,secret=SECRET],redirect=URI", name)
		assert.NotContains(t, err.Error(), secretSentinel, name)
	}

	_, err := parseOAuthClients([]string{"id=app,redirect=http://127.0.0.1/a", "id=app,redirect=http://127.0.0.1/b"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `-oauth-client value 2 (id "app"): client id "app" is registered twice`)
}

// A bad -oauth-client stops makefake before it serves (main exits 2), with
// an error that names the flag and never holds the secret.
func TestRunRefusesBadOAuthClient(t *testing.T) {
	for name, args := range map[string][]string{
		"bad value":    {"-oauth-client", "id=app,secret=" + secretSentinel + ",redirect=cb"},
		"unknown user": {"-oauth-client", "id=app,secret=" + secretSentinel + ",redirect=http://127.0.0.1/cb,user=99"},
	} {
		var stdout, stderr strings.Builder
		err := run(context.Background(), args, &stdout, &stderr)
		require.Error(t, err, name)
		assert.True(t, strings.HasPrefix(err.Error(), "-oauth-client value 1"), "%s: %v", name, err)
		assert.NotContains(t, err.Error(), secretSentinel, name)
		assert.Empty(t, stdout.String(), "%s: nothing served", name)
		assert.Empty(t, stderr.String(), name)
	}
	// As a program: exit status 2, the error on stderr.
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "MAKEFAKE_RUN_MAIN=1", "MAKEFAKE_ARGS=-oauth-client id=app,secret="+secretSentinel+",redirect=/cb")
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	var exit *exec.ExitError
	require.ErrorAs(t, cmd.Run(), &exit)
	assert.Equal(t, 2, exit.ExitCode())
	assert.Empty(t, stdout.String())
	assert.Contains(t, stderr.String(), `makefake: -oauth-client value 1 (id "app"): redirect="/cb" is not an absolute URL`)
	assert.NotContains(t, stderr.String(), secretSentinel)

	err := run(context.Background(), []string{"-oauth-client", "id=app,redirect=http://127.0.0.1/cb,user=99"}, io.Discard, io.Discard)
	assert.ErrorContains(t, err, "user=99 is not a user of the fake's data")
	// Adam Admin (user 2) comes with -example-data.
	assert.NoError(t, run(canceled(), []string{"-example-data", "-oauth-client", "id=app,redirect=http://127.0.0.1/cb,user=2"}, io.Discard, io.Discard))
}

// canceled returns a context already done: run sets up, prints and returns.
func canceled() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}

// TestOAuthFlow runs Sign in with Make against the makefake program, as a
// program in another language would, with x/oauth2 and the SDK: the URLs
// makefake prints, the authorization request with PKCE (whose redirect is
// read, not followed), the exchange, an API call with the access token and
// its scopes, and the revocation, after which the token is refused.
func TestOAuthFlow(t *testing.T) {
	const confidentialRedirect, publicRedirect = "http://127.0.0.1:8080/callback", "http://127.0.0.1/cli-callback"
	log := &syncBuffer{}
	base := serveLogging(t, log,
		"-oauth-client", "id=web-app,secret="+secretSentinel+",redirect=https://app.example.com/cb,redirect="+confidentialRedirect,
		"-oauth-client", "id=cli-app,redirect="+publicRedirect)
	ctx := t.Context()

	// The URLs printed on stderr: the server's root, its endpoints and
	// discovery document; never the secret.
	printed := map[string]string{}
	for _, m := range regexp.MustCompile(`(?m)^makefake: +(discovery|authorize|token|revoke) +(\S+)$`).FindAllStringSubmatch(log.String(), -1) {
		printed[m[1]] = m[2]
	}
	root := strings.TrimSuffix(base, maketest.APIPrefix)
	assert.Contains(t, log.String(), "makefake: OAuth 2.0 authorization server at "+root+" ")
	assert.Equal(t, map[string]string{"discovery": root + "/.well-known/openid-configuration", "authorize": root + "/oauth/v2/authorize",
		"token": root + "/oauth/v2/token", "revoke": root + "/oauth/v2/revoke"}, printed, log.String())
	assert.Contains(t, log.String(), `client "web-app": confidential`)
	assert.Contains(t, log.String(), `client "cli-app": public`)
	assert.NotContains(t, log.String(), secretSentinel)
	resp, err := http.Get(printed["discovery"])
	require.NoError(t, err)
	var discovery map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&discovery))
	resp.Body.Close()
	assert.Equal(t, printed["token"], discovery["token_endpoint"])
	assert.Equal(t, printed["revoke"], discovery["revocation_endpoint"])

	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	scopes := []string{makeapi.ScopeUserRead, makeapi.ScopeOrganizationRead}
	for _, app := range []makeapi.OAuthApp{
		{ClientID: "web-app", ClientSecret: secretSentinel, RedirectURL: confidentialRedirect, Scopes: scopes, ServerURL: root},
		{ClientID: "cli-app", RedirectURL: publicRedirect, Scopes: scopes, ServerURL: root},
	} {
		confidential := app.ClientSecret != ""
		conf, err := makeapi.NewOAuthConfig(app)
		require.NoError(t, err)
		assert.Equal(t, printed["authorize"], conf.Endpoint.AuthURL)
		assert.Equal(t, printed["token"], conf.Endpoint.TokenURL)

		// Authorize: approved at once, redirected to the redirect URI with
		// a code and the state.
		verifier := oauth2.GenerateVerifier()
		resp, err := noFollow.Get(conf.AuthCodeURL("state-"+app.ClientID, oauth2.S256ChallengeOption(verifier)))
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, http.StatusFound, resp.StatusCode, app.ClientID)
		loc, err := url.Parse(resp.Header.Get("Location"))
		require.NoError(t, err)
		code := loc.Query().Get("code")
		assert.Equal(t, "state-"+app.ClientID, loc.Query().Get("state"))
		require.NotEmpty(t, code, "redirected to %s", loc)
		loc.RawQuery = ""
		assert.Equal(t, app.RedirectURL, loc.String())

		if confidential {
			wrong := *conf
			wrong.ClientSecret = "not-the-secret"
			_, err := wrong.Exchange(ctx, code, oauth2.VerifierOption(verifier))
			var re *oauth2.RetrieveError
			require.ErrorAs(t, err, &re, "the registered secret is checked")
			assert.Equal(t, "invalid_client", re.ErrorCode)
		}
		tok, err := conf.Exchange(ctx, code, oauth2.VerifierOption(verifier))
		require.NoError(t, err, app.ClientID)
		assert.Equal(t, confidential, tok.RefreshToken != "", "%s: a refresh token for a confidential client only", app.ClientID)

		// The access token is accepted with the granted scopes, not as
		// any token (which would hold every scope, as "token").
		client, err := makeapi.NewClient("", "", makeapi.WithBaseURL(base), makeapi.WithTokenSource(conf.TokenSource(ctx, tok)))
		require.NoError(t, err)
		auth, err := client.Users.CurrentAuthorization(ctx)
		require.NoError(t, err, app.ClientID)
		assert.Equal(t, "oauth", auth.AuthUsed)
		assert.ElementsMatch(t, scopes, auth.Scope)
		me, err := client.Users.Me(ctx, nil)
		require.NoError(t, err)
		assert.Equal(t, "Jane Doe", me.Name)
		_, err = client.Organizations.List(ctx, nil)
		assert.ErrorIs(t, err, makeapi.ErrForbidden, "%s: organizations:read was not granted", app.ClientID)

		// Revoke (the refresh token revokes its whole grant): the access
		// token is refused from then on.
		revoke := tok.AccessToken
		if confidential {
			revoke = tok.RefreshToken
		}
		require.NoError(t, makeapi.RevokeOAuthToken(ctx, conf, revoke))
		_, err = client.Users.Me(ctx, nil)
		assert.ErrorIs(t, err, makeapi.ErrUnauthorized, "%s: revoked", app.ClientID)
	}
	assert.NotContains(t, log.String(), secretSentinel)
}
