package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	makeapi "github.com/make-sdk/make-go"
	"github.com/make-sdk/make-go/internal/catalog"
	"github.com/make-sdk/make-go/maketest"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/spf13/pflag"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// mcpFake is maketest over TLS and HTTP/2 (the way Make is reached) with its
// example data and organization 11 of the README's examples, where user 1
// is an admin.
func mcpFake(t *testing.T) *maketest.Server {
	t.Helper()
	srv := maketest.NewServer(t, maketest.WithExampleData(), maketest.WithTLS())
	srv.AddOrganization(maketest.Organization{ID: 11, Name: "Analytical Engines", Zone: "eu1.make.com",
		License: maketest.License{APILimit: 240, CustomVariables: true, Apps: []string{}}})
	srv.SetMembership(maketest.DefaultUserID, 11, maketest.RoleAdmin)
	srv.SetMembership(maketest.AdminUserID, 11, maketest.RoleOwner)
	return srv
}

// mcpSession starts makectl's MCP server for the fake's client with token
// and connects the go-sdk client to it over an in-memory transport.
func mcpSession(t *testing.T, srv *maketest.Server, token string, cfg mcpConfig) *mcp.ClientSession {
	t.Helper()
	ctx := context.Background()
	client := srv.Client()
	if token != maketest.DefaultToken {
		var err error
		client, err = makeapi.NewClient("", token, makeapi.WithBaseURL(srv.URL()), makeapi.WithHTTPClient(srv.HTTPClient()),
			makeapi.WithRetry(makeapi.RetryConfig{MaxRetries: 4, MinWait: time.Millisecond, MaxWait: 50 * time.Millisecond}))
		require.NoError(t, err)
	}
	server, _, err := newMCPServer(ctx, client, cfg)
	require.NoError(t, err)
	st, ct := mcp.NewInMemoryTransports()
	ss, err := server.Connect(ctx, st, nil)
	require.NoError(t, err)
	t.Cleanup(func() { _ = ss.Close() })
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "test", Version: "1"}, nil).Connect(ctx, ct, nil)
	require.NoError(t, err)
	t.Cleanup(func() { _ = cs.Close() })
	return cs
}

func listTools(t *testing.T, cs *mcp.ClientSession) map[string]*mcp.Tool {
	t.Helper()
	out := map[string]*mcp.Tool{}
	for tool, err := range cs.Tools(context.Background(), nil) {
		require.NoError(t, err)
		out[tool.Name] = tool
	}
	return out
}

// call calls a tool and returns its result and structured content as a map.
func call(t *testing.T, cs *mcp.ClientSession, name string, args map[string]any) (*mcp.CallToolResult, map[string]any) {
	t.Helper()
	res, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: name, Arguments: args})
	require.NoError(t, err, name)
	var sc map[string]any
	b, err := json.Marshal(res.StructuredContent)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &sc))
	return res, sc
}

func text(res *mcp.CallToolResult) string {
	var parts []string
	for _, c := range res.Content {
		if tc, ok := c.(*mcp.TextContent); ok {
			parts = append(parts, tc.Text)
		}
	}
	return strings.Join(parts, "\n")
}

