package make

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"mime"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Sentinel errors. An *APIError matches the sentinel of its status with
// errors.Is, e.g. errors.Is(err, make.ErrNotFound); a *ValidationError
// matches ErrInvalidInput.
var (
	ErrBadRequest           = errors.New("make: bad request")                        // 400
	ErrUnauthorized         = errors.New("make: unauthorized")                       // 401
	ErrPaymentRequired      = errors.New("make: payment required")                   // 402: the plan does not allow it
	ErrForbidden            = errors.New("make: forbidden")                          // 403
	ErrNotFound             = errors.New("make: not found")                          // 404
	ErrConfirmationRequired = errors.New("make: confirmation required")              // 406, or code IM004
	ErrRateLimited          = errors.New("make: rate limited")                       // 429
	ErrServer               = errors.New("make: server error")                       // 5xx
	ErrInvalidInput         = errors.New("make: invalid input, nothing was sent")    // *ValidationError
	ErrResponseTooLarge     = errors.New("make: response body exceeds the size cap") // see maxResponseBytes
)

// maxErrorBody caps how much of an error response is read and kept.
const maxErrorBody = 1 << 20

// maxMessage caps APIError.Message in bytes (whatever the body: JSON, text
// or HTML); the whole body stays in APIError.Body.
const maxMessage = 200

// APIError is a non-2xx answer of the Make API. It keeps Make's own code,
// message, detail and suberrors, the request's method and URL (with secrets
// such as reset hashes redacted), the response headers and up to 1 MiB of the
// raw body.
type APIError struct {
	StatusCode int        // HTTP status, e.g. 403
	Code       string     // Make's error code, e.g. "SC403" or "IM004"
	Message    string     // Make's message, e.g. "Permission denied"
	Detail     string     // Make's detail, e.g. "Access denied."
	Suberrors  []Suberror // nested errors, e.g. per field

	Method string      // the request's method
	URL    string      // the request's URL, secrets redacted
	Scope  string      // the API scope(s) the endpoint documents, when known
	Header http.Header // the response's headers
	Body   []byte      // the raw response body, at most 1 MiB
}

// Suberror is one nested error of an APIError.
type Suberror struct {
	Code    string `json:"code,omitempty"`
	Message string `json:"message"`
	// Raw is the whole suberror object as Make sent it, for fields beyond
	// code and message.
	Raw json.RawMessage `json:"-"`
}

// UnmarshalJSON keeps the raw object besides code and message.
func (s *Suberror) UnmarshalJSON(b []byte) error {
	type plain Suberror
	var p plain
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	*s = Suberror(p)
	s.Raw = append(json.RawMessage(nil), b...)
	return nil
}

// Error gives the status, Make's code, message and detail, and for a 403 the
// scope the endpoint needs.
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("make: ")
	if e.Method != "" {
		b.WriteString(e.Method + " " + e.URL + ": ")
	}
	b.WriteString(strconv.Itoa(e.StatusCode))
	if t := http.StatusText(e.StatusCode); t != "" {
		b.WriteString(" " + t)
	}
	if e.Code != "" {
		b.WriteString(" [" + e.Code + "]")
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	if e.Detail != "" && e.Detail != e.Message {
		b.WriteString(": " + e.Detail)
	}
	for _, s := range e.Suberrors {
		b.WriteString("; " + s.Message)
	}
	switch {
	case e.StatusCode >= 300 && e.StatusCode < 400:
		b.WriteString(" (a redirect, not followed: the client follows only the redirects of a GET or HEAD, never of a write, and never from https to http)")
	case e.StatusCode == http.StatusForbidden && e.Scope != "":
		b.WriteString(" (this endpoint needs the API scope " + e.Scope + ")")
	case e.isConfirmation():
		b.WriteString(" (Make asks for confirmation: repeat the call with confirmed=true, e.g. Confirmed: true in the options)")
	}
	return b.String()
}

func (e *APIError) isConfirmation() bool {
	return e.StatusCode == http.StatusNotAcceptable || e.Code == "IM004"
}

// Is maps the error to the sentinel of its status class.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrBadRequest:
		return e.StatusCode == http.StatusBadRequest
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrPaymentRequired:
		return e.StatusCode == http.StatusPaymentRequired
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrConfirmationRequired:
		return e.isConfirmation()
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrServer:
		return e.StatusCode >= 500
	}
	return false
}

