package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/google/jsonschema-go/jsonschema"
	"github.com/make-sdk/make-go/internal/catalog"
)

// The input schema of a tool is derived from the same command (makectl's
// table row, the SDK method's signature and the catalogue's operation) that
// makectl's flags are: a property per path parameter, scalar argument, query
// option and body property, typed by the Go type the SDK takes (or, for a
// body property, the catalogue's type), with the catalogue's rules (enum,
// pattern, format, length and range bounds, required) and no property
// besides. The arguments of a call are checked against it before anything is
// converted or sent.

// defaultPageSize is the page a list tool asks for when the call gives no
// limit: an agent's context holds one page, never a whole organization.
const defaultPageSize = 100

// propName is a parameter's name in a tool's input schema: its name on the
// wire, with the pagination brackets taken away (pg[offset] is offset,
// cols[] is cols), since hosts' tool schemas want plain names.
func propName(wire string) string {
	wire = strings.TrimSuffix(wire, "[]")
	if inner, ok := strings.CutPrefix(wire, "pg["); ok {
		return strings.TrimSuffix(inner, "]")
	}
	return wire
}

// rawSchema is the part of a catalogue schema an input schema uses.
type rawSchema struct {
	Ref       string     `json:"$ref"`
	Type      string     `json:"type"`
	Format    string     `json:"format"`
	Pattern   string     `json:"pattern"`
	MinLength *int       `json:"minLength"`
	MaxLength *int       `json:"maxLength"`
	Minimum   *float64   `json:"minimum"`
	Maximum   *float64   `json:"maximum"`
	Enum      []any      `json:"enum"`
	Items     *rawSchema `json:"items"`

	Properties map[string]*rawSchema `json:"properties"`
}

