package make_test

import (
	"context"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/make-sdk/make-go"
	"github.com/make-sdk/make-go/maketest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

const (
	testClientID     = "app-client-1"
	testClientSecret = "app-secret-6c1f0e1b9a"
	testRedirect     = "http://127.0.0.1:8976/callback"
)

// oauthFake starts the fake over TLS and HTTP/2, the way Make is reached,
// registers a client (confidential when secret is not empty) and returns the
// server, its oauth2 config for scopes, and a context carrying the HTTP
// client that trusts the fake (x/oauth2 sends through it).
func oauthFake(t *testing.T, secret string, scopes ...string) (*maketest.Server, *oauth2.Config, context.Context) {
	t.Helper()
	srv := maketest.NewServer(t, maketest.WithTLS())
	srv.AddOAuthClient(maketest.OAuthClient{ID: testClientID, Secret: secret, RedirectURIs: []string{testRedirect}})
	conf, err := make.NewOAuthConfig(make.OAuthApp{
		ClientID: testClientID, ClientSecret: make.Secret(secret), RedirectURL: testRedirect,
		Scopes: scopes, ServerURL: srv.BaseURL(),
	})
	require.NoError(t, err)
	return srv, conf, context.WithValue(ctx(t), oauth2.HTTPClient, srv.HTTPClient())
}

// authorizeCode follows the authorization URL as a browser would and
// returns the redirect it answers with.
func authorizeCode(t *testing.T, srv *maketest.Server, authURL string) *url.URL {
	t.Helper()
	hc := *srv.HTTPClient()
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := hc.Get(authURL)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusFound, resp.StatusCode)
	require.Equal(t, 2, resp.ProtoMajor, "HTTP/2")
	loc, err := url.Parse(resp.Header.Get("Location"))
	require.NoError(t, err)
	return loc
}

// login runs the authorization request with PKCE and the exchange.
func login(t *testing.T, srv *maketest.Server, conf *oauth2.Config, ctx context.Context) *oauth2.Token {
	t.Helper()
	verifier := oauth2.GenerateVerifier()
	loc := authorizeCode(t, srv, conf.AuthCodeURL("state-1", oauth2.S256ChallengeOption(verifier)))
	tok, err := conf.Exchange(ctx, loc.Query().Get("code"), oauth2.VerifierOption(verifier))
	require.NoError(t, err)
	return tok
}

func oauthClient(t *testing.T, srv *maketest.Server, ts oauth2.TokenSource) *make.Client {
	t.Helper()
	c, err := make.NewClient("", "", make.WithBaseURL(srv.URL()), make.WithHTTPClient(srv.HTTPClient()),
		make.WithTokenSource(ts), make.WithRetry(make.RetryConfig{}))
	require.NoError(t, err)
	return c
}

