package make

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"log/slog"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"sync"
)

// Scrubbing: the SDK knows every secret of a call it makes (the token or
// OAuth access token it sent, every Secret of the query and the body), and
// removes each of them, in every form a server may echo it (as is, JSON-,
// URL- or HTML-escaped), from everything the call returns or logs: the
// *APIError's message, detail, code, suberrors, raw body and headers, the
// URL, and the text of a connection error.

// secretsKey carries NewRequest's Secrets to Do in the request's context.
type secretsKey struct{}

// minScrubbed is the length under which a secret is not scrubbed: removing
// every "1" or "ab" from an error would garble it, and no credential is so
// short.
const minScrubbed = 4

// redacted replaces a secret.
const redacted = "[REDACTED]"

// scrubber is the forms of a call's secrets, longest first.
type scrubber []string

func newScrubber(secrets []string) scrubber {
	var forms scrubber
	for _, s := range secrets {
		if len(s) < minScrubbed {
			continue
		}
		forms = append(forms, s, jsonEscaped(s, true), jsonEscaped(s, false),
			url.QueryEscape(s), url.PathEscape(s), html.EscapeString(s))
	}
	slices.SortFunc(forms, func(a, b string) int {
		if d := len(b) - len(a); d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	return slices.Compact(forms)
}

// jsonEscaped is s as it appears inside a JSON string, with or without
// the HTML escapes (\u003c for <) of encoding/json.
func jsonEscaped(s string, escapeHTML bool) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(escapeHTML)
	_ = enc.Encode(s)
	out := bytes.TrimSpace(b.Bytes())
	return string(out[1 : len(out)-1])
}

// string returns s with every secret replaced.
func (sc scrubber) string(s string) string {
	for _, f := range sc {
		if strings.Contains(s, f) {
			s = strings.ReplaceAll(s, f, redacted)
		}
	}
	return sc.trimPartial(s)
}

// trimPartial cuts the start of a secret off the end of a shortened text
// (APIError.Message is cut at 200 bytes and ends with "…").
func (sc scrubber) trimPartial(s string) string {
	body, cut := strings.CutSuffix(s, "…")
	if !cut {
		return s
	}
	for _, f := range sc {
		for n := min(len(f)-1, len(body)); n >= minScrubbed; n-- {
			if strings.HasSuffix(body, f[:n]) {
				return body[:len(body)-n] + redacted + "…"
			}
		}
	}
	return s
}

// bytes returns b with every secret replaced (b itself when it holds none).
func (sc scrubber) bytes(b []byte) []byte {
	for _, f := range sc {
		if bytes.Contains(b, []byte(f)) {
			b = bytes.ReplaceAll(b, []byte(f), []byte(redacted))
		}
	}
	return b
}

// apiError removes the secrets from every part of e.
func (sc scrubber) apiError(e *APIError) {
	if len(sc) == 0 {
		return
	}
	e.Code, e.Message, e.Detail, e.URL = sc.string(e.Code), sc.string(e.Message), sc.string(e.Detail), sc.string(e.URL)
	e.Body, e.RawDetail, e.RawSuberrors = sc.bytes(e.Body), sc.bytes(e.RawDetail), sc.bytes(e.RawSuberrors)
	for i := range e.Suberrors {
		s := &e.Suberrors[i]
		s.Code, s.Message, s.Raw = sc.string(s.Code), sc.string(s.Message), sc.bytes(s.Raw)
	}
	if e.Header != nil {
		h := make(http.Header, len(e.Header))
		for k, vs := range e.Header {
			out := make([]string, len(vs))
			for i, v := range vs {
				out[i] = sc.string(v)
			}
			h[sc.string(k)] = out
		}
		e.Header = h
	}
}

// error returns err, or when its text holds a secret, an error with the
// secrets removed from its text that still unwraps to err (errors.Is and
// errors.As see through it).
func (sc scrubber) error(err error) error {
	if err == nil || len(sc) == 0 {
		return err
	}
	if msg := err.Error(); sc.string(msg) != msg {
		return &scrubbedError{msg: sc.string(msg), err: err}
	}
	return err
}

type scrubbedError struct {
	msg string
	err error
}

func (e *scrubbedError) Error() string { return e.msg }
func (e *scrubbedError) Unwrap() error { return e.err }

// appendSecrets appends the values of the Secrets v holds (in fields,
// elements or behind pointers, at any depth) to out.
func appendSecrets(out []string, v any) []string {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() || !typeHoldsSecret(rv.Type()) {
		return out
	}
	return walkSecrets(out, rv, 0)
}

func walkSecrets(out []string, v reflect.Value, depth int) []string {
	if depth > 16 || !v.IsValid() {
		return out
	}
	if v.Type() == secretType {
		return append(out, v.String())
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			out = walkSecrets(out, v.Elem(), depth+1)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if typeHoldsSecret(v.Type().Field(i).Type) {
				out = walkSecrets(out, v.Field(i), depth+1)
			}
		}
	case reflect.Slice, reflect.Array:
		if typeHoldsSecret(v.Type().Elem()) {
			for i := 0; i < v.Len(); i++ {
				out = walkSecrets(out, v.Index(i), depth+1)
			}
		}
	case reflect.Map:
		if typeHoldsSecret(v.Type().Key()) || typeHoldsSecret(v.Type().Elem()) {
			for it := v.MapRange(); it.Next(); {
				out = walkSecrets(walkSecrets(out, it.Key(), depth+1), it.Value(), depth+1)
			}
		}
	}
	return out
}

