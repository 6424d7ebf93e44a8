package make_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/token"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	. "github.com/make-sdk/make-go"

	"github.com/make-sdk/make-go/maketest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The sentinels: distinctive values that must never be printed or logged.
const (
	sentinelToken       = "tok-SENTINEL-5f0c9a7e"
	sentinelPassword    = "Pw-SENTINEL-Current1!"
	sentinelNewPassword = "Pw-SENTINEL-Next2!x"
	sentinelTFA         = "tfa-SENTINEL-8d2b"
	sentinelShort       = "Sh0rt!SNT" // a password too short for CreateUser
)

// transcript is everything a secrets test printed or logged.
type transcript struct {
	mu         sync.Mutex
	out        []string
	json, text bytes.Buffer
	logger     *slog.Logger
}

func newTranscript() *transcript {
	tr := &transcript{}
	tr.logger = slog.New(fanout{
		slog.NewJSONHandler(lockedWriter{&tr.mu, &tr.json}, &slog.HandlerOptions{Level: slog.LevelDebug}),
		slog.NewTextHandler(lockedWriter{&tr.mu, &tr.text}, &slog.HandlerOptions{Level: slog.LevelDebug}),
	})
	return tr
}

// record prints v with every fmt verb, logs it with both handlers, and
// panics with it and records what the recovered value prints, as the
// runtime would for an unrecovered panic.
func (tr *transcript) record(v any) {
	s := fmt.Sprintf("%v\n%+v\n%#v\n%s\n%q\n%x", v, v, v, v, v, v)
	// Lists are logged whole: a list of secret-holding values is a named
	// slice type with its own LogValue (slog resolves a LogValuer only at
	// the top of an attribute).
	tr.logger.Debug("recorded", "value", v)
	func() {
		defer func() {
			r := recover()
			tr.add(fmt.Sprint(r))
			switch r := r.(type) {
			case error:
				tr.add(r.Error())
			case fmt.Stringer:
				tr.add(r.String())
			}
		}()
		panic(v)
	}()
	tr.add(s)
}

func (tr *transcript) add(s string) {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	tr.out = append(tr.out, s)
}

// all returns the printed values and both logs.
func (tr *transcript) all() string {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	return strings.Join(tr.out, "\n") + "\n" + tr.json.String() + "\n" + tr.text.String()
}

// assertClean fails for every sentinel found in the transcript.
func (tr *transcript) assertClean(t *testing.T, sentinels []string) {
	t.Helper()
	all := tr.all()
	for _, s := range sentinels {
		if i := strings.Index(all, s); i >= 0 {
			lo, hi := max(0, i-300), min(len(all), i+len(s)+100)
			t.Errorf("the secret %q was printed or logged:\n...%s...", s, all[lo:hi])
		}
	}
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// fanout sends every record to each of its handlers.
type fanout []slog.Handler

func (f fanout) Enabled(ctx context.Context, l slog.Level) bool { return f[0].Enabled(ctx, l) }
func (f fanout) Handle(ctx context.Context, r slog.Record) error {
	for _, h := range f {
		if err := h.Handle(ctx, r.Clone()); err != nil {
			return err
		}
	}
	return nil
}
func (f fanout) WithAttrs(as []slog.Attr) slog.Handler {
	out := make(fanout, len(f))
	for i, h := range f {
		out[i] = h.WithAttrs(as)
	}
	return out
}
func (f fanout) WithGroup(name string) slog.Handler {
	out := make(fanout, len(f))
	for i, h := range f {
		out[i] = h.WithGroup(name)
	}
	return out
}

// safeCall runs m, recording a panic (which fails the test) instead of
// dying, and then the result and the error.
func safeCall(t *testing.T, tr *transcript, m sdkMethod, ctx context.Context, c *Client, s secretValues) (err error) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			tr.record(r)
			t.Errorf("%s panicked: %v", m, r)
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	res, err := m.call(ctx, c, s)
	tr.record(res)
	tr.record(err)
	return err
}

