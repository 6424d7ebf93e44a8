package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"reflect"
	"slices"
	"strings"

	"github.com/google/jsonschema-go/jsonschema"
	makeapi "github.com/make-sdk/make-go"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// makectl mcp serves the Model Context Protocol over stdio: every command of
// makectl's table is a tool (users_me, organizations_list,
// admin_users_lookup), listed only if the token's scopes allow it.

// mcpConfig is what decides which tools a server lists.
type mcpConfig struct {
	allowDestructive bool // list the destructive tools (deletions, transfers, removals)
	readOnly         bool // list only the tools that read (GET)
}

func init() { subcommands = append(subcommands, newMCPCommand) }

// mcpRootFlags are makectl's own flags (the root's) that makectl mcp uses,
// as its help describes them; the others (-o, --cols, --max, --yes,
// --csv-raw, and any added later) shape a command's output or confirm it,
// and are refused:
// stdout carries the protocol, and --allow-destructive, not --yes, is what
// lets destructive tools through.
var mcpRootFlags = []mcpRootFlag{
	{"zone", "--zone ZONE", "the zone (eu1, us2...) or White Label host; else MAKE_ZONE, or MAKE_BASE_URL"},
	{"token-file", "--token-file PATH", "the file with the API token; else MAKE_API_TOKEN. Not -: stdin carries the protocol"},
	{"debug", "--debug", "log every request to Make on stderr (secrets redacted)"},
}

// mcpRootFlag is one of makectl's own flags as makectl mcp's help shows it.
type mcpRootFlag struct{ name, term, doc string }

// mcpLong is makectl mcp's help, before its flags (%d: defaultPageSize).
const mcpLong = `Serves every Make API operation makectl knows as a Model Context Protocol tool, over stdin and
stdout, for an AI agent's host (Claude Desktop, Claude Code, VS Code...). At start it asks Make for
the token's scopes (GET /users/me/current-authorization, scope organization:read) and lists only
the tools those scopes allow (the Admin tools for a White Label administrator's admin:read and
admin:write). Destructive tools (they delete, end or change a plan, transfer ownership or remove
access: the commands makectl asks to confirm) are neither listed nor callable without
--allow-destructive. Lists return one page (%d items unless the call asks for another limit) and
nextOffset. stdout carries only the protocol; stderr says how many
tools are served, and logs each request with --debug.

The token and zone are read as by every makectl command: MAKE_API_TOKEN, MAKE_ZONE, MAKE_BASE_URL,
or --zone and --token-file PATH (not -: stdin carries the protocol). makectl's other flags (-o, --cols,
--max, --csv-raw, --yes) do not apply to a server and are refused.`

// newMCPCommand is "makectl mcp", a subcommand (cli.go's subcommands).
func newMCPCommand(e *env, opts *options) *cobra.Command {
	var cfg mcpConfig
	cmd := &cobra.Command{
		Use:   "mcp",
		Short: "Serve every command as a Model Context Protocol tool over stdio, for AI agents",
		Long:  fmt.Sprintf(mcpLong, defaultPageSize),
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			var refused []string
			cmd.InheritedFlags().VisitAll(func(f *pflag.Flag) {
				if f.Changed && !slices.ContainsFunc(mcpRootFlags, func(r mcpRootFlag) bool { return r.name == f.Name }) {
					refused = append(refused, f.Name)
				}
			})
			if len(refused) > 0 {
				hint := "stdout carries the protocol"
				if refused[0] == "yes" {
					hint = "--allow-destructive lists the destructive tools"
				}
				return usagef("--%s does not apply to makectl mcp (%s); run makectl mcp --help", refused[0], hint)
			}
			switch {
			case cfg.allowDestructive && cfg.readOnly:
				return usagef("--allow-destructive and --read-only exclude each other")
			case opts.tokenFile == "-":
				return usagef("--token-file: not \"-\": stdin carries the protocol; give a file")
			}
			return runMCP(cmd.Context(), e, opts, cfg)
		},
	}
	cmd.Flags().BoolVar(&cfg.allowDestructive, "allow-destructive", false,
		"also list the tools that delete, end or change a plan, transfer ownership or remove access")
	cmd.Flags().BoolVar(&cfg.readOnly, "read-only", false, "list only the tools that read (GET)")
	cmd.SetHelpFunc(func(cmd *cobra.Command, args []string) { writeMCPHelp(cmd) })
	return cmd
}

