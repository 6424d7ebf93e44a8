package maketest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

const (
	tClient   = "client-1"
	tSecret   = "client-1-secret-5e2a"
	tRedirect = "http://127.0.0.1:7777/cb"
	tVerifier = "verifier-0123456789-0123456789-0123456789-abcdef"
)

type oauthResult struct {
	status   int
	header   http.Header
	body     map[string]any
	location *url.URL
}

func (r oauthResult) str(k string) string { s, _ := r.body[k].(string); return s }

func readOAuth(t *testing.T, resp *http.Response) oauthResult {
	t.Helper()
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	r := oauthResult{status: resp.StatusCode, header: resp.Header}
	if loc := resp.Header.Get("Location"); loc != "" {
		if r.location, err = url.Parse(loc); err != nil {
			t.Fatal(err)
		}
	}
	if len(raw) > 0 && strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(raw, &r.body); err != nil {
			t.Fatalf("not a JSON object: %v: %s", err, raw)
		}
	}
	return r
}

// authorizeReq sends GET /oauth/v2/authorize with q, not following the
// redirect.
func authorizeReq(t *testing.T, s *Server, q url.Values) oauthResult {
	t.Helper()
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := hc.Get(s.BaseURL() + OAuthAuthorizePath + "?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	return readOAuth(t, resp)
}

// formPost posts form to path; header may add an Authorization.
func formPost(t *testing.T, s *Server, path string, form url.Values, header http.Header) oauthResult {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, s.BaseURL()+path, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, vs := range header {
		req.Header[k] = vs
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return readOAuth(t, resp)
}

func expectOAuthError(t *testing.T, r oauthResult, status int, code, descPart string) {
	t.Helper()
	if r.status != status || r.str("error") != code || !strings.Contains(r.str("error_description"), descPart) {
		t.Fatalf("got %d %v, want %d %s containing %q", r.status, r.body, status, code, descPart)
	}
	if r.header.Get("Cache-Control") != "no-store" {
		t.Errorf("Cache-Control %q, want no-store", r.header.Get("Cache-Control"))
	}
}

func oauthServer(t *testing.T, opts ...Option) *Server {
	t.Helper()
	s := NewServer(t, opts...)
	s.AddOAuthClient(OAuthClient{ID: tClient, Secret: tSecret, RedirectURIs: []string{tRedirect}})
	return s
}

func authQuery(scope string) url.Values {
	return url.Values{
		"client_id": {tClient}, "redirect_uri": {tRedirect}, "response_type": {"code"}, "scope": {scope},
		"state": {"st"}, "code_challenge": {s256(tVerifier)}, "code_challenge_method": {"S256"},
	}
}

// code runs an authorization request that must succeed and returns its code.
func code(t *testing.T, s *Server, q url.Values) string {
	t.Helper()
	r := authorizeReq(t, s, q)
	if r.status != http.StatusFound || r.location == nil || r.location.Query().Get("code") == "" {
		t.Fatalf("authorize: %d %v %v", r.status, r.location, r.body)
	}
	return r.location.Query().Get("code")
}

func exchangeForm(code string) url.Values {
	return url.Values{
		"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {tRedirect},
		"client_id": {tClient}, "client_secret": {tSecret}, "code_verifier": {tVerifier},
	}
}

func tokens(t *testing.T, s *Server, form url.Values) (access, refresh string) {
	t.Helper()
	r := formPost(t, s, OAuthTokenPath, form, nil)
	if r.status != http.StatusOK || r.str("access_token") == "" {
		t.Fatalf("token: %d %v", r.status, r.body)
	}
	if r.header.Get("Cache-Control") != "no-store" {
		t.Errorf("token answer Cache-Control %q", r.header.Get("Cache-Control"))
	}
	return r.str("access_token"), r.str("refresh_token")
}

func TestOAuthAuthorize(t *testing.T) {
	s := oauthServer(t)
	// Approved at once: the redirect keeps the redirect URI's own query.
	s.AddOAuthClient(OAuthClient{ID: "q", Secret: "x", RedirectURIs: []string{"https://app.example.com/cb?tenant=7"}})
	q := authQuery("user:read,organization:read")
	q.Set("client_id", "q")
	q.Del("redirect_uri") // optional with one registered URI
	r := authorizeReq(t, s, q)
	if r.status != http.StatusFound || r.location.Host != "app.example.com" || r.location.Query().Get("tenant") != "7" ||
		r.location.Query().Get("state") != "st" || r.location.Query().Get("code") == "" {
		t.Fatalf("got %d %v", r.status, r.location)
	}

	// Not redirected: the client or the redirect URI is not trusted.
	for name, edit := range map[string]func(url.Values){
		"unknown client":           func(q url.Values) { q.Set("client_id", "nobody") },
		"unregistered redirect":    func(q url.Values) { q.Set("redirect_uri", "http://127.0.0.1:7778/cb") },
		"redirect differs by path": func(q url.Values) { q.Set("redirect_uri", tRedirect+"/x") },
	} {
		t.Run(name, func(t *testing.T) {
			q := authQuery("user:read")
			edit(q)
			r := authorizeReq(t, s, q)
			if r.status != http.StatusBadRequest && r.status != http.StatusUnauthorized || r.location != nil || r.str("error") == "" {
				t.Fatalf("got %d %v %v", r.status, r.location, r.body)
			}
		})
	}

	// Redirected with the error and the state.
	for _, tc := range []struct {
		name, code, desc string
		edit             func(url.Values)
	}{
		{"token response type", "unsupported_response_type", "response_type", func(q url.Values) { q.Set("response_type", "token") }},
		{"no scope", "invalid_scope", "scope is required", func(q url.Values) { q.Del("scope") }},
		{"the scopes page's spelling", "invalid_scope", `"organizations-variables:read"`, func(q url.Values) { q.Set("scope", "user:read organizations-variables:read") }},
		{"plain PKCE", "invalid_request", "S256", func(q url.Values) { q.Set("code_challenge_method", "plain") }},
		{"PKCE method missing", "invalid_request", "S256", func(q url.Values) { q.Del("code_challenge_method") }},
		{"challenge not S256", "invalid_request", "code_challenge", func(q url.Values) { q.Set("code_challenge", "short") }},
		{"method without challenge", "invalid_request", "without code_challenge", func(q url.Values) { q.Del("code_challenge") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := authQuery("user:read")
			tc.edit(q)
			r := authorizeReq(t, s, q)
			if r.status != http.StatusFound || r.location == nil {
				t.Fatalf("got %d %v", r.status, r.body)
			}
			lq := r.location.Query()
			if lq.Get("error") != tc.code || !strings.Contains(lq.Get("error_description"), tc.desc) || lq.Get("state") != "st" || lq.Has("code") {
				t.Fatalf("redirect %v", r.location)
			}
		})
	}

	// A confidential client may skip PKCE; a public one may not.
	q = authQuery("user:read")
	q.Del("code_challenge")
	q.Del("code_challenge_method")
	c := code(t, s, q)
	form := exchangeForm(c)
	form.Del("code_verifier")
	tokens(t, s, form)
	s.AddOAuthClient(OAuthClient{ID: "public", RedirectURIs: []string{tRedirect}})
	q.Set("client_id", "public")
	if r := authorizeReq(t, s, q); r.location.Query().Get("error") != "invalid_request" {
		t.Fatalf("public client without PKCE: %v", r.location)
	}

	resp, err := http.Post(s.BaseURL()+OAuthAuthorizePath, "application/x-www-form-urlencoded", nil)
	if err != nil {
		t.Fatal(err)
	}
	r = readOAuth(t, resp)
	if r.status != http.StatusMethodNotAllowed || r.header.Get("Allow") != http.MethodGet {
		t.Fatalf("POST authorize: %d %v", r.status, r.header)
	}
}

func TestOAuthToken_Refused(t *testing.T) {
	s := oauthServer(t)
	s.AddOAuthClient(OAuthClient{ID: "other", Secret: "other-secret", RedirectURIs: []string{tRedirect}})
	s.AddOAuthClient(OAuthClient{ID: "public", RedirectURIs: []string{tRedirect}})
	for _, tc := range []struct {
		name         string
		edit         func(url.Values)
		header       http.Header
		status       int
		code, inDesc string
	}{
		{"basic auth", func(f url.Values) { f.Del("client_secret") }, http.Header{"Authorization": {"Basic Y2xpZW50LTE6eA=="}}, 401, "invalid_client", "client_secret_post"},
		{"no client", func(f url.Values) { f.Del("client_id") }, nil, 401, "invalid_client", "client_id is required"},
		{"unknown client", func(f url.Values) { f.Set("client_id", "nobody") }, nil, 401, "invalid_client", "Unknown client_id"},
		{"no secret", func(f url.Values) { f.Del("client_secret") }, nil, 401, "invalid_client", "client_secret is required"},
		{"wrong secret", func(f url.Values) { f.Set("client_secret", "wrong") }, nil, 401, "invalid_client", "is wrong"},
		{"secret of a public client", func(f url.Values) { f.Set("client_id", "public") }, nil, 401, "invalid_client", "public"},
		{"no grant type", func(f url.Values) { f.Del("grant_type") }, nil, 400, "invalid_request", "grant_type is required"},
		{"client credentials", func(f url.Values) { f.Set("grant_type", "client_credentials") }, nil, 400, "unsupported_grant_type", "client_credentials"},
		{"no code", func(f url.Values) { f.Del("code") }, nil, 400, "invalid_request", "code is required"},
		{"unknown code", func(f url.Values) { f.Set("code", "made-up") }, nil, 400, "invalid_grant", "invalid"},
		{"code of another client", func(f url.Values) { f.Set("client_id", "other"); f.Set("client_secret", "other-secret") }, nil, 400, "invalid_grant", "invalid"},
		{"other redirect", func(f url.Values) { f.Set("redirect_uri", "http://127.0.0.1:7777/other") }, nil, 400, "invalid_grant", "redirect_uri"},
		{"short verifier", func(f url.Values) { f.Set("code_verifier", "abc") }, nil, 400, "invalid_grant", "43 to 128"},
		{"wrong verifier", func(f url.Values) { f.Set("code_verifier", tVerifier+"x") }, nil, 400, "invalid_grant", "does not match"},
		{"repeated parameter", func(f url.Values) { f.Add("code", "again") }, nil, 400, "invalid_request", "repeated"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			form := exchangeForm(code(t, s, authQuery("user:read")))
			tc.edit(form)
			r := formPost(t, s, OAuthTokenPath, form, tc.header)
			expectOAuthError(t, r, tc.status, tc.code, tc.inDesc)
			if tc.header != nil && r.header.Get("WWW-Authenticate") == "" {
				t.Error("401 to an Authorization header without WWW-Authenticate")
			}
			if strings.Contains(r.str("error_description"), tSecret) {
				t.Error("the secret is in the error")
			}
		})
	}

	// A JSON body is not a form.
	req, _ := http.NewRequest(http.MethodPost, s.BaseURL()+OAuthTokenPath, strings.NewReader(`{"grant_type":"authorization_code"}`))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	expectOAuthError(t, readOAuth(t, resp), 400, "invalid_request", "x-www-form-urlencoded")

	// An expired code.
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	s2 := oauthServer(t, WithClock(func() time.Time { return now }))
	c := code(t, s2, authQuery("user:read"))
	now = now.Add(oauthCodeLifetime)
	expectOAuthError(t, formPost(t, s2, OAuthTokenPath, exchangeForm(c), nil), 400, "invalid_grant", "expired")
}

func TestOAuthToken_LifetimeRefreshAndReuse(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	s := oauthServer(t, WithClock(func() time.Time { return now }))
	r := formPost(t, s, OAuthTokenPath, exchangeForm(code(t, s, authQuery("user:read organization:read"))), nil)
	if r.status != 200 || r.str("token_type") != "Bearer" || r.body["expires_in"] != float64(3600) ||
		r.str("scope") != "organization:read user:read" || r.str("refresh_token") == "" || r.body["id_token"] != nil {
		t.Fatalf("token answer %d %v", r.status, r.body)
	}
	access, refresh := r.str("access_token"), r.str("refresh_token")

	expectStatus(t, doAuth(t, s, "GET", "/users/me", "Bearer "+access, nil), 200, "")
	// Exactly the granted scopes.
	me := doAuth(t, s, "GET", "/users/me/current-authorization", "Bearer "+access, nil)
	if sc, _ := me.body["authorization"].(map[string]any)["scope"].([]any); len(sc) != 2 {
		t.Fatalf("scopes %s", me.raw)
	}
	expectStatus(t, doAuth(t, s, "GET", "/users/me/api-tokens", "Bearer "+access, nil), 200, "")
	expectStatus(t, doAuth(t, s, "GET", "/organizations", "Bearer "+access, nil), 403, CodeForbidden)
	// Only as Bearer, and never the refresh token.
	expectStatus(t, doAuth(t, s, "GET", "/users/me", "Token "+access, nil), 401, CodeInvalidCredentials)
	expectStatus(t, doAuth(t, s, "GET", "/users/me", "Bearer "+refresh, nil), 401, CodeInvalidCredentials)

	// One hour later the access token has expired.
	now = now.Add(OAuthTokenLifetime)
	res := doAuth(t, s, "GET", "/users/me", "Bearer "+access, nil)
	expectStatus(t, res, 401, CodeInvalidCredentials)
	if !strings.Contains(string(res.raw), "expired") {
		t.Fatalf("401 body %s", res.raw)
	}

	// Refresh, narrowing the scopes; a wider scope is refused.
	form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refresh}, "client_id": {tClient}, "client_secret": {tSecret}}
	wide := url.Values{"scope": {"user:write"}}
	for k, v := range form {
		wide[k] = v
	}
	expectOAuthError(t, formPost(t, s, OAuthTokenPath, wide, nil), 400, "invalid_scope", "user:write")
	narrow := url.Values{"scope": {"organization:read"}}
	for k, v := range form {
		narrow[k] = v
	}
	access2, refresh2 := tokens(t, s, narrow)
	if refresh2 == refresh || access2 == access {
		t.Fatal("refresh must rotate the tokens")
	}
	expectStatus(t, doAuth(t, s, "GET", "/users/me", "Bearer "+access2, nil), 200, "")
	expectStatus(t, doAuth(t, s, "GET", "/users/me/api-tokens", "Bearer "+access2, nil), 403, CodeForbidden)

	// The rotated refresh token used again: refused, and every token of
	// the grant is revoked (a stolen refresh token is caught).
	expectOAuthError(t, formPost(t, s, OAuthTokenPath, form, nil), 400, "invalid_grant", "already used")
	expectStatus(t, doAuth(t, s, "GET", "/users/me", "Bearer "+access2, nil), 401, CodeInvalidCredentials)
	form.Set("refresh_token", refresh2)
	expectOAuthError(t, formPost(t, s, OAuthTokenPath, form, nil), 400, "invalid_grant", "revoked")
}

