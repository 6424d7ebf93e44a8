package make

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"golang.org/x/oauth2"
)

// Sign in with Make: Make runs one OAuth 2.0 authorization server for every
// zone. golang.org/x/oauth2 does the protocol (the authorization URL, the
// code exchange, refreshing, PKCE); this file gives it what it needs to know
// about Make (the endpoint, the client authentication, the scopes) and the
// one step it lacks, revoking a token (RFC 7009).

// OAuthServerURL is the root URL of Make's authorization server, the same
// for every zone: the endpoints are OAuthServerURL + /oauth/v2/authorize,
// /oauth/v2/token and /oauth/v2/revoke, and the OpenID Connect discovery
// document is at OAuthServerURL + /.well-known/openid-configuration.
const OAuthServerURL = "https://www.make.com"

// The paths of the authorization server's endpoints under its root URL.
const (
	oauthAuthorizePath = "/oauth/v2/authorize"
	oauthTokenPath     = "/oauth/v2/token"
	oauthRevokePath    = "/oauth/v2/revoke"
)

// The scopes of the operations of the API catalogue, as the oauth2 security
// scheme of the catalogue names them. Each method's doc comment names the
// scope it needs; an access token holds the scopes the user granted (the
// Scopes of the oauth2.Config). Make knows other scopes too (scenarios:read,
// ...): any scope may be requested.
const (
	// ScopeOpenID asks for OpenID Connect: the token response also holds
	// an ID token.
	ScopeOpenID = "openid"
	// ScopeUserRead reads users (GET /users/me, /users/roles, ...).
	ScopeUserRead = "user:read"
	// ScopeUserWrite changes users (PATCH /users/{userId}, API tokens, ...).
	ScopeUserWrite = "user:write"
	// ScopeOrganizationRead is the singular scope some endpoints document:
	// feature controls, team permission checks, the enums.
	ScopeOrganizationRead = "organization:read"
	// ScopeOrganizationsRead reads organizations, their invitations,
	// installed apps and user roles.
	ScopeOrganizationsRead = "organizations:read"
	// ScopeOrganizationsWrite creates (White Label administrators),
	// updates and deletes organizations, accepts invitations, adds members.
	ScopeOrganizationsWrite = "organizations:write"
	// ScopeOrganizationVariablesRead reads organization variables and
	// their history. Make's scopes page spells it
	// "organizations-variables:read"; the endpoints use this spelling.
	ScopeOrganizationVariablesRead = "organization-variables:read"
	// ScopeOrganizationVariablesWrite creates, updates and deletes custom
	// organization variables.
	ScopeOrganizationVariablesWrite = "organization-variables:write"
	// ScopeTeamsRead reads teams, their details, team roles and usage.
	ScopeTeamsRead = "teams:read"
	// ScopeTeamsWrite creates, updates and deletes teams.
	ScopeTeamsWrite = "teams:write"
	// ScopeTeamVariablesRead reads team variables and their history. Make's
	// scopes page spells it "teams-variables:read".
	ScopeTeamVariablesRead = "team-variables:read"
	// ScopeTeamVariablesWrite creates, updates and deletes custom team
	// variables.
	ScopeTeamVariablesWrite = "team-variables:write"
	// ScopeAdminRead lets White Label administrators read every
	// administration resource.
	ScopeAdminRead = "admin:read"
	// ScopeAdminWrite lets White Label administrators perform every
	// administration action.
	ScopeAdminWrite = "admin:write"
)

// OAuthEndpoint is Make's OAuth 2.0 endpoint for golang.org/x/oauth2, with
// client authentication client_secret_post (the client secret travels in the
// form body: oauth2.AuthStyleInParams), the only one Make accepts.
// NewOAuthConfig uses it; OAuthEndpointAt gives the endpoint of another
// server (maketest's).
var OAuthEndpoint = oauth2.Endpoint{
	AuthURL:   OAuthServerURL + oauthAuthorizePath,
	TokenURL:  OAuthServerURL + oauthTokenPath,
	AuthStyle: oauth2.AuthStyleInParams,
}

// OAuthEndpointAt returns the endpoint of an authorization server laid out
// like Make's at serverURL: a test server such as maketest's
// (Server.BaseURL), or a private instance. serverURL must be https, except
// for loopback hosts, which may use http; a path, if any, is a prefix of the
// endpoints' paths.
func OAuthEndpointAt(serverURL string) (oauth2.Endpoint, error) {
	root, err := oauthRoot("oauth.ServerURL", serverURL)
	if err != nil {
		return oauth2.Endpoint{}, err
	}
	return oauth2.Endpoint{
		AuthURL:   root + oauthAuthorizePath,
		TokenURL:  root + oauthTokenPath,
		AuthStyle: oauth2.AuthStyleInParams,
	}, nil
}

