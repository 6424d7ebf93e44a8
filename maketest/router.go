package maketest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/make-sdk/make-go/internal/catalog"
)

// The router is built from the catalogue, internal/catalog's embedded
// openapi.json (a copy of the project's endpoint catalogue): every operation
// of it is routed, validated and answered, by its handler or, while it has
// none, by 501 Not Implemented.
//
// # Adding a handler
//
// A handler serves one operation, named by the catalogue's operationId. Put it
// in the file of its documentation section (users_roles.go for "Users >
// Roles", organizations_billing.go for "Organizations > Billing"...) and
// register it from that file's init function; no shared file changes:
//
//	func init() {
//		handle("usersGetRole", usersGetRole)               // no request body
//		handleJSON("usersCreateApiToken", usersCreateApiToken) // a JSON body
//	}
//
//	// usersGetRole: GET /users/roles/{roleId} (user:read).
//	func usersGetRole(c *call) (any, error) {
//		id, err := c.pathID("roleId")
//		if err != nil {
//			return nil, err
//		}
//		r := c.st.roles[id] // the one store, state.go: add what it lacks there
//		if r == nil {
//			return nil, errNotFound(fmt.Sprintf("Role with ID %d not found.", id))
//		}
//		return object{{"userRole", r.object()}}, nil
//	}
//
//	// usersCreateApiToken: POST /users/me/api-tokens (user:write).
//	func usersCreateApiToken(c *call, body *struct {
//		Label string   `json:"label"` // required by the catalogue: a value
//		Scope []string `json:"scope"`
//	}) (any, error) {
//		...
//	}
//
// Before a handler runs, the router has matched the operation, authenticated
// the token, checked the operation's x-scopes (403 naming the missing scope),
// kept the Admin operations to White Label administrators, and validated the
// request against the catalogue (400 IM005 naming the parameter or field:
// unknown query keys, required parameters and fields, types, enums). So a
// handler only checks what the catalogue cannot say: that entities exist
// (errNotFound), that the caller may see them (errForbidden), Make's business
// rules (errInvalid, errConfirmationRequired). It runs with the server's lock
// held, reads and changes the store through c.st, and returns the value to
// encode with status 200 (response{status, body} for another status) or an
// error. The helpers are in call.go (pathID, pathEntity, query values, cols[], the
// ordered JSON object), pagination.go (pg[...]) and errors.go (Make's error
// bodies). An operation without a handler answers 501 naming it.

// catalogueJSON is the endpoint catalogue the router is built from: the
// module's one embedded copy, internal/catalog's.
var catalogueJSON = catalog.JSON()

// operation is one operation of the catalogue.
type operation struct {
	id     string
	method string
	path   string          // relative to APIPrefix, e.g. "/users/{userId}"
	segs   []string        // path split at "/"
	scopes []string        // x-scopes: every one is required
	admin  bool            // tagged Admin: for White Label administrators only
	query  map[string]bool // the declared query parameters
	route  *routers.Route  // for openapi3filter
}

// catalogue holds every operation, by operationId.
var catalogue = loadCatalogue(catalogueJSON)

func loadCatalogue(data []byte) map[string]*operation {
	doc, err := openapi3.NewLoader().LoadFromData(data)
	if err != nil {
		panic("maketest: loading the catalogue: " + err.Error())
	}
	ops := map[string]*operation{}
	for path, item := range doc.Paths.Map() {
		for method, o := range item.Operations() {
			op := &operation{
				id: o.OperationID, method: method, path: path, query: map[string]bool{},
				segs:  strings.Split(strings.Trim(path, "/"), "/"),
				route: &routers.Route{Spec: doc, Path: path, PathItem: item, Method: method, Operation: o},
			}
			for _, tag := range o.Tags {
				op.admin = op.admin || tag == "Admin"
			}
			if raw, ok := o.Extensions["x-scopes"].([]any); ok {
				for _, sc := range raw {
					op.scopes = append(op.scopes, fmt.Sprint(sc))
				}
			}
			for _, p := range append(item.Parameters, o.Parameters...) {
				if p.Value != nil && p.Value.In == openapi3.ParameterInQuery {
					op.query[p.Value.Name] = true
				}
			}
			if op.id == "" || ops[op.id] != nil {
				panic(fmt.Sprintf("maketest: the catalogue's %s %s has a missing or repeated operationId %q", method, path, op.id))
			}
			ops[op.id] = op
		}
	}
	return ops
}

// handlerFunc serves one operation. It runs with the server's lock held. It
// returns the value to encode as JSON with status 200 (or a response for
// another status), or an error: an *apiError is answered as is, any other
// error as 500.
type handlerFunc func(c *call) (any, error)

// response lets a handler answer with a status other than 200.
type response struct {
	status int
	body   any
}

// handlers holds the handler of each operation that has one, by operationId.
var handlers = map[string]handlerFunc{}

// handle registers the handler of a catalogue operation. It is called from
// the init function of the handler's file, and panics if the operation is not
// in the catalogue or already has a handler.
func handle(operationID string, h handlerFunc) {
	if catalogue[operationID] == nil {
		panic("maketest: handle: no operation " + operationID + " in the catalogue")
	}
	if handlers[operationID] != nil {
		panic("maketest: handle: " + operationID + " registered twice")
	}
	handlers[operationID] = h
}

// handleJSON registers the handler of an operation with a JSON request body:
// the body, validated against the catalogue, is decoded into a new B (fields
// the catalogue requires may be plain values; optional ones are pointers or
// zero when absent).
func handleJSON[B any](operationID string, h func(c *call, body *B) (any, error)) {
	handle(operationID, func(c *call) (any, error) {
		body := new(B)
		if err := c.decode(body); err != nil {
			return nil, err
		}
		return h(c, body)
	})
}

