package make

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
)

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