// TestSecrets_EveryMethodEveryPath runs every method of every service with the
// sentinel token, passwords, TFA code and hashes, through Debug logging (slog
// JSON and text handlers), retries, and every error path, records every
// result and error with every fmt verb, and checks that no sentinel was
// printed or logged.
func TestSecrets_EveryMethodEveryPath(t *testing.T) {
	tr := newTranscript()
	var sentinels []string
	calls := 0
	for _, m := range allMethods {
		t.Run(m.String(), func(t *testing.T) {
			srv, client := secretsFake(t, WithLogger(tr.logger))
			sentinels = append(sentinels, srv.sentinels()...)
			tr.record(client)
			call := func(ctx context.Context, c *Client) error {
				calls++
				return safeCall(t, tr, m, ctx, c, srv.secrets)
			}

			// API errors: Make's 400 (not retried), then a 503 every time.
			srv.InjectFault(maketest.Fault{Status: 400, Body: maketest.MakeErrorBody("Invalid input parameters", "IM005", "Parameter 'x' is bad")})
			assert.ErrorIs(t, call(ctx(t), client), ErrBadRequest)
			srv.InjectFault(maketest.Fault{Status: 503, Times: -1, Body: "<html><title>Down</title></html>", ContentType: "text/html"})
			assert.ErrorIs(t, call(ctx(t), client), ErrServer)
			srv.ClearFaults()
			// A decode error.
			srv.InjectFault(maketest.Fault{Status: 200, Body: `{"oops": [`})
			var de *DecodeError
			assert.ErrorAs(t, call(ctx(t), client), &de)
			// A cancelled context.
			cancelled, cancel := context.WithCancel(context.Background())
			cancel()
			assert.ErrorIs(t, call(cancelled, client), context.Canceled)
			// A 429 and a retry, then Make's answer.
			srv.InjectFault(maketest.Fault{Status: 429, Header: http.Header{"Retry-After": {"0"}},
				Body: maketest.MakeErrorBody(maketest.RateLimitMessage, maketest.CodeRateLimited, "")})
			assert.NoError(t, call(ctx(t), client))

			// Connection errors, retried: nothing listens.
			dead, err := NewClient("", sentinelToken, WithBaseURL("http://"+deadAddress(t)+"/api/v2"),
				WithRetry(RetryConfig{MaxRetries: 1, MaxWait: time.Millisecond}), WithLogger(tr.logger))
			require.NoError(t, err)
			var ue *url.Error
			assert.ErrorAs(t, call(ctx(t), dead), &ue)
		})
	}

	// Validation errors of values that hold secrets.
	client, err := NewClient("", sentinelToken, WithBaseURL("http://"+deadAddress(t)), WithLogger(tr.logger),
		WithRetry(RetryConfig{MaxRetries: 1, MaxWait: time.Millisecond}))
	require.NoError(t, err)
	c := ctx(t)
	for _, err := range []error{
		func() error {
			_, err := client.Users.UpdatePassword(c, 1, &UpdatePasswordRequest{CurrentPassword: sentinelPassword, NewPassword1: sentinelNewPassword, NewPassword2: sentinelShort})
			return err
		}(),
		func() error {
			_, err := client.Users.UpdatePassword(c, 1, &UpdatePasswordRequest{CurrentPassword: sentinelPassword, NewPassword1: sentinelShort, NewPassword2: sentinelShort})
			return err
		}(),
		client.Users.ResetLostPassword(c, &ResetLostPasswordRequest{NewPassword1: sentinelNewPassword, NewPassword2: sentinelPassword}),
		func() error {
			_, err := client.Users.UpdateEmail(c, 1, &UpdateEmailRequest{CurrentEmailAddress: "a@example.com", CurrentPassword: sentinelPassword})
			return err
		}(),
		func() error {
			_, err := client.Admin.CreateUser(c, &CreateUserRequest{Name: "x", Email: "x@example.com", Password: sentinelShort})
			return err
		}(),
		func() error {
			_, err := client.Users.DeleteCurrent(c, &DeleteCurrentUserRequest{CurrentPassword: sentinelPassword, TFACode: sentinelTFA})
			return err // not a validation error: nothing listens
		}(),
	} {
		require.Error(t, err)
		tr.record(err)
	}
	for _, req := range []any{
		&UpdatePasswordRequest{CurrentPassword: sentinelPassword, NewPassword1: sentinelNewPassword, NewPassword2: sentinelNewPassword},
		&DeleteCurrentUserRequest{CurrentPassword: sentinelPassword, TFACode: sentinelTFA},
		&CreateUserRequest{Password: sentinelShort},
		Secret(sentinelTFA),
	} {
		tr.record(req)
	}

	slices.Sort(sentinels)
	sentinels = slices.Compact(sentinels)
	tr.assertClean(t, sentinels)
	logs := tr.all()
	for _, want := range []string{`"msg":"make: request"`, `"msg":"make: retrying"`, `msg="make: request"`, `msg="make: retrying"`,
		"hash=REDACTED", "[REDACTED]", "connection refused"} {
		assert.Contains(t, logs, want, "the transcript covers this path")
	}
	t.Logf("secrets: %d methods, %d calls (success after a retried 429, API errors, decode errors, cancelled and refused connections, validation errors), %d bytes of output and logs checked for %d sentinels",
		len(allMethods), calls, len(logs), len(sentinels))
}