var secretType = reflect.TypeOf(Secret(""))

var holdsSecretCache sync.Map // reflect.Type -> bool

// typeHoldsSecret reports whether a value of t can hold a Secret (an
// interface may hold anything).
func typeHoldsSecret(t reflect.Type) bool {
	if v, ok := holdsSecretCache.Load(t); ok {
		return v.(bool)
	}
	r := reachesSecret(t, true, map[reflect.Type]bool{})
	holdsSecretCache.Store(t, r)
	return r
}

// reachesSecret reports whether t is Secret or reaches it through a field,
// an element, a map key or a pointer, at any depth; an interface counts as
// reaching it when viaInterface is true.
func reachesSecret(t reflect.Type, viaInterface bool, seen map[reflect.Type]bool) bool {
	if t == secretType || (viaInterface && t.Kind() == reflect.Interface) {
		return true
	}
	if seen[t] {
		return false
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array:
		return reachesSecret(t.Elem(), viaInterface, seen)
	case reflect.Map:
		return reachesSecret(t.Key(), viaInterface, seen) || reachesSecret(t.Elem(), viaInterface, seen)
	case reflect.Struct:
		for i := 0; i < t.NumField(); i++ {
			if reachesSecret(t.Field(i).Type, viaInterface, seen) {
				return true
			}
		}
	}
	return false
}

// secretQueryKeys are query parameters whose values are never logged or put
// in errors.
var secretQueryKeys = []string{"hash", "token", "password", "tfaCode"}

// redactURL renders u with the values of secret query parameters replaced.
func redactURL(u *url.URL) string {
	if u.RawQuery == "" {
		return u.String()
	}
	q := u.Query()
	changed := false
	for _, k := range secretQueryKeys {
		if _, ok := q[k]; ok {
			q[k] = []string{"REDACTED"}
			changed = true
		}
	}
	if !changed {
		return u.String()
	}
	cp := *u
	cp.RawQuery = q.Encode()
	return cp.String()
}

// redactedLogValue is the slog.LogValuer of every type with a Secret field:
// slog's JSON handler would otherwise marshal the field's value, so such a
// type logs as fmt's %+v, where Secrets print as [REDACTED].
func redactedLogValue(v any) slog.Value { return slog.StringValue(fmt.Sprintf("%+v", v)) }
