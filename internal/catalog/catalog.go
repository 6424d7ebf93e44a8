// Package catalog is the Make API catalogue (testdata/openapi.json, embedded
// as openapi.json here) read into what a program needs to describe and call
// each operation: its HTTP method and path, scopes, summary and description,
// path and query parameters, and the properties of its JSON request body.
//
// openapi.json must stay byte-equal to the module's testdata/openapi.json
// (a test checks it); after changing that file run
//
//	go generate ./internal/catalog
//
//go:generate cp ../../testdata/openapi.json openapi.json
package catalog

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"
)

//go:embed openapi.json
var raw []byte

// JSON returns the embedded catalogue as it is.
func JSON() []byte { return raw }

// Operation is one operation of the catalogue.
type Operation struct {
	ID          string   // operationId, e.g. "usersList"
	Method      string   // HTTP method in upper case
	Path        string   // e.g. "/users/{userId}"
	Tag         string   // first tag: Users, Organizations, Teams, Admin or Enums
	Summary     string   // one line
	Description string   // may span lines
	Scopes      []string // x-scopes
	Params      []Param  // path parameters in the order of the path, then query parameters in catalogue order
	Body        []Param  // properties of the JSON request body, the required ones first, then by name
	BodyNeeded  bool     // requestBody.required
}

// Param is a path or query parameter, or a property of a request body.
type Param struct {
	Name        string // as on the wire: "userId", "pg[limit]", "cols[]"
	In          string // "path", "query" or "body"
	Type        string // JSON Schema type: integer, number, string, boolean, array, object, or "" (any)
	ItemType    string // for arrays, the items' type
	Required    bool
	Secret      bool // x-secret: never echo it
	Description string
	Enum        []any
}

// PathParams returns the operation's path parameters, in the order of the
// path.
func (o *Operation) PathParams() []Param { return o.filter("path") }

// QueryParams returns the operation's query parameters.
func (o *Operation) QueryParams() []Param { return o.filter("query") }

func (o *Operation) filter(in string) []Param {
	var out []Param
	for _, p := range o.Params {
		if p.In == in {
			out = append(out, p)
		}
	}
	return out
}

var (
	once   sync.Once
	ops    []*Operation
	byID   map[string]*Operation
	errCat error
)

// Operations returns every operation of the catalogue, sorted by ID.
func Operations() ([]*Operation, error) {
	once.Do(func() { ops, errCat = parse(raw) })
	return ops, errCat
}

// Lookup returns the operation with the given operationId.
func Lookup(id string) (*Operation, bool) {
	if _, err := Operations(); err != nil {
		return nil, false
	}
	op, ok := byID[id]
	return op, ok
}

type schema struct {
	Ref         string             `json:"$ref"`
	Type        string             `json:"type"`
	Items       *schema            `json:"items"`
	Properties  map[string]*schema `json:"properties"`
	Required    []string           `json:"required"`
	Description string             `json:"description"`
	Enum        []any              `json:"enum"`
	Secret      bool               `json:"x-secret"`
	Format      string             `json:"format"`
}

type parameter struct {
	Ref         string  `json:"$ref"`
	Name        string  `json:"name"`
	In          string  `json:"in"`
	Required    bool    `json:"required"`
	Description string  `json:"description"`
	Schema      *schema `json:"schema"`
}

type document struct {
	Paths      map[string]map[string]json.RawMessage `json:"paths"`
	Components struct {
		Parameters map[string]*parameter `json:"parameters"`
		Schemas    map[string]*schema    `json:"schemas"`
	} `json:"components"`
}

type operation struct {
	OperationID string       `json:"operationId"`
	Tags        []string     `json:"tags"`
	Summary     string       `json:"summary"`
	Description string       `json:"description"`
	Scopes      []string     `json:"x-scopes"`
	Parameters  []*parameter `json:"parameters"`
	RequestBody *struct {
		Required bool `json:"required"`
		Content  map[string]struct {
			Schema *schema `json:"schema"`
		} `json:"content"`
	} `json:"requestBody"`
}

var methods = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

