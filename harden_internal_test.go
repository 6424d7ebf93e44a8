package make

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
)

// Unit tests of the scrubber and the decode-cost walker, which need the
// package's internals (the rest of issue 10's tests are in harden_test.go).

// TestScrubber checks the forms a secret is scrubbed in, and a secret cut
// by a shortened message.
func TestScrubber(t *testing.T) {
	sc := newScrubber([]string{"p<w&d \"x\"/é", "abc", "tok-1234567890"})
	for _, s := range []string{`p<w&d "x"/é`, `p\u003cw\u0026d \"x\"/é`, `p<w&d \"x\"/é`, url.QueryEscape(`p<w&d "x"/é`),
		url.PathEscape(`p<w&d "x"/é`), html.EscapeString(`p<w&d "x"/é`)} {
		assert.Equal(t, "a [REDACTED] b", sc.string("a "+s+" b"), s)
	}
	assert.Equal(t, "abc", sc.string("abc"), "too short to scrub")
	assert.Equal(t, "Invalid token [REDACTED]…", sc.string("Invalid token tok-12345…"))
	e := &APIError{Message: "x tok-1234567890", Header: http.Header{"X": {"tok-1234567890"}}, Body: []byte("tok-1234567890"),
		Suberrors: []Suberror{{Message: "tok-1234567890", Raw: json.RawMessage(`{"v":"tok-1234567890"}`)}}}
	sc.apiError(e)
	assert.NotContains(t, fmt.Sprintf("%#v %+v", e, e), "tok-1234567890")
}

// TestDecode_CostWalker checks the walker against shapes and types.
func TestDecode_CostWalker(t *testing.T) {
	cost := func(body string, v any) int64 {
		w := costWalker{b: []byte(body), limit: 1 << 40}
		w.value(reflect.TypeOf(v))
		return w.cost
	}
	assert.Equal(t, int64(8), cost(`{"unknown":[{},{},{}]}`, &struct{ A int }{}), "unknown keys are skipped: only the struct counts")
	assert.Greater(t, cost(`[{},{},{}]`, &[]User{}), 3*int64(reflect.TypeOf(User{}).Size()))
	assert.Greater(t, cost(`{"a":{},"b":[1,2]}`, new(any)), int64(2*anyMapEntry))
	assert.Equal(t, cost(`{"users":[{}]}`, &struct{ Users []User }{}), cost(`{"USERS":[{}]}`, &struct{ Users []User }{}), "keys match case-insensitively")
}