// rawRules returns, per operationId, the catalogue's schema of each
// parameter and body property, keyed "in:name" ("query:pg[offset]",
// "body:name"), with $refs resolved. internal/catalog keeps the types and
// enums; the bounds and patterns are read here.
var rawRules = sync.OnceValues(func() (map[string]map[string]*rawSchema, error) {
	var doc struct {
		Paths      map[string]map[string]json.RawMessage `json:"paths"`
		Components struct {
			Parameters map[string]json.RawMessage `json:"parameters"`
			Schemas    map[string]*rawSchema      `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(catalog.JSON(), &doc); err != nil {
		return nil, err
	}
	resolve := func(s *rawSchema) *rawSchema {
		for i := 0; s != nil && s.Ref != "" && i < 16; i++ {
			s = doc.Components.Schemas[strings.TrimPrefix(s.Ref, "#/components/schemas/")]
		}
		return s
	}
	type param struct {
		Ref    string     `json:"$ref"`
		Name   string     `json:"name"`
		In     string     `json:"in"`
		Schema *rawSchema `json:"schema"`
	}
	out := map[string]map[string]*rawSchema{}
	for _, item := range doc.Paths {
		var shared []param
		if raw, ok := item["parameters"]; ok {
			if err := json.Unmarshal(raw, &shared); err != nil {
				return nil, err
			}
		}
		for method, raw := range item {
			if method == "parameters" {
				continue
			}
			var op struct {
				ID          string  `json:"operationId"`
				Parameters  []param `json:"parameters"`
				RequestBody *struct {
					Content map[string]struct {
						Schema *rawSchema `json:"schema"`
					} `json:"content"`
				} `json:"requestBody"`
			}
			if err := json.Unmarshal(raw, &op); err != nil {
				return nil, err
			}
			rules := map[string]*rawSchema{}
			for _, p := range slices.Concat(shared, op.Parameters) {
				if p.Ref != "" {
					if err := json.Unmarshal(doc.Components.Parameters[strings.TrimPrefix(p.Ref, "#/components/parameters/")], &p); err != nil {
						return nil, err
					}
				}
				if s := resolve(p.Schema); s != nil {
					rules[p.In+":"+p.Name] = s
				}
			}
			if rb := op.RequestBody; rb != nil {
				if s := resolve(rb.Content["application/json"].Schema); s != nil {
					for name, ps := range s.Properties {
						if ps = resolve(ps); ps != nil {
							rules["body:"+name] = ps
						}
					}
				}
			}
			out[op.ID] = rules
		}
	}
	return out, nil
})

// jsonType is the JSON Schema type of what the SDK takes as a Go type t:
// "" when any JSON value may fit (a struct, a map, a TextUnmarshaler).
func jsonType(t reflect.Type) (typ string, items reflect.Type) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(textType) {
		return "string", nil
	}
	switch t.Kind() {
	case reflect.String:
		return "string", nil
	case reflect.Bool:
		return "boolean", nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "integer", nil
	case reflect.Float32, reflect.Float64:
		return "number", nil
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() != reflect.Uint8 {
			return "array", t.Elem()
		}
	}
	return "", nil
}

// propSchema is the schema of one parameter: the Go type's JSON type (the
// catalogue's, for a body property), and the catalogue's rules that apply
// to that type.
func propSchema(p *param, raw *rawSchema) *jsonschema.Schema {
	s := &jsonschema.Schema{Description: p.cat.Description}
	var itemGo reflect.Type
	if p.kind == kindBody {
		s.Type = p.cat.Type
	} else {
		s.Type, itemGo = jsonType(p.typ)
	}
	if raw == nil {
		raw = &rawSchema{}
	}
	apply := func(s *jsonschema.Schema, raw *rawSchema, enum []any) {
		if len(enum) > 0 {
			s.Enum = enum
		}
		switch s.Type {
		case "string":
			s.Pattern, s.MinLength, s.MaxLength = raw.Pattern, raw.MinLength, raw.MaxLength
			if raw.Format == "email" || raw.Format == "date-time" || raw.Format == "uri" {
				s.Format = raw.Format
			}
		case "integer", "number":
			s.Minimum, s.Maximum = raw.Minimum, raw.Maximum
		}
	}
	if s.Type == "array" {
		s.Items = &jsonschema.Schema{}
		if itemGo != nil {
			s.Items.Type, _ = jsonType(itemGo)
		} else {
			s.Items.Type = p.cat.ItemType
		}
		rawItems := raw.Items
		if rawItems == nil {
			rawItems = &rawSchema{}
		}
		apply(s.Items, rawItems, p.cat.Enum)
		return s
	}
	apply(s, raw, p.cat.Enum)
	return s
}

// inputSchema builds a command's input schema, and the property name of
// each of its params.
func (c *command) inputSchema() (*jsonschema.Schema, map[*param]string, error) {
	rules, err := rawRules()
	if err != nil {
		return nil, nil, err
	}
	opRules := rules[c.op.ID]
	s := &jsonschema.Schema{Type: "object", Properties: map[string]*jsonschema.Schema{},
		AdditionalProperties: &jsonschema.Schema{Not: &jsonschema.Schema{}}}
	names := map[*param]string{}
	for _, p := range slices.Concat(c.args, c.flags) {
		name := propName(p.wire)
		if _, dup := s.Properties[name]; dup {
			return nil, nil, fmt.Errorf("%s: two parameters are named %q", c.name, name)
		}
		in := "query"
		switch {
		case p.kind == kindBody:
			in = "body"
		case slices.Contains(c.args, p):
			in = "path"
		}
		ps := propSchema(p, opRules[in+":"+p.wire])
		if p.secret {
			ps.WriteOnly = true
			ps.Description = strings.TrimSpace(ps.Description + " A secret: never echoed, logged or put in an error.")
		}
		if p.wire == "pg[limit]" && c.iterName != "" {
			ps.Description = strings.TrimSpace(fmt.Sprintf("%s This tool returns one page: %d items unless limit says otherwise; the result's nextOffset asks for the next.", ps.Description, defaultPageSize))
		}
		s.Properties[name] = ps
		s.PropertyOrder = append(s.PropertyOrder, name)
		names[p] = name
		if p.kind == kindArg || p.cat.Required && (p.kind != kindBody || c.op.BodyNeeded) {
			s.Required = append(s.Required, name)
		}
	}
	return s, names, nil
}

// argError is a tool's argument that does not fit: the call is refused
// before anything is sent.
type argError struct{ field, rule string }

func (e *argError) Error() string {
	return fmt.Sprintf("invalid argument %s: %s (nothing was sent)", e.field, e.rule)
}

var (
	propertyError   = regexp.MustCompile(`validating /properties/([^/:]+)[^:]*: (.*)$`)
	additionalError = regexp.MustCompile(`unexpected additional properties \[(.*)\]`)
	requiredError   = regexp.MustCompile(`missing properties: \[(.*)\]`)
)

// schemaError turns an input schema's verdict into an argError naming the
// argument and the rule, with the value of a secret argument taken out.
func (t *mcpTool) schemaError(err error, args map[string]json.RawMessage) *argError {
	msg := err.Error()
	for p, name := range t.props {
		raw, ok := args[name]
		if !p.secret || !ok {
			continue
		}
		var str string
		if json.Unmarshal(raw, &str) == nil && str != "" {
			msg = strings.ReplaceAll(msg, strconv.Quote(str), redactedArg)
			msg = strings.ReplaceAll(msg, str, redactedArg)
		}
		msg = strings.ReplaceAll(msg, string(raw), redactedArg)
	}
	unquote := func(list string) string { return strings.Join(strings.Fields(strings.ReplaceAll(list, `"`, "")), ",") }
	if m := propertyError.FindStringSubmatch(msg); m != nil {
		return &argError{m[1], m[2]}
	}
	if m := additionalError.FindStringSubmatch(msg); m != nil {
		names := slices.Sorted(maps.Values(t.props))
		return &argError{unquote(m[1]), "unknown argument; " + t.tool.Name + " takes " + strings.Join(names, ", ")}
	}
	if m := requiredError.FindStringSubmatch(msg); m != nil {
		return &argError{unquote(m[1]), "required"}
	}
	return &argError{"arguments", strings.TrimPrefix(msg, "validating root: ")}
}

// redactedArg replaces a secret argument's value in an error.
const redactedArg = "[REDACTED]"

// arguments builds the SDK method's arguments (after the receiver) from a
// tool call's arguments, already checked against the input schema: path
// parameters and scalar arguments by JSON into their Go types, query
// options into the options struct's fields, body properties into the
// request struct (no unknown field), as makectl's flags are.
func (t *mcpTool) arguments(ctx reflect.Value, args map[string]json.RawMessage) ([]reflect.Value, error) {
	c := t.cmd
	mt := c.method.Type
	in := make([]reflect.Value, mt.NumIn()-1)
	in[0] = ctx
	for _, p := range slices.Concat(c.args, c.flags) {
		if p.kind != kindArg {
			continue
		}
		name := t.props[p]
		v := reflect.New(p.typ)
		if err := json.Unmarshal(args[name], v.Interface()); err != nil {
			return nil, &argError{name, fmt.Sprintf("want %s: %v", p.typ, err)}
		}
		in[p.argIndex-1] = v.Elem()
	}
	if c.opts == nil {
		return in, nil
	}
	ptr := reflect.New(c.opts)
	set := false
	if c.hasBody {
		body := map[string]json.RawMessage{}
		for _, p := range c.flags {
			if raw, ok := args[t.props[p]]; ok && p.kind == kindBody {
				body[p.wire] = raw
			}
		}
		if len(body) > 0 || c.op.BodyNeeded {
			b, _ := json.Marshal(body)
			dec := json.NewDecoder(bytes.NewReader(b))
			dec.DisallowUnknownFields()
			if err := dec.Decode(ptr.Interface()); err != nil {
				return nil, &argError{"body", fmt.Sprintf("does not fit %s: %v", c.opts.Name(), err)}
			}
			set = true
		}
	}
	for _, p := range c.flags {
		raw, ok := args[t.props[p]]
		if p.kind != kindQuery || !ok {
			continue
		}
		if err := json.Unmarshal(raw, ptr.Elem().FieldByIndex(p.index).Addr().Interface()); err != nil {
			return nil, &argError{t.props[p], fmt.Sprintf("want %s: %v", p.typ, err)}
		}
		set = true
	}
	if t.limit != nil && args[t.props[t.limit]] == nil {
		// One page of defaultPageSize items, unless the call says otherwise.
		ptr.Elem().FieldByIndex(t.limit.index).SetInt(defaultPageSize)
		set = true
	}
	if set {
		in[len(in)-1] = ptr
	} else {
		in[len(in)-1] = reflect.Zero(ptr.Type())
	}
	return in, nil
}

// idempotent reports whether repeating the call has no further effect: the
// methods the SDK's retry policy treats so (GET, HEAD, PUT, DELETE).
func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete:
		return true
	}
	return false
}