// bearers returns the access tokens the API received, in order.
func bearers(srv *maketest.Server) []string {
	var out []string
	for _, r := range srv.Requests() {
		if r.OperationID != "" {
			out = append(out, strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "))
		}
	}
	return out
}

func TestOAuth_EndToEnd(t *testing.T) {
	srv, conf, ctx := oauthFake(t, testClientSecret, make.ScopeUserRead, make.ScopeOrganizationRead)

	// The authorization URL: Make's parameters, PKCE S256.
	verifier := oauth2.GenerateVerifier()
	authURL := conf.AuthCodeURL("state-xyz", oauth2.S256ChallengeOption(verifier))
	au, err := url.Parse(authURL)
	require.NoError(t, err)
	assert.Equal(t, srv.BaseURL()+"/oauth/v2/authorize", au.Scheme+"://"+au.Host+au.Path)
	q := au.Query()
	assert.Equal(t, "code", q.Get("response_type"))
	assert.Equal(t, testClientID, q.Get("client_id"))
	assert.Equal(t, testRedirect, q.Get("redirect_uri"))
	assert.Equal(t, "user:read organization:read", q.Get("scope"))
	assert.Equal(t, "S256", q.Get("code_challenge_method"))
	assert.Equal(t, oauth2.S256ChallengeFromVerifier(verifier), q.Get("code_challenge"))

	// The fake approves at once and redirects with code and state.
	loc := authorizeCode(t, srv, authURL)
	assert.Equal(t, testRedirect, loc.Scheme+"://"+loc.Host+loc.Path)
	assert.Equal(t, "state-xyz", loc.Query().Get("state"))
	code := loc.Query().Get("code")
	require.NotEmpty(t, code)

	// The exchange: client_secret_post and the verifier.
	tok, err := conf.Exchange(ctx, code, oauth2.VerifierOption(verifier))
	require.NoError(t, err)
	assert.Equal(t, "Bearer", tok.TokenType)
	assert.NotEmpty(t, tok.RefreshToken, "a confidential client gets a refresh token")
	assert.WithinDuration(t, time.Now().Add(time.Hour), tok.Expiry, time.Minute)
	assert.Equal(t, "organization:read user:read", tok.Extra("scope"))
	var exchange maketest.Request
	for _, r := range srv.Requests() {
		if r.Path == "/oauth/v2/token" {
			exchange = r
		}
	}
	form, err := url.ParseQuery(string(exchange.Body))
	require.NoError(t, err)
	assert.Equal(t, testClientSecret, form.Get("client_secret"), "client_secret_post")
	assert.Empty(t, exchange.Header.Get("Authorization"))
	assert.Equal(t, verifier, form.Get("code_verifier"))

	// The API accepts the access token with exactly its scopes.
	client := oauthClient(t, srv, conf.TokenSource(ctx, tok))
	me, err := client.Users.Me(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, int64(maketest.DefaultUserID), me.ID)
	authz, err := client.Users.CurrentAuthorization(ctx)
	require.NoError(t, err)
	assert.Equal(t, "oauth", authz.AuthUsed)
	assert.ElementsMatch(t, []string{"user:read", "organization:read"}, authz.Scope)
	assert.Equal(t, []string{tok.AccessToken, tok.AccessToken}, bearers(srv))

	// Refresh: the token source sees the access token expired, refreshes
	// it with the refresh token, and the fake rotates the refresh token.
	stale := *tok
	stale.Expiry = time.Now().Add(-time.Minute)
	ts := conf.TokenSource(ctx, &stale)
	refreshed := oauthClient(t, srv, ts)
	_, err = refreshed.Users.Me(ctx, nil)
	require.NoError(t, err)
	fresh, err := ts.Token()
	require.NoError(t, err)
	assert.NotEqual(t, tok.AccessToken, fresh.AccessToken)
	assert.NotEqual(t, tok.RefreshToken, fresh.RefreshToken, "the refresh token rotates")
	assert.Equal(t, fresh.AccessToken, bearers(srv)[2])

	// Revoke the refresh token: it takes the access tokens of its grant
	// with it, and the next API call is refused.
	require.NoError(t, make.RevokeOAuthToken(ctx, conf, fresh.RefreshToken))
	_, err = refreshed.Users.Me(ctx, nil)
	var apiErr *make.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusUnauthorized, apiErr.StatusCode)
	assert.ErrorIs(t, err, make.ErrUnauthorized)
	_, err = client.Users.Me(ctx, nil)
	assert.ErrorIs(t, err, make.ErrUnauthorized, "the first access token is of the same grant")

	// The revoked refresh token refreshes no more.
	_, err = conf.TokenSource(ctx, &oauth2.Token{RefreshToken: fresh.RefreshToken}).Token()
	var re *oauth2.RetrieveError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, "invalid_grant", re.ErrorCode)
}

