package main

import (
	"context"
	"encoding"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	makeapi "github.com/make-sdk/make-go"
	"github.com/make-sdk/make-go/internal/catalog"
)

// command is one row of the table made callable: its words, its operation in
// the catalogue, and what reflection found on the SDK's method.
type command struct {
	row
	name string             // "users list"
	op   *catalog.Operation // a placeholder with only the ID if the catalogue lacks the operation
	// missing says why the command cannot run in this build (the SDK has
	// no such method, or its signature cannot be mapped); "" if it can.
	missing string

	method   reflect.Method // of the service's pointer type, receiver first
	iterName string         // the Iter twin's name, "" if none
	args     []*param       // positional: the path parameters
	flags    []*param       // query options, body fields and non-path scalar arguments
	opts     reflect.Type   // the trailing *struct argument's struct type, nil if none
	hasBody  bool           // opts is a request body (decoded from JSON)
	colsFlag *param         // the query's cols[] field, if any
}

// paramKind says where a param's value goes.
type paramKind int

const (
	kindArg   paramKind = iota // a scalar argument of the method (path or not)
	kindQuery                  // a field of the options struct, set by reflection
	kindBody                   // a property of the JSON body, decoded into the request struct
)

// param is a positional argument or a flag.
type param struct {
	name     string // the flag's name (without --) or the argument's name
	wire     string // the name in the catalogue or the url tag: userId, pg[limit], cols
	kind     paramKind
	argIndex int          // kindArg: the method's parameter index
	index    []int        // kindQuery: the field's index in opts
	typ      reflect.Type // kindArg and kindQuery: the Go type the value converts to
	cat      catalog.Param
	secret   bool // the value is read from a file or stdin, never given on the command line
	required bool
}

// isBool reports whether the flag may be given without a value.
func (p *param) isBool() bool {
	if p.kind == kindBody {
		return p.cat.Type == "boolean"
	}
	t := p.typ
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.Kind() == reflect.Bool
}

var (
	clientType = reflect.TypeOf((*makeapi.Client)(nil)).Elem()
	ctxType    = reflect.TypeOf((*context.Context)(nil)).Elem()
	errType    = reflect.TypeOf((*error)(nil)).Elem()
	secretType = reflect.TypeOf(makeapi.Secret(""))
	textType   = reflect.TypeOf((*encoding.TextUnmarshaler)(nil)).Elem()
)

// commands is the table made callable, built once at start.
var commands = buildCommands()

func buildCommands() []*command {
	out := make([]*command, 0, len(table))
	for _, r := range table {
		out = append(out, newCommand(r))
	}
	return out
}

// newCommand derives a command from its row, the catalogue and the SDK's
// method signature.
func newCommand(r row) *command {
	c := &command{row: r, name: strings.Join(r.words(), " ")}
	op, ok := catalog.Lookup(r.op)
	if !ok {
		c.op = &catalog.Operation{ID: r.op}
		c.missing = "the catalogue has no operation " + r.op
		return c
	}
	c.op = op
	field, ok := clientType.FieldByName(r.service)
	if !ok {
		c.missing = fmt.Sprintf("the SDK has no service Client.%s", r.service)
		return c
	}
	m, ok := field.Type.MethodByName(r.method)
	if !ok {
		c.missing = fmt.Sprintf("the SDK has no method %s.%s", r.service, r.method)
		return c
	}
	c.method = m
	if err := c.mapSignature(field.Type); err != nil {
		c.missing = fmt.Sprintf("%s.%s: %v", r.service, r.method, err)
	}
	return c
}

