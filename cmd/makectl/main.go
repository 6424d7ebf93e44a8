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
// token itself. Exit codes: 0 success, 1 other errors, 2 bad usage or input,
// 3 authentication or permission (401, 403), 4 not found (404), 5 rate
// limited after retries (429).
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"

	makeapi "github.com/make-sdk/make-go"
)

// env is what run reads and writes besides its arguments: the process's
// standard streams and whether each is a terminal (tests inject them).
type env struct {
	stdin                          io.Reader
	stdout, stderr                 io.Writer
	stdinTTY, stdoutTTY, stderrTTY bool
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

// isTerminal reports whether f is a character device (a terminal), with the
// standard library only.
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
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
	"debug": true, "yes": true, "body": true, "max": true, "h": true, "help": true,
}

// valueFlags are the global flags that take a value.
var valueFlags = map[string]bool{"o": true, "output": true, "cols": true, "zone": true, "token-file": true, "body": true, "max": true}

// run is makectl: it returns the exit code.
func run(ctx context.Context, args []string, e *env) int {
	if len(args) > 0 && args[0] == "mcp" {
		return runMCP(ctx, args[1:], e.stdin, e.stdout, e.stderr)
	}
	err := dispatch(ctx, args, e)
	if err == nil {
		return exitOK
	}
	msg := strings.Join(strings.Fields(err.Error()), " ")
	if !strings.HasPrefix(msg, "make: ") {
		msg = "makectl: " + msg
	}
	fmt.Fprintln(e.stderr, msg)
	return exitCode(err)
}

// exitCode maps an error to makectl's exit code.
func exitCode(err error) int {
	var ue *usageError
	var ve *makeapi.ValidationError
	var ae *makeapi.APIError
	switch {
	case errors.As(err, &ue), errors.As(err, &ve):
		return exitUsage
	case errors.As(err, &ae):
		switch ae.StatusCode {
		case http.StatusBadRequest, http.StatusNotAcceptable: // 406: Make asks for --confirmed
			return exitUsage
		case http.StatusUnauthorized, http.StatusForbidden:
			return exitAuth
		case http.StatusNotFound:
			return exitNotFound
		case http.StatusTooManyRequests:
			return exitRateLimit
		}
	}
	return exitOther
}

func isHelp(s string) bool { return s == "help" || s == "-h" || s == "--help" || s == "-help" }

// dispatch finds the command named by the first words and runs it, or
// prints help.
func dispatch(ctx context.Context, args []string, e *env) error {
	if len(args) == 0 {
		writeMainHelp(e.stderr)
		return usagef("no command given")
	}
	// makectl's own flags may come before the command's words too:
	// "makectl -o csv users list ..." is "makectl users list ... -o csv".
	var leading []string
	for len(args) > 0 && strings.HasPrefix(args[0], "-") && !isHelp(args[0]) {
		name, _, hasValue := strings.Cut(strings.TrimLeft(args[0], "-"), "=")
		if !globalFlags[name] {
			return usagef("%s before the command: only makectl's own flags may come first; run makectl help", args[0])
		}
		n := 1
		if !hasValue && valueFlags[name] {
			n = 2
		}
		n = min(n, len(args))
		leading, args = append(leading, args[:n]...), args[n:]
	}
	if len(args) == 0 {
		writeMainHelp(e.stderr)
		return usagef("no command given")
	}
	args = append(args[:len(args):len(args)], leading...)
	if isHelp(args[0]) {
		if len(args) == 1 {
			writeMainHelp(e.stdout)
			return nil
		}
		args = append(args[1:], "--help")
	}
	for n := min(3, len(args)); n >= 1; n-- {
		if c := lookupCommand(strings.Join(args[:n], " ")); c != nil {
			return c.run(ctx, args[n:], e)
		}
	}
	for n := min(2, len(args)); n >= 1; n-- {
		prefix := strings.Join(args[:n], " ")
		if !isGroup(prefix) {
			continue
		}
		rest := args[n:]
		switch {
		case len(rest) > 0 && isHelp(rest[0]):
			writeGroupHelp(e.stdout, prefix)
			return nil
		case len(rest) == 0:
			writeGroupHelp(e.stderr, prefix)
			return usagef("%s: no command given", prefix)
		}
		return usagef("%s has no command %q; run makectl %s --help", prefix, rest[0], prefix)
	}
	return usagef("unknown command %q; run makectl help", args[0])
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

// destructive reports whether the command destroys or gives something away:
// every DELETE, and the rows marked so (transfers, removals).
func (c *command) destructive() bool {
	return c.row.destructive || c.op != nil && c.op.Method == http.MethodDelete
}

// flagValue is a param as a flag.Value.
type flagValue struct{ p *param }

func (f flagValue) String() string { return "" }
func (f flagValue) Set(s string) error {
	f.p.values = append(f.p.values, s)
	return nil
}
func (f flagValue) IsBoolFlag() bool { return f.p.isBool() && !f.p.secret }

// listValue collects a repeatable, comma-separated flag.
type listValue struct{ v *[]string }

func (l listValue) String() string { return "" }
func (l listValue) Set(s string) error {
	for _, item := range strings.Split(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			*l.v = append(*l.v, item)
		}
	}
	return nil
}