// oauthRoot checks an authorization server's root URL, given as field, and
// returns it without a trailing slash.
func oauthRoot(field, serverURL string) (string, error) {
	pu, err := url.Parse(serverURL)
	switch {
	case err != nil || pu.Host == "":
		return "", invalid(field, "want an absolute URL such as %s, got %q", OAuthServerURL, serverURL)
	case pu.User != nil:
		return "", invalid(field, "must not contain credentials")
	case pu.RawQuery != "" || pu.ForceQuery || pu.Fragment != "" || strings.ContainsAny(serverURL, "?#"):
		return "", invalid(field, "must not contain a query or fragment")
	case pu.Scheme == "http" && !isLoopback(pu.Hostname()):
		return "", invalid(field, "plain http is allowed only for loopback hosts; use https for %s", pu.Host)
	case pu.Scheme != "http" && pu.Scheme != "https":
		return "", invalid(field, "scheme must be https, got %q", pu.Scheme)
	}
	return strings.TrimSuffix(pu.String(), "/"), nil
}

// OAuthApp is an OAuth 2.0 client registered with Make (see Make's
// "Requesting an OAuth 2.0 client"), as NewOAuthConfig takes it.
type OAuthApp struct {
	// ClientID is the client's ID. Required.
	ClientID string
	// ClientSecret is the secret of a confidential client (a server-side
	// application), which gets refresh tokens; empty for a public client
	// (a single-page, mobile or command-line application), which must use
	// PKCE and gets no refresh token. It prints as [REDACTED] (the
	// oauth2.Config that NewOAuthConfig returns holds it as a plain string:
	// do not print or log that).
	ClientSecret Secret
	// RedirectURL is a redirect URI registered for the client, where the
	// user's browser brings the authorization code: an absolute URL without
	// a fragment, e.g. https://app.example.com/callback or, for a program
	// on the user's machine, http://127.0.0.1:PORT/callback. Required.
	RedirectURL string
	// Scopes are the scopes to ask for (the Scope... constants); at least
	// one. Make separates scopes with spaces or commas, so a scope holds
	// neither.
	Scopes []string
	// ServerURL is the root URL of the authorization server:
	// OAuthServerURL when empty; a maketest server's BaseURL in tests (see
	// OAuthEndpointAt).
	ServerURL string
}

// LogValue logs the app with its secret redacted.
func (a OAuthApp) LogValue() slog.Value { return redactedLogValue(a) }

// NewOAuthConfig returns the golang.org/x/oauth2 configuration of app for
// Make's authorization server: its endpoint with client_secret_post, the
// client, the redirect URL and the scopes. It checks app and refuses a bad
// field with a *ValidationError naming it. It does no network I/O.
//
// The authorization code flow with PKCE (S256), which Make requires of
// public clients and accepts from every client, is x/oauth2's:
//
//	verifier := oauth2.GenerateVerifier() // keep it with the state until the redirect comes back
//	authURL := conf.AuthCodeURL(state, oauth2.S256ChallengeOption(verifier))
//	// ... the user approves; Make redirects to RedirectURL?code=...&state=...
//	tok, err := conf.Exchange(ctx, code, oauth2.VerifierOption(verifier))
//	client, err := make.NewClient(zone, "", make.WithTokenSource(conf.TokenSource(ctx, tok)))
//
// The token source refreshes the access token (valid one hour) with the
// refresh token of a confidential client, using ctx (and the *http.Client
// stored in it under oauth2.HTTPClient, if any) for every refresh: give it a
// context that lives as long as the client. Make rotates refresh tokens: a
// program that stores tokens stores the source's latest one. RevokeOAuthToken
// signs the user out.
func NewOAuthConfig(app OAuthApp) (*oauth2.Config, error) {
	endpoint := OAuthEndpoint
	if app.ServerURL != "" {
		var err error
		if endpoint, err = OAuthEndpointAt(app.ServerURL); err != nil {
			return nil, err
		}
	}
	switch {
	case app.ClientID == "":
		return nil, invalid("oauth.ClientID", "is required")
	case hasSpaceOrControl(app.ClientID):
		return nil, invalid("oauth.ClientID", "contains spaces or control characters")
	case hasSpaceOrControl(string(app.ClientSecret)):
		return nil, invalid("oauth.ClientSecret", "contains spaces or control characters")
	case len(app.Scopes) == 0:
		return nil, invalid("oauth.Scopes", "is empty; ask for at least one scope, e.g. make.ScopeUserRead")
	}
	if err := checkRedirectURL(app.RedirectURL); err != nil {
		return nil, err
	}
	for i, sc := range app.Scopes {
		if sc == "" || hasSpaceOrControl(sc) || strings.Contains(sc, ",") {
			return nil, invalid(fmt.Sprintf("oauth.Scopes[%d]", i), "must be one non-empty scope without spaces, commas or control characters, got %q", sc)
		}
	}
	return &oauth2.Config{
		ClientID:     app.ClientID,
		ClientSecret: string(app.ClientSecret),
		Endpoint:     endpoint,
		RedirectURL:  app.RedirectURL,
		Scopes:       append([]string(nil), app.Scopes...),
	}, nil
}

