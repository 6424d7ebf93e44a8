package make_test

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// catalogueOp is one operation of testdata/openapi.json.
type catalogueOp struct {
	ID, Method, Path, Tag string
	Scopes                []string
}

func (o catalogueOp) key() string { return o.Method + " " + o.Path }

// loadCatalogue reads the operations of testdata/openapi.json.
func loadCatalogue(t *testing.T) []catalogueOp {
	t.Helper()
	var spec struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	require.NoError(t, json.Unmarshal(fixture(t, "openapi.json"), &spec))
	var ops []catalogueOp
	for path, item := range spec.Paths {
		for method, raw := range item {
			var op struct {
				OperationID string   `json:"operationId"`
				Tags        []string `json:"tags"`
				Scopes      []string `json:"x-scopes"`
			}
			if json.Unmarshal(raw, &op) != nil || op.OperationID == "" {
				continue
			}
			ops = append(ops, catalogueOp{op.OperationID, strings.ToUpper(method), path, op.Tags[0], op.Scopes})
		}
	}
	sort.Slice(ops, func(i, j int) bool { return ops[i].key() < ops[j].key() })
	return ops
}

// documentedMethod is a service method whose doc comment names an endpoint.
type documentedMethod struct {
	Service, Name string
	Scopes        []string
	// CallScope is the scope argument of the method's client.call: a string
	// literal, or the name of a constant; empty without a call.
	CallScope string
}

// scopeNotDocumented is what a doc comment says for an operation whose
// scope Make's pages do not show (an empty x-scopes in the catalogue).
const scopeNotDocumented = "not documented"

var makeAPILine = regexp.MustCompile(`^Make API: (GET|POST|PUT|PATCH|DELETE) (/\S+) \(scopes? ([^)]+)\)$`)

// documentedMethods parses the package's non-test files for service methods
// whose doc comment has a "Make API: METHOD /path (scope ...)" line.
func documentedMethods(t *testing.T) map[string][]documentedMethod {
	t.Helper()
	fset := token.NewFileSet()
	pkgs := parseSources(t, fset, ".", parser.ParseComments)
	found := map[string][]documentedMethod{}
	for _, f := range pkgs["make"] {
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Recv == nil || fn.Doc == nil {
				continue
			}
			recv := fn.Recv.List[0].Type
			if star, ok := recv.(*ast.StarExpr); ok {
				recv = star.X
			}
			ident, _ := recv.(*ast.Ident)
			for _, line := range strings.Split(fn.Doc.Text(), "\n") {
				m := makeAPILine.FindStringSubmatch(strings.TrimSpace(line))
				if m == nil {
					if strings.HasPrefix(strings.TrimSpace(line), "Make API:") {
						t.Errorf("%s: malformed endpoint line %q; want \"Make API: METHOD /path (scope a, b)\"", fn.Name.Name, line)
					}
					continue
				}
				var scopes []string
				for _, s := range strings.Split(m[3], ",") {
					scopes = append(scopes, strings.TrimSpace(s))
				}
				svc := ""
				if ident != nil {
					svc = ident.Name
				}
				key := m[1] + " " + m[2]
				found[key] = append(found[key], documentedMethod{svc, fn.Name.Name, scopes, callScope(fn)})
			}
		}
	}
	return found
}

// callScope returns the scope argument of fn's first client.call, as
// written: a string literal's value or an identifier's name.
func callScope(fn *ast.FuncDecl) string {
	scope := ""
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		c, ok := n.(*ast.CallExpr)
		if !ok || scope != "" || len(c.Args) < 4 {
			return scope == ""
		}
		if sel, ok := c.Fun.(*ast.SelectorExpr); !ok || sel.Sel.Name != "call" {
			return true
		}
		switch a := c.Args[3].(type) {
		case *ast.BasicLit:
			scope, _ = strconv.Unquote(a.Value)
		case *ast.Ident:
			scope = a.Name
		}
		return false
	})
	return scope
}

// TestScopes_CallsSayTheDocumentedScope checks that every service method
// passes client.call its endpoint's scopes as one string literal, the one
// its "Make API:" line names (what an *APIError's hint shows on a 403);
// the undocumented mailhub scopes pass scopeMailhubUndocumented.
func TestScopes_CallsSayTheDocumentedScope(t *testing.T) {
	n := 0
	for endpoint, ms := range documentedMethods(t) {
		for _, m := range ms {
			if m.CallScope == "" {
				continue // delegates to another method
			}
			n++
			want := strings.Join(m.Scopes, ", ")
			if want == scopeNotDocumented {
				want = "scopeMailhubUndocumented"
			}
			assert.Equal(t, want, m.CallScope, "%s.%s (%s)", m.Service, m.Name, endpoint)
		}
	}
	assert.Greater(t, n, 80, "methods checked")
}

