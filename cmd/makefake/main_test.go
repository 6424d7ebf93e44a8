package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	makeapi "github.com/make-sdk/make-go"
	"github.com/make-sdk/make-go/maketest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMain runs main when the test binary is started as makefake by
// TestSignals.
func TestMain(m *testing.M) {
	if os.Getenv("MAKEFAKE_RUN_MAIN") == "1" {
		os.Args = append([]string{"makefake"}, strings.Fields(os.Getenv("MAKEFAKE_ARGS"))...)
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// serve runs run with args until the test ends and returns the base URL
// from its first line of stdout.
func serve(t *testing.T, args ...string) string {
	t.Helper()
	return serveLogging(t, io.Discard, args...)
}

// serveLogging is serve writing run's stderr to stderr.
func serveLogging(t *testing.T, stderr io.Writer, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, args, pw, stderr)
		pw.Close()
	}()
	t.Cleanup(func() {
		cancel()
		assert.NoError(t, <-done, "run stops cleanly when cancelled")
	})
	line, err := bufio.NewReader(pr).ReadString('\n')
	require.NoError(t, err)
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	url, ok := strings.CutPrefix(strings.TrimSpace(line), "MAKE_BASE_URL=")
	require.True(t, ok, "first line %q", line)
	return url
}

func TestServesWithAnyTokenAndSeed(t *testing.T) {
	seed := filepath.Join(t.TempDir(), "seed.json")
	require.NoError(t, os.WriteFile(seed, []byte(`{
		"organizations": [{"id": 7, "name": "Initech", "license": {"customVariables": true}}],
		"memberships": [{"userId": 1, "organizationId": 7, "usersRoleId": 11}],
		"variables": [{"organizationId": 7, "name": "region", "value": "emea"}]
	}`), 0o600))
	base := serve(t, "-addr", "127.0.0.1:0", "-seed", seed)
	assert.True(t, strings.HasPrefix(base, "http://127.0.0.1:") && strings.HasSuffix(base, "/api/v2"), base)

	c, err := makeapi.NewClient("", "any-token-at-all", makeapi.WithBaseURL(base))
	require.NoError(t, err)
	ctx := context.Background()
	me, err := c.Users.Me(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, "Jane Doe", me.Name)
	org, err := c.Organizations.Get(ctx, 7, nil)
	require.NoError(t, err)
	assert.Equal(t, "Initech", org.Name)
	vars, err := c.Organizations.ListVariables(ctx, 7)
	require.NoError(t, err)
	found := false
	for _, v := range vars {
		if s, ok := v.Value.Str(); ok && v.Name == "region" && s == "emea" {
			found = true
		}
	}
	assert.True(t, found, "the seeded variable is served: %+v", vars)

	req, _ := http.NewRequest("GET", base+"/users/me", nil)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, "a token is still required")
}

// TestDefaultAndExampleData: makefake serves maketest's default data (one
// organization, owned by the current user, with one team), and with
// -example-data the richer set, its admin token included.
func TestDefaultAndExampleData(t *testing.T) {
	ctx := context.Background()
	list := func(base, token string) *makeapi.OrganizationList {
		t.Helper()
		c, err := makeapi.NewClient("", token, makeapi.WithBaseURL(base))
		require.NoError(t, err)
		orgs, err := c.Organizations.List(ctx, &makeapi.ListOrganizationsOptions{Cols: []string{"id", "name", "teams"}})
		require.NoError(t, err)
		return orgs
	}
	orgs := list(serve(t), "any")
	require.Len(t, orgs.Organizations, 1)
	assert.Equal(t, "Acme", orgs.Organizations[0].Name)
	assert.Len(t, orgs.Organizations[0].Teams, 1)

	orgs = list(serve(t, "-example-data"), maketest.AdminToken)
	require.Len(t, orgs.Organizations, 2, "Adam Admin owns Acme and Globex")
	assert.Len(t, orgs.Organizations[0].Teams, 2)
}

func TestRateLimitAndLatency(t *testing.T) {
	base := serve(t, "-rate-limit", "1", "-latency", "30ms")
	c, err := makeapi.NewClient("", "t", makeapi.WithBaseURL(base), makeapi.WithRetry(makeapi.RetryConfig{}))
	require.NoError(t, err)
	start := time.Now()
	_, err = c.Users.Me(context.Background(), nil)
	require.NoError(t, err)
	assert.GreaterOrEqual(t, time.Since(start), 30*time.Millisecond, "-latency delays the answer")
	_, err = c.Users.Me(context.Background(), nil)
	var apiErr *makeapi.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusTooManyRequests, apiErr.StatusCode)
	assert.NotEmpty(t, apiErr.Header.Get("Retry-After"))
}