// ---------------------------------------------------------------------------
// Every exported type

const sdkPkgPath = "github.com/make-sdk/make-go"

// sdkTypeRoots are the starting points of the walk over the SDK's types:
// the services' methods reach the options, requests and results; the rest
// is reached from the client and the package's functions.
func sdkTypeRoots() []reflect.Type {
	roots := []reflect.Type{
		reflect.TypeOf(&Client{}), reflect.TypeOf(NewClient), reflect.TypeOf(NewClientFromEnv), reflect.TypeOf(ParseZone),
		reflect.TypeOf(Zones), reflect.TypeOf(NewRateLimiter), reflect.TypeOf(WithRetry), reflect.TypeOf(&APIError{}),
		reflect.TypeOf(&DecodeError{}), reflect.TypeOf(&ValidationError{}), reflect.TypeOf(NumberValue), reflect.TypeOf(SortAsc),
		reflect.TypeOf(WithRawResponse), reflect.TypeOf(NewOAuthConfig), reflect.TypeOf(RevokeOAuthToken),
	}
	for _, t := range serviceTypes {
		roots = append(roots, t)
	}
	return roots
}

// sdkTypes returns every named, exported type of the package reachable from
// sdkTypeRoots through fields, elements and method signatures.
func sdkTypes() map[string]reflect.Type {
	seen := map[reflect.Type]bool{}
	out := map[string]reflect.Type{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		if seen[t] {
			return
		}
		seen[t] = true
		if t.PkgPath() == sdkPkgPath && ast.IsExported(t.Name()) {
			out[t.Name()] = t
		}
		if t.Name() != "" && t.Kind() != reflect.Pointer {
			pt := reflect.PointerTo(t)
			for i := 0; i < pt.NumMethod(); i++ {
				walk(pt.Method(i).Type)
			}
		}
		switch t.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Chan:
			walk(t.Elem())
		case reflect.Map:
			walk(t.Key())
			walk(t.Elem())
		case reflect.Struct:
			for i := 0; i < t.NumField(); i++ {
				walk(t.Field(i).Type)
			}
		case reflect.Func:
			for i := 0; i < t.NumIn(); i++ {
				walk(t.In(i))
			}
			for i := 0; i < t.NumOut(); i++ {
				walk(t.Out(i))
			}
		}
	}
	for _, r := range sdkTypeRoots() {
		walk(r)
	}
	return out
}

// declaredTypes returns the exported type names declared in the package's
// non-test files.
func declaredTypes(t *testing.T) []string {
	fset := token.NewFileSet()
	pkgs := parseSources(t, fset, ".", 0)
	var names []string
	for _, f := range pkgs["make"] {
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, s := range gd.Specs {
				if ts := s.(*ast.TypeSpec); ts.Name.IsExported() {
					names = append(names, ts.Name.Name)
				}
			}
		}
	}
	sort.Strings(names)
	return names
}

// TestSecrets_TypeWalkCoversEveryDeclaredType keeps the walk complete: every
// exported type declared in the package is reached, so the tests below cover
// a new type without being told.
func TestSecrets_TypeWalkCoversEveryDeclaredType(t *testing.T) {
	walked := sdkTypes()
	for _, name := range declaredTypes(t) {
		assert.Contains(t, walked, name, "add a root to sdkTypeRoots that reaches %s", name)
	}
}

var logValuerType = reflect.TypeOf((*slog.LogValuer)(nil)).Elem()

// TestSecrets_TypesWithSecretsAreLogValuers: slog's JSON handler marshals a
// struct to JSON, where a Secret carries its value; every type holding a
// Secret must therefore implement slog.LogValuer (as a value and a pointer).
func TestSecrets_TypesWithSecretsAreLogValuers(t *testing.T) {
	n := 0
	for name, typ := range sdkTypes() {
		if typ == secretType || !HoldsSecret(typ) {
			continue
		}
		n++
		assert.True(t, typ.Implements(logValuerType), "%s holds a Secret but does not implement slog.LogValuer (see redactedLogValue)", name)
		assert.True(t, reflect.PointerTo(typ).Implements(logValuerType), "*%s", name)
	}
	assert.NotZero(t, n, "the SDK's types that hold secrets")
}

