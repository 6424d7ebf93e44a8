// Command makefake serves maketest, the fake Make API, on an address, for
// tests and tools in any language:
//
//	go run github.com/make-sdk/make-go/cmd/makefake -addr 127.0.0.1:0
//
// The first line it prints on stdout is the API base URL, as an environment
// assignment:
//
//	MAKE_BASE_URL=http://127.0.0.1:41234/api/v2
//
// Then it serves until interrupted (SIGINT or SIGTERM). It accepts any
// non-empty token ("Authorization: Token <anything>") as the current user's,
// Jane Doe, who holds every non-admin scope.
//
// The data is maketest's default data: Jane Doe (user 1) owns organization 1
// "Acme" (zone eu1.make.com), which has one team, 1 "Acme Team", and nothing
// else; so a tool's script starts from a state it can predict. -example-data
// adds maketest's richer example data (users of several roles, a second
// organization, a pending invitation, a White Label administrator whose token
// is maketest.AdminToken; see maketest.WithExampleData). The seed file, if
// any, is added last, and may refer to either.
//
// To call the Admin (White Label) operations, either start with -admin, which
// makes the current user, and so every token, a White Label administrator
// with the admin scopes, or with -example-data and use the token of Adam
// Admin that makefake prints at start (maketest.AdminToken).
//
// Sign in with Make: -oauth-client registers an OAuth 2.0 client
// (maketest.AddOAuthClient) with the authorization server maketest serves
// next to the API, at the server's root URL (MAKE_BASE_URL without /api/v2):
// /oauth/v2/authorize approves at once and redirects with a code,
// /oauth/v2/token checks the PKCE S256 verifier and the client secret
// (client_secret_post), /oauth/v2/revoke revokes, and the discovery document
// is at /.well-known/openid-configuration. The access tokens it issues are
// accepted by the API as "Authorization: Bearer <token>" with the granted
// scopes, until revoked. makefake prints the endpoints and the
// clients at start on stderr, never a secret.
//
// makefake keeps no record of the requests it serves (maketest's Requests is
// for Go tests, and nothing could read it here), so its memory does not grow
// with the requests clients send, refused ones included; each request holds
// its body (up to 32 MiB, 413 past it) only while it is served. The data
// grows with what clients create.
//
// Flags (makefake -h prints them):
//
//	-addr host:port    the address to listen on (default 127.0.0.1:0, a free port)
//	-seed file.json    data to add, a maketest.Seed in JSON, e.g.
//	                   {"organizations": [{"id": 7, "name": "Initech"}],
//	                    "memberships": [{"userId": 1, "organizationId": 7, "usersRoleId": 11}],
//	                    "teams": [{"id": 70, "organizationId": 7, "name": "Sales"}],
//	                    "variables": [{"organizationId": 7, "name": "region", "value": "emea"},
//	                                  {"teamId": 70, "name": "quota", "value": 12}],
//	                    "scopes": ["user:read", "organizations:read", "organization:read"]}
//	-example-data      add maketest's example data to the default data
//	-admin             make the current user (every token) a White Label administrator
//	-rate-limit n      requests a minute per organization (per token for requests
//	                   naming none), answered 429 past it (0: none)
//	-latency d         delay before every answer, e.g. 50ms
//	-oauth-client id=ID[,secret=SECRET],redirect=URI[,redirect=URI...][,user=N]
//	                   register an OAuth 2.0 client (repeatable), e.g.
//	                   -oauth-client 'id=my-app,secret=s3cret,redirect=http://127.0.0.1:8080/callback';
//	                   without secret= it is public (PKCE required, no refresh
//	                   token); user= approves at once (default 1, Jane Doe); a
//	                   value cannot contain a comma
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"syscall"

	"github.com/make-sdk/make-go/maketest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "makefake:", err)
		os.Exit(2)
	}
}

