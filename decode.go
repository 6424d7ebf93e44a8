package make

import (
	"bytes"
	"context"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"reflect"
	"strconv"
	"sync"
)

// Decoding follows what Make really sends (STYLE rule 16):
//
//   - a field Make sends in more than one JSON form has a small shared type
//     that accepts each form and keeps it (Number, StringList);
//   - a field of an unexpected JSON type never fails a call: it is left at
//     its zero value, the rest is returned, and the client's logger gets a
//     Warn line with the field's JSON path, the JSON type seen and the Go
//     type (WithStrictDecoding makes it a *DecodeError instead);
//   - a 2xx response without its documented envelope key, with "ok" other
//     than 1, or holding a Make error object is an error, never nil, nil.
//
// A caller reads a field the SDK does not model yet from the response's
// raw body, captured without a second request by WithRawResponse.

// WithStrictDecoding makes a response field of an unexpected JSON type an
// error (a *DecodeError naming the field's JSON path, wrapping
// ErrUnexpectedType) instead of a Warn log line and a zero value. The SDK's
// own tests run strict; production code is better served by the default.
func WithStrictDecoding() Option {
	return func(c *Client) error {
		c.strict = true
		return nil
	}
}

// FieldMismatch is a response field whose JSON type fit none of the forms
// the SDK knows: it was left at its zero value.
type FieldMismatch struct {
	Path     string // JSON path, e.g. users[3].privateSpace.consumedCenticredits
	JSONType string // the JSON type seen: string, number, boolean, array, object
	GoType   string // the Go type it did not fit, e.g. int64
	Reason   string // the decoder's complaint
}

// String renders the mismatch as "path: JSON string into Go int64 (reason)".
func (m FieldMismatch) String() string {
	return m.Path + ": JSON " + m.JSONType + " into Go " + m.GoType + " (" + m.Reason + ")"
}

// RawResponse is what WithRawResponse captures of a call's successful
// response.
type RawResponse struct {
	StatusCode int
	Header     http.Header
	// Body is the whole JSON body as Make sent it.
	Body []byte
	// Mismatches are the fields left at their zero value because their JSON
	// type was unexpected (see WithStrictDecoding).
	Mismatches []FieldMismatch
}

// String describes the response without its body, which may hold what a
// response carries (invitation hashes, say).
func (r RawResponse) String() string {
	return fmt.Sprintf("make.RawResponse{StatusCode: %d, Body: %d bytes, Mismatches: %v}", r.StatusCode, len(r.Body), r.Mismatches)
}

// Format prints the response as String does, for every verb.
func (r RawResponse) Format(f fmt.State, _ rune) { fmt.Fprint(f, r.String()) }

// LogValue logs the response as String does.
func (r RawResponse) LogValue() slog.Value { return slog.StringValue(r.String()) }

type rawResponseKey struct{}

// WithRawResponse returns a context that makes the client store the raw body
// of each successful response of a call made with it in dst (for an
// iterator: of the last page). It is how a caller reads a field the SDK does
// not model yet, without a second request:
//
//	var raw make.RawResponse
//	me, err := client.Users.Me(make.WithRawResponse(ctx, &raw), nil)
//	var extra struct {
//		AuthUser struct {
//			NewField string `json:"newField"`
//		} `json:"authUser"`
//	}
//	err = json.Unmarshal(raw.Body, &extra)
//
// It costs no copy: the client keeps the body it read and decoded anyway
// (see BENCHMARKS.md). dst is written by the call; do not share it between
// concurrent calls.
func WithRawResponse(ctx context.Context, dst *RawResponse) context.Context {
	return context.WithValue(ctx, rawResponseKey{}, dst)
}

// ---------------------------------------------------------------------------
// Decoding a successful response