func parse(b []byte) ([]*Operation, error) {
	var doc document
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	resolveSchema := func(s *schema) (*schema, error) {
		for i := 0; s != nil && s.Ref != ""; i++ {
			name := strings.TrimPrefix(s.Ref, "#/components/schemas/")
			next, ok := doc.Components.Schemas[name]
			if !ok || i > 16 {
				return nil, fmt.Errorf("catalog: unresolved schema %s", s.Ref)
			}
			// A $ref's own description (allowed beside it in the catalogue) wins.
			if s.Description != "" && next.Description == "" {
				cp := *next
				cp.Description = s.Description
				next = &cp
			}
			s = next
		}
		return s, nil
	}
	param := func(in string, name string, required bool, desc string, s *schema) (Param, error) {
		s, err := resolveSchema(s)
		if err != nil {
			return Param{}, err
		}
		out := Param{Name: name, In: in, Required: required, Description: desc}
		if s != nil {
			out.Type, out.Enum = s.Type, s.Enum
			out.Secret = s.Secret || s.Format == "password"
			if out.Description == "" {
				out.Description = s.Description
			}
			if s.Items != nil {
				it, err := resolveSchema(s.Items)
				if err != nil {
					return Param{}, err
				}
				out.ItemType = it.Type
				if out.Enum == nil {
					out.Enum = it.Enum
				}
			}
		}
		return out, nil
	}
	var out []*Operation
	byID = map[string]*Operation{}
	for path, item := range doc.Paths {
		var shared []*parameter
		if rawShared, ok := item["parameters"]; ok {
			if err := json.Unmarshal(rawShared, &shared); err != nil {
				return nil, fmt.Errorf("catalog: %s parameters: %w", path, err)
			}
		}
		for _, m := range methods {
			rawOp, ok := item[strings.ToLower(m)]
			if !ok {
				continue
			}
			var o operation
			if err := json.Unmarshal(rawOp, &o); err != nil {
				return nil, fmt.Errorf("catalog: %s %s: %w", m, path, err)
			}
			if o.OperationID == "" || len(o.Tags) == 0 {
				return nil, fmt.Errorf("catalog: %s %s has no operationId or tag", m, path)
			}
			op := &Operation{ID: o.OperationID, Method: m, Path: path, Tag: o.Tags[0],
				Summary: o.Summary, Description: o.Description, Scopes: o.Scopes}
			var pathParams, queryParams []Param
			for _, p := range append(append([]*parameter(nil), shared...), o.Parameters...) {
				if p.Ref != "" {
					ref, ok := doc.Components.Parameters[strings.TrimPrefix(p.Ref, "#/components/parameters/")]
					if !ok {
						return nil, fmt.Errorf("catalog: %s: unresolved parameter %s", op.ID, p.Ref)
					}
					p = ref
				}
				pp, err := param(p.In, p.Name, p.Required || p.In == "path", p.Description, p.Schema)
				if err != nil {
					return nil, fmt.Errorf("%w (in %s)", err, op.ID)
				}
				switch p.In {
				case "path":
					pathParams = append(pathParams, pp)
				case "query":
					queryParams = append(queryParams, pp)
				}
			}
			// Path parameters in the order the path names them.
			sort.SliceStable(pathParams, func(i, j int) bool {
				return strings.Index(path, "{"+pathParams[i].Name+"}") < strings.Index(path, "{"+pathParams[j].Name+"}")
			})
			op.Params = append(pathParams, queryParams...)
			if rb := o.RequestBody; rb != nil {
				op.BodyNeeded = rb.Required
				if c, ok := rb.Content["application/json"]; ok && c.Schema != nil {
					s, err := resolveSchema(c.Schema)
					if err != nil {
						return nil, fmt.Errorf("%w (in %s)", err, op.ID)
					}
					names := make([]string, 0, len(s.Properties))
					for name := range s.Properties {
						names = append(names, name)
					}
					// Catalogue order is lost in a Go map; required first, then by name.
					sort.Slice(names, func(i, j int) bool {
						ri, rj := slices.Contains(s.Required, names[i]), slices.Contains(s.Required, names[j])
						if ri != rj {
							return ri
						}
						return names[i] < names[j]
					})
					for _, name := range names {
						bp, err := param("body", name, slices.Contains(s.Required, name), "", s.Properties[name])
						if err != nil {
							return nil, fmt.Errorf("%w (in %s)", err, op.ID)
						}
						op.Body = append(op.Body, bp)
					}
				}
			}
			if _, dup := byID[op.ID]; dup {
				return nil, fmt.Errorf("catalog: operationId %s appears twice", op.ID)
			}
			byID[op.ID] = op
			out = append(out, op)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}
