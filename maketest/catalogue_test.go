package maketest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/getkin/kin-openapi/openapi3filter"
)

// checkSchema fails the test when a response breaks the catalogue.
func checkSchema(t *testing.T, method, path string, r result) {
	t.Helper()
	if err := schemaError(method, path, r); err != nil {
		t.Errorf("%s %s: %v\nbody: %s", method, path, err, r.raw)
	}
}

// schemaError validates a response against the catalogue with kin-openapi:
// a success against the operation's documented response for its status, an
// error against the Error schema.
func schemaError(method, path string, r result) error {
	var op *operation
	for _, o := range catalogue {
		if o.method == method && o.path == path {
			op = o
		}
	}
	if op == nil {
		return fmt.Errorf("no operation %s %s in the catalogue", method, path)
	}
	if r.status >= 400 {
		var v any
		if err := json.Unmarshal(r.raw, &v); err != nil {
			return err
		}
		return op.route.Spec.Components.Schemas["Error"].Value.VisitJSON(v)
	}
	if op.route.Operation.Responses.Value(strconv.Itoa(r.status)) == nil {
		return fmt.Errorf("status %d is not documented", r.status)
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request: httptest.NewRequest(method, APIPrefix+path, nil), Route: op.route,
		},
		Status:  r.status,
		Header:  http.Header{"Content-Type": {"application/json"}},
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	in.SetBodyBytes(r.raw)
	return openapi3filter.ValidateResponse(context.Background(), in)
}

func TestSchemaErrorCatchesMismatches(t *testing.T) {
	for name, r := range map[string]result{
		"wrong type":          {status: 200, raw: []byte(`{"authUser": {"id": "one", "name": "Jane"}}`)},
		"undocumented status": {status: 201, raw: []byte(`{"authUser": {"id": 1}}`)},
		"error without text":  {status: 403, raw: []byte(`{"message": 403}`)},
	} {
		if schemaError("GET", "/users/me", r) == nil {
			t.Errorf("%s: not caught", name)
		}
	}
	if err := schemaError("GET", "/users/me", result{status: 200, raw: []byte(`{"authUser": {"id": 1, "name": "Jane"}}`)}); err != nil {
		t.Errorf("a valid answer refused: %v", err)
	}
}