// TestCatalogueCoverage checks (strictly: it fails on a missing one) that
// every operation of testdata/openapi.json has a service method (plus, for lists, its Iter twin) whose doc
// comment names it, on the service of its tag, with its documented scopes;
// and that no doc comment names an endpoint the catalogue lacks.
func TestCatalogueCoverage(t *testing.T) {
	ops := loadCatalogue(t)
	found := documentedMethods(t)
	require.Len(t, ops, 100, "the catalogue has 100 operations")

	covered := map[string]int{}
	total := map[string]int{}
	var missing []string
	for _, op := range ops {
		total[op.Tag]++
		methods := found[op.key()]
		delete(found, op.key())
		var primary []documentedMethod
		for _, m := range methods {
			assert.Equal(t, op.Tag+"Service", m.Service, "%s %s is documented on the wrong service", op.ID, m.Name)
			want := op.Scopes
			if len(want) == 0 {
				want = []string{scopeNotDocumented} // the catalogue's empty list: Make's page does not show it
			}
			assert.Equal(t, want, m.Scopes, "%s: the doc comment of %s names other scopes than the catalogue", op.ID, m.Name)
			if !strings.HasSuffix(m.Name, "Iter") {
				primary = append(primary, m)
			}
		}
		// Several methods may name one endpoint when they are its variants
		// (Admin.SetUserTeamRole and RemoveUserFromTeam send the same POST
		// with a role or an empty body).
		if len(primary) == 0 {
			missing = append(missing, fmt.Sprintf("%s (%s)", op.ID, op.key()))
		} else {
			covered[op.Tag]++
		}
	}
	for key, methods := range found {
		t.Errorf("%v name %s, which is not in the catalogue", methods, key)
	}
	sum := 0
	for _, tag := range []string{"Users", "Organizations", "Teams", "Admin", "Enums"} {
		t.Logf("%s %d/%d", tag, covered[tag], total[tag])
		sum += covered[tag]
	}
	t.Logf("catalogue %d/%d", sum, len(ops))
	assert.Equal(t, len(ops), sum, "every operation is covered")
	if len(missing) > 0 {
		t.Errorf("operations without a method: %v", missing)
	}
}

// TestContractCheckRejects shows that the contract check used by setup can
// fail: requests the catalogue does not allow are caught.
func TestContractCheckRejects(t *testing.T) {
	router := contractRouter(t)
	req := func(method, target, body string) *http.Request {
		r, err := http.NewRequest(method, "http://127.0.0.1"+target, strings.NewReader(body))
		require.NoError(t, err)
		r.Header.Set("Authorization", "Token x")
		if body != "" {
			r.Header.Set("Content-Type", "application/json")
		}
		return r
	}
	ok := req(http.MethodPut, "/api/v2/users/1/attributes/password", `{"currentPassword":"a","newPassword1":"Abcdefgh1!","newPassword2":"Abcdefgh1!"}`)
	require.NoError(t, validateRequest(router, ok))

	bad := map[string]*http.Request{
		"unknown path":       req(http.MethodGet, "/api/v2/users/nowhere/else", ""),
		"wrong method":       req(http.MethodPost, "/api/v2/users/me", ""),
		"short new password": req(http.MethodPut, "/api/v2/users/1/attributes/password", `{"currentPassword":"a","newPassword1":"short","newPassword2":"short"}`),
		"missing field":      req(http.MethodPut, "/api/v2/users/1/attributes/email", `{"newEmailAddress":"b@example.com"}`),
		"bad enum":           req(http.MethodGet, "/api/v2/users?teamId=1&pg%5BsortDir%5D=up", ""),
		"missing required":   req(http.MethodGet, "/api/v2/users/by-permission?type=organization", ""),
		"not an integer":     req(http.MethodGet, "/api/v2/users?teamId=abc", ""),
	}
	noAuth := req(http.MethodGet, "/api/v2/users/me", "")
	noAuth.Header.Del("Authorization")
	bad["no authorization"] = noAuth
	for name, r := range bad {
		assert.Error(t, validateRequest(router, r), name)
	}
}

// TestDocComments checks that every exported name go doc shows has a doc
// comment: functions, methods of exported types, types, and constants and
// variables (a group's comment covers its names), in the SDK's public
// packages and internal/catalog.
func TestDocComments(t *testing.T) {
	for _, dir := range []string{".", "maketest", "internal/catalog", "redislimit"} {
		fset := token.NewFileSet()
		pkgs := parseSources(t, fset, dir, parser.ParseComments)
		for _, pkg := range pkgs {
			for _, f := range pkg {
				for _, name := range undocumented(f) {
					t.Errorf("%s: %s has no doc comment", fset.Position(f.Package).Filename, name)
				}
			}
		}
	}
}

// undocumented returns the exported names of f that go doc shows without a
// doc comment.
func undocumented(f *ast.File) []string {
	var out []string
	for _, decl := range f.Decls {
		switch d := decl.(type) {
		case *ast.FuncDecl:
			if !d.Name.IsExported() || d.Doc != nil {
				continue
			}
			if d.Recv == nil {
				out = append(out, d.Name.Name)
				continue
			}
			recv := d.Recv.List[0].Type
			if star, ok := recv.(*ast.StarExpr); ok {
				recv = star.X
			}
			switch idx := recv.(type) { // a generic type's method
			case *ast.IndexExpr:
				recv = idx.X
			case *ast.IndexListExpr:
				recv = idx.X
			}
			if id, ok := recv.(*ast.Ident); ok && id.IsExported() {
				out = append(out, id.Name+"."+d.Name.Name)
			}
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				switch sp := spec.(type) {
				case *ast.TypeSpec:
					if sp.Name.IsExported() && d.Doc == nil && sp.Doc == nil {
						out = append(out, sp.Name.Name)
					}
				case *ast.ValueSpec:
					for _, n := range sp.Names {
						if n.IsExported() && d.Doc == nil && sp.Doc == nil && sp.Comment == nil {
							out = append(out, n.Name)
						}
					}
				}
			}
		}
	}
	return out
}