// decodeJSON decodes body into v. A field whose JSON type does not fit is
// left at its zero value and reported in the returned mismatches; the error
// is for a body that is not JSON at all.
//
// The common case is one json.Unmarshal. When it fails on a field
// (encoding/json stops at the first error of a custom decoder such as
// time.Time's, and reports only the first plain type mismatch), the body is
// walked against v's type to find every field that does not fit; those are
// set to null and the body is decoded again.
func decodeJSON(body []byte, v any) ([]FieldMismatch, error) {
	err := json.Unmarshal(body, v)
	if err == nil {
		return nil, nil
	}
	var syntax *json.SyntaxError
	rv := reflect.ValueOf(v)
	if errors.As(err, &syntax) || rv.Kind() != reflect.Pointer || rv.IsNil() {
		return nil, err
	}
	var tree any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if dec.Decode(&tree) != nil {
		return nil, err
	}
	var ms []FieldMismatch
	tree = prune(tree, rv.Type().Elem(), "", &ms)
	if len(ms) == 0 {
		return nil, err // not a field's fault
	}
	patched, perr := json.Marshal(tree)
	if perr != nil {
		return ms, err
	}
	rv.Elem().SetZero()
	if err := json.Unmarshal(patched, v); err != nil {
		return ms, err
	}
	return ms, nil
}

var (
	unmarshalerType     = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// fieldsDecoder is implemented by struct types whose UnmarshalJSON decodes
// the object into their fields (and keeps more): a mismatch inside is
// looked for field by field.
type fieldsDecoder interface{ decodesFields() }

var fieldsDecoderType = reflect.TypeFor[fieldsDecoder]()

// prune returns j with every value that does not fit its Go type (at t)
// replaced by nil, and records those in ms.
func prune(j any, t reflect.Type, path string, ms *[]FieldMismatch) any {
	if j == nil {
		return nil
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var reason error
	mismatch := func() any {
		p := path
		if p == "" {
			p = "(the whole body)"
		}
		m := FieldMismatch{Path: p, JSONType: treeType(j), GoType: t.String(), Reason: "not a " + t.Kind().String()}
		if reason != nil {
			m.Reason = reason.Error()
		}
		*ms = append(*ms, m)
		return nil
	}
	pt := reflect.PointerTo(t)
	if pt.Implements(unmarshalerType) || pt.Implements(textUnmarshalerType) {
		if reason = fits(j, t); reason == nil {
			return j
		}
		if obj, ok := j.(map[string]any); ok && pt.Implements(fieldsDecoderType) {
			if pruned := pruneStruct(obj, t, path, ms); fits(pruned, t) == nil {
				return pruned
			}
		}
		return mismatch()
	}
	switch t.Kind() {
	case reflect.Interface:
		return j
	case reflect.Struct:
		obj, ok := j.(map[string]any)
		if !ok {
			return mismatch()
		}
		return pruneStruct(obj, t, path, ms)
	case reflect.Slice, reflect.Array:
		arr, ok := j.([]any)
		if !ok || t.Elem().Kind() == reflect.Uint8 {
			if reason = fits(j, t); reason == nil {
				return j
			}
			return mismatch()
		}
		for i, e := range arr {
			arr[i] = prune(e, t.Elem(), path+"["+strconv.Itoa(i)+"]", ms)
		}
		return arr
	case reflect.Map:
		obj, ok := j.(map[string]any)
		if !ok {
			return mismatch()
		}
		for k, e := range obj {
			obj[k] = prune(e, t.Elem(), joinPath(path, k), ms)
		}
		return obj
	}
	if reason = fits(j, t); reason == nil {
		return j
	}
	return mismatch()
}

// pruneStruct prunes the members of obj that map to fields of the struct
// type t, matched to fields as encoding/json does (see fieldsOf).
func pruneStruct(obj map[string]any, t reflect.Type, path string, ms *[]FieldMismatch) map[string]any {
	fields := fieldsOf(t)
	for k, e := range obj {
		f, ok := fields.lookup(k)
		switch {
		case !ok:
		case f.quoted:
			if err := fitsQuoted(e, f.typ); err != nil {
				gt := f.typ
				for gt.Kind() == reflect.Pointer {
					gt = gt.Elem()
				}
				*ms = append(*ms, FieldMismatch{Path: joinPath(path, k), JSONType: treeType(e), GoType: gt.String(), Reason: err.Error()})
				obj[k] = nil
			}
		default:
			obj[k] = prune(e, f.typ, joinPath(path, k), ms)
		}
	}
	return obj
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// fits returns the error of decoding the JSON value j into a t, if any.
func fits(j any, t reflect.Type) error {
	b, err := json.Marshal(j)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, reflect.New(t).Interface())
}

// fitsQuoted returns the error of decoding the JSON value j into a field of
// type t with the ",string" option, if any.
func fitsQuoted(j any, t reflect.Type) error {
	b, err := json.Marshal(map[string]any{"v": j})
	if err != nil {
		return err
	}
	st := reflect.StructOf([]reflect.StructField{{Name: "V", Type: t, Tag: `json:"v,string"`}})
	return json.Unmarshal(b, reflect.New(st).Interface())
}

// treeType names the JSON type of a value decoded into any.
func treeType(j any) string {
	switch j.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case json.Number, float64:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	}
	return "object"
}

// ---------------------------------------------------------------------------
// Envelopes

// resultChecker is implemented by results that check their own content,
// e.g. okResponse ({"ok": 1}).
type resultChecker interface{ checkResult() error }

// okResponse is Make's {"ok": 1}; any other "ok" is an error.
type okResponse struct {
	OK json.RawMessage `json:"ok"`
}

func (r *okResponse) checkResult() error {
	if string(r.OK) == "1" {
		return nil
	}
	if len(r.OK) == 0 {
		return fmt.Errorf(`%w: the key "ok" is missing`, ErrMissingEnvelope)
	}
	return fmt.Errorf("%w: Make answered ok=%s", ErrNotOK, shorten(string(r.OK), 40))
}

// envelopeField is a top-level key a result must hold.
type envelopeField struct {
	key   string
	index []int
}

var envelopeCache sync.Map // reflect.Type -> []envelopeField

// envelopeOf returns the keys a result of type t (a pointer to a struct)
// must hold: its top-level fields named by a json tag (as fieldsOf finds
// them), except those tagged make:"optional", such as a list's "pg", which
// Make leaves out of some answers. Every service method's result declares
// its envelope that way. The json tag's options play no part: omitempty
// says how a value is encoded, not whether Make sends the key.
func envelopeOf(t reflect.Type) []envelopeField {
	if e, ok := envelopeCache.Load(t); ok {
		return e.([]envelopeField)
	}
	var out []envelopeField
	if t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct {
		for _, f := range fieldsOf(t.Elem()).list {
			if f.tagged && !hasOption(f.tag.Get("make"), "optional") {
				out = append(out, envelopeField{f.name, f.index})
			}
		}
	}
	envelopeCache.Store(t, out)
	return out
}

// checkEnvelope reports a required key of v's envelope that body lacks (or
// holds null in), and a result whose own check fails. A pointer, slice or
// map left nil tells a missing key at no cost; a zero value of another kind
// is looked up in the body. It returns the key at fault, if any.
func checkEnvelope(body []byte, v any) (string, error) {
	rv := reflect.ValueOf(v)
	var keys map[string]json.RawMessage
	for _, f := range envelopeOf(rv.Type()) {
		fv := rv.Elem().FieldByIndex(f.index)
		switch fv.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface:
			if !fv.IsNil() {
				continue
			}
		default:
			if !fv.IsZero() {
				continue
			}
			if keys == nil {
				json.Unmarshal(body, &keys)
			}
			if hasKey(keys, rv.Type().Elem(), f.key) {
				continue
			}
		}
		return f.key, fmt.Errorf("%w: the key %q is missing or null", ErrMissingEnvelope, f.key)
	}
	if rc, ok := v.(resultChecker); ok {
		return "", rc.checkResult()
	}
	return "", nil
}

