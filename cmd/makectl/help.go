package main

import (
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/spf13/cobra"
)

// helpWidth is the widest line help writes, in characters.
const helpWidth = 100

// services are the lines of the groups of commands (their words but the
// last) in help; a group without one is listed with its count only.
var services = []struct{ name, doc string }{
	{"users", "Users: the current user, user details, API tokens, roles, team and organization roles, notifications, email preferences"},
	{"organizations", "Organizations: organizations, invitations, subscriptions and billing, variables, usage, feature controls"},
	{"admin", "Admin (White Label): the instance's users, their roles, lookups"},
	{"admin users", "Admin (White Label): the instance's users, their roles, lookups"},
	{"enums", "Enums: countries, timezones, locales, languages, regions, zones, API token scopes, email notifications"},
}

// serviceDoc is the line of a group of commands ("" if it has none).
func serviceDoc(prefix string) string {
	for _, s := range services {
		if s.name == prefix {
			return s.doc
		}
	}
	return ""
}

const commonHelp = `Credentials:
  MAKE_API_TOKEN, MAKE_ZONE (eu1, us2, a White Label host...) and MAKE_BASE_URL
  (private instances, tests) as in make.NewClientFromEnv; or --zone ZONE and
  --token-file PATH (- reads the token from stdin). There is no token flag.

Flags of every command (they may come anywhere on the line; makectl mcp, a server,
takes only --zone, --token-file and --debug of them):
  -o, --output FORMAT  json (default when stdout is not a terminal: one JSON
                       document, the SDK's result or a paging list's items;
                       nothing if the list fails part way), jsonl (one item a
                       line), table (default on a terminal) or csv
  --cols a,b,c         the columns of table and csv; also sent as cols[] when the
                       operation selects columns
  --body FILE|-        the request body as a JSON object (- reads stdin); body
                       flags override its fields
  --max N              a list that pages stops after N items (fetching no
                       further page)
  --csv-raw            csv cells as they are: without it, a cell that starts
                       with = + - @, a tab or a carriage return gets a leading '
                       so that a spreadsheet does not run it as a formula
  --yes                run a destructive command (it deletes, ends or changes a
                       plan, transfers ownership or removes access) without
                       asking; required when stdin or stderr is not a terminal
  --debug              log every HTTP attempt to stderr (secrets redacted)
  --zone, --token-file see Credentials

Lists that page (those with an Iter method in the SDK) fetch every page in
every output format, starting at --pg-offset, --pg-limit items a page;
--max N stops after N items. If a page fails, table, csv and jsonl keep what
was fetched and -o json writes nothing; the error follows on stderr.
Secret values (passwords, hashes) are read from a file or stdin: --NAME-file.
Text from the server reaches a terminal (table, errors) with its control
characters escaped (\x1b, \u009b...); json, jsonl and csv keep it exact.

Exit codes, from the SDK's error kinds (a Make error object in a 200 counts
by its code): 0 ok, 1 other error, 2 bad usage or input (also Make's 400, and
406 or IM004 asking for --confirmed), 3 authentication or permission (401,
403), 4 not found (404), 5 rate limited after retries (429).
`

// writeMainHelp is makectl's help: the services (the table's groups), the
// root's other commands (version, completion, and the subcommands such as
// mcp), the flags of every command, the credentials and the exit codes.
func writeMainHelp(w io.Writer, root *cobra.Command) {
	fmt.Fprint(w, `makectl calls the Make API v2 through the make-go SDK: one command per SDK method.

Usage:
  makectl <service> <command> [arguments] [flags]
  makectl help | makectl <service> --help | makectl <service> <command> --help

Services:
`)
	// The groups of the table's commands, in its order (a command's words
	// but the last), with their lines from services.
	var groups []string
	count := map[string]int{}
	for _, c := range commands {
		words := strings.Fields(c.name)
		g := strings.Join(words[:len(words)-1], " ")
		if count[g] == 0 {
			groups = append(groups, g)
		}
		count[g]++
	}
	var defs [][2]string
	for _, g := range groups {
		defs = append(defs, [2]string{g, strings.TrimSpace(fmt.Sprintf("%d commands. %s", count[g], serviceDoc(g)))})
	}
	writeDefs(w, defs)
	fmt.Fprint(w, `
Names are the SDK's in kebab case: client.Users.ListAPITokens is "users list-api-tokens".
Admin methods are grouped under "admin users" and drop the word User
(Admin.LookupUser is "admin users lookup"); Enums methods drop List
(Enums.ListTimezones is "enums timezones").

Other commands:
`)
	defs = nil
	for _, sub := range root.Commands() {
		if sub.IsAvailableCommand() && !isGroup(sub.Name()) {
			defs = append(defs, [2]string{sub.Name(), sub.Short})
		}
	}
	writeDefs(w, defs)
	fmt.Fprint(w, `
Run makectl <command> --help for a command's flags (makectl completion <shell> --help
says how to load a shell's completion).

`+commonHelp)
}