// TestMCPToolsPerScopeSet lists the tools for several scope sets and flags:
// only what the scopes allow, Admin tools only with the admin scopes, no
// destructive tool without --allow-destructive, only GETs with --read-only,
// and with every scope and --allow-destructive exactly one tool per
// operation of the catalogue.
func TestMCPToolsPerScopeSet(t *testing.T) {
	ops, err := catalog.Operations()
	require.NoError(t, err)
	scopeSets := map[string][]string{
		"default":    maketest.DefaultScopes(),
		"read-only":  maketest.ReadOnlyScopes(),
		"admin":      maketest.AdminScopes(),
		"user:read":  {"organization:read", "user:read"},
		"org:read":   {"organization:read"},
		"variables":  {"organization:read", "organization-variables:read", "organization-variables:write"},
		"admin-only": {"organization:read", "admin:read", "admin:write"},
	}
	configs := map[string]mcpConfig{"safe": {}, "--allow-destructive": {allowDestructive: true}, "--read-only": {readOnly: true}}
	for setName, scopes := range scopeSets {
		for cfgName, cfg := range configs {
			t.Run(setName+"/"+cfgName, func(t *testing.T) {
				srv := mcpFake(t)
				srv.SetScopes(scopes...)
				tools := listTools(t, mcpSession(t, srv, maketest.DefaultToken, cfg))
				t.Logf("scopes %s, %s: %d tools", setName, cfgName, len(tools))
				want := selectTools(scopes, cfg)
				assert.Len(t, tools, len(want))
				for name, tool := range tools {
					c := lookupTool(name)
					require.NotNil(t, c, name)
					assert.True(t, scopesAllow(c.op.Scopes, scopes), "%s needs %v", name, c.op.Scopes)
					if strings.HasPrefix(name, "admin_") {
						assert.True(t, slices.Contains(scopes, "admin:read") || slices.Contains(scopes, "admin:write"), name)
					}
					dh := tool.Annotations.DestructiveHint
					if !cfg.allowDestructive {
						assert.False(t, dh != nil && *dh, "%s is destructive", name)
					}
					if cfg.readOnly {
						assert.True(t, tool.Annotations.ReadOnlyHint, name)
					}
				}
				if setName == "admin" && cfgName == "--allow-destructive" {
					assert.Len(t, tools, len(ops), "one tool per operation")
					for _, op := range ops {
						found := false
						for _, c := range commands {
							found = found || c.op.ID == op.ID && tools[toolName(c)] != nil
						}
						assert.True(t, found, "no tool for %s", op.ID)
					}
				}
			})
		}
	}
}

func lookupTool(name string) *command {
	for _, c := range commands {
		if toolName(c) == name {
			return c
		}
	}
	return nil
}

// TestMCPToolDefinitions checks names, annotations, descriptions and one
// input schema against the table and the catalogue.
func TestMCPToolDefinitions(t *testing.T) {
	srv := mcpFake(t)
	tools := listTools(t, mcpSession(t, srv, maketest.AdminToken, mcpConfig{allowDestructive: true}))
	for name, tool := range tools {
		assert.LessOrEqual(t, len(name), 48, name)
		assert.Regexp(t, `^[a-z][a-z0-9_]*$`, name)
		assert.NotEmpty(t, tool.Title, name)
		c := lookupTool(name)
		a := tool.Annotations
		assert.Equal(t, c.op.Method == http.MethodGet, a.ReadOnlyHint, name)
		assert.Equal(t, idempotent(c.op.Method), a.IdempotentHint, name)
		require.NotNil(t, a.OpenWorldHint, name)
		assert.True(t, *a.OpenWorldHint, name)
		if !a.ReadOnlyHint {
			require.NotNil(t, a.DestructiveHint, name)
			assert.Equal(t, c.destructive(), *a.DestructiveHint, name)
		}
		assert.Contains(t, tool.Description, fmt.Sprintf("Make API: %s %s", c.op.Method, c.op.Path), name)
		assert.Equal(t, c.destructive(), strings.Contains(tool.Description, " Destructive: "), name)
	}
	// The table's destructive rows (TestDestructiveList holds them against
	// the catalogue) are the destructive tools: plan changes and role
	// changes too, not only DELETEs.
	for _, name := range []string{"organizations_set_free_subscription", "organizations_change_subscription", "users_update_team_role", "organizations_delete"} {
		require.Contains(t, tools, name)
		assert.True(t, *tools[name].Annotations.DestructiveHint, name)
	}
	for _, name := range []string{"users_me", "organizations_list", "admin_users_lookup", "admin_users_set_team_role", "enums_timezones"} {
		assert.Contains(t, tools, name)
	}
	assert.Contains(t, tools["organizations_get"].Description, "scope organizations:read")
	assert.Contains(t, tools["organizations_get"].Description, "Find organizationId from organizations_list.")
	assert.Contains(t, tools["users_update_team_role"].Description, "userId from users_me or users_list")

	b, err := json.Marshal(tools["users_list"].InputSchema)
	require.NoError(t, err)
	t.Logf("users_list input schema: %s", b)
	var schema struct {
		Type                 string `json:"type"`
		AdditionalProperties *bool  `json:"additionalProperties"`
		Properties           map[string]struct {
			Type    string   `json:"type"`
			Enum    []any    `json:"enum"`
			Minimum *float64 `json:"minimum"`
			Items   *struct {
				Type string `json:"type"`
			} `json:"items"`
		} `json:"properties"`
	}
	require.NoError(t, json.Unmarshal(b, &schema))
	assert.Equal(t, "object", schema.Type)
	require.NotNil(t, schema.AdditionalProperties)
	assert.False(t, *schema.AdditionalProperties)
	assert.Equal(t, "integer", schema.Properties["organizationId"].Type)
	assert.Equal(t, []any{"asc", "desc"}, schema.Properties["sortDir"].Enum)
	assert.Equal(t, 0.0, *schema.Properties["offset"].Minimum)
	assert.Equal(t, "integer", schema.Properties["ids"].Items.Type)
	assert.Equal(t, "string", schema.Properties["cols"].Items.Type)
}

