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
// Flags:
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
//	-rate-limit n      requests a minute per organization (per token for requests
//	                   naming none), answered 429 past it (0: none)
//	-latency d         delay before every answer, e.g. 50ms
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

// run serves until ctx is done.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("makefake", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:0", "the `host:port` to listen on")
	seedFile := fs.String("seed", "", "a JSON `file` of data to add (a maketest.Seed)")
	exampleData := fs.Bool("example-data", false, "add maketest's example data (more users and roles, a second organization, a White Label admin) to the default data")
	rateLimit := fs.Int("rate-limit", 0, "requests a minute per organization (per token for requests naming none), 429 past it (0: no limit)")
	latency := fs.Duration("latency", 0, "delay before every answer")
	if err := fs.Parse(args); err != nil {
		return err
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
	opts := []maketest.Option{maketest.WithListener(l), maketest.WithAnyToken(),
		maketest.WithRateLimit(*rateLimit), maketest.WithLatency(*latency)}
	if *exampleData {
		opts = append(opts, maketest.WithExampleData())
	}
	srv := maketest.New(opts...)
	defer srv.Close()
	if err := srv.Load(seed); err != nil {
		return fmt.Errorf("seed %s: %w", *seedFile, err)
	}
	fmt.Fprintf(stdout, "MAKE_BASE_URL=%s\n", srv.URL())
	fmt.Fprintf(stderr, "makefake: serving the fake Make API at %s (any non-empty token; Ctrl-C to stop)\n", srv.URL())
	<-ctx.Done()
	fmt.Fprintln(stderr, "makefake: stopping")
	return nil
}
