// Command makectl calls every operation of the Make API v2 from the shell,
// through the make-go SDK: one command per SDK method, derived from one table
// (operationId to method), the method's signature and the embedded API
// catalogue.
//
//	makectl users me
//	makectl users list --organization-id 11 --cols id,name,email
//	makectl organizations get 11
//	makectl admin users lookup --email ada@example.com
//	makectl enums timezones
//
// Run "makectl help" for the services, "makectl <service> --help" for their
// commands, and "makectl <service> <command> --help" for a command's
// arguments and flags, with its endpoint, scope and documentation.
//
// Credentials come from MAKE_API_TOKEN, MAKE_ZONE and MAKE_BASE_URL, or from
// --zone and --token-file PATH (- reads stdin); never from a flag holding the
// token itself. Exit codes, from the SDK's error kinds: 0 success, 1 other
// errors, 2 bad usage or input, 3 authentication or permission (401, 403),
// 4 not found (404), 5 rate limited after retries (429).
//
// Server data is hostile: what reaches a terminal (table, errors, prompts)
// has its control characters escaped visibly, and -o csv neutralises cells
// a spreadsheet would run as formulas (--csv-raw keeps them). Destructive
// commands ask on a terminal and need --yes otherwise. "makectl version"
// says which build this is; "makectl completion bash|zsh|fish|powershell"
// writes a shell's completion script; "makectl mcp" serves every command as a
// Model Context Protocol tool over stdio, for AI agents (mcp.go).
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"os/signal"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"

	makeapi "github.com/make-sdk/make-go"
	"golang.org/x/term"
)

// env is what run reads and writes besides its arguments: the process's
// standard streams and whether each is a terminal (tests inject them).
type env struct {
	stdin                          io.Reader
	stdout, stderr                 io.Writer
	stdinTTY, stdoutTTY, stderrTTY bool

	stdinUsed bool // a flag's "-" read stdin (it can be read once)
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], &env{
		stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr,
		stdinTTY: isTerminal(os.Stdin), stdoutTTY: isTerminal(os.Stdout), stderrTTY: isTerminal(os.Stderr),
	})
	stop()
	os.Exit(code)
}

// isTerminal reports whether f is a terminal. A character device is not
// enough: /dev/null is one, and a cron job's stdin often is /dev/null, so
// this asks the terminal driver (golang.org/x/term: an ioctl on Unix,
// GetConsoleMode on Windows).
func isTerminal(f *os.File) bool {
	return term.IsTerminal(int(f.Fd()))
}

// Exit codes.
const (
	exitOK        = 0
	exitOther     = 1
	exitUsage     = 2 // bad usage or input (also *makeapi.ValidationError, 400)
	exitAuth      = 3 // 401, 403
	exitNotFound  = 4 // 404
	exitRateLimit = 5 // 429 after the SDK's retries
)

// globalFlags are makectl's own flags, on every command.
var globalFlags = map[string]bool{
	"o": true, "output": true, "cols": true, "zone": true, "token-file": true,
	"debug": true, "yes": true, "body": true, "max": true, "csv-raw": true, "h": true, "help": true,
}

// run is makectl: it returns the exit code.
func run(ctx context.Context, args []string, e *env) int {
	err := execute(ctx, args, e)
	if err == nil {
		return exitOK
	}
	fmt.Fprintln(e.stderr, errorLine(err))
	return exitCode(err)
}

// errorLine is an error as makectl writes it on stderr: one line, one
// prefix (the SDK's own "make: " goes), and no control character of the
// server's (an error may quote Make's message).
func errorLine(err error) string {
	msg := strings.Join(strings.Fields(err.Error()), " ")
	return "makectl: " + visible(strings.TrimPrefix(msg, "make: "))
}

// exitCode maps an error to makectl's exit code by the SDK's error kinds
// (errors.Is on its sentinels), not by the HTTP status: a Make error object
// in a 200 ({"code":"SC404",...}) is a 404 to the SDK, and so to makectl.
func exitCode(err error) int {
	var ue *usageError
	switch {
	case errors.As(err, &ue), errors.Is(err, makeapi.ErrInvalidInput),
		errors.Is(err, makeapi.ErrBadRequest),
		errors.Is(err, makeapi.ErrConfirmationRequired): // 406 or IM004: Make asks for --confirmed
		return exitUsage
	case errors.Is(err, makeapi.ErrUnauthorized), errors.Is(err, makeapi.ErrForbidden):
		return exitAuth
	case errors.Is(err, makeapi.ErrNotFound):
		return exitNotFound
	case errors.Is(err, makeapi.ErrRateLimited):
		return exitRateLimit
	}
	return exitOther
}