// mapSignature maps the method's parameters (ctx, path IDs, other scalars,
// an optional options or request struct) to arguments and flags.
func (c *command) mapSignature(svc reflect.Type) error {
	mt := c.method.Type
	if mt.NumIn() < 2 || mt.In(1) != ctxType {
		return fmt.Errorf("the first argument is not a context.Context")
	}
	if n := mt.NumOut(); n == 0 || n > 2 || mt.Out(n-1) != errType {
		return fmt.Errorf("the results are not (T, error) or (error)")
	}
	last := mt.NumIn()
	if t := mt.In(last - 1); last > 2 && t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct {
		c.opts = t.Elem()
		last--
	}
	pathParams := c.op.PathParams()
	var extra []catalog.Param // the non-path parameters and body properties scalar arguments may stand for
	extra = append(extra, c.op.QueryParams()...)
	extra = append(extra, c.op.Body...)
	scalars := last - 2
	if scalars < len(pathParams) {
		return fmt.Errorf("takes %d scalar arguments for %d path parameters", scalars, len(pathParams))
	}
	if c.opts != nil {
		// Beside an options struct, scalar arguments stand for the required
		// query parameters the struct leaves out, in catalogue order
		// (Teams.List's organizationId).
		var required []catalog.Param
		for _, p := range extra {
			if p.Required {
				required = append(required, p)
			}
		}
		extra = required
	}
	if n := scalars - len(pathParams); n > 0 && n != len(extra) {
		return fmt.Errorf("takes %d scalar arguments besides the path parameters; the operation has %d query parameters and body properties", n, len(extra))
	}
	for i := 2; i < last; i++ {
		t := mt.In(i)
		if !scalar(t) {
			return fmt.Errorf("argument %d has the type %s, which makectl cannot fill", i-1, t)
		}
		p := &param{kind: kindArg, argIndex: i, typ: t, required: true, secret: t == secretType}
		if j := i - 2; j < len(pathParams) {
			p.cat, p.wire, p.name = pathParams[j], pathParams[j].Name, kebab(pathParams[j].Name)
			c.args = append(c.args, p)
			continue
		}
		p.cat = extra[i-2-len(pathParams)]
		p.wire, p.name = p.cat.Name, kebab(p.cat.Name)
		p.secret = p.secret || p.cat.Secret
		c.flags = append(c.flags, p)
	}
	if c.opts != nil {
		// The SDK's naming (STYLE rule 5): XxxOptions hold query parameters
		// (url tags); anything else is a request body, decoded from JSON,
		// which may carry query fields too (url tags).
		var secretJSON map[string]bool
		c.hasBody = !strings.HasSuffix(c.opts.Name(), "Options")
		if c.hasBody {
			secretJSON = map[string]bool{}
		}
		if err := c.addQueryFlags(c.opts, nil, secretJSON); err != nil {
			return err
		}
		if c.hasBody {
			for _, bp := range c.op.Body {
				c.flags = append(c.flags, &param{kind: kindBody, name: kebab(bp.Name), wire: bp.Name, cat: bp,
					secret: bp.Secret || secretJSON[bp.Name]})
			}
		}
	}
	seen := map[string]bool{}
	for _, p := range c.flags {
		if p.secret {
			p.name += "-file"
		}
		// An API parameter named like one of makectl's own flags (the
		// organizations' zone filter and --zone) gets the prefix api-.
		if globalFlags[p.name] && p != c.colsFlag {
			p.name = "api-" + p.name
		}
		if seen[p.name] {
			return fmt.Errorf("two flags are named --%s", p.name)
		}
		seen[p.name] = true
	}
	if c.op.Method == http.MethodGet && c.opts != nil {
		if _, ok := svc.MethodByName(c.method.Name + "Iter"); ok {
			c.iterName = c.method.Name + "Iter"
		}
	}
	return nil
}

// addQueryFlags adds a flag for every url-tagged field of t (and, in an
// XxxOptions struct, every untagged one, named in lower camel case), and
// notes the JSON names of t's Secret fields in secretJSON.
func (c *command) addQueryFlags(t reflect.Type, index []int, secretJSON map[string]bool) error {
	isOptions := strings.HasSuffix(c.opts.Name(), "Options")
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		idx := append(append([]int(nil), index...), i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct && f.Tag.Get("url") == "" {
			if err := c.addQueryFlags(f.Type, idx, secretJSON); err != nil {
				return err
			}
			continue
		}
		if !f.IsExported() {
			continue
		}
		jsonName, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if secretJSON != nil && f.Type == secretType && jsonName != "" && jsonName != "-" {
			secretJSON[jsonName] = true
		}
		name, _, _ := strings.Cut(f.Tag.Get("url"), ",")
		switch {
		case name == "-":
			continue
		case name == "" && isOptions && jsonName == "":
			name = lowerCamel(f.Name)
		case name == "":
			continue
		}
		if !settable(f.Type) {
			return fmt.Errorf("the option %s has the type %s, which makectl cannot fill", f.Name, f.Type)
		}
		p := &param{kind: kindQuery, name: kebab(name), wire: name, index: idx, typ: f.Type, secret: f.Type == secretType}
		for _, qp := range c.op.QueryParams() {
			if strings.TrimSuffix(qp.Name, "[]") == name {
				p.cat = qp
			}
		}
		if name == "cols" {
			c.colsFlag = p
		}
		c.flags = append(c.flags, p)
	}
	return nil
}

// scalar reports whether a method argument of type t can come from one
// command-line word.
func scalar(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.String, reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return true
	}
	return reflect.PointerTo(t).Implements(textType)
}