// writeMCPHelp is makectl mcp's help: what it serves, its flags, and the
// ones of makectl's own it uses, within helpWidth as every help page.
func writeMCPHelp(cmd *cobra.Command) {
	w := cmd.OutOrStdout()
	writePara(w, "Usage: ", "makectl mcp [--allow-destructive | --read-only] [--zone ZONE] [--token-file PATH] [--debug]")
	fmt.Fprintln(w)
	for i, para := range strings.Split(cmd.Long, "\n\n") {
		if i > 0 {
			fmt.Fprintln(w)
		}
		writePara(w, "", strings.Join(strings.Fields(para), " "))
	}
	fmt.Fprintln(w, "\nFlags:")
	var defs [][2]string
	cmd.NonInheritedFlags().VisitAll(func(f *pflag.Flag) {
		if f.Name != "help" {
			defs = append(defs, [2]string{"--" + f.Name, f.Usage})
		}
	})
	for _, f := range mcpRootFlags {
		defs = append(defs, [2]string{f.term, f.doc})
	}
	writeDefs(w, defs)
}

// runMCP serves MCP on e's stdin and stdout until stdin ends or ctx is done.
// Its errors are makectl's (run writes them and maps them to exit codes).
func runMCP(ctx context.Context, e *env, opts *options, cfg mcpConfig) error {
	var logger *slog.Logger
	if opts.debug {
		logger = slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	client, err := newClient(e, opts.credentials, logger)
	if err != nil {
		return err
	}
	srv, tools, err := newMCPServer(ctx, client, cfg)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "makectl mcp: serving %d tools on stdio\n", len(tools))
	t := &mcp.IOTransport{Reader: io.NopCloser(e.stdin), Writer: nopWriteCloser{e.stdout}}
	if err := srv.Run(ctx, t); err != nil && ctx.Err() == nil && !errors.Is(err, io.EOF) {
		return err
	}
	return nil
}

// nopWriteCloser lets the transport close stdout without closing it.
type nopWriteCloser struct{ io.Writer }

func (nopWriteCloser) Close() error { return nil }

// mcpTool is a command served as a tool.
type mcpTool struct {
	cmd      *command
	tool     *mcp.Tool
	resolved *jsonschema.Resolved
	order    []string                        // the input schema's properties, in its order
	propRes  map[string]*jsonschema.Resolved // each property's schema, resolved alone
	props    map[*param]string               // each param's property in the input schema
	limit    *param                          // a paged list's pg[limit], set to defaultPageSize when the call gives none
}

// toolName is a command's tool name: its words joined by _, with - as _
// (admin users lookup is admin_users_lookup).
func toolName(c *command) string {
	return strings.ReplaceAll(strings.ReplaceAll(c.name, " ", "_"), "-", "_")
}

// scopesAllow reports whether a token with the given scopes may call the
// operation: it has one of the scopes the catalogue documents. An operation
// whose scopes the catalogue does not know is left to Make to decide.
func scopesAllow(opScopes, token []string) bool {
	if len(opScopes) == 0 {
		return true
	}
	for _, s := range opScopes {
		if slices.Contains(token, s) {
			return true
		}
	}
	return false
}

// selectTools returns the commands a server lists for a token's scopes and
// the flags: one per operation (an alias row, a second SDK method on an
// operation that has its tool, is left out), available in this build,
// allowed by the scopes, GETs only with readOnly, destructive ones only with
// allowDestructive.
func selectTools(scopes []string, cfg mcpConfig) []*command {
	var out []*command
	for _, c := range commands {
		switch {
		case c.missing != "",
			c.alias,
			!scopesAllow(c.op.Scopes, scopes),
			cfg.readOnly && c.op.Method != http.MethodGet,
			!cfg.allowDestructive && c.destructive():
			continue
		}
		out = append(out, c)
	}
	return out
}

