package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"

	makeapi "github.com/make-sdk/make-go"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// makectl's command line is spf13/cobra's (as gh's and kubectl's): it
// dispatches, parses flags anywhere on the line, writes the shell
// completions (bash, zsh, fish, PowerShell) and suggests a command for a
// mistyped one. The commands themselves still come from one place, the
// table (table.go): newRoot generates a cobra command for each row, and the
// groups ("users", "admin users"...) from the rows' words.

// execute builds makectl's command tree for one run and runs it with args.
func execute(ctx context.Context, args []string, e *env) error {
	root := newRoot(e)
	root.SetArgs(args)
	return root.ExecuteContext(ctx)
}

// subcommands are makectl's commands beyond the table's, each in its own
// file, which appends its constructor here from an init function. A
// constructor gets the run's env and makectl's own flags, parsed by the time
// the command runs: it makes its client with newClient(e, opts.credentials,
// logger), so --zone, --token-file and the environment mean the same as for
// every other command.
var subcommands []func(e *env, opts *options) *cobra.Command

// newRoot builds the command tree: makectl's own flags on the root (they
// may come anywhere on the line), a group per leading word(s) of the
// table's commands, a command per row, and help, version and completion.
func newRoot(e *env) *cobra.Command {
	opts := &options{}
	root := &cobra.Command{
		Use:           "makectl",
		Short:         "makectl calls the Make API v2 through the make-go SDK",
		Version:       versionLine(debug.ReadBuildInfo()),
		SilenceErrors: true, // run writes the one error line
		SilenceUsage:  true,
		Args:          subcommandArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			writeMainHelp(e.stderr, cmd.Root())
			return usagef("no command given; run makectl help")
		},
	}
	root.SetIn(e.stdin)
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	root.SetVersionTemplate("{{.Version}}\n")
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		if s := flagSuggestions(cmd, err); len(s) > 0 {
			return usagef("%v; did you mean %s? Run %s --help", err, strings.Join(s, " or "), cmd.CommandPath())
		}
		return usagef("%v; run %s --help", err, cmd.CommandPath())
	})

	pf := root.PersistentFlags()
	pf.StringVarP(&opts.output, "output", "o", "", "output format: json, jsonl, table or csv")
	pf.Var(listValue{&opts.cols}, "cols", "columns of table and csv (sent as cols[] where selectable)")
	pf.StringVar(&opts.zone, "zone", "", "zone (eu1, us2...) or White Label host; else MAKE_ZONE")
	pf.StringVar(&opts.tokenFile, "token-file", "", "file with the API token (- is stdin); else MAKE_API_TOKEN")
	pf.IntVar(&opts.max, "max", 0, "a list that pages stops after N items")
	pf.BoolVar(&opts.yes, "yes", false, "run a destructive command without asking")
	pf.BoolVar(&opts.debug, "debug", false, "log every HTTP attempt to stderr (secrets redacted)")
	pf.BoolVar(&opts.csvRaw, "csv-raw", false, "csv cells as they are (no formula neutralisation)")
	root.RegisterFlagCompletionFunc("output", cobra.FixedCompletions([]string{"json", "jsonl", "table", "csv"}, cobra.ShellCompDirectiveNoFileComp))
	var zones []string
	for _, z := range makeapi.Zones() {
		zones = append(zones, string(z))
	}
	root.RegisterFlagCompletionFunc("zone", cobra.FixedCompletions(zones, cobra.ShellCompDirectiveNoFileComp))
	root.RegisterFlagCompletionFunc("max", cobra.NoFileCompletions)

	leaves := map[*cobra.Command]*command{}
	groups := map[string]*cobra.Command{}
	prefixes := map[*cobra.Command]string{}
	for _, c := range commands {
		words := strings.Fields(c.name)
		parent := root
		for i := 1; i < len(words); i++ {
			prefix := strings.Join(words[:i], " ")
			g := groups[prefix]
			if g == nil {
				g = newGroup(prefix, e)
				groups[prefix], prefixes[g] = g, prefix
				parent.AddCommand(g)
			}
			parent = g
		}
		leaf := c.cobraCommand(opts, e)
		leaves[leaf] = c
		parent.AddCommand(leaf)
	}
	root.AddCommand(&cobra.Command{
		Use:   "version",
		Short: "Print makectl's version: module version, commit, SDK and Go",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			fmt.Fprintln(cmd.OutOrStdout(), cmd.Root().Version)
			return nil
		},
	})
	for _, sub := range subcommands {
		root.AddCommand(sub(e, opts))
	}
	root.SetHelpCommand(&cobra.Command{
		Use:               "help [command]",
		Short:             "Help about any command",
		Args:              cobra.ArbitraryArgs,
		ValidArgsFunction: completeCommands,
		RunE: func(cmd *cobra.Command, args []string) error {
			target, rest, err := cmd.Root().Find(args)
			if err != nil {
				return usagef("%v", err)
			}
			if len(rest) > 0 && target.Args != nil {
				if err := target.Args(target, rest); err != nil {
					return err
				}
			}
			return target.Help()
		},
	})

	cobraHelp := root.HelpFunc() // cobra's own, for completion and its subcommands
	root.SetHelpFunc(func(cmd *cobra.Command, args []string) {
		w := cmd.OutOrStdout()
		if c, ok := leaves[cmd]; ok {
			writeCommandHelp(w, c)
		} else if prefix, ok := prefixes[cmd]; ok {
			writeGroupHelp(w, prefix)
		} else if cmd == root {
			writeMainHelp(w, root)
		} else {
			cobraHelp(cmd, args)
		}
	})
	return root
}