func TestOAuth_Refused(t *testing.T) {
	t.Run("wrong verifier", func(t *testing.T) {
		srv, conf, ctx := oauthFake(t, testClientSecret, make.ScopeUserRead, make.ScopeOrganizationRead)
		loc := authorizeCode(t, srv, conf.AuthCodeURL("s", oauth2.S256ChallengeOption(oauth2.GenerateVerifier())))
		_, err := conf.Exchange(ctx, loc.Query().Get("code"), oauth2.VerifierOption(oauth2.GenerateVerifier()))
		var re *oauth2.RetrieveError
		require.ErrorAs(t, err, &re)
		assert.Equal(t, "invalid_grant", re.ErrorCode)
		assert.Contains(t, re.ErrorDescription, "code_verifier does not match")
		assert.Equal(t, http.StatusBadRequest, re.Response.StatusCode)
	})
	t.Run("no verifier", func(t *testing.T) {
		srv, conf, ctx := oauthFake(t, testClientSecret, make.ScopeUserRead, make.ScopeOrganizationRead)
		loc := authorizeCode(t, srv, conf.AuthCodeURL("s", oauth2.S256ChallengeOption(oauth2.GenerateVerifier())))
		_, err := conf.Exchange(ctx, loc.Query().Get("code"))
		var re *oauth2.RetrieveError
		require.ErrorAs(t, err, &re)
		assert.Equal(t, "invalid_grant", re.ErrorCode)
		assert.Contains(t, re.ErrorDescription, "code_verifier is required")
	})
	t.Run("reused code", func(t *testing.T) {
		srv, conf, ctx := oauthFake(t, testClientSecret, make.ScopeUserRead, make.ScopeOrganizationRead)
		verifier := oauth2.GenerateVerifier()
		loc := authorizeCode(t, srv, conf.AuthCodeURL("s", oauth2.S256ChallengeOption(verifier)))
		code := loc.Query().Get("code")
		tok, err := conf.Exchange(ctx, code, oauth2.VerifierOption(verifier))
		require.NoError(t, err)
		_, err = conf.Exchange(ctx, code, oauth2.VerifierOption(verifier))
		var re *oauth2.RetrieveError
		require.ErrorAs(t, err, &re)
		assert.Equal(t, "invalid_grant", re.ErrorCode)
		assert.Contains(t, re.ErrorDescription, "already used")
		// RFC 6749 4.1.2: the tokens issued with the code are revoked.
		_, err = oauthClient(t, srv, oauth2.StaticTokenSource(tok)).Users.Me(ctx, nil)
		assert.ErrorIs(t, err, make.ErrUnauthorized)
	})
	t.Run("wrong client secret", func(t *testing.T) {
		srv, conf, ctx := oauthFake(t, testClientSecret, make.ScopeUserRead, make.ScopeOrganizationRead)
		verifier := oauth2.GenerateVerifier()
		loc := authorizeCode(t, srv, conf.AuthCodeURL("s", oauth2.S256ChallengeOption(verifier)))
		bad := *conf
		bad.ClientSecret = "not-the-secret"
		_, err := bad.Exchange(ctx, loc.Query().Get("code"), oauth2.VerifierOption(verifier))
		var re *oauth2.RetrieveError
		require.ErrorAs(t, err, &re)
		assert.Equal(t, "invalid_client", re.ErrorCode)
		assert.Equal(t, http.StatusUnauthorized, re.Response.StatusCode)
		assert.NotContains(t, err.Error(), "not-the-secret")
		// The code was not burnt by a client that failed to authenticate.
		_, err = conf.Exchange(ctx, loc.Query().Get("code"), oauth2.VerifierOption(verifier))
		assert.NoError(t, err)
	})
	t.Run("revoked access token", func(t *testing.T) {
		srv, conf, ctx := oauthFake(t, testClientSecret, make.ScopeUserRead, make.ScopeOrganizationRead)
		tok := login(t, srv, conf, ctx)
		client := oauthClient(t, srv, conf.TokenSource(ctx, tok))
		_, err := client.Users.Me(ctx, nil)
		require.NoError(t, err)
		require.NoError(t, make.RevokeOAuthToken(ctx, conf, tok.AccessToken))
		_, err = client.Users.Me(ctx, nil)
		var apiErr *make.APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, http.StatusUnauthorized, apiErr.StatusCode)
		assert.Equal(t, maketest.CodeInvalidCredentials, apiErr.Code)
		assert.Contains(t, apiErr.Detail, "revoked")
		assert.NotContains(t, err.Error(), tok.AccessToken)
		// Revoking an access token leaves its refresh token alone.
		fresh, err := conf.TokenSource(ctx, &oauth2.Token{RefreshToken: tok.RefreshToken}).Token()
		require.NoError(t, err)
		_, err = oauthClient(t, srv, oauth2.StaticTokenSource(fresh)).Users.Me(ctx, nil)
		assert.NoError(t, err)
	})
}

func TestOAuth_ScopesEnforced(t *testing.T) {
	srv, conf, ctx := oauthFake(t, testClientSecret, make.ScopeOrganizationsRead, make.ScopeOrganizationRead)
	client := oauthClient(t, srv, conf.TokenSource(ctx, login(t, srv, conf, ctx)))
	_, err := client.Organizations.List(ctx, nil)
	require.NoError(t, err)
	_, err = client.Users.Me(ctx, nil)
	require.NoError(t, err)
	// GET /users/me/api-tokens needs user:read, which the user did not
	// grant.
	_, err = client.Users.ListAPITokens(ctx)
	var apiErr *make.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusForbidden, apiErr.StatusCode)
	assert.Equal(t, maketest.CodeForbidden, apiErr.Code)
	assert.Contains(t, apiErr.Detail, "user:read")
	assert.Contains(t, err.Error(), "user:read")
	assert.ErrorIs(t, err, make.ErrForbidden)
}

