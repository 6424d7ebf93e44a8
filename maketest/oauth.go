package maketest

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// The authorization server: Make runs one OAuth 2.0 server for every zone
// (https://www.make.com/oauth/v2/...); the fake serves it next to the API, at
// its BaseURL, so that a program's whole "Sign in with Make" flow runs
// offline: make.OAuthEndpointAt(s.BaseURL()) or
// make.OAuthApp{ServerURL: s.BaseURL()} point golang.org/x/oauth2 at it.
//
//	GET  /oauth/v2/authorize                 approves at once, redirects with code and state
//	POST /oauth/v2/token                     authorization_code (PKCE S256) and refresh_token grants
//	POST /oauth/v2/revoke                    RFC 7009
//	GET  /.well-known/openid-configuration   the discovery document
//
// Clients authenticate with client_secret_post (client_id and client_secret
// in the form body), as Make's do. The access tokens it issues are accepted
// by the fake's API as "Authorization: Bearer <token>" with exactly the
// granted scopes, for OAuthTokenLifetime (by the server's clock, WithClock).
// The fake issues no ID token: the openid scope may be asked for and is
// granted, but the token answer has no id_token.

// The paths of the authorization server.
const (
	OAuthAuthorizePath = "/oauth/v2/authorize"
	OAuthTokenPath     = "/oauth/v2/token"
	OAuthRevokePath    = "/oauth/v2/revoke"
	OIDCDiscoveryPath  = "/.well-known/openid-configuration"
)

// OAuthTokenLifetime is how long an access token the fake issues is valid
// (Make's: one hour). Its expires_in says so, and the API answers 401 once
// it has passed by the server's clock.
const OAuthTokenLifetime = time.Hour

// oauthCodeLifetime is how long an authorization code may be exchanged.
const oauthCodeLifetime = 10 * time.Minute

// OAuthClient is an OAuth 2.0 client registered with the fake's
// authorization server (AddOAuthClient).
type OAuthClient struct {
	// ID is the client_id. Required.
	ID string
	// Secret is the client_secret of a confidential client, which gets
	// refresh tokens. Empty for a public client, which must use PKCE and
	// gets no refresh token.
	Secret string
	// RedirectURIs are the redirect URIs the client may use, compared
	// exactly (scheme, host, port, path and query). At least one.
	RedirectURIs []string
	// UserID is the user who approves every authorization request of the
	// client at once; DefaultUserID when 0.
	UserID int64
}

// oauthState is the authorization server's store. It is guarded by s.mu.
type oauthState struct {
	clients map[string]*OAuthClient
	codes   map[string]*oauthCode
	refresh map[string]*oauthRefresh
	grants  int64 // the last grant number given
}

// oauthCode is an authorization code.
type oauthCode struct {
	clientID    string
	redirectURI string // as the authorization request gave it ("" if it gave none)
	challenge   string // PKCE S256 code_challenge, "" without PKCE
	scopes      []string
	userID      int64
	expires     time.Time
	used        bool
	grant       int64 // the tokens issued with it
}

// oauthRefresh is a refresh token.
type oauthRefresh struct {
	clientID string
	userID   int64
	scopes   []string
	grant    int64
	rotated  bool // already exchanged: using it again revokes the grant
}

