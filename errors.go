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

// Errors a *DecodeError wraps, for errors.Is.
var (
	// ErrMissingEnvelope: a 2xx response lacks the key its endpoint
	// documents (e.g. "user" of PATCH /users/{userId}), or holds null there.
	ErrMissingEnvelope = errors.New("make: the response lacks its documented envelope")
	// ErrNotOK: a response documented as {"ok": 1} said otherwise.
	ErrNotOK = errors.New(`make: the response's "ok" is not 1`)
	// ErrUnexpectedType: a field's JSON type fits none of the forms the SDK
	// knows (returned only with WithStrictDecoding; otherwise the field is
	// left at its zero value and a Warn line is logged).
	ErrUnexpectedType = errors.New("make: a response field has an unexpected JSON type")
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

	// RawDetail and RawSuberrors are Make's detail and suberrors as sent,
	// whatever their shape (nil when absent).
	RawDetail    json.RawMessage
	RawSuberrors json.RawMessage

	Method string      // the request's method
	URL    string      // the request's URL, secrets redacted
	Scope  string      // the API scope(s) the endpoint documents, when known
	Header http.Header // the response's headers
	Body   []byte      // the raw response body, at most 1 MiB
}

// Suberror is one nested error of an APIError. Make documents objects
// with code and message; a suberror of another shape (a string, say) keeps
// its text in Message.
type Suberror struct {
	Code    string `json:"code,omitempty"`
	Message string `json:"message"`
	// Raw is the whole suberror as Make sent it, for fields beyond code and
	// message.
	Raw json.RawMessage `json:"-"`
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
	return e.status() == http.StatusNotAcceptable || e.Code == "IM004"
}

// status is the HTTP status the error stands for: the response's, or for
// a Make error object in a 2xx response, the one its SCnnn code names.
func (e *APIError) status() int {
	if e.StatusCode >= 200 && e.StatusCode <= 299 && len(e.Code) == 5 && strings.HasPrefix(e.Code, "SC") {
		if n, err := strconv.Atoi(e.Code[2:]); err == nil && n >= 400 {
			return n
		}
	}
	return e.StatusCode
}

// Is maps the error to the sentinel of its status class (for a Make error
// object in a 2xx response, of the status its SCnnn code names).
func (e *APIError) Is(target error) bool {
	status := e.status()
	switch target {
	case ErrBadRequest:
		return status == http.StatusBadRequest
	case ErrUnauthorized:
		return status == http.StatusUnauthorized
	case ErrPaymentRequired:
		return status == http.StatusPaymentRequired
	case ErrForbidden:
		return status == http.StatusForbidden
	case ErrNotFound:
		return status == http.StatusNotFound
	case ErrConfirmationRequired:
		return e.isConfirmation()
	case ErrRateLimited:
		return status == http.StatusTooManyRequests
	case ErrServer:
		return status >= 500
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

// DecodeError is a successful (2xx) response the client could not decode
// or that lacks what its endpoint documents: not JSON, cut short, over the
// size cap, without its envelope (ErrMissingEnvelope), with "ok" other than
// 1 (ErrNotOK), or, with WithStrictDecoding, with a field of an unexpected
// JSON type (ErrUnexpectedType).
type DecodeError struct {
	StatusCode  int
	Method, URL string
	ContentType string
	// Path is the JSON path of the field of an unexpected type, or the
	// missing envelope key; empty when the body as a whole is at fault.
	Path string
	// Body is the response body, at most 64 KiB of it.
	Body []byte
	Err  error
}

// Error says which response could not be decoded, and why.
func (e *DecodeError) Error() string {
	return fmt.Sprintf("make: %s %s: cannot decode the %d response (%s): %v", e.Method, e.URL, e.StatusCode, e.ContentType, e.Err)
}

// Unwrap returns the decoding error, e.g. ErrResponseTooLarge or
// ErrMissingEnvelope.
func (e *DecodeError) Unwrap() error { return e.Err }

// Format prints the error as Error does, for every verb: %+v must not print
// Body, which may hold what a response carries (invitation hashes, say).
func (e *DecodeError) Format(f fmt.State, _ rune) { io.WriteString(f, e.Error()) }

// maxDecodeErrorBody caps DecodeError.Body.
const maxDecodeErrorBody = 64 << 10

// capBody returns at most maxDecodeErrorBody bytes of body, for an error.
func capBody(body []byte) []byte {
	return bytes.Clone(body[:min(len(body), maxDecodeErrorBody)])
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

// errorBody is Make's documented error schema, read leniently: whatever
// JSON type a member has, the others (Make's code above all) are kept.
type errorBody struct {
	Message   json.RawMessage `json:"message"`
	Code      json.RawMessage `json:"code"`
	Detail    json.RawMessage `json:"detail"`
	Suberrors json.RawMessage `json:"suberrors"`
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
	if eb, ok := parseErrorBody(trimmed); ok {
		e.fill(eb)
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

// parseErrorBody reads a JSON object as Make's error body.
func parseErrorBody(b []byte) (errorBody, bool) {
	var eb errorBody
	ok := len(b) > 0 && b[0] == '{' && json.Unmarshal(b, &eb) == nil
	return eb, ok
}

// fill sets Make's fields of the error from its body.
func (e *APIError) fill(eb errorBody) {
	e.Message, e.Code, e.Detail = shorten(jsonText(eb.Message), maxMessage), jsonText(eb.Code), jsonText(eb.Detail)
	if present(eb.Detail) {
		e.RawDetail = eb.Detail
	}
	if present(eb.Suberrors) {
		e.RawSuberrors = eb.Suberrors
		e.Suberrors = parseSuberrors(eb.Suberrors)
	}
}

// present reports whether a member was sent, and not as null.
func present(raw json.RawMessage) bool { return len(raw) > 0 && string(raw) != "null" }

// parseSuberrors reads suberrors in any shape: an array of objects (as
// documented), of strings or of anything else, or a single value; each
// element keeps its raw JSON.
func parseSuberrors(raw json.RawMessage) []Suberror {
	var items []json.RawMessage
	if json.Unmarshal(raw, &items) != nil {
		items = []json.RawMessage{raw}
	}
	out := make([]Suberror, 0, len(items))
	for _, item := range items {
		s := Suberror{Raw: item}
		var obj struct {
			Code    json.RawMessage `json:"code"`
			Message json.RawMessage `json:"message"`
		}
		if len(item) > 0 && item[0] == '{' && json.Unmarshal(item, &obj) == nil {
			s.Code, s.Message = jsonText(obj.Code), jsonText(obj.Message)
		} else {
			s.Message = jsonText(item)
		}
		out = append(out, s)
	}
	return out
}

// errorObject returns the *APIError of a successful response whose body is
// a Make error object ({"code": "SC403", "message": ...}), or nil.
func errorObject(status int, header http.Header, method, url, scope string, body []byte) *APIError {
	eb, ok := parseErrorBody(bytes.TrimSpace(body))
	if !ok || !present(eb.Code) && !present(eb.Message) {
		return nil
	}
	e := &APIError{StatusCode: status, Method: method, URL: url, Scope: scope, Header: header,
		Body: bytes.Clone(body[:min(len(body), maxErrorBody)])}
	e.fill(eb)
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
