package main

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/spf13/cobra"
)

// TestVersion: makectl version (and --version) says the module version,
// the commit and the SDK from the build information.
func TestVersion(t *testing.T) {
	bi := &debug.BuildInfo{
		Main: debug.Module{Path: "github.com/make-sdk/make-go/cmd", Version: "v0.2.0"},
		Deps: []*debug.Module{{Path: "github.com/make-sdk/make-go", Version: "v0.1.0"}},
		Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "0123456789abcdef0123456789abcdef01234567"},
			{Key: "vcs.time", Value: "2026-12-01T10:00:00Z"},
			{Key: "vcs.modified", Value: "true"},
		},
	}
	got := versionLine(bi, true)
	for _, want := range []string{"makectl v0.2.0 (", "commit 0123456789ab of 2026-12-01T10:00:00Z, modified", "SDK v0.1.0", "go1."} {
		if !strings.Contains(got, want) {
			t.Errorf("versionLine = %q, lacks %q", got, want)
		}
	}
	bi.Settings, bi.Main.Version = nil, "(devel)"
	if got := versionLine(bi, true); !strings.Contains(got, "makectl (devel) (commit unknown") {
		t.Errorf("without VCS stamping: %q", got)
	}

	r := makectl(t, "", false, "version").ok(t)
	if !strings.HasPrefix(r.stdout, "makectl ") || strings.Count(r.stdout, "\n") != 1 {
		t.Errorf("makectl version: %q", r.stdout)
	}
	if v := makectl(t, "", false, "--version").ok(t); v.stdout != r.stdout {
		t.Errorf("makectl --version: %q, makectl version: %q", v.stdout, r.stdout)
	}
	if r := makectl(t, "", false, "version", "extra"); r.code != exitUsage {
		t.Errorf("makectl version extra: exit %d", r.code)
	}
}

// TestVersionOfBuild builds makectl with VCS stamping and checks that
// makectl version names the commit the toolchain stamped. The toolchain
// stamps a clone, not a git worktree (nor with -buildvcs=false): then the
// test is skipped.
func TestVersionOfBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "makectl")
	build := exec.Command("go", "build", "-buildvcs=true", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Skipf("go build -buildvcs=true: %v\n%s", err, out)
	}
	info, err := exec.Command("go", "version", "-m", bin).Output()
	if err != nil {
		t.Fatal(err)
	}
	_, rev, ok := strings.Cut(string(info), "vcs.revision=")
	if !ok {
		t.Skip("the toolchain stamped no VCS information (a git worktree, or not a clone)")
	}
	out, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	if want := "commit " + rev[:12]; !strings.Contains(string(out), want) {
		t.Errorf("makectl version: %q, want %q", out, want)
	}
}

// TestCompletion: a completion script for each shell, and the completions
// cobra computes for commands and flag values.
func TestCompletion(t *testing.T) {
	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		r := makectl(t, "", false, "completion", shell).ok(t)
		if len(r.stdout) < 500 || !strings.Contains(r.stdout, "makectl") {
			t.Errorf("completion %s: %d bytes", shell, len(r.stdout))
		}
		// Where the shell is here, its parser accepts the script.
		check := map[string][]string{"bash": {"bash", "-n"}, "zsh": {"zsh", "-n"}, "fish": {"fish", "--no-execute"}}[shell]
		if check == nil {
			continue
		}
		if _, err := exec.LookPath(check[0]); err != nil {
			continue
		}
		cmd := exec.Command(check[0], check[1:]...)
		cmd.Stdin = strings.NewReader(r.stdout)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("%s rejects makectl completion %s: %v\n%s", check[0], shell, err, out)
		}
	}
	r := makectl(t, "", false, "__complete", "users", "li").ok(t)
	for _, want := range []string{"list\t", "list-api-tokens\t", "list-roles\t"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("completing users li: %q lacks %q", r.stdout, want)
		}
	}
	r = makectl(t, "", false, "__complete", "users", "list", "-o", "").ok(t)
	if !strings.HasPrefix(r.stdout, "json\njsonl\ntable\ncsv\n") {
		t.Errorf("completing -o: %q", r.stdout)
	}
	r = makectl(t, "", false, "__complete", "users", "list", "--organization-").ok(t)
	if !strings.Contains(r.stdout, "--organization-id\t") || !strings.Contains(r.stdout, "--organization-role-id\t") {
		t.Errorf("completing --organization-: %q", r.stdout)
	}
}

// TestDidYouMean: a mistyped command or flag is refused (exit 2) with the
// nearest ones.
func TestDidYouMean(t *testing.T) {
	for args, want := range map[string]string{
		"usres me":                       `unknown command "usres"; did you mean "users"?`,
		"users lsit":                     `makectl users has no command "lsit"; did you mean "list"?`,
		"organizations gett":             `did you mean "get"?`,
		"admin users lookpu":             `did you mean "lookup"?`,
		"help users lsit":                `did you mean "list"?`,
		"enums timezone":                 `did you mean "timezones"?`,
		"organizations zzzzz":            `makectl organizations has no command "zzzzz"; run makectl organizations --help`,
		"users list --organisation-id 1": `unknown flag: --organisation-id; did you mean "--organization-id"?`,
		"users list --outptu json":       `did you mean "--output"?`,
		"users list --pg-lim 2":          `did you mean "--pg-limit"?`,
		"users me --zzzzzzzz":            `unknown flag: --zzzzzzzz; run makectl users me --help`,
	} {
		r := makectl(t, "", false, strings.Fields(args)...)
		if r.code != exitUsage || !strings.Contains(r.stderr, want) || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("makectl %s: exit %d, stderr %q; want 2 and %q", args, r.code, r.stderr, want)
		}
	}
}