// usage is what makefake -h prints, before the flags (a format taking
// maketest.MaxRequestBody in MiB).
const usage = `makefake serves the fake Make API (maketest) for tests and tools in any language.

Usage: makefake [flags]

The first line on stdout is the API base URL, e.g.
  MAKE_BASE_URL=http://127.0.0.1:41234/api/v2
then it serves until interrupted (Ctrl-C, SIGTERM). Any non-empty token
("Authorization: Token <anything>") is the current user's, Jane Doe (user 1),
owner of organization 1 "Acme", with every non-admin scope.

White Label admin (the Admin operations): start with -admin (every token is
then an administrator's), or with -example-data and use Adam Admin's token,
printed at start.

Sign in with Make (OAuth 2.0): -oauth-client registers a client with the
authorization server served next to the API (/oauth/v2/authorize, /token,
/revoke; discovery at /.well-known/openid-configuration), e.g.
  -oauth-client 'id=my-app,secret=s3cret,redirect=http://127.0.0.1:8080/callback'
Authorize approves at once and redirects with a code; the token endpoint
checks the PKCE S256 verifier and the secret (client_secret_post); the access
token is accepted by the API as "Bearer <token>" with the granted scopes.
makefake prints the endpoints at start, never the secret.

Memory: makefake keeps no record of the requests it serves, refused ones
included; a request holds its body (up to %d MiB, 413 past it) only while it
is served. The data grows with what clients create.

Flags:
`

// run serves until ctx is done.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("makefake", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // the error is returned; -h prints to stdout
	addr := fs.String("addr", "127.0.0.1:0", "the `host:port` to listen on")
	seedFile := fs.String("seed", "", "a JSON `file` of data to add (a maketest.Seed)")
	exampleData := fs.Bool("example-data", false, "add maketest's example data (more users and roles, a second organization, a White Label admin) to the default data")
	admin := fs.Bool("admin", false, "make the current user (so every token) a White Label administrator, with the admin scopes")
	rateLimit := fs.Int("rate-limit", 0, "requests a minute per organization (per token for requests naming none), 429 past it (0: no limit)")
	latency := fs.Duration("latency", 0, "delay before every answer")
	var oauthFlags oauthClientFlags
	fs.Var(&oauthFlags, "oauth-client", oauthClientUsage)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(stdout, usage, maketest.MaxRequestBody>>20)
			fs.SetOutput(stdout)
			fs.PrintDefaults()
			return nil
		}
		return fmt.Errorf("%w (makefake -h lists the flags)", err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	switch {
	case *rateLimit < 0:
		return errors.New("-rate-limit must not be negative")
	case *latency < 0:
		return errors.New("-latency must not be negative")
	}
	oauthClients, err := parseOAuthClients(oauthFlags)
	if err != nil {
		return err
	}
	var seed maketest.Seed
	if *seedFile != "" {
		b, err := os.ReadFile(*seedFile)
		if err != nil {
			return err
		}
		if err := json.Unmarshal(b, &seed); err != nil {
			return fmt.Errorf("seed %s: %w", *seedFile, err)
		}
	}
	l, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	opts := []maketest.Option{maketest.WithListener(l), maketest.WithAnyToken(), maketest.WithRecording(0),
		maketest.WithRateLimit(*rateLimit), maketest.WithLatency(*latency)}
	if *exampleData {
		opts = append(opts, maketest.WithExampleData())
	}
	srv := maketest.New(opts...)
	defer srv.Close()
	if err := srv.Load(seed); err != nil {
		return fmt.Errorf("seed %s: %w", *seedFile, err)
	}
	if *admin {
		srv.SetAdmin(true)
	}
	for i, c := range oauthClients {
		if u, ok := srv.User(c.UserID); c.UserID != 0 && (!ok || u.Deleted) {
			return fmt.Errorf("-oauth-client value %d (id %q): user=%d is not a user of the fake's data (-example-data and -seed add users)", i+1, c.ID, c.UserID)
		}
		srv.AddOAuthClient(c)
	}
	fmt.Fprintf(stderr, "makefake: serving the fake Make API at %s (any non-empty token is Jane Doe's; Ctrl-C to stop)\n", srv.URL())
	switch {
	case *admin:
		fmt.Fprintln(stderr, "makefake: White Label admin: every token (-admin)")
	case *exampleData:
		fmt.Fprintf(stderr, "makefake: White Label admin: Adam Admin (user %d), token %s\n", maketest.AdminUserID, maketest.AdminToken)
	default:
		fmt.Fprintln(stderr, "makefake: no White Label admin: -admin makes every token one, -example-data adds Adam Admin")
	}
	printOAuth(stderr, srv, oauthClients)
	fmt.Fprintf(stdout, "MAKE_BASE_URL=%s\n", srv.URL()) // last: a reader of stdout may go on at once
	<-ctx.Done()
	fmt.Fprintln(stderr, "makefake: stopping")
	return nil
}