func lookupCommand(name string) *command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	return nil
}

// isGroup reports whether prefix is the first word(s) of some command.
func isGroup(prefix string) bool {
	for _, c := range commands {
		if strings.HasPrefix(c.name, prefix+" ") {
			return true
		}
	}
	return false
}

// destructive reports whether the command deletes, ends or changes a plan,
// transfers ownership or removes access: it asks on a terminal and needs
// --yes otherwise. The list is the table's (row.destructive).
func (c *command) destructive() bool { return c.row.destructive }

// options are makectl's own flags, on every command (persistent flags of
// the root command).
type options struct {
	output string
	cols   []string
	credentials
	max    int // a paging list stops after max items; 0: every item
	debug  bool
	yes    bool
	csvRaw bool // --csv-raw: no formula neutralisation in csv cells
}

// credentials are the flags that choose the account and the zone.
type credentials struct {
	zone      string // --zone; MAKE_ZONE or MAKE_BASE_URL otherwise
	tokenFile string // --token-file PATH, - for stdin; MAKE_API_TOKEN otherwise
}

// invocation is one run of a command: its parsed command line.
type invocation struct {
	*command
	*options
	e      *env
	body   string              // --body FILE|-
	params map[*param][]string // this run's values per param
}

// execute checks what the command line gave after the flags are parsed
// (cobra parsed them) and calls the method.
func (inv *invocation) execute(ctx context.Context, positional []string) error {
	c := inv.command
	if c.missing != "" {
		return fmt.Errorf("%s (%s) is not available in this build: %s", c.name, c.op.ID, c.missing)
	}
	switch {
	case inv.max < 0:
		return usagef("--max: want a positive number of items, got %d", inv.max)
	case inv.max > 0 && c.iterName == "":
		return usagef("--max applies to lists that page; %s is not one", c.name)
	}
	if c.colsFlag != nil && len(inv.cols) > 0 {
		inv.params[c.colsFlag] = []string{strings.Join(inv.cols, ",")}
	}
	if len(positional) != len(c.args) {
		return usagef("%s takes %d argument(s) (%s), got %d; run makectl %s --help",
			c.name, len(c.args), argNames(c), len(positional), c.name)
	}
	for i, p := range c.args {
		inv.params[p] = []string{positional[i]}
	}
	return inv.call(ctx)
}

// argNames names the command's positional arguments: its path parameters
// (from the catalogue when the method is not available in this build).
func argNames(c *command) string {
	var names []string
	for _, p := range c.args {
		names = append(names, "<"+p.name+">")
	}
	if c.missing != "" {
		for _, p := range c.op.PathParams() {
			names = append(names, "<"+kebab(p.Name)+">")
		}
	}
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, " ")
}

// readSource reads a file, or stdin for "-" (once per run).
func (e *env) readSource(name, what string) ([]byte, error) {
	if name == "-" {
		if e.stdinUsed {
			return nil, usagef("%s: stdin is already read for another flag", what)
		}
		e.stdinUsed = true
		b, err := io.ReadAll(e.stdin)
		if err != nil {
			return nil, fmt.Errorf("%s: reading stdin: %w", what, err)
		}
		return b, nil
	}
	b, err := os.ReadFile(name)
	if err != nil {
		// Without the name: a token or password given by mistake instead of
		// its file's name must not reach the error.
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, usagef("%s: cannot read the file: %v", what, err)
	}
	return b, nil
}

// words returns a param's values; a secret's value is read from the file
// (or stdin) its flag names, without the trailing newline.
func (inv *invocation) words(p *param) ([]string, error) {
	vals := inv.params[p]
	if !p.secret || len(vals) == 0 || p.kind == kindArg && slices.Contains(inv.args, p) {
		return vals, nil
	}
	b, err := inv.e.readSource(vals[len(vals)-1], "--"+p.name)
	if err != nil {
		return nil, err
	}
	return []string{strings.TrimRight(string(b), "\r\n")}, nil
}

