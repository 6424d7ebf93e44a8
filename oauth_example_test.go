package make_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/make-sdk/make-go"
	"github.com/make-sdk/make-go/maketest"
	"golang.org/x/oauth2"
)

// Sign in with Make against the fake's authorization server: the
// authorization URL with PKCE, the redirect with the code, the exchange, the
// API with a refreshing token source, and the sign-out.
func ExampleNewOAuthConfig() {
	ctx := context.Background()
	srv := maketest.New()
	defer srv.Close()
	const redirect = "http://127.0.0.1:8765/callback"
	srv.AddOAuthClient(maketest.OAuthClient{ID: "my-app", Secret: "my-secret", RedirectURIs: []string{redirect}})

	conf, err := make.NewOAuthConfig(make.OAuthApp{
		ClientID: "my-app", ClientSecret: "my-secret", RedirectURL: redirect,
		Scopes:    []string{make.ScopeUserRead, make.ScopeOrganizationRead},
		ServerURL: srv.BaseURL(), // "" for Make
	})
	if err != nil {
		panic(err)
	}
	verifier := oauth2.GenerateVerifier()
	authURL := conf.AuthCodeURL("state-1", oauth2.S256ChallengeOption(verifier))

	// The user's browser: the fake approves at once and redirects.
	browser := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := browser.Get(authURL)
	if err != nil {
		panic(err)
	}
	resp.Body.Close()
	back, _ := url.Parse(resp.Header.Get("Location"))
	fmt.Println("state:", back.Query().Get("state"))

	tok, err := conf.Exchange(ctx, back.Query().Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		panic(err)
	}
	client, err := make.NewClient("", "", make.WithBaseURL(srv.URL()), make.WithTokenSource(conf.TokenSource(ctx, tok)))
	if err != nil {
		panic(err)
	}
	me, err := client.Users.Me(ctx, nil)
	if err != nil {
		panic(err)
	}
	fmt.Println("signed in as", me.Name)

	if err := make.RevokeOAuthToken(ctx, conf, tok.RefreshToken); err != nil {
		panic(err)
	}
	_, err = client.Users.Me(ctx, nil)
	fmt.Println(errors.Is(err, make.ErrUnauthorized))
	// Output:
	// state: state-1
	// signed in as Jane Doe
	// true
}