// secretishName matches the names of fields that hold credentials.
var secretishName = regexp.MustCompile(`(?i)password|passwd|hash|tfa.?code|token|secret|apikey`)

// TestSecrets_SecretFieldsAreSecrets: a string field named like a credential
// is a Secret, so that it never prints.
func TestSecrets_SecretFieldsAreSecrets(t *testing.T) {
	for name, typ := range sdkTypes() {
		if typ.Kind() != reflect.Struct {
			continue
		}
		for i := 0; i < typ.NumField(); i++ {
			f := typ.Field(i)
			if f.IsExported() && f.Type.Kind() == reflect.String && secretishName.MatchString(f.Name) {
				assert.Equal(t, secretType, f.Type, "%s.%s holds a credential: make it a Secret", name, f.Name)
			}
		}
	}
}

// fill sets every settable field of v to a non-zero value, Secrets to
// secret, recursing into structs, pointers, slices and maps.
func fill(v reflect.Value, secret string, depth int) {
	if !v.CanSet() || depth > 5 {
		return
	}
	switch {
	case v.Type() == secretType:
		v.SetString(secret)
		return
	case v.Type() == reflect.TypeOf(time.Time{}):
		v.Set(reflect.ValueOf(time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString("text")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(2)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(2)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(1.5)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			fill(v.Field(i), secret, depth+1)
		}
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		fill(p.Elem(), secret, depth+1)
		v.Set(p)
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			v.SetBytes([]byte(`{"k":"v"}`))
			return
		}
		s := reflect.MakeSlice(v.Type(), 1, 1)
		fill(s.Index(0), secret, depth+1)
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
		fill(k, secret, depth+1)
		fill(e, secret, depth+1)
		if e.Kind() == reflect.Interface {
			e.Set(reflect.ValueOf("v"))
		}
		m.SetMapIndex(k, e)
		v.Set(m)
	}
}

// TestSecrets_EveryExportedType prints a value of every exported type, its
// Secrets set to a sentinel, with every fmt verb, logs it with slog's JSON
// and text handlers, and checks the sentinel never shows.
func TestSecrets_EveryExportedType(t *testing.T) {
	tr := newTranscript()
	types := sdkTypes()
	withSecrets := 0
	for name, typ := range types {
		v := reflect.New(typ)
		fill(v.Elem(), sentinelPassword, 0)
		if HoldsSecret(typ) {
			withSecrets++
			if idx := secretFieldIndex(typ); idx != nil {
				// The fill reached the secret: the check below is not vacuous.
				assert.Equal(t, sentinelPassword, v.Elem().FieldByIndex(idx).Interface().(Secret).Reveal(), name)
			}
		}
		tr.record(v.Elem().Interface())
		tr.record(v.Interface())
		tr.logger.Info(name, "value", v.Elem().Interface(), "pointer", v.Interface(), slog.Group("group", "value", v.Elem().Interface()))
	}
	tr.assertClean(t, []string{sentinelPassword})
	assert.Contains(t, tr.all(), "[REDACTED]")
	assert.GreaterOrEqual(t, withSecrets, 6, "types holding a Secret")
	t.Logf("secrets: %d exported types printed and logged (%d hold a Secret)", len(types), withSecrets)
}

// secretFieldIndex returns the index of the first Secret field of the struct
// type t (nested struct fields included), or nil.
func secretFieldIndex(t reflect.Type) []int {
	if t.Kind() != reflect.Struct {
		return nil
	}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Type == secretType {
			return []int{i}
		}
		if f.Type.Kind() == reflect.Struct {
			if idx := secretFieldIndex(f.Type); idx != nil {
				return append([]int{i}, idx...)
			}
		}
	}
	return nil
}

// secretType is the type of a secret value.
var secretType = reflect.TypeFor[Secret]()

// Secret values of the echo test (besides the sentinels of secrets_test.go).
const (
	sentinelResetHash      = "reset-SENTINEL-hash-77aa"
	sentinelInvitationHash = "invite-SENTINEL-hash-88bb"
)

// echoPaths are the error answers of the echo test: status, the form of the
// body, and how many attempts the client makes (a 429 is retried).
var echoPaths = []struct {
	status int
	form   string // json, html, text
}{
	{400, "json"}, {401, "json"}, {403, "json"}, {404, "json"}, {429, "json"}, {500, "json"},
	{502, "html"}, {400, "text"}, {503, "text"},
}