// newGroup is the command of a group of commands, e.g. "users" or
// "admin users": alone, it prints the group's help and fails.
func newGroup(prefix string, e *env) *cobra.Command {
	words := strings.Fields(prefix)
	return &cobra.Command{
		Use:   words[len(words)-1],
		Short: serviceDoc(prefix),
		Args:  subcommandArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			writeGroupHelp(e.stderr, prefix)
			return usagef("%s: no command given; run makectl %s --help", prefix, prefix)
		},
	}
}

// subcommandArgs refuses a word that is none of the group's commands,
// suggesting the nearest ones ("did you mean").
func subcommandArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	msg := fmt.Sprintf("%s has no command %q", cmd.CommandPath(), args[0])
	if !cmd.HasParent() {
		msg = fmt.Sprintf("unknown command %q", args[0])
	}
	if cmd.SuggestionsMinimumDistance <= 0 {
		cmd.SuggestionsMinimumDistance = 2 // cobra's default, which SuggestionsFor alone does not apply
	}
	if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
		for i := range s {
			s[i] = strconv.Quote(s[i])
		}
		return usagef("%s; did you mean %s? Run %s --help", msg, strings.Join(s, " or "), cmd.CommandPath())
	}
	return usagef("%s; run %s --help", msg, cmd.CommandPath())
}

// flagSuggestions returns the command's flags nearest to an unknown one
// (pflag's "unknown flag: --name" error): within two edits, or starting
// with what was typed.
func flagSuggestions(cmd *cobra.Command, err error) []string {
	typed, ok := strings.CutPrefix(err.Error(), "unknown flag: --")
	if !ok || typed == "" {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	visit := func(f *pflag.Flag) {
		if !seen[f.Name] && !f.Hidden && (editDistance(typed, f.Name) <= 2 || strings.HasPrefix(f.Name, typed)) {
			seen[f.Name] = true
			out = append(out, strconv.Quote("--"+f.Name))
		}
	}
	cmd.Flags().VisitAll(visit)
	cmd.InheritedFlags().VisitAll(visit)
	return out
}

// editDistance is the Levenshtein distance of a and b, in bytes (flag
// names are ASCII).
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// noArgs refuses arguments.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usagef("%s takes no arguments, got %q", cmd.CommandPath(), args[0])
	}
	return nil
}

