// Command oauth-login signs a user in with Make (OAuth 2.0, authorization
// code flow with PKCE) from a program on the user's machine: it listens on a
// loopback address for the redirect, exchanges the code, calls the API with
// a token source that refreshes the access token, and signs out by revoking
// the refresh token.
//
// With MAKE_OAUTH_CLIENT_ID unset it runs the whole flow against the
// embedded fake Make API, whose authorization server approves at once, so it
// needs no account:
//
//	go run ./examples/oauth-login
//
// Against Make, register an OAuth 2.0 client with the redirect URI
// http://127.0.0.1:8765/callback and run
//
//	MAKE_OAUTH_CLIENT_ID=... MAKE_OAUTH_CLIENT_SECRET=... MAKE_ZONE=eu1 \
//	MAKE_OAUTH_REDIRECT_PORT=8765 go run ./examples/oauth-login
//
// then open the URL it prints in a browser (MAKE_OAUTH_CLIENT_SECRET is empty
// for a public client, which gets no refresh token).
package main

// The SDK is imported as makeapi: this file also needs the builtin make
// (the package name make shadows it).

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"time"

	makeapi "github.com/make-sdk/make-go"
	"github.com/make-sdk/make-go/maketest"
	"golang.org/x/oauth2"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "oauth-login:", err)
		os.Exit(1)
	}
}