// newMCPServer asks Make for the client's scopes and returns a server
// listing the tools they allow (see selectTools), with the names of those
// tools.
func newMCPServer(ctx context.Context, client *makeapi.Client, cfg mcpConfig) (*mcp.Server, []string, error) {
	auth, err := client.Users.CurrentAuthorization(ctx)
	if err != nil {
		// Without its scopes the server cannot tell which tools the token
		// may call: it does not start.
		return nil, nil, fmt.Errorf("reading the token's scopes, which decide the tools listed (GET /users/me/current-authorization needs organization:read): %w", err)
	}
	selected := selectTools(auth.Scope, cfg)
	listed := map[string]bool{}
	for _, c := range selected {
		listed[toolName(c)] = true
	}
	srv := mcp.NewServer(&mcp.Implementation{Name: "makectl", Title: "Make API (makectl)", Version: makeapi.Version},
		&mcp.ServerOptions{Instructions: mcpInstructions})
	var names []string
	for _, c := range selected {
		t, err := newMCPTool(c, listed)
		if err != nil {
			return nil, nil, err
		}
		srv.AddTool(t.tool, t.handle(client, auth.Scope))
		names = append(names, t.tool.Name)
	}
	return srv, names, nil
}

// mcpInstructions tells an agent how the tools fit together.
const mcpInstructions = `Tools of the Make (make.com) API v2, one per operation, named by service and verb.
IDs come from lists: start with users_me (who you are) and organizations_list (your organizations),
then its teams (teams_list with organizationId), then users (users_list with organizationId or teamId).
Lists return one page (100 items unless limit says otherwise) and nextOffset when there may be more:
call again with offset=nextOffset. Errors carry Make's code, message and the scope an operation needs.`

// idHints names, per ID parameter, the tools that find such an ID, in the
// order an agent would call them; only the tools the server lists are
// named.
var idHints = map[string][]string{
	"organizationId":     {"organizations_list"},
	"teamId":             {"teams_list", "users_list_team_roles"},
	"teamsId":            {"teams_list", "users_list_team_roles"},
	"userId":             {"users_me", "users_list", "organizations_list_user_roles", "admin_users_lookup", "admin_users_list"},
	"roleId":             {"users_list_roles"},
	"usersRoleId":        {"users_list_roles"},
	"teamRoleId":         {"users_list_roles"},
	"organizationRoleId": {"users_list_roles"},
	"usersAdminsRoleId":  {"admin_users_list_admin_roles"},
	"notificationId":     {"users_list_team_notifications"},
	"variableName":       {"organizations_list_variables"},
	"paymentMethodId":    {"organizations_list_payment_methods"},
	"priceId":            {"organizations_get_subscription"},
	"timestamp":          {"users_list_api_tokens"},
	"countryId":          {"enums_countries"},
	"timezoneId":         {"enums_timezones"},
	"localeId":           {"enums_locales"},
	"language":           {"enums_languages"},
	"regionId":           {"enums_regions"},
	"scope":              {"enums_api_token_scopes"},
}

// description says what the tool does, its endpoint and scope, and which
// tools find the IDs it takes.
func description(c *command, listed map[string]bool) string {
	var b strings.Builder
	b.WriteString(strings.TrimSpace(c.op.Summary))
	if d := strings.TrimSpace(c.op.Description); d != "" && d != c.op.Summary {
		b.WriteString("\n\n" + d)
	}
	fmt.Fprintf(&b, "\n\nMake API: %s %s", c.op.Method, c.op.Path)
	if len(c.op.Scopes) > 0 {
		fmt.Fprintf(&b, " (scope %s)", strings.Join(c.op.Scopes, " or "))
	}
	b.WriteString(".")
	if c.iterName != "" {
		fmt.Fprintf(&b, " Returns one page (%d items unless limit says otherwise) and nextOffset when there may be more.", defaultPageSize)
	}
	if c.destructive() {
		b.WriteString(" Destructive: it deletes, ends or changes a plan, transfers ownership or removes access; call it only when the user asked for exactly that.")
	}
	var hints []string
	for _, p := range slices.Concat(c.args, c.flags) {
		var via []string
		for _, n := range idHints[p.wire] {
			if listed[n] && n != toolName(c) {
				via = append(via, n)
			}
		}
		if len(via) > 0 {
			hints = append(hints, fmt.Sprintf("%s from %s", propName(p.wire), strings.Join(via, " or ")))
		}
	}
	if len(hints) > 0 {
		b.WriteString(" Find " + strings.Join(hints, "; ") + ".")
	}
	return b.String()
}