func TestOAuthRevoke(t *testing.T) {
	s := oauthServer(t)
	s.AddOAuthClient(OAuthClient{ID: "other", Secret: "other-secret", RedirectURIs: []string{tRedirect}})
	access, refresh := tokens(t, s, exchangeForm(code(t, s, authQuery("organization:read"))))
	revoke := func(tok, client, secret string) oauthResult {
		return formPost(t, s, OAuthRevokePath, url.Values{"token": {tok}, "token_type_hint": {"access_token"}, "client_id": {client}, "client_secret": {secret}}, nil)
	}

	// Unknown tokens and API tokens are answered 200 and left alone.
	for _, tok := range []string{"never-issued", DefaultToken, OAuthToken} {
		if r := revoke(tok, tClient, tSecret); r.status != 200 {
			t.Fatalf("revoke %s: %d %v", tok, r.status, r.body)
		}
	}
	expectStatus(t, doReq(t, s, "GET", "/users/me", DefaultToken, nil), 200, "")
	expectStatus(t, doAuth(t, s, "GET", "/users/me", "Bearer "+OAuthToken, nil), 200, "")

	expectOAuthError(t, revoke(access, "other", "other-secret"), 400, "unauthorized_client", "another client")
	expectOAuthError(t, revoke(access, tClient, "wrong"), 401, "invalid_client", "wrong")
	expectOAuthError(t, revoke("", tClient, tSecret), 400, "invalid_request", "token is required")
	expectStatus(t, doAuth(t, s, "GET", "/users/me", "Bearer "+access, nil), 200, "")

	if r := revoke(access, tClient, tSecret); r.status != 200 {
		t.Fatalf("revoke: %d %v", r.status, r.body)
	}
	expectStatus(t, doAuth(t, s, "GET", "/users/me", "Bearer "+access, nil), 401, CodeInvalidCredentials)
	// The refresh token still works, until it is revoked too.
	access2, _ := tokens(t, s, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refresh}, "client_id": {tClient}, "client_secret": {tSecret}})
	expectStatus(t, doAuth(t, s, "GET", "/users/me", "Bearer "+access2, nil), 200, "")
	if r := revoke(refresh, tClient, tSecret); r.status != 200 {
		t.Fatalf("revoke refresh: %d %v", r.status, r.body)
	}
	expectStatus(t, doAuth(t, s, "GET", "/users/me", "Bearer "+access2, nil), 401, CodeInvalidCredentials)
}