// completeCommands completes the words of a command (for "makectl help").
func completeCommands(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	parent, rest, err := cmd.Root().Find(args)
	if err != nil || len(rest) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var out []string
	for _, sub := range parent.Commands() {
		if sub.IsAvailableCommand() && strings.HasPrefix(sub.Name(), toComplete) {
			out = append(out, cobra.CompletionWithDesc(sub.Name(), sub.Short))
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// cobraCommand is the cobra command of a row, for one run: its flags
// collect this run's values in a fresh invocation.
func (c *command) cobraCommand(opts *options, e *env) *cobra.Command {
	inv := &invocation{command: c, options: opts, e: e, params: map[*param][]string{}}
	words := strings.Fields(c.name)
	use := words[len(words)-1]
	if a := argNames(c); a != "none" {
		use += " " + a
	}
	cc := &cobra.Command{
		Use:               use,
		Short:             c.op.Summary,
		Args:              cobra.ArbitraryArgs, // counted by execute, with the arguments' names
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE: func(cmd *cobra.Command, args []string) error {
			return inv.execute(cmd.Context(), args)
		},
	}
	fs := cc.Flags()
	if c.hasBody {
		fs.StringVar(&inv.body, "body", "", "the request body as a JSON object: a file, or - for stdin")
	}
	for _, p := range c.flags {
		if p == c.colsFlag {
			continue // --cols, makectl's own flag, fills it
		}
		f := fs.VarPF(paramValue{inv, p}, p.name, "", oneLine(publicText(p.cat.Description)))
		if p.isBool() && !p.secret {
			f.NoOptDefVal = "true"
		}
		switch {
		case p.secret: // a file name: the shell completes files
		case len(p.cat.Enum) > 0:
			var vals []string
			for _, v := range p.cat.Enum {
				vals = append(vals, fmt.Sprint(v))
			}
			cc.RegisterFlagCompletionFunc(p.name, cobra.FixedCompletions(vals, cobra.ShellCompDirectiveNoFileComp))
		default:
			cc.RegisterFlagCompletionFunc(p.name, cobra.NoFileCompletions)
		}
	}
	return cc
}

// paramValue is a param as a flag (pflag.Value): it collects the run's
// values.
type paramValue struct {
	inv *invocation
	p   *param
}

// String is the flag's default shown in cobra's usage: none.
func (v paramValue) String() string { return "" }

// Type names what the flag takes, as help does.
func (v paramValue) Type() string { return typeName(v.p) }

// Set adds one value given on the command line.
func (v paramValue) Set(s string) error {
	v.inv.params[v.p] = append(v.inv.params[v.p], s)
	return nil
}

// listValue collects a repeatable, comma-separated flag.
type listValue struct{ v *[]string }

// String is the list so far, comma-separated.
func (l listValue) String() string { return strings.Join(*l.v, ",") }

// Type names what the flag takes.
func (l listValue) Type() string { return "a,b,c" }

// Set adds the comma-separated items of one value.
func (l listValue) Set(s string) error {
	for _, item := range strings.Split(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			*l.v = append(*l.v, item)
		}
	}
	return nil
}

// versionLine says which makectl this is, from the build information the
// Go toolchain embeds: the module version (v0.2.0 when installed with go
// install ...@v0.2.0, "(devel)" when built from a clone), the VCS commit,
// its time and whether the tree was modified (when built with VCS stamping,
// the default in a clone), the SDK's version, and Go's.
func versionLine(bi *debug.BuildInfo, ok bool) string {
	if !ok {
		return fmt.Sprintf("makectl (no build information) %s %s/%s", runtime.Version(), runtime.GOOS, runtime.GOARCH)
	}
	version := bi.Main.Version
	if version == "" {
		version = "(devel)"
	}
	var details []string
	settings := map[string]string{}
	for _, s := range bi.Settings {
		settings[s.Key] = s.Value
	}
	if rev := settings["vcs.revision"]; rev != "" {
		commit := "commit " + rev[:min(12, len(rev))]
		if t := settings["vcs.time"]; t != "" {
			commit += " of " + t
		}
		if settings["vcs.modified"] == "true" {
			commit += ", modified"
		}
		details = append(details, commit)
	} else {
		details = append(details, "commit unknown (built without VCS stamping)")
	}
	for _, d := range bi.Deps {
		if d.Path != "github.com/make-sdk/make-go" {
			continue
		}
		sdk := "SDK " + d.Version
		if d.Replace != nil {
			sdk += " replaced by " + strings.TrimSpace(d.Replace.Path+" "+d.Replace.Version)
		}
		details = append(details, sdk)
	}
	details = append(details, fmt.Sprintf("%s %s/%s", runtime.Version(), runtime.GOOS, runtime.GOARCH))
	return fmt.Sprintf("makectl %s (%s)", version, strings.Join(details, "; "))
}