// newMCPTool makes a command's tool: its name, title, description, input
// schema (resolved once, to check every call) and annotations.
func newMCPTool(c *command, listed map[string]bool) (*mcpTool, error) {
	schema, props, err := c.inputSchema()
	if err != nil {
		return nil, err
	}
	resolved, err := schema.Resolve(nil)
	if err != nil {
		return nil, fmt.Errorf("%s: input schema: %w", c.name, err)
	}
	read := c.op.Method == http.MethodGet
	ann := &mcp.ToolAnnotations{
		Title:          c.op.Summary,
		ReadOnlyHint:   read,
		IdempotentHint: idempotent(c.op.Method),
		OpenWorldHint:  makeapi.Ptr(true), // Make, a service outside the host
	}
	if !read {
		ann.DestructiveHint = makeapi.Ptr(c.destructive())
	}
	propRes := map[string]*jsonschema.Resolved{}
	for name, ps := range schema.Properties {
		if propRes[name], err = ps.Resolve(nil); err != nil {
			return nil, fmt.Errorf("%s: input schema of %s: %w", c.name, name, err)
		}
	}
	t := &mcpTool{cmd: c, resolved: resolved, order: schema.PropertyOrder, propRes: propRes, props: props, tool: &mcp.Tool{
		Name: toolName(c), Title: c.op.Summary, Description: description(c, listed),
		InputSchema: schema, Annotations: ann,
	}}
	if c.iterName != "" {
		for _, p := range c.flags {
			if p.wire == "pg[limit]" {
				t.limit = p
			}
		}
	}
	return t, nil
}

// validate checks a call's arguments against the input schema. The
// validator visits the arguments in map order and stops at the first error,
// so when several are bad, validate reports the first in the schema's
// order, and every unknown argument, sorted: the same call always gets the
// same answer.
func (t *mcpTool) validate(instance map[string]any) error {
	err := t.resolved.Validate(instance)
	if err == nil {
		return nil
	}
	for _, name := range t.order {
		if v, ok := instance[name]; ok {
			if perr := t.propRes[name].Validate(v); perr != nil {
				return fmt.Errorf("validating /properties/%s: %w", name, perr)
			}
		}
	}
	var unknown []string
	for name := range instance {
		if t.propRes[name] == nil {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		return fmt.Errorf("unexpected additional properties %q", unknown)
	}
	return err
}

// handle returns the tool's handler: it checks the arguments against the
// input schema, builds the SDK method's arguments, calls it and returns its
// typed result as structured content (and as JSON text); every failure is a
// tool error (isError), refused before sending when the arguments are bad.
func (t *mcpTool) handle(client *makeapi.Client, scopes []string) mcp.ToolHandler {
	svc := reflect.ValueOf(client).Elem().FieldByName(t.cmd.service)
	method := svc.MethodByName(t.cmd.method.Name)
	return func(ctx context.Context, req *mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		args := map[string]json.RawMessage{}
		var instance map[string]any
		if raw := req.Params.Arguments; len(raw) > 0 && string(raw) != "null" {
			if err := json.Unmarshal(raw, &args); err != nil {
				return toolError(&argError{"arguments", "want a JSON object"}, nil, nil), nil
			}
			if err := json.Unmarshal(raw, &instance); err != nil {
				return toolError(&argError{"arguments", "want a JSON object"}, nil, nil), nil
			}
		}
		if instance == nil {
			instance = map[string]any{}
		}
		if err := t.validate(instance); err != nil {
			return toolError(t.schemaError(err, args), nil, nil), nil
		}
		in, err := t.arguments(reflect.ValueOf(ctx), args)
		if err != nil {
			return toolError(err, nil, nil), nil
		}
		res := method.Call(in)
		if errV := res[len(res)-1]; !errV.IsNil() {
			return toolError(errV.Interface().(error), t.cmd.op.Scopes, scopes), nil
		}
		var out any = map[string]any{"ok": true}
		if len(res) == 2 {
			out, err = t.structured(res[0], args)
			if err != nil {
				return toolError(err, nil, nil), nil
			}
		}
		text, err := json.Marshal(out)
		if err != nil {
			return toolError(err, nil, nil), nil
		}
		return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: string(text)}}, StructuredContent: out}, nil
	}
}