func TestRefusesBadFlags(t *testing.T) {
	dir := t.TempDir()
	badJSON := filepath.Join(dir, "bad.json")
	require.NoError(t, os.WriteFile(badJSON, []byte(`{"users": 3}`), 0o600))
	dangling := filepath.Join(dir, "dangling.json")
	require.NoError(t, os.WriteFile(dangling, []byte(`{"teams": [{"organizationId": 99, "name": "x"}]}`), 0o600))
	for name, args := range map[string][]string{
		"unknown flag":       {"-port", "1"},
		"stray argument":     {"serve"},
		"negative limit":     {"-rate-limit", "-1"},
		"negative latency":   {"-latency", "-1s"},
		"bad address":        {"-addr", "256.0.0.1:x"},
		"missing seed file":  {"-seed", filepath.Join(dir, "nope.json")},
		"seed not JSON":      {"-seed", badJSON},
		"seed dangling team": {"-seed", dangling},
	} {
		err := run(context.Background(), args, io.Discard, io.Discard)
		assert.Error(t, err, name)
	}
}

// The program prints the URL first and stops on SIGINT and SIGTERM.
func TestSignals(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGTERM on Windows")
	}
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "MAKEFAKE_RUN_MAIN=1", "MAKEFAKE_ARGS=-addr 127.0.0.1:0")
		out, err := cmd.StdoutPipe()
		require.NoError(t, err)
		require.NoError(t, cmd.Start())
		line, err := bufio.NewReader(out).ReadString('\n')
		require.NoError(t, err)
		require.True(t, strings.HasPrefix(line, "MAKE_BASE_URL=http://127.0.0.1:"), line)
		resp, err := http.Get(strings.TrimSpace(strings.TrimPrefix(line, "MAKE_BASE_URL=")) + "/users/me")
		require.NoError(t, err)
		resp.Body.Close()
		require.NoError(t, cmd.Process.Signal(sig))
		assert.NoError(t, cmd.Wait(), "exits 0 on %v", sig)
	}
}

// -h prints the usage on stdout (what the flags do, how to act as the White
// Label admin, the memory bound) and exits 0, as a program, too.
func TestHelp(t *testing.T) {
	for _, arg := range []string{"-h", "-help", "--help"} {
		var stdout, stderr strings.Builder
		require.NoError(t, run(context.Background(), []string{arg}, &stdout, &stderr), arg)
		assert.Empty(t, stderr.String(), arg)
		for _, want := range []string{"Usage: makefake [flags]", "-addr host:port", "-admin", "-example-data",
			"White Label admin", "keeps no record of the requests", "up to 32 MiB"} {
			assert.Contains(t, stdout.String(), want, arg)
		}
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "MAKEFAKE_RUN_MAIN=1", "MAKEFAKE_ARGS=-h")
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Run(), "makefake -h exits 0")
	assert.Contains(t, stdout.String(), "Usage: makefake [flags]")
	assert.Empty(t, stderr.String())

	err := run(context.Background(), []string{"-port", "1"}, io.Discard, io.Discard)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "makefake -h lists the flags")
}

// How to act as the White Label admin: -admin makes every token one;
// -example-data prints Adam Admin's token, which works; without either,
// makefake says how, and the Admin operations answer 403.
func TestAdmin(t *testing.T) {
	ctx := context.Background()
	adminList := func(base, token string) error {
		c, err := makeapi.NewClient("", token, makeapi.WithBaseURL(base))
		require.NoError(t, err)
		_, err = c.Admin.ListUsers(ctx, nil)
		return err
	}
	log := &syncBuffer{}
	base := serveLogging(t, log, "-admin")
	assert.NoError(t, adminList(base, "any-token"), "-admin: every token is an admin's")
	assert.Contains(t, log.String(), "White Label admin: every token (-admin)")

	log = &syncBuffer{}
	base = serveLogging(t, log, "-example-data")
	assert.Contains(t, log.String(), "White Label admin: Adam Admin (user 2), token "+maketest.AdminToken)
	assert.NoError(t, adminList(base, maketest.AdminToken), "the printed token is an admin's")
	assert.ErrorIs(t, adminList(base, "any-token"), makeapi.ErrForbidden, "other tokens are Jane's")

	log = &syncBuffer{}
	base = serveLogging(t, log)
	assert.Contains(t, log.String(), "no White Label admin: -admin makes every token one")
	assert.ErrorIs(t, adminList(base, "any-token"), makeapi.ErrForbidden)
}

// syncBuffer is a strings.Builder safe for run's goroutine writing and the
// test reading. run writes its notes on stderr before the URL on stdout.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// Refused requests (no token, unknown route, a body over the limit) leave
// no trace in makefake's memory: 100 MiB of them grow its heap by less than
// maketest keeps by default (issue 20, item 8).
func TestRefusedRequestsDoNotGrowMemory(t *testing.T) {
	base := serve(t)
	heap := func() int64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return int64(m.HeapAlloc)
	}
	body := strings.Repeat("x", 2<<20)
	before := heap()
	for i := range 50 {
		path := "/users/1" // no token: 401
		if i%2 == 1 {
			path = "/no/such/route"
		}
		req, err := http.NewRequest("PATCH", base+path, strings.NewReader(body))
		require.NoError(t, err)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		require.Contains(t, []int{401, 404}, resp.StatusCode)
	}
	grew := heap() - before
	t.Logf("100 MiB of refused requests grew the heap by %d KiB", grew>>10)
	assert.Less(t, grew, int64(maketest.MaxRecordedBytes/2), "nothing of them is kept")
}