// echoEverything lists every piece of the request a server could echo: the
// Authorization header, the raw and decoded query and path, the raw body and
// each of its JSON strings.
func echoEverything(r *http.Request) []string {
	out := []string{r.Header.Get("Authorization"), strings.TrimPrefix(r.Header.Get("Authorization"), "Token "),
		r.URL.RawQuery, r.URL.Path, r.URL.EscapedPath()}
	for _, vs := range r.URL.Query() {
		out = append(out, vs...)
	}
	body, _ := io.ReadAll(r.Body)
	out = append(out, string(body))
	var v any
	if json.Unmarshal(body, &v) == nil {
		var walk func(v any)
		walk = func(v any) {
			switch v := v.(type) {
			case string:
				out = append(out, v)
			case map[string]any:
				for _, e := range v {
					walk(e)
				}
			case []any:
				for _, e := range v {
					walk(e)
				}
			}
		}
		walk(v)
	}
	return out
}

// echoServer answers every request with the error path's status and every
// piece of the request in every part of the answer: message, detail, code,
// suberrors, headers, an HTML title or a plain-text body.
func echoServer(path *atomic.Int32) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p := echoPaths[path.Load()]
		echo := echoEverything(r)
		all := strings.Join(echo, " | ")
		for i, e := range echo {
			w.Header().Add("X-Echo", strings.NewReplacer("\r", " ", "\n", " ").Replace(e))
			w.Header().Set("X-Echo-"+strconv.Itoa(i), url.QueryEscape(e))
		}
		w.Header().Set("Retry-After", "0")
		switch p.form {
		case "json":
			var subs []map[string]any
			for _, e := range echo {
				subs = append(subs, map[string]any{"message": "bad " + e, "code": e, "field": e})
			}
			b, _ := json.Marshal(map[string]any{"message": "Invalid token " + all, "detail": all, "code": echo[1], "suberrors": subs})
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(p.status)
			w.Write(b)
		case "html":
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(p.status)
			fmt.Fprintf(w, "<html><head><title>%s</title></head><body>%s</body></html>", html.EscapeString(all), all)
		default:
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(p.status)
			io.WriteString(w, "Invalid token "+all)
		}
	}
}

// TestSecrets_EchoedSecretsAreScrubbed is finding 2: every SDK method, its
// secrets echoed by the server into every part of every error answer (and
// the retried 429), with Debug logging: no secret reaches Error(), a fmt
// verb, a field of the *APIError or a log line.
func TestSecrets_EchoedSecretsAreScrubbed(t *testing.T) {
	tr := newTranscript()
	sentinels := []string{sentinelToken, sentinelPassword, sentinelNewPassword, sentinelTFA, sentinelResetHash, sentinelInvitationHash}
	secrets := secretValues{Password: sentinelPassword, NewPassword: sentinelNewPassword, TFA: sentinelTFA,
		ResetHash: sentinelResetHash, InvitationHash: sentinelInvitationHash}
	var path atomic.Int32
	srv := httptest.NewServer(echoServer(&path))
	t.Cleanup(srv.Close)
	client, err := NewClient("", sentinelToken, WithBaseURL(srv.URL+"/api/v2"), WithLogger(tr.logger),
		WithRetry(RetryConfig{MaxRetries: 1, MaxWait: time.Millisecond}))
	require.NoError(t, err)
	calls, echoed := 0, 0
	for i, p := range echoPaths {
		path.Store(int32(i))
		for _, m := range allMethods {
			calls++
			_, err := m.call(ctx(t), client, secrets)
			var e *APIError
			if !assert.ErrorAs(t, err, &e, "%s, %d %s", m, p.status, p.form) {
				continue
			}
			assert.Equal(t, p.status, e.StatusCode)
			assert.Contains(t, string(e.Body)+e.Message, Redacted, "%s: the echo was there, and scrubbed", m)
			echoed++
			tr.record(err)
			tr.record(*e)
			tr.record(e.Header)
			tr.record(string(e.Body))
			tr.record(e.Suberrors)
			for _, s := range e.Suberrors {
				tr.record(string(s.Raw))
			}
			tr.logger.Info("api error", "err", err, "apiError", e)
		}
	}
	all := tr.all()
	leaks := 0
	for _, s := range sentinels {
		leaks += strings.Count(all, s)
	}
	tr.assertClean(t, sentinels)
	t.Logf("echoed secrets: %d methods × %d error paths = %d calls (%d echoed errors); %d bytes of errors, fields and logs; %d leaks",
		len(allMethods), len(echoPaths), calls, echoed, len(all), leaks)
}