// Operations returns the operationId of every operation of the catalogue,
// each with whether the fake implements it (false: it answers 501).
func Operations() map[string]bool {
	out := make(map[string]bool, len(catalogue))
	for id := range catalogue {
		out[id] = handlers[id] != nil
	}
	return out
}

// sortedOps holds the catalogue's operations by path, then method.
var sortedOps = sortedOperations()

func sortedOperations() []*operation {
	ops := make([]*operation, 0, len(catalogue))
	for _, op := range catalogue {
		ops = append(ops, op)
	}
	sort.Slice(ops, func(i, j int) bool {
		if ops[i].path != ops[j].path {
			return ops[i].path < ops[j].path
		}
		return ops[i].method < ops[j].method
	})
	return ops
}

// match finds the operation of a method and a path relative to APIPrefix
// and sets its path values on r. Of the templates matching the path, the one
// with the most literal segments wins, leftmost literal first (so
// /users/roles/{roleId} wins over /users/{userId}/user-team-roles for
// /users/roles/...). allow lists the methods of the path when none is method.
func match(r *http.Request, rel string) (op *operation, allow []string) {
	segs := strings.Split(strings.Trim(rel, "/"), "/")
	var best *operation
	bestScore := ""
	for _, cand := range sortedOps {
		score, ok := cand.matches(segs)
		if !ok {
			continue
		}
		if cand.method != r.Method {
			if !contains(allow, cand.method) {
				allow = append(allow, cand.method)
			}
			continue
		}
		if best == nil || score > bestScore {
			best, bestScore = cand, score
		}
	}
	if best == nil {
		sort.Strings(allow)
		return nil, allow
	}
	for i, seg := range best.segs {
		if isParam(seg) {
			v, err := url.PathUnescape(segs[i])
			if err != nil {
				v = segs[i]
			}
			r.SetPathValue(seg[1:len(seg)-1], v)
		}
	}
	return best, nil
}

// matches reports whether the path segments fit the operation's template,
// and a score that orders templates by their literal segments, left first.
func (op *operation) matches(segs []string) (string, bool) {
	if len(segs) != len(op.segs) {
		return "", false
	}
	score := make([]byte, len(segs))
	for i, seg := range op.segs {
		switch {
		case isParam(seg):
			if segs[i] == "" {
				return "", false
			}
			score[i] = '0'
		case seg == segs[i]:
			score[i] = '1'
		default:
			return "", false
		}
	}
	return string(score), true
}

func isParam(seg string) bool { return strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") }

// validate checks a request against its operation in the catalogue: no query
// key the operation does not declare, and the parameters and body openapi3filter
// checks (required, types, enums, formats). It answers Make's 400 IM005 naming
// the parameter or field.
func validate(op *operation, r *http.Request, body []byte) *apiError {
	var unknown []string
	for key := range r.URL.Query() {
		if !op.query[key] && !op.query[indexed.ReplaceAllString(key, "[]")] {
			unknown = append(unknown, key)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return errInvalid(unknown[0], "is not a parameter of %s %s.", op.method, op.path)
	}
	params := map[string]string{}
	for _, p := range op.route.Operation.Parameters {
		if p.Value != nil && p.Value.In == openapi3.ParameterInPath {
			params[p.Value.Name] = r.PathValue(p.Value.Name)
		}
	}
	req := r.Clone(r.Context())
	req.Body = io.NopCloser(bytes.NewReader(body))
	if len(body) == 0 {
		req.Body = http.NoBody
	} else if req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", "application/json") // what Make assumes
	}
	err := openapi3filter.ValidateRequest(context.Background(), &openapi3filter.RequestValidationInput{
		Request: req, PathParams: params, Route: op.route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, SkipSettingDefaults: true},
	})
	if err == nil {
		return nil
	}
	return validationError(err)
}

// indexed matches the index of a numbered list key, cols[2]: Make takes it
// for cols[].
var indexed = regexp.MustCompile(`\[[0-9]+\]$`)

var missingProperty = regexp.MustCompile(`property "([^"]+)" is missing`)

// validationError turns an openapi3filter error into Make's 400 body.
func validationError(err error) *apiError {
	var re *openapi3filter.RequestError
	if !errors.As(err, &re) {
		return errBadRequest(err.Error())
	}
	if re.Parameter != nil {
		name := re.Parameter.Name
		var se *openapi3.SchemaError
		switch {
		case errors.Is(re.Err, openapi3filter.ErrInvalidRequired):
			return errInvalid(name, "is required.")
		case errors.As(re.Err, &se):
			return errInvalid(name, "is invalid: %s.", se.Reason)
		case re.Err != nil:
			return errInvalid(name, "is invalid: %s.", unwrapReason(re.Err))
		}
		return errInvalid(name, "is invalid: %s.", re.Reason)
	}
	var se *openapi3.SchemaError
	if errors.As(re.Err, &se) {
		field := strings.Join(se.JSONPointer(), ".")
		if m := missingProperty.FindStringSubmatch(se.Reason); m != nil {
			if ptr := se.JSONPointer(); len(ptr) == 0 || ptr[len(ptr)-1] != m[1] {
				field = strings.TrimPrefix(field+"."+m[1], ".")
			}
			return errInvalid(field, "is required.")
		}
		if field == "" {
			return errBadRequest("The request body is invalid: " + se.Reason + ".")
		}
		return errInvalid(field, "is invalid: %s.", se.Reason)
	}
	if errors.Is(re.Err, openapi3filter.ErrInvalidRequired) {
		return errBadRequest("The request body is required (JSON object).")
	}
	return errBadRequest("The request body is invalid: " + unwrapReason(re))
}

// unwrapReason is the innermost message of err.
func unwrapReason(err error) string {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err.Error()
		}
		err = next
	}
}
