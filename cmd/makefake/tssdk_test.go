package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	makeapi "github.com/make-sdk/make-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tsSDKDir holds the TypeScript check: package.json and package-lock.json
// pin @makehq/sdk, check.mjs runs it.
const tsSDKDir = "testdata/ts-sdk"

// tsSDKEnv opts in to TestTypeScriptSDK, which needs Node.js and the npm
// registry: .ci/run sets it; `go test ./...` alone never runs npm.
const tsSDKEnv = "MAKEFAKE_TS_SDK"

// TestTypeScriptSDK runs Make's official TypeScript SDK, a client nobody here
// wrote, against the makefake program: users.me(),
// users.currentAuthorization(), organizations.list/get/create/update/delete
// and teams.list/create/get/delete must succeed and return what the fake holds. It runs only when
// MAKEFAKE_TS_SDK=1 (CI sets it): it installs the pinned SDK with npm ci from
// the npm registry, into a copy of testdata/ts-sdk in a temporary directory,
// so that nothing is written into the repository.
func TestTypeScriptSDK(t *testing.T) {
	if os.Getenv(tsSDKEnv) != "1" {
		t.Skipf("the TypeScript SDK check runs only with %s=1 (CI sets it; it needs Node.js 20 or later and the npm registry)", tsSDKEnv)
	}
	node, err := exec.LookPath("node")
	require.NoError(t, err, "%s=1 but node is not installed: the TypeScript SDK check needs Node.js 20 or later", tsSDKEnv)
	dir := installTSSDK(t)

	seed := filepath.Join(t.TempDir(), "seed.json")
	require.NoError(t, os.WriteFile(seed, []byte(`{"admin": true}`), 0o600)) // organizations.create needs admin:write
	base := startProgram(t, "-seed", seed)
	const token = "4f6bd0b4-2b4e-4b8e-9a57-1f3c1d2e3f40" // a UUID: the TS SDK sends it as "Token <uuid>"

	// What the fake holds, read with the Go SDK.
	goClient, err := makeapi.NewClient("", token, makeapi.WithBaseURL(base))
	require.NoError(t, err)
	ctx := context.Background()
	orgs, err := goClient.Organizations.List(ctx, nil)
	require.NoError(t, err)

	cmd := exec.Command(node, "check.mjs")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "MAKE_BASE_URL="+base, "MAKE_API_TOKEN="+token)
	out, err := cmd.Output()
	t.Logf("node check.mjs (@makehq/sdk %s) against %s:\n%s", tsSDKVersion(t, dir), base, out)
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		t.Logf("stderr:\n%s", ee.Stderr)
	}
	require.NoError(t, err)

	type org struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	}
	var got struct {
		Me struct {
			ID    int64  `json:"id"`
			Name  string `json:"name"`
			Email string `json:"email"`
		} `json:"me"`
		Authorization struct {
			AuthUsed string   `json:"authUsed"`
			Scope    []string `json:"scope"`
		} `json:"authorization"`
		List, ListAfter       []org
		Created, Got, Updated org
		GetAfterDelete        struct{ StatusCode int }
		Teams, TeamsAfter     []org
		TeamCreated, TeamGot  struct {
			org
			OrganizationID  int64 `json:"organizationId"`
			OperationsLimit int64 `json:"operationsLimit"`
		}
	}
	require.NoError(t, json.Unmarshal(out, &got))

	assert.Equal(t, int64(1), got.Me.ID)
	assert.Equal(t, "Jane Doe", got.Me.Name)
	assert.Equal(t, "jane@example.com", got.Me.Email)
	assert.Equal(t, "token", got.Authorization.AuthUsed)
	assert.Contains(t, got.Authorization.Scope, "organizations:write")
	assert.Contains(t, got.Authorization.Scope, "admin:write")

	want := []org{}
	for _, o := range orgs.Organizations {
		want = append(want, org{o.ID, o.Name})
	}
	assert.Equal(t, want, got.List, "organizations.list returns the fake's organizations")
	assert.Equal(t, want, got.ListAfter, "the created organization is gone after delete")

	assert.NotZero(t, got.Created.ID)
	assert.Equal(t, "TS SDK Org", got.Created.Name)
	assert.Equal(t, got.Created, got.Got, "get returns the created organization")
	assert.Equal(t, org{got.Created.ID, "TS SDK Org renamed"}, got.Updated)
	assert.Equal(t, 404, got.GetAfterDelete.StatusCode)
	_, err = goClient.Organizations.Get(ctx, got.Created.ID, nil)
	assert.ErrorIs(t, err, makeapi.ErrNotFound, "the fake no longer holds it")

	// teams.list/create/get/delete.
	assert.Equal(t, []org{{1, "Acme Team"}}, got.Teams)
	assert.Equal(t, "TS SDK Team", got.TeamCreated.Name)
	assert.Equal(t, int64(1), got.TeamCreated.OrganizationID)
	assert.Equal(t, int64(1000), got.TeamCreated.OperationsLimit)
	assert.Equal(t, got.TeamCreated.org, got.TeamGot.org, "get returns the created team")
	assert.Equal(t, got.Teams, got.TeamsAfter, "the created team is gone after delete")
	_, err = goClient.Teams.Get(ctx, got.TeamCreated.ID, nil)
	assert.ErrorIs(t, err, makeapi.ErrNotFound, "the fake no longer holds the team")
}

// installTSSDK copies tsSDKDir's files into a temporary directory, runs
// npm ci there, and returns the directory.
func installTSSDK(t *testing.T) string {
	t.Helper()
	npm, err := exec.LookPath("npm")
	require.NoError(t, err, "node is installed but npm is not: install npm to run the TypeScript SDK check")
	dir := t.TempDir()
	for _, name := range []string{"package.json", "package-lock.json", "check.mjs"} {
		b, err := os.ReadFile(filepath.Join(tsSDKDir, name))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), b, 0o600))
	}
	cmd := exec.Command(npm, "ci", "--no-audit", "--no-fund")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "npm ci in a copy of %s:\n%s", tsSDKDir, out)
	return dir
}

// tsSDKVersion is the version of @makehq/sdk installed in dir.
func tsSDKVersion(t *testing.T, dir string) string {
	b, err := os.ReadFile(filepath.Join(dir, "node_modules", "@makehq", "sdk", "package.json"))
	require.NoError(t, err)
	var p struct{ Version string }
	require.NoError(t, json.Unmarshal(b, &p))
	return p.Version
}

// startProgram runs this test binary as makefake with args until the test
// ends, and returns the base URL it prints first.
func startProgram(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "MAKEFAKE_RUN_MAIN=1", "MAKEFAKE_ARGS="+strings.Join(args, " "))
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	require.NoError(t, err)
	base, ok := strings.CutPrefix(strings.TrimSpace(line), "MAKE_BASE_URL=")
	require.True(t, ok, "first line %q", line)
	return base
}