// AddOAuthClient registers an OAuth 2.0 client with the authorization
// server, replacing one of the same ID. A client without an ID or a redirect
// URI, or with a redirect URI that is not an absolute URL without a fragment
// (RFC 6749 3.1.2), fails the test (panics for a server started by New).
func (s *Server) AddOAuthClient(c OAuthClient) {
	if c.ID == "" || len(c.RedirectURIs) == 0 {
		s.fail("AddOAuthClient: the client needs an ID and at least one redirect URI")
		return
	}
	for _, ru := range c.RedirectURIs {
		if u, err := url.Parse(ru); err != nil || !u.IsAbs() || u.Fragment != "" || strings.Contains(ru, "#") {
			s.fail(fmt.Sprintf("AddOAuthClient: redirect URI %q is not an absolute URL without a fragment", ru))
			return
		}
	}
	c.RedirectURIs = slices.Clone(c.RedirectURIs)
	if c.UserID == 0 {
		c.UserID = DefaultUserID
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.oauthStore().clients[c.ID] = &c
}

// fail reports a misuse of the server: fails the test, or panics for a
// server started by New.
func (s *Server) fail(msg string) {
	if s.tb != nil {
		s.tb.Helper()
		s.tb.Fatalf("maketest: %s", msg)
		return
	}
	panic("maketest: " + msg)
}

// oauthStore returns the authorization server's store. s.mu must be held.
func (s *Server) oauthStore() *oauthState {
	if s.oauth.clients == nil {
		s.oauth = oauthState{clients: map[string]*OAuthClient{}, codes: map[string]*oauthCode{}, refresh: map[string]*oauthRefresh{}}
	}
	return &s.oauth
}

// isOAuthPath reports whether p is a path of the authorization server.
func isOAuthPath(p string) bool {
	switch p {
	case OAuthAuthorizePath, OAuthTokenPath, OAuthRevokePath, OIDCDiscoveryPath:
		return true
	}
	return false
}

// serveOAuth answers a request to the authorization server; body is the
// request body ServeHTTP read.
func (s *Server) serveOAuth(w http.ResponseWriter, r *http.Request, body []byte) {
	method := http.MethodPost
	if r.URL.Path == OAuthAuthorizePath || r.URL.Path == OIDCDiscoveryPath {
		method = http.MethodGet
	}
	if r.Method != method {
		writeOAuthError(w, &oauthError{status: http.StatusMethodNotAllowed, code: "invalid_request",
			desc: fmt.Sprintf("%s answers %s only.", r.URL.Path, method), header: http.Header{"Allow": {method}}})
		return
	}
	switch r.URL.Path {
	case OIDCDiscoveryPath:
		b, _ := json.Marshal(s.discovery())
		writeJSON(w, http.StatusOK, nil, b)
		return
	case OAuthAuthorizePath:
		s.mu.Lock()
		location, err := s.authorize(r.URL.Query())
		s.mu.Unlock()
		if err != nil {
			writeOAuthError(w, err)
			return
		}
		http.Redirect(w, r, location, http.StatusFound)
		return
	}
	form, perr := oauthForm(r, body)
	if perr != nil {
		writeOAuthError(w, perr)
		return
	}
	s.mu.Lock()
	var payload any
	var err *oauthError
	if r.URL.Path == OAuthTokenPath {
		payload, err = s.tokenGrant(r, form)
	} else {
		payload, err = s.revoke(r, form)
	}
	s.mu.Unlock()
	if err != nil {
		writeOAuthError(w, err)
		return
	}
	b, _ := json.Marshal(payload)
	writeJSON(w, http.StatusOK, http.Header{"Cache-Control": {"no-store"}, "Pragma": {"no-cache"}}, b)
}

// oauthError is an error answer of RFC 6749 5.2 (and 4.1.2.1 when it is
// redirected).
type oauthError struct {
	status int
	code   string // error
	desc   string // error_description
	header http.Header
}

func (e *oauthError) Error() string { return e.code + ": " + e.desc }

func errOAuth(code, format string, args ...any) *oauthError {
	status := http.StatusBadRequest
	if code == "invalid_client" {
		status = http.StatusUnauthorized
	}
	return &oauthError{status: status, code: code, desc: fmt.Sprintf(format, args...)}
}

func writeOAuthError(w http.ResponseWriter, e *oauthError) {
	b, _ := json.Marshal(map[string]string{"error": e.code, "error_description": e.desc})
	h := e.header.Clone()
	if h == nil {
		h = http.Header{}
	}
	h.Set("Cache-Control", "no-store")
	writeJSON(w, e.status, h, b)
}

// oauthForm parses the form body of a token or revocation request.
func oauthForm(r *http.Request, body []byte) (url.Values, *oauthError) {
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(strings.ToLower(ct), "application/x-www-form-urlencoded") {
		return nil, errOAuth("invalid_request", "The body must be application/x-www-form-urlencoded, got Content-Type %q.", ct)
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, errOAuth("invalid_request", "The form body does not parse: %v.", err)
	}
	for k, vs := range form {
		if len(vs) > 1 {
			return nil, errOAuth("invalid_request", "Parameter %s is repeated.", k)
		}
	}
	return form, nil
}

// knownScopes are the scopes of the catalogue's oauth2 security scheme.
var knownScopes = sync.OnceValue(func() []string {
	var doc struct {
		Components struct {
			SecuritySchemes map[string]struct {
				Flows map[string]struct {
					Scopes map[string]string `json:"scopes"`
				} `json:"flows"`
			} `json:"securitySchemes"`
		} `json:"components"`
	}
	if err := json.Unmarshal(catalogueJSON, &doc); err != nil {
		panic("maketest: the catalogue does not parse: " + err.Error())
	}
	var out []string
	for _, scheme := range doc.Components.SecuritySchemes {
		for _, flow := range scheme.Flows {
			for sc := range flow.Scopes {
				out = append(out, sc)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
})

// authorize answers GET /oauth/v2/authorize: it approves the request at
// once and returns the redirect with code and state, or the redirect with
// the error (RFC 6749 4.1.2.1); an unknown client or redirect URI is
// answered without a redirect. s.mu must be held.
func (s *Server) authorize(q url.Values) (string, *oauthError) {
	st := s.oauthStore()
	client := st.clients[q.Get("client_id")]
	if client == nil {
		return "", errOAuth("invalid_client", "Unknown client_id %q; register it with AddOAuthClient.", q.Get("client_id"))
	}
	redirectURI := q.Get("redirect_uri")
	target := redirectURI
	switch {
	case redirectURI == "" && len(client.RedirectURIs) == 1:
		target = client.RedirectURIs[0]
	case redirectURI == "":
		return "", errOAuth("invalid_request", "Parameter redirect_uri is required: the client has several redirect URIs.")
	case !slices.Contains(client.RedirectURIs, redirectURI):
		return "", errOAuth("invalid_request", "Parameter redirect_uri %q is not a redirect URI of the client.", redirectURI)
	}
	redirect := func(v url.Values) (string, *oauthError) {
		u, err := url.Parse(target)
		if err != nil {
			return "", errOAuth("invalid_request", "The redirect URI does not parse: %v.", err)
		}
		query := u.Query()
		for k, vs := range v {
			query[k] = vs
		}
		if state := q.Get("state"); state != "" {
			query.Set("state", state)
		}
		u.RawQuery = query.Encode()
		return u.String(), nil
	}
	fail := func(code, format string, args ...any) (string, *oauthError) {
		return redirect(url.Values{"error": {code}, "error_description": {fmt.Sprintf(format, args...)}})
	}
	if rt := q.Get("response_type"); rt != "code" {
		return fail("unsupported_response_type", "Parameter response_type must be code, got %q.", rt)
	}
	scopes, serr := parseScopes(q.Get("scope"))
	if serr != nil {
		return fail(serr.code, "%s", serr.desc)
	}
	challenge, method := q.Get("code_challenge"), q.Get("code_challenge_method")
	switch {
	case challenge == "" && client.Secret == "":
		return fail("invalid_request", "PKCE is required of public clients: send code_challenge and code_challenge_method=S256.")
	case challenge == "" && method != "":
		return fail("invalid_request", "Parameter code_challenge_method was sent without code_challenge.")
	case challenge != "" && method != "S256":
		return fail("invalid_request", "Parameter code_challenge_method must be S256 (the only method Make accepts), got %q.", method)
	case challenge != "" && !isS256Challenge(challenge):
		return fail("invalid_request", "Parameter code_challenge must be the 43-character base64url SHA-256 of the code_verifier.")
	}
	if s.st.user(client.UserID) == nil {
		return fail("access_denied", "The user %d who approves for the client does not exist.", client.UserID)
	}
	code := newSecret("maketest-oauth-code-")
	st.grants++
	st.codes[code] = &oauthCode{
		clientID: client.ID, redirectURI: redirectURI, challenge: challenge, scopes: scopes,
		userID: client.UserID, expires: s.now().Add(oauthCodeLifetime), grant: st.grants,
	}
	return redirect(url.Values{"code": {code}})
}

// parseScopes splits a scope parameter (Make separates scopes with spaces or
// commas) and checks each against the catalogue.
func parseScopes(param string) ([]string, *oauthError) {
	scopes := strings.FieldsFunc(param, func(r rune) bool { return r == ' ' || r == ',' })
	if len(scopes) == 0 {
		return nil, errOAuth("invalid_scope", "Parameter scope is required: the scopes to grant, separated by spaces or commas.")
	}
	for _, sc := range scopes {
		if !slices.Contains(knownScopes(), sc) {
			return nil, errOAuth("invalid_scope", "Unknown scope %q; the catalogue's scopes are %s.", sc, strings.Join(knownScopes(), ", "))
		}
	}
	slices.Sort(scopes)
	return slices.Compact(scopes), nil
}

// isS256Challenge reports whether c looks like base64url(SHA-256(...))
// without padding.
func isS256Challenge(c string) bool {
	b, err := base64.RawURLEncoding.DecodeString(c)
	return err == nil && len(b) == sha256.Size
}

// isVerifier reports whether v is a code_verifier of RFC 7636 4.1.
func isVerifier(v string) bool {
	if len(v) < 43 || len(v) > 128 {
		return false
	}
	return !strings.ContainsFunc(v, func(r rune) bool {
		return !('A' <= r && r <= 'Z' || 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || strings.ContainsRune("-._~", r))
	})
}

// newSecret returns prefix and 32 random bytes, base64url.
func newSecret(prefix string) string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return prefix + base64.RawURLEncoding.EncodeToString(b)
}

// authenticateClient checks the client authentication of a token or
// revocation request: client_secret_post, the only method Make accepts.
// s.mu must be held.
func (s *Server) authenticateClient(r *http.Request, form url.Values) (*OAuthClient, *oauthError) {
	if r.Header.Get("Authorization") != "" {
		e := errOAuth("invalid_client", "Make authenticates clients with client_secret_post only: send client_id and client_secret in the form body, not in an Authorization header.")
		e.header = http.Header{"WWW-Authenticate": {`Basic realm="make"`}}
		return nil, e
	}
	id := form.Get("client_id")
	if id == "" {
		return nil, errOAuth("invalid_client", "Parameter client_id is required.")
	}
	client := s.oauthStore().clients[id]
	if client == nil {
		return nil, errOAuth("invalid_client", "Unknown client_id %q.", id)
	}
	secret := form.Get("client_secret")
	switch {
	case client.Secret == "" && secret != "":
		return nil, errOAuth("invalid_client", "Client %q is public: it has no client_secret.", id)
	case client.Secret != "" && secret == "":
		return nil, errOAuth("invalid_client", "Parameter client_secret is required for the confidential client %q.", id)
	case client.Secret != "" && subtle.ConstantTimeCompare([]byte(secret), []byte(client.Secret)) != 1:
		return nil, errOAuth("invalid_client", "The client_secret of client %q is wrong.", id)
	}
	return client, nil
}

// tokenGrant answers POST /oauth/v2/token. s.mu must be held.
func (s *Server) tokenGrant(r *http.Request, form url.Values) (any, *oauthError) {
	client, err := s.authenticateClient(r, form)
	if err != nil {
		return nil, err
	}
	switch gt := form.Get("grant_type"); gt {
	case "authorization_code":
		return s.exchangeCode(client, form)
	case "refresh_token":
		return s.refreshGrant(client, form)
	case "":
		return nil, errOAuth("invalid_request", "Parameter grant_type is required.")
	default:
		return nil, errOAuth("unsupported_grant_type", "Parameter grant_type must be authorization_code or refresh_token, got %q.", gt)
	}
}

// exchangeCode is the authorization_code grant. A code is burnt by its
// first exchange, failed or not; using it again revokes the tokens issued
// with it (RFC 6749 4.1.2). s.mu must be held.
func (s *Server) exchangeCode(client *OAuthClient, form url.Values) (any, *oauthError) {
	st := s.oauthStore()
	code := st.codes[form.Get("code")]
	switch {
	case form.Get("code") == "":
		return nil, errOAuth("invalid_request", "Parameter code is required.")
	case code == nil || code.clientID != client.ID:
		return nil, errOAuth("invalid_grant", "The authorization code is invalid.")
	case code.used:
		s.revokeGrant(code.grant)
		return nil, errOAuth("invalid_grant", "The authorization code was already used; the tokens issued with it are revoked.")
	}
	code.used = true
	verifier := form.Get("code_verifier")
	switch {
	case !s.now().Before(code.expires):
		return nil, errOAuth("invalid_grant", "The authorization code has expired.")
	case code.redirectURI != "" && form.Get("redirect_uri") != code.redirectURI:
		return nil, errOAuth("invalid_grant", "Parameter redirect_uri must be the one of the authorization request.")
	case code.challenge == "" && verifier != "":
		return nil, errOAuth("invalid_grant", "Parameter code_verifier was sent, but the authorization request had no code_challenge.")
	case code.challenge != "" && verifier == "":
		return nil, errOAuth("invalid_grant", "Parameter code_verifier is required: the authorization request used PKCE.")
	case code.challenge != "" && !isVerifier(verifier):
		return nil, errOAuth("invalid_grant", "Parameter code_verifier must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~ (RFC 7636).")
	case code.challenge != "" && s256(verifier) != code.challenge:
		return nil, errOAuth("invalid_grant", "The code_verifier does not match the code_challenge of the authorization request (PKCE S256).")
	}
	return s.issueTokens(client, code.userID, code.scopes, code.grant), nil
}

func s256(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// refreshGrant is the refresh_token grant: a new access token and a new
// refresh token (Make rotates them); the old refresh token used again
// revokes every token of the grant. s.mu must be held.
func (s *Server) refreshGrant(client *OAuthClient, form url.Values) (any, *oauthError) {
	st := s.oauthStore()
	value := form.Get("refresh_token")
	rt := st.refresh[value]
	switch {
	case value == "":
		return nil, errOAuth("invalid_request", "Parameter refresh_token is required.")
	case rt == nil || rt.clientID != client.ID:
		return nil, errOAuth("invalid_grant", "The refresh token is invalid, expired or revoked.")
	case rt.rotated:
		s.revokeGrant(rt.grant)
		return nil, errOAuth("invalid_grant", "The refresh token was already used; every token issued with it is revoked.")
	}
	scopes := rt.scopes
	if form.Has("scope") {
		asked, err := parseScopes(form.Get("scope"))
		if err != nil {
			return nil, err
		}
		for _, sc := range asked {
			if !slices.Contains(rt.scopes, sc) {
				return nil, errOAuth("invalid_scope", "Scope %q was not granted to this refresh token.", sc)
			}
		}
		scopes = asked
	}
	rt.rotated = true
	return s.issueTokens(client, rt.userID, scopes, rt.grant), nil
}

// issueTokens makes an access token (and a refresh token for a confidential
// client) of the grant and returns the token answer. s.mu must be held.
func (s *Server) issueTokens(client *OAuthClient, userID int64, scopes []string, grant int64) map[string]any {
	access := newSecret("maketest-oauth-access-")
	s.addToken(access, userID, true, scopes)
	t := s.tokens[access]
	t.expires, t.clientID, t.grant = s.now().Add(OAuthTokenLifetime), client.ID, grant
	answer := map[string]any{
		"access_token": access,
		"token_type":   "Bearer",
		"expires_in":   int(OAuthTokenLifetime / time.Second),
		"scope":        strings.Join(scopes, " "),
	}
	if client.Secret != "" {
		refresh := newSecret("maketest-oauth-refresh-")
		s.oauthStore().refresh[refresh] = &oauthRefresh{clientID: client.ID, userID: userID, scopes: slices.Clone(scopes), grant: grant}
		answer["refresh_token"] = refresh
	}
	return answer
}

// revokeGrant revokes every access and refresh token of a grant. Revoked
// access tokens stay in s.tokens, marked, so that WithAnyToken does not
// accept them as unknown tokens. s.mu must be held.
func (s *Server) revokeGrant(grant int64) {
	for _, t := range s.tokens {
		if t.grant == grant {
			t.revoked = true
		}
	}
	st := s.oauthStore()
	for v, rt := range st.refresh {
		if rt.grant == grant {
			delete(st.refresh, v)
		}
	}
}

// revoke answers POST /oauth/v2/revoke (RFC 7009): an access token is
// revoked alone, a refresh token with every token of its grant; a token the
// server does not know (an API token included) is answered 200 and left
// alone. s.mu must be held.
func (s *Server) revoke(r *http.Request, form url.Values) (any, *oauthError) {
	client, err := s.authenticateClient(r, form)
	if err != nil {
		return nil, err
	}
	value := form.Get("token")
	if value == "" {
		return nil, errOAuth("invalid_request", "Parameter token is required.")
	}
	owner := ""
	if t := s.tokens[value]; t != nil && t.oauth && t.clientID != "" {
		owner = t.clientID
	} else if rt := s.oauthStore().refresh[value]; rt != nil {
		owner = rt.clientID
	}
	switch {
	case owner == "":
		return struct{}{}, nil
	case owner != client.ID:
		return nil, errOAuth("unauthorized_client", "The token was issued to another client.")
	}
	if rt := s.oauthStore().refresh[value]; rt != nil {
		s.revokeGrant(rt.grant)
	} else {
		s.tokens[value].revoked = true
	}
	return struct{}{}, nil
}

// discovery is the OpenID Connect discovery document of the fake's
// authorization server: what it serves and accepts.
func (s *Server) discovery() map[string]any {
	base := s.BaseURL()
	return map[string]any{
		"issuer":                                     base,
		"authorization_endpoint":                     base + OAuthAuthorizePath,
		"token_endpoint":                             base + OAuthTokenPath,
		"revocation_endpoint":                        base + OAuthRevokePath,
		"scopes_supported":                           knownScopes(),
		"response_types_supported":                   []string{"code"},
		"grant_types_supported":                      []string{"authorization_code", "refresh_token"},
		"code_challenge_methods_supported":           []string{"S256"},
		"token_endpoint_auth_methods_supported":      []string{"client_secret_post", "none"},
		"revocation_endpoint_auth_methods_supported": []string{"client_secret_post", "none"},
	}
}