// writeGroupHelp lists the commands under prefix with summary, endpoint
// and scope.
func writeGroupHelp(w io.Writer, prefix string) {
	fmt.Fprintf(w, "makectl %s: commands\n\n", prefix)
	var defs [][2]string
	for _, c := range commands {
		if !strings.HasPrefix(c.name, prefix+" ") {
			continue
		}
		usage := c.name
		if a := argNames(c); a != "none" {
			usage += " " + a
		}
		desc := fmt.Sprintf("%s [%s %s", c.op.Summary, c.op.Method, c.op.Path)
		if len(c.op.Scopes) > 0 {
			desc += ", " + strings.Join(c.op.Scopes, ", ")
		}
		desc += "]"
		if c.destructive() {
			desc += " (destructive)"
		}
		if c.missing != "" {
			desc += " (not available in this build)"
		}
		defs = append(defs, [2]string{usage, desc})
	}
	writeDefs(w, defs)
	fmt.Fprintf(w, "\nRun makectl %s <command> --help for a command's arguments and flags.\n", prefix)
}

// writeCommandHelp describes one command: usage, endpoint, scope, the
// catalogue's documentation, arguments and flags.
func writeCommandHelp(w io.Writer, c *command) {
	usage := "makectl " + c.name
	if a := argNames(c); a != "none" {
		usage += " " + a
	}
	writePara(w, "Usage: ", usage+" [flags]")
	fmt.Fprintln(w)
	writePara(w, "", c.op.Summary)
	fmt.Fprintln(w)
	scope := "scope " + strings.Join(c.op.Scopes, ", ")
	if len(c.op.Scopes) == 0 {
		scope = "no scope documented"
	}
	writePara(w, "Make API: ", fmt.Sprintf("%s %s (%s)", c.op.Method, c.op.Path, scope))
	sdk := fmt.Sprintf("client.%s.%s", c.service, c.row.method)
	if c.missing != "" {
		sdk += fmt.Sprintf(" (not available in this build: %s)", c.missing)
	}
	if c.iterName != "" {
		sdk += fmt.Sprintf(" (every page through %s)", c.iterName)
	}
	writePara(w, "SDK:      ", sdk)
	if c.destructive() {
		writePara(w, "", "Destructive (it deletes, ends or changes a plan, transfers ownership or removes access): "+
			"asks for confirmation on a terminal; needs --yes otherwise.")
	}
	if d := publicText(c.op.Description); d != "" {
		fmt.Fprintln(w)
		writePara(w, "", d)
	}
	if len(c.args) > 0 {
		fmt.Fprintln(w, "\nArguments:")
		var defs [][2]string
		for _, p := range c.args {
			defs = append(defs, [2]string{"<" + p.name + "> " + typeName(p), oneLine(publicText(p.cat.Description))})
		}
		writeDefs(w, defs)
	}
	if len(c.flags) > 0 || c.hasBody {
		fmt.Fprintln(w, "\nFlags:")
		var defs [][2]string
		if c.hasBody {
			defs = append(defs, [2]string{"--body FILE|-", "the request body as a JSON object (- reads stdin); the flags below override its fields"})
		}
		for _, p := range c.flags {
			where := map[paramKind]string{kindQuery: "query " + p.wire, kindBody: "body " + p.wire}[p.kind]
			if p.kind == kindArg {
				where = p.cat.In + " " + p.wire
			}
			desc := oneLine(publicText(p.cat.Description))
			if p.required || p.cat.Required {
				desc = "required. " + desc
			}
			defs = append(defs, [2]string{"--" + p.name + " " + typeName(p), strings.TrimSpace(desc + " (" + where + ")")})
		}
		writeDefs(w, defs)
	}
	fmt.Fprintln(w)
	writePara(w, "", "makectl's own flags: -o json|jsonl|table|csv, --cols, --max N (lists that page), --csv-raw, "+
		"--yes, --debug, --zone, --token-file PATH|-; makectl help describes them, the credentials and the exit codes.")
}