// TestMCPCalls calls a tool of each kind: a list (one page and the offset
// of the next), a get, a create, an update, and a destructive tool refused
// without --allow-destructive and allowed with it.
func TestMCPCalls(t *testing.T) {
	srv := mcpFake(t)
	srv.SeedUsers(7) // organization 1 holds the default users and these
	cs := mcpSession(t, srv, maketest.DefaultToken, mcpConfig{})

	t.Run("list", func(t *testing.T) {
		srv.ResetRequests()
		res, sc := call(t, cs, "users_list", map[string]any{"organizationId": 1, "limit": 3, "offset": 2})
		require.False(t, res.IsError, text(res))
		assert.Len(t, sc["users"], 3)
		assert.EqualValues(t, 5, sc["nextOffset"])
		r, _ := srv.LastRequest()
		assert.Equal(t, "3", r.Query.Get("pg[limit]"))
		assert.Equal(t, "2", r.Query.Get("pg[offset]"))

		// Without limit, one page of 100: the last page has no nextOffset.
		res, sc = call(t, cs, "users_list", map[string]any{"organizationId": 1})
		require.False(t, res.IsError, text(res))
		r, _ = srv.LastRequest()
		assert.Equal(t, "100", r.Query.Get("pg[limit]"))
		assert.NotContains(t, sc, "nextOffset")
		assert.Equal(t, 2, srv.RequestCount(), "one request a page")

		// A page Make caps below the limit asked for (its pg.limit) is full.
		srv.InjectFault(maketest.Fault{OperationID: "usersList", Status: http.StatusOK,
			Body: `{"users":[{"id":1,"name":"A"},{"id":2,"name":"B"}],"pg":{"limit":2,"offset":4}}`})
		res, sc = call(t, cs, "users_list", map[string]any{"organizationId": 1, "limit": 3, "offset": 4})
		require.False(t, res.IsError, text(res))
		assert.EqualValues(t, 6, sc["nextOffset"])
	})
	t.Run("get", func(t *testing.T) {
		res, sc := call(t, cs, "organizations_get", map[string]any{"organizationId": 11})
		require.False(t, res.IsError, text(res))
		assert.Equal(t, "Analytical Engines", sc["name"])
		assert.Contains(t, text(res), `"Analytical Engines"`)
		res, sc = call(t, cs, "users_me", nil)
		require.False(t, res.IsError, text(res))
		assert.Equal(t, "Jane Doe", sc["name"])
	})
	t.Run("create and update", func(t *testing.T) {
		srv.ResetRequests()
		res, sc := call(t, cs, "organizations_create_variable", map[string]any{"organizationId": 11, "name": "region", "typeId": 2, "value": "emea"})
		require.False(t, res.IsError, text(res))
		assert.Equal(t, "region", sc["name"])
		res, sc = call(t, cs, "organizations_update_variable", map[string]any{"organizationId": 11, "variableName": "region", "typeId": 2, "value": "apac"})
		require.False(t, res.IsError, text(res))
		assert.Equal(t, "apac", sc["value"])
		reqs := srv.Requests()
		require.Len(t, reqs, 2, "each write sent once")
		assert.Equal(t, http.MethodPost, reqs[0].Method)
		assert.JSONEq(t, `{"name":"region","typeId":2,"value":"emea"}`, string(reqs[0].Body))
		assert.Equal(t, http.MethodPatch, reqs[1].Method)
		assert.Equal(t, "/organizations/11/variables/region", reqs[1].Path)
	})
	t.Run("list as items", func(t *testing.T) {
		res, sc := call(t, cs, "organizations_list_variables", map[string]any{"organizationId": 11})
		require.False(t, res.IsError, text(res))
		assert.Contains(t, text(res), `"name":"region"`)
		assert.Len(t, sc["items"], 3, "organizationId, organizationName and region")
	})
	t.Run("destructive refused", func(t *testing.T) {
		srv.ResetRequests()
		_, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: "organizations_delete_variable",
			Arguments: map[string]any{"organizationId": 11, "variableName": "region", "confirmed": true}})
		require.Error(t, err)
		assert.Contains(t, err.Error(), "unknown tool")
		assert.Zero(t, srv.RequestCount(), "nothing sent")
	})
	t.Run("destructive allowed", func(t *testing.T) {
		cs := mcpSession(t, srv, maketest.DefaultToken, mcpConfig{allowDestructive: true})
		srv.ResetRequests()
		res, _ := call(t, cs, "organizations_delete_variable", map[string]any{"organizationId": 11, "variableName": "region", "confirmed": true})
		require.False(t, res.IsError, text(res))
		reqs := srv.Requests()
		require.Len(t, reqs, 1)
		assert.Equal(t, http.MethodDelete, reqs[0].Method)
		assert.Equal(t, "/organizations/11/variables/region", reqs[0].Path)
		assert.Equal(t, "true", reqs[0].Query.Get("confirmed"))
	})
}