// arguments builds the method's arguments after the receiver.
func (inv *invocation) arguments(ctx context.Context) ([]reflect.Value, error) {
	mt := inv.method.Type
	in := make([]reflect.Value, mt.NumIn()-1)
	in[0] = reflect.ValueOf(ctx)
	for _, p := range append(append([]*param(nil), inv.args...), inv.flags...) {
		if p.kind != kindArg {
			continue
		}
		label := "--" + p.name
		if slices.Contains(inv.args, p) {
			label = "<" + p.name + ">"
		}
		words, err := inv.words(p)
		if err != nil {
			return nil, err
		}
		if len(words) == 0 {
			return nil, usagef("%s: %s is required; run makectl %s --help", inv.name, label, inv.name)
		}
		v := reflect.New(p.typ).Elem()
		if err := setValue(v, words, label); err != nil {
			return nil, err
		}
		in[p.argIndex-1] = v
	}
	if inv.opts == nil {
		return in, nil
	}
	ptr := reflect.New(inv.opts)
	set := false
	if inv.hasBody {
		obj := map[string]json.RawMessage{}
		if inv.body != "" {
			b, err := inv.e.readSource(inv.body, "--body")
			if err != nil {
				return nil, err
			}
			if err := json.Unmarshal(b, &obj); err != nil {
				return nil, usagef("--body: want a JSON object: %v", err)
			}
			if obj == nil {
				return nil, usagef("--body: want a JSON object, got null")
			}
			set = true
		}
		for _, p := range inv.flags {
			if p.kind != kindBody || len(inv.params[p]) == 0 {
				continue
			}
			words, err := inv.words(p)
			if err != nil {
				return nil, err
			}
			raw, err := bodyValue(p, words, "--"+p.name)
			if err != nil {
				return nil, err
			}
			obj[p.wire] = raw
			set = true
		}
		if set {
			b, _ := json.Marshal(obj)
			dec := json.NewDecoder(bytes.NewReader(b))
			dec.DisallowUnknownFields()
			if err := dec.Decode(ptr.Interface()); err != nil {
				return nil, usagef("the request body does not fit %s: %v", inv.opts.Name(), err)
			}
		}
	}
	for _, p := range inv.flags {
		if p.kind != kindQuery || len(inv.params[p]) == 0 {
			continue
		}
		words, err := inv.words(p)
		if err != nil {
			return nil, err
		}
		if err := setValue(ptr.Elem().FieldByIndex(p.index), words, "--"+p.name); err != nil {
			return nil, err
		}
		set = true
	}
	if set {
		in[len(in)-1] = ptr
	} else {
		in[len(in)-1] = reflect.Zero(ptr.Type())
	}
	return in, nil
}

// confirm asks on a terminal before a destructive call; from a script it
// refuses without --yes. Nothing has been sent yet either way.
func (inv *invocation) confirm(ctx context.Context) error {
	if !inv.destructive() || inv.yes {
		return nil
	}
	what := visible(fmt.Sprintf("%s (%s %s)", inv.name, inv.op.Method, inv.op.Path))
	// A prompt needs a human: stdin to answer and stderr to show it, both
	// terminals, and stdin not already read (a body or a token from it).
	if !inv.e.stdinTTY || !inv.e.stderrTTY || inv.e.stdinUsed {
		return usagef("%s is destructive: give --yes to run it without a terminal (nothing was sent)", what)
	}
	fmt.Fprintf(inv.e.stderr, "makectl: %s is destructive. Go ahead? [y/N] ", what)
	// The answer is awaited with ctx (an interrupt cancels it): a read of
	// stdin cannot be cancelled, so it runs apart and is left behind.
	answer := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(inv.e.stdin).ReadString('\n')
		answer <- line
	}()
	var line string
	select {
	case <-ctx.Done():
		fmt.Fprintln(inv.e.stderr)
		return fmt.Errorf("%s: not confirmed (nothing was sent): %w", what, context.Cause(ctx))
	case line = <-answer:
	}
	if a := strings.ToLower(strings.TrimSpace(line)); a != "y" && a != "yes" {
		return usagef("%s: not confirmed (nothing was sent)", what)
	}
	return nil
}