// invocation is one run of a command: its parsed command line.
type invocation struct {
	*command
	e         *env
	output    string
	cols      []string
	zone      string
	tokenFile string
	body      string
	max       int // a paging list stops after max items; 0: every item
	debug     bool
	yes       bool
	help      bool
	stdinUsed bool
	params    map[*param][]string // this run's values per param
}

// run parses the command line and calls the method.
func (c *command) run(ctx context.Context, args []string, e *env) error {
	inv := &invocation{command: c, e: e, params: map[*param][]string{}}
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&inv.output, "o", "", "")
	fs.StringVar(&inv.output, "output", "", "")
	fs.Var(listValue{&inv.cols}, "cols", "")
	fs.StringVar(&inv.zone, "zone", "", "")
	fs.StringVar(&inv.tokenFile, "token-file", "", "")
	fs.BoolVar(&inv.debug, "debug", false, "")
	fs.IntVar(&inv.max, "max", 0, "")
	fs.BoolVar(&inv.yes, "yes", false, "")
	fs.BoolVar(&inv.help, "h", false, "")
	fs.BoolVar(&inv.help, "help", false, "")
	if c.hasBody {
		fs.StringVar(&inv.body, "body", "", "")
	}
	// Params are shared by every run of the command; each run collects its
	// values in copies.
	local := map[*param]*param{}
	for _, p := range c.flags {
		cp := *p
		cp.values = nil
		local[p] = &cp
		if p != c.colsFlag {
			fs.Var(flagValue{&cp}, p.name, "")
		}
	}
	var positional []string
	rest, tail := args, []string(nil)
	if i := slices.Index(args, "--"); i >= 0 {
		rest, tail = args[:i], args[i+1:]
	}
	for {
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				inv.help = true
				break
			}
			return usagef("%s: %v; run makectl %s --help", c.name, err, c.name)
		}
		if fs.NArg() == 0 {
			break
		}
		positional = append(positional, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	positional = append(positional, tail...)
	if inv.help {
		writeCommandHelp(e.stdout, c)
		return nil
	}
	if c.missing != "" {
		return fmt.Errorf("%s (%s) is not available in this build: %s", c.name, c.op.ID, c.missing)
	}
	switch {
	case inv.max < 0:
		return usagef("--max: want a positive number of items, got %d", inv.max)
	case inv.max > 0 && c.iterName == "":
		return usagef("--max applies to lists that page; %s is not one", c.name)
	}
	for p, cp := range local {
		inv.params[p] = cp.values
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
func (inv *invocation) readSource(name, what string) ([]byte, error) {
	if name == "-" {
		if inv.stdinUsed {
			return nil, usagef("%s: stdin is already read for another flag", what)
		}
		inv.stdinUsed = true
		b, err := io.ReadAll(inv.e.stdin)
		if err != nil {
			return nil, fmt.Errorf("%s: reading stdin: %w", what, err)
		}
		return b, nil
	}
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, usagef("%s: %v", what, err)
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
	b, err := inv.readSource(vals[len(vals)-1], "--"+p.name)
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
			b, err := inv.readSource(inv.body, "--body")
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
func (inv *invocation) confirm() error {
	if !inv.destructive() || inv.yes {
		return nil
	}
	what := fmt.Sprintf("%s (%s %s)", inv.name, inv.op.Method, inv.op.Path)
	if !inv.e.stdinTTY || inv.stdinUsed {
		return usagef("%s is destructive: give --yes to run it without a terminal (nothing was sent)", what)
	}
	fmt.Fprintf(inv.e.stderr, "makectl: %s is destructive. Go ahead? [y/N] ", what)
	line, _ := bufio.NewReader(inv.e.stdin).ReadString('\n')
	if a := strings.ToLower(strings.TrimSpace(line)); a != "y" && a != "yes" {
		return usagef("%s: not confirmed (nothing was sent)", what)
	}
	return nil
}

// client makes the SDK client: from the environment (makeapi.NewClientFromEnv),
// or with --zone and --token-file.
func (inv *invocation) client(logger *slog.Logger) (*makeapi.Client, error) {
	opts := []makeapi.Option{makeapi.WithUserAgent(makeapi.DefaultUserAgent + " makectl")}
	if logger != nil {
		opts = append(opts, makeapi.WithLogger(logger))
	}
	if inv.zone == "" && inv.tokenFile == "" {
		return makeapi.NewClientFromEnv(opts...)
	}
	token := os.Getenv("MAKE_API_TOKEN")
	if inv.tokenFile != "" {
		b, err := inv.readSource(inv.tokenFile, "--token-file")
		if err != nil {
			return nil, err
		}
		token = strings.TrimSpace(string(b))
	}
	zone := inv.zone
	if zone == "" {
		// As NewClientFromEnv: MAKE_BASE_URL, when set, replaces the zone.
		zone = os.Getenv("MAKE_ZONE")
		base := os.Getenv("MAKE_BASE_URL")
		if zone == "" && base == "" {
			return nil, usagef("no zone: give --zone or set MAKE_ZONE (or MAKE_BASE_URL)")
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
	client, err := inv.client(logger) // reads --token-file, which may be stdin, before confirm does
	if err != nil {
		return err
	}
	if err := inv.confirm(); err != nil {
		return err
	}
	svc := reflect.ValueOf(client).Elem().FieldByName(inv.service)
	out := newSink(format, inv.e.stdout, inv.cols)
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