// RetryAfter returns the wait the response's Retry-After header asks for
// (in seconds or as an HTTP date), and whether there was one.
func (e *APIError) RetryAfter() (time.Duration, bool) {
	return parseRetryAfter(e.Header.Get("Retry-After"), time.Now())
}

// parseRetryAfter reads a Retry-After value, in seconds or as an HTTP date
// (RFC 1123, RFC 850 or asctime), as a wait from now. It is the one parser
// of the header: the retry waits and APIError.RetryAfter both use it. A
// wait too long for a time.Duration (about 292 years) is the longest one;
// a date in the past is no wait.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if s, err := strconv.ParseUint(v, 10, 64); err == nil || errors.Is(err, strconv.ErrRange) {
		if err != nil || s > uint64(math.MaxInt64/int64(time.Second)) {
			return math.MaxInt64, true
		}
		return time.Duration(s) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(t.Sub(now), 0), true
}

// ValidationError is a client-side refusal of bad input: nothing was sent.
// Field is the documented parameter's name, Reason the rule it breaks.
type ValidationError struct {
	Field  string
	Reason string
}

// Error names the field and the rule it breaks.
func (e *ValidationError) Error() string {
	return "make: invalid " + e.Field + ": " + e.Reason + " (nothing was sent)"
}

// Is makes errors.Is(err, ErrInvalidInput) true.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalidInput }

// invalid returns a *ValidationError for field and a formatted reason.
func invalid(field, format string, args ...any) error {
	return &ValidationError{Field: field, Reason: fmt.Sprintf(format, args...)}
}

// errorBody is Make's documented error schema.
type errorBody struct {
	Message   json.RawMessage `json:"message"`
	Code      json.RawMessage `json:"code"`
	Detail    json.RawMessage `json:"detail"`
	Suberrors []Suberror      `json:"suberrors"`
}

var htmlTitle = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`)
var htmlTag = regexp.MustCompile(`(?s)<[^>]*>`)

// decodeError is the one error decoder: it turns a non-2xx response into an
// *APIError, reading at most 1 MiB of the body. JSON bodies give Make's
// fields; plain-text and HTML bodies still give a short message.
func decodeError(resp *http.Response, method, url, scope string) *APIError {
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	e := &APIError{
		StatusCode: resp.StatusCode,
		Method:     method,
		URL:        url,
		Scope:      scope,
		Header:     resp.Header,
		Body:       body,
	}
	trimmed := bytes.TrimSpace(body)
	var eb errorBody
	if len(trimmed) > 0 && trimmed[0] == '{' && json.Unmarshal(trimmed, &eb) == nil {
		e.Message, e.Code, e.Detail = shorten(jsonText(eb.Message), maxMessage), jsonText(eb.Code), jsonText(eb.Detail)
		e.Suberrors = eb.Suberrors
		return e
	}
	text := string(trimmed)
	if mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); mt == "text/html" || looksHTML(trimmed) {
		if m := htmlTitle.FindStringSubmatch(text); m != nil {
			text = m[1]
		} else {
			text = htmlTag.ReplaceAllString(text, " ")
		}
	}
	e.Message = shorten(strings.Join(strings.Fields(text), " "), maxMessage)
	return e
}

func looksHTML(b []byte) bool {
	return len(b) > 0 && b[0] == '<'
}

// jsonText renders a JSON string as itself and any other JSON value as its
// text (Make's code is a string, but a number must not lose the error).
func jsonText(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(raw)
}

// shorten cuts s to at most n bytes on a rune boundary.
func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// checkID refuses an ID that cannot name an entity.
func checkID(field string, id int64) error {
	if id <= 0 {
		return invalid(field, "must be a positive ID, got %d", id)
	}
	return nil
}

// checkRequired refuses an empty required string.
func checkRequired(field, v string) error {
	if strings.TrimSpace(v) == "" {
		return invalid(field, "is required")
	}
	return nil
}

// checkBody refuses a nil required request body.
func checkBody[T any](body *T) error {
	if body == nil {
		return invalid("body", "is required")
	}
	return nil
}

// firstError returns the first non-nil error.
func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