// TestMCPBadArgumentsNotSent: arguments that break the input schema or the
// SDK's rules come back as tool errors naming the argument and the rule,
// and the fake receives nothing.
func TestMCPBadArgumentsNotSent(t *testing.T) {
	srv := mcpFake(t)
	cs := mcpSession(t, srv, maketest.DefaultToken, mcpConfig{})
	for _, tc := range []struct {
		tool       string
		args       map[string]any
		field, say string
	}{
		{"users_list", map[string]any{"organizationId": 1, "sortDir": "up"}, "sortDir", "enum"},
		{"users_list", map[string]any{"organizationId": "one"}, "organizationId", "want \"integer\""},
		{"users_list", map[string]any{"organizationId": 1, "offset": -1}, "offset", "minimum"},
		{"users_list", map[string]any{"organizationId": 1, "pg[limit]": 5}, "pg[limit]", "unknown argument; users_list takes cols, email"},
		// Several bad arguments: the first in the schema's order, every
		// unknown one (sorted), whatever the map's order.
		{"users_list", map[string]any{"organizationId": 1, "zz": 1, "aa": 2}, "aa,zz", "unknown argument"},
		{"users_list", map[string]any{"organizationId": "one", "sortDir": "up", "offset": -1}, "organizationId", "want \"integer\""},
		{"organizations_get", map[string]any{}, "organizationId", "required"},
		{"users_update", map[string]any{"userId": 1, "name": strings.Repeat("a", 251)}, "name", "more than 250"},
		{"users_update_password", map[string]any{"userId": 1, "currentPassword": "old-password", "newPassword1": "short-pw", "newPassword2": "short-pw"}, "newPassword1", "minLength"},
		{"organizations_set_default_payment_method", map[string]any{"organizationId": 11, "paymentMethodId": "pm_1", "target": "everything"}, "target", "enum"},
		// The SDK's own rules: exactly one of organizationId and teamId;
		// positive IDs.
		{"users_list", map[string]any{"organizationId": 1, "teamId": 1}, "teamId/organizationId", "exactly one"},
		{"organizations_get", map[string]any{"organizationId": 0}, "organizationId", "positive"},
	} {
		t.Run(tc.tool+"/"+tc.say, func(t *testing.T) {
			srv.ResetRequests()
			res, sc := call(t, cs, tc.tool, tc.args)
			require.True(t, res.IsError, "%s(%v) was accepted", tc.tool, tc.args)
			assert.Equal(t, "invalid_argument", sc["kind"])
			assert.Equal(t, false, sc["sent"])
			assert.Equal(t, tc.field, sc["field"])
			assert.Contains(t, text(res), tc.say)
			assert.NotContains(t, text(res), "short-pw", "a secret is never echoed")
			assert.Zero(t, srv.RequestCount(), "nothing sent: %v", srv.Requests())
		})
	}
}