func TestOAuth_PublicClient(t *testing.T) {
	srv, conf, ctx := oauthFake(t, "", make.ScopeUserRead, make.ScopeOrganizationRead)
	// Make requires PKCE of public clients: without it the fake redirects
	// with the error.
	loc := authorizeCode(t, srv, conf.AuthCodeURL("s"))
	assert.Equal(t, "invalid_request", loc.Query().Get("error"))
	assert.Contains(t, loc.Query().Get("error_description"), "PKCE")
	assert.Empty(t, loc.Query().Get("code"))
	assert.Equal(t, "s", loc.Query().Get("state"))

	tok := login(t, srv, conf, ctx)
	assert.Empty(t, tok.RefreshToken, "a public client gets no refresh token")
	_, err := oauthClient(t, srv, conf.TokenSource(ctx, tok)).Users.Me(ctx, nil)
	require.NoError(t, err)
	require.NoError(t, make.RevokeOAuthToken(ctx, conf, tok.AccessToken))
	_, err = oauthClient(t, srv, conf.TokenSource(ctx, tok)).Users.Me(ctx, nil)
	assert.ErrorIs(t, err, make.ErrUnauthorized)
}

// The discovery document of the fake names the endpoints the SDK computes.
func TestOAuth_DiscoveryMatchesEndpoint(t *testing.T) {
	srv, conf, _ := oauthFake(t, testClientSecret, make.ScopeUserRead, make.ScopeOrganizationRead)
	resp, err := srv.HTTPClient().Get(srv.BaseURL() + "/.well-known/openid-configuration")
	require.NoError(t, err)
	defer resp.Body.Close()
	var doc struct {
		AuthorizationEndpoint string   `json:"authorization_endpoint"`
		TokenEndpoint         string   `json:"token_endpoint"`
		RevocationEndpoint    string   `json:"revocation_endpoint"`
		AuthMethods           []string `json:"token_endpoint_auth_methods_supported"`
		Challenge             []string `json:"code_challenge_methods_supported"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&doc))
	assert.Equal(t, conf.Endpoint.AuthURL, doc.AuthorizationEndpoint)
	assert.Equal(t, conf.Endpoint.TokenURL, doc.TokenEndpoint)
	assert.Equal(t, strings.TrimSuffix(conf.Endpoint.TokenURL, "/token")+"/revoke", doc.RevocationEndpoint)
	assert.Contains(t, doc.AuthMethods, "client_secret_post")
	assert.Equal(t, []string{"S256"}, doc.Challenge)
}

func TestOAuthEndpoint(t *testing.T) {
	assert.Equal(t, "https://www.make.com/oauth/v2/authorize", make.OAuthEndpoint.AuthURL)
	assert.Equal(t, "https://www.make.com/oauth/v2/token", make.OAuthEndpoint.TokenURL)
	assert.Equal(t, oauth2.AuthStyleInParams, make.OAuthEndpoint.AuthStyle)

	conf, err := make.NewOAuthConfig(make.OAuthApp{ClientID: "c", RedirectURL: "https://app.example.com/cb", Scopes: []string{make.ScopeUserRead}})
	require.NoError(t, err)
	assert.Equal(t, make.OAuthEndpoint, conf.Endpoint, "Make's server when ServerURL is empty")

	e, err := make.OAuthEndpointAt("https://make.example.com/sso/")
	require.NoError(t, err)
	assert.Equal(t, "https://make.example.com/sso/oauth/v2/token", e.TokenURL)
	assert.Equal(t, oauth2.AuthStyleInParams, e.AuthStyle)
	e, err = make.OAuthEndpointAt("http://127.0.0.1:8080")
	require.NoError(t, err)
	assert.Equal(t, "http://127.0.0.1:8080/oauth/v2/authorize", e.AuthURL)
}

func TestNewOAuthConfig_BadInput(t *testing.T) {
	good := make.OAuthApp{ClientID: "c", ClientSecret: "s3cret", RedirectURL: "http://127.0.0.1:1/cb", Scopes: []string{make.ScopeUserRead}}
	for _, tc := range []struct {
		name  string
		edit  func(*make.OAuthApp)
		field string
	}{
		{"no client ID", func(a *make.OAuthApp) { a.ClientID = "" }, "oauth.ClientID"},
		{"client ID with a space", func(a *make.OAuthApp) { a.ClientID = "a b" }, "oauth.ClientID"},
		{"secret with a newline", func(a *make.OAuthApp) { a.ClientSecret = "s\n" }, "oauth.ClientSecret"},
		{"no redirect", func(a *make.OAuthApp) { a.RedirectURL = "" }, "oauth.RedirectURL"},
		{"relative redirect", func(a *make.OAuthApp) { a.RedirectURL = "/callback" }, "oauth.RedirectURL"},
		{"redirect with a fragment", func(a *make.OAuthApp) { a.RedirectURL = "https://app.example.com/cb#x" }, "oauth.RedirectURL"},
		{"no scope", func(a *make.OAuthApp) { a.Scopes = nil }, "oauth.Scopes"},
		{"empty scope", func(a *make.OAuthApp) { a.Scopes = []string{make.ScopeUserRead, ""} }, "oauth.Scopes[1]"},
		{"two scopes in one", func(a *make.OAuthApp) { a.Scopes = []string{"user:read,user:write"} }, "oauth.Scopes[0]"},
		{"scope with a space", func(a *make.OAuthApp) { a.Scopes = []string{"user:read user:write"} }, "oauth.Scopes[0]"},
		{"server over http", func(a *make.OAuthApp) { a.ServerURL = "http://make.example.com" }, "oauth.ServerURL"},
		{"server with a query", func(a *make.OAuthApp) { a.ServerURL = "https://make.example.com/?a=b" }, "oauth.ServerURL"},
		{"server with credentials", func(a *make.OAuthApp) { a.ServerURL = "https://u:p@make.example.com" }, "oauth.ServerURL"},
		{"server not a URL", func(a *make.OAuthApp) { a.ServerURL = "www.make.com" }, "oauth.ServerURL"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			app := good
			app.Scopes = slices.Clone(good.Scopes)
			tc.edit(&app)
			conf, err := make.NewOAuthConfig(app)
			assert.Nil(t, conf)
			var ve *make.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tc.field, ve.Field)
			assert.ErrorIs(t, err, make.ErrInvalidInput)
			assert.NotContains(t, err.Error(), "s3cret")
		})
	}
	conf, err := make.NewOAuthConfig(good)
	require.NoError(t, err)
	assert.Equal(t, "s3cret", conf.ClientSecret)
	var logged strings.Builder
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("app", "app", good)
	for _, s := range []string{fmt.Sprintf("%v %+v %#v %s", good, good, good, good), logged.String()} {
		assert.NotContains(t, s, "s3cret")
		assert.Contains(t, s, "[REDACTED]")
	}
	good.Scopes[0] = "changed"
	assert.Equal(t, []string{make.ScopeUserRead}, conf.Scopes, "the config keeps its own copy of the scopes")
}

func TestRevokeOAuthToken_BadInput(t *testing.T) {
	hits := 0
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hits++ }))
	t.Cleanup(srv.Close)
	conf := &oauth2.Config{ClientID: "c", Endpoint: oauth2.Endpoint{TokenURL: srv.URL + "/oauth/v2/token"}}
	ctx := ctx(t)
	for _, tc := range []struct {
		name  string
		conf  *oauth2.Config
		token string
		field string
	}{
		{"nil config", nil, "t0k3n", "oauth.Config"},
		{"no client ID", &oauth2.Config{Endpoint: conf.Endpoint}, "t0k3n", "oauth.Config.ClientID"},
		{"no token", conf, "", "token"},
		{"token URL elsewhere", &oauth2.Config{ClientID: "c", Endpoint: oauth2.Endpoint{TokenURL: srv.URL + "/token"}}, "t0k3n", "oauth.Config.Endpoint.TokenURL"},
		{"plain http to a remote host", &oauth2.Config{ClientID: "c", Endpoint: oauth2.Endpoint{TokenURL: "http://make.example.com/oauth/v2/token"}}, "t0k3n", "oauth.Config.Endpoint.TokenURL"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := make.RevokeOAuthToken(ctx, tc.conf, tc.token)
			var ve *make.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tc.field, ve.Field)
		})
	}
	assert.Zero(t, hits, "nothing was sent")
}

// A server that echoes the token and the client secret back in its error
// does not carry them into the error.
func TestRevokeOAuthToken_ErrorHasNoSecret(t *testing.T) {
	const token, secret = "refresh-token-0123456789", "client-secret-abcdef"
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "/oauth/v2/revoke", r.URL.Path)
		assert.NoError(t, r.ParseForm())
		assert.Equal(t, "c", r.PostForm.Get("client_id"))
		assert.Equal(t, secret, r.PostForm.Get("client_secret"))
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		b, _ := json.Marshal(map[string]string{"error": "invalid_request", "error_description": "bad token " + r.PostForm.Get("token") + " for " + r.PostForm.Get("client_secret")})
		_, _ = w.Write(b)
	}))
	srv.EnableHTTP2 = true
	srv.StartTLS()
	t.Cleanup(srv.Close)
	conf := &oauth2.Config{ClientID: "c", ClientSecret: secret, Endpoint: oauth2.Endpoint{TokenURL: srv.URL + "/oauth/v2/token"}}
	err := make.RevokeOAuthToken(context.WithValue(ctx(t), oauth2.HTTPClient, srv.Client()), conf, token)
	var re *oauth2.RetrieveError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, "invalid_request", re.ErrorCode)
	assert.Contains(t, re.ErrorDescription, "[REDACTED]")
	for _, s := range []string{err.Error(), re.ErrorDescription, string(re.Body)} {
		assert.NotContains(t, s, token)
		assert.NotContains(t, s, secret)
	}
}

// Every scope the catalogue uses (its oauth2 security scheme and each
// operation's x-scopes) has a Scope constant in oauth.go, with the same
// value.
func TestScopeConstants(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "oauth.go", nil, 0)
	require.NoError(t, err)
	constants := map[string]string{} // value -> name
	ast.Inspect(f, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok || len(vs.Names) != 1 || len(vs.Values) != 1 || !strings.HasPrefix(vs.Names[0].Name, "Scope") {
			return true
		}
		lit, ok := vs.Values[0].(*ast.BasicLit)
		require.True(t, ok, "%s is a string literal", vs.Names[0].Name)
		v, err := strconv.Unquote(lit.Value)
		require.NoError(t, err)
		constants[v] = vs.Names[0].Name
		return true
	})

	raw, err := os.ReadFile("testdata/openapi.json")
	require.NoError(t, err)
	var doc struct {
		Paths      map[string]map[string]json.RawMessage `json:"paths"`
		Components struct {
			SecuritySchemes struct {
				OAuth2 struct {
					Flows map[string]struct {
						Scopes map[string]string `json:"scopes"`
					} `json:"flows"`
				} `json:"oauth2"`
			} `json:"securitySchemes"`
		} `json:"components"`
	}
	require.NoError(t, json.Unmarshal(raw, &doc))
	used := map[string]bool{}
	for _, flow := range doc.Components.SecuritySchemes.OAuth2.Flows {
		for sc := range flow.Scopes {
			used[sc] = true
		}
	}
	require.NotEmpty(t, used, "the catalogue's oauth2 scheme lists scopes")
	for _, ops := range doc.Paths {
		for _, raw := range ops {
			var op struct {
				Scopes   []string              `json:"x-scopes"`
				Security []map[string][]string `json:"security"`
			}
			if json.Unmarshal(raw, &op) != nil {
				continue // a path-level member that is not an operation
			}
			for _, sc := range op.Scopes {
				used[sc] = true
			}
			for _, req := range op.Security {
				for _, scopes := range req {
					for _, sc := range scopes {
						used[sc] = true
					}
				}
			}
		}
	}
	for sc := range used {
		assert.Contains(t, constants, sc, "scope %q of the catalogue has no Scope constant in oauth.go", sc)
	}
	assert.GreaterOrEqual(t, len(constants), len(used))
}

// A redirect answer is an error: the token and the client secret are not
// sent on to where it points.
func TestRevokeOAuthToken_NoRedirect(t *testing.T) {
	elsewhere := 0
	other := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { elsewhere++ }))
	t.Cleanup(other.Close)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/steal", http.StatusTemporaryRedirect)
	}))
	t.Cleanup(srv.Close)
	conf := &oauth2.Config{ClientID: "c", ClientSecret: "client-secret-abcdef", Endpoint: oauth2.Endpoint{TokenURL: srv.URL + "/oauth/v2/token"}}
	err := make.RevokeOAuthToken(ctx(t), conf, "refresh-token-0123456789")
	var re *oauth2.RetrieveError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, http.StatusTemporaryRedirect, re.Response.StatusCode)
	assert.Zero(t, elsewhere)
}