// helpPages returns every help makectl writes: the main help, every group's,
// every command's, and cobra's own commands'.
func helpPages(t *testing.T) map[string]string {
	t.Helper()
	pages := map[string]string{"help": makectl(t, "", false, "help").ok(t).stdout}
	groups := map[string]bool{}
	for _, c := range commands {
		pages[c.name] = makectl(t, "", false, append(strings.Fields(c.name), "--help")...).ok(t).stdout
		words := strings.Fields(c.name)
		for i := 1; i < len(words); i++ {
			groups[strings.Join(words[:i], " ")] = true
		}
	}
	for g := range groups {
		pages[g] = makectl(t, "", false, append(strings.Fields(g), "--help")...).ok(t).stdout
	}
	for _, extra := range []string{"completion", "completion bash", "completion zsh", "completion fish", "completion powershell", "version", "help", "mcp"} {
		pages[extra] = makectl(t, "", false, append(strings.Fields(extra), "--help")...).ok(t).stdout
	}
	return pages
}

// TestHelpPages: every help line is within 100 columns, and no help shows
// the catalogue's internal notes (its seeds, older docs, recorded
// responses).
func TestHelpPages(t *testing.T) {
	pages := helpPages(t)
	if len(pages) < len(commands) {
		t.Fatalf("%d help pages", len(pages))
	}
	for name, page := range pages {
		if page == "" {
			t.Errorf("makectl %s --help wrote nothing", name)
		}
		for _, line := range strings.Split(page, "\n") {
			if n := utf8.RuneCountInString(line); n > helpWidth {
				t.Errorf("makectl %s --help: a line of %d columns:\n%s", name, n, line)
			}
		}
		if m := internalNote.FindString(page); m != "" {
			i := strings.Index(page, m)
			t.Errorf("makectl %s --help shows an internal note (%q): ...%s...", name, m, page[max(0, i-80):min(len(page), i+80)])
		}
	}
	for _, want := range []string{"Sorted by `id` descending by default.", "Exactly one of `teamId` or `organizationId`"} {
		if !strings.Contains(strings.Join(strings.Fields(pages["users list"]), " "), want) {
			t.Errorf("users list --help lacks %q:\n%s", want, pages["users list"])
		}
	}
}

func TestPublicText(t *testing.T) {
	for in, want := range map[string]string{
		"Lists users. Current docs: sorted by `id` descending by default (older docs, seed 003: by name ascending; `pg[limit]` default 10, maximum 10000).": "Lists users. Sorted by `id` descending by default.",
		"Optional filter: only users whose ID is in the list. Present in the published spec only (named `ids` there); not in the seeds.":                    "Optional filter: only users whose ID is in the list.",
		"Maximum number of users returned. Older docs (seed 003): default 10, maximum 10000.":                                                               "Maximum number of users returned.",
		"The docs say the default columns are `id` and `name`; recorded real responses also carry `zone` by default (see x-note). Request more.":            "The docs say the default columns are `id` and `name`. Request more.",
		"The response holds the token value (`x-secret`): store it.":                                                                                        "The response holds the token value: store it.",
		"Gets a role. Not on the Users > Roles doc page.":                                                                                                   "Gets a role.",
		"Columns to return (e.g. id, name). Nothing internal here.":                                                                                         "Columns to return (e.g. id, name). Nothing internal here.",
	} {
		if got := publicText(in); got != want {
			t.Errorf("publicText(%q)\n = %q\nwant %q", in, got, want)
		}
	}
}

func TestWrap(t *testing.T) {
	got := wrap("aaa bbb ccc "+strings.Repeat("x", 45), 20)
	want := []string{"aaa bbb ccc", strings.Repeat("x", 20), strings.Repeat("x", 20), "xxxxx"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("wrap = %q, want %q", got, want)
	}
}

// TestSubcommands: a command added through subcommands runs with
// makectl's own flags and makes its client with newClient, as every command
// does: --token-file from stdin, the zone from the environment.
func TestSubcommands(t *testing.T) {
	newFake(t, "", 0)
	subcommands = append(subcommands, func(e *env, opts *options) *cobra.Command {
		return &cobra.Command{
			Use:  "whoami",
			Args: noArgs,
			RunE: func(cmd *cobra.Command, args []string) error {
				client, err := newClient(e, opts.credentials, nil)
				if err != nil {
					return err
				}
				me, err := client.Users.Me(cmd.Context(), nil)
				if err != nil {
					return err
				}
				fmt.Fprintln(cmd.OutOrStdout(), me.Email)
				return nil
			},
		}
	})
	t.Cleanup(func() { subcommands = subcommands[:len(subcommands)-1] })
	r := makectl(t, userToken+"\n", false, "whoami", "--token-file", "-").ok(t)
	if r.stdout != "jane@example.com\n" {
		t.Errorf("stdout %q", r.stdout)
	}
	r = makectl(t, "", false, "whoami")
	if r.code != exitUsage || !strings.Contains(r.stderr, "set MAKE_API_TOKEN or --token-file") {
		t.Errorf("without a token: exit %d, stderr %q", r.code, r.stderr)
	}
}