// hasKey reports whether keys (a body's top-level members) hold a value
// other than null for the field named key of the struct type t, matched as
// encoding/json matches them (see fieldsOf).
func hasKey(keys map[string]json.RawMessage, t reflect.Type, key string) bool {
	if raw, ok := keys[key]; ok {
		return string(raw) != "null"
	}
	fields := fieldsOf(t)
	for k, raw := range keys {
		if f, ok := fields.lookup(k); ok && f.name == key && string(raw) != "null" {
			return true
		}
	}
	return false
}

// decodeResult decodes the body of a successful answer into a.out: fields
// of an unexpected type are logged and left zero (or, strict, an error);
// with a.envelope, the result's envelope is checked, and a body that is a
// Make error object is an *APIError. raw, if not nil, is the caller's
// WithRawResponse: it gets the answer and keeps body.
func (c *Client) decodeResult(a *attempt, resp *http.Response, body []byte, raw *RawResponse) error {
	ctx := a.req.Context()
	ms, err := decodeJSON(body, a.out)
	if err != nil {
		return a.decodeError(resp, err, body)
	}
	if raw != nil {
		*raw = RawResponse{StatusCode: resp.StatusCode, Header: resp.Header, Body: body, Mismatches: ms}
	}
	if len(ms) > 0 {
		if c.strict {
			e := a.decodeError(resp, fmt.Errorf("%w: %s (%d field(s) in all)", ErrUnexpectedType, ms[0], len(ms)), body)
			e.Path = ms[0].Path
			return e
		}
		if c.logger != nil {
			for _, m := range ms {
				c.logger.WarnContext(ctx, "make: response field of an unexpected JSON type left at its zero value",
					"method", a.method, "url", a.redactedURL(), "path", m.Path, "json", m.JSONType, "go", m.GoType)
			}
		}
	}
	if !a.envelope {
		return nil
	}
	key, err := checkEnvelope(body, a.out)
	if err == nil {
		return nil
	}
	if apiErr := errorObject(resp.StatusCode, resp.Header, a.method, a.redactedURL(), a.scope, body); apiErr != nil {
		a.scrub().apiError(apiErr)
		return apiErr
	}
	e := a.decodeError(resp, err, body)
	e.Path = key
	return e
}