// newClient makes the SDK client of a makectl command: the one place that
// reads the credentials. The token comes from --token-file (- reads stdin,
// once) or MAKE_API_TOKEN; the zone from --zone, else MAKE_ZONE, with
// MAKE_BASE_URL (private instances, tests) replacing it when set, as
// make.NewClientFromEnv does. logger may be nil. A subcommand that needs a
// client (makectl mcp) calls this too.
func newClient(e *env, cred credentials, logger *slog.Logger) (*makeapi.Client, error) {
	opts := []makeapi.Option{makeapi.WithUserAgent(makeapi.DefaultUserAgent + " makectl")}
	if logger != nil {
		opts = append(opts, makeapi.WithLogger(logger))
	}
	token := os.Getenv("MAKE_API_TOKEN")
	if cred.tokenFile != "" {
		b, err := e.readSource(cred.tokenFile, "--token-file")
		if err != nil {
			return nil, err
		}
		token = strings.TrimSpace(string(b))
	}
	if token == "" {
		if cred.tokenFile != "" {
			return nil, usagef("no API token: --token-file %s is empty", cred.tokenFile)
		}
		return nil, usagef("no API token: set MAKE_API_TOKEN or --token-file PATH (- reads stdin)")
	}
	zone := cred.zone
	if zone == "" {
		zone = os.Getenv("MAKE_ZONE")
		base := os.Getenv("MAKE_BASE_URL")
		if zone == "" && base == "" {
			return nil, usagef("no zone: set MAKE_ZONE (eu1, us2...) or --zone (or MAKE_BASE_URL)")
		}
		if base != "" {
			opts = append(opts, makeapi.WithBaseURL(base))
		}
	}
	return makeapi.NewClient(makeapi.Zone(zone), token, opts...)
}

// pageCounter is the slog handler makectl gives the SDK: it counts the
// successful requests (pages, for a list) and passes records on to the
// --debug handler, if any. The SDK redacts secrets before logging.
type pageCounter struct {
	next  slog.Handler // nil without --debug
	pages *atomic.Int64
}

func (h pageCounter) Enabled(ctx context.Context, l slog.Level) bool { return true }
func (h pageCounter) Handle(ctx context.Context, r slog.Record) error {
	if r.Message == "make: request" {
		r.Attrs(func(a slog.Attr) bool {
			if a.Key == "status" && a.Value.Kind() == slog.KindInt64 && a.Value.Int64() < 300 {
				h.pages.Add(1)
			}
			return true
		})
	}
	if h.next != nil && h.next.Enabled(ctx, r.Level) {
		return h.next.Handle(ctx, r)
	}
	return nil
}
func (h pageCounter) WithAttrs(as []slog.Attr) slog.Handler {
	if h.next != nil {
		h.next = h.next.WithAttrs(as)
	}
	return h
}
func (h pageCounter) WithGroup(name string) slog.Handler {
	if h.next != nil {
		h.next = h.next.WithGroup(name)
	}
	return h
}

// call runs the command: arguments, client, confirmation, the call, output.
func (inv *invocation) call(ctx context.Context) error {
	format, err := inv.format()
	if err != nil {
		return err
	}
	in, err := inv.arguments(ctx)
	if err != nil {
		return err
	}
	pages := new(atomic.Int64)
	var logger *slog.Logger
	progress := inv.iterName != "" && inv.e.stderrTTY
	if inv.debug || progress {
		h := pageCounter{pages: pages}
		if inv.debug {
			h.next = slog.NewTextHandler(inv.e.stderr, &slog.HandlerOptions{Level: slog.LevelDebug})
		}
		logger = slog.New(h)
	}
	client, err := newClient(inv.e, inv.credentials, logger) // reads --token-file, which may be stdin, before confirm does
	if err != nil {
		return err
	}
	if err := inv.confirm(ctx); err != nil {
		return err
	}
	svc := reflect.ValueOf(client).Elem().FieldByName(inv.service)
	out := newSink(format, inv.e.stdout, inv.cols, inv.csvRaw)
	if inv.iterName != "" {
		var p *progressLine
		if progress {
			p = &progressLine{w: inv.e.stderr, pages: pages}
		}
		return streamIter(svc.MethodByName(inv.iterName).Call(in)[0], out, p, inv.max)
	}
	res := svc.MethodByName(inv.method.Name).Call(in)
	if errV := res[len(res)-1]; !errV.IsNil() {
		return errV.Interface().(error)
	}
	if len(res) == 1 {
		return nil
	}
	return out.whole(res[0])
}

// format is the output format: -o, else table on a terminal and json
// otherwise.
func (inv *invocation) format() (string, error) {
	switch inv.output {
	case "":
		if inv.e.stdoutTTY {
			return "table", nil
		}
		return "json", nil
	case "json", "jsonl", "table", "csv":
		return inv.output, nil
	}
	return "", usagef("-o: want json, jsonl, table or csv, got %q", inv.output)
}