func TestOAuthDiscovery(t *testing.T) {
	s := NewServer(t, WithRateLimit(1))
	for range 3 { // the authorization server is not rate limited
		resp, err := http.Get(s.BaseURL() + OIDCDiscoveryPath)
		if err != nil {
			t.Fatal(err)
		}
		r := readOAuth(t, resp)
		if r.status != 200 || r.str("issuer") != s.BaseURL() || r.str("token_endpoint") != s.BaseURL()+OAuthTokenPath ||
			r.str("revocation_endpoint") != s.BaseURL()+OAuthRevokePath || r.str("authorization_endpoint") != s.BaseURL()+OAuthAuthorizePath {
			t.Fatalf("discovery %d %v", r.status, r.body)
		}
		scopes, _ := r.body["scopes_supported"].([]any)
		if len(scopes) != len(knownScopes()) || len(scopes) < 10 {
			t.Fatalf("scopes_supported %v", scopes)
		}
	}
	// Recorded like every request, under its full path.
	reqs := s.Requests()
	if len(reqs) != 3 || reqs[0].Path != OIDCDiscoveryPath || reqs[0].OperationID != "" {
		t.Fatalf("requests %+v", reqs)
	}
}

func TestAddOAuthClient_Misuse(t *testing.T) {
	s := New()
	defer s.Close()
	for _, c := range []OAuthClient{
		{ID: "no-redirect"},
		{RedirectURIs: []string{tRedirect}},
		{ID: "relative", RedirectURIs: []string{"/callback"}},
		{ID: "fragment", RedirectURIs: []string{tRedirect + "#x"}},
	} {
		func() {
			defer func() {
				if p, _ := recover().(string); !strings.Contains(p, "AddOAuthClient") {
					t.Errorf("%+v: panic %q", c, p)
				}
			}()
			s.AddOAuthClient(c)
		}()
	}
}