// structured turns a method's result into a tool's structured content, a
// JSON object: an object as it is, anything else under "items" (a list) or
// "result"; a paged list gets nextOffset when its page is full.
func (t *mcpTool) structured(v reflect.Value, args map[string]json.RawMessage) (any, error) {
	b, err := json.Marshal(v.Interface())
	if err != nil {
		return nil, err
	}
	var decoded any
	if err := json.Unmarshal(b, &decoded); err != nil {
		return nil, err
	}
	obj, isObj := decoded.(map[string]any)
	if !isObj {
		key := "result"
		if _, isList := decoded.([]any); isList {
			key = "items"
		}
		obj = map[string]any{key: decoded}
	}
	if t.limit != nil {
		limit, offset := defaultPageSize, 0
		if raw, ok := args[t.props[t.limit]]; ok {
			_ = json.Unmarshal(raw, &limit) // checked against the schema and the options already
		}
		for _, p := range t.cmd.flags {
			if p.wire == "pg[offset]" {
				_ = json.Unmarshal(args[t.props[p]], &offset)
			}
		}
		// Make may serve fewer items a page than asked for (its pg.limit
		// says how many): a page of that many is full too.
		if pg, ok := obj["pg"].(map[string]any); ok {
			if l, ok := pg["limit"].(float64); ok && l > 0 && int(l) < limit {
				limit = int(l)
			}
		}
		if n := len(items(v)); limit > 0 && n >= limit {
			obj["nextOffset"] = offset + n
		}
	}
	return obj, nil
}

// toolErrorBody is a tool error's structured content.
type toolErrorBody struct {
	Kind    string `json:"kind"`              // invalid_argument, api_error, or error
	Status  int    `json:"status,omitempty"`  // the HTTP status of an API error
	Code    string `json:"code,omitempty"`    // Make's code, e.g. SC403, IM004
	Message string `json:"message"`           // what went wrong, secrets removed by the SDK
	Detail  string `json:"detail,omitempty"`  // Make's detail
	Field   string `json:"field,omitempty"`   // the argument refused
	Rule    string `json:"rule,omitempty"`    // the rule it breaks
	Scope   string `json:"scope,omitempty"`   // the scope the operation needs (403)
	Missing string `json:"missing,omitempty"` // the needed scope the token lacks, when known
	Sent    bool   `json:"sent"`              // whether the request reached Make
}

// toolError is a failed call as a tool error: Make's code, message, detail
// and the scope the operation needs, or the argument and rule refused. The
// SDK's errors are already scrubbed of the token and every secret of the
// call.
//
// need are the scopes the operation documents (one of them suffices), have
// the token's: a 403 names the needed scope the token lacks, if it lacks it.
func toolError(err error, need, have []string) *mcp.CallToolResult {
	body := toolErrorBody{Kind: "error", Message: err.Error(), Sent: true}
	var ae *makeapi.APIError
	var ve *makeapi.ValidationError
	var arg *argError
	switch {
	case errors.As(err, &arg):
		body = toolErrorBody{Kind: "invalid_argument", Field: arg.field, Rule: arg.rule, Message: err.Error()}
	case errors.As(err, &ve):
		body = toolErrorBody{Kind: "invalid_argument", Field: ve.Field, Rule: ve.Reason, Message: err.Error()}
	case errors.As(err, &ae):
		body = toolErrorBody{Kind: "api_error", Status: ae.StatusCode, Code: ae.Code, Message: ae.Message,
			Detail: ae.Detail, Scope: ae.Scope, Sent: true}
		if body.Message == "" {
			body.Message = err.Error()
		}
		if body.Scope == "" {
			body.Scope = strings.Join(need, " or ")
		}
		if ae.StatusCode == http.StatusForbidden && len(need) > 0 && !scopesAllow(need, have) {
			body.Missing = strings.Join(need, " or ")
		}
	}
	text := err.Error()
	if body.Missing != "" {
		text += " (the token lacks the scope " + body.Missing + ")"
	}
	return &mcp.CallToolResult{IsError: true, Content: []mcp.Content{&mcp.TextContent{Text: text}}, StructuredContent: body}
}