// settable reports whether an options field of type t can be set from
// flag values: scalars, pointers to them, slices of them, or anything that
// decodes from JSON.
func settable(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Pointer:
		return settable(t.Elem())
	case reflect.Slice:
		return t.Elem().Kind() != reflect.Slice && settable(t.Elem())
	case reflect.Func, reflect.Chan, reflect.UnsafePointer, reflect.Interface:
		return false
	}
	return true
}

// usageError is bad usage or input found by makectl itself: exit code 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// setValue sets v (addressable) from the command line's words for one
// parameter: the last word for a scalar, every comma-separated item of
// every word for a slice.
func setValue(v reflect.Value, words []string, flag string) error {
	t := v.Type()
	if t.Kind() == reflect.Pointer {
		e := reflect.New(t.Elem())
		if err := setValue(e.Elem(), words, flag); err != nil {
			return err
		}
		v.Set(e)
		return nil
	}
	last := words[len(words)-1]
	if v.CanAddr() && v.Addr().Type().Implements(textType) {
		if err := v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(last)); err != nil {
			return usagef("%s: %v", flag, err)
		}
		return nil
	}
	bad := func(want string) error { return usagef("%s: want %s, got %q", flag, want, last) }
	switch t.Kind() {
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			break // []byte, json.RawMessage: JSON below
		}
		s := reflect.MakeSlice(t, 0, len(words))
		for _, w := range words {
			for _, item := range strings.Split(w, ",") {
				e := reflect.New(t.Elem()).Elem()
				if err := setValue(e, []string{strings.TrimSpace(item)}, flag); err != nil {
					return err
				}
				s = reflect.Append(s, e)
			}
		}
		v.Set(s)
		return nil
	case reflect.String:
		v.SetString(last)
		return nil
	case reflect.Bool:
		b, err := strconv.ParseBool(last)
		if err != nil {
			return bad("true or false")
		}
		v.SetBool(b)
		return nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, err := strconv.ParseInt(last, 10, t.Bits())
		if err != nil {
			return bad("an integer")
		}
		v.SetInt(n)
		return nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		n, err := strconv.ParseUint(last, 10, t.Bits())
		if err != nil {
			return bad("a non-negative integer")
		}
		v.SetUint(n)
		return nil
	case reflect.Float32, reflect.Float64:
		f, err := strconv.ParseFloat(last, t.Bits())
		if err != nil {
			return bad("a number")
		}
		v.SetFloat(f)
		return nil
	}
	if err := json.Unmarshal([]byte(last), v.Addr().Interface()); err != nil {
		return usagef("%s: want JSON for %s: %v", flag, t, err)
	}
	return nil
}

// bodyValue turns a body flag's words into the JSON value of its property,
// by the property's type in the catalogue.
func bodyValue(p *param, words []string, flag string) (json.RawMessage, error) {
	last := words[len(words)-1]
	switch p.cat.Type {
	case "array":
		if strings.HasPrefix(strings.TrimSpace(last), "[") {
			return rawJSON(last, flag)
		}
		items := []json.RawMessage{}
		for _, w := range words {
			for _, it := range strings.Split(w, ",") {
				raw, err := scalarJSON(p.cat.ItemType, strings.TrimSpace(it), flag)
				if err != nil {
					return nil, err
				}
				items = append(items, raw)
			}
		}
		return json.Marshal(items)
	case "object":
		return rawJSON(last, flag)
	}
	return scalarJSON(p.cat.Type, last, flag)
}

func scalarJSON(typ, s, flag string) (json.RawMessage, error) {
	switch typ {
	case "integer":
		if _, err := strconv.ParseInt(s, 10, 64); err != nil {
			return nil, usagef("%s: want an integer, got %q", flag, s)
		}
		return json.RawMessage(s), nil
	case "number":
		if _, err := strconv.ParseFloat(s, 64); err != nil || !json.Valid([]byte(s)) {
			return nil, usagef("%s: want a number, got %q", flag, s)
		}
		return json.RawMessage(s), nil
	case "boolean":
		b, err := strconv.ParseBool(s)
		if err != nil {
			return nil, usagef("%s: want true or false, got %q", flag, s)
		}
		return json.Marshal(b)
	case "string":
		return json.Marshal(s)
	}
	// No documented type (any JSON value): JSON if it parses, else a string.
	if json.Valid([]byte(s)) {
		return json.RawMessage(s), nil
	}
	return json.Marshal(s)
}

func rawJSON(s, flag string) (json.RawMessage, error) {
	if !json.Valid([]byte(s)) {
		return nil, usagef("%s: want JSON, got %q", flag, s)
	}
	return json.RawMessage(s), nil
}