// TestMCPAPIErrors: a 403 (admin scopes without being a White Label
// admin), a 429 retried then served, a 429 that outlasts the retries, and
// a 401 echoing the token: tool errors with Make's code, message and the
// scope, never the token.
func TestMCPAPIErrors(t *testing.T) {
	srv := mcpFake(t)
	srv.SetScopes(append(maketest.DefaultScopes(), "admin:read")...) // user 1 is no White Label admin
	cs := mcpSession(t, srv, maketest.DefaultToken, mcpConfig{})

	t.Run("403", func(t *testing.T) {
		res, sc := call(t, cs, "admin_users_list", nil)
		require.True(t, res.IsError)
		assert.Equal(t, "api_error", sc["kind"])
		assert.EqualValues(t, 403, sc["status"])
		assert.Equal(t, "SC403", sc["code"])
		assert.Equal(t, "admin:read", sc["scope"])
		assert.Equal(t, true, sc["sent"])
		assert.Contains(t, text(res), "Permission denied")
	})
	t.Run("403 missing scope", func(t *testing.T) {
		res := toolError(&makeapi.APIError{StatusCode: 403, Code: "SC403", Message: "Permission denied", Scope: "organizations:write"},
			[]string{"organizations:write"}, []string{"organizations:read"})
		assert.True(t, res.IsError)
		assert.Equal(t, "organizations:write", res.StructuredContent.(toolErrorBody).Missing)
		assert.Contains(t, text(res), "the token lacks the scope organizations:write")
	})
	t.Run("429 retried", func(t *testing.T) {
		srv.ResetRequests()
		srv.InjectFault(maketest.Fault{OperationID: "usersGetMe", Status: http.StatusTooManyRequests,
			Body: maketest.MakeErrorBody(maketest.RateLimitMessage, maketest.CodeRateLimited, "")})
		res, sc := call(t, cs, "users_me", nil)
		require.False(t, res.IsError, text(res))
		assert.Equal(t, "Jane Doe", sc["name"])
		assert.Equal(t, 2, srv.RequestCount(), "the 429, then the answer")
	})
	t.Run("429 after retries", func(t *testing.T) {
		srv.InjectFault(maketest.Fault{OperationID: "usersGetMe", Times: -1, Status: http.StatusTooManyRequests,
			Body: maketest.MakeErrorBody(maketest.RateLimitMessage, maketest.CodeRateLimited, "")})
		t.Cleanup(srv.ClearFaults)
		res, sc := call(t, cs, "users_me", nil)
		require.True(t, res.IsError)
		assert.EqualValues(t, 429, sc["status"])
		assert.Equal(t, maketest.CodeRateLimited, sc["code"])
		assert.Equal(t, maketest.RateLimitMessage, sc["message"])
	})
	t.Run("secret scrubbed", func(t *testing.T) {
		srv.InjectFault(maketest.Fault{OperationID: "usersGetMe", Status: http.StatusUnauthorized,
			Body: maketest.MakeErrorBody("Invalid token "+maketest.DefaultToken, "IM102", "token "+maketest.DefaultToken)})
		res, sc := call(t, cs, "users_me", nil)
		require.True(t, res.IsError)
		b, _ := json.Marshal(res)
		assert.NotContains(t, string(b), maketest.DefaultToken)
		assert.Equal(t, "IM102", sc["code"])
	})
}