// Racing exchanges of one code: exactly one gets tokens.
func TestOAuthToken_CodeSingleUseUnderRace(t *testing.T) {
	s := oauthServer(t)
	form := exchangeForm(code(t, s, authQuery("user:read")))
	const n = 8
	statuses := make(chan int, n)
	for range n {
		go func() {
			resp, err := http.PostForm(s.BaseURL()+OAuthTokenPath, form)
			if err != nil {
				statuses <- 0
				return
			}
			resp.Body.Close()
			statuses <- resp.StatusCode
		}()
	}
	ok := 0
	for range n {
		switch st := <-statuses; st {
		case http.StatusOK:
			ok++
		case http.StatusBadRequest:
		default:
			t.Errorf("status %d", st)
		}
	}
	if ok != 1 {
		t.Fatalf("%d exchanges of one code succeeded, want 1", ok)
	}
}

// Under WithAnyToken (makefake's mode) a revoked or expired access token is
// still refused: it is not taken for an unknown token.
func TestOAuth_AnyTokenKeepsRevocations(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	s := oauthServer(t, WithAnyToken(), WithClock(func() time.Time { return now }))
	expectStatus(t, doAuth(t, s, "GET", "/users/me", "Bearer any-unknown-token", nil), 200, "")
	access, refresh := tokens(t, s, exchangeForm(code(t, s, authQuery("organization:read"))))
	expectStatus(t, doAuth(t, s, "GET", "/users/me", "Bearer "+access, nil), 200, "")
	if r := formPost(t, s, OAuthRevokePath, url.Values{"token": {access}, "client_id": {tClient}, "client_secret": {tSecret}}, nil); r.status != 200 {
		t.Fatalf("revoke: %d %v", r.status, r.body)
	}
	expectStatus(t, doAuth(t, s, "GET", "/users/me", "Bearer "+access, nil), 401, CodeInvalidCredentials)
	access2, _ := tokens(t, s, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refresh}, "client_id": {tClient}, "client_secret": {tSecret}})
	now = now.Add(OAuthTokenLifetime)
	expectStatus(t, doAuth(t, s, "GET", "/users/me", "Bearer "+access2, nil), 401, CodeInvalidCredentials)
}

// A fault without an operation applies to the authorization server too, so
// that a program's handling of an outage of the token endpoint is tested.
func TestOAuth_Fault(t *testing.T) {
	s := oauthServer(t)
	c := code(t, s, authQuery("organization:read"))
	s.InjectFault(Fault{Status: http.StatusServiceUnavailable, Times: 1})
	if r := formPost(t, s, OAuthTokenPath, exchangeForm(c), nil); r.status != http.StatusServiceUnavailable {
		t.Fatalf("faulted token request: %d", r.status)
	}
	tokens(t, s, exchangeForm(c)) // the faulted request never reached the server: the code is still good
}
