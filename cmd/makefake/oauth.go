package main

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"

	"github.com/make-sdk/make-go/maketest"
)

// oauthClientUsage is the help of -oauth-client.
const oauthClientUsage = "register the OAuth 2.0 client `id=ID[,secret=SECRET],redirect=URI[,redirect=URI...][,user=N]` " +
	"with the authorization server (repeatable). Without secret= the client is public (PKCE required, no refresh token); " +
	"user= is who approves every request at once (default 1, Jane Doe); a value cannot contain a comma"

// oauthClientFlags collects the values of -oauth-client as given: they are
// parsed after the flags, so that an error never quotes a value, which may
// hold a client secret (the flag package quotes a value Set refuses).
type oauthClientFlags []string

func (f *oauthClientFlags) String() string { return "" }

func (f *oauthClientFlags) Set(v string) error {
	*f = append(*f, v)
	return nil
}

// parseOAuthClients parses the values of -oauth-client. An error names the
// flag, the value by its position and its client ID, and the rule broken;
// it never holds the secret.
func parseOAuthClients(values []string) ([]maketest.OAuthClient, error) {
	var clients []maketest.OAuthClient
	for i, v := range values {
		c, err := parseOAuthClient(v)
		if err == nil {
			for _, prev := range clients {
				if prev.ID == c.ID {
					err = fmt.Errorf("client id %q is registered twice", c.ID)
				}
			}
		}
		if err != nil {
			which := fmt.Sprintf("value %d", i+1)
			if c.ID != "" {
				which += fmt.Sprintf(" (id %q)", c.ID)
			}
			return nil, fmt.Errorf("-oauth-client %s: %w; want id=ID[,secret=SECRET],redirect=URI[,redirect=URI...][,user=N]", which, err)
		}
		clients = append(clients, c)
	}
	return clients, nil
}

// parseOAuthClient parses one value of -oauth-client: comma-separated
// key=value fields. It returns the client ID it found along with an error.
// An error quotes no field it cannot name: a field that is not one of the
// keys may be the part of a secret after a comma.
func parseOAuthClient(v string) (maketest.OAuthClient, error) {
	var c maketest.OAuthClient
	seen := map[string]bool{}
	var errs []string
	for i, field := range strings.Split(v, ",") {
		key, value, _ := strings.Cut(field, "=")
		twice := seen[key] && key != "redirect"
		seen[key] = true
		switch {
		case key != "id" && key != "secret" && key != "redirect" && key != "user":
			errs = append(errs, fmt.Sprintf("field %d is not one of id=, secret=, redirect=, user= (a value cannot contain a comma)", i+1))
		case twice:
			errs = append(errs, fmt.Sprintf("%s= is given twice", key))
		case value == "" && key == "secret":
			errs = append(errs, "secret= is empty; leave it out for a public client")
		case value == "":
			errs = append(errs, fmt.Sprintf("%s= is empty", key))
		case key == "id" && hasSpaceOrControl(value):
			errs = append(errs, "id= contains spaces or control characters")
		case key == "id":
			c.ID = value
		case key == "secret" && hasSpaceOrControl(value):
			errs = append(errs, "secret= contains spaces or control characters")
		case key == "secret":
			c.Secret = value
		case key == "redirect":
			if err := checkRedirectURI(value); err != nil {
				errs = append(errs, err.Error())
			}
			c.RedirectURIs = append(c.RedirectURIs, value)
		case key == "user":
			n, err := strconv.ParseInt(value, 10, 64)
			if err != nil || n <= 0 {
				errs = append(errs, fmt.Sprintf("user=%q is not a positive user ID", value))
			}
			c.UserID = n
		}
	}
	if !seen["id"] {
		errs = append(errs, "id= is required")
	}
	if !seen["redirect"] {
		errs = append(errs, "redirect= is required (at least one redirect URI)")
	}
	if len(errs) > 0 {
		return c, errors.New(strings.Join(errs, "; "))
	}
	return c, nil
}

// checkRedirectURI applies maketest.AddOAuthClient's rule (an absolute URL
// without a fragment, RFC 6749 3.1.2), and the SDK's (no spaces or control
// characters), so that AddOAuthClient never panics.
func checkRedirectURI(u string) error {
	pu, err := url.Parse(u)
	switch {
	case hasSpaceOrControl(u):
		return errors.New("a redirect URI contains spaces or control characters")
	case err != nil || !pu.IsAbs() || (pu.Host == "" && pu.Opaque == "" && pu.Path == ""):
		return fmt.Errorf("redirect=%q is not an absolute URL such as http://127.0.0.1:8080/callback", u)
	case pu.Fragment != "" || strings.Contains(u, "#"):
		return fmt.Errorf("redirect=%q has a fragment (#...), which a redirect URI must not have", u)
	}
	return nil
}

func hasSpaceOrControl(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || r == 0x7f })
}

// printOAuth tells on stderr where the authorization server is and which
// clients it knows, never their secrets.
func printOAuth(stderr io.Writer, srv *maketest.Server, clients []maketest.OAuthClient) {
	if len(clients) == 0 {
		return
	}
	base := srv.BaseURL()
	fmt.Fprintf(stderr, "makefake: OAuth 2.0 authorization server at %s (approves at once, PKCE S256, client_secret_post):\n", base)
	fmt.Fprintf(stderr, "makefake:   discovery %s%s\n", base, maketest.OIDCDiscoveryPath)
	fmt.Fprintf(stderr, "makefake:   authorize %s%s\n", base, maketest.OAuthAuthorizePath)
	fmt.Fprintf(stderr, "makefake:   token     %s%s\n", base, maketest.OAuthTokenPath)
	fmt.Fprintf(stderr, "makefake:   revoke    %s%s\n", base, maketest.OAuthRevokePath)
	for _, c := range clients {
		kind := "confidential, with the secret given (gets refresh tokens)"
		if c.Secret == "" {
			kind = "public (PKCE required, no refresh token)"
		}
		user := c.UserID
		if user == 0 {
			user = maketest.DefaultUserID
		}
		fmt.Fprintf(stderr, "makefake:   client %q: %s; redirect %s; approved at once as user %d\n", c.ID, kind, strings.Join(c.RedirectURIs, " "), user)
	}
}