// TestMCPStartErrors: the server does not start without the token's
// scopes, nor with flags that contradict each other.
func TestMCPStartErrors(t *testing.T) {
	srv := mcpFake(t)
	srv.InjectFault(maketest.Fault{OperationID: "usersGetCurrentAuthorization", Status: http.StatusForbidden,
		Body: maketest.MakeErrorBody("Permission denied", maketest.CodeForbidden, "Access denied.")})
	_, _, err := newMCPServer(context.Background(), srv.Client(), mcpConfig{})
	var ae *makeapi.APIError
	require.True(t, errors.As(err, &ae), "%v", err)
	assert.Equal(t, exitAuth, exitCode(err))

	for _, args := range [][]string{
		{"mcp", "--allow-destructive", "--read-only"},
		{"mcp", "--token-file", "-"},
		{"mcp", "extra"},
		{"mcp", "--bogus"},
	} {
		r := makectl(t, "", false, args...)
		assert.Equal(t, exitUsage, r.code, "%v: %s", args, r.stderr)
		assert.Empty(t, r.stdout, "stdout carries only the protocol")
	}
	// makectl's output flags and --yes do not apply to a server: refused
	// before any client is made (a token is there).
	t.Setenv("MAKE_API_TOKEN", maketest.DefaultToken)
	t.Setenv("MAKE_BASE_URL", srv.URL())
	for _, args := range [][]string{
		{"mcp", "--yes"},
		{"mcp", "-o", "json"},
		{"--cols", "id", "mcp"},
		{"mcp", "--max", "5"},
		{"mcp", "--csv-raw"},
	} {
		r := makectl(t, "", false, args...)
		assert.Equal(t, exitUsage, r.code, "%v: %s", args, r.stderr)
		assert.Contains(t, r.stderr, "does not apply to makectl mcp", args)
		assert.Empty(t, r.stdout, "stdout carries only the protocol")
	}
	r := makectl(t, "", false, "mcp", "--yes")
	assert.Contains(t, r.stderr, "--allow-destructive lists the destructive tools")
	// What the server sent reaches the terminal with its control
	// characters escaped. (Through runMCP's own client: plain HTTP.)
	srv = maketest.NewServer(t)
	srv.InjectFault(maketest.Fault{OperationID: "usersGetCurrentAuthorization", Status: http.StatusForbidden,
		Body: maketest.MakeErrorBody("Permission \x1b[31mdenied", maketest.CodeForbidden, "Access denied.")})
	t.Setenv("MAKE_BASE_URL", srv.URL())
	t.Setenv("MAKE_ZONE", "")
	t.Setenv("MAKE_API_TOKEN", maketest.DefaultToken)
	tokenFile := filepath.Join(t.TempDir(), "token")
	require.NoError(t, os.WriteFile(tokenFile, []byte(maketest.DefaultToken+"\n"), 0o600))
	r = makectl(t, "", false, "mcp", "--token-file", tokenFile)
	assert.Equal(t, exitAuth, r.code, r.stderr)
	assert.Contains(t, r.stderr, `Permission \x1b[31mdenied`)
	assert.NotContains(t, r.stderr, "\x1b")
	assert.NotContains(t, r.stderr, maketest.DefaultToken)

	r = makectl(t, "", false, "mcp", "--help").ok(t)
	for _, want := range []string{"--allow-destructive", "--read-only", "--zone ZONE", "--token-file PATH", "--debug", "not -: stdin carries the protocol", "are refused"} {
		assert.Contains(t, r.stdout, want)
	}
	_, flags, ok := strings.Cut(r.stdout, "\nFlags:\n")
	require.True(t, ok, r.stdout)
	for _, unwanted := range []string{"--yes", "--csv-raw", "--max", "--output", "--cols"} {
		assert.NotContains(t, flags, unwanted, "makectl mcp --help lists a flag it refuses")
	}
	r = makectl(t, "", false, "help", "mcp").ok(t)
	assert.Contains(t, r.stdout, "Usage: makectl mcp")
}