// checkRedirectURL accepts an absolute URL without a fragment (RFC 6749
// 3.1.2).
func checkRedirectURL(u string) error {
	const field = "oauth.RedirectURL"
	if u == "" {
		return invalid(field, "is required: a redirect URI registered for the client")
	}
	pu, err := url.Parse(u)
	switch {
	case err != nil || pu.Scheme == "" || (pu.Host == "" && pu.Opaque == "" && pu.Path == ""):
		return invalid(field, "want an absolute URL such as https://app.example.com/callback, got %q", u)
	case pu.Fragment != "" || strings.Contains(u, "#"):
		return invalid(field, "must not contain a fragment")
	case hasSpaceOrControl(u):
		return invalid(field, "contains spaces or control characters")
	}
	return nil
}

func hasSpaceOrControl(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || r == 0x7f })
}

// maxOAuthBody bounds the body of an authorization server's answer that
// RevokeOAuthToken reads.
const maxOAuthBody = 1 << 20

// RevokeOAuthToken revokes token, an access token or a refresh token of
// conf's client (RFC 7009), at the revocation endpoint next to
// conf.Endpoint.TokenURL (Make's /oauth/v2/revoke), authenticating the
// client as the token endpoint does (client_secret_post). Revoking a refresh
// token also revokes the access tokens issued with it. It sends through the
// *http.Client stored in ctx under oauth2.HTTPClient, like x/oauth2, or
// http.DefaultClient, without following redirects. A token the server
// does not know is not an error (RFC 7009: it answers 200). An error answer
// is an *oauth2.RetrieveError with the server's error code; neither the
// token nor the client secret appears in an error.
func RevokeOAuthToken(ctx context.Context, conf *oauth2.Config, token string) error {
	switch {
	case conf == nil:
		return invalid("oauth.Config", "must not be nil")
	case conf.ClientID == "":
		return invalid("oauth.Config.ClientID", "is required")
	case token == "":
		return invalid("token", "is empty")
	}
	root, ok := strings.CutSuffix(conf.Endpoint.TokenURL, oauthTokenPath)
	if !ok {
		return invalid("oauth.Config.Endpoint.TokenURL", "must end in %s to find the revocation endpoint next to it, got %q", oauthTokenPath, conf.Endpoint.TokenURL)
	}
	if _, err := oauthRoot("oauth.Config.Endpoint.TokenURL", root); err != nil {
		return err
	}
	form := url.Values{"token": {token}, "client_id": {conf.ClientID}}
	if conf.ClientSecret != "" {
		form.Set("client_secret", conf.ClientSecret)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, root+oauthRevokePath, strings.NewReader(form.Encode()))
	if err != nil {
		return fmt.Errorf("make: revoking an OAuth 2.0 token: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	hc := *http.DefaultClient
	if c, ok := ctx.Value(oauth2.HTTPClient).(*http.Client); ok && c != nil {
		hc = *c
	}
	// A redirect is an error answer: following a 307 or 308 would send
	// the token and the client secret on, wherever it points.
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	sc := newScrubber([]string{token, conf.ClientSecret})
	resp, err := hc.Do(req)
	if err != nil {
		return fmt.Errorf("make: revoking an OAuth 2.0 token: %w", sc.error(err))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxOAuthBody))
	if err != nil {
		return fmt.Errorf("make: revoking an OAuth 2.0 token: reading the answer: %w", sc.error(err))
	}
	if resp.StatusCode >= 200 && resp.StatusCode <= 299 {
		return nil
	}
	// An error answer: RFC 6749 5.2's JSON, with whatever secret the
	// server echoed removed.
	re := &oauth2.RetrieveError{Response: resp, Body: sc.bytes(body)}
	var e struct {
		Error       string `json:"error"`
		Description string `json:"error_description"`
		URI         string `json:"error_uri"`
	}
	if json.Unmarshal(body, &e) == nil {
		re.ErrorCode, re.ErrorDescription, re.ErrorURI = sc.string(e.Error), sc.string(e.Description), sc.string(e.URI)
	}
	return re
}