// writeDefs writes terms and their descriptions in two columns, within
// helpWidth: a description wraps under itself; after a term too wide for
// the column it starts on the next line.
func writeDefs(w io.Writer, defs [][2]string) {
	const indent, gutter, maxTerm, under = 2, 2, 34, 8
	col := 0
	for _, d := range defs {
		if n := utf8.RuneCountInString(d[0]); n <= maxTerm {
			col = max(col, n)
		}
	}
	col += indent + gutter
	for _, d := range defs {
		term := strings.Repeat(" ", indent) + d[0]
		if d[1] == "" {
			fmt.Fprintln(w, term)
			continue
		}
		if utf8.RuneCountInString(term)+gutter > col {
			fmt.Fprintln(w, term)
			for _, l := range wrap(d[1], helpWidth-under) {
				fmt.Fprintln(w, strings.Repeat(" ", under)+l)
			}
			continue
		}
		for i, l := range wrap(d[1], helpWidth-col) {
			if i == 0 {
				fmt.Fprintf(w, "%s%s%s\n", term, strings.Repeat(" ", col-utf8.RuneCountInString(term)), l)
			} else {
				fmt.Fprintln(w, strings.Repeat(" ", col)+l)
			}
		}
	}
}

// writePara writes text after prefix, wrapped within helpWidth; the lines
// after the first are indented by the prefix's width.
func writePara(w io.Writer, prefix, text string) {
	pad := strings.Repeat(" ", utf8.RuneCountInString(prefix))
	for i, l := range wrap(text, helpWidth-len(pad)) {
		if i == 0 {
			fmt.Fprintln(w, prefix+l)
		} else {
			fmt.Fprintln(w, pad+l)
		}
	}
}

// wrap breaks text into lines of at most width characters, at spaces; a
// word longer than width is cut.
func wrap(text string, width int) []string {
	width = max(width, 20)
	var lines []string
	var line []rune
	for _, word := range strings.Fields(text) {
		wr := []rune(word)
		for len(wr) > width {
			if len(line) > 0 {
				lines, line = append(lines, string(line)), nil
			}
			lines, wr = append(lines, string(wr[:width])), wr[width:]
		}
		switch {
		case len(line) == 0:
			line = wr
		case len(line)+1+len(wr) <= width:
			line = append(append(line, ' '), wr...)
		default:
			lines, line = append(lines, string(line)), wr
		}
	}
	if len(line) > 0 {
		lines = append(lines, string(line))
	}
	return lines
}

// internalNote matches what the catalogue says about its own sources and
// extensions (seeds, older docs, recorded responses, the published spec, the
// doc pages, x- fields): notes for the SDK's authors, not for makectl's
// users.
var internalNote = regexp.MustCompile("(?i)\\bseeds?\\b|older docs|\\bx-note\\b|`x-[a-z]|recorded|published spec|" +
	"\\bmaton\\b|turn-\\d|doc page")

// publicText is a catalogue description without its internal notes: a
// parenthesis, a clause (between semicolons) or a sentence that mentions
// one goes, and "Current docs: " before what the docs say now.
func publicText(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if !internalNote.MatchString(s) {
		return s
	}
	s = dropParens(s)
	var kept []string
	for _, sentence := range sentences(s) {
		// A clause that is a note goes; a sentence whose first clause is
		// one goes whole (the rest leans on it).
		var clauses []string
		for i, cl := range strings.Split(sentence, "; ") {
			if internalNote.MatchString(cl) {
				if i == 0 {
					break
				}
				continue
			}
			clauses = append(clauses, cl)
		}
		if len(clauses) == 0 {
			continue
		}
		sentence = strings.Join(clauses, "; ")
		if !strings.HasSuffix(sentence, ".") && !strings.HasSuffix(sentence, ".)") {
			sentence = strings.TrimRight(sentence, ":;, ") + "."
		}
		if rest, ok := strings.CutPrefix(sentence, "Current docs: "); ok && rest != "" {
			r, n := utf8.DecodeRuneInString(rest)
			sentence = string(unicode.ToUpper(r)) + rest[n:]
		}
		kept = append(kept, sentence)
	}
	return strings.Join(kept, " ")
}

// dropParens removes the parenthesised parts of s that hold an internal
// note (nested parentheses included).
func dropParens(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '(' {
			b.WriteByte(s[i])
			continue
		}
		depth, j := 0, i
		for ; j < len(s); j++ {
			if s[j] == '(' {
				depth++
			} else if s[j] == ')' {
				if depth--; depth == 0 {
					break
				}
			}
		}
		if j == len(s) || !internalNote.MatchString(s[i:j+1]) {
			b.WriteByte(s[i])
			continue
		}
		out := strings.TrimRight(b.String(), " ")
		b.Reset()
		b.WriteString(out)
		i = j
	}
	return b.String()
}

// sentences splits s after each period that a space and a capital follow
// ("e.g. x" stays whole).
func sentences(s string) []string {
	var out []string
	for {
		m := sentenceEnd.FindStringIndex(s)
		if m == nil {
			break
		}
		out = append(out, s[:m[0]+1])
		s = s[m[0]+2:]
	}
	if s = strings.TrimSpace(s); s != "" {
		out = append(out, s)
	}
	return out
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
	if r := []rune(s); len(r) > 200 {
		s = string(r[:197]) + "..."
	}
	return s
}