func run() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()

	// 1. A loopback listener for the redirect (RFC 8252): the port is
	// chosen by the system unless MAKE_OAUTH_REDIRECT_PORT fixes it (Make
	// compares the redirect URI with the registered one).
	ln, err := net.Listen("tcp", "127.0.0.1:"+envOr("MAKE_OAUTH_REDIRECT_PORT", "0"))
	if err != nil {
		return err
	}
	redirectURL := "http://" + ln.Addr().String() + "/callback"

	app := makeapi.OAuthApp{
		ClientID:     os.Getenv("MAKE_OAUTH_CLIENT_ID"),
		ClientSecret: makeapi.Secret(os.Getenv("MAKE_OAUTH_CLIENT_SECRET")),
		RedirectURL:  redirectURL,
		Scopes:       []string{makeapi.ScopeUserRead, makeapi.ScopeOrganizationRead, makeapi.ScopeOrganizationsRead},
	}
	zone := makeapi.Zone(os.Getenv("MAKE_ZONE"))
	var apiOpts []makeapi.Option
	live := app.ClientID != ""
	if !live {
		// The embedded fake: its authorization server knows the client
		// once it is registered, and approves at once.
		srv := maketest.New()
		defer srv.Close()
		app.ClientID, app.ClientSecret, app.ServerURL = "oauth-login-example", "example-client-secret", srv.BaseURL()
		srv.AddOAuthClient(maketest.OAuthClient{ID: app.ClientID, Secret: app.ClientSecret.Reveal(), RedirectURIs: []string{redirectURL}})
		apiOpts = append(apiOpts, makeapi.WithBaseURL(srv.URL()))
		fmt.Println("MAKE_OAUTH_CLIENT_ID is not set: signing in to the embedded fake Make at", srv.BaseURL())
	}
	conf, err := makeapi.NewOAuthConfig(app)
	if err != nil {
		return err
	}

	// 2. The authorization request: a state against CSRF and a PKCE
	// verifier, both kept until the redirect comes back.
	state, verifier := randomString(), oauth2.GenerateVerifier()
	authURL := conf.AuthCodeURL(state, oauth2.S256ChallengeOption(verifier))
	codes := make(chan string, 1)
	callback := &http.Server{Handler: callbackHandler(state, codes), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = callback.Serve(ln) }()
	defer callback.Close()

	if live {
		fmt.Println("Open this URL in a browser and approve:\n\n ", authURL)
	} else if err := browse(ctx, authURL); err != nil { // the fake redirects to the listener at once
		return err
	}
	var code string
	select {
	case code = <-codes:
	case <-ctx.Done():
		return fmt.Errorf("waiting for the redirect: %w", ctx.Err())
	}
	if code == "" {
		return errors.New("the authorization server redirected with an error (see above)")
	}

	// 3. The exchange: the code and the verifier, client_secret_post.
	tok, err := conf.Exchange(ctx, code, oauth2.VerifierOption(verifier))
	if err != nil {
		return fmt.Errorf("exchanging the code: %w", err)
	}
	fmt.Printf("Signed in: an access token valid until %s, refresh token: %t\n", tok.Expiry.Format(time.RFC3339), tok.RefreshToken != "")

	// 4. The API through a token source that refreshes the access token.
	// The source uses ctx for every refresh: it must live as long as the
	// client does.
	ts := conf.TokenSource(ctx, tok)
	client, err := makeapi.NewClient(zone, "", append(apiOpts, makeapi.WithTokenSource(ts))...)
	if err != nil {
		return err
	}
	me, err := client.Users.Me(ctx, nil)
	if err != nil {
		return err
	}
	fmt.Printf("Hello %s <%s> (user %d)\n", me.Name, me.Email, me.ID)
	if auth, err := client.Users.CurrentAuthorization(ctx); err == nil {
		fmt.Printf("Authorized by %s with the scopes %v\n", auth.AuthUsed, auth.Scope)
	}

	if tok.RefreshToken == "" {
		fmt.Println("A public client gets no refresh token: sign in again when the access token expires.")
		return makeapi.RevokeOAuthToken(ctx, conf, tok.AccessToken)
	}

	// 5. Refresh: a source whose access token has expired refreshes it
	// before the next request (Make rotates the refresh token: store the
	// source's latest token if you keep tokens between runs).
	stale := *tok
	stale.Expiry = time.Now().Add(-time.Second)
	ts = conf.TokenSource(ctx, &stale)
	client, err = makeapi.NewClient(zone, "", append(apiOpts, makeapi.WithTokenSource(ts))...)
	if err != nil {
		return err
	}
	if _, err := client.Users.Me(ctx, nil); err != nil {
		return err
	}
	latest, err := ts.Token()
	if err != nil {
		return err
	}
	fmt.Printf("Refreshed: a new access token (%t) and a new refresh token (%t)\n",
		latest.AccessToken != tok.AccessToken, latest.RefreshToken != tok.RefreshToken)

	// 6. Sign out: revoking the refresh token revokes the access tokens
	// issued with it; the next call is refused.
	if err := makeapi.RevokeOAuthToken(ctx, conf, latest.RefreshToken); err != nil {
		return fmt.Errorf("revoking: %w", err)
	}
	_, err = client.Users.Me(ctx, nil)
	if !errors.Is(err, makeapi.ErrUnauthorized) {
		return fmt.Errorf("after revoking, want 401, got %v", err)
	}
	fmt.Println("Signed out; the API now answers:", err)
	return nil
}

// callbackHandler receives the redirect: it checks the state and passes the
// code on ("" after an error redirect).
func callbackHandler(state string, codes chan<- string) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /callback", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		code := q.Get("code")
		switch {
		case q.Get("state") != state:
			http.Error(w, "state mismatch", http.StatusBadRequest)
			return // not our request: keep waiting
		case q.Get("error") != "":
			fmt.Printf("Authorization refused: %s: %s\n", q.Get("error"), q.Get("error_description"))
			code = ""
		}
		select {
		case codes <- code:
			fmt.Fprintln(w, "Signed in to Make; you may close this window.")
		default:
			http.Error(w, "already signed in", http.StatusConflict)
		}
	})
	return mux
}

// browse plays the user's browser against the fake: it follows the
// authorization URL and its redirect to the loopback listener.
func browse(ctx context.Context, authURL string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, authURL, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("the authorization request ended with %s", resp.Status)
	}
	return nil
}

func randomString() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}