// TestMCPToolNames: every command's tool name is unique, at most 48
// characters, and its input schema builds.
func TestMCPToolNames(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range commands {
		name := toolName(c)
		assert.False(t, seen[name], "two tools named %s", name)
		seen[name] = true
		assert.LessOrEqual(t, len(name), 48, name)
		_, err := newMCPTool(c, nil)
		assert.NoError(t, err, name)
	}
	assert.True(t, seen["admin_users_lookup"])
}

// TestREADMEMCPConfig checks the README's host configuration: it is JSON
// with command, args and env; the args are makectl mcp's; the env names
// the variables makectl reads; and every flag of the table is makectl mcp's.
func TestREADMEMCPConfig(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	_, section, ok := strings.Cut(string(b), "\n## MCP server (for AI agents)\n")
	require.True(t, ok, "README.md has no MCP section")
	section, _, _ = strings.Cut(section, "\n## ")
	_, block, ok := strings.Cut(section, "```json\n")
	require.True(t, ok, "no JSON block")
	block, _, _ = strings.Cut(block, "```")
	var cfg struct {
		MCPServers map[string]struct {
			Command string            `json:"command"`
			Args    []string          `json:"args"`
			Env     map[string]string `json:"env"`
		} `json:"mcpServers"`
	}
	require.NoError(t, json.Unmarshal([]byte(block), &cfg))
	s, ok := cfg.MCPServers["make"]
	require.True(t, ok)
	assert.Equal(t, "makectl", s.Command)
	require.NotEmpty(t, s.Args)
	assert.Equal(t, "mcp", s.Args[0])
	root := newRoot(&env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard})
	cmd, rest, err := root.Find([]string{"mcp"})
	require.NoError(t, err)
	require.Empty(t, rest)
	require.NoError(t, cmd.ParseFlags(s.Args[1:]))
	assert.Empty(t, cmd.Flags().Args(), "the README's args")
	assert.Contains(t, s.Env, "MAKE_API_TOKEN")
	assert.Contains(t, s.Env, "MAKE_ZONE")

	for _, m := range regexp.MustCompile("(?m)^\\| `--([a-z-]+)`").FindAllStringSubmatch(section, -1) {
		name := m[1]
		assert.True(t, cmd.NonInheritedFlags().Lookup(name) != nil || slices.ContainsFunc(mcpRootFlags, func(f mcpRootFlag) bool { return f.name == name }),
			"--%s in the README is no flag of makectl mcp", name)
	}
	cmd.NonInheritedFlags().VisitAll(func(f *pflag.Flag) {
		if f.Name != "help" {
			assert.Contains(t, section, "`--"+f.Name, "the README does not say what --%s exposes", f.Name)
		}
	})
	for _, f := range mcpRootFlags {
		assert.NotNil(t, cmd.InheritedFlags().Lookup(f.name), "--%s is no flag of makectl's", f.name)
		assert.Contains(t, section, "`--"+f.name, "the README does not say what --%s does", f.name)
	}
}
