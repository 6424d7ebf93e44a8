package main

import (
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strings"
	"text/tabwriter"
)

// services are the first words of the commands, in help order, with a line
// each.
var services = []struct{ name, doc string }{
	{"users", "Users: the current user, user details, API tokens, roles, team and organization roles, notifications, email preferences"},
	{"organizations", "Organizations: organizations, invitations, subscriptions and billing, variables, usage, feature controls"},
	{"admin users", "Admin (White Label): the instance's users, their roles, lookups"},
	{"enums", "Enums: countries, timezones, locales, languages, regions, zones, API token scopes, email notifications"},
}

const commonHelp = `Credentials:
  MAKE_API_TOKEN, MAKE_ZONE (eu1, us2, a White Label host...) and MAKE_BASE_URL
  (private instances, tests) as in make.NewClientFromEnv; or --zone ZONE and
  --token-file PATH (- reads the token from stdin). There is no token flag.

Flags of every command (they may also come before the command):
  -o, --output FORMAT  json (default when stdout is not a terminal: one JSON
                       document, the SDK's result or a paging list's items),
                       jsonl (one item a line), table (default on a terminal)
                       or csv
  --cols a,b,c         the columns of table and csv; also sent as cols[] when the
                       operation selects columns
  --body FILE|-        the request body as a JSON object (- reads stdin); body
                       flags override its fields
  --max N              a list that pages stops after N items (fetching no
                       further page)
  --csv-raw            csv cells as they are: without it, a cell that starts
                       with = + - @, a tab or a carriage return gets a leading '
                       so that a spreadsheet does not run it as a formula
  --yes                run a destructive command (delete, transfer, removal)
                       without asking; required when stdin is not a terminal
  --debug              log every HTTP attempt to stderr (secrets redacted)
  --zone, --token-file see Credentials

Lists that page (those with an Iter method in the SDK) fetch every page in
every output format, starting at --pg-offset, --pg-limit items a page;
--max N stops after N items.
Secret values (passwords, hashes) are read from a file or stdin: --NAME-file.

Exit codes: 0 ok, 1 other error, 2 bad usage or input (also Make's 400, and
406 asking for --confirmed), 3 authentication or permission (401, 403), 4 not
found (404), 5 rate limited after retries (429).
`

func writeMainHelp(w io.Writer) {
	fmt.Fprint(w, `makectl calls the Make API v2 through the make-go SDK: one command per SDK method.

Usage:
  makectl <service> <command> [arguments] [flags]
  makectl help | makectl <service> --help | makectl <service> <command> --help

Services:
`)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, s := range services {
		n := 0
		for _, c := range commands {
			if strings.HasPrefix(c.name, s.name+" ") {
				n++
			}
		}
		fmt.Fprintf(tw, "  %s\t%d commands\t%s\n", s.name, n, s.doc)
	}
	tw.Flush()
	fmt.Fprint(w, `
Names are the SDK's in kebab case: client.Users.ListAPITokens is "users list-api-tokens".
Admin methods are grouped under "admin users" and drop the word User
(Admin.LookupUser is "admin users lookup"); Enums methods drop List
(Enums.ListTimezones is "enums timezones").

`+commonHelp)
}

// writeGroupHelp lists the commands under prefix with endpoint, scope and
// summary.
func writeGroupHelp(w io.Writer, prefix string) {
	fmt.Fprintf(w, "makectl %s: commands\n\n", prefix)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, c := range commands {
		if !strings.HasPrefix(c.name, prefix+" ") {
			continue
		}
		usage := c.name
		if a := argNames(c); a != "none" {
			usage += " " + a
		}
		line := fmt.Sprintf("  %s\t%s %s\t%s\t%s", usage, c.op.Method, c.op.Path, strings.Join(c.op.Scopes, ", "), c.op.Summary)
		if c.missing != "" {
			line += " (not available in this build)"
		}
		fmt.Fprintln(tw, line)
	}
	tw.Flush()
	fmt.Fprintf(w, "\nRun makectl %s <command> --help for a command's arguments and flags.\n", prefix)
}

// writeCommandHelp describes one command: usage, endpoint, scope, the
// catalogue's documentation, arguments and flags.
func writeCommandHelp(w io.Writer, c *command) {
	usage := "makectl " + c.name
	for _, p := range c.args {
		usage += " <" + p.name + ">"
	}
	fmt.Fprintf(w, "Usage: %s [flags]\n\n", usage)
	fmt.Fprintf(w, "%s\n\n", c.op.Summary)
	scope := "scope " + strings.Join(c.op.Scopes, ", ")
	if len(c.op.Scopes) == 0 {
		scope = "no scope documented"
	}
	fmt.Fprintf(w, "Make API: %s %s (%s)\n", c.op.Method, c.op.Path, scope)
	fmt.Fprintf(w, "SDK:      client.%s.%s", c.service, c.row.method)
	if c.missing != "" {
		fmt.Fprintf(w, " (not available in this build: %s)", c.missing)
	}
	if c.iterName != "" {
		fmt.Fprintf(w, " (every page through %s)", c.iterName)
	}
	fmt.Fprintln(w)
	if c.destructive() {
		fmt.Fprintln(w, "Destructive: asks for confirmation on a terminal; needs --yes otherwise.")
	}
	if d := strings.TrimSpace(c.op.Description); d != "" {
		fmt.Fprintf(w, "\n%s\n", d)
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	if len(c.args) > 0 {
		fmt.Fprintln(w, "\nArguments:")
		for _, p := range c.args {
			fmt.Fprintf(tw, "  <%s>\t%s\t%s\n", p.name, typeName(p), oneLine(p.cat.Description))
		}
		tw.Flush()
	}
	if len(c.flags) > 0 {
		fmt.Fprintln(w, "\nFlags:")
		for _, p := range c.flags {
			where := map[paramKind]string{kindArg: "", kindQuery: "query " + p.wire, kindBody: "body " + p.wire}[p.kind]
			if p.kind == kindArg {
				where = p.cat.In + " " + p.wire
			}
			desc := oneLine(p.cat.Description)
			if p.required || p.cat.Required {
				desc = "required. " + desc
			}
			fmt.Fprintf(tw, "  --%s\t%s\t%s\t%s\n", p.name, typeName(p), where, desc)
		}
		tw.Flush()
	}
	fmt.Fprintln(w, "\nmakectl's own flags: -o json|jsonl|table|csv, --cols, --body FILE|- (with a body), --max N (lists\nthat page), --yes, --debug, --zone, --token-file PATH|-; makectl help describes them, the credentials\nand the exit codes.")
}

var sentenceEnd = regexp.MustCompile(`\. [A-Z(]`)

// typeName names what a param takes.
func typeName(p *param) string {
	if p.secret {
		return "FILE|-"
	}
	if p.kind == kindBody {
		switch t := p.cat.Type; t {
		case "array":
			return p.cat.ItemType + ",..."
		case "":
			return "JSON"
		default:
			return t
		}
	}
	t := p.typ
	s := ""
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() == reflect.Slice {
		t, s = t.Elem(), ",..."
	}
	return strings.ToLower(t.Name()) + s
}

// oneLine shortens a description to its first sentence on one line (a
// period followed by a capital ends it; "e.g. x" does not).
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if m := sentenceEnd.FindStringIndex(s); m != nil && m[0] < 160 {
		s = s[:m[0]+1]
	}
	if len(s) > 200 {
		s = s[:197] + "..."
	}
	return s
}