// ---------------------------------------------------------------------------
// Open objects

// openObject keeps a JSON object as Make sent it when it has keys its Go
// type does not model, for Extra; it is nil when there are none (so results
// compare equal with reflect.DeepEqual). The keys are sorted out only when
// Extra or MarshalJSON asks.
type openObject struct{ b []byte }

// decodeOpen decodes the JSON object b into v (a pointer to a struct without
// methods, of type *t) and keeps b in o if it has keys t does not map: one
// decode, and one pass over b's bytes to look its top-level keys up.
func decodeOpen(b []byte, v any, t reflect.Type, o *openObject) error {
	err := json.Unmarshal(b, v)
	o.b = nil
	if len(b) > 0 && b[0] == '{' && hasUnknownKey(b, fieldsOf(t)) {
		o.b = bytes.Clone(b)
	}
	return err
}

// hasUnknownKey reports whether the JSON object b (valid JSON, as
// encoding/json hands it to UnmarshalJSON) has a top-level key that known
// does not hold, matched as encoding/json matches keys to fields (see
// fieldsOf). A key with an escape counts as unknown: Extra sorts it out
// exactly.
func hasUnknownKey(b []byte, known *jsonFields) bool {
	depth, inString, escaped, keyStart, wantKey := 0, false, false, -1, false
	for i, c := range b {
		if inString {
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
				keyStart = -1 // compared as unknown below
				if depth == 1 && wantKey {
					return true
				}
			case c == '"':
				inString = false
				if keyStart >= 0 && !known.has(b[keyStart:i]) {
					return true
				}
				keyStart = -1
			}
			continue
		}
		switch c {
		case '"':
			inString = true
			if depth == 1 && wantKey {
				keyStart = i + 1
			}
		case '{', '[':
			depth++
			wantKey = depth == 1
		case '}', ']':
			depth--
		case ',':
			wantKey = depth == 1
		case ':':
			if depth == 1 {
				wantKey = false
			}
		}
	}
	return false
}

// extra returns the members of the object that the struct type t does not
// map, or nil.
func (o openObject) extra(t reflect.Type) map[string]json.RawMessage {
	if o.b == nil {
		return nil
	}
	var all map[string]json.RawMessage
	if json.Unmarshal(o.b, &all) != nil {
		return nil
	}
	known := fieldsOf(t)
	for k := range all {
		if _, ok := known.lookup(k); ok {
			delete(all, k)
		}
	}
	if len(all) == 0 {
		return nil
	}
	return all
}

// marshal encodes v (a struct of type t) with the members of the object
// that t does not map.
func (o openObject) marshal(v any, t reflect.Type) ([]byte, error) {
	b, err := json.Marshal(v)
	extra := o.extra(t)
	if err != nil || len(extra) == 0 {
		return b, err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	for k, raw := range extra {
		m[k] = raw
	}
	return json.Marshal(m)
}
